//! `strata escape [DIR]`: the Go compiler's escape analysis by layer and layer boundary.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use strata_escape::{Options, escape_report, table};

use crate::Outcome;

/// Arguments of `strata escape`.
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
    /// Sites listed in the table and in `top_sites`.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text tables.
    Table,
    /// `strata.escape/v1` JSON.
    Json,
}

/// Run `strata escape`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut opts = Options::default();
    opts.top = args.top;
    opts.layers_file = args.layers.clone();
    let rep = escape_report(&args.dir, &opts)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rep).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => table::write_table(&mut out, &rep, args.top)?,
    }
    Ok(Outcome::Ok)
}

/// `strata demo` step: escapes of the bundled shop module, by layer.
pub fn demo_escape(root: &Path, out: &mut dyn Write, colour: bool) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        crate::output::paint(colour, "1;36", "== strata escape testdata/gotree/shop — compiler heap escapes by layer")
    )?;
    match escape_report(&root.join("testdata/gotree/shop"), &Options::default()) {
        Ok(rep) => table::write_table(out, &rep, 10)?,
        Err(e @ strata_escape::Error::NoGo { .. }) => writeln!(out, "skipped: {e}")?,
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
