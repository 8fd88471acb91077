//! Every input a fuzz target once crashed on, kept in `fuzz/regressions/<target>/`,
//! replayed through the very code the target runs (`fuzz/src/lib.rs`, included
//! here): none may panic again. docs/fuzzing.md says how an input gets here.

#[path = "../../fuzz/src/lib.rs"]
mod fuzz;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `target` on every saved input of `name` (none when the target never
/// crashed); fails naming each input that panics.
fn replay(name: &str, target: impl Fn(&[u8])) {
    let dir = root().join("fuzz/regressions").join(name);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut files: Vec<_> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    let panicked: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).expect("read a saved input");
            catch_unwind(AssertUnwindSafe(|| target(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "panics again on: {panicked:#?}");
}

#[test]
fn saved_scenario_inputs_do_not_panic() {
    replay("scenario", |data| fuzz::scenario(data, root()));
}

#[test]
fn saved_catalog_inputs_do_not_panic() {
    replay("catalog", fuzz::catalog);
}

#[test]
fn saved_litellm_inputs_do_not_panic() {
    replay("litellm", fuzz::litellm);
}

#[test]
fn saved_set_values_inputs_do_not_panic() {
    replay("set_values", |data| fuzz::set_values(data, root()));
}

#[test]
fn saved_simulate_inputs_do_not_panic() {
    replay("simulate", |data| fuzz::simulate_pair(data, root()));
}

#[test]
fn saved_usage_export_inputs_do_not_panic() {
    replay("usage_export", |data| fuzz::usage_export(data, root()));
}
