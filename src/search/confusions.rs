//! The OCR confusion table: which strings OCR reads in place of which, and at
//! what cost.
//!
//! The table is data (`dictionaries/<lang>/confusions.tsv`); this module only
//! parses, validates and merges it. See [`Confusions::parse`] for the format.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use super::dp::RuleSet;

/// Fixed-point resolution of costs: a cost of 1.0 is `SCALE` units. Costs are
/// added up as integers so that the same edits always give bit-identical
/// totals, whatever the order in which the search finds them.
pub(crate) const SCALE: u32 = 1000;

/// Largest cost of a single edit, in units (1000.0). Larger configured
/// defaults are clamped to it so that DP sums can never overflow.
pub(crate) const MAX_EDIT_UNITS: u32 = 1_000_000;

/// Maximum length, in characters, of the `ocr` and `truth` columns.
pub const MAX_CONFUSION_CHARS: usize = 3;

/// Errors from reading a confusion table. Every variant names the file (the
/// `origin` given to [`Confusions::parse`], or the path given to
/// [`Confusions::load`]) and, where it applies, the 1-based line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("{origin}: cannot read confusion table: {source}")]
    Io {
        /// The path that was read.
        origin: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{origin}: confusion table is not valid UTF-8 (first bad byte on line {line})")]
    Encoding {
        /// File name.
        origin: String,
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// The first non-comment, non-blank line is not `ocr<TAB>truth<TAB>cost`,
    /// or the file ends before such a line.
    #[error(
        "{origin}:{line}: expected the header row \"ocr<TAB>truth<TAB>cost\", found {found:?}"
    )]
    Header {
        /// File name.
        origin: String,
        /// 1-based line where the header was expected.
        line: usize,
        /// What the line held (empty at end of file).
        found: String,
    },
    /// A data row does not have exactly three tab-separated columns.
    #[error("{origin}:{line}: expected 3 tab-separated columns (ocr, truth, cost), found {found}")]
    Columns {
        /// File name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// Number of columns found.
        found: usize,
    },
    /// The cost column is not a number in (0, 1] (at a resolution of 0.001).
    #[error("{origin}:{line}: cost {text:?} is not a number in (0, 1] (resolution 0.001)")]
    Cost {
        /// File name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// The cost column as written.
        text: String,
    },
    /// The `ocr` or `truth` column is longer than [`MAX_CONFUSION_CHARS`].
    #[error("{origin}:{line}: {column} {text:?} is longer than {MAX_CONFUSION_CHARS} characters")]
    TooLong {
        /// File name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// `"ocr"` or `"truth"`.
        column: &'static str,
        /// The column as written.
        text: String,
    },
    /// `ocr` and `truth` are both empty, or are the same string as written.
    #[error("{origin}:{line}: ocr {ocr:?} and truth {truth:?} describe no edit")]
    NoEdit {
        /// File name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// The ocr column.
        ocr: String,
        /// The truth column.
        truth: String,
    },
    /// The same (ocr, truth) pair appears twice in one file.
    #[error("{origin}:{line}: duplicate entry {ocr:?} -> {truth:?} (first on line {first})")]
    Duplicate {
        /// File name.
        origin: String,
        /// 1-based line of the repeat.
        line: usize,
        /// 1-based line of the first occurrence.
        first: usize,
        /// The ocr column (normalised).
        ocr: String,
        /// The truth column (normalised).
        truth: String,
    },
}

/// Up to three characters, stored inline (no allocation per entry or per
/// DP step).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub(crate) struct Chars3 {
    pub(crate) len: u8,
    pub(crate) c: [char; 3],
}

impl Chars3 {
    /// `None` when `s` has more than three characters.
    pub(crate) fn new(s: &str) -> Option<Self> {
        let mut out = Chars3::default();
        for ch in s.chars() {
            if out.len as usize == MAX_CONFUSION_CHARS {
                return None;
            }
            out.c[out.len as usize] = ch;
            out.len += 1;
        }
        Some(out)
    }

    pub(crate) fn as_slice(&self) -> &[char] {
        &self.c[..self.len as usize]
    }

    pub(crate) fn reversed(self) -> Self {
        let mut out = self;
        out.c[..self.len as usize].reverse();
        out
    }

    pub(crate) fn text(self) -> String {
        self.as_slice().iter().collect()
    }
}

/// Costs of edits that the table does not list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DefaultCosts {
    /// Replacing one character with another (default 1.0).
    pub substitution: f32,
    /// A character of the true word missing from the OCR text (default 1.0).
    pub insertion: f32,
    /// An extra character in the OCR text (default 1.0).
    pub deletion: f32,
    /// Two adjacent characters swapped (`ор` for `ро`; default 1.0). Typists'
    /// slips survive into archives even though OCR itself rarely swaps; set to
    /// `f32::INFINITY` to disable swaps (they then cost two substitutions).
    pub transposition: f32,
}

impl Default for DefaultCosts {
    fn default() -> Self {
        DefaultCosts {
            substitution: 1.0,
            insertion: 1.0,
            deletion: 1.0,
            transposition: 1.0,
        }
    }
}

/// Converts a configured cost to fixed-point units: at least 1 unit, at most
/// [`MAX_EDIT_UNITS`]; NaN, infinite or non-positive costs map to `None`
/// (meaning "edit not available").
pub(crate) fn units(cost: f32) -> Option<u32> {
    if !cost.is_finite() || cost <= 0.0 {
        return None;
    }
    let u = (f64::from(cost) * f64::from(SCALE)).round();
    Some((u as u32).clamp(1, MAX_EDIT_UNITS))
}

/// One entry of the table, normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    /// What OCR produced (may be empty: an insertion).
    pub(crate) ocr: Chars3,
    /// What the page says (may be empty: a deletion).
    pub(crate) truth: Chars3,
    /// Cost in units, 1..=SCALE.
    pub(crate) cost: u32,
}

/// A parsed confusion table: OCR-read string → true string → cost, plus the
/// default costs of edits it does not list.
///
/// Entries are stored normalised as the search's queries are: lowercase, with
/// `ё` folded to `е`. Build one with [`Confusions::parse`] or
/// [`Confusions::load`], layer a second table over it with
/// [`Confusions::merge`]; an empty table ([`Confusions::default`]) gives plain
/// Levenshtein distance (with swaps) at the default costs.
#[derive(Clone, Debug, Default)]
pub struct Confusions {
    /// Costs of edits that no entry lists.
    pub defaults: DefaultCosts,
    /// (ocr, truth) → cost in units; a BTreeMap so that iteration order, and
    /// everything derived from it, is deterministic.
    rules: BTreeMap<(Chars3, Chars3), u32>,
    /// The entries indexed for the search, forward and reversed, built on
    /// first use (so that building a `Searcher` per query stays cheap) and
    /// dropped by [`Confusions::merge`].
    sets: [OnceLock<RuleSet>; 2],
}

/// Lowercase and fold `ё` to `е`, as the caller does with queries.
pub(crate) fn normalise(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

impl Confusions {
    /// Parses a confusion table.
    ///
    /// Format (UTF-8): blank lines and lines starting with `#` are ignored
    /// anywhere; the first other line is the header `ocr<TAB>truth<TAB>cost`;
    /// each following line is `ocr<TAB>truth<TAB>cost`, meaning "OCR produced
    /// `ocr` where the page has `truth`". `ocr` and `truth` hold 0 to 3
    /// characters each (not both empty, not equal), e.g. (`→` for a tab)
    /// `ьі→ы→0.2`, `rn→m→0.3`, `.→→0.1` (a stray dot, deleted cheaply),
    /// `→ь→0.5` (a lost soft sign). Cost is a decimal in (0, 1], kept at a
    /// resolution of 0.001. Entries are lowercased and `ё` folded to `е`; an
    /// entry that becomes an identity by that folding (`ё→е`) is dropped. A
    /// trailing `\r` is ignored. `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, Error> {
        let mut table = Confusions::default();
        let mut first_line: BTreeMap<(Chars3, Chars3), usize> = BTreeMap::new();
        let mut seen_header = false;
        let mut line_no = 0;
        for raw in text.split('\n') {
            line_no += 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !seen_header {
                let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
                if cols != ["ocr", "truth", "cost"] {
                    return Err(Error::Header {
                        origin: origin.to_owned(),
                        line: line_no,
                        found: line.to_owned(),
                    });
                }
                seen_header = true;
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(Error::Columns {
                    origin: origin.to_owned(),
                    line: line_no,
                    found: cols.len(),
                });
            }
            let (ocr_text, truth_text, cost_text) = (cols[0], cols[1], cols[2]);
            if ocr_text == truth_text {
                return Err(Error::NoEdit {
                    origin: origin.to_owned(),
                    line: line_no,
                    ocr: ocr_text.to_owned(),
                    truth: truth_text.to_owned(),
                });
            }
            let cost = parse_cost(cost_text.trim()).ok_or_else(|| Error::Cost {
                origin: origin.to_owned(),
                line: line_no,
                text: cost_text.to_owned(),
            })?;
            let column = |name: &'static str, text: &str| {
                Chars3::new(&normalise(text)).ok_or_else(|| Error::TooLong {
                    origin: origin.to_owned(),
                    line: line_no,
                    column: name,
                    text: text.to_owned(),
                })
            };
            let ocr = column("ocr", ocr_text)?;
            let truth = column("truth", truth_text)?;
            if ocr == truth {
                continue; // identity after folding, e.g. `ё	е`
            }
            if let Some(&first) = first_line.get(&(ocr, truth)) {
                return Err(Error::Duplicate {
                    origin: origin.to_owned(),
                    line: line_no,
                    first,
                    ocr: ocr.text(),
                    truth: truth.text(),
                });
            }
            first_line.insert((ocr, truth), line_no);
            table.rules.insert((ocr, truth), cost);
        }
        if !seen_header {
            return Err(Error::Header {
                origin: origin.to_owned(),
                line: line_no + 1,
                found: String::new(),
            });
        }
        Ok(table)
    }

    /// Reads and parses a confusion table file; errors name `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let origin = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            origin: origin.clone(),
            source,
        })?;
        match std::str::from_utf8(&bytes) {
            Ok(text) => Self::parse(text, &origin),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                Err(Error::Encoding { origin, line })
            }
        }
    }

    /// Layers `other` over this table: its entries are added, and where both
    /// tables list the same (ocr, truth) pair, `other`'s cost wins (as a
    /// `--dict` layer overrides the built-in data). This table's
    /// [`defaults`](Confusions::defaults) are kept.
    pub fn merge(&mut self, other: Confusions) {
        self.rules.extend(other.rules);
        self.sets = Default::default();
    }

    /// The entries indexed for the search (reversed: every string reversed).
    pub(crate) fn rule_set(&self, reversed: bool) -> &RuleSet {
        self.sets[usize::from(reversed)].get_or_init(|| RuleSet::new(self.rules(), reversed))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the table has no entries (defaults only).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The listed cost of OCR reading `truth` as `ocr` (both normalised as in
    /// [`Confusions::parse`]), if the table has that entry.
    pub fn cost(&self, ocr: &str, truth: &str) -> Option<f32> {
        let key = (
            Chars3::new(&normalise(ocr))?,
            Chars3::new(&normalise(truth))?,
        );
        self.rules.get(&key).map(|&u| u as f32 / SCALE as f32)
    }

    /// Whether the table lists `ocr` as OCR's reading of one letter at
    /// `max` or less (`@` for `a`, `®` for `e`): a sign read for a letter.
    pub fn reads_a_letter(&self, ocr: &str, max: f32) -> bool {
        self.letters_read(ocr, max).next().is_some()
    }

    /// The letters the table lists `ocr` as OCR's reading of at `max` or
    /// less, in the order of the letters (`@` for `a` and `e`), read off a
    /// range of the table.
    pub fn letters_read(&self, ocr: &str, max: f32) -> impl Iterator<Item = char> + '_ {
        let o = Chars3::new(&normalise(ocr));
        o.into_iter().flat_map(move |o| {
            self.rules
                .range((o, Chars3::default())..)
                .take_while(move |((k, _), _)| *k == o)
                .filter(move |((_, t), &u)| {
                    t.len == 1 && t.c[0].is_alphabetic() && u as f32 / SCALE as f32 <= max
                })
                .map(|((_, t), _)| t.c[0])
        })
    }

    /// The entries as `(ocr, truth, cost)`, sorted by ocr, then truth.
    pub fn entries(&self) -> impl Iterator<Item = (String, String, f32)> + '_ {
        self.rules
            .iter()
            .map(|(&(o, t), &u)| (o.text(), t.text(), u as f32 / SCALE as f32))
    }

    pub(crate) fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        self.rules
            .iter()
            .map(|(&(ocr, truth), &cost)| Rule { ocr, truth, cost })
    }
}

/// Parses a decimal cost in (0, 1] to units; `None` if malformed, out of
/// range, or below the 0.001 resolution.
fn parse_cost(text: &str) -> Option<u32> {
    let value: f64 = text.parse().ok()?;
    if !(value > 0.0 && value <= 1.0) {
        return None;
    }
    let u = (value * f64::from(SCALE)).round() as u32;
    (u >= 1).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "# test table\nocr\ttruth\tcost\n";

    #[test]
    fn a_sign_reads_a_letter_only_where_a_cheap_entry_makes_it_one() {
        let t = Confusions::parse(
            &format!("{HEADER}@\ta\t0.3\n|\tl\t0.6\n.\t\t0.3\n©\tco\t0.2\n"),
            "t.tsv",
        )
        .unwrap();
        assert!(t.reads_a_letter("@", 0.4));
        assert!(!t.reads_a_letter("|", 0.4)); // too dear
        assert!(!t.reads_a_letter(".", 0.4)); // junk, read as nothing
        assert!(!t.reads_a_letter("©", 0.4)); // two letters
        assert!(!t.reads_a_letter("#", 0.4)); // not listed
        assert_eq!(t.letters_read("@", 0.4).collect::<Vec<_>>(), ['a']);
    }

    #[test]
    fn parses_all_entry_kinds() {
        let t = Confusions::parse(
            &format!("{HEADER}ь\tы\t0.3\nьі\tы\t0.2\n.\t\t0.1\n\tь\t0.5\nRN\tM\t0.3\n"),
            "t.tsv",
        )
        .unwrap();
        assert_eq!(t.len(), 5);
        assert_eq!(t.cost("ь", "ы"), Some(0.3));
        assert_eq!(t.cost("ьі", "ы"), Some(0.2));
        assert_eq!(t.cost(".", ""), Some(0.1));
        assert_eq!(t.cost("", "ь"), Some(0.5));
        assert_eq!(t.cost("rn", "m"), Some(0.3), "stored lowercased");
        assert_eq!(t.cost("ы", "ь"), None);
    }

    #[test]
    fn comments_blank_lines_and_crlf() {
        let t = Confusions::parse(
            "# a\r\n\r\nocr\ttruth\tcost\r\n# b\r\nш\tщ\t0.4\r\n\r\n",
            "t",
        )
        .unwrap();
        assert_eq!(
            t.entries().collect::<Vec<_>>(),
            vec![("ш".into(), "щ".into(), 0.4)]
        );
    }

    #[test]
    fn yo_folds_and_identity_after_folding_is_dropped() {
        let t = Confusions::parse(&format!("{HEADER}Ё\tе\t0.1\nе\tЁж\t0.5\n"), "t").unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t.cost("е", "еж"), Some(0.5));
    }

    fn err(text: &str) -> String {
        Confusions::parse(text, "ru/confusions.tsv")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn errors_name_file_and_line() {
        assert_eq!(
            err(""),
            "ru/confusions.tsv:2: expected the header row \"ocr<TAB>truth<TAB>cost\", found \"\""
        );
        assert_eq!(
            err("# c\nocr truth cost\n"),
            "ru/confusions.tsv:2: expected the header row \"ocr<TAB>truth<TAB>cost\", found \"ocr truth cost\""
        );
        assert_eq!(
            err(&format!("{HEADER}ь\tы\n")),
            "ru/confusions.tsv:3: expected 3 tab-separated columns (ocr, truth, cost), found 2"
        );
        assert_eq!(
            err(&format!("{HEADER}ь\tы\t0\n")),
            "ru/confusions.tsv:3: cost \"0\" is not a number in (0, 1] (resolution 0.001)"
        );
        assert!(
            err(&format!("{HEADER}ь\tы\t1.5\n")).starts_with("ru/confusions.tsv:3: cost \"1.5\"")
        );
        assert!(err(&format!("{HEADER}ь\tы\tx\n")).starts_with("ru/confusions.tsv:3: cost \"x\""));
        assert!(err(&format!("{HEADER}ь\tы\t0.0001\n")).starts_with("ru/confusions.tsv:3: cost"));
        assert_eq!(
            err(&format!("{HEADER}\n\nабвг\tа\t0.5\n")),
            "ru/confusions.tsv:5: ocr \"абвг\" is longer than 3 characters"
        );
        assert_eq!(
            err(&format!("{HEADER}\t\t0.5\n")),
            "ru/confusions.tsv:3: ocr \"\" and truth \"\" describe no edit"
        );
        assert_eq!(
            err(&format!("{HEADER}ш\tщ\t0.4\nШ\tщ\t0.5\n")),
            "ru/confusions.tsv:4: duplicate entry \"ш\" -> \"щ\" (first on line 3)"
        );
    }

    #[test]
    fn load_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf.tsv");
        std::fs::write(&path, b"ocr\ttruth\tcost\nb\tc\t0.3\n\xff\n").unwrap();
        let e = Confusions::load(&path).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}: confusion table is not valid UTF-8 (first bad byte on line 3)",
                path.display()
            )
        );
        let e = Confusions::load(&dir.path().join("missing.tsv")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }));
        assert!(e.to_string().starts_with(&format!(
            "{}: cannot read",
            dir.path().join("missing.tsv").display()
        )));
    }

    #[test]
    fn merge_overrides_and_keeps_defaults() {
        let mut a = Confusions::parse(&format!("{HEADER}ь\tы\t0.3\nш\tщ\t0.4\n"), "a").unwrap();
        a.defaults.substitution = 0.9;
        let b = Confusions::parse(&format!("{HEADER}ь\tы\t0.1\nrn\tm\t0.3\n"), "b").unwrap();
        a.merge(b);
        assert_eq!(a.len(), 3);
        assert_eq!(a.cost("ь", "ы"), Some(0.1));
        assert_eq!(a.cost("ш", "щ"), Some(0.4));
        assert_eq!(a.cost("rn", "m"), Some(0.3));
        assert_eq!(a.defaults.substitution, 0.9);
    }

    #[test]
    fn units_clamp_and_reject() {
        assert_eq!(units(1.0), Some(1000));
        assert_eq!(units(0.0001), Some(1));
        assert_eq!(units(1e9), Some(MAX_EDIT_UNITS));
        assert_eq!(units(0.0), None);
        assert_eq!(units(f32::INFINITY), None);
        assert_eq!(units(f32::NAN), None);
    }
}
