//! `llmcost replay` on small fixtures, every figure worked out by hand from
//! tests/fixtures/usage/replay-prices.yaml (USD per 1M tokens: small 1 in /
//! 2 out, large 10 / 20, long 1 / 2 and 2 / 4 above 200,000 input tokens).
//!
//! tests/fixtures/usage/replay-calls.csv logs five calls on `large`:
//! c-1 simple 1,000 in / 100 out, c-2 simple 3,000 / 300, c-3 and c-4
//! complex 10,000 / 1,000, c-5 500 / 50 with no tier.

use crate::common::{Scratch, llmcost, repo};
use serde_json::Value;

const CALLS: &str = "tests/fixtures/usage/replay-calls.csv";
const MAPPING: &str = "tests/fixtures/usage/replay-mapping.yaml";
const SCENARIO: &str = "tests/fixtures/usage/replay-scenario.yaml";

fn json(args: &[&str]) -> Value {
    let out = llmcost()
        .arg("replay")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn strategy<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("strategy {name} in {v}"))
}

#[test]
fn each_call_is_repriced_under_each_strategy_against_its_actual_cost() {
    let v = json(&[CALLS, SCENARIO, "--mapping", MAPPING, "--tiers", "tier"]);
    // c-5 has no tier: counted apart, out of the actual cost (500 × 10 + 50 × 20 = 6,000 per 1M).
    assert_eq!(v["unplaced"], 1);
    assert_eq!(v["unplaced_cost"], "0.006");
    // Actual: 24,000 in × 10 + 2,400 out × 20 = 288,000 per 1M.
    assert_eq!(v["actual"], "0.288");
    assert_eq!(strategy(&v, "all-large")["total"], "0.288");
    assert_eq!(strategy(&v, "all-large")["vs_actual"]["difference"], "0");
    // On small: 24,000 × 1 + 2,400 × 2 = 28,800: 90% less.
    assert_eq!(strategy(&v, "all-small")["total"], "0.0288");
    assert_eq!(strategy(&v, "all-small")["vs_actual"]["percent"], "-90");
    // Routed: simple on small 4,000 + 400 × 2 = 4,800; complex on large 200,000 + 40,000.
    let routed = strategy(&v, "routed");
    assert_eq!(routed["total"], "0.2448");
    assert_eq!(routed["tiers"][0]["cost"], "0.0048");
    assert_eq!(routed["tiers"][1]["cost"], "0.24");
    assert_eq!(routed["vs_actual"]["percent"], "-15");
    // An LLM classifier on small (100 in, 10 out: 120 per 1M a call, 4 calls = 480),
    // 90% accurate: a simple call goes to large 10% of the time, a complex one to small.
    // c-1: 0.9 × 1,200 + 0.1 × 12,000 = 2,280; c-2: 3 × that = 6,840;
    // c-3, c-4: 2 × (0.9 × 120,000 + 0.1 × 12,000) = 218,400. Answers 227,520;
    // misrouting 227,520 − 244,800 = −17,280; total 228,000, 60,000 under actual.
    let classified = strategy(&v, "classified");
    assert_eq!(classified["total"], "0.228");
    assert_eq!(classified["extras"]["classifier"], "0.00048");
    assert_eq!(classified["extras"]["misrouting"], "-0.01728");
    assert_eq!(classified["vs_actual"]["difference"], "-0.06");
    assert_eq!(classified["vs_actual"]["percent"], "-20.833333");
}

#[test]
fn without_tiers_a_call_goes_to_the_tier_nearest_its_size() {
    // Tiers of 2,000 and 10,000 input tokens: up to 6,000 is simple. c-5 (500) is simple.
    let v = json(&[CALLS, SCENARIO, "--mapping", MAPPING]);
    assert_eq!(v["unplaced"], 0);
    assert_eq!(v["calls_by_tier"][0], serde_json::json!({"tier": "simple", "calls": 3}));
    // Actual 288,000 + 6,000; routed adds c-5 on small: 500 + 100 = 600.
    assert_eq!(v["actual"], "0.294");
    assert_eq!(strategy(&v, "routed")["total"], "0.2454");
}

#[test]
fn keyword_rules_place_calls_by_their_prompt() {
    // `when`, `where` → simple; `analysis`, `forecast` → complex; `hello` → the default, simple.
    let v = json(&[
        CALLS,
        SCENARIO,
        "--mapping",
        MAPPING,
        "--tier-rules",
        "tests/fixtures/usage/replay-rules.yaml",
    ]);
    assert_eq!(
        v["calls_by_tier"],
        serde_json::json!([{"tier": "simple", "calls": 3}, {"tier": "complex", "calls": 2}])
    );
    assert_eq!(strategy(&v, "routed")["total"], "0.2454");
}

#[test]
fn a_replay_sees_the_long_context_calls_that_a_mean_hides() {
    // Ten calls of 1,000 output tokens: nine of 100,000 input, one of 300,000. The mean
    // call, 120,000 in, is under the 200,000 threshold: simulated, 10 × (120,000 × 1 +
    // 1,000 × 2) = 1,220,000 per 1M. Replayed, the one call above it pays the long rates:
    // 9 × (100,000 + 2,000) + 300,000 × 2 + 1,000 × 4 = 1,522,000.
    let calls = "tests/fixtures/usage/replay-long-calls.csv";
    let scenario = "tests/fixtures/usage/replay-long-scenario.yaml";
    let v = json(&[calls, scenario]);
    assert_eq!(strategy(&v, "long")["total"], "1.522");
    assert_eq!(v["actual"], "1.522");
    let out = llmcost()
        .args(["simulate", scenario, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let simulated: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(simulated["strategies"][0]["total"], "1.22");
}

#[test]
fn every_format_has_the_actual_cost_as_its_baseline() {
    let replay = |format: &str| {
        let out = llmcost()
            .args([
                "replay",
                CALLS,
                SCENARIO,
                "--mapping",
                MAPPING,
                "--tiers",
                "tier",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let mut csv = String::new();
    for format in ["table", "csv", "markdown"] {
        let text = replay(format);
        assert!(text.contains("actual"), "{format}: {text}");
        assert!(text.contains("0.2448"), "{format}: {text}");
        if format == "csv" {
            csv = text;
        }
    }
    let text = csv;
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("strategy,row,tier,kind,requests,cost,per_request,difference_vs_actual"));
    assert!(
        rows[1].starts_with("actual,total,,logged,4,0.288,0.072,"),
        "{}",
        rows[1]
    );
    assert!(
        text.contains("\nrouted,total,,routed,4,0.2448,0.0612,-0.0432,-15,"),
        "{text}"
    );
}

#[test]
fn usage_buckets_are_replayed_on_single_models_only() {
    // OpenAI's usage pages: buckets. The routed strategies are left out, with why.
    let out = llmcost()
        .args([
            "replay",
            "tests/fixtures/usage/openai-usage-pages.json",
            SCENARIO,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["skipped"], serde_json::json!(["routed", "classified"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("routing needs per-request logs"), "{stderr}");

    // A scenario with routed strategies only: nothing to replay, a usage error.
    let scratch = Scratch::new();
    let text = std::fs::read_to_string(repo(SCENARIO)).unwrap();
    let routed_only = text
        .replace(
            "  - name: all-large\n    model: large\n  - name: all-small\n    model: small\n",
            "",
        )
        .replace("baseline: all-large", "baseline: routed")
        .replace(
            "catalog: replay-prices.yaml",
            &format!("catalog: {}", repo("tests/fixtures/usage/replay-prices.yaml").display()),
        );
    let scenario = scratch.file("routed.yaml", &routed_only);
    let out = llmcost()
        .args(["replay", "tests/fixtures/usage/openai-usage-pages.json"])
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("usage buckets count many calls together"), "{stderr}");
    assert!(stderr.contains("routed, classified"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_tier_the_scenario_lacks_is_an_error_at_its_line() {
    let scratch = Scratch::new();
    let calls = scratch.file(
        "calls.csv",
        "id,time,model,input,output,tier,prompt\nc-1,2026-11-02T09:00:00Z,large,10,1,simple,hi\nc-2,2026-11-02T09:00:00Z,large,10,1,medium,hi\n",
    );
    let out = llmcost()
        .arg("replay")
        .arg(&calls)
        .args([SCENARIO, "--mapping", MAPPING, "--tiers", "tier"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("calls.csv:3"), "{stderr}");
    assert!(
        stderr.contains("tier `medium` (by label `tier`) is not a tier of scenario"),
        "{stderr}"
    );
    assert!(stderr.contains("(simple, complex)"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn keyword_rules_need_the_prompt_text() {
    let out = llmcost()
        .args([
            "replay",
            "tests/fixtures/usage/replay-long-calls.csv",
            SCENARIO,
            "--tier-rules",
            "tests/fixtures/usage/replay-rules.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("replay-long-calls.csv:2"), "{stderr}");
    assert!(stderr.contains("keeps no prompt text for --tier-rules"), "{stderr}");
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn keyword_rules_must_name_the_scenarios_tiers() {
    let out = llmcost()
        .args([
            "replay",
            CALLS,
            SCENARIO,
            "--mapping",
            MAPPING,
            "--tier-rules",
            "scenarios/rules/whitepaper-keywords.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("tier `medium` is not a tier of scenario"), "{stderr}");
}

#[test]
fn logged_cache_tokens_are_the_system_prompt_a_strategy_caches_or_not() {
    // One call on `cachey` (2 in, 4 out, 0.5 cached, 2 to write, per 1M): 500 uncached
    // input, 1,000 read from the cache, 100 out. As logged: 500 × 2 + 1,000 × 0.5 + 100 × 4
    // = 1,900. Without caching the 1,000 are plain input: 1,500 × 2 + 400 = 3,400. Caching
    // with an 80% hit rate: 1,000 + 0.8 × 1,000 × 0.5 + 0.2 × 1,000 × 2 + 400 = 2,200.
    let scratch = Scratch::new();
    scratch.file(
        "prices.yaml",
        "name: cache-prices\nas_of: 2026-11-01\ncurrency: USD\nsource: hand-written\nmodels:\n  cachey:\n    \
         provider: anthropic\n    input: 2\n    output: 4\n    cached_input: 0.5\n    cache_write: 2\n    \
         min_cacheable_tokens: 0\n",
    );
    let scenario = scratch.file(
        "scenario.yaml",
        "name: cache-replay\ncatalog: prices.yaml\nvolume:\n  interactions_per_month: 1\ntiers:\n  - name: all\n    \
         share: 100%\n    input_tokens: 1500\n    output_tokens: 100\nstrategies:\n  - name: plain\n    model: cachey\n  \
         - name: cached\n    model: cachey\n    techniques:\n      caching: {hit_rate: 80%, ttl: 5m}\nbaseline: plain\n",
    );
    let calls = scratch.file(
        "calls.csv",
        "time,model,input_tokens,cache_read_tokens,output_tokens\n2026-11-02T09:00:00Z,cachey,500,1000,100\n",
    );
    let out = llmcost()
        .arg("replay")
        .arg(&calls)
        .arg(&scenario)
        .args(["--map", "input_includes_cache=false", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["actual"], "0.0019");
    assert_eq!(strategy(&v, "plain")["total"], "0.0034");
    assert_eq!(strategy(&v, "cached")["total"], "0.0022");
    assert_eq!(strategy(&v, "cached")["components"]["cached_input"], "0.0004");
}

#[test]
fn a_call_above_a_strategys_context_window_is_an_error_that_says_so() {
    let scratch = Scratch::new();
    scratch.file(
        "prices.yaml",
        "name: cw\nas_of: 2026-11-01\ncurrency: USD\nsource: hand-written\nmodels:\n  tiny:\n    provider: openai\n    \
         input: 1\n    output: 2\n    context_window: 1000\n",
    );
    let scenario = scratch.file(
        "scenario.yaml",
        "name: cw\ncatalog: prices.yaml\nvolume:\n  interactions_per_month: 1\ntiers:\n  - name: all\n    share: 100%\n    \
         input_tokens: 100\n    output_tokens: 10\nstrategies:\n  - name: t\n    model: tiny\nbaseline: t\n",
    );
    let calls = scratch.file(
        "calls.csv",
        "time,model,input_tokens,output_tokens\n2026-11-02T09:00:00Z,tiny,5000,10\n",
    );
    let out = llmcost().arg("replay").arg(&calls).arg(&scenario).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("above its context window of 1000"), "{stderr}");
    assert!(
        stderr.contains("1 logged calls of 5000 input tokens: strategy t cannot serve them"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// One day of the shipped routing scenario's traffic, written as a gateway
/// would log it: every call served by the baseline `gpt-4o`, its tier in a
/// label. The calls are made from the scenario file itself: its volume a day,
/// each tier's share and tokens.
fn shipped_day_of_calls(scenario: &str, scratch: &Scratch) -> (std::path::PathBuf, std::path::PathBuf) {
    let text = std::fs::read_to_string(repo(scenario)).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let per_day = yaml["volume"]["interactions_per_day"].as_u64().unwrap();
    let mut csv = String::from("id,time,model,input,output,tier\n");
    let mut id = 0;
    for tier in yaml["tiers"].as_sequence().unwrap() {
        let share: u64 = tier["share"].as_str().unwrap().trim_end_matches('%').parse().unwrap();
        for _ in 0..per_day * share / 100 {
            id += 1;
            let (minute, second) = (id / 60, id % 60);
            csv.push_str(&format!(
                "r-{id},2026-11-02T09:{minute:02}:{second:02}Z,gpt-4o,{},{},{}\n",
                tier["input_tokens"].as_u64().unwrap(),
                tier["output_tokens"].as_u64().unwrap(),
                tier["name"].as_str().unwrap(),
            ));
        }
    }
    let calls = scratch.file("day.csv", &csv);
    let mapping = scratch.file(
        "mapping.yaml",
        "time: time\nmodel: model\nid: id\ninput_tokens: input\noutput_tokens: output\nlabel.tier: tier\n",
    );
    (calls, mapping)
}

/// `total` of a strategy, rounded to 12 decimal places (a confusion matrix of
/// counts divides by 66 and 56: the figure does not terminate).
fn rounded(v: &Value, name: &str) -> String {
    let total: rust_decimal::Decimal = strategy(v, name)["total"].as_str().unwrap().parse().unwrap();
    total.round_dp(12).normalize().to_string()
}

#[test]
fn a_day_generated_from_the_shipped_routing_scenario_replays_to_the_per_request_tariff() {
    // scenarios/service-company-routing.yaml: 100 calls a day, 30 simple (1,500 in / 800
    // out), 50 medium (3,000 / 2,000), 20 complex (5,000 / 4,000). Prices of
    // pricing/list-2025-11.yaml, $ per 1M in / out: gpt-4o 2.5 / 10, gpt-4o-mini 0.15 / 0.6,
    // claude-3-7-sonnet 3 / 15, gpt-4.1-nano 0.1 / 0.4. One call, per 1M:
    //   gpt-4o      simple 11,750   medium 27,500   complex 52,500
    //   mini        simple    705   medium  1,650   complex  3,150
    //   sonnet      simple 16,500   medium 39,000   complex 75,000
    //   classifier (nano, 350 in / 3 out) 36.2
    let scenario = "scenarios/service-company-routing.yaml";
    let scratch = Scratch::new();
    let (calls, mapping) = shipped_day_of_calls(scenario, &scratch);
    let (calls, mapping) = (calls.to_str().unwrap(), mapping.to_str().unwrap());
    let v = json(&[calls, scenario, "--mapping", mapping, "--tiers", "tier"]);
    // Actual = gpt-4o: 30 × 11,750 + 50 × 27,500 + 20 × 52,500 = 2,777,500.
    assert_eq!(v["actual"], "2.7775");
    assert_eq!(strategy(&v, "gpt-4o")["total"], "2.7775");
    // labelled: 30 × 705 + 50 × 1,650 + 20 × 75,000 = 1,603,650.
    assert_eq!(strategy(&v, "labelled")["total"], "1.60365");
    // keywords, the measured counts (rules/whitepaper-keywords.matrix.yaml), unmatched
    // to medium: simple routes 20/66 simple, 45/66 medium, 1/66 complex; medium 5/66,
    // 59/66, 2/66; complex 4/56, 46/56, 6/56. Simple and medium go to mini, so
    // simple 30 × (65/66 × 705 + 1/66 × 16,500), medium 50 × (64/66 × 1,650 + 2/66 ×
    // 39,000), complex 20 × (50/56 × 3,150 + 6/56 × 75,000): 236,781 / 616,000 dollars.
    assert_eq!(rounded(&v, "keywords"), "0.38438474026");
    // llm-classifier, 92% right and 4% to each other tier, 36.2 a call:
    // simple 30 × (0.96 × 705 + 0.04 × 16,500 + 36.2) = 41,190; medium 50 × (0.96 ×
    // 1,650 + 0.04 × 39,000 + 36.2) = 159,010; complex 20 × (0.92 × 75,000 + 0.08 ×
    // 3,150 + 36.2) = 1,385,764. Total 1,585,964.
    assert_eq!(strategy(&v, "llm-classifier")["total"], "1.585964");
    // cascade: mini, then a judge (nano, 200 + the call's input and output as input,
    // 3 out), then sonnet for the rejected share. simple 30 × (705 + 251.2 + 5% × 16,500)
    // = 53,436; medium 50 × (1,650 + 521.2 + 15% × 39,000) = 401,060; complex 20 × (3,150
    // + 921.2 + 65% × 75,000) = 1,056,424. Total 1,510,920.
    assert_eq!(strategy(&v, "cascade")["total"], "1.51092");
    // hybrid: rules where they match (coverage 22/66, 21/66, 13/56; their matrix over
    // matched calls), the LLM classifier (paid for) elsewhere; every answer walks its
    // fallback chain (docs/routing.md#how-it-is-priced): on a model failing f of its two
    // attempts, f + f² failed attempts billed their input, 1 − f² answers, f² on to
    // gpt-4o (1%), and f² × 1%² escalated at $4.50. By hand (exact fractions):
    // 5,679,106,467,053 / 3,850,000,000,000 dollars.
    assert_eq!(rounded(&v, "hybrid"), "1.475092588845");
    // Prices are linear and every call of a tier is the tier's mean: the replayed day
    // is the simulated month over its 30 days, strategy by strategy.
    let out = llmcost()
        .args(["simulate", scenario, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let simulated: Value = serde_json::from_slice(&out.stdout).unwrap();
    for s in simulated["strategies"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let month: rust_decimal::Decimal = s["total"].as_str().unwrap().parse().unwrap();
        let day: rust_decimal::Decimal = strategy(&v, name)["total"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            (month / rust_decimal::Decimal::from(30)).round_dp(12),
            day.round_dp(12),
            "{name}"
        );
    }
}
