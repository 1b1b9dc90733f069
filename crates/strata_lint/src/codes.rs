//! The reviewed table of rule codes. A released code is never reused; a removed rule keeps its row
//! commented out with the release that removed it.
//!
//! Severity and default: rules that find configuration the go command silently ignores or rejects
//! (MOD00x) and layer-edge violations (LAY00x) are on by default — they are what `strata lint` is
//! for, and they have no false positives once the layer map is right. DOM001 is on by default too:
//! its default deny list holds only I/O, network, database and framework packages, never `embed`,
//! `io/fs`, `net/netip` or `net/url`. E001/E002 report input strata could not read; they are on so a
//! broken file is never silently skipped.
//!
//! The AST rules: ERR001 and CTX001 (warnings, on) report a defect along a call path or in a
//! handler and skip what they cannot resolve; GO001 and LAY003 (info, on) are about cost and design,
//! so they show up without failing a run at the default `--fail-on warning`; NET001 (info, off) is
//! a migration suggestion that fires on every use.

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;
use crate::rules::*;

/// Every rule, in code order.
pub static RULES: &[RuleMeta] = &[
    RuleMeta {
        code: "E001",
        name: "syntax-error",
        summary: "a Go source file strata cannot parse (each syntax error with its range)",
        severity: Severity::Error,
        default_enabled: true,
        default_reason: "a file strata cannot parse is never silently skipped",
        doc: syntax_error::SyntaxError::DOC,
        check: syntax_error::check,
    },
    RuleMeta {
        code: "E002",
        name: "workspace-error",
        summary: "a go.work, go.mod, file or directory of the workspace the go command would reject or cannot read",
        severity: Severity::Error,
        default_enabled: true,
        default_reason: "the go command fails on these; strata reports them and lints the rest",
        doc: workspace_error::WorkspaceError::DOC,
        check: workspace_error::check,
    },
    RuleMeta {
        code: "LAY001",
        name: "forbidden-layer-import",
        summary: "an import between layers that the allowed edges forbid",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "the core layering check; it only reports edges the layer config forbids",
        doc: forbidden_layer_import::ForbiddenLayerImport::DOC,
        check: forbidden_layer_import::check,
    },
    RuleMeta {
        code: "LAY002",
        name: "layer-cycle",
        summary: "layers that import each other, directly or through other layers",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "a layer cycle means the layers are not layers; Go forbids package cycles but not these",
        doc: layer_cycle::LayerCycle::DOC,
        check: layer_cycle::check,
    },
    RuleMeta {
        code: "LAY003",
        name: "pass-through-function",
        summary: "functions that only forward to another layer (optionally wrapping the error), when they are a large share of their package",
        severity: Severity::Info,
        default_enabled: true,
        default_reason: "it reports only packages where pass-throughs are at least half the functions (min-share), and at info severity, so it never fails a run at the default --fail-on",
        doc: pass_through_function::PassThroughFunction::DOC,
        check: pass_through_function::check,
    },
    RuleMeta {
        code: "DOM001",
        name: "domain-io-import",
        summary: "a domain package importing an I/O, network, database or framework package",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "the default deny list holds only I/O and framework packages; tests are exempt",
        doc: domain_io_import::DomainIoImport::DOC,
        check: domain_io_import::check,
    },
    RuleMeta {
        code: "ERR001",
        name: "redundant-error-rewrap",
        summary: "an error wrapped with a static `fmt.Errorf(\"…: %w\", err)` prefix again one layer up the call path",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "it only fires on a static prefix over a callee in another layer that wraps with %w itself; calls it cannot resolve are skipped, so it errs towards silence",
        doc: redundant_error_rewrap::RedundantErrorRewrap::DOC,
        check: redundant_error_rewrap::check,
    },
    RuleMeta {
        code: "GO001",
        name: "goroutine-pointer-across-layers",
        summary: "a `go` statement handing `&local` or `&T{…}` to a function of another layer (heap escape, shared memory)",
        severity: Severity::Info,
        default_enabled: true,
        default_reason: "rare and cheap to check; synchronisation values (sync, atomic, channels) are exempt; info severity, so it never fails a run at the default --fail-on",
        doc: goroutine_pointer_across_layers::GoroutinePointerAcrossLayers::DOC,
        check: goroutine_pointer_across_layers::check,
    },
    RuleMeta {
        code: "CTX001",
        name: "request-context-in-goroutine",
        summary: "a goroutine started in an HTTP handler that keeps using the request's context or *http.Request",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "a real bug that shows only under load; it suggests context.WithoutCancel, which contextcheck and gosec G118 accept too",
        doc: request_context_in_goroutine::RequestContextInGoroutine::DOC,
        check: request_context_in_goroutine::check,
    },
    RuleMeta {
        code: "NET001",
        name: "net-ip-in-core",
        summary: "`net.IP` / `net.ParseIP` / `net.IPNet` in domain or infra code where `net/netip` fits",
        severity: Severity::Info,
        default_enabled: false,
        default_reason: "a migration suggestion that fires on every use, and code at APIs that require net.IP cannot always change; select it with --select NET001",
        doc: net_ip_in_core::NetIpInCore::DOC,
        check: net_ip_in_core::check,
    },
    RuleMeta {
        code: "MOD001",
        name: "replace-of-workspace-module",
        summary: "a go.mod replace of a module that is itself a workspace module: silently ignored",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "the go command ignores the replace without a word; verified against go 1.26",
        doc: replace_of_workspace_module::ReplaceOfWorkspaceModule::DOC,
        check: replace_of_workspace_module::check,
    },
    RuleMeta {
        code: "MOD002",
        name: "shadowed-module-replace",
        summary: "a go.work replace silently overriding a workspace module's go.mod replace",
        severity: Severity::Warning,
        default_enabled: true,
        default_reason: "the go command overrides the go.mod replace without a word; verified against go 1.26",
        doc: shadowed_module_replace::ShadowedModuleReplace::DOC,
        check: shadowed_module_replace::check,
    },
    RuleMeta {
        code: "MOD003",
        name: "conflicting-module-replaces",
        summary: "two workspace modules replacing the same module differently: the build fails",
        severity: Severity::Error,
        default_enabled: true,
        default_reason: "every go build in the workspace fails; verified against go 1.26",
        doc: conflicting_module_replaces::ConflictingModuleReplaces::DOC,
        check: conflicting_module_replaces::check,
    },
    RuleMeta {
        code: "MOD004",
        name: "gowork-replace-of-workspace-module",
        summary: "a go.work replace of a workspace module: an error without a version, silently ignored with one",
        severity: Severity::Error,
        default_enabled: true,
        default_reason: "the go command refuses the workspace, or ignores the replace without a word; verified against go 1.26",
        doc: gowork_replace_of_workspace_module::GoworkReplaceOfWorkspaceModule::DOC,
        check: gowork_replace_of_workspace_module::check,
    },
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The generated documentation page of a rule (`docs/rules/<CODE>.md`).
pub fn rule_page(r: &RuleMeta) -> String {
    format!(
        "<!-- generated from the rule's doc comment (crates/strata_lint/src/rules/); do not edit: run `STRATA_BLESS=1 cargo test -p strata_lint --test docs` -->\n# {} {}\n\n{}.\n\nSeverity: **{}**. Enabled by default: **{}** — {}.\n\n{}",
        r.code,
        r.name,
        r.summary,
        r.severity.as_str(),
        if r.default_enabled { "yes" } else { "no" },
        r.default_reason,
        r.doc_markdown().trim_end().to_string() + "\n"
    )
}

/// The rule table for docs/lint.md.
pub fn rule_table() -> String {
    let mut s = String::from("| code | name | what it finds | severity | default |\n|---|---|---|---|---|\n");
    for r in RULES {
        s.push_str(&format!(
            "| [{}](rules/{}.md) | `{}` | {} | {} | {} |\n",
            r.code,
            r.code,
            r.name,
            r.summary,
            r.severity.as_str(),
            if r.default_enabled { "on" } else { "off" }
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique_sorted_within_groups_and_named() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(seen.insert(r.name), "duplicate name {}", r.name);
            assert!(r.code.len() >= 4 && r.code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.name);
        }
        assert_eq!(rule("lay001").map(|r| r.name), Some("forbidden-layer-import"));
    }

    /// ruff's rule: every rule's doc comment has the three fixed headings, in order.
    #[test]
    fn every_rule_documents_what_why_and_example() {
        for r in RULES {
            let doc = r.doc_markdown();
            let mut at = 0;
            for h in ["## What it does", "## Why is this bad?", "## Example"] {
                let i = doc.get(at..).and_then(|d| d.find(h)).unwrap_or_else(|| {
                    panic!("{} ({}) lacks the heading {h:?} (or it is out of order)", r.code, r.name)
                });
                at += i + h.len();
            }
            assert!(doc.contains("Use instead:"), "{} lacks `Use instead:`", r.code);
        }
    }
}
