//! Parser throughput over the installed Go's standard library tree (`$(go env GOROOT)/src`, testdata
//! excluded), in bytes per second on one thread. The files are read into memory first.
//!
//! `cargo bench -p strata_go --bench parse`; `STRATA_BENCH_TREE=DIR` benches another tree.
#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
mod common {
    pub mod tree;
}

fn stdlib(c: &mut criterion::Criterion) {
    common::tree::bench(c, "stdlib-system-alloc");
}

criterion::criterion_group!(benches, stdlib);
criterion::criterion_main!(benches);
