//! Loads a module or workspace with `strata_go::loader` (linux/amd64) and resolves every call; prints
//! packages, files, declarations, and how many calls resolved in each form.
//! `cargo run --release -p strata_go --example load_tree -- DIR [N problems to print] [--list] [--tags a,b]`
use std::time::Instant;

use strata_go::loader::{self, Callee, Target};

fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let t = Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let mut target = Target::default();
    // `--tags a,b`: extra build tags (e.g. the toolchain's `go list -f '{{context.ToolTags}}'`).
    if let Some(tags) = args.iter().position(|a| a == "--tags").and_then(|i| args.get(i + 1)) {
        target.build.tags = tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect();
    }
    let program = loader::load(std::path::Path::new(&dir), &target)?;
    let load_s = t.elapsed().as_secs_f64();
    if std::env::args().any(|a| a == "--list") {
        // The same lines as `go list -f '{{.ImportPath}}: {{join .GoFiles " "}}' ./...`.
        for p in &program.packages {
            let mut names: Vec<String> = p
                .files
                .iter()
                .filter(|f| !f.is_test)
                .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            names.sort();
            println!("{}: {}", p.path, names.join(" "));
        }
        return Ok(());
    }
    let files: usize = program.packages.iter().map(|p| p.files.len()).sum();
    let with_errors: usize = program.packages.iter().flat_map(|p| &p.files).filter(|f| !f.errors.is_empty()).count();
    let types: usize = program.packages.iter().map(|p| p.index.types.len()).sum();
    let funcs: usize = program.packages.iter().map(|p| p.index.funcs.len()).sum();
    let methods: usize = program.packages.iter().flat_map(|p| p.index.methods.values()).map(Vec::len).sum();
    let t = Instant::now();
    let mut counts = [0usize; 4];
    for i in 0..program.packages.len() {
        for c in loader::resolve_calls(&program, i) {
            let k = match c.callee {
                Callee::Func { .. } => 0,
                Callee::Method { .. } => 1,
                Callee::InterfaceMethod { .. } => 2,
                _ => 3,
            };
            counts[k] += 1;
        }
    }
    println!(
        "{} packages, {files} files ({with_errors} with syntax errors), {types} types, {funcs} funcs, {methods} methods, {} problems; load {load_s:.2} s",
        program.packages.len(),
        program.problems.len()
    );
    for p in program.problems.iter().take(std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0)) {
        println!("problem: {p}");
    }
    let total: usize = counts.iter().sum();
    println!(
        "calls {total}: func {} method {} interface {} unresolved {} ({:.0}% resolved); resolve {:.2} s",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        100.0 * (total - counts[3]) as f64 / total.max(1) as f64,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
