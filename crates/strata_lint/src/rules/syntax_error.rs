//! E001 syntax-error.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a `.go` file strata's Go parser cannot parse, with the position and range of each error
/// (in go/parser's words where possible): a file that is not Go (a binary named `x.go`), an
/// unterminated string or comment, a missing brace, invalid UTF-8; and files of one directory
/// declaring different packages.
///
/// ## Why is this bad?
/// The go command rejects the package, and strata cannot tell which layer edges the file adds or
/// what its functions do, so its imports and code go partly unchecked. The rest of the tree is
/// still linted.
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
/// Files that build for linux/amd64 (the loader's target) are parsed whole; files excluded by
/// their build constraints are only read up to their imports, so errors further down them are not
/// reported. At most 100 errors are reported per file.
pub struct SyntaxError;
}

/// Parser errors of every loaded file; package-discovery syntax errors for the files the loader
/// did not parse (excluded by build constraints) and package-clause conflicts.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let program = ctx.program();
    let mut parsed = std::collections::HashSet::new();
    for pkg in &program.packages {
        for f in &pkg.files {
            parsed.insert(f.path.as_path());
            for e in &f.errors {
                out.push(ctx.diagnostic(rule, &f.path, e.span.start as usize..e.span.end as usize, e.message.clone()));
            }
        }
    }
    for p in ctx.discovery_problems {
        if let strata_layers::Error::Syntax { file, pos, msg } = p {
            if parsed.contains(file.as_path()) && !msg.contains("conflicts with package") {
                continue;
            }
            let off = ctx.sources.get(file).offset(*pos);
            out.push(ctx.diagnostic(rule, file, off..off, msg.clone()));
        }
    }
    Ok(())
}
