//! Marks that OCR reads in place of a word's edge letter (`letter_marks` in
//! `lang.toml`).

mod common;

use common::changes;
use corrigenda::change::Action;

use common::corrector_for as corrector;

/// The changes as (original, replacement, action, rule) of borrowed strings.
fn borrowed(got: &[(String, String, Action, String)]) -> Vec<(&str, &str, Action, &str)> {
    got.iter()
        .map(|g| (g.0.as_str(), g.1.as_str(), g.2, g.3.as_str()))
        .collect()
}

#[test]
fn a_mark_in_place_of_an_edge_letter_goes_with_the_correction() {
    let en = corrector("en");
    let got = changes(&en, "Automatic upgrad= of packages is not recommended.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("upgrad=", "upgrade")
    );
    let ru = corrector("ru");
    let got = changes(&ru, "В ведении ‘оргпредства находятся склады.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2),
        ("‘оргпредства", "торгпредства", Action::Applied)
    );
}

#[test]
fn a_mark_in_place_of_an_edge_letter_makes_the_letter_cheap() {
    // `reques:` is `request` with `t` read as `:`; the mark makes the
    // candidate with a letter more on that side surer (`rogues`, `revues`
    // are as near to `reques` alone).
    let en = corrector("en");
    let got = changes(&en, "Then the reques: is sent.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2),
        ("reques:", "request", Action::Applied)
    );
    // A full stop is punctuation: no bonus, and `reques.` stays a
    // suggestion (beside a word that says nothing of it: `the request`
    // would make it surer).
    let got = changes(&en, "Then we sent reques.\n");
    assert!(got.iter().all(|g| g.2 == Action::Suggested), "{got:?}");
}

#[test]
fn english_typescript_reads_edge_letters_as_commas_stops_and_brackets() {
    let en = corrector("en");
    for (text, original, replacement) in [
        (
            "The whole developmen, and the rest.\n",
            "developmen,",
            "development",
        ),
        ("Take the sourc. package.\n", "sourc.", "source"),
        ("The ,ontrol file says so.\n", ",ontrol", "control"),
        ("A (ategory of its own.\n", "(ategory", "category"),
        // a bracket closed later on the line is a bracket
        ("A list (ategory and more) here.\n", "ategory", "category"),
    ] {
        let got = changes(&en, text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(
            (got[0].0.as_str(), got[0].1.as_str()),
            (original, replacement),
            "{text}"
        );
    }
}

#[test]
fn real_punctuation_stays() {
    // Russian keeps a comma or full stop after a word that lost its last
    // letter as punctuation.
    let ru = corrector("ru");
    let got = changes(&ru, "Это было сообщени, а не письмо.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "сообщени", "the comma stays: {got:?}");
    // A mark after a word that is corrected without adding a letter stays
    // (a speck the language's text never has there goes: see
    // `a_speck_beside_a_misread_word_goes_with_its_correction`).
    let got = changes(&ru, "Он сказал: «этнх= людей нет».\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("этнх", "этих"));
}

#[test]
fn signs_ocr_reads_for_letters_and_specks_at_a_line_start() {
    let ru = corrector("ru");
    let en = corrector("en");
    // A lone full stop at a line's start, apart from the first word, is a
    // speck (`line-start-speck` in patterns.toml); a dash is typed text.
    assert_eq!(
        changes(
            &ru,
            "Консульство сообщает\n. передавали Министерству высшего образования.\n"
        ),
        [(
            ". ".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/line-start-speck".to_string()
        )]
    );
    assert_eq!(changes(&ru, "Консульство сообщает\n- о работе.\n"), []);
    // `©` alone before a word in the prepositional case is `о`.
    assert_eq!(
        changes(
            &ru,
            "Консульство сообщает © работе советских специалистов.\n"
        ),
        [(
            "©".to_string(),
            "о".to_string(),
            Action::Applied,
            "pattern:ru/copyright-o".to_string()
        )]
    );
    // `@` is a misread `a` (confusions.tsv), inside a word too.
    assert_eq!(
        changes(&en, "Debi@n is a free system.\n"),
        [(
            "Debi@n".to_string(),
            "Debian".to_string(),
            Action::Applied,
            "boundary:join".to_string()
        )]
    );
}

#[test]
fn a_speck_read_as_a_mark_before_a_known_word_goes() {
    let ru = corrector("ru");
    let got = changes(
        &ru,
        "Решение включает ‘все вопросы и передано ‘в комиссию.\n",
    );
    let speck = |w: &str| {
        (
            String::from("‘"),
            String::new(),
            Action::Applied,
            w.to_string(),
        )
    };
    assert_eq!(got, [speck("speck:ru"), speck("speck:ru")]);
    // A letter in the mark's place may make a word as common: a letter
    // lost (`‘а`: на; `‘окинул`: покинул), not a speck.
    for text in [
        "Груз прибыл ‘а станцию вовремя.\n",
        "Он ‘окинул город вчера.\n",
    ] {
        assert_eq!(changes(&ru, text), [], "{text}");
    }
    // After a word too (`числе’`), unless it closes a quotation.
    let speck = |w: &str| {
        (
            String::from("’"),
            String::new(),
            Action::Applied,
            w.to_string(),
        )
    };
    let got = changes(&ru, "Передано в том числе’ зерно и мука.\n");
    assert_eq!(got, [speck("speck:ru")]);
    let text = "Формат строки ‘название - описание’ обязателен.\n";
    assert!(changes(&ru, text).iter().all(|g| g.0 != "’"), "{text}");
    // A quotation ends with a word, not a piece of one OCR broke: the `’`
    // after `дву` (of `двусторонними`) closes none, and `‘` is a speck.
    let text = "Прием будет ‘оформляться дву’ торонними актами.\n";
    assert!(
        changes(&ru, text)
            .iter()
            .any(|g| g.0 == "‘" && g.1.is_empty() && g.2 == Action::Applied),
        "{text}: {:?}",
        changes(&ru, text)
    );
    // The typewriter has no backtick: one glued before or after a known
    // word is a speck, and so is a `‘` after one; a quotation in the style
    // of manual pages (`` `файл' ``) keeps its marks, and so do backticks
    // around words (`` `действие` ``, as code is quoted).
    let got = changes(&ru, "Пакеты `другими словами.\nИ данное действие` тоже.\n");
    let speck = |w: &str| {
        (
            w.to_string(),
            String::new(),
            Action::Applied,
            "speck:ru".to_string(),
        )
    };
    assert_eq!(got, [speck("`"), speck("`")]);
    let got = changes(&ru, "Нажмите Ответить‘ и ждите.\n");
    assert_eq!(got, [speck("‘")]);
    for text in [
        "Укажите `файл' в каталоге.\n",
        "Пакеты `другими словами и данное действие` тоже.\n",
    ] {
        assert!(changes(&ru, text).iter().all(|g| g.0 != "`"), "{text}");
    }
    // English quotes with `‘`, so its built-in data lists no speck: a
    // quotation may run longer than the words the rule looks over.
    let text = "DEPARTMENT OF STATE INCOMING ‘TELEGRAM SECRET\n";
    assert_eq!(changes(&corrector("en"), text), []);
    // A collection of English typescript may list it.
    let en = common::corrector_with_layer(
        "en",
        &[(
            "en/lang.toml",
            "code = \"en\"\nletter_marks = { specks_before = \"‘\" }\n",
        )],
    );
    let got = changes(&en, text);
    assert_eq!(
        got,
        [(
            "‘".to_string(),
            String::new(),
            Action::Applied,
            "speck:en".to_string()
        )]
    );
    // A quotation it opens, closed within a few words, and a mark before
    // a letter alone that is no common word (`YEAR ‘S`, `‘x`) stay.
    for text in [
        "The word ‘local section’ is defined below.\n",
        "The report of LAST YEAR ‘S HARVEST was sent.\n",
        "The value ‘x is set.\n",
    ] {
        assert_eq!(changes(&en, text), [], "{text}");
    }
}

#[test]
fn a_speck_beside_a_misread_word_goes_with_its_correction() {
    let ru = corrector("ru");
    for (text, original, replacement) in [
        ("Отгрузка в этнх’ условиях невозможна.\n", "этнх’", "этих"),
        ("Отгрузка в ‘этнх условиях невозможна.\n", "‘этнх", "этих"),
    ] {
        let got = changes(&ru, text);
        assert_eq!(
            borrowed(&got),
            [(original, replacement, Action::Applied, "lexicon:ru")],
            "{text}"
        );
    }
    // The misread word quoted keeps its quotes.
    let got = changes(&ru, "Отгрузка в ‘этнх’ условиях невозможна.\n");
    assert_eq!(
        borrowed(&got),
        [("этнх", "этих", Action::Applied, "lexicon:ru")],
        "{got:?}"
    );
}

#[test]
fn a_sign_read_for_a_letter_before_a_known_word_is_that_letter() {
    let en = corrector("en");
    let got = changes(&en, "The files @nd the @pt tool.\nWe know @bout it.\n");
    let signs = borrowed(&got);
    // `@pt` stays: `apt` is no commoner than `pt`.
    assert_eq!(
        signs,
        [
            ("@nd", "and", Action::Applied, "sign:en"),
            ("@bout", "about", Action::Applied, "sign:en"),
        ]
    );
}

#[test]
fn a_mark_read_for_a_last_letter_after_a_known_word_is_that_letter() {
    let en = corrector("en");
    let got = changes(
        &en,
        "Install th= packages and check th: list.\nThe cod® is free.\n",
    );
    let signs = borrowed(&got);
    assert_eq!(
        signs,
        [
            ("th=", "the", Action::Applied, "sign:en"),
            ("th:", "the", Action::Applied, "sign:en"),
            ("cod®", "code", Action::Applied, "sign:en"),
        ]
    );
    // Not where the word with the letter is not far commoner (`use` than
    // `us`), where the mark makes several words (`it`, `is`, `in`), nor for
    // a full stop or an apostrophe (a word cut short: `th'`, as `goin'`).
    for text in [
        "Tell us® the news.\n",
        "The answer i: yes.\n",
        "He read th' list.\n",
        "See th. list.\n",
    ] {
        assert_eq!(changes(&en, text), [], "{text}");
    }
    // A word in capitals before a colon is a label, however common the
    // word with a letter more (`COME`, `HOPE`).
    for text in [
        "; COM: this test is not run yet\n",
        "FOR HOP: SEE THE REPORT\n",
    ] {
        assert_eq!(changes(&en, text), [], "{text}");
    }
    let ru = corrector("ru");
    assert_eq!(
        changes(&ru, "Чтоб» установить пакет, нажмите клавишу.\n"),
        [(
            "Чтоб»".to_string(),
            "Чтобы".to_string(),
            Action::Applied,
            "sign:ru".to_string()
        )]
    );
}

#[test]
fn a_lone_sign_the_page_reads_for_a_letter_is_that_word() {
    let en = corrector("en");
    // The page reads `@` for `a` in words (`@nd`, `@bout`): a lone `@`
    // between two words is the word `a`.
    let text = "The files @nd the notes @bout it.\nThis is @ new release.\n";
    let got = changes(&en, text);
    assert!(
        got.contains(&(
            "@".to_string(),
            "a".to_string(),
            Action::Applied,
            "sign:en".to_string()
        )),
        "{got:?}"
    );
    // A page about the sign itself, with no word read so, keeps it.
    let text = "Prefix the file name with an @ sign to read it.\n";
    assert_eq!(changes(&en, text), [], "{text}");
    let text = "The notes @bout it.\nThis is @ new release.\n";
    assert!(changes(&en, text).iter().all(|g| g.0 != "@"), "{text}");
}

#[test]
fn a_closing_quote_is_a_letter_only_where_no_quote_opens_it() {
    let ru = corrector("ru");
    // `»` for the last letter of `механизм`…
    let got = changes(&ru, "Работает механиз» подачи топлива.\n");
    assert_eq!(
        got,
        [(
            "механиз»".to_string(),
            "механизм".to_string(),
            Action::Applied,
            "lexicon:ru".to_string()
        )]
    );
    // …but a quotation's closing mark where `«` opens it on the line.
    let got = changes(&ru, "Работает «механиз» подачи топлива.\n");
    assert!(got.iter().all(|g| g.0 == "механиз"), "{got:?}");
}

#[test]
fn a_quotation_is_what_the_languages_paired_marks_say() {
    let ru = corrector("ru");
    let speck = (
        "‚".to_string(),
        String::new(),
        Action::Applied,
        "speck:ru".to_string(),
    );
    // A low comma glued before a known word is a speck in Russian…
    let got = changes(&ru, "Решение включает ‚все вопросы повестки.\n");
    assert_eq!(got, std::slice::from_ref(&speck));
    // …unless it opens a quotation closed nearby (`‚…‘`, `paired_marks`).
    let quoted = "Слова ‚все вопросы‘ взяты в кавычки.\n";
    assert!(changes(&ru, quoted).iter().all(|g| g.0 != "‚"));
    // The pairs are data: a collection whose text pairs no low comma with
    // a high one (its `lang.toml` lists other pairs) loses the mark.
    let layered = common::corrector_with_layer(
        "ru",
        &[(
            "ru/lang.toml",
            "code = \"ru\"\npaired_marks = [\"«»\", \"„“\"]\n",
        )],
    );
    assert_eq!(
        changes(&layered, quoted)
            .into_iter()
            .filter(|g| g.0 == "‚")
            .collect::<Vec<_>>(),
        [speck]
    );
}

#[test]
fn a_paired_mark_entry_that_is_no_pair_is_refused() {
    let err = common::layer_error(&[(
        "ru/lang.toml",
        "code = \"ru\"\n\npaired_marks = [\"«»\", \"«\"]\n",
    )]);
    assert!(err.contains("lang.toml:3:"), "{err}");
    assert!(err.contains("\"«\" is not two characters"), "{err}");
}

#[test]
fn marks_set_apart_after_a_lines_last_mark_are_specks() {
    let ru = corrector("ru");
    let text = "Поставил следующие вопросы: :\nОтправлено 300 вагонов. . .\n";
    // The colons after the colon go; a spaced ellipsis stays.
    assert_eq!(
        changes(&ru, text),
        [(
            " :".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/line-end-mark-again".to_string()
        )]
    );
    let en = corrector("en");
    let got = changes(&en, "WILL REPORT RESULTS. : :\n");
    assert_eq!(
        got,
        [(
            " : :".to_string(),
            String::new(),
            Action::Applied,
            "pattern:en/line-end-mark-again".to_string()
        )]
    );
    // A colon set apart after a word may be the author's (`file :`).
    assert_eq!(
        changes(&ru, "Вывести три строки от конца файла file :\n"),
        []
    );
}

#[test]
fn a_run_of_specks_at_a_lines_end_goes_together() {
    // Lone marks and letters that are no word, after the line's closing
    // mark: the rules for one speck took only the last (`г`).
    let ru = corrector("ru");
    let text = "в связи с окончанием командировки . х : г\n\n2. Разрешить выезд.\n";
    assert_eq!(
        changes(&ru, text),
        [(
            " х : г".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/line-end-junk".to_string()
        )]
    );
    // A letter that is a word (`в`, `к`, `с`) ends no such run.
    assert_eq!(changes(&ru, "Отправлено в Москву. : с\n"), []);
}

#[test]
fn a_speck_after_a_lines_last_mark_is_no_sign() {
    // `|`, `°` or a closing brace set apart at a line's end, after a word
    // or after the line's own closing mark
    let ru = corrector("ru");
    for (text, speck) in [
        ("составило 2,5 млн. рублей. }\n", " }"),
        ("засчитывается в трудовой стаж; |\n", " |"),
        ("конец строки °\n", " °"),
    ] {
        assert_eq!(
            changes(&ru, text),
            [(
                speck.to_string(),
                String::new(),
                Action::Applied,
                "pattern:ru/line-end-speck".to_string()
            )],
            "{text}"
        );
    }
    // code keeps its braces
    let en = corrector("en");
    assert_eq!(changes(&en, "define d (n) { return (2*n); }\n"), []);
}

#[test]
fn a_mark_set_apart_after_a_line_end_hyphen_or_a_closing_mark_is_a_speck() {
    let ru = corrector("ru");
    let text = "по сообщениям самих студентов, сти- :\nпендии не хватает.\n";
    let applied: Vec<_> = changes(&ru, text)
        .into_iter()
        .filter(|c| c.2 == Action::Applied)
        .collect();
    assert_eq!(
        applied,
        [(
            " :".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/hyphen-end-speck".to_string()
        )]
    );
    // a dash set apart is no hyphen
    assert_eq!(changes(&ru, "пункт - :\n"), []);
    let en = corrector("en");
    assert_eq!(
        changes(&en, "Where are the distributions? ;\n"),
        [(
            " ;".to_string(),
            String::new(),
            Action::Applied,
            "pattern:en/line-end-mark-again".to_string()
        )]
    );
}

#[test]
fn a_mark_set_apart_at_the_end_of_a_line_in_capitals_is_a_speck() {
    let en = corrector("en");
    let text = "6. FAILURE OF COLLECTION WOULD IN OUR VIEW HAVE SERIOUS :\n\
                CONSEQUENCES FOR STABILITY.\n";
    assert_eq!(
        changes(&en, text),
        [(
            " :".to_string(),
            String::new(),
            Action::Applied,
            "pattern:en/caps-line-end-mark".to_string()
        )]
    );
    // A manual page sets one after words in small letters: left alone.
    assert_eq!(changes(&en, "a system, called Debian GNU/Hurd .\n"), []);
    // A small letter that is no word is a speck there too; `и` is a word.
    let ru = corrector("ru");
    let got = changes(&ru, "ДОКЛАДНАЯ ЗАПИСКА р\n");
    assert_eq!(
        got,
        [(
            " р".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/caps-line-end-mark".to_string()
        )]
    );
    assert_eq!(changes(&ru, "МИНИСТЕРСТВУ ИНОСТРАННЫХ ДЕЛ СССР и\n"), []);
    // A consonant after a full stop set apart is a speck as after a glued one.
    let got = changes(&ru, "и складских помещений . х\n");
    assert_eq!(
        got,
        [(
            " х".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/lone-consonant-end".to_string()
        )]
    );
}

#[test]
fn a_typographic_apostrophe_is_the_apostrophe() {
    // `fold` in en/lang.toml: `don’t`, `it’s`, `we’re` are the words the
    // lexicon writes `don't`, `it's`, `we're`; nothing to correct…
    let en = corrector("en");
    let got = changes(
        &en,
        "If it’s necessary, we’re told that you don’t need the ministers’ consent.\n",
    );
    assert_eq!(got, []);
    // …and a contraction with a misread letter is still corrected, its
    // apostrophe kept.
    let got = changes(
        &en,
        "If it’s necessary, we’re told that you dcn’t need it.\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("dcn’t", "don’t"));
}

#[test]
fn a_points_number_misread_with_a_hyphen_or_comma_gets_its_full_stop() {
    let mark = |lang: &str| {
        (
            ",".to_string(),
            ".".to_string(),
            Action::Applied,
            format!("pattern:{lang}/list-number-mark"),
        )
    };
    let ru = corrector("ru");
    assert_eq!(
        changes(
            &ru,
            "Вывоз задерживается из-за доставки. 2, Поручить министерству\n"
        ),
        [mark("ru")]
    );
    // After a colon, which OCR reads from specks too (`того, Чэнь` read
    // `то: 7, Чэнь`), and inside a sentence, a number and a comma stay.
    assert_eq!(
        changes(&ru, "Он приехал в 1950, Москва встретила его.\n"),
        []
    );
    assert_eq!(changes(&ru, "Кроме то: 7, Чэнь Лян-фу просил.\n"), []);
    let en = corrector("en");
    assert_eq!(
        changes(
            &en,
            "It runs on a running system. 7.6, What is a package?\n"
        ),
        [mark("en")]
    );
    let mut hyphen = mark("en");
    hyphen.0 = "-".to_string();
    assert_eq!(
        changes(&en, "PER MONTH. 2- CHAIRMAN STATED THAT\n"),
        [hyphen]
    );
    // Old print sets an address's number with a comma after a sentence.
    assert_eq!(
        changes(&en, "TO SECURE THE CHOICE. 22, DOVECOT STREET.\n"),
        []
    );
}

#[test]
fn a_full_stop_glued_to_a_word_no_sentence_ends_with_is_a_speck() {
    let removed = |lang: &str, rule: &str| {
        (
            ".".to_string(),
            String::new(),
            Action::Applied,
            format!("pattern:{lang}/{rule}"),
        )
    };
    let ru = corrector("ru");
    assert_eq!(
        changes(
            &ru,
            "Издать учебники по общественным дисциплинам за. счет тиража.\n"
        ),
        [removed("ru", "stop-after-preposition")]
    );
    // A one-letter preposition may be an abbreviation (`XIX в.`), and a
    // capital after the stop starts a sentence.
    assert_eq!(changes(&ru, "Так было в XIX в. по всей стране.\n"), []);
    assert_eq!(changes(&ru, "Мы пошли на. Затем вернулись.\n"), []);
    let en = corrector("en");
    assert_eq!(
        changes(&en, "It is a feature enabling the. in-place upgrade.\n"),
        [removed("en", "stop-after-article")]
    );
    assert_eq!(
        changes(&en, "This is what it is made of. The rest follows.\n"),
        []
    );
}

#[test]
fn a_second_full_stop_glued_after_a_russian_word_is_a_speck() {
    let ru = corrector("ru");
    assert_eq!(
        changes(
            &ru,
            "НЬЮ-ЙОРК, 18 октября.. (ТАСС). По сообщению агентства.\n"
        ),
        [(
            ".".to_string(),
            String::new(),
            Action::Applied,
            "pattern:ru/stop-again".to_string()
        )]
    );
    // An ellipsis keeps its three.
    assert_eq!(changes(&ru, "И так далее... Потом пришли.\n"), []);
}
