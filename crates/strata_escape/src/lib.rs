//! `strata escape`: heap escapes from the Go compiler's escape analysis, by layer and by layer
//! boundary.
//!
//! Three stages, as everywhere in strata:
//! - [`build`] runs `go build` with `-gcflags=<module>/...=-json=0,file://<fresh dir>` (a fresh
//!   directory per run, because the compiler does not rewrite the log on a build-cache hit; each
//!   `main` package is built on its own, because every main package writes to `<dir>/main/`);
//! - [`log`] decodes the compiler's JSON optimization log (one header line, then one LSP-like
//!   diagnostic per line) — untrusted input, never panics;
//! - [`report`] maps each escape to the layer of the code that runs it, the layer whose source
//!   wrote the allocation (the innermost `inlineLoc`), and the callee of a `call parameter` flow,
//!   and counts escapes by layer and by cross-layer call site.
//!
//! ```no_run
//! let rep = strata_escape::escape_report(std::path::Path::new("."), &Default::default()).unwrap();
//! println!("{} heap escapes", rep.escapes);
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod build;
mod error;
pub mod log;
pub mod report;
pub mod table;

pub use error::{Error, Result};
pub use report::{EscapeReport, Options, escape_report};
