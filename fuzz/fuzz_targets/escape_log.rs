//! The compiler's JSON escape log decoder must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(log) = strata_escape::log::parse_log(std::path::Path::new("fuzz.json"), data) {
        for r in &log.records {
            let _ = r.is_heap_escape();
            let _ = r.inline_chain().count();
            for (loc, step) in r.flow() {
                let _ = strata_escape::log::uri_to_path(&loc.uri);
                if let Some(c) = strata_escape::report::callee_of_flow(step) {
                    let _ = strata_escape::report::qualifier(c);
                }
            }
        }
    }
});
