//! Web and e-mail addresses stay as typed, and so do the commands, names
//! and compounds of technical writing that look like a known word and one
//! letter (two, with a digit or in capitals), or two known words, and the
//! words print uses that the lexicon lacks.

mod common;

use common::changes;
use corrigenda::change::Action;
use corrigenda::rules::Options;

#[test]
fn no_rule_changes_an_address() {
    let c = common::corrector(Options::default());
    let text = "The archive is at https://digitalarchive.wilsoncenter.org/document/119402 \
                and www.debain.org/intro/abut.html; write to debian-user@lists.debain.org.\n\
                The comittee met yesterday.\n";
    let got = changes(&c, text);
    // `debain`, `abut` and `wilsoncenter` inside the addresses are left;
    // the misread word outside them is not.
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "comittee");
    assert_eq!(got[0].1, "committee");
}

/// The original text of every change applied to `text` by the built-in
/// rules.
fn applied(text: &str) -> Vec<String> {
    let c = common::corrector(Options::default());
    changes(&c, text)
        .into_iter()
        .filter(|g| g.2 == Action::Applied)
        .map(|g| g.0)
        .collect()
}

#[test]
fn a_known_word_and_one_letter_more_is_only_suggested() {
    // Dropping the first or last letter or digit would make a known word
    // of each (`sort`, `oxygen`, `system`, `python`): proposed at most.
    let text = "Sort the list with qsort and build the manual with doxygen.\n\
                The service is started by systemd when python3 is installed.\n\
                The comittee met yesterday.\n";
    assert_eq!(applied(text), ["comittee"]);
    // With a clitic both keep, too (`system's`).
    assert_eq!(
        applied("It is launched by systemd's user session for the comittee.\n"),
        ["comittee"]
    );
    // A misread letter inside a word is still corrected.
    assert_eq!(
        applied("He read tbe report to the comittee.\n"),
        ["tbe", "comittee"]
    );
}

#[test]
fn a_word_print_uses_that_the_lexicon_lacks_is_only_suggested() {
    // `Strasburg`, `Gorham` and `Alessandro` are names wordfreq counts
    // (`attested.tsv`); one letter or two from `Strasbourg`, `Gotham`,
    // `Alessandria`, they were applied at 0.9 or more.
    let c = common::corrector(Options::default());
    let text = "The cathedral of Strasburg was finished in 1439, and Gorham wrote \
                to Alessandro about it.\nThe comittee met yesterday.\n";
    let got = changes(&c, text);
    let applied: Vec<&str> = got
        .iter()
        .filter(|g| g.2 == Action::Applied)
        .map(|g| g.0.as_str())
        .collect();
    assert_eq!(applied, ["comittee"], "{got:?}");
    // Still proposed for a reviewer.
    assert!(
        got.iter()
            .any(|g| (g.0.as_str(), g.1.as_str(), g.2)
                == ("Strasburg", "Strasbourg", Action::Suggested)),
        "{got:?}"
    );
}

#[test]
fn a_layer_adds_words_print_uses() {
    // A collection's own attested words (`--dict` layer `attested.tsv`,
    // the count column optional): `comittee` is then a word of its own.
    let text = "The comittee met yesterday.\n";
    let layered = |file: &str| {
        let c = common::corrector_with_layer("en", &[("en/attested.tsv", file)]);
        changes(&c, text)
            .into_iter()
            .filter(|g| g.2 == Action::Applied)
            .count()
    };
    assert_eq!(applied(text), ["comittee"]);
    assert_eq!(layered("word\ncomittee\n"), 0);
    assert_eq!(layered("word\tcount\nComittee\t12\n"), 0);
    assert!(
        common::layer_error(&[("en/attested.tsv", "words\ncomittee\n")]).contains("attested.tsv")
    );
}

#[test]
fn two_edge_letters_with_a_digit_or_in_capitals_are_a_name_too() {
    // `socks`, `Linux`, `DATABASE` less two characters: no misreading.
    let text = "Use the socks5h proxy on SELinux and set PGDATABASE first.\n\
                The comittee met yesterday.\n";
    assert_eq!(applied(text), ["comittee"]);
}

#[test]
fn a_word_broken_at_a_line_end_is_judged_whole() {
    // `xtermi‐` / `nal`: the whole less its first letter is `terminal`.
    let text = "Run it in an xtermi\u{2010}\nnal window. The comittee met.\n";
    assert_eq!(applied(text), ["comittee"]);
}

#[test]
fn an_opening_brace_at_a_line_end_is_code() {
    let c = common::corrector(Options::default());
    let got = changes(
        &c,
        "The handler reads as follows.\n    try {\nThe end of the line |\n",
    );
    assert!(!got.iter().any(|g| g.0.contains('{')), "{got:?}");
    assert!(got.iter().any(|g| g.0.contains('|')), "{got:?}");
}

#[test]
fn two_common_words_written_as_one_are_only_suggested() {
    let text = "Set the filescope and the textfile on the commandline.\n";
    assert_eq!(applied(text), Vec::<String>::new());
}

#[test]
fn manual_pages_identifiers_and_placeholders_stay() {
    // `passwd` → `passed`, `groupmod` → `grouped`, `FRONTEND` → `FRONTED`,
    // `includedir` → `included`, `manpage` → `manage` outside them.
    let text = "See passwd(5) and groupmod(8); set DEBIAN_HAS_FRONTEND, read \
                <includedir> and example.com/docs/manpage.html. The comittee met.\n";
    assert_eq!(applied(text), ["comittee"]);
}

#[test]
fn in_computer_text_two_short_words_as_one_are_a_term() {
    let sentence = "Report the problem with the reportbug script, then the comittee reads it.\n";
    // In running text `reportbug` is taken for a misread `reporting`…
    assert_eq!(applied(sentence), ["reportbug", "comittee"]);
    // …in a text with paths and addresses it is the text's own term, and
    // its correction is only suggested.
    let text = format!(
        "{sentence}See /etc/apt/sources.list, /var/log/apt/history.log and \
         https://www.debian.org/Bugs/ first.\n"
    );
    assert_eq!(applied(&text), ["comittee"]);
}

#[test]
fn in_computer_text_an_item_between_names_is_a_name() {
    let paths =
        "See /etc/ssl/openssl.cnf, /usr/lib/ssl/misc and https://www.openssl.org/docs/ first.\n";
    let list = "Commands: ocsp, passwd, pkcs12 and the comittee.\n";
    // Between two words the lexicon lacks, in computer text: a name.
    assert_eq!(applied(&format!("{paths}{list}")), ["comittee"]);
    // In other text it is corrected as any word is.
    assert_eq!(applied(list), ["passwd", "comittee"]);
    // Outside such a list it is corrected in computer text too.
    let sentence = "He sent the passwd to the comittee.\n";
    assert_eq!(
        applied(&format!("{paths}{sentence}")),
        ["passwd", "comittee"]
    );
}

#[test]
fn in_computer_text_the_value_of_an_option_is_an_argument() {
    let paths = "See /etc/curlrc, ~/.netrc and https://curl.se/docs/ first.\n";
    // `passwd` is what the option takes, not a misread `passed`.
    let command = "  curl --proxy-basic --proxy-user user:passwd -x proxy https://example.com\n";
    let sentence = "He sent the passwd to the comittee.\n";
    // Only the sentence's `passwd` is corrected.
    assert_eq!(
        applied(&format!("{paths}{command}{sentence}")),
        ["passwd", "comittee"]
    );
    // A word farther from the option is none of its value.
    let prose = format!("{paths}Use --proxy-user with the passwd of the comittee.\n");
    assert_eq!(applied(&prose), ["passwd", "comittee"]);
}

#[test]
fn in_computer_text_the_name_of_an_option_is_a_name() {
    let paths = "See /usr/lib/gcc, ~/.gdbinit and https://gcc.gnu.org/onlinedocs/ first.\n";
    // `-mzarch` is an option of the compiler, no misread `march`; so is
    // each name in a synopsis.
    let synopsis = "  gcc [-m31|-m64] [-mesa|-mzarch] [-mmsa] file\n       -mzarch\n";
    let sentence = "He sent the note to the comittee.\n";
    assert_eq!(
        applied(&format!("{paths}{synopsis}{sentence}")),
        ["comittee"]
    );
    // Outside computer text a hyphen glued before a word is as often a
    // speck, and the word is corrected as any.
    assert_eq!(
        applied("The option -mzarch of the comittee.\n"),
        ["mzarch", "comittee"]
    );
}

#[test]
fn a_word_of_another_language_among_the_words_of_a_line_is_a_term() {
    // An English word on a Russian line of a manual page is a name the
    // English lexicon lacks (`procfs` is no misread `proofs`)…
    assert_eq!(
        applied("Эта страница описывает параметры для procfs и регупярно обновляется.\n"),
        ["регупярно"]
    );
    // …and two of them are no word split in two (`help cmd` → `helped`).
    assert_eq!(
        applied("Наберите :help cmd для поиска справки по команде.\n"),
        Vec::<String>::new()
    );
    // …while on a line of its own language it is corrected as any word.
    assert_eq!(
        applied("Эта страница описывает параметры.\nThe options for procfs are listed here.\n"),
        ["procfs"]
    );
}
