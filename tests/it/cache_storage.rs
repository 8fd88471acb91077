//! Explicit caches billed by the hour they are kept (Gemini's explicit
//! context caching): a fixed storage fee per cached prefix per model on top of
//! the discounted reads, each figure worked out by hand from the prices below;
//! `explain` shows the fee, Monte Carlo adds the same fixed amount, and a
//! model without a storage rate is a located error.

use crate::common::{Scratch, llmcost};
use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::montecarlo::{EXACT_UP_TO, Settings, sample, summarize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use predicates::str::contains;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const CATALOG: &str = "name: stored
as_of: 2026-01-01
currency: USD
source: test
models:
  g: {provider: google, input: 1.25, output: 10, cached_input: 0.125, cache_storage: 4.5}
  f: {provider: google, input: 0.3, output: 2.5, cached_input: 0.03, cache_storage: 1}
  n: {provider: google, input: 1.25, output: 10, cached_input: 0.125}
";

/// 100 interactions a day for 30 days; x (40%): 10,000 system tokens of
/// 12,000, 200 output, on `g`; y (60%): 2,500 of 3,000, 100 output, on `f`.
fn scenario(strategies: &str, uncertainty: &str) -> String {
    format!(
        "name: stored
volume: {{interactions_per_day: 100, days_per_month: 30}}
tiers:
  - {{name: x, share: 40%, input_tokens: 12000, system_tokens: 10000, output_tokens: 200}}
  - {{name: y, share: 60%, input_tokens: 3000, system_tokens: 2500, output_tokens: 100}}
techniques:
  caching: {{hit_rate: 90%}}
strategies:
{strategies}baseline: implicit
{uncertainty}"
    )
}

const STRATEGIES: &str = "  - {name: implicit, routes: {x: g, y: f}}
  - name: explicit
    routes: {x: g, y: f}
    techniques: {caching: {explicit: {hours_per_day: 24}}}
  - name: office-hours
    routes: {x: g, y: f}
    techniques: {caching: {explicit: {hours_per_day: 8}}}
";

fn load(text: &str) -> (Scenario, Catalog) {
    (
        Scenario::from_source(Source::new("stored.yaml", text.to_string()), None).unwrap(),
        Catalog::from_source(&Source::new("stored-catalog.yaml", CATALOG)).unwrap(),
    )
}

#[test]
fn storage_is_a_fixed_fee_per_cached_prefix_and_hour() {
    let (scenario, catalog) = load(&scenario(STRATEGIES, ""));
    let report = simulate(&scenario, &catalog).unwrap();
    // Calls (no write fee on Google: a miss is billed at the input rate):
    // x, 1,200 calls on g: 2,000 × 1.25 + 9,000 × 0.125 + 1,000 × 1.25 + 200 × 10
    //   = 6,875 per 1M = $0.006875 a call, $8.25 a month;
    // y, 1,800 calls on f: 500 × 0.3 + 2,250 × 0.03 + 250 × 0.3 + 100 × 2.5
    //   = 542.5 per 1M, $0.9765 a month. Calls: $9.2265.
    assert_eq!(report.strategy("implicit").unwrap().total, dec!(9.2265));
    // 24 h × 30 days = 720 h: x's 10,000 tokens on g, 10,000 × 720 × 4.5 / 1M = $32.40;
    // y's 2,500 on f, 2,500 × 720 × 1 / 1M = $1.80. $9.2265 + $34.20.
    let explicit = report.strategy("explicit").unwrap();
    assert_eq!(explicit.total, dec!(43.4265));
    let storage = explicit.storage.as_ref().unwrap();
    assert_eq!(storage.total, dec!(34.2));
    assert_eq!(storage.caches.len(), 2);
    // 8 h a day: 240 h, a third: $10.80 + $0.60.
    assert_eq!(report.strategy("office-hours").unwrap().total, dec!(20.6265));
}

#[test]
fn explain_shows_each_cache_and_its_hours() {
    let scratch = Scratch::new();
    let scenario = scratch.file("stored.yaml", &scenario(STRATEGIES, ""));
    let catalog = scratch.file("stored-catalog.yaml", CATALOG);
    llmcost()
        .args([
            "explain",
            scenario.to_str().unwrap(),
            "--pricing",
            catalog.to_str().unwrap(),
        ])
        .args(["--strategy", "explicit"])
        .assert()
        .success()
        .stdout(contains("Explicit cache storage"))
        .stdout(contains("24 h a day × 30 days = 720 h a month"))
        .stdout(contains(
            "10,000 tokens × 720 h × $4.50 per 1M tokens per hour = $32.40",
        ));
}

#[test]
fn monte_carlo_adds_the_same_fixed_fee() {
    for uncertainty in [
        "",
        "uncertainty: {daily_volume_cv: 20%, input_cv: 40%, output_cv: 50%}\n",
    ] {
        let (scenario, catalog) = load(&scenario(STRATEGIES, uncertainty));
        let settings = Settings {
            runs: 400,
            seed: 11,
            threads: 2,
            exact_up_to: EXACT_UP_TO,
        };
        let samples = sample(&scenario, &catalog, settings, &|_| {}).unwrap();
        let exact = simulate(&scenario, &catalog).unwrap();
        let means: Vec<Decimal> = (0..samples.strategies.len())
            .map(|i| summarize(&samples.costs[i], None, 10).mean)
            .collect();
        for (i, name) in samples.strategies.iter().enumerate() {
            let s = summarize(&samples.costs[i], None, 10);
            let expected = exact.strategy(name).unwrap().total;
            assert!(s.se > Decimal::ZERO, "{name}");
            assert!(
                ((s.mean - expected) / s.se).abs() < Decimal::from(4),
                "{name}: {} vs {expected}",
                s.mean
            );
        }
        // Every run draws the same calls for each strategy: the fee is exactly the difference.
        assert_eq!(means[1] - means[0], dec!(34.2));
        assert_eq!(means[2] - means[0], dec!(11.4));
    }
}

#[test]
fn a_model_without_a_storage_rate_is_an_error() {
    let scratch = Scratch::new();
    let strategies = "  - {name: implicit, routes: {x: g, y: f}}
  - name: unpriced
    routes: {x: n, y: f}
    techniques: {caching: {explicit: {hours_per_day: 24}}}
";
    let scenario = scratch.file("stored.yaml", &scenario(strategies, ""));
    let catalog = scratch.file("stored-catalog.yaml", CATALOG);
    llmcost()
        .args([
            "simulate",
            scenario.to_str().unwrap(),
            "--pricing",
            catalog.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(contains("stored.yaml:"))
        .stderr(contains(
            "strategy unpriced keeps an explicit cache on `n`, whose catalog entry lists no `cache_storage` rate",
        ))
        .stderr(contains("add `cache_storage` to `n` in the catalog"));
}

#[test]
fn optimize_refuses_explicit_caches_it_cannot_price() {
    use llmcost::optimize::{Candidates, Goal, OptimizeError, Request, optimize};
    // The scenario keeps explicit caches for every strategy, and scores both models.
    let text = scenario(STRATEGIES, "").replace(
        "  caching: {hit_rate: 90%}\n",
        "  caching: {hit_rate: 90%, explicit: {hours_per_day: 24}}\n",
    ) + "quality:\n  g: {x: 0.9, y: 0.9}\n  f: {x: 0.6, y: 0.8}\n";
    let (scenario, catalog) = load(&text);
    let request = Request {
        goal: Goal::Frontier,
        candidates: Candidates::Models(vec!["g".into(), "f".into()]),
        techniques: None,
        name: "optimized".to_string(),
    };
    let refused = optimize(&scenario, &catalog, &request).unwrap_err();
    assert!(matches!(refused, OptimizeError::ExplicitCaching { .. }), "{refused}");
}

#[test]
fn focus_rows_carry_each_cache_and_add_up_to_the_month() {
    use crate::focus::{check, decimal, rows_of};
    let scratch = Scratch::new();
    let scenario = scratch.file("stored.yaml", &scenario(STRATEGIES, ""));
    let catalog = scratch.file("stored-catalog.yaml", CATALOG);
    let (header, rows) = rows_of(&[
        "simulate",
        scenario.to_str().unwrap(),
        "--pricing",
        catalog.to_str().unwrap(),
        "--format",
        "focus",
    ]);
    check("explicit caches", &header, &rows);
    let billed = |strategy: &str| -> Decimal {
        rows.iter()
            .filter(|r| r["SubAccountName"] == strategy)
            .map(|r| decimal(&r["BilledCost"]))
            .sum()
    };
    // $9.2265 of calls (the header's figures) plus $32.40 + $1.80 of storage at 24 hours a day,
    // $10.80 + $0.60 at 8.
    assert_eq!(billed("implicit"), dec!(9.2265));
    assert_eq!(billed("explicit"), dec!(43.4265));
    assert_eq!(billed("office-hours"), dec!(20.6265));
    let stored: Vec<_> = rows
        .iter()
        .filter(|r| r["SubAccountName"] == "explicit" && r["SkuMeter"] == "cache storage")
        .collect();
    assert_eq!(stored.len(), 2);
    // Tier x on g: 10,000 tokens × 720 hours = 7,200,000 token-hours, 7.2 × $4.50 = $32.40.
    let x = stored.iter().find(|r| r["SkuId"] == "g").unwrap();
    assert_eq!(
        (
            decimal(&x["ConsumedQuantity"]),
            decimal(&x["PricingQuantity"]),
            decimal(&x["ListUnitPrice"]),
            decimal(&x["BilledCost"])
        ),
        (dec!(7200000), dec!(7.2), dec!(4.5), dec!(32.4))
    );
    assert_eq!(x["PricingUnit"], "1000000 Token-Hours");
}
