//! Letter case that disagrees with its line: `To:` or `By` in a line typed in
//! capitals (telegram headers, addresses, whole telegrams).
//!
//! Typewritten documents type whole lines in capitals; OCR reads some of
//! their letters as small ones, most often where the capital and the small
//! letter have the same shape (`O`/`o`, `С`/`с`). In a line where nearly all
//! words are capitals, a known word with small letters is made capitals too
//! (`case:caps-line`); an unknown one is left to the word rules, which give
//! their replacement capitals in such a line. Words of one letter are left
//! alone (`a`, `I`, `в`).

use super::{Corrector, WordInfo};
use crate::change::Change;
use crate::document::Document;
use crate::tokenize::TokenKind;

/// A line needs this many words of three or more letters (shorter ones are
/// often abbreviations in capitals whatever the line)…
const MIN_WORDS: usize = 3;
/// …and this share of them in capitals.
const MIN_SHARE: f32 = 0.75;

/// For each line of the document, the share of its words in capitals if
/// that makes it a line typed in capitals, else `None`.
pub(super) fn caps_lines(doc: &Document<'_>) -> Vec<Option<f32>> {
    let mut out = vec![None; doc.lines.len()];
    let mut start = 0;
    while start < doc.tokens.len() {
        let line = doc.token_line[start];
        let end = start
            + doc.token_line[start..]
                .iter()
                .take_while(|&&l| l == line)
                .count();
        let words: Vec<&str> = doc.tokens[start..end]
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Mixed))
            .map(|t| &doc.text[t.span.clone()])
            .filter(|w| w.chars().filter(|&c| crate::tokenize::is_letter(c)).count() >= 3)
            .collect();
        let caps = words
            .iter()
            .filter(|w| !w.chars().any(char::is_lowercase))
            .count();
        let share = caps as f32 / words.len().max(1) as f32;
        if words.len() >= MIN_WORDS && share >= MIN_SHARE {
            out[line as usize] = Some(share);
        }
        start = end;
    }
    out
}

/// Words of up to three letters must be at least this frequent (one in ten
/// thousand words; counts are frequency × 10⁹).
const SHORT_WORD_MIN_COUNT: u64 = 100_000;

/// Checks every line of the document.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    caps: &[Option<f32>],
    info: &[Option<WordInfo>],
    out: &mut Vec<Change>,
) {
    let rule = corrector.rule_id("case:caps-line");
    for ((t, &line), wi) in doc.tokens.iter().zip(&doc.token_line).zip(info) {
        let (Some(share), Some(wi)) = (caps[line as usize], wi) else {
            continue;
        };
        let word = &doc.text[t.span.clone()];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if t.kind != TokenKind::Word || letters < 2 {
            continue;
        }
        let upper = word.to_uppercase();
        if upper == word || upper.chars().count() != word.chars().count() {
            continue;
        }
        let lang = super::words::lang_of(corrector, wi);
        // A short word must be a common one: short junk is often a known
        // abbreviation (`Hg`, `Iv`) by chance.
        let common = lang
            .lexicon
            .frequency(&wi.folded)
            .is_some_and(|f| f >= SHORT_WORD_MIN_COUNT);
        if !wi.known || letters <= 3 && !common {
            continue;
        }
        // The more of the line is in capitals, the surer the change.
        let confidence = 0.8 + 0.2 * (share - MIN_SHARE) / (1.0 - MIN_SHARE);
        out.push(Change {
            span: t.span.clone(),
            replacement: upper,
            action: corrector.action_for(confidence),
            rule: rule.clone(),
            confidence,
            alternatives: Vec::new(),
        });
    }
}
