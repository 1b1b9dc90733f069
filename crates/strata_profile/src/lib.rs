//! strata's neutral profile model and its layer analyses.
//!
//! Every source of samples (pprof today; execution traces and eBPF stacks later) decodes into one
//! [`Profile`]: interned strings, functions and frames, stacks interned by content (every distinct
//! frame sequence stored once, leaf first, in one flat arena; a [`StackId`] names it), one value per
//! sample type for every sample, and interned label sets. The analyses work on that model only:
//!
//! - [`attribution`]: per layer self/cum, cross-layer edges, per function flat/cum, verdicts, using
//!   the rule of architecture.md (a sample is charged to the layer of its innermost application
//!   frame; with no application frame, to its own bucket);
//! - [`diff`]: two analyses of the same sample type, per layer and per function deltas;
//! - [`infer`]: which packages are the application, inferred from the profile itself;
//! - [`folded`]: folded stacks (`a;b;c 42`), the input of flame graph tools.
//!
//! ```
//! use strata_profile::{ProfileBuilder, ValueType};
//! let mut b = ProfileBuilder::new();
//! let cpu = ValueType { kind: b.intern("cpu"), unit: b.intern("nanoseconds") };
//! b.set_sample_types(vec![cpu]);
//! let main = b.function("main.main", "main.main", "main.go", 1);
//! let work = b.function("example.com/m/internal/service.Work", "", "", 0);
//! let f_main = b.frame(main, 10);
//! let f_work = b.frame(work, 20);
//! let stack = b.stack_from_root([f_main, f_work]);
//! b.add_sample(stack, &[30], &[]);
//! let p = b.finish();
//! assert_eq!(p.sample_count(), 1);
//! assert_eq!(p.function_name(p.frame(p.leaf_frame(stack).unwrap()).function), "example.com/m/internal/service.Work");
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod attribution;
pub mod diff;
pub mod folded;
pub mod infer;
mod model;

pub use model::{
    Frame, FrameId, FuncId, Function, Label, LabelSetId, LabelValue, Profile, ProfileBuilder, StackCollector, StackId,
    StackTable, StrId, ValueType,
};
