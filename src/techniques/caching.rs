//! Prompt caching: the stable prefix of a request (by default its system
//! prompt; a scenario may add its retrieved context and its earlier turns) is
//! read from the cache on a hit and written to it on a miss. Which part of
//! that prefix a provider actually caches is the tariff's rule
//! (`tariff::cached_prefix`).

use crate::tariff::{RequestTokens, Ttl};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A part of a request's input that can belong to the cached prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrefixPart {
    System,
    Context,
    History,
}

impl PrefixPart {
    pub fn name(self) -> &'static str {
        match self {
            PrefixPart::System => "system",
            PrefixPart::Context => "context",
            PrefixPart::History => "history",
        }
    }

    /// This part's tokens in `tokens`.
    pub fn of(self, tokens: &RequestTokens) -> Decimal {
        match self {
            PrefixPart::System => tokens.system,
            PrefixPart::Context => tokens.context,
            PrefixPart::History => tokens.history,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caching {
    /// The share of requests whose prefix is found in the cache.
    pub hit_rate: Decimal,
    pub ttl: Ttl,
    /// The parts that form the stable prefix, in the order they open the
    /// prompt (the user's message always follows them).
    pub prefix: Vec<PrefixPart>,
    /// Turns per conversation (1: single requests): a follow-up turn sent to
    /// another model than the turn before it misses its history
    /// (`tariff::history_lost`).
    pub session_turns: u64,
    /// Hours a day the strategy keeps an explicit cache of each tier's
    /// cached prefix on each model serving it, billed by the hour
    /// (`tariff::StorageBill`); `None`: implicit caching, no storage fee.
    pub explicit_hours_per_day: Option<Decimal>,
}

impl Caching {
    /// The default stable prefix: the system prompt alone.
    pub const SYSTEM_ONLY: [PrefixPart; 1] = [PrefixPart::System];

    /// Caching of the system prompt alone at `hit_rate`, writes living `ttl`.
    pub fn system_prompt(hit_rate: Decimal, ttl: Ttl) -> Self {
        Self {
            hit_rate,
            ttl,
            prefix: Self::SYSTEM_ONLY.to_vec(),
            session_turns: 1,
            explicit_hours_per_day: None,
        }
    }

    /// Whether a switch of model can lose cached history: conversations of
    /// more than one turn with their history in the prefix.
    pub fn switching_loses(&self) -> bool {
        self.session_turns > 1 && self.prefix.contains(&PrefixPart::History)
    }

    /// The parts of the prefix in words: "the system prompt", "system + context + history".
    pub fn parts(&self) -> String {
        if self.prefix == Self::SYSTEM_ONLY {
            return "the system prompt".to_string();
        }
        let names: Vec<&str> = self.prefix.iter().map(|p| p.name()).collect();
        names.join(" + ")
    }
}
