//! GO001 goroutine-pointer-across-layers.

use std::collections::{HashMap, HashSet};

use strata_go::Span;
use strata_go::ast::{Block, Expr, ExprKind, FieldList, FuncType, Spec, Stmt, StmtKind, UnaryOp};
use strata_go::loader::Callee;
use strata_go::token::Tok;
use strata_go::visit::{self, Visitor};

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::rule::{RuleMeta, violation};

violation! {
/// ## What it does
/// Reports a `go` statement that hands a pointer to a local variable (`&order`) or to a new
/// composite literal (`&Order{…}`) directly to a function or method of another layer:
/// `go s.repo.Save(&order)`.
///
/// ## Why is this bad?
/// The arguments of a `go` statement outlive the caller's frame, so the compiler moves the
/// pointed-to value to the heap (`moved to heap: order`), one allocation per call. Worse, the
/// caller's layer and the goroutine in the other layer now share mutable memory: the caller can
/// still write to `order` while the other layer reads it, a data race the layer boundary hides.
/// `strata escape` shows these as argument escapes at a cross-layer call site.
///
/// ## Example
/// ```go
/// func (s *Service) Place(o Order) {
///     go s.repo.Save(&o) // GO001
///     go func() { s.repo.Save(&o) }() // GO001: o is captured by reference
/// }
/// ```
///
/// Use instead:
/// ```go
/// func (s *Service) Place(o Order) {
///     go s.repo.Save(o) // a copy: nothing is shared, nothing escapes because of the go statement
/// }
/// // or let the other layer own its goroutines: s.repo.SaveAsync(o)
/// ```
///
/// ## Notes
/// Synchronisation values are meant to be shared and are exempt: a local or parameter whose
/// declared type is from `sync` or `sync/atomic` (`WaitGroup`, `Mutex`, `Once`, …), `errgroup`,
/// or a channel (`var done chan struct{}`, `ch := make(chan T)`). The callee is found with
/// strata's call resolution (package functions, methods of the receiver, of parameters and of
/// their fields, interface methods through their implementations); calls strata cannot resolve
/// are not checked. The rule has info severity: it is about cost and sharing, not correctness, so
/// it does not fail `strata lint` at the default `--fail-on`.
///
/// A `go func() { … }()` literal is the same escape written differently, and is reported in two
/// shapes: the literal's body hands `&x` of a local `x` of the enclosing function (captured by
/// reference, so the `go` statement moves it to the heap — `moved to heap: x`) to a function of
/// another layer, `go func() { s.repo.Save(&o) }()`; or the `go` statement passes `&x` / `&T{…}`
/// to a parameter of the literal that the body hands on unchanged,
/// `go func(p *Order) { s.repo.Save(p) }(&o)`. A variable declared inside the literal is the
/// goroutine's own (where it lives is the callee's business, not the `go` statement's) and is not
/// reported, nor is a captured pointer variable (`p := &o; go func() { save(p) }()`), whose
/// pointee strata cannot see.
pub struct GoroutinePointerAcrossLayers;
}

/// Check every `go` statement of the application layers.
pub fn check(ctx: &Context<'_>, rule: &RuleMeta, out: &mut Vec<Diagnostic>) -> Result<()> {
    let program = ctx.program();
    for (pi, pkg) in program.packages.iter().enumerate() {
        let from = ctx.layer_of_loaded(pkg);
        if !ctx.layers.is_application(from) {
            continue;
        }
        // Usually done in the engine's pass over the packages (`Context::package_scans`).
        let own;
        let found = match ctx.package_scans(pkg).and_then(|s| s.go001.as_ref()) {
            Some(s) => s,
            None => {
                own = scan(ctx, pkg);
                &own
            }
        };
        if found.is_empty() {
            continue;
        }
        let calls: HashMap<(usize, Span), &Callee> =
            ctx.resolved_calls(pi).iter().map(|c| ((c.file, c.span), &c.callee)).collect();
        for &(fi, call, arg, ref what) in found {
            let Some(callee) = calls.get(&(fi, call)) else { continue };
            let (callee_pkg, callee_name) = match callee {
                Callee::Func { package, name } => (package.clone(), name.clone()),
                Callee::Method { package, type_name, name } => (package.clone(), format!("{type_name}.{name}")),
                Callee::InterfaceMethod { package, interface, name, .. } => {
                    (package.clone(), format!("{interface}.{name}"))
                }
                _ => continue,
            };
            let Some(to) = super::pass_through_function::callee_layer(ctx, program, callee, &pkg.path) else {
                continue;
            };
            if to == from || !ctx.layers.is_application(to) {
                continue;
            }
            let Some(file) = pkg.files.get(fi) else { continue };
            let short = callee_pkg.rsplit('/').next().unwrap_or(&callee_pkg);
            let mut d = ctx.diagnostic(
                rule,
                &file.path,
                arg.start as usize..arg.end as usize,
                format!(
                    "go statement hands {what} from the {} layer to {short}.{callee_name} ({} layer): it moves to the heap and is shared with a goroutine of another layer; pass a copy or a channel, or let that layer start its own goroutine",
                    ctx.layers.name(from),
                    ctx.layers.name(to),
                ),
            );
            d.layer_from = Some(ctx.layers.name(from).to_string());
            d.layer_to = Some(ctx.layers.name(to).to_string());
            out.push(d);
        }
    }
    Ok(())
}

/// The `go` statements of one package that hand a pointer to a call: (file, call span, argument
/// span, what is handed).
pub(crate) type Scan = Vec<(usize, Span, Span, String)>;

/// [`Scan`] of one package.
pub(crate) fn scan(_ctx: &Context<'_>, pkg: &strata_go::loader::LoadedPackage) -> Scan {
    let mut found = Vec::new();
    for (fi, f) in pkg.files.iter().enumerate() {
        // Scanned at load time, or now.
        let own;
        let hits = match f.facts().and_then(|x| x.downcast_ref::<super::FileScans>()).and_then(|s| s.go001.as_ref()) {
            Some(s) => s,
            None => {
                // A file without the word `go` has no `go` statement: not parsed again.
                if !has_word(f.source(), "go") {
                    continue;
                }
                own = scan_file(&f.parse().file, f.source());
                &own
            }
        };
        found.extend(hits.iter().map(|(call, arg, what)| (fi, *call, *arg, what.clone())));
    }
    found
}

/// One file's part of [`Scan`]: (call span, argument span, what is handed).
pub(crate) type FileScan = Vec<(Span, Span, String)>;

/// [`FileScan`] of a file with text `src`.
pub(crate) fn scan_file(file: &strata_go::ast::File<'_>, src: &str) -> FileScan {
    let mut found = Vec::new();
    // A file without the word `go` has no `go` statement: skip the scan.
    if !has_word(src, "go") {
        return found;
    }
    for fd in file.funcs() {
        let Some(body) = &fd.body else { continue };
        let mut v = GoScan { types: HashMap::new(), locals: HashSet::new(), hits: Vec::new(), src };
        for p in fd.ty.params.fields.iter().chain(fd.ty.results.iter().flat_map(|r| &r.fields)) {
            for n in &p.names {
                v.types.insert(n.name.to_string(), p.ty.span.text(src).to_string());
                v.locals.insert(n.name.to_string());
            }
        }
        visit::walk_block(&mut v, body);
        found.extend(v.hits);
    }
    found
}

/// Whether a declared type (as written) is a synchronisation value meant to be shared.
fn shared_by_design(ty: &str) -> bool {
    let ty = ty.trim_start_matches('*').trim();
    ty.starts_with("sync.")
        || ty.starts_with("atomic.")
        || ty.starts_with("errgroup.")
        || ty.starts_with("chan ")
        || ty.starts_with("chan<-")
        || ty.starts_with("<-chan")
}

/// The type a `:=` / `var` initialiser declares, as written, when it says: `T{…}`, `&T{…}`,
/// `new(T)`, `make(T, …)`.
fn init_type(e: &Expr<'_>, src: &str) -> Option<String> {
    match &e.unparen().kind {
        ExprKind::CompositeLit { ty: Some(t), .. } => Some(t.span.text(src).to_string()),
        ExprKind::Unary { op: UnaryOp::Addr, x } => init_type(x, src),
        ExprKind::Call(c) => {
            let name = c.fun.unparen().as_ident()?.name;
            if name == "new" || name == "make" {
                return Some(c.args.first()?.span.text(src).to_string());
            }
            None
        }
        _ => None,
    }
}

/// Whether `word` occurs in `text` as a whole word (not inside a longer identifier). Every `go`
/// keyword is one; comments and strings may add false hits, which only cost a scan.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80);
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).any(|i| {
        let bytes = text.as_bytes();
        !ident(i.checked_sub(1).and_then(|j| bytes.get(j))) && !ident(bytes.get(i + word.len()))
    })
}

/// Collects declared types of locals and the `&x` / `&T{…}` arguments of `go` calls.
struct GoScan<'s> {
    types: HashMap<String, String>,
    /// Names declared in the function so far (parameters, `:=`, `var`, range variables).
    locals: HashSet<String>,
    /// (call span, argument span, description).
    hits: Vec<(Span, Span, String)>,
    src: &'s str,
}

impl<'a> Visitor<'a> for GoScan<'_> {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        match &s.kind {
            StmtKind::Assign { lhs, rhs, .. } if lhs.len() == rhs.len() => {
                for (l, r) in lhs.iter().zip(rhs) {
                    if let (Some(id), Some(t)) = (l.as_ident(), init_type(r, self.src)) {
                        self.types.insert(id.name.to_string(), t);
                    }
                }
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let Spec::Value(v) = spec {
                        for (i, id) in v.names.iter().enumerate() {
                            let t = match &v.ty {
                                Some(t) => Some(t.span.text(self.src).to_string()),
                                None => v.values.get(i).and_then(|e| init_type(e, self.src)),
                            };
                            if let Some(t) = t {
                                self.types.insert(id.name.to_string(), t);
                            }
                        }
                    }
                }
            }
            StmtKind::Go(e) => {
                if let Some(call) = e.as_call() {
                    if let ExprKind::FuncLit { ty, body } = &call.fun.unparen().kind {
                        self.literal(call.args.as_slice(), ty, body);
                    } else {
                        for a in &call.args {
                            if let Some(what) = self.pointer_arg(a) {
                                self.hits.push((e.span, a.span, what));
                            }
                        }
                    }
                }
            }
            StmtKind::Range { key, value, op: Tok::Define, .. } => {
                for x in key.iter().chain(value) {
                    if let Some(id) = x.as_ident() {
                        self.locals.insert(id.name.to_string());
                    }
                }
            }
            _ => {}
        }
        if let StmtKind::Assign { lhs, op: Tok::Define, .. } = &s.kind {
            for id in lhs.iter().filter_map(Expr::as_ident) {
                self.locals.insert(id.name.to_string());
            }
        }
        if let StmtKind::Decl(g) = &s.kind {
            for spec in &g.specs {
                if let Spec::Value(v) = spec {
                    self.locals.extend(v.names.iter().map(|n| n.name.to_string()));
                }
            }
        }
        visit::walk_stmt(self, s);
    }
}

impl GoScan<'_> {
    /// `&x` (a local whose type is not shared by design) or `&T{…}`: what it is, for the message.
    fn pointer_arg(&self, a: &Expr<'_>) -> Option<String> {
        let ExprKind::Unary { op: UnaryOp::Addr, x } = &a.unparen().kind else { return None };
        let (ty, what) = match &x.unparen().kind {
            ExprKind::Ident(id) => (self.types.get(id.name).cloned(), format!("a pointer to local {}", id.name)),
            ExprKind::CompositeLit { ty, .. } => {
                (ty.as_ref().map(|t| t.span.text(self.src).to_string()), a.span.text(self.src).to_string())
            }
            _ => return None,
        };
        (!ty.as_deref().is_some_and(shared_by_design)).then_some(what)
    }

    /// `go func(…) { … }(args)`: calls in the body that hand on `&x` of a captured local, or a
    /// parameter the `go` statement passed `&x` / `&T{…}` to.
    fn literal(&mut self, args: &[Expr<'_>], ty: &FuncType<'_>, body: &Block<'_>) {
        let mut inner = Declared::default();
        inner.fields(&ty.params);
        if let Some(r) = &ty.results {
            inner.fields(r);
        }
        visit::walk_block(&mut inner, body);
        let params = ty.params.fields.iter().flat_map(|f| {
            // An unnamed parameter still takes an argument.
            let n = f.names.len().max(1);
            (0..n).map(move |i| f.names.get(i).map(|id| id.name))
        });
        let mut handed = HashMap::new();
        for (param, a) in params.zip(args) {
            if let (Some(p), Some(what)) = (param, self.pointer_arg(a)) {
                handed.insert(p.to_string(), (a.span, what));
            }
        }
        let mut calls = LiteralCalls { scan: self, inner: &inner.names, handed: &handed, hits: Vec::new() };
        visit::walk_block(&mut calls, body);
        let hits = calls.hits;
        self.hits.extend(hits);
    }
}

/// Names declared in a function literal (parameters, results, `:=`, `var`, range variables).
#[derive(Default)]
struct Declared {
    names: HashSet<String>,
}

impl Declared {
    fn fields(&mut self, list: &FieldList<'_>) {
        self.names.extend(list.fields.iter().flat_map(|f| &f.names).map(|n| n.name.to_string()));
    }
}

impl<'a> Visitor<'a> for Declared {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        match &s.kind {
            StmtKind::Assign { lhs, op: Tok::Define, .. } => {
                self.names.extend(lhs.iter().filter_map(Expr::as_ident).map(|id| id.name.to_string()));
            }
            StmtKind::Range { key, value, op: Tok::Define, .. } => {
                self.names.extend(key.iter().chain(value).filter_map(|e| e.as_ident()).map(|id| id.name.to_string()));
            }
            StmtKind::Decl(g) => {
                for spec in &g.specs {
                    if let Spec::Value(v) = spec {
                        self.names.extend(v.names.iter().map(|n| n.name.to_string()));
                    }
                }
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::FuncLit { ty, .. } = &e.kind {
            self.fields(&ty.params);
        }
        visit::walk_expr(self, e);
    }
}

/// The calls of a `go` literal's body that hand on a captured `&x` or a handed-in pointer.
struct LiteralCalls<'s, 'g> {
    scan: &'s GoScan<'g>,
    inner: &'s HashSet<String>,
    /// Parameter → (the `go` statement's argument, description).
    handed: &'s HashMap<String, (Span, String)>,
    hits: Vec<(Span, Span, String)>,
}

impl<'a> Visitor<'a> for LiteralCalls<'_, '_> {
    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::Call(c) = &e.kind {
            for a in &c.args {
                match &a.unparen().kind {
                    ExprKind::Unary { op: UnaryOp::Addr, x } => {
                        let Some(id) = x.unparen().as_ident() else { continue };
                        if self.inner.contains(id.name) || !self.scan.locals.contains(id.name) {
                            continue;
                        }
                        if let Some(what) = self.scan.pointer_arg(a) {
                            self.hits.push((e.span, a.span, format!("{what}, captured by its function literal,")));
                        }
                    }
                    ExprKind::Ident(id) => {
                        if let Some((arg, what)) = self.handed.get(id.name) {
                            self.hits.push((e.span, *arg, format!("{what} through parameter {}", id.name)));
                        }
                    }
                    _ => {}
                }
            }
        }
        visit::walk_expr(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synchronisation_types_are_exempt() {
        assert!(shared_by_design("sync.WaitGroup"));
        assert!(shared_by_design("*sync.Mutex"));
        assert!(shared_by_design("atomic.Int64"));
        assert!(shared_by_design("chan struct{}"));
        assert!(shared_by_design("<-chan int"));
        assert!(!shared_by_design("Order"));
        assert!(!shared_by_design("domain.Order"));
        assert!(!shared_by_design("channel"));
    }

    #[test]
    fn go_keyword_prefilter() {
        assert!(has_word("func f() {\n\tgo run(&x)\n}", "go"));
        assert!(has_word("go", "go"));
        assert!(has_word("{go f()}", "go"));
        assert!(has_word("x;go(f)()", "go"));
        assert!(!has_word("ago := gopher + cargo + go_x + éxgo", "go"));
        assert!(!has_word("", "go"));
    }
}
