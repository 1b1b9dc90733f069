//! strata's layer model.
//!
//! Everything strata measures meets in one [`LayerMap`]: a Go package path (or the package of a symbol
//! in a profile, trace or stack) maps to exactly one layer. This crate also owns what the layer map is
//! built from:
//!
//! - [`gomod`]: hand-written `go.mod` / `go.work` parsers that keep positions;
//! - [`workspace`]: module discovery (walk up to `go.work` or `go.mod`, a workspace yields all its
//!   modules);
//! - [`packages`]: package discovery without a type checker (package clause + imports via a small lexer),
//!   with [`build`] constraints (`//go:build`, file-name suffixes) for a target (default linux/amd64);
//! - [`config`]: `strata.toml`, and [`archlint`]: `.go-arch-lint.yml` (version 3);
//! - [`summary`]: the `strata layers` report (packages per layer, layer → layer imports).
//!
//! ```
//! use strata_layers::LayerMap;
//! let map = LayerMap::defaults(&["example.com/shop".to_string()]);
//! let l = map.layer_of_symbol("example.com/shop/internal/repository.(*Orders).Get");
//! assert_eq!(map.name(l), "infra");
//! assert_eq!(map.name(map.layer_of_package("net/http")), "stdlib");
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod archlint;
pub mod build;
pub mod config;
mod error;
pub mod gomod;
mod layer;
pub mod packages;
pub mod parallel;
pub mod summary;
mod symbol;
pub mod workspace;

pub use error::{Error, Pos, Result};
pub use layer::{Bucket, DEFAULT_LAYERS, LayerId, LayerMap, LayerSource, is_std_path};
pub use symbol::package_of_symbol;
