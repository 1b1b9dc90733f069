//! Hand-built traces from the test-only encoder (tests/common/encoder.rs): the Go 1.25 format
//! (no installed toolchain writes it), cross-M ordering, truncation and bad input.

mod common;

use common::encoder::{Events, Trace};
use strata_gotrace::analysis::{Analysis, Options, PprofKind, analyze, analyze_at};
use strata_gotrace::report::Report;
use strata_gotrace::spec::ev;
use strata_gotrace::{Error, wirecount};
use strata_layers::LayerMap;

const FREQ: u64 = 15_625_000; // 64 ns per tick, as on Linux

fn map() -> LayerMap {
    LayerMap::defaults(&["example.com/app".to_string()])
}

/// Strings and stacks shared by the hand-built generations.
fn tables(t: &mut Trace, generation: u64) {
    t.strings(
        generation,
        &[
            (1, "chan receive"),
            (2, "request"),
            (3, "repository.Get"),
            (4, "example.com/app/internal/repository.(*Store).Get"),
            (5, "store.go"),
            (6, "example.com/app/internal/handler.Serve"),
            (7, "handler.go"),
            (8, "route"),
            (9, "/items/1"),
        ],
    );
    let repo: &[common::encoder::Frame] = &[(0x1000, 4, 5, 10), (0x2000, 6, 7, 20)];
    let handler: &[common::encoder::Frame] = &[(0x2000, 6, 7, 20)];
    t.stacks(generation, &[(1, repo), (2, handler)]);
}

/// One goroutine (g=7) on M 100 / P 0 runs a task with a region, blocks on a channel receive in
/// the repository for 1000 ticks, is unblocked by M 200, makes a syscall and exits.
fn go125_trace(two_generations: bool) -> Vec<u8> {
    let mut t = Trace::new(25);
    t.sync(1, 10, FREQ);
    tables(&mut t, 1);
    let mut m1 = Events::new(100);
    m1.ev(ev::PROC_STATUS, 101, &[0, 1])
        .ev(ev::GO_STATUS, 102, &[7, 100, 2])
        .ev(ev::USER_TASK_BEGIN, 110, &[1, 0, 2, 2])
        .ev(ev::USER_LOG, 111, &[1, 8, 9, 2])
        .ev(ev::USER_REGION_BEGIN, 120, &[1, 3, 1])
        .ev(ev::GO_BLOCK, 200, &[1, 1])
        .ev(ev::GO_START, 1300, &[7, 2])
        .ev(ev::USER_REGION_END, 1400, &[1, 3, 1])
        .ev(ev::GO_SYSCALL_BEGIN, 1500, &[1, 1])
        .ev(ev::GO_SYSCALL_END, 1700, &[]);
    let mut m2 = Events::new(1000);
    // Unblock on another M; its timestamp is *later* than the GoStart on M 100 above would need
    // if the clocks were skewed — the g_seq (1 then 2) decides the order, not the time.
    m2.ev(ev::GO_UNBLOCK, 1200, &[7, 1, 2]);
    t.batch(1, 100, m1.base, &m1.data.clone());
    t.batch(1, 200, m2.base, &m2.data);
    if two_generations {
        // Generation 2 ends generation 1 (no EndOfGeneration in the 1.25 format).
        t.sync(2, 1800, FREQ);
        tables(&mut t, 2);
        let mut m1 = Events::new(1800);
        m1.ev(ev::PROC_STATUS, 1801, &[0, 1])
            .ev(ev::GO_STATUS_STACK, 1802, &[7, 100, 2, 0])
            .ev(ev::USER_TASK_END, 1900, &[1, 2])
            .ev(ev::GO_DESTROY, 2000, &[]);
        t.batch(2, 100, m1.base, &m1.data);
    }
    t.bytes
}

#[test]
fn go125_format_decodes_and_analyses() {
    let bytes = go125_trace(true);
    let counts = wirecount::count(&bytes[..]).unwrap();
    assert_eq!(counts.generations, 2);
    assert_eq!(counts.by_name["Sync"], 2);
    assert_eq!(counts.by_name["ClockSnapshot"], 2);
    assert_eq!(counts.by_name["Frequency"], 2);
    assert_eq!(counts.by_name["String"], 18);
    assert_eq!(counts.by_name["GoStatusStack"], 1);
    assert!(counts.truncation.is_none());

    let a = analyze(&bytes[..], &map(), &Options::default()).unwrap();
    assert_eq!(a.forced_events, 0);
    let r = Report::new(&a, &map());
    assert_eq!(r.go_version, "1.25");
    // Region: ticks 120 → 1400 = 1280 ticks × 64 ns.
    assert_eq!(r.regions[0].stats.name, "repository.Get");
    assert_eq!(r.regions[0].stats.p50_ns, 1280 * 64);
    // Task across the generation boundary: 110 → 1900.
    assert_eq!(r.tasks[0].count, 1);
    assert_eq!(r.tasks[0].p50_ns, 1790 * 64);
    // Blocked 200 → 1200 in the repository (infra).
    let b = &r.blocking[0];
    assert_eq!((b.reason.as_str(), b.layer.as_str(), b.count, b.total_ns), ("chan receive", "infra", 1, 1000 * 64));
    // Syscall 1500 → 1700, stack 1 → infra.
    assert_eq!(r.syscalls[0].layer, "infra");
    assert_eq!(r.syscalls[0].total_ns, 200 * 64);
    // Scheduler wait 1200 → 1300, charged to the goroutine's own blocking stack.
    assert_eq!(r.sched_wait[0].total_ns, 100 * 64);
    assert_eq!(r.logs[0].count, 1);
    // pprof sync: one stack, 1000 ticks.
    let sync = &a.pprof[PprofKind::Sync as usize];
    assert_eq!(sync.values().map(|c| c.total_ns).sum::<u64>(), 1000 * 64);
}

#[test]
fn cross_m_order_comes_from_sequence_numbers_not_timestamps() {
    // Same trace, but M 200's clock runs ahead: its Unblock is stamped after M 100's GoStart.
    // The state machine must still apply Unblock (g_seq 1) before Start (g_seq 2), so the
    // analyses stay the same except for the skewed Unblock time itself.
    let mut t = Trace::new(25);
    t.sync(1, 10, FREQ);
    tables(&mut t, 1);
    let mut m1 = Events::new(100);
    m1.ev(ev::PROC_STATUS, 101, &[0, 1])
        .ev(ev::GO_STATUS, 102, &[7, 100, 2])
        .ev(ev::GO_BLOCK, 200, &[1, 1])
        .ev(ev::GO_START, 1300, &[7, 2])
        .ev(ev::GO_DESTROY, 1400, &[]);
    let mut m2 = Events::new(1000);
    m2.ev(ev::GO_UNBLOCK, 1350, &[7, 1, 2]);
    t.batch(1, 100, m1.base, &m1.data);
    t.batch(1, 200, m2.base, &m2.data);
    let a = analyze(&t.bytes[..], &map(), &Options::default()).unwrap();
    assert_eq!(a.forced_events, 0);
    let r = Report::new(&a, &map());
    assert_eq!(r.blocking.len(), 1);
    assert_eq!(r.blocking[0].count, 1);
    // The goroutine ran again after it was unblocked: the Start is applied after the Unblock (the
    // forced-monotonic clock makes the Start 1 ns after the Unblock), so sched wait is ≥ 0 and the
    // destroy ends a running goroutine.
    assert_eq!(r.sched_wait.iter().map(|s| s.count).sum::<u64>(), 1);
    assert_eq!(r.goroutines.max_live, 1);
}

#[test]
fn truncated_go125_trace_keeps_complete_generations() {
    let full = go125_trace(true);
    let one = go125_trace(false);
    // Cut in the middle of generation 2's last batch.
    let cut = &full[..full.len() - 3];
    let a = analyze(cut, &map(), &Options::default()).unwrap();
    same(&a, &analyze_at(cut, &map(), &Options::default()).unwrap());
    assert_eq!(a.generations, 1);
    let t = a.truncation.as_ref().unwrap();
    assert_eq!(t.offset as usize, one.len());
    assert_eq!(t.dropped_bytes as usize, cut.len() - one.len());
    assert_eq!(t.generation, Some(2));
}

#[test]
fn go126_needs_end_of_generation() {
    let mut t = Trace::new(26);
    t.sync(1, 10, FREQ);
    tables(&mut t, 1);
    let mut m1 = Events::new(100);
    m1.ev(ev::PROC_STATUS, 101, &[0, 1]).ev(ev::GO_STATUS, 102, &[7, 100, 2]);
    t.batch(1, 100, m1.base, &m1.data);
    let without = t.bytes.clone();
    t.end_of_generation();
    let a = analyze(&t.bytes[..], &map(), &Options::default()).unwrap();
    assert_eq!(a.generations, 1);
    assert!(a.truncation.is_none());
    let a = analyze(&without[..], &map(), &Options::default()).unwrap();
    same(&a, &analyze_at(&without[..], &map(), &Options::default()).unwrap());
    assert_eq!(a.generations, 0);
    assert_eq!(a.truncation.unwrap().dropped_bytes as usize, without.len() - 16);
}

#[test]
fn headers() {
    let e = wirecount::count(&b"go 1.21 trace\0\0\0"[..]).unwrap_err();
    assert!(matches!(e, Error::UnsupportedOldFormat { minor: 21 }));
    assert!(e.to_string().contains("Go 1.21 or older"), "{e}");
    assert!(matches!(wirecount::count(&b"go 1.11 trace\0\0\0"[..]), Err(Error::UnsupportedOldFormat { .. })));
    assert!(matches!(wirecount::count(&b"go 1.24 trace\0\0\0"[..]), Err(Error::UnknownVersion { minor: 24 })));
    assert!(matches!(wirecount::count(&b"\x89PNG\r\n\x1a\n"[..]), Err(Error::BadHeader { .. })));
    assert!(matches!(wirecount::count(&b""[..]), Err(Error::BadHeader { .. })));
    // A header alone is an empty trace.
    assert_eq!(wirecount::count(&b"go 1.22 trace\0\0\0"[..]).unwrap().generations, 0);
}

#[test]
fn bad_input_names_the_byte_offset() {
    // Unknown event type 200 in an M batch of a 1.22 trace.
    let mut t = Trace::new(22);
    t.frequency(1, FREQ);
    let data = [ev::PROC_STATUS, 1, 0, 1, 200, 1];
    t.batch(1, 5, 0, &data);
    let type_offset = t.bytes.len() - 2;
    let e = wirecount::count(&t.bytes[..]).unwrap_err();
    assert!(matches!(e, Error::UnknownEvent { ty: 200, minor: 22, .. }), "{e}");
    assert_eq!(e.offset() as usize, type_offset);
    assert!(analyze(&t.bytes[..], &map(), &Options::default()).is_err());

    // Go 1.23 event in a Go 1.22 trace.
    let mut t = Trace::new(22);
    t.frequency(1, FREQ);
    t.batch(1, 5, 0, &[ev::GO_SWITCH, 1, 1, 1]);
    assert!(matches!(wirecount::count(&t.bytes[..]), Err(Error::UnknownEvent { ty: 45, .. })));

    // Batch size beyond 64 KiB.
    let mut b = b"go 1.22 trace\0\0\0".to_vec();
    b.extend_from_slice(&[1, 1, 5, 0, 0x80, 0x80, 0x80, 0x01]);
    let e = wirecount::count(&b[..]).unwrap_err();
    assert_eq!(e.offset(), 20, "{e}");
    assert!(e.to_string().contains("batch size"), "{e}");

    // Varint too long in a batch header.
    let mut b = b"go 1.22 trace\0\0\0".to_vec();
    b.push(1);
    b.extend_from_slice(&[0xff; 11]);
    assert!(matches!(wirecount::count(&b[..]), Err(Error::BadVarint { offset: 17 })));

    // Generation 0 and generations out of order.
    let mut t = Trace::new(22);
    t.frequency(0, FREQ);
    assert!(wirecount::count(&t.bytes[..]).is_err());
    let mut t = Trace::new(22);
    t.frequency(2, FREQ).frequency(1, FREQ);
    assert!(wirecount::count(&t.bytes[..]).unwrap_err().to_string().contains("out of order"));

    // A generation without a frequency.
    let mut t = Trace::new(22);
    t.batch(1, 5, 0, &[ev::PROC_STATUS, 1, 0, 1]);
    assert!(wirecount::count(&t.bytes[..]).unwrap_err().to_string().contains("frequency"));
}

#[test]
fn every_prefix_and_many_corruptions_of_real_traces_are_handled() {
    let root = common::data();
    for rel in ["go1.22/trace.out", "go1.26/gens.trace"] {
        let bytes = std::fs::read(root.join(rel)).unwrap();
        let full = analyze(&bytes[..], &map(), &Options::default()).unwrap();
        // Prefixes: never an error (truncation is a warning), never more generations than the whole.
        for cut in (16..bytes.len()).step_by(bytes.len() / 25) {
            let a = analyze(&bytes[..cut], &map(), &Options::default()).unwrap();
            // Batches left in place and read when merged: the same result.
            same(&a, &analyze_at(&bytes[..cut], &map(), &Options::default()).unwrap());
            assert!(a.generations <= full.generations);
            if let Some(t) = &a.truncation {
                assert_eq!((t.offset + t.dropped_bytes) as usize, cut, "{rel} cut at {cut}");
            }
        }
        // Corruptions: errors or results, never a panic.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut b = bytes.clone();
            let at = 16 + (seed as usize % (b.len() - 16));
            b[at] ^= (seed >> 32) as u8 | 1;
            let _ = wirecount::count(&b[..]);
            let streamed = analyze(&b[..], &map(), &Options::default());
            let lazy = analyze_at(&b[..], &map(), &Options::default());
            match (&streamed, &lazy) {
                (Ok(x), Ok(y)) => same(x, y),
                (Err(x), Err(y)) => assert_eq!(x.offset(), y.offset(), "{rel} corrupted at {at}: {x} / {y}"),
                _ => panic!("{rel} corrupted at {at}: {:?} vs {:?}", streamed.err(), lazy.err()),
            }
        }
    }
}

/// `analyze` (whole generations in memory) and `analyze_at` (batches read when merged) agree.
fn same(a: &Analysis, b: &Analysis) {
    assert_eq!((a.generations, a.events, a.first_ns, a.last_ns), (b.generations, b.events, b.first_ns, b.last_ns));
    assert_eq!(a.truncation, b.truncation);
    assert_eq!(a.forced_events, b.forced_events);
    assert_eq!(a.blocking, b.blocking);
    assert_eq!(a.sched_wait, b.sched_wait);
    assert_eq!(a.pprof, b.pprof);
    // Names too: block reasons, tasks, regions, log keys (read from the file by `analyze_at`),
    // and the profiles with their function and file names.
    assert_eq!(Report::new(a, &map()), Report::new(b, &map()));
    for (pa, pb) in a.pprof.iter().zip(&b.pprof) {
        assert_eq!(strata_gotrace::pprof::encode(&a.stacks, pa), strata_gotrace::pprof::encode(&b.stacks, pb));
    }
}

/// The block reasons the committed real traces cannot contain (docs/trace.md, "Block reasons"):
/// "unspecified" (js/wasm only) and "wait for debug call" (a debugger's injected call); also
/// "synctest" and "forever", which the real traces now have too. A Go 1.26 trace built by the
/// encoder: g 7 blocks on each of the first three in turn and is unblocked by M 200 each time,
/// then blocks forever at 1000, 300 ticks before the trace's last event.
#[test]
fn rare_block_reasons() {
    let mut t = Trace::new(26);
    t.sync(1, 10, FREQ);
    t.strings(
        1,
        &[
            (1, "unspecified"),
            (2, "wait for debug call"),
            (3, "synctest"),
            (4, "forever"),
            (5, "example.com/app/internal/repository.(*Store).Get"),
            (6, "store.go"),
        ],
    );
    let repo: &[common::encoder::Frame] = &[(0x1000, 5, 6, 10)];
    t.stacks(1, &[(1, repo)]);
    let mut m1 = Events::new(100);
    m1.ev(ev::PROC_STATUS, 101, &[0, 1]).ev(ev::GO_STATUS, 102, &[7, 100, 2]);
    let mut m2 = Events::new(100);
    // Block i at 200·i for 50·i ticks, then run again 10 ticks later.
    for (i, reason) in [1u64, 2, 3].into_iter().enumerate() {
        let at = 200 * (i as u64 + 1);
        let seq = 2 * i as u64;
        m1.ev(ev::GO_BLOCK, at, &[reason, 1]).ev(ev::GO_START, at + 50 * (i as u64 + 1) + 10, &[7, seq + 2]);
        m2.ev(ev::GO_UNBLOCK, at + 50 * (i as u64 + 1), &[7, seq + 1, 0]);
    }
    m1.ev(ev::GO_BLOCK, 1000, &[4, 1]);
    m2.ev(ev::GO_STATUS, 1300, &[8, 200, 2]);
    t.batch(1, 100, m1.base, &m1.data);
    t.batch(1, 200, m2.base, &m2.data);
    t.end_of_generation();
    for a in [
        analyze(&t.bytes[..], &map(), &Options::default()).unwrap(),
        analyze_at(&t.bytes[..], &map(), &Options::default()).unwrap(),
    ] {
        assert_eq!(a.forced_events, 0);
        let r = Report::new(&a, &map());
        let got: Vec<(&str, &str, u64, u64, u64, u64)> = r
            .blocking
            .iter()
            .map(|b| (b.reason.as_str(), b.layer.as_str(), b.count, b.total_ns, b.unfinished_count, b.unfinished_ns))
            .collect();
        // A goroutine still blocked when the trace ends counts up to the last event (1300),
        // marked unfinished: "forever" is never unblocked.
        assert_eq!(
            got,
            [
                ("forever", "infra", 1, 300 * 64, 1, 300 * 64),
                ("synctest", "infra", 1, 150 * 64, 0, 0),
                ("wait for debug call", "infra", 1, 100 * 64, 0, 0),
                ("unspecified", "infra", 1, 50 * 64, 0, 0)
            ]
        );
        // go tool trace's sync profile takes reasons containing "chan", "sync" or "select":
        // "synctest" is in it, the other two are not.
        let sync = &a.pprof[PprofKind::Sync as usize];
        assert_eq!(sync.values().map(|c| (c.count, c.total_ns)).collect::<Vec<_>>(), [(1, 150 * 64)]);
        // The pprof profiles, like go tool trace's, leave out intervals still open at the end.
        assert!(a.pprof.iter().flat_map(|p| p.values()).all(|c| c.unfinished_count == 0));
    }
}
