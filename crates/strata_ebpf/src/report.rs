//! The `strata record` result (`"schema": "strata.record/v1"`) and its table rendering.

use std::io::{self, Write};

use crate::aggregate::{Dropped, Summary};

/// Schema tag of [`RecordReport`].
pub const SCHEMA: &str = "strata.record/v1";

/// The process that was recorded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TargetInfo {
    /// Process id.
    pub pid: u32,
    /// Executable.
    pub exe: String,
    /// Go version from `.go.buildinfo`.
    pub go_version: String,
    /// Main module.
    pub module: String,
    /// Where struct offsets came from (`dwarf` or `table`).
    pub offsets: String,
}

/// Probe counts by cost class.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProbeCounts {
    /// Uprobes on emulated instructions (entry `PUSH RBP`).
    pub emulated: usize,
    /// Uprobes on single-stepped instructions (every `RET`, frameless entries).
    pub single_stepped: usize,
    /// Tracepoints.
    pub tracepoints: usize,
    /// Functions probed for `--layers`.
    pub layer_functions: usize,
    /// How the uprobes were bound: `binary` (for every process running the executable, filtered
    /// to the target by the BPF programs) or `process` (bound to the target's pid, because another
    /// process ran the same executable); empty in reports written before the field existed.
    #[serde(default)]
    pub uprobe_scope: String,
}

/// Dropped events as reported (kernel + user space).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DroppedReport {
    /// Lost in the kernel (ring buffer or request map full).
    pub kernel: u64,
    /// Undecodable records.
    pub undecodable: u64,
    /// Goroutines not tracked (cap reached).
    pub goroutines: u64,
    /// Layer frames beyond the stack cap.
    pub layer_frames: u64,
    /// Windows dropped.
    pub windows: u64,
}

impl From<&Dropped> for DroppedReport {
    fn from(d: &Dropped) -> Self {
        DroppedReport {
            kernel: d.kernel,
            undecodable: d.undecodable,
            goroutines: d.goroutines,
            layer_frames: d.layer_frames,
            windows: d.windows,
        }
    }
}

/// Everything `strata record` reports.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RecordReport {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Target.
    pub target: TargetInfo,
    /// Recording length.
    pub duration_ns: u64,
    /// Why it stopped: `duration`, `signal` or `target_exited`.
    pub ended: String,
    /// Probes placed.
    pub probes: ProbeCounts,
    /// Measurements.
    #[serde(flatten)]
    pub summary: Summary,
    /// Dropped events.
    pub dropped: DroppedReport,
    /// What was not probed, and why.
    pub notes: Vec<String>,
}

fn depth(mean: f64) -> String {
    if mean > 0.0 {
        format!("mean stack depth at entry {mean:.1}")
    } else {
        "stack depth at entry not measured (--stack-depth)".to_string()
    }
}

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

/// Render the report as text tables.
pub fn write_table(out: &mut dyn Write, r: &RecordReport) -> io::Result<()> {
    let s = &r.summary;
    writeln!(
        out,
        "strata record: pid {} {} ({}, offsets from {}), {:.1} s, ended by {}",
        r.target.pid,
        r.target.exe,
        r.target.go_version,
        r.target.offsets,
        r.duration_ns as f64 / 1e9,
        r.ended
    )?;
    writeln!(
        out,
        "probes: {} emulated, {} single-stepped, {} tracepoints{}{}",
        r.probes.emulated,
        r.probes.single_stepped,
        r.probes.tracepoints,
        if r.probes.layer_functions > 0 {
            format!(", {} layer functions", r.probes.layer_functions)
        } else {
            String::new()
        },
        if r.probes.uprobe_scope == "process" { "; uprobes bound to the target's pid" } else { "" }
    )?;
    let q = &s.requests;
    writeln!(out)?;
    let start = match q.start.as_str() {
        "socket" => {
            "at the socket: first read of the request → last write of its response (HTTP/2: runHandler → handlerDone)"
        }
        "recv" => "first read of the request's bytes (HTTP/2: runHandler) → finishRequest / handlerDone",
        _ => "net/http.serverHandler.ServeHTTP",
    };
    writeln!(out, "HTTP requests ({start})  latency in ms")?;
    writeln!(out, "{:<32} {:>8} {:>9} {:>9} {:>9} {:>9}", "route", "count", "p50", "p90", "p99", "max")?;
    writeln!(
        out,
        "{:<32} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "(all)",
        q.latency.count,
        ms(q.latency.p50_ns),
        ms(q.latency.p90_ns),
        ms(q.latency.p99_ns),
        ms(q.latency.max_ns)
    )?;
    for rt in s.routes.iter().take(20) {
        let l = &rt.latency;
        let name: String = rt.route.chars().take(32).collect();
        writeln!(
            out,
            "{:<32} {:>8} {:>9} {:>9} {:>9} {:>9}",
            name,
            l.count,
            ms(l.p50_ns),
            ms(l.p90_ns),
            ms(l.p99_ns),
            ms(l.max_ns)
        )?;
    }
    writeln!(
        out,
        "stddev {} ms; P99 jitter (stddev of P99 over {} windows of {:.0} s) {} ms; {}",
        ms(q.stddev_ns),
        q.windows.len(),
        q.window_ns as f64 / 1e9,
        ms(q.p99_stddev_ns),
        depth(q.mean_stack_depth)
    )?;
    if q.unended > 0 {
        writeln!(
            out,
            "{} requests started but their end was not seen (in flight at stop, hijacked connection, or panicking handler): not in the figures above",
            q.unended
        )?;
    }
    if q.unstarted > 0 {
        writeln!(
            out,
            "{} requests ended without a start seen (bytes already buffered: pipelined, or after an unread request body): not in the figures above",
            q.unstarted
        )?;
    }
    if !s.layers.is_empty() {
        writeln!(out)?;
        writeln!(out, "Time inside each layer per request (wall clock, innermost layer)  ms")?;
        writeln!(out, "{:<12} {:>9} {:>9} {:>9} {:>12} {:>7}", "layer", "requests", "p50", "p99", "total", "share")?;
        for l in &s.layers {
            writeln!(
                out,
                "{:<12} {:>9} {:>9} {:>9} {:>12} {:>6.1}%",
                l.layer,
                l.requests,
                ms(l.p50_ns),
                ms(l.p99_ns),
                ms(l.total_ns),
                l.share_pct
            )?;
        }
    }
    let g = &s.gc;
    writeln!(out)?;
    writeln!(
        out,
        "GC: {} cycles, {} stop-the-world pauses, total {} ms, max {} ms; {} requests overlapped a pause (P99 {} ms vs {} ms without{})",
        g.cycles,
        g.stw_count,
        ms(g.stw_total_ns),
        ms(g.stw_max_ns),
        g.requests_overlapping_stw,
        ms(g.p99_with_stw_ns),
        ms(g.p99_without_stw_ns),
        if q.mean_stack_depth > 0.0 {
            format!("; mean entry depth {:.1} vs {:.1}", g.mean_depth_with_stw, g.mean_depth_without_stw)
        } else {
            String::new()
        }
    )?;
    if !s.park.is_empty() {
        writeln!(out)?;
        writeln!(out, "Goroutine parks (runtime.gopark) by wait reason × layer of the innermost application frame")?;
        writeln!(out, "{:<28} {:<12} {:>9} {:>9} {:>12}", "reason", "layer", "count", "resumed", "parked ms")?;
        for p in s.park.iter().take(20) {
            writeln!(out, "{:<28} {:<12} {:>9} {:>9} {:>12}", p.reason, p.layer, p.count, p.resumed, ms(p.total_ns))?;
        }
    }
    let t = &s.tcp;
    writeln!(out)?;
    writeln!(
        out,
        "TCP (listening ports): {} accepted, {} requests/connection, {} TIME_WAIT inferred (FIN_WAIT2/CLOSING→CLOSE), {} outgoing TCP connects{}",
        t.accepted,
        format_args!("{:.1}", t.reuse_ratio),
        t.time_wait,
        t.connects,
        t.sockstat_tw.map(|tw| format!(", host sockstat tw {tw}")).unwrap_or_default()
    )?;
    if !s.counters.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:<40} {:>10} {:>12} {:>8} {:>10}", "counted symbol", "calls", "per request", "max", "outside")?;
        for c in &s.counters {
            writeln!(
                out,
                "{:<40} {:>10} {:>12.2} {:>8} {:>10}",
                c.name, c.total, c.per_request, c.max_per_request, c.outside_requests
            )?;
        }
    }
    let d = &r.dropped;
    writeln!(out)?;
    writeln!(
        out,
        "dropped: {} in the kernel, {} undecodable, {} goroutines over cap, {} layer frames over cap",
        d.kernel, d.undecodable, d.goroutines, d.layer_frames
    )?;
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(r: &RecordReport) -> String {
        let mut out = Vec::new();
        write_table(&mut out, r).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn unended_requests_and_unmeasured_depth_are_said() {
        let mut r = RecordReport::default();
        let t = table(&r);
        assert!(t.contains("stack depth at entry not measured (--stack-depth)"), "{t}");
        assert!(!t.contains("end was not seen"), "{t}");
        assert!(!t.contains("mean entry depth"), "{t}");
        r.summary.requests.unended = 7;
        r.summary.requests.unstarted = 3;
        r.summary.requests.start = "recv".into();
        r.summary.requests.mean_stack_depth = 4.0;
        r.summary.gc.mean_depth_with_stw = 4.0;
        r.summary.gc.mean_depth_without_stw = 4.0;
        let t = table(&r);
        assert!(t.contains("7 requests started but their end was not seen"), "{t}");
        assert!(t.contains("3 requests ended without a start seen"), "{t}");
        assert!(t.contains("HTTP requests (first read of the request's bytes"), "{t}");
        assert!(t.contains("mean stack depth at entry 4.0"), "{t}");
        assert!(t.contains("mean entry depth 4.0 vs 4.0"), "{t}");
    }

    #[test]
    fn old_recordings_without_unended_still_parse() {
        let mut v = serde_json::to_value(RecordReport::default()).unwrap();
        v["requests"].as_object_mut().unwrap().remove("unended");
        v["requests"].as_object_mut().unwrap().remove("unstarted");
        v["requests"].as_object_mut().unwrap().remove("start");
        let r: RecordReport = serde_json::from_value(v).unwrap();
        assert_eq!(r.summary.requests.unended, 0);
        assert_eq!(r.summary.requests.start, "servehttp");
    }
}
