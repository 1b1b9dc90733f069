use std::path::PathBuf;

/// Errors of `strata escape`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No `go` command.
    #[error(
        "no Go toolchain: `go` could not be run; strata escape runs the Go compiler's escape analysis, install Go (https://go.dev/dl) or put it on PATH"
    )]
    NoGo {
        /// The spawn error.
        #[source]
        source: std::io::Error,
    },
    /// `go build` failed.
    #[error("go build failed in {} (exit {code:?}):\n{stderr}", dir.display())]
    BuildFailed {
        /// Where it ran.
        dir: PathBuf,
        /// Exit code.
        code: Option<i32>,
        /// What the go command said (last lines).
        stderr: String,
    },
    /// A log line that is not what the compiler writes.
    #[error("{}:{line}: {msg}", file.display())]
    Log {
        /// The log file.
        file: PathBuf,
        /// 1-based line in it.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// A file or directory could not be read or created.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The module or workspace could not be loaded.
    #[error(transparent)]
    Layers(#[from] strata_layers::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
