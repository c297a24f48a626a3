//! Text that is not words: web addresses, e-mail addresses and domain names
//! (`http://www.debian.org/doc/`, `debian-user@lists.debian.org`,
//! `digitalarchive.wilsoncenter.org`). Their pieces look like misread or
//! merged words (`wilsoncenter`), but they must stay as typed: no rule
//! changes text inside them (header lines excepted, whose templates know
//! their whole line).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// Web and e-mail addresses and domain names, in ASCII (a domain ends in
/// one of the common top-level domains; `us` is left out, as it is also a
/// word that OCR glues to the one before: `to.us`).
const ADDRESS: &str = r#"(?xi)
    \b(?:https?|ftp)://[^\s<>"]+
  | \bwww\.[^\s<>"]+
  | [a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+
  | \b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|int|mil|info|io|ru|su|uk|de|fr|jp|cn|kr)\b
"#;

/// The byte spans of the addresses in `text`, in order.
///
/// An address has no white space and has a `.` or an `@`, so only such runs
/// of the text are searched: the pattern has no literal to look for first,
/// and over whole texts it cost as much as the rest of a clean run.
pub(super) fn addresses(text: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(ADDRESS).expect("valid address pattern"));
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let run = &text[s..i];
                if run.bytes().any(|b| b == b'.' || b == b'@') {
                    out.extend(re.find_iter(run).map(|m| s + m.start()..s + m.end()));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        addresses(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_and_not_words() {
        assert_eq!(
            found("See <https://example.org/doc/119402> or www.debian.org/intro."),
            ["https://example.org/doc/119402", "www.debian.org/intro."]
        );
        assert_eq!(
            found("Write to debian-user@lists.debian.org; digitalarchive.wilsoncenter.org"),
            [
                "debian-user@lists.debian.org",
                "digitalarchive.wilsoncenter.org"
            ]
        );
        // File names, abbreviations, glued words and Cyrillic are not.
        assert!(found("sources.list, i.e. part.of U.S. glued to.us т.д. Сов.секретно").is_empty());
    }
}
