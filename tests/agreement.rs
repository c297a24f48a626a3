//! A noun in the wrong case after a preposition and an adjective
//! (`prepositional_agreement` in `lang.toml`): `в Южной Кореи` → `Корее`,
//! suggested.

mod common;

use common::changes;
use corrigenda::change::Action;

fn russian() -> corrigenda::rules::Corrector {
    common::corrector_for("ru")
}

fn suggested(original: &str, replacement: &str) -> (String, String, Action, String) {
    (
        original.into(),
        replacement.into(),
        Action::Suggested,
        "agreement:ru".into(),
    )
}

#[test]
fn a_noun_in_the_genitive_after_a_preposition_and_an_adjective_is_suggested_in_the_prepositional() {
    let ru = russian();
    assert_eq!(
        changes(&ru, "Части, находящиеся в Южной Кореи раздроблены.\n"),
        [suggested("Кореи", "Корее")]
    );
    assert_eq!(
        changes(&ru, "Он доложил о своей работы на заводе.\n"),
        [suggested("работы", "работе")]
    );
}

#[test]
fn a_noun_whose_two_cases_are_one_form_or_another_construction_is_left() {
    let ru = russian();
    for text in [
        // The genitive and the prepositional are one form.
        "Он служил в Советской армии три года.\n",
        "Части находятся в южной части страны.\n",
        // The genitive after a noun, not after the preposition.
        "Бои идут на территории Южной Кореи сейчас.\n",
        // A pronoun, no adjective; a mark between.
        "Мы говорили о ней часы напролет.\n",
        "Он был в Южной, Кореи нет.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
}

#[test]
fn a_layer_can_turn_the_agreement_off() {
    let ru = common::corrector_with_layer(
        "ru",
        &[(
            "ru/lang.toml",
            "code = \"ru\"\nprepositional_agreement = { adjective_endings = [], endings = [] }\n",
        )],
    );
    assert_eq!(
        changes(&ru, "Части, находящиеся в Южной Кореи раздроблены.\n"),
        []
    );
}
