//! A strict, position-keeping XML scanner over decoded text, shared by the
//! hOCR, ALTO and PAGE-XML readers.
//!
//! It wraps `quick-xml` and adds what the readers need: byte spans of every
//! element, text run and attribute value in the source, well-formedness
//! checks that `quick-xml` leaves to its caller (unclosed elements at the end
//! of the file, one root element, known entities only), and entity decoding
//! that keeps a map from decoded offsets back to source offsets, so that a
//! corrected word can be spliced into the source and nothing else moves.
//!
//! Safety: only the five predefined entities and character references are
//! decoded. A DOCTYPE that declares entities is refused, so there is no
//! entity expansion at all (no "billion laughs"), and nothing is ever
//! fetched (external DTDs are not read).

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

/// A well-formedness failure at a byte offset of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    /// Byte offset in the source text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl XmlError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        XmlError {
            offset,
            message: message.into(),
        }
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, 1 + before[line_start..].chars().count())
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An attribute of a start tag.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    /// Local name (without a namespace prefix).
    pub name: Range<usize>,
    /// The raw value, between the quotes.
    pub value: Range<usize>,
    /// The quote character (`"` or `'`).
    pub quote: u8,
}

/// What the scanner reports.
#[derive(Debug, Clone)]
pub(crate) enum Ev {
    /// A start tag (an empty element, `<x/>`, is followed by its [`Ev::End`]).
    Start {
        /// Local name.
        name: Range<usize>,
        /// The whole tag (only the tests look at it).
        #[allow(dead_code)]
        span: Range<usize>,
        /// Its attributes.
        attrs: Vec<Attr>,
    },
    /// The end of an element.
    End {
        /// Local name.
        name: Range<usize>,
        /// The whole element, from its start tag to its end tag (an empty
        /// element: its one tag).
        element: Range<usize>,
    },
    /// A run of character data (text and references), raw.
    Text(Range<usize>),
    /// The content of a CDATA section.
    CData(Range<usize>),
    /// The end of the document.
    Eof,
}

/// The scanner.
pub(crate) struct Scanner<'a> {
    src: &'a str,
    reader: Reader<&'a [u8]>,
    /// Open elements: local name span and the offset of the start tag.
    stack: Vec<(Range<usize>, usize)>,
    roots: usize,
    pending: std::collections::VecDeque<Ev>,
    done: bool,
}

fn local(name: Range<usize>, src: &str) -> Range<usize> {
    match src[name.clone()].rfind(':') {
        Some(i) => name.start + i + 1..name.end,
        None => name,
    }
}

fn offset_in(src: &str, part: &[u8]) -> usize {
    let o = part.as_ptr() as usize - src.as_ptr() as usize;
    debug_assert!(o + part.len() <= src.len());
    o
}

impl<'a> Scanner<'a> {
    /// A scanner over `src` (the whole decoded file, without a BOM).
    pub(crate) fn new(src: &'a str) -> Self {
        let mut reader = Reader::from_str(src);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Scanner {
            src,
            reader,
            stack: Vec::new(),
            roots: 0,
            pending: std::collections::VecDeque::new(),
            done: false,
        }
    }

    /// The text of a span.
    pub(crate) fn str(&self, r: &Range<usize>) -> &'a str {
        &self.src[r.clone()]
    }

    /// The next event.
    pub(crate) fn next(&mut self) -> Result<Ev, XmlError> {
        if let Some(ev) = self.pending.pop_front() {
            return Ok(ev);
        }
        if self.done {
            return Ok(Ev::Eof);
        }
        let mut text: Option<Range<usize>> = None;
        loop {
            let before = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.error_position() as usize;
                    return Err(XmlError::new(at, format!("malformed XML: {e}")));
                }
            };
            let after = self.reader.buffer_position() as usize;
            let ev = match event {
                Event::Text(_) => {
                    text = Some(text.map_or(before..after, |t| t.start..after));
                    continue;
                }
                Event::GeneralRef(_) => {
                    check_reference(&self.src[before..after])
                        .map_err(|m| XmlError::new(before, m))?;
                    text = Some(text.map_or(before..after, |t| t.start..after));
                    continue;
                }
                Event::Start(e) | Event::Empty(e) => {
                    let empty = self.src.as_bytes()[..after].ends_with(b"/>");
                    let name = offset_in(self.src, e.name().as_ref());
                    let name = local(name..name + e.name().as_ref().len(), self.src);
                    if self.stack.is_empty() {
                        self.roots += 1;
                        if self.roots > 1 {
                            return Err(XmlError::new(
                                before,
                                "malformed XML: a second root element",
                            ));
                        }
                    }
                    let mut attrs = Vec::new();
                    for a in e.attributes() {
                        let a = a.map_err(|err| {
                            XmlError::new(before, format!("malformed XML: {err}"))
                        })?;
                        let key = a.key.as_ref();
                        let k = offset_in(self.src, key);
                        let value: &[u8] = a.value.as_ref();
                        let v = match a.value {
                            std::borrow::Cow::Borrowed(b) => offset_in(self.src, b),
                            std::borrow::Cow::Owned(_) => {
                                return Err(XmlError::new(
                                    before,
                                    "malformed XML: an attribute value could not be located",
                                ))
                            }
                        };
                        let value_range = v..v + value.len();
                        unescape(&self.src[value_range.clone()], true)
                            .map_err(|(o, m)| XmlError::new(v + o, m))?;
                        attrs.push(Attr {
                            name: local(k..k + key.len(), self.src),
                            value: value_range,
                            quote: self.src.as_bytes()[v - 1],
                        });
                    }
                    if empty {
                        self.pending.push_back(Ev::End {
                            name: name.clone(),
                            element: before..after,
                        });
                    } else {
                        self.stack.push((name.clone(), before));
                    }
                    Ev::Start {
                        name,
                        span: before..after,
                        attrs,
                    }
                }
                Event::End(_) => {
                    let (name, start) = self.stack.pop().expect("quick-xml checks end tags");
                    Ev::End {
                        name,
                        element: start..after,
                    }
                }
                Event::CData(_) => {
                    if self.stack.is_empty() {
                        return Err(XmlError::new(
                            before,
                            "malformed XML: CDATA outside the root element",
                        ));
                    }
                    Ev::CData(before + "<![CDATA[".len()..after - "]]>".len())
                }
                Event::DocType(d) => {
                    let body = String::from_utf8_lossy(d.as_ref()).to_ascii_uppercase();
                    if body.contains("<!ENTITY") {
                        return Err(XmlError::new(
                            before,
                            "the DOCTYPE declares entities; such files are refused \
                             (corrigenda expands no entities)",
                        ));
                    }
                    continue;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
                Event::Eof => {
                    self.done = true;
                    if let Some((name, start)) = self.stack.last() {
                        let (l, c) = line_column(self.src, *start);
                        return Err(XmlError::new(
                            self.src.len(),
                            format!(
                                "malformed XML: unexpected end of file; <{}> opened at line {l}, column {c} is not closed",
                                &self.src[name.clone()]
                            ),
                        ));
                    }
                    if self.roots == 0 {
                        return Err(XmlError::new(
                            self.src.len(),
                            "malformed XML: no root element",
                        ));
                    }
                    Ev::Eof
                }
            };
            if let Some(t) = text.take() {
                self.check_text_place(&t)?;
                // Hand out the text first; the event (and an empty
                // element's End, already queued) waits.
                self.pending.push_front(ev);
                return Ok(Ev::Text(t));
            }
            return Ok(ev);
        }
    }

    fn check_text_place(&self, t: &Range<usize>) -> Result<(), XmlError> {
        if self.stack.is_empty() && !self.src[t.clone()].trim().is_empty() {
            let skip = self.src[t.clone()].len() - self.src[t.clone()].trim_start().len();
            return Err(XmlError::new(
                t.start + skip,
                "malformed XML: text outside the root element",
            ));
        }
        Ok(())
    }
}

fn check_reference(raw: &str) -> Result<(), String> {
    let name = raw.trim_start_matches('&').trim_end_matches(';');
    if name.starts_with('#') {
        return char_reference(name)
            .map(|_| ())
            .ok_or_else(|| format!("malformed XML: bad character reference {raw}"));
    }
    match name {
        "amp" | "lt" | "gt" | "quot" | "apos" => Ok(()),
        _ => Err(format!(
            "malformed XML: unknown entity {raw} (only &amp; &lt; &gt; &quot; &apos; and character references are read)"
        )),
    }
}

fn char_reference(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u32>().ok()?,
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

/// Decoded text with a map back to its raw source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Unescaped {
    /// The decoded text.
    pub text: String,
    /// Checkpoints `(decoded offset, raw offset)` where the two stop moving
    /// together (after a reference or a normalised line end), relative to
    /// the start of the raw text; between checkpoints one byte is one byte.
    pub map: Vec<(usize, usize)>,
}

impl Unescaped {
    /// The raw offset of decoded offset `d` (a character boundary).
    pub(crate) fn raw(&self, d: usize) -> usize {
        let i = self.map.partition_point(|&(cd, _)| cd <= d);
        let (cd, cr) = if i == 0 { (0, 0) } else { self.map[i - 1] };
        cr + (d - cd)
    }
}

/// Decodes raw character data (`attr`: an attribute value, whose tabs and
/// line ends read as spaces). Errors carry the raw offset.
pub(crate) fn unescape(raw: &str, attr: bool) -> Result<Unescaped, (usize, String)> {
    if !(raw.contains(['&', '\r']) || attr && raw.contains(['\n', '\t'])) {
        if let Some(i) = raw.find('<') {
            return Err((i, "malformed XML: '<' in character data".into()));
        }
        return Ok(Unescaped {
            text: raw.to_string(),
            map: Vec::new(),
        });
    }
    let mut out = Unescaped {
        text: String::with_capacity(raw.len()),
        map: Vec::new(),
    };
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        match bytes[i] {
            b'&' => {
                let end = raw[i..]
                    .find(';')
                    .map(|e| i + e + 1)
                    .ok_or_else(|| (i, "malformed XML: '&' without ';'".to_string()))?;
                let name = &raw[i + 1..end - 1];
                let c = match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => char_reference(name).ok_or_else(|| {
                        (
                            i,
                            format!("malformed XML: unknown entity &{name}; (only the predefined entities and character references are read)"),
                        )
                    })?,
                };
                out.text.push(c);
                i = end;
                out.map.push((out.text.len(), i));
            }
            b'\r' => {
                out.text.push(if attr { ' ' } else { '\n' });
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.map.push((out.text.len(), i));
            }
            b'\n' | b'\t' if attr => {
                out.text.push(' ');
                i += 1;
            }
            b'<' => return Err((i, "malformed XML: '<' in character data".into())),
            _ => {
                // This byte is not special, so the run is at least one byte.
                let rest = &raw[i..];
                let n = rest
                    .find(|c| matches!(c, '&' | '\r' | '<') || attr && matches!(c, '\n' | '\t'))
                    .unwrap_or(rest.len());
                out.text.push_str(&rest[..n]);
                i += n;
            }
        }
    }
    Ok(out)
}

/// Where escaped text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Element content.
    Text,
    /// An attribute value quoted with this byte.
    Attr(u8),
}

/// The text of several text nodes (`(raw span, is CDATA)`) of `src`, one
/// after another: character data unescaped, CDATA as it is.
pub(crate) fn nodes_text(src: &str, nodes: &[(Range<usize>, bool)]) -> Result<String, XmlError> {
    let mut text = String::new();
    for (raw, cdata) in nodes {
        if *cdata {
            text.push_str(&src[raw.clone()]);
        } else {
            let un = unescape(&src[raw.clone()], false).map_err(|(o, message)| XmlError {
                offset: raw.start + o,
                message,
            })?;
            text.push_str(&un.text);
        }
    }
    Ok(text)
}

/// Escapes `s` for `ctx`.
pub(crate) fn escape(s: &str, ctx: Context) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if ctx == Context::Attr(b'"') => out.push_str("&quot;"),
            '\'' if ctx == Context::Attr(b'\'') => out.push_str("&#39;"),
            '\t' | '\n' | '\r' if ctx != Context::Text => {
                out.push_str(&format!("&#{};", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(src: &str) -> Result<Vec<String>, XmlError> {
        let mut s = Scanner::new(src);
        let mut out = Vec::new();
        loop {
            let ev = s.next()?;
            out.push(match &ev {
                Ev::Start { name, span, attrs } => {
                    let a: Vec<String> = attrs
                        .iter()
                        .map(|a| format!("{}={}", &src[a.name.clone()], &src[a.value.clone()]))
                        .collect();
                    assert!(src[span.clone()].starts_with('<'));
                    format!("<{} {}>", &src[name.clone()], a.join(","))
                }
                Ev::End { name, .. } => format!("</{}>", &src[name.clone()]),
                Ev::Text(r) => format!("T{:?}", &src[r.clone()]),
                Ev::CData(r) => format!("C{:?}", &src[r.clone()]),
                Ev::Eof => break,
            });
        }
        Ok(out)
    }

    #[test]
    fn spans_text_runs_and_empty_elements() {
        let src = "<?xml version='1.0'?>\n<!-- c --><a:r x='1 &amp; 2'><w v=\"&quot;\"/>t &lt; u<![CDATA[<z>]]></a:r>\n";
        let got = events(src).unwrap();
        assert_eq!(
            got,
            vec![
                "T\"\\n\"".to_string(),
                "<r x=1 &amp; 2>".into(),
                "<w v=&quot;>".into(),
                "</w>".into(),
                "T\"t &lt; u\"".into(),
                "C\"<z>\"".into(),
                "</r>".into(),
                "T\"\\n\"".into(),
            ]
        );
    }

    #[test]
    fn truncation_and_entities_fail_with_positions() {
        let err = events("<a>\n <b>x</b>\n <c>y").unwrap_err();
        assert!(
            err.message.contains("<c> opened at line 3, column 2"),
            "{err:?}"
        );
        let err = events("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").unwrap_err();
        assert!(err.message.contains("declares entities"), "{err:?}");
        let err = events("<a>&nbsp;</a>").unwrap_err();
        assert!(err.message.contains("unknown entity &nbsp;"), "{err:?}");
        assert_eq!(line_column("<a>&nbsp;</a>", err.offset), (1, 4));
        assert!(events("<a></b>").is_err());
        assert!(events("<a/><b/>").is_err());
        assert!(events("<a x='1'").is_err());
        assert!(
            events("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><html/>").is_ok()
        );
    }

    #[test]
    fn unescape_keeps_a_map_to_raw_offsets() {
        let raw = "a&amp;b&#x416;c\r\nd";
        let u = unescape(raw, false).unwrap();
        assert_eq!(u.text, "a&bЖc\nd");
        for (d, r) in [(0, 0), (1, 1), (2, 6), (3, 7), (5, 14), (6, 15), (7, 17)] {
            assert_eq!(u.raw(d), r, "decoded {d}");
        }
        assert_eq!(unescape("a\tb", true).unwrap().text, "a b");
        assert_eq!(escape("a\"'<&", Context::Attr(b'"')), "a&quot;'&lt;&amp;");
        assert_eq!(escape("a\"'<&", Context::Text), "a\"'&lt;&amp;");
    }
}
