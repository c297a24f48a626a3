//! Integration tests of the OCR-aware candidate search (`corrigenda::search`).

use std::path::Path;

use corrigenda::search::{
    distance, gap_distance, reverse_lexicon, Candidate, Confusions, SearchOptions, Searcher,
};

fn lexicon(words: &[(&str, u64)]) -> fst::Map<Vec<u8>> {
    let mut v = words.to_vec();
    v.sort();
    fst::Map::from_iter(v).unwrap()
}

fn table(rows: &str) -> Confusions {
    Confusions::parse(&format!("# test\nocr\ttruth\tcost\n{rows}"), "test.tsv").unwrap()
}

fn shipped(lang: &str) -> Confusions {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("dictionaries/{lang}/confusions.tsv"));
    Confusions::load(&path).unwrap()
}

fn pairs(c: &[Candidate]) -> Vec<(&str, f32)> {
    c.iter().map(|c| (c.word.as_str(), c.cost)).collect()
}

/// All within the bound, no slack cut, up to 50.
fn everything(max_cost: f32) -> SearchOptions {
    SearchOptions {
        max_cost,
        max_candidates: 50,
        max_cost_over_best: f32::INFINITY,
        first_pass_cost: max_cost,
    }
}

const CONF: &str =
    "ь\tы\t0.3\nьі\tы\t0.2\nrn\tm\t0.3\n\tь\t0.5\n.\t\t0.1\n0\tо\t0.2\nш\tщ\t0.4\na\tа\t0.1\n";

#[test]
fn single_character_confusion() {
    let map = lexicon(&[("чтобы", 100), ("чтоб", 10)]);
    let conf = table(CONF);
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(
        pairs(&s.candidates("чтобь")),
        vec![("чтобы", 0.3), ("чтоб", 1.0)]
    );
    assert_eq!(pairs(&s.candidates("рещений")), vec![]);
}

#[test]
fn multi_character_confusions() {
    let map = lexicon(&[("чтобы", 100), ("may", 50), ("nay", 5)]);
    let conf = table(CONF);
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(pairs(&s.candidates("чтобьі")), vec![("чтобы", 0.2)]);
    assert_eq!(
        pairs(&s.candidates("rnay")),
        vec![("may", 0.3), ("nay", 1.0)]
    );
    assert_eq!(distance(&conf, "rnay", "may"), 0.3);
    assert_eq!(
        distance(&conf, "may", "rnay"),
        2.0,
        "entries are directional"
    );
}

#[test]
fn insertion_and_deletion_entries() {
    let map = lexicon(&[("письма", 100), ("писал", 10), ("что", 500)]);
    let conf = table(CONF);
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(
        pairs(&s.candidates("писма")),
        vec![("письма", 0.5)],
        "lost soft sign"
    );
    assert_eq!(
        pairs(&s.candidates("ч.т.о")),
        vec![("что", 0.2)],
        "stray dots"
    );
    assert_eq!(pairs(&s.candidates("что.")), vec![("что", 0.1)]);
}

#[test]
fn digit_and_latin_look_alikes() {
    let map = lexicon(&[("сообщило", 7), ("сообщила", 9)]);
    let conf = table(CONF);
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(pairs(&s.candidates("с00бщило")), vec![("сообщило", 0.4)]);
    assert_eq!(pairs(&s.candidates("с00бщилa")), vec![("сообщила", 0.5)]);
}

#[test]
fn default_costs_apply_to_unlisted_edits_and_are_configurable() {
    let map = lexicon(&[("кот", 1), ("крот", 1), ("код", 1), ("ток", 1)]);
    let mut conf = Confusions::default();
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(
        pairs(&s.candidates("кот")),
        vec![("кот", 0.0), ("код", 1.0), ("крот", 1.0)]
    );
    conf.defaults.insertion = 0.4;
    conf.defaults.substitution = 0.9;
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(
        pairs(&s.candidates("кот")),
        vec![("кот", 0.0), ("крот", 0.4), ("код", 0.9)]
    );
    assert_eq!(distance(&conf, "кот", "ток"), 1.8);
}

#[test]
fn merge_and_defaults_take_effect_after_use() {
    let mut conf = table("ь\tы\t0.3\n");
    assert_eq!(distance(&conf, "rnay", "may"), 2.0);
    conf.merge(table("rn\tm\t0.3\n"));
    assert_eq!(distance(&conf, "rnay", "may"), 0.3);
    conf.defaults.substitution = 0.5;
    assert_eq!(distance(&conf, "мак", "маг"), 0.5);
    let map = lexicon(&[("may", 1), ("маг", 1)]);
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(pairs(&s.candidates("rnay")), vec![("may", 0.3)]);
    assert_eq!(pairs(&s.candidates("мак")), vec![("маг", 0.5)]);
}

#[test]
fn swaps() {
    let map = lexicon(&[("героически", 3), ("героический", 9)]);
    let conf = Confusions::default();
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(
        pairs(&s.candidates("георически")),
        vec![("героически", 1.0)]
    );
    let s = Searcher::new(&map, &conf, everything(2.0));
    assert_eq!(
        pairs(&s.candidates("георически")),
        vec![("героически", 1.0), ("героический", 2.0)]
    );
}

#[test]
fn nothing_beyond_max_cost() {
    let words = [
        ("а", 1),
        ("аб", 1),
        ("абв", 1),
        ("абвг", 1),
        ("абвгд", 1),
        ("абвгде", 1),
        ("бвг", 1),
    ];
    let map = lexicon(&words);
    let conf = Confusions::default();
    for (max, expected) in [
        (0.0, vec![("абв", 0.0)]),
        (0.999, vec![("абв", 0.0)]),
        (1.0, vec![("абв", 0.0), ("аб", 1.0), ("абвг", 1.0)]),
        (1.999, vec![("абв", 0.0), ("аб", 1.0), ("абвг", 1.0)]),
        (
            2.0,
            vec![
                ("абв", 0.0),
                ("аб", 1.0),
                ("абвг", 1.0),
                ("а", 2.0),
                ("абвгд", 2.0),
                ("бвг", 2.0),
            ],
        ),
    ] {
        let s = Searcher::new(&map, &conf, everything(max));
        assert_eq!(pairs(&s.candidates("абв")), expected, "max_cost {max}");
        for c in s.candidates("абв") {
            assert!(c.cost <= max);
        }
    }
}

#[test]
fn slack_and_candidate_limits() {
    let map = lexicon(&[("чтобы", 100), ("чтоб", 900), ("что", 5000), ("кто", 40)]);
    let conf = table(CONF);
    let opts = SearchOptions {
        max_cost: 2.0,
        max_candidates: 10,
        max_cost_over_best: 0.6,
        first_pass_cost: 1.0,
    };
    let s = Searcher::new(&map, &conf, opts);
    assert_eq!(
        pairs(&s.candidates("чтобь")),
        vec![("чтобы", 0.3)],
        "чтоб at 1.0 is 0.7 over the best"
    );
    let s = Searcher::new(
        &map,
        &conf,
        SearchOptions {
            max_cost_over_best: 0.7,
            ..opts
        },
    );
    assert_eq!(
        pairs(&s.candidates("чтобь")),
        vec![("чтобы", 0.3), ("чтоб", 1.0)]
    );
    let s = Searcher::new(
        &map,
        &conf,
        SearchOptions {
            max_candidates: 2,
            ..everything(2.0)
        },
    );
    assert_eq!(
        pairs(&s.candidates("чтоо")),
        vec![("что", 1.0), ("чтоб", 1.0)],
        "ties by frequency"
    );
    let s = Searcher::new(
        &map,
        &conf,
        SearchOptions {
            max_candidates: 0,
            ..everything(2.0)
        },
    );
    assert_eq!(s.candidates("чтоо"), vec![]);
}

#[test]
fn ordering_cost_then_frequency_then_word() {
    let map = lexicon(&[("бак", 5), ("бок", 5), ("бык", 9), ("бук", 1), ("бег", 7)]);
    let conf = Confusions::default();
    let s = Searcher::new(&map, &conf, everything(2.0));
    let got = s.candidates("бвк");
    assert_eq!(
        got,
        vec![
            Candidate {
                word: "бык".into(),
                cost: 1.0,
                freq: 9
            },
            Candidate {
                word: "бак".into(),
                cost: 1.0,
                freq: 5
            },
            Candidate {
                word: "бок".into(),
                cost: 1.0,
                freq: 5
            },
            Candidate {
                word: "бук".into(),
                cost: 1.0,
                freq: 1
            },
            Candidate {
                word: "бег".into(),
                cost: 2.0,
                freq: 7
            },
        ]
    );
}

#[test]
fn deterministic_across_runs_searchers_and_threads() {
    // Every 3- and 4-letter string over six letters, with varied counts.
    let letters = ['а', 'б', 'в', 'о', 'ы', 'ь'];
    let mut words: Vec<(String, u64)> = Vec::new();
    for len in [3u32, 4] {
        for code in 0..6u64.pow(len) {
            let w: String = (0..len)
                .map(|k| letters[(code / 6u64.pow(k) % 6) as usize])
                .collect();
            words.push((w, code % 7));
        }
    }
    words.sort();
    let map = fst::Map::from_iter(words).unwrap();
    let conf = table(CONF);
    let queries = ["аббв", "ыььо", "воыа", "аааа", "бвыьо"];
    let first: Vec<Vec<Candidate>> = queries
        .iter()
        .map(|q| Searcher::new(&map, &conf, SearchOptions::default()).candidates(q))
        .collect();
    assert_eq!((first[0][0].word.as_str(), first[0][0].cost), ("аббв", 0.0));
    assert_eq!((first[1][0].word.as_str(), first[1][0].cost), ("ыььо", 0.0));
    assert!(first.iter().all(|c| c.len() == 10), "the default limit");
    let s = Searcher::new(&map, &conf, SearchOptions::default());
    for _ in 0..3 {
        let again: Vec<Vec<Candidate>> = queries.iter().map(|q| s.candidates(q)).collect();
        assert_eq!(again, first);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| queries.iter().map(|q| s.candidates(q)).collect::<Vec<_>>()))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), first);
        }
    });
}

#[test]
fn multibyte_utf8() {
    // 2-byte Cyrillic, 3-byte ligature and 4-byte characters, sharing lead
    // bytes in the fst.
    let map = lexicon(&[
        ("ёж", 1),
        ("еж", 2),
        ("ﬁsh", 3),
        ("fish", 4),
        ("𝔞𝔟", 5),
        ("ab", 6),
        ("шщ", 7),
    ]);
    let conf = table("ﬁ\tfi\t0.1\n𝔞\ta\t0.2\n");
    let s = Searcher::new(&map, &conf, everything(1.0));
    assert_eq!(pairs(&s.candidates("еж")), vec![("еж", 0.0), ("ёж", 1.0)]);
    assert_eq!(
        pairs(&s.candidates("ﬁsh")),
        vec![("ﬁsh", 0.0), ("fish", 0.1)]
    );
    assert_eq!(pairs(&s.candidates("𝔞b")), vec![("ab", 0.2), ("𝔞𝔟", 1.0)]);
    assert_eq!(pairs(&s.candidates("щщ")), vec![("шщ", 1.0)]);
    assert_eq!(distance(&conf, "𝔞𝔟", "ab"), 1.2);
}

#[test]
fn empty_query_and_empty_inputs() {
    let map = lexicon(&[("а", 1), ("и", 2)]);
    let conf = Confusions::default();
    let s = Searcher::new(&map, &conf, everything(2.0));
    assert_eq!(s.candidates(""), vec![]);
    assert_eq!(distance(&conf, "", ""), 0.0);
    assert_eq!(distance(&conf, "", "и"), 1.0);
    assert_eq!(distance(&conf, "и", ""), 1.0);
    let empty = lexicon(&[]);
    assert_eq!(
        Searcher::new(&empty, &conf, everything(2.0)).candidates("и"),
        vec![]
    );
}

#[test]
fn query_longer_than_any_word() {
    let map = lexicon(&[("чтобы", 100), ("что", 10)]);
    let conf = table(CONF);
    let s = Searcher::new(&map, &conf, everything(2.0));
    assert_eq!(s.candidates(&"ы".repeat(200)), vec![]);
    assert_eq!(s.candidates("чтобычтобычтобы"), vec![]);
    // ... unless what is extra is cheap to delete.
    assert_eq!(pairs(&s.candidates("чтобы........")), vec![("чтобы", 0.8)]);
    let rev = reverse_lexicon(&map).unwrap();
    let s = Searcher::new(&map, &conf, everything(2.0)).with_reversed(&rev);
    assert_eq!(pairs(&s.candidates("чтобы........")), vec![("чтобы", 0.8)]);
    // Four substitutions, one match, 195 deletions.
    assert_eq!(distance(&conf, &"ы".repeat(200), "чтобы"), 199.0);
}

#[test]
fn reverse_lexicon_reverses_characters() {
    let map = lexicon(&[("кота", 3), ("ёж", 4), ("ток", 5)]);
    let rev = reverse_lexicon(&map).unwrap();
    let keys: Vec<String> = rev.stream().into_strs().unwrap();
    assert_eq!(keys, vec!["аток", "жё", "кот"]);
    // "мота" differs from "кота" in its first half, so only the walk over the
    // reversed set finds it; its frequency comes from the map.
    let conf = Confusions::default();
    let s = Searcher::new(&map, &conf, everything(1.0)).with_reversed(&rev);
    assert_eq!(
        s.candidates("мота"),
        vec![Candidate {
            word: "кота".into(),
            cost: 1.0,
            freq: 3
        }]
    );
}

#[test]
fn shipped_confusion_tables_load() {
    let ru = shipped("ru");
    assert_eq!(ru.cost("ь", "ы"), Some(0.3));
    assert_eq!(ru.cost("ьі", "ы"), Some(0.2));
    assert_eq!(ru.cost("0", "о"), Some(0.2));
    assert_eq!(ru.cost("a", "а"), Some(0.1));
    assert_eq!(ru.cost("ш", "щ"), Some(0.4));
    assert_eq!(ru.cost(".", ""), Some(0.3));
    assert_eq!(ru.cost("", "ь"), Some(0.5));
    let en = shipped("en");
    assert_eq!(en.cost("rn", "m"), Some(0.3));
    assert_eq!(en.cost("b", "h"), Some(0.4));
    assert_eq!(en.cost("0", "o"), Some(0.2));
}

/// The misreadings of the brief, against the shipped tables and a small
/// lexicon with competitors.
#[test]
fn realistic_misreadings() {
    let ru = shipped("ru");
    let map = lexicon(&[
        ("героически", 40),
        ("героический", 60),
        ("шоссейные", 30),
        ("шоссейных", 20),
        ("инчоном", 5),
        ("инчхоном", 2),
        ("регулярно", 200),
        ("регулярна", 20),
        ("выполняет", 300),
        ("выполнять", 250),
        ("чтобы", 9000),
        ("чтоб", 400),
        ("решений", 800),
        ("решении", 700),
        ("письма", 600),
        ("письмо", 900),
        ("управление", 500),
        ("управлением", 100),
        ("сообщило", 300),
        ("сообщила", 350),
        ("громыко", 50),
        ("громко", 400),
        ("других", 900),
        ("упругих", 30),
        ("целях", 300),
        ("полях", 200),
    ]);
    let rev = reverse_lexicon(&map).unwrap();
    for reversed in [false, true] {
        let mut s = Searcher::new(&map, &ru, SearchOptions::default());
        if reversed {
            s = s.with_reversed(&rev);
        }
        for (query, truth, cost) in [
            ("георически", "героически", 1.0),
            ("шосейные", "шоссейные", 0.6),
            ("инчонем", "инчоном", 0.6),
            ("регупярно", "регулярно", 0.4),
            ("виполняет", "выполняет", 0.6),
            ("чтоби", "чтобы", 0.6),
            ("рещений", "решений", 0.4),
            ("писъма", "письма", 0.3),
            ("управпение", "управление", 0.4),
            ("с00бщило", "сообщило", 0.4),
            ("громько", "громыко", 0.3),
            // Typed capitals read `Ы` as `Н`; `д` and `ц` whose feet or
            // tail print faintly read as `п`.
            ("громнко", "громыко", 0.5),
            ("пругих", "других", 0.5),
            ("пелях", "целях", 0.5),
        ] {
            let got = s.candidates(query);
            assert_eq!(
                (got[0].word.as_str(), got[0].cost),
                (truth, cost),
                "{query}: {got:?}"
            );
            assert_eq!(distance(&ru, query, truth), cost);
        }
    }
    let en = shipped("en");
    let map = lexicon(&[
        ("the", 90000),
        ("tube", 30),
        ("may", 2000),
        ("nay", 10),
        ("ray", 50),
    ]);
    let s = Searcher::new(&map, &en, SearchOptions::default());
    assert_eq!(pairs(&s.candidates("tbe")[..1]), vec![("the", 0.4)]);
    assert_eq!(pairs(&s.candidates("rnay")[..1]), vec![("may", 0.3)]);
}

/// Random lexicons, tables, options and queries: the search must return
/// exactly what scoring every word with `distance` and applying the
/// documented cut, order and limit gives.
#[test]
fn agrees_with_brute_force() {
    let mut rng = XorShift(0x2545F4914F6CDD1D);
    let alphabet: Vec<char> = "абвоыьіrnm.ﬁ".chars().collect();
    let random_string = |rng: &mut XorShift, max_len: u64| -> String {
        (0..rng.below(max_len + 1))
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect()
    };
    for case in 0..60 {
        let mut words: Vec<(String, u64)> = (0..150)
            .map(|_| (random_string(&mut rng, 7), rng.below(5)))
            .collect();
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        words.retain(|w| !w.0.is_empty());
        let map = fst::Map::from_iter(words.iter().cloned()).unwrap();
        let rev = reverse_lexicon(&map).unwrap();
        let mut rows = String::new();
        let mut entries: Vec<(String, String)> = Vec::new();
        for _ in 0..rng.below(16) {
            let (o, mut t) = (random_string(&mut rng, 3), random_string(&mut rng, 3));
            if rng.below(2) == 0 && !words.is_empty() {
                // A truth that occurs in the lexicon, often several characters.
                let w: Vec<char> = words[rng.below(words.len() as u64) as usize]
                    .0
                    .chars()
                    .collect();
                let len = (1 + rng.below(3) as usize).min(w.len());
                let at = rng.below((w.len() - len + 1) as u64) as usize;
                t = w[at..at + len].iter().collect();
            }
            if o != t && !entries.contains(&(o.clone(), t.clone())) {
                rows.push_str(&format!(
                    "{o}\t{t}\t{}\n",
                    (1 + rng.below(20)) as f32 * 0.05
                ));
                entries.push((o, t));
            }
        }
        let mut conf = table(&rows);
        if case % 3 == 1 {
            conf.defaults.insertion = 0.7;
            conf.defaults.deletion = 0.6;
            conf.defaults.transposition = 0.5;
        }
        if case % 3 == 2 {
            conf.defaults.transposition = f32::INFINITY;
            conf.defaults.substitution = 0.8;
        }
        for _ in 0..16 {
            // Half random strings, half lexicon words misread by the table's
            // entries (truth replaced by ocr) and by swaps.
            let query = if rng.below(2) == 0 || words.is_empty() {
                random_string(&mut rng, 8)
            } else {
                let mut q: Vec<char> = words[rng.below(words.len() as u64) as usize]
                    .0
                    .chars()
                    .collect();
                for _ in 0..1 + rng.below(3) {
                    let pos = rng.below(q.len() as u64 + 1) as usize;
                    match (rng.below(3), entries.is_empty()) {
                        (0, _) if q.len() >= 2 => {
                            let p = pos.min(q.len() - 2);
                            q.swap(p, p + 1);
                        }
                        (_, false) => {
                            let (o, t) = &entries[rng.below(entries.len() as u64) as usize];
                            let t: Vec<char> = t.chars().collect();
                            let at = (0..=q.len().saturating_sub(t.len()))
                                .find(|&i| q[i..].starts_with(&t));
                            let at = if t.is_empty() {
                                Some(pos.min(q.len()))
                            } else {
                                at
                            };
                            if let Some(at) = at {
                                q.splice(at..at + t.len(), o.chars());
                            }
                        }
                        _ => {}
                    }
                }
                q.into_iter().collect()
            };
            let opts = SearchOptions {
                max_cost: [0.5, 1.0, 1.5, 2.0, 2.5][rng.below(5) as usize],
                max_candidates: [1, 3, 10, 100][rng.below(4) as usize],
                max_cost_over_best: [0.3, 1.0, f32::INFINITY][rng.below(3) as usize],
                first_pass_cost: [0.5, 1.0, 3.0][rng.below(3) as usize],
            };
            // Every other query has a gap somewhere (its end included).
            let gap = (rng.below(2) == 0).then(|| {
                let at = rng.below(query.chars().count() as u64 + 1) as usize;
                (at, [0.1, 0.3, 0.55][rng.below(3) as usize])
            });
            let expected = brute_force(&words, &conf, &query, gap, &opts);
            let got = Searcher::new(&map, &conf, opts).candidates_with_gap(&query, gap);
            assert_eq!(
                got, expected,
                "case {case} query {query:?} gap {gap:?} {opts:?}\n{rows}"
            );
            let got = Searcher::new(&map, &conf, opts)
                .with_reversed(&rev)
                .candidates_with_gap(&query, gap);
            assert_eq!(
                got, expected,
                "reversed: case {case} query {query:?} gap {gap:?} {opts:?}\n{rows}"
            );
            // Half the bound gives the same answer cut at it: the search
            // for joined pieces looks within a bound first and relies on it.
            let narrow = SearchOptions {
                max_cost: opts.max_cost / 2.0,
                ..opts
            };
            let cut: Vec<Candidate> = expected
                .iter()
                .filter(|c| c.cost <= narrow.max_cost)
                .cloned()
                .collect();
            let got = Searcher::new(&map, &conf, narrow)
                .with_reversed(&rev)
                .candidates_with_gap(&query, gap);
            assert_eq!(
                got, cut,
                "narrow: case {case} query {query:?} gap {gap:?} {narrow:?}\n{rows}"
            );
        }
    }
}

fn brute_force(
    words: &[(String, u64)],
    conf: &Confusions,
    query: &str,
    gap: Option<(usize, f32)>,
    o: &SearchOptions,
) -> Vec<Candidate> {
    if query.is_empty() {
        return vec![];
    }
    let mut all: Vec<Candidate> = words
        .iter()
        .map(|(w, f)| Candidate {
            word: w.clone(),
            cost: match gap {
                Some(gap) => gap_distance(conf, query, w, gap),
                None => distance(conf, query, w),
            },
            freq: *f,
        })
        .filter(|c| c.cost <= o.max_cost)
        .collect();
    let best = all.iter().map(|c| c.cost).fold(f32::INFINITY, f32::min);
    // Costs are multiples of 0.001: compare the cut in those units.
    let units = |x: f32| (f64::from(x) * 1000.0).round();
    all.retain(|c| units(c.cost) <= units(best) + units(o.max_cost_over_best));
    all.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(b.freq.cmp(&a.freq))
            .then_with(|| a.word.cmp(&b.word))
    });
    all.truncate(o.max_candidates);
    all
}

struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
