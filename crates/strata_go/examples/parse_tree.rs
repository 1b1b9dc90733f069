//! Parses every `.go` file under the given directories (or the given files) and prints each file with
//! syntax errors (`path:line:col: message`, first error), then a summary line on stderr.
//!
//! `cargo run --release -p strata_go --example parse_tree -- DIR... [--skip-testdata] [--list-failing]`
//! `--list-failing` prints only the paths of files with errors (for comparison with `gofmt -l -e`).
use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(p: &Path, skip_testdata: bool, out: &mut Vec<PathBuf>) {
    if p.is_file() {
        out.push(p.to_path_buf());
        return;
    }
    let Ok(rd) = std::fs::read_dir(p) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            if skip_testdata && e.file_name().is_some_and(|n| n == "testdata") {
                continue;
            }
            collect(&e, skip_testdata, out);
        } else if e.extension().is_some_and(|x| x == "go") {
            out.push(e);
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skip = args.iter().any(|a| a == "--skip-testdata");
    let list = args.iter().any(|a| a == "--list-failing");
    let mut files = Vec::new();
    for a in args.iter().filter(|a| !a.starts_with("--")) {
        collect(Path::new(a), skip, &mut files);
    }
    let sources: Vec<(PathBuf, Vec<u8>)> =
        files.into_iter().filter_map(|f| std::fs::read(&f).ok().map(|b| (f, b))).collect();
    let bytes: usize = sources.iter().map(|s| s.1.len()).sum();
    let t = Instant::now();
    let mut failing = 0;
    for (path, data) in &sources {
        let (text, mut errors) = strata_go::source_text(data);
        let parsed = strata_go::parse(&text);
        errors.extend(parsed.errors);
        if let Some(e) = errors.first() {
            failing += 1;
            if list {
                println!("{}", path.display());
            } else {
                let (l, c) = strata_go::LineIndex::new(&text).line_col(e.span.start);
                println!("{}:{l}:{c}: {} ({} errors)", path.display(), e.message, errors.len());
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "{} files, {:.1} MB, {failing} with errors, {:.3} s, {:.1} MB/s",
        sources.len(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
