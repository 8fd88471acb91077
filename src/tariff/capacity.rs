//! Capacity bought by the hour: a self-hosted deployment's accelerators,
//! rented whether busy or idle, sized against the workload's peak.
//!
//! A deployment runs `replicas` copies of a model, each on
//! `accelerators_per_replica` accelerators rented at `accelerator_hourly`.
//! One accelerator carries `input_per_second` prompt tokens and
//! `output_per_second` generated tokens at once (the rates a benchmark
//! measures together at its latency target); a replica carries its
//! accelerators' rates. The month's cost is
//!
//! ```text
//! rental = replicas × accelerators_per_replica × accelerator_hourly × hours
//! total  = rental + overhead_per_month
//! ```
//!
//! with `hours = days × 24`. The peak is the busiest day's mean rate times
//! the workload's `peak_to_mean` (its busiest hour over the mean hour of its
//! day). The load a rate puts on the deployment, in replicas kept fully busy,
//! is the busier direction: `max(input/s ÷ replica input/s, output/s ÷
//! replica output/s)`. Scaled to peak, the deployment runs
//! `max(min_replicas, ⌈peak load ÷ utilisation⌉)` replicas all month; fixed,
//! it runs `min_replicas` and a peak above `min_replicas × utilisation` is
//! noted (requests then wait past the latency target). The utilisation it
//! reaches is the month's mean load over its replicas.
//!
//! Nothing here depends on what a token costs at an API: a cached prefix is
//! still a prompt the accelerators read (prefix caching in the serving
//! engine can raise throughput, which the stated benchmark rates already
//! carry or not: the figures are the deployment's, not the technique's).

use crate::money::carry;
use rust_decimal::Decimal;
use serde::Serialize;

/// Seconds in a day.
const DAY_SECONDS: Decimal = Decimal::from_parts(86_400, 0, 0, false, 0);

/// What a deployment rents and what it carries (a catalog's `self_hosted` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deployment {
    pub id: String,
    /// The model it serves, as the catalog describes it.
    pub serves: String,
    /// The accelerator rented, as the catalog describes it.
    pub accelerator: String,
    /// Currency units per accelerator-hour.
    pub accelerator_hourly: Decimal,
    pub accelerators_per_replica: u32,
    /// Prompt tokens a second one accelerator carries at the latency target.
    pub input_per_second: Decimal,
    /// Generated tokens (visible and reasoning) a second one accelerator carries.
    pub output_per_second: Decimal,
    /// The latency the throughput figures hold at, as the catalog states it.
    pub latency_target: String,
    /// The highest load a replica is planned to run at, in (0, 1].
    pub utilisation: Decimal,
    pub min_replicas: u32,
    /// Whether replicas are added until the peak fits (else `min_replicas`).
    pub scale_to_peak: bool,
    pub overhead_per_month: Decimal,
    /// Where the figures come from, as the catalog cites them.
    pub sources: Vec<String>,
}

/// The tokens a deployment serves: the month's, and its busiest day's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demand {
    pub input: Decimal,
    pub output: Decimal,
    pub busiest_day_input: Decimal,
    pub busiest_day_output: Decimal,
    pub days: Decimal,
    pub peak_to_mean: Decimal,
}

impl Demand {
    /// A month of `input` and `output` tokens spread evenly over `days` days.
    pub fn even(input: Decimal, output: Decimal, days: Decimal, peak_to_mean: Decimal) -> Self {
        Self {
            input,
            output,
            busiest_day_input: carry(input / days),
            busiest_day_output: carry(output / days),
            days,
            peak_to_mean,
        }
    }
}

/// A deployment's month, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CapacityBill {
    pub deployment: String,
    pub serves: String,
    pub accelerator: String,
    pub latency_target: String,
    pub sources: Vec<String>,
    pub accelerator_hourly: Decimal,
    pub accelerators_per_replica: u32,
    pub replicas: u32,
    pub accelerators: u64,
    pub hours: Decimal,
    pub rental: Decimal,
    pub overhead: Decimal,
    pub total: Decimal,
    /// Prompt and generated tokens a second at the peak.
    pub peak_input_per_second: Decimal,
    pub peak_output_per_second: Decimal,
    /// Replicas the peak keeps fully busy.
    pub peak_load: Decimal,
    /// Replicas the peak needs at the planned utilisation (before the minimum).
    pub needed: u32,
    /// The month's mean load over the replicas run.
    pub utilisation: Decimal,
    /// `total` per 1,000,000 tokens served (input and output); `None` without tokens.
    pub per_million: Option<Decimal>,
}

impl Deployment {
    /// Replicas kept fully busy by `input` and `output` tokens a second.
    fn load(&self, input: Decimal, output: Decimal) -> Decimal {
        let per = Decimal::from(self.accelerators_per_replica);
        let a = input / (self.input_per_second * per);
        let b = output / (self.output_per_second * per);
        carry(a.max(b))
    }

    /// The month of `demand` on this deployment.
    pub fn bill(&self, demand: &Demand) -> CapacityBill {
        let day = |tokens: Decimal| carry(tokens / DAY_SECONDS);
        let peak_input = carry(day(demand.busiest_day_input) * demand.peak_to_mean);
        let peak_output = carry(day(demand.busiest_day_output) * demand.peak_to_mean);
        let peak_load = self.load(peak_input, peak_output);
        let needed = (peak_load / self.utilisation).ceil();
        let needed = u32::try_from(needed).unwrap_or(u32::MAX);
        let replicas = if self.scale_to_peak {
            needed.max(self.min_replicas)
        } else {
            self.min_replicas
        };
        let hours = demand.days * Decimal::from(24);
        let accelerators = u64::from(replicas) * u64::from(self.accelerators_per_replica);
        let rental = carry(Decimal::from(accelerators) * self.accelerator_hourly * hours);
        let total = rental + self.overhead_per_month;
        let seconds = hours * Decimal::from(3600);
        let mean_load = self.load(carry(demand.input / seconds), carry(demand.output / seconds));
        let tokens = demand.input + demand.output;
        CapacityBill {
            deployment: self.id.clone(),
            serves: self.serves.clone(),
            accelerator: self.accelerator.clone(),
            latency_target: self.latency_target.clone(),
            sources: self.sources.clone(),
            accelerator_hourly: self.accelerator_hourly,
            accelerators_per_replica: self.accelerators_per_replica,
            replicas,
            accelerators,
            hours: hours.normalize(),
            rental: rental.normalize(),
            overhead: self.overhead_per_month.normalize(),
            total: total.normalize(),
            peak_input_per_second: peak_input.normalize(),
            peak_output_per_second: peak_output.normalize(),
            peak_load: peak_load.normalize(),
            needed,
            utilisation: if replicas == 0 {
                Decimal::ZERO
            } else {
                carry(mean_load / Decimal::from(replicas))
            },
            per_million: (!tokens.is_zero()).then(|| carry(total * Decimal::from(1_000_000) / tokens)),
        }
    }
}

impl CapacityBill {
    /// Whether the replicas run cannot carry the peak at the planned utilisation.
    pub fn short_of_peak(&self) -> bool {
        self.needed > self.replicas
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn h100(scale_to_peak: bool) -> Deployment {
        Deployment {
            id: "d".into(),
            serves: "m".into(),
            accelerator: "a".into(),
            accelerator_hourly: dec!(4),
            accelerators_per_replica: 2,
            input_per_second: dec!(1000),
            output_per_second: dec!(100),
            latency_target: String::new(),
            utilisation: dec!(0.5),
            min_replicas: 1,
            scale_to_peak,
            overhead_per_month: dec!(300),
            sources: Vec::new(),
        }
    }

    #[test]
    fn replicas_follow_the_busier_direction_at_the_peak() {
        // 30 days of 86,400,000 input and 25,920,000 output tokens a day:
        // 1,000 input/s and 300 output/s on average; ×3 at the peak: 3,000
        // and 900 a second. A replica (2 accelerators) carries 2,000 input/s
        // and 200 output/s: the peak keeps max(1.5, 4.5) = 4.5 replicas busy,
        // ⌈4.5 / 0.5⌉ = 9 replicas at 50%.
        let demand = Demand::even(dec!(2592000000), dec!(777600000), dec!(30), dec!(3));
        let bill = h100(true).bill(&demand);
        assert_eq!(bill.peak_input_per_second, dec!(3000));
        assert_eq!(bill.peak_output_per_second, dec!(900));
        assert_eq!(bill.peak_load, dec!(4.5));
        assert_eq!(bill.replicas, 9);
        assert_eq!(bill.accelerators, 18);
        // 18 accelerators × $4 × 720 h = $51,840, + $300 overhead.
        assert_eq!(bill.hours, dec!(720));
        assert_eq!(bill.rental, dec!(51840));
        assert_eq!(bill.total, dec!(52140));
        // Mean load max(0.5, 1.5) = 1.5 replicas over 9: 1/6.
        assert_eq!(bill.utilisation, carry(dec!(1.5) / dec!(9)));
        // $52,140 over 3,369.6M tokens.
        assert_eq!(bill.per_million, Some(carry(dec!(52140) / dec!(3369.6))));
        assert!(!bill.short_of_peak());
    }

    #[test]
    fn a_fixed_deployment_keeps_its_replicas_and_says_the_peak_does_not_fit() {
        let demand = Demand::even(dec!(2592000000), dec!(777600000), dec!(30), dec!(3));
        let bill = h100(false).bill(&demand);
        assert_eq!((bill.replicas, bill.needed), (1, 9));
        // 2 accelerators × $4 × 720 h + $300.
        assert_eq!(bill.total, dec!(6060));
        assert!(bill.short_of_peak());
    }

    #[test]
    fn an_idle_month_costs_the_minimum() {
        let bill = h100(true).bill(&Demand::even(Decimal::ZERO, Decimal::ZERO, dec!(30), dec!(2)));
        assert_eq!(bill.replicas, 1);
        assert_eq!(bill.total, dec!(6060));
        assert_eq!(bill.per_million, None);
        assert_eq!(bill.utilisation, Decimal::ZERO);
    }
}
