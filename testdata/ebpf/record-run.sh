#!/usr/bin/env bash
# Re-record testdata/ebpf/run.json (rendered by `strata demo`): start the test service built with
# Go 1.26, drive it with testdata/ebpf/load at a fixed rate, and record it live with every probe group.
# Needs root. Usage: testdata/ebpf/record-run.sh [STRATA_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
strata="${1:-$root/target/debug/strata}"
bins="$root/target/ebpf-bins"
bash "$here/build.sh" "$bins"
(cd "$here/load" && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "$bins/load" .)
"$bins/svc-go126" -addr 127.0.0.1:0 > "$bins/svc.out" &
svc=$!
trap 'kill $svc 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$bins/svc.out" && break; sleep 0.1; done
addr="$(awk '/listening/ {print $2}' "$bins/svc.out")"
u="http://$addr"
"$bins/load" -url "$u/fast,$u/slow?ms=2,$u/deep?n=3000,$u/err,$u/alloc" -rate 200 -duration 14s &
load=$!
"$strata" record --pid "$svc" --duration 10s --layers --park --stack-depth --count 'fmt.errorf' \
  --count 'context.(*valueCtx).Value' --out "$here/run.json"
wait $load
