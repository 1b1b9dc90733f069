#!/usr/bin/env bash
# Overhead of strata's eBPF probes on a Go service, in one run (root). Not a test: prints a table.
#
# Part 1 — the test service at a fixed rate (RATE req/s for SECONDS s per phase, /fast and /slow?ms=1):
#   none | strata record default probes | default but --end ret | every opt-in probe | bpftrace one-liner
#   (entry uprobe at +0 counting requests: what the seed's scripts did). For each: service CPU
#   (utime+stime of the service, which is where uprobe handling is charged) + the tracer's own CPU,
#   the load generator's P99, and ratios against "none".
# Part 2 — per-hit cost of one uprobe on service.Work of testdata/ebpf/micro (N calls):
#   entry at PUSH RBP (emulated; strata --count), entry at +0 (single-stepped stack check; bpftrace),
#   entry + RET (strata --layers: adds the single-stepped RET).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-1000}"; SECONDS_PER_PHASE="${SECONDS_PER_PHASE:-20}"; N="${N:-200000}"
bins=target/ebpf-bins
bash testdata/ebpf/build.sh "$bins" >/dev/null
(cd testdata/ebpf/load && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/load" .)
(cd testdata/ebpf/micro && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/micro" .)
cargo build -q --release --locked -p strata
strata=target/release/strata
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

"$bins/svc-go126" -addr 127.0.0.1:0 > "$work/svc.out" & svc=$!
for _ in $(seq 50); do grep -q listening "$work/svc.out" && break; sleep 0.1; done
u="http://$(awk '/listening/ {print $2}' "$work/svc.out")"
fn='net/http.serverHandler.ServeHTTP'

phase() { # name, tracer command (empty for none)
  local name="$1"; shift
  local tracer=""
  if [ $# -gt 0 ]; then
    "$@" > "$work/$name.tracer" 2>&1 & tracer=$!
    sleep 3 # attach
  fi
  local s0; s0=$(cpu_ticks $svc); local t0=0; [ -n "$tracer" ] && t0=$(cpu_ticks $tracer)
  "$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -duration "${SECONDS_PER_PHASE}s" > "$work/$name.load"
  local s1; s1=$(cpu_ticks $svc); local t1=0; [ -n "$tracer" ] && t1=$(cpu_ticks $tracer)
  [ -n "$tracer" ] && { kill -INT $tracer 2>/dev/null || true; wait $tracer 2>/dev/null || true; }
  python3 - "$name" "$((s1 - s0))" "$((t1 - t0))" "$tck" "$SECONDS_PER_PHASE" "$work/$name.load" >> "$work/rows" <<'PY'
import json, sys
name, svc, tr, tck, secs, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
l = json.load(open(f))
print(json.dumps({"name": name, "svc_cpu": svc / tck / secs, "tracer_cpu": tr / tck / secs, "p99_us": l["p99_us"], "p50_us": l["p50_us"], "failed": l["failed"], "sent": l["sent"]}))
PY
}
phase none
phase strata_default "$strata" record --pid "$svc" --duration 3600s
phase strata_end_ret "$strata" record --pid "$svc" --duration 3600s --end ret
phase strata_all "$strata" record --pid "$svc" --duration 3600s --layers --park --count fmt.errorf --count 'context.(*valueCtx).Value'
phase bpftrace_entry0 bpftrace -e "uprobe:$bins/svc-go126:\"$fn\" { @requests = count(); }"
phase none_again

echo "== overhead at $RATE req/s, ${SECONDS_PER_PHASE}s per phase (service CPU in cores; tracer = its own process)"
python3 - "$work/rows" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = [r for r in rows if r["name"].startswith("none")]
cpu0 = sum(r["svc_cpu"] for r in base) / len(base)
p990 = sum(r["p99_us"] for r in base) / len(base)
print(f'{"phase":<18} {"svc cpu":>8} {"tracer":>8} {"total":>8} {"cpu ratio":>9} {"p50 us":>8} {"p99 us":>8} {"p99 ratio":>9} {"failed":>6}')
for r in rows:
    tot = r["svc_cpu"] + r["tracer_cpu"]
    print(f'{r["name"]:<18} {r["svc_cpu"]:>8.3f} {r["tracer_cpu"]:>8.3f} {tot:>8.3f} {tot / cpu0:>9.3f} {r["p50_us"]:>8} {r["p99_us"]:>8} {r["p99_us"] / p990:>9.3f} {r["failed"]:>6}')
PY

echo
echo "== per-hit uprobe cost on example.com/micro/service.Work, $N calls"
micro() { "$bins/micro" -n "$N" -wait 0s | awk '{print $2}'; }
base=$(micro)
em=$("$strata" record --no-tcp --duration 600s --count example.com/micro/service.Work -- "$bins/micro" -n "$N" -wait 3s 2>/dev/null | awk '/ns_per_call/ {print $2}')
lay=$("$strata" record --no-tcp --duration 600s --layers -- "$bins/micro" -n "$N" -wait 3s 2>/dev/null | awk '/ns_per_call/ {print $2}')
bt=$(bpftrace -e 'uprobe:'"$bins"'/micro:"example.com/micro/service.Work" { @n = count(); }' -c "$bins/micro -n $N -wait 1s" 2>/dev/null | awk '/ns_per_call/ {print $2}')
python3 - "$base" "$em" "$bt" "$lay" <<'PY'
import sys
b, em, bt, lay = map(float, sys.argv[1:])
print(f'no probe                                   {b:8.1f} ns/call')
print(f'entry at PUSH RBP (emulated), strata       {em:8.1f} ns/call  → {em - b:8.1f} ns per hit')
print(f'entry at +0 (single-stepped), bpftrace     {bt:8.1f} ns/call  → {bt - b:8.1f} ns per hit')
print(f'entry + RET (RET single-stepped), strata   {lay:8.1f} ns/call  → RET alone {lay - em:8.1f} ns per hit')
print(f'single-stepped / emulated entry: {(bt - b) / max(em - b, 1e-9):.1f}x')
PY
