#!/usr/bin/env bash
# `strata layers` on the installed Go's standard library vs `go list` computing the same facts
# (packages, their files and imports for linux/amd64), in one run: median wall and CPU time of N runs
# each, peak RSS, and the ratios. Caches are warm: each command runs once before timing.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q
exec python3 scripts/bench/compare.py --runs "${N:-7}" \
  --name "strata layers" -- ./target/release/strata layers --format json "$(go env GOROOT)/src" \
  --name "go list std" --cwd "$(go env GOROOT)/src" -- go list -f '{{.ImportPath}} {{.GoFiles}} {{.CgoFiles}} {{.Imports}}' std
