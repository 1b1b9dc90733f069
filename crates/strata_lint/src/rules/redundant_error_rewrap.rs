//! ERR001 redundant-error-rewrap.

use std::collections::HashMap;

use strata_go::Span;
use strata_go::ast::{Block, CallExpr, Expr, ExprKind, FuncDecl, Spec, Stmt, StmtKind};
use strata_go::loader::{Callee, Program};
use strata_go::visit::{self, Visitor};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a `fmt.Errorf("static text: %w", err)` whose `err` comes from a call into another
/// layer that already returns its errors wrapped with `%w`. Along one call path
/// (handler → service → repository) every layer then adds its own prefix, and the message becomes
/// `handler: get order: service: get order: repository: get order 7: no rows`.
///
/// ## Why is this bad?
/// A static prefix adds no information the inner wrap does not already carry: the callee's prefix
/// names the operation, and the outer one repeats it. Each wrap allocates (a `*fmt.wrapError` and a
/// formatted string) on the error path, makes `errors.Is` / `errors.As` walk one more link, and the
/// repeated prefixes make logs harder to read and to group. The research behind strata found no
/// existing linter for this (wrapcheck asks for *more* wrapping, errorlint checks `%v` vs `%w`).
///
/// ## Example
/// ```go
/// // repository (infra)
/// func (r *Repo) Get(ctx context.Context, id int64) (Order, error) {
///     …
///     return Order{}, fmt.Errorf("repository: get order %d: %w", id, err)
/// }
///
/// // service (app)
/// func (s *Service) GetOrder(ctx context.Context, id int64) (Order, error) {
///     o, err := s.repo.Get(ctx, id)
///     if err != nil {
///         return Order{}, fmt.Errorf("service: get order: %w", err) // ERR001
///     }
///     return o, nil
/// }
/// ```
///
/// Use instead:
/// ```go
/// // wrap once, where the context (the id) is known, and pass the error on unchanged
/// o, err := s.repo.Get(ctx, id)
/// if err != nil {
///     return Order{}, err
/// }
/// // or, to add a sentinel of this layer without another prefix:
/// return Order{}, errors.Join(ErrOrderUnavailable, err)
/// ```
///
/// ## Notes
/// A wrap counts as static when its format is text followed by one final `%w` and its only
/// argument is the error (no `%d`, `%s`, …: a format with other verbs adds context and is
/// fine). The error must be the result of a call, in the same function, that strata resolves
/// (see docs/parser.md: package functions, methods on the receiver, parameters and their fields,
/// interface methods through their implementations in the module) to a function of another
/// application layer whose every return of an error is `fmt.Errorf(…%w…)` (a callee that
/// sometimes returns an error unwrapped — a sentinel, a variable, another call's result — is
/// not a wrapping layer on every path, and is not compared). The outer wrap is reported whether
/// it is returned or handed on (to a logger or an error writer at the top of the path). Calls
/// within one layer, test files and unresolved calls (local variables, function values) are not
/// checked.
///
/// "Consecutive layers of one call path" means one call edge: the wrapped error is the result of
/// a direct call from the caller's layer into the callee's (whatever the two layers' order: a
/// handler calling a repository directly counts), and the callee itself returns its errors
/// wrapped with `%w` on every return path (strata does not follow which error reaches which
/// return, so it asks for all of them). The
/// inner wrap may be static or carry context (`"get order %d: %w"`); either way the outer static
/// prefix repeats the operation, so the outer one is reported and the inner one is shown. A path
/// through three layers that each wrap gives two findings, one per pair of consecutive layers
/// (examples/orders/layered: handler over service and service over repository). An error that
/// passes through a layer unwrapped breaks the chain: the wraps above and below it are not
/// consecutive and are not compared.
pub struct RedundantErrorRewrap;
}

/// What one function declaration does with errors.
#[derive(Debug, Default)]
pub(crate) struct FuncErrors {
    /// Format of the first `return …, fmt.Errorf("…%w…", …)` in the body (closures excluded), when
    /// every return of an error is such a wrap.
    returned_wrap: Option<String>,
    /// Where that return is (file index, offset).
    returned_at: Option<(usize, u32)>,
}

/// A static-prefix wrap of a variable, with the call its value came from.
pub(crate) struct WrapSite {
    file: usize,
    span: Span,
    format: String,
    /// The call expression the variable was last assigned from before the wrap.
    source_call: Span,
}

/// Check every package's static wraps against the callee's own wraps.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let program = ctx.program();
    // Pass 1: per function, whether it returns wrapped errors; per package, the static wrap sites
    // (packages side by side).
    // Usually done in the engine's pass over the packages (`Context::package_scans`).
    let own: Vec<Option<Scan>> = strata_go::loader::parallel_map(&program.packages, ctx.threads.max(1), |pkg| {
        let done = ctx.package_scans(pkg).is_some_and(|s| s.err001.is_some());
        (!done).then(|| scan(ctx, pkg))
    });
    let mut funcs: HashMap<(&str, &str), &FuncErrors> = HashMap::new();
    let mut sites: Vec<&[WrapSite]> = Vec::with_capacity(program.packages.len());
    for (pkg, own) in program.packages.iter().zip(&own) {
        let Some((pkg_funcs, pkg_sites)) = own.as_ref().or_else(|| ctx.package_scans(pkg)?.err001.as_ref()) else {
            sites.push(&[]);
            continue;
        };
        for ((p, k), f) in pkg_funcs {
            funcs.insert((p.as_str(), k.as_str()), f);
        }
        sites.push(pkg_sites);
    }
    // Pass 2: resolve the calls the wrapped errors came from.
    for (pi, (pkg, &pkg_sites)) in program.packages.iter().zip(&sites).enumerate() {
        if pkg_sites.is_empty() {
            continue;
        }
        let from = ctx.layer_of_loaded(pkg);
        if !ctx.layers.is_application(from) {
            continue;
        }
        let calls: HashMap<(usize, Span), &Callee> =
            ctx.resolved_calls(pi).iter().map(|c| ((c.file, c.span), &c.callee)).collect();
        for site in pkg_sites {
            let Some(callee) = calls.get(&(site.file, site.source_call)) else { continue };
            let Some((callee_pkg, callee_key, inner)) = wrapping_callee(program, &funcs, callee) else { continue };
            let Some(callee_loaded) = program.package(&callee_pkg) else { continue };
            let to = ctx.layer_of_loaded(callee_loaded);
            if to == from || !ctx.layers.is_application(to) {
                continue;
            }
            let Some(file) = pkg.files.get(site.file) else { continue };
            let inner_at = inner
                .returned_at
                .and_then(|(fi, off)| {
                    let f = callee_loaded.files.get(fi)?;
                    let (line, col) = strata_go::LineIndex::new(f.source()).line_col(off);
                    Some(format!(" ({}:{line}:{col})", ctx.rel(&f.path)))
                })
                .unwrap_or_default();
            let short_pkg = callee_pkg.rsplit('/').next().unwrap_or(&callee_pkg);
            let mut d = ctx.diagnostic(
                rule,
                &file.path,
                site.span.start as usize..site.span.end as usize,
                format!(
                    "error from {short_pkg}.{callee_key} ({} layer) is already wrapped there with {:?}{inner_at}; wrapping it again with the static {:?} only repeats the operation: return it as is and wrap once where context is added, or use errors.Join",
                    ctx.layers.name(to),
                    inner.returned_wrap.as_deref().unwrap_or(""),
                    site.format,
                ),
            );
            d.layer_from = Some(ctx.layers.name(from).to_string());
            d.layer_to = Some(ctx.layers.name(to).to_string());
            out.push(d);
        }
    }
    Ok(())
}

/// Pass 1 over one package: the functions that return wrapped errors (keyed by package and
/// declaration, in source order) and the static wrap sites.
pub(crate) type Scan = (Vec<((String, String), FuncErrors)>, Vec<WrapSite>);

/// [`Scan`] of one package.
pub(crate) fn scan(ctx: &Context<'_>, pkg: &strata_go::loader::LoadedPackage) -> Scan {
    let mut funcs = Vec::new();
    let mut pkg_sites = Vec::new();
    // Only application packages wrap at a layer boundary (pass 2 skips the others, as callers
    // and as callees).
    if !ctx.layers.is_application(ctx.layer_of_loaded(pkg)) {
        return (funcs, pkg_sites);
    }
    for (fi, f) in pkg.files.iter().enumerate() {
        let fmt_name = fmt_import(&f.imports);
        // Scanned at load time under the same name for `fmt`, or now.
        let own;
        let file_scan =
            match f.facts().and_then(|x| x.downcast_ref::<super::FileScans>()).and_then(|s| s.err001.as_ref()) {
                Some((assumed, s)) if assumed.as_deref() == fmt_name => s,
                _ => {
                    let Some(fmt_name) = fmt_name else { continue };
                    own = scan_file(&f.parse().file, fmt_name);
                    &own
                }
            };
        let (file_funcs, file_sites) = file_scan;
        for (key, fmt, at) in file_funcs {
            let summary = FuncErrors { returned_wrap: Some(fmt.clone()), returned_at: Some((fi, *at)) };
            funcs.push(((pkg.path.clone(), key.clone()), summary));
        }
        for (span, format, call) in file_sites {
            pkg_sites.push(WrapSite { file: fi, span: *span, format: format.clone(), source_call: *call });
        }
    }
    (funcs, pkg_sites)
}

/// The file's name for `fmt`, when it imports it.
pub(crate) fn fmt_import(imports: &std::collections::BTreeMap<String, String>) -> Option<&str> {
    imports.iter().find(|(_, p)| p.as_str() == "fmt").map(|(n, _)| n.as_str())
}

/// One file's part of [`Scan`]: (declaration key, wrap format, its offset) of the functions that
/// wrap on every return, and (wrap span, format, source call span) of the static wraps.
pub(crate) type FileScan = (Vec<(String, String, u32)>, Vec<(Span, String, Span)>);

/// [`FileScan`] of a file that names `fmt` `fmt_name`.
pub(crate) fn scan_file(file: &strata_go::ast::File<'_>, fmt_name: &str) -> FileScan {
    let mut funcs = Vec::new();
    let mut sites = Vec::new();
    for fd in file.funcs() {
        let Some(body) = &fd.body else { continue };
        let mut v = FuncScan { fmt: fmt_name, assigns: Vec::new(), wraps: Vec::new() };
        visit::walk_block(&mut v, body);
        if let Some((fmt, at)) = wrapped_on_every_return(fmt_name, fd, body) {
            funcs.push((decl_key(fd), fmt, at));
        }
        for (span, format, var) in v.wraps {
            // The latest assignment of the variable before the wrap.
            let Some(&(_, call, _)) =
                v.assigns.iter().filter(|(name, _, at)| *name == var && *at < span.start).max_by_key(|a| a.2)
            else {
                continue;
            };
            sites.push((span, format, call));
        }
    }
    (funcs, sites)
}

/// `F` for a function, `T.M` for a method (as [`strata_go::loader::ResolvedCall::caller`]).
fn decl_key(fd: &FuncDecl<'_>) -> String {
    match fd.receiver_base() {
        Some((t, _)) => format!("{t}.{}", fd.name.name),
        None => fd.name.name.to_string(),
    }
}

/// The function a callee names, when it returns wrapped errors: (package, key, summary). For an
/// interface method, the first implementation that wraps.
fn wrapping_callee<'f>(
    program: &Program,
    funcs: &HashMap<(&str, &str), &'f FuncErrors>,
    callee: &Callee,
) -> Option<(String, String, &'f FuncErrors)> {
    let candidates: Vec<(String, String)> = match callee {
        Callee::Func { package, name } => vec![(package.clone(), name.clone())],
        Callee::Method { package, type_name, name } => vec![(package.clone(), format!("{type_name}.{name}"))],
        Callee::InterfaceMethod { implementations, name, .. } => {
            implementations.iter().map(|(p, t)| (p.clone(), format!("{t}.{name}"))).collect()
        }
        _ => Vec::new(),
    };
    candidates.into_iter().find_map(|(p, k)| {
        program.package(&p)?;
        let f = *funcs.get(&(p.as_str(), k.as_str()))?;
        Some((p, k, f))
    })
}

/// Whether `e` is `fmt.Errorf(lit, args…)` (with the file's name for `fmt`); its decoded format.
fn errorf<'e, 'a>(fmt: &str, e: &'e Expr<'a>) -> Option<(&'e CallExpr<'a>, String)> {
    let call = e.unparen().as_call()?;
    let ExprKind::Selector { x, sel } = &call.fun.unparen().kind else { return None };
    if sel.name != "Errorf" || x.as_ident()?.name != fmt {
        return None;
    }
    let ExprKind::BasicLit(lit) = &call.args.first()?.unparen().kind else { return None };
    Some((call, lit.string_value()?))
}

/// A format that is static text ending in one `%w` (`%%` allowed), with a non-empty prefix.
fn static_prefix(format: &str) -> bool {
    let Some(prefix) = format.strip_suffix("%w") else { return false };
    !prefix.trim().is_empty() && !prefix.replace("%%", "").contains('%')
}

/// The first `return …, fmt.Errorf("…%w…", …)` of a function whose last result is `error`, when
/// *every* return of the function (closures excluded) returns either `nil` or such a wrap as its
/// error: then any error it returns is already wrapped. `None` when some return hands back an
/// error unwrapped (a variable, a sentinel, a new error, another call's results) or is a bare
/// `return` of named results.
fn wrapped_on_every_return(fmt: &str, fd: &FuncDecl<'_>, body: &Block<'_>) -> Option<(String, u32)> {
    let last = fd.ty.results.as_ref()?.fields.last()?;
    if last.ty.as_ident()?.name != "error" {
        return None;
    }
    let mut v = Returns { fmt, first_wrap: None, unwrapped: false };
    visit::walk_block(&mut v, body);
    if v.unwrapped { None } else { v.first_wrap }
}

/// What a function body's return statements hand back as their error (closures excluded).
struct Returns<'f> {
    fmt: &'f str,
    first_wrap: Option<(String, u32)>,
    unwrapped: bool,
}

impl<'a> Visitor<'a> for Returns<'_> {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        if let StmtKind::Return(rs) = &s.kind {
            match rs.last() {
                None => self.unwrapped = true,
                Some(e) if e.unparen().as_ident().is_some_and(|id| id.name == "nil") => {}
                Some(e) => match errorf(self.fmt, e).filter(|(_, f)| f.contains("%w")) {
                    Some((c, f)) => {
                        self.first_wrap.get_or_insert((f, c.span.start));
                    }
                    None => self.unwrapped = true,
                },
            }
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        // A closure's returns are its own.
        if !matches!(e.kind, ExprKind::FuncLit { .. }) {
            visit::walk_expr(self, e);
        }
    }
}

/// Collects, in one function body: assignments `v… := call(…)` / `var v = call(…)` and static wraps
/// `fmt.Errorf("text: %w", v)`.
struct FuncScan<'s, 'a> {
    fmt: &'s str,
    /// (variable, call span, assignment offset).
    assigns: Vec<(&'a str, Span, u32)>,
    /// (Errorf call span, format, variable).
    wraps: Vec<(Span, String, &'a str)>,
}

impl<'a> Visitor<'a> for FuncScan<'_, 'a> {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        match &s.kind {
            StmtKind::Assign { lhs, rhs, .. } => {
                if let [r] = rhs.as_slice()
                    && let Some(call) = r.unparen().as_call()
                {
                    for l in lhs {
                        if let Some(id) = l.as_ident() {
                            self.assigns.push((id.name, call.span, s.span.start));
                        }
                    }
                } else {
                    // `a, b = x, y`: a later wrap of these names is not of a call's result.
                    for l in lhs {
                        if let Some(id) = l.as_ident() {
                            self.assigns.push((id.name, Span::new(0, 0), s.span.start));
                        }
                    }
                }
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let Spec::Value(v) = spec {
                        let call = match v.values.as_slice() {
                            [r] => r.unparen().as_call().map_or(Span::new(0, 0), |c| c.span),
                            _ => Span::new(0, 0),
                        };
                        for id in &v.names {
                            self.assigns.push((id.name, call, s.span.start));
                        }
                    }
                }
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let Some((call, format)) = errorf(self.fmt, e)
            && static_prefix(&format)
            && let [_, arg] = call.args.as_slice()
            && let Some(id) = arg.unparen().as_ident()
        {
            self.wraps.push((call.span, format, id.name));
        }
        visit::walk_expr(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_prefixes() {
        assert!(static_prefix("service: get order: %w"));
        assert!(static_prefix("100%% sure: %w"));
        assert!(!static_prefix("get order %d: %w"));
        assert!(!static_prefix("%w"));
        assert!(!static_prefix("get: %w: more"));
        assert!(!static_prefix("get: %v"));
    }
}
