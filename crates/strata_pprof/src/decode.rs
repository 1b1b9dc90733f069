//! profile.proto → [`strata_profile::Profile`].
//!
//! The decoder reads the outer `Profile` message as a stream, one field at a time: a gzipped
//! profile is decompressed on a second thread, in chunks, while this one decodes, so the whole
//! decompressed message never exists at once. Go writes the samples before the locations, functions
//! and string table they refer to, so each sample's stack is interned by its location ids as it
//! arrives (one hash per sample, in [`StackTable`]); once the tables are read, the interned stacks
//! are mapped to frames in place (or re-interned, when locations hold inlined lines or share frames).

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use prost::Message;
use rustc_hash::FxHashMap;
use strata_profile::{
    FrameId, FuncId, Label, LabelSetId, LabelValue, Profile, ProfileBuilder, StackCollector, StackId, StrId, ValueType,
};

use crate::error::Error;
use crate::proto;
use crate::wire::{LEN, Reader, VARINT};

/// Decoder limits.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// Largest decompressed profile accepted, in bytes (a gzip bomb stops here). Default: 4 GiB.
    pub max_decompressed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_decompressed: 4 << 30 }
    }
}

/// Read and decode a profile file.
pub fn decode_file(path: &Path, opts: &Options) -> Result<Profile, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io { file: path.to_path_buf(), source: e })?;
    decode(&bytes, path, opts)
}

/// The gzip trailer states the (last member's) size mod 2^32: a hint, trusted only up to
/// deflate's maximum ratio (1032:1) and the configured limit.
fn gzip_size_hint(bytes: &[u8], opts: &Options) -> u64 {
    let hint = bytes.len().checked_sub(4).and_then(|i| bytes.get(i..)).map_or(0, |t| {
        u32::from_le_bytes([
            t.first().copied().unwrap_or(0),
            t.get(1).copied().unwrap_or(0),
            t.get(2).copied().unwrap_or(0),
            t.get(3).copied().unwrap_or(0),
        ])
    });
    u64::from(hint).min(bytes.len() as u64 * 1032).min(opts.max_decompressed)
}

/// A gzip stream that enforces [`Options::max_decompressed`] and names the compressed offset in
/// its errors.
struct Gunzip<'a> {
    dec: flate2::bufread::MultiGzDecoder<&'a [u8]>,
    input_len: usize,
    total: u64,
    file: &'a Path,
    limit: u64,
}

impl<'a> Gunzip<'a> {
    fn new(bytes: &'a [u8], file: &'a Path, opts: &Options) -> Self {
        Gunzip {
            dec: flate2::bufread::MultiGzDecoder::new(bytes),
            input_len: bytes.len(),
            total: 0,
            file,
            limit: opts.max_decompressed,
        }
    }

    /// Decompress into `buf`; 0 at the end of the data.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        loop {
            match self.dec.read(buf) {
                Ok(n) => {
                    self.total += n as u64;
                    if self.total > self.limit {
                        return Err(Error::TooLarge { file: self.file.to_path_buf(), limit: self.limit });
                    }
                    return Ok(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let consumed = self.input_len - self.dec.get_ref().len();
                    let detail = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                        format!("unexpected end of file ({e})")
                    } else {
                        e.to_string()
                    };
                    return Err(Error::Gzip { file: self.file.to_path_buf(), offset: consumed as u64, detail });
                }
            }
        }
    }
}

/// Gunzip `bytes` when they start with the gzip magic (`1f 8b`), as google/pprof does; otherwise
/// return them as they are. Multi-member gzip is accepted. The flag says whether they were gzipped.
pub fn gunzip_if_needed<'a>(
    bytes: &'a [u8],
    file: impl AsRef<Path>,
    opts: &Options,
) -> Result<(Cow<'a, [u8]>, bool), Error> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok((Cow::Borrowed(bytes), false));
    }
    let cap = gzip_size_hint(bytes, opts);
    let mut out = Vec::with_capacity(usize::try_from(cap).unwrap_or(0));
    let mut chunk = vec![0u8; 64 * 1024];
    let mut gz = Gunzip::new(bytes, file.as_ref(), opts);
    loop {
        let n = gz.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        out.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
    }
    Ok((Cow::Owned(out), true))
}

/// Decode the complete message into the prost structs (for rewriting and re-encoding).
pub fn decode_raw(bytes: &[u8], file: impl AsRef<Path>, opts: &Options) -> Result<proto::Profile, Error> {
    let file = file.as_ref();
    let (data, gzipped) = gunzip_if_needed(bytes, file, opts)?;
    // Validate with the offset-keeping decoder first, so that errors name a byte offset.
    Decoder { file: file.to_path_buf(), gzipped }.run(Input::whole(&data))?;
    proto::Profile::decode(&*data).map_err(|e| Error::Malformed {
        file: file.to_path_buf(),
        offset: 0,
        gzipped,
        detail: e.to_string(),
    })
}

/// Size of the pieces the decompressing thread hands over.
const CHUNK: usize = 256 * 1024;
/// Room before each piece's data, where the unread end of the previous piece is copied so that a
/// field spanning the two is contiguous without copying the piece.
const HEADROOM: usize = 16 * 1024;
/// Pieces in flight between the two threads.
const CHUNKS_IN_FLIGHT: usize = 4;

type Piece = Result<(Vec<u8>, usize), Error>;

/// Decode a profile (gzipped or plain profile.proto) into strata's model. `file` names it in errors.
///
/// Gzipped input is decompressed on a second thread while this one decodes (inline when no thread
/// can be started).
pub fn decode(bytes: &[u8], file: impl AsRef<Path>, opts: &Options) -> Result<Profile, Error> {
    let file = file.as_ref();
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Decoder { file: file.to_path_buf(), gzipped: false }.run(Input::whole(bytes));
    }
    let hint = gzip_size_hint(bytes, opts);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Piece>(CHUNKS_IN_FLIGHT);
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let worker = std::thread::Builder::new().name("gunzip".into()).spawn_scoped(scope, move || {
            let mut gz = Gunzip::new(bytes, file, opts);
            loop {
                // Decompress straight into a piece, after its headroom.
                let mut piece = back_rx.try_recv().unwrap_or_else(|_| vec![0u8; HEADROOM + CHUNK]);
                let mut fill = HEADROOM;
                let end = loop {
                    let Some(rest) = piece.get_mut(fill..).filter(|r| !r.is_empty()) else { break false };
                    match gz.read(rest) {
                        Ok(0) => break true,
                        Ok(n) => fill += n,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                };
                if fill > HEADROOM && tx.send(Ok((piece, fill))).is_err() {
                    return; // the decoder stopped
                }
                if end {
                    return; // dropping `tx` tells the decoder the data ends here
                }
            }
        });
        let dec = Decoder { file: file.to_path_buf(), gzipped: true };
        match worker {
            Ok(_) => dec.run(Input::chunked(rx, back_tx, hint)),
            Err(_) => {
                drop(rx);
                let (data, _) = gunzip_if_needed(bytes, file, opts)?;
                dec.run(Input::whole(&data))
            }
        }
    })
}

/// The decompressed bytes, as a window that grows on demand: all of them for plain input; for gzip
/// input, the current piece (from `pos` to `end`), preceded by what was unread of the previous one.
struct Input<'a> {
    whole: &'a [u8],
    buf: Vec<u8>,
    /// Read position and end of the valid bytes in `buf` (or `whole`).
    pos: usize,
    end: usize,
    /// Absolute offset of the byte at `pos`.
    abs: u64,
    rx: Option<mpsc::Receiver<Piece>>,
    back: Option<mpsc::Sender<Vec<u8>>>,
    /// Expected decompressed size (a hint for reservations).
    size_hint: u64,
}

impl<'a> Input<'a> {
    fn whole(data: &'a [u8]) -> Self {
        Input {
            whole: data,
            buf: Vec::new(),
            pos: 0,
            end: data.len(),
            abs: 0,
            rx: None,
            back: None,
            size_hint: data.len() as u64,
        }
    }

    fn chunked(rx: mpsc::Receiver<Piece>, back: mpsc::Sender<Vec<u8>>, size_hint: u64) -> Self {
        Input { whole: &[], buf: Vec::new(), pos: 0, end: 0, abs: 0, rx: Some(rx), back: Some(back), size_hint }
    }

    /// The unread bytes received so far.
    fn window(&self) -> &[u8] {
        let w = if self.buf.is_empty() { self.whole } else { &self.buf[..] };
        w.get(self.pos..self.end).unwrap_or(&[])
    }

    /// Absolute offset of the next unread byte.
    fn offset(&self) -> u64 {
        self.abs
    }

    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.abs += n as u64;
    }

    /// Receive pieces until `n` bytes are unread or the data ends.
    fn fill(&mut self, n: usize) -> Result<(), Error> {
        while self.end - self.pos < n {
            let Some(rx) = &self.rx else { return Ok(()) };
            match rx.recv() {
                Ok(Ok((mut piece, end))) => {
                    let r = self.end - self.pos;
                    if r <= HEADROOM && piece.len() >= HEADROOM {
                        // The common case: only the unread tail is copied, before the new data.
                        let unread = self.buf.get(self.pos..self.end).unwrap_or(&[]);
                        if let Some(dst) = piece.get_mut(HEADROOM - r..HEADROOM) {
                            dst.copy_from_slice(unread);
                        }
                        let old = std::mem::replace(&mut self.buf, piece);
                        if old.len() == HEADROOM + CHUNK
                            && let Some(back) = &self.back
                        {
                            let _ = back.send(old);
                        }
                        self.pos = HEADROOM - r;
                        self.end = end;
                    } else {
                        // A field longer than the headroom: gathered in one buffer that grows
                        // (amortized linear however many pieces it spans).
                        let mut grown = std::mem::take(&mut self.buf);
                        grown.truncate(self.end);
                        grown.drain(..self.pos);
                        grown.extend_from_slice(piece.get(HEADROOM..end).unwrap_or(&[]));
                        self.pos = 0;
                        self.end = grown.len();
                        self.buf = grown;
                        if let Some(back) = &self.back {
                            let _ = back.send(piece);
                        }
                    }
                }
                Ok(Err(e)) => return Err(e),
                Err(mpsc::RecvError) => {
                    self.rx = None;
                    self.back = None;
                }
            }
        }
        Ok(())
    }
}

struct Decoder {
    file: PathBuf,
    gzipped: bool,
}

/// Id → index, dense when ids are small (Go numbers them 1..n), hashed otherwise.
enum IdIndex {
    Dense(Vec<u32>),
    Sparse(FxHashMap<u64, u32>),
}

impl IdIndex {
    fn new(ids: impl Iterator<Item = u64> + Clone, count: usize) -> Self {
        let max = ids.clone().max().unwrap_or(0);
        if max <= (count as u64).saturating_mul(4).saturating_add(1024) {
            let mut v = vec![u32::MAX; max as usize + 1];
            for (i, id) in ids.enumerate() {
                if let Some(slot) = v.get_mut(id as usize) {
                    *slot = i as u32;
                }
            }
            IdIndex::Dense(v)
        } else {
            IdIndex::Sparse(ids.enumerate().map(|(i, id)| (id, i as u32)).collect())
        }
    }

    fn get(&self, id: u64) -> Option<u32> {
        match self {
            IdIndex::Dense(v) => v.get(usize::try_from(id).ok()?).copied().filter(|&i| i != u32::MAX),
            IdIndex::Sparse(m) => m.get(&id).copied(),
        }
    }
}

/// The location ids samples use, numbered densely in order of first use (before the locations
/// themselves are read). Dense lookup for small ids (allocation bounded by the input read so far).
#[derive(Default)]
struct LocIds {
    /// id → index (`u32::MAX`: not seen yet).
    dense: Vec<u32>,
    sparse: FxHashMap<u64, u32>,
    /// index → (location id, offset of the first sample using it).
    used: Vec<(u64, u64)>,
}

impl LocIds {
    #[inline]
    fn index(&mut self, id: u64, at: u64) -> u32 {
        if let Some(&k) = usize::try_from(id).ok().and_then(|i| self.dense.get(i))
            && k != u32::MAX
        {
            return k;
        }
        self.index_slow(id, at)
    }

    fn index_slow(&mut self, id: u64, at: u64) -> u32 {
        let next = self.used.len() as u32;
        let limit = at.saturating_mul(4).saturating_add(1024);
        if id < limit {
            let i = id as usize;
            if i >= self.dense.len() {
                let len = (i + 1).max(self.dense.len() * 2).min(usize::try_from(limit).unwrap_or(usize::MAX));
                self.dense.resize(len.max(i + 1), u32::MAX);
            }
            if let Some(slot) = self.dense.get_mut(i) {
                if *slot != u32::MAX {
                    return *slot;
                }
                *slot = next;
            }
        } else {
            match self.sparse.entry(id) {
                std::collections::hash_map::Entry::Occupied(e) => return *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                }
            }
        }
        self.used.push((id, at));
        next
    }
}

/// A label as the sample states it: (key, str, num, num_unit), string indices unresolved.
type RawLabel = (i64, i64, i64, i64);

/// What the streaming pass collects: the tables (inner messages with their offsets) and the samples,
/// their stacks interned by location index.
#[derive(Default)]
struct Scan {
    sample_types: Vec<(u64, proto::ValueType)>,
    locations: Vec<(u64, proto::Location)>,
    functions: Vec<(u64, proto::Function)>,
    strings: Vec<Box<str>>,
    time_nanos: Option<i64>,
    duration_nanos: i64,
    period_type: Option<(u64, proto::ValueType)>,
    period: i64,
    default_sample_type: (u64, i64),
    /// Decompressed bytes read.
    data_len: u64,

    loc_ids: LocIds,
    /// One stack per sample (by location index), interned once all are read.
    stacks: StackCollector<u32>,
    /// Values of every sample, back to back.
    values: Vec<i64>,
    /// (offset, count) of the first sample, and of the first with another count of values.
    first_values: Option<(u64, usize)>,
    odd_values: Option<(u64, usize)>,
    /// Raw label sets (id 0: none), with the offset of the first sample using each.
    label_sets: Vec<(Vec<RawLabel>, u64)>,
    label_index: FxHashMap<Vec<RawLabel>, u32>,
    sample_labels: Vec<LabelSetId>,
    raw_labels: Vec<RawLabel>,
    // Per-sample scratch.
    labels: Vec<proto::Label>,
}

impl Decoder {
    fn err(&self, offset: u64, detail: impl Into<String>) -> Error {
        Error::Malformed { file: self.file.clone(), offset, gzipped: self.gzipped, detail: detail.into() }
    }

    fn msg<M: Message + Default>(&self, offset: u64, what: &str, b: &[u8]) -> Result<M, Error> {
        M::decode(b).map_err(|e| self.err(offset, format!("bad {what} message: {e}")))
    }

    fn scan(&self, mut input: Input<'_>) -> Result<Scan, Error> {
        let mut s = Scan::default();
        s.label_sets.push((Vec::new(), 0));
        // Reservations from the expected size (never touched unless used): Go's heap samples take
        // tens of bytes each, one location id per byte or two.
        let hint = usize::try_from(input.size_hint.min(1 << 26)).unwrap_or(0);
        s.stacks.reserve(hint / 64, hint / 2);
        s.sample_labels.reserve(hint / 64);
        s.values.reserve(hint / 16);
        let mut seen = false;
        loop {
            // A key and a length (or a varint value) take at most 20 bytes.
            input.fill(20)?;
            let at = input.offset();
            let w = input.window();
            if w.is_empty() {
                break;
            }
            let mut r = Reader::new(w);
            let (field, wt) = r.key().map_err(|e| self.err(at, self.hint(seen, e)))?;
            let want = match field {
                1..=6 | 11 => Some(LEN),
                7..=10 | 12 | 14 | 15 => Some(VARINT),
                _ => None, // comments (13, packed or not) and unknown fields: skipped
            };
            if let Some(want) = want.filter(|w| *w != wt) {
                return Err(self.err(at, self.hint(seen, format!("field {field} has wire type {wt}, expected {want}"))));
            }
            if wt != LEN {
                let v = if wt == VARINT { r.varint() } else { r.skip(wt).map(|_| 0) };
                let v = v.map_err(|e| self.err(at, self.hint(seen, format!("field {field}: {e}"))))? as i64;
                input.advance(r.pos);
                match field {
                    9 if s.time_nanos.replace(v).is_some() => {
                        return Err(self.err(at, "a second time_nanos: concatenated profiles are not supported"));
                    }
                    10 => s.duration_nanos = v,
                    12 => s.period = v,
                    14 => s.default_sample_type = (at, v),
                    _ => {} // drop_frames, keep_frames, doc_url, comments: not used
                }
                continue;
            }
            let len = r.varint().map_err(|e| self.err(at, self.hint(seen, format!("field {field}: {e}"))))?;
            let head = r.pos;
            let end = usize::try_from(len).ok().and_then(|l| l.checked_add(head));
            if let Some(end) = end {
                input.fill(end)?;
            }
            let w = input.window();
            let Some(b) = end.and_then(|end| w.get(head..end)) else {
                let left = w.len().saturating_sub(head);
                let e = format!("field {field}: length {len} runs past the end of the data ({left} bytes left)");
                return Err(self.err(at, self.hint(seen, e)));
            };
            let start = at + head as u64;
            seen = true;
            match field {
                1 => s.sample_types.push((at, self.msg(at, "sample_type", b)?)),
                2 => self.sample(&mut s, b, start)?,
                3 => {} // mappings: not needed for function-level analysis
                4 => s.locations.push((at, self.msg(at, "location", b)?)),
                5 => s.functions.push((at, self.msg(at, "function", b)?)),
                6 => s.strings.push(String::from_utf8_lossy(b).into()),
                11 => s.period_type = Some((at, self.msg(at, "period_type", b)?)),
                _ => {}
            }
            let consumed = end.unwrap_or(0);
            input.advance(consumed);
        }
        s.data_len = input.offset();
        Ok(s)
    }

    /// One sample (the hot loop: no allocation per sample once the buffers have grown).
    #[inline]
    fn sample(&self, s: &mut Scan, b: &[u8], at: u64) -> Result<(), Error> {
        let before = s.values.len();
        let (loc_ids, stacks) = (&mut s.loc_ids, &mut s.stacks);
        // Location ids go straight into the stack arena, as dense indices.
        parse_sample(b, |id| stacks.push_item(loc_ids.index(id, at)), &mut s.values, &mut s.labels)
            .map_err(|e| self.err(at, format!("bad sample message: {e}")))?;
        let count = s.values.len() - before;
        match s.first_values {
            None => s.first_values = Some((at, count)),
            Some((_, c)) if c != count && s.odd_values.is_none() => s.odd_values = Some((at, count)),
            Some(_) => {}
        }
        s.stacks.commit().ok_or_else(|| self.err(at, "more than 2^32 frames in the samples' stacks"))?;
        let set = if s.labels.is_empty() {
            LabelSetId(0)
        } else {
            s.raw_labels.clear();
            s.raw_labels.extend(s.labels.iter().map(|l| (l.key, l.str, l.num, l.num_unit)));
            match s.label_index.get(s.raw_labels.as_slice()) {
                Some(&id) => LabelSetId(id),
                None => {
                    let id = s.label_sets.len() as u32;
                    s.label_index.insert(s.raw_labels.clone(), id);
                    s.label_sets.push((s.raw_labels.clone(), at));
                    LabelSetId(id)
                }
            }
        };
        s.sample_labels.push(set);
        Ok(())
    }

    /// Before any well-formed message field, a wire error most likely means "not a profile at all".
    fn hint(&self, seen: bool, e: String) -> String {
        if !seen && !self.gzipped {
            format!("not a pprof profile (neither gzip data nor a profile.proto message): {e}")
        } else {
            e
        }
    }

    fn run(&self, input: Input<'_>) -> Result<Profile, Error> {
        let end = input.size_hint;
        let s = self.scan(input)?;
        match s.strings.first() {
            Some(first) if first.is_empty() => {}
            Some(_) => return Err(self.err(0, "string_table[0] must be the empty string")),
            None => return Err(self.err(end, "no string table: not a pprof profile")),
        }
        let mut b = ProfileBuilder::new();
        // Every table string is interned once, in order; table index → StrId.
        let strs: Vec<StrId> = s.strings.iter().map(|t| b.intern(t)).collect();
        let st = |offset: u64, idx: i64, what: &str| -> Result<StrId, Error> {
            usize::try_from(idx).ok().and_then(|i| strs.get(i).copied()).ok_or_else(|| {
                self.err(offset, format!("{what}: string index {idx} out of range (string table has {})", strs.len()))
            })
        };
        let vt = |offset: u64, t: &proto::ValueType| -> Result<ValueType, Error> {
            Ok(ValueType { kind: st(offset, t.r#type, "value type")?, unit: st(offset, t.unit, "value unit")? })
        };
        let mut types = Vec::with_capacity(s.sample_types.len());
        for (at, t) in &s.sample_types {
            types.push(vt(*at, t)?);
        }
        let ntypes = types.len();
        b.set_sample_types(types);
        {
            let m = b.meta();
            m.time_nanos = s.time_nanos.unwrap_or(0);
            m.duration_nanos = s.duration_nanos;
            m.period = s.period;
        }
        if let Some((at, t)) = &s.period_type {
            let t = vt(*at, t)?;
            b.meta().period_type = Some(t);
        }
        let (dat, d) = s.default_sample_type;
        let d = st(dat, d, "default_sample_type")?;
        b.meta().default_sample_type = (d != StrId(0)).then_some(d);

        // Every sample has one value per sample type.
        for (at, count) in [s.first_values, s.odd_values].into_iter().flatten() {
            if count != ntypes {
                return Err(
                    self.err(at, format!("sample has {count} values but the profile has {ntypes} sample types"))
                );
            }
        }

        // Functions.
        let mut funcs: Vec<FuncId> = Vec::with_capacity(s.functions.len());
        for (at, f) in &s.functions {
            let func = strata_profile::Function {
                name: st(*at, f.name, "function name")?,
                system_name: st(*at, f.system_name, "function system_name")?,
                filename: st(*at, f.filename, "function filename")?,
                start_line: f.start_line,
            };
            funcs.push(b.function_ids(func));
        }
        let func_index = IdIndex::new(s.functions.iter().map(|(_, f)| f.id), s.functions.len());

        // Locations → frames, innermost line first (as stored).
        let mut loc_frames: Vec<FrameId> = Vec::new();
        let mut loc_ranges: Vec<(u32, u32)> = Vec::with_capacity(s.locations.len());
        for (at, loc) in &s.locations {
            let start = loc_frames.len() as u32;
            if loc.line.is_empty() {
                let name = format!("0x{:x}", loc.address);
                let f = b.function(&name, &name, "", 0);
                loc_frames.push(b.frame_unique(f, 0));
            }
            for line in &loc.line {
                let fi = func_index.get(line.function_id).ok_or_else(|| {
                    self.err(*at, format!("location {} refers to missing function id {}", loc.id, line.function_id))
                })?;
                let func = funcs.get(fi as usize).copied().ok_or_else(|| self.err(*at, "function index"))?;
                loc_frames.push(b.frame_unique(func, line.line));
            }
            loc_ranges.push((start, loc_frames.len() as u32));
        }
        let loc_index = IdIndex::new(s.locations.iter().map(|(_, l)| l.id), s.locations.len());

        // The frames of every location the samples use, by the index the stacks hold.
        let mut used: Vec<(u32, u32)> = Vec::with_capacity(s.loc_ids.used.len());
        for &(id, at) in &s.loc_ids.used {
            let li =
                loc_index.get(id).ok_or_else(|| self.err(at, format!("sample refers to missing location id {id}")))?;
            used.push(loc_ranges.get(li as usize).copied().unwrap_or((0, 0)));
        }
        // Every location line is a frame of its own (`frame_unique`), so every location's frames
        // start with a frame no other location has: stacks distinct by location stay distinct by
        // frame, and the interned stacks become stacks of frames in place, without hashing again.
        let (stacks, ids) = s.stacks.finish();
        let sample_stacks: Vec<StackId> = ids.into_iter().map(StackId).collect();
        let frame_of = |l: u32| -> &[FrameId] {
            let (a, z) = used.get(l as usize).copied().unwrap_or((0, 0));
            loc_frames.get(a as usize..z as usize).unwrap_or(&[])
        };
        if used.iter().all(|&(a, z)| z == a + 1) {
            b.set_stacks(stacks.map(|l| frame_of(l).first().copied().unwrap_or(FrameId(0))));
        } else {
            let ids: Vec<u32> = loc_frames.iter().map(|f| f.0).collect();
            let pieces: Vec<&[u32]> =
                used.iter().map(|&(a, z)| ids.get(a as usize..z as usize).unwrap_or(&[])).collect();
            let piece = |l: u32| -> &[u32] { pieces.get(l as usize).copied().unwrap_or(&[]) };
            // Each frame comes from a location id (at least a byte) of a sample: the bound only
            // stops profiles whose few bytes name locations with very many inlined lines.
            let max = usize::try_from(s.data_len).unwrap_or(usize::MAX).saturating_mul(16).saturating_add(1 << 20);
            let expanded = stacks.expand(piece, max).ok_or_else(|| {
                self.err(0, format!("the samples' stacks expand to more than {max} frames (inlined lines)"))
            })?;
            b.set_stacks(expanded.map(FrameId));
        }

        // Label sets: string indices resolved once per distinct set.
        let mut sample_labels = s.sample_labels;
        if s.label_sets.len() > 1 {
            let mut ids: Vec<LabelSetId> = Vec::with_capacity(s.label_sets.len());
            let mut labels: Vec<Label> = Vec::new();
            for (raw, at) in &s.label_sets {
                labels.clear();
                for &(key, str, num, num_unit) in raw {
                    let key = st(*at, key, "label key")?;
                    let value = if str != 0 {
                        LabelValue::Str(st(*at, str, "label value")?)
                    } else {
                        LabelValue::Num { value: num, unit: st(*at, num_unit, "label unit")? }
                    };
                    labels.push(Label { key, value });
                }
                ids.push(b.label_set(&labels));
            }
            for l in &mut sample_labels {
                *l = ids.get(l.0 as usize).copied().unwrap_or_default();
            }
        }
        b.add_samples(sample_stacks, s.values, sample_labels);
        Ok(b.finish())
    }
}

/// Decode a `Sample` message: each location id to `loc`, values appended to `values` (the caller
/// counts them), labels into a reusable buffer. Accepts packed and unpacked repeated fields, skips
/// unknown fields.
#[inline]
fn parse_sample(
    b: &[u8],
    mut loc: impl FnMut(u64),
    values: &mut Vec<i64>,
    labels: &mut Vec<proto::Label>,
) -> Result<(), String> {
    labels.clear();
    let mut r = Reader::new(b);
    while !r.at_end() {
        let (field, wt) = r.key()?;
        match (field, wt) {
            (1, VARINT) => loc(r.varint()?),
            (2, VARINT) => values.push(r.varint()? as i64),
            (1 | 2, LEN) => {
                let (_, packed) = r.bytes()?;
                let mut p = Reader::new(packed);
                while !p.at_end() {
                    let v = p.varint()?;
                    if field == 1 {
                        loc(v);
                    } else {
                        values.push(v as i64);
                    }
                }
            }
            (3, LEN) => {
                let (_, m) = r.bytes()?;
                let mut l = proto::Label::default();
                let mut p = Reader::new(m);
                while !p.at_end() {
                    let (f, w) = p.key()?;
                    match (f, w) {
                        (1, VARINT) => l.key = p.varint()? as i64,
                        (2, VARINT) => l.str = p.varint()? as i64,
                        (3, VARINT) => l.num = p.varint()? as i64,
                        (4, VARINT) => l.num_unit = p.varint()? as i64,
                        (1..=4, w) => return Err(format!("label field {f} has wire type {w}, expected 0")),
                        (_, w) => p.skip(w)?,
                    }
                }
                labels.push(l);
            }
            (1..=3, wt) => return Err(format!("field {field} has wire type {wt}")),
            (_, wt) => r.skip(wt)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(p: &proto::Profile) -> Vec<u8> {
        p.encode_to_vec()
    }

    fn tiny() -> proto::Profile {
        let strings = ["", "samples", "count", "main.main", "main.go", "example.com/m/repository.Get", "k", "v"];
        proto::Profile {
            sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
            sample: vec![proto::Sample {
                location_id: vec![1],
                value: vec![3],
                label: vec![proto::Label { key: 6, str: 7, num: 0, num_unit: 0 }],
            }],
            location: vec![proto::Location {
                id: 1,
                line: vec![
                    proto::Line { function_id: 2, line: 9, column: 0 },
                    proto::Line { function_id: 1, line: 3, column: 0 },
                ],
                ..Default::default()
            }],
            function: vec![
                proto::Function { id: 1, name: 3, system_name: 3, filename: 4, start_line: 1 },
                proto::Function { id: 2, name: 5, system_name: 5, filename: 4, start_line: 8 },
            ],
            string_table: strings.iter().map(|s| s.as_bytes().to_vec()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn inlined_lines_become_frames_innermost_last_in_root_order() {
        let p = decode(&enc(&tiny()), "t.pb", &Options::default()).unwrap();
        let s = p.sample_stack(0);
        let names: Vec<_> = p.frames_leaf_first(s).map(|f| p.function_name(p.frame(f).function)).collect();
        assert_eq!(names, ["example.com/m/repository.Get", "main.main"]);
        assert_eq!(p.sample_values(0), [3]);
        assert_eq!(p.sample_labels(0).len(), 1);
    }

    #[test]
    fn errors_name_offsets() {
        let o = Options::default();
        let mut bad = tiny();
        bad.function[0].name = 99;
        let e = decode(&enc(&bad), "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("t.pb: byte ") && e.contains("string index 99 out of range"), "{e}");
        let mut bad = tiny();
        bad.sample[0].location_id = vec![7];
        let e = decode(&enc(&bad), "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("missing location id 7"), "{e}");
        let mut bad = tiny();
        bad.location[0].line[0].function_id = 42;
        let e = decode(&enc(&bad), "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("missing function id 42"), "{e}");
        let mut bad = tiny();
        bad.sample[0].value = vec![1, 2];
        let e = decode(&enc(&bad), "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("2 values but the profile has 1 sample types"), "{e}");
        let mut bad = tiny();
        bad.string_table[0] = b"x".to_vec();
        assert!(decode(&enc(&bad), "t.pb", &o).unwrap_err().to_string().contains("string_table[0]"));
        let e = decode(b"hello, world", "t.txt", &o).unwrap_err().to_string();
        assert!(e.contains("t.txt: byte 2: not a pprof profile"), "{e}");
        // field 2 (sample) as a varint: wrong wire type
        let e = decode(&[0x10, 0x01], "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("field 2 has wire type 0, expected 2"), "{e}");
        // absurd length
        let e = decode(&[0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00], "t.pb", &o).unwrap_err().to_string();
        assert!(e.contains("runs past the end"), "{e}");
        let mut two = enc(&tiny());
        two.extend_from_slice(&[0x48, 0x01, 0x48, 0x02]);
        assert!(decode(&two, "t.pb", &o).unwrap_err().to_string().contains("concatenated"));
    }

    #[test]
    fn gzip_truncated_and_bomb_limits() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&enc(&tiny())).unwrap();
        let full = gz.finish().unwrap();
        let o = Options::default();
        assert_eq!(decode(&full, "t.pb.gz", &o).unwrap().sample_count(), 1);
        let cut = &full[..full.len() - 6];
        let e = decode(cut, "t.pb.gz", &o).unwrap_err();
        assert!(matches!(e, Error::Gzip { .. }), "{e}");
        assert!(e.to_string().starts_with("t.pb.gz: gzip data corrupt or truncated at compressed byte"), "{e}");
        let small = Options { max_decompressed: 10 };
        assert!(matches!(decode(&full, "t.pb.gz", &small).unwrap_err(), Error::TooLarge { .. }));
        // A malformed message inside gzip names the decompressed offset.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&[0x32, 0x00, 0x10, 0x01]).unwrap();
        let e = decode(&gz.finish().unwrap(), "t.pb.gz", &o).unwrap_err().to_string();
        assert!(e.contains("byte 2 (of the decompressed data)"), "{e}");
    }

    #[test]
    fn hand_sample_parser_agrees_with_prost() {
        let smp = proto::Sample {
            location_id: vec![3, 1, 300],
            value: vec![-5, 0, i64::MAX],
            label: vec![
                proto::Label { key: 1, str: 2, num: 0, num_unit: 0 },
                proto::Label { key: 3, str: 0, num: -7, num_unit: 4 },
            ],
        };
        let (mut l, mut v, mut lb) = (Vec::new(), Vec::new(), Vec::new());
        parse_sample(&smp.encode_to_vec(), |x| l.push(x), &mut v, &mut lb).unwrap();
        assert_eq!((l, v, lb), (smp.location_id.clone(), smp.value.clone(), smp.label.clone()));
        // unpacked encoding of the repeated fields: field 1 and 2 as single varints
        let (mut l, mut v, mut lb) = (Vec::new(), Vec::new(), Vec::new());
        parse_sample(&[0x08, 0x05, 0x08, 0x06, 0x10, 0x02], |x| l.push(x), &mut v, &mut lb).unwrap();
        assert_eq!((&l, &v), (&vec![5, 6], &vec![2]));
        assert!(parse_sample(&[0x1d, 0, 0, 0, 0], |x| l.push(x), &mut v, &mut lb).is_err());
    }

    #[test]
    fn gzip_pieces_and_fields_spanning_them() {
        use std::io::Write;
        // Many samples (several decompressed pieces) and a string field longer than a piece.
        let mut p = tiny();
        let long = "x".repeat(3 * CHUNK + 17);
        p.string_table.push(long.clone().into_bytes());
        p.function[1].name = p.string_table.len() as i64 - 1;
        for i in 0..60_000 {
            p.sample.push(proto::Sample { location_id: vec![1; i % 9], value: vec![i as i64], label: vec![] });
        }
        let plain = enc(&p);
        assert!(plain.len() > 2 * CHUNK);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&plain).unwrap();
        let gz = gz.finish().unwrap();
        let o = Options::default();
        let (a, b) = (decode(&plain, "p.pb", &o).unwrap(), decode(&gz, "p.pb.gz", &o).unwrap());
        assert_eq!(a.sample_count(), 60_001);
        assert_eq!(a.stack_count(), 9);
        for q in [&a, &b] {
            assert_eq!(q.function_name(q.frame(q.leaf_frame(q.sample_stack(0)).unwrap()).function), long);
            assert_eq!(q.values_of(0).sum::<i64>(), 3 + (0..60_000i64).sum::<i64>());
            assert_eq!(q.stack_frames(q.sample_stack(9)).len(), 16);
        }
        // A malformed sample deep in the stream names its decompressed offset.
        let mut bad = plain.clone();
        let at = bad.len() - 5;
        bad.truncate(at);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&bad).unwrap();
        let e = decode(&gz.finish().unwrap(), "p.pb.gz", &o).unwrap_err().to_string();
        assert!(e.contains("(of the decompressed data)") && e.contains("runs past the end"), "{e}");
    }

    #[test]
    fn raw_decode_round_trips() {
        let p = tiny();
        assert_eq!(decode_raw(&enc(&p), "t.pb", &Options::default()).unwrap(), p);
    }
}
