//! Throughput bought by the hour from a provider (Azure OpenAI provisioned
//! throughput units, Bedrock provisioned throughput model units): a number of
//! units reserved all month, the traffic above what they carry at the peak
//! overflowing to pay-as-you-go at the model's list rates.
//!
//! One unit carries `input_per_minute` prompt tokens or `output_per_minute`
//! generated tokens, sharing its capacity between them (Azure counts an
//! output token as several input tokens against a unit's input TPM): the
//! load a rate puts on the commitment, in units kept fully busy, is
//! `input/min ÷ input_per_minute + output/min ÷ output_per_minute`.
//! The peak is the busiest day's mean rate times the workload's
//! `peak_to_mean`. Sized to peak, the commitment buys
//! `max(min_units, ⌈peak load ÷ increment⌉ × increment)` units; else the
//! units the offer states. The month costs
//!
//! ```text
//! reservation = units × unit_hourly × hours        (hours = days × 24)
//! overflow    = overflow share × pay-as-you-go bill of the month's calls
//! overflow share = max(0, 1 − units ÷ peak load)
//! total       = reservation + overflow
//! ```
//!
//! The overflow share is the most any traffic with that peak can overflow:
//! a rate `r` overflows `max(0, r − units)`, which is convex in `r`, so among
//! hours bounded by the peak `P` with a given mean `m` it is largest when every
//! hour is idle or at `P` (a fraction `m ÷ P` of them). Those overflow
//! `(m ÷ P) × (P − units)` of the mean `m`: a share `1 − units ÷ P`, whatever
//! `m`. The commitment is judged on that worst case; a flatter day overflows
//! less. The utilisation reached is the load it carries, `mean load × (1 −
//! overflow share)`, over its units.

use crate::money::carry;
use rust_decimal::Decimal;
use serde::Serialize;

use super::capacity::Demand;

/// Minutes in a day.
const DAY_MINUTES: Decimal = Decimal::from_parts(1_440, 0, 0, false, 0);

/// A provisioned-throughput offer (a catalog's `provisioned` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provisioned {
    pub id: String,
    /// The catalog model it serves; its list rates price the overflow.
    pub model: String,
    /// What one unit is called (PTU, model unit).
    pub unit: String,
    /// Currency units per unit-hour.
    pub unit_hourly: Decimal,
    /// Prompt tokens a minute one unit carries (with no output).
    pub input_per_minute: Decimal,
    /// Generated tokens a minute one unit carries (with no input).
    pub output_per_minute: Decimal,
    /// The fewest units the offer sells.
    pub min_units: u32,
    /// The step units are bought in above the minimum.
    pub increment: u32,
    /// The units bought; `None`: sized to the peak.
    pub units: Option<u32>,
    /// Where the figures come from, as the catalog cites them.
    pub sources: Vec<String>,
}

/// A provisioned commitment's month, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentBill {
    pub offer: String,
    pub model: String,
    pub unit: String,
    pub units: u32,
    pub sized_to_peak: bool,
    pub unit_hourly: Decimal,
    pub hours: Decimal,
    pub reservation: Decimal,
    /// The month's calls at the model's list rates, all of them.
    pub pay_as_you_go: Decimal,
    /// The part of the traffic above the units at the peak.
    pub overflow_share: Decimal,
    /// `overflow_share × pay_as_you_go`.
    pub overflow: Decimal,
    pub total: Decimal,
    /// Units the peak keeps fully busy.
    pub peak_load: Decimal,
    /// Load carried over the units bought.
    pub utilisation: Decimal,
    pub sources: Vec<String>,
}

impl Provisioned {
    /// Units kept fully busy by `input` and `output` tokens a minute.
    fn load(&self, input: Decimal, output: Decimal) -> Decimal {
        carry(input / self.input_per_minute + output / self.output_per_minute)
    }

    /// The units bought for a peak of `peak_load` units.
    pub fn units_for(&self, peak_load: Decimal) -> u32 {
        self.units.unwrap_or_else(|| {
            let step = Decimal::from(self.increment);
            let steps = u32::try_from((peak_load / step).ceil()).unwrap_or(u32::MAX);
            steps.saturating_mul(self.increment).max(self.min_units)
        })
    }

    /// The peak of `demand`, in units kept fully busy.
    pub fn peak_load(&self, demand: &Demand) -> Decimal {
        let minute = |tokens: Decimal| carry(carry(tokens / DAY_MINUTES) * demand.peak_to_mean);
        self.load(minute(demand.busiest_day_input), minute(demand.busiest_day_output))
    }

    /// The month of `demand` on `units` units, its calls costing
    /// `pay_as_you_go` at the model's list rates.
    pub fn bill(&self, units: u32, demand: &Demand, pay_as_you_go: Decimal) -> CommitmentBill {
        let peak_load = self.peak_load(demand);
        let bought = Decimal::from(units);
        let overflow_share = if peak_load <= bought {
            Decimal::ZERO
        } else {
            carry(Decimal::ONE - bought / peak_load)
        };
        let hours = demand.days * Decimal::from(24);
        let reservation = carry(bought * self.unit_hourly * hours);
        let overflow = carry(overflow_share * pay_as_you_go);
        let minutes = hours * Decimal::from(60);
        let mean_load = self.load(carry(demand.input / minutes), carry(demand.output / minutes));
        CommitmentBill {
            offer: self.id.clone(),
            model: self.model.clone(),
            unit: self.unit.clone(),
            units,
            sized_to_peak: self.units.is_none(),
            unit_hourly: self.unit_hourly,
            hours: hours.normalize(),
            reservation: reservation.normalize(),
            pay_as_you_go: pay_as_you_go.normalize(),
            overflow_share: overflow_share.normalize(),
            overflow: overflow.normalize(),
            total: (reservation + overflow).normalize(),
            peak_load: peak_load.normalize(),
            utilisation: carry(mean_load * (Decimal::ONE - overflow_share) / bought).normalize(),
            sources: self.sources.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn ptu(units: Option<u32>) -> Provisioned {
        Provisioned {
            id: "p".into(),
            model: "m".into(),
            unit: "PTU".into(),
            unit_hourly: dec!(2),
            input_per_minute: dec!(3000),
            output_per_minute: dec!(750),
            min_units: 50,
            increment: 50,
            units,
            sources: Vec::new(),
        }
    }

    // 30 days of 216,000,000 input and 10,800,000 output tokens a day:
    // 150,000 input and 7,500 output tokens a minute on average; ×2 at the
    // peak: 300,000 and 15,000. Load: 300,000 / 3,000 + 15,000 / 750 = 100 + 20
    // = 120 units at the peak, 60 on average.
    fn demand() -> Demand {
        Demand::even(dec!(6480000000), dec!(324000000), dec!(30), dec!(2))
    }

    #[test]
    fn sized_to_peak_buys_whole_increments_and_nothing_overflows() {
        let bill = ptu(None).bill(ptu(None).units_for(dec!(120)), &demand(), dec!(1000));
        assert_eq!(bill.peak_load, dec!(120));
        // ⌈120 / 50⌉ × 50 = 150 units; 150 × $2 × 720 h = $216,000.
        assert_eq!(bill.units, 150);
        assert_eq!(bill.reservation, dec!(216000));
        assert_eq!((bill.overflow_share, bill.overflow), (dec!(0), dec!(0)));
        assert_eq!(bill.total, dec!(216000));
        // 60 units carried over 150: 40%.
        assert_eq!(bill.utilisation, dec!(0.4));
    }

    #[test]
    fn a_fixed_commitment_below_the_peak_overflows_its_worst_case_share() {
        let bill = ptu(Some(100)).bill(100, &demand(), dec!(30000));
        // 1 − 100 / 120 = 1/6 of the $30,000 pay-as-you-go bill overflows.
        assert_eq!(bill.overflow_share, carry(dec!(1) - dec!(100) / dec!(120)).normalize());
        assert_eq!(bill.overflow, carry(bill.overflow_share * dec!(30000)).normalize());
        // 100 × $2 × 720 h = $144,000 reserved.
        assert_eq!(bill.total, dec!(144000) + bill.overflow);
        // 60 × 5/6 = 50 units carried over 100: 50%.
        assert_eq!(bill.utilisation.round_dp(20), dec!(0.5));
    }

    #[test]
    fn an_idle_month_still_pays_the_minimum() {
        let idle = Demand::even(Decimal::ZERO, Decimal::ZERO, dec!(30), dec!(2));
        let bill = ptu(None).bill(ptu(None).units_for(ptu(None).peak_load(&idle)), &idle, Decimal::ZERO);
        assert_eq!(bill.units, 50);
        assert_eq!(bill.total, dec!(72000));
        assert_eq!(bill.utilisation, dec!(0));
    }
}
