//! The review round trip: a corrections CSV that a reviewer has edited goes
//! back in, and exactly the changes the reviewer accepted are made to the
//! original inputs; or a report's applied changes are taken out of the
//! outputs again (undo).
//!
//! Every row is checked against the text before it is used: its `original`
//! must still be at `byte_start..byte_end`. A row that no longer fits, or
//! that overlaps a row already taken, is refused with the reason; the other
//! rows still apply. Nothing here trusts the spreadsheet beyond that check.
//!
//! What a row's `decision` means:
//!
//! | decision | row `applied` | row `suggested` | row `flagged` |
//! | --- | --- | --- | --- |
//! | empty | made | not made | not made |
//! | `accept` | made | made | nothing to make |
//! | `reject` | not made | not made | not made |
//! | other text | that text is made | that text is made | that text is made |
//!
//! (`accept` and `reject` are matched without regard to case and
//! surrounding spaces; any other text is the replacement exactly as written.)

mod read;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use read::{read_reviewed, ReviewedRow};

use crate::change::{collide, splice, Action, Change};
use crate::document::Document;
use crate::error::Error;
use crate::formats::encoding::Choice;
use crate::formats::{self, Format};
use crate::html::{self, LineText};
use crate::pipeline::{write_atomic, Input};
use crate::report::{CorrectionRow, SummaryRow};
use crate::text;

/// What a reviewer's decision asks of a row: the text to put at its span
/// and whether it is the reviewer's own (an edit), or `None` to leave the
/// span as it is.
pub fn decided_replacement(row: &CorrectionRow) -> Result<Option<(&str, bool)>, String> {
    let decision = row.decision.trim();
    let action = Action::parse(&row.action);
    if decision.eq_ignore_ascii_case("reject") {
        return Ok(None);
    }
    if decision.eq_ignore_ascii_case("accept") || decision.is_empty() {
        return match action {
            Some(Action::Applied) => Ok(Some((&row.replacement, false))),
            Some(Action::Suggested) if !decision.is_empty() => Ok(Some((&row.replacement, false))),
            Some(_) => Ok(None),
            None => Err(format!(
                "action {:?} is not applied, suggested or flagged",
                row.action
            )),
        };
    }
    Ok(Some((&row.decision, true)))
}

/// Why a row of a file that was not given is refused.
pub const NOT_AN_INPUT: &str = "the file is not among the inputs";

/// What became of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// Its span was given this text.
    Made(String),
    /// Left as it was (rejected, not accepted, or an accepted flag).
    Left,
    /// Could not be used, for this reason.
    Refused(String),
}

/// Where `row` sits in `text`, or why it does not fit there.
fn locate(text: &str, row: &ReviewedRow) -> Result<Range<usize>, String> {
    let r = &row.row;
    let (s, e) = (r.byte_start, r.byte_end);
    if e < s {
        return Err(format!("byte_end {e} is before byte_start {s}"));
    }
    if e > text.len() {
        return Err(format!(
            "bytes {s}..{e} are past the end of the text ({} bytes); the input has changed \
             since the report was made",
            text.len()
        ));
    }
    match text.get(s..e) {
        Some(found) if found == r.original || found == row.original_cell => Ok(s..e),
        Some(found) => Err(format!(
            "expected {:?} at bytes {s}..{e}, found {found:?}; the input has changed since the \
             report was made",
            r.original
        )),
        None => Err(format!(
            "bytes {s}..{e} split a character; the input has changed since the report was made"
        )),
    }
}

/// Makes the reviewer's decisions of `rows` (all about `text`). Returns the
/// new text and what became of each row, in the order of `rows`.
///
/// Rows are taken in the order of the sheet (their CSV line); a row that
/// overlaps one already taken is refused.
///
/// With `xml` (what was read from an hOCR or ALTO source, whose rows speak
/// of the source's own spelling), a change must lie in one word's text
/// that `run` would change, keep it one word (no white space) and not
/// empty it, or be a join, split or removal of whole word elements as
/// `run` writes them (see [`formats`]); a reviewer's text is escaped for its
/// place (for a join: it is the joined word; for a split: the words, one
/// space apart), and a `replacement` cell
/// taken as it is must be valid there (a reviewer may have edited it).
pub fn apply_rows(
    text: &str,
    rows: &[&ReviewedRow],
    xml: Option<&formats::Derived>,
) -> (String, Vec<RowOutcome>) {
    let places = xml.map(formats::word_places);
    let mut outcomes = vec![RowOutcome::Left; rows.len()];
    let mut wanted: Vec<(usize, Range<usize>, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let decided = match &row.defect {
            Some(d) => Err(d.clone()),
            None => decided_replacement(&row.row),
        };
        let located = decided.and_then(|decided| {
            let Some((rep, edited)) = decided else {
                return Ok(None);
            };
            let span = locate(text, row)?;
            let (Some(words), Some(derived)) = (places.as_deref(), xml) else {
                return Ok(Some((span, rep.to_string())));
            };
            let by_hand = |why: &str| format!("{why}; make the change in the file by hand");
            // The words of a row of several: the reviewer's, one space
            // apart, or those `read` finds in the untouched replacement.
            let several = |read: &dyn Fn(&str) -> Option<Vec<String>>, what: &str| {
                if edited {
                    Ok(rep.split(' ').map(str::to_string).collect())
                } else {
                    read(rep).ok_or_else(|| by_hand(what))
                }
            };
            // The word whose text holds the span (words do not overlap).
            let at = words.partition_point(|w| w.source.end < span.end);
            let Some(word) = words
                .get(at)
                .filter(|w| w.source.start <= span.start && span.end <= w.source.end)
            else {
                return match formats::elements_at(derived, text, &span) {
                    Some(formats::Elements::Join(join)) => {
                        let plain = if edited {
                            rep.to_string()
                        } else {
                            join.text_of(rep).ok_or_else(|| {
                                by_hand("the replacement is not the joined word element run writes")
                            })?
                        };
                        if plain.is_empty() || plain.chars().any(char::is_whitespace) {
                            return Err(by_hand("a join must leave one word"));
                        }
                        Ok(Some((span, join.fragment(&plain))))
                    }
                    Some(formats::Elements::Split(split)) => {
                        let pieces = several(
                            &|r| split.pieces_of(r),
                            "the replacement is not the word elements run writes",
                        )?;
                        let fragment = split.fragment(&pieces).ok_or_else(|| {
                            by_hand("a split must leave two words or more, one space apart")
                        })?;
                        Ok(Some((span, fragment)))
                    }
                    Some(formats::Elements::Removal) if rep.is_empty() => {
                        Ok(Some((span, String::new())))
                    }
                    Some(formats::Elements::Removal) => Err(by_hand(
                        "the row takes a word element away; it cannot be given other text",
                    )),
                    None => match formats::rewrite_at(derived, text, &span) {
                        Some(rewrite) => {
                            let texts = several(
                                &|r| rewrite.texts_of(r),
                                "the replacement is not the words' source run writes",
                            )?;
                            if !rewrite.fits(&texts) {
                                return Err(by_hand(
                                    "the change must give each word of the span one word",
                                ));
                            }
                            Ok(Some((span, rewrite.fragment(&texts))))
                        }
                        None => Err(by_hand("the change is not inside one word's text")),
                    },
                };
            };
            if let Some(why) = word.fixed {
                return Err(by_hand(why));
            }
            let (rep, plain) = if edited {
                (word.escape(rep), rep.to_string())
            } else {
                let plain = word.unescape(rep).map_err(|why| {
                    by_hand(&format!("the replacement is not valid XML there: {why}"))
                })?;
                (rep.to_string(), plain)
            };
            if plain.chars().any(char::is_whitespace) {
                return Err(by_hand("the change would put white space into one word"));
            }
            if plain.is_empty() && span == word.source {
                return Err(by_hand("the change would empty the word"));
            }
            Ok(Some((span, rep)))
        });
        match located {
            Ok(Some((span, rep))) => wanted.push((i, span, rep)),
            Ok(None) => {}
            Err(why) => outcomes[i] = RowOutcome::Refused(why),
        }
    }
    wanted.sort_by_key(|(i, _, _)| rows[*i].line);
    // Taken spans by (start, end); they do not overlap, so a new span can
    // only overlap the one before it or the one after it in this order.
    let mut taken: BTreeMap<(usize, usize), (usize, String)> = BTreeMap::new();
    for (i, span, rep) in wanted {
        let key = (span.start, span.end);
        let before = taken.range(..=key).next_back();
        let after = taken.range(key..).next();
        let clash = before
            .into_iter()
            .chain(after)
            .find(|((s, e), _)| collide(&(*s..*e), &span));
        if let Some(((s, e), (j, _))) = clash {
            outcomes[i] = RowOutcome::Refused(format!(
                "overlaps the row on line {} (bytes {s}..{e}), which is made",
                rows[*j].line
            ));
            continue;
        }
        outcomes[i] = RowOutcome::Made(rep.clone());
        taken.insert(key, (i, rep));
    }
    let output = splice(
        text,
        taken.iter().map(|((s, e), (_, r))| (*s..*e, r.as_str())),
    );
    (output, outcomes)
}

/// Takes the `applied` rows of a report out of `output` (the text they were
/// made in), giving back the original text. Spans are into the original, so
/// each is shifted by what the changes before it added or removed. Each row's
/// replacement must be found at its shifted span. Returns the restored text
/// and what became of each row (`Made` holds the original put back).
pub fn undo_rows(output: &str, rows: &[&ReviewedRow]) -> (String, Vec<RowOutcome>) {
    let mut outcomes = vec![RowOutcome::Left; rows.len()];
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].row.action == Action::Applied.as_str())
        .collect();
    order.sort_by_key(|&i| (rows[i].row.byte_start, rows[i].row.byte_end, rows[i].line));
    let mut shift: isize = 0;
    let mut last_end = 0;
    let mut last_line = 0;
    let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
    for i in order {
        let (row, line) = (&rows[i].row, rows[i].line);
        if let Some(d) = &rows[i].defect {
            outcomes[i] = RowOutcome::Refused(d.clone());
            continue;
        }
        if row.byte_end < row.byte_start {
            outcomes[i] = RowOutcome::Refused(format!(
                "byte_end {} is before byte_start {}",
                row.byte_end, row.byte_start
            ));
            continue;
        }
        if row.byte_start < last_end {
            outcomes[i] =
                RowOutcome::Refused(format!("overlaps the applied row on line {last_line}"));
            continue;
        }
        let start = row.byte_start as isize + shift;
        shift += row.replacement.len() as isize - (row.byte_end - row.byte_start) as isize;
        last_end = row.byte_end;
        last_line = line;
        let span = usize::try_from(start)
            .ok()
            .map(|s| s..s + row.replacement.len());
        match span.as_ref().and_then(|s| output.get(s.clone())) {
            Some(found) if found == row.replacement => {
                spans.push((span.unwrap_or_default(), &row.original));
                outcomes[i] = RowOutcome::Made(row.original.clone());
            }
            found => {
                outcomes[i] = RowOutcome::Refused(format!(
                    "expected the replacement {:?} at bytes {} of the output, found {}; the \
                     output has changed since the report was made",
                    row.replacement,
                    span.map_or_else(
                        || "before the start".into(),
                        |s| format!("{}..{}", s.start, s.end)
                    ),
                    found.map_or_else(|| "no such text".into(), |f| format!("{f:?}"))
                ));
            }
        }
    }
    (splice(output, spans), outcomes)
}

/// Options of [`apply_batch`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the outputs go (same relative paths as `run` uses).
    pub out: PathBuf,
    /// Take the applied rows out of the inputs instead of making the
    /// reviewer's decisions.
    pub undo: bool,
    /// The encoding of the inputs (as for `run`).
    pub encoding: Choice,
}

/// A row that was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The row's `file`.
    pub file: String,
    /// Its line in the CSV.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What [`apply_batch`] did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The new report: every row, in input order (file, then position), with
    /// `action` = `applied` for what was made, the original action
    /// otherwise (a row that was `applied` and is not made now becomes
    /// `suggested`), `replacement` = the text made, `decision` kept.
    /// Rows that fit their file get their position and context anew.
    pub rows: Vec<CorrectionRow>,
    /// A summary row per input (status, encoding, counts of the new report).
    pub files: Vec<SummaryRow>,
    /// The lines with changes, for the review page.
    pub lines: Vec<LineText>,
    /// Rows that were refused, in the order of the CSV.
    pub refusals: Vec<Refusal>,
    /// Inputs that could not be read, decoded or written.
    pub failures: Vec<(String, Error)>,
    /// Rows made.
    pub made: usize,
    /// Rows made with a reviewer's own text.
    pub edited: usize,
    /// Rows rejected by the reviewer.
    pub rejected: usize,
}

/// Assigns each row to an input: the input whose name is the row's `file`;
/// failing that, the one input whose output path (relative to `--out`) the
/// row's `file` ends with, so that a report of `run a/b.txt` fits the
/// output `OUT/b.txt` for an undo.
fn assign(inputs: &[Input], rows: &[ReviewedRow]) -> Vec<Result<usize, String>> {
    let by_name: HashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| (input.name.as_str(), i))
        .collect();
    let mut cache: HashMap<&str, Result<usize, String>> = HashMap::new();
    rows.iter()
        .map(|r| {
            let file = r.row.file.as_str();
            cache
                .entry(file)
                .or_insert_with(|| {
                    if let Some(&i) = by_name.get(file) {
                        return Ok(i);
                    }
                    let fits: Vec<usize> = (0..inputs.len())
                        .filter(|&i| Path::new(file).ends_with(&inputs[i].relative))
                        .collect();
                    match fits[..] {
                        [i] => Ok(i),
                        [] => Err(NOT_AN_INPUT.to_string()),
                        _ => Err(format!(
                            "the file could be any of {}",
                            fits.iter()
                                .map(|&i| inputs[i].name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                })
                .clone()
        })
        .collect()
}

/// Applies a reviewed report to `inputs` (or, with [`Options::undo`], takes
/// a report's applied rows out of them), writing every input's result under
/// [`Options::out`] atomically, in the input's encoding. Files are done one
/// by one; a file that fails does not stop the others.
pub fn apply_batch(inputs: &[Input], reviewed: &[ReviewedRow], opts: &Options) -> Outcome {
    let mut outcome = Outcome::default();
    let mut per_input: Vec<Vec<usize>> = vec![Vec::new(); inputs.len()];
    let mut results: Vec<RowOutcome> = vec![RowOutcome::Left; reviewed.len()];
    let mut unassigned = Vec::new();
    for (ri, a) in assign(inputs, reviewed).into_iter().enumerate() {
        match a {
            Ok(i) => per_input[i].push(ri),
            Err(why) => {
                results[ri] = RowOutcome::Refused(why);
                unassigned.push(ri);
            }
        }
    }
    let mut new_rows: Vec<Vec<CorrectionRow>> = vec![Vec::new(); inputs.len()];
    let clash = crate::pipeline::clashes(inputs);
    for (i, input) in inputs.iter().enumerate() {
        if let Some(message) = &clash[i] {
            let e = Error::Output {
                path: input.path.clone(),
                message: message.clone(),
            };
            outcome.failures.push((input.name.clone(), e));
            continue;
        }
        let rows: Vec<&ReviewedRow> = per_input[i].iter().map(|&ri| &reviewed[ri]).collect();
        let bytes = match fs::read(&input.path) {
            Ok(b) => b,
            Err(e) => {
                outcome
                    .failures
                    .push((input.name.clone(), Error::io(&input.path, e)));
                continue;
            }
        };
        let size = bytes.len() as u64;
        let decoded = match text::decode_with(&input.path, bytes, opts.encoding) {
            Ok(d) => d,
            Err(e) => {
                outcome.failures.push((input.name.clone(), e));
                continue;
            }
        };
        let format = formats::detect(&input.path, &decoded.text);
        let words = match format {
            Format::Hocr | Format::Alto => {
                // Where the words are, and which `run` does not change (see
                // `formats`): a change outside them, or to them, is refused.
                match formats::read(&format, &input.path, &decoded.text) {
                    Ok(derived) => Some(derived),
                    Err(e) => {
                        outcome.failures.push((input.name.clone(), e));
                        continue;
                    }
                }
            }
            Format::PageXml if !rows.is_empty() => {
                let e = Error::Output {
                    path: input.path.clone(),
                    message: "PAGE-XML keeps a line's text in several places that must change \
                              together; apply and undo do not handle it yet"
                        .into(),
                };
                outcome.failures.push((input.name.clone(), e));
                continue;
            }
            _ => None,
        };
        let (text, row_outcomes) = if opts.undo {
            undo_rows(&decoded.text, &rows)
        } else {
            let (text, mut outcomes) = apply_rows(&decoded.text, &rows, words.as_ref());
            // A reviewer's text the file's encoding cannot hold (KOI8-R has
            // no `№`) is refused alone; the file is made with the others.
            let cannot = |o: &RowOutcome| {
                matches!(o, RowOutcome::Made(t)
                    if !formats::encoding::can_hold(decoded.codec, t))
            };
            if outcomes.iter().any(cannot) {
                let kept: Vec<&ReviewedRow> = rows
                    .iter()
                    .zip(&outcomes)
                    .filter(|(_, o)| !cannot(o))
                    .map(|(r, _)| *r)
                    .collect();
                let (text, kept_outcomes) = apply_rows(&decoded.text, &kept, words.as_ref());
                let mut kept_outcomes = kept_outcomes.into_iter();
                for o in &mut outcomes {
                    *o = if cannot(o) {
                        RowOutcome::Refused(format!(
                            "the file's encoding, {}, cannot hold the text",
                            decoded.encoding
                        ))
                    } else {
                        kept_outcomes.next().unwrap_or(RowOutcome::Left)
                    };
                }
                (text, outcomes)
            } else {
                (text, outcomes)
            }
        };
        let target = opts.out.join(&input.relative);
        let written = decoded
            .encode(&text)
            .map_err(|e| Error::Output {
                path: input.path.clone(),
                message: e.to_string(),
            })
            .and_then(|bytes| write_atomic(&target, &bytes));
        if let Err(e) = written {
            outcome.failures.push((input.name.clone(), e));
            continue;
        }
        for (&ri, o) in per_input[i].iter().zip(row_outcomes) {
            results[ri] = o;
        }
        if !opts.undo {
            let rows = report_rows(
                &decoded.text,
                format == Format::Text,
                per_input[i].iter().map(|&ri| (&reviewed[ri], &results[ri])),
            );
            let doc_lines = text::lines(&decoded.text);
            let mut names: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            for name in names {
                outcome
                    .lines
                    .extend(html::line_texts(name, &decoded.text, &doc_lines, &rows));
            }
            let count = |a: Action| rows.iter().filter(|r| r.action == a.as_str()).count();
            outcome.files.push(SummaryRow {
                file: input.name.clone(),
                status: "ok".into(),
                encoding: decoded.encoding.to_string(),
                bytes: size,
                applied: count(Action::Applied),
                suggested: count(Action::Suggested),
                flagged: count(Action::Flagged),
                ..SummaryRow::default()
            });
            new_rows[i] = rows;
        }
    }
    for (ri, result) in results.iter().enumerate() {
        let r = &reviewed[ri];
        match result {
            RowOutcome::Made(_) => {
                outcome.made += 1;
                if !opts.undo && !r.row.decision.trim().is_empty() {
                    let d = r.row.decision.trim();
                    if !d.eq_ignore_ascii_case("accept") {
                        outcome.edited += 1;
                    }
                }
            }
            RowOutcome::Refused(reason) => outcome.refusals.push(Refusal {
                file: r.row.file.clone(),
                line: r.line,
                reason: reason.clone(),
            }),
            RowOutcome::Left => {
                if !opts.undo && r.row.decision.trim().eq_ignore_ascii_case("reject") {
                    outcome.rejected += 1;
                }
            }
        }
    }
    outcome.refusals.sort_by_key(|r| r.line);
    if !opts.undo {
        // Rows of files that are not among the inputs, or that failed, are
        // kept as they were, after the others.
        let mut reported = vec![false; reviewed.len()];
        for (i, rows) in per_input.iter().enumerate() {
            if !new_rows[i].is_empty() {
                for &ri in rows {
                    reported[ri] = true;
                }
            }
        }
        outcome.rows = new_rows.into_iter().flatten().collect();
        let mut rest: Vec<usize> = (0..reviewed.len()).filter(|&ri| !reported[ri]).collect();
        rest.sort_by_key(|&ri| reviewed[ri].line);
        for ri in rest {
            let mut row = reviewed[ri].row.clone();
            if row.action == Action::Applied.as_str() {
                row.action = Action::Suggested.as_str().into();
            }
            outcome.rows.push(row);
        }
    }
    outcome
}

/// The new report's rows of one file, in position order. For plain text
/// (`plain`), the position and context of each row that fits are computed
/// anew (XML rows are positioned in a text derived from the source, and
/// keep theirs).
fn report_rows<'a>(
    text: &str,
    plain: bool,
    rows: impl Iterator<Item = (&'a ReviewedRow, &'a RowOutcome)>,
) -> Vec<CorrectionRow> {
    let doc = Document::new(text);
    let mut out: Vec<(u64, CorrectionRow)> = rows
        .map(|(r, outcome)| {
            let mut row = r.row.clone();
            match outcome {
                RowOutcome::Made(rep) => {
                    row.action = Action::Applied.as_str().into();
                    row.replacement = rep.clone();
                }
                _ if row.action == Action::Applied.as_str() => {
                    row.action = Action::Suggested.as_str().into();
                }
                _ => {}
            }
            if plain && r.defect.is_none() && locate(text, r).is_ok() {
                row = renew(&doc, row);
            }
            (r.line, row)
        })
        .collect();
    out.sort_by(|(la, a), (lb, b)| {
        (a.byte_start, a.byte_end, la).cmp(&(b.byte_start, b.byte_end, lb))
    });
    out.into_iter().map(|(_, r)| r).collect()
}

/// `row` with its position and context computed anew from the text, as
/// `run` writes them; the other cells are kept.
fn renew(doc: &Document<'_>, row: CorrectionRow) -> CorrectionRow {
    let change = Change {
        span: row.byte_start..row.byte_end,
        replacement: row.replacement.clone(),
        action: Action::parse(&row.action).unwrap_or(Action::Flagged),
        rule: Arc::from(""),
        confidence: 0.0,
        alternatives: Vec::new(),
    };
    let fresh = CorrectionRow::new(&row.file, doc, &change);
    CorrectionRow {
        page: fresh.page,
        line: fresh.line,
        column: fresh.column,
        original: fresh.original,
        context: fresh.context,
        ..row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        line: u64,
        span: Range<usize>,
        orig: &str,
        rep: &str,
        action: &str,
        decision: &str,
    ) -> ReviewedRow {
        ReviewedRow {
            line,
            row: CorrectionRow {
                file: "f".into(),
                page: 1,
                line: 1,
                column: 1,
                byte_start: span.start,
                byte_end: span.end,
                original: orig.into(),
                replacement: rep.into(),
                action: action.into(),
                rule: "r".into(),
                confidence: "0.50".into(),
                alternatives: String::new(),
                context: String::new(),
                decision: decision.into(),
                location: String::new(),
            },
            original_cell: orig.into(),
            defect: None,
        }
    }

    #[test]
    fn decisions_follow_the_table() {
        let text = "aa bb cc dd ee";
        let rows = [
            row(2, 0..2, "aa", "AA", "applied", ""),
            row(3, 3..5, "bb", "BB", "applied", "Reject"),
            row(4, 6..8, "cc", "CC", "suggested", ""),
            row(5, 9..11, "dd", "DD", "suggested", " accept "),
            row(6, 12..14, "ee", "", "flagged", "accept"),
        ];
        let refs: Vec<&ReviewedRow> = rows.iter().collect();
        let (out, outcomes) = apply_rows(text, &refs, None);
        assert_eq!(out, "AA bb cc DD ee");
        assert_eq!(outcomes[0], RowOutcome::Made("AA".into()));
        assert_eq!(outcomes[1], RowOutcome::Left);
        let mut edited = rows.clone();
        edited[4].row.decision = "EE!".into();
        let refs: Vec<&ReviewedRow> = edited.iter().collect();
        assert_eq!(apply_rows(text, &refs, None).0, "AA bb cc DD EE!");
    }

    #[test]
    fn stale_and_overlapping_rows_are_refused_and_the_rest_apply() {
        let text = "one two three";
        let rows = [
            row(4, 4..13, "two three", "2 3", "applied", ""),
            row(2, 0..3, "one", "1", "applied", ""),
            row(3, 4..7, "two", "2", "suggested", "accept"),
            row(5, 8..13, "thre3", "three", "applied", ""),
        ];
        let refs: Vec<&ReviewedRow> = rows.iter().collect();
        let (out, outcomes) = apply_rows(text, &refs, None);
        assert_eq!(out, "1 2 three");
        assert_eq!(outcomes[1], RowOutcome::Made("1".into()));
        assert_eq!(outcomes[2], RowOutcome::Made("2".into()));
        assert_eq!(
            outcomes[0],
            RowOutcome::Refused("overlaps the row on line 3 (bytes 4..7), which is made".into())
        );
        assert_eq!(outcomes[3], RowOutcome::Refused(
            "expected \"thre3\" at bytes 8..13, found \"three\"; the input has changed since the report was made".into()
        ));
    }

    #[test]
    fn in_xml_a_change_must_stay_in_one_word_and_be_valid_there() {
        let src = r#"<alto><Page><TextLine><String CONTENT="tbe"/><SP/><String CONTENT="c"/><SP/><String CONTENT="at"/><SP/><String CONTENT="dog"/><SP/><String CONTENT="cow"/></TextLine></Page></alto>"#;
        let derived = formats::read(&Format::Alto, std::path::Path::new("a.xml"), src).unwrap();
        let at = |w: &str| {
            let i = src.find(&format!("\"{w}\"")).unwrap() + 1;
            i..i + w.len()
        };
        let (c, a) = (at("c"), at("at"));
        let rows = [
            // a reviewer's text is escaped for the attribute
            row(2, at("tbe"), "tbe", "the", "applied", "t<h>e&\"co\""),
            // across two words, and not as `run` writes such a row
            row(
                3,
                c.start..a.end,
                &src[c.start..a.end],
                "cat",
                "suggested",
                "accept",
            ),
            // a replacement cell edited into something the attribute cannot hold
            row(4, at("dog"), "dog", "d\"g", "applied", ""),
            // white space in one word
            row(5, at("cow"), "cow", "c ow", "suggested", "accept"),
        ];
        let refs: Vec<&ReviewedRow> = rows.iter().collect();
        let (out, outcomes) = apply_rows(src, &refs, Some(&derived));
        assert_eq!(
            out,
            src.replace("\"tbe\"", "\"t&lt;h&gt;e&amp;&quot;co&quot;\"")
        );
        let refused = |i: usize| match &outcomes[i] {
            RowOutcome::Refused(why) => why.clone(),
            o => panic!("row {i}: {o:?}"),
        };
        assert!(refused(1).starts_with("the replacement is not the words' source run writes"));
        assert!(refused(2).starts_with("the replacement is not valid XML there"));
        assert!(refused(3).starts_with("the change would put white space into one word"));
    }

    #[test]
    fn in_xml_a_join_or_removal_of_word_elements_is_made_as_run_writes_it() {
        let src = r#"<alto><Page><TextLine><String ID="a" HPOS="10" VPOS="20" WIDTH="30" HEIGHT="10" CONTENT="ИНОС"/><SP/><String ID="b" HPOS="45" VPOS="18" WIDTH="40" HEIGHT="14" CONTENT="ТРАННЫХ"/><SP/><String ID="c" HPOS="90" VPOS="20" WIDTH="5" HEIGHT="5" CONTENT="ы"/></TextLine></Page></alto>"#;
        let derived = formats::read(&Format::Alto, std::path::Path::new("a.xml"), src).unwrap();
        let join =
            src.find("<String ID=\"a\"").unwrap()..src.find("<SP/><String ID=\"c\"").unwrap();
        let removal = join.end..src.find("</TextLine>").unwrap();
        let joined = |text: &str| {
            format!(
                r#"<String ID="a" HPOS="10" VPOS="18" WIDTH="75" HEIGHT="14" CONTENT="{text}"/>"#
            )
        };
        let made = |rows: &[ReviewedRow]| {
            let refs: Vec<&ReviewedRow> = rows.iter().collect();
            apply_rows(src, &refs, Some(&derived))
        };
        // As `run` wrote it, and with the reviewer's own word.
        let row_join = |rep: &str, decision: &str| {
            row(
                2,
                join.clone(),
                &src[join.clone()],
                rep,
                "suggested",
                decision,
            )
        };
        let (out, outcomes) = made(&[
            row_join(&joined("ИНОСТРАННЫХ"), "accept"),
            row(3, removal.clone(), &src[removal.clone()], "", "applied", ""),
        ]);
        assert_eq!(outcomes[0], RowOutcome::Made(joined("ИНОСТРАННЫХ")));
        assert_eq!(
            out,
            src.replace(&src[join.start..removal.end], &joined("ИНОСТРАННЫХ"))
        );
        let (out, _) = made(&[row_join(&joined("ИНОСТРАННЫХ"), "ИНОСТРАННЫЕ")]);
        assert!(out.contains(&joined("ИНОСТРАННЫЕ")), "{out}");
        // Not what `run` writes, not one word, or other text for a removal.
        let refused = |rows: &[ReviewedRow]| match &made(rows).1[0] {
            RowOutcome::Refused(why) => why.clone(),
            o => panic!("{o:?}"),
        };
        let tampered = joined("ИНОСТРАННЫХ").replace("WIDTH=\"75\"", "WIDTH=\"7\"");
        assert!(refused(&[row_join(&tampered, "accept")])
            .starts_with("the replacement is not the joined word element run writes"));
        assert!(refused(&[row_join(&joined("ИНОСТРАННЫХ"), "ИНОС ТРАННЫХ")])
            .starts_with("a join must leave one word"));
        assert!(refused(&[row(
            2,
            removal.clone(),
            &src[removal.clone()],
            "",
            "applied",
            "x"
        )])
        .starts_with("the row takes a word element away"));
    }

    #[test]
    fn in_xml_words_rewritten_in_place_keep_their_number() {
        let src = r#"<alto><Page><TextLine><String ID="a" CONTENT="Весьта"/><SP/><String ID="b" CONTENT="срочая"/></TextLine></Page></alto>"#;
        let derived = formats::read(&Format::Alto, std::path::Path::new("a.xml"), src).unwrap();
        let span = src.find("Весьта").unwrap()..src.find("срочая").unwrap() + "срочая".len();
        let orig = &src[span.clone()];
        let fragment = orig
            .replace("Весьта", "Весьма")
            .replace("срочая", "срочная");
        let made = |rep: &str, decision: &str| {
            let rows = [row(2, span.clone(), orig, rep, "suggested", decision)];
            let refs: Vec<&ReviewedRow> = rows.iter().collect();
            apply_rows(src, &refs, Some(&derived))
        };
        let (out, _) = made(&fragment, "accept");
        assert_eq!(out, src.replace(orig, &fragment));
        let (out, _) = made(&fragment, "Весьма срочно");
        assert!(
            out.contains(r#"CONTENT="Весьма"/><SP/><String ID="b" CONTENT="срочно""#),
            "{out}"
        );
        let refused = |rep: &str, decision: &str| match &made(rep, decision).1[0] {
            RowOutcome::Refused(why) => why.clone(),
            o => panic!("{o:?}"),
        };
        assert!(refused(&fragment, "Весьма").starts_with("the change must give each word"));
        assert!(refused("Весьма срочная", "accept")
            .starts_with("the replacement is not the words' source run writes"));
    }

    #[test]
    fn undo_puts_the_originals_back_at_shifted_spans() {
        let input = "ab cd ef";
        let rows = [
            row(2, 0..2, "ab", "ABC", "applied", ""),
            row(3, 3..5, "cd", "", "applied", ""),
            row(4, 6..8, "ef", "x", "suggested", ""),
        ];
        let refs: Vec<&ReviewedRow> = rows.iter().collect();
        let (output, _) = apply_rows(input, &refs, None);
        assert_eq!(output, "ABC  ef");
        let (back, outcomes) = undo_rows(&output, &refs);
        assert_eq!(back, input);
        assert_eq!(outcomes[2], RowOutcome::Left);
    }
}
