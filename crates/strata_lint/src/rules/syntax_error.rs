//! E001 syntax-error.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a `.go` file whose package clause or import declarations strata cannot read: a file
/// that is not Go (a binary named `x.go`), an unterminated string or comment in the header, an
/// import that is not a string, or files of one directory declaring different packages.
///
/// ## Why is this bad?
/// The go command rejects the package, and strata cannot tell which layer edges the file adds,
/// so its imports go unchecked. The rest of the tree is still linted.
///
/// ## Example
/// ```go
/// package store
///
/// import "database/sql
/// ```
///
/// Use instead:
/// ```go
/// package store
///
/// import "database/sql"
/// ```
///
/// ## Notes
/// Until strata's own Go parser lands, only the package clause and the imports are parsed, so
/// syntax errors further down a file are not reported.
pub struct SyntaxError;
}

/// Turn package-discovery syntax errors into diagnostics.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    for p in ctx.discovery_problems {
        if let strata_layers::Error::Syntax { file, pos, msg } = p {
            let off = ctx.sources.get(file).offset(*pos);
            out.push(ctx.diagnostic(rule, file, off..off, msg.clone()));
        }
    }
    Ok(())
}
