use std::path::PathBuf;

/// Why a Go executable cannot be read, or cannot be probed safely. Every variant names the file and,
/// where one exists, the byte offset of the problem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Not an ELF file, or an ELF file `object` cannot parse.
    #[error("{}: not an ELF executable ({detail})", path.display())]
    NotElf {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        detail: String,
    },
    /// An ELF file for an architecture strata cannot probe.
    #[error("{}: unsupported architecture {arch} (strata probes x86-64 Linux Go binaries only)", path.display())]
    UnsupportedArch {
        /// The file.
        path: PathBuf,
        /// The ELF machine.
        arch: String,
    },
    /// An ELF file without `.gopclntab` / `.go.buildinfo`: not a Go program (or one built with
    /// gccgo, or with the sections removed).
    #[error("{}: not a Go binary (no {section} section)", path.display())]
    NotGo {
        /// The file.
        path: PathBuf,
        /// The missing section.
        section: &'static str,
    },
    /// A Go section is malformed.
    #[error("{}: {section} at byte {offset:#x}: {msg}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The section.
        section: &'static str,
        /// Byte offset inside the section.
        offset: u64,
        /// What is wrong.
        msg: String,
    },
    /// The Go version is outside what strata knows how to probe.
    #[error("{}: Go version {version} is not supported ({why})", path.display())]
    UnsupportedGo {
        /// The file.
        path: PathBuf,
        /// The version string from `.go.buildinfo`.
        version: String,
        /// Why, and what is supported.
        why: String,
    },
    /// A function symbol was not found.
    #[error("{}: function {name} not found in the symbol table or .gopclntab", path.display())]
    NoSuchFunction {
        /// The file.
        path: PathBuf,
        /// The symbol.
        name: String,
    },
    /// A function's machine code could not be decoded (fail closed: no probe is placed).
    #[error("{}: cannot disassemble {function} at +{offset:#x}: {msg}", path.display())]
    Disassembly {
        /// The file.
        path: PathBuf,
        /// The function.
        function: String,
        /// Offset inside the function.
        offset: u64,
        /// What is wrong.
        msg: String,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, Error>;
