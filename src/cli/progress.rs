//! The progress bar on stderr.

use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use corrigenda::pipeline::Progress;

/// An indicatif bar over the batch's bytes; hidden when stderr is not a
/// terminal or with `--quiet`.
pub struct Bar {
    bar: ProgressBar,
    files: u64,
    done: AtomicU64,
}

impl Bar {
    pub fn new(total_bytes: u64, files: u64, quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
        if quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {msg} files, {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta})",
            )
            .expect("valid template"),
        );
        bar.set_message(format!("0/{files}"));
        Bar {
            bar,
            files,
            done: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn file_done(&self, bytes: u64) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.bar.set_message(format!("{n}/{}", self.files));
        self.bar.inc(bytes);
    }
}
