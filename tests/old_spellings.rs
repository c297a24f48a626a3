//! A document in the spelling of early modern English print, or of Russian
//! before the reform of 1918, keeps its spellings: corrections that only
//! make its words modern are suggested.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::{LangChoice, Options};

fn english() -> corrigenda::rules::Corrector {
    common::corrector(Options {
        lang: LangChoice::Code("en".into()),
        ..Options::default()
    })
}

/// (original, replacement, action) of each change.
fn found(text: &str) -> Vec<(String, String, Action)> {
    changes(&english(), text)
        .into_iter()
        .map(|c| (c.0, c.1, c.2))
        .collect()
}

fn one(original: &str, replacement: &str, action: Action) -> (String, String, Action) {
    (original.into(), replacement.into(), action)
}

#[test]
fn two_words_of_two_old_spellings_make_an_old_document() {
    // `i` for `j` and `ey` for `y`: the document is spelled so.
    assert_eq!(
        found("He made his iourney into the countrey with great care.\n"),
        [
            one("iourney", "journey", Action::Suggested),
            one("countrey", "country", Action::Suggested)
        ]
    );
    // One such word is no spelling system yet.
    assert_eq!(
        found("He made his iourney into the town with great care.\n"),
        [one("iourney", "journey", Action::Applied)]
    );
}

#[test]
fn a_word_of_the_old_spelling_corrected_to_another_word_is_held_back_too() {
    // `controversie` is `controversy` so spelled; the nearest word by the
    // edit, `controversies`, is no reason to change it in a document
    // written in that spelling.
    assert_eq!(
        found("He made his iourney into the countrey after a great controversie of the time.\n"),
        [
            one("iourney", "journey", Action::Suggested),
            one("countrey", "country", Action::Suggested),
            one("controversie", "controversies", Action::Suggested)
        ]
    );
}

#[test]
fn one_confusion_repeated_is_ocr_not_a_spelling() {
    // `u` read for `v` three times uses one rewrite only.
    let got = found("The seruice of the gouernment was giuen to the people.\n");
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|g| g.2 == Action::Applied), "{got:?}");
}

#[test]
fn a_layer_can_turn_the_old_spellings_off() {
    let toml = "code = \"en\"\n[old_spellings]\nmin_words = 2\nmin_rules = 2\nrules = []\n";
    let c = common::corrector_with_layer("en", &[("en/lang.toml", toml)]);
    let got = changes(
        &c,
        "He made his iourney into the countrey with great care.\n",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|g| g.2 == Action::Applied), "{got:?}");
}

#[test]
fn a_past_form_elided_as_print_did_is_a_word() {
    // `word_forms` in en/lang.toml: the apostrophe of `contain’d` is the
    // printer's, not a misread `e`.
    assert_eq!(
        found("It was contain’d in the letter, and he call'd it so.\n"),
        []
    );
}

#[test]
fn letters_elided_as_print_and_verse_did_leave_a_word() {
    // `elisions` in en/lang.toml: `o'er`, `shou'd`, `heav'n` are the
    // printer's, not misread letters…
    assert_eq!(
        found("The waves o'erwhelming the ship, he shou'd have known what heav'n sent.\n"),
        []
    );
    // …while a letter OCR read as an apostrophe is still corrected.
    let got = found("The water of the r'ver ran over the stones of the old bridge.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("r'ver", "river"));
}

#[test]
fn russian_of_the_old_orthography_keeps_its_spelling() {
    let ru = common::corrector(Options::default());
    // `ѣ`, `і` and a final `ъ` (`old_spellings` in ru/lang.toml): the
    // corrections that only make such words modern are suggested…
    let text = "Въ 1912 году было рѣшено построить новую желѣзную дорогу отъ Москвы.\n\
                Министерство путей сообщенія представило смѣту, и Совѣтъ утвердилъ ее.\n";
    let got = changes(&ru, text);
    assert!(got.iter().any(|g| g.0 == "рѣшено"), "{got:?}");
    assert!(got.iter().all(|g| g.2 != Action::Applied), "{got:?}");
    // …while one rewrite alone (`ѣ`, OCR's reading of `е` here) is no
    // spelling: its corrections keep their confidence.
    let text =
        "Было рѣшено построить новую дорогу до Казани. Работы начались весною и шли успѣшно.\n";
    let got = changes(&ru, text);
    let well: Vec<_> = got.iter().filter(|g| g.0 == "успѣшно").collect();
    assert_eq!(well.len(), 1, "{got:?}");
    assert_eq!(
        (well[0].1.as_str(), well[0].2),
        ("успешно", Action::Applied)
    );
}
