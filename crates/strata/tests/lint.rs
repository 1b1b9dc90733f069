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
    // shop has one LAY001 and one ERR001 finding (service re-wraps the repository's wrapped error).
    let o = strata(&["lint", shop, "--ignore", "LAY,ERR"], &repo());
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

#[test]
fn bad_input_never_panics_and_names_file_and_position() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(p.join("go.mod"), "module example.com/bad\n\ngo 1.22\n").unwrap();
    let d = p.join("internal/domain");
    std::fs::create_dir_all(&d).unwrap();
    // Not UTF-8 in a comment and a string: Go rejects it, the header scan reads around it.
    std::fs::write(d.join("latin1.go"), b"// caf\xe9\npackage domain\n\nimport \"os\" // \xff\n".as_slice()).unwrap();
    // A 10 MB generated file.
    let mut big = String::from("package domain\n\nimport \"net\"\n\nvar table = []int{\n");
    while big.len() < 10 << 20 {
        big.push_str("\t1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n");
    }
    big.push_str("}\n");
    std::fs::write(d.join("zz_generated.go"), big).unwrap();
    // Pathological nesting after the imports, an unterminated comment in the header.
    std::fs::write(
        d.join("nest.go"),
        format!("package domain\n\nvar x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
    )
    .unwrap();
    std::fs::write(d.join("open.go"), "package domain\n/* never closed\nimport \"fmt\"\n").unwrap();
    let o = strata(&["lint", "."], p);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("internal/domain/latin1.go:4:8: DOM001"), "{out}");
    assert!(out.contains("internal/domain/zz_generated.go:3:8: DOM001"), "{out}");
    assert!(out.contains("internal/domain/open.go:2:1: E001 comment not terminated"), "{out}");
}
