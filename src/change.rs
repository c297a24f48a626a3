//! Changes: what a rule proposes, how overlapping proposals are settled, and
//! how the applied ones are spliced into the text.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use crate::tokenize::is_alphabetic;

/// What happens to a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Made in the output.
    Applied,
    /// Proposed to the reviewer; the output keeps the original.
    Suggested,
    /// Looks wrong, but there is no safe fix.
    Flagged,
}

impl Action {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Applied => "applied",
            Action::Suggested => "suggested",
            Action::Flagged => "flagged",
        }
    }

    /// Parses a report name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "applied" => Some(Action::Applied),
            "suggested" => Some(Action::Suggested),
            "flagged" => Some(Action::Flagged),
            _ => None,
        }
    }
}

/// One proposed change of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Byte span of the original text.
    pub span: Range<usize>,
    /// The replacement (empty for a flag).
    pub replacement: String,
    /// Applied, suggested or flagged.
    pub action: Action,
    /// The rule's id, e.g. `lexicon:ru` or `header:ru/cipher-registry-stamp:month`.
    pub rule: Arc<str>,
    /// 0.0–1.0.
    pub confidence: f32,
    /// Other candidates, best first.
    pub alternatives: Vec<String>,
}

impl Change {
    /// Whether the change edits the text when applied (flags do not).
    pub fn edits(&self) -> bool {
        self.action != Action::Flagged
    }
}

/// Settles overlapping changes and sorts them by position.
///
/// Flags never edit text, so they are kept whatever they overlap. Among the
/// changes that edit, the first of overlapping ones in this order wins:
/// applied before suggested, higher confidence, longer span, earlier start,
/// then rule id and replacement, so the result does not depend on the order
/// rules ran in.
pub fn resolve(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by(priority);
    // The spans kept so far, as (start, end): they do not overlap, so in
    // this order their ends grow too, and only the last few before a span's
    // end can overlap it.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut kept = Vec::with_capacity(changes.len());
    for change in changes {
        if change.edits() {
            let Range { start, end } = change.span;
            let overlaps = taken
                .range(..=(end, end))
                .rev()
                .take_while(|t| t.1 >= start)
                .any(|&(t_start, t_end)| collide(&(t_start..t_end), &change.span));
            if overlaps {
                continue;
            }
            taken.insert((start, end));
        }
        kept.push(change);
    }
    kept.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
            .then(a.action.cmp(&b.action))
            .then(a.rule.cmp(&b.rule))
    });
    kept
}

/// Whether two spans cannot both be replaced: they share a byte, or both
/// are insertions at one point.
pub fn collide(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.is_empty() && b.is_empty() && a.start == b.start
}

/// The order in which [`resolve`] takes changes: the first of two
/// overlapping ones wins.
fn priority(a: &Change, b: &Change) -> std::cmp::Ordering {
    a.action
        .cmp(&b.action)
        .then(b.confidence.total_cmp(&a.confidence))
        .then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
        .then(a.span.start.cmp(&b.span.start))
        .then(a.rule.cmp(&b.rule))
        .then(a.replacement.cmp(&b.replacement))
}

/// Splices the replacements of `edits` into `text`. The spans must be sorted
/// and must not overlap (as [`resolve`] leaves them).
pub fn splice<'a>(text: &str, edits: impl IntoIterator<Item = (Range<usize>, &'a str)>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (span, replacement) in edits {
        debug_assert!(span.start >= at, "edits overlap or are out of order");
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Applies the `applied` changes of a resolved list.
pub fn apply(text: &str, changes: &[Change]) -> String {
    splice(
        text,
        changes
            .iter()
            .filter(|c| c.action == Action::Applied)
            .map(|c| (c.span.clone(), c.replacement.as_str())),
    )
}

/// Trims the common prefix and suffix (whole characters) of `original` and
/// `replacement`, returning the shrunken byte range within `original` and the
/// remaining replacement. Keeps reports to the characters that change.
pub fn minimal(original: &str, replacement: &str) -> (Range<usize>, Range<usize>) {
    let prefix: usize = original
        .chars()
        .zip(replacement.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (o, r) = (&original[prefix..], &replacement[prefix..]);
    let suffix: usize = o
        .chars()
        .rev()
        .zip(r.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (
        prefix..original.len() - suffix,
        prefix..replacement.len() - suffix,
    )
}

/// Gives `replacement` the case pattern of `original`: all capitals, a
/// capital first letter, or lowercase. Any other pattern keeps the
/// replacement as written.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters = || original.chars().filter(|&c| is_alphabetic(c));
    let upper = letters().filter(|c| c.is_uppercase()).count();
    let total = letters().count();
    if total > 1 && upper == total {
        return replacement.to_uppercase();
    }
    let first_upper = letters().next().is_some_and(char::is_uppercase);
    if upper == 1 && (first_upper || total == 1) {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(f) => f
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        };
    }
    if upper == 0 {
        return replacement.to_lowercase();
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(span: Range<usize>, rep: &str, action: Action, conf: f32) -> Change {
        Change {
            span,
            replacement: rep.into(),
            action,
            rule: Arc::from("t"),
            confidence: conf,
            alternatives: vec![],
        }
    }

    #[test]
    fn overlaps_prefer_applied_then_confidence() {
        let kept = resolve(vec![
            ch(0..4, "x", Action::Suggested, 0.99),
            ch(2..6, "y", Action::Applied, 0.5),
            ch(5..8, "z", Action::Applied, 0.9),
            ch(0..8, "", Action::Flagged, 0.1),
        ]);
        let got: Vec<(&str, Action)> = kept
            .iter()
            .map(|c| (c.replacement.as_str(), c.action))
            .collect();
        // 5..8 (applied, 0.9) beats 2..6 (applied, 0.5); 0..4 no longer
        // overlaps anything that edits; the flag stays whatever it covers.
        assert_eq!(
            got,
            vec![
                ("x", Action::Suggested),
                ("", Action::Flagged),
                ("z", Action::Applied)
            ]
        );
    }

    #[test]
    fn resolve_keeps_what_a_check_against_every_kept_span_keeps() {
        // Random spans on a short text (many overlaps, empty insertions,
        // shared ends), against the plain rule: keep a change that edits if
        // it overlaps no change kept before it in priority order.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let actions = [Action::Applied, Action::Suggested, Action::Flagged];
        for _ in 0..300 {
            let changes: Vec<Change> = (0..next(12) + 1)
                .map(|i| {
                    let start = next(20);
                    let end = start + next(5);
                    let conf = next(4) as f32 / 4.0;
                    ch(start..end, &i.to_string(), actions[next(3)], conf)
                })
                .collect();
            let mut by_priority = changes.clone();
            by_priority.sort_by(priority);
            let mut want: Vec<Change> = Vec::new();
            for c in by_priority {
                let clash = |k: &Change| {
                    k.edits()
                        && (k.span.start < c.span.end && c.span.start < k.span.end
                            || k.span.is_empty()
                                && c.span.is_empty()
                                && k.span.start == c.span.start)
                };
                if !c.edits() || !want.iter().any(clash) {
                    want.push(c);
                }
            }
            let mut got = resolve(changes);
            let key = |c: &Change| (c.span.start, c.span.end, c.replacement.clone());
            got.sort_by_key(key);
            want.sort_by_key(key);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn splice_and_minimal() {
        assert_eq!(splice("abcdef", [(1..2, "X"), (4..6, "")]), "aXcd");
        let (o, r) = minimal("ГРОМЬКО", "ГРОМЫКО");
        assert_eq!(&"ГРОМЬКО"[o], "Ь");
        assert_eq!(&"ГРОМЫКО"[r], "Ы");
    }

    #[test]
    fn case_patterns() {
        assert_eq!(match_case("ГРОМЬКО", "громыко"), "ГРОМЫКО");
        assert_eq!(match_case("Громько", "громыко"), "Громыко");
        assert_eq!(match_case("громько", "Громыко"), "громыко");
        assert_eq!(match_case("tbe", "the"), "the");
        assert_eq!(match_case("McX", "McDonald"), "McDonald");
    }
}
