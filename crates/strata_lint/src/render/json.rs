//! `--format json`: the `strata.lint/v1` document.
//!
//! ```json
//! {
//!   "schema": "strata.lint/v1",
//!   "diagnostics": [
//!     {"code": "LAY001", "rule": "forbidden-layer-import", "severity": "warning",
//!      "file": "internal/repository/memory.go", "line": 9, "column": 2, "end_line": 9, "end_column": 37,
//!      "message": "…", "layer_from": "infra", "layer_to": "app"}
//!   ],
//!   "summary": {"diagnostics": 1, "errors": 0, "warnings": 1, "infos": 0, "suppressed": 0,
//!               "packages": 5, "files": 6}
//! }
//! ```
//! Lines are 1-based; columns are 1-based byte columns (as the Go toolchain counts); `end_column`
//! is exclusive. `layer_from`/`layer_to` are null for rules that are not about a layer edge.
//! `file` is relative to the current directory when inside it.

use std::io::Write;

use serde::Serialize;

use super::{RenderOptions, display_path};
use crate::diagnostic::Severity;
use crate::engine::LintResult;

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    diagnostics: Vec<Item<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    layer_from: Option<&'a str>,
    layer_to: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    diagnostics: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    packages: usize,
    files: usize,
}

/// Write the JSON document.
pub fn write(result: &LintResult, opts: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let diagnostics = result
        .diagnostics
        .iter()
        .map(|d| {
            let lc = result.sources.line_col(&d.file, &d.range);
            Item {
                code: d.code,
                rule: d.rule,
                severity: d.severity,
                file: display_path(&d.file, opts.base.as_deref()),
                line: lc.line,
                column: lc.column,
                end_line: lc.end_line,
                end_column: lc.end_column,
                message: &d.message,
                layer_from: d.layer_from.as_deref(),
                layer_to: d.layer_to.as_deref(),
            }
        })
        .collect();
    let count = |s: Severity| result.diagnostics.iter().filter(|d| d.severity == s).count();
    let doc = Doc {
        schema: "strata.lint/v1",
        diagnostics,
        summary: Summary {
            diagnostics: result.diagnostics.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            suppressed: result.suppressed,
            packages: result.packages,
            files: result.files,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(super::json_io_error)?;
    writeln!(out)
}
