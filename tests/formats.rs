//! hOCR, ALTO and PAGE-XML in and out, archive encodings, and XML that must
//! fail alone.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{corrigenda, root, rows, stderr};
use corrigenda::change::{self, Action};
use corrigenda::dict::Dictionaries;
use corrigenda::formats::{self, Format};
use corrigenda::rules::{Cache, Corrector, Options};

fn corrector() -> Corrector {
    Corrector::new(Dictionaries::builtin().unwrap(), Options::default()).unwrap()
}

fn corpus() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/dev");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "note: {} is absent; the corpus checks are skipped",
            dir.display()
        );
        None
    }
}

/// What one XML file gave: the checks every format shares.
struct Checked {
    applied: usize,
    /// Lines (of the derived text) with an applied change, and word
    /// elements with one inside their text.
    lines: usize,
    words: usize,
    /// Applied rows of whole word elements: joins, and removals of one.
    joins: usize,
    removals: usize,
    /// Applied rows of words given new text each in place.
    rewrites: usize,
    /// Applied rows of one word element made one per word.
    splits: usize,
    downgraded: usize,
    output: String,
}

/// Corrects `src` through the library and checks: the output parses; its
/// text is the input's text with the changes made; the changes are those of
/// the plain-text run on the same text, only some applied ones suggested
/// instead; the applied rows fit the source and change one word's text or
/// whole word elements; every row has a location.
fn check_xml(corrector: &Corrector, path: &Path, src: &str, format: &Format) -> Checked {
    let name = path.file_name().unwrap().to_str().unwrap();
    assert_eq!(&formats::detect(path, src), format, "{name}");
    let mut cache = Cache::default();
    let done = formats::correct(
        corrector,
        &mut cache,
        name,
        path,
        src,
        format,
        encoding_rs::UTF_8,
    )
    .unwrap();
    let before = formats::read(format, path, src).unwrap();
    let after = formats::read(format, path, &done.output)
        .unwrap_or_else(|e| panic!("{name}: the output does not parse: {e}"));
    assert_eq!(
        after.text,
        change::apply(&before.text, &done.changes),
        "{name}: the output's text is not the input's text with the changes made"
    );
    // The plain-text run over the same text: same changes, except applied
    // ones that could not be put into one word element.
    let plain = corrector.correct_text(&before.text, &mut cache);
    assert_eq!(plain.changes.len(), done.changes.len(), "{name}");
    let mut downgraded = 0;
    for (p, x) in plain.changes.iter().zip(&done.changes) {
        assert_eq!(
            (&p.span, &p.replacement, &p.rule),
            (&x.span, &x.replacement, &x.rule),
            "{name}"
        );
        if p.action != x.action {
            assert_eq!((p.action, x.action), (Action::Applied, Action::Suggested));
            downgraded += 1;
        }
    }
    for r in &done.rows {
        assert_eq!(
            src[r.byte_start..r.byte_end],
            r.original,
            "{name}: a row does not fit its span"
        );
        assert!(!r.location.is_empty(), "{name}: no location: {r:?}");
    }
    let applied: Vec<_> = done.rows.iter().filter(|r| r.action == "applied").collect();
    let (mut joins, mut removals, mut rewrites, mut splits, mut added) = (0, 0, 0, 0, 0);
    let mut words = std::collections::BTreeSet::new();
    // Word elements in a row's markup.
    let elements = |m: &str| m.matches("ocrx_word").count() + m.matches("String ").count();
    for r in &applied {
        // Inside one word's text; or whole word elements: a join (the
        // elements from the first one's start, made one element), a split
        // (one element made one per word) or a removal (an element and the
        // space before or after it); or words given new text each in place,
        // from the first one's text to the last one's.
        let word = before
            .words
            .iter()
            .position(|w| w.source.start <= r.byte_start && r.byte_end <= w.source.end);
        let in_word = word.is_some();
        words.extend(word);
        let whole =
            r.original.trim_start().starts_with('<') || r.original.trim_end().ends_with('>');
        let join_or_removal = whole && (r.replacement.is_empty() || r.replacement.starts_with('<'));
        let rewrite = !in_word
            && !whole
            && before.words.iter().any(|w| w.source.start == r.byte_start)
            && before.words.iter().any(|w| w.source.end == r.byte_end);
        assert!(
            in_word || join_or_removal || rewrite,
            "{name}: an applied change neither in one word's text nor of whole words: {r:?}"
        );
        assert!(r.location.contains(" bbox "), "{r:?}");
        let (from, to) = (elements(&r.original), elements(&r.replacement));
        let split = join_or_removal && from == 1 && to > 1;
        splits += usize::from(split);
        added += if split { to - 1 } else { 0 };
        joins += usize::from(join_or_removal && !split && !r.replacement.is_empty());
        removals += usize::from(join_or_removal && r.replacement.is_empty());
        rewrites += usize::from(rewrite);
    }
    // Joins merge word elements and removals take some away; only splits
    // add words.
    assert!(after.words.len() <= before.words.len() + added, "{name}");
    let lines: std::collections::BTreeSet<_> = applied.iter().map(|r| (r.page, r.line)).collect();
    Checked {
        applied: applied.len(),
        lines: lines.len(),
        words: words.len(),
        joins,
        removals,
        rewrites,
        splits,
        downgraded,
        output: done.output,
    }
}

/// Compares `input` and `output` outside the applied rows' spans, and the
/// spans with the replacements.
fn same_outside(name: &str, input: &str, output: &str, rows: &[(usize, usize, &str)]) {
    let (mut at_in, mut at_out) = (0, 0);
    for &(start, end, replacement) in rows {
        let keep = start - at_in;
        assert_eq!(
            input[at_in..start],
            output[at_out..at_out + keep],
            "{name}: bytes before {start} differ"
        );
        at_out += keep;
        assert_eq!(&output[at_out..at_out + replacement.len()], replacement);
        at_out += replacement.len();
        at_in = end;
    }
    assert_eq!(input[at_in..], output[at_out..], "{name}: the tail differs");
}

#[test]
fn corpus_hocr_and_alto_change_words_and_join_their_elements() {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".hocr") || n.ends_with(".alto.xml")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let corrector = corrector();
    let mut outputs = HashMap::new();
    let (mut applied, mut joins, mut removals, mut rewrites, mut downgraded) = (0, 0, 0, 0, 0);
    let mut splits = 0;
    for path in &files {
        let src = fs::read_to_string(path).unwrap();
        let (format, pages) = if path.to_string_lossy().ends_with(".hocr") {
            (Format::Hocr, src.matches("class='ocr_page'").count())
        } else {
            (Format::Alto, src.matches("<Page ").count())
        };
        let checked = check_xml(&corrector, path, &src, &format);
        let derived = formats::read(&format, path, &src).unwrap();
        assert_eq!(
            derived.text.split('\x0c').count(),
            pages,
            "{}",
            path.display()
        );
        applied += checked.applied;
        joins += checked.joins;
        removals += checked.removals;
        rewrites += checked.rewrites;
        splits += checked.splits;
        downgraded += checked.downgraded;
        outputs.insert(path.file_name().unwrap().to_owned(), checked.output);
    }
    assert!(applied > 100, "only {applied} applied changes");
    // Words OCR split are joined in their elements, specks taken away.
    assert!(joins > 100, "only {joins} joins of elements");
    assert!(removals > 50, "only {removals} elements taken away");
    // A header line's words corrected each in its element.
    assert!(rewrites > 10, "only {rewrites} words rewritten in place");
    // Words OCR glued (`Среди.них`, a header's `Экз.№1`) split into elements.
    assert!(splits > 10, "only {splits} elements split");
    eprintln!(
        "{} files: {applied} changes applied ({joins} joins, {splits} splits and {removals} removals of word elements, {rewrites} rewrites of words in place), {downgraded} applied by the text run only suggested",
        files.len()
    );

    // The command line gives the same files, and its report reproduces them.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[
        &"run",
        &dir,
        &"--ext",
        &"hocr,xml",
        &"--out",
        &out,
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let report = rows(&out.join("corrections.csv"));
    for path in &files {
        let file = path.file_name().unwrap();
        let name = file.to_str().unwrap();
        let input = fs::read_to_string(path).unwrap();
        let output = fs::read_to_string(out.join(file)).unwrap();
        assert!(
            output == outputs[file],
            "{name}: the binary and the library differ"
        );
        let applied: Vec<(usize, usize, &str)> = report
            .iter()
            .filter(|r| r.file == name && r.action == "applied")
            .map(|r| (r.byte_start, r.byte_end, r.replacement.as_str()))
            .collect();
        same_outside(name, &input, &output, &applied);
    }
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("ru_aptitude-doc-ru_01.alto.xml,ok,UTF-8,ru,"),
        "{summary}"
    );

    // `apply` makes the untouched report's rows again (joins, splits,
    // removals and rewrites of elements included), and `--undo` takes them
    // out: the outputs and the inputs, byte for byte.
    let report = out.join("corrections.csv");
    let (again, back) = (tmp.path().join("again"), tmp.path().join("back"));
    let res = corrigenda(&[&"apply", &dir, &"--report", &report, &"--out", &again]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(stderr(&res).contains(" 0 rows refused"), "{}", stderr(&res));
    let res = corrigenda(&[
        &"apply",
        &out,
        &"--undo",
        &"--report",
        &report,
        &"--out",
        &back,
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert!(stderr(&res).contains(" 0 rows refused"), "{}", stderr(&res));
    for path in &files {
        let file = path.file_name().unwrap();
        let made = fs::read_to_string(again.join(file)).unwrap();
        assert!(made == outputs[file], "{}: apply differs", path.display());
        let undone = fs::read_to_string(back.join(file)).unwrap();
        let input = fs::read_to_string(path).unwrap();
        assert!(undone == input, "{}: apply --undo differs", path.display());
    }
}

/// The contents of every `Unicode` and `PlainText` element emptied.
fn without_text_equivs(xml: &str) -> String {
    let re = regex::Regex::new(r"(?s)<(Unicode|PlainText)>.*?</(Unicode|PlainText)>").unwrap();
    re.replace_all(xml, "<$1></$2>").into_owned()
}

#[test]
fn page_xml_round_trips_and_keeps_lines_in_step() {
    let path = root().join("tests/data/formats/mukden-p1.page.xml");
    let src = fs::read_to_string(&path).unwrap();
    let checked = check_xml(&corrector(), &path, &src, &Format::PageXml);
    assert!(checked.applied >= 5, "{} applied", checked.applied);
    // Only text inside TextEquiv changed.
    assert_eq!(
        without_text_equivs(&src),
        without_text_equivs(&checked.output)
    );
    // Line and region copies changed with their words: in the output, as in
    // the input, every copy still matches its words.
    let before = formats::read(&Format::PageXml, &path, &src).unwrap();
    let after = formats::read(&Format::PageXml, &path, &checked.output).unwrap();
    assert!(before.words.iter().all(|w| w.fixed().is_none()));
    assert!(after.words.iter().all(|w| w.fixed().is_none()));
    let unicode = |s: &str| {
        let re = regex::Regex::new(r"(?s)<Unicode>(.*?)</Unicode>").unwrap();
        re.captures_iter(s)
            .map(|c| c[1].to_string())
            .collect::<Vec<_>>()
    };
    let (u0, u1) = (unicode(&src), unicode(&checked.output));
    let changed = u0.iter().zip(&u1).filter(|(a, b)| a != b).count();
    // Each applied change shows in its word (on a line with words), and
    // each line with one in the line's copy (and its region's).
    assert!(
        changed >= checked.words + checked.lines,
        "{changed} Unicode elements changed for {} words on {} lines",
        checked.words,
        checked.lines
    );
    assert!(after.words[0].confidence.is_some());
}

fn encode_as(label: &str, text: &str) -> Vec<u8> {
    match label {
        "utf-16le" | "utf-16be" => {
            let le = label == "utf-16le";
            let mut out = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }
        _ => {
            let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
            let (bytes, _, bad) = enc.encode(text);
            assert!(!bad, "{label} cannot hold the text");
            bytes.into_owned()
        }
    }
}

#[test]
fn the_seed_in_archive_encodings_gives_the_same_corrections() {
    let seed = fs::read_to_string(root().join("samples/ru_seed-cable-600308.txt")).unwrap();
    // KOI8-R has no `№`: its archives wrote `N`.
    let seed_n = seed.replace('№', "N");
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    // (file, encoding label, the UTF-8 file it must match, summary name)
    let cases = [
        (
            "seed-cp1251.txt",
            "windows-1251",
            "seed.txt",
            "windows-1251",
        ),
        ("seed-utf16le.txt", "utf-16le", "seed.txt", "UTF-16LE (BOM)"),
        ("seed-utf16be.txt", "utf-16be", "seed.txt", "UTF-16BE (BOM)"),
        ("seed-n-koi8r.txt", "koi8-r", "seed-n.txt", "KOI8-R"),
    ];
    fs::write(input.join("seed.txt"), &seed).unwrap();
    fs::write(input.join("seed-n.txt"), &seed_n).unwrap();
    let text_of = |utf8: &str| if utf8 == "seed.txt" { &seed } else { &seed_n };
    for (file, label, utf8, _) in cases {
        fs::write(input.join(file), encode_as(label, text_of(utf8))).unwrap();
    }
    let out = tmp.path().join("out");
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let report = rows(&out.join("corrections.csv"));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let of = |file: &str| {
        report
            .iter()
            .filter(|r| r.file == file)
            .map(|r| {
                let mut r = r.clone();
                r.file.clear();
                r
            })
            .collect::<Vec<_>>()
    };
    for (file, label, utf8, name) in cases {
        let mut expected = of(utf8);
        assert!(expected.iter().any(|r| r.action == "applied"));
        // What the encoding cannot hold (KOI8-R and `№`) is only suggested.
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let mut held = 0;
        for r in &mut expected {
            if r.action == "applied"
                && !corrigenda::formats::encoding::can_hold(enc, &r.replacement)
            {
                r.action = "suggested".into();
                held += 1;
            }
        }
        let got = of(file);
        assert_eq!(got, expected, "{file}: other corrections than {utf8}");
        assert!(
            summary.contains(&format!("{file},ok,{name},ru,")),
            "{file}: {summary}"
        );
        assert_eq!(held > 0, label == "koi8-r", "{file}");
        // The output: the applied rows made, in the file's own encoding.
        let applied: Vec<_> = got.iter().filter(|r| r.action == "applied").collect();
        let corrected = change::splice(
            text_of(utf8),
            applied
                .iter()
                .map(|r| (r.byte_start..r.byte_end, r.replacement.as_str())),
        );
        assert_ne!(&corrected, text_of(utf8));
        assert!(
            fs::read(out.join(file)).unwrap() == encode_as(label, &corrected),
            "{file}: the output is not the corrected text in {label}"
        );
        if held == 0 {
            assert_eq!(corrected, fs::read_to_string(out.join(utf8)).unwrap());
        }
    }
    // Named instead of detected: the same.
    let out2 = tmp.path().join("out2");
    let one = input.join("seed-n-koi8r.txt");
    let res = corrigenda(&[
        &"run",
        &one,
        &"--encoding",
        &"koi8-r",
        &"--out",
        &out2,
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        fs::read(out2.join("seed-n-koi8r.txt")).unwrap(),
        fs::read(out.join("seed-n-koi8r.txt")).unwrap()
    );
}

const ALTO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
  <Layout>
    <Page ID="page_0" WIDTH="1000" HEIGHT="1000">
      <PrintSpace>
        <TextBlock ID="block_0">
          <TextLine ID="line_0">
            <String ID="string_0" HPOS="10" VPOS="10" WIDTH="90" HEIGHT="20" WC="0.41" CONTENT="ТОВ."/><SP/>
            <String ID="string_1" HPOS="110" VPOS="10" WIDTH="150" HEIGHT="20" WC="0.52" CONTENT="ГРОМЬКО"/>
          </TextLine>
        </TextBlock>
      </PrintSpace>
    </Page>
  </Layout>
</alto>
"#;

#[test]
fn broken_and_hostile_xml_fail_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("good.alto.xml"), ALTO).unwrap();
    let cut = ALTO.find("<SP/>").unwrap();
    fs::write(input.join("truncated.alto.xml"), &ALTO[..cut]).unwrap();
    let hostile = ALTO.replacen(
        "<alto ",
        "<!DOCTYPE alto [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;\">\n]>\n<alto ",
        1,
    );
    fs::write(input.join("entities.xml"), hostile).unwrap();
    let undefined = ALTO.replace("CONTENT=\"ТОВ.\"", "CONTENT=\"&nbsp;\"");
    fs::write(input.join("undefined.xml"), undefined).unwrap();
    let mets = "<?xml version=\"1.0\"?>\n<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\"/>\n";
    fs::write(input.join("mets.xml"), mets).unwrap();
    let out = tmp.path().join("out");
    let res = corrigenda(&[&"run", &input, &"--out", &out, &"--quiet"]);
    assert_eq!(res.status.code(), Some(1), "{}", stderr(&res));
    let err = stderr(&res);
    for expected in [
        "truncated.alto.xml:8:104: ", // where the file ends
        "malformed XML: unexpected end of file; <TextLine> opened at line 7, column 11 is not closed",
        "entities.xml:2:1: the DOCTYPE declares entities",
        "undefined.xml:8:",
        "unknown entity &nbsp;",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    for bad in ["truncated.alto.xml", "entities.xml", "undefined.xml"] {
        assert!(!out.join(bad).exists(), "{bad} was written");
    }
    // The good file is done: the word is corrected in place, and nothing else.
    let good = fs::read_to_string(out.join("good.alto.xml")).unwrap();
    assert_eq!(good, ALTO.replace("ГРОМЬКО", "ГРОМЫКО"));
    // XML of another kind is copied as it is.
    assert_eq!(fs::read_to_string(out.join("mets.xml")).unwrap(), mets);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("good.alto.xml,ok,UTF-8,ru,1,1,2,"),
        "{summary}"
    );
    assert!(summary.contains("truncated.alto.xml,error,"), "{summary}");
    assert!(
        summary.contains("mets.xml,ok,") && summary.contains("copied unchanged"),
        "{summary}"
    );
    let report = rows(&out.join("corrections.csv"));
    let row = report.iter().find(|r| r.file == "good.alto.xml").unwrap();
    assert_eq!(row.location, "string_1 bbox 110 10 260 30");
    assert_eq!(&ALTO[row.byte_start..row.byte_end], row.original);
}

#[test]
fn a_correction_the_encoding_cannot_hold_is_only_suggested() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let text = "Шифровка N 604187 передана товарищу Громыко вчера вечером.\n";
    fs::write(input.join("koi8.txt"), encode_as("koi8-r", text)).unwrap();
    fs::write(input.join("utf8.txt"), text).unwrap();
    let dict = tmp.path().join("dict/ru");
    fs::create_dir_all(&dict).unwrap();
    fs::write(
        dict.join("patterns.toml"),
        r#"
[[rule]]
id = "numero"
pattern = 'N (\d)'
replacement = '№ $1'
confidence = 1.0
note = "test"
must_match = ["N 5"]
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
        &"ru",
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    assert_eq!(
        fs::read(out.join("koi8.txt")).unwrap(),
        encode_as("koi8-r", text)
    );
    assert!(fs::read_to_string(out.join("utf8.txt"))
        .unwrap()
        .contains("№ 604187"));
    let report = rows(&out.join("corrections.csv"));
    let action = |file: &str| {
        report
            .iter()
            .find(|r| r.file == file && r.replacement == "№")
            .map(|r| r.action.clone())
    };
    assert_eq!(action("koi8.txt").as_deref(), Some("suggested"));
    assert_eq!(action("utf8.txt").as_deref(), Some("applied"));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("only suggested: KOI8-R cannot hold"),
        "{summary}"
    );
}

#[test]
fn eval_scores_hocr_outputs_and_each_rule_in_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (gt, ocr, out) = (
        tmp.path().join("gt"),
        tmp.path().join("ocr"),
        tmp.path().join("out"),
    );
    fs::create_dir_all(&gt).unwrap();
    fs::create_dir_all(&ocr).unwrap();
    fs::write(gt.join("p.gt.txt"), "The committee met today.\n").unwrap();
    fs::write(
        ocr.join("p.hocr"),
        "<html><body><div class='ocr_page'><span class='ocr_line'>\
         <span class='ocrx_word' title='bbox 1 1 9 9'>The</span> \
         <span class='ocrx_word' title='bbox 11 1 29 9'>cornmittee</span> \
         <span class='ocrx_word' title='bbox 31 1 39 9'>met</span> \
         <span class='ocrx_word' title='bbox 41 1 59 9'>today.</span></span></div></body></html>",
    )
    .unwrap();
    let res = corrigenda(&[&"run", &ocr, &"--out", &out, &"--lang", &"en", &"--quiet"]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let eval = |extra: &[&dyn AsRef<std::ffi::OsStr>]| {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"eval",
            &"--gt",
            &gt,
            &"--ocr",
            &ocr,
            &"--ocr-suffix",
            &".hocr",
            &"--corrected",
            &out,
            &"--totals-only",
        ];
        args.extend_from_slice(extra);
        corrigenda(&args)
    };
    let res = eval(&[]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let table = String::from_utf8_lossy(&res.stdout).into_owned();
    // One word wrong in the OCR, none after: the text, not the markup, is scored.
    let total = table
        .lines()
        .find(|l| l.starts_with("TOTAL"))
        .unwrap()
        .to_string();
    let cells: Vec<&str> = total.split_whitespace().collect();
    // TOTAL (1 files) GTchars CER WER CERcorr …: 24 characters, CER 2/24.
    assert_eq!(&cells[3..7], ["24", "8.33", "25.00", "0.00"], "{table}");
    // Each rule's text is read back from the file its changes make.
    let report = out.join("corrections.csv");
    let res = eval(&[&"--per-rule", &report]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let table = String::from_utf8_lossy(&res.stdout).into_owned();
    let line = table
        .lines()
        .find(|l| l.starts_with("lexicon:en"))
        .unwrap_or_else(|| panic!("{table}"));
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["lexicon:en", "1", "-2"],
        "{table}"
    );
}
