//! `--format github`: GitHub Actions workflow commands, one per finding:
//! `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE rule::message`.
//! Data is escaped as the runner requires (`%`, CR, LF; in properties also `:` and `,`).

use std::io::Write;

use super::{RenderOptions, display_path};
use crate::diagnostic::Severity;
use crate::engine::LintResult;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Write workflow commands.
pub fn write(result: &LintResult, opts: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &result.diagnostics {
        let lc = result.sources.line_col(&d.file, &d.range);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&display_path(&d.file, opts.base.as_deref())),
            lc.line,
            lc.column,
            lc.end_line,
            lc.end_column,
            escape_property(&format!("{} {}", d.code, d.rule)),
            escape_data(&format!("{} {}", d.code, d.message)),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
    }
}
