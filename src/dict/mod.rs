//! Language data: lexicons, names, known misreadings and pattern rules.
//!
//! Every language is a folder of plain files (`dictionaries/<lang>/`); the
//! built-in folders are compiled into the binary (see `build.rs`) and any
//! number of `--dict DIR` folders of the same layout are layered over them at
//! start-up. Code never names a language: adding one is adding a folder.

mod lexicon;
mod load;

use std::collections::HashMap;

pub use lexicon::Lexicon;
pub use load::Dictionaries;

use crate::rules::pattern::PatternRule;
use crate::search::Confusions;

/// A proper name of the period: one written form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The form as normally written (`Пхеньяна`).
    pub form: String,
    /// `person`, `place`, `org` or `other`.
    pub kind: String,
}

/// A known whole-word misreading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misreading {
    /// The right word, lowercase unless case matters.
    pub right: String,
    /// Where the entry comes from.
    pub origin: String,
}

/// Everything known about one language.
#[derive(Debug)]
pub struct Language {
    /// Short code, the folder's name (`ru`, `en`).
    pub code: String,
    /// Human name (`Russian`).
    pub name: String,
    alphabet: Vec<char>,
    fold: HashMap<char, char>,
    /// Known words with frequencies.
    pub lexicon: Lexicon,
    /// Proper names, keyed by their folded form.
    pub names: HashMap<String, Name>,
    /// Known misreadings, keyed by the folded wrong form.
    pub misreadings: HashMap<String, Misreading>,
    /// Regex rules, in file order.
    pub patterns: Vec<PatternRule>,
    /// OCR character confusions with their costs.
    pub confusions: Confusions,
    /// Files the language was loaded from, for messages.
    pub origins: Vec<String>,
}

impl Language {
    /// Whether `c` (any case) is a letter of this language's alphabet.
    pub fn has_letter(&self, c: char) -> bool {
        let lower = c.to_lowercase().next().unwrap_or(c);
        self.alphabet.binary_search(&lower).is_ok()
    }

    /// Lowercases `word` and applies the language's folding (e.g. `ё` → `е`),
    /// giving the form lexicons are keyed by.
    pub fn fold(&self, word: &str, out: &mut String) {
        out.clear();
        for c in word.chars() {
            for l in c.to_lowercase() {
                out.push(*self.fold.get(&l).unwrap_or(&l));
            }
        }
    }

    /// Whether the folded word is known: in the lexicon or a name.
    pub fn knows(&self, folded: &str) -> bool {
        self.names.contains_key(folded) || self.lexicon.frequency(folded).is_some()
    }
}

pub(crate) use load::toml_error as load_toml_error;
