//! Streaming decoder for Go execution traces (the Go 1.22+ formats) and per-layer analyses.
//!
//! ```no_run
//! use strata_gotrace::{Reader, event::BatchEvents};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let file = std::fs::File::open("trace.out")?;
//! let mut reader = Reader::new(file)?;
//! let version = reader.version();
//! while let Some(generation) = reader.next_generation()? {
//!     for batch in &generation.batches {
//!         for event in BatchEvents::new(batch, version) {
//!             let event = event?; // corrupt input is an error with a byte offset, never a panic
//!             let _ = (event.ty, event.time);
//!         }
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Formats: `go 1.22`, `go 1.23` (also written by Go 1.24), `go 1.25` and `go 1.26` (also written by
//! Go 1.27). The old format of Go ≤ 1.21 is rejected with [`Error::UnsupportedOldFormat`]. Memory is
//! bounded by one generation (see [`reader`]).
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

pub mod analysis;
pub mod error;
pub mod event;
mod fxhash;
pub mod histogram;
pub mod pprof;
pub mod reader;
pub mod report;
pub mod spec;
pub mod stacks;
mod wire;
pub mod wirecount;

pub use error::{Error, Result};
pub use reader::{Generation, Reader, Truncation};
pub use spec::Version;
