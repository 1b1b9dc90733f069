//! End-to-end tests of `strata trace` on the committed traces (testdata/gotrace).

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata")).args(args).current_dir(root()).output().unwrap()
}

#[test]
fn json_report_by_layer() {
    let out = strata(&[
        "trace",
        "testdata/gotrace/go1.26/trace.out",
        "--module",
        "testdata/gotrace/tracedemo",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "strata.trace/v1");
    assert_eq!(v["go_version"], "1.26");
    assert!(v["duration_ns"].as_u64().unwrap() > 0);
    assert_eq!(v["tasks"][0]["name"], "request");
    assert_eq!(v["tasks"][0]["count"], 300);
    for key in ["p50_ns", "p90_ns", "p99_ns", "max_ns", "mean_ns", "stddev_ns"] {
        assert!(v["tasks"][0][key].is_u64(), "{key}");
    }
    let blocking = v["blocking"].as_array().unwrap();
    assert!(blocking.iter().any(|b| b["reason"] == "network" && b["layer"] == "adapter"));
    // Goroutines still blocked at the end are counted up to it and marked unfinished.
    let forever = blocking.iter().find(|b| b["reason"] == "forever").unwrap();
    assert_eq!((forever["count"].as_u64(), forever["unfinished_count"].as_u64()), (Some(3), Some(3)));
    assert_eq!(forever["total_ns"], forever["unfinished_ns"]);
    assert!(blocking.iter().all(|b| b["unfinished_ns"].as_u64().unwrap() <= b["total_ns"].as_u64().unwrap()));
    assert!(v["sched_wait"][0]["unfinished_count"].is_u64());
    assert!(v["gc"]["stw_count"].as_u64().unwrap() > 0);
    assert!(v["goroutines"]["created"].as_u64().unwrap() >= 1000);
}

#[test]
fn table_and_pprof_outputs() {
    let out = strata(&["trace", "testdata/gotrace/go1.22/trace.out"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("go 1.22 format"), "{text}");
    assert!(text.contains("regions (nested)"));
    // The forever goroutines: blocked until the end of the trace, shown as unfinished.
    let forever = text.lines().find(|l| l.starts_with("forever ")).unwrap_or_else(|| panic!("{text}"));
    assert!(forever.contains("3 × "), "{forever}");
    assert!(text.contains("unfinished at end"));
    for kind in ["sched", "sync", "net", "syscall"] {
        let out = strata(&["trace", "testdata/gotrace/go1.27/trace.out", "--format", "pprof", "--kind", kind]);
        assert!(out.status.success());
        // profile.proto starts with its sample_type field (1, length-delimited).
        assert_eq!(out.stdout.first(), Some(&0x0a), "{kind}");
        assert!(out.stdout.len() > 100, "{kind}");
    }
}

#[test]
fn truncated_trace_warns_or_fails_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(root().join("testdata/gotrace/go1.26/gens.trace")).unwrap();
    let cut = dir.path().join("cut.trace");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let cut = cut.to_str().unwrap();
    let out = strata(&["trace", cut, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning") && err.contains("truncated") && err.contains("dropped"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["generations"].as_u64().unwrap() > 3);
    assert!(v["truncated"]["dropped_bytes"].as_u64().unwrap() > 0);
    let out = strata(&["trace", cut, "--strict"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));
}

#[test]
fn bad_input_exits_2_with_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.trace");
    std::fs::write(&old, b"go 1.21 trace\0\0\0\x00\x01").unwrap();
    let out = strata(&["trace", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("old.trace") && err.contains("Go 1.21 or older"), "{err}");

    let bad = dir.path().join("bad.trace");
    let mut b = std::fs::read(root().join("testdata/gotrace/go1.22/trace.out")).unwrap();
    b[16] = 0x7f; // the first batch's type byte
    std::fs::write(&bad, &b).unwrap();
    let out = strata(&["trace", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.trace") && err.contains("byte 16"), "{err}");

    let out = strata(&["trace", "does-not-exist.trace"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_pipe_is_streamed_with_the_same_profile_as_the_file() {
    // A regular file is read batch by batch (analyze_at); /dev/stdin from a pipe has no length
    // and is streamed a generation at a time (analyze). Same profile either way.
    let trace = root().join("testdata/gotrace/go1.26/trace.out");
    let from_file = strata(&["trace", "testdata/gotrace/go1.26/trace.out", "--format", "pprof", "--kind", "sync"]);
    assert!(from_file.status.success(), "{}", String::from_utf8_lossy(&from_file.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["trace", "/dev/stdin", "--format", "pprof", "--kind", "sync"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let bytes = std::fs::read(trace).unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &bytes));
    let from_pipe = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(from_pipe.status.success(), "{}", String::from_utf8_lossy(&from_pipe.stderr));
    assert!(from_pipe.stderr.is_empty(), "{}", String::from_utf8_lossy(&from_pipe.stderr));
    assert!(!from_file.stdout.is_empty());
    assert_eq!(from_pipe.stdout, from_file.stdout);
}
