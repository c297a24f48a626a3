//! Document adaptation: the confusions this document's OCR makes most.
//!
//! A typewriter, its ribbon and the scan give each document its own
//! misreadings: one document has `д` read as `л` throughout (`сулов`,
//! `полачу`, `гле`), the next `и` as `н`. The built-in confusion costs are
//! an average over such documents, so a word whose only fault is the
//! document's own confusion is ranked no surer than any other. After the
//! word pass, the letter substitutions of the changes it applied are
//! counted; one seen in at least [`Ranking::adapt_min_words`] different
//! words is this document's confusion, and costs at most
//! [`Ranking::adapt_cost`] in it. The words only suggested are then ranked
//! again with those costs, among the candidates their search found; nothing
//! else changes.
//!
//! The evidence is the document's own applied changes, so the result
//! depends on the document alone, never on which documents a worker saw
//! before.
//!
//! [`Ranking::adapt_min_words`]: crate::dict::Ranking::adapt_min_words
//! [`Ranking::adapt_cost`]: crate::dict::Ranking::adapt_cost

use std::collections::{BTreeMap, BTreeSet};

use crate::dict::Language;
use crate::search::{distance, Candidate, Confusions};

/// A document's own confusions, layered over its language's.
pub(super) struct DocumentConfusions {
    /// The language's table with the document's entries over it.
    table: Confusions,
    /// The OCR side of the document's entries.
    ocr: BTreeSet<char>,
    /// Every letter substitution seen in enough words, `(ocr, truth)`,
    /// listed as cheap in the language's table or not.
    pub(super) pairs: Vec<(char, char)>,
}

impl DocumentConfusions {
    /// Whether the document's confusions can change anything in the folded
    /// OCR word `folded`.
    pub(super) fn touches(&self, folded: &str) -> bool {
        folded.chars().any(|c| self.ocr.contains(&c))
    }

    /// Whether the folded OCR word `ocr` becomes `truth` by letter
    /// substitutions alone, each one of the document's confusions.
    pub(super) fn explains(&self, ocr: &str, truth: &str) -> bool {
        let subs = substitutions(ocr, truth);
        ocr.chars().count() == truth.chars().count()
            && !subs.is_empty()
            && subs.iter().all(|s| self.pairs.contains(s))
    }

    /// `candidates` costed again: the document's confusions make some
    /// cheaper, never dearer.
    pub(super) fn recost(&self, folded: &str, candidates: &mut [Candidate]) {
        for c in candidates {
            c.cost = c.cost.min(distance(&self.table, folded, &c.word));
        }
    }
}

/// This document's confusions over `lang`'s, from the applied corrections
/// `(ocr, truth)` (both folded), or `None` when the document shows none.
pub(super) fn confusions(
    lang: &Language,
    applied: &[(String, String)],
) -> Option<DocumentConfusions> {
    let r = &lang.ranking;
    if r.adapt_min_words == 0 {
        return None;
    }
    // Each pair of words counts once: one word repeated is one piece of
    // evidence.
    let words: BTreeSet<&(String, String)> = applied.iter().collect();
    let mut seen: BTreeMap<(char, char), usize> = BTreeMap::new();
    for (ocr, truth) in words {
        let subs: BTreeSet<(char, char)> = substitutions(ocr, truth).into_iter().collect();
        for s in subs {
            *seen.entry(s).or_default() += 1;
        }
    }
    let mut table = String::from("ocr\ttruth\tcost\n");
    let mut ocr = BTreeSet::new();
    let mut pairs = Vec::new();
    for ((o, t), n) in seen {
        if n < r.adapt_min_words {
            continue;
        }
        pairs.push((o, t));
        let listed = lang.confusions.cost(&o.to_string(), &t.to_string());
        if listed.is_some_and(|c| c <= r.adapt_cost) {
            continue;
        }
        table.push_str(&format!("{o}\t{t}\t{}\n", r.adapt_cost));
        ocr.insert(o);
    }
    if pairs.is_empty() {
        return None;
    }
    let page = Confusions::parse(&table, "document confusions").ok()?;
    let mut conf = lang.confusions.clone();
    conf.merge(page);
    Some(DocumentConfusions {
        table: conf,
        ocr,
        pairs,
    })
}

/// The single-letter substitutions of a cheapest unit-cost alignment of
/// `ocr` to `truth` (insertions and deletions are not counted: a lost
/// letter is no confusion of the document's type).
pub(super) fn substitutions(ocr: &str, truth: &str) -> Vec<(char, char)> {
    let a: Vec<char> = ocr.chars().collect();
    let b: Vec<char> = truth.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let sub = d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i * w + j] = sub.min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
        }
    }
    let (mut i, mut j) = (a.len(), b.len());
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        let here = d[i * w + j];
        if here == d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            if a[i - 1] != b[j - 1] {
                out.push((a[i - 1], b[j - 1]));
            }
            i -= 1;
            j -= 1;
        } else if here == d[(i - 1) * w + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutions_are_the_letters_read_wrong() {
        assert_eq!(substitutions("сулов", "судов"), [('л', 'д')]);
        assert_eq!(
            substitutions("полхоле", "подходе"),
            [('л', 'д'), ('л', 'д')]
        );
        // A lost letter is no substitution.
        assert_eq!(substitutions("грничной", "граничной"), []);
    }

    #[test]
    fn a_confusion_seen_in_two_words_is_the_documents() {
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let ru = dicts.get("ru").unwrap();
        let pair = |o: &str, t: &str| (o.to_string(), t.to_string());
        // One word, however often: no evidence.
        assert!(confusions(ru, &[pair("сулов", "судов"), pair("сулов", "судов")]).is_none());
        let conf = confusions(ru, &[pair("сулов", "судов"), pair("гола", "года")]).unwrap();
        assert_eq!(conf.table.cost("л", "д"), Some(ru.ranking.adapt_cost));
        assert!(conf.touches("полачу") && !conf.touches("прочее"));
        // Letter for letter, each one the document's confusion.
        assert!(conf.explains("склалов", "складов"));
        assert!(!conf.explains("склалов", "складах"));
        assert!(!conf.explains("склалов", "склалов"));
        assert!(!conf.explains("скла", "склад"));
        assert!(
            distance(&conf.table, "полачу", "подачу")
                < distance(&ru.confusions, "полачу", "подачу")
        );
    }
}
