//! A word a document keeps writing the same way, and never (or far less
//! often) as the word a correction would make of it, is a term of the
//! document (a command, a place) more often than the same misreading every
//! time: its correction is only suggested, unless the document's own
//! confusions explain it. So is the join of a pair of words the document
//! keeps writing apart, or of a word the lexicon lacks that it keeps
//! writing.

mod common;

use corrigenda::change::Action;
use corrigenda::rules::{Cache, Corrector};

use common::corrector_for as corrector;

/// (replacement, action, confidence) of each change of exactly `original`
/// (a word, or a pair a join takes) in `text`.
fn changes_of(c: &Corrector, text: &str, word: &str) -> Vec<(String, Action, f32)> {
    c.correct_text(text, &mut Cache::default())
        .changes
        .iter()
        .filter(|ch| &text[ch.span.clone()] == word)
        .map(|ch| (ch.replacement.clone(), ch.action, ch.confidence))
        .collect()
}

const MANUAL: &str = "The passwd file lists the accounts.\n\
                      Edit passwd with vipw, never by hand.\n\
                      A copy of passwd is kept.\n";

#[test]
fn a_word_written_three_times_and_never_as_its_correction_is_only_suggested() {
    let c = corrector("en");
    let found = changes_of(&c, MANUAL, "passwd");
    assert_eq!(found.len(), 3, "{found:?}");
    for (replacement, action, confidence) in found {
        assert_eq!(replacement, "passed");
        assert_eq!(action, Action::Suggested);
        assert!(confidence <= 0.5, "{confidence}");
    }
}

#[test]
fn a_document_that_writes_the_correction_elsewhere_keeps_it_applied() {
    // Here `passed` is on the page too, at least half as often: `passwd`
    // may be it misread.
    let c = corrector("en");
    let text = format!("{MANUAL}The test was passed.\nThe second one passed too.\n");
    let found = changes_of(&c, &text, "passwd");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|f| f.1 == Action::Applied), "{found:?}");
}

#[test]
fn a_word_written_far_more_often_than_its_correction_is_the_documents_own() {
    // `passwd` three times, `passed` once: the page's term (as `chage`,
    // 15 times against `change` 8, in the chage(1) manual page)…
    let c = corrector("en");
    let text = format!("{MANUAL}The test was passed.\n");
    let found = changes_of(&c, &text, "passwd");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|f| f.1 == Action::Suggested), "{found:?}");
    // …unless a confusion of the type explains it: `aro` for `are`, `e`
    // read as `o` (confusions.tsv), is a misreading however often.
    let text = "They aro here.\nThe men aro ready.\nThe guns aro loaded.\nWe are done.\n";
    let found = changes_of(&c, text, "aro");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|f| f.0 == "are" && f.1 == Action::Applied),
        "{found:?}"
    );
}

#[test]
fn a_word_seen_twice_is_no_term_yet() {
    let c = corrector("en");
    let text = "The passwd file lists the accounts.\nEdit passwd with vipw, never by hand.\n";
    let found = changes_of(&c, text, "passwd");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.1 == Action::Applied), "{found:?}");
}

/// `д` read as `л` in three other words, corrected with confidence.
const EVIDENCE: &str = "Оборулование прелназначенных нахолится в ведении управления.\n";
/// A word with the same confusion, three times, never written right.
const WORDS: &str = "Прошу освободить помещения склалов к сроку. Охрана склалов усилена. \
                     Ремонт склалов начат.\n";

#[test]
fn the_documents_own_confusion_still_corrects_a_recurring_misreading() {
    let c = corrector("ru");
    let alone = changes_of(&c, WORDS, "склалов");
    assert_eq!(alone.len(), 3, "{alone:?}");
    assert!(alone
        .iter()
        .all(|f| f.0 == "складов" && f.1 == Action::Suggested && f.2 <= 0.5));
    let with = changes_of(&c, &format!("{EVIDENCE}{WORDS}"), "склалов");
    assert_eq!(with.len(), 3, "{with:?}");
    assert!(
        with.iter()
            .all(|f| f.0 == "складов" && f.1 == Action::Applied),
        "{with:?}"
    );
}

const CODE: &str = "Pass a pointer to a function with const arg here.\n\
                    The compiler warns about const arg there.\n";

#[test]
fn a_pair_written_three_times_and_never_joined_is_the_documents_own() {
    let c = corrector("en");
    // Twice is no habit of the document's yet (and `constant` split and
    // misread is what the join makes of it).
    let twice = changes_of(&c, CODE, "const arg");
    assert_eq!(twice.len(), 2, "{twice:?}");
    assert!(
        twice
            .iter()
            .all(|j| j.0 == "constant" && j.1 == Action::Applied),
        "{twice:?}"
    );
    let thrice = format!("{CODE}Never cast away const arg again.\n");
    let found = changes_of(&c, &thrice, "const arg");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found
            .iter()
            .all(|j| j.0 == "constant" && j.1 == Action::Suggested && j.2 <= 0.5),
        "{found:?}"
    );
    // A page that writes the joined word too may have it split by OCR.
    let joined = format!("{thrice}Keep the value constant.\n");
    let found = changes_of(&c, &joined, "const arg");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found
            .iter()
            .all(|j| j.0 == "constant" && j.1 == Action::Applied),
        "{found:?}"
    );
}

#[test]
fn a_word_the_lexicon_lacks_written_three_times_is_no_piece_of_a_split_word() {
    let c = corrector("en");
    let once = "The compiler warns about const arg there.\n";
    // `const` twice: the join is made.
    let twice = format!("Pass a const pointer here.\n{once}");
    let found = changes_of(&c, &twice, "const arg");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, Action::Applied, "{found:?}");
    // Three times, whatever follows it: a term of the page, and the join
    // is only suggested.
    let thrice = format!("Pass a const pointer here.\nA const value stays.\n{once}");
    let found = changes_of(&c, &thrice, "const arg");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0 == "constant" && found[0].1 == Action::Suggested && found[0].2 <= 0.5,
        "{found:?}"
    );
    // A piece that makes a word with its neighbour somewhere on the page is
    // a piece of split words, however often it comes.
    let pieces = "The apart ment was let.\nHis disappoint ment showed.\n\
                  The establish ment of the school.\n";
    for (split, word) in [
        ("apart ment", "apartment"),
        ("disappoint ment", "disappointment"),
        ("establish ment", "establishment"),
    ] {
        let found = changes_of(&c, pieces, split);
        assert_eq!(found.len(), 1, "{split}: {found:?}");
        assert_eq!((found[0].0.as_str(), found[0].1), (word, Action::Applied));
    }
}

#[test]
fn a_mark_read_for_the_missing_letter_shows_a_misreading() {
    // `t` read as `:` three times: the mark the correction takes for the
    // letter is no part of a term.
    let c = corrector("en");
    let text = "The projec: was founded in 1993.\n\
                Each projec: has its own list.\n\
                Ask the projec: leader.\n";
    let found = changes_of(&c, text, "projec:");
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|f| f.0 == "project" && f.2 > 0.5),
        "{found:?}"
    );
}
