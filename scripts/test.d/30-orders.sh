#!/usr/bin/env bash
# The reference experiment, short: vet + the agreement test + 2 × 12 s of fixed-rate load (under the
# 60 s budget), then every artifact checked with the Go oracles (pprof -top, trace -d).
set -euo pipefail
cd "$(dirname "$0")/../../examples/orders"
unformatted="$(gofmt -l .)"
[ -z "$unformatted" ] || { echo "gofmt needed: $unformatted"; exit 1; }
go vet ./...
# unit tests that need no databases (the agreement test runs inside run.sh, against its servers)
go test -count=1 ./cmd/loadgen ./cmd/internal/debugsrv
go test -count=1 -run TestValidationRulesAgree ./cmd/internal/agree
run="$(mktemp -d /tmp/orders-ci.XXXXXX)"
trap 'rm -rf "$run"' EXIT
./run.sh --duration 12s --warmup 2s --rate 100 --profile-seconds 5 --trace-seconds 1 --run-dir "$run"
bash harness/check-artifacts.sh "$run"
# the committed captures (testdata/orders) must stay readable by the oracles of the toolchain that made them
td=../../testdata/orders
bash harness/check-artifacts.sh "$td"
bash harness/check-artifacts.sh --go /usr/lib/go-1.22/bin/go "$td/go1.22"
bash harness/check-artifacts.sh --go /usr/lib/go-1.23/bin/go "$td/go1.23"
bash harness/check-artifacts.sh --go "GOTOOLCHAIN=go1.27.3 go" "$td/go1.27"
