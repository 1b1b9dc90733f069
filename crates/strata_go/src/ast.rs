//! The typed Go syntax tree.
//!
//! Nodes borrow names and literal text from the source (`'a`) and carry a byte [`Span`]. Type
//! expressions are [`Expr`]s too (as in `go/ast`): in Go an operand may be a type (`[]int{1}`,
//! `make(map[K]V)`), and the parser only knows which from context.

use crate::token::{Span, Tok};

/// An identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ident<'a> {
    /// Its name (`_` for a placeholder the parser made up while recovering from an error).
    pub name: &'a str,
    /// Where it is.
    pub span: Span,
}

/// A comment, `//…` or `/*…*/`, text included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment<'a> {
    /// Where it is.
    pub span: Span,
    /// The whole comment including `//` or `/* */` (without a trailing `\r`).
    pub text: &'a str,
}

/// A parsed source file.
#[derive(Clone, Debug, PartialEq)]
pub struct File<'a> {
    /// The package name.
    pub package: Ident<'a>,
    /// Span of the `package` keyword.
    pub package_keyword: Span,
    /// Top-level declarations in order (imports are [`Decl::Gen`] with [`DeclKeyword::Import`]).
    pub decls: Vec<Decl<'a>>,
    /// All comments in source order.
    pub comments: Vec<Comment<'a>>,
    /// The whole file.
    pub span: Span,
}

/// A top-level or statement-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl<'a> {
    /// `import`, `const`, `type` or `var`.
    Gen(GenDecl<'a>),
    /// A function or method.
    Func(FuncDecl<'a>),
    /// Unparseable text.
    Bad(Span),
}

impl Decl<'_> {
    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            Decl::Gen(g) => g.span,
            Decl::Func(f) => f.span,
            Decl::Bad(s) => *s,
        }
    }
}

/// Keyword of a [`GenDecl`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum DeclKeyword {
    Import,
    Const,
    Type,
    Var,
}

/// `import`/`const`/`type`/`var`, one spec or a parenthesised group.
#[derive(Clone, Debug, PartialEq)]
pub struct GenDecl<'a> {
    /// The keyword.
    pub keyword: DeclKeyword,
    /// Whether the specs are in `( … )`.
    pub grouped: bool,
    /// The specs.
    pub specs: Vec<Spec<'a>>,
    /// The whole declaration.
    pub span: Span,
}

/// One spec of a [`GenDecl`].
#[derive(Clone, Debug, PartialEq)]
pub enum Spec<'a> {
    /// `[name] "path"`.
    Import(ImportSpec<'a>),
    /// `names [type] [= values]` (const and var).
    Value(ValueSpec<'a>),
    /// `name [type params] [=] type`.
    Type(TypeSpec<'a>),
}

/// An import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSpec<'a> {
    /// Local name (`.`, `_` or an identifier), if given.
    pub name: Option<Ident<'a>>,
    /// The path literal, quotes included (see [`BasicLit::string_value`]).
    pub path: BasicLit<'a>,
    /// The whole spec.
    pub span: Span,
}

/// A const or var spec.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueSpec<'a> {
    /// Declared names.
    pub names: Vec<Ident<'a>>,
    /// Declared type, if any.
    pub ty: Option<Expr<'a>>,
    /// Initial values.
    pub values: Vec<Expr<'a>>,
    /// The whole spec.
    pub span: Span,
}

/// A type declaration or alias.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeSpec<'a> {
    /// The declared name.
    pub name: Ident<'a>,
    /// Type parameters `[P any, …]`.
    pub type_params: Option<FieldList<'a>>,
    /// `type A = B` (an alias).
    pub alias: bool,
    /// The type.
    pub ty: Expr<'a>,
    /// The whole spec.
    pub span: Span,
}

/// A function or method declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncDecl<'a> {
    /// The receiver list of a method.
    pub recv: Option<FieldList<'a>>,
    /// The name.
    pub name: Ident<'a>,
    /// Signature (type parameters included).
    pub ty: FuncType<'a>,
    /// The body (absent for assembly-implemented functions).
    pub body: Option<Block<'a>>,
    /// The whole declaration.
    pub span: Span,
}

impl<'a> FuncDecl<'a> {
    /// For a method, the receiver's base type name and whether the receiver is a pointer
    /// (`func (s *Server[T]) M()` → `("Server", true)`).
    pub fn receiver_base(&self) -> Option<(&'a str, bool)> {
        let field = self.recv.as_ref()?.fields.first()?;
        let mut ty = field.ty.unparen();
        let mut pointer = false;
        if let ExprKind::Star(inner) = &ty.kind {
            pointer = true;
            ty = inner.unparen();
        }
        if let ExprKind::Index { x, .. } = &ty.kind {
            ty = x;
        }
        ty.as_ident().map(|id| (id.name, pointer))
    }
}

/// A list of parameters, results, receivers, type parameters or struct fields.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FieldList<'a> {
    /// The fields; a field may declare several names of one type.
    pub fields: Vec<Field<'a>>,
    /// From the opening to the closing bracket (or the one unparenthesised result type).
    pub span: Span,
}

impl<'a> FieldList<'a> {
    /// Number of declared entries (names, or one per unnamed field).
    pub fn len(&self) -> usize {
        self.fields.iter().map(|f| f.names.len().max(1)).sum()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// One field: `names type [tag]`, or an embedded/unnamed `type`. In an interface, a method is a field
/// with one name and a [`ExprKind::FuncType`] type; an embedded element has no name.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<'a> {
    /// Names (empty for embedded fields and unnamed parameters).
    pub names: Vec<Ident<'a>>,
    /// Type (for a variadic parameter an [`ExprKind::Ellipsis`]).
    pub ty: Expr<'a>,
    /// Struct tag.
    pub tag: Option<BasicLit<'a>>,
    /// The whole field.
    pub span: Span,
}

/// A function signature.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncType<'a> {
    /// Type parameters.
    pub type_params: Option<FieldList<'a>>,
    /// Parameters.
    pub params: FieldList<'a>,
    /// Results.
    pub results: Option<FieldList<'a>>,
    /// From `func` (or the name in an interface or declaration) to the end of the results.
    pub span: Span,
}

/// Kind of a basic literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

/// A literal: its kind and its source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicLit<'a> {
    /// Kind.
    pub kind: LitKind,
    /// Source text, quotes included.
    pub value: &'a str,
    /// Where it is.
    pub span: Span,
}

impl BasicLit<'_> {
    /// The value of a string literal with its escapes decoded, `None` if it is not a string literal or
    /// is malformed. Raw strings drop carriage returns as Go does.
    pub fn string_value(&self) -> Option<String> {
        if self.kind != LitKind::String {
            return None;
        }
        crate::unquote::unquote(self.value)
    }
}

/// An expression (or type).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr<'a> {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: ExprKind<'a>,
}

/// Unary operators (`*x` is [`ExprKind::Star`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum UnaryOp {
    /// `+x`
    Pos,
    /// `-x`
    Neg,
    /// `!x`
    Not,
    /// `^x`
    BitNot,
    /// `&x`
    Addr,
    /// `<-x`
    Recv,
    /// `~T` in constraints
    Tilde,
}

/// Direction of a channel type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanDir {
    /// `chan T`
    Both,
    /// `chan<- T`
    Send,
    /// `<-chan T`
    Recv,
}

/// Forms of expression.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ExprKind<'a> {
    /// Unparseable text.
    Bad,
    /// A name.
    Ident(Ident<'a>),
    /// A literal.
    BasicLit(BasicLit<'a>),
    /// `T{…}` or an elided-type `{…}` inside another composite literal.
    CompositeLit {
        /// The type, absent when elided.
        ty: Option<Box<Expr<'a>>>,
        /// Elements ([`ExprKind::KeyValue`] for keyed ones).
        elts: Vec<Expr<'a>>,
    },
    /// `func(…) … { … }`.
    FuncLit {
        /// Signature.
        ty: Box<FuncType<'a>>,
        /// Body.
        body: Box<Block<'a>>,
    },
    /// `(x)`.
    Paren(Box<Expr<'a>>),
    /// `x.sel` (also qualified identifiers `pkg.Name`).
    Selector {
        /// Operand.
        x: Box<Expr<'a>>,
        /// Selected name.
        sel: Ident<'a>,
    },
    /// `x[i]`, or a generic instantiation `F[int, string]` (several indices).
    Index {
        /// Operand.
        x: Box<Expr<'a>>,
        /// One index or several type arguments.
        indices: Vec<Expr<'a>>,
    },
    /// `x[lo:hi]` / `x[lo:hi:max]`.
    Slice {
        /// Operand.
        x: Box<Expr<'a>>,
        /// Low bound.
        lo: Option<Box<Expr<'a>>>,
        /// High bound.
        hi: Option<Box<Expr<'a>>>,
        /// Capacity bound (3-index form).
        max: Option<Box<Expr<'a>>>,
        /// Whether it is the 3-index form.
        slice3: bool,
    },
    /// `x.(T)`, or `x.(type)` in a type switch (`ty` is `None`).
    TypeAssert {
        /// Operand.
        x: Box<Expr<'a>>,
        /// Asserted type.
        ty: Option<Box<Expr<'a>>>,
    },
    /// `f(args…)` — calls and conversions.
    Call(Box<CallExpr<'a>>),
    /// `*x`: dereference or pointer type.
    Star(Box<Expr<'a>>),
    /// A unary operation.
    Unary {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        x: Box<Expr<'a>>,
    },
    /// A binary operation (`|` also joins constraint terms).
    Binary {
        /// Operator token ([`Tok::Add`], [`Tok::LAnd`], …).
        op: Tok,
        /// Left operand.
        x: Box<Expr<'a>>,
        /// Right operand.
        y: Box<Expr<'a>>,
    },
    /// `key: value` in a composite literal.
    KeyValue {
        /// Key.
        key: Box<Expr<'a>>,
        /// Value.
        value: Box<Expr<'a>>,
    },
    /// `...T` (variadic parameter) or `...` as an array length (`elt` absent).
    Ellipsis(Option<Box<Expr<'a>>>),
    /// `[N]T`, `[...]T` or `[]T` (`len` absent).
    ArrayType {
        /// Length.
        len: Option<Box<Expr<'a>>>,
        /// Element type.
        elt: Box<Expr<'a>>,
    },
    /// `struct { … }`.
    StructType(FieldList<'a>),
    /// `func(…) …`.
    FuncType(Box<FuncType<'a>>),
    /// `interface { … }`: methods (a name and a [`ExprKind::FuncType`]) and embedded elements.
    InterfaceType(FieldList<'a>),
    /// `map[K]V`.
    MapType {
        /// Key type.
        key: Box<Expr<'a>>,
        /// Value type.
        value: Box<Expr<'a>>,
    },
    /// `chan T`, `chan<- T`, `<-chan T`.
    ChanType {
        /// Direction.
        dir: ChanDir,
        /// Element type.
        value: Box<Expr<'a>>,
    },
}

/// A call or conversion.
#[derive(Clone, Debug, PartialEq)]
pub struct CallExpr<'a> {
    /// The function (or type of a conversion).
    pub fun: Expr<'a>,
    /// Arguments.
    pub args: Vec<Expr<'a>>,
    /// Position of a trailing `...` (`f(xs...)`).
    pub ellipsis: Option<u32>,
    /// The whole call.
    pub span: Span,
}

impl<'a> Expr<'a> {
    /// Made by the parser.
    pub(crate) fn new(span: Span, kind: ExprKind<'a>) -> Expr<'a> {
        Expr { span, kind }
    }

    /// The identifier, if the expression is one.
    pub fn as_ident(&self) -> Option<&Ident<'a>> {
        match &self.kind {
            ExprKind::Ident(id) => Some(id),
            _ => None,
        }
    }

    /// The call, if the expression is one.
    pub fn as_call(&self) -> Option<&CallExpr<'a>> {
        match &self.kind {
            ExprKind::Call(c) => Some(c),
            _ => None,
        }
    }

    /// The expression without enclosing parentheses.
    pub fn unparen(&self) -> &Expr<'a> {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }

    /// For a selector chain of identifiers (`a`, `a.b`, `pkg.T.f`), the names from left to right; `None`
    /// for anything else.
    pub fn selector_path(&self) -> Option<Vec<&'a str>> {
        match &self.kind {
            ExprKind::Ident(id) => Some(vec![id.name]),
            ExprKind::Selector { x, sel } => {
                let mut p = x.selector_path()?;
                p.push(sel.name);
                Some(p)
            }
            _ => None,
        }
    }
}

/// A `{ … }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Block<'a> {
    /// Statements.
    pub stmts: Vec<Stmt<'a>>,
    /// From `{` to `}`.
    pub span: Span,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt<'a> {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: StmtKind<'a>,
}

/// Kind of a `break`/`continue`/`goto`/`fallthrough`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum BranchKind {
    Break,
    Continue,
    Goto,
    Fallthrough,
}

/// Forms of statement. Large operands are boxed so that a statement stays small (72 bytes): blocks
/// hold their statements inline.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StmtKind<'a> {
    /// Unparseable text.
    Bad,
    /// `const`, `type` or `var` inside a function.
    Decl(GenDecl<'a>),
    /// An explicit `;` (or the implicit one before `}` after a label).
    Empty,
    /// `label: stmt`.
    Labeled {
        /// The label.
        label: Ident<'a>,
        /// The labelled statement.
        stmt: Box<Stmt<'a>>,
    },
    /// An expression used as a statement (calls, receives).
    Expr(Expr<'a>),
    /// `ch <- v`.
    Send {
        /// Channel.
        chan: Box<Expr<'a>>,
        /// Value.
        value: Box<Expr<'a>>,
    },
    /// `x++` / `x--`.
    IncDec {
        /// Operand.
        x: Expr<'a>,
        /// `++` (true) or `--`.
        inc: bool,
    },
    /// `lhs op rhs` for `=`, `:=`, `+=`, ….
    Assign {
        /// Left side.
        lhs: Vec<Expr<'a>>,
        /// The operator ([`Tok::Assign`], [`Tok::Define`], [`Tok::AddAssign`], …).
        op: Tok,
        /// Right side.
        rhs: Vec<Expr<'a>>,
    },
    /// `go call` — `call` is a [`ExprKind::Call`] unless the source was wrong ([`ExprKind::Bad`]).
    Go(Expr<'a>),
    /// `defer call`.
    Defer(Expr<'a>),
    /// `return results`.
    Return(Vec<Expr<'a>>),
    /// `break`, `continue`, `goto`, `fallthrough` with an optional label.
    Branch {
        /// Which.
        kind: BranchKind,
        /// Label.
        label: Option<Ident<'a>>,
    },
    /// A nested block.
    Block(Block<'a>),
    /// `if init; cond { … } else …`.
    If {
        /// Init statement.
        init: Option<Box<Stmt<'a>>>,
        /// Condition.
        cond: Box<Expr<'a>>,
        /// Then block.
        then: Block<'a>,
        /// `else` branch: an `If` or a `Block` statement.
        els: Option<Box<Stmt<'a>>>,
    },
    /// `switch init; tag { cases }`.
    Switch {
        /// Init statement.
        init: Option<Box<Stmt<'a>>>,
        /// Tag expression.
        tag: Option<Box<Expr<'a>>>,
        /// Clauses.
        body: Vec<CaseClause<'a>>,
    },
    /// `switch init; [v :=] x.(type) { cases }`.
    TypeSwitch {
        /// Init statement.
        init: Option<Box<Stmt<'a>>>,
        /// `x.(type)` or `v := x.(type)` as an [`StmtKind::Expr`] or [`StmtKind::Assign`].
        assign: Box<Stmt<'a>>,
        /// Clauses (their lists hold types).
        body: Vec<CaseClause<'a>>,
    },
    /// `select { cases }`.
    Select(Vec<CommClause<'a>>),
    /// `for init; cond; post { … }` (all optional).
    For {
        /// Init statement.
        init: Option<Box<Stmt<'a>>>,
        /// Condition.
        cond: Option<Box<Expr<'a>>>,
        /// Post statement.
        post: Option<Box<Stmt<'a>>>,
        /// Body.
        body: Block<'a>,
    },
    /// `for key, value := range x { … }` (also range over integers and functions).
    Range {
        /// Key (absent in `for range x`).
        key: Option<Box<Expr<'a>>>,
        /// Value.
        value: Option<Box<Expr<'a>>>,
        /// The assignment operator: [`Tok::Define`], [`Tok::Assign`], or [`Tok::Illegal`] when there is
        /// no key.
        op: Tok,
        /// What is ranged over.
        x: Box<Expr<'a>>,
        /// Body.
        body: Block<'a>,
    },
}

/// `case list:` or `default:` with its statements.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseClause<'a> {
    /// Expressions (or types); empty for `default`.
    pub list: Vec<Expr<'a>>,
    /// Whether it is `default`.
    pub is_default: bool,
    /// Statements.
    pub body: Vec<Stmt<'a>>,
    /// The whole clause.
    pub span: Span,
}

/// A `select` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct CommClause<'a> {
    /// The send or receive statement; `None` for `default`.
    pub comm: Option<Box<Stmt<'a>>>,
    /// Statements.
    pub body: Vec<Stmt<'a>>,
    /// The whole clause.
    pub span: Span,
}

impl<'a> File<'a> {
    /// The imports of the file, in order.
    pub fn imports(&self) -> impl Iterator<Item = &ImportSpec<'a>> {
        self.decls
            .iter()
            .flat_map(|d| match d {
                Decl::Gen(g) if g.keyword == DeclKeyword::Import => g.specs.as_slice(),
                _ => &[],
            })
            .filter_map(|s| match s {
                Spec::Import(i) => Some(i),
                _ => None,
            })
    }

    /// Function and method declarations.
    pub fn funcs(&self) -> impl Iterator<Item = &FuncDecl<'a>> {
        self.decls.iter().filter_map(|d| match d {
            Decl::Func(f) => Some(f),
            _ => None,
        })
    }
}
