//! Shared body of the parse_speed examples.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::time::Instant;

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

/// Nanoseconds this thread has run on a CPU (Linux), if available.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Runs the measurement; `alloc` names the global allocator in the output.
pub fn run(alloc: &str) -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize =
        args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)).map_or(Ok(5), |s| s.parse())?;
    let root = args.first().ok_or_else(|| anyhow::anyhow!("usage: parse_speed[_mimalloc] DIR [--runs N]"))?;
    let mut files = Vec::new();
    collect(Path::new(root), &mut files);
    files.sort();
    let sources: Vec<String> = files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).collect();
    let bytes: usize = sources.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut errors = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let c = thread_cpu_ns();
        errors = 0;
        for s in &sources {
            errors += usize::from(!strata_go::parse(s).errors.is_empty());
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, thread_cpu_ns()) {
            best_cpu = best_cpu.min((b - a) as f64 / 1e9);
        }
    }
    println!(
        "strata_go alloc={alloc} files={} bytes={bytes} errors={errors} best_s={best:.3} mb_per_s={:.1} cpu_s={best_cpu:.3} cpu_mb_per_s={:.1}",
        sources.len(),
        bytes as f64 / 1e6 / best,
        bytes as f64 / 1e6 / best_cpu
    );
    Ok(())
}
