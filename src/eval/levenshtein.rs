//! Levenshtein distance and alignment, ported from rapidfuzz-cpp.
//!
//! `score.py` takes distances from `rapidfuzz.distance.Levenshtein.distance`
//! and alignments from `Levenshtein.opcodes`.  A distance is a distance, so
//! any correct algorithm will do for CER and WER.  An alignment is one of
//! possibly many optimal ones, and the changed-token counts depend on which
//! one, so [`editops`] reproduces rapidfuzz's choice bit for bit.  It is a
//! port of `levenshtein_editops` in rapidfuzz-cpp
//! (`rapidfuzz/distance/Levenshtein_impl.hpp`, as shipped in the Python
//! package rapidfuzz 3.x): strip the common prefix and suffix; split long
//! problems with Hirschberg's method (its split point comes from two banded
//! bit-parallel rows); record the bit-parallel matrix of Hyyrö (2003) for the
//! small pieces (full, narrow-band or Ukkonen-banded block version); walk it
//! back from the end preferring a deletion, then an insertion if the
//! insertion's cell is lower than the diagonal's, else the diagonal.
//!
//! The recorded band edges carry values that are not the full-matrix ones,
//! which is why this keeps rapidfuzz's band arithmetic literally instead of
//! using a textbook DP with a tie-breaking rule.
//!
//! Symbols are `u32` ids; the callers intern characters or tokens densely
//! (0, 1, 2, ...) because the pattern tables are indexed by symbol.

use std::cmp::min;

const WORD: usize = 64;

/// One edit operation (rapidfuzz `EditOp`): positions are in the source and
/// the destination sequence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct EditOp {
    pub(crate) kind: OpKind,
    pub(crate) src: usize,
    pub(crate) dest: usize,
}

/// The kind of an edit operation or opcode block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// The block is the same in both sequences (rapidfuzz tag `equal`).
    #[default]
    Equal,
    /// Source elements replaced by as many destination elements (`replace`).
    Replace,
    /// Destination elements inserted (`insert`; the source range is empty).
    Insert,
    /// Source elements deleted (`delete`; the destination range is empty).
    Delete,
}

impl OpKind {
    /// The tag `difflib` and rapidfuzz use for this kind.
    pub fn tag(self) -> &'static str {
        match self {
            OpKind::Equal => "equal",
            OpKind::Replace => "replace",
            OpKind::Insert => "insert",
            OpKind::Delete => "delete",
        }
    }
}

/// One block of an alignment, like a rapidfuzz/difflib opcode: turn
/// `src[src_start..src_end]` into `dest[dest_start..dest_end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Opcode {
    /// What the block does.
    pub kind: OpKind,
    /// Start of the block in the source sequence.
    pub src_start: usize,
    /// End (exclusive) of the block in the source sequence.
    pub src_end: usize,
    /// Start of the block in the destination sequence.
    pub dest_start: usize,
    /// End (exclusive) of the block in the destination sequence.
    pub dest_end: usize,
}

// ----------------------------------------------------------------- pattern tables

/// Pattern-match bit vectors of a sequence (rapidfuzz `BlockPatternMatchVector`):
/// for each symbol, the positions where it occurs, 64 per word.
struct Pm {
    words: usize,
    /// symbol -> row in `bits`, `u32::MAX` when the symbol does not occur
    row_of: Vec<u32>,
    bits: Vec<u64>,
}

impl Pm {
    fn new(s: &[u32]) -> Pm {
        let words = s.len().div_ceil(WORD);
        let size = s.iter().max().map_or(0, |&m| m as usize + 1);
        let mut row_of = vec![u32::MAX; size];
        let mut bits = Vec::new();
        let mut rows = 0u32;
        for (i, &c) in s.iter().enumerate() {
            let r = &mut row_of[c as usize];
            if *r == u32::MAX {
                *r = rows;
                rows += 1;
                bits.resize(rows as usize * words, 0);
            }
            bits[*r as usize * words + i / WORD] |= 1u64 << (i % WORD);
        }
        Pm {
            words,
            row_of,
            bits,
        }
    }

    /// The row of a symbol, if it occurs.
    #[inline]
    fn row(&self, c: u32) -> Option<usize> {
        match self.row_of.get(c as usize) {
            Some(&r) if r != u32::MAX => Some(r as usize * self.words),
            _ => None,
        }
    }

    #[inline]
    fn get(&self, row: Option<usize>, word: usize) -> u64 {
        match row {
            Some(r) => self.bits[r + word],
            None => 0,
        }
    }
}

/// rapidfuzz `shr64`: a shift that yields 0 for shifts of 64 or more.
/// (A negative shift only happens on a symbol's first insertion, when its
/// bits are still 0.)
#[inline]
fn shr64(a: u64, shift: isize) -> u64 {
    if (0..64).contains(&shift) {
        a >> shift
    } else {
        debug_assert!(shift >= 64 || a == 0);
        0
    }
}

/// rapidfuzz `ShiftedBitMatrix<uint64_t>`: one row of words per element of
/// `s2`, each row with an offset (the column of its first bit).
struct ShiftedBitMatrix {
    cols: usize,
    data: Vec<u64>,
    offsets: Vec<isize>,
}

impl ShiftedBitMatrix {
    fn new(rows: usize, cols: usize, val: u64) -> Self {
        ShiftedBitMatrix {
            cols,
            data: vec![val; rows * cols],
            offsets: vec![0; rows],
        }
    }

    fn empty() -> Self {
        ShiftedBitMatrix {
            cols: 0,
            data: Vec::new(),
            offsets: Vec::new(),
        }
    }

    #[inline]
    fn set(&mut self, row: usize, col_word: usize, val: u64) {
        debug_assert!(col_word < self.cols);
        if col_word < self.cols {
            self.data[row * self.cols + col_word] = val;
        }
    }

    fn test_bit(&self, row: usize, col: usize) -> bool {
        let offset = self.offsets[row];
        let col = if offset < 0 {
            col + offset.unsigned_abs()
        } else if col >= offset as usize {
            col - offset as usize
        } else {
            // bit on the left of the band
            return false;
        };
        // rapidfuzz indexes the flat buffer without a bounds check; reading
        // the flat buffer keeps the same result if that ever happens.
        let idx = row * self.cols + col / WORD;
        self.data
            .get(idx)
            .is_some_and(|w| w & (1u64 << (col % WORD)) != 0)
    }
}

/// A recorded bit-parallel matrix and the distance it yields.
struct Recorded {
    vp: ShiftedBitMatrix,
    vn: ShiftedBitMatrix,
    dist: usize,
}

// ----------------------------------------------------------------- distance kernels

/// Hyyrö 2003 for `s1.len() <= 64`, recording the matrix (rapidfuzz
/// `levenshtein_hyrroe2003<true, false>` without a cutoff).
fn hyrroe2003_record(s1: &[u32], s2: &[u32]) -> Recorded {
    debug_assert!(!s1.is_empty() && s1.len() <= 64);
    let pm = Pm::new(s1);
    let mut vp_bits = !0u64;
    let mut vn_bits = 0u64;
    let mut res = Recorded {
        vp: ShiftedBitMatrix::new(s2.len(), 1, !0),
        vn: ShiftedBitMatrix::new(s2.len(), 1, 0),
        dist: s1.len(),
    };
    let mask = 1u64 << (s1.len() - 1);
    for (i, &ch) in s2.iter().enumerate() {
        let x = pm.get(pm.row(ch), 0);
        let d0 = (((x & vp_bits).wrapping_add(vp_bits)) ^ vp_bits) | x | vn_bits;
        let mut hp = vn_bits | !(d0 | vp_bits);
        let mut hn = d0 & vp_bits;
        res.dist += usize::from(hp & mask != 0);
        res.dist -= usize::from(hn & mask != 0);
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp_bits = hn | !(d0 | hp);
        vn_bits = hp & d0;
        res.vp.set(i, 0, vp_bits);
        res.vn.set(i, 0, vn_bits);
    }
    res
}

/// Hyyrö 2003 for `s1.len() <= 64` without recording: the plain distance.
fn hyrroe2003_distance(pm: &Pm, s1_len: usize, s2: &[u32]) -> usize {
    let mut vp = !0u64;
    let mut vn = 0u64;
    let mut dist = s1_len;
    let mask = 1u64 << (s1_len - 1);
    for &ch in s2 {
        let x = pm.get(pm.row(ch), 0);
        let d0 = (((x & vp).wrapping_add(vp)) ^ vp) | x | vn;
        let mut hp = vn | !(d0 | vp);
        let mut hn = d0 & vp;
        dist += usize::from(hp & mask != 0);
        dist -= usize::from(hn & mask != 0);
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
    }
    dist
}

/// The narrow-band Hyyrö variant recording the matrix (rapidfuzz
/// `levenshtein_hyrroe2003_small_band<true>`); needs `2 * max + 1 <= 64`,
/// `max <= s1.len()`, `max <= s2.len()`.
fn small_band_record(s1: &[u32], s2: &[u32], max: usize) -> Recorded {
    let mut vp_bits = !0u64 << (64 - max - 1);
    let mut vn_bits = 0u64;
    let mut res = Recorded {
        vp: ShiftedBitMatrix::new(s2.len(), 1, !0),
        vn: ShiftedBitMatrix::new(s2.len(), 1, 0),
        dist: max,
    };
    let start_offset = max as isize + 2 - 64;
    for i in 0..s2.len() {
        res.vp.offsets[i] = start_offset + i as isize;
        res.vn.offsets[i] = start_offset + i as isize;
    }
    let diagonal_mask = 1u64 << 63;
    let mut horizontal_mask = 1u64 << 62;
    let break_score = (2 * max + s2.len()).wrapping_sub(s1.len());

    // the online pattern table: symbol -> (position last updated, bits)
    let size = s1.iter().chain(s2).max().map_or(0, |&m| m as usize + 1);
    let mut pm: Vec<(isize, u64)> = vec![(0, 0); size];
    let mut k = 0usize; // iter_s1
    let mut j = -(max as isize);
    while j < 0 {
        let x = &mut pm[s1[k] as usize];
        x.1 = shr64(x.1, j - x.0) | (1u64 << 63);
        x.0 = j;
        k += 1;
        j += 1;
    }

    let mut step = |i: usize, k: &mut usize, diagonal: bool, res: &mut Recorded| -> bool {
        if *k < s1.len() {
            let x = &mut pm[s1[*k] as usize];
            x.1 = shr64(x.1, i as isize - x.0) | (1u64 << 63);
            x.0 = i as isize;
            *k += 1;
        }
        let x = pm[s2[i] as usize];
        let pm_j = shr64(x.1, i as isize - x.0);
        let d0 = (((pm_j & vp_bits).wrapping_add(vp_bits)) ^ vp_bits) | pm_j | vn_bits;
        let hp = vn_bits | !(d0 | vp_bits);
        let hn = d0 & vp_bits;
        if diagonal {
            res.dist += usize::from(d0 & diagonal_mask == 0);
        } else {
            res.dist += usize::from(hp & horizontal_mask != 0);
            res.dist -= usize::from(hn & horizontal_mask != 0);
            horizontal_mask >>= 1;
        }
        if res.dist > break_score {
            res.dist = max + 1;
            return false;
        }
        vp_bits = hn | !((d0 >> 1) | hp);
        vn_bits = (d0 >> 1) & hp;
        res.vp.set(i, 0, vp_bits);
        res.vn.set(i, 0, vn_bits);
        true
    };

    let mut i = 0;
    while i < s1.len() - max {
        if !step(i, &mut k, true, &mut res) {
            return res;
        }
        i += 1;
    }
    while i < s2.len() {
        if !step(i, &mut k, false, &mut res) {
            return res;
        }
        i += 1;
    }
    if res.dist > max {
        res.dist = max + 1;
    }
    res
}

/// State of a vertical delta vector word (rapidfuzz `LevenshteinRow`).
#[derive(Clone, Copy)]
struct VRow {
    vp: u64,
    vn: u64,
}

/// What [`block`] returns: the distance (`max + 1` when above `max`), the
/// recorded matrix if asked for, and the bit row at `stop_row` if asked for.
struct BlockResult {
    dist: usize,
    matrix: Option<(ShiftedBitMatrix, ShiftedBitMatrix)>,
    first_block: usize,
    last_block: usize,
    prev_score: usize,
    vecs: Vec<VRow>,
}

/// Ukkonen-banded block Hyyrö (rapidfuzz `levenshtein_hyrroe2003_block`).
/// With `record` it records the matrix; with `stop_row` it stops after that
/// row of `s2` and returns its bit row (then `dist` is 0).
fn block(
    pm: &Pm,
    s1: &[u32],
    s2: &[u32],
    mut max: usize,
    stop_row: Option<usize>,
    record: bool,
) -> BlockResult {
    let mut res = BlockResult {
        dist: 0,
        matrix: None,
        first_block: 0,
        last_block: 0,
        prev_score: 0,
        vecs: Vec::new(),
    };
    if max < s1.len().abs_diff(s2.len()) {
        res.dist = max + 1;
        return res;
    }
    let words = pm.words;
    let mut vecs = vec![VRow { vp: !0, vn: 0 }; words];
    let mut scores = vec![0usize; words];
    let last = 1u64 << ((s1.len() - 1) % WORD);
    for (i, sc) in scores.iter_mut().enumerate().take(words - 1) {
        *sc = (i + 1) * WORD;
    }
    scores[words - 1] = s1.len();

    if record {
        let full_band = min(s1.len(), 2 * max + 1);
        let full_band_words = min(words, full_band / WORD + 2);
        res.matrix = Some((
            ShiftedBitMatrix::new(s2.len(), full_band_words, !0),
            ShiftedBitMatrix::new(s2.len(), full_band_words, 0),
        ));
    }

    max = min(max, max_usize(s1.len(), s2.len()));
    let mut first_block = 0usize;
    let mut last_block = min(
        words,
        (min(max, (max + s1.len() - s2.len()) / 2) + 1).div_ceil(WORD),
    ) - 1;

    let get_row_num = |word: usize| -> usize {
        if word + 1 == words {
            s1.len() - 1
        } else {
            (word + 1) * WORD - 1
        }
    };

    for (row, &ch) in s2.iter().enumerate() {
        let mut hp_carry = 1u64;
        let mut hn_carry = 0u64;
        if let Some((vp, vn)) = res.matrix.as_mut() {
            vp.offsets[row] = (first_block * WORD) as isize;
            vn.offsets[row] = (first_block * WORD) as isize;
        }
        let pm_row = pm.row(ch);

        let advance_block = |word: usize,
                             first_block: usize,
                             hp_carry: &mut u64,
                             hn_carry: &mut u64,
                             vecs: &mut [VRow],
                             matrix: &mut Option<(ShiftedBitMatrix, ShiftedBitMatrix)>|
         -> i64 {
            let pm_j = pm.get(pm_row, word);
            let vn = vecs[word].vn;
            let vp = vecs[word].vp;
            let x = pm_j | *hn_carry;
            let d0 = (((x & vp).wrapping_add(vp)) ^ vp) | x | vn;
            let mut hp = vn | !(d0 | vp);
            let mut hn = d0 & vp;
            let hp_carry_temp = *hp_carry;
            let hn_carry_temp = *hn_carry;
            if word < words - 1 {
                *hp_carry = hp >> 63;
                *hn_carry = hn >> 63;
            } else {
                *hp_carry = u64::from(hp & last != 0);
                *hn_carry = u64::from(hn & last != 0);
            }
            hp = (hp << 1) | hp_carry_temp;
            hn = (hn << 1) | hn_carry_temp;
            vecs[word].vp = hn | !(d0 | hp);
            vecs[word].vn = hp & d0;
            if let Some((mvp, mvn)) = matrix.as_mut() {
                mvp.set(row, word - first_block, vecs[word].vp);
                mvn.set(row, word - first_block, vecs[word].vn);
            }
            *hp_carry as i64 - *hn_carry as i64
        };

        for (word, score) in scores
            .iter_mut()
            .enumerate()
            .take(last_block + 1)
            .skip(first_block)
        {
            let delta = advance_block(
                word,
                first_block,
                &mut hp_carry,
                &mut hn_carry,
                &mut vecs,
                &mut res.matrix,
            );
            *score = (*score as i64 + delta) as usize;
        }

        max = min(
            max as isize,
            scores[last_block] as isize
                + std::cmp::max(
                    s2.len() as isize - row as isize - 1,
                    s1.len() as isize - (((1 + last_block) * WORD - 1) as isize - 1),
                ),
        ) as usize;

        // band adjustment: last_block
        if last_block + 1 < words {
            let cond = (max + 2 * WORD + row + s1.len()) as isize
                - (scores[last_block] + 2 + s2.len()) as isize;
            if (get_row_num(last_block) as isize) < cond {
                last_block += 1;
                vecs[last_block] = VRow { vp: !0, vn: 0 };
                let chars_in_block = if last_block + 1 == words {
                    (s1.len() - 1) % WORD + 1
                } else {
                    64
                };
                scores[last_block] = (scores[last_block - 1] + chars_in_block)
                    .wrapping_sub(hp_carry as usize)
                    .wrapping_add(hn_carry as usize);
                let delta = advance_block(
                    last_block,
                    first_block,
                    &mut hp_carry,
                    &mut hn_carry,
                    &mut vecs,
                    &mut res.matrix,
                );
                scores[last_block] = (scores[last_block] as i64 + delta) as usize;
            }
        }

        let mut lb = last_block as isize;
        while lb >= first_block as isize {
            let l = lb as usize;
            let in_band_cond1 = scores[l] < max + WORD;
            let cond = (max + 2 * WORD + row + s1.len() + 1) as isize
                - (scores[l] + 2 + s2.len()) as isize;
            let in_band_cond2 = get_row_num(l) as isize <= cond;
            if in_band_cond1 && in_band_cond2 {
                break;
            }
            lb -= 1;
        }
        if lb < first_block as isize {
            // the band stops to exist: distance above max
            res.dist = max + 1;
            return res;
        }
        last_block = lb as usize;

        // band adjustment: first_block
        while first_block <= last_block {
            let in_band_cond1 = scores[first_block] < max + WORD;
            let cond = (scores[first_block] + s1.len() + row) as isize - (max + s2.len()) as isize;
            let in_band_cond2 = get_row_num(first_block) as isize >= cond;
            if in_band_cond1 && in_band_cond2 {
                break;
            }
            first_block += 1;
        }
        if last_block < first_block {
            res.dist = max + 1;
            return res;
        }

        if stop_row == Some(row) {
            if first_block == 0 {
                res.prev_score = row + 1;
            } else {
                // count backwards to find the score at the last position of
                // the previous block
                let relevant_bits = min((first_block + 1) * 64, s1.len()) % 64;
                let mut mask = !0u64;
                if relevant_bits != 0 {
                    mask >>= 64 - relevant_bits;
                }
                res.prev_score = (scores[first_block]
                    + (vecs[first_block].vn & mask).count_ones() as usize)
                    .wrapping_sub((vecs[first_block].vp & mask).count_ones() as usize);
            }
            res.first_block = first_block;
            res.last_block = last_block;
            res.vecs = vecs;
            res.dist = 0;
            return res;
        }
    }

    res.dist = scores[words - 1];
    if res.dist > max {
        res.dist = max + 1;
    }
    res
}

fn max_usize(a: usize, b: usize) -> usize {
    std::cmp::max(a, b)
}

/// Length of the common prefix and suffix (the suffix counted after the
/// prefix is removed, as rapidfuzz `remove_common_affix` does).
fn common_affix(a: &[u32], b: &[u32]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// The Levenshtein distance of two symbol sequences (unit costs).
pub(crate) fn distance(a: &[u32], b: &[u32]) -> usize {
    let (p, s) = common_affix(a, b);
    let a = &a[p..a.len() - s];
    let b = &b[p..b.len() - s];
    if a.is_empty() || b.is_empty() {
        return a.len() + b.len();
    }
    // the shorter one is the pattern (fewer words per step)
    let (s1, s2) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let pm = Pm::new(s1);
    if s1.len() <= 64 {
        return hyrroe2003_distance(&pm, s1.len(), s2);
    }
    let cutoff = s2.len();
    let mut hint = 32usize;
    while hint < cutoff {
        let d = block(&pm, s1, s2, hint, None, false).dist;
        if d <= hint {
            return d;
        }
        hint *= 2;
    }
    block(&pm, s1, s2, cutoff, None, false).dist
}

// ----------------------------------------------------------------- alignment

/// rapidfuzz `recover_alignment`: walks the recorded matrix back from the end
/// and writes the edit operations of this piece into `ops[editop_pos..]`.
fn recover_alignment(
    ops: &mut [EditOp],
    s1: &[u32],
    s2: &[u32],
    m: &Recorded,
    src_pos: usize,
    dest_pos: usize,
    editop_pos: usize,
) {
    let mut dist = m.dist;
    let mut col = s1.len();
    let mut row = s2.len();
    let mut put = |dist: usize, kind: OpKind, col: usize, row: usize| {
        if let Some(op) = ops.get_mut(editop_pos + dist) {
            *op = EditOp {
                kind,
                src: col + src_pos,
                dest: row + dest_pos,
            };
        }
    };
    while row != 0 && col != 0 {
        if m.vp.test_bit(row - 1, col - 1) {
            // deletion
            dist = dist.wrapping_sub(1);
            col -= 1;
            put(dist, OpKind::Delete, col, row);
        } else {
            row -= 1;
            if row != 0 && m.vn.test_bit(row - 1, col - 1) {
                // insertion
                dist = dist.wrapping_sub(1);
                put(dist, OpKind::Insert, col, row);
            } else {
                // match or mismatch
                col -= 1;
                if s1[col] != s2[row] {
                    dist = dist.wrapping_sub(1);
                    put(dist, OpKind::Replace, col, row);
                }
            }
        }
    }
    while col != 0 {
        dist = dist.wrapping_sub(1);
        col -= 1;
        put(dist, OpKind::Delete, col, row);
    }
    while row != 0 {
        dist = dist.wrapping_sub(1);
        row -= 1;
        put(dist, OpKind::Insert, col, row);
    }
}

/// rapidfuzz `levenshtein_align`.
fn align(
    ops: &mut Vec<EditOp>,
    s1: &[u32],
    s2: &[u32],
    max: usize,
    src_pos: usize,
    dest_pos: usize,
    editop_pos: usize,
) {
    let max = min(max, max_usize(s1.len(), s2.len()));
    let full_band = min(s1.len(), 2 * max + 1);
    let m = if s1.is_empty() || s2.is_empty() {
        Recorded {
            vp: ShiftedBitMatrix::empty(),
            vn: ShiftedBitMatrix::empty(),
            dist: s1.len() + s2.len(),
        }
    } else if s1.len() <= 64 {
        hyrroe2003_record(s1, s2)
    } else if full_band <= 64 {
        small_band_record(s1, s2, max)
    } else {
        let r = block(&Pm::new(s1), s1, s2, max, None, true);
        let (vp, vn) = r
            .matrix
            .unwrap_or_else(|| (ShiftedBitMatrix::empty(), ShiftedBitMatrix::empty()));
        Recorded {
            vp,
            vn,
            dist: r.dist,
        }
    };
    debug_assert!(m.dist <= max);
    if m.dist != 0 {
        if ops.is_empty() {
            ops.resize(m.dist, EditOp::default());
        }
        recover_alignment(ops, s1, s2, &m, src_pos, dest_pos, editop_pos);
    }
}

/// Where Hirschberg's method splits a problem (rapidfuzz `HirschbergPos`).
#[derive(Default)]
struct HirschbergPos {
    left_score: usize,
    right_score: usize,
    s1_mid: usize,
    s2_mid: usize,
}

/// rapidfuzz `find_hirschberg_pos`: the split of `s1` that goes with the
/// middle of `s2`, from the last bit row of the left half and of the
/// reversed right half.
fn find_hirschberg_pos(s1: &[u32], s2: &[u32], mut max: usize) -> HirschbergPos {
    let s1_rev: Vec<u32> = s1.iter().rev().copied().collect();
    let s2_rev: Vec<u32> = s2.iter().rev().copied().collect();
    let pm_rev = Pm::new(&s1_rev);
    let pm = Pm::new(s1);
    'retry: loop {
        let mut hpos = HirschbergPos::default();
        let left_size = s2.len() / 2;
        let right_size = s2.len() - left_size;
        hpos.s2_mid = left_size;
        let s1_len = s1.len();
        let mut best_score = usize::MAX;

        let right_row = block(&pm_rev, &s1_rev, &s2_rev, max, Some(right_size - 1), false);
        if right_row.dist > max {
            max *= 2;
            continue 'retry;
        }
        let right_first_pos = right_row.first_block * 64;
        let right_last_pos = min(s1_len, right_row.last_block * 64 + 64);
        let mut right_scores = vec![0usize; right_last_pos - right_first_pos + 1];
        right_scores[0] = right_row.prev_score;
        for i in right_first_pos..right_last_pos {
            let col_mask = 1u64 << (i % 64);
            let v = right_row.vecs[i / 64];
            let k = i - right_first_pos;
            right_scores[k + 1] = right_scores[k]
                .wrapping_sub(usize::from(v.vn & col_mask != 0))
                .wrapping_add(usize::from(v.vp & col_mask != 0));
        }

        let left_row = block(&pm, s1, s2, max, Some(left_size - 1), false);
        if left_row.dist > max {
            max *= 2;
            continue 'retry;
        }
        let left_first_pos = left_row.first_block * 64;
        let left_last_pos = min(s1_len, left_row.last_block * 64 + 64);
        let mut left_score = left_row.prev_score;
        for i in left_first_pos..left_last_pos {
            let col_mask = 1u64 << (i % 64);
            let v = left_row.vecs[i / 64];
            left_score = left_score.wrapping_sub(usize::from(v.vn & col_mask != 0));
            left_score = left_score.wrapping_add(usize::from(v.vp & col_mask != 0));
            if s1_len < i + 1 + right_first_pos {
                continue;
            }
            let right_index = s1_len - i - 1 - right_first_pos;
            if right_index >= right_scores.len() {
                continue;
            }
            let sum = right_scores[right_index].wrapping_add(left_score);
            if sum < best_score {
                best_score = sum;
                hpos.left_score = left_score;
                hpos.right_score = right_scores[right_index];
                hpos.s1_mid = i + 1;
            }
        }
        if hpos.left_score + hpos.right_score > max {
            max *= 2;
            continue 'retry;
        }
        return hpos;
    }
}

/// rapidfuzz `levenshtein_align_hirschberg`.
#[allow(clippy::too_many_arguments)]
fn align_hirschberg(
    ops: &mut Vec<EditOp>,
    s1: &[u32],
    s2: &[u32],
    mut src_pos: usize,
    mut dest_pos: usize,
    editop_pos: usize,
    max: usize,
) {
    // prefix and suffix are no-ops, which need no edit operations
    let (prefix, suffix) = common_affix(s1, s2);
    let s1 = &s1[prefix..s1.len() - suffix];
    let s2 = &s2[prefix..s2.len() - suffix];
    src_pos += prefix;
    dest_pos += prefix;

    let max = min(max, max_usize(s1.len(), s2.len()));
    let full_band = min(s1.len(), 2 * max + 1);
    let matrix_size = 2 * full_band * s2.len() / 8;
    if matrix_size < 1024 * 1024 || s1.len() < 65 || s2.len() < 10 {
        align(ops, s1, s2, max, src_pos, dest_pos, editop_pos);
    } else {
        let hpos = find_hirschberg_pos(s1, s2, max);
        if ops.is_empty() {
            ops.resize(hpos.left_score + hpos.right_score, EditOp::default());
        }
        align_hirschberg(
            ops,
            &s1[..hpos.s1_mid],
            &s2[..hpos.s2_mid],
            src_pos,
            dest_pos,
            editop_pos,
            hpos.left_score,
        );
        align_hirschberg(
            ops,
            &s1[hpos.s1_mid..],
            &s2[hpos.s2_mid..],
            src_pos + hpos.s1_mid,
            dest_pos + hpos.s2_mid,
            editop_pos + hpos.left_score,
            hpos.right_score,
        );
    }
}

/// The edit operations rapidfuzz's `Levenshtein.editops(s1, s2)` returns
/// (no score hint, as `score.py` calls it).
pub(crate) fn editops(s1: &[u32], s2: &[u32]) -> Vec<EditOp> {
    let mut ops = Vec::new();
    let score_cutoff = max_usize(s1.len(), s2.len());
    align_hirschberg(&mut ops, s1, s2, 0, 0, 0, score_cutoff);
    ops
}

/// rapidfuzz `Opcodes(const Editops&)`: group edit operations into blocks and
/// fill the gaps with `equal` blocks.
pub(crate) fn opcodes_from_editops(ops: &[EditOp], src_len: usize, dest_len: usize) -> Vec<Opcode> {
    let mut out = Vec::new();
    let mut src_pos = 0;
    let mut dest_pos = 0;
    let mut i = 0;
    while i < ops.len() {
        if src_pos < ops[i].src || dest_pos < ops[i].dest {
            out.push(Opcode {
                kind: OpKind::Equal,
                src_start: src_pos,
                src_end: ops[i].src,
                dest_start: dest_pos,
                dest_end: ops[i].dest,
            });
            src_pos = ops[i].src;
            dest_pos = ops[i].dest;
        }
        let src_begin = src_pos;
        let dest_begin = dest_pos;
        let kind = ops[i].kind;
        loop {
            match kind {
                OpKind::Equal => {}
                OpKind::Replace => {
                    src_pos += 1;
                    dest_pos += 1;
                }
                OpKind::Insert => dest_pos += 1,
                OpKind::Delete => src_pos += 1,
            }
            i += 1;
            if !(i < ops.len()
                && ops[i].kind == kind
                && src_pos == ops[i].src
                && dest_pos == ops[i].dest)
            {
                break;
            }
        }
        out.push(Opcode {
            kind,
            src_start: src_begin,
            src_end: src_pos,
            dest_start: dest_begin,
            dest_end: dest_pos,
        });
    }
    if src_pos < src_len || dest_pos < dest_len {
        out.push(Opcode {
            kind: OpKind::Equal,
            src_start: src_pos,
            src_end: src_len,
            dest_start: dest_pos,
            dest_end: dest_len,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Textbook O(nm) distance.
    fn dp(a: &[u32], b: &[u32]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = min(
                    min(prev[j + 1] + 1, cur[j] + 1),
                    prev[j] + usize::from(x != y),
                );
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// A small deterministic generator (xorshift) for random sequences.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// A random sequence and a mutated copy of it.
    fn pair(rng: &mut Rng, len: usize, alphabet: u64, edits: usize) -> (Vec<u32>, Vec<u32>) {
        let a: Vec<u32> = (0..len).map(|_| rng.below(alphabet) as u32).collect();
        let mut b = a.clone();
        for _ in 0..edits {
            let pos = if b.is_empty() {
                0
            } else {
                rng.below(b.len() as u64) as usize
            };
            match rng.below(3) {
                0 if !b.is_empty() => {
                    b.remove(pos);
                }
                1 => b.insert(pos, rng.below(alphabet) as u32),
                _ if !b.is_empty() => b[pos] = rng.below(alphabet) as u32,
                _ => b.push(0),
            }
        }
        (a, b)
    }

    /// Applies edit operations to `s1` and checks that they give `s2` and
    /// that there are as many as the distance.
    fn check_ops(s1: &[u32], s2: &[u32], ops: &[EditOp]) {
        let codes = opcodes_from_editops(ops, s1.len(), s2.len());
        let mut rebuilt = Vec::new();
        let mut sp = 0;
        let mut dp_ = 0;
        for c in &codes {
            assert_eq!(c.src_start, sp);
            assert_eq!(c.dest_start, dp_);
            match c.kind {
                OpKind::Equal => {
                    assert_eq!(&s1[c.src_start..c.src_end], &s2[c.dest_start..c.dest_end]);
                    rebuilt.extend_from_slice(&s1[c.src_start..c.src_end]);
                }
                OpKind::Replace | OpKind::Insert => {
                    rebuilt.extend_from_slice(&s2[c.dest_start..c.dest_end])
                }
                OpKind::Delete => {}
            }
            sp = c.src_end;
            dp_ = c.dest_end;
        }
        assert_eq!(rebuilt, s2);
        assert_eq!(ops.len(), dp(s1, s2));
    }

    #[test]
    fn distance_agrees_with_textbook_dp() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let len = [0, 1, 5, 63, 64, 65, 130, 200, 700][round % 9];
            let edits = rng.below(len as u64 / 3 + 3) as usize;
            let alphabet = 2 + rng.below(6);
            let (a, b) = pair(&mut rng, len, alphabet, edits);
            assert_eq!(distance(&a, &b), dp(&a, &b), "len {len} edits {edits}");
        }
    }

    #[test]
    fn alignments_are_optimal_and_complete() {
        let mut rng = Rng(12345);
        for round in 0..300 {
            let len = [0, 3, 40, 64, 65, 100, 300, 1500][round % 8];
            let edits = rng.below(len as u64 / 4 + 3) as usize;
            let alphabet = 2 + rng.below(5);
            let (a, b) = pair(&mut rng, len, alphabet, edits);
            check_ops(&a, &b, &editops(&a, &b));
        }
    }

    #[test]
    fn hirschberg_path_is_taken_for_long_inputs() {
        // 2 * full_band * len2 / 8 >= 1 MiB needs len around 2900 and more
        let mut rng = Rng(777);
        let (a, b) = pair(&mut rng, 4000, 4, 300);
        check_ops(&a, &b, &editops(&a, &b));
    }
}
