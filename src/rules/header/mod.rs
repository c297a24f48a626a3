//! Header lines of known document types (`header:<lang>/<line>[:<slot>]`).
//!
//! **What it fixes.** The lines that identify a document — secrecy stamps,
//! `ШИФРОВКА № 600308/ш`, `Из ПХЕНЬЯНА Подана …`, the addressee ministry,
//! `Лист № 2`, `Продолжение ШИФРОВКИ № …`, registry stamps
//! `Вх. № 3561/шс 1/X 1950 г.`, `PAGE TWO OF 2 FROM SEOUL 1187` — typed in
//! capitals, spaced out, stamped over.
//!
//! **Why OCR gets them wrong.** They are short, set apart, often stamped or
//! underlined, and full of numbers and abbreviations no lexicon knows, so
//! OCR misreads them about three times as badly as body text
//! (`Лист № 2` → `Пить 2`), and word rules cannot help.
//!
//! **How.** Each language's `headers.toml` ([`data`]) describes document
//! types as line templates with typed slots. A line in the right place (the
//! head of the document, the start of a page, its tail) is aligned with each
//! template (`align`), which says which characters are fixed text, which are
//! a slot's value and which are junk around the form; how close the line is
//! to the template is the OCR-aware distance ([`crate::search::distance`],
//! with the language's confusions) between the line and the filled template,
//! over the template's length. The document's type is the one whose
//! identifying lines match best. Matched lines get the template's fixed
//! text, and each slot a value of its type (`slot`): digits for look-alikes,
//! the closest value of a closed list, a Roman month that the document's
//! dates confirm. A slot whose text is none of its list's values is flagged,
//! with the likely value suggested at a low confidence. Values that must
//! agree across pages and the page sequence are checked by the document pass
//! (`rules::consistency`).
//!
//! **Example.** `Прозоажение МибРОВКИ № 603952 /<` at the top of page 3 of
//! a cipher telegram becomes `Продолжение ШИФРОВКИ № 603952/с`.

mod align;
pub mod data;
mod slot;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::OnceLock;

use regex::Regex;

pub use data::{
    parse, DocType, HeaderSet, LineTemplate, Piece, Placeholder, SlotDef, SlotKind, Unknown, Zone,
};

use super::consistency::{self, Marker, Use, Verdict};
use super::Corrector;
use crate::change::{self, Action, Change};
use crate::dict::Language;
use crate::document::Document;
use crate::search::{distance, Confusions, Query};
use crate::tokenize::{is_alphabetic, is_alphanumeric};
use align::{Aligned, Costs};
use slot::{Decision, MonthEvidence};

const HEAD: u8 = 1;
const PAGE: u8 = 2;
const TAIL: u8 = 4;
const ANY: u8 = 8;

fn zone_bit(z: Zone) -> u8 {
    match z {
        Zone::Head => HEAD,
        Zone::PageStart => PAGE,
        Zone::Tail => TAIL,
        Zone::Anywhere => ANY,
    }
}

/// Confidence of the fixed text of a close match (normalised distance at
/// most [`CLOSE`]) or of a match within the template's bound in its zone.
const CLOSE: f32 = 0.25;
const CLOSE_CONFIDENCE: f32 = 0.95;
const IN_ZONE_CONFIDENCE: f32 = 0.91;
/// How much farther than a template's bound its fixed text alone may be
/// from what OCR read there.
const LITERAL_SLACK: f32 = 0.15;
/// Confidence of fixed text next to a slot that is not read for sure.
const SHAKY_CONFIDENCE: f32 = 0.7;
/// A piece of fixed text further than this (normalised) from what OCR read
/// there is only proposed.
const WEAK_PIECE: f32 = 0.6;
/// A page marker that stands where the page starts but is read as junk
/// (`9`, `Е`, `ВЕ:` for `- 2 -`) is only this long…
const JUNK_MARKER_CHARS: usize = 8;
/// …and a line taken for the addressee by its position alone needs this
/// share of capitals among its letters.
const CONTEXT_CAPS: f32 = 0.7;

/// The non-empty lines of a document.
struct View<'d, 'a> {
    doc: &'d Document<'a>,
    /// (index into `doc.lines`, trimmed byte span)
    ne: Vec<(usize, Range<usize>)>,
    paginated: bool,
    /// Non-empty lines that are the document's own: from its first line
    /// with a letter of its language to its last one. An archive's export
    /// puts its front matter before the document (`Wilson Center Digital
    /// Archive`, the citation) and a translation after it: those lines are
    /// neither its head nor its tail.
    own: Range<usize>,
}

impl<'d, 'a> View<'d, 'a> {
    fn new(doc: &'d Document<'a>, lang: &Language) -> Self {
        let mut ne = Vec::new();
        for (i, line) in doc.lines.iter().enumerate() {
            let text = &doc.text[line.span.clone()];
            let start = text.len() - text.trim_start().len();
            let end = text.trim_end().len();
            if start < end {
                ne.push((i, line.span.start + start..line.span.start + end));
            }
        }
        let of_lang = |k: &usize| {
            let (_, span) = &ne[*k];
            doc.text[span.clone()].chars().any(|c| lang.has_letter(c))
        };
        let first = (0..ne.len()).find(of_lang);
        let own = match first {
            Some(first) => {
                first
                    ..(0..ne.len())
                        .rev()
                        .find(of_lang)
                        .map_or(ne.len(), |l| l + 1)
            }
            None => 0..ne.len(),
        };
        View {
            doc,
            ne,
            paginated: doc.pages() > 1,
            own,
        }
    }

    fn text(&self, k: usize) -> &'a str {
        &self.doc.text[self.ne[k].1.clone()]
    }

    fn page(&self, k: usize) -> u32 {
        self.doc.lines[self.ne[k].0].page
    }

    /// The next non-empty line, if it follows within one blank line on the
    /// same page.
    fn next_close(&self, k: usize) -> Option<usize> {
        let n = k + 1;
        (n < self.ne.len() && self.page(n) == self.page(k) && self.ne[n].0 - self.ne[k].0 <= 2)
            .then_some(n)
    }

    fn zones(&self, ty: &DocType) -> Vec<u8> {
        let mut z = vec![ANY; self.ne.len()];
        let mut head = 0;
        let mut on_page = 0;
        for (k, zk) in z.iter_mut().enumerate() {
            let page = self.page(k);
            if k > 0 && self.page(k - 1) != page {
                on_page = 0;
            }
            if page == 1 && head < ty.head_lines && k >= self.own.start {
                *zk |= HEAD;
                head += 1;
            }
            if page > 1 && on_page < ty.page_lines {
                *zk |= PAGE;
            }
            on_page += 1;
        }
        for zk in z[..self.own.end].iter_mut().rev().take(ty.tail_lines) {
            *zk |= TAIL;
        }
        z
    }
}

/// A line (or two) aligned with a template.
#[derive(Debug, Clone)]
struct Match<'t> {
    tpl: &'t LineTemplate,
    /// Non-empty line indices (one or two).
    ne: Vec<usize>,
    chars: Vec<char>,
    /// Byte start and end of each char; the `\n` joining two lines is empty.
    starts: Vec<usize>,
    ends: Vec<usize>,
    al: Aligned,
    /// Normalised distance to the filled template.
    s: f32,
    /// The same for the fixed text alone.
    lit_s: f32,
    /// The zones of its first line.
    zone: u8,
    /// Taken by its position only.
    by_position: bool,
    decisions: Vec<Option<Decision>>,
}

impl Match<'_> {
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        if r.start < r.end {
            self.starts[r.start]..self.ends[r.end - 1]
        } else if r.start == 0 {
            self.starts.first().copied().unwrap_or(0)..self.starts.first().copied().unwrap_or(0)
        } else {
            self.ends[r.start - 1]..self.ends[r.start - 1]
        }
    }

    fn text(&self, r: &Range<usize>) -> String {
        self.chars[r.clone()].iter().collect()
    }

    fn first_line(&self) -> usize {
        self.ne[0]
    }
}

/// Matches already tried: (template address, lines) → the match.
type Memo<'t> = HashMap<(usize, Vec<usize>), Tried<'t>>;

/// What trying a template on lines gave.
#[derive(Clone)]
enum Tried<'t> {
    /// The match, or `None` when clearly no match.
    Done(Option<Box<Match<'t>>>),
    /// Not to be taken within this bound, nor any lower one (see
    /// [`match_lines`]).
    Over(f32),
}

struct Ctx<'c, 't> {
    costs: Costs,
    conf: &'c Confusions,
    /// (day, month, year % 100) of the dates written `d.m.yy` in the text.
    dates: Vec<(u32, u32, u32)>,
    /// Matches already tried: (template address, lines) → the match.
    memo: RefCell<Memo<'t>>,
    /// The alignment table of the last one-line match tried of a template
    /// that may wrap, by (template address, line): the two-line match tried
    /// next starts with the same rows.
    wrap: RefCell<Option<((usize, usize), align::Table<'t>)>>,
    /// Each template tried, made ready for alignment, by its address.
    forms: RefCell<HashMap<usize, Rc<align::Form<'t>>>>,
    /// The best value of a slot's list for a text, by (the slot's address,
    /// the text): one line is tried against several templates with the
    /// same slot (`{ministry}`, `Копия: {ministry}`).
    best_values: RefCell<HashMap<(usize, String), Option<&'t str>>>,
}

impl<'c, 't> Ctx<'c, 't> {
    /// The context of document `doc` in language `lang`.
    fn new(doc: &Document<'_>, lang: &'c Language) -> Self {
        let set = &lang.headers;
        let mut costs = Costs {
            digits: set.digits.iter().map(|(&a, &b)| (a, b)).collect(),
            roman: set.roman.clone().into_iter().collect(),
            confusions: HashMap::new(),
        };
        for (o, t, c) in lang.confusions.entries() {
            let (mut o, mut t) = (o.chars(), t.chars());
            if let (Some(a), None, Some(b), None) = (o.next(), o.next(), t.next(), t.next()) {
                costs.confusions.entry(b).or_default().push((a, c));
            }
        }
        Ctx {
            costs,
            conf: &lang.confusions,
            dates: dates(doc.text),
            memo: RefCell::new(HashMap::new()),
            wrap: RefCell::new(None),
            forms: RefCell::new(HashMap::new()),
            best_values: RefCell::new(HashMap::new()),
        }
    }

    /// The value of slot `s`'s list nearest to `text` (see [`slot::rank`]).
    fn best_value(&self, s: &'t Placeholder, text: &str) -> Option<&'t str> {
        let key = (Arc::as_ptr(&s.def) as usize, text.to_string());
        if let Some(&best) = self.best_values.borrow().get(&key) {
            return best;
        }
        let best = slot::rank(self.conf, text, &s.def.values, &s.def.squeezed, 1)
            .first()
            .map(|r| r.1);
        self.best_values.borrow_mut().insert(key, best);
        best
    }

    /// Aligns `chars`, the text of lines `ks`, with `tpl`; `None` when the
    /// alignment would cost more than `give_up` (see
    /// [`align::Table::extend`]).
    fn align(
        &self,
        tpl: &'t LineTemplate,
        ks: &[usize],
        chars: &[char],
        give_up: f32,
    ) -> Option<Aligned> {
        let key = (tpl as *const LineTemplate as usize, ks[0]);
        let kept = self.wrap.borrow_mut().take();
        let mut table =
            match kept {
                Some((k, table)) if k == key && ks.len() > 1 => table,
                _ => {
                    let form =
                        Rc::clone(self.forms.borrow_mut().entry(key.0).or_insert_with(|| {
                            Rc::new(align::Form::new(&self.costs, &tpl.pieces))
                        }));
                    align::Table::of(form)
                }
            };
        let aligned = table
            .extend(&self.costs, chars, give_up)
            .then(|| table.aligned(chars));
        if ks.len() == 1 && tpl.lines > 1 {
            *self.wrap.borrow_mut() = Some((key, table));
        }
        aligned
    }
}

fn dates(text: &str) -> Vec<(u32, u32, u32)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:[^\d]|$)").expect("valid")
    });
    re.captures_iter(text)
        .filter_map(|c| {
            let p = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
            Some((p(1)?, p(2)?, p(3)? % 100))
        })
        .collect()
}

fn squeeze_chars<'c>(it: impl Iterator<Item = &'c char>) -> String {
    it.filter(|c| !c.is_whitespace())
        .map(|&c| align::fold(c))
        .collect()
}

/// Aligns lines `ks` (one, or two joined by `\n`) with `tpl` and measures how
/// close they are. `None` when clearly no match, or, with `within`, when
/// the match is sure not to be taken within that bound (its `s`, or its
/// fixed text, beyond it: see [`best_match`]).
fn try_match<'t>(
    ctx: &Ctx<'_, 't>,
    view: &View<'_, '_>,
    tpl: &'t LineTemplate,
    ks: &[usize],
    zone: u8,
    within: Option<f32>,
) -> Option<Match<'t>> {
    let key = (tpl as *const LineTemplate as usize, ks.to_vec());
    match ctx.memo.borrow().get(&key) {
        Some(Tried::Done(m)) => {
            return m.as_deref().cloned().map(|mut m| {
                m.zone = zone;
                m
            })
        }
        Some(&Tried::Over(b)) if within.is_some_and(|w| w <= b) => return None,
        _ => {}
    }
    let tried = match match_lines(ctx, view, tpl, ks, zone, within) {
        Ok(m) => Tried::Done(m.map(Box::new)),
        Err(over) => Tried::Over(over),
    };
    ctx.memo.borrow_mut().insert(key, tried.clone());
    match tried {
        Tried::Done(m) => m.map(|m| *m),
        Tried::Over(_) => None,
    }
}

/// [`try_match`] without the memo: `Err(within)` when the match is sure
/// not to be taken within `within`.
fn match_lines<'t>(
    ctx: &Ctx<'_, 't>,
    view: &View<'_, '_>,
    tpl: &'t LineTemplate,
    ks: &[usize],
    zone: u8,
    within: Option<f32>,
) -> Result<Option<Match<'t>>, f32> {
    let mut chars = Vec::new();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (n, &k) in ks.iter().enumerate() {
        let span = &view.ne[k].1;
        if n > 0 {
            let at = *ends.last().unwrap_or(&span.start);
            chars.push('\n');
            starts.push(at);
            ends.push(at);
        }
        for (i, c) in view.doc.text[span.clone()].char_indices() {
            chars.push(c);
            starts.push(span.start + i);
            ends.push(span.start + i + c.len_utf8());
        }
    }
    let literal = tpl.literal_chars();
    // Cheap refusals: a line far longer or shorter than the form can be.
    let text_slot = tpl.shape.text_slot;
    let (shortest, longest) = tpl.length_range();
    let visible = chars.iter().filter(|c| !c.is_whitespace()).count();
    if (!text_slot && visible > 2 * longest + 6) || 2 * visible + 2 < shortest {
        return Ok(None);
    }
    if literal >= 4 && shared_letters(&chars, tpl) < 0.4 {
        return Ok(None);
    }
    let reject_over = tpl.max_distance + 0.25;
    let give_up = give_up_cost(tpl, visible, reject_over);
    let Some(al) = ctx.align(tpl, ks, &chars, give_up) else {
        return Ok(None);
    };
    let mut denom = literal as f32;
    for (p, piece) in tpl.pieces.iter().enumerate() {
        if let Piece::Slot(s) = piece {
            if counts_value(s) {
                denom += squeeze_chars(chars[al.pieces[p].0.clone()].iter())
                    .chars()
                    .count() as f32;
            }
        }
    }
    if denom < 1.0 || al.cost / denom > reject_over {
        return Ok(None);
    }
    // A whole line of junk before or after the form is not this form.
    if chars[al.lead.clone()].contains(&'\n') || chars[al.trail.clone()].contains(&'\n') {
        return Ok(None);
    }
    // The OCR side: without junk edges that hold no letter or digit.
    let junk = |r: &Range<usize>| !chars[r.clone()].iter().any(|&c| is_alphanumeric(c));
    let from = if junk(&al.lead) { al.lead.end } else { 0 };
    let to = if junk(&al.trail) {
        al.trail.start
    } else {
        chars.len()
    };
    let ocr = squeeze_chars(chars[from..to.max(from)].iter());
    let mut lit_d = 0.0;
    for (p, piece) in tpl.pieces.iter().enumerate() {
        if let Piece::Lit(t) = piece {
            let want = slot::squeeze(t);
            let got = squeeze_chars(chars[al.pieces[p].0.clone()].iter());
            if want != got {
                lit_d += distance(ctx.conf, &got, &want);
            }
        }
    }
    let lit_s = if literal == 0 {
        0.0
    } else {
        lit_d / literal as f32
    };
    // A match is taken within a bound only if its fixed text is within the
    // bound and 0.15 (see `best_match`): what is not need not be measured.
    if let Some(bound) = within {
        if lit_s > bound + LITERAL_SLACK || beyond_values(ctx, tpl, &ocr, bound) {
            return Err(bound);
        }
    }
    let mut filled = String::new();
    let mut missing = 0.0;
    let mut denom = literal;
    for (p, piece) in tpl.pieces.iter().enumerate() {
        match piece {
            Piece::Lit(t) => filled.push_str(&squeeze_chars(t.chars().collect::<Vec<_>>().iter())),
            Piece::Slot(s) => {
                let text: String = chars[al.pieces[p].0.clone()].iter().collect();
                // Only the best value fills the line.
                match counts_value(s).then(|| ctx.best_value(s, &text)) {
                    Some(Some(best)) => {
                        let v = slot::squeeze(best);
                        denom += v.chars().count();
                        filled.push_str(&v);
                    }
                    _ if text.trim().is_empty() && s.def.kind != SlotKind::Text => {
                        // A value OCR lost counts as one missing character.
                        denom += 1;
                        missing += 1.0;
                    }
                    _ => {
                        // Digits where a number is due are evidence too.
                        if matches!(
                            s.def.kind,
                            SlotKind::Number | SlotKind::Page | SlotKind::Date | SlotKind::Time
                        ) {
                            denom += text.chars().filter(char::is_ascii_digit).count();
                        }
                        filled.push_str(&slot::squeeze(&text));
                    }
                }
            }
        }
    }
    if denom == 0 {
        return Ok(None);
    }
    let s = (distance(ctx.conf, &ocr, &filled) + missing) / denom as f32;
    Ok(Some(Match {
        tpl,
        ne: ks.to_vec(),
        chars,
        starts,
        ends,
        al,
        s,
        lit_s,
        zone,
        by_position: false,
        decisions: Vec::new(),
    }))
}

/// Whether a template that is one list slot alone (`{ministry}`) is
/// sure to be farther than `bound` from the line read as `ocr` (squeezed,
/// without junk edges): its measure `s` is the distance from `ocr` to the
/// best value over the value's length, so it is more than `bound` when
/// every value is. A far line costs each value a few rows of a bounded
/// distance, not the ranking of the list.
fn beyond_values(ctx: &Ctx<'_, '_>, tpl: &LineTemplate, ocr: &str, bound: f32) -> bool {
    let [Piece::Slot(s)] = tpl.pieces.as_slice() else {
        return false;
    };
    if !counts_value(s) || s.def.values.is_empty() {
        return false;
    }
    let mut query = Query::new(ctx.conf, ocr);
    // A unit of rounding over the bound: a value just at it is measured.
    s.def.squeezed.iter().all(|(sv, n)| {
        query
            .distance_within(sv, bound * *n as f32 + 0.001)
            .is_none()
    })
}

/// Whether the visible characters of a slot's value count in the length a
/// line's alignment cost is measured against (a value from a closed list is
/// compared like fixed text).
fn counts_value(s: &Placeholder) -> bool {
    s.def.kind == SlotKind::List || (s.def.kind == SlotKind::Page && !s.def.values.is_empty())
}

/// An alignment cost above which [`match_lines`] refuses a line of `visible`
/// non-space characters whatever the alignment: the cost is measured
/// against the template's fixed characters plus those of its list values,
/// and a list value can take no more characters than its slot holds, nor
/// than the line has. A little is added for rounding, so the limit never
/// refuses a line that the measure would take.
fn give_up_cost(tpl: &LineTemplate, visible: usize, reject_over: f32) -> f32 {
    let room = tpl
        .slots()
        .filter(|s| counts_value(s))
        .map(|s| align::max_chars(&s.def).unwrap_or(usize::MAX))
        .fold(0usize, usize::saturating_add);
    let most = tpl.literal_chars() + room.min(visible);
    (f64::from(reject_over) * most as f64 * 1.001 + 0.001) as f32
}

/// The share of the template's fixed letters and digits that the line has
/// (as a multiset, folded): a cheap bound before aligning. Both sides are
/// sorted and merged, which is cheaper than counting in a hash map for
/// lines of a few dozen characters.
fn shared_letters(chars: &[char], tpl: &LineTemplate) -> f32 {
    let want = &tpl.shape.letters;
    if want.is_empty() {
        return 1.0;
    }
    let mut have: Vec<char> = chars
        .iter()
        .filter(|&&c| is_alphanumeric(c))
        .map(|&c| align::fold(c))
        .collect();
    have.sort_unstable();
    let (mut a, mut b, mut hit) = (0, 0, 0usize);
    while a < have.len() && b < want.len() {
        match have[a].cmp(&want[b]) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                hit += 1;
                a += 1;
                b += 1;
            }
        }
    }
    hit as f32 / want.len() as f32
}

fn limit(tpl: &LineTemplate, zone: u8) -> f32 {
    let allowed = tpl.zones.iter().fold(0, |a, &z| a | zone_bit(z));
    if zone & allowed & (HEAD | PAGE | TAIL) != 0 {
        tpl.max_distance
    } else {
        tpl.max_distance / 2.0
    }
}

fn allowed(tpl: &LineTemplate, zone: u8) -> bool {
    tpl.zones.iter().any(|&z| zone & zone_bit(z) != 0)
}

/// The best match of line `k` among `tpls` (one or two lines), if any is
/// within its bound.
fn best_match<'t>(
    ctx: &Ctx<'_, 't>,
    view: &View<'_, '_>,
    tpls: impl Iterator<Item = &'t LineTemplate>,
    k: usize,
    zone: u8,
    taken: &[bool],
) -> Option<Match<'t>> {
    let mut best: Option<Match<'t>> = None;
    for tpl in tpls {
        if !allowed(tpl, zone) {
            continue;
        }
        let mut spans = vec![vec![k]];
        if tpl.lines > 1 {
            if let Some(n) = view.next_close(k).filter(|&n| !taken[n]) {
                spans.push(vec![k, n]);
            }
        }
        for ks in spans {
            let bound = limit(tpl, zone);
            let got = try_match(ctx, view, tpl, &ks, zone, Some(bound));
            if let Some(m) = got {
                // A wrapped match must be clearly better than the one line.
                let bonus = if ks.len() > 1 { 0.03 } else { 0.0 };
                if m.s <= bound
                    && m.lit_s <= bound + LITERAL_SLACK
                    && best.as_ref().is_none_or(|b| m.s + bonus < b.s)
                {
                    best = Some(m);
                }
            }
        }
    }
    best
}

/// Finds the document's type and its header lines.
fn find<'t>(
    ctx: &Ctx<'_, 't>,
    view: &View<'_, '_>,
    set: &'t HeaderSet,
) -> Option<(&'t DocType, Vec<Match<'t>>)> {
    // The type: the one with most identifying lines in place.
    let mut best: Option<(usize, &DocType)> = None;
    for ty in &set.types {
        let zones = view.zones(ty);
        let ids: Vec<&LineTemplate> = ty.lines.iter().filter(|l| l.identifies).collect();
        let taken = vec![false; view.ne.len()];
        let mut evidence = 0;
        for (k, &z) in zones.iter().enumerate() {
            if z == ANY
                && !ids
                    .iter()
                    .any(|t| t.zones.contains(&Zone::Anywhere) && short_enough(view, k, t))
            {
                continue;
            }
            if best_match(ctx, view, ids.iter().copied(), k, z, &taken).is_some() {
                evidence += 1;
            }
        }
        if evidence > 0 && best.is_none_or(|(e, _)| evidence > e) {
            best = Some((evidence, ty));
        }
    }
    let (_, ty) = best?;
    let mut zones = view.zones(ty);
    let mut taken = vec![false; view.ne.len()];
    let mut found: Vec<Match<'t>> = Vec::new();
    // Page markers first: the lines after one start a page.
    let markers: Vec<&LineTemplate> = ty.lines.iter().filter(|l| l.is_page_marker()).collect();
    for k in 0..view.ne.len() {
        let z = zones[k];
        if z & PAGE == 0
            && !markers
                .iter()
                .any(|t| t.zones.contains(&Zone::Anywhere) && short_enough(view, k, t))
        {
            continue;
        }
        if let Some(m) = best_match(ctx, view, markers.iter().copied(), k, z, &taken) {
            for &n in &m.ne {
                taken[n] = true;
            }
            for zk in zones.iter_mut().skip(k + 1).take(ty.page_lines) {
                *zk |= PAGE;
            }
            found.push(m);
        }
    }
    for k in 0..view.ne.len() {
        if taken[k] || zones[k] & (HEAD | PAGE | TAIL) == 0 {
            continue;
        }
        if let Some(m) = best_match(ctx, view, ty.lines.iter(), k, zones[k], &taken) {
            for &n in &m.ne {
                taken[n] = true;
            }
            found.push(m);
        }
    }
    // Lines known by their position: the addressee before `товарищу …`.
    for tpl in ty.lines.iter().filter(|l| l.before.is_some()) {
        let before = tpl.before.as_deref().unwrap_or_default();
        let nexts: Vec<usize> = found
            .iter()
            .filter(|m| m.tpl.id == before)
            .map(|m| m.first_line())
            .collect();
        for n in nexts {
            let Some(k) = n.checked_sub(1) else { continue };
            if taken[k]
                || view.next_close(k) != Some(n)
                || !allowed(tpl, zones[k])
                || !capitals(view.text(k))
            {
                continue;
            }
            let Some(mut m) = try_match(ctx, view, tpl, &[k], zones[k], None)
                .or_else(|| forced(view, tpl, k, zones[k]))
            else {
                continue;
            };
            m.by_position = true;
            taken[k] = true;
            found.push(m);
        }
    }
    found.sort_by_key(Match::first_line);
    Some((ty, found))
}

/// A match of a template that is one slot, taken whole.
fn forced<'t>(view: &View<'_, '_>, tpl: &'t LineTemplate, k: usize, zone: u8) -> Option<Match<'t>> {
    if !is_bare_slot(tpl) {
        return None;
    }
    let span = view.ne[k].1.clone();
    let text = view.text(k);
    let chars: Vec<char> = text.chars().collect();
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for (i, c) in text.char_indices() {
        starts.push(span.start + i);
        ends.push(span.start + i + c.len_utf8());
    }
    let n = chars.len();
    Some(Match {
        tpl,
        ne: vec![k],
        chars,
        starts,
        ends,
        al: Aligned {
            cost: f32::INFINITY,
            lead: 0..0,
            trail: n..n,
            pieces: vec![(0..n, String::new())],
        },
        s: f32::INFINITY,
        lit_s: f32::INFINITY,
        zone,
        by_position: true,
        decisions: Vec::new(),
    })
}

fn is_bare_slot(tpl: &LineTemplate) -> bool {
    matches!(tpl.pieces.as_slice(), [Piece::Slot(_)])
}

fn capitals(text: &str) -> bool {
    let letters = text.chars().filter(|&c| is_alphabetic(c)).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    letters >= 6 && upper as f32 >= CONTEXT_CAPS * letters as f32
}

/// Whether line `k` is short enough to be `tpl` anywhere in a text (a cheap
/// test before aligning every line of a long text with a page marker).
fn short_enough(view: &View<'_, '_>, k: usize, tpl: &LineTemplate) -> bool {
    let n = view.text(k).chars().count();
    n <= 2 * tpl.template.chars().count() + 4 && view.text(k).chars().any(is_alphanumeric)
}

/// Runs the header rules and the document pass on `doc` in `lang`; pushes
/// changes to `out` and returns the byte spans of the fixed text and values
/// it settled, where other rules' edits must not go.
pub(crate) fn check(
    corrector: &Corrector,
    doc: &Document<'_>,
    lang: &Language,
    out: &mut Vec<Change>,
) -> Vec<Range<usize>> {
    let set = &lang.headers;
    if set.is_empty() || doc.lines.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(doc, lang);
    let view = View::new(doc, lang);
    let Some((ty, mut found)) = find(&ctx, &view, set) else {
        return Vec::new();
    };
    decide_all(&ctx, &mut found);
    let mut emit = Emitter {
        corrector,
        conf: &lang.confusions,
        lang: &lang.code,
        out,
        owned: Vec::new(),
    };
    // Document pass: agreement.
    let mut uses = Vec::new();
    let mut where_: Vec<(usize, usize)> = Vec::new();
    for (mi, m) in found.iter().enumerate() {
        for (p, piece) in m.tpl.pieces.iter().enumerate() {
            if let (Piece::Slot(s), Some(d)) = (piece, &m.decisions[p]) {
                if let Some(agree) = &s.def.agree {
                    uses.push(Use {
                        agree: agree.clone(),
                        name: s.name.clone(),
                        value: d.value.clone(),
                        original: m.text(&m.al.pieces[p].0),
                    });
                    where_.push((mi, p));
                }
            }
        }
    }
    let mut overrides: HashMap<(usize, usize), consistency::Override> = HashMap::new();
    for o in consistency::vote(&uses, ctx.conf) {
        overrides.insert(where_[o.index], o);
    }
    // Document pass: page sequence.
    let marker_idx: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].tpl.is_page_marker())
        .collect();
    let markers: Vec<Marker> = marker_idx
        .iter()
        .map(|&i| {
            let m = &found[i];
            let number = m
                .tpl
                .pieces
                .iter()
                .zip(&m.decisions)
                .find(|(p, _)| matches!(p, Piece::Slot(s) if s.def.kind == SlotKind::Page))
                .and_then(|(_, d)| d.as_ref()?.value.as_deref()?.parse().ok());
            Marker {
                number,
                physical: view.page(m.first_line()),
            }
        })
        .collect();
    let verdicts = consistency::page_sequence(&markers, view.paginated);
    let mut page_verdict: HashMap<usize, Verdict> = HashMap::new();
    for (&i, v) in marker_idx.iter().zip(verdicts) {
        page_verdict.insert(i, v);
    }
    for (mi, m) in found.iter().enumerate() {
        emit.line(m, mi, &overrides, page_verdict.get(&mi).copied());
    }
    junk_markers(&view, ty, &found, &mut emit);
    emit.owned
}

/// Decides every slot of every match, Roman months last (they read the
/// day and year decided before them).
fn decide_all(ctx: &Ctx<'_, '_>, found: &mut [Match<'_>]) {
    for m in found.iter_mut() {
        let mut decisions: Vec<Option<Decision>> = vec![None; m.tpl.pieces.len()];
        for (p, piece) in m.tpl.pieces.iter().enumerate() {
            if let Piece::Slot(s) = piece {
                if s.def.kind == SlotKind::RomanMonth {
                    continue;
                }
                let text = m.text(&m.al.pieces[p].0);
                decisions[p] = Some(slot::decide(
                    &s.def,
                    &text,
                    &ctx.costs,
                    ctx.conf,
                    &MonthEvidence::default(),
                ));
            }
        }
        for (p, piece) in m.tpl.pieces.iter().enumerate() {
            if let Piece::Slot(s) = piece {
                if s.def.kind != SlotKind::RomanMonth {
                    continue;
                }
                // The nearest number slots before and after: day and year.
                let is_number = |q: &usize| matches!(&m.tpl.pieces[*q], Piece::Slot(o) if o.def.kind == SlotKind::Number);
                let value = |q: usize| decisions[q].as_ref()?.value.as_deref()?.parse::<u32>().ok();
                let day = (0..p).rev().find(is_number).and_then(value);
                let year = (p + 1..m.tpl.pieces.len()).find(is_number).and_then(value);
                let mut months: Vec<u32> = ctx
                    .dates
                    .iter()
                    .filter(|d| Some(d.0) == day && year.is_none_or(|y| y % 100 == d.2))
                    .map(|d| d.1)
                    .filter(|m| (1..=12).contains(m))
                    .collect();
                months.sort_unstable();
                months.dedup();
                let evidence = MonthEvidence {
                    month: (months.len() == 1).then(|| months[0]),
                };
                let text = m.text(&m.al.pieces[p].0);
                decisions[p] = Some(slot::decide(&s.def, &text, &ctx.costs, ctx.conf, &evidence));
            }
        }
        m.decisions = decisions;
    }
}

struct Emitter<'e> {
    corrector: &'e Corrector,
    conf: &'e Confusions,
    lang: &'e str,
    out: &'e mut Vec<Change>,
    owned: Vec<Range<usize>>,
}

/// An edit of one match, before edits that touch are merged.
#[derive(Debug, Clone)]
struct Edit {
    span: Range<usize>,
    replacement: String,
    rule: String,
    confidence: f32,
    alternatives: Vec<String>,
    /// Fixed text (or junk) of the template, not a slot's value.
    literal: bool,
}

impl Emitter<'_> {
    fn push(
        &mut self,
        span: Range<usize>,
        replacement: String,
        action: Action,
        rule: &str,
        confidence: f32,
        alternatives: Vec<String>,
    ) {
        self.out.push(Change {
            span,
            replacement,
            action,
            rule: self.corrector.rule_id(rule),
            confidence,
            alternatives,
        });
    }

    /// Edits replacing chars `r` of `m` with `replacement`, one per physical
    /// line (`\n` in both marks where the lines part); none if they do not
    /// part alike.
    fn edits(
        m: &Match<'_>,
        r: Range<usize>,
        replacement: &str,
        rule: &str,
        confidence: f32,
        alternatives: &[String],
        literal: bool,
    ) -> Vec<Edit> {
        let mut parts_o: Vec<Range<usize>> = Vec::new();
        let mut start = r.start;
        for i in r.clone() {
            if m.chars[i] == '\n' && m.starts[i] == m.ends[i] {
                parts_o.push(start..i);
                start = i + 1;
            }
        }
        parts_o.push(start..r.end);
        let parts_r: Vec<&str> = replacement.split('\n').collect();
        if parts_r.len() != parts_o.len() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (o, rep) in parts_o.into_iter().zip(parts_r) {
            let span = m.span(&o);
            let original = m.text(&o);
            if original == rep {
                continue;
            }
            // Fixed text reports only the characters that change; a slot
            // reports its whole value (as other rules report whole words).
            let (os, rs) = if literal || original.trim() == rep {
                change::minimal(&original, rep)
            } else {
                let lead = original.len() - original.trim_start().len();
                let end = original.trim_end().len().max(lead);
                (lead..end, 0..rep.len())
            };
            out.push(Edit {
                span: span.start + os.start..span.start + os.end,
                replacement: rep[rs].to_string(),
                rule: rule.to_string(),
                confidence,
                alternatives: alternatives.to_vec(),
                literal,
            });
        }
        out
    }

    fn line(
        &mut self,
        m: &Match<'_>,
        mi: usize,
        overrides: &HashMap<(usize, usize), consistency::Override>,
        verdict: Option<Verdict>,
    ) {
        let threshold = self.corrector.options().threshold;
        let line_rule = format!("header:{}/{}", self.lang, m.tpl.id);
        let confidence = if m.by_position {
            0.0
        } else if m.s <= CLOSE {
            CLOSE_CONFIDENCE
        } else if m.zone & (HEAD | PAGE | TAIL) != 0 {
            IN_ZONE_CONFIDENCE
        } else {
            0.7
        };
        let mut edits: Vec<Edit> = Vec::new();
        // Spans next to which fixed text is not certain: slots not read, and
        // text around the form that is kept.
        let mut shaky: Vec<Range<usize>> = Vec::new();
        let n = m.chars.len();
        let around = |r: &Range<usize>| m.span(&(r.start.saturating_sub(1)..(r.end + 1).min(n)));
        if !m.by_position {
            for r in [m.al.lead.clone(), m.al.trail.clone()] {
                if r.start >= r.end {
                    continue;
                }
                if m.chars[r.clone()].iter().any(|&c| is_alphanumeric(c)) {
                    shaky.push(around(&r));
                } else {
                    edits.extend(Self::edits(m, r, "", &line_rule, confidence, &[], true));
                }
            }
            for (p, piece) in m.tpl.pieces.iter().enumerate() {
                if let Piece::Lit(t) = piece {
                    let (r, rep) = &m.al.pieces[p];
                    // A word of fixed text read as something else entirely
                    // is weak evidence for its own replacement.
                    let want = slot::squeeze(t);
                    let got = squeeze_chars(m.chars[r.clone()].iter());
                    let n = want.chars().count();
                    let weak = n >= 3
                        && want != got
                        && distance(self.conf, &got, &want) / n as f32 > WEAK_PIECE;
                    let c = if weak {
                        confidence.min(SHAKY_CONFIDENCE)
                    } else {
                        confidence
                    };
                    edits.extend(Self::edits(m, r.clone(), rep, &line_rule, c, &[], true));
                }
            }
        }
        for (p, piece) in m.tpl.pieces.iter().enumerate() {
            let Piece::Slot(s) = piece else { continue };
            let Some(d) = &m.decisions[p] else { continue };
            let r = m.al.pieces[p].0.clone();
            let slot_rule = format!("{line_rule}:{}", s.name);
            if let Some(o) = overrides.get(&(mi, p)) {
                if o.confidence < threshold {
                    shaky.push(around(&r));
                }
                edits.extend(Self::edits(
                    m,
                    r,
                    &o.value,
                    &o.rule,
                    o.confidence,
                    &[],
                    false,
                ));
                continue;
            }
            let mut settled = d.value.is_some()
                && d.replacement
                    .as_ref()
                    .is_none_or(|_| d.confidence >= threshold);
            if s.def.kind == SlotKind::Page {
                match verdict {
                    Some(Verdict::Fill { number, confidence }) => {
                        let value = if s.def.values.is_empty() {
                            Some(number.to_string())
                        } else {
                            s.def.values.get(number as usize - 1).cloned()
                        };
                        if let Some(value) = value {
                            if confidence < threshold {
                                shaky.push(around(&r));
                            }
                            edits.extend(Self::edits(
                                m,
                                r.clone(),
                                &value,
                                consistency::PAGE_SEQUENCE,
                                confidence,
                                &[],
                                false,
                            ));
                            continue;
                        }
                    }
                    Some(Verdict::Gap | Verdict::OutOfOrder) => {
                        let first = m.al.lead.end;
                        let last = m.al.trail.start.max(first);
                        let span = m.span(&(first..last));
                        let span = if span.is_empty() {
                            m.span(&(0..n))
                        } else {
                            span
                        };
                        self.push(
                            span,
                            String::new(),
                            Action::Flagged,
                            consistency::PAGE_SEQUENCE,
                            0.5,
                            vec![],
                        );
                        settled = false;
                    }
                    _ => {}
                }
            }
            if s.def.kind == SlotKind::Text {
                continue;
            }
            if !settled {
                shaky.push(around(&r));
            }
            if d.unknown
                && s.def.unknown == Unknown::Flag
                && (m.by_position || m.tpl.pieces.len() > 1)
            {
                let span = m.span(&r);
                let likely = likely_values(&s.def, d);
                self.push(
                    span.clone(),
                    String::new(),
                    Action::Flagged,
                    &slot_rule,
                    0.3,
                    likely.clone(),
                );
                if let Some((first, rest)) = likely.split_first() {
                    self.push(
                        span,
                        first.clone(),
                        Action::Suggested,
                        &slot_rule,
                        0.2,
                        rest.to_vec(),
                    );
                }
                continue;
            }
            if let Some(rep) = &d.replacement {
                edits.extend(Self::edits(
                    m,
                    r,
                    rep,
                    &slot_rule,
                    d.confidence,
                    &d.alternatives,
                    false,
                ));
            }
        }
        // Fixed text next to what is not settled is only proposed.
        for e in &mut edits {
            let near = |o: &Range<usize>| o.start <= e.span.end && e.span.start <= o.end;
            if e.literal && shaky.iter().any(near) {
                e.confidence = e.confidence.min(SHAKY_CONFIDENCE);
            }
        }
        // Edits that touch become one change.
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut merged: Vec<Edit> = Vec::new();
        for e in edits {
            if let Some(last) = merged.last_mut() {
                // Edits are per physical line, so touching ones share one.
                if last.span.end == e.span.start {
                    last.span.end = e.span.end;
                    last.replacement.push_str(&e.replacement);
                    if e.confidence < last.confidence || (last.literal && !e.literal) {
                        last.rule = e.rule.clone();
                        last.alternatives = e.alternatives.clone();
                    }
                    last.confidence = last.confidence.min(e.confidence);
                    last.literal &= e.literal;
                    continue;
                }
            }
            merged.push(e);
        }
        // Spacing for a slot that OCR lost entirely is no fix.
        let empty_at: Vec<usize> = m
            .tpl
            .pieces
            .iter()
            .enumerate()
            .filter(|(p, piece)| matches!(piece, Piece::Slot(_)) && m.al.pieces[*p].0.is_empty())
            .map(|(p, _)| m.span(&m.al.pieces[p].0).start)
            .collect();
        merged.retain(|e| {
            !(e.span.is_empty()
                && e.replacement.trim().is_empty()
                && empty_at.contains(&e.span.start))
        });
        for e in merged {
            let action = self.corrector.action_for(e.confidence);
            if action == Action::Applied {
                self.owned.push(e.span.clone());
            }
            self.push(
                e.span,
                e.replacement,
                action,
                &e.rule,
                e.confidence,
                e.alternatives,
            );
        }
        // The rest of a settled line is the template's too.
        if !m.by_position && confidence >= threshold {
            for (p, piece) in m.tpl.pieces.iter().enumerate() {
                let text_slot = matches!(piece, Piece::Slot(s) if s.def.kind == SlotKind::Text);
                let span = m.span(&m.al.pieces[p].0);
                if !text_slot
                    && !shaky
                        .iter()
                        .any(|o| o.start < span.end && span.start < o.end)
                {
                    self.owned.push(span);
                }
            }
        }
    }
}

/// The values to suggest for a list slot whose text is none of them: the
/// closest ones if any is near, else the list's first (most likely) values.
fn likely_values(def: &SlotDef, d: &Decision) -> Vec<String> {
    let mut out: Vec<String> = d.alternatives.clone();
    for v in &def.values {
        if out.len() >= 3 {
            break;
        }
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// A page of a paginated text whose first line should be the type's page
/// marker but reads as junk (`9`, `Е`, `ВЕ:` for `- 2 -`): the marker, by
/// position and page count.
fn junk_markers(view: &View<'_, '_>, ty: &DocType, found: &[Match<'_>], emit: &mut Emitter<'_>) {
    if !view.paginated {
        return;
    }
    let Some(tpl) = ty
        .lines
        .iter()
        .find(|l| l.is_page_marker() && l.zones.contains(&Zone::PageStart))
    else {
        return;
    };
    // Only where the type's markers are numbers in fixed text.
    let fillable = tpl.pieces.iter().all(|p| match p {
        Piece::Lit(_) => true,
        Piece::Slot(s) => s.def.kind == SlotKind::Page && s.def.values.is_empty(),
    });
    if !fillable {
        return;
    }
    for k in 0..view.ne.len() {
        let page = view.page(k);
        if page < 2 || (k > 0 && view.page(k - 1) == page) {
            continue;
        }
        if found
            .iter()
            .any(|m| m.tpl.is_page_marker() && view.page(m.first_line()) == page)
        {
            continue;
        }
        if found.iter().any(|m| m.ne.contains(&k)) {
            continue;
        }
        let text = view.text(k);
        let visible = text.chars().filter(|c| !c.is_whitespace()).count();
        let longest_word = text
            .split(|c: char| !is_alphabetic(c))
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        if visible > JUNK_MARKER_CHARS || longest_word >= 3 {
            continue;
        }
        let mut filled = String::new();
        for p in &tpl.pieces {
            match p {
                Piece::Lit(t) => filled.push_str(t),
                Piece::Slot(_) => filled.push_str(&page.to_string()),
            }
        }
        let rule = format!("header:{}/{}", emit.lang, tpl.id);
        let span = view.ne[k].1.clone();
        let (os, rs) = change::minimal(text, &filled);
        emit.owned.push(span.clone());
        emit.push(
            span.start + os.start..span.start + os.end,
            filled[rs].to_string(),
            emit.corrector.action_for(IN_ZONE_CONFIDENCE),
            &rule,
            IN_ZONE_CONFIDENCE,
            vec![],
        );
    }
}

/// The rule ids the header rules of `set` may report, for registering.
pub(crate) fn rule_ids(code: &str, set: &HeaderSet) -> Vec<String> {
    let mut out = vec![consistency::PAGE_SEQUENCE.to_string()];
    for ty in &set.types {
        for l in &ty.lines {
            out.push(format!("header:{code}/{}", l.id));
            for s in l.slots() {
                out.push(format!("header:{code}/{}:{}", l.id, s.name));
                if let Some(a) = &s.def.agree {
                    out.push(format!("consistency:{a}"));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A try within a bound refuses only lines whose match would not be
    /// taken within it: every non-empty line of the samples against every
    /// template of its language, within the template's bounds in and out of
    /// its zones, gets the unbounded try's match or a refusal that the
    /// unbounded match confirms (its `s` or its fixed text beyond the
    /// bound). Both ways of refusing early are seen.
    #[test]
    fn a_bounded_try_refuses_only_matches_beyond_the_bound() {
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let (mut by_values, mut by_literal, mut kept) = (0, 0, 0);
        for (name, code) in [
            ("ru_seed-cable-600308.txt", "ru"),
            ("ru_shifrovka-mukden.ocr.txt", "ru"),
            ("ru_dokladnaya-grodekovo.ocr.txt", "ru"),
            ("en_telegram-tokyo.ocr.txt", "en"),
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(name);
            let text = std::fs::read_to_string(path).unwrap();
            let doc = Document::new(&text);
            let lang = dicts.get(code).unwrap();
            let view = View::new(&doc, lang);
            let tpls = lang.headers.types.iter().flat_map(|ty| ty.lines.iter());
            for tpl in tpls {
                for k in 0..view.ne.len() {
                    let ctx = Ctx::new(&doc, lang);
                    let Ok(full) = match_lines(&ctx, &view, tpl, &[k], ANY, None) else {
                        panic!("an unbounded try is never refused by a bound");
                    };
                    for bound in [tpl.max_distance, tpl.max_distance / 2.0] {
                        let within = match_lines(&ctx, &view, tpl, &[k], ANY, Some(bound));
                        match (&within, &full) {
                            (Ok(m), _) => {
                                let (a, b) = (m.as_ref(), full.as_ref());
                                assert_eq!(a.map(|m| (m.s, m.lit_s)), b.map(|m| (m.s, m.lit_s)));
                                kept += 1;
                            }
                            // No match either way.
                            (Err(_), None) => kept += 1,
                            (Err(_), Some(m)) => {
                                let beyond = m.lit_s > bound + LITERAL_SLACK;
                                assert!(beyond || m.s > bound, "{:?} line {k}", tpl.id);
                                if beyond {
                                    by_literal += 1;
                                } else {
                                    by_values += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(
            by_values > 0 && by_literal > 0 && kept > 0,
            "{by_values} by values, {by_literal} by fixed text, {kept} kept"
        );
    }
}
