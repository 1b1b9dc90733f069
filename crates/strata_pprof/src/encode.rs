//! Writing profiles: gzip-encode a [`proto::Profile`], add a label to every sample, or build one from
//! strata's model.

use std::io::Write;

use prost::Message;
use rustc_hash::FxHashMap;
use strata_profile::{LabelValue, Profile, StrId};

use crate::proto;

/// Encode and gzip a profile (the on-disk form `go tool pprof` and Go itself write).
pub fn encode_gzip(p: &proto::Profile) -> std::io::Result<Vec<u8>> {
    let raw = p.encode_to_vec();
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(raw.len() / 4), flate2::Compression::default());
    gz.write_all(&raw)?;
    gz.finish()
}

fn intern(p: &mut proto::Profile, cache: &mut FxHashMap<Vec<u8>, i64>, s: &str) -> i64 {
    if cache.is_empty() {
        for (i, t) in p.string_table.iter().enumerate() {
            cache.entry(t.clone()).or_insert(i as i64);
        }
    }
    if let Some(&i) = cache.get(s.as_bytes()) {
        return i;
    }
    let i = p.string_table.len() as i64;
    p.string_table.push(s.as_bytes().to_vec());
    cache.insert(s.as_bytes().to_vec(), i);
    i
}

/// Give sample `i` the string label `key = value_of(i)`, replacing any label with that key, so that
/// e.g. `go tool pprof -tagfocus=layer=infra` or Pyroscope/Parca can group by it.
pub fn label_samples<'v>(p: &mut proto::Profile, key: &str, mut value_of: impl FnMut(usize) -> &'v str) {
    let mut cache = FxHashMap::default();
    if p.string_table.is_empty() {
        p.string_table.push(Vec::new());
    }
    let k = intern(p, &mut cache, key);
    let mut samples = std::mem::take(&mut p.sample);
    for (i, s) in samples.iter_mut().enumerate() {
        let v = intern(p, &mut cache, value_of(i));
        s.label.retain(|l| l.key != k);
        s.label.push(proto::Label { key: k, str: v, num: 0, num_unit: 0 });
    }
    p.sample = samples;
}

/// A profile.proto message for a model profile: one `Function` per function, one `Location` with
/// one `Line` per frame, no mappings (names are already symbolized: nothing to resolve).
pub fn from_model(m: &Profile) -> proto::Profile {
    // Strings: StrId n is table index n (StrId(0) is "").
    let string_table: Vec<Vec<u8>> =
        (0..m.string_count()).map(|i| m.str(StrId(i as u32)).as_bytes().to_vec()).collect();
    let s = |id: StrId| i64::from(id.0);
    let vt = |t: strata_profile::ValueType| proto::ValueType { r#type: s(t.kind), unit: s(t.unit) };
    let function = m
        .functions()
        .iter()
        .enumerate()
        .map(|(i, f)| proto::Function {
            id: i as u64 + 1,
            name: s(f.name),
            system_name: s(f.system_name),
            filename: s(f.filename),
            start_line: f.start_line,
        })
        .collect();
    let location = m
        .frames()
        .iter()
        .enumerate()
        .map(|(i, f)| proto::Location {
            id: i as u64 + 1,
            line: vec![proto::Line { function_id: u64::from(f.function.0) + 1, line: f.line, column: 0 }],
            ..Default::default()
        })
        .collect();
    let sample = (0..m.sample_count())
        .map(|i| proto::Sample {
            location_id: m.frames_leaf_first(m.sample_stack(i)).map(|f| u64::from(f.0) + 1).collect(),
            value: m.sample_values(i).to_vec(),
            label: m
                .sample_labels(i)
                .iter()
                .map(|l| match l.value {
                    LabelValue::Str(v) => proto::Label { key: s(l.key), str: s(v), num: 0, num_unit: 0 },
                    LabelValue::Num { value, unit } => {
                        proto::Label { key: s(l.key), str: 0, num: value, num_unit: s(unit) }
                    }
                })
                .collect(),
        })
        .collect();
    proto::Profile {
        sample_type: m.sample_types().iter().map(|t| vt(*t)).collect(),
        sample,
        location,
        function,
        string_table,
        time_nanos: m.time_nanos,
        duration_nanos: m.duration_nanos,
        period_type: m.period_type.map(vt),
        period: m.period,
        default_sample_type: m.default_sample_type.map_or(0, s),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, decode, decode_raw};

    fn model() -> Profile {
        let mut b = strata_profile::ProfileBuilder::new();
        let t = strata_profile::ValueType { kind: b.intern("cpu"), unit: b.intern("nanoseconds") };
        b.set_sample_types(vec![t]);
        b.meta().period_type = Some(t);
        b.meta().duration_nanos = 5;
        let f1 = b.function("main.main", "main.main", "/m/main.go", 3);
        let f2 = b.function("example.com/m/service.Do", "example.com/m/service.Do", "/m/s.go", 7);
        let a = b.frame(f1, 4);
        let c = b.frame(f2, 8);
        let s = b.stack_from_root([a, c]);
        let k = b.intern("endpoint");
        let v = b.intern("/x");
        b.add_sample(s, &[10], &[strata_profile::Label { key: k, value: LabelValue::Str(v) }]);
        b.add_sample(s, &[-3], &[]);
        b.finish()
    }

    #[test]
    fn model_round_trip() {
        let m = model();
        let bytes = encode_gzip(&from_model(&m)).unwrap();
        let back = decode(&bytes, "x.pb.gz", &Options::default()).unwrap();
        assert_eq!(back.sample_count(), 2);
        assert_eq!(back.sample_values(1), [-3]);
        let names: Vec<_> =
            back.frames_leaf_first(back.sample_stack(0)).map(|f| back.function_name(back.frame(f).function)).collect();
        assert_eq!(names, ["example.com/m/service.Do", "main.main"]);
        assert_eq!(back.str(back.sample_labels(0)[0].key), "endpoint");
        assert_eq!(back.duration_nanos, 5);
    }

    #[test]
    fn labels_replace_and_intern() {
        let m = model();
        let mut p = from_model(&m);
        label_samples(&mut p, "layer", |i| if i == 0 { "app" } else { "infra" });
        label_samples(&mut p, "layer", |_| "app");
        let bytes = encode_gzip(&p).unwrap();
        let raw = decode_raw(&bytes, "x", &Options::default()).unwrap();
        let layer = raw.string_table.iter().position(|s| s == b"layer").unwrap() as i64;
        for s in &raw.sample {
            assert_eq!(s.label.iter().filter(|l| l.key == layer).count(), 1);
        }
        assert_eq!(raw.string_table.iter().filter(|s| *s == b"app").count(), 1);
    }
}
