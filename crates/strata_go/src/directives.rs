//! Directives in comments: `//go:build`, `//go:embed`, `//strata:ignore CODE reason`, and any other
//! `//ns:name args` line comment (`//go:noinline`, `//go:linkname …`).

use crate::ast::Comment;
use crate::token::Span;

/// A `//ns:name args` comment (no space after `//`, as Go requires for directives).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directive<'a> {
    /// `go`, `strata`, …
    pub namespace: &'a str,
    /// `build`, `embed`, `ignore`, …
    pub name: &'a str,
    /// The rest of the line, trimmed.
    pub args: &'a str,
    /// The comment.
    pub span: Span,
}

/// The directive in a comment, if it is one.
pub fn directive<'a>(c: &Comment<'a>) -> Option<Directive<'a>> {
    let body = c.text.strip_prefix("//")?;
    let colon = body.find(':')?;
    let namespace = body.get(..colon)?;
    if namespace.is_empty() || !namespace.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return None;
    }
    let rest = body.get(colon + 1..)?;
    let name_len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let name = rest.get(..name_len)?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let args = rest.get(name_len..)?.trim();
    Some(Directive { namespace, name, args, span: c.span })
}

/// All directives among `comments`, in order.
pub fn directives<'a, 'c>(comments: &'c [Comment<'a>]) -> impl Iterator<Item = Directive<'a>> + 'c {
    comments.iter().filter_map(directive)
}

/// A `//strata:ignore CODE reason` suppression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ignore<'a> {
    /// The code or prefix (`ERR001`, `LAY`).
    pub code: &'a str,
    /// The reason given (may be empty; rules may require one).
    pub reason: &'a str,
    /// The comment.
    pub span: Span,
}

impl<'a> Directive<'a> {
    /// As a `//strata:ignore CODE reason`.
    pub fn as_ignore(&self) -> Option<Ignore<'a>> {
        if self.namespace != "strata" || self.name != "ignore" {
            return None;
        }
        let (code, reason) = self.args.split_once(char::is_whitespace).unwrap_or((self.args, ""));
        if code.is_empty() {
            return None;
        }
        Some(Ignore { code, reason: reason.trim(), span: self.span })
    }

    /// The patterns of a `//go:embed` (quoted patterns are unquoted).
    pub fn embed_patterns(&self) -> Option<Vec<String>> {
        if self.namespace != "go" || self.name != "embed" {
            return None;
        }
        let mut out = Vec::new();
        let mut rest = self.args;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if rest.starts_with('"') || rest.starts_with('`') {
                let q = rest.chars().next().unwrap_or('"');
                let end = rest.get(1..).and_then(|r| r.find(q)).map(|i| i + 2)?;
                out.push(crate::unquote::unquote(rest.get(..end)?)?);
                rest = rest.get(end..)?;
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(rest.get(..end)?.to_string());
                rest = rest.get(end..)?;
            }
        }
        Some(out)
    }
}

/// The `//go:build` directive of a file: the first one before the package clause (evaluate its
/// `args` with `strata_layers::build::BuildContext::eval_go_build`).
pub fn build_constraint<'a>(comments: &[Comment<'a>], package_start: u32) -> Option<Directive<'a>> {
    comments
        .iter()
        .take_while(|c| c.span.start < package_start)
        .filter_map(directive)
        .find(|d| d.namespace == "go" && d.name == "build")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> Comment<'_> {
        Comment { span: Span::new(0, text.len() as u32), text }
    }

    #[test]
    fn recognises_directives() {
        let d = directive(&comment("//strata:ignore ERR001 wrapped once upstream")).unwrap();
        let ig = d.as_ignore().unwrap();
        assert_eq!((ig.code, ig.reason), ("ERR001", "wrapped once upstream"));
        let e = directive(&comment("//go:embed static/* \"a b.txt\"")).unwrap();
        assert_eq!(e.embed_patterns().unwrap(), vec!["static/*".to_string(), "a b.txt".to_string()]);
        assert!(directive(&comment("// go:build linux")).is_none());
        assert!(directive(&comment("// see http://x")).is_none());
    }
}
