//! Explicit context caches billed by the hour they are kept (Gemini's
//! explicit caching, docs/techniques.md "Explicit caches"): a fixed monthly
//! fee per cache, not per call, on top of the cached-token reads:
//!
//! ```text
//! storage = cached prefix tokens × hours per day × days per month × rate / 1M
//! ```
//!
//! with `rate` the model's `cache_storage` (per 1M tokens per hour) and the
//! cached prefix as `cache_prefix.rs` cuts it on that model.

use crate::money::carry;
use crate::pricing::Model;
use rust_decimal::Decimal;
use serde::Serialize;

/// One explicit cache a strategy keeps: a tier's cached prefix on one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCache {
    pub tier: String,
    pub model: String,
    /// The cached prefix's tokens.
    pub tokens: Decimal,
    /// Hours a month the cache is kept.
    pub hours: Decimal,
    /// Per 1M tokens per hour.
    pub rate: Decimal,
    pub cost: Decimal,
}

/// A strategy's explicit caches for a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorageBill {
    pub hours_per_day: Decimal,
    pub days: Decimal,
    pub caches: Vec<StoredCache>,
    pub total: Decimal,
}

impl StorageBill {
    /// No caches yet: `hours_per_day` for `days` days a month.
    pub fn new(hours_per_day: Decimal, days: Decimal) -> Self {
        Self {
            hours_per_day,
            days,
            caches: Vec::new(),
            total: Decimal::ZERO,
        }
    }

    /// Keeps `tokens` of `tier`'s prefix on `model`; `Err` with the model's
    /// id when the catalog lists no storage rate for it. A prefix of no
    /// tokens keeps no cache.
    pub fn keep<'a>(&mut self, tier: &str, model: &'a Model, tokens: Decimal) -> Result<(), &'a str> {
        if tokens.is_zero() || self.caches.iter().any(|c| c.tier == tier && c.model == model.id) {
            return Ok(());
        }
        let rate = model.cache_storage.ok_or(model.id.as_str())?;
        let hours = (self.hours_per_day * self.days).normalize();
        let cost = carry(tokens * hours * rate / Decimal::from(1_000_000)).normalize();
        self.total += cost;
        self.caches.push(StoredCache {
            tier: tier.to_string(),
            model: model.id.clone(),
            tokens: tokens.normalize(),
            hours,
            rate,
            cost,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn model(rate: Option<Decimal>) -> Model {
        let storage = rate.map_or(String::new(), |r| format!("    cache_storage: {r}\n"));
        let yaml = format!(
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n  g:\n    provider: google\n    \
             input: 1.25\n    output: 10\n    cached_input: 0.125\n{storage}"
        );
        let catalog = crate::pricing::Catalog::from_source(&crate::input::Source::new("t.yaml", &yaml)).unwrap();
        catalog.model("g").unwrap().clone()
    }

    #[test]
    fn storage_is_tokens_times_hours_times_rate() {
        // 10,000 tokens kept 24 h × 30 days = 720 h at $4.50 per 1M per hour:
        // 10,000 × 720 × 4.5 / 1,000,000 = $32.40.
        let mut bill = StorageBill::new(dec!(24), dec!(30));
        bill.keep("simple", &model(Some(dec!(4.5))), dec!(10000)).unwrap();
        // The same tier on the same model is one cache, kept once.
        bill.keep("simple", &model(Some(dec!(4.5))), dec!(10000)).unwrap();
        assert_eq!(bill.total, dec!(32.4));
        assert_eq!(bill.caches[0].hours, dec!(720));
        // 8 hours a day: a third of it.
        let mut day = StorageBill::new(dec!(8), dec!(30));
        day.keep("simple", &model(Some(dec!(4.5))), dec!(10000)).unwrap();
        assert_eq!(day.total, dec!(10.8));
    }

    #[test]
    fn a_model_without_a_rate_is_named_unless_nothing_is_cached() {
        let mut bill = StorageBill::new(dec!(24), dec!(30));
        let m = model(None);
        assert_eq!(bill.keep("simple", &m, dec!(0)), Ok(()));
        assert_eq!(bill.keep("simple", &m, dec!(2048)), Err(m.id.as_str()));
    }
}
