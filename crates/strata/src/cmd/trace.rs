//! `strata trace FILE`: per-layer latency, blocking and GC facts from a Go execution trace
//! (Go 1.22+ formats), or a `go tool trace -pprof=KIND` equivalent profile.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use strata_gotrace::analysis::{Analysis, Options, PprofKind, analyze, analyze_at};
use strata_gotrace::report::Report;
use strata_layers::{LayerMap, config, workspace};

use crate::Outcome;
use crate::output::{colour_stdout, paint};

/// Arguments of `strata trace`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Execution trace file (runtime/trace, `go test -trace`, /debug/pprof/trace).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Profile kind for `--format pprof` (like `go tool trace -pprof=KIND`).
    #[arg(long, value_enum, default_value_t = Kind::Sched)]
    pub kind: Kind,
    /// Exit 2 instead of warning when the trace is truncated.
    #[arg(long)]
    pub strict: bool,
    /// Layer definitions to use instead of strata.toml / .go-arch-lint.yml / the defaults.
    #[arg(long, value_name = "FILE")]
    pub layers: Option<PathBuf>,
    /// The Go module or workspace the trace comes from (its module paths mark application code
    /// and its strata.toml defines the layers). Without it every non-standard package counts as
    /// application code.
    #[arg(long, value_name = "DIR")]
    pub module: Option<PathBuf>,
    /// Reproduce `go tool trace -pprof` of Go 1.22/1.23, which ignores state transitions without
    /// a stack (their profiles differ from Go 1.26's).
    #[arg(long)]
    pub legacy_pprof: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// `strata.trace/v1` JSON.
    Json,
    /// A profile.proto like `go tool trace -pprof=KIND` (binary, to stdout).
    Pprof,
}

/// `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Scheduler latency (runnable → running).
    Sched,
    /// Blocking on channels, select, sync.
    Sync,
    /// Blocking on the network.
    Net,
    /// Syscalls.
    Syscall,
}

impl From<Kind> for PprofKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Sched => PprofKind::Sched,
            Kind::Sync => PprofKind::Sync,
            Kind::Net => PprofKind::Net,
            Kind::Syscall => PprofKind::Syscall,
        }
    }
}

/// The layer map for `--module` / `--layers`.
pub fn layer_map(module: Option<&Path>, layers: Option<&Path>) -> anyhow::Result<LayerMap> {
    let modules = match module {
        Some(dir) => Some(workspace::discover(dir)?),
        None => None,
    };
    let paths = modules.as_ref().map(|w| w.module_paths()).unwrap_or_default();
    Ok(match (layers, &modules) {
        (Some(f), _) => config::load_layer_file(f, &paths)?,
        (None, Some(ws)) => config::load_layer_map(ws)?.0,
        (None, None) => LayerMap::defaults(&[]),
    })
}

/// Decode and analyse a trace file.
/// `pprof_only`: only that profile is wanted (`--format pprof`), skip the other analyses.
pub fn analyse_file(
    file: &Path,
    map: &LayerMap,
    legacy_pprof: bool,
    pprof_only: Option<PprofKind>,
) -> anyhow::Result<Analysis> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let mut opts = Options::default();
    opts.legacy_pprof = legacy_pprof;
    opts.pprof_only = pprof_only;
    // A regular file is read batch by batch as the analysis reaches each one (less memory); a
    // pipe or device (e.g. /dev/stdin) is streamed a generation at a time.
    let regular = f.metadata().is_ok_and(|m| m.is_file());
    let a = if regular { analyze_at(&f, map, &opts) } else { analyze(f, map, &opts) };
    a.with_context(|| format!("{}", file.display()))
}

/// Run `strata trace`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let map = layer_map(args.module.as_deref(), args.layers.as_deref())?;
    let pprof_only = (args.format == Format::Pprof).then(|| PprofKind::from(args.kind));
    let a = analyse_file(&args.file, &map, args.legacy_pprof, pprof_only)?;
    if let Some(t) = &a.truncation {
        let msg = format!(
            "{}: trace truncated: {}; analysed the complete generations, dropped {} bytes from byte {}{}",
            args.file.display(),
            t.reason,
            t.dropped_bytes,
            t.offset,
            t.generation.map(|g| format!(" (generation {g})")).unwrap_or_default()
        );
        if args.strict {
            anyhow::bail!("{msg} (--strict)");
        }
        eprintln!("strata: warning: {msg}");
    }
    if a.forced_events > 0 {
        eprintln!(
            "strata: warning: {}: {} events could not be ordered by their sequence numbers (broken trace?)",
            args.file.display(),
            a.forced_events
        );
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Pprof => {
            let kind = PprofKind::from(args.kind);
            let empty = Default::default();
            let samples = a.pprof.get(kind as usize).unwrap_or(&empty);
            out.write_all(&strata_gotrace::pprof::encode(&a.stacks, samples))?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &Report::new(&a, &map)).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => write_table(&mut out, &Report::new(&a, &map), colour_stdout())?,
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

fn ms(ns: u64) -> String {
    if ns >= 1_000_000 { format!("{:.1}ms", ns as f64 / 1e6) } else { format!("{:.1}µs", ns as f64 / 1e3) }
}

/// Render the report as text tables.
pub fn write_table(out: &mut dyn Write, r: &Report, colour: bool) -> std::io::Result<()> {
    let bold = |s: &str| paint(colour, "1", s);
    writeln!(
        out,
        "{} go {} format, {} generations, {} events, {}",
        bold("trace"),
        r.go_version,
        r.generations,
        r.events,
        ms(r.duration_ns)
    )?;
    if let Some(t) = &r.truncated {
        writeln!(out, "  truncated: {} ({} bytes dropped from byte {})", t.reason, t.dropped_bytes, t.offset)?;
    }
    let stats_header = |out: &mut dyn Write, title: &str| -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            bold(&format!(
                "{title:<44} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
                "count", "p50", "p90", "p99", "max", "mean", "stddev"
            ))
        )
    };
    let stats_row = |out: &mut dyn Write, name: &str, s: &strata_gotrace::report::DurationStats| {
        writeln!(
            out,
            "{name:<44} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            s.count,
            ms(s.p50_ns),
            ms(s.p90_ns),
            ms(s.p99_ns),
            ms(s.max_ns),
            ms(s.mean_ns),
            ms(s.stddev_ns)
        )
    };
    if !r.tasks.is_empty() {
        stats_header(out, "tasks")?;
        for t in &r.tasks {
            stats_row(out, &t.name, t)?;
        }
    }
    if !r.regions.is_empty() {
        stats_header(out, "regions (nested)")?;
        for reg in &r.regions {
            stats_row(out, &format!("{}{}", "  ".repeat(reg.depth), reg.stats.name), &reg.stats)?;
        }
    }
    writeln!(out)?;
    // Intervals still open at the end of the trace are in count and total, and shown apart.
    let unfinished = |n: u64, ns: u64| if n == 0 { String::new() } else { format!("{n} × {}", ms(ns)) };
    let header = |title: &str, layer: &str| {
        format!("{title:<34} {layer:<12} {:>8} {:>12}  {:>18}", "count", "total", "unfinished at end")
    };
    writeln!(out, "{}", bold(&header("blocked on", "layer")))?;
    for b in &r.blocking {
        let u = unfinished(b.unfinished_count, b.unfinished_ns);
        writeln!(out, "{:<34} {:<12} {:>8} {:>12}  {u:>18}", b.reason, b.layer, b.count, ms(b.total_ns))?;
    }
    for (title, rows) in [("syscalls", &r.syscalls), ("scheduler wait", &r.sched_wait)] {
        writeln!(out)?;
        writeln!(out, "{}", bold(&header(title, "layer")))?;
        for l in rows {
            let u = unfinished(l.unfinished_count, l.unfinished_ns);
            writeln!(out, "{:<34} {:<12} {:>8} {:>12}  {u:>18}", "", l.layer, l.count, ms(l.total_ns))?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} {} cycles, {} stop-the-world pauses, total {}, max {}",
        bold("gc"),
        r.gc.count,
        r.gc.stw_count,
        ms(r.gc.stw_total_ns),
        ms(r.gc.stw_max_ns)
    )?;
    for m in &r.gc.mark_assist {
        let u = if m.unfinished_count == 0 {
            String::new()
        } else {
            format!(" ({} unfinished at end, {})", m.unfinished_count, ms(m.unfinished_ns))
        };
        writeln!(out, "  mark assist in {:<12} {:>6} × {}{u}", m.layer, m.count, ms(m.total_ns))?;
    }
    writeln!(out, "{} {} created, {} live at most", bold("goroutines"), r.goroutines.created, r.goroutines.max_live)?;
    if r.cpu_samples.count > 0 {
        let parts: Vec<String> = r.cpu_samples.layers.iter().map(|l| format!("{} {}", l.layer, l.samples)).collect();
        writeln!(out, "{} {} ({})", bold("cpu samples"), r.cpu_samples.count, parts.join(", "))?;
    }
    if !r.task_time.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            bold(&format!(
                "{:<20} {:<12} {:>11} {:>11} {:>11} {:>11}",
                "task time", "layer", "running", "runnable", "blocked", "syscall"
            ))
        )?;
        for t in &r.task_time {
            writeln!(
                out,
                "{:<20} {:<12} {:>11} {:>11} {:>11} {:>11}",
                t.task,
                t.layer,
                ms(t.running_ns),
                ms(t.runnable_ns),
                ms(t.blocked_ns),
                ms(t.syscall_ns)
            )?;
        }
    }
    Ok(())
}

/// `strata demo` step: the committed Go 1.26 trace of testdata/gotrace/tracedemo.
pub fn demo_trace(root: &Path, out: &mut dyn Write, colour: bool) -> anyhow::Result<()> {
    let map = layer_map(Some(&root.join("examples/orders")), None)?;
    for service in ["layered", "flat"] {
        writeln!(out)?;
        let title = format!(
            "== strata trace testdata/orders/{service}/trace.out --module examples/orders — the {service} order service under load: blocking, syscalls, scheduler wait, GC by layer"
        );
        writeln!(out, "{}", paint(colour, "1;36", &title))?;
        let a = analyse_file(&root.join(format!("testdata/orders/{service}/trace.out")), &map, false, None)?;
        write_table(out, &Report::new(&a, &map), colour)?;
    }
    Ok(())
}
