//! corrigenda: batch OCR post-correction.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! pipeline::discover → text::decode_with → document (lines, tokenize)
//!   → rules (words, patterns) → change::resolve → change::apply
//!   → pipeline::write_atomic + report
//! ```
//!
//! Language knowledge is data ([`dict`]), loaded once and shared by all
//! workers. The library never prints; the binary owns the terminal.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_docs)]

pub mod apply;
pub mod change;
pub mod datasets;
pub mod dict;
pub mod document;
pub mod error;
pub mod eval;
pub mod formats;
pub mod html;
pub mod learn;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod search;
pub mod text;
pub mod tokenize;

pub use error::{Error, Result};
