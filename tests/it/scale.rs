//! Large scenarios price in time and memory that grow linearly: 20,000 tiers
//! once needed a dense 20,000 × 20,000 confusion matrix per routed strategy
//! (over 6 GB each). `benches/scripts/scale.sh` measures the growth; this checks that a
//! large scenario prices at all, and to the cent.

use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use rust_decimal_macros::dec;
use std::fmt::Write;

const TIERS: usize = 20_000;

/// 20,000 tiers of 0.005% each, 1,000 input and 100 output tokens; one
/// strategy on model `m` for every tier, one routing each tier to `m` by name
/// with labelled requests, one routing with a rules matrix that sends 10% of
/// each tier to the next (whose model and tokens are the same).
fn scenario() -> String {
    let mut text = String::from("name: many tiers\nvolume: {interactions_per_month: 1000000}\ntiers:\n");
    for t in 0..TIERS {
        writeln!(
            text,
            "  - {{name: t{t}, share: 0.005%, input_tokens: 1000, output_tokens: 100}}"
        )
        .unwrap();
    }
    text.push_str("strategies:\n  - {name: single, model: m}\n  - name: routed\n    routes:\n");
    for t in 0..TIERS {
        writeln!(text, "      t{t}: m").unwrap();
    }
    text.push_str("  - name: misrouted\n    routes:\n");
    for t in 0..TIERS {
        writeln!(text, "      t{t}: m").unwrap();
    }
    text.push_str("    classifier:\n      kind: rules\n      rules:\n        matrix:\n");
    for t in 0..TIERS {
        writeln!(text, "          t{t}: {{t{t}: 90%, t{}: 10%}}", (t + 1) % TIERS).unwrap();
    }
    text.push_str("baseline: single\n");
    text
}

#[test]
fn twenty_thousand_tiers_price_to_the_cent() {
    let catalog = Catalog::from_source(&Source::new(
        "c.yaml",
        "name: c\nas_of: 2026-01-01\ncurrency: USD\nsource: test\nmodels:\n  m: {provider: p, input: 1, output: 2}\n",
    ))
    .unwrap();
    let scenario = Scenario::from_source(Source::new("s.yaml", scenario()), None).unwrap();
    let report = simulate(&scenario, &catalog).unwrap();
    // A request: 1,000 × $1/1M + 100 × $2/1M = $0.0012; 1,000,000 a month = $1,200,
    // however the requests are routed, since every tier costs the same.
    for s in &report.strategies {
        assert_eq!(s.total, dec!(1200), "{}", s.name);
        assert_eq!(s.tiers.len(), TIERS, "{}", s.name);
    }
    // Each tier: 0.005% of 1,000,000 = 50 requests, $0.06.
    assert_eq!(report.strategies[2].tiers[TIERS - 1].cost, dec!(0.06));
}
