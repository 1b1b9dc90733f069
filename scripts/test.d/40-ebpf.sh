#!/usr/bin/env bash
# eBPF checks beyond `cargo test` (root; CI is root):
#  1. the committed BPF object is what clang-14 builds from the sources (reproducible build);
#  2. soak: the test service under a bounded loopback load with stack growth (/deep?n=10000) while
#     `strata record` runs with every probe group, and another with the default probes → zero failed
#     requests, service alive afterwards, every request timed by the default probes;
#  3. the agent's Prometheus integration test (scripts/ebpf-agent-prometheus.sh), when present.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "-- BPF object reproducibility"
bash crates/strata_ebpf/bpf/build.sh --check
if [ "$(id -u)" != 0 ]; then
  echo "not root: skipping the eBPF soak (CI runs it as root)"; exit 0
fi
SOAK_SECONDS="${SOAK_SECONDS:-60}"
bins=target/ebpf-bins
bash testdata/ebpf/build.sh "$bins"
(cd testdata/ebpf/load && GOFLAGS=-trimpath GOTOOLCHAIN=local go build -o "../../../$bins/load" .)
cargo build -q --locked -p strata
"$bins/svc-go126" -addr 127.0.0.1:0 > "$bins/soak-svc.out" &
svc=$!
trap 'kill $svc 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$bins/soak-svc.out" && break; sleep 0.1; done
u="http://$(awk '/listening/ {print $2}' "$bins/soak-svc.out")"
echo "-- soak: ${SOAK_SECONDS}s, all probes, load with /deep?n=10000 (stack growth) on $u"
target/debug/strata record --pid "$svc" --duration "$((SOAK_SECONDS + 5))s" --park --layers \
  --count 'fmt.errorf' --count 'context.(*valueCtx).Value' --count 'runtime.newobject' \
  --out "$bins/soak.json" > "$bins/soak.txt" 2>&1 &
rec=$!
# And the default probes (socket start: tracepoints on every read and write of the service) at once.
target/debug/strata record --pid "$svc" --duration "$((SOAK_SECONDS + 5))s" \
  --out "$bins/soak-default.json" > "$bins/soak-default.txt" 2>&1 &
rec_default=$!
sleep 2
"$bins/load" -url "$u/fast,$u/slow?ms=3,$u/deep?n=10000,$u/err,$u/alloc" -rate 100 -workers 64 \
  -duration "${SOAK_SECONDS}s" | tee "$bins/soak-load.json"
wait $rec
wait $rec_default || { cat "$bins/soak-default.txt"; echo "FAIL: strata record (default probes) failed"; exit 1; }
kill -0 $svc || { echo "FAIL: the service died under probes"; exit 1; }
curl -sf "$u/deep?n=10000" > /dev/null || { echo "FAIL: the service stopped answering"; exit 1; }
grep -q '"failed":0' "$bins/soak-load.json" || { echo "FAIL: failed requests"; exit 1; }
head -12 "$bins/soak.txt"
head -12 "$bins/soak-default.txt"
# The socket start times every request the load generator sent (the soak's recording started first).
python3 - "$bins/soak-load.json" "$bins/soak-default.json" <<'PY'
import json, sys
sent, rec = json.load(open(sys.argv[1]))["sent"], json.load(open(sys.argv[2]))
assert rec["requests"]["start"] == "socket", rec["requests"]["start"]
assert rec["requests"]["count"] == sent, (rec["requests"]["count"], sent)
print(f"default probes (socket start) timed {sent} of {sent} requests")
PY
echo "soak ok: zero failed requests, service alive"
if [ -x scripts/ebpf-agent-prometheus.sh ]; then
  bash scripts/ebpf-agent-prometheus.sh
fi
