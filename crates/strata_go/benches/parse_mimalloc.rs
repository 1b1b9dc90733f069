//! The `parse` bench with mimalloc as the global allocator.
#![allow(missing_docs)] // criterion_group! generates an undocumented pub fn
mod common {
    pub mod tree;
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stdlib(c: &mut criterion::Criterion) {
    common::tree::bench(c, "stdlib-mimalloc");
}

criterion::criterion_group!(benches, stdlib);
criterion::criterion_main!(benches);
