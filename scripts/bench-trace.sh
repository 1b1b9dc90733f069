#!/usr/bin/env bash
# Trace benchmark (issue 5): one run comparing, on a generated ≥ 50 MB Go 1.26 trace,
#   1. go tool trace -pprof=sched             (Go's own tool; loads the whole trace)
#   2. benches/gotrace/xexpread               (Go's streaming reader, golang.org/x/exp/trace, events only)
#   3. strata trace --format pprof --kind sched  (decode + order + state machine + profile)
# and prints CPU time (user+sys), peak RSS and the ratios. strata alone is also run on a trace
# 2.5 times larger and on the small committed trace, to show how its peak RSS grows with trace size.
# Usage: scripts/bench-trace.sh [MB]   (default 60; the traces are generated in a temp dir, not committed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mb="${1:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOTOOLCHAIN=local

echo "building (release strata, Go programs)…" >&2
(cd "$root" && cargo build --release -p strata --quiet)
strata="$root/target/release/strata"
(cd "$root/benches/gotrace/bigtrace" && go build -o "$work/bigtrace" .)
(cd "$root/benches/gotrace/xexpread" && go build -o "$work/xexpread" .)
"$work/bigtrace" -o "$work/big.trace" -mb "$mb"
size=$(stat -c %s "$work/big.trace")
"$work/bigtrace" -o "$work/bigger.trace" -mb $((mb * 5 / 2))
bigger=$(stat -c %s "$work/bigger.trace")

measure() { # measure NAME CMD... → prints "NAME cpu_s rss_kb"
	local name="$1"; shift
	/usr/bin/time -f "%U %S %M" -o "$work/time" "$@" >/dev/null
	read -r user sys rss <"$work/time"
	printf '%s %s %s\n' "$name" "$(echo "$user + $sys" | bc)" "$rss"
}

{
	measure go_tool_trace go tool trace -pprof=sched "$work/big.trace"
	measure go_xexp_reader "$work/xexpread" "$work/big.trace"
	measure strata "$strata" trace "$work/big.trace" --format pprof --kind sched
	measure strata_larger_trace "$strata" trace "$work/bigger.trace" --format pprof --kind sched
	measure strata_small_trace "$strata" trace "$root/testdata/gotrace/go1.26/trace.out" --format pprof --kind sched
} >"$work/results"

awk -v size="$size" -v bigger="$bigger" '
	{ cpu[$1] = $2; rss[$1] = $3 }
	END {
		printf "trace: %.1f MB (Go %s)\n\n", size / 1048576, "1.26"
		printf "%-28s %10s %12s %12s\n", "tool", "CPU s", "peak RSS MB", "MB/s (CPU)"
		n = split("go_tool_trace go_xexp_reader strata strata_larger_trace strata_small_trace", k, " ")
		for (i = 1; i <= n; i++) {
			mbytes = (k[i] == "strata_larger_trace" ? bigger : size) / 1048576
			rate = (k[i] == "strata_small_trace" || cpu[k[i]] == 0) ? "" : sprintf("%.0f", mbytes / cpu[k[i]])
			printf "%-28s %10.2f %12.1f %12s\n", k[i], cpu[k[i]], rss[k[i]] / 1024, rate
		}
		s = cpu["strata"] > 0 ? cpu["strata"] : 0.001
		printf "\nCPU:  go tool trace / strata = %.0fx   x/exp reader / strata = %.1fx\n", cpu["go_tool_trace"] / s, cpu["go_xexp_reader"] / s
		printf "RSS:  go tool trace / strata = %.0fx   x/exp reader / strata = %.1fx\n", rss["go_tool_trace"] / rss["strata"], rss["go_xexp_reader"] / rss["strata"]
		printf "RSS:  strata %.0f MB / %.0f MB trace = %.2fx   (%.0f MB trace / small trace = %.2fx)\n", bigger / 1048576, size / 1048576, rss["strata_larger_trace"] / rss["strata"], size / 1048576, rss["strata"] / rss["strata_small_trace"]
	}' "$work/results"
