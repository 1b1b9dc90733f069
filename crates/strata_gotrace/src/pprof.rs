//! A minimal `profile.proto` encoder for the `go tool trace -pprof=KIND` equivalents.
//!
//! The profile has the same shape as Go's (`internal/trace/traceviewer.BuildProfile`): sample types
//! `contentions/count` and `delay/nanoseconds`, period type `trace/count`, one location per PC and
//! one function per (file, function name). Output is gzip-free protobuf, which `go tool pprof`
//! reads as well as the gzipped form. (Kept inside this crate until a shared pprof encoder exists.)

use std::collections::HashMap;

use crate::analysis::CountTime;
use crate::stacks::{StackIdx, StackTable};

#[derive(Default)]
struct Strings {
    index: HashMap<String, i64>,
    list: Vec<String>,
}

impl Strings {
    fn new() -> Self {
        let mut s = Strings::default();
        s.id("");
        s
    }
    fn id(&mut self, v: &str) -> i64 {
        if let Some(&i) = self.index.get(v) {
            return i;
        }
        let i = self.list.len() as i64;
        self.index.insert(v.to_string(), i);
        self.list.push(v.to_string());
        i
    }
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

fn field_varint(out: &mut Vec<u8>, field: u32, v: u64) {
    key(out, field, 0);
    varint(out, v);
}

fn field_bytes(out: &mut Vec<u8>, field: u32, b: &[u8]) {
    key(out, field, 2);
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn packed(out: &mut Vec<u8>, field: u32, vals: impl Iterator<Item = u64>) {
    let mut buf = Vec::new();
    for v in vals {
        varint(&mut buf, v);
    }
    field_bytes(out, field, &buf);
}

/// Encodes one profile kind's per-stack counts and times as an uncompressed `profile.proto`.
pub fn encode(stacks: &StackTable, samples: &HashMap<StackIdx, CountTime>) -> Vec<u8> {
    let mut strings = Strings::new();
    let mut out = Vec::new();
    let mut functions: HashMap<(String, String), u64> = HashMap::new();
    let mut function_msgs: Vec<Vec<u8>> = Vec::new();
    let mut locations: HashMap<u64, u64> = HashMap::new();
    let mut location_msgs: Vec<Vec<u8>> = Vec::new();

    let contentions = strings.id("contentions");
    let count = strings.id("count");
    let delay = strings.id("delay");
    let nanoseconds = strings.id("nanoseconds");
    let trace = strings.id("trace");
    for (t, u) in [(contentions, count), (delay, nanoseconds)] {
        let mut vt = Vec::new();
        field_varint(&mut vt, 1, t as u64);
        field_varint(&mut vt, 2, u as u64);
        field_bytes(&mut out, 1, &vt);
    }
    let mut order: Vec<(&StackIdx, &CountTime)> = samples.iter().collect();
    order.sort_by_key(|(s, _)| **s);
    for (&stack, ct) in order {
        let mut loc_ids = Vec::new();
        for f in stacks.frames(stack) {
            let id = match locations.get(&f.pc) {
                Some(&id) => id,
                None => {
                    let fkey = (f.file.clone(), f.func.clone());
                    let fid = match functions.get(&fkey) {
                        Some(&id) => id,
                        None => {
                            let id = function_msgs.len() as u64 + 1;
                            let name = strings.id(&f.func) as u64;
                            let file = strings.id(&f.file) as u64;
                            let mut m = Vec::new();
                            field_varint(&mut m, 1, id);
                            field_varint(&mut m, 2, name);
                            field_varint(&mut m, 3, name);
                            field_varint(&mut m, 4, file);
                            function_msgs.push(m);
                            functions.insert(fkey, id);
                            id
                        }
                    };
                    let id = location_msgs.len() as u64 + 1;
                    let mut line = Vec::new();
                    field_varint(&mut line, 1, fid);
                    field_varint(&mut line, 2, f.line);
                    let mut m = Vec::new();
                    field_varint(&mut m, 1, id);
                    field_varint(&mut m, 3, f.pc);
                    field_bytes(&mut m, 4, &line);
                    location_msgs.push(m);
                    locations.insert(f.pc, id);
                    id
                }
            };
            loc_ids.push(id);
        }
        let mut sample = Vec::new();
        if !loc_ids.is_empty() {
            packed(&mut sample, 1, loc_ids.into_iter());
        }
        packed(&mut sample, 2, [ct.count, ct.total_ns].into_iter());
        field_bytes(&mut out, 2, &sample);
    }
    for m in &location_msgs {
        field_bytes(&mut out, 4, m);
    }
    for m in &function_msgs {
        field_bytes(&mut out, 5, m);
    }
    for s in &strings.list {
        field_bytes(&mut out, 6, s.as_bytes());
    }
    let mut pt = Vec::new();
    field_varint(&mut pt, 1, trace as u64);
    field_varint(&mut pt, 2, count as u64);
    field_bytes(&mut out, 11, &pt);
    field_varint(&mut out, 12, 1);
    out
}
