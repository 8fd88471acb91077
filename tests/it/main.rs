//! The integration tests, one binary: each module is one area of the tool,
//! exercised through the real `llmcost` binary (run by `common::llmcost`, the
//! one way a test starts it) or through the library.
//!
//! Snapshots of the printed tables (insta) live in `snapshots/` beside this
//! file and complement the hand-computed figures of each module; proptest keeps
//! the failing cases it once found in `properties.proptest-regressions`.
//! Fixtures are in `tests/fixtures/`, the bad-input cases in `tests/bad_input_cases/`.

mod common;
mod postgres_support;
mod routing_support;

mod bad_input;
mod bad_input_suite;
mod cache_storage;
mod cached_prefix;
mod calibrate;
mod capacity;
mod catalog;
mod catalog_import;
mod charts;
mod cli;
mod committed_spend;
mod diff;
mod diff_ci_doc;
mod documented_commands;
mod focus;
mod focus_commitment;
mod forecast;
mod fuzz_regressions;
mod history;
mod html_browser;
mod html_report;
mod layout;
mod montecarlo;
mod montecarlo_routing;
mod optimize;
mod optimize_brute_force;
mod output_safety;
mod output_text;
mod properties;
mod properties_whatif;
mod provisioned;
mod replay;
mod router_calibrate;
mod routing;
mod routing_errors;
mod routing_examples;
mod scale;
mod service_tiers;
mod shipped_files;
mod simulate;
mod sweep;
mod sweep_stream;
mod tables;
mod techniques;
mod usage_bedrock;
mod usage_exact;
mod usage_langfuse;
mod usage_litellm;
mod usage_price;
mod usage_providers;
mod usage_sql;
mod usage_tables;
mod variance;
