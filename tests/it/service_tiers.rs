//! Service tiers and regions end to end (docs/service-tiers.md): a strategy's
//! priority and flex shares and its region priced by `simulate`, shown by
//! `explain`, sampled by `montecarlo`, and logged calls billed in the tier they
//! record; every figure worked out by hand from the catalog below.

use crate::common::{Scratch, llmcost};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

/// `fast`: standard 2 / 8, priority 3.5 / 14, flex 1 / 4 (cached 0.25), and
/// an `eu` region at 1.1 × every token rate.
const CATALOG: &str = "\
name: tiers
as_of: 2026-11-01
currency: USD
source: hand-written test prices
models:
  fast:
    provider: openai
    input: 2
    output: 8
    cached_input: 0.5
    priority: {input: 3.5, output: 14}
    flex: {input: 1, output: 4, cached_input: 0.25}
    regions: {eu: 1.1}
";

/// 1,000 interactions a month of 1,000 input and 500 output tokens.
const SCENARIO: &str = "\
name: tiers
catalog: catalog.yaml
volume:
  interactions_per_month: 1000
tiers:
  - name: only
    share: 100%
    input_tokens: 1000
    output_tokens: 500
strategies:
  - name: standard
    model: fast
  - name: tiered
    model: fast
    service_tier: {priority: 40%, flex: 10%}
  - name: regional
    model: fast
    region: eu
  - name: tiered-regional
    model: fast
    service_tier: {priority: 40%, flex: 10%}
    region: eu
  - name: tiered-batch
    model: fast
    service_tier: {priority: 40%, flex: 10%}
    techniques:
      batch: {share: 50%}
baseline: standard
";

fn scratch() -> Scratch {
    let s = Scratch::new();
    s.file("catalog.yaml", CATALOG);
    s.file("s.yaml", SCENARIO);
    s
}

fn json(s: &Scratch, args: &[&str]) -> Value {
    let out = llmcost()
        .current_dir(s.path(""))
        .args(args)
        .args(["-q", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap_or_else(|| panic!("{v}")).parse().unwrap()
}

fn total(report: &Value, name: &str) -> Decimal {
    let s = report["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name}"));
    dec(&s["total"])
}

// Per call: standard 1,000 × 2 + 500 × 8 = 6,000 per 1M = $0.006;
// priority 1,000 × 3.5 + 500 × 14 = 10,500 → $0.0105; flex 1,000 × 1 + 500 × 4 → $0.003.
const STANDARD: Decimal = dec!(0.006);
const PRIORITY: Decimal = dec!(0.0105);
const FLEX: Decimal = dec!(0.003);

#[test]
fn tier_shares_and_regions_price_by_hand() {
    let s = scratch();
    let v = json(&s, &["simulate", "s.yaml"]);
    assert_eq!(total(&v, "standard"), dec!(1000) * STANDARD);
    // 50% standard, 40% priority, 10% flex: 0.003 + 0.0042 + 0.0003 = $0.0075 a call.
    let tiered = dec!(0.5) * STANDARD + dec!(0.4) * PRIORITY + dec!(0.1) * FLEX;
    assert_eq!(tiered, dec!(0.0075));
    assert_eq!(total(&v, "tiered"), dec!(1000) * tiered);
    // eu: every token rate × 1.1.
    assert_eq!(total(&v, "regional"), dec!(1000) * STANDARD * dec!(1.1));
    assert_eq!(total(&v, "tiered-regional"), dec!(8.25));
    // Half on the batch API at half the standard rates ($0.003), the other
    // half in the tiers: 0.5 × 0.003 + 0.5 × 0.0075 = $0.00525 a call.
    assert_eq!(total(&v, "tiered-batch"), dec!(5.25));
}

#[test]
fn explain_shows_each_tier_and_the_region() {
    let s = scratch();
    let out = llmcost()
        .current_dir(s.path(""))
        .args(["explain", "s.yaml", "--strategy", "tiered-regional"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("40% priority, 10% flex of the calls not on the batch API"),
        "{text}"
    );
    assert!(text.contains("region `eu`: every token rate × 1.1"), "{text}");
    // The priority input line: 40% × 1,000 × (3.5 × 1.1 = 3.85) / 1M = $0.00154.
    assert!(text.contains("priority"), "{text}");
    assert!(text.contains("$3.85 / 1M"), "{text}");
    assert!(text.contains("$0.00154"), "{text}");
}

#[test]
fn montecarlo_samples_the_same_expected_month() {
    let s = scratch();
    let v = json(&s, &["montecarlo", "s.yaml", "--runs", "200", "--seed", "3"]);
    for s in v["strategies"].as_array().unwrap() {
        let (mean, expected, se) = (dec(&s["mean"]), dec(&s["expected"]), dec(&s["se"]));
        assert!(((mean - expected) / se).abs() < dec!(4), "{s}");
    }
    let expected = |name: &str| {
        v["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| dec(&s["expected"]))
            .unwrap()
    };
    assert_eq!(expected("tiered"), dec!(7.5));
    assert_eq!(expected("tiered-regional"), dec!(8.25));
}

#[test]
fn logged_calls_are_billed_in_the_tier_and_region_they_record() {
    let s = scratch();
    s.file(
        "calls.csv",
        "when,model,prompt,completion,tier,geo\n\
         2026-11-02T10:00:00Z,fast,1000,500,priority,global\n\
         2026-11-02T11:00:00Z,fast,1000,500,flex,\n\
         2026-11-02T12:00:00Z,fast,1000,500,default,eu\n",
    );
    let v = json(
        &s,
        &[
            "usage",
            "price",
            "calls.csv",
            "--pricing",
            "catalog.yaml",
            "--map",
            "time=when,model=model,input_tokens=prompt,output_tokens=completion,service_tier=tier,label.inference_geo=geo",
        ],
    );
    // 0.0105 (priority, global: the list rates) + 0.003 (flex) + 0.006 × 1.1 (standard, eu)
    assert_eq!(dec(&v["total"]["cost"]), PRIORITY + FLEX + STANDARD * dec!(1.1));
    assert_eq!(dec(&v["total"]["cost"]), dec!(0.0201));
}

#[test]
fn focus_rows_name_the_service_tier_and_the_region() {
    let s = scratch();
    let out = llmcost()
        .current_dir(s.path(""))
        .args(["simulate", "s.yaml", "--format", "focus"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (details, billed) = (column("SkuPriceDetails"), column("BilledCost"));
    let (strategy, region) = (column("SubAccountName"), column("RegionId"));
    let mut priority = Decimal::ZERO;
    for row in reader.records() {
        let row = row.unwrap();
        let regional = row[strategy].ends_with("regional");
        assert_eq!(&row[region], if regional { "eu" } else { "" });
        if &row[strategy] != "tiered" {
            continue;
        }
        let d: Value = serde_json::from_str(&row[details]).unwrap();
        if d["x_ServiceTier"] == "priority" {
            assert_eq!(d["x_BillingClass"], "priority");
            priority += row[billed].parse::<Decimal>().unwrap();
        }
    }
    // 400 priority calls × $0.0105
    assert_eq!(priority, dec!(4.2));
}

#[test]
fn the_shipped_scenario_by_hand() {
    let out = llmcost()
        .args(["simulate", "scenarios/service-tiers.yaml", "-q", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 8.85M input and 6.12M output tokens a month (the reference workload).
    let (input, output) = (dec!(8.85), dec!(6.12));
    // gpt-5 at 1.25 / 10: $72.2625; priority 2.5 / 20 doubles it, flex 0.625 / 5 halves it.
    let gpt5 = input * dec!(1.25) + output * dec!(10);
    assert_eq!(total(&v, "gpt-5"), gpt5);
    let mixed = dec!(0.5) * gpt5
        + dec!(0.2) * (input * dec!(2.5) + output * dec!(20))
        + dec!(0.3) * (input * dec!(0.625) + output * dec!(5));
    assert_eq!(mixed, dec!(75.875625));
    assert_eq!(total(&v, "gpt-5-mixed"), mixed);
    // claude-sonnet-4-6 at 3 / 15: $118.35; US-only at 3.3 / 16.5: $130.185.
    assert_eq!(total(&v, "sonnet"), input * dec!(3) + output * dec!(15));
    assert_eq!(total(&v, "sonnet-us"), input * dec!(3.3) + output * dec!(16.5));
}
