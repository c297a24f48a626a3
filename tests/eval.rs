//! `corrigenda::eval` against hand-computed cases and against the numbers of
//! `shared/tools/score.py` (with rapidfuzz 3.14.6 installed) on the dev corpus.

use std::fs;
use std::path::{Path, PathBuf};

use corrigenda::eval::{
    evaluate_dirs, normalise, opcodes, per_rule, score_texts, Change, MissingCorrected, Options,
    Report,
};

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() < 1e-9)
}

// ----------------------------------------------------------------- hand-computed cases

#[test]
fn hyphen_join_and_whitespace_give_zero_error() {
    // score.py selftest 1: a word hyphenated at a line end, a page break
    let s = score_texts(
        "добро-\nвольных   отрядов\n",
        "добровольных отрядов",
        None,
        true,
    );
    assert_eq!((s.gt_chars, s.gt_words, s.ocr_cd, s.ocr_wd), (20, 2, 0, 0));
    let s = score_texts("во-\n\u{c}время", "вовремя", None, true);
    assert_eq!(s.ocr_cd, 0);
    // not joined without the option: "добро- вольных" vs "добровольных"
    let s = score_texts("добро-\nвольных", "добровольных", None, false);
    assert_eq!((s.gt_chars, s.ocr_cd, s.gt_words, s.ocr_wd), (14, 2, 2, 2));
}

#[test]
fn nfc_makes_decomposed_letters_equal() {
    // И + combining breve == Й; е + combining diaeresis == ё
    let s = score_texts("ЙОД ёж", "И\u{306}ОД е\u{308}ж", None, true);
    assert_eq!((s.gt_chars, s.ocr_cd, s.ocr_wd), (6, 0, 0));
}

#[test]
fn substitutions_one_fixed() {
    // GT "кот сидит на окне" (17 chars, 4 words); OCR: и->н twice, н->и once
    let s = score_texts(
        "кот сидит на окне",
        "кот снднт на окие",
        Some("кот сидит на окие"),
        true,
    );
    assert_eq!((s.gt_chars, s.gt_words, s.ocr_cd, s.ocr_wd), (17, 4, 3, 2));
    assert!(close(s.ocr_cer, 300.0 / 17.0) && close(s.ocr_wer, 50.0));
    let c = s.corrected.unwrap();
    assert_eq!((c.corr_cd, c.corr_wd), (1, 1));
    assert!(close(c.improvement, 200.0 / 3.0));
    assert_eq!(
        (c.tokens, c.wrong, c.changed, c.fixed, c.broken, c.still),
        (4, 2, 1, 1, 0, 0)
    );
    assert!(close(c.precision, 100.0) && close(c.recall, 50.0));
}

#[test]
fn split_and_merge_count_as_wrong_tokens() {
    // GT "Поэтому мы считаем" (18 chars, 3 words)
    // OCR "По этому мысчитаем": +1 space, -1 space -> d = 2; words: 3 substitutions
    // every GT token is wrong: Поэтому (split), мы and считаем (merged)
    // CORR "Поэтому мысчитаем": d = 1; words 2 vs 3 -> 2; Поэтому fixed
    let s = score_texts(
        "Поэтому мы считаем",
        "По этому мысчитаем",
        Some("Поэтому мысчитаем"),
        true,
    );
    assert_eq!((s.ocr_cd, s.ocr_wd), (2, 3));
    assert!(close(s.ocr_cer, 200.0 / 18.0) && close(s.ocr_wer, 100.0));
    let c = s.corrected.unwrap();
    assert_eq!((c.corr_cd, c.corr_wd), (1, 2));
    assert!(close(c.improvement, 50.0));
    assert_eq!(
        (c.wrong, c.changed, c.fixed, c.broken, c.still),
        (3, 1, 1, 0, 0)
    );
    assert!(close(c.precision, 100.0) && close(c.recall, 100.0 / 3.0));
}

#[test]
fn fixed_broken_and_still_wrong() {
    // GT "мы идем домой сейчас"; OCR "мы ндем дом0й сейчас"; CORR "мы идём домой сеичас"
    let s = score_texts(
        "мы идем домой сейчас",
        "мы ндем дом0й сейчас",
        Some("мы идём домой сеичас"),
        true,
    );
    let c = s.corrected.unwrap();
    assert_eq!((s.ocr_cd, c.corr_cd), (2, 2));
    assert!(close(c.improvement, 0.0));
    assert_eq!(
        (c.wrong, c.changed, c.fixed, c.broken, c.still),
        (2, 3, 1, 1, 1)
    );
    assert!(close(c.precision, 100.0 / 3.0) && close(c.recall, 50.0));
}

#[test]
fn worse_correction_gives_negative_improvement() {
    let c = score_texts("0 O", "O O", Some("Q 0"), true)
        .corrected
        .unwrap();
    assert!(close(c.improvement, -100.0));
    assert_eq!((c.changed, c.fixed, c.broken, c.still), (2, 0, 1, 1));
    // perfect OCR: improvement undefined, a broken token gives P = 0, R undefined
    let c = score_texts("rn m", "rn m", Some("m m"), true)
        .corrected
        .unwrap();
    assert_eq!(
        (c.corr_cd, c.broken, c.improvement, c.recall),
        (2, 1, None, None)
    );
    assert!(close(c.precision, 0.0));
}

#[test]
fn alignment_matches_rapidfuzz_on_small_cases() {
    // rapidfuzz.distance.Levenshtein.opcodes(a, b), rapidfuzz 3.14.6
    let cases: [(&str, &str, &str); 4] = [
        ("кот сидит на окне", "кот снднт на окие", "equal 0 5 0 5|replace 5 6 5 6|equal 6 7 6 7|replace 7 8 7 8|equal 8 15 8 15|replace 15 16 15 16|equal 16 17 16 17"),
        ("Поэтому мы считаем", "По этому мысчитаем", "equal 0 2 0 2|insert 2 2 2 3|equal 2 10 3 11|delete 10 11 11 11|equal 11 18 11 18"),
        ("aaa", "a", "equal 0 1 0 1|delete 1 3 1 1"),
        ("abab", "baba", "insert 0 0 0 1|equal 0 3 1 4|delete 3 4 4 4"),
    ];
    for (a, b, want) in cases {
        let got: Vec<String> = opcodes(a, b)
            .iter()
            .map(|o| {
                format!(
                    "{} {} {} {} {}",
                    o.kind.tag(),
                    o.src_start,
                    o.src_end,
                    o.dest_start,
                    o.dest_end
                )
            })
            .collect();
        assert_eq!(got.join("|"), want, "{a} / {b}");
    }
}

#[test]
fn hocr_and_alto_are_scored_by_the_text_run_reads_from_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (gt, ocr, fixed) = (
        tmp.path().join("gt"),
        tmp.path().join("ocr"),
        tmp.path().join("fixed"),
    );
    for d in [&gt, &ocr, &fixed] {
        fs::create_dir_all(d).unwrap();
    }
    fs::write(gt.join("p.gt.txt"), "The committee met\ntoday.\n").unwrap();
    let hocr = |words: [&str; 2]| {
        format!(
            "<html><body><div class='ocr_page'>\
             <span class='ocr_line'><span class='ocrx_word'>The</span> \
             <span class='ocrx_word'>{}</span> <span class='ocrx_word'>{}</span></span>\
             <span class='ocr_line'><span class='ocrx_word'>today.</span></span></div></body></html>",
            words[0], words[1]
        )
    };
    fs::write(ocr.join("p.hocr"), hocr(["cornmittee", "met"])).unwrap();
    fs::write(fixed.join("p.hocr"), hocr(["committee", "met"])).unwrap();
    let opts = Options {
        ocr_suffix: ".hocr".to_owned(),
        ..Options::default()
    };
    let r = evaluate_dirs(&gt, &ocr, Some(&fixed), &opts).unwrap();
    let t = &r.total.scores;
    // As the same texts in plain files: one word wrong, then none.
    let plain = score_texts(
        "The committee met\ntoday.\n",
        "The cornmittee met\ntoday.",
        Some("The committee met\ntoday."),
        true,
    );
    assert_eq!((t.ocr_cd, t.ocr_wd), (plain.ocr_cd, plain.ocr_wd));
    let c = t.corrected.as_ref().unwrap();
    assert_eq!((t.ocr_wd, c.corr_wd, c.fixed), (1, 0, 1));
    // A corrected file that is not well-formed is named, with its line.
    fs::write(fixed.join("p.hocr"), "<html><body><span>").unwrap();
    let err = evaluate_dirs(&gt, &ocr, Some(&fixed), &opts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("p.hocr") && err.contains("line 1"), "{err}");
}

#[test]
fn per_rule_measures_each_rule_alone() {
    let ocr = "Tbe cat sat on tbe rnat";
    let ch = |s: &str, from: usize, r: &str, rule: &str| {
        let start = ocr[from..].find(s).unwrap() + from;
        Change {
            start,
            end: start + s.len(),
            replacement: r.to_owned(),
            rule: rule.to_owned(),
        }
    };
    let changes = [
        ch("Tbe", 0, "The", "lexicon"),
        ch("tbe", 10, "the", "lexicon"),
        ch("rnat", 0, "mat", "rn-m"),
        ch("sat", 0, "set", "bad"),
    ];
    let m = per_rule("The cat sat on the mat", ocr, &changes).unwrap();
    assert_eq!((m["lexicon"], m["rn-m"], m["bad"]), (-2, -2, 1));
}

// ----------------------------------------------------------------- dev corpus vs score.py

/// `../shared/corpus/dev`, or `None` (with a note) when it is not there.
fn dev_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "note: {} not found, skipping the dev-corpus check",
            p.display()
        );
        None
    }
}

#[test]
fn dev_corpus_ocr_totals_match_score_py() {
    let Some(dev) = dev_corpus() else { return };
    let opts = Options {
        group_by: Some("profile".to_owned()),
        ..Options::default()
    };
    let r = evaluate_dirs(&dev, &dev, None, &opts).unwrap();
    // Reference: `python3 shared/tools/score.py shared/corpus/dev shared/corpus/dev --json`
    // (rapidfuzz 3.14.6): total = {files 22, gt_chars 76636, gt_words 11085,
    // ocr_cd 6481, ocr_wd 3576, ocr_cer 8.456861005271675, ocr_wer 32.25981055480379}
    let t = &r.total;
    assert_eq!(
        (t.files, t.scores.gt_chars, t.scores.gt_words),
        (22, 76636, 11085)
    );
    assert_eq!((t.scores.ocr_cd, t.scores.ocr_wd), (6481, 3576));
    assert_eq!(t.scores.ocr_cer, Some(8.456861005271675));
    assert_eq!(t.scores.ocr_wer, Some(32.25981055480379));
    assert!(r.missing.is_empty() && t.scores.corrected.is_none());
    // ... `--group-by profile --json`: groups {profile: (files, gt_chars, ocr_cd, ocr_wd)}
    let groups: Vec<(&str, usize, usize, usize, usize)> = r
        .groups
        .iter()
        .map(|(k, g)| {
            (
                k.as_str(),
                g.files,
                g.scores.gt_chars,
                g.scores.ocr_cd,
                g.scores.ocr_wd,
            )
        })
        .collect();
    assert_eq!(groups, DEV_GROUPS);
}

/// See `dev_corpus_ocr_totals_match_score_py`.
const DEV_GROUPS: [(&str, usize, usize, usize, usize); 5] = [
    ("heavy-carbon", 4, 12846, 1945, 1011),
    ("heavy-photocopy", 3, 12732, 2504, 1192),
    ("light", 8, 24813, 527, 348),
    ("medium-faded", 4, 14662, 892, 575),
    ("medium-inky", 3, 11583, 613, 450),
];

/// Replacements (all occurrences, like Python's `str.replace`) that make the
/// corrected fixture from the OCR files: fixes (a merge, a split, letters),
/// one break of many correct words (` the ` -> ` tbe `, and `poss` inside
/// `possible`), and two changes that leave a word wrong.
const FIXTURE_EDITS: [(&str, &[(&str, &str)]); 2] = [
    (
        "en_composed-03-fo-telegram-peking-exit-permits",
        &[
            ("fo mula", "formula"),
            ("In.no", "In no"),
            ("cemed,", "cerned,"),
            ("poss", "pass"),
            (" the ", " tbe "),
            ("emp Loyees", "empIoyees"),
        ],
    ),
    (
        "ru_composed-01-shifrovka-pekin",
        &[
            ("чрез", "через"),
            ("очтября", "октября"),
            ("пезеводчика.", "переводчика."),
            ("ИНОС ТРАННЫХ", "ИНОСТРАННЫХ"),
            ("Гене? аль ного", "Генерального"),
            ("ки’. ской", "китайскои"),
        ],
    ),
];

/// Writes the corrected fixture into `out`: every OCR file with
/// `FIXTURE_EDITS` applied, `en_debian-faq-en_01` replaced by its GT, and
/// `ru_debian-faq-ru_01` left out.
fn write_fixture(dev: &Path, out: &Path) {
    for entry in fs::read_dir(dev).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(name) = name.strip_suffix(".gt.txt") else {
            continue;
        };
        let mut text = fs::read_to_string(dev.join(format!("{name}.ocr.txt"))).unwrap();
        if name == "en_debian-faq-en_01" {
            text = fs::read_to_string(dev.join(format!("{name}.gt.txt"))).unwrap();
        } else if name == "ru_debian-faq-ru_01" {
            continue;
        }
        for (file, edits) in FIXTURE_EDITS {
            if file == name {
                for (from, to) in edits {
                    assert!(text.contains(from), "{name}: {from}");
                    text = text.replace(from, to);
                }
            }
        }
        fs::write(out.join(format!("{name}.ocr.txt")), text).unwrap();
    }
}

#[test]
fn dev_corpus_corrected_fixture_matches_score_py() {
    let Some(dev) = dev_corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    write_fixture(&dev, tmp.path());
    let opts = Options {
        group_by: Some("lang".to_owned()),
        ..Options::default()
    };
    let r = evaluate_dirs(&dev, &dev, Some(tmp.path()), &opts).unwrap();

    // Reference: the same fixture written by a Python script, then
    // `score.py shared/corpus/dev shared/corpus/dev FIXTURE --corr-suffix .ocr.txt --json`
    // (rapidfuzz 3.14.6): total files 21, gt_chars 73875, gt_words 10694,
    // ocr_cd 6420, ocr_wd 3531, corr_cd 6073, corr_wd 3318, tokens 10694,
    // wrong 3019, changed 219, fixed 199, broken 18, still 2; missing
    // ["ru_debian-faq-ru_01"]
    assert_eq!(r.missing, ["ru_debian-faq-ru_01"]);
    let t = &r.total.scores;
    let c = t.corrected.as_ref().unwrap();
    assert_eq!(
        (r.total.files, t.gt_chars, t.gt_words, t.ocr_cd, t.ocr_wd),
        (21, 73875, 10694, 6420, 3531)
    );
    assert_eq!((c.corr_cd, c.corr_wd, c.tokens), (6073, 3318, 10694));
    assert_eq!(
        (c.wrong, c.changed, c.fixed, c.broken, c.still),
        (3019, 219, 199, 18, 2)
    );
    assert_eq!(c.improvement, Some(5.404984423676012));
    assert_eq!(c.precision, Some(90.8675799086758));
    assert_eq!(c.recall, Some(6.591586618085459));
    // per file: gt_chars, gt_words, ocr_cd, ocr_wd, corr_cd, corr_wd, tokens,
    // wrong, changed, fixed, broken, still
    let want: [(&str, [usize; 12]); 3] = [
        (
            "en_composed-03-fo-telegram-peking-exit-permits",
            [2232, 369, 46, 34, 58, 45, 369, 28, 24, 5, 18, 1],
        ),
        (
            "en_debian-faq-en_01",
            [2401, 396, 350, 215, 0, 0, 396, 189, 189, 189, 0, 0],
        ),
        (
            "ru_composed-01-shifrovka-pekin",
            [5571, 799, 1162, 605, 1153, 596, 799, 476, 6, 5, 0, 1],
        ),
    ];
    for (name, w) in want {
        let f = r.files.iter().find(|f| f.name == name).unwrap();
        let (s, c) = (&f.scores, f.scores.corrected.as_ref().unwrap());
        let got = [
            s.gt_chars, s.gt_words, s.ocr_cd, s.ocr_wd, c.corr_cd, c.corr_wd, c.tokens, c.wrong,
            c.changed, c.fixed, c.broken, c.still,
        ];
        assert_eq!(got, w, "{name}");
    }
    // `... --totals-only --group-by lang` prints exactly this
    let table = "\
file              GTchars     CER     WER  CERcorr  WERcorr   %impr  wrong   chang  fixed  broke  still     P%     R%
---------------------------------------------------------------------------------------------------------------------
[lang=eng] (7)      18999    9.61   33.36     7.83    26.66   18.51    851     213    194     18      1  91.08  22.80
[lang=rus] (14)     54876    8.37   32.88     8.36    32.77    0.20   2168       6      5      0      1  83.33   0.23
TOTAL (21 files)    73875    8.69   33.02     8.22    31.03    5.40   3019     219    199     18      2  90.87   6.59

missing hypothesis for 1 file(s): ru_debian-faq-ru_01";
    assert_eq!(r.to_table(true), table);

    // Counting the missing corrected file as uncorrected is what score.py
    // gives with a copy of the OCR file in its place: files 22, corr_cd 6134,
    // corr_wd 3363, wrong 3062, changed 219, fixed 199, broken 18, still 2.
    let opts = Options {
        missing_corrected: MissingCorrected::AsUncorrected,
        ..Options::default()
    };
    let r = evaluate_dirs(&dev, &dev, Some(tmp.path()), &opts).unwrap();
    assert!(r.missing.is_empty());
    assert_eq!(r.uncorrected, ["ru_debian-faq-ru_01"]);
    let c = r.total.scores.corrected.as_ref().unwrap();
    assert_eq!((r.total.files, c.corr_cd, c.corr_wd), (22, 6134, 3363));
    assert_eq!(
        (c.wrong, c.changed, c.fixed, c.broken, c.still),
        (3062, 219, 199, 18, 2)
    );
}

// ----------------------------------------------------------------- development checks
//
// Ignored by default: they compare with Python on inputs written by the
// scripts in their docs (rapidfuzz installed: `pip install rapidfuzz`).  Run
// from the crate root, e.g.
//   python3 cases.py /tmp/cases.txt && python3 norm.py /tmp/norm.txt
//   EVAL_CASES=/tmp/cases.txt EVAL_NORM_CASES=/tmp/norm.txt \
//     cargo test --release --test eval -- --ignored _on_generated

/// [`opcodes`] equals `rapidfuzz.distance.Levenshtein.opcodes` on random
/// pairs (all code paths: short, narrow band, wide band, Hirschberg).
/// `EVAL_CASES` is written by:
///
/// ```python
/// import random, sys
/// from rapidfuzz.distance import Levenshtein as L
/// r = random.Random(1); out = open(sys.argv[1], "w")
/// hx = lambda s: " ".join("%x" % ord(c) for c in s)
/// for _ in range(1500):
///     n = r.choice([1, 5, 64, 65, 100, 300, 3000, 9000]); al = r.choice(["ab", "abc ", "abcdefgh ий"])
///     a = "".join(r.choice(al) for _ in range(n)); b = list(a)
///     for _ in range(r.randrange(n // r.choice([4, 40, 400]) + 2)):
///         p = r.randrange(len(b) + 1); b[p:p + r.randrange(2)] = r.choice(al) * r.randrange(2)
///     b = "".join(b); ops = L.opcodes(a, b)
///     out.write(f"{hx(a)}\n{hx(b)}\n" + ";".join(f"{o.tag},{o.src_start},{o.src_end},{o.dest_start},{o.dest_end}" for o in ops) + "\n")
/// ```
#[test]
#[ignore = "development check: needs EVAL_CASES, a file written by a rapidfuzz script"]
fn opcodes_match_rapidfuzz_on_generated_cases() {
    let Ok(path) = std::env::var("EVAL_CASES") else {
        return;
    };
    let text = fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let decode = |l: &str| -> String {
        l.split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
            .collect()
    };
    let mut bad = 0;
    for (n, case) in lines.chunks(3).enumerate() {
        let (a, b) = (decode(case[0]), decode(case[1]));
        let got: Vec<String> = opcodes(&a, &b)
            .iter()
            .map(|o| {
                format!(
                    "{},{},{},{},{}",
                    o.kind.tag(),
                    o.src_start,
                    o.src_end,
                    o.dest_start,
                    o.dest_end
                )
            })
            .collect();
        if got.join(";") != case[2] {
            bad += 1;
            eprintln!(
                "case {n}: lengths {} {}: differs",
                a.chars().count(),
                b.chars().count()
            );
        }
    }
    assert_eq!(bad, 0, "{bad} of {} cases differ", lines.len() / 3);
}

/// [`normalise`] equals `score.py`'s `normalise` (both settings) on random
/// texts.  `EVAL_NORM_CASES` is written by:
///
/// ```python
/// import random, sys
/// sys.path.insert(0, "../shared/tools"); from score import normalise
/// r = random.Random(1); out = open(sys.argv[1], "w")
/// hx = lambda s: " ".join("%x" % ord(c) for c in s)
/// al = list("aб-\n\r \t\f\u00a0\u0301И\u0306_²Ⓐ\u001c\u2028\u200b1.") + ["\r\n", "-\n", "-\n\n"]
/// for _ in range(5000):
///     t = "".join(r.choice(al) for _ in range(r.randrange(40)))
///     out.write(f"{hx(t)}\n{hx(normalise(t, True))}\n{hx(normalise(t, False))}\n")
/// ```
#[test]
#[ignore = "development check: needs EVAL_NORM_CASES, a file written by a Python script"]
fn normalise_matches_python_on_generated_cases() {
    let Ok(path) = std::env::var("EVAL_NORM_CASES") else {
        return;
    };
    let text = fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let decode = |l: &str| -> String {
        l.split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
            .collect()
    };
    let mut bad = 0;
    for case in lines.chunks_exact(3) {
        let input = decode(case[0]);
        if normalise(&input, true) != decode(case[1]) || normalise(&input, false) != decode(case[2])
        {
            bad += 1;
            eprintln!("differs: {input:?}");
        }
    }
    assert_eq!(bad, 0);
}

/// Writes the report of `EVAL_GT EVAL_OCR [EVAL_CORR]` (optional
/// `EVAL_CORR_SUFFIX`, `EVAL_GROUP_BY`) to `EVAL_OUT.table` (the table, to
/// compare with `score.py`'s output plus `--corr-suffix .ocr.txt`),
/// `EVAL_OUT.tsv` (the counts of each file and the total) and
/// `EVAL_OUT.time` (the time taken).
#[test]
#[ignore = "development check: needs EVAL_GT, EVAL_OCR, [EVAL_CORR], EVAL_OUT"]
fn write_report_for_comparison() {
    let (Ok(gt), Ok(ocr), Ok(out)) = (
        std::env::var("EVAL_GT"),
        std::env::var("EVAL_OCR"),
        std::env::var("EVAL_OUT"),
    ) else {
        return;
    };
    let corr = std::env::var("EVAL_CORR").ok();
    let opts = Options {
        corr_suffix: std::env::var("EVAL_CORR_SUFFIX").ok(),
        group_by: std::env::var("EVAL_GROUP_BY").ok(),
        ..Options::default()
    };
    let start = std::time::Instant::now();
    let r = evaluate_dirs(
        Path::new(&gt),
        Path::new(&ocr),
        corr.as_deref().map(Path::new),
        &opts,
    )
    .unwrap();
    let elapsed = start.elapsed();
    fs::write(format!("{out}.table"), r.to_table(false) + "\n").unwrap();
    fs::write(format!("{out}.tsv"), counts_tsv(&r)).unwrap();
    fs::write(format!("{out}.time"), format!("{elapsed:?}\n")).unwrap();
}

/// name, gt_chars, gt_words, ocr_cd, ocr_wd[, corr_cd, corr_wd, tokens, wrong,
/// changed, fixed, broken, still], one line per file and the total.
fn counts_tsv(r: &Report) -> String {
    let mut out = String::new();
    let rows = r.files.iter().map(|f| (f.name.as_str(), &f.scores));
    for (name, s) in rows.chain([("TOTAL", &r.total.scores)]) {
        let mut cols = vec![s.gt_chars, s.gt_words, s.ocr_cd, s.ocr_wd];
        if let Some(c) = &s.corrected {
            cols.extend([
                c.corr_cd, c.corr_wd, c.tokens, c.wrong, c.changed, c.fixed, c.broken, c.still,
            ]);
        }
        let cols: Vec<String> = cols.iter().map(ToString::to_string).collect();
        out.push_str(&format!("{name}\t{}\n", cols.join("\t")));
    }
    out
}

#[test]
fn report_serializes_with_score_py_field_names() {
    // toml is a dependency already; the JSON form has the same fields
    let s = score_texts(
        "кот сидит на окне",
        "кот снднт на окие",
        Some("кот сидит на окие"),
        true,
    );
    let file = corrigenda::eval::FileScore {
        name: "a".to_owned(),
        scores: s,
        unfollowed: 0,
        ocr_chars: 17,
    };
    let text = toml::to_string(&file).unwrap();
    for key in [
        "name = \"a\"",
        "gt_chars = 17",
        "ocr_cd = 3",
        "ocr_wer = 50.0",
        "corr_cd = 1",
        "tokens = 4",
        "wrong = 2",
        "changed = 1",
        "fixed = 1",
        "broken = 0",
        "still = 0",
        "precision = 100.0",
        "recall = 50.0",
    ] {
        assert!(text.lines().any(|l| l == key), "{key} not in\n{text}");
    }
    // without a corrected text the corrected fields are absent
    let file = corrigenda::eval::FileScore::of("a", "a", "b", None, true);
    assert!(!toml::to_string(&file).unwrap().contains("corr_cd"));
}
