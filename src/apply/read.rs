//! Reading a corrections CSV back after a reviewer has opened it in a
//! spreadsheet program and saved it again.
//!
//! What spreadsheets do to a CSV, and what is done about it here:
//! - a byte-order mark (UTF-8, or UTF-16 for Excel's "Unicode text"): removed;
//! - `;` (or tab) as the separator in some locales: the separator is the one
//!   of `,` `;` tab found most often in the header line;
//! - CRLF line ends, quoting of every cell or of none: the CSV reader takes
//!   any of them;
//! - reordered rows, extra or reordered columns: columns are found by their
//!   header name, rows keep their CSV line number for messages;
//! - empty rows at the end: skipped;
//! - formula-protected cells (`'=…`): unprotected with [`report::unprotect`].

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::report::{self, CorrectionRow};

/// One row of a reviewed corrections CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedRow {
    /// 1-based line of the CSV on which the row starts.
    pub line: u64,
    /// The row's cells, unprotected. A column the CSV lacks is empty (a
    /// number 0).
    pub row: CorrectionRow,
    /// The `original` cell exactly as read (before unprotecting), for a
    /// spreadsheet that dropped the protecting `'` itself.
    pub original_cell: String,
    /// Why the row cannot be used at all (a span that is not a number).
    pub defect: Option<String>,
}

/// Columns a reviewed CSV must have, found by name.
const REQUIRED: &[&str] = &[
    "file",
    "byte_start",
    "byte_end",
    "original",
    "replacement",
    "action",
    "decision",
];

/// Reads a corrections CSV as a reviewer saved it. `origin` names the file
/// in errors. Fails (naming the file and line) when the text is not UTF-8 or
/// UTF-16 with a BOM, when a required column is missing, or when the CSV is
/// malformed; a row with a bad cell is returned with its
/// [`ReviewedRow::defect`] instead.
pub fn read_reviewed(origin: &str, bytes: &[u8]) -> Result<Vec<ReviewedRow>> {
    let text = decode(origin, bytes)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line() as usize);
        Error::data(origin, line, format!("not a readable CSV: {e}"))
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut columns: HashMap<String, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        columns.entry(h.trim().to_lowercase()).or_insert(i);
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(Error::data(
            origin,
            1,
            format!(
                "no column {} in the header; a reviewed report must keep the column names of \
                 corrections.csv (found: {})",
                missing.join(", "),
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    let bytes_of = text.as_bytes();
    let (mut counted, mut lines_before) = (0usize, 0u64);
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The reader's own line number lags by one after CRLF line ends:
        // count from the first byte of the row instead.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes_of.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        lines_before += bytes_of[counted.min(start)..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted = counted.max(start);
        let line = 1 + lines_before;
        let raw = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or_default()
        };
        let cell = |name: &str| report::unprotect(raw(name)).to_string();
        let mut defect = None;
        let mut number = |name: &str, required: bool| -> usize {
            let c = cell(name);
            match c.trim().parse() {
                Ok(n) => n,
                Err(_) => {
                    if required && defect.is_none() {
                        defect = Some(format!("{name} {c:?} is not a number"));
                    }
                    0
                }
            }
        };
        let byte_start = number("byte_start", true);
        let byte_end = number("byte_end", true);
        let page = number("page", false) as u32;
        let line_no = number("line", false) as u32;
        let column = number("column", false);
        // A stray quote in a cell makes the reader take the rows after it,
        // up to the next quote, as that cell's text.
        let decision = cell("decision");
        if defect.is_none() && decision.contains(['\n', '\r']) {
            defect = Some(
                "the decision cell runs over a line break (a stray `\"` in the sheet?); \
                 the rows it swallowed are not made either"
                    .into(),
            );
        }
        rows.push(ReviewedRow {
            line,
            row: CorrectionRow {
                file: cell("file"),
                page,
                line: line_no,
                column,
                byte_start,
                byte_end,
                original: cell("original"),
                replacement: cell("replacement"),
                action: cell("action").trim().to_lowercase(),
                rule: cell("rule"),
                confidence: cell("confidence"),
                alternatives: cell("alternatives"),
                context: cell("context"),
                decision,
                location: cell("location"),
            },
            original_cell: raw("original").to_string(),
            defect,
        });
    }
    Ok(rows)
}

/// The text of a CSV file: UTF-8 with or without a BOM, or UTF-16 with one.
fn decode(origin: &str, bytes: &[u8]) -> Result<String> {
    let utf16 = |bytes: &[u8], le: bool| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units)
            .map_err(|_| Error::data(origin, 0, "not valid UTF-16 (the file starts with its BOM)"))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
            Err(Error::data(
                origin,
                line,
                format!(
                    "not valid UTF-8 at byte {at}; save the sheet as \"CSV UTF-8\" (Excel) or \
                     with the character set \"Unicode (UTF-8)\" (LibreOffice)"
                ),
            ))
        }
    }
}

/// The separator of the header line: the most frequent of `,` `;` and tab
/// outside quotes (`,` when there is none).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_saved_report_is_read_by_column_name() {
        let csv = "\u{feff}note;decision;file;byte_start;byte_end;original;replacement;action\r\n\
                   x;accept;a.txt;3;5;'=1;\"'-;2\";Suggested\r\n\
                   ;;;;;;;\r\n";
        let rows = read_reviewed("r.csv", csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(
            (r.row.file.as_str(), r.row.byte_start, r.row.byte_end),
            ("a.txt", 3, 5)
        );
        assert_eq!(r.row.original, "=1");
        assert_eq!(r.original_cell, "'=1");
        assert_eq!(r.row.replacement, "-;2");
        assert_eq!(r.row.action, "suggested");
        assert_eq!(r.row.decision, "accept");
        assert_eq!(r.defect, None);
    }

    #[test]
    fn line_numbers_count_cells_that_span_lines() {
        let csv = "file,byte_start,byte_end,original,replacement,action,decision\r\n\
                   a,0,1,\"x\r\ny\",z,applied,\r\n\
                   \r\n\
                   b,0,1,x,z,applied,\r\n";
        let lines: Vec<u64> = read_reviewed("r.csv", csv.as_bytes())
            .unwrap()
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn utf16_tabs_and_bad_numbers() {
        let text = "file\tbyte_start\tbyte_end\toriginal\treplacement\taction\tdecision\n\
                    f\tx\t2\tab\tcd\tapplied\t\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let rows = read_reviewed("r.txt", &bytes).unwrap();
        assert_eq!(
            rows[0].defect.as_deref(),
            Some("byte_start \"x\" is not a number")
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = read_reviewed("r.csv", b"file,byte_start,byte_end,original\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.csv:1: no column replacement, action, decision in the header; a reviewed report \
             must keep the column names of corrections.csv (found: file, byte_start, byte_end, \
             original)"
        );
        let err = read_reviewed("r.csv", b"file\n\xFF\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("r.csv:2: not valid UTF-8 at byte 5"),
            "{err}"
        );
    }
}
