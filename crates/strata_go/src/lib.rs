//! A fast Go parser for strata: lexer, recursive-descent parser and a typed syntax tree.
//!
//! - [`parse`] turns one source file into a [`Parsed`]: the [`ast::File`] (always, even with syntax
//!   errors) and the list of [`SyntaxError`]s, each with a byte [`Span`].
//! - Every node carries a byte span; line and column are computed on demand with a [`LineIndex`].
//! - Comments are kept ([`ast::File::comments`]); [`directives`] extracts `//go:build`, `//go:embed`
//!   and `//strata:ignore CODE reason`.
//! - The grammar is Go 1.26/1.27's: generics (type parameters, constraints, instantiation, generic
//!   methods), range over integers and functions, `new(expr)`, labels, every statement and expression.
//!   Ambiguities resolve as `go/parser` resolves them.
//! - Nesting is bounded ([`MAX_NESTING`]): pathological input yields an error, never a stack overflow.
//!
//! ```
//! let src = "package p\n\nfunc f(err error) error { return fmt.Errorf(\"load: %w\", err) }\n";
//! let parsed = strata_go::parse(src);
//! assert!(parsed.errors.is_empty());
//! let names: Vec<&str> = parsed.file.funcs().map(|f| f.name.name).collect();
//! assert_eq!(names, ["f"]);
//! let Some(f) = parsed.file.funcs().next() else { return };
//! assert_eq!(f.receiver_base(), None);
//! let lines = strata_go::LineIndex::new(src);
//! assert_eq!(lines.line_col(f.span.start), (3, 1));
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod ast;
pub mod captures;
pub mod directives;
pub mod dump;
pub mod lexer;
mod lines;
pub mod loader;
mod parser;
pub mod token;
mod unquote;
pub mod visit;

pub use lines::LineIndex;
pub use parser::{MAX_ERRORS, MAX_NESTING, MAX_STACK_BYTES};
pub use token::{Span, Tok};

use std::borrow::Cow;

/// A syntax error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The offending bytes (empty at a position).
    pub span: Span,
    /// What is wrong, in `go/parser`'s words where possible.
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.span.start, self.message)
    }
}

/// The result of parsing a file: the tree and the errors found while building it. With errors, the
/// tree still holds everything that could be parsed, with [`ast::ExprKind::Bad`] /
/// [`ast::StmtKind::Bad`] / [`ast::Decl::Bad`] nodes where text was skipped.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    /// The syntax tree.
    pub file: ast::File<'a>,
    /// Syntax errors in source order (at most [`MAX_ERRORS`]).
    pub errors: Vec<SyntaxError>,
}

/// Errors of the crate's file-level entry points.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file is 4 GiB or larger (spans are 32-bit).
    #[error("{file}: file too large to parse ({len} bytes)")]
    TooLarge {
        /// The file.
        file: String,
        /// Its length.
        len: usize,
    },
}

/// Parses one Go source file.
///
/// Sources of 4 GiB or more are not supported: spans are `u32`, and offsets beyond are clamped (use
/// [`check_size`] first for untrusted input).
pub fn parse(src: &str) -> Parsed<'_> {
    let (file, errors) = parser::Parser::new(src).parse_file();
    Parsed { file, errors }
}

/// Rejects sources whose offsets do not fit a [`Span`].
pub fn check_size(file: &str, len: usize) -> Result<(), Error> {
    if u32::try_from(len).is_err() {
        return Err(Error::TooLarge { file: file.to_string(), len });
    }
    Ok(())
}

/// Makes arbitrary bytes parseable: valid UTF-8 is borrowed as is; otherwise each invalid byte is
/// replaced by `U+001A` (one byte, so every byte offset stays the same) and one error per invalid
/// sequence is returned (`go/scanner` reports "invalid UTF-8 encoding" too).
pub fn source_text(bytes: &[u8]) -> (Cow<'_, str>, Vec<SyntaxError>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Vec::new()),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len());
            let mut errors = Vec::new();
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                for _ in chunk.invalid() {
                    let at = u32::try_from(out.len()).unwrap_or(u32::MAX);
                    errors.push(SyntaxError {
                        span: Span::new(at, at.saturating_add(1)),
                        message: "invalid UTF-8 encoding".into(),
                    });
                    out.push('\u{1A}');
                }
            }
            (Cow::Owned(out), errors)
        }
    }
}
