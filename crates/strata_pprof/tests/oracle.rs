//! Oracle tests: strata's per-function flat and cum equal `go tool pprof -top` exactly, for every
//! committed profile and every sample type (goldens captured by testdata/pprof/capture-goldens.sh),
//! and the ground-truth program's known CPU split comes out per layer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use strata_layers::LayerMap;
use strata_pprof::{Options, decode_file};
use strata_profile::attribution::{self, Attribution};
use strata_profile::infer::infer_application;

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/pprof")
}

/// Parse a `go tool pprof -top` value printed in base units: `0`, `2112000000ns`, `-6225579B`, `12`.
fn value(s: &str) -> i64 {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse().unwrap_or_else(|e| panic!("bad value {s:?}: {e}"))
}

/// name → (flat, cum) from a golden `-top` file.
fn parse_top(path: &Path) -> BTreeMap<String, (i64, i64)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = BTreeMap::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.trim_start().starts_with("flat  flat%") {
            in_table = true;
            continue;
        }
        if !in_table || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let flat = value(parts.next().unwrap());
        let _flat_pct = parts.next().unwrap();
        let _sum_pct = parts.next().unwrap();
        let cum = value(parts.next().unwrap());
        let _cum_pct = parts.next().unwrap();
        let name: Vec<&str> = parts.collect();
        let name = name.join(" ");
        let name = name.strip_suffix(" (inline)").unwrap_or(&name).to_string();
        assert!(rows.insert(name.clone(), (flat, cum)).is_none(), "{}: {name} twice", path.display());
    }
    rows
}

#[test]
fn every_profile_and_sample_type_matches_go_tool_pprof_exactly() {
    let dir = testdata();
    let mut goldens: Vec<PathBuf> = std::fs::read_dir(dir.join("golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "top"))
        .collect();
    goldens.sort();
    assert!(goldens.len() >= 20, "expected goldens for every profile and sample type, found {}", goldens.len());
    let mut checked_rows = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for g in &goldens {
        let stem = g.file_stem().unwrap().to_str().unwrap();
        let (profile_name, sample_type) = stem.rsplit_once('.').unwrap();
        let p = decode_file(&dir.join(format!("{profile_name}.pb.gz")), &Options::default()).unwrap();
        let idx = p.sample_type_index(sample_type).unwrap_or_else(|| panic!("{stem}: no sample type"));
        kinds.insert(sample_type.to_string());
        let map = LayerMap::defaults(&infer_application(&p).modules);
        let a = Attribution::new(&p, &map, false).analyze(idx, &attribution::Options::default());
        let want = parse_top(g);
        let got: BTreeMap<String, (i64, i64)> = a
            .functions
            .iter()
            .filter(|f| f.flat != 0 || f.cum != 0)
            .map(|f| (f.name.clone(), (f.flat, f.cum)))
            .collect();
        assert_eq!(got, want, "{stem}: strata's flat/cum differ from go tool pprof -top");
        checked_rows += want.len();
    }
    for k in [
        "cpu",
        "samples",
        "alloc_objects",
        "alloc_space",
        "inuse_objects",
        "inuse_space",
        "goroutine",
        "contentions",
        "delay",
    ] {
        assert!(kinds.contains(k), "no golden for sample type {k}");
    }
    assert!(checked_rows > 300, "only {checked_rows} rows compared");
}

#[test]
fn negative_values_of_a_delta_profile_match() {
    let want = parse_top(&testdata().join("golden/heap-delta.inuse_space.top"));
    assert!(want.values().any(|(f, _)| *f < 0), "the delta golden should contain negative flat values");
}

#[test]
fn ground_truth_cpu_split_by_layer() {
    // testdata/pprof/groundtruth burns identical loops: adapter 20 %, app 30 %, infra 50 %.
    let p = decode_file(&testdata().join("cpu.pb.gz"), &Options::default()).unwrap();
    let inf = infer_application(&p);
    assert_eq!(inf.modules, ["example.com/groundtruth/internal"]);
    let map = LayerMap::defaults(&inf.modules);
    let idx = p.default_sample_index();
    assert_eq!(p.str(p.sample_types()[idx].kind), "cpu", "pprof's default for CPU profiles is the last type");
    let a = Attribution::new(&p, &map, false).analyze(idx, &attribution::Options::default());
    let share = |l: &str| a.layer(l).unwrap().self_pct;
    let busy = share("adapter") + share("app") + share("infra");
    assert!(busy > 95.0, "busy work is {busy:.1}% of the samples");
    for (layer, expected) in [("adapter", 20.0), ("app", 30.0), ("infra", 50.0)] {
        let got = share(layer) * 100.0 / busy;
        assert!((got - expected).abs() <= 3.0, "{layer}: {got:.1}% of busy CPU, expected {expected}% ± 3");
    }
    // Layering: adapter → app → infra carries (nearly) everything.
    let edge = |f: &str, t: &str| a.edges.iter().find(|e| e.from == f && e.to == t).map_or(0, |e| e.value);
    assert!(edge("adapter", "app") as f64 >= 0.75 * a.total as f64);
    assert!(edge("app", "infra") as f64 >= 0.45 * a.total as f64);
    // Labels survive: both endpoints appear.
    let endpoint = p.find_str("endpoint").unwrap();
    let mut values = std::collections::BTreeSet::new();
    for i in 0..p.sample_count() {
        for l in p.sample_labels(i) {
            if let (true, strata_profile::LabelValue::Str(v)) = (l.key == endpoint, l.value) {
                values.insert(p.str(v).to_string());
            }
        }
    }
    assert_eq!(values.into_iter().collect::<Vec<_>>(), ["/orders", "/users"]);
}

#[test]
fn heap_profiles_have_four_sample_types_and_the_right_defaults() {
    let dir = testdata();
    let heap = decode_file(&dir.join("heap.pb.gz"), &Options::default()).unwrap();
    let kinds: Vec<_> = heap.sample_types().iter().map(|t| heap.str(t.kind)).collect();
    assert_eq!(kinds, ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]);
    assert_eq!(heap.str(heap.sample_types()[heap.default_sample_index()].kind), "inuse_space");
    let allocs = decode_file(&dir.join("allocs.pb.gz"), &Options::default()).unwrap();
    assert_eq!(allocs.str(allocs.sample_types()[allocs.default_sample_index()].kind), "alloc_space");
    // Heap samples carry the numeric `bytes` label; zero-valued samples are kept.
    let bytes = heap.find_str("bytes").unwrap();
    assert!((0..heap.sample_count()).any(|i| heap.sample_labels(i).iter().any(|l| l.key == bytes)));
    assert!((0..heap.sample_count()).any(|i| heap.sample_values(i)[3] == 0));
}
