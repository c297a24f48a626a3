//! Letter case: stray capitals in known words, one-letter words read as
//! capitals, and the case a corrected word takes from its sentence.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::Corrector;

use common::corrector_for as corrector;

fn applied(original: &str, replacement: &str, rule: &str) -> (String, String, Action, String) {
    common::change(original, replacement, Action::Applied, rule)
}

#[test]
fn stray_capitals_inside_known_words_are_made_small() {
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "Мы тОлько что получили ответ.\n"),
        [applied("тОлько", "только", "case:mixed")]
    );
    // The first letter keeps its capital when the second is small…
    assert_eq!(
        changes(&ru, "Они торгуют с СоветскИм Союзом.\n"),
        [applied("СоветскИм", "Советским", "case:mixed")]
    );
    // …and follows the sentence when both are capitals of the small
    // letters' shape: inside a sentence, small.
    assert_eq!(
        changes(&ru, "Приехали ВМесто него другие.\n"),
        [applied("ВМесто", "вместо", "case:mixed")]
    );
    let en = corrector("en");
    assert_eq!(
        changes(&en, "You should not eXpect it to work.\n"),
        [applied("eXpect", "expect", "case:mixed")]
    );
    // A capital right after an apostrophe is written so.
    assert_eq!(
        changes(&en, "The meeting is at eight o'Clock tonight.\n"),
        []
    );
    // A short word must be a common one: a rare one in mixed case is
    // more often an abbreviation typed so (`ЧаВо`, the Russian "FAQ";
    // the lexicon has the rare dialect word `чаво`).
    assert_eq!(
        changes(&en, "Mount the diSk first.\n"),
        [applied("diSk", "disk", "case:mixed")]
    );
    assert_eq!(changes(&ru, "Это ЧаВо о системе.\n"), []);
}

#[test]
fn a_common_two_letter_word_with_a_capital_of_its_small_shape_is_made_small() {
    let en = corrector("en");
    assert_eq!(
        changes(&en, "This package iS intended tO be used by all.\n"),
        [
            applied("iS", "is", "case:mixed"),
            applied("tO", "to", "case:mixed"),
        ]
    );
    // A rare pair of letters is a unit (`mV`), and a word at a line's end
    // may be one of capitals read small.
    assert_eq!(changes(&en, "The signal is 10 mV at most.\n"), []);
    assert_eq!(changes(&en, "THE SAME aS\n"), []);
}

#[test]
fn a_word_with_stray_capitals_inside_a_sentence_loses_its_first_capital_too() {
    let ru = corrector("ru");
    // Between two words in small letters the first capital goes as well, as
    // `case:capital` would take it from the word typed in title case; this
    // word is too rare for that rule alone, but its stray capital shows the
    // OCR misread its case.
    assert_eq!(
        changes(&ru, "Условия работы советских ПреПодавателей в Китае.\n"),
        [applied("ПреПодавателей", "преподавателей", "case:mixed")]
    );
    // After a word with a capital it may start a name or a heading.
    assert_eq!(
        changes(&ru, "Условия работы Советских ПреПодавателей в Китае.\n"),
        [applied("ПреПодавателей", "Преподавателей", "case:mixed")]
    );
}

#[test]
fn names_and_words_in_capitals_keep_their_case() {
    let en = corrector("en");
    assert_eq!(changes(&en, "The office suite LibreOffice is free.\n"), []);
    let ru = corrector("ru");
    // Capitals in the majority are not stray: the word is in capitals.
    assert_eq!(changes(&ru, "Это ПРЕДПРИЯТИе работает.\n"), []);
    // English names of programs have a capital in each part
    // (`pascal_case` in en/lang.toml); in a Russian word such a capital is
    // a misread one.
    assert_eq!(
        changes(&en, "Print it as PostScript from the CoreList.\n"),
        []
    );
    assert_eq!(
        changes(&ru, "Нужны опытные ПреПодаватели.\n"),
        [applied("ПреПодаватели", "Преподаватели", "case:mixed")]
    );
    // So are capitals from the first letter, one of them with a shape of
    // its own (`T`, `H`, `M`); one with its small letter's shape is a
    // misread small letter (`x`, `o`, `s`).
    assert_eq!(
        changes(&en, "Open an XTerm, not the SHell, and use Vi IMproved.\n"),
        []
    );
    assert_eq!(
        changes(&en, "He typed SOme words.\n"),
        [applied("SOme", "some", "case:mixed")]
    );
}

#[test]
fn a_common_one_letter_word_in_capitals_inside_a_sentence_is_made_small() {
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "Он работает совместно С партийной организацией.\n"),
        [applied("С", "с", "case:one-letter")]
    );
    // An initial, a list item, a word at a line's end or before a capital,
    // and a rare letter (an abbreviation) stay.
    for text in [
        "Подписал министр А. Громыко сегодня.\n",
        "пункты такие: в) отправка грузов.\n",
        "прибыли к станции С\nночью.\n",
        "Мы встретили товарища С Ын Мина.\n",
        "длина участка составляет М метров.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
}

#[test]
fn a_common_russian_word_in_title_case_inside_a_sentence_is_made_small() {
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "Решение принято Также на заседании.\n"),
        [applied("Также", "также", "case:capital")]
    );
    assert_eq!(
        changes(&ru, "Всего прибыло, в Том числе, три вагона.\n"),
        [applied("Том", "том", "case:capital")]
    );
    // Tesseract reads typescript's `р` as `Р` at a word's start as it reads
    // `п` as `П`.
    assert_eq!(
        changes(&ru, "Им засчитан стаж Работы на дороге.\n"),
        [applied("Работы", "работы", "case:capital")]
    );
    // A clause after a comma starts small too…
    assert_eq!(
        changes(&ru, "Я заявил, Что вопрос решен.\n"),
        [applied("Что", "что", "case:capital")]
    );
    // …but not after a comma set apart, nor a comma after a capital.
    for text in [
        "Я заявил , Что вопрос решен.\n",
        "Я заявил МИД, Что вопрос решен.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
    // Not a name, the polite second person, a word the document writes
    // with a capital as often as without, the first word on a line, a word
    // beside a capital, a mark or two spaces, nor a rare word (an
    // abbreviation or a term more often).
    for text in [
        "Передайте товарищу Молотову лично.\n",
        "Прошу Вас сообщить решение.\n",
        "Пакет доступен из сети Интернет, то есть везде.\n",
        "Представитель Министерства путей сообщения прибыл.\nРешение Министерства\nпринято.\n",
        "решение принято\nТакже на заседании.\n",
        "Решение принято Также Советом министров.\n",
        "Решение принято «Также на заседании».\n",
        "Решение принято  Также на заседании.\n",
        "Прибыли студенты Горного института.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
    // English capitalises nouns inside sentences on purpose.
    let en = corrector("en");
    assert_eq!(changes(&en, "It is the Council of the union.\n"), []);
}

#[test]
fn a_russian_word_that_no_name_begins_with_is_made_small_at_a_lower_count() {
    let ru = corrector("ru");
    // A verb, a gerund, an adverb, a short participle (`lowercase.tsv`):
    // rarer than `capital_inside_count`, but no name is or begins with one.
    for (text, word) in [
        (
            "Министерство намерено Привлечь преподавателей.\n",
            "Привлечь",
        ),
        (
            "Группа работников, Ссылаясь на приказ, уехала.\n",
            "Ссылаясь",
        ),
        (
            "Отчет представлен Своевременно и полностью.\n",
            "Своевременно",
        ),
        // A conjunction with a rare noun reading (`зато`: under a tenth
        // of the probability).
        ("Работа трудная, но Зато интересная.\n", "Зато"),
        // Before a number too (`из них Построено 2 здания`).
        (
            "Всего заложено зданий, из них Построено 2 здания.\n",
            "Построено",
        ),
    ] {
        assert_eq!(
            changes(&ru, text),
            [applied(word, &word.to_lowercase(), "case:capital")],
            "{text}"
        );
    }
    // Two such words side by side are each other's small neighbour.
    assert_eq!(
        changes(&ru, "Эти просьбы Немедленно Переданы в министерство.\n"),
        [
            applied("Немедленно", "немедленно", "case:capital"),
            applied("Переданы", "переданы", "case:capital")
        ]
    );
    // An adjective or a noun as rare may begin an institution's name, and a
    // number is no small neighbour for them.
    for text in [
        "Прибыли студенты Горного института.\n",
        "Всего заложено зданий, из них Горного 2 здания.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
}

#[test]
fn a_russian_dict_layer_adds_words_that_no_name_begins_with() {
    // `кругом` is also `круг`'s instrumental, so no built-in entry.
    let text = "Солдаты стояли Кругом у костра.\n";
    assert_eq!(changes(&corrector("ru"), text), []);
    let ru = common::corrector_with_layer(
        "ru",
        &[(
            "ru/lowercase.tsv",
            "# a collection's own adverbs\nword\tpos\nкругом\tADVB\n",
        )],
    );
    assert_eq!(
        changes(&ru, text),
        [applied("Кругом", "кругом", "case:capital")]
    );
    let error = common::layer_error(&[("ru/lowercase.tsv", "word\tpos\n\tINFN\n")]);
    assert!(
        error.contains("lowercase.tsv:2") && error.contains("empty word"),
        "{error}"
    );
}

#[test]
fn a_russian_numbered_point_starts_with_a_capital() {
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "Докладываю:\n1. на станцию прибыло 20 вагонов.\n"),
        [applied("на", "На", "case:list-item")]
    );
    // Not inside a line, not a letter with a shape of its own (`а)` is a
    // sub-point), not a number of three digits (a year, a page).
    for text in [
        "Прибыло в пункт 1. на станцию.\n",
        "1. а) пункт первый\n",
        "125. на станцию прибыло\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
    // English manuals start points in small letters.
    assert_eq!(changes(&corrector("en"), "1. open the file\n"), []);
}

#[test]
fn a_sentence_goes_on_across_the_end_of_a_line_that_ran_to_the_margin() {
    let ru = corrector("ru");
    // Lines of running text, typed to the margin: the word after the line
    // end, and the word before it, are inside the sentence.
    let page = "Решение о передаче вагонов было принято комиссией на заседании, и\n\
                Также было решено отправить их через станцию в течение недели.\n\
                Представители сторон подписали протокол и передали его в министерство\n";
    assert_eq!(
        changes(&ru, page),
        [applied("Также", "также", "case:capital")]
    );
    let page = "Решение о передаче вагонов было принято комиссией на заседании, и также\n\
                было решено отправить все эти вагоны через пограничную станцию Также\n\
                в течение недели. Представители сторон подписали протокол и передали его.\n";
    assert_eq!(
        changes(&ru, page),
        [applied("Также", "также", "case:capital")]
    );
    // A short line is a line of its own (a poem's, a list's): its first
    // word may take a capital, and so may the word after a blank line.
    for text in [
        "Решение о передаче вагонов было принято комиссией на заседании, и также\n\
         было решено отправить их через станцию в течение недели, и\n\
         все прошло\n\
         Также на заседании решено отправить их через станцию в течение недели.\n",
        "Решение о передаче вагонов было принято комиссией на заседании, и также\n\
         было решено отправить их через станцию в течение недели, и\n\
         \n\
         Также на заседании решено отправить их через станцию в течение недели.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
}

#[test]
fn a_corrected_word_takes_its_case_from_the_sentence_when_its_capitals_are_unreliable() {
    let ru = corrector("ru");
    // Capitals that all share the small letters' shape, in a word that also
    // has small letters: the sentence decides (small inside a sentence).
    let got = changes(&ru, "уволен в связи с систематическим тЪЯНСТВОМ в быту.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("тЪЯНСТВОМ", "пьянством")
    );
    // A mark before the word does not end the sentence (here `©`, itself
    // the preposition `с` misread); a closing bracket of a list item does.
    let got = changes(
        &ru,
        "перед отъездом © Преподавателами проводится инструктаж.\n",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("©", "с"));
    assert_eq!(got[1].1, "преподавателями");
    let got = changes(&ru, "перед отъездом ‘ Преподавателами проводится.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "преподавателями");
    let got = changes(&ru, "в) Неузовлетворителуные жилищные условия.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "Неудовлетворительные");
    assert_eq!(got[0].2, Action::Applied);
}

#[test]
fn a_title_case_word_stays_title_case_however_short() {
    // One capital of two letters is title case, not a majority of capitals.
    let en = common::corrector_with_layer(
        "en",
        &[(
            "en/misreadings.tsv",
            "wrong\tright\tnote\nim\ti'm\tapostrophe lost\n",
        )],
    );
    assert_eq!(
        changes(&en, "Well, Im sure of it. IM SURE.\n"),
        [
            applied("Im", "I'm", "misreadings:en"),
            applied("IM", "I'M", "misreadings:en")
        ]
    );
}

#[test]
fn a_capitalised_unknown_word_inside_a_sentence_is_only_suggested_as_a_common_word() {
    // `Gnumeric` may be a name the lexicon lacks: its nearest word, even
    // capitalised like it, is no name, so the change is less sure.
    let en = corrector("en");
    let got = changes(
        &en,
        "programs such as the office suite, Gnumeric and others.\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("Gnumeric", "Numeric")
    );
    assert_eq!(got[0].2, Action::Suggested);
    // A Russian verb is no name: nor, then, is the word OCR misread from it
    // in title case (`lowercase.tsv`).
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "На заседании им предложено Препставить кандидатуры.\n"),
        [applied("Препставить", "представить", "lexicon:ru")]
    );
    // Nor is a word the document writes in small letters elsewhere, where
    // capitals inside a sentence say little (Russian typescript).
    let text = "Отдел работает со Сводениями о грузах.\n";
    let with_small = "Отдел получил сведения о грузах.\n".to_string() + text;
    let suggested = changes(&ru, text);
    assert_eq!(suggested.len(), 1, "{suggested:?}");
    assert_eq!(suggested[0].2, Action::Suggested);
    assert_eq!(
        changes(&ru, &with_small),
        [applied("Сводениями", "сведениями", "lexicon:ru")]
    );
}

#[test]
fn a_capitalised_unknown_word_after_an_initial_is_a_name() {
    // The full stop of an initial ends no sentence: `Karger` after `D.` is
    // as name-like as inside one, and its nearest word only suggested…
    let en = corrector("en");
    let got = changes(&en, "Thanks to D. Karger for the patch.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2),
        ("Karger", "Larger", Action::Suggested)
    );
    // …while after a sentence's end it is corrected.
    assert_eq!(
        changes(&en, "Thanks to him. Karger fees are due.\n")
            .iter()
            .map(|c| (c.0.as_str(), c.1.as_str(), c.2))
            .collect::<Vec<_>>(),
        [("Karger", "Larger", Action::Applied)]
    );
}

#[test]
fn a_word_the_document_capitalises_keeps_its_capital_inside_a_sentence() {
    let ru = corrector("ru");
    // `М` has its small letter's shape: inside a sentence, a corrected word
    // beginning with it is made small, and, capitalised like a name the
    // lexicon may lack, only suggested…
    let line = "Письмо направлено в адрес Микистерства путей сообщения.\n";
    let got = changes(&ru, line);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2),
        ("министерства", Action::Suggested)
    );
    // …unless the document writes the word's forms with a capital, twice
    // or more and never in small letters: its own convention, which OCR
    // read right elsewhere.
    let text = format!(
        "Приказ Министерства путей сообщения получен.\n\
         Копия направлена в Министерство финансов.\n{line}"
    );
    let got = changes(&ru, &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2),
        ("Микистерства", "Министерства", Action::Applied)
    );
    // Once in small letters, and the document has no such convention.
    let text = format!(
        "Приказ Министерства путей сообщения получен.\n\
         Копия направлена в министерство финансов.\n\
         Копия направлена в Министерство финансов.\n{line}"
    );
    let got = changes(&ru, &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "министерства");
}

#[test]
fn english_words_in_title_case_inside_a_sentence_need_evidence_of_misread_case() {
    let en = corrector("en");
    // Print capitalises words inside sentences (verse, old print's nouns, a
    // manual's `set to On`): alone, such a capital stays…
    let line = "It runs before or after a package is installed Or removed.\n";
    assert_eq!(changes(&en, line), []);
    // …but in a document whose OCR shows it misreads case (three known
    // words with capitals of the small letters' shape inside), it goes.
    let text = format!("This iS the list of theSe packages tO install.\n{line}");
    let capital: Vec<_> = changes(&en, &text)
        .into_iter()
        .filter(|c| c.3 == "case:capital")
        .collect();
    assert_eq!(capital, [applied("Or", "or", "case:capital")]);
    // Junk with such capitals is no evidence.
    let junk = format!("The nnsW reeC mtlS were read.\n{line}");
    assert!(changes(&en, &junk).iter().all(|c| c.3 != "case:capital"));
}

#[test]
fn the_letters_after_an_apostrophe_keep_their_case() {
    let en = corrector("en");
    // Print sets a word in capitals and its `’s` in small letters: the
    // corrected word keeps both, and is no less sure for its small `s`.
    assert_eq!(
        changes(&en, "We have read the GOVERNMEMT’s answer to the note.\n"),
        [applied("GOVERNMEMT’s", "GOVERNMENT’s", "lexicon:en")]
    );
    assert_eq!(
        changes(&en, "They said ANSWEK'S text was clear.\n"),
        [applied("ANSWEK'S", "ANSWER'S", "lexicon:en")]
    );
}

#[test]
fn a_word_in_capitals_in_running_text_is_more_likely_a_name() {
    let ru = corrector("ru");
    // Russian typescript types surnames in capitals inside running text
    // (`caps_name_bonus` in ru/lang.toml): the name is surer than the
    // common words near the misread one.
    let got = changes(&ru, "Об этом доложено товарищу ВЫШИНСКОИУ вчера.\n");
    assert_eq!(
        got,
        [applied("ВЫШИНСКОИУ", "ВЫШИНСКОМУ", "lexicon:ru")],
        "{got:?}"
    );
    // On a line typed in capitals every word is: nothing says it is a name.
    let got = changes(&ru, "ОБ ЭТОМ ДОЛОЖЕНО ТОВАРИЩУ ВЫШИНСКОИУ ВЧЕРА.\n");
    let name: Vec<_> = got.iter().filter(|c| c.0 == "ВЫШИНСКОИУ").collect();
    assert_eq!(name.len(), 1, "{got:?}");
    assert_eq!(name[0].2, Action::Suggested, "{got:?}");
    // Typed capitals read `Ы` as `Н` (`н` → `ы` in ru/confusions.tsv).
    let got = changes(&ru, "Телеграмма передана товарищу ГРОМНКО лично.\n");
    assert_eq!(
        got,
        [applied("ГРОМНКО", "ГРОМЫКО", "lexicon:ru")],
        "{got:?}"
    );
    // English (no such convention; `REDEPTEL` is a telegram's code word)
    // leaves it off.
    let en = corrector("en");
    let got = changes(&en, "See REDEPTEL 842 of September 22.\n");
    assert!(got.iter().all(|c| c.2 != Action::Applied), "{got:?}");
}

#[test]
fn a_form_of_a_known_name_is_a_name() {
    let en = corrector("en");
    // `Shcherbakov` is known; `name_forms` in en/lang.toml makes the
    // feminine `Shcherbakova` a name too, not a misreading of it.
    assert_eq!(changes(&en, "Sent by Shcherbakova at 0145.\n"), []);
    // A form of a word that is no name stays unknown.
    assert_ne!(changes(&en, "The committeeova met.\n"), []);
}

#[test]
fn a_regular_form_of_a_known_word_is_left_alone() {
    let en = corrector("en");
    // The lexicon knows `ironmaster` but not its plural; `word_forms` in
    // en/lang.toml makes `ironmasters` no misreading of the singular.
    assert_eq!(changes(&en, "The British ironmasters have agreed.\n"), []);
    // A verb made of a known word with `-ize` or `-ise` (`canonical`,
    // `serial`), which the word lists lack, is no misreading of a listed
    // word (`cannibalizes`).
    assert_eq!(
        changes(&en, "The tool canonicalizes the names it serialises.\n"),
        []
    );
    // The possessive of a known word, with either apostrophe, is no
    // misreading either (its apostrophe is not made straight).
    assert_eq!(
        changes(
            &en,
            "The ironmaster’s plan, the ironmasters’ union and Stalin's reply.\n"
        ),
        []
    );
    // Only the listed endings: `japan` + `es` is no form, so `JAPANES` is
    // still corrected, and neither is a doubled last letter (`tows` + `s`).
    assert_eq!(
        changes(&en, "THE JAPANES DELEGATE SPOKE.\n")
            .iter()
            .map(|c| c.1.as_str())
            .collect::<Vec<_>>(),
        ["JAPANESE"]
    );
    assert_ne!(changes(&en, "The towss were quiet.\n"), []);
    // A form is no known word to make of pieces: `for ths` is not `forths`.
    assert!(changes(&en, "They waited for ths signal.\n")
        .iter()
        .all(|c| c.1 != "forths"));
}

#[test]
fn a_name_form_of_the_prepositional_case_needs_a_preposition() {
    let ru = corrector("ru");
    let inchon = |text: &str| {
        changes(&ru, text)
            .into_iter()
            .find(|c| c.0 == "Инчонем")
            .map(|c| (c.1, c.2))
            .unwrap_or_else(|| panic!("Инчонем in {text}"))
    };
    // After a verb only the instrumental Инчоном fits (names.tsv marks
    // Инчоне as the prepositional case only).
    assert_eq!(
        inchon("Противник овладел Инчонем и двинулся дальше.\n"),
        ("Инчоном".to_string(), Action::Applied)
    );
    // After a preposition of that case, or where a list may go on after
    // one (a conjunction, a comma), Инчоне stays a rival.
    for text in [
        "Бои шли в Инчонем весь день.\n",
        "Бои шли в Сеуле и Инчонем весь день.\n",
        "Бои шли в Сеуле, Инчонем весь день.\n",
    ] {
        assert_eq!(inchon(text).1, Action::Suggested, "{text}");
    }
}

#[test]
fn names_files_load_with_or_without_their_case_column() {
    use corrigenda::dict::Dictionaries;
    let load = |names: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("ru")).unwrap();
        std::fs::write(dir.path().join("ru/names.tsv"), names).unwrap();
        let mut dicts = Dictionaries::builtin().unwrap();
        dicts.add_dir(dir.path()).map(|()| dicts)
    };
    // The format before the `case` column still loads.
    let old = load("name\tkind\tlemma\tsource\nТунхуа\tplace\tТунхуа\t1\n").unwrap();
    let name = &old.get("ru").unwrap().names["тунхуа"];
    assert!(!name.prepositional);
    let new = load("name\tkind\tlemma\tsource\tcase\nТунхуе\tplace\tТунхуа\t1\tloct\n").unwrap();
    assert!(new.get("ru").unwrap().names["тунхуе"].prepositional);
    // A case the tool does not know is an error that names file and line.
    let err = load("name\tkind\tlemma\tsource\tcase\nТунхуе\tplace\tТунхуа\t1\tdatv\n")
        .expect_err("an unknown case is refused")
        .to_string();
    assert!(
        err.contains("names.tsv") && err.contains(":2") && err.contains("datv"),
        "{err}"
    );
}

#[test]
fn a_name_that_is_also_a_common_word_is_no_reason_for_a_capital() {
    // names.tsv lists Lake Success, General Walker, the port of Находка;
    // inside a sentence the common words stay small…
    let en = corrector("en");
    let got = changes(&en, "It was a great succoss for the wa1ker.\n");
    let replacements: Vec<&str> = got.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(replacements, ["success", "walker"], "{got:?}");
    let ru = corrector("ru");
    let got = changes(&ru, "Она сказала, что это была находкa.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, "находка");
    // …while a word the lexicon knows only as a name takes one.
    let got = changes(&ru, "Он говорил с тов. громьiко о встрече.\n");
    assert!(got.iter().any(|c| c.1 == "Громыко"), "{got:?}");
}

#[test]
fn decomposed_letters_and_stress_marks_are_read_as_the_word() {
    // `ё` and `й` typed as a letter and a combining mark, and the stress
    // marks of dictionaries and textbooks: known words, left alone.
    let ru = corrector("ru");
    let text = "Он приш\u{435}\u{308}л, ещ\u{435}\u{308} раз: отч\u{435}\u{308}т готов. Мои\u{306} прика\u{301}з по доро\u{301}ге.\n";
    assert_eq!(changes(&ru, text), []);
}

#[test]
fn words_printed_with_ligatures_are_read_as_their_letters() {
    // Print sets `fi`, `ff`, `fl` as one sign, and some OCR writes the sign:
    // known words, left alone (`oﬀ` is no misread `of`).
    let en = corrector("en");
    let text = "The ﬁrst oﬀer of the oﬃce was suﬃcient; the ﬂag was oﬀ.\n";
    assert_eq!(changes(&en, text), []);
    // A misread word with a ligature is corrected as any word.
    assert_eq!(
        changes(&en, "The ﬂowcrs were fine.\n"),
        [applied("ﬂowcrs", "flowers", "lexicon:en")]
    );
}

/// The changes of `rule` only.
fn of_rule(c: &Corrector, text: &str, rule: &str) -> Vec<(String, String, Action, String)> {
    changes(c, text)
        .into_iter()
        .filter(|ch| ch.3 == rule)
        .collect()
}

#[test]
fn a_line_typed_in_capitals_counts_its_words_misread_in_mixed_case() {
    let en = corrector("en");
    // Four words of six are in capitals only, but `wAS` and `sENT` are
    // capitals with one small letter each: the line is typed in capitals.
    assert_eq!(
        of_rule(
            &en,
            "THE REPORT wAS sENT TO THE COUNCIL\n",
            "case:caps-line"
        ),
        [
            applied("wAS", "WAS", "case:caps-line"),
            applied("sENT", "SENT", "case:caps-line"),
        ]
    );
    // A word with one capital is a word in small letters.
    assert_eq!(changes(&en, "The Report was sent to The Council\n"), []);
}

#[test]
fn a_line_of_acronyms_is_no_line_typed_in_capitals() {
    let en = corrector("en");
    // No common word among the capitals: acronyms, typed so in any line.
    for text in [
        "Use API/SSPI or SPNEGO.\n",
        "URL. FTP, FTPS, POP3, IMAP, SMTP, LDAP, etc.\n",
        // Names are no common words, however frequent.
        "NASA and IEEE or UNIX.\n",
    ] {
        assert_eq!(of_rule(&en, text, "case:caps-line"), [], "{text}");
    }
    // One is enough to make a line of capitals.
    assert_eq!(
        of_rule(&en, "SEND API/SSPI oR SPNEGO.\n", "case:caps-line"),
        [applied("oR", "OR", "case:caps-line")]
    );
}

#[test]
fn a_word_typed_in_small_letters_in_a_line_of_capitals_stays() {
    let en = corrector("en");
    // `or` and `and` have letters whose capitals have shapes of their own:
    // OCR does not read a whole word of them small; the typist wrote it so.
    for text in [
        "# warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n",
        "ESC, LFD, NEWLINE, RET, RETURN, SPC, SPACE, and TAB\n",
    ] {
        assert_eq!(of_rule(&en, text, "case:caps-line"), [], "{text}");
    }
    // A word of look-alikes only (`so`: `S`, `O`) may be capitals read
    // small throughout, and a word with a capital left is such a word.
    assert_eq!(
        of_rule(
            &en,
            "THE REPORT WAS so LATE THAT THE COUNCIL\n",
            "case:caps-line"
        ),
        [applied("so", "SO", "case:caps-line")]
    );
    assert_eq!(
        of_rule(
            &en,
            "THE REPORT WAS sENT TO THE COUNCIL\n",
            "case:caps-line"
        ),
        [applied("sENT", "SENT", "case:caps-line")]
    );
}

#[test]
fn the_rest_of_a_word_broken_at_a_line_end_loses_a_misread_capital() {
    let ru = corrector("ru");
    assert_eq!(
        of_rule(
            &ru,
            "Советская сторо-\nНа заинтересована в этом.\n",
            "case:broken"
        ),
        [applied("На", "на", "case:broken")]
    );
    let en = corrector("en");
    assert_eq!(
        of_rule(
            &en,
            "the packages of the Debian ar-\nChive are\n",
            "case:broken"
        ),
        [applied("Chive", "chive", "case:broken")]
    );
    // A name after the hyphen keeps its capital, even where the whole
    // without it is a word (`unamerican`), and so does the rest of a
    // compound the lexicon lists with its hyphen (`ди-джеи`, beside
    // `диджеи`).
    assert_eq!(
        of_rule(
            &en,
            "They were un-\nAmerican and anti-\nAmerican.\n",
            "case:broken"
        ),
        []
    );
    assert_eq!(
        of_rule(&ru, "Пришли ди-\nДжеи из клуба.\n", "case:broken"),
        []
    );
}

#[test]
fn a_name_of_the_period_read_with_digits_for_letters_is_that_name() {
    // Archive OCR of period newspapers reads `О` as `0`; the surname of a
    // member of the 1952 Presidium (names.tsv) is the word it is, not a
    // commoner surname one letter further (`КОРОБЧЕНКО`).
    let ru = corrector("ru");
    let got = changes(&ru, "Выступил товарищ К0Р0ТЧЕНК0 и с00бщило радио.\n");
    assert!(
        got.iter()
            .any(|c| c.0 == "К0Р0ТЧЕНК0" && c.1 == "КОРОТЧЕНКО" && c.2 == Action::Applied),
        "{got:?}"
    );
}
