//! The whole-document pass: what only the whole document shows.
//!
//! - **Agreement** (`consistency:<id>`): a slot declared with `agree = "<id>"`
//!   in `headers.toml` (the cipher's number and suffix on the first page and
//!   on every `Продолжение ШИФРОВКИ № …` header) must have one value in the
//!   whole document. The values read are voted on; a value that at least
//!   two others outvote, and that is close to theirs, is an OCR error and is
//!   given the majority value (`600308/в` → `600308/ш`).
//! - **Page sequence** (`consistency:page-sequence`): page markers
//!   (`Лист № N`, `- N -`, `PAGE TWO OF …`) must count up from 2. A marker
//!   whose number cannot be read gets the number the sequence (and, in a
//!   text with form feeds, the page it stands on) gives it; a number that
//!   skips pages is flagged where the gap shows (`Лист № 2`, `Лист № 4`: the
//!   flag is on `Лист № 4`, page 3 is missing).
//!
//! The pass only looks at values; the header rules ([`super::header`]) find
//! them and turn its verdicts into changes.

use std::collections::BTreeMap;

use crate::search::{distance, Confusions};

/// One occurrence of an agreeing slot.
#[derive(Debug, Clone)]
pub(crate) struct Use {
    /// The agreement group (`doc-number`).
    pub(crate) agree: String,
    /// The slot's name (`docnum`, `suffix`): each name is voted on apart.
    pub(crate) name: String,
    /// The value as read and decided, if readable.
    pub(crate) value: Option<String>,
    /// The slot's text as OCR read it.
    pub(crate) original: String,
}

/// A use whose value the vote replaces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Override {
    /// Index into the uses.
    pub(crate) index: usize,
    /// The majority value.
    pub(crate) value: String,
    /// Confidence.
    pub(crate) confidence: f32,
    /// `consistency:<agree>`.
    pub(crate) rule: String,
}

/// How far (normalised OCR-aware distance) an outvoted value may be from the
/// majority's and still be taken for a misreading of it.
const MAX_OUTLIER_DISTANCE: f32 = 0.5;

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Votes on each agreement group and slot name.
pub(crate) fn vote(uses: &[Use], conf: &Confusions) -> Vec<Override> {
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, u) in uses.iter().enumerate() {
        groups
            .entry((u.agree.as_str(), u.name.as_str()))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for ((agree, _), members) in groups {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &members {
            if let Some(v) = &uses[i].value {
                *counts.entry(v.as_str()).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let Some(&(winner, wins)) = ranked.first() else {
            continue;
        };
        let runner_up = ranked.get(1).map_or(0, |r| r.1);
        // One readable value among unreadable ones is only a suggestion.
        let alone = wins == 1 && runner_up == 0;
        if (wins < 2 || wins <= runner_up) && !alone {
            continue;
        }
        let target = squeeze(winner);
        let n = target.chars().count().max(1);
        for &i in &members {
            let u = &uses[i];
            if u.value.as_deref() == Some(winner) {
                continue;
            }
            let read = squeeze(&u.original);
            let len = read.chars().count();
            // An unreadable value of about the right length is taken for
            // the majority's; a readable one must be close to it.
            let close = match u.value {
                None => len.abs_diff(n) <= 2 && len > 0,
                Some(_) => {
                    distance(conf, &read, &target) / n.max(len) as f32 <= MAX_OUTLIER_DISTANCE
                }
            };
            if !close {
                continue;
            }
            let theirs = u
                .value
                .as_deref()
                .map_or(0, |v| ranked.iter().find(|r| r.0 == v).map_or(0, |r| r.1));
            let confidence = if alone {
                0.6
            } else if wins >= 2 * theirs.max(1) {
                0.95
            } else {
                0.7
            };
            out.push(Override {
                index: i,
                value: winner.to_string(),
                confidence,
                rule: format!("consistency:{agree}"),
            });
        }
    }
    out.sort_by_key(|o| o.index);
    out
}

/// A page marker of the document, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The page number read, if readable.
    pub(crate) number: Option<u32>,
    /// The page (counted by form feeds) the marker stands on.
    pub(crate) physical: u32,
}

/// What the page sequence says about one marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    /// In sequence.
    Fine,
    /// The number should be this.
    Fill {
        /// The page number.
        number: u32,
        /// Confidence.
        confidence: f32,
    },
    /// Pages are missing before this marker.
    Gap,
    /// The number repeats or goes back.
    OutOfOrder,
}

/// The rule id of page-sequence findings.
pub(crate) const PAGE_SEQUENCE: &str = "consistency:page-sequence";

/// Checks the markers' sequence. `paginated`: the text has form feeds, so a
/// marker's physical page is evidence of its number.
pub(crate) fn page_sequence(markers: &[Marker], paginated: bool) -> Vec<Verdict> {
    let mut out = Vec::with_capacity(markers.len());
    let mut prev = 1u32;
    for (k, m) in markers.iter().enumerate() {
        let expected = prev + 1;
        let next = markers.get(k + 1).and_then(|n| n.number);
        let placed = paginated && m.physical == expected;
        let verdict = match m.number {
            None => Verdict::Fill {
                number: expected,
                confidence: if placed { 0.93 } else { 0.6 },
            },
            Some(n) if n == expected => Verdict::Fine,
            Some(_) if placed && next == Some(expected + 1) => Verdict::Fill {
                number: expected,
                confidence: 0.6,
            },
            Some(n) if n > expected => Verdict::Gap,
            Some(_) => Verdict::OutOfOrder,
        };
        prev = match (verdict, m.number) {
            (Verdict::Fill { number, .. }, _) => number,
            (_, Some(n)) => n,
            (_, None) => expected,
        };
        out.push(verdict);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(name: &str, value: &str) -> Use {
        Use {
            agree: "doc-number".into(),
            name: name.into(),
            value: Some(value.into()),
            original: value.into(),
        }
    }

    #[test]
    fn the_majority_wins_over_a_close_outlier() {
        // `в` is no cipher suffix: the slot read no value there.
        let unread = Use {
            value: None,
            ..u("s", "в")
        };
        let uses = [
            u("s", "ш"),
            u("s", "ш"),
            unread,
            u("s", "ш"),
            u("n", "600308"),
        ];
        let o = vote(&uses, &Confusions::default());
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].index, o[0].value.as_str()), (2, "ш"));
        assert_eq!(o[0].rule, "consistency:doc-number");
        assert!(o[0].confidence >= 0.9);
        // A tie decides nothing.
        assert!(vote(&[u("s", "ш"), u("s", "с")], &Confusions::default()).is_empty());
    }

    #[test]
    fn pages_missing_and_unreadable() {
        let m = |n: Option<u32>, p| Marker {
            number: n,
            physical: p,
        };
        let v = page_sequence(&[m(Some(2), 1), m(Some(4), 1), m(Some(5), 1)], false);
        assert_eq!(v, [Verdict::Fine, Verdict::Gap, Verdict::Fine]);
        let v = page_sequence(&[m(Some(2), 2), m(None, 3)], true);
        assert_eq!(
            v,
            [
                Verdict::Fine,
                Verdict::Fill {
                    number: 3,
                    confidence: 0.93
                }
            ]
        );
    }
}
