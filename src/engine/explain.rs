//! Every line of a strategy's bill: for each tier, what the techniques did to
//! its tokens, then every call that served it (answers, classifier calls,
//! rejected cascade answers and judge calls, failed attempts) as
//! `tokens × rate = cost` per call and per month, and the people handling what
//! no model served, a self-hosted deployment's rent, and a provisioned
//! commitment's reservation less the calls it carries, or a committed
//! spend's discount and true-up; summing exactly to
//! the strategy's total in `simulate`.

use super::report::{CatalogInfo, Role, ScenarioInfo, StrategyReport};
use super::shape::Adjustment;
use super::simulate::{catalog_info, model_notes, scenario_info};
use super::strategy::price_strategy;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use crate::tariff::{BillLine, CapacityBill, CommitmentBill, Service, SpendBill, StorageBill};
use rust_decimal::Decimal;
use serde::Serialize;

/// One bill line with its monthly cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedLine {
    #[serde(flatten)]
    pub line: BillLine,
    /// `cost × calls a month`.
    pub monthly: Decimal,
}

/// One kind of call that served a tier: its role, model, calls a month and bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedCall {
    pub role: Role,
    pub model: String,
    /// Expected calls a month.
    pub calls: Decimal,
    pub long_context: bool,
    pub cached_prefix: Decimal,
    /// The region's multiplier in every token rate of the lines (1: none).
    pub region_multiplier: Decimal,
    /// What each part of the prefix put in the cache, and the rule that cut it.
    pub cached: crate::tariff::Cached,
    pub cache_rule: Option<String>,
    /// The probability that the history part missed after a switch of model.
    pub history_lost: Decimal,
    pub lines: Vec<ExplainedLine>,
    pub cost_per_call: Decimal,
    pub cost: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedTier {
    pub tier: String,
    pub model: String,
    pub interactions: Decimal,
    pub input_tokens_per_request: Decimal,
    pub adjustments: Vec<Adjustment>,
    pub calls: Vec<ExplainedCall>,
    /// Requests no model served, a month, and what people handling them cost.
    pub escalations: Decimal,
    pub escalation_cost: Decimal,
    pub cost: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub strategy: String,
    /// The strategy's service tiers and region.
    pub service: Service,
    pub tiers: Vec<ExplainedTier>,
    pub total: Decimal,
    /// A self-hosted deployment's rent, part of `total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityBill>,
    /// A provisioned commitment's month: `total` is the tiers' calls, plus
    /// its reservation, less the calls its units carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<CommitmentBill>,
    /// A committed-spend month: `total` is the tiers' calls, less the
    /// discount, plus the true-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend: Option<SpendBill>,
    /// Explicit caches' storage, part of `total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageBill>,
    pub warnings: Vec<String>,
}

/// The bill of the strategy at `index`, line by line.
pub fn explain(scenario: &Scenario, catalog: &Catalog, index: usize) -> Result<ExplainReport, InputError> {
    let mut notes = Notes::default();
    let strategy = &scenario.strategies[index];
    let priced: StrategyReport = price_strategy(scenario, catalog, index, &strategy.techniques, &mut notes)?;
    model_notes(std::slice::from_ref(&priced), catalog, &mut notes);
    let tiers = priced
        .tiers
        .iter()
        .map(|t| ExplainedTier {
            tier: t.tier.clone(),
            model: t.model.clone(),
            interactions: t.interactions,
            input_tokens_per_request: t.request.tokens.input().normalize(),
            adjustments: t.request.adjustments.clone(),
            calls: t
                .served
                .iter()
                .map(|s| ExplainedCall {
                    role: s.role,
                    model: s.model.clone(),
                    calls: s.requests,
                    long_context: s.bill.long_context,
                    cached_prefix: s.bill.prefix,
                    region_multiplier: s.bill.region_multiplier,
                    cached: s.bill.cached.clone(),
                    cache_rule: s.bill.cache_rule.clone(),
                    history_lost: s.bill.history_lost,
                    lines: s
                        .bill
                        .lines
                        .iter()
                        .map(|line| ExplainedLine {
                            line: line.clone(),
                            monthly: line.monthly(s.requests),
                        })
                        .collect(),
                    cost_per_call: s.bill.total().normalize(),
                    cost: s.cost,
                })
                .collect(),
            escalations: t.escalations,
            escalation_cost: t.components.human,
            cost: t.cost,
        })
        .collect();
    Ok(ExplainReport {
        scenario: scenario_info(scenario),
        catalog: catalog_info(catalog),
        strategy: strategy.name.clone(),
        service: strategy.service.clone(),
        tiers,
        total: priced.total,
        capacity: priced.capacity,
        commitment: priced.commitment,
        spend: priced.spend,
        storage: priced.storage,
        warnings: notes.iter().cloned().collect(),
    })
}
