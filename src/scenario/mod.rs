//! Workload scenarios: what a month of interactions looks like, which strategies
//! serve it, and which techniques they use. `load` turns the file into these
//! types and checks everything that does not need the catalog.

mod load;
mod pick;
mod positions;
mod raw;
mod shares;
mod techniques;
mod uncertainty;
mod volume;

pub(crate) use load::{Counts, MAX_TOKENS, token_counts};
pub use pick::StrategyError;
pub(crate) use positions::Positions;
pub(crate) use raw::{RawCall, RawCascade, RawClassifier, RawFallback, RawMatrix, RawRulesClassifier};
pub(crate) use shares::{exact_percent, to_one_hundred};
pub(crate) use techniques::{unit, unknown_tier};
pub use volume::{DEFAULT_DAYS_PER_MONTH, Volume, VolumeError};

use crate::input::Source;
use crate::routing::{Cascade, Classifier, Fallback, Quality};
use crate::tariff::Service;
use crate::techniques::{Technique, Techniques};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The tokens of one interaction of a tier, before any technique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierTokens {
    /// The static, cacheable prefix (system prompt).
    pub system: u64,
    /// Retrieved documents.
    pub context: u64,
    /// Earlier turns of the conversation.
    pub history: u64,
    /// The rest of the input: the user's message.
    pub user: u64,
    /// Visible output.
    pub output: u64,
    /// Hidden reasoning tokens; `None` lets the model's default ratio apply.
    pub reasoning: Option<u64>,
}

impl TierTokens {
    /// All input tokens.
    pub fn input(&self) -> u64 {
        self.system + self.context + self.history + self.user
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub name: String,
    /// The tier's share of interactions, in [0, 1]; shares sum to 1.
    pub share: Decimal,
    pub tokens: TierTokens,
}

/// Which model serves which tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Serving {
    /// Every tier on one model.
    Single(String),
    /// A model per tier; the strategy's classifier decides each request's tier.
    Routed(BTreeMap<String, String>),
    /// Models tried in order until one's answer is accepted.
    Cascade(Cascade),
}

impl Serving {
    /// The model a request of `tier` goes to first. Validation guarantees every tier has one.
    pub fn model_for<'a>(&'a self, tier: &str) -> Option<&'a str> {
        match self {
            Serving::Single(model) => Some(model),
            Serving::Routed(routes) => routes.get(tier).map(String::as_str),
            Serving::Cascade(cascade) => cascade.models.first().map(String::as_str),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Serving::Single(_) => "single",
            Serving::Routed(_) => "routed",
            Serving::Cascade(_) => "cascade",
        }
    }
}

/// The spread of one tier's token counts: coefficients of variation of a
/// log-normal factor around the mean (0: the counts are fixed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spread {
    /// Scales the variable input of an interaction: context, history and user message.
    pub input_cv: Decimal,
    /// Scales its output: visible and reasoning tokens.
    pub output_cv: Decimal,
}

/// What Monte Carlo draws around the scenario's means. Without the section:
/// Poisson daily volume and fixed token counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Uncertainty {
    /// Coefficient of variation of each day's rate (a gamma-Poisson mixture);
    /// `None`: Poisson.
    pub daily_volume_cv: Option<Decimal>,
    /// One spread per tier, in the order of `Scenario::tiers`.
    pub spreads: Vec<Spread>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    pub name: String,
    pub serving: Serving,
    /// The scenario's default techniques with this strategy's overrides applied.
    pub techniques: Techniques,
    /// How a routed strategy's requests find their tier (labelled, for the other plans).
    pub classifier: Classifier,
    pub fallback: Option<Fallback>,
    /// The techniques the strategy sets or switches off itself; the others
    /// follow the scenario's defaults.
    pub overrides: Vec<Technique>,
    /// Its calls' service tiers and region (`service_tier`, `region`).
    pub service: Service,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The catalog the scenario names, resolved against the scenario's folder.
    pub catalog: Option<PathBuf>,
    pub volume: Volume,
    /// The busiest hour's traffic over the mean hour of its day (1 to 24;
    /// 1 when not given): what capacity is sized against (docs/capacity.md).
    pub peak_to_mean: Decimal,
    pub tiers: Vec<Tier>,
    pub strategies: Vec<Strategy>,
    pub baseline: String,
    /// Quality scores per model and tier, when the scenario gives them.
    pub quality: Option<Quality>,
    /// The techniques every strategy inherits unless it overrides them.
    pub techniques: Techniques,
    /// What Monte Carlo draws around the means (the `uncertainty` section).
    pub uncertainty: Uncertainty,
    /// The document, kept to locate errors found when pricing against a catalog.
    pub source: Source,
}

impl Scenario {
    /// The interactions a month of tier `t`: the volume times the tier's share.
    pub fn tier_interactions(&self, t: usize) -> Decimal {
        (self.volume.per_month * self.tiers[t].share).normalize()
    }

    /// The position of a strategy in `strategies`.
    pub fn strategy_index(&self, name: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.name == name)
    }
}
