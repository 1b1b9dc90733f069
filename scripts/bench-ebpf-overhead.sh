#!/usr/bin/env bash
# Overhead of strata's eBPF probes on a Go service, in one run (root). Not a test: prints tables.
#
# Part 1 — the test service (testdata/ebpf/svc, Go 1.26) at a fixed RATE req/s (/fast and /slow?ms=1
# alternating). The machine is shared and noisy (the service's CPU drifts by 10-20 % between phases
# even without a tracer), so the arms are compared in PAIRS blocks of short phases (SECONDS_PER_PHASE s
# each): every block runs `none` and each arm of ARMS once, in a random order per block, and
# every arm phase is divided by the `none` phase of the same block. Per arm: the median of these
# paired ratios with a distribution-free 95 % confidence interval (order statistics), so whether a 5 %
# difference is resolved can be read off the interval's width. Then end_ret and all once each, paired
# with a none phase (SKIP_ONCE=1 leaves them out).
# Arms (ARMS, default "default servehttp bpftrace_equiv"):
#   none             no tracer
#   default          strata record with its default probes (--start socket: HTTP/1 requests timed at
#                    the socket by the sock_recv_length / sock_send_length / inet_sock_set_state
#                    raw tracepoints, no uprobe per request; GC, TCP)
#   recv             --start recv: request start from the sock_recv_length tracepoint, end at
#                    finishRequest (one uprobe hit per HTTP/1 request; the default before)
#   default_classic_tp  recv with its tracepoint attached as a classic tracepoint (perf
#                    trace-event record per socket read) instead of a raw one (STRATA_EBPF_RECV_TP)
#   servehttp        --start servehttp: the previous default (request start at the entry of
#                    ServeHTTP: two uprobe hits per request)
#   stack_depth      --stack-depth (bpf_get_stack at every ServeHTTP entry; implies --start servehttp)
#   bpftrace_equiv   the same request-latency measurement as a bpftrace one-liner: entry probes at +0
#                    (bpftrace's default, the single-stepped stack check) on ServeHTTP and finishRequest,
#                    keyed by the goroutine (g in R14), latency histogram in a map
#   filter_all       default with STRATA_EBPF_FILTER_ALL=1: every tracepoint program attached, returning
#                    at its process-id compare for every event (nothing recorded): what the bare
#                    tracepoints cost, the floor of any design that reads the target's sockets there
#   process_scope    default with its uprobes bound to the service's pid (STRATA_EBPF_UPROBE_SCOPE=process,
#                    what strata does when another process runs the same executable; the default before
#                    the uprobes were attached for the whole executable): a task-bound perf event is
#                    scheduled out and in at every context switch of the service's main thread
#   idle             strata running and polling with nothing attached (STRATA_EBPF_SKIP=every
#                    program, --no-tcp): what the tracer process alone costs the service
#   no_request       default without the request probes (GC + TCP only)
#   enter_only       servehttp without the request-end probe (http_ret): one trap per request
#   recv_tp_only     only the recv start's raw tracepoint (every uprobe skipped, --no-tcp): what
#                    http_recv alone costs the service's socket reads
#   socket_tp_only   only the socket start's three raw tracepoints (every uprobe skipped, --no-tcp)
#   end_ret          default with --end ret (single-stepped RETs); all: every opt-in probe group
# (STRATA_EBPF_SKIP is described in docs/record.md "Cost".)
# Per phase: service CPU = the sum over its threads of /proc/PID/task/*/schedstat run time (ns; uprobe
# handling is charged to the probed threads) over the load window divided by the window, the tracer's
# own CPU likewise, the load generator's P50/P99. The load average at start and end is printed.
# Part 2 — per-hit cost of one uprobe on service.Work of testdata/ebpf/micro (N calls):
#   entry at PUSH RBP (emulated; strata --count), entry at +0 (single-stepped stack check; bpftrace),
#   entry + RET (strata --layers: adds the single-stepped RET).
# Part 3 — what enabling a syscall tracepoint costs every syscall on the host (why strata counts TCP
#   connects from sock:inet_sock_set_state instead of syscalls:sys_enter_connect): getppid(2) in a
#   loop without, with, and again without a bpftrace program on sys_enter_connect.
# Part 4 — how much of a hit is the BPF program itself (what the choice ring buffer vs in-kernel
#   aggregation could change) and how much the uprobe mechanism: run_time_ns / run_cnt of each
#   strata program from `bpftool prog show` with kernel.bpf_stats_enabled=1, default probes, one phase
#   at RATE. (run_time_ns includes what a helper does inside, e.g. a ring-buffer wake-up.)
# Part 3b — what the default probes' socket tracepoints (sock_recv_length, sock_send_length) cost
#   every socket read and write of another process (they filter by process id first): send + recv of
#   1 byte on a socketpair in a loop without, with, and again without `strata record` attached.
# Part 5 — the three request starts on the same requests: `strata record` (socket start), `--start
#   recv` and `--start servehttp` attached at once, one phase at RATE; latency per route from each.
# Part 6 — the default probes' direct cost from perf samples of the service (perf record -e cpu-clock
#   during one phase at RATE, for each arm of PERF_ARMS): the share of its samples in the BPF programs, the tracepoint dispatch
#   and the helpers they call — a lower bound (cache and scheduling effects are not in it).
# Part 7 — --grpc: the gRPC-Go test server's (testdata/ebpf/grpcsvc) CPU per unary call without strata,
#   with the default probes and with --grpc, in alternating rounds (closed loop on one connection).
# Part 8 — what a perf event bound to the target's pid costs it per context switch: the pingpong program
#   (testdata/ebpf/pingpong) without strata, with strata's default probes attached for the executable
#   (the default) and bound to the pid (STRATA_EBPF_UPROBE_SCOPE=process, what strata does when another
#   process runs the same executable).
# Knobs: RATE (2000), SECONDS_PER_PHASE (4), PAIRS (20), ARMS, SKIP_ONCE, PART1_ONLY (parts 2-6 left out), ROWS_OUT (file for the phases as JSON lines), N (200000), PERF_ARMS (arms part 6 profiles, default "default"), PERF_ONLY (only part 6), GRPC_ROUNDS (6), GRPC_CALLS (20000), GRPC_ONLY (only part 7), PINGPONG_ROUNDS (4), PINGPONG_ONLY (only part 8).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-2000}"; SECONDS_PER_PHASE="${SECONDS_PER_PHASE:-4}"; PAIRS="${PAIRS:-20}"; N="${N:-200000}"
read -r -a ARMS <<< "${ARMS:-default servehttp bpftrace_equiv}"
bins=target/ebpf-bins
bash testdata/ebpf/build.sh "$bins" >/dev/null
(cd testdata/ebpf/load && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/load" .)
(cd testdata/ebpf/micro && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/micro" .)
cargo build -q --release --locked -p strata
strata=target/release/strata
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f\n", s}'; } # not %d: mawk caps it at 2^31

svcbin="$(pwd)/$bins/svc-go126"
# Another process running the same executable makes strata bind its uprobes to the service's pid
# (see docs/record.md "Safety"), which costs the service at every context switch: refuse to measure.
others="$(for p in /proc/[0-9]*; do [ "$p/exe" -ef "$svcbin" ] && echo "${p#/proc/}"; done 2> /dev/null || true)"
if [ -n "$others" ]; then
  echo "other processes run $svcbin ($(echo $others)): stop them first (strata would bind its uprobes to the service's pid)" >&2
  exit 2
fi
"$svcbin" -addr 127.0.0.1:0 > "$work/svc.out" & svc=$!
for _ in $(seq 50); do grep -q listening "$work/svc.out" && break; sleep 0.1; done
u="http://$(awk '/listening/ {print $2}' "$work/svc.out")"
BT_EQUIV='uprobe:'"$svcbin"':"net/http.serverHandler.ServeHTTP" { @start[reg("r14")] = nsecs; }
uprobe:'"$svcbin"':"net/http.(*response).finishRequest" /@start[reg("r14")]/ {
  @latency_ns = hist(nsecs - @start[reg("r14")]); delete(@start[reg("r14")]); }'
rec="$strata record --pid $svc --duration 3600s"

tracer_start() { # arm, output file → PID of the tracer on stdout (nothing for none); returns once attached
  local cmd
  case "$1" in
    none) return ;;
    default) cmd="$rec" ;;
    filter_all) cmd="env STRATA_EBPF_FILTER_ALL=1 $rec" ;;
    process_scope) cmd="env STRATA_EBPF_UPROBE_SCOPE=process $rec" ;;
    recv) cmd="$rec --start recv" ;;
    servehttp) cmd="$rec --start servehttp" ;;
    default_classic_tp) cmd="env STRATA_EBPF_RECV_TP=classic $rec --start recv" ;;
    stack_depth) cmd="$rec --stack-depth" ;;
    end_ret) cmd="$rec --end ret" ;;
    all) cmd="$rec --stack-depth --layers --park --count fmt.errorf --count context.(*valueCtx).Value" ;;
    idle) cmd="env STRATA_EBPF_SKIP=http_enter,http_ret,http_arm,http_recv,sock_recv,site,park $rec --no-tcp" ;;
    no_request) cmd="env STRATA_EBPF_SKIP=http_enter,http_ret,http_arm,http_recv,sock_recv $rec" ;;
    enter_only) cmd="env STRATA_EBPF_SKIP=http_ret $rec --start servehttp" ;;
    recv_tp_only) cmd="env STRATA_EBPF_SKIP=http_enter,http_ret,http_arm,site,park $rec --start recv --no-tcp" ;;
    socket_tp_only) cmd="env STRATA_EBPF_SKIP=http_enter,http_ret,http_arm,site,park $rec --no-tcp" ;;
    bpftrace_equiv) cmd=bpftrace ;;
    *) echo "unknown arm $1" >&2; exit 2 ;;
  esac
  local pid
  if [ "$cmd" = bpftrace ]; then
    bpftrace -e "$BT_EQUIV" > "$2" 2>&1 & pid=$!
  else
    # shellcheck disable=SC2086
    $cmd > "$2" 2>&1 & pid=$!
  fi
  for _ in $(seq 100); do grep -q -i attach "$2" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5
  echo "$pid"
}

tracer_stop() { # PID from tracer_start: SIGINT, then SIGKILL if it is still there after 10 s. The
  # tracer was started in tracer_start's subshell, so it is no child of this shell and `wait` would not
  # wait for it: poll. (A bpftrace still attaching when SIGINT came once stayed attached for a whole run.)
  kill -INT "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
}

phase() { # block, arm
  local block="$1" arm="$2" tracer
  tracer="$(tracer_start "$arm" "$work/$arm.$block.tracer")"
  local s0 t0=0 s1 t1=0 w0 w1
  w0=$(date +%s%N); s0=$(cpu_ns $svc); [ -n "$tracer" ] && t0=$(cpu_ns "$tracer")
  "$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration "${SECONDS_PER_PHASE}s" \
    > "$work/$arm.$block.load" || true
  s1=$(cpu_ns $svc); [ -n "$tracer" ] && t1=$(cpu_ns "$tracer"); w1=$(date +%s%N)
  if [ -n "$tracer" ]; then tracer_stop "$tracer"; fi
  local scope=""
  if [ -n "$tracer" ] && [ "$arm" != bpftrace_equiv ]; then
    scope=binary; grep -q "uprobes bound to the target's pid" "$work/$arm.$block.tracer" && scope=process
  fi
  python3 - "$block" "$arm" "$((s1 - s0))" "$((t1 - t0))" "$((w1 - w0))" "$work/$arm.$block.load" "$scope" >> "$work/rows" <<'PY'
import json, sys
blk, arm, svc, tr, wall, f = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
l = json.load(open(f))
print(json.dumps({"block": blk, "arm": arm, "svc_cpu": svc / wall, "tracer_cpu": tr / wall, "sent": l["sent"],
                  "p50_us": l["p50_us"], "p99_us": l["p99_us"], "failed": l["failed"], "uprobe_scope": sys.argv[7]}))
PY
}

part6() { # the probes' direct cost from perf samples (part 6)
echo
echo "== the default probes' direct cost in the service, from perf samples ($RATE req/s, 10 s, perf record -e cpu-clock -F 4999 on the service)"
# The share of the service's samples in code that runs only because the probes are attached: the
# BPF programs, the raw-tracepoint dispatch (bpf_trace_run*, call_trace_*; not the RCU read section
# around it, whose functions other kernel code runs too), the map lookups and the helpers the
# programs call. A lower bound of what the probes cost: what they do to
# the service's caches and scheduling is not in it.
if command -v perf > /dev/null; then
for parm in ${PERF_ARMS:-default}; do
  echo "-- arm $parm"
  tpid="$(tracer_start "$parm" "$work/perf.$parm.tracer")"
  sleep 2
  "$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration 16s > /dev/null & ld=$!
  # The service's CPU per request without perf first (perf's own sampling adds to it), then perf.
  sleep 1
  s0=$(cpu_ns "$svc"); sleep 4; s1=$(cpu_ns "$svc")
  perf record -q -e cpu-clock -F 4999 -p "$svc" -o "$work/perf.data" -- sleep 10 > /dev/null 2>&1 || true
  wait $ld || true
  tracer_stop "$tpid"
  perf report -i "$work/perf.data" --no-children --sort sym --stdio -g none -F overhead,sym 2> /dev/null > "$work/perf.txt" || true
  python3 - "$work/perf.txt" "$RATE" "$((s1 - s0))" <<'PY'
import re, sys
probe = re.compile(r'bpf_prog_|bpf_trace_run|__bpf_trace_|call_trace_sock|bpf_ringbuf|__bpf_ringbuf|htab_|_map_lookup_elem|lookup_nulls_elem|'
                   r'bpf_probe_read|copy_from_user_nofault|bpf_get_current|bpf_task_pt_regs|bpf_loaded_mm_is_foreign|'
                   r'bpf_ktime_get|ktime_get_mono_fast_ns')
rows = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*([0-9.]+)%\s+\[k\]\s+(\S+)', line)
    if m:
        rows.append((float(m.group(1)), m.group(2)))
hit = [(p, s) for p, s in rows if probe.search(s)]
total = sum(p for p, _ in hit)
for p, s in sorted(hit, reverse=True)[:12]:
    print(f'  {p:5.2f} %  {s}')
us = float(sys.argv[3]) / 1e3 / (4 * float(sys.argv[2]))
print(f'probe code: {total:.2f} % of the service\'s samples = {total / 100 * us:.2f} µs per request of {us:.1f} µs CPU '
      '(the tracepoints\' RCU read section is not counted: it also runs without probes)')
PY
done
else
  echo "perf not installed: skipped"
fi
}

part7() { # --grpc's cost per gRPC-Go call (part 7)
  echo
  echo "== --grpc: the gRPC-Go test server's CPU per unary call (one connection, closed loop, ${GRPC_CALLS:-20000} calls per phase, ${GRPC_ROUNDS:-6} rounds of none / default / --grpc)"
  local gsvc gu c0 c1 tp arm r
  "$bins/grpcsvc" -addr 127.0.0.1:0 > "$work/grpc.out" & gsvc=$!
  for _ in $(seq 50); do grep -q listening "$work/grpc.out" && break; sleep 0.1; done
  gu="$(awk '/listening/ {print $2}' "$work/grpc.out")"
  "$bins/grpcsvc" -call "$gu" -n 2000 > /dev/null # warm-up
  : > "$work/grpc.rows"
  for r in $(seq "${GRPC_ROUNDS:-6}"); do
    for arm in none default grpc; do
      tp=""
      case $arm in
        default) "$strata" record --pid "$gsvc" --duration 3600s > /dev/null 2> "$work/grpc.err" & tp=$! ;;
        grpc) "$strata" record --grpc --pid "$gsvc" --duration 3600s > /dev/null 2> "$work/grpc.err" & tp=$! ;;
      esac
      if [ -n "$tp" ]; then
        for _ in $(seq 100); do grep -q attached "$work/grpc.err" && break; sleep 0.1; done
        sleep 0.3
      fi
      c0=$(cpu_ns "$gsvc")
      "$bins/grpcsvc" -call "$gu" -n "${GRPC_CALLS:-20000}" > /dev/null
      c1=$(cpu_ns "$gsvc")
      if [ -n "$tp" ]; then kill -INT "$tp"; wait "$tp" || true; fi
      echo "$r $arm $(( (c1 - c0) / ${GRPC_CALLS:-20000} ))" >> "$work/grpc.rows"
    done
  done
  kill "$gsvc"
  python3 - "$work/grpc.rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
by = {}
for r, arm, ns in rows:
    by.setdefault(r, {})[arm] = int(ns)
for arm in ("none", "default", "grpc"):
    v = [b[arm] for b in by.values()]
    line = f'  {arm:8} {statistics.median(v) / 1000:7.1f} µs CPU per call (median of {len(v)})'
    if arm != "none":
        ratios = sorted(b[arm] / b["none"] for b in by.values())
        line += f'   / none, per round: median {statistics.median(ratios):.3f}, range {ratios[0]:.3f}..{ratios[-1]:.3f}'
    print(line)
PY
}

if [ -n "${PERF_ONLY:-}" ]; then part6; exit 0; fi # only part 6
part8() { # a context switch of the target's main thread, uprobes bound to its pid or not (part 8)
echo
echo "== one context switch of the target's main thread with strata's uprobes bound to its pid (process) or attached for its executable (binary, the default)"
echo "   testdata/ebpf/pingpong: its main goroutine (locked to the main thread) and cat pass a byte back and forth through two pipes, both pinned to CPU 0 (strata on CPU 1); a round trip switches the main thread out and in once; median of 3 rounds of 100 000 round trips per phase, the three phases in turn"
(cd testdata/ebpf/pingpong && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/pingpong" .)
: > "$work/pp.rows"
for r in $(seq "${PINGPONG_ROUNDS:-4}"); do
  for arm in none binary process; do
    taskset -c 0 "$bins/pingpong" -wait 3s -rounds 3 -n 100000 > "$work/pp.out" & pp=$!
    for _ in $(seq 50); do grep -q '^pid' "$work/pp.out" && break; sleep 0.1; done
    tpid=""
    if [ "$arm" != none ]; then
      STRATA_EBPF_UPROBE_SCOPE=$arm taskset -c 1 "$strata" record --pid "$pp" --duration 3600s > "$work/pp.rec" 2>&1 & tpid=$!
      for _ in $(seq 50); do grep -q attached "$work/pp.rec" 2>/dev/null && break; sleep 0.1; done
    fi
    wait "$pp" || true
    if [ -n "$tpid" ]; then kill -INT "$tpid" 2>/dev/null || true; wait "$tpid" 2>/dev/null || true; fi
    echo "$r $arm $(awk '/ns\/roundtrip/ {print $1}' "$work/pp.out" | sort -n | sed -n 2p)" >> "$work/pp.rows"
  done
done
python3 - "$work/pp.rows" "$work/pp.rec" <<'PY'
import re, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 3]
by = {}
for r, arm, ns in rows:
    by.setdefault(arm, {})[r] = float(ns)
m = re.search(r"^probes: .*$", open(sys.argv[2]).read(), re.M)
print(f"strata's {m.group(0) if m else 'probes: ?'} on pingpong (the uprobes: GC sites, not hit; pipes fire no socket tracepoint)")
print(f'{"arm":<8} {"rounds":>6} {"ns/round trip (median)":>24} {"vs none":>9} {"extra ns/switch":>16}')
base = statistics.median(by.get("none", {}).values())
for arm in ("none", "binary", "process"):
    v = by.get(arm, {})
    if not v:
        continue
    med = statistics.median(v.values())
    ratios = [v[r] / by["none"][r] for r in v if r in by.get("none", {})]
    print(f'{arm:<8} {len(v):>6} {med:>24.0f} {statistics.median(ratios):>9.3f} {med - base:>16.0f}')
PY
}

if [ -n "${GRPC_ONLY:-}" ]; then part7; exit 0; fi # only part 7
if [ -n "${PINGPONG_ONLY:-}" ]; then part8; exit 0; fi # only part 8
load0="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== phases: none + ${ARMS[*]} in $PAIRS blocks (random order per block) + end_ret and all in 1 block each, ${SECONDS_PER_PHASE}s each at $RATE req/s; load average at start $load0" >&2
phase 0 none # warm-up (not counted: the first phase after start pays page faults and heap growth)
: > "$work/rows"
for b in $(seq 1 "$PAIRS"); do
  # A fresh random order per block (seeded by the block number: reproducible). A rotated order
  # keeps every arm behind the same neighbour, so any carry-over from one phase into the next
  # would bias one arm consistently.
  read -r -a order <<< "$(python3 -c 'import random, sys; a = sys.argv[2:]; random.Random(int(sys.argv[1])).shuffle(a); print(*a)' "$b" none "${ARMS[@]}")"
  for arm in "${order[@]}"; do
    phase "$b" "$arm"
  done
  printf '  block %s/%s done\n' "$b" "$PAIRS" >&2
done
if [ -z "${SKIP_ONCE:-}" ]; then
  phase x1 none; phase x1 end_ret
  phase x2 all; phase x2 none
fi
load1="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== overhead at $RATE req/s, $PAIRS blocks of ${SECONDS_PER_PHASE}s phases (service CPU in cores from schedstat; tracer = its own process)"
echo "   load average (1/5/15 min): $load0 at start, $load1 at end, on $(nproc) CPUs"
if [ -n "${ROWS_OUT:-}" ]; then cp "$work/rows" "$ROWS_OUT"; fi # every phase as JSON lines
python3 - "$work/rows" "$RATE" <<'PY'
import json, math, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rate = float(sys.argv[2])
none = {r["block"]: r for r in rows if r["arm"] == "none" and r["svc_cpu"] > 0 and r["p99_us"] > 0}

def median_ci(xs):
    """Median with a distribution-free 95 % interval: the k-th smallest and k-th largest value, k the
    largest with P(Binomial(n, 1/2) < k) <= 2.5 % (needs n >= 6)."""
    xs = sorted(xs)
    n = len(xs)
    k, cum = 0, 0.0
    for j in range(n + 1):
        cum += math.comb(n, j) / 2 ** n
        if cum > 0.025:
            break
        k = j + 1
    if k == 0:
        return statistics.median(xs), xs[0], xs[-1], False
    return statistics.median(xs), xs[k - 1], xs[n - k], True

def fmt(xs):
    m, lo, hi, ok = median_ci(xs)
    return f'{m:6.3f} [{lo:6.3f}..{hi:6.3f}]' + (' ' if ok else '*')

print("per arm: ratio to the none phase of the same block, median [95 % CI of the median] over blocks")
print(f'  {"arm":<15} {"n":>3} {"svc cpu ratio":>25} {"svc+tracer ratio":>25} {"extra µs/req":>13} {"p99 ratio":>25}')
arms = ["none"]
for r in rows:
    if r["arm"] not in arms:
        arms.append(r["arm"])
for arm in arms:
    rs = [r for r in rows if r["arm"] == arm and r["block"] in none]
    cpu = [r["svc_cpu"] / none[r["block"]]["svc_cpu"] for r in rs]
    tot = [(r["svc_cpu"] + r["tracer_cpu"]) / none[r["block"]]["svc_cpu"] for r in rs]
    us = [(r["svc_cpu"] + r["tracer_cpu"] - none[r["block"]]["svc_cpu"]) / rate * 1e6 for r in rs]
    p99 = [r["p99_us"] / none[r["block"]]["p99_us"] for r in rs]
    print(f'  {arm:<15} {len(rs):>3} {fmt(cpu):>25} {fmt(tot):>25} {statistics.median(us):>13.2f} {fmt(p99):>25}')
print("  (* = too few blocks for a 95 % interval: min..max shown)")
bound = sorted({r["arm"] for r in rows if r.get("uprobe_scope") == "process" and r["arm"] != "process_scope"})
if bound:
    print(f'  WARNING: strata bound its uprobes to the service\'s pid in arms {", ".join(bound)} (another process ran the same executable)')
nones = [r["svc_cpu"] for r in rows if r["arm"] == "none"]
m = statistics.median(nones)
print(f'\nnone phases alone: svc cpu median {m:.3f} cores = {m / rate * 1e6:.1f} µs CPU per request, range '
      f'{min(nones):.3f}..{max(nones):.3f} (spread {100 * (max(nones) - min(nones)) / m:.1f} % of the median); '
      f'failed requests in all phases: {sum(r["failed"] for r in rows)}')
print("\nper phase:")
print(f'  {"block":<5} {"arm":<15} {"svc cpu":>8} {"tracer":>7} {"p50 us":>7} {"p99 us":>7} {"failed":>6}')
for r in rows:
    print(f'  {r["block"]:<5} {r["arm"]:<15} {r["svc_cpu"]:>8.3f} {r["tracer_cpu"]:>7.3f} {r["p50_us"]:>7} {r["p99_us"]:>7} {r["failed"]:>6}')
PY

if [ -n "${PART1_ONLY:-}" ]; then exit 0; fi
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
echo
echo "== the default probes' tracepoints on every socket read and write of other processes (1-byte send + recv on a socketpair in a loop, python; includes the loop)"
cat > "$work/rd.py" <<'PY'
import socket, time
a, b = socket.socketpair()
n = 200000
best = None
for _ in range(3):
    t = time.perf_counter()
    for _ in range(n):
        a.send(b"x")
        b.recv(1)
    d = (time.perf_counter() - t) / n * 1e9
    best = d if best is None else min(best, d)
print(f"{best:.0f}")
PY
a=$(python3 "$work/rd.py")
"$strata" record --pid "$svc" --duration 3600s > /dev/null 2>&1 & rec=$!
sleep 3
b=$(python3 "$work/rd.py")
kill -INT $rec; wait $rec 2>/dev/null || true
c=$(python3 "$work/rd.py")
echo "no strata: $a ns/iteration; strata record (default: socket start) on the service: $b ns; detached again: $c ns → +$(( b - (a + c) / 2 )) ns per send + recv pair of another process"

for mode in socket recv servehttp; do
echo
echo "== BPF program time per run (kernel.bpf_stats_enabled=1; strata record --start $mode, default probes otherwise, at $RATE req/s)"
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
sysctl -qw kernel.bpf_stats_enabled=1
"$strata" record --pid "$svc" --duration 3600s --start "$mode" > /dev/null 2>&1 & rec=$!
sleep 3
"$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration "${SECONDS_PER_PHASE}s" > /dev/null || true
bpftool prog show -j > "$work/progs.json"
kill -INT $rec; wait $rec 2>/dev/null || true
sysctl -qw kernel.bpf_stats_enabled="$old_stats"
python3 - "$work/progs.json" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1])):
    if p.get("name") in ("http_enter", "http_ret", "http_arm", "http_recv", "sock_recv", "sock_send", "sock_state", "site", "park", "tcp_state") and p.get("run_cnt"):
        print(f'{p["name"]:<11} {p["run_cnt"]:>9} runs  {p["run_time_ns"] / p["run_cnt"]:8.0f} ns per run')
PY
done

echo
echo "== the three request starts on the same requests ($RATE req/s, ${SECONDS_PER_PHASE}s): socket (default), recv and servehttp, recorded at once"
"$strata" record --pid "$svc" --duration 3600s --out "$work/socket.json" > /dev/null 2>&1 & r0=$!
"$strata" record --pid "$svc" --duration 3600s --start recv --out "$work/recv.json" > /dev/null 2>&1 & r1=$!
"$strata" record --pid "$svc" --duration 3600s --start servehttp --out "$work/serve.json" > /dev/null 2>&1 & r2=$!
sleep 3
"$bins/load" -url "$u/fast,$u/slow?ms=1" -rate "$RATE" -workers 64 -duration "${SECONDS_PER_PHASE}s" > "$work/both.load" || true
kill -INT $r0 $r1 $r2; wait $r0 2>/dev/null || true; wait $r1 2>/dev/null || true; wait $r2 2>/dev/null || true
python3 - "$work/socket.json" "$work/recv.json" "$work/serve.json" "$work/both.load" <<'PY'
import json, sys
k, r, s, l = (json.load(open(f)) for f in sys.argv[1:5])
print(f'load generator: sent {l["sent"]}, p50 {l["p50_us"]} µs, p99 {l["p99_us"]} µs')
print(f'{"route":<8} {"start":<12} {"count":>6} {"p50 µs":>9} {"p90 µs":>9} {"p99 µs":>9} {"mean µs":>9}')
def by(rep, name, prefix=""):
    return next((y for y in rep["routes"] if y["route"] == prefix + name), None)
rows = [("(all)", k["requests"], r["requests"], s["requests"])] + [
    (x["route"], by(k, x["route"], "GET "), x, by(s, x["route"])) for x in r["routes"]]
for name, a, b, c in rows:
    for start, v in (("socket", a), ("recv", b), ("servehttp", c)):
        if v:
            print(f'{name:<8} {start:<12} {v["count"]:>6} {v["p50_ns"]/1e3:>9.1f} {v["p90_ns"]/1e3:>9.1f} {v["p99_ns"]/1e3:>9.1f} {v["mean_ns"]/1e3:>9.1f}')
    for label, x, y in (("socket-recv", a, b), ("recv-serve", b, c)):
        if x and y:
            print(f'{name:<8} {label:<12} {"":>6} {(x["p50_ns"]-y["p50_ns"])/1e3:>+9.1f} {(x["p90_ns"]-y["p90_ns"])/1e3:>+9.1f} {(x["p99_ns"]-y["p99_ns"])/1e3:>+9.1f} {(x["mean_ns"]-y["mean_ns"])/1e3:>+9.1f}')
print(f'unended: socket {k["requests"]["unended"]}, recv {r["requests"]["unended"]}, servehttp {s["requests"]["unended"]}; unstarted (recv): {r["requests"].get("unstarted", 0)}')
PY

part6
part7
part8
