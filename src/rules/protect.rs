//! Text that is not words: web addresses, e-mail addresses and domain names
//! (`http://www.debian.org/doc/`, `debian-user@lists.debian.org`,
//! `digitalarchive.wilsoncenter.org`), file paths (`/var/lib/dpkg/status`,
//! `~/.bashrc`), long options (`--purge`), settings (`PATH=/usr/bin`),
//! manual pages, identifiers and placeholders (`passwd(5)`, `dh_testdir`,
//! `<includedir>`), a command typed at a shell prompt (`$ debchange`) and
//! code quoted in backticks (`` `sudo env LANG=C dpkg -l` ``). Their
//! pieces look like misread or merged words (`wilsoncenter`, `dpkg` → `pkg`,
//! `sudo env` → `sudden`), but they must stay as typed: no rule changes text
//! inside them (header lines excepted, whose templates know their whole
//! line).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// Web and e-mail addresses and domain names, in ASCII (a domain ends in
/// one of the common top-level domains, `us` left out, as it is also a
/// word that OCR glues to the one before: `to.us`; a path may follow it,
/// `example.com/docs/manpage.html`); long options and
/// settings (`--purge`, `--force-all=yes`, `LANG=C`).
const ADDRESS: &str = r#"(?xi)
    \b(?:https?|ftp)://[^\s<>"]+
  | \bwww\.[^\s<>"]+
  | [a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+
  | \b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|int|mil|info|io|ru|su|uk|de|fr|jp|cn|kr)\b(?:/[^\s<>"]*)?
  | ^--[a-z][a-z0-9-]*(?:=[^\s"'`)]*)?
  | (?-i:\b[A-Z][A-Z0-9_]*=[^\s"'`)]*)
"#;

/// A file path in ASCII: `/` and a name, then more of them (`/etc/apt/`,
/// `~/.bashrc`, `../debian/rules`), where the first `/` does not follow a
/// letter or digit (`and/or`, `I/O`, `12/10/50` are no paths).
const PATH: &str = r"(?:^|[^A-Za-z0-9])((?:~|\.\.?)?/[A-Za-z0-9._+@-]+(?:/[A-Za-z0-9._+@*-]*)*)";

/// Names of computer text in ASCII: a manual page with its section
/// (`passwd(5)`, `ksh(1)`, `printf(3p)`, `dh_installdeb(1)`), an
/// identifier joined by underscores (`DEBIAN_HAS_FRONTEND`, `dh_testdir`)
/// and a placeholder or tag in angle brackets (`<includedir>`,
/// `</includedir>`). Typewritten text has none of them glued so, while
/// their names are near words (`passwd` → `passed`, `groupmod` →
/// `grouped`, `includedir` → `included`).
const NAME: &str = r"(?x)
    \b[A-Za-z_][A-Za-z0-9_.+-]*\([1-9][a-z]{0,4}\)
  | \b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b
  | </?[A-Za-z][A-Za-z0-9_.-]*>
";

/// A span quoted in backticks on one line is code when it is at most this
/// long (OCR's stray backticks rarely come in pairs this close).
const MAX_CODE: usize = 120;

/// The command a line types at a shell prompt (`$ debchange -pi`): its
/// span in the line. A small ASCII letter must follow the `$ ` (a sum of
/// money at the start of a line, `$ 5,000`, is no command).
fn prompted_command(line: &str) -> Option<Range<usize>> {
    let rest = line.trim_start_matches([' ', '\t']);
    let after = rest.strip_prefix('$')?;
    let name = after.trim_start_matches([' ', '\t']);
    if name.len() == after.len() || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let start = line.len() - name.len();
    let len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')))
        .unwrap_or(name.len());
    Some(start..start + len)
}

/// The byte spans of the protected text of `text`, in order of their start.
///
/// Addresses, paths and options have no white space and have a `.` before
/// a letter or digit, an `@`, `/` or `=`, or start with `--` (a word's
/// full stop or a number's decimal point alone makes none of them; only
/// paths need the `/`); names of computer text have a `(`, `_` or `<`: only
/// such runs of the text are searched, as the patterns have no literal to
/// look for first, and over whole texts they cost as much as the rest of a
/// clean run.
pub(super) fn protected(text: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (address, path, name) = RE.get_or_init(|| {
        (
            Regex::new(ADDRESS).expect("valid address pattern"),
            Regex::new(PATH).expect("valid path pattern"),
            Regex::new(NAME).expect("valid name pattern"),
        )
    });
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
                let bytes = run.as_bytes();
                let slash = bytes.contains(&b'/');
                if slash
                    || bytes.iter().any(|&b| matches!(b, b'@' | b'='))
                    || bytes
                        .windows(2)
                        .any(|w| w[0] == b'.' && w[1].is_ascii_alphanumeric())
                    || run.starts_with("--")
                {
                    out.extend(address.find_iter(run).map(|m| s + m.start()..s + m.end()));
                }
                if slash {
                    out.extend(
                        path.captures_iter(run)
                            .filter_map(|c| c.get(1))
                            .map(|m| s + m.start()..s + m.end()),
                    );
                }
                if run.bytes().any(|b| matches!(b, b'(' | b'_' | b'<')) {
                    out.extend(name.find_iter(run).map(|m| s + m.start()..s + m.end()));
                }
                start = None;
            }
            _ => {}
        }
    }
    for line in text.split_inclusive(['\n', '\r']) {
        let at = line.as_ptr() as usize - text.as_ptr() as usize;
        let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| at + i).collect();
        for pair in ticks.chunks_exact(2) {
            if pair[1] - pair[0] <= MAX_CODE {
                out.push(pair[0]..pair[1] + 1);
            }
        }
        if let Some(command) = prompted_command(line) {
            out.push(at + command.start..at + command.end);
        }
    }
    // A web address's path is a path too: one span for both.
    out.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        protected(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn addresses_and_not_words() {
        assert_eq!(
            found("See <https://example.org/doc/119402> or www.debian.org/intro."),
            ["https://example.org/doc/119402", "www.debian.org/intro."]
        );
        assert_eq!(
            found("Write to debian-user@lists.debian.org; digitalarchive.wilsoncenter.org or example.com/docs/manpage.html"),
            [
                "debian-user@lists.debian.org",
                "digitalarchive.wilsoncenter.org",
                "example.com/docs/manpage.html"
            ]
        );
        // File names, abbreviations, glued words and Cyrillic are not.
        assert!(found("sources.list, i.e. part.of U.S. glued to.us т.д. Сов.секретно").is_empty());
    }

    #[test]
    fn paths_options_settings_and_code_but_not_words() {
        assert_eq!(
            found("see /var/lib/dpkg/status, (~/.bashrc) and ../debian/rules"),
            ["/var/lib/dpkg/status", "~/.bashrc", "../debian/rules"]
        );
        assert_eq!(
            found("use --purge or --force-all=yes with LANG=C"),
            ["--purge", "--force-all=yes", "LANG=C"]
        );
        assert_eq!(
            found("Type `sudo env dpkg -l` now; a stray ` alone stays."),
            ["`sudo env dpkg -l`"]
        );
        assert_eq!(
            found("see passwd(5), dh_installdeb(1) and ksh(1)); DEBIAN_HAS_FRONTEND in <includedir>foo.d</includedir>"),
            [
                "passwd(5)",
                "dh_installdeb(1)",
                "ksh(1)",
                "DEBIAN_HAS_FRONTEND",
                "<includedir>",
                "</includedir>"
            ]
        );
        assert_eq!(
            found("Build it with\n    $ debchange -pi\nand $ dch too.\n$ 5,000 were paid.\n"),
            ["debchange"]
        );
        // words with a slash, dates, codes, dashes, Cyrillic
        assert!(
            found("and/or I/O 12/10/50 600308/ш -экземпляров re -configure ПУТЬ=да").is_empty()
        );
        // Numbered items, a plural, marks around words, Cyrillic, an
        // underline on its own
        assert!(found("item (1), see(s), 3(1), <- arrow, пункт_2 работа(1) ___ a_ b").is_empty());
    }
}
