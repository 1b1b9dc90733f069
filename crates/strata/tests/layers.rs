//! End-to-end tests of `strata layers` on the bundled trees, the Go standard library, and bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn strata(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata")).args(args).current_dir(cwd).env("NO_COLOR", "1").output().unwrap()
}

fn json(args: &[&str], cwd: &Path) -> Value {
    let out = strata(args, cwd);
    assert!(out.status.success(), "strata {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn layer_of<'a>(v: &'a Value, pkg: &str) -> &'a str {
    v["packages"].as_array().unwrap().iter().find(|p| p["path"] == pkg).unwrap_or_else(|| panic!("no {pkg}"))["layer"]
        .as_str()
        .unwrap()
}

fn edge(v: &Value, from: &str, to: &str) -> Option<(u64, bool)> {
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == from && e["to"] == to)
        .map(|e| (e["imports"].as_u64().unwrap(), e["allowed"].as_bool().unwrap()))
}

#[test]
fn bundled_layered_tree() {
    let v = json(&["layers", "--format", "json", "testdata/gotree/shop"], &repo());
    assert_eq!(v["schema"], "strata.layers/v1");
    assert_eq!(v["modules"][0]["path"], "example.com/shop");
    assert_eq!(layer_of(&v, "example.com/shop/internal/handler"), "adapter");
    assert_eq!(layer_of(&v, "example.com/shop/internal/service"), "app");
    assert_eq!(layer_of(&v, "example.com/shop/internal/domain"), "domain");
    assert_eq!(layer_of(&v, "example.com/shop/internal/repository"), "infra");
    assert_eq!(layer_of(&v, "example.com/shop/cmd/shop"), "main");
    assert_eq!(edge(&v, "adapter", "app"), Some((1, true)));
    assert_eq!(edge(&v, "app", "domain"), Some((1, true)));
    assert_eq!(edge(&v, "infra", "app"), Some((1, false)), "repository → service is forbidden by default");
    assert_eq!(edge(&v, "main", "adapter"), Some((1, true)));
    assert_eq!(edge(&v, "adapter", "stdlib"), Some((3, true)));
    // test files are not counted: domain has order.go (14 lines) and order_test.go
    let domain = v["layers"].as_array().unwrap().iter().find(|l| l["name"] == "domain").unwrap();
    assert_eq!(
        (domain["packages"].as_u64(), domain["files"].as_u64(), domain["lines"].as_u64()),
        (Some(1), Some(1), Some(14))
    );

    let out = strata(&["layers", "testdata/gotree/shop"], &repo());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("layer    packages   files     lines"), "{text}");
    assert!(text.contains("!1"), "forbidden edge is flagged: {text}");
    assert!(!text.contains('\x1b'), "no colours when not a TTY");
}

#[test]
fn workspace_with_member_replacing_member() {
    let v = json(&["layers", "--format", "json", "."], &repo().join("testdata/gotree/workspace/api/handler"));
    let mods: Vec<&str> = v["modules"].as_array().unwrap().iter().map(|m| m["path"].as_str().unwrap()).collect();
    assert_eq!(mods, ["example.com/api", "example.com/store"]);
    assert_eq!(layer_of(&v, "example.com/api/handler"), "adapter");
    assert_eq!(layer_of(&v, "example.com/store/repository"), "infra");
    assert_eq!(layer_of(&v, "example.com/store/domain"), "domain");
    assert_eq!(layer_of(&v, "example.com/api/cmd/api"), "main");
    // cross-module imports are application edges, not thirdparty
    assert_eq!(edge(&v, "adapter", "infra"), Some((1, true)));
    assert_eq!(edge(&v, "adapter", "thirdparty"), None);
    // users_windows.go (and its golang.org/x/sys import) is excluded on linux/amd64
    assert_eq!(edge(&v, "infra", "thirdparty"), None);
    let infra = v["layers"].as_array().unwrap().iter().find(|l| l["name"] == "infra").unwrap();
    assert_eq!(infra["files"], 2);
    assert!(v["problems"].as_array().unwrap().is_empty());
}

#[test]
fn go_standard_library() {
    let goroot = Command::new("go").args(["env", "GOROOT"]).output().expect("go on PATH");
    let src = PathBuf::from(String::from_utf8(goroot.stdout).unwrap().trim()).join("src");
    let v = json(&["layers", "--format", "json", src.to_str().unwrap()], &repo());
    assert_eq!(v["modules"][0]["path"], "std");
    let names: Vec<&str> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["packages"].as_u64() > Some(0))
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["stdlib", "runtime"]);
    assert_eq!(layer_of(&v, "net/http"), "stdlib");
    assert_eq!(layer_of(&v, "runtime"), "runtime");
    assert_eq!(layer_of(&v, "internal/poll"), "runtime");
    let n = v["packages"].as_array().unwrap().len();
    assert!(n > 300, "{n} packages");
    assert!(v["problems"].as_array().unwrap().is_empty(), "{}", v["problems"]);
}

#[test]
fn strata_toml_and_go_arch_lint() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(p.join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    for (dir, imports) in
        [("internal/web", "example.com/m/internal/core"), ("internal/core", "example.com/m/internal/web")]
    {
        std::fs::create_dir_all(p.join(dir)).unwrap();
        let name = dir.rsplit('/').next().unwrap();
        std::fs::write(p.join(dir).join("a.go"), format!("package {name}\n\nimport _ \"{imports}\"\n")).unwrap();
    }
    std::fs::write(p.join(".go-arch-lint.yml"), "version: 3\nworkdir: internal\ncomponents:\n  web: { in: web }\n  core: { in: core }\ndeps:\n  web: { mayDependOn: [core] }\n").unwrap();
    let v = json(&["layers", "--format", "json"], p);
    assert!(v["config"].as_str().unwrap().ends_with(".go-arch-lint.yml"));
    assert_eq!(layer_of(&v, "example.com/m/internal/web"), "web");
    assert_eq!(edge(&v, "web", "core"), Some((1, true)));
    assert_eq!(edge(&v, "core", "web"), Some((1, false)));
    // strata.toml wins over .go-arch-lint.yml
    std::fs::write(p.join("strata.toml"), "[[layer]]\nname = \"outer\"\npackages = [\"internal/web\"]\n\n[[layer]]\nname = \"inner\"\npackages = [\"internal/core\"]\nmay_import = [\"outer\"]\n").unwrap();
    let v = json(&["layers", "--format", "json"], p);
    assert!(v["config"].as_str().unwrap().ends_with("strata.toml"));
    assert_eq!(edge(&v, "outer", "inner"), Some((1, false)));
    assert_eq!(edge(&v, "inner", "outer"), Some((1, true)));
    // --layers FILE overrides both
    let v = json(&["layers", "--format", "json", "--layers", ".go-arch-lint.yml"], p);
    assert_eq!(layer_of(&v, "example.com/m/internal/core"), "core");
    // a bad strata.toml is an input error with file:line:col
    std::fs::write(p.join("strata.toml"), "[[layer]]\nname = 3\n").unwrap();
    let out = strata(&["layers"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("strata.toml:2:8: invalid type"), "{}", stderr(&out));
}

#[test]
fn bad_input_is_exit_2_with_position() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    // no module
    let out = strata(&["layers", "."], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no Go module here"), "{}", stderr(&out));
    // missing directory
    let out = strata(&["layers", "nope"], p);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope: No such file or directory"), "{}", stderr(&out));
    // unparseable go.mod
    std::fs::write(p.join("go.mod"), "module example.com/x\nrequire (\n\tgithub.com/a/b\n)\n").unwrap();
    let out = strata(&["layers", "."], p);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(e.contains("go.mod:3:2: require: wrong number of arguments"), "{e}");
    assert!(!e.contains("panicked"));
    // unknown format flag is a usage error
    let out = strata(&["layers", "--format", "xml"], p);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_files_inside_a_module_are_reported_and_the_rest_is_mapped() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(p.join("go.mod"), "module example.com/x\n\ngo 1.22\n").unwrap();
    std::fs::create_dir_all(p.join("handler")).unwrap();
    std::fs::write(p.join("handler/ok.go"), "package handler\n\nimport \"net/http\"\n\nvar _ http.Handler\n").unwrap();
    std::fs::write(p.join("handler/binary.go"), b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe").unwrap();
    std::fs::write(p.join("handler/broken.go"), "package handler\n\nimport (\n\t\"fmt\n").unwrap();
    std::os::unix::fs::symlink("does-not-exist.go", p.join("handler/dangling.go")).unwrap();
    // a symlink loop inside the module is not followed
    std::fs::create_dir_all(p.join("service")).unwrap();
    std::fs::write(p.join("service/s.go"), "package service\n").unwrap();
    std::os::unix::fs::symlink("..", p.join("service/loop")).unwrap();
    // a directory whose name is not UTF-8
    use std::os::unix::ffi::OsStrExt;
    let bad = p.join(std::ffi::OsStr::from_bytes(b"repo\xff"));
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("r.go"), "package repo\n").unwrap();

    let out = strata(&["layers", "--format", "json"], p);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(layer_of(&v, "example.com/x/handler"), "adapter");
    assert_eq!(layer_of(&v, "example.com/x/service"), "app");
    let problems: Vec<String> =
        v["problems"].as_array().unwrap().iter().map(|p| p["message"].as_str().unwrap().to_string()).collect();
    let has = |s: &str| problems.iter().any(|m| m.contains(s));
    assert!(has("binary.go:1:1: expected `package`"), "{problems:?}");
    assert!(has("broken.go:4:2: string literal not terminated"), "{problems:?}");
    assert!(has("dangling.go: No such file or directory"), "{problems:?}");
    assert!(has("path is not valid UTF-8"), "{problems:?}");
    assert_eq!(problems.len(), 4, "{problems:?}");
    // and the table run prints them as warnings on stderr
    let out = strata(&["layers"], p);
    assert!(out.status.success());
    assert_eq!(stderr(&out).matches("strata: warning:").count(), 4);
}

#[test]
fn symlink_loop_as_argument() {
    let t = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b", t.path().join("a")).unwrap();
    std::os::unix::fs::symlink("a", t.path().join("b")).unwrap();
    let out = strata(&["layers", "a"], t.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a: Too many levels of symbolic links"), "{}", stderr(&out));
}

#[test]
fn gowork_with_missing_member() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(p.join("go.work"), "go 1.22\n\nuse ./a\nuse ./gone\n").unwrap();
    std::fs::create_dir_all(p.join("a/db")).unwrap();
    std::fs::write(p.join("a/go.mod"), "module example.com/a\n").unwrap();
    std::fs::write(p.join("a/db/db.go"), "package db\n").unwrap();
    let v = json(&["layers", "--format", "json"], p);
    assert_eq!(layer_of(&v, "example.com/a/db"), "infra");
    let msg = v["problems"][0]["message"].as_str().unwrap();
    assert!(
        msg.ends_with("go.work:4:5: use ./gone: directory does not exist (remove the use line or create the module)"),
        "{msg}"
    );
}

#[test]
fn demo_runs() {
    let out = strata(&["demo"], &repo());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("example.com/shop/internal/repository  infra"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::io::Read;
    let goroot = Command::new("go").args(["env", "GOROOT"]).output().expect("go on PATH");
    let src = PathBuf::from(String::from_utf8(goroot.stdout).unwrap().trim()).join("src");
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["layers", "--format", "json"])
        .arg(src)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
