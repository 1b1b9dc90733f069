//! `strata layers [DIR]`: the layer map of a module or workspace.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use strata_layers::summary::{LayersReport, summarize};
use strata_layers::{config, packages, workspace};

use crate::Outcome;
use crate::output::{colour_stdout, paint};

/// Arguments of `strata layers`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A directory inside a Go module or go.work workspace.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Layer definitions to use instead of strata.toml / .go-arch-lint.yml / the defaults.
    #[arg(long, value_name = "FILE")]
    pub layers: Option<PathBuf>,
    /// Also walk vendor/ directories.
    #[arg(long)]
    pub include_vendor: bool,
    /// List every package with its layer (table format).
    #[arg(long, short)]
    pub verbose: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// `strata.layers/v1` JSON.
    Json,
}

/// Build the report for a directory (shared with `demo`).
pub fn report(dir: &Path, layers: Option<&Path>, include_vendor: bool) -> anyhow::Result<LayersReport> {
    let ws = workspace::discover(dir)?;
    let map = match layers {
        Some(f) => config::load_layer_file(f, &ws.module_paths())?,
        None => config::load_layer_map(&ws)?.0,
    };
    let mut opts = packages::Options::default();
    opts.include_vendor = include_vendor;
    let disc = packages::discover_packages(&ws, &opts);
    Ok(summarize(&ws, &map, &disc))
}

/// Run `strata layers`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let rep = report(&args.dir, args.layers.as_deref(), args.include_vendor)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rep).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => write_table(&mut out, &rep, args.verbose, colour_stdout())?,
    }
    for p in &rep.problems {
        eprintln!("strata: warning: {}", p.message);
    }
    Ok(Outcome::Ok)
}

/// Render the report as text tables.
pub fn write_table(out: &mut dyn Write, rep: &LayersReport, verbose: bool, colour: bool) -> std::io::Result<()> {
    let bold = |s: &str| paint(colour, "1", s);
    writeln!(out, "{} {}", bold("workspace"), rep.root)?;
    for m in &rep.modules {
        writeln!(out, "  module {}  ({})", m.path, m.dir)?;
    }
    writeln!(out, "  layers from {}", rep.config)?;
    writeln!(out)?;
    let w = rep.layers.iter().map(|l| l.name.len()).max().unwrap_or(5).max(5);
    writeln!(out, "{}", bold(&format!("{:<w$}  {:>8}  {:>6}  {:>8}", "layer", "packages", "files", "lines")))?;
    for l in &rep.layers {
        writeln!(out, "{:<w$}  {:>8}  {:>6}  {:>8}", l.name, l.packages, l.files, l.lines)?;
    }
    writeln!(out)?;
    // Dependency matrix over the layers that import anything.
    let froms: Vec<&str> = rep.layers.iter().filter(|l| l.packages > 0).map(|l| l.name.as_str()).collect();
    let mut tos: Vec<&str> = rep.layers.iter().map(|l| l.name.as_str()).collect();
    for e in &rep.edges {
        if !tos.contains(&e.to.as_str()) {
            tos.push(e.to.as_str());
        }
    }
    tos.retain(|t| rep.edges.iter().any(|e| e.to == *t));
    writeln!(
        out,
        "{}",
        bold("imports between layers (row imports column; distinct package imports, ! = not allowed)")
    )?;
    let cw = tos.iter().map(|t| t.len()).max().unwrap_or(4).max(6);
    let mut head = format!("{:<w$}", "");
    for t in &tos {
        head.push_str(&format!("  {t:>cw$}"));
    }
    writeln!(out, "{}", bold(&head))?;
    for f in &froms {
        let mut row = format!("{f:<w$}");
        for t in &tos {
            let cell = match rep.edges.iter().find(|e| e.from == *f && e.to == *t) {
                Some(e) if !e.allowed => paint(colour, "31", &format!("{:>cw$}", format!("!{}", e.imports))),
                Some(e) => format!("{:>cw$}", e.imports),
                None => format!("{:>cw$}", "."),
            };
            row.push_str("  ");
            row.push_str(&cell);
        }
        writeln!(out, "{row}")?;
    }
    if verbose {
        writeln!(out)?;
        let pw = rep.packages.iter().map(|p| p.path.len()).max().unwrap_or(7);
        writeln!(out, "{}", bold(&format!("{:<pw$}  {:<w$}  {:>6}  {:>8}", "package", "layer", "files", "lines")))?;
        for p in &rep.packages {
            writeln!(out, "{:<pw$}  {:<w$}  {:>6}  {:>8}", p.path, p.layer, p.files, p.lines)?;
        }
    }
    Ok(())
}
