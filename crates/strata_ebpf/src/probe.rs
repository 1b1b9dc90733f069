//! Where the probes go ([`plan`], pure and testable without a kernel) and the [`Session`] that loads
//! the BPF object and attaches them to one process.
//!
//! Every uprobe is a perf-event link owned by the session: dropping the session detaches them, and if
//! strata dies (even by SIGKILL) the kernel closes the file descriptors and removes the probes.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use aya::maps::{Array, MapData, RingBuf};
use aya::programs::uprobe::{UProbeAttachLocation, UProbeAttachPoint, UProbeScope};
use aya::programs::{TracePoint, UProbe};
use aya::{Ebpf, EbpfLoader};
use strata_gobin::{GoBinary, SiteCost};
use strata_layers::LayerMap;

use crate::aggregate::{Attribution, EventSink};
use crate::events::{self, EV_KIND_MAX, RawConfig, SiteKind};

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
}

/// Which BPF program a site runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// `http_enter`.
    HttpEnter,
    /// `http_ret`.
    HttpRet,
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

/// Decide where every probe goes. Needs only the binary (and the layer map for `--layers`).
pub fn plan(bin: &GoBinary, layers: &LayerMap, opts: &ProbeOptions) -> Result<Plan, Error> {
    let mut plan = Plan::default();
    let finish = opts.end == RequestEnd::Finish && bin.function(HTTP_FINISH).is_ok();
    if opts.end == RequestEnd::Finish && !finish {
        plan.notes.push(format!("{HTTP_FINISH} not found: request ends observed at the RETs of {HTTP_SERVE}"));
    }
    let serve_ret = if finish { None } else { Some((Program::HttpRet, 0)) };
    if finish && bin.function(HTTP_SERVE).is_ok() {
        add_function(&mut plan, bin, HTTP_FINISH, (Program::HttpRet, 0), None)?;
        match HTTP2_DONE.iter().find(|f| bin.function(f).is_ok()) {
            Some(f) => add_function(&mut plan, bin, f, (Program::HttpRet, 0), None)?,
            None => plan.notes.push(
                "no HTTP/2 server handlerDone in the binary: HTTP/2 requests (if any) are counted as unended".into(),
            ),
        }
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
    match add_function(&mut plan, bin, HTTP_SERVE, (Program::HttpEnter, 0), serve_ret) {
        Ok(()) => {}
        Err(strata_gobin::Error::NoSuchFunction { .. }) => {
            plan.notes.push(format!("{HTTP_SERVE} not in the binary: no net/http server, no request latency"))
        }
        Err(e) => return Err(e.into()),
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
        let cfg = RawConfig {
            goid_off: o.g_goid as u32,
            pattern_off: o.request_pattern.unwrap_or(0) as u32,
            url_off: o.request_url as u32,
            path_off: o.url_path as u32,
            tgid: pid,
            flags: plan.cfg_flags,
        };
        let words = [cfg.goid_off, cfg.pattern_off, cfg.url_off, cfg.path_off, cfg.tgid, cfg.flags];
        let mut ebpf = EbpfLoader::new()
            .override_global("cfg", &words[..], true)
            .load(BPF_OBJECT)
            .map_err(|e| kernel("loading the BPF object", e))?;
        let Some(pid_nz) = NonZeroU32::new(pid) else {
            return Err(Error::Kernel { what: "attach".into(), detail: "pid 0".into() });
        };
        let mut attached = 0;
        for name in ["http_enter", "http_ret", "site", "park"] {
            let prog: &mut UProbe = ebpf
                .program_mut(name)
                .ok_or_else(|| Error::Kernel { what: name.into(), detail: "program missing from object".into() })?
                .try_into()
                .map_err(|e| kernel(format!("program {name}"), e))?;
            prog.load().map_err(|e| kernel(format!("loading {name} (verifier)"), e))?;
        }
        for p in &plan.probes {
            let prog: &mut UProbe = ebpf
                .program_mut(p.program.name())
                .ok_or_else(|| Error::Kernel { what: p.program.name().into(), detail: "program missing".into() })?
                .try_into()
                .map_err(|e| kernel("program type", e))?;
            let point = UProbeAttachPoint {
                location: UProbeAttachLocation::AbsoluteOffset(p.file_offset),
                cookie: Some(p.cookie),
            };
            prog.attach(point, exe, UProbeScope::OneProcess(pid_nz))
                .map_err(|e| kernel(format!("attaching uprobe {}+{:#x}", p.function, p.func_offset), e))?;
            attached += 1;
        }
        if tcp {
            // One tracepoint: TCP state changes (connects are counted there too, see tcp_state).
            {
                let (name, cat, tp) = ("tcp_state", "sock", "inet_sock_set_state");
                let prog: &mut TracePoint = ebpf
                    .program_mut(name)
                    .ok_or_else(|| Error::Kernel { what: name.into(), detail: "program missing".into() })?
                    .try_into()
                    .map_err(|e| kernel("program type", e))?;
                prog.load().map_err(|e| kernel(format!("loading {name} (verifier)"), e))?;
                prog.attach(cat, tp).map_err(|e| kernel(format!("attaching tracepoint {cat}:{tp}"), e))?;
                attached += 1;
            }
        }
        let map = ebpf
            .take_map("events")
            .ok_or_else(|| Error::Kernel { what: "events".into(), detail: "map missing".into() })?;
        let ring = RingBuf::try_from(map).map_err(|e| kernel("ring buffer", e))?;
        Ok(Session { ebpf, ring, attached })
    }

    /// Links attached.
    pub fn attached(&self) -> usize {
        self.attached
    }

    /// Drain the ring buffer into `sink`; returns the number of records read.
    pub fn poll(&mut self, sink: &mut dyn EventSink) -> usize {
        let mut n = 0;
        while let Some(item) = self.ring.next() {
            match events::decode(&item) {
                Some(ev) => sink.event(&ev),
                None => sink.undecodable(),
            }
            n += 1;
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
    pub fn unended(&self) -> u64 {
        let overwritten = self.array("counters", 2).get(1).copied().unwrap_or(0);
        let Some(map) = self.ebpf.map("requests") else { return overwritten };
        let Ok(m) = aya::maps::HashMap::<_, u64, [u64; 3]>::try_from(map) else { return overwritten };
        overwritten + m.keys().filter(Result::is_ok).count() as u64
    }

    /// TCP active opens by the target (`CLOSE → SYN_SENT` in its threads).
    pub fn connects(&self) -> u64 {
        self.array("counters", 1).first().copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
