//! `--format table`: escapes by layer, boundaries, reasons, and the cross-layer sites.

use std::io::Write;

use crate::report::EscapeReport;

/// Write the report as aligned text tables. `sites` limits the cross-layer sites listed.
pub fn write_table(out: &mut dyn Write, rep: &EscapeReport, sites: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "escape analysis of {} ({}): {} heap escapes in application packages",
        rep.root, rep.go_version, rep.escapes
    )?;
    writeln!(out)?;
    writeln!(out, "{:<12} {:>8} {:>13} {:>14}", "layer", "escapes", "written here", "leaking params")?;
    for l in &rep.layers {
        writeln!(out, "{:<12} {:>8} {:>13} {:>14}", l.name, l.escapes, l.written_here, l.leaking_params)?;
    }
    writeln!(out)?;
    if rep.boundaries.is_empty() {
        writeln!(out, "no cross-layer escapes")?;
    } else {
        writeln!(out, "{:<24} {:<9} {:>6}", "boundary", "kind", "count")?;
        for b in &rep.boundaries {
            writeln!(out, "{:<24} {:<9} {:>6}", format!("{} → {}", b.from, b.to), b.kind, b.count)?;
        }
    }
    if !rep.reasons.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:<28} {:>6}", "compiler reason (last flow step)", "count")?;
        for r in rep.reasons.iter().take(8) {
            writeln!(out, "{:<28} {:>6}", r.reason, r.count)?;
        }
    }
    if !rep.cross_layer_sites.is_empty() {
        writeln!(out)?;
        writeln!(out, "cross-layer sites:")?;
        for s in rep.cross_layer_sites.iter().take(sites) {
            let edge = match (&s.caller_layer, &s.callee_layer) {
                (Some(a), Some(b)) if s.kind == "argument" => format!("{a} → {b}"),
                _ => format!("{} runs {}'s allocation", s.layer, s.origin_layer),
            };
            writeln!(out, "  {}:{}:{}  {:<8} {}  {}", s.file, s.line, s.column, s.kind, edge, s.message)?;
            if let Some(r) = &s.reason {
                writeln!(out, "      {r}")?;
            }
        }
        if rep.cross_layer_sites.len() > sites {
            writeln!(out, "  … {} more (--format json lists all)", rep.cross_layer_sites.len() - sites)?;
        }
    }
    Ok(())
}
