//! The exact cost of one request of a tier on one model (docs/techniques.md).
//!
//! First the techniques change tokens, in order: pruning (context), summary
//! (history), early stop (output). Then the request is priced: uncached input,
//! cache reads and writes of the prefix, output, reasoning and the per-request
//! fee, at standard rates for the share `1 - b` and batch rates for `b`, above
//! the long-context threshold when the input exceeds it.

use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::{Mode, Model, Ttl};
use crate::scenario::TierTokens;
use crate::techniques::{Caching, Technique, Techniques};
use rust_decimal::Decimal;
use serde::Serialize;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Expected tokens of one request after the techniques.
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
}

/// What one technique did to one token count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adjustment {
    pub technique: Technique,
    pub tokens: &'static str,
    pub before: Decimal,
    pub after: Decimal,
    pub description: String,
}

/// A request's tokens after the techniques, and what each changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shaped {
    pub tokens: RequestTokens,
    pub adjustments: Vec<Adjustment>,
}

/// Applies the token techniques, in order, to a tier's tokens for `model`.
pub fn shape(tier: &TierTokens, techniques: &Techniques, model: &Model) -> Shaped {
    let mut adjustments = Vec::new();
    let mut adjust = |technique, tokens, before: Decimal, after: Decimal, description: String| {
        if after != before {
            adjustments.push(Adjustment {
                technique,
                tokens,
                before,
                after,
                description,
            });
        }
        after
    };
    let context = Decimal::from(tier.context);
    let context = match &techniques.pruning {
        Some(p) => adjust(Technique::Pruning, "context", context, p.apply(context), p.describe()),
        None => context,
    };
    let history = Decimal::from(tier.history);
    let history = match &techniques.summary {
        Some(s) => adjust(Technique::Summary, "history", history, s.apply(history), s.describe()),
        None => history,
    };
    let visible = Decimal::from(tier.output);
    let output = match &techniques.early_stop {
        Some(e) => adjust(Technique::EarlyStop, "output", visible, e.apply(visible), e.describe()),
        None => visible,
    };
    // Hidden reasoning happens before the answer streams: early stop does not cut it.
    let reasoning = match model.reasoning_ratio_for(tier.reasoning) {
        Some(ratio) => visible * ratio,
        None => Decimal::from(tier.reasoning.unwrap_or(0)),
    };
    Shaped {
        tokens: RequestTokens {
            system: Decimal::from(tier.system),
            context,
            history,
            user: Decimal::from(tier.user),
            output,
            reasoning,
        },
        adjustments,
    }
}

/// One part of a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Input not read from the cache.
    Input,
    CacheRead,
    CacheWrite,
    Output,
    Reasoning,
    /// The per-request fee.
    Fee,
}

impl Part {
    /// The name exports use.
    pub fn name(self) -> &'static str {
        match self {
            Part::Input => "input",
            Part::CacheRead => "cache_read",
            Part::CacheWrite => "cache_write",
            Part::Output => "output",
            Part::Reasoning => "reasoning",
            Part::Fee => "fee",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Input => "uncached input",
            Part::CacheRead => "cache reads",
            Part::CacheWrite => "cache writes",
            Part::Output => "output",
            Part::Reasoning => "reasoning",
            Part::Fee => "request fee",
        }
    }
}

/// One line of a request's bill: `weight × quantity × rate = cost`, the rate
/// per 1M tokens (per request for the fee).
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

/// The expected bill of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bill {
    /// Whether the input exceeded the model's long-context threshold.
    pub long_context: bool,
    /// The cached prefix `P` (0 when nothing is cached).
    pub prefix: Decimal,
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

/// Prices one request: `batch_share` of it at batch rates, with `caching` on or off.
pub fn price(
    model: &Model,
    tokens: &RequestTokens,
    caching: Option<&Caching>,
    batch_share: Decimal,
    notes: &mut Notes,
) -> Bill {
    let input = tokens.input();
    let long_context = model.is_long(input);
    let (prefix, hit_rate, ttl) = match caching {
        Some(c) => (c.prefix(tokens.system, model), c.hit_rate, c.ttl),
        None => (Decimal::ZERO, Decimal::ZERO, Ttl::default()),
    };
    if caching.is_some() && model.standard.cached_input.is_none() && !tokens.system.is_zero() {
        notes.add(format!(
            "{}: the catalog lists no cached-input rate; its prompts are not cached",
            model.id
        ));
    }
    let mut lines = Vec::new();
    for (mode, weight) in [(Mode::Standard, Decimal::ONE - batch_share), (Mode::Batch, batch_share)] {
        if weight.is_zero() {
            continue;
        }
        let p = model.prices(long_context, mode, ttl, notes);
        let mut line = |part, quantity: Decimal, rate: Decimal| {
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
        line(Part::Input, input - prefix, p.input);
        if !prefix.is_zero() {
            line(Part::CacheRead, hit_rate * prefix, p.cache_read.unwrap_or(p.input));
            line(Part::CacheWrite, (Decimal::ONE - hit_rate) * prefix, p.cache_write);
        }
        line(Part::Output, tokens.output, p.output);
        if !tokens.reasoning.is_zero() {
            line(Part::Reasoning, tokens.reasoning, p.reasoning);
        }
        if !model.per_request.is_zero() {
            line(Part::Fee, Decimal::ONE, model.per_request);
        }
    }
    Bill {
        long_context,
        prefix,
        lines,
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
