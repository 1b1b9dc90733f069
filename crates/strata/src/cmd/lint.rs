//! `strata lint [DIR...]`: layer and go.mod / go.work rules over Go source.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use strata_lint::render::{self, RenderOptions};
use strata_lint::{LintOptions, Severity, lint};

use crate::Outcome;
use crate::output::colour_stdout;

/// Arguments of `strata lint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directories inside Go modules or go.work workspaces (findings are kept for files under them).
    #[arg(default_value = ".")]
    pub dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Rules to run: codes (LAY001), prefixes (LAY, MOD0) or ALL, comma-separated or repeated.
    /// Replaces strata.toml's `[lint] select` and the default set.
    #[arg(long, value_name = "CODES")]
    pub select: Vec<String>,
    /// Rules to skip (codes, prefixes, ALL); added to strata.toml's `[lint] ignore`.
    #[arg(long, value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Layer definitions to use instead of strata.toml / .go-arch-lint.yml / the defaults.
    #[arg(long, value_name = "FILE")]
    pub layers: Option<PathBuf>,
    /// Also walk vendor/ directories.
    #[arg(long)]
    pub include_vendor: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: CODE message` (plus the source line on a terminal).
    Text,
    /// `strata.lint/v1` JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions annotations.
    Github,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any finding.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never exit 1.
    Never,
}

/// Lint `dirs` and render; returns whether findings reach `fail_on` (shared with `demo`). With
/// `exiting`, the result is not freed: the process exits next, so the syntax trees, the discovery
/// and the sources are left to the OS instead of being freed one node at a time (tens of ms on the
/// standard library).
pub fn lint_and_render(
    dirs: &[PathBuf],
    opts: &LintOptions,
    format: render::Format,
    ropts: &RenderOptions,
    fail_on: FailOn,
    exiting: bool,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let result = lint(dirs, opts)?;
    let linted = started.elapsed();
    render::render(format, &result, ropts, out)?;
    out.flush()?;
    if std::env::var_os("STRATA_LINT_TIMINGS").is_some() {
        let mut err = std::io::stderr().lock();
        for (phase, took) in &result.timings {
            writeln!(err, "strata lint: {:8.1} ms  {phase}", took.as_secs_f64() * 1e3)?;
        }
        writeln!(err, "strata lint: {:8.1} ms  lint, all", linted.as_secs_f64() * 1e3)?;
        writeln!(err, "strata lint: {:8.1} ms  lint and render", started.elapsed().as_secs_f64() * 1e3)?;
    }
    let threshold = match fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|t| result.diagnostics.iter().any(|d| d.severity >= t));
    if exiting {
        std::mem::forget(result);
    }
    Ok(if failed { Outcome::Findings } else { Outcome::Ok })
}

/// Run `strata lint`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut opts = LintOptions::default();
    if !args.select.is_empty() {
        opts.select = Some(args.select.clone());
    }
    opts.ignore = args.ignore.clone();
    opts.layers_file = args.layers.clone();
    opts.include_vendor = args.include_vendor;
    let format = match args.format {
        Format::Text => render::Format::Text,
        Format::Json => render::Format::Json,
        Format::Sarif => render::Format::Sarif,
        Format::Github => render::Format::Github,
    };
    let mut ropts = RenderOptions::default();
    ropts.base = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    let tty = std::io::stdout().is_terminal();
    ropts.show_source = tty;
    ropts.colour = colour_stdout();
    // Block-buffered: stdout's own buffer writes each line with its own syscall (1,800 on Gitea).
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    lint_and_render(&args.dirs, &opts, format, &ropts, args.fail_on, true, &mut out)
}

/// `strata demo` step: lint the bundled shop module.
pub fn demo_lint(root: &Path, out: &mut dyn Write, colour: bool) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::output::paint(colour, "1;36", "== strata lint testdata/gotree/shop — layer rules on the same module")
    )?;
    let mut ropts = RenderOptions::default();
    ropts.base = std::fs::canonicalize(root).ok();
    ropts.show_source = true;
    ropts.colour = colour;
    let dir = root.join("testdata/gotree/shop");
    lint_and_render(&[dir], &LintOptions::default(), render::Format::Text, &ropts, FailOn::Never, false, out)?;
    Ok(())
}
