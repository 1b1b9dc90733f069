//! Oracle test: event counts per type equal those of `go tool trace -d=2` / `-d=wire` of the Go
//! version that wrote the trace (goldens captured by testdata/gotrace/generate.sh).

use std::collections::BTreeMap;
use std::path::PathBuf;

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gotrace")
}

fn golden(path: &std::path::Path) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().filter_map(|l| l.split_once(' ')).map(|(k, v)| (k.to_string(), v.trim().parse().unwrap())).collect()
}

fn check(rel: &str) {
    check_min(rel, 10_000);
}

fn check_min(rel: &str, min_events: u64) {
    let trace = data().join(rel);
    let stem = trace.file_stem().unwrap().to_str().unwrap();
    let want = golden(&trace.with_file_name(format!("{stem}.d2-counts.txt")));
    let got = strata_gotrace::wirecount::count(std::fs::File::open(&trace).unwrap()).unwrap();
    assert!(got.truncation.is_none(), "{rel}: {:?}", got.truncation);
    let got: BTreeMap<String, u64> = got.by_name.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    assert_eq!(got, want, "{rel}");
    assert!(want.values().sum::<u64>() > min_events, "{rel}: the fixture is meant to be non-trivial");
}

#[test]
fn go122_counts_match_go_tool_trace() {
    check("go1.22/trace.out");
}

#[test]
fn go123_counts_match_go_tool_trace() {
    check("go1.23/trace.out");
}

#[test]
fn go126_counts_match_go_tool_trace() {
    check("go1.26/trace.out");
}

#[test]
fn go127_counts_match_go_tool_trace() {
    check("go1.27/trace.out");
}

#[test]
fn many_generations_counts_match_go_tool_trace() {
    check("go1.26/gens.trace");
}

#[test]
fn experimental_batches_counts_match_go_tool_trace() {
    // 20 requests: its size depends on how often the CPU hog was preempted (500–19,000 GoStart).
    check_min("go1.26/allocfree.trace", 1_000);
}

#[test]
fn synctest_counts_match_go_tool_trace() {
    // A `go test -trace` of a small test: fewer events than tracedemo's.
    check_min("go1.26/synctest.trace", 1_000);
    check_min("go1.27/synctest.trace", 1_000);
}
