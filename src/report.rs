//! The CSV reports: one row per change (`corrections.csv`) and one row per
//! input file (`summary.csv`).

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::change::Change;
use crate::document::Document;
use crate::text;

/// The header of `corrections.csv`, in order.
pub const CORRECTION_COLUMNS: &[&str] = &[
    "file",
    "page",
    "line",
    "column",
    "byte_start",
    "byte_end",
    "original",
    "replacement",
    "action",
    "rule",
    "confidence",
    "alternatives",
    "context",
    "decision",
    "location",
];

/// The header of `summary.csv`, in order.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "file",
    "status",
    "encoding",
    "lang",
    "pages",
    "lines",
    "words",
    "bytes",
    "applied",
    "suggested",
    "flagged",
    "message",
];

/// One row of `corrections.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRow {
    /// Input path as given (relative to the input root for folders).
    pub file: String,
    /// 1-based page (pages are separated by form feeds).
    pub page: u32,
    /// 1-based line within the page.
    pub line: u32,
    /// 1-based character column within the line.
    pub column: usize,
    /// Byte span of `original` in the decoded source text.
    pub byte_start: usize,
    /// End of that span.
    pub byte_end: usize,
    /// The text as OCR read it.
    pub original: String,
    /// The proposed text (empty for a flag).
    pub replacement: String,
    /// `applied`, `suggested` or `flagged`.
    pub action: String,
    /// The rule's id.
    pub rule: String,
    /// 0.00–1.00, two decimals.
    pub confidence: String,
    /// Other candidates, `|`-separated.
    pub alternatives: String,
    /// The line with the change marked `[original→replacement]`.
    pub context: String,
    /// For the reviewer: `accept`, `reject` or an edited replacement.
    pub decision: String,
    /// For hOCR, ALTO and PAGE-XML inputs: the word element's id and its
    /// bounding box (`word_1_23 bbox 120 340 180 362`); empty for text.
    #[serde(default)]
    pub location: String,
}

/// The `context` cell keeps at most this many characters of the line on
/// each side of the change (a text without line breaks would otherwise
/// give every row the whole text: a report quadratic in its size, and
/// cells over a spreadsheet's limit).
pub const CONTEXT_CHARS: usize = 100;

/// The first `n` characters of `s`, and `…` if there are more.
fn head(s: &str, n: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}

/// The last `n` characters of `s`, after `…` if there are more.
fn tail(s: &str, n: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if i > 0 => format!("…{}", &s[i..]).into(),
        _ => s.into(),
    }
}

impl CorrectionRow {
    /// The row of `change` in `doc`.
    pub fn new(file: &str, doc: &Document<'_>, change: &Change) -> Self {
        Self::with_columns(file, doc, change, &mut text::Columns::default())
    }

    /// The row of `change` in `doc`, its column counted on by `columns`
    /// (the rows of a document's changes in order of position cost one
    /// pass over each line).
    pub fn with_columns(
        file: &str,
        doc: &Document<'_>,
        change: &Change,
        columns: &mut text::Columns,
    ) -> Self {
        let li = text::line_at(&doc.lines, change.span.start).unwrap_or(0);
        let (page, line, column, context) = match doc.lines.get(li) {
            Some(l) => {
                // The context covers every line the span touches.
                let last =
                    text::line_at(&doc.lines, change.span.end.max(change.span.start)).unwrap_or(li);
                let end = doc.lines[last].span.end.max(change.span.end);
                let start = l.span.start.min(change.span.start);
                let context = format!(
                    "{}[{}→{}]{}",
                    tail(&doc.text[start..change.span.start], CONTEXT_CHARS),
                    &doc.text[change.span.clone()],
                    change.replacement,
                    head(&doc.text[change.span.end..end], CONTEXT_CHARS)
                );
                (
                    l.page,
                    l.number,
                    columns.column(doc.text, l, change.span.start),
                    context,
                )
            }
            None => (1, 1, 1, String::new()),
        };
        CorrectionRow {
            file: file.to_string(),
            page,
            line,
            column,
            byte_start: change.span.start,
            byte_end: change.span.end,
            original: doc.text[change.span.clone()].to_string(),
            replacement: change.replacement.clone(),
            action: change.action.as_str().to_string(),
            rule: change.rule.to_string(),
            confidence: format!("{:.2}", change.confidence),
            alternatives: change.alternatives.join("|"),
            context: context.replace(['\n', '\r', '\x0c'], " "),
            decision: String::new(),
            location: String::new(),
        }
    }
}

/// One row of `summary.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Input path as given (relative to the input root for folders).
    pub file: String,
    /// `ok` or `error`.
    pub status: String,
    /// The encoding the input was read in.
    pub encoding: String,
    /// The file's main language.
    pub lang: String,
    /// Pages.
    pub pages: u32,
    /// Lines.
    pub lines: usize,
    /// Words and numbers.
    pub words: usize,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// Changes applied.
    pub applied: usize,
    /// Changes suggested.
    pub suggested: usize,
    /// Changes flagged.
    pub flagged: usize,
    /// The error, for a file that failed.
    pub message: String,
}

/// Put before a report by `--excel`: the UTF-8 byte-order mark, without
/// which Excel reads a CSV in the locale's code page (Cyrillic becomes
/// mojibake). [`read_corrections`] and `apply` read such a report as is.
pub const EXCEL_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Makes a cell safe to open in a spreadsheet: a cell that starts with a
/// formula character, or with `'`, gets one `'` in front (spreadsheets show
/// such a cell as text). [`unprotect`] undoes it exactly.
pub fn protect(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_START) || cell.starts_with('\'') {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`protect`].
pub fn unprotect(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Writes `corrections.csv`: the header, then `rows` with every text cell
/// protected against formula evaluation.
pub fn write_corrections<W: Write>(out: W, rows: &[CorrectionRow]) -> csv::Result<()> {
    write_all(out, rows)
}

/// Writes `summary.csv`.
pub fn write_summary<W: Write>(out: W, rows: &[SummaryRow]) -> csv::Result<()> {
    write_all(out, rows)
}

fn write_all<W: Write, R: Record>(out: W, rows: &[R]) -> csv::Result<()> {
    let mut w = Writer::new(out)?;
    w.write(rows)?;
    w.finish().map(drop)
}

/// A row of one of the reports.
pub trait Record {
    /// The report's header.
    const COLUMNS: &'static [&'static str];
    /// The row's cells as values, in the order of `COLUMNS`; the writer
    /// protects each against formula evaluation (numbers are unsigned, so
    /// only text is ever changed).
    fn cells(&self) -> Vec<String>;
}

impl Record for CorrectionRow {
    const COLUMNS: &'static [&'static str] = CORRECTION_COLUMNS;

    fn cells(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.page.to_string(),
            self.line.to_string(),
            self.column.to_string(),
            self.byte_start.to_string(),
            self.byte_end.to_string(),
            self.original.clone(),
            self.replacement.clone(),
            self.action.clone(),
            self.rule.clone(),
            self.confidence.clone(),
            self.alternatives.clone(),
            self.context.clone(),
            self.decision.clone(),
            self.location.clone(),
        ]
    }
}

impl Record for SummaryRow {
    const COLUMNS: &'static [&'static str] = SUMMARY_COLUMNS;

    fn cells(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.status.clone(),
            self.encoding.clone(),
            self.lang.clone(),
            self.pages.to_string(),
            self.lines.to_string(),
            self.words.to_string(),
            self.bytes.to_string(),
            self.applied.to_string(),
            self.suggested.to_string(),
            self.flagged.to_string(),
            self.message.clone(),
        ]
    }
}

/// A report written as rows come (a batch of a million pages does not hold
/// its report in memory): the header first, then each call's rows.
#[derive(Debug)]
pub struct Writer<W: Write, R> {
    csv: csv::Writer<W>,
    rows: std::marker::PhantomData<fn(&R)>,
}

impl<W: Write, R: Record> Writer<W, R> {
    /// Starts the report with its header.
    pub fn new(out: W) -> csv::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(R::COLUMNS)?;
        Ok(Writer {
            csv,
            rows: std::marker::PhantomData,
        })
    }

    /// Writes `rows`.
    pub fn write(&mut self, rows: &[R]) -> csv::Result<()> {
        for r in rows {
            for cell in r.cells() {
                self.csv.write_field(protect(&cell).as_bytes())?;
            }
            // ends the record
            self.csv.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flushes the report and gives back the writer.
    pub fn finish(self) -> csv::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error().into())
    }
}

/// Reads a `corrections.csv` written by [`write_corrections`], undoing the
/// formula protection.
pub fn read_corrections<R: std::io::Read>(input: R) -> csv::Result<Vec<CorrectionRow>> {
    let mut r = csv::Reader::from_reader(input);
    let headers = csv::StringRecord::from(CORRECTION_COLUMNS.to_vec());
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        let unprotected: csv::StringRecord = rec.iter().map(unprotect).collect();
        rows.push(unprotected.deserialize(Some(&headers))?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_to_a_window_around_the_change() {
        assert_eq!(head("abcdef", 3), "abc…");
        assert_eq!(head("abc", 3), "abc");
        assert_eq!(tail("abcdef", 3), "…def");
        assert_eq!(tail("def", 3), "def");
        assert_eq!(tail("ёжик", 2), "…ик");
        assert_eq!(tail("", 2), "");
    }

    #[test]
    fn formula_cells_are_protected_and_recoverable() {
        for cell in ["=SUM(A1)", "+7", "-", "@x", "'=x", "'", "plain", "\tx"] {
            let p = protect(cell);
            assert!(!p.starts_with(FORMULA_START), "{p:?}");
            assert_eq!(unprotect(&p), cell);
        }
        assert_eq!(protect("plain"), "plain");
    }
}
