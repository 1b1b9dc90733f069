//! Recursive-descent Go parser with error recovery.
//!
//! The grammar decisions follow `go/parser` (Go 1.26/1.27) so that the same programs are accepted and
//! the same ambiguities resolve the same way: composite literals vs blocks in control clauses
//! (`exprLev`), `a[b](c)` as an index/instantiation followed by a call, `type T[P any]` vs array types
//! (`extractName`), type parameters on methods (Go 1.27 generic methods).

use crate::SyntaxError;
use crate::ast::*;
use crate::lexer::{Lexer, Token};
use crate::token::{Span, Tok};

/// Nesting deeper than this (expressions, types, statements, and chains of binary operators or
/// selectors/calls/indexes, counted like `go/parser`'s nest level) is reported as an error and parsing
/// stops, so the parser and code walking the tree never overflow the stack.
pub const MAX_NESTING: u32 = 1000;

/// The parser also stops with the same error when its recursion has used this much stack (whatever
/// the nesting count), so that unoptimised builds, whose frames are several times larger, stay safe
/// on a thread with Rust's default 2 MiB stack.
pub const MAX_STACK_BYTES: usize = 1024 * 1024;

/// After this many errors parsing stops.
pub const MAX_ERRORS: usize = 100;

pub(crate) struct Parser<'a> {
    src: &'a str,
    lx: Lexer<'a>,
    tok: Tok,
    span: Span,
    implicit: bool,
    prev_end: u32,
    expr_lev: i32,
    depth: u32,
    errors: Vec<SyntaxError>,
    sync_pos: u32,
    sync_cnt: u32,
    bailed: bool,
    stack_base: usize,
}

/// Approximate address of the current stack frame.
#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::addr_of!(marker)) as usize
}

enum Simple<'a> {
    Stmt(Stmt<'a>),
    Range { start: u32, key: Option<Expr<'a>>, value: Option<Expr<'a>>, op: Tok, x: Expr<'a> },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SimpleMode {
    Basic,
    LabelOk,
    RangeOk,
}

fn is_stmt_start(t: Tok) -> bool {
    matches!(
        t,
        Tok::Break
            | Tok::Const
            | Tok::Continue
            | Tok::Defer
            | Tok::Fallthrough
            | Tok::For
            | Tok::Go
            | Tok::Goto
            | Tok::If
            | Tok::Return
            | Tok::Select
            | Tok::Switch
            | Tok::Type
            | Tok::Var
    )
}

fn is_decl_start(t: Tok) -> bool {
    matches!(t, Tok::Import | Tok::Const | Tok::Type | Tok::Var)
}

fn is_expr_end(t: Tok) -> bool {
    matches!(t, Tok::Comma | Tok::Colon | Tok::Semicolon | Tok::RParen | Tok::RBrack | Tok::RBrace)
}

fn boxed(e: Expr<'_>) -> Box<Expr<'_>> {
    Box::new(e)
}

/// Whether `x` is (possibly parenthesised) a type element that cannot be an ordinary expression.
fn is_type_elem(x: &Expr<'_>) -> bool {
    match &x.kind {
        ExprKind::ArrayType { .. }
        | ExprKind::StructType(_)
        | ExprKind::FuncType(_)
        | ExprKind::InterfaceType(_)
        | ExprKind::MapType { .. }
        | ExprKind::ChanType { .. } => true,
        ExprKind::Binary { x, y, .. } => is_type_elem(x) || is_type_elem(y),
        ExprKind::Unary { op, .. } => *op == UnaryOp::Tilde,
        ExprKind::Paren(x) => is_type_elem(x),
        _ => false,
    }
}

/// Whether [`extract_name`] splits `x` into a name and a non-empty type (see `go/parser`'s
/// `extractName`).
fn can_extract(x: &Expr<'_>, force: bool) -> bool {
    match &x.kind {
        ExprKind::Binary { op: Tok::Mul, x: l, y } => l.as_ident().is_some() && (force || is_type_elem(y)),
        ExprKind::Binary { op: Tok::Or, x: l, y } => can_extract(l, force || is_type_elem(y)),
        ExprKind::Call(c) => {
            c.fun.as_ident().is_some()
                && c.args.len() == 1
                && c.ellipsis.is_none()
                && (force || c.args.first().is_some_and(is_type_elem))
        }
        _ => false,
    }
}

/// Splits `x`, known to satisfy [`can_extract`], into the parameter name and its constraint.
fn extract_name(x: Expr<'_>) -> (Ident<'_>, Expr<'_>) {
    let span = x.span;
    match x.kind {
        ExprKind::Binary { op: Tok::Mul, x: l, y } => {
            let name = l.as_ident().copied().unwrap_or(Ident { name: "_", span: l.span });
            let star_span = Span::new(l.span.end, span.end);
            (name, Expr::new(star_span, ExprKind::Star(y)))
        }
        ExprKind::Binary { op: Tok::Or, x: l, y } => {
            let (name, lhs) = extract_name(*l);
            let s = lhs.span.to(y.span);
            (name, Expr::new(s, ExprKind::Binary { op: Tok::Or, x: boxed(lhs), y }))
        }
        ExprKind::Call(c) => {
            let c = *c;
            let name = c.fun.as_ident().copied().unwrap_or(Ident { name: "_", span: c.fun.span });
            let paren_span = Span::new(c.fun.span.end, c.span.end);
            let arg = c.args.into_iter().next().unwrap_or(Expr::new(paren_span, ExprKind::Bad));
            (name, Expr::new(paren_span, ExprKind::Paren(boxed(arg))))
        }
        other => (Ident { name: "_", span }, Expr::new(span, other)),
    }
}

impl<'a> Parser<'a> {
    pub(crate) fn new(src: &'a str) -> Parser<'a> {
        let mut p = Parser {
            src,
            lx: Lexer::new(src),
            tok: Tok::Eof,
            span: Span::default(),
            implicit: false,
            prev_end: 0,
            expr_lev: 0,
            depth: 0,
            errors: Vec::new(),
            sync_pos: 0,
            sync_cnt: 0,
            bailed: false,
            stack_base: stack_address(),
        };
        p.next();
        p
    }

    // ---- token handling -------------------------------------------------------------------------

    fn next(&mut self) {
        self.prev_end = self.span.end;
        if self.bailed {
            self.tok = Tok::Eof;
            self.span = Span::new(self.span.end, self.span.end);
            return;
        }
        let t: Token = self.lx.next_token();
        self.tok = t.tok;
        self.span = t.span;
        self.implicit = t.implicit;
        if self.errors.len() + self.lx.errors.len() >= MAX_ERRORS {
            self.bail();
        }
    }

    fn bail(&mut self) {
        self.bailed = true;
        self.tok = Tok::Eof;
        self.span = Span::new(self.span.start, self.span.start);
    }

    fn pos(&self) -> u32 {
        self.span.start
    }

    fn text(&self) -> &'a str {
        self.span.text(self.src)
    }

    fn found(&self) -> String {
        match self.tok {
            Tok::Semicolon if self.implicit => {
                if self.span.is_empty() && self.span.start as usize >= self.src.len() {
                    "EOF".to_string()
                } else {
                    "newline".to_string()
                }
            }
            Tok::Eof => "EOF".to_string(),
            Tok::Ident | Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => {
                let t = self.text();
                let short: String = t.chars().take(40).collect();
                short
            }
            t => format!("'{}'", t.as_str()),
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        if self.bailed {
            return;
        }
        // One error per position is enough (go/parser also reports the first error per line).
        if self.errors.last().is_some_and(|e| e.span.start == span.start) {
            return;
        }
        self.errors.push(SyntaxError { span, message: message.into() });
        if self.errors.len() + self.lx.errors.len() >= MAX_ERRORS {
            self.bail();
        }
    }

    fn error_expected(&mut self, what: &str) {
        let msg = format!("expected {what}, found {}", self.found());
        self.error(self.span, msg);
    }

    fn expect_tok(&mut self, tok: Tok) -> u32 {
        let pos = self.pos();
        if self.tok != tok {
            self.error_expected(&format!("'{}'", tok.as_str()));
        }
        self.next();
        pos
    }

    fn expect_closing(&mut self, tok: Tok, context: &str) -> u32 {
        if self.tok != tok && self.tok == Tok::Semicolon && self.implicit {
            self.error(self.span, format!("missing ',' before newline in {context}"));
            self.next();
        }
        self.expect_tok(tok)
    }

    fn expect_semi(&mut self) {
        match self.tok {
            Tok::RParen | Tok::RBrace => {}
            Tok::Semicolon => self.next(),
            Tok::Comma => {
                self.error_expected("';'");
                self.next();
            }
            _ => {
                self.error_expected("';'");
                self.advance(is_stmt_start);
            }
        }
    }

    fn at_comma(&mut self, context: &str, follow: Tok) -> bool {
        if self.tok == Tok::Comma {
            return true;
        }
        if self.tok != follow {
            let mut msg = "missing ','".to_string();
            if self.tok == Tok::Semicolon && self.implicit {
                msg.push_str(" before newline");
            }
            self.error(self.span, format!("{msg} in {context}"));
            return true;
        }
        false
    }

    /// Skips to the next token in `to`, making sure a loop that calls this makes progress.
    fn advance(&mut self, to: fn(Tok) -> bool) {
        while self.tok != Tok::Eof {
            if to(self.tok) {
                if self.pos() == self.sync_pos && self.sync_cnt < 10 {
                    self.sync_cnt += 1;
                    return;
                }
                if self.pos() > self.sync_pos {
                    self.sync_pos = self.pos();
                    self.sync_cnt = 0;
                    return;
                }
            }
            self.next();
        }
    }

    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_NESTING || stack_address().abs_diff(self.stack_base) > MAX_STACK_BYTES {
            self.error(
                self.span,
                format!(
                    "nesting deeper than {MAX_NESTING} levels (or {} KiB of parser stack); parsing stopped",
                    MAX_STACK_BYTES / 1024
                ),
            );
            self.bail();
            return false;
        }
        true
    }

    fn leave(&mut self, n: u32) {
        self.depth = self.depth.saturating_sub(n);
    }

    fn bad(&self, start: u32) -> Expr<'a> {
        Expr::new(Span::new(start, self.prev_end.max(start)), ExprKind::Bad)
    }

    fn sp(&self, start: u32) -> Span {
        Span::new(start, self.prev_end.max(start))
    }

    // ---- file and declarations -----------------------------------------------------------------

    pub(crate) fn parse_file(mut self) -> (File<'a>, Vec<SyntaxError>) {
        let package_keyword = self.span;
        self.expect_tok(Tok::Package);
        let package = self.parse_ident();
        self.expect_semi();
        let mut decls = Vec::new();
        // An error in the package clause means this is probably not a Go file: do not go on (as
        // go/parser).
        if self.errors.is_empty() && self.lx.errors.is_empty() {
            while self.tok == Tok::Import {
                decls.push(Decl::Gen(self.parse_gen_decl(DeclKeyword::Import)));
            }
            while self.tok != Tok::Eof {
                let before = self.pos();
                decls.push(self.parse_decl());
                if self.pos() == before && self.tok != Tok::Eof {
                    self.next();
                }
            }
        }
        let mut errors = self.errors;
        errors.append(&mut self.lx.errors);
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        errors.dedup_by_key(|e| e.span.start);
        let comments = std::mem::take(&mut self.lx.comments);
        let file = File {
            package,
            package_keyword,
            decls,
            comments,
            span: Span::new(0, u32::try_from(self.src.len()).unwrap_or(u32::MAX)),
        };
        (file, errors)
    }

    fn parse_decl(&mut self) -> Decl<'a> {
        match self.tok {
            Tok::Import => {
                self.error(self.span, "imports must appear before other declarations");
                Decl::Gen(self.parse_gen_decl(DeclKeyword::Import))
            }
            Tok::Const => Decl::Gen(self.parse_gen_decl(DeclKeyword::Const)),
            Tok::Type => Decl::Gen(self.parse_gen_decl(DeclKeyword::Type)),
            Tok::Var => Decl::Gen(self.parse_gen_decl(DeclKeyword::Var)),
            Tok::Func => Decl::Func(self.parse_func_decl()),
            _ => {
                let start = self.pos();
                self.error_expected("declaration");
                self.advance(|t| is_decl_start(t) || t == Tok::Func);
                Decl::Bad(self.sp(start))
            }
        }
    }

    fn parse_gen_decl(&mut self, keyword: DeclKeyword) -> GenDecl<'a> {
        let start = self.pos();
        self.next();
        let mut specs = Vec::new();
        let grouped = self.tok == Tok::LParen;
        if grouped {
            self.next();
            while self.tok != Tok::RParen && self.tok != Tok::Eof {
                let before = self.pos();
                specs.push(self.parse_spec(keyword));
                if self.pos() == before {
                    self.next();
                }
            }
            self.expect_tok(Tok::RParen);
            self.expect_semi();
        } else {
            specs.push(self.parse_spec(keyword));
        }
        GenDecl { keyword, grouped, specs, span: self.sp(start) }
    }

    fn parse_spec(&mut self, keyword: DeclKeyword) -> Spec<'a> {
        match keyword {
            DeclKeyword::Import => Spec::Import(self.parse_import_spec()),
            DeclKeyword::Type => Spec::Type(self.parse_type_spec()),
            DeclKeyword::Const | DeclKeyword::Var => Spec::Value(self.parse_value_spec(keyword)),
        }
    }

    fn parse_import_spec(&mut self) -> ImportSpec<'a> {
        let start = self.pos();
        let name = match self.tok {
            Tok::Ident => Some(self.parse_ident()),
            Tok::Period => {
                let id = Ident { name: ".", span: self.span };
                self.next();
                Some(id)
            }
            _ => None,
        };
        let path = if self.tok == Tok::String {
            let lit = BasicLit { kind: LitKind::String, value: self.text(), span: self.span };
            self.next();
            lit
        } else {
            let span = Span::new(self.pos(), self.pos());
            if self.tok == Tok::Semicolon || self.tok == Tok::RParen {
                self.error(self.span, "missing import path");
            } else {
                self.error_expected("import path");
            }
            self.advance(is_expr_end);
            BasicLit { kind: LitKind::String, value: "", span }
        };
        let span = self.sp(start);
        self.expect_semi();
        ImportSpec { name, path, span }
    }

    fn parse_value_spec(&mut self, keyword: DeclKeyword) -> ValueSpec<'a> {
        let start = self.pos();
        let names = self.parse_ident_list();
        let mut ty = None;
        let mut values = Vec::new();
        // As go/parser: a missing const value or var type is left to the type checker; only a var
        // with neither type nor value is a syntax error ("expected type").
        if keyword == DeclKeyword::Const {
            if self.tok != Tok::Eof && self.tok != Tok::Semicolon && self.tok != Tok::RParen {
                ty = self.try_ident_or_type();
                if self.tok == Tok::Assign {
                    self.next();
                    values = self.parse_expr_list();
                }
            }
        } else {
            if self.tok != Tok::Assign {
                ty = Some(self.parse_type());
            }
            if self.tok == Tok::Assign {
                self.next();
                values = self.parse_expr_list();
            }
        }
        let span = self.sp(start);
        self.expect_semi();
        ValueSpec { names, ty, values, span }
    }

    fn parse_type_spec(&mut self) -> TypeSpec<'a> {
        let start = self.pos();
        let name = self.parse_ident();
        let mut type_params = None;
        let mut alias = false;
        let ty;
        if self.tok == Tok::LBrack {
            let lbrack = self.pos();
            self.next();
            if self.tok == Tok::Ident {
                let id = self.parse_ident();
                let mut x = Expr::new(id.span, ExprKind::Ident(id));
                if self.tok != Tok::LBrack {
                    self.expr_lev += 1;
                    let lhs = self.parse_primary_expr(Some(x));
                    x = self.parse_binary_expr(Some(lhs), 1);
                    self.expr_lev -= 1;
                }
                let force = self.tok == Tok::Comma;
                let is_name = x.as_ident().is_some();
                if (is_name && self.tok != Tok::RBrack) || (!is_name && can_extract(&x, force)) {
                    let (pname, ptype) = if is_name {
                        let id = x.as_ident().copied().unwrap_or(Ident { name: "_", span: x.span });
                        (id, None)
                    } else {
                        let (n, t) = extract_name(x);
                        (n, Some(t))
                    };
                    let list = self.parse_parameter_list(Some(pname), ptype, Tok::RBrack);
                    self.expect_tok(Tok::RBrack);
                    type_params = Some(FieldList { fields: list, span: self.sp(lbrack) });
                    if self.tok == Tok::Assign {
                        alias = true;
                        self.next();
                    }
                    ty = self.parse_type();
                } else {
                    ty = self.parse_array_type(lbrack, Some(x));
                }
            } else {
                ty = self.parse_array_type(lbrack, None);
            }
        } else {
            if self.tok == Tok::Assign {
                alias = true;
                self.next();
            }
            ty = self.parse_type();
        }
        let span = self.sp(start);
        self.expect_semi();
        TypeSpec { name, type_params, alias, ty, span }
    }

    fn parse_func_decl(&mut self) -> FuncDecl<'a> {
        let start = self.expect_tok(Tok::Func);
        let mut recv = None;
        if self.tok == Tok::LParen {
            let (_, r) = self.parse_parameters(false);
            recv = Some(r);
        }
        let name = self.parse_ident();
        let sig_start = name.span.start;
        let (type_params, params) = self.parse_parameters(true);
        let results = self.parse_result();
        let ty = FuncType { type_params, params, results, span: self.sp(sig_start) };
        let mut body = None;
        let span;
        match self.tok {
            Tok::LBrace => {
                body = Some(self.parse_body());
                span = self.sp(start);
                self.expect_semi();
            }
            Tok::Semicolon => {
                span = self.sp(start);
                self.next();
                if self.tok == Tok::LBrace {
                    self.error(self.span, "unexpected semicolon or newline before {");
                    body = Some(self.parse_body());
                    self.expect_semi();
                }
            }
            _ => {
                span = self.sp(start);
                self.expect_semi();
            }
        }
        FuncDecl { recv, name, ty, body, span }
    }

    // ---- parameters ----------------------------------------------------------------------------

    fn parse_parameters(&mut self, accept_tparams: bool) -> (Option<FieldList<'a>>, FieldList<'a>) {
        let mut tparams = None;
        if accept_tparams && self.tok == Tok::LBrack {
            let open = self.pos();
            self.next();
            let list = self.parse_parameter_list(None, None, Tok::RBrack);
            self.expect_tok(Tok::RBrack);
            let span = self.sp(open);
            if list.is_empty() {
                self.error(Span::new(span.end.saturating_sub(1), span.end), "empty type parameter list");
            } else {
                tparams = Some(FieldList { fields: list, span });
            }
        }
        let open = self.pos();
        self.expect_tok(Tok::LParen);
        let mut fields = Vec::new();
        if self.tok != Tok::RParen {
            fields = self.parse_parameter_list(None, None, Tok::RParen);
        }
        self.expect_tok(Tok::RParen);
        (tparams, FieldList { fields, span: self.sp(open) })
    }

    fn parse_result(&mut self) -> Option<FieldList<'a>> {
        if self.tok == Tok::LParen {
            let (_, r) = self.parse_parameters(false);
            return Some(r);
        }
        let start = self.pos();
        let ty = self.try_ident_or_type()?;
        let span = self.sp(start);
        Some(FieldList { fields: vec![Field { names: Vec::new(), ty, tag: None, span }], span })
    }

    fn parse_dots_type(&mut self) -> Expr<'a> {
        let start = self.expect_tok(Tok::Ellipsis);
        let elt = self.parse_type();
        Expr::new(self.sp(start), ExprKind::Ellipsis(Some(boxed(elt))))
    }

    /// One parameter declaration: `[name] [type]`; `name0` is an already parsed name.
    fn parse_param_decl(
        &mut self,
        name0: Option<Ident<'a>>,
        type_sets_ok: bool,
    ) -> (Option<Ident<'a>>, Option<Expr<'a>>) {
        if name0.is_none() && type_sets_ok && self.tok == Tok::Tilde {
            return (None, Some(self.embedded_elem(None)));
        }
        let mut name = None;
        let mut typ = None;
        if name0.is_some() || self.tok == Tok::Ident {
            name = Some(match name0 {
                Some(n) => n,
                None => self.parse_ident(),
            });
            match self.tok {
                Tok::Ident
                | Tok::Mul
                | Tok::Arrow
                | Tok::Func
                | Tok::Chan
                | Tok::Map
                | Tok::Struct
                | Tok::Interface
                | Tok::LParen => typ = Some(self.parse_type()),
                Tok::LBrack => {
                    let n = name.take().unwrap_or(Ident { name: "_", span: self.span });
                    let (nm, t) = self.parse_array_field_or_type_instance(n);
                    name = nm;
                    typ = Some(t);
                }
                Tok::Ellipsis => {
                    typ = Some(self.parse_dots_type());
                    return (name, typ);
                }
                Tok::Period => {
                    let n = name.take().unwrap_or(Ident { name: "_", span: self.span });
                    typ = Some(self.parse_qualified_ident(Some(n)));
                }
                Tok::Tilde if type_sets_ok => {
                    typ = Some(self.embedded_elem(None));
                    return (name, typ);
                }
                Tok::Or if type_sets_ok => {
                    let n = name.take().unwrap_or(Ident { name: "_", span: self.span });
                    let x = Expr::new(n.span, ExprKind::Ident(n));
                    typ = Some(self.embedded_elem(Some(x)));
                    return (None, typ);
                }
                _ => {}
            }
        } else {
            match self.tok {
                Tok::Mul
                | Tok::Arrow
                | Tok::Func
                | Tok::LBrack
                | Tok::Chan
                | Tok::Map
                | Tok::Struct
                | Tok::Interface
                | Tok::LParen => typ = Some(self.parse_type()),
                Tok::Ellipsis => return (None, Some(self.parse_dots_type())),
                _ => {
                    self.error_expected("')'");
                    self.advance(is_expr_end);
                }
            }
        }
        if type_sets_ok
            && self.tok == Tok::Or
            && let Some(t) = typ.take()
        {
            typ = Some(self.embedded_elem(Some(t)));
        }
        (name, typ)
    }

    fn parse_parameter_list(
        &mut self,
        mut name0: Option<Ident<'a>>,
        mut typ0: Option<Expr<'a>>,
        closing: Tok,
    ) -> Vec<Field<'a>> {
        let tparams = closing == Tok::RBrack;
        let pos0 = name0.map(|n| n.span).or(typ0.as_ref().map(|t| t.span)).unwrap_or(self.span);
        let mut list: Vec<(Option<Ident<'a>>, Option<Expr<'a>>)> = Vec::new();
        let mut named = 0usize;
        let mut typed = 0usize;
        while name0.is_some() || (self.tok != closing && self.tok != Tok::Eof) {
            let before = self.pos();
            let par = if let Some(t) = typ0.take() {
                let t = if tparams { self.embedded_elem(Some(t)) } else { t };
                (name0.take(), Some(t))
            } else {
                self.parse_param_decl(name0.take(), tparams)
            };
            if par.0.is_some() || par.1.is_some() {
                if par.0.is_some() && par.1.is_some() {
                    named += 1;
                }
                if par.1.is_some() {
                    typed += 1;
                }
                list.push(par);
            }
            if !self.at_comma("parameter list", closing) {
                break;
            }
            if self.tok == Tok::Eof {
                break;
            }
            self.next();
            if self.pos() == before {
                break;
            }
        }
        if list.is_empty() {
            return Vec::new();
        }
        let mut fields = Vec::new();
        if named == 0 {
            // All unnamed: names found are type names.
            for (name, typ) in list {
                let ty = match (typ, name) {
                    (Some(t), _) => t,
                    (None, Some(n)) => Expr::new(n.span, ExprKind::Ident(n)),
                    (None, None) => continue,
                };
                let span = ty.span;
                fields.push(Field { names: Vec::new(), ty, tag: None, span });
            }
            if tparams {
                if typed == 0 {
                    self.error(self.span, "missing type constraint");
                } else {
                    self.error(pos0, "missing type parameter name");
                }
            }
            return fields;
        }
        // Some named: every entry must be named; names without a type take the next type.
        let mut names: Vec<Ident<'a>> = Vec::new();
        let mut mixed: Option<Span> = None;
        for (name, typ) in list {
            match (name, typ) {
                (Some(n), Some(t)) => {
                    names.push(n);
                    let start = names.first().map_or(t.span.start, |n| n.span.start);
                    let span = Span::new(start, t.span.end);
                    fields.push(Field { names: std::mem::take(&mut names), ty: t, tag: None, span });
                }
                (Some(n), None) => names.push(n),
                (None, Some(t)) => {
                    mixed.get_or_insert(t.span);
                    if !names.is_empty() {
                        let start = names.first().map_or(t.span.start, |n| n.span.start);
                        let span = Span::new(start, t.span.end);
                        fields.push(Field { names: std::mem::take(&mut names), ty: t, tag: None, span });
                    } else {
                        let span = t.span;
                        let placeholder = Ident { name: "_", span: Span::new(span.start, span.start) };
                        fields.push(Field { names: vec![placeholder], ty: t, tag: None, span });
                    }
                }
                (None, None) => {}
            }
        }
        if let Some(last) = names.last().copied() {
            mixed.get_or_insert(last.span);
            let start = names.first().map_or(last.span.start, |n| n.span.start);
            let span = Span::new(start, last.span.end);
            let ty = Expr::new(Span::new(last.span.end, last.span.end), ExprKind::Bad);
            fields.push(Field { names, ty, tag: None, span });
        }
        if let Some(at) = mixed {
            let msg = if tparams { "missing type constraint" } else { "mixed named and unnamed parameters" };
            self.error(at, msg);
        }
        fields.shrink_to_fit();
        fields
    }

    fn embedded_elem(&mut self, x: Option<Expr<'a>>) -> Expr<'a> {
        let mut x = match x {
            Some(x) => x,
            None => self.embedded_term(),
        };
        let mut n = 0;
        while self.tok == Tok::Or {
            n += 1;
            if !self.enter() {
                break;
            }
            self.next();
            let y = self.embedded_term();
            let span = x.span.to(y.span);
            x = Expr::new(span, ExprKind::Binary { op: Tok::Or, x: boxed(x), y: boxed(y) });
        }
        self.leave(n);
        x
    }

    fn embedded_term(&mut self) -> Expr<'a> {
        if self.tok == Tok::Tilde {
            let start = self.pos();
            self.next();
            let t = self.parse_type();
            return Expr::new(self.sp(start), ExprKind::Unary { op: UnaryOp::Tilde, x: boxed(t) });
        }
        match self.try_ident_or_type() {
            Some(t) => t,
            None => {
                let start = self.pos();
                self.error_expected("~ term or type");
                self.advance(is_expr_end);
                self.bad(start)
            }
        }
    }

    // ---- types ---------------------------------------------------------------------------------

    fn parse_ident(&mut self) -> Ident<'a> {
        if self.tok == Tok::Ident {
            let id = Ident { name: self.text(), span: self.span };
            self.next();
            id
        } else {
            let span = Span::new(self.pos(), self.pos());
            self.expect_tok(Tok::Ident);
            Ident { name: "_", span }
        }
    }

    fn parse_ident_list(&mut self) -> Vec<Ident<'a>> {
        let mut list = vec![self.parse_ident()];
        while self.tok == Tok::Comma {
            self.next();
            list.push(self.parse_ident());
        }
        list
    }

    fn parse_type(&mut self) -> Expr<'a> {
        match self.try_ident_or_type() {
            Some(t) => t,
            None => {
                let start = self.pos();
                self.error_expected("type");
                self.advance(is_expr_end);
                self.bad(start)
            }
        }
    }

    /// `Name` or `pkg.Name` (`ident` already parsed when given).
    fn parse_type_name(&mut self, ident: Option<Ident<'a>>) -> Expr<'a> {
        let id = match ident {
            Some(i) => i,
            None => self.parse_ident(),
        };
        let x = Expr::new(id.span, ExprKind::Ident(id));
        if self.tok == Tok::Period {
            self.next();
            let sel = self.parse_ident();
            let span = id.span.to(sel.span);
            return Expr::new(span, ExprKind::Selector { x: boxed(x), sel });
        }
        x
    }

    fn parse_qualified_ident(&mut self, ident: Option<Ident<'a>>) -> Expr<'a> {
        let t = self.parse_type_name(ident);
        if self.tok == Tok::LBrack {
            return self.parse_type_instance(t);
        }
        t
    }

    fn parse_type_instance(&mut self, typ: Expr<'a>) -> Expr<'a> {
        let start = typ.span.start;
        self.expect_tok(Tok::LBrack);
        let mut list = Vec::new();
        self.expr_lev += 1;
        while self.tok != Tok::RBrack && self.tok != Tok::Eof {
            list.push(self.parse_type());
            if !self.at_comma("type argument list", Tok::RBrack) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        self.expect_closing(Tok::RBrack, "type argument list");
        if list.is_empty() {
            self.error(self.sp(start), "expected type argument list");
        }
        Expr::new(self.sp(start), ExprKind::Index { x: boxed(typ), indices: list })
    }

    fn parse_array_type(&mut self, lbrack: u32, len: Option<Expr<'a>>) -> Expr<'a> {
        let mut len = len;
        if len.is_none() {
            self.expr_lev += 1;
            if self.tok == Tok::Ellipsis {
                len = Some(Expr::new(self.span, ExprKind::Ellipsis(None)));
                self.next();
            } else if self.tok != Tok::RBrack {
                len = Some(self.parse_rhs());
            }
            self.expr_lev -= 1;
        }
        if self.tok == Tok::Comma {
            self.error(self.span, "unexpected comma; expecting ]");
            self.next();
        }
        self.expect_tok(Tok::RBrack);
        let elt = self.parse_type();
        Expr::new(self.sp(lbrack), ExprKind::ArrayType { len: len.map(boxed), elt: boxed(elt) })
    }

    /// After a field or parameter name `x` at `[`: an array/slice type of a named field, or an
    /// instantiated embedded/unnamed type `x[P, Q]`.
    fn parse_array_field_or_type_instance(&mut self, x: Ident<'a>) -> (Option<Ident<'a>>, Expr<'a>) {
        let lbrack = self.expect_tok(Tok::LBrack);
        let mut trailing_comma = None;
        let mut args = Vec::new();
        if self.tok != Tok::RBrack {
            self.expr_lev += 1;
            args.push(self.parse_rhs());
            while self.tok == Tok::Comma {
                let comma = self.span;
                self.next();
                if self.tok == Tok::RBrack {
                    trailing_comma = Some(comma);
                    break;
                }
                args.push(self.parse_rhs());
            }
            self.expr_lev -= 1;
        }
        self.expect_tok(Tok::RBrack);
        if args.is_empty() {
            let elt = self.parse_type();
            return (Some(x), Expr::new(self.sp(lbrack), ExprKind::ArrayType { len: None, elt: boxed(elt) }));
        }
        if args.len() == 1
            && let Some(elt) = self.try_ident_or_type()
        {
            if let Some(c) = trailing_comma {
                self.error(c, "unexpected comma; expecting ]");
            }
            let len = args.pop().map(boxed);
            return (Some(x), Expr::new(self.sp(lbrack), ExprKind::ArrayType { len, elt: boxed(elt) }));
        }
        let base = Expr::new(x.span, ExprKind::Ident(x));
        (None, Expr::new(self.sp(x.span.start), ExprKind::Index { x: boxed(base), indices: args }))
    }

    fn try_ident_or_type(&mut self) -> Option<Expr<'a>> {
        if !self.enter() {
            return Some(self.bad(self.pos()));
        }
        let r = self.try_ident_or_type_inner();
        self.leave(1);
        r
    }

    fn try_ident_or_type_inner(&mut self) -> Option<Expr<'a>> {
        let start = self.pos();
        Some(match self.tok {
            Tok::Ident => {
                let t = self.parse_type_name(None);
                if self.tok == Tok::LBrack { self.parse_type_instance(t) } else { t }
            }
            Tok::LBrack => {
                self.next();
                self.parse_array_type(start, None)
            }
            Tok::Struct => self.parse_struct_type(),
            Tok::Mul => {
                self.next();
                let t = self.parse_type();
                Expr::new(self.sp(start), ExprKind::Star(boxed(t)))
            }
            Tok::Func => {
                let ft = self.parse_func_type();
                Expr::new(ft.span, ExprKind::FuncType(Box::new(ft)))
            }
            Tok::Interface => self.parse_interface_type(),
            Tok::Map => {
                self.next();
                self.expect_tok(Tok::LBrack);
                let key = self.parse_type();
                self.expect_tok(Tok::RBrack);
                let value = self.parse_type();
                Expr::new(self.sp(start), ExprKind::MapType { key: boxed(key), value: boxed(value) })
            }
            Tok::Chan | Tok::Arrow => self.parse_chan_type(),
            Tok::LParen => {
                self.next();
                let t = self.parse_type();
                self.expect_tok(Tok::RParen);
                Expr::new(self.sp(start), ExprKind::Paren(boxed(t)))
            }
            _ => return None,
        })
    }

    fn parse_chan_type(&mut self) -> Expr<'a> {
        let start = self.pos();
        let dir;
        if self.tok == Tok::Chan {
            self.next();
            if self.tok == Tok::Arrow {
                self.next();
                dir = ChanDir::Send;
            } else {
                dir = ChanDir::Both;
            }
        } else {
            self.expect_tok(Tok::Arrow);
            self.expect_tok(Tok::Chan);
            dir = ChanDir::Recv;
        }
        let value = self.parse_type();
        Expr::new(self.sp(start), ExprKind::ChanType { dir, value: boxed(value) })
    }

    fn parse_func_type(&mut self) -> FuncType<'a> {
        let start = self.expect_tok(Tok::Func);
        let (tparams, params) = self.parse_parameters(true);
        if let Some(tp) = &tparams {
            self.error(tp.span, "function type must have no type parameters");
        }
        let results = self.parse_result();
        FuncType { type_params: None, params, results, span: self.sp(start) }
    }

    fn parse_struct_type(&mut self) -> Expr<'a> {
        let start = self.expect_tok(Tok::Struct);
        let open = self.pos();
        self.expect_tok(Tok::LBrace);
        let mut fields = Vec::new();
        while matches!(self.tok, Tok::Ident | Tok::Mul | Tok::LParen) {
            let before = self.pos();
            fields.push(self.parse_field_decl());
            if self.pos() == before {
                break;
            }
        }
        self.expect_tok(Tok::RBrace);
        fields.shrink_to_fit();
        Expr::new(self.sp(start), ExprKind::StructType(FieldList { fields, span: self.sp(open) }))
    }

    fn parse_field_decl(&mut self) -> Field<'a> {
        let start = self.pos();
        let mut names = Vec::new();
        let ty;
        match self.tok {
            Tok::Ident => {
                let name = self.parse_ident();
                if matches!(self.tok, Tok::Period | Tok::String | Tok::Semicolon | Tok::RBrace) {
                    ty = if self.tok == Tok::Period {
                        self.parse_qualified_ident(Some(name))
                    } else {
                        Expr::new(name.span, ExprKind::Ident(name))
                    };
                } else {
                    names.push(name);
                    while self.tok == Tok::Comma {
                        self.next();
                        names.push(self.parse_ident());
                    }
                    if names.len() == 1 && self.tok == Tok::LBrack {
                        names.clear();
                        let (n, t) = self.parse_array_field_or_type_instance(name);
                        if let Some(n) = n {
                            names.push(n);
                        }
                        ty = t;
                    } else {
                        ty = self.parse_type();
                    }
                }
            }
            Tok::Mul => {
                self.next();
                let inner = if self.tok == Tok::LParen {
                    self.error(self.span, "cannot parenthesize embedded type");
                    self.parse_type()
                } else {
                    self.parse_qualified_ident(None)
                };
                ty = Expr::new(self.sp(start), ExprKind::Star(boxed(inner)));
            }
            Tok::LParen => {
                self.error(self.span, "cannot parenthesize embedded type");
                ty = self.parse_type();
            }
            _ => {
                self.error_expected("field name or embedded type");
                self.advance(is_expr_end);
                ty = self.bad(start);
            }
        }
        let mut tag = None;
        if self.tok == Tok::String {
            tag = Some(BasicLit { kind: LitKind::String, value: self.text(), span: self.span });
            self.next();
        }
        let span = self.sp(start);
        self.expect_semi();
        Field { names, ty, tag, span }
    }

    fn parse_interface_type(&mut self) -> Expr<'a> {
        let start = self.expect_tok(Tok::Interface);
        let open = self.pos();
        self.expect_tok(Tok::LBrace);
        let mut fields = Vec::new();
        loop {
            let fstart = self.pos();
            let before = self.pos();
            match self.tok {
                Tok::Ident => {
                    let mut f = self.parse_method_spec();
                    if f.names.is_empty() {
                        let t = std::mem::replace(&mut f.ty, Expr::new(Span::default(), ExprKind::Bad));
                        f.ty = self.embedded_elem(Some(t));
                        f.span = self.sp(fstart);
                    }
                    self.expect_semi();
                    fields.push(f);
                }
                Tok::Tilde => {
                    let ty = self.embedded_elem(None);
                    let span = self.sp(fstart);
                    self.expect_semi();
                    fields.push(Field { names: Vec::new(), ty, tag: None, span });
                }
                _ => match self.try_ident_or_type() {
                    Some(t) => {
                        let ty = self.embedded_elem(Some(t));
                        let span = self.sp(fstart);
                        self.expect_semi();
                        fields.push(Field { names: Vec::new(), ty, tag: None, span });
                    }
                    None => break,
                },
            }
            if self.pos() == before {
                break;
            }
        }
        self.expect_tok(Tok::RBrace);
        fields.shrink_to_fit();
        Expr::new(self.sp(start), ExprKind::InterfaceType(FieldList { fields, span: self.sp(open) }))
    }

    fn parse_method_spec(&mut self) -> Field<'a> {
        let start = self.pos();
        let x = self.parse_type_name(None);
        if let Some(ident) = x.as_ident().copied() {
            match self.tok {
                Tok::LBrack => {
                    // Generic method (an error in interfaces) or embedded instantiated type.
                    let lbrack = self.pos();
                    self.next();
                    self.expr_lev += 1;
                    let first = self.parse_expr();
                    self.expr_lev -= 1;
                    if first.as_ident().is_some() && self.tok != Tok::Comma && self.tok != Tok::RBrack {
                        let name0 = first.as_ident().copied();
                        let list = self.parse_parameter_list(name0, None, Tok::RBrack);
                        self.expect_tok(Tok::RBrack);
                        let tspan = self.sp(lbrack);
                        self.error(tspan, "interface method must have no type parameters");
                        let (_, params) = self.parse_parameters(false);
                        let results = self.parse_result();
                        let _ = list;
                        let ft = FuncType { type_params: None, params, results, span: self.sp(start) };
                        let span = ft.span;
                        return Field {
                            names: vec![ident],
                            ty: Expr::new(span, ExprKind::FuncType(Box::new(ft))),
                            tag: None,
                            span,
                        };
                    }
                    let mut list = vec![first];
                    if self.at_comma("type argument list", Tok::RBrack) {
                        self.expr_lev += 1;
                        self.next();
                        while self.tok != Tok::RBrack && self.tok != Tok::Eof {
                            list.push(self.parse_type());
                            if !self.at_comma("type argument list", Tok::RBrack) {
                                break;
                            }
                            self.next();
                        }
                        self.expr_lev -= 1;
                    }
                    self.expect_closing(Tok::RBrack, "type argument list");
                    let ty = Expr::new(self.sp(start), ExprKind::Index { x: boxed(x), indices: list });
                    let span = ty.span;
                    Field { names: Vec::new(), ty, tag: None, span }
                }
                Tok::LParen => {
                    let (_, params) = self.parse_parameters(false);
                    let results = self.parse_result();
                    let ft = FuncType { type_params: None, params, results, span: self.sp(start) };
                    let span = ft.span;
                    Field { names: vec![ident], ty: Expr::new(span, ExprKind::FuncType(Box::new(ft))), tag: None, span }
                }
                _ => {
                    let span = x.span;
                    Field { names: Vec::new(), ty: x, tag: None, span }
                }
            }
        } else {
            let ty = if self.tok == Tok::LBrack { self.parse_type_instance(x) } else { x };
            let span = ty.span;
            Field { names: Vec::new(), ty, tag: None, span }
        }
    }

    // ---- expressions ---------------------------------------------------------------------------

    fn parse_expr(&mut self) -> Expr<'a> {
        self.parse_binary_expr(None, 1)
    }

    fn parse_rhs(&mut self) -> Expr<'a> {
        self.parse_expr()
    }

    fn parse_expr_list(&mut self) -> Vec<Expr<'a>> {
        let mut list = vec![self.parse_expr()];
        while self.tok == Tok::Comma {
            self.next();
            list.push(self.parse_expr());
        }
        list.shrink_to_fit();
        list
    }

    fn parse_binary_expr(&mut self, x: Option<Expr<'a>>, prec1: u8) -> Expr<'a> {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_unary_expr(),
        };
        let mut n = 0;
        loop {
            let op = self.tok;
            let prec = op.precedence();
            if prec < prec1 || prec == 0 {
                break;
            }
            n += 1;
            if !self.enter() {
                break;
            }
            self.next();
            let y = self.parse_binary_expr(None, prec + 1);
            let span = x.span.to(y.span);
            x = Expr::new(span, ExprKind::Binary { op, x: boxed(x), y: boxed(y) });
        }
        self.leave(n);
        x
    }

    fn parse_unary_expr(&mut self) -> Expr<'a> {
        if !self.enter() {
            return self.bad(self.pos());
        }
        let e = self.parse_unary_inner();
        self.leave(1);
        e
    }

    fn parse_unary_inner(&mut self) -> Expr<'a> {
        let start = self.pos();
        let op = match self.tok {
            Tok::Add => UnaryOp::Pos,
            Tok::Sub => UnaryOp::Neg,
            Tok::Not => UnaryOp::Not,
            Tok::Xor => UnaryOp::BitNot,
            Tok::And => UnaryOp::Addr,
            Tok::Tilde => UnaryOp::Tilde,
            Tok::Arrow => {
                self.next();
                let mut x = self.parse_unary_expr();
                if matches!(x.kind, ExprKind::ChanType { .. }) {
                    // `<-chan T`: re-associate the arrow with the channel type.
                    x.span = Span::new(start, x.span.end);
                    let mut dir = ChanDir::Send;
                    let mut cur: &mut Expr<'a> = &mut x;
                    while dir == ChanDir::Send {
                        let ExprKind::ChanType { dir: d, value } = &mut cur.kind else { break };
                        if *d == ChanDir::Recv {
                            let at = cur.span;
                            self.error(at, "expected 'chan'");
                        }
                        dir = *d;
                        *d = ChanDir::Recv;
                        cur = value;
                    }
                    if dir == ChanDir::Send {
                        self.error(Span::new(start, start + 2), "expected channel type");
                    }
                    return x;
                }
                return Expr::new(self.sp(start), ExprKind::Unary { op: UnaryOp::Recv, x: boxed(x) });
            }
            Tok::Mul => {
                self.next();
                let x = self.parse_unary_expr();
                return Expr::new(self.sp(start), ExprKind::Star(boxed(x)));
            }
            _ => return self.parse_primary_expr(None),
        };
        self.next();
        let x = self.parse_unary_expr();
        Expr::new(self.sp(start), ExprKind::Unary { op, x: boxed(x) })
    }

    fn parse_operand(&mut self) -> Expr<'a> {
        let start = self.pos();
        match self.tok {
            Tok::Ident => {
                let id = self.parse_ident();
                return Expr::new(id.span, ExprKind::Ident(id));
            }
            Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => {
                let kind = match self.tok {
                    Tok::Int => LitKind::Int,
                    Tok::Float => LitKind::Float,
                    Tok::Imag => LitKind::Imag,
                    Tok::Char => LitKind::Char,
                    _ => LitKind::String,
                };
                let lit = BasicLit { kind, value: self.text(), span: self.span };
                self.next();
                return Expr::new(lit.span, ExprKind::BasicLit(lit));
            }
            Tok::LParen => {
                self.next();
                self.expr_lev += 1;
                let x = self.parse_rhs();
                self.expr_lev -= 1;
                self.expect_tok(Tok::RParen);
                return Expr::new(self.sp(start), ExprKind::Paren(boxed(x)));
            }
            Tok::Func => return self.parse_func_type_or_lit(),
            _ => {}
        }
        if let Some(t) = self.try_ident_or_type() {
            return t;
        }
        self.error_expected("operand");
        self.advance(is_stmt_start);
        self.bad(start)
    }

    fn parse_func_type_or_lit(&mut self) -> Expr<'a> {
        let ft = self.parse_func_type();
        if self.tok != Tok::LBrace {
            return Expr::new(ft.span, ExprKind::FuncType(Box::new(ft)));
        }
        self.expr_lev += 1;
        let body = self.parse_body();
        self.expr_lev -= 1;
        let span = ft.span.to(body.span);
        Expr::new(span, ExprKind::FuncLit { ty: Box::new(ft), body: Box::new(body) })
    }

    fn parse_primary_expr(&mut self, x: Option<Expr<'a>>) -> Expr<'a> {
        let mut x = match x {
            Some(x) => x,
            None => self.parse_operand(),
        };
        let mut n = 0;
        loop {
            n += 1;
            if !self.enter() {
                break;
            }
            match self.tok {
                Tok::Period => {
                    self.next();
                    match self.tok {
                        Tok::Ident => {
                            let sel = self.parse_ident();
                            let span = x.span.to(sel.span);
                            x = Expr::new(span, ExprKind::Selector { x: boxed(x), sel });
                        }
                        Tok::LParen => {
                            self.next();
                            let ty = if self.tok == Tok::Type {
                                self.next();
                                None
                            } else {
                                Some(boxed(self.parse_type()))
                            };
                            self.expect_tok(Tok::RParen);
                            let span = self.sp(x.span.start);
                            x = Expr::new(span, ExprKind::TypeAssert { x: boxed(x), ty });
                        }
                        _ => {
                            let pos = self.span;
                            self.error_expected("selector or type assertion");
                            if self.tok != Tok::RBrace {
                                self.next();
                            }
                            let sel = Ident { name: "_", span: Span::new(pos.start, pos.start) };
                            let span = self.sp(x.span.start);
                            x = Expr::new(span, ExprKind::Selector { x: boxed(x), sel });
                        }
                    }
                }
                Tok::LBrack => x = self.parse_index_or_slice_or_instance(x),
                Tok::LParen => x = self.parse_call(x),
                Tok::LBrace => {
                    let t = x.unparen();
                    let complit = match &t.kind {
                        ExprKind::Bad | ExprKind::Ident(_) | ExprKind::Selector { .. } | ExprKind::Index { .. } => {
                            self.expr_lev >= 0
                        }
                        ExprKind::ArrayType { .. } | ExprKind::StructType(_) | ExprKind::MapType { .. } => true,
                        _ => false,
                    };
                    if !complit {
                        break;
                    }
                    if !std::ptr::eq(t, &x) {
                        let s = t.span;
                        self.error(s, "cannot parenthesize type in composite literal");
                    }
                    x = self.parse_literal_value(Some(x));
                }
                _ => break,
            }
        }
        self.leave(n);
        x
    }

    fn parse_index_or_slice_or_instance(&mut self, x: Expr<'a>) -> Expr<'a> {
        let start = x.span.start;
        let lbrack = self.expect_tok(Tok::LBrack);
        if self.tok == Tok::RBrack {
            self.error_expected("operand");
            self.next();
            let bad = Expr::new(Span::new(lbrack + 1, lbrack + 1), ExprKind::Bad);
            return Expr::new(self.sp(start), ExprKind::Index { x: boxed(x), indices: vec![bad] });
        }
        self.expr_lev += 1;
        let mut index: [Option<Expr<'a>>; 3] = [None, None, None];
        let mut args = Vec::new();
        let mut colons: [u32; 2] = [0, 0];
        let mut ncolons = 0usize;
        if self.tok != Tok::Colon {
            index[0] = Some(self.parse_rhs());
        }
        match self.tok {
            Tok::Colon => {
                while self.tok == Tok::Colon && ncolons < 2 {
                    if let Some(c) = colons.get_mut(ncolons) {
                        *c = self.pos();
                    }
                    ncolons += 1;
                    self.next();
                    if self.tok != Tok::Colon && self.tok != Tok::RBrack && self.tok != Tok::Eof {
                        let e = self.parse_rhs();
                        if let Some(slot) = index.get_mut(ncolons) {
                            *slot = Some(e);
                        }
                    }
                }
            }
            Tok::Comma => {
                if let Some(first) = index[0].take() {
                    args.push(first);
                }
                while self.tok == Tok::Comma {
                    self.next();
                    if self.tok != Tok::RBrack && self.tok != Tok::Eof {
                        args.push(self.parse_type());
                    }
                }
            }
            _ => {}
        }
        self.expr_lev -= 1;
        let rbrack = self.pos();
        self.expect_tok(Tok::RBrack);
        let [lo, hi, max] = index;
        if ncolons > 0 {
            let slice3 = ncolons == 2;
            let mut hi = hi;
            let mut max = max;
            if slice3 {
                if hi.is_none() {
                    self.error(Span::new(colons[0], colons[0] + 1), "middle index required in 3-index slice");
                    hi = Some(Expr::new(Span::new(colons[0] + 1, colons[1]), ExprKind::Bad));
                }
                if max.is_none() {
                    self.error(Span::new(colons[1], colons[1] + 1), "final index required in 3-index slice");
                    max = Some(Expr::new(Span::new(colons[1] + 1, rbrack), ExprKind::Bad));
                }
            }
            return Expr::new(
                self.sp(start),
                ExprKind::Slice { x: boxed(x), lo: lo.map(boxed), hi: hi.map(boxed), max: max.map(boxed), slice3 },
            );
        }
        if args.is_empty() {
            let idx = lo.unwrap_or(Expr::new(Span::new(lbrack + 1, rbrack), ExprKind::Bad));
            return Expr::new(self.sp(start), ExprKind::Index { x: boxed(x), indices: vec![idx] });
        }
        Expr::new(self.sp(start), ExprKind::Index { x: boxed(x), indices: args })
    }

    fn parse_call(&mut self, fun: Expr<'a>) -> Expr<'a> {
        let start = fun.span.start;
        self.expect_tok(Tok::LParen);
        self.expr_lev += 1;
        let mut args = Vec::new();
        let mut ellipsis = None;
        while self.tok != Tok::RParen && self.tok != Tok::Eof && ellipsis.is_none() {
            args.push(self.parse_rhs());
            if self.tok == Tok::Ellipsis {
                ellipsis = Some(self.pos());
                self.next();
            }
            if !self.at_comma("argument list", Tok::RParen) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        self.expect_closing(Tok::RParen, "argument list");
        args.shrink_to_fit();
        let span = self.sp(start);
        Expr::new(span, ExprKind::Call(Box::new(CallExpr { fun, args, ellipsis, span })))
    }

    fn parse_literal_value(&mut self, ty: Option<Expr<'a>>) -> Expr<'a> {
        let start = ty.as_ref().map_or(self.pos(), |t| t.span.start);
        if !self.enter() {
            return self.bad(start);
        }
        self.expect_tok(Tok::LBrace);
        let mut elts = Vec::new();
        self.expr_lev += 1;
        while self.tok != Tok::RBrace && self.tok != Tok::Eof {
            elts.push(self.parse_element());
            if !self.at_comma("composite literal", Tok::RBrace) {
                break;
            }
            self.next();
        }
        self.expr_lev -= 1;
        self.expect_closing(Tok::RBrace, "composite literal");
        elts.shrink_to_fit();
        self.leave(1);
        Expr::new(self.sp(start), ExprKind::CompositeLit { ty: ty.map(boxed), elts })
    }

    fn parse_value(&mut self) -> Expr<'a> {
        if self.tok == Tok::LBrace {
            return self.parse_literal_value(None);
        }
        self.parse_expr()
    }

    fn parse_element(&mut self) -> Expr<'a> {
        let x = self.parse_value();
        if self.tok == Tok::Colon {
            self.next();
            let v = self.parse_value();
            let span = x.span.to(v.span);
            return Expr::new(span, ExprKind::KeyValue { key: boxed(x), value: boxed(v) });
        }
        x
    }

    // ---- statements ----------------------------------------------------------------------------

    fn parse_body(&mut self) -> Block<'a> {
        self.parse_block()
    }

    fn parse_block(&mut self) -> Block<'a> {
        let start = self.pos();
        self.expect_tok(Tok::LBrace);
        let stmts = self.parse_stmt_list();
        self.expect_closing(Tok::RBrace, "block");
        Block { stmts, span: self.sp(start) }
    }

    fn parse_stmt_list(&mut self) -> Vec<Stmt<'a>> {
        let mut list = Vec::new();
        while !matches!(self.tok, Tok::Case | Tok::Default | Tok::RBrace | Tok::Eof) {
            let before = self.pos();
            list.push(self.parse_stmt());
            if self.pos() == before && !matches!(self.tok, Tok::Case | Tok::Default | Tok::RBrace | Tok::Eof) {
                self.next();
            }
        }
        list.shrink_to_fit();
        list
    }

    fn parse_stmt(&mut self) -> Stmt<'a> {
        if !self.enter() {
            return Stmt { span: self.sp(self.pos()), kind: StmtKind::Bad };
        }
        let s = self.parse_stmt_inner();
        self.leave(1);
        s
    }

    fn parse_stmt_inner(&mut self) -> Stmt<'a> {
        let start = self.pos();
        match self.tok {
            Tok::Const | Tok::Type | Tok::Var => {
                let kw = match self.tok {
                    Tok::Const => DeclKeyword::Const,
                    Tok::Type => DeclKeyword::Type,
                    _ => DeclKeyword::Var,
                };
                let d = self.parse_gen_decl(kw);
                Stmt { span: d.span, kind: StmtKind::Decl(d) }
            }
            Tok::Ident
            | Tok::Int
            | Tok::Float
            | Tok::Imag
            | Tok::Char
            | Tok::String
            | Tok::Func
            | Tok::LParen
            | Tok::LBrack
            | Tok::Struct
            | Tok::Map
            | Tok::Chan
            | Tok::Interface
            | Tok::Add
            | Tok::Sub
            | Tok::Mul
            | Tok::And
            | Tok::Xor
            | Tok::Arrow
            | Tok::Not
            | Tok::Tilde => {
                let s = self.parse_simple_stmt(SimpleMode::LabelOk);
                let s = self.simple_to_stmt(s);
                if !matches!(s.kind, StmtKind::Labeled { .. }) {
                    self.expect_semi();
                }
                s
            }
            Tok::Go | Tok::Defer => {
                let is_go = self.tok == Tok::Go;
                self.next();
                let what = if is_go { "go" } else { "defer" };
                let call = self.parse_call_expr(what);
                let span = self.sp(start);
                self.expect_semi();
                Stmt { span, kind: if is_go { StmtKind::Go(call) } else { StmtKind::Defer(call) } }
            }
            Tok::Return => {
                self.next();
                let mut results = Vec::new();
                if self.tok != Tok::Semicolon && self.tok != Tok::RBrace {
                    results = self.parse_expr_list();
                }
                let span = self.sp(start);
                self.expect_semi();
                Stmt { span, kind: StmtKind::Return(results) }
            }
            Tok::Break | Tok::Continue | Tok::Goto | Tok::Fallthrough => {
                let kind = match self.tok {
                    Tok::Break => BranchKind::Break,
                    Tok::Continue => BranchKind::Continue,
                    Tok::Goto => BranchKind::Goto,
                    _ => BranchKind::Fallthrough,
                };
                self.next();
                let mut label = None;
                if kind == BranchKind::Goto
                    || ((kind == BranchKind::Break || kind == BranchKind::Continue) && self.tok == Tok::Ident)
                {
                    label = Some(self.parse_ident());
                }
                let span = self.sp(start);
                self.expect_semi();
                Stmt { span, kind: StmtKind::Branch { kind, label } }
            }
            Tok::LBrace => {
                let b = self.parse_block();
                self.expect_semi();
                Stmt { span: b.span, kind: StmtKind::Block(b) }
            }
            Tok::If => self.parse_if_stmt(),
            Tok::Switch => self.parse_switch_stmt(),
            Tok::Select => self.parse_select_stmt(),
            Tok::For => self.parse_for_stmt(),
            Tok::Semicolon => {
                let span = self.span;
                self.next();
                Stmt { span, kind: StmtKind::Empty }
            }
            Tok::RBrace => Stmt { span: Span::new(start, start), kind: StmtKind::Empty },
            _ => {
                self.error_expected("statement");
                self.advance(is_stmt_start);
                Stmt { span: self.sp(start), kind: StmtKind::Bad }
            }
        }
    }

    fn parse_call_expr(&mut self, what: &str) -> Expr<'a> {
        let x = self.parse_rhs();
        let mut x = x;
        if matches!(x.kind, ExprKind::Paren(_)) {
            self.error(x.span, format!("expression in {what} must not be parenthesized"));
            while let ExprKind::Paren(inner) = x.kind {
                x = *inner;
            }
        }
        match x.kind {
            ExprKind::Call(_) | ExprKind::Bad => x,
            _ => {
                self.error(Span::new(x.span.end, x.span.end), format!("expression in {what} must be function call"));
                Expr::new(x.span, ExprKind::Bad)
            }
        }
    }

    fn simple_to_stmt(&mut self, s: Simple<'a>) -> Stmt<'a> {
        match s {
            Simple::Stmt(s) => s,
            Simple::Range { start, .. } => {
                // Only reachable through error paths (range outside a for clause).
                self.error(self.sp(start), "unexpected range");
                Stmt { span: self.sp(start), kind: StmtKind::Bad }
            }
        }
    }

    fn parse_simple_stmt(&mut self, mode: SimpleMode) -> Simple<'a> {
        let start = self.pos();
        let mut lhs = self.parse_expr_list();
        match self.tok {
            Tok::Define
            | Tok::Assign
            | Tok::AddAssign
            | Tok::SubAssign
            | Tok::MulAssign
            | Tok::QuoAssign
            | Tok::RemAssign
            | Tok::AndAssign
            | Tok::OrAssign
            | Tok::XorAssign
            | Tok::ShlAssign
            | Tok::ShrAssign
            | Tok::AndNotAssign => {
                let op = self.tok;
                self.next();
                if mode == SimpleMode::RangeOk && self.tok == Tok::Range && (op == Tok::Define || op == Tok::Assign) {
                    self.next();
                    let x = self.parse_rhs();
                    if lhs.len() > 2 {
                        let s = lhs.first().map_or(self.span, |e| e.span);
                        self.error(s, "range clause permits at most two iteration variables");
                    }
                    let mut it = lhs.into_iter();
                    let key = it.next();
                    let value = it.next();
                    return Simple::Range { start, key, value, op, x };
                }
                let rhs = self.parse_expr_list();
                return Simple::Stmt(Stmt { span: self.sp(start), kind: StmtKind::Assign { lhs, op, rhs } });
            }
            _ => {}
        }
        if lhs.len() > 1 {
            let s = lhs.first().map_or(self.span, |e| e.span);
            self.error(s, format!("expected 1 expression, found {}", lhs.len()));
            lhs.truncate(1);
        }
        let x = lhs.pop().unwrap_or_else(|| self.bad(start));
        match self.tok {
            Tok::Colon => {
                let colon = self.span;
                self.next();
                if let (SimpleMode::LabelOk, Some(label)) = (mode, x.as_ident().copied()) {
                    let stmt = self.parse_stmt();
                    return Simple::Stmt(Stmt {
                        span: self.sp(start),
                        kind: StmtKind::Labeled { label, stmt: Box::new(stmt) },
                    });
                }
                self.error(colon, "illegal label declaration");
                Simple::Stmt(Stmt { span: self.sp(start), kind: StmtKind::Bad })
            }
            Tok::Arrow => {
                self.next();
                let value = self.parse_rhs();
                Simple::Stmt(Stmt {
                    span: self.sp(start),
                    kind: StmtKind::Send { chan: boxed(x), value: boxed(value) },
                })
            }
            Tok::Inc | Tok::Dec => {
                let inc = self.tok == Tok::Inc;
                self.next();
                Simple::Stmt(Stmt { span: self.sp(start), kind: StmtKind::IncDec { x, inc } })
            }
            _ => Simple::Stmt(Stmt { span: x.span, kind: StmtKind::Expr(x) }),
        }
    }

    fn parse_simple_basic(&mut self) -> Stmt<'a> {
        let s = self.parse_simple_stmt(SimpleMode::Basic);
        self.simple_to_stmt(s)
    }

    fn make_expr(&mut self, s: Stmt<'a>, want: &str) -> Expr<'a> {
        match s.kind {
            StmtKind::Expr(e) => e,
            _ => {
                let found = if matches!(s.kind, StmtKind::Assign { .. }) { "assignment" } else { "simple statement" };
                self.error(
                    s.span,
                    format!("expected {want}, found {found} (missing parentheses around composite literal?)"),
                );
                Expr::new(s.span, ExprKind::Bad)
            }
        }
    }

    fn parse_if_stmt(&mut self) -> Stmt<'a> {
        let start = self.expect_tok(Tok::If);
        let (init, cond) = self.parse_if_header();
        let then = self.parse_block();
        let mut els = None;
        if self.tok == Tok::Else {
            self.next();
            match self.tok {
                Tok::If => els = Some(Box::new(self.parse_if_stmt())),
                Tok::LBrace => {
                    let b = self.parse_block();
                    self.expect_semi();
                    els = Some(Box::new(Stmt { span: b.span, kind: StmtKind::Block(b) }));
                }
                _ => {
                    self.error_expected("if statement or block");
                    els = Some(Box::new(Stmt { span: self.span, kind: StmtKind::Bad }));
                }
            }
        } else {
            self.expect_semi();
        }
        Stmt { span: self.sp(start), kind: StmtKind::If { init, cond: boxed(cond), then, els } }
    }

    fn parse_if_header(&mut self) -> (Option<Box<Stmt<'a>>>, Expr<'a>) {
        if self.tok == Tok::LBrace {
            self.error(self.span, "missing condition in if statement");
            return (None, Expr::new(Span::new(self.pos(), self.pos()), ExprKind::Bad));
        }
        let prev = self.expr_lev;
        self.expr_lev = -1;
        let mut init = None;
        if self.tok != Tok::Semicolon {
            if self.tok == Tok::Var {
                self.next();
                self.error(self.span, "var declaration not allowed in if initializer");
            }
            init = Some(self.parse_simple_basic());
        }
        let mut cond_stmt = None;
        let mut semi: Option<(Span, bool)> = None;
        if self.tok != Tok::LBrace {
            if self.tok == Tok::Semicolon {
                semi = Some((self.span, self.implicit));
                self.next();
            } else {
                self.expect_tok(Tok::Semicolon);
            }
            if self.tok != Tok::LBrace {
                cond_stmt = Some(self.parse_simple_basic());
            }
        } else {
            cond_stmt = init.take();
        }
        let cond = if let Some(s) = cond_stmt {
            Some(self.make_expr(s, "boolean expression"))
        } else {
            if let Some((span, implicit)) = semi {
                if implicit {
                    self.error(span, "unexpected newline, expecting { after if clause");
                } else {
                    self.error(span, "missing condition in if statement");
                }
            }
            None
        };
        let cond = cond.unwrap_or(Expr::new(Span::new(self.pos(), self.pos()), ExprKind::Bad));
        self.expr_lev = prev;
        (init.map(Box::new), cond)
    }

    fn is_type_switch_guard(s: &Stmt<'a>) -> bool {
        let is_guard = |e: &Expr<'a>| matches!(e.kind, ExprKind::TypeAssert { ty: None, .. });
        match &s.kind {
            StmtKind::Expr(e) => is_guard(e),
            StmtKind::Assign { lhs, op: Tok::Define | Tok::Assign, rhs } => {
                lhs.len() == 1 && rhs.len() == 1 && rhs.first().is_some_and(is_guard)
            }
            _ => false,
        }
    }

    fn parse_switch_stmt(&mut self) -> Stmt<'a> {
        let start = self.expect_tok(Tok::Switch);
        let mut s1 = None;
        let mut s2 = None;
        if self.tok != Tok::LBrace {
            let prev = self.expr_lev;
            self.expr_lev = -1;
            if self.tok != Tok::Semicolon {
                s2 = Some(self.parse_simple_basic());
            }
            if self.tok == Tok::Semicolon {
                self.next();
                s1 = s2.take();
                if self.tok != Tok::LBrace {
                    s2 = Some(self.parse_simple_basic());
                }
            }
            self.expr_lev = prev;
        }
        let type_switch = s2.as_ref().is_some_and(Self::is_type_switch_guard);
        if type_switch && let Some(Stmt { kind: StmtKind::Assign { op: Tok::Assign, .. }, span }) = &s2 {
            let sp = *span;
            self.error(sp, "expected ':=', found '='");
        }
        self.expect_tok(Tok::LBrace);
        let mut body = Vec::new();
        while self.tok == Tok::Case || self.tok == Tok::Default {
            body.push(self.parse_case_clause());
        }
        self.expect_tok(Tok::RBrace);
        let span = self.sp(start);
        self.expect_semi();
        let init = s1.map(Box::new);
        if type_switch {
            let assign = Box::new(s2.unwrap_or(Stmt { span, kind: StmtKind::Bad }));
            return Stmt { span, kind: StmtKind::TypeSwitch { init, assign, body } };
        }
        let tag = s2.map(|s| self.make_expr(s, "switch expression"));
        Stmt { span, kind: StmtKind::Switch { init, tag: tag.map(boxed), body } }
    }

    fn parse_case_clause(&mut self) -> CaseClause<'a> {
        let start = self.pos();
        let mut list = Vec::new();
        let is_default = self.tok == Tok::Default;
        self.next();
        if !is_default {
            list = self.parse_expr_list();
        }
        self.expect_tok(Tok::Colon);
        let body = self.parse_stmt_list();
        CaseClause { list, is_default, body, span: self.sp(start) }
    }

    fn parse_select_stmt(&mut self) -> Stmt<'a> {
        let start = self.expect_tok(Tok::Select);
        self.expect_tok(Tok::LBrace);
        let mut body = Vec::new();
        while self.tok == Tok::Case || self.tok == Tok::Default {
            body.push(self.parse_comm_clause());
        }
        self.expect_tok(Tok::RBrace);
        let span = self.sp(start);
        self.expect_semi();
        Stmt { span, kind: StmtKind::Select(body) }
    }

    fn parse_comm_clause(&mut self) -> CommClause<'a> {
        let start = self.pos();
        let mut comm = None;
        if self.tok == Tok::Case {
            self.next();
            let cstart = self.pos();
            let mut lhs = self.parse_expr_list();
            if self.tok == Tok::Arrow {
                if lhs.len() > 1 {
                    self.error(self.sp(cstart), "expected 1 expression");
                }
                self.next();
                let value = self.parse_rhs();
                let chan = lhs.into_iter().next().unwrap_or_else(|| self.bad(cstart));
                comm = Some(Box::new(Stmt {
                    span: self.sp(cstart),
                    kind: StmtKind::Send { chan: boxed(chan), value: boxed(value) },
                }));
            } else if self.tok == Tok::Assign || self.tok == Tok::Define {
                let op = self.tok;
                if lhs.len() > 2 {
                    self.error(self.sp(cstart), "expected 1 or 2 expressions");
                    lhs.truncate(2);
                }
                self.next();
                let rhs = vec![self.parse_rhs()];
                comm = Some(Box::new(Stmt { span: self.sp(cstart), kind: StmtKind::Assign { lhs, op, rhs } }));
            } else {
                if lhs.len() > 1 {
                    self.error(self.sp(cstart), "expected 1 expression");
                }
                let x = lhs.into_iter().next().unwrap_or_else(|| self.bad(cstart));
                comm = Some(Box::new(Stmt { span: x.span, kind: StmtKind::Expr(x) }));
            }
        } else {
            self.expect_tok(Tok::Default);
        }
        self.expect_tok(Tok::Colon);
        let body = self.parse_stmt_list();
        CommClause { comm, body, span: self.sp(start) }
    }

    fn parse_for_stmt(&mut self) -> Stmt<'a> {
        let start = self.expect_tok(Tok::For);
        let mut s1: Option<Stmt<'a>> = None;
        let mut s2: Option<Simple<'a>> = None;
        let mut s3: Option<Stmt<'a>> = None;
        let mut is_range = false;
        if self.tok != Tok::LBrace {
            let prev = self.expr_lev;
            self.expr_lev = -1;
            if self.tok != Tok::Semicolon {
                if self.tok == Tok::Range {
                    let rstart = self.pos();
                    self.next();
                    let x = self.parse_rhs();
                    s2 = Some(Simple::Range { start: rstart, key: None, value: None, op: Tok::Illegal, x });
                    is_range = true;
                } else {
                    let s = self.parse_simple_stmt(SimpleMode::RangeOk);
                    is_range = matches!(s, Simple::Range { .. });
                    s2 = Some(s);
                }
            }
            if !is_range && self.tok == Tok::Semicolon {
                self.next();
                s1 = s2.take().map(|s| self.simple_to_stmt(s));
                if self.tok != Tok::Semicolon {
                    s2 = Some(Simple::Stmt(self.parse_simple_basic()));
                }
                self.expect_semi();
                if self.tok != Tok::LBrace {
                    s3 = Some(self.parse_simple_basic());
                }
            }
            self.expr_lev = prev;
        }
        let body = self.parse_block();
        let span = self.sp(start);
        self.expect_semi();
        match s2 {
            Some(Simple::Range { key, value, op, x, .. }) => Stmt {
                span,
                kind: StmtKind::Range { key: key.map(boxed), value: value.map(boxed), op, x: boxed(x), body },
            },
            other => {
                let cond = match other {
                    Some(Simple::Stmt(s)) => Some(self.make_expr(s, "boolean or range expression")),
                    _ => None,
                };
                Stmt {
                    span,
                    kind: StmtKind::For { init: s1.map(Box::new), cond: cond.map(boxed), post: s3.map(Box::new), body },
                }
            }
        }
    }
}
