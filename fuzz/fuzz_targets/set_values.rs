//! `--set PATH=VALUES` lines over a shipped scenario: read, `Sweep::new`, then priced.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The repository root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fuzz_target!(|data: &[u8]| llmcost_fuzz::set_values(data, Path::new(ROOT)));
