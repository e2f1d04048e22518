#!/usr/bin/env bash
# `npm test`: installs what the suites need, then runs every suite. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

step "test dependencies (Debian packages, code-server)"
bash scripts/install-test-deps.sh
CODE_SERVER_BIN="$(bash scripts/install-code-server.sh)"
export CODE_SERVER_BIN

step "typecheck";      npm run --silent typecheck
step "layer rule";     npm run --silent lint
step "build (bundles and in-host test bundles)"; npm run --silent build
step "package .vsix";  npm run --silent package
step "unit and integration tests (mocha)"; npm run --silent test:unit
step "end-to-end tests (real VS Code)";   npm run --silent test:e2e
step "all suites passed"
