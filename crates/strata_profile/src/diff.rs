//! Differences between two analyses of the same sample type (`strata profile NEW --base OLD`).
//!
//! Base values are multiplied by a scale before subtracting: for CPU profiles, the ratio of the
//! two durations ([`cpu_duration_scale`]), so that a 30 s profile compares fairly with a 10 s one;
//! otherwise 1.

use serde::Serialize;

use crate::attribution::Analysis;
use crate::model::Profile;

/// A layer in both profiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerDelta {
    /// Layer name.
    pub name: String,
    /// Base self, scaled.
    pub base_self: i64,
    /// New self.
    pub new_self: i64,
    /// `new_self - base_self`.
    pub delta_self: i64,
    /// Base cum, scaled.
    pub base_cum: i64,
    /// New cum.
    pub new_cum: i64,
    /// `new_cum - base_cum`.
    pub delta_cum: i64,
}

/// A function in either profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionDelta {
    /// Function name.
    pub name: String,
    /// Its own layer.
    pub layer: String,
    /// Base flat, scaled.
    pub base_flat: i64,
    /// New flat.
    pub new_flat: i64,
    /// `new_flat - base_flat`.
    pub delta_flat: i64,
    /// Base cum, scaled.
    pub base_cum: i64,
    /// New cum.
    pub new_cum: i64,
    /// `new_cum - base_cum`.
    pub delta_cum: i64,
}

/// The difference NEW − BASE.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Sample type compared.
    pub sample_type: String,
    /// Its unit.
    pub unit: String,
    /// Factor applied to every base value.
    pub base_scale: f64,
    /// Base total, scaled.
    pub base_total: i64,
    /// New total.
    pub new_total: i64,
    /// Per layer, in the new analysis' order (then layers only in the base).
    pub layers: Vec<LayerDelta>,
    /// Per function, by absolute flat delta, then absolute cum delta, then name.
    pub functions: Vec<FunctionDelta>,
}

/// For two CPU profiles with known durations: `new duration / base duration`.
pub fn cpu_duration_scale(new: &Profile, base: &Profile) -> Option<f64> {
    let is_cpu = |p: &Profile| p.period_type.is_some_and(|t| p.str(t.kind) == "cpu");
    (is_cpu(new) && is_cpu(base) && new.duration_nanos > 0 && base.duration_nanos > 0)
        .then(|| new.duration_nanos as f64 / base.duration_nanos as f64)
}

fn scale(v: i64, s: f64) -> i64 {
    (v as f64 * s).round() as i64
}

/// NEW − BASE × `base_scale`, per layer and per function.
pub fn diff(new: &Analysis, base: &Analysis, base_scale: f64) -> Diff {
    let mut layers = Vec::new();
    let mut names: Vec<&str> = new.layers.iter().map(|l| l.name.as_str()).collect();
    for l in &base.layers {
        if !names.contains(&l.name.as_str()) {
            names.push(&l.name);
        }
    }
    for name in names {
        let n = new.layer(name);
        let b = base.layer(name);
        let (ns, nc) = n.map_or((0, 0), |l| (l.self_value, l.cum));
        let (bs, bc) = b.map_or((0, 0), |l| (scale(l.self_value, base_scale), scale(l.cum, base_scale)));
        layers.push(LayerDelta {
            name: name.to_string(),
            base_self: bs,
            new_self: ns,
            delta_self: ns - bs,
            base_cum: bc,
            new_cum: nc,
            delta_cum: nc - bc,
        });
    }
    let mut by_name: std::collections::BTreeMap<&str, FunctionDelta> = std::collections::BTreeMap::new();
    for f in &new.functions {
        by_name.insert(
            &f.name,
            FunctionDelta {
                name: f.name.clone(),
                layer: f.layer.clone(),
                base_flat: 0,
                new_flat: f.flat,
                delta_flat: f.flat,
                base_cum: 0,
                new_cum: f.cum,
                delta_cum: f.cum,
            },
        );
    }
    for f in &base.functions {
        let e = by_name.entry(&f.name).or_insert_with(|| FunctionDelta {
            name: f.name.clone(),
            layer: f.layer.clone(),
            base_flat: 0,
            new_flat: 0,
            delta_flat: 0,
            base_cum: 0,
            new_cum: 0,
            delta_cum: 0,
        });
        e.base_flat = scale(f.flat, base_scale);
        e.base_cum = scale(f.cum, base_scale);
        e.delta_flat = e.new_flat - e.base_flat;
        e.delta_cum = e.new_cum - e.base_cum;
    }
    let mut functions: Vec<FunctionDelta> = by_name.into_values().collect();
    functions.sort_by(|a, b| {
        b.delta_flat
            .abs()
            .cmp(&a.delta_flat.abs())
            .then(b.delta_cum.abs().cmp(&a.delta_cum.abs()))
            .then_with(|| a.name.cmp(&b.name))
    });
    Diff {
        sample_type: new.sample_type.clone(),
        unit: new.unit.clone(),
        base_scale,
        base_total: scale(base.total, base_scale),
        new_total: new.total,
        layers,
        functions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::{Attribution, Options};
    use crate::{FrameId, ProfileBuilder, ValueType};
    use strata_layers::LayerMap;

    fn cpu(stacks: &[(&[&str], i64)], duration: i64) -> Profile {
        let mut b = ProfileBuilder::new();
        let t = ValueType { kind: b.intern("cpu"), unit: b.intern("nanoseconds") };
        b.set_sample_types(vec![t]);
        b.meta().period_type = Some(t);
        b.meta().duration_nanos = duration;
        for (frames, v) in stacks {
            let ids: Vec<FrameId> = frames
                .iter()
                .map(|f| {
                    let func = b.function(f, f, "", 0);
                    b.frame(func, 1)
                })
                .collect();
            let s = b.stack_from_root(ids);
            b.add_sample(s, &[*v], &[]);
        }
        b.finish()
    }

    #[test]
    fn scales_cpu_by_duration() {
        let base = cpu(&[(&["main.main", "example.com/s/service.A"], 100)], 10_000_000_000);
        let new = cpu(
            &[(&["main.main", "example.com/s/service.A"], 150), (&["main.main", "example.com/s/repo.B"], 60)],
            20_000_000_000,
        );
        let s = cpu_duration_scale(&new, &base).unwrap();
        assert_eq!(s, 2.0);
        let map = LayerMap::defaults(&["example.com/s".to_string()]);
        let o = Options::default();
        let a_new = Attribution::new(&new, &map, false).analyze(0, &o);
        let a_base = Attribution::new(&base, &map, false).analyze(0, &o);
        let d = diff(&a_new, &a_base, s);
        let app = d.layers.iter().find(|l| l.name == "app").unwrap();
        assert_eq!((app.base_self, app.new_self, app.delta_self), (200, 150, -50));
        let infra = d.layers.iter().find(|l| l.name == "infra").unwrap();
        assert_eq!(infra.delta_self, 60);
        assert_eq!(d.functions[0].name, "example.com/s/repo.B");
        assert_eq!(d.functions[0].delta_flat, 60);
        assert_eq!(d.base_total, 200);
    }
}
