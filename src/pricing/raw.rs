//! The catalog file as written: serde types only, validated by `load`.
//!
//! The rate fields repeat in `RawModel` and `RawLongContext` instead of sharing
//! one `#[serde(flatten)]` struct: flatten buffers values, and a buffered YAML
//! number reaches us as an f64, which would break exact prices.

use crate::input::{ExactDecimal, Fraction};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalog {
    pub name: String,
    pub as_of: String,
    pub currency: String,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub models: BTreeMap<String, RawModel>,
    /// Deployments rented by the hour, priced by `tariff::Deployment`.
    #[serde(default)]
    pub self_hosted: BTreeMap<String, RawDeployment>,
    /// Provider throughput reserved by the hour, priced by `tariff::Provisioned`.
    #[serde(default)]
    pub provisioned: BTreeMap<String, RawProvisioned>,
    /// Discounts for a committed monthly spend, priced by `tariff::CommittedSpend`.
    #[serde(default)]
    pub committed_spend: BTreeMap<String, RawCommittedSpend>,
}

/// A committed-spend offer as written (docs/capacity.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommittedSpend {
    pub model: String,
    pub commitment_per_month: ExactDecimal,
    pub discount: Fraction,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A provisioned-throughput offer as written (docs/capacity.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvisioned {
    pub model: String,
    pub unit: String,
    pub unit_hourly: ExactDecimal,
    pub input_tokens_per_minute: ExactDecimal,
    pub output_tokens_per_minute: ExactDecimal,
    pub min_units: Option<u32>,
    pub increment: Option<u32>,
    pub units: Option<u32>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A self-hosted deployment as written (docs/capacity.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeployment {
    pub serves: String,
    pub accelerator: String,
    pub accelerator_hourly: ExactDecimal,
    pub accelerators_per_replica: Option<u32>,
    pub input_tokens_per_second: ExactDecimal,
    pub output_tokens_per_second: ExactDecimal,
    pub latency_target: String,
    pub utilisation: Fraction,
    pub min_replicas: Option<u32>,
    #[serde(default)]
    pub scale_to_peak: bool,
    pub overhead_per_month: Option<ExactDecimal>,
    pub context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub provider: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The rates of a model without price periods; a model with `periods`
    /// gives them in each period instead.
    pub input: Option<ExactDecimal>,
    pub output: Option<ExactDecimal>,
    pub cached_input: Option<ExactDecimal>,
    pub cache_write: Option<ExactDecimal>,
    pub cache_write_1h: Option<ExactDecimal>,
    pub reasoning: Option<ExactDecimal>,
    pub periods: Option<Vec<RawPeriod>>,
    pub reasoning_ratio: Option<ExactDecimal>,
    pub min_cacheable_tokens: Option<u64>,
    /// An explicit cache's storage fee per 1M tokens per hour.
    pub cache_storage: Option<ExactDecimal>,
    pub per_request: Option<ExactDecimal>,
    pub batch: Option<RawBatch>,
    pub priority: Option<RawBatch>,
    pub flex: Option<RawBatch>,
    #[serde(default)]
    pub regions: BTreeMap<String, ExactDecimal>,
    pub long_context: Option<RawLongContext>,
    pub context_window: Option<u64>,
    pub extended_context_window: Option<u64>,
    pub max_output_tokens: Option<u64>,
    pub deprecation_date: Option<String>,
    pub successor: Option<String>,
}

/// The rates of the batch API or of a service tier (`priority`, `flex`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    pub input: Option<ExactDecimal>,
    pub output: Option<ExactDecimal>,
    pub cached_input: Option<ExactDecimal>,
    pub cache_write: Option<ExactDecimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLongContext {
    pub above_tokens: u64,
    pub input: ExactDecimal,
    pub output: ExactDecimal,
    pub cached_input: Option<ExactDecimal>,
    pub cache_write: Option<ExactDecimal>,
    pub cache_write_1h: Option<ExactDecimal>,
    pub reasoning: Option<ExactDecimal>,
    pub batch: Option<RawBatch>,
    pub priority: Option<RawBatch>,
    pub flex: Option<RawBatch>,
}

/// One price period of a model: its days and every rate that may change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub from: Option<String>,
    pub until: Option<String>,
    pub input: ExactDecimal,
    pub output: ExactDecimal,
    pub cached_input: Option<ExactDecimal>,
    pub cache_write: Option<ExactDecimal>,
    pub cache_write_1h: Option<ExactDecimal>,
    pub reasoning: Option<ExactDecimal>,
    pub per_request: Option<ExactDecimal>,
    pub batch: Option<RawBatch>,
    pub priority: Option<RawBatch>,
    pub flex: Option<RawBatch>,
    pub long_context: Option<RawLongContext>,
}
