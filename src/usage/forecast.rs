//! `forecast`: a month's cost, the part already spent priced exactly and the
//! rest sampled (docs/forecast.md).
//!
//! - **month to date**: the calls of the month up to the end of the day of
//!   its latest call (`through`), priced as `usage price` prices them;
//! - **the rest of the month**: the scenario calibrated on the logs with a
//!   tier per logged model (`Tiering::Model`; calls on a model the catalog
//!   lacks are left out, as the month to date leaves them), so that its baseline serves
//!   each tier on the model that served it (`observed`, or the one model),
//!   cut into [`RestPart`]s where the catalog's prices change (a catalog
//!   with price periods), each with its `days_per_month` set to its days and
//!   sampled by `montecarlo` on that baseline at the rates of its first day
//!   (each part from runs of its own, so its days are drawn apart from the
//!   other parts', as the days of one part are); every sampled month end is the
//!   month-to-date actual plus one sampled rest, the sum of one run of each
//!   part; a part's expected bill line by line (for `--format focus`) is the
//!   calibrated plan's month at its rates times its days over the plan's days;
//! - **the day the budget runs out**: the first day of the month on which
//!   the actual cost of the days so far (up to `through`), plus the expected
//!   daily cost of the calibrated scenario for each day after it (at that
//!   day's rates), reaches the budget; `None` when no day of the month does.

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
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The expected cost of a day of the calibrated scenario, at the rates of
    /// the first day left (of `through` when none is left).
    pub daily: Decimal,
    /// `actual` + each part of the rest's days × its daily cost.
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
    /// The rest of the month, a part for each set of rates; none when no
    /// day is left.
    pub rest: Vec<RestPart>,
}

/// Days of the rest of the month at one set of rates: from `from` up to the
/// next day the catalog's prices change, or the month's end.
#[derive(Debug, Clone, Serialize)]
pub struct RestPart {
    pub from: NaiveDate,
    pub days: u32,
    /// The expected cost of one of its days.
    pub daily: Decimal,
    /// Its expected bill, line by line: the calibrated plan's month at its
    /// rates times `days / days of the plan`.
    #[serde(skip)]
    pub charges: Charges,
}

impl RestPart {
    /// The day after its last.
    pub fn end(&self) -> NaiveDate {
        self.from + Duration::days(i64::from(self.days))
    }
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
    let elapsed = through.day();
    let remaining = month.days - elapsed;
    let mut parts = Vec::new();
    let mut catalogs = Vec::new();
    for (from, days) in rest_days(catalog, month, through) {
        let (dated, monthly, charges) = plan_on(&scenario, catalog, &strategy, from)?;
        parts.push(RestPart {
            from,
            days,
            daily: monthly / month_days,
            charges: charges.scaled(Decimal::from(days) / month_days),
        });
        catalogs.push(dated);
    }
    let daily = match parts.first() {
        Some(first) => first.daily,
        None => plan_on(&scenario, catalog, &strategy, through)?.1 / month_days,
    };
    let total = actual.total.cost;
    let per_day = scenario.volume.per_day.map_or(calibration.per_day, |(d, _)| d);
    let mut rest = vec![Decimal::ZERO; usize::try_from(settings.runs).unwrap_or(0)];
    let progress = Shared::new(progress, parts.len());
    for (i, (part, dated)) in parts.iter().zip(&catalogs).enumerate() {
        scenario.volume = Volume::daily(per_day, Some(Decimal::from(part.days))).map_err(|e| {
            anyhow::anyhow!(
                "the scenario calibrated on {}: {}: {}",
                calibration.logs,
                e.field,
                e.message
            )
        })?;
        // Part i draws runs i × runs, ...: its days drawn apart from the other parts'.
        let first = settings.runs * i as u64;
        let mut samples =
            montecarlo::sample_from(&scenario, dated.as_ref().unwrap_or(catalog), settings, first, &|n| {
                progress.advance(n)
            })?;
        let column = samples.strategies.iter().position(|s| *s == strategy).unwrap_or(0);
        for (sum, cost) in rest.iter_mut().zip(samples.costs.swap_remove(column)) {
            *sum += cost;
        }
    }
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
        expected: parts
            .iter()
            .fold(total, |sum, part| sum + part.daily * Decimal::from(part.days))
            .normalize(),
        runs: settings.runs,
        seed: settings.seed,
        budget,
        month_end: summarize(&ends, Some(budget), BINS),
        runs_out: runs_out(&daily_actual, month, through, &parts, budget),
        period: month,
        rest: parts,
    })
}

/// The calibrated plan's month at the catalog's rates of `day`: the
/// catalog of that day (when it lists price periods, `Catalog::at`), then
/// the month's cost and bill on `strategy`.
fn plan_on(
    scenario: &Scenario,
    catalog: &Catalog,
    strategy: &str,
    day: NaiveDate,
) -> anyhow::Result<(Option<Catalog>, Decimal, Charges)> {
    let dated = (!catalog.price_changes().is_empty())
        .then(|| catalog.at(day))
        .transpose()?;
    let report = simulate(scenario, dated.as_ref().unwrap_or(catalog))?;
    let planned = report.strategy(strategy);
    let monthly = planned.map(|s| s.total).unwrap_or_default();
    Ok((dated, monthly, planned.map(Charges::of_plan).unwrap_or_default()))
}

/// The days after `through` to the end of `month`, cut where the catalog's
/// prices change: each part's first day and its number of days.
fn rest_days(catalog: &Catalog, month: Month, through: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let end = month.end();
    let first = through + Duration::days(1);
    let mut cuts = vec![first];
    cuts.extend(catalog.price_changes().into_iter().filter(|d| *d > first && *d < end));
    cuts.push(end);
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| (w[0], u32::try_from((w[1] - w[0]).num_days()).unwrap_or(0)))
        .collect()
}

/// Progress of several samplings of the same runs, heard as one: runs
/// finished over every part, divided by the number of parts.
struct Shared<'a> {
    progress: &'a (dyn Fn(u64) + Sync),
    parts: u64,
    done: AtomicU64,
}

impl<'a> Shared<'a> {
    fn new(progress: &'a (dyn Fn(u64) + Sync), parts: usize) -> Self {
        Self {
            progress,
            parts: (parts as u64).max(1),
            done: AtomicU64::new(0),
        }
    }

    fn advance(&self, runs: u64) {
        let before = self.done.fetch_add(runs, Ordering::Relaxed);
        let step = (before + runs) / self.parts - before / self.parts;
        if step > 0 {
            (self.progress)(step);
        }
    }
}

/// The first day of `month` on which the cost of the days so far reaches
/// `budget`: the actual cost of each day up to `through` (`by_day`, in date
/// order), then each part's daily cost for each of its days.
fn runs_out(
    by_day: &[(NaiveDate, Decimal)],
    month: Month,
    through: NaiveDate,
    parts: &[RestPart],
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
    for part in parts.iter().filter(|p| p.daily > Decimal::ZERO) {
        let days = ((budget - spent) / part.daily).ceil().to_i64()?;
        if days <= i64::from(part.days) {
            return Some(part.from + Duration::days(days.max(1) - 1));
        }
        spent += part.daily * Decimal::from(part.days);
    }
    None
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

    /// The rest of November after `through` at `daily` a day.
    fn rest(through: u32, daily: Decimal) -> Vec<RestPart> {
        vec![part(through + 1, 30 - through, daily)]
    }

    fn part(from: u32, days: u32, daily: Decimal) -> RestPart {
        RestPart {
            from: day(from),
            days,
            daily,
            charges: Charges::default(),
        }
    }

    #[test]
    fn the_budget_runs_out_on_the_first_day_that_reaches_it() {
        let month = Month::of(day(1));
        let spent = [(day(1), dec!(3)), (day(2), dec!(4))];
        let runs_out = |daily, budget| runs_out(&spent, month, day(2), &rest(2, daily), budget);
        // Already reached on day 2 (3 + 4 = 7).
        assert_eq!(runs_out(dec!(1), dec!(7)), Some(day(2)));
        // 7 spent, 2 a day: 11 is reached on day 2 + ceil(4 / 2) = 4, 12 on day 5.
        assert_eq!(runs_out(dec!(2), dec!(11)), Some(day(4)));
        assert_eq!(runs_out(dec!(2), dec!(12)), Some(day(5)));
        // 7 + 28 × 2 = 63 by November 30; 64 is not reached this month.
        assert_eq!(runs_out(dec!(2), dec!(63)), Some(day(30)));
        assert_eq!(runs_out(dec!(2), dec!(64)), None);
        assert_eq!(runs_out(dec!(0), dec!(8)), None);
        // Nothing to spend: the first day.
        assert_eq!(runs_out(dec!(2), dec!(0)), Some(day(1)));
    }

    #[test]
    fn after_a_price_change_the_budget_runs_out_at_the_new_daily_cost() {
        let month = Month::of(day(1));
        let spent = [(day(1), dec!(3)), (day(2), dec!(4))];
        // 2 a day on days 3-10 (7 + 16 = 23 by day 10), then 1 a day.
        let parts = [part(3, 8, dec!(2)), part(11, 20, dec!(1))];
        let runs_out = |budget| runs_out(&spent, month, day(2), &parts, budget);
        assert_eq!(runs_out(dec!(23)), Some(day(10)));
        // 23 + ceil(1.5 / 1) = 2 days more: day 12.
        assert_eq!(runs_out(dec!(24.5)), Some(day(12)));
        // 23 + 20 = 43 by November 30.
        assert_eq!(runs_out(dec!(43)), Some(day(30)));
        assert_eq!(runs_out(dec!(43.01)), None);
        // Free after the change: only the first part counts.
        let free = [part(3, 8, dec!(2)), part(11, 20, dec!(0))];
        assert_eq!(super::runs_out(&spent, month, day(2), &free, dec!(23.5)), None);
    }

    #[test]
    fn the_rest_of_the_month_is_cut_where_prices_change() {
        let catalog = Catalog::from_source(&Source::new(
            "p.yaml",
            "name: p\nas_of: 2026-11-01\ncurrency: USD\nsource: s\nmodels:\n  a:\n    provider: openai\n    periods:\n      - until: 2026-11-05\n        input: 1\n        output: 2\n      - from: 2026-11-05\n        until: 2026-11-21\n        input: 2\n        output: 4\n      - from: 2026-11-21\n        input: 1\n        output: 2\n",
        ))
        .unwrap();
        let month = Month::of(day(1));
        // November 11-20 at one set of rates, 21-30 at another; the change
        // of November 5 is in the month to date.
        assert_eq!(rest_days(&catalog, month, day(10)), vec![(day(11), 10), (day(21), 10)]);
        // A change on the first day left starts the only part.
        assert_eq!(rest_days(&catalog, month, day(20)), vec![(day(21), 10)]);
        assert_eq!(rest_days(&catalog, month, day(30)), vec![]);
    }
}
