//! A catalog document: `Catalog::from_source`, then lookups, plausibility checks and the written catalog loaded back.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| llmcost_fuzz::catalog(data));
