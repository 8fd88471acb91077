//! `llmcost forecast`: a month projected from logs generated with known
//! values. The calls never vary, so the calibrated scenario has no spread
//! and the rest of the month varies only by its Poisson volume; every
//! expectation is worked out by hand from the prices and the calls.

use crate::common::{Scratch, llmcost};
use crate::focus;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::str::FromStr;

/// Model `n` at $1 a million input tokens and $5 a million output tokens,
/// `m` at $3 and $15.
const CATALOG: &str = "\
name: round
as_of: 2026-01-01
currency: USD
source: hand-written test prices
models:
  n:
    provider: openai
    input: 1
    output: 5
  m:
    provider: anthropic
    input: 3
    output: 15
";

/// 100 calls a day on November 1-10, 2026, each of 1,000 input and 200
/// output tokens: a call costs 1,000 × $1/M + 200 × $5/M = $0.002, a day
/// $0.20, the ten days $2.
fn logs() -> String {
    let mut csv = String::from("time,model,input_tokens,output_tokens\n");
    for day in 1..=10 {
        for k in 0..100 {
            csv.push_str(&format!(
                "2026-11-{day:02}T{:02}:{:02}:00Z,n,1000,200\n",
                k / 60,
                k % 60
            ));
        }
    }
    csv
}

struct Setup {
    scratch: Scratch,
}

impl Setup {
    fn new() -> Self {
        let scratch = Scratch::new();
        scratch.file("catalog.yaml", CATALOG);
        scratch.file("logs.csv", &logs());
        Self { scratch }
    }

    fn command(&self, extra: &[&str]) -> assert_cmd::Command {
        let mut cmd = llmcost();
        cmd.arg("forecast")
            .arg(self.scratch.path("logs.csv"))
            .arg("--pricing")
            .arg(self.scratch.path("catalog.yaml"))
            .args(["--runs", "2000", "--seed", "3"])
            .args(extra);
        cmd
    }

    /// The CSV row, by column.
    fn row(&self, extra: &[&str]) -> Vec<(String, String)> {
        let out = self.command(extra).args(["--format", "csv"]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        let mut lines = text.lines();
        let headers: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        let cells: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        headers.into_iter().zip(cells).collect()
    }
}

fn cell<'a>(row: &'a [(String, String)], name: &str) -> &'a str {
    &row.iter().find(|(h, _)| h == name).unwrap().1
}

fn number(row: &[(String, String)], name: &str) -> Decimal {
    Decimal::from_str(cell(row, name)).unwrap()
}

#[test]
fn the_month_end_is_the_actual_plus_the_remaining_days_at_the_daily_cost() {
    let setup = Setup::new();
    let row = setup.row(&["--budget", "5"]);
    // The month of the latest call (November 10): 10 days elapsed, 20 remain.
    assert_eq!(cell(&row, "month"), "2026-11");
    assert_eq!(cell(&row, "through"), "2026-11-10");
    assert_eq!((cell(&row, "days_elapsed"), cell(&row, "days_remaining")), ("10", "20"));
    assert_eq!(cell(&row, "calls"), "1000");
    assert_eq!(number(&row, "actual"), dec!(2));
    assert_eq!(number(&row, "calls_per_day"), dec!(100));
    assert_eq!(number(&row, "daily"), dec!(0.2));
    // $2 + 20 days × $0.20.
    assert_eq!(number(&row, "expected"), dec!(6));
    // The rest: Poisson(2,000) calls at $0.002, SD √2,000 × 0.002 ≈ $0.0894;
    // the mean of 2,000 runs within 5 standard errors (0.01), p5 and p95 about
    // 1.645 SD either side.
    let (mean, sd) = (number(&row, "mean"), number(&row, "sd"));
    assert!((mean - dec!(6)).abs() < dec!(0.01), "mean {mean}");
    assert!((sd - dec!(0.0894)).abs() < dec!(0.009), "sd {sd}");
    let (p5, p95) = (number(&row, "p5"), number(&row, "p95"));
    assert!(p5 > dec!(5.8) && p5 < dec!(5.9), "p5 {p5}");
    assert!(p95 > dec!(6.1) && p95 < dec!(6.2), "p95 {p95}");
    // $5 is 11 SDs below the month end: every month exceeds it. It runs out
    // on day 10 + ceil(($5 − $2) / $0.20) = 25.
    assert_eq!(number(&row, "exceed_probability"), dec!(1));
    assert_eq!(cell(&row, "runs_out"), "2026-11-25");
}

#[test]
fn the_run_out_day_comes_from_the_days_so_far_then_the_expected_days() {
    let setup = Setup::new();
    let runs_out = |budget: &str| cell(&setup.row(&["--budget", budget]), "runs_out").to_string();
    // Already spent: $0.20 a day reaches $1.50 on day 8 ($1.60; $1.40 on day 7).
    assert_eq!(runs_out("1.5"), "2026-11-08");
    // Exactly $6 on November 30; $6.01 not this month.
    assert_eq!(runs_out("6"), "2026-11-30");
    assert_eq!(runs_out("6.01"), "");
    let row = setup.row(&["--budget", "$7"]);
    assert_eq!(number(&row, "exceed_probability"), dec!(0));
}

#[test]
fn a_likely_overrun_exits_with_code_3_after_the_report() {
    let setup = Setup::new();
    let out = setup
        .command(&["--budget", "5", "--fail-above-probability", "50%"])
        .assert()
        .code(3);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Forecast of 2026-11"), "{text}");
    assert!(text.contains("2026-11-25"), "{text}");
    setup
        .command(&["--budget", "7", "--fail-above-probability", "0.5"])
        .assert()
        .success();
}

#[test]
fn a_past_month_is_forecast_over_its_own_calls() {
    // With --month 2026-11 and a December call, November is the month: its
    // latest call is November 10.
    let setup = Setup::new();
    let mut text = logs();
    text.push_str("2026-12-02T00:00:00Z,n,1000,200\n");
    setup.scratch.file("logs.csv", &text);
    let row = setup.row(&["--budget", "5", "--month", "2026-11"]);
    assert_eq!(number(&row, "actual"), dec!(2));
    assert_eq!(number(&row, "expected"), dec!(6));
    // Without --month, December: one call of $0.002 on day 2, half a call a
    // day over December 1-2 (the calibration window): $0.001 a day, 29 days
    // left: $0.002 + 29 × $0.001.
    let row = setup.row(&["--budget", "5"]);
    assert_eq!(cell(&row, "month"), "2026-12");
    assert_eq!(number(&row, "actual"), dec!(0.002));
    assert_eq!(number(&row, "daily"), dec!(0.001));
    assert_eq!(number(&row, "expected"), dec!(0.031));
}

#[test]
fn the_rest_of_the_month_runs_each_model_at_its_share() {
    // 25 calls a day more on `m`, of the same tokens: 1,000 × $3/M + 200 ×
    // $15/M = $0.006 a call, $0.15 a day. A tier per model, each served by
    // its model: 125 calls a day, 80% on n, 20% on m, $0.35 a day.
    let setup = Setup::new();
    let mut text = logs();
    for day in 1..=10 {
        for k in 0..25 {
            text.push_str(&format!("2026-11-{day:02}T12:{k:02}:00Z,m,1000,200\n"));
        }
    }
    setup.scratch.file("logs.csv", &text);
    let row = setup.row(&["--budget", "5"]);
    assert_eq!(cell(&row, "strategy"), "observed");
    assert_eq!(number(&row, "actual"), dec!(3.5));
    assert_eq!(number(&row, "daily"), dec!(0.35));
    // $3.50 + 20 × $0.35.
    assert_eq!(number(&row, "expected"), dec!(10.5));
    // $3.50 + 5 × $0.35 = $5.25 on day 15 ($4.90 on day 14).
    assert_eq!(cell(&row, "runs_out"), "2026-11-15");
}

#[test]
fn calls_on_a_model_the_catalog_lacks_are_left_out_of_both_parts() {
    // 10 calls a day on a model the catalog does not list: neither priced
    // nor calibrated on, so the forecast is that of `n` alone.
    let setup = Setup::new();
    let mut text = logs();
    for day in 1..=10 {
        for k in 0..10 {
            text.push_str(&format!("2026-11-{day:02}T13:{k:02}:00Z,unlisted-model,1000,200\n"));
        }
    }
    setup.scratch.file("logs.csv", &text);
    let out = setup.command(&["--budget", "5"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Not in the catalog:  unlisted-model (100 calls): not priced, not forecast"),
        "{stdout}"
    );
    let row = setup.row(&["--budget", "5"]);
    assert_eq!(number(&row, "actual"), dec!(2));
    assert_eq!(number(&row, "calls_per_day"), dec!(100));
    assert_eq!(number(&row, "expected"), dec!(6));
}

#[test]
fn since_and_until_choose_the_calls_the_rest_is_calibrated_on() {
    // 100 more calls on November 1: the month to date is $2.20 whatever the
    // window; over the whole month so far 110 calls a day ($0.22), from
    // November 2 on 100 a day ($0.20).
    let setup = Setup::new();
    let mut text = logs();
    for k in 0..100 {
        text.push_str(&format!("2026-11-01T{:02}:{:02}:00Z,n,1000,200\n", 12 + k / 60, k % 60));
    }
    setup.scratch.file("logs.csv", &text);
    let row = setup.row(&["--budget", "5"]);
    assert_eq!(number(&row, "actual"), dec!(2.2));
    assert_eq!(number(&row, "daily"), dec!(0.22));
    assert_eq!(number(&row, "expected"), dec!(6.6));
    let row = setup.row(&["--budget", "5", "--since", "2026-11-02"]);
    assert_eq!(number(&row, "actual"), dec!(2.2));
    assert_eq!(number(&row, "calls_per_day"), dec!(100));
    assert_eq!(number(&row, "expected"), dec!(6.2));
}

#[test]
fn a_month_whose_last_day_has_a_call_has_nothing_left_to_sample() {
    // One more call on November 30: the month to date is the month, $2.002.
    let setup = Setup::new();
    let mut text = logs();
    text.push_str("2026-11-30T18:00:00Z,n,1000,200\n");
    setup.scratch.file("logs.csv", &text);
    let row = setup.row(&["--budget", "2.002"]);
    assert_eq!((cell(&row, "days_elapsed"), cell(&row, "days_remaining")), ("30", "0"));
    for column in ["actual", "expected", "mean", "p5", "p95"] {
        assert_eq!(number(&row, column), dec!(2.002), "{column}");
    }
    // Not above the budget, which is reached on November 30.
    assert_eq!(number(&row, "exceed_probability"), dec!(0));
    assert_eq!(cell(&row, "runs_out"), "2026-11-30");
}

#[test]
fn bad_input_is_refused_with_what_is_wrong() {
    let setup = Setup::new();
    let err = |extra: &[&str], code: i32| {
        let out = setup.command(extra).assert().code(code);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let e = err(&["--budget", "5", "--month", "2026-10"], 1);
    assert!(e.contains("no call in 2026-10"), "{e}");
    assert!(e.contains("hint:"), "{e}");
    let e = err(&["--budget", "5 EUR"], 2);
    assert!(e.contains("--budget") && e.contains("EUR"), "{e}");
    let e = err(&["--budget", "5", "--month", "2026-13"], 2);
    assert!(e.contains("`2026-13` is not a month such as 2026-12"), "{e}");
    let e = err(&["--budget", "5", "--fail-above-probability", "20"], 2);
    assert!(e.contains("above 1"), "{e}");
}

/// `n` at $1 / $5 a million until November 21, 2026, then at half: $0.001
/// a call, $0.10 a day.
const HALVED: &str = "\
name: halved
as_of: 2026-11-01
currency: USD
source: hand-written test prices
models:
  n:
    provider: openai
    periods:
      - until: 2026-11-21
        input: 1
        output: 5
      - from: 2026-11-21
        input: 0.5
        output: 2.5
";

#[test]
fn a_price_change_in_the_rest_of_the_month_bills_its_days_at_the_new_rates() {
    let setup = Setup::new();
    setup.scratch.file("catalog.yaml", HALVED);
    let row = setup.row(&["--budget", "4.5"]);
    assert_eq!(number(&row, "actual"), dec!(2));
    // The daily cost of the first day left, November 11: $0.20.
    assert_eq!(number(&row, "daily"), dec!(0.2));
    // $2 + 10 days × $0.20 (11-20) + 10 days × $0.10 (21-30).
    assert_eq!(number(&row, "expected"), dec!(5));
    // Each part's days drawn apart: SD √(1,000 × 0.002² + 1,000 × 0.001²)
    // ≈ $0.0707 (one draw for both parts would give 0.0632 + 0.0316 =
    // 0.0949); the mean within 6 standard errors (0.0095).
    let (mean, sd) = (number(&row, "mean"), number(&row, "sd"));
    assert!((mean - dec!(5)).abs() < dec!(0.0095), "mean {mean}");
    assert!((sd - dec!(0.0707)).abs() < dec!(0.008), "sd {sd}");
    // $4 by November 20, then $0.50 more at $0.10 a day: November 25.
    assert_eq!(cell(&row, "runs_out"), "2026-11-25");

    let out = setup
        .command(&["--budget", "4.5", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let parts: Vec<(String, u64, Decimal)> = json["rest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["from"].as_str().unwrap().to_string(),
                p["days"].as_u64().unwrap(),
                Decimal::from_str(p["daily"].as_str().unwrap()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("2026-11-11".into(), 10, dec!(0.2)),
            ("2026-11-21".into(), 10, dec!(0.1))
        ]
    );
    let text = setup.command(&["--budget", "4.5"]).assert().success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("expected $0.20 a day, $0.10 from 2026-11-21 (prices change)"),
        "{text}"
    );

    // As FOCUS rows: each part charged over its own days, at its rates.
    let (logs, catalog) = (setup.scratch.path("logs.csv"), setup.scratch.path("catalog.yaml"));
    let (header, rows) = focus::rows_of(&[
        "forecast",
        logs.to_str().unwrap(),
        "--pricing",
        catalog.to_str().unwrap(),
        "--budget",
        "4.5",
        "--runs",
        "50",
        "--format",
        "focus",
    ]);
    focus::check("forecast", &header, &rows);
    let rest: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .filter(|r| r["Tags"].contains("x_llmcost_forecast"))
        .map(|r| {
            (
                r["ChargePeriodStart"].as_str(),
                r["ChargePeriodEnd"].as_str(),
                r["SkuMeter"].as_str(),
                r["BilledCost"].as_str(),
            )
        })
        .collect();
    // 1,000 calls a part: 1,000,000 input and 200,000 output tokens, at $1
    // and $5 a million, then $0.50 and $2.50.
    let (eleventh, twenty_first, december) = ("2026-11-11T00:00:00Z", "2026-11-21T00:00:00Z", "2026-12-01T00:00:00Z");
    assert_eq!(
        rest,
        [
            (eleventh, twenty_first, "uncached input", "1"),
            (eleventh, twenty_first, "output", "1"),
            (twenty_first, december, "uncached input", "0.5"),
            (twenty_first, december, "output", "0.5"),
        ]
    );
}
