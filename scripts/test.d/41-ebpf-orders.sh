#!/usr/bin/env bash
# `strata record --layers` on the reference experiment's layered order service (examples/orders,
# docs/orders.md): its own PostgreSQL + Redis (harness/db.sh), 6 s of fixed-rate load from its own
# load generator, recorded live. Checks: every request the load generator sent is timed once, and
# time inside the service's layers appears for handler (adapter), service (app) and
# repository/db/cache (infra). Root only (CI is root). About 30 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [ "$(id -u)" != 0 ]; then
  echo "not root: skipping strata record on examples/orders (CI runs it as root)"; exit 0
fi
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v redis-server >/dev/null; then
  bash scripts/setup.d/20-orders-services.sh
fi
state="$(mktemp -d /tmp/orders-ebpf.XXXXXX)"
chmod 755 "$state" # the postgres user must reach $state/db
svc=""
cleanup() {
  [ -n "$svc" ] && kill "$svc" 2>/dev/null && wait "$svc" 2>/dev/null
  bash examples/orders/harness/db.sh stop "$state/db" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT
echo "-- strata record --layers on examples/orders (layered)"
bash examples/orders/harness/db.sh start "$state/db" >/dev/null
set -a; source "$state/db/env"; set +a
(cd examples/orders && GOTOOLCHAIN=local go build -o "$state/bin/" ./cmd/orders-layered ./cmd/loadgen)
cargo build -q --locked -p strata
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api="127.0.0.1:$(port)"
"$state/bin/orders-layered" -listen "$api" -debug-listen "127.0.0.1:$(port)" > "$state/service.log" 2>&1 &
svc=$!
for i in $(seq 100); do
  curl -fsS "http://$api/healthz" >/dev/null 2>&1 && break
  [ "$i" = 100 ] && { cat "$state/service.log"; echo "FAIL: orders-layered did not become healthy"; exit 1; }
  sleep 0.1
done
target/debug/strata record --pid "$svc" --duration 9s --layers --out "$state/rec.json" \
  > "$state/rec.txt" 2> "$state/rec.err" &
rec=$!
for _ in $(seq 100); do grep -q "probes attached" "$state/rec.err" && break; sleep 0.1; done
grep -q "probes attached" "$state/rec.err" || { cat "$state/rec.err"; echo "FAIL: strata did not attach"; exit 1; }
"$state/bin/loadgen" -url "http://$api" -rate 100 -duration 6s -out "$state/load.json"
wait $rec || { cat "$state/rec.err"; echo "FAIL: strata record failed"; exit 1; }
cat "$state/rec.txt"
python3 - "$state/rec.json" "$state/load.json" <<'PY'
import json, sys
rec, load = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sent = load["scheduled"]
count = rec["requests"]["count"]
assert sum(load["status"].values()) == sent, f"load generator: {load['status']} for {sent} scheduled"
assert count == sent, f"strata timed {count} requests, the load generator sent {sent}"
layers = {l["layer"]: l for l in rec["layers"]}
for name in ["adapter", "app", "infra"]:
    assert name in layers and layers[name]["requests"] > 0 and layers[name]["total_ns"] > 0, \
        f"no time in layer {name}: {rec['layers']}"
assert rec["probes"]["layer_functions"] >= 10, rec["probes"]
assert rec["dropped"]["kernel"] == 0, rec["dropped"]
print(f"orders ok: {count} requests timed; layers " +
      ", ".join(f'{l["layer"]} {l["share_pct"]:.1f}%' for l in rec["layers"]) +
      f'; {rec["probes"]["layer_functions"]} layer functions probed')
PY
kill -0 "$svc" || { echo "FAIL: orders-layered died under probes"; exit 1; }
