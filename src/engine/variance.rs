//! `variance`: a plan against what the logs cost, the difference split into
//! effects that add up exactly to it (docs/variance.md).
//!
//! The plan is one strategy of a scenario, priced by the engine over the
//! logs' window (its interactions a month × the window's days / its days a
//! month). Then one assumption at a time is replaced by what the logs
//! measured (`usage::calibrate`), and each scenario on the way is priced by
//! the engine, so every step is the tariff's:
//!
//! 1. volume: the logged calls, at the plan's mix, tokens and hit rate;
//! 2. mix: each tier's share of the calls;
//! 3. tokens per interaction: each tier's mean tokens (the cached prefix as
//!    the system prompt, the rest of the input as the user's message);
//! 4. cache hit: the logs' hit rate (reads / (reads + writes));
//! 5. price and rest: from that last modelled month to the actual cost (the
//!    calls billed as logged, or the cost the source recorded).
//!
//! Each effect is the cost after its step − the cost before, so the five add
//! up to actual − plan exactly. The order is the attribution: an effect is
//! measured with every earlier step already applied.

use super::price_strategy;
use crate::input::InputError;
use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::{Scenario, TierTokens, Volume};
use crate::techniques::Caching;
use crate::usage::calibrate::{Calibration, ratio};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

/// The logs cannot be set against the plan (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum VarianceError {
    #[error(
        "{logs}: no call to set against the plan{left_out}\n  hint: widen --since/--until, or check that LOGS holds calls and how they find a tier (--tiers, --tier-rules)"
    )]
    NoCalls { logs: String, left_out: String },
    #[error(
        "{logs}: calls in tiers the plan {plan} does not have: {found}\n  hint: the plan's tiers are {tiers}; place the calls with --tiers FIELD or --tier-rules FILE so that they land in them"
    )]
    OtherTiers {
        logs: String,
        plan: String,
        found: String,
        tiers: String,
    },
    #[error("{logs}: no call records a cost\n  hint: leave out --recorded to price the calls with the catalog")]
    NoRecordedCost { logs: String },
    #[error("{logs}: {calls} calls are more than a plan prices ({message})")]
    Volume { logs: String, calls: u64, message: String },
}

/// What the actual cost is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActualCost {
    /// The calls billed by the tariff as logged.
    Priced,
    /// The cost the source recorded.
    Recorded,
}

/// One step of the chain: the scenario's cost after it, and its effect.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `plan`, `volume`, `mix`, `tokens`, `cache_hit`, `price_and_rest`.
    pub name: &'static str,
    pub label: &'static str,
    /// What the step replaced.
    pub change: String,
    pub cost: Decimal,
    /// `cost` − the previous step's cost (0 for the plan).
    pub effect: Decimal,
}

/// One tier as planned and as logged.
#[derive(Debug, Clone, Serialize)]
pub struct TierVariance {
    pub name: String,
    pub plan_share: Decimal,
    pub actual_share: Decimal,
    pub actual_calls: u64,
    pub plan_input: u64,
    pub actual_input: u64,
    pub plan_output: u64,
    pub actual_output: u64,
}

/// A plan against actual, with the effects that make up the difference.
#[derive(Debug, Clone, Serialize)]
pub struct VarianceReport {
    pub plan: String,
    pub plan_file: String,
    pub strategy: String,
    pub catalog: String,
    pub currency: String,
    pub logs: String,
    pub tiering: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub days: Decimal,
    pub plan_interactions: Decimal,
    pub calls: u64,
    pub plan_hit_rate: Option<Decimal>,
    pub actual_hit_rate: Option<Decimal>,
    pub tiers: Vec<TierVariance>,
    pub actual_is: ActualCost,
    pub plan_cost: Decimal,
    pub actual_cost: Decimal,
    /// `actual_cost − plan_cost`: the sum of the effects.
    pub difference: Decimal,
    /// The plan, then one step per effect.
    pub steps: Vec<Step>,
    pub warnings: Vec<String>,
}

/// The plan (strategy `index` of `plan`) against the calls `calibration`
/// measured, which cost `actual` (the amount, and how it was found);
/// `tiering` says how the calls found their tiers.
pub fn variance(
    plan: &Scenario,
    catalog: &Catalog,
    index: usize,
    calibration: &Calibration,
    actual: (Decimal, ActualCost),
    tiering: &str,
) -> anyhow::Result<VarianceReport> {
    let capacity = match (
        super::self_hosted::deployment(plan, catalog, index)?,
        super::self_hosted::provisioned(plan, catalog, index)?,
        super::self_hosted::committed_spend(plan, catalog, index)?,
    ) {
        (Some(d), ..) => Some(("self-hosted deployment", &d.id, "rent")),
        (None, Some(o), _) => Some(("provisioned throughput", &o.id, "reservation")),
        (None, None, Some(o)) => Some(("committed spend", &o.id, "true-up")),
        (None, None, None) => None,
    };
    if let Some((what, id, paid)) = capacity {
        let field = crate::input::Field::named("strategies").index(index).key("model");
        return Err(plan
            .source
            .error(
                &field,
                format!(
                    "strategy {} is served by {what} `{id}`: its {paid} is by the hour or the month, not by the logged calls \
                     `variance` sets against the plan",
                    plan.strategies[index].name
                ),
            )
            .with_hint(format!(
                "compare its `simulate` month with the {paid} you paid; `variance` takes a strategy of API models"
            ))
            .into());
    }
    let logs = calibration.logs.clone();
    let other: Vec<&str> = calibration
        .tiers
        .iter()
        .map(|t| t.name.as_str())
        .filter(|name| !plan.tiers.iter().any(|p| p.name == *name))
        .collect();
    if !other.is_empty() {
        return Err(VarianceError::OtherTiers {
            logs,
            plan: plan.source.name.clone(),
            found: other.join(", "),
            tiers: plan
                .tiers
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
        .into());
    }
    let calls = Decimal::from(calibration.calls);
    let measured = |name: &str| calibration.tiers.iter().find(|t| t.name == name);
    let hit_rate = calibration
        .caching
        .as_ref()
        .map(|c| ratio(c.reads, c.reads + c.writes_5m + c.writes_1h));
    let volume = |per_month: Decimal| {
        Volume::monthly(per_month).map_err(|e| VarianceError::Volume {
            logs: calibration.logs.clone(),
            calls: calibration.calls,
            message: e.message,
        })
    };

    let mut notes = Notes::default();
    let mut scenario = plan.clone();
    let days_per_month = plan.volume.days();
    let plan_interactions = carry(plan.volume.per_month * calibration.days / days_per_month);
    scenario.volume = volume(plan_interactions)?;
    let plan_hit_rate = scenario.strategies[index]
        .techniques
        .caching
        .as_ref()
        .map(|c| c.hit_rate);
    let mut price = |s: &Scenario| -> Result<Decimal, InputError> {
        Ok(price_strategy(s, catalog, index, &s.strategies[index].techniques, &mut notes)?.total)
    };
    let mut costs = vec![price(&scenario)?];

    scenario.volume = volume(calls)?;
    costs.push(price(&scenario)?);

    for tier in &mut scenario.tiers {
        tier.share = measured(&tier.name).map_or(Decimal::ZERO, |t| Decimal::from(t.calls) / calls);
    }
    costs.push(price(&scenario)?);

    for tier in &mut scenario.tiers {
        if let Some(t) = measured(&tier.name) {
            tier.tokens = TierTokens {
                system: t.system,
                context: 0,
                history: 0,
                user: t.input.saturating_sub(t.system),
                output: t.output,
                reasoning: (t.reasoning > 0).then_some(t.reasoning),
            };
        }
    }
    costs.push(price(&scenario)?);

    if let (Some(rate), Some(c)) = (hit_rate, &calibration.caching) {
        let techniques = &mut scenario.strategies[index].techniques;
        let planned = techniques.caching.as_ref();
        techniques.caching = Some(Caching {
            hit_rate: rate,
            ttl: planned.map_or(c.ttl, |planned| planned.ttl),
            prefix: planned.map_or(Caching::SYSTEM_ONLY.to_vec(), |planned| planned.prefix.clone()),
            session_turns: planned.map_or(1, |planned| planned.session_turns),
            explicit_hours_per_day: planned.and_then(|planned| planned.explicit_hours_per_day),
        });
    }
    costs.push(price(&scenario)?);

    let (actual_cost, actual_is) = actual;
    costs.push(actual_cost);

    let names = [
        ("plan", "plan", "the plan over the logs' window".to_string()),
        (
            "volume",
            "volume",
            format!(
                "{} interactions → {} calls",
                crate::figures::tokens(plan_interactions),
                crate::figures::grouped(&calibration.calls.to_string())
            ),
        ),
        ("mix", "mix", "each tier's share of the calls".to_string()),
        (
            "tokens",
            "tokens per interaction",
            "each tier's mean tokens".to_string(),
        ),
        (
            "cache_hit",
            "cache hit",
            match (plan_hit_rate, hit_rate) {
                (_, None) => "no cache reads or writes logged: unchanged".to_string(),
                (Some(p), Some(a)) => format!(
                    "hit rate {} → {}",
                    crate::figures::percent_of(p),
                    crate::figures::percent_of(a)
                ),
                (None, Some(a)) => format!("no caching → hit rate {}", crate::figures::percent_of(a)),
            },
        ),
        (
            "price_and_rest",
            "price and rest",
            match actual_is {
                ActualCost::Priced => "the calls billed as logged".to_string(),
                ActualCost::Recorded => "the cost the logs recorded".to_string(),
            },
        ),
    ];
    let steps: Vec<Step> = names
        .into_iter()
        .enumerate()
        .map(|(i, (name, label, change))| Step {
            name,
            label,
            change,
            cost: costs[i],
            effect: if i == 0 { Decimal::ZERO } else { costs[i] - costs[i - 1] },
        })
        .collect();
    let tiers = plan
        .tiers
        .iter()
        .map(|p| {
            let t = measured(&p.name);
            TierVariance {
                name: p.name.clone(),
                plan_share: p.share,
                actual_share: t.map_or(Decimal::ZERO, |t| carry(Decimal::from(t.calls) / calls)),
                actual_calls: t.map_or(0, |t| t.calls),
                plan_input: p.tokens.input(),
                actual_input: t.map_or(0, |t| t.input),
                plan_output: p.tokens.output + p.tokens.reasoning.unwrap_or(0),
                actual_output: t.map_or(0, |t| t.output + t.reasoning),
            }
        })
        .collect();
    Ok(VarianceReport {
        plan: plan.name.clone(),
        plan_file: plan.source.name.clone(),
        strategy: plan.strategies[index].name.clone(),
        catalog: catalog.name.clone(),
        currency: catalog.currency.clone(),
        logs,
        tiering: tiering.to_string(),
        start: calibration.start,
        end: calibration.end,
        days: calibration.days,
        plan_interactions: plan_interactions.normalize(),
        calls: calibration.calls,
        plan_hit_rate,
        actual_hit_rate: hit_rate.map(|r| carry(r).normalize()),
        tiers,
        actual_is,
        plan_cost: costs[0],
        actual_cost,
        difference: actual_cost - costs[0],
        steps,
        warnings: notes.iter().cloned().collect(),
    })
}
