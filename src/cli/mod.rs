//! The command line: parses arguments, runs a command, prints errors and maps
//! the outcome to an exit code. Only this module prints.
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod apply;
mod args;
mod eval;
mod learn;
mod progress;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser as _;

use corrigenda::dict::Dictionaries;
use corrigenda::pipeline::{self, BatchOptions, FileOutcome};
use corrigenda::report::{self, CorrectionRow, SummaryRow};
use corrigenda::rules::{Corrector, LangChoice, Options};

use args::{Cli, Command, DictArgs, RunArgs};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything was done.
    Success,
    /// Some files failed; the rest were done.
    Failure,
    /// Nothing was done: bad arguments or rules.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        match s {
            ExitStatus::Success => ExitCode::from(0),
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Eval(args) => eval::eval(args),
        Command::Apply(args) => apply::apply(args),
        Command::Learn(args) => learn::learn(args),
        Command::Dataset(cmd) => learn::dataset(cmd),
    };
    match result {
        Ok(status) => status.into(),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitStatus::Success.into();
            }
            eprintln!("corrigenda: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  cause: {cause}");
            }
            ExitStatus::Error.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

fn corrector(args: &DictArgs) -> anyhow::Result<Corrector> {
    let dicts = Dictionaries::load(&args.dicts)?;
    if !(0.0..=1.0).contains(&args.threshold) {
        anyhow::bail!("--threshold {} is not within 0..1", args.threshold);
    }
    let lang = match args.lang.as_str() {
        "auto" => LangChoice::Auto,
        code => LangChoice::Code(code.to_string()),
    };
    let opts = Options {
        lang,
        threshold: args.threshold,
        dehyphenate: args.dehyphenate,
        join_spaced: args.join_spaced,
    };
    Ok(Corrector::new(dicts, opts)?)
}

fn run(args: RunArgs) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let corrector = corrector(&args.dict)?;
    let found = pipeline::discover(&args.inputs, &args.input.ext);
    require_inputs(&found, &args.inputs, &args.input.ext)?;
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| args.out.join("corrections.csv"));
    let summary_path = args
        .summary
        .clone()
        .unwrap_or_else(|| args.out.join("summary.csv"));
    let mut reports = vec![
        ("--report", report_path.as_path()),
        ("--summary", summary_path.as_path()),
    ];
    reports.extend(args.output.html.as_deref().map(|p| ("--html", p)));
    pipeline::check_outputs(&args.out, !args.dry_run, &reports, &found, &[])?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let total: u64 = found
        .inputs
        .iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .sum();
    let bar = progress::Bar::new(total, found.inputs.len() as u64, args.quiet);
    let opts = BatchOptions {
        out: (!args.dry_run).then(|| args.out.clone()),
        encoding: args.input.encoding,
    };
    let bom: &[u8] = if args.output.excel {
        report::EXCEL_BOM
    } else {
        b""
    };
    let start = |path: &std::path::Path| -> anyhow::Result<pipeline::AtomicFile> {
        let mut file = pipeline::AtomicFile::create(path)?;
        file.write_all(bom)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        Ok(file)
    };
    // Errors name the report, not its temporary file.
    let cannot = |path: &std::path::Path| format!("{}: cannot write", path.display());
    let mut corrections = report::Writer::<_, CorrectionRow>::new(start(&report_path)?)
        .with_context(|| cannot(&report_path))?;
    let mut summaries = report::Writer::<_, SummaryRow>::new(start(&summary_path)?)
        .with_context(|| cannot(&summary_path))?;
    // The HTML review page needs every row at once; the reports do not.
    let (mut kept_rows, mut lines, mut summary_kept) = (Vec::new(), Vec::new(), Vec::new());
    // Printed once the progress bar is gone.
    let mut errors = Vec::new();
    let (mut files, mut failed) = (0, 0);
    let mut counts = [0usize; 3];
    // Each outcome goes to the reports as it comes (the batch hands them
    // over part by part), then the files discovery could not read.
    let mut record = |o: FileOutcome| -> anyhow::Result<()> {
        if let Some(err) = &o.error {
            errors.push(format!("corrigenda: {err}"));
            failed += 1;
        }
        files += 1;
        for r in &o.rows {
            match r.action.as_str() {
                "applied" => counts[0] += 1,
                "suggested" => counts[1] += 1,
                "flagged" => counts[2] += 1,
                _ => {}
            }
        }
        corrections
            .write(&o.rows)
            .with_context(|| cannot(&report_path))?;
        summaries
            .write(std::slice::from_ref(&o.summary))
            .with_context(|| cannot(&summary_path))?;
        if args.output.html.is_some() {
            kept_rows.extend(o.rows);
            lines.extend(o.lines);
            summary_kept.push(o.summary);
        }
        Ok(())
    };
    pool.install(|| pipeline::run_batch(&corrector, &found.inputs, &opts, &bar, &mut record))?;
    for (name, err) in found.failures {
        record(FileOutcome::failed(&name, 0, err))?;
    }
    bar.finish();
    for e in errors {
        eprintln!("{e}");
    }
    corrections
        .finish()
        .with_context(|| cannot(&report_path))?
        .commit()?;
    summaries
        .finish()
        .with_context(|| cannot(&summary_path))?
        .commit()?;
    if let Some(path) = &args.output.html {
        let page = corrigenda::html::review_page(&summary_kept, &kept_rows, &lines);
        pipeline::write_atomic(path, page.as_bytes())?;
    }

    if !args.quiet {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "corrigenda: {} files, {} applied, {} suggested, {} flagged, {} failed, {:.2} s",
            files,
            counts[0],
            counts[1],
            counts[2],
            failed,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Refuses a batch in which the given paths hold no input at all (an empty
/// folder, a mistyped `--ext`): nothing would be done.
fn require_inputs(
    found: &pipeline::Discovery,
    given: &[PathBuf],
    ext: &[String],
) -> anyhow::Result<()> {
    if found.inputs.is_empty() && found.failures.is_empty() {
        let given: Vec<String> = given.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!(
            "no input files: {} holds no file ending in {} (--ext)",
            given.join(", "),
            ext.iter()
                .map(|e| format!(".{}", e.trim_start_matches('.')))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}
