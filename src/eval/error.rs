//! The error type of `eval`.

use std::io;
use std::path::PathBuf;

/// What can go wrong while evaluating.  Every variant names the file (or the
/// change) it is about.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read (missing, unreadable, not a folder).
    /// Check the path and its permissions.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The ground-truth folder holds no file ending in the GT suffix, so there
    /// is nothing to score.  Check the folder and `Options::gt_suffix`.
    #[error("no *{suffix} files in GT folder {}", path.display())]
    NoGtFiles {
        /// The ground-truth folder.
        path: PathBuf,
        /// The suffix looked for.
        suffix: String,
    },
    /// The manifest used for grouping is not a CSV file with a `name` column.
    #[error("{}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// An hOCR, ALTO or PAGE-XML file to score is not well-formed (or is
    /// refused for its DOCTYPE): the message names it, with the line and
    /// column.
    #[error("{0}")]
    Xml(crate::error::Error),
    /// A change given to [`per_rule`](super::per_rule()) does not fit the OCR
    /// text: its span is reversed, out of bounds, not on a character
    /// boundary, or overlaps another change.
    #[error("change {index} ({start}..{end}, rule `{rule}`): {reason}")]
    BadChange {
        /// Index of the change in the list given.
        index: usize,
        /// Its byte start.
        start: usize,
        /// Its byte end.
        end: usize,
        /// Its rule.
        rule: String,
        /// What is wrong.
        reason: &'static str,
    },
}
