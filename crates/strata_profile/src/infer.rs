//! Which packages are the application, inferred from the profile alone.
//!
//! When no Go module is given (`strata profile --module DIR`), strata decides from the profile. Go
//! records the absolute source path of every function (`Function.filename`), and that path tells
//! where the code was built from:
//!
//! 1. a file in the module cache (a path with `/pkg/mod/`, or a `-trimpath` path whose first
//!    element carries an `@version`) or under a `vendor/` directory is **third-party** code;
//! 2. every other non-standard-library package was built from a local directory: the main module,
//!    a workspace module or a local `replace`: that is **application** code;
//! 3. the application packages are grouped by their first path element (the host, e.g.
//!    `example.com`), and each group's module is the longest common path prefix of its packages,
//!    shortened so that it is a proper prefix of each (layers are then matched on the path below it,
//!    like the module-relative path of the defaults).
//!
//! With no file names at all (a stripped profile) nothing can be told apart and every
//! non-standard-library package counts as application (an empty module list, see
//! [`strata_layers::LayerMap::defaults`]).

use std::collections::{BTreeMap, BTreeSet};

use strata_layers::{is_std_path, package_of_symbol};

use crate::model::Profile;

/// What [`infer_application`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppInference {
    /// Inferred module paths, for [`strata_layers::LayerMap::defaults`]. Empty when no file
    /// names were recorded (then every non-standard package is application code); `["main"]` when
    /// only package `main` is application code.
    pub modules: Vec<String>,
    /// The packages taken as application code (besides `main`), sorted.
    pub app_packages: Vec<String>,
    /// The packages taken as third-party code, sorted.
    pub thirdparty_packages: Vec<String>,
    /// True when the profile recorded source file names.
    pub had_filenames: bool,
}

/// True when a source path lies in the module cache or a vendor directory.
pub fn is_thirdparty_source(file: &str) -> bool {
    let f = file.replace('\\', "/");
    f.contains("/pkg/mod/")
        || f.contains("/vendor/")
        || f.starts_with("vendor/")
        || (!f.starts_with('/') && f.split('/').take(4).any(|e| e.contains('@')))
}

/// Infer the application's packages and modules from the functions' source paths.
pub fn infer_application(p: &Profile) -> AppInference {
    let mut app = BTreeSet::new();
    let mut third = BTreeSet::new();
    let mut had_filenames = false;
    for f in p.functions() {
        let Some(pkg) = package_of_symbol(p.str(f.name)) else { continue };
        if pkg == "main" || is_std_path(&pkg) {
            continue;
        }
        let file = p.str(f.filename);
        if file.is_empty() {
            continue;
        }
        had_filenames = true;
        if is_thirdparty_source(file) {
            third.insert(pkg.into_owned());
        } else {
            app.insert(pkg.into_owned());
        }
    }
    // A package seen both ways (e.g. a replace to a local dir shadowing a cached one): application.
    for a in &app {
        third.remove(a);
    }
    if !had_filenames {
        return AppInference { had_filenames, ..AppInference::default() };
    }
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &app {
        let host = a.split('/').next().unwrap_or("");
        groups.entry(host).or_default().push(a);
    }
    let mut modules: Vec<String> = groups.values().map(|pkgs| common_module(pkgs)).collect();
    if modules.is_empty() {
        // Only package main is ours; "main" matches no importable package path.
        modules.push("main".to_string());
    }
    modules.sort();
    modules.dedup();
    AppInference {
        modules,
        app_packages: app.into_iter().collect(),
        thirdparty_packages: third.into_iter().collect(),
        had_filenames,
    }
}

/// Longest common element prefix of `pkgs`, shortened to a proper prefix of every package.
fn common_module(pkgs: &[&str]) -> String {
    let mut prefix: Vec<&str> = match pkgs.first() {
        Some(p) => p.split('/').collect(),
        None => return String::new(),
    };
    for p in pkgs.iter().skip(1) {
        let n = prefix.iter().zip(p.split('/')).take_while(|(a, b)| *a == b).count();
        prefix.truncate(n);
    }
    if pkgs.iter().any(|p| p.split('/').count() == prefix.len()) && prefix.len() > 1 {
        prefix.pop();
    }
    prefix.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProfileBuilder;

    #[test]
    fn module_cache_and_vendor_are_thirdparty() {
        assert!(is_thirdparty_source("/root/go/pkg/mod/github.com/jackc/pgx/v5@v5.5.0/conn.go"));
        assert!(is_thirdparty_source("github.com/jackc/pgx/v5@v5.5.0/conn.go"));
        assert!(is_thirdparty_source("/src/shop/vendor/github.com/x/y/y.go"));
        assert!(!is_thirdparty_source("/home/me/shop/internal/handler/h.go"));
        assert!(!is_thirdparty_source("example.com/shop/internal/handler/h.go"));
    }

    #[test]
    fn infers_modules_from_source_paths() {
        let mut b = ProfileBuilder::new();
        b.function("main.main", "", "/src/shop/cmd/shop/main.go", 1);
        b.function("example.com/shop/internal/handler.Serve", "", "/src/shop/internal/handler/h.go", 1);
        b.function("example.com/shop/internal/service.Do", "", "/src/shop/internal/service/s.go", 1);
        b.function("example.com/shop/internal/service.(*T).M", "", "/src/shop/internal/service/s.go", 1);
        b.function(
            "github.com/jackc/pgx/v5.(*Conn).Query",
            "",
            "/root/go/pkg/mod/github.com/jackc/pgx/v5@v5.5.0/c.go",
            1,
        );
        b.function("example.org/lib.F", "", "/src/lib/f.go", 1);
        b.function("net/http.(*conn).serve", "", "/usr/lib/go/src/net/http/server.go", 1);
        let inf = infer_application(&b.finish());
        assert_eq!(inf.modules, ["example.com/shop/internal", "example.org"]);
        assert_eq!(inf.thirdparty_packages, ["github.com/jackc/pgx/v5"]);
        assert_eq!(inf.app_packages.len(), 3);
        let map = strata_layers::LayerMap::defaults(&inf.modules);
        let l = |s: &str| map.name(map.layer_of_symbol(s)).to_string();
        assert_eq!(l("example.com/shop/internal/handler.Serve"), "adapter");
        assert_eq!(l("github.com/jackc/pgx/v5.(*Conn).Query"), "thirdparty");
        assert_eq!(l("example.org/lib.F"), "unknown");
    }

    #[test]
    fn single_package_and_no_filenames() {
        let mut b = ProfileBuilder::new();
        b.function("example.com/x/handler.F", "", "/x/handler/f.go", 1);
        assert_eq!(infer_application(&b.finish()).modules, ["example.com/x"]);
        let mut b = ProfileBuilder::new();
        b.function("example.com/x/handler.F", "", "", 1);
        let inf = infer_application(&b.finish());
        assert!(inf.modules.is_empty() && !inf.had_filenames);
        let mut b = ProfileBuilder::new();
        b.function("main.main", "", "/x/main.go", 1);
        b.function("github.com/a/b.F", "", "/go/pkg/mod/github.com/a/b@v1.0.0/f.go", 1);
        assert_eq!(infer_application(&b.finish()).modules, ["main"]);
    }
}
