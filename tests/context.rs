//! The neighbouring words as evidence: word pairs print sets together
//! (`bigrams.tsv.gz`) make a correction that fits its neighbours surer.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::dict::Dictionaries;
use corrigenda::rules::{LangChoice, Options};

fn english(text: &str) -> Vec<(String, String, Action, String)> {
    let en = common::corrector(Options {
        lang: LangChoice::Code("en".into()),
        ..Options::default()
    });
    changes(&en, text)
}

/// The changes with English `[ranking]` set as `setting`.
fn english_with(setting: &str, text: &str) -> Vec<(String, String, Action, String)> {
    let toml = format!("code = \"en\"\n[ranking]\n{setting}\n");
    let en = common::corrector_with_layer("en", &[("en/lang.toml", &toml)]);
    changes(&en, text)
}

#[test]
fn the_built_in_word_pairs_say_how_far_above_chance_a_pair_stands() {
    let dicts = Dictionaries::builtin().unwrap();
    let en = dicts.languages().iter().find(|l| l.code == "en").unwrap();
    let ratio = |a, b| en.bigram_ratio(a, b);
    assert!(ratio("intend", "to").unwrap() > 1000.0);
    assert!(ratio("to", "arrive").unwrap() > 100.0);
    // `and` goes before any word: the pair is listed, near chance.
    assert!(ratio("and", "spare").unwrap() < 100.0);
    assert_eq!(ratio("intend", "zebra"), None);
    assert_eq!(ratio("to", "intend"), None);
    // The list has no possessives (`the answer's`).
    assert_eq!(ratio("the", "answer's"), None);
    let ru = dicts.languages().iter().find(|l| l.code == "ru").unwrap();
    assert_eq!(ru.bigram_ratio("для", "того"), None);
}

#[test]
fn a_correction_that_fits_its_neighbour_is_surer() {
    let text = "We intond to raise the question again at the next meeting.\n";
    let intend = |action| {
        (
            "intond".to_string(),
            "intend".to_string(),
            action,
            "lexicon:en".to_string(),
        )
    };
    // `intend to` stands far above chance: applied…
    assert_eq!(english(text), [intend(Action::Applied)]);
    // …while the spelling alone leaves `inland`, `intoned` and `intone`
    // close rivals: only suggested.
    assert_eq!(
        english_with("bigram_bonus = 0.0", text),
        [intend(Action::Suggested)]
    );
}

#[test]
fn a_pair_with_a_word_that_goes_with_any_word_is_no_evidence() {
    // `sparc`, a processor's name the lexicon lacks, is no `spare`: `and
    // spare` is a listed pair, but `and` stands before any word.
    let text = "The port supports the s390 and sparc architectures.\n";
    let applied = |changes: Vec<(String, String, Action, String)>| {
        changes
            .into_iter()
            .filter(|c| c.2 == Action::Applied)
            .map(|c| c.1)
            .collect::<Vec<_>>()
    };
    assert_eq!(applied(english(text)), Vec::<String>::new());
    assert_eq!(
        applied(english_with("bigram_min_ratio = 0.0", text)),
        ["spare"]
    );
}

#[test]
fn a_layer_adds_word_pairs_for_a_language_without_them() {
    // Russian has no built-in pairs; a collection's own (here `для
    // переговоров`, far above chance) make `пля` → `для` sure beside it.
    let text = "Он приехал в Москву пля переговоров о торговле.\n";
    let dla = |action| {
        vec![(
            "пля".to_string(),
            "для".to_string(),
            action,
            "lexicon:ru".to_string(),
        )]
    };
    let lang = "code = \"ru\"\n[ranking]\nbigram_bonus = 0.25\n";
    let pairs = "first\tsecond\tfrequency\tnote\nдля\tпереговоров\t50000\tseen 12 times\n";
    let with =
        common::corrector_with_layer("ru", &[("ru/lang.toml", lang), ("ru/bigrams.tsv", pairs)]);
    assert_eq!(changes(&with, text), dla(Action::Applied));
    let without = common::corrector_with_layer("ru", &[("ru/lang.toml", lang)]);
    assert_eq!(changes(&without, text), dla(Action::Suggested));
}

#[test]
fn a_bad_word_pair_is_refused_with_its_file_and_line() {
    let err = common::layer_error(&[(
        "ru/bigrams.tsv",
        "first\tsecond\tfrequency\tnote\nдля\tпереговоров\tmany\t\n",
    )]);
    assert!(err.contains("bigrams.tsv:2:"), "{err}");
    assert!(err.contains("bad frequency"), "{err}");
}
