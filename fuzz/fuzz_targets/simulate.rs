//! A scenario and a catalog, loaded, then simulated, explained, laddered and rendered.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The repository root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fuzz_target!(|data: &[u8]| llmcost_fuzz::simulate_pair(data, Path::new(ROOT)));
