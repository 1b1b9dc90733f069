//! The Go scanner: bytes → tokens, with automatic semicolon insertion and comments kept aside.

use crate::SyntaxError;
use crate::ast::Comment;
use crate::token::{Span, Tok};

/// One token: its kind and where it is. Literal and identifier text is `span.text(src)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Kind.
    pub tok: Tok,
    /// Bytes it covers (an inserted semicolon covers the newline, or nothing at EOF).
    pub span: Span,
    /// For [`Tok::Semicolon`]: inserted at a newline or end of file rather than written.
    pub implicit: bool,
}

/// Scanner state over one source text.
pub struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    insert_semi: bool,
    /// Comments in source order.
    pub comments: Vec<Comment<'a>>,
    /// Lexical errors in source order.
    pub errors: Vec<SyntaxError>,
}

fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn off(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`. Sources of 4 GiB and more are not supported (offsets are `u32`);
    /// callers reject them before.
    pub fn new(src: &'a str) -> Lexer<'a> {
        let mut lx =
            Lexer { src, bytes: src.as_bytes(), pos: 0, insert_semi: false, comments: Vec::new(), errors: Vec::new() };
        // A byte order mark at the start is ignored.
        if lx.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            lx.pos = 3;
        }
        lx
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError { span: Span::new(off(start), off(end)), message: message.into() });
    }

    fn tok(&mut self, tok: Tok, start: usize, len: usize) -> Token {
        self.pos = start + len;
        self.insert_semi = matches!(
            tok,
            Tok::Ident
                | Tok::Int
                | Tok::Float
                | Tok::Imag
                | Tok::Char
                | Tok::String
                | Tok::Break
                | Tok::Continue
                | Tok::Fallthrough
                | Tok::Return
                | Tok::Inc
                | Tok::Dec
                | Tok::RParen
                | Tok::RBrack
                | Tok::RBrace
        );
        Token { tok, span: Span::new(off(start), off(start + len)), implicit: false }
    }

    fn implicit_semi(&mut self, at: usize, len: usize) -> Token {
        self.insert_semi = false;
        Token { tok: Tok::Semicolon, span: Span::new(off(at), off(at + len)), implicit: true }
    }

    /// The next token; [`Tok::Eof`] forever at the end.
    pub fn next_token(&mut self) -> Token {
        loop {
            // Skip white space, inserting a semicolon at a newline when the line ended with a token that
            // may end a statement.
            while let Some(&b) = self.bytes.get(self.pos) {
                match b {
                    b' ' | b'\t' | b'\r' => self.pos += 1,
                    b'\n' => {
                        if self.insert_semi {
                            let at = self.pos;
                            self.pos += 1;
                            return self.implicit_semi(at, 1);
                        }
                        self.pos += 1;
                    }
                    _ => break,
                }
            }
            let start = self.pos;
            let Some(&b) = self.bytes.get(start) else {
                if self.insert_semi {
                    return self.implicit_semi(start, 0);
                }
                return Token { tok: Tok::Eof, span: Span::new(off(start), off(start)), implicit: false };
            };
            if b == b'/' && (self.peek(1) == b'/' || self.peek(1) == b'*') {
                let has_newline = self.comment(start);
                if self.insert_semi && has_newline {
                    // The comment ends the line: a semicolon goes where the line ends.
                    let end = self.pos;
                    return self.implicit_semi(end, 0);
                }
                continue;
            }
            return self.scan_token(start, b);
        }
    }

    /// Scans a comment starting at `start`; returns whether it ends a line (a `//` comment, or a
    /// `/* */` comment containing a newline or running to EOF).
    fn comment(&mut self, start: usize) -> bool {
        let rest = self.bytes.get(start + 2..).unwrap_or(&[]);
        if self.peek(1) == b'/' {
            let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            self.pos = start + 2 + len;
            self.push_comment(start, self.pos);
            true
        } else {
            match memchr::memmem::find(rest, b"*/") {
                Some(i) => {
                    self.pos = start + 2 + i + 2;
                    self.push_comment(start, self.pos);
                    memchr::memchr(b'\n', rest.get(..i).unwrap_or(&[])).is_some()
                }
                None => {
                    self.pos = self.bytes.len();
                    self.error(start, start + 2, "comment not terminated");
                    self.push_comment(start, self.pos);
                    true
                }
            }
        }
    }

    fn push_comment(&mut self, start: usize, end: usize) {
        let mut e = end;
        // A `//` comment's text excludes a trailing carriage return.
        if self.bytes.get(start + 1) == Some(&b'/') && end > start + 2 && self.bytes.get(end - 1) == Some(&b'\r') {
            e = end - 1;
        }
        let span = Span::new(off(start), off(e));
        self.comments.push(Comment { span, text: span.text(self.src) });
    }

    fn scan_token(&mut self, start: usize, b: u8) -> Token {
        if is_letter(b) || b >= 0x80 {
            return self.ident(start);
        }
        if b.is_ascii_digit() || (b == b'.' && self.peek(1).is_ascii_digit()) {
            return self.number(start);
        }
        let p1 = self.peek(1);
        let p2 = self.peek(2);
        let (tok, len) = match b {
            b'"' => return self.string(start),
            b'`' => return self.raw_string(start),
            b'\'' => return self.char_lit(start),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'[' => (Tok::LBrack, 1),
            b']' => (Tok::RBrack, 1),
            b'{' => (Tok::LBrace, 1),
            b'}' => (Tok::RBrace, 1),
            b',' => (Tok::Comma, 1),
            b';' => (Tok::Semicolon, 1),
            b'~' => (Tok::Tilde, 1),
            b'.' if p1 == b'.' && p2 == b'.' => (Tok::Ellipsis, 3),
            b'.' => (Tok::Period, 1),
            b':' if p1 == b'=' => (Tok::Define, 2),
            b':' => (Tok::Colon, 1),
            b'+' => match p1 {
                b'+' => (Tok::Inc, 2),
                b'=' => (Tok::AddAssign, 2),
                _ => (Tok::Add, 1),
            },
            b'-' => match p1 {
                b'-' => (Tok::Dec, 2),
                b'=' => (Tok::SubAssign, 2),
                _ => (Tok::Sub, 1),
            },
            b'*' if p1 == b'=' => (Tok::MulAssign, 2),
            b'*' => (Tok::Mul, 1),
            b'/' if p1 == b'=' => (Tok::QuoAssign, 2),
            b'/' => (Tok::Quo, 1),
            b'%' if p1 == b'=' => (Tok::RemAssign, 2),
            b'%' => (Tok::Rem, 1),
            b'^' if p1 == b'=' => (Tok::XorAssign, 2),
            b'^' => (Tok::Xor, 1),
            b'<' => match (p1, p2) {
                (b'-', _) => (Tok::Arrow, 2),
                (b'<', b'=') => (Tok::ShlAssign, 3),
                (b'<', _) => (Tok::Shl, 2),
                (b'=', _) => (Tok::Leq, 2),
                _ => (Tok::Lss, 1),
            },
            b'>' => match (p1, p2) {
                (b'>', b'=') => (Tok::ShrAssign, 3),
                (b'>', _) => (Tok::Shr, 2),
                (b'=', _) => (Tok::Geq, 2),
                _ => (Tok::Gtr, 1),
            },
            b'=' if p1 == b'=' => (Tok::Eql, 2),
            b'=' => (Tok::Assign, 1),
            b'!' if p1 == b'=' => (Tok::Neq, 2),
            b'!' => (Tok::Not, 1),
            b'&' => match (p1, p2) {
                (b'^', b'=') => (Tok::AndNotAssign, 3),
                (b'^', _) => (Tok::AndNot, 2),
                (b'=', _) => (Tok::AndAssign, 2),
                (b'&', _) => (Tok::LAnd, 2),
                _ => (Tok::And, 1),
            },
            b'|' => match p1 {
                b'|' => (Tok::LOr, 2),
                b'=' => (Tok::OrAssign, 2),
                _ => (Tok::Or, 1),
            },
            _ => {
                let msg = if b == 0 {
                    "illegal character NUL".to_string()
                } else {
                    format!("invalid character {:?} in source", char::from(b))
                };
                self.error(start, start + 1, msg);
                // Keep the previous semicolon state: an illegal byte neither ends nor continues a line.
                let insert = self.insert_semi;
                let t = self.tok(Tok::Illegal, start, 1);
                self.insert_semi = insert;
                return t;
            }
        };
        self.tok(tok, start, len)
    }

    fn ident(&mut self, start: usize) -> Token {
        let mut i = start;
        let mut ascii = true;
        while let Some(&c) = self.bytes.get(i) {
            if c.is_ascii_alphanumeric() || c == b'_' {
                i += 1;
            } else if c >= 0x80 {
                ascii = false;
                let Some(ch) = self.src.get(i..).and_then(|s| s.chars().next()) else { break };
                if ch.is_alphabetic() || ch.is_numeric() {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if i == start {
            // A non-letter non-ASCII character.
            let len = self.src.get(start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
            let ch = self.src.get(start..start + len).unwrap_or("?");
            let msg = if ch == "\u{FEFF}" {
                "invalid BOM in the middle of the file".to_string()
            } else {
                format!("invalid character {ch:?} in identifier")
            };
            self.error(start, start + len, msg);
            let insert = self.insert_semi;
            let t = self.tok(Tok::Illegal, start, len);
            self.insert_semi = insert;
            return t;
        }
        let word = self.bytes.get(start..i).unwrap_or(&[]);
        let tok = if ascii { Tok::keyword(word).unwrap_or(Tok::Ident) } else { Tok::Ident };
        self.tok(tok, start, i - start)
    }

    fn number(&mut self, start: usize) -> Token {
        let mut i = start;
        let mut base = 10u32;
        let mut prefix = false;
        let first = self.peek(0);
        if first == b'0' {
            match self.bytes.get(start + 1).map(u8::to_ascii_lowercase) {
                Some(b'x') => base = 16,
                Some(b'o') => base = 8,
                Some(b'b') => base = 2,
                _ => {}
            }
            if base != 10 {
                prefix = true;
                i += 2;
            }
        }
        let mut is_float = false;
        let mut digits = 0usize;
        let mut bad_digit: Option<usize> = None;
        let mut seen_dot = false;
        let mut seen_exp = false;
        while let Some(&c) = self.bytes.get(i) {
            let lc = c.to_ascii_lowercase();
            if c == b'_' {
                i += 1;
            } else if c == b'.' && !seen_dot && !seen_exp {
                seen_dot = true;
                is_float = true;
                i += 1;
            } else if (lc == b'e' && base == 10) || (lc == b'p' && base == 16) {
                if seen_exp {
                    break;
                }
                seen_exp = true;
                is_float = true;
                i += 1;
                if matches!(self.bytes.get(i), Some(b'+' | b'-')) {
                    i += 1;
                }
                let exp_start = i;
                while let Some(&d) = self.bytes.get(i) {
                    if d.is_ascii_digit() || d == b'_' {
                        i += 1;
                    } else {
                        break;
                    }
                }
                if i == exp_start {
                    self.error(start, i, "exponent has no digits");
                }
                break;
            } else if c.is_ascii_hexdigit() && (base == 16 || c.is_ascii_digit()) {
                if c.to_digit_value() >= base && bad_digit.is_none() && !(base == 10 && first == b'0') {
                    bad_digit = Some(i);
                }
                digits += 1;
                i += 1;
            } else {
                break;
            }
        }
        let imag = self.bytes.get(i) == Some(&b'i');
        if imag {
            i += 1;
        }
        // Legacy octal: 0 followed by digits only, no dot/exponent/i.
        if base == 10
            && first == b'0'
            && !is_float
            && !imag
            && let Some(bad) = self.bytes.get(start..i).and_then(|s| s.iter().position(|&d| d == b'8' || d == b'9'))
        {
            self.error(start + bad, start + bad + 1, "invalid digit in octal literal");
        }
        if let Some(bad) = bad_digit {
            let name = match base {
                2 => "binary",
                8 => "octal",
                _ => "hexadecimal",
            };
            self.error(bad, bad + 1, format!("invalid digit in {name} literal"));
        }
        if prefix && digits == 0 {
            self.error(start, i, "number literal has no digits");
        }
        if base == 16 && seen_dot && !seen_exp {
            self.error(start, i, "hexadecimal mantissa requires a 'p' exponent");
        }
        if is_float && (base == 2 || base == 8) {
            self.error(start, i, "invalid radix point in number literal");
        }
        let tok = if imag {
            Tok::Imag
        } else if is_float {
            Tok::Float
        } else {
            Tok::Int
        };
        self.tok(tok, start, i - start)
    }

    fn escape(&mut self, quote: u8) -> bool {
        // At the byte after a backslash.
        let start = self.pos - 1;
        let c = self.peek(0);
        let (n, base) = match c {
            b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => {
                self.pos += 1;
                return true;
            }
            _ if c == quote => {
                self.pos += 1;
                return true;
            }
            b'0'..=b'7' => (3, 8),
            b'x' => (2, 16),
            b'u' => (4, 16),
            b'U' => (8, 16),
            _ => {
                let end = if c == 0 { self.pos } else { self.pos + 1 };
                self.error(start, end, "unknown escape sequence");
                return false;
            }
        };
        if base == 16 {
            self.pos += 1;
        }
        for _ in 0..n {
            let d = self.peek(0);
            if d.is_ascii_hexdigit() && d.to_digit_value() < base {
                self.pos += 1;
            } else {
                self.error(start, self.pos, "illegal character in escape sequence");
                return false;
            }
        }
        true
    }

    fn string(&mut self, start: usize) -> Token {
        self.pos = start + 1;
        loop {
            let Some(&c) = self.bytes.get(self.pos) else {
                self.error(start, self.pos, "string literal not terminated");
                break;
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\n' => {
                    self.error(start, self.pos, "string literal not terminated");
                    break;
                }
                b'\\' => {
                    self.pos += 1;
                    let _ = self.escape(b'"');
                }
                _ => self.pos += 1,
            }
        }
        let len = self.pos - start;
        self.tok(Tok::String, start, len)
    }

    fn raw_string(&mut self, start: usize) -> Token {
        let rest = self.bytes.get(start + 1..).unwrap_or(&[]);
        match memchr::memchr(b'`', rest) {
            Some(i) => self.tok(Tok::String, start, i + 2),
            None => {
                self.error(start, self.bytes.len(), "raw string literal not terminated");
                self.tok(Tok::String, start, self.bytes.len() - start)
            }
        }
    }

    fn char_lit(&mut self, start: usize) -> Token {
        self.pos = start + 1;
        let mut n = 0;
        let mut valid = true;
        loop {
            let Some(&c) = self.bytes.get(self.pos) else {
                self.error(start, self.pos, "rune literal not terminated");
                break;
            };
            match c {
                b'\'' => {
                    self.pos += 1;
                    if n != 1 && valid {
                        self.error(start, self.pos, "illegal rune literal");
                    }
                    break;
                }
                b'\n' => {
                    self.error(start, self.pos, "rune literal not terminated");
                    break;
                }
                b'\\' => {
                    self.pos += 1;
                    valid &= self.escape(b'\'');
                    n += 1;
                }
                _ => {
                    let len = self.src.get(self.pos..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
                    self.pos += len;
                    n += 1;
                }
            }
        }
        let len = self.pos - start;
        self.tok(Tok::Char, start, len)
    }
}

trait DigitValue {
    fn to_digit_value(self) -> u32;
}

impl DigitValue for u8 {
    fn to_digit_value(self) -> u32 {
        char::from(self).to_digit(16).unwrap_or(99)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<(Tok, &str)> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            if t.tok == Tok::Eof {
                break;
            }
            out.push((t.tok, if t.implicit { "\\n" } else { t.span.text(src) }));
        }
        assert!(lx.errors.is_empty(), "{:?}", lx.errors);
        out
    }

    #[test]
    fn semicolons_are_inserted_after_line_ending_tokens() {
        let got = toks("x := a[1]\nreturn\n}\ny++ // c\nf(\n)");
        let kinds: Vec<Tok> = got.iter().map(|t| t.0).collect();
        use Tok::*;
        assert_eq!(
            kinds,
            vec![
                Ident, Define, Ident, LBrack, Int, RBrack, Semicolon, Return, Semicolon, RBrace, Semicolon, Ident, Inc,
                Semicolon, Ident, LParen, RParen, Semicolon
            ]
        );
    }

    #[test]
    fn numbers_strings_and_comments() {
        let got = toks("0x1p-2 1e+5 .5 0o17 0b1_0 1_000i 'a' '\\x00' \"a\\\"b\" `raw\nx` /* c\n */");
        use Tok::*;
        let kinds: Vec<Tok> = got.iter().map(|t| t.0).collect();
        assert_eq!(kinds, vec![Float, Float, Float, Int, Int, Imag, Char, Char, String, String, Semicolon]);
    }

    #[test]
    fn errors_have_ranges() {
        let mut lx = Lexer::new("\"abc\n 0x 09 '\\q' /* x");
        while lx.next_token().tok != Tok::Eof {}
        let msgs: Vec<&str> = lx.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "string literal not terminated",
                "number literal has no digits",
                "invalid digit in octal literal",
                "unknown escape sequence",
                "comment not terminated"
            ]
        );
        assert_eq!(lx.errors[0].span, Span::new(0, 4));
    }
}
