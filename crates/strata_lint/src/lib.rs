//! strata's Go linter.
//!
//! Laid out like ruff: one file per rule under [`rules`] (the violation's doc comment, its metadata
//! and its check function together), one reviewed table mapping codes to rules ([`codes`]), and one
//! file per output format under [`render`]. Rules never print: they push a [`Diagnostic`] carrying
//! a file and a byte range; line and column are computed only when rendering.
//!
//! A rule's `check` gets a [`Context`]: the workspace (go.work / go.mod), the [`LayerMap`], the
//! packages with their files and imports, the rule's options from `strata.toml`'s `[lint]` table,
//! and a cache of file contents. Rules that need an AST (E001, ERR001, GO001, CTX001, NET001, LAY003)
//! read the packages parsed by `strata_go`'s loader through [`Context::program`], loaded once per run
//! and only when such a rule is selected.
//!
//! ```no_run
//! use strata_lint::{lint, LintOptions};
//! let result = lint(&[std::path::PathBuf::from(".")], &LintOptions::default()).unwrap();
//! for d in &result.diagnostics {
//!     println!("{} {}", d.code, d.message);
//! }
//! ```
//!
//! [`LayerMap`]: strata_layers::LayerMap
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod codes;
mod context;
mod diagnostic;
mod engine;
mod error;
pub mod render;
mod rule;
pub mod rules;
pub mod selection;
mod source;
mod suppression;

pub use context::Context;
pub use diagnostic::{Diagnostic, Severity};
pub use engine::{LintOptions, LintResult, Retained, lint, lint_workspace};
pub use error::{Error, Result};
pub use rule::{RuleMeta, doc_text};
pub use source::{LineCol, SourceCache, SourceFile};
pub use suppression::is_suppressed;
