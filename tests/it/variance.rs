//! `llmcost variance`: a plan against logs generated from known values, each
//! effect worked out by hand from the prices of
//! tests/fixtures/usage/variance-prices.yaml (USD per 1,000,000 tokens: input
//! 3, output 15, cache read 0.3, cache write 3.75).
//!
//! The plan (tests/fixtures/usage/variance-plan.yaml): 100 interactions a
//! day, 50% `simple` (1,000 system + 200 user tokens, 100 output) and 50%
//! `complex` (1,000 + 4,000, 500 output), the system prompt found in the cache
//! 80% of the time. A call's cost in millionths of a dollar: its system prompt
//! 0.8 × 1,000 × 0.3 + 0.2 × 1,000 × 3.75 = 990; `simple` 990 + 200 × 3 +
//! 100 × 15 = 3,090; `complex` 990 + 4,000 × 3 + 500 × 15 = 20,490.

use crate::common::{Scratch, llmcost, repo};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn fixture(name: &str) -> String {
    repo(&format!("tests/fixtures/usage/{name}")).display().to_string()
}

/// `variance` of the plan against `logs` as JSON, tiers by the `tier` column.
fn variance(logs: &str, extra: &[&str]) -> serde_json::Value {
    let out = llmcost()
        .args(["variance", &fixture("variance-plan.yaml"), logs])
        .args(["--mapping", &fixture("variance-mapping.yaml"), "--tiers", "tier"])
        .args(extra)
        .args(["--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn decimal(value: &serde_json::Value) -> Decimal {
    value.as_str().expect("a decimal string").parse().unwrap()
}

/// Each step's (name, cost, effect).
fn steps(json: &serde_json::Value) -> Vec<(String, Decimal, Decimal)> {
    json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                decimal(&s["cost"]),
                decimal(&s["effect"]),
            )
        })
        .collect()
}

fn effects_sum(json: &serde_json::Value) -> Decimal {
    steps(json).iter().map(|(_, _, effect)| *effect).sum()
}

/// tests/fixtures/usage/variance-calls.csv: 120 calls a day over two days
/// (240), 60% `simple` (144) with 150 output tokens, 40% `complex` (96) with
/// 600; the system prompt read from the cache by 3 calls in 4 (75%).
///
/// - plan: the 2 days of the logs are 100 × 2 = 200 interactions at
///   (3,090 + 20,490) / 2 = 11,790: $2.358;
/// - volume: 40 more at 11,790: +$0.4716 ($2.8296);
/// - mix: 240 × (0.6 × 3,090 + 0.4 × 20,490) = 240 × 10,050 = $2.412: −$0.4176;
/// - tokens: `simple` 990 + 600 + 150 × 15 = 3,840, `complex` 990 + 12,000 +
///   600 × 15 = 21,990: 240 × (0.6 × 3,840 + 0.4 × 21,990) = 240 × 11,100 =
///   $2.664: +$0.252;
/// - cache hit: the system prompt at 75% costs 0.75 × 300 + 0.25 × 3,750 =
///   1,162.5, 172.5 more a call: 240 × 172.5 = +$0.0414 ($2.7054);
/// - the calls billed as logged: `simple` 108 × 3,150 + 36 × 6,600 = 577,800,
///   `complex` 72 × 21,300 + 24 × 24,750 = 2,127,600: $2.7054, no price effect.
#[test]
fn each_effect_is_the_hand_worked_step_and_they_sum_to_actual_minus_plan() {
    let json = variance(&fixture("variance-calls.csv"), &[]);
    let expected = [
        ("plan", dec!(2.358), dec!(0)),
        ("volume", dec!(2.8296), dec!(0.4716)),
        ("mix", dec!(2.412), dec!(-0.4176)),
        ("tokens", dec!(2.664), dec!(0.252)),
        ("cache_hit", dec!(2.7054), dec!(0.0414)),
        ("price_and_rest", dec!(2.7054), dec!(0)),
    ];
    let got = steps(&json);
    assert_eq!(got.len(), expected.len());
    for ((name, cost, effect), (want_name, want_cost, want_effect)) in got.iter().zip(expected) {
        assert_eq!((name.as_str(), *cost, *effect), (want_name, want_cost, want_effect));
    }
    assert_eq!(decimal(&json["plan_cost"]), dec!(2.358));
    assert_eq!(decimal(&json["actual_cost"]), dec!(2.7054));
    assert_eq!(decimal(&json["difference"]), dec!(0.3474));
    assert_eq!(
        effects_sum(&json),
        decimal(&json["actual_cost"]) - decimal(&json["plan_cost"])
    );
    assert_eq!(json["calls"], 240);
    assert_eq!(decimal(&json["plan_interactions"]), dec!(200));
    assert_eq!(decimal(&json["actual_hit_rate"]), dec!(0.75));
}

/// With `--recorded`, the actual cost is the 240 recorded $0.0115: $2.76, so
/// the price effect is $2.76 − $2.7054 = $0.0546 and the total $0.402.
#[test]
fn the_recorded_cost_makes_the_price_effect() {
    let json = variance(&fixture("variance-calls.csv"), &["--recorded"]);
    let got = steps(&json);
    assert_eq!(got[5], ("price_and_rest".to_string(), dec!(2.76), dec!(0.0546)));
    assert_eq!(got[4].1, dec!(2.7054));
    assert_eq!(decimal(&json["difference"]), dec!(0.402));
    assert_eq!(effects_sum(&json), dec!(0.402));
}

/// Logs that are the plan: 100 calls a day over two days, 50 of each tier, the
/// plan's tokens, 4 calls in 5 reading the cache.
fn plan_as_logged() -> String {
    let mut csv = String::from("time,model,input,cache_read,cache_write,output,tier,cost\n");
    for day in 1..=2 {
        for (tier, user, output) in [("simple", 200, 100), ("complex", 4000, 500)] {
            for i in 0..50 {
                let (read, write) = if i % 5 == 0 { (0, 1000) } else { (1000, 0) };
                csv.push_str(&format!(
                    "2026-11-{day:02}T10:{:02}:00Z,m,{user},{read},{write},{output},{tier},0\n",
                    i
                ));
            }
        }
    }
    csv
}

#[test]
fn logs_that_are_the_plan_have_no_effect() {
    let scratch = Scratch::new();
    let logs = scratch.file("calls.csv", &plan_as_logged());
    let json = variance(&logs.display().to_string(), &[]);
    for (name, cost, effect) in steps(&json) {
        assert_eq!((name.as_str(), cost, effect), (name.as_str(), dec!(2.358), dec!(0)));
    }
    assert_eq!(decimal(&json["difference"]), dec!(0));
}

/// One `simple` call and two `complex` on one day: shares of 1/3 and 2/3,
/// which no decimal writes out, and the plan's 100 interactions at 11,790:
/// $1.179. The effects still add up to actual − plan exactly; the actual cost
/// is 3,150 (a read) + 2 × 24,750 (writes): $0.05265.
#[test]
fn shares_without_an_exact_decimal_still_add_up_exactly() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "calls.csv",
        "time,model,input,cache_read,cache_write,output,tier,cost\n\
         2026-11-01T10:00:00Z,m,200,1000,0,150,simple,0\n\
         2026-11-01T10:01:00Z,m,4000,0,1000,600,complex,0\n\
         2026-11-01T10:02:00Z,m,4000,0,1000,600,complex,0\n",
    );
    let json = variance(&logs.display().to_string(), &[]);
    assert_eq!(decimal(&json["plan_cost"]), dec!(1.179));
    assert_eq!(decimal(&json["actual_cost"]), dec!(0.05265));
    assert_eq!(effects_sum(&json), dec!(0.05265) - dec!(1.179));
    assert_eq!(decimal(&json["difference"]), dec!(0.05265) - dec!(1.179));
}

#[test]
fn every_format_shows_the_chain() {
    let logs = fixture("variance-calls.csv");
    let base = |format: &str| {
        let out = llmcost()
            .args(["variance", &fixture("variance-plan.yaml"), &logs])
            .args(["--mapping", &fixture("variance-mapping.yaml"), "--tiers", "tier"])
            .args(["--format", format])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let csv = base("csv");
    assert!(csv.starts_with("step,label,change,cost,effect,currency\n"), "{csv}");
    assert!(
        csv.contains("\nmix,mix,each tier's share of the calls,2.412,-0.4176,USD\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\ntotal,actual − plan,the calls billed as logged,2.7054,0.3474,USD\n"),
        "{csv}"
    );
    let table = base("table");
    assert!(table.contains("tokens per interaction"), "{table}");
    assert!(table.contains("$0.3474"), "{table}");
    assert!(base("markdown").contains("| Step |"));
}

/// Runs `variance` on `logs` with `extra`, expecting exit code `code` and
/// each of `words` in its error.
fn refused(logs: &str, extra: &[&str], code: i32, words: &[&str]) {
    let out = llmcost()
        .args(["variance", &fixture("variance-plan.yaml"), logs])
        .args(["--mapping", &fixture("variance-mapping.yaml")])
        .args(extra)
        .assert()
        .code(code);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for word in words {
        assert!(err.contains(word), "{word:?} not in {err}");
    }
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn logs_whose_tiers_are_not_the_plans_are_refused() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "calls.csv",
        "time,model,input,cache_read,cache_write,output,tier,cost\n\
         2026-11-01T10:00:00Z,m,200,1000,0,100,simple,0\n\
         2026-11-01T10:01:00Z,m,200,1000,0,100,chat,0\n",
    );
    refused(
        &logs.display().to_string(),
        &["--tiers", "tier"],
        1,
        &[
            "calls in tiers the plan",
            "chat",
            "the plan's tiers are simple, complex",
        ],
    );
}

#[test]
fn a_window_without_calls_is_refused() {
    refused(
        &fixture("variance-calls.csv"),
        &["--tiers", "tier", "--since", "2026-12-01"],
        1,
        &["no call to set against the plan", "hint: widen --since/--until"],
    );
}

#[test]
fn a_label_no_call_carries_is_refused() {
    refused(
        &fixture("variance-calls.csv"),
        &["--tiers", "team"],
        2,
        &["--tiers team", "label `team`"],
    );
}

#[test]
fn recorded_costs_the_logs_do_not_hold_are_refused() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "calls.csv",
        "time,model,input,output\n2026-11-01T10:00:00Z,m,1200,100\n",
    );
    let mapping = scratch.file(
        "mapping.yaml",
        "time: time\nmodel: model\ninput_tokens: input\noutput_tokens: output\n",
    );
    let out = llmcost()
        .args(["variance", &fixture("variance-plan.yaml"), &logs.display().to_string()])
        .args(["--mapping", &mapping.display().to_string(), "--recorded"])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no call records a cost"), "{err}");
}
