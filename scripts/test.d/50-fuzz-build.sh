#!/usr/bin/env bash
# Builds every cargo-fuzz target (fuzz/, a separate cargo project) on stable. Running them needs
# nightly: `cargo +nightly fuzz run <target>`.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --manifest-path fuzz/Cargo.toml --quiet
