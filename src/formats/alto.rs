//! ALTO v2–v4: pages are `Page` elements, lines `TextLine`, words
//! `String/@CONTENT`.
//!
//! - `SP` is the space between words; the derived text always has one space
//!   there.
//! - `HYP` (the hyphen printed at a line end) is glued to the line's last
//!   word, so the derived text reads `добро-` / `вольных` as plain OCR text
//!   does and the text rules see a line-end hyphenation. Its `CONTENT` can be
//!   corrected like a word's.
//! - `SUBS_TYPE="HypPart1"`/`"HypPart2"` with `SUBS_CONTENT`: the parts are
//!   read as printed (the derived text never uses `SUBS_CONTENT`). Their
//!   changes are only suggested: `SUBS_CONTENT` would have to change with
//!   them, in places no report row could show.
//! - A `String` with `Glyph` children is read but not changed (the glyphs
//!   would no longer spell it).
//!
//! `WC` is the word's confidence; the bounding box comes from `HPOS`,
//! `VPOS`, `WIDTH`, `HEIGHT` in the file's measurement unit.

use super::xml::{self, Context, Ev, Scanner, XmlError};
use super::{BoxPlace, Builder, Derived, Element, Meta};

#[derive(Debug)]
struct Str {
    meta: Meta,
    content: Option<usize>,
    /// A part of a hyphenated word with the whole word in `SUBS_CONTENT`.
    subs: bool,
    glyphs: bool,
    glue: bool,
    /// The values of `HPOS`, `VPOS`, `WIDTH`, `HEIGHT`.
    boxes: [Option<std::ops::Range<usize>>; 4],
    /// The value of `ID`.
    id: Option<std::ops::Range<usize>>,
}

fn attr_segment(b: &mut Builder, sc: &Scanner<'_>, a: &xml::Attr) -> Result<usize, XmlError> {
    let un = xml::unescape(sc.str(&a.value), true).map_err(|(o, message)| XmlError {
        offset: a.value.start + o,
        message,
    })?;
    Ok(b.segment(a.value.clone(), un, Context::Attr(a.quote)))
}

fn start_string(
    b: &mut Builder,
    sc: &Scanner<'_>,
    attrs: &[xml::Attr],
    glue: bool,
) -> Result<Str, XmlError> {
    let mut s = Str {
        meta: Meta::default(),
        content: None,
        subs: false,
        glyphs: false,
        glue,
        boxes: [None, None, None, None],
        id: None,
    };
    let (mut pos, mut size) = ([None; 2], [None; 2]);
    let (mut subs_type, mut subs_content) = (None, false);
    for a in attrs {
        let value = || sc.str(&a.value);
        match sc.str(&a.name) {
            "ID" => {
                s.id = Some(a.value.clone());
                s.meta.id = xml::unescape(value(), true)
                    .map(|u| u.text)
                    .unwrap_or_default()
            }
            "CONTENT" => s.content = Some(attr_segment(b, sc, a)?),
            "HPOS" => (pos[0], s.boxes[0]) = (super::number(value()), Some(a.value.clone())),
            "VPOS" => (pos[1], s.boxes[1]) = (super::number(value()), Some(a.value.clone())),
            "WIDTH" => (size[0], s.boxes[2]) = (super::number(value()), Some(a.value.clone())),
            "HEIGHT" => (size[1], s.boxes[3]) = (super::number(value()), Some(a.value.clone())),
            "WC" => s.meta.confidence = super::number(value()).map(|c| c.clamp(0.0, 1.0) as f32),
            "SUBS_TYPE" => subs_type = Some(value().trim().to_string()),
            "SUBS_CONTENT" => subs_content = true,
            _ => {}
        }
    }
    if let ([Some(x), Some(y)], [Some(w), Some(h)]) = (pos, size) {
        s.meta.bbox = Some([x, y, x + w, y + h]);
    }
    s.subs = subs_content && matches!(subs_type.as_deref(), Some("HypPart1" | "HypPart2"));
    Ok(s)
}

/// Reads an ALTO document.
pub(crate) fn read(src: &str) -> Result<Derived, XmlError> {
    let mut sc = Scanner::new(src);
    let mut b = Builder::default();
    let mut string: Option<Str> = None;
    loop {
        match sc.next()? {
            Ev::Start { name, attrs, .. } => match sc.str(&name) {
                "Page" => b.page(),
                "TextLine" => b.line(),
                "String" => string = Some(start_string(&mut b, &sc, &attrs, false)?),
                "HYP" => string = Some(start_string(&mut b, &sc, &attrs, true)?),
                "Glyph" => {
                    if let Some(s) = &mut string {
                        s.glyphs = true;
                    }
                }
                _ => {}
            },
            Ev::End { name, element } => match sc.str(&name) {
                "Page" | "TextLine" => b.end_line(),
                "String" | "HYP" => {
                    let Some(s) = string.take() else { continue };
                    let has_box = s.meta.bbox.is_some();
                    let word = match s.content {
                        Some(seg) => b.word_of_segment(seg, s.glue, s.meta),
                        None => None,
                    };
                    let Some(w) = word else { continue };
                    if !s.glue {
                        // A `String` (not a line's `HYP`) may be joined with
                        // its neighbours.
                        let bbox = match s.boxes {
                            [Some(x), Some(y), Some(w), Some(h)] if has_box => {
                                Some(BoxPlace::Alto([x, y, w, h]))
                            }
                            _ => None,
                        };
                        b.word_ref(w).element = Some(Element {
                            span: element,
                            bbox,
                            id: s.id,
                        });
                    }
                    if s.glyphs {
                        b.word_ref(w).fixed = Some("its Glyph elements would no longer spell it");
                    } else if s.subs {
                        // `SUBS_CONTENT` copies the whole hyphenated word: a
                        // change of a part would have to change it too, in
                        // places no report row could show (to be reviewed,
                        // applied or undone from the report).
                        b.word_ref(w).fixed = Some(
                            "it is part of a hyphenated word, whose SUBS_CONTENT would have to \
                             change too",
                        );
                    }
                }
                _ => {}
            },
            Ev::Text(_) | Ev::CData(_) => {}
            Ev::Eof => break,
        }
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenation_and_subs_content() {
        let src = r#"<alto><Layout><Page ID="p1"><TextBlock>
<TextLine><String ID="s1" HPOS="10" VPOS="20" WIDTH="30" HEIGHT="40" WC="0.5" CONTENT="добро" SUBS_TYPE="HypPart1" SUBS_CONTENT="добровольных"/><HYP CONTENT="-"/></TextLine>
<TextLine><String ID="s2" CONTENT="вольных" SUBS_TYPE="HypPart2" SUBS_CONTENT="добровольных"/><SP/><String CONTENT="&quot;x&quot;"/></TextLine>
</TextBlock></Page></Layout></alto>"#;
        let d = read(src).unwrap();
        assert_eq!(d.text, "добро-\nвольных \"x\"");
        assert_eq!(d.words[0].bbox, Some([10.0, 20.0, 40.0, 60.0]));
        assert_eq!(d.words[0].confidence, Some(0.5));
        // the parts of the hyphenated word are read, not changed
        assert!(d.words[0].fixed().is_some());
        assert!(d.words[1].fixed().is_none(), "HYP");
        assert!(d.words[2].fixed().is_some());
        assert_eq!(&src[d.words[3].source.clone()], "&quot;x&quot;");
    }
}
