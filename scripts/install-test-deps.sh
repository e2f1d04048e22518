#!/usr/bin/env bash
# Debian packages the test suites need, installed only when missing:
#   chromium     the browser that drives VS Code (playwright-core never downloads its own)
#   libkrb5-dev  headers for code-server's native `kerberos` module
#   ripgrep      seeds @vscode/ripgrep's download cache (code-server would fetch rg from GitHub)
#   jq, unzip    a benchmark peer, and unpacking the .vsix for the in-host tests
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v rg >/dev/null || need+=(ripgrep)
command -v jq >/dev/null || need+=(jq)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
