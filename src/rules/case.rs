//! Letter case that disagrees with its line: `To:` or `By` in a line typed in
//! capitals (telegram headers, addresses, whole telegrams).
//!
//! Typewritten documents type whole lines in capitals; OCR reads some of
//! their letters as small ones, most often where the capital and the small
//! letter have the same shape (`O`/`o`, `С`/`с`). In a line where nearly all
//! words are capitals (more capitals than small letters: `WoULD` counts),
//! one of them a common word (a line of acronyms, `API/SSPI or SPNEGO`, is
//! no such line), a
//! known word with small letters is made capitals too (`case:caps-line`),
//! unless all its letters are small and one has a capital of its own shape
//! (`or`, `and`: typed so, not misread); an unknown one is left to the word
//! rules, which give their replacement
//! capitals in such a line. Words of one letter are left alone (`a`, `I`,
//! `в`).
//!
//! Outside such lines, a known word with a few stray capitals among its
//! small letters (`upGrade`, `СоветскИм`) has them made small
//! (`case:mixed`): no word is spelled so, while a name that is (`McCarthy`)
//! keeps its form, and so do a short rare word (`ЧаВо`, an abbreviation
//! typed so) and a capital right after an apostrophe (`o'Clock`). A common
//! one-letter word read as a capital between two
//! small-letter words (`работают С ними`), where the capital has the small
//! letter's shape, is made small (`case:one-letter`), and so is a capital
//! OCR read at the start of the rest of a word broken at a line end
//! (`сторо-` / `На`; `case:broken`). In a language that turns it on
//! (`capital_inside_count`: Russian; English only in a document that
//! shows OCR misreading case, `capital_inside_evidence`), a common word in
//! title case between two words in small letters is made small too
//! (`case:capital`), and so is a rarer one there whose stray capitals
//! `case:mixed` makes small or that no name can be (`lowercase.tsv`: a
//! verb, an adverb, a function word).

use super::words::{mid_sentence, CaseContext};
use super::{Corrector, WordInfo};
use crate::change::Change;
use crate::document::Document;
use crate::tokenize::{is_alphabetic, TokenKind};

/// A line needs this many words of three or more letters (shorter ones are
/// often abbreviations in capitals whatever the line)…
const MIN_WORDS: usize = 3;
/// …and this share of them in capitals.
const MIN_SHARE: f32 = 0.75;

/// A line typed in capitals has one word in capitals, at least, of this
/// many letters…
const CAPS_WORD_LETTERS: usize = 4;
/// …that is a common word (one in a million words), no name.
const CAPS_WORD_COUNT: u64 = 1_000;

/// For each line of the document, the share of its words in capitals if
/// that makes it a line typed in capitals, else `None`.
pub(super) fn caps_lines(
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    langs: &[crate::dict::Language],
) -> Vec<Option<f32>> {
    let mut out = vec![None; doc.lines.len()];
    let mut start = 0;
    while start < doc.tokens.len() {
        let line = doc.token_line[start];
        let end = start
            + doc.token_line[start..]
                .iter()
                .take_while(|&&l| l == line)
                .count();
        let words: Vec<usize> = (start..end)
            .filter(|&k| matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Mixed))
            .filter(|&k| {
                let w = &doc.text[doc.tokens[k].span.clone()];
                w.chars().filter(|&c| crate::tokenize::is_letter(c)).count() >= 3
            })
            .collect();
        let in_capitals: Vec<usize> = words
            .iter()
            .copied()
            .filter(|&k| mostly_capitals(&doc.text[doc.tokens[k].span.clone()]))
            .collect();
        // Capitals none of which is a common word are acronyms (`API/SSPI
        // or SPNEGO`, `URL. FTP, FTPS, IMAP, SMTP, etc.`), typed so
        // whatever the line.
        let common = || {
            in_capitals.iter().any(|&k| {
                info[k].as_ref().is_some_and(|wi| {
                    let lang = &langs[wi.lang];
                    wi.folded.chars().count() >= CAPS_WORD_LETTERS
                        && !lang.is_proper(&wi.folded)
                        && is_common(lang, &wi.folded, CAPS_WORD_COUNT)
                })
            })
        };
        let share = in_capitals.len() as f32 / words.len().max(1) as f32;
        if words.len() >= MIN_WORDS && share >= MIN_SHARE && common() {
            out[line as usize] = Some(share);
        }
        start = end;
    }
    out
}

/// Whether a word is typed in capitals: more of its letters are capitals
/// than small letters (`WOULD`, and `WoULD` or `sUMMARY` with a capital
/// read as its small letter; not `Would`).
fn mostly_capitals(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    upper > lower
}

/// Words of up to three letters must be at least this frequent (one in ten
/// thousand words; counts are frequency × 10⁹).
const SHORT_WORD_MIN_COUNT: u64 = 100_000;

/// A word of up to four letters with stray capitals must be at least this
/// frequent (one in a million words) to have them made small.
const SHORT_MIXED_MIN_COUNT: u64 = 1_000;

/// Confidence of a `case:mixed` or `case:one-letter` change: the word is known, and only the case
/// of letters OCR often confuses changes.
const MIXED_CONFIDENCE: f32 = 0.9;

/// Checks every line of the document.
pub(super) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    caps: &[Option<f32>],
    info: &[Option<WordInfo>],
    out: &mut Vec<Change>,
) {
    let rule = corrector.rule_id("case:caps-line");
    let mixed_rule = corrector.rule_id("case:mixed");
    let one_rule = corrector.rule_id("case:one-letter");
    let broken_rule = corrector.rule_id("case:broken");
    let inside_rule = corrector.rule_id("case:capital");
    let item_rule = corrector.rule_id("case:list-item");
    let wrapped = wrapped_lines(doc);
    // Per language, whether the document shows the evidence `case:capital`
    // asks for.
    let evidence: Vec<bool> = corrector
        .dicts
        .languages()
        .iter()
        .map(|lang| capitals_unreliable(lang, doc))
        .collect();
    for (i, ((t, &line), wi)) in doc.tokens.iter().zip(&doc.token_line).zip(info).enumerate() {
        let Some(wi) = wi else {
            continue;
        };
        let Some(share) = caps[line as usize] else {
            let found = stray_capitals(corrector, doc, i, wi)
                .map(|r| {
                    // A title-case word it leaves inside a sentence may be
                    // made small as one typed so would (`зерном, РУдой и`).
                    let mended = Form::Mended(&r);
                    let inside = evidence[wi.lang]
                        .then(|| capital_inside(corrector, doc, info, &wrapped, i, wi, mended))
                        .flatten();
                    (inside.unwrap_or(r), &mixed_rule)
                })
                .or_else(|| broken_capital(corrector, doc, i, wi).map(|r| (r, &broken_rule)))
                .or_else(|| capital_one_letter(corrector, doc, i, wi).map(|r| (r, &one_rule)))
                .or_else(|| list_item_capital(corrector, doc, i, wi).map(|r| (r, &item_rule)))
                .or_else(|| {
                    if !evidence[wi.lang] {
                        return None;
                    }
                    capital_inside(corrector, doc, info, &wrapped, i, wi, Form::Typed)
                        .map(|r| (r, &inside_rule))
                });
            if let Some((replacement, rule)) = found {
                out.push(Change {
                    span: t.span.clone(),
                    replacement,
                    action: corrector.action_for(MIXED_CONFIDENCE),
                    rule: rule.clone(),
                    confidence: MIXED_CONFIDENCE,
                    alternatives: Vec::new(),
                });
            }
            continue;
        };
        let word = &doc.text[t.span.clone()];
        let letters = word.chars().filter(|&c| is_alphabetic(c)).count();
        if t.kind != TokenKind::Word || letters < 2 {
            continue;
        }
        let upper = word.to_uppercase();
        if upper == word || upper.chars().count() != word.chars().count() {
            continue;
        }
        let lang = super::words::lang_of(corrector, wi);
        // A short word must be a common one: short junk is often a known
        // abbreviation (`Hg`, `Iv`) by chance.
        if !wi.known || letters <= 3 && !is_common(lang, &wi.folded, SHORT_WORD_MIN_COUNT) {
            continue;
        }
        // A word all in small letters, one of them with a shape of its own
        // (`and`, `of`), is no capitals misread: it was typed so (`FITNESS
        // FOR A PURPOSE or NONINFRINGEMENT`, `SPACE, and`). Only a word of
        // look-alikes (`so`, `сок`) may be capitals read small throughout.
        if !word.chars().any(char::is_uppercase) && lang.has_distinct_small(word) {
            continue;
        }
        // The more of the line is in capitals, the surer the change.
        let confidence = 0.8 + 0.2 * (share - MIN_SHARE) / (1.0 - MIN_SHARE);
        out.push(Change {
            span: t.span.clone(),
            replacement: upper,
            action: corrector.action_for(confidence),
            rule: rule.clone(),
            confidence,
            alternatives: Vec::new(),
        });
    }
}

/// The first word of a numbered point (`1. на станцию`, at a line's start:
/// a number of one or two digits, a full stop, a space) with a capital:
/// where the language's typed points start with one (`list_item_capital`),
/// a known word read in small letters there whose first letter has its
/// capital's shape is that capital misread (`На`).
fn list_item_capital(
    corrector: &Corrector,
    doc: &Document<'_>,
    i: usize,
    wi: &WordInfo,
) -> Option<String> {
    // Most words follow no full stop: that is looked at first.
    if i < 2 || &doc.text[doc.tokens[i - 1].span.clone()] != "." {
        return None;
    }
    let lang = super::words::lang_of(corrector, wi);
    let t = &doc.tokens[i];
    let word = &doc.text[t.span.clone()];
    let first = word.chars().next()?;
    if !lang.list_item_capital
        || t.kind != TokenKind::Word
        || !wi.known
        || !lang.case_ambiguous(first)
        || word.chars().any(char::is_uppercase)
    {
        return None;
    }
    let (number, stop) = (&doc.tokens[i - 2], &doc.tokens[i - 1]);
    let line = doc.token_line[i];
    let at_line_start = i == 2 || doc.token_line[i - 3] != line;
    let digits = &doc.text[number.span.clone()];
    if number.kind != TokenKind::Number
        || digits.len() > 2
        || number.span.end != stop.span.start
        || &doc.text[stop.span.end..t.span.start] != " "
        || doc.token_line[i - 2] != line
        || !at_line_start
    {
        return None;
    }
    let mut out: String = first.to_uppercase().collect();
    out.push_str(&word[first.len_utf8()..]);
    Some(out)
}

/// Parts of a capital and two small letters or more, two parts or more
/// (`PostScript`, `CoreList`, `JavaScript`; not `PoStscript`, `XTerm`,
/// `Postscript`).
fn pascal_case(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|&c| is_alphabetic(c)).collect();
    let Some((first, rest)) = letters.split_first() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let mut parts = vec![1usize];
    for &c in rest {
        if c.is_uppercase() {
            parts.push(1);
        } else if let Some(n) = parts.last_mut() {
            *n += 1;
        }
    }
    parts.len() >= 2 && parts.iter().all(|&n| n >= 3)
}

/// A run of capitals from the first letter, then small letters only, where
/// a capital after the first has a shape of its own (not
/// `case_ambiguous`): `XTerm`, `SHell`, `IMproved` are written so, as
/// program names are; OCR that misreads case reads a capital for a small
/// letter of the same shape (`eXpect`, `КОгда`).
fn leading_capitals(lang: &crate::dict::Language, word: &str) -> bool {
    let mut letters = word.chars().filter(|&c| is_alphabetic(c));
    if !letters.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let (mut distinct, mut small) = (false, false);
    for c in letters {
        if c.is_uppercase() {
            if small {
                return false;
            }
            distinct |= !lang.case_ambiguous(c);
        } else {
            small = true;
        }
    }
    distinct && small
}

/// The known word `t` with its stray capitals made small, if it has some: a
/// capital after the first letter and fewer capitals than small letters
/// after the first. Names keep their spelling (`LibreOffice`), and so do
/// the program and product names of a language that writes them so
/// (`PostScript`, `XTerm`; `pascal_case` in `lang.toml`). The first
/// letter keeps its case, unless the second is a capital too (`ВМесто`,
/// `eXpect`): then the word's case is read as the word rules read a
/// misread word's ([`CaseContext`]).
fn stray_capitals(
    corrector: &Corrector,
    doc: &Document<'_>,
    i: usize,
    wi: &WordInfo,
) -> Option<String> {
    let t = &doc.tokens[i];
    if t.kind != TokenKind::Word || !wi.known {
        return None;
    }
    let word = &doc.text[t.span.clone()];
    // Every known word passes here: count without allocating.
    let mut letters = word.chars().filter(|&c| is_alphabetic(c));
    let first = letters.next()?;
    let (mut upper, mut lower, mut second_upper) = (0, 0, None);
    for c in letters {
        second_upper.get_or_insert(c.is_uppercase());
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let lang = super::words::lang_of(corrector, wi);
    // A word of two letters, a small one and a capital of the small
    // letter's shape, that is a common word in small letters is that word
    // when a word in small letters follows it (`iS intended`, `tO be`): no
    // abbreviation is written so (`mV`, `kB` are rarer, or their capital
    // has a shape of its own), and a word at a line's end may be one of
    // capitals read small.
    let short_misread = upper == 1
        && lower == 0
        && first.is_lowercase()
        && small_word_on_line(doc, i + 1, doc.token_line[i])
        && word
            .chars()
            .rfind(|&c| is_alphabetic(c))
            .is_some_and(|c| lang.case_ambiguous(c))
        && is_common(lang, &wi.folded, SHORT_WORD_MIN_COUNT);
    if short_misread {
        let small = word.to_lowercase();
        return (small.chars().count() == word.chars().count()).then_some(small);
    }
    if upper == 0
        || upper >= lower
        || lang.is_proper(&wi.folded)
        || lang.pascal_case && (pascal_case(word) || leading_capitals(lang, word))
    {
        return None;
    }
    // A capital right after an apostrophe is written so (`o'Clock`,
    // `d'Artagnan`): a word whose stray capitals are all such keeps them.
    let mut prev = first;
    let after_apostrophe = word.chars().skip(1).all(|c| {
        let ok = !c.is_uppercase() || matches!(prev, '\'' | '’');
        prev = c;
        ok
    });
    if after_apostrophe {
        return None;
    }
    // A short rare word in mixed case is more often an abbreviation typed
    // so (`ЧаВо`, "FAQ") than a word with a misread capital.
    if upper + lower < 4 && !is_common(lang, &wi.folded, SHORT_MIXED_MIN_COUNT) {
        return None;
    }
    let small = word.to_lowercase();
    if small.chars().count() != word.chars().count() {
        return None;
    }
    let replacement = if second_upper == Some(true) {
        let case = CaseContext {
            mid_sentence: mid_sentence(doc, i),
            caps_line: false,
            lang,
            doc,
            span: doc.tokens[i].span.clone(),
        };
        case.apply(word, &small)
    } else {
        let mut r = first.to_string();
        r.extend(small.chars().skip(1));
        r
    };
    (replacement != word).then_some(replacement)
}

/// The rest of a word broken at a line end (`сторо-` / `На`, `ar-` /
/// `Chive`) with its first letter made small, when OCR read it as a
/// capital: the first part ends in a small letter, the rest is a capital
/// and small letters, and the whole with a small letter is a known word
/// that is no name (`Mc-` / `Donald` keeps its capital), while the two
/// parts as a compound are not (`Северо-` / `Восточный`, `Anglo-` /
/// `American` keep theirs).
fn broken_capital(
    corrector: &Corrector,
    doc: &Document<'_>,
    i: usize,
    wi: &WordInfo,
) -> Option<String> {
    let start = i.checked_sub(2)?;
    let (a, b) = (&doc.tokens[start], &doc.tokens[i]);
    if !(b.kind == TokenKind::Word && super::boundary::broken_at_line_end(doc, start)) {
        return None;
    }
    let (first, rest) = (&doc.text[a.span.clone()], &doc.text[b.span.clone()]);
    let mut letters = rest.chars().filter(|&c| is_alphabetic(c));
    let capital = letters
        .next()
        .filter(|&c| c.is_uppercase() && rest.starts_with(c))?;
    let mut small_after = false;
    for c in letters {
        if !c.is_lowercase() {
            return None;
        }
        small_after = true;
    }
    let last = first.chars().rev().find(|&c| is_alphabetic(c))?;
    if !small_after || !last.is_lowercase() {
        return None;
    }
    let lower: String = capital.to_lowercase().collect();
    if lower.chars().count() != 1 {
        return None;
    }
    let small = format!("{lower}{}", &rest[capital.len_utf8()..]);
    let lang = super::words::lang_of(corrector, wi);
    let (mut whole, mut compound) = (String::new(), String::new());
    lang.fold(&format!("{first}{small}"), &mut whole);
    lang.fold(&format!("{first}-{small}"), &mut compound);
    (lang.knows(&whole)
        && !lang.is_proper(&whole)
        && !lang.is_proper(&wi.folded)
        && !lang.knows(&compound))
    .then_some(small)
}

/// The one-letter word `t` made small, if it is a common word in capitals
/// between two words in small letters on its line and its capital has the small
/// letter's shape (`С`, `В`, `К`): an initial or a list mark would be
/// followed by a mark (`А.`, `в)`), a name by a capital.
fn capital_one_letter(
    corrector: &Corrector,
    doc: &Document<'_>,
    i: usize,
    wi: &WordInfo,
) -> Option<String> {
    let t = &doc.tokens[i];
    let word = &doc.text[t.span.clone()];
    let mut chars = word.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let lang = super::words::lang_of(corrector, wi);
    if t.kind != TokenKind::Word
        || !c.is_uppercase()
        || !lang.case_ambiguous(c)
        || !is_common(lang, &wi.folded, super::ONE_LETTER_WORD_COUNT)
    {
        return None;
    }
    let small_word = |j: usize| small_word_on_line(doc, j, doc.token_line[i]);
    (i > 0 && small_word(i - 1) && small_word(i + 1)).then(|| word.to_lowercase())
}

/// The known word of token `i` in title case (as typed, or as `case:mixed`
/// makes `ПреПодавателей`: [`Form`]) made small, if it stands inside a
/// sentence where typed pages of its language capitalise almost nothing:
/// its capital has the small letter's shape (`С`, `П`, `Н`), it is common
/// (`capital_inside_count` in the language's `[ranking]`; 0, the default,
/// turns the rule off; a word of the language's `lowercase.tsv`, which is
/// no name and begins none, at `lowercase_count` already: `намерено
/// Привлечь преподавателей`) and no name, and it stands one space (or a comma and
/// a space) after a known word in small letters and one space (or a comma
/// and a space) before a word in small letters (`в Харбине и На линии`, `на
/// Свой бюджет`, `я заявил, Что вопрос`); a word that is no name may also
/// stand before a number (`из них Построено 2`) or beside another such word
/// in title case (`просьбы Немедленно Переданы в`). A word the document writes with a
/// capital elsewhere as often as in small letters keeps it (`Министерства`,
/// `Совета`: the first word of an institution's name), and so do the words
/// the language capitalises by convention (`capital_inside_kept`: `Вас`).
///
/// The neighbour may stand on the line before or after instead, across one
/// line end, when the line that ends there is one of running text that
/// ran to the margin ([`wrapped_lines`]): the typist went on with the same
/// sentence (`снова` / `Нажмите`). A short line is a line of its own (a
/// poem's, a list's, a manual page's option and its description), whose
/// first word may take a capital.
fn capital_inside(
    corrector: &Corrector,
    doc: &Document<'_>,
    info: &[Option<WordInfo>],
    wrapped: &[bool],
    i: usize,
    wi: &WordInfo,
    form: Form<'_>,
) -> Option<String> {
    let t = &doc.tokens[i];
    let lang = super::words::lang_of(corrector, wi);
    let (word, min) = match form {
        Form::Typed => (&doc.text[t.span.clone()], lang.ranking.capital_inside_count),
        Form::Mended(word) => (
            word,
            lang.ranking.capital_inside_count.min(MIXED_INSIDE_COUNT),
        ),
    };
    let mut letters = word.chars().filter(|&c| is_alphabetic(c));
    let first = letters.next()?;
    if min == 0
        || t.kind != TokenKind::Word
        || !wi.known
        || !word.starts_with(first)
        || !first.is_uppercase()
        || !lang.case_ambiguous(first)
        || !letters.all(char::is_lowercase)
        || word.chars().count() < 2
    {
        return None;
    }
    // Whether the word is one no name is or begins with, looked up only
    // where it decides.
    let lowercase = lang.ranking.lowercase_count;
    let never_name = std::cell::LazyCell::new(|| lowercase > 0 && lang.never_name(&wi.folded));
    let common = is_common(lang, &wi.folded, min)
        || *never_name && is_common(lang, &wi.folded, min.min(lowercase));
    if !common
        || lang.is_proper(&wi.folded)
        || lang.names.contains_key(&wi.folded)
        || lang.capital_inside_kept.contains(&wi.folded)
    {
        return None;
    }
    // Tokens `a` and `b` (`b` after `a`) are one word apart in running
    // text: one space on a line, or one line end after a wrapped line.
    let apart = |a: usize, b: usize| {
        let gap = &doc.text[doc.tokens[a].span.end..doc.tokens[b].span.start];
        let (la, lb) = (doc.token_line[a], doc.token_line[b]);
        if la == lb {
            gap == " "
        } else {
            lb == la + 1
                && wrapped[la as usize]
                && doc.lines[la as usize].page == doc.lines[lb as usize].page
                && gap.chars().all(|c| c == ' ' || c == '\n' || c == '\r')
        }
    };
    // Beside a word that is no name, a word that is none either may stand
    // in title case too (`просьбы Будут Немедленно доведены`).
    let never_name_title = |j: usize| {
        let text = &doc.text[doc.tokens[j].span.clone()];
        let mut letters = text.chars();
        letters.next().is_some_and(char::is_uppercase)
            && letters.all(char::is_lowercase)
            && *never_name
            && info[j]
                .as_ref()
                .is_some_and(|w| w.known && lang.never_name(&w.folded))
    };
    let small_word = |j: usize| small_word(doc, j) || j < doc.tokens.len() && never_name_title(j);
    // A comma glued to the word before may stand between them too (`я
    // заявил, Что вопрос`): a clause after a comma starts small.
    let (before, space_from) = match i.checked_sub(1)? {
        b if b > 0
            && &doc.text[doc.tokens[b].span.clone()] == ","
            && doc.tokens[b - 1].span.end == doc.tokens[b].span.start =>
        {
            (b - 1, b)
        }
        b => (b, b),
    };
    let known = info[before].as_ref().is_some_and(|w| w.known);
    if !(small_word(before) && known && apart(space_from, i)) {
        return None;
    }
    // A comma glued to the word may stand between it and the next word.
    let after = match doc.tokens.get(i + 1) {
        Some(n) if n.span.start == t.span.end && &doc.text[n.span.clone()] == "," => i + 1,
        _ => i,
    };
    let number = |j: usize| {
        doc.tokens
            .get(j)
            .is_some_and(|n| n.kind == TokenKind::Number)
    };
    if !((small_word(after + 1) || number(after + 1) && *never_name) && apart(after, after + 1)) {
        return None;
    }
    let case = CaseContext {
        mid_sentence: true,
        caps_line: false,
        lang,
        doc,
        span: t.span.clone(),
    };
    let (title, small) = case.stem_cases(&wi.folded);
    if title >= 1 && title >= small {
        return None;
    }
    Some(word.to_lowercase())
}

/// The form of a word `case:capital` reads.
#[derive(Clone, Copy)]
enum Form<'a> {
    /// As the document has it.
    Typed,
    /// As `case:mixed` makes it, its stray capitals made small.
    Mended(&'a str),
}

/// A word `case:mixed` mends must be at least this frequent (one in a
/// million words) for `case:capital` to make it small too.
const MIXED_INSIDE_COUNT: u64 = 1000;

/// Whether a capital inside a sentence of `doc` says little in `lang`:
/// typed pages of the language capitalise almost nothing there (no
/// `capital_inside_evidence` asked for), or the document's OCR shows it
/// misreads case (at least that many [`misread_case_words`]).
pub(super) fn capitals_unreliable(lang: &crate::dict::Language, doc: &Document<'_>) -> bool {
    let min = lang.ranking.capital_inside_evidence;
    min == 0 || lang.ranking.capital_inside_count > 0 && misread_case_words(lang, doc) >= min
}

/// How many different words of the document are known words with
/// capitals after a small first letter, each of `lang`'s small letters'
/// shape, and no more of them than small letters (`theSe`, `iS`; not
/// `iOS`, nor junk such as `nnsW`): words whose case OCR misread.
fn misread_case_words(lang: &crate::dict::Language, doc: &Document<'_>) -> u32 {
    let mut seen = std::collections::HashSet::new();
    for t in doc.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        let word = &doc.text[t.span.clone()];
        let mut letters = word.chars().filter(|&c| is_alphabetic(c));
        if !letters.next().is_some_and(char::is_lowercase) {
            continue;
        }
        let (mut upper, mut lower) = (0, 1);
        let misread = letters.all(|c| {
            upper += usize::from(c.is_uppercase());
            lower += usize::from(c.is_lowercase());
            !c.is_uppercase() || lang.case_ambiguous(c)
        });
        if misread && upper > 0 && upper <= lower && !seen.contains(word) {
            let mut folded = String::new();
            lang.fold(&word.to_lowercase(), &mut folded);
            if lang.lexicon.frequency(&folded).is_some() {
                seen.insert(word);
            }
        }
    }
    seen.len().try_into().unwrap_or(u32::MAX)
}

/// A line of running text reaches this share of the document's width…
const WRAPPED_SHARE: f32 = 0.8;
/// …the length of its longer lines: this quantile of its lines' lengths…
const WIDTH_QUANTILE: f32 = 0.9;
/// …of those of this many characters or more (headings and blank lines
/// aside).
const WIDTH_MIN_CHARS: usize = 20;

/// For each line of the document, whether it is one of running text that
/// ran to the right margin ([`WRAPPED_SHARE`] of the document's width, or
/// more), so the typist went on with its sentence on the next line.
fn wrapped_lines(doc: &Document<'_>) -> Vec<bool> {
    let lengths: Vec<usize> = doc
        .lines
        .iter()
        .map(|l| doc.text[l.span.clone()].trim_end().chars().count())
        .collect();
    let mut long: Vec<usize> = lengths
        .iter()
        .copied()
        .filter(|&n| n >= WIDTH_MIN_CHARS)
        .collect();
    if long.is_empty() {
        return vec![false; lengths.len()];
    }
    long.sort_unstable();
    let at = ((long.len() - 1) as f32 * WIDTH_QUANTILE).round() as usize;
    let width = long[at] as f32;
    lengths
        .iter()
        .map(|&n| n >= WIDTH_MIN_CHARS && n as f32 >= WRAPPED_SHARE * width)
        .collect()
}

/// Whether token `j` is a word without capitals on line `line`.
fn small_word_on_line(doc: &Document<'_>, j: usize, line: u32) -> bool {
    small_word(doc, j) && doc.token_line[j] == line
}

/// Whether token `j` is a word without capitals.
fn small_word(doc: &Document<'_>, j: usize) -> bool {
    doc.tokens.get(j).is_some_and(|n| {
        n.kind == TokenKind::Word && doc.text[n.span.clone()].chars().all(|c| !c.is_uppercase())
    })
}

/// Whether the folded word is at least `min` frequent (counts are frequency
/// × 10⁹).
fn is_common(lang: &crate::dict::Language, folded: &str, min: u64) -> bool {
    lang.lexicon.frequency(folded).is_some_and(|f| f >= min)
}
