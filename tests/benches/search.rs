//! Benchmark of the OCR-aware candidate search: µs per query for realistic
//! misreadings over a lexicon of realistic size.
//!
//! Lexicon, first found of:
//! 1. `CORRIGENDA_BENCH_WORDS=<file>`: a plain word list, one word per line,
//!    optionally `word<TAB>count` (for a local stand-in lexicon);
//! 2. `dictionaries/<lang>/lexicon.tsv.gz` (`# comment` lines, then
//!    `word<TAB>count`);
//! 3. a generated Russian-like lexicon of `CORRIGENDA_BENCH_FORMS` forms
//!    (default 3,000,000): random stems with noun, adjective and verb endings.
//!
//! `CORRIGENDA_BENCH_LANG=en` benches the English queries (then 1. or 2.
//! must be there). Run: `cargo bench --bench search` (release profile).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::time::Instant;

use corrigenda::search::{Confusions, SearchOptions, Searcher};

const RU_QUERIES: &[(&str, &str)] = &[
    ("георически", "героически"),
    ("шосейные", "шоссейные"),
    ("инчонем", "инчоном"),
    ("регупярно", "регулярно"),
    ("виполняет", "выполняет"),
    ("чтоби", "чтобы"),
    ("рещений", "решений"),
    ("писъма", "письма"),
    ("управпение", "управление"),
    ("с00бщило", "сообщило"),
    ("громько", "громыко"),
    ("вьiполнение", "выполнение"),
    ("ннформация", "информация"),
    ("пpeдceдaтeль", "председатель"),
    ("ш.ифровка", "шифровка"),
    ("министерствa", "министерства"),
    ("тот", "тот"),
    ("кзщшвт", ""),
    ("зеленогорскии", ""),
];

const EN_QUERIES: &[(&str, &str)] = &[
    ("tbe", "the"),
    ("rnay", "may"),
    ("governrnent", "government"),
    ("cornrnittee", "committee"),
    ("rninistry", "ministry"),
    ("bcen", "been"),
    ("wlth", "with"),
    ("secretarv", "secretary"),
];

fn main() {
    let lang = std::env::var("CORRIGENDA_BENCH_LANG").unwrap_or_else(|_| "ru".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = Instant::now();
    let (mut words, source) = load_words(root, &lang);
    let queries = if lang == "en" { EN_QUERIES } else { RU_QUERIES };
    for &(_, truth) in queries {
        if !truth.is_empty() && !words.contains_key(truth) {
            words.insert(truth.to_owned(), 1000);
        }
    }
    let n_words = words.len();
    let map = fst::Map::from_iter(words).expect("sorted words");
    eprintln!(
        "lexicon: {source}: {n_words} forms, fst {:.1} MB, built in {:.1} s",
        map.as_fst().as_bytes().len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let rev = corrigenda::search::reverse_lexicon(&map).expect("reversed lexicon");
    eprintln!(
        "reversed lexicon: fst {:.1} MB, built in {:.1} s",
        rev.as_fst().as_bytes().len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let conf = Confusions::load(&root.join(format!("dictionaries/{lang}/confusions.tsv")))
        .expect("confusions");
    let us = time_us(|| {
        Searcher::new(&map, &conf, SearchOptions::default())
            .options()
            .max_candidates
    });
    println!("Searcher::new: {us:.2} µs");
    let configs = [
        (
            "default (max 2.0, over best 1.0, first pass 0.5)",
            SearchOptions::default(),
        ),
        (
            "first pass 1.0",
            SearchOptions {
                first_pass_cost: 1.0,
                ..Default::default()
            },
        ),
        (
            "single pass, over best 1.0",
            SearchOptions {
                first_pass_cost: 2.0,
                ..Default::default()
            },
        ),
        (
            "exhaustive (max 2.0, all within, 10 best)",
            SearchOptions {
                max_cost_over_best: f32::INFINITY,
                first_pass_cost: 2.0,
                ..Default::default()
            },
        ),
        (
            "over best 0.5",
            SearchOptions {
                max_cost_over_best: 0.5,
                ..Default::default()
            },
        ),
        (
            "max 1.0",
            SearchOptions {
                max_cost: 1.0,
                ..Default::default()
            },
        ),
    ];
    for (reversed, (name, opts)) in [false, true]
        .into_iter()
        .flat_map(|r| configs.iter().map(move |c| (r, c)))
    {
        let opts = *opts;
        let mut searcher = Searcher::new(&map, &conf, opts);
        if reversed {
            searcher = searcher.with_reversed(&rev);
        }
        println!(
            "\n== {name}{}",
            if reversed {
                ", with reversed lexicon"
            } else {
                ""
            }
        );
        let mut total = 0.0;
        let mut times = Vec::new();
        for &(query, truth) in queries {
            let us = time_us(|| searcher.candidates(query).len());
            let found = searcher.candidates(query);
            let top: Vec<String> = found
                .iter()
                .take(4)
                .map(|c| format!("{} {:.1}", c.word, c.cost))
                .collect();
            let rank = found
                .iter()
                .position(|c| c.word == truth)
                .map_or("-".into(), |r| (r + 1).to_string());
            println!(
                "{query:>14} {us:9.1} µs  rank {rank:>2} of {:>2}  [{}]",
                found.len(),
                top.join(", ")
            );
            total += us;
            times.push(us);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "   mean {:.1} µs/query, median {:.1} µs/query over {} queries",
            total / queries.len() as f64,
            times[times.len() / 2],
            queries.len()
        );
    }
}

/// Median wall time of `f`, in µs.
fn time_us(mut f: impl FnMut() -> usize) -> f64 {
    let mut sink = 0;
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || (start.elapsed().as_secs_f64() < 0.3 && samples.len() < 1000) {
        let t = Instant::now();
        sink += f();
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    std::hint::black_box(sink);
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn load_words(root: &Path, lang: &str) -> (BTreeMap<String, u64>, String) {
    if let Ok(path) = std::env::var("CORRIGENDA_BENCH_WORDS") {
        let file = std::fs::File::open(&path).expect("CORRIGENDA_BENCH_WORDS");
        return (read_list(BufReader::new(file)), path);
    }
    let gz = root.join(format!("dictionaries/{lang}/lexicon.tsv.gz"));
    if gz.exists() {
        let file = std::fs::File::open(&gz).expect("lexicon");
        let reader = BufReader::new(flate2::read::GzDecoder::new(file));
        return (read_list(reader), gz.display().to_string());
    }
    assert_eq!(lang, "ru", "no {lang} lexicon: set CORRIGENDA_BENCH_WORDS");
    let forms = std::env::var("CORRIGENDA_BENCH_FORMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3_000_000);
    (
        generate(forms),
        format!("generated Russian-like ({forms} forms asked)"),
    )
}

/// `word` or `word<TAB>count` lines; `#` comments; words lowercased and
/// `ё` folded. A word without a count gets a pseudo-random Zipf-like one.
fn read_list(reader: impl Read) -> BTreeMap<String, u64> {
    let mut words = BTreeMap::new();
    for line in BufReader::new(reader).lines() {
        let line = line.expect("read lexicon");
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let word: String = cols.next().unwrap().trim().to_lowercase().replace('ё', "е");
        let count = cols
            .next()
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or_else(|| zipf(hash(&word)));
        *words.entry(word).or_insert(0) += count;
    }
    words
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

fn zipf(h: u64) -> u64 {
    let u = (h >> 11) as f64 / (1u64 << 53) as f64;
    (1.0 / (u * u + 1e-9)).min(1e9) as u64 + 1
}

/// A deterministic Russian-like lexicon: stems from letter-frequency-weighted
/// consonant/vowel patterns, each with a paradigm of endings.
fn generate(forms: usize) -> BTreeMap<String, u64> {
    const CONS: &str = "нтсрвлкмдпгбзчйхжшцщф";
    const CONS_W: &[u32] = &[
        67, 63, 55, 47, 45, 44, 35, 32, 30, 28, 17, 16, 16, 14, 12, 10, 9, 7, 5, 4, 3,
    ];
    const VOW: &str = "оеаиуяыюэ";
    const VOW_W: &[u32] = &[110, 85, 80, 74, 26, 20, 19, 6, 3];
    const PREFIXES: &[&str] = &[
        "", "", "", "", "по", "при", "за", "на", "вы", "пере", "раз", "об", "от", "под", "пред",
        "со",
    ];
    const NOUN: &[&str] = &["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"];
    const ADJ: &[&str] = &[
        "ый", "ая", "ое", "ые", "ого", "ой", "ому", "ую", "ым", "ыми", "ых", "ом", "ее", "ей",
        "ие", "их", "им", "ими", "ою", "ыя", "ен", "на", "но", "ны",
    ];
    const VERB: &[&str] = &[
        "ать",
        "аю",
        "аешь",
        "ает",
        "аем",
        "аете",
        "ают",
        "ал",
        "ала",
        "ало",
        "али",
        "ай",
        "айте",
        "ающий",
        "ающая",
        "ающее",
        "ающие",
        "ающего",
        "авший",
        "авшая",
        "аемый",
        "ан",
        "анный",
        "анная",
        "анные",
        "ание",
        "ания",
        "анием",
        "аниях",
        "ая",
    ];
    let mut rng = 0x9E3779B97F4A7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let pick = |r: u64, alphabet: &str, weights: &[u32]| -> char {
        let total: u32 = weights.iter().sum();
        let mut x = (r % u64::from(total)) as u32;
        for (c, &w) in alphabet.chars().zip(weights) {
            if x < w {
                return c;
            }
            x -= w;
        }
        unreachable!()
    };
    let mut words = BTreeMap::new();
    while words.len() < forms {
        let syllables = 1 + (next() % 3) as usize + (next() % 2) as usize;
        let mut stem = String::from(PREFIXES[(next() % PREFIXES.len() as u64) as usize]);
        for _ in 0..syllables {
            if next() % 4 != 0 {
                stem.push(pick(next(), CONS, CONS_W));
            }
            if next() % 5 == 0 {
                stem.push(pick(next(), CONS, CONS_W));
            }
            stem.push(pick(next(), VOW, VOW_W));
        }
        stem.push(pick(next(), CONS, CONS_W));
        let paradigm = match next() % 3 {
            0 => NOUN,
            1 => ADJ,
            _ => VERB,
        };
        let base = zipf(next());
        for (k, ending) in paradigm.iter().enumerate() {
            let word = format!("{stem}{ending}");
            words.entry(word).or_insert(base / (k as u64 + 1) + 1);
        }
    }
    words
}
