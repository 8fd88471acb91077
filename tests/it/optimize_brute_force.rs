//! `optimize` against brute force on generated scenarios (proptest): every
//! assignment of candidate models to the routed tiers written as a strategy
//! with the scenario's classifier and fallback, every model alone, each priced
//! by `simulate`; the plans no other beats on both cost and quality must be
//! exactly the frontier `optimize` finds (compared at the nine places it
//! compares plans, within one unit of the last: the search adds each tier's
//! figures rounded to twelve places, `simulate` rounds the exact sum once, so
//! a sum within a trillionth of a half-billionth rounds the other way). This checks the search and the decomposition of a routed
//! month into per-tier sums together: misrouting through a confusion matrix,
//! an LLM classifier's calls, failures, retries, a backup and escalations;
//! and, in conversations of several turns whose history is cached, the
//! history a switch of model loses, which makes a tier's cost depend on the
//! tiers that share its model (every assignment priced with and without
//! caching, as the search tries both).

use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::optimize::{Candidates, Goal, Request, optimize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

const CATALOG: &str = "name: brute
as_of: 2025-01-01
currency: USD
source: generated
models:
  a: {provider: x, input: 0.5, output: 1.5, cached_input: 0.05}
  b: {provider: x, input: 2, output: 6, cached_input: 0.2, cache_write: 2.5}
  c: {provider: y, input: 7, output: 21, cached_input: 0.7}
  clf: {provider: y, input: 0.1, output: 0.4}
";

const MODELS: [&str; 3] = ["a", "b", "c"];

#[derive(Debug, Clone)]
struct Case {
    tiers: usize,
    /// Percent of each tier; the last takes the rest.
    shares: Vec<u32>,
    /// Per true tier, the percent routed to each tier (the last takes the rest).
    matrix: Vec<Vec<u32>>,
    llm: bool,
    /// Failure percent of model `a`, with `c` as the backup, when given.
    failure: Option<u32>,
    /// Per model and tier, a score in percent.
    scores: Vec<Vec<u32>>,
    /// Turns per conversation, history cached: the loss of switching models.
    turns: Option<u64>,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..=3).prop_flat_map(|tiers| {
        (
            prop::collection::vec(1u32..60, tiers - 1),
            prop::collection::vec(prop::collection::vec(0u32..40, tiers - 1), tiers),
            any::<bool>(),
            prop::option::of(1u32..30),
            prop::collection::vec(prop::collection::vec(30u32..100, tiers), MODELS.len()),
            prop::option::of(2u64..7),
        )
            .prop_map(move |(shares, matrix, llm, failure, scores, turns)| Case {
                tiers,
                shares,
                matrix,
                llm,
                failure,
                scores,
                turns,
            })
    })
}

/// Percents that sum to 100, the last taking the rest (scaled down if needed).
fn to_hundred(parts: &[u32]) -> Vec<u32> {
    let total: u32 = parts.iter().sum();
    let mut out: Vec<u32> = if total > 99 {
        parts.iter().map(|p| p * 99 / total).collect()
    } else {
        parts.to_vec()
    };
    let rest = 100 - out.iter().sum::<u32>();
    out.push(rest);
    out
}

/// The scenario with one strategy per plan given (name, tier routes) plus the classified one.
fn scenario(case: &Case, plans: &[(String, Vec<&str>)]) -> String {
    let names: Vec<String> = (0..case.tiers).map(|t| format!("t{t}")).collect();
    let shares = to_hundred(&case.shares);
    let mut text = String::from("name: brute\nvolume: {interactions_per_month: 1000}\ntiers:\n");
    for (t, name) in names.iter().enumerate() {
        text.push_str(&format!(
            "  - {{name: {name}, share: {}%, input_tokens: {}, system_tokens: 300, history_tokens: {}, output_tokens: {}}}\n",
            shares[t],
            1000 + 500 * t,
            400 + 100 * t,
            300 + 200 * t
        ));
    }
    // Caching on, and off in a copy of every strategy: the search tries both.
    let copies: Vec<(&str, &str)> = match case.turns {
        Some(turns) => {
            text.push_str(&format!(
                "techniques:\n  caching: {{hit_rate: 80%, prefix: [system, history], session_turns: {turns}}}\n"
            ));
            vec![("", ""), ("-plain", "    techniques: {caching: off}\n")]
        }
        None => vec![("", "")],
    };
    let mut rows = String::new();
    for (t, name) in names.iter().enumerate() {
        let row = to_hundred(&case.matrix[t]);
        let cells: Vec<String> = names.iter().zip(&row).map(|(n, p)| format!("{n}: {p}%")).collect();
        rows.push_str(&format!("          {name}: {{{}}}\n", cells.join(", ")));
    }
    let classifier = if case.llm {
        format!(
            "      kind: llm\n      llm:\n        model: clf\n        input_tokens: 200\n        output_tokens: 2\n        matrix:\n{rows}"
        )
    } else {
        format!("      kind: rules\n      rules:\n        matrix:\n{rows}")
    };
    let fallback = case.failure.map_or(String::new(), |f| {
        format!("    fallback:\n      failure: {{a: {f}%}}\n      backups: [c]\n      retries: 1\n      failed_attempts: input\n      escalation_cost: 2\n")
    });
    text.push_str("strategies:\n");
    let mut all = vec![("classified".to_string(), vec!["a"; case.tiers])];
    all.extend(plans.iter().cloned());
    for (suffix, techniques) in &copies {
        for (name, routes) in &all {
            let routes: Vec<String> = names.iter().zip(routes).map(|(n, m)| format!("{n}: {m}")).collect();
            text.push_str(&format!(
                "  - name: {name}{suffix}\n    routes: {{{}}}\n    classifier:\n{classifier}{fallback}{techniques}",
                routes.join(", ")
            ));
        }
        for m in MODELS {
            text.push_str(&format!("  - name: only-{m}{suffix}\n    model: {m}\n{techniques}"));
        }
    }
    text.push_str("baseline: classified\nquality:\n");
    for (m, scores) in MODELS.iter().zip(&case.scores) {
        let cells: Vec<String> = names.iter().zip(scores).map(|(n, s)| format!("{n}: {s}%")).collect();
        text.push_str(&format!("  {m}: {{{}}}\n", cells.join(", ")));
    }
    text
}

/// Every assignment of the models to `tiers` routed tiers.
fn assignments(tiers: usize) -> Vec<Vec<&'static str>> {
    let mut out = vec![Vec::new()];
    for _ in 0..tiers {
        out = out
            .into_iter()
            .flat_map(|a: Vec<&str>| {
                MODELS.iter().map(move |m| {
                    let mut next = a.clone();
                    next.push(m);
                    next
                })
            })
            .collect();
    }
    out
}

fn shown(d: Decimal) -> Decimal {
    d.round_dp(9).normalize()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_frontier_is_what_brute_force_finds(case in case()) {
        let catalog = Catalog::from_source(&Source::new("brute-catalog.yaml", CATALOG)).unwrap();
        let plans: Vec<(String, Vec<&str>)> = assignments(case.tiers)
            .into_iter()
            .enumerate()
            .map(|(i, routes)| (format!("plan-{i}"), routes))
            .collect();
        let every = Scenario::from_source(Source::new("every.yaml", scenario(&case, &plans)), None).unwrap();
        let report = simulate(&every, &catalog).unwrap();
        let points: Vec<(Decimal, Decimal)> = report
            .strategies
            .iter()
            .filter(|s| !s.name.starts_with("classified"))
            .map(|s| (shown(s.total), shown(s.quality.unwrap())))
            .collect();
        let brute: BTreeSet<(Decimal, Decimal)> = points
            .iter()
            .filter(|&&(c, q)| !points.iter().any(|&(c2, q2)| c2 <= c && q2 >= q && (c2, q2) != (c, q)))
            .copied()
            .collect();
        let searched = Scenario::from_source(Source::new("s.yaml", scenario(&case, &[])), None).unwrap();
        let request = Request {
            goal: Goal::Frontier,
            candidates: Candidates::Models(MODELS.iter().map(|m| m.to_string()).collect()),
            techniques: None,
            name: "optimized".to_string(),
        };
        let found: BTreeSet<(Decimal, Decimal)> = optimize(&searched, &catalog, &request)
            .unwrap()
            .frontier
            .iter()
            .map(|p| (p.cost, p.quality))
            .collect();
        let found: Vec<(Decimal, Decimal)> = found.into_iter().collect();
        let brute: Vec<(Decimal, Decimal)> = brute.into_iter().collect();
        let last = Decimal::new(1, 9);
        let close = |a: Decimal, b: Decimal| (a - b).abs() <= last;
        prop_assert!(
            found.len() == brute.len()
                && found.iter().zip(&brute).all(|(f, b)| close(f.0, b.0) && close(f.1, b.1)),
            "searched {:?}, brute force {:?}",
            found,
            brute
        );
    }
}
