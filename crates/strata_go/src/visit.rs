//! A visitor over the syntax tree. Override the `visit_*` methods you need and call the matching
//! `walk_*` function inside to continue into children.
//!
//! ```
//! use strata_go::ast::{Expr, ExprKind};
//! use strata_go::visit::{self, Visitor};
//! struct Calls(usize);
//! impl<'a> Visitor<'a> for Calls {
//!     fn visit_expr(&mut self, e: &Expr<'a>) {
//!         if matches!(e.kind, ExprKind::Call(_)) { self.0 += 1; }
//!         visit::walk_expr(self, e);
//!     }
//! }
//! let p = strata_go::parse("package p\nfunc f() { g(h(1)); go k() }\n");
//! let mut v = Calls(0);
//! visit::walk_file(&mut v, &p.file);
//! assert_eq!(v.0, 3);
//! ```

use crate::ast::*;

/// Callbacks for each node class. The defaults walk into children.
pub trait Visitor<'a> {
    /// A declaration.
    fn visit_decl(&mut self, d: &Decl<'a>) {
        walk_decl(self, d);
    }
    /// A function or method declaration.
    fn visit_func_decl(&mut self, f: &FuncDecl<'a>) {
        walk_func_decl(self, f);
    }
    /// A statement.
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        walk_stmt(self, s);
    }
    /// An expression (or type).
    fn visit_expr(&mut self, e: &Expr<'a>) {
        walk_expr(self, e);
    }
    /// A field of a parameter, result, struct or interface list.
    fn visit_field(&mut self, f: &Field<'a>) {
        walk_field(self, f);
    }
}

/// Walks every declaration of a file.
pub fn walk_file<'a, V: Visitor<'a> + ?Sized>(v: &mut V, f: &File<'a>) {
    for d in &f.decls {
        v.visit_decl(d);
    }
}

/// Walks a declaration's children.
pub fn walk_decl<'a, V: Visitor<'a> + ?Sized>(v: &mut V, d: &Decl<'a>) {
    match d {
        Decl::Gen(g) => walk_gen_decl(v, g),
        Decl::Func(f) => v.visit_func_decl(f),
        Decl::Bad(_) => {}
    }
}

fn walk_gen_decl<'a, V: Visitor<'a> + ?Sized>(v: &mut V, g: &GenDecl<'a>) {
    for s in &g.specs {
        match s {
            Spec::Import(_) => {}
            Spec::Value(vs) => {
                if let Some(t) = &vs.ty {
                    v.visit_expr(t);
                }
                for e in &vs.values {
                    v.visit_expr(e);
                }
            }
            Spec::Type(ts) => {
                if let Some(tp) = &ts.type_params {
                    walk_field_list(v, tp);
                }
                v.visit_expr(&ts.ty);
            }
        }
    }
}

/// Walks a function declaration: receiver, signature, body.
pub fn walk_func_decl<'a, V: Visitor<'a> + ?Sized>(v: &mut V, f: &FuncDecl<'a>) {
    if let Some(r) = &f.recv {
        walk_field_list(v, r);
    }
    walk_func_type(v, &f.ty);
    if let Some(b) = &f.body {
        walk_block(v, b);
    }
}

/// Walks each field of a list.
pub fn walk_field_list<'a, V: Visitor<'a> + ?Sized>(v: &mut V, l: &FieldList<'a>) {
    for f in &l.fields {
        v.visit_field(f);
    }
}

/// Walks a field's type.
pub fn walk_field<'a, V: Visitor<'a> + ?Sized>(v: &mut V, f: &Field<'a>) {
    v.visit_expr(&f.ty);
}

/// Walks a signature.
pub fn walk_func_type<'a, V: Visitor<'a> + ?Sized>(v: &mut V, t: &FuncType<'a>) {
    if let Some(tp) = &t.type_params {
        walk_field_list(v, tp);
    }
    walk_field_list(v, &t.params);
    if let Some(r) = &t.results {
        walk_field_list(v, r);
    }
}

/// Walks the statements of a block.
pub fn walk_block<'a, V: Visitor<'a> + ?Sized>(v: &mut V, b: &Block<'a>) {
    for s in &b.stmts {
        v.visit_stmt(s);
    }
}

fn opt_stmt<'a, V: Visitor<'a> + ?Sized>(v: &mut V, s: &Option<Box<Stmt<'a>>>) {
    if let Some(s) = s {
        v.visit_stmt(s);
    }
}

/// Walks a statement's children.
pub fn walk_stmt<'a, V: Visitor<'a> + ?Sized>(v: &mut V, s: &Stmt<'a>) {
    match &s.kind {
        StmtKind::Bad | StmtKind::Empty | StmtKind::Branch { .. } => {}
        StmtKind::Decl(g) => walk_gen_decl(v, g),
        StmtKind::Labeled { stmt, .. } => v.visit_stmt(stmt),
        StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => v.visit_expr(e),
        StmtKind::Send { chan, value } => {
            v.visit_expr(chan);
            v.visit_expr(value);
        }
        StmtKind::IncDec { x, .. } => v.visit_expr(x),
        StmtKind::Assign { lhs, rhs, .. } => {
            for e in lhs.iter().chain(rhs) {
                v.visit_expr(e);
            }
        }
        StmtKind::Return(rs) => {
            for e in rs {
                v.visit_expr(e);
            }
        }
        StmtKind::Block(b) => walk_block(v, b),
        StmtKind::If { init, cond, then, els } => {
            opt_stmt(v, init);
            v.visit_expr(cond);
            walk_block(v, then);
            opt_stmt(v, els);
        }
        StmtKind::Switch { init, tag, body } => {
            opt_stmt(v, init);
            if let Some(t) = tag {
                v.visit_expr(t);
            }
            walk_cases(v, body);
        }
        StmtKind::TypeSwitch { init, assign, body } => {
            opt_stmt(v, init);
            v.visit_stmt(assign);
            walk_cases(v, body);
        }
        StmtKind::Select(clauses) => {
            for c in clauses {
                opt_stmt(v, &c.comm);
                for s in &c.body {
                    v.visit_stmt(s);
                }
            }
        }
        StmtKind::For { init, cond, post, body } => {
            opt_stmt(v, init);
            if let Some(c) = cond {
                v.visit_expr(c);
            }
            opt_stmt(v, post);
            walk_block(v, body);
        }
        StmtKind::Range { key, value, x, body, .. } => {
            for e in key.iter().chain(value) {
                v.visit_expr(e);
            }
            v.visit_expr(x);
            walk_block(v, body);
        }
    }
}

fn walk_cases<'a, V: Visitor<'a> + ?Sized>(v: &mut V, body: &[CaseClause<'a>]) {
    for c in body {
        for e in &c.list {
            v.visit_expr(e);
        }
        for s in &c.body {
            v.visit_stmt(s);
        }
    }
}

/// Walks an expression's children.
pub fn walk_expr<'a, V: Visitor<'a> + ?Sized>(v: &mut V, e: &Expr<'a>) {
    match &e.kind {
        ExprKind::Bad | ExprKind::Ident(_) | ExprKind::BasicLit(_) => {}
        ExprKind::CompositeLit { ty, elts } => {
            if let Some(t) = ty {
                v.visit_expr(t);
            }
            for x in elts {
                v.visit_expr(x);
            }
        }
        ExprKind::FuncLit { ty, body } => {
            walk_func_type(v, ty);
            walk_block(v, body);
        }
        ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Unary { x, .. } | ExprKind::Selector { x, .. } => {
            v.visit_expr(x)
        }
        ExprKind::Index { x, indices } => {
            v.visit_expr(x);
            for i in indices {
                v.visit_expr(i);
            }
        }
        ExprKind::Slice { x, lo, hi, max, .. } => {
            v.visit_expr(x);
            for b in [lo, hi, max].into_iter().flatten() {
                v.visit_expr(b);
            }
        }
        ExprKind::TypeAssert { x, ty } => {
            v.visit_expr(x);
            if let Some(t) = ty {
                v.visit_expr(t);
            }
        }
        ExprKind::Call(c) => {
            v.visit_expr(&c.fun);
            for a in &c.args {
                v.visit_expr(a);
            }
        }
        ExprKind::Binary { x, y, .. } => {
            v.visit_expr(x);
            v.visit_expr(y);
        }
        ExprKind::KeyValue { key, value } => {
            v.visit_expr(key);
            v.visit_expr(value);
        }
        ExprKind::Ellipsis(x) => {
            if let Some(x) = x {
                v.visit_expr(x);
            }
        }
        ExprKind::ArrayType { len, elt } => {
            if let Some(l) = len {
                v.visit_expr(l);
            }
            v.visit_expr(elt);
        }
        ExprKind::StructType(l) | ExprKind::InterfaceType(l) => walk_field_list(v, l),
        ExprKind::FuncType(t) => walk_func_type(v, t),
        ExprKind::MapType { key, value } => {
            v.visit_expr(key);
            v.visit_expr(value);
        }
        ExprKind::ChanType { value, .. } => v.visit_expr(value),
    }
}
