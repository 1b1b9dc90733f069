//! Inline suppression: `//strata:ignore CODE[,CODE…] reason` on the line of a finding, or alone on
//! the line above it. Codes may be prefixes (`LAY`) or `ALL`. Works in .go files and in go.mod /
//! go.work (both use `//` comments). The line text is rescanned, so no parser has to keep comments.

use crate::diagnostic::Diagnostic;
use crate::source::SourceCache;

const MARKER: &[u8] = b"//strata:ignore";

/// The codes named by a `//strata:ignore` comment in this line, if it has one outside a string.
fn codes_in_line(line: &[u8]) -> Option<Vec<String>> {
    let mut in_str: Option<u8> = None;
    let mut i = 0;
    while let Some(&b) = line.get(i) {
        match in_str {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    in_str = None;
                }
            }
            None => {
                if b == b'"' || b == b'`' || b == b'\'' {
                    in_str = Some(b);
                } else if line.get(i..).is_some_and(|r| r.starts_with(MARKER)) {
                    let rest = line.get(i + MARKER.len()..).unwrap_or(b"");
                    if !rest.first().is_none_or(|c| c.is_ascii_whitespace()) {
                        return None;
                    }
                    let rest = String::from_utf8_lossy(rest);
                    let first = rest.split_whitespace().next().unwrap_or("");
                    return Some(first.split(',').filter(|c| !c.is_empty()).map(|c| c.to_ascii_uppercase()).collect());
                } else if line.get(i..).is_some_and(|r| r.starts_with(b"//")) {
                    // another comment: a marker later on is part of its text, e.g. `// see //strata:ignore`
                    return None;
                }
            }
        }
        i += 1;
    }
    None
}

fn line_only_comment(line: &[u8]) -> bool {
    line.iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|i| line.get(i..).is_some_and(|r| r.starts_with(MARKER)))
}

/// True when a `//strata:ignore` comment covers this diagnostic.
pub fn is_suppressed(d: &Diagnostic, sources: &SourceCache) -> bool {
    let f = sources.get(&d.file);
    let (line, _) = f.position(d.range.start);
    let covers = |codes: Vec<String>| codes.iter().any(|c| c == "ALL" || d.code.starts_with(c.as_str()));
    if let Some(codes) = codes_in_line(f.line(line)) {
        return covers(codes);
    }
    if line > 1 {
        let above = f.line(line - 1);
        if line_only_comment(above)
            && let Some(codes) = codes_in_line(above)
        {
            return covers(codes);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_forms() {
        let c = |s: &str| codes_in_line(s.as_bytes());
        assert_eq!(c("\t\"x\" //strata:ignore LAY001 legacy"), Some(vec!["LAY001".to_string()]));
        assert_eq!(c("//strata:ignore lay001,DOM001 why"), Some(vec!["LAY001".into(), "DOM001".into()]));
        assert_eq!(c("\"//strata:ignore LAY001\""), None);
        assert_eq!(c("// note: //strata:ignore LAY001"), None);
        assert_eq!(c("//strata:ignoreLAY001"), None);
        assert_eq!(c("import \"a\""), None);
        assert!(line_only_comment(b"  //strata:ignore X y"));
        assert!(!line_only_comment(b"x //strata:ignore X y"));
    }
}
