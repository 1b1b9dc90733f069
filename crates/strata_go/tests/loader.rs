//! The package loader: file selection checked against `go list` (the oracle) for linux/amd64 with cgo,
//! the declaration index and call resolution on the `tests/data/loader/shop` module.

use std::path::{Path, PathBuf};
use std::process::Command;

use strata_go::loader::{self, Callee, Target, TypeKind, TypeRef};

fn shop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/loader/shop")
}

/// `go list` for linux/amd64 with cgo: import path → sorted Go and cgo files.
fn go_list(dir: &Path) -> Vec<String> {
    let out = Command::new("go")
        .args([
            "list",
            "-f",
            "{{.ImportPath}}:{{range .GoFiles}} {{.}}{{end}}{{range .CgoFiles}} {{.}}{{end}}",
            "./...",
        ])
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .env("CGO_ENABLED", "1")
        .env("GOFLAGS", "-mod=mod")
        .current_dir(dir)
        .output()
        .expect("this test needs the go command (scripts/setup.d installs it)");
    assert!(out.status.success(), "go list failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (path, files) = l.split_once(':').unwrap();
            let mut files: Vec<&str> = files.split_whitespace().collect();
            files.sort();
            format!("{path}: {}", files.join(" "))
        })
        .collect()
}

#[test]
fn file_selection_matches_go_list() {
    for dir in [shop(), Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gotree/shop")] {
        let program = loader::load(&dir, &Target::default()).unwrap();
        let ours: Vec<String> = program
            .packages
            .iter()
            .map(|p| {
                let mut names: Vec<String> =
                    p.files.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
                names.sort();
                format!("{}: {}", p.path, names.join(" "))
            })
            .collect();
        assert_eq!(ours, go_list(&dir), "{}", dir.display());
        assert!(program.packages.iter().all(|p| p.files.iter().all(|f| f.errors.is_empty())));
    }
}

#[test]
fn tests_are_loaded_on_request() {
    let mut t = Target::default();
    t.include_tests = true;
    let program = loader::load(&shop(), &t).unwrap();
    let platform = program.package("example.com/shop/platform").unwrap();
    assert!(platform.files.iter().any(|f| f.is_test && f.path.ends_with("platform_test.go")));
}

#[test]
fn index_has_types_fields_interfaces_and_methods() {
    let program = loader::load(&shop(), &Target::default()).unwrap();
    let svc = program.package("example.com/shop/service").unwrap();
    let TypeKind::Struct { fields } = &svc.index.types["Orders"].kind else { panic!("Orders is a struct") };
    let store = fields.iter().find(|f| f.name == "store").unwrap();
    assert_eq!(
        store.ty,
        Some(TypeRef { package: "example.com/shop/domain".into(), name: "Store".into(), pointer: false })
    );
    let pg = fields.iter().find(|f| f.name == "pg").unwrap();
    assert_eq!(pg.type_text, "*repo.Postgres");
    assert_eq!(pg.ty.as_ref().unwrap().package, "example.com/shop/repository");
    assert!(pg.ty.as_ref().unwrap().pointer);
    let dom = program.package("example.com/shop/domain").unwrap();
    let TypeKind::Interface { methods, .. } = &dom.index.types["Store"].kind else { panic!("Store is an interface") };
    assert_eq!(methods, &["Get".to_string(), "Put".to_string()]);
    let repo = program.package("example.com/shop/repository").unwrap();
    let pg_methods: Vec<&str> = repo.index.methods["Postgres"].iter().map(|m| m.name.as_str()).collect();
    assert_eq!(pg_methods, ["Get", "Put", "Close"]);
    assert!(repo.index.methods["Postgres"][0].pointer_receiver);
    assert!(!repo.index.methods["Memory"][0].pointer_receiver);
    assert!(svc.index.funcs.contains_key("New") && svc.index.funcs.contains_key("validate"));
}

#[test]
fn calls_are_resolved_in_the_documented_forms() {
    let program = loader::load(&shop(), &Target::default()).unwrap();
    let i = program.packages.iter().position(|p| p.path == "example.com/shop/service").unwrap();
    let calls = loader::resolve_calls(&program, i);
    let src = &program.packages[i].files[0].source();
    let got: Vec<(String, Callee)> = calls.iter().map(|c| (c.span.text(src).to_string(), c.callee.clone())).collect();
    let method = |p: &str, t: &str, m: &str| Callee::Method { package: p.into(), type_name: t.into(), name: m.into() };
    let func = |p: &str, f: &str| Callee::Func { package: p.into(), name: f.into() };
    let store_get = Callee::InterfaceMethod {
        package: "example.com/shop/domain".into(),
        interface: "Store".into(),
        name: "Get".into(),
        implementations: vec![
            ("example.com/shop/repository".into(), "Memory".into()),
            ("example.com/shop/repository".into(), "Postgres".into()),
        ],
    };
    let expected: Vec<(String, Callee)> = vec![
        ("o.store.Get(id)".into(), store_get),
        ("fmt.Errorf(\"load order %d: %w\", id, err)".into(), func("fmt", "Errorf")),
        ("o.pg.Close()".into(), method("example.com/shop/repository", "Postgres", "Close")),
        ("o.log.Printf(\"loaded\")".into(), method("example.com/shop/service", "Logger", "Printf")),
        ("o.helper()".into(), method("example.com/shop/service", "Orders", "helper")),
        ("validate(order)".into(), func("example.com/shop/service", "validate")),
        // A local variable: not resolved (documented).
        ("x.Get(id)".into(), Callee::Unresolved),
    ];
    assert_eq!(got, expected);
    assert!(calls.iter().all(|c| &*c.caller == "Orders.Load"));
    // Into the program only: fmt.Errorf (standard library) and the unresolved call are left out.
    let into: Vec<(String, Callee)> = loader::resolve_calls_into_program(&program, i)
        .iter()
        .map(|c| (c.span.text(src).to_string(), c.callee.clone()))
        .collect();
    let kept: Vec<(String, Callee)> =
        expected.iter().filter(|(text, _)| !text.starts_with("fmt.") && text != "x.Get(id)").cloned().collect();
    assert_eq!(into, kept);

    let h = program.packages.iter().position(|p| p.path == "example.com/shop/handler").unwrap();
    let calls = loader::resolve_calls(&program, h);
    let src = &program.packages[h].files[0].source();
    let got: Vec<(String, Callee)> = calls.iter().map(|c| (c.span.text(src).to_string(), c.callee.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("func() { h.svc.Load(1) }()".into(), Callee::Unresolved),
            ("h.svc.Load(1)".into(), method("example.com/shop/service", "Orders", "Load")),
            ("w.WriteHeader(http.StatusOK)".into(), method("net/http", "ResponseWriter", "WriteHeader")),
            ("service.New(nil)".into(), func("example.com/shop/service", "New")),
        ]
    );
}

#[test]
fn errors_only_keeps_errors_and_imports_and_parses_again_on_demand() {
    let full = loader::load(&shop(), &Target::default()).unwrap();
    let mut target = Target::default();
    target.errors_only = true;
    let light = loader::load(&shop(), &target).unwrap();
    assert_eq!(full.packages.len(), light.packages.len());
    for (a, b) in full.packages.iter().zip(&light.packages) {
        assert_eq!((&a.path, &a.name), (&b.path, &b.name));
        assert!(b.index.types.is_empty() && b.index.funcs.is_empty() && b.index.methods.is_empty());
        for (fa, fb) in a.files.iter().zip(&b.files) {
            assert_eq!(fa.path, fb.path);
            assert_eq!(fa.errors, fb.errors);
            assert_eq!(fa.imports, fb.imports);
            assert_eq!(fa.source(), fb.source());
            // The dropped tree is parsed again, the same.
            assert_eq!(fa.parse().file, fb.parse().file);
        }
    }
}
