//! Renderer snapshots and the SARIF schema check.

mod common;

use strata_lint::render::Format;

#[test]
fn json_snapshot() {
    let out = common::rendered("lay001", Format::Json);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "strata.lint/v1");
    let d = &v["diagnostics"][0];
    for key in [
        "code",
        "rule",
        "severity",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "layer_from",
        "layer_to",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(common::rendered("mod003", Format::Github));
}

#[test]
fn text_with_source_excerpt() {
    let (res, dir) = common::run("dom001", None);
    let mut ropts = strata_lint::render::RenderOptions::default();
    ropts.base = Some(dir);
    ropts.show_source = true;
    let mut out = Vec::new();
    strata_lint::render::render(Format::Text, &res, &ropts, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

fn sarif_schema() -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::new(&schema).unwrap()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let validator = sarif_schema();
    for case in ["lay001", "mod003", "workspace_errors", "mod002_same"] {
        let out = common::rendered(case, Format::Sarif);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{case}: {errors:#?}");
        assert_eq!(v["version"], "2.1.0");
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), strata_lint::codes::RULES.len());
        assert!(rules[0]["help"]["markdown"].as_str().unwrap().contains("## Why is this bad?"));
    }
    // The validator is not vacuous: a result without a message is rejected.
    let mut bad: serde_json::Value = serde_json::from_str(&common::rendered("lay001", Format::Sarif)).unwrap();
    bad["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_snapshot() {
    let out = common::rendered("mod001", Format::Sarif);
    // The rule help texts are covered by the docs test; keep the snapshot to the results.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!(v["runs"][0]["results"]);
}
