//! OCR file formats: plain text, hOCR, ALTO and PAGE-XML.
//!
//! The rules only ever see plain text. For an XML format a reader derives
//! that text from the format's own structure — pages separated by form feeds,
//! lines by `\n`, words by one space, exactly the shape of a plain-text OCR
//! file — and keeps, for every word, where its text lies in the source (an
//! attribute value or an element's text, with a map through entity
//! references). The correction runs unchanged on the derived text
//! ([`Corrector::correct`]); the writer then splices each applied change into
//! the source at its word's place, escaped for XML, and leaves every other
//! byte as it was: attributes, ids, coordinates, namespaces, white space,
//! comments and processing instructions.
//!
//! A change across words is made on whole word elements when it joins them
//! (a word OCR split: the first element takes the joined word and the joint
//! bounding box, the others go) or takes words away with the space beside them
//! (a speck read as a word), and on the words' texts in place when it keeps
//! their number (a header line's fix), in hOCR and ALTO; a change that puts
//! spaces into one word writes its element once per word (a split: each
//! with its share of the box). Any other change that cannot be put so — it
//! puts other white space into a word, empties one, spans words otherwise,
//! or touches a word whose text the format keeps in several places that
//! cannot all be kept in step — is made `suggested` instead of `applied`:
//! the source is not touched.
//!
//! Copies of the text are kept in step: the line and region
//! `TextEquiv/Unicode` (and `PlainText`) of PAGE-XML when a word changes.
//! The parts of an ALTO hyphenated word, whose `SUBS_CONTENT` copies the
//! whole word, are not changed (their changes are suggested).
//!
//! Report spans of XML inputs are byte spans of the *source* (the decoded XML
//! text), and `original` and `replacement` are the source's own spelling of
//! the text there, entity references included (`&quot;` rather than `"`;
//! for a join, split or removal: the elements' markup), so
//! that splicing the applied rows' replacements at their spans reproduces
//! the output for hOCR and ALTO (`apply`, `apply --undo`). `page`, `line`, `column` and `context` come
//! from the derived text.

mod alto;
pub mod encoding;
mod hocr;
mod pagexml;
mod xml;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::change::{self, Action, Change};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::report::CorrectionRow;
use crate::rules::{Cache, Corrector};
use crate::text::{self, Line};

/// The format of an input file, detected from its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Plain text (form feeds separate pages).
    Text,
    /// hOCR (`ocr_page`, `ocr_line`, `ocrx_word`), as XHTML.
    Hocr,
    /// ALTO v2–v4 (`Page`, `TextLine`, `String/@CONTENT`).
    Alto,
    /// PAGE-XML (`TextRegion`, `TextLine`, `Word`, `TextEquiv/Unicode`).
    PageXml,
    /// XML of another kind (its root element is given): copied unchanged.
    OtherXml(String),
}

impl Format {
    /// The name used in messages.
    pub fn name(&self) -> &str {
        match self {
            Format::Text => "text",
            Format::Hocr => "hOCR",
            Format::Alto => "ALTO",
            Format::PageXml => "PAGE-XML",
            Format::OtherXml(_) => "XML",
        }
    }
}

/// Detects the format of a decoded file from its root element: `html` is
/// hOCR, `alto` ALTO, `PcGts` PAGE-XML (namespace prefixes ignored). A file
/// that does not start like XML is text; so is a `.txt` file whose root
/// element is none of these (OCR text may start with `<`). Other XML is
/// [`Format::OtherXml`].
pub fn detect(path: &Path, text: &str) -> Format {
    let Some(root) = root_element(text) else {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let is_txt = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
        return if t.starts_with("<?xml") && !is_txt {
            Format::OtherXml(String::new())
        } else {
            Format::Text
        };
    };
    let local = root.rsplit(':').next().unwrap_or(root);
    match local {
        "html" => Format::Hocr,
        "alto" => Format::Alto,
        "PcGts" => Format::PageXml,
        _ if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt")) =>
        {
            Format::Text
        }
        _ => Format::OtherXml(root.to_string()),
    }
}

/// The name of the root element, skipping the XML declaration, processing
/// instructions, comments and a DOCTYPE.
fn root_element(text: &str) -> Option<&str> {
    let mut t = text.trim_start_matches('\u{feff}');
    loop {
        t = t.trim_start();
        if let Some(rest) = t.strip_prefix("<?") {
            t = &rest[rest.find("?>")? + 2..];
        } else if let Some(rest) = t.strip_prefix("<!--") {
            t = &rest[rest.find("-->")? + 3..];
        } else if t.starts_with("<!DOCTYPE") || t.starts_with("<!doctype") {
            let mut depth = 0i32;
            let end = t.char_indices().find_map(|(i, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    '>' if depth <= 0 => return Some(i),
                    _ => {}
                }
                None
            })?;
            t = &t[end + 1..];
        } else {
            let rest = t.strip_prefix('<')?;
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or(rest.len());
            let name = &rest[..end];
            let first = name.chars().next()?;
            return (first.is_alphabetic() || first == '_').then_some(name);
        }
    }
}

/// Where a word's text (or part of it) lies in a [`Segment`]: the word's
/// decoded bytes `word_off..word_off + len` are the segment's decoded bytes
/// `seg_off..seg_off + len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub seg: usize,
    pub seg_off: usize,
    pub word_off: usize,
    pub len: usize,
}

/// A place in the source that holds text: an attribute value or an
/// element's character data, with its decoded text.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    /// The raw span in the source.
    pub raw: Range<usize>,
    /// The decoded text and its map to raw offsets.
    pub un: xml::Unescaped,
    /// How to escape text put there.
    pub ctx: xml::Context,
}

impl Segment {
    /// The source offset of decoded offset `d`.
    fn source(&self, d: usize) -> usize {
        self.raw.start + self.un.raw(d)
    }
}

/// One word of an XML source.
#[derive(Debug, Clone)]
pub struct Word {
    /// Byte span in the derived text.
    pub span: Range<usize>,
    /// Byte span of the word's text in the source (covering, for a word
    /// whose text is split over several nodes).
    pub source: Range<usize>,
    /// The element's id (`id`, `ID`), or empty.
    pub id: String,
    /// The bounding box `x0 y0 x1 y1` in the file's own units.
    pub bbox: Option<[f64; 4]>,
    /// The OCR engine's confidence in the word, 0–1 (hOCR `x_wconf` / 100,
    /// ALTO `WC`, PAGE `TextEquiv/@conf`), for ranking to use.
    pub confidence: Option<f32>,
    /// Where the word's text is in the source, if it is in one place.
    pub(crate) primary: Option<Piece>,
    /// Copies of (part of) the word's text elsewhere that must change with it.
    pub(crate) mirrors: Vec<Piece>,
    /// Why the word's text cannot be changed in the source, if it cannot.
    pub(crate) fixed: Option<&'static str>,
    /// The word's own element (hOCR `ocrx_word`, ALTO `String`), which a
    /// join may merge with its neighbours' (see [`join`]) or a removal take
    /// away (see [`removal`]); `None` where words are not joined so.
    pub(crate) element: Option<Element>,
}

/// A word's element in the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    /// The whole element, from its start tag to its end tag.
    pub span: Range<usize>,
    /// Where its bounding box is written, if it has one.
    pub bbox: Option<BoxPlace>,
    /// The raw span of its id's value (`id`, `ID`), if it has one.
    pub id: Option<Range<usize>>,
}

/// Where a word element writes its bounding box (raw source spans).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BoxPlace {
    /// hOCR: the four numbers after `bbox` in `title` (`146 171 301 192`).
    Hocr(Range<usize>),
    /// ALTO: the values of `HPOS`, `VPOS`, `WIDTH` and `HEIGHT`.
    Alto([Range<usize>; 4]),
}

impl Word {
    /// Why the word's text cannot be changed in the source (its changes are
    /// only suggested), if it cannot.
    pub fn fixed(&self) -> Option<&'static str> {
        self.fixed
    }
}

/// What a reader derives from an XML source.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The plain text the rules run on.
    pub text: String,
    /// Its words, in order, with where they are in the source.
    pub words: Vec<Word>,
    pub(crate) segments: Vec<Segment>,
}

/// Where a word's text lies in an XML source, for `apply`: its source span,
/// how text put there is written, and why `run` leaves it alone (if so).
#[derive(Debug, Clone)]
pub struct WordPlace {
    /// The source span of the word's text.
    pub source: Range<usize>,
    /// How text is escaped there (`None`: the text is in several nodes).
    ctx: Option<xml::Context>,
    /// Why the word's text is not changed in the source, if it is not.
    pub fixed: Option<&'static str>,
}

impl WordPlace {
    /// Plain `text` written for this place (`&`, `<`, the quote escaped).
    pub(crate) fn escape(&self, text: &str) -> String {
        xml::escape(text, self.ctx.unwrap_or(xml::Context::Text))
    }

    /// The plain text of `raw`, written in the source's spelling for this
    /// place, or why it cannot stand there (a bare `&` or `<`, the
    /// attribute's own quote).
    pub(crate) fn unescape(&self, raw: &str) -> std::result::Result<String, String> {
        plain(raw, self.ctx.unwrap_or(xml::Context::Text))
    }
}

/// The plain text of `raw`, written in the source's spelling for a place of
/// kind `ctx`, or why it cannot stand there (a bare `&` or `<`, the
/// attribute's own quote).
fn plain(raw: &str, ctx: xml::Context) -> std::result::Result<String, String> {
    let attr = matches!(ctx, xml::Context::Attr(_));
    if let xml::Context::Attr(q) = ctx {
        if raw.as_bytes().contains(&q) {
            return Err(format!("{:?} would end the attribute", q as char));
        }
    }
    xml::unescape(raw, attr).map(|u| u.text).map_err(|(_, m)| m)
}

/// The places of the words of `d`, in source order.
pub fn word_places(d: &Derived) -> Vec<WordPlace> {
    d.words
        .iter()
        .map(|w| WordPlace {
            source: w.source.clone(),
            ctx: w.primary.as_ref().map(|p| d.segments[p.seg].ctx),
            fixed: w.fixed,
        })
        .collect()
}

/// Metadata of a word element.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub id: String,
    pub bbox: Option<[f64; 4]>,
    pub confidence: Option<f32>,
}

/// Builds a [`Derived`] while a reader walks the source.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    d: Derived,
    pages: usize,
    lines_in_page: usize,
    /// A line is open: `Some(explicit)`.
    line: Option<bool>,
    line_words: usize,
}

impl Builder {
    pub(crate) fn segment(
        &mut self,
        raw: Range<usize>,
        un: xml::Unescaped,
        ctx: xml::Context,
    ) -> usize {
        self.d.segments.push(Segment { raw, un, ctx });
        self.d.segments.len() - 1
    }

    pub(crate) fn word_ref(&mut self, i: usize) -> &mut Word {
        &mut self.d.words[i]
    }

    /// Starts a page.
    pub(crate) fn page(&mut self) {
        self.end_line();
        if self.pages > 0 {
            self.d.text.push('\x0c');
        }
        self.pages += 1;
        self.lines_in_page = 0;
    }

    /// Starts a line element.
    pub(crate) fn line(&mut self) {
        self.end_line();
        self.line = Some(true);
    }

    /// Ends the open line.
    pub(crate) fn end_line(&mut self) {
        self.line = None;
        self.line_words = 0;
    }

    /// Ends the open line if a word opened it (words outside line elements).
    pub(crate) fn end_implicit_line(&mut self) {
        if self.line == Some(false) {
            self.end_line();
        }
    }

    /// Adds a word with text `text` (decoded; white space inside reads as
    /// spaces). `glue`: no space before it (ALTO `HYP`).
    pub(crate) fn word(
        &mut self,
        text: &str,
        glue: bool,
        meta: Meta,
        primary: Option<Piece>,
        source: Range<usize>,
        fixed: Option<&'static str>,
    ) -> usize {
        if self.pages == 0 {
            self.pages = 1;
        }
        if self.line.is_none() {
            self.line = Some(false);
        }
        if self.line_words == 0 {
            if self.lines_in_page > 0 {
                self.d.text.push('\n');
            }
            self.lines_in_page += 1;
        } else if !glue {
            self.d.text.push(' ');
        }
        self.line_words += 1;
        let start = self.d.text.len();
        self.d.text.extend(text.chars().map(|c| match c {
            '\n' | '\r' | '\x0c' | '\t' => ' ',
            c => c,
        }));
        self.d.words.push(Word {
            span: start..self.d.text.len(),
            source,
            id: meta.id,
            bbox: meta.bbox,
            confidence: meta.confidence,
            primary,
            mirrors: Vec::new(),
            fixed,
            element: None,
        });
        self.d.words.len() - 1
    }

    /// Adds the words of segment `seg` (split at white space), each with
    /// `meta`.
    pub(crate) fn words_of_segment(&mut self, seg: usize, meta: &Meta) -> Vec<usize> {
        let text = self.d.segments[seg].un.text.clone();
        let mut out = Vec::new();
        for (start, piece) in split_words(&text) {
            let s = &self.d.segments[seg];
            let source = s.source(start)..s.source(start + piece.len());
            let p = Piece {
                seg,
                seg_off: start,
                word_off: 0,
                len: piece.len(),
            };
            out.push(self.word(piece, false, meta.clone(), Some(p), source, None));
        }
        out
    }

    /// Adds an element's text (one segment, trimmed) as one word; nothing
    /// for white space only.
    pub(crate) fn word_of_segment(&mut self, seg: usize, glue: bool, meta: Meta) -> Option<usize> {
        let s = &self.d.segments[seg];
        let text = &s.un.text;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let start = text.len() - text.trim_start().len();
        let source = s.source(start)..s.source(start + trimmed.len());
        let p = Piece {
            seg,
            seg_off: start,
            word_off: 0,
            len: trimmed.len(),
        };
        let trimmed = trimmed.to_string();
        Some(self.word(&trimmed, glue, meta, Some(p), source, None))
    }

    /// Keeps segment `seg` (a copy of the text of `words`, separated by
    /// white space) in step with them. Words that cannot be found in it, in
    /// order, become fixed. An empty copy is left alone.
    pub(crate) fn mirror(&mut self, seg: usize, words: &[usize]) {
        let copy = self.d.segments[seg].un.text.clone();
        if copy.trim().is_empty() || words.is_empty() {
            return;
        }
        let texts: Vec<String> = words.iter().map(|&w| self.word_text(w)).collect();
        match align(&copy, &texts) {
            Some(offsets) => {
                for ((&w, off), text) in words.iter().zip(offsets).zip(&texts) {
                    let len = text.len();
                    self.d.words[w].mirrors.push(Piece {
                        seg,
                        seg_off: off,
                        word_off: 0,
                        len,
                    });
                }
            }
            None => {
                for &w in words {
                    self.d.words[w].fixed =
                        Some("the text of its line or region does not match its words");
                }
            }
        }
    }

    /// The decoded text of word `w` as its source holds it.
    pub(crate) fn word_text(&self, w: usize) -> String {
        let word = &self.d.words[w];
        match &word.primary {
            Some(p) => self.d.segments[p.seg].un.text[p.seg_off..p.seg_off + p.len].to_string(),
            None => self.d.text[word.span.clone()].to_string(),
        }
    }

    pub(crate) fn finish(self) -> Derived {
        self.d
    }
}

/// The white-space separated pieces of `text`, with their offsets.
fn split_words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Finds `words`, in order and separated by white space only, in `copy`.
fn align(copy: &str, words: &[String]) -> Option<Vec<usize>> {
    let mut at = 0;
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let rest = &copy[at..];
        let skipped = rest.len() - rest.trim_start().len();
        if i > 0 && skipped == 0 {
            return None;
        }
        at += skipped;
        if !copy[at..].starts_with(w.as_str()) {
            return None;
        }
        out.push(at);
        at += w.len();
    }
    copy[at..].trim().is_empty().then_some(out)
}

/// Parses `src` as `format` (not [`Format::Text`]).
pub fn read(format: &Format, path: &Path, src: &str) -> Result<Derived> {
    let res = match format {
        Format::Hocr => hocr::read(src),
        Format::Alto => alto::read(src),
        Format::PageXml => pagexml::read(src),
        Format::Text | Format::OtherXml(_) => {
            return Ok(Derived {
                text: src.to_string(),
                ..Derived::default()
            })
        }
    };
    res.map_err(|e| {
        let (line, column) = xml::line_column(src, e.offset);
        Error::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message,
        }
    })
}

/// One file, corrected.
#[derive(Debug)]
pub struct Corrected {
    /// The corrected source (for XML: the source with the applied word
    /// changes spliced in).
    pub output: String,
    /// Its report rows.
    pub rows: Vec<CorrectionRow>,
    /// The settled changes, with the actions they finally have (spans in the
    /// derived text).
    pub changes: Vec<Change>,
    /// The main language.
    pub lang: String,
    /// Pages, lines and words of the (derived) text.
    pub pages: u32,
    /// Lines.
    pub lines: usize,
    /// Words.
    pub words: usize,
    /// The lines of the source text, which the rows' spans point into.
    pub source_lines: Vec<Line>,
    /// A note for the summary (e.g. XML of another kind, copied unchanged).
    pub message: String,
}

/// Corrects a decoded file of `format`: reads it, runs `corrector` on its
/// text, writes the changes back into the source and makes the report rows
/// (`name` is the report's `file`).
pub fn correct(
    corrector: &Corrector,
    cache: &mut Cache,
    name: &str,
    path: &Path,
    src: &str,
    format: &Format,
    codec: &'static encoding_rs::Encoding,
) -> Result<Corrected> {
    match format {
        Format::Text => {
            let doc = Document::new(src);
            let mut correction = corrector.correct(&doc, cache);
            let held = encoding::keep_encodable(codec, &mut correction.changes);
            if held > 0 {
                correction.output = change::apply(src, &correction.changes);
            }
            let mut columns = text::Columns::default();
            let rows = correction
                .changes
                .iter()
                .map(|c| CorrectionRow::with_columns(name, &doc, c, &mut columns))
                .collect();
            Ok(Corrected {
                output: correction.output,
                rows,
                changes: correction.changes,
                lang: correction.lang,
                pages: correction.pages,
                lines: correction.lines,
                words: correction.words,
                source_lines: doc.lines,
                message: join_notes(&encoding::held_message(codec, held), &correction.note),
            })
        }
        Format::OtherXml(root) => Ok(Corrected {
            output: src.to_string(),
            rows: Vec::new(),
            changes: Vec::new(),
            lang: String::new(),
            pages: 0,
            lines: 0,
            words: 0,
            source_lines: Vec::new(),
            message: if root.is_empty() {
                "XML without a root element that corrigenda reads: copied unchanged".into()
            } else {
                format!("not hOCR, ALTO or PAGE-XML (root element <{root}>): copied unchanged")
            },
        }),
        _ => {
            let derived = read(format, path, src)?;
            let doc = Document::new(&derived.text);
            let mut correction = corrector.correct(&doc, cache);
            let held = encoding::keep_encodable(codec, &mut correction.changes);
            let plan = plan(&derived, src, correction.changes);
            let mut columns = text::Columns::default();
            let rows = plan
                .changes
                .iter()
                .zip(&plan.places)
                .map(|(c, place)| {
                    let mut row = CorrectionRow::with_columns(name, &doc, c, &mut columns);
                    row.byte_start = place.span.start;
                    row.byte_end = place.span.end;
                    row.original = src[place.span.clone()].to_string();
                    row.replacement = place.replacement.clone();
                    row.location = place.location.clone();
                    row
                })
                .collect();
            Ok(Corrected {
                output: plan.output,
                rows,
                changes: plan.changes,
                lang: correction.lang,
                pages: correction.pages,
                lines: correction.lines,
                words: correction.words,
                source_lines: text::lines(src),
                message: join_notes(&encoding::held_message(codec, held), &correction.note),
            })
        }
    }
}

/// Two notes for the summary, either of them empty, in one.
fn join_notes(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) => format!("{a}; {b}"),
    }
}

/// Where a change of the derived text is in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Byte span in the source.
    pub span: Range<usize>,
    /// The replacement as the source would spell it (escaped).
    pub replacement: String,
    /// The word elements' ids and bounding box, for the report.
    pub location: String,
}

/// The changes of a derived text mapped onto its source.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The changes, with `applied` ones that cannot be made in the source
    /// turned into `suggested`.
    pub changes: Vec<Change>,
    /// For each change, where it is in the source.
    pub places: Vec<Place>,
    /// The source with the applied changes made.
    pub output: String,
}

/// Maps `changes` (settled, sorted, spans in `derived.text`) onto `src` and
/// makes the applied ones there.
pub fn plan(derived: &Derived, src: &str, mut changes: Vec<Change>) -> Plan {
    let words = &derived.words;
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut places = Vec::with_capacity(changes.len());
    for c in &mut changes {
        let (s, e) = (c.span.start, c.span.end);
        // The word that holds the whole span (at a shared boundary, the
        // earlier one).
        let first = words.partition_point(|w| w.span.end < s);
        let single = words[first..]
            .iter()
            .take(2)
            .position(|w| w.span.start <= s && e <= w.span.end)
            .map(|i| first + i);
        let mapped = single.and_then(|wi| {
            let w = &words[wi];
            let p = w.primary.as_ref()?;
            let (a, b) = (s - w.span.start, e - w.span.start);
            (p.word_off <= a && b <= p.word_off + p.len).then_some((wi, p, a, b))
        });
        let Some((wi, p, a, b)) = mapped else {
            let touched: Vec<usize> = (first..words.len())
                .take_while(|&i| words[i].span.start <= e)
                .filter(|&i| words[i].span.end >= s)
                .collect();
            // Whole word elements joined or taken away, or the words given
            // new text each in place (a change that keeps their number).
            let across = joined(derived, src, &touched, c)
                .map(|(join, text)| (join.span.clone(), join.fragment(&text)))
                .or_else(|| removed(derived, &touched, c, src).map(|span| (span, String::new())))
                .or_else(|| {
                    rewritten(derived, src, &touched, c)
                        .map(|(rewrite, texts)| (rewrite.span.clone(), rewrite.fragment(&texts)))
                });
            if let Some((span, replacement)) = across {
                if c.action == Action::Applied {
                    if free(&taken, &span) {
                        taken.insert(span.start, span.end);
                        edits.push((span.clone(), replacement.clone()));
                    } else {
                        c.action = Action::Suggested;
                    }
                }
                places.push(Place {
                    span,
                    replacement,
                    location: location(words, &touched),
                });
                continue;
            }
            // Not inside one word's text: report the covering span.
            let start = touched
                .first()
                .map_or(0, |&i| source_at(derived, &words[i], s, false));
            let end = touched
                .last()
                .map_or(start, |&i| source_at(derived, &words[i], e, true));
            if c.action == Action::Applied {
                c.action = Action::Suggested;
            }
            places.push(Place {
                span: start.min(end)..end.max(start),
                replacement: xml::escape(&c.replacement, xml::Context::Text),
                location: location(words, &touched),
            });
            continue;
        };
        let w = &words[wi];
        // A change that puts spaces into the word: its element made one
        // element per word.
        if c.replacement.contains(' ') {
            let text = &derived.text[w.span.clone()];
            let made = format!(
                "{}{}{}",
                &text[..s - w.span.start],
                c.replacement,
                &text[e - w.span.start..]
            );
            let pieces: Vec<String> = made.split(' ').map(str::to_string).collect();
            if let Some((split, fragment)) =
                split(derived, src, wi).and_then(|sp| sp.fragment(&pieces).map(|f| (sp, f)))
            {
                if c.action == Action::Applied {
                    if free(&taken, &split.span) {
                        taken.insert(split.span.start, split.span.end);
                        edits.push((split.span.clone(), fragment.clone()));
                    } else {
                        c.action = Action::Suggested;
                    }
                }
                places.push(Place {
                    span: split.span.clone(),
                    replacement: fragment,
                    location: location(words, &[wi]),
                });
                continue;
            }
        }
        let seg = &derived.segments[p.seg];
        let at = |d: usize| seg.source(p.seg_off + d - p.word_off);
        let span = at(a)..at(b);
        let replacement = xml::escape(&c.replacement, seg.ctx);
        if c.action == Action::Applied {
            let mut word_edits = vec![(span.clone(), replacement.clone())];
            let mut ok = w.fixed.is_none()
                && !c
                    .replacement
                    .chars()
                    .any(|ch| ch.is_whitespace() || ch.is_control())
                && !(a == p.word_off && b == p.word_off + p.len && c.replacement.is_empty());
            for m in &w.mirrors {
                if !ok || a < m.word_off || b > m.word_off + m.len {
                    ok = false;
                    break;
                }
                let ms = &derived.segments[m.seg];
                let mat = |d: usize| ms.source(m.seg_off + d - m.word_off);
                word_edits.push((mat(a)..mat(b), xml::escape(&c.replacement, ms.ctx)));
            }
            ok = ok && word_edits.iter().all(|(r, _)| free(&taken, r));
            if ok {
                for (r, text) in word_edits {
                    taken.insert(r.start, r.end);
                    edits.push((r, text));
                }
            } else {
                c.action = Action::Suggested;
            }
        }
        places.push(Place {
            span,
            replacement,
            location: location(words, &[wi]),
        });
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let output = change::splice(src, edits.iter().map(|(r, t)| (r.clone(), t.as_str())));
    Plan {
        changes,
        places,
        output,
    }
}

/// The join a change across the words `touched` makes, and the joined
/// word: the change takes the space between them (and maybe letters or
/// marks beside it) and leaves one word, with no white space in it, whose
/// elements [`join`] can merge (`Re uired` → `Required`).
fn joined(derived: &Derived, src: &str, touched: &[usize], c: &Change) -> Option<(Join, String)> {
    let (first, last, text) = changed_text(derived, touched, c)?;
    let (a, b) = (&derived.words[first], &derived.words[last]);
    // A change that only takes a word away is no join (see [`removed`]).
    if c.replacement.is_empty() && (c.span.start == a.span.start || c.span.end == b.span.end) {
        return None;
    }
    if !one_word(&text) {
        return None;
    }
    Some((join(derived, src, first, last)?, text))
}

/// The source span a change that takes one whole word away, with the
/// space on one side of it (`х ы Далее` → `х Далее`), removes (see
/// [`removal`]).
fn removed(derived: &Derived, touched: &[usize], c: &Change, src: &str) -> Option<Range<usize>> {
    let (&a, &b) = (touched.first()?, touched.last()?);
    if b != a + touched.len() - 1 || b == a || !c.replacement.is_empty() {
        return None;
    }
    let (wa, wb) = (&derived.words[a], &derived.words[b]);
    if c.span == (wa.span.end..wb.span.end) {
        removal(derived, src, a..=b, false)
    } else if c.span == (wa.span.start..wb.span.start) {
        removal(derived, src, a..=b, true)
    } else {
        None
    }
}

/// The source span that takes away words `words` but the last (`first`) or
/// but the first, with what stands between their elements: from the first
/// one's element's start to the last one's start, or from the first one's
/// element's end to the last one's end (a speck read as a word, `х ы
/// Далее`; marks read as words at a line's end, `PAGE : :`). Every word
/// must have its own element ([`Element`]) with white space or ALTO `SP`
/// only between them, and the words taken away must be ones `run` may
/// change.
pub(crate) fn removal(
    derived: &Derived,
    src: &str,
    words: std::ops::RangeInclusive<usize>,
    first: bool,
) -> Option<Range<usize>> {
    let (a, b) = (*words.start(), *words.end());
    if b <= a {
        return None;
    }
    let all = derived.words.get(a..=b)?;
    let elements: Vec<&Element> = all
        .iter()
        .map(|w| w.element.as_ref())
        .collect::<Option<_>>()?;
    let gone = if first {
        &all[..all.len() - 1]
    } else {
        &all[1..]
    };
    if gone
        .iter()
        .any(|w| w.fixed.is_some() || !w.mirrors.is_empty())
        || !elements
            .windows(2)
            .all(|pair| between_words(&src[pair[0].span.end..pair[1].span.start]))
    {
        return None;
    }
    let (ea, eb) = (elements[0], elements[elements.len() - 1]);
    Some(if first {
        ea.span.start..eb.span.start
    } else {
        ea.span.end..eb.span.end
    })
}

/// The words a change across the words `touched` gives new text each, when
/// it keeps their number (`Весьта срочная` → `Весьма срочная`): the
/// rewrite of their texts in place (see [`rewrite`]) and the new texts.
fn rewritten(
    derived: &Derived,
    src: &str,
    touched: &[usize],
    c: &Change,
) -> Option<(Rewrite, Vec<String>)> {
    let (first, last, text) = changed_text(derived, touched, c)?;
    let texts: Vec<String> = text.split(' ').map(str::to_string).collect();
    if texts.len() != last - first + 1 || !texts.iter().all(|t| one_word(t)) {
        return None;
    }
    Some((rewrite(derived, src, first, last)?, texts))
}

/// The first and last of two or more words `touched` that a change lies
/// across, and their text with the change made.
fn changed_text(
    derived: &Derived,
    touched: &[usize],
    c: &Change,
) -> Option<(usize, usize, String)> {
    let (&first, &last) = (touched.first()?, touched.last()?);
    let (a, b) = (&derived.words[first], &derived.words[last]);
    if last == first || c.span.start < a.span.start || c.span.end > b.span.end {
        return None;
    }
    let text = format!(
        "{}{}{}",
        &derived.text[a.span.start..c.span.start],
        c.replacement,
        &derived.text[c.span.end..b.span.end]
    );
    Some((first, last, text))
}

/// Whether `t` can be a word's whole text: not empty, no white space.
fn one_word(t: &str) -> bool {
    !t.is_empty() && !t.chars().any(|ch| ch.is_whitespace() || ch.is_control())
}

/// Words `first..=last` of one line given new text each, in place: the
/// span from the first word's text to the last one's, and what stands
/// between their texts (markup, kept as it is).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rewrite {
    pub span: Range<usize>,
    gaps: Vec<String>,
    ctxs: Vec<xml::Context>,
}

impl Rewrite {
    /// The span's source with the words' texts `texts` (plain, one per word).
    pub(crate) fn fragment(&self, texts: &[String]) -> String {
        let mut out = String::new();
        for (k, t) in texts.iter().enumerate() {
            out.push_str(&xml::escape(t, self.ctxs[k]));
            if let Some(gap) = self.gaps.get(k) {
                out.push_str(gap);
            }
        }
        out
    }

    /// Whether `texts` give each word of the span one word's text.
    pub(crate) fn fits(&self, texts: &[String]) -> bool {
        texts.len() == self.ctxs.len() && texts.iter().all(|t| one_word(t))
    }

    /// The plain texts of the words in `fragment`, if it is this span's
    /// source with valid texts in place of the words' (what stands between
    /// them cannot be in a text: it starts with markup or the attribute's
    /// quote).
    pub(crate) fn texts_of(&self, fragment: &str) -> Option<Vec<String>> {
        let mut rest = fragment;
        let mut out = Vec::with_capacity(self.ctxs.len());
        for (k, &ctx) in self.ctxs.iter().enumerate() {
            let raw = match self.gaps.get(k) {
                Some(gap) => {
                    let at = rest.find(gap.as_str())?;
                    let raw = &rest[..at];
                    rest = &rest[at + gap.len()..];
                    raw
                }
                None => std::mem::take(&mut rest),
            };
            out.push(plain(raw, ctx).ok()?);
        }
        Some(out)
    }
}

/// Words `first..=last`, two or more, if each is the whole text of one
/// text node or attribute and `run` may change it.
fn whole_words(derived: &Derived, first: usize, last: usize) -> Option<&[Word]> {
    let words = derived.words.get(first..=last)?;
    let whole = |w: &Word| {
        w.primary
            .as_ref()
            .is_some_and(|p| p.word_off == 0 && p.len == w.span.len())
            && w.fixed.is_none()
            && w.mirrors.is_empty()
    };
    (words.len() >= 2 && words.iter().all(whole)).then_some(words)
}

/// The rewrite of words `first..=last` (two or more) in place, if each is
/// the whole text of one node or attribute that `run` may change and they
/// are one line's words, one space apart in the text read from the source.
pub(crate) fn rewrite(derived: &Derived, src: &str, first: usize, last: usize) -> Option<Rewrite> {
    let words = whole_words(derived, first, last)?;
    let ctxs: Vec<xml::Context> = words
        .iter()
        .map(|w| derived.segments[w.primary.as_ref().map_or(0, |p| p.seg)].ctx)
        .collect();
    if !words
        .windows(2)
        .all(|pair| &derived.text[pair[0].span.end..pair[1].span.start] == " ")
    {
        return None;
    }
    Some(Rewrite {
        span: words[0].source.start..words[words.len() - 1].source.end,
        gaps: words
            .windows(2)
            .map(|pair| src[pair[0].source.end..pair[1].source.start].to_string())
            .collect(),
        ctxs,
    })
}

/// The join, split or removal of word elements whose source span is
/// exactly `span` (see [`join`], [`split`], [`removal`]), for `apply`.
pub(crate) fn elements_at(derived: &Derived, src: &str, span: &Range<usize>) -> Option<Elements> {
    let words = &derived.words;
    let element = |k: usize| words[k].element.as_ref().map(|e| e.span.clone());
    // The first word whose element starts at the span's start: a join's
    // first word, a word split, or a word taken away up to the next one's
    // element.
    let i = words.partition_point(|w| w.source.start < span.start);
    if i < words.len() && element(i).as_ref() == Some(span) {
        if let Some(split) = split(derived, src, i) {
            return Some(Elements::Split(split));
        }
    }
    if i < words.len() && element(i).is_some_and(|e| e.start == span.start) {
        let last = (i + 1..words.len())
            .take_while(|&j| words[j].source.start < span.end)
            .find(|&j| element(j).is_some_and(|e| e.end == span.end));
        if let Some(join) = last.and_then(|j| join(derived, src, i, j)) {
            if join.span == *span {
                return Some(Elements::Join(join));
            }
        }
        // Words taken away up to the element that starts where it ends
        // (the first word whose text is past the span).
        let kept = words.partition_point(|w| w.source.start < span.end);
        let kept =
            (kept > i && kept < words.len() && element(kept).is_some_and(|e| e.start == span.end))
                .then_some(kept);
        if kept
            .and_then(|j| removal(derived, src, i..=j, true))
            .as_ref()
            == Some(span)
        {
            return Some(Elements::Removal);
        }
    }
    // Words taken away from the end of the element before them.
    let before = words
        .partition_point(|w| w.source.end <= span.start)
        .checked_sub(1)?;
    let last = (before + 1..words.len())
        .take_while(|&j| words[j].source.start < span.end)
        .find(|&j| element(j).is_some_and(|e| e.end == span.end))?;
    (removal(derived, src, before..=last, false).as_ref() == Some(span))
        .then_some(Elements::Removal)
}

/// The rewrite in place of the words whose texts the source span `span`
/// runs across exactly, from the first one's text to the last one's (see
/// [`rewrite`]), for `apply`.
pub(crate) fn rewrite_at(derived: &Derived, src: &str, span: &Range<usize>) -> Option<Rewrite> {
    let words = &derived.words;
    let first = words.partition_point(|w| w.source.start < span.start);
    if words.get(first)?.source.start != span.start {
        return None;
    }
    let last = (first + 1..words.len())
        .take_while(|&j| words[j].source.start < span.end)
        .find(|&j| words[j].source.end == span.end)?;
    rewrite(derived, src, first, last).filter(|r| r.span == *span)
}

/// What a row of word elements does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Elements {
    /// Joins words into the first one's element.
    Join(Join),
    /// Makes a word's element one element per word.
    Split(Split),
    /// Takes a word's element away.
    Removal,
}

/// Whether `r` overlaps no edit already taken (two insertions at one point
/// collide too).
fn free(taken: &BTreeMap<usize, usize>, r: &Range<usize>) -> bool {
    if let Some((&s, &e)) = taken.range(..=r.start).next_back() {
        if e > r.start || s == r.start {
            return false;
        }
    }
    taken
        .range(r.start..r.end.max(r.start + 1))
        .next()
        .is_none()
}

/// The source offset of derived offset `d` at or in word `w` (`end`: the
/// offset ends a span).
fn source_at(derived: &Derived, w: &Word, d: usize, end: bool) -> usize {
    if let Some(p) = &w.primary {
        if w.span.start <= d && d <= w.span.end {
            let rel = d - w.span.start;
            if p.word_off <= rel && rel <= p.word_off + p.len {
                return derived.segments[p.seg].source(p.seg_off + rel - p.word_off);
            }
        }
    }
    if end && d > w.span.start || !end && d >= w.span.end {
        w.source.end
    } else {
        w.source.start
    }
}

/// The report's `location`: the ids of `words`, then their joint bounding
/// box.
fn location(words: &[Word], which: &[usize]) -> String {
    let mut parts: Vec<String> = which
        .iter()
        .map(|&i| words[i].id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    parts.dedup();
    let mut bbox: Option<[f64; 4]> = None;
    for &i in which {
        if let Some(b) = words[i].bbox {
            bbox = Some(joint_box(bbox, b));
        }
    }
    if let Some(b) = bbox {
        parts.push(format!("bbox {} {} {} {}", b[0], b[1], b[2], b[3]));
    }
    parts.join(" ")
}

/// Words `first..=last` of a source joined into one word element: the
/// first element, with the joined text and the words' joint bounding box,
/// in place of all of them and what stands between them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Join {
    /// From the first element's start tag to the last element's end.
    pub span: Range<usize>,
    /// The first element before its text, with the joint box.
    pub prefix: String,
    /// The first element after its text, with the joint box.
    pub suffix: String,
    /// How text is written there.
    pub ctx: xml::Context,
}

impl Join {
    /// The joined element with the plain `text` as the word.
    pub(crate) fn fragment(&self, text: &str) -> String {
        format!(
            "{}{}{}",
            self.prefix,
            xml::escape(text, self.ctx),
            self.suffix
        )
    }

    /// The plain text of the word in `fragment`, if `fragment` is this
    /// join's element with a text that is valid there.
    pub(crate) fn text_of(&self, fragment: &str) -> Option<String> {
        let middle = fragment
            .strip_prefix(self.prefix.as_str())?
            .strip_suffix(self.suffix.as_str())?;
        plain(middle, self.ctx).ok()
    }
}

/// The join of words `first..=last` (two or more, in order) into the first
/// one's element, if their elements can be merged so: each word is the
/// whole text of one text node or attribute of its own element
/// ([`Element`]) that `run` may change, nothing but white space and ALTO
/// `SP` elements stands between the elements (so they are one line's), and
/// the joint box can be written (each word has a box when the first
/// element writes one). The first element keeps its id, its confidence and
/// its other attributes.
pub(crate) fn join(derived: &Derived, src: &str, first: usize, last: usize) -> Option<Join> {
    let words = whole_words(derived, first, last)?;
    let elements: Vec<&Element> = words
        .iter()
        .map(|w| w.element.as_ref())
        .collect::<Option<_>>()?;
    if !elements
        .windows(2)
        .all(|pair| between_words(&src[pair[0].span.end..pair[1].span.start]))
    {
        return None;
    }
    let head = &words[0];
    let el = elements[0];
    let text = head.source.clone();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // A box the reader could not place in the source cannot be written
    // anew: the joined word would keep its first part's box.
    if el.bbox.is_none() && head.bbox.is_some() {
        return None;
    }
    if let Some(place) = &el.bbox {
        let mut joint: Option<[f64; 4]> = None;
        for w in words {
            joint = Some(joint_box(joint, w.bbox?));
        }
        let b = joint?;
        match place {
            BoxPlace::Hocr(r) => edits.push((
                r.clone(),
                format!("{} {} {} {}", num(b[0]), num(b[1]), num(b[2]), num(b[3])),
            )),
            BoxPlace::Alto([x, y, w, h]) => {
                edits.push((x.clone(), num(b[0])));
                edits.push((y.clone(), num(b[1])));
                edits.push((w.clone(), num(b[2] - b[0])));
                edits.push((h.clone(), num(b[3] - b[1])));
            }
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    if edits
        .iter()
        .any(|(r, _)| r.start < text.end && text.start < r.end)
    {
        return None;
    }
    let part = |range: Range<usize>| {
        change::splice(
            &src[range.clone()],
            edits
                .iter()
                .filter(|(r, _)| range.start <= r.start && r.end <= range.end)
                .map(|(r, t)| (r.start - range.start..r.end - range.start, t.as_str())),
        )
    };
    let seg = &derived.segments[head.primary.as_ref()?.seg];
    Some(Join {
        span: el.span.start..elements[elements.len() - 1].span.end,
        prefix: part(el.span.start..text.start),
        suffix: part(text.end..el.span.end),
        ctx: seg.ctx,
    })
}

/// A word's element made one element per word, for a change that puts
/// spaces into the word (`вчера.Он` → `вчера. Он`, a header line's `Экз.№1`
/// → `Экз. № 1`): each new element is the old one with its own text, its
/// share of the box (the box cut across its width in proportion to the
/// letters, a space counted as one), and, after the first, the old id with
/// `_2`, `_3`, … (only where no element of the source has that id); hOCR
/// puts a space between the elements, ALTO an `SP` element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Split {
    /// The element, from its start tag to its end.
    pub span: Range<usize>,
    /// The element's markup.
    markup: String,
    /// Where, in `markup`, its text, its box and its id are.
    text: Range<usize>,
    bbox: Option<BoxPlace>,
    id: Option<Range<usize>>,
    /// The word's box.
    word_box: Option<[f64; 4]>,
    /// What stands between two elements.
    sep: String,
    /// How text is written there.
    ctx: xml::Context,
    /// Ids the source has already (those of the form `<id>_<n>`).
    taken: Vec<String>,
}

impl Split {
    /// The elements for the words `pieces` (two or more, none empty, none
    /// with white space), if every one can be written.
    pub(crate) fn fragment(&self, pieces: &[String]) -> Option<String> {
        if pieces.len() < 2
            || pieces
                .iter()
                .any(|p| p.is_empty() || p.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return None;
        }
        let total: usize =
            pieces.iter().map(|p| p.chars().count()).sum::<usize>() + pieces.len() - 1;
        let mut out = String::new();
        let mut at = 0;
        for (k, piece) in pieces.iter().enumerate() {
            let len = piece.chars().count();
            let mut edits: Vec<(Range<usize>, String)> =
                vec![(self.text.clone(), xml::escape(piece, self.ctx))];
            if let (Some(place), Some(b)) = (&self.bbox, self.word_box) {
                let width = b[2] - b[0];
                let x0 = (b[0] + width * at as f64 / total as f64).round();
                let x1 = (b[0] + width * (at + len) as f64 / total as f64).round();
                match place {
                    BoxPlace::Hocr(r) => edits.push((
                        r.clone(),
                        format!("{} {} {} {}", num(x0), num(b[1]), num(x1), num(b[3])),
                    )),
                    BoxPlace::Alto([x, _, w, _]) => {
                        edits.push((x.clone(), num(x0)));
                        edits.push((w.clone(), num(x1 - x0)));
                    }
                }
            }
            if k > 0 {
                // An element with no id needs none.
                if let Some(id) = &self.id {
                    let new = format!("{}_{}", &self.markup[id.clone()], k + 1);
                    if self.taken.contains(&new) {
                        return None;
                    }
                    edits.push((id.clone(), new));
                }
                out.push_str(&self.sep);
            }
            edits.sort_by_key(|(r, _)| r.start);
            out.push_str(&change::splice(
                &self.markup,
                edits.iter().map(|(r, t)| (r.clone(), t.as_str())),
            ));
            at += len + 1;
        }
        Some(out)
    }

    /// The words of `fragment`, if it is these elements as
    /// [`Split::fragment`] writes them.
    pub(crate) fn pieces_of(&self, fragment: &str) -> Option<Vec<String>> {
        // Each element is the markup with any text, any numbers in the box
        // and any id.
        let mut slots: Vec<(Range<usize>, &str)> = vec![(self.text.clone(), "(.*?)")];
        match &self.bbox {
            Some(BoxPlace::Hocr(r)) => slots.push((r.clone(), "[-0-9. ]*")),
            Some(BoxPlace::Alto([x, _, w, _])) => {
                slots.push((x.clone(), "[-0-9.]*"));
                slots.push((w.clone(), "[-0-9.]*"));
            }
            None => {}
        }
        if let Some(id) = &self.id {
            slots.push((id.clone(), "[^\"'<>]*"));
        }
        slots.sort_by_key(|(r, _)| r.start);
        let mut pattern = String::from("^(?s)");
        let mut at = 0;
        for (r, slot) in &slots {
            pattern.push_str(&regex::escape(&self.markup[at..r.start]));
            pattern.push_str(slot);
            at = r.end;
        }
        pattern.push_str(&regex::escape(&self.markup[at..]));
        let element = regex::Regex::new(&pattern).ok()?;
        let mut pieces = Vec::new();
        let mut rest = fragment;
        loop {
            let found = element.captures(rest)?;
            pieces.push(plain(found.get(1)?.as_str(), self.ctx).ok()?);
            rest = &rest[found.get(0)?.end()..];
            if rest.is_empty() {
                break;
            }
            rest = rest.strip_prefix(self.sep.as_str())?;
        }
        (self.fragment(&pieces).as_deref() == Some(fragment)).then_some(pieces)
    }
}

/// The split of word `wi`'s element (see [`Split`]), if its text is the
/// whole text of one text node or attribute of its own element that `run`
/// may change, and its box can be written (the element writes one when the
/// word has one).
pub(crate) fn split(derived: &Derived, src: &str, wi: usize) -> Option<Split> {
    let w = derived.words.get(wi)?;
    let p = w.primary.as_ref()?;
    if p.word_off != 0 || p.len != w.span.len() || w.fixed.is_some() || !w.mirrors.is_empty() {
        return None;
    }
    let el = w.element.as_ref()?;
    if el.bbox.is_none() && w.bbox.is_some() {
        return None;
    }
    let base = el.span.start;
    let rel = |r: &Range<usize>| r.start - base..r.end - base;
    let markup = src.get(el.span.clone())?.to_string();
    let text = rel(&w.source);
    let bbox = el.bbox.as_ref().map(|b| match b {
        BoxPlace::Hocr(r) => BoxPlace::Hocr(rel(r)),
        BoxPlace::Alto(rs) => BoxPlace::Alto(rs.clone().map(|r| rel(&r))),
    });
    let id = el.id.as_ref().map(rel);
    let overlaps = |r: &Range<usize>| r.start < text.end && text.start < r.end;
    if id.as_ref().is_some_and(overlaps)
        || match &bbox {
            Some(BoxPlace::Hocr(r)) => overlaps(r),
            Some(BoxPlace::Alto(rs)) => rs.iter().any(overlaps),
            None => false,
        }
    {
        return None;
    }
    // hOCR: a space; ALTO: an `SP` element with the `String`'s prefix.
    let sep = match &derived.segments[p.seg].ctx {
        xml::Context::Text => " ".to_string(),
        _ => {
            let tag = markup.strip_prefix('<')?;
            let name_end = tag.find(|c: char| c.is_whitespace() || c == '/' || c == '>')?;
            match tag[..name_end].rsplit_once(':') {
                Some((prefix, _)) => format!("<{prefix}:SP/>"),
                None => "<SP/>".to_string(),
            }
        }
    };
    let taken = if let Some(raw) = id.as_ref().map(|r| &markup[r.clone()]) {
        let stem = format!("{raw}_");
        let mut ids = Vec::new();
        let mut rest = src;
        while let Some(at) = rest.find(&stem) {
            let tail = &rest[at + stem.len()..];
            let digits = tail.chars().take_while(char::is_ascii_digit).count();
            ids.push(format!("{stem}{}", &tail[..digits]));
            rest = &tail[digits..];
        }
        ids
    } else {
        Vec::new()
    };
    Some(Split {
        span: el.span.clone(),
        markup,
        text,
        bbox,
        id,
        word_box: w.bbox,
        sep,
        ctx: derived.segments[p.seg].ctx,
        taken,
    })
}

/// Whether what stands between two word elements keeps them words of one
/// line: white space and ALTO `SP` elements (`<SP WIDTH="19"/>`) only.
fn between_words(mut gap: &str) -> bool {
    loop {
        gap = gap.trim_start();
        if gap.is_empty() {
            return true;
        }
        let Some(tag) = gap.strip_prefix('<') else {
            return false;
        };
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let local = tag[..name_end].rsplit(':').next().unwrap_or_default();
        let Some(end) = tag.find("/>") else {
            return false;
        };
        if local != "SP" || tag[..end].contains('>') {
            return false;
        }
        gap = &tag[end + 2..];
    }
}

/// A coordinate as a file would write it: whole numbers without a point,
/// others to three decimals.
fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{:.3}", v);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The box around `so_far` (if any) and `b` (`x0 y0 x1 y1`).
fn joint_box(so_far: Option<[f64; 4]>, b: [f64; 4]) -> [f64; 4] {
    match so_far {
        None => b,
        Some(u) => [
            u[0].min(b[0]),
            u[1].min(b[1]),
            u[2].max(b[2]),
            u[3].max(b[3]),
        ],
    }
}

/// Parses a number attribute.
pub(crate) fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_root_element() {
        let p = Path::new("x.xml");
        assert_eq!(
            detect(p, "<?xml version='1.0'?>\n<!-- x --><alto xmlns='a'/>"),
            Format::Alto
        );
        assert_eq!(detect(p, "<pc:PcGts/>"), Format::PageXml);
        assert_eq!(
            detect(p, "<!DOCTYPE html PUBLIC \"x\" [\n]>\n<html>"),
            Format::Hocr
        );
        assert_eq!(
            detect(p, "<mets:mets/>"),
            Format::OtherXml("mets:mets".into())
        );
        assert_eq!(detect(Path::new("a.txt"), "<Секретно> текст"), Format::Text);
        assert_eq!(detect(Path::new("a.txt"), "<alto/>"), Format::Alto);
        assert_eq!(detect(p, "plain text"), Format::Text);
    }

    #[test]
    fn a_split_takes_the_id_where_the_reader_found_it() {
        // Another attribute ending in `id` with the same value comes first.
        let src = "<html><body><div class='ocr_page' title='bbox 0 0 99 99'>\
                   <span class='ocr_line' title='bbox 0 0 99 9'>\
                   <span class='ocrx_word' data-id='w1' id='w1' title='bbox 0 0 90 9'>ab.cd</span>\
                   </span></div></body></html>";
        let path = Path::new("p.hocr");
        let derived = read(&Format::Hocr, path, src).unwrap();
        let made_once = split(&derived, src, 0).unwrap();
        let pieces = ["ab.".to_string(), "cd".to_string()];
        let made = made_once.fragment(&pieces).unwrap();
        assert_eq!(
            made,
            "<span class='ocrx_word' data-id='w1' id='w1' title='bbox 0 0 45 9'>ab.</span> \
             <span class='ocrx_word' data-id='w1' id='w1_2' title='bbox 60 0 90 9'>cd</span>"
        );
        assert_eq!(made_once.pieces_of(&made), Some(pieces.to_vec()));
        // An id the file has already is not made again.
        let taken = src.replace("</span></div>", "<span id='w1_2'>x</span></span></div>");
        let derived = read(&Format::Hocr, path, &taken).unwrap();
        assert_eq!(split(&derived, &taken, 0).unwrap().fragment(&pieces), None);
    }

    fn change(span: Range<usize>, rep: &str) -> Change {
        Change {
            span,
            replacement: rep.into(),
            action: Action::Applied,
            rule: std::sync::Arc::from("t"),
            confidence: 1.0,
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn plan_escapes_and_holds_back_hyphen_parts_and_changes_across_lines() {
        let src = r#"<alto><Page><TextLine><String ID="a" CONTENT="&quot;Довро" SUBS_TYPE="HypPart1" SUBS_CONTENT="&quot;Довровольных"/><HYP CONTENT="-"/></TextLine>
<TextLine><String ID="b" CONTENT="вольных" SUBS_TYPE="HypPart2" SUBS_CONTENT="&quot;Довровольных"/><SP/><String ID="c" CONTENT="ИНОС"/><SP/><String ID="d" CONTENT="ТРАННЫХ"/></TextLine></Page></alto>"#;
        let d = read(&Format::Alto, Path::new("a.xml"), src).unwrap();
        assert_eq!(d.text, "\"Довро-\nвольных ИНОС ТРАННЫХ");
        let at = |s: &str| d.text.find(s).unwrap();
        let v = at("в");
        let changes = vec![
            change(v..v + "в".len(), "б"),                              // in part 1
            change(at("Довро") + "Довро".len() + 1..at("вольных"), ""), // the line break
            change(at("вольных")..at(" ИНОС"), "в"),                    // a part and a word
            change(at("ИНОС")..at("ИНОС"), "<"),                        // needs escaping
        ];
        let plan = plan(&d, src, changes);
        let actions: Vec<Action> = plan.changes.iter().map(|c| c.action).collect();
        use Action::*;
        assert_eq!(actions, [Suggested, Suggested, Suggested, Applied]);
        assert_eq!(
            plan.output,
            src.replace("CONTENT=\"ИНОС", "CONTENT=\"&lt;ИНОС")
        );
        assert_eq!(&src[plan.places[0].span.clone()], "в");
        assert_eq!(plan.places[0].location, "a");
        assert_eq!(plan.places[2].location, "b");
        assert_eq!(plan.places[3].replacement, "&lt;");
        let again = read(&Format::Alto, Path::new("a.xml"), &plan.output).unwrap();
        assert_eq!(again.text, change::apply(&d.text, &plan.changes));
    }

    #[test]
    fn a_join_merges_word_elements_into_the_first_and_a_removal_takes_one_away() {
        let src = "<alto><Page><TextLine>\
<String ID=\"a\" HPOS=\"10\" VPOS=\"20\" WIDTH=\"30\" HEIGHT=\"10\" WC=\"0.5\" CONTENT=\"ИНОС\"/><SP WIDTH=\"5\"/>
<String ID=\"b\" HPOS=\"45\" VPOS=\"18\" WIDTH=\"40.5\" HEIGHT=\"14\" WC=\"0.9\" CONTENT=\"ТРАННЫХ\"/><SP/>\
<String ID=\"c\" HPOS=\"90\" VPOS=\"20\" WIDTH=\"5\" HEIGHT=\"5\" CONTENT=\"ы\"/></TextLine>\
<TextLine><String ID=\"d\" HPOS=\"1\" VPOS=\"40\" WIDTH=\"5\" HEIGHT=\"5\" CONTENT=\"дел\"/></TextLine></Page></alto>";
        let d = read(&Format::Alto, Path::new("a.xml"), src).unwrap();
        assert_eq!(d.text, "ИНОС ТРАННЫХ ы\nдел");
        let at = |s: &str| d.text.find(s).unwrap();
        let changes = vec![
            change(at(" ТРАННЫХ")..at("ТРАННЫХ"), ""), // two words OCR split
            change(at(" ы")..at("ы") + "ы".len(), ""), // a speck word
            change(at("ы")..at("дел") + "дел".len(), "дело"), // across a line end
        ];
        let planned = plan(&d, src, changes);
        let actions: Vec<Action> = planned.changes.iter().map(|c| c.action).collect();
        use Action::*;
        assert_eq!(actions, [Applied, Applied, Suggested]);
        // The first element takes the joined text and the joint box; it
        // keeps its id and confidence.
        let joined = "<String ID=\"a\" HPOS=\"10\" VPOS=\"18\" WIDTH=\"75.5\" HEIGHT=\"14\" \
                      WC=\"0.5\" CONTENT=\"ИНОСТРАННЫХ\"/>";
        assert_eq!(planned.places[0].replacement, joined);
        assert!(src[planned.places[0].span.clone()].starts_with("<String ID=\"a\""));
        assert!(src[planned.places[0].span.clone()].ends_with("CONTENT=\"ТРАННЫХ\"/>"));
        assert_eq!(planned.places[0].location, "a b bbox 10 18 85.5 32");
        assert_eq!(&src[planned.places[1].span.clone()], "<SP/><String ID=\"c\" HPOS=\"90\" VPOS=\"20\" WIDTH=\"5\" HEIGHT=\"5\" CONTENT=\"ы\"/>");
        assert_eq!(planned.places[1].replacement, "");
        let again = read(&Format::Alto, Path::new("a.xml"), &planned.output).unwrap();
        assert_eq!(again.text, "ИНОСТРАННЫХ\nдел");
        assert_eq!(again.words[0].bbox, Some([10.0, 18.0, 85.5, 32.0]));
        assert_eq!(again.words[0].id, "a");

        // hOCR: the markup around the first word's text stays; the title's
        // other properties too.
        let src = "<html><body><div class='ocr_page'><span class='ocr_line'>\
<span class='ocrx_word' id='w1' title='bbox 10 20 40 30; x_wconf 50'><strong>Re</strong></span> \
<span class='ocrx_word' id='w2' title='bbox 45 18 80 32; x_wconf 90'>uired</span> \
<!-- a note --><span class='ocrx_word' id='w3' title='bbox 85 18 90 32'>it</span></span></div></body></html>";
        let d = read(&Format::Hocr, Path::new("a.hocr"), src).unwrap();
        assert_eq!(d.text, "Re uired it");
        let changes = vec![
            change(2..3, "q"), // `Re uired`: a letter read as a space
            change(8..9, ""),  // `uired it`: a comment stands between them
        ];
        let planned = plan(&d, src, changes);
        let actions: Vec<Action> = planned.changes.iter().map(|c| c.action).collect();
        assert_eq!(actions, [Applied, Suggested]);
        assert!(planned.output.contains(
            "<span class='ocrx_word' id='w1' title='bbox 10 18 80 32; x_wconf 50'>\
             <strong>Required</strong></span> <!-- a note -->"
        ));
        let again = read(&Format::Hocr, Path::new("a.hocr"), &planned.output).unwrap();
        assert_eq!(again.text, "Required it");
    }

    #[test]
    fn a_join_needs_the_first_words_box_where_it_can_be_written_anew() {
        // The box written with a character reference: read, but not
        // placed, so a join would leave the first part's box.
        let src = "<html><body><div class='ocr_page'><span class='ocr_line'>\
<span class='ocrx_word' id='w1' title='bbox&#32;1 2 3 4'>Re</span> \
<span class='ocrx_word' id='w2' title='bbox 5 2 9 4'>uired</span></span></div></body></html>";
        let d = read(&Format::Hocr, Path::new("a.hocr"), src).unwrap();
        assert_eq!(d.words[0].bbox, Some([1.0, 2.0, 3.0, 4.0]));
        let planned = plan(&d, src, vec![change(2..3, "q")]);
        assert_eq!(planned.changes[0].action, Action::Suggested);
        assert_eq!(planned.output, src);
    }

    #[test]
    fn a_change_that_keeps_the_number_of_words_gives_each_its_text_in_place() {
        let src = "<html><body><div class='ocr_page'><span class='ocr_line'>\
<span class='ocrx_word' id='w1' title='bbox 1 1 9 9'>Весьта</span> \
<span class='ocrx_word' id='w2' title='bbox 11 1 19 9'><em>сроч&amp;ая</em></span></span>\
<span class='ocr_line'><span class='ocrx_word' id='w3'>ШИФРОВКА</span></span></div></body></html>";
        let d = read(&Format::Hocr, Path::new("a.hocr"), src).unwrap();
        assert_eq!(d.text, "Весьта сроч&ая\nШИФРОВКА");
        let at = |s: &str| d.text.find(s).unwrap();
        let changes = vec![
            change(at("та сроч")..at("&ая") + 1, "ма срочн"), // two words, two words
            change(at("ая\n")..at("ШИФРОВКА"), "ая "),        // across a line end
        ];
        let planned = plan(&d, src, changes);
        let actions: Vec<Action> = planned.changes.iter().map(|c| c.action).collect();
        use Action::*;
        assert_eq!(actions, [Applied, Suggested]);
        // The markup between the words' texts stays; each word keeps its box.
        assert_eq!(
            &src[planned.places[0].span.clone()],
            "Весьта</span> <span class='ocrx_word' id='w2' title='bbox 11 1 19 9'><em>сроч&amp;ая"
        );
        assert_eq!(
            planned.places[0].replacement,
            "Весьма</span> <span class='ocrx_word' id='w2' title='bbox 11 1 19 9'><em>срочная"
        );
        let again = read(&Format::Hocr, Path::new("a.hocr"), &planned.output).unwrap();
        assert_eq!(again.text, "Весьма срочная\nШИФРОВКА");
        let rewrite = rewrite_at(&d, src, &planned.places[0].span).unwrap();
        assert_eq!(
            rewrite.texts_of(&planned.places[0].replacement),
            Some(vec!["Весьма".to_string(), "срочная".to_string()])
        );
        assert_eq!(rewrite.texts_of("Весьма срочная"), None);
    }

    #[test]
    fn alignment_needs_white_space_between_words() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(align(" a  bc ", &w(&["a", "bc"])), Some(vec![1, 4]));
        assert_eq!(align("abc", &w(&["a", "bc"])), None);
        assert_eq!(align("a bc d", &w(&["a", "bc"])), None);
    }
}
