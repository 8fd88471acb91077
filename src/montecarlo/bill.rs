//! What one strategy pays for one tier's sampled interactions in a run.
//!
//! A lane (strategy × tier) reads each cell of the tier as batched or not,
//! stopped or not, a cache hit or not, each routing leaf as the calls its
//! strategy makes there (answers, rejected answers and failed attempts on
//! each model, classifier and judge calls, an escalation), and each stratum as
//! capped or not, long or not for each model. Every kind of call has a tariff:
//! it adds whole token counts into integer counters per billing class (mode ×
//! long context), turned into money once per run with exact per-token rates:
//! `cost = Σ tokens × rate`. Fractional effects of the techniques (a context
//! or history reduction, the output an early stop saves, reasoning as a ratio
//! of visible output) are folded into the rates, so no token count is ever
//! rounded twice and no money is ever an `f64`.

use super::draw::{Count, Sums};
use super::route::Outcome;
use super::split::{Cell, Splits};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

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
pub struct Counters {
    plain: Count,
    context: Count,
    history: Count,
    cache_read: Count,
    cache_write: Count,
    output: Count,
    output_stopped: Count,
    reasoning: Count,
    requests: Count,
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
        // Within the scenario limits (10^12 interactions of at most 10^8 tokens,
        // token spreads up to 500%) a product stays far below a decimal's 7.9 × 10^28;
        // saturating keeps a run from panicking even so.
        .map(|(n, rate)| {
            Decimal::from_u128(n)
                .and_then(|n| n.checked_mul(rate))
                .unwrap_or(Decimal::MAX)
        })
        .fold(Decimal::ZERO, Decimal::saturating_add)
    }
}

/// The counters of one tariff by `[batch][long]`.
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
pub struct Tariff {
    pub tokens: Tokens,
    /// Strata from this one on are above the model's long-context threshold.
    pub long_from: usize,
    /// Rates by `[batch][long]`; `None` for a class no call can reach.
    pub rates: [[Option<Rates>; 2]; 2],
}

/// What one group (cell, leaf, stratum) of interactions holds, as a tariff reads it.
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
                c.context += g.context * calls;
                c.history += s.history * calls;
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
    pub tariffs: Vec<Tariff>,
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
    pub fn cost(&self, splits: &Splits, sums: &[Sums], counters: &mut Vec<Classes>) -> Billed {
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
        let mut cost = self.escalation_cost * Decimal::from(escalations);
        for (tariff, classes) in self.tariffs.iter().zip(counters.iter()) {
            for (rates, counters) in tariff.rates.iter().flatten().zip(classes.iter().flatten()) {
                if let Some(rates) = rates {
                    cost += counters.cost(rates);
                }
            }
        }
        Billed { cost, escalations }
    }
}
