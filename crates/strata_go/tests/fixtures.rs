//! Data-driven fixture tests: every `tests/data/*.go`
//! - is compared with what `gofmt -e` (the oracle, captured by `tests/data/capture-gofmt.sh` into
//!   `<name>.gofmt`) says: it has syntax errors exactly when gofmt reports some, and the first error is
//!   at the same line and column;
//! - has its tree dump and error list snapshotted with insta (`tests/snapshots/`), so any change in
//!   the tree is reviewed.

use std::path::Path;

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    v.sort();
    assert!(v.len() >= 6, "fixtures missing in {}", dir.display());
    v
}

fn errors_with_positions(src: &str, errors: &[strata_go::SyntaxError]) -> Vec<String> {
    let idx = strata_go::LineIndex::new(src);
    errors
        .iter()
        .map(|e| {
            let (l, c) = idx.line_col(e.span.start);
            format!("{l}:{c}: {}", e.message)
        })
        .collect()
}

#[test]
fn fixtures_agree_with_gofmt() {
    for path in fixtures() {
        let src = std::fs::read_to_string(&path).unwrap();
        let parsed = strata_go::parse(&src);
        let ours = errors_with_positions(&src, &parsed.errors);
        let oracle = std::fs::read_to_string(path.with_extension("gofmt")).unwrap();
        let theirs: Vec<&str> = oracle.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(ours.is_empty(), theirs.is_empty(), "{}: ours {ours:?}, gofmt {theirs:?}", path.display());
        if let (Some(a), Some(b)) = (ours.first(), theirs.first()) {
            let pos = |s: &str| s.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
            assert_eq!(pos(a), pos(b), "{}: first error: ours {a:?}, gofmt {b:?}", path.display());
        }
    }
}

#[test]
fn fixture_trees() {
    for path in fixtures() {
        let src = std::fs::read_to_string(&path).unwrap();
        let parsed = strata_go::parse(&src);
        let mut out = strata_go::dump::dump_file(&parsed.file);
        for e in errors_with_positions(&src, &parsed.errors) {
            out.push_str(&format!("error {e}\n"));
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Rust's default thread stack (2 MiB), in an unoptimised build (the worst case for frame sizes).
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            for (open, close) in
                [("(", ")"), ("[]", ""), ("{", "}"), ("- ", ""), ("*", ""), ("func(){", "}()"), ("T{", "}"), ("[", "]")]
            {
                let depth = 100_000;
                let body = if open == "{" {
                    format!("func f() {}{}", open.repeat(depth), close.repeat(depth))
                } else {
                    format!("var x = {}1{}", open.repeat(depth), close.repeat(depth))
                };
                let src = format!("package p\n{body}\n");
                let parsed = strata_go::parse(&src);
                assert!(
                    parsed.errors.iter().any(|e| e.message.contains("nesting deeper")),
                    "{open}: {:?}",
                    parsed.errors.first()
                );
                drop(parsed);
            }
            // A long left-leaning chain (a+a+a…) is bounded the same way.
            let src = format!("package p\nvar x = a{}\n", "+a".repeat(100_000));
            let parsed = strata_go::parse(&src);
            assert!(parsed.errors.iter().any(|e| e.message.contains("nesting deeper")));
            // Nesting within the limit parses.
            let src = format!("package p\nvar x = {}1{}\n", "(".repeat(200), ")".repeat(200));
            assert!(strata_go::parse(&src).errors.is_empty());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn bad_input_never_panics_and_is_reported() {
    let cases: [&[u8]; 7] = [
        b"",
        b"\x00\x01\x02\xff\xfe",
        b"package",
        b"package p\nfunc f() { \"unterminated",
        b"package p\n/* unterminated comment",
        b"package p\nvar x = `raw",
        b"package p\nfunc \xff() {}",
    ];
    for c in cases {
        let (text, utf8) = strata_go::source_text(c);
        let parsed = strata_go::parse(&text);
        assert!(!(utf8.is_empty() && parsed.errors.is_empty()), "{c:?} was accepted");
        for e in parsed.errors.iter().chain(&utf8) {
            assert!(e.span.end as usize <= text.len() + 1, "{c:?}: {e:?} out of range");
        }
    }
}

/// A cheap stand-in for coverage-guided fuzzing (which needs nightly): every prefix of every fixture,
/// and every fixture with each single byte deleted, parses without panicking and with error spans
/// inside the input.
#[test]
fn truncated_and_mutated_fixtures_never_panic() {
    let mut parses = 0;
    for path in fixtures() {
        let src = std::fs::read(&path).unwrap();
        let mut variants: Vec<Vec<u8>> = (0..src.len()).map(|n| src[..n].to_vec()).collect();
        for i in 0..src.len() {
            let mut v = src.clone();
            v.remove(i);
            variants.push(v);
        }
        for v in variants {
            let (text, _) = strata_go::source_text(&v);
            let parsed = strata_go::parse(&text);
            for e in &parsed.errors {
                assert!(e.span.start <= e.span.end && e.span.end as usize <= v.len(), "{}: {e:?}", path.display());
            }
            let _ = strata_go::dump::dump_file(&parsed.file);
            parses += 1;
        }
    }
    assert!(parses > 1_000, "{parses}");
}

#[test]
fn receiver_base_names() {
    let src = "package p\nfunc (s *Server[T]) A() {}\nfunc (Value) B() {}\nfunc (v (*Paren)) C() {}\nfunc D() {}\n";
    let parsed = strata_go::parse(src);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let got: Vec<_> = parsed.file.funcs().map(|f| f.receiver_base()).collect();
    assert_eq!(got, [Some(("Server", true)), Some(("Value", false)), Some(("Paren", true)), None]);
}
