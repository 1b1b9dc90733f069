//! The `strata layers` report: packages per layer and the layer → layer import matrix.
//!
//! JSON (`schema: "strata.layers/v1"`): `modules[] {path, dir}`, `layers[] {name, packages, files,
//! lines, patterns}`, `packages[] {path, layer, module, files, lines}`, `edges[] {from, to, imports,
//! allowed}` (distinct package → package imports between the two layers, stdlib/runtime/thirdparty
//! targets included), `problems[] {message}`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::layer::{Bucket, LayerId, LayerMap};
use crate::packages::Discovery;
use crate::workspace::Workspace;

/// A module of the workspace.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleRow {
    /// Module path.
    pub path: String,
    /// Directory.
    pub dir: String,
}

/// A layer's totals.
#[derive(Debug, Clone, Serialize)]
pub struct LayerRow {
    /// Layer name.
    pub name: String,
    /// Number of packages.
    pub packages: usize,
    /// Non-test .go files.
    pub files: usize,
    /// Lines in them.
    pub lines: u64,
    /// The patterns that select it.
    pub patterns: Vec<String>,
}

/// One package.
#[derive(Debug, Clone, Serialize)]
pub struct PackageRow {
    /// Import path.
    pub path: String,
    /// Layer name.
    pub layer: String,
    /// Module path.
    pub module: String,
    /// Non-test .go files.
    pub files: usize,
    /// Lines in them.
    pub lines: u64,
}

/// Imports from one layer to another.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeRow {
    /// Importing layer.
    pub from: String,
    /// Imported layer.
    pub to: String,
    /// Distinct package → package imports.
    pub imports: usize,
    /// Whether the layer map allows the edge.
    pub allowed: bool,
}

/// A non-fatal problem met while mapping.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemRow {
    /// The message, naming file and position.
    pub message: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct LayersReport {
    /// `"strata.layers/v1"`.
    pub schema: &'static str,
    /// Workspace root.
    pub root: String,
    /// `"defaults"`, or the config file used.
    pub config: String,
    /// Modules.
    pub modules: Vec<ModuleRow>,
    /// Layers in report order; buckets with no package are omitted.
    pub layers: Vec<LayerRow>,
    /// Packages, sorted by path.
    pub packages: Vec<PackageRow>,
    /// Layer edges, sorted by (from, to) in report order.
    pub edges: Vec<EdgeRow>,
    /// Problems.
    pub problems: Vec<ProblemRow>,
}

/// Build the report.
pub fn summarize(ws: &Workspace, map: &LayerMap, disc: &Discovery) -> LayersReport {
    let layer_of = |p: &crate::packages::Package| -> LayerId {
        if p.name == "main" { Bucket::Main.id() } else { map.layer_of_package(&p.path) }
    };
    let local: BTreeMap<&str, LayerId> =
        disc.packages.iter().filter(|p| !p.files.is_empty()).map(|p| (p.path.as_str(), layer_of(p))).collect();
    let mut totals: BTreeMap<LayerId, (usize, usize, u64)> = BTreeMap::new();
    let mut edges: BTreeMap<(LayerId, LayerId), usize> = BTreeMap::new();
    let mut packages = Vec::new();
    for p in disc.packages.iter().filter(|p| !p.files.is_empty()) {
        let l = local.get(p.path.as_str()).copied().unwrap_or(Bucket::Unknown.id());
        let t = totals.entry(l).or_default();
        t.0 += 1;
        t.1 += p.files.len();
        t.2 += p.lines();
        packages.push(PackageRow {
            path: p.path.clone(),
            layer: map.name(l).to_string(),
            module: p.module.clone(),
            files: p.files.len(),
            lines: p.lines(),
        });
        for imp in p.imports() {
            if imp == "C" {
                continue; // cgo pseudo-package
            }
            let to = local.get(imp).copied().unwrap_or_else(|| map.layer_of_package(imp));
            *edges.entry((l, to)).or_default() += 1;
        }
    }
    let order: Vec<LayerId> = map.layers().collect();
    let rank = |l: &LayerId| order.iter().position(|x| x == l).unwrap_or(usize::MAX);
    let layers = order
        .iter()
        .filter(|l| map.bucket(**l).is_none() || totals.contains_key(l))
        .map(|l| {
            let (packages, files, lines) = totals.get(l).copied().unwrap_or_default();
            LayerRow {
                name: map.name(*l).to_string(),
                packages,
                files,
                lines,
                patterns: map.patterns(*l).iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect();
    let mut edge_list: Vec<_> = edges.into_iter().collect();
    edge_list.sort_by_key(|((f, t), _)| (rank(f), rank(t)));
    let edges = edge_list
        .into_iter()
        .map(|((f, t), n)| EdgeRow {
            from: map.name(f).to_string(),
            to: map.name(t).to_string(),
            imports: n,
            allowed: map.allows(f, t),
        })
        .collect();
    let problems = ws.problems.iter().chain(&disc.problems).map(|e| ProblemRow { message: e.to_string() }).collect();
    LayersReport {
        schema: "strata.layers/v1",
        root: ws.root.display().to_string(),
        config: match map.source() {
            crate::LayerSource::Defaults => "defaults".to_string(),
            crate::LayerSource::StrataToml(p) | crate::LayerSource::GoArchLint(p) => p.display().to_string(),
        },
        modules: ws
            .modules
            .iter()
            .map(|m| ModuleRow { path: m.path.clone(), dir: m.dir.display().to_string() })
            .collect(),
        layers,
        packages,
        edges,
        problems,
    }
}
