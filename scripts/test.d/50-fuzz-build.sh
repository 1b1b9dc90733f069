#!/usr/bin/env bash
# Build every cargo-fuzz target on stable (CI builds them; fuzzing itself needs nightly + cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --manifest-path fuzz/Cargo.toml
