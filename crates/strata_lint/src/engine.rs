use std::path::PathBuf;

use strata_layers::workspace::{self, Workspace};
use strata_layers::{LayerMap, config, packages};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::RuleMeta;
use crate::selection;
use crate::source::SourceCache;
use crate::suppression::is_suppressed;

/// The rules that read the parsed program ([`Context::program`]).
const PROGRAM_RULES: &[&str] = &["E001", "ERR001", "GO001", "CTX001", "NET001", "LAY003"];

/// The rules that read resolved calls ([`Context::resolved_calls`]).
const CALL_RULES: &[&str] = &["ERR001", "GO001", "LAY003"];

/// The rules with a per-file scan taken at load time ([`crate::rules::scan_file`]).
const SCAN_RULES: &[&str] = &["ERR001", "LAY003", "GO001", "CTX001"];

/// Options of a lint run (the CLI flags). `[lint]` in strata.toml supplies `select` / `ignore`
/// when the flags do not.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LintOptions {
    /// Rules to run (codes, prefixes, `ALL`); `None` = strata.toml's `[lint] select`, else the
    /// rules enabled by default. Default: None.
    pub select: Option<Vec<String>>,
    /// Rules to skip, added to strata.toml's `[lint] ignore`. Default: empty.
    pub ignore: Vec<String>,
    /// Layer definitions to use instead of strata.toml / .go-arch-lint.yml / the defaults.
    /// Default: None.
    pub layers_file: Option<PathBuf>,
    /// Also walk `vendor/` directories. Default: false.
    pub include_vendor: bool,
    /// Worker threads for reading, parsing and running the rules; 0 = available parallelism.
    /// Default: 0.
    pub threads: usize,
}

/// The outcome of a lint run.
#[derive(Debug, Default)]
pub struct LintResult {
    /// Findings, sorted by file and position, after inline suppressions.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings removed by `//strata:ignore` comments.
    pub suppressed: usize,
    /// Contents of the files the diagnostics point into (for line/column and excerpts).
    pub sources: SourceCache,
    /// Workspace roots linted (go.work or go.mod directories).
    pub roots: Vec<PathBuf>,
    /// Packages linted.
    pub packages: usize,
    /// Go files linted.
    pub files: usize,
    /// The rules that ran.
    pub rules: Vec<&'static RuleMeta>,
    /// Wall time of each phase of the run (discovery, the program load, each rule), in order; the
    /// binary prints them when `STRATA_LINT_TIMINGS` is set.
    pub timings: Vec<(String, std::time::Duration)>,
    /// The parsed packages and the package discovery of each workspace, kept until the result is
    /// dropped. A program that exits right after rendering can skip freeing them (hundreds of
    /// thousands of tree nodes) with `std::mem::forget(result)`; the strata binary does.
    pub retained: Vec<Retained>,
}

/// What a lint run built that the result does not need but that costs time to free (see
/// [`LintResult::retained`]).
#[derive(Debug, Default)]
pub struct Retained {
    /// The parsed packages, when an AST rule ran.
    pub program: Option<strata_go::loader::Program>,
    /// The package discovery.
    pub discovery: packages::Discovery,
    /// The resolved calls per package.
    pub calls: Option<Vec<std::sync::OnceLock<Vec<strata_go::loader::ResolvedCall>>>>,
}

/// Lint the modules or workspaces containing `dirs`. Findings are kept for files under the given
/// directories (so `strata lint ./internal/domain` reports only that subtree).
pub fn lint(dirs: &[PathBuf], opts: &LintOptions) -> Result<LintResult> {
    let mut result = LintResult::default();
    let dirs: Vec<PathBuf> = if dirs.is_empty() { vec![PathBuf::from(".")] } else { dirs.to_vec() };
    let mut filters = Vec::new();
    for dir in &dirs {
        let ws = workspace::discover(dir)?;
        let filter =
            std::fs::canonicalize(dir).map_err(|e| strata_layers::Error::Io { path: dir.clone(), source: e })?;
        filters.push(filter);
        if result.roots.contains(&ws.root) {
            continue;
        }
        let map = match &opts.layers_file {
            Some(f) => (config::load_layer_file(f, &ws.module_paths())?, config::Config::default()),
            None => config::load_layer_map(&ws)?,
        };
        result.roots.push(ws.root.clone());
        lint_workspace(&ws, &map.0, &map.1, opts, &mut result)?;
    }
    result.diagnostics.retain(|d| filters.iter().any(|f| d.file.starts_with(f)));
    result.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.diagnostics.dedup();
    Ok(result)
}

/// Lint one workspace with a given layer map and config; appends to `result`.
pub fn lint_workspace(
    ws: &Workspace,
    map: &LayerMap,
    cfg: &config::Config,
    opts: &LintOptions,
    result: &mut LintResult,
) -> Result<()> {
    let empty = toml::Table::new();
    let lint_table = cfg.tables.get("lint").and_then(toml::Value::as_table).unwrap_or(&empty);
    let cfg_origin = cfg.file.as_deref().map_or_else(|| "strata.toml".to_string(), |f| f.display().to_string());
    let cfg_list = |key: &str| -> Result<Option<Vec<String>>> {
        match lint_table.get(key) {
            None => Ok(None),
            Some(v) => {
                let bad = || crate::Error::Option {
                    file: PathBuf::from(&cfg_origin),
                    key: format!(".{key}"),
                    msg: "expected a list of rule codes or prefixes".to_string(),
                };
                let arr = v.as_array().ok_or_else(bad)?;
                arr.iter().map(|x| x.as_str().map(str::to_string).ok_or_else(bad)).collect::<Result<Vec<_>>>().map(Some)
            }
        }
    };
    let (select, origin) = match &opts.select {
        Some(s) => (Some(selection::split_list(s)), "--select".to_string()),
        None => (cfg_list("select")?, format!("{cfg_origin} [lint] select")),
    };
    let mut ignore = cfg_list("ignore")?.unwrap_or_default();
    ignore.extend(selection::split_list(&opts.ignore));
    let rules = selection::resolve(select.as_deref(), &ignore, &origin)?;

    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut popts = packages::Options::default();
    popts.include_vendor = opts.include_vendor;
    popts.threads = threads;
    // The loader parses the texts discovery read (one read per file) when it reuses the discovery.
    popts.keep_text = !opts.include_vendor && rules.iter().any(|r| PROGRAM_RULES.contains(&r.code));
    let started = std::time::Instant::now();
    // With an AST rule and no vendor/ walked, discovery and the parse run as one pass (each file parsed
    // on the worker that read it); the trees of non-application packages are not kept (the AST rules
    // skip those packages; E001 needs only the errors).
    let fused = popts.keep_text;
    let (disc, program) = if fused {
        let mut target = strata_go::loader::Target::default();
        target.threads = threads;
        target.build = popts.build.clone();
        let app = |path: &str, name: &str| {
            let layer = if name == "main" { strata_layers::Bucket::Main.id() } else { map.layer_of_package(path) };
            map.is_application(layer)
        };
        let codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        let scan =
            |file: &strata_go::ast::File<'_>, src: &str, imports: &std::collections::BTreeMap<String, String>| {
                Box::new(crate::rules::scan_file(&codes, file, src, imports)) as Box<dyn std::any::Any + Send + Sync>
            };
        let (disc, program) = strata_go::loader::discover_and_load(ws, &popts, &target, app, &scan);
        result.timings.push(("discover packages and parse (one pass)".to_string(), started.elapsed()));
        (disc, Some(program))
    } else {
        let disc = packages::discover_packages(ws, &popts);
        result.timings.push(("discover packages".to_string(), started.elapsed()));
        (disc, None)
    };
    let ctx = Context {
        workspace: ws,
        layers: map,
        packages: &disc.packages,
        discovery_problems: &disc.problems,
        sources: &result.sources,
        options: lint_table,
        config_file: cfg.file.as_deref(),
        program: program.map(std::sync::OnceLock::from).unwrap_or_default(),
        load_time: std::sync::OnceLock::new(),
        calls: std::sync::OnceLock::new(),
        discovery: (!opts.include_vendor).then_some(&disc),
        threads,
        calls_wanted: rules.iter().any(|r| CALL_RULES.contains(&r.code)),
        calls_time: std::sync::OnceLock::new(),
        scan_codes: rules.iter().map(|r| r.code).filter(|c| SCAN_RULES.contains(c)).collect(),
        scans: std::sync::OnceLock::new(),
        layer_cache: std::sync::OnceLock::new(),
    };
    // The rules run side by side (the first AST rule loads the program, the others wait for it);
    // findings are kept in rule order.
    let rules_started = std::time::Instant::now();
    let per_rule = strata_go::loader::parallel_map(&rules, threads, |rule| {
        let started = std::time::Instant::now();
        let mut found = Vec::new();
        (rule.check)(&ctx, rule, &mut found).map(|()| (found, started.elapsed()))
    });
    if let Some(load) = ctx.load_time.get() {
        result.timings.push(("load program (parse, index)".to_string(), *load));
    }
    if let Some(took) = ctx.calls_time.get() {
        result.timings.push(("resolve calls (application packages)".to_string(), *took));
    }
    let mut found = Vec::new();
    for (rule, r) in rules.iter().zip(per_rule) {
        let (f, took) = r?;
        found.extend(f);
        result.timings.push((format!("rule {} (load included if it loaded)", rule.code), took));
    }
    result.timings.push(("rules, all".to_string(), rules_started.elapsed()));
    let program = ctx.program.into_inner();
    let calls = ctx.calls.into_inner();
    let before = found.len();
    found.retain(|d| !is_suppressed(d, &result.sources));
    result.suppressed += before - found.len();
    result.diagnostics.extend(found);
    result.packages += disc.packages.len();
    result.files += disc.packages.iter().map(|p| p.files.len() + p.test_files.len()).sum::<usize>();
    result.retained.push(Retained { program, discovery: disc, calls });
    for r in rules {
        if !result.rules.iter().any(|x| x.code == r.code) {
            result.rules.push(r);
        }
    }
    Ok(())
}
