//! Test helpers: a small profile.proto reader (gzip or plain) to compare strata's pprof output with
//! `go tool trace -pprof` goldens, and fixture paths.
#![allow(dead_code)]

pub mod encoder;

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

pub fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gotrace")
}

fn varint(b: &[u8], i: &mut usize) -> u64 {
    let mut x = 0u64;
    let mut s = 0;
    loop {
        let c = b[*i];
        *i += 1;
        x |= u64::from(c & 0x7f) << s;
        if c < 0x80 {
            return x;
        }
        s += 7;
    }
}

/// (field, wire type, varint value or byte slice)
fn fields(b: &[u8]) -> Vec<(u64, u64, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let k = varint(b, &mut i);
        let (f, w) = (k >> 3, k & 7);
        match w {
            0 => {
                let v = varint(b, &mut i);
                out.push((f, v, &b[0..0]));
            }
            2 => {
                let n = varint(b, &mut i) as usize;
                out.push((f, u64::MAX, &b[i..i + n]));
                i += n;
            }
            _ => panic!("unsupported wire type {w}"),
        }
    }
    out
}

fn packed_or_single(v: u64, bytes: &[u8]) -> Vec<u64> {
    if v != u64::MAX {
        return vec![v];
    }
    let mut i = 0;
    let mut out = Vec::new();
    while i < bytes.len() {
        out.push(varint(bytes, &mut i));
    }
    out
}

/// A decoded profile: per stack of PCs (innermost first) → (count, nanoseconds), plus PC → function.
#[derive(Debug, Default)]
pub struct Profile {
    pub samples: HashMap<Vec<u64>, (i64, i64)>,
    pub funcs: HashMap<u64, String>,
}

pub fn decode(raw: &[u8]) -> Profile {
    let mut bytes = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(raw).read_to_end(&mut bytes).unwrap();
    } else {
        bytes = raw.to_vec();
    }
    let top = fields(&bytes);
    let strings: Vec<String> =
        top.iter().filter(|f| f.0 == 6).map(|f| String::from_utf8_lossy(f.2).into_owned()).collect();
    let mut func_name = HashMap::new();
    for f in top.iter().filter(|f| f.0 == 5) {
        let (mut id, mut name) = (0, 0);
        for g in fields(f.2) {
            match g.0 {
                1 => id = g.1,
                2 => name = g.1,
                _ => {}
            }
        }
        func_name.insert(id, strings[name as usize].clone());
    }
    let mut loc = HashMap::new();
    let mut p = Profile::default();
    for f in top.iter().filter(|f| f.0 == 4) {
        let (mut id, mut addr, mut func) = (0, 0, 0);
        for g in fields(f.2) {
            match g.0 {
                1 => id = g.1,
                3 => addr = g.1,
                4 => {
                    for h in fields(g.2) {
                        if h.0 == 1 {
                            func = h.1;
                        }
                    }
                }
                _ => {}
            }
        }
        loc.insert(id, addr);
        p.funcs.insert(addr, func_name.get(&func).cloned().unwrap_or_default());
    }
    for f in top.iter().filter(|f| f.0 == 2) {
        let mut locs = Vec::new();
        let mut vals = Vec::new();
        for g in fields(f.2) {
            match g.0 {
                1 => locs.extend(packed_or_single(g.1, g.2)),
                2 => vals.extend(packed_or_single(g.1, g.2)),
                _ => {}
            }
        }
        let pcs: Vec<u64> = locs.iter().map(|l| loc[l]).collect();
        let e = p.samples.entry(pcs).or_insert((0, 0));
        e.0 += vals[0] as i64;
        e.1 += vals[1] as i64;
    }
    p
}
