#!/usr/bin/env bash
# Overhead of strata's eBPF probes on a Go service, in one run (root). Not a test: prints tables.
#
# Part 1 — the test service (testdata/ebpf/svc, Go 1.26) at a fixed RATE req/s (/fast and /slow?ms=1
# alternating) for SECONDS_PER_PHASE s per phase. The arms below run in ROUNDS rounds, each round in
# a rotated order (none, default, … / default, stack_depth, … / …), so that slow drifts of this shared
# machine hit every arm alike:
#   none             no tracer
#   default          strata record with its default probes (request entry + end, GC, TCP)
#   stack_depth      default + --stack-depth (bpf_get_stack at every request entry; the old default)
#   bpftrace_equiv   the same request-latency measurement as a bpftrace one-liner: entry probes at +0
#                    (bpftrace's default, the single-stepped stack check) on ServeHTTP and finishRequest,
#                    keyed by the goroutine (g in R14), latency histogram in a map
# Then once each (much costlier; single-stepped RETs): end_ret (default with --end ret) and all (every
# opt-in probe group), each paired with a none phase right before it.
# Per phase: service CPU = utime+stime from /proc/PID/stat over the load window (uprobe handling is
# charged to the probed threads), the tracer's own CPU, the load generator's P50/P99. Per arm: the
# ratio to the none phase of the same round, median and range over rounds, and the extra CPU per
# request (µs) = (cpu_arm − cpu_none) / rate.
# Part 2 — per-hit cost of one uprobe on service.Work of testdata/ebpf/micro (N calls):
#   entry at PUSH RBP (emulated; strata --count), entry at +0 (single-stepped stack check; bpftrace),
#   entry + RET (strata --layers: adds the single-stepped RET).
# Part 3 — what enabling a syscall tracepoint costs every syscall on the host (why strata counts TCP
#   connects from sock:inet_sock_set_state instead of syscalls:sys_enter_connect): getppid(2) in a
#   loop without, with, and again without a bpftrace program on sys_enter_connect.
# Part 4 — how much of a hit is the BPF program itself (what the choice ring buffer vs in-kernel
#   aggregation could change) and how much the uprobe mechanism: run_time_ns / run_cnt of each
#   strata program from `bpftool prog show` with kernel.bpf_stats_enabled=1, default probes + --stack-depth,
#   one phase at RATE.
# Knobs: RATE (2000), SECONDS_PER_PHASE (12), ROUNDS (4), N (200000).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-2000}"; SECONDS_PER_PHASE="${SECONDS_PER_PHASE:-12}"; ROUNDS="${ROUNDS:-4}"; N="${N:-200000}"
bins=target/ebpf-bins
bash testdata/ebpf/build.sh "$bins" >/dev/null
(cd testdata/ebpf/load && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/load" .)
(cd testdata/ebpf/micro && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/micro" .)
cargo build -q --release --locked -p strata
strata=target/release/strata
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

svcbin="$(pwd)/$bins/svc-go126"
"$svcbin" -addr 127.0.0.1:0 > "$work/svc.out" & svc=$!
for _ in $(seq 50); do grep -q listening "$work/svc.out" && break; sleep 0.1; done
u="http://$(awk '/listening/ {print $2}' "$work/svc.out")"
BT_EQUIV='uprobe:'"$svcbin"':"net/http.serverHandler.ServeHTTP" { @start[reg("r14")] = nsecs; }
uprobe:'"$svcbin"':"net/http.(*response).finishRequest" /@start[reg("r14")]/ {
  @latency_ns = hist(nsecs - @start[reg("r14")]); delete(@start[reg("r14")]); }'

tracer_cmd() { # arm → command line (empty for none)
  case "$1" in
    none) ;;
    default) echo "$strata record --pid $svc --duration 3600s" ;;
    stack_depth) echo "$strata record --pid $svc --duration 3600s --stack-depth" ;;
    end_ret) echo "$strata record --pid $svc --duration 3600s --end ret" ;;
    all) echo "$strata record --pid $svc --duration 3600s --stack-depth --layers --park --count fmt.errorf --count context.(*valueCtx).Value" ;;
    bpftrace_equiv) echo "bpftrace" ;;
  esac
}

phase() { # round, arm
  local round="$1" arm="$2" tracer="" cmd
  cmd="$(tracer_cmd "$arm")"
  if [ "$cmd" = bpftrace ]; then
    bpftrace -e "$BT_EQUIV" > "$work/$arm.$round.tracer" 2>&1 & tracer=$!
    sleep 4
  elif [ -n "$cmd" ]; then
    # shellcheck disable=SC2086
    $cmd > "$work/$arm.$round.tracer" 2>&1 & tracer=$!
    sleep 3
  fi
  local s0 t0=0 s1 t1=0
  s0=$(cpu_ticks $svc); [ -n "$tracer" ] && t0=$(cpu_ticks $tracer)
  "$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration "${SECONDS_PER_PHASE}s" \
    > "$work/$arm.$round.load" || true
  s1=$(cpu_ticks $svc); [ -n "$tracer" ] && t1=$(cpu_ticks $tracer)
  if [ -n "$tracer" ]; then kill -INT $tracer 2>/dev/null || true; wait $tracer 2>/dev/null || true; fi
  python3 - "$round" "$arm" "$((s1 - s0))" "$((t1 - t0))" "$tck" "$SECONDS_PER_PHASE" "$work/$arm.$round.load" >> "$work/rows" <<'PY'
import json, sys
rnd, arm, svc, tr, tck, secs, f = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
l = json.load(open(f))
print(json.dumps({"round": rnd, "arm": arm, "svc_cpu": svc / tck / secs, "tracer_cpu": tr / tck / secs,
                  "p50_us": l["p50_us"], "p99_us": l["p99_us"], "failed": l["failed"], "sent": l["sent"]}))
PY
  printf '  round %-3s %-15s done\n' "$round" "$arm" >&2
}

arms=(none default stack_depth bpftrace_equiv)
echo "== phases: ${#arms[@]} arms × $ROUNDS rounds (rotated order) + end_ret and all once, ${SECONDS_PER_PHASE}s each at $RATE req/s" >&2
phase 0 none # warm-up (not counted: the first phase after start pays page faults and JIT-free warm-up)
: > "$work/rows"
for r in $(seq 1 "$ROUNDS"); do
  n=${#arms[@]}
  for i in $(seq 0 $((n - 1))); do
    phase "$r" "${arms[$(((i + r - 1) % n))]}"
  done
done
phase x1 none; phase x1 end_ret
phase x2 none; phase x2 all

echo "== overhead at $RATE req/s, ${SECONDS_PER_PHASE}s per phase, $ROUNDS rounds (service CPU in cores; tracer = its own process)"
python3 - "$work/rows" "$RATE" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rate = float(sys.argv[2])
print("per phase:")
print(f'  {"round":<5} {"arm":<15} {"svc cpu":>8} {"tracer":>7} {"p50 us":>7} {"p99 us":>7} {"failed":>6}')
for r in rows:
    print(f'  {r["round"]:<5} {r["arm"]:<15} {r["svc_cpu"]:>8.3f} {r["tracer_cpu"]:>7.3f} {r["p50_us"]:>7} {r["p99_us"]:>7} {r["failed"]:>6}')
none = {r["round"]: r for r in rows if r["arm"] == "none"}
print()
print("per arm, against the none phase of the same round (median [min..max] over rounds):")
print(f'  {"arm":<15} {"n":>2} {"svc cpu ratio":>26} {"svc+tracer ratio":>26} {"extra µs/req":>13} {"p99 ratio":>26}')
def fmt(xs):
    return f'{statistics.median(xs):6.3f} [{min(xs):6.3f}..{max(xs):6.3f}]'
for arm in ["none", "default", "stack_depth", "bpftrace_equiv", "end_ret", "all"]:
    rs = [r for r in rows if r["arm"] == arm and r["round"] in none]
    if not rs:
        continue
    cpu = [r["svc_cpu"] / none[r["round"]]["svc_cpu"] for r in rs]
    tot = [(r["svc_cpu"] + r["tracer_cpu"]) / none[r["round"]]["svc_cpu"] for r in rs]
    us = [(r["svc_cpu"] + r["tracer_cpu"] - none[r["round"]]["svc_cpu"]) / rate * 1e6 for r in rs]
    p99 = [r["p99_us"] / none[r["round"]]["p99_us"] for r in rs]
    print(f'  {arm:<15} {len(rs):>2} {fmt(cpu):>26} {fmt(tot):>26} {statistics.median(us):>13.2f} {fmt(p99):>26}')
nones = [r["svc_cpu"] for r in rows if r["arm"] == "none"]
print(f'\nnone phases alone: svc cpu median {statistics.median(nones):.3f} cores, range {min(nones):.3f}..{max(nones):.3f} '
      f'(spread {100 * (max(nones) - min(nones)) / statistics.median(nones):.1f} % of the median: the noise floor)')
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

echo
echo "== a syscall tracepoint's cost on every syscall (getppid in a loop, python; includes the loop)"
cat > "$work/sc.py" <<'PY'
import os, time
n = 300000
best = None
for _ in range(3):
    t = time.perf_counter()
    for _ in range(n):
        os.getppid()
    d = (time.perf_counter() - t) / n * 1e9
    best = d if best is None else min(best, d)
print(f"{best:.0f}")
PY
a=$(python3 "$work/sc.py")
bpftrace -e 'tracepoint:syscalls:sys_enter_connect /pid == 1/ { @n = count(); }' > /dev/null 2>&1 & bt=$!
sleep 5
b=$(python3 "$work/sc.py")
kill -INT $bt; wait $bt 2>/dev/null || true
c=$(python3 "$work/sc.py")
echo "no syscall tracepoint: $a ns/call; sys_enter_connect enabled: $b ns/call; disabled again: $c ns/call → +$(( b - (a + c) / 2 )) ns per syscall, host-wide"

echo
echo "== BPF program time per run (kernel.bpf_stats_enabled=1; strata record --stack-depth at $RATE req/s)"
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -qw kernel.bpf_stats_enabled=1
"$strata" record --pid "$svc" --duration 3600s --stack-depth > /dev/null 2>&1 & rec=$!
sleep 3
"$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration "${SECONDS_PER_PHASE}s" > /dev/null || true
bpftool prog show -j > "$work/progs.json"
kill -INT $rec; wait $rec 2>/dev/null || true
sysctl -qw kernel.bpf_stats_enabled="$old_stats"
python3 - "$work/progs.json" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1])):
    if p.get("name") in ("http_enter", "http_ret", "site", "park", "tcp_state") and p.get("run_cnt"):
        print(f'{p["name"]:<11} {p["run_cnt"]:>9} runs  {p["run_time_ns"] / p["run_cnt"]:8.0f} ns per run')
PY
