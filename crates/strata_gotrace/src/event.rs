//! Timed events of per-M batches: `type:u8 dt:uvarint arg:uvarint…`, with the argument count fixed
//! per type and version (`spec`), timestamps as deltas from the previous event of the batch (the
//! first from the batch's base time).

use crate::error::{Error, Result};
use crate::reader::Batch;
use crate::spec::{NOT_TIMED, STACK_ARG, Version, timed_table};
use crate::wire::Cursor;

/// One decoded timed event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Event type (see [`crate::spec::ev`]).
    pub ty: u8,
    /// Absolute timestamp in trace clock ticks.
    pub time: u64,
    /// Arguments after the timestamp delta (unused ones are 0).
    pub args: [u64; 4],
    /// File offset of the type byte.
    pub offset: u64,
}

impl Event {
    /// The event's own stack ID (0 when it has none).
    pub fn stack(&self) -> u64 {
        let i = STACK_ARG.get(usize::from(self.ty)).copied().unwrap_or(NOT_TIMED);
        self.args.get(usize::from(i)).copied().unwrap_or(0)
    }

    /// Argument `i` (0 when absent).
    #[inline]
    pub fn arg(&self, i: usize) -> u64 {
        self.args.get(i).copied().unwrap_or(0)
    }
}

/// Decoding position in one batch's data, kept apart from the bytes so that a caller can hold
/// the bytes in a reusable buffer (see [`crate::reader::Reader::with_lazy_batches`]).
#[derive(Debug, Clone)]
pub(crate) struct EventCursor {
    pos: usize,
    time: u64,
    base: u64,
    failed: bool,
}

impl EventCursor {
    /// At the start of `batch`'s data.
    pub(crate) fn new(batch: &Batch) -> Self {
        EventCursor { pos: 0, time: batch.time, base: batch.data_offset, failed: false }
    }

    /// The next event of `data` (the batch's bytes; the same slice on every call).
    #[inline(always)]
    pub(crate) fn next(&mut self, data: &[u8], table: &[u8; 256], version: Version) -> Option<Result<Event>> {
        if self.failed || self.pos >= data.len() {
            return None;
        }
        let mut c = Cursor::new(data, self.base);
        c.set_pos(self.pos);
        let r = self.decode(&mut c, table, version);
        self.pos = c.pos();
        self.failed = r.is_err();
        Some(r)
    }

    #[inline(always)]
    fn decode(&mut self, c: &mut Cursor<'_>, table: &[u8; 256], version: Version) -> Result<Event> {
        let offset = c.offset();
        let ty = c.byte()?;
        let nargs = table.get(usize::from(ty)).copied().unwrap_or(NOT_TIMED);
        if nargs == NOT_TIMED {
            return Err(Error::UnknownEvent { offset, ty, minor: version.minor() });
        }
        let dt = c.uvarint()?;
        self.time = self.time.wrapping_add(dt);
        let mut args = [0u64; 4];
        for a in args.iter_mut().take(usize::from(nargs)) {
            *a = c.uvarint()?;
        }
        Ok(Event { ty, time: self.time, args, offset })
    }
}

/// Iterator over the timed events of one batch.
pub struct BatchEvents<'a> {
    data: &'a [u8],
    cursor: EventCursor,
    version: Version,
    table: &'static [u8; 256],
}

impl<'a> BatchEvents<'a> {
    /// Events of `batch`, decoded with the tables of format `version`.
    pub fn new(batch: &'a Batch, version: Version) -> Self {
        BatchEvents { data: &batch.data, cursor: EventCursor::new(batch), version, table: timed_table(version) }
    }
}

impl Iterator for BatchEvents<'_> {
    type Item = Result<Event>;

    #[inline]
    fn next(&mut self) -> Option<Result<Event>> {
        self.cursor.next(self.data, self.table, self.version)
    }
}
