//! `headers.toml`: document types, their header line templates, typed slots
//! and the closed lists of values a slot may take.
//!
//! ```toml
//! [lookalikes]
//! digits = { "О" = "0", "З" = "3", "б" = "6" }    # read in number slots
//! roman = { "Х" = "X", "Т" = "I", "У" = "V" }      # read in Roman months
//!
//! [lists]
//! ministries = ["МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ", "МИНИСТЕРСТВО ВНЕШНЕЙ ТОРГОВЛИ"]
//! addressees = { include = ["ministries"], values = ["ЦК ВКП(б)"] }
//!
//! [slots]
//! docnum = { kind = "number", digits = [3, 6], agree = "doc-number" }
//! ministry = { kind = "list", list = "ministries", unknown = "flag" }
//!
//! [[type]]
//! id = "cipher"
//! name = "Soviet cipher telegram"
//! head-lines = 24
//!
//! [[type.line]]
//! id = "cipher-title"
//! template = "ШИФРОВКА № {docnum}/{suffix}"
//! zones = ["head"]
//! identifies = true
//! ```
//!
//! A placeholder `{name}` or `{name:variant}` names a slot; `{city:genitive}`
//! uses the slot `"city:genitive"` if there is one, else `city`. The part
//! before the colon is the slot's name in rule ids
//! (`header:ru/cipher-origin:city`) and, for slots with `agree`, the value
//! that must be the same wherever it occurs in a document.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::dict::load_toml_error;
use crate::error::{Error, Result};
use crate::tokenize::is_alphanumeric;

/// What a slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlotKind {
    /// Digits; OCR look-alikes of digits are read as digits.
    Number,
    /// A page number: digits, or with `list` a numbered word (`TWO`).
    Page,
    /// One value of a closed list.
    List,
    /// A month in Roman numerals, `I`–`XII`.
    RomanMonth,
    /// A date of digits and dots: `30.9.50`, `30.9`.
    Date,
    /// A time of day: `20.35`.
    Time,
    /// Free text: kept as read, and not evidence for the template.
    Text,
}

/// What to do when a list slot's text is none of the list's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unknown {
    /// Leave it alone.
    #[default]
    Keep,
    /// Flag it, and suggest the slot's likely value at a low confidence.
    Flag,
}

/// Where in a document a template line may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Zone {
    /// The first `head-lines` non-empty lines of the document.
    Head,
    /// The first `page-lines` non-empty lines of every page after the first
    /// (after a form feed, or after a page marker line).
    PageStart,
    /// The last `tail-lines` non-empty lines of the document.
    Tail,
    /// Any line (used for page markers of texts without form feeds; the
    /// match must then be close).
    Anywhere,
}

/// A slot type.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotDef {
    /// What it holds.
    pub kind: SlotKind,
    /// The values of a `list` (or `page`) slot, in order of likelihood.
    pub values: Vec<String>,
    /// Digits a number has (inclusive).
    pub digits: (usize, usize),
    /// Values that must agree across the document: the `consistency:<id>`.
    pub agree: Option<String>,
    /// A list value the text matches none of.
    pub unknown: Unknown,
    /// The characters of the values, folded, sorted (a space for any
    /// whitespace).
    pub value_chars: Vec<char>,
    /// The values without whitespace, folded, with their lengths in
    /// characters: what a slot's text is measured against.
    pub squeezed: Vec<(String, usize)>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Fixed text.
    Lit(String),
    /// A placeholder.
    Slot(Placeholder),
}

/// A placeholder in a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    /// The name before any `:variant` (`city`).
    pub name: String,
    /// The slot type, shared by every placeholder of the slot.
    pub def: Arc<SlotDef>,
}

/// One line of a document type.
#[derive(Debug, Clone, PartialEq)]
pub struct LineTemplate {
    /// The id (`cipher-continuation`); rule ids are `header:<lang>/<id>`.
    pub id: String,
    /// The template as written in the data.
    pub template: String,
    /// The template, parsed.
    pub pieces: Vec<Piece>,
    /// Where it may stand.
    pub zones: Vec<Zone>,
    /// A close match is evidence of the document type.
    pub identifies: bool,
    /// Largest normalised distance of a match.
    pub max_distance: f32,
    /// How many physical lines the form may be wrapped over (1 or 2).
    pub lines: usize,
    /// The line is recognised by its position only when the next non-empty
    /// line matches this line template (the addressee ministry before
    /// `товарищу …`).
    pub before: Option<String>,
    /// What a line is measured against before it is aligned, worked out
    /// once from `pieces`.
    pub shape: Shape,
}

/// The measures of a template that refuse most lines cheaply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// Visible (non-space) characters of fixed text.
    pub literal: usize,
    /// Fewest and most visible characters a line of this form has.
    pub range: (usize, usize),
    /// The fixed text's letters and digits, folded, sorted.
    pub letters: Vec<char>,
    /// Whether a slot takes free text.
    pub text_slot: bool,
}

impl Shape {
    fn of(pieces: &[Piece]) -> Self {
        let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
        let (mut literal, mut lo, mut hi) = (0, 0, 0);
        let mut letters = Vec::new();
        let mut text_slot = false;
        for p in pieces {
            match p {
                Piece::Lit(t) => {
                    let n = visible(t);
                    literal += n;
                    lo += n;
                    hi += n;
                    letters.extend(
                        t.chars()
                            .filter(|&c| is_alphanumeric(c))
                            .map(super::align::fold),
                    );
                }
                Piece::Slot(s) => {
                    let lens = s.def.values.iter().map(|v| visible(v));
                    let (a, b) = match s.def.kind {
                        SlotKind::Text => (0, 200),
                        SlotKind::List => {
                            (lens.clone().min().unwrap_or(0), lens.max().unwrap_or(0))
                        }
                        SlotKind::Page if !s.def.values.is_empty() => {
                            (lens.clone().min().unwrap_or(0), lens.max().unwrap_or(0))
                        }
                        SlotKind::Number | SlotKind::Page => (s.def.digits.0, s.def.digits.1),
                        SlotKind::Date => (3, 10),
                        SlotKind::Time => (3, 5),
                        SlotKind::RomanMonth => (1, 4),
                    };
                    lo += a;
                    hi += b;
                    text_slot |= s.def.kind == SlotKind::Text;
                }
            }
        }
        letters.sort_unstable();
        Shape {
            literal,
            range: (lo, hi),
            letters,
            text_slot,
        }
    }
}

impl LineTemplate {
    /// Whether the line holds a page number.
    pub fn is_page_marker(&self) -> bool {
        self.slots().any(|p| p.def.kind == SlotKind::Page)
    }

    /// The placeholders, in order.
    pub fn slots(&self) -> impl Iterator<Item = &Placeholder> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Slot(s) => Some(s),
            Piece::Lit(_) => None,
        })
    }

    /// Fewest and most visible (non-space) characters a line of this form
    /// has: fixed text plus the shortest and longest slot values.
    pub fn length_range(&self) -> (usize, usize) {
        self.shape.range
    }

    /// Characters of fixed text.
    pub fn literal_chars(&self) -> usize {
        self.shape.literal
    }
}

/// A document type.
#[derive(Debug, Clone, PartialEq)]
pub struct DocType {
    /// Short id (`cipher`).
    pub id: String,
    /// What it is.
    pub name: String,
    /// Size of the head zone, in non-empty lines.
    pub head_lines: usize,
    /// Size of a page-start zone, in non-empty lines.
    pub page_lines: usize,
    /// Size of the tail zone, in non-empty lines.
    pub tail_lines: usize,
    /// The line templates.
    pub lines: Vec<LineTemplate>,
}

/// Everything a language's `headers.toml` files say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderSet {
    /// Document types, in load order (a layer's type with a known id
    /// replaces it).
    pub types: Vec<DocType>,
    /// OCR characters read as digits in number, date and time slots.
    pub digits: BTreeMap<char, char>,
    /// OCR characters read as Roman numeral letters.
    pub roman: BTreeMap<char, String>,
}

impl HeaderSet {
    /// Layers `other` over this set.
    pub fn merge(&mut self, other: HeaderSet) {
        self.digits.extend(other.digits);
        self.roman.extend(other.roman);
        for t in other.types {
            match self.types.iter_mut().find(|o| o.id == t.id) {
                Some(old) => *old = t,
                None => self.types.push(t),
            }
        }
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLookalikes {
    #[serde(default)]
    digits: BTreeMap<String, String>,
    #[serde(default)]
    roman: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawList {
    Values(Vec<String>),
    Table(RawListTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListTable {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    kind: SlotKind,
    list: Option<String>,
    digits: Option<(usize, usize)>,
    agree: Option<String>,
    #[serde(default)]
    unknown: Unknown,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawType {
    id: toml::Spanned<String>,
    name: String,
    head_lines: Option<usize>,
    page_lines: Option<usize>,
    tail_lines: Option<usize>,
    #[serde(default)]
    line: Vec<RawLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLine {
    id: toml::Spanned<String>,
    template: String,
    zones: Vec<Zone>,
    #[serde(default)]
    identifies: bool,
    max_distance: Option<f32>,
    lines: Option<usize>,
    before: Option<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    lookalikes: RawLookalikes,
    #[serde(default)]
    lists: BTreeMap<String, RawList>,
    #[serde(default)]
    slots: BTreeMap<String, RawSlot>,
    #[serde(default, rename = "type")]
    types: Vec<RawType>,
}

/// Default largest normalised distance of a line match.
const MAX_DISTANCE: f32 = 0.34;

/// Parses and checks a `headers.toml`. Errors name the file and the line of
/// the type or line template at fault.
pub fn parse(origin: &str, text: &str) -> Result<HeaderSet> {
    let file: RawFile = toml::from_str(text).map_err(|e| load_toml_error(origin, text, &e))?;
    let line_of =
        |span: std::ops::Range<usize>| 1 + text[..span.start.min(text.len())].matches('\n').count();
    let mut set = HeaderSet::default();
    for (from, to) in &file.lookalikes.digits {
        match (one_char(from), one_char(to)) {
            (Some(f), Some(t)) if t.is_ascii_digit() => {
                set.digits.insert(f, t);
            }
            _ => {
                return Err(Error::data(
                    origin,
                    0,
                    format!("lookalikes.digits {from:?} = {to:?}: one character = one digit"),
                ))
            }
        }
    }
    for (from, to) in &file.lookalikes.roman {
        match one_char(from) {
            Some(f) if !to.is_empty() && to.chars().all(|c| "IVX".contains(c)) => {
                set.roman.insert(f, to.clone());
            }
            _ => {
                return Err(Error::data(
                    origin,
                    0,
                    format!(
                        "lookalikes.roman {from:?} = {to:?}: one character = I, V or X letters"
                    ),
                ))
            }
        }
    }
    let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in file.lists.keys() {
        let mut seen = Vec::new();
        let values = resolve_list(&file.lists, name, &mut seen)
            .map_err(|m| Error::data(origin, 0, format!("list {name:?}: {m}")))?;
        lists.insert(name.clone(), values);
    }
    let mut slots: BTreeMap<String, Arc<SlotDef>> = BTreeMap::new();
    for (name, raw) in &file.slots {
        let fail = |m: String| Error::data(origin, 0, format!("slot {name:?}: {m}"));
        let values = match &raw.list {
            Some(l) => lists
                .get(l)
                .cloned()
                .ok_or_else(|| fail(format!("no list {l:?}")))?,
            None => Vec::new(),
        };
        if raw.kind == SlotKind::List && values.is_empty() {
            return Err(fail("a list slot needs a non-empty `list`".into()));
        }
        let digits = raw.digits.unwrap_or((1, 8));
        if digits.0 == 0 || digits.0 > digits.1 {
            return Err(fail(format!(
                "digits {digits:?} is not a range of 1 or more"
            )));
        }
        let mut value_chars: Vec<char> = values
            .iter()
            .flat_map(|v| v.chars())
            .map(|c| {
                if c.is_whitespace() {
                    ' '
                } else {
                    super::align::fold(c)
                }
            })
            .collect();
        value_chars.sort_unstable();
        value_chars.dedup();
        slots.insert(
            name.clone(),
            Arc::new(SlotDef {
                kind: raw.kind,
                value_chars,
                squeezed: super::slot::squeeze_all(&values),
                values,
                digits,
                agree: raw.agree.clone(),
                unknown: raw.unknown,
            }),
        );
    }
    for raw in file.types {
        let tline = line_of(raw.id.span());
        let id = raw.id.get_ref().clone();
        check_id(&id).map_err(|m| Error::data(origin, tline, format!("type {id:?}: {m}")))?;
        if set.types.iter().any(|t| t.id == id) {
            return Err(Error::data(
                origin,
                tline,
                format!("type {id:?}: duplicate id"),
            ));
        }
        let mut lines: Vec<LineTemplate> = Vec::new();
        for rl in raw.line {
            let lline = line_of(rl.id.span());
            let lid = rl.id.get_ref().clone();
            let fail = |m: String| Error::data(origin, lline, format!("line {lid:?}: {m}"));
            check_id(&lid).map_err(|m| fail(m.into()))?;
            if lines.iter().any(|l| l.id == lid) {
                return Err(fail("duplicate id in its type".into()));
            }
            let pieces = parse_template(&rl.template, &slots).map_err(fail)?;
            if rl.zones.is_empty() {
                return Err(fail("needs at least one zone".into()));
            }
            let n = rl.lines.unwrap_or(1);
            if !(1..=2).contains(&n) {
                return Err(fail(format!("lines = {n}: 1 or 2")));
            }
            let max_distance = rl.max_distance.unwrap_or(MAX_DISTANCE);
            if !(0.0..=1.0).contains(&max_distance) {
                return Err(fail(format!(
                    "max-distance {max_distance} is not within 0–1"
                )));
            }
            lines.push(LineTemplate {
                id: lid,
                template: rl.template,
                shape: Shape::of(&pieces),
                pieces,
                zones: rl.zones,
                identifies: rl.identifies,
                max_distance,
                lines: n,
                before: rl.before,
            });
        }
        for l in &lines {
            if let Some(b) = &l.before {
                if !lines.iter().any(|o| &o.id == b) {
                    return Err(Error::data(
                        origin,
                        tline,
                        format!("type {id:?}: line {:?}: `before` names no line {b:?}", l.id),
                    ));
                }
            }
        }
        set.types.push(DocType {
            id,
            name: raw.name,
            head_lines: raw.head_lines.unwrap_or(15),
            page_lines: raw.page_lines.unwrap_or(3),
            tail_lines: raw.tail_lines.unwrap_or(20),
            lines,
        });
    }
    Ok(set)
}

fn one_char(s: &str) -> Option<char> {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), None) => Some(a),
        _ => None,
    }
}

fn check_id(id: &str) -> std::result::Result<(), &'static str> {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err("id must be non-empty ASCII letters, digits, - or _")
    }
}

fn resolve_list(
    raw: &BTreeMap<String, RawList>,
    name: &str,
    seen: &mut Vec<String>,
) -> std::result::Result<Vec<String>, String> {
    if seen.iter().any(|s| s == name) {
        return Err(format!("includes itself (via {})", seen.join(" → ")));
    }
    let Some(list) = raw.get(name) else {
        return Err(format!("no list {name:?}"));
    };
    seen.push(name.to_string());
    let mut out: Vec<String> = Vec::new();
    let (include, values): (&[String], &[String]) = match list {
        RawList::Values(v) => (&[], v),
        RawList::Table(t) => (&t.include, &t.values),
    };
    for v in values {
        if v.trim().is_empty() {
            return Err("empty value".into());
        }
        out.push(v.clone());
    }
    for inc in include {
        out.extend(resolve_list(raw, inc, seen)?);
    }
    seen.pop();
    let mut uniq: Vec<String> = Vec::with_capacity(out.len());
    for v in out {
        if !uniq.contains(&v) {
            uniq.push(v);
        }
    }
    Ok(uniq)
}

fn parse_template(
    template: &str,
    slots: &BTreeMap<String, Arc<SlotDef>>,
) -> std::result::Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed {{ in {template:?}"));
        };
        let key = &rest[open + 1..open + close];
        let name = key.split(':').next().unwrap_or_default();
        let def = slots
            .get(key)
            .or_else(|| slots.get(name))
            .ok_or_else(|| format!("no slot {key:?} (declare it under [slots])"))?;
        if matches!(pieces.last(), Some(Piece::Slot(_))) {
            return Err(format!(
                "two placeholders with nothing between them in {template:?}"
            ));
        }
        pieces.push(Piece::Slot(Placeholder {
            name: name.to_string(),
            def: Arc::clone(def),
        }));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("stray }} in {template:?}"));
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_string()));
    }
    if pieces.is_empty() {
        return Err("empty template".into());
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[lookalikes]
digits = { "О" = "0" }
[lists]
a = ["X", "Y"]
b = { include = ["a"], values = ["Z"] }
[slots]
n = { kind = "number", digits = [1, 3] }
v = { kind = "list", list = "b" }
"v:gen" = { kind = "list", list = "a" }
[[type]]
id = "t"
name = "test"
[[type.line]]
id = "l"
template = "Лист № {n} из {v:gen}"
zones = ["head"]
"#;

    #[test]
    fn parses_lists_slots_and_variants() {
        let set = parse("h.toml", GOOD).unwrap();
        let line = &set.types[0].lines[0];
        let slots: Vec<&Placeholder> = line.slots().collect();
        assert_eq!(slots[0].name, "n");
        assert_eq!(slots[1].name, "v");
        assert_eq!(slots[1].def.values, ["X", "Y"]);
        assert_eq!(set.digits[&'О'], '0');
        assert_eq!(line.literal_chars(), "Лист№из".chars().count());
    }

    #[test]
    fn errors_name_the_line() {
        let bad = GOOD.replace("{n}", "{m}");
        let err = parse("h.toml", &bad).unwrap_err().to_string();
        assert!(err.starts_with("h.toml:15: line \"l\": no slot"), "{err}");
    }
}
