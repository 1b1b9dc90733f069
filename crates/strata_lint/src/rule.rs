use crate::context::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;

/// A rule's check function: reads the context, pushes diagnostics; never prints.
pub type CheckFn = fn(&Context<'_>, &RuleMeta, &mut Vec<Diagnostic>) -> Result<()>;

/// One row of the code table ([`crate::codes::RULES`]).
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// The code (`LAY001`). A released code is never reused.
    pub code: &'static str,
    /// The rule name, kebab-case, named for the bad pattern (`forbidden-layer-import`).
    pub name: &'static str,
    /// One-line description (SARIF `shortDescription`, docs index).
    pub summary: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// Enabled when no `select` is given.
    pub default_enabled: bool,
    /// Why it is (or is not) enabled by default.
    pub default_reason: &'static str,
    /// The violation's doc comment, one entry per line (see [`doc_text`]).
    pub doc: &'static [&'static str],
    /// The check.
    pub check: CheckFn,
}

impl RuleMeta {
    /// The doc comment as markdown.
    pub fn doc_markdown(&self) -> String {
        doc_text(self.doc)
    }
}

/// Join doc-comment lines (`#[doc = " text"]` entries) into markdown, dropping the one leading space.
pub fn doc_text(lines: &[&str]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l.strip_prefix(' ').unwrap_or(l));
        s.push('\n');
    }
    s
}

/// Declare a violation struct whose doc comment is also kept as data (`Name::DOC`), like ruff's
/// `#[derive(ViolationMetadata)]`: the docs pages, SARIF help text and the heading test read it.
macro_rules! violation {
    ($(#[doc = $doc:literal])* pub struct $name:ident;) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl $name {
            /// The doc comment above, one entry per line.
            pub const DOC: &'static [&'static str] = &[$($doc),*];
        }
    };
}
pub(crate) use violation;
