//! The progress bar of long runs (the crate's only indicatif code). It draws
//! on stderr, only when stderr is a terminal and `--quiet` is not given, and
//! only once a run has lasted longer than a moment.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a run goes before its bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// A bar counting finished steps (runs); safe to advance from several threads.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may draw at all, and whether it does already.
    visible: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A bar of `total` steps labelled `what`; hidden when `quiet` or when
    /// stderr is not a terminal.
    pub fn new(total: u64, what: &str, quiet: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{what} {{bar:40.cyan/blue}} {{pos}}/{{len}} ({{percent}}%, {{eta}} left)"
        )) {
            bar.set_style(style.progress_chars("=> "));
        }
        Self {
            bar,
            started: Instant::now(),
            visible: !quiet && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// `steps` more are done.
    pub fn advance(&self, steps: u64) {
        if self.visible && self.started.elapsed() >= SHOW_AFTER && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.inc(steps);
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
