#!/usr/bin/env bash
# Build every cargo-fuzz target (fuzz/fuzz_targets/*.rs, one per decoder) on stable: CI builds them;
# fuzzing itself needs nightly + cargo-fuzz (`cargo +nightly fuzz run <target>`).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --manifest-path fuzz/Cargo.toml --bins
echo "fuzz targets build: $(ls fuzz/fuzz_targets | sed 's/\.rs$//' | tr '\n' ' ')"
