//! `corrigenda apply`: a reviewed corrections CSV back onto the inputs, or
//! (`--undo`) a report's applied changes taken out of the outputs.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use corrigenda::apply::{self, Options};
use corrigenda::{html, pipeline, report};

use super::args::ApplyArgs;
use super::ExitStatus;

pub fn apply(args: ApplyArgs) -> anyhow::Result<ExitStatus> {
    let bytes = std::fs::read(&args.report)
        .with_context(|| format!("{}: cannot read the report", args.report.display()))?;
    let origin = args.report.display().to_string();
    let reviewed = apply::read_reviewed(&origin, &bytes)?;
    let found = pipeline::discover(&args.inputs, &args.input.ext);
    super::require_inputs(&found, &args.inputs, &args.input.ext)?;
    let new_report = (!args.undo).then(|| {
        args.new_report
            .clone()
            .unwrap_or_else(|| args.out.join("corrections.csv"))
    });
    let mut reports: Vec<(&str, &Path)> = Vec::new();
    reports.extend(new_report.as_deref().map(|p| ("--new-report", p)));
    reports.extend(args.output.html.as_deref().map(|p| ("--html", p)));
    pipeline::check_outputs(&args.out, true, &reports, &found, &[&args.report])?;
    let opts = Options {
        out: args.out.clone(),
        undo: args.undo,
        encoding: args.input.encoding,
    };
    let outcome = apply::apply_batch(&found.inputs, &reviewed, &opts);

    let mut failed = 0;
    for (_, err) in found.failures.iter().chain(&outcome.failures) {
        eprintln!("corrigenda: {err}");
        failed += 1;
    }
    // Rows of a file that was not given are told once per file, not once
    // per row (a sheet of a whole batch applied to one of its files).
    let mut elsewhere: Vec<(&str, u64, usize)> = Vec::new();
    for r in &outcome.refusals {
        if r.reason == apply::NOT_AN_INPUT {
            match elsewhere.iter_mut().find(|(f, _, _)| *f == r.file) {
                Some(e) => e.2 += 1,
                None => elsewhere.push((&r.file, r.line, 1)),
            }
            continue;
        }
        eprintln!(
            "corrigenda: {origin}:{}: {}: row refused: {}",
            r.line, r.file, r.reason
        );
    }
    for (file, line, n) in elsewhere {
        eprintln!(
            "corrigenda: {origin}:{line}: {file}: {n} row(s) refused: {}",
            apply::NOT_AN_INPUT
        );
    }
    if let Some(path) = &new_report {
        let mut buf = Vec::new();
        if args.output.excel {
            buf.extend_from_slice(report::EXCEL_BOM);
        }
        report::write_corrections(&mut buf, &outcome.rows)?;
        pipeline::write_atomic(path, &buf)?;
    }
    if let Some(path) = &args.output.html {
        let page = html::review_page(&outcome.files, &outcome.rows, &outcome.lines);
        pipeline::write_atomic(path, page.as_bytes())?;
    }
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        let _ = if args.undo {
            writeln!(
                err,
                "corrigenda: {} files, {} changes undone, {} rows refused, {} files failed",
                found.inputs.len(),
                outcome.made,
                outcome.refusals.len(),
                failed
            )
        } else {
            writeln!(
                err,
                "corrigenda: {} files, {} changes made ({} edited by the reviewer), {} rejected, \
                 {} rows refused, {} files failed",
                found.inputs.len(),
                outcome.made,
                outcome.edited,
                outcome.rejected,
                outcome.refusals.len(),
                failed
            )
        };
    }
    Ok(if failed > 0 || !outcome.refusals.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
