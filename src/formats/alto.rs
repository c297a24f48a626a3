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
//!   read as printed (the derived text never uses `SUBS_CONTENT`). When a
//!   part is corrected, the `SUBS_CONTENT` of both parts is corrected with
//!   it, provided it is the two parts joined (a trailing hyphen of the first
//!   part dropped); otherwise the change is only suggested.
//! - A `String` with `Glyph` children is read but not changed (the glyphs
//!   would no longer spell it).
//!
//! `WC` is the word's confidence; the bounding box comes from `HPOS`,
//! `VPOS`, `WIDTH`, `HEIGHT` in the file's measurement unit.

use super::xml::{self, Context, Ev, Scanner, XmlError};
use super::{Builder, Derived, Meta, Piece};

#[derive(Debug)]
struct Str {
    meta: Meta,
    content: Option<usize>,
    subs: Option<(bool, Option<usize>)>,
    glyphs: bool,
    glue: bool,
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
        subs: None,
        glyphs: false,
        glue,
    };
    let (mut pos, mut size) = ([None; 2], [None; 2]);
    let mut subs_type = None;
    let mut subs_content = None;
    for a in attrs {
        let value = || sc.str(&a.value);
        match sc.str(&a.name) {
            "ID" => {
                s.meta.id = xml::unescape(value(), true)
                    .map(|u| u.text)
                    .unwrap_or_default()
            }
            "CONTENT" => s.content = Some(attr_segment(b, sc, a)?),
            "HPOS" => pos[0] = super::number(value()),
            "VPOS" => pos[1] = super::number(value()),
            "WIDTH" => size[0] = super::number(value()),
            "HEIGHT" => size[1] = super::number(value()),
            "WC" => s.meta.confidence = super::number(value()).map(|c| c.clamp(0.0, 1.0) as f32),
            "SUBS_TYPE" => subs_type = Some(value().trim().to_string()),
            "SUBS_CONTENT" => subs_content = Some(attr_segment(b, sc, a)?),
            _ => {}
        }
    }
    if let ([Some(x), Some(y)], [Some(w), Some(h)]) = (pos, size) {
        s.meta.bbox = Some([x, y, x + w, y + h]);
    }
    s.subs = match subs_type.as_deref() {
        Some("HypPart1") => Some((true, subs_content)),
        Some("HypPart2") => Some((false, subs_content)),
        _ => None,
    };
    Ok(s)
}

/// Reads an ALTO document.
pub(crate) fn read(src: &str) -> Result<Derived, XmlError> {
    let mut sc = Scanner::new(src);
    let mut b = Builder::default();
    let mut string: Option<Str> = None;
    // The first part of a hyphenated word: its word and SUBS_CONTENT.
    let mut part1: Option<(Option<usize>, Option<usize>)> = None;
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
            Ev::End { name } => match sc.str(&name) {
                "Page" | "TextLine" => b.end_line(),
                "String" | "HYP" => {
                    let Some(s) = string.take() else { continue };
                    let word = match s.content {
                        Some(seg) => b.word_of_segment(seg, s.glue, s.meta),
                        None => None,
                    };
                    if let (Some(w), true) = (word, s.glyphs) {
                        b.word_ref(w).fixed = Some("its Glyph elements would no longer spell it");
                    }
                    match s.subs {
                        Some((true, subs)) => {
                            if let Some((w, _)) = part1.take() {
                                unpaired(&mut b, w);
                            }
                            part1 = Some((word, subs));
                        }
                        Some((false, subs)) => match part1.take() {
                            Some((w1, subs1)) => pair(&mut b, w1, subs1, word, subs),
                            None => unpaired(&mut b, word),
                        },
                        None => {}
                    }
                }
                _ => {}
            },
            Ev::Text(_) | Ev::CData(_) => {}
            Ev::Eof => break,
        }
    }
    if let Some((w, _)) = part1 {
        unpaired(&mut b, w);
    }
    Ok(b.finish())
}

fn unpaired(b: &mut Builder, w: Option<usize>) {
    if let Some(w) = w {
        b.word_ref(w).fixed = Some("it is half of a hyphenated word whose other half is missing");
    }
}

/// Links the parts of a hyphenated word to the `SUBS_CONTENT` of each.
fn pair(
    b: &mut Builder,
    w1: Option<usize>,
    s1: Option<usize>,
    w2: Option<usize>,
    s2: Option<usize>,
) {
    let (Some(w1), Some(w2)) = (w1, w2) else {
        unpaired(b, w1.or(w2));
        return;
    };
    let t1 = b.word_text(w1);
    let t2 = b.word_text(w2);
    let stem = t1.trim_end_matches(['-', '\u{ad}', '\u{2010}', '\u{2011}', '¬', '=']);
    for seg in [s1, s2].into_iter().flatten() {
        let subs = b.seg(seg).un.text.clone();
        let stem_len = if subs == format!("{t1}{t2}") {
            t1.len()
        } else if subs == format!("{stem}{t2}") {
            stem.len()
        } else {
            for w in [w1, w2] {
                b.word_ref(w).fixed = Some("its SUBS_CONTENT is not the parts joined");
            }
            continue;
        };
        b.word_ref(w1).mirrors.push(Piece {
            seg,
            seg_off: 0,
            word_off: 0,
            len: stem_len,
        });
        b.word_ref(w2).mirrors.push(Piece {
            seg,
            seg_off: stem_len,
            word_off: 0,
            len: t2.len(),
        });
    }
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
        assert_eq!(d.words[0].mirrors.len(), 2);
        assert_eq!(d.words[2].mirrors.len(), 2);
        assert_eq!(d.words[2].mirrors[0].seg_off, "добро".len());
        assert_eq!(&src[d.words[3].source.clone()], "&quot;x&quot;");
    }
}
