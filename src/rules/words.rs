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
//!    (`lexicon:<lang>`);
//! 4. the suggested ones are ranked again with the document's own
//!    confusions, learned from the corrections step 3 applied
//!    ([`super::adapt`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::adapt::DocumentConfusions;
use super::witness::Witness;
use super::{Corrector, WordInfo};
use crate::change::{match_case, Action, Change};
use crate::dict::Layer;
use crate::dict::{Language, Ranking};
use crate::document::Document;
pub(super) use crate::search::Candidate;
use crate::search::{Confusions, SearchOptions, Searcher};
use crate::tokenize::{is_alphabetic, TokenKind};

/// What the word rules concluded about one folded token in one language.
#[derive(Debug, Clone)]
pub(super) enum Verdict {
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

/// One language's part of a [`Cache`]: answers by folded word (or word as
/// written). Every token of a text is looked up, so the hash is a fast one.
type Memo<V> = HashMap<String, V>;

/// Answers for tokens already seen, per worker. Only remembers: the answers
/// are a pure function of the token, so a cache never changes a result.
#[derive(Debug, Default)]
pub struct Cache {
    /// [`judge`] of searchable folded words, per language index.
    verdicts: Vec<Memo<Verdict>>,
    /// [`rank_single`] of the joins of neighbouring pieces, per language
    /// index.
    singles: Vec<Memo<Option<Verdict>>>,
    /// [`candidates`] of unknown words, per language index: every document
    /// ranks its unknown words again with its own evidence (the document
    /// pass, the adaptation), so a word met in an earlier document is not
    /// searched again (at most [`MAX_CANDIDATE_WORDS`] are kept).
    candidates: Vec<Memo<Vec<Candidate>>>,
    /// [`candidates`] of the joins of neighbouring pieces, per language
    /// index, with the cost bound each was searched within (see
    /// [`Cache::join_candidates`]).
    joins: Vec<Memo<(f32, Vec<Candidate>)>>,
    /// [`reading`] of pieces, per language index.
    readings: Vec<Memo<Reading>>,
    /// The language of each known word as written, per main language (a
    /// word's language depends on it), for [`Corrector::analyse`]. Most
    /// words of a text repeat earlier ones, and a hash lookup costs far
    /// less than finding the word's language and looking it up in the
    /// lexicon. Unknown words are not kept: they are few, and most of them
    /// (misreads) never come back.
    known: Vec<Memo<usize>>,
}

/// The word caches of one batch. Rayon's `map_init` makes a new value for
/// every piece of work it splits off (many more than there are threads), and
/// a batch run in parts starts each part anew; so each worker takes a cache
/// from here and puts it back when its piece is done, and what one file's
/// words cost to look up and search is known to the files after it,
/// whichever piece they fall in. A cache only remembers answers that are
/// pure functions of the word, so which cache a file gets never changes its
/// outcome.
#[derive(Debug, Default)]
pub(crate) struct CachePool(std::sync::Mutex<Vec<Cache>>);

/// A cache taken from a [`CachePool`], put back when dropped.
#[derive(Debug)]
pub(crate) struct Pooled<'p> {
    cache: Option<Cache>,
    pool: &'p CachePool,
}

impl CachePool {
    /// A cache to work with: one put back earlier, or a new one.
    pub(crate) fn take(&self) -> Pooled<'_> {
        let cache = self.0.lock().ok().and_then(|mut v| v.pop());
        Pooled {
            cache: Some(cache.unwrap_or_default()),
            pool: self,
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(cache), Ok(mut caches)) = (self.cache.take(), self.pool.0.lock()) {
            caches.push(cache);
        }
    }
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Cache;
    fn deref(&self) -> &Cache {
        self.cache.as_ref().expect("held until dropped")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Cache {
        self.cache.as_mut().expect("held until dropped")
    }
}

/// Most known words a [`Cache`] keeps per main language; when full it starts
/// over, so that a run over many vocabularies does not grow without end (the
/// frequent words are soon back).
const MAX_KNOWN: usize = 100_000;

/// Most unknown words whose candidates a [`Cache`] keeps per language (and
/// most joins of pieces whose candidates it keeps); past it, at the end of a
/// document, they are dropped and the words met from then on kept (a few
/// MB per worker; misreads rarely come back, a batch's recurring names and
/// header words soon do).
const MAX_CANDIDATE_WORDS: usize = 4_000;

/// Most verdicts and readings a [`Cache`] keeps per language, likewise: a
/// long batch must not grow without end.
const MAX_VERDICTS: usize = 200_000;

/// Empties each language's map that has grown past `max`.
fn trim<V>(maps: &mut [Memo<V>], max: usize) {
    for memo in maps {
        if memo.len() > max {
            memo.clear();
        }
    }
}

/// The answer for `key` in language `idx`'s part of a cache, computed once.
fn remember<V: Clone>(
    maps: &mut Vec<Memo<V>>,
    idx: usize,
    key: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if maps.len() <= idx {
        maps.resize_with(idx + 1, Memo::default);
    }
    if let Some(v) = maps[idx].get(key) {
        return v.clone();
    }
    let v = compute();
    maps[idx].insert(key.to_string(), v.clone());
    v
}

impl Cache {
    /// Keeps the cache within its bounds between documents.
    fn end_document(&mut self) {
        trim(&mut self.candidates, MAX_CANDIDATE_WORDS);
        trim(&mut self.joins, MAX_CANDIDATE_WORDS);
        trim(&mut self.verdicts, MAX_VERDICTS);
        trim(&mut self.singles, MAX_VERDICTS);
        trim(&mut self.readings, MAX_VERDICTS);
    }

    /// The verdict on a searchable folded word of language `idx`.
    pub(super) fn judge(&mut self, idx: usize, lang: &Language, folded: &str) -> Verdict {
        if let Some(v) = self.verdicts.get(idx).and_then(|m| m.get(folded)) {
            return v.clone();
        }
        let v = match judge(lang, folded) {
            Verdict::Keep if !lang.knows(folded) => {
                let cands = self.candidates(idx, lang, folded);
                rank_folded(lang, folded, cands).unwrap_or(Verdict::Keep)
            }
            v => v,
        };
        remember(&mut self.verdicts, idx, folded, || v)
    }

    /// [`rank_single`] of a folded string of language `idx`.
    pub(super) fn rank_single(
        &mut self,
        idx: usize,
        lang: &Language,
        folded: &str,
    ) -> Option<Verdict> {
        remember(&mut self.singles, idx, folded, || rank_single(lang, folded))
    }

    /// [`candidates`] of the join of two folded pieces `a` and `b` of
    /// language `idx` with `mark` between them (read for a letter); without
    /// a mark, letters lost where the space was cost
    /// [`Ranking::gap_cost`](crate::dict::Ranking::gap_cost) each.
    /// Only candidates of cost at most `bound` (capped at the ranking's
    /// `max_cost`): a search within a bound gives the full search's answer
    /// cut at that bound, so an answer kept from a wider search serves a
    /// narrower one.
    pub(super) fn join_candidates(
        &mut self,
        idx: usize,
        lang: &Language,
        (a, mark, b): (&str, &str, &str),
        bound: f32,
    ) -> Vec<Candidate> {
        // Costs are in steps of 0.001: a bound on that grid makes "searched
        // within the bound" and "cost at most the bound" the same.
        let bound = ((bound.min(lang.ranking.max_cost) * 1000.0).ceil() / 1000.0).max(0.0);
        if self.joins.len() <= idx {
            self.joins.resize_with(idx + 1, Memo::default);
        }
        // The key keeps where the gap is: `ab c` and `a bc` differ.
        let key = format!("{a}\u{0}{mark}\u{0}{b}");
        if let Some((searched, found)) = self.joins[idx].get(&key) {
            if *searched >= bound {
                return found.iter().filter(|c| c.cost <= bound).cloned().collect();
            }
        }
        let gap = mark
            .is_empty()
            .then(|| (a.chars().count(), lang.ranking.gap_cost));
        let found = gap_candidates(lang, &format!("{a}{mark}{b}"), gap, bound);
        self.joins[idx].insert(key, (bound, found.clone()));
        found
    }

    /// [`candidates`] of a folded word of language `idx`.
    pub(super) fn candidates(
        &mut self,
        idx: usize,
        lang: &Language,
        folded: &str,
    ) -> Vec<Candidate> {
        remember(&mut self.candidates, idx, folded, || {
            candidates(lang, folded)
        })
    }

    /// [`reading`] of a folded piece of language `idx`.
    pub(super) fn reading(&mut self, idx: usize, lang: &Language, folded: &str) -> Reading {
        if let Some(r) = self.readings.get(idx).and_then(|m| m.get(folded)) {
            return r.clone();
        }
        // A piece of four letters or more is near the same words as when
        // the word rules search it: their candidates serve if they are in
        // the cache. Those of a piece the word rules never search (too
        // short for them) are not kept there: the reading is, and more
        // words in that cache would only push out the ones that come back.
        let r = reading(lang, folded, |f| {
            match self.candidates.get(idx).and_then(|m| m.get(f)) {
                Some(known) => known.clone(),
                None => candidates(lang, f),
            }
        });
        remember(&mut self.readings, idx, folded, || r)
    }

    /// The language of `word` (as written, in a file of main language
    /// `primary`) if it is a known word seen before.
    pub(super) fn known_word(&self, primary: usize, word: &str) -> Option<usize> {
        self.known.get(primary)?.get(word).copied()
    }

    /// Remembers that `word` (as written, in a file of main language
    /// `primary`) is a known word of language `lang`.
    pub(super) fn remember_known(&mut self, primary: usize, word: &str, lang: usize) {
        if self.known.len() <= primary {
            self.known.resize_with(primary + 1, Memo::default);
        }
        let memo = &mut self.known[primary];
        if memo.len() >= MAX_KNOWN {
            memo.clear();
        }
        memo.insert(word.to_string(), lang);
    }
}

/// How a piece of text reads as a word of its own: the edit cost to the
/// word and the word's count (0: not a known word).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Reading {
    /// The word (the piece itself when the lexicon lacks it).
    pub(super) word: String,
    pub(super) cost: f32,
    pub(super) count: u64,
}

/// Log-likelihood of reading a piece as a word, up to a constant: the word's
/// log frequency (smoothed) less `per_cost` for each unit of edit cost.
pub(super) fn log_likelihood(cost: f32, count: u64, smoothing: f32, per_cost: f64) -> f64 {
    ((count as f64) + f64::from(smoothing)).ln() - per_cost * f64::from(cost)
}

/// The likeliest reading of a folded piece as a word of its own: itself if
/// known, else the best lexicon word (by the ranking's weights) among its
/// `candidates` (those within the ranking's largest cost; for a piece of
/// fewer than four letters, which is near too many words, one edit is the
/// most and they are searched here), else the piece as a word the lexicon
/// lacks (at the ranking's keep cost).
pub(super) fn reading(
    lang: &Language,
    folded: &str,
    candidates: impl FnOnce(&str) -> Vec<Candidate>,
) -> Reading {
    if lang.knows(folded) {
        return Reading {
            word: folded.to_string(),
            cost: 0.0,
            count: lang.lexicon.frequency(folded).unwrap_or(0),
        };
    }
    let r = &lang.ranking;
    let letters = folded.chars().count();
    let near = if letters < 4 {
        gap_candidates(lang, folded, None, r.max_cost.min(1.0))
    } else {
        candidates(folded)
    };
    let keep = Reading {
        word: folded.to_string(),
        cost: r.keep_cost + r.keep_cost_per_letter * letters as f32,
        count: 0,
    };
    let score = |c: &Reading| {
        -f64::from(r.cost_weight) * f64::from(c.cost)
            + f64::from(r.freq_weight) * ((c.count as f64) + f64::from(r.smoothing)).ln()
    };
    near.into_iter()
        .map(|c| Reading {
            word: c.word,
            cost: c.cost,
            count: c.freq,
        })
        .chain(std::iter::once(keep))
        .max_by(|a, b| score(a).total_cmp(&score(b)))
        .expect("the keep reading is always there")
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
            .filter(|&c| crate::tokenize::is_letter(c))
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

/// The language of an analysed word.
pub(super) fn lang_of<'a>(corrector: &'a Corrector, wi: &WordInfo) -> &'a Language {
    &corrector.dicts.languages()[wi.lang]
}

/// Whether the candidate search may run on this word at all: enough letters,
/// and not an abbreviation: a short word in capitals, or a short word
/// directly followed by a full stop (`тов.`, `отп.`, `Exz.`).
fn searchable(word: &str, followed_by_dot: bool, ranking: &Ranking) -> bool {
    let letters = word.chars().filter(|&c| is_alphabetic(c)).count();
    if letters < ranking.min_letters {
        return false;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let short = letters <= ranking.max_abbreviation;
    !(short && (upper == letters || followed_by_dot))
}

/// Whether a full stop is glued after token `ti` (`тов.`, `гр.`): the
/// word may be an abbreviation.
pub(super) fn followed_by_dot(doc: &Document<'_>, ti: usize) -> bool {
    let token = &doc.tokens[ti];
    doc.tokens
        .get(ti + 1)
        .is_some_and(|n| n.span.start == token.span.end && &doc.text[n.span.clone()] == ".")
}

/// Whether a mark glued to a word is punctuation far more often than a
/// letter OCR misread: a full stop, a comma, an opening bracket (no letter
/// bonus for them, [`marked_edges`]; no last letter, [`sign_after`]).
fn punctuation_first(mark: &str) -> bool {
    matches!(mark, "." | "," | "(")
}

/// A hyphenated whole: its text (without a line-end hyphen and break), and
/// the tokens of its two parts when a line end breaks it.
#[derive(Clone)]
struct Whole {
    text: String,
    broken: Option<(usize, usize)>,
}

/// Whether tokens `i`, `i + 1` and `i + 2` are a word hyphenated at a line
/// end the text no longer has: a hyphen glued to a word, one space and
/// the rest (`innume- rable`, `Pla‑ netary` in text set as one line), the
/// whole a word. Else the hyphen is a dash or a suspended compound's
/// (`ATTITUDE- FULL`, `pre- and post-war`), and the parts are words of
/// their own.
fn lost_line_end(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    i: usize,
) -> bool {
    let t = &doc.tokens;
    let (a, h, b) = (&t[i], &t[i + 1], &t[i + 2]);
    let (Some(wa), Some(wb)) = (&info[i], &info[i + 2]) else {
        return false;
    };
    let lang = lang_of(corrector, wa);
    h.span.start == a.span.end
        && &doc.text[h.span.end..b.span.start] == " "
        && wa.lang == wb.lang
        && super::boundary::line_end_hyphen(&doc.text[h.span.clone()])
        && lang.knows(&format!("{}{}", wa.folded, wb.folded))
}

/// Byte spans of the tokens that are part of a hyphenated whole (`северо-` +
/// `восточный`, or `добро-` at a line end + `вольных` on the next line, or
/// the same in text that lost its line ends, [`lost_line_end`]), with the
/// whole.
fn compounds(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
) -> HashMap<usize, Whole> {
    let mut out = HashMap::default();
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(2) {
        let (a, h, b) = (&t[i], &t[i + 1], &t[i + 2]);
        let is_word = |k: TokenKind| matches!(k, TokenKind::Word | TokenKind::Mixed);
        let mark = &doc.text[h.span.clone()];
        let (a_text, b_text) = (&doc.text[a.span.clone()], &doc.text[b.span.clone()]);
        let compound = is_word(a.kind)
            && is_word(b.kind)
            && mark == "-"
            && h.span.start == a.span.end
            && h.span.end == b.span.start;
        let whole = if compound {
            Whole {
                text: format!("{a_text}-{b_text}"),
                broken: None,
            }
        } else if super::boundary::broken_at_line_end(doc, i) {
            Whole {
                text: format!("{a_text}{b_text}"),
                broken: Some((i, i + 2)),
            }
        } else if lost_line_end(corrector, doc, info, i) {
            Whole {
                text: format!("{a_text}{b_text}"),
                broken: None,
            }
        } else {
            continue;
        };
        out.insert(a.span.start, whole.clone());
        out.insert(b.span.start, whole);
    }
    out
}

/// The correction of a word broken at a line end (`возмох-` / `ности`,
/// parts `a` and `b`) as a correction of the one part it changes
/// (`возмох` → `возмож`), so that the break stays where it was; `None` when
/// it changes both parts.
fn broken_change(doc: &Document<'_>, (a, b): (usize, usize), mut change: Change) -> Option<Change> {
    let (ta, tb) = (&doc.tokens[a], &doc.tokens[b]);
    let (first, second) = (&doc.text[ta.span.clone()], &doc.text[tb.span.clone()]);
    let rep = &change.replacement;
    // A compound's own hyphen at the break is the line-end hyphen already
    // there (`северо-` / `восточный`).
    let (span, original, replacement) = if rep.ends_with(second) && rep.len() > second.len() {
        let at = rep.len() - second.len();
        (ta.span.clone(), first, rep[..at].trim_end_matches('-'))
    } else if rep.starts_with(first) && rep.len() > first.len() {
        (
            tb.span.clone(),
            second,
            rep[first.len()..].trim_start_matches('-'),
        )
    } else {
        return None;
    };
    if replacement.is_empty() || replacement == original {
        return None;
    }
    change.replacement = replacement.to_string();
    change.span = span;
    change.alternatives.clear();
    Some(change)
}

/// The report id of a word rule: `lexicon:ru`, `misreadings:en`; a split
/// found by the word rules is reported as `boundary:split`.
fn rule_id(rule: &str, lang: &str) -> String {
    match rule {
        "boundary-split" => "boundary:split".to_string(),
        _ => format!("{rule}:{lang}"),
    }
}

/// Checks every word of the document.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    caps: &[Option<f32>],
    claims: &super::boundary::Claims,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) {
    let claimed = &claims.all;
    let mut folded = String::new();
    let wholes = compounds(corrector, doc, info);
    // The lexicon corrections, for the passes that rank them again.
    let mut lexicon: Vec<Pending> = Vec::new();
    // Unknown words with nothing proposed, for the witness.
    let mut kept: Vec<Kept> = Vec::new();
    // The first parts of the words broken at a line end already corrected.
    let mut broken: HashSet<usize> = HashSet::default();
    // Corrections of words only a boundary suggestion claims: kept if the
    // document's passes make them sure enough to apply.
    let mut on_unsure: Vec<usize> = Vec::new();
    for (ti, token) in doc.tokens.iter().enumerate() {
        // A word only a suggestion claims gets a correction if it is sure.
        let unsure = claims.unsure.contains(&token.span.start);
        if !matches!(token.kind, TokenKind::Word | TokenKind::Mixed)
            || claimed.contains(&token.span.start) && !unsure
        {
            continue;
        }
        let Some(wi) = &info[ti] else {
            continue;
        };
        // The common case, a known word, costs nothing more.
        if (wi.known || wi.form) && !lang_of(corrector, wi).misreadings.contains_key(&wi.folded) {
            continue;
        }
        let word = &doc.text[token.span.clone()];
        let (idx, lang) = (wi.lang, lang_of(corrector, wi));
        if unsure && wholes.contains_key(&token.span.start) {
            continue;
        }
        if let Some(whole) = wholes.get(&token.span.start) {
            lang.fold(&whole.text, &mut folded);
            if lang.knows(&folded) || lang.knows(&folded.replace('-', "")) {
                continue;
            }
            // A word broken at a line end is corrected as a whole, once.
            if let Some((a, b)) = whole.broken {
                let free = |t: usize| !claimed.contains(&doc.tokens[t].span.start);
                if broken.insert(a) && free(a) && free(b) {
                    let search = searchable(&whole.text, false, &lang.ranking);
                    let verdict = if search {
                        cache.judge(idx, lang, &folded)
                    } else {
                        judge(lang, &folded)
                    };
                    let verdict = edges_of_whole(lang, &whole.text, verdict);
                    if let Some(change) = to_change(corrector, doc, a, lang, caps, verdict)
                        .and_then(|c| broken_change(doc, (a, b), c))
                    {
                        out.push(change);
                        continue;
                    }
                }
            }
            // A part of an unknown whole: only known misreadings apply; the
            // parts are not words on their own (word boundaries are a rule of
            // their own).
            lang.fold(word, &mut folded);
            if !lang.misreadings.contains_key(&folded) {
                continue;
            }
        }
        folded.clone_from(&wi.folded);
        let dot = followed_by_dot(doc, ti);
        let search = searchable(word, dot, &lang.ranking);
        // Only searched answers are cached: a word that may not be searched
        // (an abbreviation) must not reuse a searched spelling's answer.
        let verdict = if search {
            let verdict = cache.judge(idx, lang, &folded);
            marked_edges(doc, ti, idx, lang, &folded, cache, verdict)
        } else {
            judge(lang, &folded)
        };
        // Kept for the passes that search such words farther.
        if search
            && matches!(verdict, Verdict::Keep)
            && (lang.witness.is_some() || lang.ranking.document_far_cost > 0.0)
        {
            kept.push((ti, idx, folded.clone()));
        }
        let Some(change) = to_change(corrector, doc, ti, lang, caps, verdict) else {
            continue;
        };
        if unsure {
            on_unsure.push(out.len());
        }
        if change.rule.starts_with("lexicon:") {
            lexicon.push((out.len(), ti, idx, folded.clone()));
        }
        out.push(change);
    }
    let mut recurring = HashSet::default();
    let unsure_join = |c: &Change| c.action == Action::Suggested && &*c.rule == "boundary:join";
    if !lexicon.is_empty() || out.iter().any(unsure_join) {
        let vocabulary = Vocabulary::new(corrector.dicts.languages(), doc, info);
        document_pass(corrector, doc, caps, cache, &vocabulary, &lexicon, out);
        recurring = recurring_terms(corrector, doc, &vocabulary, &lexicon, out);
        joins_the_document_writes(corrector, doc, &vocabulary, out);
    }
    let mut adapt = Adaptation::new(corrector.dicts.languages().len());
    for &(at, ti, idx, ref folded) in &lexicon {
        let change = &out[at];
        if !change.rule.starts_with("lexicon:") {
            continue;
        }
        let mut right = String::new();
        corrector.dicts.languages()[idx].fold(&change.replacement, &mut right);
        match change.action {
            Action::Applied => adapt.applied[idx].push((folded.clone(), right)),
            _ => adapt.pending.push((at, ti, idx, folded.clone())),
        }
    }
    let confs = adapt.confusions(corrector);
    adapt.rerank(corrector, doc, caps, cache, &confs, &recurring, out);
    confusion_words(corrector, doc, info, caps, claimed, &wholes, &confs, out);
    marks_beside_words(corrector, doc, info, claimed, out);
    lone_signs(corrector, doc, info, claimed, out);
    prepositional_agreement(corrector, doc, info, claimed, out);
    let kept = far_in_document(corrector, doc, info, caps, kept, out);
    witness_pass(corrector, doc, caps, cache, adapt.pending, kept, out);
    old_spellings(corrector, &lexicon, out);
    let unsure: HashSet<usize> = on_unsure
        .into_iter()
        .filter(|&at| out[at].action != Action::Applied)
        .collect();
    if !unsure.is_empty() {
        let mut at = 0;
        out.retain(|_| {
            at += 1;
            !unsure.contains(&(at - 1))
        });
    }
    cache.end_document();
}

/// Confidence, at most, of a correction that makes a word of an older
/// spelling modern in a document written in it ([`old_spellings`]).
const OLD_SPELLING: f32 = 0.5;

/// The lexicon corrections that make a word of an older spelling modern (`iourney` → `journey`,
/// `marryed` → `married`; [`crate::dict::OldSpellings`]), or that change a
/// word the rewrites make another known word (`controversie` →
/// `controversies`), capped at [`OLD_SPELLING`] where the document shows
/// that spelling: enough different words, by enough different rewrites.
/// Runs last, so that what the adaptation made of them is capped too.
fn old_spellings(corrector: &Corrector, lexicon: &[Pending], out: &mut [Change]) {
    for (idx, lang) in corrector.dicts.languages().iter().enumerate() {
        let Some(old) = &lang.old_spellings else {
            continue;
        };
        let mut words: BTreeSet<&str> = BTreeSet::new();
        let mut used: BTreeSet<usize> = BTreeSet::new();
        let mut hits = Vec::new();
        let mut right = String::new();
        for (at, _, _, folded) in lexicon.iter().filter(|c| c.2 == idx) {
            if !out[*at].rule.starts_with("lexicon:") {
                continue;
            }
            lang.fold(&out[*at].replacement, &mut right);
            // The correction makes the word modern (`iourney` → `journey`),
            // or the word is an old spelling of another known word at least
            // as frequent as the one it is corrected to (`controversie` →
            // `controversies`, while it is `controversy`): evidence of the
            // spelling…
            let frequency = lang.lexicon.frequency(&right).unwrap_or(0);
            let modern = rewrites(&old.rules, folded, |w| w == right).or_else(|| {
                rewrites(&old.rules, folded, |w| {
                    lang.lexicon.frequency(w).is_some_and(|f| f >= frequency)
                })
            });
            if let Some(rules) = modern {
                words.insert(folded);
                used.extend(rules);
                hits.push(*at);
            // …or of a rarer one: held back with the rest where the
            // document is in that spelling, but no evidence of it (OCR
            // makes such words too: `reeent` is `reent` so).
            } else if rewrites(&old.rules, folded, |w| lang.lexicon.contains(w)).is_some() {
                hits.push(*at);
            }
        }
        if words.len() < old.min_words.max(1) || used.len() < old.min_rules {
            continue;
        }
        for at in hits {
            hold_back(corrector, &mut out[at], OLD_SPELLING);
        }
    }
}

/// The rewrites (indices in `rules`, at most two) that turn `word` into a
/// word that `is_right`, each replacing one occurrence of its old letters
/// with its modern ones.
fn rewrites(
    rules: &[(String, String)],
    word: &str,
    is_right: impl Fn(&str) -> bool,
) -> Option<Vec<usize>> {
    let once = |w: &str| -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (r, (from, to)) in rules.iter().enumerate() {
            for (at, _) in w.match_indices(from.as_str()) {
                out.push((r, format!("{}{to}{}", &w[..at], &w[at + from.len()..])));
            }
        }
        out
    };
    for (r1, w1) in once(word) {
        if is_right(&w1) {
            return Some(vec![r1]);
        }
        if let Some((r2, _)) = once(&w1).into_iter().find(|(_, w2)| is_right(w2)) {
            return Some(vec![r1, r2]);
        }
    }
    None
}

/// How often a document writes each word (per language, folded) and how
/// many words of each language it has: counted once per document for the
/// passes that weigh a word by its use there ([`document_pass`],
/// [`recurring_terms`]).
struct Vocabulary<'a> {
    counts: HashMap<(usize, &'a str), u64>,
    words: Vec<u64>,
    /// Pairs of neighbouring known words of one language ([`neighbour`]).
    pairs: HashSet<(usize, &'a str, &'a str)>,
    /// The words counted.
    info: &'a [Option<WordInfo>],
}

impl<'a> Vocabulary<'a> {
    fn new(languages: &[Language], doc: &Document<'_>, info: &'a [Option<WordInfo>]) -> Self {
        let mut counts = HashMap::default();
        let mut words = vec![0; languages.len()];
        for wi in info.iter().flatten() {
            words[wi.lang] += 1;
            *counts.entry((wi.lang, wi.folded.as_str())).or_default() += 1;
        }
        // Only a language that weighs them needs its pairs.
        let weighed = |lang: usize| languages[lang].ranking.context_bonus > 0.0;
        let mut pairs = HashSet::default();
        if (0..languages.len()).any(weighed) {
            for ti in 0..info.len() {
                if let (Some(a), Some(b)) = (&info[ti], neighbour(doc, info, ti, true)) {
                    if weighed(a.lang) && a.known && b.known && a.lang == b.lang {
                        pairs.insert((a.lang, a.folded.as_str(), b.folded.as_str()));
                    }
                }
            }
        }
        Vocabulary {
            counts,
            words,
            pairs,
            info,
        }
    }

    /// Whether the document writes the folded words `a` and `b` of
    /// language `lang` next to each other, in that order.
    fn has_pair(&self, lang: usize, a: &str, b: &str) -> bool {
        self.pairs.contains(&(lang, a, b))
    }

    /// How often the document writes the folded `word` of language `lang`.
    fn count(&self, lang: usize, word: &str) -> u64 {
        self.counts.get(&(lang, word)).copied().unwrap_or(0)
    }
}

/// Joins the boundary rules only suggest (`ги айская` → `китайская`,
/// `с.анций` → `станций`) whose word the document writes elsewhere, read
/// right, as its own ([`document_uses`]): the word costs `document_bonus`
/// less, as a lexicon candidate does in [`document_pass`], which makes the
/// join's odds `e^(cost_weight · document_bonus)` times as high (a join is
/// still never certain: at most [`super::boundary::JOIN_SEARCHED_MAX`]).
fn joins_the_document_writes(
    corrector: &Corrector,
    doc: &Document<'_>,
    vocabulary: &Vocabulary<'_>,
    out: &mut [Change],
) {
    let langs = corrector.dicts.languages();
    for change in out.iter_mut() {
        if change.action != Action::Suggested || &*change.rule != "boundary:join" {
            continue;
        }
        let Some((_, wi)) = word_at(doc, vocabulary.info, change.span.start) else {
            continue;
        };
        let lang = &langs[wi.lang];
        let mut word = String::new();
        lang.fold(&change.replacement, &mut word);
        let Some(freq) = lang.lexicon.frequency(&word) else {
            continue;
        };
        let n = vocabulary.count(wi.lang, &word);
        if n == 0 || !document_uses(n, vocabulary.words[wi.lang], freq) {
            continue;
        }
        let r = &lang.ranking;
        let odds = f64::from(change.confidence) / f64::from(1.0 - change.confidence).max(1e-6)
            * f64::from(r.cost_weight * r.document_bonus).exp();
        change.confidence = ((odds / (1.0 + odds)) as f32).min(super::boundary::JOIN_SEARCHED_MAX);
        change.action = corrector.action_for(change.confidence);
    }
}

/// The word token that starts at byte `start`, with what the lookup found
/// of it.
fn word_at<'i>(
    doc: &Document<'_>,
    info: &'i [Option<WordInfo>],
    start: usize,
) -> Option<(usize, &'i WordInfo)> {
    let ti = doc
        .tokens
        .binary_search_by_key(&start, |t| t.span.start)
        .ok()?;
    Some((ti, info[ti].as_ref()?))
}

/// The word next to token `ti` (after it with `after`, else before it):
/// the neighbouring token, if it is a word and only spaces or one line
/// break are between them.
fn neighbour<'i>(
    doc: &Document<'_>,
    info: &'i [Option<WordInfo>],
    ti: usize,
    after: bool,
) -> Option<&'i WordInfo> {
    let ni = if after { ti + 1 } else { ti.checked_sub(1)? };
    let (a, b) = if after { (ti, ni) } else { (ni, ti) };
    let (ta, tb) = (doc.tokens.get(a)?, doc.tokens.get(b)?);
    let between = &doc.text[ta.span.end..tb.span.start];
    let free = !between.is_empty()
        && between
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
        && between.matches('\n').count() <= 1;
    if free {
        info.get(ni)?.as_ref()
    } else {
        None
    }
}

/// Holds `change` back for the reviewer: its confidence at most `at_most`
/// (below the threshold it is only suggested).
fn hold_back(corrector: &Corrector, change: &mut Change, at_most: f32) {
    change.confidence = change.confidence.min(at_most);
    change.action = corrector.action_for(change.confidence);
}

/// How many times, at least, a document writes an unknown word, always
/// the same way, for [`recurring_terms`] to take it for a term of its own.
pub(super) const RECURRING: u64 = 3;

/// Confidence, at most, of a correction of such a word (it is only
/// suggested); the boundary rules cap a join of a recurring pair the same
/// way.
pub(super) const RECURRING_UNSEEN: f32 = 0.5;

/// Lexicon corrections of a word the document writes, the same way, at
/// least [`RECURRING`] times, while it never writes the word they make of
/// it, or writes it less than half as often and no confusion of the
/// language's type explains the change ([`read_as`]): only suggested
/// (confidence at most [`RECURRING_UNSEEN`]). OCR that
/// misreads a word the same way every time and never reads it right is
/// rarer than a word the lexicon lacks that a text keeps using: a command
/// (`passwd` → `passed`, `groupmod` → `grouped`, `MANPAGER` → `MANAGER`
/// in manual pages), a term (`frontend`), a place (`Shildon` →
/// `Sheldon`). Where it is a misreading, it is one of the document's own
/// confusions, and the adaptation applies it again if every letter it
/// changes is one (see [`Adaptation::rerank`]). Splits (a replacement of
/// two words) are left alone, and so is a correction that takes a mark
/// glued to the word for a letter (`projec:`, `projec’:` for `project`):
/// the mark shows the misreading. Returns the indices in `out` of the
/// corrections capped.
fn recurring_terms(
    corrector: &Corrector,
    doc: &Document<'_>,
    vocabulary: &Vocabulary<'_>,
    lexicon: &[Pending],
    out: &mut [Change],
) -> HashSet<usize> {
    let mut capped = HashSet::default();
    let langs = corrector.dicts.languages();
    let mut right = String::new();
    for (at, ti, idx, folded) in lexicon {
        let change = &mut out[*at];
        // A mark glued to the word that the correction takes for its
        // letter (`projec:` three times) shows a misreading.
        if !change.rule.starts_with("lexicon:")
            || change.span != doc.tokens[*ti].span
            || vocabulary.count(*idx, folded) < RECURRING
        {
            continue;
        }
        langs[*idx].fold(&change.replacement, &mut right);
        if right.contains(char::is_whitespace) {
            continue;
        }
        // The word it makes, read right: never, or at least half as often
        // (`сулов` three times, `судов` twice, is a misreading), unless
        // the page writes the word far more often and no confusion of the
        // language's type accounts for the change (`chage` 15 times and
        // `change` 8 in the chage(1) manual; `aro` for `are`, `e` read as
        // `o`, stays a misreading).
        let (seen, written) = (
            vocabulary.count(*idx, &right),
            vocabulary.count(*idx, folded),
        );
        if seen > 0 && (seen * 2 >= written || read_as(&langs[*idx], folded, &right)) {
            continue;
        }
        hold_back(corrector, change, RECURRING_UNSEEN);
        capped.insert(*at);
    }
    capped
}

/// Letters, at least, of each of the two words a compound term of
/// computer text runs together (`report` + `bug`)…
const TERM_PIECE_LETTERS: usize = 3;
/// …and how frequent each must be (one in a hundred thousand words): with
/// rarer or shorter pieces nearly any string is two words (`ста` + `ними`,
/// `поп` + `учить`).
const TERM_PIECE_COUNT: u64 = 10_000;

/// In computer text (see [`super::COMPUTER_TEXT_SPANS`]), a word the lexicon
/// lacks that is two frequent words run together (`reportbug`,
/// `messagebus`, `frontend`, `groupmod`, `manpage`) is a name of the
/// text's own far more often than a misreading of another word
/// (`reporting`, `messages`, `fronted`, `grouped`, `manage`): a lexicon
/// correction of it is only suggested, at most [`RECURRING_UNSEEN`]. In
/// other text such a word is most often a misreading (`Richare` →
/// `Richard`), and two words OCR glued are the boundary rules' split. So
/// is a word listed between commas with words the lexicon lacks on both
/// sides (`ocsp, passwd, pkcs12`): an item of a list of names; and so are
/// the value of an option ([`option_value`]: `--proxy-user user:passwd` is
/// no `user:passed`) and the name of one ([`option_name`]: `-mzarch` is no
/// `-march`).
pub(super) fn computer_terms(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    out: &mut [Change],
) {
    let langs = corrector.dicts.languages();
    for change in out.iter_mut() {
        if !change.rule.starts_with("lexicon:") || change.action != Action::Applied {
            continue;
        }
        let Some((ti, wi)) = word_at(doc, info, change.span.start).filter(|(_, wi)| !wi.known)
        else {
            continue;
        };
        let word = &doc.text[change.span.clone()];
        if doc.tokens[ti].span == change.span
            && (two_words(&langs[wi.lang], word, TERM_PIECE_LETTERS, TERM_PIECE_COUNT)
                || among_names(doc, info, ti)
                || option_value(doc, ti)
                || option_name(doc, ti))
        {
            hold_back(corrector, change, RECURRING_UNSEEN);
        }
    }
}

/// Confidence of a `spelling` change: the word is known and its spelling
/// list has every form the lexicon counts.
const SPELLING_CONFIDENCE: f32 = 0.9;

/// Known words with a letter the lexicon folds (`ё`) where no spelling of
/// the word has it (`folded_spellings`, `yo.tsv`): OCR read specks above
/// the plain letter (`течёние`, `черёз`, `дёйствие`), which it becomes
/// (`spelling:<lang>`). A spelling with the letter in its place stays
/// (`ещё`, `введённая`), and so do a form the lexicon does not count (the
/// list has only the spellings of counted forms) and a word shorter than
/// `min_letters` (`нё` read for `на`: too short to say which word it is).
pub(super) fn misread_folded_letters(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    out: &mut Vec<Change>,
) {
    for (t, wi) in doc.tokens.iter().zip(info) {
        let Some(wi) = wi.as_ref().filter(|w| w.known) else {
            continue;
        };
        let lang = lang_of(corrector, wi);
        let word = &doc.text[t.span.clone()];
        let Some(spellings) = &lang.folded_spellings else {
            continue;
        };
        if !lang.has_folded_letter(word)
            || wi.folded.chars().count() < lang.ranking.min_letters
            || lang.lexicon.frequency(&wi.folded).unwrap_or(0) == 0
            || spellings.contains(word.to_lowercase())
        {
            continue;
        }
        let replacement: String = word
            .chars()
            .map(|c| match lang.folds(crate::dict::lower(c)) {
                Some(to) if c.is_uppercase() => to.to_uppercase().next().unwrap_or(to),
                Some(to) => to,
                None => c,
            })
            .collect();
        out.push(Change {
            span: t.span.clone(),
            replacement,
            action: corrector.action_for(SPELLING_CONFIDENCE),
            rule: corrector.rule_id(&rule_id("spelling", &lang.code)),
            confidence: SPELLING_CONFIDENCE,
            alternatives: Vec::new(),
        });
    }
}

/// A word of another language than most words on its line (`для procfs`,
/// `Наберите :help cmd` in a Russian manual: a name, a command or a term
/// the other lexicon lacks far more often than a misread word): its
/// correction, or a join of it with the next, is only suggested, at most
/// [`RECURRING_UNSEEN`]. A passage in the other language (a translation
/// after the original) has whole lines of it, and its words are corrected
/// as any.
pub(super) fn foreign_words(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    out: &mut [Change],
) {
    let langs = corrector.dicts.languages().len();
    if langs < 2 {
        return;
    }
    // The words of each language on each line, counted once when needed.
    let mut counts: Option<Vec<u32>> = None;
    for change in out.iter_mut() {
        let word_rule = ["lexicon:", "real-word:", "short-word:", "boundary:join"]
            .iter()
            .any(|r| change.rule.starts_with(r));
        if !word_rule || change.action != Action::Applied {
            continue;
        }
        let Some((ti, wi)) = word_at(doc, info, change.span.start) else {
            continue;
        };
        let counts = counts.get_or_insert_with(|| {
            let mut c = vec![0; doc.lines.len() * langs];
            for (k, w) in info.iter().enumerate() {
                if let Some(w) = w {
                    c[doc.token_line[k] as usize * langs + w.lang] += 1;
                }
            }
            c
        });
        let line = &counts[doc.token_line[ti] as usize * langs..][..langs];
        let own = line[wi.lang];
        if own < line.iter().sum::<u32>() - own {
            hold_back(corrector, change, RECURRING_UNSEEN);
        }
    }
}

/// The fewest words of three letters or more of a language a document
/// needs for [`unknown_language`] to weigh them.
const LANGUAGE_MIN_WORDS: usize = 20;

/// A document whose words of a language are mostly not known to that
/// language's lexicon (fewer than `min_known_share` of its words of three
/// letters or more outside addresses, paths and code, with at least
/// [`LANGUAGE_MIN_WORDS`] of them) is not written in that language, or its
/// OCR is past reading: French or German read with the English lexicon
/// (`répertoire` → `repertoire`, `utilisé` → `utilise`), Latin, Bulgarian
/// with the Russian one, black letter OCR read as noise. Every change of
/// the word, witness, boundary, case and agreement rules to its words is then only
/// suggested, at most [`RECURRING_UNSEEN`]: a reviewer sees them, the text
/// keeps its words. A listed misreading (`tbe` → `the`) is a fact about
/// OCR output, not a guess from the lexicon, and is still made. Returns a
/// note for the summary that says so (empty when no language is held
/// back).
pub(super) fn unknown_language(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    protected: &[Range<usize>],
    out: &mut [Change],
) -> String {
    let langs = corrector.dicts.languages();
    let mut counts = vec![(0usize, 0usize); langs.len()];
    // Words of addresses, paths and code (`/usr/lib/ssl`) are no text of
    // any language; the spans come in order.
    let mut spans = protected.iter().peekable();
    for (t, wi) in doc.tokens.iter().zip(info) {
        let Some(wi) = wi else {
            continue;
        };
        while spans.next_if(|s| s.end <= t.span.start).is_some() {}
        if spans.peek().is_some_and(|s| s.start < t.span.end) {
            continue;
        }
        if wi.folded.chars().nth(2).is_some() {
            let c = &mut counts[wi.lang];
            c.0 += 1;
            c.1 += usize::from(wi.known || wi.form);
        }
    }
    let unread: Vec<bool> = counts
        .iter()
        .zip(langs)
        .map(|(&(words, known), lang)| {
            words >= LANGUAGE_MIN_WORDS
                && (known as f32) < lang.ranking.min_known_share * words as f32
        })
        .collect();
    if !unread.contains(&true) {
        return String::new();
    }
    for change in out.iter_mut() {
        let word_rule = [
            "lexicon:",
            "real-word:",
            "short-word:",
            "sign:",
            "speck:",
            "witness:",
            "boundary:",
            "case:",
            "agreement:",
        ]
        .iter()
        .any(|r| change.rule.starts_with(r));
        if !word_rule || change.action != Action::Applied {
            continue;
        }
        // The words the change touches.
        let first = doc
            .tokens
            .partition_point(|t| t.span.end <= change.span.start);
        let touches = doc.tokens[first..]
            .iter()
            .zip(&info[first..])
            .take_while(|(t, _)| t.span.start < change.span.end.max(change.span.start + 1))
            .any(|(_, wi)| wi.as_ref().is_some_and(|w| unread[w.lang]));
        if touches {
            hold_back(corrector, change, RECURRING_UNSEEN);
        }
    }
    let notes: Vec<String> = counts
        .iter()
        .zip(langs)
        .zip(&unread)
        .filter(|(_, &unread)| unread)
        .map(|((&(words, known), lang), _)| {
            format!(
                "{known} of {words} {} words known ({:.0} %, under {:.0} %): another language \
                 or OCR past reading, their changes only suggested",
                lang.name,
                100.0 * known as f32 / words as f32,
                100.0 * lang.ranking.min_known_share
            )
        })
        .collect();
    notes.join("; ")
}

/// Whether token `ti` is in the value of a long option: in the run of
/// text without spaces that follows one space after an option
/// (`--proxy-user user:passwd`, `--proxy-cert <cert[:passwd]>`).
fn option_value(doc: &Document<'_>, ti: usize) -> bool {
    let line = &doc.lines[doc.token_line[ti] as usize].span;
    let before = &doc.text[line.start..doc.tokens[ti].span.start];
    let Some(space) = before.rfind(char::is_whitespace) else {
        return false;
    };
    let option = before[..space]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    option
        .strip_prefix("--")
        .is_some_and(|name| name.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Whether token `ti` is the name of a command-line option: glued after
/// one or two hyphens that stand after white space, the line's start or an
/// opening bracket or bar (`-mzarch`, `[-mmsa]`, `[--quiet|-q]`).
fn option_name(doc: &Document<'_>, ti: usize) -> bool {
    let line = &doc.lines[doc.token_line[ti] as usize].span;
    let before = &doc.text[line.start..doc.tokens[ti].span.start];
    let Some(rest) = before
        .strip_suffix("--")
        .or_else(|| before.strip_suffix('-'))
    else {
        return false;
    };
    rest.chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '[' | '(' | '{' | '|'))
}

/// Whether token `ti` is listed between commas with a word the lexicon
/// lacks on each side (`ocsp, passwd, pkcs12`).
fn among_names(doc: &Document<'_>, info: &[Option<WordInfo>], ti: usize) -> bool {
    let unknown_item = |comma: usize, item: usize| {
        doc.tokens
            .get(comma)
            .is_some_and(|t| &doc.text[t.span.clone()] == ",")
            && info
                .get(item)
                .and_then(Option::as_ref)
                .is_some_and(|wi| !wi.known)
    };
    ti >= 2 && unknown_item(ti - 1, ti - 2) && unknown_item(ti + 1, ti + 2)
}

/// Whether `ocr` is `truth` with letters of the same count read for others
/// as the language's type is misread (`confusions.tsv`, at
/// [`CONFUSION_READ`] or less): `aro` for `are`, not `chage` for `change`.
fn read_as(lang: &Language, ocr: &str, truth: &str) -> bool {
    ocr.chars().count() == truth.chars().count()
        && super::adapt::substitutions(ocr, truth)
            .iter()
            .all(|&(o, t)| {
                lang.confusions
                    .cost(&o.to_string(), &t.to_string())
                    .is_some_and(|c| c <= CONFUSION_READ)
            })
}

/// The cost, at most, of a confusion that explains a word the document
/// keeps writing ([`read_as`]).
const CONFUSION_READ: f32 = 0.6;

/// Whether a document of `words` words that has a word `n` times uses it
/// as its own: at least ten times as often as the language does (`freq`,
/// the lexicon count, is its frequency × 10⁹). A word every page has (`в`,
/// `который`) is no evidence of what this page says.
fn document_uses(n: u64, words: u64, freq: u64) -> bool {
    const RATIO: f64 = 10.0;
    n as f64 * 1e9 >= RATIO * words as f64 * (freq as f64).max(1.0)
}

/// Words of the document's own confusions that the word rules leave:
/// known words misread as other real words ([`real_word`]) and unknown
/// words too short for them to search ([`short_word`]).
#[allow(clippy::too_many_arguments)]
fn confusion_words(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    caps: &[Option<f32>],
    claimed: &HashSet<usize>,
    wholes: &HashMap<usize, Whole>,
    confs: &[Option<DocumentConfusions>],
    out: &mut Vec<Change>,
) {
    if confs.iter().all(Option::is_none) {
        return;
    }
    let langs = corrector.dicts.languages();
    let changed: HashSet<usize> = out.iter().map(|c| c.span.start).collect();
    for (ti, token) in doc.tokens.iter().enumerate() {
        let Some(wi) = &info[ti] else {
            continue;
        };
        let (Some(conf), lang) = (&confs[wi.lang], &langs[wi.lang]) else {
            continue;
        };
        if claimed.contains(&token.span.start) || changed.contains(&token.span.start) {
            continue;
        }
        let verdict = if wi.known {
            real_word(lang, conf, wi)
        } else {
            short_word(doc, info, caps, wholes, lang, conf, ti)
        };
        if let Some(change) = verdict.and_then(|v| to_change(corrector, doc, ti, lang, caps, v)) {
            out.push(change);
        }
    }
}

/// The words that one of the document's confusions makes of the folded
/// `word`, one letter substituted, with their lexicon counts (0 for a word
/// the lexicon lacks), in the order of the letters and then of the pairs.
fn substituted<'w>(
    lang: &'w Language,
    conf: &'w DocumentConfusions,
    word: &'w str,
) -> impl Iterator<Item = (u64, String)> + 'w {
    word.char_indices().flat_map(move |(at, c)| {
        conf.pairs
            .iter()
            .filter(move |&&(o, _)| o == c)
            .map(move |&(_, t)| {
                let mut made = String::with_capacity(word.len() + 2);
                made.push_str(&word[..at]);
                made.push(t);
                made.push_str(&word[at + c.len_utf8()..]);
                (lang.lexicon.frequency(&made).unwrap_or(0), made)
            })
    })
}

/// A real-word error of the document's own confusions: a known word that a
/// letter substitution the document's corrections show in several words
/// turns into a far more frequent word is that word misread (`гола` →
/// `года`, `холе` → `ходе` in a document that reads `д` as `л`; `tho` →
/// `the` in one that reads `e` as `o`). The confidence is `ratio / (ratio +
/// needed / 9)`: 0.9 where the frequency ratio is the one needed
/// (`real_word_ratio`, or `real_word_short_ratio` for a word of three
/// letters); below 0.75 nothing is proposed.
fn real_word(lang: &Language, conf: &DocumentConfusions, wi: &WordInfo) -> Option<Verdict> {
    const MIN_CONFIDENCE: f32 = 0.75;
    let r = &lang.ranking;
    let letters = wi.folded.chars().count();
    // Three-letter words are near far more words, so they need far
    // more evidence.
    let needed = if letters >= r.real_word_min_letters {
        r.real_word_ratio
    } else if letters == 3 {
        r.real_word_short_ratio
    } else {
        0.0
    };
    if needed <= 0.0 {
        return None;
    }
    // A word of the lexicon (not one known only behind a prefix or as a
    // form of a name) and its count.
    let own = lang.lexicon.frequency(&wi.folded)?.max(1);
    let mut best: Option<(u64, String)> = None;
    for (freq, word) in substituted(lang, conf, &wi.folded) {
        if best.as_ref().is_none_or(|b| freq > b.0) {
            best = Some((freq, word));
        }
    }
    let (freq, word) = best?;
    let ratio = freq as f32 / own as f32;
    let confidence = ratio / (ratio + needed / 9.0);
    (confidence >= MIN_CONFIDENCE).then_some(Verdict::Replace {
        rule: "real-word",
        replacement: word,
        confidence,
        alternatives: Vec::new(),
    })
}

/// Confidence of a [`short_word`] correction.
const SHORT_WORD_CONFIDENCE: f32 = 0.9;

/// A short word of the document's own confusions: an unknown word of two
/// or three letters (fewer than `real_word_min_letters`) that the word rules
/// do not search (fewer than `min_letters`, or in capitals, taken for an
/// abbreviation) and that one of the document's confusions turns into a
/// common word
/// ([`Ranking::short_word_count`](crate::dict::Ranking::short_word_count)
/// or more) and into no other word within `real_word_ratio` of it, is that
/// word misread: `ло` → `до` where `д` reads as `л`, `ARF` → `ARE` in a
/// line typed in capitals where `E` reads as `F`. Only words of letters:
/// not one in capitals outside a line in capitals (an abbreviation: `НР`,
/// `ЦК`), not one before a full stop (`гр.`), not part of a hyphenated
/// whole, not one between two unknown words (a piece of a word OCR broke
/// up: `ПГ зо чно-р`). A word the word rules searched is theirs: their
/// ranking, with the document's confusions, has weighed it (`sre` is `see`
/// by a confusion, `are` by the sense).
fn short_word(
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    caps: &[Option<f32>],
    wholes: &HashMap<usize, Whole>,
    lang: &Language,
    conf: &DocumentConfusions,
    ti: usize,
) -> Option<Verdict> {
    let (token, wi) = (&doc.tokens[ti], info[ti].as_ref()?);
    let r = &lang.ranking;
    let letters = wi.folded.chars().count();
    if wi.form
        || r.short_word_count == 0
        || token.kind != TokenKind::Word
        || !(2..r.real_word_min_letters).contains(&letters)
        || wholes.contains_key(&token.span.start)
    {
        return None;
    }
    let word = &doc.text[token.span.clone()];
    let caps_line = caps[doc.token_line[ti] as usize].is_some();
    let dot = followed_by_dot(doc, ti);
    if dot || !caps_line && !word.chars().any(char::is_lowercase) || searchable(word, dot, r) {
        return None;
    }
    // Between two unknown words it is more likely a piece of a word OCR
    // broke up (`ПГ зо чно-р`) than a word.
    let unknown = |n: Option<usize>| {
        n.and_then(|n| info.get(n)).is_some_and(|w| {
            w.as_ref()
                .is_some_and(|w| !w.known && !w.form && w.lang == wi.lang)
        })
    };
    if unknown(ti.checked_sub(1)) && unknown(Some(ti + 1)) {
        return None;
    }
    // The two commonest words the document's confusions make of it.
    let (mut best, mut second): (Option<(u64, String)>, u64) = (None, 0);
    for (freq, made) in substituted(lang, conf, &wi.folded) {
        match &best {
            Some((_, w)) if *w == made => {}
            Some((b, _)) if freq <= *b => second = second.max(freq),
            _ => {
                second = second.max(best.as_ref().map_or(0, |b| b.0));
                best = Some((freq, made));
            }
        }
    }
    let (freq, made) = best?;
    if freq < r.short_word_count || (second as f64) * f64::from(r.real_word_ratio) > freq as f64 {
        return None;
    }
    Some(Verdict::Replace {
        rule: "short-word",
        replacement: made,
        confidence: SHORT_WORD_CONFIDENCE,
        alternatives: Vec::new(),
    })
}

/// Confidence of a [`marks_beside_words`] or [`lone_signs`] change.
const MARK_CONFIDENCE: f32 = 0.9;

/// A quotation opened before a word is closed within this many words, or
/// the mark is taken for no quotation.
const QUOTED_WORDS: usize = 8;

/// A sign read for a letter before a known word is that letter when the
/// word with it is this many times as frequent as the word alone.
const SIGN_WORD_RATIO: u64 = 10;

/// Marks glued before a known word (the mark after a space or at the
/// start of the text):
/// - a sign that `confusions.tsv` lists as a letter (at
///   [`super::SIGN_MAX_COST`] or less) is that letter when the word with it
///   is [`SIGN_WORD_RATIO`] times as frequent as the word alone (`@nd` →
///   `and`, `@bout` → `about`; `sign:<lang>`), the commonest such word;
/// - a mark the language's text never has there (`specks_before` of
///   `letter_marks` in `lang.toml`: `‘все`, `‘в`) is a speck OCR read as a
///   mark, and goes (`speck:<lang>`), unless it may be a letter OCR lost
///   ([`lost_letter`]) or opens a quotation closed within [`QUOTED_WORDS`]
///   words (`‘quoted’`).
///
/// After a known word, before a space or the end, a mark is the word's
/// last letter when that makes a far commoner word ([`sign_after`]: `th:`
/// → `the`; `sign:<lang>`), unless it closes a quotation opened within
/// [`QUOTED_WORDS`] words; else a mark the language's text never has there
/// (`specks_after`: `числе’`) is a speck and goes, unless it may be a
/// letter lost or closes such a quotation.
fn marks_beside_words(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &HashSet<usize>,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    let mut found = Vec::new();
    for ti in 1..t.len() {
        let Some(wi) = &info[ti] else {
            continue;
        };
        let lang = lang_of(corrector, wi);
        let Some(m) = mark_beside(doc, wi, claimed, ti, true) else {
            continue;
        };
        let (mark, token) = (&t[ti - 1], &t[ti]);
        let text = &doc.text[mark.span.clone()];
        let word = &doc.text[token.span.clone()];
        let own = lang.lexicon.frequency(&wi.folded).unwrap_or(0);
        let with = |c: &char| {
            let made = format!("{c}{}", wi.folded);
            lang.lexicon.frequency(&made).map(|f| (f, made))
        };
        let signed = lang
            .confusions
            .letters_read(text, super::SIGN_MAX_COST)
            .filter_map(|c| with(&c))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .filter(|(f, _)| *f >= own.max(1).saturating_mul(SIGN_WORD_RATIO));
        let (span, replacement, rule) = if let Some((_, made)) = signed {
            let made = if word.chars().count() > 1 && !word.chars().any(char::is_lowercase) {
                made.to_uppercase()
            } else {
                format!("{}{word}", made.chars().next().unwrap_or_default())
            };
            (mark.span.start..token.span.end, made, "sign")
        } else {
            if !lang.letter_marks.specks_before.contains(&m)
                || lost_letter(lang, wi, word, |c| format!("{c}{}", wi.folded))
                || quoted(doc, lang, ti, m)
            {
                continue;
            }
            (mark.span.clone(), String::new(), "speck")
        };
        found.push(mark_change(corrector, lang, span, replacement, rule));
    }
    // Specks after a word: a mark the language never has there, glued to
    // its end and followed by a space or the end of the text.
    for ti in 0..t.len().saturating_sub(1) {
        let Some(wi) = &info[ti] else {
            continue;
        };
        let lang = lang_of(corrector, wi);
        let Some(m) = mark_beside(doc, wi, claimed, ti, false) else {
            continue;
        };
        let (token, mark) = (&t[ti], &t[ti + 1]);
        let word = &doc.text[token.span.clone()];
        if let Some(made) = sign_after(lang, wi, word, m).filter(|_| !opened(doc, lang, ti, m)) {
            found.push(mark_change(
                corrector,
                lang,
                token.span.start..mark.span.end,
                made,
                "sign",
            ));
            continue;
        }
        if !lang.letter_marks.specks_after.contains(&m) {
            continue;
        }
        if lost_letter(lang, wi, word, |c| format!("{}{c}", wi.folded)) || opened(doc, lang, ti, m)
        {
            continue;
        }
        found.push(mark_change(
            corrector,
            lang,
            mark.span.clone(),
            String::new(),
            "speck",
        ));
    }
    add_free(out, found);
}

/// The word a mark glued after the known word `word` (folded in `wi`)
/// makes when it is read as the word's last letter: a sign that
/// `confusions.tsv` lists as a letter (at [`super::SIGN_MAX_COST`] or less:
/// `cod®` → `code`), or a mark of `letter_marks.after` that stands for
/// any letter (`th:`, `th=` → `the`); not a mark that is punctuation far
/// more often ([`punctuation_first`]), nor one that joins or ends words in
/// real text, never read for a letter (an apostrophe: `goin'`, `an'`;
/// [`super::boundary::joins_words`]). The word with the letter must be
/// [`SIGN_WORD_RATIO`] times as frequent as the word alone (`us®` stays:
/// `use` is not), and `real_word_ratio` times as frequent as any other
/// word the mark may make (`i:` stays: `it`, `is`, `in`). A word of one
/// letter is left alone, and so is a word in capitals before a colon.
fn sign_after(lang: &Language, wi: &WordInfo, word: &str, mark: char) -> Option<String> {
    let mark_text = mark.to_string();
    let caps = !word.chars().any(char::is_lowercase);
    if word.chars().count() < 2
        || punctuation_first(&mark_text)
        || super::boundary::joins_words(&mark_text)
        // A word in capitals before a colon is a label (`TO:`, `NO:`,
        // `COM:`), not a word missing its last letter.
        || caps && mark == ':'
    {
        return None;
    }
    let signed: Vec<char> = lang
        .confusions
        .letters_read(&mark_text, super::SIGN_MAX_COST)
        .collect();
    let letters: &[char] = if !signed.is_empty() {
        &signed
    } else if lang.letter_marks.after.contains(&mark) {
        lang.letters()
    } else {
        return None;
    };
    let mut made: Vec<(u64, char)> = letters
        .iter()
        .filter_map(|&c| {
            let f = lang.lexicon.frequency(&format!("{}{c}", wi.folded))?;
            Some((f, c))
        })
        .collect();
    made.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, letter) = *made.first()?;
    let own = lang.lexicon.frequency(&wi.folded).unwrap_or(0);
    let rival = made.get(1).map_or(0, |r| r.0);
    let ratio = f64::from(lang.ranking.real_word_ratio);
    if best < own.max(1).saturating_mul(SIGN_WORD_RATIO) || (rival as f64) * ratio > best as f64 {
        return None;
    }
    Some(if caps {
        format!("{word}{}", letter.to_uppercase())
    } else {
        format!("{word}{letter}")
    })
}

/// The mark of one character glued to the known word at token `ti`, before
/// it (`before`) or after it, with a space or the text's edge on its other
/// side; neither claimed by an earlier rule.
fn mark_beside(
    doc: &Document<'_>,
    wi: &WordInfo,
    claimed: &HashSet<usize>,
    ti: usize,
    before: bool,
) -> Option<char> {
    let k = if before { ti.checked_sub(1)? } else { ti + 1 };
    let free = |k: usize| !claimed.contains(&doc.tokens[k].span.start);
    glued_mark(doc, ti, before).filter(|_| wi.known && free(k) && free(ti))
}

/// The mark of one character glued to the word at token `ti`, before it
/// (`before`) or after it, with a space or the text's edge on its other
/// side.
fn glued_mark(doc: &Document<'_>, ti: usize, before: bool) -> Option<char> {
    let t = &doc.tokens;
    let k = if before { ti.checked_sub(1)? } else { ti + 1 };
    let (token, mark) = (&t[ti], t.get(k)?);
    let text = &doc.text[mark.span.clone()];
    let mut chars = text.chars();
    let (Some(m), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let (glued, free) = if before {
        (
            mark.span.end == token.span.start,
            doc.text[..mark.span.start].chars().next_back(),
        )
    } else {
        (
            token.span.end == mark.span.start,
            doc.text[mark.span.end..].chars().next(),
        )
    };
    (mark.kind == TokenKind::Punct && glued && free.is_none_or(char::is_whitespace)).then_some(m)
}

/// Whether a speck beside the known word `word` (folded in `wi`) may be a
/// letter OCR lost: a letter in its place (`made` of each letter of the
/// alphabet) makes a word at least as common (`‘окинул`: покинул; `‘а`:
/// на), or the word is a letter alone that is no common word (`YEAR ‘S`,
/// an apostrophe read so).
fn lost_letter(lang: &Language, wi: &WordInfo, word: &str, made: impl Fn(char) -> String) -> bool {
    let own = lang.lexicon.frequency(&wi.folded).unwrap_or(0);
    word.chars().count() == 1 && own < super::ONE_LETTER_WORD_COUNT
        || lang
            .letters()
            .iter()
            .any(|&c| lang.lexicon.frequency(&made(c)).is_some_and(|f| f >= own))
}

/// A change of a mark's rule ([`marks_beside_words`], [`lone_signs`]).
fn mark_change(
    corrector: &Corrector,
    lang: &Language,
    span: Range<usize>,
    replacement: String,
    rule: &str,
) -> Change {
    Change {
        span,
        replacement,
        action: corrector.action_for(MARK_CONFIDENCE),
        rule: corrector.rule_id(&rule_id(rule, &lang.code)),
        confidence: MARK_CONFIDENCE,
        alternatives: Vec::new(),
    }
}

/// Adds the changes of `found` that collide with none of `out`.
fn add_free(out: &mut Vec<Change>, mut found: Vec<Change>) {
    found.retain(|f| !out.iter().any(|c| crate::change::collide(&c.span, &f.span)));
    out.extend(found);
}

/// A sign standing alone between two words of a line, which
/// `confusions.tsv` lists as a letter (at [`super::SIGN_MAX_COST`] or less)
/// that is a common word of one letter, is that word (`a new @ security
/// update` → `a`, `of @ Debian`; `sign:<lang>`), the commonest if it reads
/// as several, in a document whose applied corrections read the sign for
/// a letter inside [`Ranking::adapt_min_words`] different words or more
/// (`@nd` → `and`, `p@ckage` → `package`): a page about the sign itself
/// (`prefix the file name with an @ sign`) has none. The words on both
/// sides say it stands for a word: not a number (`20 °`), not the line's
/// edge.
fn lone_signs(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &HashSet<usize>,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    let is_word = |k: usize| matches!(t[k].kind, TokenKind::Word | TokenKind::Mixed);
    let mut found = Vec::new();
    for ti in 1..t.len().saturating_sub(1) {
        let sign = &t[ti];
        let text = &doc.text[sign.span.clone()];
        let line = doc.token_line[ti];
        if sign.kind != TokenKind::Punct
            || text.chars().count() != 1
            || !(is_word(ti - 1) && is_word(ti + 1))
            || doc.token_line[ti - 1] != line
            || doc.token_line[ti + 1] != line
            || doc.text[t[ti - 1].span.end..sign.span.start] != *" "
            || doc.text[sign.span.end..t[ti + 1].span.start] != *" "
            || claimed.contains(&sign.span.start)
        {
            continue;
        }
        let Some(wi) = &info[ti + 1] else {
            continue;
        };
        let lang = lang_of(corrector, wi);
        let word = lang
            .confusions
            .letters_read(text, super::SIGN_MAX_COST)
            .filter_map(|c| {
                let f = lang.lexicon.frequency(&c.to_string())?;
                (f >= super::ONE_LETTER_WORD_COUNT).then_some((f, c))
            })
            .max();
        let Some((_, letter)) = word else {
            continue;
        };
        let read: BTreeSet<(&str, &str)> = out
            .iter()
            .filter(|c| c.action == Action::Applied)
            .map(|c| (&doc.text[c.span.clone()], c.replacement.as_str()))
            .filter(|(o, r)| o.contains(text) && !r.contains(text) && o.chars().count() > 1)
            .collect();
        if read.len() < lang.ranking.adapt_min_words.max(1) {
            continue;
        }
        found.push(mark_change(
            corrector,
            lang,
            sign.span.clone(),
            letter.to_string(),
            "sign",
        ));
    }
    add_free(out, found);
}

/// Confidence of a [`prepositional_agreement`] change: a real word made
/// another, on grammar alone; only suggested at the default threshold.
const AGREEMENT_CONFIDENCE: f32 = 0.6;

/// A noun that [`crate::dict::Agreement`] finds in the wrong case after a
/// preposition and an adjective (`в Южной Кореи` → `Корее`;
/// `agreement:<lang>`): the three words one space apart on a line, the
/// adjective and the noun known, the noun's form with the right ending a
/// known word at least one in a million.
fn prepositional_agreement(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &HashSet<usize>,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    let mut found = Vec::new();
    for ti in 2..t.len() {
        let (Some(p), Some(a), Some(n)) = (&info[ti - 2], &info[ti - 1], &info[ti]) else {
            continue;
        };
        let lang = lang_of(corrector, n);
        let Some(agreement) = &lang.prepositional_agreement else {
            continue;
        };
        let one_space = |k: usize| &doc.text[t[k - 1].span.end..t[k].span.start] == " ";
        if p.lang != n.lang
            || a.lang != n.lang
            || !(a.known && n.known)
            || !one_space(ti - 1)
            || !one_space(ti)
            || claimed.contains(&t[ti].span.start)
            || !lang.prepositional_after.contains(&p.folded)
            || a.folded.chars().count() < AGREEMENT_MIN_ADJECTIVE
            || !agreement
                .adjective_endings
                .iter()
                .any(|e| a.folded.ends_with(e.as_str()))
        {
            continue;
        }
        let right = agreement.endings.iter().find_map(|(wrong, right)| {
            let stem = n.folded.strip_suffix(wrong.as_str())?;
            let made = format!("{stem}{right}");
            lang.lexicon
                .frequency(&made)
                .is_some_and(|f| f >= AGREEMENT_MIN_COUNT)
                .then_some(made)
        });
        let Some(right) = right else {
            continue;
        };
        let word = &doc.text[t[ti].span.clone()];
        found.push(Change {
            span: t[ti].span.clone(),
            replacement: match_case(word, &right),
            action: corrector.action_for(AGREEMENT_CONFIDENCE),
            rule: corrector.rule_id(&rule_id("agreement", &lang.code)),
            confidence: AGREEMENT_CONFIDENCE,
            alternatives: Vec::new(),
        });
    }
    add_free(out, found);
}

/// The adjective of [`prepositional_agreement`] has this many letters at
/// least (`о ней`: a pronoun, no adjective)…
const AGREEMENT_MIN_ADJECTIVE: usize = 4;
/// …and the noun it makes is at least this frequent (one in a million
/// words; counts are frequency × 10⁹).
const AGREEMENT_MIN_COUNT: u64 = 1_000;

/// Whether a mark that closes what `open` opens (`paired_marks` in
/// `lang.toml`: `’` or `'` after `‘`) ends a known word within
/// [`QUOTED_WORDS`] words from token `ti` on (a quotation may go on to the
/// next line).
pub(super) fn quoted(doc: &Document<'_>, lang: &Language, ti: usize, open: char) -> bool {
    let closing = |k: usize| {
        k > 0
            && doc.tokens[k - 1].span.end == doc.tokens[k].span.start
            && known_word(doc, lang, k - 1)
            && doc.text[doc.tokens[k].span.clone()]
                .chars()
                .next()
                .is_some_and(|c| lang.closers(open).any(|x| x == c))
    };
    quote_within(doc, ti..doc.tokens.len(), closing)
}

/// Whether a mark that opens what `close` closes (`‘` or `'` before `’`)
/// begins a known word within [`QUOTED_WORDS`] words before token `ti`.
pub(super) fn opened(doc: &Document<'_>, lang: &Language, ti: usize, close: char) -> bool {
    let t = &doc.tokens;
    let opening = |k: usize| {
        t.get(k + 1).is_some_and(|n| n.span.start == t[k].span.end)
            && known_word(doc, lang, k + 1)
            && doc.text[t[k].span.clone()]
                .chars()
                .next()
                .is_some_and(|c| lang.openers(close).any(|x| x == c))
    };
    quote_within(doc, (0..=ti).rev(), opening)
}

/// Whether token `k` is a word or number, and a word `lang` knows: a quote
/// closes after, and opens before, what the text says, not a piece of a
/// word OCR broke (`‘оформляться дву’`).
fn known_word(doc: &Document<'_>, lang: &Language, k: usize) -> bool {
    let t = &doc.tokens[k];
    match t.kind {
        TokenKind::Word => {
            let mut folded = String::new();
            lang.fold(&doc.text[t.span.clone()], &mut folded);
            lang.knows(&folded) || lang.is_form(&folded)
        }
        TokenKind::Punct => false,
        _ => true,
    }
}

/// Whether a mark at one of `tokens` (in the order searched) is a quote
/// (`is_quote`) before [`QUOTED_WORDS`] words have passed.
fn quote_within(
    doc: &Document<'_>,
    tokens: impl Iterator<Item = usize>,
    is_quote: impl Fn(usize) -> bool,
) -> bool {
    let mut words = 0;
    for k in tokens {
        if words > QUOTED_WORDS {
            return false;
        }
        match doc.tokens[k].kind {
            TokenKind::Punct if is_quote(k) => return true,
            TokenKind::Punct => {}
            _ => words += 1,
        }
    }
    false
}

/// Whether the word at token `ti` surely stands where no preposition
/// governs it: right after a word that is no preposition of the
/// prepositional case (`prepositional_after` in `lang.toml`) and no
/// conjunction that may go on with a list of such words (`list_words`:
/// `в Харбине, Чанчуне и Цицикаре`). An opening quote or bracket between
/// is passed over (`в «Инчоне»`); any other mark (a comma, a list) leaves it
/// open.
fn surely_ungoverned(doc: &Document<'_>, ti: usize, lang: &Language) -> bool {
    if lang.prepositional_after.is_empty() {
        return false;
    }
    let mut folded = String::new();
    for t in doc.tokens[..ti].iter().rev() {
        let text = &doc.text[t.span.clone()];
        match t.kind {
            TokenKind::Word => {
                lang.fold(text, &mut folded);
                return !lang.prepositional_after.contains(&folded)
                    && !lang.list_words.contains(&folded);
            }
            TokenKind::Punct if text.chars().all(|c| "«\"'“„‘(".contains(c)) => {}
            _ => return false,
        }
    }
    false
}

/// Drops the candidates that cannot stand at token `ti`, a word written
/// with a capital (a name): a name form that is the prepositional case
/// only, where surely no preposition governs it. Whether any was dropped.
fn drop_ungrammatical(
    doc: &Document<'_>,
    ti: usize,
    lang: &Language,
    cands: &mut Vec<Candidate>,
) -> bool {
    let prepositional = |c: &Candidate| lang.names.get(&c.word).is_some_and(|n| n.prepositional);
    let capital = doc.text[doc.tokens[ti].span.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if !capital || !cands.iter().any(prepositional) || !surely_ungoverned(doc, ti, lang) {
        return false;
    }
    cands.retain(|c| !prepositional(c));
    true
}

/// The document's grammar and its own words as evidence, for every lexicon
/// correction:
/// - a candidate the place rules out ([`drop_ungrammatical`]) is dropped
///   (`овладев Инчонем`: `Инчоном`, not the prepositional `Инчоне`);
/// - a candidate that the document has elsewhere as a known word, read
///   right, and uses as its own ([`document_uses`]) costs
///   [`Ranking::document_bonus`](crate::dict::Ranking::document_bonus)
///   less: `станцио` among `станции`, `станцию` and `станций` leans to the
///   form the document uses, and a correction whose rival the document uses
///   is made less sure;
/// - a candidate that stands next to its neighbour word as the document
///   writes the two elsewhere costs
///   [`Ranking::context_bonus`](crate::dict::Ranking::context_bonus) less,
///   or, as print sets them far more often than chance
///   ([`Language::bigram_ratio`](crate::dict::Language::bigram_ratio)),
///   [`Ranking::bigram_bonus`](crate::dict::Ranking::bigram_bonus) less
///   (the larger of the two that apply): `INTOND TO` is `INTEND TO`.
///
/// A correction either changes is ranked again, and the new ranking stands,
/// surer or not; one left with nothing to propose stays a suggestion.
fn document_pass(
    corrector: &Corrector,
    doc: &Document<'_>,
    caps: &[Option<f32>],
    cache: &mut Cache,
    vocabulary: &Vocabulary<'_>,
    lexicon: &[Pending],
    out: &mut [Change],
) {
    let langs = corrector.dicts.languages();
    // Candidates are known words: the count of one is of the same word
    // read right.
    let own = |idx: usize, word: &str, freq: u64| {
        let n = vocabulary.count(idx, word);
        n > 0 && document_uses(n, vocabulary.words[idx], freq)
    };
    for (at, ti, idx, folded) in lexicon {
        let lang = &langs[*idx];
        let bonus = lang.ranking.document_bonus;
        let mut cands = cache.candidates(*idx, lang, folded);
        let dropped = drop_ungrammatical(doc, *ti, lang, &mut cands);
        let mut seen = false;
        if bonus > 0.0 {
            for c in cands.iter_mut().filter(|c| own(*idx, &c.word, c.freq)) {
                c.cost = (c.cost - bonus).max(0.0);
                seen = true;
            }
        }
        let (context, pairs) = (lang.ranking.context_bonus, lang.ranking.bigram_bonus);
        if context > 0.0 || pairs > 0.0 {
            let info = vocabulary.info;
            let before = neighbour(doc, info, *ti, false).filter(|n| n.lang == *idx);
            let after = neighbour(doc, info, *ti, true).filter(|n| n.lang == *idx);
            // The document's own pairs, else the language's: one bonus, the
            // larger that applies.
            let near = |pair: &dyn Fn(&str, &str) -> bool, word: &str| {
                before.is_some_and(|n| pair(&n.folded, word))
                    || after.is_some_and(|n| pair(word, &n.folded))
            };
            let own = |a: &str, b: &str| vocabulary.has_pair(*idx, a, b);
            let min = f64::from(lang.ranking.bigram_min_ratio);
            let print = |a: &str, b: &str| lang.bigram_ratio(a, b).is_some_and(|r| r >= min);
            for c in cands.iter_mut() {
                let mut bonus: f32 = 0.0;
                if context > 0.0 && near(&own, &c.word) {
                    bonus = context;
                }
                if pairs > bonus && near(&print, &c.word) {
                    bonus = pairs;
                }
                if bonus > 0.0 {
                    c.cost = (c.cost - bonus).max(0.0);
                    seen = true;
                }
            }
        }
        let name_bonus = lang.ranking.caps_name_bonus;
        if name_bonus > 0.0 && capitals_in_running_text(doc, caps, *ti) {
            for c in cands
                .iter_mut()
                .filter(|c| lang.names.contains_key(&c.word))
            {
                c.cost = (c.cost - name_bonus).max(0.0);
                seen = true;
            }
        }
        if !dropped && !seen {
            continue;
        }
        let verdict = rank(&lang.ranking, folded.chars().count(), cands);
        match to_change(corrector, doc, *ti, lang, caps, verdict) {
            Some(change) => out[*at] = change,
            None if dropped => out[*at].action = Action::Suggested,
            None => {}
        }
    }
}

/// Whether token `ti` is a word of four letters or more typed all in
/// capitals on a line of running text: one that has small letters and is
/// not typed in capitals (see
/// [`Ranking::caps_name_bonus`](crate::dict::Ranking::caps_name_bonus)).
fn capitals_in_running_text(doc: &Document<'_>, caps: &[Option<f32>], ti: usize) -> bool {
    let written = &doc.text[doc.tokens[ti].span.clone()];
    let letters: Vec<char> = written.chars().filter(|&c| is_alphabetic(c)).collect();
    let line = doc.token_line[ti] as usize;
    letters.len() >= 4
        && letters.iter().all(|c| c.is_uppercase())
        && caps[line].is_none()
        && doc.text[doc.lines[line].span.clone()]
            .chars()
            .any(char::is_lowercase)
}

/// The translation as a witness ([`super::witness`]), in a document that
/// has one: suggested corrections ranked again with witnessed candidates
/// cheaper, and words with nothing proposed searched far among the
/// witnessed words, whole or as two merged words.
fn witness_pass(
    corrector: &Corrector,
    doc: &Document<'_>,
    caps: &[Option<f32>],
    cache: &mut Cache,
    pending: Vec<Pending>,
    kept: Vec<Kept>,
    out: &mut Vec<Change>,
) {
    let langs = corrector.dicts.languages();
    let used = |idx: usize| pending.iter().any(|p| p.2 == idx) || kept.iter().any(|k| k.1 == idx);
    let witnesses: Vec<Option<Witness>> = langs
        .iter()
        .enumerate()
        .map(|(idx, lang)| {
            (lang.witness.is_some() && used(idx))
                .then(|| Witness::of(corrector, doc, lang))
                .flatten()
        })
        .collect();
    if witnesses.iter().all(Option::is_none) {
        return;
    }
    for (at, ti, idx, folded) in pending {
        let (Some(w), lang) = (&witnesses[idx], &langs[idx]) else {
            continue;
        };
        let mut cands = cache.candidates(idx, lang, &folded);
        for c in w.far(&lang.confusions, &folded, None) {
            if !cands.iter().any(|x| x.word == c.word) {
                cands.push(c);
            }
        }
        drop_ungrammatical(doc, ti, lang, &mut cands);
        let mut witnessed = false;
        for c in &mut cands {
            if w.contains(&c.word) {
                c.cost = (c.cost - w.bonus()).max(0.0);
                witnessed = true;
            }
        }
        if !witnessed {
            continue;
        }
        let mut verdict = rank(&lang.ranking, folded.chars().count(), cands);
        if let Verdict::Replace {
            rule, replacement, ..
        } = &mut verdict
        {
            if w.contains(replacement) {
                *rule = "witness";
            }
        }
        if let Some(change) = to_change(corrector, doc, ti, lang, caps, verdict) {
            if change.confidence > out[at].confidence {
                out[at] = change;
            }
        }
    }
    for (ti, idx, folded) in kept {
        let (Some(w), lang) = (&witnesses[idx], &langs[idx]) else {
            continue;
        };
        let Some(replacement) = far_reading(lang, w, &folded) else {
            continue;
        };
        let verdict = Verdict::Replace {
            rule: "witness",
            replacement,
            confidence: super::witness::FAR_CONFIDENCE,
            alternatives: Vec::new(),
        };
        if let Some(change) = to_change(corrector, doc, ti, lang, caps, verdict) {
            out.push(change);
        }
    }
}

/// Words shorter than this are not searched far among the document's words
/// ([`far_in_document`])…
const DOCUMENT_FAR_MIN_LETTERS: usize = 7;
/// …nor farther than this, however long…
const DOCUMENT_FAR_MAX_COST: f32 = 4.0;
/// …and the word found may be this many letters longer or shorter at most…
const DOCUMENT_FAR_LENGTH: usize = 2;
/// …and must be nearer by this much than any other word of the document.
const DOCUMENT_FAR_MARGIN: f32 = 0.5;
/// Confidence of such a find.
const DOCUMENT_FAR_CONFIDENCE: f32 = 0.9;
/// The words searched so are those the page has at least this many times:
/// its terms.
const DOCUMENT_FAR_USES: u64 = 2;

/// Words that nothing else explains, searched far among the document's own
/// words (`document_far_cost` in `[ranking]`): OCR of a heavy carbon copy
/// garbles the document's own terms past the lexicon search's bound, in a
/// different way each time (`спецлаанстов`, `споцвальстов`, `специваестов`
/// on a page about `специалистов`), while it reads them right, or near
/// enough for the lexicon, elsewhere on the page. The document's words are
/// its terms: the words it has twice or more, written as known words or
/// made by its applied lexicon corrections ([`document_words`]); a word is
/// read as one of them within `document_far_cost` per letter (at most
/// [`DOCUMENT_FAR_MAX_COST`]) when that one is [`DOCUMENT_FAR_MARGIN`]
/// nearer than any other, of about its length ([`DOCUMENT_FAR_LENGTH`]),
/// and not inside it. Only a word of letters,
/// of [`DOCUMENT_FAR_MIN_LETTERS`] or more, that the document writes so
/// once: a term the lexicon lacks recurs the same way (`debuginfo` is no
/// `debugging`), and a word with capitals inside (`GDBusConnection`) or a
/// capital of its own shape is a name or an identifier. Returns the words
/// it leaves.
fn far_in_document(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    caps: &[Option<f32>],
    kept: Vec<Kept>,
    out: &mut Vec<Change>,
) -> Vec<Kept> {
    let langs = corrector.dicts.languages();
    let far = |idx: usize| langs[idx].ranking.document_far_cost > 0.0;
    let mut left = Vec::with_capacity(kept.len());
    // Per language, the page's terms once made (`None` inside: none).
    let mut searched: Vec<Option<Option<fst::Map<Vec<u8>>>>> = vec![None; langs.len()];
    // How often the document writes each word, counted when first asked.
    let written = std::cell::LazyCell::new(|| {
        let mut n: HashMap<(usize, &str), usize> = HashMap::default();
        for wi in info.iter().flatten() {
            *n.entry((wi.lang, wi.folded.as_str())).or_default() += 1;
        }
        n
    });
    for (ti, idx, folded) in kept {
        let lang = &langs[idx];
        let letters = folded.chars().count();
        let text = &doc.text[doc.tokens[ti].span.clone()];
        if !far(idx)
            || !(DOCUMENT_FAR_MIN_LETTERS..=super::witness::FAR_MAX_LETTERS).contains(&letters)
            || !folded.chars().all(char::is_alphabetic)
            || !far_shape(lang, text)
            || written.get(&(idx, folded.as_str())).is_some_and(|&n| n > 1)
        {
            left.push((ti, idx, folded));
            continue;
        }
        let terms = searched[idx].get_or_insert_with(|| document_words(doc, info, lang, idx, out));
        let Some(words) = terms else {
            left.push((ti, idx, folded));
            continue;
        };
        let opts = SearchOptions {
            max_cost: (lang.ranking.document_far_cost * letters as f32).min(DOCUMENT_FAR_MAX_COST),
            max_candidates: 2,
            max_cost_over_best: DOCUMENT_FAR_MARGIN,
            first_pass_cost: 1.0,
        };
        let found = crate::search::Searcher::new(words, &lang.confusions, opts).candidates(&folded);
        let sure = match found.as_slice() {
            [best] => {
                best.word.chars().count().abs_diff(letters) <= DOCUMENT_FAR_LENGTH
                    && !folded.contains(best.word.as_str())
            }
            _ => false,
        };
        let change = sure
            .then(|| Verdict::Replace {
                rule: "document-word",
                replacement: found[0].word.clone(),
                confidence: DOCUMENT_FAR_CONFIDENCE,
                alternatives: Vec::new(),
            })
            .and_then(|verdict| to_change(corrector, doc, ti, lang, caps, verdict));
        match change {
            Some(change) => out.push(change),
            None => left.push((ti, idx, folded)),
        }
    }
    left
}

/// Whether a word as written may be a garbled word of running text: small
/// letters, capitals, or a capital of the small letter's shape before small
/// letters; no capitals after small letters.
fn far_shape(lang: &Language, text: &str) -> bool {
    let mut letters = text.chars();
    let Some(first) = letters.next() else {
        return false;
    };
    let rest: Vec<char> = letters.collect();
    if rest.iter().all(|c| c.is_uppercase()) {
        return true;
    }
    rest.iter().all(|c| c.is_lowercase()) && (first.is_lowercase() || lang.case_ambiguous(first))
}

/// The terms of the page in language `idx`: the words of
/// [`DOCUMENT_FAR_MIN_LETTERS`] less [`DOCUMENT_FAR_LENGTH`] letters or
/// more that it has [`DOCUMENT_FAR_USES`] times or more, written as known
/// words or made by its applied lexicon corrections, as a map to the times
/// it has them; `None` when there are none.
fn document_words(
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    lang: &Language,
    idx: usize,
    out: &[Change],
) -> Option<fst::Map<Vec<u8>>> {
    let long = |w: &str| w.chars().count() + DOCUMENT_FAR_LENGTH >= DOCUMENT_FAR_MIN_LETTERS;
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for wi in info.iter().flatten() {
        if wi.lang == idx && wi.known && long(&wi.folded) {
            *words.entry(wi.folded.clone()).or_default() += 1;
        }
    }
    for c in out {
        let Some((_, wi)) = word_at(doc, info, c.span.start) else {
            continue;
        };
        if c.action != Action::Applied || !c.rule.starts_with("lexicon:") || wi.lang != idx {
            continue;
        }
        let mut folded = String::new();
        lang.fold(&c.replacement, &mut folded);
        if long(&folded) && lang.knows(&folded) {
            *words.entry(folded).or_default() += 1;
        }
    }
    words.retain(|_, n| *n >= DOCUMENT_FAR_USES);
    if words.is_empty() {
        return None;
    }
    fst::Map::from_iter(words).ok()
}

/// A word that nothing else explains, read far among the witnessed words:
/// as one witnessed word, or as a known word and a witnessed one that OCR
/// merged, losing letters where the space was (`фронтах` +
/// `оторезанные` → `фронтах моторизованные`). The reading of least cost
/// wins.
fn far_reading(lang: &Language, w: &Witness, folded: &str) -> Option<String> {
    let conf = &lang.confusions;
    let gap = lang.ranking.gap_cost;
    let mut best: Option<(f32, String)> = w
        .far(conf, folded, None)
        .into_iter()
        .next()
        .map(|c| (c.cost, c.word));
    let known = |p: &str| {
        lang.lexicon
            .frequency(p)
            .is_some_and(|c| c >= SPLIT_MIN_COUNT)
    };
    for (left, right) in split_points(folded, SPLIT_MIN_LETTERS) {
        let (lc, rc) = (left.chars().count(), right.chars().count());
        let found = if known(left) && rc >= 4 {
            w.far(conf, right, Some((0, gap)))
                .into_iter()
                .next()
                .map(|c| (c.cost, format!("{left} {}", c.word)))
        } else if known(right) && lc >= 4 {
            w.far(conf, left, Some((lc, gap)))
                .into_iter()
                .next()
                .map(|c| (c.cost, format!("{} {right}", c.word)))
        } else {
            None
        };
        if let Some(f) = found {
            if best.as_ref().is_none_or(|b| f.0 < b.0) {
                best = Some(f);
            }
        }
    }
    best.map(|b| b.1)
}

/// A suggested lexicon correction: its index in the changes, its token, its
/// language and the folded word.
type Pending = (usize, usize, usize, String);

/// An unknown word with nothing proposed: its token, its language and the
/// folded word.
type Kept = (usize, usize, String);

/// What the document adaptation ([`super::adapt`]) needs from the word
/// pass: per language, the applied corrections (folded original, folded
/// replacement); and the suggested ones (index in the changes, token,
/// language, folded original), to be ranked again.
struct Adaptation {
    applied: Vec<Vec<(String, String)>>,
    pending: Vec<Pending>,
}

impl Adaptation {
    fn new(languages: usize) -> Self {
        Adaptation {
            applied: vec![Vec::new(); languages],
            pending: Vec::new(),
        }
    }

    /// The document's own confusions, per language.
    fn confusions(&self, corrector: &Corrector) -> Vec<Option<DocumentConfusions>> {
        self.applied
            .iter()
            .zip(corrector.dicts.languages())
            .map(|(applied, lang)| super::adapt::confusions(lang, applied))
            .collect()
    }

    /// Ranks the suggested corrections again under the document's own
    /// confusions; one that becomes surer replaces its suggestion. A
    /// correction of a recurring word (`recurring`, see
    /// [`recurring_terms`]) does so only if the document's confusions
    /// explain every letter it changes.
    #[allow(clippy::too_many_arguments)]
    fn rerank(
        &self,
        corrector: &Corrector,
        doc: &Document<'_>,
        caps: &[Option<f32>],
        cache: &mut Cache,
        confs: &[Option<DocumentConfusions>],
        recurring: &HashSet<usize>,
        out: &mut [Change],
    ) {
        let langs = corrector.dicts.languages();
        for &(at, ti, idx, ref folded) in &self.pending {
            let (Some(conf), lang) = (&confs[idx], &langs[idx]) else {
                continue;
            };
            if !conf.touches(folded) {
                continue;
            }
            let mut cands = cache.candidates(idx, lang, folded);
            drop_ungrammatical(doc, ti, lang, &mut cands);
            conf.recost(folded, &mut cands);
            let verdict = rank(&lang.ranking, folded.chars().count(), cands);
            if let Some(change) = to_change(corrector, doc, ti, lang, caps, verdict) {
                if recurring.contains(&at) {
                    let mut right = String::new();
                    lang.fold(&change.replacement, &mut right);
                    if !conf.explains(folded, &right) {
                        continue;
                    }
                }
                if change.confidence > out[at].confidence {
                    out[at] = change;
                }
            }
        }
    }
}

/// Confidence, at most, of a correction that only drops the first or the
/// last letter or digit of a word (`qsort` → `sort`, `doxygen` → `oxygen`,
/// `systemd` → `system`, `python3` → `python`, `Adolpht` → `Adolph`), or
/// more of them (`socks5h` → `socks`, `SELinux` → `Linux`, `nofollow` →
/// `follow`, `reinput` → `input`, `standardly` → `standard`,
/// `pentiumiii` → `Pentium`): it is only suggested. A speck OCR reads beside a word
/// becomes a mark (`'`, `.`, `,`), seldom a letter; a word that is a known
/// word and a letter or two more is far more often a word the lexicon
/// lacks: a name, a command, a compound of technical writing, a prefix or
/// a suffix it does not list. (On the dev corpus and OverProof, such
/// corrections were never right.) Two small letters that are a short word
/// OCR glued on are a split, not a drop (`asbefore` is `as before`,
/// `endeavouringto` is `endeavouring to`): dropping them takes a word out
/// of the text. Small letters glued before a word in capitals are specks
/// read as letters and may go (`rjTHEATRE` → `THEATRE`).
const EDGE_DROPPED: f32 = 0.5;

/// Whether `replacement` is `word` without its first or its last letter or
/// digit, or without more of them, unless these are small letters before a
/// word in capitals (see [`EDGE_DROPPED`]); the rest unchanged (`word` of
/// four letters or more; case and `ё` folded).
fn drops_an_edge(lang: &Language, word: &str, replacement: &str) -> bool {
    let (mut w, mut r) = (String::new(), String::new());
    lang.fold(word, &mut w);
    lang.fold(replacement, &mut r);
    // A clitic both keep is no part of the name (`systemd's` → `system's`
    // drops the `d` of `systemd`).
    if let (Some((a, mark_a, clitic_a)), Some((b, mark_b, clitic_b))) =
        (apostrophe_suffix(&w), apostrophe_suffix(&r))
    {
        if (mark_a, clitic_a) == (mark_b, clitic_b) {
            let (a, b) = (a.len(), b.len());
            w.truncate(a);
            r.truncate(b);
        }
    }
    let chars: Vec<char> = w.chars().collect();
    let kept: Vec<char> = r.chars().collect();
    if chars.len() < 4 || kept.is_empty() || kept.len() >= chars.len() {
        return false;
    }
    let n = chars.len() - kept.len();
    let dropped = if chars[n..] == kept[..] {
        &chars[..n]
    } else if chars[..kept.len()] == kept[..] {
        &chars[kept.len()..]
    } else {
        return false;
    };
    // Small letters glued before a word in capitals are specks read as
    // letters (`rjTHEATRE`), not part of a name.
    let specks = || {
        let original: Vec<char> = word.chars().collect();
        original.len() == chars.len()
            && chars[n..] == kept[..]
            && original[..n].iter().all(|c| c.is_lowercase())
            && original[n..].iter().all(|c| !c.is_lowercase())
    };
    dropped.iter().all(|c| c.is_alphanumeric()) && (n == 1 || !specks())
}

/// Whether a lexicon correction of `word` into `replacement` is more
/// likely a term the lexicon lacks made a known word (held back at
/// [`EDGE_DROPPED`]): it only drops an edge ([`drops_an_edge`]), the word
/// is two words ([`two_words`]), or print uses the word ([`attested`]).
fn held_back_as_term(lang: &Language, word: &str, replacement: &str) -> bool {
    drops_an_edge(lang, word, replacement)
        || two_words(lang, word, COMPOUND_MIN_LETTERS, COMPOUND_MIN_COUNT)
        || attested(lang, word)
}

/// Whether print uses `word` though the lexicon lacks it
/// ([`Language::attests`]), with its clitic (`Strasburg's`) or without:
/// a name (`Strasburg`, `Alessandro`, `Gorham`), a foreign word or an older
/// spelling, which a correction would make another word (`Strasbourg`,
/// `Alessandria`, `Gotham`; on the ground truth of ICDAR 2017, ICDAR 2019
/// English and OverProof read as OCR, a tenth of the changes the built-in
/// rules applied).
fn attested(lang: &Language, word: &str) -> bool {
    let mut folded = String::new();
    lang.fold(word, &mut folded);
    lang.attests(&folded) || apostrophe_suffix(&folded).is_some_and(|(stem, ..)| lang.attests(stem))
}

/// `verdict` on the whole `word` of a word broken at a line end, its
/// confidence capped as [`to_change`] caps a token's own: where it only
/// drops an edge of the whole (`xtermi‐` / `nal` is no `terminal`) or the
/// whole is two words.
fn edges_of_whole(lang: &Language, word: &str, mut verdict: Verdict) -> Verdict {
    if let Verdict::Replace {
        rule: "lexicon",
        replacement,
        confidence,
        ..
    } = &mut verdict
    {
        if held_back_as_term(lang, word, replacement) {
            *confidence = confidence.min(EDGE_DROPPED);
        }
    }
    verdict
}

/// Each part of a word made of two words ([`two_words`]) has at least
/// this many letters…
const COMPOUND_MIN_LETTERS: usize = 4;
/// …and is at least this frequent (one in a million words).
const COMPOUND_MIN_COUNT: u64 = 1_000;

/// Whether `word` (letters only) is two words of `min_letters` letters or
/// more and a count of `min_count` or more written as one (with four
/// letters and one in a million words: `filescope`, `textfile`,
/// `commandline`, `Whittaker`):
/// such a word is more often a compound or a name the lexicon lacks than a
/// misread word, so its correction is only suggested, like a word that
/// loses an edge letter ([`EDGE_DROPPED`]). (On the dev corpus no applied
/// correction was of such a word; on OverProof one of four was right.)
fn two_words(lang: &Language, word: &str, min_letters: usize, min_count: u64) -> bool {
    let mut w = String::new();
    lang.fold(word, &mut w);
    if !w.chars().all(is_alphabetic) {
        return false;
    }
    let common = |p: &str| lang.lexicon.frequency(p).is_some_and(|c| c >= min_count);
    // (Bound first: the tail expression's iterator would outlive `w`.)
    let found = split_points(&w, min_letters).any(|(a, b)| common(a) && common(b));
    found
}

/// The change a verdict on token `ti` makes, in the case the token's place
/// calls for; `None` when it changes nothing.
fn to_change(
    corrector: &Corrector,
    doc: &Document<'_>,
    ti: usize,
    lang: &Language,
    caps: &[Option<f32>],
    verdict: Verdict,
) -> Option<Change> {
    let Verdict::Replace {
        rule,
        replacement,
        confidence,
        alternatives,
    } = verdict
    else {
        return None;
    };
    let token = &doc.tokens[ti];
    let word = &doc.text[token.span.clone()];
    let case = CaseContext {
        mid_sentence: mid_sentence(doc, ti),
        caps_line: caps[doc.token_line[ti] as usize].is_some(),
        lang,
        doc,
        span: token.span.clone(),
    };
    let replacement = lang.keep_folded_marks(word, &case.apply(word, &replacement));
    if replacement == word {
        return None;
    }
    // A capitalised unknown word inside a sentence may be a name the
    // lexicon lacks: less sure, unless it becomes a name or a word the
    // document capitalises, or a word no name is or begins with (a verb,
    // an adverb: `lowercase.tsv`; `предложено Препставить` → `представить`),
    // or, where capitals say little (`case::capitals_unreliable`), a word
    // the document writes in small letters only (`Сводениями` →
    // `сведениями` beside `сведения`). (A word read as capitals is no name-like
    // capital, whatever the case of its `’s`.)
    let stem = apostrophe_suffix(&replacement).map_or(replacement.as_str(), |(stem, ..)| stem);
    let name_like = (case.mid_sentence || after_initial(doc, ti))
        && word.chars().next().is_some_and(char::is_uppercase)
        && !case.caps_line
        && stem.chars().any(char::is_lowercase);
    let doubted = name_like && matches!(rule, "lexicon" | "real-word" | "short-word") && {
        let mut folded = String::new();
        lang.fold(&replacement, &mut folded);
        let becomes_name = lang.is_proper(&folded)
            || lang.names.contains_key(&folded)
            || case.document_capitalises(&folded);
        let no_name = rule == "lexicon"
            && (lang.ranking.lowercase_count > 0 && lang.never_name(&folded)
                || super::case::capitals_unreliable(lang, doc) && case.writes_small_only(&folded));
        !becomes_name && !no_name
    };
    let confidence = if doubted {
        confidence * lang.ranking.name_like_factor
    } else {
        confidence
    };
    let confidence = if rule == "lexicon" && held_back_as_term(lang, word, &replacement) {
        confidence.min(EDGE_DROPPED)
    } else {
        confidence
    };
    let action = if rule == "misreadings" {
        Action::Applied
    } else {
        corrector.action_for(confidence)
    };
    Some(Change {
        span: with_specks(
            doc,
            ti,
            lang,
            rule,
            with_letter_marks(doc, ti, lang, &replacement),
        ),
        replacement,
        action,
        rule: corrector.rule_id(&rule_id(rule, &lang.code)),
        confidence,
        alternatives: alternatives
            .iter()
            .map(|a| lang.keep_folded_marks(word, &case.apply(word, a)))
            .collect(),
    })
}

/// How much cheaper a candidate is whose one letter more, at an edge of
/// the word, stands where a letter mark is glued to it (`Projec:` →
/// `Project`, `Debia;` → `Debian`, `‘оргпредства` → `торгпредства`): the
/// mark is the letter misread ([`crate::dict::LetterMarks`]), so the letter
/// is no more lost than a letter read for another.
const MARKED_EDGE_BONUS: f32 = 0.5;

/// `verdict` on token `ti` (folded `folded`) ranked again when a letter
/// mark is glued to the word's edge: its candidates with one letter more
/// on that side cost [`MARKED_EDGE_BONUS`] less. A full stop or a comma
/// after a word and a bracket before it are punctuation far more often
/// than a letter, so they give no bonus (they may still be taken for the
/// letter a correction adds; see [`with_letter_marks`]).
fn marked_edges(
    doc: &Document<'_>,
    ti: usize,
    idx: usize,
    lang: &Language,
    folded: &str,
    cache: &mut Cache,
    verdict: Verdict,
) -> Verdict {
    if matches!(verdict, Verdict::Replace { rule, .. } if rule != "lexicon") {
        return verdict;
    }
    let letter = |m: Option<usize>| {
        m.is_some_and(|m| !punctuation_first(&doc.text[doc.tokens[m].span.clone()]))
    };
    let (before, after) = glued_letter_marks(doc, ti, lang);
    let (before, after) = (letter(before), letter(after));
    if !before && !after {
        return verdict;
    }
    let letters = folded.chars().count();
    let mut cands = cache.candidates(idx, lang, folded);
    let mut any = false;
    for c in &mut cands {
        if c.word.chars().count() == letters + 1
            && (after && c.word.starts_with(folded) || before && c.word.ends_with(folded))
        {
            c.cost = (c.cost - MARKED_EDGE_BONUS).max(0.0);
            any = true;
        }
    }
    if !any {
        return verdict;
    }
    rank(&lang.ranking, letters, cands)
}

/// The letter marks glued to token `ti` ([`crate::dict::LetterMarks`]), as
/// token indices: one before it, after white space (an opening bracket
/// closed later on its line is a bracket), and one after it, before white
/// space or another mark.
fn glued_letter_marks(
    doc: &Document<'_>,
    ti: usize,
    lang: &Language,
) -> (Option<usize>, Option<usize>) {
    let token = &doc.tokens[ti];
    let mark = |t: &crate::tokenize::Token, set: &[char]| {
        t.kind == TokenKind::Punct && doc.text[t.span.clone()].chars().all(|c| set.contains(&c))
    };
    // An opening mark that a mark later on its line closes is a bracket or
    // a quote (`(see`, `‘quoted’`), and so is a closing mark that one before
    // the word on its line opens (`«Инчоне»`).
    let one = |t: &crate::tokenize::Token| {
        let mut c = doc.text[t.span.clone()].chars();
        c.next().filter(|_| c.next().is_none())
    };
    let closed = |t: &crate::tokenize::Token| {
        let Some(open) = one(t) else {
            return false;
        };
        let rest = &doc.text[token.span.end..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        lang.closers(open).any(|c| line.contains(c))
    };
    let before = ti.checked_sub(1).filter(|&p| {
        let prev = &doc.tokens[p];
        prev.span.end == token.span.start
            && mark(prev, &lang.letter_marks.before)
            && !closed(prev)
            && doc.text[..prev.span.start]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
    });
    let opened = |t: &crate::tokenize::Token| {
        let Some(close) = one(t) else {
            return false;
        };
        let before = &doc.text[..token.span.start];
        let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        lang.openers(close).any(|c| line.contains(c))
    };
    let after = Some(ti + 1).filter(|&n| {
        doc.tokens.get(n).is_some_and(|next| {
            next.span.start == token.span.end
                && mark(next, &lang.letter_marks.after)
                && !opened(next)
                && doc.text[next.span.end..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || !c.is_alphanumeric())
        })
    });
    (before, after)
}

/// The span a correction of token `ti` into `replacement` replaces: the
/// token, and a mark glued to it that stands for a letter the replacement
/// adds on that side (`‘оргпредства` → `торгпредства`, `Projec:` →
/// `Project`, `(ategory` → `category`; [`crate::dict::LetterMarks`]). A
/// mark counts only at the word's outer edge: after white space (before the
/// word), or before white space or another mark (after it); an opening
/// bracket closed later on its line is a bracket.
fn with_letter_marks(
    doc: &Document<'_>,
    ti: usize,
    lang: &Language,
    replacement: &str,
) -> Range<usize> {
    /// At most this many letters may stand in for one mark and its
    /// neighbours' losses.
    const MAX_ADDED: usize = 2;
    let token = &doc.tokens[ti];
    let mut span = token.span.clone();
    let (mut word, mut right) = (String::new(), String::new());
    lang.fold(&doc.text[token.span.clone()], &mut word);
    lang.fold(replacement, &mut right);
    let added = right.chars().count().saturating_sub(word.chars().count());
    if !(1..=MAX_ADDED).contains(&added) {
        return span;
    }
    let (before, after) = glued_letter_marks(doc, ti, lang);
    if let Some(p) = before.filter(|_| right.ends_with(&word)) {
        span.start = doc.tokens[p].span.start;
    }
    if let Some(n) = after.filter(|_| right.starts_with(&word)) {
        span.end = doc.tokens[n].span.end;
    }
    span
}

/// The `span` of a lexicon correction of token `ti`, widened over a speck
/// glued to the word's outer edge that the word rules would drop beside a
/// known word (`specks_before`, `specks_after` of `letter_marks`: `этнх’` →
/// `этих`, `‘тэнь` → `Чэнь`), unless it opens or closes a quotation within
/// [`QUOTED_WORDS`] words or the two edges' marks are a pair (`‘этнх’`:
/// the misread word quoted); an edge the span already takes a letter mark
/// from stays.
fn with_specks(
    doc: &Document<'_>,
    ti: usize,
    lang: &Language,
    rule: &str,
    mut span: Range<usize>,
) -> Range<usize> {
    if rule != "lexicon" {
        return span;
    }
    let t = &doc.tokens;
    let token = &t[ti];
    let before = glued_mark(doc, ti, true);
    let after = glued_mark(doc, ti, false);
    if let (Some(b), Some(a)) = (before, after) {
        if lang.closers(b).any(|c| c == a) {
            return span;
        }
    }
    if let Some(m) = before.filter(|_| span.start == token.span.start) {
        if lang.letter_marks.specks_before.contains(&m) && !quoted(doc, lang, ti, m) {
            span.start = t[ti - 1].span.start;
        }
    }
    if let Some(m) = after.filter(|_| span.end == token.span.end) {
        if lang.letter_marks.specks_after.contains(&m) && !opened(doc, lang, ti, m) {
            span.end = t[ti + 1].span.end;
        }
    }
    span
}

/// Whether token `i` follows an initial: a capital letter alone before a
/// full stop (`D. Karger`, `А.Я. Вышинский`), the full stop no sentence's
/// end there.
fn after_initial(doc: &Document<'_>, i: usize) -> bool {
    let t = &doc.tokens;
    if i < 2 || doc.token_line[i - 2] != doc.token_line[i] {
        return false;
    }
    let (letter, dot) = (&t[i - 2], &t[i - 1]);
    let initial = &doc.text[letter.span.clone()];
    let mut chars = initial.chars();
    &doc.text[dot.span.clone()] == "."
        && letter.span.end == dot.span.start
        && chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_none()
        && (i < 3
            || t[i - 3].span.end < letter.span.start
            || &doc.text[t[i - 3].span.clone()] == ".")
}

/// Whether token `i` stands inside a sentence: looking back over marks
/// that do not end one (commas, brackets, quotes, and the specks OCR reads
/// as `'`, `=` or `©`), the nearest word or number comes before any sentence
/// end (`.`, `!`, `?`, `…`, `:`), closing bracket of a list item (`в)`, which
/// OCR also reads as `в/`), blank line or page break.
pub(super) fn mid_sentence(doc: &Document<'_>, i: usize) -> bool {
    let mut line = doc.token_line[i];
    for p in (0..i).rev() {
        let prev = &doc.tokens[p];
        let prev_line = doc.token_line[p];
        if prev_line != line {
            // Only the line just before, on the same page, continues it.
            let (a, b) = (&doc.lines[prev_line as usize], &doc.lines[line as usize]);
            if prev_line + 1 != line || a.page != b.page {
                return false;
            }
            line = prev_line;
        }
        if prev.kind != TokenKind::Punct {
            return true;
        }
        if matches!(
            &doc.text[prev.span.clone()],
            "." | "!" | "?" | "…" | ":" | ")" | "]" | "/"
        ) {
            return false;
        }
    }
    false
}

/// A word split at its last apostrophe into the stem, the apostrophe and
/// the letters after it (`STANFIELD`, `’`, `s`), when both sides have
/// letters.
fn apostrophe_suffix(word: &str) -> Option<(&str, &str, &str)> {
    let at = word.rfind(['\'', '’'])?;
    let mark_len = word[at..].chars().next()?.len_utf8();
    let (stem, suffix) = (&word[..at], &word[at + mark_len..]);
    let has_letters = |s: &str| s.chars().any(is_alphabetic);
    (has_letters(stem) && has_letters(suffix)).then(|| (stem, &word[at..at + mark_len], suffix))
}

pub(super) struct CaseContext<'a> {
    pub(super) mid_sentence: bool,
    pub(super) caps_line: bool,
    pub(super) lang: &'a Language,
    /// The document, and the bytes of the original in it.
    pub(super) doc: &'a Document<'a>,
    pub(super) span: Range<usize>,
}

/// The shortest stem by which [`CaseContext::document_capitalises`] finds a
/// word's other forms…
const STEM_MIN_CHARS: usize = 5;
/// …which is the word without an ending of up to this many letters.
const ENDING_CHARS: usize = 3;
/// A document capitalises a word on purpose when it writes its forms with
/// a capital this many times, and never in small letters: OCR misreads
/// the case of such letters here and there, not every time.
const DOCUMENT_CAPITALS: usize = 2;

impl CaseContext<'_> {
    /// The replacement in the case the original most likely had on the page.
    ///
    /// OCR misreads the case of letters whose capital and small forms differ
    /// only in size (`С`/`с`, `О`/`о`; most of Cyrillic), so the original's
    /// pattern is read by majority: half or more capitals (one capital at
    /// the start is title case, however short the word), or a word in a line
    /// typed in capitals, is all capitals. A
    /// capital first letter is kept, except inside a sentence when that
    /// letter's case is ambiguous and the word is not a proper name: typed
    /// pages capitalise few words mid-sentence, OCR many; unless the
    /// document capitalises the word's other forms
    /// ([`CaseContext::document_capitalises`]: `Министерства`, `Отпор`). A
    /// proper name gets its capital.
    ///
    /// What follows an apostrophe keeps the original's case when the
    /// replacement ends the same way (`STANFIELP’s` → `STANFIELD’s`): print
    /// sets a name in capitals and its `’s` in small letters.
    pub(super) fn apply(&self, original: &str, replacement: &str) -> String {
        if let (Some((stem, _, suffix)), Some((new_stem, mark, new_suffix))) =
            (apostrophe_suffix(original), apostrophe_suffix(replacement))
        {
            if suffix.to_lowercase() == new_suffix.to_lowercase() {
                return [self.apply(stem, new_stem).as_str(), mark, suffix].concat();
            }
        }
        let letters: Vec<char> = original.chars().filter(|&c| is_alphabetic(c)).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        // Capitals that are all size-only look-alikes in a word that also has
        // small letters (`тЪЯНСТВОМ`) say nothing about the page: its case
        // comes from the context instead.
        let unreliable = upper > 0
            && upper < letters.len()
            && letters
                .iter()
                .filter(|c| c.is_uppercase())
                .all(|&c| self.lang.case_ambiguous(c));
        // A title-case word is no majority, however short (`Is`, `I’m`).
        let title = upper == 1 && letters[0].is_uppercase();
        let majority = upper * 2 >= letters.len() && !title;
        if letters.len() >= 2 && (self.caps_line || majority && !unreliable) {
            return replacement.to_uppercase();
        }
        let first_upper =
            letters.first().is_some_and(|c| c.is_uppercase()) || unreliable && !self.mid_sentence;
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
            if name
                .form
                .chars()
                .filter(|&c| is_alphabetic(c))
                .all(char::is_uppercase)
                && name.form.chars().count() > 1
            {
                return replacement.to_uppercase();
            }
        }
        if proper
            || first_upper
                && (!(self.mid_sentence && ambiguous) || self.document_capitalises(&folded))
        {
            return match_case("Ab", replacement);
        }
        match_case("ab", replacement)
    }

    /// Whether the document, outside the original's bytes, writes words of
    /// the folded `word`'s stem (its first letters, all but an ending of
    /// [`ENDING_CHARS`], at least [`STEM_MIN_CHARS`]) with a capital and
    /// small letters [`DOCUMENT_CAPITALS`] times or more and never in small
    /// letters only: a word it capitalises on purpose (an institution,
    /// `Министерство`; a station, `Отпор`), which OCR read right elsewhere.
    pub(super) fn document_capitalises(&self, word: &str) -> bool {
        let (title, small) = self.stem_cases(word);
        small == 0 && title >= DOCUMENT_CAPITALS
    }

    /// Whether the document writes words of the folded `word`'s stem,
    /// outside the original's bytes, in small letters and never with a
    /// capital.
    pub(super) fn writes_small_only(&self, word: &str) -> bool {
        let (title, small) = self.stem_cases(word);
        title == 0 && small >= 1
    }

    /// How many words of the folded `word`'s stem the document writes,
    /// outside the original's bytes, with a capital and small letters, and
    /// in small letters only.
    pub(super) fn stem_cases(&self, word: &str) -> (usize, usize) {
        let chars = word.chars().count();
        let stem: String = word
            .chars()
            .take(chars.saturating_sub(ENDING_CHARS).max(STEM_MIN_CHARS))
            .collect();
        let Some(first) = stem.chars().next() else {
            return (0, 0);
        };
        let capital = first.to_uppercase().next().unwrap_or(first);
        let (mut title, mut small) = (0, 0);
        let mut folded = String::new();
        for token in &self.doc.tokens {
            let text = &self.doc.text[token.span.clone()];
            let inside = token.span.start < self.span.end && self.span.start < token.span.end;
            if token.kind != TokenKind::Word || inside || !text.starts_with([first, capital]) {
                continue;
            }
            self.lang.fold(text, &mut folded);
            if !folded.starts_with(&stem) {
                continue;
            }
            let mut letters = text.chars();
            let initial = letters.next().is_some_and(char::is_uppercase);
            if letters.all(char::is_lowercase) {
                if initial {
                    title += 1;
                } else {
                    small += 1;
                }
            }
        }
        (title, small)
    }
}

/// A known misreading's verdict; else `Keep` (the search is
/// [`Cache::judge`]'s).
fn judge(lang: &Language, folded: &str) -> Verdict {
    match lang.misreadings.get(folded) {
        Some(m) => Verdict::Replace {
            rule: "misreadings",
            replacement: m.right.clone(),
            confidence: 0.99,
            alternatives: Vec::new(),
        },
        None => Verdict::Keep,
    }
}

/// The best single known word for an unknown folded word (no split);
/// `None` when nothing is near.
pub(super) fn rank_single(lang: &Language, folded: &str) -> Option<Verdict> {
    match rank(
        &lang.ranking,
        folded.chars().count(),
        candidates(lang, folded),
    ) {
        Verdict::Keep => None,
        v => Some(v),
    }
}

/// The best correction of an unknown folded word from its `candidates`: a
/// lexicon word, or when none fits well, two words it may be merged from.
/// `None` when nothing is proposed.
fn rank_folded(lang: &Language, folded: &str, candidates: Vec<Candidate>) -> Option<Verdict> {
    let verdict = rank(&lang.ranking, folded.chars().count(), candidates);
    // A split is only tried when no single word is near at all.
    if matches!(verdict, Verdict::Keep) {
        if let Some(split) = split(lang, folded) {
            return Some(split);
        }
    }
    match verdict {
        Verdict::Keep => None,
        v => Some(v),
    }
}

/// Each part of a split has at least this many letters (short parts make
/// splits of any junk: `CUT AS`, `ни стран`).
const SPLIT_MIN_LETTERS: usize = 3;
/// Both parts of a split must be at least this frequent (one in a million
/// words)…
const SPLIT_MIN_COUNT: u64 = 1_000;
/// …and the rarer one this frequent for the split to get…
const SPLIT_SURE_COUNT: u64 = 20_000;
/// …this confidence, below the default threshold, so that even a sure split
/// is only proposed.
const SPLIT_SURE: f32 = 0.8;

/// Two known words a merged token may be made of (`фронтахоторезанные` →
/// `фронтах` + a word near `оторезанные`): either both parts are known as
/// they stand, or one is and the other is within one cheap OCR edit of a
/// known word. The most frequent split wins.
fn split(lang: &Language, folded: &str) -> Option<Verdict> {
    if folded.chars().count() < 6 || !folded.chars().all(is_alphabetic) {
        return None;
    }
    let count = |w: &str| lang.lexicon.frequency(w).filter(|&c| c >= SPLIT_MIN_COUNT);
    let mut best: Option<(f64, String, u64, f32)> = None;
    for (left, right) in split_points(folded, SPLIT_MIN_LETTERS) {
        let parts = match (count(left), count(right)) {
            (Some(l), Some(r)) => Some((left.to_string(), l, right.to_string(), r, 0.0)),
            (Some(l), None) if right.chars().count() >= 4 => {
                near(lang, right).map(|(w, c, cost)| (left.to_string(), l, w, c, cost))
            }
            (None, Some(r)) if left.chars().count() >= 4 => {
                near(lang, left).map(|(w, c, cost)| (w, c, right.to_string(), r, cost))
            }
            _ => None,
        };
        if let Some((l, lc, r, rc, cost)) = parts {
            let score = (lc as f64).ln() + (rc as f64).ln() - 4.0 * f64::from(cost);
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, format!("{l} {r}"), lc.min(rc), cost));
            }
        }
    }
    let (_, replacement, rarest, cost) = best?;
    // Splits are proposed, not applied: compounds of technical writing
    // (`autoclean`) split into two real words just as well.
    let confidence = if rarest >= SPLIT_SURE_COUNT && cost == 0.0 {
        SPLIT_SURE
    } else {
        0.5
    };
    Some(Verdict::Replace {
        rule: "boundary-split",
        replacement,
        confidence,
        alternatives: Vec::new(),
    })
}

/// The two-word readings of a folded word: every split into a left and a
/// right part of at least `min` letters each.
fn split_points(folded: &str, min: usize) -> impl Iterator<Item = (&str, &str)> {
    let n = folded.chars().count();
    folded
        .char_indices()
        .enumerate()
        .filter(move |&(k, _)| k >= min && n - k >= min)
        .map(move |(_, (at, _))| folded.split_at(at))
}

/// A searcher over one lexicon layer, from both ends when the layer has its
/// reversed word set.
fn searcher<'a>(
    layer: &'a Layer,
    conf: &'a Confusions,
    opts: SearchOptions,
) -> Searcher<'a, Cow<'static, [u8]>> {
    let s = Searcher::new(&layer.map, conf, opts);
    match &layer.reversed {
        Some(r) => s.with_reversed(r),
        None => s,
    }
}

/// The best known word within one cheap edit of `part`, with its count.
fn near(lang: &Language, part: &str) -> Option<(String, u64, f32)> {
    let opts = SearchOptions {
        max_cost: 1.0,
        max_candidates: 3,
        max_cost_over_best: 0.0,
        first_pass_cost: 1.0,
    };
    lang.lexicon
        .layers()
        .iter()
        .flat_map(|layer| searcher(layer, &lang.confusions, opts).candidates(part))
        .map(|c| (c.word, crate::dict::Lexicon::decode_value(c.freq).0, c.cost))
        .filter(|c| c.1 >= SPLIT_MIN_COUNT)
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}

/// Candidates from every lexicon layer, one per word (its lowest cost and
/// highest frequency).
pub(super) fn candidates(lang: &Language, folded: &str) -> Vec<Candidate> {
    gap_candidates(lang, folded, None, lang.ranking.max_cost)
}

/// Candidates a search of one lexicon layer returns at most.
pub(super) const LAYER_CANDIDATES: usize = 8;

/// [`candidates`] with a gap (see [`Searcher::candidates_with_gap`]).
fn gap_candidates(
    lang: &Language,
    folded: &str,
    gap: Option<(usize, f32)>,
    max_cost: f32,
) -> Vec<Candidate> {
    let r = &lang.ranking;
    let opts = SearchOptions {
        max_cost: max_cost.min(r.max_cost),
        max_candidates: LAYER_CANDIDATES,
        max_cost_over_best: r.max_cost_over_best,
        first_pass_cost: r.max_cost.min(SearchOptions::default().first_pass_cost),
    };
    let mut all: Vec<Candidate> = Vec::new();
    for layer in lang.lexicon.layers() {
        for mut c in searcher(layer, &lang.confusions, opts).candidates_with_gap(folded, gap) {
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

#[cfg(test)]
mod tests {
    use super::{document_uses, drops_an_edge, CachePool};

    #[test]
    fn a_pooled_cache_comes_back_with_what_it_learned() {
        let pool = CachePool::default();
        {
            let mut first = pool.take();
            first.remember_known(0, "слово", 0);
            // A second worker at the same time gets a cache of its own.
            let second = pool.take();
            assert_eq!(second.known_word(0, "слово"), None);
        }
        // Both are back; the last one put back is handed out first.
        let again = pool.take();
        let other = pool.take();
        let learned = |c: &super::Cache| c.known_word(0, "слово") == Some(0);
        assert!(learned(&again) != learned(&other));
        assert_eq!(pool.0.lock().unwrap().len(), 0);
    }

    #[test]
    fn what_counts_as_dropping_an_edge() {
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let en = dicts.get("en").unwrap();
        for (word, replacement) in [
            ("qsort", "sort"),
            ("python3", "python"),
            ("socks5h", "socks"),
            ("SELinux", "Linux"),
            ("PGDATABASE", "DATABASE"),
            ("nofollow", "follow"),
            ("standardly", "standard"),
            ("pentiumiii", "pentium"),
            ("libreoffice", "office"),
            // Two small letters that are a short word glued on are a
            // split: dropping them loses the word.
            ("asbefore", "before"),
            ("endeavouringto", "endeavouring"),
        ] {
            assert!(drops_an_edge(en, word, replacement), "{word}");
        }
        for (word, replacement) in [
            // Small letters glued to capitals are specks read as letters.
            ("rjTHEATRE", "THEATRE"),
            ("tbe", "be"),
            ("comittee", "committee"),
            ("xsocks", "sock"),
        ] {
            assert!(!drops_an_edge(en, word, replacement), "{word}");
        }
    }

    #[test]
    fn a_page_uses_a_word_as_its_own_only_when_it_is_far_commoner_there() {
        // Once in 500 words is 2 000 per million.
        assert!(document_uses(1, 500, 20_000)); // 20 per million
        assert!(document_uses(1, 500, 200_000)); // 200 per million: ten times
        assert!(!document_uses(1, 500, 250_000));
        assert!(!document_uses(3, 500, 15_000_000)); // `в`-like
        assert!(document_uses(3, 500, 150_000));
        assert!(!document_uses(1, 100_000, 20_000));
    }
}
