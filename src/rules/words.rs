//! Word-level rules: known misreadings and lexicon-backed correction.
//!
//! For every word the language of its letters is chosen, the word is folded
//! (lowercase, `ё` → `е`) and:
//!
//! 1. a known misreading is replaced (`misreadings:<lang>`);
//! 2. a known word (lexicon or name) is left alone, and so is a part of a
//!    hyphenated compound or of a word broken at a line end whose whole is
//!    known;
//! 3. an unknown word that is long enough and not an abbreviation gets
//!    candidates from the OCR-aware search ([`crate::search`]); they are
//!    ranked by edit cost and frequency ([`Ranking`]), and the best one's
//!    share of the probability, against the chance that the word is right
//!    but missing from the lexicon, is the change's confidence
//!    (`lexicon:<lang>`).

use std::collections::HashMap;

use super::Corrector;
use crate::change::{match_case, Action, Change};
use crate::dict::{Language, Ranking};
use crate::document::Document;
use crate::search::{Candidate, SearchOptions, Searcher};
use crate::tokenize::TokenKind;

/// What the word rules concluded about one folded token in one language.
#[derive(Debug, Clone)]
enum Verdict {
    /// A known word, or nothing to propose.
    Keep,
    /// Replace with this (lowercase or as written in the data).
    Replace {
        rule: &'static str,
        replacement: String,
        confidence: f32,
        alternatives: Vec<String>,
    },
}

/// Answers for tokens already seen, per worker. Only remembers: the answers
/// are a pure function of the token, so a cache never changes a result.
#[derive(Debug, Default)]
pub struct Cache {
    verdicts: HashMap<(usize, String), Verdict>,
}

/// The language a word belongs to: the main one if its alphabet has all the
/// word's letters, else the first loaded language that has them all, else
/// (mixed scripts, look-alikes) the main one.
pub(super) fn language_of<'a>(
    corrector: &'a Corrector,
    primary: usize,
    word: &str,
) -> (usize, &'a Language) {
    let langs = corrector.dicts.languages();
    let all = |l: &Language| {
        word.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| l.has_letter(c))
    };
    if all(&langs[primary]) {
        return (primary, &langs[primary]);
    }
    match langs.iter().enumerate().find(|(_, l)| all(l)) {
        Some((i, l)) => (i, l),
        None => (primary, &langs[primary]),
    }
}

/// Whether the candidate search may run on this word at all: enough letters,
/// and not an abbreviation: a short word in capitals, or a short word
/// directly followed by a full stop (`тов.`, `отп.`, `Exz.`).
fn searchable(word: &str, followed_by_dot: bool, ranking: &Ranking) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < ranking.min_letters {
        return false;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let short = letters <= ranking.max_abbreviation;
    !(short && (upper == letters || followed_by_dot))
}

/// Byte spans of the tokens that are part of a hyphenated whole (`северо-` +
/// `восточный`, or `добро-` at a line end + `вольных` on the next line), with
/// the whole's text (without the hyphen and line break).
fn compounds(doc: &Document<'_>) -> HashMap<usize, String> {
    let mut out = HashMap::new();
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(2) {
        let (a, h, b) = (&t[i], &t[i + 1], &t[i + 2]);
        let is_word = |k: TokenKind| matches!(k, TokenKind::Word | TokenKind::Mixed);
        if !(is_word(a.kind) && is_word(b.kind) && doc.text[h.span.clone()] == *"-")
            || h.span.start != a.span.end
        {
            continue;
        }
        let between = &doc.text[h.span.end..b.span.start];
        let joined = if between.is_empty() {
            format!(
                "{}-{}",
                &doc.text[a.span.clone()],
                &doc.text[b.span.clone()]
            )
        } else if between.contains('\n') && between.trim().is_empty() {
            format!("{}{}", &doc.text[a.span.clone()], &doc.text[b.span.clone()])
        } else {
            continue;
        };
        out.insert(a.span.start, joined.clone());
        out.insert(b.span.start, joined);
    }
    out
}

/// Checks every word of the document.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    primary: usize,
    caps: &[Option<f32>],
    cache: &mut Cache,
    out: &mut Vec<Change>,
) {
    let mut folded = String::new();
    let wholes = compounds(doc);
    for (ti, token) in doc.tokens.iter().enumerate() {
        if !matches!(token.kind, TokenKind::Word | TokenKind::Mixed) {
            continue;
        }
        let word = &doc.text[token.span.clone()];
        let (idx, lang) = language_of(corrector, primary, word);
        if let Some(whole) = wholes.get(&token.span.start) {
            lang.fold(whole, &mut folded);
            if lang.knows(&folded) || lang.knows(&folded.replace('-', "")) {
                continue;
            }
            // A part of an unknown whole: only known misreadings apply; the
            // parts are not words on their own (word boundaries are a rule of
            // their own).
            lang.fold(word, &mut folded);
            if !lang.misreadings.contains_key(&folded) {
                continue;
            }
        }
        lang.fold(word, &mut folded);
        if lang.misreadings.is_empty() && lang.knows(&folded) {
            continue;
        }
        let dot = doc.tokens.get(ti + 1).is_some_and(|n| n.span.start == token.span.end && &doc.text[n.span.clone()] == ".");
        let search = searchable(word, dot, &lang.ranking);
        // Only searched answers are cached: a word that may not be searched
        // (an abbreviation) must not reuse a searched spelling's answer.
        let verdict = if search {
            let key = (idx, std::mem::take(&mut folded));
            let v = match cache.verdicts.get(&key) {
                Some(v) => v.clone(),
                None => {
                    let v = judge(lang, &key.1, true);
                    cache.verdicts.insert(key.clone(), v.clone());
                    v
                }
            };
            folded = key.1;
            v
        } else {
            judge(lang, &folded, false)
        };
        if let Verdict::Replace {
            rule,
            replacement,
            confidence,
            alternatives,
        } = verdict
        {
            let case = CaseContext {
                mid_sentence: mid_sentence(doc, ti),
                caps_line: caps[doc.token_line[ti] as usize].is_some(),
                lang,
            };
            let replacement = case.apply(word, &replacement);
            if replacement == word {
                continue;
            }
            let action = if rule == "misreadings" {
                Action::Applied
            } else {
                corrector.action_for(confidence)
            };
            out.push(Change {
                span: token.span.clone(),
                replacement,
                action,
                rule: corrector.rule_id(&format!("{rule}:{}", lang.code)),
                confidence,
                alternatives: alternatives.iter().map(|a| case.apply(word, a)).collect(),
            });
        }
    }
}

/// Whether token `i` stands inside a sentence: the token before it is a
/// word, a number or a comma-like mark, not a sentence end or nothing.
fn mid_sentence(doc: &Document<'_>, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &doc.tokens[p]) else {
        return false;
    };
    match prev.kind {
        TokenKind::Punct => matches!(
            &doc.text[prev.span.clone()],
            "," | ";" | "-" | "(" | "—" | "\"" | "«"
        ),
        _ => true,
    }
}

/// What decides the letter case of a replacement.
struct CaseContext<'a> {
    mid_sentence: bool,
    caps_line: bool,
    lang: &'a Language,
}

impl CaseContext<'_> {
    /// The replacement in the case the original most likely had on the page.
    ///
    /// OCR misreads the case of letters whose capital and small forms differ
    /// only in size (`С`/`с`, `О`/`о`; most of Cyrillic), so the original's
    /// pattern is read by majority: mostly capitals, or a word in a line
    /// typed in capitals, is all capitals. A
    /// capital first letter is kept, except inside a sentence when that
    /// letter's case is ambiguous and the word is not a proper name: typed
    /// pages capitalise few words mid-sentence, OCR many. A proper name gets
    /// its capital.
    fn apply(&self, original: &str, replacement: &str) -> String {
        let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        if letters.len() >= 2 && (upper * 3 >= letters.len() * 2 || self.caps_line) {
            return replacement.to_uppercase();
        }
        let first_upper = letters.first().is_some_and(|c| c.is_uppercase());
        let ambiguous = letters
            .first()
            .is_some_and(|&c| self.lang.case_ambiguous(c));
        let proper = replacement.chars().next().is_some_and(char::is_uppercase) || {
            let mut folded = String::new();
            self.lang.fold(replacement, &mut folded);
            self.lang.is_proper(&folded)
        };
        let mut folded = String::new();
        self.lang.fold(replacement, &mut folded);
        if let Some(name) = self.lang.names.get(&folded) {
            // A name written in capitals (МИД, ТАСС) keeps them.
            if name.form.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && name.form.chars().count() > 1 {
                return replacement.to_uppercase();
            }
        }
        if proper || first_upper && !(self.mid_sentence && ambiguous) {
            return match_case("Ab", replacement);
        }
        match_case("ab", replacement)
    }
}

fn judge(lang: &Language, folded: &str, search: bool) -> Verdict {
    if let Some(m) = lang.misreadings.get(folded) {
        return Verdict::Replace {
            rule: "misreadings",
            replacement: m.right.clone(),
            confidence: 0.99,
            alternatives: Vec::new(),
        };
    }
    if !search || lang.knows(folded) {
        return Verdict::Keep;
    }
    let candidates = candidates(lang, folded);
    rank(&lang.ranking, folded.chars().count(), candidates)
}

/// Candidates from every lexicon layer, one per word (its lowest cost and
/// highest frequency).
fn candidates(lang: &Language, folded: &str) -> Vec<Candidate> {
    let r = &lang.ranking;
    let opts = SearchOptions {
        max_cost: r.max_cost,
        max_candidates: 8,
        max_cost_over_best: r.max_cost_over_best,
        first_pass_cost: r.max_cost.min(1.0),
    };
    let mut all: Vec<Candidate> = Vec::new();
    for layer in lang.lexicon.layers() {
        for mut c in Searcher::new(layer, &lang.confusions, opts).candidates(folded) {
            c.freq = crate::dict::Lexicon::decode_value(c.freq).0;
            match all.iter_mut().find(|a| a.word == c.word) {
                Some(a) => {
                    a.cost = a.cost.min(c.cost);
                    a.freq = a.freq.max(c.freq);
                }
                None => all.push(c),
            }
        }
    }
    all
}

/// Ranks candidates: each gets the weight `exp(-cost_weight·cost) ·
/// (freq + smoothing)^freq_weight`; the unknown-but-right hypothesis gets
/// `exp(-cost_weight·(keep_cost + keep_cost_per_letter·letters)) ·
/// smoothing^freq_weight`. The best
/// candidate's share of the total is the confidence.
fn rank(r: &Ranking, letters: usize, candidates: Vec<Candidate>) -> Verdict {
    if candidates.is_empty() {
        return Verdict::Keep;
    }
    let score = |cost: f32, freq: u64| -> f64 {
        -f64::from(r.cost_weight) * f64::from(cost)
            + f64::from(r.freq_weight) * ((freq as f64) + f64::from(r.smoothing)).ln()
    };
    let mut scored: Vec<(f64, &Candidate)> = candidates
        .iter()
        .map(|c| (score(c.cost, c.freq), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.word.cmp(&b.1.word)));
    let keep = score(r.keep_cost + r.keep_cost_per_letter * letters as f32, 0);
    let top = scored[0].0.max(keep);
    let total: f64 = scored.iter().map(|(s, _)| (s - top).exp()).sum::<f64>() + (keep - top).exp();
    let confidence = ((scored[0].0 - top).exp() / total) as f32;
    let best = scored[0].1;
    Verdict::Replace {
        rule: "lexicon",
        replacement: best.word.clone(),
        confidence,
        alternatives: scored
            .iter()
            .skip(1)
            .take(4)
            .map(|(_, c)| c.word.clone())
            .collect(),
    }
}
