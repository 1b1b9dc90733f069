#!/usr/bin/env bash
# Check a run directory of run.sh with the Go oracles:
#   every service dir has load.json (0 errors), cpu.pb.gz, allocs.pb.gz, trace.out, metrics.json;
#   `go tool pprof -top` accepts both profiles and lists functions;
#   `go tool trace -d=…` parses the trace and prints events.
# `go tool trace -d` takes an integer (1) up to Go 1.23 and a mode name (parsed) from Go 1.24 on;
# both are tried.
#
#   harness/check-artifacts.sh [--go CMD] DIR [SERVICE...]     (default services: layered flat)
set -euo pipefail
gocmd=go
if [ "${1:-}" = --go ]; then gocmd="$2"; shift 2; fi
dir="${1:?usage: check-artifacts.sh [--go CMD] DIR [SERVICE...]}"
shift
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(layered flat)
gotool() { env GOTOOLCHAIN=local $gocmd tool "$@"; }
fail() { echo "check-artifacts: $*" >&2; exit 1; }
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

for s in "${services[@]}"; do
  d="$dir/$s"
  for f in load.json cpu.pb.gz allocs.pb.gz trace.out metrics.json; do
    [ -s "$d/$f" ] || fail "$d/$f missing or empty"
  done
  grep -q '"schema": "orders.loadgen/v1"' "$d/load.json" || fail "$d/load.json is not a loadgen report"
  grep -A3 '"latency"' "$d/load.json" | grep -q '"errors": 0,' || fail "$d/load.json reports failed requests"
  for m in /sched/latencies:seconds /gc/cycles/total:gc-cycles; do
    grep -q "\"$m\"" "$d/metrics.json" || fail "$d/metrics.json lacks $m"
  done
  for p in cpu allocs; do
    gotool pprof -top "$d/$p.pb.gz" >"$tmp" 2>&1 || { cat "$tmp" >&2; fail "go tool pprof -top $d/$p.pb.gz failed"; }
    n="$(grep -cE '^ +[0-9.]+[a-zA-Z]*B? +[0-9.]+% ' "$tmp" || true)"
    [ "$n" -gt 0 ] || { cat "$tmp" >&2; fail "go tool pprof -top $d/$p.pb.gz listed no functions"; }
    echo "ok   $d/$p.pb.gz: pprof -top lists $n functions"
  done
  mode=parsed
  if ! gotool trace -d=parsed "$d/trace.out" >"$tmp" 2>&1; then
    if grep -q 'invalid' "$tmp" || grep -q 'invalid value' "$tmp"; then
      mode=1
      gotool trace -d=1 "$d/trace.out" >"$tmp" 2>&1 || { tail -5 "$tmp" >&2; fail "go tool trace -d=1 $d/trace.out failed"; }
    else
      tail -5 "$tmp" >&2
      fail "go tool trace -d=parsed $d/trace.out failed"
    fi
  fi
  n="$(grep -cE 'GoStart|StateTransition|GoCreate|ProcStart' "$tmp" || true)"
  [ "$n" -gt 0 ] || { head -5 "$tmp" >&2; fail "go tool trace -d=$mode $d/trace.out printed no events"; }
  echo "ok   $d/trace.out: go tool trace -d=$mode prints $n scheduling events ($(env GOTOOLCHAIN=local $gocmd version | cut -d' ' -f3))"
done
