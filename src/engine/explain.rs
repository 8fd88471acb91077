//! Every line of a strategy's bill: for each tier, what the techniques did to
//! its tokens, then `tokens × rate = cost` per request and per month, summing
//! exactly to the strategy's total in `simulate`.

use super::report::{CatalogInfo, ScenarioInfo, StrategyReport};
use super::request::{Adjustment, BillLine};
use super::simulate::{catalog_info, scenario_info};
use super::strategy::price_strategy;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// One bill line with its monthly cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedLine {
    #[serde(flatten)]
    pub line: BillLine,
    /// `cost × interactions`.
    pub monthly: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedTier {
    pub tier: String,
    pub model: String,
    pub interactions: Decimal,
    pub input_tokens_per_request: Decimal,
    pub long_context: bool,
    pub cached_prefix: Decimal,
    pub adjustments: Vec<Adjustment>,
    pub lines: Vec<ExplainedLine>,
    pub cost_per_request: Decimal,
    pub cost: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub strategy: String,
    pub tiers: Vec<ExplainedTier>,
    pub total: Decimal,
    pub warnings: Vec<String>,
}

/// The bill of the strategy at `index`, line by line.
pub fn explain(scenario: &Scenario, catalog: &Catalog, index: usize) -> Result<ExplainReport, InputError> {
    let mut notes: Notes = catalog.warnings.clone();
    let strategy = &scenario.strategies[index];
    let priced: StrategyReport = price_strategy(scenario, catalog, index, &strategy.techniques, &mut notes)?;
    let tiers = priced
        .tiers
        .iter()
        .map(|t| ExplainedTier {
            tier: t.tier.clone(),
            model: t.model.clone(),
            interactions: t.interactions,
            input_tokens_per_request: t.request.tokens.input().normalize(),
            long_context: t.bill.long_context,
            cached_prefix: t.bill.prefix,
            adjustments: t.request.adjustments.clone(),
            lines: t
                .bill
                .lines
                .iter()
                .map(|line| ExplainedLine {
                    line: line.clone(),
                    monthly: (line.cost * t.interactions).normalize(),
                })
                .collect(),
            cost_per_request: t.bill.total().normalize(),
            cost: t.cost,
        })
        .collect();
    Ok(ExplainReport {
        scenario: scenario_info(scenario),
        catalog: catalog_info(catalog),
        strategy: strategy.name.clone(),
        tiers,
        total: priced.total,
        warnings: notes.iter().cloned().collect(),
    })
}
