#!/usr/bin/env bash
# Go toolchains for fixtures, oracles and older trace/binary formats:
#   - Go 1.26: on the machine (required; not installed here).
#   - Go 1.22 and 1.23: Debian bookworm-backports (golang-1.22-go, golang-1.23-go) → /usr/lib/go-1.2x/bin/go
#   - Go 1.27: `GOTOOLCHAIN=go1.27.3 go version` fetches it through the Go module proxy into the module cache.
# Idempotent; prints the versions it ends with. Scripts that need one use scripts/lib/go-toolchains.sh.
set -euo pipefail
command -v go >/dev/null || { echo "Go 1.26 is required on PATH (it ships with this machine image)"; exit 1; }

if [ ! -x /usr/lib/go-1.22/bin/go ] || [ ! -x /usr/lib/go-1.23/bin/go ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "need root to apt-get install golang-1.22-go golang-1.23-go"; exit 1
  fi
  if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/strata-backports.list
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports golang-1.22-go golang-1.23-go >/dev/null
fi
GOTOOLCHAIN=go1.27.3 go version >/dev/null
/usr/lib/go-1.22/bin/go version
/usr/lib/go-1.23/bin/go version
go version
GOTOOLCHAIN=go1.27.3 go version
