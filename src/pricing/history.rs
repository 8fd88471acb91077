//! Price history: a model's price periods checked (in order, none
//! overlapping), and the one choice of the period a day falls in. A catalog
//! resolved to a day (`Catalog::at`) or a model priced on a day
//! (`Model::on`) carries that period's rates in the fields the tariff reads,
//! so no billing code learns about dates. Price lists of several days merge
//! into one history (`merge`).

use super::catalog::{Catalog, History, Model, PricePeriod};
use crate::input::{Field, InputError, Source};
use crate::notes::Notes;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt;

/// A period's days as the catalog writes them: `from 2025-06-10 until 2025-09-01`.
struct Days<'a>(&'a PricePeriod);

impl fmt::Display for Days<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.from, self.0.until) {
            (None, None) => write!(f, "every day"),
            (Some(from), None) => write!(f, "from {from}"),
            (None, Some(until)) => write!(f, "until {until}"),
            (Some(from), Some(until)) => write!(f, "from {from} until {until}"),
        }
    }
}

impl PricePeriod {
    /// The period's days and its standard input and output rates:
    /// `from 2025-06-10: input 2, output 8`.
    pub fn summary(&self) -> String {
        format!(
            "{}: input {}, output {}",
            Days(self),
            self.standard.input.normalize(),
            self.standard.output.normalize()
        )
    }

    /// Whether `day` falls in the period (`from` inclusive, `until` exclusive).
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }
}

impl History {
    /// The periods of model `id`, listed at `field` of `src`, in order of
    /// their days; refuses a period that ends before it starts and two that
    /// share a day.
    pub(crate) fn checked(
        src: &Source,
        field: &Field,
        id: &str,
        periods: Vec<PricePeriod>,
    ) -> Result<Self, InputError> {
        if periods.is_empty() {
            return Err(src
                .error(field, format!("model `{id}` lists no price period"))
                .with_hint("list at least one period, or give the rates at the model"));
        }
        for (i, p) in periods.iter().enumerate() {
            if let (Some(from), Some(until)) = (p.from, p.until)
                && until <= from
            {
                return Err(src
                    .error(
                        &field.index(i).key("until"),
                        format!(
                            "period {} of model `{id}` ends on {until}, not after it starts ({from})",
                            i + 1
                        ),
                    )
                    .with_hint("`until` is the first day the period no longer holds: a day after `from`"));
            }
        }
        let mut order: Vec<usize> = (0..periods.len()).collect();
        order.sort_by_key(|&i| periods[i].from);
        for pair in order.windows(2) {
            let (a, b) = (&periods[pair[0]], &periods[pair[1]]);
            let overlaps = match (a.until, b.from) {
                (Some(until), Some(from)) => from < until,
                _ => true,
            };
            if overlaps {
                let at = field.index(pair[1]);
                let (at, value) = match b.from {
                    Some(from) => (at.key("from"), format!("from {from}")),
                    None => (at, "with no `from`".to_string()),
                };
                return Err(src
                    .error(
                        &at,
                        format!(
                            "period {} of model `{id}` ({value}) overlaps period {} ({}); a day has one price",
                            pair[1] + 1,
                            pair[0] + 1,
                            Days(a)
                        ),
                    )
                    .with_hint("end the earlier period with `until`, on the day the later one starts"));
            }
        }
        let periods = order.into_iter().map(|i| periods[i].clone()).collect();
        Ok(Self {
            periods,
            located: src.error(field, ""),
        })
    }

    /// The period `day` falls in; an error at the catalog's `periods` of
    /// model `id` when it falls in none.
    pub(crate) fn on(&self, day: NaiveDate, id: &str) -> Result<&PricePeriod, InputError> {
        self.periods.iter().find(|p| p.holds(day)).ok_or_else(|| {
            let listed: Vec<String> = self.periods.iter().map(|p| Days(p).to_string()).collect();
            InputError {
                message: format!(
                    "model `{id}` has no price on {day}: its price periods hold {}",
                    listed.join(", ")
                ),
                hint: Some("add a period that holds the day, or price another day".into()),
                ..self.located.clone()
            }
        })
    }
}

impl Model {
    /// The model with the rates of the period `day` falls in: itself when it
    /// lists no periods or `day` has its current rates.
    pub fn on(&self, day: NaiveDate) -> Result<Cow<'_, Model>, InputError> {
        let Some(history) = &self.history else {
            return Ok(Cow::Borrowed(self));
        };
        Ok(self.in_period(history.on(day, &self.id)?))
    }

    /// The model in each of its price periods, with the period's days
    /// (`from`, `until`); one period holding every day, at its own rates,
    /// when it lists none.
    pub fn by_period(&self) -> Vec<(Option<NaiveDate>, Option<NaiveDate>, Cow<'_, Model>)> {
        match &self.history {
            None => vec![(None, None, Cow::Borrowed(self))],
            Some(history) => history
                .periods
                .iter()
                .map(|p| (p.from, p.until, self.in_period(p)))
                .collect(),
        }
    }

    /// The model with the rates of `period`: itself when they are its own.
    fn in_period(&self, period: &PricePeriod) -> Cow<'_, Model> {
        if period.standard == self.standard
            && period.batch == self.batch
            && period.tiers == self.tiers
            && period.long_context == self.long_context
            && period.per_request == self.per_request
        {
            return Cow::Borrowed(self);
        }
        Cow::Owned(Model {
            standard: period.standard.clone(),
            batch: period.batch.clone(),
            tiers: period.tiers.clone(),
            long_context: period.long_context.clone(),
            per_request: period.per_request,
            ..self.clone()
        })
    }
}

impl Model {
    /// Which of its price periods the model's rates are, on the catalog's
    /// `day`, for the notes of a report; `None` without periods.
    pub fn period_note(&self, day: NaiveDate) -> Option<String> {
        let history = self.history.as_deref()?;
        let period = history.on(day, &self.id).ok()?;
        Some(format!(
            "model {} is priced at its period {} (one of {} price periods; prices as of {day}, --as-of picks another day)",
            self.id,
            period.summary(),
            history.periods.len()
        ))
    }
}

impl Catalog {
    /// The catalog as it priced on `day`: each model with the rates of its
    /// period that day, `as_of` set to the day. A model with no price that
    /// day is an error at its periods.
    pub fn at(&self, day: NaiveDate) -> Result<Catalog, InputError> {
        let models = self
            .models
            .iter()
            .map(|m| m.on(day).map(Cow::into_owned))
            .collect::<Result<Vec<_>, _>>()?;
        let mut catalog = Catalog {
            as_of: day,
            models,
            warnings: Notes::default(),
            ..self.clone()
        };
        let warnings: Vec<String> = catalog.models.iter().flat_map(|m| catalog.price_warnings(m)).collect();
        for warning in warnings {
            catalog.warnings.add(warning);
        }
        Ok(catalog)
    }

    /// The days a price changes in the catalog: every period's `from` and
    /// `until`, in order, each once. Two days between the same neighbours
    /// have the same prices.
    pub fn price_changes(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .models
            .iter()
            .filter_map(|m| m.history.as_deref())
            .flat_map(|h| &h.periods)
            .flat_map(|p| [p.from, p.until])
            .flatten()
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }
}

/// The rates of `m` as one period from `from`.
fn period_of(m: &Model, from: Option<NaiveDate>) -> PricePeriod {
    PricePeriod {
        from,
        until: None,
        standard: m.standard.clone(),
        batch: m.batch.clone(),
        tiers: m.tiers.clone(),
        long_context: m.long_context.clone(),
        per_request: m.per_request,
    }
}

/// Models from price lists of several days, oldest first, merged into one
/// history per id. The oldest list a model is in prices it from no date on
/// (a list does not say when a price began); a later list that prices it
/// otherwise ends that period on its own date (`until`, the first day it no
/// longer holds) and opens the next from that date. A model a later list leaves out keeps its last price, open-ended.
/// Everything but the rates (aliases, windows, dates) comes from the newest
/// list that has the model. Models come in the newest list's order, then
/// those only older lists have. `same` tells whether two lists price a model
/// alike (the tariff's `Model::charges_as`: a rate one list states and the
/// other leaves to its default is no change).
pub fn merge(snapshots: &[(NaiveDate, Vec<Model>)], file: &str, same: impl Fn(&Model, &Model) -> bool) -> Vec<Model> {
    let mut order: Vec<&str> = Vec::new();
    for (_, models) in snapshots.iter().rev() {
        for m in models {
            if !order.contains(&m.id.as_str()) {
                order.push(&m.id);
            }
        }
    }
    order
        .into_iter()
        .map(|id| {
            let mut periods: Vec<PricePeriod> = Vec::new();
            let mut newest: Option<&Model> = None;
            for (day, models) in snapshots {
                let Some(m) = models.iter().find(|m| m.id == id) else {
                    continue;
                };
                match (periods.last_mut(), newest) {
                    (Some(last), Some(before)) if !same(before, m) => {
                        last.until = Some(*day);
                        periods.push(period_of(m, Some(*day)));
                    }
                    (Some(_), _) => {}
                    (None, _) => periods.push(period_of(m, None)),
                }
                newest = Some(m);
            }
            let mut model = newest.expect("every id comes from a list").clone();
            if periods.len() > 1 {
                model.history = Some(Box::new(History {
                    periods,
                    located: InputError::file(file, ""),
                }));
            }
            model
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const HEAD: &str = "name: t\nas_of: 2025-07-01\ncurrency: USD\nsource: test\nmodels:\n";

    fn load(models: &str) -> Result<Catalog, InputError> {
        Catalog::from_source(&Source::new("c.yaml", format!("{HEAD}{models}")))
    }

    /// o3 as OpenAI priced it: $10/$40 at launch, $2/$8 from 2025-06-10
    /// (https://openai.com/api/pricing/, read 2025-06-10).
    const O3: &str = "  o3:\n    provider: openai\n    periods:\n      - until: 2025-06-10\n        input: 10\n        output: 40\n      - from: 2025-06-10\n        input: 2\n        output: 8\n";

    #[test]
    fn the_catalog_date_picks_the_current_rates() {
        let c = load(O3).unwrap();
        let m = c.model("o3").unwrap();
        assert_eq!((m.standard.input, m.standard.output), (dec!(2), dec!(8)));
    }

    #[test]
    fn a_day_picks_its_period_and_until_is_exclusive() {
        let c = load(O3).unwrap();
        let m = c.model("o3").unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(m.on(day("2025-06-09")).unwrap().standard.input, dec!(10));
        assert_eq!(m.on(day("2025-06-10")).unwrap().standard.input, dec!(2));
        let early = c.at(day("2025-01-31")).unwrap();
        assert_eq!(early.model("o3").unwrap().standard.output, dec!(40));
        assert_eq!(early.as_of, day("2025-01-31"));
        assert_eq!(c.price_changes(), vec![day("2025-06-10")]);
    }

    #[test]
    fn a_model_by_period_has_each_periods_days_and_rates() {
        let c = load(&format!("{O3}  m:\n    provider: p\n    input: 1\n    output: 2\n")).unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let o3: Vec<_> = c
            .model("o3")
            .unwrap()
            .by_period()
            .into_iter()
            .map(|(from, until, m)| (from, until, m.standard.input))
            .collect();
        assert_eq!(
            o3,
            [(None, day("2025-06-10"), dec!(10)), (day("2025-06-10"), None, dec!(2))]
        );
        // Without periods, one that holds every day.
        let m = c.model("m").unwrap().by_period();
        assert_eq!(
            (m.len(), m[0].0, m[0].1, m[0].2.standard.input),
            (1, None, None, dec!(1))
        );
    }

    #[test]
    fn overlapping_periods_are_located() {
        let e = load("  o3:\n    provider: openai\n    periods:\n      - until: 2025-06-10\n        input: 10\n        output: 40\n      - from: 2025-06-01\n        input: 2\n        output: 8\n").unwrap_err();
        assert_eq!(e.line, Some(12));
        assert_eq!(e.field.as_deref(), Some("models.o3.periods[1].from"));
        assert_eq!(
            e.message,
            "period 2 of model `o3` (from 2025-06-01) overlaps period 1 (until 2025-06-10); a day has one price"
        );
    }

    #[test]
    fn a_day_outside_every_period_is_located() {
        let c = load(
            "  m:\n    provider: p\n    periods:\n      - from: 2025-01-01\n        input: 1\n        output: 2\n",
        )
        .unwrap();
        let e = c.at(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("c.yaml", Some(8)));
        assert_eq!(e.field.as_deref(), Some("models.m.periods"));
        assert_eq!(
            e.message,
            "model `m` has no price on 2024-12-31: its price periods hold from 2025-01-01"
        );
    }

    #[test]
    fn a_period_carries_its_service_tier_rates() {
        // Priority at 2 / 8 until 2025-06-10, then 1 / 4; flex only in the second period.
        let c = load(
            "  m:\n    provider: p\n    periods:\n      - until: 2025-06-10\n        input: 1\n        output: 4\n        priority: {input: 2, output: 8}\n      - from: 2025-06-10\n        input: 0.5\n        output: 2\n        priority: {input: 1, output: 4}\n        flex: {input: 0.25, output: 1}\n",
        )
        .unwrap();
        let m = c.model("m").unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let early = m.on(day("2025-06-09")).unwrap();
        let priority = early.tiers.priority.as_ref().unwrap();
        assert_eq!((priority.input, priority.output), (Some(dec!(2)), Some(dec!(8))));
        assert!(early.tiers.flex.is_none());
        let late = m.on(day("2025-06-10")).unwrap();
        assert_eq!(late.tiers.priority.as_ref().unwrap().input, Some(dec!(1)));
        assert_eq!(late.tiers.flex.as_ref().unwrap().output, Some(dec!(1)));
    }

    #[test]
    fn a_tier_beside_periods_is_refused() {
        let e = load("  m:\n    provider: p\n    priority: {input: 2, output: 8}\n    periods:\n      - input: 1\n        output: 2\n")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("models.m.priority"));
    }

    #[test]
    fn rates_beside_periods_are_refused() {
        let e = load("  m:\n    provider: p\n    input: 1\n    periods:\n      - input: 1\n        output: 2\n")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("models.m.input"));
    }

    #[test]
    fn lists_merge_into_periods_where_the_bill_changes() {
        let list = |models: &str| load(models).unwrap().models;
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
        // 10 / 20; then the same with the default batch rates (half) stated; then 5 / 10.
        let lists = vec![
            (day(1), list("  m:\n    provider: p\n    input: 10\n    output: 20\n")),
            (
                day(2),
                list(
                    "  m:\n    provider: p\n    input: 10\n    output: 20\n    batch:\n      input: 5\n      output: 10\n",
                ),
            ),
            (
                day(3),
                list(
                    "  m:\n    provider: p\n    input: 5\n    output: 10\n  n:\n    provider: p\n    input: 1\n    output: 1\n",
                ),
            ),
        ];
        let merged = merge(&lists, "h.yaml", Model::charges_as);
        assert_eq!(merged.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["m", "n"]);
        let periods = &merged[0].history.as_ref().unwrap().periods;
        assert_eq!(periods.len(), 2);
        assert_eq!(
            (periods[0].from, periods[0].until, periods[0].standard.input),
            (None, Some(day(3)), dec!(10))
        );
        assert_eq!(
            (periods[1].from, periods[1].until, periods[1].standard.input),
            (Some(day(3)), None, dec!(5))
        );
        // A model of one list has no periods.
        assert!(merged[1].history.is_none());
    }
}
