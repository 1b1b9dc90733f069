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
# and with Go 1.26 additionally:
#   go1.26/gens.trace      GODEBUG=traceadvanceperiod=10ms: many generations (+ its d2 counts)
#   go1.26/allocfree.trace GODEBUG=traceallocfree=1: experimental batches and events (+ its d2 counts)
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
gen go126 "$here/go1.26" gens.trace - GODEBUG=traceadvanceperiod=10000000 -- -n 200 -g 200
gen go126 "$here/go1.26" allocfree.trace - GODEBUG=traceallocfree=1 -- -n 20 -g 50 -cpuprofile=false
ls -l "$here"/go1.*/
