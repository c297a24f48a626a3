//! The figures of one file (`score.py`'s `score_pair`) and their sums.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::levenshtein::{distance, editops, opcodes_from_editops, OpKind};
use super::normalise::normalise;

/// The figures of one file or of a sum of files, as `score.py` reports them.
///
/// Counts are after normalisation (see [`normalise`](super::normalise())) and in
/// Unicode code points (Python `len`), not bytes.  Rates are percentages,
/// `None` where the denominator is 0 (`n/a` in the table, `null` in JSON).
/// Sums are micro-averaged: rates of a sum are sums of distances over sums of
/// lengths, never means of the files' rates.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Characters of the normalised ground truth.
    pub gt_chars: usize,
    /// Whitespace-separated words of the normalised ground truth.
    pub gt_words: usize,
    /// Character Levenshtein distance from the OCR text to the ground truth.
    pub ocr_cd: usize,
    /// Word Levenshtein distance from the OCR words to the ground-truth words.
    pub ocr_wd: usize,
    /// CER of the OCR text: `100 * ocr_cd / gt_chars`.
    pub ocr_cer: Option<f64>,
    /// WER of the OCR text: `100 * ocr_wd / gt_words`.
    pub ocr_wer: Option<f64>,
    /// The figures of the corrected text; `None` without a corrected folder.
    #[serde(flatten)]
    pub corrected: Option<CorrectedScores>,
}

/// The figures of a corrected text against the OCR text and the ground truth.
///
/// The token figures count ground-truth tokens (see [`Scores`] and
/// `score.py --help`): each GT token gets the piece of the OCR and of the
/// corrected text aligned to it, including the following separator, so a
/// merge or a split makes the token wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CorrectedScores {
    /// Character Levenshtein distance from the corrected text to the ground truth.
    pub corr_cd: usize,
    /// Word Levenshtein distance from the corrected words to the ground-truth words.
    pub corr_wd: usize,
    /// Ground-truth tokens (split at single spaces of the normalised text).
    pub tokens: usize,
    /// GT tokens the OCR got wrong.
    pub wrong: usize,
    /// GT tokens whose aligned text differs between OCR and correction.
    pub changed: usize,
    /// Changed, and now equal to the GT token (was wrong).
    pub fixed: usize,
    /// Changed, was equal to the GT token, now is not.
    pub broken: usize,
    /// Changed, was wrong, still wrong.
    pub still: usize,
    /// CER of the corrected text: `100 * corr_cd / gt_chars`.
    pub corr_cer: Option<f64>,
    /// WER of the corrected text: `100 * corr_wd / gt_words`.
    pub corr_wer: Option<f64>,
    /// ICDAR "% improvement": `100 * (ocr_cd - corr_cd) / ocr_cd`; positive
    /// means the correction helped.
    pub improvement: Option<f64>,
    /// Token correction precision: `100 * fixed / changed`.
    pub precision: Option<f64>,
    /// Token correction recall: `100 * fixed / wrong`.
    pub recall: Option<f64>,
}

/// `score.py`'s `pct`: a percentage, `None` when the denominator is 0.
/// Computed as `100.0 * num / den` in this order, like Python, so the
/// floating-point results are identical.
fn pct(num: i64, den: usize) -> Option<f64> {
    (den != 0).then(|| 100.0 * num as f64 / den as f64)
}

impl Scores {
    /// Builds the figures from counts, computing the rates (`score.py`'s
    /// `finish`).
    fn from_counts(
        gt_chars: usize,
        gt_words: usize,
        ocr_cd: usize,
        ocr_wd: usize,
        corrected: Option<TokenCounts>,
    ) -> Scores {
        let corrected = corrected.map(|c| CorrectedScores {
            corr_cd: c.corr_cd,
            corr_wd: c.corr_wd,
            tokens: c.tokens,
            wrong: c.wrong,
            changed: c.changed,
            fixed: c.fixed,
            broken: c.broken,
            still: c.still,
            corr_cer: pct(c.corr_cd as i64, gt_chars),
            corr_wer: pct(c.corr_wd as i64, gt_words),
            improvement: pct(ocr_cd as i64 - c.corr_cd as i64, ocr_cd),
            precision: pct(c.fixed as i64, c.changed),
            recall: pct(c.fixed as i64, c.wrong),
        });
        Scores {
            gt_chars,
            gt_words,
            ocr_cd,
            ocr_wd,
            ocr_cer: pct(ocr_cd as i64, gt_chars),
            ocr_wer: pct(ocr_wd as i64, gt_words),
            corrected,
        }
    }

    /// The micro-averaged sum of several files' figures (`score.py`'s
    /// `total`): counts are added and the rates computed from the sums.  The
    /// corrected figures are present only if every file has them (and there
    /// is at least one file).
    pub fn sum<'a, I: IntoIterator<Item = &'a Scores>>(items: I) -> Scores {
        let mut gt_chars = 0;
        let mut gt_words = 0;
        let mut ocr_cd = 0;
        let mut ocr_wd = 0;
        let mut corr = Some(TokenCounts::default());
        let mut any = false;
        for s in items {
            any = true;
            gt_chars += s.gt_chars;
            gt_words += s.gt_words;
            ocr_cd += s.ocr_cd;
            ocr_wd += s.ocr_wd;
            corr = match (corr, &s.corrected) {
                (Some(t), Some(c)) => Some(TokenCounts {
                    corr_cd: t.corr_cd + c.corr_cd,
                    corr_wd: t.corr_wd + c.corr_wd,
                    tokens: t.tokens + c.tokens,
                    wrong: t.wrong + c.wrong,
                    changed: t.changed + c.changed,
                    fixed: t.fixed + c.fixed,
                    broken: t.broken + c.broken,
                    still: t.still + c.still,
                }),
                _ => None,
            };
        }
        Scores::from_counts(gt_chars, gt_words, ocr_cd, ocr_wd, corr.filter(|_| any))
    }
}

/// The counts behind [`CorrectedScores`].
#[derive(Clone, Copy, Debug, Default)]
struct TokenCounts {
    corr_cd: usize,
    corr_wd: usize,
    tokens: usize,
    wrong: usize,
    changed: usize,
    fixed: usize,
    broken: usize,
    still: usize,
}

/// Maps characters (or words) to dense ids 0, 1, 2, ... so that the
/// bit-parallel tables stay small.
struct Interner<K> {
    ids: HashMap<K, u32>,
}

impl<K: std::hash::Hash + Eq> Interner<K> {
    fn new() -> Self {
        Interner {
            ids: HashMap::new(),
        }
    }

    fn id(&mut self, k: K) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(k).or_insert(next)
    }
}

/// A normalised text as characters, their ids and its word ids.
struct Prepared {
    chars: Vec<u32>,
    words: Vec<u32>,
}

fn prepare<'a>(
    text: &'a str,
    chars: &mut Interner<char>,
    words: &mut Interner<&'a str>,
) -> Prepared {
    Prepared {
        chars: text.chars().map(|c| chars.id(c)).collect(),
        // the text is normalised: words are separated by single spaces
        words: text
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| words.id(w))
            .collect(),
    }
}

/// Scores one file from its raw texts: what `score.py`'s `score_pair` does.
///
/// `gt`, `ocr` and `corrected` are the texts as read from the files; each is
/// normalised with [`normalise`](super::normalise()) first.
///
/// ```
/// use corrigenda::eval::score_texts;
/// let s = score_texts("кот сидит на окне", "кот снднт на окие", Some("кот сидит на окие"), true);
/// assert_eq!((s.gt_chars, s.ocr_cd, s.ocr_wd), (17, 3, 2));
/// let c = s.corrected.unwrap();
/// assert_eq!((c.corr_cd, c.wrong, c.changed, c.fixed), (1, 2, 1, 1));
/// ```
pub fn score_texts(gt: &str, ocr: &str, corrected: Option<&str>, hyphen_join: bool) -> Scores {
    let g = normalise(gt, hyphen_join);
    let o = normalise(ocr, hyphen_join);
    let c = corrected.map(|c| normalise(c, hyphen_join));
    let mut ci = Interner::new();
    let mut wi = Interner::new();
    let gp = prepare(&g, &mut ci, &mut wi);
    let op = prepare(&o, &mut ci, &mut wi);
    let ocr_cd = distance(&op.chars, &gp.chars);
    let ocr_wd = distance(&op.words, &gp.words);
    let counts = c.as_deref().map(|c| {
        let cp = prepare(c, &mut ci, &mut wi);
        let space = ci.id(' ');
        let mut t = token_counts(&gp.chars, &op.chars, &cp.chars, space);
        t.corr_cd = distance(&cp.chars, &gp.chars);
        t.corr_wd = distance(&cp.words, &gp.words);
        t
    });
    Scores::from_counts(gp.chars.len(), gp.words.len(), ocr_cd, ocr_wd, counts)
}

/// `score.py`'s `cursor_map`: `h[p]` is the position in `dst` where `src`
/// character `p` starts (before any insertion at `p`), from rapidfuzz's
/// alignment of `src` to `dst`.
pub(crate) fn cursor_map(src: &[u32], dst: &[u32]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let mut h = vec![NONE; src.len() + 1];
    let ops = editops(src, dst);
    for op in opcodes_from_editops(&ops, src.len(), dst.len()) {
        match op.kind {
            OpKind::Insert => {
                if h[op.src_start] == NONE {
                    h[op.src_start] = op.dest_start;
                }
            }
            OpKind::Delete => {
                for slot in &mut h[op.src_start..op.src_end] {
                    if *slot == NONE {
                        *slot = op.dest_start;
                    }
                }
            }
            OpKind::Equal | OpKind::Replace => {
                let len = op.dest_end - op.dest_start;
                for (k, slot) in h[op.src_start..op.src_end].iter_mut().enumerate() {
                    if *slot == NONE {
                        *slot = op.dest_start + k.min(len);
                    }
                }
            }
        }
    }
    if h[src.len()] == NONE {
        h[src.len()] = dst.len();
    }
    h
}

/// One GT token's state against a hypothesis: whether its left boundary is
/// right, and the hypothesis piece aligned to it (with the separator after).
struct TokenState {
    left_ok: bool,
    view: Range<usize>,
    correct: bool,
}

/// `score.py`'s `token_states`.
fn token_states(gt: &[u32], hyp: &[u32], space: u32) -> Vec<TokenState> {
    if gt.is_empty() {
        return Vec::new();
    }
    // tokens: split at every space (the text is normalised, so no empty tokens)
    let mut starts = vec![0];
    starts.extend(
        gt.iter()
            .enumerate()
            .filter(|(_, &c)| c == space)
            .map(|(i, _)| i + 1),
    );
    let n = starts.len();
    let h = cursor_map(gt, hyp);
    let mut out = Vec::with_capacity(n);
    let mut left_ok = true;
    for i in 0..n {
        let a = if i == 0 { 0 } else { h[starts[i]] };
        let b = if i == n - 1 {
            hyp.len()
        } else {
            h[starts[i + 1]]
        };
        // Python slicing: clamp, empty when a >= b
        let (a, b) = (a.min(hyp.len()), b.min(hyp.len()));
        let view = if a < b { a..b } else { a..a };
        // expected: the token plus the following space (none for the last)
        let tok_end = if i == n - 1 { gt.len() } else { starts[i + 1] };
        let expected = &gt[starts[i]..tok_end];
        let correct = left_ok && &hyp[view.clone()] == expected;
        let next_left_ok = hyp[view.clone()].last() == Some(&space);
        out.push(TokenState {
            left_ok,
            view,
            correct,
        });
        left_ok = next_left_ok;
    }
    out
}

/// `score.py`'s `token_counts` (without the distances).
fn token_counts(gt: &[u32], ocr: &[u32], corr: &[u32], space: u32) -> TokenCounts {
    let so = token_states(gt, ocr, space);
    let sc = token_states(gt, corr, space);
    let mut c = TokenCounts {
        tokens: so.len(),
        ..TokenCounts::default()
    };
    for (o, k) in so.iter().zip(&sc) {
        if !o.correct {
            c.wrong += 1;
        }
        let same = o.left_ok == k.left_ok && ocr[o.view.clone()] == corr[k.view.clone()];
        if !same {
            c.changed += 1;
            if k.correct && !o.correct {
                c.fixed += 1;
            } else if o.correct && !k.correct {
                c.broken += 1;
            } else if !o.correct && !k.correct {
                c.still += 1;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64) -> bool {
        got.is_some_and(|g| (g - want).abs() <= 0.01)
    }

    #[test]
    fn selftest_case_2_two_substitutions_one_fixed() {
        let s = score_texts(
            "кот сидит на окне",
            "кот снднт на окие",
            Some("кот сидит на окие"),
            true,
        );
        assert_eq!(s.ocr_cd, 3);
        assert!(close(s.ocr_cer, 300.0 / 17.0) && close(s.ocr_wer, 50.0));
        let c = s.corrected.unwrap();
        assert!(close(c.corr_cer, 100.0 / 17.0) && close(c.corr_wer, 25.0));
        assert!(close(c.improvement, 200.0 / 3.0));
        assert_eq!(
            (c.wrong, c.changed, c.fixed, c.broken, c.still),
            (2, 1, 1, 0, 0)
        );
        assert!(close(c.precision, 100.0) && close(c.recall, 50.0));
    }

    #[test]
    fn selftest_case_3_fixed_broken_still() {
        let s = score_texts(
            "мы идем домой сейчас",
            "мы ндем дом0й сейчас",
            Some("мы идём домой сеичас"),
            true,
        );
        assert!(close(s.ocr_cer, 10.0) && close(s.ocr_wer, 50.0));
        let c = s.corrected.unwrap();
        assert!(close(c.corr_cer, 10.0) && close(c.improvement, 0.0));
        assert_eq!(
            (c.wrong, c.changed, c.fixed, c.broken, c.still),
            (2, 3, 1, 1, 1)
        );
        assert!(close(c.precision, 100.0 / 3.0) && close(c.recall, 50.0));
    }

    #[test]
    fn selftest_case_5_and_6_undefined_and_negative_improvement() {
        let c = score_texts("rn m", "rn m", Some("m m"), true)
            .corrected
            .unwrap();
        assert_eq!((c.corr_cd, c.broken), (2, 1));
        assert_eq!(c.improvement, None);
        assert_eq!(c.recall, None);
        assert!(close(c.precision, 0.0) && close(c.corr_cer, 50.0));
        let c = score_texts("0 O", "O O", Some("Q 0"), true)
            .corrected
            .unwrap();
        assert!(close(c.improvement, -100.0));
        assert_eq!((c.changed, c.fixed, c.broken, c.still), (2, 0, 1, 1));
    }

    #[test]
    fn selftest_case_7_totals_are_micro_averaged() {
        let a = Scores::from_counts(10, 2, 1, 1, None);
        let b = Scores::from_counts(30, 6, 9, 3, None);
        let t = Scores::sum([&a, &b]);
        assert!(close(t.ocr_cer, 25.0) && close(t.ocr_wer, 50.0));
        assert_eq!(t.corrected, None);
    }

    #[test]
    fn empty_texts() {
        let s = score_texts("", "abc", Some(""), true);
        assert_eq!((s.gt_chars, s.gt_words, s.ocr_cd, s.ocr_wd), (0, 0, 3, 1));
        assert_eq!(s.ocr_cer, None);
        let c = s.corrected.unwrap();
        assert_eq!((c.tokens, c.corr_cd, c.improvement), (0, 0, Some(100.0)));
    }
}
