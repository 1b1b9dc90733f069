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

/// Iterator over the timed events of one batch.
pub struct BatchEvents<'a> {
    cursor: Cursor<'a>,
    time: u64,
    version: Version,
    table: &'static [u8; 256],
    failed: bool,
}

impl<'a> BatchEvents<'a> {
    /// Events of `batch`, decoded with the tables of format `version`.
    pub fn new(batch: &'a Batch, version: Version) -> Self {
        BatchEvents {
            cursor: Cursor::new(&batch.data, batch.data_offset),
            time: batch.time,
            version,
            table: timed_table(version),
            failed: false,
        }
    }

    #[inline(always)]
    fn decode(&mut self) -> Result<Event> {
        let offset = self.cursor.offset();
        let ty = self.cursor.byte()?;
        let nargs = self.table.get(usize::from(ty)).copied().unwrap_or(NOT_TIMED);
        if nargs == NOT_TIMED {
            return Err(Error::UnknownEvent { offset, ty, minor: self.version.minor() });
        }
        let dt = self.cursor.uvarint()?;
        self.time = self.time.wrapping_add(dt);
        let mut args = [0u64; 4];
        for a in args.iter_mut().take(usize::from(nargs)) {
            *a = self.cursor.uvarint()?;
        }
        Ok(Event { ty, time: self.time, args, offset })
    }
}

impl Iterator for BatchEvents<'_> {
    type Item = Result<Event>;

    #[inline]
    fn next(&mut self) -> Option<Result<Event>> {
        if self.failed || self.cursor.is_empty() {
            return None;
        }
        let r = self.decode();
        self.failed = r.is_err();
        Some(r)
    }
}
