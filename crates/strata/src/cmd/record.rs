//! `strata record`: attach eBPF probes to a running Go service (or one started here), record for a
//! while, print tables and optionally write `strata.record/v1` JSON.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use strata_ebpf::aggregate::{AggregateOptions, Aggregator};
use strata_ebpf::probe::{self, GoAttribution, ProbeOptions, Session};
use strata_ebpf::report::{self, DroppedReport, ProbeCounts, RecordReport, TargetInfo};
use strata_gobin::{GoBinary, SiteCost};
use strata_layers::LayerMap;

use crate::Outcome;

/// Arguments of `strata record`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Process id of a running Go service.
    #[arg(long, value_name = "PID", conflicts_with = "cmd", required_unless_present = "cmd")]
    pub pid: Option<u32>,
    /// How long to record (e.g. 30s, 2m, 500ms). Ctrl-C stops earlier and still reports.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub duration: Duration,
    /// Write the JSON result (schema strata.record/v1) here.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Probe groups.
    #[command(flatten)]
    pub probes: ProbeArgs,
    /// Also unwind the user stack at every request entry (mean depth, and depth vs GC pauses).
    #[arg(long)]
    pub stack_depth: bool,
    /// Command to start and record (after `--`).
    #[arg(last = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

/// The probe flags `strata record` and `strata agent` share (`--stack-depth` is record-only: the
/// agent exports no depth metric).
#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// Also time each application layer (entry/RET probes on exported functions of adapter/app/
    /// domain/infra packages; costs a single-stepped probe per return).
    #[arg(long)]
    pub layers: bool,
    /// Also record goroutine parks (runtime.gopark with user stack, and its returns).
    #[arg(long)]
    pub park: bool,
    /// Count calls of SYMBOL per request (repeatable), e.g. 'context.(*valueCtx).Value'.
    #[arg(long = "count", value_name = "SYMBOL")]
    pub count: Vec<String>,
    /// Also time gRPC-Go server calls (google.golang.org/grpc): from the entry of
    /// (*Server).handleStream to that of the transport's writeStatus, route = the call's method
    /// (`/pkg.Service/Method`, from DWARF). Two emulated uprobe hits per call.
    #[arg(long)]
    pub grpc: bool,
    /// Do not attach the TCP tracepoints.
    #[arg(long)]
    pub no_tcp: bool,
    /// Where a request ends: `finish` = entry of net/http.(*response).finishRequest (HTTP/1.x) and of
    /// the HTTP/2 server's handlerDone (cheap, emulated probes), `ret` = every RET of
    /// serverHandler.ServeHTTP (single-stepped, costlier; also ends hijacked requests).
    #[arg(long, value_enum, default_value = "finish")]
    pub end: EndArg,
    /// How an HTTP/1 request is timed: `socket` = at its connection's socket, from the first read of
    /// its bytes to the last write of its response (tracepoints only, no uprobe; route = method and
    /// normalised path; HTTP/1.1 over TLS: as `recv`, attached when the first TLS connection is
    /// seen), `recv` = from the serving goroutine's first read to
    /// finishRequest (one uprobe hit per request; route = the ServeMux pattern; used anyway with
    /// --layers and --count), `servehttp` = entry of serverHandler.ServeHTTP to finishRequest (two
    /// hits; used anyway with --stack-depth and --end ret). HTTP/2: runHandler to handlerDone.
    #[arg(long, value_enum, default_value = "socket")]
    pub start: StartArg,
}

/// `--start` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StartArg {
    /// At the connection's socket: first read of the request to the last write of its response.
    Socket,
    /// First read of the request's bytes by the serving goroutine.
    Recv,
    /// Entry of net/http.serverHandler.ServeHTTP.
    Servehttp,
}

impl ProbeArgs {
    /// The probe plan options these flags ask for.
    pub fn options(&self) -> ProbeOptions {
        let mut o = ProbeOptions::default();
        o.layers = self.layers;
        o.park = self.park;
        o.count = self.count.clone();
        o.grpc = self.grpc;
        o.end = self.end.into();
        o.start = match self.start {
            StartArg::Socket => probe::RequestStart::Socket,
            StartArg::Recv => probe::RequestStart::Recv,
            StartArg::Servehttp => probe::RequestStart::Servehttp,
        };
        // The recv start's raw tracepoint needs the kernel's BTF (for the task's user registers) and
        // the tracepoint itself (Linux 6.3+); its BTF names it `btf_trace_sock_recv_length`.
        let btf = std::fs::read("/sys/kernel/btf/vmlinux").unwrap_or_default();
        let has = |name: &str| btf.windows(name.len()).any(|w| w == name.as_bytes());
        o.recv_tracepoint = has("btf_trace_sock_recv_length");
        o.socket_tracepoints =
            o.recv_tracepoint && has("btf_trace_sock_send_length") && has("btf_trace_inet_sock_set_state");
        o
    }
}

/// `--end` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EndArg {
    /// Entry of net/http.(*response).finishRequest.
    Finish,
    /// Every RET of net/http.serverHandler.ServeHTTP.
    Ret,
}

impl From<EndArg> for probe::RequestEnd {
    fn from(e: EndArg) -> Self {
        match e {
            EndArg::Finish => probe::RequestEnd::Finish,
            EndArg::Ret => probe::RequestEnd::Ret,
        }
    }
}

/// Parse `30s`, `2m`, `500ms`, `1h`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len()));
    let v: f64 = num.parse().map_err(|_| format!("bad duration {s:?} (use e.g. 30s, 2m, 500ms)"))?;
    let secs = match unit {
        "" | "s" => v,
        "ms" => v / 1e3,
        "m" => v * 60.0,
        "h" => v * 3600.0,
        _ => return Err(format!("bad duration unit in {s:?} (use ms, s, m or h)")),
    };
    if !(secs.is_finite() && secs > 0.0) {
        return Err(format!("duration must be positive: {s:?}"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Where tracefs may be mounted (what the loader looks at, in this order).
const TRACEFS: [&str; 2] = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];

/// Refuse early, with what to do, when the kernel side cannot work: capabilities (root alone is not
/// enough when a container or `capsh` dropped CAP_BPF), and tracefs for the TCP tracepoints (uprobes
/// attach through perf_event_open and need no tracefs).
pub fn preflight(need_tracefs: bool) -> anyhow::Result<()> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let euid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|u| u.parse::<u32>().ok());
    let cap_eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|c| u64::from_str_radix(c.trim(), 16).ok())
        .unwrap_or(0);
    const CAP_SYS_ADMIN: u64 = 1 << 21;
    const CAP_PERFMON: u64 = 1 << 38;
    const CAP_BPF: u64 = 1 << 39;
    let can_bpf = cap_eff & CAP_SYS_ADMIN != 0 || cap_eff & (CAP_BPF | CAP_PERFMON) == (CAP_BPF | CAP_PERFMON);
    if !can_bpf {
        if euid == Some(0) {
            bail!(
                "running as root but without CAP_BPF + CAP_PERFMON (or CAP_SYS_ADMIN): the capabilities were \
                 dropped (container, capsh, systemd CapabilityBoundingSet), so eBPF cannot be loaded; run with \
                 them (e.g. docker --cap-add BPF --cap-add PERFMON --cap-add SYS_PTRACE)"
            );
        }
        bail!("eBPF needs root (or CAP_BPF + CAP_PERFMON + CAP_SYS_PTRACE): run strata record with sudo");
    }
    if need_tracefs && !TRACEFS.iter().any(|d| Path::new(d).join("events/sock/inet_sock_set_state").exists()) {
        bail!(
            "tracefs is not mounted at {} (needed for the TCP tracepoints): mount it with \
             `mount -t tracefs nodev /sys/kernel/tracing`, or pass --no-tcp",
            TRACEFS.join(" or ")
        );
    }
    Ok(())
}

/// A prepared target: the process and what was read from its binary.
pub struct Target {
    /// Process id.
    pub pid: u32,
    /// `/proc/PID/exe`.
    pub exe: PathBuf,
    /// The binary.
    pub bin: GoBinary,
    /// Started by strata (killed at the end).
    pub child: Option<Child>,
}

/// Start `cmd` or open `pid`, and read its binary (a clear error for anything not probeable).
pub fn open_target(pid: Option<u32>, cmd: &[String]) -> anyhow::Result<Target> {
    let (pid, child) = match (pid, cmd.split_first()) {
        (Some(pid), _) => (pid, None),
        (None, Some((prog, args))) => {
            let child = Command::new(prog).args(args).spawn().with_context(|| format!("starting {prog}"))?;
            (child.id(), Some(child))
        }
        (None, None) => bail!("give --pid PID or -- CMD..."),
    };
    let exe = PathBuf::from(format!("/proc/{pid}/exe"));
    let real = std::fs::read_link(&exe).with_context(|| format!("process {pid}: no such process (or not visible)"))?;
    let bin = match GoBinary::open(&exe) {
        Ok(b) => b,
        Err(e) => {
            let mut child = child;
            if let Some(c) = child.as_mut() {
                let _ = c.kill();
                let _ = c.wait();
            }
            return Err(anyhow::Error::new(e).context(format!("process {pid} ({})", real.display())));
        }
    };
    Ok(Target { pid, exe, bin, child })
}

/// Local ports the process listens on (TCP, from /proc/PID/net/tcp{,6} and its socket inodes).
pub fn listen_ports(pid: u32) -> Vec<u16> {
    let mut inodes = std::collections::HashSet::new();
    if let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) {
        for e in dir.flatten() {
            if let Ok(l) = std::fs::read_link(e.path()) {
                let l = l.to_string_lossy().into_owned();
                if let Some(i) = l.strip_prefix("socket:[").and_then(|s| s.strip_suffix(']')) {
                    inodes.insert(i.to_string());
                }
            }
        }
    }
    let mut ports = Vec::new();
    for f in ["tcp", "tcp6"] {
        let text = std::fs::read_to_string(format!("/proc/{pid}/net/{f}")).unwrap_or_default();
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state), Some(inode)) = (c.get(1), c.get(3), c.get(9)) else { continue };
            if *state == "0A"
                && inodes.contains(*inode)
                && let Some(p) = local.rsplit(':').next().and_then(|p| u16::from_str_radix(p, 16).ok())
                && !ports.contains(&p)
            {
                ports.push(p);
            }
        }
    }
    ports
}

fn alive(pid: u32, child: &mut Option<Child>) -> bool {
    if let Some(c) = child.as_mut() {
        return matches!(c.try_wait(), Ok(None));
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(s) => !s.rsplit(')').next().unwrap_or_default().trim_start().starts_with('Z'),
        Err(_) => false,
    }
}

fn sockstat_tw() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/net/sockstat").ok()?;
    let line = s.lines().find(|l| l.starts_with("TCP:"))?;
    let f: Vec<&str> = line.split_whitespace().collect();
    f.iter().position(|w| *w == "tw").and_then(|i| f.get(i + 1)).and_then(|v| v.parse().ok())
}

/// Register SIGINT/SIGTERM into a flag (detach happens when the session is dropped).
pub fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).context("installing signal handlers")?;
    }
    Ok(stop)
}

/// Everything `record` and `agent` share: target, plan, session, aggregator.
pub struct Live {
    /// Target.
    pub target: Target,
    /// Probe plan.
    pub plan: probe::Plan,
    /// Attached session.
    pub session: Session,
    /// Aggregator.
    pub agg: Aggregator,
    /// TCP attached.
    pub tcp: bool,
    /// When [`Session::sweep`] last ran.
    pub last_sweep: Instant,
    /// Sweeps so far.
    pub sweeps: u64,
    /// The target's listening ports, as last read.
    pub ports: Vec<u16>,
    /// When the target was last seen alive.
    pub last_alive: Instant,
    /// Whether the "connections not timed at the socket" warning was printed.
    pub warned_not_http1: bool,
    /// Whether the TLS uprobes were attached (or tried).
    pub tls_tried: bool,
}

/// The longest and shortest sleep between two drains of the ring buffer.
const MAX_SLEEP_MS: u64 = 100;
const MIN_SLEEP_MS: u64 = 5;
/// Records one sleep may let accumulate: with the largest records (a parked goroutine's stack, ≈ 1 KiB)
/// a quarter of the 4 MiB ring buffer.
const RECORDS_PER_SLEEP: f64 = 1024.0;

/// How long to sleep after draining `records` ring-buffer records that arrived during the previous
/// sleep of `slept`: long enough that strata wakes seldom (each wake-up costs its own CPU — 50 a
/// second cost ≈ 2.5 ms of CPU a second on the development machine, about as much as handling 2 000
/// requests a second), short enough that at the rate just seen no more than [`RECORDS_PER_SLEEP`]
/// arrive before the next drain.
fn next_sleep(records: usize, slept: Duration) -> Duration {
    let per_ms = records as f64 / slept.as_secs_f64().max(1e-3) / 1e3;
    let ms = if per_ms > 0.0 { RECORDS_PER_SLEEP / per_ms } else { MAX_SLEEP_MS as f64 };
    Duration::from_millis(ms.clamp(MIN_SLEEP_MS as f64, MAX_SLEEP_MS as f64) as u64)
}

/// Prepare and attach.
pub fn attach(pid: Option<u32>, cmd: &[String], opts: &ProbeOptions, tcp: bool) -> anyhow::Result<Live> {
    preflight(tcp)?;
    let mut target = open_target(pid, cmd)?;
    let result = (|| -> anyhow::Result<(probe::Plan, Session, Aggregator, Vec<u16>)> {
        let module = target.bin.build_info().main_module.as_ref().map(|m| m.path.clone()).unwrap_or_default();
        let layers = LayerMap::defaults(&[module]);
        let mut plan = probe::plan(&target.bin, &layers, opts)?;
        // Benchmark knob (scripts/bench-ebpf-overhead.sh, docs/record.md "Cost"): leave the uprobes
        // of these BPF programs (comma-separated names: http_enter, http_ret, http_arm, site, park;
        // http_recv = the recv-start tracepoint) unattached, to measure what each part of the
        // default probes costs the target.
        if let Ok(skip) = std::env::var("STRATA_EBPF_SKIP") {
            let skipped = |name: &str| skip.split(',').any(|s| s.trim() == name);
            plan.probes.retain(|p| !skipped(p.program.name()));
            plan.tls_probes.retain(|p| !skipped(p.program.name()));
            if skipped("http_recv") {
                plan.recv_tracepoint = false;
            }
            if skipped("sock_recv") {
                plan.socket_tracepoints = false;
            }
        }
        // Benchmark knob: STRATA_EBPF_FILTER_ALL=1 keeps every program attached but makes those that
        // filter by process id return at that compare (see `Plan::filter_everything`).
        plan.filter_everything = std::env::var("STRATA_EBPF_FILTER_ALL").is_ok_and(|v| v == "1");
        if target.child.is_some() {
            // Give a started service a moment to reach main (and listen) before reading its ports.
            std::thread::sleep(Duration::from_millis(300));
        }
        let mut session = Session::attach(target.pid, &target.exe, &target.bin, &plan, tcp)?;
        plan.notes.extend(session.scope_note());
        let ports = listen_ports(target.pid);
        session.set_listen_ports(&ports)?;
        let bias = probe::load_bias(target.pid, &target.bin);
        let agg_opts = {
            let mut o = AggregateOptions::default();
            o.function_layers = plan.function_layers.clone();
            o.counter_names = plan.counter_names.clone();
            o.listen_ports = ports.clone();
            o
        };
        let agg = Aggregator::new(agg_opts, Box::new(GoAttribution::new(&target.bin, layers, bias)));
        Ok((plan, session, agg, ports))
    })();
    match result {
        Ok((plan, session, agg, ports)) => {
            let now = Instant::now();
            Ok(Live {
                target,
                plan,
                session,
                agg,
                tcp,
                last_sweep: now,
                sweeps: 0,
                ports,
                last_alive: now,
                warned_not_http1: false,
                tls_tried: false,
            })
        }
        Err(e) => {
            if let Some(c) = target.child.as_mut() {
                let _ = c.kill();
                let _ = c.wait();
            }
            Err(e)
        }
    }
}

impl Live {
    /// Poll until `deadline`, `stop` or the target exits; returns why it ended. The ring buffer is
    /// drained until empty, then strata sleeps for as long as the record rate since the last drain
    /// lets it without filling more than a small part of the buffer: [`next_sleep`]
    /// (`STRATA_POLL_MS` fixes the sleep instead: a test knob for forcing drops).
    pub fn run(&mut self, deadline: Option<Instant>, stop: &AtomicBool) -> &'static str {
        let fixed: Option<u64> = std::env::var("STRATA_POLL_MS").ok().and_then(|v| v.parse().ok());
        let mut since_sleep = 0usize;
        let mut slept = Duration::from_millis(MAX_SLEEP_MS);
        loop {
            let n = self.session.poll(&mut self.agg);
            since_sleep += n;
            // Once a second: the target's listening ports (see below) and, with the socket start,
            // the requests whose response has settled.
            if self.last_sweep.elapsed() >= Duration::from_secs(1) {
                self.last_sweep = Instant::now();
                // Ports: every second while none is known (a started service listens late), else
                // every 30 s (reading them walks the process's descriptors and the host's TCP table).
                if self.ports.is_empty() || self.sweeps.is_multiple_of(30) {
                    let ports = listen_ports(self.target.pid);
                    if ports != self.ports {
                        let _ = self.session.set_listen_ports(&ports);
                        self.agg.set_listen_ports(ports.clone());
                        self.ports = ports;
                    }
                }
                if self.sweeps.is_multiple_of(30) {
                    // With the uprobes attached for the whole executable: say so when another
                    // process starts running it (every 30 s: it reads every process's /proc/N/exe).
                    let fresh = self.session.new_sharers();
                    if !fresh.is_empty() {
                        let note = format!(
                            "{} started running the target's executable while strata was attached: it traps at \
                             strata's {} uprobe sites (the programs return at once for it; ≈ 1–2 µs per hit), \
                             until strata detaches",
                            probe::pid_list(&fresh),
                            self.session.uprobe_count()
                        );
                        eprintln!("strata: {note}");
                        self.plan.notes.push(note);
                    }
                }
                self.sweeps += 1;
                self.session.sweep(&mut self.agg, false);
                if self.plan.start == probe::RequestStart::Socket {
                    self.not_http1_seen();
                }
            }
            if stop.load(Ordering::Relaxed) {
                return "signal";
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return "duration";
            }
            // Whether the target still runs: five times a second, not at every poll — reading
            // /proc/PID/stat walks the target's threads under its signal-handler lock.
            if self.last_alive.elapsed() >= Duration::from_millis(200) {
                self.last_alive = Instant::now();
                if !alive(self.target.pid, &mut self.target.child) {
                    self.session.poll(&mut self.agg);
                    return "target_exited";
                }
            }
            if n == 0 || fixed.is_some_and(|f| f > MAX_SLEEP_MS) {
                slept = fixed.map_or_else(|| next_sleep(since_sleep, slept), Duration::from_millis);
                since_sleep = 0;
                std::thread::sleep(slept);
            }
        }
    }

    /// Socket start: say while recording (the report's note comes only at the end) that connections
    /// began with TLS or the HTTP/2 preface, and at the first TLS connection hand TLS to the recv
    /// start by attaching its uprobes.
    fn not_http1_seen(&mut self) {
        if !self.warned_not_http1 && self.session.not_http1() > 0 {
            self.warned_not_http1 = true;
            eprintln!(
                "strata: connections that begin with TLS or the HTTP/2 preface are not timed at the socket; \
                 the HTTP/2 requests net/http serves on them are timed at runHandler"
            );
        }
        if !self.tls_tried && self.session.tls_connections() > 0 {
            self.tls_tried = true;
            match self.session.attach_tls_probes() {
                Ok(n) if n > 0 => eprintln!(
                    "strata: a TLS connection: HTTP/1.1 over TLS is timed from now on from the serving goroutine's \
                     first read to finishRequest ({n} more uprobes: one hit per HTTP/1 request, plain ones included)"
                ),
                Ok(_) => eprintln!("strata: a TLS connection: HTTP/1.1 over TLS is not timed (no finishRequest)"),
                Err(e) => eprintln!("strata: a TLS connection: HTTP/1.1 over TLS is not timed: {e}"),
            }
        }
    }

    /// Build the report from what was aggregated.
    pub fn report(&mut self, elapsed: Duration, ended: &str) -> RecordReport {
        self.session.poll(&mut self.agg);
        self.session.sweep(&mut self.agg, true);
        self.agg.set_kernel_drops(self.session.kernel_drops());
        let mut summary = self.agg.summary();
        summary.tcp.connects = self.session.connects();
        summary.requests.unended = self.session.unended();
        summary.requests.unstarted = self.session.unstarted();
        summary.requests.start = match self.plan.start {
            probe::RequestStart::Socket => "socket",
            probe::RequestStart::Recv => "recv",
            probe::RequestStart::Servehttp => "servehttp",
        }
        .to_string();
        summary.tcp.sockstat_tw = sockstat_tw();
        let bi = self.target.bin.build_info();
        let real = std::fs::read_link(&self.target.exe).unwrap_or_else(|_| self.target.exe.clone());
        // The TLS uprobes count once attached (see `Session::attach_tls_probes`).
        let tls = if self.session.tls_probes_attached() > 0 { &self.plan.tls_probes[..] } else { &[] };
        let uprobes = || self.plan.probes.iter().chain(tls);
        let probes = ProbeCounts {
            emulated: uprobes().filter(|p| p.cost == SiteCost::Emulated).count(),
            single_stepped: uprobes().filter(|p| p.cost == SiteCost::SingleStepped).count(),
            tracepoints: usize::from(self.tcp)
                + usize::from(self.plan.recv_tracepoint)
                + if self.plan.socket_tracepoints { probe::SOCKET_TRACEPOINTS.len() } else { 0 },
            layer_functions: self.plan.layer_functions.len(),
            uprobe_scope: self.session.uprobe_scope().name().to_string(),
        };
        RecordReport {
            schema: report::SCHEMA.to_string(),
            target: TargetInfo {
                pid: self.target.pid,
                exe: real.display().to_string(),
                go_version: bi.go_version.clone(),
                module: bi.main_module.as_ref().map(|m| m.path.clone()).unwrap_or_default(),
                offsets: format!("{:?}", self.target.bin.offsets().source).to_lowercase(),
            },
            duration_ns: elapsed.as_nanos() as u64,
            ended: ended.to_string(),
            probes,
            summary,
            dropped: DroppedReport::from(self.agg.dropped()),
            notes: {
                let mut notes = self.plan.notes.clone();
                let other = self.session.not_http1();
                if other > 0 && self.session.goroutine_requests() == 0 {
                    // Marked connections, yet no request ever reached net/http's HTTP/2 server or
                    // finishRequest: do not claim they were timed.
                    notes.push(format!(
                        "{other} connections began with TLS or the HTTP/2 preface, and no request on them was timed: \
                         none reached net/http's HTTP/2 server (runHandler){} — either they carried no request, or \
                         a server other than net/http's serves them (gRPC-Go's grpc.Server speaks HTTP/2 with its \
                         own transport, for one), whose requests strata does not time",
                        if self.session.tls_probes_attached() > 0 { " or finishRequest" } else { "" }
                    ));
                } else if other > 0 {
                    notes.push(if self.session.tls_probes_attached() > 0 {
                        format!(
                            "{other} connections began with TLS or the HTTP/2 preface: HTTP/2 requests are timed at runHandler, \
                             HTTP/1.1 over TLS from the first read (a connection's first request: from its handshake) to \
                             finishRequest, by uprobes attached when the first TLS connection appeared (a connection \
                             already open then is timed from its second request)"
                        )
                    } else if self.session.tls_connections() > 0 {
                        format!(
                            "{other} connections began with TLS or the HTTP/2 preface: their HTTP/2 requests are timed at \
                             runHandler, HTTP/1.1 over TLS is not timed"
                        )
                    } else if self.plan.probes.iter().any(|p| p.function == probe::GRPC_SERVER) {
                        format!(
                            "{other} connections began with TLS or the HTTP/2 preface — here all with the preface \
                             (h2c): net/http's HTTP/2 requests are timed at runHandler, gRPC calls at handleStream"
                        )
                    } else {
                        format!(
                            "{other} connections began with TLS or the HTTP/2 preface — here all with the preface \
                             (h2c): their requests are timed at runHandler"
                        )
                    });
                }
                notes
            },
        }
    }
}

/// Run `strata record`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut opts = args.probes.options();
    opts.stack_depth = args.stack_depth;
    let stop = stop_flag()?;
    let mut live = attach(args.pid, &args.cmd, &opts, !args.probes.no_tcp)?;
    eprintln!(
        "strata record: {} probes attached to pid {} ({}); recording for {:.0?} (Ctrl-C to stop)",
        live.session.attached(),
        live.target.pid,
        live.target.bin.build_info().go_version,
        args.duration
    );
    let started = Instant::now();
    let ended = live.run(Some(started + args.duration), &stop);
    let rep = live.report(started.elapsed(), ended);
    // Detach before anything else can fail; then stop a service we started.
    let Live { session, mut target, .. } = live;
    drop(session);
    if let Some(c) = target.child.as_mut() {
        let _ = c.kill();
        let _ = c.wait();
    }
    if let Some(path) = &args.out {
        let json = serde_json::to_string_pretty(&rep)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    report::write_table(&mut out, &rep)?;
    Ok(Outcome::Ok)
}

/// `strata demo` step: render the committed recording testdata/ebpf/run.json.
pub fn demo_record(root: &Path, out: &mut dyn std::io::Write, _colour: bool) -> anyhow::Result<()> {
    let path = root.join("testdata/ebpf/run.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let rep: RecordReport = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    writeln!(out)?;
    writeln!(out, "== strata record (replayed from testdata/ebpf/run.json, recorded live from the eBPF test service)")?;
    report::write_table(out, &rep)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
    }

    #[test]
    fn the_drain_interval_follows_the_record_rate() {
        let ms = Duration::from_millis;
        // Idle, or 2 000 requests a second: the longest sleep.
        assert_eq!(next_sleep(0, ms(100)), ms(MAX_SLEEP_MS));
        assert_eq!(next_sleep(200, ms(100)), ms(MAX_SLEEP_MS));
        // 100 000 records a second: 1 024 of them in ~10 ms.
        assert_eq!(next_sleep(10_000, ms(100)), ms(10));
        // A flood: never below the shortest sleep.
        assert_eq!(next_sleep(1_000_000, ms(5)), ms(MIN_SLEEP_MS));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("10 parsecs").is_err());
    }
}
