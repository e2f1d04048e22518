#!/usr/bin/env bash
# `npm start`: build and package awsfx, install a real VS Code (code-server) if missing, install the
# extension into it, generate the sample evidence, and serve the sample investigation on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PORT="${AWSFX_PORT:-8123}"
STATE="${AWSFX_STATE_DIR:-$HOME/.local/share/awsfx-dev}"

bash scripts/install-test-deps.sh
CODE_SERVER="$(bash scripts/install-code-server.sh)"
npm run --silent build
npm run --silent package
# code-server refuses to install into an extensions folder that does not exist yet.
mkdir -p "$STATE/extensions" "$STATE/user-data"
"$CODE_SERVER" --extensions-dir "$STATE/extensions" --install-extension out/awsfx.vsix --force >/dev/null
[ -d examples/evidence ] || node bin/awsfx.js generate --out examples/evidence --seed 7

NOTEBOOK="$ROOT/examples/investigation.awsfx"
PAYLOAD=$(node -e 'console.log(encodeURIComponent(JSON.stringify([["openFile", `vscode-remote://127.0.0.1:${process.argv[1]}${process.argv[2]}`], ["skipWelcome", "true"]])))' "$PORT" "$NOTEBOOK")
URL="http://127.0.0.1:$PORT/?folder=$ROOT/examples&payload=$PAYLOAD"
printf '\nawsfx is running. Open the sample investigation at:\n\n  %s\n\n(Ctrl-C stops the server.)\n\n' "$URL"
exec "$CODE_SERVER" --auth none --disable-telemetry --disable-update-check --disable-getting-started-override \
  --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" --bind-addr "127.0.0.1:$PORT" "$ROOT/examples"
