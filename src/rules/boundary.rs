//! Word boundaries: words OCR split in two, words broken at a line end, and
//! words typed letter-spaced for emphasis.
//!
//! - `boundary:join`: two neighbouring tokens on one line whose join is a
//!   known word while a part is not (`ИНОС ТРАННЫХ` → `ИНОСТРАННЫХ`), or
//!   whose join is close to a known word while a part is not known, when
//!   one word read as two is likelier than two words each read as well as
//!   they can be (`промыиленио сти` → `промышленности`, `кот рые` →
//!   `которые`; see [`searched_join`]). Pairs of known words are joined
//!   when `joins.tsv` lists the pair (`по этому` → `поэтому`) and the next
//!   word does not make the pair a phrase, or when a short piece is rare and
//!   the join a common word (`пер едать`; see [`known_pair_join`]).
//! - `boundary:line-end-hyphen`: a word broken at a line end whose hyphen OCR
//!   lost (`гидротехниче` / `ское`): the hyphen is put back, so the layout is
//!   kept and the word reads whole.
//! - `boundary:dehyphenate`: a word hyphenated at a line end (`добро-` /
//!   `вольных`) whose whole is known is recognised; joining it in the output
//!   is the user's choice (`--dehyphenate`), otherwise it is suggested.
//! - `boundary:letter-spaced`: a run of single letters separated by spaces
//!   whose join is a known word (`М о с к в а`) is recognised; closing it up
//!   is the user's choice (`--join-spaced`), otherwise it is suggested.
//!
//! Merged words (`фронтахоторезанные` → `фронтах моторизованные`) are split
//! by the word rules, which try a split when no single word fits.
//!
//! Tokens taken by a boundary change are not corrected one by one.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::words::{
    followed_by_dot, lang_of, language_of, log_likelihood, mid_sentence, Cache, Candidate,
    CaseContext, Verdict, RECURRING, RECURRING_UNSEEN,
};
use super::{Corrector, WordInfo};

use crate::change::{match_case, Action, Change};
use crate::dict::Language;
use crate::document::Document;
use crate::tokenize::{is_alphabetic, Token, TokenKind};

/// Confidence of a join of two unknown parts into a known word.
const JOIN_BOTH_UNKNOWN: f32 = 0.95;
/// Confidence of a join of a known and an unknown part into a known word.
const JOIN_ONE_UNKNOWN: f32 = 0.9;
/// A join of two pieces that are each a word, or of a piece and a known
/// word, needs this many letters: two short words make a short word by
/// chance (`tu` + `tu`, `in` + `to`, `по` + `ле`).
const JOIN_MIN_LETTERS: usize = 5;
/// Two known words of three letters or more that are both at least this
/// common (ten in a million words) are a phrase, not one word split by OCR
/// (`per cent`, `web site`, `data base`): the product of their
/// frequencies, which [`known_pair_join`] weighs the join against, is far
/// below how often such words stand together, and OCR seldom splits a word
/// exactly into two common words. (Every pair of known words joined
/// rightly on the dev corpus has a rare piece: `пер едать`, `Во Сточного`;
/// a piece of two letters is as often a fragment as a word: `re quest`.)
const PHRASE_MIN_COUNT: u64 = 10_000;
/// Lexicon counts are per this many words.
const WORDS_PER_BILLION: f64 = 1e9;
/// How often OCR splits a word in two (per word), for weighing a join
/// against reading the pieces as two words.
const SPLIT_PRIOR: f64 = 0.02;
/// Log-likelihood lost per unit of OCR edit cost in that weighing.
const NATS_PER_COST: f64 = 6.0;
/// A join found by search that is less sure than this is not proposed: it
/// would only take its pieces from a likelier join with a neighbour.
const JOIN_SEARCHED_MIN: f32 = 0.5;
/// Two known words are weighed as one split word only when one of them has
/// at most this many letters (a piece OCR broke off)…
const JOIN_SHORT_PIECE: usize = 3;
/// Two known pieces of three letters or more are an open compound when
/// their join is this many times rarer than the rarer of them (see
/// [`known_pair_join`]).
const JOIN_RARER_RATIO: u64 = 10;
/// …and joined only when the join is this sure: a suggestion to join a
/// common pair (`так же`) would only be noise.
const JOIN_KNOWN_SURE: f32 = 0.95;
/// The highest confidence of a join found by search (however clear the
/// arithmetic or the document's evidence, never certain).
pub(super) const JOIN_SEARCHED_MAX: f32 = 0.99;
/// A known word is joined by search to an unknown neighbour only when one
/// of the two has fewer letters than this.
const JOIN_KNOWN_MAX_PIECE: usize = 6;
/// Confidence of a recognised hyphenation or letter-spaced word.
const RECOGNISED: f32 = 0.95;

fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::Mixed)
}

/// Whether tokens `i`, `i + 1` and `i + 2` are a word broken at a line end:
/// a word, a line-end hyphen glued to it, and after only a line break (and
/// spaces) the rest (`добро-` / `вольных`).
pub(super) fn broken_at_line_end(doc: &Document<'_>, i: usize) -> bool {
    let t = &doc.tokens;
    let (Some(a), Some(h), Some(b)) = (t.get(i), t.get(i + 1), t.get(i + 2)) else {
        return false;
    };
    let between = &doc.text[h.span.end..b.span.start];
    is_word(a)
        && is_word(b)
        && h.span.start == a.span.end
        && line_end_hyphen(&doc.text[h.span.clone()])
        && between.contains(['\n', '\r'])
        && between.trim().is_empty()
}

/// Runs the boundary rules; returns the starts of the tokens they took.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    primary: usize,
    info: &[Option<WordInfo>],
    cache: &mut Cache,
    out: &mut Vec<Change>,
) -> Claims {
    let mut claimed = HashMap::default();
    letter_spaced(corrector, doc, primary, &mut claimed, out);
    hyphenated(corrector, doc, primary, &mut claimed, out);
    marked_hyphenations(corrector, doc, info, &mut claimed, cache, out);
    let searched = inner_marks(corrector, doc, info, &mut claimed, cache, out);
    let spaced = glued_words(corrector, doc, info, &claimed, cache, out);
    // A join read its case before the mark in front of it was made a space
    // (`выехал.заместит: ЛЬ`): that mark ends no sentence, so its case is
    // read again.
    for (at, i, word) in searched {
        if i == 0 || !spaced.contains(&(i - 1)) {
            continue;
        }
        let Some(wi) = &info[i] else { continue };
        let lang = lang_of(corrector, wi);
        out[at].replacement = searched_case(doc, i, lang, out[at].span.clone(), &word, true);
    }
    joins(corrector, doc, info, &spaced, &mut claimed, cache, out);
    // The tokens an applied change took are taken; the others claimed only
    // by suggestions.
    let unsure = claimed
        .iter()
        .filter(|&(_, &sure)| !sure)
        .map(|(&start, _)| start)
        .collect();
    Claims {
        all: claimed.into_keys().collect(),
        unsure,
    }
}

/// The tokens (by their start) the boundary rules took.
pub(super) struct Claims {
    /// Every token a boundary change covers: the other rules leave them
    /// alone…
    pub(super) all: HashSet<usize>,
    /// …except the word rules, for those covered by suggestions only: a
    /// correction of such a word that is surer than the threshold is
    /// applied (and wins over the suggestion), a less sure one is dropped
    /// (`тэнь лян`, suggested as `Шэньян`: `тэнь` → `Чэнь` applied).
    pub(super) unsure: HashSet<usize>,
}

/// A change of a boundary rule (boundaries propose no alternatives).
fn boundary(
    corrector: &Corrector,
    rule: &str,
    span: std::ops::Range<usize>,
    replacement: String,
    action: Action,
    confidence: f32,
) -> Change {
    Change {
        span,
        replacement,
        action,
        rule: corrector.rule_id(rule),
        confidence,
        alternatives: Vec::new(),
    }
}

/// Records a change and the tokens it takes (by their start), which the
/// word rules then leave alone.
fn take(
    out: &mut Vec<Change>,
    claimed: &mut HashMap<usize, bool>,
    change: Change,
    starts: impl IntoIterator<Item = usize>,
) {
    let sure = change.action == Action::Applied;
    for start in starts {
        *claimed.entry(start).or_insert(false) |= sure;
    }
    out.push(change);
}

fn fold(lang: &Language, s: &str) -> String {
    let mut out = String::new();
    lang.fold(s, &mut out);
    out
}

fn letter_spaced(
    corrector: &Corrector,
    doc: &Document<'_>,
    primary: usize,
    claimed: &mut HashMap<usize, bool>,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    let single =
        |i: usize| t[i].kind == TokenKind::Word && doc.text[t[i].span.clone()].chars().count() == 1;
    let mut i = 0;
    while i < t.len() {
        let mut j = i;
        while j + 1 < t.len()
            && single(j)
            && single(j + 1)
            && &doc.text[t[j].span.end..t[j + 1].span.start] == " "
        {
            j += 1;
        }
        if single(i) && j >= i + 3 {
            let word: String = (i..=j).map(|k| &doc.text[t[k].span.clone()]).collect();
            let lang = language_of(corrector, primary, &word).1;
            if lang.knows(&fold(lang, &word)) {
                let action = if corrector.opts.join_spaced {
                    Action::Applied
                } else {
                    Action::Suggested
                };
                let change = boundary(
                    corrector,
                    "boundary:letter-spaced",
                    t[i].span.start..t[j].span.end,
                    word,
                    action,
                    RECOGNISED,
                );
                take(out, claimed, change, (i..=j).map(|k| t[k].span.start));
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

/// Taking out a line-end hyphen and the line break after it (`span`):
/// made only when the user asks (`--dehyphenate`), else suggested.
fn dehyphenation(corrector: &Corrector, span: std::ops::Range<usize>, confidence: f32) -> Change {
    let action = if corrector.opts.dehyphenate {
        Action::Applied
    } else {
        Action::Suggested
    };
    boundary(
        corrector,
        "boundary:dehyphenate",
        span,
        String::new(),
        action,
        confidence,
    )
}

/// `word-` at a line end and the first word of the next line.
fn hyphenated(
    corrector: &Corrector,
    doc: &Document<'_>,
    primary: usize,
    claimed: &mut HashMap<usize, bool>,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(2) {
        if !broken_at_line_end(doc, i) {
            continue;
        }
        let (a, h, b) = (&t[i], &t[i + 1], &t[i + 2]);
        let whole = format!("{}{}", &doc.text[a.span.clone()], &doc.text[b.span.clone()]);
        let lang = language_of(corrector, primary, &whole).1;
        if !lang.knows(&fold(lang, &whole)) {
            continue;
        }
        let change = dehyphenation(corrector, h.span.start..b.span.start, RECOGNISED);
        take(out, claimed, change, [a.span.start, b.span.start]);
    }
}

/// `word-` at a line end and the rest of the word on the next line behind a
/// mark OCR read from a speck (`описыва-` / `‚ющие`): the mark is taken out
/// when the whole is known, or the rest is corrected when the whole is near
/// a known word (`специ-` / `‘апистов` → `алистов`); the hyphenation is then
/// recognised as usual.
fn marked_hyphenations(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &mut HashMap<usize, bool>,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(3) {
        let (a, h, m, b) = (&t[i], &t[i + 1], &t[i + 2], &t[i + 3]);
        let between = &doc.text[h.span.end..m.span.start];
        if !(line_end_hyphen(&doc.text[h.span.clone()])
            && h.span.start == a.span.end
            && between.contains(['\n', '\r'])
            && between.trim().is_empty()
            && m.kind == TokenKind::Punct
            && !line_end_hyphen(&doc.text[m.span.clone()])
            && m.span.end == b.span.start)
            || claimed.contains_key(&a.span.start)
            || claimed.contains_key(&b.span.start)
        {
            continue;
        }
        let (Some(ia), Some(ib)) = (&info[i], &info[i + 3]) else {
            continue;
        };
        if ia.lang != ib.lang {
            continue;
        }
        let lang = lang_of(corrector, ia);
        let rest = if lang.lists(&format!("{}{}", ia.folded, ib.folded)) {
            Some((String::new(), m.span.clone(), RECOGNISED))
        } else {
            searched_join(
                lang,
                ia.lang,
                (&ia.folded, ia.known),
                (&ib.folded, ib.known),
                "",
                corrector.opts.threshold,
                cache,
            )
            .and_then(|(word, confidence)| {
                let rest = word.strip_prefix(ia.folded.as_str())?;
                let span = m.span.start..b.span.end;
                let rest = searched_case(doc, i + 3, lang, b.span.clone(), rest, false);
                Some((rest, span, confidence))
            })
        };
        let Some((rest, span, confidence)) = rest else {
            continue;
        };
        let mark = boundary(
            corrector,
            "boundary:join",
            span,
            rest,
            corrector.action_for(confidence),
            confidence,
        );
        out.push(dehyphenation(
            corrector,
            h.span.start..m.span.start,
            confidence,
        ));
        take(out, claimed, mark, [a.span.start, b.span.start]);
    }
}

/// A mark OCR read for a letter inside a word (`curren:ly`, `Подле=т`):
/// two pieces, not both known, joined by one mark with no space, whose whole
/// with the mark searched as a letter is near a known word; or with a space
/// OCR added beside the mark (`являе. ся`), weighed as a join
/// ([`searched_join`]). Returns each join made (its index in `out`, its
/// first token and the word found), whose case [`check`] may read again.
fn inner_marks(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &mut HashMap<usize, bool>,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) -> Vec<(usize, usize, String)> {
    let mut searched = Vec::new();
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(2) {
        let (a, m, b) = (&t[i], &t[i + 1], &t[i + 2]);
        let mark = &doc.text[m.span.clone()];
        let (before, after) = (
            &doc.text[a.span.end..m.span.start],
            &doc.text[m.span.end..b.span.start],
        );
        let glued = before.is_empty() && after.is_empty();
        // The mark glued to one piece, a space OCR added on its other side
        // (`строи: ельство`, `до ‘авки`).
        let spaced = matches!((before, after), ("", " ") | (" ", ""));
        // A comma or semicolon followed by a space ends a clause or an item
        // (`DES, MD5`); an underscore joins the words of a name in
        // computing text (`SU_NAME`).
        let punctuation = after == " " && matches!(mark, "," | ";");
        // A hyphen glued between two pieces may be a misread letter.
        let hyphen = glued && is_hyphen(mark);
        if !(glued || spaced)
            || m.kind != TokenKind::Punct
            || punctuation
            || joins_words(mark) && !hyphen
        {
            continue;
        }
        let (Some(ia), Some(ib)) = (&info[i], &info[i + 2]) else {
            continue;
        };
        let lang = lang_of(corrector, ia);
        // A bracket or quote whose partner stands near is punctuation
        // (`csplit(s, A)`), no letter.
        let paired = mark.chars().next().is_some_and(|c| {
            lang.closers(c).next().is_some() && super::words::quoted(doc, lang, i + 2, c)
                || lang.openers(c).next().is_some() && super::words::opened(doc, lang, i, c)
        });
        if paired {
            continue;
        }
        // A sign OCR reads for a letter, glued inside a word, stands for
        // that letter even between two known pieces and in a short word
        // (`cl®an`, `n@me`, `kern@l`): real text has no such sign there.
        let sign = glued && letter_sign(lang, mark);
        // A known piece of one or two letters after the mark is as often
        // the end of the word (`MINIS: RY`), unless the mark ends a
        // sentence or a clause there (`сказал. Он`).
        let stub = spaced
            && ib.folded.chars().count() <= 2
            && !matches!(mark, "." | "," | ";" | "!" | "?");
        // A full stop before a word in title case ends a sentence or an
        // abbreviation (`St. Sidwell's` is no `stairwell's`).
        let stop = after == " "
            && matches!(mark, "." | "!" | "?")
            && title_case(&doc.text[b.span.clone()]);
        if ia.known && ib.known && !sign && !stub
            || stop
            || ia.lang != ib.lang
            || claimed.contains_key(&a.span.start)
            || claimed.contains_key(&b.span.start)
        {
            continue;
        }
        let whole = format!("{}{mark}{}", ia.folded, ib.folded);
        if whole.chars().count() < if sign { SIGN_MIN_CHARS } else { 6 }
            || glued && more_glued(doc, i, i + 2)
            || lang.knows(&whole)
        {
            continue;
        }
        let found = if glued {
            match cache.rank_single(ia.lang, lang, &whole) {
                Some(Verdict::Replace {
                    replacement,
                    confidence,
                    ..
                }) => Some((replacement, confidence)),
                _ => None,
            }
        } else if in_longer_word(doc, i, i + 2) {
            None
        } else {
            // A space between the pieces is as much evidence of two words as
            // between any pieces: weighed the same way as joins.
            searched_join(
                lang,
                ia.lang,
                (&ia.folded, ia.known),
                (&ib.folded, ib.known && !stub),
                mark,
                corrector.opts.threshold,
                cache,
            )
        };
        // A hyphen is a compound's far more often than a misread letter: only
        // a sure reading replaces it, as a letter (`se-tion`) or a hyphen
        // (`веце-консулом`), never as nothing (`pre-built` is no misread
        // `prebuilt`); an unsure one leaves its pieces to the other rules
        // (`Северо-Во Сточного`).
        let found = found.filter(|(word, confidence)| {
            !hyphen
                || *confidence >= corrector.opts.threshold
                    && word.chars().count() == whole.chars().count()
        });
        if let Some((word, confidence)) = found {
            let span = a.span.start..b.span.end;
            let replacement = searched_case(doc, i, lang, span.clone(), &word, false);
            let change = boundary(
                corrector,
                "boundary:join",
                span,
                replacement,
                corrector.action_for(confidence),
                confidence,
            );
            searched.push((out.len(), i, word));
            take(out, claimed, change, [a.span.start, b.span.start]);
        }
    }
    searched
}

/// The shortest word with a sign read for a letter ([`letter_sign`]) that
/// is searched (`n@me`, `k°ep`; not `c@t`).
const SIGN_MIN_CHARS: usize = 4;
/// Whether `mark` is a sign OCR reads for a letter: `confusions.tsv` lists
/// it as a letter at [`super::SIGN_MAX_COST`] or less (`@` for `a`, `®` for
/// `e`, `©` for `c`, `°` for `o`), not as junk a word may shed.
fn letter_sign(lang: &Language, mark: &str) -> bool {
    lang.confusions.reads_a_letter(mark, super::SIGN_MAX_COST)
}

/// The case of a word found by search for the text at `span`, which starts
/// at token `i`: its letters were read as freely as a misread word's, so
/// their case is read the same way (see [`CaseContext::apply`]).
/// `after_space`: the mark before it is made a space, so it goes on a
/// sentence.
fn searched_case(
    doc: &Document<'_>,
    i: usize,
    lang: &Language,
    span: std::ops::Range<usize>,
    word: &str,
    after_space: bool,
) -> String {
    // A compound whose every part begins with a capital is a name
    // (`Северо-Восточный`): OCR does not misread each part's first letter
    // alone.
    let original = &doc.text[span.clone()];
    let parts: Vec<&str> = original.split('-').collect();
    if parts.len() > 1
        && parts.iter().all(|p| title_case(p))
        && word.split('-').count() == parts.len()
    {
        return word
            .split('-')
            .map(|p| match_case("Ab", p))
            .collect::<Vec<_>>()
            .join("-");
    }
    let case = CaseContext {
        mid_sentence: after_space || mid_sentence(doc, i),
        caps_line: false,
        lang,
        doc,
        span: span.clone(),
    };
    case.apply(&doc.text[span], word)
}

/// Marks that OCR reads for the space between two words: quotes always;
/// full stops and colons only between words of a script that has no file
/// names or addresses (`sources.list` must stay). An underscore joins the
/// words of a name in computing text (`входной_файл`, `MAIL_DIR`), whatever
/// the script.
fn space_mark(mark: &str, cyrillic: bool) -> bool {
    matches!(mark, "‘" | "’" | "`" | "'") || cyrillic && matches!(mark, "." | ":")
}

/// Two words glued by a mark OCR read for the space (`part.of` stays,
/// `Среди.них` → `Среди них`, `те‘или` → `те или`): known, or misread and
/// surely corrected on their own. Returns the marks (token indices) made
/// spaces in the output.
fn glued_words(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    claimed: &HashMap<usize, bool>,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) -> HashSet<usize> {
    let mut spaced = HashSet::default();
    let t = &doc.tokens;
    for i in 0..t.len().saturating_sub(2) {
        let (a, m, b) = (&t[i], &t[i + 1], &t[i + 2]);
        let glued = m.span.start == a.span.end && b.span.start == m.span.end;
        // Both words taken: most often by one change over the mark too
        // (`curren:ly`). One taken, by a join with its other neighbour,
        // leaves the mark free (`выехал.заместит: ЛЬ`).
        if !glued
            || m.kind != TokenKind::Punct
            || claimed.contains_key(&a.span.start) && claimed.contains_key(&b.span.start)
        {
            continue;
        }
        let (Some(ia), Some(ib)) = (&info[i], &info[i + 2]) else {
            continue;
        };
        let (at, bt) = (&doc.text[a.span.clone()], &doc.text[b.span.clone()]);
        let cyrillic = |w: &str| w.chars().all(|c| ('\u{400}'..='\u{4ff}').contains(&c));
        let letters = |w: &str| w.chars().count();
        // The second word goes on in small letters, as inside a sentence; a
        // first word of one letter must be a word of its own (в, с, и). A
        // second word of one letter is too often the mark read for a letter
        // and the word's ending (`организация:и`).
        let plain = bt.chars().next().is_some_and(char::is_lowercase)
            && letters(bt) >= 2
            && (letters(at) >= 2 || ia.known);
        if !(plain && space_mark(&doc.text[m.span.clone()], cyrillic(at) && cyrillic(bt))) {
            continue;
        }
        // A misread word that the word rules surely correct counts as a word
        // (`Он.сообщий`): the mark becomes the space, and the word is left to
        // them.
        let mut word = |wi: &WordInfo, w: &str| {
            wi.known
                || letters(w) >= 4
                    && matches!(
                        cache.judge(wi.lang, lang_of(corrector, wi), &wi.folded),
                        Verdict::Replace { rule: "lexicon", confidence, .. }
                            if confidence >= corrector.opts.threshold
                    )
        };
        if !(word(ia, at) && word(ib, bt)) {
            continue;
        }
        let confidence = 0.9;
        let change = boundary(
            corrector,
            "boundary:split",
            m.span.clone(),
            " ".to_string(),
            corrector.action_for(confidence),
            confidence,
        );
        // The words stay free: the change is the mark alone, and a word may
        // still be joined with its other neighbour (`приорите ты:решателя`).
        if change.action == Action::Applied {
            spaced.insert(i + 1);
        }
        out.push(change);
    }
    spaced
}

/// Two neighbouring words: on one line (one space between), or the last word
/// of a line and the first of the next. A token can be part of two joins,
/// with the word before it and with the word after it: the surer one is
/// made, so the result does not depend on which comes first.
fn joins(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    spaced: &HashSet<usize>,
    claimed: &mut HashMap<usize, bool>,
    cache: &mut Cache,
    out: &mut Vec<Change>,
) {
    let t = &doc.tokens;
    let mut written: Option<Written<'_>> = None;
    let mut next = None;
    let mut i = 0;
    while i + 1 < t.len() {
        let Some((span, replacement, confidence)) = next
            .take()
            .unwrap_or_else(|| join_at(corrector, doc, info, spaced, claimed, cache, i))
        else {
            i += 1;
            continue;
        };
        let after = if i + 2 < t.len() {
            join_at(corrector, doc, info, spaced, claimed, cache, i + 1)
        } else {
            None
        };
        if after.as_ref().is_some_and(|n| n.2 > confidence) {
            next = Some(after);
            i += 1;
            continue;
        }
        let rule = if span.is_empty() {
            "boundary:line-end-hyphen"
        } else {
            "boundary:join"
        };
        let confidence = match &info[i] {
            Some(wi) if !span.is_empty() => {
                let written = written.get_or_insert_with(|| Written::new(doc, info));
                let lang = lang_of(corrector, wi);
                let joined = fold(lang, &replacement);
                let recurring = written.recurring(info, i)
                    || written.term(lang, info, i)
                    || written.term(lang, info, i + 1);
                if recurring && !written.words.contains_key(joined.as_str()) {
                    confidence.min(RECURRING_UNSEEN)
                } else {
                    confidence
                }
            }
            _ => confidence,
        };
        let change = boundary(
            corrector,
            rule,
            span,
            replacement,
            corrector.action_for(confidence),
            confidence,
        );
        take(out, claimed, change, [t[i].span.start, t[i + 1].span.start]);
        i += 2;
    }
}

/// What a document writes: how often each pair of neighbouring words
/// (folded), and each word. A pair the document writes [`RECURRING`]
/// times or more and never as the word a join makes of it is the
/// document's own way to write it, not the same word split by OCR each
/// time; so is a join with a word the lexicon lacks, of
/// [`TERM_MIN_LETTERS`] letters or more, that the document writes
/// [`RECURRING`] times or more and never beside a word it makes a listed
/// word with (`const arg`, `const var`, `const T` in C documentation are
/// no `constant`; `ment` in `apart ment`, `establish ment` is a piece of
/// split words): the join is only suggested, at most
/// [`RECURRING_UNSEEN`], as a lexicon correction of a recurring word is
/// ([`super::words`]).
struct Written<'a> {
    pairs: HashMap<(&'a str, &'a str), u64>,
    /// Each word and the tokens it is at.
    words: HashMap<&'a str, Vec<usize>>,
}

/// Letters, at least, of a word the lexicon lacks for its recurring to make
/// it a term of the document (see [`Written`]): shorter ones recur as
/// pieces of different split words (`пре дставитель`, `пре дложение`).
const TERM_MIN_LETTERS: usize = 4;

impl<'a> Written<'a> {
    fn new(doc: &Document<'_>, info: &'a [Option<WordInfo>]) -> Self {
        let mut pairs = HashMap::default();
        let mut words = HashMap::default();
        for (i, wi) in info.iter().enumerate() {
            let Some(wi) = wi else { continue };
            words
                .entry(wi.folded.as_str())
                .or_insert_with(Vec::new)
                .push(i);
            if let Some(Some(next)) = info.get(i + 1) {
                if is_word(&doc.tokens[i]) && is_word(&doc.tokens[i + 1]) {
                    *pairs
                        .entry((wi.folded.as_str(), next.folded.as_str()))
                        .or_default() += 1;
                }
            }
        }
        Written { pairs, words }
    }

    /// Whether the word at token `i` is one the lexicon lacks, of
    /// [`TERM_MIN_LETTERS`] letters or more, that the document writes
    /// [`RECURRING`] times or more.
    fn term(&self, lang: &Language, info: &[Option<WordInfo>], i: usize) -> bool {
        let Some(wi) = info.get(i).and_then(Option::as_ref) else {
            return false;
        };
        let Some(at) = self.words.get(wi.folded.as_str()) else {
            return false;
        };
        let word = |k: usize| {
            info.get(k)
                .and_then(Option::as_ref)
                .map(|w| w.folded.as_str())
        };
        let joins = |k: usize| {
            let before = k
                .checked_sub(1)
                .and_then(word)
                .is_some_and(|b| lang.lists(&format!("{b}{}", wi.folded)));
            before || word(k + 1).is_some_and(|a| lang.lists(&format!("{}{a}", wi.folded)))
        };
        !wi.known
            && wi.folded.chars().count() >= TERM_MIN_LETTERS
            && at.len() as u64 >= RECURRING
            && !at.iter().any(|&k| joins(k))
    }

    /// Whether the words at tokens `i` and `i + 1` are a pair the document
    /// writes [`RECURRING`] times or more.
    fn recurring(&self, info: &[Option<WordInfo>], i: usize) -> bool {
        let (Some(a), Some(Some(b))) = (&info[i], info.get(i + 1)) else {
            return false;
        };
        self.pairs
            .get(&(a.folded.as_str(), b.folded.as_str()))
            .is_some_and(|&n| n >= RECURRING)
    }
}

/// A digit in a piece of a join must read as a letter at this cost or less.
const DIGIT_LETTER_MAX: f32 = 0.5;

/// The join of tokens `i` and `i + 1`, if they make one: its span,
/// replacement and confidence. `spaced`: the marks made spaces by
/// [`glued_words`].
fn join_at(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    spaced: &HashSet<usize>,
    claimed: &HashMap<usize, bool>,
    cache: &mut Cache,
    i: usize,
) -> Option<(std::ops::Range<usize>, String, f32)> {
    let t = &doc.tokens;
    let (a, b) = (&t[i], &t[i + 1]);
    let between = &doc.text[a.span.end..b.span.start];
    let same_line = between == " ";
    let line_end =
        between.contains(['\n', '\r']) && between.trim().is_empty() && !between.contains('\x0c');
    if !(is_word(a) && is_word(b) && (same_line || line_end))
        || claimed.contains_key(&a.span.start)
        || claimed.contains_key(&b.span.start)
    {
        return None;
    }
    let (Some(ia), Some(ib)) = (&info[i], &info[i + 1]) else {
        return None;
    };
    // Words of two languages are no one word (`mandb не` is no `mandible`).
    if ia.lang != ib.lang {
        return None;
    }
    let lang = lang_of(corrector, ia);
    let (ka, kb) = (ia.known, ib.known);
    // The common case, two known words that no listed pair starts with and
    // neither of which is short, costs one lookup.
    let short = |f: &str| f.chars().count() <= JOIN_SHORT_PIECE;
    let listed = lang.joins_first.contains(&ia.folded);
    if ka && kb && !listed && !(same_line && (short(&ia.folded) || short(&ib.folded))) {
        return None;
    }
    // Nor is a known word in small letters before one in capitals (`an
    // IMAP`, `or DER`, `Set TLS`): OCR reads a capital as small where the
    // two have one shape (`Iv PLEMENTATION`) and in misread words (`Qui
    // TION`, `ALi GING`), while the end of a word in capitals may come out
    // small (`MBAS Sy`).
    let (at, bt) = (&doc.text[a.span.clone()], &doc.text[b.span.clone()]);
    // A piece with a digit that OCR does not read for a letter (`confusions.tsv`:
    // `0` for `o`, `3` for `з`) is code or a number with letters (`call i32`,
    // `x86 port`), no piece of a word.
    let digits_read = |s: &str| {
        s.chars().filter(char::is_ascii_digit).all(|d| {
            lang.confusions
                .letters_read(d.encode_utf8(&mut [0; 4]), DIGIT_LETTER_MAX)
                .next()
                .is_some()
        })
    };
    if !digits_read(at) || !digits_read(bt) {
        return None;
    }
    // Nor is a word in capitals before a known word typed all in small
    // letters, one of them with a capital of its own shape (`NUM is`, `TTY
    // and`): OCR reads the end of a word in capitals small only where the
    // shapes are one (`MBAS Sy`, `INF LATION`).
    if in_capitals(at) && kb && !bt.chars().any(char::is_uppercase) && lang.has_distinct_small(bt) {
        return None;
    }
    if ka
        && in_capitals(bt)
        && (title_case(at) || !at.chars().any(char::is_uppercase))
        && lang.has_distinct_small(at)
    {
        return None;
    }
    let (fa, fb) = (&ia.folded, &ib.folded);
    let fw = format!("{fa}{fb}");
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    if ka && kb {
        // Two known words that each begin with a capital are a name or a
        // title (`Ty Coon`, `Te Deum`), not one word OCR split: OCR does
        // not make the second half of a word a capital, unless the capital
        // has its small letter's shape (`Во Сточного`) and the first word
        // is no name.
        if title_case(at) && title_case(bt) {
            let shape = bt.chars().next().is_some_and(|c| lang.case_ambiguous(c));
            if !shape || lang.is_proper(fa) {
                return None;
            }
        }
        if !same_line {
            return None;
        }
        if listed {
            if let Some((joined, confidence)) = listed_join(lang, fa, fb, doc, i + 2) {
                return Some((a.span.start..b.span.end, match_case(at, joined), confidence));
            }
        }
        return known_pair_join(lang, fa, fb, &fw)
            .map(|confidence| (a.span.start..b.span.end, join_case(at, bt, &fw), confidence));
    }
    if lang.lists(&fw)
        && la + lb >= JOIN_MIN_LETTERS
        && la >= 2
        && lb >= 2
        && (ka || la >= 3 || !kb)
        && (kb || lb >= 3 || !ka)
    {
        let confidence = if !ka && !kb {
            JOIN_BOTH_UNKNOWN
        } else {
            JOIN_ONE_UNKNOWN
        };
        return Some(if same_line {
            (a.span.start..b.span.end, join_case(at, bt, &fw), confidence)
        } else {
            // Keep the layout: put back the hyphen OCR lost.
            (a.span.end..a.span.end, "-".to_string(), confidence)
        });
    }
    // A piece of one letter is searched only when it is no word of its own
    // (`packag s`, `поздн е`; not `в`, `и`, `a`).
    let piece = |l: usize, f: &str| {
        l >= 2
            || l == 1
                && lang
                    .lexicon
                    .frequency(f)
                    .is_none_or(|c| c < super::ONE_LETTER_WORD_COUNT)
    };
    if !same_line || !piece(la, fa) || !piece(lb, fb) || in_longer_word(doc, i, i + 1) {
        return None;
    }
    // Nor is a word after one with small letters that begins with a capital
    // of its own shape (`Collabora Ltd` is no `collaborated`): the rest of
    // a word OCR split begins with a capital only where the capital has the
    // small letter's shape (`Во Сточного`).
    let own_capital = bt
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() && !lang.case_ambiguous(c));
    if title_case(bt) && own_capital && at.chars().any(char::is_lowercase) {
        return None;
    }
    // Nor is a short word in capitals the lexicon lacks among words mostly
    // in small letters: an abbreviation (`(SSH TLS) Passphrase` is no
    // `SHELLS`).
    let abbreviation = |w: &str, known: bool| {
        !known
            && in_capitals(w)
            && w.chars().filter(|&c| is_alphabetic(c)).count() <= lang.ranking.max_abbreviation
    };
    if (abbreviation(at, ka) || abbreviation(bt, kb)) && in_small_letters(doc, i) {
        return None;
    }
    // Nor is a short word in title case before its full stop (`agst St.
    // Paul` is no `assist Paul`).
    if title_case(bt) && lb <= lang.ranking.max_abbreviation && followed_by_dot(doc, i + 1) {
        return None;
    }
    let (replacement, confidence) = searched_join(
        lang,
        ia.lang,
        (fa, ka),
        (fb, kb),
        "",
        corrector.opts.threshold,
        cache,
    )?;
    let name_like =
        !at.chars().chain(bt.chars()).any(char::is_uppercase) && lang.is_proper(&replacement);
    let confidence = if name_like {
        confidence * lang.ranking.name_like_factor
    } else {
        confidence
    };
    let span = a.span.start..b.span.end;
    // A mark before the pair that OCR read for a space is no sentence's end
    // (`выехал.заместит: ЛЬ` → `выехал заместитель`).
    let after_space = i > 0 && spaced.contains(&(i - 1));
    let replacement = searched_case(doc, i, lang, span.clone(), &replacement, after_space);
    Some((span, replacement, confidence))
}

/// Two known words whose join is a known word (`пер едать` → `передать`):
/// the join's share of the likelihood, weighed as in [`searched_join`]
/// (one word split by OCR against two words), when it reaches
/// [`JOIN_KNOWN_SURE`]. Two frequent words make a likelier pair than their
/// join (`так же`, `во время`, `по данным`); a rare piece does not (`пер`,
/// `едать`).
fn known_pair_join(lang: &Language, fa: &str, fb: &str, fw: &str) -> Option<f32> {
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    if la < 2 || lb < 2 || la + lb < JOIN_MIN_LETTERS || !lang.lists(fw) {
        return None;
    }
    let s = lang.ranking.smoothing;
    let count = |w: &str| lang.lexicon.frequency(w).unwrap_or(0);
    if la.min(lb) >= 3 && count(fa).min(count(fb)) >= PHRASE_MIN_COUNT {
        return None;
    }
    // Nor is a join far rarer than the rarer piece, of two pieces of three
    // letters or more: an open compound (`key bindings`, not
    // `keybindings`), while a word OCR split is commoner than its rarer
    // piece (`con tented`, `spar row`, `Christ mas`).
    if la.min(lb) >= 3 && count(fw).saturating_mul(JOIN_RARER_RATIO) < count(fa).min(count(fb)) {
        return None;
    }
    let one = log_likelihood(0.0, count(fw), s, NATS_PER_COST)
        + WORDS_PER_BILLION.ln()
        + SPLIT_PRIOR.ln();
    let two = log_likelihood(0.0, count(fa), s, NATS_PER_COST)
        + log_likelihood(0.0, count(fb), s, NATS_PER_COST);
    let confidence = (1.0 / (1.0 + (two - one).exp())) as f32;
    (confidence >= JOIN_KNOWN_SURE).then_some(confidence.min(JOIN_SEARCHED_MAX))
}

/// Whether tokens `first..=last` are only part of a word: joined by a hyphen
/// to a word before (`Северо-Во`) or after (`лан-фу`), or broken at the line
/// end after them (`специа ль -`). Searching their join alone would find a
/// shorter word than the one on the page.
fn in_longer_word(doc: &Document<'_>, first: usize, last: usize) -> bool {
    let t = &doc.tokens;
    let hyphen = |k: usize| line_end_hyphen(&doc.text[t[k].span.clone()]);
    let before = first
        .checked_sub(1)
        .is_some_and(|h| hyphen(h) && t[h].span.end == t[first].span.start);
    let after = t.get(last + 1).is_some_and(|h| {
        hyphen(last + 1)
            && (h.span.start == t[last].span.end
                || doc.text[h.span.end..].starts_with(['\n', '\r']))
    });
    before || after
}

/// Marks that join words in real text (`north-east`, `and/or`, `don't`,
/// `SU_NAME`), never read for a letter; the Unicode hyphens (U+2010,
/// U+2011) too, which typeset text writes for `-` (`Hu‑ mane` is a word
/// hyphenated at a line end the text no longer has, not a misread letter).
pub(super) fn joins_words(mark: &str) -> bool {
    is_hyphen(mark) || matches!(mark, "—" | "/" | "'" | "’" | "_")
}

/// The hyphen, as typed (`-`) or as typeset text writes it (U+2010, and the
/// non-breaking U+2011).
fn is_hyphen(mark: &str) -> bool {
    matches!(mark, "-" | "\u{2010}" | "\u{2011}")
}

/// Whether tokens `first..=last`, glued together, go on with another mark
/// glued between letters (`p&ack®ge`; not a hyphen, `T.ozenges-they`):
/// the word is longer than they are, and correcting them alone would leave
/// the rest (`p&package`).
fn more_glued(doc: &Document<'_>, first: usize, last: usize) -> bool {
    let t = &doc.tokens;
    let glued = |x: usize, y: usize| t[x].span.end == t[y].span.start;
    let mark_between =
        |m: usize| t[m].kind == TokenKind::Punct && !joins_words(&doc.text[t[m].span.clone()]);
    let before = first >= 2
        && mark_between(first - 1)
        && is_word(&t[first - 2])
        && glued(first - 2, first - 1)
        && glued(first - 1, first);
    let after = last + 2 < t.len()
        && mark_between(last + 1)
        && is_word(&t[last + 2])
        && glued(last, last + 1)
        && glued(last + 1, last + 2);
    before || after
}

/// Two neighbouring pieces, not both known, whose join is near a known word
/// (`промыиленио сти` → `промышленности`, `кот рые` → `которые`): the best
/// such word and its share of the likelihood against every other reading.
///
/// Each near word `w` of the join (cost `c`) is one word that OCR split: it
/// weighs `P(w) · e^(-NATS_PER_COST·c) · SPLIT_PRIOR`. Against it stand two
/// words, each piece read as well as it can be on its own (`P(a′) · P(b′)`
/// with their edit costs). Only a word that takes letters from both pieces
/// (longer than either by two) counts as the join, so that a known word
/// next to a misread one (`в раоте`) is not swallowed into its correction;
/// the others still weigh against it. A join that is just the two readings
/// put together (`new` + `born`) changes nothing but the space: that is
/// left to the listed pairs of `joins.tsv`. The join must also be surer
/// than the word rules' correction of an unknown piece on its own, and at
/// least [`JOIN_SEARCHED_MIN`].
///
/// `mark` is what OCR read between the pieces besides the space (a mark
/// read for a letter, `строи: ельство`); it is searched as part of the
/// word.
fn searched_join(
    lang: &Language,
    idx: usize,
    a: (&str, bool),
    b: (&str, bool),
    mark: &str,
    threshold: f32,
    cache: &mut Cache,
) -> Option<(String, f32)> {
    searched_join_with(lang, idx, a, b, mark, threshold, cache, true).0
}

/// [`searched_join`]; `stop_early`: whether it may give up on the bounded
/// search's words alone. Also says whether it did.
#[allow(clippy::too_many_arguments)]
fn searched_join_with(
    lang: &Language,
    idx: usize,
    (fa, ka): (&str, bool),
    (fb, kb): (&str, bool),
    mark: &str,
    threshold: f32,
    cache: &mut Cache,
    stop_early: bool,
) -> (Option<(String, f32)>, bool) {
    let found = |r| (r, false);
    let (la, lb) = (fa.chars().count(), fb.chars().count());
    if la + lb < 6 {
        return found(None);
    }
    // Bounds on the search (each join is a search of a long string): a
    // known word beside an unknown word of full length is taken as two
    // words without searching.
    if (ka || kb) && la.min(lb) >= JOIN_KNOWN_MAX_PIECE {
        return found(None);
    }
    // What the word rules would make of each piece on its own (the same
    // cached answer they then use).
    let mut alone = |f: &str, known: bool| {
        if known || f.chars().count() < lang.ranking.min_letters {
            return 0.0;
        }
        match cache.judge(idx, lang, f) {
            Verdict::Replace { confidence, .. } => confidence,
            Verdict::Keep => 0.0,
        }
    };
    let (alone_a, alone_b) = (alone(fa, ka), alone(fb, kb));
    let alone = alone_a.max(alone_b);
    // Two words each surely corrected on its own, or a known word beside
    // one, are not searched as one either.
    if (ka || alone_a >= threshold) && (kb || alone_b >= threshold) {
        return found(None);
    }
    if alone >= JOIN_SEARCHED_MAX {
        return found(None);
    }
    let s = lang.ranking.smoothing;
    let prior = WORDS_PER_BILLION.ln() + SPLIT_PRIOR.ln();
    let one = |c: &Candidate| log_likelihood(c.cost, c.freq, s, NATS_PER_COST) + prior;
    let (ra, rb) = (cache.reading(idx, lang, fa), cache.reading(idx, lang, fb));
    let two = log_likelihood(ra.cost, ra.count, s, NATS_PER_COST)
        + log_likelihood(rb.cost, rb.count, s, NATS_PER_COST);
    let least = la.max(lb) + 2;
    // The join is taken only if its confidence reaches `m`, which needs
    // `one(best) ≥ two + ln(m / (1 − m))`; no word of `least` letters is
    // more frequent than `most`, so a cost above `reach` cannot do it. The
    // join is searched within `reach` first (far cheaper than the full
    // bound), and in full only if that finds a word long enough.
    let m = f64::from(alone.max(JOIN_SEARCHED_MIN));
    let most = lang.lexicon.max_count_from(least);
    let reach = (log_likelihood(0.0, most, s, NATS_PER_COST) + prior - two - (m / (1.0 - m)).ln())
        / NATS_PER_COST;
    if reach < 0.0 {
        return found(None);
    }
    let long_enough = |c: &Candidate| c.word.chars().count() >= least;
    let near = cache.join_candidates(idx, lang, (fa, mark, fb), reach as f32);
    if !near.iter().any(long_enough) {
        return found(None);
    }
    if stop_early && near.len() < super::words::LAYER_CANDIDATES {
        // Every word within `reach` is in `near` (fewer than one layer's
        // most: no layer's answer was cut short), and no word beyond it
        // can reach `m`: so if none in `near` does, none does; if one does,
        // it is the best, and the words of `near` alone already weigh
        // against it no more than they will in the full search. Either way
        // the full search cannot make the join sure enough when `near`
        // does not.
        let need = two + (m / (1.0 - m)).ln();
        let top = near
            .iter()
            .filter(|c| long_enough(c))
            .map(one)
            .fold(f64::NEG_INFINITY, f64::max);
        if top < need - ROUNDING {
            return (None, true);
        }
        let weight: f64 =
            near.iter().map(|c| (one(c) - top).exp()).sum::<f64>() + (two - top).exp();
        if 1.0 / weight < m - ROUNDING {
            return (None, true);
        }
    }
    let candidates = cache.join_candidates(idx, lang, (fa, mark, fb), f32::INFINITY);
    let Some(best) = candidates
        .iter()
        .filter(|c| long_enough(c))
        .max_by(|x, y| one(x).total_cmp(&one(y)).then_with(|| y.word.cmp(&x.word)))
    else {
        return found(None);
    };
    if best.word == format!("{}{}", ra.word, rb.word) {
        return found(None);
    }
    let top = one(best);
    let total: f64 =
        candidates.iter().map(|c| (one(c) - top).exp()).sum::<f64>() + (two - top).exp();
    // However clear the arithmetic, a join found by search is never certain.
    let confidence = ((1.0 / total) as f32).min(JOIN_SEARCHED_MAX);
    found(
        (confidence > alone && confidence >= JOIN_SEARCHED_MIN)
            .then(|| (best.word.clone(), confidence)),
    )
}

/// A margin for the rounding of sums in different orders: [`searched_join`]
/// stops early only when the full search is short of the mark by more.
const ROUNDING: f64 = 1e-9;

/// Two letters or more, all capitals (`IMAP`, `DER`).
fn in_capitals(word: &str) -> bool {
    let letters = || word.chars().filter(|&c| is_alphabetic(c));
    letters().count() >= 2 && letters().all(char::is_uppercase)
}

/// Tokens on each side of a pair that [`in_small_letters`] reads.
const AROUND: usize = 8;

/// Whether the words around token `i` on its line (up to [`AROUND`]
/// tokens on each side) have more small letters than capitals.
fn in_small_letters(doc: &Document<'_>, i: usize) -> bool {
    let line = doc.token_line[i];
    let from = i.saturating_sub(AROUND);
    let to = (i + AROUND + 1).min(doc.tokens.len());
    let (mut small, mut capitals) = (0, 0);
    for k in (from..to).filter(|&k| doc.token_line[k] == line) {
        for c in doc.token_text(k).chars() {
            small += usize::from(c.is_lowercase());
            capitals += usize::from(c.is_uppercase());
        }
    }
    small > capitals
}

/// A capital letter, then small ones only (`Coon`; not `COON`, `coon`).
fn title_case(word: &str) -> bool {
    let mut letters = word.chars().filter(|&c| is_alphabetic(c));
    letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
}

/// The case of a join: all capitals if half or more of the letters are (OCR
/// often reads a capital as small: `Iv PLEMENTATION`), a capital first
/// letter if the first part has one, else small letters.
fn join_case(a: &str, b: &str, joined: &str) -> String {
    let (letters, upper) = a
        .chars()
        .chain(b.chars())
        .filter(|&c| is_alphabetic(c))
        .fold((0, 0), |(n, u), c| {
            (n + 1, u + usize::from(c.is_uppercase()))
        });
    if letters > 1 && upper * 2 >= letters {
        joined.to_uppercase()
    } else if a.chars().next().is_some_and(char::is_uppercase) {
        match_case("Ab", joined)
    } else {
        match_case("ab", joined)
    }
}

/// The marks OCR and typists put where a word breaks at a line end: the
/// hyphen, a dash read for it, the old `¬`, and the soft hyphen (U+00AD) and
/// the Unicode hyphens (U+2010, U+2011) of text that came from a word
/// processor or a typesetter (`in‐` / `terpreter` in a formatted manual).
pub(super) fn line_end_hyphen(mark: &str) -> bool {
    is_hyphen(mark) || matches!(mark, "—" | "¬" | "\u{ad}")
}

/// Confidence of a listed join that the word after the pair does not
/// confirm: punctuation or nothing follows (`потому, что` and `по тому,
/// что` are both Russian), so it is only suggested.
const LISTED_JOIN_UNCONFIRMED: f32 = 0.5;

/// The joined word and the confidence, when `joins.tsv` lists the pair and
/// the word after it (token `next`) does not make the pair a phrase.
fn listed_join<'l>(
    lang: &'l Language,
    a: &str,
    b: &str,
    doc: &Document<'_>,
    next: usize,
) -> Option<(&'l str, f32)> {
    let join = lang.joins.get(&(a.to_string(), b.to_string()))?;
    let next_word = doc
        .tokens
        .get(next)
        .filter(|t| is_word(t))
        .map(|t| fold(lang, &doc.text[t.span.clone()]));
    let confidence = match (&join.keep_before, next_word) {
        (Some(re), Some(w)) if re.is_match(&w) => return None,
        (_, Some(_)) => 0.95,
        (_, None) => LISTED_JOIN_UNCONFIRMED,
    };
    Some((&join.joined, confidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word found for pieces whose case leaves it open begins with a
    /// capital after a full stop, not after a mark made a space.
    #[test]
    fn a_mark_made_a_space_ends_no_sentence() {
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let ru = dicts.get("ru").unwrap();
        let text = "Для этой цели выехал.заместит: ЛЬ министра.";
        let doc = Document::new(text);
        let i = doc
            .tokens
            .iter()
            .position(|t| &text[t.span.clone()] == "заместит")
            .unwrap();
        let span = doc.tokens[i].span.start..doc.tokens[i + 2].span.end;
        let case =
            |after_space| searched_case(&doc, i, ru, span.clone(), "заместитель", after_space);
        assert_eq!(case(false), "Заместитель");
        assert_eq!(case(true), "заместитель");
    }

    /// Giving up on a join from the bounded search's words alone never
    /// changes the answer: every pair of neighbouring words of the samples
    /// that the rules would search as a join gets the same answer with and
    /// without it, and it does give up on some.
    #[test]
    fn a_join_given_up_early_is_one_the_full_search_refuses() {
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let (mut stopped, mut joined, mut pairs) = (0, 0, 0);
        for name in [
            "ru_shifrovka-mukden.ocr.txt",
            "ru_dokladnaya-grodekovo.ocr.txt",
            "en_telegram-tokyo.ocr.txt",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name);
            let text = std::fs::read_to_string(path).unwrap();
            let lang = dicts.get(&name[..2]).unwrap();
            let words: Vec<String> = text
                .split_whitespace()
                .map(|w| fold(lang, w.trim_matches(|c: char| !c.is_alphanumeric())))
                .filter(|w| !w.is_empty())
                .collect();
            let (mut early, mut full) = (Cache::default(), Cache::default());
            for w in words.windows(2) {
                let (a, b) = (
                    (w[0].as_str(), lang.knows(&w[0])),
                    (w[1].as_str(), lang.knows(&w[1])),
                );
                if a.1 && b.1 {
                    continue;
                }
                pairs += 1;
                let (got, gave_up) = searched_join_with(lang, 0, a, b, "", 0.85, &mut early, true);
                let (want, _) = searched_join_with(lang, 0, a, b, "", 0.85, &mut full, false);
                assert_eq!(got, want, "{a:?} {b:?}");
                stopped += usize::from(gave_up);
                joined += usize::from(want.is_some());
            }
        }
        assert!(pairs > 100, "{pairs} pairs");
        assert!(
            stopped > 0 && joined > 0,
            "{stopped} given up early, {joined} joined"
        );
    }
}
