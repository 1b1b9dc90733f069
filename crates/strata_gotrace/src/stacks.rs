//! Stacks interned across generations by their program counters (stack IDs are only meaningful
//! inside one generation), with function names resolved and each stack's layer computed once.

use crate::fxhash::FxMap as HashMap;

use strata_layers::{Bucket, LayerId, LayerMap};

use crate::error::Result;
use crate::reader::{Generation, ReadFn};

/// A resolved frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    /// Program counter.
    pub pc: u64,
    /// Function name.
    pub func: String,
    /// File name.
    pub file: String,
    /// Line.
    pub line: u64,
}

/// Index of an interned stack; 0 is the empty stack.
pub type StackIdx = u32;

/// All stacks of a trace, deduplicated by PCs (as `go tool trace -pprof` does).
#[derive(Debug, Default)]
pub struct StackTable {
    frames: HashMap<u64, FrameInfo>,
    by_pcs: HashMap<Vec<u64>, StackIdx>,
    stacks: Vec<Vec<u64>>,
    layers: Vec<Option<LayerId>>,
    /// Current generation's stack ID → interned index.
    local: HashMap<u64, StackIdx>,
}

impl StackTable {
    /// A table holding only the empty stack (index 0).
    pub fn new() -> Self {
        StackTable { stacks: vec![Vec::new()], layers: vec![None], ..Default::default() }
    }

    /// Forget the previous generation's stack IDs.
    pub(crate) fn start_generation(&mut self) {
        self.local.clear();
    }

    /// Interns stack `id` of generation `g`.
    /// A lazy reader's strings are read with `read`.
    pub(crate) fn intern(&mut self, g: &Generation, read: &ReadFn<'_>, id: u64) -> Result<StackIdx> {
        if id == 0 {
            return Ok(0);
        }
        if let Some(&i) = self.local.get(&id) {
            return Ok(i);
        }
        let frames = g.stack(id);
        let pcs: Vec<u64> = frames.iter().map(|f| f.pc).collect();
        for f in frames {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.frames.entry(f.pc) {
                slot.insert(FrameInfo {
                    pc: f.pc,
                    func: g.string_at(f.func, read)?.into_owned(),
                    file: g.string_at(f.file, read)?.into_owned(),
                    line: f.line,
                });
            }
        }
        let idx = match self.by_pcs.get(&pcs) {
            Some(&i) => i,
            None => {
                let i = StackIdx::try_from(self.stacks.len()).unwrap_or(0);
                self.by_pcs.insert(pcs.clone(), i);
                self.stacks.push(pcs);
                self.layers.push(None);
                i
            }
        };
        self.local.insert(id, idx);
        Ok(idx)
    }

    /// Frames of an interned stack, innermost first.
    pub fn frames(&self, idx: StackIdx) -> impl Iterator<Item = &FrameInfo> + '_ {
        let pcs = self.stacks.get(idx as usize).map_or(&[][..], Vec::as_slice);
        pcs.iter().filter_map(|pc| self.frames.get(pc))
    }

    /// Number of interned stacks (including the empty one).
    pub fn len(&self) -> usize {
        self.stacks.len()
    }

    /// True when only the empty stack exists.
    pub fn is_empty(&self) -> bool {
        self.stacks.len() <= 1
    }

    /// The layer a stack is charged to (architecture.md attribution rule): the layer of its
    /// innermost application frame; with none, the innermost frame outside the runtime (its
    /// bucket: stdlib or thirdparty); else `runtime`; the empty stack is `unknown`.
    pub fn layer(&mut self, idx: StackIdx, map: &LayerMap) -> LayerId {
        if let Some(Some(l)) = self.layers.get(idx as usize) {
            return *l;
        }
        let mut fallback: Option<LayerId> = None;
        let mut any = false;
        let mut found = None;
        for f in self.frames(idx) {
            any = true;
            let l = map.layer_of_symbol(&f.func);
            let owned = map.bucket(l) != Some(Bucket::Unknown)
                || strata_layers::package_of_symbol(&f.func).is_some_and(|p| map.is_app_package(&p));
            if map.is_application(l) && owned {
                found = Some(l);
                break;
            }
            if fallback.is_none() && map.bucket(l) != Some(Bucket::Runtime) && map.bucket(l) != Some(Bucket::Unknown) {
                fallback = Some(l);
            }
        }
        let l = found.or(fallback).unwrap_or(if any { Bucket::Runtime.id() } else { Bucket::Unknown.id() });
        if let Some(slot) = self.layers.get_mut(idx as usize) {
            *slot = Some(l);
        }
        l
    }
}
