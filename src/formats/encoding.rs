//! Character encodings of archive files: detecting them, decoding to UTF-8
//! and writing the corrected text back in the same encoding.
//!
//! The order of evidence, strongest first:
//!
//! 1. a byte-order mark (UTF-8, UTF-16 LE, UTF-16 BE);
//! 2. `--encoding` (any WHATWG label: `windows-1251`, `cp1251`, `koi8-r`,
//!    `utf-16le`, …), for a file without a BOM;
//! 3. the `encoding` of an XML declaration (`<?xml … encoding="windows-1251"?>`);
//! 4. valid UTF-8;
//! 5. a Cyrillic 8-bit encoding (Windows-1251, KOI8-R, KOI8-U, IBM866) guessed
//!    by `chardetng`, when the file has enough non-ASCII bytes for a guess
//!    ([`MIN_EVIDENCE`]). Anything else is reported as invalid UTF-8, with
//!    where, so that a damaged UTF-8 file is never silently read as
//!    Windows-1251.
//!
//! The output is written in the input's encoding. An applied correction that
//! the encoding cannot hold (KOI8-R has no `№`) is made `suggested` by
//! [`keep_encodable`] before the text is written, so the file is still done;
//! should the corrected text still not encode, [`encode`] fails with the
//! character and the file fails alone.

use std::fmt;
use std::path::Path;

use encoding_rs::{
    DecoderResult, EncoderResult, Encoding, IBM866, KOI8_R, KOI8_U, UTF_16BE, UTF_16LE, UTF_8,
    WINDOWS_1251,
};

use crate::change::{Action, Change};
use crate::error::{Error, Result};
use crate::text::Decoded;

/// The byte-order mark of UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Fewer non-ASCII bytes than this in a file that is not UTF-8 are taken as
/// damage, not as evidence of an 8-bit encoding: the file fails as invalid
/// UTF-8 (name its encoding with `--encoding` to read it).
pub const MIN_EVIDENCE: usize = 8;

/// Which encoding to read inputs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// Detected per file.
    #[default]
    Auto,
    /// Named by the user.
    Named(&'static Encoding),
}

impl Choice {
    /// Parses `auto` or a WHATWG encoding label (`windows-1251`, `cp1251`,
    /// `koi8-r`, `utf-16le`, `utf-8`, …), ignoring case.
    pub fn parse(label: &str) -> std::result::Result<Self, String> {
        if label.eq_ignore_ascii_case("auto") {
            return Ok(Choice::Auto);
        }
        match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
            Some(enc) => Ok(Choice::Named(enc)),
            None => Err(format!(
                "unknown encoding {label:?} (try utf-8, utf-16le, utf-16be, windows-1251, koi8-r, ibm866 or auto)"
            )),
        }
    }
}

/// A character of the corrected text that the file's encoding cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unencodable {
    /// The character.
    pub ch: char,
    /// Its byte offset in the (UTF-8) corrected text.
    pub offset: usize,
    /// The encoding.
    pub encoding: &'static str,
}

impl fmt::Display for Unencodable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the correction {:?} (U+{:04X}) cannot be written in {}; the file is left out (at byte {} of the corrected text)",
            self.ch, self.ch as u32, self.encoding, self.offset
        )
    }
}

impl std::error::Error for Unencodable {}

/// Decodes `bytes` as `choice` says (see the module documentation).
pub fn decode(path: &Path, bytes: Vec<u8>, choice: Choice) -> Result<Decoded> {
    let bom = sniff_bom(&bytes);
    // A byte-order mark is the strongest evidence, over --encoding too
    // (decoded as the named encoding, it would be read as text: `п»ї`).
    let enc = match (choice, bom) {
        (_, Some((enc, _))) => Some(enc),
        (Choice::Named(named), None) => return decode_as(path, bytes, named, false),
        (Choice::Auto, None) => None,
    };
    if let Some(enc) = enc {
        return decode_as(path, bytes, enc, true);
    }
    if let Some(enc) = xml_declared(&bytes) {
        return decode_as(path, bytes, enc, false);
    }
    let utf8_error = match std::str::from_utf8(&bytes) {
        Ok(_) => return decode_as(path, bytes, UTF_8, false),
        Err(e) => e,
    };
    if let Some(enc) = guess_cyrillic(&bytes) {
        return decode_as(path, bytes, enc, false);
    }
    let offset = utf8_error.valid_up_to();
    Err(Error::Decode {
        path: path.to_path_buf(),
        encoding: "UTF-8",
        offset,
        line: line_of(&bytes, offset),
    })
}

fn sniff_bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count()
}

/// The encoding named by an XML declaration at the very start of `bytes`
/// (ASCII-compatible encodings only; UTF-16 is found by its BOM).
fn xml_declared(bytes: &[u8]) -> Option<&'static Encoding> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = bytes.iter().take(512).position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&bytes[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = &rest[1..][..rest[1..].find(quote)?];
    let enc = Encoding::for_label_no_replacement(label.as_bytes())?;
    // A declared UTF-16 without a BOM cannot be what these ASCII bytes are.
    (enc != UTF_16LE && enc != UTF_16BE).then_some(enc)
}

/// A Cyrillic 8-bit encoding that `chardetng` is confident about, for bytes
/// that are not UTF-8.
fn guess_cyrillic(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.iter().filter(|&&b| b >= 0x80).count() < MIN_EVIDENCE {
        return None;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let (enc, sure) = det.guess_assess(None, false);
    if !sure {
        return None;
    }
    if enc == KOI8_U {
        // chardetng reports the KOI8 family as KOI8-U. The two differ only
        // in eight bytes (Ukrainian letters in KOI8-U, box drawing in
        // KOI8-R); Russian text without them is KOI8-R.
        let ukrainian = [0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD];
        return Some(if bytes.iter().any(|b| ukrainian.contains(b)) {
            KOI8_U
        } else {
            KOI8_R
        });
    }
    [WINDOWS_1251, IBM866].contains(&enc).then_some(enc)
}

/// Decodes all of `bytes` as `enc`, without replacement characters: a
/// malformed sequence fails with its byte offset and line.
fn decode_as(path: &Path, bytes: Vec<u8>, enc: &'static Encoding, bom: bool) -> Result<Decoded> {
    let skip = if bom {
        sniff_bom(&bytes).map_or(0, |(_, n)| n)
    } else {
        0
    };
    let body = &bytes[skip..];
    let name = display_name(enc, skip > 0);
    if enc == UTF_8 {
        // The fast path: no copy.
        let mut bytes = bytes;
        bytes.drain(..skip);
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: name,
                bom: skip > 0,
                codec: enc,
            }),
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                Err(Error::Decode {
                    path: path.to_path_buf(),
                    encoding: "UTF-8",
                    offset: offset + skip,
                    line: line_of(err.as_bytes(), offset),
                })
            }
        };
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3 + 16);
    let mut text = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Decoded {
            text,
            encoding: name,
            bom: skip > 0,
            codec: enc,
        }),
        DecoderResult::Malformed(bad, after) => {
            let offset = read - after as usize - bad as usize;
            let line = 1 + text.matches('\n').count();
            Err(Error::Decode {
                path: path.to_path_buf(),
                encoding: enc.name(),
                offset: offset + skip,
                line,
            })
        }
        DecoderResult::OutputFull => unreachable!("the buffer was sized for the whole input"),
    }
}

fn display_name(enc: &'static Encoding, bom: bool) -> &'static str {
    match (enc.name(), bom) {
        ("UTF-8", true) => "UTF-8 (BOM)",
        ("UTF-16LE", true) => "UTF-16LE (BOM)",
        ("UTF-16BE", true) => "UTF-16BE (BOM)",
        (name, _) => name,
    }
}

/// Whether `enc` can hold every character of `text`.
pub fn can_hold(enc: &'static Encoding, text: &str) -> bool {
    if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE || text.is_ascii() {
        return true;
    }
    let (_, _, bad) = enc.encode(text);
    !bad
}

/// Makes the applied changes whose replacement `enc` cannot hold
/// `suggested` (a KOI8-R archive writes `N` for `№`, which it does not
/// have): the file is still done, and the reviewer sees the proposal.
/// Returns how many changed.
pub fn keep_encodable(enc: &'static Encoding, changes: &mut [Change]) -> usize {
    let mut held = 0;
    for c in changes {
        if c.action == Action::Applied && !can_hold(enc, &c.replacement) {
            c.action = Action::Suggested;
            held += 1;
        }
    }
    held
}

/// The summary's note for [`keep_encodable`].
pub fn held_message(enc: &'static Encoding, held: usize) -> String {
    if held == 0 {
        return String::new();
    }
    format!(
        "{held} correction(s) only suggested: {} cannot hold their characters",
        enc.name()
    )
}

/// Encodes `text` as `decoded` was encoded (with its BOM, if it had one).
pub fn encode(decoded: &Decoded, text: &str) -> std::result::Result<Vec<u8>, Unencodable> {
    let enc = decoded.codec;
    let mut out = Vec::with_capacity(text.len() + 3);
    if enc == UTF_8 {
        if decoded.bom {
            out.extend_from_slice(UTF8_BOM);
        }
        out.extend_from_slice(text.as_bytes());
        return Ok(out);
    }
    if enc == UTF_16LE || enc == UTF_16BE {
        let le = enc == UTF_16LE;
        out.reserve(text.len() * 2);
        let unit = |u: u16| if le { u.to_le_bytes() } else { u.to_be_bytes() };
        if decoded.bom {
            out.extend_from_slice(&unit(0xFEFF));
        }
        for u in text.encode_utf16() {
            out.extend_from_slice(&unit(u));
        }
        return Ok(out);
    }
    let mut encoder = enc.new_encoder();
    let mut buf = vec![0u8; text.len() + 16];
    let mut read_total = 0;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(&text[read_total..], &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        read_total += read;
        match result {
            EncoderResult::InputEmpty => return Ok(out),
            EncoderResult::OutputFull => continue,
            EncoderResult::Unmappable(ch) => {
                return Err(Unencodable {
                    ch,
                    offset: read_total - ch.len_utf8(),
                    encoding: enc.name(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(enc: &'static Encoding, text: &str) -> Decoded {
        let (bytes, _, bad) = enc.encode(text);
        assert!(!bad);
        let d = decode(Path::new("x.txt"), bytes.to_vec(), Choice::Auto).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(encode(&d, &d.text).unwrap(), bytes.to_vec());
        d
    }

    /// Without `№`, which KOI8-R does not have.
    const RU: &str = "ШИФРОВКА N 604187/ш\nПередайте товарищу Громыко, что переговоры о торговом соглашении продолжаются.\n";

    #[test]
    fn cyrillic_8bit_files_are_detected() {
        assert_eq!(roundtrip(WINDOWS_1251, RU).encoding, "windows-1251");
        assert_eq!(roundtrip(KOI8_R, RU).encoding, "KOI8-R");
        assert_eq!(roundtrip(IBM866, RU).encoding, "IBM866");
    }

    #[test]
    fn utf16_with_bom_roundtrips() {
        for (le, name) in [(true, "UTF-16LE (BOM)"), (false, "UTF-16BE (BOM)")] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in RU.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let d = decode(Path::new("x.txt"), bytes.clone(), Choice::Auto).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (RU, name));
            assert_eq!(encode(&d, RU).unwrap(), bytes);
            // the BOM decides over a different --encoding
            let named = Choice::parse("windows-1251").unwrap();
            let d = decode(Path::new("x.txt"), bytes.clone(), named).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (RU, name));
        }
    }

    #[test]
    fn a_few_bad_bytes_are_damage_not_an_encoding() {
        let err = decode(
            Path::new("bad.txt"),
            b"first line\nsecond \xFF\xFE line\n".to_vec(),
            Choice::Auto,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt: not valid UTF-8 at byte 18 (line 2)"
        );
    }

    #[test]
    fn named_and_declared_encodings() {
        let (bytes, _, _) =
            WINDOWS_1251.encode("<?xml version='1.0' encoding='windows-1251'?><a>Да</a>");
        let d = decode(Path::new("a.xml"), bytes.to_vec(), Choice::Auto).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.ends_with("<a>Да</a>"));
        let (bytes, _, _) = KOI8_R.encode("Да");
        let d = decode(
            Path::new("a.txt"),
            bytes.to_vec(),
            Choice::parse("koi8-r").unwrap(),
        )
        .unwrap();
        assert_eq!(d.text, "Да");
        assert!(Choice::parse("nonsense").is_err());
    }

    #[test]
    fn unencodable_corrections_fail_clearly() {
        let d = roundtrip(KOI8_R, RU);
        let err = encode(&d, "Громыко № 5").unwrap_err();
        assert_eq!(err.ch, '№');
        let d = roundtrip(WINDOWS_1251, RU);
        let err = encode(&d, "Громыко 中").unwrap_err();
        assert_eq!(err.ch, '中');
        assert!(
            err.to_string()
                .contains("cannot be written in windows-1251"),
            "{err}"
        );
    }
}
