//! `corrigenda eval`: figures against ground truth.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;

use anyhow::Context as _;

use corrigenda::eval::{self, Options};
use corrigenda::pipeline;
use corrigenda::report;

use super::args::EvalArgs;
use super::ExitStatus;

pub fn eval(args: EvalArgs) -> anyhow::Result<ExitStatus> {
    if args.icdar.is_some() || args.overproof.is_some() {
        return super::learn::eval_benchmark(&args);
    }
    let (Some(gt), Some(ocr)) = (args.gt.as_deref(), args.ocr.as_deref()) else {
        anyhow::bail!("--gt and --ocr are required (or --icdar, or --overproof)");
    };
    let opts = Options {
        gt_suffix: args.gt_suffix.clone(),
        ocr_suffix: args.ocr_suffix.clone(),
        corr_suffix: args.corr_suffix.clone(),
        hyphen_join: !args.no_hyphen_join,
        manifest: args.manifest.clone(),
        group_by: args.group_by.clone(),
        ..Options::default()
    };
    let report = eval::evaluate_dirs(gt, ocr, args.corrected.as_deref(), &opts)?;
    if report.files.is_empty() {
        anyhow::bail!(
            "no file to score: {} has no NAME{} with a NAME{} in {}{}",
            gt.display(),
            opts.gt_suffix,
            opts.ocr_suffix,
            ocr.display(),
            match &args.corrected {
                Some(c) => format!(" and a corrected file in {}", c.display()),
                None => String::new(),
            }
        );
    }
    let per_rule = match &args.per_rule {
        Some(csv_path) => Some(per_rule(&args, csv_path, &opts)?),
        None => None,
    };
    let mut out = std::io::stdout().lock();
    if let Some(path) = &args.json {
        let mut json = serde_json::to_value(&report)?;
        if let (Some(totals), Some(map)) = (&per_rule, json.as_object_mut()) {
            let rules: serde_json::Map<String, serde_json::Value> = totals
                .iter()
                .map(|(rule, (applied, distance))| {
                    let figures = serde_json::json!({ "applied": applied, "distance": distance });
                    (rule.clone(), figures)
                })
                .collect();
            map.insert("per_rule".into(), rules.into());
        }
        let text = serde_json::to_string_pretty(&json)? + "\n";
        if path.as_os_str() == "-" {
            // Only the JSON, so that it parses (as score.py's `--json -`).
            out.write_all(text.as_bytes())?;
            return Ok(ExitStatus::Success);
        }
        pipeline::write_atomic(path, text.as_bytes())?;
    }
    writeln!(out, "{}", report.to_table(args.totals_only))?;
    if let Some(note) = report.unfollowed_note() {
        writeln!(out, "\n{note}")?;
    }
    if let Some(totals) = &per_rule {
        writeln!(
            out,
            "\nper rule: net change of the edit distance to the ground truth (negative = better)"
        )?;
        writeln!(out, "{:<40} {:>8} {:>10}", "rule", "applied", "distance")?;
        for (rule, (count, delta)) in totals {
            writeln!(out, "{rule:<40} {count:>8} {delta:>+10}")?;
        }
    }
    Ok(ExitStatus::Success)
}

/// For each rule: the applied rows and the summed change of the edit
/// distance when only that rule's rows are applied.
fn per_rule(
    args: &EvalArgs,
    csv_path: &std::path::Path,
    opts: &Options,
) -> anyhow::Result<BTreeMap<String, (usize, i64)>> {
    let file =
        fs::File::open(csv_path).with_context(|| format!("{}: cannot open", csv_path.display()))?;
    let rows = report::read_corrections(file)
        .with_context(|| format!("{}: not a corrections report", csv_path.display()))?;
    let mut by_file: BTreeMap<&str, Vec<eval::Change>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.action == "applied") {
        by_file.entry(&r.file).or_default().push(eval::Change {
            start: r.byte_start,
            end: r.byte_end,
            replacement: r.replacement.clone(),
            rule: r.rule.clone(),
        });
    }
    let (Some(ocr_dir), Some(gt_dir)) = (&args.ocr, &args.gt) else {
        return Ok(BTreeMap::new());
    };
    let mut totals: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for (name, changes) in by_file {
        // The report names a file as `run` was given it: relative to an
        // input folder, or as a path. Its OCR file is in --ocr by that
        // relative path or by its file name.
        let as_written = std::path::Path::new(name);
        let file_name = as_written.file_name().unwrap_or_default();
        let Some(ocr_path) = [ocr_dir.join(name), ocr_dir.join(file_name)]
            .into_iter()
            .find(|p| p.is_file())
        else {
            anyhow::bail!(
                "{}: row {name:?} names no file in --ocr {}",
                csv_path.display(),
                ocr_dir.display()
            );
        };
        let Some(stem) = file_name
            .to_string_lossy()
            .strip_suffix(&opts.ocr_suffix)
            .map(String::from)
        else {
            anyhow::bail!(
                "{}: row {name:?} names no NAME{} file",
                csv_path.display(),
                opts.ocr_suffix
            );
        };
        let gt_path = gt_dir.join(format!("{stem}{}", opts.gt_suffix));
        // Spans are bytes of the text as `run` decoded it.
        let bytes =
            fs::read(&ocr_path).with_context(|| format!("{}: cannot read", ocr_path.display()))?;
        let ocr = corrigenda::text::decode_with(&ocr_path, bytes, Default::default())?.text;
        // The rows of an hOCR or ALTO file are spans of its markup: its text,
        // and each rule's, is read back from the file as `run` reads it.
        let format = corrigenda::formats::detect(&ocr_path, &ocr);
        let read = |src: &str| {
            corrigenda::formats::read(&format, &ocr_path, src)
                .ok()
                .map(|d| d.text)
        };
        let read: Option<eval::ReadText<'_>> = match format {
            corrigenda::formats::Format::Text => None,
            corrigenda::formats::Format::Hocr | corrigenda::formats::Format::Alto => Some(&read),
            _ => anyhow::bail!(
                "{}: --per-rule measures text, hOCR and ALTO OCR files; this is {}",
                ocr_path.display(),
                format.name()
            ),
        };
        let gt = String::from_utf8_lossy(
            &fs::read(&gt_path).with_context(|| format!("{}: cannot read", gt_path.display()))?,
        )
        .into_owned();
        let deltas = eval::per_rule_read(&gt, &ocr, &changes, opts.hyphen_join, read)
            .with_context(|| format!("{name}: rows do not fit the OCR file"))?;
        for (rule, delta) in deltas {
            let count = changes.iter().filter(|c| c.rule == rule).count();
            let entry = totals.entry(rule).or_default();
            entry.0 += count;
            entry.1 += delta;
        }
    }
    Ok(totals)
}
