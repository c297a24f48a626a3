//! Language data: lexicons, names, known misreadings and pattern rules.
//!
//! Every language is a folder of plain files (`dictionaries/<lang>/`); the
//! built-in folders are compiled into the binary (see `build.rs`) and any
//! number of `--dict DIR` folders of the same layout are layered over them at
//! start-up. Code never names a language: adding one is adding a folder.

mod lexicon;
mod load;

use std::collections::HashMap;

pub use lexicon::{Layer, Lexicon};
pub use load::Dictionaries;

use crate::rules::pattern::PatternRule;
use crate::search::Confusions;

/// A proper name of the period: one written form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The form as normally written (`Пхеньяна`).
    pub form: String,
    /// `person`, `place`, `org` or `other`.
    pub kind: String,
    /// The form is the prepositional case and no other (`Инчоне`): it
    /// stands only after a preposition (`case` = `loct` in `names.tsv`).
    pub prepositional: bool,
}

/// A known whole-word misreading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misreading {
    /// The right word, lowercase unless case matters.
    pub right: String,
    /// Where the entry comes from.
    pub origin: String,
}

/// How unknown words are searched and ranked (`[ranking]` in `lang.toml`).
///
/// Each candidate gets the weight `exp(-cost_weight·cost) · (freq +
/// smoothing)^freq_weight`; the hypothesis that the word is right but
/// missing from the lexicon gets `exp(-cost_weight·keep_cost) ·
/// smoothing^freq_weight`. The best candidate's share of the total weight is
/// its confidence.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ranking {
    /// Words with fewer letters are not searched.
    pub min_letters: usize,
    /// All-capital words with at most this many letters are taken as
    /// abbreviations and not searched.
    pub max_abbreviation: usize,
    /// Largest weighted edit cost of a candidate.
    pub max_cost: f32,
    /// Candidates costing more than the best plus this are not considered.
    pub max_cost_over_best: f32,
    /// Weight of the edit cost.
    pub cost_weight: f32,
    /// Weight of the log frequency.
    pub freq_weight: f32,
    /// Added to every frequency count (counts are frequency × 10⁹).
    pub smoothing: f32,
    /// The edit cost at which "the word is right, the lexicon lacks it" is as
    /// likely as a candidate of zero frequency, for a word of no letters…
    pub keep_cost: f32,
    /// …plus this much per letter: a long unknown word is less likely to be
    /// a real word that the lexicon lacks.
    pub keep_cost_per_letter: f32,
    /// A word with a capital inside a sentence is often a name the lexicon
    /// lacks: the confidence of changing it into a word that is not a name
    /// is multiplied by this.
    pub name_like_factor: f32,
    /// A letter substitution the document's applied corrections show in at
    /// least this many different words is the document's own confusion
    /// (0: no document adaptation; see `rules::adapt`)…
    pub adapt_min_words: usize,
    /// …and costs at most this in that document.
    pub adapt_cost: f32,
    /// Two pieces searched as one word (a word OCR split) may have lost
    /// letters where OCR read the space (`пре дставитель`, `se tion`): each
    /// letter missing there costs this instead of a default insertion.
    pub gap_cost: f32,
    /// A candidate that the document itself has elsewhere as a known word
    /// (the same form, read right) costs this much less when a correction
    /// is ranked again with the document's evidence (0: no such evidence;
    /// see `rules::words`).
    pub document_bonus: f32,
    /// A candidate that makes, with the word before or after it, a pair of
    /// words the document itself writes elsewhere (`на станции`, `Debian
    /// project`) costs this much less when a correction is ranked again
    /// with the document's evidence (0: the neighbours are not weighed).
    pub context_bonus: f32,
    /// A misread word the lexicon search finds nothing for is searched
    /// again among the document's own words (known words it writes, and the
    /// words its applied lexicon corrections make) at this cost per letter,
    /// much farther: OCR of a heavy carbon copy garbles a document's own
    /// term past the search's bound in a different way each time
    /// (`спецлаанстов`, `споцвальстов` → `специалистов`). 0 (the default)
    /// turns it off: technical text makes new words of known ones
    /// (`debuginfo`; see `rules::words`).
    pub document_far_cost: f32,
    /// A word typed all in capitals (four letters or more) on a line of
    /// running text (one with small letters): its candidates that are names
    /// (`names.tsv`) cost this much less when the correction is ranked again
    /// with the document's evidence. Russian typescript of the period types
    /// surnames in capitals inside running text (`товарищу ВЫШИНСКОМУ`), so
    /// there such a word is far more often a name than a common word
    /// (`ГРОМНКО`: ГРОМЫКО, not громко). 0 (the default) turns it off.
    pub caps_name_bonus: f32,
    /// A known word of at least `real_word_min_letters` letters that one of
    /// the document's own confusions (see `adapt_min_words`) reads for a
    /// word this many times as frequent is a misreading of it (`гола` for
    /// `года` where `д` reads as `л`): confidence 0.9 at this ratio, more
    /// above it (0: no such correction; see `rules::words`).
    pub real_word_ratio: f32,
    /// See `real_word_ratio`.
    pub real_word_min_letters: usize,
    /// The ratio a word of three letters needs instead (0: such words are
    /// left alone): short words are near many more words (`tho` → `the`,
    /// but not `пол` → `под`).
    pub real_word_short_ratio: f32,
    /// An unknown word of two or three letters that the word rules do not
    /// search (too short, or capitals taken for an abbreviation) and that
    /// one of the document's own confusions turns into a word of at least
    /// this count, and into no other word within `real_word_ratio` of it,
    /// is that word misread (`ло` → `до` where `д` reads as `л`; 0: no such
    /// correction; see `rules::words`).
    pub short_word_count: u64,
    /// A known word in title case inside a sentence, whose capital has its
    /// small letter's shape (`case_ambiguous`), is that word in small
    /// letters when it is at least this common (counts are frequency ×
    /// 10⁹) and no name (`case:capital`; see `rules::case`). 0 (the
    /// default) turns it off. English capitalises nouns of institutions,
    /// headlines and old print inside sentences (`the Council of`,
    /// `Troops in Control at`): there it needs evidence too
    /// (`capital_inside_evidence`).
    pub capital_inside_count: u64,
    /// `case:capital` works only in a document with at least this many
    /// words whose stray capitals inside are all of the small letters'
    /// shape (`theSe`, `iS`, `paCka`): OCR that misreads case shows it
    /// there. 0 (the default) asks for no such evidence; English asks for
    /// it, where print capitalises words inside sentences too (verse, old
    /// print's nouns, a manual's `set to On`).
    pub capital_inside_evidence: u32,
    /// `case:capital` makes a word no name is or begins with
    /// ([`Language::never_name`]: `намерено Привлечь преподавателей`) small at
    /// this count already, below [`Ranking::capital_inside_count`] (counts
    /// are frequency × 10⁹). 0 (the default) asks for the common count.
    pub lowercase_count: u64,
    /// A candidate that print sets next to the word before or after it
    /// [`Ranking::bigram_min_ratio`] times as often as chance would
    /// ([`Language::bigram_ratio`]) costs this much less (`INTOND TO`:
    /// `INTEND`, not `INTONE`). 0 (the default) turns it off.
    pub bigram_bonus: f32,
    /// See [`Ranking::bigram_bonus`]: a pair with a common word that goes
    /// with any word (`and spare`) says nothing of the other.
    pub bigram_min_ratio: f32,
    /// A document's words of this language (of three letters or more, 20
    /// at least) of which fewer than this share are known are no text in
    /// this language, or OCR past reading: changes to them are only
    /// suggested (see `rules::words::unknown_language`). 0 (the default)
    /// turns it off: a layer's lexicon learned from a few pages knows too
    /// few words for the share to say anything.
    pub min_known_share: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            min_letters: 3,
            max_abbreviation: 4,
            max_cost: 2.0,
            max_cost_over_best: 1.0,
            cost_weight: 4.0,
            freq_weight: 0.3,
            smoothing: 100.0,
            keep_cost: 0.6,
            keep_cost_per_letter: 0.15,
            name_like_factor: 0.85,
            adapt_min_words: 2,
            adapt_cost: 0.15,
            gap_cost: 0.4,
            document_bonus: 0.5,
            context_bonus: 0.0,
            document_far_cost: 0.0,
            caps_name_bonus: 0.0,
            real_word_ratio: 30.0,
            real_word_min_letters: 4,
            real_word_short_ratio: 900.0,
            short_word_count: 100_000,
            capital_inside_count: 0,
            capital_inside_evidence: 0,
            lowercase_count: 0,
            bigram_bonus: 0.0,
            bigram_min_ratio: 100.0,
            min_known_share: 0.0,
        }
    }
}

/// `[witness]` in `lang.toml`: a translation into another language in the
/// same document (an archive's English translation after the Russian
/// original) is evidence of what the original's words are. A word of the
/// translation, transliterated (`motorized` → `мотор…`), names the words of
/// this language it may be the cognate of (`моторизованные`); those are
/// searched farther and ranked higher in that document (see
/// `rules::witness`).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// Code of the translation's language.
    pub language: String,
    /// Words of the translation's language count only with this many
    /// letters or more…
    pub min_letters: usize,
    /// …and only when the document has at least this many different ones
    /// (a translation, not a few quoted words).
    pub min_words: usize,
    /// A word of this language is witnessed when it begins with the first
    /// `prefix` letters of a transliterated translation word.
    pub prefix: usize,
    /// A word that nothing else explains is searched among the witnessed
    /// words within this much edit cost per letter (and proposed, never
    /// applied)…
    pub cost_per_letter: f32,
    /// …and a witnessed candidate of a suggested correction costs this much
    /// less.
    pub bonus: f32,
    /// The translation language's letters and letter groups with their
    /// spellings in this language (`ch` → `ч` or `х`); every reading is
    /// tried.
    pub transliteration: std::collections::BTreeMap<String, Vec<String>>,
}

/// A pair of known words that OCR (or the typist) split from one word, from
/// `joins.tsv`.
#[derive(Debug, Clone)]
pub struct Join {
    /// The joined word.
    pub joined: String,
    /// The pair is a real phrase when the next word matches this.
    pub keep_before: Option<regex::Regex>,
}

/// The small letter of `c` (its first, where lowercasing gives several),
/// with fast paths for ASCII and basic Cyrillic.
pub fn lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{410}'..='\u{42f}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{400}'..='\u{40f}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        _ if c.is_ascii() => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Spellings of an older stage of the language that the lexicon has only in
/// their modern form (`old_spellings` in `lang.toml`; English of the
/// 16th–17th centuries: `iourney`, `marryed`, `countrey`). A document
/// whose corrections make [`OldSpellings::min_words`] different words or
/// more modern by these rewrites, using [`OldSpellings::min_rules`]
/// different rewrites or more, is written in that spelling: such
/// corrections are only suggested there. One OCR confusion (`u` read for
/// `v`) repeats one rewrite; a spelling system shows several.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OldSpellings {
    /// Different words a document must have corrected by the rewrites.
    pub min_words: usize,
    /// Different rewrites those corrections must use.
    pub min_rules: usize,
    /// `[old, modern]` letter groups (`["i", "j"]`, `["yed", "ied"]`).
    pub rules: Vec<(String, String)>,
}

/// The ending a noun takes in the prepositional case after a preposition of
/// `prepositional_after` and an adjective of one of `adjective_endings`
/// (`prepositional_agreement` in `lang.toml`; Russian: `в Южной Корее`,
/// `о своей работе`): a known noun there with the first ending of a pair
/// of `endings`, whose form with the second is known too, is in the wrong
/// case (`в Южной Кореи`, the genitive), a real word the typist or OCR got
/// wrong. Such corrections are only suggested.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Endings of the adjective between the preposition and the noun (`ой`,
    /// `ей`: the feminine singular).
    pub adjective_endings: Vec<String>,
    /// `[wrong, right]` noun endings (`["и", "е"]`).
    pub endings: Vec<(String, String)>,
}

/// Marks that OCR reads in place of a word's edge letter (`‘оргпредства`
/// for `торгпредства`, `upgrad=` for `upgrade`): glued to an unknown word
/// whose correction adds a letter on that side, the mark is that letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterMarks {
    /// Marks standing for a first letter.
    pub before: Vec<char>,
    /// Marks standing for a last letter.
    pub after: Vec<char>,
    /// Marks that, glued before a known word, are specks to drop (`‘все` →
    /// `все`): the language's text has them nowhere there (no quotation it
    /// opens is closed nearby)…
    pub specks_before: Vec<char>,
    /// …and after one (`в том числе’` → `в том числе`).
    pub specks_after: Vec<char>,
}

/// Characters below this (Latin and Cyrillic) are told letters or not by a
/// bitmap.
const BITMAP_CHARS: usize = 0x500;

/// A language's letters. Every character of every word is tested against
/// the alphabets (to tell a file's and a word's language), so the common
/// characters are answered from a bitmap made when the language is loaded.
#[derive(Debug)]
pub(crate) struct Alphabet {
    /// The small letters, sorted.
    letters: Vec<char>,
    /// Bit `c` is set when the character `c` (any case) is a letter.
    bitmap: [u64; BITMAP_CHARS / 64],
}

impl Alphabet {
    /// The alphabet of these small letters (any order, repeats allowed).
    pub(crate) fn new(mut letters: Vec<char>) -> Self {
        letters.sort_unstable();
        letters.dedup();
        let mut alphabet = Alphabet {
            letters,
            bitmap: [0; BITMAP_CHARS / 64],
        };
        for c in (0..BITMAP_CHARS as u32).filter_map(char::from_u32) {
            if alphabet.search(c) {
                alphabet.bitmap[c as usize / 64] |= 1 << (c as u32 % 64);
            }
        }
        alphabet
    }

    fn search(&self, c: char) -> bool {
        self.letters.binary_search(&lower(c)).is_ok()
    }

    /// Whether `c` (any case) is one of the letters.
    fn contains(&self, c: char) -> bool {
        let code = c as usize;
        if code < BITMAP_CHARS {
            self.bitmap[code / 64] >> (code % 64) & 1 == 1
        } else {
            self.search(c)
        }
    }
}

/// A word made of a productive prefix and a known word must have at least
/// this many letters after the prefix: `re` + `licensing` is a word, while
/// `re` + `grot` and `un` + `soli` are OCR's readings of `regret` and of a
/// piece of `unsolicited`.
const MIN_PREFIXED: usize = 6;

/// The stem of a name form (`name_forms`) or of a regular word form
/// (`word_forms`) has at least this many letters.
const MIN_STEM: usize = 4;

/// Everything known about one language.
#[derive(Debug)]
pub struct Language {
    /// Short code, the folder's name (`ru`, `en`).
    pub code: String,
    /// Human name (`Russian`).
    pub name: String,
    alphabet: Alphabet,
    case_ambiguous: Vec<char>,
    /// Productive prefixes (`prefixes` in `lang.toml`): a known word with one
    /// in front is known (`не` + `возвратившихся`).
    prefixes: Vec<String>,
    /// Forms of proper names (`name_forms` in `lang.toml`): a word that is a
    /// known name with its ending (`ov`) made the form's (`ova`) is known
    /// (`Shcherbakova`, the feminine of `Shcherbakov`).
    name_forms: Vec<(String, String)>,
    /// Regular forms (`word_forms` in `lang.toml`): a word that is a known
    /// word with its ending made the form's is known (`ironmasters`, the
    /// plural of `ironmaster`, where the lexicon lists only the singular).
    word_forms: Vec<(String, String)>,
    /// Elisions of print (`elisions` in `lang.toml`): a word that is a known
    /// word with letters written as an apostrophe, as print wrote it
    /// (`o'erwhelming`, `shou'd`), is a form of it.
    elisions: Vec<(String, String)>,
    /// Character folds (`ё` → `е`); few, so a list.
    fold: Vec<(char, char)>,
    /// The letters folded, small and capital (`ё`, `Ё`).
    folded_letters: Vec<char>,
    /// The prepositions after which a word may be in the prepositional
    /// case (`prepositional_after` in `lang.toml`; `в`, `на`, `о`, `при`):
    /// a name form that is that case only (`Инчоне`) stands nowhere else.
    pub prepositional_after: Vec<String>,
    /// Conjunctions after which a list of words goes on (`list_words` in
    /// `lang.toml`: `и`, `или`), each word governed as the first was.
    pub list_words: Vec<String>,
    /// Words the language writes with a capital inside a sentence by
    /// convention (`capital_inside_kept` in `lang.toml`: the polite `Вы`,
    /// `Ваш`), which `case:capital` leaves alone.
    pub capital_inside_kept: Vec<String>,
    /// Word forms the language writes small inside a sentence, folded, of
    /// `--dict` layers (`lowercase.tsv`: verbs, adverbs, function words,
    /// which are no name and begin none; see [`Language::never_name`]).
    pub lowercase: std::collections::HashSet<String>,
    /// The built-in `lowercase.tsv`, compiled to an `fst` set.
    pub lowercase_builtin: Option<fst::Set<&'static [u8]>>,
    /// Words print uses that the lexicon lacks (names, foreign words,
    /// older spellings), folded, of `--dict` layers (`attested.tsv`; see
    /// [`Language::attests`]).
    pub attested: std::collections::HashSet<String>,
    /// The built-in `attested.tsv`, compiled to an `fst` set.
    pub attested_builtin: Option<fst::Set<&'static [u8]>>,
    /// The spellings, in small letters, that have a letter the lexicon
    /// folds, of the forms it counts (`yo.tsv`: `ещё`, `актёр`), compiled to
    /// an `fst` set: a counted word with such a letter where none of its
    /// spellings has it is the plain letter misread (`течёние`;
    /// `spelling:<lang>`).
    pub folded_spellings: Option<fst::Set<&'static [u8]>>,
    /// Marks OCR reads in place of a word's first or last letter
    /// (`letter_marks` in `lang.toml`).
    pub letter_marks: LetterMarks,
    /// Marks that open and close what stands between them, brackets and
    /// quotes (`paired_marks` in `lang.toml`), as (opening, closing): a
    /// mark glued to a word is punctuation, not a misread letter or a
    /// speck, when its partner stands near.
    paired_marks: Vec<(char, char)>,
    /// Whether a capitalised word with a capital inside, after two small
    /// letters or more and before two or more (`PostScript`, `CoreList`),
    /// is spelled so on purpose, as names of programs and products are in
    /// English (`pascal_case` in `lang.toml`); in Russian typescript it is
    /// OCR's misread capital (`ПреПодавателей`).
    pub pascal_case: bool,
    /// Whether the language's typed documents start a numbered point with a
    /// capital (`list_item_capital` in `lang.toml`): its first word read in
    /// small letters (`1. на станцию`) is a capital of the small letter's
    /// shape misread (`case:list-item`). English manuals start points in
    /// small letters too (`1. edit the file`).
    pub list_item_capital: bool,
    /// An older spelling of the language (`old_spellings` in `lang.toml`).
    pub old_spellings: Option<OldSpellings>,
    /// The prepositional case's ending after a preposition and an adjective
    /// (`prepositional_agreement` in `lang.toml`).
    pub prepositional_agreement: Option<Agreement>,
    /// Known words with frequencies.
    pub lexicon: Lexicon,
    /// Word pairs print sets next to each other often, folded, as an `fst`
    /// map of `first\tsecond` to its frequency × 10⁹ (`bigrams.tsv.gz`;
    /// English): the neighbours' evidence for a correction
    /// ([`Ranking::bigram_bonus`]).
    pub bigrams: Option<fst::Map<&'static [u8]>>,
    /// Word pairs of `--dict` layers (`bigrams.tsv`: `first<TAB>second<TAB>
    /// frequency<TAB>note`, frequency × 10⁹), keyed `first\tsecond`, folded;
    /// a layer's pair stands before the built-in one.
    pub pairs: HashMap<String, u64>,
    /// Proper names, keyed by their folded form.
    pub names: HashMap<String, Name>,
    /// Known misreadings, keyed by the folded wrong form.
    pub misreadings: HashMap<String, Misreading>,
    /// Known word pairs that are usually one word, keyed by the folded pair.
    pub joins: HashMap<(String, String), Join>,
    /// The first words of [`Language::joins`].
    pub joins_first: std::collections::HashSet<String>,
    /// Regex rules, in file order.
    pub patterns: Vec<PatternRule>,
    /// Document types and their header line templates (`headers.toml`).
    pub headers: crate::rules::header::HeaderSet,
    /// OCR character confusions with their costs.
    pub confusions: Confusions,
    /// How unknown words are searched and ranked.
    pub ranking: Ranking,
    /// Rules whose changes are only suggested, never applied, in documents
    /// of this language (`suggest_only` in `lang.toml`; see
    /// [`Language::suggests_only`]).
    pub suggest_only: Vec<String>,
    /// A translation in the same document as a witness (`[witness]` in
    /// `lang.toml`).
    pub witness: Option<Witness>,
    /// Files the language was loaded from, for messages.
    pub origins: Vec<String>,
}

/// Whether `word` is in a word list of the `--dict` layers or in the
/// built-in one.
fn listed(
    layers: &std::collections::HashSet<String>,
    builtin: Option<&fst::Set<&'static [u8]>>,
    word: &str,
) -> bool {
    layers.contains(word) || builtin.is_some_and(|s| s.contains(word))
}

impl Language {
    /// Whether the folded word is one that no name is or begins with
    /// (`lowercase.tsv`, built in or of a layer), which `case:capital`
    /// makes small at [`Ranking::lowercase_count`].
    pub fn never_name(&self, folded: &str) -> bool {
        listed(&self.lowercase, self.lowercase_builtin.as_ref(), folded)
    }

    /// Whether print uses the folded word, which the lexicon lacks
    /// (`attested.tsv`, built in or of a layer: `strasburg`, `alessandro`,
    /// `gorham`; wordfreq counts it, and it is no typo of a far more
    /// frequent lexicon word): a lexicon correction of it is a term the
    /// lexicon lacks made a known word, and is only suggested.
    pub fn attests(&self, folded: &str) -> bool {
        listed(&self.attested, self.attested_builtin.as_ref(), folded)
    }

    /// How many times more often print sets the folded words `first` and
    /// `second` next to each other, in that order, than chance would (their
    /// pair's frequency over the product of theirs), if they are one of the
    /// language's word pairs ([`Language::pairs`], then
    /// [`Language::bigrams`]): `intend to` 1783,
    /// `to arrive` 534, `and spare` 67 (`and` goes before any word).
    pub fn bigram_ratio(&self, first: &str, second: &str) -> Option<f64> {
        let map = self.bigrams.as_ref();
        let mut key = String::with_capacity(first.len() + second.len() + 1);
        key.push_str(first);
        key.push('\t');
        key.push_str(second);
        let pair = self.pairs.get(&key).copied().or_else(|| map?.get(&key))? as f64;
        let a = self.lexicon.frequency(first)?.max(1) as f64;
        let b = self.lexicon.frequency(second)?.max(1) as f64;
        // Frequencies are × 10⁹.
        Some(pair * 1e9 / (a * b))
    }

    /// The marks that close what `open` opens (`«` → `»`; the typewriter's
    /// `'` closes what it or `‘` opens), from `paired_marks`.
    pub fn closers(&self, open: char) -> impl Iterator<Item = char> + '_ {
        self.paired_marks
            .iter()
            .filter(move |p| p.0 == open)
            .map(|p| p.1)
    }

    /// The marks that open what `close` closes (`»` → `«`).
    pub fn openers(&self, close: char) -> impl Iterator<Item = char> + '_ {
        self.paired_marks
            .iter()
            .filter(move |p| p.1 == close)
            .map(|p| p.0)
    }

    /// Whether changes of rule `rule` are only suggested in documents of
    /// this language: `suggest_only` names it, or a family it belongs to
    /// (`boundary` covers `boundary:join`, `pattern:en` covers
    /// `pattern:en/line-start-speck`).
    ///
    /// A collection may have its own reasons against a rule that is right
    /// elsewhere: words printed split at line ends whose transcription keeps
    /// them split, a spelling the misreadings do not know. `learn
    /// --calibrate` measures each rule on the training pairs and lists those
    /// whose changes are not right often enough.
    pub fn suggests_only(&self, rule: &str) -> bool {
        self.suggest_only.iter().any(|s| {
            rule.strip_prefix(s.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
    }

    /// The small letters of this language's alphabet, sorted.
    pub fn letters(&self) -> &[char] {
        &self.alphabet.letters
    }

    /// Whether `c` (any case) is a letter of this language's alphabet.
    pub fn has_letter(&self, c: char) -> bool {
        self.alphabet.contains(c)
    }

    /// `replacement` (a lexicon word for `original`) with the marks of
    /// `original` that the language folds into other marks (`’` → `'` in
    /// English): a correction of `dcn’t` is `don’t`, not `don't`. Only
    /// where they correspond one to one: as many of the folded mark in the
    /// replacement as of the mark in the original, which has none of the
    /// folded one. Letters folded (`ё` → `е`) are not put back: where the
    /// replacement's `е` stands for the original's `ё` is not known.
    pub fn keep_folded_marks(&self, original: &str, replacement: &str) -> String {
        let mut out = replacement.to_string();
        for &(from, to) in &self.fold {
            if from.is_alphabetic() || to.is_alphabetic() {
                continue;
            }
            let n = original.matches(from).count();
            if n > 0 && !original.contains(to) && out.matches(to).count() == n {
                out = out.replace(to, from.encode_utf8(&mut [0; 4]));
            }
        }
        out
    }

    /// The letter the lexicon folds the small letter `c` to (`ё` → `е`), if
    /// it folds it.
    pub fn folds(&self, c: char) -> Option<char> {
        self.fold
            .iter()
            .find(|(from, _)| *from == c)
            .map(|(_, to)| *to)
    }

    /// Whether `word` has a letter the lexicon folds, small or capital
    /// (`ё`, `Ё`): cheap enough to ask of every word of a text.
    pub fn has_folded_letter(&self, word: &str) -> bool {
        !self.folded_letters.is_empty()
            && word
                .chars()
                .any(|c| !c.is_ascii() && self.folded_letters.contains(&c))
    }

    /// Lowercases `word` and applies the language's folding (e.g. `ё` → `е`),
    /// giving the form lexicons are keyed by. A combining mark joins the
    /// letter before it as Unicode composes them (decomposed `е` + `◌̈` is
    /// `ё`, folded to `е`; `и` + `◌̆` is `й`), and stress marks (`◌́`, `◌̀`),
    /// which are no part of the spelling, are dropped: `доро́га` is `дорога`.
    /// A Latin ligature is its letters (`ﬁrst` is `first`, `oﬀ` is `off`):
    /// print sets them as one sign, and some OCR writes them so.
    pub fn fold(&self, word: &str, out: &mut String) {
        out.clear();
        let fold = |l: char| self.folds(l).unwrap_or(l);
        for c in word.chars() {
            if c.is_ascii() || ('\u{400}'..='\u{45f}').contains(&c) {
                out.push(fold(lower(c)));
            } else if ('\u{300}'..='\u{36f}').contains(&c) {
                if matches!(c, '\u{300}' | '\u{301}') {
                    continue;
                }
                let composed = out
                    .chars()
                    .next_back()
                    .and_then(|prev| unicode_normalization::char::compose(prev, c));
                match composed {
                    Some(letter) => {
                        out.pop();
                        for l in letter.to_lowercase() {
                            out.push(fold(l));
                        }
                    }
                    None => out.push(c),
                }
            } else if ('\u{fb00}'..='\u{fb06}').contains(&c) {
                unicode_normalization::char::decompose_compatible(c, |l| out.push(fold(l)));
            } else {
                for l in c.to_lowercase() {
                    out.push(fold(l));
                }
            }
        }
    }

    /// Whether OCR cannot tell this letter's capital from its small form
    /// (`case_ambiguous` in `lang.toml`).
    pub fn case_ambiguous(&self, c: char) -> bool {
        let lower = c.to_lowercase().next().unwrap_or(c);
        self.case_ambiguous.contains(&lower)
    }

    /// Whether `word` has a small letter whose capital has a shape of its
    /// own (no `case_ambiguous` letter): OCR reading a word typed in
    /// capitals does not make such a letter small (`or`, `is`; `so` may be
    /// `SO` read small).
    pub fn has_distinct_small(&self, word: &str) -> bool {
        word.chars()
            .any(|c| c.is_lowercase() && !self.case_ambiguous(c))
    }

    /// Whether the folded word is only known as a proper name. A name of
    /// `names.tsv` that is also a common word (`success` of Lake Success,
    /// `находка`, `ли`) is not: names join the lexicon only where it lacks
    /// them (see `Dictionaries::finish`), as proper entries.
    pub fn is_proper(&self, folded: &str) -> bool {
        self.lexicon.is_proper(folded)
            || self.names.contains_key(folded) && self.lexicon.frequency(folded).is_none()
    }

    /// Whether the folded word is listed: in the lexicon or a name. A word
    /// that [`Language::knows`] only by a rule (a productive prefix, a
    /// name form) is a word where it stands, but no target for joining two
    /// pieces (`regrot to` is no `re` + `grotto`; `не` is often a word of
    /// its own).
    pub fn lists(&self, folded: &str) -> bool {
        self.lexicon.contains(folded)
    }

    /// Whether the folded word is known: in the lexicon or a name.
    pub fn knows(&self, folded: &str) -> bool {
        // Names are a lexicon layer too (see `Dictionaries::finish`).
        self.lexicon.contains(folded)
            || self.prefixes.iter().any(|p| {
                folded.strip_prefix(p.as_str()).is_some_and(|rest| {
                    rest.chars().count() >= MIN_PREFIXED && self.lexicon.frequency(rest).is_some()
                })
            })
            || self.name_forms.iter().any(|(ending, form)| {
                folded.strip_suffix(form.as_str()).is_some_and(|stem| {
                    stem.chars().count() >= MIN_STEM
                        && self.lexicon.is_proper(&format!("{stem}{ending}"))
                })
            })
    }

    /// Whether `folded` is a regular form of a known word that the lexicon
    /// lacks (`word_forms` in `lang.toml`: `ironmasters`; `elisions`:
    /// `o'erwhelming`). Such a word is
    /// left alone, but it is no known word for the other rules: not as a
    /// word made of pieces (`for ths` is not `forths`), nor as a piece
    /// (`where` + `abouts` is `whereabouts`).
    ///
    /// A form that adds its ending to the whole word does not double the
    /// word's last letter (`tows` + `s` is no `towss`).
    pub fn is_form(&self, folded: &str) -> bool {
        self.word_forms.iter().any(|(ending, form)| {
            folded.strip_suffix(form.as_str()).is_some_and(|stem| {
                let doubled = ending.is_empty() && stem.chars().last() == form.chars().next();
                stem.chars().count() >= MIN_STEM
                    && !doubled
                    && self.lexicon.frequency(&format!("{stem}{ending}")).is_some()
            })
        }) || self.elisions.iter().any(|(letters, elided)| {
            folded.contains(elided.as_str())
                && self
                    .lexicon
                    .frequency(&folded.replacen(elided.as_str(), letters, 1))
                    .is_some()
        })
    }
}

pub(crate) use load::toml_error as load_toml_error;
