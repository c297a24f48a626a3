//! Aligning an OCR line with a line template.
//!
//! A template is fixed text with typed holes. The alignment is an edit
//! distance in which every fixed character is matched, misread, dropped or
//! surrounded by extra OCR characters, and every hole takes a run of OCR
//! characters at a cost that depends on its type (digits are cheap in a
//! number, letters in a list value). The best alignment says which OCR
//! characters are the fixed text, which are each slot's value, and which are
//! junk before and after the form (`° Продолжение …`, `… 8236/с |`).
//! Costs here only segment the line; how close the line is to the template
//! is then measured with the OCR-aware [`crate::search::distance`].

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::data::{Piece, SlotDef, SlotKind};
use crate::tokenize::{is_alphabetic, is_alphanumeric};

/// Costs of the alignment beyond the template itself.
#[derive(Debug, Default)]
pub(crate) struct Costs {
    /// Single-character confusions, folded, by the true character:
    /// truth → [(ocr, cost)].
    pub(crate) confusions: HashMap<char, Vec<(char, f32)>>,
    /// OCR characters read as digits.
    pub(crate) digits: HashMap<char, char>,
    /// OCR characters read as Roman numeral letters.
    pub(crate) roman: HashMap<char, String>,
}

/// Where each piece of a template fell in the OCR text (char indices).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Aligned {
    /// Cost of the alignment.
    pub(crate) cost: f32,
    /// OCR characters before the form.
    pub(crate) lead: Range<usize>,
    /// OCR characters after the form.
    pub(crate) trail: Range<usize>,
    /// Per template piece: its OCR characters, and for fixed text the text
    /// that replaces them (the template's, keeping OCR line breaks).
    pub(crate) pieces: Vec<(Range<usize>, String)>,
}

const INF: f32 = f32::INFINITY;

#[derive(Clone, Copy)]
enum Elem {
    Lit(char, usize),
    /// A slot: its piece, and whether it is unbounded (free text: one
    /// self-looping state) or one of a bounded slot's states (each takes one
    /// character or none).
    Slot(usize, bool),
}

/// Most characters a slot may take: a value a little longer than the
/// longest listed one, or the longest number, date or time. Bounding slots
/// keeps a list slot from swallowing the misread fixed text around it.
pub(crate) fn max_chars(def: &SlotDef) -> Option<usize> {
    let longest = def.values.iter().map(|v| v.chars().count()).max();
    match def.kind {
        SlotKind::Text => None,
        SlotKind::List => longest.map(|n| n + 3 + n / 4),
        SlotKind::Page => Some(longest.map_or(def.digits.1 + 2, |n| n + 3 + n / 4)),
        SlotKind::Number => Some(def.digits.1 + 4),
        SlotKind::Date => Some(12),
        SlotKind::Time => Some(7),
        SlotKind::RomanMonth => Some(6),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    None,
    Lead,
    Trail,
    EndTrail,
    Sub,
    Del,
    Ins,
    SlotEmpty,
    SlotStart,
    SlotMore,
}

/// A fixed character of a template, with what the cost of reading it as an
/// OCR character depends on (see [`Costs::sub`]).
struct Reading {
    t: char,
    /// Folded.
    ft: char,
    space: bool,
    digit: bool,
    /// Its single-character confusions: (folded OCR character, cost).
    listed: Vec<(char, f32)>,
}

impl Reading {
    fn new(costs: &Costs, t: char) -> Self {
        let ft = fold(t);
        Reading {
            t,
            ft,
            space: t.is_whitespace(),
            digit: t.is_ascii_digit(),
            listed: costs.confusions.get(&ft).cloned().unwrap_or_default(),
        }
    }
}

/// A template state's move into the next cell of the table.
#[derive(Clone, Copy)]
enum Step {
    /// A fixed character: read as the OCR character (`sub`: its index among
    /// the table's distinct fixed characters) or dropped at cost `del`.
    Lit { sub: usize, del: f32 },
    /// A slot state: empty, or taking the OCR character.
    Slot { take: usize, unbounded: bool },
}

/// The cheapest move into a cell so far.
#[derive(Clone, Copy)]
struct Cell {
    cost: f32,
    op: Op,
}

impl Cell {
    fn new() -> Self {
        Cell {
            cost: INF,
            op: Op::None,
        }
    }

    /// Takes the move if it is strictly cheaper: on a tie the earlier move
    /// stays.
    #[inline]
    fn offer(self, cost: f32, op: Op) -> Self {
        if cost < self.cost {
            Cell { cost, op }
        } else {
            self
        }
    }
}

pub(crate) fn fold(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    if l == 'ё' {
        'е'
    } else {
        l
    }
}

impl Costs {
    /// Cost of reading the fixed character of `r` as OCR's `o` (folded
    /// `fo`; `space`: whether it is white space).
    fn sub(&self, r: &Reading, o: char, fo: char, space: bool) -> f32 {
        if r.space {
            return if space { 0.0 } else { 1.0 };
        }
        if o == '\n' {
            return INF;
        }
        if fo == r.ft {
            return 0.0;
        }
        let mut c: f32 = 1.0;
        if let Some(&(_, x)) = r.listed.iter().find(|e| e.0 == fo) {
            c = c.min(x);
        }
        if r.digit && self.digits.get(&o) == Some(&r.t) {
            c = c.min(0.3);
        }
        c
    }

    fn ins(o: char) -> f32 {
        if o.is_whitespace() {
            0.1
        } else if is_alphanumeric(o) {
            1.0
        } else {
            0.5
        }
    }

    fn del(t: char) -> f32 {
        if t.is_whitespace() {
            0.15
        } else if is_alphanumeric(t) {
            1.0
        } else {
            0.8
        }
    }

    fn edge(o: char) -> f32 {
        if o.is_whitespace() {
            0.0
        } else if is_alphanumeric(o) {
            0.8
        } else {
            0.3
        }
    }

    /// Cost of slot `def` taking the OCR character `o`.
    fn take(&self, def: &SlotDef, o: char) -> f32 {
        let words = !def.values.is_empty();
        match def.kind {
            SlotKind::Number | SlotKind::Page if !words => {
                if o.is_ascii_digit() {
                    0.0
                } else if self.digits.contains_key(&o) {
                    0.3
                } else if o.is_whitespace() {
                    0.6
                } else {
                    1.0
                }
            }
            SlotKind::Date | SlotKind::Time => {
                if o.is_ascii_digit() || o == '.' || (def.kind == SlotKind::Time && o == ':') {
                    0.0
                } else if self.digits.contains_key(&o) || o == ',' {
                    0.3
                } else if o.is_whitespace() {
                    0.4
                } else {
                    1.0
                }
            }
            SlotKind::RomanMonth => {
                if "IVXivx".contains(o) || self.roman.contains_key(&o) {
                    0.05
                } else {
                    0.6
                }
            }
            SlotKind::Text => {
                if is_alphanumeric(o) || o.is_whitespace() {
                    0.02
                } else {
                    0.3
                }
            }
            SlotKind::List | SlotKind::Page | SlotKind::Number => {
                // Cheap where a value could have the character.
                let f = if o.is_whitespace() { ' ' } else { fold(o) };
                if def.value_chars.binary_search(&f).is_ok() {
                    0.05
                } else if is_alphabetic(o) {
                    0.3
                } else if o.is_numeric() {
                    1.0
                } else {
                    0.5
                }
            }
        }
    }
}

/// A template made ready for alignment: its states and what each costs.
/// It depends only on the template and the costs, so it is made once and
/// shared by the tables of every line tried against the template.
pub(crate) struct Form<'p> {
    /// The template's states: its fixed characters and slot states.
    elems: Vec<Elem>,
    steps: Vec<Step>,
    /// The distinct fixed characters: each row works out the cost of
    /// reading each of them as its OCR character once, rather than in every
    /// cell (and a table given up early never works out the rest).
    readings: Vec<Reading>,
    /// Per template piece: its slot, if it is one.
    slots: Vec<Option<&'p SlotDef>>,
}

impl<'p> Form<'p> {
    pub(crate) fn new(costs: &Costs, pieces: &'p [Piece]) -> Self {
        let mut elems = Vec::new();
        for (p, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Lit(t) => elems.extend(t.chars().map(|c| Elem::Lit(c, p))),
                Piece::Slot(s) => match max_chars(&s.def) {
                    Some(k) => elems.extend((0..k).map(|_| Elem::Slot(p, false))),
                    None => elems.push(Elem::Slot(p, true)),
                },
            }
        }
        let mut readings: Vec<Reading> = Vec::new();
        let mut reading_of: HashMap<char, usize> = HashMap::new();
        let steps: Vec<Step> = elems
            .iter()
            .map(|e| match *e {
                Elem::Lit(t, _) => {
                    let sub = *reading_of.entry(t).or_insert_with(|| {
                        readings.push(Reading::new(costs, t));
                        readings.len() - 1
                    });
                    Step::Lit {
                        sub,
                        del: Costs::del(t),
                    }
                }
                Elem::Slot(p, unbounded) => Step::Slot { take: p, unbounded },
            })
            .collect();
        let slots = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Slot(s) => Some(&*s.def),
                Piece::Lit(_) => None,
            })
            .collect();
        Form {
            elems,
            steps,
            readings,
            slots,
        }
    }
}

/// The alignment of a template with an OCR text (a line, or two joined by
/// `\n`, trimmed): a table with one row per OCR character. A row depends
/// only on the characters before it, so a table can be extended when the
/// text is (a form wrapped over two lines starts as its first line does).
pub(crate) struct Table<'p> {
    form: Rc<Form<'p>>,
    /// Rows of costs and of the moves that gave them, `elems.len() + 2`
    /// cells each: states 0..=m (template consumed up to j) and m + 1 (in
    /// the trail).
    d: Vec<f32>,
    back: Vec<Op>,
    /// The least cost of the last row.
    last_min: f32,
}

impl<'p> Table<'p> {
    /// The table of `pieces` with no OCR character yet (its first row).
    #[cfg(test)]
    pub(crate) fn new(costs: &Costs, pieces: &'p [Piece]) -> Self {
        Self::of(Rc::new(Form::new(costs, pieces)))
    }

    /// The table of a prepared template with no OCR character yet.
    pub(crate) fn of(form: Rc<Form<'p>>) -> Self {
        let mut table = Table {
            form,
            d: Vec::new(),
            back: Vec::new(),
            last_min: 0.0,
        };
        table.row(None, &[], &[]);
        table
    }

    /// OCR characters the table has rows for.
    fn chars(&self) -> usize {
        self.d.len() / (self.form.elems.len() + 2) - 1
    }

    /// Adds the rows of the characters of `ocr` it has none for (`ocr`
    /// starts with the characters it has). `false`, and no more rows, when
    /// the alignment is sure to cost more than `give_up`: the caller refuses
    /// such a line anyway, and most lines of a long text are refused, so the
    /// table is abandoned as soon as a whole row of it is over the limit
    /// (every alignment passes through every row, and costs only grow along
    /// it).
    pub(crate) fn extend(&mut self, costs: &Costs, ocr: &[char], give_up: f32) -> bool {
        if self.last_min > give_up {
            return false;
        }
        let form = Rc::clone(&self.form);
        let mut subs = vec![0.0; form.readings.len()];
        let mut takes = vec![0.0; form.slots.len()];
        for &o in &ocr[self.chars()..] {
            // The costs of the OCR character this row adds.
            let (fo, space) = (fold(o), o.is_whitespace());
            for (x, r) in subs.iter_mut().zip(&form.readings) {
                *x = costs.sub(r, o, fo, space);
            }
            for (x, slot) in takes.iter_mut().zip(&form.slots) {
                if let Some(def) = slot {
                    *x = costs.take(def, o);
                }
            }
            self.row(Some((Costs::edge(o), Costs::ins(o))), &subs, &takes);
            if self.last_min > give_up {
                return false;
            }
        }
        true
    }

    /// Adds a row: the first, or one for an OCR character with its edge
    /// and insertion costs, its costs against the distinct fixed characters
    /// (`subs`) and against each piece's slot (`takes`).
    fn row(&mut self, char_costs: Option<(f32, f32)>, subs: &[f32], takes: &[f32]) {
        let m = self.form.elems.len();
        let w = m + 2;
        let at = self.d.len();
        self.d.resize(at + w, INF);
        self.back.resize(at + w, Op::None);
        let (done, rest) = self.d.split_at_mut(at);
        let cur = &mut rest[..w];
        let ops = &mut self.back[at..at + w];
        // Each cell takes the cheapest of its moves, the first one on a tie.
        let above = char_costs.map(|(edge, ins)| (&done[at - w..], edge, ins));
        let first = match above {
            None => Cell {
                cost: 0.0,
                op: Op::None,
            },
            Some((prev, edge, _)) => Cell::new().offer(prev[0] + edge, Op::Lead),
        };
        cur[0] = first.cost;
        ops[0] = first.op;
        for (j, step) in (1..=m).zip(&self.form.steps) {
            let left = cur[j - 1];
            let best = match (*step, above) {
                (Step::Lit { sub, del }, Some((prev, _, ins))) => {
                    let best = Cell::new().offer(prev[j - 1] + subs[sub], Op::Sub);
                    let best = if j < m {
                        best.offer(prev[j] + ins, Op::Ins)
                    } else {
                        best
                    };
                    best.offer(left + del, Op::Del)
                }
                (Step::Lit { del, .. }, None) => Cell::new().offer(left + del, Op::Del),
                (Step::Slot { take, unbounded }, above) => {
                    let best = Cell::new().offer(left, Op::SlotEmpty);
                    match above {
                        Some((prev, _, _)) => {
                            let c = takes[take];
                            let best = best.offer(prev[j - 1] + c, Op::SlotStart);
                            if unbounded {
                                best.offer(prev[j] + c, Op::SlotMore)
                            } else {
                                best
                            }
                        }
                        None => best,
                    }
                }
            };
            cur[j] = best.cost;
            ops[j] = best.op;
        }
        let best = Cell::new().offer(cur[m], Op::EndTrail);
        let best = match above {
            Some((prev, edge, _)) => best.offer(prev[m + 1] + edge, Op::Trail),
            None => best,
        };
        cur[m + 1] = best.cost;
        ops[m + 1] = best.op;
        self.last_min = cur.iter().copied().fold(INF, f32::min);
    }

    /// The best alignment of `ocr`, which the table has all the rows of.
    pub(crate) fn aligned(&self, ocr: &[char]) -> Aligned {
        let (n, m) = (ocr.len(), self.form.elems.len());
        debug_assert_eq!(n, self.chars());
        let w = m + 2;
        // Walk back, collecting the ops in reverse.
        let mut ops = Vec::with_capacity(n + m);
        let (mut i, mut j) = (n, m + 1);
        while i > 0 || j > 0 {
            let op = self.back[i * w + j];
            ops.push((op, i, j));
            match op {
                Op::Lead | Op::Trail | Op::Ins | Op::SlotMore => i -= 1,
                Op::EndTrail | Op::Del | Op::SlotEmpty => j -= 1,
                Op::Sub | Op::SlotStart => {
                    i -= 1;
                    j -= 1;
                }
                Op::None => break,
            }
        }
        ops.reverse();
        let mut out = Aligned {
            cost: self.d[n * w + m + 1],
            lead: 0..0,
            trail: n..n,
            pieces: vec![(0..0, String::new()); self.form.slots.len()],
        };
        // Per piece: the OCR characters it took so far, once touched.
        let mut spans: Vec<Option<(usize, usize)>> = vec![None; self.form.slots.len()];
        let piece_of = |j: usize| match self.form.elems[j - 1] {
            Elem::Lit(_, p) | Elem::Slot(p, _) => p,
        };
        let mut touch = |p: usize, from: usize, to: usize| {
            let r = spans[p].get_or_insert((from, to));
            r.0 = r.0.min(from);
            r.1 = r.1.max(to);
        };
        for &(op, i, j) in &ops {
            // `i`, `j` are the cell after the op.
            match op {
                Op::Lead => out.lead = 0..i,
                // The trail's ops follow `EndTrail`, which marks where it starts.
                Op::Trail => {}
                Op::EndTrail => out.trail = i..n,
                Op::Sub => {
                    let p = piece_of(j);
                    touch(p, i - 1, i);
                    let (o, t) = (ocr[i - 1], lit(self.form.elems[j - 1]));
                    out.pieces[p].1.push(if o == '\n' { '\n' } else { t });
                }
                Op::Del => {
                    let p = piece_of(j);
                    touch(p, i, i);
                    out.pieces[p].1.push(lit(self.form.elems[j - 1]));
                }
                Op::Ins => {
                    let p = piece_of(j);
                    touch(p, i - 1, i);
                    if ocr[i - 1] == '\n' {
                        out.pieces[p].1.push('\n');
                    }
                }
                Op::SlotEmpty => touch(piece_of(j), i, i),
                Op::SlotStart | Op::SlotMore => touch(piece_of(j), i - 1, i),
                Op::None => {}
            }
        }
        for (piece, span) in out.pieces.iter_mut().zip(&spans) {
            if let Some((a, b)) = *span {
                piece.0 = a..b;
            }
            // A line break kept from the OCR stands for the template's space.
            while piece.1.contains(" \n") || piece.1.contains("\n ") {
                piece.1 = piece.1.replace(" \n", "\n").replace("\n ", "\n");
            }
        }
        out
    }
}

fn lit(e: Elem) -> char {
    match e {
        Elem::Lit(c, _) => c,
        Elem::Slot(..) => unreachable!("a slot has no text"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::{Placeholder, SlotDef, Unknown};
    use super::*;

    fn slot(kind: SlotKind) -> Piece {
        Piece::Slot(Placeholder {
            name: "x".into(),
            def: std::sync::Arc::new(SlotDef {
                kind,
                values: vec![],
                digits: (1, 8),
                agree: None,
                unknown: Unknown::Keep,
                value_chars: vec![],
                squeezed: vec![],
            }),
        })
    }

    fn run(ocr: &str, pieces: &[Piece]) -> (Aligned, Vec<char>) {
        let mut costs = Costs::default();
        costs.digits.insert('б', '6');
        let chars: Vec<char> = ocr.chars().collect();
        let mut table = Table::new(&costs, pieces);
        assert!(table.extend(&costs, &chars, f32::INFINITY), "no limit");
        (table.aligned(&chars), chars)
    }

    fn text(chars: &[char], r: &Range<usize>) -> String {
        chars[r.clone()].iter().collect()
    }

    #[test]
    fn finds_slots_and_junk() {
        let pieces = [
            Piece::Lit("Продолжение ШИФРОВКИ № ".into()),
            slot(SlotKind::Number),
            Piece::Lit("/".into()),
            slot(SlotKind::Text),
        ];
        let (a, c) = run("° Прозоажение МибРОВКИ № 603952/с |", &pieces);
        assert_eq!(text(&c, &a.lead), "° ");
        assert_eq!(text(&c, &a.pieces[1].0), "603952");
        assert_eq!(a.pieces[0].1, "Продолжение ШИФРОВКИ № ");
        assert_eq!(text(&c, &a.pieces[3].0), "с");
        assert_eq!(text(&c, &a.trail), " |");
    }

    #[test]
    fn keeps_line_breaks_in_fixed_text() {
        let pieces = [
            Piece::Lit("Поступила в 8-е Управление ".into()),
            slot(SlotKind::Text),
        ];
        let (a, _) = run("Поступила в 8-е\nУправлевие Штаба", &pieces);
        assert_eq!(a.pieces[0].1, "Поступила в 8-е\nУправление ");
    }

    #[test]
    fn number_takes_lookalikes() {
        let pieces = [Piece::Lit("Экз. № ".into()), slot(SlotKind::Number)];
        let (a, c) = run("Экз. мб", &pieces);
        assert_eq!(text(&c, &a.pieces[1].0), "б");
    }
}
