//! TEST-ONLY trace encoder, written from the event tables of Go's `internal/trace/tracev2/events.go`
//! (Go 1.26) and `internal/trace/event/go122/event.go` (Go 1.22/1.23): header, batches
//! (`EventBatch gen m time size`, size padded to 10 bytes as the runtime does), string/stack tables,
//! frequency or sync batches, timed events `type dt args…`, and `EndOfGeneration`. It exists to
//! cover the Go 1.25 format (which no installed toolchain writes) and hand-made ordering cases.

pub const NONE: u64 = u64::MAX;

/// A stack frame: pc, function string ID, file string ID, line.
pub type Frame = (u64, u64, u64, u64);

pub fn uv(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn padded(out: &mut Vec<u8>, mut v: u64) {
    for _ in 0..9 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub struct Trace {
    pub bytes: Vec<u8>,
}

impl Trace {
    pub fn new(minor: u32) -> Self {
        Trace { bytes: format!("go 1.{minor} trace\0\0\0").into_bytes() }
    }

    pub fn batch(&mut self, generation: u64, m: u64, time: u64, data: &[u8]) -> &mut Self {
        self.bytes.push(1);
        uv(&mut self.bytes, generation);
        uv(&mut self.bytes, m);
        uv(&mut self.bytes, time);
        padded(&mut self.bytes, data.len() as u64);
        self.bytes.extend_from_slice(data);
        self
    }

    pub fn end_of_generation(&mut self) -> &mut Self {
        self.bytes.push(52);
        self
    }

    /// Strings batch: `04 (05 id len bytes)*`.
    pub fn strings(&mut self, generation: u64, strings: &[(u64, &str)]) -> &mut Self {
        let mut d = vec![4];
        for (id, s) in strings {
            d.push(5);
            uv(&mut d, *id);
            uv(&mut d, s.len() as u64);
            d.extend_from_slice(s.as_bytes());
        }
        self.batch(generation, NONE, 0, &d)
    }

    /// Stacks batch: `02 (03 id n (pc func file line)*)*`.
    pub fn stacks(&mut self, generation: u64, stacks: &[(u64, &[Frame])]) -> &mut Self {
        let mut d = vec![2];
        for (id, frames) in stacks {
            d.push(3);
            uv(&mut d, *id);
            uv(&mut d, frames.len() as u64);
            for (pc, func, file, line) in frames.iter() {
                for v in [pc, func, file, line] {
                    uv(&mut d, *v);
                }
            }
        }
        self.batch(generation, NONE, 0, &d)
    }

    /// Go 1.25+ sync batch: `32 (08 freq) (33 dt mono sec nsec)`.
    pub fn sync(&mut self, generation: u64, time: u64, freq: u64) -> &mut Self {
        let mut d = vec![50, 8];
        uv(&mut d, freq);
        d.push(51);
        for v in [1, 1_000, 1_700_000_000, 5] {
            uv(&mut d, v);
        }
        self.batch(generation, NONE, time, &d)
    }

    /// Go 1.22/1.23 frequency batch: `08 freq`.
    pub fn frequency(&mut self, generation: u64, freq: u64) -> &mut Self {
        let mut d = vec![8];
        uv(&mut d, freq);
        self.batch(generation, NONE, 0, &d)
    }
}

/// Timed events of one batch.
pub struct Events {
    pub data: Vec<u8>,
    pub base: u64,
    last: u64,
}

impl Events {
    pub fn new(base: u64) -> Self {
        Events { data: Vec::new(), base, last: base }
    }

    pub fn ev(&mut self, ty: u8, time: u64, args: &[u64]) -> &mut Self {
        self.data.push(ty);
        uv(&mut self.data, time - self.last);
        self.last = time;
        for a in args {
            uv(&mut self.data, *a);
        }
        self
    }
}
