//! MOD004 gowork-replace-of-workspace-module.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

use super::replace_util::use_position;

violation! {
/// ## What it does
/// Reports a `replace` in `go.work` whose replaced module is itself a workspace module (`use`d).
///
/// ## Why is this bad?
/// Without a version, the go command refuses the workspace: `go: workspace module example.com/lib
/// is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work
/// file or specify the version at which to replace the module.` (an error). With a version it is
/// accepted and silently ignored: the `use`d directory is built (a warning). strata's test suite
/// checks both against the installed go command.
///
/// ## Example
/// ```text
/// use (
///     ./orders
///     ./lib
/// )
///
/// replace example.com/lib => ./lib-fork
/// ```
///
/// Use instead:
/// ```text
/// use (
///     ./orders
///     ./lib-fork   // the fork is the workspace module
/// )
/// ```
pub struct GoworkReplaceOfWorkspaceModule;
}

/// Report go.work replaces of workspace modules.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let ws = ctx.workspace;
    let Some(gw) = &ws.gowork else { return Ok(()) };
    for r in &gw.replace {
        if !ws.modules.iter().any(|m| m.path == r.old.path) {
            continue;
        }
        let used = use_position(ws, &r.old.path).unwrap_or_else(|| "go.work".to_string());
        let mut d = match &r.old.version {
            None => ctx.diagnostic_at(
                rule,
                &gw.file,
                r.pos,
                format!(
                    "replace of workspace module {} ({used}) at all versions: the go command refuses the workspace; remove it or `use` the replacement instead",
                    r.old.path
                ),
            ),
            Some(v) => ctx.diagnostic_at(
                rule,
                &gw.file,
                r.pos,
                format!(
                    "replace of workspace module {} {v} is ignored: {} is a workspace module ({used}) and that directory is built instead of {}",
                    r.old.path, r.old.path, r.new.path
                ),
            ),
        };
        if r.old.version.is_some() {
            d.severity = Severity::Warning;
        }
        out.push(d);
    }
    Ok(())
}
