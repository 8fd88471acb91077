//! Speed of `optimize` against the target docs/optimize.md states: the exact
//! frontier of a scenario of 10 tiers and 50 candidate models, with the
//! scenario's default technique choices (caching on and off), in under 100 ms:
//! `cargo bench --bench optimize`. The catalog and scenario are generated:
//! prices and quality rise with the model's number, each tier's scores in
//! whole percents, so many models are on each tier's own frontier.

use criterion::{Criterion, criterion_group, criterion_main};
use llmcost::input::Source;
use llmcost::optimize::{Candidates, Goal, Request, optimize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use std::fmt::Write;

const TIERS: usize = 10;
const MODELS: usize = 50;

/// 50 models, model `i` at $(0.1 + 0.2 i) in and four times that out per 1M tokens.
fn catalog() -> String {
    let mut text = String::from("name: bench\nas_of: 2026-01-01\ncurrency: USD\nsource: generated\nmodels:\n");
    for i in 0..MODELS {
        let input = 1 + 2 * i;
        let _ = writeln!(
            text,
            "  m{i:02}: {{provider: p{}, input: {}.{}, output: {}.{}, cached_input: 0.01}}",
            i % 5,
            input / 10,
            input % 10,
            (4 * input) / 10,
            (4 * input) % 10
        );
    }
    text
}

/// 10 tiers of 10% each, a labelled routed strategy, caching by default, and
/// a score per model and tier.
fn scenario() -> String {
    let mut text = String::from("name: bench\nvolume: {interactions_per_month: 100000}\ntiers:\n");
    for t in 0..TIERS {
        let _ = writeln!(
            text,
            "  - {{name: t{t}, share: 10%, input_tokens: {}, system_tokens: 1024, output_tokens: {}}}",
            1500 + 300 * t,
            200 + 100 * t
        );
    }
    text.push_str("techniques:\n  caching: {hit_rate: 60%}\nstrategies:\n  - name: labelled\n    routes:\n");
    for t in 0..TIERS {
        let _ = writeln!(text, "      t{t}: m00");
    }
    text.push_str("baseline: labelled\nquality:\n");
    for i in 0..MODELS {
        let scores: Vec<String> = (0..TIERS)
            .map(|t| format!("t{t}: {}%", 40 + i + (i * 7 + t * 3) % 9 - t))
            .collect();
        let _ = writeln!(text, "  m{i:02}: {{{}}}", scores.join(", "));
    }
    text
}

fn frontier(c: &mut Criterion) {
    let catalog = Catalog::from_source(&Source::new("bench-catalog.yaml", catalog())).expect("the catalog loads");
    let scenario = Scenario::from_source(Source::new("bench.yaml", scenario()), None).expect("the scenario loads");
    let request = Request {
        goal: Goal::Frontier,
        candidates: Candidates::Scored,
        techniques: None,
        name: "optimized".to_string(),
    };
    let points = optimize(&scenario, &catalog, &request)
        .expect("it optimizes")
        .frontier
        .len();
    println!("frontier of {TIERS} tiers, {MODELS} models: {points} plans");
    c.bench_function("optimize: 10 tiers, 50 models, caching on and off", |b| {
        b.iter(|| optimize(&scenario, &catalog, &request).expect("it optimizes"))
    });
}

criterion_group!(benches, frontier);
criterion_main!(benches);
