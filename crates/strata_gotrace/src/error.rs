//! Decoder errors. Every variant names the byte offset in the trace file where decoding failed.

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Why a trace could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the underlying file or stream failed.
    #[error("read error at byte {offset}: {source}")]
    Io {
        /// Byte offset where the read was attempted.
        offset: u64,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The first 16 bytes are not a Go execution trace header.
    #[error("byte 0: not a Go execution trace (header {found:?}, want \"go 1.N trace\\0\\0\\0\")")]
    BadHeader {
        /// The header bytes that were found (lossy UTF-8).
        found: String,
    },
    /// A header of the old format written by Go 1.21 and older.
    #[error(
        "byte 0: unsupported trace format \"go 1.{minor}\": Go 1.21 or older wrote it; strata reads Go 1.22+ traces"
    )]
    UnsupportedOldFormat {
        /// The minor version in the header.
        minor: u32,
    },
    /// A header naming a version this decoder does not know.
    #[error("byte 0: unknown trace format version \"go 1.{minor}\" (known: 1.22, 1.23, 1.25, 1.26)")]
    UnknownVersion {
        /// The minor version in the header.
        minor: u32,
    },
    /// A varint longer than 10 bytes or overflowing 64 bits.
    #[error("byte {offset}: malformed varint")]
    BadVarint {
        /// Offset of the varint's first byte.
        offset: u64,
    },
    /// An event type byte that this trace version does not define.
    #[error("byte {offset}: unknown event type {ty} for trace format go 1.{minor}")]
    UnknownEvent {
        /// Offset of the type byte.
        offset: u64,
        /// The type byte.
        ty: u8,
        /// Trace format minor version.
        minor: u32,
    },
    /// A size, count or ID outside what the format allows.
    #[error("byte {offset}: {what}")]
    Malformed {
        /// Offset of the offending field.
        offset: u64,
        /// What is wrong.
        what: String,
    },
}

impl Error {
    pub(crate) fn malformed(offset: u64, what: impl Into<String>) -> Self {
        Error::Malformed { offset, what: what.into() }
    }

    /// The byte offset in the trace where decoding failed (0 for header errors).
    pub fn offset(&self) -> u64 {
        match self {
            Error::Io { offset, .. }
            | Error::BadVarint { offset }
            | Error::UnknownEvent { offset, .. }
            | Error::Malformed { offset, .. } => *offset,
            _ => 0,
        }
    }
}
