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
/// - `include-tests` (bool, default `true`): also check `_test.go` files, as go-arch-lint does.
///   Set it to `false` when tests import across layers on purpose (integration tests, fakes).
///
/// ## Notes
/// Standard library and other modules are always allowed (DOM001 narrows that for the domain).
/// Packages that match no layer are not checked as importers, like go-arch-lint's files "not
/// attached to any component". As import targets they are reported only with an explicit layer
/// config (strata.toml or .go-arch-lint.yml), where go-arch-lint reports them too; with the
/// path-segment defaults, `pkg/util`-style packages are normal. Under the defaults, imports of
/// `cmd/...` library packages are not reported as imports of `main`: Go itself refuses to import
/// a real `package main`. strata's tests compare LAY001 with go-arch-lint on the same config.
pub struct ForbiddenLayerImport;
}

/// Check every import of every application package against the allowed edges.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let include_tests = ctx.bool_option(rule, "include-tests", true)?;
    let map = ctx.layers;
    // With an explicit layer config, every application package is meant to be in a layer, so an
    // import of one that matches none is reported (as go-arch-lint does). With the path-segment
    // defaults, unmatched packages (pkg/util, …) are normal and not reported.
    let explicit = !matches!(map.source(), strata_layers::LayerSource::Defaults);
    for pkg in ctx.packages {
        let from = ctx.layer_of(pkg);
        if !is_checked(map, from) {
            continue;
        }
        let files = pkg.files.iter().chain(pkg.test_files.iter().filter(|_| include_tests));
        for f in files {
            for imp in &f.header.imports {
                let to = map.layer_of_package(&imp.path);
                let unmatched = explicit
                    && matches!(map.bucket(to), Some(Bucket::Unknown | Bucket::Main))
                    && map.is_app_package(&imp.path);
                if unmatched {
                    let mut d = ctx.diagnostic_at(
                        rule,
                        &f.path,
                        imp.pos,
                        format!(
                            "{} imports {}, which matches no layer of {}: add it to a layer",
                            pkg.path,
                            imp.path,
                            layer_source(map)
                        ),
                    );
                    d.layer_from = Some(map.name(from).to_string());
                    d.layer_to = Some(map.name(to).to_string());
                    out.push(d);
                    continue;
                }
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

fn layer_source(map: &strata_layers::LayerMap) -> String {
    match map.source() {
        strata_layers::LayerSource::StrataToml(p) | strata_layers::LayerSource::GoArchLint(p) => {
            p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
        }
        _ => "the layer config".to_string(),
    }
}

/// Application layers are checked; `main`, `unknown` and the library buckets are not.
fn is_checked(map: &strata_layers::LayerMap, id: LayerId) -> bool {
    !matches!(
        map.bucket(id),
        Some(Bucket::Main | Bucket::Unknown | Bucket::Stdlib | Bucket::Runtime | Bucket::Thirdparty)
    )
}
