//! Decoding of Go string literals.

/// The value of a Go string literal (`"…"` or `` `…` ``), or `None` when malformed.
pub fn unquote(lit: &str) -> Option<String> {
    if let Some(raw) = lit.strip_prefix('`') {
        let body = raw.strip_suffix('`')?;
        return Some(body.replace('\r', ""));
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(body.to_string());
    }
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let c = *bytes.get(i + 1)?;
        i += 2;
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'"' => Some(b'"'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        match c {
            b'0'..=b'7' => {
                let digits = bytes.get(i - 1..i + 2)?;
                let v = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 8).ok()?;
                out.push(u8::try_from(v).ok()?);
                i += 2;
            }
            b'x' => {
                let digits = bytes.get(i..i + 2)?;
                out.push(u8::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?);
                i += 2;
            }
            b'u' | b'U' => {
                let n = if c == b'u' { 4 } else { 8 };
                let digits = bytes.get(i..i + n)?;
                let v = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
                let ch = char::from_u32(v)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                i += n;
            }
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn decodes_escapes() {
        assert_eq!(unquote(r#""a\tb\x41\101\u00e9\"""#).as_deref(), Some("a\tbAAé\""));
        assert_eq!(unquote("`a\r\nb`").as_deref(), Some("a\nb"));
        assert_eq!(unquote(r#""bad\q""#), None);
        assert_eq!(unquote("\"x"), None);
    }
}
