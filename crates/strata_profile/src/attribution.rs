//! Layer attribution: who pays for each sample.
//!
//! The rule (architecture.md): a sample is charged to the layer of its **innermost frame that
//! belongs to the application** (a function whose package is in the main module or a workspace
//! module, or in package `main`). Standard library, runtime and third-party frames below that frame
//! are charged to that layer too; a stack with no application frame is charged to its own bucket
//! (`runtime`, `stdlib`, `thirdparty`, `unknown`). [`Options::unfold`] turns folding off: every
//! frame then counts for its own layer or bucket.
//!
//! Per layer, **self** is the value of the samples charged to it and **cum** the value of the
//! samples that pass through it anywhere in the stack (counted once per sample, even when the layer
//! appears several times, as `go tool pprof` counts a function's cum). A **cross-layer edge**
//! `from → to` carries the value of the samples in which a frame of layer `from` calls a frame of
//! layer `to` (once per sample). Per function, **flat** and **cum** are exactly what
//! `go tool pprof -top` shows at function granularity (functions are keyed by name).

use rustc_hash::FxHashMap;
use serde::Serialize;
use strata_layers::{Bucket, LayerId, LayerMap, package_of_symbol};

use crate::model::{FrameId, Profile, StackId, StrId};

/// Thresholds and switches of the analysis.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Show every frame in its own layer instead of folding runtime/stdlib/thirdparty frames into
    /// the application layer above them. Default: `false`.
    pub unfold: bool,
    /// A layer is "pass-through" when its cum is at least this share of the total (percent)…
    /// Default: `10.0`.
    pub pass_through_min_cum_pct: f64,
    /// …and its self is at most this fraction of its cum. Default: `0.05` (5 %).
    pub pass_through_max_self_ratio: f64,
    /// A layer is "runtime-heavy" when its self is at least this share of the total (percent)…
    /// Default: `5.0`.
    pub runtime_heavy_min_self_pct: f64,
    /// …and at least this fraction of its self is spent in runtime or standard library frames
    /// below it (allocation, maps, GC assist, syscalls). Default: `0.5`. Only meaningful when folded.
    pub runtime_heavy_min_share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            unfold: false,
            pass_through_min_cum_pct: 10.0,
            pass_through_max_self_ratio: 0.05,
            runtime_heavy_min_self_pct: 5.0,
            runtime_heavy_min_share: 0.5,
        }
    }
}

/// Cost of one layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerCost {
    /// Layer or bucket name.
    pub name: String,
    /// Value of the samples charged to this layer.
    #[serde(rename = "self")]
    pub self_value: i64,
    /// Value of the samples whose stack passes through this layer.
    pub cum: i64,
    /// `self` as a percentage of the total.
    pub self_pct: f64,
    /// `cum` as a percentage of the total.
    pub cum_pct: f64,
    /// Part of `self` spent in runtime or standard library frames folded into this layer.
    pub self_in_runtime: i64,
}

/// Flat and cum of one function (as `go tool pprof -top` shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionCost {
    /// Function name.
    pub name: String,
    /// The function's own layer (not folded).
    pub layer: String,
    /// Value of the samples whose leaf frame is this function.
    pub flat: i64,
    /// Value of the samples in which this function appears (once per sample).
    pub cum: i64,
}

/// Value flowing from one layer into another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerEdge {
    /// Caller layer.
    pub from: String,
    /// Callee layer.
    pub to: String,
    /// Value of the samples in which a `from` frame calls a `to` frame (once per sample).
    pub value: i64,
}

/// Kinds of verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VerdictKind {
    /// Large cum, tiny self: calls flow through the layer, it never forms a hotspot of its own.
    PassThrough,
    /// Most of the layer's self cost is runtime/stdlib work below it.
    RuntimeHeavy,
}

/// A finding about a layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The layer.
    pub layer: String,
    /// What was found.
    pub kind: VerdictKind,
    /// The numbers behind it, in words.
    pub detail: String,
}

/// The result of [`Attribution::analyze`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The sample type analysed (e.g. `cpu`).
    pub sample_type: String,
    /// Its unit (e.g. `nanoseconds`).
    pub unit: String,
    /// Sum of the absolute values of all samples (what `go tool pprof` calls the total).
    pub total: i64,
    /// Profile duration in nanoseconds (0 = unknown).
    pub duration_ns: i64,
    /// True when runtime/stdlib/thirdparty frames were not folded into the application layers.
    pub unfolded: bool,
    /// Per layer, in report order; application layers always, buckets when they have a value.
    pub layers: Vec<LayerCost>,
    /// Per function, by flat then cum (descending), then name.
    pub functions: Vec<FunctionCost>,
    /// Cross-layer edges, by value (descending).
    pub edges: Vec<LayerEdge>,
    /// Verdicts about layers.
    pub verdicts: Vec<Verdict>,
}

impl Analysis {
    /// The cost of a layer by name.
    pub fn layer(&self, name: &str) -> Option<&LayerCost> {
        self.layers.iter().find(|l| l.name == name)
    }

    /// The cost of a function by name.
    pub fn function(&self, name: &str) -> Option<&FunctionCost> {
        self.functions.iter().find(|f| f.name == name)
    }
}

/// Layers of every function and frame of a profile, for one layer map and one view.
#[derive(Debug)]
pub struct Attribution<'a> {
    profile: &'a Profile,
    map: &'a LayerMap,
    unfold: bool,
    /// Per function: own layer and whether it is application code.
    func_layer: Vec<LayerId>,
    func_app: Vec<bool>,
    /// Per frame: dense name index (pprof keys functions by name), own layer, application or not.
    frame_name: Vec<u32>,
    frame_own: Vec<LayerId>,
    frame_app: Vec<bool>,
    /// Dense name index → the name's string id.
    names: Vec<StrId>,
}

/// True when a function belongs to the application: its package is `main` or one of the map's
/// application packages, and its layer is not a non-application bucket.
pub fn is_application_symbol(map: &LayerMap, name: &str) -> bool {
    let layer = map.layer_of_symbol(name);
    if !map.is_application(layer) {
        return false;
    }
    match package_of_symbol(name) {
        Some(pkg) => pkg == "main" || map.is_app_package(&pkg),
        None => false,
    }
}

impl<'a> Attribution<'a> {
    /// Classify every function and frame of `profile` with `map`.
    pub fn new(profile: &'a Profile, map: &'a LayerMap, unfold: bool) -> Self {
        let unknown = Bucket::Unknown.id();
        let mut by_name: FxHashMap<StrId, (u32, LayerId, bool)> = FxHashMap::default();
        let mut names = Vec::new();
        let mut func_name = Vec::with_capacity(profile.functions().len());
        let mut func_layer = Vec::with_capacity(profile.functions().len());
        let mut func_app = Vec::with_capacity(profile.functions().len());
        for f in profile.functions() {
            let (idx, l, app) = *by_name.entry(f.name).or_insert_with(|| {
                let name = profile.str(f.name);
                names.push(f.name);
                ((names.len() - 1) as u32, map.layer_of_symbol(name), is_application_symbol(map, name))
            });
            func_name.push(idx);
            func_layer.push(l);
            func_app.push(app);
        }
        let mut frame_name = Vec::with_capacity(profile.frames().len());
        let mut frame_own = Vec::with_capacity(profile.frames().len());
        let mut frame_app = Vec::with_capacity(profile.frames().len());
        for fr in profile.frames() {
            let i = fr.function.0 as usize;
            frame_name.push(func_name.get(i).copied().unwrap_or(0));
            frame_own.push(func_layer.get(i).copied().unwrap_or(unknown));
            frame_app.push(func_app.get(i).copied().unwrap_or(false));
        }
        Attribution { profile, map, unfold, func_layer, func_app, frame_name, frame_own, frame_app, names }
    }

    fn own(&self, f: FrameId) -> LayerId {
        self.frame_own.get(f.0 as usize).copied().unwrap_or(Bucket::Unknown.id())
    }

    fn app(&self, f: FrameId) -> bool {
        self.frame_app.get(f.0 as usize).copied().unwrap_or(false)
    }

    /// Charged layer of every frame of `stack`, **root first**, into `out`.
    fn eff_root_first(&self, stack: StackId, out: &mut Vec<LayerId>) {
        out.clear();
        let mut carry: Option<LayerId> = None;
        for &f in self.profile.stack_frames(stack).iter().rev() {
            let own = self.own(f);
            if self.app(f) {
                carry = Some(own);
            }
            out.push(if self.unfold { own } else { carry.unwrap_or(own) });
        }
    }

    /// The layer a stack is charged to (the `unknown` bucket for the empty stack).
    pub fn layer_of_stack(&self, stack: StackId) -> LayerId {
        let frames = self.profile.stack_frames(stack);
        let Some(&leaf) = frames.first() else { return Bucket::Unknown.id() };
        if self.unfold {
            return self.own(leaf);
        }
        frames.iter().find(|f| self.app(**f)).map_or_else(|| self.own(leaf), |f| self.own(*f))
    }

    /// The layer each frame of a stack is shown in (charged layer when folded), leaf first.
    pub fn frame_layers_leaf_first(&self, stack: StackId) -> Vec<LayerId> {
        let mut v = Vec::new();
        self.eff_root_first(stack, &mut v);
        v.reverse();
        v
    }

    /// A function's own layer and whether it is application code.
    pub fn function_class(&self, func: crate::FuncId) -> (LayerId, bool) {
        let i = func.0 as usize;
        (
            self.func_layer.get(i).copied().unwrap_or(Bucket::Unknown.id()),
            self.func_app.get(i).copied().unwrap_or(false),
        )
    }

    /// The layer map in use.
    pub fn map(&self) -> &LayerMap {
        self.map
    }

    /// Analyse value column `type_index`.
    pub fn analyze(&self, type_index: usize, opts: &Options) -> Analysis {
        let p = self.profile;
        let n = p.stack_count();
        let mut stack_value = vec![0i64; n];
        let mut total: i64 = 0;
        for (stack, v) in p.sample_stacks().iter().zip(p.values_of(type_index)) {
            if let Some(slot) = stack_value.get_mut(stack.0 as usize) {
                *slot = slot.saturating_add(v);
            }
            total = total.saturating_add(v.saturating_abs());
        }
        let nl = self.map.len();
        let nn = self.names.len();
        let mut layer_self = vec![0i64; nl];
        let mut layer_cum = vec![0i64; nl];
        let mut layer_below = vec![0i64; nl];
        let mut layer_stamp = vec![u32::MAX; nl];
        let mut flat = vec![0i64; nn];
        let mut cum = vec![0i64; nn];
        let mut name_stamp = vec![u32::MAX; nn];
        let mut seen_name = vec![false; nn];
        let mut below_funcs: FxHashMap<(LayerId, u32), i64> = FxHashMap::default();
        let mut edges: FxHashMap<(LayerId, LayerId), i64> = FxHashMap::default();
        let mut stack_edges: Vec<(LayerId, LayerId)> = Vec::new();
        let add = |v: &mut Vec<i64>, l: LayerId, x: i64| {
            if let Some(s) = v.get_mut(l.0 as usize) {
                *s = s.saturating_add(x);
            }
        };
        for (si, &v) in stack_value.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let stack = StackId(si as u32);
            let frames = p.stack_frames(stack);
            let Some(&leaf) = frames.first() else {
                // Samples with an empty stack are charged to `unknown`.
                add(&mut layer_self, Bucket::Unknown.id(), v);
                add(&mut layer_cum, Bucket::Unknown.id(), v);
                continue;
            };
            let stamp = si as u32;
            // Functions: flat for the leaf.
            let leaf_name = self.frame_name.get(leaf.0 as usize).copied().unwrap_or(0) as usize;
            if let Some(x) = flat.get_mut(leaf_name) {
                *x = x.saturating_add(v);
            }
            // One walk, root first: cum once per name and per charged layer, cross-layer edges.
            stack_edges.clear();
            let mut carry: Option<LayerId> = None;
            let mut prev: Option<LayerId> = None;
            for &f in frames.iter().rev() {
                let i = f.0 as usize;
                let ni = self.frame_name.get(i).copied().unwrap_or(0) as usize;
                if let (Some(st), Some(c), Some(seen)) =
                    (name_stamp.get_mut(ni), cum.get_mut(ni), seen_name.get_mut(ni))
                    && *st != stamp
                {
                    *st = stamp;
                    *seen = true;
                    *c = c.saturating_add(v);
                }
                let own = self.frame_own.get(i).copied().unwrap_or(Bucket::Unknown.id());
                if self.frame_app.get(i).copied().unwrap_or(false) {
                    carry = Some(own);
                }
                let l = if self.unfold { own } else { carry.unwrap_or(own) };
                if let Some(st) = layer_stamp.get_mut(l.0 as usize).filter(|st| **st != stamp) {
                    *st = stamp;
                    add(&mut layer_cum, l, v);
                }
                if let Some(pl) = prev.filter(|pl| *pl != l && !stack_edges.contains(&(*pl, l))) {
                    stack_edges.push((pl, l));
                }
                prev = Some(l);
            }
            // Layers: self for the leaf's charged layer.
            let leaf_eff = prev.unwrap_or(Bucket::Unknown.id());
            let leaf_own = self.own(leaf);
            add(&mut layer_self, leaf_eff, v);
            if leaf_eff != leaf_own && matches!(self.map.bucket(leaf_own), Some(Bucket::Runtime | Bucket::Stdlib)) {
                add(&mut layer_below, leaf_eff, v);
                *below_funcs.entry((leaf_eff, leaf_name as u32)).or_default() += v;
            }
            for e in &stack_edges {
                *edges.entry(*e).or_default() += v;
            }
        }

        let pct = |v: i64| if total == 0 { 0.0 } else { round2(v as f64 * 100.0 / total as f64) };
        let layers: Vec<LayerCost> = self
            .map
            .layers()
            .filter_map(|l| {
                let i = l.0 as usize;
                let s = layer_self.get(i).copied().unwrap_or(0);
                let c = layer_cum.get(i).copied().unwrap_or(0);
                if self.map.bucket(l).is_some() && s == 0 && c == 0 {
                    return None;
                }
                Some(LayerCost {
                    name: self.map.name(l).to_string(),
                    self_value: s,
                    cum: c,
                    self_pct: pct(s),
                    cum_pct: pct(c),
                    self_in_runtime: layer_below.get(i).copied().unwrap_or(0),
                })
            })
            .collect();

        let mut functions: Vec<FunctionCost> = (0..nn)
            .filter(|i| seen_name.get(*i).copied().unwrap_or(false))
            .map(|i| {
                let name = p.str(self.names.get(i).copied().unwrap_or_default());
                FunctionCost {
                    name: name.to_string(),
                    layer: self.map.name(self.map.layer_of_symbol(name)).to_string(),
                    flat: flat.get(i).copied().unwrap_or(0),
                    cum: cum.get(i).copied().unwrap_or(0),
                }
            })
            .collect();
        functions.sort_by(|a, b| {
            b.flat.abs().cmp(&a.flat.abs()).then(b.cum.abs().cmp(&a.cum.abs())).then_with(|| a.name.cmp(&b.name))
        });

        let mut edge_rows: Vec<LayerEdge> = edges
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|((f, t), v)| LayerEdge {
                from: self.map.name(f).to_string(),
                to: self.map.name(t).to_string(),
                value: v,
            })
            .collect();
        edge_rows
            .sort_by(|a, b| b.value.abs().cmp(&a.value.abs()).then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to))));

        let verdicts = self.verdicts(&layers, &below_funcs, total, opts);
        let ty = p.sample_types().get(type_index).copied();
        Analysis {
            sample_type: ty.map(|t| p.str(t.kind).to_string()).unwrap_or_default(),
            unit: ty.map(|t| p.str(t.unit).to_string()).unwrap_or_default(),
            total,
            duration_ns: p.duration_nanos,
            unfolded: self.unfold,
            layers,
            functions,
            edges: edge_rows,
            verdicts,
        }
    }

    fn verdicts(
        &self,
        layers: &[LayerCost],
        below_funcs: &FxHashMap<(LayerId, u32), i64>,
        total: i64,
        opts: &Options,
    ) -> Vec<Verdict> {
        let mut out = Vec::new();
        if total == 0 {
            return out;
        }
        for l in layers {
            let Some(id) = self.map.id(&l.name) else { continue };
            if self.map.bucket(id).is_some() {
                continue;
            }
            if l.cum_pct >= opts.pass_through_min_cum_pct
                && l.cum > 0
                && (l.self_value as f64) <= l.cum as f64 * opts.pass_through_max_self_ratio
            {
                out.push(Verdict {
                    layer: l.name.clone(),
                    kind: VerdictKind::PassThrough,
                    detail: format!(
                        "cum {:.1}% but self {:.1}% ({:.1}% of its cum): calls flow through {} without forming a hotspot of its own",
                        l.cum_pct,
                        l.self_pct,
                        if l.cum == 0 { 0.0 } else { l.self_value as f64 * 100.0 / l.cum as f64 },
                        l.name
                    ),
                });
            }
            if !self.unfold
                && l.self_pct >= opts.runtime_heavy_min_self_pct
                && l.self_value > 0
                && l.self_in_runtime as f64 >= l.self_value as f64 * opts.runtime_heavy_min_share
            {
                let mut top: Vec<(&str, i64)> = below_funcs
                    .iter()
                    .filter(|((layer, _), _)| *layer == id)
                    .map(|((_, name), v)| {
                        (self.profile.str(self.names.get(*name as usize).copied().unwrap_or_default()), *v)
                    })
                    .collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let list: Vec<String> = top
                    .iter()
                    .take(3)
                    .map(|(n, v)| format!("{n} {:.1}%", *v as f64 * 100.0 / l.self_value as f64))
                    .collect();
                out.push(Verdict {
                    layer: l.name.clone(),
                    kind: VerdictKind::RuntimeHeavy,
                    detail: format!(
                        "{:.1}% of its self cost ({:.1}% of the total) is runtime/stdlib work below it; top: {}",
                        l.self_in_runtime as f64 * 100.0 / l.self_value as f64,
                        l.self_pct,
                        list.join(", ")
                    ),
                });
            }
        }
        out
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ProfileBuilder, ValueType};

    const M: &str = "example.com/shop/internal";

    fn build(stacks: &[(&[&str], i64)]) -> Profile {
        let mut b = ProfileBuilder::new();
        let t = ValueType { kind: b.intern("cpu"), unit: b.intern("nanoseconds") };
        b.set_sample_types(vec![t]);
        for (frames, v) in stacks {
            let ids: Vec<FrameId> = frames
                .iter()
                .map(|f| {
                    let name = f.replace("M/", &format!("{M}/"));
                    let func = b.function(&name, &name, "", 0);
                    b.frame(func, 1)
                })
                .collect();
            let s = b.stack_from_root(ids);
            b.add_sample(s, &[*v], &[]);
        }
        b.finish()
    }

    fn map() -> LayerMap {
        LayerMap::defaults(&["example.com/shop".to_string()])
    }

    #[test]
    fn folding_charges_runtime_below_application_frames() {
        let p = build(&[
            (&["runtime.main", "main.main", "M/handler.Serve", "M/service.Do", "runtime.mallocgc"], 60),
            (&["runtime.main", "main.main", "M/handler.Serve", "M/service.Do", "M/repository.Get"], 30),
            (&["runtime.gcBgMarkWorker"], 10),
        ]);
        let m = map();
        let a = Attribution::new(&p, &m, false).analyze(0, &Options::default());
        assert_eq!(a.total, 100);
        assert_eq!(a.layer("app").unwrap().self_value, 60);
        assert_eq!(a.layer("app").unwrap().self_in_runtime, 60);
        assert_eq!(a.layer("app").unwrap().cum, 90);
        assert_eq!(a.layer("infra").unwrap().self_value, 30);
        assert_eq!(a.layer("adapter").unwrap().self_value, 0);
        assert_eq!(a.layer("adapter").unwrap().cum, 90);
        assert_eq!(a.layer("runtime").unwrap().self_value, 10);
        // runtime.main is above every application frame: it stays runtime, so runtime's cum is 100.
        assert_eq!(a.layer("runtime").unwrap().cum, 100);
        let edge = |f: &str, t: &str| a.edges.iter().find(|e| e.from == f && e.to == t).map(|e| e.value);
        assert_eq!(edge("adapter", "app"), Some(90));
        assert_eq!(edge("app", "infra"), Some(30));
        assert_eq!(edge("runtime", "main"), Some(90));
        assert_eq!(edge("app", "runtime"), None, "folded: mallocgc is app");
        let kinds: Vec<_> = a.verdicts.iter().map(|v| (v.layer.as_str(), v.kind)).collect();
        assert!(kinds.contains(&("adapter", VerdictKind::PassThrough)), "{kinds:?}");
        assert!(kinds.contains(&("app", VerdictKind::RuntimeHeavy)), "{kinds:?}");
        assert!(!kinds.iter().any(|(l, _)| *l == "infra"), "{kinds:?}");
        let f = a.function("runtime.mallocgc").unwrap();
        assert_eq!((f.flat, f.cum, f.layer.as_str()), (60, 60, "runtime"));
        let f = a.function("main.main").unwrap();
        assert_eq!((f.flat, f.cum), (0, 90));

        let u = Attribution::new(&p, &m, true).analyze(0, &Options::default());
        assert_eq!(u.layer("app").unwrap().self_value, 0);
        assert_eq!(u.layer("runtime").unwrap().self_value, 70);
        assert!(u.edges.iter().any(|e| e.from == "app" && e.to == "runtime" && e.value == 60));
        assert!(!u.verdicts.iter().any(|v| v.kind == VerdictKind::RuntimeHeavy));
        // Function figures do not depend on the view.
        assert_eq!(u.functions, a.functions);
    }

    #[test]
    fn recursion_counts_once_and_negative_values_sum() {
        let p = build(&[
            (&["main.main", "M/handler.A", "M/service.B", "M/handler.A", "M/service.B"], 10),
            (&["main.main", "M/handler.A"], -4),
        ]);
        let m = map();
        let a = Attribution::new(&p, &m, false).analyze(0, &Options::default());
        assert_eq!(a.total, 14);
        let f = a.function("example.com/shop/internal/handler.A").unwrap();
        assert_eq!((f.flat, f.cum), (-4, 6));
        let f = a.function("example.com/shop/internal/service.B").unwrap();
        assert_eq!((f.flat, f.cum), (10, 10));
        assert_eq!(a.layer("adapter").unwrap().cum, 6);
        assert_eq!(a.layer("app").unwrap().cum, 10);
        let e: Vec<_> = a.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.value)).collect();
        assert!(e.contains(&("adapter", "app", 10)), "{e:?}");
        assert!(e.contains(&("app", "adapter", 10)), "{e:?}");
        assert!(e.contains(&("main", "adapter", 6)), "{e:?}");
    }

    #[test]
    fn stacks_without_application_frames_keep_their_bucket() {
        let p = build(&[(&["runtime.goexit", "net/http.(*conn).serve", "github.com/x/y.Z"], 5), (&[], 2)]);
        let m = map();
        let a = Attribution::new(&p, &m, false).analyze(0, &Options::default());
        assert_eq!(a.layer("thirdparty").unwrap().self_value, 5);
        assert_eq!(a.layer("stdlib").unwrap().cum, 5);
        assert_eq!(a.layer("unknown").unwrap().self_value, 2);
        assert_eq!(a.total, 7);
        assert!(a.layer("domain").is_some(), "application layers are always listed");
        assert!(a.layer("main").is_none(), "empty buckets are not");
    }

    #[test]
    fn thresholds_are_options() {
        let p = build(&[(&["main.main", "M/handler.A", "M/service.B"], 100), (&["main.main", "M/handler.A"], 8)]);
        let m = map();
        let at = Attribution::new(&p, &m, false);
        let a = at.analyze(0, &Options::default());
        assert!(!a.verdicts.iter().any(|v| v.kind == VerdictKind::PassThrough), "8/108 self is above 5 %");
        let o = Options { pass_through_max_self_ratio: 0.10, ..Options::default() };
        let a = at.analyze(0, &o);
        assert!(a.verdicts.iter().any(|v| v.layer == "adapter" && v.kind == VerdictKind::PassThrough));
    }
}
