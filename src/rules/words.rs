//! Word-level rules: known misreadings and lexicon-backed correction.

use std::collections::HashMap;

use super::Corrector;
use crate::change::{match_case, Action, Change};
use crate::dict::Language;
use crate::document::Document;
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
fn language_of<'a>(
    corrector: &'a Corrector,
    primary: &'a Language,
    word: &str,
) -> (usize, &'a Language) {
    let langs = corrector.dicts.languages();
    let all = |l: &Language| {
        word.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| l.has_letter(c))
    };
    let primary_idx = langs
        .iter()
        .position(|l| std::ptr::eq(l, primary))
        .unwrap_or(0);
    if all(primary) {
        return (primary_idx, primary);
    }
    match langs.iter().enumerate().find(|(_, l)| all(l)) {
        Some((i, l)) => (i, l),
        None => (primary_idx, primary),
    }
}

/// Checks every word of the document.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    primary: &Language,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) {
    let mut folded = String::new();
    for token in &doc.tokens {
        if !matches!(token.kind, TokenKind::Word | TokenKind::Mixed) {
            continue;
        }
        let word = &doc.text[token.span.clone()];
        let (idx, lang) = language_of(corrector, primary, word);
        lang.fold(word, &mut folded);
        let key = (idx, std::mem::take(&mut folded));
        let verdict = match cache.verdicts.get(&key) {
            Some(v) => v.clone(),
            None => {
                let v = judge(lang, &key.1, token.kind);
                cache.verdicts.insert(key.clone(), v.clone());
                v
            }
        };
        folded = key.1;
        if let Verdict::Replace {
            rule,
            replacement,
            confidence,
            alternatives,
        } = verdict
        {
            let replacement = match_case(word, &replacement);
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
                alternatives: alternatives.iter().map(|a| match_case(word, a)).collect(),
            });
        }
    }
}

fn judge(lang: &Language, folded: &str, _kind: TokenKind) -> Verdict {
    if let Some(m) = lang.misreadings.get(folded) {
        return Verdict::Replace {
            rule: "misreadings",
            replacement: m.right.clone(),
            confidence: 0.99,
            alternatives: Vec::new(),
        };
    }
    if lang.knows(folded) {
        return Verdict::Keep;
    }
    Verdict::Keep
}
