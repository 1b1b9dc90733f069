#!/usr/bin/env bash
# pprof (issue 4): (1) the committed goldens are what `go tool pprof` prints for the committed
# profiles today (re-captured and compared, ignoring only the GO_VERSION file). The fuzz target is
# built by 90-fuzz-build.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
if command -v go >/dev/null; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  TZ=UTC GOLDEN_DIR="$tmp" testdata/pprof/capture-goldens.sh >/dev/null
  diff -r -x GO_VERSION testdata/pprof/golden "$tmp"
  echo "pprof goldens match $(go version)"
else
  echo "go not on PATH: golden re-capture skipped (scripts/setup.d installs Go in CI)"
fi
