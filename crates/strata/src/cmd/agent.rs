//! `strata agent`: the probes of `strata record`, running until stopped, exported for Prometheus on
//! `--listen` (default 127.0.0.1:9464; loopback unless told otherwise).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use strata_ebpf::aggregate::{Observer, Summary};

use super::record::{Live, attach, stop_flag};
use crate::Outcome;

/// Arguments of `strata agent`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Process id of the Go service.
    #[arg(long, value_name = "PID", conflicts_with = "exe", required_unless_present = "exe")]
    pub pid: Option<u32>,
    /// Attach to the process running this executable (waits for it to start; re-attaches when it
    /// restarts).
    #[arg(long, value_name = "PATH")]
    pub exe: Option<PathBuf>,
    /// Address of the /metrics endpoint.
    #[arg(long, default_value = "127.0.0.1:9464", value_name = "ADDR")]
    pub listen: String,
    /// Probe groups (the same flags as `strata record`).
    #[command(flatten)]
    pub probes: super::record::ProbeArgs,
}

type Labels = Vec<(String, String)>;

fn l(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn seconds_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_05, 2.0, 18))
}

/// Every metric the agent exports.
#[derive(Clone)]
struct Metrics {
    requests: Family<Labels, Histogram>,
    layer_time: Family<Labels, Histogram>,
    stw: Histogram,
    gc_cycles: Gauge,
    park_count: Family<Labels, Gauge>,
    park_seconds: Family<Labels, Gauge<f64, std::sync::atomic::AtomicU64>>,
    tcp: Family<Labels, Gauge>,
    time_wait: Gauge,
    connects: Gauge,
    unended: Gauge,
    unstarted: Gauge,
    not_http1: Gauge,
    calls: Family<Labels, Gauge>,
    dropped: Family<Labels, Gauge>,
    attached: Gauge,
    attaches: Counter,
}

impl Metrics {
    fn register(reg: &mut Registry) -> Metrics {
        let m = Metrics {
            requests: Family::new_with_constructor(seconds_histogram),
            layer_time: Family::new_with_constructor(seconds_histogram),
            stw: Histogram::new(exponential_buckets(0.000_001, 2.0, 20)),
            gc_cycles: Gauge::default(),
            park_count: Family::default(),
            park_seconds: Family::default(),
            tcp: Family::default(),
            time_wait: Gauge::default(),
            connects: Gauge::default(),
            unended: Gauge::default(),
            unstarted: Gauge::default(),
            not_http1: Gauge::default(),
            calls: Family::default(),
            dropped: Family::default(),
            attached: Gauge::default(),
            attaches: Counter::default(),
        };
        reg.register(
            "strata_http_request_duration_seconds",
            "net/http server request latency, by route (default --start socket: first read of the request to \
             the last write of its response, route = method and normalised path; --start recv / servehttp: \
             to finishRequest, route = ServeMux pattern)",
            m.requests.clone(),
        );
        reg.register(
            "strata_layer_time_seconds",
            "Wall-clock time per request inside each application layer (--layers)",
            m.layer_time.clone(),
        );
        reg.register("strata_gc_stw_seconds", "Go stop-the-world pauses", m.stw.clone());
        reg.register("strata_gc_cycles", "runtime.gcStart calls since attach", m.gc_cycles.clone());
        reg.register(
            "strata_goroutine_parks",
            "runtime.gopark calls by wait reason and layer (--park)",
            m.park_count.clone(),
        );
        reg.register(
            "strata_goroutine_parked_seconds",
            "Time parked (resumed parks) by wait reason and layer (--park)",
            m.park_seconds.clone(),
        );
        reg.register("strata_tcp_transitions", "TCP state transitions on the listening ports", m.tcp.clone());
        reg.register(
            "strata_tcp_time_wait_inferred",
            "Sockets entering TIME_WAIT, inferred from FIN_WAIT2/CLOSING -> CLOSE",
            m.time_wait.clone(),
        );
        reg.register("strata_tcp_connects", "TCP connects (active opens) by the target", m.connects.clone());
        reg.register(
            "strata_http_requests_unended",
            "Requests started whose end is not (yet) seen: in flight, hijacked connections (recv/servehttp starts), \
             panicking handlers, requests read but never answered (socket start)",
            m.unended.clone(),
        );
        reg.register(
            "strata_http_requests_unstarted",
            "Request ends seen without a start (recv start: bytes already buffered, or after an unread body)",
            m.unstarted.clone(),
        );
        reg.register(
            "strata_http_connections_not_http1",
            "Connections that began with a TLS record or the HTTP/2 preface (socket start): not timed at the \
             socket; the HTTP/2 requests net/http serves on them are timed at runHandler, HTTP/1.1 over TLS from the \
             first read to finishRequest (uprobes attached when the first such connection appears); a server with \
             its own HTTP/2 transport (gRPC-Go's grpc.Server) is not timed",
            m.not_http1.clone(),
        );
        reg.register("strata_symbol_calls", "Calls of --count symbols inside requests", m.calls.clone());
        reg.register("strata_dropped_events", "Events lost, by where", m.dropped.clone());
        reg.register("strata_attached", "1 while probes are attached to a target", m.attached.clone());
        reg.register("strata_attaches", "Times the agent attached to a target", m.attaches.clone());
        m
    }

    fn update(&self, s: &Summary, live: &Live) {
        self.gc_cycles.set(s.gc.cycles as i64);
        for p in &s.park {
            let k = l(&[("reason", &p.reason), ("layer", &p.layer)]);
            self.park_count.get_or_create(&k).set(p.count as i64);
            self.park_seconds.get_or_create(&k).set(p.total_ns as f64 / 1e9);
        }
        for (t, n) in &s.tcp.transitions {
            let (from, to) = t.split_once("->").unwrap_or((t.as_str(), ""));
            self.tcp.get_or_create(&l(&[("from", from), ("to", to)])).set(*n as i64);
        }
        self.time_wait.set(s.tcp.time_wait as i64);
        self.connects.set(live.session.connects() as i64);
        self.unended.set(live.session.unended() as i64);
        self.unstarted.set(live.session.unstarted() as i64);
        self.not_http1.set(live.session.not_http1() as i64);
        for c in &s.counters {
            self.calls.get_or_create(&l(&[("symbol", &c.name)])).set(c.total as i64);
        }
        let d = live.agg.dropped();
        for (k, v) in
            [("kernel", live.session.kernel_drops()), ("undecodable", d.undecodable), ("goroutines", d.goroutines)]
        {
            self.dropped.get_or_create(&l(&[("where", k)])).set(v as i64);
        }
    }
}

struct PromObserver(Metrics);

impl Observer for PromObserver {
    fn request(&mut self, route: &str, latency_ns: u64, layers: &[(&str, u64)]) {
        self.0.requests.get_or_create(&l(&[("route", route)])).observe(latency_ns as f64 / 1e9);
        for (layer, ns) in layers {
            self.0.layer_time.get_or_create(&l(&[("layer", layer)])).observe(*ns as f64 / 1e9);
        }
    }

    fn stw(&mut self, pause_ns: u64) {
        self.0.stw.observe(pause_ns as f64 / 1e9);
    }
}

fn serve(listener: TcpListener, registry: Arc<Mutex<Registry>>, stop: Arc<AtomicBool>) {
    for conn in listener.incoming() {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let Ok(conn) = conn else { continue };
        let _ = handle(conn, &registry);
    }
}

fn handle(mut conn: TcpStream, registry: &Mutex<Registry>) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/");
    if path == "/metrics" || path.starts_with("/metrics?") {
        let mut body = String::new();
        if let Ok(reg) = registry.lock() {
            let _ = encode(&mut body, &reg);
        }
        write!(
            conn,
            "HTTP/1.1 200 OK\r\nContent-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    } else {
        let body = "strata agent: metrics at /metrics\n";
        write!(conn, "HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
    }
}

fn find_pid_of(exe: &Path) -> Option<u32> {
    let want = std::fs::canonicalize(exe).ok()?;
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        if pid == std::process::id() {
            continue;
        }
        if std::fs::read_link(e.path().join("exe")).ok().as_deref() == Some(want.as_path()) {
            return Some(pid);
        }
    }
    None
}

/// Run `strata agent`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let opts = args.probes.options();
    if let Some(exe) = &args.exe
        && !exe.exists()
    {
        bail!("{}: no such file", exe.display());
    }
    let stop = stop_flag()?;
    let mut registry = Registry::default();
    let metrics = Metrics::register(&mut registry);
    let registry = Arc::new(Mutex::new(registry));
    let listener = TcpListener::bind(&args.listen).with_context(|| format!("listening on {}", args.listen))?;
    let addr = listener.local_addr()?;
    {
        let (registry, stop) = (Arc::clone(&registry), Arc::clone(&stop));
        std::thread::spawn(move || serve(listener, registry, stop));
    }
    eprintln!("strata agent: metrics on http://{addr}/metrics");
    loop {
        let pid = match (args.pid, &args.exe) {
            (Some(pid), _) => pid,
            (None, Some(exe)) => loop {
                if stop.load(Ordering::Relaxed) {
                    return Ok(Outcome::Ok);
                }
                if let Some(pid) = find_pid_of(exe) {
                    break pid;
                }
                std::thread::sleep(Duration::from_millis(500));
            },
            (None, None) => bail!("give --pid PID or --exe PATH"),
        };
        let mut live = attach(Some(pid), &[], &opts, !args.probes.no_tcp)?;
        live.agg.set_observer(Box::new(PromObserver(metrics.clone())));
        metrics.attached.set(1);
        metrics.attaches.inc();
        eprintln!("strata agent: {} probes attached to pid {pid}", live.session.attached());
        // What `strata record` lists under its report's notes: what is not measured, and why.
        for note in &live.plan.notes {
            eprintln!("strata agent: note: {note}");
        }
        let ended = loop {
            let ended = live.run(Some(Instant::now() + Duration::from_secs(1)), &stop);
            metrics.update(&live.agg.summary(), &live);
            if ended != "duration" {
                break ended;
            }
        };
        metrics.attached.set(0);
        drop(live);
        eprintln!("strata agent: pid {pid}: {ended}");
        if ended == "signal" || args.exe.is_none() {
            return Ok(Outcome::Ok);
        }
    }
}
