//! Text in a language the loaded lexicons do not cover, or OCR past
//! reading, keeps its words: when fewer than `min_known_share` of a
//! document's words of a language are known to its lexicon, the changes to
//! them are only suggested.

mod common;

use std::fs;

use common::{changes, corrigenda, stderr};
use corrigenda::change::Action;
use corrigenda::rules::Options;

/// French read with the English lexicon: accents dropped (`répertoire`),
/// words made English ones (`exemples`), all of them only suggested.
const FRENCH: &str = "Le répertoire utilisé par défaut est créé lors de l'installation du système.
Chaque utilisateur peut modifier la configuration de sa région et choisir un
autre répertoire. Les fichiers de journalisation sont conservés pendant une
semaine, puis supprimés automatiquement. Si la vérification échoue, le
programme affiche un message d'erreur et s'arrête. Les paramètres sont décrits
en détail dans la page de manuel, avec des exemples d'utilisation et une liste
des options reconnues par le programme. Les valeurs numériques doivent être
exprimées en secondes, sauf indication contraire dans la description.
";

/// Bulgarian read with the Russian lexicon (`списък` → `список`,
/// `съобщение` → `сообщение`).
const BULGARIAN: &str = "Тази програма се използва за проверка на файловете в системата. Всеки
потребител може да промени настройките си и да избере друга папка. Файловете
с дневници се пазят една седмица, след което се изтриват автоматично. Ако
проверката не успее, програмата показва съобщение за грешка и спира работа.
Параметрите са описани подробно в ръководството, заедно с примери за употреба
и списък на всички възможни опции на програмата. Числовите стойности трябва да
бъдат изразени в секунди, освен ако в описанието не е казано друго.
";

/// English of the same length, with three words OCR misread.
const ENGLISH: &str = "The directory used by default is created when the system is installed.
Each user may change the configuration of the region and choose another
directory. The log files are kept for one week, then deleted automatically.
If the verification fails, the program prints an error message and stops.
The parameters are described in detail in the manual page, with exarnples of
use and a list of the options the program knows. Numeric values must be
given in seconds, unless the descripticn says otherwise, and tbe program
checks them when it starts.
";

#[test]
fn a_text_in_another_language_keeps_its_words() {
    let c = common::corrector(Options::default());
    for text in [FRENCH, BULGARIAN] {
        let got = changes(&c, text);
        // The word rules still propose (a reviewer sees them)…
        assert!(got.len() > 10, "{got:?}");
        // …and apply nothing.
        let applied: Vec<_> = got.iter().filter(|g| g.2 == Action::Applied).collect();
        assert!(applied.is_empty(), "{applied:?}");
    }
}

#[test]
fn a_listed_misreading_is_made_in_a_text_of_another_language_too() {
    // `tbe` → `the` (misreadings.tsv) is a fact about OCR output, not a
    // guess from the lexicon.
    let c = common::corrector(Options::default());
    let text = format!("{FRENCH}Voir tbe manuel.\n");
    let applied: Vec<(String, String)> = changes(&c, &text)
        .into_iter()
        .filter(|g| g.2 == Action::Applied)
        .map(|g| (g.0, g.1))
        .collect();
    assert_eq!(applied, [("tbe".to_string(), "the".to_string())]);
}

#[test]
fn a_text_in_a_loaded_language_is_corrected() {
    let c = common::corrector(Options::default());
    let applied: Vec<(String, String)> = changes(&c, ENGLISH)
        .into_iter()
        .filter(|g| g.2 == Action::Applied)
        .map(|g| (g.0, g.1))
        .collect();
    assert_eq!(
        applied,
        [
            ("exarnples".to_string(), "examples".to_string()),
            ("descripticn".to_string(), "description".to_string()),
            ("tbe".to_string(), "the".to_string()),
        ]
    );
}

#[test]
fn the_summary_says_why_a_file_keeps_its_words() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("fr.txt"), FRENCH).unwrap();
    fs::write(input.join("en.txt"), ENGLISH).unwrap();
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let row = |name: &str| {
        summary
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}: {summary}"))
            .to_string()
    };
    let fr = row("fr.txt,");
    assert!(fr.contains("English words known"), "{fr}");
    assert!(fr.contains("another language or OCR past reading"), "{fr}");
    assert!(!row("en.txt,").contains("words known"), "{summary}");
}

#[test]
fn a_grammar_suggestion_in_another_language_stays_a_suggestion() {
    // At a threshold under its confidence, `agreement:ru` would apply its
    // guess; in a document read as another language it is held back like
    // the word rules' changes.
    let c = common::corrector(Options {
        threshold: 0.55,
        ..Options::default()
    });
    let text = format!("{BULGARIAN}Войските в Южной Кореи са разбити.\n");
    let got = changes(&c, &text);
    let agreement: Vec<_> = got.iter().filter(|g| g.3 == "agreement:ru").collect();
    assert_eq!(agreement.len(), 1, "{got:?}");
    assert_eq!(agreement[0].2, Action::Suggested, "{got:?}");
}
