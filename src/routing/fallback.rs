//! A fallback chain: models fail (timeout, outage) with a probability per
//! attempt; a model is retried, then the next one is tried; failed attempts
//! are billed as configured; a request no model served goes to a person.

use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The most retries a fallback accepts on one model.
pub const MAX_RETRIES: u32 = 10;

/// What a failed attempt costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailedBilling {
    /// Nothing (the provider refused or never answered).
    None,
    /// The input side of the bill: input, cache reads and writes, and the request fee.
    Input,
    /// The whole bill (the answer came too late to use).
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// The probability that one attempt fails, per model as the scenario names
    /// it; models not listed never fail.
    pub failure: BTreeMap<String, Decimal>,
    /// Models tried in order once the strategy's own model failed.
    pub backups: Vec<String>,
    /// Extra attempts on each model before moving on.
    pub retries: u32,
    pub billing: FailedBilling,
    /// What a person handling a request that no model served costs.
    pub escalation_cost: Decimal,
}

impl Fallback {
    /// Attempts made on each model before moving on.
    pub fn attempts(&self) -> u32 {
        self.retries + 1
    }
}
