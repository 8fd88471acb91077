//! Committed-spend discounts (docs/capacity.md): the shipped example's
//! $20,000 monthly commitment at 10% off GPT-4.1, by hand: the discount, the
//! true-up when usage falls short, the break-even volume against
//! pay-as-you-go, explain's lines and Monte Carlo's chance of a shortfall.
//!
//! Pay-as-you-go (scenarios/provisioned.yaml): 30 × (3,000 × $2 + 250 × $8)
//! / 1M = $0.24 a month per daily interaction; $23,328 at 97,200 a day.

use crate::common::{Scratch, json_of as json, llmcost, shipped_variant};
use crate::routing_support::{d as dec, strategy};
use rust_decimal_macros::dec;

const SCENARIO: &str = "scenarios/provisioned.yaml";

/// The shipped scenario at `per_day` interactions a day.
fn at(scratch: &Scratch, per_day: &str) -> String {
    let to = format!("interactions_per_day: {per_day}");
    shipped_variant(
        scratch,
        SCENARIO,
        "pricing/provisioned-2026-12.yaml",
        &[("interactions_per_day: 97200", &to)],
    )
}

#[test]
fn usage_above_the_commitment_is_discounted_and_below_it_trued_up() {
    let report = json(&["simulate", SCENARIO]);
    let s = strategy(&report, "committed-spend");
    assert_eq!(s["kind"], "committed-spend");
    // $23,328 × 0.9 = $20,995.20, above $20,000: no true-up.
    assert_eq!(dec(&s["spend"]["discounted"]), dec!(20995.2));
    assert_eq!(dec(&s["spend"]["shortfall"]), dec!(0));
    assert_eq!(dec(&s["total"]), dec!(20995.2));
    // 80,000 a day: $19,200 × 0.9 = $17,280, $2,720 short of $20,000.
    let scratch = Scratch::new();
    let report = json(&["simulate", &at(&scratch, "80000")]);
    let s = strategy(&report, "committed-spend");
    assert_eq!(dec(&s["spend"]["pay_as_you_go"]), dec!(19200));
    assert_eq!(dec(&s["spend"]["shortfall"]), dec!(2720));
    assert_eq!(dec(&s["total"]), dec!(20000));
}

#[test]
fn the_commitment_pays_once_pay_as_you_go_passes_it() {
    let report = json(&[
        "sweep",
        SCENARIO,
        "--set",
        "volume.interactions_per_day=70000..90000:5000",
        "--breakeven",
        "committed-spend,pay-as-you-go",
    ]);
    // Up to 92,592 a day the discounted usage (0.9 × 0.24 × N) is below
    // $20,000, so the commitment costs $20,000: pay-as-you-go reaches it at
    // 20,000 / 0.24 = 83,333.3̅ a day.
    let crossing = &report["breakeven"]["crossings"][0];
    assert_eq!(dec(&crossing["at"]).round_dp(6), dec!(83333.333333));
    assert_eq!(crossing["a_cheaper"], "above");
}

#[test]
fn explain_takes_off_the_discount_and_adds_the_true_up() {
    let scratch = Scratch::new();
    let s = at(&scratch, "80000");
    let out = llmcost()
        .args(["explain", &s, "--strategy", "committed-spend", "-f", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // 10% of $19,200 off, then $2,720 of true-up: $19,200 − $1,920 + $2,720 = $20,000.
    assert!(
        text.contains("committed-spend,,gpt-4.1-commit-20k,commitment,1,,discount,1,1,-1920,-1920,-1920,USD"),
        "{text}"
    );
    assert!(text.contains("committed-spend,,gpt-4.1-commit-20k,commitment,1,,true-up,1,1,2720,2720,2720,USD"));
}

#[test]
fn monte_carlo_gives_the_chance_of_a_shortfall_and_of_not_paying() {
    let scratch = Scratch::new();
    let chances = |per_day: &str| {
        let report = json(&["montecarlo", &at(&scratch, per_day), "--runs", "200", "--seed", "2"]);
        let s = strategy(&report, "committed-spend");
        (dec(&s["shortfall"]), dec(&s["costlier_than_baseline"]))
    };
    // Poisson months spread pay-as-you-go by about 0.06% (1 / √2.9M), so:
    // 97,200 a day: $20,995.20 discounted, never short, always cheaper.
    assert_eq!(chances("97200"), (dec!(0), dec!(0)));
    // 85,000 a day: $20,400 × 0.9 = $18,360, always short and trued up to
    // $20,000, which is still below the $20,400 of pay-as-you-go.
    assert_eq!(chances("85000"), (dec!(1), dec!(0)));
    // 80,000 a day: $19,200, below the commitment: short and dearer.
    assert_eq!(chances("80000"), (dec!(1), dec!(1)));
}
