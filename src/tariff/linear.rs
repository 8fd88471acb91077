//! A logged call's bill ([`bill_paid`]) as whole numbers, where that is
//! exact: each line is `carry(quantity × rate / 1M)` (`quantity × fee` for the
//! fee), and when a rate has at most 14 decimal places (20 for the fee) and
//! the product stays within a decimal's 96 bits, no carrying happens, so the
//! line is exactly `quantity × rate × 10^14` units of 10^-20 of the currency.
//! Within one billing class (a model's rates of a day, mode, region,
//! long-context side, cache lifetimes) a bill is then linear in the tokens:
//! a call costs a few integer multiply-adds. A rate with more places, or a
//! quantity past a line's limit, is not linear here: the caller bills that
//! call with [`bill_paid`].

use super::call::{CallRates, Kind, Part};
#[cfg(doc)]
use super::logged::bill_paid;
use super::logged::{Paid, multiplier};
use super::rates::{Mode, Ttl};
use crate::money::PLACES;
use crate::notes::Notes;
use crate::pricing::Model;
use rust_decimal::Decimal;

/// Units of 10^-20 of the currency a figure carried to `PLACES` places holds.
const _: () = assert!(PLACES == 20);

/// The largest mantissa a decimal holds (2^96 - 1).
const MANTISSA: u128 = (1 << 96) - 1;

/// One line's rate: `units` of 10^-20 a token (a request for the fee), exact
/// for quantities up to `limit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Line {
    units: i128,
    limit: u64,
}

impl Line {
    /// The line of `rate` per `places` (14 for a rate per million tokens,
    /// 20 for a fee), or `None` when a quantity's cost needs carrying.
    fn new(rate: Option<Decimal>, places: u32) -> Option<Self> {
        let Some(rate) = rate.filter(|r| !r.is_zero()) else {
            return Some(Self {
                units: 0,
                limit: u64::MAX,
            });
        };
        let scale = rate.scale();
        if scale > places {
            return None;
        }
        let mantissa = rate.mantissa();
        let units = mantissa.checked_mul(10i128.checked_pow(places - scale)?)?;
        // `quantity × rate` must keep its mantissa within 96 bits, and a
        // bill's seven lines must add up within an i128.
        let exact = MANTISSA / mantissa.unsigned_abs();
        let summed = (i128::MAX as u128 / 8) / units.unsigned_abs();
        let limit = u64::try_from(exact.min(summed)).unwrap_or(u64::MAX);
        Some(Self { units, limit })
    }

    fn bill(self, quantity: u64) -> Option<i128> {
        (quantity <= self.limit).then(|| i128::from(quantity) * self.units)
    }
}

/// The rates of one billing class as whole units: what [`bill_paid`] bills
/// a call of that class, exactly, as integer multiply-adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinearRates {
    input: Line,
    cache_read: Line,
    cache_write_5m: Line,
    /// Zero with a limit of zero when the class has no one-hour writes.
    cache_write_1h: Line,
    output: Line,
    reasoning: Line,
    fee: Line,
    /// The most a bill may come to in units for its lines to add up, as
    /// decimals, without rounding.
    most: i128,
}

impl LinearRates {
    /// The class of calls on `model` in `mode`, in `region`, above the
    /// long-context threshold or not, with one-hour cache writes or not
    /// (their rates, and any note about them, are taken only then, as
    /// [`bill_paid`] takes them); `None` when a rate has more places than a
    /// whole number of units holds. Notes are added as [`bill_paid`] adds them.
    pub fn new(
        model: &Model,
        mode: Mode,
        region: Option<&str>,
        long_context: bool,
        hour: bool,
        notes: &mut Notes,
    ) -> Option<Self> {
        let multiplier = multiplier(model, region, notes);
        let five =
            CallRates::new(model, Kind::Answer, mode, long_context, Ttl::FiveMinutes, notes).in_region(multiplier);
        let per_token = |part: Part, rates: &CallRates| Line::new(rates.rate(part), 14);
        let cache_write_1h = if hour {
            let hour =
                CallRates::new(model, Kind::Answer, mode, long_context, Ttl::OneHour, notes).in_region(multiplier);
            per_token(Part::CacheWrite, &hour)
        } else {
            Some(Line::default())
        };
        let rates = [
            five.input,
            five.cache_read,
            five.cache_write,
            five.output,
            five.reasoning,
        ];
        // A line's cost has the rate's places and six more (per million);
        // decimals of fewer places add up exactly below 2^96 of the most.
        let places = rates
            .iter()
            .flatten()
            .map(|r| r.scale() + 6)
            .chain(five.fee.map(|f| f.scale()))
            .max()
            .unwrap_or(0)
            .min(PLACES);
        let most = i128::try_from(MANTISSA)
            .ok()
            .and_then(|m| m.checked_mul(10i128.pow(PLACES - places)))
            .unwrap_or(i128::MAX);
        Some(Self {
            input: per_token(Part::Input, &five)?,
            cache_read: per_token(Part::CacheRead, &five)?,
            cache_write_5m: per_token(Part::CacheWrite, &five)?,
            cache_write_1h: cache_write_1h?,
            output: per_token(Part::Output, &five)?,
            reasoning: per_token(Part::Reasoning, &five)?,
            fee: Line::new(five.fee, PLACES)?,
            most,
        })
    }

    /// The bill of `paid` in units of 10^-20 of the currency, or `None` when
    /// a quantity passes its line's limit (bill it with [`bill_paid`]).
    pub fn bill(&self, paid: &Paid) -> Option<i128> {
        let total = self.input.bill(paid.input)?
            + self.cache_read.bill(paid.cache_read)?
            + self.cache_write_5m.bill(paid.cache_write_5m)?
            + self.cache_write_1h.bill(paid.cache_write_1h)?
            + self.output.bill(paid.output)?
            + self.reasoning.bill(paid.reasoning)?
            + self.fee.bill(paid.requests)?;
        (total.unsigned_abs() <= self.most.unsigned_abs()).then_some(total)
    }

    /// The bill of `paid` with its cache reads and writes billed as plain
    /// input, as a source that does not price caching would bill it.
    pub fn bill_as_input(&self, paid: &Paid) -> Option<i128> {
        let input = [paid.cache_read, paid.cache_write_5m, paid.cache_write_1h]
            .into_iter()
            .try_fold(paid.input, u64::checked_add)?;
        self.bill(&Paid {
            input,
            cache_read: 0,
            cache_write_5m: 0,
            cache_write_1h: 0,
            ..*paid
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;
    use crate::tariff::bill_paid;
    use rust_decimal_macros::dec;

    fn catalog(rates: &str) -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            format!("name: t\nas_of: 2025-06-01\ncurrency: USD\nsource: test\nmodels:\n  m: {{provider: anthropic, {rates}}}\n"),
        ))
        .unwrap()
    }

    fn paid() -> Paid {
        Paid {
            requests: 1,
            input: 1_000,
            cache_read: 2_000,
            cache_write_5m: 300,
            cache_write_1h: 0,
            output: 400,
            reasoning: 50,
        }
    }

    #[test]
    fn a_bill_in_units_is_the_bill_by_lines() {
        let c = catalog("input: 3, output: 15, cached_input: 0.3, cache_write: 3.75");
        let m = c.find("m").unwrap();
        let rates = LinearRates::new(m, Mode::Standard, None, false, false, &mut Notes::default()).unwrap();
        // 1,000 × 3 + 2,000 × 0.3 + 300 × 3.75 + 400 × 15 + 50 × 15 (reasoning at the output rate),
        // per million: (3,000 + 600 + 1,125 + 6,000 + 750) / 10^6 = $0.011475.
        let units = rates.bill(&paid()).unwrap();
        assert_eq!(Decimal::from_i128_with_scale(units, 20), dec!(0.011475));
        // Cache tokens as plain input: 3,300 × 3 = 9,900; + 6,750 = $0.01665.
        let plain = rates.bill_as_input(&paid()).unwrap();
        assert_eq!(Decimal::from_i128_with_scale(plain, 20), dec!(0.01665));
        let bill = bill_paid(m, &paid(), Mode::Standard, None, None, &mut Notes::default());
        assert_eq!(bill.total(), dec!(0.011475));
    }

    #[test]
    fn a_rate_past_fourteen_places_or_a_huge_quantity_is_left_to_the_lines() {
        let c = catalog("input: 0.000000000000001, output: 1");
        let m = c.find("m").unwrap();
        assert_eq!(
            LinearRates::new(m, Mode::Standard, None, false, false, &mut Notes::default()),
            None
        );
        let c = catalog("input: 3, output: 15");
        let m = c.find("m").unwrap();
        let rates = LinearRates::new(m, Mode::Standard, None, false, false, &mut Notes::default()).unwrap();
        let huge = Paid {
            input: u64::MAX,
            ..paid()
        };
        assert!(rates.bill(&huge).is_some(), "3 × 2^64 fits 96 bits");
        // One-hour writes in a class taken without them.
        let hour = Paid {
            cache_write_1h: 1,
            ..paid()
        };
        assert_eq!(rates.bill(&hour), None);
    }
}
