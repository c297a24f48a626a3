//! Loading language folders: the compiled-in ones and `--dict DIR` layers.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::lexicon::Compiled;
use super::{Alphabet, Language, Lexicon, Misreading, Name};
use crate::error::{Error, Result};
use crate::rules::pattern;
use crate::search::Confusions;

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// A language folder compiled into the binary.
pub(crate) struct BuiltinLang {
    code: &'static str,
    lexicon: Option<Compiled>,
    /// The `fst` map of word pairs (`first\tsecond`) to their frequencies.
    bigrams: Option<&'static [u8]>,
    /// The `fst` set of the words of `lowercase.tsv`.
    lowercase: Option<&'static [u8]>,
    /// The `fst` set of the spellings of `yo.tsv`.
    yo: Option<&'static [u8]>,
    /// The `fst` set of the words of `attested.tsv`.
    attested: Option<&'static [u8]>,
    files: &'static [(&'static str, &'static str)],
}

/// Frequency count given to a name that the lexicon does not know
/// (about 1 in 100 000 words).
const NAME_COUNT: u64 = 10_000;

/// The files a language folder of a `--dict` layer may hold.
const LAYER_FILES: [&str; 11] = [
    "lang.toml",
    "names.tsv",
    "lowercase.tsv",
    "attested.tsv",
    "misreadings.tsv",
    "patterns.toml",
    "confusions.tsv",
    "joins.tsv",
    "headers.toml",
    "lexicon.tsv",
    "bigrams.tsv",
];

/// All loaded languages, in order: built-in ones by code, then new ones from
/// `--dict` folders in the order given.
#[derive(Debug, Default)]
pub struct Dictionaries {
    languages: Vec<Language>,
}

/// `lang.toml`: what a language is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LangFile {
    code: String,
    /// Required for a new language.
    name: Option<String>,
    /// The lowercase letters of the alphabet; required for a new language.
    alphabet: Option<String>,
    /// Characters folded before lexicon lookup (`ё` → `е`).
    #[serde(default)]
    fold: HashMap<String, String>,
    /// Small letters whose capitals look the same but bigger, so that OCR
    /// often gets their case wrong.
    case_ambiguous: Option<String>,
    /// Productive prefixes: a known word with one in front is known.
    #[serde(default)]
    prefixes: Vec<String>,
    /// Forms of proper names: `[ending, form]` pairs.
    #[serde(default)]
    name_forms: Vec<(String, String)>,
    /// Regular forms of words: `[ending, form]` pairs.
    #[serde(default)]
    word_forms: Vec<(String, String)>,
    /// Letters print elides with an apostrophe: `[letters, elided]` pairs.
    #[serde(default)]
    elisions: Vec<(String, String)>,
    /// Prepositions that govern the prepositional case.
    #[serde(default)]
    prepositional_after: Vec<String>,
    /// Conjunctions that go on with a list.
    #[serde(default)]
    list_words: Vec<String>,
    /// Words written with a capital inside a sentence by convention.
    capital_inside_kept: Option<Vec<String>>,
    /// Marks OCR reads in place of a word's first or last letter.
    letter_marks: Option<LetterMarksFile>,
    /// Marks that open and close (brackets, quotes), as two-character
    /// strings: opening, closing.
    paired_marks: Option<Vec<String>>,
    /// Capitalised words with a capital inside are spelled so on purpose.
    pascal_case: Option<bool>,
    /// A numbered point's first word takes a capital.
    list_item_capital: Option<bool>,
    /// An older spelling whose words are not to be made modern.
    old_spellings: Option<super::OldSpellings>,
    /// The prepositional case's ending after a preposition and an adjective.
    prepositional_agreement: Option<super::Agreement>,
    /// Search and ranking parameters.
    ranking: Option<super::Ranking>,
    /// Rules (ids or families) whose changes are only suggested.
    suggest_only: Option<Vec<String>>,
    /// A translation in the same document as a witness.
    witness: Option<super::Witness>,
}

/// `letter_marks = { before = "…", after = "…" }` in `lang.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LetterMarksFile {
    #[serde(default)]
    before: String,
    #[serde(default)]
    after: String,
    #[serde(default)]
    specks_before: String,
    #[serde(default)]
    specks_after: String,
}

impl From<LetterMarksFile> for super::LetterMarks {
    fn from(f: LetterMarksFile) -> Self {
        super::LetterMarks {
            before: f.before.chars().collect(),
            after: f.after.chars().collect(),
            specks_before: f.specks_before.chars().collect(),
            specks_after: f.specks_after.chars().collect(),
        }
    }
}

impl Dictionaries {
    /// The compiled-in languages only.
    pub fn builtin() -> Result<Self> {
        let mut dicts = Dictionaries::default();
        for b in BUILTIN {
            let mut source = Source::default();
            for (name, text) in b.files {
                source.files.push((
                    format!("builtin:{}/{name}", b.code),
                    name,
                    (*text).to_string(),
                ));
            }
            dicts.add(b.code, source, b.lexicon)?;
            // The `fst` structures build.rs compiled from the language's
            // tables, a located error if one is unreadable.
            let origin = |file: &'static str| {
                move |e: fst::Error| {
                    Error::data(format!("builtin:{}/{file}", b.code), 0, e.to_string())
                }
            };
            let bigrams = b.bigrams.map(fst::Map::new).transpose();
            let bigrams = bigrams.map_err(origin("bigrams.tsv.gz"))?;
            let lowercase = b.lowercase.map(fst::Set::new).transpose();
            let lowercase = lowercase.map_err(origin("lowercase.tsv"))?;
            let yo = b.yo.map(fst::Set::new).transpose();
            let yo = yo.map_err(origin("yo.tsv"))?;
            let attested = b.attested.map(fst::Set::new).transpose();
            let attested = attested.map_err(origin("attested.tsv"))?;
            let lang = dicts.languages.iter_mut().find(|l| l.code == b.code);
            let lang = lang.expect("the language was just added");
            lang.bigrams = bigrams;
            lang.lowercase_builtin = lowercase;
            lang.folded_spellings = yo;
            lang.attested_builtin = attested;
        }
        dicts.finish();
        Ok(dicts)
    }

    /// The compiled-in languages with `dirs` layered over them, in order.
    pub fn load(dirs: &[impl AsRef<Path>]) -> Result<Self> {
        let mut dicts = Self::builtin()?;
        for dir in dirs {
            dicts.add_dir(dir.as_ref())?;
        }
        dicts.finish();
        Ok(dicts)
    }

    /// Layers a folder of the `dictionaries/` layout (one subfolder per
    /// language) over what is loaded.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut subdirs: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        subdirs.sort();
        if subdirs.is_empty() {
            return Err(Error::data(
                dir.display().to_string(),
                0,
                "no language folders (expected DIR/<lang>/…, as in dictionaries/)",
            ));
        }
        for sub in subdirs {
            let code = sub
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if self.get(&code).is_none() && !sub.join("lang.toml").is_file() {
                return Err(Error::data(
                    sub.join("lang.toml").display().to_string(),
                    0,
                    format!("language {code:?} is not built in, so its folder needs a lang.toml"),
                ));
            }
            // A data file under another name (`misreading.tsv`) would be
            // left out without a word: refuse it. Notes (`README.md`) may
            // sit beside the data.
            let entries = fs::read_dir(&sub).map_err(|e| Error::io(&sub, e))?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect();
            names.sort();
            for name in names {
                let data = [".tsv", ".toml", ".gz", ".fst"]
                    .iter()
                    .any(|x| name.ends_with(x));
                if data && !LAYER_FILES.contains(&name.as_str()) {
                    return Err(Error::data(
                        sub.join(&name).display().to_string(),
                        0,
                        format!("not a dictionary file (one of {})", LAYER_FILES.join(", ")),
                    ));
                }
            }
            let mut source = Source::default();
            for name in LAYER_FILES {
                let path = sub.join(name);
                if path.is_file() {
                    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                    source.files.push((path.display().to_string(), name, text));
                }
            }
            self.add(&code, source, None)?;
        }
        Ok(())
    }

    /// The languages, in order.
    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    /// The language with this code.
    pub fn get(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    fn add(&mut self, code: &str, source: Source, compiled: Option<Compiled>) -> Result<()> {
        let idx = match self.languages.iter().position(|l| l.code == code) {
            Some(i) => {
                // A layer's lang.toml may retune a loaded language.
                if let Some((origin, _, text)) = source.files.iter().find(|f| f.1 == "lang.toml") {
                    let file = parse_lang_file(origin, text, code)?;
                    let lang = &mut self.languages[i];
                    if let Some(r) = &file.ranking {
                        lang.ranking = overlay_ranking(&lang.ranking, r, text);
                    }
                    if let Some(s) = file.suggest_only {
                        lang.suggest_only = s;
                    }
                    if let Some(c) = file.case_ambiguous {
                        lang.case_ambiguous = c.chars().flat_map(char::to_lowercase).collect();
                    }
                    if let Some(m) = file.letter_marks {
                        lang.letter_marks = m.into();
                    }
                    if let Some(p) = &file.paired_marks {
                        lang.paired_marks = pairs(p);
                    }
                    if let Some(p) = file.pascal_case {
                        lang.pascal_case = p;
                    }
                    if let Some(k) = &file.capital_inside_kept {
                        lang.capital_inside_kept = lowercase(k);
                    }
                    if let Some(o) = file.old_spellings {
                        lang.old_spellings = Some(o);
                    }
                    if let Some(a) = file.prepositional_agreement {
                        lang.prepositional_agreement = Some(a);
                    }
                    if let Some(w) = file.witness {
                        lang.witness = Some(w);
                    }
                }
                i
            }
            None => {
                let Some((origin, _, text)) = source.files.iter().find(|f| f.1 == "lang.toml")
                else {
                    return Err(Error::data(
                        format!("{code}/lang.toml"),
                        0,
                        format!(
                            "language {code:?} is not built in, so its folder needs a lang.toml"
                        ),
                    ));
                };
                let lang = new_language(origin, text, code)?;
                self.languages.push(lang);
                self.languages.len() - 1
            }
        };
        let lang = &mut self.languages[idx];
        if let Some(compiled) = compiled {
            lang.lexicon
                .push_static(compiled, &format!("builtin:{code}/lexicon.tsv.gz"))?;
        }
        let mut fold = String::new();
        for (origin, name, text) in &source.files {
            lang.origins.push(origin.clone());
            match *name {
                "names.tsv" => {
                    let header = &["name", "kind", "lemma", "source"];
                    for row in tsv_optional(origin, text, header, &["case"])? {
                        let (line, f) = row?;
                        lang.fold(f[0], &mut fold);
                        if fold.is_empty() {
                            return Err(Error::data(origin.as_str(), line, "empty name"));
                        }
                        let prepositional = match f[4] {
                            "" => false,
                            "loct" => true,
                            other => {
                                return Err(Error::data(
                                    origin.as_str(),
                                    line,
                                    format!("unknown case {other:?} (expected loct or nothing)"),
                                ))
                            }
                        };
                        // A spelling of several names is prepositional only
                        // if it is so for each.
                        let prepositional =
                            prepositional && lang.names.get(&fold).is_none_or(|n| n.prepositional);
                        lang.names.insert(
                            fold.clone(),
                            Name {
                                form: f[0].to_string(),
                                kind: f[1].to_string(),
                                prepositional,
                            },
                        );
                    }
                }
                "lowercase.tsv" => {
                    for row in tsv(origin, text, &["word", "pos"])? {
                        let (line, f) = row?;
                        lang.fold(f[0], &mut fold);
                        if fold.is_empty() {
                            return Err(Error::data(origin.as_str(), line, "empty word"));
                        }
                        lang.lowercase.insert(fold.clone());
                    }
                }
                "attested.tsv" => {
                    for row in tsv_optional(origin, text, &["word"], &["count"])? {
                        let (line, f) = row?;
                        lang.fold(f[0], &mut fold);
                        if fold.is_empty() {
                            return Err(Error::data(origin.as_str(), line, "empty word"));
                        }
                        lang.attested.insert(fold.clone());
                    }
                }
                "misreadings.tsv" => {
                    for row in tsv(origin, text, &["wrong", "right", "note"])? {
                        let (line, f) = row?;
                        lang.fold(f[0], &mut fold);
                        if fold.is_empty() || f[1].is_empty() {
                            return Err(Error::data(origin.as_str(), line, "empty misreading"));
                        }
                        lang.misreadings.insert(
                            fold.clone(),
                            Misreading {
                                right: f[1].to_string(),
                                origin: format!("{origin}:{line}"),
                            },
                        );
                    }
                }
                "bigrams.tsv" => {
                    let mut second = String::new();
                    for row in tsv(origin, text, &["first", "second", "frequency", "note"])? {
                        let (line, f) = row?;
                        lang.fold(f[0], &mut fold);
                        lang.fold(f[1], &mut second);
                        if fold.is_empty() || second.is_empty() {
                            return Err(Error::data(origin.as_str(), line, "empty word in a pair"));
                        }
                        let frequency: u64 = f[2].trim().parse().map_err(|e| {
                            Error::data(origin.as_str(), line, format!("bad frequency: {e}"))
                        })?;
                        lang.pairs.insert(format!("{fold}\t{second}"), frequency);
                    }
                }
                "joins.tsv" => {
                    for row in tsv(
                        origin,
                        text,
                        &["first", "second", "joined", "keep_before", "note"],
                    )? {
                        let (line, f) = row?;
                        let keep_before = if f[3].is_empty() {
                            None
                        } else {
                            Some(regex::Regex::new(f[3]).map_err(|e| {
                                Error::data(origin.as_str(), line, format!("bad keep_before: {e}"))
                            })?)
                        };
                        // Looked up by folded pieces (`ё` as `е`).
                        let folded = |s: &str| {
                            let mut out = String::new();
                            lang.fold(s, &mut out);
                            out
                        };
                        let key = (folded(f[0]), folded(f[1]));
                        let join = super::Join {
                            joined: folded(f[2]),
                            keep_before,
                        };
                        lang.joins_first.insert(key.0.clone());
                        lang.joins.insert(key, join);
                    }
                }
                "lexicon.tsv" => {
                    let mut entries = Vec::new();
                    for (i, l) in text.lines().enumerate() {
                        if l.starts_with('#') || l.trim().is_empty() {
                            continue;
                        }
                        let mut fields = l.split('\t');
                        let word = fields.next().unwrap_or_default();
                        let count = fields.next().unwrap_or("0").trim();
                        let proper = fields.next().is_some_and(|f| f.contains('P'));
                        let count = count.parse::<u64>().map_err(|e| {
                            Error::data(origin.as_str(), i + 1, format!("bad count {count:?}: {e}"))
                        })?;
                        lang.fold(word.trim(), &mut fold);
                        entries.push((fold.clone(), count, proper));
                    }
                    lang.lexicon.push_entries(entries);
                }
                "patterns.toml" => {
                    let rules = pattern::parse_rules(origin, text, &lang.code)?;
                    for rule in rules {
                        // A layered rule with the same id replaces the earlier one.
                        if let Some(old) = lang.patterns.iter_mut().find(|r| r.id == rule.id) {
                            *old = rule;
                        } else {
                            lang.patterns.push(rule);
                        }
                    }
                }
                "headers.toml" => {
                    let set = crate::rules::header::parse(origin, text)?;
                    lang.headers.merge(set);
                }
                "confusions.tsv" => {
                    let table = Confusions::parse(text, origin)?;
                    lang.confusions.merge(table);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Builds the derived layers once everything is loaded: names become a
    /// lexicon layer, so that they are known words and correction targets.
    fn finish(&mut self) {
        for lang in &mut self.languages {
            let entries: Vec<(String, u64, bool)> = lang
                .names
                .keys()
                .filter(|k| lang.lexicon.frequency(k).is_none())
                .map(|k| (k.clone(), NAME_COUNT, true))
                .collect();
            lang.lexicon.push_entries(entries);
        }
    }
}

#[derive(Default)]
struct Source {
    /// (origin for messages, file name, text)
    files: Vec<(String, &'static str, String)>,
}

fn parse_lang_file(origin: &str, text: &str, code: &str) -> Result<LangFile> {
    let file: LangFile = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
    if file.code != code {
        let message = format!(
            "code {:?} does not match the folder name {code:?}",
            file.code
        );
        return Err(Error::data(origin, 1, message));
    }
    if let Some(bad) = file
        .suggest_only
        .iter()
        .flatten()
        .find(|r| r.is_empty() || r.contains(char::is_whitespace))
    {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("suggest_only"))
            .map_or(0, |i| i + 1);
        let message = format!("suggest_only: {bad:?} is no rule id (such as boundary:join)");
        return Err(Error::data(origin, line, message));
    }
    if let Some(bad) = file
        .paired_marks
        .iter()
        .flatten()
        .find(|p| p.chars().count() != 2)
    {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("paired_marks"))
            .map_or(0, |i| i + 1);
        let message = format!(
            "paired_marks: {bad:?} is not two characters, the opening mark and the closing one"
        );
        return Err(Error::data(origin, line, message));
    }
    Ok(file)
}

/// The words of a list in small letters.
fn lowercase(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// The pairs of a list in small letters.
fn lowercase_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_lowercase(), b.to_lowercase()))
        .collect()
}

/// `loaded` with the keys that a layer's `[ranking]` table (`layer`,
/// parsed from `text`) lists taken from it: a layer retunes the values it
/// names and keeps the others (a collection's calibrated `keep_cost` does
/// not reset Russian's `caps_name_bonus`).
fn overlay_ranking(loaded: &super::Ranking, layer: &super::Ranking, text: &str) -> super::Ranking {
    let listed: Vec<String> = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| {
            t.get("ranking")?
                .as_table()
                .map(|r| r.keys().cloned().collect())
        })
        .unwrap_or_default();
    let table = |r: &super::Ranking| match toml::Value::try_from(r) {
        Ok(toml::Value::Table(t)) => t,
        other => unreachable!("a Ranking is a table of numbers: {other:?}"),
    };
    let (mut merged, from) = (table(loaded), table(layer));
    for key in listed {
        if let Some(v) = from.get(&key) {
            merged.insert(key, v.clone());
        }
    }
    toml::Value::Table(merged)
        .try_into()
        .expect("the keys of a Ranking with values of a Ranking")
}

/// `paired_marks` of a `lang.toml` (checked by [`parse_lang_file`]) as
/// (opening, closing) marks.
fn pairs(entries: &[String]) -> Vec<(char, char)> {
    entries
        .iter()
        .filter_map(|e| {
            let mut c = e.chars();
            Some((c.next()?, c.next()?))
        })
        .collect()
}

fn new_language(origin: &str, text: &str, code: &str) -> Result<Language> {
    let file = parse_lang_file(origin, text, code)?;
    let (Some(name), Some(alphabet)) = (file.name, file.alphabet) else {
        return Err(Error::data(
            origin,
            0,
            "a new language needs `name` and `alphabet`",
        ));
    };
    let alphabet = Alphabet::new(alphabet.chars().flat_map(char::to_lowercase).collect());
    let mut fold = Vec::new();
    for (from, to) in &file.fold {
        let (mut f, mut t) = (from.chars(), to.chars());
        match (f.next(), f.next(), t.next(), t.next()) {
            (Some(a), None, Some(b), None) => {
                fold.push((a, b));
            }
            _ => {
                return Err(Error::data(
                    origin,
                    0,
                    format!("fold {from:?} = {to:?}: both sides must be one character"),
                ))
            }
        }
    }
    let case_ambiguous = file.case_ambiguous.unwrap_or_default();
    let paired_marks = pairs(file.paired_marks.as_deref().unwrap_or_default());
    Ok(Language {
        code: file.code,
        name,
        case_ambiguous: case_ambiguous
            .chars()
            .flat_map(char::to_lowercase)
            .collect(),
        prefixes: lowercase(&file.prefixes),
        name_forms: lowercase_pairs(&file.name_forms),
        word_forms: lowercase_pairs(&file.word_forms),
        elisions: lowercase_pairs(&file.elisions),
        prepositional_after: lowercase(&file.prepositional_after),
        list_words: lowercase(&file.list_words),
        capital_inside_kept: lowercase(file.capital_inside_kept.as_deref().unwrap_or_default()),
        lowercase: Default::default(),
        lowercase_builtin: None,
        attested: Default::default(),
        attested_builtin: None,
        folded_spellings: None,
        letter_marks: file.letter_marks.map(Into::into).unwrap_or_default(),
        paired_marks,
        pascal_case: file.pascal_case.unwrap_or(false),
        list_item_capital: file.list_item_capital.unwrap_or(false),
        old_spellings: file.old_spellings,
        prepositional_agreement: file.prepositional_agreement,
        alphabet,
        folded_letters: fold
            .iter()
            .flat_map(|&(from, _)| std::iter::once(from).chain(from.to_uppercase()))
            .collect(),
        fold,
        lexicon: Lexicon::default(),
        bigrams: None,
        pairs: HashMap::new(),
        names: HashMap::new(),
        misreadings: HashMap::new(),
        joins: HashMap::new(),
        joins_first: Default::default(),
        patterns: Vec::new(),
        headers: Default::default(),
        confusions: Confusions::default(),
        ranking: file.ranking.unwrap_or_default(),
        suggest_only: file.suggest_only.unwrap_or_default(),
        witness: file.witness,
        origins: Vec::new(),
    })
}

/// A TOML error as a located [`Error`].
pub(crate) fn toml_error(origin: &str, text: &str, err: &toml::de::Error) -> Error {
    let line = err.span().map_or(0, |s| {
        1 + text[..s.start.min(text.len())].matches('\n').count()
    });
    Error::data(origin, line, err.message().to_string())
}

type Row<'a> = Result<(usize, Vec<&'a str>)>;

/// Reads a TSV file: `#` comment lines, a header row that must equal
/// `header`, then rows of exactly that many tab-separated fields.
fn tsv<'a>(
    origin: &'a str,
    text: &'a str,
    header: &'a [&'a str],
) -> Result<impl Iterator<Item = Row<'a>> + 'a> {
    tsv_optional(origin, text, header, &[])
}

/// [`tsv`] for a format that gained columns: the header row is `header`
/// followed by none, some or all of `optional` (in order), and every row
/// has as many fields as the file's header; the fields of the columns the
/// file lacks are empty.
fn tsv_optional<'a>(
    origin: &'a str,
    text: &'a str,
    header: &'a [&'a str],
    optional: &'a [&'a str],
) -> Result<impl Iterator<Item = Row<'a>> + 'a> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let all = || header.iter().chain(optional).copied();
    let width = header.len() + optional.len();
    let columns = match lines.next() {
        Some((_, first))
            if (header.len()..=width).contains(&first.split('\t').count())
                && first.split('\t').zip(all()).all(|(a, b)| a == b) =>
        {
            first.split('\t').count()
        }
        Some((line, first)) => {
            return Err(Error::data(
                origin,
                line,
                format!(
                    "expected the header row {:?}, found {first:?}",
                    all().collect::<Vec<_>>().join("\t")
                ),
            ))
        }
        None => return Err(Error::data(origin, 0, "no header row")),
    };
    Ok(lines.map(move |(line, l)| {
        let mut fields: Vec<&str> = l.split('\t').map(str::trim).collect();
        if fields.len() != columns {
            return Err(Error::data(
                origin,
                line,
                format!(
                    "expected {columns} tab-separated fields, found {}",
                    fields.len()
                ),
            ));
        }
        fields.resize(width, "");
        Ok((line, fields))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layer_ranking_retunes_only_the_keys_it_lists() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("ru")).unwrap();
        fs::write(
            dir.path().join("ru/lang.toml"),
            "code = \"ru\"\n[ranking]\nkeep_cost = 0.9\n",
        )
        .unwrap();
        let builtin = Dictionaries::builtin().unwrap();
        let layered = Dictionaries::load(&[dir.path()]).unwrap();
        let ru = |d: &Dictionaries| {
            d.languages()
                .iter()
                .find(|l| l.code == "ru")
                .unwrap()
                .ranking
                .clone()
        };
        let (before, after) = (ru(&builtin), ru(&layered));
        assert_eq!(after.keep_cost, 0.9);
        // ru/lang.toml's own value stays; so does every default
        assert!(before.caps_name_bonus > 0.0);
        assert_eq!(after.caps_name_bonus, before.caps_name_bonus);
        assert_eq!(
            super::super::Ranking {
                keep_cost: before.keep_cost,
                ..after
            },
            before
        );
    }
}
