#!/usr/bin/env bash
# Oracle for the fixture tests: writes <fixture>.gofmt with what `gofmt -e` (Go 1.27, the syntax
# strata_go follows) reports for each fixture: one "line:col: message" per error, empty when it parses.
# Re-run after adding or editing a fixture: bash crates/strata_go/tests/data/capture-gofmt.sh
set -euo pipefail
cd "$(dirname "$0")"
source ../../../../scripts/lib/go-toolchains.sh
gofmt="$(go127 env GOROOT)/bin/gofmt"
echo "# $(go127 version)" > GOFMT_VERSION
for f in *.go; do
  ("$gofmt" -e "$f" > /dev/null) 2>&1 | sed -E "s|^$f:||" > "${f%.go}.gofmt" || true
done
