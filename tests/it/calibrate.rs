//! `llmcost calibrate`: a scenario measured from logs generated from known
//! values, read back and priced. Every expectation is worked out by hand from
//! the values the logs were generated with.

use crate::common::{Scratch, llmcost, repo};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

/// A catalog of two models with round prices; `long` gives `m` a
/// long-context card above 2,900 input tokens.
fn catalog(long: bool) -> String {
    let long_context = if long {
        "    long_context:\n      above_tokens: 2900\n      input: 6\n      output: 22.5\n"
    } else {
        ""
    };
    format!(
        "\
name: round
as_of: 2026-01-01
currency: USD
source: hand-written test prices
models:
  m:
    provider: anthropic
    input: 3
    output: 15
    cached_input: 0.3
    cache_write: 3.75
    batch:
      input: 1.5
      output: 7.5
{long_context}  n:
    provider: openai
    input: 1
    output: 5
    batch:
      input: 0.5
      output: 2.5
"
    )
}

/// 60 calls over November 2026, two a day, on model `m` (the bulk calls on
/// `bulk_model`):
/// - 45 `chat` calls (one each day at 09:00, a second on days 1-15 at 15:00):
///   call i has 50 × 2^(i mod 5) uncached input tokens, a 2,000-token system
///   prompt written to the cache when i mod 5 = 0 (9 calls) and read from it
///   otherwise (36), and 400 + 100 × (i mod 3) output tokens;
/// - 15 `bulk` calls (days 16-30 at 12:00): call j has 1,000 × (1 + j mod 3)
///   input tokens, 800 + 100 × (j mod 3) output and 200 reasoning tokens,
///   the first 6 on the batch API.
fn logs(bulk_model: &str) -> String {
    let mut csv = String::from(
        "time,model,input_tokens,cache_read_tokens,cache_write_5m_tokens,output_tokens,reasoning_tokens,batch,tier\n",
    );
    for i in 0..45u64 {
        let (day, hour) = if i < 30 { (i + 1, 9) } else { (i - 29, 15) };
        let (read, write) = if i % 5 == 0 { (0, 2000) } else { (2000, 0) };
        csv.push_str(&format!(
            "2026-11-{day:02}T{hour:02}:00:00Z,m,{},{read},{write},{},0,false,chat\n",
            50 * (1u64 << (i % 5)),
            400 + 100 * (i % 3)
        ));
    }
    for j in 0..15u64 {
        csv.push_str(&format!(
            "2026-11-{:02}T12:00:00Z,{bulk_model},{},0,0,{},200,{},bulk\n",
            16 + j,
            1000 * (1 + j % 3),
            800 + 100 * (j % 3),
            j < 6
        ));
    }
    csv
}

struct Setup {
    scratch: Scratch,
}

impl Setup {
    fn new(long: bool) -> Self {
        Self::with_bulk_on(long, "m")
    }

    fn with_bulk_on(long: bool, bulk_model: &str) -> Self {
        let scratch = Scratch::new();
        scratch.file("catalog.yaml", &catalog(long));
        scratch.file("logs.csv", &logs(bulk_model));
        Self { scratch }
    }

    fn path(&self, name: &str) -> String {
        self.scratch.path(name).display().to_string()
    }

    /// Runs `calibrate` on the logs, tiers by their `tier` column.
    fn calibrate(&self) -> String {
        let out = llmcost()
            .args([
                "calibrate",
                &self.path("logs.csv"),
                "--map",
                "label.tier=tier,input_includes_cache=false,output_includes_reasoning=false",
                "--tiers",
                "tier",
            ])
            .args([
                "--pricing",
                &self.path("catalog.yaml"),
                "--output",
                &self.path("scenario.yaml"),
            ])
            .args(["--format", "csv"])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    fn scenario(&self) -> serde_yaml::Value {
        serde_yaml::from_str(&std::fs::read_to_string(self.scratch.path("scenario.yaml")).unwrap()).unwrap()
    }

    /// The total of the baseline as `simulate` prices the written scenario.
    fn simulated(&self) -> Decimal {
        let json = json_of(&["simulate", &self.path("scenario.yaml"), "--format", "json"]);
        let baseline = json["baseline"].clone();
        let strategies = json["strategies"].as_array().unwrap();
        let strategy = strategies.iter().find(|s| s["name"] == baseline).unwrap();
        decimal(&strategy["total"])
    }

    /// The logs' cost as `usage price` bills each call.
    fn replayed(&self) -> Decimal {
        let json = json_of(&[
            "usage",
            "price",
            &self.path("logs.csv"),
            "--map",
            "label.tier=tier,input_includes_cache=false,output_includes_reasoning=false",
            "--pricing",
            &self.path("catalog.yaml"),
            "--format",
            "json",
        ]);
        decimal(&json["total"]["cost"])
    }
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = llmcost().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn decimal(value: &serde_json::Value) -> Decimal {
    value.as_str().expect("a decimal string").parse().unwrap()
}

fn text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn fraction(value: &serde_yaml::Value) -> Decimal {
    text(value).parse().unwrap()
}

/// The coefficient of variation of a log-normal whose logarithm has variance
/// `sigma2`, `√(e^σ² − 1)`, to 4 places.
fn places4(sigma2: f64) -> Decimal {
    format!("{:.4}", sigma2.exp_m1().sqrt()).parse().unwrap()
}

#[test]
fn the_scenario_carries_the_observed_volume_tiers_tokens_cache_and_batch() {
    let setup = Setup::new(false);
    setup.calibrate();
    let s = setup.scenario();
    // 60 calls over the 30 days from November 1 to 30: 2 a day.
    assert_eq!(text(&s["volume"]["interactions_per_day"]), "2");
    assert_eq!(text(&s["catalog"]), "catalog.yaml");
    let tiers = s["tiers"].as_sequence().unwrap();
    let names: Vec<String> = tiers.iter().map(|t| text(&t["name"])).collect();
    assert_eq!(names, ["bulk", "chat"]);
    // bulk: 15 of 60 calls; input (1,000 + 2,000 + 3,000) / 3, output
    // (800 + 900 + 1,000) / 3, reasoning 200.
    let bulk = &tiers[0];
    assert_eq!(text(&bulk["share"]), "0.25");
    assert_eq!(bulk["input_tokens"].as_u64(), Some(2000));
    assert_eq!(bulk["system_tokens"].as_u64(), None);
    assert_eq!(bulk["output_tokens"].as_u64(), Some(900));
    assert_eq!(bulk["reasoning_tokens"].as_u64(), Some(200));
    // chat: 45 of 60; uncached input 50 × (1 + 2 + 4 + 8 + 16) / 5 = 310 plus
    // the 2,000 cached system tokens; output (400 + 500 + 600) / 3.
    let chat = &tiers[1];
    assert_eq!(text(&chat["share"]), "0.75");
    assert_eq!(chat["input_tokens"].as_u64(), Some(2310));
    assert_eq!(chat["system_tokens"].as_u64(), Some(2000));
    assert_eq!(chat["output_tokens"].as_u64(), Some(500));
    assert_eq!(chat["reasoning_tokens"].as_u64(), None);
    // Hit rate = reads / (reads + writes) = 36 × 2,000 / (45 × 2,000).
    let caching = &s["techniques"]["caching"];
    assert_eq!(text(&caching["hit_rate"]), "0.8");
    assert_eq!(text(&caching["ttl"]), "5m");
    // 6 of the 15 bulk calls ran on the batch API; no chat call did.
    assert_eq!(text(&s["techniques"]["batch"]["tiers"]["bulk"]), "0.4");
    assert!(s["techniques"]["batch"]["tiers"]["chat"].is_null());
    assert_eq!(text(&s["strategies"][0]["model"]), "m");
    assert_eq!(text(&s["baseline"]), "m");
    // Two calls every day: no spread beyond Poisson's.
    assert!(s["uncertainty"]["daily_volume_cv"].is_null());
    // chat's uncached input: logarithms ln 50 + k ln 2, k = 0..4 equally
    // often, variance 2 (ln 2)²; cv = √(e^σ² − 1), 4 places.
    let sigma2 = 2.0 * std::f64::consts::LN_2.powi(2);
    assert_eq!(
        fraction(&s["uncertainty"]["tiers"]["chat"]["input_cv"]),
        places4(sigma2)
    );
    // chat's output: ln 400, ln 500, ln 600 equally often.
    let logs = [400f64.ln(), 500f64.ln(), 600f64.ln()];
    let mean = logs.iter().sum::<f64>() / 3.0;
    let sigma2 = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / 3.0;
    assert_eq!(
        fraction(&s["uncertainty"]["tiers"]["chat"]["output_cv"]),
        places4(sigma2)
    );
}

#[test]
fn the_summary_lists_each_tier_with_its_fit() {
    let setup = Setup::new(false);
    let csv = setup.calibrate();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "tier,calls,share,input_tokens,system_tokens,output_tokens,reasoning_tokens,batch_share,input_cv,input_ks,input_p95_observed,input_p95_fitted,output_cv,output_ks,output_p95_observed,output_p95_fitted"
        )
    );
    let bulk: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&bulk[..8], ["bulk", "15", "0.25", "2000", "0", "900", "200", "0.4"]);
    // The nearest-rank p95 of 15 calls is the 15th smallest: 3,000 input,
    // 1,000 + 200 output and reasoning.
    assert_eq!((bulk[10], bulk[14]), ("3000", "1200"));
    let chat: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&chat[..8], ["chat", "45", "0.75", "2310", "2000", "500", "0", "0"]);
    // The 43rd smallest of 45 uncached inputs (9 of each size): 800.
    assert_eq!(chat[10], "800");
}

#[test]
fn simulate_of_the_calibrated_scenario_equals_the_replay_when_prices_are_linear() {
    let setup = Setup::new(false);
    setup.calibrate();
    // By hand, at $ per 1M tokens:
    // chat: 45 × 310 × 3 + 36 × 2,000 × 0.3 + 9 × 2,000 × 3.75 + 45 × 500 × 15
    //     = 41,850 + 21,600 + 67,500 + 337,500 = 468,450;
    // bulk: 9 calls at standard rates (18,000 input × 3, 9,900 output × 15)
    //     + 6 batched (12,000 × 1.5, 6,600 × 7.5) = 54,000 + 148,500 + 18,000 + 49,500 = 270,000.
    let expected = dec!(0.73845);
    assert_eq!(setup.replayed(), expected);
    // The scenario's month is 30 days × 2 calls: the logged month.
    assert_eq!(setup.simulated(), expected);
}

#[test]
fn the_observed_routing_reproduces_logs_of_several_models() {
    let setup = Setup::with_bulk_on(false, "n");
    setup.calibrate();
    let s = setup.scenario();
    assert_eq!(text(&s["baseline"]), "observed");
    assert_eq!(text(&s["strategies"][0]["routes"]["bulk"]), "n");
    assert_eq!(text(&s["strategies"][0]["routes"]["chat"]), "m");
    // chat on m as before, 0.46845; bulk on n: 9 calls at standard rates
    // (18,000 × 1 + 9,900 × 5) + 6 batched (12,000 × 0.5 + 6,600 × 2.5) = 90,000 per 1M.
    let expected = dec!(0.46845) + dec!(0.09);
    assert_eq!(setup.replayed(), expected);
    assert_eq!(setup.simulated(), expected);
}

#[test]
fn across_a_long_context_threshold_the_difference_is_the_calls_on_the_other_side() {
    let setup = Setup::new(true);
    setup.calibrate();
    // Every tier's mean request is below 2,900 tokens, so simulate bills all
    // at the standard rates: the linear figure.
    assert_eq!(setup.simulated(), dec!(0.73845));
    // The 5 bulk calls of 3,000 input tokens (1,200 output and reasoning)
    // are above it. 3 at standard rates pay (6 − 3) × 3,000 + (22.5 − 15) ×
    // 1,200 = 18,000 more each; 2 on the batch API pay half of that, 9,000.
    let above = dec!(3) * dec!(0.018) + dec!(2) * dec!(0.009);
    assert_eq!(setup.replayed(), dec!(0.73845) + above);
}

#[test]
fn tiers_by_prompt_size_split_the_calls_in_equal_counts() {
    let scratch = Scratch::new();
    let out = scratch.path("sized.yaml");
    llmcost()
        .args([
            "calibrate",
            "tests/fixtures/usage/litellm-spend-logs.csv",
            "--tiers-by-size",
            "2",
        ])
        .args(["--pricing", "pricing/list-2026-10.yaml", "--output"])
        .arg(&out)
        .assert()
        .success();
    let s: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let tiers = s["tiers"].as_sequence().unwrap();
    let shares: Vec<(String, String)> = tiers.iter().map(|t| (text(&t["name"]), text(&t["share"]))).collect();
    // Four billed calls (a cache hit and a failure are left out): two a tier.
    assert_eq!(shares, [("large".into(), "0.5".into()), ("small".into(), "0.5".into())]);
    // The written catalog path is relative to the scenario's folder and loads.
    llmcost().args(["simulate"]).arg(&out).assert().success();
}

#[test]
fn keyword_rules_over_the_prompts_place_the_calls() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "prompts.csv",
        "time,model,input_tokens,output_tokens,prompt\n\
         2026-11-01T08:00:00Z,gpt-4o,100,10,when do you open\n\
         2026-11-01T09:00:00Z,gpt-4o,300,30,update the CRM record\n\
         2026-11-02T08:00:00Z,gpt-4o,500,50,hello there\n\
         2026-11-02T09:00:00Z,gpt-4o,900,90,a sales forecast please\n",
    );
    let out = scratch.path("ruled.yaml");
    llmcost()
        .arg("calibrate")
        .arg(&logs)
        .args(["--tier-rules", "scenarios/rules/whitepaper-keywords.yaml", "--output"])
        .arg(&out)
        .assert()
        .success();
    let s: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // `when` → simple, `CRM` → medium, no keyword → the default (medium),
    // `forecast` → complex; 4 calls over 2 days.
    let tiers: Vec<(String, String, u64)> = s["tiers"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| (text(&t["name"]), text(&t["share"]), t["input_tokens"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        tiers,
        [
            ("complex".into(), "0.25".into(), 900),
            ("medium".into(), "0.5".into(), 400),
            ("simple".into(), "0.25".into(), 100)
        ]
    );
    assert_eq!(text(&s["volume"]["interactions_per_day"]), "2");
}

#[test]
fn the_calibrated_scenario_is_sampled_by_montecarlo() {
    let setup = Setup::new(false);
    setup.calibrate();
    llmcost()
        .args([
            "montecarlo",
            &setup.path("scenario.yaml"),
            "--runs",
            "50",
            "--seed",
            "3",
        ])
        .assert()
        .success();
}

fn fails(args: &[&str], code: i32) -> String {
    let out = llmcost().args(args).assert().code(code);
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// `calibrate` of the mapped table fixture with `extra` options, expected to
/// fail with `code`: its stderr, once checked that no scenario was written.
fn table_fails(extra: &[&str], code: i32) -> String {
    let scratch = Scratch::new();
    let out = scratch.path("s.yaml").display().to_string();
    let mut args = vec![
        "calibrate",
        "tests/fixtures/usage/table.csv",
        "--mapping",
        "tests/fixtures/usage/table-mapping.yaml",
        "--output",
        &out,
    ];
    args.extend(extra);
    let err = fails(&args, code);
    assert!(!Path::new(&out).exists());
    err
}

#[test]
fn no_call_in_the_window_is_an_error() {
    let err = table_fails(&["--since", "2027-01-01"], 1);
    assert!(
        err.contains("no call to calibrate on since 2027-01-01T00:00:00Z"),
        "{err}"
    );
}

#[test]
fn an_unknown_tier_label_names_the_labels_there_are() {
    let err = table_fails(&["--tiers", "feature"], 2);
    assert!(
        err.contains("--tiers feature: no call of tests/fixtures/usage/table.csv carries the label `feature`"),
        "{err}"
    );
    assert!(err.contains("its calls carry: team, user"), "{err}");
}

#[test]
fn rules_need_prompts_in_the_logs() {
    let err = table_fails(&["--tier-rules", "scenarios/rules/whitepaper-keywords.yaml"], 2);
    assert!(err.contains("keeps no prompt text for the rules to read"), "{err}");
}

#[test]
fn the_scenario_never_replaces_the_logs() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "logs.csv",
        &std::fs::read_to_string(repo("tests/fixtures/usage/table.csv")).unwrap(),
    );
    let before = std::fs::read(&logs).unwrap();
    let logs = logs.display().to_string();
    let err = fails(
        &[
            "calibrate",
            &logs,
            "--mapping",
            "tests/fixtures/usage/table-mapping.yaml",
            "--output",
            &logs,
        ],
        2,
    );
    assert!(err.contains("--output"), "{err}");
    assert_eq!(std::fs::read(&logs).unwrap(), before);
}

#[test]
fn tiering_flags_exclude_each_other() {
    fails(
        &[
            "calibrate",
            "logs.csv",
            "--tiers",
            "team",
            "--tiers-by-size",
            "3",
            "--output",
            "s.yaml",
        ],
        2,
    );
    let err = fails(
        &["calibrate", "logs.csv", "--tiers-by-size", "0", "--output", "s.yaml"],
        2,
    );
    assert!(
        err.contains("the number of size tiers is a whole number from 1 to 100"),
        "{err}"
    );
}

#[test]
fn logs_of_models_the_catalog_lacks_are_refused() {
    let scratch = Scratch::new();
    let logs = scratch.file(
        "unknown.csv",
        "time,model,input_tokens,output_tokens\n2026-11-01T08:00:00Z,no-such-model,100,10\n",
    );
    let out = scratch.path("s.yaml").display().to_string();
    let err = fails(&["calibrate", &logs.display().to_string(), "--output", &out], 1);
    assert!(err.contains("no model of the logs is in the catalog"), "{err}");
    assert!(err.contains("(no-such-model)"), "{err}");
    assert!(!Path::new(&out).exists());
}

#[test]
fn counts_that_add_up_past_a_64_bit_integer_are_summed_exactly() {
    // Uncached input of 2^64 − 1 and 10 cache reads: a prompt of 2^64 + 9
    // tokens, 10 of them cached, which a 64-bit sum would wrap.
    let scratch = Scratch::new();
    let logs = scratch.file(
        "huge.csv",
        "time,model,input_tokens,cache_read_tokens,output_tokens\n\
         2026-11-01T08:00:00Z,gpt-4.1-mini,18446744073709551615,10,5\n",
    );
    let out = scratch.path("s.yaml").display().to_string();
    llmcost()
        .args(["calibrate", &logs.display().to_string(), "--output", &out])
        .args(["--map", "input_includes_cache=false", "--tiers-by-size", "1"])
        .assert()
        .success();
    let scenario: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // The cached part, prompt − uncached input, is the cached prefix.
    let tier = &scenario["tiers"][0];
    assert_eq!(text(&tier["input_tokens"]), "18446744073709551615");
    assert_eq!(text(&tier["system_tokens"]), "10");
}
