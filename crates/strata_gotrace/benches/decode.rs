//! Decode throughput (criterion, `Throughput::Bytes`): header, batches, generations, string/stack
//! tables and every timed event of the committed traces. Goal: ≥ 300 MB/s on one core.
//! A ≥ 50 MB trace and the comparison with Go's tools: scripts/bench-trace.sh.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use strata_gotrace::Reader;
use strata_gotrace::event::BatchEvents;

fn decode_all(bytes: &[u8]) -> u64 {
    let mut reader = Reader::new(bytes).expect("header");
    let v = reader.version();
    let mut n = 0u64;
    while let Some(g) = reader.next_generation().expect("generation") {
        for b in &g.batches {
            for e in BatchEvents::new(b, v) {
                n += e.expect("event").time & 1;
            }
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gotrace");
    let mut group = c.benchmark_group("decode");
    for name in ["go1.22/trace.out", "go1.26/trace.out", "go1.26/gens.trace"] {
        let bytes = std::fs::read(format!("{root}/{name}")).expect("committed trace");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode_all(std::hint::black_box(&bytes))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
