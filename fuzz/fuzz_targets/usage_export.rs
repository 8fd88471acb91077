//! A provider's usage export or cost report: read, priced, compared and rendered as `usage price` does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The repository root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fuzz_target!(|data: &[u8]| llmcost_fuzz::usage_export(data, Path::new(ROOT)));
