//! Scoring folders of files and the report (`score.py`'s `run` and `table`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelRefIterator, ParallelIterator};
use serde::Serialize;

use super::error::Error;
use super::score::{score_texts, Scores};
use crate::formats::Format;

/// How to evaluate; [`Options::default`] matches `score.py`'s defaults except
/// for the corrected suffix (see [`Options::corr_suffix`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Suffix of the ground-truth files: `NAME<gt_suffix>` in the GT folder.
    /// Default `.gt.txt`.
    pub gt_suffix: String,
    /// Suffix of the OCR files: `NAME<ocr_suffix>` in the OCR folder.
    /// Default `.ocr.txt`.
    pub ocr_suffix: String,
    /// Suffix of the corrected files: `NAME<corr_suffix>` in the corrected
    /// folder.  `None` (the default) means the OCR suffix, because
    /// `corrigenda run` writes its output under the input file names.
    /// (`score.py`'s default is `.corrected.txt`.)
    pub corr_suffix: Option<String>,
    /// Join words hyphenated at a line end before comparing (default `true`;
    /// `score.py --no-hyphen-join` turns it off).
    pub hyphen_join: bool,
    /// The manifest for `group_by`; `None` means `GT_FOLDER/manifest.csv`.
    pub manifest: Option<PathBuf>,
    /// Also total the files per value of this manifest column (e.g.
    /// `profile`).  Files not in the manifest, or when the column does not
    /// exist, go to the group `?`, as in `score.py`.
    pub group_by: Option<String>,
    /// What to do with a file whose corrected version is missing.
    pub missing_corrected: MissingCorrected,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            gt_suffix: ".gt.txt".to_owned(),
            ocr_suffix: ".ocr.txt".to_owned(),
            corr_suffix: None,
            hyphen_join: true,
            manifest: None,
            group_by: None,
            missing_corrected: MissingCorrected::default(),
        }
    }
}

/// What to do with a GT file whose corrected file is missing.
///
/// `score.py` leaves such a file out of every figure (OCR ones included),
/// lists it as missing under the table and still exits 0 (3 with
/// `--strict`).  A file whose OCR file is missing is always left out that way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingCorrected {
    /// Leave the file out and list it in [`Report::missing`] (`score.py`).
    #[default]
    Skip,
    /// Score the file as if the correction had left the OCR text unchanged,
    /// and list it in [`Report::uncorrected`].
    AsUncorrected,
}

/// The figures of one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileScore {
    /// The file's name without the GT suffix.
    pub name: String,
    /// Its figures.
    #[serde(flatten)]
    pub scores: Scores,
    /// OCR characters where the ground truth does not follow the OCR (see
    /// [`super::follow`]): changes there are judged against other words.
    pub unfollowed: usize,
    /// OCR characters in all.
    pub ocr_chars: usize,
}

impl FileScore {
    /// The figures of `gt`, `ocr` and `corrected` (as [`score_texts`]), and
    /// where the ground truth does not follow the OCR.
    pub fn of(name: &str, gt: &str, ocr: &str, corrected: Option<&str>, hyphen_join: bool) -> Self {
        let (unfollowed, ocr_chars) = super::follow::unfollowed(ocr, gt);
        FileScore {
            name: name.to_owned(),
            scores: score_texts(gt, ocr, corrected, hyphen_join),
            unfollowed,
            ocr_chars,
        }
    }
}

/// The figures of a set of files (all, or one group).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Total {
    /// How many files were summed.
    pub files: usize,
    /// Their micro-averaged figures.
    #[serde(flatten)]
    pub scores: Scores,
}

/// What was normalised before comparing (always NFC and whitespace collapse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Normalisation {
    /// Unicode NFC (always on).
    pub nfc: bool,
    /// Whitespace runs to one space, stripped (always on).
    pub collapse_whitespace: bool,
    /// Line-end hyphenation joined ([`Options::hyphen_join`]).
    pub hyphen_join: bool,
}

/// The result of [`evaluate_dirs`]: per-file figures, totals and groups.
///
/// Its `Serialize` form has the fields of `score.py --json` (and a few more).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The ground-truth folder.
    pub gt_dir: PathBuf,
    /// The OCR suffix used.
    pub ocr_suffix: String,
    /// The corrected suffix used; `None` without a corrected folder.
    pub corr_suffix: Option<String>,
    /// The normalisation applied.
    pub normalisation: Normalisation,
    /// Totals over all scored files.
    pub total: Total,
    /// The manifest column grouped by, if any.
    pub group_by: Option<String>,
    /// Totals per value of the `group_by` column, sorted by value.
    pub groups: BTreeMap<String, Total>,
    /// Files left out because their OCR or corrected file is missing, in name
    /// order (`score.py`'s `missing`).
    pub missing: Vec<String>,
    /// Files scored as uncorrected because their corrected file is missing
    /// (only with [`MissingCorrected::AsUncorrected`]).
    pub uncorrected: Vec<String>,
    /// Per-file figures, in name order.
    pub files: Vec<FileScore>,
}

/// Reads a text the way `score.py` does: UTF-8 with invalid bytes replaced
/// by U+FFFD.  (Python's universal newlines are covered by [`normalise`].)
///
/// [`normalise`]: super::normalise()
fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Reads a file to score: as [`read_text`], and for hOCR, ALTO and
/// PAGE-XML (told from the root element, as `run` does) the text `run`
/// reads from it — pages separated by form feeds, lines by line ends, words
/// by one space — so that XML outputs of `run` are scored against plain
/// ground truth. (`score.py` reads every file as text.)
fn read_scored(path: &Path) -> Result<String, Error> {
    let text = read_text(path)?;
    let format = crate::formats::detect(path, &text);
    match format {
        Format::Hocr | Format::Alto | Format::PageXml => {
            let src = text.strip_prefix('\u{feff}').unwrap_or(&text);
            crate::formats::read(&format, path, src)
                .map(|d| d.text)
                .map_err(Error::Xml)
        }
        Format::Text | Format::OtherXml(_) => Ok(text),
    }
}

/// The names (file name minus suffix) of the files in `dir` ending in
/// `suffix`, sorted (`sorted(dir.glob("*" + suffix))`).
fn list_names(dir: &Path, suffix: &str) -> Result<Vec<String>, Error> {
    let err = |source| Error::Read {
        path: dir.to_owned(),
        source,
    };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(err)? {
        let entry = entry.map_err(err)?;
        let Ok(file_name) = entry.file_name().into_string() else {
            if !entry.file_name().to_string_lossy().ends_with(suffix) {
                continue;
            }
            // Not skipped in silence: score.py would count it.
            return Err(Error::Read {
                path: entry.path(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the file name is not valid UTF-8; rename the file",
                ),
            });
        };
        if let Some(name) = file_name.strip_suffix(suffix) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Reads the manifest: file name -> value of the `column` (if present).
fn read_manifest(path: &Path, column: &str) -> Result<BTreeMap<String, String>, Error> {
    let text = read_text(path)?;
    let bad = |message: String| Error::Manifest {
        path: path.to_owned(),
        message,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| bad(e.to_string()))?.clone();
    let name_col = headers
        .iter()
        .position(|h| h == "name")
        .ok_or_else(|| bad("no `name` column".to_owned()))?;
    let value_col = headers.iter().position(|h| h == column);
    let mut meta = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        let Some(name) = rec.get(name_col) else {
            continue;
        };
        let value = value_col.and_then(|c| rec.get(c)).unwrap_or("?");
        meta.insert(name.to_owned(), value.to_owned());
    }
    Ok(meta)
}

/// Scores every `NAME<gt_suffix>` of the `gt` folder against
/// `NAME<ocr_suffix>` in the `ocr` folder and, if given, `NAME<corr_suffix>`
/// in the `corrected` folder: what `score.py GT OCR [CORR]` computes.
///
/// Files are matched by name (not recursively).  A file whose OCR file (or
/// corrected file, see [`Options::missing_corrected`]) is missing is listed
/// in [`Report::missing`] and left out of all figures, as `score.py` does.
/// Files are scored in parallel (rayon); the report is in name order.
///
/// # Errors
///
/// [`Error::Read`] when a folder or file cannot be read, [`Error::NoGtFiles`]
/// when the GT folder has no GT file, [`Error::Manifest`] when grouping and
/// the manifest has no `name` column or is not CSV.
pub fn evaluate_dirs(
    gt: &Path,
    ocr: &Path,
    corrected: Option<&Path>,
    opts: &Options,
) -> Result<Report, Error> {
    let names = list_names(gt, &opts.gt_suffix)?;
    if names.is_empty() {
        return Err(Error::NoGtFiles {
            path: gt.to_owned(),
            suffix: opts.gt_suffix.clone(),
        });
    }
    let corr_suffix = opts.corr_suffix.as_deref().unwrap_or(&opts.ocr_suffix);

    struct Job {
        name: String,
        gt: PathBuf,
        ocr: PathBuf,
        corrected: Option<PathBuf>,
        uncorrected: bool,
    }
    let mut jobs = Vec::new();
    let mut missing = Vec::new();
    let mut uncorrected = Vec::new();
    for name in names {
        let op = ocr.join(format!("{name}{}", opts.ocr_suffix));
        let cp = corrected.map(|d| d.join(format!("{name}{corr_suffix}")));
        let corr_missing = cp.as_ref().is_some_and(|p| !p.exists());
        if !op.exists() || (corr_missing && opts.missing_corrected == MissingCorrected::Skip) {
            missing.push(name);
            continue;
        }
        if corr_missing {
            uncorrected.push(name.clone());
        }
        jobs.push(Job {
            gt: gt.join(format!("{name}{}", opts.gt_suffix)),
            ocr: op,
            corrected: cp,
            uncorrected: corr_missing,
            name,
        });
    }

    let files = jobs
        .par_iter()
        .map(|job| {
            let g = read_scored(&job.gt)?;
            let o = read_scored(&job.ocr)?;
            let c = match &job.corrected {
                Some(_) if job.uncorrected => Some(o.clone()),
                Some(p) => Some(read_scored(p)?),
                None => None,
            };
            Ok(FileScore::of(
                &job.name,
                &g,
                &o,
                c.as_deref(),
                opts.hyphen_join,
            ))
        })
        .collect::<Result<Vec<FileScore>, Error>>()?;

    let mut groups = BTreeMap::new();
    if let Some(column) = &opts.group_by {
        let manifest = opts
            .manifest
            .clone()
            .unwrap_or_else(|| gt.join("manifest.csv"));
        let meta = read_manifest(&manifest, column)?;
        let mut members: BTreeMap<String, Vec<&Scores>> = BTreeMap::new();
        for f in &files {
            let key = meta.get(&f.name).map_or("?", String::as_str);
            members.entry(key.to_owned()).or_default().push(&f.scores);
        }
        for (key, scores) in members {
            groups.insert(
                key,
                Total {
                    files: scores.len(),
                    scores: Scores::sum(scores),
                },
            );
        }
    }

    Ok(Report {
        gt_dir: gt.to_owned(),
        ocr_suffix: opts.ocr_suffix.clone(),
        corr_suffix: corrected.map(|_| corr_suffix.to_owned()),
        normalisation: Normalisation {
            nfc: true,
            collapse_whitespace: true,
            hyphen_join: opts.hyphen_join,
        },
        total: Total {
            files: files.len(),
            scores: Scores::sum(files.iter().map(|f| &f.scores)),
        },
        group_by: opts.group_by.clone(),
        groups,
        missing,
        uncorrected,
        files,
    })
}

/// One cell of the table.
enum Cell {
    Int(usize),
    Rate(Option<f64>),
}

/// The table columns: key, header, width (`score.py`'s `table`).
const OCR_COLS: [(&str, &str, usize); 3] = [
    ("gt_chars", "GTchars", 8),
    ("ocr_cer", "CER", 7),
    ("ocr_wer", "WER", 7),
];
const CORR_COLS: [(&str, &str, usize); 10] = [
    ("corr_cer", "CERcorr", 8),
    ("corr_wer", "WERcorr", 8),
    ("improvement", "%impr", 7),
    ("wrong", "wrong", 6),
    ("changed", "chang", 7),
    ("fixed", "fixed", 6),
    ("broken", "broke", 6),
    ("still", "still", 6),
    ("precision", "P%", 6),
    ("recall", "R%", 6),
];

fn cell(s: &Scores, key: &str) -> Option<Cell> {
    let c = s.corrected.as_ref();
    Some(match key {
        "gt_chars" => Cell::Int(s.gt_chars),
        "ocr_cer" => Cell::Rate(s.ocr_cer),
        "ocr_wer" => Cell::Rate(s.ocr_wer),
        "corr_cer" => Cell::Rate(c?.corr_cer),
        "corr_wer" => Cell::Rate(c?.corr_wer),
        "improvement" => Cell::Rate(c?.improvement),
        "wrong" => Cell::Int(c?.wrong),
        "changed" => Cell::Int(c?.changed),
        "fixed" => Cell::Int(c?.fixed),
        "broken" => Cell::Int(c?.broken),
        "still" => Cell::Int(c?.still),
        "precision" => Cell::Rate(c?.precision),
        "recall" => Cell::Rate(c?.recall),
        _ => return None,
    })
}

/// `score.py`'s `fmt`.
fn fmt_cell(c: Option<Cell>, w: usize) -> String {
    match c {
        Some(Cell::Int(v)) => format!("{v:>w$}"),
        Some(Cell::Rate(Some(v))) => format!("{v:>w$.2}"),
        Some(Cell::Rate(None)) | None => format!("{:>w$}", "n/a"),
    }
}

impl Report {
    /// A note naming the files whose ground truth does not follow the OCR
    /// for a tenth or more of its characters, if there are any.
    pub fn unfollowed_note(&self) -> Option<String> {
        let named: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.unfollowed > 0 && f.unfollowed * 10 >= f.ocr_chars)
            .map(|f| format!("{} ({} %)", f.name, 100 * f.unfollowed / f.ocr_chars))
            .collect();
        (!named.is_empty()).then(|| {
            format!(
                "In {} of {} files the ground truth does not follow the OCR for a tenth or \
                 more of its characters (another stretch of text stands against them, as \
                 `learn` finds; changes there are judged against other words): {}",
                named.len(),
                self.files.len(),
                named.join(", ")
            )
        })
    }

    /// Renders the plain-text table `score.py` prints (without `--json`):
    /// one row per file (left out with `totals_only`), then one row per group
    /// and the total, then the list of missing files if any.  The text has
    /// no final newline.  Columns: GT characters, CER, WER and, with a
    /// corrected folder, CER and WER after correction, % improvement, token
    /// counts (wrong, changed, fixed, broken, still), precision and recall.
    pub fn to_table(&self, totals_only: bool) -> String {
        let mut cols: Vec<(&str, &str, usize)> = OCR_COLS.to_vec();
        if self.corr_suffix.is_some() {
            cols.extend(CORR_COLS);
        }
        let rows: Vec<(&str, &Scores)> = if totals_only {
            Vec::new()
        } else {
            self.files
                .iter()
                .map(|f| (f.name.as_str(), &f.scores))
                .collect()
        };
        let mut totals: Vec<(String, &Scores)> = Vec::new();
        if let Some(column) = &self.group_by {
            for (key, t) in &self.groups {
                totals.push((format!("[{column}={key}] ({})", t.files), &t.scores));
            }
        }
        totals.push((
            format!("TOTAL ({} files)", self.total.files),
            &self.total.scores,
        ));

        let namew = rows
            .iter()
            .map(|(n, _)| n.chars().count())
            .chain(totals.iter().map(|(n, _)| n.chars().count()))
            .chain([4])
            .max()
            .unwrap_or(4);
        let line = |name: &str, s: &Scores| {
            let cells: Vec<String> = cols
                .iter()
                .map(|&(k, _, w)| fmt_cell(cell(s, k), w))
                .collect();
            format!("{name:<namew$} {}", cells.join(" "))
        };
        let header = {
            let heads: Vec<String> = cols.iter().map(|&(_, h, w)| format!("{h:>w$}")).collect();
            format!("{:<namew$} {}", "file", heads.join(" "))
        };
        let rule = "-".repeat(header.chars().count());
        let mut lines = vec![header, rule.clone()];
        for (name, s) in &rows {
            lines.push(line(name, s));
        }
        if !rows.is_empty() {
            lines.push(rule);
        }
        for (name, s) in &totals {
            lines.push(line(name, s));
        }
        let mut out = lines.join("\n");
        if !self.missing.is_empty() {
            let _ = write!(
                out,
                "\n\nmissing hypothesis for {} file(s): {}{}",
                self.missing.len(),
                self.missing
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if self.missing.len() > 20 { " ..." } else { "" }
            );
        }
        if !self.uncorrected.is_empty() {
            let _ = write!(
                out,
                "\n\nno corrected file for {} file(s), scored as uncorrected: {}{}",
                self.uncorrected.len(),
                self.uncorrected
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if self.uncorrected.len() > 20 {
                    " ..."
                } else {
                    ""
                }
            );
        }
        out
    }
}
