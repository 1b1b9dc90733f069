//! `--format text`: `file:line:col: CODE message`, like compilers and `go vet`; with
//! [`RenderOptions::show_source`] (a TTY) the source line and a caret underline follow.

use std::io::Write;

use super::{RenderOptions, display_path};
use crate::diagnostic::Severity;
use crate::engine::LintResult;

fn paint(on: bool, sgr: &str, s: &str) -> String {
    if on { format!("\x1b[{sgr}m{s}\x1b[0m") } else { s.to_string() }
}

/// Write the text format.
pub fn write(result: &LintResult, opts: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let c = opts.colour;
    for d in &result.diagnostics {
        let lc = result.sources.line_col(&d.file, &d.range);
        let sev = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
        };
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            paint(c, "1", &display_path(&d.file, opts.base.as_deref())),
            lc.line,
            lc.column,
            paint(c, sev, d.code),
            d.message
        )?;
        if opts.show_source && !d.range.is_empty() {
            let f = result.sources.get(&d.file);
            let line = String::from_utf8_lossy(f.line(lc.line)).replace('\t', "    ");
            let raw = f.line(lc.line);
            let before = raw.get(..(lc.column as usize).saturating_sub(1)).unwrap_or(b"");
            let pad: usize = before.iter().map(|&b| if b == b'\t' { 4 } else { 1 }).sum();
            let width =
                if lc.end_line == lc.line { (lc.end_column.saturating_sub(lc.column)).max(1) as usize } else { 1 };
            let gutter = lc.line.to_string();
            writeln!(out, "{} {}", " ".repeat(gutter.len()), paint(c, "34", "|"))?;
            writeln!(out, "{} {} {line}", paint(c, "34", &gutter), paint(c, "34", "|"))?;
            writeln!(
                out,
                "{} {} {}{}",
                " ".repeat(gutter.len()),
                paint(c, "34", "|"),
                " ".repeat(pad),
                paint(c, sev, &"^".repeat(width))
            )?;
            writeln!(out)?;
        }
    }
    let n = result.diagnostics.len();
    let errors = result.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let infos = result.diagnostics.iter().filter(|d| d.severity == Severity::Info).count();
    let warnings = n - errors - infos;
    if n == 0 {
        writeln!(out, "All checks passed ({} packages, {} files).", result.packages, result.files)?;
    } else {
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        let info_part = if infos > 0 { format!(", {infos} info{}", plural(infos)) } else { String::new() };
        writeln!(
            out,
            "Found {n} problem{} ({errors} error{}, {warnings} warning{}{info_part}) in {} packages, {} files.",
            plural(n),
            plural(errors),
            plural(warnings),
            result.packages,
            result.files
        )?;
    }
    if result.suppressed > 0 {
        writeln!(out, "{} suppressed by //strata:ignore.", result.suppressed)?;
    }
    Ok(())
}
