//! The model: [`Profile`] and the [`ProfileBuilder`] decoders fill.

use std::sync::Arc;

use rustc_hash::FxHashMap;

/// An interned string. `StrId(0)` is always the empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct StrId(pub u32);

/// An interned [`Function`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// An interned [`Frame`] (a function at a line).
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

/// Builds a [`Profile`]: interns strings, functions, frames, stacks and label sets as they come.
#[derive(Debug)]
pub struct ProfileBuilder {
    p: Profile,
    string_index: FxHashMap<Box<str>, u32>,
    function_index: FxHashMap<Function, u32>,
    frame_index: FxHashMap<Frame, u32>,
    /// Content hash → first stack id with that hash; `same_hash_next` chains collisions.
    stack_index: FxHashMap<u64, u32>,
    same_hash_next: Vec<u32>,
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
            stack_index: FxHashMap::default(),
            same_hash_next: Vec::new(),
            label_index: FxHashMap::default(),
        };
        b.intern("");
        b.p.stacks.push((0, 0));
        b.same_hash_next.push(u32::MAX);
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

    /// Reserve room for `n` more samples.
    pub fn reserve_samples(&mut self, n: usize) {
        self.p.values.reserve(n.saturating_mul(self.p.sample_types.len()));
        self.p.sample_stacks.reserve(n);
        self.p.sample_labels.reserve(n);
    }

    /// Reserve room for about `n` more distinct stacks with `frames` frames in all.
    pub fn reserve_stacks(&mut self, n: usize, frames: usize) {
        self.p.stack_frames.reserve(frames);
        self.stack_index.reserve(n);
        self.p.stacks.reserve(n);
        self.same_hash_next.reserve(n);
    }

    /// Intern a stack given leaf first.
    pub fn stack_leaf_first(&mut self, frames: &[FrameId]) -> StackId {
        if frames.is_empty() {
            return StackId::EMPTY;
        }
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hash::hash(frames, &mut h);
        let hash = std::hash::Hasher::finish(&h);
        let mut cur = self.stack_index.get(&hash).copied().unwrap_or(u32::MAX);
        while cur != u32::MAX {
            if self.p.stack_frames(StackId(cur)) == frames {
                return StackId(cur);
            }
            cur = self.same_hash_next.get(cur as usize).copied().unwrap_or(u32::MAX);
        }
        let id = self.p.stacks.len() as u32;
        let start = self.p.stack_frames.len() as u32;
        self.p.stack_frames.extend_from_slice(frames);
        self.p.stacks.push((start, frames.len() as u32));
        let next = self.stack_index.insert(hash, id).unwrap_or(u32::MAX);
        self.same_hash_next.push(next);
        StackId(id)
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

    /// The finished profile.
    pub fn finish(self) -> Profile {
        self.p
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
        assert_eq!(b.p.stack_frames(s1), [fc, fa]);
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
}
