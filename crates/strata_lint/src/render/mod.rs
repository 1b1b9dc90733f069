//! Output formats, one file each. Renderers only format: they get the finished [`LintResult`] and
//! a writer, compute line/column from the byte ranges, and never decide what is a finding.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::engine::LintResult;

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `file:line:col: CODE message`, with a source excerpt when asked.
    Text,
    /// `strata.lint/v1` JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=…::message`).
    Github,
}

/// Rendering options.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Show paths relative to this directory when they are inside it. Default: None (absolute).
    pub base: Option<PathBuf>,
    /// Text: show the source line under each finding. Default: false (the CLI turns it on for a TTY).
    pub show_source: bool,
    /// Text: ANSI colours. Default: false.
    pub colour: bool,
}

/// Write the result in a format.
pub fn render(format: Format, result: &LintResult, opts: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(result, opts, out),
        Format::Json => json::write(result, opts, out),
        Format::Sarif => sarif::write(result, opts, out),
        Format::Github => github::write(result, opts, out),
    }
}

/// `path` relative to `base` when inside it, else as given.
pub fn display_path(path: &Path, base: Option<&Path>) -> String {
    match base.and_then(|b| path.strip_prefix(b).ok()) {
        Some(r) if !r.as_os_str().is_empty() => r.display().to_string(),
        _ => path.display().to_string(),
    }
}

/// Keep the io error kind (a broken pipe must stay one, so the CLI exits quietly).
pub(crate) fn json_io_error(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}
