//! Per-goroutine state machine and the analyses built on it.
//!
//! # Ordering, and where it is simplified
//! Go's reader (`internal/trace/reader.go`, `order.go`) merges the per-M batches of a generation
//! with a timestamp heap and only lets an event through when its partial-order dependencies hold
//! (goroutine, P and GC sequence numbers, plus context checks); it errors when nothing can advance.
//! strata does the same merge and gates the events that carry sequence numbers — `GoStart`,
//! `GoUnblock`, `GoSwitch*` (goroutine seq), `ProcStart`, `ProcSteal` (P seq), `GCBegin`,
//! `GCEnd`, `GCActive` (GC seq) — which are the only cross-M edges. Simplifications:
//! - no context validation (an event's goroutine is whatever its M ran last), and
//!   `GoSyscallEndBlocked` is not held back until its P leaves the syscall state: it changes only
//!   the goroutine, which is ordered by its own M's batch;
//! - when no M can advance (a broken trace), the earliest event is forced through instead of
//!   failing, and counted in [`Analysis::forced_events`];
//! - times are made strictly increasing across the merged stream as Go's reader does.
//!
//! The analyses only depend on each goroutine's own sequence of transitions and on the times of
//! those events, which the sequence-number gates fix; the tests compare the resulting profiles with
//! `go tool trace -pprof` on real traces.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io::Read;

use strata_layers::{LayerId, LayerMap};

use crate::error::Result;
use crate::event::{Event, EventCursor};
use crate::fxhash::FxMap;
use crate::histogram::Histogram;
use crate::reader::{AtReader, Batch, Generation, NONE, ReadAt, ReadFn, Reader, TickScale, Truncation};
use crate::spec::{Version, ev, go_status, proc_status, timed_table};
use crate::stacks::{StackIdx, StackTable};

/// Goroutine states (`trace.GoState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoState {
    /// Does not exist (before creation, after exit).
    NotExist,
    /// Ready to run.
    Runnable,
    /// Running on an M.
    Running,
    /// Blocked.
    Waiting,
    /// In a system call.
    Syscall,
}

/// The `go tool trace -pprof` profile kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PprofKind {
    /// Runnable → running (scheduler latency).
    Sched,
    /// Blocked on channels, select and sync primitives.
    Sync,
    /// Blocked on the network poller.
    Net,
    /// In system calls.
    Syscall,
}

impl PprofKind {
    /// All kinds.
    pub const ALL: [PprofKind; 4] = [PprofKind::Sched, PprofKind::Sync, PprofKind::Net, PprofKind::Syscall];

    fn index(self) -> usize {
        self as usize
    }

    /// The kind a goroutine entering `state` for `reason` is tracked under (cmd/trace/pprof.go).
    fn state(self) -> GoState {
        match self {
            PprofKind::Sched => GoState::Runnable,
            PprofKind::Sync | PprofKind::Net => GoState::Waiting,
            PprofKind::Syscall => GoState::Syscall,
        }
    }

    fn tracks(self, reason: &str) -> bool {
        match self {
            PprofKind::Sched | PprofKind::Syscall => true,
            PprofKind::Net => reason == "network",
            PprofKind::Sync => reason.contains("chan") || reason.contains("sync") || reason.contains("select"),
        }
    }
}

/// Count and total duration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountTime {
    /// Number of intervals, including the unfinished ones.
    pub count: u64,
    /// Total nanoseconds, including the unfinished intervals' time up to the end of the trace.
    pub total_ns: u64,
    /// Intervals still open when the trace ended (counted in `count`; always 0 in `pprof`).
    pub unfinished_count: u64,
    /// Their time from start to the last event of the trace (counted in `total_ns`).
    pub unfinished_ns: u64,
}

impl CountTime {
    fn add(&mut self, ns: u64) {
        self.count += 1;
        self.total_ns += ns;
    }

    fn add_unfinished(&mut self, ns: u64) {
        self.add(ns);
        self.unfinished_count += 1;
        self.unfinished_ns += ns;
    }
}

/// Per-task time split (ns) by goroutine state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StateTimes {
    /// Running.
    pub running_ns: u64,
    /// Runnable (waiting for a P).
    pub runnable_ns: u64,
    /// Blocked.
    pub blocked_ns: u64,
    /// In syscalls.
    pub syscall_ns: u64,
}

/// Everything the analyses found in one trace.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Header version.
    pub version: Option<Version>,
    /// Generations analysed.
    pub generations: u64,
    /// Timed events analysed.
    pub events: u64,
    /// First and last event time (ns, trace clock).
    pub first_ns: u64,
    /// Last event time (ns).
    pub last_ns: u64,
    /// Interned stacks.
    pub stacks: StackTable,
    /// Task durations by task name.
    pub tasks: HashMap<String, Histogram>,
    /// Region durations by nesting path (outermost first).
    pub regions: HashMap<Vec<String>, Histogram>,
    /// Log events by key.
    pub logs: HashMap<String, u64>,
    /// Blocked time by (reason, layer of the blocking stack).
    pub blocking: HashMap<(String, LayerId), CountTime>,
    /// Syscall time by layer of the syscall's stack.
    pub syscalls: HashMap<LayerId, CountTime>,
    /// Runnable → running wait by layer of the goroutine's own last stack.
    pub sched_wait: HashMap<LayerId, CountTime>,
    /// GC mark phases seen.
    pub gc_cycles: u64,
    /// Stop-the-world pauses by kind.
    pub stw: HashMap<String, Histogram>,
    /// Mark assist time by layer of the assist's stack.
    pub mark_assist: HashMap<LayerId, CountTime>,
    /// Goroutines created during the trace.
    pub goroutines_created: u64,
    /// Most goroutines alive at once.
    pub max_live: u64,
    /// Per task name, per layer: time by state of goroutines inside that task's regions.
    pub task_time: HashMap<(String, LayerId), StateTimes>,
    /// CPU samples by layer.
    pub cpu_samples: HashMap<LayerId, u64>,
    /// `go tool trace -pprof` equivalent: per kind, per stack, count and time.
    pub pprof: [HashMap<StackIdx, CountTime>; 4],
    /// Events forced through because no M could advance (0 for a well-formed trace).
    pub forced_events: u64,
    /// Set when the trace was truncated.
    pub truncation: Option<Truncation>,
}

/// Analysis options.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Reproduce `go tool trace -pprof` of Go 1.22 and 1.23, which skips every state transition
    /// whose event carries no stack (so e.g. a goroutine's runnable time runs on until its next
    /// transition with a stack). Default: `false` (the semantics of Go 1.26's `go tool trace`).
    pub legacy_pprof: bool,
    /// Compute only the `go tool trace -pprof` profile of this kind (all `--format pprof` needs):
    /// the state machine still runs, but tasks, regions, logs, blocking, syscalls, scheduler wait,
    /// GC, task time and CPU samples are skipped and stay empty. Default: `None` (everything).
    pub pprof_only: Option<PprofKind>,
}

/// Strings interned across generations (0 is the empty string), with the pprof reason classes.
#[derive(Default)]
struct Interner {
    ids: FxMap<String, u32>,
    list: Vec<String>,
    /// Per string: tracked by the `sync` / `net` profiles as a block reason.
    class: Vec<(bool, bool)>,
    /// This generation's string ID → interned ID.
    local: FxMap<u64, u32>,
}

impl Interner {
    fn new() -> Self {
        let mut i = Interner::default();
        i.intern("");
        i
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.list.len()).unwrap_or(0);
        self.ids.insert(s.to_string(), id);
        self.list.push(s.to_string());
        self.class.push((PprofKind::Sync.tracks(s), PprofKind::Net.tracks(s)));
        id
    }

    fn of(&mut self, g: &Generation, read: &ReadFn<'_>, id: u64) -> Result<u32> {
        if id == 0 {
            return Ok(0);
        }
        if let Some(&i) = self.local.get(&id) {
            return Ok(i);
        }
        let i = self.intern(&g.string_at(id, read)?);
        self.local.insert(id, i);
        Ok(i)
    }

    fn get(&self, id: u32) -> &str {
        self.list.get(id as usize).map_or("", String::as_str)
    }

    fn tracks(&self, kind: PprofKind, reason: u32) -> bool {
        let (sync, net) = self.class.get(reason as usize).copied().unwrap_or((false, false));
        match kind {
            PprofKind::Sched | PprofKind::Syscall => true,
            PprofKind::Sync => sync,
            PprofKind::Net => net,
        }
    }
}

struct Region {
    task: u64,
    name: u32,
    path: u32,
    start: u64,
}

struct GState {
    status: GoState,
    seq_gen: u64,
    seq: u64,
    since: u64,
    /// Stack and reason of the transition into the current state.
    entry_stack: StackIdx,
    reason: u32,
    /// The goroutine's own last known stack (block/stop/syscall/creation PC).
    own_stack: StackIdx,
    has_run: bool,
    start_time: u64,
    /// Per pprof kind: start time and stack of the tracked interval.
    tracked: [Option<(u64, StackIdx)>; 4],
    /// Intervals recorded before the goroutine first ran (kept only if it never runs).
    pending: Vec<(PprofKind, StackIdx, u64)>,
    regions: Vec<Region>,
    stw: Option<(u64, u32)>,
    assist: Option<(u64, StackIdx)>,
}

impl GState {
    fn new(status: GoState, now: u64, gen_no: u64) -> Self {
        GState {
            status,
            seq_gen: gen_no,
            seq: 0,
            since: now,
            entry_stack: 0,
            reason: 0,
            own_stack: 0,
            has_run: false,
            start_time: 0,
            tracked: [None; 4],
            pending: Vec::new(),
            regions: Vec::new(),
            stw: None,
            assist: None,
        }
    }
}

#[derive(Clone, Copy)]
struct PState {
    status: u64,
    seq_gen: u64,
    seq: u64,
}

#[derive(Clone, Copy)]
struct MState {
    g: u64,
    p: u64,
}

impl Default for MState {
    fn default() -> Self {
        MState { g: NONE, p: NONE }
    }
}

/// Accumulators keyed by interned strings, turned into [`Analysis`] fields at the end.
#[derive(Default)]
struct Acc {
    tasks: FxMap<u32, Histogram>,
    /// Region path ID → (parent path ID, name); path 0 is the root.
    paths: Vec<(u32, u32)>,
    path_ids: FxMap<(u32, u32), u32>,
    regions: Vec<Histogram>,
    logs: FxMap<u32, u64>,
    blocking: FxMap<(u32, LayerId), CountTime>,
    stw: FxMap<u32, Histogram>,
    task_time: FxMap<(u32, LayerId), StateTimes>,
}

/// The state machine.
struct Machine<'a> {
    map: &'a LayerMap,
    /// Reads strings of a lazy reader's generations.
    read: &'a ReadFn<'a>,
    /// The first error reading a string (reported when the generation ends).
    str_err: Option<crate::Error>,
    out: Analysis,
    acc: Acc,
    strings: Interner,
    gs: FxMap<u64, GState>,
    ps: FxMap<u64, PState>,
    ms: FxMap<u64, MState>,
    tasks: FxMap<u64, (u32, u64)>,
    gc_seq: u64,
    gc_active: bool,
    live: u64,
    last_ns: u64,
    gen_no: u64,
    first_gen: bool,
    legacy_pprof: bool,
    /// Only this pprof kind is wanted (see [`Options::pprof_only`]).
    pprof_only: Option<PprofKind>,
    /// This generation's ticks → ns conversion.
    scale: TickScale,
    /// Batch buffers of the per-M queues, reused across generations.
    buffers: Vec<Vec<u8>>,
}

/// Analyses a whole trace read as a stream, one generation at a time: each generation's batches
/// are held in memory while it is analysed. For a file, [`analyze_at`] needs less memory.
pub fn analyze<R: Read>(r: R, map: &LayerMap, opts: &Options) -> Result<Analysis> {
    let reader = Reader::new(r)?;
    let not_read = |off: u64, _: &mut [u8]| Err(std::io::Error::other(format!("byte {off} was not read into memory")));
    run(reader, map, opts, &mut |off, buf| not_read(off, buf), &not_read)
}

/// Analyses a whole trace in a file or in memory, one generation at a time. Event batches stay
/// where they are until the merge reaches them, then are read one at a time into a small buffer
/// per thread; strings are read back from the file when first resolved. Memory is the
/// generation's stack table, a bit per string ID, and 64 KiB per thread, not the generation's
/// size. Same results as [`analyze`].
pub fn analyze_at<S: ReadAt + ?Sized>(src: &S, map: &LayerMap, opts: &Options) -> Result<Analysis> {
    let len = src.size().map_err(|e| crate::Error::Io { offset: 0, source: e })?;
    let reader = Reader::with_lazy_batches(AtReader::new(src), len)?;
    let read = |off: u64, buf: &mut [u8]| src.read_exact_at(buf, off);
    run(reader, map, opts, &mut |off, buf| read(off, buf), &read)
}

/// Reads a batch's data (`buf.len()` bytes at a file offset).
type LoadFn<'a> = dyn FnMut(u64, &mut [u8]) -> std::io::Result<()> + 'a;

/// `load` reads event batches, `read` strings (both for a lazy reader).
fn run<R: Read>(
    mut reader: Reader<R>,
    map: &LayerMap,
    opts: &Options,
    load: &mut LoadFn<'_>,
    read: &ReadFn<'_>,
) -> Result<Analysis> {
    let version = reader.version();
    let mut m = Machine {
        map,
        read,
        str_err: None,
        out: Analysis { version: Some(version), stacks: StackTable::new(), ..Default::default() },
        acc: Acc { paths: vec![(0, 0)], regions: vec![Histogram::default()], ..Default::default() },
        strings: Interner::new(),
        gs: FxMap::default(),
        ps: FxMap::default(),
        ms: FxMap::default(),
        tasks: FxMap::default(),
        gc_seq: 0,
        gc_active: false,
        live: 0,
        last_ns: 0,
        gen_no: 0,
        first_gen: true,
        legacy_pprof: opts.legacy_pprof,
        pprof_only: opts.pprof_only,
        scale: TickScale::new(0),
        buffers: Vec::new(),
    };
    while let Some(g) = reader.next_generation()? {
        m.generation(&g, version, load)?;
        m.first_gen = false;
    }
    m.finish();
    m.out.truncation = reader.truncation().cloned();
    Ok(m.out)
}

/// Events that feed only the reports (tasks, regions, logs, STW, mark assist), not the
/// goroutine state machine or the ordering: skipped when only a pprof profile is wanted.
fn only_for_reports(ty: u8) -> bool {
    matches!(
        ty,
        ev::USER_TASK_BEGIN
            | ev::USER_TASK_END
            | ev::USER_REGION_BEGIN
            | ev::USER_REGION_END
            | ev::USER_LOG
            | ev::STW_BEGIN
            | ev::STW_END
            | ev::GC_MARK_ASSIST_ACTIVE
            | ev::GC_MARK_ASSIST_BEGIN
            | ev::GC_MARK_ASSIST_END
    )
}

/// The events of one M in a generation, decoded lazily batch by batch.
struct MQueue<'g> {
    m: u64,
    batches: Vec<&'g Batch>,
    next_batch: usize,
    /// The current batch and the decoding position in its bytes.
    cur: Option<(&'g Batch, EventCursor)>,
    /// The current batch's bytes when the reader left them in the file.
    buf: Vec<u8>,
    head: Option<Event>,
}

impl<'g> MQueue<'g> {
    /// The next event of this M (None at the end of its batches).
    #[inline(always)]
    fn next(&mut self, v: Version, table: &[u8; 256], load: &mut LoadFn<'_>) -> Result<Option<Event>> {
        loop {
            if let Some((b, c)) = &mut self.cur {
                let data: &[u8] = if b.data.is_empty() { &self.buf } else { &b.data };
                if let Some(r) = c.next(data, table, v) {
                    return r.map(Some);
                }
            }
            match self.batches.get(self.next_batch) {
                Some(&b) => {
                    if b.data.is_empty() && b.size > 0 {
                        // Batch sizes are at most MAX_BATCH_SIZE (checked by the reader).
                        self.buf.resize(b.size as usize, 0);
                        load(b.data_offset, &mut self.buf)
                            .map_err(|e| crate::Error::Io { offset: b.data_offset, source: e })?;
                    }
                    self.cur = Some((b, EventCursor::new(b)));
                    self.next_batch += 1;
                }
                None => {
                    self.cur = None;
                    return Ok(None);
                }
            }
        }
    }
}

impl Machine<'_> {
    fn generation(&mut self, g: &Generation, v: Version, load: &mut LoadFn<'_>) -> Result<()> {
        self.out.generations += 1;
        self.gen_no = g.number;
        self.scale = TickScale::new(g.freq);
        self.out.stacks.start_generation();
        self.strings.local.clear();
        // Group batches by M, in file order.
        let mut queues: Vec<MQueue<'_>> = Vec::new();
        let mut index: FxMap<u64, usize> = FxMap::default();
        for b in &g.batches {
            let qi = *index.entry(b.m).or_insert_with(|| {
                let buf = self.buffers.pop().unwrap_or_default();
                queues.push(MQueue { m: b.m, batches: Vec::new(), next_batch: 0, cur: None, buf, head: None });
                queues.len() - 1
            });
            if let Some(q) = queues.get_mut(qi) {
                q.batches.push(b);
            }
        }
        let samples = if self.pprof_only.is_none() { &g.cpu_samples[..] } else { &[] };
        for s in samples {
            let idx = self.stack_of(g, s.stack);
            let l = self.out.stacks.layer(idx, self.map);
            *self.out.cpu_samples.entry(l).or_insert(0) += 1;
        }
        let r = self.merge(g, v, &mut queues, load);
        self.buffers.extend(queues.into_iter().map(|q| q.buf));
        r?;
        self.str_err.take().map_or(Ok(()), Err)
    }

    /// Merges the per-M queues by timestamp, gating on sequence numbers, and applies the events.
    fn merge(&mut self, g: &Generation, v: Version, queues: &mut [MQueue<'_>], load: &mut LoadFn<'_>) -> Result<()> {
        let table = timed_table(v);
        let mut heap: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
        for (i, q) in queues.iter_mut().enumerate() {
            q.head = q.next(v, table, load)?;
            if let Some(e) = &q.head {
                heap.push(Reverse((e.time, i)));
            }
        }
        // Heads popped from the heap while not ready, in (time, queue) order. They stay out of
        // the heap (no pop/push churn while they wait) and are checked directly after every event.
        let mut blocked: Vec<(u64, usize, Event)> = Vec::new();
        loop {
            // The earliest ready head: a blocked one that became ready, else the heap's first
            // ready one; when nothing is ready, force the earliest head through.
            let qi = if let Some(i) = blocked.iter().position(|(_, _, e)| self.ready(e)) {
                blocked.remove(i).1
            } else {
                let mut found = None;
                while let Some(Reverse((t, qi))) = heap.pop() {
                    let Some(e) = queues.get(qi).and_then(|q| q.head) else { continue };
                    if self.ready(&e) {
                        found = Some(qi);
                        break;
                    }
                    let at = blocked.partition_point(|&(t2, q2, _)| (t2, q2) < (t, qi));
                    blocked.insert(at, (t, qi, e));
                }
                match found {
                    Some(qi) => qi,
                    None if blocked.is_empty() => return Ok(()),
                    None => {
                        // Nothing can advance: force the earliest blocked event through.
                        self.out.forced_events += 1;
                        blocked.remove(0).1
                    }
                }
            };
            let Some(q) = queues.get_mut(qi) else { continue };
            let Some(e) = q.head else { continue };
            self.apply(g, q.m, &e);
            let mut next = q.next(v, table, load)?;
            // Fast path: keep consuming this M while its next event is still the earliest ready
            // one (what the selection above would choose anyway).
            let bound = heap.peek().map_or(u64::MAX, |Reverse((t2, _))| *t2);
            while let Some(n) = next {
                let earliest = n.time <= bound && !blocked.iter().any(|(t2, _, b)| *t2 < n.time && self.ready(b));
                if !earliest || !self.ready(&n) {
                    break;
                }
                self.apply(g, q.m, &n);
                next = q.next(v, table, load)?;
            }
            q.head = next;
            if let Some(n) = &q.head {
                heap.push(Reverse((n.time, qi)));
            }
        }
    }

    /// Interns stack `id` of `g`; a read error is kept for the end of the generation.
    fn stack_of(&mut self, g: &Generation, id: u64) -> crate::stacks::StackIdx {
        self.out.stacks.intern(g, self.read, id).unwrap_or_else(|e| {
            self.str_err.get_or_insert(e);
            0
        })
    }

    /// Interns string `id` of `g`; a read error is kept for the end of the generation.
    fn string_of(&mut self, g: &Generation, id: u64) -> u32 {
        self.strings.of(g, self.read, id).unwrap_or_else(|e| {
            self.str_err.get_or_insert(e);
            0
        })
    }

    /// Whether the event's sequence-number dependencies hold. Inlined test for the event types
    /// that carry none (most events, e.g. all user annotations), a call for the others.
    #[inline(always)]
    fn ready(&self, e: &Event) -> bool {
        match e.ty {
            ev::GO_START
            | ev::GO_UNBLOCK
            | ev::GO_SWITCH
            | ev::GO_SWITCH_DESTROY
            | ev::PROC_START
            | ev::PROC_STEAL
            | ev::GC_ACTIVE
            | ev::GC_BEGIN
            | ev::GC_END => self.seq_ready(e),
            _ => true,
        }
    }

    /// [`Self::ready`] for the event types that carry a sequence number.
    #[inline(never)]
    fn seq_ready(&self, e: &Event) -> bool {
        let gen_no = self.gen_no;
        match e.ty {
            ev::GO_START => self.gs.get(&e.arg(0)).is_some_and(|g| {
                g.status == GoState::Runnable && g.seq_gen == gen_no && e.arg(1) == g.seq.wrapping_add(1)
            }),
            ev::GO_UNBLOCK | ev::GO_SWITCH | ev::GO_SWITCH_DESTROY => self.gs.get(&e.arg(0)).is_some_and(|g| {
                g.status == GoState::Waiting && g.seq_gen == gen_no && e.arg(1) == g.seq.wrapping_add(1)
            }),
            ev::PROC_START => self.ps.get(&e.arg(0)).is_some_and(|p| {
                p.status == proc_status::IDLE && p.seq_gen == gen_no && e.arg(1) == p.seq.wrapping_add(1)
            }),
            ev::PROC_STEAL => self.ps.get(&e.arg(0)).is_some_and(|p| {
                (p.status == proc_status::SYSCALL || p.status == proc_status::SYSCALL_ABANDONED)
                    && p.seq_gen == gen_no
                    && e.arg(1) == p.seq.wrapping_add(1)
            }),
            ev::GC_ACTIVE | ev::GC_BEGIN | ev::GC_END => {
                self.first_gen && self.gc_seq == 0 || e.arg(0) == self.gc_seq.wrapping_add(1)
            }
            _ => true,
        }
    }

    #[inline(always)]
    fn now(&mut self, e: &Event) -> u64 {
        let mut t = self.scale.ns(e.time);
        if self.out.events > 0 && t <= self.last_ns {
            t = self.last_ns + 1;
        }
        if self.out.events == 0 {
            self.out.first_ns = t;
        }
        self.out.events += 1;
        self.last_ns = t;
        t
    }

    /// Applies one event in merge order. Inlined into the merge loop so that events a pprof-only
    /// run skips (most of a trace with user annotations) cost no call.
    #[inline(always)]
    fn apply(&mut self, g: &Generation, m: u64, e: &Event) {
        let now = self.now(e);
        if self.pprof_only.is_some() && only_for_reports(e.ty) {
            return;
        }
        self.apply_at(g, m, e, now);
    }

    #[inline(never)]
    fn apply_at(&mut self, g: &Generation, m: u64, e: &Event, now: u64) {
        let ms = self.ms.get(&m).copied().unwrap_or_default();
        let stack = self.stack_of(g, e.stack());
        let gen_no = self.gen_no;
        match e.ty {
            ev::PROC_STATUS => {
                let status = e.arg(1);
                self.ps.insert(e.arg(0), PState { status, seq_gen: gen_no, seq: 0 });
                if status == proc_status::RUNNING || status == proc_status::SYSCALL {
                    self.set_m(m, |s| s.p = e.arg(0));
                }
            }
            ev::PROC_START => {
                self.ps.insert(e.arg(0), PState { status: proc_status::RUNNING, seq_gen: gen_no, seq: e.arg(1) });
                self.set_m(m, |s| s.p = e.arg(0));
            }
            ev::PROC_STOP => {
                if let Some(p) = self.ps.get_mut(&ms.p) {
                    p.status = proc_status::IDLE;
                }
                self.set_m(m, |s| s.p = NONE);
            }
            ev::PROC_STEAL => {
                let pid = e.arg(0);
                self.ps.insert(pid, PState { status: proc_status::IDLE, seq_gen: gen_no, seq: e.arg(1) });
                let victim = e.arg(2);
                if self.ms.get(&victim).is_some_and(|s| s.p == pid) {
                    self.set_m(victim, |s| s.p = NONE);
                }
            }
            ev::GO_STATUS | ev::GO_STATUS_STACK => {
                let gid = e.arg(0);
                let status = match e.arg(2) {
                    go_status::RUNNABLE => GoState::Runnable,
                    go_status::RUNNING => GoState::Running,
                    go_status::SYSCALL => GoState::Syscall,
                    _ => GoState::Waiting,
                };
                if let std::collections::hash_map::Entry::Vacant(v) = self.gs.entry(gid) {
                    v.insert(GState::new(GoState::NotExist, now, gen_no));
                    self.live += 1;
                    self.out.max_live = self.out.max_live.max(self.live);
                }
                if let Some(gs) = self.gs.get_mut(&gid) {
                    gs.seq_gen = gen_no;
                    gs.seq = 0;
                    if stack != 0 {
                        gs.own_stack = stack;
                    }
                }
                self.transition(gid, status, now, stack, 0);
                match status {
                    GoState::Running => self.set_m(m, |s| s.g = gid),
                    GoState::Syscall if e.arg(1) != NONE => self.set_m(e.arg(1), |s| s.g = gid),
                    _ => {}
                }
            }
            ev::GO_CREATE | ev::GO_CREATE_BLOCKED | ev::GO_CREATE_SYSCALL => {
                let gid = e.arg(0);
                let mut gs = GState::new(GoState::NotExist, now, gen_no);
                if e.ty != ev::GO_CREATE_SYSCALL {
                    gs.own_stack = self.stack_of(g, e.arg(1));
                }
                self.gs.insert(gid, gs);
                self.out.goroutines_created += 1;
                self.live += 1;
                self.out.max_live = self.out.max_live.max(self.live);
                let to = match e.ty {
                    ev::GO_CREATE => GoState::Runnable,
                    ev::GO_CREATE_BLOCKED => GoState::Waiting,
                    _ => GoState::Syscall,
                };
                self.transition(gid, to, now, stack, 0);
                if e.ty == ev::GO_CREATE_SYSCALL {
                    self.set_m(m, |s| s.g = gid);
                }
            }
            ev::GO_START => {
                let gid = e.arg(0);
                self.ensure_g(gid, GoState::Runnable, now);
                if let Some(gs) = self.gs.get_mut(&gid) {
                    gs.seq_gen = gen_no;
                    gs.seq = e.arg(1);
                }
                self.transition(gid, GoState::Running, now, 0, 0);
                self.set_m(m, |s| s.g = gid);
            }
            ev::GO_DESTROY | ev::GO_DESTROY_SYSCALL => {
                if ms.g != NONE {
                    self.transition(ms.g, GoState::NotExist, now, 0, 0);
                    self.destroy(ms.g);
                }
                self.set_m(m, |s| s.g = NONE);
            }
            ev::GO_STOP | ev::GO_BLOCK => {
                let reason = self.string_of(g, e.arg(0));
                let to = if e.ty == ev::GO_STOP { GoState::Runnable } else { GoState::Waiting };
                if ms.g != NONE {
                    if let Some(gs) = self.gs.get_mut(&ms.g) {
                        gs.own_stack = stack;
                    }
                    self.transition(ms.g, to, now, stack, reason);
                }
                self.set_m(m, |s| s.g = NONE);
            }
            ev::GO_UNBLOCK => {
                let gid = e.arg(0);
                self.ensure_g(gid, GoState::Waiting, now);
                if let Some(gs) = self.gs.get_mut(&gid) {
                    gs.seq_gen = gen_no;
                    gs.seq = e.arg(1);
                }
                self.transition(gid, GoState::Runnable, now, stack, 0);
            }
            ev::GO_SWITCH | ev::GO_SWITCH_DESTROY => {
                let target = e.arg(0);
                self.ensure_g(target, GoState::Waiting, now);
                self.transition(target, GoState::Runnable, now, 0, 0);
                if ms.g != NONE {
                    if e.ty == ev::GO_SWITCH {
                        self.transition(ms.g, GoState::Waiting, now, 0, 0);
                    } else {
                        self.transition(ms.g, GoState::NotExist, now, 0, 0);
                        self.destroy(ms.g);
                    }
                }
                if let Some(gs) = self.gs.get_mut(&target) {
                    gs.seq_gen = gen_no;
                    gs.seq = e.arg(1);
                }
                self.transition(target, GoState::Running, now, 0, 0);
                self.set_m(m, |s| s.g = target);
            }
            ev::GO_SYSCALL_BEGIN => {
                if let Some(p) = self.ps.get_mut(&ms.p) {
                    p.status = proc_status::SYSCALL;
                    p.seq_gen = gen_no;
                    p.seq = e.arg(0);
                }
                if ms.g != NONE {
                    if let Some(gs) = self.gs.get_mut(&ms.g) {
                        gs.own_stack = stack;
                    }
                    self.transition(ms.g, GoState::Syscall, now, stack, 0);
                }
            }
            ev::GO_SYSCALL_END => {
                if let Some(p) = self.ps.get_mut(&ms.p) {
                    p.status = proc_status::RUNNING;
                }
                if ms.g != NONE {
                    self.transition(ms.g, GoState::Running, now, 0, 0);
                }
            }
            ev::GO_SYSCALL_END_BLOCKED => {
                if ms.g != NONE {
                    self.transition(ms.g, GoState::Runnable, now, 0, 0);
                }
                self.set_m(m, |s| s.g = NONE);
            }
            ev::GC_ACTIVE => {
                self.gc_seq = e.arg(0);
                if !self.gc_active {
                    self.gc_active = true;
                    self.out.gc_cycles += 1;
                }
            }
            ev::GC_BEGIN => {
                self.gc_seq = e.arg(0);
                self.gc_active = true;
                self.out.gc_cycles += 1;
            }
            ev::GC_END => {
                self.gc_seq = e.arg(0);
                self.gc_active = false;
            }
            ev::STW_BEGIN => {
                let kind = self.string_of(g, e.arg(0));
                if let Some(gs) = self.gs.get_mut(&ms.g) {
                    gs.stw = Some((now, kind));
                }
            }
            ev::STW_END => {
                if let Some((t0, kind)) = self.gs.get_mut(&ms.g).and_then(|gs| gs.stw.take()) {
                    self.acc.stw.entry(kind).or_default().add(now.saturating_sub(t0));
                }
            }
            ev::GC_MARK_ASSIST_ACTIVE => {
                if let Some(gs) = self.gs.get_mut(&e.arg(0))
                    && gs.assist.is_none()
                {
                    gs.assist = Some((now, 0));
                }
            }
            ev::GC_MARK_ASSIST_BEGIN => {
                if let Some(gs) = self.gs.get_mut(&ms.g) {
                    gs.assist = Some((now, stack));
                }
            }
            ev::GC_MARK_ASSIST_END => {
                if let Some((t0, st)) = self.gs.get_mut(&ms.g).and_then(|gs| gs.assist.take()) {
                    let l = self.out.stacks.layer(st, self.map);
                    self.out.mark_assist.entry(l).or_default().add(now.saturating_sub(t0));
                }
            }
            ev::USER_TASK_BEGIN => {
                let name = self.string_of(g, e.arg(2));
                self.tasks.insert(e.arg(0), (name, now));
            }
            ev::USER_TASK_END => {
                if let Some((name, t0)) = self.tasks.remove(&e.arg(0)) {
                    self.acc.tasks.entry(name).or_default().add(now.saturating_sub(t0));
                }
            }
            ev::USER_REGION_BEGIN => {
                let name = self.string_of(g, e.arg(1));
                if let Some(gs) = self.gs.get_mut(&ms.g) {
                    let parent = gs.regions.last().map_or(0, |r| r.path);
                    let acc = &mut self.acc;
                    let path = *acc.path_ids.entry((parent, name)).or_insert_with(|| {
                        acc.paths.push((parent, name));
                        acc.regions.push(Histogram::default());
                        u32::try_from(acc.paths.len() - 1).unwrap_or(0)
                    });
                    gs.regions.push(Region { task: e.arg(0), name, path, start: now });
                }
            }
            ev::USER_REGION_END => {
                let name = self.string_of(g, e.arg(1));
                if let Some(gs) = self.gs.get_mut(&ms.g)
                    && let Some(i) = gs.regions.iter().rposition(|r| r.name == name)
                {
                    if let Some(r) = gs.regions.get(i)
                        && let Some(d) = self.acc.regions.get_mut(r.path as usize)
                    {
                        d.add(now.saturating_sub(r.start));
                    }
                    gs.regions.truncate(i);
                }
            }
            ev::USER_LOG => {
                let key = self.string_of(g, e.arg(1));
                *self.acc.logs.entry(key).or_insert(0) += 1;
            }
            _ => {}
        }
    }

    fn set_m(&mut self, m: u64, f: impl FnOnce(&mut MState)) {
        f(self.ms.entry(m).or_default());
    }

    /// A goroutine mentioned before any status in a forced (broken) ordering: assume `status`.
    fn ensure_g(&mut self, gid: u64, status: GoState, now: u64) {
        if let std::collections::hash_map::Entry::Vacant(v) = self.gs.entry(gid) {
            v.insert(GState::new(status, now, self.gen_no));
            self.live += 1;
            self.out.max_live = self.out.max_live.max(self.live);
        }
    }

    fn destroy(&mut self, gid: u64) {
        if let Some(mut gs) = self.gs.remove(&gid) {
            self.live = self.live.saturating_sub(1);
            self.commit_pending(&mut gs);
        }
    }

    /// A goroutine that never ran keeps the intervals recorded before (`go tool trace` uses
    /// [first run, exit] as the goroutine's interval, and [0, exit] when it never ran).
    fn commit_pending(&mut self, gs: &mut GState) {
        if gs.has_run {
            return;
        }
        for (kind, stack, ns) in gs.pending.drain(..) {
            if ns > 0
                && let Some(p) = self.out.pprof.get_mut(kind.index())
            {
                p.entry(stack).or_default().add(ns);
            }
        }
    }

    /// Goroutine `gid` moves to `to` at `now`; `stack` is the event's own stack, `reason` the
    /// interned block/stop reason (0: none).
    fn transition(&mut self, gid: u64, to: GoState, now: u64, stack: StackIdx, reason: u32) {
        let map = self.map;
        let Some(gs) = self.gs.get_mut(&gid) else { return };
        let from = gs.status;
        // pprof tracking (cmd/trace/pprof.go makeComputePprofFunc), one instance per kind.
        let only = self.pprof_only;
        if !(self.legacy_pprof && stack == 0) {
            for kind in PprofKind::ALL.into_iter().filter(|k| only.is_none_or(|o| o == *k)) {
                let Some(slot) = gs.tracked.get_mut(kind.index()) else { continue };
                match *slot {
                    None => {
                        if to == kind.state() && self.strings.tracks(kind, reason) {
                            *slot = Some((now, stack));
                        }
                    }
                    Some((start, st)) if to != kind.state() => {
                        *slot = None;
                        if !gs.has_run {
                            gs.pending.push((kind, st, now.saturating_sub(start)));
                        } else {
                            let ns = now.saturating_sub(start.max(gs.start_time));
                            if ns > 0
                                && let Some(p) = self.out.pprof.get_mut(kind.index())
                            {
                                p.entry(st).or_default().add(ns);
                            }
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        if to == GoState::Running && !gs.has_run {
            // The goroutine's interval for go tool trace starts at its first run: whatever ended
            // before lies outside it.
            gs.has_run = true;
            gs.start_time = now;
            gs.pending.clear();
        }
        if from == to {
            return;
        }
        if only.is_some() {
            gs.status = to;
            gs.since = now;
            gs.entry_stack = stack;
            gs.reason = reason;
            return;
        }
        let dur = now.saturating_sub(gs.since);
        // Layer accounting of the interval that ends.
        let task = gs.regions.last().map(|r| r.task).filter(|&t| t != 0);
        let (entry_stack, own_stack, old_reason) = (gs.entry_stack, gs.own_stack, gs.reason);
        gs.status = to;
        gs.since = now;
        gs.entry_stack = stack;
        gs.reason = reason;
        match from {
            GoState::Waiting if old_reason != 0 => {
                let l = self.out.stacks.layer(entry_stack, map);
                self.acc.blocking.entry((old_reason, l)).or_default().add(dur);
            }
            GoState::Syscall if entry_stack != 0 => {
                let l = self.out.stacks.layer(entry_stack, map);
                self.out.syscalls.entry(l).or_default().add(dur);
            }
            GoState::Runnable if to == GoState::Running => {
                let l = self.out.stacks.layer(own_stack, map);
                self.out.sched_wait.entry(l).or_default().add(dur);
            }
            _ => {}
        }
        if let Some(task) = task {
            let name = self.tasks.get(&task).map_or_else(|| self.strings.intern(&format!("task {task}")), |t| t.0);
            let layer_stack = match from {
                GoState::Running => stack,
                GoState::Waiting | GoState::Syscall => entry_stack,
                _ => own_stack,
            };
            let l = self.out.stacks.layer(layer_stack, map);
            let t = self.acc.task_time.entry((name, l)).or_default();
            match from {
                GoState::Running => t.running_ns += dur,
                GoState::Runnable => t.runnable_ns += dur,
                GoState::Waiting => t.blocked_ns += dur,
                GoState::Syscall => t.syscall_ns += dur,
                GoState::NotExist => {}
            }
        }
    }

    /// Intervals still open at the end of the trace (the goroutine blocked, in a syscall,
    /// runnable, or in a mark assist) count up to the last event, marked unfinished. Go's
    /// goroutine summary (`internal/trace/summary.go`) also counts open intervals up to the last
    /// event, except "forever", which it treats as the goroutine's end; `go tool trace -pprof`
    /// drops open intervals, and so does [`Analysis::pprof`]. Task time is not extended.
    fn close_unfinished(&mut self, gs: &GState, end: u64) {
        let map = self.map;
        let dur = end.saturating_sub(gs.since);
        match gs.status {
            GoState::Waiting if gs.reason != 0 => {
                let l = self.out.stacks.layer(gs.entry_stack, map);
                self.acc.blocking.entry((gs.reason, l)).or_default().add_unfinished(dur);
            }
            GoState::Syscall if gs.entry_stack != 0 => {
                let l = self.out.stacks.layer(gs.entry_stack, map);
                self.out.syscalls.entry(l).or_default().add_unfinished(dur);
            }
            GoState::Runnable => {
                let l = self.out.stacks.layer(gs.own_stack, map);
                self.out.sched_wait.entry(l).or_default().add_unfinished(dur);
            }
            _ => {}
        }
        if let Some((t0, st)) = gs.assist {
            let l = self.out.stacks.layer(st, map);
            self.out.mark_assist.entry(l).or_default().add_unfinished(end.saturating_sub(t0));
        }
    }

    fn finish(&mut self) {
        self.out.last_ns = self.last_ns;
        let end = self.last_ns;
        let ids: Vec<u64> = self.gs.keys().copied().collect();
        for id in ids {
            if let Some(mut gs) = self.gs.remove(&id) {
                self.commit_pending(&mut gs);
                if self.pprof_only.is_none() {
                    self.close_unfinished(&gs, end);
                }
            }
        }
        let acc = std::mem::take(&mut self.acc);
        let s = &self.strings;
        let name = |id: u32| s.get(id).to_string();
        self.out.tasks = acc.tasks.into_iter().map(|(k, v)| (name(k), v)).collect();
        self.out.logs = acc.logs.into_iter().map(|(k, v)| (name(k), v)).collect();
        self.out.blocking = acc.blocking.into_iter().map(|((r, l), v)| ((name(r), l), v)).collect();
        self.out.stw = acc.stw.into_iter().map(|(k, v)| (name(k), v)).collect();
        self.out.task_time = acc.task_time.into_iter().map(|((t, l), v)| ((name(t), l), v)).collect();
        for (id, durations) in acc.regions.into_iter().enumerate().skip(1) {
            if durations.count() == 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut cur = id;
            while cur != 0 {
                let Some(&(parent, n)) = acc.paths.get(cur) else { break };
                path.push(name(n));
                cur = parent as usize;
            }
            path.reverse();
            self.out.regions.insert(path, durations);
        }
    }
}
