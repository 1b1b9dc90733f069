//! One file per rule: the violation struct with its doc comment (the rule's documentation), and
//! its `check` function. The code table is [`crate::codes`].

pub mod conflicting_module_replaces;
pub mod domain_io_import;
pub mod forbidden_layer_import;
pub mod goroutine_pointer_across_layers;
pub mod gowork_replace_of_workspace_module;
pub mod layer_cycle;
pub mod net_ip_in_core;
pub mod pass_through_function;
pub mod redundant_error_rewrap;
pub mod replace_of_workspace_module;
mod replace_util;
pub mod request_context_in_goroutine;
pub mod shadowed_module_replace;
pub mod syntax_error;
pub mod workspace_error;

/// What the AST rules read from one package's trees ([`scan_package`]), computed for every
/// application package in the parallel pass that resolves the calls, right after the load, while
/// the package's trees are warm in the cache (one pass over the packages instead of one per rule).
/// A rule whose scan is absent computes it itself.
#[derive(Default)]
pub(crate) struct PackageScans {
    /// ERR001's scan.
    pub err001: Option<redundant_error_rewrap::Scan>,
    /// LAY003's scan.
    pub lay003: Option<pass_through_function::Scan>,
    /// GO001's scan.
    pub go001: Option<goroutine_pointer_across_layers::Scan>,
    /// CTX001's scan.
    pub ctx001: Option<request_context_in_goroutine::Scan>,
}

impl std::fmt::Debug for PackageScans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PackageScans")
    }
}

/// What the AST rules read from one file, at load time while its tree is at hand
/// ([`scan_file`]; the tree is not kept). ERR001 and CTX001 record the name they took for `fmt` /
/// `net/http` (the loader's guess for an unnamed import): a rule whose name differs once the
/// program is loaded scans the file again.
#[derive(Debug, Default)]
pub(crate) struct FileScans {
    /// ERR001's scan, with the name for `fmt`.
    pub err001: Option<(Option<String>, redundant_error_rewrap::FileScan)>,
    /// LAY003's scan.
    pub lay003: Option<pass_through_function::FileScan>,
    /// GO001's scan.
    pub go001: Option<goroutine_pointer_across_layers::FileScan>,
    /// CTX001's scan, with the name for `net/http`.
    pub ctx001: Option<(Option<String>, request_context_in_goroutine::FileScan)>,
}

/// The scans of the selected rules (`codes`) over one file with text `src` and `imports` (local
/// name → path).
pub(crate) fn scan_file(
    codes: &[&str],
    file: &strata_go::ast::File<'_>,
    src: &str,
    imports: &std::collections::BTreeMap<String, String>,
) -> FileScans {
    let on = |c: &str| codes.contains(&c);
    FileScans {
        err001: on("ERR001").then(|| {
            let fmt = redundant_error_rewrap::fmt_import(imports);
            let scan = fmt.map(|n| redundant_error_rewrap::scan_file(file, n)).unwrap_or_default();
            (fmt.map(str::to_string), scan)
        }),
        lay003: on("LAY003").then(|| pass_through_function::scan_file(file)),
        go001: on("GO001").then(|| goroutine_pointer_across_layers::scan_file(file, src)),
        ctx001: on("CTX001").then(|| {
            let http = request_context_in_goroutine::http_import(imports);
            let scan = http.map(|n| request_context_in_goroutine::scan_file(file, src, n)).unwrap_or_default();
            (http.map(str::to_string), scan)
        }),
    }
}

/// The scans of the selected rules (`codes`) over one package.
pub(crate) fn scan_package(
    ctx: &crate::context::Context<'_>,
    pkg: &strata_go::loader::LoadedPackage,
    codes: &[&str],
) -> PackageScans {
    let on = |c: &str| codes.contains(&c);
    PackageScans {
        err001: on("ERR001").then(|| redundant_error_rewrap::scan(ctx, pkg)),
        lay003: on("LAY003").then(|| pass_through_function::scan(ctx, pkg)),
        go001: on("GO001").then(|| goroutine_pointer_across_layers::scan(ctx, pkg)),
        ctx001: on("CTX001").then(|| request_context_in_goroutine::scan(ctx, pkg)),
    }
}
