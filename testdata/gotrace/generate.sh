#!/usr/bin/env bash
# Regenerates the committed Go execution traces and their oracle goldens.
#
# For each Go toolchain (1.22, 1.23, 1.26, 1.27 — see scripts/lib/go-toolchains.sh) this builds
# tracedemo/ with that toolchain, runs it, and writes into go1.NN/:
#   trace.out        the execution trace (CPU profiler on, so it carries CPU samples)
#   regions.tsv      the program's own wall-clock measurement of every region (name<TAB>ns)
#   trace.d2-counts.txt  oracle: event counts per type from `go tool trace -d=2` (Go 1.26+: -d=wire)
#                    of the SAME toolchain
#   pprof-KIND.pb    oracle: `go tool trace -pprof=KIND` (KIND = sched, sync, net, syscall)
#   trace.blocks.txt oracle: block episodes per reason, and those unfinished at the end with their
#                    time, from Go's reader (`go tool trace -d=parsed` of Go 1.26, or 1.27 for its
#                    own traces; see count_blocks) — also written for every other trace below
# and with Go 1.26 additionally:
#   go1.26/gens.trace      GODEBUG=traceadvanceperiod=10ms: many generations (+ its d2 counts)
#   go1.26/allocfree.trace GODEBUG=traceallocfree=1: experimental batches and events (+ its d2 counts)
# and with Go 1.26 and 1.27 (testing/synctest is Go 1.25+; Go 1.22 and 1.23 have none):
#   synctest.trace   `go test -trace` of synctestdemo/, whose test runs in synctest bubbles, so the
#                    trace has GoBlock events with reason "synctest" (+ its d2 counts)
#   synctest.pprof-KIND.pb  oracle: `go tool trace -pprof=KIND` of synctest.trace
# Usage: testdata/gotrace/generate.sh   (from anywhere; takes ~1 minute)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/lib/go-toolchains.sh
source "$root/scripts/lib/go-toolchains.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Counts the events of `go tool trace -d=2` output per type: event lines start with the event name
# (stack frames and string data are printed on their own indented/`data=` lines).
count_d2() { awk '$1 ~ /^[A-Z][A-Za-z]*$/ { n[$1]++ } END { for (k in n) print k, n[k] }' | LC_ALL=C sort; }

# Block episodes per reason from Go's own reader (`go tool trace -d=parsed`, Go 1.26+, which also
# reads the 1.22/1.23 formats): every Running->Waiting transition with a reason (a GoBlock) is one
# episode; an episode whose goroutine makes no other transition before the trace ends is
# unfinished, and its time runs to the trace's last event (Sync events excluded).
# Output lines: reason<TAB>episodes<TAB>unfinished<TAB>unfinished_ns
count_blocks() {
	awk '
	match($0, /Time=[0-9]+/) { t = substr($0, RSTART + 5, RLENGTH - 5); if ($4 != "Sync") end = t }
	$4 == "StateTransition" && match($0, /GoID=[0-9]+/) {
		g = substr($0, RSTART + 5, RLENGTH - 5)
		match($0, /[A-Za-z]+->[A-Za-z]+/); split(substr($0, RSTART, RLENGTH), st, "->")
		if (st[1] == st[2]) next
		r = ""; if (match($0, /Reason="[^"]*"/)) r = substr($0, RSTART + 8, RLENGTH - 9)
		if (st[1] == "Running" && st[2] == "Waiting" && r != "") { n[r]++; open[g] = r; since[g] = t }
		else delete open[g]
	}
	END {
		for (g in open) { u[open[g]]++; uns[open[g]] += end - since[g] }
		for (r in n) printf "%s\t%d\t%d\t%.0f\n", r, n[r], u[r], uns[r]
	}' | LC_ALL=C sort
}

gen() { # gen <go-fn> <outdir> <trace-name> <regions-name|-> [env...] -- [demo flags...]
	local gofn="$1" dir="$2" name="$3" regions="$4"; shift 4
	local envs=()
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
	[ "$#" -gt 0 ] && shift
	mkdir -p "$dir"
	(cd "$here/tracedemo" && "$gofn" build -trimpath -o "$work/demo-$gofn" .)
	local rfile="$work/regions.tsv"
	env "${envs[@]}" "$work/demo-$gofn" -o "$dir/$name" -regions "$rfile" "$@"
	[ "$regions" != "-" ] && cp "$rfile" "$dir/$regions"
	local mode=2 # Go 1.22/1.23 call the raw dump -d=2; Go 1.26+ call it -d=wire.
	case "$gofn" in go122 | go123) ;; *) mode=wire ;; esac
	"$gofn" tool trace -d="$mode" "$dir/$name" | count_d2 >"$dir/${name%.*}.d2-counts.txt"
	blocks "$gofn" "$dir/$name"
}

blocks() { # blocks <go-fn> <trace>: <stem>.blocks.txt, read by Go 1.26's reader (1.27's for its own)
	local parse=go126
	[ "$1" = go127 ] && parse=go127
	"$parse" tool trace -d=parsed "$2" | count_blocks >"${2%.*}.blocks.txt"
}

for v in 122 123 126 127; do
	dir="$here/go1.${v:1}"
	gofn="go$v"
	gen "$gofn" "$dir" trace.out regions.tsv --
	for kind in sched sync net syscall; do
		"$gofn" tool trace -pprof="$kind" "$dir/trace.out" >"$dir/pprof-$kind.pb"
	done
	"$gofn" version >"$dir/GO_VERSION"
done
gen go126 "$here/go1.26" gens.trace - GODEBUG=traceadvanceperiod=10000000 -- -n 200 -g 200 -assisters 0
gen go126 "$here/go1.26" allocfree.trace - GODEBUG=traceallocfree=1 -- -n 20 -g 50 -cpuprofile=false -assisters 0
for v in 126 127; do
	dir="$here/go1.${v:1}"
	gofn="go$v"
	(cd "$here/synctestdemo" && "$gofn" test -count=1 -o "$work/synctest-$gofn.test" -trace="$dir/synctest.trace" ./internal/service)
	"$gofn" tool trace -d=wire "$dir/synctest.trace" | count_d2 >"$dir/synctest.d2-counts.txt"
	blocks "$gofn" "$dir/synctest.trace"
	for kind in sched sync net syscall; do
		"$gofn" tool trace -pprof="$kind" "$dir/synctest.trace" >"$dir/synctest.pprof-$kind.pb"
	done
done
ls -l "$here"/go1.*/
