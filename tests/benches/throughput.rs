//! Throughput of the pipeline over a generated corpus, in MB/s.
//!
//! `cargo bench --bench throughput` generates about 60 MB of text (by
//! default; `CORRIGENDA_BENCH_MB` changes it): sentences of words drawn by
//! frequency from the built-in Russian and English lexicons, once clean and
//! once with a share of the longer words misread the way OCR misreads type
//! (`CORRIGENDA_BENCH_ERRORS`, default 3 % of the words of more than three
//! letters, which is about 1.8 % of all words; the share of all words is
//! printed), and reports:
//!
//! - the baseline: reading every file, splitting it into words and one hash
//!   lookup per word (the ceiling a correcting pipeline is measured against);
//! - corrigenda on one thread, on clean text and on text with errors, and on
//!   copies of the real typewritten documents of `samples/` (about 2 MB,
//!   `CORRIGENDA_BENCH_DOCS_MB`), where header lines are matched against the
//!   document templates (copies repeat words, so the word cache is kinder
//!   to them than to a real batch);
//! - corrigenda on all cores, with outputs written;
//! - the time to load the built-in dictionaries, and peak memory.
//!
//! `CORRIGENDA_BENCH_KEEP=DIR` keeps the generated corpora in `DIR`, so a
//! profiler can be run over `corrigenda run` on them.
//!
//! Timing is the job of this bench only; no test measures time.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use corrigenda::dict::{Dictionaries, Lexicon};
use corrigenda::pipeline::{self, BatchOptions, Input};
use corrigenda::rules::{Corrector, Options};
use corrigenda::tokenize;

/// A small deterministic generator (SplitMix64), so every run benches the
/// same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Typical OCR misreadings of typewritten letters (see dictionaries/*/confusions.tsv).
const MISREAD: &[(&str, &str)] = &[
    ("ы", "ь"),
    ("и", "н"),
    ("л", "п"),
    ("д", "л"),
    ("ш", "щ"),
    ("о", "0"),
    ("в", "з"),
    ("е", "с"),
    ("m", "rn"),
    ("h", "b"),
    ("e", "c"),
    ("l", "1"),
    ("o", "0"),
];

fn misread(word: &str, rng: &mut Rng) -> String {
    let hits: Vec<&(&str, &str)> = MISREAD.iter().filter(|(a, _)| word.contains(a)).collect();
    if hits.is_empty() {
        // Drop a letter.
        let chars: Vec<char> = word.chars().collect();
        let i = rng.below(chars.len().max(1));
        return chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c)
            .collect();
    }
    let (a, b) = hits[rng.below(hits.len())];
    word.replacen(a, b, 1)
}

/// Words of one language with cumulative frequency weights, for sampling.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

impl Vocabulary {
    /// The lexicon words of `lang` with a known frequency (at least one in a
    /// million words), so the text is clean: every word is known.
    fn new(dicts: &Dictionaries, lang: &str) -> Self {
        use fst::Streamer;
        let lang = dicts.get(lang).expect("built-in language");
        let mut words = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        let mut stream = lang.lexicon.layers()[0].map.stream();
        while let Some((word, value)) = stream.next() {
            let (count, _) = Lexicon::decode_value(value);
            if count >= 1_000 {
                total += count;
                words.push(String::from_utf8(word.to_vec()).unwrap());
                cumulative.push(total);
            }
        }
        Vocabulary { words, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap();
        let x = rng.next() % total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.words[i]
    }
}

/// A generated corpus: its files, and how many of its words were misread.
struct Corpus {
    inputs: Vec<Input>,
    words: usize,
    misread: usize,
}

/// Writes `megabytes` of text in files of 100 kB: sentences of words drawn
/// by frequency, lines of about 65 characters, one file in five English.
/// Words of more than three letters are misread at `error_rate`, so the
/// share of all words misread is lower (short words are frequent).
fn generate(dir: &Path, vocabularies: &[Vocabulary], megabytes: usize, error_rate: f64) -> Corpus {
    let mut rng = Rng(1950);
    let per_file = 100_000;
    let files = megabytes * 1_000_000 / per_file;
    let mut inputs = Vec::with_capacity(files);
    let (mut words, mut misread_words) = (0, 0);
    for f in 0..files {
        let vocabulary = &vocabularies[usize::from(f % 5 == 4)];
        let mut text = String::with_capacity(per_file + 200);
        let mut line_len = 0;
        let mut sentence_left = 0;
        while text.len() < per_file {
            let mut word = vocabulary.sample(&mut rng).to_string();
            if sentence_left == 0 {
                sentence_left = 6 + rng.below(12);
                let mut chars = word.chars();
                if let Some(c) = chars.next() {
                    word = c.to_uppercase().chain(chars).collect();
                }
            }
            sentence_left -= 1;
            if word.chars().count() > 3 && (rng.below(1_000_000) as f64) < error_rate * 1_000_000.0
            {
                word = misread(&word, &mut rng);
                misread_words += 1;
            }
            words += 1;
            if sentence_left == 0 {
                word.push('.');
            }
            if line_len > 0 && line_len + word.chars().count() > 65 {
                text.push('\n');
                line_len = 0;
            } else if line_len > 0 {
                text.push(' ');
                line_len += 1;
            }
            line_len += word.chars().count();
            text.push_str(&word);
        }
        text.push('\n');
        let name = format!("page-{f:05}.txt");
        fs::write(dir.join(&name), &text).unwrap();
        inputs.push(Input {
            path: dir.join(&name),
            name: name.clone(),
            relative: PathBuf::from(name),
        });
    }
    Corpus {
        inputs,
        words,
        misread: misread_words,
    }
}

/// Copies of the typewritten documents of `samples/` (cables with their
/// header lines, a report, a telegram) in `dir`, about `megabytes` in all:
/// real OCR text, where the header rules do most of the work.
fn documents(dir: &Path, megabytes: f64) -> Vec<Input> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut texts: Vec<(String, String)> = fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, fs::read_to_string(&p).unwrap())
        })
        .collect();
    texts.sort();
    let size: usize = texts.iter().map(|t| t.1.len()).sum();
    let copies = ((megabytes * 1e6) as usize).div_ceil(size.max(1)).max(1);
    let mut inputs = Vec::new();
    for c in 0..copies {
        for (stem, text) in &texts {
            let name = format!("{stem}-{c:04}.txt");
            fs::write(dir.join(&name), text).unwrap();
            inputs.push(Input {
                path: dir.join(&name),
                name: name.clone(),
                relative: PathBuf::from(name),
            });
        }
    }
    inputs
}

/// Runs a batch as `corrigenda run` does, keeping no outcome (so peak
/// memory is the tool's, not the outcomes'): the report rows and the files
/// that failed.
fn in_parts(corrector: &Corrector, inputs: &[Input], opts: &BatchOptions) -> (usize, usize) {
    let (mut rows, mut failed) = (0, 0);
    let done: Result<(), std::convert::Infallible> =
        pipeline::run_batch(corrector, inputs, opts, &(), |o| {
            rows += o.rows.len();
            failed += usize::from(o.error.is_some());
            Ok(())
        });
    done.unwrap();
    (rows, failed)
}

fn total_bytes(inputs: &[Input]) -> u64 {
    inputs
        .iter()
        .map(|i| fs::metadata(&i.path).unwrap().len())
        .sum()
}

fn report(label: &str, bytes: u64, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{label:<48} {:>8.1} MB/s  ({:.2} s)",
        bytes as f64 / 1e6 / secs,
        secs
    );
}

fn baseline(inputs: &[Input], bytes: u64) {
    let mut vocabulary = HashSet::new();
    for i in inputs.iter().take(20) {
        let text = fs::read_to_string(&i.path).unwrap();
        for t in tokenize::tokenize(&text) {
            vocabulary.insert(text[t.span].to_lowercase());
        }
    }
    let started = Instant::now();
    let mut known = 0usize;
    let mut word = String::new();
    for i in inputs {
        let text = fs::read_to_string(&i.path).unwrap();
        for t in tokenize::tokenize(&text) {
            word.clear();
            word.extend(text[t.span].chars().flat_map(char::to_lowercase));
            known += usize::from(vocabulary.contains(&word));
        }
    }
    report("baseline: read + split + hash lookup", bytes, started);
    assert!(known > 0);
}

fn peak_memory_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let megabytes: usize = std::env::var("CORRIGENDA_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let error_rate: f64 = std::env::var("CORRIGENDA_BENCH_ERRORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.03);

    let started = Instant::now();
    let dicts = Dictionaries::builtin().expect("built-in dictionaries load");
    println!(
        "load built-in dictionaries: {:.3} s",
        started.elapsed().as_secs_f64()
    );
    let vocabularies = [Vocabulary::new(&dicts, "ru"), Vocabulary::new(&dicts, "en")];
    let corrector = Corrector::new(dicts, Options::default()).unwrap();

    // CORRIGENDA_BENCH_KEEP=DIR keeps the generated corpora in DIR (to
    // profile `corrigenda run` on them); by default they go with the bench.
    let tmp = tempfile::tempdir().unwrap();
    let root = std::env::var_os("CORRIGENDA_BENCH_KEEP")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let clean_dir = root.join("clean");
    let noisy_dir = root.join("noisy");
    fs::create_dir_all(&clean_dir).unwrap();
    fs::create_dir_all(&noisy_dir).unwrap();
    let clean = generate(&clean_dir, &vocabularies, megabytes, 0.0).inputs;
    let noisy_corpus = generate(&noisy_dir, &vocabularies, megabytes, error_rate);
    let noisy = noisy_corpus.inputs;
    let docs_dir = root.join("documents");
    fs::create_dir_all(&docs_dir).unwrap();
    let docs_mb: f64 = std::env::var("CORRIGENDA_BENCH_DOCS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2.0);
    let docs = documents(&docs_dir, docs_mb);
    let docs_bytes = total_bytes(&docs);
    let (clean_bytes, noisy_bytes) = (total_bytes(&clean), total_bytes(&noisy));
    println!(
        "corpus: {} files, {:.1} MB clean, {:.1} MB with {:.0}% of longer words misread \
         ({:.1}% of all words)",
        noisy.len(),
        clean_bytes as f64 / 1e6,
        noisy_bytes as f64 / 1e6,
        error_rate * 100.0,
        noisy_corpus.misread as f64 * 100.0 / noisy_corpus.words.max(1) as f64
    );

    baseline(&noisy, noisy_bytes);
    let dry = BatchOptions {
        out: None,
        ..Default::default()
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    for (label, inputs, bytes) in [
        ("corrigenda, 1 thread, clean text", &clean, clean_bytes),
        (
            "corrigenda, 1 thread, text with errors",
            &noisy,
            noisy_bytes,
        ),
        (
            "corrigenda, 1 thread, samples/ documents",
            &docs,
            docs_bytes,
        ),
    ] {
        let started = Instant::now();
        let (changes, failed) = one.install(|| in_parts(&corrector, inputs, &dry));
        report(label, bytes, started);
        assert_eq!(failed, 0);
        println!("{:<48} {changes} report rows", "");
    }
    let out = root.join("out");
    let started = Instant::now();
    let opts = BatchOptions {
        out: Some(out),
        ..Default::default()
    };
    let (_, failed) = in_parts(&corrector, &noisy, &opts);
    report(
        &format!(
            "corrigenda, {} threads, outputs written",
            rayon::current_num_threads()
        ),
        noisy_bytes,
        started,
    );
    assert_eq!(failed, 0);
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory (VmHWM): {mb:.0} MB");
    }
}
