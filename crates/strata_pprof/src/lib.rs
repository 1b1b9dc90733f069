//! Go pprof profiles (`profile.proto`, gzipped or plain) into strata's neutral profile model, and
//! back.
//!
//! - [`decode`] / [`decode_file`]: bytes → [`strata_profile::Profile`]. The outer `Profile`
//!   message is read by hand as a stream (gzip decompressed on a second thread), so that every error
//!   names a byte offset; samples are parsed by hand as they arrive, their stacks kept by location
//!   until the locations, functions and string table Go writes after them are read; the other inner
//!   messages are decoded with the hand-written prost structs of [`proto`].
//! - [`decode_raw`]: bytes → the complete [`proto::Profile`], for rewriting (e.g. [`label_samples`]),
//!   and [`encode_gzip`] to write it; [`from_model`] turns a model profile into a `proto::Profile`.
//!
//! Go's quirks handled here (see google/pprof `proto/profile.proto` and Go's `runtime/pprof`): the
//! string table comes last; an inlined call is one more `Line` in the same `Location` (innermost
//! first), each becoming a frame of its own; samples may be zero or negative (delta profiles);
//! heap profiles carry four sample types; labels are string or numeric.
//!
//! Untrusted input never panics: errors name the file and the byte offset (in the decompressed
//! data for gzip input), and allocation is bounded by the input (and [`Options::max_decompressed`]).
//!
//! ```
//! # fn main() -> Result<(), strata_pprof::Error> {
//! let p = strata_pprof::decode(b"\x32\x00", "empty.pb", &strata_pprof::Options::default())?;
//! assert_eq!(p.sample_count(), 0);
//! # Ok(())
//! # }
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

mod decode;
mod encode;
mod error;
pub mod proto;
mod wire;

pub use decode::{Options, decode, decode_file, decode_raw, gunzip_if_needed};
pub use encode::{encode_gzip, from_model, label_samples};
pub use error::Error;
