//! What a request's stable prefix puts in the cache on one model
//! (docs/techniques.md, "What is cached"): the parts a scenario names (the
//! system prompt by default; retrieved context and earlier turns where they
//! are stable), in the order they open the prompt, cut by the model's rule
//! (`cache_minimum.rs`: nothing below its minimum, OpenAI's 128-token steps,
//! Anthropic's breakpoints), and what a session loses when a router sends a
//! follow-up turn to another model than the turn before it: the earlier turns
//! were cached on that model, so the history part of the prefix misses.

use super::bill::RequestTokens;
use super::cache_minimum::{CacheMinimum, cache_minimum};
use crate::pricing::Model;
use crate::techniques::{Caching, PrefixPart};
use rust_decimal::Decimal;
use serde::Serialize;

/// The cached tokens of each part of a request's prefix on one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cached {
    /// Each part of the prefix and the tokens of it the model caches.
    pub parts: Vec<(PrefixPart, Decimal)>,
    /// The prefix's tokens before the model's rule.
    pub stated: Decimal,
}

impl Cached {
    /// Nothing cached.
    pub fn none() -> Self {
        Self {
            parts: Vec::new(),
            stated: Decimal::ZERO,
        }
    }

    /// `P`: every cached token.
    pub fn total(&self) -> Decimal {
        self.parts.iter().map(|(_, n)| n).sum()
    }

    /// The cached tokens of `part`.
    pub fn of(&self, part: PrefixPart) -> Decimal {
        self.parts.iter().filter(|(p, _)| *p == part).map(|(_, n)| n).sum()
    }
}

/// The prefix `caching` names in `tokens`, as `model` caches it: nothing on
/// a model without a cached-input rate.
pub fn cached_prefix(model: &Model, caching: &Caching, tokens: &RequestTokens) -> Cached {
    let stated: Vec<Decimal> = caching.prefix.iter().map(|p| p.of(tokens)).collect();
    let total = stated.iter().sum();
    if model.standard.cached_input.is_none() {
        return Cached {
            parts: Vec::new(),
            stated: total,
        };
    }
    let rule: CacheMinimum = cache_minimum(model);
    Cached {
        parts: caching.prefix.iter().copied().zip(rule.split(&stated)).collect(),
        stated: total,
    }
}

/// The probability that a turn's history misses the cache because the turn
/// before it went to another model: a conversation of `turns` turns has
/// `(turns - 1) / turns` follow-up turns, and with the model of each turn
/// drawn independently (tiers drawn independently per turn) the turn before
/// was served by this turn's model with probability `share`, the share of all
/// turns that model serves: `λ = (turns - 1) / turns × (1 - share)`.
pub fn history_lost(turns: u64, share: Decimal) -> Decimal {
    if turns <= 1 {
        return Decimal::ZERO;
    }
    let n = Decimal::from(turns);
    (n - Decimal::ONE) / n * (Decimal::ONE - share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_follow_up_loses_its_history_when_the_turn_before_went_elsewhere() {
        // 5 turns: 4 of 5 are follow-ups; a model serving 30% of turns was
        // the previous turn's model 30% of the time: 4/5 × 70% = 56%.
        assert_eq!(history_lost(5, dec!(0.3)), dec!(0.56));
        assert_eq!(history_lost(5, dec!(1)), dec!(0));
        assert_eq!(history_lost(1, dec!(0.3)), dec!(0));
        assert_eq!(history_lost(2, dec!(0)), dec!(0.5));
    }
}
