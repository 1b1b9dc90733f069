//! LAY001 forbidden-layer-import.

use strata_layers::{Bucket, LayerId};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports an import from a package in one layer of a package in another layer when the layer
/// config's allowed edges forbid it. The layers and edges come from `strata.toml` (`may_import`),
/// else `.go-arch-lint.yml` (`mayDependOn`, `commonComponents`), else strata's defaults: adapter →
/// app, domain, infra; app → domain, infra; infra → domain; domain → nothing of the application.
///
/// ## Why is this bad?
/// Each forbidden edge couples an inner layer to an outer one: the domain starts to change when the
/// database does, and a service cannot be tested without its transport. It also makes the layer
/// costs strata measures meaningless, because work no longer flows in one direction.
///
/// ## Example
/// ```go
/// package repository // infra
///
/// import "example.com/shop/internal/service" // infra → app: forbidden
///
/// var _ service.Repository = (*Memory)(nil)
/// ```
///
/// Use instead:
/// ```go
/// package service // app: declare the port where it is used, let main do the wiring
///
/// type Repository interface{ Get(ctx context.Context, id int) (domain.Order, error) }
/// ```
///
/// ## Options
/// - `include-tests` (bool, default `false`): also check `_test.go` files. Tests often import
///   across layers on purpose (integration tests, fakes), and go-arch-lint skips them too.
///
/// ## Notes
/// Standard library and other modules are always allowed (DOM001 narrows that for the domain).
/// Packages that match no layer (`unknown`) are not checked, in either direction, like
/// go-arch-lint's files "not attached to any component". Imports of `cmd/...` library packages
/// are not reported as imports of `main`: Go itself refuses to import a real `package main`.
pub struct ForbiddenLayerImport;
}

/// Check every import of every application package against the allowed edges.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let include_tests = ctx.bool_option(rule, "include-tests", false)?;
    let map = ctx.layers;
    for pkg in ctx.packages {
        let from = ctx.layer_of(pkg);
        if !is_checked(map, from) {
            continue;
        }
        let files = pkg.files.iter().chain(pkg.test_files.iter().filter(|_| include_tests));
        for f in files {
            for imp in &f.header.imports {
                let to = map.layer_of_package(&imp.path);
                if !is_checked(map, to) || map.allows(from, to) {
                    continue;
                }
                let allowed = match map.allowed_targets(from) {
                    Some([]) => "no application layer".to_string(),
                    Some(list) => list.iter().map(|l| map.name(*l)).collect::<Vec<_>>().join(", "),
                    None => "any layer".to_string(),
                };
                let mut d = ctx.diagnostic_at(
                    rule,
                    &f.path,
                    imp.pos,
                    format!(
                        "{} imports {}: layer {} may not import layer {} ({} may import: {allowed})",
                        pkg.path,
                        imp.path,
                        map.name(from),
                        map.name(to),
                        map.name(from),
                    ),
                );
                d.layer_from = Some(map.name(from).to_string());
                d.layer_to = Some(map.name(to).to_string());
                out.push(d);
            }
        }
    }
    Ok(())
}

/// Application layers are checked; `main`, `unknown` and the library buckets are not.
fn is_checked(map: &strata_layers::LayerMap, id: LayerId) -> bool {
    !matches!(
        map.bucket(id),
        Some(Bucket::Main | Bucket::Unknown | Bucket::Stdlib | Bucket::Runtime | Bucket::Thirdparty)
    )
}
