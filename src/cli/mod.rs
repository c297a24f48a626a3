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
use corrigenda::report;
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
    pipeline::check_output_dir(&args.out, &found)?;
    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| args.out.join("corrections.csv"));
    let summary_path = args
        .summary
        .clone()
        .unwrap_or_else(|| args.out.join("summary.csv"));
    for path in [&report_path, &summary_path]
        .into_iter()
        .chain(&args.output.html)
    {
        if found.inputs.iter().any(|i| same_file(&i.path, path)) {
            anyhow::bail!(
                "{}: is an input file; choose another report path",
                path.display()
            );
        }
    }
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
    let mut outcomes: Vec<FileOutcome> =
        pool.install(|| pipeline::run_batch(&corrector, &found.inputs, &opts, &bar));
    bar.finish();
    for (name, err) in found.failures {
        outcomes.push(FileOutcome::failed(&name, 0, err));
    }

    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut summary = Vec::with_capacity(outcomes.len());
    let mut failed = 0;
    for o in outcomes {
        if let Some(err) = &o.error {
            eprintln!("corrigenda: {err}");
            failed += 1;
        }
        rows.extend(o.rows);
        if args.output.html.is_some() {
            lines.extend(o.lines);
        }
        summary.push(o.summary);
    }
    let bom: &[u8] = if args.output.excel {
        report::EXCEL_BOM
    } else {
        b""
    };
    let mut buf = bom.to_vec();
    report::write_corrections(&mut buf, &rows)?;
    pipeline::write_atomic(&report_path, &buf)?;
    buf = bom.to_vec();
    report::write_summary(&mut buf, &summary)?;
    pipeline::write_atomic(&summary_path, &buf)?;
    if let Some(path) = &args.output.html {
        let page = corrigenda::html::review_page(&summary, &rows, &lines);
        pipeline::write_atomic(path, page.as_bytes())?;
    }

    if !args.quiet {
        let count = |a: &str| rows.iter().filter(|r| r.action == a).count();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "corrigenda: {} files, {} applied, {} suggested, {} flagged, {} failed, {:.2} s",
            summary.len(),
            count("applied"),
            count("suggested"),
            count("flagged"),
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

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
    canon(a) == canon(b)
}
