//! A letter the lexicon folds (`ё`) where no spelling of the word has it:
//! OCR read specks above the plain letter (`spelling:<lang>`).

mod common;

use common::{change, changes, corrector_for};
use corrigenda::change::Action;

#[test]
fn a_yo_no_spelling_of_the_word_has_is_a_misread_e() {
    let ru = corrector_for("ru");
    let row = |from: &str, to: &str| change(from, to, Action::Applied, "spelling:ru");
    assert_eq!(
        changes(&ru, "Обещал, что в течёние октября все прибудут.\n"),
        [row("течёние", "течение")]
    );
    // The case of the word is kept.
    assert_eq!(
        changes(&ru, "Черёз неделю прибудут вагоны.\n"),
        [row("Черёз", "Через")]
    );
}

#[test]
fn a_yo_a_spelling_of_the_word_has_stays() {
    let ru = corrector_for("ru");
    // Spelled so (`ещё`, `введённая`), typed plain (`еще`), or a word too
    // short to say which it is (`нё` may be `не` or `на`).
    for text in [
        "Он ещё не прибыл, её письмо введённая мера.\n",
        "Он еще не прибыл.\n",
        "Вагоны нё прибыли.\n",
    ] {
        let got = changes(&ru, text);
        assert!(got.iter().all(|c| c.3 != "spelling:ru"), "{text}: {got:?}");
    }
    // English has no list of such spellings: its folded apostrophe is no
    // letter misread.
    let en = corrector_for("en");
    let got = changes(&en, "The reader’s copy.\n");
    assert!(got.iter().all(|c| !c.3.starts_with("spelling")), "{got:?}");
}
