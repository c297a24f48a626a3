//! The review page (`run --html`): escaping, totals, one element per line,
//! and, where Debian's `chromium` is installed, that it loads without a
//! console message and that its filters work. Without chromium those checks
//! are skipped with a note; the others always run.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{corrigenda, root, stderr};
use corrigenda::html::{review_page, LineText};
use corrigenda::report::CorrectionRow;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Loads `page` in headless Chromium and returns the DOM after its scripts
/// ran, failing on any console message (errors of scripts included).
fn load_in_chromium(page: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        println!("note: {CHROMIUM} is not installed; the browser check is skipped");
        return None;
    }
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .arg("120")
        .arg(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A copy of `page` that runs `script` after the page's own.
fn with_script(page: &Path, script: &str, copy: &Path) {
    let html = fs::read_to_string(page).unwrap();
    let html = html.replace("</body>", &format!("<script>{script}</script>\n</body>"));
    fs::write(copy, html).unwrap();
}

#[test]
fn the_review_page_escapes_ocr_text_and_shows_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let input = root().join("tests/data/apply/in");
    let page = tmp.path().join("review.html");
    let res = corrigenda(&[
        &"run",
        &input,
        &"--out",
        &tmp.path().join("out"),
        &"--dict",
        &root().join("tests/data/apply/dict"),
        &"--lang",
        &"xx",
        &"--html",
        &page,
        &"--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", stderr(&res));
    let html = fs::read_to_string(&page).unwrap();

    // The OCR token <script> is text; the page's own script is the only one.
    assert!(html.contains("<del>&lt;script&gt;</del>"), "{html}");
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
    // Self-contained: nothing to fetch.
    for needle in ["http:", "https:", " src=", "url(", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
    // Totals, and the rules (sorted, each with its counts).
    assert!(html.contains("<b id=\"n-files\">1</b> files"));
    assert!(html.contains("<b id=\"n-applied\">3</b> applied"));
    assert!(html.contains("<b id=\"n-suggested\">3</b> suggested"));
    assert!(html.contains("<b id=\"n-flagged\">1</b> flagged"));
    assert!(html
        .contains("<label for=\"r4\">pattern:xx/zero</label></td><td>2</td><td>0</td><td>0</td>"));
    // One element per line with changes; the line with three changes shows
    // all three in place.
    assert_eq!(html.matches("<div class=\"ln\"").count(), 3);
    assert!(html.contains(
        "<div class=\"ln\" data-k=\"f3 s0\"><span class=\"loc\">p1 l2</span><span class=\"tx\">\
         Please send the <mark class=\"flagged r3\" title=\"flagged · pattern:xx/script · \
         confidence 0.50 · &lt;script&gt;\"><del>&lt;script&gt;</del></mark> report by fax, \
         cost <mark class=\"suggested r0\" title=\"suggested · pattern:xx/equals · confidence \
         0.50 · = → -\"><del>=</del><ins>-</ins></mark>5 dollars.</span>"
    ));
    assert!(html.contains(
        "<span class=\"tx\">Signed, the clerk and the office, Москва, 2<mark class=\"applied r4\" \
         title=\"applied · pattern:xx/zero · confidence 0.95 · O → 0\"><del>O</del><ins>0</ins>\
         </mark>3, page 1<mark class=\"suggested r2\" title=\"suggested · pattern:xx/one · \
         confidence 0.60 · l → 1\"><del>l</del><ins>1</ins></mark>5 and 7<mark class=\"suggested \
         r2\" title=\"suggested · pattern:xx/one · confidence 0.60 · l → 1\"><del>l</del><ins>1\
         </ins></mark>8.</span>"
    ));

    // In a browser: no console message, the script ran, the filters work.
    let Some(dom) = load_in_chromium(&page) else {
        return;
    };
    assert!(dom.contains("3 of 3 lines with changes shown"), "{dom}");
    assert!(dom.contains("&lt;script&gt;"));
    // Without applied changes, the first line (only applied ones) hides.
    let copy = tmp.path().join("filtered.html");
    with_script(
        &page,
        "document.querySelector('input.fa[value=a]').click();",
        &copy,
    );
    let dom = load_in_chromium(&copy).unwrap();
    assert!(dom.contains("2 of 3 lines with changes shown"), "{dom}");
    // Only the rule `pattern:xx/one`: the third line.
    with_script(
        &page,
        "document.getElementById('none').click(); document.getElementById('r2').click();",
        &copy,
    );
    let dom = load_in_chromium(&copy).unwrap();
    assert!(dom.contains("1 of 3 lines with changes shown"), "{dom}");
}

#[test]
fn ten_thousand_changes_make_a_page_of_one_element_per_line() {
    // 5 000 lines, two changes each, over 50 rules and three actions.
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut at = 0;
    for n in 0..5000u32 {
        let text = format!("line {n} with tbe word and a <b> tag");
        for (i, (word, rep)) in [("tbe", "the"), ("<b>", "")].iter().enumerate() {
            let start = at + text.find(word).unwrap();
            let action = ["applied", "suggested", "flagged"][(n as usize + i) % 3];
            let context = text.replacen(word, &format!("[{word}→{rep}]"), 1);
            rows.push(CorrectionRow {
                file: format!("f{}.txt", n / 1000),
                page: 1,
                line: n % 1000 + 1,
                column: 1,
                byte_start: start,
                byte_end: start + word.len(),
                original: word.to_string(),
                replacement: rep.to_string(),
                action: action.into(),
                rule: format!("rule-{}", n % 50),
                confidence: "0.50".into(),
                alternatives: String::new(),
                context,
                decision: String::new(),
                location: String::new(),
            });
        }
        lines.push(LineText {
            file: format!("f{}.txt", n / 1000),
            page: 1,
            line: n % 1000 + 1,
            start: at,
            text: text.clone(),
        });
        at += text.len() + 1;
    }
    let started = Instant::now();
    let html = review_page(&[], &rows, &lines);
    println!(
        "10 000 changes: {:.0} ms, {} KB",
        started.elapsed().as_secs_f64() * 1000.0,
        html.len() / 1024
    );
    assert_eq!(html.matches("<div class=\"ln\"").count(), 5000);
    assert_eq!(html.matches("<mark ").count(), 10_000);
    assert_eq!(html.matches("<del>&lt;b&gt;</del>").count(), 5000);
    assert_eq!(html.matches("<section class=\"file\"").count(), 5);
    assert!(html.len() < 8 << 20, "{} bytes", html.len());

    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("big.html");
    fs::write(&page, &html).unwrap();
    let started = Instant::now();
    if let Some(dom) = load_in_chromium(&page) {
        println!(
            "chromium: loaded in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        assert!(dom.contains("5000 of 5000 lines with changes shown"));
    }
}
