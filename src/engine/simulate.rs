//! A whole scenario priced against a catalog: every strategy, its difference to
//! the baseline, and the warnings a reader should see.

use super::report::{CatalogInfo, Delta, ScenarioInfo, SimulationReport, StrategyReport};
use super::strategy::price_strategy;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use chrono::Days;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashSet;

/// Days before a model's retirement from which a run warns.
const DEPRECATION_WARNING_DAYS: u64 = 90;

/// Prices every strategy of `scenario` with its own techniques.
pub fn simulate(scenario: &Scenario, catalog: &Catalog) -> Result<SimulationReport, InputError> {
    let mut notes = Notes::default();
    let mut strategies = Vec::with_capacity(scenario.strategies.len());
    for (i, strategy) in scenario.strategies.iter().enumerate() {
        strategies.push(price_strategy(scenario, catalog, i, &strategy.techniques, &mut notes)?);
    }
    let baseline_total = strategies
        .iter()
        .find(|s| s.name == scenario.baseline)
        .map_or(Decimal::ZERO, |s| s.total);
    for s in &mut strategies {
        s.vs_baseline = Some(delta(s.total, baseline_total));
    }
    model_notes(&strategies, catalog, &mut notes);
    Ok(SimulationReport {
        scenario: scenario_info(scenario),
        catalog: catalog_info(catalog),
        baseline: scenario.baseline.clone(),
        strategies,
        warnings: notes.iter().cloned().collect(),
    })
}

/// `total - reference`, and that as a percentage of the reference: a strategy
/// against the baseline, a new cost against the old one.
pub fn delta(total: Decimal, reference: Decimal) -> Delta {
    let difference = (total - reference).normalize();
    // No percentage of a free reference, nor of one so small the ratio leaves a decimal's range.
    let percent = difference
        .checked_div(reference)
        .and_then(|ratio| ratio.checked_mul(Decimal::ONE_HUNDRED))
        .map(|p| {
            p.round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
                .normalize()
        });
    Delta { difference, percent }
}

/// Warns about the models the strategies use: implausible prices, the price
/// period that applies (a catalog with price history), and retirement
/// past or within 90 days of the catalog's date.
pub(super) fn model_notes(strategies: &[StrategyReport], catalog: &Catalog, notes: &mut Notes) {
    let horizon = catalog.as_of.checked_add_days(Days::new(DEPRECATION_WARNING_DAYS));
    // Each model once, however many tiers it serves.
    let models: HashSet<&String> = strategies
        .iter()
        .flat_map(|s| &s.tiers)
        .flat_map(|t| std::iter::once(&t.model).chain(t.served.iter().map(|s| &s.model)))
        .collect();
    for id in models {
        let Ok(model) = catalog.model(id) else {
            continue;
        };
        for warning in catalog.price_warnings(model) {
            notes.add(warning);
        }
        if let Some(period) = model.period_note(catalog.as_of) {
            notes.add(period);
        }
        let Some(date) = model.deprecation_date else { continue };
        if horizon.is_some_and(|h| date > h) {
            continue;
        }
        let when = if date <= catalog.as_of {
            "was deprecated on"
        } else {
            "is deprecated on"
        };
        let successor = match &model.successor {
            Some(s) if catalog.model(s).is_err() => format!("; successor: {s} (not in this catalog)"),
            Some(s) => format!("; successor: {s}"),
            None => String::new(),
        };
        notes.add(format!(
            "model {} {when} {date} (catalog {} is as of {}){successor}",
            model.id, catalog.name, catalog.as_of
        ));
    }
}

pub(super) fn scenario_info(scenario: &Scenario) -> ScenarioInfo {
    ScenarioInfo {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        file: scenario.source.name.clone(),
        interactions_per_month: scenario.volume.per_month.normalize(),
        interactions_per_day: scenario.volume.per_day.map(|(d, _)| d),
        days_per_month: scenario.volume.per_day.map(|(_, days)| days),
    }
}

pub(super) fn catalog_info(catalog: &Catalog) -> CatalogInfo {
    CatalogInfo {
        name: catalog.name.clone(),
        as_of: catalog.as_of.to_string(),
        currency: catalog.currency.clone(),
        source: catalog.source.clone(),
        file: catalog.file.clone(),
    }
}
