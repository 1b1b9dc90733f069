//! `strata record` end to end, live: the eBPF test service (testdata/ebpf/svc, built with Go 1.22,
//! 1.23, 1.26 and 1.27) under the fixed-rate load generator (testdata/ebpf/load), recorded by the real
//! binary. Oracles: the load generator's own request counts, the routes' known behaviour (/slow?ms=N
//! sleeps N ms), `bpftool perf show` for attached probes, and the service answering afterwards.
//!
//! These tests need root (BPF). CI runs as root (.ci/run → scripts/test); as non-root each test prints
//! why it is skipped.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        .unwrap_or(false)
}

/// One eBPF test at a time (they share the kernel and the CPU budget).
fn serial() -> Option<MutexGuard<'static, ()>> {
    static LOCK: Mutex<()> = Mutex::new(());
    if !is_root() {
        eprintln!("skipped: needs root for BPF (runs in CI, which is root)");
        return None;
    }
    Some(LOCK.lock().unwrap_or_else(|e| e.into_inner()))
}

fn bins() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ebpf-bins");
        let st = Command::new("bash").arg(root().join("testdata/ebpf/build.sh")).arg(&out).status().unwrap();
        assert!(st.success(), "testdata/ebpf/build.sh failed");
        let st = Command::new("go")
            .args(["build", "-trimpath", "-o"])
            .arg(out.join("load"))
            .arg(".")
            .current_dir(root().join("testdata/ebpf/load"))
            .env("GOTOOLCHAIN", "local")
            .status()
            .unwrap();
        assert!(st.success(), "building the load generator failed");
        out
    })
}

struct Svc {
    child: Child,
    url: String,
}

impl Svc {
    fn start(name: &str) -> Svc {
        Svc::start_with(name, &[])
    }

    fn start_with(name: &str, args: &[&str]) -> Svc {
        let mut child = Command::new(bins().join(name))
            .args(["-addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
        let addr = line.trim().strip_prefix("listening ").unwrap().to_string();
        Svc { child, url: format!("http://{addr}") }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn get(&self, path: &str) -> String {
        let out =
            Command::new("curl").args(["-sS", "-f", "--max-time", "20"]).arg(format!("{}{path}", self.url)).output();
        match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            Ok(o) => panic!("GET {path}: {}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => panic!("curl: {e}"),
        }
    }
}

impl Drop for Svc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn load(url: &str, paths: &[&str], rate: u32, secs: f64) -> Value {
    load_with(url, paths, rate, secs, &[])
}

fn load_with(url: &str, paths: &[&str], rate: u32, secs: f64, extra: &[&str]) -> Value {
    let urls: Vec<String> = paths.iter().map(|p| format!("{url}{p}")).collect();
    let out = Command::new(bins().join("load"))
        .args(["-url", &urls.join(","), "-rate", &rate.to_string(), "-duration", &format!("{secs}s")])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    assert!(out.status.success(), "load failed: {v} {}", String::from_utf8_lossy(&out.stderr));
    v
}

struct Recording {
    child: Child,
}

/// Start `strata record` and wait until it reports its probes attached.
fn record(args: &[&str]) -> Recording {
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .arg("record")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut stderr = String::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            break;
        }
        stderr.push_str(&line);
        if line.contains("probes attached") {
            break;
        }
    }
    // Keep draining stderr so the child never blocks.
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = err.read_to_string(&mut rest);
    });
    assert!(stderr.contains("probes attached"), "strata record did not attach: {stderr}");
    Recording { child }
}

impl Drop for Recording {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn finish(mut r: Recording) -> (i32, String) {
    let mut out = String::new();
    r.child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    let st = r.child.wait().unwrap();
    (st.code().unwrap_or(-1), out)
}

fn signal(pid: u32, sig: &str) {
    assert!(Command::new("kill").args([&format!("-{sig}"), &pid.to_string()]).status().unwrap().success());
}

/// Ids of the BPF programs process `pid` holds open (`prog_id:` in /proc/PID/fdinfo). Scoped to one
/// process, so other eBPF users on the machine (another strata, bpftrace) do not disturb the count.
fn programs_held_by(pid: u32) -> Vec<u64> {
    let mut ids = Vec::new();
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fdinfo")) else { return ids };
    for e in dir.flatten() {
        let info = std::fs::read_to_string(e.path()).unwrap_or_default();
        if let Some(id) = info.lines().find_map(|l| l.strip_prefix("prog_id:")) {
            ids.push(id.trim().parse().expect("prog_id in fdinfo"));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Which of `ids` are still loaded in the kernel, by `bpftool prog show` (a program stays loaded while
/// any uprobe or tracepoint still runs it).
fn still_loaded(ids: &[u64]) -> Vec<u64> {
    let out =
        Command::new("bpftool").args(["prog", "show", "-j"]).output().expect("bpftool (scripts/setup.d/40-ebpf.sh)");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().iter().filter_map(|p| p["id"].as_u64()).filter(|id| ids.contains(id)).collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("record-tests");
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn route<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["route"] == name)
        .unwrap_or_else(|| panic!("no route {name}: {v}"))
}

#[test]
fn request_latency_per_route_matches_the_load_on_every_go_version() {
    let Some(_g) = serial() else { return };
    // Both ways of seeing a request end: the entry of (*response).finishRequest (default) and every
    // RET of serverHandler.ServeHTTP; both starts: the first read of the request (default, with
    // --end finish) and the entry of ServeHTTP (--start servehttp, and always with --end ret).
    for (bin, end, start) in [
        ("svc-go122", "finish", "recv"),
        ("svc-go122", "ret", "servehttp"),
        ("svc-go123", "finish", "recv"),
        ("svc-go123", "finish", "servehttp"),
        ("svc-go126-stripped", "finish", "recv"),
        ("svc-go126", "ret", "servehttp"),
        ("svc-go127", "finish", "recv"),
        ("svc-go127", "ret", "servehttp"),
        ("svc-go122", "finish", "socket"),
        ("svc-go123-stripped", "finish", "socket"),
        ("svc-go126", "finish", "socket"),
        ("svc-go127-stripped", "finish", "socket"),
    ] {
        let svc = Svc::start(bin);
        let out = tmp(&format!("{bin}-{end}.json"));
        let rec = record(&[
            "--pid",
            &svc.pid().to_string(),
            "--duration",
            "5s",
            "--end",
            end,
            "--start",
            start,
            "--out",
            out.to_str().unwrap(),
        ]);
        let sent = load(&svc.url, &["/fast", "/slow?ms=20"], 40, 1.5);
        let (code, table) = finish(rec);
        assert_eq!(code, 0, "{table}");
        let v = read_json(&out);
        assert_eq!(v["schema"], "strata.record/v1");
        assert_eq!(v["ended"], "duration");
        let n = sent["sent"].as_u64().unwrap();
        assert_eq!(v["requests"]["count"].as_u64().unwrap(), n, "{bin} --end {end}: every request seen once");
        let single_stepped = v["probes"]["single_stepped"].as_u64().unwrap();
        assert_eq!(single_stepped > 0, end == "ret", "{bin} --end {end}: {}", v["probes"]);
        // Go 1.22 has no Request.Pattern: the route is the URL path, also "/slow" here. The socket
        // start reads the request line: method and path.
        let m = if start == "socket" { "GET " } else { "" };
        let slow = route(&v, &format!("{m}/slow"));
        let fast = route(&v, &format!("{m}/fast"));
        assert_eq!(slow["count"].as_u64().unwrap() + fast["count"].as_u64().unwrap(), n);
        assert!(slow["p50_ns"].as_u64().unwrap() >= 20_000_000, "{bin}: /slow sleeps 20 ms: {slow}");
        assert!(fast["p50_ns"].as_u64().unwrap() < 20_000_000, "{bin}: {fast}");
        assert!(table.contains("/slow"), "{table}");
        assert_eq!(v["dropped"]["kernel"], 0);
        // The stack is unwound at entry only with --stack-depth.
        assert_eq!(v["requests"]["mean_stack_depth"].as_f64().unwrap(), 0.0, "{bin}");
        assert!(table.contains("stack depth at entry not measured (--stack-depth)"), "{table}");
        assert_eq!(v["requests"]["unended"].as_u64().unwrap(), 0, "{bin} --end {end}");
        assert_eq!(v["requests"]["unstarted"].as_u64().unwrap(), 0, "{bin} --end {end}");
        assert_eq!(v["requests"]["start"], start, "{bin} --end {end}");
        // One uprobe per HTTP/1 request with the recv start: the entry of ServeHTTP is not probed.
        // None with the socket start: three raw tracepoints (read, write, TCP state) instead.
        let tracepoints = v["probes"]["tracepoints"].as_u64().unwrap();
        let want = match start {
            "recv" => 2,
            "socket" => 4,
            _ => 1,
        };
        assert_eq!(tracepoints, want, "{bin} {start}: {}", v["probes"]);
        if start == "socket" {
            // The only uprobes: three GC sites and the HTTP/2 server's runHandler and handlerDone
            // (none of which an HTTP/1 request reaches).
            assert_eq!(v["probes"]["emulated"], 5, "{bin}: {}", v["probes"]);
        }
    }
}

/// The same requests recorded by three strata at once, one per request start: all time every request;
/// the recv start (first read of the request's bytes) comes before the entry of ServeHTTP (after the
/// headers were parsed), so its latencies are a little longer — by tens of microseconds here, not
/// milliseconds — and the socket start (same first read, to the response's last write) longer
/// still by the write. A request whose body the handler did not read (its body is discarded by
/// net/http after the end probe) leaves the connection's next request without a start for the recv
/// start: counted, not timed from the discarding read; the socket start sees the discarded bytes are
/// no request line and times both.
#[test]
fn socket_recv_and_servehttp_starts_agree_and_unread_bodies_do_not_start_requests() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let out_recv = tmp("start-recv.json");
    let out_serve = tmp("start-servehttp.json");
    let out_sock = tmp("start-socket.json");
    let pid = svc.pid().to_string();
    let rec = record(&["--pid", &pid, "--duration", "5s", "--start", "recv", "--out", out_recv.to_str().unwrap()]);
    let serve =
        record(&["--pid", &pid, "--duration", "5s", "--start", "servehttp", "--out", out_serve.to_str().unwrap()]);
    let sock = record(&["--pid", &pid, "--duration", "5s", "--out", out_sock.to_str().unwrap()]);
    let sent = load(&svc.url, &["/fast", "/slow?ms=20"], 40, 1.5)["sent"].as_u64().unwrap();
    // Two requests on one connection (curl --next reuses it): a 200 KB body /fast never reads, then
    // /slow. net/http discards the unread body in finishRequest, after the end probe.
    let body = tmp("body.bin");
    std::fs::write(&body, vec![b'x'; 200_000]).unwrap();
    let o = Command::new("curl")
        .args(["-sS", "-f", "--max-time", "20", "-o", "/dev/null", "-H", "Expect:", "--data-binary"])
        .arg(format!("@{}", body.display()))
        .arg(format!("{}/fast", svc.url))
        .args(["--next", "-sS", "-f", "-o", "/dev/null"])
        .arg(format!("{}/slow?ms=20", svc.url))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (code, table) = finish(rec);
    assert_eq!(code, 0, "{table}");
    let (code, t2) = finish(serve);
    assert_eq!(code, 0, "{t2}");
    let (code, t3) = finish(sock);
    assert_eq!(code, 0, "{t3}");
    let k = read_json(&out_sock);
    assert_eq!(k["requests"]["start"], "socket");
    assert_eq!(k["requests"]["count"].as_u64().unwrap(), sent + 2, "{t3}");
    assert_eq!(k["requests"]["unended"].as_u64().unwrap(), 0, "{t3}");
    assert_eq!(route(&k, "POST /fast")["count"].as_u64().unwrap(), 1, "{t3}");
    assert_eq!(route(&k, "GET /slow")["count"].as_u64().unwrap(), sent / 2 + 1, "{t3}");
    let (r, s) = (read_json(&out_recv), read_json(&out_serve));
    for name in ["/fast", "/slow"] {
        let p50 = |v: &Value, n: &str| route(v, n)["p50_ns"].as_u64().unwrap() as i64;
        let d = p50(&k, &format!("GET {name}")) - p50(&r, name);
        assert!(
            (-200_000..2_000_000).contains(&d),
            "{name}: socket p50 {} vs recv p50 {}",
            d + p50(&r, name),
            p50(&r, name)
        );
    }
    assert_eq!(r["requests"]["start"], "recv");
    assert_eq!(s["requests"]["start"], "servehttp");
    // servehttp times all of them; recv all but the one after the unread body, which it counts.
    assert_eq!(s["requests"]["count"].as_u64().unwrap(), sent + 2, "{t2}");
    assert_eq!(r["requests"]["count"].as_u64().unwrap(), sent + 1, "{table}");
    assert_eq!(r["requests"]["unstarted"].as_u64().unwrap(), 1, "{table}");
    assert!(table.contains("1 requests ended without a start seen"), "{table}");
    assert_eq!(route(&r, "/slow")["count"].as_u64().unwrap(), sent / 2, "{table}");
    for name in ["/fast", "/slow"] {
        let p50 = |v: &Value| route(v, name)["p50_ns"].as_u64().unwrap() as i64;
        let d = p50(&r) - p50(&s);
        assert!((-200_000..2_000_000).contains(&d), "{name}: recv p50 {} vs servehttp p50 {}", p50(&r), p50(&s));
    }
}

/// The socket start ends a request at the last write before the connection's next request or its
/// end. On a keep-alive connection that stays idle, neither comes: strata hands such a request over
/// once its last write has settled (a sweep a second later) or when the recording ends, and a
/// request handed over is not counted again when the connection's next request does end it.
#[test]
fn socket_start_times_requests_on_idle_keep_alive_connections_once() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let out = tmp("socket-keepalive.json");
    let rec = record(&["--pid", &svc.pid().to_string(), "--duration", "6s", "--out", out.to_str().unwrap()]);
    let hostport = svc.url.trim_start_matches("http://").to_string();
    // One connection: /slow, 3 s idle (the sweep hands it over), /fast (whose first read ends /slow
    // on the BPF side too), then idle past the end of the recording.
    let script = "import http.client, sys, time\n\
        c = http.client.HTTPConnection(sys.argv[1])\n\
        c.request('GET', '/slow?ms=30'); c.getresponse().read()\n\
        time.sleep(3)\n\
        c.request('GET', '/orders/42/items/7'); r = c.getresponse(); r.read()\n\
        c.request('GET', '/fast'); c.getresponse().read()\n\
        time.sleep(6)\n";
    let client = Command::new("python3").args(["-c", script, &hostport]).spawn().unwrap();
    let (code, table) = finish(rec);
    let mut client = client;
    let _ = client.kill();
    let _ = client.wait();
    assert_eq!(code, 0, "{table}");
    let v = read_json(&out);
    assert_eq!(v["requests"]["count"], 3, "{table}");
    assert_eq!(route(&v, "GET /slow")["count"], 1, "{table}");
    assert!(route(&v, "GET /slow")["p50_ns"].as_u64().unwrap() >= 30_000_000, "{table}");
    assert_eq!(route(&v, "GET /fast")["count"], 1, "{table}");
    // A path with identifiers becomes a route with placeholders (the service answers 404 to it).
    assert_eq!(route(&v, "GET /orders/{id}/items/{id}")["count"], 1, "{table}");
    assert_eq!(v["requests"]["unended"], 0, "{table}");
}

/// `--end finish` (the default) ends HTTP/1.x requests at finishRequest and HTTP/2 requests at the
/// HTTP/2 server's handlerDone (bundled in net/http up to Go 1.26, net/http/internal/http2 in 1.27).
/// A hijacked connection reaches neither: it is counted as unended and said so in the table, not
/// silently dropped; `--end ret` (every RET of ServeHTTP) times it.
#[test]
fn http2_and_hijacked_requests_are_timed_or_counted_as_unended() {
    let Some(_g) = serial() else { return };
    for (bin, end, start) in [
        ("svc-go126", "finish", "recv"),
        ("svc-go127", "finish", "recv"),
        ("svc-go126", "ret", "servehttp"),
        ("svc-go126", "finish", "socket"),
        ("svc-go127", "finish", "socket"),
    ] {
        let svc = Svc::start_with(bin, &["-h2c"]);
        let out = tmp(&format!("h2-{bin}-{end}-{start}.json"));
        let rec = record(&[
            "--pid",
            &svc.pid().to_string(),
            "--duration",
            "5s",
            "--end",
            end,
            "--start",
            start,
            "--out",
            out.to_str().unwrap(),
        ]);
        let h2 = load_with(&svc.url, &["/fast", "/slow?ms=5"], 40, 1.5, &["-h2c"]);
        let h2_sent = h2["sent"].as_u64().unwrap();
        assert_eq!(h2["http2"].as_u64().unwrap(), h2_sent, "{bin}: the load must really speak HTTP/2: {h2}");
        let hijack = load(&svc.url, &["/hijack"], 20, 1.0);
        let hijacked = hijack["sent"].as_u64().unwrap();
        let (code, table) = finish(rec);
        assert_eq!(code, 0, "{table}");
        let v = read_json(&out);
        let count = v["requests"]["count"].as_u64().unwrap();
        let unended = v["requests"]["unended"].as_u64().unwrap();
        if start == "socket" {
            // HTTP/2 connections begin with the preface: not timed at the socket, their requests at
            // runHandler/handlerDone. A hijacked connection is timed at the socket like any other:
            // to the last write on it (the handler's own).
            assert_eq!(count, h2_sent + hijacked, "{bin}: socket start: {table}");
            assert_eq!(unended, 0, "{table}");
            assert!(table.contains("began with TLS or the HTTP/2 preface"), "{table}");
            assert_eq!(route(&v, "GET /hijack")["count"].as_u64().unwrap(), hijacked, "{table}");
        } else if end == "finish" {
            assert_eq!(count, h2_sent, "{bin}: every HTTP/2 request timed, no hijacked one: {table}");
            assert_eq!(unended, hijacked, "{bin}: hijacked requests counted as unended: {table}");
            assert!(table.contains(&format!("{hijacked} requests started but their end was not seen")), "{table}");
        } else {
            assert_eq!(count, h2_sent + hijacked, "{bin}: --end ret times hijacked requests too: {table}");
            assert_eq!(unended, 0, "{table}");
        }
        // The load alternates /fast, /slow: the route of an HTTP/2 request is read at its end too.
        assert_eq!(route(&v, "/slow")["count"].as_u64().unwrap(), h2_sent / 2, "{table}");
    }
}

#[test]
fn counters_layers_and_parks_are_measured() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let out = tmp("all.json");
    let rec = record(&[
        "--pid",
        &svc.pid().to_string(),
        "--duration",
        "6s",
        "--layers",
        "--park",
        "--count",
        "fmt.errorf",
        "--count",
        "context.(*valueCtx).Value",
        "--stack-depth",
        "--out",
        out.to_str().unwrap(),
    ]);
    let sent = load(&svc.url, &["/err", "/fast", "/slow?ms=10"], 30, 2.0);
    let (code, _) = finish(rec);
    assert_eq!(code, 0);
    let v = read_json(&out);
    let n = sent["sent"].as_u64().unwrap();
    assert_eq!(v["requests"]["count"].as_u64().unwrap(), n);
    let per_route = |r: &str| route(&v, r)["count"].as_u64().unwrap();
    // --stack-depth: frames unwound at the entry of serverHandler.ServeHTTP (conn.serve and below).
    assert!(v["requests"]["mean_stack_depth"].as_f64().unwrap() >= 2.0, "{}", v["requests"]);
    let counters = v["counters"].as_array().unwrap();
    // /err calls fmt.Errorf twice (repository and service); Go 1.26 inlines fmt.Errorf into fmt.errorf calls.
    assert_eq!(counters[0]["total"].as_u64().unwrap(), 2 * per_route("/err"), "{counters:?}");
    // /fast reads one context value in the repository.
    assert_eq!(counters[1]["total"].as_u64().unwrap(), per_route("/fast"), "{counters:?}");
    let layers: Vec<&str> = v["layers"].as_array().unwrap().iter().map(|l| l["layer"].as_str().unwrap()).collect();
    for l in ["adapter", "app", "infra"] {
        assert!(layers.contains(&l), "{layers:?}");
    }
    // /slow waits in repository.Sleep's select: parks with reason "select" charged to infra.
    let park = v["park"].as_array().unwrap();
    let sel = park.iter().find(|p| p["reason"] == "select" && p["layer"] == "infra").expect("select park in infra");
    assert!(sel["count"].as_u64().unwrap() >= per_route("/slow"), "{sel}");
    assert!(sel["total_ns"].as_u64().unwrap() >= per_route("/slow") * 10_000_000, "{sel}");
}

fn kill_test(sig: &str) {
    let svc = Svc::start("svc-go126");
    let out = tmp(&format!("kill-{sig}.json"));
    let rec = record(&[
        "--pid",
        &svc.pid().to_string(),
        "--duration",
        "120s",
        "--park",
        "--layers",
        "--out",
        out.to_str().unwrap(),
    ]);
    let strata_pid = rec.child.id();
    svc.get("/deep?n=2000");
    let ours = programs_held_by(strata_pid);
    // http_enter, http_ret, http_arm, site, park, tcp_state, http_recv.
    assert_eq!(ours.len(), 7, "strata should hold its 7 BPF programs while it runs: {ours:?}");
    assert_eq!(still_loaded(&ours), ours, "bpftool should list strata's programs while it runs");
    signal(strata_pid, sig);
    let (code, table) = finish(rec);
    // The kernel frees programs asynchronously after the last fd closes; allow it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !still_loaded(&ours).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(still_loaded(&ours), Vec::<u64>::new(), "probes left attached after SIG{sig}");
    let events = std::fs::read_to_string("/sys/kernel/tracing/uprobe_events").unwrap_or_default();
    assert!(!events.contains("strata"), "uprobe_events: {events}");
    // The target keeps serving, including the stack-growing route.
    assert!(svc.get("/deep?n=10000").trim().parse::<i64>().is_ok());
    if sig == "KILL" {
        assert_eq!(code, -1);
    } else {
        assert_eq!(code, 0, "{table}");
        assert!(table.contains("ended by signal"), "{table}");
        assert_eq!(read_json(&out)["ended"], "signal");
    }
}

#[test]
fn sigint_detaches_and_reports() {
    let Some(_g) = serial() else { return };
    kill_test("INT");
}

#[test]
fn sigterm_detaches_and_reports() {
    let Some(_g) = serial() else { return };
    kill_test("TERM");
}

#[test]
fn sigkill_leaves_no_probe_behind() {
    let Some(_g) = serial() else { return };
    kill_test("KILL");
}

#[test]
fn target_exit_mid_recording_reports_what_was_recorded() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let out = tmp("exit.json");
    let rec = record(&["--pid", &svc.pid().to_string(), "--duration", "60s", "--out", out.to_str().unwrap()]);
    for _ in 0..5 {
        svc.get("/fast");
    }
    drop(svc);
    let (code, table) = finish(rec);
    assert_eq!(code, 0, "{table}");
    let v = read_json(&out);
    assert_eq!(v["ended"], "target_exited");
    assert_eq!(v["requests"]["count"], 5);
}

#[test]
fn command_mode_starts_and_stops_the_service() {
    let Some(_g) = serial() else { return };
    let out = tmp("cmd.json");
    let bin = bins().join("svc-go123");
    let rec = record(&[
        "--duration",
        "2s",
        "--out",
        out.to_str().unwrap(),
        "--",
        bin.to_str().unwrap(),
        "-addr",
        "127.0.0.1:0",
    ]);
    let (code, table) = finish(rec);
    assert_eq!(code, 0, "{table}");
    assert_eq!(read_json(&out)["ended"], "duration");
}

#[test]
fn event_flood_is_bounded_and_drops_are_counted() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let out = tmp("flood.json");
    // runtime.mallocgc fires ~1000 times per /alloc?kb=1000 request; draining only every 3 s overflows
    // the 4 MiB ring buffer.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(["record", "--pid", &svc.pid().to_string(), "--duration", "5s", "--count", "runtime.mallocgc", "--out"])
        .arg(&out)
        .env("STRATA_POLL_MS", "3000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_secs(1));
    load(&svc.url, &["/alloc?kb=1000"], 100, 3.0);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = read_json(&out);
    let dropped = v["dropped"]["kernel"].as_u64().unwrap();
    assert!(dropped > 0, "expected ring-buffer drops: {}", v["dropped"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("dropped: {dropped} in the kernel")));
}

/// A 3 s recording of `svc` with `args` and a benchmark knob `env`, under 200 requests to /fast.
fn knob_recording(svc: &Svc, args: &[&str], env: Option<(&str, &str)>, name: &str) -> Value {
    let out = tmp(name);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
    cmd.args(["record", "--pid", &svc.pid().to_string(), "--duration", "3s", "--out"])
        .arg(&out)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_secs(1));
    load(&svc.url, &["/fast"], 200, 1.0);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    read_json(&out)
}

/// STRATA_EBPF_SKIP (the overhead benchmark's knob) leaves the named programs' uprobes unattached:
/// without `http_ret` no request ends, so every request entered is reported unended and none timed,
/// and the probe counts drop by the skipped sites.
#[test]
fn skip_knob_leaves_the_named_programs_unattached() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    // The ServeHTTP start: every request has an entry probe, so skipping http_ret leaves each one
    // unended.
    let run = |skip: Option<&str>, name: &str| {
        knob_recording(&svc, &["--start", "servehttp"], skip.map(|s| ("STRATA_EBPF_SKIP", s)), name)
    };
    let all = run(None, "skip-none.json");
    let no_end = run(Some("http_ret"), "skip-ret.json");
    assert!(all["requests"]["count"].as_u64().unwrap() >= 190, "{}", all["requests"]);
    assert_eq!(no_end["requests"]["count"], 0, "{}", no_end["requests"]);
    assert!(no_end["requests"]["unended"].as_u64().unwrap() >= 190, "{}", no_end["requests"]);
    let emulated = |v: &Value| v["probes"]["emulated"].as_u64().unwrap();
    // --end finish has two http_ret sites: finishRequest (HTTP/1.x) and HTTP/2 handlerDone.
    assert_eq!(emulated(&no_end) + 2, emulated(&all), "{} vs {}", no_end["probes"], all["probes"]);
}

/// The socket start hands TLS connections to the recv start: its uprobes are attached once the first
/// TLS connection is seen, and from then on every HTTP/1.1-over-TLS request is timed once (to
/// finishRequest; route = the ServeMux pattern) and every HTTP/2-over-TLS request once (runHandler →
/// handlerDone). Go 1.26 with symbols and 1.27 stripped (offsets from the table).
#[test]
fn socket_start_times_tls_connections_with_the_recv_start() {
    let Some(_g) = serial() else { return };
    for bin in ["svc-go126", "svc-go127-stripped"] {
        let svc = Svc::start_with(bin, &["-tls"]);
        let https = svc.url.replacen("http://", "https://", 1);
        let out = tmp(&format!("tls-{bin}.json"));
        let rec = record(&["--pid", &svc.pid().to_string(), "--duration", "9s", "--out", out.to_str().unwrap()]);
        std::thread::sleep(Duration::from_secs(1));
        // A first TLS connection to be noticed: the uprobes follow within a second.
        let warm = load_with(&https, &["/fast"], 20, 0.5, &["-tls"]);
        std::thread::sleep(Duration::from_secs(2));
        let h1 = load_with(&https, &["/fast", "/slow?ms=2"], 100, 2.0, &["-tls"]);
        let h2 = load_with(&https, &["/fast"], 50, 1.0, &["-tls", "-h2"]);
        let sent = |v: &Value| v["sent"].as_u64().unwrap();
        assert_eq!(h1["http2"], 0, "{h1}");
        assert_eq!(h2["http2"], h2["sent"], "the -h2 load must negotiate HTTP/2: {h2}");
        let (code, table) = finish(rec);
        assert_eq!(code, 0, "{table}");
        let v = read_json(&out);
        let count = v["requests"]["count"].as_u64().unwrap();
        // Every request after the uprobes were attached, and none twice.
        assert!(count >= sent(&h1) + sent(&h2), "{bin}: {count} timed of {h1} + {h2}: {table}");
        assert!(count <= sent(&warm) + sent(&h1) + sent(&h2), "{bin}: {count} timed: {table}");
        let slow = route(&v, "/slow");
        assert_eq!(slow["count"].as_u64().unwrap(), sent(&h1) / 2, "{bin}: {table}");
        // The handler sleeps 2 ms: the time spans it, and no more than the client saw.
        let p50 = slow["p50_ns"].as_u64().unwrap();
        assert!(p50 >= 2_000_000 && p50 <= h1["max_us"].as_u64().unwrap() * 1000, "{bin}: {slow} vs {h1}");
        assert_eq!(v["requests"]["unended"], 0, "{bin}: {table}");
        assert_eq!(v["requests"]["unstarted"], 0, "{bin}: {table}");
        assert_eq!(v["requests"]["start"], "socket");
        let notes = v["notes"].to_string();
        assert!(notes.contains("HTTP/1.1 over TLS from the first read"), "{bin}: {notes}");
    }
}

/// `strata record --pid` on an HTTPS service whose keep-alive connections were open before it
/// attached: it never sees their handshakes, only TLS application-data records, and still hands
/// them to the recv start. Each connection's first request after the uprobes are attached is not
/// timed (its goroutine was not armed); every later one is, once.
#[test]
fn socket_start_times_tls_connections_open_before_it_attached() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start_with("svc-go126", &["-tls"]);
    let hostport = svc.url.trim_start_matches("http://").to_string();
    // Four connections, one request each; then (after a line on stdin) one request each for strata
    // to notice them, a pause for the uprobes, and 25 /slow requests on each: prints that count.
    let script = "import http.client, ssl, sys, time\n\
        ctx = ssl._create_unverified_context()\n\
        cs = [http.client.HTTPSConnection(sys.argv[1], context=ctx) for _ in range(4)]\n\
        for c in cs: c.request('GET', '/fast'); c.getresponse().read()\n\
        print('open', flush=True)\n\
        sys.stdin.readline()\n\
        for c in cs: c.request('GET', '/fast'); c.getresponse().read()\n\
        time.sleep(2.5)\n\
        n = 0\n\
        for _ in range(25):\n\
        \x20   for c in cs: c.request('GET', '/slow?ms=2'); c.getresponse().read(); n += 1\n\
        print(n, flush=True)\n\
        time.sleep(10)\n";
    let mut client = Command::new("python3")
        .args(["-c", script, &hostport])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(client.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "open");
    let out = tmp("tls-open-before.json");
    let rec = record(&["--pid", &svc.pid().to_string(), "--duration", "7s", "--out", out.to_str().unwrap()]);
    use std::io::Write;
    client.stdin.as_mut().unwrap().write_all(b"go\n").unwrap();
    let slow_sent: u64 = lines.next().unwrap().unwrap().trim().parse().unwrap();
    let (code, table) = finish(rec);
    let _ = client.kill();
    let _ = client.wait();
    assert_eq!(code, 0, "{table}");
    assert_eq!(slow_sent, 100);
    let v = read_json(&out);
    let slow = route(&v, "/slow");
    let timed = slow["count"].as_u64().unwrap();
    assert!((slow_sent - 4..=slow_sent).contains(&timed), "{timed} of {slow_sent} timed: {table}");
    let p50 = slow["p50_ns"].as_u64().unwrap();
    assert!((2_000_000..50_000_000).contains(&p50), "{slow}");
    assert_eq!(v["requests"]["unended"], 0, "{table}");
    assert_eq!(v["requests"]["unstarted"], 0, "{table}");
    assert!(v["notes"].to_string().contains("4 connections began with TLS"), "{}", v["notes"]);
}

/// A real gRPC-Go server (testdata/ebpf/grpcsvc) that also serves net/http, as one exposing
/// /metrics does, under 200 unary calls over one connection and one /metrics request; recorded with
/// `extra` flags. Returns the report.
fn record_grpc(bin: &str, extra: &[&str], name: &str) -> Value {
    let mut child = Command::new(bins().join(bin))
        .args(["-addr", "127.0.0.1:0", "-http", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let http = lines.next().unwrap().unwrap().strip_prefix("http ").unwrap().to_string();
    let grpc = lines.next().unwrap().unwrap().strip_prefix("listening ").unwrap().to_string();
    let out = tmp(name);
    let pid = child.id().to_string();
    let mut args = vec!["--pid", &pid, "--duration", "4s", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let rec = record(&args);
    let calls = Command::new(bins().join("grpcsvc")).args(["-call", &grpc, "-n", "200"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&calls.stdout).trim(), "200", "{}", String::from_utf8_lossy(&calls.stderr));
    let metrics = Command::new("curl").args(["-sS", "-f", &format!("http://{http}/metrics")]).output().unwrap();
    assert!(metrics.status.success());
    let (code, table) = finish(rec);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(code, 0, "{table}");
    read_json(&out)
}

/// Without --grpc: the gRPC connection begins with the HTTP/2 preface, but gRPC's own transport,
/// not net/http's, serves it. The net/http request is timed; the report must not claim the gRPC
/// calls were.
#[test]
fn grpc_connections_are_said_untimed() {
    let Some(_g) = serial() else { return };
    let v = record_grpc("grpcsvc", &[], "grpc.json");
    let table = &v["requests"];
    assert_eq!(v["requests"]["count"], 1, "{table}");
    assert_eq!(route(&v, "GET /metrics")["count"], 1, "{table}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("1 connections began with TLS or the HTTP/2 preface, and no request on them was timed"),
        "{notes}"
    );
    assert!(notes.contains("gRPC-Go") && !notes.contains("are timed at runHandler"), "{notes}");
    assert!(
        notes.contains("the binary has a gRPC-Go server (google.golang.org/grpc.(*Server).handleStream)"),
        "{notes}"
    );
}

/// --grpc times every call from handleStream to writeStatus (WriteStatus before gRPC 1.69), by
/// method (from DWARF), next to the net/http request at the socket — on gRPC-Go 1.85, 1.66 (the
/// `*Stream` itself) and 1.75 (a `*Stream` one pointer away: no method, said so), and on a stripped
/// build (no DWARF: no method, said so).
#[test]
fn grpc_calls_are_timed_with_the_grpc_flag() {
    let Some(_g) = serial() else { return };
    let check = "/grpc.health.v1.Health/Check";
    for (bin, method) in [
        ("grpcsvc", check),
        ("grpcsvc-stripped", "(unknown)"),
        ("grpcsvc-v1.66.0", check),
        ("grpcsvc-v1.75.0", "(unknown)"),
    ] {
        let v = record_grpc(bin, &["--grpc"], &format!("{bin}-timed.json"));
        let calls = route(&v, method);
        assert_eq!(calls["count"], 200, "{bin}: {}", v["requests"]);
        assert_eq!(route(&v, "GET /metrics")["count"], 1, "{bin}: {}", v["requests"]);
        assert_eq!(v["requests"]["count"], 201, "{bin}: {}", v["requests"]);
        // A unary health check on loopback: well under the client's 5 s deadline, and not zero.
        let p50 = calls["p50_ns"].as_u64().unwrap();
        assert!((1_000..100_000_000).contains(&p50), "{bin}: {calls}");
        let notes = v["notes"].to_string();
        assert!(notes.contains("--grpc: gRPC-Go calls are timed"), "{bin}: {notes}");
        assert!(notes.contains("gRPC calls at handleStream") && !notes.contains("not timed"), "{bin}: {notes}");
        assert_eq!(bin.ends_with("stripped"), notes.contains("no DWARF for gRPC's stream"), "{bin}: {notes}");
        assert_eq!(
            bin.ends_with("v1.75.0"),
            notes.contains("gRPC-Go v1.75.0 keeps it one pointer away"),
            "{bin}: {notes}"
        );
        assert_eq!(bin.ends_with("v1.66.0"), notes.contains("(*http2Server).WriteStatus"), "{bin}: {notes}");
    }
}

/// The uprobes are attached for the whole executable (no perf event bound to the target's task, which
/// would cost it at every context switch), so another process running the same binary traps at them:
/// the programs must ignore it. A second instance started while strata records is not timed and is
/// named in a note; with a second instance already running when strata attaches, the uprobes are
/// bound to the target's pid instead, and the note says what that costs.
#[test]
fn uprobes_time_only_the_target_among_processes_running_its_executable() {
    let Some(_g) = serial() else { return };
    let a = Svc::start("svc-go126");
    let pid = a.pid().to_string();
    let record_a = |name: &str, during: &dyn Fn() -> u64| -> (Value, String, u64) {
        let out = tmp(name);
        // --start servehttp: every request passes two uprobes, in whichever process serves it.
        let rec = record(&["--pid", &pid, "--duration", "4s", "--start", "servehttp", "--out", out.to_str().unwrap()]);
        let sent = during();
        let (code, table) = finish(rec);
        assert_eq!(code, 0, "{table}");
        (read_json(&out), table, sent)
    };
    let b: std::cell::RefCell<Option<Svc>> = std::cell::RefCell::new(None);
    let (alone, table, sent) = record_a("scope-binary.json", &|| {
        // Started after strata attached; strata looks for such processes a second in.
        let sibling = Svc::start("svc-go126");
        std::thread::sleep(Duration::from_millis(1500));
        load(&sibling.url, &["/fast"], 300, 1.0);
        let sent = load(&a.url, &["/fast"], 200, 1.0)["sent"].as_u64().unwrap();
        *b.borrow_mut() = Some(sibling);
        sent
    });
    let b = b.into_inner().unwrap();
    assert_eq!(alone["probes"]["uprobe_scope"], "binary", "{table}");
    assert_eq!(alone["requests"]["count"].as_u64().unwrap(), sent, "{table}");
    assert_eq!(alone["requests"]["unended"], 0, "{table}");
    let said = format!("process {} started running the target's executable", b.pid());
    assert!(alone["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains(&said)), "{table}");
    let (bound, table, sent) = record_a("scope-process.json", &|| {
        load(&b.url, &["/fast"], 300, 1.0);
        load(&a.url, &["/fast"], 200, 1.0)["sent"].as_u64().unwrap()
    });
    assert_eq!(bound["probes"]["uprobe_scope"], "process", "{table}");
    assert!(table.contains("uprobes bound to the target's pid"), "{table}");
    assert_eq!(bound["requests"]["count"].as_u64().unwrap(), sent, "{table}");
    let said = format!("process {} also runs the target's executable", b.pid());
    assert!(bound["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains(&said)), "{table}");
}

/// STRATA_EBPF_FILTER_ALL=1 (the benchmark's `filter_all` arm) attaches the same probes but the
/// socket programs return at their process-id compare: nothing is timed.
#[test]
fn filter_all_knob_attaches_everything_and_records_nothing() {
    let Some(_g) = serial() else { return };
    let svc = Svc::start("svc-go126");
    let run =
        |filter: bool, name: &str| knob_recording(&svc, &[], filter.then_some(("STRATA_EBPF_FILTER_ALL", "1")), name);
    let normal = run(false, "filter-none.json");
    let filtered = run(true, "filter-all.json");
    assert!(normal["requests"]["count"].as_u64().unwrap() >= 190, "{}", normal["requests"]);
    assert_eq!(filtered["requests"]["count"], 0, "{}", filtered["requests"]);
    assert_eq!(filtered["probes"], normal["probes"]);
    assert_eq!(filtered["probes"]["tracepoints"], 4, "{}", filtered["probes"]);
}

fn strata_fails(args: &[&str], uid: Option<&str>) -> String {
    let mut cmd = match uid {
        Some(u) => {
            let mut c = Command::new("setpriv");
            c.args([&format!("--reuid={u}"), "--regid=65534", "--clear-groups", "--inh-caps=-all"])
                .arg(env!("CARGO_BIN_EXE_strata"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_strata")),
    };
    let o = cmd.arg("record").args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn refusals_exit_2_with_a_clear_message() {
    let Some(_g) = serial() else { return };
    let mut sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    let e = strata_fails(&["--pid", &sleeper.id().to_string(), "--duration", "1s"], None);
    assert!(e.contains("not a Go binary"), "{e}");
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    let e = strata_fails(&["--pid", "999999999", "--duration", "1s"], None);
    assert!(e.contains("no such process"), "{e}");
    // An unsupported Go version (the stripped go1.22 build relabelled go1.21: no DWARF, no table row).
    let mut data = std::fs::read(bins().join("svc-go122-stripped")).unwrap();
    let magic = data.windows(14).position(|w| w == b"\xff Go buildinf:").unwrap();
    let at = magic + data[magic..].windows(7).position(|w| w == b"go1.22.").unwrap();
    data[at + 5] = b'1';
    let old = tmp("svc-go121");
    std::fs::write(&old, &data).unwrap();
    std::fs::set_permissions(&old, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut svc = Command::new(&old).args(["-addr", "127.0.0.1:0"]).stdout(Stdio::null()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let e = strata_fails(&["--pid", &svc.id().to_string(), "--duration", "1s"], None);
    assert!(e.contains("Go version go1.21") && e.contains("not supported"), "{e}");
    let _ = svc.kill();
    let _ = svc.wait();
    // Not root.
    let e = strata_fails(&["--pid", "1", "--duration", "1s"], Some("65534"));
    assert!(e.contains("needs root"), "{e}");
    // Root, but with every capability dropped (what a container without CAP_BPF looks like).
    let o = Command::new("setpriv")
        .args(["--bounding-set=-all", "--inh-caps=-all"])
        .arg(env!("CARGO_BIN_EXE_strata"))
        .args(["record", "--pid", "1", "--duration", "1s"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("running as root but without CAP_BPF + CAP_PERFMON"), "{e}");
    // No tracefs: unmounted in a private mount namespace (the host's mount is untouched). The TCP
    // tracepoints need it: a clear refusal naming the fix; with --no-tcp the uprobes (perf_event_open,
    // no tracefs) still record.
    let svc = Svc::start("svc-go126");
    let no_tracefs = |extra: &str| {
        Command::new("unshare")
            .args(["-m", "sh", "-c"])
            .arg(format!(
                "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null; \
                 test ! -e /sys/kernel/tracing/events || exit 99; exec \"$0\" record --pid {} --duration 1s {extra}",
                svc.pid()
            ))
            .arg(env!("CARGO_BIN_EXE_strata"))
            .output()
            .unwrap()
    };
    let o = no_tracefs("");
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("tracefs is not mounted at /sys/kernel/tracing") && e.contains("mount -t tracefs"), "{e}");
    let o = no_tracefs("--no-tcp");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("HTTP requests"));
    drop(svc);
    // Unknown --count symbol.
    let svc = Svc::start("svc-go126");
    let e = strata_fails(&["--pid", &svc.pid().to_string(), "--count", "no.such.Func"], None);
    assert!(e.contains("--count no.such.Func: no such function"), "{e}");
}
