//! The results of pricing a scenario, as every exporter reads them. Money is
//! exact (`Decimal`, trailing zeros removed); JSON carries it as strings.

use super::shape::Shaped;
use crate::money::carry;
use crate::tariff::{Bill, CapacityBill, CommitmentBill, Part, SpendBill, StorageBill};
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
    /// People handling the requests no model served (fallback escalations).
    pub human: Decimal,
}

impl Components {
    /// The parts of `calls` calls of `bill`: each line's monthly cost, carried, summed by part.
    pub fn of_calls(bill: &Bill, calls: Decimal) -> Self {
        let part = |part: Part| -> Decimal {
            bill.lines
                .iter()
                .filter(|l| l.part == part)
                .map(|l| l.monthly(calls))
                .sum::<Decimal>()
                .normalize()
        };
        Self {
            input: part(Part::Input),
            cached_input: part(Part::CacheRead),
            cache_write: part(Part::CacheWrite),
            output: part(Part::Output),
            reasoning: part(Part::Reasoning),
            fees: part(Part::Fee),
            human: Decimal::ZERO,
        }
    }

    /// Every part multiplied by `factor` (requests a month), carried.
    pub fn times(&self, factor: Decimal) -> Self {
        let m = |v: Decimal| carry(v * factor);
        Self {
            input: m(self.input),
            cached_input: m(self.cached_input),
            cache_write: m(self.cache_write),
            output: m(self.output),
            reasoning: m(self.reasoning),
            fees: m(self.fees),
            human: m(self.human),
        }
    }

    /// Every part with its trailing zeros removed.
    pub fn normalized(&self) -> Self {
        self.times(Decimal::ONE)
    }

    pub fn total(&self) -> Decimal {
        self.input + self.cached_input + self.cache_write + self.output + self.reasoning + self.fees + self.human
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
            human: self.human + o.human,
        }
    }
}

impl Sum for Components {
    fn sum<I: Iterator<Item = Components>>(iter: I) -> Components {
        iter.fold(Components::default(), Add::add)
    }
}

/// Why a model was called for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The LLM classifier deciding the request's tier.
    Classifier,
    /// An answer that was used.
    Answer,
    /// A cascade's answer the judge rejected: paid for, not used.
    Rejected,
    /// A cascade's judge checking an answer.
    Verifier,
    /// An attempt that failed (timeout, outage), billed as the fallback says.
    Failed,
}

impl Role {
    /// The name exports use.
    pub fn name(self) -> &'static str {
        match self {
            Role::Classifier => "classifier",
            Role::Answer => "answer",
            Role::Rejected => "rejected",
            Role::Verifier => "verifier",
            Role::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Classifier => "classifier",
            Role::Answer => "answer",
            Role::Rejected => "rejected answer",
            Role::Verifier => "verifier",
            Role::Failed => "failed attempt",
        }
    }
}

/// One kind of call that served a tier's requests: what it was for, the model,
/// expected calls a month, one call's bill and the month's cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Served {
    pub role: Role,
    pub model: String,
    /// Expected calls a month.
    pub requests: Decimal,
    pub cost: Decimal,
    pub components: Components,
    /// One call's bill (for a failed attempt, what it is billed).
    #[serde(skip)]
    pub bill: Bill,
}

/// What routing, cascades and fallbacks move, in money, relative to every
/// request answered once by its own tier's model (`cost - total()`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Extras {
    /// LLM classifier calls.
    pub classifier: Decimal,
    /// Misrouted requests served by another tier's model, against perfect routing.
    pub misrouting: Decimal,
    /// Rejected cascade answers and judge calls.
    pub cascade: Decimal,
    /// What failures change: failed attempts billed, backups answering, requests left unserved.
    pub fallback: Decimal,
    /// People handling the requests no model served.
    pub escalation: Decimal,
}

impl Extras {
    pub fn total(&self) -> Decimal {
        self.classifier + self.misrouting + self.cascade + self.fallback + self.escalation
    }

    /// Every part with its trailing zeros removed.
    pub fn normalized(&self) -> Self {
        self.times(Decimal::ONE)
    }

    pub fn times(&self, factor: Decimal) -> Self {
        let m = |v: Decimal| carry(v * factor);
        Self {
            classifier: m(self.classifier),
            misrouting: m(self.misrouting),
            cascade: m(self.cascade),
            fallback: m(self.fallback),
            escalation: m(self.escalation),
        }
    }
}

impl Add for Extras {
    type Output = Extras;

    fn add(self, o: Extras) -> Extras {
        Extras {
            classifier: self.classifier + o.classifier,
            misrouting: self.misrouting + o.misrouting,
            cascade: self.cascade + o.cascade,
            fallback: self.fallback + o.fallback,
            escalation: self.escalation + o.escalation,
        }
    }
}

impl Sum for Extras {
    fn sum<I: Iterator<Item = Extras>>(iter: I) -> Extras {
        iter.fold(Extras::default(), Add::add)
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
    /// The full cost of the tier's requests: every call made for them and
    /// the people handling those no model served.
    pub cost: Decimal,
    pub components: Components,
    /// One request's tokens and bill on `model` (the tier's own, or a
    /// cascade's first), for `explain`.
    #[serde(skip)]
    pub request: Shaped,
    #[serde(skip)]
    pub bill: Bill,
    /// Every kind of call made for the tier's requests; their costs and
    /// `components.human` add up to `cost`.
    pub served: Vec<Served>,
    pub extras: Extras,
    /// Requests a month that no model served.
    pub escalations: Decimal,
    /// The expected share of good answers, when quality scores cover every answering model.
    pub quality: Option<Decimal>,
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
    /// `none`, `rules`, `llm` or `hybrid`.
    pub classifier: &'static str,
    pub extras: Extras,
    /// Requests a month that no model served.
    pub escalations: Decimal,
    /// The expected share of good answers, when quality scores cover the strategy.
    pub quality: Option<Decimal>,
    /// `total / (interactions × quality)`.
    pub cost_per_success: Option<Decimal>,
    /// A self-hosted deployment's month (its rent is part of `total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityBill>,
    /// A provisioned commitment's month (`total` is its total: the
    /// reservation and the overflow share of the tiers' calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<CommitmentBill>,
    /// A committed-spend month (`total` is its total: the discounted calls,
    /// trued up to the commitment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend: Option<SpendBill>,
    /// Explicit caches' storage for the month, part of `total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<StorageBill>,
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
