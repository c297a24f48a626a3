//! Reading a slot's OCR text as a value of its type.

use super::align::{fold, Costs};
use super::data::{SlotDef, SlotKind};
use crate::search::{Confusions, Query};

/// What a slot's text is taken to be.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Decision {
    /// The text that replaces the slot's OCR text (`None`: keep it).
    pub(crate) replacement: Option<String>,
    /// Confidence of the replacement.
    pub(crate) confidence: f32,
    /// Other candidates.
    pub(crate) alternatives: Vec<String>,
    /// The value as understood (after any replacement), for agreement
    /// across the document and page numbers; `None` when unreadable.
    pub(crate) value: Option<String>,
    /// A list slot whose text is none of its values.
    pub(crate) unknown: bool,
}

/// Confidence of a replacement that only reads look-alikes as what they
/// stand for (`б` → `6` in a number, `Х` → `X` in a Roman month).
const LOOKALIKE: f32 = 0.93;

/// What the rest of the document says about a Roman month: the months of
/// the dates elsewhere in it with the same day (and year).
#[derive(Debug, Clone, Default)]
pub(crate) struct MonthEvidence {
    /// The one month the document's dates give for this day, if one.
    pub(crate) month: Option<u32>,
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Whitespace-free, folded form used to compare values.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(fold).collect()
}

/// Each value [`squeeze`]d, with its length in characters, for [`rank`].
pub(crate) fn squeeze_all(values: &[String]) -> Vec<(String, usize)> {
    values
        .iter()
        .map(|v| {
            let s = squeeze(v);
            let n = s.chars().count();
            (s, n)
        })
        .collect()
}

/// How many of [`rank`]'s first values a slot's decision reads: the best,
/// the second and the three alternatives after the best.
pub(crate) const RANK_EXACT: usize = 5;

/// The list's values ranked by normalised OCR-aware distance from `text`
/// (best first; ties keep list order). The first `exact` are exact; a value
/// that cannot be among them is not measured to the end and comes after
/// them with an infinite distance (lists of names are long, and most names
/// are far from any one text).
///
/// `squeezed` holds the values [`squeeze`]d, with their lengths in
/// characters ([`squeeze_all`]; a slot's are made once, with its data).
pub(crate) fn rank<'v>(
    conf: &Confusions,
    text: &str,
    values: &'v [String],
    squeezed: &[(String, usize)],
    exact: usize,
) -> Vec<(f32, &'v str)> {
    debug_assert_eq!(values.len(), squeezed.len());
    let exact = exact.max(1);
    let t = squeeze(text);
    let b = t.chars().count();
    let mut query = Query::new(conf, &t);
    // The `exact` smallest distances so far, ascending.
    let mut top: Vec<f32> = Vec::with_capacity(exact + 1);
    let mut out: Vec<(f32, &str)> = Vec::with_capacity(values.len());
    for (v, (sv, a)) in values.iter().zip(squeezed) {
        let (sv, a) = (sv.as_str(), *a);
        let n = a.max(b).max(1) as f32;
        // Lengths this far apart are never within reach; skip the DP.
        let d = if a.abs_diff(b) as f32 > 0.6 * n {
            Some(a.abs_diff(b) as f32 / n)
        } else if top.len() < exact {
            Some(query.distance(sv) / n)
        } else {
            // Within the last of the best (and a unit of rounding over it,
            // so that a tie is measured, not cut).
            let worst = top[exact - 1];
            query.distance_within(sv, worst * n + 0.001).map(|d| d / n)
        };
        match d {
            Some(d) => {
                let at = top.partition_point(|&x| x <= d);
                top.insert(at, d);
                top.truncate(exact);
                out.push((d, v.as_str()));
            }
            None => out.push((f32::INFINITY, v.as_str())),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// Decides a slot. `text` is the slot's OCR text as read.
pub(crate) fn decide(
    def: &SlotDef,
    text: &str,
    costs: &Costs,
    conf: &Confusions,
    evidence: &MonthEvidence,
) -> Decision {
    match def.kind {
        SlotKind::Text => Decision::default(),
        SlotKind::Number => number(def, text, costs),
        SlotKind::Page if def.values.is_empty() => number(def, text, costs),
        SlotKind::Page | SlotKind::List => list(def, text, conf),
        SlotKind::Date => date_or_time(text, costs, false),
        SlotKind::Time => date_or_time(text, costs, true),
        SlotKind::RomanMonth => roman(text, costs, evidence),
    }
}

fn number(def: &SlotDef, text: &str, costs: &Costs) -> Decision {
    let mut out = String::new();
    let mut spaced = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if let Some(&d) = costs.digits.get(&c) {
            out.push(d);
        } else if c.is_whitespace() {
            spaced = true;
        } else {
            return Decision::default();
        }
    }
    let n = out.chars().count();
    if n < def.digits.0 || n > def.digits.1 {
        return Decision::default();
    }
    let mut d = Decision {
        value: Some(out.clone()),
        ..Decision::default()
    };
    if out != text {
        d.replacement = Some(out);
        d.confidence = if spaced { 0.6 } else { LOOKALIKE };
    }
    d
}

fn list(def: &SlotDef, text: &str, conf: &Confusions) -> Decision {
    let ranked = rank(conf, text, &def.values, &def.squeezed, RANK_EXACT);
    let Some(&(best, value)) = ranked.first() else {
        return Decision::default();
    };
    let second = ranked.get(1).map_or(1.0, |r| r.0);
    let number = |v: &str| {
        if def.kind == SlotKind::Page {
            def.values
                .iter()
                .position(|x| x == v)
                .map(|i| (i + 1).to_string())
        } else {
            Some(v.to_string())
        }
    };
    let alternatives: Vec<String> = ranked
        .iter()
        .skip(1)
        .take(3)
        .filter(|r| r.0 <= 0.5)
        .map(|r| r.1.to_string())
        .collect();
    if best > 0.45 {
        return Decision {
            unknown: true,
            alternatives,
            ..Decision::default()
        };
    }
    let mut d = Decision {
        value: number(value),
        alternatives,
        ..Decision::default()
    };
    let same_text = text.split_whitespace().eq(value.split_whitespace());
    if text != value && !(same_text && text.contains('\n')) {
        d.replacement = Some(value.to_string());
        d.confidence = if best == 0.0 && squeeze(text) == squeeze(value) {
            0.97
        } else if best <= 0.25 && second - best >= 0.1 {
            0.93
        } else {
            0.6
        };
    }
    d
}

fn date_or_time(text: &str, costs: &Costs, time: bool) -> Decision {
    let mut out = String::new();
    // A time is written `20.35` or `3:17`; the separator is kept.
    let sep = if time && text.contains(':') { ':' } else { '.' };
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' || (time && c == ':') {
            out.push(c);
        } else if c == ',' {
            out.push('.');
        } else if let Some(&d) = costs.digits.get(&c) {
            out.push(d);
        } else {
            return Decision::default();
        }
    }
    let trimmed = out.trim_end_matches(sep).to_string();
    let parts: Vec<&str> = trimmed.split(sep).collect();
    let num = |s: &str| -> Option<u32> {
        if (1..=2).contains(&s.len()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let valid = if time {
        parts.len() == 2
            && parts[1].len() == 2
            && num(parts[0]).is_some_and(|h| h <= 24)
            && num(parts[1]).is_some_and(|m| m <= 59)
    } else {
        (2..=3).contains(&parts.len())
            && num(parts[0]).is_some_and(|d| (1..=31).contains(&d))
            && num(parts[1]).is_some_and(|m| (1..=12).contains(&m))
            && parts
                .get(2)
                .is_none_or(|y| (y.len() == 2 || y.len() == 4) && y.parse::<u32>().is_ok())
    };
    if !valid {
        return Decision::default();
    }
    let mut d = Decision {
        value: Some(trimmed.clone()),
        ..Decision::default()
    };
    if trimmed != text {
        d.replacement = Some(trimmed);
        d.confidence = 0.92;
    }
    d
}

/// Edit cost between a Roman numeral read from OCR (`?` for a character
/// that is no numeral letter) and a true one.
fn roman_cost(read: &[char], truth: &[char]) -> f32 {
    let mut prev: Vec<f32> = (0..=truth.len()).map(|j| j as f32).collect();
    for (i, &r) in read.iter().enumerate() {
        let mut cur = vec![(i + 1) as f32; truth.len() + 1];
        for (j, &t) in truth.iter().enumerate() {
            let sub = if r == t {
                0.0
            } else if r == '?' {
                0.8
            } else {
                1.0
            };
            cur[j + 1] = (prev[j] + sub).min(prev[j + 1] + 1.0).min(cur[j] + 1.0);
        }
        prev = cur;
    }
    prev[truth.len()]
}

fn roman(text: &str, costs: &Costs, evidence: &MonthEvidence) -> Decision {
    let mut read = Vec::new();
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        let up = c.to_ascii_uppercase();
        if "IVX".contains(up) {
            read.push(up);
        } else if let Some(r) = costs.roman.get(&c) {
            read.extend(r.chars());
        } else {
            read.push('?');
        }
    }
    let costs_by_month: Vec<f32> = ROMAN
        .iter()
        .map(|r| roman_cost(&read, &r.chars().collect::<Vec<_>>()))
        .collect();
    let exact = costs_by_month.iter().position(|&c| c == 0.0);
    let make = |m: usize, confidence: f32, alternatives: Vec<String>| {
        let value = ROMAN[m].to_string();
        Decision {
            replacement: (value != text).then(|| value.clone()),
            confidence,
            alternatives,
            value: Some(value),
            unknown: false,
        }
    };
    match (exact, evidence.month) {
        (Some(m), None) => make(m, LOOKALIKE, vec![]),
        (Some(m), Some(e)) if m + 1 == e as usize => make(m, 0.97, vec![]),
        (Some(m), Some(e)) => {
            let e = e as usize - 1;
            if costs_by_month[e] <= 1.0 {
                make(e, 0.6, vec![ROMAN[m].to_string()])
            } else {
                make(m, 0.6, vec![ROMAN[e].to_string()])
            }
        }
        (None, Some(e)) => {
            let e = e as usize - 1;
            match costs_by_month[e] {
                c if c <= 1.0 => make(e, 0.9, vec![]),
                c if c <= 2.0 => make(e, 0.6, vec![]),
                _ => Decision::default(),
            }
        }
        (None, None) => {
            let mut order: Vec<usize> = (0..12).collect();
            order.sort_by(|&a, &b| costs_by_month[a].total_cmp(&costs_by_month[b]));
            let (a, b) = (order[0], order[1]);
            if costs_by_month[a] <= 1.0 && costs_by_month[b] > costs_by_month[a] {
                make(a, 0.5, vec![ROMAN[b].to_string()])
            } else {
                Decision::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::Unknown;
    use super::*;

    #[test]
    fn the_first_ranked_values_are_those_of_a_full_ranking() {
        let conf = Confusions::parse(
            "ocr\ttruth\tcost\nь\tы\t0.3\nн\tи\t0.2\nп\tл\t0.3\n0\tо\t0.2\n",
            "test",
        )
        .unwrap();
        let values: Vec<String> = [
            "ГРОМЫКО",
            "МОЛОТОВ",
            "ВЫШИНСКИЙ",
            "БУЛГАНИН",
            "МАЛЕНКОВ",
            "БЕРИЯ",
            "КАГАНОВИЧ",
            "МИКОЯН",
            "ХРУЩЕВ",
            "ВОРОШИЛОВ",
            "ШВЕРНИК",
            "КОСЫГИН",
            "АНДРЕЕВ",
            "ПОНОМАРЕНКО",
            "СУСЛОВ",
            "ЗОРИН",
            "ГРОМОВ",
            "ГРОМЫКИН",
            "МОЛОТКОВ",
            "МАЛИНИН",
        ]
        .map(String::from)
        .to_vec();
        for text in [
            "ГРОМЬКО",
            "М0Л0ТОВ",
            "МАЛЕНК0В",
            "ХРУЩЁВ",
            "КОСЫГНН",
            "ЗОРНН",
            "ПУХ",
            "",
        ] {
            let t = squeeze(text);
            let mut full: Vec<(f32, &str)> = values
                .iter()
                .map(|v| {
                    let sv = squeeze(v);
                    let (a, b) = (sv.chars().count(), t.chars().count());
                    let n = a.max(b).max(1);
                    let d = if a.abs_diff(b) as f32 > 0.6 * n as f32 {
                        a.abs_diff(b) as f32
                    } else {
                        crate::search::distance(&conf, &t, &sv)
                    };
                    (d / n as f32, v.as_str())
                })
                .collect();
            full.sort_by(|a, b| a.0.total_cmp(&b.0));
            for k in [1, 2, RANK_EXACT] {
                let ranked = rank(&conf, text, &values, &squeeze_all(&values), k);
                assert_eq!(ranked.len(), values.len());
                assert_eq!(ranked[..k], full[..k], "{text} {k}");
            }
        }
    }

    fn costs() -> Costs {
        let mut c = Costs::default();
        for (f, t) in [('Х', "X"), ('Т', "I"), ('Л', "II"), ('У', "V")] {
            c.roman.insert(f, t.to_string());
        }
        c.digits.insert('б', '6');
        c.digits.insert('З', '3');
        c
    }

    fn def(kind: SlotKind, values: &[&str]) -> SlotDef {
        SlotDef {
            kind,
            values: values.iter().map(|s| s.to_string()).collect(),
            digits: (1, 6),
            agree: None,
            unknown: Unknown::Keep,
            value_chars: vec![],
            squeezed: squeeze_all(&values.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        }
    }

    #[test]
    fn roman_months_from_lookalikes_and_evidence() {
        let c = costs();
        let none = MonthEvidence::default();
        let r = roman("УЛТ", &c, &none);
        assert_eq!(r.replacement.as_deref(), Some("VIII"));
        assert!(r.confidence >= 0.9);
        let ten = MonthEvidence { month: Some(10) };
        let r = roman("Е", &c, &ten);
        assert_eq!(r.replacement.as_deref(), Some("X"));
        let r = roman("Е", &c, &none);
        assert_eq!(r.replacement, None);
        assert_eq!(roman("XI", &c, &none).replacement, None);
    }

    #[test]
    fn numbers_and_dates() {
        let c = costs();
        let d = number(&def(SlotKind::Number, &[]), "б", &c);
        assert_eq!(d.replacement.as_deref(), Some("6"));
        assert_eq!(
            number(&def(SlotKind::Number, &[]), "6x", &c),
            Decision::default()
        );
        let d = date_or_time("7.8.", &c, false);
        assert_eq!(d.replacement.as_deref(), Some("7.8"));
        assert_eq!(date_or_time("12.19.59", &c, false).value, None);
        assert_eq!(date_or_time("17,85", &c, true).value, None);
        assert_eq!(
            date_or_time("17,05", &c, true).replacement.as_deref(),
            Some("17.05")
        );
    }

    #[test]
    fn lists_pick_close_values_and_mark_unknown_ones() {
        let conf = Confusions::default();
        let d = def(
            SlotKind::List,
            &[
                "МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ",
                "МИНИСТЕРСТВО ВНЕШНЕЙ ТОРГОВЛИ",
            ],
        );
        let r = list(&d, "МИНИСТЕРСТВО ИНОСТРАНННХ ДЕЛ", &conf);
        assert_eq!(
            r.replacement.as_deref(),
            Some("МИНИСТЕРСТВО ИНОСТРАННЫХ ДЕЛ")
        );
        assert!(r.confidence >= 0.9);
        let r = list(&d, "ИНВЕСТИЦИОННО-ПРОМЫСЛОВЫЙ БАНК", &conf);
        assert!(r.unknown);
    }
}
