//! The batch: discover inputs, correct each file, write outputs and rows.
//!
//! [`correct_file`] does one file and is serial; [`run_batch`] is the only
//! place that runs files in parallel. Results come back in input order, so
//! outputs and reports are the same bytes for any number of threads.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::change::Action;
use crate::error::{Error, Result};
use crate::formats;
use crate::report::{CorrectionRow, SummaryRow};
use crate::rules::{Cache, CachePool, Corrector};
use crate::text;

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// The report's `file` column: the path as given, or relative to the
    /// input folder it was found in, with `/` separators.
    pub name: String,
    /// Where the output goes, relative to `--out`.
    pub relative: PathBuf,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to process, in a deterministic order.
    pub inputs: Vec<Input>,
    /// Inputs that could not be used, with why (the name is the path given).
    pub failures: Vec<(String, Error)>,
    /// The input folders (for refusing an output inside one).
    pub roots: Vec<PathBuf>,
}

/// Finds the files to process. A file given by name is taken whatever its
/// extension; folders are walked recursively (links are not followed) for
/// files with one of `extensions`, in sorted order.
pub fn discover(paths: &[PathBuf], extensions: &[String]) -> Discovery {
    let mut found = Discovery::default();
    // An extension may have dots of its own (`ocr.txt`, `alto.xml`); a
    // leading dot is allowed (`.txt`).
    let endings: Vec<String> = extensions
        .iter()
        .map(|e| format!(".{}", e.trim_start_matches('.').to_lowercase()))
        .collect();
    let wanted = |p: &Path| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            let n = n.to_lowercase();
            endings
                .iter()
                .any(|e| n.len() > e.len() && n.ends_with(e.as_str()))
        })
    };
    for given in paths {
        let meta = match fs::metadata(given) {
            Ok(m) => m,
            Err(e) => {
                found
                    .failures
                    .push((given.display().to_string(), Error::io(given, e)));
                continue;
            }
        };
        if meta.is_file() {
            let name = given.file_name().map(PathBuf::from).unwrap_or_default();
            found.inputs.push(Input {
                path: given.clone(),
                name: given.display().to_string(),
                relative: name,
            });
            continue;
        }
        found.roots.push(given.clone());
        let walker = walkdir::WalkDir::new(given)
            .sort_by_file_name()
            .follow_links(false);
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && wanted(e.path()) => {
                    let relative = e
                        .path()
                        .strip_prefix(given)
                        .unwrap_or(e.path())
                        .to_path_buf();
                    found.inputs.push(Input {
                        path: e.path().to_path_buf(),
                        name: slash_path(&relative),
                        relative,
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(given).to_path_buf();
                    let err = e.into_io_error().map_or_else(
                        || Error::Output {
                            path: path.clone(),
                            message: "cannot walk (link loop?)".into(),
                        },
                        |io| Error::io(&path, io),
                    );
                    found.failures.push((path.display().to_string(), err));
                }
            }
        }
    }
    found
}

fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The absolute, symlink-resolved form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let canonical = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if path.components().any(|c| c == Component::ParentDir) {
        // `..` after a link leaves the link's target, after a folder that
        // does not exist yet the folder: resolve one component at a time.
        let mut out = PathBuf::new();
        for c in path.components() {
            if c == Component::ParentDir && !out.exists() {
                out.pop();
            } else {
                out.push(c);
                if out.exists() {
                    out = canonical(&out);
                }
            }
        }
        return out;
    }
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = canonical(existing);
    out.extend(rest.iter().rev());
    out
}

/// The directory entry a path names, as a rename onto it would replace it:
/// its folder resolved ([`absolute`], once per folder), and its own name.
#[derive(Default)]
struct Entries(HashMap<PathBuf, PathBuf>);

impl Entries {
    fn of(&mut self, path: &Path) -> PathBuf {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return absolute(path);
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let folder = self
            .0
            .entry(parent.to_path_buf())
            .or_insert_with(|| absolute(parent));
        folder.join(name)
    }
}

/// What a path a batch would write is already, in [`check_outputs`].
enum Taken<'a> {
    Input(&'a Input),
    Output(&'a Input),
    Read,
    Report(&'a str),
}

impl Taken<'_> {
    fn what(&self) -> String {
        match self {
            Taken::Input(_) => "is an input file".into(),
            Taken::Output(i) => format!("is where the corrected {} goes", i.path.display()),
            Taken::Read => "is the report being read".into(),
            Taken::Report(flag) => format!("is the {flag} file too"),
        }
    }
}

/// Refuses, before anything is written, a batch that would write over what
/// it reads or over its own outputs: an `--out` folder inside (or equal to)
/// an input folder or that is an input file; an output that would replace
/// an input (`run dir/a.txt --out dir`; unless `out_files` is false: a dry run
/// writes none); a report (`(flag, path)`, e.g. `("--report", …)`) that
/// would replace an input, an output, one of `keep` (a reviewed report that
/// is read) or another report. Paths are compared as directory entries:
/// their folders resolved through links and `..`, then their names.
pub fn check_outputs(
    out: &Path,
    out_files: bool,
    reports: &[(&str, &Path)],
    found: &Discovery,
    keep: &[&Path],
) -> Result<()> {
    let refuse = |path: &Path, message: String| {
        Err(Error::Output {
            path: path.to_path_buf(),
            message,
        })
    };
    let out_abs = absolute(out);
    for root in &found.roots {
        if out_abs.starts_with(absolute(root)) {
            return refuse(
                out,
                format!(
                    "is inside the input folder {}; choose an --out outside it",
                    root.display()
                ),
            );
        }
    }
    let mut entries = Entries::default();
    let mut taken: HashMap<PathBuf, Taken<'_>> = found
        .inputs
        .iter()
        .map(|i| (entries.of(&i.path), Taken::Input(i)))
        .collect();
    if taken.contains_key(&entries.of(out)) {
        return refuse(out, "is an input file".into());
    }
    if out_files {
        for input in &found.inputs {
            let target = entries.of(&out.join(&input.relative));
            match taken.get(&target) {
                Some(Taken::Input(other)) => {
                    return refuse(
                        out,
                        format!(
                            "would put the output of {} over the input {}; choose another --out",
                            input.path.display(),
                            other.path.display()
                        ),
                    )
                }
                // Two inputs with one output: the later one fails alone
                // (`clashes`).
                Some(_) => {}
                None => {
                    taken.insert(target, Taken::Output(input));
                }
            }
        }
    }
    for path in keep {
        taken.insert(entries.of(path), Taken::Read);
    }
    for &(flag, path) in reports {
        let entry = entries.of(path);
        if let Some(what) = taken.get(&entry) {
            return refuse(path, format!("{}; choose another {flag}", what.what()));
        }
        taken.insert(entry, Taken::Report(flag));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// renamed over the target, so a reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// A file written in full under a temporary name beside its path, then
/// renamed over it ([`AtomicFile::commit`]): readers see the old file or the
/// whole new one, never a part. Dropped without a commit, the temporary file
/// goes and the path is untouched.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    /// The temporary file, written through its plain handle: errors then
    /// are the system's, and the caller names `path`, not a temporary name
    /// that is gone by the time the error is read.
    file: std::io::BufWriter<fs::File>,
    /// Deletes the temporary file when dropped without a commit.
    tmp: tempfile::TempPath,
}

impl AtomicFile {
    /// Starts writing `path` (its folder is made if missing).
    pub fn create(path: &Path) -> Result<Self> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".corrigenda-").suffix(".tmp");
        // A temporary file is private (0600); an output is an ordinary file,
        // readable as the umask allows.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let (file, tmp) = builder
            .tempfile_in(parent)
            .map_err(|e| Error::io(parent, e))?
            .into_parts();
        Ok(AtomicFile {
            path: path.to_path_buf(),
            file: std::io::BufWriter::new(file),
            tmp,
        })
    }

    /// Syncs the written bytes and puts the file at its path.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let file = self
            .file
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        drop(file);
        self.tmp
            .persist(&path)
            .map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Options of a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Where corrected files go; `None` writes nothing (dry run).
    pub out: Option<PathBuf>,
    /// The encoding of the inputs: detected per file, or named.
    pub encoding: crate::formats::encoding::Choice,
}

/// The outcome of one file.
#[derive(Debug)]
pub struct FileOutcome {
    /// Its summary row (status `ok` or `error`).
    pub summary: SummaryRow,
    /// Its corrections, in position order.
    pub rows: Vec<CorrectionRow>,
    /// The texts of the lines that have changes (for the review page).
    pub lines: Vec<crate::html::LineText>,
    /// The failure, if any.
    pub error: Option<Error>,
}

impl FileOutcome {
    /// A failed file.
    pub fn failed(name: &str, bytes: u64, error: Error) -> Self {
        FileOutcome {
            summary: SummaryRow {
                file: name.to_string(),
                status: "error".into(),
                bytes,
                message: error.to_string(),
                ..SummaryRow::default()
            },
            rows: Vec::new(),
            lines: Vec::new(),
            error: Some(error),
        }
    }
}

/// Told about progress; implemented by the command line's progress bar.
pub trait Progress: Sync {
    /// A file of `bytes` bytes is done.
    fn file_done(&self, bytes: u64);
}

/// No progress reporting.
impl Progress for () {
    fn file_done(&self, _bytes: u64) {}
}

/// Corrects one file: read, decode, correct, write the output.
pub fn correct_file(
    corrector: &Corrector,
    input: &Input,
    opts: &BatchOptions,
    cache: &mut Cache,
) -> FileOutcome {
    let bytes = match fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return FileOutcome::failed(&input.name, 0, Error::io(&input.path, e)),
    };
    let size = bytes.len() as u64;
    let decoded = match text::decode_with(&input.path, bytes, opts.encoding) {
        Ok(d) => d,
        Err(e) => return FileOutcome::failed(&input.name, size, e),
    };
    // Plain text, hOCR, ALTO or PAGE-XML, from the content.
    let format = formats::detect(&input.path, &decoded.text);
    let correction = match formats::correct(
        corrector,
        cache,
        &input.name,
        &input.path,
        &decoded.text,
        &format,
        decoded.codec,
    ) {
        Ok(c) => c,
        Err(e) => return FileOutcome::failed(&input.name, size, e),
    };
    // Corrections the encoding cannot hold were only suggested; should the
    // text still not encode, the file fails (also in a dry run).
    let encoded = match decoded.encode(&correction.output) {
        Ok(b) => b,
        Err(e) => {
            let e = Error::Encode {
                path: input.path.clone(),
                message: e.to_string(),
            };
            return FileOutcome::failed(&input.name, size, e);
        }
    };
    if let Some(out) = &opts.out {
        let target = out.join(&input.relative);
        if let Err(e) = write_atomic(&target, &encoded) {
            return FileOutcome::failed(&input.name, size, e);
        }
    }
    let rows = correction.rows;
    let count = |a: Action| correction.changes.iter().filter(|c| c.action == a).count();
    FileOutcome {
        summary: SummaryRow {
            file: input.name.clone(),
            status: "ok".into(),
            encoding: decoded.encoding.to_string(),
            lang: correction.lang.clone(),
            pages: correction.pages,
            lines: correction.lines,
            words: correction.words,
            bytes: size,
            applied: count(Action::Applied),
            suggested: count(Action::Suggested),
            flagged: count(Action::Flagged),
            message: correction.message.clone(),
        },
        lines: crate::html::line_texts(&input.name, &decoded.text, &correction.source_lines, &rows),
        rows,
        error: None,
    }
}

/// Files corrected at a time by [`run_batch`]: a batch of any length keeps
/// one part's outcomes in memory (the outcomes do not depend on it). With
/// the word caches kept for the whole batch (see `CachePool`), 512 files of
/// 100 kB took the bench past 300 MB; 256 keep it well under, at the same
/// speed.
pub const PART_FILES: usize = 256;

/// Corrects `inputs` in parallel on the current rayon pool, [`PART_FILES`]
/// at a time, and hands each outcome to `each` in input order (so outputs
/// and reports are the same bytes for any number of threads). Two inputs
/// that would write the same output file: the later one fails. The first
/// error `each` returns stops the batch.
pub fn run_batch<E>(
    corrector: &Corrector,
    inputs: &[Input],
    opts: &BatchOptions,
    progress: &dyn Progress,
    mut each: impl FnMut(FileOutcome) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let clash = clashes(inputs);
    let caches = CachePool::default();
    for (part, clash) in inputs.chunks(PART_FILES).zip(clash.chunks(PART_FILES)) {
        for outcome in run_part(corrector, part, clash, opts, progress, &caches) {
            each(outcome)?;
        }
    }
    Ok(())
}

/// For each input, why it may not be written: it would write the same
/// output file as an earlier input (named).
pub(crate) fn clashes(inputs: &[Input]) -> Vec<Option<String>> {
    let mut first_with: HashMap<&Path, &str> = HashMap::new();
    inputs
        .iter()
        .map(|i| match first_with.get(i.relative.as_path()) {
            Some(other) => Some(format!("would write the same output file as {other}")),
            None => {
                first_with.insert(&i.relative, &i.name);
                None
            }
        })
        .collect()
}

/// One part of [`run_batch`]: `clash` are the part's entries of the whole
/// batch's [`clashes`].
fn run_part(
    corrector: &Corrector,
    inputs: &[Input],
    clash: &[Option<String>],
    opts: &BatchOptions,
    progress: &dyn Progress,
    caches: &CachePool,
) -> Vec<FileOutcome> {
    inputs
        .par_iter()
        .zip(clash.par_iter())
        .map_init(
            || caches.take(),
            |pooled, (input, clash)| {
                let outcome = match clash {
                    Some(msg) => FileOutcome::failed(
                        &input.name,
                        0,
                        Error::Output {
                            path: input.path.clone(),
                            message: msg.clone(),
                        },
                    ),
                    None => correct_file(corrector, input, opts, pooled),
                };
                progress.file_done(outcome.summary.bytes);
                outcome
            },
        )
        .collect()
}
