//! A self-hosted strategy in a sampled month: its deployment billed by the
//! tariff (`tariff::Deployment::bill`) for the run's interactions, its peak
//! found from the run's busiest drawn day.
//!
//! The tokens a run sends are its interactions times the strategy's mean
//! tokens per interaction (the expected-value engine's): over the thousands
//! of requests a day that make a deployment worth renting, token spreads
//! average out, while the day-to-day volume is what moves the peak.

use crate::engine::price_strategy;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use crate::tariff::{Demand, Deployment};
use rust_decimal::Decimal;

/// What a self-hosted strategy's deployment carries per interaction.
#[derive(Debug, Clone)]
pub struct Rented {
    deployment: Deployment,
    /// Mean prompt tokens per interaction.
    input: Decimal,
    /// Mean generated tokens (visible and reasoning) per interaction.
    output: Decimal,
    days: Decimal,
    peak_to_mean: Decimal,
}

impl Rented {
    /// One entry per strategy: `Some` for a self-hosted one.
    pub fn plan(scenario: &Scenario, catalog: &Catalog) -> Result<Vec<Option<Self>>, InputError> {
        let mut rented = Vec::with_capacity(scenario.strategies.len());
        for (i, strategy) in scenario.strategies.iter().enumerate() {
            let Some(deployment) = crate::engine::deployment(scenario, catalog, i)? else {
                rented.push(None);
                continue;
            };
            let priced = price_strategy(scenario, catalog, i, &strategy.techniques, &mut Notes::default())?;
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
            rented.push(Some(Self {
                deployment: deployment.clone(),
                input: per(input),
                output: per(output),
                days: scenario.volume.days(),
                peak_to_mean: scenario.peak_to_mean,
            }));
        }
        Ok(rented)
    }

    /// The month's rent for `interactions`, the busiest day having `busiest` of them.
    pub fn cost(&self, interactions: u64, busiest: u64) -> Decimal {
        let (n, day) = (Decimal::from(interactions), Decimal::from(busiest));
        let demand = Demand {
            input: n * self.input,
            output: n * self.output,
            busiest_day_input: day * self.input,
            busiest_day_output: day * self.output,
            days: self.days,
            peak_to_mean: self.peak_to_mean,
        };
        self.deployment.bill(&demand).total
    }
}
