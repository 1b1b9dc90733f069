#!/usr/bin/env bash
# Benchmark: `go tool pprof -top` vs `strata profile` on one large, real heap profile, in one run.
# The profile is generated here (never committed) by scripts/bench/heapgen: every allocation on its
# own call path with runtime.MemProfileRate = 1, N samples (default 600000), N distinct stacks.
# Prints wall time, user+sys CPU time and peak RSS of each tool (GNU time -v), and the ratios.
# Goal (issue 4): strata ≥ 50× faster, ≤ 1/5 of pprof's peak memory.
# Usage: scripts/bench/pprof.sh [N]      (needs go, GNU time; builds strata in release mode)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-600000}"
work="${TMPDIR:-/tmp}/strata-bench-pprof"
mkdir -p "$work"
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (apt)"; apt-get install -y -qq time >/dev/null
fi
go version
gen_sum=$(cat scripts/bench/heapgen/main.go | md5sum | cut -c1-8)
if [ ! -s "$work/heap-$N-$gen_sum.pb.gz" ]; then
  echo "generating a heap profile with $N allocation paths…"
  (cd scripts/bench/heapgen && GOTOOLCHAIN=local go run . -n "$N" -out "$work/heap-$N-$gen_sum.pb.gz")
fi
prof="$work/heap-$N-$gen_sum.pb.gz"
ls -l "$prof"
cargo build --release -q -p strata
strata="$PWD/target/release/strata"
go tool pprof -h >/dev/null 2>&1 || true   # build/cache the pprof tool before timing it

measure() { # name, command...
  local name="$1"; shift
  if ! /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time"; then
    echo "$name failed:" >&2; cat "$work/$name.time" >&2; exit 1
  fi
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$work/$name.time")
  user=$(awk -F': ' '/User time/{print $2}' "$work/$name.time")
  sys=$(awk -F': ' '/System time/{print $2}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/$name.time")
  # wall clock is h:mm:ss or m:ss.ss
  local secs
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  echo "$name $secs $(echo "$user + $sys" | bc) $rss"
}

echo
echo "tool     wall_s  cpu_s  peak_rss_kB"
p=$(measure pprof go tool pprof -top -sample_index=alloc_space "$prof") || exit 1
s=$(measure strata "$strata" profile "$prof" --sample-type alloc_space) || exit 1
echo "$p"; echo "$s"
read -r _ pw pc pr <<<"$p"
read -r _ sw sc sr <<<"$s"
echo
echo "speed (wall)  : strata is $(echo "scale=1; $pw / $sw" | bc)x faster"
echo "speed (cpu)   : strata is $(echo "scale=1; $pc / $sc" | bc)x faster"
echo "peak memory   : strata uses 1/$(echo "scale=1; $pr / $sr" | bc) of pprof's"
echo
echo "pprof head:";  sed -n 1,8p "$work/pprof.out"
echo "strata head:"; sed -n 1,12p "$work/strata.out"
