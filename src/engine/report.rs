//! The results of pricing a scenario, as every exporter reads them. Money is
//! exact (`Decimal`, trailing zeros removed); JSON carries it as strings.

use super::request::{Bill, Part, Shaped};
use crate::techniques::Technique;
use rust_decimal::Decimal;
use serde::Serialize;
use std::iter::Sum;
use std::ops::Add;

/// A cost split into what it pays for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Components {
    pub input: Decimal,
    pub cached_input: Decimal,
    pub cache_write: Decimal,
    pub output: Decimal,
    pub reasoning: Decimal,
    pub fees: Decimal,
}

impl Components {
    /// The parts of one request's bill.
    pub fn of(bill: &Bill) -> Self {
        Self {
            input: bill.part(Part::Input),
            cached_input: bill.part(Part::CacheRead),
            cache_write: bill.part(Part::CacheWrite),
            output: bill.part(Part::Output),
            reasoning: bill.part(Part::Reasoning),
            fees: bill.part(Part::Fee),
        }
    }

    /// Every part multiplied by `factor` (requests a month), trailing zeros removed.
    pub fn times(&self, factor: Decimal) -> Self {
        let m = |v: Decimal| (v * factor).normalize();
        Self {
            input: m(self.input),
            cached_input: m(self.cached_input),
            cache_write: m(self.cache_write),
            output: m(self.output),
            reasoning: m(self.reasoning),
            fees: m(self.fees),
        }
    }

    pub fn total(&self) -> Decimal {
        self.input + self.cached_input + self.cache_write + self.output + self.reasoning + self.fees
    }
}

impl Add for Components {
    type Output = Components;

    fn add(self, o: Components) -> Components {
        Components {
            input: self.input + o.input,
            cached_input: self.cached_input + o.cached_input,
            cache_write: self.cache_write + o.cache_write,
            output: self.output + o.output,
            reasoning: self.reasoning + o.reasoning,
            fees: self.fees + o.fees,
        }
    }
}

impl Sum for Components {
    fn sum<I: Iterator<Item = Components>>(iter: I) -> Components {
        iter.fold(Components::default(), Add::add)
    }
}

/// One tier of one strategy, for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierReport {
    pub tier: String,
    pub model: String,
    pub share: Decimal,
    pub interactions: Decimal,
    /// Input tokens a month, after the techniques.
    pub input_tokens: Decimal,
    /// Visible output tokens a month, after the techniques.
    pub output_tokens: Decimal,
    pub reasoning_tokens: Decimal,
    pub cost: Decimal,
    pub components: Components,
    /// One request's tokens and bill, for `explain`.
    #[serde(skip)]
    pub request: Shaped,
    #[serde(skip)]
    pub bill: Bill,
}

/// A difference against the baseline strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delta {
    pub difference: Decimal,
    /// `difference / baseline × 100`, rounded to 6 places; `None` for a free baseline.
    pub percent: Option<Decimal>,
}

/// One strategy for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyReport {
    pub name: String,
    pub kind: &'static str,
    pub techniques: Vec<Technique>,
    pub total: Decimal,
    pub per_interaction: Decimal,
    pub vs_baseline: Option<Delta>,
    pub components: Components,
    pub tiers: Vec<TierReport>,
    /// The expected quality score in [0, 1], when the scenario gives scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
    pub file: String,
    pub interactions_per_month: Decimal,
    pub interactions_per_day: Option<Decimal>,
    pub days_per_month: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogInfo {
    pub name: String,
    pub as_of: String,
    pub currency: String,
    pub source: String,
    pub file: String,
}

/// Every strategy of a scenario priced against one catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimulationReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub baseline: String,
    pub strategies: Vec<StrategyReport>,
    pub warnings: Vec<String>,
}

impl SimulationReport {
    pub fn strategy(&self, name: &str) -> Option<&StrategyReport> {
        self.strategies.iter().find(|s| s.name == name)
    }
}
