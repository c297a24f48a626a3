//! A translation as a witness: an archive often publishes a document's
//! original with its translation (a Russian cipher telegram, then its
//! English text). Where OCR garbled a word of the original past what the
//! lexicon search can undo (`фронтахоторезанные`), the translation still
//! says it (`motorized`), and many words of official text are cognates. So
//! the translation's words, transliterated by the table of `[witness]` in
//! the original language's `lang.toml` (`motorized` → `мотор…`), name the
//! lexicon words they may stand for (every word beginning with those
//! letters: `моторизованные`, `мотор`, …): the document's *witnessed*
//! words. In that document they
//!
//! - cost [`Witness::bonus`](crate::dict::Witness::bonus) less as
//!   candidates of a suggested correction, which may make it sure enough to
//!   apply (`мотарные` → `моторные`, with `motorized` in the translation:
//!   0.70 → 0.95); candidates that are all witnessed stay as sure as they
//!   were (`Инчонем`: `Инчоном` or `Инчоне`, both `Incheon`);
//! - are searched much farther for a word that nothing else explains, whole
//!   or as the second (or first) word of two that OCR merged and lost letters
//!   at (`фронтах` + `[м]оторезанные` → `фронтах моторизованные`); such
//!   finds are only proposed ([`FAR_CONFIDENCE`]).
//!
//! Nothing here depends on anything but the document and the dictionaries,
//! so the answers are the same in any order and on any thread.

use std::collections::{BTreeMap, BTreeSet};

use fst::{Automaton, IntoStreamer, Streamer};

use crate::dict::{Language, Lexicon, Witness as Config};
use crate::document::Document;
use crate::search::{Candidate, Confusions, SearchOptions, Searcher};
use crate::tokenize::TokenKind;

use super::Corrector;

/// Confidence of a word found only by the far search: a proposal for the
/// reviewer, below any sensible threshold.
pub(super) const FAR_CONFIDENCE: f32 = 0.5;

/// The far search is bounded however long the word (a garbled line read
/// as one token must not search the witnessed words at a cost of dozens of
/// edits)…
const FAR_MAX_COST: f32 = 4.0;

/// …and words longer than this are not searched far at all.
pub(super) const FAR_MAX_LETTERS: usize = 30;

/// Transliterations tried per translation word: enough for every reading of
/// a word's first letters, a bound on words like `schyzzy`.
const MAX_READINGS: usize = 64;

/// Lexicon words taken per transliterated beginning (the most a common
/// stem such as `стат…` has is a few thousand forms; the rest are not worth
/// searching).
const MAX_PER_PREFIX: usize = 3000;

/// The witnessed words of one document for one language.
pub(super) struct Witness {
    /// Folded word → frequency count.
    map: fst::Map<Vec<u8>>,
    config: Config,
}

impl Witness {
    /// The witness of `doc` for `lang`: `None` when the language has no
    /// `[witness]`, the translation's language is not loaded, or the
    /// document has fewer than `min_words` different words of it.
    pub(super) fn of(corrector: &Corrector, doc: &Document<'_>, lang: &Language) -> Option<Self> {
        let config = lang.witness.as_ref()?;
        let other = corrector.dicts.get(&config.language)?;
        let mut words = BTreeSet::new();
        for token in &doc.tokens {
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = &doc.text[token.span.clone()];
            if word.chars().count() >= config.min_letters
                && word.chars().all(|c| other.has_letter(c))
            {
                words.insert(word.to_lowercase());
            }
        }
        if words.len() < config.min_words {
            return None;
        }
        let mut prefixes = BTreeSet::new();
        for word in &words {
            prefixes.extend(transliterations(word, config));
        }
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for prefix in &prefixes {
            for_prefix(&lang.lexicon, prefix, |word, count| {
                let c = found.entry(word.to_string()).or_insert(0);
                *c = (*c).max(count);
            });
        }
        let map = fst::Map::from_iter(found).ok()?;
        Some(Witness {
            map,
            config: config.clone(),
        })
    }

    /// Whether the folded word is witnessed.
    pub(super) fn contains(&self, folded: &str) -> bool {
        self.map.contains_key(folded)
    }

    /// The configured bonus of a witnessed candidate.
    pub(super) fn bonus(&self) -> f32 {
        self.config.bonus
    }

    /// Witnessed words within the far bound of the folded `query` (its
    /// letters times `cost_per_letter`, at most [`FAR_MAX_COST`]), letters
    /// lost at character `gap` costing `gap_cost` each; best first. None for
    /// a query of more than [`FAR_MAX_LETTERS`] letters.
    pub(super) fn far(
        &self,
        conf: &Confusions,
        query: &str,
        gap: Option<(usize, f32)>,
    ) -> Vec<Candidate> {
        let letters = query.chars().count();
        if letters > FAR_MAX_LETTERS {
            return Vec::new();
        }
        let opts = SearchOptions {
            max_cost: (self.config.cost_per_letter * letters as f32).min(FAR_MAX_COST),
            max_candidates: 3,
            max_cost_over_best: 0.0,
            first_pass_cost: 1.0,
        };
        Searcher::new(&self.map, conf, opts).candidates_with_gap(query, gap)
    }
}

/// Every lexicon word beginning with `prefix`, with its count (the largest
/// of the layers), up to [`MAX_PER_PREFIX`] per layer.
fn for_prefix(lexicon: &Lexicon, prefix: &str, mut f: impl FnMut(&str, u64)) {
    let automaton = fst::automaton::Str::new(prefix).starts_with();
    for layer in lexicon.layers() {
        let mut stream = layer.map.search(&automaton).into_stream();
        let mut n = 0;
        while let Some((key, value)) = stream.next() {
            if let Ok(word) = std::str::from_utf8(key) {
                f(word, Lexicon::decode_value(value).0);
            }
            n += 1;
            if n >= MAX_PER_PREFIX {
                break;
            }
        }
    }
}

/// The beginnings (`prefix` letters) of the readings of a lowercased
/// translation word under the table; none when a letter has no reading or
/// the word is too short to give `prefix` letters.
fn transliterations(word: &str, config: &Config) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let longest = config
        .transliteration
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = BTreeSet::new();
    // Depth-first over (position in the word, reading so far).
    let mut stack = vec![(0usize, String::new())];
    while let Some((at, reading)) = stack.pop() {
        if reading.chars().count() >= config.prefix {
            out.insert(reading.chars().take(config.prefix).collect::<String>());
            if out.len() >= MAX_READINGS {
                break;
            }
            continue;
        }
        if at >= chars.len() {
            continue;
        }
        for len in 1..=longest.min(chars.len() - at) {
            let key: String = chars[at..at + len].iter().collect();
            if let Some(values) = config.transliteration.get(&key) {
                for v in values {
                    stack.push((at + len, format!("{reading}{v}")));
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let table = [
            ("m", vec!["м"]),
            ("o", vec!["о"]),
            ("t", vec!["т"]),
            ("r", vec!["р"]),
            ("i", vec!["и"]),
            ("n", vec!["н"]),
            ("c", vec!["к", "с"]),
            ("ch", vec!["ч", "х"]),
            ("h", vec!["х", ""]),
        ];
        Config {
            language: "en".into(),
            min_letters: 6,
            min_words: 1,
            prefix: 5,
            cost_per_letter: 0.35,
            bonus: 0.5,
            transliteration: table
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
                .collect(),
        }
    }

    #[test]
    fn every_reading_of_the_first_letters() {
        let c = config();
        assert_eq!(transliterations("motorized", &c), ["мотор"]);
        // `ch` as one group (ч, х) or as `c` + `h` (к, с; х or nothing).
        assert_eq!(
            transliterations("inchon", &c),
            ["инкон", "инкхо", "инсон", "инсхо", "инхон", "инчон"]
        );
        // Too short for the prefix, or a letter without a reading.
        assert!(transliterations("moto", &c).is_empty());
        assert!(transliterations("mozart", &c).is_empty());
    }
}
