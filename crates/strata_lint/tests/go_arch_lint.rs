//! LAY001 must agree with go-arch-lint on the same `.go-arch-lint.yml`: both tools run on the
//! fixture tests/data/archlint (and on any directories in `STRATA_ARCHLINT_DIRS`, colon-separated,
//! each with its own .go-arch-lint.yml) and must report the same (file, line, import) set.
//! Columns are not compared: for a named import (`x "p"`) go-arch-lint points at the name,
//! strata at the path string. go-arch-lint is installed by scripts/setup.d/40-go-arch-lint.sh (CI); found via
//! `GO_ARCH_LINT`, PATH, or `$(go env GOPATH)/bin`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn go_arch_lint() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GO_ARCH_LINT") {
        return Some(PathBuf::from(p));
    }
    if Command::new("go-arch-lint").arg("version").output().is_ok_and(|o| o.status.success()) {
        return Some(PathBuf::from("go-arch-lint"));
    }
    let gopath = Command::new("go").args(["env", "GOPATH"]).output().ok()?;
    let p = PathBuf::from(String::from_utf8_lossy(&gopath.stdout).trim()).join("bin/go-arch-lint");
    p.is_file().then_some(p)
}

type Finding = (String, u32, String);

fn theirs(tool: &Path, dir: &Path) -> BTreeSet<Finding> {
    let out = Command::new(tool)
        .args(["check", "--json", "--max-warnings", "32768", "--project-path"])
        .arg(dir)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("go-arch-lint output: {e}: {}", String::from_utf8_lossy(&out.stdout)));
    let warnings = v["Payload"]["ArchWarningsDeps"].as_array().cloned().unwrap_or_default();
    warnings
        .iter()
        .map(|w| {
            (
                w["FileRelativePath"].as_str().unwrap().trim_start_matches('/').to_string(),
                w["Reference"]["Line"].as_u64().unwrap() as u32,
                w["ResolvedImportName"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ours(dir: &Path) -> BTreeSet<Finding> {
    let mut opts = strata_lint::LintOptions::default();
    opts.select = Some(vec!["LAY001".into()]);
    let res = strata_lint::lint(&[dir.to_path_buf()], &opts).unwrap();
    res.diagnostics
        .iter()
        .map(|d| {
            let lc = res.sources.line_col(&d.file, &d.range);
            let f = res.sources.get(&d.file);
            let import = String::from_utf8_lossy(f.text.get(d.range.clone()).unwrap()).trim_matches('"').to_string();
            (d.file.strip_prefix(dir).unwrap().display().to_string(), lc.line, import)
        })
        .collect()
}

#[test]
fn lay001_agrees_with_go_arch_lint() {
    let Some(tool) = go_arch_lint() else {
        assert!(std::env::var_os("CI").is_none(), "CI installs go-arch-lint (scripts/setup.d/40-go-arch-lint.sh)");
        eprintln!("skipping: go-arch-lint not installed; CI runs this (scripts/setup.d/40-go-arch-lint.sh)");
        return;
    };
    let mut dirs = vec![std::fs::canonicalize(common::data("archlint")).unwrap()];
    if let Some(v) = std::env::var_os("STRATA_ARCHLINT_DIRS") {
        dirs.extend(std::env::split_paths(&v).map(|p| std::fs::canonicalize(p).unwrap()));
    }
    for dir in dirs {
        let (t, o) = (theirs(&tool, &dir), ours(&dir));
        assert!(!t.is_empty(), "{}: go-arch-lint found nothing; the fixture must have violations", dir.display());
        assert_eq!(o, t, "{}: strata (left) and go-arch-lint (right) disagree", dir.display());
    }
}
