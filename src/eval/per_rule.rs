//! What each rule's changes do to the character edit distance (`--per-rule`).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::error::Error;
use super::levenshtein::distance;
use super::normalise::normalise;

/// One applied change: replace `ocr[start..end]` (byte offsets into the OCR
/// text, on character boundaries) with `replacement`; made by `rule`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    /// Byte offset where the replaced text starts.
    pub start: usize,
    /// Byte offset where the replaced text ends (exclusive; `start` for an
    /// insertion).
    pub end: usize,
    /// The text put in its place.
    pub replacement: String,
    /// The rule that made the change (e.g. `lexicon:ru`, `pattern:ru/line-start-speck`).
    pub rule: String,
}

/// For each rule, the net change of the character edit distance to the
/// ground truth when only that rule's changes are applied to the OCR text:
/// `d(ocr with the rule's changes, gt) - d(ocr, gt)`, after the same
/// normalisation as CER (hyphen join on).  Negative means the rule helps.
///
/// Rules interact (two rules' changes may fix the same error, or one
/// rule's change only helps after another's), so the values need not add up
/// to the effect of all changes together.  Sum over files with
/// [`add_per_rule`].
///
/// ```
/// use corrigenda::eval::{per_rule, Change};
/// let ch = |s, e, r: &str, rule: &str| Change { start: s, end: e, replacement: r.into(), rule: rule.into() };
/// let m = per_rule("the cat sat", "tbe cat sot", &[ch(0, 3, "the", "lexicon"), ch(8, 11, "set", "bad")])?;
/// assert_eq!(m["lexicon"], -1);
/// assert_eq!(m["bad"], 0);
/// # Ok::<(), corrigenda::eval::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::BadChange`] when a change's span is reversed, beyond the text,
/// not on a character boundary, or overlaps another change.
pub fn per_rule(
    gt_text: &str,
    ocr_text: &str,
    changes: &[Change],
) -> Result<BTreeMap<String, i64>, Error> {
    per_rule_with(gt_text, ocr_text, changes, true)
}

/// [`per_rule`] with the hyphen join of the normalisation on or off
/// (`Options::hyphen_join`).
///
/// # Errors
///
/// As [`per_rule`].
pub fn per_rule_with(
    gt_text: &str,
    ocr_text: &str,
    changes: &[Change],
    hyphen_join: bool,
) -> Result<BTreeMap<String, i64>, Error> {
    per_rule_read(gt_text, ocr_text, changes, hyphen_join, None)
}

/// A reader of the text of a source: an hOCR or ALTO file's words, as
/// `run` reads them (`None` when the source cannot be read).
pub type ReadText<'a> = &'a dyn Fn(&str) -> Option<String>;

/// [`per_rule_with`] for a source whose text is read from it by `read` (an
/// hOCR or ALTO file, whose changes are spans of its markup): the OCR text
/// is read from the source, and each rule's text from the source with that
/// rule's changes made. Without `read`, the source is the text.
///
/// # Errors
///
/// As [`per_rule`]; and [`Error::BadChange`] for a rule's first change when
/// the source with that rule's changes made cannot be read.
pub fn per_rule_read(
    gt_text: &str,
    source: &str,
    changes: &[Change],
    hyphen_join: bool,
    read: Option<ReadText<'_>>,
) -> Result<BTreeMap<String, i64>, Error> {
    let order = checked_order(source, changes)?;
    let mut by_rule: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for &i in &order {
        by_rule
            .entry(changes[i].rule.as_str())
            .or_default()
            .push(&changes[i]);
    }
    let unreadable = |c: &Change| Error::BadChange {
        index: changes.iter().position(|x| x == c).unwrap_or(0),
        start: c.start,
        end: c.end,
        rule: c.rule.clone(),
        reason: "the source with its rule's changes made cannot be read",
    };
    let Some(mut measure) = Measure::new(gt_text, source, hyphen_join, read) else {
        return Err(match changes.first() {
            Some(c) => unreadable(c),
            None => return Ok(BTreeMap::new()),
        });
    };
    by_rule
        .into_iter()
        .map(|(rule, list)| match measure.delta(&list) {
            Some(d) => Ok((rule.to_owned(), d)),
            None => Err(unreadable(list[0])),
        })
        .collect()
}

/// For each change, in the order given, the net change of the character
/// edit distance to the ground truth when only that change is made to the
/// OCR text (normalised as [`per_rule_with`] does): negative means the
/// change brings the text closer. This judges changes one by one, as a
/// reviewer would (`learn --calibrate` uses it to measure each rule).
///
/// ```
/// use corrigenda::eval::{per_change, Change};
/// let ch = |s, e, r: &str| Change { start: s, end: e, replacement: r.into(), rule: "r".into() };
/// let d = per_change("the cat sat", "tbe cat sot", &[ch(0, 3, "the"), ch(8, 11, "set")], true)?;
/// assert_eq!(d, [-1, 0]);
/// # Ok::<(), corrigenda::eval::Error>(())
/// ```
///
/// # Errors
///
/// As [`per_rule`].
pub fn per_change(
    gt_text: &str,
    ocr_text: &str,
    changes: &[Change],
    hyphen_join: bool,
) -> Result<Vec<i64>, Error> {
    checked_order(ocr_text, changes)?;
    let mut measure =
        Measure::new(gt_text, ocr_text, hyphen_join, None).expect("plain text reads as itself");
    Ok(changes
        .iter()
        .map(|c| measure.delta(&[c]).expect("plain text reads as itself"))
        .collect())
}

/// The indices of `changes` sorted by position, after checking that each
/// span lies in `ocr_text` on character boundaries and that none overlap.
fn checked_order(ocr_text: &str, changes: &[Change]) -> Result<Vec<usize>, Error> {
    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|&i| (changes[i].start, changes[i].end));
    let mut prev_end = 0;
    for &i in &order {
        let c = &changes[i];
        let reason = if c.start > c.end {
            Some("start after end")
        } else if c.end > ocr_text.len() {
            Some("beyond the end of the OCR text")
        } else if !ocr_text.is_char_boundary(c.start) || !ocr_text.is_char_boundary(c.end) {
            Some("not on a character boundary")
        } else if c.start < prev_end {
            Some("overlaps another change")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(Error::BadChange {
                index: i,
                start: c.start,
                end: c.end,
                rule: c.rule.clone(),
                reason,
            });
        }
        prev_end = c.end;
    }
    Ok(order)
}

/// Distances to one ground truth of the OCR text with some of its changes
/// made.
struct Measure<'a> {
    ids: HashMap<char, u32>,
    gt: Vec<u32>,
    ocr_text: &'a str,
    base: i64,
    hyphen_join: bool,
    read: Option<ReadText<'a>>,
}

impl<'a> Measure<'a> {
    /// `None` when `read` cannot read the OCR source.
    fn new(
        gt_text: &str,
        ocr_text: &'a str,
        hyphen_join: bool,
        read: Option<ReadText<'a>>,
    ) -> Option<Self> {
        let mut m = Measure {
            ids: HashMap::new(),
            gt: Vec::new(),
            ocr_text,
            base: 0,
            hyphen_join,
            read,
        };
        m.gt = m.intern(&normalise(gt_text, hyphen_join));
        let text = m.text_of(ocr_text)?;
        let ocr = m.intern(&normalise(&text, hyphen_join));
        m.base = distance(&ocr, &m.gt) as i64;
        Some(m)
    }

    /// The text of a source.
    fn text_of(&self, source: &str) -> Option<String> {
        match self.read {
            Some(read) => read(source),
            None => Some(source.to_string()),
        }
    }

    /// Characters as dense symbol ids (the distance's pattern tables are
    /// indexed by symbol).
    fn intern(&mut self, text: &str) -> Vec<u32> {
        text.chars()
            .map(|c| {
                let next = self.ids.len() as u32;
                *self.ids.entry(c).or_insert(next)
            })
            .collect()
    }

    /// The distance with `list` (sorted, not overlapping) made, minus the
    /// OCR text's; `None` when the source so made cannot be read.
    fn delta(&mut self, list: &[&Change]) -> Option<i64> {
        let mut text = String::with_capacity(self.ocr_text.len());
        let mut pos = 0;
        for c in list {
            text.push_str(&self.ocr_text[pos..c.start]);
            text.push_str(&c.replacement);
            pos = c.end;
        }
        text.push_str(&self.ocr_text[pos..]);
        let text = self.text_of(&text)?;
        let hyp = self.intern(&normalise(&text, self.hyphen_join));
        Some(distance(&hyp, &self.gt) as i64 - self.base)
    }
}

/// Adds one file's [`per_rule`] figures to running totals.
pub fn add_per_rule(totals: &mut BTreeMap<String, i64>, file: &BTreeMap<String, i64>) {
    for (rule, delta) in file {
        *totals.entry(rule.clone()).or_insert(0) += delta;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(start: usize, end: usize, r: &str, rule: &str) -> Change {
        Change {
            start,
            end,
            replacement: r.to_owned(),
            rule: rule.to_owned(),
        }
    }

    #[test]
    fn a_source_with_markup_is_measured_by_the_text_read_from_it() {
        // The words' text between tags; a source that does not close its
        // tags cannot be read.
        let read = |src: &str| {
            (src.matches("<w>").count() == src.matches("</w>").count())
                .then(|| src.replace("<w>", "").replace("</w>", ""))
        };
        let src = "<w>re</w> <w>quest</w> <w>tbe</w>";
        let join = src.find("</w> <w>quest").unwrap();
        let changes = [
            ch(join, join + "</w> <w>".len(), "", "join"),
            ch(
                src.find("tbe").unwrap(),
                src.find("tbe").unwrap() + 3,
                "the",
                "lexicon",
            ),
            ch(0, 3, "", "breaks"),
        ];
        let m = per_rule_read("request the", src, &changes[..2], true, Some(&read)).unwrap();
        assert_eq!((m["join"], m["lexicon"]), (-1, -1));
        let err = per_rule_read("request the", src, &changes, true, Some(&read)).unwrap_err();
        assert!(matches!(err, Error::BadChange { index: 2, .. }), "{err}");
    }

    #[test]
    fn each_rule_is_measured_alone() {
        // GT "кот сидит на окне"; OCR has и->н twice in "снднт" and н->и in "окие"
        let ocr = "кот снднт на окие";
        let s = ocr.find("снднт").unwrap();
        let o = ocr.find("окие").unwrap();
        let changes = [
            ch(s, s + "снднт".len(), "сидит", "lexicon"),
            ch(o, o + "окие".len(), "окно", "bad"),
            ch(0, 0, "", "noop"),
        ];
        let m = per_rule("кот сидит на окне", ocr, &changes).unwrap();
        assert_eq!(m["lexicon"], -2);
        assert_eq!(m["bad"], 0); // окие -> окно: 1 error -> 1 error
        assert_eq!(m["noop"], 0);
        let mut t = BTreeMap::new();
        add_per_rule(&mut t, &m);
        add_per_rule(&mut t, &m);
        assert_eq!(t["lexicon"], -4);
    }

    #[test]
    fn each_change_is_measured_alone() {
        // two changes of one rule: one fixes, one breaks; `per_rule` nets
        // them out, `per_change` tells them apart
        let ocr = "кот снднт на окне";
        let s = ocr.find("снднт").unwrap();
        let o = ocr.find("окне").unwrap();
        let changes = [
            ch(o, o + "окне".len(), "окие", "lexicon"),
            ch(s, s + "снднт".len(), "сидит", "lexicon"),
        ];
        let gt = "кот сидит на окне";
        assert_eq!(per_change(gt, ocr, &changes, true).unwrap(), [1, -2]);
        assert_eq!(per_rule(gt, ocr, &changes).unwrap()["lexicon"], -1);
        let overlap = [ch(0, 4, "x", "a"), ch(2, 6, "y", "b")];
        assert!(per_change(gt, ocr, &overlap, true).is_err());
    }

    #[test]
    fn normalisation_applies_to_the_changed_text() {
        // inserting a line-end hyphen break is neutral after the hyphen join
        let m = per_rule("добровольных", "добровольных", &[ch(10, 10, "-\n", "hyph")]).unwrap();
        assert_eq!(m["hyph"], 0);
    }

    #[test]
    fn bad_changes_are_rejected() {
        let text = "жук";
        for (c, why) in [
            (ch(2, 1, "", "r"), "start after end"),
            (ch(0, 99, "", "r"), "beyond the end of the OCR text"),
            (ch(1, 2, "", "r"), "not on a character boundary"),
        ] {
            match per_rule("жук", text, &[c]) {
                Err(Error::BadChange { reason, .. }) => assert_eq!(reason, why),
                other => panic!("{other:?}"),
            }
        }
        let overlap = [ch(0, 4, "x", "a"), ch(2, 6, "y", "b")];
        assert!(matches!(
            per_rule("жук", text, &overlap),
            Err(Error::BadChange { index: 1, .. })
        ));
    }
}
