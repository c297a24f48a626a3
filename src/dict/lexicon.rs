//! Lexicons: folded word → frequency, as layered `fst` maps.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// One `fst` map, borrowed from the binary or owned.
pub type Map = fst::Map<Cow<'static, [u8]>>;

/// One `fst` set, borrowed from the binary or owned.
pub type Set = fst::Set<Cow<'static, [u8]>>;

/// One layer of a lexicon: the words with their values, and the same words
/// spelled backwards, which lets the candidate search walk from either end
/// of a misread word (see [`crate::search::Searcher::with_reversed`]).
pub struct Layer {
    /// Folded word → `count << 1 | proper`.
    pub map: Map,
    /// The words with their characters reversed.
    pub reversed: Option<Set>,
    /// `longest[n]`: the largest count of a word of at least `n`
    /// characters (0 past the end).
    longest: Cow<'static, [u64]>,
}

impl Layer {
    /// The largest frequency count of a word of at least `chars`
    /// characters: a bound for searches that want long words only.
    pub fn max_count_from(&self, chars: usize) -> u64 {
        self.longest.get(chars).copied().unwrap_or(0)
    }
}

/// A lexicon compiled into the binary by build.rs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compiled {
    /// The `fst` map of folded words to values.
    pub(crate) map: &'static [u8],
    /// The `fst` set of the words spelled backwards.
    pub(crate) reversed: Option<&'static [u8]>,
    /// `longest[n]`: the largest count of a word of at least `n` characters.
    pub(crate) longest: &'static [u64],
}

/// `longest[n]` (see [`Layer`]) from `(characters, count)` of every word.
fn longest_counts(words: impl Iterator<Item = (usize, u64)>) -> Vec<u64> {
    let mut by_len: Vec<u64> = Vec::new();
    for (n, count) in words {
        if by_len.len() <= n {
            by_len.resize(n + 1, 0);
        }
        by_len[n] = by_len[n].max(count);
    }
    for i in (1..by_len.len()).rev() {
        by_len[i - 1] = by_len[i - 1].max(by_len[i]);
    }
    by_len
}

/// Known words with frequency counts (frequency × 10⁹ where known, else 0).
///
/// Each map value is `count << 1 | proper`, where `proper` marks a form the
/// source knows only as a proper name (so its replacement is capitalised).
///
/// A lexicon is a stack of maps: the compiled-in one, then those from
/// `--dict` folders and the language's names. A word is known if any layer
/// has it; its frequency is the largest of them.
#[derive(Default)]
pub struct Lexicon {
    layers: Vec<Layer>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sizes: Vec<usize> = self.layers.iter().map(|l| l.map.len()).collect();
        f.debug_struct("Lexicon").field("layers", &sizes).finish()
    }
}

impl Lexicon {
    /// Adds a compiled-in lexicon.
    pub(crate) fn push_static(&mut self, compiled: Compiled, origin: &str) -> Result<()> {
        let bad = |e: fst::Error| Error::data(origin, 0, format!("bad lexicon: {e}"));
        let map = fst::Map::new(Cow::Borrowed(compiled.map)).map_err(bad)?;
        let reversed = compiled
            .reversed
            .map(|r| fst::Set::new(Cow::Borrowed(r)))
            .transpose()
            .map_err(bad)?;
        self.layers.push(Layer {
            map,
            reversed,
            longest: Cow::Borrowed(compiled.longest),
        });
        Ok(())
    }

    /// Adds a layer built from `(folded word, count, proper)` entries in any
    /// order; duplicates keep the largest count.
    pub fn push_entries(&mut self, entries: Vec<(String, u64, bool)>) {
        let mut entries: Vec<(String, u64)> = entries
            .into_iter()
            .map(|(w, count, proper)| (w, count.min(u64::MAX >> 1) << 1 | u64::from(proper)))
            .collect();
        if entries.is_empty() {
            return;
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut builder = fst::MapBuilder::memory();
        for (word, count) in &entries {
            // Sorted and unique, so insertion cannot fail.
            builder.insert(word, *count).expect("sorted unique keys");
        }
        let longest = longest_counts(
            entries
                .iter()
                .map(|(w, value)| (w.chars().count(), value >> 1)),
        );
        let bytes = builder.into_inner().expect("in-memory fst");
        let map = fst::Map::new(Cow::Owned(bytes)).expect("fst just built");
        // Small layers (names, --dict words) are reversed at load; it takes
        // milliseconds.
        let reversed = crate::search::reverse_lexicon(&map)
            .ok()
            .map(|set| fst::Set::from(set.into_fst().map_data(Cow::Owned).expect("same bytes")));
        self.layers.push(Layer {
            map,
            reversed,
            longest: Cow::Owned(longest),
        });
    }

    /// The frequency count of a folded word, `None` if no layer has it.
    pub fn frequency(&self, folded: &str) -> Option<u64> {
        self.layers
            .iter()
            .filter_map(|l| l.map.get(folded))
            .max()
            .map(|v| v >> 1)
    }

    /// Whether some layer has the folded word.
    pub fn contains(&self, folded: &str) -> bool {
        self.layers.iter().any(|l| l.map.contains_key(folded))
    }

    /// Whether some layer has the folded word and every layer that has it
    /// knows it only as a proper name.
    pub fn is_proper(&self, folded: &str) -> bool {
        let mut values = self
            .layers
            .iter()
            .filter_map(|l| l.map.get(folded))
            .peekable();
        values.peek().is_some() && values.all(|v| v & 1 == 1)
    }

    /// Splits a raw map value into the frequency count and the proper flag.
    pub fn decode_value(value: u64) -> (u64, bool) {
        (value >> 1, value & 1 == 1)
    }

    /// The largest frequency count of a word of at least `chars`
    /// characters in any layer.
    pub fn max_count_from(&self, chars: usize) -> u64 {
        self.layers
            .iter()
            .map(|l| l.max_count_from(chars))
            .max()
            .unwrap_or(0)
    }

    /// The layers, for candidate search.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// Number of entries over all layers (a word in two layers counts twice).
    pub fn len(&self) -> usize {
        self.layers.iter().map(|l| l.map.len()).sum()
    }

    /// Whether no layer has any entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_counts_bound_every_longer_word() {
        assert_eq!(
            longest_counts([(1, 50), (3, 7), (3, 9), (5, 2)].into_iter()),
            [50, 50, 9, 9, 2, 2]
        );
        let mut lexicon = Lexicon::default();
        lexicon.push_entries(vec![
            ("и".into(), 30_000_000, false),
            ("государство".into(), 300_000, false),
            ("государственный".into(), 200_000, false),
        ]);
        lexicon.push_entries(vec![("рыба".into(), 40_000, false)]);
        assert_eq!(lexicon.max_count_from(0), 30_000_000);
        assert_eq!(lexicon.max_count_from(2), 300_000);
        assert_eq!(lexicon.max_count_from(12), 200_000);
        assert_eq!(lexicon.max_count_from(16), 0);
        // the compiled-in lexicons carry theirs from build.rs
        let dicts = crate::dict::Dictionaries::builtin().unwrap();
        let ru = dicts.languages().iter().find(|l| l.code == "ru").unwrap();
        let commonest = ru.lexicon.frequency("и").unwrap();
        assert!(ru.lexicon.max_count_from(1) >= commonest);
        let long = ru.lexicon.max_count_from(12);
        assert!(long > 0 && long < commonest / 10, "{long}");
        assert!(ru.lexicon.frequency("государственного").unwrap() <= long);
    }
}
