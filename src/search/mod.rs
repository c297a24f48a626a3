//! OCR-aware candidate search over a lexicon.
//!
//! Given a token that OCR misread (lowercased by the caller, `ё` folded to
//! `е`), [`Searcher::candidates`] finds the lexicon words within a bounded
//! *weighted* edit distance, where a [`Confusions`] table says which misreads
//! are cheap (`ь`→`ы` 0.3, `ьі`→`ы` 0.2, `rn`→`m` 0.3, a stray `.` 0.1, …)
//! and everything else costs the [`DefaultCosts`].
//!
//! The lexicon is an [`fst::Map`] from words to frequencies. The search walks
//! its nodes depth first, one DP row per word character (see `dp.rs`),
//! and leaves a subtree as soon as no alignment of the word prefix can stay
//! within the bound. The bound tightens as candidates are found (to the
//! best cost plus [`SearchOptions::max_cost_over_best`], and to the
//! `max_candidates`-th cost), and a first pass at
//! [`SearchOptions::first_pass_cost`] often settles the answer before the
//! expensive full-bound walk is needed (a pass that finds nothing is followed
//! by one at twice its bound). The answer is the same as an exhaustive
//! search's under the same options.

mod confusions;
mod dp;

use std::cell::RefCell;

use fst::raw::{Fst, Node};

use confusions::SCALE;
pub use confusions::{Confusions, DefaultCosts, Error, MAX_CONFUSION_CHARS};
use dp::{Cost, Grid, Limits, Next, Prepared, RuleIndex, INF};

/// A lexicon word proposed for a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The lexicon word.
    pub word: String,
    /// Weighted edit cost from the query to `word` (0 = identical), in steps
    /// of 0.001.
    pub cost: f32,
    /// The word's frequency count from the lexicon.
    pub freq: u64,
}

/// Limits of one search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchOptions {
    /// Largest weighted edit cost of a candidate (inclusive). Default 2.0.
    pub max_cost: f32,
    /// Most candidates returned (the best by cost, then frequency, then
    /// word). Default 10; 0 returns nothing.
    pub max_candidates: usize,
    /// Only candidates within this much of the best one are returned (and
    /// searched for): with the best at 0.3 and this at 1.0, nothing above 1.3.
    /// Default 1.0; `f32::INFINITY` returns everything within `max_cost`.
    pub max_cost_over_best: f32,
    /// Bound of a cheaper first pass. When it finds the best candidate and
    /// everything within `max_cost_over_best` of it (or `max_candidates`
    /// candidates), the full-bound pass is skipped; when it finds nothing,
    /// the next pass has twice its bound (up to `max_cost`). The answer is
    /// the same either way. Default 0.5 (most misread words are one cheap
    /// confusion away, and a pass costs far more the wider its bound); a
    /// value at or above `max_cost` means a single pass.
    pub first_pass_cost: f32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            max_cost: 2.0,
            max_candidates: 10,
            max_cost_over_best: 1.0,
            first_pass_cost: 0.5,
        }
    }
}

/// Searches one lexicon with one confusion table. Cheap to build (it
/// indexes the table); build one per lexicon and keep it. It is `Sync`, so
/// one searcher can serve every worker thread; each thread keeps its own
/// reusable buffers.
pub struct Searcher<'a, D: AsRef<[u8]>> {
    fst: &'a Fst<D>,
    /// The reversed lexicon and the table with every entry reversed.
    rev: Option<(&'a Fst<D>, RuleIndex<'a>)>,
    conf: &'a Confusions,
    index: RuleIndex<'a>,
    opts: SearchOptions,
}

impl<'a, D: AsRef<[u8]>> std::fmt::Debug for Searcher<'a, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("lexicon_len", &self.fst.len())
            .field("reversed", &self.rev.is_some())
            .field("confusions", &self.conf.len())
            .field("opts", &self.opts)
            .finish()
    }
}

/// Weighted edit distance from the OCR string `ocr` to the true string
/// `truth` under `conf` (both lowercased, `ё` folded), the same measure that
/// [`Searcher::candidates`] reports as [`Candidate::cost`].
pub fn distance(conf: &Confusions, ocr: &str, truth: &str) -> f32 {
    to_f32(dp::distance_units(&RuleIndex::new(conf, false), ocr, truth))
}

/// One OCR string prepared once (its confusions located) for [`distance`]s
/// to many strings, with reused buffers: ranking a list of values against
/// one text.
pub struct Query {
    p: Prepared,
    rows: dp::Rows,
}

impl Query {
    /// Prepares `ocr` under `conf`.
    pub fn new(conf: &Confusions, ocr: &str) -> Self {
        let mut p = Prepared::default();
        p.prepare(&RuleIndex::new(conf, false), ocr);
        Query {
            p,
            rows: dp::Rows::default(),
        }
    }

    /// [`distance`] from the OCR string to `truth`.
    pub fn distance(&mut self, truth: &str) -> f32 {
        to_f32(self.rows.distance(&self.p, truth, INF).unwrap_or(INF))
    }

    /// [`Query::distance`] if it is at most `max`, else `None`; cheaper
    /// for strings far apart (rows stop once the bound cannot be met).
    pub fn distance_within(&mut self, truth: &str, max: f32) -> Option<f32> {
        let bound = bound_units(max)?;
        self.rows.distance(&self.p, truth, bound).map(to_f32)
    }
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query").finish_non_exhaustive()
    }
}

/// [`distance`] with a gap at character position `at` of `ocr` where each
/// missing character costs `cost` (see [`Searcher::candidates_with_gap`]).
pub fn gap_distance(conf: &Confusions, ocr: &str, truth: &str, (at, cost): (usize, f32)) -> f32 {
    let gap = bound_units(cost).map(|units| (at, units));
    to_f32(dp::gap_distance_units(
        &RuleIndex::new(conf, false),
        ocr,
        truth,
        gap,
    ))
}

/// Queries shorter than this are not split (their halves are too short to
/// prune anything); the value was measured, and correctness does not depend
/// on it (any value ≥ 2 is exact).
const SPLIT_MIN_CHARS: usize = 4;

/// A bound from the options in units: `None` for NaN or negative, infinity
/// as "no bound" (INF - 1).
fn bound_units(x: f32) -> Option<Cost> {
    if x.is_nan() || x < 0.0 {
        None
    } else {
        Some(
            (f64::from(x) * f64::from(SCALE))
                .round()
                .min(f64::from(INF - 1)) as Cost,
        )
    }
}

/// The bound of the pass after one that found nothing: twice as far, up to
/// `max`. A pass costs far more the wider its bound, so a few cheap passes
/// that settle most queries are worth repeating in the few that need the
/// wide one.
fn widen(stage: Cost, max: Cost) -> Cost {
    if stage == 0 {
        max
    } else {
        stage.saturating_mul(2).min(max)
    }
}

fn to_f32(units: Cost) -> f32 {
    if units >= INF {
        f32::INFINITY
    } else {
        units as f32 / SCALE as f32
    }
}

/// Per-thread buffers, reused from one search to the next.
#[derive(Default)]
struct Scratch {
    /// The query, prepared for the forward walk.
    fwd: Prepared,
    /// The reversed query, prepared for the walk over reversed words.
    rev: Prepared,
    buf: Buffers,
    res: Results,
}

/// The DP rows and the current path of a walk.
#[derive(Default)]
struct Buffers {
    grid: Grid,
    /// Per row of the current path: the characters that can follow it.
    next: Vec<Next>,
    chars: Vec<char>,
    bytes: Vec<u8>,
}

/// Candidates found so far and the bound they imply.
#[derive(Default)]
struct Results {
    /// (cost, frequency, word), one entry per word.
    found: Vec<(Cost, u64, String)>,
    /// Scratch for finding the k-th lowest cost.
    costs: Vec<Cost>,
    k: usize,
    slack: Cost,
    /// The pass's own bound.
    stage: Cost,
    /// Best cost found so far (this pass or an earlier one).
    best: Cost,
    /// Current bound: min(stage, best + slack, k-th lowest cost).
    bound: Cost,
}

impl Results {
    fn start_pass(&mut self, stage: Cost) {
        self.found.clear();
        self.stage = stage;
        self.bound = stage.min(self.best.saturating_add(self.slack));
    }

    /// Number of candidates found within the final limit (those that
    /// [`Searcher::candidates`] will keep, before truncation).
    fn kept(&self) -> usize {
        let limit = self.best.saturating_add(self.slack);
        self.found.iter().filter(|f| f.0 <= limit).count()
    }

    /// Records a candidate. A word can come from both walks of a split
    /// search: under the half-bound cut one walk may see only a costlier
    /// alignment, the other then sees the least one, so keep the minimum.
    fn emit(&mut self, cost: Cost, freq: u64, word: String, may_repeat: bool) {
        match self.found.iter_mut().find(|f| may_repeat && f.2 == word) {
            Some(f) => f.0 = f.0.min(cost),
            None => self.found.push((cost, freq, word)),
        }
        self.best = self.best.min(cost);
        let mut bound = self.stage.min(self.best.saturating_add(self.slack));
        if self.found.len() >= self.k {
            self.costs.clear();
            self.costs.extend(self.found.iter().map(|f| f.0));
            let (_, kth, _) = self.costs.select_nth_unstable(self.k - 1);
            bound = bound.min(*kth);
        }
        self.bound = bound;
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl<'a, D: AsRef<[u8]>> Searcher<'a, D> {
    /// A searcher over `map` (lowercase words → frequency) with the costs of
    /// `conf`.
    pub fn new(map: &'a fst::Map<D>, conf: &'a Confusions, opts: SearchOptions) -> Self {
        Searcher {
            fst: map.as_fst(),
            rev: None,
            conf,
            index: RuleIndex::new(conf, false),
            opts,
        }
    }

    /// Adds the lexicon's words with their characters reversed, as a set
    /// (see [`reverse_lexicon`]; frequencies still come from the map). The
    /// search then splits each query of four or more characters in two
    /// halves: any word within the bound matches one half within half the
    /// bound, so one walk over the map and one over the reversed set, each
    /// allowing only half the bound on its first half, find every candidate
    /// while visiting far fewer nodes. The answer is the same as without it.
    pub fn with_reversed(mut self, reversed: &'a fst::Set<D>) -> Self {
        self.rev = Some((reversed.as_fst(), RuleIndex::new(self.conf, true)));
        self
    }

    /// The options this searcher was built with.
    pub fn options(&self) -> &SearchOptions {
        &self.opts
    }

    /// The lexicon words within [`SearchOptions::max_cost`] of `query`
    /// (lowercased, `ё` folded by the caller), and within
    /// [`SearchOptions::max_cost_over_best`] of the best of them, sorted by
    /// cost, then frequency (highest first), then word; at most
    /// [`SearchOptions::max_candidates`]. The query itself comes first, at
    /// cost 0, if the lexicon has it. An empty query has no candidates, and
    /// the empty word is never a candidate.
    pub fn candidates(&self, query: &str) -> Vec<Candidate> {
        if query.is_empty() || self.opts.max_candidates == 0 {
            return Vec::new();
        }
        self.candidates_with_gap(query, None)
    }

    /// [`Searcher::candidates`] of a query with a gap: word characters
    /// missing at character position `at` of the query (before its `at`-th
    /// character; `query.chars().count()` is the end) cost `cost` each
    /// instead of the default insertion. A join of two pieces that OCR read
    /// with a space for lost letters (`пре дставитель`, `se tion`) is
    /// searched with the gap where the space was.
    pub fn candidates_with_gap(&self, query: &str, gap: Option<(usize, f32)>) -> Vec<Candidate> {
        if query.is_empty() || self.opts.max_candidates == 0 {
            return Vec::new();
        }
        let gap = match gap {
            Some((at, cost)) => match bound_units(cost) {
                Some(units) => Some((at, units)),
                None => return Vec::new(),
            },
            None => None,
        };
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.search(query, gap, &mut scratch),
            Err(_) => self.search(query, gap, &mut Scratch::default()),
        })
    }

    fn search(
        &self,
        query: &str,
        gap: Option<(usize, Cost)>,
        scratch: &mut Scratch,
    ) -> Vec<Candidate> {
        let Some(max) = bound_units(self.opts.max_cost) else {
            return Vec::new();
        };
        let over = self.opts.max_cost_over_best;
        let Scratch { fwd, rev, buf, res } = scratch;
        res.slack = bound_units(over).unwrap_or(0);
        res.k = self.opts.max_candidates;
        res.best = INF;
        fwd.prepare(&self.index, query);
        let n = fwd.q.len();
        fwd.gap = gap.filter(|&(at, _)| at <= n);
        // Split the query only when both halves are non-empty.
        let split = match &self.rev {
            Some((_, index)) if n >= SPLIT_MIN_CHARS => {
                let reversed: String = query.chars().rev().collect();
                rev.prepare(index, &reversed);
                rev.gap = fwd.gap.map(|(at, cost)| (n - at, cost));
                Some(n / 2)
            }
            _ => None,
        };

        let mut stage = bound_units(self.opts.first_pass_cost)
            .unwrap_or(max)
            .min(max);
        loop {
            res.start_pass(stage);
            Walk::new(self.fst, fwd, buf, res, split.unwrap_or(0), None).run();
            if let (Some(mid), Some((rev_fst, _))) = (split, &self.rev) {
                Walk::new(rev_fst, rev, buf, res, n - mid, Some(self.fst)).run();
            }
            let best = res.best;
            if stage >= max || best.saturating_add(res.slack) <= stage || res.kept() >= res.k {
                break;
            }
            stage = if best < INF {
                max.min(best.saturating_add(res.slack))
            } else {
                widen(stage, max)
            };
        }

        let limit = max.min(res.best.saturating_add(res.slack));
        let mut out: Vec<(Cost, u64, String)> = res
            .found
            .drain(..)
            .filter(|&(c, _, _)| c <= limit)
            .collect();
        out.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        out.truncate(res.k);
        out.into_iter()
            .map(|(c, freq, word)| Candidate {
                word,
                cost: to_f32(c),
                freq,
            })
            .collect()
    }
}

/// Builds the reversed word set for [`Searcher::with_reversed`]: every key of
/// `map` with its characters in reverse order. Building it takes seconds for
/// millions of words; do it when compiling the lexicon.
pub fn reverse_lexicon<D: AsRef<[u8]>>(map: &fst::Map<D>) -> Result<fst::Set<Vec<u8>>, fst::Error> {
    use fst::Streamer;
    let mut words = Vec::with_capacity(map.len());
    let mut stream = map.stream();
    while let Some((key, _)) = stream.next() {
        words.push(
            String::from_utf8_lossy(key)
                .chars()
                .rev()
                .collect::<String>(),
        );
    }
    words.sort_unstable();
    words.dedup();
    fst::Set::from_iter(words)
}

/// One depth-first walk over a lexicon's nodes.
struct Walk<'s, D: AsRef<[u8]>> {
    fst: &'s Fst<D>,
    p: &'s Prepared,
    b: &'s mut Buffers,
    r: &'s mut Results,
    /// Cells `0..cap_cells` (the first half of a split query) may use only
    /// half the bound.
    cap_cells: usize,
    /// Walking the reversed set: emit words re-reversed (and possibly
    /// again), with their frequency from this (forward) lexicon.
    reversed: Option<&'s Fst<D>>,
}

impl<'s, D: AsRef<[u8]>> Walk<'s, D> {
    fn new(
        fst: &'s Fst<D>,
        p: &'s Prepared,
        b: &'s mut Buffers,
        r: &'s mut Results,
        cap_cells: usize,
        reversed: Option<&'s Fst<D>>,
    ) -> Self {
        b.chars.clear();
        b.bytes.clear();
        Walk {
            fst,
            p,
            b,
            r,
            cap_cells,
            reversed,
        }
    }

    fn run(&mut self) {
        self.b.grid.ensure(self.p, 0);
        let lim = self.limits();
        self.b.grid.fill(self.p, 0, &[], lim);
        let root = self.fst.root();
        self.at_char(root, 0);
    }

    /// The current bound, and half of it on the first `cap_cells` cells.
    fn limits(&self) -> Limits {
        Limits {
            bound: self.r.bound,
            cap_cells: self.cap_cells,
            cap: self.r.bound / 2,
        }
    }

    /// `node` is reached after a whole character (or at the root): row
    /// `chars.len()` is filled.
    fn at_char(&mut self, node: Node<'s>, out: u64) {
        let j = self.b.chars.len();
        let next = self.b.grid.next(self.p, &self.b.chars, j, self.r.bound);
        if self.b.next.len() <= j {
            self.b.next.resize(j + 1, Next::default());
        }
        self.b.next[j] = next;
        for t in node.transitions() {
            let b = t.inp;
            let out = out + t.out.value();
            self.b.bytes.push(b);
            if b < 0x80 {
                self.on_char(b as char, t.addr, out);
            } else {
                let (need, acc) = match b {
                    0xC0..=0xDF => (1, b & 0x1F),
                    0xE0..=0xEF => (2, b & 0x0F),
                    0xF0..=0xF7 => (3, b & 0x07),
                    _ => (0, 0), // not UTF-8: no word below can match
                };
                if need > 0 {
                    self.partial(self.fst.node(t.addr), out, u32::from(acc), need);
                }
            }
            self.b.bytes.pop();
        }
    }

    /// Inside a multi-byte character: `need` continuation bytes to go.
    fn partial(&mut self, node: Node<'s>, out: u64, acc: u32, need: u8) {
        for t in node.transitions() {
            let b = t.inp;
            if b & 0xC0 != 0x80 {
                continue;
            }
            let acc = (acc << 6) | u32::from(b & 0x3F);
            let out = out + t.out.value();
            self.b.bytes.push(b);
            if need == 1 {
                if let Some(c) = char::from_u32(acc) {
                    self.on_char(c, t.addr, out);
                }
            } else {
                self.partial(self.fst.node(t.addr), out, acc, need - 1);
            }
            self.b.bytes.pop();
        }
    }

    /// The word prefix gained character `c`, leading to node `addr`.
    fn on_char(&mut self, c: char, addr: fst::raw::CompiledAddr, out: u64) {
        if !self.b.next[self.b.chars.len()].admits(c) {
            return;
        }
        self.b.chars.push(c);
        let j = self.b.chars.len();
        self.b.grid.ensure(self.p, j);
        let lim = self.limits();
        self.b.grid.fill(self.p, j, &self.b.chars, lim);
        let bound = self.r.bound;
        if self.b.grid.live(self.p, &self.b.chars, j, bound) {
            let node = self.fst.node(addr);
            if node.is_final() {
                let cost = self.b.grid.last(self.p, j);
                if cost <= bound {
                    self.emit(cost, out + node.final_output().value());
                }
            }
            if !node.is_empty() {
                self.at_char(node, out);
            }
        }
        self.b.chars.pop();
    }

    fn emit(&mut self, cost: Cost, freq: u64) {
        let (word, freq) = match self.reversed {
            Some(forward) => {
                let word: String = self.b.chars.iter().rev().collect();
                let freq = forward.get(word.as_bytes()).map_or(0, |o| o.value());
                (word, freq)
            }
            None => (String::from_utf8_lossy(&self.b.bytes).into_owned(), freq),
        };
        self.r.emit(cost, freq, word, self.reversed.is_some());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(words: &[(&str, u64)]) -> fst::Map<Vec<u8>> {
        let mut v = words.to_vec();
        v.sort();
        fst::Map::from_iter(v).unwrap()
    }

    fn conf() -> Confusions {
        Confusions::parse(
            "ocr\ttruth\tcost\nь\tы\t0.3\nьі\tы\t0.2\nп\tл\t0.4\n\tь\t0.5\nm\trn\t0.4\n",
            "t",
        )
        .unwrap()
    }

    fn words(c: &[Candidate]) -> Vec<(&str, f32)> {
        c.iter().map(|c| (c.word.as_str(), c.cost)).collect()
    }

    #[test]
    fn finds_and_orders() {
        let map = lexicon(&[
            ("чтобы", 900),
            ("чтоб", 50),
            ("что", 1000),
            ("кто", 300),
            ("регулярно", 10),
        ]);
        let conf = conf();
        let opts = SearchOptions {
            max_cost_over_best: f32::INFINITY,
            ..Default::default()
        };
        let s = Searcher::new(&map, &conf, opts);
        assert_eq!(
            words(&s.candidates("чтобьі")),
            vec![("чтобы", 0.2), ("чтоб", 2.0)]
        );
        assert_eq!(words(&s.candidates("регупярно")), vec![("регулярно", 0.4)]);
        assert_eq!(
            words(&s.candidates("чтоб")),
            vec![("чтоб", 0.0), ("что", 1.0), ("чтобы", 1.0), ("кто", 2.0)]
        );
    }

    #[test]
    fn multi_char_truth_survives_pruning() {
        // "modem" → "modern" needs rows j-2 (truth "rn" for ocr "m"); the
        // walk must not prune at "r" although that row alone is over the bound.
        let map = lexicon(&[("modern", 5), ("model", 5)]);
        let conf = conf();
        let opts = SearchOptions {
            max_cost: 0.5,
            first_pass_cost: 0.5,
            ..Default::default()
        };
        let s = Searcher::new(&map, &conf, opts);
        assert_eq!(words(&s.candidates("modem")), vec![("modern", 0.4)]);
    }

    #[test]
    fn swap_survives_pruning() {
        let map = lexicon(&[("героически", 5)]);
        let conf = Confusions::default();
        let opts = SearchOptions {
            max_cost: 1.0,
            first_pass_cost: 1.0,
            ..Default::default()
        };
        let s = Searcher::new(&map, &conf, opts);
        assert_eq!(
            words(&s.candidates("георически")),
            vec![("героически", 1.0)]
        );
    }

    #[test]
    fn first_pass_gives_same_answer_as_single_pass() {
        let map = lexicon(&[
            ("чтобы", 900),
            ("чтоб", 50),
            ("что", 1000),
            ("кто", 300),
            ("шило", 3),
            ("что-то", 7),
        ]);
        let conf = conf();
        for q in ["чтобьі", "чо", "што", "ч", "чтото", "шилоо", "xyz"] {
            let mut results = Vec::new();
            for first in [0.0, 0.5, 1.0, 2.0] {
                for slack in [0.5, 1.0, f32::INFINITY] {
                    for k in [1, 2, 10] {
                        let o = SearchOptions {
                            max_cost: 2.0,
                            max_candidates: k,
                            max_cost_over_best: slack,
                            first_pass_cost: first,
                        };
                        results.push((
                            (slack.to_bits(), k),
                            Searcher::new(&map, &conf, o).candidates(q),
                        ));
                    }
                }
            }
            for (key, r) in &results {
                let reference = &results.iter().find(|(k2, _)| k2 == key).unwrap().1;
                assert_eq!(r, reference, "query {q:?} options {key:?}");
            }
        }
    }
}
