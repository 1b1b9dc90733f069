//! Analyses on the committed traces: region percentiles against the program's own wall-clock
//! measurements (regions.tsv), tasks, logs, blocking reasons, GC, goroutines, CPU samples.

mod common;

use std::collections::HashMap;

use strata_gotrace::analysis::{Options, analyze, analyze_at};
use strata_gotrace::report::{DurationStats, Report};
use strata_layers::LayerMap;

fn report(rel: &str) -> Report {
    let map = LayerMap::defaults(&["example.com/tracedemo".to_string()]);
    let a = analyze(std::fs::File::open(common::data().join(rel)).unwrap(), &map, &Options::default()).unwrap();
    assert_eq!(a.forced_events, 0);
    // What `strata trace` runs: batches read from the file only when the merge reaches them.
    let lazy = analyze_at(&std::fs::File::open(common::data().join(rel)).unwrap(), &map, &Options::default()).unwrap();
    let (r, r_lazy) = (Report::new(&a, &map), Report::new(&lazy, &map));
    assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&r_lazy).unwrap(), "{rel}");
    r
}

fn measured(dir: &str) -> HashMap<String, Vec<u64>> {
    let mut m: HashMap<String, Vec<u64>> = HashMap::new();
    for l in std::fs::read_to_string(common::data().join(dir).join("regions.tsv")).unwrap().lines() {
        let (name, ns) = l.split_once('\t').unwrap();
        m.entry(name.to_string()).or_default().push(ns.parse().unwrap());
    }
    m
}

fn check_regions(dir: &str) {
    let r = report(&format!("{dir}/trace.out"));
    let want = measured(dir);
    assert_eq!(want.len(), 6);
    for (name, values) in &want {
        let own = DurationStats::new(name.clone(), values);
        let ours: Vec<_> = r.regions.iter().filter(|x| &x.stats.name == name).collect();
        assert_eq!(ours.len(), 1, "{dir} {name}: one nesting path expected");
        let s = &ours[0].stats;
        assert_eq!(s.count, own.count, "{dir} {name}");
        for (what, a, b) in [("p50", s.p50_ns, own.p50_ns), ("p99", s.p99_ns, own.p99_ns)] {
            let rel = (a as f64 - b as f64).abs() / b as f64;
            assert!(rel < 0.02, "{dir} {name} {what}: strata {a} ns, program {b} ns ({:.2} %)", rel * 100.0);
        }
    }
    // Nesting is kept.
    let get = r.regions.iter().find(|x| x.stats.name == "repository.Get").unwrap();
    assert_eq!(get.path, ["handler.Serve", "service.Handle", "repository.Get"]);
    assert_eq!(get.depth, 2);
}

#[test]
fn region_percentiles_match_the_programs_own_measurements() {
    for dir in ["go1.22", "go1.23", "go1.26", "go1.27"] {
        check_regions(dir);
    }
}

#[test]
fn tasks_logs_goroutines_gc_and_blocking() {
    let r = report("go1.26/trace.out");
    assert_eq!(r.schema, "strata.trace/v1");
    assert_eq!(r.go_version, "1.26");
    let req = r.tasks.iter().find(|t| t.name == "request").unwrap();
    assert_eq!(req.count, 300);
    assert!(req.p50_ns <= req.p90_ns && req.p90_ns <= req.p99_ns && req.p99_ns <= req.max_ns);
    assert_eq!(r.logs.iter().find(|l| l.key == "route").unwrap().count, 300);
    // 1000 spawned goroutines plus workers, pipeline, echo handlers…
    assert!(r.goroutines.created >= 1000, "{:?}", r.goroutines);
    assert!(r.goroutines.max_live >= 1000, "{:?}", r.goroutines);
    assert!(r.gc.count >= 3, "runtime.GC runs 4 times: {:?}", r.gc);
    assert!(r.gc.stw_count >= 2 * 3 && r.gc.stw_max_ns > 0 && r.gc.stw_total_ns >= r.gc.stw_max_ns);
    let reasons: std::collections::BTreeSet<&str> = r.blocking.iter().map(|b| b.reason.as_str()).collect();
    for want in ["chan send", "chan receive", "select", "sync", "sync.(*Cond).Wait", "network", "sleep"] {
        assert!(reasons.contains(want), "missing {want}: {reasons:?}");
    }
    // Layer attribution: the mutex in the repository is infra; Cond waits too; network waits are
    // in the handler (adapter); channel sends from the service are app.
    let layer_of = |reason: &str| -> Vec<&str> {
        r.blocking.iter().filter(|b| b.reason == reason).map(|b| b.layer.as_str()).collect()
    };
    assert!(layer_of("sync.(*Cond).Wait").contains(&"infra"), "{:?}", layer_of("sync.(*Cond).Wait"));
    assert!(layer_of("network").contains(&"adapter"), "{:?}", layer_of("network"));
    assert!(layer_of("chan send").contains(&"app"), "{:?}", layer_of("chan send"));
    assert!(r.syscalls.iter().any(|s| s.layer == "infra" && s.count > 0), "{:?}", r.syscalls);
    assert!(r.cpu_samples.count > 0);
    assert!(
        r.task_time.iter().any(|t| t.task == "request" && t.layer == "domain" && t.running_ns > 0),
        "{:?}",
        r.task_time
    );
}

#[test]
fn many_generations_and_experimental_batches() {
    let r = report("go1.26/gens.trace");
    assert!(r.generations >= 10, "{}", r.generations);
    assert_eq!(r.tasks.iter().find(|t| t.name == "request").unwrap().count, 200);
    let r = report("go1.26/allocfree.trace");
    assert_eq!(r.tasks.iter().find(|t| t.name == "request").unwrap().count, 20);
}

/// `blocking[]` summed over layers, per reason: (episodes, unfinished, unfinished ns).
fn blocks_by_reason(r: &Report) -> std::collections::BTreeMap<String, (u64, u64, u64)> {
    let mut m = std::collections::BTreeMap::new();
    for b in &r.blocking {
        let e: &mut (u64, u64, u64) = m.entry(b.reason.clone()).or_default();
        e.0 += b.count;
        e.1 += b.unfinished_count;
        e.2 += b.unfinished_ns;
        assert!(b.unfinished_count <= b.count && b.unfinished_ns <= b.total_ns, "{b:?}");
    }
    m
}

/// Oracle `<stem>.blocks.txt` (testdata/gotrace/generate.sh, from `go tool trace -d=parsed`):
/// per reason, Go's reader's GoBlock transitions, those still open at the trace's last event, and
/// their time up to it.
fn golden_blocks(rel: &str) -> std::collections::BTreeMap<String, (u64, u64, u64)> {
    let stem = rel.rsplit_once('.').unwrap().0;
    let text = std::fs::read_to_string(common::data().join(format!("{stem}.blocks.txt"))).unwrap();
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            (f[0].to_string(), (f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].parse().unwrap()))
        })
        .collect()
}

#[test]
fn blocking_per_reason_matches_go_reader_including_unfinished() {
    for rel in [
        "go1.22/trace.out",
        "go1.23/trace.out",
        "go1.26/trace.out",
        "go1.27/trace.out",
        "go1.26/gens.trace",
        "go1.26/allocfree.trace",
        "go1.26/synctest.trace",
        "go1.27/synctest.trace",
    ] {
        let want = golden_blocks(rel);
        assert!(want.values().any(|w| w.1 > 0), "{rel}: no unfinished episode in the oracle");
        assert_eq!(blocks_by_reason(&report(rel)), want, "{rel}");
    }
}

/// tracedemo parks three goroutines for good after trace.Start (nil-channel receive and send,
/// `select {}`): real "forever" blocks, unfinished, each up to the end of the trace.
#[test]
fn forever_blocks_are_reported_unfinished_up_to_the_trace_end() {
    for dir in ["go1.22", "go1.23", "go1.26", "go1.27"] {
        let r = report(&format!("{dir}/trace.out"));
        let rows: Vec<_> = r.blocking.iter().filter(|b| b.reason == "forever").collect();
        assert_eq!(rows.len(), 1, "{dir}: {rows:?}");
        let b = rows[0];
        assert_eq!((b.layer.as_str(), b.count, b.unfinished_count), ("main", 3, 3), "{dir}");
        assert_eq!(b.total_ns, b.unfinished_ns, "{dir}");
        // They park right after trace.Start: most of the trace, three times.
        assert!(b.total_ns > 2 * r.duration_ns && b.total_ns <= 3 * r.duration_ns, "{dir}: {b:?} {}", r.duration_ns);
    }
}

/// 13 of the runtime's 17 block reasons come from tracedemo on every Go version (docs/trace.md,
/// "Block reasons"); "synctest" comes from the go test -trace fixture (Go 1.26/1.27).
#[test]
fn real_traces_carry_thirteen_block_reasons() {
    for dir in ["go1.22", "go1.23", "go1.26", "go1.27"] {
        let r = report(&format!("{dir}/trace.out"));
        let reasons: std::collections::BTreeSet<&str> = r.blocking.iter().map(|b| b.reason.as_str()).collect();
        for want in [
            "chan receive",
            "chan send",
            "select",
            "sync",
            "sync.(*Cond).Wait",
            "network",
            "sleep",
            "preempted",
            "forever",
            "system goroutine wait",
            "GC background sweeper wait",
            "wait until GC ends",
            "GC mark assist wait for work",
        ] {
            assert!(reasons.contains(want), "{dir}: missing {want}: {reasons:?}");
        }
    }
}

/// `go test -trace` of testing/synctest bubbles (Go 1.25+): the bubble's root goroutine and
/// synctest.Wait block with reason "synctest", in the test of the app-layer package.
#[test]
fn synctest_block_reason_from_go_test_trace() {
    let map = LayerMap::defaults(&["example.com/synctestdemo".to_string()]);
    for dir in ["go1.26", "go1.27"] {
        let path = common::data().join(dir).join("synctest.trace");
        let a = analyze_at(&std::fs::File::open(&path).unwrap(), &map, &Options::default()).unwrap();
        let r = Report::new(&a, &map);
        let rows: Vec<_> = r.blocking.iter().filter(|b| b.reason == "synctest").collect();
        // 20 subtests, each a bubble with one synctest.Wait.
        assert!(rows.iter().map(|b| b.count).sum::<u64>() >= 20, "{dir}: {rows:?}");
        assert!(rows.iter().any(|b| b.layer == "app" && b.total_ns > 0), "{dir}: {rows:?}");
    }
}
