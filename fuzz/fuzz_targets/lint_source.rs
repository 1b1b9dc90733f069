//! A Go file's bytes through what strata lint does with them: the header scan, byte range → line
//! and column, token ranges at every import, and //strata:ignore suppression. Never panics.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use strata_lint::SourceCache;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.go");
    let sources = SourceCache::new();
    sources.insert(path, data.to_vec());
    if let Ok(h) = strata_layers::packages::scan_header(path, data) {
        for imp in &h.imports {
            let r = sources.token_range(path, imp.pos);
            let _ = sources.line_col(path, &r);
        }
    }
    let n = data.len();
    for (a, b) in [(0, n), (n / 2, n), (n / 3, n / 2), (n, n + 5)] {
        let _ = sources.line_col(path, &(a..b));
    }
    let d = strata_lint::Diagnostic {
        code: "LAY001",
        rule: "forbidden-layer-import",
        severity: strata_lint::Severity::Warning,
        file: path.to_path_buf(),
        range: n / 2..n,
        message: String::new(),
        layer_from: None,
        layer_to: None,
    };
    let _ = strata_lint::is_suppressed(&d, &sources);
});
