//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use corrigenda::change::Action;
use corrigenda::dict::Dictionaries;
use corrigenda::report::{self, CorrectionRow};
use corrigenda::rules::{Cache, Corrector, Options};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with `args`.
pub fn corrigenda(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corrigenda"));
    for a in args {
        cmd.arg(a.as_ref());
    }
    cmd.output().expect("the binary runs")
}

/// Runs the binary with `args` in the folder `cwd`.
pub fn corrigenda_in(cwd: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corrigenda"));
    cmd.current_dir(cwd);
    for a in args {
        cmd.arg(a.as_ref());
    }
    cmd.output().expect("the binary runs")
}

/// Writes each `(ocr, gt)` pair as `dir/p<i>.ocr.txt` and `dir/p<i>.gt.txt`.
pub fn write_pairs(dir: &Path, pairs: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (i, (ocr, gt)) in pairs.iter().enumerate() {
        std::fs::write(dir.join(format!("p{i}.ocr.txt")), ocr).unwrap();
        std::fs::write(dir.join(format!("p{i}.gt.txt")), gt).unwrap();
    }
}

/// stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Reads a corrections CSV.
pub fn rows(path: &Path) -> Vec<CorrectionRow> {
    report::read_corrections(std::fs::File::open(path).expect("report exists"))
        .expect("report parses")
}

/// All files under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A corrector over the built-in dictionaries.
pub fn corrector(opts: Options) -> Corrector {
    Corrector::new(Dictionaries::builtin().unwrap(), opts).unwrap()
}

/// A change as [`changes`] lists it: (original, replacement, action, rule).
pub fn change(
    original: &str,
    replacement: &str,
    action: Action,
    rule: &str,
) -> (String, String, Action, String) {
    (original.into(), replacement.into(), action, rule.into())
}

/// A corrector over the built-in dictionaries for documents in `lang`.
pub fn corrector_for(lang: &str) -> Corrector {
    corrector(Options {
        lang: corrigenda::rules::LangChoice::Code(lang.into()),
        ..Options::default()
    })
}

/// A `--dict` layer folder holding `files` (path under the layer, text).
pub fn write_layer(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The error the built-in dictionaries give when a layer holding `files`
/// is added (the layer must be refused).
pub fn layer_error(files: &[(&str, &str)]) -> String {
    let dir = write_layer(files);
    let mut dicts = Dictionaries::builtin().unwrap();
    dicts.add_dir(dir.path()).unwrap_err().to_string()
}

/// A corrector for language `lang` over the built-in dictionaries and one
/// `--dict` layer holding `files` (path under the layer, text).
pub fn corrector_with_layer(lang: &str, files: &[(&str, &str)]) -> Corrector {
    let dir = write_layer(files);
    let mut dicts = Dictionaries::builtin().unwrap();
    dicts.add_dir(dir.path()).unwrap();
    let opts = Options {
        lang: corrigenda::rules::LangChoice::Code(lang.into()),
        ..Options::default()
    };
    Corrector::new(dicts, opts).unwrap()
}

/// (original, replacement, action, rule) of every change `c` proposes for
/// `text`.
pub fn changes(c: &Corrector, text: &str) -> Vec<(String, String, Action, String)> {
    let out = c.correct_text(text, &mut Cache::default());
    out.changes
        .iter()
        .map(|ch| {
            (
                text[ch.span.clone()].to_string(),
                ch.replacement.clone(),
                ch.action,
                ch.rule.to_string(),
            )
        })
        .collect()
}
