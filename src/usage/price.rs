//! Logged usage priced exactly with the tariff (`crate::tariff::bill_paid`):
//! totals by model, day, label (project, team, user, ...) and tag; the models
//! the catalog lacks, counted and never priced at zero silently; and, where
//! the source recorded a cost, the difference by model with its likely causes.

use super::models::resolve;
use super::reconcile::{Cause, Check, Day, Reconciled, reconcile};
use super::record::{REGION, region_of};
use super::sums::{Interner, Line, Money, Overflow, Sums, cost, units};
use super::{CostLine, Usage};
use crate::engine::Charges;
use crate::notes::Notes;
use crate::pricing::{Catalog, Model};
use crate::tariff::{Judged, LinearRates, Mode, Paid, bill_paid, judge};
use chrono::NaiveDate;
use hashbrown::HashMap;
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;
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
    /// Adds `other`'s tokens.
    pub(crate) fn add(&mut self, other: &TokenSums) {
        self.input += other.input;
        self.cache_read += other.cache_read;
        self.cache_write += other.cache_write;
        self.output += other.output;
        self.reasoning += other.reasoning;
    }

    /// The tokens of one record.
    fn of(paid: &Paid) -> Self {
        Self {
            input: u128::from(paid.input),
            cache_read: u128::from(paid.cache_read),
            cache_write: u128::from(paid.cache_write_5m) + u128::from(paid.cache_write_1h),
            output: u128::from(paid.output),
            reasoning: u128::from(paid.reasoning),
        }
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
#[error("the usage's total cost passes the largest figure llmcost carries (about 1.7 × 10^18), at {at}")]
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

/// A logged call as the pricer adds it: its names already turned into keys
/// (`Pricer::model_key`, `label_key`, `value_key`, `tag_key`), so that a table
/// read column by column adds a row without building a [`Usage`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call<'k> {
    pub day: NaiveDate,
    pub model: u32,
    pub paid: Paid,
    pub mode: Mode,
    /// Above the long-context threshold, when the source says.
    pub long: Option<bool>,
    pub recorded: Option<Decimal>,
    /// Label keys and their value keys.
    pub labels: &'k [(u32, u32)],
    pub tags: &'k [u32],
}

/// Why a call was not added; the caller says where the call came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    TooLarge,
    NoPrice(crate::input::InputError),
}

impl From<Overflow> for Refused {
    fn from(_: Overflow) -> Self {
        Refused::TooLarge
    }
}

impl Refused {
    /// The error of a call read at `at`.
    pub(crate) fn at(self, at: impl std::fmt::Display) -> PriceError {
        match self {
            Refused::TooLarge => PriceError::TooLarge(TooLarge { at: at.to_string() }),
            // The catalog is where the rule is broken; the call, where it showed.
            Refused::NoPrice(e) => PriceError::NoPrice(e.with_hint(format!(
                "a call at {at} is on that day: add a period that holds it, or leave the day out with --since \
                 and --until"
            ))),
        }
    }
}

/// A logged name: a model the catalog lists (its index) or one it lacks.
#[derive(Debug, Clone, Copy)]
enum Name {
    Known(u32),
    Unknown(u32),
}

/// A model's rates on one day and the billing classes met so far.
struct Dated<'a> {
    model: Cow<'a, Model>,
    /// Each class and its rates as whole units (`None`: billed line by line).
    classes: Vec<(Class, Option<LinearRates>)>,
}

/// A billing class of a model's rates of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Class {
    mode: Mode,
    /// The region's value key.
    region: Option<u32>,
    long: bool,
    /// Whether the call writes to the one-hour cache.
    hour: bool,
}

/// One day of a model's recorded costs and their price (`Check::by_day`).
#[derive(Debug, Clone, Copy, Default)]
struct DaySums {
    priced: i128,
    as_input: i128,
    recorded: Money,
}

/// A model's recorded costs and their price, as integers (`Check`).
#[derive(Debug, Clone, Default)]
struct CheckSums {
    records: u64,
    priced: i128,
    recorded: Money,
    as_input: i128,
    /// By day key.
    by_day: Vec<DaySums>,
    places: u32,
}

/// A model the catalog lists, and what its records added.
struct Listed<'a> {
    model: &'a Model,
    sums: Sums,
    check: CheckSums,
    /// Priced and priced with cache tokens as input, by day key, when `comparing`.
    daily: Vec<(i128, i128)>,
    /// Its rates by day key (an index of `Pricer::dated`), once looked up.
    dated: Vec<Option<Result<u32, crate::input::InputError>>>,
}

/// Adds to the slot `key` of `groups`, made when missing.
fn slot<T: Default>(groups: &mut Vec<T>, key: u32) -> &mut T {
    let key = key as usize;
    if groups.len() <= key {
        groups.resize_with(key + 1, T::default);
    }
    &mut groups[key]
}

/// Prices records one at a time: memory grows with the groups, not the
/// records. Names become small keys the first time they are met (a model's
/// match in the catalog is found then, once); every group is a slot of a
/// vector found by key, its sums integers (`sums.rs`); a call's cost is a
/// few integer multiply-adds at its billing class's rates (`LinearRates`),
/// or `bill_paid`'s lines where those are not exact or the bill is asked for
/// line by line. The decimals and sorted maps of a report are made once, by
/// `finish`.
pub struct Pricer<'a> {
    catalog: &'a Catalog,
    notes: Notes,
    total: Sums,
    /// Logged model names, and what each is.
    models: Interner,
    names: Vec<Name>,
    listed: Vec<Listed<'a>>,
    /// Listed models by id.
    ids: HashMap<&'a str, u32>,
    unknown: Vec<Sums>,
    dated: Vec<Dated<'a>>,
    days: Vec<NaiveDate>,
    day_keys: HashMap<NaiveDate, u32>,
    /// The day met last and its key.
    last_day: Option<(NaiveDate, u32)>,
    by_day: Vec<Sums>,
    labels: Interner,
    values: Vec<Interner>,
    by_label: Vec<Vec<Sums>>,
    tags: Interner,
    by_tag: Vec<Sums>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Records on models with long-context rates judged by an average call, or not at all.
    averaged: u64,
    uncounted: u64,
    /// Counts no text price covers, by the source's name.
    unpriced: BTreeMap<String, u128>,
    /// Logged names found only once a prefix, version or date was taken off.
    renamed: BTreeMap<String, String>,
    /// Whether each model's price by day is kept for a cost report (`comparing`).
    comparing: bool,
    billed: Vec<Reconciled>,
    billed_elsewhere: Option<Decimal>,
    /// Every record's bill, line by line, when asked for (`with_charges`).
    charges: Option<Charges>,
    /// Keys of the record `add` is adding, kept to reuse their memory.
    scratch: (Vec<(u32, u32)>, Vec<u32>),
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
        let mut labels = Interner::default();
        // The region label is key 0.
        labels.key(REGION);
        Self {
            catalog,
            notes: Notes::default(),
            total: Sums::default(),
            models: Interner::default(),
            names: Vec::new(),
            listed: Vec::new(),
            ids: HashMap::new(),
            unknown: Vec::new(),
            dated: Vec::new(),
            days: Vec::new(),
            day_keys: HashMap::new(),
            last_day: None,
            by_day: Vec::new(),
            labels,
            values: Vec::new(),
            by_label: Vec::new(),
            tags: Interner::default(),
            by_tag: Vec::new(),
            first: None,
            last: None,
            averaged: 0,
            uncounted: 0,
            unpriced: BTreeMap::new(),
            renamed: BTreeMap::new(),
            comparing: false,
            billed: Vec::new(),
            billed_elsewhere: None,
            charges: None,
            scratch: (Vec::new(), Vec::new()),
        }
    }

    /// Keeps each model's price by day, so that `compare` can set a cost
    /// report against it; call before adding records.
    pub fn comparing(mut self) -> Self {
        self.comparing = true;
        self
    }

    /// The key of a logged model name; the catalog's model for it is found
    /// the first time (`models.rs`).
    pub(crate) fn model_key(&mut self, name: &str) -> u32 {
        let key = self.models.key(name);
        if key as usize == self.names.len() {
            let known = match resolve(self.catalog, name) {
                Some((model, stripped)) => {
                    if stripped {
                        self.renamed.insert(name.to_string(), model.id.clone());
                    }
                    let next = self.listed.len() as u32;
                    let index = *self.ids.entry(model.id.as_str()).or_insert(next);
                    if index == next {
                        self.listed.push(Listed {
                            model,
                            sums: Sums::default(),
                            check: CheckSums::default(),
                            daily: Vec::new(),
                            dated: Vec::new(),
                        });
                    }
                    Name::Known(index)
                }
                None => {
                    self.unknown.push(Sums::default());
                    Name::Unknown(self.unknown.len() as u32 - 1)
                }
            };
            self.names.push(known);
        }
        key
    }

    /// Whether every record's bill is kept line by line (`with_charges`).
    pub(crate) fn keeps_charges(&self) -> bool {
        self.charges.is_some()
    }

    /// An empty pricer made as this one was: on the same catalog, comparing
    /// and keeping charges if this one does, to price the records again.
    pub(crate) fn emptied(&self) -> Self {
        Self {
            charges: self.charges.as_ref().map(|_| Charges::default()),
            ..self.fork()
        }
    }

    /// An empty pricer on the same catalog, comparing if this one is, to
    /// price part of the records on another thread (`merge`).
    pub(crate) fn fork(&self) -> Self {
        Self {
            comparing: self.comparing,
            ..Self::new(self.catalog)
        }
    }

    /// Adds what `other` priced (a `fork` of this pricer, without charges),
    /// group by group, by name: the same sums as if this pricer had priced
    /// its records.
    pub(crate) fn merge(&mut self, other: Pricer<'a>) -> Result<(), Refused> {
        self.notes.extend(&other.notes);
        self.total.merge(&other.total)?;
        let days: Vec<u32> = other.days.iter().map(|d| self.day_key(*d)).collect();
        for (day, sums) in other.by_day.iter().enumerate() {
            slot(&mut self.by_day, days[day]).merge(sums)?;
        }
        for (key, name) in other.names.iter().enumerate() {
            let mine = self.model_key(other.models.name(key as u32));
            if let (Name::Unknown(u), Name::Unknown(o)) = (self.names[mine as usize], name) {
                self.unknown[u as usize].merge(&other.unknown[*o as usize])?;
            }
        }
        for theirs in &other.listed {
            let index = self.ids[theirs.model.id.as_str()] as usize;
            let listed = &mut self.listed[index];
            listed.sums.merge(&theirs.sums)?;
            let (c, o) = (&mut listed.check, &theirs.check);
            c.records += o.records;
            c.priced = c.priced.checked_add(o.priced).ok_or(Overflow)?;
            c.recorded.add(o.recorded)?;
            c.as_input = c.as_input.checked_add(o.as_input).ok_or(Overflow)?;
            c.places = c.places.max(o.places);
            for (day, d) in o.by_day.iter().enumerate() {
                let mine = slot(&mut c.by_day, days[day]);
                mine.priced = mine.priced.checked_add(d.priced).ok_or(Overflow)?;
                mine.as_input = mine.as_input.checked_add(d.as_input).ok_or(Overflow)?;
                mine.recorded.add(d.recorded)?;
            }
            for (day, (priced, as_input)) in theirs.daily.iter().enumerate() {
                let (p, a) = slot(&mut listed.daily, days[day]);
                *p = p.checked_add(*priced).ok_or(Overflow)?;
                *a = a.checked_add(*as_input).ok_or(Overflow)?;
            }
        }
        for (label, values) in other.by_label.iter().enumerate() {
            let mine = self.label_key(other.labels.name(label as u32));
            for (value, sums) in values.iter().enumerate() {
                let key = self.value_key(mine, other.values[label].name(value as u32));
                slot(slot(&mut self.by_label, mine), key).merge(sums)?;
            }
        }
        for (tag, sums) in other.by_tag.iter().enumerate() {
            let key = self.tag_key(other.tags.name(tag as u32));
            slot(&mut self.by_tag, key).merge(sums)?;
        }
        self.first = self.first.into_iter().chain(other.first).min();
        self.last = self.last.into_iter().chain(other.last).max();
        self.averaged += other.averaged;
        self.uncounted += other.uncounted;
        for (name, count) in other.unpriced {
            *self.unpriced.entry(name).or_default() += count;
        }
        self.renamed.extend(other.renamed);
        Ok(())
    }

    /// The key of a label's name.
    pub(crate) fn label_key(&mut self, name: &str) -> u32 {
        self.labels.key(name)
    }

    /// The key of a value of the label `label`.
    pub(crate) fn value_key(&mut self, label: u32, value: &str) -> u32 {
        slot(&mut self.values, label).key(value)
    }

    /// Reads the sums of value `value` of label `label` (if it has any), so
    /// that they are in the cache when a call adds to them; returns what it read.
    pub(crate) fn warm(&self, label: u32, value: u32) -> u64 {
        let values = self.by_label.get(label as usize);
        values.and_then(|v| v.get(value as usize)).map_or(0, Sums::touch)
    }

    /// As [`Pricer::warm`], the values of label `label` named `names` (and
    /// the slots that give them their keys), in three passes so that the
    /// reads of each wait for memory together: hashes, slots, sums.
    pub(crate) fn warm_named(&self, label: u32, names: &[&str]) -> u64 {
        let Some(values) = self.values.get(label as usize) else {
            return 0;
        };
        let hashes: Vec<u64> = names.iter().map(|name| values.hash(name)).collect();
        let keys: Vec<Option<u32>> = (names.iter().zip(hashes))
            .map(|(name, hash)| values.find_hashed(hash, name))
            .collect();
        keys.into_iter()
            .flatten()
            .fold(0, |read, value| read ^ self.warm(label, value))
    }

    pub(crate) fn tag_key(&mut self, tag: &str) -> u32 {
        self.tags.key(tag)
    }

    /// Prices one record and adds it to every group it belongs to.
    /// The model is billed at the rates of the record's day (`Model::on`).
    pub fn add(&mut self, usage: &Usage) -> Result<(), PriceError> {
        for (name, count) in &usage.unpriced {
            *self.unpriced.entry(name.clone()).or_default() += u128::from(*count);
        }
        let (mut labels, mut tags) = std::mem::take(&mut self.scratch);
        labels.clear();
        tags.clear();
        let model = self.model_key(&usage.model);
        for (name, value) in &usage.labels {
            let label = self.label_key(name);
            labels.push((label, self.value_key(label, value)));
        }
        for tag in &usage.tags {
            tags.push(self.tag_key(tag));
        }
        let added = self.call(&Call {
            day: usage.start.date_naive(),
            model,
            paid: usage.tokens.paid(usage.requests),
            mode: usage.mode(),
            long: usage.long_context,
            recorded: usage.recorded_cost,
            labels: &labels,
            tags: &tags,
        });
        self.scratch = (labels, tags);
        added.map_err(|refused| refused.at(&usage.origin))
    }

    /// The key of `day`.
    fn day_key(&mut self, day: NaiveDate) -> u32 {
        if let Some((last, key)) = self.last_day
            && last == day
        {
            return key;
        }
        let next = self.days.len() as u32;
        let key = *self.day_keys.entry(day).or_insert(next);
        if key == next {
            self.days.push(day);
        }
        self.last_day = Some((day, key));
        key
    }

    /// The rates of listed model `index` on day `day` (`Model::on`), looked up once.
    fn dated(&mut self, index: u32, day: u32) -> Result<u32, Refused> {
        let listed = &self.listed[index as usize];
        if let Some(Some(known)) = listed.dated.get(day as usize) {
            return known.clone().map_err(Refused::NoPrice);
        }
        let model: &'a Model = listed.model;
        let found = model.on(self.days[day as usize]).map(|model| {
            self.dated.push(Dated {
                model,
                classes: Vec::new(),
            });
            self.dated.len() as u32 - 1
        });
        *slot(&mut self.listed[index as usize].dated, day) = Some(found.clone());
        found.map_err(Refused::NoPrice)
    }

    /// The rates of `class` on dated model `dated`, made the first time.
    fn rates(&mut self, dated: u32, class: Class) -> Option<LinearRates> {
        let d = &mut self.dated[dated as usize];
        if let Some((_, rates)) = d.classes.iter().find(|(c, _)| *c == class) {
            return *rates;
        }
        let region = class.region.map(|v| self.values[0].name(v));
        let rates = LinearRates::new(&d.model, class.mode, region, class.long, class.hour, &mut self.notes);
        d.classes.push((class, rates));
        rates
    }

    /// Prices one call and adds it to every group it belongs to.
    pub(crate) fn call(&mut self, call: &Call) -> Result<(), Refused> {
        let day = self.day_key(call.day);
        self.first = Some(self.first.map_or(call.day, |d| d.min(call.day)));
        self.last = Some(self.last.map_or(call.day, |d| d.max(call.day)));
        let mut line = Line {
            requests: call.paid.requests,
            tokens: TokenSums::of(&call.paid),
            cost: 0,
            recorded: call.recorded.map(Money::of),
        };
        let index = match self.names[call.model as usize] {
            Name::Unknown(unknown) => {
                self.unknown[unknown as usize].add(&line)?;
                self.total.add(&line)?;
                return Ok(());
            }
            Name::Known(index) => index,
        };
        let dated = self.dated(index, day)?;
        let model = &self.dated[dated as usize].model;
        let (long, judged) = judge(model, &call.paid, call.long);
        if model.long_context.is_some() {
            match judged {
                Judged::Average => self.averaged += 1,
                Judged::Uncounted => self.uncounted += 1,
                Judged::Given | Judged::Call => {}
            }
        }
        let region = call
            .labels
            .iter()
            .find(|(label, _)| *label == 0)
            .map(|(_, value)| *value)
            .filter(|v| region_of(self.values[0].name(*v)).is_some());
        let class = Class {
            mode: call.mode,
            region,
            long,
            hour: call.paid.cache_write_1h > 0,
        };
        let linear = match self.charges {
            None => self.rates(dated, class),
            Some(_) => None,
        };
        let wants_as_input = self.comparing || call.recorded.is_some();
        let (cost, as_input) = match linear.and_then(|r| Some((r.bill(&call.paid)?, r.bill_as_input(&call.paid)))) {
            Some((cost, as_input)) => (cost, as_input.filter(|_| wants_as_input)),
            None => (self.bill(dated, call, region)?, None),
        };
        let as_input = match as_input {
            Some(units) => units,
            None if wants_as_input => self.bill_as_input(dated, call, region)?,
            None => 0,
        };
        line.cost = cost;
        let listed = &mut self.listed[index as usize];
        if self.comparing {
            let (p, a) = slot(&mut listed.daily, day);
            *p = p.checked_add(cost).ok_or(Overflow)?;
            *a = a.checked_add(as_input).ok_or(Overflow)?;
        }
        if let Some(recorded) = line.recorded {
            let check = &mut listed.check;
            check.records += 1;
            check.priced = check.priced.checked_add(cost).ok_or(Overflow)?;
            check.recorded.add(recorded)?;
            check.as_input = check.as_input.checked_add(as_input).ok_or(Overflow)?;
            let on_day = slot(&mut check.by_day, day);
            on_day.priced = on_day.priced.checked_add(cost).ok_or(Overflow)?;
            on_day.as_input = on_day.as_input.checked_add(as_input).ok_or(Overflow)?;
            on_day.recorded.add(recorded)?;
            recorded.widen(&mut check.places);
        }
        listed.sums.add(&line)?;
        self.total.add(&line)?;
        slot(&mut self.by_day, day).add(&line)?;
        for &(label, value) in call.labels {
            slot(slot(&mut self.by_label, label), value).add(&line)?;
        }
        for &tag in call.tags {
            slot(&mut self.by_tag, tag).add(&line)?;
        }
        Ok(())
    }

    /// The call's bill line by line (`bill_paid`), in units; added to the
    /// charges when they are kept.
    fn bill(&mut self, dated: u32, call: &Call, region: Option<u32>) -> Result<i128, Refused> {
        let model = &self.dated[dated as usize].model;
        let region = region.map(|v| self.values[0].name(v));
        let bill = bill_paid(model, &call.paid, call.mode, region, call.long, &mut self.notes);
        if let Some(charges) = &mut self.charges {
            charges.add_paid(&model.id, &bill);
        }
        Ok(units(bill.total())?)
    }

    /// The call's price with cache tokens billed as plain input, line by line.
    fn bill_as_input(&self, dated: u32, call: &Call, region: Option<u32>) -> Result<i128, Refused> {
        let p = &call.paid;
        let input = [p.cache_read, p.cache_write_5m, p.cache_write_1h]
            .into_iter()
            .try_fold(p.input, u64::checked_add)
            .ok_or(Refused::TooLarge)?;
        let plain = Paid {
            input,
            cache_read: 0,
            cache_write_5m: 0,
            cache_write_1h: 0,
            ..*p
        };
        let model = &self.dated[dated as usize].model;
        let region = region.map(|v| self.values[0].name(v));
        let bill = bill_paid(model, &plain, call.mode, region, call.long, &mut Notes::default());
        Ok(units(bill.total())?)
    }

    /// Each listed model's recorded costs and their price.
    fn checks(&self) -> BTreeMap<String, Check> {
        self.listed
            .iter()
            .filter(|l| l.check.records > 0)
            .map(|l| {
                let c = &l.check;
                let by_day = c
                    .by_day
                    .iter()
                    .enumerate()
                    .map(|(day, d)| {
                        let sums = Day {
                            priced: cost(d.priced),
                            as_input: cost(d.as_input),
                            recorded: d.recorded.decimal(),
                        };
                        (self.days[day], sums)
                    })
                    .collect();
                let check = Check {
                    records: c.records,
                    priced: cost(c.priced),
                    recorded: c.recorded.decimal(),
                    cache_as_input: cost(c.as_input),
                    by_day,
                    places: c.places,
                };
                (l.model.id.clone(), check)
            })
            .collect()
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
            Money::of(line.amount).widen(&mut check.places);
        }
        let listed = self.listed.iter().filter(|l| self.comparing && l.sums.records() > 0);
        for l in listed {
            let model = &l.model.id;
            let too_large = || TooLarge {
                at: format!("the calls of `{model}`"),
            };
            let check = checks.entry(model.clone()).or_default();
            for (day, (priced, as_input)) in l.daily.iter().enumerate() {
                let (priced, as_input) = (cost(*priced), cost(*as_input));
                check.priced = check.priced.checked_add(priced).ok_or_else(too_large)?;
                check.cache_as_input = check.cache_as_input.checked_add(as_input).ok_or_else(too_large)?;
                let on_day = check.by_day.entry(self.days[day]).or_default();
                on_day.priced = on_day.priced.checked_add(priced).ok_or_else(too_large)?;
                on_day.as_input = on_day.as_input.checked_add(as_input).ok_or_else(too_large)?;
            }
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
        /// The groups of `sums` that hold records, by name, in name order.
        fn named<K: Ord>(sums: &[Sums], name: impl Fn(usize) -> K) -> BTreeMap<K, Totals> {
            sums.iter()
                .enumerate()
                .filter(|(_, s)| s.records() > 0)
                .map(|(key, s)| (name(key), s.totals()))
                .collect()
        }
        let unknown: Vec<Unknown> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(key, name)| match name {
                Name::Unknown(u) => Some((self.models.name(key as u32), &self.unknown[*u as usize])),
                Name::Known(_) => None,
            })
            .filter(|(_, sums)| sums.records() > 0)
            .map(|(model, sums)| (model.to_string(), sums.totals()))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .map(|(model, totals)| Unknown {
                suggestion: self.catalog.model(&model).err().and_then(|e| e.hint()),
                model,
                totals,
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
        let mut reconciled: Vec<Reconciled> = self
            .checks()
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
        let by_model = self
            .listed
            .iter()
            .filter(|l| l.sums.records() > 0)
            .map(|l| (l.model.id.clone(), l.sums.totals()))
            .collect();
        let by_label = self
            .by_label
            .iter()
            .enumerate()
            .map(|(label, values)| {
                let names = &self.values[label];
                let label = self.labels.name(label as u32).to_string();
                (label, named(values, |v| names.name(v as u32).to_string()))
            })
            .filter(|(_, values)| !values.is_empty())
            .collect();
        UsagePrice {
            source: source.to_string(),
            catalog: self.catalog.name.clone(),
            currency: self.catalog.currency.clone(),
            period: self.first.zip(self.last),
            total: self.total.totals(),
            by_model,
            by_day: named(&self.by_day, |day| self.days[day]),
            by_label,
            by_tag: named(&self.by_tag, |tag| self.tags.name(tag as u32).to_string()),
            unknown,
            reconciled,
            billed: self.billed,
            billed_elsewhere: self.billed_elsewhere.map(|b| b.normalize()),
            notes: self.notes.iter().cloned().collect(),
            charges: self.charges,
        }
    }
}

#[cfg(test)]
#[path = "price_tests.rs"]
mod tests;
