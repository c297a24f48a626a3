//! The weighted, generalised edit distance: one DP row per character of the
//! lexicon word, one cell per prefix of the (OCR) query.
//!
//! `rows[j][i]` is the least cost of turning the first `i` query characters
//! into the first `j` word characters, using
//! - the default edits: substitution, insertion (a word character missing
//!   from the query), deletion (an extra query character), adjacent swap;
//! - the table's entries `ocr → truth`, where `ocr` ends at query position
//!   `i` and `truth` ends at word position `j` (each 0..=3 characters).
//!
//! Costs are integers (units of 1/1000). Row `j` reads rows `j-1`, `j-2`,
//! `j-3` (truths up to three characters, swaps), so the trie walk keeps every
//! row of the current path in one flat buffer ([`Grid`]) and overwrites it
//! as it backtracks. Cells over the search's bound are cut, and a row
//! computes only the cells an edit can reach from the finite cells above
//! it; a row whose children can take no default edit within the bound
//! names the characters that can still follow it ([`Next`]), and the walk
//! skips every other child unseen. The answers are those of full rows
//! (`tests/search.rs` checks them against a brute-force search).

use std::collections::HashMap;

use super::confusions::{units, Chars3, Confusions, Rule, MAX_CONFUSION_CHARS};

/// A DP cost in units of 1/1000.
pub(crate) type Cost = u32;

/// "Unreachable". Any cost plus one edit (at most `MAX_EDIT_UNITS`, or INF
/// itself for a disabled edit) still fits in a u32; rows are clamped to INF.
pub(crate) const INF: Cost = 1 << 30;

/// The table's entries indexed for preparing queries. Built once per table
/// and direction, and cached in the [`Confusions`] (see
/// [`Confusions::rule_set`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSet {
    /// Rules with a non-empty `ocr`, by the first character of `ocr`.
    by_first: HashMap<char, Vec<Rule>>,
    /// Rules with an empty `ocr` (insertions of `truth`).
    insertions: Vec<Rule>,
}

impl RuleSet {
    /// Indexes `rules`; with `reversed`, every entry's strings are reversed
    /// (for matching reversed queries against reversed words).
    pub(crate) fn new(rules: impl Iterator<Item = Rule>, reversed: bool) -> Self {
        let mut set = RuleSet::default();
        for mut rule in rules {
            if reversed {
                rule.ocr = rule.ocr.reversed();
                rule.truth = rule.truth.reversed();
            }
            match rule.ocr.as_slice().first() {
                Some(&c) => set.by_first.entry(c).or_default().push(rule),
                None => set.insertions.push(rule),
            }
        }
        set
    }
}

/// The indexed entries plus the default costs: what preparing a query needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleIndex<'c> {
    set: &'c RuleSet,
    sub: Cost,
    ins: Cost,
    del: Cost,
    trans: Cost,
}

impl<'c> RuleIndex<'c> {
    /// The index of `conf` (cached in it) with its current default costs.
    pub(crate) fn new(conf: &'c Confusions, reversed: bool) -> Self {
        let d = conf.defaults;
        let u = |c: f32| units(c).unwrap_or(INF);
        RuleIndex {
            set: conf.rule_set(reversed),
            sub: u(d.substitution),
            ins: u(d.insertion),
            del: u(d.deletion),
            trans: u(d.transposition),
        }
    }

    /// The cheapest edit of any kind, in units: a lower bound on the cost of
    /// any non-identity alignment.
    #[cfg(test)]
    pub(crate) fn cheapest(&self) -> Cost {
        let rules = self
            .set
            .by_first
            .values()
            .flatten()
            .chain(&self.set.insertions)
            .map(|r| r.cost);
        rules
            .chain([self.sub, self.ins, self.del, self.trans])
            .min()
            .unwrap_or(INF)
    }
}

/// A substitution entry located in the query: `ocr` ends at query position
/// `i` (1-based end), and the truth is `t`.
#[derive(Debug, Clone, Copy)]
struct SubAt {
    i: u32,
    s_len: u32,
    t: Chars3,
    cost: Cost,
}

/// A deletion entry located in the query: `ocr` (of `s_len` chars) ends at
/// query position `i`.
#[derive(Debug, Clone, Copy)]
struct DelAt {
    s_len: u32,
    cost: Cost,
}

/// A multi-character truth under way (see [`Prepared::pending_from`]).
#[derive(Debug, Clone, Copy)]
struct Pending {
    /// Characters of the truth already matched (1 or 2).
    k: u32,
    pre: [char; 2],
    /// Cell of row `j - k` the entry starts from; `None` for an insertion
    /// entry, which can start from any cell.
    src: Option<u32>,
    cost: Cost,
}

/// Rules whose truth ends with one character: ranges into `subs` and `ins`.
#[derive(Debug, Clone, Copy, Default)]
struct Group {
    sub: (u32, u32),
    ins: (u32, u32),
}

/// A query prepared for the DP: its characters and the table entries that
/// apply to it, grouped so that a DP row only looks at the entries whose
/// truth ends with the new word character. Reused between queries.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    /// Query characters.
    pub(crate) q: Vec<char>,
    sub: Cost,
    ins: Cost,
    del: Cost,
    pub(crate) trans: Cost,
    /// Substitution entries found in the query, sorted by the truth's last
    /// character.
    subs: Vec<SubAt>,
    /// Insertion entries, sorted by the truth's last character.
    ins_rules: Vec<Rule>,
    /// Distinct last truth characters, sorted, with their group.
    keys: Vec<char>,
    groups: Vec<Group>,
    /// Bit `c & 63` set for every key `c`: a quick "no entry ends with c".
    key_mask: u64,
    /// Deletion entries ending at query position `i` are
    /// `dels[del_off[i]..del_off[i + 1]]`.
    dels: Vec<DelAt>,
    del_off: Vec<u32>,
    /// Entries with a multi-character truth, one per proper prefix of the
    /// truth: while the word's last `k` characters are that prefix, row
    /// `j - k` can still feed a later row through the entry.
    pending: Vec<Pending>,
    /// Bit `c & 63` set for the last character of every entry's `pre`: a
    /// quick "no truth under way ends with c".
    pending_mask: u64,
    /// A gap: word characters missing at query cell `.0` (between query
    /// characters `.0 - 1` and `.0`) cost `.1` each instead of the default
    /// insertion. Set after [`Prepared::prepare`], which clears it.
    pub(crate) gap: Option<(usize, Cost)>,
}

impl Prepared {
    /// Prepares `query` (already lowercased and folded by the caller).
    pub(crate) fn prepare(&mut self, index: &RuleIndex, query: &str) {
        self.q.clear();
        self.q.extend(query.chars());
        let n = self.q.len();
        self.sub = index.sub;
        self.ins = index.ins;
        self.del = index.del;
        self.trans = index.trans;
        self.subs.clear();
        self.dels.clear();
        self.del_off.clear();
        self.pending.clear();
        self.pending_mask = 0;
        self.gap = None;

        // Deletions by end position, substitutions anywhere.
        let mut dels_by_end: Vec<(u32, DelAt)> = Vec::new();
        for start in 0..n {
            let Some(rules) = index.set.by_first.get(&self.q[start]) else {
                continue;
            };
            for r in rules {
                let s = r.ocr.as_slice();
                if start + s.len() > n || self.q[start..start + s.len()] != *s {
                    continue;
                }
                let i = (start + s.len()) as u32;
                if r.truth.len == 0 {
                    dels_by_end.push((
                        i,
                        DelAt {
                            s_len: s.len() as u32,
                            cost: r.cost,
                        },
                    ));
                } else {
                    self.subs.push(SubAt {
                        i,
                        s_len: s.len() as u32,
                        t: r.truth,
                        cost: r.cost,
                    });
                }
            }
        }
        dels_by_end.sort_by_key(|&(i, d)| (i, d.s_len, d.cost));
        let mut k = 0;
        for i in 0..=n + 1 {
            self.del_off.push(self.dels.len() as u32);
            while k < dels_by_end.len() && dels_by_end[k].0 as usize == i {
                self.dels.push(dels_by_end[k].1);
                k += 1;
            }
        }

        let last = |t: &Chars3| t.c[t.len as usize - 1];
        self.subs
            .sort_by_key(|s| (last(&s.t), s.i, s.s_len, s.t, s.cost));
        self.ins_rules.clear();
        self.ins_rules.extend(index.set.insertions.iter().copied());
        self.ins_rules
            .sort_by_key(|r| (last(&r.truth), r.truth, r.cost));

        self.keys.clear();
        self.groups.clear();
        self.key_mask = 0;
        let (mut a, mut b) = (0usize, 0usize);
        while a < self.subs.len() || b < self.ins_rules.len() {
            let ka = self.subs.get(a).map(|s| last(&s.t));
            let kb = self.ins_rules.get(b).map(|r| last(&r.truth));
            let key = match (ka, kb) {
                (Some(x), Some(y)) => x.min(y),
                (Some(x), None) => x,
                (None, Some(y)) => y,
                (None, None) => unreachable!(),
            };
            let mut g = Group::default();
            let a0 = a;
            while a < self.subs.len() && last(&self.subs[a].t) == key {
                a += 1;
            }
            g.sub = (a0 as u32, a as u32);
            let b0 = b;
            while b < self.ins_rules.len() && last(&self.ins_rules[b].truth) == key {
                b += 1;
            }
            g.ins = (b0 as u32, b as u32);
            self.keys.push(key);
            self.groups.push(g);
            self.key_mask |= 1 << (key as u32 & 63);
        }

        let truths = self.subs.iter().map(|s| (s.t, Some(s.i - s.s_len), s.cost));
        for (t, src, cost) in truths.chain(self.ins_rules.iter().map(|r| (r.truth, None, r.cost))) {
            for k in 1..u32::from(t.len) {
                let pre = [t.c[0], if k == 2 { t.c[1] } else { '\0' }];
                self.pending.push(Pending { k, pre, src, cost });
                self.pending_mask |= 1 << (pre[k as usize - 1] as u32 & 63);
            }
        }
    }

    /// Row width: query length + 1.
    #[inline]
    pub(crate) fn stride(&self) -> usize {
        self.q.len() + 1
    }

    #[inline]
    fn group(&self, c: char) -> Option<Group> {
        if self.key_mask & (1 << (c as u32 & 63)) == 0 {
            return None;
        }
        self.keys
            .iter()
            .position(|&k| k == c)
            .map(|p| self.groups[p])
    }

    /// Fills row `j` of `grid` from rows `j-1..j-3`, where `w[..j]` are the
    /// word's characters. Row 0 needs no word characters.
    ///
    /// Cells costing more than `lim.bound` can lead to no answer and are cut
    /// (set to INF), as are cells `0..lim.cap_cells` costing more than
    /// `lim.cap` (the split search allows only half the bound on the first
    /// half of the query). Only the cells an edit can reach from the finite
    /// cells of the rows above are computed (see [`Span`]): a row of a
    /// long query far from the word costs a few cells, not the whole row.
    ///
    /// Returns the least cost that any later row can build on: the row's
    /// minimum, or less if a swap can still start from row `j-1` (the next
    /// word character would be the one swapped with `w[j-1]`). Multi-character
    /// truths under way are checked separately ([`Grid::live`]).
    #[inline]
    fn fill_row(&self, grid: &mut Grid, j: usize, w: &[char], lim: Limits) -> Cost {
        let s = self.stride();
        let n = s - 1;
        let (before, rest) = grid.cells.split_at_mut(j * s);
        let cur = &mut rest[..s];
        cur.fill(INF);
        let mut swap_from = INF;
        // The cells written so far: `lo..=hi` (empty when lo > hi).
        let (mut lo, mut hi) = (usize::MAX, 0);
        let spans = &grid.spans;
        let span = |r: usize| {
            let x = spans[r];
            (x.lo as usize, x.hi as usize)
        };
        if j == 0 {
            cur[0] = 0;
            (lo, hi) = (0, 0);
        } else {
            let c = w[j - 1];
            let prev = &before[(j - 1) * s..j * s];
            let (sub, ins) = (self.sub, self.ins);
            // Cell i from prev[i - 1] (substitution or match) and prev[i]
            // (insertion): cells `a..=b + 1` for the finite `a..=b` above.
            let (a, b) = span(j - 1);
            if a <= b {
                (lo, hi) = (a, (b + 1).min(n));
                if a == 0 {
                    cur[0] = prev[0] + ins;
                }
                for i in a.max(1)..=hi {
                    let d = if self.q[i - 1] == c {
                        if i >= 2 {
                            swap_from = swap_from.min(prev[i - 2]);
                        }
                        prev[i - 1]
                    } else {
                        prev[i - 1] + sub
                    };
                    cur[i] = d.min(prev[i] + ins);
                }
                // A swap can also start from the cell after the last one.
                if b + 2 <= n && self.q[b + 1] == c {
                    swap_from = swap_from.min(prev[b]);
                }
                if let Some((g, cost)) = self.gap {
                    if (a..=b).contains(&g) {
                        cur[g] = cur[g].min(prev[g] + cost);
                    }
                }
            }
            if j >= 2 && self.trans < INF && w[j - 2] != c {
                let c1 = w[j - 2];
                let (a, b) = span(j - 2);
                if a <= b {
                    let pp = &before[(j - 2) * s..(j - 1) * s];
                    for i in a + 2..=(b + 2).min(n) {
                        if self.q[i - 2] == c && self.q[i - 1] == c1 {
                            cur[i] = cur[i].min(pp[i - 2] + self.trans);
                            (lo, hi) = (lo.min(i), hi.max(i));
                        }
                    }
                }
            }
            if let Some(g) = self.group(c) {
                for r in &self.ins_rules[g.ins.0 as usize..g.ins.1 as usize] {
                    let tl = r.truth.len as usize;
                    if !ends_with(w, j, &r.truth) {
                        continue;
                    }
                    let (a, b) = span(j - tl);
                    if a > b {
                        continue;
                    }
                    let src = &before[(j - tl) * s..(j - tl + 1) * s];
                    for (x, &y) in cur[a..=b].iter_mut().zip(&src[a..=b]) {
                        *x = (*x).min(y + r.cost);
                    }
                    (lo, hi) = (lo.min(a), hi.max(b));
                }
                for r in &self.subs[g.sub.0 as usize..g.sub.1 as usize] {
                    if !ends_with(w, j, &r.t) {
                        continue;
                    }
                    let i = r.i as usize;
                    let v = before[(j - r.t.len as usize) * s + i - r.s_len as usize] + r.cost;
                    if v < cur[i] {
                        cur[i] = v;
                        (lo, hi) = (lo.min(i), hi.max(i));
                    }
                }
            }
        }
        // Deletions read cells to their left in the same row, so they come
        // last, left to right from the first cell written; past the last
        // one they only carry costs on, until the cells they read are cut.
        let del = self.del;
        let bound = lim.bound.min(INF);
        let cap = lim.cap.min(bound);
        let mut min = INF;
        let mut span = Span::EMPTY;
        if lo <= hi {
            let mut left = INF;
            let plain = self.dels.is_empty();
            for i in lo..=n {
                let mut v = cur[i].min(left + del);
                if !plain {
                    let (a, b) = (self.del_off[i] as usize, self.del_off[i + 1] as usize);
                    for d in &self.dels[a..b] {
                        v = v.min(cur[i - d.s_len as usize] + d.cost);
                    }
                }
                if v > (if i < lim.cap_cells { cap } else { bound }) {
                    v = INF;
                }
                cur[i] = v;
                left = v;
                if v < INF {
                    span.lo = span.lo.min(i as u32);
                    span.hi = i as u32;
                    min = min.min(v);
                } else if i > hi && (plain || i >= span.hi as usize + MAX_CONFUSION_CHARS) {
                    break;
                }
            }
        }
        grid.spans[j] = span;
        min.min(swap_from.saturating_add(self.trans))
    }

    /// Can row `j - 1` or `j - 2`, where the word's last one or two
    /// characters begin a multi-character truth, still feed a later row
    /// within `bound`?
    #[inline]
    fn pending_from(&self, grid: &Grid, w: &[char], j: usize, bound: Cost) -> bool {
        if self.pending_mask & (1 << (w[j - 1] as u32 & 63)) == 0 {
            return false;
        }
        let s = self.stride();
        self.pending.iter().any(|p| {
            let k = p.k as usize;
            if k > j || w[j - k] != p.pre[0] || (k == 2 && w[j - 1] != p.pre[1]) {
                return false;
            }
            let r = j - k;
            let from = match p.src {
                Some(i) => grid.cells[r * s + i as usize],
                None => grid.mins[r],
            };
            from + p.cost <= bound
        })
    }
}

/// The word characters that can follow a row within a bound: a row whose
/// children cannot take any default edit within the bound (its least cost
/// plus the cheapest of substitution and insertion is over it) only lives
/// on through a character the query has where the row's cells can match it
/// or start or finish a swap with it, or one that ends a table entry or a
/// multi-character truth under way. Any other child is dead: the walk skips
/// it without filling its row. A superset is always safe.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Next {
    any: bool,
    len: u8,
    chars: [char; NEXT_CHARS],
    /// The table's and the pending truths' last characters (`c & 63`).
    mask: u64,
}

/// Characters a [`Next`] lists before it gives up and admits any.
const NEXT_CHARS: usize = 8;

impl Next {
    fn push(&mut self, c: char) {
        if self.chars[..self.len as usize].contains(&c) {
            return;
        }
        if self.len as usize == NEXT_CHARS {
            self.any = true;
        } else {
            self.chars[self.len as usize] = c;
            self.len += 1;
        }
    }

    /// Whether the word character `c` can follow the row.
    #[inline]
    pub(crate) fn admits(&self, c: char) -> bool {
        self.any
            || self.mask & (1 << (c as u32 & 63)) != 0
            || self.chars[..self.len as usize].contains(&c)
    }
}

/// What a row may cost: cells above `bound` are cut, and so are cells
/// `0..cap_cells` above `cap`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) bound: Cost,
    pub(crate) cap_cells: usize,
    pub(crate) cap: Cost,
}

impl Limits {
    /// Every cell within `bound`, none capped.
    pub(crate) fn within(bound: Cost) -> Self {
        Limits {
            bound,
            cap_cells: 0,
            cap: INF,
        }
    }
}

/// The finite cells of a row, `lo..=hi`; every other cell is INF. Empty
/// when `lo > hi`.
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: u32,
    hi: u32,
}

impl Span {
    const EMPTY: Span = Span {
        lo: u32::MAX,
        hi: 0,
    };

    /// The finite cells of `row` (the row this span is of), with their
    /// positions.
    fn cells(self, row: &[Cost]) -> impl Iterator<Item = (usize, Cost)> + '_ {
        let (lo, hi) = (self.lo as usize, (self.hi as usize).min(row.len() - 1));
        let cells = if lo <= hi { &row[lo..=hi] } else { &[][..] };
        cells.iter().enumerate().map(move |(k, &v)| (lo + k, v))
    }
}

/// The DP rows of one query against the word (prefix) of the moment: row
/// `j` for its first `j` characters, one cell per query prefix, in one flat
/// buffer that a trie walk overwrites as it backtracks.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    cells: Vec<Cost>,
    spans: Vec<Span>,
    /// Per row: the least cost later rows can build on.
    mins: Vec<Cost>,
}

impl Grid {
    /// Makes room for rows `0..=j` of a query prepared as `p`.
    #[inline]
    pub(crate) fn ensure(&mut self, p: &Prepared, j: usize) {
        let s = p.stride();
        if self.mins.len() <= j || self.cells.len() < (j + 1) * s {
            let rows = (j + 1).max(self.mins.len() * 2).max(16);
            self.cells.resize(rows * s, INF);
            self.spans.resize(rows, Span::EMPTY);
            self.mins.resize(rows, INF);
        }
    }

    /// Fills row `j` (after [`Grid::ensure`]) for the word characters
    /// `w[..j]`; returns the least cost later rows can build on (see
    /// [`Prepared::fill_row`]).
    #[inline]
    pub(crate) fn fill(&mut self, p: &Prepared, j: usize, w: &[char], lim: Limits) -> Cost {
        let live = p.fill_row(self, j, w, lim);
        self.mins[j] = live;
        live
    }

    /// The characters that can follow row `j` (filled for the word
    /// characters `w[..j]`) within `bound`; see [`Next`].
    pub(crate) fn next(&self, p: &Prepared, w: &[char], j: usize, bound: Cost) -> Next {
        let mut next = Next {
            mask: p.key_mask | p.pending_mask,
            ..Next::default()
        };
        let s = p.stride();
        let n = s - 1;
        let row = &self.cells[j * s..(j + 1) * s];
        let generic = p.sub.min(p.ins);
        let gap = p
            .gap
            .is_some_and(|(g, cost)| g <= n && row[g] + cost <= bound);
        if self.mins[j].min(INF) + generic <= bound || gap {
            next.any = true;
            return next;
        }
        for (x, v) in self.spans[j].cells(row) {
            // A match from cell x, and a swap starting there.
            if x < n && v <= bound {
                next.push(p.q[x]);
            }
            if x + 1 < n && v + p.trans <= bound {
                next.push(p.q[x + 1]);
            }
        }
        // A swap finishing in the next row, started from row j - 1.
        if j >= 1 && p.trans < INF {
            let pp = &self.cells[(j - 1) * s..j * s];
            for (x, v) in self.spans[j - 1].cells(pp) {
                if x + 1 < n && v + p.trans <= bound && p.q[x + 1] == w[j - 1] {
                    next.push(p.q[x]);
                }
            }
        }
        next
    }

    /// Whether row `j` can still lead somewhere within `bound`: its least
    /// cost, or a multi-character truth under way.
    #[inline]
    pub(crate) fn live(&self, p: &Prepared, w: &[char], j: usize, bound: Cost) -> bool {
        self.mins[j] <= bound || (j > 0 && p.pending_from(self, w, j, bound))
    }

    /// The cost of the whole query against the word of row `j`.
    #[inline]
    pub(crate) fn last(&self, p: &Prepared, j: usize) -> Cost {
        let s = p.stride();
        self.cells[j * s + s - 1]
    }
}

/// Does `w[..j]` end with `t`? The last character is known to match (rules
/// are grouped by it).
#[inline]
fn ends_with(w: &[char], j: usize, t: &Chars3) -> bool {
    match t.len {
        1 => true,
        2 => j >= 2 && w[j - 2] == t.c[0],
        _ => j >= 3 && w[j - 3] == t.c[0] && w[j - 2] == t.c[1],
    }
}

/// Weighted distance between an OCR string `ocr` and a candidate `truth`
/// (both lowercased, ё folded), in units.
pub(crate) fn distance_units(index: &RuleIndex, ocr: &str, truth: &str) -> Cost {
    gap_distance_units(index, ocr, truth, None)
}

/// [`distance_units`] with a [`Prepared::gap`].
pub(crate) fn gap_distance_units(
    index: &RuleIndex,
    ocr: &str,
    truth: &str,
    gap: Option<(usize, Cost)>,
) -> Cost {
    let mut p = Prepared::default();
    p.prepare(index, ocr);
    p.gap = gap;
    Rows::default().distance(&p, truth, INF).unwrap_or(INF)
}

/// Reusable buffers for distances from one prepared OCR string.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    grid: Grid,
    w: Vec<char>,
}

impl Rows {
    /// The distance from the prepared OCR string to `truth` if it is at
    /// most `bound`, else `None`: rows stop as soon as none of them can lead
    /// to a cost within the bound (the search's own pruning), so a far
    /// string costs a few rows instead of all.
    pub(crate) fn distance(&mut self, p: &Prepared, truth: &str, bound: Cost) -> Option<Cost> {
        self.w.clear();
        self.w.extend(truth.chars());
        let n = self.w.len();
        self.grid.ensure(p, n);
        for j in 0..=n {
            self.grid.fill(p, j, &self.w, Limits::within(bound));
            if !self.grid.live(p, &self.w, j, bound) {
                return None;
            }
        }
        let d = self.grid.last(p, n);
        (d <= bound).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> Confusions {
        Confusions::parse(&format!("ocr\ttruth\tcost\n{rows}"), "test").unwrap()
    }

    fn d(conf: &Confusions, a: &str, b: &str) -> Cost {
        distance_units(&RuleIndex::new(conf, false), a, b)
    }

    #[test]
    fn plain_levenshtein_with_swaps() {
        let c = Confusions::default();
        assert_eq!(d(&c, "", ""), 0);
        assert_eq!(d(&c, "кот", "кот"), 0);
        assert_eq!(d(&c, "", "кот"), 3000);
        assert_eq!(d(&c, "кот", ""), 3000);
        assert_eq!(d(&c, "кот", "код"), 1000);
        assert_eq!(d(&c, "кот", "крот"), 1000);
        assert_eq!(d(&c, "крот", "кот"), 1000);
        assert_eq!(d(&c, "георически", "героически"), 1000, "one swap");
        assert_eq!(d(&c, "kitten", "sitting"), 3000);
    }

    #[test]
    fn a_bounded_distance_is_the_distance_or_none() {
        let c = table("ь\tы\t0.3\nьі\tы\t0.2\nrn\tm\t0.3\nm\trn\t0.4\n.\t\t0.1\n\tь\t0.5\n0\tо\t0.2\nс\tсс\t0.6\n");
        let index = RuleIndex::new(&c, false);
        let words = [
            "",
            "кот",
            "крот",
            "бьіл",
            "был",
            "rnodern",
            "modern",
            "к.от",
            "к0т",
            "масса",
            "маса",
            "георически",
            "героически",
            "товарищу",
            "тов",
            "ьььь",
        ];
        for a in words {
            for b in words {
                let d = distance_units(&index, a, b);
                for bound in [0, 100, 200, 300, 999, 1000, 1500, 2000, 5000, INF - 1] {
                    let mut p = Prepared::default();
                    p.prepare(&index, a);
                    let got = Rows::default().distance(&p, b, bound);
                    let want = (d <= bound).then_some(d);
                    assert_eq!(got, want, "{a:?} {b:?} within {bound}");
                }
            }
        }
    }

    #[test]
    fn swaps_can_be_disabled() {
        let mut c = Confusions::default();
        c.defaults.transposition = f32::INFINITY;
        assert_eq!(d(&c, "георически", "героически"), 2000);
    }

    #[test]
    fn entries_of_every_shape() {
        let c = table("ь\tы\t0.3\nьі\tы\t0.2\nrn\tm\t0.3\nm\trn\t0.4\n.\t\t0.1\n\tь\t0.5\n0\tо\t0.2\nс\tсс\t0.6\n");
        assert_eq!(d(&c, "чтобь", "чтобы"), 300);
        assert_eq!(d(&c, "чтобьі", "чтобы"), 200);
        assert_eq!(d(&c, "rnay", "may"), 300);
        assert_eq!(d(&c, "modern", "modem"), 300);
        assert_eq!(d(&c, "modem", "modern"), 400, "entries are directional");
        assert_eq!(
            d(&c, "mоdem", "modern"),
            1400,
            "Cyrillic о (1.0) + m→rn (0.4)"
        );
        assert_eq!(d(&c, "ч.т.о", "что"), 200);
        assert_eq!(d(&c, "писма", "письма"), 500);
        assert_eq!(d(&c, "с00бщило", "сообщило"), 400);
        assert_eq!(d(&c, "шосейные", "шоссейные"), 600);
        assert_eq!(RuleIndex::new(&c, false).cheapest(), 100);
    }

    #[test]
    fn defaults_are_configurable() {
        let mut c = Confusions::default();
        c.defaults.substitution = 0.7;
        c.defaults.insertion = 0.4;
        c.defaults.deletion = 0.9;
        assert_eq!(d(&c, "кот", "код"), 700);
        assert_eq!(d(&c, "кот", "крот"), 400);
        assert_eq!(d(&c, "крот", "кот"), 900);
    }

    #[test]
    fn cheaper_default_beats_expensive_entry() {
        let c = table("а\tб\t1\n");
        let mut c2 = c.clone();
        c2.defaults.substitution = 0.5;
        assert_eq!(d(&c, "а", "б"), 1000);
        assert_eq!(d(&c2, "а", "б"), 500);
    }
}
