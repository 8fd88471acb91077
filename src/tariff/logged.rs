//! What a logged call cost: whole tokens a provider or gateway recorded, by
//! the part of a bill that prices them, billed at the rates the tariff gives
//! an answer ([`CallRates`]), in the billing class the call ran in.
//!
//! A call is above the model's long-context threshold when its prompt (every
//! input token: uncached, read and written) is, unless the source says which
//! side it was on. A record standing for several calls (a provider's usage
//! bucket) is judged by its average call, and one whose calls are not counted
//! is priced below the threshold; the bill says which judgement it made.
//!
//! A call recorded in a region the model lists (Anthropic's `inference_geo`)
//! pays every token rate times the region's multiplier; a region the catalog
//! lists no multiplier for is billed at the list rates, with a note.

use super::call::{CallRates, Kind, Part};
use super::rates::{Mode, Ttl};
use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::Model;
use rust_decimal::Decimal;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Whole tokens a logged call (or bucket of `requests` calls) paid for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paid {
    pub requests: u64,
    /// Input neither read from nor written to a cache.
    pub input: u64,
    pub cache_read: u64,
    pub cache_write_5m: u64,
    pub cache_write_1h: u64,
    pub output: u64,
    pub reasoning: u64,
}

impl Paid {
    /// Every input token of the calls.
    pub fn prompt(&self) -> u128 {
        [self.input, self.cache_read, self.cache_write_5m, self.cache_write_1h]
            .into_iter()
            .map(u128::from)
            .sum()
    }
}

/// One line of a logged call's bill: `tokens × rate / 1M` (`requests × fee` for the fee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidLine {
    pub part: Part,
    /// The cache's lifetime, for a cache write.
    pub ttl: Option<Ttl>,
    pub quantity: u64,
    pub rate: Decimal,
    pub cost: Decimal,
}

/// How a logged call was found above or below the long-context threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// The source said.
    Given,
    /// By the call's own prompt.
    Call,
    /// By the average call of a bucket.
    Average,
    /// A bucket whose calls are not counted: priced below the threshold.
    Uncounted,
}

/// A logged call's bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidBill {
    pub mode: Mode,
    pub long_context: bool,
    pub judged: Judged,
    pub lines: Vec<PaidLine>,
}

impl PaidBill {
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.cost).sum()
    }
}

/// Whether a logged call is above `model`'s long-context threshold, and how
/// that was found: as the source says (`long`), else by its prompt (a
/// bucket's average call; a bucket that counts no calls is below).
pub fn judge(model: &Model, paid: &Paid, long: Option<bool>) -> (bool, Judged) {
    match (long, paid.requests) {
        (Some(long), _) => (long, Judged::Given),
        (None, 0) => (false, Judged::Uncounted),
        (None, _) if model.long_context.is_none() => (false, judged_by(paid.requests)),
        (None, 1) => (model.is_long(Decimal::from(paid.prompt())), Judged::Call),
        (None, n) => (
            model.is_long(Decimal::from(paid.prompt()) / Decimal::from(n)),
            Judged::Average,
        ),
    }
}

/// How a call of `requests` calls (at least one) is judged from its tokens.
fn judged_by(requests: u64) -> Judged {
    if requests == 1 { Judged::Call } else { Judged::Average }
}

/// The multiplier of every token rate in `region` (none: the list rates); a
/// region the model lists no multiplier for is billed at the list rates, with a note.
pub(super) fn multiplier(model: &Model, region: Option<&str>, notes: &mut Notes) -> Decimal {
    match region {
        None => Decimal::ONE,
        Some(name) => model.regions.get(name).copied().unwrap_or_else(|| {
            notes.add(format!(
                "{}: calls recorded in region `{name}`, for which the catalog lists no multiplier; billed at the \
                 list rates",
                model.id
            ));
            Decimal::ONE
        }),
    }
}

/// Bills what `paid` records on `model`, in billing class `mode`, in
/// `region` when the source records one, above the long-context threshold
/// when `long` says so (else judged from the tokens).
pub fn bill_paid(
    model: &Model,
    paid: &Paid,
    mode: Mode,
    region: Option<&str>,
    long: Option<bool>,
    notes: &mut Notes,
) -> PaidBill {
    let (long_context, judged) = judge(model, paid, long);
    let multiplier = multiplier(model, region, notes);
    let five = CallRates::new(model, Kind::Answer, mode, long_context, Ttl::FiveMinutes, notes).in_region(multiplier);
    let mut lines = Vec::new();
    let mut line = |rates: &CallRates, part: Part, ttl: Option<Ttl>, quantity: u64| {
        let Some(rate) = rates.rate(part) else { return };
        if quantity == 0 || rate.is_zero() {
            return;
        }
        let per = if part == Part::Fee { Decimal::ONE } else { PER_MILLION };
        lines.push(PaidLine {
            part,
            ttl,
            quantity,
            rate,
            cost: carry(Decimal::from(quantity) * rate / per),
        });
    };
    line(&five, Part::Input, None, paid.input);
    line(&five, Part::CacheRead, None, paid.cache_read);
    line(&five, Part::CacheWrite, Some(Ttl::FiveMinutes), paid.cache_write_5m);
    if paid.cache_write_1h > 0 {
        let hour = CallRates::new(model, Kind::Answer, mode, long_context, Ttl::OneHour, notes).in_region(multiplier);
        line(&hour, Part::CacheWrite, Some(Ttl::OneHour), paid.cache_write_1h);
    }
    line(&five, Part::Output, None, paid.output);
    line(&five, Part::Reasoning, None, paid.reasoning);
    line(&five, Part::Fee, None, paid.requests);
    PaidBill {
        mode,
        long_context,
        judged,
        lines,
    }
}
