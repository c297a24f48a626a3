//! Word boundaries: joins, splits, line-end hyphenation, letter-spacing.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::{Cache, Corrector, LangChoice, Options};

fn corrector(dehyphenate: bool, join_spaced: bool) -> Corrector {
    common::corrector(Options {
        lang: LangChoice::Code("ru".into()),
        dehyphenate,
        join_spaced,
        ..Options::default()
    })
}

/// An English corrector with the default options.
fn english() -> Corrector {
    common::corrector(Options {
        lang: LangChoice::Code("en".into()),
        ..Options::default()
    })
}

/// An applied join of `original` into `replacement`.
fn joined(original: &str, replacement: &str) -> (String, String, Action, String) {
    one(original, replacement, Action::Applied, "boundary:join")
}

/// Asserts that no join is among the changes `c` makes of `text`.
fn assert_no_join(c: &Corrector, text: &str) {
    let got = changes(c, text);
    assert!(
        got.iter().all(|g| g.3 != "boundary:join"),
        "{text}: {got:?}"
    );
}

use common::change as one;

#[test]
fn a_listed_pair_is_joined_unless_the_next_word_makes_it_a_phrase() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "По этому мы считаем, что это так.\n"),
        [joined("По этому", "Поэтому")]
    );
    assert_eq!(changes(&c, "Мы говорили по этому делу долго.\n"), []);
    // a particle does not hide the word that makes the phrase
    assert_eq!(changes(&c, "Мы пошли по тому же пути.\n"), []);
    assert_eq!(changes(&c, "Он писал по этому же вопросу.\n"), []);
    // before a comma both readings are Russian (`потому, что`; `судя по
    // тому, что` - judging by what): only suggested
    assert_eq!(
        changes(&c, "Судя по тому, что он сказал, дело плохо.\n"),
        [one("по тому", "потому", Action::Suggested, "boundary:join")]
    );
}

#[test]
fn a_split_with_an_unknown_part_is_joined() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "МИНИСТЕРСТВО ИНОС ТРАННЫХ ДЕЛ\n"),
        [joined("ИНОС ТРАННЫХ", "ИНОСТРАННЫХ")]
    );
}

#[test]
fn a_line_end_hyphen_that_ocr_lost_is_put_back() {
    let c = corrector(false, false);
    let got = changes(&c, "построено гидротехниче\nское сооружение\n");
    assert_eq!(
        got,
        [one("", "-", Action::Applied, "boundary:line-end-hyphen")]
    );
}

#[test]
fn line_end_hyphenation_is_recognised_and_joined_only_on_request() {
    let text = "окажите помощь по созданию добро-\nвольных частей\n";
    let suggested = changes(&corrector(false, false), text);
    assert_eq!(
        suggested,
        [one("-\n", "", Action::Suggested, "boundary:dehyphenate")]
    );
    let c = corrector(true, false);
    let out = c.correct_text(text, &mut Cache::default());
    assert_eq!(
        out.output,
        "окажите помощь по созданию добровольных частей\n"
    );
}

#[test]
fn letter_spaced_words_are_recognised_and_closed_up_only_on_request() {
    let text = "\" М о с к в а - К р е м л ь .\n";
    let got = changes(&corrector(false, false), text);
    assert_eq!(
        got,
        [
            one(
                "М о с к в а",
                "Москва",
                Action::Suggested,
                "boundary:letter-spaced"
            ),
            one(
                "К р е м л ь",
                "Кремль",
                Action::Suggested,
                "boundary:letter-spaced"
            ),
        ]
    );
    let out = corrector(false, true).correct_text(text, &mut Cache::default());
    assert_eq!(out.output, "\" Москва - Кремль .\n");
}

#[test]
fn a_merged_word_is_split() {
    let c = corrector(false, false);
    let got = changes(&c, "для всехслучаев\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].3.as_str()),
        ("всехслучаев", "всех случаев", "boundary:split")
    );
}

#[test]
fn a_mark_read_for_a_letter_inside_a_word_is_searched_as_a_letter() {
    let en = common::corrector(Options::default());
    let got = changes(&en, "The project is curren:ly maintained by volunteers.\n");
    assert_eq!(got, [joined("curren:ly", "currently")]);
}

#[test]
fn a_sign_read_for_a_letter_is_that_letter_even_in_a_short_word() {
    // `@` for `a`, `@` and `®` for an `e` whose eye the ink filled, `°`
    // for a faint `e` (confusions.tsv), between two known pieces (`kern`,
    // `l`) and in words of four letters.
    let en = english();
    let got = changes(&en, "Please n@me the kern@l and k\u{b0}ep it.\n");
    let join = |a: &str, b: &str| one(a, b, Action::Applied, "boundary:join");
    assert_eq!(
        got,
        [
            join("n@me", "name"),
            join("kern@l", "kernel"),
            join("k\u{b0}ep", "keep")
        ]
    );
    // A word that goes on past the pieces is not corrected in part
    // (`p&ack®ge` is no `p&package`); a hyphen is no such mark.
    let got = changes(&en, "Then build the p&ack\u{ae}ge again.\n");
    assert!(!got.iter().any(|g| g.1.contains("package")), "{got:?}");
    // Signs that are no letters stay: `a|b`, `x=y`.
    assert_eq!(changes(&en, "Set x=y and pipe a|b now.\n"), []);
}

#[test]
fn a_mark_read_for_a_space_between_known_words_becomes_a_space() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Среди.них были инженеры\n"),
        [one(".", " ", Action::Applied, "boundary:split")]
    );
    assert_eq!(
        changes(&c, "Пришли те‘или иные\n"),
        [one("‘", " ", Action::Applied, "boundary:split")]
    );
    // Latin words joined by a full stop are file names and addresses.
    let en = common::corrector(Options::default());
    assert_eq!(changes(&en, "edit sources.list and the part.of it\n"), []);
}

#[test]
fn the_number_sign_gets_its_space() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Экз. №2 ТОВ. МИКОЯНУ\n"),
        [one("", " ", Action::Applied, "pattern:ru/numero-space")]
    );
}

#[test]
fn a_split_word_whose_join_needs_an_ocr_edit_is_joined() {
    let c = corrector(false, false);
    // A known piece (`кот`) and a fragment: the join lacks a letter.
    assert_eq!(
        changes(
            &c,
            "Документы, кот рые были получены вчера, переданы в отдел.\n"
        ),
        [joined("кот рые", "которые")]
    );
    // Two unknown pieces, one of them misread as well.
    assert_eq!(
        changes(&c, "Это было сушест зенное изменение плана.\n"),
        [joined("сушест зенное", "существенное")]
    );
    let en = common::corrector(Options::default());
    assert_eq!(
        changes(&en, "This is typi ally done by the administrator.\n"),
        [joined("typi ally", "typically")]
    );
}

#[test]
fn letters_lost_where_ocr_read_the_space_are_cheap() {
    // OCR read a faint letter as the space: the join's missing letter is
    // where the space was, so `inspections` (a letter at the gap) beats
    // `infections` (a letter changed away from it).
    let en = common::corrector(Options::default());
    assert_eq!(
        changes(
            &en,
            "The engine was checked at regular ins ections by the crew.\n"
        ),
        [joined("ins ections", "inspections")]
    );
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Наш предст витель прибыл в город вчера вечером.\n"),
        [joined("предст витель", "представитель")]
    );
}

#[test]
fn a_letter_that_is_no_word_is_a_piece_of_one() {
    let c = corrector(false, false);
    // `х` alone is no Russian word: the last letters of `экономических`.
    assert_eq!(
        changes(&c, "Обсуждались вопросы экономическ х связей двух стран.\n"),
        [joined("экономическ х", "экономических")]
    );
    // `в` and `и` are words of their own.
    assert_eq!(changes(&c, "Он пришел в дом и сел у окна.\n"), []);
}

#[test]
fn a_join_in_capitals_is_written_in_capitals() {
    let en = common::corrector(Options::default());
    assert_eq!(
        changes(&en, "Iv PLEMENTATION OF THE PLAN WAS DELAYED.\n"),
        [joined("Iv PLEMENTATION", "IMPLEMENTATION")]
    );
}

#[test]
fn a_known_word_beside_a_misread_word_is_not_swallowed() {
    let c = corrector(false, false);
    // `враоте` is near `работе` alone: the preposition is a word of its own.
    let got = changes(&c, "Он пришел в раоте поздно.\n");
    assert!(got.iter().all(|g| !g.3.starts_with("boundary")), "{got:?}");
    // Both words known, the pair not listed: a real phrase.
    assert_eq!(changes(&c, "Мы говорили по этому делу долго.\n"), []);
    // a particle does not hide the word that makes the phrase
    assert_eq!(changes(&c, "Мы пошли по тому же пути.\n"), []);
    assert_eq!(changes(&c, "Он писал по этому же вопросу.\n"), []);
    // before a comma both readings are Russian (`потому, что`; `судя по
    // тому, что` - judging by what): only suggested
    assert_eq!(
        changes(&c, "Судя по тому, что он сказал, дело плохо.\n"),
        [one("по тому", "потому", Action::Suggested, "boundary:join")]
    );
}

#[test]
fn a_piece_of_a_longer_word_is_not_joined_into_a_shorter_one() {
    let c = corrector(false, false);
    // `специа ль -` goes on on the next line (`специальностям`): its two
    // pieces alone would make `специально`.
    assert_no_join(&c, "обучение по специа ль -\nностям и предметам\n");
}

#[test]
fn a_mark_read_for_a_letter_beside_a_space_is_searched_as_a_letter() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Вопрос являе. ся важным для нас.\n"),
        [joined("являе. ся", "является")]
    );
    // A full stop that ends a sentence stays.
    assert_eq!(
        changes(&c, "Работа закончена на заводе. Было холодно.\n"),
        []
    );
    // The rest after the mark may be a known word of two letters
    // (`ry`): it is as often the word's end.
    let en = english();
    assert_eq!(
        changes(&en, "THE MINIS: RY WILL NOT ABANDON THE QUOTA.\n"),
        [joined("MINIS: RY", "MINISTRY")]
    );
    assert_eq!(changes(&en, "Read the note: it is short.\n"), []);
}

#[test]
fn a_mark_read_for_a_space_beside_a_misread_word_becomes_a_space() {
    let c = corrector(false, false);
    // The misread word is surely corrected on its own, and by its own rule.
    assert_eq!(
        changes(&c, "Затем.сообщнли нам.\n"),
        [
            one(".", " ", Action::Applied, "boundary:split"),
            one("сообщнли", "сообщили", Action::Applied, "lexicon:ru"),
        ]
    );
    // A word of one letter after the mark may be the end of the word.
    assert_eq!(
        changes(&c, "совместно с организация:и договорились\n")
            .iter()
            .filter(|g| g.3.starts_with("boundary"))
            .count(),
        0
    );
}

#[test]
fn a_speck_before_the_rest_of_a_hyphenated_word_is_taken_out() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Мы считаем это доста-\n‘точным для начала.\n"),
        [
            one("-\n", "", Action::Suggested, "boundary:dehyphenate"),
            joined("‘", ""),
        ]
    );
    // The rest misread as well: corrected with the whole word in view.
    assert_eq!(
        changes(&c, "Работу ведут группы специ-\n‘апистов завода.\n"),
        [
            one("-\n", "", Action::Suggested, "boundary:dehyphenate"),
            joined("‘апистов", "алистов"),
        ]
    );
    // With --dehyphenate the word is whole in the output.
    let out = corrector(true, false).correct_text(
        "Мы считаем это доста-\n‘точным для начала.\n",
        &mut Cache::default(),
    );
    assert_eq!(out.output, "Мы считаем это достаточным для начала.\n");
}

#[test]
fn a_word_glued_by_a_mark_may_still_be_joined_with_its_other_neighbour() {
    let c = corrector(false, false);
    let text = "Совет определил приорите ты:работы на год.\n";
    assert_eq!(
        changes(&c, text),
        [
            joined("приорите ты", "приоритеты"),
            one(":", " ", Action::Applied, "boundary:split"),
        ]
    );
    let out = c.correct_text(text, &mut Cache::default());
    assert_eq!(out.output, "Совет определил приоритеты работы на год.\n");
    // And the other way round: the word after the mark is joined with its
    // next neighbour first (a mark read for a letter, `заместит: ЛЬ`).
    let got = changes(&c, "Для этой цели выехал.заместит: ЛЬ министра.\n");
    assert!(
        got.contains(&one(".", " ", Action::Applied, "boundary:split")),
        "{got:?}"
    );
    // The mark made a space ends no sentence: the join, whose case its
    // pieces leave open, goes on in small letters…
    assert!(
        got.contains(&joined("заместит: ЛЬ", "заместитель")),
        "{got:?}"
    );
    // …as it begins with a capital after a full stop that stays.
    assert!(
        changes(&c, "Для этой цели выехал. заместит: ЛЬ министра.\n")
            .contains(&joined("заместит: ЛЬ", "Заместитель"))
    );
}

#[test]
fn known_words_are_joined_only_when_a_rare_piece_makes_the_pair_unlikely() {
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Мы решили пер едать документы завтра.\n"),
        [joined("пер едать", "передать")]
    );
    // Common pairs whose join is a word too are left alone.
    assert_eq!(changes(&c, "Он сделал так же, как мы.\n"), []);
    assert_eq!(changes(&c, "Это случилось во время войны.\n"), []);
    assert_eq!(changes(&c, "По данным отдела, всё готово.\n"), []);
    // Two common words of three letters or more are a phrase, however much
    // commoner their join (`percent`, `website`); a piece of two letters
    // is as often a fragment.
    let en = english();
    assert_eq!(
        changes(&en, "Prices rose by ten per cent, as the web site says.\n"),
        []
    );
    assert_eq!(
        changes(&en, "We sent a re quest to the office.\n"),
        [joined("re quest", "request")]
    );
    // A join far rarer than its rarer piece is an open compound
    // (`keybindings`), while a split word is commoner than its rare piece.
    assert_eq!(changes(&en, "Enter the key bindings in the file.\n"), []);
    assert_eq!(
        changes(&en, "We were con tented with the spar row.\n"),
        [
            joined("con tented", "contented"),
            joined("spar row", "sparrow")
        ]
    );
}

#[test]
fn two_capitalised_known_words_are_a_name_not_a_split_word() {
    let en = english();
    // `Ty Coon` makes `tycoon`, but OCR does not give the second half of a
    // word a capital.
    assert_no_join(&en, "Signed, Ty Coon, President of Vice.\n");
    // `Deum` is no English word: `Tedium` is searched, and only proposed.
    let got = changes(&en, "They sang a Te Deum.\n");
    assert!(
        got.iter()
            .all(|g| g.3 != "boundary:join" || g.2 == Action::Suggested),
        "{got:?}"
    );
    // Unless the capital has its small letter's shape and the first word is
    // no name: `С` read for `с`.
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "Группа прибыла на Китайскую Во Сточного дорогу.\n")
            .into_iter()
            .filter(|g| g.3 == "boundary:join")
            .collect::<Vec<_>>(),
        [joined("Во Сточного", "Восточного")]
    );
}

#[test]
fn a_word_with_a_capital_of_its_own_shape_is_no_rest_of_a_split_word() {
    let en = english();
    // `L` and `T` do not look like `l` and `t`: OCR read them as capitals
    // because they are (`collaborated`, `constant` searched otherwise).
    for text in [
        "Copyright 2015 Collabora Ltd.\n",
        "passing a pointer of type const T to it.\n",
    ] {
        assert_no_join(&en, text);
    }
}

#[test]
fn names_of_computing_text_and_words_of_two_languages_stay_apart() {
    let c = corrector(false, false);
    // An underscore joins the words of a name; a comma and a space end an
    // item; a Latin and a Cyrillic word are no one word.
    let text = "Скопировать входной_файл в выходной_файл; методы DES, MD5 и SHA.\n\
                Программа mandb не запускается, а groff по умолчанию работает.\n";
    let got = changes(&c, text);
    assert!(
        !got.iter()
            .any(|g| g.3.starts_with("boundary") && g.2 == Action::Applied),
        "{got:?}"
    );
}

#[test]
fn a_known_word_in_small_letters_is_not_joined_to_one_in_capitals() {
    let en = english();
    // `an IMAP`, `or DER` and `Set TLS` make `ANIMAL`, `ORDER`, `SETTLE`.
    assert_no_join(
        &en,
        "Connect to an IMAP server, in PEM or DER form. Set TLS on.\n",
    );
}

#[test]
fn two_short_words_are_not_joined_into_a_short_one() {
    // `tu` (a rare name) twice makes the rarer `tutu`; a join needs five
    // letters.
    let en = english();
    assert_eq!(changes(&en, "Tu tU I went there.\n"), []);
    assert_eq!(
        changes(&en, "We went to an ot her place.\n"),
        [joined("ot her", "other")]
    );
}

#[test]
fn an_unknown_word_made_of_two_known_ones_is_split_only_as_a_suggestion() {
    // Technical compounds (`autoclean`) split into two real words as well
    // as merged ones do.
    let en = common::corrector(Options::default());
    assert_eq!(
        changes(&en, "Run apt-get autoclean to free space.\n"),
        [one(
            "autoclean",
            "auto clean",
            Action::Suggested,
            "boundary:split"
        )]
    );
}

#[test]
fn a_misread_word_broken_at_a_line_end_is_corrected_in_the_part_misread() {
    let c = corrector(false, false);
    let text = "Это лишит их возмох-\nности использовать из послед-\nпих сил.\n";
    assert_eq!(
        changes(&c, text),
        [
            one("возмох", "возмож", Action::Applied, "lexicon:ru"),
            one("пих", "них", Action::Applied, "lexicon:ru"),
        ]
    );
    // The break stays where it was.
    let out = c.correct_text(text, &mut Cache::default());
    assert_eq!(
        out.output,
        "Это лишит их возмож-\nности использовать из послед-\nних сил.\n"
    );
    // A compound's own hyphen is the one at the line end: the part gets
    // no second one.
    let text = "Работа научно-\nисследоватепьских институтов идёт.\n";
    assert_eq!(
        changes(&c, text),
        [one(
            "исследоватепьских",
            "исследовательских",
            Action::Applied,
            "lexicon:ru"
        )]
    );
}

#[test]
fn suggest_only_in_the_data_keeps_a_rule_to_the_reviewer() {
    let text = "He showed great con tempt for tbe ex ample.\n";
    let with = |list: &str| {
        let toml = format!("code = \"en\"\nsuggest_only = [{list}]\n");
        common::changes(
            &common::corrector_with_layer("en", &[("en/lang.toml", &toml)]),
            text,
        )
    };
    let action = |changes: &[(String, String, Action, String)], original: &str| {
        changes
            .iter()
            .find(|c| c.0 == original)
            .unwrap_or_else(|| panic!("{original} in {changes:?}"))
            .2
    };
    for list in ["", "\"bound\"", "\"boundary:joi\"", "\"lexicon:en\""] {
        let c = with(list);
        assert_eq!(action(&c, "con tempt"), Action::Applied, "{list}");
        assert_eq!(action(&c, "tbe"), Action::Applied, "{list}");
    }
    // a rule id, or the family it belongs to
    for list in [
        "\"boundary:join\"",
        "\"boundary\"",
        "\"misreadings\", \"boundary\"",
    ] {
        let c = with(list);
        assert_eq!(action(&c, "con tempt"), Action::Suggested, "{list}");
        assert_eq!(action(&c, "ex ample"), Action::Suggested, "{list}");
        let tbe = if list.contains("misreadings") {
            Action::Suggested
        } else {
            Action::Applied
        };
        assert_eq!(action(&c, "tbe"), tbe, "{list}");
    }
}

#[test]
fn a_suggest_only_entry_that_is_no_rule_id_is_refused() {
    let err = common::layer_error(&[(
        "en/lang.toml",
        "code = \"en\"\n\nsuggest_only = [\"boundary join\"]\n",
    )]);
    assert!(err.contains("lang.toml:3:"), "{err}");
    assert!(err.contains("\"boundary join\" is no rule id"), "{err}");
}

#[test]
fn a_word_broken_at_a_bare_cr_or_a_soft_hyphen_is_one_word() {
    // Old Mac line ends (CR alone), a word processor's soft hyphen
    // (U+00AD) and a typesetter's hyphen (U+2010) at the break: the pieces
    // are not searched as words.
    let c = corrector(false, false);
    for text in [
        "Мы получили сооб-\rщение вчера.\r",
        "Мы получили сооб\u{ad}\nщение вчера.\n",
        "Мы получили сооб¬\nщение вчера.\n",
        "Мы получили сооб\u{2010}\nщение вчера.\n",
    ] {
        let got = changes(&c, text);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert_eq!(got[0].3, "boundary:dehyphenate", "{got:?}");
        assert_eq!(got[0].2, Action::Suggested);
    }
}

#[test]
fn a_hyphen_read_for_a_letter_is_that_letter_only_when_sure() {
    let en = english();
    assert_eq!(
        changes(&en, "Read the se-tion on it.\n"),
        [joined("se-tion", "section")]
    );
    // A hyphen is never read as nothing: `pre-built` is a compound.
    assert_eq!(changes(&en, "Use a pre-built image.\n"), []);
    let ru = corrector(false, false);
    // A misread compound keeps its hyphen, and the capital of each part
    // when every part has one (a name).
    assert_eq!(
        changes(&ru, "по Соверо-Восточным дорогам\n"),
        [joined("Соверо-Восточным", "Северо-Восточным")]
    );
    // A compound the lexicon lists is left as it is…
    assert_eq!(changes(&ru, "из Северо-Восточного Китая\n"), []);
    // …and an unsure reading is not proposed (`советских` would be
    // right here, but most such readings are not) and leaves the pieces to
    // the other rules.
    assert_eq!(
        changes(&ru, "Приехали специалисты советск-х организаций.\n"),
        []
    );
    assert_eq!(
        changes(&ru, "из Северо-Во Сточного Китая\n"),
        [joined("Во Сточного", "Восточного")]
    );
}

#[test]
fn a_word_only_a_suggested_join_claims_is_still_corrected_when_sure() {
    let c = corrector(false, false);
    // `тэнь лян` may be `Шэньян` (a join, only suggested), but the page
    // writes `Чэнь` four times: `тэнь` is that name misread, and its
    // applied correction wins over the suggestion (the speck `‘` before it
    // goes with it).
    let text = "Чэнь прибыл. Чэнь сказал. Чэнь ушел. Чэнь Лян-фу пришел.\n\
                Далее ‘тэнь лян. фу сказал.\n";
    let got = changes(&c, text);
    assert!(
        got.contains(&one("‘тэнь", "Чэнь", Action::Applied, "lexicon:ru")),
        "{got:?}"
    );
    assert!(got.iter().all(|g| g.3 != "boundary:join"), "{got:?}");
    // A correction of the word that is not sure is no reason to drop the
    // suggestion (`котоз` → `котов` at 0.59 would win over `которые` at
    // 0.41).
    assert_eq!(
        changes(&c, "Вагоны, котоз:е прибыли, стоят.\n"),
        [one(
            "котоз:е",
            "которые",
            Action::Suggested,
            "boundary:join"
        )]
    );
}

#[test]
fn a_short_word_in_capitals_on_a_line_of_small_letters_is_an_abbreviation() {
    let c = english();
    // Two abbreviations the lexicon lacks are no word OCR split.
    assert_eq!(
        changes(&c, "    (SSH TLS) Passphrase for the private key.\n"),
        []
    );
    // In a line typed in capitals, a short piece in capitals is joined.
    let c = corrector(false, false);
    assert_eq!(
        changes(&c, "МИНИСТЕРСТВО ИНОС ТРАННЫХ ДЕЛ\n"),
        [joined("ИНОС ТРАННЫХ", "ИНОСТРАННЫХ")]
    );
}

#[test]
fn a_full_stop_before_a_name_is_no_letter_of_a_word() {
    let c = english();
    // The full stop of an abbreviation, before a name, joins nothing…
    assert_no_join(&c, "Miss Harding was returned for St. Sidwell's Ward.\n");
    // …nor is the abbreviation a piece of a word with the one before it.
    assert_no_join(&c, "The road agst St. Paul was closed.\n");
}

#[test]
fn a_unicode_hyphen_joins_words_as_the_hyphen_does() {
    let c = english();
    // Typeset text writes U+2010 and U+2011 for `-`: a hyphen, not a
    // letter OCR misread, whether a space follows it (a line-end
    // hyphenation whose line end the text lost) or not.
    for text in [
        "The Hu\u{2011} mane Society met in the Shil\u{2010} lings Hall.\n",
        "He read the Des\u{2011}Cartes letters.\n",
    ] {
        assert_no_join(&c, text);
    }
}

#[test]
fn a_word_hyphenated_at_a_line_end_the_text_lost_is_left_whole() {
    let c = english();
    // Text set as one line keeps the hyphen and a space where the line
    // ended: the parts are no words to correct on their own.
    assert_eq!(
        changes(
            &c,
            "They were innume- rable, and the Pla\u{2011} netary motion slow.\n"
        ),
        []
    );
    // A dash after a word (or a suspended compound's hyphen) leaves the
    // parts words of their own.
    assert_eq!(
        changes(&c, "EDITORIALS AT SOVIET ATIITUDE- FULL TEXT FOLLOWS\n"),
        [(
            "ATIITUDE".to_string(),
            "ATTITUDE".to_string(),
            Action::Applied,
            "lexicon:en".to_string()
        )]
    );
}

#[test]
fn a_piece_with_a_digit_ocr_does_not_read_for_a_letter_is_no_piece_of_a_word() {
    let en = english();
    // `3` and `2` are read for no letter: `i32` is a type, not `ing`.
    assert_no_join(&en, "The result of the tail call i32 is stored.\n");
    // `0` is read for `o`: the piece is a misread word.
    assert_eq!(
        changes(
            &en,
            "For more informat i0n about the fields, see the manual.\n"
        ),
        [joined("informat i0n", "information")]
    );
}

#[test]
fn a_word_in_capitals_and_a_known_word_in_small_letters_are_two_words() {
    let en = english();
    // `is` and `ada` have letters whose capitals have shapes of their own:
    // OCR does not read the end of a word in capitals so.
    assert_no_join(&en, "The default NUM is 5.\n");
    assert_no_join(&en, "Revert PR ada/79724, the handling of suffixes.\n");
}

#[test]
fn a_bracket_closed_nearby_is_no_letter_inside_a_word() {
    let en = english();
    // The bracket after `csplit` is closed on its line: punctuation.
    assert_no_join(&en, "The function csplit(s, A, n, i) splits the string.\n");
}
