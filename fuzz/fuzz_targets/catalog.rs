//! A catalog document: `Catalog::from_source`, then lookups and plausibility checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| llmcost_fuzz::catalog(data));
