//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use corrigenda::formats::encoding::Choice;
use corrigenda::rules::DEFAULT_THRESHOLD;

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
    /// Learn correction data from ground truth: character confusions,
    /// whole-word misreadings and lexicon additions, written as plain data in
    /// the layout of dictionaries/ (OUT/<lang>/…) for `run --dict OUT`.
    Learn(LearnArgs),
    /// Benchmark data sets: `dataset convert` writes ICDAR or OverProof files
    /// (or folders of pairs) as NAME.ocr.txt / NAME.gt.txt pairs, optionally
    /// dealt into folds for cross-validation.
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Apply a reviewed corrections CSV to the original inputs: exactly the
    /// changes the reviewer accepted (or edited) are made. With --undo, take a
    /// report's applied changes out of corrected files instead.
    #[command(
        after_help = "Decisions: empty = keep the row's action (applied rows are made); `accept` = \
                      make it; `reject` = do not; any other text = make that text instead.\n\
                      Exit codes: 0 all rows done; 1 some rows refused or files failed (each is \
                      named on stderr; the rest are done); 2 nothing was done."
    )]
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The inputs, exactly as given to `run` (files and folders); with
    /// --undo, the corrected files (e.g. the --out folder of `run`).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The corrections CSV as the reviewer saved it (`,`, `;` or tab
    /// separated; a BOM, CRLF, extra columns and any row order are fine).
    /// With --undo, the report that made the corrected files.
    #[arg(long, value_name = "CSV")]
    pub report: PathBuf,

    /// Folder for the results (same relative paths as `run` writes). Must
    /// not be inside an input folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The new corrections CSV, recording what was done [default:
    /// DIR/corrections.csv].
    #[arg(long, value_name = "CSV", help_heading = "Output")]
    pub new_report: Option<PathBuf>,

    /// Restore the original inputs: INPUT are the corrected files and
    /// --report the report that made them (its `applied` rows are undone).
    #[arg(long, conflicts_with_all = ["new_report", "html", "excel"])]
    pub undo: bool,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    /// No closing summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of ground-truth files (NAME + --gt-suffix).
    #[arg(long, value_name = "DIR", required_unless_present_any = ["icdar", "overproof"])]
    pub gt: Option<PathBuf>,

    /// Folder of OCR files (NAME + --ocr-suffix).
    #[arg(long, value_name = "DIR", required_unless_present_any = ["icdar", "overproof"])]
    pub ocr: Option<PathBuf>,

    /// Instead of --gt/--ocr: a folder (or file) of ICDAR 2017/2019 post-OCR
    /// files (NAME.txt); also reports the competition's measure. Corrected
    /// files are NAME + --corr-suffix (default .ocr.txt), as `run` writes
    /// them for `dataset convert` output.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with_all = ["gt", "ocr", "overproof", "per_rule", "group_by"]
    )]
    pub icdar: Option<PathBuf>,

    /// With --icdar: also write the corrections in the competition's JSON
    /// input format ({"NAME.txt": {"pos:tokens": {"text": 1.0}}}), for its
    /// own evaluation script.
    #[arg(long, value_name = "PATH", requires = "icdar")]
    pub icdar_json: Option<PathBuf>,

    /// Instead of --gt/--ocr: an OverProof file (articles of
    /// raw||@@||human[||@@||overproof] lines); corrected files as for --icdar.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gt", "ocr", "per_rule", "group_by"])]
    pub overproof: Option<PathBuf>,

    /// Folder of corrected files (NAME + --corr-suffix), e.g. the --out of
    /// `corrigenda run` over the OCR folder.
    #[arg(long, value_name = "DIR")]
    pub corrected: Option<PathBuf>,

    /// Suffix of ground-truth files.
    #[arg(long, value_name = "SUFFIX", default_value = ".gt.txt")]
    pub gt_suffix: String,

    /// Suffix of OCR files. hOCR, ALTO and PAGE-XML files (`.hocr`,
    /// `.alto.xml`) are scored by the text `run` reads from them.
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
        default_value_t = DEFAULT_THRESHOLD,
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

/// Which files are read and how (shared by `run` and `apply`).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// File extensions taken from folders (comma-separated; `ocr.txt` takes
    /// NAME.ocr.txt and leaves NAME.gt.txt beside it). The format
    /// (text, hOCR, ALTO, PAGE-XML) is told from the content; XML of another
    /// kind (METS, …) is copied unchanged. Add `html` for hOCR saved so.
    #[arg(
        long,
        value_name = "EXT,...",
        value_delimiter = ',',
        default_value = "txt,hocr,xml",
        help_heading = "Input"
    )]
    pub ext: Vec<String>,

    /// The encoding of the inputs: `auto` (a BOM, an XML declaration, UTF-8,
    /// else Windows-1251/KOI8-R/IBM866 detected) or a name such as
    /// `windows-1251`, `koi8-r`, `utf-16le`. Outputs keep it.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "auto",
        value_parser = parse_encoding,
        help_heading = "Input"
    )]
    pub encoding: Choice,
}

/// Extra report outputs (shared by `run` and `apply`).
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write the reports for spreadsheet programs: UTF-8 with a BOM, so
    /// that Excel shows Cyrillic (cells stay protected against formulas).
    #[arg(long, help_heading = "Output")]
    pub excel: bool,

    /// Also write a review page: one self-contained HTML file with every
    /// line that has a change, the changes highlighted, and filters.
    #[arg(long, value_name = "HTML", help_heading = "Output")]
    pub html: Option<PathBuf>,
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

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub output: OutputArgs,

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

/// Where pairs of OCR text and ground truth come from (`learn`, `dataset`).
#[derive(Debug, Args)]
pub struct PairSource {
    /// Folder of OCR files (NAME + --ocr-suffix).
    #[arg(long, value_name = "DIR", requires = "gt", help_heading = "Input")]
    pub ocr: Option<PathBuf>,

    /// Folder of ground-truth files (NAME + --gt-suffix).
    #[arg(long, value_name = "DIR", requires = "ocr", help_heading = "Input")]
    pub gt: Option<PathBuf>,

    /// Suffix of OCR files.
    #[arg(
        long,
        value_name = "SUFFIX",
        default_value = ".ocr.txt",
        help_heading = "Input"
    )]
    pub ocr_suffix: String,

    /// Suffix of ground-truth files.
    #[arg(
        long,
        value_name = "SUFFIX",
        default_value = ".gt.txt",
        help_heading = "Input"
    )]
    pub gt_suffix: String,

    /// A folder (or file) of ICDAR 2017/2019 post-OCR files: OCR =
    /// [OCR_toInput], ground truth = [ GS_aligned] without its @.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with_all = ["ocr", "gt"],
        help_heading = "Input"
    )]
    pub icdar: Option<PathBuf>,

    /// An OverProof file: each article is a pair (raw lines, human lines).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["ocr", "gt", "icdar"],
        help_heading = "Input"
    )]
    pub overproof: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    #[command(flatten)]
    pub source: PairSource,

    /// Folder to write the learned data to (OUT/<lang>/confusions.tsv,
    /// misreadings.tsv, lexicon.tsv and, for a new language, lang.toml).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The language of the pairs; `auto` picks per pair from the ground
    /// truth's letters. A code that is not loaded starts a new language.
    #[arg(
        long,
        value_name = "LANG",
        default_value = "auto",
        help_heading = "Rules"
    )]
    pub lang: String,

    /// The name of a new language (for its lang.toml) [default: its code].
    #[arg(long, value_name = "NAME", help_heading = "Rules")]
    pub name: Option<String>,

    /// Dictionaries layered over the built-in ones: what they know is not
    /// learned again.
    #[arg(long = "dict", value_name = "DIR", help_heading = "Rules")]
    pub dicts: Vec<PathBuf>,

    /// Sightings a misreading needs.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 2,
        help_heading = "Thresholds"
    )]
    pub min_count: usize,

    /// Share of its OCR form's occurrences a misreading needs.
    #[arg(
        long,
        value_name = "0..1",
        default_value_t = 0.9,
        help_heading = "Thresholds"
    )]
    pub min_rate: f64,

    /// Pairs (documents) a misreading must be seen in.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        help_heading = "Thresholds"
    )]
    pub min_pairs: usize,

    /// Sightings a character confusion needs.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        help_heading = "Thresholds"
    )]
    pub min_confusion_count: usize,

    /// Sightings a lexicon addition needs.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        help_heading = "Thresholds"
    )]
    pub min_word_count: usize,

    /// With --calibrate: the threshold the learned rules will be run at
    /// (`run --threshold`).
    #[arg(
        long,
        value_name = "0..1",
        default_value_t = DEFAULT_THRESHOLD,
        requires = "calibrate",
        help_heading = "Calibration"
    )]
    pub threshold: f32,

    /// With --calibrate: the rate (0..1) at which extra changes must be fixes
    /// on the training pairs.
    #[arg(
        long,
        value_name = "0..1",
        default_value_t = 0.9,
        requires = "calibrate",
        help_heading = "Calibration"
    )]
    pub target_precision: f64,

    /// Also calibrate the ranking (how readily an unknown word is changed) on
    /// the pairs, for a collection unlike 20th-century typescript (old
    /// spellings, a new language); written as [ranking] in OUT/<lang>/lang.toml.
    #[arg(long, help_heading = "Calibration")]
    pub calibrate: bool,

    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Write pairs as OUT/NAME.ocr.txt and OUT/NAME.gt.txt (with --folds K,
    /// into OUT/fold1 … OUT/foldK, dealt in turn in name order).
    Convert(ConvertArgs),
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub source: PairSource,

    /// Folder to write to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Deal the pairs into this many folds (subfolders fold1 … foldK).
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub folds: usize,
}

fn parse_encoding(s: &str) -> Result<Choice, String> {
    Choice::parse(s)
}
