//! PAGE-XML (2010–2019 schemas): pages are `Page` elements, lines
//! `TextLine`, words `Word`, each with its text in `TextEquiv/Unicode`.
//!
//! - A line with `Word` elements reads as its words; a line without reads
//!   as its own `TextEquiv/Unicode`, split at white space.
//! - Of several `TextEquiv` of one element the one with the lowest `index`
//!   (else the first) is read and corrected; the others are alternatives
//!   and are left alone. Its `conf` is the word's confidence.
//! - Copies are kept in step: when a word changes, the `Unicode` (and a
//!   `PlainText` equal to it) of its line and of its region change with
//!   it, provided they are the words joined by white space; if a copy does
//!   not match its words, their changes are only suggested. A word with
//!   `Glyph` elements is read but not changed.
//! - Words are read in document order (not `ReadingOrder`).
//! - The bounding box is that of `Coords/@points` (or `Point` elements).

use std::ops::Range;

use super::xml::{self, Context, Ev, Scanner, XmlError};
use super::{Builder, Derived, Meta};

/// Collected `TextEquiv`.
#[derive(Debug, Default)]
struct Equiv {
    index: Option<i64>,
    conf: Option<f32>,
    unicode: Option<Text>,
    plain: Option<Text>,
}

/// The content of a `Unicode` or `PlainText` element.
#[derive(Debug, Default)]
struct Text {
    nodes: Vec<(Range<usize>, bool)>,
}

#[derive(Debug, Default)]
struct Element {
    kind: Kind,
    id: String,
    points: Vec<(f64, f64)>,
    equivs: Vec<Equiv>,
    glyphs: bool,
    /// Words made inside it (lines and regions).
    words: Vec<usize>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Kind {
    #[default]
    Other,
    Region,
    Line,
    Word,
    Glyph,
    Coords,
    Equiv,
    Unicode,
    PlainText,
}

fn attr<'a>(sc: &Scanner<'a>, attrs: &[xml::Attr], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|a| sc.str(&a.name) == name)
        .map(|a| sc.str(&a.value))
}

fn points(s: &str) -> Vec<(f64, f64)> {
    s.split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((super::number(x)?, super::number(y)?))
        })
        .collect()
}

fn bbox(points: &[(f64, f64)]) -> Option<[f64; 4]> {
    let (x0, y0) = points.first()?;
    Some(points.iter().fold([*x0, *y0, *x0, *y0], |b, &(x, y)| {
        [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
    }))
}

/// The segment of a `Unicode`/`PlainText` content: `Ok(None)` when it is
/// empty, `Err(())` when it is not one plain text node.
fn segment(b: &mut Builder, src: &str, t: &Text) -> Result<Result<Option<usize>, ()>, XmlError> {
    match t.nodes.as_slice() {
        [] => Ok(Ok(None)),
        [(raw, false)] => {
            let un = xml::unescape(&src[raw.clone()], false).map_err(|(o, message)| XmlError {
                offset: raw.start + o,
                message,
            })?;
            Ok(Ok(Some(b.segment(raw.clone(), un, Context::Text))))
        }
        _ => Ok(Err(())),
    }
}

/// The `TextEquiv` that is read: lowest `index`, else the first.
fn chosen(equivs: &[Equiv]) -> Option<&Equiv> {
    equivs
        .iter()
        .enumerate()
        .min_by_key(|(i, e)| (e.index.unwrap_or(i64::MIN), *i))
        .map(|(_, e)| e)
}

/// The segments of an element's chosen text (`Unicode`, and `PlainText`).
fn texts(
    b: &mut Builder,
    src: &str,
    el: &Element,
) -> Result<Vec<Result<Option<usize>, ()>>, XmlError> {
    let Some(e) = chosen(&el.equivs) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for t in [&e.unicode, &e.plain].into_iter().flatten() {
        out.push(segment(b, src, t)?);
    }
    Ok(out)
}

/// Keeps the chosen text of `el` in step with `words`.
fn mirror(b: &mut Builder, src: &str, el: &Element, words: &[usize]) -> Result<(), XmlError> {
    for t in texts(b, src, el)? {
        match t {
            Ok(Some(seg)) => b.mirror(seg, words),
            Ok(None) => {}
            Err(()) => {
                for &w in words {
                    b.word_ref(w).fixed = Some("the text of its line or region is not plain text");
                }
            }
        }
    }
    Ok(())
}

/// Reads a PAGE-XML document.
pub(crate) fn read(src: &str) -> Result<Derived, XmlError> {
    let mut sc = Scanner::new(src);
    let mut b = Builder::default();
    let mut open: Vec<Element> = Vec::new();
    loop {
        match sc.next()? {
            Ev::Start { name, attrs, .. } => {
                let kind = match sc.str(&name) {
                    "Page" => {
                        b.page();
                        Kind::Other
                    }
                    "TextRegion" => Kind::Region,
                    "TextLine" => {
                        b.line();
                        Kind::Line
                    }
                    "Word" => Kind::Word,
                    "Glyph" => Kind::Glyph,
                    "Coords" => Kind::Coords,
                    "TextEquiv" => Kind::Equiv,
                    "Unicode" => Kind::Unicode,
                    "PlainText" => Kind::PlainText,
                    "Point" => {
                        if let Some(c) = open.last_mut().filter(|e| e.kind == Kind::Coords) {
                            let n = |k| attr(&sc, &attrs, k).and_then(super::number);
                            if let (Some(x), Some(y)) = (n("x"), n("y")) {
                                c.points.push((x, y));
                            }
                        }
                        Kind::Other
                    }
                    _ => Kind::Other,
                };
                let mut el = Element {
                    kind,
                    ..Element::default()
                };
                match kind {
                    Kind::Region | Kind::Line | Kind::Word => {
                        el.id = attr(&sc, &attrs, "id")
                            .and_then(|v| xml::unescape(v, true).ok())
                            .map(|u| u.text)
                            .unwrap_or_default();
                    }
                    Kind::Glyph => {
                        if let Some(w) = open.iter_mut().rev().find(|e| e.kind == Kind::Word) {
                            w.glyphs = true;
                        }
                    }
                    Kind::Coords => {
                        if let Some(p) = attr(&sc, &attrs, "points") {
                            el.points = points(p);
                        }
                    }
                    Kind::Equiv => {
                        let n = |k| attr(&sc, &attrs, k).and_then(super::number);
                        el.equivs.push(Equiv {
                            index: n("index").map(|v| v as i64),
                            conf: n("conf").map(|v| v.clamp(0.0, 1.0) as f32),
                            ..Equiv::default()
                        });
                    }
                    Kind::Unicode | Kind::PlainText => {
                        if let Some(eq) = open.last_mut().filter(|e| e.kind == Kind::Equiv) {
                            let t = Some(Text::default());
                            if kind == Kind::Unicode {
                                eq.equivs[0].unicode = t;
                            } else {
                                eq.equivs[0].plain = t;
                            }
                        }
                    }
                    _ => {}
                }
                open.push(el);
            }
            ev @ (Ev::Text(_) | Ev::CData(_)) => {
                let (raw, cdata) = match ev {
                    Ev::Text(r) => (r, false),
                    Ev::CData(r) => (r, true),
                    _ => unreachable!(),
                };
                let n = open.len();
                if n >= 2 && open[n - 2].kind == Kind::Equiv {
                    let kind = open[n - 1].kind;
                    let eq = &mut open[n - 2].equivs[0];
                    let t = match kind {
                        Kind::Unicode => eq.unicode.as_mut(),
                        Kind::PlainText => eq.plain.as_mut(),
                        _ => None,
                    };
                    if let Some(t) = t {
                        t.nodes.push((raw, cdata));
                    }
                }
            }
            Ev::End { .. } => {
                let Some(el) = open.pop() else { continue };
                match el.kind {
                    Kind::Coords => {
                        if let Some(parent) = open.last_mut() {
                            parent.points = el.points;
                        }
                    }
                    Kind::Equiv => {
                        if let Some(parent) = open.last_mut() {
                            parent.equivs.extend(el.equivs);
                        }
                    }
                    Kind::Word => word(&mut b, src, &mut open, el)?,
                    Kind::Line => {
                        let mut words = el.words.clone();
                        if words.is_empty() {
                            // No words: the line's own text, split.
                            let meta = Meta {
                                id: el.id.clone(),
                                bbox: bbox(&el.points),
                                confidence: chosen(&el.equivs).and_then(|e| e.conf),
                            };
                            let mut t = texts(&mut b, src, &el)?.into_iter();
                            if let Some(Ok(Some(seg))) = t.next() {
                                words = b.words_of_segment(seg, &meta);
                                if let Some(Ok(Some(plain))) = t.next() {
                                    b.mirror(plain, &words);
                                }
                            }
                        } else {
                            mirror(&mut b, src, &el, &words)?;
                        }
                        b.end_line();
                        if let Some(r) = open.iter_mut().rev().find(|e| e.kind == Kind::Region) {
                            r.words.extend(words);
                        }
                    }
                    Kind::Region => {
                        let words = el.words.clone();
                        mirror(&mut b, src, &el, &words)?;
                    }
                    _ => {}
                }
            }
            Ev::Eof => break,
        }
    }
    Ok(b.finish())
}

/// A finished `Word` element.
fn word(b: &mut Builder, src: &str, open: &mut [Element], el: Element) -> Result<(), XmlError> {
    let meta = Meta {
        id: el.id.clone(),
        bbox: bbox(&el.points),
        confidence: chosen(&el.equivs).and_then(|e| e.conf),
    };
    let mut t = texts(b, src, &el)?.into_iter();
    let w = match t.next() {
        Some(Ok(Some(seg))) => b.word_of_segment(seg, false, meta),
        Some(Err(())) => {
            let e = chosen(&el.equivs).and_then(|e| e.unicode.as_ref());
            let nodes = e.map(|t| t.nodes.as_slice()).unwrap_or_default();
            let text = xml::nodes_text(src, nodes)?;
            let source =
                nodes.first().map_or(0, |n| n.0.start)..nodes.last().map_or(0, |n| n.0.end);
            let text = text.trim().to_string();
            (!text.is_empty()).then(|| {
                b.word(
                    &text,
                    false,
                    meta,
                    None,
                    source,
                    Some("its text is not plain text"),
                )
            })
        }
        _ => None,
    };
    let Some(w) = w else { return Ok(()) };
    match t.next() {
        Some(Ok(Some(plain))) => b.mirror(plain, &[w]),
        Some(Err(())) => b.word_ref(w).fixed = Some("its PlainText is not plain text"),
        _ => {}
    }
    if el.glyphs {
        b.word_ref(w).fixed = Some("its Glyph elements would no longer spell it");
    }
    if let Some(line) = open.iter_mut().rev().find(|e| e.kind == Kind::Line) {
        line.words.push(w);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_over_several_nodes_reads_unescaped_and_is_not_changed() {
        let src = r#"<PcGts><Page><TextRegion><TextLine><Word id="w1"><TextEquiv><Unicode>Tbe&amp;<![CDATA[<x>]]></Unicode></TextEquiv></Word></TextLine></TextRegion></Page></PcGts>"#;
        let d = read(src).unwrap();
        assert_eq!(d.text, "Tbe&<x>");
        assert!(d.words[0].fixed().is_some());
    }

    #[test]
    fn words_lines_and_their_copies() {
        let src = r#"<PcGts><Page><TextRegion id="r1"><Coords points="0,0 9,9"/>
<TextLine id="l1"><Coords points="1,1 5,5"/>
 <Word id="w1"><Coords points="1,2 3,4"/><TextEquiv conf="0.7"><Unicode>Прив&amp;т</Unicode></TextEquiv></Word>
 <Word id="w2"><TextEquiv><Unicode>мир</Unicode></TextEquiv></Word>
 <TextEquiv><Unicode>Прив&amp;т мир</Unicode></TextEquiv></TextLine>
<TextLine id="l2"><TextEquiv index="2"><Unicode>alt</Unicode></TextEquiv><TextEquiv index="1"><Unicode>only line</Unicode></TextEquiv></TextLine>
<TextEquiv><Unicode>Прив&amp;т мир
only line</Unicode></TextEquiv></TextRegion></Page></PcGts>"#;
        let d = read(src).unwrap();
        assert_eq!(d.text, "Прив&т мир\nonly line");
        assert_eq!(d.words[0].confidence, Some(0.7));
        assert_eq!(d.words[0].bbox, Some([1.0, 2.0, 3.0, 4.0]));
        assert_eq!(d.words[0].id, "w1");
        // Line copy and region copy.
        assert_eq!(d.words[0].mirrors.len(), 2);
        assert_eq!(d.words[3].mirrors.len(), 1);
        assert!(d.words.iter().all(|w| w.fixed.is_none()));
    }
}
