#!/usr/bin/env bash
# go-arch-lint: the comparator for LAY001 (crates/strata_lint/tests/go_arch_lint.rs). Idempotent.
# v1.13.0 is what `go install github.com/fe3dback/go-arch-lint@latest` resolves to on the module proxy.
set -euo pipefail
bin="$(go env GOPATH)/bin/go-arch-lint"
if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q '1.13.0'; then
  exit 0
fi
GOTOOLCHAIN=local GOFLAGS= go install github.com/fe3dback/go-arch-lint@v1.13.0
"$bin" version
