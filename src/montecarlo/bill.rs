//! What one strategy pays for one tier's sampled interactions in a run.
//!
//! A lane (strategy × tier) reads each cell of the tier as batched or not,
//! stopped or not, a cache hit or not, and each stratum as capped or not, long
//! or not; it adds whole token counts into integer counters per billing class
//! (mode × long context), and turns them into money once per run with exact
//! per-token rates: `cost = Σ tokens × rate`. Fractional effects of the
//! techniques (a context or history reduction, the output an early stop
//! saves, reasoning as a ratio of visible output) are folded into the rates,
//! so no token count is ever rounded twice and no money is ever an `f64`.

use super::draw::Sums;
use super::split::{Cell, Splits};
use rust_decimal::Decimal;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Exact rates of one billing class, per token (the fee per request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rates {
    /// Uncached system prompt and the user's message.
    pub plain: Decimal,
    /// Retrieved context (times `1 - reduction` when pruning cuts it).
    pub context: Decimal,
    /// History (times `1 - reduction` of a summary).
    pub history: Decimal,
    pub cache_read: Decimal,
    pub cache_write: Decimal,
    pub output: Decimal,
    /// Visible output of an interaction stopped early (times `1 - saved`).
    pub output_stopped: Decimal,
    /// Reasoning tokens, or visible output tokens when reasoning is a ratio of it.
    pub reasoning: Decimal,
    pub fee: Decimal,
}

impl Rates {
    /// A rate per 1M tokens as a rate per token, times `factor`; exact.
    pub fn per_token(per_million: Decimal, factor: Decimal) -> Decimal {
        per_million * factor / PER_MILLION
    }
}

/// Whole tokens and requests of one billing class in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counters {
    plain: u64,
    context: u64,
    history: u64,
    cache_read: u64,
    cache_write: u64,
    output: u64,
    output_stopped: u64,
    reasoning: u64,
    requests: u64,
}

impl Counters {
    fn cost(&self, r: &Rates) -> Decimal {
        [
            (self.plain, r.plain),
            (self.context, r.context),
            (self.history, r.history),
            (self.cache_read, r.cache_read),
            (self.cache_write, r.cache_write),
            (self.output, r.output),
            (self.output_stopped, r.output_stopped),
            (self.reasoning, r.reasoning),
            (self.requests, r.fee),
        ]
        .into_iter()
        .filter(|(n, rate)| *n != 0 && !rate.is_zero())
        .map(|(n, rate)| Decimal::from(n) * rate)
        .sum()
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
    /// Strata from this one on are above the model's long-context threshold.
    pub long_from: usize,
    /// The cached prefix `P` (0 without caching) and the rest of the system prompt.
    pub prefix: u64,
    pub uncached_system: u64,
    /// Whether reasoning is billed per visible output token (a model's ratio)
    /// rather than per sampled reasoning token.
    pub reasoning_from_output: bool,
    /// Rates by `[batch][long]`; `None` for a class no interaction can reach.
    pub rates: [[Option<Rates>; 2]; 2],
}

impl Lane {
    /// The lane's cost for one run, from the tier's sums by cell and stratum.
    pub fn cost(&self, splits: &Splits, sums: &[Sums]) -> Decimal {
        let strata = splits.strata();
        let mut classes = [[Counters::default(); 2]; 2];
        for (index, s) in sums.iter().enumerate() {
            if s.count == 0 {
                continue;
            }
            let Cell { batch, stop, hit } = splits.cell(index / strata);
            let stratum = index % strata;
            let c = &mut classes[usize::from(batch < self.batch_below)][usize::from(stratum >= self.long_from)];
            let m = s.count;
            c.requests += m;
            c.plain += self.uncached_system * m + s.user;
            c.context += if stratum >= self.capped_from {
                self.cap * m
            } else {
                s.context
            };
            c.history += s.history;
            if hit < self.hit_below {
                c.cache_read += self.prefix * m;
            } else {
                c.cache_write += self.prefix * m;
            }
            if stop < self.stop_below {
                c.output_stopped += s.output;
            } else {
                c.output += s.output;
            }
            c.reasoning += if self.reasoning_from_output {
                s.output
            } else {
                s.reasoning
            };
        }
        let mut total = Decimal::ZERO;
        for (batch, by_long) in classes.iter().enumerate() {
            for (long, counters) in by_long.iter().enumerate() {
                if let Some(rates) = &self.rates[batch][long] {
                    total += counters.cost(rates);
                }
            }
        }
        total
    }
}
