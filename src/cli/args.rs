//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Batch OCR post-correction: fixes what is safe to fix, reports every change
/// to CSV for review.
#[derive(Debug, Parser)]
#[command(name = "corrigenda", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Correct OCR files and write the corrected files and CSV reports.
    Run(RunArgs),
    /// Measure OCR (and corrected) text against ground truth: CER, WER, the
    /// ICDAR % improvement, and changed-token precision and recall.
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of ground-truth files (NAME + --gt-suffix).
    #[arg(long, value_name = "DIR")]
    pub gt: PathBuf,

    /// Folder of OCR files (NAME + --ocr-suffix).
    #[arg(long, value_name = "DIR")]
    pub ocr: PathBuf,

    /// Folder of corrected files (NAME + --corr-suffix), e.g. the --out of
    /// `corrigenda run` over the OCR folder.
    #[arg(long, value_name = "DIR")]
    pub corrected: Option<PathBuf>,

    /// Suffix of ground-truth files.
    #[arg(long, value_name = "SUFFIX", default_value = ".gt.txt")]
    pub gt_suffix: String,

    /// Suffix of OCR files.
    #[arg(long, value_name = "SUFFIX", default_value = ".ocr.txt")]
    pub ocr_suffix: String,

    /// Suffix of corrected files [default: the OCR suffix].
    #[arg(long, value_name = "SUFFIX")]
    pub corr_suffix: Option<String>,

    /// Also total per value of this column of the manifest (e.g. `profile`).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,

    /// The manifest for --group-by [default: GT/manifest.csv].
    #[arg(long, value_name = "CSV")]
    pub manifest: Option<PathBuf>,

    /// Print only the totals, not one row per file.
    #[arg(long)]
    pub totals_only: bool,

    /// Also write the figures as JSON to this file (`-` for stdout).
    #[arg(long, value_name = "PATH")]
    pub json: Option<PathBuf>,

    /// Do not join words hyphenated at line ends before comparing.
    #[arg(long)]
    pub no_hyphen_join: bool,

    /// Net effect of each rule on the edit distance to the ground truth,
    /// from the applied rows of this corrections CSV (the run's input must
    /// be the --ocr folder).
    #[arg(long, value_name = "CSV")]
    pub per_rule: Option<PathBuf>,
}

/// Options shared by commands that load dictionaries.
#[derive(Debug, Args)]
pub struct DictArgs {
    /// Extra dictionaries and rules, layered over the built-in ones in the
    /// order given (same layout as dictionaries/: one folder per language).
    #[arg(long = "dict", value_name = "DIR", help_heading = "Rules")]
    pub dicts: Vec<PathBuf>,

    /// The language of the inputs; `auto` chooses per file from its letters.
    #[arg(
        long,
        value_name = "LANG",
        default_value = "auto",
        help_heading = "Rules"
    )]
    pub lang: String,

    /// Confidence from which a change is applied; below it, it is suggested.
    #[arg(
        long,
        value_name = "0..1",
        default_value_t = 0.85,
        help_heading = "Rules"
    )]
    pub threshold: f32,

    /// Join words hyphenated at line ends (`добро-` / `вольных`) in the
    /// output; without it they are recognised and suggested.
    #[arg(long, help_heading = "Rules")]
    pub dehyphenate: bool,

    /// Close up letter-spaced words (`М о с к в а`) in the output; without
    /// it they are recognised and suggested.
    #[arg(long, help_heading = "Rules")]
    pub join_spaced: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Files and folders to correct (folders are searched recursively).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Folder for the corrected files (same relative paths as under each input
    /// folder). Must not be inside an input folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The corrections CSV [default: DIR/corrections.csv].
    #[arg(long, value_name = "CSV")]
    pub report: Option<PathBuf>,

    /// The per-file summary CSV [default: DIR/summary.csv].
    #[arg(long, value_name = "CSV")]
    pub summary: Option<PathBuf>,

    /// File extensions taken from folders (comma-separated).
    #[arg(
        long,
        value_name = "EXT,...",
        value_delimiter = ',',
        default_value = "txt",
        help_heading = "Input"
    )]
    pub ext: Vec<String>,

    #[command(flatten)]
    pub dict: DictArgs,

    /// Worker threads [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N", help_heading = "Run")]
    pub jobs: Option<usize>,

    /// Write only the reports, not the corrected files.
    #[arg(long, help_heading = "Run")]
    pub dry_run: bool,

    /// No progress bar and no closing summary line.
    #[arg(long, short = 'q', help_heading = "Run")]
    pub quiet: bool,
}
