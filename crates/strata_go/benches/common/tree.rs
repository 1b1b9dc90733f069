//! Shared body of the parse benches.
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok).map(|e| e.path()) {
        if e.is_dir() {
            if e.file_name().is_some_and(|n| n != "testdata") {
                collect(&e, out);
            }
        } else if e.extension().is_some_and(|x| x == "go") {
            out.push(e);
        }
    }
}

fn tree() -> Vec<String> {
    let root = match std::env::var("STRATA_BENCH_TREE") {
        Ok(d) => PathBuf::from(d),
        Err(_) => {
            let out = std::process::Command::new("go").args(["env", "GOROOT"]).output().expect("go on PATH");
            PathBuf::from(String::from_utf8(out.stdout).unwrap().trim()).join("src")
        }
    };
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect()
}

/// Benches parsing (and lexing) of the tree; `group` names the allocator.
pub fn bench(c: &mut Criterion, group: &str) {
    let sources = tree();
    let bytes: usize = sources.iter().map(String::len).sum();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("parse", |b| {
        b.iter(|| {
            let mut decls = 0;
            for s in &sources {
                decls += strata_go::parse(s).file.decls.len();
            }
            decls
        })
    });
    g.bench_function("lex", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for s in &sources {
                let mut lx = strata_go::lexer::Lexer::new(s);
                while lx.next_token().tok != strata_go::Tok::Eof {
                    n += 1;
                }
            }
            n
        })
    });
    g.finish();
}
