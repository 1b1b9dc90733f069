//! Tokens of the Go language and byte spans.

use std::fmt;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text of the span in `src` (empty when out of range).
    pub fn text(self, src: &str) -> &str {
        src.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A token kind. Keywords and operators have their own kinds; literals carry their text in the source.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum Tok {
    Eof,
    /// A byte that starts no token (reported as an error).
    Illegal,
    Ident,
    Int,
    Float,
    Imag,
    Char,
    String,
    // Operators.
    Add,
    Sub,
    Mul,
    Quo,
    Rem,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    AndNot,
    AddAssign,
    SubAssign,
    MulAssign,
    QuoAssign,
    RemAssign,
    AndAssign,
    OrAssign,
    XorAssign,
    ShlAssign,
    ShrAssign,
    AndNotAssign,
    LAnd,
    LOr,
    Arrow,
    Inc,
    Dec,
    Eql,
    Lss,
    Gtr,
    Assign,
    Not,
    Neq,
    Leq,
    Geq,
    Define,
    Ellipsis,
    LParen,
    LBrack,
    LBrace,
    Comma,
    Period,
    RParen,
    RBrack,
    RBrace,
    Semicolon,
    Colon,
    Tilde,
    // Keywords.
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
}

impl Tok {
    /// Binary operator precedence (5 highest), 0 when the token is not a binary operator.
    pub fn precedence(self) -> u8 {
        match self {
            Tok::LOr => 1,
            Tok::LAnd => 2,
            Tok::Eql | Tok::Neq | Tok::Lss | Tok::Leq | Tok::Gtr | Tok::Geq => 3,
            Tok::Add | Tok::Sub | Tok::Or | Tok::Xor => 4,
            Tok::Mul | Tok::Quo | Tok::Rem | Tok::Shl | Tok::Shr | Tok::And | Tok::AndNot => 5,
            _ => 0,
        }
    }

    /// How the token is written in Go (literals and identifiers by their class).
    pub fn as_str(self) -> &'static str {
        match self {
            Tok::Eof => "EOF",
            Tok::Illegal => "ILLEGAL",
            Tok::Ident => "identifier",
            Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => "literal",
            Tok::Add => "+",
            Tok::Sub => "-",
            Tok::Mul => "*",
            Tok::Quo => "/",
            Tok::Rem => "%",
            Tok::And => "&",
            Tok::Or => "|",
            Tok::Xor => "^",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::AndNot => "&^",
            Tok::AddAssign => "+=",
            Tok::SubAssign => "-=",
            Tok::MulAssign => "*=",
            Tok::QuoAssign => "/=",
            Tok::RemAssign => "%=",
            Tok::AndAssign => "&=",
            Tok::OrAssign => "|=",
            Tok::XorAssign => "^=",
            Tok::ShlAssign => "<<=",
            Tok::ShrAssign => ">>=",
            Tok::AndNotAssign => "&^=",
            Tok::LAnd => "&&",
            Tok::LOr => "||",
            Tok::Arrow => "<-",
            Tok::Inc => "++",
            Tok::Dec => "--",
            Tok::Eql => "==",
            Tok::Lss => "<",
            Tok::Gtr => ">",
            Tok::Assign => "=",
            Tok::Not => "!",
            Tok::Neq => "!=",
            Tok::Leq => "<=",
            Tok::Geq => ">=",
            Tok::Define => ":=",
            Tok::Ellipsis => "...",
            Tok::LParen => "(",
            Tok::LBrack => "[",
            Tok::LBrace => "{",
            Tok::Comma => ",",
            Tok::Period => ".",
            Tok::RParen => ")",
            Tok::RBrack => "]",
            Tok::RBrace => "}",
            Tok::Semicolon => ";",
            Tok::Colon => ":",
            Tok::Tilde => "~",
            Tok::Break => "break",
            Tok::Case => "case",
            Tok::Chan => "chan",
            Tok::Const => "const",
            Tok::Continue => "continue",
            Tok::Default => "default",
            Tok::Defer => "defer",
            Tok::Else => "else",
            Tok::Fallthrough => "fallthrough",
            Tok::For => "for",
            Tok::Func => "func",
            Tok::Go => "go",
            Tok::Goto => "goto",
            Tok::If => "if",
            Tok::Import => "import",
            Tok::Interface => "interface",
            Tok::Map => "map",
            Tok::Package => "package",
            Tok::Range => "range",
            Tok::Return => "return",
            Tok::Select => "select",
            Tok::Struct => "struct",
            Tok::Switch => "switch",
            Tok::Type => "type",
            Tok::Var => "var",
        }
    }

    /// The keyword spelled `word`, if any.
    pub fn keyword(word: &[u8]) -> Option<Tok> {
        if word.len() < 2 || word.len() > 11 {
            return None;
        }
        Some(match word {
            b"break" => Tok::Break,
            b"case" => Tok::Case,
            b"chan" => Tok::Chan,
            b"const" => Tok::Const,
            b"continue" => Tok::Continue,
            b"default" => Tok::Default,
            b"defer" => Tok::Defer,
            b"else" => Tok::Else,
            b"fallthrough" => Tok::Fallthrough,
            b"for" => Tok::For,
            b"func" => Tok::Func,
            b"go" => Tok::Go,
            b"goto" => Tok::Goto,
            b"if" => Tok::If,
            b"import" => Tok::Import,
            b"interface" => Tok::Interface,
            b"map" => Tok::Map,
            b"package" => Tok::Package,
            b"range" => Tok::Range,
            b"return" => Tok::Return,
            b"select" => Tok::Select,
            b"struct" => Tok::Struct,
            b"switch" => Tok::Switch,
            b"type" => Tok::Type,
            b"var" => Tok::Var,
            _ => return None,
        })
    }
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
