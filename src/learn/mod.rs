//! Learning correction data from ground truth (`corrigenda learn`).
//!
//! A collection that has some pages corrected by hand can teach the
//! corrector its own OCR's habits. [`learn`] aligns each OCR text with its
//! ground truth (character level, the eval module's alignment; words from
//! that, see `align`) and counts:
//!
//! - **character confusions**: within each cleanly aligned word pair, the
//!   runs of edits between kept characters (`rn` → `m`, `ьі` → `ы`, `f` →
//!   `s`), lowercased. `P = seen / occurrences`, where `occurrences` is how
//!   often the OCR string occurs in the misread OCR words of those pairs
//!   (for a lost letter, the number of places one could be lost there:
//!   characters plus words), since the search only looks at words that are
//!   likely misread. `P` is taken at the lower end of its one-sided 95 %
//!   Wilson interval (the least rate the counts support, so an edit seen
//!   a few times is not trusted like one seen often), and the cost written
//!   is `clamp(−ln P / 4, 0.001, 1)`, rounded to 0.001: 4 is the ranking's
//!   default `cost_weight`, so `exp(−cost_weight · cost) = P`, and the
//!   cost enters the candidate ranking as the log-probability of the misread.
//!   Edits seen at least `min_confusion_count` times are kept when they
//!   are cheaper than the default cost 1 and than the loaded tables' cost
//!   (a learned layer lowers costs, never raises them).
//! - **misreadings**: OCR words that are not real words (unknown to the
//!   loaded lexicons and names, and never a word of the ground truth) and
//!   that stand for the same ground-truth word (or words) at least
//!   `min_count` times, in at least `min_rate` of their occurrences and
//!   in at least `min_pairs` pairs.
//! - **lexicon additions**: ground-truth words that the loaded lexicons and
//!   names lack, with their frequency (per 10⁹ words of the ground truth)
//!   and how often they were seen; a word seen at least twice, always with
//!   a capital and at least once inside a sentence, is marked `P` (proper).
//!
//! First, each pair is cut to the stretches where its ground truth follows
//! its OCR ([`crate::eval::follow`]): where it is another text (a page
//! transcribed in another order), every word pair would be a chance
//! pairing, and the calibration would judge changes against the wrong
//! words. What is left out is named in [`Learned::left_out`] and counted
//! in the files' headers.
//!
//! For a language that is not loaded (`--lang bg` with no `bg` folder),
//! every ground-truth word is new, and a `lang.toml` is written with the
//! alphabet: the letters of the ground truth's main script that make up at
//! least 1 in 10 000 of its letters (and were seen at least 3 times).
//!
//! Each word is counted for the language whose alphabet holds all its
//! letters (the pair's language first, as the rules choose), so the Latin
//! words of a Russian text teach English.
//!
//! [`Learned::write`] writes the result as plain data in the layout of
//! `dictionaries/` (`DIR/<lang>/…`), for `--dict DIR`. Everything is counted
//! in maps sorted by key and written sorted, so the same input gives the
//! same bytes.

pub(crate) mod align;
pub mod calibrate;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::datasets::Pair;
use crate::dict::{Dictionaries, Language};
use crate::error::{Error, Result};
use crate::search::MAX_CONFUSION_CHARS;

pub use calibrate::{Calibrate, Calibration, Judged, Trial};

use crate::eval::follow::unify_newlines;
use align::{confusion_form, edits, gt_words, word_pairs};

/// The ranking's default `cost_weight`: costs are `−ln P / COST_WEIGHT`.
const COST_WEIGHT: f64 = 4.0;

/// Thresholds and the language of [`learn`].
#[derive(Debug, Clone)]
pub struct Options {
    /// The language of all pairs; `None` picks, per pair, the loaded
    /// language whose alphabet holds most of its ground truth's letters.
    pub lang: Option<String>,
    /// The name written into a new language's `lang.toml` (default: the
    /// code).
    pub name: Option<String>,
    /// A misreading needs this many sightings (default 2).
    pub min_count: usize,
    /// …and this share of its OCR form's occurrences (default 0.9).
    pub min_rate: f64,
    /// …and to be seen in this many pairs (default 1).
    pub min_pairs: usize,
    /// A confusion needs this many sightings (default 10: fewer give rates
    /// too noisy to trust).
    pub min_confusion_count: usize,
    /// A lexicon addition needs this many sightings (default 1).
    pub min_word_count: usize,
    /// Calibrate the ranking on the pairs (see [`calibrate`]); `None`
    /// leaves it alone.
    pub calibrate: Option<Calibrate>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: None,
            name: None,
            min_count: 2,
            min_rate: 0.9,
            min_pairs: 1,
            min_confusion_count: 10,
            min_word_count: 1,
            calibrate: None,
        }
    }
}

/// A learned character confusion.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfusionEntry {
    /// What OCR read (lowercase; empty for a lost letter).
    pub ocr: String,
    /// What the page has (lowercase; empty for added junk).
    pub truth: String,
    /// Times this edit was seen.
    pub seen: usize,
    /// Times the OCR string occurred (the denominator of `P`).
    pub occurrences: usize,
    /// `clamp(−ln P / 4, 0.001, 1)`, in steps of 0.001, where `P` is the
    /// lower end of the one-sided 95 % Wilson interval of `seen /
    /// occurrences`.
    pub cost: f64,
}

/// A learned whole-word misreading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisreadingEntry {
    /// The OCR form, folded (lowercase).
    pub wrong: String,
    /// The ground-truth word(s): lowercase, or capitalised when the ground
    /// truth always capitalised it.
    pub right: String,
    /// Times `wrong` stood for `right`.
    pub seen: usize,
    /// Times `wrong` occurred in the OCR text.
    pub occurrences: usize,
}

/// A learned lexicon addition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    /// The word, folded (lowercase).
    pub word: String,
    /// Times seen in the ground truth.
    pub seen: usize,
    /// Frequency per 10⁹ words of the ground truth (the lexicon's unit).
    pub per_billion: u64,
    /// Known only with a capital (a name).
    pub proper: bool,
}

/// What was learned for one language.
#[derive(Debug, Clone, Default)]
pub struct LearnedLang {
    /// The language code (the folder name).
    pub code: String,
    /// For a language that was not loaded: its name and alphabet, for the
    /// `lang.toml` that is written.
    pub new_language: Option<(String, String)>,
    /// Pairs learned from.
    pub pairs: usize,
    /// OCR words seen, and of them cleanly aligned.
    pub ocr_words: usize,
    /// Cleanly aligned OCR words.
    pub clean_words: usize,
    /// Ground-truth words seen.
    pub gt_words: usize,
    /// OCR characters of its pairs.
    pub chars: usize,
    /// Of them, left out where the ground truth does not follow the OCR.
    pub left_out: usize,
    /// Pairs with characters left out.
    pub cut_pairs: usize,
    /// Character confusions, sorted by OCR string, then truth.
    pub confusions: Vec<ConfusionEntry>,
    /// Misreadings, sorted by the wrong form.
    pub misreadings: Vec<MisreadingEntry>,
    /// Lexicon additions, sorted by word.
    pub lexicon: Vec<LexiconEntry>,
    /// The ranking calibrated on the pairs, if asked for and there were at
    /// least two pairs.
    pub calibration: Option<Calibration>,
    /// Misreadings the calibration found not better at the target rate,
    /// with its figures: left out of `misreadings.tsv` (listed there as
    /// comments).
    pub dropped: Vec<(MisreadingEntry, Judged)>,
}

impl LearnedLang {
    /// Each rule's changes in the calibration, judged alone, without the
    /// dropped misreadings' (empty without a calibration).
    pub fn rules(&self) -> BTreeMap<String, Judged> {
        let Some(cal) = &self.calibration else {
            return BTreeMap::new();
        };
        let dropped: Vec<&str> = self.dropped.iter().map(|(e, _)| e.wrong.as_str()).collect();
        cal.rules_judged(&self.code, &dropped)
    }

    /// The rules the calibration found not better at the target rate: only
    /// suggested in the collection (`suggest_only` in `lang.toml`).
    pub fn suggest_only(&self) -> Vec<String> {
        let Some(cal) = &self.calibration else {
            return Vec::new();
        };
        self.rules()
            .into_iter()
            .filter(|(_, j)| j.below(cal.target_precision))
            .map(|(r, _)| r)
            .collect()
    }
}

/// What was learned, per language, sorted by code.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    /// One entry per language met.
    pub langs: Vec<LearnedLang>,
    /// The pairs with stretches where the ground truth does not follow the
    /// OCR, which were left out: (name, OCR characters left out, OCR
    /// characters), in input order.
    pub left_out: Vec<(String, usize, usize)>,
}

/// The counts of one language, before thresholds.
#[derive(Default)]
struct Counts {
    pairs: usize,
    ocr_words: usize,
    clean_words: usize,
    gt_words: usize,
    chars: usize,
    left_out: usize,
    cut_pairs: usize,
    /// (ocr, truth) -> seen
    edits: BTreeMap<(String, String), usize>,
    /// OCR words of clean pairs that were misread, in confusion form, for
    /// the denominators
    misread_ocr: Vec<String>,
    /// folded OCR word -> occurrences
    ocr_forms: BTreeMap<String, usize>,
    /// folded OCR word -> GT piece as written -> (seen, the pairs seen in)
    readings: BTreeMap<String, BTreeMap<String, (usize, BTreeSet<usize>)>>,
    /// folded GT word -> (seen, always capitalised, capitalised mid-sentence)
    vocabulary: BTreeMap<String, (usize, bool, bool)>,
}

/// Folds a word as `lang` does, or lowercases it for a new language.
fn fold(lang: Option<&Language>, word: &str) -> String {
    match lang {
        Some(l) => {
            let mut s = String::new();
            l.fold(word, &mut s);
            s
        }
        None => word.chars().flat_map(char::to_lowercase).collect(),
    }
}

/// Titlecase: a capital first letter and not all capitals.
fn is_titlecase(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    first_upper && letters.clone().any(char::is_lowercase)
}

/// The loaded language whose alphabet holds most letters of `text`, if it
/// holds at least half of them.
fn detect(dicts: &Dictionaries, text: &str) -> Option<String> {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let langs = dicts.languages();
    let (best, count) = langs
        .iter()
        .map(|l| (l, letters.iter().filter(|&&c| l.has_letter(c)).count()))
        .max_by(|a, b| a.1.cmp(&b.1))?;
    (count * 2 >= letters.len() && count > 0).then(|| best.code.clone())
}

/// Learns from `pairs` what [`Learned::write`] writes. `dicts` are the
/// loaded dictionaries (built-in and `--dict` layers): what they know is not
/// learned again, and what they know is a real word.
///
/// # Errors
///
/// When a pair's language cannot be told (no `lang`, and no loaded alphabet
/// holds half its letters): the error names the pair.
pub fn learn(pairs: &[Pair], dicts: &Dictionaries, opts: &Options) -> Result<Learned> {
    let codes = languages(pairs, dicts, opts)?;
    let cut: Vec<(Pair, usize, usize)> = pairs.par_iter().map(followed_pair).collect();
    let left_out = cut
        .iter()
        .filter(|(_, left, _)| *left > 0)
        .map(|(p, left, chars)| (p.name.clone(), *left, *chars))
        .collect();
    let (pairs, sizes): (Vec<Pair>, Vec<(usize, usize)>) = cut
        .into_iter()
        .map(|(p, left, chars)| (p, (left, chars)))
        .unzip();
    let mut learned = learn_followed(&pairs, &codes, &sizes, dicts, opts)?;
    learned.left_out = left_out;
    Ok(learned)
}

/// A pair cut to the stretches where its ground truth follows its OCR
/// ([`crate::eval::follow::followed`], joined by a blank line), how many of its OCR
/// characters that leaves out, and how many it has.
fn followed_pair(p: &Pair) -> (Pair, usize, usize) {
    let ocr = unify_newlines(&p.ocr);
    let gt = unify_newlines(&p.gt);
    let chars = ocr.chars().count();
    let Some(stretches) = crate::eval::follow::followed(&ocr, &gt) else {
        return (p.clone(), 0, chars);
    };
    let o: Vec<char> = ocr.chars().collect();
    let g: Vec<char> = gt.chars().collect();
    let join = |parts: Vec<String>| parts.join("\n\n");
    let kept: usize = stretches.iter().map(|(a, _)| a.len()).sum();
    let pair = Pair {
        name: p.name.clone(),
        ocr: join(
            stretches
                .iter()
                .map(|(a, _)| o[a.clone()].iter().collect())
                .collect(),
        ),
        gt: join(
            stretches
                .iter()
                .map(|(_, b)| g[b.clone()].iter().collect())
                .collect(),
        ),
    };
    (pair, chars - kept, chars)
}

/// The language of each pair: `opts.lang`, or the one its ground truth's
/// letters tell.
fn languages(pairs: &[Pair], dicts: &Dictionaries, opts: &Options) -> Result<Vec<String>> {
    let mut codes = Vec::with_capacity(pairs.len());
    for p in pairs {
        let code = match &opts.lang {
            Some(c) => c.clone(),
            None => detect(dicts, &p.gt).ok_or_else(|| {
                Error::data(
                    p.name.as_str(),
                    0,
                    "cannot tell the language of the ground truth; give --lang",
                )
            })?,
        };
        codes.push(code);
    }
    Ok(codes)
}

/// [`learn`] from pairs already cut to where their ground truth follows the
/// OCR, of the languages `codes`; `sizes`: of each pair's OCR characters,
/// how many were left out, and how many it had.
fn learn_followed(
    pairs: &[Pair],
    codes: &[String],
    sizes: &[(usize, usize)],
    dicts: &Dictionaries,
    opts: &Options,
) -> Result<Learned> {
    // the expensive part, in parallel; merged in input order
    let aligned: Vec<_> = pairs
        .par_iter()
        .map(|p| {
            let ocr = unify_newlines(&p.ocr);
            let gt = unify_newlines(&p.gt);
            (word_pairs(&ocr, &gt), gt_words(&gt), gt)
        })
        .collect();

    // the alphabets of languages that are not loaded, from their pairs' letters
    let mut letters: BTreeMap<&str, BTreeMap<char, usize>> = BTreeMap::new();
    for (code, (_, _, gt)) in codes.iter().zip(&aligned) {
        let counts = letters.entry(code.as_str()).or_default();
        for ch in gt.chars().filter(|c| c.is_alphabetic()) {
            for l in ch.to_lowercase() {
                *counts.entry(l).or_default() += 1;
            }
        }
    }
    let new_alphabets: BTreeMap<&str, BTreeSet<char>> = letters
        .iter()
        .filter(|(code, _)| dicts.get(code).is_none())
        .map(|(code, counts)| (*code, alphabet(counts).chars().collect()))
        .collect();
    // a word belongs to its pair's language if that alphabet holds all its
    // letters, else to the first language whose alphabet does (as the rules
    // choose a word's language)
    let holds = |code: &str, word: &str| {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        match dicts.get(code) {
            Some(l) => letters.all(|c| l.has_letter(c)),
            None => new_alphabets
                .get(code)
                .is_some_and(|a| letters.all(|c| c.to_lowercase().all(|l| a.contains(&l)))),
        }
    };
    let word_lang = |pair_code: &str, word: &str| -> String {
        if holds(pair_code, word) {
            return pair_code.to_owned();
        }
        dicts
            .languages()
            .iter()
            .map(|l| l.code.as_str())
            .chain(new_alphabets.keys().copied())
            .find(|c| holds(c, word))
            .unwrap_or(pair_code)
            .to_owned()
    };

    let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
    for (index, ((code, (words, gtw, _)), &(left, chars))) in
        codes.iter().zip(aligned).zip(sizes).enumerate()
    {
        let c = by_lang.entry(code.clone()).or_default();
        c.pairs += 1;
        c.chars += chars;
        c.left_out += left;
        c.cut_pairs += usize::from(left > 0);
        for w in &gtw {
            let wl = word_lang(code, &w.text);
            let c = by_lang.entry(wl.clone()).or_default();
            c.gt_words += 1;
            let e = c
                .vocabulary
                .entry(fold(dicts.get(&wl), &w.text))
                .or_insert((0, true, false));
            e.0 += 1;
            let title = is_titlecase(&w.text);
            e.1 &= title;
            e.2 |= title && w.mid_sentence;
        }
        for w in words {
            let wl = word_lang(code, &w.ocr);
            let key = fold(dicts.get(&wl), &w.ocr);
            let c = by_lang.entry(wl).or_default();
            c.ocr_words += 1;
            *c.ocr_forms.entry(key.clone()).or_default() += 1;
            let Some(truth) = w.gt else {
                continue;
            };
            c.clean_words += 1;
            let r = c
                .readings
                .entry(key)
                .or_default()
                .entry(truth.clone())
                .or_default();
            r.0 += 1;
            r.1.insert(index);
            // confusions go with the language of the true word
            let c = by_lang.entry(word_lang(code, &truth)).or_default();
            let (o, t) = (confusion_form(&w.ocr), confusion_form(&truth));
            if !t.contains(' ') {
                for e in edits(&o, &t) {
                    let short = |s: &str| s.chars().count() <= MAX_CONFUSION_CHARS;
                    if short(&e.0) && short(&e.1) {
                        *c.edits.entry(e).or_default() += 1;
                    }
                }
                if o != t {
                    c.misread_ocr.push(o);
                }
            }
        }
    }

    let mut langs = Vec::new();
    for (code, c) in by_lang {
        let lang = dicts.get(&code);
        let new_language = lang.is_none().then(|| {
            let name = opts.name.clone().unwrap_or_else(|| code.clone());
            let a = new_alphabets
                .get(code.as_str())
                .cloned()
                .unwrap_or_default();
            (name, a.into_iter().collect::<String>())
        });
        langs.push(LearnedLang {
            confusions: confusions(&c, lang, opts),
            misreadings: misreadings(&c, lang, opts),
            lexicon: lexicon(&c, lang, opts),
            code,
            new_language,
            pairs: c.pairs,
            ocr_words: c.ocr_words,
            clean_words: c.clean_words,
            gt_words: c.gt_words,
            chars: c.chars,
            left_out: c.left_out,
            cut_pairs: c.cut_pairs,
            calibration: None,
            dropped: Vec::new(),
        });
    }
    if let Some(cal) = &opts.calibrate {
        for l in &mut langs {
            let mine: Vec<&Pair> = pairs
                .iter()
                .zip(codes)
                .filter(|(_, c)| **c == l.code)
                .map(|(p, _)| p)
                .collect();
            if mine.len() < 2 {
                continue;
            }
            let sub = Options {
                lang: Some(l.code.clone()),
                calibrate: None,
                ..opts.clone()
            };
            let calibration = calibrate::calibrate(&l.code, &mine, cal, |half| {
                let codes = vec![l.code.clone(); half.len()];
                let sizes: Vec<(usize, usize)> =
                    half.iter().map(|p| (0, p.ocr.chars().count())).collect();
                learn_followed(half, &codes, &sizes, dicts, &sub)
            })?;
            let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut l.misreadings)
                .into_iter()
                .partition(|e| calibration.drops_misreading(&e.wrong));
            l.misreadings = kept;
            l.dropped = dropped
                .into_iter()
                .map(|e| {
                    let j = calibration.choice().misreadings[&e.wrong];
                    (e, j)
                })
                .collect();
            l.calibration = Some(calibration);
        }
    }
    Ok(Learned {
        langs,
        left_out: Vec::new(),
    })
}

/// The writing system of a letter, roughly: Latin, Greek, Cyrillic, or the
/// 256-code-point block it is in.
fn script(c: char) -> u32 {
    match c as u32 {
        0x41..=0x24f | 0x1e00..=0x1eff => 1,
        0x370..=0x3ff | 0x1f00..=0x1fff => 2,
        0x400..=0x52f | 0x1c80..=0x1c8f | 0x2de0..=0x2dff | 0xa640..=0xa69f => 3,
        n => 0x100 + (n >> 8),
    }
}

/// The alphabet of a new language: the letters of the script most of the
/// letters are in that make up at least 1 in 10 000 of the letters and were
/// seen at least 3 times.
fn alphabet(letters: &BTreeMap<char, usize>) -> String {
    let total: usize = letters.values().sum();
    let mut by_script: BTreeMap<u32, usize> = BTreeMap::new();
    for (&c, &n) in letters {
        *by_script.entry(script(c)).or_default() += n;
    }
    let main = by_script
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(&s, _)| s);
    letters
        .iter()
        .filter(|(&c, &n)| script(c) == main && n >= 3 && n * 10_000 >= total)
        .map(|(&c, _)| c)
        .collect()
}

fn confusions(c: &Counts, lang: Option<&Language>, opts: &Options) -> Vec<ConfusionEntry> {
    let kept: Vec<(&(String, String), &usize)> = c
        .edits
        .iter()
        .filter(|(_, &n)| n >= opts.min_confusion_count.max(1))
        .collect();
    // denominators: occurrences of each OCR string in the misread OCR words
    let wanted: BTreeSet<&str> = kept.iter().map(|(k, _)| k.0.as_str()).collect();
    let mut occ: BTreeMap<&str, usize> = BTreeMap::new();
    let mut slots = 0;
    for w in &c.misread_ocr {
        let chars: Vec<(usize, char)> = w.char_indices().collect();
        slots += chars.len() + 1;
        for i in 0..chars.len() {
            for len in 1..=MAX_CONFUSION_CHARS.min(chars.len() - i) {
                let start = chars[i].0;
                let end = chars.get(i + len).map_or(w.len(), |x| x.0);
                if let Some(k) = wanted.get(&w[start..end]) {
                    *occ.entry(k).or_default() += 1;
                }
            }
        }
    }
    let mut out = Vec::new();
    for ((ocr, truth), &seen) in kept {
        let occurrences = if ocr.is_empty() {
            slots
        } else {
            occ.get(ocr.as_str()).copied().unwrap_or(0)
        }
        .max(seen);
        // The least rate the counts support: an edit seen 12 times in 100
        // is less sure than one seen 120 times in 1000, and a cost taken
        // from the bare ratio would make rival candidates as cheap as the
        // right one on the strength of a few sightings.
        let p = calibrate::wilson_lower(seen, occurrences);
        let cost = ((-p.ln() / COST_WEIGHT).clamp(0.001, 1.0) * 1000.0).round() / 1000.0;
        // a learned file lowers costs, never raises what is loaded
        let loaded = lang
            .and_then(|l| l.confusions.cost(ocr, truth))
            .map_or(1.0, f64::from);
        if cost < 1.0 && cost < loaded {
            out.push(ConfusionEntry {
                ocr: ocr.clone(),
                truth: truth.clone(),
                seen,
                occurrences,
                cost,
            });
        }
    }
    out
}

fn misreadings(c: &Counts, lang: Option<&Language>, opts: &Options) -> Vec<MisreadingEntry> {
    let mut out = Vec::new();
    for (wrong, readings) in &c.readings {
        if !wrong.chars().any(char::is_alphabetic)
            || c.vocabulary.contains_key(wrong)
            || lang.is_some_and(|l| l.knows(wrong))
        {
            continue;
        }
        // readings by their folded form: case variants are one reading
        let mut folded: BTreeMap<String, (usize, bool, BTreeSet<usize>)> = BTreeMap::new();
        for (truth, (n, in_pairs)) in readings {
            let e = folded
                .entry(fold(lang, truth))
                .or_insert((0, true, BTreeSet::new()));
            e.0 += n;
            e.1 &= is_titlecase(truth);
            e.2.extend(in_pairs);
        }
        let Some((right, &(seen, title, ref in_pairs))) = folded
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        let occurrences = c.ocr_forms.get(wrong).copied().unwrap_or(0).max(seen);
        if right == wrong
            || seen < opts.min_count.max(1)
            || in_pairs.len() < opts.min_pairs
            || (seen as f64) < opts.min_rate * occurrences as f64
        {
            continue;
        }
        let right = if title {
            let mut chars = right.chars();
            let first = chars.next().map(|f| f.to_uppercase().collect::<String>());
            first.unwrap_or_default() + chars.as_str()
        } else {
            right.clone()
        };
        out.push(MisreadingEntry {
            wrong: wrong.clone(),
            right,
            seen,
            occurrences,
        });
    }
    out
}

fn lexicon(c: &Counts, lang: Option<&Language>, opts: &Options) -> Vec<LexiconEntry> {
    let total = c.gt_words.max(1) as f64;
    c.vocabulary
        .iter()
        .filter(|(w, &(n, _, _))| {
            n >= opts.min_word_count.max(1)
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !lang.is_some_and(|l| l.knows(w))
        })
        .map(|(w, &(seen, title, mid))| LexiconEntry {
            word: w.clone(),
            seen,
            per_billion: (seen as f64 * 1e9 / total).round() as u64,
            proper: seen >= 2 && title && mid,
        })
        .collect()
}

/// `\t`, `\n` and `\r` cannot be in a TSV cell; learned strings never hold
/// them (they come from words), but a confusion's strings could in theory.
fn tsv_safe(s: &str) -> bool {
    !s.contains(['\t', '\n', '\r']) && s.trim() == s
}

impl LearnedLang {
    fn provenance(&self, what: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# {what}, learned by `corrigenda learn` from {} pairs of OCR text and",
            self.pairs
        );
        let _ = writeln!(
            s,
            "# ground truth ({} OCR words, {} aligned cleanly; {} ground-truth words).",
            self.ocr_words, self.clean_words, self.gt_words
        );
        if self.left_out > 0 {
            let _ = writeln!(
                s,
                "# Left out: {} of {} OCR characters, in {} pairs, where the ground truth\n\
                 # does not follow the OCR (another stretch of text stands against them).",
                self.left_out, self.chars, self.cut_pairs
            );
        }
        s.push_str(
            "# Learned data carries the licence of the ground truth it was learned from:\n\
             # check it before sharing or committing this file.\n",
        );
        s
    }

    /// `confusions.tsv`: `ocr<TAB>truth<TAB>cost`, each entry after a comment
    /// `# seen N of M` (seen N times where the OCR string occurred M times).
    pub fn confusions_tsv(&self) -> String {
        let mut s = self.provenance("OCR character confusions");
        s.push_str(
            "#\n# cost = clamp(-ln(P) / 4, 0.001, 1), P = the lower end of the one-sided\n\
             # 95% Wilson interval of seen / occurrences of the OCR string in the misread\n\
             # OCR words (for a lost letter: characters + words).\n\
             # Only entries cheaper than the loaded tables' are written.\n\
             # Format: see dictionaries/*/confusions.tsv.\n",
        );
        s.push_str("ocr\ttruth\tcost\n");
        for e in &self.confusions {
            if !(tsv_safe(&e.ocr) && tsv_safe(&e.truth)) {
                continue;
            }
            let _ = writeln!(s, "# seen {} of {}", e.seen, e.occurrences);
            let _ = writeln!(s, "{}\t{}\t{:.3}", e.ocr, e.truth, e.cost);
        }
        s
    }

    /// `misreadings.tsv`: `wrong<TAB>right<TAB>note`, the note saying how
    /// often the reading was seen.
    pub fn misreadings_tsv(&self) -> String {
        let mut s = self.provenance("Whole-word OCR misreadings");
        s.push_str(
            "#\n# Only OCR forms that are no known word and no word of the ground truth,\n\
             # read the same way in most of their occurrences. Applied automatically.\n",
        );
        if let Some(cal) = &self.calibration {
            let _ = writeln!(
                s,
                "#\n# Left out by the calibration (see lang.toml): misreadings whose changes on\n\
                 # the training halves that were closer to the ground truth or further from\n\
                 # it show them closer under {:.0}% of the time, as for the rules there\n\
                 # (wrong, right, seen: closer, no nearer, further):",
                cal.target_precision * 100.0
            );
            for (e, j) in &self.dropped {
                let _ = writeln!(
                    s,
                    "#   {} -> {}, seen {} of {}: {} closer, {} no nearer, {} further",
                    e.wrong.escape_debug(),
                    e.right.escape_debug(),
                    e.seen,
                    e.occurrences,
                    j.better,
                    j.same,
                    j.worse
                );
            }
        }
        s.push_str("wrong\tright\tnote\n");
        for e in &self.misreadings {
            if !(tsv_safe(&e.wrong) && tsv_safe(&e.right)) {
                continue;
            }
            let _ = writeln!(
                s,
                "{}\t{}\tlearned: seen {} of {}",
                e.wrong, e.right, e.seen, e.occurrences
            );
        }
        s
    }

    /// `lexicon.tsv`: `word<TAB>frequency<TAB>flags<TAB>seen`: frequency per
    /// 10⁹ words of the ground truth, flags `P` (a name) or `-`, and the
    /// times the word was seen.
    pub fn lexicon_tsv(&self) -> String {
        let mut s = self.provenance("Ground-truth words the loaded lexicons lack");
        s.push_str("#\n# word<TAB>frequency per 10^9 words<TAB>flags (P: a name)<TAB>times seen\n");
        for e in &self.lexicon {
            if !tsv_safe(&e.word) {
                continue;
            }
            let flag = if e.proper { "P" } else { "-" };
            let _ = writeln!(s, "{}\t{}\t{flag}\t{}", e.word, e.per_billion, e.seen);
        }
        s
    }

    /// `lang.toml`: for a language that was not loaded, what it is; with a
    /// calibration, the chosen `[ranking]` and every setting tried.
    pub fn lang_toml(&self) -> Option<String> {
        if self.new_language.is_none() && self.calibration.is_none() {
            return None;
        }
        let q = |v: &str| toml::Value::String(v.to_owned()).to_string();
        let mut s = self.provenance("The language");
        let _ = writeln!(s, "code = {}", q(&self.code));
        if let Some((name, alphabet)) = &self.new_language {
            s.push_str(
                "# The alphabet: the letters of the ground truth's main script making up\n\
                 # at least 1 in 10 000 of its letters (and seen at least 3 times).\n",
            );
            let _ = writeln!(s, "name = {}", q(name));
            let _ = writeln!(s, "alphabet = {}", q(alphabet));
        }
        if let Some(cal) = &self.calibration {
            let _ = writeln!(
                s,
                "#\n# Ranking calibrated on the {} pairs (two halves, each corrected with data\n\
                 # learned from the other) at --threshold {}: the setting whose extra changes\n\
                 # are fixes at a rate of at least {:.0}% (utility fixed - k * (changed - fixed),\n\
                 # k = rate / (1 - rate)). The other [ranking] values stay as loaded.\n\
                 # Settings tried (keep_cost, keep_cost_per_letter: edit distance before ->\n\
                 # after, changed tokens, fixed, broken, precision):",
                cal.pairs,
                cal.threshold,
                cal.target_precision * 100.0
            );
            for (i, t) in cal.trials.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "# {} {:>5} {:>5}: {} -> {}, {} changed, {} fixed, {} broken, {:.1}%",
                    if i == cal.chosen { "*" } else { " " },
                    t.keep_cost,
                    t.keep_cost_per_letter,
                    t.ocr_cd,
                    t.corr_cd,
                    t.changed,
                    t.fixed,
                    t.broken,
                    100.0 * t.precision()
                );
            }
            let _ = writeln!(
                s,
                "#\n# Rules at that setting, each applied change judged alone (closer to the\n\
                 # ground truth, no nearer, further away); a rule with at least {} changes\n\
                 # closer or further that show it closer under {:.0}% of the time (the\n\
                 # upper end of the one-sided 95% Wilson interval is under it) is only\n\
                 # suggested in this collection:",
                calibrate::MIN_JUDGED,
                cal.target_precision * 100.0
            );
            for (rule, j) in &self.rules() {
                let _ = writeln!(
                    s,
                    "# {} {rule}: {} closer, {} no nearer, {} further",
                    if j.below(cal.target_precision) {
                        "*"
                    } else {
                        " "
                    },
                    j.better,
                    j.same,
                    j.worse
                );
            }
            if !cal.first_pass_off.is_empty() {
                s.push_str(
                    "# (the settings above were tried again with the rules marked * only\n\
                     # suggested; a marked rule's figures are from the first try)\n",
                );
            }
            if !self.dropped.is_empty() {
                let _ = writeln!(
                    s,
                    "# (without the changes of the {} misreadings left out of misreadings.tsv)",
                    self.dropped.len()
                );
            }
            let off = self.suggest_only();
            let _ = writeln!(
                s,
                "suggest_only = [{}]",
                off.iter().map(|r| q(r)).collect::<Vec<_>>().join(", ")
            );
            let t = cal.choice();
            s.push_str("[ranking]\n");
            let _ = writeln!(s, "keep_cost = {:?}", t.keep_cost);
            let _ = writeln!(s, "keep_cost_per_letter = {:?}", t.keep_cost_per_letter);
        }
        Some(s)
    }

    /// The files of the language folder: (file name, contents).
    pub fn files(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(t) = self.lang_toml() {
            out.push(("lang.toml", t));
        }
        out.push(("confusions.tsv", self.confusions_tsv()));
        out.push(("lexicon.tsv", self.lexicon_tsv()));
        out.push(("misreadings.tsv", self.misreadings_tsv()));
        out
    }
}

impl Learned {
    /// Writes `DIR/<lang>/…` for every language; returns the files written.
    /// Files of the same names are replaced, and a `lang.toml` that an
    /// earlier `learn` wrote (a calibration) goes when this one writes none,
    /// so that `run --dict DIR` does not mix the two; nothing else is
    /// touched.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for l in &self.langs {
            let sub = dir.join(&l.code);
            fs::create_dir_all(&sub).map_err(|e| Error::io(&sub, e))?;
            let files = l.files();
            let stale = sub.join("lang.toml");
            if !files.iter().any(|(name, _)| *name == "lang.toml")
                && fs::read_to_string(&stale).is_ok_and(|t| {
                    t.lines()
                        .next()
                        .is_some_and(|first| first.contains("learned by `corrigenda learn`"))
                })
            {
                fs::remove_file(&stale).map_err(|e| Error::io(&stale, e))?;
            }
            for (name, text) in files {
                let path = sub.join(name);
                crate::pipeline::write_atomic(&path, text.as_bytes())?;
                written.push(path);
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str, ocr: &str, gt: &str) -> Pair {
        Pair {
            name: name.into(),
            ocr: ocr.into(),
            gt: gt.into(),
        }
    }

    #[test]
    fn learns_confusions_misreadings_and_words() {
        let dicts = Dictionaries::builtin().unwrap();
        let pairs = vec![
            pair(
                "a",
                "Tbe cornmittee met tbe Zorbington cornmittee.",
                "The committee met the Zorbington committee.",
            ),
            pair(
                "b",
                "tbe rnan and tbe Zorbington",
                "the man and the Zorbington",
            ),
        ];
        // Three sightings of rn for m: enough here, not by default.
        let opts = Options {
            min_confusion_count: 3,
            ..Options::default()
        };
        let l = learn(&pairs, &dicts, &opts).unwrap();
        assert_eq!(l.langs.len(), 1);
        let en = &l.langs[0];
        assert_eq!(en.code, "en");
        assert!(en.new_language.is_none());
        let m: Vec<(&str, &str, usize)> = en
            .misreadings
            .iter()
            .map(|m| (m.wrong.as_str(), m.right.as_str(), m.seen))
            .collect();
        assert_eq!(m, [("cornmittee", "committee", 2), ("tbe", "the", 4)]);
        let rn = en
            .confusions
            .iter()
            .find(|c| c.ocr == "rn" && c.truth == "m")
            .unwrap();
        assert_eq!((rn.seen, rn.occurrences), (3, 3));
        // three of three is no certainty: P is the least rate the counts
        // support (0.53), not 1, so the cost is not the floor
        assert!((rn.cost - 0.161).abs() < 0.001, "{}", rn.cost);
        assert!(en
            .lexicon
            .iter()
            .any(|w| w.word == "zorbington" && w.seen == 2));
        // the same input gives the same bytes
        let again = learn(&pairs, &dicts, &opts).unwrap();
        assert_eq!(en.files(), again.langs[0].files());
    }

    #[test]
    fn a_misreading_may_need_several_pairs() {
        let dicts = Dictionaries::builtin().unwrap();
        let pairs = vec![
            pair("a", "tbe man and tbe dog", "the man and the dog"),
            pair(
                "b",
                "a cornmittee, the cornmittee",
                "a committee, the committee",
            ),
            pair("c", "tbe cat", "the cat"),
        ];
        let learned = |min_pairs| {
            let opts = Options {
                min_pairs,
                ..Options::default()
            };
            let l = learn(&pairs, &dicts, &opts).unwrap();
            let m: Vec<String> = l.langs[0]
                .misreadings
                .iter()
                .map(|m| m.wrong.clone())
                .collect();
            m
        };
        assert_eq!(learned(1), ["cornmittee", "tbe"]);
        assert_eq!(learned(2), ["tbe"]);
    }

    #[test]
    fn nothing_is_learned_where_the_ground_truth_is_other_text() {
        let dicts = Dictionaries::builtin().unwrap();
        // the OCR's middle paragraph stands against another one in the
        // ground truth (a page whose transcription is in another order)
        let (head, tail) = (
            "The committee met on Tuesday and agreed that the report should be \
             sent to every member before the next meeting of the board. ",
            "Members who cannot attend may send their comments in writing to \
             the secretary, who will read them aloud when the item is reached.",
        );
        let ocr = format!("{head}{}{tail} Tbe end.", "qwertz ".repeat(12));
        let gt = format!("{head}{}{tail} The end.", "zorbana ".repeat(12));
        let pairs = vec![pair("a", &ocr, &gt), pair("b", "tbe cat", "the cat")];
        let l = learn(&pairs, &dicts, &Options::default()).unwrap();
        let en = &l.langs[0];
        let m: Vec<&str> = en.misreadings.iter().map(|m| m.wrong.as_str()).collect();
        assert_eq!(m, ["tbe"]);
        assert_eq!(l.left_out.len(), 1);
        let (name, left, chars) = &l.left_out[0];
        assert_eq!((name.as_str(), *chars), ("a", ocr.chars().count()));
        assert!(
            (84..=84 + 4 * crate::eval::follow::FOLLOW_WINDOW).contains(left),
            "{left}"
        );
        assert_eq!((en.left_out, en.cut_pairs), (*left, 1));
        assert!(en
            .misreadings_tsv()
            .contains(&format!("# Left out: {left} of ")));
        // nor is the ground truth's word there added to the lexicon
        assert!(!en.lexicon.iter().any(|w| w.word == "zorbana"));
    }

    #[test]
    fn a_new_language_gets_a_lang_toml() {
        let dicts = Dictionaries::builtin().unwrap();
        let opts = Options {
            lang: Some("bg".into()),
            name: Some("Bulgarian".into()),
            ..Options::default()
        };
        let text = "ѣѣѣ ѫѫѫ абв абв абв";
        let l = learn(&[pair("x", text, text)], &dicts, &opts).unwrap();
        let toml = l.langs[0].lang_toml().unwrap();
        assert!(toml.contains("code = \"bg\""), "{toml}");
        assert!(toml.contains("alphabet = \"абвѣѫ\""), "{toml}");
        assert_eq!(l.langs[0].lexicon.len(), 3);
    }
}
