//! `corrigenda learn`, `corrigenda dataset` and `eval` over benchmark files
//! (`--icdar`, `--overproof`).

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use corrigenda::datasets::{self, icdar, overproof, Pair};
use corrigenda::dict::Dictionaries;
use corrigenda::learn::{self, Options};
use corrigenda::pipeline;

use super::args::{ConvertArgs, DatasetCommand, EvalArgs, LearnArgs, PairSource};
use super::ExitStatus;

/// The pairs a [`PairSource`] names, and a label for messages.
fn read_pairs(src: &PairSource) -> anyhow::Result<(Vec<Pair>, PathBuf)> {
    if let Some(p) = &src.icdar {
        return Ok((icdar::read_pairs(p)?, p.clone()));
    }
    if let Some(p) = &src.overproof {
        return Ok((overproof::read_pairs(p)?, p.clone()));
    }
    match (&src.ocr, &src.gt) {
        (Some(ocr), Some(gt)) => Ok((
            datasets::read_pair_dirs(ocr, gt, &src.ocr_suffix, &src.gt_suffix)?,
            gt.clone(),
        )),
        _ => anyhow::bail!("give --ocr DIR and --gt DIR, or --icdar PATH, or --overproof FILE"),
    }
}

pub fn learn(args: LearnArgs) -> anyhow::Result<ExitStatus> {
    if !(0.0..=1.0).contains(&args.min_rate) {
        anyhow::bail!("--min-rate {} is not within 0..1", args.min_rate);
    }
    if !(0.0..=1.0).contains(&args.target_precision) || !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!("--threshold and --target-precision must be within 0..1");
    }
    let dicts = Dictionaries::load(&args.dicts)?;
    let (pairs, source) = read_pairs(&args.source)?;
    let opts = Options {
        lang: (args.lang != "auto").then(|| args.lang.clone()),
        name: args.name.clone(),
        min_count: args.min_count,
        min_rate: args.min_rate,
        min_pairs: args.min_pairs,
        min_confusion_count: args.min_confusion_count,
        min_word_count: args.min_word_count,
        calibrate: args.calibrate.then(|| learn::Calibrate {
            threshold: args.threshold,
            target_precision: args.target_precision,
            dict_dirs: args.dicts.clone(),
        }),
    };
    let learned = learn::learn(&pairs, &dicts, &opts)?;
    learned
        .write(&args.out)
        .with_context(|| format!("{}: cannot write the learned data", args.out.display()))?;
    if args.calibrate {
        // (A language of only some words, with no pair of its own, such as
        // the Latin-letter words of a Bulgarian text, is not meant.)
        for l in learned
            .langs
            .iter()
            .filter(|l| l.calibration.is_none() && l.pairs > 0)
        {
            // Not quieted: the flag asked for something that was not done.
            eprintln!(
                "corrigenda: warning: {} was not calibrated: it needs at least 2 pairs, has {}",
                l.code, l.pairs
            );
        }
    }
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        for (name, left, chars) in &learned.left_out {
            let _ = writeln!(
                err,
                "corrigenda: {name}: {left} of {chars} OCR characters left out, where the ground \
                 truth does not follow the OCR"
            );
        }
        for l in &learned.langs {
            let _ = writeln!(
                err,
                "corrigenda: learned {}{} from {} pairs of {}: {} confusions, {} misreadings, \
                 {} lexicon words ({} of {} OCR words aligned){} -> {}",
                l.code,
                if l.new_language.is_some() {
                    " (new language)"
                } else {
                    ""
                },
                l.pairs,
                source.display(),
                l.confusions.len(),
                l.misreadings.len(),
                l.lexicon.len(),
                l.clean_words,
                l.ocr_words,
                l.calibration.as_ref().map_or(String::new(), |c| {
                    let t = c.choice();
                    let off = l.suggest_only();
                    format!(
                        "; ranking keep_cost {} + {}/letter ({} changed, {:.1}% precise on the \
                         training pairs); {} misreadings left out; only suggested: {}",
                        t.keep_cost,
                        t.keep_cost_per_letter,
                        t.changed,
                        100.0 * t.precision(),
                        l.dropped.len(),
                        if off.is_empty() {
                            "none".to_owned()
                        } else {
                            off.join(", ")
                        }
                    )
                }),
                args.out.join(&l.code).display()
            );
        }
    }
    Ok(ExitStatus::Success)
}

pub fn dataset(cmd: DatasetCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        DatasetCommand::Convert(args) => convert(args),
    }
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitStatus> {
    if args.folds == 0 {
        anyhow::bail!("--folds 0: there must be at least one fold");
    }
    // Files of an earlier conversion would mix into the folds (a pair in
    // two folds: cross-validation would test on what it learned from).
    if std::fs::read_dir(&args.out).is_ok_and(|mut d| d.next().is_some()) {
        anyhow::bail!(
            "{}: is not empty; convert into a new or empty folder",
            args.out.display()
        );
    }
    let (pairs, source) = read_pairs(&args.source)?;
    let written = datasets::write_pairs(&pairs, &args.out, args.folds, ".ocr.txt", ".gt.txt")?;
    let folds = args.folds.min(pairs.len());
    eprintln!(
        "corrigenda: {} pairs of {} -> {} files in {}{}",
        pairs.len(),
        source.display(),
        written.len(),
        args.out.display(),
        if args.folds > 1 {
            format!(" (fold1 … fold{folds})")
        } else {
            String::new()
        }
    );
    Ok(ExitStatus::Success)
}

fn read_lossy(path: &Path) -> anyhow::Result<String> {
    let bytes = fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `eval --icdar PATH` / `eval --overproof FILE`: the `eval` figures over the
/// pairs and, for ICDAR files, the competition's measure.
pub fn eval_benchmark(args: &EvalArgs) -> anyhow::Result<ExitStatus> {
    let Some(corrected_dir) = &args.corrected else {
        anyhow::bail!("--icdar and --overproof need --corrected DIR (e.g. the --out of `run`)");
    };
    let suffix = args.corr_suffix.as_deref().unwrap_or(&args.ocr_suffix);
    let (pairs, files, source) = if let Some(p) = &args.icdar {
        let files = icdar::read_path(p)?;
        let pairs = files
            .iter()
            .map(|(name, f)| Pair {
                name: name.clone(),
                ocr: f.ocr_input.clone(),
                gt: f.gt_text(),
            })
            .collect();
        (pairs, Some(files), p.clone())
    } else {
        let p = args.overproof.clone().unwrap_or_default();
        (overproof::read_pairs(&p)?, None, p)
    };
    let mut corrected = Vec::with_capacity(pairs.len());
    for p in &pairs {
        let path = corrected_dir.join(format!("{}{suffix}", p.name));
        corrected.push(if path.is_file() {
            Some(read_lossy(&path)?)
        } else {
            None
        });
    }
    if corrected.iter().all(Option::is_none) {
        anyhow::bail!(
            "{}: holds none of the {} corrected files (NAME{suffix}, e.g. {}{suffix})",
            corrected_dir.display(),
            pairs.len(),
            pairs.first().map_or("", |p| p.name.as_str())
        );
    }
    let report = datasets::score_pairs(&pairs, &corrected, &source, !args.no_hyphen_join);
    // The tables, printed at the end unless the JSON goes to stdout.
    let mut out: Vec<u8> = Vec::new();
    writeln!(out, "{}", report.to_table(args.totals_only))?;

    let mut json = serde_json::json!({ "eval": report });
    if let Some(files) = files {
        let scores: Vec<(String, icdar::Task2)> = files
            .par_iter()
            .zip(&corrected)
            .filter_map(|((name, f), c)| Some((name.clone(), icdar::task2(f, c.as_deref()?))))
            .collect();
        if let Some(path) = &args.icdar_json {
            let mut all = serde_json::Map::new();
            for ((name, f), c) in files.iter().zip(&corrected) {
                let Some(c) = c else {
                    continue;
                };
                let mut fixes = serde_json::Map::new();
                for t in icdar::token_corrections(&f.ocr_input, c) {
                    fixes.insert(
                        format!("{}:{}", t.pos, t.tokens),
                        serde_json::json!({ t.text: 1.0 }),
                    );
                }
                all.insert(format!("{name}.txt"), fixes.into());
            }
            let text = serde_json::to_string_pretty(&all)?;
            pipeline::write_atomic(path, (text + "\n").as_bytes())?;
        }
        let total = icdar::Task2Total::of(scores.iter().map(|(_, s)| s));
        writeln!(out, "\n{}", icdar_table(&scores, &total, args.totals_only))?;
        json["icdar"] = serde_json::json!({
            "files": scores.iter().map(|(n, s)| {
                let mut v = serde_json::to_value(s).unwrap_or_default();
                v["name"] = n.clone().into();
                v["improvement"] = s.improvement().into();
                v["precision"] = s.precision().into();
                v
            }).collect::<Vec<_>>(),
            "total": total,
            "improvement": total.improvement(),
            "improvement_sum": total.improvement_sum(),
            "precision": total.sum.precision(),
        });
    }
    if let Some(note) = report.unfollowed_note() {
        writeln!(out, "\n{note}")?;
    }
    let mut stdout = std::io::stdout().lock();
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&json)? + "\n";
        if path.as_os_str() == "-" {
            // Only the JSON, so that it parses.
            stdout.write_all(text.as_bytes())?;
            return Ok(ExitStatus::Success);
        }
        pipeline::write_atomic(path, text.as_bytes())?;
    }
    stdout.write_all(&out)?;
    Ok(ExitStatus::Success)
}

fn rate(v: Option<f64>, w: usize) -> String {
    match v {
        Some(v) => format!("{v:>w$.2}"),
        None => format!("{:>w$}", "n/a"),
    }
}

fn icdar_table(
    scores: &[(String, icdar::Task2)],
    total: &icdar::Task2Total,
    totals_only: bool,
) -> String {
    let width = scores
        .iter()
        .map(|(n, _)| n.chars().count())
        .chain([16])
        .max()
        .unwrap_or(16);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "ICDAR task 2 (the competition's measure): distances of the aligned sequences to the gold standard"
    );
    let header = format!(
        "{:<width$} {:>7} {:>6} {:>8} {:>7} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "file",
        "tokens",
        "errtok",
        "symbols",
        "before",
        "after",
        "%impr",
        "chang",
        "fixed",
        "broke",
        "bettr",
        "worse",
        "P%"
    );
    let _ = writeln!(s, "{header}");
    let _ = writeln!(s, "{}", "-".repeat(header.chars().count()));
    let row = |s: &mut String, name: &str, t: &icdar::Task2, impr: Option<f64>| {
        let _ = writeln!(
            s,
            "{name:<width$} {:>7} {:>6} {:>8} {:>7} {:>7} {} {:>6} {:>6} {:>6} {:>6} {:>6} {}",
            t.tokens,
            t.erroneous,
            t.symbols,
            t.before,
            t.after,
            rate(impr, 7),
            t.changed,
            t.fixed,
            t.broken,
            t.better,
            t.worse,
            rate(t.precision(), 6)
        );
    };
    if !totals_only {
        for (name, t) in scores {
            row(&mut s, name, t, t.improvement());
        }
        let _ = writeln!(s, "{}", "-".repeat(header.chars().count()));
    }
    row(
        &mut s,
        &format!("TOTAL ({} files)", total.files),
        &total.sum,
        total.improvement(),
    );
    let _ = write!(
        s,
        "% improvement: {} (files weighted by tokens, as the competition); {} (sums of distances)",
        rate(total.improvement(), 0).trim(),
        rate(total.improvement_sum(), 0).trim()
    );
    s
}
