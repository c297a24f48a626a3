//! Public post-OCR benchmarks as pairs of OCR text and ground truth.
//!
//! `learn` and `eval` work on *pairs*: one OCR text and its ground truth
//! (GT), under a name. This module reads them from
//!
//! - two folders of plain files matched by name (`NAME.ocr.txt`,
//!   `NAME.gt.txt`, the layout of `eval` and of the dev corpus):
//!   [`read_pair_dirs`];
//! - the ICDAR 2017 and 2019 post-OCR competition format ([`icdar`]): one
//!   file per text, three lines `[OCR_toInput]`, `[OCR_aligned]`,
//!   `[ GS_aligned]`;
//! - OverProof's evaluation files ([`overproof`]): articles of
//!   `raw||@@||human||@@||overproof` lines, each after a `*$*OVERPROOF*$*`
//!   header.
//!
//! [`write_pairs`] writes pairs back as plain files (`corrigenda dataset
//! convert`), optionally dealt into folds for cross-validation
//! ([`fold_of`]), so that `corrigenda run` and every other tool can read
//! them.

pub mod icdar;
pub mod overproof;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One OCR text with its ground truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The name files are written under (`NAME.ocr.txt`, `NAME.gt.txt`).
    pub name: String,
    /// The OCR text, as OCR produced it: the text to correct.
    pub ocr: String,
    /// The ground truth.
    pub gt: String,
}

/// Reads a file as UTF-8 (invalid bytes become U+FFFD, as `eval` reads).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The files of `dir` whose names end in `suffix`, as (name without the
/// suffix, path), sorted by name. Not recursive.
pub(crate) fn list(dir: &Path, suffix: &str) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            if !entry.file_name().to_string_lossy().ends_with(suffix) {
                continue;
            }
            return Err(Error::Output {
                path,
                message: "the file name is not valid UTF-8; rename the file".into(),
            });
        };
        if let Some(name) = file_name.strip_suffix(suffix) {
            if !name.is_empty() && path.is_file() {
                out.push((name.to_owned(), path.clone()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads the pairs `NAME<gt_suffix>` in `gt` and `NAME<ocr_suffix>` in
/// `ocr`, in name order. A GT file without its OCR file is an error (it
/// would silently shrink what is learned or measured).
pub fn read_pair_dirs(
    ocr: &Path,
    gt: &Path,
    ocr_suffix: &str,
    gt_suffix: &str,
) -> Result<Vec<Pair>> {
    let names = list(gt, gt_suffix)?;
    if names.is_empty() {
        return Err(Error::data(
            gt.display().to_string(),
            0,
            format!("no ground-truth files (*{gt_suffix})"),
        ));
    }
    let mut pairs = Vec::with_capacity(names.len());
    for (name, gt_path) in names {
        let ocr_path = ocr.join(format!("{name}{ocr_suffix}"));
        if !ocr_path.is_file() {
            return Err(Error::data(
                ocr_path.display().to_string(),
                0,
                format!("missing: the OCR file of {}", gt_path.display()),
            ));
        }
        pairs.push(Pair {
            name,
            ocr: read_text(&ocr_path)?,
            gt: read_text(&gt_path)?,
        });
    }
    Ok(pairs)
}

/// The fold (1-based) of the `index`-th item (0-based, in reading order) of
/// a set dealt into `folds` folds: items are dealt in turn, 1, 2, …, `folds`,
/// 1, 2, … so that every fold gets a spread of the set.
pub fn fold_of(index: usize, folds: usize) -> usize {
    index % folds.max(1) + 1
}

/// Writes each pair as `DIR/NAME<ocr_suffix>` and `DIR/NAME<gt_suffix>`; with
/// `folds` > 1, into `DIR/fold<k>/` by [`fold_of`] of the pair's position.
/// Returns the files written, in order. Existing files are overwritten.
pub fn write_pairs(
    pairs: &[Pair],
    dir: &Path,
    folds: usize,
    ocr_suffix: &str,
    gt_suffix: &str,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (i, pair) in pairs.iter().enumerate() {
        let sub = if folds > 1 {
            dir.join(format!("fold{}", fold_of(i, folds)))
        } else {
            dir.to_owned()
        };
        fs::create_dir_all(&sub).map_err(|e| Error::io(&sub, e))?;
        for (suffix, text) in [(ocr_suffix, &pair.ocr), (gt_suffix, &pair.gt)] {
            let path = sub.join(format!("{}{suffix}", pair.name));
            crate::pipeline::write_atomic(&path, text.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Scores pairs against their corrected texts (`corrected[i]` is pair `i`'s,
/// `None` when missing: such a pair is left out and listed as missing, as
/// `eval` does for folders): the `eval` figures (`score.py`'s) as a
/// [`Report`](crate::eval::Report). `source` is shown as the report's GT
/// folder.
pub fn score_pairs(
    pairs: &[Pair],
    corrected: &[Option<String>],
    source: &Path,
    hyphen_join: bool,
) -> crate::eval::Report {
    use crate::eval::{FileScore, Normalisation, Report, Scores, Total};
    use rayon::prelude::*;
    let files: Vec<FileScore> = pairs
        .par_iter()
        .zip(corrected)
        .filter_map(|(p, c)| {
            let c = c.as_deref()?;
            Some(FileScore::of(&p.name, &p.gt, &p.ocr, Some(c), hyphen_join))
        })
        .collect();
    let missing = pairs
        .iter()
        .zip(corrected)
        .filter(|(_, c)| c.is_none())
        .map(|(p, _)| p.name.clone())
        .collect();
    Report {
        gt_dir: source.to_owned(),
        ocr_suffix: String::new(),
        corr_suffix: Some(String::new()),
        normalisation: Normalisation {
            nfc: true,
            collapse_whitespace: true,
            hyphen_join,
        },
        total: Total {
            files: files.len(),
            scores: Scores::sum(files.iter().map(|f| &f.scores)),
        },
        group_by: None,
        groups: Default::default(),
        missing,
        uncorrected: Vec::new(),
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_dealt_in_turn() {
        let got: Vec<usize> = (0..5).map(|i| fold_of(i, 2)).collect();
        assert_eq!(got, [1, 2, 1, 2, 1]);
        assert_eq!(fold_of(3, 1), 1);
        assert_eq!(fold_of(3, 0), 1);
    }

    #[test]
    fn pairs_round_trip_through_folders() {
        let dir = tempfile::tempdir().unwrap();
        let pairs = vec![
            Pair {
                name: "a".into(),
                ocr: "tbe cat".into(),
                gt: "the cat".into(),
            },
            Pair {
                name: "b".into(),
                ocr: "x".into(),
                gt: "y".into(),
            },
        ];
        write_pairs(&pairs, dir.path(), 1, ".ocr.txt", ".gt.txt").unwrap();
        let back = read_pair_dirs(dir.path(), dir.path(), ".ocr.txt", ".gt.txt").unwrap();
        assert_eq!(back, pairs);
        write_pairs(&pairs, dir.path(), 2, ".ocr.txt", ".gt.txt").unwrap();
        let f2 = dir.path().join("fold2");
        let back = read_pair_dirs(&f2, &f2, ".ocr.txt", ".gt.txt").unwrap();
        assert_eq!(back, pairs[1..]);
    }
}
