use std::ops::Range;
use std::path::Path;

use strata_layers::packages::Package;
use strata_layers::workspace::Workspace;
use strata_layers::{LayerId, LayerMap, Pos};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::rule::RuleMeta;
use crate::source::SourceCache;

/// What a rule sees: the workspace, the layer map, the packages and their imports, the rule
/// options, the file contents, and the parsed packages for AST rules ([`Context::program`]).
#[derive(Debug)]
pub struct Context<'a> {
    /// The module or go.work workspace.
    pub workspace: &'a Workspace,
    /// The layer model (strata.toml, .go-arch-lint.yml or the defaults).
    pub layers: &'a LayerMap,
    /// Packages with their files and imports, sorted by import path.
    pub packages: &'a [Package],
    /// Files and directories package discovery could not read or scan.
    pub discovery_problems: &'a [strata_layers::Error],
    /// File contents, read on demand.
    pub sources: &'a SourceCache,
    /// The `[lint]` table of strata.toml (empty without one).
    pub options: &'a toml::Table,
    /// The strata.toml file, for option errors.
    pub config_file: Option<&'a Path>,
    /// The parsed packages (strata_go's loader), loaded on first use by an AST rule.
    pub program: std::sync::OnceLock<strata_go::loader::Program>,
    /// How long loading [`Context::program`] took, once it is loaded.
    pub load_time: std::sync::OnceLock<std::time::Duration>,
    /// Resolved calls per package of [`Context::program`], each resolved on first use.
    pub calls: std::sync::OnceLock<Vec<std::sync::OnceLock<Vec<strata_go::loader::ResolvedCall>>>>,
    /// The run's package discovery, when the loader can reuse it (no `vendor/` walked).
    pub discovery: Option<&'a strata_layers::packages::Discovery>,
    /// Worker threads for loading the program (0 = available parallelism).
    pub threads: usize,
    /// Whether a selected rule asks for [`Context::resolved_calls`]: the calls of every application
    /// package are then resolved on all threads right after the load, while the rules wait for the
    /// program anyway.
    pub calls_wanted: bool,
    /// How long resolving the calls of every application package took, when
    /// [`Context::calls_wanted`].
    pub calls_time: std::sync::OnceLock<std::time::Duration>,
    /// The selected AST rules whose per-package scans run in the pass that resolves the calls.
    pub(crate) scan_codes: Vec<&'static str>,
    /// Those scans, per package of the program (empty for a package the pass skipped).
    pub(crate) scans: std::sync::OnceLock<Vec<crate::rules::PackageScans>>,
    /// The layer of every package of [`Context::program`] by import path (the rules ask for the
    /// layer of a callee's package at every call they follow; matching the layer globs each time
    /// showed in profiles).
    pub(crate) layer_cache: std::sync::OnceLock<std::collections::HashMap<String, LayerId>>,
}

impl<'a> Context<'a> {
    /// The packages parsed with strata_go (linux/amd64 build constraints, no `_test.go` files),
    /// loaded once per run on first use. A workspace the loader cannot read yields no packages (E002
    /// reports why).
    pub fn program(&self) -> &strata_go::loader::Program {
        if self.calls_wanted { self.program_and_calls() } else { self.loaded_program() }
    }

    /// The program, loaded on first use.
    fn loaded_program(&self) -> &strata_go::loader::Program {
        self.program.get_or_init(|| {
            let started = std::time::Instant::now();
            let mut target = strata_go::loader::Target::default();
            target.threads = self.threads;
            // Without an application package (the standard library) the AST rules other than E001
            // have nothing to check: keep the syntax errors, not the trees (a rule that still asks
            // for a tree gets it parsed again).
            target.errors_only = !self.packages.iter().any(|p| self.layers.is_application(self.layer_of(p)));
            let program = match self.discovery {
                // The run's discovery selected the same files (linux/amd64, no vendor/): reuse it.
                Some(disc) => strata_go::loader::load_discovered(self.workspace, disc, &target),
                None => strata_go::loader::load(&self.workspace.root, &target).unwrap_or_default(),
            };
            let _ = self.load_time.set(started.elapsed());
            program
        })
    }

    /// The program, with the calls of every application package resolved on all threads
    /// when [`Context::calls_wanted`] (the rules asking for them then find them ready).
    fn program_and_calls(&self) -> &strata_go::loader::Program {
        let program = self.loaded_program();
        self.calls.get_or_init(|| {
            let cells: Vec<_> = program.packages.iter().map(|_| std::sync::OnceLock::new()).collect();
            if self.calls_wanted {
                let started = std::time::Instant::now();
                let wanted: Vec<usize> = (0..program.packages.len())
                    .filter(|&i| {
                        program.packages.get(i).is_some_and(|p| self.layers.is_application(self.layer_of_loaded(p)))
                    })
                    .collect();
                // Each package's calls, then the rules' scans of it while its trees are in the cache.
                let resolved = strata_go::loader::parallel_map(&wanted, self.threads.max(1), |&i| {
                    let calls = strata_go::loader::resolve_calls_into_program(program, i);
                    let scans = program
                        .packages
                        .get(i)
                        .map(|p| crate::rules::scan_package(self, p, &self.scan_codes))
                        .unwrap_or_default();
                    (calls, scans)
                });
                let mut scans: Vec<crate::rules::PackageScans> =
                    program.packages.iter().map(|_| crate::rules::PackageScans::default()).collect();
                for (i, (calls, s)) in wanted.into_iter().zip(resolved) {
                    if let Some(cell) = cells.get(i) {
                        let _ = cell.set(calls);
                    }
                    if let Some(slot) = scans.get_mut(i) {
                        *slot = s;
                    }
                }
                let _ = self.scans.set(scans);
                let _ = self.calls_time.set(started.elapsed());
            }
            cells
        });
        program
    }

    /// The calls of `program().packages[package]` that resolve into the program
    /// ([`strata_go::loader::resolve_calls_into_program`]: a call missing here is one the rules cannot
    /// follow), resolved once per run and shared by the rules.
    pub fn resolved_calls(&self, package: usize) -> &[strata_go::loader::ResolvedCall] {
        let program = self.program_and_calls();
        let Some(cells) = self.calls.get() else { return &[] };
        match cells.get(package) {
            Some(cell) => cell.get_or_init(|| strata_go::loader::resolve_calls_into_program(program, package)),
            None => &[],
        }
    }

    /// The rules' scans of a package of [`Context::program`], when the pass that resolves the calls
    /// made them.
    pub(crate) fn package_scans(&self, pkg: &strata_go::loader::LoadedPackage) -> Option<&crate::rules::PackageScans> {
        let packages = &self.program.get()?.packages;
        let i = packages.binary_search_by(|p| p.path.cmp(&pkg.path)).ok()?;
        let scans = self.scans.get()?.get(i)?;
        std::ptr::eq(packages.get(i)?, pkg).then_some(scans)
    }

    /// The layer of a parsed package: `main` for `package main`, else by import path.
    pub fn layer_of_loaded(&self, pkg: &strata_go::loader::LoadedPackage) -> LayerId {
        if let Some(program) = self.program.get() {
            let cache = self.layer_cache.get_or_init(|| {
                program.packages.iter().map(|p| (p.path.clone(), self.layer_of_loaded_uncached(p))).collect()
            });
            // Only a package of the program is cached (a package of the same path elsewhere may be
            // named differently).
            if let Some(&id) = cache.get(&pkg.path)
                && program.package(&pkg.path).is_some_and(|p| std::ptr::eq(p, pkg))
            {
                return id;
            }
        }
        self.layer_of_loaded_uncached(pkg)
    }

    /// [`Context::layer_of_loaded`] without the cache.
    fn layer_of_loaded_uncached(&self, pkg: &strata_go::loader::LoadedPackage) -> LayerId {
        if pkg.name == "main" {
            return strata_layers::Bucket::Main.id();
        }
        self.layers.layer_of_package(&pkg.path)
    }

    /// The options table of a rule: `[lint.CODE]` (e.g. `[lint.DOM001]`).
    pub fn rule_options(&self, rule: &RuleMeta) -> Option<&'a toml::Table> {
        self.options.get(rule.code).and_then(toml::Value::as_table)
    }

    /// A list-of-strings option of a rule, `None` when absent.
    pub fn string_list(&self, rule: &RuleMeta, key: &str) -> Result<Option<Vec<String>>> {
        let Some(v) = self.rule_options(rule).and_then(|t| t.get(key)) else { return Ok(None) };
        let bad = || Error::Option {
            file: self.config_file.unwrap_or(Path::new("strata.toml")).to_path_buf(),
            key: format!(".{}.{key}", rule.code),
            msg: "expected a list of strings".to_string(),
        };
        let arr = v.as_array().ok_or_else(bad)?;
        arr.iter().map(|x| x.as_str().map(str::to_string).ok_or_else(bad)).collect::<Result<Vec<_>>>().map(Some)
    }

    /// A boolean option of a rule.
    pub fn bool_option(&self, rule: &RuleMeta, key: &str, default: bool) -> Result<bool> {
        match self.rule_options(rule).and_then(|t| t.get(key)) {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| Error::Option {
                file: self.config_file.unwrap_or(Path::new("strata.toml")).to_path_buf(),
                key: format!(".{}.{key}", rule.code),
                msg: "expected true or false".to_string(),
            }),
        }
    }

    /// The layer of a package: `main` for `package main`, else by import path.
    pub fn layer_of(&self, pkg: &Package) -> LayerId {
        if pkg.name == "main" {
            return strata_layers::Bucket::Main.id();
        }
        self.layers.layer_of_package(&pkg.path)
    }

    /// A diagnostic of `rule` over a byte range.
    pub fn diagnostic(&self, rule: &RuleMeta, file: &Path, range: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            file: file.to_path_buf(),
            range,
            message,
            layer_from: None,
            layer_to: None,
        }
    }

    /// A diagnostic over the token (string literal or word) at a 1-based position.
    pub fn diagnostic_at(&self, rule: &RuleMeta, file: &Path, pos: Pos, message: String) -> Diagnostic {
        let range = self.sources.token_range(file, pos);
        self.diagnostic(rule, file, range, message)
    }

    /// Display a path relative to the workspace root when it is inside it.
    pub fn rel<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, str> {
        match path.strip_prefix(&self.workspace.root) {
            Ok(r) => std::borrow::Cow::Owned(r.display().to_string()),
            Err(_) => path.to_string_lossy(),
        }
    }
}
