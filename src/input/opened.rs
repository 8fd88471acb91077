//! The files this run has read, so that no output ever replaces one of them:
//! every reader of user files records the file here, by its canonical path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static READ: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Notes that the run reads `path` (a file that exists).
pub fn record(path: &Path) {
    if let Ok(real) = std::fs::canonicalize(path) {
        let mut read = READ.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !read.contains(&real) {
            read.push(real);
        }
    }
}

/// Whether the run has read the file whose canonical path is `real`.
pub fn was_read(real: &Path) -> bool {
    READ.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .any(|p| p == real)
}
