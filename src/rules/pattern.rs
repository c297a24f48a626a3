//! Regex pattern rules, loaded from `patterns.toml` and checked at load.
//!
//! ```toml
//! [[rule]]
//! id = "numero-before-number"
//! pattern = '(^|\s)[»*](\s*\d{3,})'
//! replacement = '${1}№${2}'
//! confidence = 0.8            # 0–1; applied when at least the threshold
//! action = "auto"             # auto (by confidence), suggest or flag
//! note = "№ read as » or * before a document number"
//! unless = '\d »'           # optional: a line matching this is left alone
//! must_match = ["ШИФРОВКА » 603952/с"]
//! must_not_match = ["\"Правда\" » 3"]
//! [[rule.example]]
//! input = "ШИФРОВКА » 603952/с"
//! output = "ШИФРОВКА № 603952/с"
//! ```
//!
//! A pattern is matched against one line at a time (never across lines), so
//! `^` and `$` are the line's ends. Word-level knowledge belongs in the
//! lexicon and misreadings, not here: regexes are for shapes (numbers,
//! dates, stamps).

use regex::Regex;
use serde::Deserialize;

use crate::dict::load_toml_error;
use crate::error::{Error, Result};

/// How a rule's hits are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Applied when the confidence reaches the run's threshold, else suggested.
    Auto,
    /// Always suggested.
    Suggest,
    /// Flagged: the match is reported, nothing is proposed.
    Flag,
}

/// A compiled pattern rule.
#[derive(Debug, Clone)]
pub struct PatternRule {
    /// `pattern:<lang>/<id>`.
    pub id: String,
    /// The compiled pattern.
    pub regex: Regex,
    /// The replacement, with `$1` / `${name}` references.
    pub replacement: String,
    /// 0–1.
    pub confidence: f32,
    /// How hits are reported.
    pub mode: Mode,
    /// Why the rule exists.
    pub note: String,
    /// A line that matches this is left alone (a table row for a rule about
    /// a lone `|`).
    pub unless: Option<Regex>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: toml::Spanned<String>,
    pattern: String,
    #[serde(default)]
    replacement: String,
    confidence: f32,
    #[serde(default = "auto")]
    action: Mode,
    note: String,
    unless: Option<String>,
    #[serde(default)]
    must_match: Vec<String>,
    #[serde(default)]
    must_not_match: Vec<String>,
    #[serde(default)]
    example: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    input: String,
    output: String,
}

fn auto() -> Mode {
    Mode::Auto
}

impl PatternRule {
    /// The line with every hit of this rule replaced.
    pub fn rewrite<'a>(&self, line: &'a str) -> std::borrow::Cow<'a, str> {
        if self.skips(line) {
            return line.into();
        }
        self.regex.replace_all(line, self.replacement.as_str())
    }

    /// Whether the rule leaves this line alone (`unless`).
    pub fn skips(&self, line: &str) -> bool {
        self.unless.as_ref().is_some_and(|u| u.is_match(line))
    }

    /// Whether the rule changes something in this line.
    pub fn hits(&self, line: &str) -> bool {
        !self.skips(line) && self.regex.is_match(line)
    }
}

/// Parses and checks a `patterns.toml`. Every error names the file, the line
/// of the rule's `id` and the rule.
pub fn parse_rules(origin: &str, text: &str, lang: &str) -> Result<Vec<PatternRule>> {
    let file: File = toml::from_str(text).map_err(|e| load_toml_error(origin, text, &e))?;
    let mut out: Vec<PatternRule> = Vec::with_capacity(file.rule.len());
    for raw in file.rule {
        let line = 1 + text[..raw.id.span().start.min(text.len())]
            .matches('\n')
            .count();
        let name = raw.id.get_ref().clone();
        let fail = |msg: String| Error::data(origin, line, format!("rule {name:?}: {msg}"));
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(fail(
                "id must be non-empty ASCII letters, digits, - or _".into(),
            ));
        }
        if out.iter().any(|r| r.id.ends_with(&format!("/{name}"))) {
            return Err(fail("duplicate id".into()));
        }
        if !(0.0..=1.0).contains(&raw.confidence) {
            return Err(fail(format!(
                "confidence {} is not within 0–1",
                raw.confidence
            )));
        }
        let regex = Regex::new(&raw.pattern).map_err(|e| fail(format!("bad pattern: {e}")))?;
        let unless = raw
            .unless
            .map(|u| Regex::new(&u).map_err(|e| fail(format!("bad unless: {e}"))))
            .transpose()?;
        let rule = PatternRule {
            id: format!("pattern:{lang}/{name}"),
            regex,
            replacement: raw.replacement,
            confidence: raw.confidence,
            mode: raw.action,
            note: raw.note,
            unless,
        };
        if raw.must_match.is_empty() && raw.example.is_empty() {
            return Err(fail("needs at least one must_match or example".into()));
        }
        for s in &raw.must_match {
            if !rule.hits(s) {
                return Err(fail(format!("must_match example {s:?} does not match")));
            }
        }
        for s in &raw.must_not_match {
            if rule.hits(s) {
                return Err(fail(format!("must_not_match example {s:?} matches")));
            }
        }
        for ex in &raw.example {
            let got = rule.rewrite(&ex.input);
            if got != ex.output {
                return Err(fail(format!(
                    "example {:?} gives {got:?}, not {:?}",
                    ex.input, ex.output
                )));
            }
        }
        out.push(rule);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rule]]
id = "x"
pattern = 'a(\d)'
replacement = 'b$1'
confidence = 0.9
note = "n"
must_match = ["a1"]
must_not_match = ["ab"]
[[rule.example]]
input = "a1 a2"
output = "b1 b2"
"#;

    #[test]
    fn loads_and_checks() {
        let rules = parse_rules("p.toml", GOOD, "ru").unwrap();
        assert_eq!(rules[0].id, "pattern:ru/x");
        assert_eq!(rules[0].rewrite("za3"), "zb3");
    }

    #[test]
    fn a_line_matching_unless_is_left_alone() {
        let with = GOOD.replace("note = \"n\"", "note = \"n\"\nunless = '^#'");
        let rules = parse_rules("p.toml", &with, "ru").unwrap();
        assert_eq!(rules[0].rewrite("# a1"), "# a1");
        assert_eq!(rules[0].rewrite("a1 # a1"), "b1 # b1");
        // the examples are checked with it
        let bad = with.replace("must_match = [\"a1\"]", "must_match = [\"#a1\"]");
        let err = parse_rules("p.toml", &bad, "ru").unwrap_err().to_string();
        assert!(
            err.contains("must_match example \"#a1\" does not match"),
            "{err}"
        );
    }

    #[test]
    fn failing_example_names_file_line_and_rule() {
        let bad = GOOD.replace("output = \"b1 b2\"", "output = \"b1 a2\"");
        let err = parse_rules("p.toml", &bad, "ru").unwrap_err().to_string();
        assert!(err.starts_with("p.toml:3: rule \"x\": example"), "{err}");
        let bad = GOOD.replace(r"a(\d)", r"a(\d");
        let err = parse_rules("p.toml", &bad, "ru").unwrap_err().to_string();
        assert!(
            err.starts_with("p.toml:3: rule \"x\": bad pattern"),
            "{err}"
        );
    }
}
