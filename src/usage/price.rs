//! Logged usage priced exactly with the tariff (`crate::tariff::bill_paid`):
//! totals by model, day, label (project, team, user, ...) and tag; the models
//! the catalog lacks, counted and never priced at zero silently; and, where
//! the source recorded a cost, the difference by model with its likely causes.

use super::models::{Names, resolve};
use super::{CostLine, Usage, UsageTokens};
use crate::engine::Charges;
use crate::notes::Notes;
use crate::pricing::{Catalog, Model};
use crate::tariff::{Judged, Paid, bill_paid};
use chrono::NaiveDate;
use hashbrown::HashMap;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Whole tokens by the part of a bill that prices them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TokenSums {
    pub input: u128,
    pub cache_read: u128,
    pub cache_write: u128,
    pub output: u128,
    pub reasoning: u128,
}

impl TokenSums {
    fn add(&mut self, t: &UsageTokens) {
        self.input += u128::from(t.input);
        self.cache_read += u128::from(t.cache_read);
        self.cache_write += u128::from(t.cache_write_5m) + u128::from(t.cache_write_1h);
        self.output += u128::from(t.output);
        self.reasoning += u128::from(t.reasoning);
    }
}

/// What one group of records (a model, a day, a label's value, a tag) used and cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub records: u64,
    pub requests: u128,
    pub tokens: TokenSums,
    /// Priced with the catalog (models it lists only).
    pub cost: Decimal,
    /// What the source recorded, over the records that carry a cost.
    pub recorded: Option<Decimal>,
}

/// A sum past a decimal's range (about 7.9 × 10^28).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the usage's total cost passes the largest figure llmcost carries (about 7.9 × 10^28), at {at}")]
pub struct TooLarge {
    /// The record that made it pass.
    pub at: String,
}

/// Why a record cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// The record's day falls in none of its model's price periods.
    #[error(transparent)]
    NoPrice(#[from] crate::input::InputError),
}

fn add(sum: &mut Decimal, value: Decimal, at: &Usage) -> Result<(), TooLarge> {
    *sum = sum.checked_add(value).ok_or_else(|| TooLarge {
        at: at.origin.to_string(),
    })?;
    Ok(())
}

impl Totals {
    /// The figures without trailing zeros, as every report carries them.
    fn normalized(mut self) -> Self {
        self.cost = self.cost.normalize();
        self.recorded = self.recorded.map(|r| r.normalize());
        self
    }

    fn add(&mut self, usage: &Usage, cost: Decimal) -> Result<(), TooLarge> {
        self.records += 1;
        self.requests += u128::from(usage.requests);
        self.tokens.add(&usage.tokens);
        add(&mut self.cost, cost, usage)?;
        if let Some(recorded) = usage.recorded_cost {
            add(self.recorded.get_or_insert(Decimal::ZERO), recorded, usage)?;
        }
        Ok(())
    }
}

/// What a model's recorded cost is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Check {
    /// Records with a recorded cost, and their prices.
    records: u64,
    priced: Decimal,
    recorded: Decimal,
    /// Their price with cache reads and writes billed as plain input.
    cache_as_input: Decimal,
    /// Priced and recorded by day, to see a rate change.
    by_day: BTreeMap<NaiveDate, Day>,
    /// The most decimal places a recorded cost was written with.
    places: u32,
}

/// One day of a model's priced and recorded costs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Day {
    priced: Decimal,
    /// Priced with cache reads and writes billed as plain input.
    as_input: Decimal,
    recorded: Decimal,
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

/// A model the catalog does not list, with what it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unknown {
    pub model: String,
    pub totals: Totals,
    /// The catalog ids closest to it, for a `--map`.
    pub suggestion: Option<String>,
}

/// Logged usage, priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsagePrice {
    pub source: String,
    pub catalog: String,
    pub currency: String,
    /// The first and last day of the records (UTC).
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub total: Totals,
    pub by_model: BTreeMap<String, Totals>,
    pub by_day: BTreeMap<NaiveDate, Totals>,
    /// By label name, then value (`team` → `search` → totals).
    pub by_label: BTreeMap<String, BTreeMap<String, Totals>>,
    pub by_tag: BTreeMap<String, Totals>,
    pub unknown: Vec<Unknown>,
    pub reconciled: Vec<Reconciled>,
    /// Each model's price against a provider's cost report (`--costs`).
    pub billed: Vec<Reconciled>,
    /// What the cost report bills that names no model (web search, ...).
    pub billed_elsewhere: Option<Decimal>,
    pub notes: Vec<String>,
    /// Every record's bill line by line, when the pricer was asked for it.
    #[serde(skip)]
    pub charges: Option<Charges>,
}

/// The group named `key` of `groups`, made when missing: a key is copied
/// only the first time it is met, so adding a record allocates nothing.
fn group<'m, V: Default>(groups: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    groups.entry_ref(key).or_default()
}

/// `groups` in key order, as reports list them.
fn sorted<V>(groups: HashMap<String, V>) -> BTreeMap<String, V> {
    groups.into_iter().collect()
}

/// Prices records one at a time: memory grows with the groups, not the
/// records. Groups are hashed while records are added (a record's names are
/// looked up, not copied) and sorted once at the end.
pub struct Pricer<'a> {
    catalog: &'a Catalog,
    names: Names<'a>,
    notes: Notes,
    total: Totals,
    by_model: HashMap<String, Totals>,
    by_day: BTreeMap<NaiveDate, Totals>,
    by_label: HashMap<String, HashMap<String, Totals>>,
    by_tag: HashMap<String, Totals>,
    unknown: HashMap<String, Totals>,
    checks: HashMap<String, Check>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Records on models with long-context rates judged by an average call, or not at all.
    averaged: u64,
    uncounted: u64,
    /// Counts no text price covers, by the source's name.
    unpriced: BTreeMap<String, u128>,
    /// Logged names found only once a prefix, version or date was taken off.
    renamed: BTreeMap<String, String>,
    /// Each model's price by day, and with cache tokens as plain input, when a
    /// cost report is to be compared (`comparing`).
    daily: Option<BTreeMap<(String, NaiveDate), (Decimal, Decimal)>>,
    billed: Vec<Reconciled>,
    billed_elsewhere: Option<Decimal>,
    /// Every record's bill, line by line, when asked for (`with_charges`).
    charges: Option<Charges>,
}

impl<'a> Pricer<'a> {
    /// A pricer that also sums every record's bill line by line
    /// (`UsagePrice::charges`), for billing exports.
    pub fn with_charges(catalog: &'a Catalog) -> Self {
        Self {
            charges: Some(Charges::default()),
            ..Self::new(catalog)
        }
    }

    pub fn new(catalog: &'a Catalog) -> Self {
        Self {
            catalog,
            names: Names::new(catalog),
            notes: Notes::default(),
            total: Totals::default(),
            by_model: HashMap::new(),
            by_day: BTreeMap::new(),
            by_label: HashMap::new(),
            by_tag: HashMap::new(),
            unknown: HashMap::new(),
            checks: HashMap::new(),
            first: None,
            last: None,
            averaged: 0,
            uncounted: 0,
            unpriced: BTreeMap::new(),
            renamed: BTreeMap::new(),
            daily: None,
            billed: Vec::new(),
            billed_elsewhere: None,
            charges: None,
        }
    }

    /// Keeps each model's price by day, so that `compare` can set a cost
    /// report against it; call before adding records.
    pub fn comparing(mut self) -> Self {
        self.daily = Some(BTreeMap::new());
        self
    }

    /// The catalog's model for a logged name (`models.rs`).
    fn model(&mut self, name: &str) -> Option<&'a Model> {
        let (model, stripped) = self.names.resolve(name)?;
        if stripped && !self.renamed.contains_key(name) {
            self.renamed.insert(name.to_string(), model.id.clone());
        }
        Some(model)
    }

    /// Prices one record and adds it to every group it belongs to.
    /// The model is billed at the rates of the record's day (`Model::on`).
    pub fn add(&mut self, usage: &Usage) -> Result<(), PriceError> {
        let day = usage.start.date_naive();
        for (name, count) in &usage.unpriced {
            *self.unpriced.entry(name.clone()).or_default() += u128::from(*count);
        }
        self.first = Some(self.first.map_or(day, |d| d.min(day)));
        self.last = Some(self.last.map_or(day, |d| d.max(day)));
        let Some(model) = self.model(&usage.model) else {
            group(&mut self.unknown, usage.model.as_str()).add(usage, Decimal::ZERO)?;
            self.total.add(usage, Decimal::ZERO)?;
            return Ok(());
        };
        let model = model.on(day)?;
        let mode = usage.mode();
        let paid = paid(usage);
        let bill = bill_paid(&model, &paid, mode, usage.region(), usage.long_context, &mut self.notes);
        if model.long_context.is_some() {
            match bill.judged {
                Judged::Average => self.averaged += 1,
                Judged::Uncounted => self.uncounted += 1,
                Judged::Given | Judged::Call => {}
            }
        }
        let cost = bill.total();
        if let Some(charges) = &mut self.charges {
            charges.add_paid(&model.id, &bill);
        }
        // The price with cache tokens as plain input, only where a recorded cost is compared.
        let as_input = || {
            let plain = Paid {
                input: paid.input + paid.cache_read + paid.cache_write_5m + paid.cache_write_1h,
                cache_read: 0,
                cache_write_5m: 0,
                cache_write_1h: 0,
                ..paid
            };
            bill_paid(
                &model,
                &plain,
                mode,
                usage.region(),
                usage.long_context,
                &mut Notes::default(),
            )
            .total()
        };
        if let Some(daily) = &mut self.daily {
            let (p, a) = daily.entry((model.id.clone(), day)).or_default();
            add(p, cost, usage)?;
            add(a, as_input(), usage)?;
        }
        if let Some(recorded) = usage.recorded_cost {
            let as_input = as_input();
            let check = group(&mut self.checks, model.id.as_str());
            check.records += 1;
            add(&mut check.priced, cost, usage)?;
            add(&mut check.recorded, recorded, usage)?;
            add(&mut check.cache_as_input, as_input, usage)?;
            let on_day = check.by_day.entry(day).or_default();
            add(&mut on_day.priced, cost, usage)?;
            add(&mut on_day.as_input, as_input, usage)?;
            add(&mut on_day.recorded, recorded, usage)?;
            check.places = check.places.max(recorded.scale());
        }
        self.total.add(usage, cost)?;
        group(&mut self.by_model, model.id.as_str()).add(usage, cost)?;
        self.by_day.entry(day).or_default().add(usage, cost)?;
        for (name, value) in &usage.labels {
            let values = group(&mut self.by_label, name.as_str());
            group(values, value.as_str()).add(usage, cost)?;
        }
        for tag in &usage.tags {
            group(&mut self.by_tag, tag.as_str()).add(usage, cost)?;
        }
        Ok(())
    }

    /// Compares each model's price with what a provider's cost report bills
    /// for it (`lines` in one currency, over the same period as the usage); the
    /// pricer must be `comparing` before records are added.
    pub fn compare(&mut self, lines: &[CostLine]) -> Result<(), TooLarge> {
        let too_large = |line: &CostLine| TooLarge {
            at: line.origin.to_string(),
        };
        let mut checks: BTreeMap<String, Check> = BTreeMap::new();
        for line in lines {
            let Some(name) = &line.model else {
                let sum = self.billed_elsewhere.get_or_insert(Decimal::ZERO);
                *sum = sum.checked_add(line.amount).ok_or_else(|| too_large(line))?;
                continue;
            };
            let id = resolve(self.catalog, name).map_or_else(|| name.clone(), |(m, _)| m.id.clone());
            let check = checks.entry(id).or_default();
            check.records += 1;
            check.recorded = check.recorded.checked_add(line.amount).ok_or_else(|| too_large(line))?;
            let on_day = check.by_day.entry(line.start.date_naive()).or_default();
            on_day.recorded = on_day
                .recorded
                .checked_add(line.amount)
                .ok_or_else(|| too_large(line))?;
            check.places = check.places.max(line.amount.scale());
        }
        for ((model, day), (priced, as_input)) in self.daily.iter().flatten() {
            let too_large = || TooLarge {
                at: format!("the calls of `{model}`"),
            };
            let check = checks.entry(model.clone()).or_default();
            check.priced = check.priced.checked_add(*priced).ok_or_else(too_large)?;
            check.cache_as_input = check.cache_as_input.checked_add(*as_input).ok_or_else(too_large)?;
            let on_day = check.by_day.entry(*day).or_default();
            on_day.priced = on_day.priced.checked_add(*priced).ok_or_else(too_large)?;
            on_day.as_input = on_day.as_input.checked_add(*as_input).ok_or_else(too_large)?;
        }
        self.billed = checks
            .into_iter()
            .map(|(model, check)| {
                let mut r = reconcile(model, &check);
                if check.priced.is_zero() && resolve(self.catalog, &r.model).is_none() {
                    r.causes = vec![Cause::NotInCatalog];
                }
                r
            })
            .collect();
        Ok(())
    }

    /// The priced usage of everything added, read from `source`.
    pub fn finish(mut self, source: &str) -> UsagePrice {
        let tidy = |groups: BTreeMap<String, Totals>| -> BTreeMap<String, Totals> {
            groups.into_iter().map(|(k, t)| (k, t.normalized())).collect()
        };
        if self.averaged > 0 {
            self.notes.add(format!(
                "{} records stand for several calls each on models with long-context rates: each was judged \
                 long or not by its average call (per-call logs give the exact split)",
                self.averaged
            ));
        }
        if self.uncounted > 0 {
            self.notes.add(format!(
                "{} records on models with long-context rates count no calls and say nothing of their context \
                 window: they were priced below the long-context threshold",
                self.uncounted
            ));
        }
        for (name, id) in &self.renamed {
            self.notes
                .add(format!("`{name}` is not in the catalog by that name: priced as `{id}`"));
        }
        for (name, count) in &self.unpriced {
            self.notes.add(format!(
                "{count} `{name}` are counted by the source but not priced (no text rate covers them)"
            ));
        }
        let unknown: Vec<Unknown> = sorted(self.unknown)
            .into_iter()
            .map(|(model, totals)| Unknown {
                suggestion: self.catalog.model(&model).err().and_then(|e| e.hint()),
                model,
                totals: totals.normalized(),
            })
            .collect();
        if !unknown.is_empty() {
            let requests: u128 = unknown.iter().map(|u| u.totals.requests).sum();
            self.notes.add(format!(
                "{} models are not in the catalog; their {requests} requests are not priced (listed under \
                 \"Not in the catalog\")",
                unknown.len()
            ));
        }
        let mut reconciled: Vec<Reconciled> = sorted(self.checks)
            .into_iter()
            .map(|(model, check)| reconcile(model, &check))
            .collect();
        reconciled.extend(unknown.iter().filter_map(|u| {
            let recorded = u.totals.recorded?;
            Some(Reconciled {
                model: u.model.clone(),
                records: u.totals.records,
                priced: Decimal::ZERO,
                recorded,
                difference: -recorded,
                causes: vec![Cause::NotInCatalog],
            })
        }));
        UsagePrice {
            source: source.to_string(),
            catalog: self.catalog.name.clone(),
            currency: self.catalog.currency.clone(),
            period: self.first.zip(self.last),
            total: self.total.normalized(),
            by_model: tidy(sorted(self.by_model)),
            by_day: self.by_day.into_iter().map(|(d, t)| (d, t.normalized())).collect(),
            by_label: self.by_label.into_iter().map(|(k, v)| (k, tidy(sorted(v)))).collect(),
            by_tag: tidy(sorted(self.by_tag)),
            unknown,
            reconciled,
            billed: self.billed,
            billed_elsewhere: self.billed_elsewhere.map(|b| b.normalize()),
            notes: self.notes.iter().cloned().collect(),
            charges: self.charges,
        }
    }
}

/// What a record paid for, as the tariff bills it.
pub(crate) fn paid(usage: &Usage) -> Paid {
    let t = &usage.tokens;
    Paid {
        requests: usage.requests,
        input: t.input,
        cache_read: t.cache_read,
        cache_write_5m: t.cache_write_5m,
        cache_write_1h: t.cache_write_1h,
        output: t.output,
        reasoning: t.reasoning,
    }
}

/// The recorded cost per priced unit, to 6 places (a rate change shows in the
/// first few digits; rounding of the recorded figures in the last).
fn ratio(priced: Decimal, recorded: Decimal) -> Option<Decimal> {
    (!priced.is_zero()).then(|| (recorded / priced).round_dp(6))
}

fn reconcile(model: String, check: &Check) -> Reconciled {
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

#[cfg(test)]
#[path = "price_tests.rs"]
mod tests;
