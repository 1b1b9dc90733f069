//! The records the BPF programs write into the ring buffer, decoded without `unsafe`.
//!
//! `bpf/strata_events.h` is the one definition. The `#[repr(C)]` mirrors below exist so the test
//! `header_matches_rust` can compare every field's offset and size with the header (parsed from the
//! file), and decoding reads the same offsets from the raw bytes. Bytes from the kernel are treated as
//! untrusted: a short or unknown record decodes to `None` (and is counted by the caller).

/// Request finished (`STRATA_EV_REQUEST`).
pub const EV_REQUEST: u32 = 1;
/// Cookie-tagged site (`STRATA_EV_SITE`).
pub const EV_SITE: u32 = 2;
/// `runtime.gopark` with a user stack (`STRATA_EV_PARK`).
pub const EV_PARK: u32 = 3;
/// TCP state change (`STRATA_EV_TCP`).
pub const EV_TCP: u32 = 4;
/// Size of the `drops` array (`STRATA_EV_KIND_MAX`).
pub const EV_KIND_MAX: u32 = 5;

/// Site kinds (high half of a uprobe cookie; `STRATA_SITE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// Entry of a layer-boundary function.
    LayerEnter = 1,
    /// A RET of a layer-boundary function.
    LayerRet = 2,
    /// Entry of a `--count` symbol.
    Count = 3,
    /// `runtime.stopTheWorldWithSema` entry.
    StwStart = 4,
    /// `runtime.startTheWorldWithSema` entry.
    StwEnd = 5,
    /// `runtime.gcStart` entry.
    GcStart = 6,
    /// A RET of `runtime.gopark` (the goroutine resumed).
    ParkEnd = 7,
}

impl SiteKind {
    /// From the numeric value in the header.
    pub fn from_u32(v: u32) -> Option<Self> {
        Some(match v {
            1 => Self::LayerEnter,
            2 => Self::LayerRet,
            3 => Self::Count,
            4 => Self::StwStart,
            5 => Self::StwEnd,
            6 => Self::GcStart,
            7 => Self::ParkEnd,
            _ => return None,
        })
    }

    /// The 64-bit attach cookie for this kind and a user-space id.
    pub fn cookie(self, id: u32) -> u64 {
        ((self as u64) << 32) | u64::from(id)
    }
}

/// Route bytes carried by a request record (`STRATA_ROUTE_LEN`).
pub const ROUTE_LEN: usize = 64;
/// User stack frames carried by a park record (`STRATA_STACK_DEPTH`).
pub const STACK_DEPTH: usize = 32;

/// Mirror of `struct strata_event`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct RawHeader {
    /// `STRATA_EV_*`.
    pub kind: u32,
    /// `STRATA_SITE_*`.
    pub site: u32,
    /// Kernel monotonic time.
    pub ts_ns: u64,
    /// Goroutine id.
    pub goid: u64,
    /// Kind-specific.
    pub arg0: u64,
    /// Kind-specific.
    pub arg1: u64,
    /// Thread id.
    pub tid: u32,
    /// Kind-specific.
    pub aux: u32,
}

/// Mirror of `struct strata_request_event`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct RawRequest {
    /// Header.
    pub h: RawHeader,
    /// Address of the route in the binary's `.rodata` (not copied), or 0.
    pub route_addr: u64,
    /// Route bytes.
    pub route: [u8; ROUTE_LEN],
}

/// Mirror of `struct strata_conn` (a value of the `conns` map, read by the settle sweep).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct RawConn {
    /// First read of the request.
    pub start_ns: u64,
    /// Last write since.
    pub last_send_ns: u64,
    /// `STRATA_CONN_*`.
    pub state: u32,
    /// Valid bytes of `route`.
    pub route_len: u32,
    /// The request's first bytes.
    pub route: [u8; ROUTE_LEN],
}

impl RawConn {
    /// From the map value's bytes (native endian, the header's layout); `None` if short.
    pub fn from_bytes(b: &[u8]) -> Option<RawConn> {
        let at = std::mem::offset_of!(RawConn, route);
        Some(RawConn {
            start_ns: u64_at(b, std::mem::offset_of!(RawConn, start_ns))?,
            last_send_ns: u64_at(b, std::mem::offset_of!(RawConn, last_send_ns))?,
            state: u32_at(b, std::mem::offset_of!(RawConn, state))?,
            route_len: u32_at(b, std::mem::offset_of!(RawConn, route_len))?,
            route: b.get(at..at + ROUTE_LEN)?.try_into().ok()?,
        })
    }

    /// The request this entry holds, ended at its last write (for a connection in
    /// [`CONN_SENT`]), keyed like the BPF side's records (`goid` = the socket).
    pub fn request(&self, sk: u64) -> Event {
        let n = (self.route_len as usize).min(ROUTE_LEN);
        Event::Request {
            goid: sk,
            start_ns: self.start_ns,
            end_ns: self.last_send_ns,
            stack_depth: 0,
            route: crate::route::of_request_line(self.route.get(..n).unwrap_or_default()),
        }
    }
}

/// Mirror of `struct strata_stack_event`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct RawStack {
    /// Header.
    pub h: RawHeader,
    /// Return addresses, innermost first.
    pub pcs: [u64; STACK_DEPTH],
}

/// Mirror of `struct strata_config` (the loader writes it into `.rodata` as `cfg`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct RawConfig {
    /// `offsetof(runtime.g, goid)`.
    pub goid_off: u32,
    /// `offsetof(net/http.Request, Pattern)` or 0.
    pub pattern_off: u32,
    /// `offsetof(net/http.Request, URL)`.
    pub url_off: u32,
    /// `offsetof(net/url.URL, Path)`.
    pub path_off: u32,
    /// Target process id.
    pub tgid: u32,
    /// `STRATA_CFG_*` bits ([`CFG_ENTRY_DEPTH`]).
    pub flags: u32,
    /// `offsetof(net/http.response, req)`.
    pub resp_req_off: u32,
    /// `offsetof(net/http.response, reqBody)`.
    pub resp_body_off: u32,
    /// `offsetof(net/http.body, src)`.
    pub body_src_off: u32,
    /// `offsetof(net/http/internal/http2.ServerRequest, URL)` (Go 1.27+).
    pub h2req_url_off: u32,
    /// Start of the one read of `net/http.Request`.
    pub win_off: u32,
    /// Its length (≤ 256).
    pub win_len: u32,
    /// Word index of `Request.URL` in it.
    pub win_url: u32,
    /// Word index of `Request.ContentLength`.
    pub win_cl: u32,
    /// Word index of `Request.Pattern`.
    pub win_pattern: u32,
    /// gRPC-Go: offset of the method string in `handleStream`'s stream (0: unknown).
    pub grpc_method_off: u32,
    /// The binary's `.rodata` in the process: start.
    pub ro_lo: u64,
    /// End.
    pub ro_hi: u64,
}

impl RawConfig {
    /// The bytes the loader writes into `.rodata` (`cfg`), in the header's layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let words = [
            self.goid_off,
            self.pattern_off,
            self.url_off,
            self.path_off,
            self.tgid,
            self.flags,
            self.resp_req_off,
            self.resp_body_off,
            self.body_src_off,
            self.h2req_url_off,
            self.win_off,
            self.win_len,
            self.win_url,
            self.win_cl,
            self.win_pattern,
            self.grpc_method_off,
        ];
        let mut out: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
        out.extend_from_slice(&self.ro_lo.to_ne_bytes());
        out.extend_from_slice(&self.ro_hi.to_ne_bytes());
        out
    }
}

/// `http_enter` cookie: `serverHandler.ServeHTTP` entry, `*Request` in RDI (`STRATA_HTTP_ENTER_SERVE`).
pub const HTTP_ENTER_SERVE: u64 = 0;
/// `http_enter` cookie: HTTP/2 `runHandler` (Go ≤ 1.26), `*Request` in RCX (`STRATA_HTTP_ENTER_H2`).
pub const HTTP_ENTER_H2: u64 = 1;
/// `http_enter` cookie: HTTP/2 `runHandler` (Go 1.27+), `*ServerRequest` in RCX
/// (`STRATA_HTTP_ENTER_H2_SREQ`).
pub const HTTP_ENTER_H2_SREQ: u64 = 2;
/// `http_enter` cookie: gRPC-Go's `(*Server).handleStream`, the stream in RDI
/// (`STRATA_HTTP_ENTER_GRPC`).
pub const HTTP_ENTER_GRPC: u64 = 3;
/// `http_ret` cookie: end the started request (`STRATA_HTTP_END`).
pub const HTTP_END: u64 = 0;
/// `http_ret` cookie: finishRequest with the recv start: end, then arm (`STRATA_HTTP_END_FINISH_ARM`).
pub const HTTP_END_FINISH_ARM: u64 = 1;
/// `http_arm` cookie: `(*conn).serve` entry (`STRATA_HTTP_ARM`).
pub const HTTP_ARM: u64 = 0;
/// `http_arm` cookie: the HTTP/2 server's `serve` entry (`STRATA_HTTP_DISARM`).
pub const HTTP_DISARM: u64 = 1;
/// `http_arm` cookie: `(*conn).close` entry (`STRATA_HTTP_CONN_CLOSE`).
pub const HTTP_CONN_CLOSE: u64 = 2;
/// `http_arm` cookie: `runtime.gopanic` entry (`STRATA_HTTP_PANIC`).
pub const HTTP_PANIC: u64 = 3;
/// `counters` index: TCP active opens (`STRATA_CNT_CONNECTS`).
pub const CNT_CONNECTS: u32 = 0;
/// `counters` index: started requests overwritten (`STRATA_CNT_OVERWRITTEN`).
pub const CNT_OVERWRITTEN: u32 = 1;
/// `counters` index: request ends without a start (`STRATA_CNT_UNSTARTED`).
pub const CNT_UNSTARTED: u32 = 2;

/// `counters` index: socket start, requests read and never answered (`STRATA_CNT_NO_RESPONSE`).
pub const CNT_NO_RESPONSE: u32 = 3;
/// `counters` index: socket start, connections that began with TLS or the HTTP/2 preface
/// (`STRATA_CNT_NOT_HTTP1`).
pub const CNT_NOT_HTTP1: u32 = 4;
/// Socket start: of [`CNT_NOT_HTTP1`], the connections that began with a TLS record
/// (`STRATA_CNT_TLS`).
pub const CNT_TLS: u32 = 5;
/// Size of the `counters` array (`STRATA_CNT_MAX`).
pub const CNT_MAX: u32 = 8;

/// `strata_event.site` of a request timed at its socket: the route bytes are the start of its
/// request line (`STRATA_REQ_LINE`).
pub const REQ_LINE: u32 = 1;
/// `strata_conn.state`: between requests (`STRATA_CONN_IDLE`).
pub const CONN_IDLE: u32 = 0;
/// `strata_conn.state`: a request read, nothing written yet (`STRATA_CONN_READING`).
pub const CONN_READING: u32 = 1;
/// `strata_conn.state`: response bytes written (`STRATA_CONN_SENT`).
pub const CONN_SENT: u32 = 2;
/// `strata_conn.state`: TLS or HTTP/2, not timed at the socket (`STRATA_CONN_OTHER`).
pub const CONN_OTHER: u32 = 3;

/// `strata_config.flags`: unwind the user stack at request entry (`STRATA_CFG_ENTRY_DEPTH`).
pub const CFG_ENTRY_DEPTH: u32 = 1;
/// `strata_config.flags`: key goroutines by their `g` pointer instead of reading `goid`
/// (`STRATA_CFG_KEY_BY_G`).
pub const CFG_KEY_BY_G: u32 = 2;

/// A decoded record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An HTTP request served by `net/http`.
    Request {
        /// Goroutine that served it.
        goid: u64,
        /// Start (entry of `serverHandler.ServeHTTP`), kernel monotonic ns.
        start_ns: u64,
        /// End (its RET).
        end_ns: u64,
        /// User stack depth (frames) at entry.
        stack_depth: u32,
        /// Route pattern (Go 1.23+ `Request.Pattern`) or URL path, possibly truncated to 64 bytes.
        route: String,
    },
    /// A tagged uprobe site fired.
    Site {
        /// Kind.
        kind: SiteKind,
        /// User-space id (function or counter index).
        id: u32,
        /// Goroutine.
        goid: u64,
        /// Time.
        ts_ns: u64,
        /// RAX at the site.
        arg0: u64,
    },
    /// A goroutine parked.
    Park {
        /// Goroutine.
        goid: u64,
        /// Time.
        ts_ns: u64,
        /// `waitReason` value.
        reason: u8,
        /// User stack, innermost first.
        pcs: Vec<u64>,
    },
    /// A TCP socket changed state.
    Tcp {
        /// Time.
        ts_ns: u64,
        /// Old state (`TCP_*` numbers of include/net/tcp_states.h).
        old: u8,
        /// New state.
        new: u8,
        /// Local port.
        sport: u16,
        /// Remote port.
        dport: u16,
    },
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).and_then(|s| <[u8; 4]>::try_from(s).ok()).map(u32::from_ne_bytes)
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    b.get(at..at + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()).map(u64::from_ne_bytes)
}

fn header(b: &[u8]) -> Option<RawHeader> {
    Some(RawHeader {
        kind: u32_at(b, std::mem::offset_of!(RawHeader, kind))?,
        site: u32_at(b, std::mem::offset_of!(RawHeader, site))?,
        ts_ns: u64_at(b, std::mem::offset_of!(RawHeader, ts_ns))?,
        goid: u64_at(b, std::mem::offset_of!(RawHeader, goid))?,
        arg0: u64_at(b, std::mem::offset_of!(RawHeader, arg0))?,
        arg1: u64_at(b, std::mem::offset_of!(RawHeader, arg1))?,
        tid: u32_at(b, std::mem::offset_of!(RawHeader, tid))?,
        aux: u32_at(b, std::mem::offset_of!(RawHeader, aux))?,
    })
}

/// Whether a raw record is a request timed at its socket ([`REQ_LINE`]).
pub fn is_socket_request(b: &[u8]) -> bool {
    header(b).is_some_and(|h| h.kind == EV_REQUEST && h.site == REQ_LINE)
}

/// Decode one ring-buffer record; `None` for a short or unknown record. A route sent as an address
/// in the binary (`route_addr`) decodes as `(route at 0x…)`: use [`decode_with`] to resolve it.
pub fn decode(b: &[u8]) -> Option<Event> {
    decode_with(b, &|_, _| None)
}

/// [`decode`], reading a route sent as an address (`route_addr`, `len`) with `rodata` (the binary's
/// `.rodata` as the process sees it); `(route at 0x…)` when it cannot.
pub fn decode_with(b: &[u8], rodata: &dyn Fn(u64, u64) -> Option<String>) -> Option<Event> {
    let h = header(b)?;
    match h.kind {
        EV_REQUEST => {
            let at = std::mem::offset_of!(RawRequest, route);
            let len = (h.aux as usize).min(ROUTE_LEN);
            let addr = u64_at(b, std::mem::offset_of!(RawRequest, route_addr))?;
            let route = if h.site == REQ_LINE {
                crate::route::of_request_line(b.get(at..at + len)?)
            } else if addr != 0 {
                rodata(addr, len as u64).unwrap_or_else(|| format!("(route at {addr:#x})"))
            } else if len == 0 {
                // No route could be read (a gRPC call without DWARF for its stream's method).
                "(unknown)".to_string()
            } else {
                String::from_utf8_lossy(b.get(at..at + len)?).into_owned()
            };
            Some(Event::Request {
                goid: h.goid,
                start_ns: h.arg0,
                end_ns: h.ts_ns,
                stack_depth: if h.site == REQ_LINE { 0 } else { u32::try_from(h.arg1).unwrap_or(u32::MAX) },
                route,
            })
        }
        EV_SITE => Some(Event::Site {
            kind: SiteKind::from_u32(h.site)?,
            id: h.aux,
            goid: h.goid,
            ts_ns: h.ts_ns,
            arg0: h.arg0,
        }),
        EV_PARK => {
            let at = std::mem::offset_of!(RawStack, pcs);
            let n = (h.aux as usize).min(STACK_DEPTH);
            let pcs = (0..n).map(|i| u64_at(b, at + 8 * i)).collect::<Option<Vec<u64>>>()?;
            Some(Event::Park { goid: h.goid, ts_ns: h.ts_ns, reason: (h.arg0 & 0xff) as u8, pcs })
        }
        EV_TCP => Some(Event::Tcp {
            ts_ns: h.ts_ns,
            old: ((h.arg0 >> 8) & 0xff) as u8,
            new: (h.arg0 & 0xff) as u8,
            sport: ((h.arg1 >> 16) & 0xffff) as u16,
            dport: (h.arg1 & 0xffff) as u16,
        }),
        _ => None,
    }
}

/// Encode a record the way the BPF side lays it out (tests and synthetic feeds).
pub fn encode(ev: &Event) -> Vec<u8> {
    let mut h = RawHeader::default();
    let mut tail: Vec<u8> = Vec::new();
    match ev {
        Event::Request { goid, start_ns, end_ns, stack_depth, route } => {
            h.kind = EV_REQUEST;
            h.goid = *goid;
            h.arg0 = *start_ns;
            h.ts_ns = *end_ns;
            h.arg1 = u64::from(*stack_depth);
            let r = route.as_bytes();
            let n = r.len().min(ROUTE_LEN);
            h.aux = n as u32;
            tail = vec![0; 8 + ROUTE_LEN];
            if let (Some(dst), Some(src)) = (tail.get_mut(8..8 + n), r.get(..n)) {
                dst.copy_from_slice(src);
            }
        }
        Event::Site { kind, id, goid, ts_ns, arg0 } => {
            h.kind = EV_SITE;
            h.site = *kind as u32;
            h.aux = *id;
            h.goid = *goid;
            h.ts_ns = *ts_ns;
            h.arg0 = *arg0;
        }
        Event::Park { goid, ts_ns, reason, pcs } => {
            h.kind = EV_PARK;
            h.goid = *goid;
            h.ts_ns = *ts_ns;
            h.arg0 = u64::from(*reason);
            h.aux = pcs.len().min(STACK_DEPTH) as u32;
            tail = pcs.iter().take(STACK_DEPTH).flat_map(|p| p.to_ne_bytes()).collect();
            tail.resize(STACK_DEPTH * 8, 0);
        }
        Event::Tcp { ts_ns, old, new, sport, dport } => {
            h.kind = EV_TCP;
            h.ts_ns = *ts_ns;
            h.arg0 = (u64::from(*old) << 8) | u64::from(*new);
            h.arg1 = (u64::from(*sport) << 16) | u64::from(*dport);
        }
    }
    let mut out = Vec::with_capacity(std::mem::size_of::<RawHeader>() + tail.len());
    out.extend_from_slice(&h.kind.to_ne_bytes());
    out.extend_from_slice(&h.site.to_ne_bytes());
    for v in [h.ts_ns, h.goid, h.arg0, h.arg1] {
        out.extend_from_slice(&v.to_ne_bytes());
    }
    out.extend_from_slice(&h.tid.to_ne_bytes());
    out.extend_from_slice(&h.aux.to_ne_bytes());
    out.extend_from_slice(&tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::mem::{offset_of, size_of};

    /// Parse `struct NAME { TYPE FIELD[N]; ... };` blocks of the header into name → [(field, offset,
    /// size)] with C layout rules for the fixed-width types it uses.
    fn c_layouts(src: &str) -> HashMap<String, Vec<(String, usize, usize)>> {
        let defines: HashMap<&str, usize> = src
            .lines()
            .filter_map(|l| {
                let mut it = l.split_whitespace();
                (it.next()? == "#define").then_some(())?;
                Some((it.next()?, it.next()?.parse().ok()?))
            })
            .collect();
        let mut out: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new();
        let mut rest = src;
        while let Some(i) = rest.find("\nstruct ") {
            rest = &rest[i + 8..];
            let name_end = rest.find(|c: char| c.is_whitespace()).unwrap();
            let name = rest[..name_end].to_string();
            let Some(body_start) = rest.find('{') else { break };
            if rest[..body_start].contains(';') {
                continue;
            }
            let body_end = rest.find("};").unwrap();
            let mut body = rest[body_start + 1..body_end].to_string();
            while let Some(c) = body.find("/*") {
                let e = body[c..].find("*/").unwrap() + c + 2;
                body.replace_range(c..e, "");
            }
            let mut fields = Vec::new();
            let mut off = 0usize;
            let mut max_align = 1;
            for decl in body.split(';') {
                let toks: Vec<&str> = decl.split_whitespace().collect();
                if toks.is_empty() {
                    continue;
                }
                let (ty, field) = if toks[0] == "struct" { (toks[1], toks[2]) } else { (toks[0], toks[1]) };
                let (field, count) = match field.split_once('[') {
                    Some((f, n)) => {
                        let n = n.trim_end_matches(']');
                        (f, n.parse().unwrap_or_else(|_| defines[n]))
                    }
                    None => (field, 1),
                };
                let (size, align) = match ty {
                    "__u64" => (8, 8),
                    "__u32" => (4, 4),
                    "char" | "__u8" => (1, 1),
                    other => {
                        let inner = out
                            .get(other)
                            .unwrap_or_else(|| panic!("unknown type {other:?} in {name}: {:?}", out.keys()));
                        let (_, o, s) = inner.last().unwrap();
                        (o + s, 8)
                    }
                };
                off = off.div_ceil(align) * align;
                max_align = max_align.max(align);
                fields.push((field.to_string(), off, size * count));
                off += size * count;
            }
            let total = off.div_ceil(max_align) * max_align;
            fields.push(("<size>".into(), total, 0));
            out.insert(name, fields);
        }
        out
    }

    #[test]
    fn header_matches_rust() {
        let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/bpf/strata_events.h")).unwrap();
        let c = c_layouts(&src);
        type Fields = Vec<(&'static str, usize, usize)>;
        let rust: Vec<(&str, Fields)> = vec![
            (
                "strata_event",
                vec![
                    ("kind", offset_of!(RawHeader, kind), 4),
                    ("site", offset_of!(RawHeader, site), 4),
                    ("ts_ns", offset_of!(RawHeader, ts_ns), 8),
                    ("goid", offset_of!(RawHeader, goid), 8),
                    ("arg0", offset_of!(RawHeader, arg0), 8),
                    ("arg1", offset_of!(RawHeader, arg1), 8),
                    ("tid", offset_of!(RawHeader, tid), 4),
                    ("aux", offset_of!(RawHeader, aux), 4),
                    ("<size>", size_of::<RawHeader>(), 0),
                ],
            ),
            (
                "strata_request_event",
                vec![
                    ("h", offset_of!(RawRequest, h), size_of::<RawHeader>()),
                    ("route_addr", offset_of!(RawRequest, route_addr), 8),
                    ("route", offset_of!(RawRequest, route), ROUTE_LEN),
                    ("<size>", size_of::<RawRequest>(), 0),
                ],
            ),
            (
                "strata_conn",
                vec![
                    ("start_ns", offset_of!(RawConn, start_ns), 8),
                    ("last_send_ns", offset_of!(RawConn, last_send_ns), 8),
                    ("state", offset_of!(RawConn, state), 4),
                    ("route_len", offset_of!(RawConn, route_len), 4),
                    ("route", offset_of!(RawConn, route), ROUTE_LEN),
                    ("<size>", size_of::<RawConn>(), 0),
                ],
            ),
            (
                "strata_stack_event",
                vec![
                    ("h", offset_of!(RawStack, h), size_of::<RawHeader>()),
                    ("pcs", offset_of!(RawStack, pcs), 8 * STACK_DEPTH),
                    ("<size>", size_of::<RawStack>(), 0),
                ],
            ),
            (
                "strata_config",
                vec![
                    ("goid_off", offset_of!(RawConfig, goid_off), 4),
                    ("pattern_off", offset_of!(RawConfig, pattern_off), 4),
                    ("url_off", offset_of!(RawConfig, url_off), 4),
                    ("path_off", offset_of!(RawConfig, path_off), 4),
                    ("tgid", offset_of!(RawConfig, tgid), 4),
                    ("flags", offset_of!(RawConfig, flags), 4),
                    ("resp_req_off", offset_of!(RawConfig, resp_req_off), 4),
                    ("resp_body_off", offset_of!(RawConfig, resp_body_off), 4),
                    ("body_src_off", offset_of!(RawConfig, body_src_off), 4),
                    ("h2req_url_off", offset_of!(RawConfig, h2req_url_off), 4),
                    ("win_off", offset_of!(RawConfig, win_off), 4),
                    ("win_len", offset_of!(RawConfig, win_len), 4),
                    ("win_url", offset_of!(RawConfig, win_url), 4),
                    ("win_cl", offset_of!(RawConfig, win_cl), 4),
                    ("win_pattern", offset_of!(RawConfig, win_pattern), 4),
                    ("grpc_method_off", offset_of!(RawConfig, grpc_method_off), 4),
                    ("ro_lo", offset_of!(RawConfig, ro_lo), 8),
                    ("ro_hi", offset_of!(RawConfig, ro_hi), 8),
                    ("<size>", size_of::<RawConfig>(), 0),
                ],
            ),
        ];
        for (name, fields) in rust {
            let cf: Vec<(&str, usize, usize)> = c[name].iter().map(|(f, o, s)| (f.as_str(), *o, *s)).collect();
            assert_eq!(cf, fields, "struct {name}");
        }
        // The constants too.
        for (def, v) in [
            ("STRATA_EV_REQUEST", EV_REQUEST),
            ("STRATA_EV_SITE", EV_SITE),
            ("STRATA_EV_PARK", EV_PARK),
            ("STRATA_EV_TCP", EV_TCP),
            ("STRATA_EV_KIND_MAX", EV_KIND_MAX),
            ("STRATA_CFG_ENTRY_DEPTH", CFG_ENTRY_DEPTH),
            ("STRATA_CFG_KEY_BY_G", CFG_KEY_BY_G),
            ("STRATA_SITE_LAYER_ENTER", SiteKind::LayerEnter as u32),
            ("STRATA_SITE_LAYER_RET", SiteKind::LayerRet as u32),
            ("STRATA_SITE_COUNT", SiteKind::Count as u32),
            ("STRATA_SITE_STW_START", SiteKind::StwStart as u32),
            ("STRATA_SITE_STW_END", SiteKind::StwEnd as u32),
            ("STRATA_SITE_GC_START", SiteKind::GcStart as u32),
            ("STRATA_SITE_PARK_END", SiteKind::ParkEnd as u32),
            ("STRATA_ROUTE_LEN", ROUTE_LEN as u32),
            ("STRATA_STACK_DEPTH", STACK_DEPTH as u32),
            ("STRATA_HTTP_ENTER_SERVE", HTTP_ENTER_SERVE as u32),
            ("STRATA_HTTP_ENTER_H2", HTTP_ENTER_H2 as u32),
            ("STRATA_HTTP_ENTER_H2_SREQ", HTTP_ENTER_H2_SREQ as u32),
            ("STRATA_HTTP_ENTER_GRPC", HTTP_ENTER_GRPC as u32),
            ("STRATA_HTTP_END", HTTP_END as u32),
            ("STRATA_HTTP_END_FINISH_ARM", HTTP_END_FINISH_ARM as u32),
            ("STRATA_HTTP_ARM", HTTP_ARM as u32),
            ("STRATA_HTTP_DISARM", HTTP_DISARM as u32),
            ("STRATA_HTTP_CONN_CLOSE", HTTP_CONN_CLOSE as u32),
            ("STRATA_HTTP_PANIC", HTTP_PANIC as u32),
            ("STRATA_CNT_CONNECTS", CNT_CONNECTS),
            ("STRATA_CNT_OVERWRITTEN", CNT_OVERWRITTEN),
            ("STRATA_CNT_UNSTARTED", CNT_UNSTARTED),
            ("STRATA_CNT_NO_RESPONSE", CNT_NO_RESPONSE),
            ("STRATA_CNT_NOT_HTTP1", CNT_NOT_HTTP1),
            ("STRATA_CNT_TLS", CNT_TLS),
            ("STRATA_CNT_MAX", CNT_MAX),
            ("STRATA_REQ_LINE", REQ_LINE),
            ("STRATA_CONN_IDLE", CONN_IDLE),
            ("STRATA_CONN_READING", CONN_READING),
            ("STRATA_CONN_SENT", CONN_SENT),
            ("STRATA_CONN_OTHER", CONN_OTHER),
        ] {
            assert!(src.contains(&format!("#define {def} {v}")), "{def} != {v}");
        }
        // The loader's bytes have the header's size.
        assert_eq!(RawConfig::default().to_bytes().len(), size_of::<RawConfig>());
    }

    #[test]
    fn round_trip_and_short_records() {
        let evs = [
            Event::Request { goid: 7, start_ns: 10, end_ns: 30, stack_depth: 12, route: "GET /x".into() },
            Event::Site { kind: SiteKind::Count, id: 3, goid: 7, ts_ns: 11, arg0: 5 },
            Event::Park { goid: 9, ts_ns: 12, reason: 7, pcs: vec![1, 2, 3] },
            Event::Tcp { ts_ns: 13, old: 5, new: 7, sport: 8080, dport: 40000 },
        ];
        for ev in &evs {
            let b = encode(ev);
            assert_eq!(decode(&b).as_ref(), Some(ev));
            for n in 0..std::mem::size_of::<RawHeader>() {
                assert_eq!(decode(&b[..n]), None);
            }
        }
        // A route sent as an address in the binary's .rodata is read from there.
        let mut b = encode(&evs[0]);
        let at = offset_of!(RawRequest, route_addr);
        b[at..at + 8].copy_from_slice(&0x4a_0000u64.to_ne_bytes());
        b[offset_of!(RawRequest, route)..][..6].fill(0);
        let rodata = |addr: u64, len: u64| (addr == 0x4a_0000 && len == 6).then(|| "GET /y".to_string());
        match decode_with(&b, &rodata) {
            Some(Event::Request { route, .. }) => assert_eq!(route, "GET /y"),
            other => panic!("{other:?}"),
        }
        match decode(&b) {
            Some(Event::Request { route, .. }) => assert_eq!(route, "(route at 0x4a0000)"),
            other => panic!("{other:?}"),
        }
        // No route read at all (a gRPC call without DWARF for its method): said so.
        let b = encode(&Event::Request { goid: 7, start_ns: 10, end_ns: 30, stack_depth: 0, route: String::new() });
        match decode(&b) {
            Some(Event::Request { route, .. }) => assert_eq!(route, "(unknown)"),
            other => panic!("{other:?}"),
        }
        // A request timed at its socket carries its request line, parsed into a route.
        let mut b = encode(&Event::Request {
            goid: 0xffff_8880_0000_1000,
            start_ns: 10,
            end_ns: 30,
            stack_depth: 0,
            route: "GET /orders/42?x=1 HTTP/1.1\r\nHost: a".into(),
        });
        b[offset_of!(RawHeader, site)..][..4].copy_from_slice(&REQ_LINE.to_ne_bytes());
        b[offset_of!(RawHeader, arg1)..][..8].copy_from_slice(&0u64.to_ne_bytes());
        match decode(&b) {
            Some(Event::Request { route, stack_depth, goid, .. }) => {
                assert_eq!((route.as_str(), stack_depth, goid), ("GET /orders/{id}", 0, 0xffff_8880_0000_1000))
            }
            other => panic!("{other:?}"),
        }
        let mut conn = vec![0u8; size_of::<RawConn>()];
        conn[..8].copy_from_slice(&100u64.to_ne_bytes());
        conn[8..16].copy_from_slice(&250u64.to_ne_bytes());
        conn[16..20].copy_from_slice(&CONN_SENT.to_ne_bytes());
        conn[20..24].copy_from_slice(&15u32.to_ne_bytes());
        conn[24..24 + 15].copy_from_slice(b"GET /a/7 HTTP/1");
        let c = RawConn::from_bytes(&conn).unwrap();
        assert_eq!(c.state, CONN_SENT);
        assert_eq!(
            c.request(5),
            Event::Request { goid: 5, start_ns: 100, end_ns: 250, stack_depth: 0, route: "GET /a/{id}".into() }
        );
        assert!(RawConn::from_bytes(&conn[..40]).is_none());
        let mut bad = encode(&evs[1]);
        bad[4] = 99; // unknown site kind
        assert_eq!(decode(&bad), None);
    }
}
