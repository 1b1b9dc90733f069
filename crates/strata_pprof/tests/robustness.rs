//! Mutated and truncated real profiles never panic: decode returns Ok or an error naming the file.

use std::path::PathBuf;

use strata_pprof::{Options, decode, decode_raw, gunzip_if_needed};
use strata_profile::attribution::{Attribution, Options as AnalysisOptions};

fn raw(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pprof").join(name);
    let gz = std::fs::read(&p).unwrap();
    gunzip_if_needed(&gz, &p, &Options::default()).unwrap().0.into_owned()
}

fn exercise(bytes: &[u8]) {
    match decode(bytes, "m.pb", &Options::default()) {
        Ok(p) => {
            let map = strata_layers::LayerMap::defaults(&[]);
            let a = Attribution::new(&p, &map, false);
            for i in 0..p.sample_types().len() {
                let _ = a.analyze(i, &AnalysisOptions::default());
            }
        }
        Err(e) => assert!(e.to_string().starts_with("m.pb: "), "{e}"),
    }
    let _ = decode_raw(bytes, "m.pb", &Options::default());
}

#[test]
fn every_truncation_of_a_real_profile() {
    let data = raw("goroutine.pb.gz");
    for cut in 0..data.len() {
        exercise(&data[..cut]);
    }
}

#[test]
fn random_byte_mutations_of_real_profiles() {
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for name in ["goroutine.pb.gz", "mutex.pb.gz", "heap-delta.pb.gz"] {
        let data = raw(name);
        for _ in 0..1500 {
            let mut m = data.clone();
            for _ in 0..(1 + next() % 4) {
                let i = (next() % m.len() as u64) as usize;
                m[i] = next() as u8;
            }
            exercise(&m);
        }
    }
}
