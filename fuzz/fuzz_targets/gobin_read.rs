//! Fuzz the Go binary reader: arbitrary bytes as an ELF file, and as raw `.gopclntab` / `.go.buildinfo`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = strata_gobin::pclntab::parse(data, 0x401000);
    let _ = strata_gobin::buildinfo::parse(data);
    let _ = strata_gobin::disasm::probe_sites(data, 0x401000);
    if let Ok(bin) = strata_gobin::GoBinary::parse("fuzz".as_ref(), data.to_vec()) {
        for f in bin.functions().iter().take(64) {
            let _ = bin.probe_sites(f);
        }
    }
});
