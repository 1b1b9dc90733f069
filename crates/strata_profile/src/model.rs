//! The model: [`Profile`] and the [`ProfileBuilder`] decoders fill.

use std::sync::Arc;

use rustc_hash::FxHashMap;

/// An interned string. `StrId(0)` is always the empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct StrId(pub u32);

/// An interned [`Function`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// A [`Frame`] (a function at a line). Frames are interned by content, except where a source gives
/// frames an identity of their own ([`ProfileBuilder::frame_unique`]: pprof locations are addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameId(pub u32);

/// An interned stack (a sequence of frames). [`StackId::EMPTY`] is the empty stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackId(pub u32);

impl StackId {
    /// The empty stack.
    pub const EMPTY: StackId = StackId(0);
}

/// An interned set of labels. `LabelSetId(0)` is the empty set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LabelSetId(pub u32);

/// A function: its name (`pkg/path.(*T).M`), the name the linker knows it by, its source file and the
/// line it starts at (0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Function {
    /// Display name, e.g. `example.com/shop/internal/service.(*Orders).Create`.
    pub name: StrId,
    /// Linker name (often the same as `name`).
    pub system_name: StrId,
    /// Source file path.
    pub filename: StrId,
    /// First line of the function, 0 when unknown.
    pub start_line: i64,
}

/// One frame of a stack: a function at a source line. An inlined call is a frame of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frame {
    /// The function.
    pub function: FuncId,
    /// Source line, 0 when unknown.
    pub line: i64,
}

/// What one value column of the samples measures, e.g. `cpu`/`nanoseconds`, `alloc_space`/`bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValueType {
    /// The kind of value (`cpu`, `samples`, `alloc_objects`, `delay`, …).
    pub kind: StrId,
    /// Its unit (`nanoseconds`, `bytes`, `count`, …).
    pub unit: StrId,
}

/// The value of a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelValue {
    /// A string value.
    Str(StrId),
    /// A number with an optional unit (`StrId(0)` = none).
    Num {
        /// The number.
        value: i64,
        /// Its unit.
        unit: StrId,
    },
}

/// A key/value label attached to a sample (pprof labels, trace regions, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label {
    /// The key.
    pub key: StrId,
    /// The value.
    pub value: LabelValue,
}

/// A decoded profile in strata's neutral model. Built with [`ProfileBuilder`].
///
/// Stacks are interned by content: every distinct frame sequence is stored once (leaf first) in one
/// flat arena, so analyses walk each distinct stack once, sequentially in memory, however many
/// samples share it.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    strings: Vec<Box<str>>,
    functions: Vec<Function>,
    frames: Vec<Frame>,
    /// Frames of every distinct stack, leaf first, back to back.
    stack_frames: Vec<FrameId>,
    /// (start, len) in `stack_frames` per stack id.
    stacks: Vec<(u32, u32)>,
    sample_types: Vec<ValueType>,
    sample_stacks: Vec<StackId>,
    values: Vec<i64>,
    sample_labels: Vec<LabelSetId>,
    label_sets: Vec<Arc<[Label]>>,
    /// The sample type a viewer shows by default (as the source says; `None` when unset).
    pub default_sample_type: Option<StrId>,
    /// What one sampling period measures (pprof `period_type`).
    pub period_type: Option<ValueType>,
    /// Events between two samples (pprof `period`).
    pub period: i64,
    /// When the profile was collected, nanoseconds since the Unix epoch (0 = unknown).
    pub time_nanos: i64,
    /// How long the profile covers, in nanoseconds (0 = unknown).
    pub duration_nanos: i64,
}

impl Profile {
    /// The text of an interned string (empty for an id from another profile).
    pub fn str(&self, id: StrId) -> &str {
        self.strings.get(id.0 as usize).map_or("", |s| s)
    }

    /// Number of interned strings; ids are `0..n`.
    pub fn string_count(&self) -> usize {
        self.strings.len()
    }

    /// Look up an interned string by its text.
    pub fn find_str(&self, text: &str) -> Option<StrId> {
        self.strings.iter().position(|s| &**s == text).map(|i| StrId(i as u32))
    }

    /// All functions, indexed by [`FuncId`].
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// A function (a placeholder with empty names for an id from another profile).
    pub fn function(&self, id: FuncId) -> Function {
        self.functions.get(id.0 as usize).copied().unwrap_or(Function {
            name: StrId(0),
            system_name: StrId(0),
            filename: StrId(0),
            start_line: 0,
        })
    }

    /// A function's display name.
    pub fn function_name(&self, id: FuncId) -> &str {
        self.str(self.function(id).name)
    }

    /// All frames, indexed by [`FrameId`].
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// A frame (function 0 at line 0 for an id from another profile).
    pub fn frame(&self, id: FrameId) -> Frame {
        self.frames.get(id.0 as usize).copied().unwrap_or(Frame { function: FuncId(0), line: 0 })
    }

    /// Number of distinct stacks, the empty stack included. Stack ids are `0..n`.
    pub fn stack_count(&self) -> usize {
        self.stacks.len()
    }

    /// The frames of a stack, leaf first (empty for the empty stack or an unknown id).
    pub fn stack_frames(&self, stack: StackId) -> &[FrameId] {
        self.stacks
            .get(stack.0 as usize)
            .and_then(|&(start, len)| self.stack_frames.get(start as usize..start as usize + len as usize))
            .unwrap_or(&[])
    }

    /// The leaf frame of a stack, `None` for the empty stack.
    pub fn leaf_frame(&self, stack: StackId) -> Option<FrameId> {
        self.stack_frames(stack).first().copied()
    }

    /// The frames of a stack, leaf first.
    pub fn frames_leaf_first(&self, stack: StackId) -> impl Iterator<Item = FrameId> + '_ {
        self.stack_frames(stack).iter().copied()
    }

    /// The sample types (value columns).
    pub fn sample_types(&self) -> &[ValueType] {
        &self.sample_types
    }

    /// Index of the sample type called `kind` (e.g. `alloc_space`).
    pub fn sample_type_index(&self, kind: &str) -> Option<usize> {
        self.sample_types.iter().position(|t| self.str(t.kind) == kind)
    }

    /// The sample type a viewer shows when none is asked for, chosen as `go tool pprof` does: the
    /// profile's `default_sample_type` when it names one of the types, else the last type.
    pub fn default_sample_index(&self) -> usize {
        if let Some(d) = self.default_sample_type {
            let want = self.str(d);
            if let Some(i) = self.sample_type_index(want).filter(|_| !want.is_empty()) {
                return i;
            }
        }
        self.sample_types.len().saturating_sub(1)
    }

    /// Number of samples.
    pub fn sample_count(&self) -> usize {
        self.sample_stacks.len()
    }

    /// The stack of sample `i` (empty for an index out of range).
    pub fn sample_stack(&self, i: usize) -> StackId {
        self.sample_stacks.get(i).copied().unwrap_or(StackId::EMPTY)
    }

    /// The stacks of all samples, in order.
    pub fn sample_stacks(&self) -> &[StackId] {
        &self.sample_stacks
    }

    /// The values of sample `i`, one per sample type (empty for an index out of range).
    pub fn sample_values(&self, i: usize) -> &[i64] {
        let n = self.sample_types.len();
        self.values.get(i * n..(i + 1) * n).unwrap_or(&[])
    }

    /// Value `type_index` of every sample, in sample order.
    pub fn values_of(&self, type_index: usize) -> impl Iterator<Item = i64> + '_ {
        let n = self.sample_types.len().max(1);
        self.values.iter().skip(type_index).step_by(n).copied()
    }

    /// The labels of sample `i`.
    pub fn sample_labels(&self, i: usize) -> &[Label] {
        let set = self.sample_labels.get(i).copied().unwrap_or_default();
        self.label_set(set)
    }

    /// The labels of an interned label set.
    pub fn label_set(&self, id: LabelSetId) -> &[Label] {
        self.label_sets.get(id.0 as usize).map_or(&[], |s| s)
    }
}

/// Interns sequences (stacks) of small ids into one flat arena: every distinct sequence is stored
/// once, back to back, and named by a dense `u32` (0 is the empty sequence). [`ProfileBuilder`] uses
/// it for stacks of [`FrameId`]s; a decoder can use it for stacks of its own ids (pprof location
/// indices) and [`map`](Self::map) them to frames later, without hashing the stacks again.
#[derive(Debug, Clone)]
pub struct StackTable<T> {
    items: Vec<T>,
    /// (start, len) in `items` per sequence id.
    ranges: Vec<(u32, u32)>,
    /// 32-bit content hash → newest id with that hash; `same_hash_next` chains older ids with it.
    index: FxHashMap<u32, u32>,
    same_hash_next: Vec<u32>,
    /// The index does not describe `items` (after [`map`](Self::map)); rebuilt on the next intern.
    stale: bool,
}

impl<T: Copy + Eq + std::hash::Hash> Default for StackTable<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy + Eq + std::hash::Hash> StackTable<T> {
    /// A table holding only the empty sequence (id 0).
    pub fn new() -> Self {
        StackTable {
            items: Vec::new(),
            ranges: vec![(0, 0)],
            index: FxHashMap::default(),
            same_hash_next: vec![u32::MAX],
            stale: false,
        }
    }

    /// Reserve room for about `n` more distinct sequences with `items` items in all.
    pub fn reserve(&mut self, n: usize, items: usize) {
        self.items.reserve(items);
        self.index.reserve(n);
        self.ranges.reserve(n);
        self.same_hash_next.reserve(n);
    }

    /// Number of distinct sequences, the empty one included; ids are `0..len`.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether only the empty sequence is stored.
    pub fn is_empty(&self) -> bool {
        self.ranges.len() <= 1
    }

    /// The items of sequence `id` (empty for an unknown id).
    pub fn get(&self, id: u32) -> &[T] {
        self.ranges
            .get(id as usize)
            .and_then(|&(start, len)| self.items.get(start as usize..start as usize + len as usize))
            .unwrap_or(&[])
    }

    fn hash(seq: &[T]) -> u32 {
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hash::hash(seq, &mut h);
        let h = std::hash::Hasher::finish(&h);
        (h ^ (h >> 32)) as u32
    }

    /// Intern a sequence: its id, the same for equal contents. Ids are dense, in order of first
    /// appearance. (Tables beyond `u32::MAX` items are not supported: the range saturates.)
    pub fn intern(&mut self, seq: &[T]) -> u32 {
        if seq.is_empty() {
            return 0;
        }
        if self.stale {
            self.rebuild_index();
        }
        let hash = Self::hash(seq);
        let id = self.ranges.len() as u32;
        match self.index.entry(hash) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let mut cur = *e.get();
                while cur != u32::MAX {
                    let (start, len) = self.ranges.get(cur as usize).copied().unwrap_or((0, 0));
                    if self.items.get(start as usize..start as usize + len as usize) == Some(seq) {
                        return cur;
                    }
                    cur = self.same_hash_next.get(cur as usize).copied().unwrap_or(u32::MAX);
                }
                self.same_hash_next.push(e.insert(id));
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(id);
                self.same_hash_next.push(u32::MAX);
            }
        }
        let start = self.items.len() as u32;
        self.items.extend_from_slice(seq);
        self.ranges.push((start, seq.len() as u32));
        id
    }

    fn rebuild_index(&mut self) {
        self.stale = false;
        self.index.clear();
        self.same_hash_next.clear();
        self.same_hash_next.push(u32::MAX);
        for id in 1..self.ranges.len() as u32 {
            let (start, len) = self.ranges.get(id as usize).copied().unwrap_or((0, 0));
            let seq = self.items.get(start as usize..start as usize + len as usize).unwrap_or(&[]);
            let next = self.index.insert(Self::hash(seq), id).unwrap_or(u32::MAX);
            self.same_hash_next.push(next);
        }
    }

    /// Replace every item by `f(item)`, in place, keeping the ids. The caller promises that `f` is
    /// injective on the items present, so that distinct sequences stay distinct (otherwise intern
    /// the mapped sequences into a new table instead). The hash index is rebuilt only if the
    /// table is interned into again.
    pub fn map<U: Copy + Eq + std::hash::Hash>(self, f: impl FnMut(T) -> U) -> StackTable<U> {
        StackTable {
            // Same size and alignment: collected in place, no second arena.
            items: self.items.into_iter().map(f).collect(),
            ranges: self.ranges,
            index: FxHashMap::default(),
            same_hash_next: Vec::new(),
            stale: true,
        }
    }

    /// Replace every item by the items `piece(item)`, in place (backwards, so the arena is
    /// rewritten without a second copy), keeping the ids. The caller promises that distinct
    /// sequences stay distinct (e.g. every piece starts with an item of its own). `None` when a
    /// piece is empty or the result would hold more than `max_items` items (nothing is allocated
    /// then).
    pub fn expand<'p>(mut self, piece: impl Fn(T) -> &'p [T], max_items: usize) -> Option<Self>
    where
        T: Default + 'p,
    {
        let mut total: usize = 0;
        let mut ranges = Vec::with_capacity(self.ranges.len());
        for &(start, len) in &self.ranges {
            let from = total;
            for &x in self.items.get(start as usize..start as usize + len as usize).unwrap_or(&[]) {
                // An empty piece would let the backward rewrite overtake unread items.
                let n = piece(x).len();
                if n == 0 {
                    return None;
                }
                total = total.checked_add(n)?;
            }
            if total > max_items || total > u32::MAX as usize {
                return None;
            }
            ranges.push((from as u32, (total - from) as u32));
        }
        let old = self.items.len();
        self.items.resize(total.max(old), T::default());
        let mut w = total;
        for r in (0..old).rev() {
            let Some(&x) = self.items.get(r) else { continue };
            // w ≥ r: every later item expanded to at least as many slots as it had.
            match piece(x) {
                [one] => {
                    w -= 1;
                    if let Some(dst) = self.items.get_mut(w) {
                        *dst = *one;
                    }
                }
                p => {
                    w -= p.len();
                    if let Some(dst) = self.items.get_mut(w..w + p.len()) {
                        dst.copy_from_slice(p);
                    }
                }
            }
        }
        self.items.truncate(total);
        self.ranges = ranges;
        self.index = FxHashMap::default();
        self.same_hash_next = Vec::new();
        self.stale = true;
        Some(self)
    }
}

/// Collects one stack per sample with sequential appends only (no hash table probe per sample, the
/// cost of interning many distinct stacks one by one), then interns them all at once
/// ([`finish`](Self::finish)): the stacks' hashes are radix-sorted, equal hashes compared, duplicates
/// dropped from the arena in place.
#[derive(Debug, Clone, Default)]
pub struct StackCollector<T> {
    items: Vec<T>,
    /// (start, len) per pushed stack.
    ranges: Vec<(u32, u32)>,
    /// (hash, pushed index) of every non-empty stack.
    hashes: Vec<(u32, u32)>,
    /// Start of the stack being added item by item.
    open: usize,
}

impl<T: Copy + Eq + std::hash::Hash> StackCollector<T> {
    /// Reserve room for about `n` more stacks with `items` items in all.
    pub fn reserve(&mut self, n: usize, items: usize) {
        self.items.reserve(items);
        self.ranges.reserve(n);
        self.hashes.reserve(n);
    }

    /// Number of stacks pushed.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether no stack was pushed.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Append a stack; its index is the number of stacks pushed before. `None` (nothing added) when
    /// the arena would pass `u32::MAX` items.
    pub fn push(&mut self, seq: &[T]) -> Option<u32> {
        self.items.truncate(self.open);
        self.items.extend_from_slice(seq);
        self.commit()
    }

    /// Add one item to the stack being built (see [`commit`](Self::commit)).
    #[inline]
    pub fn push_item(&mut self, item: T) {
        self.items.push(item);
    }

    /// End the stack built with [`push_item`](Self::push_item) since the last commit or push; its
    /// index. `None` (the stack dropped) when the arena would pass `u32::MAX` items.
    pub fn commit(&mut self) -> Option<u32> {
        let start = self.open;
        let (Ok(idx), Ok(start32), Ok(_)) =
            (u32::try_from(self.ranges.len()), u32::try_from(start), u32::try_from(self.items.len()))
        else {
            self.items.truncate(start);
            return None;
        };
        let seq = self.items.get(start..).unwrap_or(&[]);
        if !seq.is_empty() {
            self.hashes.push((StackTable::<T>::hash(seq), idx));
        }
        self.ranges.push((start32, seq.len() as u32));
        self.open = self.items.len();
        Some(idx)
    }

    /// Intern every stack pushed: the table (ids in order of first appearance, 0 the empty stack)
    /// and, for each pushed index, its id.
    pub fn finish(self) -> (StackTable<T>, Vec<u32>)
    where
        T: Ord,
    {
        let StackCollector { mut items, ranges, hashes, open } = self;
        items.truncate(open);
        let bounds = |i: u32| -> (usize, usize) {
            let (start, len) = ranges.get(i as usize).copied().unwrap_or((0, 0));
            (start as usize, start as usize + len as usize)
        };
        // ids[i]: first pushed index with the same contents as stack i.
        let mut ids: Vec<u32> = (0..ranges.len() as u32).collect();
        let mut dups = false;
        let sorted = radix_sort_by_hash(hashes);
        let mut run: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < sorted.len() {
            let h = sorted.get(i).map_or(0, |e| e.0);
            let j = i + sorted.get(i..).map_or(0, |rest| rest.iter().take_while(|e| e.0 == h).count());
            if j - i > 1 {
                // Equal hashes: order the run by contents (then index), so equal stacks are adjacent
                // and the first of them has the smallest index. (Sorting, not pairwise comparison:
                // crafted collisions cannot make this quadratic.)
                run.clear();
                run.extend(sorted.get(i..j).unwrap_or(&[]).iter().map(|e| e.1));
                let content = |k: u32| {
                    let (a, z) = bounds(k);
                    items.get(a..z).unwrap_or(&[])
                };
                run.sort_unstable_by(|x, y| content(*x).cmp(content(*y)).then(x.cmp(y)));
                let mut first = run.first().copied().unwrap_or(0);
                for w in run.windows(2) {
                    if let [x, y] = *w {
                        if content(x) == content(y) {
                            if let Some(slot) = ids.get_mut(y as usize) {
                                *slot = first;
                            }
                            dups = true;
                        } else {
                            first = y;
                        }
                    }
                }
            }
            i = j.max(i + 1);
        }
        // Dense ids in push order; the arena keeps the first copy of each stack, moved down.
        let mut out = Vec::with_capacity(ranges.len() + 1);
        out.push((0u32, 0u32));
        let mut w = 0usize;
        for k in 0..ids.len() {
            let (start, len) = ranges.get(k).copied().unwrap_or((0, 0));
            let first = ids.get(k).copied().unwrap_or(0) as usize;
            let id = if len == 0 {
                0
            } else if first == k {
                let (a, z) = (start as usize, start as usize + len as usize);
                if dups && a != w {
                    items.copy_within(a..z, w);
                }
                out.push((w as u32, len));
                w += len as usize;
                (out.len() - 1) as u32
            } else {
                // first < k: already renumbered
                ids.get(first).copied().unwrap_or(0)
            };
            if let Some(slot) = ids.get_mut(k) {
                *slot = id;
            }
        }
        items.truncate(w);
        let table =
            StackTable { items, ranges: out, index: FxHashMap::default(), same_hash_next: Vec::new(), stale: true };
        (table, ids)
    }
}

/// Sort (hash, index) pairs by hash: a three-pass LSD radix sort (11 bits a pass, counts that fit
/// in L1) for many pairs.
fn radix_sort_by_hash(mut v: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    if v.len() < 1 << 14 {
        v.sort_unstable();
        return v;
    }
    let mut tmp = vec![(0u32, 0u32); v.len()];
    for shift in [0u32, 11, 22] {
        let mut count = [0usize; 1 << 11];
        for e in &v {
            if let Some(c) = count.get_mut(((e.0 >> shift) & 0x7ff) as usize) {
                *c += 1;
            }
        }
        let mut sum = 0;
        for c in &mut count {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for e in &v {
            if let Some(c) = count.get_mut(((e.0 >> shift) & 0x7ff) as usize) {
                if let Some(slot) = tmp.get_mut(*c) {
                    *slot = *e;
                }
                *c += 1;
            }
        }
        std::mem::swap(&mut v, &mut tmp);
    }
    v
}

/// Builds a [`Profile`]: interns strings, functions, frames, stacks and label sets as they come.
#[derive(Debug)]
pub struct ProfileBuilder {
    p: Profile,
    string_index: FxHashMap<Box<str>, u32>,
    function_index: FxHashMap<Function, u32>,
    frame_index: FxHashMap<Frame, u32>,
    stacks: StackTable<FrameId>,
    label_index: FxHashMap<Arc<[Label]>, u32>,
}

impl Default for ProfileBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileBuilder {
    /// An empty profile: the empty string, the empty stack and the empty label set exist.
    pub fn new() -> Self {
        let mut b = ProfileBuilder {
            p: Profile::default(),
            string_index: FxHashMap::default(),
            function_index: FxHashMap::default(),
            frame_index: FxHashMap::default(),
            stacks: StackTable::new(),
            label_index: FxHashMap::default(),
        };
        b.intern("");
        let empty: Arc<[Label]> = Arc::new([]);
        b.p.label_sets.push(empty.clone());
        b.label_index.insert(empty, 0);
        b
    }

    /// Intern a string.
    pub fn intern(&mut self, s: &str) -> StrId {
        if let Some(&i) = self.string_index.get(s) {
            return StrId(i);
        }
        let i = self.p.strings.len() as u32;
        self.p.strings.push(s.into());
        self.string_index.insert(s.into(), i);
        StrId(i)
    }

    /// The text of a string interned so far.
    pub fn str(&self, id: StrId) -> &str {
        self.p.str(id)
    }

    /// Set the sample types (value columns). Call before adding samples.
    pub fn set_sample_types(&mut self, types: Vec<ValueType>) {
        self.p.sample_types = types;
    }

    /// Number of value columns.
    pub fn sample_type_count(&self) -> usize {
        self.p.sample_types.len()
    }

    /// Access the profile-level fields (period, duration, default sample type, …).
    pub fn meta(&mut self) -> &mut Profile {
        &mut self.p
    }

    /// Intern a function by its strings.
    pub fn function(&mut self, name: &str, system_name: &str, filename: &str, start_line: i64) -> FuncId {
        let f = Function {
            name: self.intern(name),
            system_name: self.intern(system_name),
            filename: self.intern(filename),
            start_line,
        };
        self.function_ids(f)
    }

    /// Intern a function whose strings are already interned.
    pub fn function_ids(&mut self, f: Function) -> FuncId {
        if let Some(&i) = self.function_index.get(&f) {
            return FuncId(i);
        }
        let i = self.p.functions.len() as u32;
        self.p.functions.push(f);
        self.function_index.insert(f, i);
        FuncId(i)
    }

    /// Intern a frame.
    pub fn frame(&mut self, function: FuncId, line: i64) -> FrameId {
        let f = Frame { function, line };
        if let Some(&i) = self.frame_index.get(&f) {
            return FrameId(i);
        }
        let i = self.p.frames.len() as u32;
        self.p.frames.push(f);
        self.frame_index.insert(f, i);
        FrameId(i)
    }

    /// A frame of its own for `function` at `line`, even when another frame has the same function
    /// and line: for sources whose frames have an identity beyond their content (a pprof location is
    /// an address; two addresses on one line are two frames, as in pprof's own model).
    pub fn frame_unique(&mut self, function: FuncId, line: i64) -> FrameId {
        let f = Frame { function, line };
        let i = self.p.frames.len() as u32;
        self.p.frames.push(f);
        self.frame_index.entry(f).or_insert(i);
        FrameId(i)
    }

    /// Reserve room for `n` more samples.
    pub fn reserve_samples(&mut self, n: usize) {
        self.p.values.reserve(n.saturating_mul(self.p.sample_types.len()));
        self.p.sample_stacks.reserve(n);
        self.p.sample_labels.reserve(n);
    }

    /// Reserve room for about `n` more distinct stacks with `frames` frames in all.
    pub fn reserve_stacks(&mut self, n: usize, frames: usize) {
        self.stacks.reserve(n, frames);
    }

    /// Intern a stack given leaf first.
    pub fn stack_leaf_first(&mut self, frames: &[FrameId]) -> StackId {
        StackId(self.stacks.intern(frames))
    }

    /// The frames of a stack interned so far, leaf first.
    pub fn stack_frames(&self, stack: StackId) -> &[FrameId] {
        self.stacks.get(stack.0)
    }

    /// Replace the stacks with `stacks` (interned elsewhere, e.g. by a decoder that interned its own
    /// ids first and [mapped](StackTable::map) them to frames). Stack ids are the table's ids.
    pub fn set_stacks(&mut self, stacks: StackTable<FrameId>) {
        self.stacks = stacks;
    }

    /// Intern a stack given root first.
    pub fn stack_from_root(&mut self, frames: impl IntoIterator<Item = FrameId>) -> StackId {
        let mut v: Vec<FrameId> = frames.into_iter().collect();
        v.reverse();
        self.stack_leaf_first(&v)
    }

    /// Intern a label set (order does not matter: labels are a set).
    pub fn label_set(&mut self, labels: &[Label]) -> LabelSetId {
        if labels.is_empty() {
            return LabelSetId(0);
        }
        if let Some(&i) = self.label_index.get(labels) {
            // Already interned in this order (always the case for a single label).
            return LabelSetId(i);
        }
        let mut sorted: Vec<Label> = labels.to_vec();
        if sorted.len() > 1 {
            sorted.sort_by_key(|l| match l.value {
                LabelValue::Str(s) => (l.key, 0, i64::from(s.0), 0),
                LabelValue::Num { value, unit } => (l.key, 1, value, unit.0),
            });
        }
        if let Some(&i) = self.label_index.get(sorted.as_slice()) {
            return LabelSetId(i);
        }
        let key: Arc<[Label]> = sorted.into();
        let i = self.p.label_sets.len() as u32;
        self.p.label_sets.push(key.clone());
        self.label_index.insert(key, i);
        LabelSetId(i)
    }

    /// Add a sample. `values` must have one entry per sample type: missing entries are zero, extra
    /// entries are ignored (decoders reject such input before it gets here).
    pub fn add_sample(&mut self, stack: StackId, values: &[i64], labels: &[Label]) {
        let set = self.label_set(labels);
        self.add_sample_with_set(stack, values, set);
    }

    /// Add a sample with an already interned label set.
    pub fn add_sample_with_set(&mut self, stack: StackId, values: &[i64], labels: LabelSetId) {
        let n = self.p.sample_types.len();
        for i in 0..n {
            self.p.values.push(values.get(i).copied().unwrap_or(0));
        }
        self.p.sample_stacks.push(stack);
        self.p.sample_labels.push(labels);
    }

    /// Append samples in bulk: `stacks[i]` with labels `labels[i]` (the empty set when missing) and
    /// values `values[i * n..(i + 1) * n]` for `n` sample types (missing values are zero, extra values
    /// are dropped). Moves the vectors in when no sample was added before.
    pub fn add_samples(&mut self, stacks: Vec<StackId>, mut values: Vec<i64>, mut labels: Vec<LabelSetId>) {
        values.resize(stacks.len().saturating_mul(self.p.sample_types.len()), 0);
        labels.resize(stacks.len(), LabelSetId(0));
        if self.p.sample_stacks.is_empty() {
            self.p.sample_stacks = stacks;
            self.p.values = values;
            self.p.sample_labels = labels;
        } else {
            self.p.sample_stacks.extend_from_slice(&stacks);
            self.p.values.extend_from_slice(&values);
            self.p.sample_labels.extend_from_slice(&labels);
        }
    }

    /// The finished profile.
    pub fn finish(self) -> Profile {
        let mut p = self.p;
        p.stack_frames = self.stacks.items;
        p.stacks = self.stacks.ranges;
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_and_prefix_tree() {
        let mut b = ProfileBuilder::new();
        let t = ValueType { kind: b.intern("samples"), unit: b.intern("count") };
        b.set_sample_types(vec![t]);
        let a = b.function("main.a", "main.a", "a.go", 1);
        let a2 = b.function("main.a", "main.a", "a.go", 1);
        assert_eq!(a, a2);
        let c = b.function("main.c", "main.c", "a.go", 9);
        let fa = b.frame(a, 3);
        let fc = b.frame(c, 10);
        let s1 = b.stack_from_root([fa, fc]);
        let s2 = b.stack_from_root([fa, fc]);
        let s3 = b.stack_from_root([fa]);
        assert_eq!(s1, s2);
        assert_ne!(s1, s3);
        assert_eq!(b.stack_frames(s1), [fc, fa]);
        assert_eq!(b.stack_leaf_first(&[fc, fa]), s1);
        assert_eq!(b.stack_leaf_first(&[]), StackId::EMPTY);
        let k = b.intern("k");
        let v1 = b.intern("v1");
        let v2 = b.intern("v2");
        let l1 = Label { key: k, value: LabelValue::Str(v1) };
        let l2 = Label { key: k, value: LabelValue::Str(v2) };
        assert_eq!(b.label_set(&[l1, l2]), b.label_set(&[l2, l1]));
        b.add_sample(s1, &[5], &[l1]);
        b.add_sample(s3, &[7], &[]);
        let p = b.finish();
        assert_eq!(p.sample_count(), 2);
        let names: Vec<_> =
            p.frames_leaf_first(p.sample_stack(0)).map(|f| p.function_name(p.frame(f).function)).collect();
        assert_eq!(names, ["main.c", "main.a"]);
        assert_eq!(p.values_of(0).collect::<Vec<_>>(), [5, 7]);
        assert_eq!(p.sample_labels(0).len(), 1);
        assert!(p.sample_labels(1).is_empty());
        assert_eq!(p.default_sample_index(), 0);
        assert_eq!(p.frames_leaf_first(StackId::EMPTY).count(), 0);
        assert_eq!(p.str(StrId(9999)), "");
    }

    #[test]
    fn stack_collector_interns_at_the_end() {
        for n in [10u32, 70_000] {
            let mut c: StackCollector<u32> = StackCollector::default();
            let mut t: StackTable<u32> = StackTable::new();
            let mut want = Vec::new();
            for i in 0..n {
                // duplicates, empty stacks, different lengths
                let seq: Vec<u32> = (0..(i % 7)).map(|k| (i / 3 + k) % 1000).collect();
                if i % 2 == 0 {
                    assert_eq!(c.push(&seq), Some(i));
                } else {
                    seq.iter().for_each(|x| c.push_item(*x));
                    assert_eq!(c.commit(), Some(i));
                }
                want.push(t.intern(&seq));
            }
            let (got, ids) = c.finish();
            assert_eq!(ids, want, "n={n}");
            assert_eq!(got.len(), t.len());
            for id in 0..t.len() as u32 {
                assert_eq!(got.get(id), t.get(id));
            }
        }
    }

    #[test]
    fn stack_table_maps_in_place_and_reindexes() {
        let mut t: StackTable<u32> = StackTable::new();
        let a = t.intern(&[1, 2, 3]);
        let b = t.intern(&[3, 2]);
        assert_eq!(t.intern(&[1, 2, 3]), a);
        assert_eq!(t.intern(&[]), 0);
        assert_eq!((a, b, t.len()), (1, 2, 3));
        let mut f = t.map(|x| FrameId(x * 10));
        assert_eq!(f.get(a), [FrameId(10), FrameId(20), FrameId(30)]);
        assert_eq!(f.get(99), []);
        // expand in place: 1 → [1, 2], 2 → [9], 3 → [3, 4, 5]
        let mut e: StackTable<u32> = StackTable::new();
        assert_eq!((e.intern(&[1, 2, 3]), e.intern(&[3, 3]), e.intern(&[2])), (1, 2, 3));
        let pieces: [&[u32]; 4] = [&[], &[1, 2], &[9], &[3, 4, 5]];
        let piece = |x: u32| pieces.get(x as usize).copied().unwrap_or(&[]);
        assert!(e.clone().expand(piece, 12).is_none());
        assert!(e.clone().expand(|x| if x == 2 { &[] } else { piece(x) }, 100).is_none());
        let mut e = e.expand(piece, 13).unwrap();
        assert_eq!(e.get(1), [1, 2, 9, 3, 4, 5]);
        assert_eq!((e.get(2), e.get(3)), (&[3, 4, 5, 3, 4, 5][..], &[9][..]));
        assert_eq!(e.intern(&[9]), 3);
        // interning after a map rebuilds the index from the mapped items
        assert_eq!(f.intern(&[FrameId(30), FrameId(20)]), b);
        assert_eq!(f.intern(&[FrameId(1)]), 3);
        let mut bld = ProfileBuilder::new();
        bld.set_stacks(f);
        assert_eq!(bld.stack_leaf_first(&[FrameId(10), FrameId(20), FrameId(30)]), StackId(a));
        let t = ValueType { kind: StrId(0), unit: StrId(0) };
        bld.set_sample_types(vec![t]);
        // missing values are zero, extra ones dropped, missing label sets empty
        bld.add_samples(vec![StackId(a), StackId(b)], vec![5], vec![]);
        bld.add_samples(vec![StackId(3)], vec![7, 8], vec![]);
        let p = bld.finish();
        assert_eq!(p.stack_count(), 4);
        assert_eq!(p.sample_count(), 3);
        assert_eq!(p.stack_frames(StackId(b)), [FrameId(30), FrameId(20)]);
        assert_eq!(p.values_of(0).collect::<Vec<_>>(), [5, 0, 7]);
        assert_eq!(p.sample_labels(2), []);
    }
}
