//! Batch API: the share of a tier's requests that can wait runs at batch rates.

use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Batch {
    /// The same share of every tier.
    All(Decimal),
    /// A share per tier; tiers not named do not batch.
    PerTier(BTreeMap<String, Decimal>),
}

impl Batch {
    /// The batched share of `tier`'s requests.
    pub fn share(&self, tier: &str) -> Decimal {
        match self {
            Batch::All(share) => *share,
            Batch::PerTier(shares) => shares.get(tier).copied().unwrap_or_default(),
        }
    }
}
