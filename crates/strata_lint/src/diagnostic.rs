use std::ops::Range;
use std::path::PathBuf;

/// How serious a finding is. `--fail-on` compares against this order: info < warning < error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; not a defect.
    Info,
    /// A design problem or configuration that does not do what it says.
    Warning,
    /// The build fails, or the input cannot be read.
    Error,
}

impl Severity {
    /// Lower-case name, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse `info`, `warning`, `error`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One finding: a rule, a place (file + byte range) and a message. Line and column are computed
/// when rendering (see [`crate::SourceCache::line_col`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule code, e.g. `LAY001`.
    pub code: &'static str,
    /// Rule name, e.g. `forbidden-layer-import`.
    pub rule: &'static str,
    /// Severity (the rule's).
    pub severity: Severity,
    /// The file the finding is in (a .go file, go.mod or go.work).
    pub file: PathBuf,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// What is wrong, and where possible what to do.
    pub message: String,
    /// Layer of the importing side, for layer rules.
    pub layer_from: Option<String>,
    /// Layer of the imported side, for layer rules.
    pub layer_to: Option<String>,
}

impl Diagnostic {
    /// Sort key: file, then position, then code.
    pub fn sort_key(&self) -> (&PathBuf, usize, usize, &'static str) {
        (&self.file, self.range.start, self.range.end, self.code)
    }
}
