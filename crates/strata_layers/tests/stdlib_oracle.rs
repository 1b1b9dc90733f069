//! Oracle test: package discovery on the installed Go's standard library must agree with
//! `go list std` (same packages, same non-test files for linux/amd64 with cgo, same imports).
//! Needs `go` on PATH (CI installs it; see scripts/setup.d/10-go-toolchains.sh).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use strata_layers::packages::{Options, discover_packages};
use strata_layers::{LayerMap, workspace};

fn go(args: &[&str]) -> String {
    let out = Command::new("go")
        .args(args)
        .env("CGO_ENABLED", "1")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("GOFLAGS", "")
        .output()
        .expect("`go` must be on PATH for this oracle test (scripts/setup.d installs nothing for it: Go ships with the machine)");
    assert!(out.status.success(), "go {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn discovery_matches_go_list_std() {
    let goroot = PathBuf::from(go(&["env", "GOROOT"]).trim());
    let listing = go(&[
        "list",
        "-f",
        "{{.ImportPath}}|{{join .GoFiles \",\"}}|{{join .CgoFiles \",\"}}|{{join .Imports \",\"}}",
        "std",
        // The `std` pattern leaves out the documentation-only package builtin; a directory walk finds it.
        "builtin",
    ]);
    let mut want: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for line in listing.lines() {
        let parts: Vec<&str> = line.split('|').collect();
        let [path, files, cgo, imports] = parts[..] else { panic!("bad go list line {line}") };
        if path.starts_with("vendor/") {
            continue; // strata does not walk vendor/ by default
        }
        let files = files.split(',').chain(cgo.split(',')).filter(|s| !s.is_empty()).map(String::from).collect();
        let imports = imports
            .split(',')
            .filter(|s| !s.is_empty() && *s != "C")
            .map(|s| s.strip_prefix("vendor/").unwrap_or(s).to_string())
            .collect();
        want.insert(path.to_string(), (files, imports));
    }
    assert!(want.len() > 300, "go list std listed only {} packages", want.len());

    let ws = workspace::discover(&goroot.join("src")).unwrap();
    assert_eq!(ws.module_paths(), ["std"]);
    let disc = discover_packages(&ws, &Options::default());
    assert!(disc.problems.is_empty(), "{:?}", disc.problems);
    let got: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = disc
        .packages
        .iter()
        .map(|p| {
            let files = p.files.iter().map(|f| f.path.file_name().unwrap().to_str().unwrap().to_string()).collect();
            let imports = p.imports().into_iter().filter(|i| *i != "C").map(String::from).collect();
            (p.path.clone(), (files, imports))
        })
        .collect();
    let want_pkgs: BTreeSet<_> = want.keys().collect();
    let got_pkgs: BTreeSet<_> = got.keys().collect();
    let only_go: Vec<_> = want_pkgs.difference(&got_pkgs).collect();
    let only_strata: Vec<_> = got_pkgs.difference(&want_pkgs).collect();
    assert!(
        only_go.is_empty() && only_strata.is_empty(),
        "package sets differ: only in go list {only_go:?}, only in strata {only_strata:?}"
    );
    let mut diffs = Vec::new();
    for (path, (files, imports)) in &want {
        let (gf, gi) = &got[path];
        if gf != files {
            diffs.push(format!("{path}: files strata={gf:?} go={files:?}"));
        }
        // cgo adds implicit imports (runtime/cgo, syscall, unsafe) that are not in the source.
        let implicit = ["runtime/cgo", "syscall", "unsafe"];
        let missing: Vec<_> = imports.difference(gi).filter(|i| !implicit.contains(&i.as_str())).collect();
        let extra: Vec<_> = gi.difference(imports).collect();
        if !missing.is_empty() || !extra.is_empty() {
            diffs.push(format!("{path}: imports missing={missing:?} extra={extra:?}"));
        }
    }
    assert!(diffs.is_empty(), "{} packages differ from go list:\n{}", diffs.len(), diffs.join("\n"));

    // And the layer map puts all of it in the stdlib/runtime buckets.
    let map = LayerMap::defaults(&ws.module_paths());
    for p in &disc.packages {
        let l = map.name(map.layer_of_package(&p.path));
        let want = if p.path == "runtime"
            || p.path.starts_with("runtime/")
            || p.path.starts_with("internal/")
            || p.path == "unsafe"
        {
            "runtime"
        } else {
            "stdlib"
        };
        assert_eq!(l, want, "{}", p.path);
    }
}
