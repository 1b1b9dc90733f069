//! Where the probes go ([`plan`], pure and testable without a kernel) and the [`Session`] that loads
//! the BPF object and attaches them to one process.
//!
//! Every uprobe is a perf-event link owned by the session: dropping the session detaches them, and if
//! strata dies (even by SIGKILL) the kernel closes the file descriptors and removes the probes.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use aya::maps::{Array, MapData, RingBuf};
use aya::programs::uprobe::{UProbeAttachLocation, UProbeAttachPoint, UProbeScope};
use aya::programs::{RawTracePoint, TracePoint, UProbe};
use aya::{Ebpf, EbpfLoader};
use strata_gobin::{GoBinary, SiteCost};
use strata_layers::LayerMap;

use crate::aggregate::{Attribution, EventSink};
use crate::events::{self, EV_KIND_MAX, Event, RawConfig, SiteKind};

/// The compiled BPF object (bpf/probes.bpf.c, built by bpf/build.sh with clang-14).
pub static BPF_OBJECT: &[u8] = include_bytes!("probes.bpf.o");

/// The function whose entry and returns delimit an HTTP request.
pub const HTTP_SERVE: &str = "net/http.serverHandler.ServeHTTP";

/// The emulated site that ends an HTTP/1.x request with `--end finish`: `net/http.(*conn).serve` calls
/// it right after `serverHandler.ServeHTTP` returns (and `cancelCtx`), on the same goroutine.
pub const HTTP_FINISH: &str = "net/http.(*response).finishRequest";

/// The emulated sites that end an HTTP/2 request with `--end finish` (the first one the binary has):
/// the HTTP/2 server's `runHandler` calls `handlerDone` from its deferred function right after the
/// handler (`serverHandler.ServeHTTP`) returns, on the same goroutine. Go 1.22–1.26 bundle the HTTP/2
/// server into net/http (`h2_bundle.go`); Go 1.27 moved it to net/http/internal/http2.
pub const HTTP2_DONE: [&str; 2] =
    ["net/http.(*http2responseWriter).handlerDone", "net/http/internal/http2.(*responseWriter).handlerDone"];

/// The entry of `net/http.(*conn).serve`: once per connection, on the goroutine that serves it; with
/// [`RequestStart::Recv`] it arms that goroutine for the connection's first request.
pub const HTTP_CONN_SERVE: &str = "net/http.(*conn).serve";

/// `net/http.(*conn).close`: `(*conn).serve`'s deferred function calls it once when a connection that
/// was not hijacked ends.
pub const HTTP_CONN_CLOSE: &str = "net/http.(*conn).close";

/// With [`RequestStart::Recv`], HTTP/2 requests start at the HTTP/2 server's `runHandler` entry, on
/// the handler goroutine (the first one the binary has; Go 1.27 passes a `*ServerRequest`).
pub const HTTP2_RUN_HANDLER: [(&str, u64); 2] = [
    ("net/http.(*http2serverConn).runHandler", events::HTTP_ENTER_H2),
    ("net/http/internal/http2.(*serverConn).runHandler", events::HTTP_ENTER_H2_SREQ),
];

/// The HTTP/2 server's `serve`, which `(*conn).serve` calls on its goroutine for an HTTP/2
/// connection (TLS ALPN h2 or unencrypted prior knowledge): disarms the recv start there.
pub const HTTP2_SERVE: [&str; 2] = ["net/http.(*http2serverConn).serve", "net/http/internal/http2.(*serverConn).serve"];

/// gRPC-Go's server, which serves each call's stream (its own HTTP/2 transport, not net/http's): with
/// `--grpc` a call starts at its entry.
pub const GRPC_SERVER: &str = "google.golang.org/grpc.(*Server).handleStream";

/// gRPC-Go's server transport writing a call's final status, on the call's goroutine once its handler
/// returned (unary and streaming, success or error): with `--grpc` a call ends at its entry
/// (`writeStatus` from gRPC 1.69, `WriteStatus` before).
pub const GRPC_END: [&str; 2] = [
    "google.golang.org/grpc/internal/transport.(*http2Server).writeStatus",
    "google.golang.org/grpc/internal/transport.(*http2Server).WriteStatus",
];

/// Where the call's method string is in the stream `(*Server).handleStream` gets, from the DWARF
/// offsets and the binary's gRPC-Go version (`v1.85.0`): before 1.69 the stream is the
/// `*transport.Stream` itself; from 1.77 a `ServerStream` that embeds the `Stream`; in 1.69–1.76 it
/// embeds a `*Stream`, one pointer away, which the probe does not follow. `None` where it cannot say
/// without guessing.
pub fn grpc_method_offset(o: &strata_gobin::Offsets, grpc_version: Option<&str>) -> Option<u64> {
    let method = o.grpc_stream_method?;
    let Some(embed) = o.grpc_server_stream_embed else { return Some(method) };
    let minor: u32 = grpc_version?.strip_prefix("v1.")?.split('.').next()?.parse().ok()?;
    (minor >= 77).then_some(embed + method)
}

/// The tracepoint of the recv start (attached as a raw tracepoint: no perf record per read, no tracefs).
pub const RECV_TRACEPOINT: &str = "sock_recv_length";

/// The tracepoints of the socket start, attached as raw tracepoints (no tracefs): a read, a write,
/// and TCP state changes (to end the last request of a connection).
pub const SOCKET_TRACEPOINTS: [(&str, &str); 3] =
    [("sock_recv", "sock_recv_length"), ("sock_send", "sock_send_length"), ("sock_state", "inet_sock_set_state")];

/// Where a request's start is observed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStart {
    /// HTTP/1.x timed at the connection's socket, with no uprobe: from the first read of a request's
    /// bytes to the last write before the connection's next request (or its end), keyed by socket;
    /// the route is the request line's method and normalised path ([`crate::route`]). HTTP/2:
    /// `runHandler` to `handlerDone`, as with [`RequestStart::Recv`]. TLS connections are not timed
    /// at the socket (their bytes are encrypted): they are handed to the recv start, whose uprobes
    /// ([`Plan::tls_probes`]) are attached when the first one is seen. The default.
    #[default]
    Socket,
    /// HTTP/1.x: the serving goroutine's first read (`sock_recv_length` raw tracepoint, no trap) of the
    /// request's bytes — armed by the previous request's end (`finishRequest`) and by the entry of
    /// `(*conn).serve` for a connection's first request; HTTP/2: entry of the HTTP/2 server's
    /// `runHandler`. One uprobe hit per HTTP/1 request (the end); routes are `ServeMux` patterns.
    Recv,
    /// Entry of `serverHandler.ServeHTTP` (both protocols): two uprobe hits per request. Used for
    /// `--stack-depth` and `--end ret`, and when the tracepoint or a needed function is missing.
    Servehttp,
}

/// How the end of a request is observed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestEnd {
    /// Entry (`PUSH RBP`, emulated) of [`HTTP_FINISH`] (HTTP/1.x) and of [`HTTP2_DONE`] (HTTP/2):
    /// about 1/20 of the cost of a RET probe here. Hijacked connections and handlers that panic
    /// never reach either: they are counted as `unended`, not timed. The default.
    #[default]
    Finish,
    /// Every `RET` of `serverHandler.ServeHTTP` (single-stepped): exact for HTTP/1.x and HTTP/2.
    Ret,
}

/// Errors of planning and attaching.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The binary could not be read or is not probeable.
    #[error(transparent)]
    Binary(#[from] strata_gobin::Error),
    /// A `--count` symbol is not in the binary.
    #[error("{}: --count {symbol}: no such function", exe.display())]
    NoSuchSymbol {
        /// Binary.
        exe: PathBuf,
        /// Symbol.
        symbol: String,
    },
    /// Loading or attaching failed in the kernel.
    #[error("{what}: {detail}")]
    Kernel {
        /// What was being done.
        what: String,
        /// The loader's message (with its cause chain).
        detail: String,
    },
}

/// Which probe groups to place.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ProbeOptions {
    /// Entry/RET probes on exported functions of application-layer packages (`--layers`). Default off.
    pub layers: bool,
    /// `runtime.gopark` entry (with user stack) and RETs (`--park`). Default off.
    pub park: bool,
    /// Entry probes on these symbols, counted per request (`--count`). Default none.
    pub count: Vec<String>,
    /// Most layer functions probed. Default (0) means 256.
    pub max_layer_functions: usize,
    /// How request ends are observed. Default [`RequestEnd::Finish`].
    pub end: RequestEnd,
    /// Unwind the user stack at every request entry (`--stack-depth`) for the depth-vs-STW question.
    /// Default off: it is the costliest part of the entry probe, and at the entry of
    /// `serverHandler.ServeHTTP` the depth is the same for every net/http request.
    pub stack_depth: bool,
    /// Where requests start. Default [`RequestStart::Recv`] (falls back to
    /// [`RequestStart::Servehttp`] where it cannot work; [`Plan::start`] says which was used).
    pub start: RequestStart,
    /// Whether the kernel has the `sock_recv_length` tracepoint (≥ 6.3; attached as a raw tracepoint,
    /// which needs no tracefs).
    pub recv_tracepoint: bool,
    /// Whether the kernel has all of [`SOCKET_TRACEPOINTS`] (and BTF).
    pub socket_tracepoints: bool,
    /// Time gRPC-Go server calls (`--grpc`): entry probes on [`GRPC_SERVER`] and [`GRPC_END`].
    pub grpc: bool,
}

/// Which BPF program a site runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// `http_enter`.
    HttpEnter,
    /// `http_ret`.
    HttpRet,
    /// `http_arm`.
    HttpArm,
    /// `site` with a cookie.
    Site,
    /// `park`.
    Park,
}

impl Program {
    /// The BPF program's name in the object.
    pub fn name(self) -> &'static str {
        match self {
            Program::HttpEnter => "http_enter",
            Program::HttpRet => "http_ret",
            Program::HttpArm => "http_arm",
            Program::Site => "site",
            Program::Park => "park",
        }
    }
}

/// One uprobe to attach.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlannedProbe {
    /// Function.
    pub function: String,
    /// Offset of the instruction from the function entry.
    pub func_offset: u64,
    /// File offset (what the uprobe is attached at).
    pub file_offset: u64,
    /// Emulated or single-stepped.
    pub cost: SiteCost,
    /// Program.
    pub program: Program,
    /// Cookie (site kind and id) for [`Program::Site`].
    pub cookie: u64,
}

/// The probe plan for one binary.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Plan {
    /// Uprobes.
    pub probes: Vec<PlannedProbe>,
    /// Layer of each layer function, by site id.
    pub function_layers: Vec<String>,
    /// Layer functions (by site id).
    pub layer_functions: Vec<String>,
    /// `--count` symbols, by site id.
    pub counter_names: Vec<String>,
    /// Things not probed, and why.
    pub notes: Vec<String>,
    /// `strata_config.flags` for the BPF programs.
    pub cfg_flags: u32,
    /// Where requests start.
    pub start: RequestStart,
    /// Attach the `sock_recv_length` raw tracepoint (the recv start).
    pub recv_tracepoint: bool,
    /// Attach [`SOCKET_TRACEPOINTS`] (the socket start).
    pub socket_tracepoints: bool,
    /// Benchmark knob: the programs that filter by process id (the socket and recv-start
    /// tracepoints, the TCP connect count) are given a process id no process has, so they run on
    /// every event and return at that compare — what the bare tracepoints cost, with nothing
    /// recorded. Uprobes (attached to the target alone) run as usual.
    pub filter_everything: bool,
    /// Socket start: the recv start's uprobes for TLS connections (`(*conn).serve` arm, HTTP/2
    /// serveConn disarm, `(*conn).close`, `runtime.gopanic`, finishRequest end-and-arm), attached by
    /// [`Session::attach_tls_probes`] only once the first TLS connection is seen: finishRequest is
    /// one uprobe hit per HTTP/1 request, plain ones included.
    pub tls_probes: Vec<PlannedProbe>,
    /// `--grpc`: where the call's method string is in handleStream's stream ([`grpc_method_offset`]).
    pub grpc_method_off: Option<u64>,
}

/// The recv start's arming probes: `(*conn).serve` arms a connection's first request, the HTTP/2
/// server's serveConn disarms (its requests start at runHandler), and the end of a (not hijacked)
/// connection drops what it left "started" unless it panicked.
fn add_recv_arms(plan: &mut Plan, bin: &GoBinary) -> Result<(), Error> {
    add_function(plan, bin, HTTP_CONN_SERVE, (Program::HttpArm, events::HTTP_ARM), None)?;
    if let Some(f) = HTTP2_SERVE.iter().find(|f| bin.function(f).is_ok()) {
        add_function(plan, bin, f, (Program::HttpArm, events::HTTP_DISARM), None)?;
    }
    for (f, cookie) in [(HTTP_CONN_CLOSE, events::HTTP_CONN_CLOSE), ("runtime.gopanic", events::HTTP_PANIC)] {
        match add_function(plan, bin, f, (Program::HttpArm, cookie), None) {
            Ok(()) => {}
            Err(strata_gobin::Error::NoSuchFunction { .. }) => plan.notes.push(format!(
                "{f} not found: a connection that ends between requests (TLS close_notify, failed handshake) counts as one unended request"
            )),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A layer-boundary candidate for `--layers`: an exported function, or a method (exported or not)
/// whose method name or receiver type is exported. Unexported methods of exported types count because
/// Go HTTP handlers are often method values like `h.getOrder` registered on a mux: the adapter layer
/// is entered through them. Closures (`func1`, `gowrap1`, `deferwrap1`) and generic shape
/// instantiations are not boundaries.
fn exported_method_or_func(symbol: &str) -> bool {
    let head = symbol.split('[').next().unwrap_or_default();
    let slash = head.rfind('/').map_or(0, |i| i + 1);
    let Some(dot) = head.get(slash..).and_then(|s| s.find('.')) else { return false };
    let rest = symbol.get(slash + dot + 1..).unwrap_or_default();
    if rest.contains('[') {
        return false;
    }
    let closure = |part: &str| {
        ["func", "gowrap", "deferwrap"]
            .iter()
            .any(|m| part.strip_prefix(m).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    };
    let exported = |name: &str| name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let parts: Vec<&str> = rest.split('.').collect();
    if parts.iter().any(|p| closure(p)) {
        return false;
    }
    match parts.as_slice() {
        [f] => exported(f),
        [recv, m] => exported(m) || exported(recv.trim_start_matches("(*").trim_end_matches(')')),
        _ => false,
    }
}

fn add_function(
    plan: &mut Plan,
    bin: &GoBinary,
    name: &str,
    enter: (Program, u64),
    ret: Option<(Program, u64)>,
) -> Result<(), strata_gobin::Error> {
    let f = bin.function(name)?;
    let sites = bin.probe_sites(f)?;
    let file = |off: u64| bin.file_offset(f.entry + off);
    let Some(entry_file) = file(sites.entry.offset) else {
        plan.notes.push(format!("{name}: entry not in a file-backed segment; not probed"));
        return Ok(());
    };
    if let Some(ret) = ret {
        if ret.0 == Program::Site && SiteKind::LayerRet.cookie(0) >> 32 == ret.1 >> 32 && sites.self_calls > 0 {
            plan.notes.push(format!(
                "{name}: recursive (calls itself); not probed for --layers (a probe pair per level would slow it down)"
            ));
            return Ok(());
        }
        if sites.rets.is_empty() || sites.tail_jumps > 0 {
            plan.notes.push(format!(
                "{name}: {} RETs, {} tail jumps: returns cannot all be seen; not probed",
                sites.rets.len(),
                sites.tail_jumps
            ));
            return Ok(());
        }
        for r in &sites.rets {
            if let Some(off) = file(r.offset) {
                plan.probes.push(PlannedProbe {
                    function: name.to_string(),
                    func_offset: r.offset,
                    file_offset: off,
                    cost: r.cost,
                    program: ret.0,
                    cookie: ret.1,
                });
            }
        }
    }
    plan.probes.push(PlannedProbe {
        function: name.to_string(),
        func_offset: sites.entry.offset,
        file_offset: entry_file,
        cost: sites.entry.cost,
        program: enter.0,
        cookie: enter.1,
    });
    Ok(())
}

/// The one read of `net/http.Request` the BPF side makes at a request's end: `(start, len, URL word,
/// ContentLength word, Pattern word)`, covering URL, ContentLength and Pattern; `None` if that is
/// more than 256 bytes.
fn window(o: &strata_gobin::Offsets) -> Option<(u64, u64, u64, u64, u64)> {
    let mut fields = vec![(o.request_url, 8), (o.request_content_length, 8)];
    if let Some(p) = o.request_pattern {
        fields.push((p, 16));
    }
    let lo = fields.iter().map(|f| f.0).min()? & !7;
    let hi = fields.iter().map(|f| f.0 + f.1).max()?;
    let len = (hi - lo).div_ceil(8) * 8;
    let word = |off: u64| (off - lo) / 8;
    (len <= 256)
        .then(|| (lo, len, word(o.request_url), word(o.request_content_length), o.request_pattern.map_or(0, word)))
}

/// Decide where every probe goes. Needs only the binary (and the layer map for `--layers`).
pub fn plan(bin: &GoBinary, layers: &LayerMap, opts: &ProbeOptions) -> Result<Plan, Error> {
    let mut plan = Plan::default();
    let finish = opts.end == RequestEnd::Finish && bin.function(HTTP_FINISH).is_ok();
    if opts.end == RequestEnd::Finish && !finish {
        plan.notes.push(format!("{HTTP_FINISH} not found: request ends observed at the RETs of {HTTP_SERVE}"));
    }
    let has_serve = bin.function(HTTP_SERVE).is_ok();
    let o = bin.offsets();
    // The socket start, unless something it needs is missing (then the recv start, with a note).
    let mut start = opts.start;
    if start == RequestStart::Socket && has_serve {
        let why = if opts.layers || !opts.count.is_empty() {
            Some("--layers and --count attribute work to requests by goroutine")
        } else if opts.stack_depth {
            Some("--stack-depth unwinds the stack at the entry of ServeHTTP")
        } else if opts.end == RequestEnd::Ret {
            Some("--end ret")
        } else if !opts.socket_tracepoints {
            Some("the kernel lacks the sock_recv_length/sock_send_length tracepoints (older than 6.3) or BTF")
        } else {
            None
        };
        if let Some(why) = why {
            plan.notes.push(format!(
                "requests are timed from the serving goroutine's first read to finishRequest (--start recv), not at the socket: {why}"
            ));
            start = RequestStart::Recv;
        }
    }
    let socket = has_serve && start == RequestStart::Socket;
    plan.socket_tracepoints = socket;
    if start == RequestStart::Recv && has_serve {
        let why = if opts.stack_depth {
            Some("--stack-depth unwinds the stack at the entry of ServeHTTP")
        } else if opts.end == RequestEnd::Ret {
            Some("--end ret")
        } else if !finish {
            Some("no finishRequest")
        } else if bin.function(HTTP_CONN_SERVE).is_err() {
            Some("no (*conn).serve")
        } else if !opts.recv_tracepoint {
            Some("the kernel has no sock_recv_length tracepoint (older than 6.3, or no /sys/kernel/btf/vmlinux)")
        } else if window(o).is_none() {
            Some("net/http.Request fields too far apart for one read")
        } else {
            None
        };
        if let Some(why) = why {
            plan.notes.push(format!("requests start at the entry of {HTTP_SERVE}, not at their first read: {why}"));
            start = RequestStart::Servehttp;
        }
    }
    plan.start = if has_serve { start } else { RequestStart::Servehttp };
    let recv = has_serve && start == RequestStart::Recv;
    plan.recv_tracepoint = recv;
    let serve_ret = if finish { None } else { Some((Program::HttpRet, events::HTTP_END)) };
    if finish && has_serve {
        let cookie = if recv { events::HTTP_END_FINISH_ARM } else { events::HTTP_END };
        if !socket {
            add_function(&mut plan, bin, HTTP_FINISH, (Program::HttpRet, cookie), None)?;
        }
        match HTTP2_DONE.iter().find(|f| bin.function(f).is_ok()) {
            Some(f) => add_function(&mut plan, bin, f, (Program::HttpRet, events::HTTP_END), None)?,
            None => plan.notes.push(
                "no HTTP/2 server handlerDone in the binary: HTTP/2 requests (if any) are counted as unended".into(),
            ),
        }
    }
    if socket {
        match HTTP2_RUN_HANDLER.iter().find(|(f, _)| bin.function(f).is_ok()) {
            Some((f, cookie)) => add_function(&mut plan, bin, f, (Program::HttpEnter, *cookie), None)?,
            None => plan
                .notes
                .push("no HTTP/2 server runHandler in the binary: HTTP/2 requests (if any) are not timed".into()),
        }
    }
    // Socket start: HTTP/1.1 over TLS cannot be read at the socket; its connections are handed to the
    // recv start (sock_read calls it for them), whose uprobes wait in `tls_probes`.
    if socket && finish && bin.function(HTTP_CONN_SERVE).is_ok() && window(o).is_some() {
        let before = plan.probes.len();
        add_recv_arms(&mut plan, bin)?;
        add_function(&mut plan, bin, HTTP_FINISH, (Program::HttpRet, events::HTTP_END_FINISH_ARM), None)?;
        plan.tls_probes = plan.probes.split_off(before);
    }
    if recv {
        add_recv_arms(&mut plan, bin)?;
        match HTTP2_RUN_HANDLER.iter().find(|(f, _)| bin.function(f).is_ok()) {
            Some((f, cookie)) => add_function(&mut plan, bin, f, (Program::HttpEnter, *cookie), None)?,
            None => plan
                .notes
                .push("no HTTP/2 server runHandler in the binary: HTTP/2 requests (if any) are not timed".into()),
        }
    }
    // gRPC-Go's server speaks HTTP/2 with its own transport: none of the probes above sees its calls.
    // --grpc times them from handleStream's entry to writeStatus's (two emulated hits per call).
    if bin.function(GRPC_SERVER).is_ok() {
        if !opts.grpc {
            plan.notes.push(format!(
                "the binary has a gRPC-Go server ({GRPC_SERVER}): its calls are not timed (--grpc times them: \
                 two uprobe hits per call)"
            ));
        } else if let Some(end) = GRPC_END.iter().find(|f| bin.function(f).is_ok()) {
            add_function(&mut plan, bin, GRPC_SERVER, (Program::HttpEnter, events::HTTP_ENTER_GRPC), None)?;
            add_function(&mut plan, bin, end, (Program::HttpRet, events::HTTP_END), None)?;
            plan.notes.push(format!(
                "--grpc: gRPC-Go calls are timed from the entry of {GRPC_SERVER} to that of {end} (route = the \
                 call's method); they are among the requests"
            ));
            let version = bin.build_info().deps.iter().find(|m| m.path == "google.golang.org/grpc").map(|m| &m.version);
            plan.grpc_method_off = grpc_method_offset(o, version.map(String::as_str));
            if plan.grpc_method_off.is_none() {
                plan.notes.push(format!(
                    "--grpc: the call's method cannot be read here ({}): calls are timed under the route \"(unknown)\"",
                    if o.grpc_stream_method.is_none() {
                        "no DWARF for gRPC's stream".to_string()
                    } else {
                        format!("gRPC-Go {} keeps it one pointer away", version.map_or("of unknown version", |v| v))
                    }
                ));
            }
        } else {
            plan.notes.push(format!("--grpc: no {} in the binary: gRPC calls are not timed", GRPC_END.join(" or ")));
        }
    } else if opts.grpc {
        plan.notes.push(format!("--grpc: no gRPC-Go server in the binary ({GRPC_SERVER})"));
    }
    if opts.stack_depth {
        plan.cfg_flags |= events::CFG_ENTRY_DEPTH;
    }
    // Only the request programs run: pair entry and end by g's address and skip the goid read.
    // Layer, park and count events are matched to requests across a goroutine's life (and parks to
    // their resumption), so they keep the real goid.
    if !opts.layers && !opts.park && opts.count.is_empty() {
        plan.cfg_flags |= events::CFG_KEY_BY_G;
    }
    if !recv && !socket {
        match add_function(&mut plan, bin, HTTP_SERVE, (Program::HttpEnter, events::HTTP_ENTER_SERVE), serve_ret) {
            Ok(()) => {}
            Err(strata_gobin::Error::NoSuchFunction { .. }) => {
                plan.notes.push(format!("{HTTP_SERVE} not in the binary: no net/http server, no request latency"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    for (name, kind) in [
        ("runtime.stopTheWorldWithSema", SiteKind::StwStart),
        ("runtime.startTheWorldWithSema", SiteKind::StwEnd),
        ("runtime.gcStart", SiteKind::GcStart),
    ] {
        match add_function(&mut plan, bin, name, (Program::Site, kind.cookie(0)), None) {
            Ok(()) => {}
            Err(strata_gobin::Error::NoSuchFunction { .. }) => plan.notes.push(format!("{name} not found: no GC data")),
            Err(e) => return Err(e.into()),
        }
    }
    if opts.park {
        add_function(
            &mut plan,
            bin,
            "runtime.gopark",
            (Program::Park, 0),
            Some((Program::Site, SiteKind::ParkEnd.cookie(0))),
        )?;
    }
    for (i, sym) in opts.count.iter().enumerate() {
        let id = i as u32;
        match add_function(&mut plan, bin, sym, (Program::Site, SiteKind::Count.cookie(id)), None) {
            Ok(()) => plan.counter_names.push(sym.clone()),
            Err(strata_gobin::Error::NoSuchFunction { .. }) => {
                return Err(Error::NoSuchSymbol { exe: bin.path().to_path_buf(), symbol: sym.clone() });
            }
            Err(e) => return Err(e.into()),
        }
    }
    if opts.layers {
        let max = if opts.max_layer_functions == 0 { 256 } else { opts.max_layer_functions };
        let candidates: Vec<(String, String)> = bin
            .functions()
            .iter()
            .filter(|f| exported_method_or_func(&f.name))
            .filter_map(|f| {
                let id = layers.layer_of_symbol(&f.name);
                (layers.bucket(id).is_none()).then(|| (f.name.clone(), layers.name(id).to_string()))
            })
            .collect();
        if candidates.len() > max {
            plan.notes.push(format!("--layers: {} boundary functions, probing the first {max}", candidates.len()));
        }
        for (name, layer) in candidates.into_iter().take(max) {
            let id = plan.layer_functions.len() as u32;
            let before = plan.probes.len();
            add_function(
                &mut plan,
                bin,
                &name,
                (Program::Site, SiteKind::LayerEnter.cookie(id)),
                Some((Program::Site, SiteKind::LayerRet.cookie(id))),
            )?;
            if plan.probes.len() > before {
                plan.layer_functions.push(name);
                plan.function_layers.push(layer);
            }
        }
        if plan.layer_functions.is_empty() {
            plan.notes.push("--layers: no exported functions in application layers (adapter/app/domain/infra)".into());
        }
    }
    Ok(plan)
}

/// Attribution of park stacks and wait reasons for one running binary.
pub struct GoAttribution {
    functions: Vec<(u64, u64, String)>,
    layers: LayerMap,
    bias: u64,
    reasons: Vec<String>,
}

impl GoAttribution {
    /// For `bin` loaded with `bias` (process address − link address; 0 unless PIE).
    pub fn new(bin: &GoBinary, layers: LayerMap, bias: u64) -> Self {
        GoAttribution {
            functions: bin.functions().iter().map(|f| (f.entry, f.end, f.name.clone())).collect(),
            layers,
            bias,
            reasons: bin.wait_reasons().to_vec(),
        }
    }

    fn symbol(&self, pc: u64) -> Option<&str> {
        let pc = pc.checked_sub(self.bias)?;
        let i = self.functions.partition_point(|f| f.0 <= pc);
        let (entry, end, name) = self.functions.get(i.checked_sub(1)?)?;
        (pc >= *entry && pc < *end).then_some(name.as_str())
    }
}

impl Attribution for GoAttribution {
    fn layer_of_stack(&self, pcs: &[u64]) -> String {
        let mut fallback: Option<String> = None;
        for (i, &pc) in pcs.iter().enumerate() {
            // Return addresses point after the CALL; the first pc is the probed instruction itself.
            let pc = if i == 0 { pc } else { pc.saturating_sub(1) };
            let Some(sym) = self.symbol(pc) else { continue };
            let id = self.layers.layer_of_symbol(sym);
            if self.layers.bucket(id).is_none() || self.layers.name(id) == "main" {
                return self.layers.name(id).to_string();
            }
            if fallback.is_none() && self.layers.name(id) != "runtime" {
                fallback = Some(self.layers.name(id).to_string());
            }
        }
        fallback.unwrap_or_else(|| "runtime".to_string())
    }

    fn wait_reason(&self, reason: u8) -> String {
        match self.reasons.get(reason as usize) {
            Some(s) if !s.is_empty() => s.clone(),
            _ => format!("reason {reason}"),
        }
    }
}

/// Load bias of `exe` in process `pid`, from `/proc/PID/maps` (0 for non-PIE binaries).
pub fn load_bias(pid: u32, bin: &GoBinary) -> u64 {
    if !bin.is_pie() {
        return 0;
    }
    let Ok(maps) = std::fs::read_to_string(format!("/proc/{pid}/maps")) else { return 0 };
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
    for line in maps.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(range), Some(off), Some(path)) = (f.first(), f.get(2), f.get(5)) else { continue };
        if Path::new(path) != exe {
            continue;
        }
        let start = range.split('-').next().and_then(|s| u64::from_str_radix(s, 16).ok());
        let off = u64::from_str_radix(off, 16).ok();
        if let (Some(start), Some(off)) = (start, off)
            && let Some(vaddr) = bin.vaddr_of_file_offset(off)
        {
            return start.wrapping_sub(vaddr);
        }
    }
    0
}

/// A loaded BPF object with its probes attached to one process.
pub struct Session {
    ebpf: Ebpf,
    ring: RingBuf<MapData>,
    attached: usize,
    /// The binary's `.rodata` at its address in the process, to read routes sent as addresses.
    rodata: Option<(u64, Vec<u8>)>,
    /// The socket start's tracepoints are attached.
    socket: bool,
    /// Socket start: what the settle sweep handed over.
    swept: Swept,
    /// Socket start: the uprobes for TLS connections, attached when the first one is seen.
    tls: TlsProbes,
    /// Requests timed by a goroutine-keyed start (HTTP/2 at runHandler, HTTP/1.1 over TLS, or every
    /// request with `--start recv`/`servehttp`), as opposed to at the socket.
    goroutine_requests: u64,
    /// How the uprobes are bound.
    scope: UprobeScope,
    /// Uprobes attached (the plan's, then the TLS ones).
    uprobes: usize,
    /// Other processes that ran the target's executable when the uprobes were attached, or since
    /// (see [`Session::new_sharers`]).
    sharers: Vec<u32>,
}

/// How strata's uprobes are bound to the target (chosen by [`Session::attach`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UprobeScope {
    /// Attached for every process that runs the target's executable (a perf event with no task:
    /// `perf_event_open(pid = -1, cpu = 0)`, which still fires on every CPU for a uprobe); the BPF
    /// programs return at their process-id compare for any process but the target. The default: a
    /// perf event bound to a task makes the kernel schedule it out and in at every context switch
    /// of that task — for the target's main thread, a Go M that switches about once per request
    /// under load, that cost ≈ 1.5 µs plus ≈ 0.3 µs per probe per switch on the development
    /// machine (docs/record.md "Cost").
    Binary,
    /// Bound to the target's process id, so no other process traps at the probe sites: chosen when
    /// another process runs the same executable when strata attaches.
    Process,
}

impl UprobeScope {
    /// `binary` or `process`, as in the report.
    pub fn name(self) -> &'static str {
        match self {
            UprobeScope::Binary => "binary",
            UprobeScope::Process => "process",
        }
    }
}

/// The processes other than `pid` whose executable is the file `exe` (same device and inode), in
/// ascending order. Processes strata may not inspect are left out.
pub fn processes_running(exe: &Path, pid: u32) -> Vec<u32> {
    use std::os::unix::fs::MetadataExt;
    let Ok(m) = std::fs::metadata(exe) else { return Vec::new() };
    let key = (m.dev(), m.ino());
    let mut out: Vec<u32> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&n| n != pid)
        .filter(|n| std::fs::metadata(format!("/proc/{n}/exe")).is_ok_and(|m| (m.dev(), m.ino()) == key))
        .collect();
    out.sort_unstable();
    out
}

/// `12`, `12 and 40`, `12, 40 and 41` — as "process 12", "processes 12 and 40".
pub fn pid_list(pids: &[u32]) -> String {
    let ids: Vec<String> = pids.iter().map(u32::to_string).collect();
    match ids.as_slice() {
        [one] => format!("process {one}"),
        [rest @ .., last] => format!("processes {} and {last}", rest.join(", ")),
        [] => "no process".to_string(),
    }
}

/// [`Plan::tls_probes`], kept by the session to be attached later.
struct TlsProbes {
    planned: Vec<PlannedProbe>,
    exe: std::path::PathBuf,
    pid: NonZeroU32,
    attached: usize,
}

/// Attach one planned uprobe for `exe` in `scope` (process `pid`).
fn attach_uprobe(
    ebpf: &mut Ebpf,
    p: &PlannedProbe,
    exe: &Path,
    pid: NonZeroU32,
    scope: UprobeScope,
) -> Result<(), Error> {
    let prog: &mut UProbe = ebpf
        .program_mut(p.program.name())
        .ok_or_else(|| Error::Kernel { what: p.program.name().into(), detail: "program missing".into() })?
        .try_into()
        .map_err(|e| kernel("program type", e))?;
    let point =
        UProbeAttachPoint { location: UProbeAttachLocation::AbsoluteOffset(p.file_offset), cookie: Some(p.cookie) };
    let scope = match scope {
        UprobeScope::Binary => UProbeScope::AllProcesses,
        UprobeScope::Process => UProbeScope::OneProcess(pid),
    };
    prog.attach(point, exe, scope)
        .map_err(|e| kernel(format!("attaching uprobe {}+{:#x}", p.function, p.func_offset), e))?;
    Ok(())
}

/// `struct strata_conn` in 8-byte words.
const CONN_WORDS: usize = std::mem::size_of::<events::RawConn>() / 8;

/// Bookkeeping of [`Session::sweep`], so that no request is counted twice: a request is identified by
/// its connection's socket and its start time.
#[derive(Default)]
struct Swept {
    /// Requests the sweep handed over (removed when the BPF side's record of the same request
    /// arrives); bounded.
    handed: FastSet<(u64, u64)>,
    handed_order: std::collections::VecDeque<(u64, u64)>,
    /// Per socket, the start of the last request the BPF side ended (its record can be read before
    /// the entry it came from shows the next request, and an entry only ever shows its latest
    /// request); bounded by clearing.
    recent: FastMap<u64, u64>,
    /// Answered connections at the previous sweep: socket → (start, last write).
    previous: FastMap<u64, (u64, u64)>,
    /// Connections with a request read and not answered at the last sweep.
    reading: u64,
}

const SWEPT_KEEP: usize = 65536;

/// Hash maps keyed by socket addresses and timestamps, looked up once per request record: SipHash's
/// protection against chosen keys buys nothing for keys the kernel picks, and cost strata a visible
/// share of its CPU under load (perf).
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

impl Swept {
    fn hand(&mut self, key: (u64, u64)) {
        if self.handed.insert(key) {
            self.handed_order.push_back(key);
            if self.handed_order.len() > SWEPT_KEEP
                && let Some(old) = self.handed_order.pop_front()
            {
                self.handed.remove(&old);
            }
        }
    }

    /// A record of the BPF side for `key`: whether to drop it (the sweep handed it over already).
    fn kernel_record(&mut self, key: (u64, u64)) -> bool {
        if self.handed.remove(&key) {
            return true;
        }
        if self.recent.len() >= SWEPT_KEEP && !self.recent.contains_key(&key.0) {
            // More sockets than the BPF side's connection map holds: the oldest are long gone.
            self.recent.clear();
        }
        self.recent.insert(key.0, key.1);
        false
    }
}

/// `len` bytes at process address `addr` of `rodata` (`(address, bytes)`), as text.
fn rodata_string(rodata: Option<&(u64, Vec<u8>)>, addr: u64, len: u64) -> Option<String> {
    let (base, data) = rodata?;
    let at = usize::try_from(addr.checked_sub(*base)?).ok()?;
    let bytes = data.get(at..at.checked_add(usize::try_from(len).ok()?)?)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// Load program `name` of the object as a raw tracepoint program and attach it to `tp` (no tracefs).
fn attach_raw_tracepoint(ebpf: &mut Ebpf, name: &str, tp: &str) -> Result<(), Error> {
    let prog: &mut RawTracePoint = ebpf
        .program_mut(name)
        .ok_or_else(|| Error::Kernel { what: name.into(), detail: "program missing".into() })?
        .try_into()
        .map_err(|e| kernel("program type", e))?;
    prog.load().map_err(|e| kernel(format!("loading {name} (verifier)"), e))?;
    prog.attach(tp).map_err(|e| kernel(format!("attaching raw tracepoint {tp}"), e))?;
    Ok(())
}

/// Load program `name` as a classic tracepoint program and attach it to `cat:tp` (through tracefs).
fn attach_tracepoint(ebpf: &mut Ebpf, name: &str, cat: &str, tp: &str) -> Result<(), Error> {
    let prog: &mut TracePoint = ebpf
        .program_mut(name)
        .ok_or_else(|| Error::Kernel { what: name.into(), detail: "program missing".into() })?
        .try_into()
        .map_err(|e| kernel("program type", e))?;
    prog.load().map_err(|e| kernel(format!("loading {name} (verifier)"), e))?;
    prog.attach(cat, tp).map_err(|e| kernel(format!("attaching tracepoint {cat}:{tp}"), e))?;
    Ok(())
}

fn kernel(what: impl Into<String>, e: impl std::error::Error) -> Error {
    let mut detail = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        src = s.source();
    }
    Error::Kernel { what: what.into(), detail }
}

impl Session {
    /// Load the BPF object configured for `bin`, and attach `plan` to process `pid` running `exe`
    /// (pass `/proc/PID/exe`). TCP tracepoints are attached when `tcp` is set.
    pub fn attach(pid: u32, exe: &Path, bin: &GoBinary, plan: &Plan, tcp: bool) -> Result<Session, Error> {
        let o = bin.offsets();
        let (win_off, win_len, win_url, win_cl, win_pattern) = window(o).unwrap_or((o.request_url, 8, 0, 0, 0));
        let bias = load_bias(pid, bin);
        let (ro_lo, ro_hi) = bin.rodata().map_or((0, 0), |(lo, hi)| (lo.wrapping_add(bias), hi.wrapping_add(bias)));
        let cfg = RawConfig {
            goid_off: o.g_goid as u32,
            pattern_off: o.request_pattern.unwrap_or(0) as u32,
            url_off: o.request_url as u32,
            path_off: o.url_path as u32,
            tgid: if plan.filter_everything { u32::MAX } else { pid },
            flags: plan.cfg_flags,
            resp_req_off: o.response_req as u32,
            resp_body_off: o.response_req_body as u32,
            body_src_off: o.body_src as u32,
            h2req_url_off: o.h2_server_request_url.unwrap_or(0) as u32,
            win_off: win_off as u32,
            win_len: win_len as u32,
            win_url: win_url as u32,
            win_cl: win_cl as u32,
            win_pattern: win_pattern as u32,
            grpc_method_off: plan.grpc_method_off.unwrap_or(0) as u32,
            ro_lo,
            ro_hi,
        };
        let bytes = cfg.to_bytes();
        let mut ebpf = EbpfLoader::new()
            .override_global("cfg", &bytes[..], true)
            .load(BPF_OBJECT)
            .map_err(|e| kernel("loading the BPF object", e))?;
        let Some(pid_nz) = NonZeroU32::new(pid) else {
            return Err(Error::Kernel { what: "attach".into(), detail: "pid 0".into() });
        };
        // Bound to the target only when another process runs the same executable (see UprobeScope);
        // STRATA_EBPF_UPROBE_SCOPE=process|binary forces one (a benchmark knob).
        let sharers = processes_running(exe, pid);
        let scope = match std::env::var("STRATA_EBPF_UPROBE_SCOPE").as_deref() {
            Ok("process") => UprobeScope::Process,
            Ok("binary") => UprobeScope::Binary,
            _ if sharers.is_empty() => UprobeScope::Binary,
            _ => UprobeScope::Process,
        };
        let mut attached = 0;
        for name in ["http_enter", "http_ret", "http_arm", "site", "park"] {
            let prog: &mut UProbe = ebpf
                .program_mut(name)
                .ok_or_else(|| Error::Kernel { what: name.into(), detail: "program missing from object".into() })?
                .try_into()
                .map_err(|e| kernel(format!("program {name}"), e))?;
            prog.load().map_err(|e| kernel(format!("loading {name} (verifier)"), e))?;
        }
        for p in &plan.probes {
            attach_uprobe(&mut ebpf, p, exe, pid_nz, scope)?;
            attached += 1;
        }
        if plan.recv_tracepoint {
            // Benchmark knob (scripts/bench-ebpf-overhead.sh): STRATA_EBPF_RECV_TP=classic attaches the
            // same program as a classic tracepoint (perf trace-event record per read, needs tracefs).
            if std::env::var("STRATA_EBPF_RECV_TP").is_ok_and(|v| v == "classic") {
                attach_tracepoint(&mut ebpf, "http_recv_tp", "sock", RECV_TRACEPOINT)?;
            } else {
                attach_raw_tracepoint(&mut ebpf, "http_recv", RECV_TRACEPOINT)?;
            }
            attached += 1;
        }
        if plan.socket_tracepoints {
            for (name, tp) in SOCKET_TRACEPOINTS {
                attach_raw_tracepoint(&mut ebpf, name, tp)?;
                attached += 1;
            }
        }
        if tcp {
            // One tracepoint: TCP state changes (connects are counted there too, see tcp_state).
            attach_tracepoint(&mut ebpf, "tcp_state", "sock", "inet_sock_set_state")?;
            attached += 1;
        }
        let map = ebpf
            .take_map("events")
            .ok_or_else(|| Error::Kernel { what: "events".into(), detail: "map missing".into() })?;
        let ring = RingBuf::try_from(map).map_err(|e| kernel("ring buffer", e))?;
        let rodata = bin.rodata().and_then(|(lo, hi)| {
            let data = bin.read_rodata(lo, hi - lo)?;
            Some((lo.wrapping_add(bias), data.to_vec()))
        });
        Ok(Session {
            ebpf,
            ring,
            attached,
            rodata,
            socket: plan.socket_tracepoints,
            swept: Swept::default(),
            tls: TlsProbes { planned: plan.tls_probes.clone(), exe: exe.to_path_buf(), pid: pid_nz, attached: 0 },
            goroutine_requests: 0,
            scope,
            uprobes: plan.probes.len(),
            sharers,
        })
    }

    /// Socket start: attach the recv start's uprobes for TLS connections ([`Plan::tls_probes`]);
    /// returns how many were attached (0 when there are none or they already are).
    pub fn attach_tls_probes(&mut self) -> Result<usize, Error> {
        if self.tls.attached > 0 {
            return Ok(0);
        }
        for p in &self.tls.planned {
            attach_uprobe(&mut self.ebpf, p, &self.tls.exe, self.tls.pid, self.scope)?;
            self.tls.attached += 1;
            self.attached += 1;
            self.uprobes += 1;
        }
        Ok(self.tls.attached)
    }

    /// How many uprobes are attached.
    pub fn uprobe_count(&self) -> usize {
        self.uprobes
    }

    /// How the uprobes are bound.
    pub fn uprobe_scope(&self) -> UprobeScope {
        self.scope
    }

    /// What the report should say about the uprobes' binding: with [`UprobeScope::Process`], which
    /// processes share the executable and what being bound costs.
    pub fn scope_note(&self) -> Option<String> {
        (self.scope == UprobeScope::Process && !self.sharers.is_empty()).then(|| {
            format!(
                "{} also run{} the target's executable, so strata's uprobes are bound to the target's pid: the kernel \
                 then switches their perf events at every context switch of the target's main thread (≈ 1.5 µs plus \
                 ≈ 0.3 µs per uprobe per switch on strata's development machine), which the cost figures in \
                 docs/record.md do not include",
                pid_list(&self.sharers),
                if self.sharers.len() == 1 { "s" } else { "" }
            )
        })
    }

    /// With [`UprobeScope::Binary`] and uprobes attached: the processes that started running the
    /// target's executable since the last call (or since attaching). They trap at strata's probe
    /// sites (the programs return at once for them) — a cost to them, not a change of what they do.
    /// Reads /proc: call it seldom.
    pub fn new_sharers(&mut self) -> Vec<u32> {
        if self.scope != UprobeScope::Binary || self.uprobes == 0 {
            return Vec::new();
        }
        let now = processes_running(&self.tls.exe, self.tls.pid.get());
        let fresh: Vec<u32> = now.iter().copied().filter(|n| !self.sharers.contains(n)).collect();
        self.sharers = now;
        fresh
    }

    /// How many of the TLS uprobes ([`Session::attach_tls_probes`]) are attached.
    pub fn tls_probes_attached(&self) -> usize {
        self.tls.attached
    }

    /// Socket start: the local ports whose connections are the target's server connections (the
    /// ports it listens on). Call again when they may have changed (a started service listens late).
    pub fn set_listen_ports(&mut self, list: &[u16]) -> Result<(), Error> {
        if !self.socket {
            return Ok(());
        }
        let map = self
            .ebpf
            .map_mut("ports")
            .ok_or_else(|| Error::Kernel { what: "ports".into(), detail: "map missing".into() })?;
        let mut m = aya::maps::HashMap::<_, u32, u32>::try_from(map).map_err(|e| kernel("ports map", e))?;
        for &p in list {
            m.insert(u32::from(p), 1, 0).map_err(|e| kernel(format!("ports map: port {p}"), e))?;
        }
        Ok(())
    }

    /// Socket start: hand `sink` the requests whose response has settled — connections whose last
    /// request was answered and that showed the same request and last write at the previous sweep
    /// (so nothing was written for at least the time between two sweeps), or, with `all`, every
    /// answered one (the end of a recording). The BPF side would end such a request only at the
    /// connection's next request or its end, which on an idle keep-alive connection may be much
    /// later. A request handed over here is not handed over again when the BPF side ends it.
    pub fn sweep(&mut self, sink: &mut dyn EventSink, all: bool) {
        if !self.socket {
            return;
        }
        let Some(map) = self.ebpf.map("conns") else { return };
        let Ok(m) = aya::maps::HashMap::<_, u64, [u64; CONN_WORDS]>::try_from(map) else { return };
        let mut seen = FastMap::default();
        let mut reading = 0;
        for (sk, words) in m.iter().filter_map(Result::ok) {
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
            let Some(c) = events::RawConn::from_bytes(&bytes) else { continue };
            if c.state == events::CONN_READING {
                reading += 1;
            }
            if c.state != events::CONN_SENT {
                continue;
            }
            let key = (sk, c.start_ns);
            if self.swept.handed.contains(&key) || self.swept.recent.get(&sk) == Some(&c.start_ns) {
                continue;
            }
            if all || self.swept.previous.get(&sk) == Some(&(c.start_ns, c.last_send_ns)) {
                sink.event(&c.request(sk));
                self.swept.hand(key);
            } else {
                seen.insert(sk, (c.start_ns, c.last_send_ns));
            }
        }
        self.swept.previous = seen;
        self.swept.reading = reading;
    }

    /// Links attached.
    pub fn attached(&self) -> usize {
        self.attached
    }

    /// Drain the ring buffer into `sink`; returns the number of records read.
    pub fn poll(&mut self, sink: &mut dyn EventSink) -> usize {
        let mut n = 0;
        let rodata = self.rodata.as_ref();
        let resolve = |addr: u64, len: u64| rodata_string(rodata, addr, len);
        while let Some(item) = self.ring.next() {
            n += 1;
            let ev = events::decode_with(&item, &resolve);
            if let Some(Event::Request { goid, start_ns, .. }) = &ev {
                if !events::is_socket_request(&item) {
                    self.goroutine_requests += 1;
                } else if self.swept.kernel_record((*goid, *start_ns)) {
                    continue;
                }
            }
            match ev {
                Some(ev) => sink.event(&ev),
                None => sink.undecodable(),
            }
        }
        n
    }

    fn array(&self, name: &str, len: u32) -> Vec<u64> {
        let Some(map) = self.ebpf.map(name) else { return Vec::new() };
        let Ok(arr) = Array::<_, u64>::try_from(map) else { return Vec::new() };
        (0..len).map(|i| arr.get(&i, 0).unwrap_or(0)).collect()
    }

    /// Records the kernel side could not deliver (ring buffer or request map full).
    pub fn kernel_drops(&self) -> u64 {
        self.array("drops", EV_KIND_MAX).iter().sum()
    }

    /// Requests whose entry was seen but whose end was not: those still in the in-flight map (in
    /// flight when asked, hijacked connections, panicking handlers, an end site the binary lacks),
    /// plus those the BPF side found overwritten by a later request on the same goroutine key.
    /// (Entries of the map that are only armed for a connection's next request are not counted.)
    /// With the socket start, also its requests read and not answered — still so at the last
    /// [`Session::sweep`] (in flight) or when their connection closed; its HTTP/2 and TLS requests
    /// are in the in-flight map.
    pub fn unended(&self) -> u64 {
        // Socket start: requests read and not answered, in flight counted by the last sweep (one
        // pass over the connection map serves both); HTTP/2 and TLS requests are in `requests`.
        let socket = if self.socket { self.counter(events::CNT_NO_RESPONSE) + self.swept.reading } else { 0 };
        let counted = socket + self.counter(events::CNT_OVERWRITTEN);
        let Some(map) = self.ebpf.map("requests") else { return counted };
        let Ok(m) = aya::maps::HashMap::<_, u64, [u64; 5]>::try_from(map) else { return counted };
        // struct inflight: state (INF_STARTED = 1, INF_PANICKED = 4) is the low half of the fifth word.
        let started =
            m.iter().filter_map(Result::ok).filter(|(_, v)| v.get(4).is_some_and(|w| matches!(w & 0xffff_ffff, 1 | 4)));
        counted + started.count() as u64
    }

    /// Request ends seen with no start (recv start: the request's bytes were already buffered when
    /// the previous one ended — pipelining —, or an unread body kept the goroutine unarmed).
    pub fn unstarted(&self) -> u64 {
        self.counter(events::CNT_UNSTARTED)
    }

    /// One entry of the `counters` array (one lookup: the live loop and the agent read some every
    /// second).
    fn counter(&self, i: u32) -> u64 {
        let Some(map) = self.ebpf.map("counters") else { return 0 };
        Array::<_, u64>::try_from(map).ok().and_then(|arr| arr.get(&i, 0).ok()).unwrap_or(0)
    }

    /// Socket start: connections that began with a TLS record or the HTTP/2 preface (not timed at the
    /// socket; HTTP/2 requests are timed at runHandler/handlerDone).
    pub fn not_http1(&self) -> u64 {
        self.counter(events::CNT_NOT_HTTP1)
    }

    /// Requests timed so far by a goroutine-keyed start rather than at the socket: with the socket
    /// start, the HTTP/2 and HTTP/1.1-over-TLS requests net/http served.
    pub fn goroutine_requests(&self) -> u64 {
        self.goroutine_requests
    }

    /// Socket start: of [`Session::not_http1`], the connections that began with a TLS record.
    pub fn tls_connections(&self) -> u64 {
        self.counter(events::CNT_TLS)
    }

    /// TCP active opens by the target (`CLOSE → SYN_SENT` in its threads).
    pub fn connects(&self) -> u64 {
        self.counter(events::CNT_CONNECTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three layouts of gRPC-Go's server stream (read from its source at v1.60–v1.85; the
    /// offsets themselves come from DWARF, here those of the v1.85 test server's build).
    #[test]
    fn grpc_method_offset_by_version() {
        let mut o = strata_gobin::offsets::table(26).unwrap();
        assert_eq!(grpc_method_offset(&o, Some("v1.85.0")), None, "no DWARF: no offset");
        // Before 1.69 handleStream gets the *Stream: its method field directly.
        o.grpc_stream_method = Some(88);
        assert_eq!(grpc_method_offset(&o, Some("v1.66.0")), Some(88));
        assert_eq!(grpc_method_offset(&o, None), Some(88));
        // From 1.69 a *ServerStream: the Stream embedded by value from 1.77, behind a pointer before.
        o.grpc_stream_method = Some(16);
        o.grpc_server_stream_embed = Some(0);
        assert_eq!(grpc_method_offset(&o, Some("v1.85.0")), Some(16));
        assert_eq!(grpc_method_offset(&o, Some("v1.77.0")), Some(16));
        assert_eq!(grpc_method_offset(&o, Some("v1.76.1")), None);
        assert_eq!(grpc_method_offset(&o, Some("v1.69.0")), None);
        // A version strata cannot read: no guess.
        assert_eq!(grpc_method_offset(&o, Some("(devel)")), None);
        assert_eq!(grpc_method_offset(&o, None), None);
    }

    /// BTF type id → (name, members (name, type id, bit offset)).
    type BtfTypes = std::collections::HashMap<u64, (String, Vec<(String, u64, u64)>)>;

    /// The socket start reads a socket's local port at a fixed offset (`SKC_NUM_OFF` in the BPF C):
    /// check it against the running kernel's BTF (`struct sock` → `__sk_common` → `skc_num`, through
    /// the anonymous unions), as bpftool dumps it. CI runs on the kernel strata records on.
    #[test]
    fn local_port_offset_matches_the_kernel_btf() {
        let Ok(out) = std::process::Command::new("bpftool")
            .args(["btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "raw"])
            .output()
        else {
            panic!("bpftool missing: scripts/setup.d/40-ebpf.sh installs it");
        };
        assert!(out.status.success(), "bpftool: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        // id → (name, members (name, type id, bit offset)) of the STRUCT/UNION types.
        let mut types: BtfTypes = Default::default();
        let mut by_name: std::collections::HashMap<String, u64> = Default::default();
        let mut current: Option<u64> = None;
        let quoted = |l: &str| l.split('\'').nth(1).unwrap_or_default().to_string();
        let field =
            |l: &str, k: &str| l.split_whitespace().find_map(|w| w.strip_prefix(k)).and_then(|v| v.parse::<u64>().ok());
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix('[') {
                current = None;
                let id: u64 = rest.split(']').next().unwrap().parse().unwrap();
                if line.contains("] STRUCT '") || line.contains("] UNION '") {
                    let name = quoted(line);
                    if name != "(anon)" {
                        by_name.entry(name.clone()).or_insert(id);
                    }
                    types.insert(id, (name, Vec::new()));
                    current = Some(id);
                }
            } else if let (Some(id), Some(t), Some(b)) = (current, field(line, "type_id="), field(line, "bits_offset="))
            {
                types.get_mut(&id).unwrap().1.push((quoted(line), t, b));
            }
        }
        fn find(types: &BtfTypes, id: u64, name: &str) -> Option<u64> {
            for (m, t, bits) in &types.get(&id)?.1 {
                if m == name {
                    return Some(*bits);
                }
                if m == "(anon)"
                    && let Some(inner) = find(types, *t, name)
                {
                    return Some(bits + inner);
                }
            }
            None
        }
        let sock = by_name["sock"];
        let common = types[&sock].1.iter().find(|m| m.0 == "__sk_common").expect("sock.__sk_common");
        let bits = common.2 + find(&types, common.1, "skc_num").expect("sock_common.skc_num");
        let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/bpf/probes.bpf.c")).unwrap();
        let off: u64 = src
            .lines()
            .find_map(|l| l.strip_prefix("#define SKC_NUM_OFF "))
            .and_then(|v| v.trim().parse().ok())
            .expect("SKC_NUM_OFF in probes.bpf.c");
        assert_eq!(bits, off * 8, "skc_num is at bit {bits} of struct sock on this kernel");
    }

    #[test]
    fn a_request_is_handed_over_once_by_sweep_or_kernel() {
        let mut s = Swept::default();
        // The sweep hands (sk 1, start 10) over: the kernel's later record of it is dropped, once.
        s.hand((1, 10));
        assert!(s.kernel_record((1, 10)));
        assert!(!s.handed.contains(&(1, 10)));
        // A kernel record the sweep never handed over passes, and is remembered so that a sweep
        // reading the entry before the BPF side moved it on does not hand it over again.
        assert!(!s.kernel_record((1, 20)));
        assert_eq!(s.recent.get(&1), Some(&20));
        // Both sets stay bounded.
        for i in 0..(SWEPT_KEEP as u64 + 10) {
            s.hand((2, i));
        }
        assert_eq!(s.handed.len(), SWEPT_KEEP);
        assert_eq!(s.handed_order.len(), SWEPT_KEEP);
        // One entry per socket: its latest request.
        for i in 0..5000 {
            assert!(!s.kernel_record((3, i)));
        }
        assert_eq!(s.recent.get(&3), Some(&4999));
        for sk in 0..(SWEPT_KEEP as u64 + 10) {
            assert!(!s.kernel_record((100 + sk, 1)));
        }
        assert!(s.recent.len() <= SWEPT_KEEP);
    }

    #[test]
    fn boundary_functions_are_exported_non_closures() {
        assert!(exported_method_or_func("example.com/s/service.Lookup"));
        assert!(exported_method_or_func("example.com/s/repository.(*Store).Get"));
        assert!(!exported_method_or_func("example.com/s/service.lookup"));
        assert!(!exported_method_or_func("example.com/s/service.Lookup.func1"));
        assert!(!exported_method_or_func("example.com/s/service.Map[go.shape.int]"));
        // Unexported methods of exported types: handler method values.
        assert!(exported_method_or_func("example.com/s/handler.(*OrderHandler).getOrder"));
        assert!(exported_method_or_func("example.com/s/handler.Stats.render"));
        assert!(!exported_method_or_func("example.com/s/handler.(*state).reset"));
        assert!(!exported_method_or_func("example.com/s/handler.(*OrderHandler).getOrder.func1"));
        assert!(!exported_method_or_func("example.com/s/handler.Authenticate.func1.1"));
        assert!(!exported_method_or_func("example.com/s/handler.Serve.gowrap1"));
        assert!(exported_method_or_func("example.com/s/service.Funcs"));
    }
}
