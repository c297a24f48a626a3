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
        default_value_t = 0.9,
        help_heading = "Rules"
    )]
    pub threshold: f32,
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
