//! `simulate --format focus` of commitments (docs/output-formats.md,
//! "Commitments"): the shipped example's provisioned and committed-spend
//! strategies as FOCUS 1.2 rows, checked against the specification's columns
//! and rules (`focus::check`) and their figures by hand, with the worked
//! figures of tests/it/provisioned.rs and tests/it/committed_spend.rs:
//! GPT-4.1 pay-as-you-go at 97,200 interactions a day is 8,748M input tokens
//! × $2 = $17,496 plus 729M output tokens × $8 = $5,832: $23,328.

use crate::common::{Scratch, json_of as json, shipped_variant};
use crate::focus::{check, decimal, rows_of};
use crate::routing_support::{d as dec, strategy};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;

const SCENARIO: &str = "scenarios/provisioned.yaml";

type Rows = Vec<BTreeMap<String, String>>;

/// The FOCUS rows of `scenario`, checked against the specification.
fn focus(scenario: &str) -> Rows {
    let (header, rows) = rows_of(&["simulate", scenario, "--format", "focus"]);
    check(scenario, &header, &rows);
    rows
}

/// The rows of strategy `name`.
fn of<'a>(rows: &'a Rows, name: &str) -> Vec<&'a BTreeMap<String, String>> {
    rows.iter().filter(|r| r["SubAccountName"] == name).collect()
}

/// The sum of `column` over `rows`.
fn sum(rows: &[&BTreeMap<String, String>], column: &str) -> Decimal {
    rows.iter().map(|r| decimal(&r[column])).sum()
}

/// The row of `rows` whose description holds `part`.
fn row<'a>(rows: &[&'a BTreeMap<String, String>], part: &str) -> &'a BTreeMap<String, String> {
    let found: Vec<_> = rows.iter().filter(|r| r["ChargeDescription"].contains(part)).collect();
    assert_eq!(found.len(), 1, "{part}: {rows:?}");
    found[0]
}

/// The scenario at `per_day` interactions a day and a busiest hour `peak` times the mean.
fn at(scratch: &Scratch, per_day: &str, peak: &str) -> String {
    shipped_variant(
        scratch,
        SCENARIO,
        "pricing/provisioned-2026-12.yaml",
        &[
            (
                "interactions_per_day: 97200",
                &format!("interactions_per_day: {per_day}"),
            ),
            ("peak_to_mean: 1.08", &format!("peak_to_mean: {peak}")),
        ],
    )
}

#[test]
fn a_reservation_is_a_purchase_and_the_calls_it_carries_cost_nothing_more() {
    let rows = focus(SCENARIO);
    let report = json(&["simulate", SCENARIO]);
    // Every strategy's rows bill exactly its month.
    for name in ["pay-as-you-go", "ptu-reserved", "ptu-hourly", "committed-spend"] {
        assert_eq!(
            sum(&of(&rows, name), "BilledCost"),
            dec(&strategy(&report, name)["total"]),
            "{name}"
        );
    }
    // 100 PTUs × $0.3027 × 720 h = $21,794.40, bought for the month; the
    // 97.2-PTU peak fits in them, so nothing overflows.
    let reserved = of(&rows, "ptu-reserved");
    assert_eq!(reserved.len(), 3, "{reserved:?}");
    assert_eq!(sum(&reserved, "BilledCost"), dec!(21794.4));
    let purchase = row(&reserved, "reservation");
    assert_eq!(purchase["ChargeCategory"], "Purchase");
    assert_eq!(purchase["ChargeFrequency"], "Recurring");
    assert_eq!(decimal(&purchase["BilledCost"]), dec!(21794.4));
    assert_eq!(purchase["EffectiveCost"], "0");
    assert_eq!(purchase["CommitmentDiscountId"], "gpt-4.1-ptu-reserved-100");
    assert_eq!(purchase["CommitmentDiscountCategory"], "Usage");
    // 100 PTUs × 720 h.
    assert_eq!(purchase["CommitmentDiscountQuantity"], "72000");
    assert_eq!(purchase["CommitmentDiscountUnit"], "PTU-Hours");
    // The calls, carried: billed nothing, their effective cost the
    // reservation shared by list cost: $17,496 / $23,328 = 3/4 of it,
    // $16,345.80, to the input and $5,448.60 to the output.
    let input = row(&reserved, "input");
    assert_eq!(input["ConsumedQuantity"], "8748000000");
    assert_eq!(input["BilledCost"], "0");
    assert_eq!(decimal(&input["ListCost"]), dec!(17496));
    assert_eq!(decimal(&input["EffectiveCost"]), dec!(16345.8));
    assert_eq!(input["CommitmentDiscountStatus"], "Used");
    let output = row(&reserved, "output");
    assert_eq!(decimal(&output["EffectiveCost"]), dec!(5448.6));
    // Bought by the hour, sized to the peak: 100 PTUs × $2 × 720 h.
    assert_eq!(sum(&of(&rows, "ptu-hourly"), "BilledCost"), dec!(144000));
}

#[test]
fn the_overflow_above_the_units_is_billed_at_list_rates() {
    let scratch = Scratch::new();
    // A 1.5× peak: 135 PTUs; 1 − 100/135 = 7/27 of the calls overflow:
    // 7/27 × $17,496 = $4,536 of input, 7/27 × $5,832 = $1,512 of output,
    // $6,048 above the $21,794.40 reserved: $27,842.40.
    let s = at(&scratch, "97200", "1.5");
    let rows = focus(&s);
    let report = json(&["simulate", &s]);
    let reserved = of(&rows, "ptu-reserved");
    assert_eq!(reserved.len(), 5, "{reserved:?}");
    let total = sum(&reserved, "BilledCost");
    assert_eq!(total, dec(&strategy(&report, "ptu-reserved")["total"]));
    assert_eq!(total.round_dp(6), dec!(27842.4));
    let overflow = |part: &str| row(&reserved, &format!("{part} (answer calls), tier extract, overflow"));
    assert_eq!(decimal(&overflow("input")["BilledCost"]).round_dp(6), dec!(4536));
    assert_eq!(decimal(&overflow("output")["BilledCost"]).round_dp(6), dec!(1512));
    assert_eq!(overflow("input")["PricingCategory"], "Standard");
    // 7/27 of 8,748M input tokens: 2,268M.
    assert_eq!(
        decimal(&overflow("input")["ConsumedQuantity"]).round_dp(6),
        dec!(2268000000)
    );
    // The carried rows' effective cost is the whole reservation.
    let carried: Vec<_> = reserved
        .iter()
        .copied()
        .filter(|r| r["CommitmentDiscountStatus"] == "Used")
        .collect();
    assert_eq!(carried.len(), 2);
    assert_eq!(sum(&carried, "EffectiveCost"), dec!(21794.4));
}

#[test]
fn a_committed_spend_bills_discounted_calls_and_the_undrawn_commitment() {
    // 97,200 a day: $17,496 × 0.9 = $15,746.40 and $5,832 × 0.9 = $5,248.80,
    // $20,995.20 above the $20,000 committed: no true-up.
    let rows = focus(SCENARIO);
    let spend = of(&rows, "committed-spend");
    assert_eq!(spend.len(), 2, "{spend:?}");
    let input = row(&spend, "input");
    assert_eq!(decimal(&input["BilledCost"]), dec!(15746.4));
    assert_eq!(decimal(&input["ListCost"]), dec!(17496));
    // $2 × 0.9 per 1M tokens.
    assert_eq!(decimal(&input["ContractedUnitPrice"]), dec!(1.8));
    assert_eq!(input["CommitmentDiscountCategory"], "Spend");
    assert_eq!(input["CommitmentDiscountStatus"], "Used");
    assert_eq!(decimal(&row(&spend, "output")["BilledCost"]), dec!(5248.8));
    // 80,000 a day: 7,200M input ($14,400) and 600M output ($4,800) tokens,
    // × 0.9: $12,960 + $4,320 = $17,280, $2,720 short of $20,000.
    let scratch = Scratch::new();
    let s = at(&scratch, "80000", "1.08");
    let rows = focus(&s);
    let spend = of(&rows, "committed-spend");
    assert_eq!(spend.len(), 3, "{spend:?}");
    assert_eq!(sum(&spend, "BilledCost"), dec!(20000));
    assert_eq!(decimal(&row(&spend, "input")["BilledCost"]), dec!(12960));
    let true_up = row(&spend, "true-up");
    assert_eq!(decimal(&true_up["BilledCost"]), dec!(2720));
    assert_eq!(true_up["CommitmentDiscountStatus"], "Unused");
    assert_eq!(true_up["ConsumedQuantity"], "");
}
