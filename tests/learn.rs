//! `corrigenda learn`, `dataset convert` and `eval --icdar/--overproof`, end
//! to end on the fixtures of tests/data/learn/.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{corrigenda, stderr, write_pairs};

fn data(rel: &str) -> PathBuf {
    common::root().join("tests/data/learn").join(rel)
}

/// Runs `corrigenda dataset convert` with `args`.
fn convert(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"dataset", &"convert"];
    all.extend_from_slice(args);
    corrigenda(&all)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn learn(args: &[&str], out: &Path) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"learn", &"--out", &out, &"--quiet"];
    for a in args {
        all.push(a);
    }
    let o = corrigenda(&all);
    assert!(o.status.success(), "learn failed: {}", stderr(&o));
}

/// Runs `text` as `dir/input.txt` with the learned `dict`: the corrected
/// text and the corrections report.
fn run_one(text: &str, lang: &str, dict: &Path, dir: &Path) -> (String, String) {
    let input = dir.join("input.txt");
    fs::write(&input, text).unwrap();
    let out = dir.join("out");
    let o = corrigenda(&[
        &"run", &input, &"--out", &out, &"--lang", &lang, &"--dict", &dict, &"--quiet",
    ]);
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    (
        read(&out.join("input.txt")),
        read(&out.join("corrections.csv")),
    )
}

#[test]
fn learned_data_is_loadable_and_corrects_unseen_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dict = tmp.path().join("learned");
    let pairs = data("pairs");
    learn(
        &[
            "--ocr",
            pairs.to_str().unwrap(),
            "--gt",
            pairs.to_str().unwrap(),
        ],
        &dict,
    );
    let en = dict.join("en");
    let names: Vec<String> = {
        let mut v: Vec<String> = fs::read_dir(&en)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names,
        ["confusions.tsv", "lexicon.tsv", "misreadings.tsv"],
        "no lang.toml for a built-in language without --calibrate"
    );
    let misreadings = read(&en.join("misreadings.tsv"));
    assert!(
        misreadings.contains("cornmittee\tcommittee\tlearned: seen 5 of 5\n"),
        "{misreadings}"
    );
    assert!(
        misreadings.contains("gorbingtou\tGorbington\tlearned: seen 4 of 4\n"),
        "{misreadings}"
    );
    let lexicon = read(&en.join("lexicon.tsv"));
    assert!(lexicon.contains("\ngorbington\t"), "{lexicon}");
    let confusions = read(&en.join("confusions.tsv"));
    assert!(confusions.contains("ocr\ttruth\tcost\n"), "{confusions}");

    let (out, _) = run_one("The cornmittee of Gorbingtou.\n", "en", &dict, tmp.path());
    assert_eq!(out, "The committee of Gorbington.\n");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = data("pairs");
    let p = pairs.to_str().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    learn(&["--ocr", p, "--gt", p, "--calibrate"], &a);
    learn(&["--ocr", p, "--gt", p, "--calibrate"], &b);
    for f in [
        "confusions.tsv",
        "lexicon.tsv",
        "misreadings.tsv",
        "lang.toml",
    ] {
        assert_eq!(
            fs::read(a.join("en").join(f)).unwrap(),
            fs::read(b.join("en").join(f)).unwrap(),
            "{f}"
        );
    }
    let toml = read(&a.join("en/lang.toml"));
    assert!(toml.contains("[ranking]\nkeep_cost = "), "{toml}");
    assert!(
        toml.contains("\n# * "),
        "the chosen setting is marked: {toml}"
    );
    // Learned again without --calibrate: the old calibration goes, and a
    // hand-written lang.toml stays.
    learn(&["--ocr", p, "--gt", p], &a);
    assert!(
        !a.join("en/lang.toml").exists(),
        "a stale calibration is kept"
    );
    fs::write(b.join("en/lang.toml"), "code = \"en\"\n").unwrap();
    learn(&["--ocr", p, "--gt", p], &b);
    assert_eq!(read(&b.join("en/lang.toml")), "code = \"en\"\n");
    // the calibration flags need --calibrate
    let o = corrigenda(&[
        &"learn",
        &"--ocr",
        &p,
        &"--gt",
        &p,
        &"--out",
        &a,
        &"--threshold",
        &"0.9",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_third_language_from_ground_truth_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dict = tmp.path().join("learned");
    let bg = data("bg");
    let p = bg.to_str().unwrap();
    learn(
        &["--ocr", p, "--gt", p, "--lang", "bg", "--name", "Bulgarian"],
        &dict,
    );
    let toml = read(&dict.join("bg/lang.toml"));
    assert!(toml.contains("code = \"bg\"\n"), "{toml}");
    assert!(toml.contains("name = \"Bulgarian\"\n"), "{toml}");
    let alphabet = toml
        .lines()
        .find_map(|l| l.strip_prefix("alphabet = "))
        .unwrap();
    assert!(
        alphabet.contains('ѣ') && alphabet.contains('ѫ'),
        "{alphabet}"
    );
    assert!(read(&dict.join("bg/misreadings.tsv")).contains("сж\tсѫ\t"));
    assert!(read(&dict.join("bg/lexicon.tsv")).contains("\nсѫ\t"));

    let (out, _) = run_one("Тѣзи жени сж тукъ.\n", "bg", &dict, tmp.path());
    assert_eq!(out, "Тѣзи жени сѫ тукъ.\n");
}

#[test]
fn learn_reads_icdar_and_overproof_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dict = tmp.path().join("icdar");
    learn(&["--icdar", data("icdar").to_str().unwrap()], &dict);
    let m = read(&dict.join("en/misreadings.tsv"));
    assert!(m.contains("cornmittee\tcommittee\t"), "{m}");
    let dict = tmp.path().join("op");
    learn(
        &["--overproof", data("overproof.txt").to_str().unwrap()],
        &dict,
    );
    assert!(dict.join("en/lexicon.tsv").is_file());
}

#[test]
fn dataset_convert_writes_pairs_and_folds() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("icdar");
    let o = convert(&[&"--icdar", &data("icdar"), &"--out", &out, &"--folds", &"2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&out.join("fold1/EN_1.ocr.txt")),
        "Tbe cornmittee met in tbe town hall on Monday."
    );
    assert_eq!(
        read(&out.join("fold1/EN_1.gt.txt")),
        "The committee met in the town hall on Monday."
    );
    assert_eq!(
        read(&out.join("fold2/EN_2.gt.txt")),
        "The mayor spoke to the committee; nobody ########"
    );

    // again into the same folder: refused (the old files would mix in)
    let o = convert(&[&"--icdar", &data("icdar"), &"--out", &out]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    let o = convert(&[
        &"--icdar",
        &data("icdar"),
        &"--out",
        &tmp.path().join("new"),
        &"--folds",
        &"0",
    ]);
    assert_eq!(o.status.code(), Some(2));

    let out = tmp.path().join("op");
    let o = convert(&[&"--overproof", &data("overproof.txt"), &"--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&out.join("overproof_0001.ocr.txt")),
        "The farmers arc against the\nrailroad and tbe bridge.\n"
    );
    assert_eq!(
        read(&out.join("overproof_0002.gt.txt")),
        "The end of the line.\n"
    );
}

#[test]
fn eval_reports_the_icdar_measure() {
    let tmp = tempfile::tempdir().unwrap();
    let corrected = tmp.path().join("corrected");
    fs::create_dir_all(&corrected).unwrap();
    // one fix and one break in the first file; the second is left alone
    fs::write(
        corrected.join("EN_1.ocr.txt"),
        "The cornmittee met in tbe town hall on Sunday.",
    )
    .unwrap();
    fs::write(
        corrected.join("EN_2.ocr.txt"),
        "The rnayor spoke to tbe cornmittee; nobody c1apped.",
    )
    .unwrap();
    let json = tmp.path().join("eval.json");
    let submission = tmp.path().join("icdar.json");
    let o = corrigenda(&[
        &"eval",
        &"--icdar",
        &data("icdar"),
        &"--corrected",
        &corrected,
        &"--json",
        &json,
        &"--icdar-json",
        &submission,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("ICDAR task 2"), "{table}");
    assert!(!table.contains("does not follow"), "{table}");
    let v: serde_json::Value = serde_json::from_str(&read(&json)).unwrap();
    assert!(v["eval"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["unfollowed"] == 0));
    let files = v["icdar"]["files"].as_array().unwrap();
    let f1 = &files[0];
    assert_eq!(f1["name"], "EN_1");
    // before: Tbe (1) + cornmittee (2) + tbe (1); after: cornmittee (2) +
    // tbe (1) + Sunday (2)
    assert_eq!(
        (f1["before"].as_u64(), f1["after"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(
        (f1["changed"].as_u64(), f1["fixed"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(f1["broken"].as_u64(), Some(1));
    // the second file's last sequence has no gold standard: not compared
    let f2 = &files[1];
    assert_eq!(f2["tokens"].as_u64(), Some(7));
    assert_eq!(f2["before"].as_u64(), Some(5));
    let s: serde_json::Value = serde_json::from_str(&read(&submission)).unwrap();
    assert_eq!(s["EN_1.txt"]["0:1"]["The"], 1.0);
    assert_eq!(s["EN_1.txt"]["39:1"]["Sunday."], 1.0);
    assert!(s["EN_2.txt"].as_object().unwrap().is_empty());
}

#[test]
fn min_pairs_asks_a_misreading_to_recur_across_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = tmp.path().join("pairs");
    write_pairs(
        &pairs,
        &[
            (
                "the cornmittee and the cornmittee",
                "the committee and the committee",
            ),
            ("tbe man and tbe dog", "the man and the dog"),
            ("tbe cat", "the cat"),
        ],
    );
    let misreadings = |extra: &[&str]| {
        let out = tmp.path().join(format!("learned{}", extra.len()));
        let mut args = vec![
            "--ocr",
            pairs.to_str().unwrap(),
            "--gt",
            pairs.to_str().unwrap(),
            "--lang",
            "en",
        ];
        args.extend_from_slice(extra);
        learn(&args, &out);
        read(&out.join("en/misreadings.tsv"))
    };
    let all = misreadings(&[]);
    assert!(
        all.contains("cornmittee\tcommittee") && all.contains("tbe\tthe"),
        "{all}"
    );
    // `cornmittee` is seen twice, but in one document only
    let recurring = misreadings(&["--min-pairs", "2"]);
    assert!(
        !recurring.contains("cornmittee") && recurring.contains("tbe\tthe"),
        "{recurring}"
    );
}

#[test]
fn eval_names_files_whose_gold_standard_is_other_text() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, corrected) = (tmp.path().join("icdar"), tmp.path().join("corrected"));
    fs::create_dir_all(&src).unwrap();
    fs::create_dir_all(&corrected).unwrap();
    let ocr = "The committee met on Tuesday and agreed that the report should be sent \
               to every member before the next meeting of the board.";
    // the same words, and a gold standard that is another paragraph
    let other = "Visitors to the gardens in spring will find the tulips at their best \
                 along the western wall, near the old gate of the park.";
    let pad = |s: &str| format!("{s:@<width$}", width = ocr.len().max(other.len()));
    for (name, gs) in [("EN_1", ocr), ("EN_2", other)] {
        fs::write(
            src.join(format!("{name}.txt")),
            format!(
                "[OCR_toInput] {ocr}\n[OCR_aligned] {}\n[ GS_aligned] {}\n",
                pad(ocr),
                pad(gs)
            ),
        )
        .unwrap();
        fs::write(corrected.join(format!("{name}.ocr.txt")), ocr).unwrap();
    }
    let json = tmp.path().join("eval.json");
    let o = corrigenda(&[
        &"eval",
        &"--icdar",
        &src,
        &"--corrected",
        &corrected,
        &"--json",
        &json,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("In 1 of 2 files the ground truth does not follow the OCR")
            && table.contains(": EN_2 ("),
        "{table}"
    );
    let v: serde_json::Value = serde_json::from_str(&read(&json)).unwrap();
    let files = v["eval"]["files"].as_array().unwrap();
    assert_eq!(files[0]["unfollowed"].as_u64(), Some(0));
    assert_eq!(files[1]["name"], "EN_2");
    assert_eq!(files[1]["ocr_chars"].as_u64(), Some(ocr.len() as u64));
    // all but a few words at the edges, where the windows see little
    let left = files[1]["unfollowed"].as_u64().unwrap() as usize;
    assert!(left * 10 >= ocr.len() * 8, "{left}");
    // eval over folders says the same
    let (gt_dir, ocr_dir) = (tmp.path().join("gt"), tmp.path().join("ocr"));
    for (dir, suffix, text) in [(&gt_dir, "gt", other), (&ocr_dir, "ocr", ocr)] {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(format!("EN_2.{suffix}.txt")), text).unwrap();
    }
    let o = corrigenda(&[&"eval", &"--gt", &gt_dir, &"--ocr", &ocr_dir]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains("In 1 of 1 files the ground truth does not follow"),
        "{table}"
    );
    // `learn` leaves the same characters out and says so
    let learned = tmp.path().join("learned");
    let o = corrigenda(&[
        &"learn", &"--icdar", &src, &"--out", &learned, &"--lang", &"en",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let note = format!("EN_2: {left} of {} OCR characters left out", ocr.len());
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
    assert!(read(&learned.join("en/misreadings.tsv")).contains(&format!("# Left out: {left} of ")));
}

#[test]
fn eval_reads_overproof_articles() {
    let tmp = tempfile::tempdir().unwrap();
    let corrected = tmp.path().join("corrected");
    fs::create_dir_all(&corrected).unwrap();
    fs::write(
        corrected.join("overproof_0001.ocr.txt"),
        "The farmers are against the\nrailroad and the bridge.\n",
    )
    .unwrap();
    let json = tmp.path().join("eval.json");
    let o = corrigenda(&[
        &"eval",
        &"--overproof",
        &data("overproof.txt"),
        &"--corrected",
        &corrected,
        &"--json",
        &json,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&read(&json)).unwrap();
    assert_eq!(v["eval"]["total"]["files"], 1);
    assert_eq!(v["eval"]["missing"][0], "overproof_0002");
    assert_eq!(v["eval"]["total"]["corr_cd"], 0);
    assert_eq!(v["eval"]["total"]["fixed"], 2);
}

#[test]
fn learn_needs_a_source_and_names_bad_files() {
    let tmp = tempfile::tempdir().unwrap();
    let o = corrigenda(&[&"learn", &"--out", &tmp.path()]);
    assert_eq!(o.status.code(), Some(2));
    let bad = tmp.path().join("bad");
    fs::create_dir_all(&bad).unwrap();
    fs::write(
        bad.join("x.txt"),
        "[OCR_toInput] a\n[OCR_aligned] b\n[ GS_aligned] b\n",
    )
    .unwrap();
    let o = corrigenda(&[&"learn", &"--icdar", &bad, &"--out", &tmp.path().join("o")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("x.txt:2:"), "{}", stderr(&o));
}

/// Writes `NAME.ocr.txt` and `NAME.gt.txt` for each (OCR, ground truth).

#[test]
fn calibration_makes_a_rule_that_is_wrong_in_the_collection_suggest_only() {
    // A transcription that keeps words split where the page broke them at a
    // line end (as ICDAR 2019's English does): joining them, right in
    // typescript, is wrong here. "tbe" is a misreading in both.
    let texts = [
        "He showed great con tempt for tbe ex ample of his master.\n",
        "The mas ter gave an ac count of tbe Di lemma to the court.\n",
        "It was a sub missive answer to tbe ques tion of the king.\n",
        "They rode in stead of walking to tbe Sur face of the lake.\n",
    ];
    let pairs: Vec<(String, String)> = texts
        .iter()
        .map(|t| (t.to_string(), t.replace("tbe", "the")))
        .collect();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pairs");
    write_pairs(&dir, &pairs);
    let dict = tmp.path().join("learned");
    let p = dir.to_str().unwrap();
    learn(
        &["--ocr", p, "--gt", p, "--lang", "en", "--calibrate"],
        &dict,
    );
    let toml = read(&dict.join("en/lang.toml"));
    assert!(
        toml.contains("\nsuggest_only = [\"boundary:join\"]\n"),
        "{toml}"
    );
    assert!(
        toml.contains("# * boundary:join: 0 closer, 0 no nearer, "),
        "{toml}"
    );
    assert!(toml.contains("#   misreadings:en: "), "{toml}");
    assert!(
        toml.contains("# (the settings above were tried again with the rules marked * only\n"),
        "{toml}"
    );

    // the joins go to the reviewer; the misreading is still applied
    let (out, csv) = run_one(
        "We saw con tempt in tbe ex ample.\n",
        "en",
        &dict,
        tmp.path(),
    );
    assert_eq!(out, "We saw con tempt in the ex ample.\n");
    assert!(
        csv.contains(",con tempt,contempt,suggested,boundary:join,"),
        "{csv}"
    );
    assert!(csv.contains(",tbe,the,applied,misreadings:en,"), "{csv}");
}
