//! The kinds of call a strategy makes, and what each pays for the parts of
//! its tokens in one billing class: the rates of [`CallRates`].
//!
//! - An answer (kept or rejected by a cascade) and a classifier's or judge's
//!   own call pay every part at the model's rates; a cache read falls back to
//!   the input rate on a model without a cached-input rate.
//! - A failed attempt pays like an answer (`failed_attempts: full`), only its
//!   input side and the request fee (`input`), or nothing (`none`).
//! - What a judge reads (the request and the answer it checks) is uncached
//!   input of the judge's call: every token at the judge's input rate, no fee
//!   of its own ([`judge_input`] for an expected request).
//! - At a region's endpoints every token rate is multiplied by the region's
//!   multiplier ([`CallRates::in_region`]).

use super::bill::RequestTokens;
use super::rates::{Mode, Ttl};
use super::service::Service;
use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::Model;
use crate::routing::FailedBilling;
use rust_decimal::Decimal;
use serde::Serialize;

/// One part of a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// The kind of call a rate applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An answer, kept or rejected.
    Answer,
    /// An attempt that failed, billed as the fallback says.
    Failed(FailedBilling),
    Classifier,
    /// A judge's own tokens.
    Judge,
    /// The request and answer a judge reads.
    JudgeReads,
}

impl Kind {
    /// The kind whose rates this one pays (a failed attempt billed in full
    /// pays as an answer), or `None` when the call is not billed at all.
    pub fn billed_as(self) -> Option<Kind> {
        match self {
            Kind::Failed(FailedBilling::Full) => Some(Kind::Answer),
            Kind::Failed(FailedBilling::None) => None,
            kind => Some(kind),
        }
    }
}

/// The rates one kind of call pays in one billing class, per 1M tokens (the
/// fee per call). `None`: the kind does not pay that part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRates {
    pub input: Option<Decimal>,
    pub cache_read: Option<Decimal>,
    pub cache_write: Option<Decimal>,
    pub output: Option<Decimal>,
    pub reasoning: Option<Decimal>,
    pub fee: Option<Decimal>,
}

impl CallRates {
    /// The rates of a `kind` call on `model` in `mode`, above the model's
    /// long-context threshold or not, with cache writes living `ttl`.
    pub fn new(model: &Model, kind: Kind, mode: Mode, long: bool, ttl: Ttl, notes: &mut Notes) -> Self {
        let Some(kind) = kind.billed_as() else {
            return Self::nothing();
        };
        let p = model.prices(long, mode, ttl, notes);
        let full = Self {
            input: Some(p.input),
            cache_read: Some(p.cache_read.unwrap_or(p.input)),
            cache_write: Some(p.cache_write),
            output: Some(p.output),
            reasoning: Some(p.reasoning),
            fee: Some(model.per_request),
        };
        match kind {
            Kind::Failed(_) => Self {
                output: None,
                reasoning: None,
                ..full
            },
            Kind::JudgeReads => Self {
                input: Some(p.input),
                cache_read: Some(p.input),
                cache_write: Some(p.input),
                output: Some(p.input),
                ..Self::nothing()
            },
            Kind::Answer | Kind::Classifier | Kind::Judge => full,
        }
    }

    /// These rates at a region's endpoints: every token rate times
    /// `multiplier` (`Service::multiplier`); the request fee unchanged.
    pub fn in_region(self, multiplier: Decimal) -> Self {
        if multiplier == Decimal::ONE {
            return self;
        }
        let times = |rate: Option<Decimal>| rate.map(|r| carry(r * multiplier));
        Self {
            input: times(self.input),
            cache_read: times(self.cache_read),
            cache_write: times(self.cache_write),
            output: times(self.output),
            reasoning: times(self.reasoning),
            fee: self.fee,
        }
    }

    /// The rates of the calls of a `service` that do not run on the batch
    /// API, weighted by their service tiers' shares (standard
    /// `1 - p - f`, priority `p`, flex `f`), in the service's region: what a
    /// sampled non-batch call pays in expectation.
    pub fn sync(model: &Model, kind: Kind, service: &Service, long: bool, ttl: Ttl, notes: &mut Notes) -> Self {
        let multiplier = service.multiplier(model).unwrap_or(Decimal::ONE);
        let classes = service.classes(Decimal::ZERO);
        let mut blended = Self::nothing();
        for (mode, weight) in classes {
            let rates = Self::new(model, kind, mode, long, ttl, notes);
            let add =
                |sum: Option<Decimal>, rate: Option<Decimal>| rate.map(|r| carry(sum.unwrap_or_default() + r * weight));
            blended = Self {
                input: add(blended.input, rates.input),
                cache_read: add(blended.cache_read, rates.cache_read),
                cache_write: add(blended.cache_write, rates.cache_write),
                output: add(blended.output, rates.output),
                reasoning: add(blended.reasoning, rates.reasoning),
                fee: rates.fee,
            };
        }
        blended.in_region(multiplier)
    }

    fn nothing() -> Self {
        Self {
            input: None,
            cache_read: None,
            cache_write: None,
            output: None,
            reasoning: None,
            fee: None,
        }
    }

    /// The rate of `part`, or `None` when this call does not pay it.
    pub fn rate(&self, part: Part) -> Option<Decimal> {
        match part {
            Part::Input => self.input,
            Part::CacheRead => self.cache_read,
            Part::CacheWrite => self.cache_write,
            Part::Output => self.output,
            Part::Reasoning => self.reasoning,
            Part::Fee => self.fee,
        }
    }
}

/// A judge's call for one expected request: its own tokens, with the
/// request's input and output added as uncached input when it reads them.
pub fn judge_input(own: RequestTokens, read: Option<&RequestTokens>) -> RequestTokens {
    match read {
        Some(request) => RequestTokens {
            user: own.user + request.input() + request.output,
            ..own
        },
        None => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;
    use rust_decimal_macros::dec;

    fn model() -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:
  m:
    provider: openai
    input: 2
    output: 8
    reasoning: 10
    per_request: 0.01
",
        ))
        .unwrap()
    }

    fn rates(kind: Kind) -> CallRates {
        let catalog = model();
        let m = catalog.model("m").unwrap();
        CallRates::new(m, kind, Mode::Standard, false, Ttl::FiveMinutes, &mut Notes::default())
    }

    #[test]
    fn an_answer_pays_every_part_and_reads_without_a_cached_rate_at_input() {
        let r = rates(Kind::Answer);
        assert_eq!(
            (r.input, r.cache_read, r.cache_write, r.output, r.reasoning, r.fee),
            (
                Some(dec!(2)),
                Some(dec!(2)),
                Some(dec!(2)),
                Some(dec!(8)),
                Some(dec!(10)),
                Some(dec!(0.01))
            )
        );
        assert_eq!(rates(Kind::Classifier), r);
        assert_eq!(rates(Kind::Judge), r);
    }

    #[test]
    fn failed_attempts_pay_as_the_fallback_says() {
        assert_eq!(rates(Kind::Failed(FailedBilling::Full)), rates(Kind::Answer));
        let input = rates(Kind::Failed(FailedBilling::Input));
        assert_eq!((input.input, input.fee), (Some(dec!(2)), Some(dec!(0.01))));
        assert_eq!((input.output, input.reasoning), (None, None));
        let none = rates(Kind::Failed(FailedBilling::None));
        let parts = [
            Part::Input,
            Part::CacheRead,
            Part::CacheWrite,
            Part::Output,
            Part::Reasoning,
            Part::Fee,
        ];
        assert!(parts.iter().all(|&p| none.rate(p).is_none()));
    }

    #[test]
    fn what_a_judge_reads_is_input_with_no_fee_of_its_own() {
        let r = rates(Kind::JudgeReads);
        assert_eq!((r.input, r.output), (Some(dec!(2)), Some(dec!(2))));
        assert_eq!((r.reasoning, r.fee), (None, None));
        let own = RequestTokens {
            system: dec!(100),
            context: dec!(0),
            history: dec!(0),
            user: dec!(20),
            output: dec!(5),
            reasoning: dec!(0),
        };
        let request = RequestTokens {
            system: dec!(1000),
            context: dec!(300),
            history: dec!(0),
            user: dec!(200),
            output: dec!(400),
            reasoning: dec!(900),
        };
        // 20 + 1,500 input + 400 output read; the hidden reasoning is not.
        assert_eq!(judge_input(own.clone(), Some(&request)).user, dec!(1920));
        assert_eq!(judge_input(own.clone(), None), own);
    }
}
