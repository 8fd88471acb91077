//! How a self-hosted deployment's month reads (`tariff::CapacityBill`): the
//! deployment and the sources of its figures, the rent line by line, the peak
//! it was sized for and the utilisation it reaches; and a provisioned
//! commitment's month (`tariff::CommitmentBill`): the reservation, the
//! overflow share of the pay-as-you-go bill, the utilisation; and a committed
//! spend's (`tariff::SpendBill`): the discount and the true-up; and explicit
//! caches' storage (`tariff::StorageBill`): the hours kept, each cache.

use crate::figures;
use crate::money;
use crate::tariff::{CapacityBill, CommitmentBill, SpendBill, StorageBill};
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

/// Label-value lines of a provisioned commitment's `bill`, money in `currency`.
pub fn commitment_facts(bill: &CommitmentBill, currency: &str) -> Vec<(String, String)> {
    let m = |amount: Decimal| money::display_exact(amount, currency);
    let mut facts = vec![
        ("Commitment".into(), format!("{}, serving {}", bill.offer, bill.model)),
        (
            "Reservation".into(),
            format!(
                "{} {}(s){} × {} an hour × {} hours = {}",
                bill.units,
                bill.unit,
                if bill.sized_to_peak { " (sized to the peak)" } else { "" },
                m(bill.unit_hourly),
                figures::number(bill.hours),
                m(bill.reservation)
            ),
        ),
        (
            "Peak".into(),
            format!(
                "{} {}(s) fully busy",
                figures::number(bill.peak_load.round_dp(3)),
                bill.unit
            ),
        ),
        (
            "Overflow".into(),
            format!(
                "{} of the calls (at most 1 − units ÷ peak) × {} at list rates = {}",
                figures::percent_of(bill.overflow_share),
                m(bill.pay_as_you_go),
                m(bill.overflow)
            ),
        ),
        ("Monthly cost".into(), m(bill.total)),
        ("Utilisation".into(), figures::percent_of(bill.utilisation)),
    ];
    facts.extend(bill.sources.iter().map(|s| ("Source".to_string(), s.clone())));
    facts
}

/// Label-value lines of a committed spend's `bill`, money in `currency`.
pub fn spend_facts(bill: &SpendBill, currency: &str) -> Vec<(String, String)> {
    let m = |amount: Decimal| money::display_exact(amount, currency);
    let mut facts = vec![
        (
            "Committed spend".into(),
            format!("{}, discounting {}", bill.offer, bill.model),
        ),
        (
            "Discounted".into(),
            format!(
                "{} at list rates × (1 − {}) = {}",
                m(bill.pay_as_you_go),
                figures::percent_of(bill.discount),
                m(bill.discounted)
            ),
        ),
        (
            "True-up".into(),
            format!(
                "max(0, {} committed − {}) = {}",
                m(bill.commitment),
                m(bill.discounted),
                m(bill.shortfall)
            ),
        ),
        ("Monthly cost".into(), m(bill.total)),
    ];
    facts.extend(bill.sources.iter().map(|s| ("Source".to_string(), s.clone())));
    facts
}

/// Explicit caches' storage: the hours they are kept, then each cache as
/// `tokens × hours × rate = cost`.
pub fn storage_facts(bill: &StorageBill, currency: &str) -> Vec<(String, String)> {
    let m = |amount: Decimal| money::display_exact(amount, currency);
    let mut facts = vec![(
        "Kept".into(),
        format!(
            "{} h a day × {} days = {} h a month, whatever the calls",
            bill.hours_per_day.normalize(),
            bill.days.normalize(),
            (bill.hours_per_day * bill.days).normalize()
        ),
    )];
    for cache in &bill.caches {
        facts.push((
            format!("{} on {}", cache.tier, cache.model),
            format!(
                "{} tokens × {} h × {} per 1M tokens per hour = {}",
                figures::tokens(cache.tokens),
                cache.hours,
                m(cache.rate),
                m(cache.cost)
            ),
        ));
    }
    facts.push(("Monthly cost".into(), m(bill.total)));
    facts
}
