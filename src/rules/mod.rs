//! Detection and correction rules, run over one document at a time.
//!
//! [`Corrector`] holds the loaded dictionaries and options; it is immutable
//! and shared by all workers. Its [`Corrector::correct`] is a pure function of
//! the text (the cache only remembers earlier answers), so output never
//! depends on which worker ran a file.

mod adapt;
mod boundary;
mod case;
mod consistency;
pub mod header;
pub mod pattern;
mod protect;
mod witness;
mod words;

use std::collections::HashMap;
use std::sync::Arc;

use crate::change::{self, Action, Change};
use crate::dict::{Dictionaries, Language};
use crate::document::Document;
use crate::error::{Error, Result};

/// A letter at least this frequent (counts are frequency × 10⁹: one in a
/// thousand words) is a word of its own: prepositions and conjunctions such
/// as `в`, `с`, `и`, `a`, `I`; not abbreviations such as `г`, `м`, a letter
/// named (`X`) or a speck read as a letter. The case rules make only such a
/// word small; the boundary rules never take one as a piece of a split word.
const ONE_LETTER_WORD_COUNT: u64 = 1_000_000;

/// A sign whose reading as a letter costs at most this much in
/// `confusions.tsv` is a letter sign (`@` for `a`, `°` for `o`).
const SIGN_MAX_COST: f32 = 0.4;

/// A text with at least this many addresses, paths, options or names of
/// computer text ([`protect`]) is computer text, whose own terms the
/// lexicon lacks more often (see [`words::computer_terms`]).
const COMPUTER_TEXT_SPANS: usize = 3;

pub use words::Cache;
pub(crate) use words::CachePool;

/// Which language a file is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LangChoice {
    /// Chosen per file from its letters.
    Auto,
    /// Given by the user.
    Code(String),
}

/// The confidence from which a change is applied by default. Calibrated on
/// the development corpus: the share of applied changes that are right is
/// the same from 0.9 down to 0.85 and falls below it.
pub const DEFAULT_THRESHOLD: f32 = 0.85;

/// Options of correction.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which language files are in.
    pub lang: LangChoice,
    /// A change whose confidence reaches this is applied; below, suggested.
    pub threshold: f32,
    /// Join words hyphenated at line ends in the output (else suggested).
    pub dehyphenate: bool,
    /// Close up letter-spaced words in the output (else suggested).
    pub join_spaced: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: LangChoice::Auto,
            threshold: DEFAULT_THRESHOLD,
            dehyphenate: false,
            join_spaced: false,
        }
    }
}

/// The result of correcting one text.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The language used as the file's main language.
    pub lang: String,
    /// Settled changes, sorted by position.
    pub changes: Vec<Change>,
    /// The text with the applied changes made.
    pub output: String,
    /// Number of pages.
    pub pages: u32,
    /// Number of lines.
    pub lines: usize,
    /// Number of word tokens.
    pub words: usize,
    /// A note for the summary: a language whose words here are mostly
    /// unknown (see `words::unknown_language`), or empty.
    pub note: String,
}

/// What the rules know of one word token.
#[derive(Debug)]
pub(crate) struct WordInfo {
    /// Index of its language.
    pub lang: usize,
    /// Lowercased and folded.
    pub folded: String,
    /// In the lexicon (or a name, or a known word behind a productive prefix).
    pub known: bool,
    /// Not known, but a regular form of a known word that the lexicon lacks
    /// ([`crate::dict::Language::is_form`]): the word rules leave it alone,
    /// the others treat it as unknown.
    pub form: bool,
}

/// Loaded rules and options, shared by all workers.
#[derive(Debug)]
pub struct Corrector {
    dicts: Dictionaries,
    opts: Options,
    rule_ids: HashMap<String, Arc<str>>,
}

impl Corrector {
    /// Checks the options against the loaded languages.
    pub fn new(dicts: Dictionaries, opts: Options) -> Result<Self> {
        if dicts.languages().is_empty() {
            return Err(Error::data("dictionaries", 0, "no language is loaded"));
        }
        if let LangChoice::Code(code) = &opts.lang {
            if dicts.get(code).is_none() {
                let known: Vec<&str> = dicts.languages().iter().map(|l| l.code.as_str()).collect();
                return Err(Error::data(
                    "--lang",
                    0,
                    format!(
                        "no language {code:?} is loaded (known: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        let mut rule_ids = HashMap::new();
        for id in [
            "case:caps-line",
            "case:mixed",
            "case:one-letter",
            "case:broken",
            "case:capital",
            "boundary:join",
            "boundary:split",
            "boundary:line-end-hyphen",
            "boundary:dehyphenate",
            "boundary:letter-spaced",
        ] {
            rule_ids.insert(id.to_string(), Arc::from(id));
        }
        for lang in dicts.languages() {
            for id in [
                format!("misreadings:{}", lang.code),
                format!("lexicon:{}", lang.code),
                format!("agreement:{}", lang.code),
            ] {
                rule_ids.insert(id.clone(), Arc::from(id.as_str()));
            }
            for id in header::rule_ids(&lang.code, &lang.headers) {
                rule_ids.insert(id.clone(), Arc::from(id.as_str()));
            }
            for p in &lang.patterns {
                rule_ids.insert(p.id.clone(), Arc::from(p.id.as_str()));
            }
        }
        Ok(Corrector {
            dicts,
            opts,
            rule_ids,
        })
    }

    /// The loaded dictionaries.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    pub(crate) fn rule_id(&self, id: &str) -> Arc<str> {
        self.rule_ids
            .get(id)
            .cloned()
            .unwrap_or_else(|| Arc::from(id))
    }

    pub(crate) fn action_for(&self, confidence: f32) -> Action {
        if confidence >= self.opts.threshold {
            Action::Applied
        } else {
            Action::Suggested
        }
    }

    /// Corrects one text.
    pub fn correct_text(&self, text: &str, cache: &mut Cache) -> Correction {
        self.correct(&Document::new(text), cache)
    }

    /// Corrects one segmented document.
    pub fn correct(&self, doc: &Document<'_>, cache: &mut Cache) -> Correction {
        let text = doc.text;
        let primary = self.primary_language(doc);
        let mut changes = Vec::new();
        let info = self.analyse(doc, primary, cache);
        let caps = case::caps_lines(doc, &info, self.dicts.languages());
        let claims = boundary::check(self, doc, primary, &info, cache, &mut changes);
        words::check(self, doc, &info, &caps, &claims, cache, &mut changes);
        words::foreign_words(self, doc, &info, &mut changes);
        words::misread_folded_letters(self, doc, &info, &mut changes);
        // Addresses, paths and code stay as typed (see `protect`); a text
        // with enough of them is computer text.
        let protected = protect::protected(text);
        if protected.len() >= COMPUTER_TEXT_SPANS {
            words::computer_terms(self, doc, &info, &mut changes);
        }
        case::check(self, doc, &caps, &info, &mut changes);
        let note = words::unknown_language(self, doc, &info, &protected, &mut changes);
        let primary = &self.dicts.languages()[primary];
        self.patterns(doc, primary, &mut changes);
        // Header lines of a known document type: its template knows their
        // fixed text and values better than word and pattern rules.
        let mut headers = Vec::new();
        let owned = header::check(self, doc, primary, &mut headers);
        if !owned.is_empty() {
            changes.retain(|c| {
                !c.edits()
                    || !owned
                        .iter()
                        .any(|o| o.start < c.span.end && c.span.start < o.end)
                    || headers
                        .iter()
                        .any(|h| h.span == c.span && h.replacement == c.replacement)
            });
        }
        // Nothing changes inside the protected text (a flag, which edits
        // nothing, may still point a reviewer at it); header lines own
        // theirs.
        if !protected.is_empty() {
            changes.retain(|c| {
                !c.edits()
                    || !protected
                        .iter()
                        .any(|a| a.start < c.span.end.max(c.span.start + 1) && c.span.start < a.end)
            });
        }
        changes.extend(headers);
        // Rules the language's data says only to suggest (a collection's
        // calibration found them wrong too often there).
        if !primary.suggest_only.is_empty() {
            for c in &mut changes {
                if c.action == Action::Applied && primary.suggests_only(&c.rule) {
                    c.action = Action::Suggested;
                }
            }
        }
        let changes = change::resolve(changes);
        let output = change::apply(text, &changes);
        let words = doc
            .tokens
            .iter()
            .filter(|t| t.kind != crate::tokenize::TokenKind::Punct)
            .count();
        Correction {
            lang: primary.code.clone(),
            changes,
            output,
            pages: doc.pages(),
            lines: doc.lines.len(),
            words,
            note,
        }
    }

    /// Looks every word up once: its language, folded form and whether it
    /// is known. The rules share the answers.
    fn analyse(
        &self,
        doc: &Document<'_>,
        primary: usize,
        cache: &mut Cache,
    ) -> Vec<Option<WordInfo>> {
        doc.tokens
            .iter()
            .map(|t| {
                if !matches!(
                    t.kind,
                    crate::tokenize::TokenKind::Word | crate::tokenize::TokenKind::Mixed
                ) {
                    return None;
                }
                let word = &doc.text[t.span.clone()];
                let mut folded = String::with_capacity(word.len());
                if let Some(lang) = cache.known_word(primary, word) {
                    self.dicts.languages()[lang].fold(word, &mut folded);
                    return Some(WordInfo {
                        lang,
                        folded,
                        known: true,
                        form: false,
                    });
                }
                let (lang, language) = words::language_of(self, primary, word);
                language.fold(word, &mut folded);
                let known = language.knows(&folded);
                if known {
                    cache.remember_known(primary, word, lang);
                }
                let form = !known && language.is_form(&folded);
                Some(WordInfo {
                    lang,
                    folded,
                    known,
                    form,
                })
            })
            .collect()
    }

    /// The file's main language: the one given, or the one whose alphabet
    /// holds most of the document's letters (ties: load order).
    fn primary_language(&self, doc: &Document<'_>) -> usize {
        let langs = self.dicts.languages();
        if let LangChoice::Code(code) = &self.opts.lang {
            return langs
                .iter()
                .position(|l| &l.code == code)
                .expect("checked in Corrector::new");
        }
        let mut counts = vec![0usize; langs.len()];
        for t in &doc.tokens {
            if t.kind == crate::tokenize::TokenKind::Punct {
                continue;
            }
            for c in doc.text[t.span.clone()]
                .chars()
                .filter(|&c| crate::tokenize::is_letter(c))
            {
                for (i, l) in langs.iter().enumerate() {
                    if l.has_letter(c) {
                        counts[i] += 1;
                    }
                }
            }
        }
        let best = (0..langs.len())
            .max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        // An original with its translation (a language whose `[witness]` is
        // the best one's, with a third of its letters or more) is a document
        // in the original's language, however long the translation.
        let original = (0..langs.len()).find(|&i| {
            langs[i]
                .witness
                .as_ref()
                .is_some_and(|w| w.language == langs[best].code)
                && counts[i] > 0
                && counts[i] * 3 >= counts[best]
        });
        original.unwrap_or(best)
    }

    /// Line-level regex rules of the main language.
    fn patterns(&self, doc: &Document<'_>, lang: &Language, out: &mut Vec<Change>) {
        for rule in &lang.patterns {
            let id = self.rule_id(&rule.id);
            for line in &doc.lines {
                let text = &doc.text[line.span.clone()];
                // Most lines have no hit: `unless` is tested only on those
                // that do.
                let mut hits = rule.regex.captures_iter(text).peekable();
                if hits.peek().is_none() || rule.skips(text) {
                    continue;
                }
                for caps in hits {
                    let m = caps.get(0).expect("group 0 always matches");
                    let mut replacement = String::new();
                    caps.expand(&rule.replacement, &mut replacement);
                    let original = m.as_str();
                    if replacement == original {
                        continue;
                    }
                    let (o, r) = change::minimal(original, &replacement);
                    let start = line.span.start + m.start();
                    let action = match rule.mode {
                        pattern::Mode::Auto => self.action_for(rule.confidence),
                        pattern::Mode::Suggest => Action::Suggested,
                        pattern::Mode::Flag => Action::Flagged,
                    };
                    let (span, replacement) = if action == Action::Flagged {
                        (start..start + original.len(), String::new())
                    } else {
                        (start + o.start..start + o.end, replacement[r].to_string())
                    };
                    out.push(Change {
                        span,
                        replacement,
                        action,
                        rule: id.clone(),
                        confidence: rule.confidence,
                        alternatives: Vec::new(),
                    });
                }
            }
        }
    }
}
