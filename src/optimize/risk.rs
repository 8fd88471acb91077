//! `--risk`: every plan of the frontier sampled by Monte Carlo as a strategy
//! (the same sampled months for all, as `montecarlo` samples a scenario's
//! strategies), its p95 monthly cost, and the plans on the frontier of p95
//! cost against quality.

use super::frontier::{Choice, pareto};
use super::plan::{Plan, strategy};
use crate::montecarlo::{self, Settings, summarize_all};
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// The sampled risk of each frontier plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    pub runs: u64,
    pub seed: u64,
    /// Per frontier plan, in its order: the nearest-rank p95 of its sampled months.
    pub p95: Vec<Decimal>,
    /// The positions of the plans that no other is both lower in p95 and better in quality.
    pub frontier: Vec<usize>,
}

/// Samples the `frontier`'s plans with `settings`.
pub fn risk(scenario: &Scenario, catalog: &Catalog, frontier: &[Plan], settings: Settings) -> anyhow::Result<Risk> {
    let mut plans = scenario.clone();
    plans.strategies = frontier
        .iter()
        .enumerate()
        .map(|(i, plan)| strategy(scenario, plan, &format!("plan {}", i + 1)))
        .collect();
    let samples = montecarlo::sample(&plans, catalog, settings, &|_| {})?;
    let columns: Vec<&[Decimal]> = samples.costs.iter().map(Vec::as_slice).collect();
    let p95: Vec<Decimal> = summarize_all(&columns, None, 1, settings.threads)
        .into_iter()
        .map(|s| s.p95)
        .collect();
    let choices: Vec<Choice> = p95
        .iter()
        .zip(frontier)
        .map(|(&cost, plan)| Choice {
            cost,
            quality: plan.quality,
        })
        .collect();
    let mut on = pareto(&choices);
    on.sort_unstable();
    Ok(Risk {
        runs: settings.runs,
        seed: settings.seed,
        p95,
        frontier: on,
    })
}
