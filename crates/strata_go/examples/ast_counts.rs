//! Prints, for every `.go` file given (directories walked, `testdata` skipped), the node counts that
//! `oracle/ast_counts.go` prints from `go/parser`'s tree, so the two trees can be compared file by file.
use std::path::{Path, PathBuf};

use strata_go::ast::{Expr, ExprKind, FuncDecl, Stmt, StmtKind, UnaryOp};
use strata_go::visit::{self, Visitor};

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_file() {
        out.push(p.to_path_buf());
        return;
    }
    let Ok(rd) = std::fs::read_dir(p) else { return };
    for e in rd.filter_map(Result::ok).map(|e| e.path()) {
        if e.is_dir() {
            if e.file_name().is_some_and(|n| n != "testdata") {
                collect(&e, out);
            }
        } else if e.extension().is_some_and(|x| x == "go") {
            out.push(e);
        }
    }
}

#[derive(Default)]
struct Counts([usize; 21]);

impl<'a> Visitor<'a> for Counts {
    fn visit_func_decl(&mut self, f: &FuncDecl<'a>) {
        self.0[0] += 1;
        visit::walk_func_decl(self, f);
    }
    fn visit_expr(&mut self, e: &Expr<'a>) {
        let i = match &e.kind {
            ExprKind::FuncLit { .. } => Some(1),
            ExprKind::Call(_) => Some(2),
            ExprKind::CompositeLit { .. } => Some(3),
            ExprKind::Selector { .. } => Some(7),
            ExprKind::Index { .. } => Some(8),
            ExprKind::Slice { .. } => Some(9),
            ExprKind::Binary { .. } => Some(10),
            ExprKind::Unary { op, .. } => {
                let _ = op == &UnaryOp::Addr;
                Some(11)
            }
            ExprKind::Star(_) => Some(12),
            ExprKind::KeyValue { .. } => Some(13),
            ExprKind::TypeAssert { .. } => Some(14),
            _ => None,
        };
        if let Some(i) = i {
            self.0[i] += 1;
        }
        visit::walk_expr(self, e);
    }
    fn visit_stmt(&mut self, s: &Stmt<'a>) {
        let i = match &s.kind {
            StmtKind::Go(_) => Some(4),
            StmtKind::Defer(_) => Some(5),
            StmtKind::Return(_) => Some(6),
            StmtKind::If { .. } => Some(15),
            StmtKind::For { .. } => Some(16),
            StmtKind::Range { .. } => Some(17),
            StmtKind::Switch { .. } => Some(18),
            StmtKind::TypeSwitch { .. } => Some(19),
            StmtKind::Select(_) => Some(20),
            _ => None,
        };
        if let Some(i) = i {
            self.0[i] += 1;
        }
        visit::walk_stmt(self, s);
    }
}

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        collect(Path::new(&a), &mut files);
    }
    files.sort_by(|a, b| a.to_string_lossy().cmp(&b.to_string_lossy()));
    for f in files {
        let Ok(data) = std::fs::read(&f) else { continue };
        let (text, utf8) = strata_go::source_text(&data);
        let parsed = strata_go::parse(&text);
        if !utf8.is_empty() || !parsed.errors.is_empty() {
            println!("{} ERROR", f.display());
            continue;
        }
        let mut c = Counts::default();
        visit::walk_file(&mut c, &parsed.file);
        let nums: Vec<String> = c.0.iter().map(|n| n.to_string()).collect();
        println!("{} {}", f.display(), nums.join(" "));
    }
}
