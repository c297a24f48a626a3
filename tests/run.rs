//! `corrigenda run` end to end: outputs, reports, failures, determinism.

mod common;

use std::fs;
use std::path::Path;

use common::{corrigenda, corrigenda_in, files, root, rows, stderr, write_pairs};
use corrigenda::change::splice;
use corrigenda::report::{CORRECTION_COLUMNS, SUMMARY_COLUMNS};

#[test]
fn samples_run_writes_outputs_and_both_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[&"run", &root().join("samples"), &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let report = fs::read_to_string(out.join("corrections.csv")).unwrap();
    assert_eq!(report.lines().next().unwrap(), CORRECTION_COLUMNS.join(","));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().next().unwrap(), SUMMARY_COLUMNS.join(","));
    let mut expected: Vec<_> = files(&root().join("samples"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    expected.push("corrections.csv".into());
    expected.push("summary.csv".into());
    expected.sort();
    assert_eq!(files(&out), expected);
    // One summary row per input, all ok.
    assert_eq!(summary.lines().count(), 1 + expected.len() - 2);
    assert!(
        summary
            .lines()
            .skip(1)
            .all(|l| l.split(',').nth(1) == Some("ok")),
        "{summary}"
    );
}

#[test]
fn a_bad_file_fails_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("bad.txt"), b"first line\nsecond \xFF\xFE line\n").unwrap();
    fs::write(input.join("empty.txt"), b"").unwrap();
    fs::copy(
        root().join("samples/ru_seed-cable-600308.txt"),
        input.join("sub/good.txt"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(1));
    let err = stderr(&res);
    assert!(
        err.contains("bad.txt: not valid UTF-8 at byte 18 (line 2)"),
        "{err}"
    );
    assert!(out.join("sub/good.txt").is_file());
    assert_eq!(fs::read(out.join("empty.txt")).unwrap(), b"");
    assert!(!out.join("bad.txt").exists());
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let bad = summary
        .lines()
        .find(|l| l.starts_with("bad.txt,"))
        .expect("a row for the bad file");
    assert!(bad.starts_with("bad.txt,error,"), "{bad}");
    assert!(bad.contains("not valid UTF-8 at byte 18"), "{bad}");
    assert!(
        summary.lines().any(|l| l.starts_with("sub/good.txt,ok,")),
        "{summary}"
    );
    assert!(
        summary.lines().any(|l| l.starts_with("empty.txt,ok,")),
        "{summary}"
    );
}

#[test]
fn a_broken_rule_file_stops_everything() {
    let cases = [
        ("pattern = 'a(\\d'", "bad pattern"),
        (
            "must_match = [\"zzz\"]",
            "must_match example \"zzz\" does not match",
        ),
    ];
    for (line, message) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dict = tmp.path().join("dict/ru");
        fs::create_dir_all(&dict).unwrap();
        let rules = format!(
            "# test rules\n\n[[rule]]\nid = \"broken\"\npattern = 'a(\\d)'\nreplacement = 'b$1'\nconfidence = 0.5\nnote = \"x\"\n{line}\n"
        );
        let rules = rules.replacen(
            "pattern = 'a(\\d)'\n",
            "",
            usize::from(line.starts_with("pattern")),
        );
        fs::write(dict.join("patterns.toml"), rules).unwrap();
        let out = tmp.path().join("out");
        let res = corrigenda(&[
            &"run",
            &root().join("samples"),
            &"--out",
            &out,
            &"--dict",
            &tmp.path().join("dict"),
        ]);
        assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
        let err = stderr(&res);
        let file = dict.join("patterns.toml");
        let expected = format!("{}:4: rule \"broken\": {message}", file.display());
        assert!(err.contains(&expected), "{err}\nexpected: {expected}");
        assert!(!out.exists(), "nothing may be written");
    }
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = tmp.path().join(format!("out{jobs}"));
        let res = corrigenda(&[
            &"run",
            &root().join("samples"),
            &"--out",
            &out,
            &"--jobs",
            &jobs,
            &"--quiet",
        ]);
        assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
        let contents: Vec<(std::path::PathBuf, Vec<u8>)> = files(&out)
            .into_iter()
            .map(|p| (p.clone(), fs::read(out.join(&p)).unwrap()))
            .collect();
        outputs.push(contents);
    }
    assert_eq!(outputs[0].len(), outputs[1].len());
    for ((name, one), (_, two)) in outputs[0].iter().zip(&outputs[1]) {
        assert!(
            one == two,
            "{} differs between --jobs 1 and --jobs 2",
            name.display()
        );
    }
}

#[test]
fn applied_rows_reproduce_the_output_and_undo_restores_the_input() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let samples = root().join("samples");
    let res = corrigenda(&[&"run", &samples, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let all = rows(&out.join("corrections.csv"));
    for file in files(&samples)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
    {
        let name = file.to_str().unwrap().to_string();
        let input = fs::read_to_string(samples.join(&file)).unwrap();
        let output = fs::read_to_string(out.join(&file)).unwrap();
        let applied: Vec<_> = all
            .iter()
            .filter(|r| r.file == name && r.action == "applied")
            .collect();
        for r in &applied {
            assert_eq!(
                &input[r.byte_start..r.byte_end],
                r.original,
                "{name}: row does not fit its span"
            );
        }
        let redone = splice(
            &input,
            applied
                .iter()
                .map(|r| (r.byte_start..r.byte_end, r.replacement.as_str())),
        );
        assert_eq!(redone, output, "{name}: applying the report");
        // Undo: the same spans, shifted into the output, put back.
        let mut shift: isize = 0;
        let mut spans = Vec::new();
        for r in &applied {
            let start = (r.byte_start as isize + shift) as usize;
            spans.push((start..start + r.replacement.len(), r.original.as_str()));
            shift += r.replacement.len() as isize - r.original.len() as isize;
        }
        assert_eq!(splice(&output, spans), input, "{name}: undoing the report");
    }
}

#[test]
fn formula_like_ocr_text_stays_text_and_recoverable() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("f.txt"), "=SUM(A1) and +7 here\n-@x\n").unwrap();
    let dict = tmp.path().join("dict/en");
    fs::create_dir_all(&dict).unwrap();
    fs::write(
        dict.join("patterns.toml"),
        r#"
[[rule]]
id = "sum"
pattern = '=SUM\(A1\)'
replacement = '=SUM(A2)'
confidence = 1.0
note = "test"
must_match = ["=SUM(A1)"]
[[rule]]
id = "plus"
pattern = '\+7|-@x'
replacement = '-8'
confidence = 0.5
note = "test"
must_match = ["+7"]
"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[
        &"run",
        &input,
        &"--out",
        &out,
        &"--dict",
        &tmp.path().join("dict"),
        &"--lang",
        &"en",
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let raw = fs::read_to_string(out.join("corrections.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(raw.as_bytes());
    for rec in reader.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
    let text = fs::read_to_string(input.join("f.txt")).unwrap();
    let got = rows(&out.join("corrections.csv"));
    assert_eq!(got.len(), 3, "{raw}");
    for r in &got {
        assert_eq!(r.original, text[r.byte_start..r.byte_end]);
    }
    let originals: Vec<&str> = got.iter().map(|r| r.original.as_str()).collect();
    assert_eq!(originals, ["1", "+7", "@x"]);
    assert_eq!(got[1].replacement, "-8");
}

#[test]
fn output_inside_an_input_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.txt"), "text\n").unwrap();
    let res = corrigenda(&[&"run", &input, &"--out", &input.join("out")]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("inside the input folder"),
        "{}",
        stderr(&res)
    );
    assert!(!input.join("out").exists());
}

#[test]
fn no_output_may_replace_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let file = input.join("a.txt");
    let text = "The cornmittee met.\n";
    fs::write(&file, text).unwrap();
    // The folder of a file named directly, as it is, from inside it, and
    // through a folder that does not exist yet.
    let missing_then_back = tmp.path().join("new/../in");
    for (cwd, out) in [
        (tmp.path(), input.as_path()),
        (input.as_path(), Path::new(".")),
        (tmp.path(), missing_then_back.as_path()),
    ] {
        let res = corrigenda_in(cwd, &[&"run", &file, &"--out", &out, &"--quiet"]);
        assert_eq!(res.status.code(), Some(2), "--out {}", out.display());
        assert!(stderr(&res).contains("over the input"), "{}", stderr(&res));
    }
    // `..` after a folder that does not exist yet is still inside an input
    // folder.
    let out = tmp.path().join("new/../in/out");
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("inside the input folder"),
        "{}",
        stderr(&res)
    );
    // apply --undo into the folder of the file it reads
    let run = tmp.path().join("run");
    let res = corrigenda(&[&"run", &file, &"--out", &run, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let corrected = fs::read(run.join("a.txt")).unwrap();
    let res = corrigenda(&[
        &"apply",
        &run.join("a.txt"),
        &"--undo",
        &"--report",
        &run.join("corrections.csv"),
        &"--out",
        &run,
    ]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert_eq!(fs::read(run.join("a.txt")).unwrap(), corrected);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn reports_may_not_replace_inputs_outputs_or_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    let text = "The cornmittee met.\n";
    fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    let cases: [(&str, std::path::PathBuf, &str); 4] = [
        (
            "--report",
            out.join("summary.csv"),
            "is the --report file too",
        ),
        ("--report", out.join("a.txt"), "is where the corrected"),
        ("--summary", file.clone(), "is an input file"),
        (
            "--html",
            out.join("corrections.csv"),
            "is the --report file too",
        ),
    ];
    for (flag, path, why) in &cases {
        let res = corrigenda(&[&"run", &file, &"--out", &out, flag, path, &"--quiet"]);
        assert_eq!(res.status.code(), Some(2), "{flag} {}", path.display());
        assert!(stderr(&res).contains(why), "{}", stderr(&res));
        assert!(!out.exists(), "written although refused");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    // apply: its new report may not replace the reviewed one it reads
    let res = corrigenda(&[&"run", &file, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let reviewed = out.join("corrections.csv");
    let before = fs::read(&reviewed).unwrap();
    let res = corrigenda(&[&"apply", &file, &"--report", &reviewed, &"--out", &out]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("is the report being read"),
        "{}",
        stderr(&res)
    );
    assert_eq!(fs::read(&reviewed).unwrap(), before);
}

#[test]
fn per_rule_finds_files_named_by_path_and_json_to_stdout_is_only_json() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = tmp.path().join("pairs");
    write_pairs(
        &pairs,
        &[(
            "The cornmittee met on Monday.\n",
            "The committee met on Monday.\n",
        )],
    );
    let out = tmp.path().join("out");
    // the file named by its path: the report's `file` is that path
    let res = corrigenda(&[
        &"run",
        &pairs.join("p0.ocr.txt"),
        &"--out",
        &out,
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let report = out.join("corrections.csv");
    let eval = |extra: &[&dyn AsRef<std::ffi::OsStr>]| {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"eval",
            &"--gt",
            &pairs,
            &"--ocr",
            &pairs,
            &"--corrected",
            &out,
            &"--per-rule",
            &report,
        ];
        args.extend_from_slice(extra);
        corrigenda(&args)
    };
    let res = eval(&[]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let table = String::from_utf8(res.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with("lexicon:en"))
        .unwrap_or_default();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["lexicon:en", "1", "-2"],
        "{table}"
    );
    let res = eval(&[&"--json", &"-"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let json: serde_json::Value = serde_json::from_slice(&res.stdout).expect("only JSON");
    assert_eq!(json["per_rule"]["lexicon:en"]["distance"], -2);
}

#[test]
fn an_extension_with_dots_takes_the_ocr_files_beside_their_ground_truth() {
    let tmp = tempfile::tempdir().unwrap();
    let pairs = tmp.path().join("pairs");
    write_pairs(&pairs, &[("The cornmittee met.\n", "The committee met.\n")]);
    let out = tmp.path().join("out");
    let res = corrigenda(&[
        &"run",
        &pairs,
        &"--ext",
        &".OCR.txt",
        &"--out",
        &out,
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let written: Vec<String> = files(&out)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(written, ["corrections.csv", "p0.ocr.txt", "summary.csv"]);
}

#[test]
fn a_batch_with_no_inputs_does_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("notes.md"), "The cornmittee met.\n").unwrap();
    let out = tmp.path().join("out");
    for args in [vec!["--quiet"], vec!["--ext", "text"]] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"run", &input, &"--out", &out];
        all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
        let res = corrigenda(&all);
        assert_eq!(res.status.code(), Some(2));
        assert!(stderr(&res).contains("no input files"), "{}", stderr(&res));
        assert!(!out.exists(), "reports written for an empty batch");
    }
    // eval: scored against a corrected folder that holds none of the files
    let pairs = tmp.path().join("pairs");
    write_pairs(&pairs, &[("The cornmittee met.\n", "The committee met.\n")]);
    let eval = |corrected: &Path| {
        corrigenda(&[
            &"eval",
            &"--gt",
            &pairs,
            &"--ocr",
            &pairs,
            &"--corrected",
            &corrected,
        ])
    };
    let res = eval(&input);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("no file to score"),
        "{}",
        stderr(&res)
    );
    assert_eq!(
        eval(&pairs).status.code(),
        Some(0),
        "the OCR as its own correction"
    );
}

#[test]
fn a_dictionary_layer_with_a_misnamed_file_is_refused_by_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    fs::write(&file, "The cornmittee met.\n").unwrap();
    let layer = tmp.path().join("layer");
    fs::create_dir_all(layer.join("en")).unwrap();
    fs::write(
        layer.join("en/README.md"),
        "notes may sit beside the data\n",
    )
    .unwrap();
    fs::write(layer.join("en/misreadings.tsv"), "wrong\tright\tnote\n").unwrap();
    let out = tmp.path().join("out");
    let run = || corrigenda(&[&"run", &file, &"--dict", &layer, &"--out", &out, &"--quiet"]);
    assert_eq!(run().status.code(), Some(0), "{}", stderr(&run()));
    fs::rename(
        layer.join("en/misreadings.tsv"),
        layer.join("en/misreading.tsv"),
    )
    .unwrap();
    let res = run();
    assert_eq!(res.status.code(), Some(2));
    let err = stderr(&res);
    let named = layer.join("en/misreading.tsv").display().to_string();
    assert!(
        err.contains(&format!("{named}: not a dictionary file")),
        "{err}"
    );
    // a new language without its lang.toml: the path it should have
    fs::create_dir_all(layer.join("xx")).unwrap();
    fs::remove_file(layer.join("en/misreading.tsv")).unwrap();
    let res = run();
    assert_eq!(res.status.code(), Some(2));
    let named = layer.join("xx/lang.toml").display().to_string();
    assert!(
        stderr(&res).contains(&format!("{named}: language")),
        "{}",
        stderr(&res)
    );
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_output_folder_does_not_lead_an_output_onto_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let inner = tmp.path().join("d/x/x");
    fs::create_dir_all(&inner).unwrap();
    fs::write(inner.join("a.txt"), "The cornmittee met.\n").unwrap();
    let out = tmp.path().join("o");
    fs::create_dir_all(&out).unwrap();
    // o/x -> d/x/x: the output of d/x/x/a.txt (o/x/a.txt) is that file
    std::os::unix::fs::symlink(&inner, out.join("x")).unwrap();
    let res = corrigenda(&[&"run", &tmp.path().join("d/x"), &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(stderr(&res).contains("over the input"), "{}", stderr(&res));
    assert_eq!(
        fs::read_to_string(inner.join("a.txt")).unwrap(),
        "The cornmittee met.\n"
    );
}

#[cfg(unix)]
#[test]
fn outputs_are_ordinary_files_readable_as_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    fs::write(&file, "The cornmittee met.\n").unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[&"run", &file, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    // A file made here the usual way has the mode the umask gives.
    let probe = tmp.path().join("probe");
    fs::write(&probe, "").unwrap();
    let usual = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for f in ["a.txt", "corrections.csv", "summary.csv"] {
        let mode = fs::metadata(out.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual, "{f}: mode {mode:o}, not {usual:o}");
    }
}

#[test]
fn a_batch_longer_than_a_part_reports_every_file_in_order() {
    // More files than the run corrects at a time (its reports are written
    // part by part), and a clash across parts: b/p000.txt would write the
    // same output file as a/p000.txt, the first file of the first part.
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    let n = 1100;
    for i in 0..n {
        fs::write(a.join(format!("p{i:04}.txt")), "The cornmittee met.\n").unwrap();
    }
    fs::write(b.join("p0000.txt"), "The cornmittee met.\n").unwrap();
    let mut reports = Vec::new();
    for jobs in ["1", "2"] {
        let out = tmp.path().join(format!("out{jobs}"));
        let res = corrigenda(&[&"run", &a, &b, &"--out", &out, &"--jobs", &jobs, &"--quiet"]);
        assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
        let err = stderr(&res);
        assert!(err.contains("would write the same output file as"), "{err}");
        let corrections = fs::read_to_string(out.join("corrections.csv")).unwrap();
        let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
        reports.push((corrections, summary));
    }
    assert!(
        reports[0] == reports[1],
        "the reports differ between --jobs 1 and 2"
    );
    let (corrections, summary) = &reports[0];
    let files: Vec<&str> = corrections
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let expected: Vec<String> = (0..n).map(|i| format!("p{i:04}.txt")).collect();
    assert_eq!(files, expected, "one row per file of a, in input order");
    assert!(corrections
        .lines()
        .skip(1)
        .all(|l| l.contains(",cornmittee,committee,applied,")));
    let rows: Vec<&str> = summary.lines().skip(1).collect();
    assert_eq!(rows.len(), n + 1);
    assert!(rows[..n].iter().all(|l| l.contains(",ok,")), "{summary}");
    assert!(
        rows[n].starts_with("p0000.txt,error,")
            && rows[n].contains("would write the same output file as p0000.txt"),
        "{}",
        rows[n]
    );
}
