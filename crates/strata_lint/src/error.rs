use std::path::PathBuf;

/// Errors that stop a lint run (bad input is reported as diagnostics instead where possible).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The layer model or the workspace could not be loaded.
    #[error(transparent)]
    Layers(#[from] strata_layers::Error),
    /// A `--select` / `--ignore` / `select =` entry that names no rule.
    #[error("{origin}: {text:?} selects no rule (use a code such as LAY001, a prefix such as LAY or MOD0, or ALL)")]
    Selector {
        /// Where it was given (`--select`, or the strata.toml file and key).
        origin: String,
        /// The entry.
        text: String,
    },
    /// A bad option in strata.toml's `[lint]` table.
    #[error("{}: [lint]{key}: {msg}", file.display())]
    Option {
        /// The strata.toml file.
        file: PathBuf,
        /// Dotted key below `[lint]`, e.g. `.DOM001.deny`.
        key: String,
        /// What is wrong.
        msg: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
