//! Oracle test: strata's `--kind sched|sync|net|syscall` profiles against `go tool trace -pprof`
//! goldens of the same Go version (captured by testdata/gotrace/generate.sh). Per stack, the total
//! delay must agree within 1 %, and no stack may be missing on either side. Go 1.22/1.23's
//! `go tool trace` skips transitions without a stack; `Options::legacy_pprof` reproduces that.

mod common;

use strata_gotrace::analysis::{Options, PprofKind, analyze, analyze_at};
use strata_layers::LayerMap;

fn check(version_dir: &str, legacy_pprof: bool) {
    check_trace(version_dir, "trace.out", "pprof-", legacy_pprof, &["sched", "sync", "net", "syscall"]);
}

/// Compares every kind of `trace` in `version_dir` with its golden `{golden}{kind}.pb`; the kinds
/// in `nonempty` must have a non-empty golden.
fn check_trace(version_dir: &str, trace: &str, golden: &str, legacy_pprof: bool, nonempty: &[&str]) {
    let dir = common::data().join(version_dir);
    let trace_name = trace;
    let trace = std::fs::File::open(dir.join(trace_name)).unwrap();
    let map = LayerMap::defaults(&["example.com/tracedemo".to_string()]);
    let mut opts = Options::default();
    opts.legacy_pprof = legacy_pprof;
    let a = analyze(trace, &map, &opts).unwrap();
    assert_eq!(a.forced_events, 0, "{version_dir}: ordering needed forcing");
    for (kind, name) in [
        (PprofKind::Sched, "sched"),
        (PprofKind::Sync, "sync"),
        (PprofKind::Net, "net"),
        (PprofKind::Syscall, "syscall"),
    ] {
        let ours = common::decode(&strata_gotrace::pprof::encode(&a.stacks, &a.pprof[kind as usize]));
        // What `--format pprof` runs: only this profile, the other analyses skipped, and the
        // file's batches read only when the merge reaches them.
        let mut only_opts = opts.clone();
        only_opts.pprof_only = Some(kind);
        let only = analyze_at(&std::fs::File::open(dir.join(trace_name)).unwrap(), &map, &only_opts).unwrap();
        let only = common::decode(&strata_gotrace::pprof::encode(&only.stacks, &only.pprof[kind as usize]));
        assert_eq!(only.samples, ours.samples, "{version_dir} {name}: pprof_only changes the profile");
        let go = common::decode(&std::fs::read(dir.join(format!("{golden}{name}.pb"))).unwrap());
        let total_go: i64 = go.samples.values().map(|v| v.1).sum();
        let total_ours: i64 = ours.samples.values().map(|v| v.1).sum();
        assert!(total_go > 0 || !nonempty.contains(&name), "{version_dir} {trace_name} {name}: empty golden");
        let mut bad = Vec::new();
        for (stack, &(count, ns)) in &go.samples {
            let (c2, ns2) = ours.samples.get(stack).copied().unwrap_or((0, 0));
            let diff = (ns - ns2).abs() as f64;
            if diff > 0.01 * ns as f64 {
                let top = stack.first().and_then(|pc| go.funcs.get(pc)).cloned().unwrap_or_default();
                bad.push(format!("  {top} ({} frames): go {count}×{ns}ns, strata {c2}×{ns2}ns", stack.len()));
            }
        }
        for stack in ours.samples.keys() {
            if !go.samples.contains_key(stack) {
                let top = stack.first().and_then(|pc| ours.funcs.get(pc)).cloned().unwrap_or_default();
                bad.push(format!("  extra stack {top}: strata {:?}", ours.samples[stack]));
            }
        }
        assert!(
            bad.is_empty(),
            "{version_dir} {trace_name} {name}: go total {total_go}ns, strata {total_ours}ns; {} stacks differ:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}

#[test]
fn go122_profiles_match_go_tool_trace() {
    check("go1.22", true);
}

#[test]
fn go123_profiles_match_go_tool_trace() {
    check("go1.23", true);
}

#[test]
fn go126_profiles_match_go_tool_trace() {
    check("go1.26", false);
}

#[test]
fn go127_profiles_match_go_tool_trace() {
    check("go1.27", false);
}

/// `go test -trace` of testing/synctest bubbles (Go 1.25+): "synctest" blocks are in the sync
/// profile (its reason contains "sync").
#[test]
fn synctest_profiles_match_go_tool_trace() {
    for dir in ["go1.26", "go1.27"] {
        check_trace(dir, "synctest.trace", "synctest.pprof-", false, &["sched", "sync"]);
    }
}
