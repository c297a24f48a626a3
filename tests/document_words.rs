//! A word garbled past the lexicon search's bound is read far among the
//! document's own words (`document_far_cost` in `[ranking]`): a heavy carbon
//! copy garbles a page's term a different way each time, and the page
//! writes it right elsewhere.

mod common;

use corrigenda::change::Action;

use common::{changes, corrector_for as corrector, corrector_with_layer};

/// A page whose term (`специалистов`, twice) OCR garbles once more.
const PAGE: &str = "В Мукден прибыли 20 советских специалистов по металлургии.\n\
                    Работа советских специалистов начата.\n";

#[test]
fn a_word_nothing_else_explains_is_read_as_a_word_of_the_page() {
    let ru = corrector("ru");
    let text = format!("{PAGE}Группа споцзалнстов осмотрела завод.\n");
    assert_eq!(
        changes(&ru, &text),
        [(
            "споцзалнстов".to_string(),
            "специалистов".to_string(),
            Action::Applied,
            "document-word:ru".to_string()
        )]
    );
}

#[test]
fn without_the_word_on_the_page_twice_it_is_left() {
    let ru = corrector("ru");
    assert_eq!(changes(&ru, "Группа споцзалнстов осмотрела завод.\n"), []);
    let once = "В Мукден прибыли 20 советских специалистов.\n\
                Группа споцзалнстов осмотрела завод.\n";
    assert_eq!(changes(&ru, once), []);
}

#[test]
fn a_word_the_page_writes_so_twice_is_a_term_of_its_own() {
    let ru = corrector("ru");
    let text =
        format!("{PAGE}Группа споцзалнстов осмотрела завод.\nДругая группа споцзалнстов уехала.\n");
    assert_eq!(changes(&ru, &text), []);
}

#[test]
fn a_word_with_capitals_inside_or_a_capital_of_its_own_shape_is_left() {
    let ru = corrector("ru");
    for word in ["споцзаЛнстов", "Употзалнстов"] {
        let text = format!("{PAGE}Группа {word} осмотрела завод.\n");
        assert_eq!(changes(&ru, &text), [], "{word}");
    }
}

#[test]
fn english_is_left_off_and_a_layer_turns_it_on_or_off() {
    // Manual pages make words of words: `debuginfo` is no `debugging`.
    let text = "Install the debugging tools first.\nThe debugging tools help.\n\
                Then run debuginfo on the binary.\n";
    assert_eq!(changes(&corrector("en"), text), []);
    let en = corrector_with_layer(
        "en",
        &[(
            "en/lang.toml",
            "code = \"en\"\n[ranking]\ndocument_far_cost = 0.35\n",
        )],
    );
    assert_eq!(
        changes(&en, text),
        [(
            "debuginfo".to_string(),
            "debugging".to_string(),
            Action::Applied,
            "document-word:en".to_string()
        )]
    );
    let ru = corrector_with_layer(
        "ru",
        &[(
            "ru/lang.toml",
            "code = \"ru\"\n[ranking]\ndocument_far_cost = 0\n",
        )],
    );
    let text = format!("{PAGE}Группа споцзалнстов осмотрела завод.\n");
    assert_eq!(changes(&ru, &text), []);
}
