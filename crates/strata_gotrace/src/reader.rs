//! Streaming reader: header, batches and generations.
//!
//! A trace is a 16-byte header followed by batches. Every batch belongs to a generation; a
//! generation's string and stack tables usually come *after* its events, so the reader buffers one
//! whole generation (its raw batch bytes plus tables) and hands it out before reading the next:
//! memory is bounded by the largest generation, not by the file. With random access
//! ([`Reader::with_lazy_batches`], [`ReadAt`]) the event batches stay in the file and only the
//! tables are held, strings excepted (checked, then left in the file too and read back by
//! [`Generation::string_at`]); `analysis::analyze_at` then reads each batch when its turn comes.
//!
//! Generation ends (Go source: `internal/trace/reader.go`, `generation.go`): before Go 1.26 the
//! first batch of the next generation ends the current one (it is kept as a "spilled" batch); since
//! Go 1.26 an `EndOfGeneration` byte follows every generation, and end of file without it means the
//! last generation is incomplete.

use std::io::{BufRead, BufReader, ErrorKind, Read};

use crate::error::{Error, Result};
use crate::fxhash::FxMap;
use crate::spec::{Version, ev};
use crate::wire::Cursor;

/// Largest batch the runtime writes (`tracev2.MaxBatchSize`).
pub const MAX_BATCH_SIZE: u64 = 64 << 10;
/// Most frames in one stack (`tracev2.MaxFramesPerStack`).
pub const MAX_FRAMES_PER_STACK: u64 = 128;
/// Longest string (`tracev2.MaxEventTrailerDataSize`).
pub const MAX_STRING_SIZE: u64 = 1 << 10;

/// The "no thread / no goroutine / no P" ID (`^uint64(0)`).
pub const NONE: u64 = u64::MAX;

/// One frame of a stack: program counter, function and file (string IDs of the generation), line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// Program counter.
    pub pc: u64,
    /// String ID of the function name.
    pub func: u64,
    /// String ID of the file name.
    pub file: u64,
    /// Line number.
    pub line: u64,
}

/// A CPU profile sample recorded during the generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuSample {
    /// Absolute timestamp in trace clock ticks.
    pub time: u64,
    /// Thread (M) ID.
    pub m: u64,
    /// P ID.
    pub p: u64,
    /// Goroutine ID (0: none).
    pub g: u64,
    /// Stack ID in this generation.
    pub stack: u64,
}

/// The clock snapshot of a Go 1.25+ sync batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSnapshot {
    /// Trace clock ticks at the snapshot.
    pub ticks: u64,
    /// Monotonic clock in nanoseconds.
    pub mono: u64,
    /// Wall clock seconds.
    pub sec: u64,
    /// Wall clock nanoseconds.
    pub nsec: u64,
}

/// A batch of timed events written by one thread (or `m == NONE` for thread-less batches).
#[derive(Debug, Clone)]
pub struct Batch {
    /// Thread (M) ID.
    pub m: u64,
    /// Base timestamp in ticks; the first event's delta is relative to it.
    pub time: u64,
    /// The events, undecoded. Empty for an event batch left in the file by a reader made with
    /// [`Reader::with_lazy_batches`]: its `size` bytes are then at `data_offset` (see [`ReadAt`]).
    pub data: Vec<u8>,
    /// Length of the batch's data in the file.
    pub size: u64,
    /// Absolute file offset of `data[0]`.
    pub data_offset: u64,
    /// Experiment number for experimental batches (their data is opaque side-table bytes).
    pub experiment: Option<u8>,
}

/// One self-contained generation: its event batches and the tables they refer to.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    /// Generation number.
    pub number: u64,
    /// Trace clock ticks per second.
    pub freq: u64,
    /// Go 1.25+: the clock snapshot of the sync batch.
    pub clock: Option<ClockSnapshot>,
    /// Per-M event batches in file order.
    pub batches: Vec<Batch>,
    /// Experimental batches (opaque side tables).
    pub experimental: Vec<Batch>,
    /// CPU samples.
    pub cpu_samples: Vec<CpuSample>,
    /// String ID → range in `string_bytes` (valid UTF-8).
    strings: IdIndex,
    string_bytes: Vec<u8>,
    /// A lazy reader keeps no string bytes: its strings batches stay in the file, with the IDs
    /// they hold (duplicates are still checked, one bit per ID). [`Generation::string_at`] reads
    /// a string when it is asked for.
    lazy_strings: Vec<LazyStrings>,
    lazy_ids: IdSet,
    /// The lazy strings batch read last.
    lazy_cache: std::cell::RefCell<Option<LazyCache>>,
    /// Stack ID → range in `frames`.
    stacks: IdIndex,
    frames: Vec<Frame>,
    /// Counts of structural events, indexed by event type (for `go tool trace -d=2` comparisons).
    structural: FxMap<u8, u64>,
    /// File offset of the generation's first batch.
    pub start_offset: u64,
}

impl Generation {
    /// The string with this ID; ID 0 and unknown IDs give `""`.
    pub fn string(&self, id: u64) -> &str {
        match self.strings.get(id) {
            Some((start, len)) => {
                self.string_bytes.get(start..start + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
            }
            None => "",
        }
    }

    /// The frames of a stack, innermost first; ID 0 and unknown IDs give no frames.
    pub fn stack(&self, id: u64) -> &[Frame] {
        match self.stacks.get(id) {
            Some((start, len)) => self.frames.get(start..start + len).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The string with this ID, reading it with `read` (`buf.len()` bytes at a file offset) if
    /// the generation came from a lazy reader ([`Reader::with_lazy_batches`]), which keeps no
    /// string bytes; otherwise the same as [`Generation::string`]. ID 0 and unknown IDs give `""`.
    pub fn string_at(&self, id: u64, read: &ReadFn<'_>) -> Result<std::borrow::Cow<'_, str>> {
        if self.lazy_strings.is_empty() || !self.lazy_ids.contains(id) {
            return Ok(self.string(id).into());
        }
        let mut cache = self.lazy_cache.borrow_mut();
        // The batch read last first: strings are usually resolved in about the order they were
        // added, so consecutive misses tend to fall in the same batch.
        let last = cache.as_ref().map(|c| c.batch);
        let candidates = last.into_iter().chain((0..self.lazy_strings.len()).filter(|&i| Some(i) != last));
        for i in candidates {
            let Some(b) = self.lazy_strings.get(i) else { continue };
            if id < b.min_id || id > b.max_id {
                continue;
            }
            if cache.as_ref().is_none_or(|c| c.batch != i) {
                let old = cache.take();
                let (mut data, mut index) = old.map(|c| (c.data, c.index)).unwrap_or_default();
                // Strings batches are at most MAX_BATCH_SIZE (checked when they were read).
                data.resize(b.size as usize, 0);
                read(b.data_offset, &mut data).map_err(|e| Error::Io { offset: b.data_offset, source: e })?;
                index.clear();
                for_each_string(&data, b.data_offset, |sid, bytes, start| {
                    index.push((sid, start, bytes.len()));
                    Ok(())
                })?;
                index.sort_unstable();
                *cache = Some(LazyCache { batch: i, data, index });
            }
            let Some(c) = cache.as_ref() else { continue };
            if let Ok(k) = c.index.binary_search_by_key(&id, |&(sid, _, _)| sid)
                && let Some(&(_, start, len)) = c.index.get(k)
            {
                let bytes = c.data.get(start..start + len).unwrap_or_default();
                return Ok(String::from_utf8_lossy(bytes).into_owned().into());
            }
        }
        Ok("".into())
    }

    /// Number of strings.
    pub fn string_count(&self) -> usize {
        self.strings.len() + self.lazy_ids.len()
    }

    /// Number of stacks.
    pub fn stack_count(&self) -> usize {
        self.stacks.len()
    }

    /// Converts ticks to nanoseconds as Go does (`float64(t) * (1e9/freq)`).
    pub fn ticks_to_ns(&self, ticks: u64) -> u64 {
        ticks_to_ns(ticks, self.freq)
    }

    /// Count of structural events (batches, strings, stacks, …) by type.
    pub fn structural_counts(&self) -> impl Iterator<Item = (u8, u64)> + '_ {
        self.structural.iter().map(|(&t, &n)| (t, n))
    }

    fn count(&mut self, ty: u8, n: u64) {
        *self.structural.entry(ty).or_insert(0) += n;
    }
}

/// ID → (start, len) of a generation's string or stack table. The runtime numbers both tables
/// 1, 2, 3, … so most IDs index a dense vector; others (out of order, sparse or huge IDs in a
/// broken trace) go to a map. The vector grows only up to twice the number of entries (plus a
/// little), so its memory stays bounded by the input.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    /// Index = ID; `(start, len + 1)`, `len + 1 == 0` for an absent ID.
    dense: Vec<(u32, u32)>,
    sparse: FxMap<u64, (usize, usize)>,
    len: usize,
}

impl IdIndex {
    /// Adds an entry; false if `id` is already present.
    fn insert(&mut self, id: u64, start: usize, len: usize) -> bool {
        if self.get(id).is_some() {
            return false;
        }
        self.len += 1;
        let dense_ok = u32::try_from(start).is_ok() && u32::try_from(len).is_ok_and(|l| l < u32::MAX);
        if let Ok(i) = usize::try_from(id)
            && dense_ok
            && i < 2 * self.len + 64
        {
            if i >= self.dense.len() {
                self.dense.resize(i + 1, (0, 0));
            }
            if let Some(slot) = self.dense.get_mut(i) {
                *slot = (start as u32, len as u32 + 1);
                return true;
            }
        }
        self.sparse.insert(id, (start, len));
        true
    }

    #[inline]
    fn get(&self, id: u64) -> Option<(usize, usize)> {
        if let Some(&(start, len1)) = usize::try_from(id).ok().and_then(|i| self.dense.get(i))
            && len1 != 0
        {
            return Some((start as usize, len1 as usize - 1));
        }
        self.sparse.get(&id).copied()
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// Reads `buf.len()` bytes at a file offset.
pub type ReadFn<'a> = dyn Fn(u64, &mut [u8]) -> std::io::Result<()> + 'a;

/// A lazy strings batch read back: its data and (ID, start, len) of its strings, by ID.
#[derive(Debug, Clone)]
struct LazyCache {
    batch: usize,
    data: Vec<u8>,
    index: Vec<(u64, usize, usize)>,
}

/// A strings batch left in the file by a lazy reader.
#[derive(Debug, Clone)]
struct LazyStrings {
    min_id: u64,
    max_id: u64,
    data_offset: u64,
    size: u64,
}

/// A set of string IDs: a bit per ID for the dense 1, 2, 3, … numbering (bounded like
/// [`IdIndex`]), a map for the rest.
#[derive(Debug, Clone, Default)]
struct IdSet {
    bits: Vec<u64>,
    sparse: FxMap<u64, ()>,
    len: usize,
}

impl IdSet {
    /// Adds `id`; false if it is already present.
    fn insert(&mut self, id: u64) -> bool {
        if self.contains(id) {
            return false;
        }
        self.len += 1;
        if let Ok(i) = usize::try_from(id)
            && i < 2 * self.len + 64
        {
            let w = i / 64;
            if w >= self.bits.len() {
                self.bits.resize(w + 1, 0);
            }
            if let Some(word) = self.bits.get_mut(w) {
                *word |= 1 << (i % 64);
                return true;
            }
        }
        self.sparse.insert(id, ());
        true
    }

    fn contains(&self, id: u64) -> bool {
        if let Some(&word) = usize::try_from(id).ok().and_then(|i| self.bits.get(i / 64))
            && word & (1 << (id % 64)) != 0
        {
            return true;
        }
        self.sparse.contains_key(&id)
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// Ticks to nanoseconds with Go's float arithmetic (`frequency.mul`).
pub fn ticks_to_ns(ticks: u64, freq: u64) -> u64 {
    if freq == 0 {
        return ticks;
    }
    scale_ticks(ticks, 1e9 / freq as f64)
}

/// Ticks to nanoseconds for one generation, exactly as [`scale_ticks`] computes it, with an
/// integer multiply when `1e9 / freq` is a small whole number (64 on Linux: the runtime's trace
/// clock is `nanotime() / 64`). Then `float(t) × k` is exact for `t × k < 2^53`, so its truncation
/// is `t × k`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TickScale {
    ns_per_tick: f64,
    /// `(k, limit)`: whole `ns_per_tick` and the ticks below which `t × k < 2^53`.
    whole: Option<(u64, u64)>,
}

impl TickScale {
    pub(crate) fn new(freq: u64) -> Self {
        let ns_per_tick = if freq == 0 { 1.0 } else { 1e9 / freq as f64 };
        let whole = ((1.0..=1_048_576.0).contains(&ns_per_tick) && ns_per_tick.fract() == 0.0).then(|| {
            let k = ns_per_tick as u64;
            (k, (1u64 << 53) / k)
        });
        TickScale { ns_per_tick, whole }
    }

    #[inline(always)]
    pub(crate) fn ns(&self, ticks: u64) -> u64 {
        match self.whole {
            Some((k, limit)) if ticks < limit => ticks * k,
            _ => scale_ticks(ticks, self.ns_per_tick),
        }
    }
}

/// `ticks × ns_per_tick` as Go computes it (`float64(t) * (1e9/freq)`, truncated), with the
/// factor computed once per generation. Same result as `(ticks as f64 * ns_per_tick) as u64`,
/// through the cheaper signed conversions when the values fit.
#[inline]
pub(crate) fn scale_ticks(ticks: u64, ns_per_tick: f64) -> u64 {
    let f = match i64::try_from(ticks) {
        Ok(t) => t as f64 * ns_per_tick,
        Err(_) => ticks as f64 * ns_per_tick,
    };
    if (0.0..9.0e18).contains(&f) { f as i64 as u64 } else { f as u64 }
}

/// How much of a truncated trace was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    /// Offset where the dropped part begins (start of the incomplete generation).
    pub offset: u64,
    /// Bytes after `offset` that were not analysed.
    pub dropped_bytes: u64,
    /// The incomplete generation's number, when known.
    pub generation: Option<u64>,
    /// What was incomplete.
    pub reason: String,
}

/// A raw batch read from the stream.
enum RawBatch {
    Events { generation_no: u64, batch: Batch, header_offset: u64 },
    EndOfGeneration { offset: u64 },
}

/// Random access to a whole trace (a file, or bytes in memory): lets [`Reader::with_lazy_batches`]
/// leave event batches in place and the analysis read each one only when it merges it.
pub trait ReadAt {
    /// Reads up to `buf.len()` bytes at `offset`; 0 at the end.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize>;

    /// Total length in bytes.
    fn size(&self) -> std::io::Result<u64>;

    /// Fills `buf` from `offset`, or fails with `UnexpectedEof`.
    fn read_exact_at(&self, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
        while !buf.is_empty() {
            match self.read_at(buf, offset) {
                Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    buf = buf.get_mut(n..).unwrap_or_default();
                    offset += n as u64;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl ReadAt for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }

    fn size(&self) -> std::io::Result<u64> {
        Ok(self.metadata()?.len())
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let rest = usize::try_from(offset).ok().and_then(|o| self.get(o..)).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }

    fn size(&self) -> std::io::Result<u64> {
        Ok(self.len() as u64)
    }
}

/// A [`ReadAt`] source read sequentially (`Read + Seek`), for [`Reader::with_lazy_batches`].
pub struct AtReader<'a, S: ReadAt + ?Sized> {
    src: &'a S,
    pos: u64,
}

impl<'a, S: ReadAt + ?Sized> AtReader<'a, S> {
    /// Reads `src` from its start.
    pub fn new(src: &'a S) -> Self {
        AtReader { src, pos: 0 }
    }
}

impl<S: ReadAt + ?Sized> Read for AtReader<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.src.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<S: ReadAt + ?Sized> std::io::Seek for AtReader<'_, S> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let base = match to {
            std::io::SeekFrom::Start(n) => Some(n),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            std::io::SeekFrom::End(d) => self.src.size()?.checked_add_signed(d),
        };
        self.pos = base.ok_or_else(|| std::io::Error::from(ErrorKind::InvalidInput))?;
        Ok(self.pos)
    }
}

/// Skips bytes of a seekable input (set by [`Reader::with_lazy_batches`]).
type SkipFn<R> = fn(&mut BufReader<R>, i64) -> std::io::Result<()>;

/// Reads generations one at a time from a byte stream.
pub struct Reader<R: Read> {
    input: BufReader<R>,
    /// Lazy batches: skip event batches' data, whose end must lie within this many bytes.
    lazy: Option<(SkipFn<R>, u64)>,
    offset: u64,
    version: Version,
    spill: Option<RawBatch>,
    last_gen: Option<u64>,
    truncation: Option<Truncation>,
    done: bool,
}

/// Reads the 16-byte header and returns the format version.
pub fn parse_header(h: &[u8]) -> Result<Version> {
    let found = String::from_utf8_lossy(h).into_owned();
    let bad = || Error::BadHeader { found: found.clone() };
    let rest = h.strip_prefix(b"go 1.").ok_or_else(bad)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (num, tail) = rest.split_at_checked(digits).ok_or_else(bad)?;
    if num.is_empty() || num.len() > 3 || tail != b" trace\0\0\0" {
        return Err(bad());
    }
    let minor: u32 = std::str::from_utf8(num).ok().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    if minor <= 21 {
        return Err(Error::UnsupportedOldFormat { minor });
    }
    Version::from_minor(minor).ok_or(Error::UnknownVersion { minor })
}

impl<R: Read> Reader<R> {
    /// Reads the header. Errors for the old (Go ≤ 1.21) format and non-trace input.
    pub fn new(r: R) -> Result<Self> {
        let mut input = BufReader::with_capacity(256 << 10, r);
        let mut h = [0u8; 16];
        let mut got = 0;
        while got < h.len() {
            let Some(dst) = h.get_mut(got..) else { break };
            match input.read(dst) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Io { offset: got as u64, source: e }),
            }
        }
        let version = parse_header(h.get(..got).unwrap_or(&[]))?;
        Ok(Reader {
            input,
            lazy: None,
            offset: 16,
            version,
            spill: None,
            last_gen: None,
            truncation: None,
            done: false,
        })
    }

    /// Like [`Reader::new`], but event batches are not read into memory: their [`Batch::data`]
    /// stays empty and the caller reads `size` bytes at `data_offset` when it needs them (string,
    /// stack, CPU sample and sync batches are still read). A generation then costs memory for
    /// its tables only. `total_len` is the input's length, to detect a batch cut off at the end.
    pub fn with_lazy_batches(r: R, total_len: u64) -> Result<Self>
    where
        R: std::io::Seek,
    {
        let mut reader = Reader::new(r)?;
        reader.lazy = Some((|b: &mut BufReader<R>, n: i64| b.seek_relative(n), total_len));
        Ok(reader)
    }

    /// The trace format version from the header.
    pub fn version(&self) -> Version {
        self.version
    }

    /// Bytes consumed so far (including the header).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Set once the end of a truncated trace has been reached: what was dropped.
    pub fn truncation(&self) -> Option<&Truncation> {
        self.truncation.as_ref()
    }

    /// The next complete generation, or `None` at the end of the trace (check [`Reader::truncation`]).
    pub fn next_generation(&mut self) -> Result<Option<Generation>> {
        if self.done {
            return Ok(None);
        }
        let mut g = Generation::default();
        let mut started = false;
        loop {
            let raw = match self.spill.take() {
                Some(b) => b,
                None => {
                    let before = self.offset;
                    match self.read_batch() {
                        Ok(Some(b)) => b,
                        Ok(None) => {
                            self.done = true;
                            if !started {
                                return Ok(None);
                            }
                            if self.version >= Version::Go126 {
                                self.truncate(&g, "the last generation has no EndOfGeneration marker");
                                return Ok(None);
                            }
                            return self.finish(g).map(Some);
                        }
                        Err(ReadErr::Truncated) => {
                            self.done = true;
                            let start = if started { g.start_offset } else { before };
                            let generation_no = started.then_some(g.number);
                            self.drain_rest();
                            self.truncation = Some(Truncation {
                                offset: start,
                                dropped_bytes: self.offset.saturating_sub(start),
                                generation: generation_no,
                                reason: "the trace ends in the middle of a batch".into(),
                            });
                            return Ok(None);
                        }
                        Err(ReadErr::Fatal(e)) => return Err(e),
                    }
                }
            };
            match raw {
                RawBatch::EndOfGeneration { offset } => {
                    if !started {
                        return Err(Error::malformed(offset, "EndOfGeneration without a generation"));
                    }
                    g.count(ev::END_OF_GENERATION, 1);
                    return self.finish(g).map(Some);
                }
                RawBatch::Events { generation_no, batch, header_offset } => {
                    if generation_no == 0 {
                        return Err(Error::malformed(header_offset, "batch of generation 0"));
                    }
                    if !started {
                        if self.last_gen.is_some_and(|l| generation_no <= l) {
                            return Err(Error::malformed(
                                header_offset,
                                format!(
                                    "generations out of order: {generation_no} after {}",
                                    self.last_gen.unwrap_or(0)
                                ),
                            ));
                        }
                        started = true;
                        g.number = generation_no;
                        g.start_offset = header_offset;
                    } else if generation_no != g.number {
                        if generation_no < g.number {
                            return Err(Error::malformed(
                                header_offset,
                                format!(
                                    "generations out of order: batch of {generation_no} inside generation {}",
                                    g.number
                                ),
                            ));
                        }
                        self.spill = Some(RawBatch::Events { generation_no, batch, header_offset });
                        return self.finish(g).map(Some);
                    }
                    self.add_batch(&mut g, batch)?;
                }
            }
        }
    }

    fn truncate(&mut self, g: &Generation, reason: &str) {
        self.truncation = Some(Truncation {
            offset: g.start_offset,
            dropped_bytes: self.offset.saturating_sub(g.start_offset),
            generation: Some(g.number),
            reason: reason.into(),
        });
    }

    fn drain_rest(&mut self) {
        loop {
            match self.input.fill_buf() {
                Ok([]) | Err(_) => return,
                Ok(b) => {
                    let n = b.len();
                    self.input.consume(n);
                    self.offset += n as u64;
                }
            }
        }
    }

    fn finish(&mut self, g: Generation) -> Result<Generation> {
        if g.freq == 0 {
            return Err(Error::malformed(g.start_offset, format!("generation {} has no frequency", g.number)));
        }
        self.last_gen = Some(g.number);
        Ok(g)
    }

    fn add_batch(&self, g: &mut Generation, batch: Batch) -> Result<()> {
        if batch.experiment.is_some() {
            g.count(ev::EXPERIMENTAL_BATCH, 1);
            g.experimental.push(batch);
            return Ok(());
        }
        g.count(ev::EVENT_BATCH, 1);
        let first = batch.data.first().copied();
        let v = self.version;
        match first {
            Some(ev::STRINGS) => add_strings(g, &batch, self.lazy.is_some()),
            Some(ev::STACKS) => add_stacks(g, &batch),
            Some(ev::CPU_SAMPLES) => add_cpu_samples(g, &batch),
            Some(ev::FREQUENCY) if v < Version::Go125 => add_sync(g, &batch, v),
            Some(ev::SYNC) if v >= Version::Go125 => add_sync(g, &batch, v),
            Some(_) => {
                g.batches.push(batch);
                Ok(())
            }
            // Left in the file by a lazy reader.
            None if batch.size > 0 => {
                g.batches.push(batch);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn read_batch(&mut self) -> std::result::Result<Option<RawBatch>, ReadErr> {
        let header_offset = self.offset;
        let Some(ty) = self.read_byte()? else { return Ok(None) };
        let experiment = match ty {
            ev::EVENT_BATCH => None,
            ev::EXPERIMENTAL_BATCH if self.version >= Version::Go123 => {
                Some(self.read_byte()?.ok_or(ReadErr::Truncated)?)
            }
            ev::END_OF_GENERATION if self.version >= Version::Go125 => {
                return Ok(Some(RawBatch::EndOfGeneration { offset: header_offset }));
            }
            _ => {
                return Err(ReadErr::Fatal(Error::malformed(
                    header_offset,
                    format!("expected a batch, found event type {ty}"),
                )));
            }
        };
        let generation_no = self.read_uvarint()?;
        let m = self.read_uvarint()?;
        let time = self.read_uvarint()?;
        let size_offset = self.offset;
        let size = self.read_uvarint()?;
        if size > MAX_BATCH_SIZE {
            return Err(ReadErr::Fatal(Error::malformed(
                size_offset,
                format!("batch size {size} exceeds the maximum {MAX_BATCH_SIZE}"),
            )));
        }
        let data_offset = self.offset;
        if let Some((skip, total_len)) = self.lazy {
            // Peek at the first byte: event batches stay in the file, tables are read.
            let first = if size > 0 && experiment.is_none() {
                Some(self.read_byte()?.ok_or(ReadErr::Truncated)?)
            } else {
                None
            };
            let table = matches!(first, Some(ev::STRINGS | ev::STACKS | ev::CPU_SAMPLES))
                || (first == Some(ev::FREQUENCY) && self.version < Version::Go125)
                || (first == Some(ev::SYNC) && self.version >= Version::Go125);
            if !table && size > 0 {
                if data_offset.checked_add(size).is_none_or(|end| end > total_len) {
                    return Err(ReadErr::Truncated);
                }
                let rest = size - u64::from(first.is_some());
                skip(&mut self.input, rest as i64)
                    .map_err(|e| ReadErr::Fatal(Error::Io { offset: self.offset, source: e }))?;
                self.offset = data_offset + size;
                return Ok(Some(RawBatch::Events {
                    generation_no,
                    batch: Batch { m, time, data: Vec::new(), size, data_offset, experiment },
                    header_offset,
                }));
            }
            let mut data = vec![0u8; size as usize];
            if let (Some(b), Some(d)) = (first, data.first_mut()) {
                *d = b;
            }
            return self.read_data(data, usize::from(first.is_some())).map(|data| {
                Some(RawBatch::Events {
                    generation_no,
                    batch: Batch { m, time, data, size, data_offset, experiment },
                    header_offset,
                })
            });
        }
        let data = self.read_data(vec![0u8; size as usize], 0)?;
        Ok(Some(RawBatch::Events {
            generation_no,
            batch: Batch { m, time, data, size, data_offset, experiment },
            header_offset,
        }))
    }

    /// Fills `data[got..]` from the input (the data of a batch whose header was just read).
    fn read_data(&mut self, mut data: Vec<u8>, start: usize) -> std::result::Result<Vec<u8>, ReadErr> {
        // `self.offset` is the file offset of `data[start]`.
        let mut got = start;
        while got < data.len() {
            let Some(dst) = data.get_mut(got..) else { break };
            match self.input.read(dst) {
                Ok(0) => {
                    self.offset += (got - start) as u64;
                    return Err(ReadErr::Truncated);
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    let offset = self.offset + (got - start) as u64;
                    return Err(ReadErr::Fatal(Error::Io { offset, source: e }));
                }
            }
        }
        self.offset += (got - start) as u64;
        Ok(data)
    }

    fn read_byte(&mut self) -> std::result::Result<Option<u8>, ReadErr> {
        loop {
            match self.input.fill_buf() {
                Ok(buf) => {
                    let Some(&b) = buf.first() else { return Ok(None) };
                    self.input.consume(1);
                    self.offset += 1;
                    return Ok(Some(b));
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadErr::Fatal(Error::Io { offset: self.offset, source: e })),
            }
        }
    }

    fn read_uvarint(&mut self) -> std::result::Result<u64, ReadErr> {
        let start = self.offset;
        let mut x = 0u64;
        let mut shift = 0;
        for i in 0..10 {
            let b = self.read_byte()?.ok_or(ReadErr::Truncated)?;
            if b < 0x80 {
                if i == 9 && b > 1 {
                    break;
                }
                return Ok(x | (u64::from(b) << shift));
            }
            x |= u64::from(b & 0x7f) << shift;
            shift += 7;
        }
        Err(ReadErr::Fatal(Error::BadVarint { offset: start }))
    }
}

enum ReadErr {
    Truncated,
    Fatal(Error),
}

fn add_strings(g: &mut Generation, b: &Batch, lazy: bool) -> Result<()> {
    g.count(ev::STRINGS, 1);
    if lazy {
        let (mut min_id, mut max_id) = (u64::MAX, 0);
        let ids = &mut g.lazy_ids;
        let mut n = 0;
        for_each_string(&b.data, b.data_offset, |id, _, _| {
            if id == 0 || !ids.insert(id) {
                return Err(format!("duplicate or zero string ID {id}"));
            }
            (min_id, max_id) = (min_id.min(id), max_id.max(id));
            n += 1;
            Ok(())
        })?;
        g.count(ev::STRING, n);
        if n > 0 {
            g.lazy_strings.push(LazyStrings { min_id, max_id, data_offset: b.data_offset, size: b.size });
        }
        return Ok(());
    }
    g.string_bytes.reserve(b.data.len());
    let (bytes_out, index) = (&mut g.string_bytes, &mut g.strings);
    let mut n = 0;
    for_each_string(&b.data, b.data_offset, |id, bytes, _| {
        let start = bytes_out.len();
        match std::str::from_utf8(bytes) {
            Ok(_) => bytes_out.extend_from_slice(bytes),
            Err(_) => bytes_out.extend_from_slice(String::from_utf8_lossy(bytes).as_bytes()),
        }
        if id == 0 || !index.insert(id, start, bytes_out.len() - start) {
            return Err(format!("duplicate or zero string ID {id}"));
        }
        n += 1;
        Ok(())
    })?;
    g.count(ev::STRING, n);
    Ok(())
}

/// Calls `f(id, bytes, start of bytes in data)` for each string of a strings batch (`data` from
/// its batch-type byte, at file offset `data_offset`). An error from `f` is reported at the
/// string's offset.
fn for_each_string(
    data: &[u8],
    data_offset: u64,
    mut f: impl FnMut(u64, &[u8], usize) -> std::result::Result<(), String>,
) -> Result<()> {
    let mut c = Cursor::new(data, data_offset);
    c.byte()?;
    while !c.is_empty() {
        let at = c.offset();
        let ty = c.byte()?;
        if ty != ev::STRING {
            return Err(Error::malformed(at, format!("expected String event in strings batch, found type {ty}")));
        }
        let id = c.uvarint()?;
        let len_at = c.offset();
        let len = c.uvarint()?;
        if len > MAX_STRING_SIZE {
            return Err(Error::malformed(len_at, format!("string length {len} exceeds the maximum {MAX_STRING_SIZE}")));
        }
        let start = (c.offset() - data_offset) as usize;
        let bytes = c.bytes(len)?;
        f(id, bytes, start).map_err(|msg| Error::malformed(at, msg))?;
    }
    Ok(())
}

fn add_stacks(g: &mut Generation, b: &Batch) -> Result<()> {
    let mut c = Cursor::new(&b.data, b.data_offset);
    c.byte()?;
    g.count(ev::STACKS, 1);
    while !c.is_empty() {
        let at = c.offset();
        let ty = c.byte()?;
        if ty != ev::STACK {
            return Err(Error::malformed(at, format!("expected Stack event in stacks batch, found type {ty}")));
        }
        let id = c.uvarint()?;
        let n_at = c.offset();
        let n = c.uvarint()?;
        if n > MAX_FRAMES_PER_STACK {
            return Err(Error::malformed(
                n_at,
                format!("stack with {n} frames exceeds the maximum {MAX_FRAMES_PER_STACK}"),
            ));
        }
        let start = g.frames.len();
        for _ in 0..n {
            let pc = c.uvarint()?;
            let func = c.uvarint()?;
            let file = c.uvarint()?;
            let line = c.uvarint()?;
            g.frames.push(Frame { pc, func, file, line });
        }
        if id == 0 || !g.stacks.insert(id, start, n as usize) {
            return Err(Error::malformed(at, format!("duplicate or zero stack ID {id}")));
        }
        g.count(ev::STACK, 1);
    }
    Ok(())
}

fn add_cpu_samples(g: &mut Generation, b: &Batch) -> Result<()> {
    let mut c = Cursor::new(&b.data, b.data_offset);
    c.byte()?;
    g.count(ev::CPU_SAMPLES, 1);
    while !c.is_empty() {
        let at = c.offset();
        let ty = c.byte()?;
        if ty != ev::CPU_SAMPLE {
            return Err(Error::malformed(at, format!("expected CPUSample event, found type {ty}")));
        }
        // Wire order is time, m, p, g, stack in every version (the Go 1.22 spec's comment differs;
        // its parser reads m, p, g).
        let time = c.uvarint()?;
        let m = c.uvarint()?;
        let p = c.uvarint()?;
        let gid = c.uvarint()?;
        let stack = c.uvarint()?;
        g.cpu_samples.push(CpuSample { time, m, p, g: gid, stack });
        g.count(ev::CPU_SAMPLE, 1);
    }
    Ok(())
}

fn add_sync(g: &mut Generation, b: &Batch, v: Version) -> Result<()> {
    let mut c = Cursor::new(&b.data, b.data_offset);
    if v >= Version::Go125 {
        c.byte()?;
        g.count(ev::SYNC, 1);
    }
    let mut last = b.time;
    while !c.is_empty() {
        let at = c.offset();
        match c.byte()? {
            ev::FREQUENCY => {
                let f = c.uvarint()?;
                if g.freq != 0 {
                    return Err(Error::malformed(at, "more than one frequency in a generation"));
                }
                if f == 0 {
                    return Err(Error::malformed(at, "zero trace clock frequency"));
                }
                g.freq = f;
                g.count(ev::FREQUENCY, 1);
            }
            ev::CLOCK_SNAPSHOT if v >= Version::Go125 => {
                let dt = c.uvarint()?;
                last = last.saturating_add(dt);
                let mono = c.uvarint()?;
                let sec = c.uvarint()?;
                let nsec = c.uvarint()?;
                if g.clock.is_some() {
                    return Err(Error::malformed(at, "more than one clock snapshot in a generation"));
                }
                g.clock = Some(ClockSnapshot { ticks: last, mono, sec, nsec });
                g.count(ev::CLOCK_SNAPSHOT, 1);
            }
            ty => {
                return Err(Error::malformed(at, format!("unexpected event type {ty} in a sync batch")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_scale_matches_go_float_arithmetic() {
        for freq in [15_625_000u64, 62_500_000, 1_000_000_000, 3_000_000_000, 7, 1, 999_999_937] {
            let s = TickScale::new(freq);
            let limit = s.whole.map_or(1 << 40, |(_, l)| l);
            let mut ticks = vec![0u64, 1, 2, 1 << 20, 1 << 40, 1 << 52, 1 << 53, u64::MAX, u64::MAX / 3];
            ticks.extend([limit - 1, limit, limit + 1, (1u64 << 63) + 12345]);
            for t in ticks {
                let want = (t as f64 * (1e9 / freq as f64)) as u64;
                assert_eq!(s.ns(t), want, "freq {freq} ticks {t}");
                assert_eq!(ticks_to_ns(t, freq), want, "freq {freq} ticks {t}");
            }
        }
        assert_eq!(TickScale::new(15_625_000).whole, Some((64, (1 << 53) / 64)));
        assert!(TickScale::new(3_000_000_000).whole.is_none());
    }
}
