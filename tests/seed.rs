//! The seed document: the archive's OCR of cipher telegram No. 600308
//! (30 September 1950). Its English translation is the witness for what the
//! Russian says; every applied change is listed here and checked, so a rule
//! that starts changing a correct word fails this test.

use corrigenda::change::Action;
use corrigenda::dict::Dictionaries;
use corrigenda::rules::{Cache, Corrector, Options};

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/ru_seed-cable-600308.txt"
    );
    std::fs::read_to_string(path).expect("the seed sample")
}

/// (original, replacement, rule) of the changes with `action`.
fn changes(action: Action) -> Vec<(String, String, String)> {
    let text = seed();
    let corrector = Corrector::new(Dictionaries::builtin().unwrap(), Options::default()).unwrap();
    let out = corrector.correct_text(&text, &mut Cache::default());
    out.changes
        .iter()
        .filter(|c| c.action == action)
        .map(|c| {
            (
                text[c.span.clone()].to_string(),
                c.replacement.clone(),
                c.rule.to_string(),
            )
        })
        .collect()
}

fn row(original: &str, replacement: &str, rule: &str) -> (String, String, String) {
    (original.into(), replacement.into(), rule.into())
}

#[test]
fn every_applied_change_is_right() {
    assert_eq!(
        changes(Action::Applied),
        [
            // "Из ПУХЕНЬНА": the translation has "from PYONGYANG".
            row("ПУХЕНЬНА", "ПХЕНЬЯНА", "misreadings:ru"),
            // The addressee: "to Cde. GROMYKO".
            row("ГРОМЬКО", "ГРОМЫКО", "misreadings:ru"),
            // The sender: "SHTYKOV".
            row("ШТЯКОВ", "ШТЫКОВ", "misreadings:ru"),
            // The registry stamp "1/Е 1950": "[stamp: Incoming N° 3561/shs
            // of 1 October 1950]", the month in Roman numerals.
            row("Е", "X", "header:ru/cipher-registry-stamp:month"),
            // The distribution list: "Copy N° 9 to Cde. Gromyko".
            row("ГРОМЬКО", "ГРОМЫКО", "misreadings:ru"),
            // "fighting heroically".
            row("георически", "героически", "lexicon:ru"),
            // "destroying railroads and highways".
            row("шосейные", "шоссейные", "lexicon:ru"),
            // "Продолжение ШИФРОВКИ № 600308/в": every other sheet has /ш
            // ("CABLE N° 600308/sh").
            row("в", "ш", "consistency:doc-number"),
            // "Concerning this, we think": one word, not "по этому".
            row("По этому", "Поэтому", "boundary:join"),
        ]
    );
}

#[test]
fn plausible_fixes_are_proposed() {
    let suggested = changes(Action::Suggested);
    for expected in [
        // "The enemy seized Incheon": instrumental of Инчон.
        row("Инчонем", "Инчоном", "lexicon:ru"),
        // "Moscow - the Kremlin", typed letter-spaced.
        row("М о с к в а", "Москва", "boundary:letter-spaced"),
        row("К р е м л ь", "Кремль", "boundary:letter-spaced"),
        // "добро-" / "вольных" and "вышеизложен-" / "ного".
        row("-\n", "", "boundary:dehyphenate"),
    ] {
        assert!(
            suggested.contains(&expected),
            "{expected:?} not in {suggested:#?}"
        );
    }
    let dehyphenations = suggested
        .iter()
        .filter(|r| r.2 == "boundary:dehyphenate")
        .count();
    assert_eq!(dehyphenations, 2);
}
