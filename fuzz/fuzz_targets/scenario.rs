//! A scenario document: `Scenario::from_source`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The repository root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fuzz_target!(|data: &[u8]| llmcost_fuzz::scenario(data, Path::new(ROOT)));
