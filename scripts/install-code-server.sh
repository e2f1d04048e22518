#!/usr/bin/env bash
# Installs code-server (VS Code's own server and web workbench) from the npm registry into a cache folder
# outside the project, so that `vsce package` never sees it. Pinned to 4.100.3 (VS Code 1.100.3), the newest
# release whose engines.node is 20. Recipe and pitfalls: docs/testing.md.
set -euo pipefail
VERSION="${AWSFX_CODE_SERVER_VERSION:-4.100.3}"
TOOLS="${AWSFX_TOOLS_DIR:-$HOME/.cache/awsfx/code-server-$VERSION}"
BIN="$TOOLS/node_modules/.bin/code-server"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive:
# seed that cache with Debian's rg (version and tag pinned by code-server 4.100.3).
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE" "$TOOLS"
[ -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] ||
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
[ -f "$TOOLS/package.json" ] || echo '{ "name": "awsfx-e2e-tools", "private": true }' > "$TOOLS/package.json"
# npm_config_yes: node-pty's postinstall runs npx, which this machine's npmrc (yes=false) would cancel.
(cd "$TOOLS" && npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" --unsafe-perm >&2)
echo "$BIN"
