//! profile.proto → [`strata_profile::Profile`].

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use prost::Message;
use rustc_hash::FxHashMap;
use strata_profile::{FrameId, FuncId, Label, LabelValue, Profile, ProfileBuilder, StrId, ValueType};

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
    let file = file.as_ref();
    let mut dec = flate2::bufread::MultiGzDecoder::new(bytes);
    // The gzip trailer states the (last member's) size mod 2^32: a hint, trusted only up to
    // deflate's maximum ratio (1032:1) and the configured limit.
    let hint = bytes.len().checked_sub(4).and_then(|i| bytes.get(i..)).map_or(0, |t| {
        u32::from_le_bytes([
            t.first().copied().unwrap_or(0),
            t.get(1).copied().unwrap_or(0),
            t.get(2).copied().unwrap_or(0),
            t.get(3).copied().unwrap_or(0),
        ])
    });
    let cap = u64::from(hint).min(bytes.len() as u64 * 1032).min(opts.max_decompressed);
    let mut out = Vec::with_capacity(usize::try_from(cap).unwrap_or(0));
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        match dec.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if out.len() as u64 + n as u64 > opts.max_decompressed {
                    return Err(Error::TooLarge { file: file.to_path_buf(), limit: opts.max_decompressed });
                }
                out.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let consumed = bytes.len() - dec.get_ref().len();
                let detail = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    format!("unexpected end of file ({e})")
                } else {
                    e.to_string()
                };
                return Err(Error::Gzip { file: file.to_path_buf(), offset: consumed as u64, detail });
            }
        }
    }
    Ok((Cow::Owned(out), true))
}

/// Decode the complete message into the prost structs (for rewriting and re-encoding).
pub fn decode_raw(bytes: &[u8], file: impl AsRef<Path>, opts: &Options) -> Result<proto::Profile, Error> {
    let file = file.as_ref();
    let (data, gzipped) = gunzip_if_needed(bytes, file, opts)?;
    // Validate with the offset-keeping decoder first, so that errors name a byte offset.
    Decoder { file: file.to_path_buf(), gzipped }.run(&data)?;
    proto::Profile::decode(&*data).map_err(|e| Error::Malformed {
        file: file.to_path_buf(),
        offset: 0,
        gzipped,
        detail: e.to_string(),
    })
}

/// Decode a profile (gzipped or plain profile.proto) into strata's model. `file` names it in errors.
pub fn decode(bytes: &[u8], file: impl AsRef<Path>, opts: &Options) -> Result<Profile, Error> {
    let file = file.as_ref();
    let (data, gzipped) = gunzip_if_needed(bytes, file, opts)?;
    Decoder { file: file.to_path_buf(), gzipped }.run(&data)
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

/// What the scan of the outer message collects (inner messages with their offsets).
#[derive(Default)]
struct Scan {
    sample_types: Vec<(usize, proto::ValueType)>,
    samples: Vec<(u32, u32)>,
    locations: Vec<(usize, proto::Location)>,
    functions: Vec<(usize, proto::Function)>,
    strings: Vec<Box<str>>,
    time_nanos: Option<i64>,
    duration_nanos: i64,
    period_type: Option<(usize, proto::ValueType)>,
    period: i64,
    default_sample_type: (usize, i64),
}

impl Decoder {
    fn err(&self, offset: usize, detail: impl Into<String>) -> Error {
        Error::Malformed {
            file: self.file.clone(),
            offset: offset as u64,
            gzipped: self.gzipped,
            detail: detail.into(),
        }
    }

    fn msg<M: Message + Default>(&self, offset: usize, what: &str, b: &[u8]) -> Result<M, Error> {
        M::decode(b).map_err(|e| self.err(offset, format!("bad {what} message: {e}")))
    }

    fn scan(&self, data: &[u8]) -> Result<Scan, Error> {
        if data.len() > u32::MAX as usize {
            return Err(self.err(0, "profiles larger than 4 GiB are not supported"));
        }
        let mut s = Scan::default();
        let mut r = Reader::new(data);
        let mut seen = false;
        while !r.at_end() {
            let at = r.pos;
            let (field, wt) = r.key().map_err(|e| self.err(at, self.hint(seen, e)))?;
            let want = match field {
                1..=6 | 11 => LEN,
                7..=10 | 12 | 14 | 15 => VARINT,
                13 => {
                    // repeated int64 comment: packed or not; informational only.
                    r.skip(wt).map_err(|e| self.err(at, self.hint(seen, e)))?;
                    continue;
                }
                _ => {
                    r.skip(wt).map_err(|e| self.err(at, self.hint(seen, format!("field {field}: {e}"))))?;
                    continue;
                }
            };
            if wt != want {
                return Err(self.err(at, self.hint(seen, format!("field {field} has wire type {wt}, expected {want}"))));
            }
            if want == VARINT {
                let v = r.varint().map_err(|e| self.err(at, e))? as i64;
                match field {
                    9 if s.time_nanos.replace(v).is_some() => {
                        return Err(self.err(at, "a second time_nanos: concatenated profiles are not supported"));
                    }
                    10 => s.duration_nanos = v,
                    12 => s.period = v,
                    14 => s.default_sample_type = (at, v),
                    _ => {} // drop_frames, keep_frames, doc_url: not used
                }
                continue;
            }
            let (start, b) = r.bytes().map_err(|e| self.err(at, self.hint(seen, format!("field {field}: {e}"))))?;
            seen = true;
            match field {
                1 => s.sample_types.push((at, self.msg(at, "sample_type", b)?)),
                2 => s.samples.push((start as u32, b.len() as u32)),
                3 => {} // mappings: not needed for function-level analysis
                4 => s.locations.push((at, self.msg(at, "location", b)?)),
                5 => s.functions.push((at, self.msg(at, "function", b)?)),
                6 => s.strings.push(String::from_utf8_lossy(b).into()),
                11 => s.period_type = Some((at, self.msg(at, "period_type", b)?)),
                _ => {}
            }
        }
        Ok(s)
    }

    /// Before any well-formed message field, a wire error most likely means "not a profile at all".
    fn hint(&self, seen: bool, e: String) -> String {
        if !seen && !self.gzipped {
            format!("not a pprof profile (neither gzip data nor a profile.proto message): {e}")
        } else {
            e
        }
    }

    fn run(&self, data: &[u8]) -> Result<Profile, Error> {
        let s = self.scan(data)?;
        match s.strings.first() {
            Some(first) if first.is_empty() => {}
            Some(_) => return Err(self.err(0, "string_table[0] must be the empty string")),
            None => return Err(self.err(data.len(), "no string table: not a pprof profile")),
        }
        let mut b = ProfileBuilder::new();
        // Every table string is interned once, in order; table index → StrId.
        let strs: Vec<StrId> = s.strings.iter().map(|t| b.intern(t)).collect();
        let st = |offset: usize, idx: i64, what: &str| -> Result<StrId, Error> {
            usize::try_from(idx).ok().and_then(|i| strs.get(i).copied()).ok_or_else(|| {
                self.err(offset, format!("{what}: string index {idx} out of range (string table has {})", strs.len()))
            })
        };
        let vt = |offset: usize, t: &proto::ValueType| -> Result<ValueType, Error> {
            Ok(ValueType { kind: st(offset, t.r#type, "value type")?, unit: st(offset, t.unit, "value unit")? })
        };
        let mut types = Vec::with_capacity(s.sample_types.len());
        for (at, t) in &s.sample_types {
            types.push(vt(*at, t)?);
        }
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
                loc_frames.push(b.frame(f, 0));
            }
            for line in &loc.line {
                let fi = func_index.get(line.function_id).ok_or_else(|| {
                    self.err(*at, format!("location {} refers to missing function id {}", loc.id, line.function_id))
                })?;
                let func = funcs.get(fi as usize).copied().ok_or_else(|| self.err(*at, "function index"))?;
                loc_frames.push(b.frame(func, line.line));
            }
            loc_ranges.push((start, loc_frames.len() as u32));
        }
        let loc_index = IdIndex::new(s.locations.iter().map(|(_, l)| l.id), s.locations.len());

        // Samples.
        let ntypes = b.sample_type_count();
        let mut path: Vec<FrameId> = Vec::new();
        let mut labels: Vec<Label> = Vec::new();
        // Frames per sample ≤ bytes per sample (one or more bytes per location id) × lines per location.
        let sample_bytes: usize = s.samples.iter().map(|(_, l)| *l as usize).sum();
        b.reserve_stacks(s.samples.len(), sample_bytes);
        b.reserve_samples(s.samples.len());
        let mut locs: Vec<u64> = Vec::new();
        let mut values: Vec<i64> = Vec::new();
        let mut raw_labels: Vec<proto::Label> = Vec::new();
        let lookup = |idx: i64| usize::try_from(idx).ok().and_then(|i| strs.get(i).copied());
        for &(start, len) in &s.samples {
            let at = start as usize;
            let bytes = data.get(at..at + len as usize).ok_or_else(|| self.err(at, "sample out of range"))?;
            parse_sample(bytes, &mut locs, &mut values, &mut raw_labels)
                .map_err(|e| self.err(at, format!("bad sample message: {e}")))?;
            if values.len() != ntypes {
                return Err(self.err(
                    at,
                    format!("sample has {} values but the profile has {} sample types", values.len(), ntypes),
                ));
            }
            path.clear();
            for id in &locs {
                let li = loc_index
                    .get(*id)
                    .ok_or_else(|| self.err(at, format!("sample refers to missing location id {id}")))?;
                let (a, z) = loc_ranges.get(li as usize).copied().unwrap_or((0, 0));
                match loc_frames.get(a as usize..z as usize).unwrap_or(&[]) {
                    // Most locations have one line: a push is much cheaper than a 1-element memmove.
                    [one] => path.push(*one),
                    many => path.extend_from_slice(many),
                }
            }
            let stack = b.stack_leaf_first(&path);
            labels.clear();
            for l in &raw_labels {
                // Fast path without the error-building closure; `st` only runs to report a bad index.
                let get = |idx: i64, what: &str| lookup(idx).map_or_else(|| st(at, idx, what), Ok);
                let key = get(l.key, "label key")?;
                let value = if l.str != 0 {
                    LabelValue::Str(get(l.str, "label value")?)
                } else {
                    LabelValue::Num { value: l.num, unit: get(l.num_unit, "label unit")? }
                };
                labels.push(Label { key, value });
            }
            b.add_sample(stack, &values, &labels);
        }
        Ok(b.finish())
    }
}

/// Decode a `Sample` message into reusable buffers (the hot loop: no allocation per sample once the
/// buffers have grown). Accepts packed and unpacked repeated fields, skips unknown fields.
fn parse_sample(
    b: &[u8],
    locs: &mut Vec<u64>,
    values: &mut Vec<i64>,
    labels: &mut Vec<proto::Label>,
) -> Result<(), String> {
    locs.clear();
    values.clear();
    labels.clear();
    let mut r = Reader::new(b);
    while !r.at_end() {
        let (field, wt) = r.key()?;
        match (field, wt) {
            (1, VARINT) => locs.push(r.varint()?),
            (2, VARINT) => values.push(r.varint()? as i64),
            (1 | 2, LEN) => {
                let (_, packed) = r.bytes()?;
                let mut p = Reader::new(packed);
                while !p.at_end() {
                    let v = p.varint()?;
                    if field == 1 {
                        locs.push(v);
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
        parse_sample(&smp.encode_to_vec(), &mut l, &mut v, &mut lb).unwrap();
        assert_eq!((l, v, lb), (smp.location_id.clone(), smp.value.clone(), smp.label.clone()));
        // unpacked encoding of the repeated fields: field 1 and 2 as single varints
        let (mut l, mut v, mut lb) = (Vec::new(), Vec::new(), Vec::new());
        parse_sample(&[0x08, 0x05, 0x08, 0x06, 0x10, 0x02], &mut l, &mut v, &mut lb).unwrap();
        assert_eq!((&l, &v), (&vec![5, 6], &vec![2]));
        assert!(parse_sample(&[0x1d, 0, 0, 0, 0], &mut l, &mut v, &mut lb).is_err());
    }

    #[test]
    fn raw_decode_round_trips() {
        let p = tiny();
        assert_eq!(decode_raw(&enc(&p), "t.pb", &Options::default()).unwrap(), p);
    }
}
