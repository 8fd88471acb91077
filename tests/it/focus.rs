//! `simulate --format focus`: a plan as FOCUS 1.2 rows, checked against the
//! specification's own column list and rules, and its figures by hand.
//!
//! tests/fixtures/focus-1.2-columns.csv lists every column of FOCUS 1.2 with
//! its feature level, whether it allows nulls, and its data type, as the
//! specification's column pages state them (FinOps-Open-Cost-and-Usage-Spec/
//! FOCUS_Spec, tag v1.2, commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7,
//! specification/columns/*.md: "Column ID" and "Content constraints").

use crate::common::{Scratch, llmcost, repo};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const ROUTING: &str = "scenarios/service-company-routing.yaml";

struct Column {
    id: String,
    nulls: bool,
    kind: String,
}

fn spec() -> Vec<Column> {
    let text = std::fs::read_to_string(repo("tests/fixtures/focus-1.2-columns.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Column {
                id: f[0].into(),
                nulls: f[2] == "True",
                kind: f[3].into(),
            }
        })
        .collect()
}

/// The rows of `simulate SCENARIO --format focus`, each by column name.
fn rows(scenario: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    rows_of(&["simulate", scenario, "--format", "focus"])
}

/// The rows a command writes, each by column name.
pub fn rows_of(args: &[&str]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let out = llmcost().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header.iter().cloned().zip(r.iter().map(String::from)).collect()
        })
        .collect();
    (header, rows)
}

pub fn decimal(text: &str) -> Decimal {
    text.parse().unwrap_or_else(|_| panic!("`{text}` is not a decimal"))
}

/// Checks a FOCUS file against the specification: the header is its column
/// list, every value has its column's type, a null only where it allows one,
/// and the values the specification enumerates.
pub fn check(what: &str, header: &[String], rows: &[BTreeMap<String, String>]) {
    let spec = spec();
    assert_eq!(spec.len(), 57);
    let ids: Vec<&str> = spec.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(header, ids, "{what}");
    assert!(!rows.is_empty(), "{what}");
    for row in rows {
        for column in &spec {
            let value = &row[&column.id];
            if value.is_empty() {
                assert!(column.nulls, "{what}: {} is null: {row:?}", column.id);
                continue;
            }
            match column.kind.as_str() {
                "Decimal" => {
                    decimal(value);
                }
                "Date/Time" => {
                    assert!(value.ends_with('Z'), "{value}");
                    chrono::DateTime::parse_from_rfc3339(value).unwrap();
                }
                "JSON" => assert!(serde_json::from_str::<serde_json::Value>(value).unwrap().is_object()),
                _ => {}
            }
        }
        // Values the specification allows.
        let category = row["ChargeCategory"].as_str();
        assert!(["Usage", "Purchase"].contains(&category), "{row:?}");
        assert!(["Usage-Based", "Recurring"].contains(&row["ChargeFrequency"].as_str()));
        assert!(["AI and Machine Learning", "Other"].contains(&row["ServiceCategory"].as_str()));
        assert!(["Generative AI", "Other (Other)"].contains(&row["ServiceSubcategory"].as_str()));
        // A commitment's columns are all given, or none (commitmentdiscount*.md);
        // its status only on usage rows, which are then priced `Committed`.
        let commitment = !row["CommitmentDiscountId"].is_empty();
        for column in [
            "CommitmentDiscountCategory",
            "CommitmentDiscountName",
            "CommitmentDiscountQuantity",
            "CommitmentDiscountType",
            "CommitmentDiscountUnit",
        ] {
            assert_eq!(row[column].is_empty(), !commitment, "{column}: {row:?}");
        }
        if commitment {
            assert!(["Usage", "Spend"].contains(&row["CommitmentDiscountCategory"].as_str()));
        }
        let status = row["CommitmentDiscountStatus"].as_str();
        match (category, commitment) {
            ("Usage", true) => {
                assert!(["Used", "Unused"].contains(&status), "{row:?}");
                assert_eq!(row["PricingCategory"], "Committed");
            }
            _ => {
                assert_eq!(status, "", "{row:?}");
                assert_eq!(row["PricingCategory"], "Standard");
            }
        }
        // A purchase covering the month's calls has no effective cost of its own (effectivecost.md).
        let cost = decimal(&row["BilledCost"]);
        if category == "Purchase" {
            assert_eq!(decimal(&row["EffectiveCost"]), Decimal::ZERO);
            assert_eq!(row["ConsumedQuantity"], "");
        }
        // Off a commitment, costs are at list prices: one figure.
        if !commitment {
            for same in ["EffectiveCost", "ListCost", "ContractedCost"] {
                assert_eq!(decimal(&row[same]), cost);
            }
        }
        // The list cost is the unit price times the quantity.
        let priced = decimal(&row["PricingQuantity"]) * decimal(&row["ListUnitPrice"]);
        assert!(
            (priced - decimal(&row["ListCost"])).abs() < Decimal::new(1, 12),
            "{row:?}"
        );
        // Keys of properties FOCUS does not define start with x_.
        let details: serde_json::Value = serde_json::from_str(if row["SkuPriceDetails"].is_empty() {
            "{}"
        } else {
            &row["SkuPriceDetails"]
        })
        .unwrap();
        assert!(details.as_object().unwrap().keys().all(|k| k.starts_with("x_")));
    }
}

#[test]
fn every_column_of_the_specification_in_its_order_with_its_type_and_nulls() {
    for scenario in [
        ROUTING,
        "scenarios/service-company.yaml",
        "scenarios/service-company-optimized.yaml",
    ] {
        let (header, rows) = rows(scenario);
        check(scenario, &header, &rows);
    }
}

#[test]
fn a_strategys_rows_add_up_to_its_monthly_cost_worked_by_hand() {
    let (_, rows) = rows(ROUTING);
    let total = |strategy: &str| -> Decimal {
        rows.iter()
            .filter(|r| r["SubAccountName"] == strategy)
            .map(|r| decimal(&r["BilledCost"]))
            .sum()
    };
    // tests/it/replay.rs works these out from pricing/list-2025-11.yaml: a day of the
    // scenario's 100 interactions costs 2.7775 on gpt-4o, 1.60365 labelled, 1.51092 on
    // the cascade; a month is 30 days.
    assert_eq!(total("gpt-4o"), Decimal::new(83325, 3));
    assert_eq!(total("labelled"), Decimal::new(481095, 4));
    assert_eq!(total("cascade"), Decimal::new(453276, 4));
    // The hybrid's fallback escalates some requests to a person ($4.50 each): a row of its own.
    let people: Vec<_> = rows
        .iter()
        .filter(|r| r["SubAccountName"] == "hybrid" && r["ServiceCategory"] == "Other")
        .collect();
    assert_eq!(people.len(), 3);
    for row in &people {
        assert_eq!(decimal(&row["ListUnitPrice"]), Decimal::new(45, 1));
        assert_eq!(row["PricingUnit"], "Requests");
    }
    // 5,679,106,467,053 / 3,850,000,000,000 a day, by hand.
    let hybrid = total("hybrid") / Decimal::from(30);
    assert_eq!(hybrid.round_dp(12), Decimal::new(1_475_092_588_845, 12));
}

#[test]
fn one_line_of_the_bill_as_a_row() {
    let (_, rows) = rows(ROUTING);
    // gpt-4o, tier simple: 30% of 3,000 interactions a month, 1,500 input tokens each.
    let row = rows
        .iter()
        .find(|r| {
            r["SubAccountName"] == "gpt-4o" && r["Tags"].contains("\"simple\"") && r["SkuMeter"] == "uncached input"
        })
        .unwrap();
    assert_eq!(row["ConsumedQuantity"], "1350000");
    assert_eq!(row["ConsumedUnit"], "Tokens");
    assert_eq!(row["PricingQuantity"], "1.35");
    assert_eq!(row["PricingUnit"], "1000000 Tokens");
    assert_eq!(row["ListUnitPrice"], "2.5");
    assert_eq!(row["BilledCost"], "3.375");
    assert_eq!(row["SkuId"], "gpt-4o");
    assert_eq!(row["SkuPriceId"], "gpt-4o:input:standard");
    assert_eq!(row["ProviderName"], "openai");
    assert_eq!(row["BillingCurrency"], "USD");
    // The catalog's prices are of 2025-11-14: the plan is that month.
    assert_eq!(row["ChargePeriodStart"], "2025-11-01T00:00:00Z");
    assert_eq!(row["ChargePeriodEnd"], "2025-12-01T00:00:00Z");
}

#[test]
fn a_report_that_is_no_plan_has_no_focus_rows() {
    let out = llmcost()
        .args([
            "explain",
            "scenarios/service-company.yaml",
            "--strategy",
            "routed",
            "--format",
            "focus",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "--format focus writes the bill of a plan, of replayed logs or of a forecast: use it with `simulate`, `replay` or `forecast`"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn replayed_logs_are_a_bill_of_the_logged_days() {
    // tests/fixtures/usage/replay-calls.csv: four calls on 2026-11-02 on `large` (10 in / 20
    // out per 1M, tests/fixtures/usage/replay-prices.yaml), replayed as in tests/it/replay.rs:
    // all-large 0.288, all-small 0.0288, routed 0.2448, classified 0.228.
    let (header, rows) = rows_of(&[
        "replay",
        "tests/fixtures/usage/replay-calls.csv",
        "tests/fixtures/usage/replay-scenario.yaml",
        "--mapping",
        "tests/fixtures/usage/replay-mapping.yaml",
        "--tiers",
        "tier",
        "--format",
        "focus",
    ]);
    check("replay", &header, &rows);
    let total = |strategy: &str| -> Decimal {
        rows.iter()
            .filter(|r| r["SubAccountName"] == strategy)
            .map(|r| decimal(&r["BilledCost"]))
            .sum()
    };
    assert_eq!(total("all-large"), Decimal::new(288, 3));
    assert_eq!(total("all-small"), Decimal::new(288, 4));
    assert_eq!(total("routed"), Decimal::new(2448, 4));
    assert_eq!(total("classified"), Decimal::new(228, 3));
    // The logged calls' day, end exclusive; a replay's account.
    for row in &rows {
        assert_eq!(row["ChargePeriodStart"], "2026-11-02T00:00:00Z");
        assert_eq!(row["ChargePeriodEnd"], "2026-11-03T00:00:00Z");
        assert_eq!(row["BillingAccountType"], "Replay");
    }
    // all-large: the complex tier's two calls read 20,000 input tokens at 10 per 1M, the
    // simple tier's two 4,000: a row each.
    let input = |tier: &str| {
        rows.iter()
            .find(|r| {
                r["SubAccountName"] == "all-large"
                    && r["SkuMeter"] == "uncached input"
                    && r["Tags"].contains(&format!("\"{tier}\""))
            })
            .unwrap()
    };
    assert_eq!(input("complex")["ConsumedQuantity"], "20000");
    assert_eq!(input("complex")["PricingQuantity"], "0.02");
    assert_eq!(input("complex")["ListUnitPrice"], "10");
    assert_eq!(input("complex")["BilledCost"], "0.2");
    assert_eq!(input("simple")["ConsumedQuantity"], "4000");
    assert_eq!(input("simple")["BilledCost"], "0.04");
}

/// `forecast --format focus` on 100 calls a day on November 1-10, 2026, each of
/// 1,000 input and 200 output tokens on a model at $1 / $5 a million: a day
/// costs 100 × (1,000 × 1 + 200 × 5) / 1M = $0.20.
#[test]
fn a_forecast_is_the_month_to_date_then_the_rest_marked_as_forecast() {
    let scratch = Scratch::new();
    scratch.file(
        "catalog.yaml",
        "name: round\nas_of: 2026-01-01\ncurrency: USD\nsource: hand\nmodels:\n  n:\n    provider: openai\n    input: 1\n    output: 5\n",
    );
    let mut logs = String::from("time,model,input_tokens,output_tokens\n");
    for day in 1..=10 {
        for k in 0..100 {
            logs.push_str(&format!(
                "2026-11-{day:02}T{:02}:{:02}:00Z,n,1000,200\n",
                k / 60,
                k % 60
            ));
        }
    }
    scratch.file("logs.csv", &logs);
    let (logs, catalog) = (scratch.path("logs.csv"), scratch.path("catalog.yaml"));
    let (header, rows) = rows_of(&[
        "forecast",
        logs.to_str().unwrap(),
        "--pricing",
        catalog.to_str().unwrap(),
        "--budget",
        "10",
        "--runs",
        "50",
        "--format",
        "focus",
    ]);
    check("forecast", &header, &rows);
    let part = |forecast: bool, meter: &str| {
        rows.iter()
            .find(|r| r["Tags"].contains("x_llmcost_forecast") == forecast && r["SkuMeter"] == meter)
            .unwrap_or_else(|| panic!("{meter}: {rows:?}"))
    };
    // Month to date, November 1-10: 1,000,000 input tokens × $1/M and 200,000 output × $5/M.
    let input = part(false, "uncached input");
    assert_eq!(
        (input["ConsumedQuantity"].as_str(), input["BilledCost"].as_str()),
        ("1000000", "1")
    );
    assert_eq!(part(false, "output")["BilledCost"], "1");
    assert_eq!(input["SubAccountName"], "month to date");
    assert_eq!(input["ChargePeriodStart"], "2026-11-01T00:00:00Z");
    assert_eq!(input["ChargePeriodEnd"], "2026-11-11T00:00:00Z");
    // The 20 days left, expected: 2,000,000 input tokens ($2) and 400,000 output ($2).
    let rest = part(true, "uncached input");
    assert_eq!(
        (rest["ConsumedQuantity"].as_str(), rest["BilledCost"].as_str()),
        ("2000000", "2")
    );
    assert_eq!(part(true, "output")["BilledCost"], "2");
    assert_eq!(rest["SubAccountName"], "rest of the month (forecast)");
    assert!(
        rest["ChargeDescription"].starts_with("forecast, not billed: "),
        "{rest:?}"
    );
    assert_eq!(rest["ChargePeriodStart"], "2026-11-11T00:00:00Z");
    assert_eq!(rest["ChargePeriodEnd"], "2026-12-01T00:00:00Z");
    for row in &rows {
        assert_eq!(row["BillingAccountType"], "Forecast");
        assert_eq!(row["BillingPeriodStart"], "2026-11-01T00:00:00Z");
        assert_eq!(row["BillingPeriodEnd"], "2026-12-01T00:00:00Z");
    }
    // $2 spent and $4 expected: the month's expected $6.
    let total: Decimal = rows.iter().map(|r| decimal(&r["BilledCost"])).sum();
    assert_eq!(total, Decimal::from(6));
}
