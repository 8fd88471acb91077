//! A strategy served by capacity bought by the hour, in a sampled month: a
//! self-hosted deployment (`tariff::Deployment::bill`), its replicas sized to
//! the run's busiest drawn day, or a provisioned commitment
//! (`tariff::Provisioned::bill`), its units bought for the expected month
//! and the run's busiest drawn day setting the share that overflows to
//! pay-as-you-go; or a committed spend (`tariff::CommittedSpend::bill`), the
//! run's calls discounted and trued up to the commitment.
//!
//! The tokens a run sends are its interactions times the strategy's mean
//! tokens per interaction (the expected-value engine's): over the thousands
//! of requests a day that make capacity worth buying, token spreads
//! average out, while the day-to-day volume is what moves the peak.

use crate::engine::price_strategy;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use crate::tariff::{CommittedSpend, Demand, Deployment, Provisioned};
use rust_decimal::Decimal;

/// What is bought.
#[derive(Debug, Clone)]
enum Bought {
    Rented(Deployment),
    /// The offer and the units the expected month bought.
    Committed(Provisioned, u32),
    /// A committed spend: the run's calls discounted, trued up to the commitment.
    Spend(CommittedSpend),
}

/// What a strategy's capacity carries per interaction.
#[derive(Debug, Clone)]
pub struct Capacity {
    bought: Bought,
    /// Mean prompt tokens per interaction.
    input: Decimal,
    /// Mean generated tokens (visible and reasoning) per interaction.
    output: Decimal,
    days: Decimal,
    peak_to_mean: Decimal,
}

impl Capacity {
    /// One entry per strategy: `Some` for a self-hosted or provisioned one.
    pub fn plan(scenario: &Scenario, catalog: &Catalog) -> Result<Vec<Option<Self>>, InputError> {
        let mut plans = Vec::with_capacity(scenario.strategies.len());
        for (i, strategy) in scenario.strategies.iter().enumerate() {
            let deployment = crate::engine::deployment(scenario, catalog, i)?;
            let offer = crate::engine::provisioned(scenario, catalog, i)?;
            let spend = crate::engine::committed_spend(scenario, catalog, i)?;
            if deployment.is_none() && offer.is_none() && spend.is_none() {
                plans.push(None);
                continue;
            }
            let priced = price_strategy(scenario, catalog, i, &strategy.techniques, &mut Notes::default())?;
            let bought = match (deployment, offer.zip(priced.commitment.as_ref()), spend) {
                (Some(d), ..) => Bought::Rented(d.clone()),
                (None, Some((o, bill)), _) => Bought::Committed(o.clone(), bill.units),
                (None, None, Some(s)) => Bought::Spend(s.clone()),
                (None, None, None) => {
                    plans.push(None);
                    continue;
                }
            };
            let per_month = scenario.volume.per_month;
            let per = |tokens: Decimal| {
                if per_month.is_zero() {
                    Decimal::ZERO
                } else {
                    crate::money::carry(tokens / per_month)
                }
            };
            let input = priced.tiers.iter().map(|t| t.input_tokens).sum();
            let output = priced.tiers.iter().map(|t| t.output_tokens + t.reasoning_tokens).sum();
            plans.push(Some(Self {
                bought,
                input: per(input),
                output: per(output),
                days: scenario.volume.days(),
                peak_to_mean: scenario.peak_to_mean,
            }));
        }
        Ok(plans)
    }

    /// The month's cost for `interactions`, the busiest day having `busiest`
    /// of them, their calls costing `pay_as_you_go` at list rates.
    pub fn cost(&self, interactions: u64, busiest: u64, pay_as_you_go: Decimal) -> Decimal {
        let (n, day) = (Decimal::from(interactions), Decimal::from(busiest));
        let demand = Demand {
            input: n * self.input,
            output: n * self.output,
            busiest_day_input: day * self.input,
            busiest_day_output: day * self.output,
            days: self.days,
            peak_to_mean: self.peak_to_mean,
        };
        match &self.bought {
            Bought::Rented(d) => pay_as_you_go + d.bill(&demand).total,
            Bought::Committed(o, units) => o.bill(*units, &demand, pay_as_you_go).total,
            Bought::Spend(o) => o.bill(pay_as_you_go).total,
        }
    }
}
