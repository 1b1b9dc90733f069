//! MOD002 shadowed-module-replace.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

use super::replace_util::target;

violation! {
/// ## What it does
/// Reports a `replace` in a workspace module's `go.mod` that a `replace` of the same module in
/// `go.work` overrides. A `go.work` replace without a version overrides every `go.mod` replace of
/// that module; one with a version overrides those for that version (and, for that version, a
/// `go.mod` replace without one).
///
/// ## Why is this bad?
/// The go command uses the go.work replace and says nothing: the module's own go.mod promises one
/// dependency, the workspace build links another. The seed report's belief that member replaces
/// are always ignored is wrong (golang/go#57738: "The workspace intentionally applies all of the
/// replace directives from the modules contained within the workspace"); they are ignored exactly
/// when go.work replaces the same module. strata's test suite checks this against the installed go
/// command.
///
/// ## Example
/// ```text
/// // go.work
/// use ./orders
/// replace example.com/dep => ./dep-v2
///
/// // orders/go.mod
/// replace example.com/dep => ../dep-v1   // silently overridden by go.work
/// ```
///
/// Use instead:
/// ```text
/// // orders/go.mod: no replace; the workspace decides
/// ```
///
/// ## Notes
/// Nothing is reported when both replaces point at the same directory or module version.
pub struct ShadowedModuleReplace;
}

/// Report member replaces shadowed by go.work replaces.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let ws = ctx.workspace;
    let Some(gw) = &ws.gowork else { return Ok(()) };
    for w in &gw.replace {
        if ws.modules.iter().any(|m| m.path == w.old.path) {
            continue; // a workspace module: MOD004 (and MOD001 for the go.mod replaces)
        }
        let wt = target(w, &ws.root);
        for m in &ws.modules {
            for r in &m.gomod.replace {
                if r.old.path != w.old.path {
                    continue;
                }
                let applies = match (&w.old.version, &r.old.version) {
                    (None, _) | (Some(_), None) => true,
                    (Some(a), Some(b)) => a == b,
                };
                if !applies || target(r, &m.dir) == wt {
                    continue;
                }
                let version = w.old.version.as_deref().map(|v| format!(" at {v}")).unwrap_or_default();
                out.push(ctx.diagnostic_at(
                    rule,
                    &m.dir.join("go.mod"),
                    r.pos,
                    format!(
                        "replace of {}{version} is overridden by go.work:{}:{} (=> {}): the workspace builds {}, not {}",
                        r.old.path,
                        w.pos.line,
                        w.pos.col,
                        w.new.path,
                        wt.show(&ws.root),
                        r.new.path
                    ),
                ));
            }
        }
    }
    Ok(())
}
