//! What one strategy pays for one tier's sampled interactions in a run.
//!
//! A lane (strategy × tier) reads each cell of the tier as batched or not,
//! stopped or not, a cache hit or not, each routing leaf as the calls its
//! strategy makes there (answers, rejected answers and failed attempts on
//! each model, classifier and judge calls, an escalation), and each stratum as
//! capped or not, long or not for each model. Every kind of call has a `LaneCall`:
//! it adds whole token counts into integer counters per billing class (mode ×
//! long context), turned into money once per run at the rates the tariff
//! (`crate::tariff::CallRates`) gives that kind of call: `cost = Σ tokens ×
//! rate`. What the techniques keep of a count (a context or history
//! reduction, the output an early stop saves) and reasoning as a ratio of
//! visible output multiply the rate of the count, so no token count is ever
//! rounded twice and no money is ever an `f64`. Where retrieved context or
//! history belongs to the cached prefix, the share of it the tariff caches on
//! the mean request (`tariff::cached_prefix`) is read or written at the
//! cache rates and the rest paid as input, and the history a switch of model
//! loses (`tariff::history_lost`) is written instead of read.

use super::draw::{Count, Sums};
use super::split::{Cell, Splits};
use crate::routing::Outcome;
use crate::tariff::{CallRates, Part};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Exact rates of one billing class, per token (the fee per request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rates {
    /// Uncached system prompt and the user's message.
    pub plain: Decimal,
    /// Retrieved context (times `1 - reduction` when pruning cuts it) of a
    /// cache miss, and of a hit.
    pub context: Decimal,
    pub context_hit: Decimal,
    /// History (times `1 - reduction` of a summary) of a cache miss, and of a hit.
    pub history: Decimal,
    pub history_hit: Decimal,
    pub cache_read: Decimal,
    pub cache_write: Decimal,
    pub output: Decimal,
    /// Visible output of an interaction stopped early (times `1 - saved`).
    pub output_stopped: Decimal,
    /// Reasoning tokens, or visible output tokens when reasoning is a ratio of it.
    pub reasoning: Decimal,
    pub fee: Decimal,
}

/// The shares of a request's context and history in its cached prefix (on
/// the mean request), and the probability that the history misses because
/// the turn before went to another model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CachedShares {
    pub context: Decimal,
    pub history: Decimal,
    pub history_lost: Decimal,
}

/// What the techniques keep of each count a request bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Of the context (`1 - reduction` when pruning cuts it).
    pub context: Decimal,
    /// Of the history (`1 - reduction` of a summary).
    pub history: Decimal,
    /// Of the visible output of an interaction stopped early (`1 - saved`).
    pub stopped_output: Decimal,
}

impl Rates {
    /// Per-token rates of one call's counts: the tariff's rate of the part
    /// each count bills, times what the techniques keep of it, and times
    /// `reasoning` reasoning tokens per counted one; a cached share of context
    /// or history at the cache rates (history a switch lost written, not read).
    pub fn new(call: &CallRates, kept: &Kept, reasoning: Decimal, cached: &CachedShares) -> Self {
        let per = |part: Part, factor: Decimal| call.rate(part).map_or(Decimal::ZERO, |r| r * factor / PER_MILLION);
        let one = Decimal::ONE;
        let mixed = |kept: Decimal, share: Decimal, read: Decimal| {
            per(Part::Input, kept * (one - share))
                + per(Part::CacheRead, kept * share * read)
                + per(Part::CacheWrite, kept * share * (one - read))
        };
        let lost = cached.history_lost;
        Self {
            plain: per(Part::Input, Decimal::ONE),
            context: mixed(kept.context, cached.context, Decimal::ZERO),
            context_hit: mixed(kept.context, cached.context, one),
            history: mixed(kept.history, cached.history, Decimal::ZERO),
            history_hit: mixed(kept.history, cached.history, one - lost),
            cache_read: per(Part::CacheRead, Decimal::ONE),
            cache_write: per(Part::CacheWrite, Decimal::ONE),
            output: per(Part::Output, Decimal::ONE),
            output_stopped: per(Part::Output, kept.stopped_output),
            reasoning: per(Part::Reasoning, reasoning),
            fee: call.rate(Part::Fee).unwrap_or_default(),
        }
    }
}

/// Whole tokens and requests of one billing class in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    plain: Count,
    context: Count,
    context_hit: Count,
    history: Count,
    history_hit: Count,
    cache_read: Count,
    cache_write: Count,
    output: Count,
    output_stopped: Count,
    reasoning: Count,
    requests: Count,
}

/// A run's cost passed the largest figure a decimal carries (about 7.9 × 10^28).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl Counters {
    fn cost(&self, r: &Rates) -> Result<Decimal, Overflow> {
        [
            (self.plain, r.plain),
            (self.context, r.context),
            (self.context_hit, r.context_hit),
            (self.history, r.history),
            (self.history_hit, r.history_hit),
            (self.cache_read, r.cache_read),
            (self.cache_write, r.cache_write),
            (self.output, r.output),
            (self.output_stopped, r.output_stopped),
            (self.reasoning, r.reasoning),
            (self.requests, r.fee),
        ]
        .into_iter()
        .filter(|(n, rate)| *n != 0 && !rate.is_zero())
        .try_fold(Decimal::ZERO, |sum, (n, rate)| {
            Decimal::from_u128(n)
                .and_then(|n| n.checked_mul(rate))
                .and_then(|cost| sum.checked_add(cost))
                .ok_or(Overflow)
        })
    }
}

/// The counters of one call by `[batch][long]`.
pub type Classes = [[Counters; 2]; 2];

/// The tokens a call bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tokens {
    /// The interaction's request and answer (an answer, a rejected answer or a
    /// failed attempt; a judge reading them, then all its input).
    Request {
        /// The cached prefix `P` (0 without caching) and the rest of the system prompt.
        prefix: u64,
        uncached_system: u64,
        /// Whether reasoning is billed per visible output token (a model's
        /// ratio) rather than per sampled reasoning token.
        reasoning_from_output: bool,
    },
    /// The call's own tokens, the same for every interaction (a classifier, a judge).
    Own {
        /// Input tokens not cached.
        plain: u64,
        prefix: u64,
        output: u64,
        /// Tokens billed at the reasoning rate (visible output when reasoning is a ratio of it).
        reasoning: u64,
    },
}

/// How one kind of call (role × model) of a lane is billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneCall {
    pub tokens: Tokens,
    /// Strata from this one on are above the model's long-context threshold.
    pub long_from: usize,
    /// Rates by `[batch][long]`; `None` for a class no call can reach.
    pub rates: [[Option<Rates>; 2]; 2],
}

/// What one group (cell, leaf, stratum) of interactions holds, as a call reads it.
struct Group<'a> {
    sums: &'a Sums,
    /// Context tokens, capped or not.
    context: Count,
    hit: bool,
    stopped: bool,
}

impl Tokens {
    /// `calls` calls per interaction of a group, added into `c`.
    fn add(&self, c: &mut Counters, g: &Group, calls: u64) {
        let s = g.sums;
        let calls = Count::from(calls);
        let m = s.count * calls;
        c.requests += m;
        let prefix = match *self {
            Tokens::Request {
                prefix,
                uncached_system,
                reasoning_from_output,
            } => {
                c.plain += (Count::from(uncached_system) * s.count + s.user) * calls;
                if g.hit {
                    c.context_hit += g.context * calls;
                    c.history_hit += s.history * calls;
                } else {
                    c.context += g.context * calls;
                    c.history += s.history * calls;
                }
                if g.stopped {
                    c.output_stopped += s.output * calls;
                } else {
                    c.output += s.output * calls;
                }
                c.reasoning += if reasoning_from_output { s.output } else { s.reasoning } * calls;
                prefix
            }
            Tokens::Own {
                plain,
                prefix,
                output,
                reasoning,
            } => {
                c.plain += Count::from(plain) * m;
                c.output += Count::from(output) * m;
                c.reasoning += Count::from(reasoning) * m;
                prefix
            }
        };
        if g.hit {
            c.cache_read += Count::from(prefix) * m;
        } else {
            c.cache_write += Count::from(prefix) * m;
        }
    }
}

/// How one strategy bills one tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    /// Cells whose batch interval is below this run on the batch API.
    pub batch_below: usize,
    pub stop_below: usize,
    pub hit_below: usize,
    /// Strata from this one on have their context capped at `cap`.
    pub capped_from: usize,
    pub cap: u64,
    pub tariffs: Vec<LaneCall>,
    /// What the strategy does in each routing leaf of the tier.
    pub outcomes: Vec<Outcome>,
    /// What a person handling an escalated request costs.
    pub escalation_cost: Decimal,
}

/// A lane's cost for one run and the requests it escalated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Billed {
    pub cost: Decimal,
    pub escalations: Count,
}

impl Lane {
    /// The lane's cost for one run, from the tier's sums by group and
    /// stratum; `counters` is scratch space.
    pub fn cost(&self, splits: &Splits, sums: &[Sums], counters: &mut Vec<Classes>) -> Result<Billed, Overflow> {
        let strata = splits.strata();
        counters.clear();
        counters.resize(self.tariffs.len(), Classes::default());
        let mut escalations = 0;
        for (index, s) in sums.iter().enumerate() {
            if s.count == 0 {
                continue;
            }
            let Cell {
                batch,
                stop,
                hit,
                route,
            } = splits.cell(index / strata);
            let stratum = index % strata;
            let Some(outcome) = self.outcomes.get(route) else {
                continue;
            };
            if outcome.escalated {
                escalations += s.count;
            }
            let group = Group {
                sums: s,
                context: if stratum >= self.capped_from {
                    Count::from(self.cap) * s.count
                } else {
                    s.context
                },
                hit: hit < self.hit_below,
                stopped: stop < self.stop_below,
            };
            let b = usize::from(batch < self.batch_below);
            for &(t, calls) in &outcome.calls {
                let (tariff, classes) = (&self.tariffs[t], &mut counters[t]);
                let c = &mut classes[b][usize::from(stratum >= tariff.long_from)];
                tariff.tokens.add(c, &group, calls);
            }
        }
        let mut cost = Decimal::from_u128(escalations)
            .and_then(|n| self.escalation_cost.checked_mul(n))
            .ok_or(Overflow)?;
        for (tariff, classes) in self.tariffs.iter().zip(counters.iter()) {
            for (rates, counters) in tariff.rates.iter().flatten().zip(classes.iter().flatten()) {
                if let Some(rates) = rates {
                    cost = cost.checked_add(counters.cost(rates)?).ok_or(Overflow)?;
                }
            }
        }
        Ok(Billed { cost, escalations })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_cost_past_a_decimals_range_is_an_overflow_not_a_saturation() {
        let rates = Rates {
            plain: dec!(10),
            output: dec!(1),
            ..Rates::default()
        };
        let fits = Counters {
            plain: 1_000,
            output: 7,
            ..Counters::default()
        };
        assert_eq!(fits.cost(&rates), Ok(dec!(10007)));
        // 10^28 tokens at 10 a token: 10^29, past 7.9 × 10^28.
        let product = Counters {
            plain: 10u128.pow(28),
            ..Counters::default()
        };
        assert_eq!(product.cost(&rates), Err(Overflow));
        // A count past a decimal's 96 bits.
        let count = Counters {
            output: 1u128 << 100,
            ..Counters::default()
        };
        assert_eq!(count.cost(&rates), Err(Overflow));
        // Two parts that fit alone and not together.
        let sum = Counters {
            plain: 5 * 10u128.pow(27),
            output: 5 * 10u128.pow(28),
            ..Counters::default()
        };
        assert_eq!(sum.cost(&rates), Err(Overflow));
    }
}
