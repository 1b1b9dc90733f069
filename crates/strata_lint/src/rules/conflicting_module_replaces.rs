//! MOD003 conflicting-module-replaces.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

use super::replace_util::{required_versions, target};

violation! {
/// ## What it does
/// Reports two workspace modules whose `go.mod` files replace the same module with different
/// targets, when no `go.work` replace settles it. Two replaces without a version conflict; so do
/// two for the same version, and a versioned one and an unversioned one when that version is the
/// one the workspace requires. Local directories are compared after resolving them against each
/// `go.mod`'s directory, as the go command does (`../dep` from two sibling modules is the same).
///
/// ## Why is this bad?
/// Every build in the workspace fails: `go: conflicting replacements for example.com/dep: …
/// use "go work edit -replace example.com/dep=[override]" to resolve`. strata's test suite checks
/// this against the installed go command.
///
/// ## Example
/// ```text
/// // orders/go.mod
/// replace example.com/dep => ../dep-v1
/// // billing/go.mod
/// replace example.com/dep => ../dep-v2
/// ```
///
/// Use instead:
/// ```text
/// // go.work decides for the whole workspace
/// replace example.com/dep => ./dep-v2
/// ```
///
/// ## Notes
/// Replaces of modules that are themselves in the workspace are ignored by the go command (MOD001)
/// and so never conflict.
pub struct ConflictingModuleReplaces;
}

/// Report pairs of member replaces that the go command rejects.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let ws = ctx.workspace;
    let Some(gw) = &ws.gowork else { return Ok(()) };
    let mut seen: Vec<(usize, usize)> = Vec::new(); // (module index, replace index) already checked
    for (mi, m) in ws.modules.iter().enumerate() {
        for (ri, r) in m.gomod.replace.iter().enumerate() {
            if ws.modules.iter().any(|x| x.path == r.old.path) {
                continue; // MOD001: ignored by the go command
            }
            let settled = gw
                .replace
                .iter()
                .any(|w| w.old.path == r.old.path && (w.old.version.is_none() || w.old.version == r.old.version));
            if settled {
                continue;
            }
            let rt = target(r, &m.dir);
            for &(pmi, pri) in &seen {
                let Some(pm) = ws.modules.get(pmi) else { continue };
                if pmi == mi {
                    continue;
                }
                let Some(p) = pm.gomod.replace.get(pri) else { continue };
                if p.old.path != r.old.path {
                    continue;
                }
                let clash_version = match (&p.old.version, &r.old.version) {
                    (None, None) => Some(None),
                    (Some(a), Some(b)) if a == b => Some(Some(a.clone())),
                    (Some(v), None) | (None, Some(v)) => {
                        required_versions(ws, &r.old.path).any(|x| x == v).then(|| Some(v.clone()))
                    }
                    _ => None,
                };
                let Some(version) = clash_version else { continue };
                let pt = target(p, &pm.dir);
                if pt == rt {
                    continue;
                }
                let at = version.map(|v| format!("@{v}")).unwrap_or_default();
                out.push(ctx.diagnostic_at(
                    rule,
                    &m.dir.join("go.mod"),
                    r.pos,
                    format!(
                        "conflicting replacements for {}{at}: {} => {} here, but {}:{}:{} => {}; the go command refuses to build the workspace (settle it with a replace in go.work)",
                        r.old.path,
                        m.path,
                        rt.show(&ws.root),
                        ctx.rel(&pm.dir.join("go.mod")),
                        p.pos.line,
                        p.pos.col,
                        pt.show(&ws.root),
                    ),
                ));
                break;
            }
            seen.push((mi, ri));
        }
    }
    Ok(())
}
