//! End-to-end tests of `strata profile`, running the built binary on the committed profiles in
//! testdata/pprof (made by testdata/pprof/generate.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata")).args(args).current_dir(root()).output().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = strata(args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn layer<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["layers"].as_array().unwrap().iter().find(|l| l["name"] == name).unwrap_or_else(|| panic!("no layer {name}"))
}

#[test]
fn table_shows_layers_edges_and_functions() {
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
    for want in ["layer", "adapter", "app", "infra", "adapter → app", "app → infra", "repository.spinInfra"] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn json_schema_and_ground_truth() {
    let v = json(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "json"]);
    assert_eq!(v["schema"], "strata.profile/v1");
    assert_eq!(v["sample_type"], "cpu");
    assert_eq!(v["unit"], "nanoseconds");
    assert_eq!(v["application"]["source"], "inferred");
    let total = v["total"].as_i64().unwrap();
    assert!(total > 0);
    for (name, share) in [("adapter", 20.0), ("app", 30.0), ("infra", 50.0)] {
        let l = layer(&v, name);
        for k in ["self", "cum", "self_pct", "cum_pct"] {
            assert!(l.get(k).is_some(), "layer field {k}");
        }
        let pct = l["self_pct"].as_f64().unwrap();
        assert!((pct - share).abs() <= 3.0, "{name}: {pct}% vs {share}%");
    }
    let f = &v["functions"][0];
    for k in ["name", "layer", "flat", "cum"] {
        assert!(f.get(k).is_some(), "function field {k}");
    }
    let e = v["edges"].as_array().unwrap();
    assert!(e.iter().any(|e| e["from"] == "adapter" && e["to"] == "app" && e["value"].as_i64().unwrap() > 0));
    assert!(v["verdicts"].is_array());
}

#[test]
fn module_dir_and_layer_file() {
    let v =
        json(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "json", "--module", "testdata/pprof/groundtruth"]);
    assert_eq!(v["application"]["source"], "module");
    assert_eq!(v["application"]["modules"][0], "example.com/groundtruth");
    let inferred = json(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "json"]);
    assert_eq!(v["layers"], inferred["layers"], "module and inference agree on this program");

    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("strata.toml");
    std::fs::write(
        &toml,
        "[[layer]]\nname = \"web\"\npackages = [\"internal/handler\"]\n\n[[layer]]\nname = \"core\"\npackages = [\"internal/service\", \"internal/repository\"]\n",
    )
    .unwrap();
    let v = json(&[
        "profile",
        "testdata/pprof/cpu.pb.gz",
        "--format",
        "json",
        "--module",
        "testdata/pprof/groundtruth",
        "--layers",
        toml.to_str().unwrap(),
    ]);
    let web = layer(&v, "web")["self_pct"].as_f64().unwrap();
    let core = layer(&v, "core")["self_pct"].as_f64().unwrap();
    assert!((web - 20.0).abs() <= 3.0 && (core - 80.0).abs() <= 3.0, "web {web} core {core}");
}

#[test]
fn sample_types_default_and_explicit() {
    let v = json(&["profile", "testdata/pprof/heap.pb.gz", "--format", "json"]);
    assert_eq!(v["sample_type"], "inuse_space", "go tool pprof's default for heap");
    let v = json(&["profile", "testdata/pprof/allocs.pb.gz", "--format", "json"]);
    assert_eq!(v["sample_type"], "alloc_space", "go tool pprof's default for allocs");
    let v = json(&["profile", "testdata/pprof/heap.pb.gz", "--format", "json", "--sample-type", "alloc_objects"]);
    assert_eq!(v["unit"], "count");
    for (file, ty) in [("goroutine", "goroutine"), ("block", "delay"), ("mutex", "delay")] {
        let v = json(&["profile", &format!("testdata/pprof/{file}.pb.gz"), "--format", "json"]);
        assert_eq!(v["sample_type"], ty, "{file}");
    }
    let o = strata(&["profile", "testdata/pprof/heap.pb.gz", "--sample-type", "bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no sample type \"bogus\"") && stderr(&o).contains("alloc_space"), "{}", stderr(&o));
}

#[test]
fn unfold_shows_runtime_on_its_own() {
    let folded = json(&["profile", "testdata/pprof/heap.pb.gz", "--format", "json", "--sample-type", "alloc_space"]);
    let unfolded =
        json(&["profile", "testdata/pprof/heap.pb.gz", "--format", "json", "--sample-type", "alloc_space", "--unfold"]);
    assert_eq!(unfolded["unfolded"], true);
    let rt = |v: &serde_json::Value| {
        v["layers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == "runtime")
            .map_or(0, |l| l["self"].as_i64().unwrap())
    };
    assert!(rt(&unfolded) > rt(&folded), "unfolded runtime self {} vs folded {}", rt(&unfolded), rt(&folded));
    assert_eq!(folded["functions"], unfolded["functions"]);
}

#[test]
fn folded_lines_sum_to_the_total() {
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "folded"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let sum: i64 = out.lines().map(|l| l.rsplit(' ').next().unwrap().parse::<i64>().unwrap()).sum();
    let v = json(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "json"]);
    assert_eq!(sum, v["total"].as_i64().unwrap());
    assert!(out.lines().any(|l| l.starts_with("runtime.main;main.main;")), "root first");
}

#[test]
fn svg_flame_graph_has_layer_colours_and_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cpu.svg");
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "svg", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("strata-legend") && svg.contains(">infra</text>") && svg.contains(">adapter</text>"));
    // infra's colour (240,160,60) is used for the repository frames
    assert!(svg.contains("rgb(240,160,60)"), "infra colour missing");
    assert!(svg.contains("runtime.asyncPreempt [infra]"), "folded runtime frames are named with the layer that pays");
}

#[test]
fn diff_against_a_base() {
    let v = json(&[
        "profile",
        "testdata/pprof/heap.pb.gz",
        "--base",
        "testdata/pprof/heap-before.pb.gz",
        "--format",
        "json",
    ]);
    assert_eq!(v["schema"], "strata.profile-diff/v1");
    assert_eq!(v["base_scale"], 1.0);
    let infra = v["layers"].as_array().unwrap().iter().find(|l| l["name"] == "infra").unwrap();
    assert!(infra["delta_self"].as_i64().unwrap() < 0, "the store dropped half its orders: {infra}");
    // go tool pprof -proto -base made heap-delta.pb.gz from the same pair: the same delta.
    let delta = json(&["profile", "testdata/pprof/heap-delta.pb.gz", "--format", "json"]);
    let delta_infra = layer(&delta, "infra")["self"].as_i64().unwrap();
    assert_eq!(infra["delta_self"].as_i64().unwrap(), delta_infra);
    // A CPU profile against itself: nothing changed.
    let v = json(&["profile", "testdata/pprof/cpu.pb.gz", "--base", "testdata/pprof/cpu.pb.gz", "--format", "json"]);
    assert!(v["layers"].as_array().unwrap().iter().all(|l| l["delta_self"] == 0 && l["delta_cum"] == 0));
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz", "--base", "testdata/pprof/cpu.pb.gz"]);
    assert!(o.status.success() && stdout(&o).contains("Δ self"));
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz", "--base", "testdata/pprof/heap.pb.gz"]);
    assert_eq!(o.status.code(), Some(2), "different sample types cannot be compared");
}

fn go_available() -> bool {
    Command::new("go").arg("version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn pprof_output_groups_by_layer_in_go_tool_pprof() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cpu-layers.pb.gz");
    let o = strata(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "pprof", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // strata reads its own output back: every sample has exactly one layer label.
    let v = json(&["profile", out.to_str().unwrap(), "--format", "json"]);
    let orig = json(&["profile", "testdata/pprof/cpu.pb.gz", "--format", "json"]);
    assert_eq!(v["functions"], orig["functions"]);
    if !go_available() {
        // CI (.ci/run) has Go on PATH (scripts/setup.d/10-go-toolchains.sh), so this runs there.
        eprintln!("skipping the go tool pprof half of this test: `go` is not on PATH");
        return;
    }
    let pprof = |args: &[&str]| -> String {
        let o = Command::new("go").args(["tool", "pprof"]).args(args).arg(&out).output().unwrap();
        assert!(o.status.success(), "go tool pprof {args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let total_of = |top: &str| -> i64 {
        let line = top.lines().find(|l| l.starts_with("Showing nodes accounting for")).unwrap();
        let v = line.split_whitespace().nth(4).unwrap().trim_end_matches(',');
        v.trim_end_matches("ns").parse().unwrap()
    };
    for name in ["adapter", "app", "infra"] {
        let top = pprof(&["-top", "-unit=ns", &format!("-tagfocus=layer={name}")]);
        assert_eq!(total_of(&top), layer(&v, name)["self"].as_i64().unwrap(), "-tagfocus=layer={name}");
    }
    let tags = pprof(&["-tags"]);
    assert!(tags.contains("layer:"), "{tags}");
    for name in ["adapter", "app", "infra"] {
        assert!(tags.lines().any(|l| l.trim_end().ends_with(name)), "-tags lists {name}:\n{tags}");
    }
    assert!(tags.contains("endpoint:"), "original labels are kept:\n{tags}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn bad_input_exits_2_naming_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gz = std::fs::read(root().join("testdata/pprof/cpu.pb.gz")).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (write(d, "truncated.pb.gz", &gz[..gz.len() / 2]), "gzip data corrupt or truncated at compressed byte"),
        (write(d, "magic.pb", b"this is not a profile\n"), "not a pprof profile"),
        (write(d, "fieldtype.pb", &[0x32, 0x00, 0x10, 0x01]), "byte 2: field 2 has wire type 0, expected 2"),
        (
            write(d, "string.pb", &[0x0a, 0x02, 0x08, 0x05, 0x32, 0x00]),
            "byte 0: value type: string index 5 out of range",
        ),
        (write(d, "location.pb", &[0x12, 0x02, 0x08, 0x09, 0x32, 0x00]), "missing location id 9"),
        (
            write(d, "function.pb", &[0x22, 0x06, 0x08, 0x01, 0x22, 0x02, 0x08, 0x07, 0x32, 0x00]),
            "byte 0: location 1 refers to missing function id 7",
        ),
        (
            write(d, "length.pb", &[0x32, 0x00, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]),
            "byte 2: field 2: length 4294967295 runs past the end",
        ),
        (write(d, "empty.pb", b""), "no string table"),
    ];
    for (file, want) in &cases {
        let o = strata(&["profile", file]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(file.as_str()), "error must name the file: {err}");
        assert!(err.contains(want), "{file}: want {want:?} in {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = strata(&["profile", "does/not/exist.pb.gz"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does/not/exist.pb.gz"));
}

#[test]
fn demo_includes_the_profile_step() {
    let o = strata(&["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("strata profile testdata/pprof/cpu.pb.gz"), "{out}");
    assert!(out.contains("adapter → app"));
}
