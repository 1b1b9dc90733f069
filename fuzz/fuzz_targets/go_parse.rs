//! Fuzz the Go parser on arbitrary bytes: never a panic or stack overflow, every error span inside the
//! input, and the tree can be walked and dumped whatever it holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, utf8_errors) = strata_go::source_text(data);
    assert_eq!(text.len(), data.len());
    for e in &utf8_errors {
        assert!(e.span.end as usize <= data.len());
    }
    let parsed = strata_go::parse(&text);
    for e in &parsed.errors {
        assert!(e.span.start <= e.span.end, "{e:?}");
        assert!(e.span.end as usize <= data.len(), "{e:?}");
    }
    assert!(parsed.errors.len() <= strata_go::MAX_ERRORS + 1);
    let _ = strata_go::dump::dump_file(&parsed.file);
    let lines = strata_go::LineIndex::new(&text);
    for e in parsed.errors.iter().take(3) {
        let _ = lines.line_col(e.span.start);
    }
    for d in strata_go::directives::directives(&parsed.file.comments) {
        let _ = d.as_ignore();
        let _ = d.embed_patterns();
        if d.name == "build" {
            let _ = strata_layers::build::BuildContext::default().eval_go_build(d.args);
        }
    }
});
