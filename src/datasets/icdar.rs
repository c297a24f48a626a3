//! The ICDAR 2017 and 2019 post-OCR text correction competitions: their file
//! format and their correction measure.
//!
//! # Format
//!
//! One file per text, three lines, each starting with a 14-character tag:
//!
//! - `[OCR_toInput] ` the raw OCR text, the text to correct;
//! - `[OCR_aligned] ` the same text with `@` inserted where the ground truth
//!   has characters that the OCR lacks;
//! - `[ GS_aligned] ` the gold standard (ground truth), character-aligned
//!   with the line above: `@` where the OCR has characters that the gold
//!   standard lacks, `#` where there is no gold standard (alignment
//!   uncertain, or unreadable in the source).
//!
//! The ground truth of a pair is the `GS_aligned` line without its `@`
//! ([`IcdarFile::gt_text`]); `#` stays (it is no character of the text, so
//! it counts as an error of every hypothesis alike).
//!
//! # The measure (task 2, "% improvement")
//!
//! [`task2`] reproduces the competition's evaluation script
//! (`evalTool_ICDAR2017.py`, `EvalContext.task2_eval`, which the 2019
//! competition kept for its task 2) for the fully automated scenario, one
//! candidate per corrected token:
//!
//! 1. The corrections are read off the corrected text: the OCR text is
//!    aligned to it (the eval module's alignment), and each run of
//!    space-separated OCR tokens between two spaces that the alignment keeps
//!    becomes one correction `position:tokens → text` where its text changed
//!    ([`token_corrections`]), as a participant's JSON would list it.
//! 2. The aligned lines are cut into comparable sequences at the spaces that
//!    both the aligned OCR and the aligned gold standard have (not next to a
//!    `-`), except spaces inside a multi-token correction.
//! 3. Sequences whose gold standard holds a `#` are left out. For each other
//!    sequence the Damerau-Levenshtein distance (the script's, with `" -"`,
//!    `"- "`, `"-"` and `@` removed from both sides first) from the OCR to
//!    the gold standard and from the corrected sequence to the gold standard
//!    are summed.
//! 4. Per file the script reports the two sums divided by the number of
//!    OCR characters of the sequences it kept. Per set the files are
//!    combined as the script's CSV intends ("NbTokens furtherly used to
//!    weight file's metrics"): means of the files' averages, weighted by
//!    their tokens. `% improvement = 100 · (before − after) / before`
//!    ([`Task2Total::improvement`]); [`Task2Total::improvement_sum`] is
//!    the same from the plain sums of distances.
//!
//! Each sequence the correction changed is also classed as fixed (now equal
//! to the gold standard, was not), broken (was equal, now is not), better
//! or worse (distance down or up), for the changed-token precision
//! `100 · fixed / changed`.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::eval::{opcodes, OpKind};

/// The three lines of an ICDAR file, tags removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcdarFile {
    /// `[OCR_toInput]`: the raw OCR text (any `@` removed, as the script does).
    pub ocr_input: String,
    /// `[OCR_aligned]`: the OCR text with `@` alignment gaps.
    pub ocr_aligned: String,
    /// `[ GS_aligned]`: the gold standard with `@` gaps and `#` unknowns.
    pub gs_aligned: String,
}

const TAGS: [&str; 3] = ["[OCR_toInput] ", "[OCR_aligned] ", "[ GS_aligned] "];

/// The alignment gap.
const GAP: char = '@';
/// No gold standard here.
const IGNORE: char = '#';

impl IcdarFile {
    /// Parses a file's text; `origin` names it in errors.
    ///
    /// As the script does: surrounding white space is stripped, the text must
    /// be three lines (`\n` or `\r\n`), each loses its first 14 characters
    /// (the tag, which must be the expected one), `@` is removed from the
    /// first line, and the second line without `@` must equal the first.
    pub fn parse(text: &str, origin: &str) -> Result<IcdarFile> {
        let text = text.trim_start_matches('\u{feff}');
        // The two aligned lines are as long as each other, character for
        // character: a file cut off inside the gold standard is refused
        // (checked before the trimming, which may take the gold standard's
        // own trailing spaces).
        let raw: Vec<&str> = text.trim_end_matches(['\n', '\r']).split('\n').collect();
        if let [_, ocr, gs] = raw.as_slice() {
            let len = |l: &str, tag: &str| {
                l.trim_end_matches('\r')
                    .strip_prefix(tag)
                    .map(|f| f.chars().count())
            };
            if let (Some(o), Some(g)) = (len(ocr, TAGS[1]), len(gs, TAGS[2])) {
                if o != g {
                    return Err(Error::data(
                        origin,
                        3,
                        format!(
                            "[ GS_aligned] has {g} characters where [OCR_aligned] has {o}; \
                             the file is cut off or damaged"
                        ),
                    ));
                }
            }
        }
        let text = text.trim();
        let lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        if lines.len() != 3 {
            return Err(Error::data(
                origin,
                0,
                format!(
                    "expected 3 lines ({}), found {}",
                    TAGS.map(str::trim).join(", "),
                    lines.len()
                ),
            ));
        }
        let mut fields = Vec::with_capacity(3);
        for (i, (line, tag)) in lines.iter().zip(TAGS).enumerate() {
            // An empty last line lost its tag's trailing space to the trim.
            let rest = line
                .strip_prefix(tag)
                .or_else(|| (i == 2 && *line == tag.trim_end()).then_some(""));
            let Some(rest) = rest else {
                let found: String = line.chars().take(14).collect();
                return Err(Error::data(
                    origin,
                    i + 1,
                    format!("expected the tag {tag:?}, found {found:?}"),
                ));
            };
            fields.push(rest.to_owned());
        }
        let gs_aligned = fields.pop().unwrap_or_default();
        let ocr_aligned = fields.pop().unwrap_or_default();
        let ocr_input: String = fields
            .pop()
            .unwrap_or_default()
            .chars()
            .filter(|&c| c != GAP)
            .collect();
        if !ocr_aligned
            .chars()
            .filter(|&c| c != GAP)
            .eq(ocr_input.chars())
        {
            return Err(Error::data(
                origin,
                2,
                "[OCR_aligned] without its @ is not the [OCR_toInput] text",
            ));
        }
        Ok(IcdarFile {
            ocr_input,
            ocr_aligned,
            gs_aligned,
        })
    }

    /// Reads and parses a file.
    pub fn read(path: &Path) -> Result<IcdarFile> {
        let text = super::read_text(path)?;
        IcdarFile::parse(&text, &path.display().to_string())
    }

    /// The ground truth: the gold standard without its `@` gaps.
    pub fn gt_text(&self) -> String {
        self.gs_aligned.chars().filter(|&c| c != GAP).collect()
    }
}

/// The ICDAR files (`*.txt`) of a folder, or one file, as (name without
/// `.txt`, file), in name order.
pub fn read_path(path: &Path) -> Result<Vec<(String, IcdarFile)>> {
    if path.is_file() {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("icdar")
            .to_owned();
        return Ok(vec![(name, IcdarFile::read(path)?)]);
    }
    let files = super::list(path, ".txt")?;
    if files.is_empty() {
        return Err(Error::data(
            path.display().to_string(),
            0,
            "no ICDAR files (*.txt)",
        ));
    }
    files
        .into_iter()
        .map(|(name, p)| Ok((name, IcdarFile::read(&p)?)))
        .collect()
}

/// The pairs of a folder (or file) of ICDAR files: OCR = `[OCR_toInput]`,
/// GT = [`IcdarFile::gt_text`].
pub fn read_pairs(path: &Path) -> Result<Vec<super::Pair>> {
    Ok(read_path(path)?
        .into_iter()
        .map(|(name, f)| super::Pair {
            name,
            gt: f.gt_text(),
            ocr: f.ocr_input,
        })
        .collect())
}

/// One correction in the competition's terms: the tokens of `[OCR_toInput]`
/// (space-separated) from character `pos` on, `tokens` of them, become `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCorrection {
    /// Character position of the first token in the OCR text.
    pub pos: usize,
    /// Number of tokens replaced.
    pub tokens: usize,
    /// The replacement (the single candidate, weight 1).
    pub text: String,
}

/// `cursor[p]`: where OCR character `p` starts in the corrected text (before
/// any insertion at `p`); `equal[p]`: whether character `p` is kept as is.
fn cursor_map(src: &str, dst: &str, src_len: usize, dst_len: usize) -> (Vec<usize>, Vec<bool>) {
    const NONE: usize = usize::MAX;
    let mut h = vec![NONE; src_len + 1];
    let mut equal = vec![false; src_len];
    for op in opcodes(src, dst) {
        match op.kind {
            OpKind::Insert => {
                if h[op.src_start] == NONE {
                    h[op.src_start] = op.dest_start;
                }
            }
            OpKind::Delete => {
                for slot in &mut h[op.src_start..op.src_end] {
                    if *slot == NONE {
                        *slot = op.dest_start;
                    }
                }
            }
            OpKind::Equal | OpKind::Replace => {
                for k in 0..op.src_end - op.src_start {
                    let slot = &mut h[op.src_start + k];
                    if *slot == NONE {
                        *slot = op.dest_start + k;
                    }
                    equal[op.src_start + k] = op.kind == OpKind::Equal;
                }
            }
        }
    }
    if h[src_len] == NONE {
        h[src_len] = dst_len;
    }
    (h, equal)
}

/// The corrections that turn `ocr` into `corrected`, token by token (see the
/// module documentation). Spaces of the OCR text that the alignment keeps
/// separate corrections; tokens whose text did not change give none.
///
/// ```
/// use corrigenda::datasets::icdar::token_corrections;
/// let c = token_corrections("tbe cat sat", "the cat sat");
/// assert_eq!((c[0].pos, c[0].tokens, c[0].text.as_str()), (0, 1, "the"));
/// let c = token_corrections("of tbe cat", "of thecat");
/// assert_eq!((c[0].pos, c[0].tokens, c[0].text.as_str()), (3, 2, "thecat"));
/// ```
pub fn token_corrections(ocr: &str, corrected: &str) -> Vec<TokenCorrection> {
    let o: Vec<char> = ocr.chars().collect();
    let c: Vec<char> = corrected.chars().collect();
    if o == c {
        return Vec::new();
    }
    let (h, equal) = cursor_map(ocr, corrected, o.len(), c.len());
    let mut out = Vec::new();
    let mut start = 0;
    for end in 0..=o.len() {
        let boundary = end == o.len() || (o[end] == ' ' && equal[end]);
        if !boundary {
            continue;
        }
        let c_start = h[start].min(c.len());
        let c_end = if end == o.len() { c.len() } else { h[end] };
        let c_end = c_end.max(c_start).min(c.len());
        if o[start..end] != c[c_start..c_end] {
            out.push(TokenCorrection {
                pos: start,
                tokens: o[start..end].iter().filter(|&&ch| ch == ' ').count() + 1,
                text: c[c_start..c_end].iter().collect(),
            });
        }
        start = end + 1;
    }
    out
}

/// The figures of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Task2 {
    /// Gold-standard tokens without `#` (`NbTokens`).
    pub tokens: usize,
    /// Of them, those the OCR got wrong (`NbErroneousTokens`).
    pub erroneous: usize,
    /// OCR characters of the compared sequences (`NbSymbolsConsidered`).
    pub symbols: usize,
    /// Sum of the distances of the OCR sequences to the gold standard.
    pub before: usize,
    /// Sum of the distances of the corrected sequences to the gold standard.
    pub after: usize,
    /// Compared sequences.
    pub sequences: usize,
    /// Sequences the correction changed.
    pub changed: usize,
    /// Changed, now equal to the gold standard, and were not.
    pub fixed: usize,
    /// Changed, were equal to the gold standard, and now are not.
    pub broken: usize,
    /// Changed, and closer to the gold standard.
    pub better: usize,
    /// Changed, and further from the gold standard.
    pub worse: usize,
}

impl Task2 {
    /// The script's `T2_AvgLVDistOriginal`.
    pub fn avg_before(&self) -> f64 {
        avg(self.before, self.symbols)
    }

    /// The script's `T2_AvgLVDistCorrected`.
    pub fn avg_after(&self) -> f64 {
        avg(self.after, self.symbols)
    }

    /// The file's % improvement, `None` when the OCR had no error.
    pub fn improvement(&self) -> Option<f64> {
        pct(self.before as f64 - self.after as f64, self.before as f64)
    }

    /// Changed-token precision, `100 · fixed / changed`.
    pub fn precision(&self) -> Option<f64> {
        pct(self.fixed as f64, self.changed as f64)
    }
}

fn avg(sum: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        sum as f64 / n as f64
    }
}

fn pct(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| 100.0 * num / den)
}

/// The figures of a set of files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Task2Total {
    /// Files summed.
    pub files: usize,
    /// The counts, summed.
    #[serde(flatten)]
    pub sum: Task2,
    /// Token-weighted mean of the files' average distance before correction.
    pub weighted_before: f64,
    /// Token-weighted mean of the files' average distance after correction.
    pub weighted_after: f64,
}

impl Task2Total {
    /// Sums files' figures.
    pub fn of<'a>(files: impl IntoIterator<Item = &'a Task2>) -> Task2Total {
        let mut t = Task2Total::default();
        let (mut wb, mut wa) = (0.0, 0.0);
        for f in files {
            t.files += 1;
            let s = &mut t.sum;
            s.tokens += f.tokens;
            s.erroneous += f.erroneous;
            s.symbols += f.symbols;
            s.before += f.before;
            s.after += f.after;
            s.sequences += f.sequences;
            s.changed += f.changed;
            s.fixed += f.fixed;
            s.broken += f.broken;
            s.better += f.better;
            s.worse += f.worse;
            wb += f.tokens as f64 * f.avg_before();
            wa += f.tokens as f64 * f.avg_after();
        }
        if t.sum.tokens > 0 {
            t.weighted_before = wb / t.sum.tokens as f64;
            t.weighted_after = wa / t.sum.tokens as f64;
        }
        t
    }

    /// The competition's % improvement: from the token-weighted means of the
    /// files' average distances.
    pub fn improvement(&self) -> Option<f64> {
        pct(
            self.weighted_before - self.weighted_after,
            self.weighted_before,
        )
    }

    /// % improvement from the plain sums of distances over all files.
    pub fn improvement_sum(&self) -> Option<f64> {
        self.sum.improvement()
    }
}

/// Python slicing of a char vector, `v[a:b]` with clamping.
fn slice(v: &[char], a: usize, b: usize) -> &[char] {
    let a = a.min(v.len());
    let b = b.min(v.len()).max(a);
    &v[a..b]
}

/// Positions of `$|\ ` matches in `v[from..]`, relative to `from`: every
/// space, then the end.
fn ends(v: &[char], from: usize) -> impl Iterator<Item = usize> + '_ {
    let rest = slice(v, from, v.len());
    rest.iter()
        .enumerate()
        .filter(|(_, &c)| c == ' ')
        .map(|(i, _)| i)
        .chain(std::iter::once(rest.len()))
}

/// Spaces found by the script's `(?=([^-]\ [^-]))` (the position of the
/// space): not first, not last, no `-` on either side.
fn split_spaces(v: &[char]) -> Vec<usize> {
    (1..v.len().saturating_sub(1))
        .filter(|&i| v[i] == ' ' && v[i - 1] != '-' && v[i + 1] != '-')
        .collect()
}

/// Removes what the script's distance ignores: `" -"`, `"- "`, `"-"` and
/// `@`, leftmost first as `re.sub` does.
fn strip_ignored(s: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let next = s.get(i + 1).copied();
        match (s[i], next) {
            (' ', Some('-')) | ('-', Some(' ')) => i += 2,
            ('-', _) | (GAP, _) => i += 1,
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The script's `damerau_levenshtein` (unrestricted Damerau-Levenshtein, as
/// in jellyfish), after `strip_ignored`.
pub fn distance(a: &[char], b: &[char]) -> usize {
    let s1 = strip_ignored(a);
    let s2 = strip_ignored(b);
    if s1 == s2 {
        return 0;
    }
    let (len1, len2) = (s1.len(), s2.len());
    let infinite = len1 + len2;
    let mut da: HashMap<char, usize> = HashMap::new();
    let w = len2 + 2;
    let mut score = vec![0usize; (len1 + 2) * w];
    score[0] = infinite;
    for i in 0..=len1 {
        score[(i + 1) * w] = infinite;
        score[(i + 1) * w + 1] = i;
    }
    for j in 0..=len2 {
        score[j + 1] = infinite;
        score[w + j + 1] = j;
    }
    for i in 1..=len1 {
        let mut db = 0;
        for j in 1..=len2 {
            let i1 = da.get(&s2[j - 1]).copied().unwrap_or(0);
            let j1 = db;
            let mut cost = 1;
            if s1[i - 1] == s2[j - 1] {
                cost = 0;
                db = j;
            }
            let v = (score[i * w + j] + cost)
                .min(score[(i + 1) * w + j] + 1)
                .min(score[i * w + j + 1] + 1)
                .min(score[i1 * w + j1] + (i - i1 - 1) + 1 + (j - j1 - 1));
            score[(i + 1) * w + j + 1] = v;
        }
        da.insert(s1[i - 1], i);
    }
    score[(len1 + 1) * w + len2 + 1]
}

fn without_gaps(s: &[char]) -> Vec<char> {
    s.iter().copied().filter(|&c| c != GAP).collect()
}

/// Scores a corrected text of `file`'s `[OCR_toInput]` as the competition's
/// task 2 did (see the module documentation).
pub fn task2(file: &IcdarFile, corrected: &str) -> Task2 {
    let corrections = token_corrections(&file.ocr_input, corrected);
    task2_with(file, &corrections)
}

/// [`task2`] from corrections already in the competition's terms.
pub fn task2_with(file: &IcdarFile, corrections: &[TokenCorrection]) -> Task2 {
    let oa: Vec<char> = file.ocr_aligned.chars().collect();
    let gs: Vec<char> = file.gs_aligned.chars().collect();
    let mut t = Task2::default();

    // get_errors_stats: the gold standard's tokens
    let mut last = 0;
    for end in ends(&gs, 0) {
        let tok_gs = without_gaps(slice(&gs, last, end));
        let tok_ocr = without_gaps(slice(&oa, last, end));
        last = end + 1;
        if tok_gs.contains(&IGNORE) {
            continue;
        }
        t.tokens += 1;
        t.erroneous += usize::from(tok_ocr != tok_gs);
    }

    // aMap: for each gap, the number of OCR characters before it
    let gaps: Vec<usize> = oa
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == GAP)
        .enumerate()
        .map(|(k, (i, _))| i - k)
        .collect();
    let aligned = |pos: usize| pos + gaps.partition_point(|&g| g < pos);

    // the corrections at their aligned positions, with their bounds
    struct Aligned<'a> {
        start: usize,
        len: usize,
        text: &'a str,
    }
    let mut fixes: Vec<Aligned> = Vec::with_capacity(corrections.len());
    let mut inner_spaces = Vec::new();
    for c in corrections {
        let start = aligned(c.pos);
        let len = ends(&oa, start).nth(c.tokens.max(1) - 1).unwrap_or(0);
        inner_spaces.extend(
            ends(&oa, start)
                .take(c.tokens.max(1) - 1)
                .map(|e| e + start),
        );
        fixes.push(Aligned {
            start,
            len,
            text: &c.text,
        });
    }
    fixes.sort_by_key(|f| f.start);

    let gs_spaces = split_spaces(&gs);
    let mut cuts: Vec<usize> = split_spaces(&oa)
        .into_iter()
        .filter(|p| gs_spaces.binary_search(p).is_ok() && !inner_spaces.contains(p))
        .collect();
    cuts.push(oa.len());

    let mut last = 0;
    for end in cuts {
        let tok_gs = slice(&gs, last, end);
        let tok_ocr = slice(&oa, last, end);
        let here: Vec<&Aligned> = fixes
            .iter()
            .filter(|f| (last..end).contains(&f.start))
            .collect();
        let proposed: Vec<char> = if here.is_empty() {
            tok_ocr.to_vec()
        } else {
            let mut tok = tok_ocr.to_vec();
            for f in here.iter().rev() {
                let a = (f.start - last).min(tok.len());
                let b = (f.start - last + f.len).min(tok.len()).max(a);
                tok.splice(a..b, f.text.chars());
            }
            without_gaps(&tok)
        };
        if !tok_gs.contains(&IGNORE) {
            let before = distance(tok_ocr, tok_gs);
            let after = distance(&proposed, tok_gs);
            t.before += before;
            t.after += after;
            t.symbols += tok_ocr.len();
            t.sequences += 1;
            if without_gaps(tok_ocr) != without_gaps(&proposed) {
                t.changed += 1;
                t.fixed += usize::from(after == 0 && before > 0);
                t.broken += usize::from(before == 0 && after > 0);
                t.better += usize::from(after < before);
                t.worse += usize::from(after > before);
            }
        }
        last = end + 1;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(ocr_aligned: &str, gs_aligned: &str) -> IcdarFile {
        let text = format!(
            "[OCR_toInput] {}\n[OCR_aligned] {ocr_aligned}\n[ GS_aligned] {gs_aligned}\n",
            ocr_aligned.replace('@', "")
        );
        IcdarFile::parse(&text, "t.txt").unwrap()
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn parses_the_three_lines() {
        let f = file("tbe c@t", "the cat");
        assert_eq!(f.ocr_input, "tbe ct");
        assert_eq!(f.gt_text(), "the cat");
        let f = file("ab@c", "a@#c");
        assert_eq!(f.gt_text(), "a#c");
    }

    #[test]
    fn a_gold_standard_cut_short_is_refused() {
        let text = "[OCR_toInput] tbe cat sat\n[OCR_aligned] tbe cat sat\n[ GS_aligned] th";
        let e = IcdarFile::parse(text, "x.txt").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.txt:3: [ GS_aligned] has 2 characters where [OCR_aligned] has 11"),
            "{e}"
        );
        // trailing spaces of the gold standard itself are no cut
        let text = "[OCR_toInput] a b \n[OCR_aligned] a b \n[ GS_aligned] a c \n";
        assert_eq!(IcdarFile::parse(text, "x.txt").unwrap().gt_text(), "a c");
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = IcdarFile::parse("[OCR_toInput] a\n[OCR_aligned] a\n", "x.txt").unwrap_err();
        assert!(e.to_string().starts_with("x.txt: expected 3 lines"), "{e}");
        let e = IcdarFile::parse("[OCR_toInput] a\n[OCR_aligned] a\n[GS_aligned] a", "x.txt")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("x.txt:3: expected the tag"),
            "{e}"
        );
        let e = IcdarFile::parse("[OCR_toInput] a\n[OCR_aligned] b\n[ GS_aligned] b", "x.txt")
            .unwrap_err();
        assert!(e.to_string().starts_with("x.txt:2:"), "{e}");
    }

    #[test]
    fn distance_is_unrestricted_damerau_with_ignored_hyphens() {
        assert_eq!(distance(&chars("ca"), &chars("abc")), 2);
        assert_eq!(distance(&chars("abcd"), &chars("acbd")), 1);
        assert_eq!(distance(&chars("de- fin"), &chars("defin")), 0);
        assert_eq!(distance(&chars("a@b"), &chars("ab")), 0);
        assert_eq!(distance(&chars(""), &chars("abc")), 3);
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 3);
    }

    #[test]
    fn no_correction_changes_nothing() {
        let f = file("tbe cat sat", "the cat sat");
        let t = task2(&f, &f.ocr_input);
        assert_eq!((t.tokens, t.erroneous, t.before, t.after), (3, 1, 1, 1));
        assert_eq!((t.symbols, t.changed), (9, 0));
        assert_eq!(t.improvement(), Some(0.0));
    }

    #[test]
    fn a_fix_and_a_break() {
        let f = file("tbe cat sat", "the cat sat");
        let t = task2(&f, "the cat sit");
        assert_eq!(
            (t.before, t.after, t.changed, t.fixed, t.broken),
            (1, 1, 2, 1, 1)
        );
        let t = task2(&f, "the cat sat");
        assert_eq!((t.after, t.fixed, t.better, t.worse), (0, 1, 1, 0));
        assert_eq!(t.improvement(), Some(100.0));
        assert_eq!(t.precision(), Some(100.0));
    }

    #[test]
    fn ignored_sequences_and_gaps() {
        // the gold standard has no text for the second token: not compared
        let f = file("tbe c@t sat", "the ### sat");
        let t = task2(&f, "the cxt sat");
        assert_eq!((t.tokens, t.sequences), (2, 2));
        assert_eq!((t.before, t.after, t.changed), (1, 0, 1));
    }

    #[test]
    fn a_merge_spans_two_tokens() {
        let f = file("of t he cat", "of th@e cat");
        let c = token_corrections(&f.ocr_input, "of the cat");
        assert_eq!(
            c,
            vec![TokenCorrection {
                pos: 3,
                tokens: 2,
                text: "the".into()
            }]
        );
        let t = task2_with(&f, &c);
        assert_eq!((t.before, t.after, t.fixed), (1, 0, 1));
    }

    #[test]
    fn totals_weight_files_by_tokens() {
        let a = Task2 {
            tokens: 10,
            symbols: 50,
            before: 10,
            after: 5,
            ..Task2::default()
        };
        let b = Task2 {
            tokens: 30,
            symbols: 100,
            before: 10,
            after: 10,
            ..Task2::default()
        };
        let t = Task2Total::of([&a, &b]);
        // weighted: before (10·0.2 + 30·0.1)/40 = 0.125, after (10·0.1 + 30·0.1)/40 = 0.1
        assert!((t.improvement().unwrap() - 20.0).abs() < 1e-9);
        assert!((t.improvement_sum().unwrap() - 25.0).abs() < 1e-9);
    }
}
