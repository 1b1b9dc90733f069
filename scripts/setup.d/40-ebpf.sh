#!/usr/bin/env bash
# eBPF toolchain for strata_ebpf: clang-14 (rebuilds the committed BPF objects, checked byte-for-byte by
# scripts/test.d/40-ebpf.sh), libbpf-dev (bpf_helpers.h), bpftool (probe checks), bpftrace (overhead
# comparison) and prometheus (agent integration test). None of this is needed for `cargo build`.
# Also mounts tracefs when missing. Idempotent; root only (CI runs as root).
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "not root: skipping eBPF toolchain install (clang-14 libbpf-dev bpftool bpftrace prometheus)"; exit 0
fi
want=()
command -v clang-14 >/dev/null || want+=(clang-14)
command -v llvm-strip-14 >/dev/null || want+=(llvm-14)
[ -e /usr/include/bpf/bpf_helpers.h ] || want+=(libbpf-dev)
command -v bpftool >/dev/null || [ -x /usr/sbin/bpftool ] || want+=(bpftool)
command -v bpftrace >/dev/null || want+=(bpftrace)
command -v prometheus >/dev/null || want+=(prometheus)
if [ ${#want[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi
if [ ! -e /sys/kernel/tracing/uprobe_events ]; then
  mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || echo "warning: could not mount tracefs"
fi
clang-14 --version | head -1
