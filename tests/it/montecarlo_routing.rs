//! Monte Carlo of routing as it behaves: classifier errors and calls, cascade
//! rejections and judge calls, failed attempts, backups and escalations, each
//! drawn per interaction, converging to `simulate` strategy by strategy; and
//! exact per-run costs where nothing but the volume is random.
//!
//! Round prices of tests/fixtures/routing-catalog.yaml (USD per 1M tokens):
//! cheap 1 / 2, big 10 / 30, mid 2 / 8, judge 0.5 / 1, clf 0.1 / 0.4. One
//! request of tier easy (1,000 in / 500 out) costs 0.002 on cheap, 0.006 on
//! mid, 0.025 on big; of tier hard (2,000 / 1,000) 0.004, 0.012 and 0.05.

use crate::common::llmcost;
use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::montecarlo::{EXACT_UP_TO, Samples, Settings, sample, summarize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

const HAND: &str = "name: hand
volume: {interactions_per_month: 1000}
tiers:
  - {name: easy, share: 60%, input_tokens: 1000, output_tokens: 500}
  - {name: hard, share: 40%, input_tokens: 2000, output_tokens: 1000}
strategies:
  - {name: cheap, model: cheap}
  - {name: big, model: big}
  - name: labelled
    routes: {easy: cheap, hard: big}
  - name: swapped
    routes: {easy: cheap, hard: big}
    classifier: {kind: rules, rules: {matrix: {easy: {hard: 100%}, hard: {easy: 100%}}}}
  - name: keywords
    routes: {easy: cheap, hard: big}
    classifier:
      kind: rules
      rules: {matrix: {easy: {easy: 90%, hard: 10%}, hard: {easy: 25%, hard: 75%}}}
  - name: llm
    routes: {easy: cheap, hard: big}
    classifier:
      kind: llm
      llm: {model: clf, input_tokens: 100, output_tokens: 2, accuracy: 80%}
  - name: hybrid
    routes: {easy: cheap, hard: big}
    classifier:
      kind: hybrid
      rules: {coverage: 50%}
      llm: {model: clf, input_tokens: 100, output_tokens: 2, accuracy: 80%}
  - name: cascade
    cascade:
      models: [cheap, big]
      accept: {cheap: {easy: 90%, hard: 40%}}
      verifier: {model: judge, input_tokens: 100, output_tokens: 2, reads_answer: true}
  - name: fallback
    model: mid
    fallback:
      failure: {mid: 50%, big: 20%}
      backups: [big]
      retries: 1
      failed_attempts: input
      escalation_cost: 1
baseline: cheap
";

fn catalog() -> Catalog {
    Catalog::load(Path::new("tests/fixtures/routing-catalog.yaml")).unwrap()
}

fn settings(runs: u64, exact_up_to: u64) -> Settings {
    Settings {
        runs,
        seed: 19,
        threads: 2,
        exact_up_to,
    }
}

fn costs<'a>(samples: &'a Samples, name: &str) -> &'a [Decimal] {
    let i = samples.strategies.iter().position(|s| s == name).unwrap();
    &samples.costs[i]
}

/// Each strategy's sampled mean lies within 4 standard errors of `simulate`'s
/// cost (and of `hand`, where a figure is worked out by hand).
fn assert_converges(scenario: &Scenario, catalog: &Catalog, samples: &Samples, hand: &[(&str, Decimal)]) {
    let exact = simulate(scenario, catalog).unwrap();
    for name in &samples.strategies {
        let expected = exact.strategy(name).unwrap().total;
        if let Some((_, by_hand)) = hand.iter().find(|(n, _)| n == name) {
            assert_eq!(expected, *by_hand, "{name}: simulate against the hand figure");
        }
        let s = summarize(costs(samples, name), None, 10);
        let z = (s.mean - expected) / s.se;
        assert!(
            z.abs() < Decimal::from(4),
            "{name}: mean {}, expected {expected}, z {z}",
            s.mean
        );
    }
}

#[test]
fn every_routing_feature_converges_to_the_figures_worked_out_by_hand() {
    let scenario = Scenario::from_source(Source::new("hand.yaml", HAND), None).unwrap();
    let catalog = catalog();
    let samples = sample(&scenario, &catalog, settings(1500, EXACT_UP_TO), &|_| {}).unwrap();
    let hand = [
        // 600 × 0.002 + 400 × 0.004 = 2.8; 600 × 0.025 + 400 × 0.05 = 35.
        ("cheap", dec!(2.8)),
        ("big", dec!(35)),
        // 600 × 0.002 + 400 × 0.05 = 21.2; swapped: 600 × 0.025 + 400 × 0.004 = 16.6.
        ("labelled", dec!(21.2)),
        ("swapped", dec!(16.6)),
        // easy: 540 × 0.002 + 60 × 0.025 = 2.58; hard: 100 × 0.004 + 300 × 0.05 = 15.4.
        ("keywords", dec!(17.98)),
        // A classifier call: 100 × 0.1 / 1M + 2 × 0.4 / 1M = 0.0000108, on each of 1,000 requests: 0.0108.
        // easy: 0.8 × 0.002 + 0.2 × 0.025 = 0.0066, × 600 = 3.96; hard: 0.2 × 0.004 + 0.8 × 0.05 = 0.0408, × 400 = 16.32.
        ("llm", dec!(20.2908)),
        // Half of each tier by (perfect) rules: right 0.5 + 0.5 × 0.8 = 0.9.
        // easy: 0.9 × 0.002 + 0.1 × 0.025 = 0.0043, × 600 = 2.58; hard: 0.1 × 0.004 + 0.9 × 0.05 = 0.0454, × 400 = 18.16;
        // the classifier on 500 requests: 0.0054.
        ("hybrid", dec!(20.7454)),
        // easy: cheap 0.002, the judge reading 100 + 1,000 + 500 = 1,600 tokens × 0.5 / 1M + 2 × 1 / 1M = 0.000802,
        // big on the 10% rejected: 0.0025; 0.005302 × 600 = 3.1812.
        // hard: 0.004 + (100 + 2,000 + 1,000) × 0.5 / 1M + 0.000002 = 0.005552, big on 60%: 0.03; 0.035552 × 400 = 14.2208.
        ("cascade", dec!(17.402)),
        // mid fails half its attempts, two attempts: 0.5 + 0.25 = 0.75 failed (input only), 0.75 answers, 0.25 go on;
        // big, 20%: 0.25 × (0.2 + 0.04) = 0.06 failed, 0.25 × 0.96 = 0.24 answers, 0.25 × 0.04 = 0.01 to a person at $1.
        // easy: 0.75 × 0.002 + 0.75 × 0.006 + 0.06 × 0.01 + 0.24 × 0.025 + 0.01 = 0.0226, × 600 = 13.56;
        // hard: 0.75 × 0.004 + 0.75 × 0.012 + 0.06 × 0.02 + 0.24 × 0.05 + 0.01 = 0.0352, × 400 = 14.08.
        ("fallback", dec!(27.64)),
    ];
    assert_converges(&scenario, &catalog, &samples, &hand);
    // 0.01 of 1,000 requests escalated a month: 10. A month's count has a
    // variance of about 10 (Poisson), so the mean of 1,500 months has an sd of about 0.08.
    let i = samples.strategies.iter().position(|s| s == "fallback").unwrap();
    let mean = Decimal::from(samples.escalations[i] as u64) / dec!(1500);
    assert!((mean - dec!(10)).abs() < dec!(0.4), "{mean} escalations a month");
    assert!(samples.escalations.iter().enumerate().all(|(j, e)| j == i || *e == 0));
}

#[test]
fn with_a_zero_one_matrix_every_month_is_billed_exactly() {
    // Every run sees the same requests under every strategy. With fixed tokens,
    // n_e easy and n_h hard requests cost 0.002·n_e + 0.004·n_h on cheap,
    // 0.025·n_e + 0.05·n_h on big, 0.002·n_e + 0.05·n_h labelled, and swapped
    // (every easy request to big, every hard one to cheap) 0.025·n_e + 0.004·n_h.
    let scenario = Scenario::from_source(Source::new("hand.yaml", HAND), None).unwrap();
    let samples = sample(&scenario, &catalog(), settings(200, EXACT_UP_TO), &|_| {}).unwrap();
    let runs = costs(&samples, "cheap")
        .iter()
        .zip(costs(&samples, "labelled"))
        .zip(costs(&samples, "swapped"));
    for ((&cheap, &labelled), &swapped) in runs {
        // labelled − cheap = 0.046·n_h; then n_e from cheap.
        let n_h = (labelled - cheap) / dec!(0.046);
        let n_e = (cheap - dec!(0.004) * n_h) / dec!(0.002);
        assert!(n_h.fract().is_zero() && n_e.fract().is_zero(), "{n_e} easy, {n_h} hard");
        assert_eq!(swapped, dec!(0.025) * n_e + dec!(0.004) * n_h);
    }
}

/// The shipped routing scenario, optionally with techniques and token spreads.
fn routing(extra: &str, edits: &[(&str, &str)]) -> (Scenario, Catalog) {
    let file = "scenarios/service-company-routing.yaml";
    let mut text = std::fs::read_to_string(file).unwrap() + extra;
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let scenario = Scenario::from_source(Source::new(file, text), Some(Path::new("scenarios"))).unwrap();
    (scenario, Catalog::load(Path::new("pricing/list-2025-11.yaml")).unwrap())
}

#[test]
fn the_routing_scenario_converges_strategy_by_strategy() {
    let (scenario, catalog) = routing("", &[]);
    let samples = sample(&scenario, &catalog, settings(1000, EXACT_UP_TO), &|_| {}).unwrap();
    assert_eq!(
        samples.strategies,
        ["gpt-4o", "labelled", "keywords", "llm-classifier", "hybrid", "cascade"]
    );
    assert_converges(&scenario, &catalog, &samples, &[]);
}

#[test]
fn the_routing_scenario_converges_with_techniques_and_spreads() {
    // A cached system prompt, retrieved context, batch, early stop and pruning
    // on every call of an interaction; no model of the scenario has
    // long-context rates, so the cost stays linear in tokens and the sampled
    // mean converges to `simulate` however tokens spread. Both ways of drawing
    // tokens: one by one, and by counts and log-normal sums.
    let (scenario, catalog) = routing(
        "techniques:
  caching: {hit_rate: 70%}
  batch: {share: 30%}
  early_stop: {share: 40%, output_saved: 30%}
  pruning: {reduction: 20%}
uncertainty: {daily_volume_cv: 20%, input_cv: 40%, output_cv: 60%}
",
        &[
            (
                "    input_tokens: 3000\n",
                "    input_tokens: 3000\n    system_tokens: 1500\n    context_tokens: 1000\n",
            ),
            (
                "    input_tokens: 5000\n",
                "    input_tokens: 5000\n    system_tokens: 1500\n",
            ),
        ],
    );
    for exact_up_to in [EXACT_UP_TO, 0] {
        let samples = sample(&scenario, &catalog, settings(600, exact_up_to), &|_| {}).unwrap();
        assert_converges(&scenario, &catalog, &samples, &[]);
    }
}

#[test]
fn a_fallback_strategy_reports_its_escalations() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hand.yaml");
    std::fs::write(&file, HAND).unwrap();
    let run = |format: &str| {
        let out = llmcost()
            .args([
                "montecarlo",
                "--pricing",
                "tests/fixtures/routing-catalog.yaml",
                "--runs",
                "300",
            ])
            .arg(&file)
            .args(["-q", "-f", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (expected, mean) = (column("expected_escalations"), column("mean_escalations"));
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0] == "fallback" {
            // 1,000 requests a month × 0.01 unserved (worked out above).
            assert_eq!(cells[expected], "10");
            let m: Decimal = cells[mean].parse().unwrap();
            assert!((m - dec!(10)).abs() < dec!(1), "{line}");
        } else {
            assert_eq!((cells[expected], cells[mean]), ("", ""), "{line}");
        }
    }
    let table = run("table");
    assert!(table.contains("Escalations to a person, a month"), "{table}");
    assert!(table.contains("failed attempts on each model"), "{table}");
}
