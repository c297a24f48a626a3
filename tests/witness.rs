//! A translation in the same document as a witness (`[witness]` in
//! `dictionaries/ru/lang.toml`).

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::Options;

/// An English translation of the Russian sentences below, long enough to
/// count as one (20 different words of six letters or more).
const TRANSLATION: &str = "The delegation discussed in detail the questions of \
electrification of the railways and the deliveries of equipment. The Chinese \
government requested additional specialists, technical documentation and \
assistance with construction of several important industrial enterprises in \
the northeastern provinces. Representatives of both ministries considered \
these proposals favourably and promised immediate consideration. Motorized \
units were mentioned.\n";

fn with_translation(russian: &str) -> String {
    format!("{russian}\n{TRANSLATION}")
}

#[test]
fn a_merged_word_garbled_past_search_is_proposed_from_the_translation() {
    let c = common::corrector(Options::default());
    // `вопросы` + `электрификации`, merged with the `э` lost and `и` read as
    // `е`: two edits from the second word, too far for the search alone.
    let russian = "Делегация подробно обсудила вопросылектрифекации железных дорог.\n";
    assert_eq!(changes(&c, russian), []);
    assert_eq!(
        changes(&c, &with_translation(russian)),
        [(
            "вопросылектрифекации".to_string(),
            "вопросы электрификации".to_string(),
            Action::Suggested,
            "witness:ru".to_string()
        )]
    );
}

#[test]
fn a_witnessed_candidate_makes_a_suggestion_sure() {
    let c = common::corrector(Options::default());
    let russian = "Наши войска сказали, что мотарные части были там.\n";
    let alone = changes(&c, russian);
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0].1, "моторные");
    assert_eq!(alone[0].2, Action::Suggested);
    // `Motorized` in the translation witnesses `мотор…`.
    let witnessed = changes(&c, &with_translation(russian));
    assert_eq!(
        witnessed,
        [(
            "мотарные".to_string(),
            "моторные".to_string(),
            Action::Applied,
            "witness:ru".to_string()
        )]
    );
}

#[test]
fn a_few_foreign_words_are_no_translation() {
    let c = common::corrector(Options::default());
    // Under 20 different English words of six letters: no witness.
    let text = "Наши войска сказали, что мотарные части были там.\n\
                Motorized units, railways, delegation.\n";
    let got = changes(&c, text);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].3, "lexicon:ru");
    assert_eq!(got[0].2, Action::Suggested);
}
