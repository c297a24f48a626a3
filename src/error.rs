//! Errors of the library, each naming the file (and line) it is about.

use std::path::PathBuf;

/// A failure of the library. Every variant names the file it is about, so a
/// message can be shown to a user as is.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// An input file is not valid text in its encoding.
    #[error("{path}: not valid {encoding} at byte {offset} (line {line})")]
    Decode {
        /// The file.
        path: PathBuf,
        /// The encoding that was expected.
        encoding: &'static str,
        /// Byte offset of the first bad byte.
        offset: usize,
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// A dictionary or rule file is malformed.
    #[error("{origin}{}: {message}", if *line > 0 { format!(":{line}") } else { String::new() })]
    Data {
        /// The file (a path, or `builtin:<lang>/<file>` for compiled-in data).
        origin: String,
        /// 1-based line (0 when the whole file is at fault).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A confusion table is malformed (the message names the file and line).
    #[error(transparent)]
    Confusions(#[from] crate::search::Error),
    /// An XML input is not well-formed, or is refused (a DOCTYPE that
    /// declares entities).
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The corrected text cannot be written in the input's encoding.
    #[error("{path}: {message}")]
    Encode {
        /// The file.
        path: PathBuf,
        /// Which character, and the encoding.
        message: String,
    },
    /// An output could not be written where it was asked for.
    #[error("{path}: {message}")]
    Output {
        /// The path that was refused.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Builds an [`Error::Data`].
    pub fn data(origin: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Error::Data {
            origin: origin.into(),
            line,
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
