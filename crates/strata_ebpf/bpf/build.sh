#!/usr/bin/env bash
# Rebuild crates/strata_ebpf/src/probes.bpf.o from bpf/probes.bpf.c with Debian's clang-14.
# Reproducible: relative source path, no absolute paths in debug info, DWARF stripped (BTF kept).
# `build.sh --check` rebuilds into a temp file and fails if it differs from the committed object.
set -euo pipefail
cd "$(dirname "$0")"
out=../src/probes.bpf.o
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
clang-14 -target bpf -O2 -g -Wall -Werror -D__TARGET_ARCH_x86 \
  -fdebug-prefix-map="$PWD"=. -fno-ident \
  -I/usr/include/x86_64-linux-gnu -c probes.bpf.c -o "$tmp/probes.bpf.o"
llvm-strip-14 -g "$tmp/probes.bpf.o"
if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$tmp/probes.bpf.o" "$out"; then
    echo "crates/strata_ebpf/src/probes.bpf.o is stale: run crates/strata_ebpf/bpf/build.sh and commit it" >&2
    exit 1
  fi
  echo "probes.bpf.o is up to date"
else
  cp "$tmp/probes.bpf.o" "$out"
  sha256sum "$out"
fi
