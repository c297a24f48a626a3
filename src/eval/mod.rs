//! Measuring corrections against ground truth (`corrigenda eval`).
//!
//! This is a port of the project's independent scorer, `shared/tools/score.py`,
//! and gives the same figures on the same files: CER, WER, the ICDAR
//! "% improvement", and the changed-token analysis (wrong, changed, fixed,
//! broken, still, precision, recall), per file and micro-averaged in total
//! and per manifest group.
//!
//! # Overview
//!
//! - [`evaluate_dirs`] scores folders of files matched by name
//!   (`NAME.gt.txt`, `NAME.ocr.txt`, the corrected `NAME.ocr.txt`) into a
//!   [`Report`]; [`Report::to_table`] renders `score.py`'s table, and the
//!   report is `serde::Serialize` with `score.py --json`'s fields.
//! - [`score_texts`] scores one file's texts.
//! - [`per_rule()`] measures what each rule's changes alone do to the edit
//!   distance.
//! - [`normalise()`], [`levenshtein()`] and [`opcodes`] are the building blocks.
//!
//! # Agreement with `score.py`
//!
//! - Normalisation reproduces Python's NFC, `\w` and `\s` classes and the
//!   hyphen-join regex (`normalise`).
//! - Distances are exact Levenshtein distances (bit-parallel, banded: fast
//!   on long pages), so they agree with any correct implementation.
//! - The token analysis depends on *which* optimal alignment is chosen; the
//!   alignment is a port of rapidfuzz's (`Levenshtein.opcodes`, rapidfuzz
//!   3.x), which `score.py` uses when rapidfuzz is installed.  Without
//!   rapidfuzz, `score.py` falls back to a pure-Python alignment that breaks
//!   ties differently, so its token counts can then differ (the distances
//!   cannot).
//! - Percentages are computed as `100.0 * a / b` in the same order as in
//!   Python, and formatted with the same rounding.
//!
//! # Example
//!
//! ```
//! use corrigenda::eval::score_texts;
//! // GT "Поэтому мы считаем": the OCR splits one word and merges two
//! let s = score_texts("Поэтому мы считаем", "По этому мысчитаем", Some("Поэтому мысчитаем"), true);
//! assert_eq!((s.ocr_cd, s.ocr_wd), (2, 3));
//! let c = s.corrected.unwrap();
//! assert_eq!((c.wrong, c.changed, c.fixed), (3, 1, 1));
//! assert_eq!(c.improvement, Some(50.0));
//! ```

mod error;
pub mod follow;
mod levenshtein;
mod normalise;
mod per_rule;
mod pyword;
mod report;
mod score;

pub use error::Error;
pub use levenshtein::{OpKind, Opcode};
pub use normalise::normalise;
pub use per_rule::{
    add_per_rule, per_change, per_rule, per_rule_read, per_rule_with, Change, ReadText,
};
pub use report::{
    evaluate_dirs, FileScore, MissingCorrected, Normalisation, Options, Report, Total,
};
pub use score::{score_texts, CorrectedScores, Scores};

/// Interns the characters of two texts into dense ids.
fn intern_pair(a: &str, b: &str) -> (Vec<u32>, Vec<u32>) {
    let mut ids = std::collections::HashMap::new();
    let mut intern = |t: &str| -> Vec<u32> {
        t.chars()
            .map(|c| {
                let next = ids.len() as u32;
                *ids.entry(c).or_insert(next)
            })
            .collect()
    };
    let a = intern(a);
    let b = intern(b);
    (a, b)
}

/// The Levenshtein distance of two texts in characters (Unicode scalar
/// values; unit costs).  No normalisation is applied.
///
/// ```
/// assert_eq!(corrigenda::eval::levenshtein("kitten", "sitting"), 3);
/// ```
pub fn levenshtein(a: &str, b: &str) -> usize {
    let (a, b) = intern_pair(a, b);
    levenshtein::distance(&a, &b)
}

/// The character alignment of `src` to `dest` that rapidfuzz's
/// `Levenshtein.opcodes(src, dest)` returns (one optimal alignment; the same
/// one as rapidfuzz chooses).  Positions are in characters.  No
/// normalisation is applied.
///
/// ```
/// use corrigenda::eval::{opcodes, OpKind};
/// let ops = opcodes("abc", "abXc");
/// assert_eq!(ops.iter().map(|o| o.kind).collect::<Vec<_>>(),
///            [OpKind::Equal, OpKind::Insert, OpKind::Equal]);
/// ```
pub fn opcodes(src: &str, dest: &str) -> Vec<Opcode> {
    let (a, b) = intern_pair(src, dest);
    let ops = levenshtein::editops(&a, &b);
    levenshtein::opcodes_from_editops(&ops, a.len(), b.len())
}
