//! Fuzz the pprof decoder and the analyses that run on whatever it accepts: never a panic, never an
//! unbounded allocation (the decompressed size is capped well below the default for fuzzing).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut opts = strata_pprof::Options::default();
    opts.max_decompressed = 64 << 20;
    if let Ok(p) = strata_pprof::decode(data, "fuzz.pb.gz", &opts) {
        let map = strata_layers::LayerMap::defaults(&strata_profile::infer::infer_application(&p).modules);
        let attr = strata_profile::attribution::Attribution::new(&p, &map, false);
        for i in 0..p.sample_types().len() {
            let _ = attr.analyze(i, &strata_profile::attribution::Options::default());
        }
        let _ = strata_pprof::encode_gzip(&strata_pprof::from_model(&p));
    }
    let _ = strata_pprof::decode_raw(data, "fuzz.pb.gz", &opts);
});
