//! Text normalisation before comparison, exactly as `score.py` does it.
//!
//! `score.py` runs, in this order: Unicode NFC; `\r\n` and `\r` to `\n`;
//! the line-end hyphen join (a regex substitution); every run of whitespace
//! to one space; strip.  Python's `\w` and `\s` are Unicode-aware and not the
//! same sets as Rust's `char::is_alphanumeric` / `char::is_whitespace`, so the
//! two predicates here reproduce Python's sets (see `pyword.rs`).

use unicode_normalization::UnicodeNormalization;

use super::pyword::WORD_RANGES;

/// Python's `\w` (for `str` patterns): `str.isalnum()` or `_`.
pub(crate) fn is_word(c: char) -> bool {
    let c = c as u32;
    if c < 0x80 {
        return (c as u8).is_ascii_alphanumeric() || c == u32::from(b'_');
    }
    WORD_RANGES
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python's `\s` and `str.isspace()` (also what `str.split()` and `str.strip()`
/// use).  Unlike `char::is_whitespace` it includes U+001C..U+001F.
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1C}'..='\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Normalises a text the way `score.py` does before any comparison.
///
/// 1. Unicode NFC.
/// 2. `\r\n` and lone `\r` become `\n`.
/// 3. With `hyphen_join`: a hyphen at a line end between two word characters
///    is removed together with the line break, so `добро-\nвольных` becomes
///    `добровольных`.  One extra (blank) line in between is allowed too, and
///    spaces, tabs and form feeds around the breaks, so a word hyphenated
///    across a page break (`во-\n\fвремя`) joins.  This is `score.py`'s regex
///    `(?<=\w)-[ \t]*\r?\n(?:[ \t\f]*\r?\n)?[ \t\f]*(?=\w)` with Python's `\w`.
/// 4. Every run of whitespace (Python's `\s`: spaces, newlines, form feeds,
///    no-break spaces, ...) becomes one space; leading and trailing
///    whitespace is dropped.
///
/// Case and punctuation are kept.
///
/// ```
/// use corrigenda::eval::normalise;
/// assert_eq!(normalise("добро-\nвольных   отрядов\u{c}", true), "добровольных отрядов");
/// assert_eq!(normalise("Москва -\nКремль", true), "Москва - Кремль");
/// assert_eq!(normalise("a-\nb", false), "a- b");
/// ```
pub fn normalise(text: &str, hyphen_join: bool) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    let mut prev_cr = false;
    for c in text.nfc() {
        match c {
            '\r' => {
                chars.push('\n');
                prev_cr = true;
            }
            '\n' if prev_cr => prev_cr = false,
            _ => {
                chars.push(c);
                prev_cr = false;
            }
        }
    }
    if hyphen_join {
        chars = join_hyphens(&chars);
    }
    let mut out = String::with_capacity(chars.len());
    let mut pending_space = false;
    for &c in &chars {
        if is_space(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Applies the hyphen-join substitution (step 3 of [`normalise`]) to a text
/// that has no `\r` left, scanning left to right like `re.sub`.
fn join_hyphens(t: &[char]) -> Vec<char> {
    let skip = |mut i: usize, tabs_ff: bool| {
        while i < t.len() && (t[i] == ' ' || t[i] == '\t' || (tabs_ff && t[i] == '\u{c}')) {
            i += 1;
        }
        i
    };
    let word_at = |i: usize| i < t.len() && is_word(t[i]);
    let mut out = Vec::with_capacity(t.len());
    let mut p = 0;
    while p < t.len() {
        if t[p] == '-' && p > 0 && is_word(t[p - 1]) {
            // -[ \t]*\n
            let q = skip(p + 1, false);
            if q < t.len() && t[q] == '\n' {
                // (?:[ \t\f]*\n)?[ \t\f]*(?=\w): the optional group is tried
                // first; both alternatives skip the same run first, so they
                // cannot both match.
                let r = skip(q + 1, true);
                let end = if r < t.len() && t[r] == '\n' {
                    let s = skip(r + 1, true);
                    word_at(s).then_some(s)
                } else {
                    word_at(r).then_some(r)
                };
                if let Some(end) = end {
                    p = end;
                    continue;
                }
            }
        }
        out.push(t[p]);
        p += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_word_class_differs_from_rust_alphanumeric() {
        assert!(is_word('й') && is_word('_') && is_word('²') && is_word('Ж'));
        // combining acute (stress mark) and circled letters are not \w in Python
        assert!(!is_word('\u{301}') && !is_word('Ⓐ') && !is_word('-'));
        assert!(!is_word(' '));
    }

    #[test]
    fn python_space_class() {
        assert!(is_space('\u{1F}') && is_space('\u{c}') && is_space('\u{A0}'));
        assert!(!is_space('\u{200B}') && !is_space('\u{FEFF}'));
    }

    #[test]
    fn selftest_normalisation_cases() {
        assert_eq!(
            normalise("добро-\nвольных   отрядов\u{c}", true),
            "добровольных отрядов"
        );
        assert_eq!(normalise("И\u{306} \t x", true), "Й x");
        assert_eq!(normalise("во-\n\u{c}время", true), "вовремя");
        assert_eq!(normalise("Москва -\nКремль", true), "Москва - Кремль");
        assert_eq!(normalise("a-\nb", false), "a- b");
    }

    #[test]
    fn hyphen_join_variants() {
        // one empty line in between, CRLF, trailing spaces before the break
        assert_eq!(normalise("до-  \r\n \r\n\tмой", true), "домой");
        // two empty lines: no join
        assert_eq!(normalise("до-\n\n\nмой", true), "до- мой");
        // form feed right after the hyphen is not allowed (`[ \t]*` only)
        assert_eq!(normalise("до-\u{c}\nмой", true), "до- мой");
        // no word character after the break
        assert_eq!(normalise("до-\n- мой", true), "до- - мой");
        // consecutive joins
        assert_eq!(normalise("a-\nb-\nc", true), "abc");
        // hyphen at the very end
        assert_eq!(normalise("a-\n", true), "a-");
        // lone CR is a line break too
        assert_eq!(normalise("a-\rb", true), "ab");
    }

    #[test]
    fn whitespace_collapse_and_strip() {
        assert_eq!(normalise("  a \u{A0}\u{2003} b\u{1C}\n", true), "a b");
        assert_eq!(normalise(" \n\t ", true), "");
        assert_eq!(normalise("", true), "");
    }
}
