//! LAY002 layer-cycle.

use std::collections::BTreeMap;
use std::path::PathBuf;

use strata_layers::{LayerId, Pos};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports layers that depend on each other: package imports that lead from layer A to layer B
/// and, through any number of imports and layers, back to A. One diagnostic per group of layers
/// that all reach each other, showing the shortest cycle through the first of them, placed on the
/// import that closes it (a forbidden one when the cycle has any), naming every edge with an
/// example import and listing the other layers of the group.
///
/// ## Why is this bad?
/// Go rejects import cycles between packages, but not between layers: `handler/a` → `service/b`
/// → `handler/c` compiles. Layers in a cycle cannot be understood, tested, or replaced apart, and
/// "which layer does this cost belong to" stops having an answer.
///
/// ## Example
/// ```go
/// package service // app
///
/// import "example.com/shop/internal/handler/dto" // app → adapter, while adapter → app
/// ```
///
/// Use instead:
/// ```go
/// package service
///
/// import "example.com/shop/internal/domain" // move the shared type to the inner layer
/// ```
///
/// ## Notes
/// Only application layers take part, only non-test files count, and `main`/`unknown` packages
/// are left out. A cycle is reported whatever the allowed edges say, so a config that allows both
/// directions still gets it.
pub struct LayerCycle;
}

struct Witness {
    file: PathBuf,
    pos: Pos,
    from_pkg: String,
    to_pkg: String,
}

/// Build the layer graph and report each strongly connected group of two or more layers.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let map = ctx.layers;
    // First import (in package, file, import order) for each layer edge.
    let mut edges: BTreeMap<(LayerId, LayerId), Witness> = BTreeMap::new();
    for pkg in ctx.packages {
        let from = ctx.layer_of(pkg);
        if map.bucket(from).is_some() {
            continue;
        }
        for f in &pkg.files {
            for imp in &f.header.imports {
                let to = map.layer_of_package(&imp.path);
                if to == from || map.bucket(to).is_some() {
                    continue;
                }
                edges.entry((from, to)).or_insert_with(|| Witness {
                    file: f.path.clone(),
                    pos: imp.pos,
                    from_pkg: pkg.path.clone(),
                    to_pkg: imp.path.clone(),
                });
            }
        }
    }
    let layers: Vec<LayerId> = map.app_layers().collect();
    let n = layers.len();
    let idx = |l: LayerId| layers.iter().position(|x| *x == l);
    // reach[i][j]: j reachable from i (n is small: a handful of layers).
    let mut reach = vec![vec![false; n]; n];
    for &(a, b) in edges.keys() {
        if let (Some(i), Some(j)) = (idx(a), idx(b))
            && let Some(cell) = reach.get_mut(i).and_then(|r| r.get_mut(j))
        {
            *cell = true;
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let via = reach.get(i).and_then(|r| r.get(k)).copied().unwrap_or(false)
                    && reach.get(k).and_then(|r| r.get(j)).copied().unwrap_or(false);
                if via && let Some(cell) = reach.get_mut(i).and_then(|r| r.get_mut(j)) {
                    *cell = true;
                }
            }
        }
    }
    let r = |i: usize, j: usize| reach.get(i).and_then(|row| row.get(j)).copied().unwrap_or(false);
    let mut done = vec![false; n];
    for start in 0..n {
        if done.get(start).copied().unwrap_or(true) || !r(start, start) {
            continue;
        }
        let group: Vec<usize> = (0..n).filter(|&j| j == start || (r(start, j) && r(j, start))).collect();
        for &g in &group {
            if let Some(d) = done.get_mut(g) {
                *d = true;
            }
        }
        let Some(cycle) = shortest_cycle(start, &group, &layers, &edges) else { continue };
        // Report on a forbidden edge of the cycle if any, else the edge back into the first layer.
        let pairs: Vec<(LayerId, LayerId)> = cycle.windows(2).filter_map(|w| Some((*w.first()?, *w.get(1)?))).collect();
        let Some(&(rf, rt)) = pairs.iter().find(|(a, b)| !map.allows(*a, *b)).or(pairs.last()) else { continue };
        let Some(w) = edges.get(&(rf, rt)) else { continue };
        let names: Vec<&str> = cycle.iter().map(|l| map.name(*l)).collect();
        let detail: Vec<String> =
            pairs.iter().filter_map(|p| edges.get(p).map(|w| format!("{} imports {}", w.from_pkg, w.to_pkg))).collect();
        let mut d = ctx.diagnostic_at(
            rule,
            &w.file,
            w.pos,
            if group.len() > 2 && group.len() + 1 > cycle.len() {
                let all: Vec<&str> = group.iter().filter_map(|&i| layers.get(i)).map(|l| map.name(*l)).collect();
                format!(
                    "layer cycle {} (layers {} all reach each other): {}",
                    names.join(" → "),
                    all.join(", "),
                    detail.join("; ")
                )
            } else {
                format!("layer cycle {}: {}", names.join(" → "), detail.join("; "))
            },
        );
        d.layer_from = Some(map.name(rf).to_string());
        d.layer_to = Some(map.name(rt).to_string());
        out.push(d);
    }
    Ok(())
}

/// Breadth-first search for the shortest cycle through `start` inside `group`: the layer ids,
/// first = last.
fn shortest_cycle(
    start: usize,
    group: &[usize],
    layers: &[LayerId],
    edges: &BTreeMap<(LayerId, LayerId), Witness>,
) -> Option<Vec<LayerId>> {
    let s = *layers.get(start)?;
    let in_group: Vec<LayerId> = group.iter().filter_map(|&i| layers.get(i).copied()).collect();
    let mut prev: BTreeMap<LayerId, LayerId> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([s]);
    while let Some(cur) = queue.pop_front() {
        for &(a, b) in edges.keys() {
            if a != cur || !in_group.contains(&b) {
                continue;
            }
            if b == s {
                let mut path = vec![s, cur];
                let mut x = cur;
                while let Some(&p) = prev.get(&x) {
                    path.push(p);
                    x = p;
                }
                if path.last() != Some(&s) {
                    path.push(s);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(b) {
                e.insert(cur);
                queue.push_back(b);
            }
        }
    }
    None
}
