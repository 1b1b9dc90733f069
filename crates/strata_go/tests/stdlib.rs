//! Parses every `.go` file of the installed Go's standard library tree (`$(go env GOROOT)/src`,
//! `cmd/` included, `testdata` directories excluded) and requires zero syntax errors.
//!
//! Files under `testdata` include deliberately invalid Go; they are compared with `gofmt -e` by
//! `scripts/test.d/20-go-parser.sh` instead.

use std::path::{Path, PathBuf};
use std::process::Command;

fn goroot() -> PathBuf {
    if let Ok(r) = std::env::var("GOROOT")
        && !r.is_empty()
    {
        return PathBuf::from(r);
    }
    let out = Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .expect("this test needs a Go toolchain on PATH (scripts/setup.d installs one)");
    assert!(out.status.success(), "go env GOROOT failed");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "testdata") {
                collect(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

#[test]
fn every_stdlib_file_parses_without_errors() {
    let src = goroot().join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    files.sort();
    assert!(files.len() > 5000, "expected a full Go tree under {}, found {} files", src.display(), files.len());
    // Two threads: the tree is ~90 MB and this crate is unoptimised in test builds.
    let (a, b) = files.split_at(files.len() / 2);
    let check = |part: &[PathBuf]| -> (usize, usize, Vec<String>) {
        let mut failures = Vec::new();
        let mut bytes = 0;
        let mut funcs = 0;
        for f in part {
            let data = std::fs::read(f).unwrap();
            bytes += data.len();
            let (text, utf8_errors) = strata_go::source_text(&data);
            let parsed = strata_go::parse(&text);
            funcs += parsed.file.funcs().count();
            if let Some(e) = utf8_errors.first().or(parsed.errors.first()) {
                let (l, c) = strata_go::LineIndex::new(&text).line_col(e.span.start);
                failures.push(format!("{}:{l}:{c}: {}", f.display(), e.message));
            }
        }
        (bytes, funcs, failures)
    };
    let (ra, rb) = std::thread::scope(|s| {
        let ha = s.spawn(|| check(a));
        let hb = s.spawn(|| check(b));
        (ha.join().unwrap(), hb.join().unwrap())
    });
    let failures: Vec<String> = ra.2.into_iter().chain(rb.2).collect();
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), files.len(), failures.join("\n"));
    assert!(ra.0 + rb.0 > 50_000_000);
    assert!(ra.1 + rb.1 > 50_000, "too few functions found: {}", ra.1 + rb.1);
}
