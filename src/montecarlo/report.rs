//! The result of a Monte Carlo run as every exporter and chart reads it, with
//! the chance a self-hosted strategy costs more than the baseline.

use super::stats::{Summary, summarize_all};
use super::{GENERATOR, Samples, Settings};
use crate::engine::{CatalogInfo, ScenarioInfo, SimulationReport, StrategyReport};
use crate::figures;
use crate::notes::Notes;
use crate::scenario::{Scenario, Serving};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// Requests a month no model served, handed to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalations {
    /// `simulate`'s expectation.
    pub expected: Decimal,
    /// The mean over the sampled months.
    pub mean: Decimal,
}

/// One strategy's monthly cost: the exact expectation and the sampled distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Distribution {
    pub name: String,
    /// What `simulate` prices: the cost of the mean workload.
    pub expected: Decimal,
    #[serde(flatten)]
    pub summary: Summary,
    /// For a strategy with a fallback chain.
    pub escalations: Option<Escalations>,
    /// For a self-hosted, provisioned or committed-spend strategy: the share
    /// of sampled months in which it costs more than the baseline (the chance
    /// what it buys or commits does not pay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costlier_than_baseline: Option<Decimal>,
    /// For a committed-spend strategy: the share of sampled months whose
    /// discounted usage falls short of the commitment (and is trued up).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Decimal>,
}

/// What the sampling assumes, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumptions {
    pub volume: String,
    pub interactions: String,
    pub tokens: String,
}

/// Every strategy of a scenario over many sampled months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonteCarloReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub runs: u64,
    pub seed: u64,
    pub generator: String,
    /// How interactions were drawn.
    pub sampling: String,
    pub assumptions: Assumptions,
    pub budget: Option<Decimal>,
    pub strategies: Vec<Distribution>,
    pub warnings: Vec<String>,
}

/// Bins of the histogram each strategy carries (charts and the text sparkline regroup them).
pub const HISTOGRAM_BINS: usize = 48;

impl MonteCarloReport {
    /// The report of `samples`, beside `simulate`'s exact costs.
    pub fn new(
        scenario: &Scenario,
        exact: &SimulationReport,
        samples: &Samples,
        settings: &Settings,
        budget: Option<Decimal>,
    ) -> Self {
        let exact_by_name: HashMap<&str, &StrategyReport> =
            exact.strategies.iter().map(|s| (s.name.as_str(), s)).collect();
        let columns: Vec<&[Decimal]> = samples.costs.iter().map(Vec::as_slice).collect();
        let summaries = summarize_all(&columns, budget, HISTOGRAM_BINS, settings.threads);
        let baseline = samples.strategies.iter().position(|s| *s == exact.baseline);
        let strategies = samples
            .strategies
            .iter()
            .zip(summaries)
            .zip(&samples.escalations)
            .zip(&scenario.strategies)
            .enumerate()
            .map(|(i, (((name, summary), &escalated), strategy))| {
                let exact = exact_by_name.get(name.as_str());
                let rented = exact.is_some_and(|s| s.capacity.is_some() || s.commitment.is_some() || s.spend.is_some());
                let costlier_than_baseline = baseline
                    .filter(|&b| rented && b != i)
                    .map(|b| share_above(&samples.costs[i], &samples.costs[b]));
                let shortfall = exact
                    .and_then(|s| s.spend.as_ref())
                    .map(|bill| share_trued_up(&samples.costs[i], bill.commitment));
                Distribution {
                    name: name.clone(),
                    expected: exact.map_or(Decimal::ZERO, |s| s.total),
                    summary,
                    escalations: strategy.fallback.as_ref().map(|_| Escalations {
                        expected: exact.map_or(Decimal::ZERO, |s| s.escalations),
                        mean: mean(escalated, settings.runs),
                    }),
                    costlier_than_baseline,
                    shortfall,
                }
            })
            .collect();
        let mut warnings = Notes::default();
        warnings.extend(&samples.notes);
        for w in &exact.warnings {
            warnings.add(w.clone());
        }
        Self {
            scenario: exact.scenario.clone(),
            catalog: exact.catalog.clone(),
            runs: settings.runs,
            seed: settings.seed,
            generator: GENERATOR.to_string(),
            sampling: if settings.exact_up_to == u64::MAX {
                "every interaction drawn".to_string()
            } else {
                format!(
                    "interactions drawn one by one in cells of up to {} a month; larger cells as exact counts with log-normal sums of token factors",
                    figures::tokens(Decimal::from(settings.exact_up_to))
                )
            },
            assumptions: assumptions(scenario),
            budget,
            strategies,
            warnings: warnings.iter().cloned().collect(),
        }
    }
}

/// The mean of `total` escalations over `runs` runs. A run escalates at most
/// its interactions, a `u64`, so the mean's whole part is a `u64` too (the
/// fallback is never taken); the rest is below `runs`.
fn mean(total: u128, runs: u64) -> Decimal {
    let runs = runs.max(1);
    let whole = u64::try_from(total / u128::from(runs)).unwrap_or(u64::MAX);
    let rest = (total % u128::from(runs)) as u64;
    (Decimal::from(whole) + Decimal::from(rest) / Decimal::from(runs)).normalize()
}

/// The volume law and the token spreads, in words.
fn assumptions(scenario: &Scenario) -> Assumptions {
    let u = &scenario.uncertainty;
    let volume = match u.daily_volume_cv {
        Some(cv) if !cv.is_zero() => format!(
            "Poisson around a daily rate that varies from day to day (gamma, coefficient of variation {})",
            figures::percent_of(cv)
        ),
        _ => "Poisson around the scenario's daily rate".to_string(),
    };
    let spreads: Vec<String> = scenario
        .tiers
        .iter()
        .zip(&u.spreads)
        .filter(|(_, s)| !(s.input_cv.is_zero() && s.output_cv.is_zero()))
        .map(|(t, s)| {
            format!(
                "{} input ±{}, output ±{}",
                t.name,
                figures::percent_of(s.input_cv),
                figures::percent_of(s.output_cv)
            )
        })
        .collect();
    let tokens = if spreads.is_empty() {
        "fixed at each tier's mean (the scenario sets no spread)".to_string()
    } else {
        format!(
            "log-normal around each tier's mean (coefficient of variation): {}",
            spreads.join("; ")
        )
    };
    let mut interactions =
        "tier, cache hit, batch and early stop of each drawn with the scenario's shares and rates".to_string();
    let routes = scenario.strategies.iter().any(|s| {
        !s.classifier.matrix.is_perfect()
            || s.classifier.llm.is_some()
            || s.fallback.is_some()
            || matches!(s.serving, Serving::Cascade(_))
    });
    if routes {
        interactions.push_str(
            "; then, per strategy, the tier its classifier routes it as (and whether the LLM classifier is called), failed attempts on each model, whether a cascade keeps each answer, and escalation to a person",
        );
    }
    Assumptions {
        volume,
        interactions,
        tokens,
    }
}

/// The share of runs in which `costs` is above `baseline`'s cost of the same run.
fn share_above(costs: &[Decimal], baseline: &[Decimal]) -> Decimal {
    share(costs.iter().zip(baseline).filter(|(c, b)| c > b).count(), costs.len())
}

/// The share of runs a committed spend of `commitment` trues up: those whose
/// cost is the commitment (the discounted usage at or below it).
fn share_trued_up(costs: &[Decimal], commitment: Decimal) -> Decimal {
    share(costs.iter().filter(|c| **c <= commitment).count(), costs.len())
}

/// `count` of `runs`, as a fraction.
fn share(count: usize, runs: usize) -> Decimal {
    if runs == 0 {
        Decimal::ZERO
    } else {
        crate::money::carry(Decimal::from(count) / Decimal::from(runs))
    }
}
