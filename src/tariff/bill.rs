//! The expected bill of one call (docs/techniques.md): uncached input, cache
//! reads and writes of the prefix (`cache_prefix.rs`: the parts cached, the
//! history a switch of model loses), output, reasoning and the per-request fee,
//! at batch rates for the share `b` and, for the rest, at the rates of the
//! strategy's service tiers by their shares (standard, priority, flex;
//! `service.rs`), in its region (docs/service-tiers.md), above the
//! long-context threshold when the input exceeds it, each line at the rate its
//! kind of call pays ([`CallRates`]).

use super::cache_minimum::cache_minimum;
use super::cache_prefix::{Cached, cached_prefix};
use super::call::{CallRates, Kind, Part};
use super::rates::{Mode, Ttl};
use super::service::Service;
use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::Model;
use crate::techniques::{Caching, PrefixPart};
use rust_decimal::Decimal;
use serde::Serialize;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Expected tokens of one call, after the techniques.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestTokens {
    pub system: Decimal,
    pub context: Decimal,
    pub history: Decimal,
    pub user: Decimal,
    pub output: Decimal,
    pub reasoning: Decimal,
}

impl RequestTokens {
    /// `I = system + context + history + user`.
    pub fn input(&self) -> Decimal {
        self.system + self.context + self.history + self.user
    }

    /// What a model's context window must hold for the request: its input,
    /// its output and its reasoning (the providers count every token the
    /// request reads or writes against the window).
    pub fn in_window(&self) -> Decimal {
        self.input() + self.output + self.reasoning
    }
}

/// One line of a bill: `weight × quantity × rate = cost`, the rate per 1M
/// tokens (per request for the fee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillLine {
    pub mode: Mode,
    /// The share of requests billed in this mode.
    pub weight: Decimal,
    pub part: Part,
    /// Tokens per request (1 for the fee).
    pub quantity: Decimal,
    pub rate: Decimal,
    /// Expected cost per request.
    pub cost: Decimal,
}

impl BillLine {
    /// The line's cost for `calls` calls, carried to `money::PLACES`.
    pub fn monthly(&self, calls: Decimal) -> Decimal {
        carry(self.cost * calls)
    }
}

/// The expected bill of one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bill {
    /// Whether the input exceeded the model's long-context threshold.
    pub long_context: bool,
    /// The cached prefix `P` (0 when nothing is cached).
    pub prefix: Decimal,
    /// The region's multiplier already in every token rate of the lines (1:
    /// the list price's endpoints).
    pub region_multiplier: Decimal,
    /// What each part of the prefix put in the cache.
    pub cached: Cached,
    /// How the model caches, in words (`None` without caching).
    pub cache_rule: Option<String>,
    /// The probability that the history part missed because the turn before
    /// went to another model.
    pub history_lost: Decimal,
    pub lines: Vec<BillLine>,
}

impl Bill {
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.cost).sum()
    }

    /// The cost of one part, both modes together.
    pub fn part(&self, part: Part) -> Decimal {
        self.lines.iter().filter(|l| l.part == part).map(|l| l.cost).sum()
    }
}

/// Bills one `kind` call of `tokens` on `model`: `batch_share` of it at batch
/// rates, the rest in the `service`'s tiers and region, with `caching` on or
/// off; the history part of the cached prefix misses with probability
/// `history_lost` on top of the caching's misses (a session's turn after one
/// served by another model).
pub fn bill(
    model: &Model,
    kind: Kind,
    tokens: &RequestTokens,
    caching: Option<&Caching>,
    (batch_share, service): (Decimal, &Service),
    history_lost: Decimal,
    notes: &mut Notes,
) -> Bill {
    let input = tokens.input();
    let long_context = model.is_long(input);
    let (cached, hit_rate, ttl) = match caching {
        Some(c) => (cached_prefix(model, c, tokens), c.hit_rate, c.ttl),
        None => (Cached::none(), Decimal::ZERO, Ttl::default()),
    };
    let prefix = cached.total();
    let minimum = cache_minimum(model);
    if let Some(c) = caching
        && !cached.stated.is_zero()
    {
        if model.standard.cached_input.is_none() {
            notes.add(format!(
                "{}: the catalog lists no cached-input rate; its prompts are not cached",
                model.id
            ));
        } else if prefix.is_zero() {
            let what = if c.prefix == Caching::SYSTEM_ONLY {
                "a system prompt".to_string()
            } else {
                format!("a prefix ({})", c.parts())
            };
            notes.add(format!(
                "{}: {what} of {} tokens is not cached: the shortest prefix it caches is {} tokens ({})",
                model.id,
                cached.stated.normalize(),
                minimum.tokens,
                minimum.says()
            ));
        }
    }
    let multiplier = service.multiplier(model).unwrap_or(Decimal::ONE);
    // Reads: `h` of the prefix, but of the history only the hits no switch of model lost.
    let history = cached.of(PrefixPart::History);
    let reads = hit_rate * (prefix - history) + hit_rate * (Decimal::ONE - history_lost) * history;
    let mut lines = Vec::new();
    if kind.billed_as().is_some() {
        for (mode, weight) in service.classes(batch_share) {
            let rates = CallRates::new(model, kind, mode, long_context, ttl, notes).in_region(multiplier);
            let mut line = |part, quantity: Decimal| {
                let Some(rate) = rates.rate(part) else {
                    return;
                };
                let per = if part == Part::Fee { Decimal::ONE } else { PER_MILLION };
                lines.push(BillLine {
                    mode,
                    weight,
                    part,
                    quantity,
                    rate,
                    cost: carry(weight * quantity * rate / per),
                });
            };
            line(Part::Input, input - prefix);
            if !prefix.is_zero() {
                line(Part::CacheRead, reads);
                line(Part::CacheWrite, prefix - reads);
            }
            line(Part::Output, tokens.output);
            if !tokens.reasoning.is_zero() {
                line(Part::Reasoning, tokens.reasoning);
            }
            if !model.per_request.is_zero() {
                line(Part::Fee, Decimal::ONE);
            }
        }
    }
    let cache_rule = (!prefix.is_zero()).then(|| minimum.granularity());
    Bill {
        long_context,
        prefix,
        region_multiplier: multiplier,
        cached,
        cache_rule,
        history_lost: if history.is_zero() { Decimal::ZERO } else { history_lost },
        lines,
    }
}

#[cfg(test)]
#[path = "bill_tests.rs"]
mod tests;
