//! A validated price catalog: models and their rates, per 1,000,000 tokens
//! (per-request fees per request), exact decimals throughout.

use crate::notes::Notes;
use crate::tariff::{CommittedSpend, Deployment, Provisioned};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The rates of one billing situation, per 1M tokens. Optional rates fall back
/// as `rates.rs` documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateCard {
    pub input: Decimal,
    pub output: Decimal,
    /// Cache reads; `None` means the model has no prompt caching.
    pub cached_input: Option<Decimal>,
    /// Cache writes with the default (5-minute) lifetime; `None` means writes
    /// bill at the input rate (no separate write charge).
    pub cache_write: Option<Decimal>,
    /// Cache writes with a 1-hour lifetime.
    pub cache_write_1h: Option<Decimal>,
    /// Hidden reasoning tokens; `None` means the output rate.
    pub reasoning: Option<Decimal>,
}

/// The rates of a billing class other than standard: the batch API (each
/// missing rate is half the standard one) or a service tier, priority or flex
/// (input and output always given; a missing cache rate is the standard one
/// scaled like input), as `tariff/rates.rs` resolves them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassRates {
    pub input: Option<Decimal>,
    pub output: Option<Decimal>,
    pub cached_input: Option<Decimal>,
    pub cache_write: Option<Decimal>,
}

/// Rates that replace every standard rate of a request whose input exceeds
/// `above_tokens` (the whole request, as providers bill it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongContext {
    pub above_tokens: u64,
    pub rates: RateCard,
    pub batch: ClassRates,
    /// Service-tier rates above the threshold, when the catalog lists them.
    pub tiers: ServiceTiers,
}

/// The service tiers a model is sold in besides standard, with their rates;
/// `None`: the provider does not sell the tier for this model (or the catalog
/// does not say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceTiers {
    pub priority: Option<ClassRates>,
    pub flex: Option<ClassRates>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub id: String,
    pub provider: String,
    pub aliases: Vec<String>,
    pub standard: RateCard,
    pub batch: ClassRates,
    pub long_context: Option<LongContext>,
    /// Priority and flex rates (`tariff/rates.rs`).
    pub tiers: ServiceTiers,
    /// Regional endpoints priced above the model's list price: the region's
    /// name and the multiplier of every token rate (1.1 for a 10% uplift).
    pub regions: BTreeMap<String, Decimal>,
    /// Reasoning tokens per visible output token, when a tier gives none.
    pub reasoning_ratio: Option<Decimal>,
    /// The smallest prefix the provider caches, as the catalog states it;
    /// `None` when it is silent (`tariff::cache_minimum` then applies the
    /// provider's documented minimum).
    pub min_cacheable_tokens: Option<u64>,
    /// An explicit cache's storage fee per 1M tokens per hour it is kept
    /// (Gemini's explicit context caching; `tariff::cache_storage`).
    pub cache_storage: Option<Decimal>,
    /// A fee per request made, in currency units.
    pub per_request: Decimal,
    pub context_window: Option<u64>,
    /// A larger window the provider sells on request (a beta header, a
    /// higher usage tier): a request above `context_window` that fits it is
    /// served, with a note, usually at the long-context rates.
    pub extended_context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub deprecation_date: Option<NaiveDate>,
    pub successor: Option<String>,
    /// The price periods the catalog lists for the model, when it lists
    /// several; the rates above are those of the catalog's `as_of`
    /// (`history.rs` chooses the period of a day).
    pub history: Option<Box<History>>,
}

/// A model's price periods, in order of their days, none overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub periods: Vec<PricePeriod>,
    /// Where the catalog lists them: the file, line and field an error names.
    pub(crate) located: crate::input::InputError,
}

/// The rates of a model from `from` (inclusive) to `until` (exclusive); an
/// open end holds for every day before or after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricePeriod {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub standard: RateCard,
    pub batch: ClassRates,
    /// Priority and flex rates (`tariff/rates.rs`).
    pub tiers: ServiceTiers,
    pub long_context: Option<LongContext>,
    pub per_request: Decimal,
}

impl Catalog {
    /// The self-hosted deployment `model` stands for, if it is one.
    pub fn deployment(&self, model: &Model) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.id == model.id)
    }

    /// The provisioned-throughput offer `model` stands for, if it is one.
    pub fn provisioned(&self, model: &Model) -> Option<&Provisioned> {
        self.offers.iter().find(|o| o.id == model.id)
    }

    /// The committed-spend offer `model` stands for, if it is one.
    pub fn committed_spend(&self, model: &Model) -> Option<&CommittedSpend> {
        self.spends.iter().find(|o| o.id == model.id)
    }
}

impl Model {
    /// Whether the model is one of Anthropic's, at Anthropic or on another platform.
    pub fn is_anthropic(&self) -> bool {
        self.provider == "anthropic" || self.id.contains("claude")
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub name: String,
    pub as_of: NaiveDate,
    pub currency: String,
    pub source: String,
    pub notes: Option<String>,
    /// The file it was read from, as the user named it.
    pub file: String,
    pub models: Vec<Model>,
    /// Self-hosted deployments, each also in `models` (at zero rates) under
    /// its id, so a strategy names one as it names a model.
    pub deployments: Vec<Deployment>,
    /// Provisioned-throughput offers, each also in `models` (at its served
    /// model's list rates) under its id.
    pub offers: Vec<Provisioned>,
    /// Committed-spend offers, each also in `models` (at its model's list
    /// rates) under its id.
    pub spends: Vec<CommittedSpend>,
    /// Implausible but legal prices found while loading.
    pub warnings: Notes,
    /// Ids and aliases to positions in `models`.
    pub(super) index: HashMap<String, usize>,
}
