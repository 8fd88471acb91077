//! What is cached and what a switch of model loses: a prefix of system
//! prompt, context and history cut by OpenAI's 128-token steps and by
//! Anthropic's breakpoints, and conversations of five turns whose history a
//! router's switch of model loses, each figure worked out by hand from the
//! prices below; `explain` shows the rule, Monte Carlo converges to the same
//! expected cost.

use crate::common::{Scratch, llmcost};
use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::montecarlo::{EXACT_UP_TO, Settings, sample, summarize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use predicates::str::contains;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const CATALOG: &str = "name: cached
as_of: 2026-01-01
currency: USD
source: test
models:
  o: {provider: openai, input: 0.15, output: 0.6, cached_input: 0.075}
  a: {provider: anthropic, input: 3, output: 15, cached_input: 0.3, cache_write: 3.75}
";

/// Two tiers of 500 system, 1,500 context, 700 history and 300 user tokens, 100 output;
/// x (30%) on `o`, y (70%) on `a`.
fn scenario(uncertainty: &str) -> String {
    format!(
        "name: cached
volume: {{interactions_per_month: 1000}}
tiers:
  - {{name: x, share: 30%, input_tokens: 3000, system_tokens: 500, context_tokens: 1500, history_tokens: 700, output_tokens: 100}}
  - {{name: y, share: 70%, input_tokens: 3000, system_tokens: 500, context_tokens: 1500, history_tokens: 700, output_tokens: 100}}
techniques:
  caching: {{hit_rate: 90%, prefix: [system, context, history]}}
strategies:
  - {{name: whole, routes: {{x: o, y: a}}}}
  - name: sessions
    routes: {{x: o, y: a}}
    techniques: {{caching: {{session_turns: 5}}}}
  - name: one-model
    model: o
    techniques: {{caching: {{session_turns: 5}}}}
  - name: system-only
    routes: {{x: o, y: a}}
    techniques: {{caching: {{prefix: [system]}}}}
baseline: whole
{uncertainty}"
    )
}

fn load(text: &str) -> (Scenario, Catalog) {
    (
        Scenario::from_source(Source::new("cached.yaml", text.to_string()), None).unwrap(),
        Catalog::from_source(&Source::new("cached-catalog.yaml", CATALOG)).unwrap(),
    )
}

const M: Decimal = dec!(1_000_000);

#[test]
fn each_provider_caches_the_prefix_its_own_way() {
    let (scenario, catalog) = load(&scenario(""));
    let report = simulate(&scenario, &catalog).unwrap();
    // x on o (OpenAI): 2,700 stated, 1,024 + 13 × 128 = 2,688 cached, 312 uncached; 90% read.
    // Per call: 312 × 0.15 + 2,419.2 × 0.075 + 268.8 × 0.15 + 100 × 0.6 = 328.56 per 1M.
    let x = dec!(300) * dec!(328.56) / M;
    // y on a (Anthropic): breakpoints after 500, 2,000, 2,700, all 2,700 cached; 300 uncached.
    // Per call: 300 × 3 + 2,430 × 0.3 + 270 × 3.75 + 100 × 15 = 4,141.5 per 1M.
    let y = dec!(700) * dec!(4141.5) / M;
    assert_eq!(report.strategy("whole").unwrap().total, x + y);
    // The system prompt alone: 500 tokens are below OpenAI's 1,024 (nothing cached on o:
    // 3,000 × 0.15 + 60 = 510), while `a` has no stated minimum and caches them:
    // 2,500 × 3 + 450 × 0.3 + 50 × 3.75 + 1,500 = 9,322.5.
    let system_only = dec!(300) * dec!(510) / M + dec!(700) * dec!(9322.5) / M;
    assert_eq!(report.strategy("system-only").unwrap().total, system_only);
}

#[test]
fn a_switch_of_model_loses_the_history_cached_on_the_other() {
    let (scenario, catalog) = load(&scenario(""));
    let report = simulate(&scenario, &catalog).unwrap();
    // 5 turns: 4/5 are follow-ups. o serves 30% of turns: λ = 4/5 × 70% = 56%; a: 4/5 × 30% = 24%.
    // x on o: reads 0.9 × 2,000 + 0.9 × 0.44 × 688 = 2,072.448, writes 615.552:
    // 312 × 0.15 + 2,072.448 × 0.075 + 615.552 × 0.15 + 60 = 354.5664 per 1M.
    let x = dec!(300) * dec!(354.5664) / M;
    // y on a: reads 0.9 × 2,000 + 0.9 × 0.76 × 700 = 2,278.8, writes 421.2:
    // 900 + 2,278.8 × 0.3 + 421.2 × 3.75 + 1,500 = 4,663.14 per 1M.
    let y = dec!(700) * dec!(4663.14) / M;
    assert_eq!(report.strategy("sessions").unwrap().total, x + y);
    // One model for every turn never switches: 1,000 calls at 328.56 per 1M.
    assert_eq!(
        report.strategy("one-model").unwrap().total,
        dec!(1000) * dec!(328.56) / M
    );
}

#[test]
fn explain_names_the_rule_and_the_loss() {
    let scratch = Scratch::new();
    let scenario = scratch.file("cached.yaml", &scenario(""));
    let catalog = scratch.file("cached-catalog.yaml", CATALOG);
    llmcost()
        .args(["explain", scenario.to_str().unwrap(), "--pricing", catalog.to_str().unwrap()])
        .args(["--strategy", "sessions"])
        .assert()
        .success()
        .stdout(contains(
            "cached prefix: 2,688 tokens (system 500 + context 1,500 + history 688 of 2,700); o caches the longest common prefix in steps of 128 tokens, from 1,024 tokens on",
        ))
        .stdout(contains("up to a cache breakpoint after each part of the prefix (at most 4)"))
        .stdout(contains("56% of its cached history misses"));
}

#[test]
fn monte_carlo_converges_to_the_same_cost() {
    for uncertainty in [
        "",
        "uncertainty: {daily_volume_cv: 20%, input_cv: 40%, output_cv: 50%}\n",
    ] {
        let (scenario, catalog) = load(&scenario(uncertainty));
        let settings = Settings {
            runs: 400,
            seed: 7,
            threads: 2,
            exact_up_to: EXACT_UP_TO,
        };
        let samples = sample(&scenario, &catalog, settings, &|_| {}).unwrap();
        let exact = simulate(&scenario, &catalog).unwrap();
        for (i, name) in samples.strategies.iter().enumerate() {
            let s = summarize(&samples.costs[i], None, 10);
            let expected = exact.strategy(name).unwrap().total;
            // Within 4 standard errors: the cost is linear in the tokens drawn.
            assert!(s.se > Decimal::ZERO, "{name}");
            assert!(
                ((s.mean - expected) / s.se).abs() < Decimal::from(4),
                "{name}: {} vs {expected}",
                s.mean
            );
        }
    }
}
