use std::path::PathBuf;

/// Why a profile could not be read. Every variant names the file; format errors name the byte
/// offset (in the decompressed data when the file was gzipped).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The gzip stream is corrupt or truncated.
    #[error("{}: gzip data corrupt or truncated at compressed byte {offset}: {detail}", file.display())]
    Gzip {
        /// The file.
        file: PathBuf,
        /// Compressed bytes consumed when the error was found.
        offset: u64,
        /// What the decompressor said.
        detail: String,
    },
    /// The decompressed profile is larger than [`crate::Options::max_decompressed`].
    #[error("{}: decompressed profile exceeds {limit} bytes (Options::max_decompressed)", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not a valid profile.proto message.
    #[error("{}: byte {offset}{}: {detail}", file.display(), if *gzipped { " (of the decompressed data)" } else { "" })]
    Malformed {
        /// The file.
        file: PathBuf,
        /// Offset of the message or field at fault.
        offset: u64,
        /// Whether `offset` counts decompressed bytes.
        gzipped: bool,
        /// What is wrong.
        detail: String,
    },
}
