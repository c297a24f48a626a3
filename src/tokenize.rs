//! Splitting text into words, numbers and punctuation, each with its byte span.
//!
//! The splitter is a single pass over the characters: a run of letters and
//! digits is one token (an apostrophe between two letters stays inside, as in
//! `don't`); every other non-space character is a punctuation token of its
//! own. Hyphens separate tokens; rules that care about hyphenated compounds or
//! line-end hyphenation look at the neighbours. UAX #29 segmentation was not
//! used: it is several times slower and splits OCR'd mixtures of digits and
//! letters (`с00бщило`) in ways that hide the error.

use std::ops::Range;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters only (and apostrophes between letters).
    Word,
    /// Digits only.
    Number,
    /// Letters and digits mixed (`с00бщило`, `1950г`, `A1`).
    Mixed,
    /// One character that is neither a letter, a digit nor white space.
    Punct,
}

/// A token: its kind and its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What the token is made of.
    pub kind: TokenKind,
    /// Byte span in the text.
    pub span: Range<usize>,
}

/// Whether `c` is a letter (or a combining accent), with fast paths for
/// ASCII and basic Cyrillic, which are nearly all of the text.
pub fn is_letter(c: char) -> bool {
    is_alphabetic(c) || ('\u{300}'..='\u{36f}').contains(&c)
}

/// [`char::is_alphabetic`] with fast paths for ASCII and basic Cyrillic
/// (every character of U+0400..U+045F is a letter); the standard library
/// searches its Unicode tables for every character beyond ASCII.
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ('\u{400}'..='\u{45f}').contains(&c) || c.is_alphabetic()
    }
}

/// [`char::is_alphanumeric`] with the fast paths of [`is_alphabetic`].
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{400}'..='\u{45f}').contains(&c) || c.is_alphanumeric()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
}

/// Splits `text` into tokens, in order. White space is not a token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    tokenize_into(text, 0, &mut out);
    out
}

/// Appends the tokens of `text` to `out`, with spans shifted by `base`.
pub fn tokenize_into(text: &str, base: usize, out: &mut Vec<Token>) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !(is_letter(c) || c.is_numeric()) {
            let end = start + c.len_utf8();
            out.push(Token {
                kind: TokenKind::Punct,
                span: base + start..base + end,
            });
            continue;
        }
        let (mut letters, mut digits) = (is_letter(c), !is_letter(c));
        let mut end = start + c.len_utf8();
        let mut prev_letter = letters;
        while let Some(&(i, d)) = chars.peek() {
            if is_letter(d) {
                letters = true;
                prev_letter = true;
            } else if d.is_numeric() {
                digits = true;
                prev_letter = false;
            } else if is_apostrophe(d) && prev_letter {
                // Keep the apostrophe only when a letter follows it.
                let next = text[i + d.len_utf8()..].chars().next();
                if !next.is_some_and(is_letter) {
                    break;
                }
            } else {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let kind = match (letters, digits) {
            (true, false) => TokenKind::Word,
            (false, _) => TokenKind::Number,
            (true, true) => TokenKind::Mixed,
        };
        out.push(Token {
            kind,
            span: base + start..base + end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_alphabetic_agrees_with_the_standard_library() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text)
            .into_iter()
            .map(|t| (&text[t.span], t.kind))
            .collect()
    }

    #[test]
    fn words_numbers_punctuation() {
        use TokenKind::*;
        assert_eq!(
            kinds("Вх. № 3561/шс с00бщило don't 'x'"),
            vec![
                ("Вх", Word),
                (".", Punct),
                ("№", Punct),
                ("3561", Number),
                ("/", Punct),
                ("шс", Word),
                ("с00бщило", Mixed),
                ("don't", Word),
                ("'", Punct),
                ("x", Word),
                ("'", Punct),
            ]
        );
    }

    #[test]
    fn hyphen_separates_and_spans_are_bytes() {
        let text = "  Северо-Востока\n";
        let toks = tokenize(text);
        assert_eq!(toks.len(), 3);
        assert_eq!(&text[toks[2].span.clone()], "Востока");
        assert_eq!(toks[0].span, 2..14);
    }
}
