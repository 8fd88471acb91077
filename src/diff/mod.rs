//! What a change does to the monthly bill: each scenario priced before (base)
//! and after (head) a new catalog or a changed scenario, strategy by strategy
//! and tier by tier, the per-model price changes behind the difference, and the
//! thresholds a CI run fails on. A scenario's monthly estimate is the cost of
//! one strategy: its baseline, or the one `--strategy` names.

mod cost;
mod models;
mod retired;
mod thresholds;

pub use cost::MonthlyCost;
pub use models::{ModelChange, RateChange};
pub use retired::{Missing, RetiredModels};
pub use thresholds::{Check, Limit, Thresholds, points};

use crate::engine::{CatalogInfo, SimulationReport, StrategyReport, TierReport, simulate};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A comparison that cannot run as asked: nothing to compare, a strategy or
/// a `--map` that names nothing. The command line reports it as a usage
/// error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DiffError(pub String);

/// A scenario and the catalog that prices it, on one side of the comparison.
pub struct Side {
    pub scenario: Scenario,
    pub catalog: Catalog,
}

/// One scenario before and after.
pub struct Pair {
    pub base: Side,
    pub head: Side,
}

impl Pair {
    /// Whether both sides are the same scenario (only the catalog changes), so that
    /// every model the base side uses must be priced on the head side too.
    fn same_workload(&self) -> bool {
        self.base.scenario.source.text == self.head.scenario.source.text
    }
}

/// How to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map OLD=NEW`: price OLD on the head catalog's NEW.
    pub maps: Vec<(String, String)>,
    /// The strategy whose cost is each scenario's estimate; `None`: the baseline.
    pub strategy: Option<String>,
}

/// One tier of a strategy before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierDiff {
    pub tier: String,
    pub past_model: Option<String>,
    pub model: Option<String>,
    #[serde(flatten)]
    pub cost: MonthlyCost,
}

/// A strategy's monthly cost and quality score before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    #[serde(flatten)]
    pub cost: MonthlyCost,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub past_quality: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<Decimal>,
}

impl Figures {
    /// The figures of a strategy on each side; a side without it has none.
    fn of(base: Option<&StrategyReport>, head: Option<&StrategyReport>) -> Self {
        Self {
            cost: MonthlyCost::new(base.map(|s| s.total), head.map(|s| s.total)),
            past_quality: base.and_then(|s| s.quality),
            quality: head.and_then(|s| s.quality),
        }
    }

    fn changed(&self) -> bool {
        self.cost.changed() || self.past_quality != self.quality
    }
}

/// One strategy before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyDiff {
    pub name: String,
    pub kind: &'static str,
    #[serde(flatten)]
    pub figures: Figures,
    pub tiers: Vec<TierDiff>,
}

/// What one side of a scenario was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideInfo {
    pub scenario: String,
    /// The strategy whose cost is the estimate.
    pub strategy: String,
    pub catalog: CatalogInfo,
}

/// One scenario before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioDiff {
    pub name: String,
    pub base: SideInfo,
    pub head: SideInfo,
    /// The monthly estimate: the figures of the chosen strategy on each side.
    #[serde(flatten)]
    pub estimate: Figures,
    pub strategies: Vec<StrategyDiff>,
}

/// Every scenario before and after, and why the figures moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffReport {
    pub currency: String,
    /// The sum of the scenarios' monthly estimates.
    #[serde(flatten)]
    pub total: MonthlyCost,
    pub scenarios: Vec<ScenarioDiff>,
    /// Models priced differently, or replaced, and what that did.
    pub model_changes: Vec<ModelChange>,
    pub thresholds: Vec<Check>,
    pub warnings: Vec<String>,
}

impl DiffReport {
    /// Whether any figure moved: a strategy's cost or quality, or a strategy came or went.
    pub fn changed(&self) -> bool {
        self.scenarios
            .iter()
            .any(|s| s.estimate.changed() || s.strategies.iter().any(|st| st.figures.changed()))
    }
}

/// Prices every pair on both sides and compares them.
pub fn compare(pairs: Vec<Pair>, options: &Options) -> anyhow::Result<DiffReport> {
    let currency = common_currency(&pairs)?;
    let mut scenarios = Vec::with_capacity(pairs.len());
    let mut changes = models::Collector::default();
    let mut missing = Vec::new();
    let mut notes = Notes::default();
    // Each pair's base report and its head catalog with the replacements applied.
    let mut prepared = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let base = simulate(&pair.base.scenario, &pair.base.catalog)?;
        let mut head_catalog = pair.head.catalog.clone();
        retired::apply_maps(&options.maps, &pair.base.catalog, &mut head_catalog)?;
        if pair.same_workload() {
            retired::collect_missing(&mut missing, &base, &pair.base.catalog, &head_catalog);
        }
        prepared.push((base, head_catalog));
    }
    retired::check_maps_used(&options.maps, &pairs, prepared.iter().map(|(base, _)| base))?;
    if !missing.is_empty() {
        return Err(RetiredModels { missing }.into());
    }
    for (pair, (base, head_catalog)) in pairs.iter().zip(prepared) {
        let head = simulate(&pair.head.scenario, &head_catalog)?;
        for w in base.warnings.iter().chain(&head.warnings) {
            notes.add(w.clone());
        }
        scenarios.push(scenario_diff(pair, &base, &head, options)?);
        let sides = models::Sides {
            base: &pair.base.catalog,
            head: &head_catalog,
            maps: &options.maps,
        };
        changes.add(&base, &head, sides);
    }
    let past = scenarios.iter().filter_map(|s| s.estimate.cost.past).sum::<Decimal>();
    let new = scenarios.iter().filter_map(|s| s.estimate.cost.new).sum::<Decimal>();
    Ok(DiffReport {
        currency,
        total: MonthlyCost::new(Some(past), Some(new)),
        scenarios,
        model_changes: changes.finish(),
        thresholds: Vec::new(),
        warnings: notes.iter().cloned().collect(),
    })
}

/// The one currency of every catalog compared.
fn common_currency(pairs: &[Pair]) -> anyhow::Result<String> {
    let mut catalogs = pairs.iter().flat_map(|p| [&p.base.catalog, &p.head.catalog]);
    let Some(first) = catalogs.next() else {
        return Err(DiffError("nothing to compare".into()).into());
    };
    for other in catalogs {
        if other.currency != first.currency {
            anyhow::bail!(
                "catalog {} ({}) prices in {} and catalog {} ({}) in {}; a diff compares one currency",
                first.name,
                first.file,
                first.currency,
                other.name,
                other.file,
                other.currency
            );
        }
    }
    Ok(first.currency.clone())
}

/// The strategy whose cost is the scenario's estimate on one side.
fn estimate<'a>(
    report: &'a SimulationReport,
    scenario: &Scenario,
    options: &Options,
) -> Result<&'a StrategyReport, DiffError> {
    let name = options.strategy.as_deref().unwrap_or(&scenario.baseline);
    report.strategy(name).ok_or_else(|| {
        let names: Vec<&str> = report.strategies.iter().map(|s| s.name.as_str()).collect();
        DiffError(format!(
            "--strategy {name}: scenario `{}` ({}) has no such strategy; it has {}",
            scenario.name,
            scenario.source.name,
            names.join(", ")
        ))
    })
}

fn scenario_diff(
    pair: &Pair,
    base: &SimulationReport,
    head: &SimulationReport,
    options: &Options,
) -> anyhow::Result<ScenarioDiff> {
    let base_estimate = estimate(base, &pair.base.scenario, options)?;
    let head_estimate = estimate(head, &pair.head.scenario, options)?;
    let (base_by_name, head_by_name) = (by_name(base), by_name(head));
    let mut names: Vec<&str> = base.strategies.iter().map(|s| s.name.as_str()).collect();
    names.extend(
        head.strategies
            .iter()
            .map(|s| s.name.as_str())
            .filter(|name| !base_by_name.contains_key(name)),
    );
    let strategies = names
        .into_iter()
        .map(|name| strategy_diff(name, base_by_name.get(name).copied(), head_by_name.get(name).copied()))
        .collect();
    Ok(ScenarioDiff {
        name: head.scenario.name.clone(),
        base: SideInfo {
            scenario: base.scenario.file.clone(),
            strategy: base_estimate.name.clone(),
            catalog: base.catalog.clone(),
        },
        head: SideInfo {
            scenario: head.scenario.file.clone(),
            strategy: head_estimate.name.clone(),
            catalog: head.catalog.clone(),
        },
        estimate: Figures::of(Some(base_estimate), Some(head_estimate)),
        strategies,
    })
}

/// A report's strategies by name.
fn by_name(report: &SimulationReport) -> HashMap<&str, &StrategyReport> {
    report.strategies.iter().map(|s| (s.name.as_str(), s)).collect()
}

fn strategy_diff(name: &str, base: Option<&StrategyReport>, head: Option<&StrategyReport>) -> StrategyDiff {
    let mut tiers: Vec<TierDiff> = Vec::new();
    let head_tiers: HashMap<&str, &TierReport> = head
        .iter()
        .flat_map(|s| &s.tiers)
        .map(|t| (t.tier.as_str(), t))
        .collect();
    let base_tiers: HashSet<&str> = base.iter().flat_map(|s| &s.tiers).map(|t| t.tier.as_str()).collect();
    for t in base.iter().flat_map(|s| &s.tiers) {
        let after = head_tiers.get(t.tier.as_str());
        tiers.push(TierDiff {
            tier: t.tier.clone(),
            past_model: Some(t.model.clone()),
            model: after.map(|a| a.model.clone()),
            cost: MonthlyCost::new(Some(t.cost), after.map(|a| a.cost)),
        });
    }
    for t in head.iter().flat_map(|s| &s.tiers) {
        if !base_tiers.contains(t.tier.as_str()) {
            tiers.push(TierDiff {
                tier: t.tier.clone(),
                past_model: None,
                model: Some(t.model.clone()),
                cost: MonthlyCost::new(None, Some(t.cost)),
            });
        }
    }
    StrategyDiff {
        name: name.to_string(),
        kind: head.or(base).map_or("", |s| s.kind),
        figures: Figures::of(base, head),
        tiers,
    }
}
