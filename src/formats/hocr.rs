//! hOCR (XHTML): pages are `ocr_page` elements, lines `ocr_line`,
//! `ocrx_line` (and Tesseract's line kinds `ocr_header`, `ocr_caption`,
//! `ocr_textfloat`), words `ocrx_word`, whose element text is the word.
//!
//! A word's text may sit inside markup (`<strong>`, `<em>`): if it is one
//! text node it can be corrected; text split over several nodes (character
//! boxes, `<sup>`) is read but left alone. A line without `ocrx_word`
//! elements is split into words at white space. `bbox` and `x_wconf` come
//! from the `title` properties.

use std::ops::Range;

use super::xml::{self, Context, Ev, Scanner, XmlError};
use super::{BoxPlace, Builder, Derived, Element, Meta};

const LINE_CLASSES: &[&str] = &[
    "ocr_line",
    "ocrx_line",
    "ocr_header",
    "ocr_footer",
    "ocr_caption",
    "ocr_textfloat",
];

#[derive(Debug)]
enum Open {
    Page,
    Line {
        meta: Meta,
        words: usize,
        texts: Vec<Range<usize>>,
    },
    Word {
        meta: Meta,
        /// Where `title` writes the box (see [`bbox_place`]).
        bbox: Option<Range<usize>>,
        /// The raw span of the `id` value.
        id: Option<Range<usize>>,
        nodes: Vec<(Range<usize>, bool)>,
    },
    Other,
}

/// The title properties `bbox` and `x_wconf`, and the `id`.
fn meta(sc: &Scanner<'_>, attrs: &[xml::Attr]) -> Result<Meta, XmlError> {
    let mut m = Meta::default();
    for a in attrs {
        match sc.str(&a.name) {
            "id" => m.id = decoded(sc, a)?,
            "title" => {
                for prop in decoded(sc, a)?.split(';') {
                    let mut it = prop.split_whitespace();
                    match it.next() {
                        Some("bbox") => {
                            let v: Vec<f64> = it.filter_map(super::number).collect();
                            if v.len() == 4 {
                                m.bbox = Some([v[0], v[1], v[2], v[3]]);
                            }
                        }
                        Some("x_wconf") => {
                            m.confidence = it
                                .next()
                                .and_then(super::number)
                                .map(|c| (c / 100.0).clamp(0.0, 1.0) as f32);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(m)
}

/// The raw span of the four numbers of the `bbox` property in `title`
/// (`146 171 301 192`), if the attribute writes them plainly (no
/// references).
fn bbox_place(sc: &Scanner<'_>, attrs: &[xml::Attr]) -> Option<Range<usize>> {
    let a = attrs.iter().find(|a| sc.str(&a.name) == "title")?;
    let raw = sc.str(&a.value);
    let mut off = a.value.start;
    for prop in raw.split(';') {
        let at = off + prop.len() - prop.trim_start().len();
        off += prop.len() + 1;
        let Some(rest) = prop.trim_start().strip_prefix("bbox") else {
            continue;
        };
        let numbers = rest.trim();
        let start = at + "bbox".len() + (rest.len() - rest.trim_start().len());
        let values: Vec<&str> = numbers.split_whitespace().collect();
        return (rest.starts_with(char::is_whitespace)
            && values.len() == 4
            && values.iter().all(|v| super::number(v).is_some()))
        .then(|| start..start + numbers.len());
    }
    None
}

fn decoded(sc: &Scanner<'_>, a: &xml::Attr) -> Result<String, XmlError> {
    xml::unescape(sc.str(&a.value), true)
        .map(|u| u.text)
        .map_err(|(o, message)| XmlError {
            offset: a.value.start + o,
            message,
        })
}

fn classes(sc: &Scanner<'_>, attrs: &[xml::Attr]) -> Result<Vec<String>, XmlError> {
    match attrs.iter().find(|a| sc.str(&a.name) == "class") {
        Some(a) => Ok(decoded(sc, a)?
            .split_whitespace()
            .map(str::to_string)
            .collect()),
        None => Ok(Vec::new()),
    }
}

fn text_segment(b: &mut Builder, src: &str, raw: &Range<usize>) -> Result<usize, XmlError> {
    let un = xml::unescape(&src[raw.clone()], false).map_err(|(o, message)| XmlError {
        offset: raw.start + o,
        message,
    })?;
    Ok(b.segment(raw.clone(), un, Context::Text))
}

/// Reads an hOCR document.
pub(crate) fn read(src: &str) -> Result<Derived, XmlError> {
    let mut sc = Scanner::new(src);
    let mut b = Builder::default();
    let mut open: Vec<Open> = Vec::new();
    loop {
        match sc.next()? {
            Ev::Start { attrs, .. } => {
                let in_word = open.iter().any(|o| matches!(o, Open::Word { .. }));
                let cls = if in_word {
                    Vec::new()
                } else {
                    classes(&sc, &attrs)?
                };
                let has = |c: &str| cls.iter().any(|x| x == c);
                let o = if has("ocr_page") {
                    b.page();
                    Open::Page
                } else if LINE_CLASSES.iter().any(|c| has(c)) {
                    b.line();
                    Open::Line {
                        meta: meta(&sc, &attrs)?,
                        words: 0,
                        texts: Vec::new(),
                    }
                } else if has("ocrx_word") {
                    Open::Word {
                        meta: meta(&sc, &attrs)?,
                        bbox: bbox_place(&sc, &attrs),
                        id: attrs
                            .iter()
                            .find(|a| sc.str(&a.name) == "id")
                            .map(|a| a.value.clone()),
                        nodes: Vec::new(),
                    }
                } else {
                    Open::Other
                };
                open.push(o);
            }
            Ev::Text(raw) | Ev::CData(raw) if open.is_empty() => {
                let _ = raw;
            }
            ev @ (Ev::Text(_) | Ev::CData(_)) => {
                let (raw, cdata) = match ev {
                    Ev::Text(r) => (r, false),
                    Ev::CData(r) => (r, true),
                    _ => unreachable!(),
                };
                if let Some(Open::Word { nodes, .. }) = open
                    .iter_mut()
                    .rev()
                    .find(|o| matches!(o, Open::Word { .. }))
                {
                    nodes.push((raw, cdata));
                } else if let Some(Open::Line { texts, .. }) = open.last_mut() {
                    if !cdata && !src[raw.clone()].trim().is_empty() {
                        texts.push(raw);
                    }
                }
            }
            Ev::End { element, .. } => match open.pop() {
                Some(Open::Page) => b.end_line(),
                Some(Open::Line { meta, words, texts }) => {
                    if words == 0 {
                        for raw in texts {
                            let seg = text_segment(&mut b, src, &raw)?;
                            b.words_of_segment(seg, &meta);
                        }
                    }
                    b.end_line();
                }
                Some(Open::Word {
                    meta,
                    bbox,
                    id,
                    nodes,
                }) => {
                    let nodes: Vec<(Range<usize>, bool)> = nodes
                        .into_iter()
                        .filter(|(r, _)| !src[r.clone()].trim().is_empty())
                        .collect();
                    let added = match nodes.as_slice() {
                        [] => None,
                        [(raw, false)] => {
                            let seg = text_segment(&mut b, src, raw)?;
                            let w = b.word_of_segment(seg, false, meta);
                            if let Some(w) = w {
                                b.word_ref(w).element = Some(Element {
                                    span: element,
                                    bbox: bbox.map(BoxPlace::Hocr),
                                    id,
                                });
                            }
                            w
                        }
                        _ => {
                            // Several text nodes, or CDATA: read, not changed.
                            let text = xml::nodes_text(src, &nodes)?;
                            let source = nodes[0].0.start..nodes[nodes.len() - 1].0.end;
                            let text = text.trim().to_string();
                            (!text.is_empty()).then(|| {
                                b.word(
                                    &text,
                                    false,
                                    meta,
                                    None,
                                    source,
                                    Some("its text is split over several nodes"),
                                )
                            })
                        }
                    };
                    if added.is_some() {
                        if let Some(Open::Line { words, .. }) = open
                            .iter_mut()
                            .rev()
                            .find(|o| matches!(o, Open::Line { .. }))
                        {
                            *words += 1;
                        }
                    }
                }
                Some(Open::Other) | None => {
                    if !open.iter().any(|o| matches!(o, Open::Word { .. })) {
                        b.end_implicit_line();
                    }
                }
            },
            Ev::Eof => break,
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_lines_words_and_their_sources() {
        let src = "<html><body>\
<div class='ocr_page' id='page_1'>\
<span class='ocr_line' id='l1'>\
<span class='ocrx_word' id='w1' title='bbox 1 2 3 4; x_wconf 96'>Как</span> \
<span class='ocrx_word' id='w2' title='bbox 5 6 7 8'><strong>&quot;вы&quot;</strong></span>\
</span><span class='ocr_line'><span class='ocrx_word'>a<sup>2</sup></span></span></div>\
<div class='ocr_page'><span class='ocr_line'>plain line text</span></div>\
</body></html>";
        let d = read(src).unwrap();
        assert_eq!(d.text, "Как \"вы\"\na2\x0cplain line text");
        assert_eq!(&src[d.words[1].source.clone()], "&quot;вы&quot;");
        assert_eq!(d.words[0].confidence, Some(0.96));
        assert_eq!(d.words[0].bbox, Some([1.0, 2.0, 3.0, 4.0]));
        assert!(d.words[2].fixed.is_some());
        assert_eq!(d.words.len(), 6);
        assert_eq!(&src[d.words[4].source.clone()], "line");
    }
}
