//! Prompt caching: the static prefix (the system prompt) is read from the cache
//! on a hit and written to it on a miss.

use crate::pricing::Model;
use crate::tariff::{Ttl, cache_minimum};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caching {
    /// The share of requests whose prefix is found in the cache.
    pub hit_rate: Decimal,
    pub ttl: Ttl,
}

impl Caching {
    /// The cacheable prefix `P`: the part of the system prompt the model
    /// caches (`tariff::cache_minimum`: nothing below its minimum, whole steps
    /// above it where the provider caches in steps), else nothing.
    pub fn prefix(&self, system: Decimal, model: &Model) -> Decimal {
        match model.standard.cached_input {
            Some(_) => cache_minimum(model).cached(system),
            None => Decimal::ZERO,
        }
    }

    pub fn describe(&self) -> String {
        let ttl = match self.ttl {
            Ttl::FiveMinutes => "5-minute",
            Ttl::OneHour => "1-hour",
        };
        format!(
            "{} cache hits on the system prompt ({ttl} cache)",
            crate::figures::percent_of(self.hit_rate)
        )
    }
}
