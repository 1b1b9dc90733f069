//! `strata demo`: every capability that exists, on the artifacts bundled in the repository.
//!
//! Each capability adds a step here. The bundled data is found relative to the repository root
//! (`--data DIR` overrides it; the default is the directory this binary was built from).

use std::io::Write;
use std::path::PathBuf;

use crate::Outcome;
use crate::output::{colour_stdout, paint};

/// Arguments of `strata demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository root holding `testdata/` and `examples/` (default: the current directory when it
    /// has `testdata/gotree`, else the checkout strata was built from).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

fn repo_root(args: &Args) -> PathBuf {
    if let Some(d) = &args.data {
        return d.clone();
    }
    // Run from a checkout: the current directory; else the checkout this binary was built from.
    if std::path::Path::new("testdata/gotree").is_dir() {
        return PathBuf::from(".");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run the demo.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let root = repo_root(&args);
    let colour = colour_stdout();
    let mut out = std::io::stdout().lock();
    let mut step = |title: &str| -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", paint(colour, "1;36", &format!("== {title}")))
    };

    step("strata layers testdata/gotree/shop — the layer map of a small layered Go service")?;
    let rep = super::layers::report(&root.join("testdata/gotree/shop"), None, false)?;
    let mut out = std::io::stdout().lock();
    super::layers::write_table(&mut out, &rep, true, colour)?;
    writeln!(out)?;
    let title = "== strata layers examples/orders — the reference experiment: one order service built layered and flat";
    writeln!(out, "{}", paint(colour, "1;36", title))?;
    let rep = super::layers::report(&root.join("examples/orders"), None, false)?;
    super::layers::write_table(&mut out, &rep, true, colour)?;
    super::lint::demo_lint(&root, &mut out, colour)?;
    super::escape::demo_escape(&root, &mut out, colour)?;
    super::trace::demo_trace(&root, &mut out, colour)?;
    super::profile::demo_profile(&root, &mut out, colour)?;
    super::record::demo_record(&root, &mut out, colour)?;
    Ok(Outcome::Ok)
}
