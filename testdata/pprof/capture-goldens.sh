#!/usr/bin/env bash
# Captures the oracle: `go tool pprof -top` for every committed profile and every sample type, at
# function granularity (pprof's default), every node (-nodecount=100000 -nodefraction=0), values in
# base units (-unit=ns / -unit=B) so that they print as exact integers. strata's tests parse these
# files and require flat and cum of every function to be equal.
# Usage: testdata/pprof/capture-goldens.sh [GO]   (GOLDEN_DIR=dir writes elsewhere, for checking)
set -euo pipefail
cd "$(dirname "$0")"
GO="${1:-go}"
export GOTOOLCHAIN=local
out="${GOLDEN_DIR:-golden}"
mkdir -p "$out"
rm -f "$out"/*.top
"$GO" version > "$out/GO_VERSION"
for f in *.pb.gz; do
  name="${f%.pb.gz}"
  # sample types and units, from pprof's own -raw dump ("Samples:" header line: "alloc_objects/count ...")
  types=$("$GO" tool pprof -raw "$f" 2>/dev/null | awk '/^Samples:/{getline; print; exit}')
  for tu in $types; do
    t="${tu%%/*}"; u="${tu#*/}"; u="${u%\[dflt\]}"
    case "$u" in
      nanoseconds) unit=(-unit=ns) ;;
      bytes) unit=(-unit=B) ;;
      *) unit=() ;;
    esac
    "$GO" tool pprof -top -nodecount=100000 -nodefraction=0 -sample_index="$t" "${unit[@]}" "$f" \
      > "$out/$name.$t.top" 2>/dev/null
  done
done
ls "$out"
