//! A compact, line-oriented dump of the tree (for fixture snapshots and debugging): one node per line,
//! indented by depth, `Kind start..end details`.

use std::fmt::Write;

use crate::ast::*;

/// The dump of a file.
pub fn dump_file(f: &File<'_>) -> String {
    let mut d = Dumper { out: String::new(), depth: 0 };
    d.line(f.span, format_args!("File package={}", f.package.name));
    d.depth += 1;
    for decl in &f.decls {
        d.decl(decl);
    }
    for c in &f.comments {
        d.line(c.span, format_args!("Comment {:?}", c.text));
    }
    d.out
}

struct Dumper {
    out: String,
    depth: usize,
}

impl Dumper {
    fn line(&mut self, span: crate::Span, what: std::fmt::Arguments<'_>) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        let _ = writeln!(self.out, "{what} {}..{}", span.start, span.end);
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    fn names(ids: &[Ident<'_>]) -> String {
        ids.iter().map(|i| i.name).collect::<Vec<_>>().join(",")
    }

    fn decl(&mut self, d: &Decl<'_>) {
        match d {
            Decl::Bad(s) => self.line(*s, format_args!("BadDecl")),
            Decl::Func(f) => {
                self.line(f.span, format_args!("FuncDecl {}", f.name.name));
                self.nested(|d| {
                    if let Some(r) = &f.recv {
                        d.field_list("Recv", r);
                    }
                    d.func_type(&f.ty);
                    if let Some(b) = &f.body {
                        d.block(b);
                    }
                });
            }
            Decl::Gen(g) => self.gen_decl(g),
        }
    }

    fn gen_decl(&mut self, g: &GenDecl<'_>) {
        self.line(g.span, format_args!("GenDecl {:?}{}", g.keyword, if g.grouped { " grouped" } else { "" }));
        self.nested(|d| {
            for s in &g.specs {
                match s {
                    Spec::Import(i) => {
                        let name = i.name.map(|n| format!("{} ", n.name)).unwrap_or_default();
                        d.line(i.span, format_args!("ImportSpec {name}{}", i.path.value));
                    }
                    Spec::Value(v) => {
                        d.line(v.span, format_args!("ValueSpec {}", Self::names(&v.names)));
                        d.nested(|d| {
                            if let Some(t) = &v.ty {
                                d.expr(t);
                            }
                            for e in &v.values {
                                d.expr(e);
                            }
                        });
                    }
                    Spec::Type(t) => {
                        let alias = if t.alias { " alias" } else { "" };
                        d.line(t.span, format_args!("TypeSpec {}{alias}", t.name.name));
                        d.nested(|d| {
                            if let Some(tp) = &t.type_params {
                                d.field_list("TypeParams", tp);
                            }
                            d.expr(&t.ty);
                        });
                    }
                }
            }
        });
    }

    fn field_list(&mut self, what: &str, l: &FieldList<'_>) {
        self.line(l.span, format_args!("{what}"));
        self.nested(|d| {
            for f in &l.fields {
                let tag = f.tag.map(|t| format!(" tag={}", t.value)).unwrap_or_default();
                d.line(f.span, format_args!("Field {}{tag}", Self::names(&f.names)));
                d.nested(|d| d.expr(&f.ty));
            }
        });
    }

    fn func_type(&mut self, t: &FuncType<'_>) {
        self.line(t.span, format_args!("FuncType"));
        self.nested(|d| {
            if let Some(tp) = &t.type_params {
                d.field_list("TypeParams", tp);
            }
            d.field_list("Params", &t.params);
            if let Some(r) = &t.results {
                d.field_list("Results", r);
            }
        });
    }

    fn block(&mut self, b: &Block<'_>) {
        self.line(b.span, format_args!("Block"));
        self.nested(|d| {
            for s in &b.stmts {
                d.stmt(s);
            }
        });
    }

    fn opt_stmt(&mut self, what: &str, s: &Option<Box<Stmt<'_>>>) {
        if let Some(s) = s {
            self.line(s.span, format_args!("{what}:"));
            self.nested(|d| d.stmt(s));
        }
    }

    fn stmt(&mut self, s: &Stmt<'_>) {
        let sp = s.span;
        match &s.kind {
            StmtKind::Bad => self.line(sp, format_args!("BadStmt")),
            StmtKind::Empty => self.line(sp, format_args!("EmptyStmt")),
            StmtKind::Decl(g) => self.gen_decl(g),
            StmtKind::Labeled { label, stmt } => {
                self.line(sp, format_args!("Labeled {}", label.name));
                self.nested(|d| d.stmt(stmt));
            }
            StmtKind::Expr(e) => {
                self.line(sp, format_args!("ExprStmt"));
                self.nested(|d| d.expr(e));
            }
            StmtKind::Send { chan, value } => {
                self.line(sp, format_args!("Send"));
                self.nested(|d| {
                    d.expr(chan);
                    d.expr(value);
                });
            }
            StmtKind::IncDec { x, inc } => {
                self.line(sp, format_args!("IncDec {}", if *inc { "++" } else { "--" }));
                self.nested(|d| d.expr(x));
            }
            StmtKind::Assign { lhs, op, rhs } => {
                self.line(sp, format_args!("Assign {op}"));
                self.nested(|d| {
                    for e in lhs.iter().chain(rhs) {
                        d.expr(e);
                    }
                });
            }
            StmtKind::Go(e) | StmtKind::Defer(e) => {
                let kw = if matches!(s.kind, StmtKind::Go(_)) { "Go" } else { "Defer" };
                self.line(sp, format_args!("{kw}"));
                self.nested(|d| d.expr(e));
            }
            StmtKind::Return(rs) => {
                self.line(sp, format_args!("Return"));
                self.nested(|d| {
                    for e in rs {
                        d.expr(e);
                    }
                });
            }
            StmtKind::Branch { kind, label } => {
                let l = label.map(|l| format!(" {}", l.name)).unwrap_or_default();
                self.line(sp, format_args!("Branch {kind:?}{l}"));
            }
            StmtKind::Block(b) => self.block(b),
            StmtKind::If { init, cond, then, els } => {
                self.line(sp, format_args!("If"));
                self.nested(|d| {
                    d.opt_stmt("Init", init);
                    d.expr(cond);
                    d.block(then);
                    d.opt_stmt("Else", els);
                });
            }
            StmtKind::Switch { init, tag, body } => {
                self.line(sp, format_args!("Switch"));
                self.nested(|d| {
                    d.opt_stmt("Init", init);
                    if let Some(t) = tag {
                        d.expr(t);
                    }
                    d.cases(body);
                });
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                self.line(sp, format_args!("TypeSwitch"));
                self.nested(|d| {
                    d.opt_stmt("Init", init);
                    d.stmt(assign);
                    d.cases(body);
                });
            }
            StmtKind::Select(cs) => {
                self.line(sp, format_args!("Select"));
                self.nested(|d| {
                    for c in cs {
                        d.line(c.span, format_args!("CommClause{}", if c.comm.is_none() { " default" } else { "" }));
                        d.nested(|d| {
                            if let Some(s) = &c.comm {
                                d.stmt(s);
                            }
                            for s in &c.body {
                                d.stmt(s);
                            }
                        });
                    }
                });
            }
            StmtKind::For { init, cond, post, body } => {
                self.line(sp, format_args!("For"));
                self.nested(|d| {
                    d.opt_stmt("Init", init);
                    if let Some(c) = cond {
                        d.expr(c);
                    }
                    d.opt_stmt("Post", post);
                    d.block(body);
                });
            }
            StmtKind::Range { key, value, op, x, body } => {
                let op = if *op == crate::Tok::Illegal { String::new() } else { format!(" {op}") };
                self.line(sp, format_args!("Range{op}"));
                self.nested(|d| {
                    for e in key.iter().chain(value) {
                        d.expr(e);
                    }
                    d.expr(x);
                    d.block(body);
                });
            }
        }
    }

    fn cases(&mut self, body: &[CaseClause<'_>]) {
        for c in body {
            self.line(c.span, format_args!("CaseClause{}", if c.is_default { " default" } else { "" }));
            self.nested(|d| {
                for e in &c.list {
                    d.expr(e);
                }
                for s in &c.body {
                    d.stmt(s);
                }
            });
        }
    }

    fn expr(&mut self, e: &Expr<'_>) {
        let sp = e.span;
        match &e.kind {
            ExprKind::Bad => self.line(sp, format_args!("BadExpr")),
            ExprKind::Ident(i) => self.line(sp, format_args!("Ident {}", i.name)),
            ExprKind::BasicLit(l) => self.line(sp, format_args!("{:?} {}", l.kind, l.value)),
            ExprKind::CompositeLit { ty, elts } => {
                self.line(sp, format_args!("CompositeLit"));
                self.nested(|d| {
                    if let Some(t) = ty {
                        d.expr(t);
                    }
                    for x in elts {
                        d.expr(x);
                    }
                });
            }
            ExprKind::FuncLit { ty, body } => {
                self.line(sp, format_args!("FuncLit"));
                self.nested(|d| {
                    d.func_type(ty);
                    d.block(body);
                });
            }
            ExprKind::Paren(x) => self.unary_like(sp, "Paren", x),
            ExprKind::Star(x) => self.unary_like(sp, "Star", x),
            ExprKind::Unary { op, x } => self.unary_like(sp, &format!("Unary {op:?}"), x),
            ExprKind::Selector { x, sel } => self.unary_like(sp, &format!("Selector .{}", sel.name), x),
            ExprKind::Index { x, indices } => {
                self.line(sp, format_args!("Index"));
                self.nested(|d| {
                    d.expr(x);
                    for i in indices {
                        d.expr(i);
                    }
                });
            }
            ExprKind::Slice { x, lo, hi, max, slice3 } => {
                self.line(sp, format_args!("Slice{}", if *slice3 { " 3" } else { "" }));
                self.nested(|d| {
                    d.expr(x);
                    for (name, b) in [("lo", lo), ("hi", hi), ("max", max)] {
                        if let Some(b) = b {
                            d.line(b.span, format_args!("{name}:"));
                            d.nested(|d| d.expr(b));
                        }
                    }
                });
            }
            ExprKind::TypeAssert { x, ty } => {
                self.line(sp, format_args!("TypeAssert{}", if ty.is_none() { " (type)" } else { "" }));
                self.nested(|d| {
                    d.expr(x);
                    if let Some(t) = ty {
                        d.expr(t);
                    }
                });
            }
            ExprKind::Call(c) => {
                self.line(sp, format_args!("Call{}", if c.ellipsis.is_some() { " ..." } else { "" }));
                self.nested(|d| {
                    d.expr(&c.fun);
                    for a in &c.args {
                        d.expr(a);
                    }
                });
            }
            ExprKind::Binary { op, x, y } => {
                self.line(sp, format_args!("Binary {op}"));
                self.nested(|d| {
                    d.expr(x);
                    d.expr(y);
                });
            }
            ExprKind::KeyValue { key, value } => {
                self.line(sp, format_args!("KeyValue"));
                self.nested(|d| {
                    d.expr(key);
                    d.expr(value);
                });
            }
            ExprKind::Ellipsis(x) => {
                self.line(sp, format_args!("Ellipsis"));
                if let Some(x) = x {
                    self.nested(|d| d.expr(x));
                }
            }
            ExprKind::ArrayType { len, elt } => {
                self.line(sp, format_args!("ArrayType{}", if len.is_none() { " slice" } else { "" }));
                self.nested(|d| {
                    if let Some(l) = len {
                        d.expr(l);
                    }
                    d.expr(elt);
                });
            }
            ExprKind::StructType(l) => {
                self.line(sp, format_args!("StructType"));
                self.nested(|d| d.field_list("Fields", l));
            }
            ExprKind::InterfaceType(l) => {
                self.line(sp, format_args!("InterfaceType"));
                self.nested(|d| d.field_list("Methods", l));
            }
            ExprKind::FuncType(t) => self.func_type(t),
            ExprKind::MapType { key, value } => {
                self.line(sp, format_args!("MapType"));
                self.nested(|d| {
                    d.expr(key);
                    d.expr(value);
                });
            }
            ExprKind::ChanType { dir, value } => self.unary_like(sp, &format!("ChanType {dir:?}"), value),
        }
    }

    fn unary_like(&mut self, sp: crate::Span, what: &str, x: &Expr<'_>) {
        self.line(sp, format_args!("{what}"));
        self.nested(|d| d.expr(x));
    }
}
