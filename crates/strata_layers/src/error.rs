use std::fmt;
use std::path::PathBuf;

/// A 1-based line and column (columns count bytes) in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based byte column.
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Errors of the layer model and its inputs. Every variant names the file it is about.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A syntax or semantic error at a position in a text file (go.mod, go.work, strata.toml, …).
    #[error("{}:{pos}: {msg}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// Where in it.
        pos: Pos,
        /// What is wrong, and where possible what to do.
        msg: String,
    },
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// No go.mod or go.work at or above the directory.
    #[error(
        "{}: no Go module here: no go.mod or go.work in this directory or any parent (run strata inside a Go module, or `go mod init`)",
        dir.display()
    )]
    NoModule {
        /// Where the search started.
        dir: PathBuf,
    },
    /// A path that is not valid UTF-8 where Go requires it to be.
    #[error("{}: path is not valid UTF-8 (Go import paths must be UTF-8)", path.display())]
    NonUtf8Path {
        /// The path, lossily shown.
        path: PathBuf,
    },
}

impl Error {
    pub(crate) fn syntax(file: &std::path::Path, pos: Pos, msg: impl Into<String>) -> Self {
        Error::Syntax { file: file.to_path_buf(), pos, msg: msg.into() }
    }
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), source }
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
