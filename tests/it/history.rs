//! Price history on tests/fixtures/history/: `large` costs 10 in / 20 out
//! per 1M tokens until 2026-11-15 and 5 / 10 from that day; `small` 1 / 2.
//! The scenario: 4 interactions a month, half simple (1,000 in / 100 out),
//! half complex (3,000 / 300). calls.csv logs four calls on `large`: c-1
//! simple on 2026-11-10, c-2 complex at 23:59 on 2026-11-14, c-3 simple at
//! midnight on 2026-11-15, c-4 complex on 2026-11-20. Every figure below is
//! worked out by hand from those prices.

use crate::common::llmcost;
use serde_json::Value;

const PRICES: &str = "tests/fixtures/history/prices.yaml";
const SCENARIO: &str = "tests/fixtures/history/scenario.yaml";
const CALLS: &str = "tests/fixtures/history/calls.csv";
const MAPPING: &str = "tests/fixtures/usage/replay-mapping.yaml";

fn json(args: &[&str]) -> Value {
    let out = llmcost().args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn total(v: &Value, strategy: &str) -> Value {
    let s = v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == strategy)
        .unwrap();
    s["total"].clone()
}

#[test]
fn as_of_picks_the_period_of_that_day() {
    // Before the change all-large costs 2 × (1,000 × 10 + 100 × 20) + 2 × (3,000 × 10 + 300 × 20)
    // = 24,000 + 72,000 = 96,000 per 1M tokens: $0.096; routed: simple on small
    // 2 × (1,000 + 200) = 2,400, complex on large 72,000: $0.0744.
    let before = json(&["simulate", SCENARIO, "--as-of", "2026-11-14"]);
    assert_eq!(before["catalog"]["as_of"], "2026-11-14");
    assert_eq!(total(&before, "all-large"), "0.096");
    assert_eq!(total(&before, "routed"), "0.0744");
    // The report says which period priced `large`.
    assert!(
        before.to_string().contains(
            "model large is priced at its period until 2026-11-15: input 10, output 20 (one of 2 price periods; prices as of 2026-11-14"
        ),
        "{before}"
    );
    // From 2026-11-15 (`until` is the first day a period no longer holds) at 5 / 10: half.
    let after = json(&["simulate", SCENARIO, "--as-of", "2026-11-15"]);
    assert_eq!(total(&after, "all-large"), "0.048");
    assert_eq!(total(&after, "routed"), "0.0384");
    // Without --as-of, the catalog's own date (2026-11-30): the later rates.
    assert_eq!(total(&json(&["simulate", SCENARIO]), "all-large"), "0.048");
}

#[test]
fn replayed_calls_pay_the_rates_of_their_day() {
    // Actual: c-1 1,000 × 10 + 100 × 20 = 12,000; c-2 3,000 × 10 + 300 × 20 = 36,000
    // (the day before the change); c-3 1,000 × 5 + 100 × 10 = 6,000; c-4 3,000 × 5 +
    // 300 × 10 = 18,000. Sum 72,000 per 1M: $0.072 (all at one rate it would be
    // $0.096 or $0.048).
    let v = json(&["replay", CALLS, SCENARIO, "--mapping", MAPPING, "--tiers", "tier"]);
    assert_eq!(v["actual"], "0.072");
    assert_eq!(total(&v, "all-large"), "0.072");
    // On small: 8,000 × 1 + 800 × 2 = 9,600.
    assert_eq!(total(&v, "all-small"), "0.0096");
    // Routed: simple on small 2 × 1,200 = 2,400; complex on large c-2 36,000 + c-4 18,000.
    assert_eq!(total(&v, "routed"), "0.0564");
}

#[test]
fn usage_price_bills_each_day_at_its_rate() {
    let v = json(&["usage", "price", CALLS, "--mapping", MAPPING, "--pricing", PRICES]);
    let cost = |day: &str| v["by_day"][day]["cost"].clone();
    assert_eq!(cost("2026-11-10"), "0.012");
    assert_eq!(cost("2026-11-14"), "0.036");
    assert_eq!(cost("2026-11-15"), "0.006");
    assert_eq!(cost("2026-11-20"), "0.018");
    assert_eq!(v["total"]["cost"], "0.072");
}

#[test]
fn diff_compares_two_days_of_one_catalog() {
    // all-large: $0.096 on 2026-11-01, $0.048 on 2026-11-15: -$0.048, -50%.
    let v = json(&[
        "diff",
        SCENARIO,
        "--base-as-of",
        "2026-11-01",
        "--head-as-of",
        "2026-11-15",
    ]);
    assert_eq!(v["pastTotalMonthlyCost"], "0.096");
    assert_eq!(v["totalMonthlyCost"], "0.048");
    assert_eq!(v["diffPercent"], "-50");
    let scenario = &v["scenarios"][0];
    assert_eq!(scenario["base"]["catalog"]["as_of"], "2026-11-01");
    assert_eq!(scenario["head"]["catalog"]["as_of"], "2026-11-15");
}

#[test]
fn a_day_before_every_period_is_a_located_error() {
    let dir = crate::common::Scratch::new();
    let prices = dir.file(
        "p.yaml",
        "name: p\nas_of: 2026-11-30\ncurrency: USD\nsource: s\nmodels:\n  large:\n    provider: openai\n    periods:\n      - from: 2026-11-01\n        input: 5\n        output: 10\n",
    );
    let out = llmcost()
        .args(["simulate", SCENARIO, "--pricing"])
        .arg(&prices)
        .args(["--as-of", "2026-10-31"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("p.yaml:8: models.large.periods: model `large` has no price on 2026-10-31: its price periods hold from 2026-11-01"),
        "{stderr}"
    );
}

#[test]
fn two_litellm_lists_give_a_period_boundary() {
    let dir = crate::common::Scratch::new();
    let out = dir.path("history.yaml");
    let run = llmcost()
        .args([
            "catalog",
            "import",
            "tests/fixtures/history/litellm-2026-10-excerpt.json",
            "--as-of",
            "2026-09-29",
        ])
        .args([
            "--snapshot",
            "2025-11-13=tests/fixtures/history/litellm-2025-11-excerpt.json",
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    // deepseek-chat: 6e-07 / 1.7e-06 / 6e-08 per token in the 2025 list, 2.8e-07 / 4.2e-07 /
    // 2.8e-08 in the 2026 one: per 1M tokens 0.6 / 1.7 / 0.06 until the 2026 list's day,
    // 0.28 / 0.42 / 0.028 from it. gpt-4o-mini did not change: no periods.
    assert!(text.contains("as_of: 2026-09-29\n"), "{text}");
    assert!(
        text.contains(
            "  deepseek-chat:\n    provider: deepseek\n    periods:\n      - until: 2026-09-29\n        input: 0.6\n        output: 1.7\n        cached_input: 0.06\n      - from: 2026-09-29\n        input: 0.28\n        output: 0.42\n        cached_input: 0.028\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  gpt-4o-mini:\n    provider: openai\n    input: 0.15\n"),
        "{text}"
    );
    let rate = |day: &str| {
        let v = json(&[
            "catalog",
            "show",
            "deepseek-chat",
            "--pricing",
            out.to_str().unwrap(),
            "--as-of",
            day,
        ]);
        v["model"]["rates"][0]["price"].clone()
    };
    assert_eq!(rate("2026-09-28"), "0.6");
    assert_eq!(rate("2026-09-29"), "0.28");
}

#[test]
fn genai_prices_dated_prices_become_periods() {
    let dir = crate::common::Scratch::new();
    let out = dir.path("genai.yaml");
    let run = llmcost()
        .args([
            "catalog",
            "import",
            "tests/fixtures/history/genai-prices-excerpt.json",
            "--from",
            "genai-prices",
        ])
        .args(["--as-of", "2026-08-21", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // claude-sonnet-5 lists 2 / 10 (cache read 0.2, write 2.5) with no constraint and
    // 3 / 15 (0.3, 3.75) from start_date 2026-09-01: the first holds until that day.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(
            "  claude-sonnet-5:\n    provider: anthropic\n    periods:\n      - until: 2026-09-01\n        input: 2\n        output: 10\n        cached_input: 0.2\n        cache_write: 2.5\n      - from: 2026-09-01\n        input: 3\n        output: 15\n        cached_input: 0.3\n        cache_write: 3.75\n"
        ),
        "{text}"
    );
    let rates = |id: &str, day: &str| {
        let v = json(&[
            "catalog",
            "show",
            id,
            "--pricing",
            out.to_str().unwrap(),
            "--as-of",
            day,
        ]);
        (
            v["model"]["rates"][0]["price"].clone(),
            v["model"]["rates"][1]["price"].clone(),
        )
    };
    assert_eq!(rates("claude-sonnet-5", "2026-08-31"), ("2".into(), "10".into()));
    assert_eq!(rates("claude-sonnet-5", "2026-09-01"), ("3".into(), "15".into()));
    // o3: 10 / 40 until 2025-06-10, 2 / 8 from that day.
    assert_eq!(rates("o3", "2025-06-09"), ("10".into(), "40".into()));
    assert_eq!(rates("o3", "2025-06-10"), ("2".into(), "8".into()));
}

#[test]
fn validate_against_lists_prices_beyond_the_tolerance() {
    let dir = crate::common::Scratch::new();
    let head = "as_of: 2026-01-01\ncurrency: USD\nsource: s\nmodels:\n";
    let here = dir.file(
        "here.yaml",
        &format!("name: here\n{head}  a:\n    provider: p\n    input: 1.04\n    output: 2.2\n"),
    );
    let there = dir.file(
        "there.yaml",
        &format!("name: there\n{head}  a:\n    provider: p\n    input: 1\n    output: 2\n"),
    );
    let run = |tolerance: &str| {
        llmcost()
            .args(["catalog", "validate"])
            .arg(&here)
            .arg("--against")
            .arg(&there)
            .args(["--tolerance", tolerance, "--format", "json"])
            .output()
            .unwrap()
    };
    // input (1.04 - 1) / 1 = +4%; output (2.2 - 2) / 2 = +10%.
    let out = run("5");
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = v["comparison"]["disagreements"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["rate"], "output");
    assert_eq!(found[0]["percent"], "10");
    assert_eq!(v["comparison"]["compared"], 1);
    // 10% is not more than 10%: nothing to list, exit 0.
    assert_eq!(run("10").status.code(), Some(0));
    // Under 4% both prices are listed.
    let v: Value = serde_json::from_slice(&run("3").stdout).unwrap();
    assert_eq!(v["comparison"]["disagreements"].as_array().unwrap().len(), 2);
}

#[test]
fn forecast_prices_the_rest_of_the_month_at_the_rates_of_its_days() {
    let v = json(&[
        "forecast",
        CALLS,
        "--mapping",
        MAPPING,
        "--pricing",
        PRICES,
        "--month",
        "2026-11",
        "--budget",
        "1",
        "--runs",
        "50",
    ]);
    // Month to date: the four calls at their days' rates, $0.072 (as usage price).
    assert_eq!(v["actual"], "0.072");
    // The rest (2026-11-21 to 30) at 5 / 10: 4 calls in 20 days = 0.2 a day of 2,000 in /
    // 200 out on average = 12,000 per 1M a call, 0.0024 a day (0.0048 at the old rates);
    // expected month end 0.072 + 10 × 0.0024 = 0.096.
    assert_eq!(v["calls_per_day"], "0.2");
    assert_eq!(v["daily"], "0.0024");
    assert_eq!(v["expected"], "0.096");
}

#[test]
fn catalog_show_lists_the_periods() {
    let out = llmcost()
        .args(["catalog", "show", "large", "--pricing", PRICES, "--as-of", "2026-11-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("until 2026-11-15: input 10, output 20; from 2026-11-15: input 5, output 10; the rates below are those of 2026-11-01"),
        "{text}"
    );
}
