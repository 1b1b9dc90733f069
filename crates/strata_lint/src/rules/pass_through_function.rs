//! LAY003 pass-through-function.

use std::collections::{HashMap, HashSet};

use strata_go::Span;
use strata_go::ast::{CallExpr, Expr, ExprKind, Stmt, StmtKind};
use strata_go::loader::Callee;

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports the functions and methods of a package that only forward to a function of another
/// layer — `return s.repo.Get(ctx, id)`, optionally with the error wrapped on the way
/// (`if err != nil { return nil, fmt.Errorf("…: %w", err) }`) — when such pass-through
/// functions are at least `min-share` (default half) of the package's functions. Each finding
/// names the package's share.
///
/// ## Why is this bad?
/// A layer that only forwards adds a call, an interface dispatch and often an error wrap to every
/// request (see ERR001), and a file to every change, without owning any decision. The other strata
/// commands measure what such layers cost at run time; this rule finds them in the source. A
/// package made mostly of pass-throughs is a layer that could be merged into its neighbour, or a
/// place where the real rule (authorisation, validation, a transaction) was forgotten.
///
/// ## Example
/// ```go
/// package service
///
/// func (s *OrderService) Get(ctx context.Context, id int64) (domain.Order, error) {
///     return s.repo.Get(ctx, id) // LAY003: nothing but a forward to infra
/// }
/// ```
///
/// Use instead:
/// ```go
/// // let the adapter call the repository port directly, or give the service its decision:
/// func (s *OrderService) Get(ctx context.Context, id int64) (domain.Order, error) {
///     if err := s.auth.Authorize(ctx, domain.ActionRead); err != nil {
///         return domain.Order{}, err
///     }
///     return s.repo.Get(ctx, id)
/// }
/// ```
///
/// ## Options
/// - `min-share` (number, default `0.5`): report a package's pass-through functions only when they
///   are at least this share of its functions (`0` reports every one).
///
/// ## Notes
/// A function is a pass-through when its body is one of: `return f(params…)`, `f(params…)`,
/// `v, err := f(params…); if err != nil { return …, err-or-wrap }; return v, nil`, or
/// `if err := f(params…); err != nil { return err-or-wrap }; return nil`, where every argument is
/// one of the function's parameters and `f` resolves to a function of another application layer
/// (see docs/parser.md for what resolves; an interface method when all its implementations outside
/// the package are in one layer). Constructors (`New…` functions) and functions without parameters
/// are not counted either way. `_test.go` files are not read. Info severity.
pub struct PassThroughFunction;
}

/// Check every application-layer package.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let min_share = match ctx.rule_options(rule).and_then(|t| t.get("min-share")) {
        None => 0.5,
        Some(v) => v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).ok_or_else(|| Error::Option {
            file: ctx.config_file.unwrap_or(std::path::Path::new("strata.toml")).to_path_buf(),
            key: format!(".{}.min-share", rule.code),
            msg: "expected a number between 0 and 1".to_string(),
        })?,
    };
    let program = ctx.program();
    for (pi, pkg) in program.packages.iter().enumerate() {
        let from = ctx.layer_of_loaded(pkg);
        if !ctx.layers.is_application(from) || pkg.name == "main" {
            continue;
        }
        // Usually done in the engine's pass over the packages (`Context::package_scans`).
        let own;
        let (total, candidates) = match ctx.package_scans(pkg).and_then(|s| s.lay003.as_ref()) {
            Some(s) => s,
            None => {
                own = scan(ctx, pkg);
                &own
            }
        };
        let total = *total;
        if candidates.is_empty() {
            continue;
        }
        let calls: HashMap<(usize, Span), &Callee> =
            ctx.resolved_calls(pi).iter().map(|c| ((c.file, c.span), &c.callee)).collect();
        let mut found = Vec::new();
        for &(fi, name_span, ref name, call) in candidates {
            let Some(to) = calls.get(&(fi, call)).and_then(|c| callee_layer(ctx, program, c, &pkg.path)) else {
                continue;
            };
            if to == from || !ctx.layers.is_application(to) {
                continue;
            }
            found.push((fi, name_span, name, to));
        }
        let share = found.len() as f64 / total.max(1) as f64;
        if found.is_empty() || share < min_share {
            continue;
        }
        for (fi, span, name, to) in &found {
            let Some(file) = pkg.files.get(*fi) else { continue };
            let mut d = ctx.diagnostic(
                rule,
                &file.path,
                span.start as usize..span.end as usize,
                format!(
                    "{name} only forwards to the {} layer; {} of {total} functions of {} ({:.0}%) are pass-throughs: merge the layer or give it the decision it should own",
                    ctx.layers.name(*to),
                    found.len(),
                    pkg.path,
                    share * 100.0
                ),
            );
            d.layer_from = Some(ctx.layers.name(from).to_string());
            d.layer_to = Some(ctx.layers.name(*to).to_string());
            out.push(d);
        }
    }
    Ok(())
}

/// Functions counted (with parameters, not `New…` constructors) and the candidates: (file, name
/// span, display name, forwarded call span).
pub(crate) type Scan = (usize, Vec<(usize, Span, String, Span)>);

/// [`Scan`] of one package.
pub(crate) fn scan(_ctx: &Context<'_>, pkg: &strata_go::loader::LoadedPackage) -> Scan {
    let mut total = 0usize;
    let mut candidates: Vec<(usize, Span, String, Span)> = Vec::new();
    for (fi, f) in pkg.files.iter().enumerate() {
        // Scanned at load time, or now.
        let own;
        let (count, file_candidates) =
            match f.facts().and_then(|x| x.downcast_ref::<super::FileScans>()).and_then(|s| s.lay003.as_ref()) {
                Some(s) => s,
                None => {
                    own = scan_file(&f.parse().file);
                    &own
                }
            };
        total += count;
        candidates.extend(file_candidates.iter().map(|(span, name, call)| (fi, *span, name.clone(), *call)));
    }
    (total, candidates)
}

/// One file's part of [`Scan`]: functions counted, and (name span, display name, forwarded call
/// span) of the candidates.
pub(crate) type FileScan = (usize, Vec<(Span, String, Span)>);

/// [`FileScan`] of a file.
pub(crate) fn scan_file(file: &strata_go::ast::File<'_>) -> FileScan {
    let mut total = 0usize;
    let mut candidates = Vec::new();
    for fd in file.funcs() {
        let Some(body) = &fd.body else { continue };
        if fd.ty.params.is_empty() || (fd.recv.is_none() && fd.name.name.starts_with("New")) {
            continue;
        }
        total += 1;
        let params: HashSet<&str> = fd.ty.params.fields.iter().flat_map(|p| p.names.iter().map(|n| n.name)).collect();
        if let Some(call) = forwarded_call(&body.stmts, &params) {
            let name = match fd.receiver_base() {
                Some((t, _)) => format!("{t}.{}", fd.name.name),
                None => fd.name.name.to_string(),
            };
            candidates.push((fd.name.span, name, call));
        }
    }
    (total, candidates)
}

/// The layer a resolved call runs in. An interface method counts when every implementation outside
/// the calling package is in one layer (interfaces match by method names, so candidates may differ).
pub(crate) fn callee_layer(
    ctx: &Context<'_>,
    program: &strata_go::loader::Program,
    callee: &Callee,
    caller_package: &str,
) -> Option<strata_layers::LayerId> {
    let layer = |p: &str| program.package(p).map(|lp| ctx.layer_of_loaded(lp));
    match callee {
        Callee::Func { package, .. } | Callee::Method { package, .. } => layer(package),
        Callee::InterfaceMethod { implementations, .. } => {
            let mut layers = implementations.iter().filter(|(p, _)| p != caller_package).filter_map(|(p, _)| layer(p));
            let first = layers.next()?;
            layers.all(|l| l == first).then_some(first)
        }
        _ => None,
    }
}

/// The call a body forwards to, when the body is one of the pass-through forms.
fn forwarded_call(stmts: &[Stmt<'_>], params: &HashSet<&str>) -> Option<Span> {
    let forward = |e: &Expr<'_>| -> Option<Span> {
        let call = e.unparen().as_call()?;
        args_are_params(call, params).then_some(call.span)
    };
    match stmts {
        [s] => match &s.kind {
            StmtKind::Return(rs) if rs.len() == 1 => rs.first().and_then(forward),
            StmtKind::Expr(e) => forward(e),
            _ => None,
        },
        // v, err := f(…); if err != nil { return …, err|wrap }; return v, nil
        [a, i, r] => {
            let StmtKind::Assign { lhs, rhs, .. } = &a.kind else { return None };
            let call = forward(rhs.first()?)?;
            let err = lhs.last()?.as_ident()?.name;
            if !returns_err(i, err) {
                return None;
            }
            let StmtKind::Return(rs) = &r.kind else { return None };
            let values: Vec<&str> =
                lhs.iter().take(lhs.len() - 1).filter_map(|e| e.as_ident().map(|i| i.name)).collect();
            let ok = rs.len() == lhs.len()
                && rs.iter().take(values.len()).zip(&values).all(|(e, v)| e.as_ident().is_some_and(|i| i.name == *v))
                && rs.last().and_then(|e| e.as_ident()).is_some_and(|i| i.name == "nil");
            ok.then_some(call)
        }
        // if err := f(…); err != nil { return err|wrap }; return nil
        [i, r] => {
            let StmtKind::If { init: Some(init), .. } = &i.kind else { return None };
            let StmtKind::Assign { lhs, rhs, .. } = &init.kind else { return None };
            let call = forward(rhs.first()?)?;
            let err = lhs.last()?.as_ident()?.name;
            if !returns_err(i, err) {
                return None;
            }
            let StmtKind::Return(rs) = &r.kind else { return None };
            (rs.len() == 1 && rs.first().and_then(|e| e.as_ident()).is_some_and(|i| i.name == "nil")).then_some(call)
        }
        _ => None,
    }
}

fn args_are_params(call: &CallExpr<'_>, params: &HashSet<&str>) -> bool {
    call.args.iter().all(|a| a.unparen().as_ident().is_some_and(|i| params.contains(i.name)))
}

/// `if err != nil { return …, err }` or `… fmt.Errorf("…%w…", …, err)` (no else).
fn returns_err(s: &Stmt<'_>, err: &str) -> bool {
    let StmtKind::If { cond, then, els: None, .. } = &s.kind else { return false };
    let ExprKind::Binary { x, y, .. } = &cond.kind else { return false };
    if x.as_ident().is_none_or(|i| i.name != err) || y.as_ident().is_none_or(|i| i.name != "nil") {
        return false;
    }
    let [ret] = then.stmts.as_slice() else { return false };
    let StmtKind::Return(rs) = &ret.kind else { return false };
    let Some(last) = rs.last() else { return false };
    if last.as_ident().is_some_and(|i| i.name == err) {
        return true;
    }
    // A wrap: a call whose last argument is err (fmt.Errorf("…: %w", err) and the like).
    last.as_call().is_some_and(|c| c.args.last().and_then(|a| a.as_ident()).is_some_and(|i| i.name == err))
}
