#!/usr/bin/env bash
# The reference experiment, end to end: private PostgreSQL + Redis on 127.0.0.1, schema + seed
# (10k users, 100k orders), both order services built and started, the agreement test, then each
# service driven in turn at a FIXED request rate (cmd/loadgen, open loop, 80 % get / 15 % list / 5 % create)
# while its CPU profile, execution trace, allocation profile and runtime/metrics are captured.
# Everything it starts is stopped on success, failure or Ctrl-C.
#
#   examples/orders/run.sh [options]
#     --duration D         measured load per service (Go duration, default 30s)
#     --warmup D           unmeasured load before it (default 3s)
#     --rate N             requests per second (default 200)
#     --run-dir DIR        where artifacts go (default examples/orders/runs/<UTC time>)
#     --profile-seconds N  CPU profile length (default 10, at most the duration)
#     --trace-seconds N    execution trace length (default 2)
#     --go CMD             toolchain that builds the services, e.g. "/usr/lib/go-1.22/bin/go" or
#                          "GOTOOLCHAIN=go1.27.3 go" (default: go). The load generator always uses `go`.
#     --services LIST      default "layered flat"
#     --no-agree           skip the agreement test (go test ./cmd/internal/agree)
#     --rounds N           extra load-only rounds after the captured one, alternating the service order
#                          (round 2 runs the services in reverse), to show how much of a difference is
#                          noise; written as <service>/load-r<k>.json, with runtime/metrics snapshots
#                          metrics-r<k>-before.json / metrics-r<k>.json around it, from which the summary
#                          computes heap bytes and objects allocated per request, and cpu-r<k>.txt (the
#                          service's user+system CPU ticks before/after, from /proc) for CPU per request
#                          (default 1: no extra rounds)
#
# Per service, DIR/<service>/ gets: load.json (latency results), cpu.pb.gz, allocs.pb.gz, trace.out,
# metrics.json (runtime/metrics after the load), metrics-before.json, service.log. DIR/summary.md
# has the latency table; DIR/meta.txt the command, toolchains and machine.
# (end of help)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

duration=30s warmup=3s rate=200 run_dir="" profile_s=10 trace_s=2 gocmd="go" services="layered flat" agree=1 rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --run-dir) run_dir="$2"; shift 2 ;;
    --profile-seconds) profile_s="$2"; shift 2 ;;
    --trace-seconds) trace_s="$2"; shift 2 ;;
    --go) gocmd="$2"; shift 2 ;;
    --services) services="$2"; shift 2 ;;
    --no-agree) agree=0; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^# (end of help)/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cmdline="examples/orders/run.sh --duration $duration --warmup $warmup --rate $rate --profile-seconds $profile_s --trace-seconds $trace_s --go '$gocmd' --services '$services' --rounds $rounds$([ $agree = 1 ] || echo ' --no-agree')"
[ -n "$run_dir" ] || run_dir="$here/runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
state="$(mktemp -d /tmp/orders-run.XXXXXX)"
chmod 755 "$state"

pids=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && wait "$p" 2>/dev/null || true
  done
  bash "$here/harness/db.sh" stop "$state/db" || true
  rm -rf "$state"
  [ $rc = 0 ] || echo "run.sh: failed (exit $rc); partial artifacts in $run_dir" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
secs() { local d="$1"; d="${d%s}"; echo "${d%.*}"; }   # "30s" -> 30 (seconds only)

if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v redis-server >/dev/null || ! command -v curl >/dev/null; then
  log "PostgreSQL 15, redis-server or curl missing: running scripts/setup.d/20-orders-services.sh"
  bash "$here/../../scripts/setup.d/20-orders-services.sh"
fi
log "starting PostgreSQL + Redis under $state/db"
bash "$here/harness/db.sh" start "$state/db" >/dev/null
set -a; source "$state/db/env"; set +a

log "building services with: $gocmd"
mkdir -p "$state/bin"
env GOTOOLCHAIN=local $gocmd build -o "$state/bin/" ./cmd/orders-layered ./cmd/orders-flat
go build -o "$state/bin/" ./cmd/loadgen
svc_go="$(env GOTOOLCHAIN=local $gocmd version)"

if [ $agree = 1 ]; then
  log "agreement test: both services, same databases, byte-identical answers"
  go test -count=1 ./cmd/internal/agree
fi

# shellcheck source=harness/ports.sh
. "$here/harness/ports.sh"

declare -A api dbg svcpid
for s in $services; do
  free_port; api[$s]="127.0.0.1:$REPLY"
  free_port; dbg[$s]="127.0.0.1:$REPLY"
  mkdir -p "$run_dir/$s"
  "$state/bin/orders-$s" -listen "${api[$s]}" -debug-listen "${dbg[$s]}" >"$run_dir/$s/service.log" 2>&1 &
  svcpid[$s]=$!
  pids+=($!)
done
for s in $services; do
  for i in $(seq 100); do
    curl -fsS "http://${api[$s]}/healthz" >/dev/null 2>&1 && break
    [ "$i" = 100 ] && { echo "orders-$s did not become healthy" >&2; cat "$run_dir/$s/service.log" >&2; exit 1; }
    sleep 0.1
  done
done
log "services up: $(for s in $services; do printf '%s=%s (debug %s) ' "$s" "${api[$s]}" "${dbg[$s]}"; done)"

dur_s="$(secs "$duration")"
warm_s="$(secs "$warmup")"
[ "$profile_s" -le "$dur_s" ] || profile_s="$dur_s"
[ "$trace_s" -le "$dur_s" ] || trace_s="$dur_s"

for s in $services; do
  out="$run_dir/$s"
  log "$s: load ${rate}/s for $duration (+$warmup warm-up); CPU profile ${profile_s}s, trace ${trace_s}s"
  curl -fsS "http://${dbg[$s]}/debug/runtime-metrics" -o "$out/metrics-before.json"
  "$state/bin/loadgen" -url "http://${api[$s]}" -rate "$rate" -duration "$duration" -warmup "$warmup" \
    -out "$out/load.json" &
  lg=$!
  pids+=($lg)
  sleep $((warm_s + 1))
  curl -fsS "http://${dbg[$s]}/debug/pprof/profile?seconds=$profile_s" -o "$out/cpu.pb.gz" &
  cpu=$!
  # the trace starts after the CPU profile, so the trace's CPU samples come from the running profile
  sleep 1
  curl -fsS "http://${dbg[$s]}/debug/pprof/trace?seconds=$trace_s" -o "$out/trace.out"
  wait "$cpu"
  wait "$lg"
  curl -fsS "http://${dbg[$s]}/debug/pprof/allocs" -o "$out/allocs.pb.gz"
  curl -fsS "http://${dbg[$s]}/debug/runtime-metrics" -o "$out/metrics.json"
done

# user+system CPU time of a process in clock ticks (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

order="$services"
summary_args=()
for s in $services; do summary_args+=("$s=$run_dir/$s/load.json"); done
for ((k = 2; k <= rounds; k++)); do
  order="$(echo $order | tr ' ' '\n' | tac | tr '\n' ' ')"
  for s in $order; do
    log "round $k: $s, load ${rate}/s for $duration (+$warmup warm-up), no captures"
    curl -fsS "http://${dbg[$s]}/debug/runtime-metrics" -o "$run_dir/$s/metrics-r$k-before.json"
    cpu_before="$(cpu_ticks "${svcpid[$s]}")"
    "$state/bin/loadgen" -url "http://${api[$s]}" -rate "$rate" -duration "$duration" -warmup "$warmup" \
      -seed "$k" -out "$run_dir/$s/load-r$k.json"
    echo "$cpu_before $(cpu_ticks "${svcpid[$s]}") $(getconf CLK_TCK)" >"$run_dir/$s/cpu-r$k.txt"
    curl -fsS "http://${dbg[$s]}/debug/runtime-metrics" -o "$run_dir/$s/metrics-r$k.json"
    summary_args+=("$s (round $k)=$run_dir/$s/load-r$k.json")
  done
done

{
  echo "command: $cmdline"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "services built with: $svc_go"
  echo "load generator built with: $(go version)"
  echo "postgres: $(/usr/lib/postgresql/15/bin/postgres --version)"
  echo "redis: $(redis-server --version)"
  echo "machine: $(uname -sr), $(nproc) CPUs (shared with other work)"
} >"$run_dir/meta.txt"
"$state/bin/loadgen" -summarize "${summary_args[@]}" >"$run_dir/summary.md"
cat "$run_dir/summary.md"
log "artifacts in $run_dir"
