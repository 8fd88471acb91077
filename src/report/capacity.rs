//! How a self-hosted deployment's month reads (`tariff::CapacityBill`): the
//! deployment and the sources of its figures, the rent line by line, the peak
//! it was sized for and the utilisation it reaches.

use crate::figures;
use crate::money;
use crate::tariff::CapacityBill;
use rust_decimal::Decimal;

/// Label-value lines of `bill`, money in `currency`.
pub fn facts(bill: &CapacityBill, currency: &str) -> Vec<(String, String)> {
    let m = |amount: Decimal| money::display_exact(amount, currency);
    let mut facts = vec![
        ("Deployment".into(), bill.deployment.clone()),
        ("Serves".into(), bill.serves.clone()),
        ("Accelerator".into(), bill.accelerator.clone()),
        ("Latency target".into(), bill.latency_target.clone()),
        (
            "Rent".into(),
            format!(
                "{} replica(s) × {} accelerator(s) × {} an hour × {} hours = {}",
                bill.replicas,
                bill.accelerators_per_replica,
                m(bill.accelerator_hourly),
                figures::number(bill.hours),
                m(bill.rental)
            ),
        ),
        ("Overhead".into(), m(bill.overhead)),
        ("Monthly cost".into(), m(bill.total)),
        (
            "Peak".into(),
            format!(
                "{} input and {} output tokens a second: {} replica(s) fully busy, {} at the planned utilisation",
                figures::number(bill.peak_input_per_second.round_dp(1)),
                figures::number(bill.peak_output_per_second.round_dp(1)),
                figures::number(bill.peak_load.round_dp(3)),
                bill.needed
            ),
        ),
        ("Utilisation".into(), figures::percent_of(bill.utilisation)),
        (
            "Per 1M tokens".into(),
            bill.per_million
                .map_or_else(|| "no tokens".into(), |p| m(p.round_dp(4))),
        ),
    ];
    facts.extend(bill.sources.iter().map(|s| ("Source".to_string(), s.clone())));
    facts
}
