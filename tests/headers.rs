//! Header lines of known document types and the whole-document pass
//! (`header:<lang>/…`, `consistency:…`): the seed telegram, small fixtures
//! under `tests/data/headers/`, and a document type added as data only.

mod common;

use std::path::PathBuf;

use corrigenda::change::{Action, Change};
use corrigenda::dict::Dictionaries;
use corrigenda::rules::header::{Piece, SlotKind};
use corrigenda::rules::{Cache, Correction, Corrector, Options};

fn data(name: &str) -> PathBuf {
    common::root().join("tests/data/headers").join(name)
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).expect("fixture exists")
}

fn correct(text: &str, dicts: &[PathBuf]) -> Correction {
    let corrector = Corrector::new(Dictionaries::load(dicts).unwrap(), Options::default()).unwrap();
    corrector.correct_text(text, &mut Cache::default())
}

fn is_ours(c: &Change) -> bool {
    c.rule.starts_with("header:") || c.rule.starts_with("consistency:")
}

/// (original, replacement, rule) of our changes with `action`.
fn ours(text: &str, out: &Correction, action: Action) -> Vec<(String, String, String)> {
    out.changes
        .iter()
        .filter(|c| is_ours(c) && c.action == action)
        .map(|c| {
            (
                text[c.span.clone()].to_string(),
                c.replacement.clone(),
                c.rule.to_string(),
            )
        })
        .collect()
}

fn row(o: &str, r: &str, rule: &str) -> (String, String, String) {
    (o.into(), r.into(), rule.into())
}

fn line_of(text: &str, c: &Change) -> String {
    let start = text[..c.span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[c.span.end..]
        .find('\n')
        .map_or(text.len(), |i| c.span.end + i);
    text[start..end].to_string()
}

#[test]
fn seed_cable_headers() {
    let text = read(&common::root().join("samples/ru_seed-cable-600308.txt"));
    let out = correct(&text, &[]);
    // Applied: the outvoted suffix and the Roman month that the dates
    // confirm (1.10.50: "Incoming … of 1 October 1950"); nothing else.
    assert_eq!(
        ours(&text, &out, Action::Applied),
        [
            row("Е", "X", "header:ru/cipher-registry-stamp:month"),
            row("в", "ш", "consistency:doc-number"),
        ]
    );
    let suffix = out
        .changes
        .iter()
        .find(|c| c.rule.as_ref() == "consistency:doc-number")
        .unwrap();
    assert_eq!(line_of(&text, suffix), "Продолжение ШИФРОВКИ № 600308/в");
    // The invented bank in the addressee's place: flagged, and the
    // ministry the translation shows is suggested at a low confidence.
    let bank = "ИНВЕСТИЦИОННО-ПРОМЫСЛОВЫЙ БАНК";
    let rule = "header:ru/cipher-addressee:ministry";
    let at_bank: Vec<&Change> = out
        .changes
        .iter()
        .filter(|c| &text[c.span.clone()] == bank)
        .collect();
    assert!(at_bank.iter().any(|c| c.action == Action::Flagged
        && c.rule.as_ref() == rule
        && c.replacement.is_empty()));
    let suggested = at_bank
        .iter()
        .find(|c| c.action == Action::Suggested)
        .expect("a suggestion for the bank line");
    assert_eq!(suggested.replacement, "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ");
    assert_eq!(suggested.rule.as_ref(), rule);
    assert!(suggested.confidence < 0.5);
    // Page 3 is missing: flagged where the gap shows.
    assert_eq!(
        ours(&text, &out, Action::Flagged),
        [
            row(bank, "", rule),
            row("Лист № 4", "", "consistency:page-sequence"),
        ]
    );
    // The misreading entry still gives the city its name.
    assert!(out.output.contains("Из ПХЕНЬЯНА Подана 30.9.50"));
    assert!(out.output.contains("Вх. № 3561/шг 1/X 1950 г."));
}

#[test]
fn an_archive_export_is_corrected_as_the_document_it_holds() {
    // An archive's export: front matter in English before the Russian
    // original, a longer English translation after it.
    let russian = read(&common::root().join("samples/ru_seed-cable-600308.txt"));
    let front = "Wilson\nCenter\n\nDigital Archive\nInternational History Declassified\n\n\
                 digitalarchive.example.org\n\nSeptember 30, 1950\n\n\
                 Cable transmitting a letter\n\nCitation:\n\nA cable, September 30, 1950\n\n\
                 Summary:\n\nA telegram on the losses of the war.\n\nCredits:\n\n\
                 Made possible with support from a foundation\n\nOriginal Language:\n\n\
                 Russian\n\nContents:\n\nOriginal Scan\nTranslation - English\n\n";
    let paragraph = "The delegation discussed in detail the questions of \
                     electrification of the railways and the deliveries of equipment. \
                     The government requested additional specialists, technical \
                     documentation and assistance with construction of several important \
                     industrial enterprises in the northeastern provinces.\n\n";
    let translation = paragraph.repeat(20);
    let text = format!("{front}{russian}\n{translation}");
    let out = correct(&text, &[]);
    // Russian, though most letters are English: the translation is the
    // `[witness]` of Russian.
    assert_eq!(out.lang, "ru");
    // The head and tail lines are the Russian text's, as on it alone.
    assert_eq!(
        ours(&text, &out, Action::Applied),
        [
            row("Е", "X", "header:ru/cipher-registry-stamp:month"),
            row("в", "ш", "consistency:doc-number"),
        ]
    );
}

#[test]
fn cipher_pages_with_form_feeds() {
    let text = read(&data("cipher.txt"));
    let out = correct(&text, &[]);
    assert_eq!(
        ours(&text, &out, Action::Applied),
        [
            row("ц", "щ", "header:ru/cipher-no-copies"),
            row("мб", "№ 6", "header:ru/cipher-copy:copy"),
            row("Пз", "Ш", "header:ru/cipher-return"),
            row("л", "д", "header:ru/cipher-origin"),
            row(
                "МИНИСТЕРСТВО ИНОСТРАНННХ ДЕЛ",
                "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ",
                "header:ru/cipher-addressee:ministry"
            ),
            row("Пить", "Лист №", "header:ru/cipher-page"),
            row(
                "кение мороки *",
                "жение ШИФРОВКИ №",
                "header:ru/cipher-continuation"
            ),
            row("", " 3", "consistency:page-sequence"),
            row(
                " ололзение ШИФРОВ ",
                "одолжение ШИФРОВК",
                "header:ru/cipher-continuation"
            ),
            row("в", "ш", "consistency:doc-number"),
            row("ХТ", "XI", "header:ru/cipher-registry-stamp:month"),
        ]
    );
    let pages: Vec<&str> = out.output.split('\u{c}').collect();
    assert!(pages[1].starts_with("Лист № 2\nПродолжение ШИФРОВКИ № 512340/ш\n"));
    assert!(pages[2].starts_with("Лист № 3\nПродолжение ШИФРОВКИ № 512340/ш\n"));
    assert!(out.output.contains("Вх. № 4100/шс 14/XI 1949 г."));
    // The body is left to the other rules.
    assert!(out.output.contains("Текст третьей страницы телеграммы."));
}

#[test]
fn us_incoming_telegram() {
    let text = read(&data("telegram.txt"));
    let out = correct(&text, &[]);
    assert!(out
        .output
        .starts_with("DEPARTMENT OF STATE\nINCOMING TELEGRAM\nSECRET\n"));
    assert!(out.output.contains("\nTO: SECRETARY OF STATE\n"));
    assert!(out.output.contains("\u{c}PAGE TWO OF 2 FROM PUSAN 305\n"));
    // The number read on two lines outvotes nothing here: `3O5` is the
    // look-alike of a digit in a number slot.
    assert!(out
        .output
        .contains("SENT DEPARTMENT 305, REPEATED TOKYO 12."));
    assert!(out
        .changes
        .iter()
        .filter(|c| c.action == Action::Applied && is_ours(c))
        .all(|c| c.confidence >= 0.9));
}

/// A document type is data: `tests/data/headers/order/ru/headers.toml`
/// adds an order (ПРИКАЗ) through `--dict`, and its lines are corrected.
#[test]
fn a_new_document_type_is_a_data_file() {
    let input = data("order.txt");
    let tmp = tempfile::tempdir().unwrap();
    let (with, without) = (tmp.path().join("with"), tmp.path().join("without"));
    let dict = data("order");
    let out = common::corrigenda(&[
        &"run", &input, &"--out", &with, &"--dict", &dict, &"--quiet",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let rows = common::rows(&with.join("corrections.csv"));
    let mine: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .filter(|r| r.rule.starts_with("header:"))
        .map(|r| {
            (
                r.original.as_str(),
                r.replacement.as_str(),
                r.action.as_str(),
                r.rule.as_str(),
            )
        })
        .collect();
    assert_eq!(
        mine,
        [
            ("0З17", "0317", "applied", "header:ru/order-title:ordernum"),
            (
                "МИНИСТРА ВООРУЖЕННЫХ СИЛ СОЮЗА СCР",
                "МИНИСТРА ВООРУЖЕННЫХ СИЛ СОЮЗА ССР",
                "applied",
                "header:ru/order-issuer:issuer"
            ),
            ("c", "с", "applied", "header:ru/order-place"),
        ]
    );
    let fixed = std::fs::read_to_string(with.join("order.txt")).unwrap();
    assert!(fixed
        .starts_with("СЕКРЕТНО\nПРИКАЗ № 0317\nМИНИСТРА ВООРУЖЕННЫХ СИЛ СОЮЗА ССР\nг. Москва\n"));
    // Without the layer no type fits, and no header rule fires.
    let out = common::corrigenda(&[&"run", &input, &"--out", &without, &"--quiet"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let rows = common::rows(&without.join("corrections.csv"));
    assert!(rows.iter().all(|r| !r.rule.starts_with("header:")));
}

#[test]
fn a_bad_template_names_the_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = common::corrigenda(&[
        &"run",
        &data("order.txt"),
        &"--out",
        &tmp.path().join("out"),
        &"--dict",
        &data("bad"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("headers.toml:7: line \"broken-title\": no slot \"number\""),
        "{err}"
    );
}

/// The built-in closed lists are real: every city of the cipher's `Из …`
/// line is a word form the Russian dictionaries know (names.tsv or the
/// lexicon), and each list slot's values are distinct.
#[test]
fn builtin_lists_are_known_forms() {
    let dicts = Dictionaries::builtin().unwrap();
    let ru = dicts.get("ru").unwrap();
    let cipher = ru.headers.types.iter().find(|t| t.id == "cipher").unwrap();
    let origin = cipher
        .lines
        .iter()
        .find(|l| l.id == "cipher-origin")
        .unwrap();
    let city = origin
        .pieces
        .iter()
        .find_map(|p| match p {
            Piece::Slot(s) if s.def.kind == SlotKind::List => Some(&s.def),
            _ => None,
        })
        .unwrap();
    let mut folded = String::new();
    let unknown: Vec<&String> = city
        .values
        .iter()
        .filter(|v| {
            ru.fold(v, &mut folded);
            !ru.knows(&folded)
        })
        .collect();
    assert!(unknown.is_empty(), "not known forms: {unknown:?}");
    for lang in dicts.languages() {
        for ty in &lang.headers.types {
            for line in &ty.lines {
                for s in line.slots() {
                    let mut v = s.def.values.clone();
                    v.sort();
                    v.dedup();
                    assert_eq!(v.len(), s.def.values.len(), "{}/{}", lang.code, line.id);
                }
            }
        }
    }
}
