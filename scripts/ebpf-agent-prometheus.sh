#!/usr/bin/env bash
# Integration test of `strata agent` with Debian's Prometheus (root; run by scripts/test.d/40-ebpf.sh):
# start the eBPF test service, the agent on loopback, and a Prometheus on loopback scraping it every
# second; drive load; then query a strata metric through Prometheus' HTTP API and check the request
# count it reports matches the load generator's.
set -euo pipefail
cd "$(dirname "$0")/.."
bins=target/ebpf-bins
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
agent_port=$(free_port); prom_port=$(free_port)
"$bins/svc-go126" -addr 127.0.0.1:0 -h2c > "$work/svc.out" & pids+=($!)
svc=${pids[0]}
for _ in $(seq 50); do grep -q listening "$work/svc.out" && break; sleep 0.1; done
u="http://$(awk '/listening/ {print $2}' "$work/svc.out")"
target/debug/strata agent --pid "$svc" --listen "127.0.0.1:$agent_port" > "$work/agent.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q "probes attached" "$work/agent.log" && break; sleep 0.1; done
cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: strata
    static_configs:
      - targets: ['127.0.0.1:$agent_port']
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prom.log" 2>&1 & pids+=($!)
"$bins/load" -url "$u/fast,$u/slow?ms=5" -rate 50 -duration 4s > "$work/load.json"
sent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$work/load.json")
q='sum(strata_http_request_duration_seconds_count)'
for _ in $(seq 60); do
  got=$(curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$q" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)' || echo 0)
  [ "$got" = "$sent" ] && break
  sleep 1
done
echo "prometheus query $q = $got (load sent $sent)"
[ "$got" = "$sent" ] || { echo "FAIL: agent metric via Prometheus"; tail -5 "$work/agent.log" "$work/prom.log"; exit 1; }
curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode 'query=strata_http_request_duration_seconds_count' |
  python3 -c 'import json,sys; [print(" ", r["metric"].get("route"), r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]]'
# HTTP/2 connections (prior knowledge) are not timed at the socket: the agent counts them in
# strata_http_connections_not_http1 and says so on stderr while it runs; their requests are timed
# at runHandler/handlerDone.
"$bins/load" -url "$u/fast" -rate 20 -duration 1s -h2c > "$work/load-h2.json"
h2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http2"])' "$work/load-h2.json")
[ "$h2" -gt 0 ] || { echo "FAIL: the h2c load did not speak HTTP/2"; exit 1; }
for _ in $(seq 30); do
  other=$(curl -sf "http://127.0.0.1:$agent_port/metrics" | awk '$1 == "strata_http_connections_not_http1" {print $2}')
  [ "${other:-0}" -gt 0 ] && grep -q "not timed at the socket" "$work/agent.log" && break
  sleep 1
done
echo "agent: strata_http_connections_not_http1 = ${other:-none} after $h2 HTTP/2 requests"
[ "${other:-0}" -gt 0 ] || { echo "FAIL: strata_http_connections_not_http1"; exit 1; }
grep -q "not timed at the socket" "$work/agent.log" || { echo "FAIL: no warning in the agent's log"; cat "$work/agent.log"; exit 1; }
# Every query of the shipped Grafana dashboard must be valid PromQL against these metrics.
python3 - "http://127.0.0.1:$prom_port" docs/grafana-strata-agent.json <<'PY'
import json, sys, urllib.parse, urllib.request
base, dash = sys.argv[1], json.load(open(sys.argv[2]))
for p in dash["panels"]:
    for t in p["targets"]:
        q = t["expr"].replace("$__rate_interval", "5s")
        r = json.load(urllib.request.urlopen(base + "/api/v1/query?" + urllib.parse.urlencode({"query": q})))
        assert r["status"] == "success", (p["title"], q, r)
print("dashboard queries ok:", sum(len(p["targets"]) for p in dash["panels"]))
PY
echo "agent + prometheus ok"
