//! Struct offsets the probes read: from DWARF when present, else a per-version table.
//!
//! The table rows were read from the DWARF of the test service built with each listed Go version;
//! `tests/real_binaries.rs` rebuilds it with every installed toolchain and fails if the table and
//! DWARF disagree. A version outside the table, in a binary without DWARF, is refused.

use object::Object;

/// The oldest Go strata probes (register ABI, 1.18+ pclntab and buildinfo; offsets verified).
pub const MIN_GO: (u32, u32) = (1, 22);

/// Where the offsets came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetSource {
    /// The binary's own DWARF.
    Dwarf,
    /// strata's per-version table.
    Table,
}

/// Struct offsets used by the BPF programs (amd64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Offsets {
    /// `runtime.g.goid` (g is in R14).
    pub g_goid: u64,
    /// `net/http.Request.Pattern` (Go 1.23+), if the field exists.
    pub request_pattern: Option<u64>,
    /// `net/http.Request.URL`.
    pub request_url: u64,
    /// `net/url.URL.Path`.
    pub url_path: u64,
    /// `net/http.Request.ContentLength` (0 at the end of a request: no body, so `finishRequest` reads
    /// nothing more from the connection).
    pub request_content_length: u64,
    /// `net/http.response.req`: the request, read from `finishRequest`'s receiver (`*response` in
    /// RAX) when the request start comes from the `sock_recv_length` tracepoint (no ServeHTTP probe).
    pub response_req: u64,
    /// `net/http.response.reqBody` (an `io.ReadCloser`; `*body` for a request with a body).
    pub response_req_body: u64,
    /// `net/http.body.src` (an `io.Reader`; `*io.LimitedReader` when the length is known).
    pub body_src: u64,
    /// `net/http/internal/http2.ServerRequest.URL` (Go 1.27+, where the HTTP/2 server's `runHandler`
    /// gets a `*ServerRequest`, not a `*net/http.Request`); `None` before.
    pub h2_server_request_url: Option<u64>,
    /// gRPC-Go: `transport.Stream.method`, the call's method string (`"/pkg.Service/Method"`). DWARF
    /// only: `None` without it or without gRPC.
    pub grpc_stream_method: Option<u64>,
    /// gRPC-Go 1.69+: `transport.ServerStream.Stream`, the embedded `Stream` in the stream
    /// `(*Server).handleStream` gets (a pointer in 1.69–1.76, the struct itself from 1.77; before
    /// 1.69 handleStream gets the `*Stream`). DWARF only.
    pub grpc_server_stream_embed: Option<u64>,
    /// Where they came from.
    pub source: OffsetSource,
}

/// One row per Go 1.minor on amd64. Only versions whose DWARF was checked are listed (1.24 and 1.25
/// were not available here).
struct Row {
    minor: u32,
    g_goid: u64,
    request_pattern: Option<u64>,
    request_url: u64,
    url_path: u64,
    request_content_length: u64,
    response_req: u64,
    response_req_body: u64,
    body_src: u64,
    h2_server_request_url: Option<u64>,
}

const fn row(minor: u32, g_goid: u64, request_pattern: Option<u64>, h2_server_request_url: Option<u64>) -> Row {
    // The fields that are the same in every listed version (checked against DWARF by the tests).
    Row {
        minor,
        g_goid,
        request_pattern,
        request_url: 16,
        url_path: 56,
        request_content_length: 88,
        response_req: 8,
        response_req_body: 16,
        body_src: 0,
        h2_server_request_url,
    }
}

const TABLE: &[Row] = &[
    row(22, 152, None, None),
    row(23, 160, Some(232), None),
    row(26, 152, Some(232), None),
    row(27, 152, Some(232), Some(64)),
];

/// The table row for Go 1.`minor`, if strata has one.
pub fn table(minor: u32) -> Option<Offsets> {
    TABLE.iter().find(|r| r.minor == minor).map(|r| Offsets {
        g_goid: r.g_goid,
        request_pattern: r.request_pattern,
        request_url: r.request_url,
        url_path: r.url_path,
        request_content_length: r.request_content_length,
        response_req: r.response_req,
        response_req_body: r.response_req_body,
        body_src: r.body_src,
        h2_server_request_url: r.h2_server_request_url,
        grpc_stream_method: None,
        grpc_server_stream_embed: None,
        source: OffsetSource::Table,
    })
}

/// Offsets from DWARF, if the binary has it (and it names `runtime.g.goid`).
pub fn from_dwarf(file: &object::File<'_>) -> Option<Offsets> {
    let q = [
        ("runtime.g", "goid"),
        ("net/http.Request", "Pattern"),
        ("net/http.Request", "URL"),
        ("net/url.URL", "Path"),
        ("net/http.Request", "ContentLength"),
        ("net/http.response", "req"),
        ("net/http.response", "reqBody"),
        ("net/http.body", "src"),
        ("net/http/internal/http2.ServerRequest", "URL"),
        ("google.golang.org/grpc/internal/transport.Stream", "method"),
        ("google.golang.org/grpc/internal/transport.ServerStream", "Stream"),
    ];
    let r = crate::dwarf::member_offsets(file, &q)?;
    let get = |i: usize| r.get(i).copied().flatten();
    // A binary without net/http has no such types: the table's values then (never read: nothing is
    // probed in net/http).
    Some(Offsets {
        g_goid: get(0)?,
        request_pattern: get(1),
        request_url: get(2).unwrap_or(16),
        url_path: get(3).unwrap_or(56),
        request_content_length: get(4).unwrap_or(88),
        response_req: get(5).unwrap_or(8),
        response_req_body: get(6).unwrap_or(16),
        body_src: get(7).unwrap_or(0),
        h2_server_request_url: get(8),
        grpc_stream_method: get(9),
        grpc_server_stream_embed: get(10),
        source: OffsetSource::Dwarf,
    })
}

pub(crate) fn resolve(file: &object::File<'_>, version: (u32, u32, u32)) -> Result<Offsets, String> {
    let (major, minor, _) = version;
    if major != 1 || minor < MIN_GO.1 {
        return Err(format!("strata probes Go 1.{}+ binaries", MIN_GO.1));
    }
    if file.section_by_name(".debug_info").is_some()
        && let Some(o) = from_dwarf(file)
    {
        return Ok(o);
    }
    table(minor).ok_or_else(|| {
        format!(
            "the binary has no DWARF and strata's offset table covers Go {}; rebuild without -w to use DWARF",
            TABLE.iter().map(|r| format!("1.{}", r.minor)).collect::<Vec<_>>().join(", ")
        )
    })
}
