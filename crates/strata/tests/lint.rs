//! End-to-end tests of `strata lint`: the built binary on fixture trees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn strata(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata")).args(args).current_dir(cwd).output().unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn data(case: &str) -> PathBuf {
    repo().join("crates/strata_lint/tests/data").join(case)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn text_findings_exit_1_and_paths_relative_to_cwd() {
    let o = strata(&["lint", "testdata/gotree/shop"], &repo());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.starts_with("testdata/gotree/shop/internal/repository/memory.go:9:2: LAY001 "), "{out}");
    assert!(!out.contains("\x1b["), "no colour when not a TTY");
}

#[test]
fn fail_on_and_ignore() {
    let shop = repo().join("testdata/gotree/shop");
    let shop = shop.to_str().unwrap();
    assert_eq!(strata(&["lint", shop, "--fail-on", "error"], &repo()).status.code(), Some(0));
    assert_eq!(strata(&["lint", shop, "--fail-on", "never"], &repo()).status.code(), Some(0));
    assert_eq!(strata(&["lint", shop, "--fail-on", "info"], &repo()).status.code(), Some(1));
    let o = strata(&["lint", shop, "--ignore", "LAY"], &repo());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("All checks passed"));
    // MOD003 is an error: --fail-on error still fails.
    let o = strata(&["lint", data("mod003").to_str().unwrap(), "--fail-on", "error"], &repo());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_sarif_github_formats() {
    let dir = data("lay001");
    let o = strata(&["lint", ".", "--format", "json"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "strata.lint/v1");
    assert_eq!(v["diagnostics"][0]["file"], "internal/domain/order.go");
    assert_eq!(v["diagnostics"][0]["layer_to"], "app");
    let o = strata(&["lint", ".", "--format", "sarif"], &dir);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    let o = strata(&["lint", ".", "--format", "github", "--select", "LAY001"], &dir);
    let out = stdout(&o);
    assert!(out.starts_with("::warning file=internal/domain/order.go,line=7,col=2,"), "{out}");
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn bad_files_are_reported_and_the_rest_is_linted() {
    let o = strata(&["lint", "."], &data("workspace_errors"));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("go.work:5:2: E002 use ./missing: directory does not exist"), "{out}");
    assert!(out.contains("svc/internal/domain/unterminated.go:3:8: E001 string literal not terminated"), "{out}");
    assert!(out.contains("svc/internal/domain/ok.go:3:8: DOM001"), "{out}");
}

#[test]
fn usage_and_input_errors_exit_2() {
    let o = strata(&["lint", ".", "--select", "NOPE"], &data("lay001"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"NOPE\" selects no rule"));
    let t = tempfile::tempdir().unwrap();
    let o = strata(&["lint", "."], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no Go module here"));
    std::fs::write(t.path().join("go.mod"), "module example.com/x\n").unwrap();
    std::fs::write(t.path().join("strata.toml"), "[lint.DOM001]\ndeny = \"os\"\n").unwrap();
    let o = strata(&["lint", "."], t.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("strata.toml: [lint].DOM001.deny: expected a list of strings"));
}
