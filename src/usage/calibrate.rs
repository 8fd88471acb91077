//! `calibrate`: a scenario measured from logged calls (docs/calibrate.md).
//!
//! Every call is placed in a tier (`Tiering`), then per tier: its share of
//! the calls, its mean tokens, its batch share and the spread of its input
//! and output (`fit.rs`); over all calls: the volume per day and its spread,
//! the cache hit rate, and the models that served them: a single-model
//! strategy per catalog model, and, when several models served the calls and
//! each tier's calls went to one of them, the `observed` routed strategy that
//! sends each tier to its model (then the baseline; else the most used model
//! is). The scenario is written by `scenario.rs`.
//!
//! How the logged tokens become a scenario's: cache reads and writes are the
//! tier's cached system prompt (`system_tokens`, their mean per call), with
//! the hit rate `reads / (reads + writes)` over every call and the TTL of the
//! larger of the two kinds of writes; the rest of the input is the user's
//! message; visible output and reasoning are kept apart. Means are rounded
//! half up to whole tokens; shares, rates and the volume to 6 places.
//!
//! Memory: two counts per call (its uncached input and its output), for the
//! spread fits. A bucket of several calls (a provider's usage report) adds
//! its calls and tokens but no spread; a record that counts no call is left
//! out, as are calls no tiering places (both counted and reported).

mod fit;
mod scenario;

pub use fit::Fit;

use super::models::Names;
use super::{Tally, Tiering, Usage, Window};
use crate::pricing::Catalog;
use crate::tariff::Ttl;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Places of a share, a rate or a volume in the scenario.
const PLACES: u32 = 6;

/// The request cannot be met as asked: the tiering names what the logs do
/// not hold (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TieringRefused(pub String);

/// The logs hold nothing to calibrate on (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NothingToCalibrate(pub String);

/// What a tier's calls add up to while the logs are read.
#[derive(Debug, Default)]
struct Sums {
    calls: u64,
    batch: u64,
    prompt: u128,
    cached: u128,
    output: u128,
    reasoning: u128,
    /// The catalog models that served the tier's calls (`None`: a name the catalog lacks).
    models: BTreeSet<Option<String>>,
    /// The logged calls by uncached input (what `input_cv` spreads).
    variable: Tally,
    /// The logged calls by output and reasoning (what `output_cv` spreads).
    answer: Tally,
}

/// Reads calls one by one into a [`Calibration`].
pub struct Calibrator<'a> {
    names: Names<'a>,
    tiering: Option<&'a Tiering>,
    tiers: BTreeMap<String, Sums>,
    days: BTreeMap<NaiveDate, u64>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    models: BTreeMap<String, u64>,
    unknown_models: BTreeMap<String, u64>,
    reads: u128,
    writes_5m: u128,
    writes_1h: u128,
    unplaced: u64,
    uncounted: u64,
    buckets: u64,
    with_prompt: u64,
    labels: BTreeSet<String>,
}

/// The tier every call is in without a tiering.
pub const ONE_TIER: &str = "all";
/// The strategy that routes each tier to the model that served it.
pub const OBSERVED: &str = "observed";

impl<'a> Calibrator<'a> {
    /// A calibration with `tiering` (none: one tier, [`ONE_TIER`]), its
    /// models matched to `catalog`.
    pub fn new(catalog: &'a Catalog, tiering: Option<&'a Tiering>) -> Self {
        Self {
            names: Names::new(catalog),
            tiering,
            tiers: BTreeMap::new(),
            days: BTreeMap::new(),
            first: None,
            last: None,
            models: BTreeMap::new(),
            unknown_models: BTreeMap::new(),
            reads: 0,
            writes_5m: 0,
            writes_1h: 0,
            unplaced: 0,
            uncounted: 0,
            buckets: 0,
            with_prompt: 0,
            labels: BTreeSet::new(),
        }
    }

    /// Adds one record.
    pub fn add(&mut self, usage: &Usage) {
        self.labels.extend(usage.labels.keys().cloned());
        self.with_prompt += u64::from(usage.prompt.is_some());
        if usage.requests == 0 {
            self.uncounted += 1;
            return;
        }
        let tier = match self.tiering {
            None => Some(ONE_TIER),
            Some(tiering) => tiering.tier_of(usage),
        };
        let Some(tier) = tier else {
            self.unplaced += usage.requests;
            return;
        };
        let calls = usage.requests;
        let t = &usage.tokens;
        let sums = self.tiers.entry(tier.to_string()).or_default();
        sums.calls += calls;
        sums.batch += if usage.batch { calls } else { 0 };
        sums.prompt += t.prompt();
        sums.cached += t.prompt() - u128::from(t.input);
        sums.output += u128::from(t.output);
        sums.reasoning += u128::from(t.reasoning);
        if calls == 1 {
            sums.variable.add(t.input);
            sums.answer.add(t.output + t.reasoning);
        } else {
            self.buckets += 1;
        }
        self.reads += u128::from(t.cache_read);
        self.writes_5m += u128::from(t.cache_write_5m);
        self.writes_1h += u128::from(t.cache_write_1h);
        *self.days.entry(usage.start.date_naive()).or_default() += calls;
        self.first = Some(self.first.map_or(usage.start, |f| f.min(usage.start)));
        self.last = Some(self.last.map_or(usage.start, |l| l.max(usage.start)));
        let model = self.names.resolve(&usage.model).map(|(model, _)| model.id.clone());
        sums.models.insert(model.clone());
        match model {
            Some(id) => *self.models.entry(id).or_default() += calls,
            None => *self.unknown_models.entry(usage.model.clone()).or_default() += calls,
        }
    }

    /// The calibration of the calls added, over `window` (its open ends:
    /// the first and the last call's days); `logs` names them in messages.
    pub fn finish(self, logs: &str, window: &Window) -> anyhow::Result<Calibration> {
        self.check_tiering(logs)?;
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return Err(NothingToCalibrate(format!(
                "{logs}: no call to calibrate on{}{}\n  hint: widen --since/--until, or check that LOGS holds calls",
                window_text(window),
                self.left_out_text()
            ))
            .into());
        };
        let start = window.since.unwrap_or_else(|| midnight(first.date_naive()));
        let end = window
            .until
            .unwrap_or_else(|| midnight(last.date_naive()) + Duration::days(1));
        let days = Decimal::from((end - start).num_seconds()) / Decimal::from(86_400);
        let calls: u64 = self.tiers.values().map(|s| s.calls).sum();
        let mut models: Vec<(String, u64)> = self.models.into_iter().collect();
        models.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if models.is_empty() {
            let names: Vec<&str> = self.unknown_models.keys().map(String::as_str).collect();
            return Err(NothingToCalibrate(format!(
                "{logs}: no model of the logs is in the catalog {} ({})\n  hint: price with a catalog that lists them (--pricing)",
                self.names.catalog().file,
                names.join(", ")
            ))
            .into());
        }
        let writes = self.writes_5m + self.writes_1h;
        let caching = (self.reads + writes > 0).then(|| Caching {
            hit_rate: rounded(ratio(self.reads, self.reads + writes)),
            ttl: if self.writes_1h > self.writes_5m {
                Ttl::OneHour
            } else {
                Ttl::FiveMinutes
            },
            reads: self.reads,
            writes_5m: self.writes_5m,
            writes_1h: self.writes_1h,
        });
        let daily = Daily::of(&self.days, start, end);
        Ok(Calibration {
            logs: logs.to_string(),
            start,
            end,
            days: days.normalize(),
            calls,
            per_day: rounded(Decimal::from(calls) / days),
            tiers: tiers(self.tiers, calls),
            daily,
            caching,
            models,
            unknown_models: self.unknown_models.into_iter().collect(),
            unplaced: self.unplaced,
            uncounted: self.uncounted,
            buckets: self.buckets,
        })
    }

    /// Refuses a tiering the logs cannot answer: a label no call carries, or
    /// rules over prompts the logs do not keep.
    pub fn check_tiering(&self, logs: &str) -> Result<(), TieringRefused> {
        match self.tiering {
            Some(Tiering::Label(field)) if self.unplaced > 0 && !self.labels.contains(field) => {
                let labels: Vec<&str> = self.labels.iter().map(String::as_str).collect();
                Err(TieringRefused(format!(
                    "--tiers {field}: no call of {logs} carries the label `{field}`\n  hint: {}",
                    if labels.is_empty() {
                        "its calls carry no label: place them with --tier-rules or --tiers-by-size".to_string()
                    } else {
                        format!("its calls carry: {}", labels.join(", "))
                    }
                )))
            }
            Some(Tiering::Rules(_)) if self.unplaced > 0 && self.with_prompt == 0 => Err(TieringRefused(format!(
                "--tier-rules: {logs} keeps no prompt text for the rules to read\n  hint: place the calls by a label (--tiers FIELD) or by size (--tiers-by-size N)"
            ))),
            _ => Ok(()),
        }
    }

    fn left_out_text(&self) -> String {
        let mut parts = Vec::new();
        if self.unplaced > 0 {
            parts.push(format!("{} calls no tier places", self.unplaced));
        }
        if self.uncounted > 0 {
            parts.push(format!("{} records that count no calls", self.uncounted));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({} left out)", parts.join(", "))
        }
    }
}

fn window_text(window: &Window) -> String {
    let at = |t: &DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    match (&window.since, &window.until) {
        (None, None) => String::new(),
        (Some(s), None) => format!(" since {}", at(s)),
        (None, Some(u)) => format!(" before {}", at(u)),
        (Some(s), Some(u)) => format!(" from {} to {}", at(s), at(u)),
    }
}

/// The start of `day`, UTC.
pub(super) fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// `part / whole`; 0 when `whole` is 0.
pub(crate) fn ratio(part: u128, whole: u128) -> Decimal {
    match (Decimal::from_u128(part), Decimal::from_u128(whole)) {
        (Some(p), Some(w)) if !w.is_zero() => p / w,
        _ => Decimal::ZERO,
    }
}

/// `value` to [`PLACES`], half away from zero, without trailing zeros.
fn rounded(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `sum / calls` rounded half up to a whole token.
fn mean(sum: u128, calls: u64) -> u64 {
    let calls = u128::from(calls.max(1));
    u64::try_from((2 * sum + calls) / (2 * calls)).unwrap_or(u64::MAX)
}

/// The tiers, their shares rounded so that they sum to exactly 1 (the
/// largest tier takes the rounding's remainder).
fn tiers(sums: BTreeMap<String, Sums>, calls: u64) -> Vec<Tier> {
    let mut tiers: Vec<Tier> = sums
        .into_iter()
        .map(|(name, s)| Tier {
            share: rounded(ratio(u128::from(s.calls), u128::from(calls))),
            input: mean(s.prompt, s.calls),
            system: mean(s.cached, s.calls),
            output: mean(s.output, s.calls),
            reasoning: mean(s.reasoning, s.calls),
            batch_share: rounded(ratio(u128::from(s.batch), u128::from(s.calls))),
            input_fit: fit::fit(&s.variable),
            output_fit: fit::fit(&s.answer),
            model: match (s.models.len(), s.models.into_iter().next()) {
                (1, Some(only)) => only,
                _ => None,
            },
            calls: s.calls,
            name,
        })
        .collect();
    let sum: Decimal = tiers.iter().map(|t| t.share).sum();
    if let Some(largest) = tiers.iter_mut().max_by_key(|t| t.calls) {
        largest.share = (largest.share + Decimal::ONE - sum).normalize();
    }
    tiers
}

/// One tier as measured.
#[derive(Debug, Clone, Serialize)]
pub struct Tier {
    pub name: String,
    pub calls: u64,
    pub share: Decimal,
    /// Mean input tokens of a call: every input token, cached or not.
    pub input: u64,
    /// Mean cache reads and writes of a call: the cached system prompt.
    pub system: u64,
    pub output: u64,
    pub reasoning: u64,
    pub batch_share: Decimal,
    /// The spread of the uncached input.
    pub input_fit: Option<Fit>,
    /// The spread of output and reasoning together.
    pub output_fit: Option<Fit>,
    /// The catalog model that served every call of the tier, if one did.
    pub model: Option<String>,
}

/// The prompt cache as observed.
#[derive(Debug, Clone, Serialize)]
pub struct Caching {
    pub hit_rate: Decimal,
    pub ttl: Ttl,
    pub reads: u128,
    pub writes_5m: u128,
    pub writes_1h: u128,
}

/// Calls per day and their spread.
#[derive(Debug, Clone, Serialize)]
pub struct Daily {
    /// Whole days of the window (UTC dates), each counted even without calls.
    pub days: u64,
    pub mean: f64,
    pub sd: f64,
    /// The spread of each day's rate beyond Poisson's (`montecarlo`'s
    /// gamma-Poisson day): `√((variance − mean) / mean²)`, 4 places; `None`
    /// when the days vary no more than Poisson counts do, or with one day.
    pub cv: Option<Decimal>,
}

impl Daily {
    fn of(counts: &BTreeMap<NaiveDate, u64>, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        let first = start.date_naive();
        let last = (end - Duration::nanoseconds(1)).date_naive();
        let values: Vec<f64> = first
            .iter_days()
            .take_while(|d| *d <= last)
            .map(|d| counts.get(&d).copied().unwrap_or(0) as f64)
            .collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n.max(1.0);
        let variance = if values.len() > 1 {
            values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            0.0
        };
        let excess = (variance - mean) / (mean * mean);
        let cv = (values.len() > 1 && excess > 0.0)
            .then(|| Decimal::from_f64(excess.sqrt()))
            .flatten()
            .map(|cv| {
                cv.min(Decimal::from(5))
                    .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            })
            .filter(|cv| !cv.is_zero());
        Self {
            days: values.len() as u64,
            mean,
            sd: variance.sqrt(),
            cv,
        }
    }
}

/// A scenario measured from logs.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    pub logs: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Days from `start` to `end`, exact.
    pub days: Decimal,
    /// Calls placed in a tier.
    pub calls: u64,
    pub per_day: Decimal,
    pub tiers: Vec<Tier>,
    pub daily: Daily,
    pub caching: Option<Caching>,
    /// Catalog ids and their calls, the most used first.
    pub models: Vec<(String, u64)>,
    /// Names the catalog does not hold, and their calls.
    pub unknown_models: Vec<(String, u64)>,
    pub unplaced: u64,
    pub uncounted: u64,
    /// Records of several calls each: counted, without a spread.
    pub buckets: u64,
}

impl Calibration {
    /// The warnings a reader of the scenario should see.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.unplaced > 0 {
            notes.push(format!(
                "{} calls no tier places are left out of the scenario",
                self.unplaced
            ));
        }
        if self.uncounted > 0 {
            notes.push(format!(
                "{} records that count no calls (a usage report's token totals) are left out",
                self.uncounted
            ));
        }
        if self.buckets > 0 {
            notes.push(format!(
                "{} records of several calls each are in the means, not in the spreads",
                self.buckets
            ));
        }
        for (name, calls) in &self.unknown_models {
            notes.push(format!(
                "{name}: not in the catalog; its {calls} calls are in the tiers, with no strategy of its own"
            ));
        }
        if let Some(c) = &self.caching
            && c.writes_5m > 0
            && c.writes_1h > 0
        {
            notes.push(format!(
                "cache writes of both lives (5 minutes: {}, 1 hour: {}); the scenario writes all at the {} rate",
                c.writes_5m,
                c.writes_1h,
                ttl_name(c.ttl)
            ));
        }
        for tier in &self.tiers {
            for (part, fit) in [("input", &tier.input_fit), ("output", &tier.output_fit)] {
                if let Some(f) = fit.as_ref().filter(|f| f.capped) {
                    notes.push(format!(
                        "{}: the {part} spread is above 500% and is written as {}",
                        tier.name, f.cv
                    ));
                }
            }
        }
        notes
    }

    /// The model of each tier, when the logs used several models and each
    /// tier's calls all went to one of them: the routing that was observed.
    pub fn observed_routes(&self) -> Option<Vec<(&str, &str)>> {
        if self.models.len() < 2 || self.models.iter().any(|(id, _)| id == OBSERVED) {
            return None;
        }
        self.tiers
            .iter()
            .map(|t| t.model.as_deref().map(|m| (t.name.as_str(), m)))
            .collect()
    }

    /// The scenario's baseline: the observed routing where there is one,
    /// else the model that served the most calls.
    pub fn baseline(&self) -> &str {
        if self.observed_routes().is_some() {
            return OBSERVED;
        }
        self.models.first().map_or("", |(id, _)| id.as_str())
    }
}

/// How a TTL is written in a scenario.
pub fn ttl_name(ttl: Ttl) -> &'static str {
    match ttl {
        Ttl::FiveMinutes => "5m",
        Ttl::OneHour => "1h",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn the_daily_spread_is_what_the_days_vary_beyond_poisson() {
        // 1, 5 and 0 calls: mean 2, sample variance (1 + 9 + 4) / 2 = 7,
        // cv² = (7 − 2) / 2² = 1.25.
        let counts = BTreeMap::from([(day(1).date_naive(), 1), (day(2).date_naive(), 5)]);
        let daily = Daily::of(&counts, day(1), day(4));
        assert_eq!(daily.days, 3);
        assert_eq!(daily.cv, Some(dec!(1.1180)));
        // Days as even as Poisson's or more: no spread.
        let even = BTreeMap::from([(day(1).date_naive(), 4), (day(2).date_naive(), 4)]);
        assert_eq!(Daily::of(&even, day(1), day(3)).cv, None);
    }

    #[test]
    fn shares_sum_to_one_and_means_round_half_up() {
        let sums = ["a", "b", "c"].map(|n| {
            (
                n.to_string(),
                Sums {
                    calls: 1,
                    ..Sums::default()
                },
            )
        });
        let tiers = tiers(BTreeMap::from(sums), 3);
        let shares: Vec<Decimal> = tiers.iter().map(|t| t.share).collect();
        assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE);
        assert_eq!(shares[..2], [dec!(0.333333), dec!(0.333333)]);
        assert_eq!((mean(5, 2), mean(4, 3), mean(0, 0)), (3, 1, 0));
    }
}
