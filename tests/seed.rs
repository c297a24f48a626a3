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
    changes_in(&seed(), action)
}

/// (original, replacement, rule) of the changes with `action` in `text`.
fn changes_in(text: &str, action: Action) -> Vec<(String, String, String)> {
    let corrector = Corrector::new(Dictionaries::builtin().unwrap(), Options::default()).unwrap();
    let out = corrector.correct_text(text, &mut Cache::default());
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
            // "The enemy, having seized Incheon": instrumental of Инчон
            // (овладеть чем); its rival Инчоне is the prepositional case,
            // which stands only after a preposition (`prepositional_after`
            // in ru/lang.toml, `case` in names.tsv).
            row("Инчонем", "Инчоном", "lexicon:ru"),
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
        // "Moscow - the Kremlin", typed letter-spaced.
        row("М о с к в а", "Москва", "boundary:letter-spaced"),
        row("К р е м л ь", "Кремль", "boundary:letter-spaced"),
        // "добро-" / "вольных" and "вышеизложен-" / "ного".
        row("-\n", "", "boundary:dehyphenate"),
        // "in South Korea": the prepositional case after "в Южной".
        row("Кореи", "Корее", "agreement:ru"),
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

/// The document as the archive published it (`../shared/seed/`, not
/// shipped: the translation is the archive's), or `None` (with a note) when
/// it is not there.
fn published() -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seed/000_847410b4cc360d6d.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("note: {} not found, skipping", path.display());
            None
        }
    }
}

#[test]
fn the_translation_witnesses_the_original() {
    let Some(text) = published() else { return };
    // The witness makes no applied change here: the applied changes are
    // those made without it (a `[witness]` that no document satisfies)…
    let applied = changes_in(&text, Action::Applied);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ru")).unwrap();
    std::fs::write(
        dir.path().join("ru/lang.toml"),
        "code = \"ru\"\n[witness]\nlanguage = \"en\"\nmin_letters = 6\n\
         min_words = 1000000\nprefix = 5\ncost_per_letter = 0.35\nbonus = 0.5\n\
         transliteration = {}\n",
    )
    .unwrap();
    let mut dicts = Dictionaries::builtin().unwrap();
    dicts.add_dir(dir.path()).unwrap();
    let without = Corrector::new(dicts, Options::default()).unwrap();
    let out = without.correct_text(&text, &mut Cache::default());
    let applied_without: Vec<_> = out
        .changes
        .iter()
        .filter(|c| c.action == Action::Applied)
        .map(|c| {
            (
                text[c.span.clone()].to_string(),
                c.replacement.clone(),
                c.rule.to_string(),
            )
        })
        .collect();
    assert_eq!(applied, applied_without);
    // And they are those made on the Russian text alone: the archive's
    // front matter before it and the translation after it are no part of its
    // head or tail lines, and the document is Russian, however long the
    // translation.
    assert_eq!(applied, changes(Action::Applied));
    let suggested = changes_in(&text, Action::Suggested);
    // "At the fronts motorized units": `фронтах` + `моторизованные`, merged
    // with the `м` lost: too far for the search alone.
    let expected = row("фронтахоторезанные", "фронтах моторизованные", "witness:ru");
    assert!(
        suggested.contains(&expected),
        "{expected:?} not in {suggested:#?}"
    );
}
