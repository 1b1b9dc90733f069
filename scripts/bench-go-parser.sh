#!/usr/bin/env bash
# strata_go vs go/parser, one run, same input: every non-testdata .go file of a tree (default: the
# installed Go's $GOROOT/src) read into memory and parsed N times on one core; the best pass counts.
# Prints wall and CPU throughput for each, and the ratios. CPU time is what "per core" means on a
# shared machine (wall time inflates with other load); go/parser runs with GOMAXPROCS=1 and its CPU
# time includes its GC threads.
#   scripts/bench-go-parser.sh [DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(go env GOROOT)/src}"
runs="${2:-5}"
cargo build --quiet --release --locked -p strata_go --example parse_speed --example parse_speed_mimalloc
gobin=$(mktemp -d)/bench-go
trap 'rm -rf "$(dirname "$gobin")"' EXIT
(cd crates/strata_go/bench-go && go build -o "$gobin" main.go)
echo "go: $(go version)   tree: $dir   runs: $runs   load: $(cut -d' ' -f1-3 /proc/loadavg)"
sys=$(target/release/examples/parse_speed "$dir" --runs "$runs")
mi=$(target/release/examples/parse_speed_mimalloc "$dir" --runs "$runs")
gp=$(GOMAXPROCS=1 "$gobin" -runs "$runs" "$dir")
printf '%s\n%s\n%s\n' "$sys" "$mi" "$gp"
field() { sed -E "s/.*$2=([0-9.]+).*/\1/" <<< "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "ratio strata_go/go-parser (CPU MB/s): system malloc $(ratio "$(field "$sys" cpu_mb_per_s)" "$(field "$gp" cpu_mb_per_s)")x, mimalloc $(ratio "$(field "$mi" cpu_mb_per_s)" "$(field "$gp" cpu_mb_per_s)")x"
echo "ratio strata_go/go-parser (wall MB/s): system malloc $(ratio "$(field "$sys" mb_per_s)" "$(field "$gp" mb_per_s)")x, mimalloc $(ratio "$(field "$mi" mb_per_s)" "$(field "$gp" mb_per_s)")x"
