//! `corrigenda apply` end to end: a reviewer's sheet back onto the inputs,
//! stale rows, the untouched and the all-rejected report, `--excel`, undo.
//!
//! The fixture `tests/data/apply/in/letter.txt` is corrected with the test
//! language of `tests/data/apply/dict/xx` (its own words and pattern rules),
//! so its rows do not depend on the built-in dictionaries:
//!
//! | bytes | original → replacement | action | rule |
//! | --- | --- | --- | --- |
//! | 30..31 | `1` → `l` (Ju1y) | applied | july |
//! | 52..53 | `O` → `0` (4O1) | applied | zero |
//! | 72..80 | `<script>` | flagged | script |
//! | 101..102 | `=` → `-` (=5) | suggested | equals |
//! | 162..163 | `O` → `0` (2O3) | applied | zero |
//! | 172..173 | `l` → `1` (1l5) | suggested | one |
//! | 180..181 | `l` → `1` (7l8) | suggested | one |

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{corrigenda, files, root, rows, stderr};

const LETTER: &str = "Dear sir, the meeting of 12 Ju1y was moved to room 4O1.\n\
                      Please send the <script> report by fax, cost =5 dollars.\n\
                      Signed, the clerk and the office, Москва, 2O3, page 1l5 and 7l8.\n";

/// Copies the fixture to `tmp/in` and runs `run` on it into `tmp/run`.
fn run_fixture(tmp: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let input = tmp.join("in");
    fs::create_dir_all(&input).unwrap();
    fs::copy(
        root().join("tests/data/apply/in/letter.txt"),
        input.join("letter.txt"),
    )
    .unwrap();
    assert_eq!(
        fs::read_to_string(input.join("letter.txt")).unwrap(),
        LETTER
    );
    let out = tmp.join("run");
    let dict = root().join("tests/data/apply/dict");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"run", &input, &"--out", &out, &"--dict", &dict, &"--lang", &"xx", &"--quiet",
    ];
    for e in extra {
        args.push(e);
    }
    let res = corrigenda(&args);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    (input, out)
}

/// Writes `bytes` as `tmp/in/NAME` and runs `run` (built-in dictionaries)
/// on `tmp/in` into `tmp/run`.
fn run_file(tmp: &Path, name: &str, bytes: &[u8], extra: &[&str]) -> (PathBuf, PathBuf) {
    let input = tmp.join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join(name), bytes).unwrap();
    let out = tmp.join("run");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"run", &input, &"--out", &out, &"--quiet"];
    for e in extra {
        args.push(e);
    }
    let res = corrigenda(&args);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    (input, out)
}

/// The raw cells of a CSV (as a spreadsheet sees them: still protected).
fn raw_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let records = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, records)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// Writes `report` with every row's decision set to `decision`, as `sheet`.
fn decide_all(report: &Path, decision: &str, sheet: &Path) {
    decide_where(report, ("decision", &|_| true), decision, sheet);
}

/// Writes `report` as `sheet` with `decision` in the rows whose cell in
/// column `column` passes `pick`.
fn decide_where(
    report: &Path,
    (column, pick): (&str, &dyn Fn(&str) -> bool),
    decision: &str,
    sheet: &Path,
) {
    let (header, records) = raw_csv(report);
    let (at, by) = (col(&header, "decision"), col(&header, column));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for mut r in records {
        if pick(&r[by]) {
            r[at] = decision.into();
        }
        w.write_record(&r).unwrap();
    }
    fs::write(sheet, w.into_inner().unwrap()).unwrap();
}

/// Applies the untouched `report` of the run that made `run` from `input`
/// again (the same `output`, file `name`), and undoes it (the `source`
/// again).
fn remade_and_undone(
    tmp: &Path,
    (input, run, report): (&Path, &Path, &Path),
    name: &str,
    output: &str,
    source: &str,
) {
    let again = tmp.join("again");
    let res = apply(&[&input, &"--report", &report, &"--out", &again]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        fs::read_to_string(again.join(name)).unwrap(),
        output,
        "{name}"
    );
    let back = tmp.join("back");
    let res = apply(&[&run, &"--undo", &"--report", &report, &"--out", &back]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        fs::read_to_string(back.join(name)).unwrap(),
        source,
        "{name}"
    );
}

/// An hOCR page whose lines are `lines` (`ocr_line` spans).
fn hocr_page(lines: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>
<div class='ocr_page' id='page_1' title='bbox 0 0 1000 1000'>
{lines}</div>
</body></html>
"
    )
}

fn apply(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"apply"];
    all.extend_from_slice(args);
    corrigenda(&all)
}

/// (byte_start, original, replacement, action, decision) of each row.
fn summary(report: &Path) -> Vec<(usize, String, String, String, String)> {
    rows(report)
        .into_iter()
        .map(|r| {
            (
                r.byte_start,
                r.original,
                r.replacement,
                r.action,
                r.decision,
            )
        })
        .collect()
}

#[test]
fn a_reviewers_edits_are_applied_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, run) = run_fixture(tmp.path(), &[]);
    let (header, records) = raw_csv(&run.join("corrections.csv"));
    assert_eq!(records.len(), 7);
    let (start, decision) = (col(&header, "byte_start"), col(&header, "decision"));
    let decisions = [
        ("30", "reject"),   // applied Ju1y → July: rejected
        ("52", "accept"),   // applied 4O1 → 401: accepted
        ("72", "[script]"), // flagged <script>: edited
        ("101", "Accept"),  // suggested =5 → -5: accepted
        ("162", ""),        // applied 2O3 → 203: left as it is
        ("172", "accept"),  // suggested 1l5 → 115: accepted
        ("180", "reject"),  // suggested 7l8 → 718: rejected
    ];
    // As a reviewer's spreadsheet saves it: an extra column in front and one
    // at the end, rows in another order, `;`, CRLF and a BOM.
    let mut edited: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let d = decisions.iter().find(|(s, _)| *s == r[start]).unwrap();
            r[decision] = d.1.to_string();
            let mut row = vec!["anna".to_string()];
            row.extend(r);
            row.push(format!("seen; row at {}", d.0));
            row
        })
        .collect();
    edited.reverse();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut head = vec!["reviewer".to_string()];
    head.extend(header.iter().cloned());
    head.push("note".into());
    w.write_record(&head).unwrap();
    for r in &edited {
        w.write_record(r).unwrap();
    }
    let sheet = tmp.path().join("reviewed.csv");
    fs::write(&sheet, w.into_inner().unwrap()).unwrap();
    let sheet_text = fs::read_to_string(&sheet).unwrap();
    assert!(sheet_text.starts_with("\u{feff}reviewer;file;page;"));
    assert!(sheet_text.contains(";'=;'-;suggested;"), "{sheet_text}");
    assert!(sheet_text.contains("\r\n"));

    let out = tmp.path().join("applied");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        fs::read_to_string(out.join("letter.txt")).unwrap(),
        "Dear sir, the meeting of 12 Ju1y was moved to room 401.\n\
         Please send the [script] report by fax, cost -5 dollars.\n\
         Signed, the clerk and the office, Москва, 203, page 115 and 7l8.\n"
    );
    assert_eq!(
        stderr(&res),
        "corrigenda: 1 files, 5 changes made (1 edited by the reviewer), 2 rejected, \
         0 rows refused, 0 files failed\n"
    );
    let s = |a: usize, o: &str, r: &str, act: &str, d: &str| {
        (
            a,
            o.to_string(),
            r.to_string(),
            act.to_string(),
            d.to_string(),
        )
    };
    assert_eq!(
        summary(&out.join("corrections.csv")),
        vec![
            s(30, "1", "l", "suggested", "reject"),
            s(52, "O", "0", "applied", "accept"),
            s(72, "<script>", "[script]", "applied", "[script]"),
            s(101, "=", "-", "applied", "Accept"),
            s(162, "O", "0", "applied", ""),
            s(172, "l", "1", "applied", "accept"),
            s(180, "l", "1", "suggested", "reject"),
        ]
    );
    let new = rows(&out.join("corrections.csv"));
    assert_eq!(
        new[2].context,
        "Please send the [<script>→[script]] report by fax, cost =5 dollars."
    );
    assert_eq!(new[2].rule, "pattern:xx/script");

    // The new report undoes what apply did.
    let back = tmp.path().join("back");
    let res = apply(&[
        &out.join("letter.txt"),
        &"--undo",
        &"--report",
        &out.join("corrections.csv"),
        &"--out",
        &back,
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(fs::read_to_string(back.join("letter.txt")).unwrap(), LETTER);
}

#[test]
fn a_stale_row_is_refused_by_name_and_the_rest_apply() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, run) = run_fixture(tmp.path(), &[]);
    // The input changes at the span of the row on line 3 (4O1 → 4Q1).
    fs::write(input.join("letter.txt"), LETTER.replace("4O1", "4Q1")).unwrap();
    let report = run.join("corrections.csv");
    let out = tmp.path().join("applied");
    let res = apply(&[&input, &"--report", &report, &"--out", &out]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    let expected = format!(
        "corrigenda: {}:3: letter.txt: row refused: expected \"O\" at bytes 52..53, found \
         \"Q\"; the input has changed since the report was made\n",
        report.display()
    );
    assert!(err.starts_with(&expected), "{err}\nexpected: {expected}");
    assert!(err.contains("2 changes made"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("letter.txt")).unwrap(),
        "Dear sir, the meeting of 12 July was moved to room 4Q1.\n\
         Please send the <script> report by fax, cost =5 dollars.\n\
         Signed, the clerk and the office, Москва, 203, page 1l5 and 7l8.\n"
    );
    let new = rows(&out.join("corrections.csv"));
    let actions: Vec<&str> = new.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "applied",
            "suggested",
            "flagged",
            "suggested",
            "applied",
            "suggested",
            "suggested"
        ]
    );
}

#[test]
fn overlapping_rows_unknown_files_and_a_broken_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, run) = run_fixture(tmp.path(), &[]);
    let mut text = fs::read_to_string(run.join("corrections.csv")).unwrap();
    // A second row over 4O1 (bytes 51..54), accepted, and a row of a file
    // that is not among the inputs.
    text.push_str(
        "letter.txt,1,1,52,51,54,4O1,401,suggested,manual,1.00,,,accept,\n\
         other.txt,1,1,1,0,1,x,y,applied,manual,1.00,,,,\n",
    );
    let sheet = tmp.path().join("reviewed.csv");
    fs::write(&sheet, &text).unwrap();
    let out = tmp.path().join("applied");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    let name = sheet.display();
    assert!(
        err.contains(&format!(
            "corrigenda: {name}:9: letter.txt: row refused: overlaps the row on line 3 \
             (bytes 52..53), which is made\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "corrigenda: {name}:10: other.txt: 1 row(s) refused: the file is not among the inputs\n"
        )),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("letter.txt")).unwrap(),
        fs::read_to_string(run.join("letter.txt")).unwrap()
    );

    // A sheet without the decision column stops everything (exit 2).
    fs::write(
        &sheet,
        "file,byte_start,byte_end,original,replacement,action\n",
    )
    .unwrap();
    let out = tmp.path().join("nothing");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(
        stderr(&res).contains(&format!("{name}:1: no column decision in the header")),
        "{}",
        stderr(&res)
    );
    assert!(!out.exists());
}

/// Runs `run` over the samples into `out`, with `extra` arguments.
fn run_samples(out: &Path, extra: &[&str]) {
    let samples = root().join("samples");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
        vec![&"run", &samples, &"--out", &out, &"--quiet"];
    for e in extra {
        args.push(e);
    }
    let res = corrigenda(&args);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
}

fn sample_files() -> Vec<PathBuf> {
    files(&root().join("samples"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .collect()
}

#[test]
fn the_untouched_report_gives_the_run_output_and_all_rejected_gives_the_input() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let plain = tmp.path().join("plain");
    run_samples(&plain, &[]);
    let excel = tmp.path().join("excel");
    run_samples(&excel, &["--excel"]);
    // --excel: the same reports behind a BOM.
    for report in ["corrections.csv", "summary.csv"] {
        let mut expected = b"\xEF\xBB\xBF".to_vec();
        expected.extend(fs::read(plain.join(report)).unwrap());
        assert!(
            fs::read(excel.join(report)).unwrap() == expected,
            "{report}"
        );
    }
    assert_eq!(
        rows(&excel.join("corrections.csv")),
        rows(&plain.join("corrections.csv"))
    );
    assert!(rows(&plain.join("corrections.csv"))
        .iter()
        .any(|r| r.action == "applied"));

    // The untouched (Excel) report: the run's outputs, and the run's report.
    let out = tmp.path().join("applied");
    let res = apply(&[
        &samples,
        &"--report",
        &excel.join("corrections.csv"),
        &"--out",
        &out,
        &"--excel",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    for f in sample_files() {
        assert!(
            fs::read(out.join(&f)).unwrap() == fs::read(plain.join(&f)).unwrap(),
            "{}: apply of the untouched report differs from the run",
            f.display()
        );
    }
    assert!(
        fs::read(out.join("corrections.csv")).unwrap()
            == fs::read(excel.join("corrections.csv")).unwrap(),
        "the new report of an untouched report is the run's report"
    );

    // Every row rejected: the inputs.
    let sheet = tmp.path().join("rejected.csv");
    decide_all(&plain.join("corrections.csv"), "reject", &sheet);
    let out = tmp.path().join("rejected");
    let res = apply(&[&samples, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    for f in sample_files() {
        assert!(
            fs::read(out.join(&f)).unwrap() == fs::read(samples.join(&f)).unwrap(),
            "{}: apply with every row rejected differs from the input",
            f.display()
        );
    }
    assert!(rows(&out.join("corrections.csv"))
        .iter()
        .all(|r| r.action != "applied" && r.decision == "reject"));
}

#[test]
fn two_inputs_with_one_output_name_are_not_both_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    fs::write(a.join("x.txt"), "The cornmittee met.\n").unwrap();
    fs::write(b.join("x.txt"), "The cornmittee left.\n").unwrap();
    let run = tmp.path().join("run");
    let res = corrigenda(&[&"run", &a.join("x.txt"), &"--out", &run, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let corrected = fs::read_to_string(run.join("x.txt")).unwrap();
    assert_ne!(
        corrected, "The cornmittee met.\n",
        "the run changed nothing"
    );
    let out = tmp.path().join("out");
    let res = apply(&[
        &a.join("x.txt"),
        &b.join("x.txt"),
        &"--report",
        &run.join("corrections.csv"),
        &"--out",
        &out,
    ]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("would write the same output file as"),
        "{}",
        stderr(&res)
    );
    assert_eq!(fs::read_to_string(out.join("x.txt")).unwrap(), corrected);
}

#[test]
fn alto_hyphen_parts_are_suggested_and_apply_refuses_them() {
    // `SUBS_CONTENT` copies the whole hyphenated word: a change of a part
    // would have to change it too, which no row could show, so a part is
    // never changed by `run`, and `apply` refuses a reviewer's acceptance.
    let tmp = tempfile::tempdir().unwrap();
    let alto = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto><Layout><Page ID="p1"><PrintSpace><TextBlock>
<TextLine><String ID="w1" CONTENT="The"/><SP/><String ID="w2" CONTENT="cornmittee"/><SP/><String ID="w3" CONTENT="of"/><SP/><String ID="w4" CONTENT="tbe"/><SP/><String ID="w5" CONTENT="govermn" SUBS_TYPE="HypPart1" SUBS_CONTENT="govermnent"/><HYP CONTENT="-"/></TextLine>
<TextLine><String ID="w6" CONTENT="ent" SUBS_TYPE="HypPart2" SUBS_CONTENT="govermnent"/><SP/><String ID="w7" CONTENT="met"/><SP/><String ID="w8" CONTENT="today."/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>
"#;
    let (input, run) = run_file(tmp.path(), "page.xml", alto.as_bytes(), &[]);
    let report = run.join("corrections.csv");
    let got = rows(&report);
    assert!(
        got.iter()
            .any(|r| r.original == "cornmittee" && r.action == "applied"),
        "{got:?}"
    );
    let part: Vec<_> = got
        .iter()
        .filter(|r| r.original.starts_with("govermn"))
        .collect();
    assert!(!part.is_empty(), "the hyphenated word has a row: {got:?}");
    assert!(part.iter().all(|r| r.action != "applied"), "{part:?}");
    let output = fs::read_to_string(run.join("page.xml")).unwrap();
    assert_eq!(
        output.matches("govermnent").count(),
        2,
        "SUBS_CONTENT untouched"
    );

    // Accept every row.
    let sheet = tmp.path().join("accepted.csv");
    decide_all(&report, "accept", &sheet);
    let out = tmp.path().join("out");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(stderr(&res).contains("hyphenated word"), "{}", stderr(&res));
    let applied = fs::read_to_string(out.join("page.xml")).unwrap();
    assert!(applied.contains(r#"CONTENT="committee""#), "{applied}");
    assert!(applied.contains(r#"CONTENT="govermn""#), "{applied}");

    // Undo of the run's output restores the input byte for byte.
    let back = tmp.path().join("back");
    let res = apply(&[&run, &"--undo", &"--report", &report, &"--out", &back]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(fs::read_to_string(back.join("page.xml")).unwrap(), alto);
}

#[test]
fn hocr_words_ocr_split_are_joined_in_one_element_and_apply_and_undo_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let hocr = hocr_page(
        "<span class='ocr_line' id='line_1' title='bbox 10 10 600 42'>
<span class='ocrx_word' id='word_1' title='bbox 10 10 60 40; x_wconf 90'>The</span>
<span class='ocrx_word' id='word_2' title='bbox 70 10 200 40; x_wconf 80'>cornmittee</span>
<span class='ocrx_word' id='word_3' title='bbox 210 10 240 40; x_wconf 90'>gave</span>
<span class='ocrx_word' id='word_4' title='bbox 250 10 290 40; x_wconf 90'>the</span>
<span class='ocrx_word' id='word_5' title='bbox 300 10 330 40; x_wconf 70'>inf</span>
<span class='ocrx_word' id='word_6' title='bbox 334 12 450 42; x_wconf 60'>ormation</span>
<span class='ocrx_word' id='word_7' title='bbox 460 10 560 40; x_wconf 90'>today.</span>
</span>
",
    );
    let (input, run) = run_file(tmp.path(), "page.hocr", hocr.as_bytes(), &["--lang", "en"]);
    let report = run.join("corrections.csv");
    let got = rows(&report);
    let join = got
        .iter()
        .find(|r| r.rule == "boundary:join")
        .unwrap_or_else(|| panic!("no join: {got:?}"));
    assert_eq!(join.action, "applied", "{join:?}");
    assert_eq!(join.location, "word_5 word_6 bbox 300 10 450 42");
    // The first element takes the word and the joint box; the second goes.
    let joined = "<span class='ocrx_word' id='word_5' title='bbox 300 10 450 42; x_wconf 70'>\
                  information</span>";
    assert_eq!(join.replacement, joined);
    let output = fs::read_to_string(run.join("page.hocr")).unwrap();
    assert!(
        output.contains(&format!("{joined}\n<span class='ocrx_word' id='word_7'")),
        "{output}"
    );
    assert!(!output.contains("word_6"), "{output}");

    // The reviewer's own word for the join: the element is written with it.
    let sheet = tmp.path().join("edited.csv");
    let word_5 = |original: &str| original.contains("word_5");
    decide_where(&report, ("original", &word_5), "informations", &sheet);
    let out = tmp.path().join("out");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let edited = fs::read_to_string(out.join("page.hocr")).unwrap();
    assert_eq!(edited, output.replace(">information<", ">informations<"));

    // The run's report made again, and undone.
    let files = (input.as_path(), run.as_path(), report.as_path());
    remade_and_undone(tmp.path(), files, "page.hocr", &output, &hocr);
}

#[test]
fn words_ocr_glued_are_split_into_elements_and_apply_and_undo_agree() {
    // One page in hOCR and in ALTO (with a namespace prefix): `среди.них`,
    // a full stop read for the space, becomes two word elements.
    let hocr = hocr_page(
        "<span class='ocr_line' id='line_1' title='bbox 10 10 600 42'>
<span class='ocrx_word' id='word_1' title='bbox 10 10 40 40; x_wconf 90'>Там</span>
<span class='ocrx_word' id='word_2' title='bbox 50 10 90 40; x_wconf 90'>были</span>
<span class='ocrx_word' id='word_3' title='bbox 100 10 190 40; x_wconf 80'>среди.них</span>
<span class='ocrx_word' id='word_4' title='bbox 200 10 290 40; x_wconf 90'>инженеры.</span>
</span>
",
    );
    let hocr_split = "<span class='ocrx_word' id='word_3' title='bbox 100 10 150 40; x_wconf 80'>\
                      среди</span> <span class='ocrx_word' id='word_3_2' title='bbox 160 10 190 40; \
                      x_wconf 80'>них</span>";
    let alto = r#"<?xml version="1.0" encoding="UTF-8"?>
<a:alto xmlns:a="http://www.loc.gov/standards/alto/ns-v4#"><a:Layout><a:Page ID="p1"><a:PrintSpace><a:TextBlock ID="b1">
<a:TextLine ID="l1"><a:String ID="s1" CONTENT="Там" HPOS="10" VPOS="10" WIDTH="30" HEIGHT="30"/><a:SP/><a:String ID="s2" CONTENT="были" HPOS="50" VPOS="10" WIDTH="40" HEIGHT="30"/><a:SP/><a:String ID="s3" CONTENT="среди.них" HPOS="100" VPOS="10" WIDTH="90" HEIGHT="30" WC="0.8"/><a:SP/><a:String ID="s4" CONTENT="инженеры." HPOS="200" VPOS="10" WIDTH="90" HEIGHT="30"/></a:TextLine>
</a:TextBlock></a:PrintSpace></a:Page></a:Layout></a:alto>
"#;
    let alto_split = "<a:String ID=\"s3\" CONTENT=\"среди\" HPOS=\"100\" VPOS=\"10\" WIDTH=\"50\" \
                      HEIGHT=\"30\" WC=\"0.8\"/><a:SP/><a:String ID=\"s3_2\" CONTENT=\"них\" \
                      HPOS=\"160\" VPOS=\"10\" WIDTH=\"30\" HEIGHT=\"30\" WC=\"0.8\"/>";
    // The reviewer's `среди ними`: ten letters, so other shares of the box.
    let hocr_edited = "<span class='ocrx_word' id='word_3' title='bbox 100 10 145 40; x_wconf 80'>\
                       среди</span> <span class='ocrx_word' id='word_3_2' title='bbox 154 10 190 40; \
                       x_wconf 80'>ними</span>";
    let alto_edited =
        "<a:String ID=\"s3\" CONTENT=\"среди\" HPOS=\"100\" VPOS=\"10\" WIDTH=\"45\" \
                       HEIGHT=\"30\" WC=\"0.8\"/><a:SP/><a:String ID=\"s3_2\" CONTENT=\"ними\" \
                       HPOS=\"154\" VPOS=\"10\" WIDTH=\"36\" HEIGHT=\"30\" WC=\"0.8\"/>";
    for (name, source, split, edited) in [
        ("page.hocr", hocr.as_str(), hocr_split, hocr_edited),
        ("page.xml", alto, alto_split, alto_edited),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (input, run) = run_file(tmp.path(), name, source.as_bytes(), &["--lang", "ru"]);
        let report = run.join("corrections.csv");
        let got = rows(&report);
        let row = got
            .iter()
            .find(|r| r.rule == "boundary:split")
            .unwrap_or_else(|| panic!("{name}: no split: {got:?}"));
        assert_eq!(row.action, "applied", "{name}: {row:?}");
        // The element gives each word its own element and its share of the
        // box; the second takes a new id.
        assert_eq!(row.replacement, split, "{name}");
        let output = fs::read_to_string(run.join(name)).unwrap();
        assert_eq!(output, source.replace(&row.original, split), "{name}");

        // The reviewer's own words for the split.
        let sheet = tmp.path().join("edited.csv");
        let split_rule = |rule: &str| rule == "boundary:split";
        decide_where(&report, ("rule", &split_rule), "среди ними", &sheet);
        let out = tmp.path().join("out");
        let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
        assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
        let made = fs::read_to_string(out.join(name)).unwrap();
        assert_eq!(made, output.replace(split, edited), "{name}");

        // The run's report made again, and undone.
        let files = (input.as_path(), run.as_path(), report.as_path());
        remade_and_undone(tmp.path(), files, name, &output, source);
    }
}

#[test]
fn marks_read_as_words_at_a_line_end_go_with_their_elements_and_apply_and_undo_agree() {
    // Two marks OCR read as words after a line's last word: both elements
    // go, with the white space before them; a speck read as a word before
    // a line's first word goes with the white space after it.
    let hocr = hocr_page(
        "<span class='ocr_line' id='line_1' title='bbox 10 10 600 42'>
<span class='ocrx_word' id='word_1' title='bbox 10 10 60 40; x_wconf 90'>There</span>
<span class='ocrx_word' id='word_2' title='bbox 70 10 100 40; x_wconf 90'>are</span>
<span class='ocrx_word' id='word_3' title='bbox 110 10 140 40; x_wconf 90'>no</span>
<span class='ocrx_word' id='word_4' title='bbox 150 10 300 40; x_wconf 90'>restrictions.</span>
<span class='ocrx_word' id='word_5' title='bbox 310 10 320 40; x_wconf 20'>:</span>
<span class='ocrx_word' id='word_6' title='bbox 330 10 340 40; x_wconf 20'>:</span>
</span>
<span class='ocr_line' id='line_2' title='bbox 10 50 600 82'>
<span class='ocrx_word' id='word_7' title='bbox 10 60 14 64; x_wconf 30'>.</span>
<span class='ocrx_word' id='word_8' title='bbox 20 50 60 80; x_wconf 90'>The</span>
<span class='ocrx_word' id='word_9' title='bbox 70 50 160 80; x_wconf 90'>Version</span>
<span class='ocrx_word' id='word_10' title='bbox 170 50 230 80; x_wconf 90'>field</span>
<span class='ocrx_word' id='word_11' title='bbox 240 50 300 80; x_wconf 90'>gives</span>
<span class='ocrx_word' id='word_12' title='bbox 310 50 390 80; x_wconf 90'>numbers.</span>
</span>
",
    );
    let tmp = tempfile::tempdir().unwrap();
    let (input, run) = run_file(tmp.path(), "page.hocr", hocr.as_bytes(), &["--lang", "en"]);
    let report = run.join("corrections.csv");
    let got = rows(&report);
    let row = got
        .iter()
        .find(|r| r.rule.contains("line-end-mark"))
        .unwrap_or_else(|| panic!("no removal: {got:?}"));
    assert_eq!(row.action, "applied", "{row:?}");
    assert_eq!(row.replacement, "");
    let output = fs::read_to_string(run.join("page.hocr")).unwrap();
    assert!(
        !output.contains("word_5") && !output.contains("word_6"),
        "{output}"
    );
    assert!(output.contains("restrictions.</span>\n</span>"), "{output}");
    let speck = got
        .iter()
        .find(|r| r.rule.contains("line-start-speck"))
        .unwrap_or_else(|| panic!("no speck taken away: {got:?}"));
    assert_eq!(
        (speck.action.as_str(), speck.replacement.as_str()),
        ("applied", "")
    );
    assert!(!output.contains("word_7"), "{output}");
    // The run's report made again, and undone.
    let files = (input.as_path(), run.as_path(), report.as_path());
    remade_and_undone(tmp.path(), files, "page.hocr", &output, &hocr);
}

#[test]
fn a_stray_quote_in_the_sheet_is_named_and_no_csv_text_reaches_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "The cornmittee met tbe mayor.\nThe govermnent said tbe rest.\n";
    let (input, run) = run_file(tmp.path(), "a.txt", text.as_bytes(), &["--lang", "en"]);
    // The first row's decision typed as `"tis`: the quote opens a cell that
    // runs over the rows after it.
    let report = fs::read_to_string(run.join("corrections.csv")).unwrap();
    let mut lines: Vec<String> = report.lines().map(String::from).collect();
    lines[1] = format!("{}\"tis,", &lines[1][..lines[1].len() - 1]);
    let sheet = tmp.path().join("sheet.csv");
    fs::write(&sheet, lines.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(stderr(&res).contains("stray"), "{}", stderr(&res));
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), text);
}

#[test]
fn a_row_the_encoding_cannot_hold_is_refused_alone() {
    // KOI8-R has no `№`: accepting run's suggestion of one must not cost
    // the file its other changes.
    let tmp = tempfile::tempdir().unwrap();
    let text = "ШИФРОВКА N 604187/ш\nПередайте, что перегбворы продолжаются.\n";
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
    let (input, run) = run_file(tmp.path(), "a.txt", &bytes, &[]);
    let sheet = tmp.path().join("sheet.csv");
    decide_all(&run.join("corrections.csv"), "accept", &sheet);
    let out = tmp.path().join("out");
    let res = apply(&[&input, &"--report", &sheet, &"--out", &out]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    assert!(
        stderr(&res).contains("KOI8-R, cannot hold"),
        "{}",
        stderr(&res)
    );
    let made = fs::read(out.join("a.txt")).unwrap();
    let (made, _, _) = encoding_rs::KOI8_R.decode(&made);
    assert_eq!(made, text.replace("перегбворы", "переговоры"));
}

#[test]
fn undo_restores_every_sample_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    // The samples, and one of them again with CRLF line ends and a BOM.
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for f in sample_files() {
        fs::copy(root().join("samples").join(&f), input.join(&f)).unwrap();
    }
    let seed = fs::read_to_string(root().join("samples/ru_seed-cable-600308.txt")).unwrap();
    fs::write(
        input.join("crlf-bom.txt"),
        format!("\u{feff}{}", seed.replace('\n', "\r\n")),
    )
    .unwrap();
    let out = tmp.path().join("run");
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let back = tmp.path().join("back");
    let res = apply(&[
        &out,
        &"--undo",
        &"--report",
        &out.join("corrections.csv"),
        &"--out",
        &back,
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let inputs = files(&input);
    assert_eq!(inputs.len(), sample_files().len() + 1);
    for f in &inputs {
        assert!(
            fs::read(back.join(f)).unwrap() == fs::read(input.join(f)).unwrap(),
            "{}: undo does not restore the input",
            f.display()
        );
        assert!(
            fs::read(out.join(f)).unwrap() != fs::read(input.join(f)).unwrap(),
            "{}: the run changed nothing, so undo proves nothing",
            f.display()
        );
    }

    // A file named directly: the report names it by its path, the output
    // by its name only.
    let one = input.join("crlf-bom.txt");
    let out = tmp.path().join("run-one");
    let res = corrigenda(&[&"run", &one, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let back = tmp.path().join("back-one");
    let res = apply(&[
        &out.join("crlf-bom.txt"),
        &"--undo",
        &"--report",
        &out.join("corrections.csv"),
        &"--out",
        &back,
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(fs::read(back.join("crlf-bom.txt")).unwrap() == fs::read(&one).unwrap());
}
