//! Aggregation: plain Rust fed through [`EventSink`], no kernel needed (tests feed synthetic events).
//!
//! Memory is bounded whatever the event rate: histograms have fixed size; routes, goroutines, layer
//! stacks, pending parks and windows are capped, and what does not fit is counted in
//! [`Dropped`], never silently lost.

use std::collections::{HashMap, VecDeque};

use hdrhistogram::Histogram;

use crate::events::{Event, SiteKind};

/// Receives decoded events, in ring-buffer order.
pub trait EventSink {
    /// One event.
    fn event(&mut self, ev: &Event);
    /// A record that could not be decoded.
    fn undecodable(&mut self) {}
}

/// Maps what the aggregator cannot know by itself: stacks → layer, wait reasons → names.
pub trait Attribution {
    /// Layer charged for a user stack (innermost first): the innermost application frame's layer,
    /// else the bucket of the innermost frame.
    fn layer_of_stack(&self, pcs: &[u64]) -> String;
    /// Name of a `runtime.waitReason` value.
    fn wait_reason(&self, reason: u8) -> String;
}

/// Sees each completed request and pause as it is aggregated (the agent feeds Prometheus with it).
pub trait Observer: Send {
    /// A request ended: route, latency, and time per layer (`--layers`).
    fn request(&mut self, route: &str, latency_ns: u64, layers: &[(&str, u64)]);
    /// A stop-the-world pause ended.
    fn stw(&mut self, pause_ns: u64);
}

/// Options of the aggregator.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AggregateOptions {
    /// Window for the P99 jitter (stddev of per-window P99). Default 1 s.
    pub window_ns: u64,
    /// Windows kept (oldest dropped). Default 3600.
    pub max_windows: usize,
    /// Distinct routes kept; the rest are counted under `"(other)"`. Default 256.
    pub max_routes: usize,
    /// Goroutines tracked at once. Default 100 000.
    pub max_goroutines: usize,
    /// Layer of each probed layer function, indexed by its site id. Default empty.
    pub function_layers: Vec<String>,
    /// Name of each `--count` symbol, indexed by its site id. Default empty.
    pub counter_names: Vec<String>,
    /// Local TCP ports of the target's listening sockets (TCP events are filtered by them). Default empty.
    pub listen_ports: Vec<u16>,
}

impl Default for AggregateOptions {
    fn default() -> Self {
        AggregateOptions {
            window_ns: 1_000_000_000,
            max_windows: 3600,
            max_routes: 256,
            max_goroutines: 100_000,
            function_layers: Vec::new(),
            counter_names: Vec::new(),
            listen_ports: Vec::new(),
        }
    }
}

/// Events or state that did not fit, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Records lost in the kernel because the ring buffer was full (by kind), or a map was full.
    pub kernel: u64,
    /// Records that did not decode.
    pub undecodable: u64,
    /// Goroutine state not tracked because `max_goroutines` was reached.
    pub goroutines: u64,
    /// Layer frames beyond the per-goroutine stack cap (time still charged to the outer frame).
    pub layer_frames: u64,
    /// Windows dropped from the front.
    pub windows: u64,
}

const MAX_LAYER_STACK: usize = 1024;
const MAX_STW_KEPT: usize = 4096;

/// A histogram of 1 ns .. 1 h with `digits` significant digits (3: ~200 KB, 2: ~25 KB). The bounds
/// are constants that `new_with_bounds` accepts, so the `expect` cannot fire on any input.
#[allow(clippy::expect_used)]
fn hist_digits(digits: u8) -> Histogram<u64> {
    Histogram::new_with_bounds(1, 3_600_000_000_000, digits).expect("constant histogram bounds are valid")
}

fn hist() -> Histogram<u64> {
    hist_digits(3)
}

fn small_hist() -> Histogram<u64> {
    hist_digits(2)
}

#[derive(Default)]
struct GoState {
    stack: Vec<u32>,
    overflow: u32,
    last_ts: u64,
    layer_ns: HashMap<u32, u64>,
    counts: Vec<u64>,
    park: Option<(u64, u8, String)>,
}

/// The aggregator behind `strata record` and `strata agent`.
pub struct Aggregator {
    opts: AggregateOptions,
    attribution: Box<dyn Attribution + Send>,
    all: Histogram<u64>,
    sum_ns: f64,
    sum_sq: f64,
    first_ts: Option<u64>,
    last_ts: u64,
    windows: VecDeque<(u64, Histogram<u64>)>,
    routes: HashMap<String, Histogram<u64>>,
    depth: Histogram<u64>,
    goroutines: HashMap<u64, GoState>,
    layer_names: Vec<String>,
    layer_hist: Vec<Histogram<u64>>,
    layer_total: Vec<u64>,
    counter_total: Vec<u64>,
    counter_outside: Vec<u64>,
    counter_max: Vec<u64>,
    stw_open: Option<u64>,
    stw: Histogram<u64>,
    stw_total: u64,
    stw_recent: VecDeque<(u64, u64)>,
    gc_cycles: u64,
    req_with_stw: Histogram<u64>,
    req_without_stw: Histogram<u64>,
    depth_with_stw: (u64, u64),
    depth_without_stw: (u64, u64),
    stw_overlap_ns: u64,
    park: HashMap<(String, String), (u64, u64, u64)>,
    tcp: HashMap<(u8, u8), u64>,
    dropped: Dropped,
    observer: Option<Box<dyn Observer>>,
}

impl Aggregator {
    /// New aggregator.
    pub fn new(opts: AggregateOptions, attribution: Box<dyn Attribution + Send>) -> Self {
        let mut layer_names: Vec<String> = Vec::new();
        for l in &opts.function_layers {
            if !layer_names.contains(l) {
                layer_names.push(l.clone());
            }
        }
        let n = opts.counter_names.len();
        Aggregator {
            layer_hist: layer_names.iter().map(|_| small_hist()).collect(),
            layer_total: vec![0; layer_names.len()],
            layer_names,
            counter_total: vec![0; n],
            counter_outside: vec![0; n],
            counter_max: vec![0; n],
            opts,
            attribution,
            all: hist(),
            sum_ns: 0.0,
            sum_sq: 0.0,
            first_ts: None,
            last_ts: 0,
            windows: VecDeque::new(),
            routes: HashMap::new(),
            depth: small_hist(),
            goroutines: HashMap::new(),
            stw_open: None,
            stw: small_hist(),
            stw_total: 0,
            stw_recent: VecDeque::new(),
            gc_cycles: 0,
            req_with_stw: small_hist(),
            req_without_stw: small_hist(),
            depth_with_stw: (0, 0),
            depth_without_stw: (0, 0),
            stw_overlap_ns: 0,
            park: HashMap::new(),
            tcp: HashMap::new(),
            dropped: Dropped::default(),
            observer: None,
        }
    }

    /// Install an observer of completed requests and pauses.
    pub fn set_observer(&mut self, observer: Box<dyn Observer>) {
        self.observer = Some(observer);
    }

    /// The target's listening ports, when they changed (TCP transitions count on them).
    pub fn set_listen_ports(&mut self, ports: Vec<u16>) {
        self.opts.listen_ports = ports;
    }

    /// Add kernel-side drops (read from the BPF `drops` map).
    pub fn set_kernel_drops(&mut self, n: u64) {
        self.dropped.kernel = n;
    }

    fn go(&mut self, goid: u64) -> Option<&mut GoState> {
        if !self.goroutines.contains_key(&goid) {
            if self.goroutines.len() >= self.opts.max_goroutines {
                self.dropped.goroutines += 1;
                return None;
            }
            let n = self.opts.counter_names.len();
            self.goroutines.insert(goid, GoState { counts: vec![0; n], ..GoState::default() });
        }
        self.goroutines.get_mut(&goid)
    }

    fn layer_index(&self, function_id: u32) -> Option<u32> {
        let name = self.opts.function_layers.get(function_id as usize)?;
        self.layer_names.iter().position(|l| l == name).map(|i| i as u32)
    }

    fn request(&mut self, goid: u64, start: u64, end: u64, depth: u32, route: &str) {
        let d = end.saturating_sub(start).max(1);
        let _ = self.all.record(d);
        self.sum_ns += d as f64;
        self.sum_sq += (d as f64) * (d as f64);
        let first = *self.first_ts.get_or_insert(end);
        self.last_ts = self.last_ts.max(end);
        let w = self.opts.window_ns.max(1);
        let wstart = first + (end.saturating_sub(first) / w) * w;
        if self.windows.back().is_none_or(|(s, _)| *s < wstart) {
            self.windows.push_back((wstart, small_hist()));
            if self.windows.len() > self.opts.max_windows {
                self.windows.pop_front();
                self.dropped.windows += 1;
            }
        }
        if let Some((_, h)) = self.windows.iter_mut().rev().find(|(s, _)| *s <= end) {
            let _ = h.record(d);
        }
        // No allocation for a route already seen (every request but a route's first).
        if let Some(h) = self.routes.get_mut(route) {
            let _ = h.record(d);
        } else {
            let key = if self.routes.len() < self.opts.max_routes { route } else { "(other)" };
            let _ = self.routes.entry(key.to_string()).or_insert_with(small_hist).record(d);
        }
        // Depth 0: not measured (the entry probe unwinds the stack only with --stack-depth).
        if depth > 0 {
            let _ = self.depth.record(u64::from(depth));
        }
        // STW overlap.
        let overlap: u64 = self.stw_recent.iter().map(|&(s, e)| e.min(end).saturating_sub(s.max(start))).sum();
        if overlap > 0 {
            self.stw_overlap_ns += overlap;
            let _ = self.req_with_stw.record(d);
            if depth > 0 {
                self.depth_with_stw.0 += u64::from(depth);
                self.depth_with_stw.1 += 1;
            }
        } else {
            let _ = self.req_without_stw.record(d);
            if depth > 0 {
                self.depth_without_stw.0 += u64::from(depth);
                self.depth_without_stw.1 += 1;
            }
        }
        // Layer time and counters accumulated on this goroutine since its last request.
        let mut observed: Vec<(&str, u64)> = Vec::new();
        if let Some(g) = self.goroutines.get_mut(&goid) {
            for (layer, ns) in g.layer_ns.drain() {
                if let Some(name) = self.layer_names.get(layer as usize) {
                    observed.push((name.as_str(), ns));
                }
                if let (Some(h), Some(t)) =
                    (self.layer_hist.get_mut(layer as usize), self.layer_total.get_mut(layer as usize))
                {
                    let _ = h.record(ns.max(1));
                    *t += ns;
                }
            }
            for (i, c) in g.counts.iter_mut().enumerate() {
                if let (Some(t), Some(m)) = (self.counter_total.get_mut(i), self.counter_max.get_mut(i)) {
                    *t += *c;
                    *m = (*m).max(*c);
                }
                *c = 0;
            }
            g.stack.clear();
            g.overflow = 0;
            if g.park.is_none() {
                self.goroutines.remove(&goid);
            }
        }
        if let Some(o) = self.observer.as_mut() {
            o.request(route, d, &observed);
        }
    }

    fn site(&mut self, kind: SiteKind, id: u32, goid: u64, ts: u64) {
        match kind {
            SiteKind::LayerEnter | SiteKind::LayerRet => {
                let Some(layer) = self.layer_index(id) else { return };
                let mut frames_dropped = 0;
                if let Some(g) = self.go(goid) {
                    if let Some(&top) = g.stack.last() {
                        *g.layer_ns.entry(top).or_insert(0) += ts.saturating_sub(g.last_ts);
                    }
                    g.last_ts = ts;
                    if kind == SiteKind::LayerEnter {
                        if g.stack.len() < MAX_LAYER_STACK {
                            g.stack.push(layer);
                        } else {
                            g.overflow += 1;
                            frames_dropped = 1;
                        }
                    } else if g.overflow > 0 {
                        g.overflow -= 1;
                    } else {
                        g.stack.pop();
                    }
                }
                self.dropped.layer_frames += frames_dropped;
            }
            SiteKind::Count => {
                let i = id as usize;
                if let Some(g) = self.go(goid) {
                    if let Some(c) = g.counts.get_mut(i) {
                        *c += 1;
                    }
                } else if let Some(c) = self.counter_outside.get_mut(i) {
                    *c += 1;
                }
            }
            SiteKind::StwStart => self.stw_open = Some(ts),
            SiteKind::StwEnd => {
                if let Some(s) = self.stw_open.take() {
                    let d = ts.saturating_sub(s);
                    let _ = self.stw.record(d.max(1));
                    self.stw_total += d;
                    self.stw_recent.push_back((s, ts));
                    if let Some(o) = self.observer.as_mut() {
                        o.stw(d);
                    }
                    if self.stw_recent.len() > MAX_STW_KEPT {
                        self.stw_recent.pop_front();
                    }
                }
            }
            SiteKind::GcStart => self.gc_cycles += 1,
            SiteKind::ParkEnd => {
                let parked = self.goroutines.get_mut(&goid).and_then(|g| g.park.take());
                if let Some((start, reason, layer)) = parked {
                    let name = self.attribution.wait_reason(reason);
                    let e = self.park.entry((name, layer)).or_insert((0, 0, 0));
                    e.1 += 1;
                    e.2 += ts.saturating_sub(start);
                }
            }
        }
    }
}

impl EventSink for Aggregator {
    fn event(&mut self, ev: &Event) {
        match ev {
            Event::Request { goid, start_ns, end_ns, stack_depth, route } => {
                self.request(*goid, *start_ns, *end_ns, *stack_depth, route)
            }
            Event::Site { kind, id, goid, ts_ns, .. } => self.site(*kind, *id, *goid, *ts_ns),
            Event::Park { goid, ts_ns, reason, pcs } => {
                let layer = self.attribution.layer_of_stack(pcs);
                let name = self.attribution.wait_reason(*reason);
                self.park.entry((name, layer.clone())).or_insert((0, 0, 0)).0 += 1;
                if let Some(g) = self.go(*goid) {
                    g.park = Some((*ts_ns, *reason, layer));
                }
            }
            Event::Tcp { old, new, sport, dport, .. } => {
                let ports = &self.opts.listen_ports;
                if ports.is_empty() || ports.contains(sport) || ports.contains(dport) {
                    *self.tcp.entry((*old, *new)).or_insert(0) += 1;
                }
            }
        }
    }

    fn undecodable(&mut self) {
        self.dropped.undecodable += 1;
    }
}

/// Latency summary of a set of requests.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Latency {
    /// Requests.
    pub count: u64,
    /// Median.
    pub p50_ns: u64,
    /// 90th percentile.
    pub p90_ns: u64,
    /// 99th percentile.
    pub p99_ns: u64,
    /// Maximum.
    pub max_ns: u64,
    /// Mean.
    pub mean_ns: u64,
}

fn latency(h: &Histogram<u64>) -> Latency {
    if h.is_empty() {
        return Latency::default();
    }
    Latency {
        count: h.len(),
        p50_ns: h.value_at_quantile(0.5),
        p90_ns: h.value_at_quantile(0.9),
        p99_ns: h.value_at_quantile(0.99),
        max_ns: h.max(),
        mean_ns: h.mean() as u64,
    }
}

/// One window of the P99 jitter series.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Window {
    /// Offset of the window from the first request, ns.
    pub offset_ns: u64,
    /// Requests that ended in it.
    pub count: u64,
    /// Their P99.
    pub p99_ns: u64,
}

/// `requests` of the record report.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Requests {
    /// Percentiles.
    #[serde(flatten)]
    pub latency: Latency,
    /// Standard deviation of request latency.
    pub stddev_ns: u64,
    /// Standard deviation of the per-window P99 (windows with ≥ 10 requests): the "P99 jitter".
    pub p99_stddev_ns: u64,
    /// Window length.
    pub window_ns: u64,
    /// Per-window P99.
    pub windows: Vec<Window>,
    /// Mean user-stack depth (frames) at request entry; 0 when not measured (`--stack-depth`).
    pub mean_stack_depth: f64,
    /// Requests whose start was seen but whose end was not when recording stopped (in flight then,
    /// hijacked connections, panicking handlers): not in the latency figures. Filled in by the
    /// caller from the kernel's in-flight map.
    #[serde(default)]
    pub unended: u64,
    /// Request ends seen without a start (recv start only: the request's bytes were already in the
    /// server's buffer when the previous request on the connection ended — pipelining —, or the
    /// previous request's unread body kept the goroutine unarmed): not in the latency figures.
    #[serde(default)]
    pub unstarted: u64,
    /// Where a request's latency starts: `recv` (HTTP/1.x: the serving goroutine's first read of the
    /// request's bytes; HTTP/2: the HTTP/2 server's `runHandler`) or `servehttp` (entry of
    /// `serverHandler.ServeHTTP`). Filled in by the caller; recordings older than the field were
    /// all `servehttp`.
    #[serde(default = "servehttp")]
    pub start: String,
}

fn servehttp() -> String {
    "servehttp".to_string()
}

/// Per-route latency.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Route {
    /// Pattern or path.
    pub route: String,
    /// Percentiles.
    #[serde(flatten)]
    pub latency: Latency,
}

/// Time spent inside one layer per request (wall clock between entry/RET probes of its functions).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LayerTime {
    /// Layer.
    pub layer: String,
    /// Requests that entered it.
    pub requests: u64,
    /// Total time in it.
    pub total_ns: u64,
    /// Median per request.
    pub p50_ns: u64,
    /// P99 per request.
    pub p99_ns: u64,
    /// Share of total request time.
    pub share_pct: f64,
}

/// GC and stop-the-world.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Gc {
    /// `runtime.gcStart` calls.
    pub cycles: u64,
    /// Stop-the-world pauses.
    pub stw_count: u64,
    /// Their total.
    pub stw_total_ns: u64,
    /// Longest.
    pub stw_max_ns: u64,
    /// P99 pause.
    pub stw_p99_ns: u64,
    /// Requests that overlapped a pause.
    pub requests_overlapping_stw: u64,
    /// Sum of overlap.
    pub stw_overlap_ns: u64,
    /// P99 of requests that overlapped a pause.
    pub p99_with_stw_ns: u64,
    /// P99 of the others.
    pub p99_without_stw_ns: u64,
    /// Mean entry stack depth of requests that overlapped a pause.
    pub mean_depth_with_stw: f64,
    /// And of the others.
    pub mean_depth_without_stw: f64,
}

/// Goroutine parks by wait reason × layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Park {
    /// `waitReason`.
    pub reason: String,
    /// Layer of the innermost application frame.
    pub layer: String,
    /// Parks.
    pub count: u64,
    /// Parks whose resumption was seen.
    pub resumed: u64,
    /// Total parked time of the resumed ones.
    pub total_ns: u64,
}

/// TCP on the target's listening ports.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tcp {
    /// TCP connects (active opens, `CLOSE → SYN_SENT`) by the target's threads.
    pub connects: u64,
    /// Accepted connections (SYN_RECV → ESTABLISHED).
    pub accepted: u64,
    /// Inferred TIME_WAIT entries: FIN_WAIT2 → CLOSE and CLOSING → CLOSE (the tracepoint never
    /// reports TIME_WAIT itself).
    pub time_wait: u64,
    /// Requests per accepted connection.
    pub reuse_ratio: f64,
    /// `/proc/net/sockstat` `tw` at the end (all sockets of the host: a cross-check, not the target's).
    pub sockstat_tw: Option<u64>,
    /// Transition counts, `"OLD->NEW"`.
    pub transitions: std::collections::BTreeMap<String, u64>,
}

/// A `--count` symbol.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Counter {
    /// Symbol.
    pub name: String,
    /// Calls inside requests.
    pub total: u64,
    /// Calls per request.
    pub per_request: f64,
    /// Most in one request.
    pub max_per_request: u64,
    /// Calls on goroutines outside any tracked request.
    pub outside_requests: u64,
}

/// What the aggregator produced.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// All requests.
    pub requests: Requests,
    /// Per route, busiest first.
    pub routes: Vec<Route>,
    /// Per layer (with `--layers`).
    pub layers: Vec<LayerTime>,
    /// GC.
    pub gc: Gc,
    /// Parks (with `--park`), most time first.
    pub park: Vec<Park>,
    /// TCP.
    pub tcp: Tcp,
    /// `--count` symbols.
    pub counters: Vec<Counter>,
}

const TCP_STATES: [&str; 13] = [
    "?",
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT1",
    "FIN_WAIT2",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "CLOSING",
    "NEW_SYN_RECV",
];

fn tcp_state(s: u8) -> String {
    TCP_STATES.get(s as usize).map(|s| s.to_string()).unwrap_or_else(|| format!("{s}"))
}

impl Aggregator {
    /// Drops so far.
    pub fn dropped(&self) -> &Dropped {
        &self.dropped
    }

    /// Summarise what was seen so far (can be called repeatedly).
    pub fn summary(&self) -> Summary {
        let lat = latency(&self.all);
        let n = self.all.len() as f64;
        let stddev = if n > 1.0 { ((self.sum_sq / n) - (self.sum_ns / n).powi(2)).max(0.0).sqrt() } else { 0.0 };
        let first = self.first_ts.unwrap_or(0);
        let windows: Vec<Window> = self
            .windows
            .iter()
            .map(|(s, h)| Window { offset_ns: s.saturating_sub(first), count: h.len(), p99_ns: latency(h).p99_ns })
            .collect();
        let p99s: Vec<f64> = windows.iter().filter(|w| w.count >= 10).map(|w| w.p99_ns as f64).collect();
        let p99_stddev = if p99s.len() > 1 {
            let m = p99s.iter().sum::<f64>() / p99s.len() as f64;
            (p99s.iter().map(|v| (v - m).powi(2)).sum::<f64>() / p99s.len() as f64).sqrt()
        } else {
            0.0
        };
        let mut routes: Vec<Route> =
            self.routes.iter().map(|(r, h)| Route { route: r.clone(), latency: latency(h) }).collect();
        routes.sort_by(|a, b| b.latency.count.cmp(&a.latency.count).then(a.route.cmp(&b.route)));
        let total_req_ns = self.sum_ns.max(1.0);
        let layers = self
            .layer_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let h = self.layer_hist.get(i);
                let l = h.map(latency).unwrap_or_default();
                let total = self.layer_total.get(i).copied().unwrap_or(0);
                LayerTime {
                    layer: name.clone(),
                    requests: l.count,
                    total_ns: total,
                    p50_ns: l.p50_ns,
                    p99_ns: l.p99_ns,
                    share_pct: 100.0 * total as f64 / total_req_ns,
                }
            })
            .collect();
        let stw = latency(&self.stw);
        let mean = |(s, c): (u64, u64)| if c == 0 { 0.0 } else { s as f64 / c as f64 };
        let gc = Gc {
            cycles: self.gc_cycles,
            stw_count: stw.count,
            stw_total_ns: self.stw_total,
            stw_max_ns: stw.max_ns,
            stw_p99_ns: stw.p99_ns,
            requests_overlapping_stw: self.req_with_stw.len(),
            stw_overlap_ns: self.stw_overlap_ns,
            p99_with_stw_ns: latency(&self.req_with_stw).p99_ns,
            p99_without_stw_ns: latency(&self.req_without_stw).p99_ns,
            mean_depth_with_stw: mean(self.depth_with_stw),
            mean_depth_without_stw: mean(self.depth_without_stw),
        };
        let mut park: Vec<Park> = self
            .park
            .iter()
            .map(|((reason, layer), &(count, resumed, total_ns))| Park {
                reason: reason.clone(),
                layer: layer.clone(),
                count,
                resumed,
                total_ns,
            })
            .collect();
        park.sort_by(|a, b| b.total_ns.cmp(&a.total_ns).then(b.count.cmp(&a.count)).then(a.reason.cmp(&b.reason)));
        let get = |o: u8, n: u8| self.tcp.get(&(o, n)).copied().unwrap_or(0);
        let accepted = get(3, 1);
        let tcp = Tcp {
            connects: 0,
            accepted,
            time_wait: get(5, 7) + get(11, 7),
            reuse_ratio: if accepted == 0 { 0.0 } else { lat.count as f64 / accepted as f64 },
            sockstat_tw: None,
            transitions: self
                .tcp
                .iter()
                .map(|(&(o, n), &c)| (format!("{}->{}", tcp_state(o), tcp_state(n)), c))
                .collect(),
        };
        let counters = self
            .opts
            .counter_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let total = self.counter_total.get(i).copied().unwrap_or(0);
                Counter {
                    name: name.clone(),
                    total,
                    per_request: if lat.count == 0 { 0.0 } else { total as f64 / lat.count as f64 },
                    max_per_request: self.counter_max.get(i).copied().unwrap_or(0),
                    outside_requests: self.counter_outside.get(i).copied().unwrap_or(0),
                }
            })
            .collect();
        Summary {
            requests: Requests {
                latency: lat,
                stddev_ns: stddev as u64,
                p99_stddev_ns: p99_stddev as u64,
                window_ns: self.opts.window_ns,
                windows,
                mean_stack_depth: if self.depth.is_empty() { 0.0 } else { self.depth.mean() },
                unended: 0,
                unstarted: 0,
                start: servehttp(),
            },
            routes,
            layers,
            gc,
            park,
            tcp,
            counters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl Attribution for Fake {
        fn layer_of_stack(&self, pcs: &[u64]) -> String {
            if pcs.first() == Some(&1) { "infra".into() } else { "runtime".into() }
        }
        fn wait_reason(&self, r: u8) -> String {
            format!("reason{r}")
        }
    }

    fn agg(opts: AggregateOptions) -> Aggregator {
        Aggregator::new(opts, Box::new(Fake))
    }

    fn req(goid: u64, start: u64, end: u64, route: &str) -> Event {
        Event::Request { goid, start_ns: start, end_ns: end, stack_depth: 10, route: route.into() }
    }

    #[test]
    fn percentiles_of_known_latencies() {
        let mut a = agg(AggregateOptions::default());
        // 1..=100 ms, one request each.
        for i in 1..=100u64 {
            a.event(&req(i, 0, i * 1_000_000, if i % 2 == 0 { "/even" } else { "/odd" }));
        }
        let s = a.summary();
        assert_eq!(s.requests.latency.count, 100);
        let close = |v: u64, want: u64| (v as f64 - want as f64).abs() / want as f64 <= 0.001;
        assert!(close(s.requests.latency.p50_ns, 50_000_000), "{}", s.requests.latency.p50_ns);
        assert!(close(s.requests.latency.p99_ns, 99_000_000), "{}", s.requests.latency.p99_ns);
        assert!(close(s.requests.latency.max_ns, 100_000_000));
        // stddev of 1..100 ms = 28.866 ms
        assert!((s.requests.stddev_ns as f64 - 28_866_070.0).abs() < 10_000.0, "{}", s.requests.stddev_ns);
        assert_eq!(s.routes.len(), 2);
        assert_eq!(s.routes.iter().map(|r| r.latency.count).sum::<u64>(), 100);
    }

    #[test]
    fn p99_jitter_is_the_stddev_of_window_p99s() {
        let mut a = agg(AggregateOptions { window_ns: 1_000, ..Default::default() });
        // window 0: 20 requests of 100 ns; window 1: 20 of 300 ns → P99s 100 and 300, stddev 100.
        for i in 0..20 {
            a.event(&req(i, 0, 100, "/"));
        }
        for i in 0..20 {
            a.event(&req(i, 1_000, 1_300, "/"));
        }
        let s = a.summary();
        assert_eq!(s.requests.windows.len(), 2);
        assert_eq!(s.requests.windows[1].offset_ns, 1_000);
        assert!((s.requests.p99_stddev_ns as i64 - 100).abs() <= 1, "{}", s.requests.p99_stddev_ns);
    }

    #[test]
    fn routes_are_capped() {
        let mut a = agg(AggregateOptions { max_routes: 2, ..Default::default() });
        for (i, r) in ["/a", "/b", "/c", "/d", "/a"].iter().enumerate() {
            a.event(&req(i as u64, 0, 10, r));
        }
        let s = a.summary();
        let names: Vec<&str> = s.routes.iter().map(|r| r.route.as_str()).collect();
        assert_eq!(names, vec!["(other)", "/a", "/b"]);
    }

    #[test]
    fn layer_time_is_split_by_the_innermost_open_layer() {
        let opts = AggregateOptions {
            function_layers: vec!["adapter".into(), "app".into(), "infra".into()],
            ..Default::default()
        };
        let mut a = agg(opts);
        let site = |kind, id, ts| Event::Site { kind, id, goid: 5, ts_ns: ts, arg0: 0 };
        // adapter 100..1000 containing app 200..900 containing infra 300..800.
        a.event(&site(SiteKind::LayerEnter, 0, 100));
        a.event(&site(SiteKind::LayerEnter, 1, 200));
        a.event(&site(SiteKind::LayerEnter, 2, 300));
        a.event(&site(SiteKind::LayerRet, 2, 800));
        a.event(&site(SiteKind::LayerRet, 1, 900));
        a.event(&site(SiteKind::LayerRet, 0, 1000));
        a.event(&req(5, 0, 1100, "/x"));
        let s = a.summary();
        let t: Vec<(&str, u64)> = s.layers.iter().map(|l| (l.layer.as_str(), l.total_ns)).collect();
        assert_eq!(t, vec![("adapter", 200), ("app", 200), ("infra", 500)]);
    }

    #[test]
    fn gc_pauses_and_overlap() {
        let mut a = agg(AggregateOptions::default());
        let site = |kind, ts| Event::Site { kind, id: 0, goid: 1, ts_ns: ts, arg0: 0 };
        a.event(&site(SiteKind::GcStart, 90));
        a.event(&site(SiteKind::StwStart, 100));
        a.event(&site(SiteKind::StwEnd, 150));
        a.event(&req(2, 50, 500, "/")); // overlaps 50 ns
        a.event(&req(3, 200, 300, "/")); // does not
        let g = a.summary().gc;
        assert_eq!((g.cycles, g.stw_count, g.stw_total_ns, g.stw_max_ns), (1, 1, 50, 50));
        assert_eq!((g.requests_overlapping_stw, g.stw_overlap_ns), (1, 50));
        assert!(g.p99_with_stw_ns >= 449 && g.p99_without_stw_ns <= 101);
    }

    #[test]
    fn parks_by_reason_and_layer_with_durations() {
        let mut a = agg(AggregateOptions::default());
        a.event(&Event::Park { goid: 4, ts_ns: 100, reason: 7, pcs: vec![1, 2] });
        a.event(&Event::Site { kind: SiteKind::ParkEnd, id: 0, goid: 4, ts_ns: 400, arg0: 0 });
        a.event(&Event::Park { goid: 6, ts_ns: 100, reason: 2, pcs: vec![9] });
        let p = a.summary().park;
        assert_eq!(p[0], Park { reason: "reason7".into(), layer: "infra".into(), count: 1, resumed: 1, total_ns: 300 });
        assert_eq!(p[1].count, 1);
        assert_eq!(p[1].resumed, 0);
    }

    #[test]
    fn tcp_time_wait_is_inferred_and_reuse_computed() {
        let mut a = agg(AggregateOptions { listen_ports: vec![8080], ..Default::default() });
        let t = |old, new, sport, dport| Event::Tcp { ts_ns: 0, old, new, sport, dport };
        a.event(&t(3, 1, 8080, 5000)); // accepted
        a.event(&t(5, 7, 8080, 5000)); // server closed first → TIME_WAIT
        a.event(&t(5, 7, 9999, 6000)); // other port: ignored
        for i in 0..4 {
            a.event(&req(i, 0, 10, "/"));
        }
        let tcp = a.summary().tcp;
        assert_eq!((tcp.accepted, tcp.time_wait), (1, 1));
        assert_eq!(tcp.reuse_ratio, 4.0);
        assert_eq!(tcp.transitions["FIN_WAIT2->CLOSE"], 1);
    }

    #[test]
    fn counters_per_request() {
        let mut a = agg(AggregateOptions { counter_names: vec!["fmt.Errorf".into()], ..Default::default() });
        let c = |goid| Event::Site { kind: SiteKind::Count, id: 0, goid, ts_ns: 1, arg0: 0 };
        a.event(&c(1));
        a.event(&c(1));
        a.event(&req(1, 0, 5, "/"));
        a.event(&req(2, 0, 5, "/"));
        let k = &a.summary().counters[0];
        assert_eq!((k.total, k.max_per_request, k.per_request), (2, 2, 1.0));
    }

    #[test]
    fn floods_stay_bounded() {
        let mut a = agg(AggregateOptions { max_goroutines: 10, max_windows: 5, window_ns: 1, ..Default::default() });
        for g in 0..1000u64 {
            a.event(&Event::Park { goid: g, ts_ns: g, reason: 1, pcs: vec![] });
        }
        for i in 0..100u64 {
            a.event(&req(100_000 + i, i, i + 1, "/"));
        }
        assert!(a.goroutines.len() <= 10);
        assert_eq!(a.dropped().goroutines, 990);
        assert!(a.windows.len() <= 5);
        assert!(a.dropped().windows > 0);
        a.undecodable();
        assert_eq!(a.dropped().undecodable, 1);
    }
}
