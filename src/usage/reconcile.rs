//! Why a model's priced and recorded costs differ (`usage price` where the
//! source records a cost): the model is not in the catalog, the source
//! billed cache tokens as plain input, a price changed in the period, or the
//! rounding of the recorded figures; each named only where it explains the
//! difference.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a model's recorded cost is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Check {
    /// Records with a recorded cost, and their prices.
    pub(super) records: u64,
    pub(super) priced: Decimal,
    pub(super) recorded: Decimal,
    /// Their price with cache reads and writes billed as plain input.
    pub(super) cache_as_input: Decimal,
    /// Priced and recorded by day, to see a rate change.
    pub(super) by_day: BTreeMap<NaiveDate, Day>,
    /// The most decimal places a recorded cost needs (trailing zeros do not count).
    pub(super) places: u32,
}

/// One day of a model's priced and recorded costs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Day {
    pub(super) priced: Decimal,
    /// Priced with cache reads and writes billed as plain input.
    pub(super) as_input: Decimal,
    pub(super) recorded: Decimal,
}

/// Why a model's priced and recorded costs differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// The catalog does not list the model: nothing was priced.
    NotInCatalog,
    /// The source billed cache reads and writes as plain input: pricing them
    /// so gives `cost`, `closer_by` nearer the recorded figure (at least half
    /// the difference).
    CacheAsInput { cost: Decimal, closer_by: Decimal },
    /// The recorded cost per priced dollar changes on `from`: a price that
    /// changed in the period (the catalog holds one price).
    PriceChanged {
        from: NaiveDate,
        before: Decimal,
        after: Decimal,
    },
    /// The difference is within the rounding of the recorded costs (half a
    /// unit of their last place on each record).
    Rounding { bound: Decimal },
    /// None of the above explains it.
    Unexplained,
}

/// One model's priced and recorded costs, over the records that carry both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    pub model: String,
    pub records: u64,
    pub priced: Decimal,
    pub recorded: Decimal,
    /// `priced - recorded`.
    pub difference: Decimal,
    pub causes: Vec<Cause>,
}

/// The recorded cost per priced unit, to 6 places (a rate change shows in the
/// first few digits; rounding of the recorded figures in the last).
fn ratio(priced: Decimal, recorded: Decimal) -> Option<Decimal> {
    (!priced.is_zero()).then(|| (recorded / priced).round_dp(6))
}

/// How `model`'s priced and recorded costs differ, and why.
pub(super) fn reconcile(model: String, check: &Check) -> Reconciled {
    let difference = check.priced - check.recorded;
    let mut causes = Vec::new();
    // Half a unit of the recorded figures' last place on each record.
    let bound = Decimal::new(5, check.places + 1) * Decimal::from(check.records);
    if !difference.is_zero() {
        let gap = difference.abs();
        let as_input_gap = (check.cache_as_input - check.recorded).abs();
        // Named when it explains at least half the difference.
        let cache_as_input = check.cache_as_input != check.priced && as_input_gap * Decimal::TWO < gap;
        if cache_as_input {
            causes.push(Cause::CacheAsInput {
                cost: check.cache_as_input,
                closer_by: gap - as_input_gap,
            });
        }
        // Days with both a price and a recorded cost (a report may not cover every day of the
        // logs), priced the way the source seems to price them.
        let mut days = check
            .by_day
            .iter()
            .filter(|(_, d)| !d.recorded.is_zero())
            .filter_map(|(day, d)| {
                let priced = if cache_as_input { d.as_input } else { d.priced };
                Some((*day, ratio(priced, d.recorded)?))
            });
        if let Some((_, first)) = days.next() {
            let mut before = first;
            for (day, after) in days {
                // A change larger than rounding of a day's figures.
                if (after - before).abs() > Decimal::new(1, 3) {
                    causes.push(Cause::PriceChanged {
                        from: day,
                        before,
                        after,
                    });
                    break;
                }
                before = after;
            }
        }
        if gap <= bound {
            causes.push(Cause::Rounding { bound });
        }
        if causes.is_empty() {
            causes.push(Cause::Unexplained);
        }
    }
    Reconciled {
        model,
        records: check.records,
        priced: check.priced.normalize(),
        recorded: check.recorded.normalize(),
        difference: difference.normalize(),
        causes,
    }
}
