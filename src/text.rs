//! Decoded text and positions in it: pages, lines and character columns.

use std::ops::Range;
use std::path::Path;

use crate::error::Result;
use crate::formats::encoding::{self, Choice, Unencodable};

/// An input file decoded to UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding the bytes were in, as reported in the summary.
    pub encoding: &'static str,
    /// Whether the input started with a byte-order mark (kept in the output).
    pub bom: bool,
    /// The encoding, to write the output in.
    pub codec: &'static encoding_rs::Encoding,
}

impl Decoded {
    /// Encodes `text` (a corrected version of [`Decoded::text`]) the way the
    /// input was encoded. Fails on the first character that the encoding
    /// cannot hold.
    pub fn encode(&self, text: &str) -> std::result::Result<Vec<u8>, Unencodable> {
        encoding::encode(self, text)
    }
}

/// Decodes a file: UTF-8 with or without a byte-order mark, UTF-16 with one,
/// or a Cyrillic 8-bit encoding that is detected (see
/// [`crate::formats::encoding`]). Invalid text is an error that names the
/// file, the byte offset (in the file) and the line.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Decoded> {
    encoding::decode(path, bytes, Choice::Auto)
}

/// Decodes a file as `choice` says: detected, or in a named encoding.
pub fn decode_with(path: &Path, bytes: Vec<u8>, choice: Choice) -> Result<Decoded> {
    encoding::decode(path, bytes, choice)
}

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte span of the line's text, without its line end.
    pub span: Range<usize>,
    /// 1-based page number (pages are separated by form feeds).
    pub page: u32,
    /// 1-based line number within its page.
    pub number: u32,
}

/// Splits `text` into lines and pages. A form feed (U+000C) starts a new page;
/// it belongs to neither page's line text. `\r\n`, `\n` and `\r` end lines.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut page, mut number) = (1u32, 0u32);
    let mut start = 0;
    let mut i = 0;
    let mut push = |span: Range<usize>, page: u32, number: &mut u32| {
        *number += 1;
        out.push(Line {
            span,
            page,
            number: *number,
        });
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                push(start..i, page, &mut number);
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            b'\x0c' => {
                if i > start {
                    push(start..i, page, &mut number);
                }
                page += 1;
                number = 0;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        push(start..bytes.len(), page, &mut number);
    }
    out
}

/// Finds the line that holds byte `offset` (the last line starting at or
/// before it).
pub fn line_at(lines: &[Line], offset: usize) -> Option<usize> {
    let idx = lines.partition_point(|l| l.span.start <= offset);
    idx.checked_sub(1)
}

/// Character columns of offsets asked in order of position: each is counted
/// on from the one before on the same line, so the columns of a line's
/// changes cost one pass over it, however long (a text with no line
/// breaks is one line).
#[derive(Debug, Default)]
pub struct Columns {
    /// The line start, offset and column last asked.
    last: Option<(usize, usize, usize)>,
}

impl Columns {
    /// The 1-based character column of byte `offset` within `line`.
    pub fn column(&mut self, text: &str, line: &Line, offset: usize) -> usize {
        let start = line.span.start.min(offset);
        let column = match self.last {
            Some((s, at, column)) if s == start && at <= offset => {
                column + text[at..offset].chars().count()
            }
            _ => 1 + text[start..offset].chars().count(),
        };
        self.last = Some((start, offset, column));
        column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_counted_on_are_the_columns_counted_afresh() {
        let text = "Лист № 2, ПХЕНЬЯН — 30.9.50\nsecond line, ё and ﬁ\nx";
        let ls = lines(text);
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let fresh = |o: usize| {
            let line = &ls[line_at(&ls, o).unwrap()];
            1 + text[line.span.start.min(o)..o].chars().count()
        };
        // In order of position, as a document's changes come, and in any
        // other order.
        for pass in 0..2 {
            let mut columns = Columns::default();
            for &o in &offsets {
                let line = &ls[line_at(&ls, o).unwrap()];
                assert_eq!(columns.column(text, line, o), fresh(o), "offset {o}");
            }
            if pass == 0 {
                offsets.reverse();
                offsets.rotate_left(7);
            }
        }
    }

    #[test]
    fn pages_and_lines() {
        let text = "a\nbb\n\x0cЛист 2\r\nx";
        let ls = lines(text);
        let got: Vec<(&str, u32, u32)> = ls
            .iter()
            .map(|l| (&text[l.span.clone()], l.page, l.number))
            .collect();
        assert_eq!(
            got,
            vec![("a", 1, 1), ("bb", 1, 2), ("Лист 2", 2, 1), ("x", 2, 2)]
        );
        let at = line_at(&ls, text.find('2').unwrap()).unwrap();
        assert_eq!(at, 2);
        let column = Columns::default().column(text, &ls[at], text.find('2').unwrap());
        assert_eq!(column, 6);
    }

    #[test]
    fn bom_is_kept_and_invalid_utf8_is_located() {
        let d = decode(Path::new("x.txt"), b"\xEF\xBB\xBFok".to_vec()).unwrap();
        assert_eq!(d.text, "ok");
        assert_eq!(d.encode("ok!").unwrap(), b"\xEF\xBB\xBFok!".to_vec());
        let err = decode(Path::new("bad.txt"), b"one\ntwo \xFF".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: not valid UTF-8 at byte 8 (line 2)"
        );
    }
}
