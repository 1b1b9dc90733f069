//! strata's live side: BPF programs that observe a running Go service, and the aggregation of what
//! they report.
//!
//! - `bpf/probes.bpf.c` + `bpf/strata_events.h`: the BPF programs, in C, compiled by `bpf/build.sh`
//!   with Debian's clang-14 into `src/probes.bpf.o`, which is committed and embedded with
//!   `include_bytes!`; CI rebuilds it and fails if it differs.
//! - [`events`]: the records, decoded without `unsafe`, checked against the C header by a test.
//! - [`aggregate`]: plain Rust behind [`aggregate::EventSink`], unit-tested with synthetic events.
//! - [`probe`]: where probes go (entry at the emulated `PUSH RBP`, returns at every `RET`, found by
//!   `strata_gobin`; never uretprobes) and the session that loads and attaches them.
//!
//! ## Why aya (0.14) as the loader, not libbpf-rs
//! `cargo build` / `cargo install` of strata must need nothing beyond the Rust toolchain and gcc.
//! aya is pure Rust: no libbpf C sources, no libelf/zlib/pkg-config, and it loads clang-built objects
//! with BTF maps, `.rodata` globals, uprobes with cookies, tracepoints and ring buffers — everything
//! these programs use. libbpf-rs would build vendored libbpf (plus libelf and zlib) from C, which
//! needs their headers and build tooling, and links `libelf.so` at run time unless built static.
//! What aya 0.14 lacks is `uprobe.multi` (one link for many offsets); strata attaches one perf-event
//! uprobe per site instead (a handful per function, so attach time is not an issue), and each such
//! link is a file descriptor the kernel releases when strata exits, however it exits. aya 0.15+
//! needs Rust 1.98, newer than the 1.95 this project builds with.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod aggregate;
pub mod events;
pub mod probe;
pub mod report;
pub mod route;
