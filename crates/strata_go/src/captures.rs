//! Identifiers a function literal captures from its enclosing scope (for rules about goroutines and
//! closures: `go func() { use(ctx, r) }()`).
//!
//! Syntactic approximation, without a type checker:
//! - a name counts as declared inside the literal when it is one of its parameters, results or type
//!   parameters, or is declared anywhere in its body (`:=`, `var`, `const`, `type`, range variables,
//!   type-switch bindings, labels, and the parameters of nested literals) — block scoping is ignored,
//!   so a name used before a later declaration of the same name in the literal is not reported;
//! - the key of a key-value element in a composite literal (`T{Field: v}`) is taken as a field name,
//!   not a use; selected names (`x.f`: only `x` is a use) likewise;
//! - the type of a composite literal (`T{…}`) is not a use; other type names (conversions `T(x)`,
//!   `var x T`) and import names are reported like any other name (filter them with the package's
//!   declarations and [`crate::ast::File::imports`]);
//! - Go's predeclared identifiers (`nil`, `len`, `error`, …) are never captures.

use std::collections::HashSet;

use crate::Tok;
use crate::ast::*;
use crate::visit::{self, Visitor};

const PREDECLARED: &[&str] = &[
    "any",
    "append",
    "bool",
    "byte",
    "cap",
    "clear",
    "close",
    "comparable",
    "complex",
    "complex128",
    "complex64",
    "copy",
    "delete",
    "error",
    "false",
    "float32",
    "float64",
    "imag",
    "int",
    "int16",
    "int32",
    "int64",
    "int8",
    "iota",
    "len",
    "make",
    "max",
    "min",
    "new",
    "nil",
    "panic",
    "print",
    "println",
    "real",
    "recover",
    "rune",
    "string",
    "true",
    "uint",
    "uint16",
    "uint32",
    "uint64",
    "uint8",
    "uintptr",
    "_",
];

/// The free identifiers of a function literal (or any function signature + body), each once, in order
/// of first use.
pub fn captured_identifiers<'a>(ty: &FuncType<'a>, body: &Block<'a>) -> Vec<Ident<'a>> {
    let mut decl = Declared::default();
    decl.func_type(ty);
    visit::walk_block(&mut decl, body);
    let mut uses = Uses { declared: &decl.names, seen: HashSet::new(), out: Vec::new() };
    visit::walk_block(&mut uses, body);
    uses.out
}

#[derive(Default)]
struct Declared<'a> {
    names: HashSet<&'a str>,
}

impl<'a> Declared<'a> {
    fn field_list(&mut self, l: &FieldList<'a>) {
        for f in &l.fields {
            for n in &f.names {
                self.names.insert(n.name);
            }
        }
    }

    fn func_type(&mut self, t: &FuncType<'a>) {
        if let Some(tp) = &t.type_params {
            self.field_list(tp);
        }
        self.field_list(&t.params);
        if let Some(r) = &t.results {
            self.field_list(r);
        }
    }

    fn gen_decl(&mut self, g: &GenDecl<'a>) {
        for s in &g.specs {
            match s {
                Spec::Value(v) => self.names.extend(v.names.iter().map(|n| n.name)),
                Spec::Type(t) => {
                    self.names.insert(t.name.name);
                }
                Spec::Import(_) => {}
            }
        }
    }

    fn lhs_idents(&mut self, lhs: &[Expr<'a>]) {
        for e in lhs {
            if let Some(id) = e.as_ident() {
                self.names.insert(id.name);
            }
        }
    }
}

impl<'a> Visitor<'a> for Declared<'a> {
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        match &s.kind {
            StmtKind::Assign { lhs, op: Tok::Define, .. } => self.lhs_idents(lhs),
            StmtKind::Range { key, value, op: Tok::Define, .. } => {
                for e in key.iter().chain(value) {
                    if let Some(id) = e.as_ident() {
                        self.names.insert(id.name);
                    }
                }
            }
            StmtKind::Decl(g) => self.gen_decl(g),
            StmtKind::Labeled { label, .. } => {
                self.names.insert(label.name);
            }
            _ => {}
        }
        visit::walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::FuncLit { ty, .. } = &e.kind {
            self.func_type(ty);
        }
        visit::walk_expr(self, e);
    }
}

struct Uses<'d, 'a> {
    declared: &'d HashSet<&'a str>,
    seen: HashSet<&'a str>,
    out: Vec<Ident<'a>>,
}

impl<'a> Visitor<'a> for Uses<'_, 'a> {
    fn visit_expr(&mut self, e: &Expr<'a>) {
        match &e.kind {
            ExprKind::Ident(id) => {
                if !self.declared.contains(id.name) && !PREDECLARED.contains(&id.name) && self.seen.insert(id.name) {
                    self.out.push(*id);
                }
            }
            ExprKind::KeyValue { key, value } if key.as_ident().is_some() => self.visit_expr(value),
            // The type of a composite literal names a type, not a variable.
            ExprKind::CompositeLit { elts, .. } => {
                for x in elts {
                    self.visit_expr(x);
                }
            }
            _ => visit::walk_expr(self, e),
        }
    }

    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        // Labels in branch statements are not uses of variables.
        if matches!(s.kind, StmtKind::Branch { .. }) {
            return;
        }
        visit::walk_stmt(self, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures_of_first_func_lit(src: &str) -> Vec<String> {
        struct Find(Vec<String>);
        impl<'a> Visitor<'a> for Find {
            fn visit_expr(&mut self, e: &Expr<'a>) {
                if let ExprKind::FuncLit { ty, body } = &e.kind
                    && self.0.is_empty()
                {
                    self.0 = captured_identifiers(ty, body).iter().map(|i| i.name.to_string()).collect();
                    return;
                }
                visit::walk_expr(self, e);
            }
        }
        let p = crate::parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let mut f = Find(Vec::new());
        visit::walk_file(&mut f, &p.file);
        f.0
    }

    #[test]
    fn goroutine_captures() {
        let src = r#"package p
func h(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func(n int) {
		v := T{Ctx: ctx, N: n}
		for i, x := range items {
			log.Println(i, x, v, len(items), nil)
		}
		if err := s.repo.Save(ctx, &v); err != nil {
			return
		}
		select {
		case <-done:
		}
	}(1)
}
"#;
        assert_eq!(captures_of_first_func_lit(src), ["ctx", "items", "log", "s", "done"]);
    }
}
