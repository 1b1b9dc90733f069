//! Event counts per wire type, comparable with `go tool trace -d=2` (Go 1.26+: `-d=wire`), which
//! prints every event of the byte stream: batch headers, string/stack/CPU-sample tables, sync
//! events and the timed events of every batch.

use std::collections::BTreeMap;
use std::io::Read;

use crate::error::Result;
use crate::event::BatchEvents;
use crate::reader::{Reader, Truncation};
use crate::spec;

/// Counts of one trace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WireCounts {
    /// Event name → count.
    pub by_name: BTreeMap<&'static str, u64>,
    /// Generations decoded.
    pub generations: u64,
    /// Set when the trace was truncated.
    pub truncation: Option<Truncation>,
}

/// Decodes the whole trace and counts every event by type.
pub fn count<R: Read>(r: R) -> Result<WireCounts> {
    let mut reader = Reader::new(r)?;
    let v = reader.version();
    let mut counts = [0u64; 256];
    let mut out = WireCounts::default();
    while let Some(g) = reader.next_generation()? {
        out.generations += 1;
        for (ty, n) in g.structural_counts() {
            if let Some(c) = counts.get_mut(usize::from(ty)) {
                *c += n;
            }
        }
        for b in &g.batches {
            for e in BatchEvents::new(b, v) {
                let e = e?;
                if let Some(c) = counts.get_mut(usize::from(e.ty)) {
                    *c += 1;
                }
            }
        }
    }
    for (ty, &n) in counts.iter().enumerate() {
        if n > 0
            && let Some(name) = u8::try_from(ty).ok().and_then(spec::name)
        {
            out.by_name.insert(name, n);
        }
    }
    out.truncation = reader.truncation().cloned();
    Ok(out)
}
