//! OverProof's evaluation files (Evershed and Fitch, 2014).
//!
//! A file holds articles. Each starts with a header line beginning
//! `*$*OVERPROOF*$*`, followed by its id and free text (`*$*OVERPROOF*$* 12
//! year 1871 type Article title …`); then come the article's lines, each
//! `raw OCR||@@||human-corrected` (datasets 1 and 2) or `raw
//! OCR||@@||human-corrected||@@||OverProof-corrected` (dataset 3). Text before
//! the first header is ignored; so are blank lines.
//!
//! An article becomes a [`Pair`]: OCR = its raw lines, GT = its
//! human-corrected lines, each joined with `\n` (so line `k` of one is line
//! `k` of the other). OverProof's own correction is kept in [`Article`] for
//! comparison.

use std::path::Path;

use super::Pair;
use crate::error::{Error, Result};

const HEADER: &str = "*$*OVERPROOF*$*";
const SEP: &str = "||@@||";

/// One article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The id after the header marker (`12`).
    pub id: String,
    /// The whole header line, without the marker.
    pub header: String,
    /// 1-based line of the header in the file.
    pub line: usize,
    /// Raw OCR lines.
    pub raw: Vec<String>,
    /// Human-corrected lines.
    pub human: Vec<String>,
    /// OverProof's corrected lines (empty when the file has none).
    pub overproof: Vec<String>,
}

/// Parses an OverProof file; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Article>> {
    let mut out: Vec<Article> = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.trim_start_matches('\u{feff}');
        if let Some(pos) = line.find(HEADER) {
            let header = line[pos + HEADER.len()..].trim().to_owned();
            let id = header.split_whitespace().next().unwrap_or("").to_owned();
            if id.is_empty() {
                return Err(Error::data(origin, i + 1, "article header without an id"));
            }
            out.push(Article {
                id,
                header,
                line: i + 1,
                raw: Vec::new(),
                human: Vec::new(),
                overproof: Vec::new(),
            });
            continue;
        }
        let Some(article) = out.last_mut() else {
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(SEP).collect();
        match fields.as_slice() {
            [raw, human] => {
                article.raw.push((*raw).to_owned());
                article.human.push((*human).to_owned());
            }
            [raw, human, corrected] => {
                article.raw.push((*raw).to_owned());
                article.human.push((*human).to_owned());
                article.overproof.push((*corrected).to_owned());
            }
            _ => {
                return Err(Error::data(
                    origin,
                    i + 1,
                    format!(
                        "expected raw{SEP}human[{SEP}overproof], found {} fields",
                        fields.len()
                    ),
                ))
            }
        }
    }
    if out.is_empty() {
        return Err(Error::data(
            origin,
            0,
            format!("no article (no line starting with {HEADER})"),
        ));
    }
    Ok(out)
}

/// Reads an OverProof file.
pub fn read(path: &Path) -> Result<Vec<Article>> {
    let text = super::read_text(path)?;
    parse(&text, &path.display().to_string())
}

/// The name of an article's pair: the file's stem, `_`, and the article's
/// place in the file (1-based, padded to 4 digits so that names sort in
/// file order). Article ids are not used: they repeat within a file (dataset
/// 3 numbers the articles of each issue from 1).
pub fn pair_name(stem: &str, index: usize) -> String {
    format!("{stem}_{:04}", index + 1)
}

/// The pairs of an OverProof file, in file order.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("overproof");
    Ok(read(path)?
        .into_iter()
        .enumerate()
        .map(|(i, a)| Pair {
            name: pair_name(stem, i),
            ocr: a.raw.join("\n") + "\n",
            gt: a.human.join("\n") + "\n",
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Intro text.\n\
*$*OVERPROOF*$* 1 year 1871 type Article\n\
farmers arc against||@@||farmers are against||@@||farmers are against\n\
\n\
the river ferry ami||@@||the river ferry and||@@||the river ferry and\n\
*$*OVERPROOF*$* 2 year 1872\n\
Tbe end||@@||The end\n";

    #[test]
    fn articles_and_their_lines() {
        let a = parse(SAMPLE, "op.txt").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].id.as_str(), a[0].line), ("1", 2));
        assert_eq!(a[0].raw, ["farmers arc against", "the river ferry ami"]);
        assert_eq!(a[0].human, ["farmers are against", "the river ferry and"]);
        assert_eq!(a[0].overproof.len(), 2);
        assert_eq!(a[1].human, ["The end"]);
        assert!(a[1].overproof.is_empty());
    }

    #[test]
    fn errors_are_located() {
        let e = parse("*$*OVERPROOF*$* 1\na||@@||b||@@||c||@@||d\n", "op.txt").unwrap_err();
        assert!(e.to_string().starts_with("op.txt:2: expected raw"), "{e}");
        assert_eq!(
            parse("*$*OVERPROOF*$* 1\n*$*OVERPROOF*$* 1\n", "op.txt")
                .unwrap()
                .len(),
            2,
            "ids may repeat"
        );
        assert!(parse("nothing", "op.txt").is_err());
    }

    #[test]
    fn names_sort_in_file_order() {
        assert_eq!(pair_name("ds3", 6), "ds3_0007");
    }
}
