//! Snapshots (insta, `snapshots/it__tables__*.snap`) of every table the tool
//! prints, on the shipped scenarios, catalogs and rules: `explain`, `ladder`,
//! `diff` of catalogs and of scenario versions, `sweep`, `montecarlo`,
//! `route-eval`, `catalog list|show|validate`, `usage price`, `calibrate`, `variance`, `forecast`,
//! `optimize`, `router-calibrate`
//! (`simulate`: tests/it/simulate.rs).
//!
//! A snapshot is a regression guard for layout and wording: the figures in it
//! are checked by hand in the module of each command, never here. Widths are
//! fixed (the builder removes `COLUMNS`), dates come from the catalogs (never
//! from today), and Monte Carlo's seed is fixed. `cargo insta review` accepts
//! a deliberate change; CI (`CI=true`) fails on any difference.

use crate::common::llmcost;

/// What `llmcost args` prints when it succeeds: stdout, then stderr (notes and
/// warnings) under a marker when there is any.
fn printed(args: &[&str]) -> String {
    let out = llmcost().args(args).output().expect("the binary runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 on stdout");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 on stderr");
    assert!(out.status.success(), "llmcost {args:?} failed:\n{stderr}");
    if stderr.is_empty() {
        stdout
    } else {
        format!("{stdout}\n--- stderr ---\n{stderr}")
    }
}

#[test]
fn explain_of_a_routed_strategy() {
    let table = printed(&["explain", "--strategy", "routed"]);
    insta::assert_snapshot!(table);
}

#[test]
fn explain_of_every_technique_together() {
    let table = printed(&[
        "explain",
        "scenarios/service-company-optimized.yaml",
        "--strategy",
        "routed + all",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn explain_of_a_hybrid_classifier() {
    let table = printed(&[
        "explain",
        "scenarios/service-company-routing.yaml",
        "--strategy",
        "hybrid",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn explain_of_a_cascade() {
    let table = printed(&[
        "explain",
        "scenarios/service-company-routing.yaml",
        "--strategy",
        "cascade",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn ladder_of_every_technique() {
    let table = printed(&[
        "ladder",
        "scenarios/service-company-optimized.yaml",
        "--strategy",
        "routed + all",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn simulate_of_every_kind_of_routing() {
    let table = printed(&["simulate", "scenarios/service-company-routing.yaml"]);
    insta::assert_snapshot!(table);
}

#[test]
fn diff_of_two_catalogs_with_retired_models_mapped() {
    let table = printed(&[
        "diff",
        "--base",
        "pricing/list-2025-11.yaml",
        "--head",
        "pricing/list-2026-10.yaml",
        "--map",
        "gemini-2.0-flash=gemini-2.5-flash-lite",
        "--map",
        "claude-3-7-sonnet=claude-sonnet-5",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn diff_of_two_scenario_versions() {
    let table = printed(&[
        "diff",
        "--base-scenario",
        "scenarios/service-company.yaml",
        "--head-scenario",
        "scenarios/service-company-optimized.yaml",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn sweep_of_one_share_with_its_break_even() {
    let table = printed(&[
        "sweep",
        "--set",
        "tiers.complex.share=0..1:0.25",
        "--breakeven",
        "routed,gpt-4o",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn sweep_of_a_price_and_a_hit_rate() {
    let table = printed(&[
        "sweep",
        "scenarios/service-company-optimized.yaml",
        "--set",
        "price.gpt-4o-mini.output=0.3,0.6",
        "--set",
        "techniques.caching.hit_rate=0,90%",
    ]);
    insta::assert_snapshot!(table);
}

/// Monte Carlo's table with a fixed seed, after checking it is the same
/// byte for byte on one thread and on three.
fn montecarlo(args: &[&str]) -> String {
    let on = |threads: &str| printed(&[&["montecarlo", "--threads", threads], args].concat());
    let one = on("1");
    assert_eq!(
        one,
        on("3"),
        "the same seed gives the same table on any number of threads"
    );
    one
}

#[test]
fn montecarlo_with_a_budget() {
    let table = montecarlo(&[
        "scenarios/service-company-uncertain.yaml",
        "--runs",
        "2000",
        "--seed",
        "7",
        "--budget",
        "90",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn montecarlo_of_every_kind_of_routing() {
    let table = montecarlo(&["scenarios/service-company-routing.yaml", "--runs", "500", "--seed", "3"]);
    insta::assert_snapshot!(table);
}

#[test]
fn route_eval_of_the_shipped_rules() {
    let table = printed(&[
        "route-eval",
        "scenarios/rules/whitepaper-keywords.yaml",
        "scenarios/rules/service-questions.csv",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_list_of_the_embedded_catalog() {
    let table = printed(&["catalog", "list"]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_list_of_one_provider() {
    let table = printed(&[
        "catalog",
        "list",
        "--provider",
        "anthropic",
        "--pricing",
        "pricing/list-2026-10.yaml",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_show_of_a_model_with_a_successor() {
    let table = printed(&["catalog", "show", "gpt-4o", "--pricing", "pricing/list-2026-10.yaml"]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_show_of_a_model_with_long_context_rates() {
    let table = printed(&["catalog", "show", "claude-sonnet-4-20250514"]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_validate_of_the_shipped_catalogs() {
    let table = printed(&[
        "catalog",
        "validate",
        "pricing/list-2025-11.yaml",
        "pricing/list-2026-10.yaml",
        "pricing/routellm-2024.yaml",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn catalog_validate_of_known_faults() {
    let table = printed(&["catalog", "validate", "tests/fixtures/catalog-2025-claude-faults.yaml"]);
    insta::assert_snapshot!(table);
}

#[test]
fn usage_price_of_litellm_spend_logs() {
    let table = printed(&[
        "usage",
        "price",
        "tests/fixtures/usage/litellm-spend-logs.csv",
        "--pricing",
        "pricing/list-2026-10.yaml",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn calibrate_of_litellm_spend_logs_by_prompt_size() {
    let scratch = crate::common::Scratch::new();
    let output = scratch.path("calibrated.yaml").display().to_string();
    let table = printed(&[
        "calibrate",
        "tests/fixtures/usage/litellm-spend-logs.csv",
        "--tiers-by-size",
        "2",
        "--pricing",
        "pricing/list-2026-10.yaml",
        "--output",
        &output,
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn variance_of_a_plan_against_its_calls() {
    let table = printed(&[
        "variance",
        "tests/fixtures/usage/variance-plan.yaml",
        "tests/fixtures/usage/variance-calls.csv",
        "--mapping",
        "tests/fixtures/usage/variance-mapping.yaml",
        "--tiers",
        "tier",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn forecast_of_litellm_spend_logs() {
    let on = |threads: &str| {
        printed(&[
            "forecast",
            "tests/fixtures/usage/litellm-spend-logs.csv",
            "--budget",
            "1",
            "--runs",
            "2000",
            "--seed",
            "7",
            "--threads",
            threads,
        ])
    };
    let table = on("1");
    assert_eq!(
        table,
        on("3"),
        "the same seed gives the same forecast on any number of threads"
    );
    insta::assert_snapshot!(table);
}

#[test]
fn optimize_of_the_routing_scenario() {
    let table = printed(&[
        "optimize",
        "scenarios/service-company-routing.yaml",
        "--quality-floor",
        "90%",
        "--models",
        "gpt-4o-mini,claude-3-7-sonnet",
    ]);
    insta::assert_snapshot!(table);
}

#[test]
fn router_calibrate_priced_on_the_routellm_scenario() {
    let table = printed(&[
        "router-calibrate",
        "tests/fixtures/router/labelled.csv",
        "--gap-recovered",
        "50%",
        "--scenario",
        "scenarios/routellm-mt-bench.yaml",
        "--strong-strategy",
        "gpt-4",
        "--weak-strategy",
        "mixtral",
    ]);
    insta::assert_snapshot!(table);
}
