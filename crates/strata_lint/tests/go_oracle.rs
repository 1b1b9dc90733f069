//! The go command is the oracle for the MOD rules: for each go.work fixture, build and run the
//! workspace with the installed Go (`GOPROXY=off`, `GOTOOLCHAIN=local`, everything local) and check
//! that what the go command does is what the rule claims — and that strata reports exactly that
//! rule. Needs `go` on PATH (CI installs Go 1.26; scripts/setup.d); without it the test says so and
//! passes only outside CI.

mod common;

use std::path::Path;
use std::process::Command;

fn go(dir: &Path, gowork: &Path, args: &[&str]) -> Option<(bool, String, String)> {
    let out = Command::new("go")
        .args(args)
        .current_dir(dir)
        .env("GOWORK", gowork)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GO111MODULE", "on")
        .output()
        .ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    ))
}

/// What `go run .` prints in a workspace module, or the error.
fn run_main(case: &str, module: &str) -> Option<Result<String, String>> {
    let ws = std::fs::canonicalize(common::data(case)).ok()?;
    let (ok, stdout, stderr) = go(&ws.join(module), &ws.join("go.work"), &["run", "."])?;
    Some(if ok { Ok(stdout) } else { Err(stderr) })
}

fn codes(case: &str) -> Vec<&'static str> {
    common::run(case, None).0.diagnostics.iter().map(|d| d.code).collect()
}

fn have_go() -> bool {
    let ok = Command::new("go").arg("version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI must have a Go toolchain (scripts/setup.d)");
        eprintln!("skipping: no `go` on PATH; this test runs in CI (.ci/run), which installs Go");
    }
    ok
}

#[test]
fn mod001_member_replace_of_a_workspace_module_is_ignored() {
    if !have_go() {
        return;
    }
    // app/go.mod says lib => ../lib-fork, but lib is `use`d: the go command builds ./lib.
    assert_eq!(run_main("mod001", "app").unwrap(), Ok("lib".to_string()));
    assert_eq!(codes("mod001"), ["MOD001"]);
}

#[test]
fn mod002_gowork_replace_overrides_member_replace() {
    if !have_go() {
        return;
    }
    assert_eq!(run_main("mod002", "app").unwrap(), Ok("dep-v2".to_string()));
    assert_eq!(codes("mod002"), ["MOD002"]);
    // Same target in both: same build, nothing to report.
    assert_eq!(run_main("mod002_same", "app").unwrap(), Ok("dep-v1".to_string()));
    assert!(codes("mod002_same").is_empty());
}

#[test]
fn mod003_conflicting_member_replaces_fail_the_build() {
    if !have_go() {
        return;
    }
    for case in ["mod003", "mod003_versioned"] {
        for module in ["orders", "billing"] {
            let err = run_main(case, module).unwrap().unwrap_err();
            assert!(err.contains("conflicting replacements"), "{case}/{module}: {err}");
        }
        assert_eq!(codes(case), ["MOD003"], "{case}");
    }
    // The same directory spelled two ways is not a conflict (paths are resolved per go.mod).
    for module in ["orders", "billing"] {
        assert_eq!(run_main("mod003_same_dir", module).unwrap(), Ok("dep-v1".to_string()));
    }
    assert!(codes("mod003_same_dir").is_empty());
    // A go.work replace settles the conflict, and overrides the member replace that differs.
    for module in ["orders", "billing"] {
        assert_eq!(run_main("mod003_settled", module).unwrap(), Ok("dep-v2".to_string()));
    }
    assert_eq!(codes("mod003_settled"), ["MOD002"]);
}

#[test]
fn mod004_gowork_replace_of_a_workspace_module() {
    if !have_go() {
        return;
    }
    let err = run_main("mod004", "app").unwrap().unwrap_err();
    assert!(err.contains("workspace module example.com/lib is replaced at all versions in the go.work file"), "{err}");
    assert_eq!(codes("mod004"), ["MOD004"]);
    // With a version the replace is accepted and ignored: the workspace module is built.
    assert_eq!(run_main("mod004_versioned", "app").unwrap(), Ok("lib".to_string()));
    let (res, _) = common::run("mod004_versioned", None);
    assert_eq!(res.diagnostics.len(), 1);
    assert_eq!(res.diagnostics[0].severity, strata_lint::Severity::Warning);
}
