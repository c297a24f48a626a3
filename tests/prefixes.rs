//! A productive prefix before a known word makes a word the lexicon need not
//! list (`prefixes` in `lang.toml`), when what follows the prefix is long
//! enough to be that word and not a piece of a misread one.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::Options;

#[test]
fn a_prefix_before_a_known_word_makes_a_word() {
    let c = common::corrector(Options::default());
    let text = "The relicensing of the preprocessor was noncommercial.\n\
                The comittee met yesterday.\n";
    let got = changes(&c, text);
    assert_eq!(
        got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
        ["comittee"],
        "{got:?}"
    );
    let got = changes(&c, "Отряд невозвратившихся солдат.\n");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_prefix_before_a_short_word_is_no_word() {
    // `re` + `grot`: too short a rest to make the prefix rule's word, so
    // the misreading of `regret` is still corrected.
    let c = common::corrector(Options::default());
    let got = changes(&c, "We regrot to inform you of the delay.\n");
    assert!(
        got.iter()
            .any(|g| g.0 == "regrot" && g.1 == "regret" && g.2 == Action::Applied),
        "{got:?}"
    );
}
