//! E002 workspace-error.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports what makes the workspace unreadable in parts: a `go.work` `use` of a directory that does
/// not exist or has no `go.mod`, a module listed twice, a member's `go.mod` that does not parse, and
/// files or directories that cannot be read.
///
/// ## Why is this bad?
/// The go command refuses to build such a workspace (`go: cannot load module ./missing listed in
/// go.work file`). strata lints the modules it can read and reports the rest here, with the file
/// and position to fix.
///
/// ## Example
/// ```text
/// go 1.26
///
/// use (
///     ./orders
///     ./billing   // directory was deleted
/// )
/// ```
///
/// Use instead:
/// ```text
/// go 1.26
///
/// use ./orders
/// ```
pub struct WorkspaceError;
}

/// Turn workspace problems and unreadable files into diagnostics.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    for p in ctx.workspace.problems.iter().chain(ctx.discovery_problems) {
        match p {
            strata_layers::Error::Syntax { file, pos, msg } => {
                // Discovery syntax errors are E001; workspace ones are about go.work / go.mod.
                if ctx.discovery_problems.iter().any(|d| std::ptr::eq(d, p)) {
                    continue;
                }
                out.push(ctx.diagnostic_at(rule, file, *pos, msg.clone()));
            }
            strata_layers::Error::Io { path, source } => {
                out.push(ctx.diagnostic(rule, path, 0..0, format!("cannot read: {source}")));
            }
            strata_layers::Error::NonUtf8Path { path } => {
                out.push(ctx.diagnostic(
                    rule,
                    path,
                    0..0,
                    "path is not valid UTF-8 (Go import paths must be UTF-8)".into(),
                ));
            }
            _ => out.push(ctx.diagnostic(rule, &ctx.workspace.root, 0..0, p.to_string())),
        }
    }
    Ok(())
}
