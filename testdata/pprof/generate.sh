#!/usr/bin/env bash
# Regenerates the committed profiles in this directory from the Go programs next to it, then the
# oracle goldens (capture-goldens.sh). Records the Go version in GO_VERSION.
#   groundtruth/ → cpu.pb.gz   (known CPU split: adapter 20 % / app 30 % / infra 50 %)
#   kinds/       → heap.pb.gz heap-before.pb.gz allocs.pb.gz goroutine.pb.gz block.pb.gz mutex.pb.gz
#   heap-delta.pb.gz = `go tool pprof -proto -base heap-before.pb.gz heap.pb.gz` (negative values)
# Usage: testdata/pprof/generate.sh [GO]   (GO defaults to `go` on PATH)
set -euo pipefail
cd "$(dirname "$0")"
GO="${1:-go}"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
"$GO" version | tee GO_VERSION
(cd groundtruth && "$GO" build -o /tmp/strata-groundtruth . && /tmp/strata-groundtruth -cpuprofile ../cpu.pb.gz -seconds 10)
(cd kinds && "$GO" build -o /tmp/strata-kinds . && /tmp/strata-kinds -out ..)
"$GO" tool pprof -proto -base heap-before.pb.gz heap.pb.gz > heap-delta.pb.gz
rm -f /tmp/strata-groundtruth /tmp/strata-kinds
./capture-goldens.sh "$GO"
