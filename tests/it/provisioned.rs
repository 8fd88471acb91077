//! Provisioned throughput (docs/capacity.md): the shipped example's
//! commitments worked out by hand from its catalog's figures, the overflow
//! above a fixed commitment, the break-even volume against pay-as-you-go,
//! explain's reservation lines and Monte Carlo's chance the commitment does
//! not pay.
//!
//! The example (scenarios/provisioned.yaml on pricing/provisioned-2026-12.yaml):
//! 97,200 interactions a day × 30 days = 2,916,000 a month, 3,000 input and
//! 250 output tokens each: 8,748M input and 729M output tokens. GPT-4.1
//! pay-as-you-go: 8,748 × $2 + 729 × $8 = $17,496 + $5,832 = $23,328.
//! A day's mean minute: 97,200 × 3,000 / 1,440 = 202,500 input and
//! 97,200 × 250 / 1,440 = 16,875 output tokens; a PTU carries 3,000 input or
//! 750 output tokens a minute, so the mean load is 67.5 + 22.5 = 90 PTUs, and
//! the peak (1.08 × the mean hour) 97.2 PTUs.

use crate::common::{Scratch, json_of as json, llmcost, shipped_variant};
use crate::routing_support::{d as dec, strategy};
use rust_decimal_macros::dec;

const SCENARIO: &str = "scenarios/provisioned.yaml";

/// The shipped scenario with `from` replaced by `to`, its catalog beside it.
fn variant(scratch: &Scratch, edits: &[(&str, &str)]) -> String {
    shipped_variant(scratch, SCENARIO, "pricing/provisioned-2026-12.yaml", edits)
}

#[test]
fn the_example_reserves_100_ptus_that_carry_the_peak_and_pay() {
    let report = json(&["simulate", SCENARIO]);
    assert_eq!(dec(&strategy(&report, "pay-as-you-go")["total"]), dec!(23328));
    let reserved = strategy(&report, "ptu-reserved");
    assert_eq!(reserved["kind"], "provisioned");
    let c = &reserved["commitment"];
    assert_eq!(c["units"], 100);
    assert_eq!(c["sized_to_peak"], false);
    assert_eq!(dec(&c["peak_load"]), dec!(97.2));
    // 97.2 PTUs at the peak fit in 100: nothing overflows.
    assert_eq!(dec(&c["overflow_share"]), dec!(0));
    // 100 PTUs × $0.3027 × 720 h = $21,794.40; the calls at list rates are $23,328.
    assert_eq!(dec(&c["reservation"]), dec!(21794.4));
    assert_eq!(dec(&c["pay_as_you_go"]), dec!(23328));
    assert_eq!(dec(&reserved["total"]), dec!(21794.4));
    // 90 PTUs carried over 100.
    assert_eq!(dec(&c["utilisation"]), dec!(0.9));
    // Bought by the hour and sized to the peak: ⌈97.2 / 50⌉ × 50 = 100 PTUs × $2 × 720 h.
    let hourly = strategy(&report, "ptu-hourly");
    assert_eq!(hourly["commitment"]["units"], 100);
    assert_eq!(hourly["commitment"]["sized_to_peak"], true);
    assert_eq!(dec(&hourly["total"]), dec!(144000));
}

#[test]
fn a_peak_above_the_units_overflows_to_pay_as_you_go() {
    let scratch = Scratch::new();
    // A 1.5× peak: 90 × 1.5 = 135 PTUs. 100 reserved carry at most 100 / 135
    // of the traffic; 1 − 100/135 = 7/27 overflows: 7/27 × $23,328 = $6,048.
    let s = variant(&scratch, &[("peak_to_mean: 1.08", "peak_to_mean: 1.5")]);
    let report = json(&["simulate", &s]);
    let c = &strategy(&report, "ptu-reserved")["commitment"];
    assert_eq!(dec(&c["peak_load"]), dec!(135));
    assert_eq!(
        dec(&c["overflow_share"]).round_dp(12),
        (dec!(7) / dec!(27)).round_dp(12)
    );
    assert_eq!(dec(&c["overflow"]).round_dp(6), dec!(6048));
    assert_eq!(dec(&c["total"]).round_dp(6), dec!(27842.4));
    // Carried: 90 × 20/27 = 66.6̅ PTUs of 100.
    assert_eq!(dec(&c["utilisation"]).round_dp(9), dec!(0.666666667));
    // Sized to the peak: ⌈135 / 50⌉ × 50 = 150 PTUs × $2 × 720 h = $216,000, nothing overflows.
    let hourly = &strategy(&report, "ptu-hourly")["commitment"];
    assert_eq!(hourly["units"], 150);
    assert_eq!(dec(&hourly["total"]), dec!(216000));
}

#[test]
fn the_break_even_volume_is_where_pay_as_you_go_reaches_the_reservation() {
    let report = json(&[
        "sweep",
        SCENARIO,
        "--set",
        "volume.interactions_per_day=80000..96000:4000",
        "--breakeven",
        "ptu-reserved,pay-as-you-go",
    ]);
    // Pay-as-you-go costs 30 × (3,000 × $2 + 250 × $8) / 1M = $0.24 a month
    // per daily interaction; up to 96,000 a day the peak (96,000 × 4/3 / 1,440
    // × 1.08 = 96 PTUs) fits in 100, so the commitment costs $21,794.40
    // throughout: 21,794.4 / 0.24 = 90,810 a day.
    let crossing = &report["breakeven"]["crossings"][0];
    assert_eq!(dec(&crossing["at"]), dec!(90810));
    assert_eq!(crossing["a_cheaper"], "above");
}

#[test]
fn explain_bills_the_reservation_and_takes_off_the_calls_it_carries() {
    let out = llmcost()
        .args(["explain", SCENARIO, "--strategy", "ptu-reserved", "-f", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // 720 hours × 100 PTUs × $0.3027 = $21,794.40; the $23,328 of calls the units carry, taken off.
    let reservation = text.lines().find(|l| l.contains(",reservation,")).unwrap();
    assert!(
        reservation.starts_with("ptu-reserved,,gpt-4.1-ptu-reserved-100,commitment,720,,reservation,1,100,0.3027,"),
        "{reservation}"
    );
    assert!(reservation.ends_with(",21794.4,USD"), "{reservation}");
    assert!(text.contains("ptu-reserved,,gpt-4.1-ptu-reserved-100,commitment,1,,covered,1,1,-23328,-23328,-23328,USD"));
    let table = llmcost()
        .args(["explain", SCENARIO, "--strategy", "ptu-reserved"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("100 PTU(s) × $0.3027 an hour × 720 hours = $21,794.40"),
        "{table}"
    );
}

#[test]
fn monte_carlo_gives_the_chance_the_commitment_does_not_pay() {
    let scratch = Scratch::new();
    let chance = |edits: &[(&str, &str)]| {
        let s = variant(&scratch, edits);
        let report = json(&["montecarlo", &s, "--runs", "200", "--seed", "5"]);
        dec(&strategy(&report, "ptu-reserved")["costlier_than_baseline"])
    };
    // Equal days (the shipped scenario): every run's busiest day is its mean
    // day, 97.2 PTUs at the peak (Poisson months move it by about 0.06%),
    // nothing overflows, and pay-as-you-go never falls from $23,328 to the
    // $21,794.40 reserved.
    assert_eq!(chance(&[]), dec!(0));
    // 80,000 a day: pay-as-you-go is $19,200, below the reservation whatever overflows.
    assert_eq!(
        chance(&[("interactions_per_day: 97200", "interactions_per_day: 80000")]),
        dec!(1)
    );
    // Days spread by 5%: the commitment loses when the overflow share passes
    // 1,533.6 / 23,328 = 6.574%, that is when the peak passes 100 / 0.93426 =
    // 107.04 PTUs, the busiest day 10.1% above the mean (107.04 / 97.2). One
    // day does so with chance about 2.4% (2.02 standard deviations of a gamma
    // law of shape 400); the busiest of 30 in about 1 − 0.976^30 = 52% of months.
    let spread = chance(&[(
        "baseline: pay-as-you-go\n",
        "baseline: pay-as-you-go\nuncertainty:\n  daily_volume_cv: 5%\n",
    )]);
    assert!(spread > dec!(0.3) && spread < dec!(0.75), "{spread}");
}
