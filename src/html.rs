//! The review page: one static, self-contained HTML page for a batch, so a
//! reviewer can look at the changes in their lines instead of reading a
//! table.
//!
//! The page is plain server-side HTML with inline CSS and a few lines of
//! inline JavaScript for the filters; it loads nothing (a
//! Content-Security-Policy forbids any network use). Every line with a change
//! is one element whose `data-k` lists its changes as `<action letter><rule
//! index>`; the filters walk those elements once and toggle `hidden`, and dim
//! the changes filtered out with one generated style sheet, so 10 000 changes
//! cost no per-change DOM work.
//!
//! Everything that comes from the data (OCR text, file names, rule ids) is
//! escaped; the page embeds no data inside its `<script>`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use crate::report::{CorrectionRow, SummaryRow};
use crate::text::{self, Line};

/// The text of a line that has changes, for the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineText {
    /// The report's `file`.
    pub file: String,
    /// 1-based page.
    pub page: u32,
    /// 1-based line within the page.
    pub line: u32,
    /// Byte offset of `text` in the decoded file.
    pub start: usize,
    /// The line's text, without its line end. When a change runs past the
    /// end of the line (a word hyphenated across lines), up to the end of the
    /// last line it touches.
    pub text: String,
}

/// The texts of the lines of `text` (split into `lines`) on which `rows`
/// (the rows of file `file`) start, in line order.
pub fn line_texts(file: &str, text: &str, lines: &[Line], rows: &[CorrectionRow]) -> Vec<LineText> {
    // Line index → end of the text to show.
    let mut wanted: BTreeMap<usize, usize> = BTreeMap::new();
    for r in rows {
        if r.file != file || text.get(r.byte_start..r.byte_end).is_none() {
            continue;
        }
        let Some(first) = text::line_at(lines, r.byte_start) else {
            continue;
        };
        // Rows positioned in a text derived from the source (XML formats)
        // are shown from their context instead.
        if (lines[first].page, lines[first].number) != (r.page, r.line) {
            continue;
        }
        let last = text::line_at(lines, r.byte_end).unwrap_or(first);
        let end = lines[last]
            .span
            .end
            .max(lines[first].span.end)
            .max(r.byte_end);
        let e = wanted.entry(first).or_insert(end);
        *e = (*e).max(end);
    }
    wanted
        .into_iter()
        .map(|(i, end)| {
            let l = &lines[i];
            let start = l.span.start;
            LineText {
                file: file.to_string(),
                page: l.page,
                line: l.number,
                start,
                text: text[start..end].to_string(),
            }
        })
        .collect()
}

const ACTIONS: [&str; 3] = ["applied", "suggested", "flagged"];

fn action_index(action: &str) -> usize {
    ACTIONS.iter().position(|a| *a == action).unwrap_or(2)
}

/// Escapes text for HTML content and attribute values. Line ends and form
/// feeds become spaces (one byte for one, so offsets into the text hold).
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\x0c' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Builds the review page of a batch: totals (files, changes by action and
/// by rule) at the top, then per file each line that has a change, with its
/// changes highlighted by action, and filters by action and rule.
///
/// `files` are the batch's summary rows (for the totals and the file order;
/// may be empty, then the files are those of `rows`). `lines` are the texts
/// of the lines with changes ([`line_texts`]); a row whose line is missing
/// is shown from its `context` cell.
pub fn review_page(files: &[SummaryRow], rows: &[CorrectionRow], lines: &[LineText]) -> String {
    let mut rules: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let mut totals = [0usize; 3];
    for r in rows {
        let a = action_index(&r.action);
        totals[a] += 1;
        rules.entry(r.rule.as_str()).or_default()[a] += 1;
    }
    let rule_index: HashMap<&str, usize> = rules.keys().enumerate().map(|(i, r)| (*r, i)).collect();

    // The files in batch order, then any file only the rows name.
    let mut order: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for f in files
        .iter()
        .map(|f| f.file.as_str())
        .chain(rows.iter().map(|r| r.file.as_str()))
    {
        if seen.insert(f) {
            order.push(f);
        }
    }
    let mut by_file: HashMap<&str, Vec<&CorrectionRow>> = HashMap::new();
    for r in rows {
        by_file.entry(r.file.as_str()).or_default().push(r);
    }
    let texts: HashMap<(&str, u32, u32), &LineText> = lines
        .iter()
        .map(|l| ((l.file.as_str(), l.page, l.line), l))
        .collect();
    let failed: Vec<&SummaryRow> = files.iter().filter(|f| f.status == "error").collect();
    let n_files = order.len();

    let mut h = String::with_capacity(4096 + rows.len() * 400);
    h.push_str(HEAD);
    let _ = write!(
        h,
        "<title>corrigenda review: {} files, {} changes</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>corrigenda review</h1>\n",
        n_files,
        rows.len()
    );
    // Totals and filters.
    let _ = write!(
        h,
        "<div class=\"totals\"><span><b id=\"n-files\">{n_files}</b> files</span>"
    );
    for (i, a) in ACTIONS.iter().enumerate() {
        let _ = write!(
            h,
            "<label class=\"tot {a}\"><input type=\"checkbox\" class=\"fa\" value=\"{}\" checked> <b id=\"n-{a}\">{}</b> {a}</label>",
            &a[..1],
            totals[i]
        );
    }
    let _ = writeln!(
        h,
        "<span id=\"shown\">{} lines with changes</span></div>",
        count_lines(rows)
    );
    if !failed.is_empty() {
        h.push_str("<ul class=\"failed\">");
        for f in &failed {
            h.push_str("<li>failed: ");
            escape(&mut h, &f.file);
            h.push_str(": ");
            escape(&mut h, &f.message);
            h.push_str("</li>");
        }
        h.push_str("</ul>\n");
    }
    h.push_str(
        "<details open><summary>Rules <button type=\"button\" id=\"all\">all</button> \
         <button type=\"button\" id=\"none\">none</button></summary>\n<table class=\"rules\">\
         <thead><tr><th></th><th>rule</th><th>applied</th><th>suggested</th><th>flagged</th>\
         </tr></thead><tbody>\n",
    );
    for (i, (rule, n)) in rules.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td><input type=\"checkbox\" class=\"fr\" value=\"{i}\" checked id=\"r{i}\"></td><td><label for=\"r{i}\">"
        );
        escape(&mut h, rule);
        let _ = writeln!(
            h,
            "</label></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n[0], n[1], n[2]
        );
    }
    h.push_str("</tbody></table></details>\n</header>\n<main>\n");

    for (fi, file) in order.iter().enumerate() {
        let Some(file_rows) = by_file.get(file) else {
            continue;
        };
        let mut n = [0usize; 3];
        for r in file_rows {
            n[action_index(&r.action)] += 1;
        }
        let _ = write!(h, "<section class=\"file\" id=\"f{fi}\"><h2>");
        escape(&mut h, file);
        let _ = writeln!(
            h,
            " <small>{} applied, {} suggested, {} flagged</small></h2>",
            n[0], n[1], n[2]
        );
        // Rows grouped by line, in line order.
        let mut groups: BTreeMap<(u32, u32), Vec<&CorrectionRow>> = BTreeMap::new();
        for r in file_rows {
            groups.entry((r.page, r.line)).or_default().push(r);
        }
        for ((page, line), mut group) in groups {
            group.sort_by_key(|r| (r.byte_start, r.byte_end, action_index(&r.action)));
            let text = texts
                .get(&(*file, page, line))
                .filter(|t| group.iter().all(|r| fits(t, r)));
            match text {
                Some(t) => render_line(&mut h, page, line, t, &group, &rule_index),
                None => {
                    for r in group {
                        render_context(&mut h, r, &rule_index);
                    }
                }
            }
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n<script>");
    h.push_str(JS);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

fn count_lines(rows: &[CorrectionRow]) -> usize {
    let mut keys: Vec<(&str, u32, u32)> = rows
        .iter()
        .map(|r| (r.file.as_str(), r.page, r.line))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// Line ends and form feeds as spaces, as in the `context` cell.
fn flat(s: &str) -> String {
    s.replace(['\n', '\r', '\x0c'], " ")
}

/// Whether `r`'s span lies within `t` on character boundaries, and `t`
/// shows what the row's `context` shows (so a line rebuilt from `t` is the
/// line the report speaks of).
fn fits(t: &LineText, r: &CorrectionRow) -> bool {
    if r.byte_start < t.start || r.byte_end < r.byte_start {
        return false;
    }
    let (s, e) = (r.byte_start - t.start, r.byte_end - t.start);
    let (Some(before), Some(_), Some(after)) = (t.text.get(..s), t.text.get(s..e), t.text.get(e..))
    else {
        return false;
    };
    let head = format!(
        "{}[{}→{}]",
        flat(before),
        flat(&r.original),
        flat(&r.replacement)
    );
    r.context
        .strip_prefix(&head)
        .is_some_and(|tail| flat(after).starts_with(tail))
}

fn keys(group: &[&CorrectionRow], rule_index: &HashMap<&str, usize>) -> String {
    let mut k: Vec<String> = group
        .iter()
        .map(|r| {
            format!(
                "{}{}",
                &ACTIONS[action_index(&r.action)][..1],
                rule_index[r.rule.as_str()]
            )
        })
        .collect();
    k.sort();
    k.dedup();
    k.join(" ")
}

fn open_line(h: &mut String, page: u32, line: u32, keys: &str) {
    let _ = write!(
        h,
        "<div class=\"ln\" data-k=\"{keys}\"><span class=\"loc\">p{page} l{line}</span><span class=\"tx\">"
    );
}

/// A line rebuilt from its text, every change marked in place.
fn render_line(
    h: &mut String,
    page: u32,
    line: u32,
    t: &LineText,
    group: &[&CorrectionRow],
    rule_index: &HashMap<&str, usize>,
) {
    open_line(h, page, line, &keys(group, rule_index));
    let mut at = 0;
    for r in group {
        let (s, e) = (r.byte_start - t.start, r.byte_end - t.start);
        if s >= at {
            escape(h, &t.text[at..s]);
        }
        // A change overlapping the previous one (a flag over an applied
        // word) is shown right after it, with its own original text.
        mark(h, r, &t.text[s..e], rule_index);
        at = at.max(e);
    }
    escape(h, &t.text[at..]);
    h.push_str("</span>");
    tags(h, group, rule_index);
    h.push_str("</div>\n");
}

/// A row whose line text is missing, shown from its `context` cell.
fn render_context(h: &mut String, r: &CorrectionRow, rule_index: &HashMap<&str, usize>) {
    open_line(h, r.page, r.line, &keys(&[r], rule_index));
    let marker = format!("[{}→{}]", flat(&r.original), flat(&r.replacement));
    let found = match r.context.find(&marker) {
        Some(i) => Some((i, i + marker.len(), r.original.as_str())),
        None => marker_at_column(r),
    };
    match found {
        Some((i, end, original)) => {
            escape(h, &r.context[..i]);
            mark(h, r, original, rule_index);
            escape(h, &r.context[end..]);
        }
        None => {
            escape(h, &r.context);
            h.push(' ');
            mark(h, r, &r.original, rule_index);
        }
    }
    h.push_str("</span>");
    tags(h, &[r], rule_index);
    h.push_str("</div>\n");
}

/// The marker of a row whose `original` is not the text its context shows
/// (hOCR and ALTO rows give the source's spelling, `&quot;`, markup; the
/// context the text read): found by the row's column, as (start, end, the
/// original as the context shows it).
fn marker_at_column(r: &CorrectionRow) -> Option<(usize, usize, &str)> {
    let c = &r.context;
    let before = match c.strip_prefix('…') {
        Some(_) => crate::report::CONTEXT_CHARS + 1,
        None => r.column.checked_sub(1)?,
    };
    let start = c.char_indices().nth(before).map(|(i, _)| i)?;
    let inner = c[start..].strip_prefix('[')?;
    let arrow = inner.find('→')?;
    let close = inner[arrow..].find(']')? + arrow;
    let end = start + 1 + close + 1;
    Some((start, end, &inner[..arrow]))
}

fn title(h: &mut String, r: &CorrectionRow) {
    escape(h, &r.action);
    h.push_str(" · ");
    escape(h, &r.rule);
    h.push_str(" · confidence ");
    escape(h, &r.confidence);
    h.push_str(" · ");
    escape(h, &r.original);
    if r.action != "flagged" {
        h.push_str(" → ");
        escape(h, &r.replacement);
    }
    if !r.alternatives.is_empty() {
        h.push_str(" · also: ");
        escape(h, &r.alternatives.replace('|', ", "));
    }
}

fn mark(h: &mut String, r: &CorrectionRow, original: &str, rule_index: &HashMap<&str, usize>) {
    let a = ACTIONS[action_index(&r.action)];
    let _ = write!(
        h,
        "<mark class=\"{a} r{}\" title=\"",
        rule_index[r.rule.as_str()]
    );
    title(h, r);
    h.push_str("\"><del>");
    escape(h, original);
    h.push_str("</del>");
    if a != "flagged" {
        h.push_str("<ins>");
        escape(h, &r.replacement);
        h.push_str("</ins>");
    }
    h.push_str("</mark>");
}

/// Rule and confidence of each change, beside the line.
fn tags(h: &mut String, group: &[&CorrectionRow], rule_index: &HashMap<&str, usize>) {
    h.push_str("<span class=\"tags\">");
    for r in group {
        let a = ACTIONS[action_index(&r.action)];
        let _ = write!(
            h,
            "<span class=\"tag {a} r{}\" title=\"",
            rule_index[r.rule.as_str()]
        );
        title(h, r);
        h.push_str("\">");
        escape(h, &r.rule);
        h.push(' ');
        escape(h, &r.confidence);
        h.push_str("</span>");
    }
    h.push_str("</span>");
}

const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"corrigenda\">\n";

const CSS: &str = r#"
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ccc;padding:.5em 1em}
h1{font-size:1.2em;margin:0 0 .3em}
.totals{display:flex;flex-wrap:wrap;gap:1.2em;align-items:center}
.tot{padding:.1em .5em;border-radius:4px;cursor:pointer}
#shown{color:#555}
details{margin-top:.3em}
table.rules{border-collapse:collapse;font-size:.9em;max-height:12em;overflow:auto;display:block}
.rules td,.rules th{padding:0 .6em;text-align:right}
.rules td:nth-child(2),.rules th:nth-child(2){text-align:left;font-family:ui-monospace,monospace}
.failed{color:#a00;margin:.3em 0}
main{padding:0 1em 2em}
h2{font-size:1em;margin:1.2em 0 .3em;font-family:ui-monospace,monospace}
h2 small{font-family:system-ui,sans-serif;font-weight:normal;color:#555}
.ln{content-visibility:auto;contain-intrinsic-size:auto 1.6em;display:flex;gap:.8em;align-items:baseline;padding:.15em 0;border-bottom:1px solid #eee}
.ln[hidden],section[hidden]{display:none}
.loc{flex:none;width:5.5em;color:#888;font-size:.85em;text-align:right}
.tx{flex:1;font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}
.tags{flex:none;max-width:30%;display:flex;flex-wrap:wrap;gap:.3em;font-size:.8em}
.tag{padding:0 .4em;border-radius:3px;white-space:nowrap}
mark{background:none;color:inherit;border-radius:3px;padding:0 1px;cursor:help}
mark del{color:#777}
mark ins{text-decoration:none;font-weight:bold}
mark ins::before{content:"\2192";font-weight:normal;color:#777}
mark ins:empty::after{content:"\2205";color:#777}
mark.applied{background:#d7f5dd;outline:1px solid #2e9e4f}
mark.applied ins{color:#17692f}
mark.suggested{background:#fff0c2;outline:1px solid #d49b00}
mark.suggested ins{color:#8a5a00}
mark.flagged{outline:2px solid #d93025;background:#fde8e7}
mark.flagged del{text-decoration:none;color:inherit}
.tot.applied,.tag.applied{background:#d7f5dd}
.tot.suggested,.tag.suggested{background:#fff0c2}
.tot.flagged,.tag.flagged{background:#fde8e7}
"#;

const JS: &str = r#"
(function () {
  "use strict";
  var lines = Array.prototype.map.call(document.querySelectorAll(".ln"), function (el) {
    return { el: el, keys: el.getAttribute("data-k").split(" ") };
  });
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.fa, input.fr"));
  var dim = document.createElement("style");
  document.head.appendChild(dim);
  var shown = document.getElementById("shown");
  function update() {
    var acts = {}, rules = {}, css = [];
    boxes.forEach(function (b) {
      var on = b.checked, cls = b.classList.contains("fa") ? "fa" : "fr";
      if (cls === "fa") { acts[b.value] = on; if (!on) css.push("main ." + {a: "applied", s: "suggested", f: "flagged"}[b.value]); }
      else { rules[b.value] = on; if (!on) css.push("main .r" + b.value); }
    });
    dim.textContent = css.length ? css.join(",") + "{opacity:.3;outline-style:dotted}" : "";
    var visible = 0;
    lines.forEach(function (l) {
      var on = l.keys.some(function (k) { return acts[k.charAt(0)] && rules[k.slice(1)]; });
      l.el.hidden = !on;
      if (on) visible++;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector(".ln:not([hidden])");
    });
    shown.textContent = visible + " of " + lines.length + " lines with changes shown";
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  function setRules(on) {
    boxes.forEach(function (b) { if (b.classList.contains("fr")) b.checked = on; });
    update();
  }
  document.getElementById("all").addEventListener("click", function () { setRules(true); });
  document.getElementById("none").addEventListener("click", function () { setRules(false); });
  update();
})();
"#;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::change::{Action, Change};
    use crate::document::Document;

    fn row(file: &str, span: (usize, usize), text: &str, rep: &str, action: &str) -> CorrectionRow {
        let change = Change {
            span: span.0..span.1,
            replacement: rep.into(),
            action: Action::parse(action).unwrap(),
            rule: Arc::from("r<x>"),
            confidence: 0.5,
            alternatives: vec![],
        };
        CorrectionRow::new(file, &Document::new(text), &change)
    }

    #[test]
    fn an_xml_row_is_shown_with_the_text_its_context_shows() {
        // hOCR/ALTO rows give the source's spelling; the context the text.
        let mut r = row("f", (4, 7), "Met tbe mayor", "the", "applied");
        r.original = "&quot;tbe".into();
        r.replacement = "&quot;the".into();
        r.context = "Met [\"tbe→\"the] mayor".into();
        let mut h = String::new();
        render_context(&mut h, &r, &HashMap::from([("r<x>", 0)]));
        assert!(h.contains("Met <mark"), "{h}");
        assert!(h.contains("<del>&quot;tbe</del>"), "{h}");
        assert!(h.contains("</mark> mayor"), "{h}");
        assert!(
            !h.contains("[&quot;tbe→"),
            "the marker is not shown as text: {h}"
        );
    }

    #[test]
    fn a_line_with_two_changes_is_shown_once_with_both() {
        let text = "ab <script> cd\nnext";
        let lines = text::lines(text);
        let rows = vec![
            row("f", (3, 11), text, "", "flagged"),
            row("f", (12, 14), text, "CD", "applied"),
        ];
        let lt = line_texts("f", text, &lines, &rows);
        assert_eq!(lt.len(), 1);
        assert_eq!(lt[0].text, "ab <script> cd");
        let page = review_page(&[], &rows, &lt);
        assert_eq!(page.matches("class=\"ln\"").count(), 1);
        assert!(page.contains("<del>&lt;script&gt;</del></mark>"), "{page}");
        assert!(page.contains("<del>cd</del><ins>CD</ins>"), "{page}");
        assert_eq!(page.matches("<script>").count(), 1, "only the page's own");
        assert!(page.contains("r&lt;x&gt; 0.50"));
    }

    #[test]
    fn a_change_across_a_line_end_shows_both_lines() {
        let text = "one wo-\nrd two\nthree";
        let lines = text::lines(text);
        let rows = vec![row("f", (4, 10), text, "word", "applied")];
        let lt = line_texts("f", text, &lines, &rows);
        assert_eq!(lt[0].text, "one wo-\nrd two");
        let page = review_page(&[], &rows, &lt);
        assert!(page.contains("one <mark class=\"applied r0\""), "{page}");
        // Without its line text, a row is shown from its context.
        let page = review_page(&[], &rows, &[]);
        assert!(page.contains("one <mark class=\"applied r0\""), "{page}");
        assert!(
            page.contains("<del>wo- rd</del><ins>word</ins></mark> two"),
            "{page}"
        );
    }
}
