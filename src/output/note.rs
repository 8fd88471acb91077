//! Notes: what a run says on stderr beside its report that is neither a
//! warning nor an error (a default it chose, what an import left out).
//! `--quiet` silences them, and the progress bar with them, for the whole run.

use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether this run was asked for `--quiet`.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Silences notes and the progress bar for the rest of the run.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Prints `note: {text}` on stderr, unless the run is quiet.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("note: {text}");
    }
}
