//! Document adaptation: a confusion the page's applied corrections show in
//! several words makes the page's other words with it surer, and only on
//! that page.

mod common;

use corrigenda::change::Action;
use corrigenda::rules::{Cache, Corrector, LangChoice, Options};

fn corrector() -> Corrector {
    common::corrector(Options {
        lang: LangChoice::Code("ru".into()),
        ..Options::default()
    })
}

/// A Russian corrector whose `[ranking]` has `setting` (the others keep
/// their defaults).
fn ranking_with(setting: &str) -> Corrector {
    let toml = format!("code = \"ru\"\n[ranking]\n{setting}\n");
    common::corrector_with_layer("ru", &[("ru/lang.toml", &toml)])
}

/// (original, replacement, action, confidence) of each change.
fn changes(c: &Corrector, text: &str, cache: &mut Cache) -> Vec<(String, String, Action, f32)> {
    c.correct_text(text, cache)
        .changes
        .iter()
        .map(|ch| {
            let original = text[ch.span.clone()].to_string();
            (original, ch.replacement.clone(), ch.action, ch.confidence)
        })
        .collect()
}

/// The change of the text `original` in `text`, which must be there.
fn found(c: &Corrector, text: &str, original: &str) -> (String, String, Action, f32) {
    changes(c, text, &mut Cache::default())
        .into_iter()
        .find(|x| x.0 == original)
        .unwrap_or_else(|| panic!("{original} in {text}"))
}

/// Asserts that with `setting` in the Russian `[ranking]` the change of
/// `original` in `text` is only suggested (the evidence switched off).
fn only_suggested_with(setting: &str, text: &str, original: &str) {
    let row = found(&ranking_with(setting), text, original);
    assert_eq!(row.2, Action::Suggested, "{setting}: {row:?}");
}

/// `д` read as `л` in three words that are corrected with confidence.
const EVIDENCE: &str = "Оборулование прелназначенных складов нахолится в ведении управления.\n";
/// Words whose only fault is the same confusion.
const WORDS: &str = "Прошу освободить помещения склалов к сроку. Впрель сулов не принимать.\n";

#[test]
fn the_pages_own_confusion_makes_its_words_surer() {
    let c = corrector();
    let alone = changes(&c, WORDS, &mut Cache::default());
    let with = changes(&c, &format!("{EVIDENCE}{WORDS}"), &mut Cache::default());
    let find = |v: &[(String, String, Action, f32)], w: &str| {
        v.iter()
            .find(|x| x.0 == w)
            .cloned()
            .unwrap_or_else(|| panic!("{w} in {v:?}"))
    };
    for (word, right) in [
        ("склалов", "складов"),
        ("Впрель", "Впредь"),
        ("сулов", "судов"),
    ] {
        let (a, b) = (find(&alone, word), find(&with, word));
        assert_eq!((a.1.as_str(), b.1.as_str()), (right, right));
        assert_eq!(a.2, Action::Suggested, "{a:?}");
        assert!(b.3 > a.3 + 0.05, "{word}: {a:?} -> {b:?}");
    }
    assert_eq!(find(&with, "склалов").2, Action::Applied);
    assert_eq!(find(&with, "Впрель").2, Action::Applied);
    // The evidence itself is unchanged.
    let evidence = changes(&c, EVIDENCE, &mut Cache::default());
    assert_eq!(&with[..evidence.len()], &evidence[..]);
}

#[test]
fn a_pages_confusions_stay_on_that_page() {
    let c = corrector();
    let fresh = changes(&c, WORDS, &mut Cache::default());
    let mut cache = Cache::default();
    changes(&c, &format!("{EVIDENCE}{WORDS}"), &mut cache);
    assert_eq!(changes(&c, WORDS, &mut cache), fresh);
}

#[test]
fn adaptation_can_be_switched_off_in_the_data() {
    let off = ranking_with("adapt_min_words = 0");
    let text = format!("{EVIDENCE}{WORDS}");
    let mut cache = Cache::default();
    let got = changes(&off, &text, &mut cache);
    let sulov = got.iter().find(|x| x.0 == "сулов").unwrap();
    assert_eq!(sulov.2, Action::Suggested);
    let alone = changes(&off, WORDS, &mut Cache::default());
    assert_eq!(alone.iter().find(|x| x.0 == "сулов").unwrap().3, sulov.3);
}

/// A misread word whose reading the page settles: the page uses
/// `заседании`, a word far rarer in the language than on this page.
const MISREAD: &str = "Члены бюро были на заселании в среду.\n";
const USES: &str = "Протокол заседания бюро. На заседании утверждён план работ.\n";

#[test]
fn the_pages_own_words_make_a_correction_surer() {
    let c = corrector();
    let find = |text: &str| found(&c, text, "заселании");
    let alone = find(MISREAD);
    let with = find(&format!("{USES}{MISREAD}"));
    assert_eq!(alone.1, "заседании");
    assert_eq!(alone.2, Action::Suggested, "{alone:?}");
    assert_eq!(with.1, "заседании");
    assert_eq!(with.2, Action::Applied, "{with:?}");
    // A rival the page uses makes the correction less sure.
    let rival = find(&format!("О заселении домов.\n{MISREAD}"));
    assert!(rival.3 < alone.3, "{rival:?} vs {alone:?}");
}

#[test]
fn the_pages_own_words_can_be_switched_off_in_the_data() {
    // `На заседании` is also a pair the misread one (`на заселании`) makes
    // with its neighbour: both kinds of the page's evidence are off.
    let text = format!("{USES}{MISREAD}");
    only_suggested_with(
        "document_bonus = 0.0\ncontext_bonus = 0.0",
        &text,
        "заселании",
    );
}

/// `станими` (for `станции`) after `на`.
const NEIGHBOURS: &str = "Грузы лежат на станими Гродеково.\n";

#[test]
fn a_pair_of_words_the_page_writes_elsewhere_makes_a_correction_surer() {
    let c = corrector();
    let find = |text: &str| found(&c, text, "станими");
    // The page writes `станции`, but never after `на`: only suggested…
    let word = find(&format!("Работа станции Отпор идет.\n{NEIGHBOURS}"));
    assert_eq!((word.1.as_str(), word.2), ("станции", Action::Suggested));
    // …while `на станции` elsewhere makes it sure.
    let pair = find(&format!("Вагоны стоят на станции Отпор.\n{NEIGHBOURS}"));
    assert_eq!((pair.1.as_str(), pair.2), ("станции", Action::Applied));
    assert!(pair.3 > word.3, "{pair:?} vs {word:?}");
    // A pair broken by a line end counts, whatever the line ends are.
    let crlf = "Вагоны стоят на\r\nстанции Отпор.\r\nГрузы лежат на станими Гродеково.\r\n";
    assert_eq!(found(&c, crlf, "станими").2, Action::Applied);
    // `context_bonus = 0` in the data switches the evidence off.
    let text = format!("Вагоны стоят на станции Отпор.\n{NEIGHBOURS}");
    only_suggested_with("context_bonus = 0.0", &text, "станими");
}

/// A real word that the page's own confusion (`д` read as `л`) makes of a
/// far commoner one: `холе` for `ходе`.
const REAL_WORD: &str = "В холе работы были выявлены недостатки.\n";

#[test]
fn a_real_word_the_pages_confusion_makes_of_a_commoner_one_is_corrected() {
    let c = corrector();
    let find = |text: &str| {
        changes(&c, text, &mut Cache::default())
            .into_iter()
            .find(|x| x.0 == "холе")
    };
    // Without the page's evidence a real word is left alone.
    assert_eq!(find(REAL_WORD), None);
    let with = find(&format!("{EVIDENCE}{REAL_WORD}")).expect("холе is corrected");
    assert_eq!((with.1.as_str(), with.2), ("ходе", Action::Applied));
    let rows = c
        .correct_text(&format!("{EVIDENCE}{REAL_WORD}"), &mut Cache::default())
        .changes;
    assert!(rows.iter().any(|r| &*r.rule == "real-word:ru"));
    // A word the confusion makes no commoner word of stays (`работы`).
    assert!(
        changes(&c, &format!("{EVIDENCE}{REAL_WORD}"), &mut Cache::default())
            .iter()
            .all(|x| x.0 != "работы" && x.0 != "выявлены")
    );
}

#[test]
fn real_word_corrections_can_be_switched_off_in_the_data() {
    let off = ranking_with("real_word_ratio = 0.0");
    let got = changes(
        &off,
        &format!("{EVIDENCE}{REAL_WORD}"),
        &mut Cache::default(),
    );
    assert!(got.iter().all(|x| x.0 != "холе"), "{got:?}");
}

#[test]
fn a_short_real_word_needs_far_more_evidence() {
    let en = common::corrector(Options {
        lang: LangChoice::Code("en".into()),
        ..Options::default()
    });
    // `e` read as `o` in `roport`, `mombers`, `thoy`, `approvod`: `tho`
    // is a word, but `the` is thousands of times as frequent.
    let text = "Tho roport was road by tho mombers, and thoy approvod it.\n";
    let got = changes(&en, text, &mut Cache::default());
    let tho: Vec<(&str, Action)> = got
        .iter()
        .filter(|x| x.0.eq_ignore_ascii_case("tho"))
        .map(|x| (x.1.as_str(), x.2))
        .collect();
    assert_eq!(tho, [("The", Action::Applied), ("the", Action::Applied)]);
    // `road` for `read` is no such case: the two are about as frequent.
    assert!(got.iter().all(|x| x.0 != "road"), "{got:?}");
    // Without the page's evidence, `tho` stays.
    assert_eq!(changes(&en, "Tho end.\n", &mut Cache::default()), []);
}

/// A word of two letters, `ло` for `до`, too short for the word rules to
/// search.
const SHORT_WORD: &str = "Отчет представить ло конца месяца.\n";

/// (replacement, action, rule) of the change of `word`, if any.
fn change_of(c: &Corrector, text: &str, word: &str) -> Option<(String, Action, String)> {
    c.correct_text(text, &mut Cache::default())
        .changes
        .into_iter()
        .find(|ch| &text[ch.span.clone()] == word)
        .map(|ch| (ch.replacement, ch.action, ch.rule.to_string()))
}

#[test]
fn a_short_unknown_word_the_pages_confusion_explains_is_corrected() {
    let c = corrector();
    // Without the page's evidence, `ло` is left alone: it is as near `по`,
    // `но`, `ли`.
    assert_eq!(change_of(&c, SHORT_WORD, "ло"), None);
    let text = format!("{EVIDENCE}{SHORT_WORD}");
    assert_eq!(
        change_of(&c, &text, "ло"),
        Some((
            "до".to_string(),
            Action::Applied,
            "short-word:ru".to_string()
        ))
    );
    // Not a piece between two unknown words (a word OCR broke up), nor an
    // abbreviation in capitals.
    for (line, word) in [
        ("Отчет представить глазк ло мышонк месяца.\n", "ло"),
        ("Отчет представить ЛО конца месяца.\n", "ЛО"),
    ] {
        let text = format!("{EVIDENCE}{line}");
        assert_eq!(change_of(&c, &text, word), None, "{line}");
    }
    let off = ranking_with("short_word_count = 0");
    assert_eq!(change_of(&off, &text, "ло"), None);
}

#[test]
fn a_join_of_a_word_the_page_writes_elsewhere_is_surer() {
    let c = corrector();
    let join = |text: &str| found(&c, text, "ги айская");
    let misread = "Однако ги айская сторона просит рассмотреть.\n";
    let alone = join(&format!("Делегация прибыла в Москву.\n{misread}"));
    assert_eq!(
        (alone.1.as_str(), alone.2),
        ("китайская", Action::Suggested)
    );
    let written = join(&format!("Китайская делегация прибыла в Москву.\n{misread}"));
    assert_eq!(
        (written.1.as_str(), written.2),
        ("китайская", Action::Applied)
    );
    // `document_bonus = 0` switches this evidence off too.
    let text = format!("Китайская делегация прибыла в Москву.\n{misread}");
    only_suggested_with("document_bonus = 0.0", &text, "ги айская");
}
