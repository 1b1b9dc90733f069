#!/usr/bin/env bash
# Regenerate the committed artifacts of the reference experiment (see README.md here).
#
#   testdata/orders/make.sh main     → layered/ flat/   (Go on PATH, 1.26), plus summary.md, meta.txt
#   testdata/orders/make.sh old      → go1.22/ go1.23/ go1.27/ (short runs, small trace and profiles)
#
# Each variant is one examples/orders/run.sh run; its exact command is in <variant>/meta.txt
# (or meta.txt for the main run). service.log and metrics-before.json are not kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/../../examples/orders/run.sh"
check="$here/../../examples/orders/harness/check-artifacts.sh"

keep() { # keep SRC DST SERVICE...
  local src="$1" dst="$2"
  shift 2
  for s in "$@"; do
    rm -rf "${dst:?}/$s"
    mkdir -p "$dst/$s"
    cp "$src/$s"/{load.json,cpu.pb.gz,allocs.pb.gz,trace.out,metrics.json} "$dst/$s/"
  done
  cp "$src/meta.txt" "$src/summary.md" "$dst/"
}

tmp="$(mktemp -d /tmp/orders-testdata.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
case "${1:-}" in
  main)
    "$run" --duration 30s --warmup 3s --rate 300 --profile-seconds 20 --trace-seconds 2 --run-dir "$tmp/main"
    bash "$check" "$tmp/main"
    keep "$tmp/main" "$here" layered flat
    ;;
  old)
    for v in 1.22 1.23 1.27; do
      case "$v" in
        1.27) gocmd="GOTOOLCHAIN=go1.27.3 go" ;;
        *) gocmd="/usr/lib/go-$v/bin/go" ;;
      esac
      "$run" --go "$gocmd" --no-agree --duration 8s --warmup 2s --rate 150 --profile-seconds 6 --trace-seconds 1 \
        --run-dir "$tmp/go$v"
      bash "$check" --go "$gocmd" "$tmp/go$v"
      mkdir -p "$here/go$v"
      keep "$tmp/go$v" "$here/go$v" layered flat
    done
    ;;
  *) echo "usage: make.sh main|old" >&2; exit 2 ;;
esac
