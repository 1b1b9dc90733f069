#!/usr/bin/env bash
# Builds the Go parser fuzz target on stable (libfuzzer-sys; fuzzing itself needs nightly + cargo-fuzz:
# cargo fuzz run go_parse).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --manifest-path fuzz/Cargo.toml --bin go_parse
echo "fuzz target go_parse builds"
