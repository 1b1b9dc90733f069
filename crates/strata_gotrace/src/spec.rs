//! Per-version event tables of the Go 1.22+ trace wire format.
//!
//! Facts from the Go source (read, not copied): `internal/trace/tracev2/events.go` and
//! `internal/trace/version/version.go` in Go 1.26 and 1.27 (identical event tables; Go 1.27 still
//! writes the `go 1.26` header), `internal/trace/event/go122/event.go` in Go 1.23 and
//! `internal/trace/v2/event/go122/event.go` in Go 1.22. Which types a version may use:
//! 1.22 → 0..=44, 1.23 (also written by 1.24) → 0..=49, 1.25 → 0..=51, 1.26 → 0..=52; the
//! experimental types 128..=136 (AllocFree) exist since 1.23.

/// A trace format version, named by the header it is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Version {
    /// `go 1.22 trace`.
    Go122,
    /// `go 1.23 trace` (written by Go 1.23 and 1.24).
    Go123,
    /// `go 1.25 trace`: the frequency batch became a sync batch with a clock snapshot.
    Go125,
    /// `go 1.26 trace` (written by Go 1.26 and 1.27): in-band end-of-generation byte.
    Go126,
}

impl Version {
    /// The minor version number of the header (`go 1.N trace`).
    pub fn minor(self) -> u32 {
        match self {
            Version::Go122 => 22,
            Version::Go123 => 23,
            Version::Go125 => 25,
            Version::Go126 => 26,
        }
    }

    /// The version for a header minor number, if it is a Go 1.22+ format.
    pub fn from_minor(minor: u32) -> Option<Version> {
        match minor {
            22 => Some(Version::Go122),
            23 => Some(Version::Go123),
            25 => Some(Version::Go125),
            26 => Some(Version::Go126),
            _ => None,
        }
    }

    /// Highest non-experimental event type this version defines.
    fn max_type(self) -> u8 {
        self.max_type_const()
    }

    const fn max_type_const(self) -> u8 {
        match self {
            Version::Go122 => ev::USER_LOG,
            Version::Go123 => ev::EXPERIMENTAL_BATCH,
            Version::Go125 => ev::CLOCK_SNAPSHOT,
            Version::Go126 => ev::END_OF_GENERATION,
        }
    }
}

/// Event type numbers (the first byte of every event).
pub mod ev {
    #![allow(missing_docs)]
    pub const EVENT_BATCH: u8 = 1;
    pub const STACKS: u8 = 2;
    pub const STACK: u8 = 3;
    pub const STRINGS: u8 = 4;
    pub const STRING: u8 = 5;
    pub const CPU_SAMPLES: u8 = 6;
    pub const CPU_SAMPLE: u8 = 7;
    pub const FREQUENCY: u8 = 8;
    pub const PROCS_CHANGE: u8 = 9;
    pub const PROC_START: u8 = 10;
    pub const PROC_STOP: u8 = 11;
    pub const PROC_STEAL: u8 = 12;
    pub const PROC_STATUS: u8 = 13;
    pub const GO_CREATE: u8 = 14;
    pub const GO_CREATE_SYSCALL: u8 = 15;
    pub const GO_START: u8 = 16;
    pub const GO_DESTROY: u8 = 17;
    pub const GO_DESTROY_SYSCALL: u8 = 18;
    pub const GO_STOP: u8 = 19;
    pub const GO_BLOCK: u8 = 20;
    pub const GO_UNBLOCK: u8 = 21;
    pub const GO_SYSCALL_BEGIN: u8 = 22;
    pub const GO_SYSCALL_END: u8 = 23;
    pub const GO_SYSCALL_END_BLOCKED: u8 = 24;
    pub const GO_STATUS: u8 = 25;
    pub const STW_BEGIN: u8 = 26;
    pub const STW_END: u8 = 27;
    pub const GC_ACTIVE: u8 = 28;
    pub const GC_BEGIN: u8 = 29;
    pub const GC_END: u8 = 30;
    pub const GC_SWEEP_ACTIVE: u8 = 31;
    pub const GC_SWEEP_BEGIN: u8 = 32;
    pub const GC_SWEEP_END: u8 = 33;
    pub const GC_MARK_ASSIST_ACTIVE: u8 = 34;
    pub const GC_MARK_ASSIST_BEGIN: u8 = 35;
    pub const GC_MARK_ASSIST_END: u8 = 36;
    pub const HEAP_ALLOC: u8 = 37;
    pub const HEAP_GOAL: u8 = 38;
    pub const GO_LABEL: u8 = 39;
    pub const USER_TASK_BEGIN: u8 = 40;
    pub const USER_TASK_END: u8 = 41;
    pub const USER_REGION_BEGIN: u8 = 42;
    pub const USER_REGION_END: u8 = 43;
    pub const USER_LOG: u8 = 44;
    pub const GO_SWITCH: u8 = 45;
    pub const GO_SWITCH_DESTROY: u8 = 46;
    pub const GO_CREATE_BLOCKED: u8 = 47;
    pub const GO_STATUS_STACK: u8 = 48;
    pub const EXPERIMENTAL_BATCH: u8 = 49;
    pub const SYNC: u8 = 50;
    pub const CLOCK_SNAPSHOT: u8 = 51;
    pub const END_OF_GENERATION: u8 = 52;
    pub const SPAN: u8 = 128;
    pub const SPAN_ALLOC: u8 = 129;
    pub const SPAN_FREE: u8 = 130;
    pub const HEAP_OBJECT: u8 = 131;
    pub const HEAP_OBJECT_ALLOC: u8 = 132;
    pub const HEAP_OBJECT_FREE: u8 = 133;
    pub const GOROUTINE_STACK: u8 = 134;
    pub const GOROUTINE_STACK_ALLOC: u8 = 135;
    pub const GOROUTINE_STACK_FREE: u8 = 136;
}

/// What the wire format says about one event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Name as Go's `go tool trace -d=2` / `-d=wire` prints it.
    pub name: &'static str,
    /// Number of uvarint arguments after the timestamp delta (timed events) or after the type byte
    /// (structural events, not counting stack frames or string data).
    pub args: u8,
    /// True for events in per-M batches that start with a timestamp delta.
    pub timed: bool,
    /// Index (into the arguments after `dt`) of the event's own stack ID, if it has one.
    pub stack: Option<u8>,
}

const fn timed(name: &'static str, args: u8, stack: Option<u8>) -> Option<Spec> {
    Some(Spec { name, args, timed: true, stack })
}
const fn structural(name: &'static str, args: u8) -> Option<Spec> {
    Some(Spec { name, args, timed: false, stack: None })
}

/// Every event type by number (no version filter).
static SPECS: [Option<Spec>; 53] = [
    None,
    structural("EventBatch", 4),
    structural("Stacks", 0),
    structural("Stack", 2),
    structural("Strings", 0),
    structural("String", 1),
    structural("CPUSamples", 0),
    structural("CPUSample", 5),
    structural("Frequency", 1),
    timed("ProcsChange", 2, Some(1)),
    timed("ProcStart", 2, None),
    timed("ProcStop", 0, None),
    timed("ProcSteal", 3, None),
    timed("ProcStatus", 2, None),
    timed("GoCreate", 3, Some(2)),
    timed("GoCreateSyscall", 1, None),
    timed("GoStart", 2, None),
    timed("GoDestroy", 0, None),
    timed("GoDestroySyscall", 0, None),
    timed("GoStop", 2, Some(1)),
    timed("GoBlock", 2, Some(1)),
    timed("GoUnblock", 3, Some(2)),
    timed("GoSyscallBegin", 2, Some(1)),
    timed("GoSyscallEnd", 0, None),
    timed("GoSyscallEndBlocked", 0, None),
    timed("GoStatus", 3, None),
    timed("STWBegin", 2, Some(1)),
    timed("STWEnd", 0, None),
    timed("GCActive", 1, None),
    timed("GCBegin", 2, Some(1)),
    timed("GCEnd", 1, None),
    timed("GCSweepActive", 1, None),
    timed("GCSweepBegin", 1, Some(0)),
    timed("GCSweepEnd", 2, None),
    timed("GCMarkAssistActive", 1, None),
    timed("GCMarkAssistBegin", 1, Some(0)),
    timed("GCMarkAssistEnd", 0, None),
    timed("HeapAlloc", 1, None),
    timed("HeapGoal", 1, None),
    timed("GoLabel", 1, None),
    timed("UserTaskBegin", 4, Some(3)),
    timed("UserTaskEnd", 2, Some(1)),
    timed("UserRegionBegin", 3, Some(2)),
    timed("UserRegionEnd", 3, Some(2)),
    timed("UserLog", 4, Some(3)),
    timed("GoSwitch", 2, None),
    timed("GoSwitchDestroy", 2, None),
    timed("GoCreateBlocked", 3, Some(2)),
    timed("GoStatusStack", 4, Some(3)),
    structural("ExperimentalBatch", 4),
    structural("Sync", 0),
    timed("ClockSnapshot", 3, None),
    structural("EndOfGeneration", 0),
];

/// The AllocFree experiment's timed events, types 128..=136 (Go 1.23+).
static EXPERIMENTAL: [Spec; 9] = [
    Spec { name: "Span", args: 3, timed: true, stack: None },
    Spec { name: "SpanAlloc", args: 3, timed: true, stack: None },
    Spec { name: "SpanFree", args: 1, timed: true, stack: None },
    Spec { name: "HeapObject", args: 2, timed: true, stack: None },
    Spec { name: "HeapObjectAlloc", args: 2, timed: true, stack: None },
    Spec { name: "HeapObjectFree", args: 1, timed: true, stack: None },
    Spec { name: "GoroutineStack", args: 2, timed: true, stack: None },
    Spec { name: "GoroutineStackAlloc", args: 2, timed: true, stack: None },
    Spec { name: "GoroutineStackFree", args: 1, timed: true, stack: None },
];

/// The spec of event type `ty` in trace format `v`, or `None` if `v` does not define it.
pub fn spec(v: Version, ty: u8) -> Option<&'static Spec> {
    if ty >= ev::SPAN {
        if v < Version::Go123 {
            return None;
        }
        return EXPERIMENTAL.get(usize::from(ty - ev::SPAN));
    }
    if ty > v.max_type() {
        return None;
    }
    SPECS.get(usize::from(ty)).and_then(Option::as_ref)
}

/// Per version: argument count of each timed event type, or `NOT_TIMED` (precomputed so the
/// per-event decode is one table load).
pub(crate) const NOT_TIMED: u8 = u8::MAX;

// Evaluated at compile time only (statics): an out-of-range index would fail the build.
#[allow(clippy::indexing_slicing)]
const fn timed_args(v: Version) -> [u8; 256] {
    let mut t = [NOT_TIMED; 256];
    let max = v.max_type_const();
    let mut i = 0;
    while i < SPECS.len() {
        if let Some(s) = &SPECS[i]
            && s.timed
            && i <= max as usize
        {
            t[i] = s.args;
        }
        i += 1;
    }
    if !matches!(v, Version::Go122) {
        let mut j = 0;
        while j < EXPERIMENTAL.len() {
            t[ev::SPAN as usize + j] = EXPERIMENTAL[j].args;
            j += 1;
        }
    }
    t
}

static TIMED_122: [u8; 256] = timed_args(Version::Go122);
static TIMED_123: [u8; 256] = timed_args(Version::Go123);
static TIMED_125: [u8; 256] = timed_args(Version::Go125);
static TIMED_126: [u8; 256] = timed_args(Version::Go126);

// Evaluated at compile time only (statics): an out-of-range index would fail the build.
#[allow(clippy::indexing_slicing)]
const fn stack_args() -> [u8; 256] {
    let mut t = [NOT_TIMED; 256];
    let mut i = 0;
    while i < SPECS.len() {
        if let Some(s) = &SPECS[i]
            && let Some(a) = s.stack
        {
            t[i] = a;
        }
        i += 1;
    }
    t
}

/// Index of each event type's own stack argument (`NOT_TIMED` when it has none).
pub(crate) static STACK_ARG: [u8; 256] = stack_args();

/// Argument counts of timed events for version `v` (`NOT_TIMED` for anything else).
pub(crate) fn timed_table(v: Version) -> &'static [u8; 256] {
    match v {
        Version::Go122 => &TIMED_122,
        Version::Go123 => &TIMED_123,
        Version::Go125 => &TIMED_125,
        Version::Go126 => &TIMED_126,
    }
}

/// Name of event type `ty` in any version (for reports), or `None` for an undefined number.
pub fn name(ty: u8) -> Option<&'static str> {
    spec(Version::Go126, ty).map(|s| s.name)
}

/// Goroutine status values of `GoStatus` (`tracev2.GoStatus`).
pub mod go_status {
    #![allow(missing_docs)]
    pub const RUNNABLE: u64 = 1;
    pub const RUNNING: u64 = 2;
    pub const SYSCALL: u64 = 3;
    pub const WAITING: u64 = 4;
}

/// P status values of `ProcStatus` (`tracev2.ProcStatus`).
pub mod proc_status {
    #![allow(missing_docs)]
    pub const RUNNING: u64 = 1;
    pub const IDLE: u64 = 2;
    pub const SYSCALL: u64 = 3;
    pub const SYSCALL_ABANDONED: u64 = 4;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_gate_event_types() {
        assert!(spec(Version::Go122, ev::USER_LOG).is_some());
        assert!(spec(Version::Go122, ev::GO_SWITCH).is_none());
        assert!(spec(Version::Go122, ev::SPAN).is_none());
        assert!(spec(Version::Go123, ev::GO_STATUS_STACK).is_some());
        assert!(spec(Version::Go123, ev::SYNC).is_none());
        assert!(spec(Version::Go125, ev::CLOCK_SNAPSHOT).is_some());
        assert!(spec(Version::Go125, ev::END_OF_GENERATION).is_none());
        assert!(spec(Version::Go126, ev::END_OF_GENERATION).is_some());
        assert_eq!(spec(Version::Go126, ev::GOROUTINE_STACK_FREE).map(|s| s.name), Some("GoroutineStackFree"));
        assert!(spec(Version::Go126, 137).is_none());
        assert!(spec(Version::Go126, 53).is_none());
        assert!(spec(Version::Go126, 0).is_none());
    }

    #[test]
    fn timed_tables_agree_with_specs() {
        for v in [Version::Go122, Version::Go123, Version::Go125, Version::Go126] {
            for ty in 0..=255u8 {
                let want = spec(v, ty).filter(|s| s.timed).map_or(NOT_TIMED, |s| s.args);
                assert_eq!(timed_table(v)[ty as usize], want, "{v:?} {ty}");
            }
        }
    }

    #[test]
    fn table_numbers_match_names() {
        assert_eq!(name(ev::GO_BLOCK), Some("GoBlock"));
        assert_eq!(name(ev::USER_LOG), Some("UserLog"));
        assert_eq!(name(ev::GO_STATUS_STACK), Some("GoStatusStack"));
        assert_eq!(name(ev::CLOCK_SNAPSHOT), Some("ClockSnapshot"));
        // No timed event carries more than 4 arguments after dt (tracev2.MaxTimedEventArgs = 5 with dt).
        for ty in 0..=255u8 {
            if let Some(s) = spec(Version::Go126, ty) {
                assert!(s.args <= 5, "{}", s.name);
                if s.timed {
                    assert!(s.args <= 4, "{}", s.name);
                }
            }
        }
    }
}
