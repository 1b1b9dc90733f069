//! Fuzz the Go execution trace decoder and analyses: any bytes must give a result or an error,
//! never a panic, and allocation stays bounded by the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // With and without a valid header prefix, so the fuzzer reaches the batch decoder quickly.
    for header in [&b""[..], b"go 1.22 trace\0\0\0", b"go 1.23 trace\0\0\0", b"go 1.25 trace\0\0\0", b"go 1.26 trace\0\0\0"] {
        let mut input = header.to_vec();
        input.extend_from_slice(data);
        let _ = strata_gotrace::wirecount::count(&input[..]);
        let map = strata_layers::LayerMap::defaults(&[]);
        let _ = strata_gotrace::analysis::analyze(&input[..], &map, &strata_gotrace::analysis::Options::default());
        let _ = strata_gotrace::analysis::analyze_at(&input[..], &map, &strata_gotrace::analysis::Options::default());
    }
});
