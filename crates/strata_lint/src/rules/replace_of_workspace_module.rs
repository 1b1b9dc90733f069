//! MOD001 replace-of-workspace-module.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

use super::replace_util::use_position;

violation! {
/// ## What it does
/// In a go.work workspace, reports a `replace` in a workspace module's `go.mod` whose replaced
/// module is itself a workspace module (listed with `use`).
///
/// ## Why is this bad?
/// The go command applies the `replace` directives of every workspace module, except those of
/// modules that are themselves in the workspace: those are ignored without a message (Go's own
/// test `work_replace_main_module.txt`: "replaces of the main module in workspace modules are
/// ignored"). The `replace` says one thing, the build does another. strata's test suite checks
/// this against the installed go command (`go run` in the workspace module).
///
/// ## Example
/// ```text
/// // orders/go.mod, in a workspace that also `use`s ./lib
/// module example.com/orders
///
/// require example.com/lib v0.0.0
///
/// replace example.com/lib => ../lib-fork   // ignored: ./lib is built
/// ```
///
/// Use instead:
/// ```text
/// // go.work: use the fork as the workspace module
/// use (
///     ./orders
///     ./lib-fork
/// )
/// ```
/// or delete the `replace`.
///
/// ## Notes
/// Outside workspace mode (no go.work, or `GOWORK=off`) the `replace` does apply; this rule only
/// runs in workspace mode.
pub struct ReplaceOfWorkspaceModule;
}

/// Report member replaces that target other members.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let ws = ctx.workspace;
    if ws.gowork.is_none() {
        return Ok(());
    }
    for m in &ws.modules {
        for r in &m.gomod.replace {
            if !ws.modules.iter().any(|x| x.path == r.old.path) {
                continue;
            }
            let used = use_position(ws, &r.old.path).unwrap_or_else(|| "go.work".to_string());
            out.push(ctx.diagnostic_at(
                rule,
                &m.dir.join("go.mod"),
                r.pos,
                format!(
                    "replace of {} is ignored: it is a workspace module ({used}), so the go command builds that directory instead of {}",
                    r.old.path, r.new.path
                ),
            ));
        }
    }
    Ok(())
}
