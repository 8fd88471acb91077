//! Logged calls re-priced under each strategy of a scenario (`llmcost replay`,
//! docs/replay.md). Each call finds its tier (`usage::Tiering`), and is then
//! served as the strategy serves that tier, with the call's own tokens
//! (`routing::Resolved::serve_tokens`): its routing, classifier, cascade,
//! fallback and techniques apply per call, and so does the long-context
//! threshold. Calls of one tier and one token shape are priced together.
//!
//! A logged call's tokens become a request so: cache reads and writes are the
//! system prefix (cached as the strategy's caching says, plain input without
//! it), uncached input is the user's message, output and reasoning as
//! logged. The actual cost, the baseline, is every record billed as `usage
//! price` bills it (`usage::Pricer`).
//!
//! A provider's usage bucket (a record of many calls, or of calls not
//! counted) has no tier per call: it is replayed only by single-model
//! strategies, as the same traffic billed on the strategy's model
//! (`tariff::bill_paid`); the other strategies are left out, with a note.

use super::charges::Charges;
use super::report::{Components, Extras};
use super::simulate::delta;
use super::{Delta, ScenarioInfo};
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::routing::{Resolved, Windows};
use crate::scenario::{Scenario, Serving, TierTokens};
use crate::tariff::{PaidBill, Part, bill_paid};
use crate::usage::{PriceError, Pricer, Tiering, Usage};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why logs cannot be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Price(#[from] PriceError),
    /// Usage buckets and no single-model strategy to replay them on.
    #[error(
        "{logs}: usage buckets count many calls together, with no tier per call, so the routed and cascade \
         strategies ({strategies}) cannot be replayed on them"
    )]
    NeedsCalls { logs: String, strategies: String },
}

/// A logged call as a request: its tokens by the part a request has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    system: u64,
    user: u64,
    output: u64,
    reasoning: u64,
}

impl Shape {
    fn of(usage: &Usage) -> Self {
        let t = &usage.tokens;
        Self {
            system: t.cache_read + t.cache_write_5m + t.cache_write_1h,
            user: t.input,
            output: t.output,
            reasoning: t.reasoning,
        }
    }

    fn tokens(self) -> TierTokens {
        TierTokens {
            system: self.system,
            context: 0,
            history: 0,
            user: self.user,
            output: self.output,
            reasoning: Some(self.reasoning),
        }
    }
}

/// The calls of one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierCalls {
    pub tier: String,
    pub calls: u64,
}

/// What one strategy's replay of a tier's calls cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierCost {
    pub tier: String,
    pub calls: u64,
    pub cost: Decimal,
}

/// One strategy over the logged calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayedStrategy {
    pub name: String,
    pub kind: &'static str,
    pub total: Decimal,
    /// `total` per replayed request.
    pub per_request: Decimal,
    /// Against the actual cost.
    pub vs_actual: Delta,
    pub components: Components,
    pub extras: Extras,
    pub escalations: Decimal,
    /// Cost by tier, in the scenario's order (per-request calls only).
    pub tiers: Vec<TierCost>,
    /// The bill line by line, for billing exports (FOCUS).
    #[serde(skip)]
    pub charges: Charges,
}

/// The logs replayed under every strategy of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    pub source: String,
    pub scenario: ScenarioInfo,
    pub catalog: String,
    pub currency: String,
    /// How calls found their tier.
    pub tiering: String,
    pub records: u64,
    /// Requests the records stand for.
    pub requests: u128,
    /// Per-request calls by tier, in the scenario's order.
    pub calls_by_tier: Vec<TierCalls>,
    /// Per-request calls no rule placed in a tier: not replayed.
    pub unplaced: u64,
    /// What they cost as logged (not in `actual`).
    pub unplaced_cost: Decimal,
    /// Requests in usage buckets.
    pub bucket_requests: u128,
    /// The replayed records billed as `usage price` bills them.
    pub actual: Decimal,
    pub strategies: Vec<ReplayedStrategy>,
    /// Strategies left out, with why.
    pub skipped: Vec<String>,
    /// The first and last day of the replayed calls (UTC).
    #[serde(skip)]
    pub period: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub warnings: Vec<String>,
}

/// Replays records one at a time; memory grows with the distinct token
/// shapes of the calls, and the buckets.
pub struct Replayer<'a> {
    scenario: &'a Scenario,
    catalog: &'a Catalog,
    tiering: Tiering,
    /// How `tiering` places calls, for the report.
    placed_by: String,
    actual: Pricer<'a>,
    /// The days the catalog's prices change (`Catalog::price_changes`): calls
    /// between the same two are priced at the same rates.
    changes: Vec<NaiveDate>,
    /// A day of each stretch between price changes that holds calls.
    stretches: BTreeMap<usize, NaiveDate>,
    /// Calls by stretch, tier and shape.
    calls: BTreeMap<(usize, usize, Shape), u64>,
    /// Usage buckets, with their stretch.
    buckets: Vec<(usize, Usage)>,
    unplaced: u64,
    /// The calls in no tier, billed as logged.
    unplaced_cost: Pricer<'a>,
    records: u64,
    requests: u128,
}

impl<'a> Replayer<'a> {
    /// A replay of `scenario` priced with `catalog`, calls placed by
    /// `tiering` (described for the report by `placed_by`). Keyword rules
    /// must name the scenario's tiers.
    pub fn new(
        scenario: &'a Scenario,
        catalog: &'a Catalog,
        tiering: Tiering,
        placed_by: String,
    ) -> Result<Self, ReplayError> {
        if let Tiering::Rules(rules) = &tiering
            && let Some(tier) = rules.tiers.iter().find(|t| position(scenario, t).is_none())
        {
            return Err(InputError::file(
                &rules.file,
                format!(
                    "tier `{tier}` is not a tier of scenario {} ({})",
                    scenario.source.name,
                    tier_names(scenario)
                ),
            )
            .with_hint("keyword rules for a replay name the scenario's tiers")
            .into());
        }
        Ok(Self {
            scenario,
            catalog,
            tiering,
            placed_by,
            actual: Pricer::new(catalog),
            changes: catalog.price_changes(),
            stretches: BTreeMap::new(),
            calls: BTreeMap::new(),
            buckets: Vec::new(),
            unplaced: 0,
            unplaced_cost: Pricer::new(catalog),
            records: 0,
            requests: 0,
        })
    }

    /// Adds one record: billed as logged, and kept to replay.
    pub fn add(&mut self, usage: Usage) -> Result<(), ReplayError> {
        self.records += 1;
        self.requests += u128::from(usage.requests);
        let day = usage.start.date_naive();
        let stretch = self.changes.partition_point(|change| *change <= day);
        self.stretches.entry(stretch).or_insert(day);
        if usage.requests != 1 {
            self.actual.add(&usage)?;
            self.buckets.push((stretch, usage));
            return Ok(());
        }
        if matches!(self.tiering, Tiering::Rules(_)) && usage.prompt.is_none() {
            return Err(
                error_at(&usage, "the call keeps no prompt text for --tier-rules to classify")
                    .with_hint("these logs carry no prompt: place calls with --tiers FIELD, or leave the tiers to size")
                    .into(),
            );
        }
        let Some(name) = self.tiering.tier_of(&usage) else {
            self.unplaced += 1;
            self.unplaced_cost.add(&usage)?;
            return Ok(());
        };
        let Some(t) = position(self.scenario, name) else {
            return Err(error_at(
                &usage,
                format!(
                    "tier `{name}` ({}) is not a tier of scenario {} ({})",
                    self.placed_by,
                    self.scenario.source.name,
                    tier_names(self.scenario)
                ),
            )
            .with_hint("name the scenario's tiers in the logs, or place calls by another field")
            .into());
        };
        self.actual.add(&usage)?;
        *self.calls.entry((stretch, t, Shape::of(&usage))).or_default() += 1;
        Ok(())
    }

    /// Every strategy priced over what was added, read from `source`.
    pub fn finish(self, source: &str) -> Result<ReplayReport, ReplayError> {
        let scenario = self.scenario;
        let mut notes = Notes::default();
        let bucket_requests: u128 = self.buckets.iter().map(|(_, u)| u128::from(u.requests)).sum();
        let actual = self.actual.finish(source);
        let unplaced_cost = self.unplaced_cost.finish(source).total.cost;
        for note in &actual.notes {
            notes.add(note.clone());
        }
        let mut calls_by_tier: Vec<TierCalls> = scenario
            .tiers
            .iter()
            .map(|t| TierCalls {
                tier: t.name.clone(),
                calls: 0,
            })
            .collect();
        for ((_, t, _), count) in &self.calls {
            calls_by_tier[*t].calls += count;
        }
        // The catalog at the rates of each stretch's days (`Catalog::at`): the
        // one place a logged call's day chooses its prices.
        let dated: BTreeMap<usize, Catalog> = if self.changes.is_empty() {
            BTreeMap::new()
        } else {
            self.stretches
                .iter()
                .map(|(stretch, day)| Ok((*stretch, self.catalog.at(*day)?)))
                .collect::<Result<_, InputError>>()?
        };
        // No call at all still resolves each strategy once, at the catalog's rates.
        let stretches: Vec<usize> = match self.stretches.keys().copied().collect::<Vec<_>>() {
            none if none.is_empty() => vec![0],
            some => some,
        };
        let replayed: u128 = u128::from(calls_by_tier.iter().map(|t| t.calls).sum::<u64>()) + bucket_requests;
        let mut strategies = Vec::new();
        let mut skipped = Vec::new();
        let mut rented = Vec::new();
        for (i, strategy) in scenario.strategies.iter().enumerate() {
            if super::self_hosted::deployment(scenario, self.catalog, i)?.is_some()
                || super::self_hosted::provisioned(scenario, self.catalog, i)?.is_some()
                || super::self_hosted::committed_spend(scenario, self.catalog, i)?.is_some()
            {
                rented.push(strategy.name.clone());
                continue;
            }
            let single = matches!(strategy.serving, Serving::Single(_));
            if !self.buckets.is_empty() && !single {
                skipped.push(strategy.name.clone());
                continue;
            }
            let mut components = Components::default();
            let mut charges = Charges::default();
            let mut extras = Extras::default();
            let mut escalations = Decimal::ZERO;
            let mut tiers: Vec<TierCost> = calls_by_tier
                .iter()
                .map(|t| TierCost {
                    tier: t.tier.clone(),
                    calls: t.calls,
                    cost: Decimal::ZERO,
                })
                .collect();
            for stretch in &stretches {
                let catalog = dated.get(stretch).unwrap_or(self.catalog);
                let resolved = Resolved::new(scenario, catalog, i, &strategy.techniques, Windows::Enforce, &mut notes)?;
                for ((_, t, shape), count) in self.calls.iter().filter(|((s, _, _), _)| s == stretch) {
                    let tokens = shape.tokens();
                    // The one error serving a tier raises: a call above a model's context window.
                    let serving = resolved
                        .serve_tokens(*t, &tokens, Decimal::from(*count), &mut notes)
                        .map_err(|e| {
                            e.with_hint(format!(
                                "{count} logged calls of {} input tokens: strategy {} cannot serve them as logged",
                                tokens.input(),
                                strategy.name
                            ))
                        })?;
                    let cost = serving.components();
                    let tier = &scenario.tiers[*t].name;
                    for served in &serving.served {
                        charges.add_served(tier, served);
                    }
                    charges.add_escalated(tier, serving.escalations, serving.extras.escalation);
                    tiers[*t].cost += cost.total();
                    components = components + cost;
                    extras = extras + serving.extras;
                    escalations += serving.escalations;
                }
                for (_, usage) in self.buckets.iter().filter(|(s, _)| s == stretch) {
                    let bill = bill_paid(
                        resolved.first(0),
                        &usage.tokens.paid(usage.requests),
                        usage.mode(),
                        usage.region(),
                        usage.long_context,
                        &mut notes,
                    );
                    charges.add_paid(&resolved.first(0).id, &bill);
                    components = components + paid_components(&bill);
                }
            }
            let total = components.total().normalize();
            strategies.push(ReplayedStrategy {
                name: strategy.name.clone(),
                kind: strategy.serving.kind(),
                total,
                per_request: if replayed == 0 {
                    Decimal::ZERO
                } else {
                    crate::money::carry(total / Decimal::from(replayed))
                },
                vs_actual: delta(total, actual.total.cost),
                components: components.normalized(),
                extras: extras.normalized(),
                escalations: escalations.normalize(),
                tiers: tiers
                    .into_iter()
                    .map(|t| TierCost {
                        cost: t.cost.normalize(),
                        ..t
                    })
                    .collect(),
                charges,
            });
        }
        if !rented.is_empty() {
            notes.add(format!(
                "{} are left out: a self-hosted deployment bills rent (a provisioned commitment, units) by the hour, not calls, \
                 and a committed spend trues up a whole month; \
                 `simulate` and `montecarlo` price it (docs/capacity.md)",
                rented.join(", ")
            ));
        }
        if !skipped.is_empty() {
            if strategies.is_empty() {
                return Err(ReplayError::NeedsCalls {
                    logs: source.to_string(),
                    strategies: skipped.join(", "),
                });
            }
            notes.add(format!(
                "{} are left out: usage buckets count many calls together, with no tier per call; routing needs \
                 per-request logs (a gateway's, Bedrock's or Langfuse's, or a table of calls)",
                skipped.join(", ")
            ));
        }
        if !self.buckets.is_empty() {
            notes.add(format!(
                "{} usage buckets are replayed as the same traffic on each single-model strategy's model, \
                 billed as logged (the strategies' techniques do not apply to them)",
                self.buckets.len()
            ));
        }
        if self.unplaced > 0 {
            notes.add(format!(
                "{} calls are in no tier ({}): not replayed, and left out of the actual cost (they cost {} as logged)",
                self.unplaced,
                self.placed_by,
                crate::money::display(unplaced_cost, &self.catalog.currency)
            ));
        }
        let unknown: u128 = actual.unknown.iter().map(|u| u.totals.requests).sum();
        if unknown > 0 {
            notes.add(format!(
                "the actual cost leaves out {unknown} requests on models the catalog lacks; the strategies price them"
            ));
        }
        Ok(ReplayReport {
            source: source.to_string(),
            scenario: super::simulate::scenario_info(scenario),
            catalog: self.catalog.name.clone(),
            currency: self.catalog.currency.clone(),
            tiering: self.placed_by,
            records: self.records,
            requests: self.requests,
            calls_by_tier,
            unplaced: self.unplaced,
            unplaced_cost,
            bucket_requests,
            actual: actual.total.cost,
            strategies,
            skipped,
            period: actual.period,
            warnings: notes.iter().cloned().collect(),
        })
    }
}

/// A logged bill by part.
fn paid_components(bill: &PaidBill) -> Components {
    let part = |part: Part| -> Decimal { bill.lines.iter().filter(|l| l.part == part).map(|l| l.cost).sum() };
    Components {
        input: part(Part::Input),
        cached_input: part(Part::CacheRead),
        cache_write: part(Part::CacheWrite),
        output: part(Part::Output),
        reasoning: part(Part::Reasoning),
        fees: part(Part::Fee),
        human: Decimal::ZERO,
    }
}

fn position(scenario: &Scenario, name: &str) -> Option<usize> {
    scenario.tiers.iter().position(|t| t.name == name)
}

fn tier_names(scenario: &Scenario) -> String {
    scenario
        .tiers
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An error about the record `usage`, at its file and line.
fn error_at(usage: &Usage, message: impl Into<String>) -> InputError {
    InputError {
        file: usage.origin.source.clone(),
        line: usage.origin.line.map(|l| l as usize),
        field: None,
        message: message.into(),
        hint: None,
    }
}
