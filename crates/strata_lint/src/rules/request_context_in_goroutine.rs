//! CTX001 request-context-in-goroutine.

use std::collections::HashSet;

use strata_go::Span;
use strata_go::ast::{Block, Expr, ExprKind, FieldList, FuncDecl, Stmt, StmtKind, UnaryOp};
use strata_go::captures::captured_identifiers;
use strata_go::visit::{self, Visitor};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a goroutine started inside an HTTP handler — a function or function literal with
/// `http.ResponseWriter` and `*http.Request` parameters — that keeps using the request: its
/// `r.Context()`, a context derived from it (`ctx := r.Context()`, `context.WithTimeout(ctx, …)`),
/// or the `*http.Request` itself, when the handler does not wait for the goroutine.
///
/// ## Why is this bad?
/// net/http cancels the request's context when `ServeHTTP` returns, and the `*http.Request` must
/// not be used after it: the goroutine's database call, cache write or audit log then fails with
/// `context canceled` — only under real traffic, when the handler returns first. This broke
/// mark3labs/mcp-go (#248), and the fixes in ferro-labs/ai-gateway (#181) and sigstore/rekor
/// (#2947) are the ones suggested here.
///
/// ## Example
/// ```go
/// func (h *Handler) CreateOrder(w http.ResponseWriter, r *http.Request) {
///     …
///     go h.audit.Record(r.Context(), order) // CTX001: cancelled when the handler returns
///     writeJSON(w, http.StatusCreated, order)
/// }
/// ```
///
/// Use instead:
/// ```go
/// // keeps the request's values (trace IDs, principal) without its cancellation (Go 1.21)
/// go h.audit.Record(context.WithoutCancel(r.Context()), order)
/// ```
///
/// ## Notes
/// This agrees with contextcheck and gosec G118, which ask goroutines to inherit the request's
/// context instead of `context.Background()`: `context.WithoutCancel(r.Context())` inherits it, so
/// it satisfies all three. A context is taken as derived from the request when it is
/// `r.Context()`, a `context.With…` of a derived context (except `WithoutCancel`), or the result of
/// a call whose first argument is a derived context assigned to a name containing `ctx`. A handler
/// that waits after the `go` statement (a `.Wait()` call, a channel receive or a `select`) is not
/// reported, nor is a goroutine that only watches the context (`<-ctx.Done()`, `ctx.Err()`) to stop
/// when the request ends. Names are matched syntactically (no type checker): a goroutine that uses a request
/// context only through a struct field or a global is not found.
pub struct RequestContextInGoroutine;
}

/// Check the handlers of the application layers.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let program = ctx.program();
    for pkg in &program.packages {
        if !ctx.layers.is_application(ctx.layer_of_loaded(pkg)) {
            continue;
        }
        // Usually done in the engine's pass over the packages (`Context::package_scans`).
        let own;
        let hits = match ctx.package_scans(pkg).and_then(|s| s.ctx001.as_ref()) {
            Some(s) => s,
            None => {
                own = scan(ctx, pkg);
                &own
            }
        };
        for (fi, file_hits) in hits {
            let Some(f) = pkg.files.get(*fi) else { continue };
            for (name, at, what) in file_hits {
                out.push(ctx.diagnostic(
                    rule,
                    &f.path,
                    at.start as usize..at.end as usize,
                    format!(
                        "goroutine started in handler {name} keeps using {what}, which net/http cancels (or reuses) when the handler returns; pass context.WithoutCancel(r.Context()) to keep its values without its cancellation, or copy the values it needs before the go statement"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The handlers' goroutines of one package that keep using the request, per file: (file, [(handler
/// name, where, what)]).
pub(crate) type Scan = Vec<(usize, Vec<(String, Span, String)>)>;

/// [`Scan`] of one package.
pub(crate) fn scan(_ctx: &Context<'_>, pkg: &strata_go::loader::LoadedPackage) -> Scan {
    let mut out = Vec::new();
    for (fi, f) in pkg.files.iter().enumerate() {
        let http = http_import(&f.imports);
        // Scanned at load time under the same name for `net/http`, or now.
        let hits = match f.facts().and_then(|x| x.downcast_ref::<super::FileScans>()).and_then(|s| s.ctx001.as_ref()) {
            Some((assumed, hits)) if assumed.as_deref() == http => {
                if http.is_none() {
                    continue;
                }
                hits.clone()
            }
            _ => {
                let Some(http) = http else { continue };
                scan_file(&f.parse().file, f.source(), http)
            }
        };
        out.push((fi, hits));
    }
    out
}

/// The file's name for `net/http`, when it imports it.
pub(crate) fn http_import(imports: &std::collections::BTreeMap<String, String>) -> Option<&str> {
    imports.iter().find(|(_, p)| p.as_str() == "net/http").map(|(n, _)| n.as_str())
}

/// One file's part of [`Scan`]: (handler name, where, what).
pub(crate) type FileScan = Vec<(String, Span, String)>;

/// [`FileScan`] of a file with text `src` that names `net/http` `http`.
pub(crate) fn scan_file(file: &strata_go::ast::File<'_>, src: &str, http: &str) -> FileScan {
    let mut finder = HandlerFinder { http, src, hits: Vec::new() };
    visit::walk_file(&mut finder, file);
    finder.hits
}

/// Finds handlers (declarations and literals) and checks each.
struct HandlerFinder<'s> {
    http: &'s str,
    src: &'s str,
    /// (handler name, where, what).
    hits: Vec<(String, Span, String)>,
}

/// The name of the `*http.Request` parameter when the list has `http.ResponseWriter` and
/// `*http.Request` parameters.
fn request_param<'a>(params: &FieldList<'a>, http: &str, src: &str) -> Option<&'a str> {
    let writer = format!("{http}.ResponseWriter");
    let request = format!("*{http}.Request");
    let mut has_writer = false;
    let mut req = None;
    for p in &params.fields {
        let t: String = p.ty.span.text(src).chars().filter(|c| !c.is_whitespace()).collect();
        if t == writer {
            has_writer = true;
        } else if t == request {
            req = p.names.first().map(|n| n.name).filter(|n| *n != "_");
        }
    }
    if has_writer { req } else { None }
}

impl<'a> Visitor<'a> for HandlerFinder<'_> {
    fn visit_func_decl(&mut self, fd: &FuncDecl<'a>) {
        if let (Some(body), Some(request)) = (&fd.body, request_param(&fd.ty.params, self.http, self.src)) {
            let name = match fd.receiver_base() {
                Some((t, _)) => format!("{t}.{}", fd.name.name),
                None => fd.name.name.to_string(),
            };
            for (at, what) in check_handler(request, body, self.http, self.src) {
                self.hits.push((name.clone(), at, what));
            }
        }
        visit::walk_func_decl(self, fd);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::FuncLit { ty, body } = &e.kind
            && let Some(request) = request_param(&ty.params, self.http, self.src)
        {
            for (at, what) in check_handler(request, body, self.http, self.src) {
                self.hits.push(("(a function literal)".to_string(), at, what));
            }
        }
        visit::walk_expr(self, e);
    }
}

/// The goroutines of one handler that use the request after it may have returned: (where, what).
fn check_handler(request: &str, body: &Block<'_>, http: &str, src: &str) -> Vec<(Span, String)> {
    let mut scan =
        HandlerScan { request, http, src, tainted: HashSet::new(), goroutines: Vec::new(), waits: Vec::new() };
    visit::walk_block(&mut scan, body);
    let mut out = Vec::new();
    for (go_end, hits) in scan.goroutines {
        if scan.waits.iter().any(|&w| w >= go_end) {
            continue;
        }
        out.extend(hits);
    }
    out
}

/// Whether a goroutine body uses `name` only as `name.Done()` / `name.Err()`: a watcher that stops
/// when the request ends, which is what the request's context is for.
fn only_watches_cancellation(body: &Block<'_>, name: &str) -> bool {
    struct Uses<'n> {
        name: &'n str,
        other: usize,
    }
    impl<'a> Visitor<'a> for Uses<'_> {
        fn visit_expr(&mut self, e: &Expr<'a>) {
            match &e.kind {
                ExprKind::Selector { x, sel }
                    if (sel.name == "Done" || sel.name == "Err")
                        && x.as_ident().is_some_and(|i| i.name == self.name) => {}
                ExprKind::Ident(id) if id.name == self.name => self.other += 1,
                _ => visit::walk_expr(self, e),
            }
        }
    }
    let mut u = Uses { name, other: 0 };
    visit::walk_block(&mut u, body);
    u.other == 0
}

struct HandlerScan<'s> {
    request: &'s str,
    http: &'s str,
    src: &'s str,
    /// Names holding a context derived from the request.
    tainted: HashSet<String>,
    /// (end of the go statement, uses found in it).
    goroutines: Vec<(u32, Vec<(Span, String)>)>,
    /// Offsets of `.Wait()` calls, receives and selects.
    waits: Vec<u32>,
}

impl HandlerScan<'_> {
    /// `r.Context()` or a tainted name: what it is, for the message.
    fn request_use(&self, e: &Expr<'_>) -> Option<String> {
        let e = e.unparen();
        if let Some(id) = e.as_ident() {
            if id.name == self.request {
                return Some(format!("the *http.Request {}", id.name));
            }
            if self.tainted.contains(id.name) {
                return Some(format!("{} (derived from {}.Context())", id.name, self.request));
            }
            return None;
        }
        let call = e.as_call()?;
        let path = call.fun.unparen().selector_path()?;
        (path.len() == 2 && path.first() == Some(&self.request) && path.get(1) == Some(&"Context"))
            .then(|| format!("{}.Context()", self.request))
    }

    /// Whether an initialiser yields a context derived from the request (for the name `lhs`).
    fn derives(&self, rhs: &Expr<'_>, lhs: &str) -> bool {
        let rhs = rhs.unparen();
        if self.request_use(rhs).is_some() {
            return rhs.as_ident().is_none_or(|id| id.name != self.request);
        }
        let Some(call) = rhs.as_call() else { return false };
        let Some(first) = call.args.first() else { return false };
        if self.request_use(first).is_none() || first.unparen().as_ident().is_some_and(|i| i.name == self.request) {
            return false;
        }
        match call.fun.unparen().selector_path().as_deref() {
            Some(["context", f]) => f.starts_with("With") && *f != "WithoutCancel",
            _ => lhs.to_ascii_lowercase().contains("ctx"),
        }
    }
}

impl<'a> Visitor<'a> for HandlerScan<'_> {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        match &s.kind {
            StmtKind::Assign { lhs, rhs, .. } => {
                let first_only = rhs.len() == 1;
                for (i, l) in lhs.iter().enumerate() {
                    let Some(id) = l.as_ident() else { continue };
                    let r = if first_only { (i == 0).then(|| rhs.first()).flatten() } else { rhs.get(i) };
                    if r.is_some_and(|r| self.derives(r, id.name)) {
                        self.tainted.insert(id.name.to_string());
                    } else {
                        self.tainted.remove(id.name);
                    }
                }
            }
            StmtKind::Select(_) => self.waits.push(s.span.start),
            StmtKind::Go(e) => {
                if let Some(call) = e.as_call() {
                    let mut hits = Vec::new();
                    if let ExprKind::FuncLit { ty, body } = &call.fun.unparen().kind {
                        let mut seen = HashSet::new();
                        for id in captured_identifiers(ty, body) {
                            let what = if id.name == self.request {
                                Some(format!("the *http.Request {}", id.name))
                            } else if self.tainted.contains(id.name) && !only_watches_cancellation(body, id.name) {
                                Some(format!("{} (derived from {}.Context())", id.name, self.request))
                            } else {
                                None
                            };
                            if let Some(what) = what
                                && seen.insert(id.name)
                            {
                                hits.push((id.span, what));
                            }
                        }
                    }
                    for a in &call.args {
                        if let Some(what) = self.request_use(a) {
                            hits.push((a.span, what));
                        }
                    }
                    if !hits.is_empty() {
                        self.goroutines.push((s.span.end, hits));
                    }
                }
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        match &e.kind {
            // A nested handler is checked on its own.
            ExprKind::FuncLit { ty, .. } if request_param(&ty.params, self.http, self.src).is_some() => return,
            ExprKind::Unary { op: UnaryOp::Recv, .. } => self.waits.push(e.span.start),
            ExprKind::Call(c) => {
                if let ExprKind::Selector { sel, .. } = &c.fun.unparen().kind
                    && sel.name == "Wait"
                {
                    self.waits.push(e.span.start);
                }
            }
            _ => {}
        }
        visit::walk_expr(self, e);
    }
}
