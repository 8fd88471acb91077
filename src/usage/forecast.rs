//! `forecast`: a month's cost, the part already spent priced exactly and the
//! rest sampled (docs/forecast.md).
//!
//! - **month to date**: the calls of the month up to the end of the day of
//!   its latest call (`through`), priced as `usage price` prices them;
//! - **the rest of the month**: the scenario calibrated on the logs with a
//!   tier per logged model (`Tiering::Model`; calls on a model the catalog
//!   lacks are left out, as the month to date leaves them), so that its baseline serves
//!   each tier on the model that served it (`observed`, or the one model),
//!   its `days_per_month` set to the days after `through`, sampled by
//!   `montecarlo` on that baseline at the catalog's rates of the first day
//!   left (a catalog with price periods); every sampled month end is the
//!   month-to-date actual plus one sampled rest; its expected bill line by
//!   line (`rest`, for `--format focus`) is the calibrated plan's month times
//!   the days left over the plan's days;
//! - **the day the budget runs out**: the first day of the month on which
//!   the actual cost of the days so far (up to `through`), plus the expected
//!   daily cost of the calibrated scenario for each day after it, reaches the
//!   budget; `None` when no day of the month does.

use super::calibrate::{Calibration, midnight};
use super::models::Names;
use super::{Usage, UsagePrice, Window};
use crate::engine::{Charges, simulate};
use crate::input::Source;
use crate::montecarlo::{self, Settings, Summary, summarize};
use crate::pricing::Catalog;
use crate::scenario::{Scenario, Volume};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// Bins of the month-end histogram (as `montecarlo`'s).
const BINS: usize = 48;

/// The month holds no call to forecast from (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoCallsInMonth(pub String);

/// A calendar month: its first day and its number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Month {
    pub first: NaiveDate,
    pub days: u32,
}

impl Month {
    /// The month that holds `day`.
    pub fn of(day: NaiveDate) -> Self {
        let first = day.with_day(1).unwrap_or(day);
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        Self {
            first,
            days: u32::try_from((next - first).num_days()).unwrap_or(0),
        }
    }

    /// The day after the month's last.
    pub fn end(&self) -> NaiveDate {
        self.first + Duration::days(i64::from(self.days))
    }

    /// Every call of the month.
    pub fn window(&self) -> Window {
        Window {
            since: Some(midnight(self.first)),
            until: Some(midnight(self.end())),
        }
    }

    /// The month to date: its calls up to the end of `through`.
    pub fn to_date(&self, through: NaiveDate) -> Window {
        Window {
            since: Some(midnight(self.first)),
            until: Some(midnight(through) + Duration::days(1)),
        }
    }

    /// `2026-12`.
    pub fn name(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }
}

/// A month's forecast.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub logs: String,
    pub catalog: String,
    pub currency: String,
    pub month: String,
    /// The day of the latest call of the month: month to date ends with it.
    pub through: NaiveDate,
    pub days_elapsed: u32,
    pub days_remaining: u32,
    /// Calls of the month to date (those on models the catalog lacks too).
    pub calls: u128,
    /// Models the catalog lacks, with their calls: neither priced nor calibrated on.
    pub unknown: Vec<(String, u128)>,
    /// The month to date, priced exactly.
    pub actual: Decimal,
    /// The calibrated scenario: its window and its calls a day.
    pub calibrated_from: NaiveDate,
    pub calibrated_until: NaiveDate,
    pub calls_per_day: Decimal,
    /// The calibrated strategy sampled: the scenario's baseline.
    pub strategy: String,
    /// The expected cost of a day of the calibrated scenario.
    pub daily: Decimal,
    /// `actual + days_remaining × daily`.
    pub expected: Decimal,
    pub runs: u64,
    pub seed: u64,
    pub budget: Decimal,
    /// The sampled month ends, with the share above the budget.
    pub month_end: Summary,
    /// The first day the budget is reached; `None`: not this month.
    pub runs_out: Option<NaiveDate>,
    /// The month forecast.
    #[serde(skip)]
    pub period: Month,
    /// The expected bill of the rest of the month, line by line: the
    /// calibrated plan's month times `days_remaining / days of the plan`.
    #[serde(skip)]
    pub rest: Charges,
}

impl Forecast {
    /// The share of sampled months above the budget.
    pub fn exceed(&self) -> Decimal {
        self.month_end.exceed.unwrap_or_default()
    }
}

/// Whether the catalog prices `usage`'s model: the rest of the month is
/// calibrated on the calls the month to date prices, and no others.
pub fn priced(names: &mut Names, usage: &Usage) -> bool {
    names.resolve(&usage.model).is_some()
}

/// What a forecast is computed from.
pub struct Inputs<'a> {
    /// The month to date, priced.
    pub actual: &'a UsagePrice,
    pub calibration: &'a Calibration,
    pub catalog: &'a Catalog,
    pub month: Month,
    pub through: NaiveDate,
    pub budget: Decimal,
}

/// The forecast of `inputs.month`: `settings.runs` sampled rests of the month.
pub fn forecast(inputs: &Inputs, settings: Settings, progress: &(dyn Fn(u64) + Sync)) -> anyhow::Result<Forecast> {
    let Inputs {
        actual,
        calibration,
        catalog,
        month,
        through,
        budget,
    } = *inputs;
    let mut scenario = Scenario::from_source(
        Source::new(
            format!("the scenario calibrated on {}", calibration.logs),
            calibration.scenario_yaml("forecast", None),
        ),
        None,
    )?;
    let strategy = scenario.baseline.clone();
    let month_days = scenario.volume.days();
    // The rest of the month pays the rates of its first day (`Catalog::at`):
    // a price change later in the month is not split.
    let elapsed = through.day();
    let remaining = month.days - elapsed;
    let first_left = if remaining == 0 {
        through
    } else {
        through + Duration::days(1)
    };
    let dated = if catalog.price_changes().is_empty() {
        None
    } else {
        Some(catalog.at(first_left)?)
    };
    let catalog = dated.as_ref().unwrap_or(catalog);
    let planned = simulate(&scenario, catalog)?;
    let planned = planned.strategy(&strategy);
    let monthly = planned.map(|s| s.total).unwrap_or_default();
    let daily = monthly / month_days;
    let rest_share = Decimal::from(remaining) / month_days;
    let rest_charges = planned
        .map(|s| Charges::of_plan(s).scaled(rest_share))
        .unwrap_or_default();
    let total = actual.total.cost;
    let rest: Vec<Decimal> = if remaining == 0 {
        vec![Decimal::ZERO; usize::try_from(settings.runs).unwrap_or(0)]
    } else {
        let per_day = scenario.volume.per_day.map_or(calibration.per_day, |(d, _)| d);
        scenario.volume = Volume::daily(per_day, Some(Decimal::from(remaining))).map_err(|e| {
            anyhow::anyhow!(
                "the scenario calibrated on {}: {}: {}",
                calibration.logs,
                e.field,
                e.message
            )
        })?;
        let mut samples = montecarlo::sample(&scenario, catalog, settings, progress)?;
        let column = samples.strategies.iter().position(|s| *s == strategy).unwrap_or(0);
        samples.costs.swap_remove(column)
    };
    let ends: Vec<Decimal> = rest.iter().map(|r| total + r).collect();
    let daily_actual: Vec<(NaiveDate, Decimal)> = actual.by_day.iter().map(|(d, t)| (*d, t.cost)).collect();
    Ok(Forecast {
        logs: actual.source.clone(),
        catalog: actual.catalog.clone(),
        currency: actual.currency.clone(),
        month: month.name(),
        through,
        days_elapsed: elapsed,
        days_remaining: remaining,
        calls: actual.total.requests,
        unknown: actual
            .unknown
            .iter()
            .map(|u| (u.model.clone(), u.totals.requests))
            .collect(),
        actual: total,
        calibrated_from: calibration.start.date_naive(),
        calibrated_until: (calibration.end - Duration::nanoseconds(1)).date_naive(),
        calls_per_day: calibration.per_day,
        strategy,
        daily: daily.normalize(),
        expected: (total + daily * Decimal::from(remaining)).normalize(),
        runs: settings.runs,
        seed: settings.seed,
        budget,
        month_end: summarize(&ends, Some(budget), BINS),
        runs_out: runs_out(&daily_actual, month, through, daily, budget),
        period: month,
        rest: rest_charges,
    })
}

/// The first day of `month` on which the cost of the days so far reaches
/// `budget`: the actual cost of each day up to `through` (`by_day`, in date
/// order), then `daily` for each day after it.
fn runs_out(
    by_day: &[(NaiveDate, Decimal)],
    month: Month,
    through: NaiveDate,
    daily: Decimal,
    budget: Decimal,
) -> Option<NaiveDate> {
    if budget <= Decimal::ZERO {
        return Some(month.first);
    }
    let mut spent = Decimal::ZERO;
    for (day, cost) in by_day.iter().filter(|(d, _)| *d <= through) {
        spent += cost;
        if spent >= budget {
            return Some(*day);
        }
    }
    if daily <= Decimal::ZERO {
        return None;
    }
    let days = ((budget - spent) / daily).ceil().to_i64()?;
    let day = through + Duration::days(days.max(1));
    (day < month.end()).then_some(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_month_knows_its_days() {
        let feb = Month::of(NaiveDate::from_ymd_opt(2028, 2, 17).unwrap());
        assert_eq!((feb.name().as_str(), feb.days), ("2028-02", 29));
        assert_eq!(Month::of(day(30)).end(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    }

    #[test]
    fn the_budget_runs_out_on_the_first_day_that_reaches_it() {
        let month = Month::of(day(1));
        let spent = [(day(1), dec!(3)), (day(2), dec!(4))];
        // Already reached on day 2 (3 + 4 = 7).
        assert_eq!(runs_out(&spent, month, day(2), dec!(1), dec!(7)), Some(day(2)));
        // 7 spent, 2 a day: 11 is reached on day 2 + ceil(4 / 2) = 4, 12 on day 5.
        assert_eq!(runs_out(&spent, month, day(2), dec!(2), dec!(11)), Some(day(4)));
        assert_eq!(runs_out(&spent, month, day(2), dec!(2), dec!(12)), Some(day(5)));
        // 7 + 28 × 2 = 63 by November 30; 64 is not reached this month.
        assert_eq!(runs_out(&spent, month, day(2), dec!(2), dec!(63)), Some(day(30)));
        assert_eq!(runs_out(&spent, month, day(2), dec!(2), dec!(64)), None);
        assert_eq!(runs_out(&spent, month, day(2), dec!(0), dec!(8)), None);
        // Nothing to spend: the first day.
        assert_eq!(runs_out(&spent, month, day(2), dec!(2), dec!(0)), Some(day(1)));
    }
}
