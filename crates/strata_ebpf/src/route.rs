//! Routes of requests timed at the socket (`--start socket`): the BPF side copies the first 64 bytes
//! of a request (its request line, e.g. `GET /orders/42?full=1 HTTP/1.1`) and this module turns them
//! into a route — method and path with the query dropped and identifier-like segments replaced by
//! `{id}` (`GET /orders/{id}`), so that per-route tables stay per route, not per resource. Without a
//! uprobe nothing tells which `ServeMux` pattern matched; the goroutine-keyed starts (`recv`,
//! `servehttp`) report the pattern itself.

/// The route of a request from the first bytes of its request line (`bytes` as read from the socket,
/// at most 64). A path cut off by the 64-byte copy ends in `…`; bytes that are not an HTTP/1 request
/// line give `(unparsed)`.
pub fn of_request_line(bytes: &[u8]) -> String {
    let Some(sp) = bytes.iter().position(|&b| b == b' ') else { return "(unparsed)".into() };
    let (method, rest) = bytes.split_at(sp);
    if method.is_empty() || method.len() > 16 || !method.iter().all(u8::is_ascii_uppercase) {
        return "(unparsed)".into();
    }
    let rest = rest.get(1..).unwrap_or_default();
    let end = rest.iter().position(|&b| matches!(b, b' ' | b'?' | b'#' | b'\r' | b'\n'));
    let target = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
    if target.is_empty() || !target.iter().all(|b| b.is_ascii_graphic()) {
        return "(unparsed)".into();
    }
    let method = String::from_utf8_lossy(method);
    let target = String::from_utf8_lossy(target);
    if target == "*" {
        return format!("{method} *");
    }
    // Absolute form (a proxy request): keep the path.
    let path = match target.split_once("://") {
        Some((_, after)) => after.find('/').and_then(|i| after.get(i..)).unwrap_or("/"),
        None => &target,
    };
    let truncated = end.is_none();
    let mut segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut out = String::with_capacity(path.len() + method.len() + 1);
    out.push_str(&method);
    out.push(' ');
    for (i, seg) in segments.drain(..).enumerate() {
        if i > 0 {
            out.push('/');
        }
        // The last segment of a cut-off path is incomplete: never guess it is an identifier.
        if truncated && i == last {
            out.push_str(seg);
            out.push('…');
        } else if identifier(seg) {
            out.push_str("{id}");
        } else {
            out.push_str(seg);
        }
    }
    out
}

/// Whether a path segment names one resource rather than a route: a number, a UUID, a hex string of
/// 8+ characters, or a 16+ character token that mixes digits with letters.
fn identifier(seg: &str) -> bool {
    let b = seg.as_bytes();
    if b.is_empty() {
        return false;
    }
    if b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    let has_digit = b.iter().any(u8::is_ascii_digit);
    let uuid = b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() });
    let hex = b.len() >= 8 && has_digit && b.iter().all(u8::is_ascii_hexdigit);
    let token = b.len() >= 16 && has_digit && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'));
    uuid || hex || token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_become_routes() {
        let r = |s: &str| of_request_line(s.as_bytes());
        assert_eq!(r("GET /fast HTTP/1.1\r\nHost: x\r\n"), "GET /fast");
        assert_eq!(r("GET /slow?ms=1 HTTP/1.1\r\n"), "GET /slow");
        assert_eq!(r("POST /orders HTTP/1.1\r\n"), "POST /orders");
        assert_eq!(r("GET /orders/42 HTTP/1.1\r\n"), "GET /orders/{id}");
        assert_eq!(r("DELETE /users/42/orders/7 HTTP/1.1\r\n"), "DELETE /users/{id}/orders/{id}");
        assert_eq!(r("GET /o/3f2b9c1e-0a4d-4c7e-9b1f-2d3e4f5a6b7c HTTP/1.1"), "GET /o/{id}");
        assert_eq!(r("GET /blob/deadbeef99 HTTP/1.1"), "GET /blob/{id}");
        assert_eq!(r("GET /t/abcDEF123456ghiJKL HTTP/1.1"), "GET /t/{id}");
        // Words stay words, even hex-looking ones and ones with a digit.
        assert_eq!(r("GET /api/v2/feed HTTP/1.1"), "GET /api/v2/feed");
        assert_eq!(r("GET /cafe/beef HTTP/1.1"), "GET /cafe/beef");
        assert_eq!(r("GET / HTTP/1.1"), "GET /");
        assert_eq!(r("OPTIONS * HTTP/1.1"), "OPTIONS *");
        assert_eq!(r("GET http://example.com/a/1 HTTP/1.1"), "GET /a/{id}");
        assert_eq!(r("GET http://example.com HTTP/1.1"), "GET /");
    }

    #[test]
    fn cut_off_and_garbage() {
        // 64 bytes that end inside the path: the last segment is kept as it is, marked.
        let line = b"GET /reports/2024/very-long-segment-name-that-goes-on-and-on-and-o";
        assert_eq!(of_request_line(&line[..64]), "GET /reports/{id}/very-long-segment-name-that-goes-on-and-on-and…");
        assert_eq!(of_request_line(b"GET /items/12345"), "GET /items/12345…");
        assert_eq!(of_request_line(b"\x16\x03\x01\x02\x00"), "(unparsed)");
        assert_eq!(of_request_line(b""), "(unparsed)");
        assert_eq!(of_request_line(b"get /x HTTP/1.1"), "(unparsed)");
        assert_eq!(of_request_line(b"GET  HTTP/1.1"), "(unparsed)");
        assert_eq!(of_request_line(b"GET /\xff\xfe HTTP/1.1"), "(unparsed)");
        // Never panics on any prefix of a real line.
        let full = b"PATCH /orders/42/items/7?x=1 HTTP/1.1\r\nHost: a\r\n\r\n";
        for n in 0..=full.len() {
            let _ = of_request_line(&full[..n]);
        }
    }
}
