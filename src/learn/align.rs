//! From a character alignment of OCR text and ground truth to aligned words
//! and character edits.
//!
//! The texts are aligned with the eval module's alignment
//! ([`crate::eval::opcodes`], rapidfuzz's). Each OCR word (a `Word` or `Mixed`
//! token of [`crate::tokenize`], exactly what the correction rules look at)
//! takes the ground-truth characters aligned to its characters, plus
//! ground-truth letters inserted right at its edges. The pair is *clean*
//! when that ground-truth piece starts and ends at word boundaries of the
//! ground truth and is one word, or up to three words separated by single
//! spaces (an OCR merge such as `ofthe` → `of the`). Everything else (a
//! word split by OCR, junk without counterpart, punctuation read as letters)
//! is not clean and teaches nothing about words.

use crate::eval::{opcodes, OpKind};
use crate::tokenize::{tokenize, TokenKind};

/// One OCR word and what the ground truth has in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordPair {
    /// The OCR word as written.
    pub(crate) ocr: String,
    /// The ground-truth word(s), if the pair is clean.
    pub(crate) gt: Option<String>,
}

/// A ground-truth word and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GtWord {
    /// The word as written (a line-end hyphenation joined, a hyphenated
    /// compound whole).
    pub(crate) text: String,
    /// Whether the token before it is a word, a number or a comma-like mark
    /// (so a capital letter is not explained by a sentence start).
    pub(crate) mid_sentence: bool,
}

fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}" | "\u{ac}")
}

/// Aligns an OCR text with its ground truth and pairs the OCR words with
/// ground-truth words.
pub(crate) fn word_pairs(ocr: &str, gt: &str) -> Vec<WordPair> {
    let o: Vec<char> = ocr.chars().collect();
    let g: Vec<char> = gt.chars().collect();
    // for each OCR char, the GT char it is aligned with (equal or replaced)
    let mut o2g: Vec<Option<usize>> = vec![None; o.len()];
    let mut g_matched = vec![false; g.len()];
    for op in opcodes(ocr, gt) {
        if matches!(op.kind, OpKind::Equal | OpKind::Replace) {
            for k in 0..(op.src_end - op.src_start).min(op.dest_end - op.dest_start) {
                o2g[op.src_start + k] = Some(op.dest_start + k);
                g_matched[op.dest_start + k] = true;
            }
        }
    }
    // byte offset -> char index of the OCR text
    let mut char_at = vec![0usize; ocr.len() + 1];
    for (ci, (bi, c)) in ocr.char_indices().enumerate() {
        for slot in &mut char_at[bi..bi + c.len_utf8()] {
            *slot = ci;
        }
    }
    char_at[ocr.len()] = o.len();

    let mut out = Vec::new();
    for tok in tokenize(ocr) {
        if !matches!(tok.kind, TokenKind::Word | TokenKind::Mixed) {
            continue;
        }
        let (a, b) = (char_at[tok.span.start], char_at[tok.span.end]);
        let word = ocr[tok.span.clone()].to_owned();
        let mut mapped = (a..b).filter_map(|p| o2g[p]);
        let (Some(first), Some(last)) = (mapped.clone().next(), mapped.next_back()) else {
            out.push(WordPair {
                ocr: word,
                gt: None,
            });
            continue;
        };
        let (mut ga, mut gb) = (first, last + 1);
        while ga > 0 && !g_matched[ga - 1] && is_wordish(g[ga - 1]) {
            ga -= 1;
        }
        while gb < g.len() && !g_matched[gb] && is_wordish(g[gb]) {
            gb += 1;
        }
        let at_bounds =
            (ga == 0 || !is_wordish(g[ga - 1])) && (gb == g.len() || !is_wordish(g[gb]));
        let piece: String = g[ga..gb].iter().collect();
        let gt = (at_bounds && clean_piece(&piece)).then_some(piece);
        out.push(WordPair { ocr: word, gt });
    }
    out
}

/// One to three words, each a single `Word`/`Mixed` token, separated by
/// single spaces.
fn clean_piece(piece: &str) -> bool {
    let parts: Vec<&str> = piece.split(' ').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            let t = tokenize(p);
            t.len() == 1
                && matches!(t[0].kind, TokenKind::Word | TokenKind::Mixed)
                && t[0].span == (0..p.len())
        })
}

/// The words of a ground-truth text, for the lexicon: `Word` tokens; a word
/// hyphenated at a line end (hyphen, then white space, then a word starting
/// with a small letter) joined; a hyphenated compound (`north-east`) as one
/// word with its hyphen. The parts of joined words are not listed.
pub(crate) fn gt_words(gt: &str) -> Vec<GtWord> {
    let toks = tokenize(gt);
    let mut out = Vec::new();
    let mut i = 0;
    let text = |k: usize| &gt[toks[k].span.clone()];
    while i < toks.len() {
        let t = &toks[i];
        if t.kind != TokenKind::Word {
            i += 1;
            continue;
        }
        let mid_sentence = i.checked_sub(1).is_some_and(|p| match toks[p].kind {
            TokenKind::Punct => matches!(text(p), "," | ";" | "(" | "\"" | "«" | "„"),
            _ => true,
        });
        let mut word = text(i).to_owned();
        let mut j = i;
        // word - word (compound) or word- \n word (hyphenation)
        while j + 2 < toks.len()
            && is_hyphen(text(j + 1))
            && toks[j + 1].span.start == toks[j].span.end
            && toks[j + 2].kind == TokenKind::Word
        {
            let between = &gt[toks[j + 1].span.end..toks[j + 2].span.start];
            let next = text(j + 2);
            if between.is_empty() {
                word.push('-');
                word.push_str(next);
            } else if between.chars().all(char::is_whitespace)
                && next.chars().next().is_some_and(char::is_lowercase)
            {
                word.push_str(next);
            } else {
                break;
            }
            j += 2;
        }
        out.push(GtWord {
            text: word,
            mid_sentence,
        });
        i = j + 1;
    }
    out
}

/// Lowercased, `ё` folded to `е`: how confusion tables store their strings.
pub(crate) fn confusion_form(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// The character edits that turn `ocr` into `gt` (both already in
/// [`confusion_form`]): runs of edits between kept characters, as
/// `(ocr string, true string)`. A run of substitutions only (as many
/// characters on both sides) is split into single substitutions; a run with
/// insertions or deletions stays whole (`rn` → `m`, `ьі` → `ы`).
pub(crate) fn edits(ocr: &str, gt: &str) -> Vec<(String, String)> {
    let o: Vec<char> = ocr.chars().collect();
    let g: Vec<char> = gt.chars().collect();
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, usize, usize, bool)> = None;
    let mut flush = |run: &mut Option<(usize, usize, usize, usize, bool)>| {
        if let Some((os, oe, gs, ge, subs_only)) = run.take() {
            if subs_only {
                for k in 0..oe - os {
                    out.push((o[os + k].to_string(), g[gs + k].to_string()));
                }
            } else {
                out.push((o[os..oe].iter().collect(), g[gs..ge].iter().collect()));
            }
        }
    };
    for op in opcodes(ocr, gt) {
        if op.kind == OpKind::Equal {
            flush(&mut run);
            continue;
        }
        let subs = op.kind == OpKind::Replace;
        run = Some(match run {
            Some((os, _, gs, _, s)) => (os, op.src_end, gs, op.dest_end, s && subs),
            None => (op.src_start, op.src_end, op.dest_start, op.dest_end, subs),
        });
    }
    flush(&mut run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(ocr: &str, gt: &str) -> Vec<(String, Option<String>)> {
        word_pairs(ocr, gt)
            .into_iter()
            .map(|p| (p.ocr, p.gt))
            .collect()
    }

    #[test]
    fn words_pair_up_with_their_ground_truth() {
        let p = pairs("Tbe cornmittee, ofthe rnan.", "The committee, of the man.");
        assert_eq!(
            p,
            vec![
                ("Tbe".into(), Some("The".into())),
                ("cornmittee".into(), Some("committee".into())),
                ("ofthe".into(), Some("of the".into())),
                ("rnan".into(), Some("man".into())),
            ]
        );
    }

    #[test]
    fn a_split_word_is_not_clean() {
        let p = pairs("mod ern times", "modern times");
        assert_eq!(p[0].1, None);
        assert_eq!(p[1].1, None);
        assert_eq!(p[2].1, Some("times".into()));
    }

    #[test]
    fn lost_letters_at_the_edges_belong_to_the_word() {
        let p = pairs("tho cat", "those cat");
        assert_eq!(p[0].1, Some("those".into()));
    }

    #[test]
    fn junk_has_no_counterpart() {
        let p = pairs("the ~~ cat", "the cat");
        assert_eq!(p.len(), 2);
        let p = pairs("the xq cat", "the cat");
        assert_eq!(p[1], ("xq".into(), None));
    }

    #[test]
    fn gt_words_join_hyphenations_and_keep_compounds() {
        let w: Vec<String> = gt_words("The north-east de- fin'd,\nwell-\nknown Smith")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["The", "north-east", "defin'd", "wellknown", "Smith"]);
        let w = gt_words("said Smith, and Jones");
        assert!(!w[0].mid_sentence && w[1].mid_sentence && w[3].mid_sentence);
    }

    #[test]
    fn edits_keep_multi_character_runs() {
        assert_eq!(edits("rnan", "man"), [("rn".into(), "m".into())]);
        assert_eq!(
            edits("tbc", "the"),
            [("b".into(), "h".into()), ("c".into(), "e".into())]
        );
        assert_eq!(edits("мьі", "мы"), [("ьі".into(), "ы".into())]);
        assert_eq!(edits("tho", "those"), [("".into(), "se".into())]);
        assert!(edits("same", "same").is_empty());
    }
}
