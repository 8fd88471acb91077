//! Speed of `optimize` against the target docs/optimize.md states: the exact
//! frontier of a scenario of 10 tiers and 50 candidate models, with the
//! scenario's default technique choices (caching on and off), in under 100 ms,
//! without and with the history a switch of model loses; and the same at 5
//! tiers and 50 models and at 10 tiers and 25 models, for the growth:
//! `cargo bench --bench optimize`. The catalog and scenario are generated:
//! prices and quality rise with the model's number, each tier's scores in
//! whole percents, so many models are on each tier's own frontier.

use criterion::{Criterion, criterion_group, criterion_main};
use llmcost::input::Source;
use llmcost::optimize::{Candidates, Goal, Request, optimize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use std::fmt::Write;

/// `models` models, model `i` at $(0.1 + 0.2 i) in and four times that out per 1M tokens.
fn catalog(models: usize) -> String {
    let mut text = String::from("name: bench\nas_of: 2026-01-01\ncurrency: USD\nsource: generated\nmodels:\n");
    for i in 0..models {
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

/// `tiers` tiers of equal shares (10 or 5), a labelled routed strategy,
/// caching by default, and a score per model and tier; with `sessions`, 1,000
/// history tokens a request, cached with the system prompt, in conversations
/// of 5 turns.
fn scenario(tiers: usize, models: usize, sessions: bool) -> String {
    let mut text = String::from("name: bench\nvolume: {interactions_per_month: 100000}\ntiers:\n");
    for t in 0..tiers {
        let _ = writeln!(
            text,
            "  - {{name: t{t}, share: {}%, input_tokens: {}, system_tokens: 1024, {}output_tokens: {}}}",
            100 / tiers,
            1500 + 300 * t + if sessions { 1000 } else { 0 },
            if sessions { "history_tokens: 1000, " } else { "" },
            200 + 100 * t
        );
    }
    text.push_str(if sessions {
        "techniques:\n  caching: {hit_rate: 60%, prefix: [system, history], session_turns: 5}\n"
    } else {
        "techniques:\n  caching: {hit_rate: 60%}\n"
    });
    text.push_str("strategies:\n  - name: labelled\n    routes:\n");
    for t in 0..tiers {
        let _ = writeln!(text, "      t{t}: m00");
    }
    text.push_str("baseline: labelled\nquality:\n");
    for i in 0..models {
        let scores: Vec<String> = (0..tiers)
            .map(|t| format!("t{t}: {}%", 40 + i + (i * 7 + t * 3) % 9 - t))
            .collect();
        let _ = writeln!(text, "  m{i:02}: {{{}}}", scores.join(", "));
    }
    text
}

fn frontier(c: &mut Criterion) {
    for (tiers, models) in [(10, 50), (5, 50), (10, 25)] {
        for sessions in [false, true] {
            let loss = if sessions {
                "history lost on a switch of model"
            } else {
                "no switching loss"
            };
            bench(
                c,
                tiers,
                models,
                sessions,
                &format!("optimize: {tiers} tiers, {models} models, {loss}"),
            );
        }
    }
}

fn bench(c: &mut Criterion, tiers: usize, models: usize, sessions: bool, name: &str) {
    let catalog = Catalog::from_source(&Source::new("bench-catalog.yaml", catalog(models))).expect("the catalog loads");
    let text = scenario(tiers, models, sessions);
    let scenario = Scenario::from_source(Source::new("bench.yaml", text), None).expect("the scenario loads");
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
    println!("{name}: {points} plans on the frontier");
    c.bench_function(name, |b| {
        b.iter(|| optimize(&scenario, &catalog, &request).expect("it optimizes"))
    });
}

criterion_group!(benches, frontier);
criterion_main!(benches);
