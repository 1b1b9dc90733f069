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
