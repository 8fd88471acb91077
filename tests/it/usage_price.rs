//! `llmcost usage price` on the usage fixtures, every figure worked out by
//! hand from tests/fixtures/usage/prices.yaml (USD per 1M tokens) and the
//! records docs/usage-sources.md says each fixture reads as.

use crate::common::{Scratch, llmcost};
use crate::postgres_support;
use serde_json::Value;

const PRICES: &str = "tests/fixtures/usage/prices.yaml";

fn json(args: &[&str]) -> Value {
    let out = llmcost()
        .args(["usage", "price"])
        .args(args)
        .args(["--pricing", PRICES, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn openai_usage_pages_are_priced_bucket_by_bucket() {
    let v = json(&["tests/fixtures/usage/openai-usage-pages.json"]);
    // gpt-4.1-mini, 1 Nov: 80,000 × 0.4 + 29,000 × 0.1 + 5,000 written × 0.4 (no write
    // rate: input) + 19,500 × 1.6 = 68,100 per 1M.
    // gpt-4.1 on the batch API: 40,000 × 1 + 10,000 × 0.25 + 8,000 × 4 = 74,500.
    // gpt-4.1-mini, 2 Nov: 60,000 × 0.4 + 6,000 × 1.6 = 33,600.
    assert_eq!(v["total"]["cost"], "0.1762");
    assert_eq!(v["by_model"]["gpt-4.1"]["cost"], "0.0745");
    assert_eq!(v["by_model"]["gpt-4.1-mini"]["cost"], "0.1017");
    assert_eq!(v["by_day"]["2026-11-01"]["cost"], "0.1426");
    assert_eq!(v["by_label"]["project"]["proj_support"]["cost"], "0.1017");
    assert_eq!(v["total"]["requests"], 575);
}

#[test]
fn litellm_spend_logs_match_the_spend_litellm_recorded() {
    let v = json(&["tests/fixtures/usage/litellm-spend-logs.csv"]);
    // claude-sonnet-4-5: 10 × 3 + 66,360 × 0.3 + 30,000 × 3.75 + 2,435 × 6 (1-hour writes)
    // + 3,410 × 15 + 1,710 reasoning × 15 = 223,848 per 1M; LiteLLM recorded 0.223848.
    // gpt-4o: 86 × 2.5 + 1,920 × 1.25 + 300 × 10 = 5,615. gpt-4o-mini: 500 × 0.15 + 40 ×
    // 0.6 = 99 and 1,200 × 0.15 + 80 × 0.6 = 228. The cache hit and the failed call are left out.
    assert_eq!(v["total"]["cost"], "0.22979");
    assert_eq!(v["total"]["recorded"], "0.22979");
    assert_eq!(v["by_model"]["claude-sonnet-4-5"]["cost"], "0.223848");
    for r in v["reconciled"].as_array().unwrap() {
        assert_eq!(r["difference"], "0", "{r}");
    }
    assert_eq!(v["by_label"]["team"]["team-a"]["cost"], "0.005843");
    assert_eq!(v["by_tag"]["batch-eval"]["cost"], "0.223848");
}

#[test]
fn a_window_keeps_the_calls_that_started_in_it() {
    // Until 5 November, exclusive: the call at 00:00:00.000 on the 5th is left out.
    let v = json(&["tests/fixtures/usage/litellm-spend-logs.csv", "--until", "2026-11-05"]);
    assert_eq!(v["total"]["cost"], "0.229562");
    let v = json(&["tests/fixtures/usage/litellm-spend-logs.csv", "--since", "2026-11-04"]);
    assert_eq!(v["total"]["cost"], "0.000327");
}

#[test]
fn the_database_is_priced_like_its_export() {
    let server = postgres_support::shared();
    let url = server.fixture_database("usage_price");
    let v = json(&[&url]);
    assert_eq!(v["total"]["cost"], "0.22979");
    // The report names the server, never a password.
    assert_eq!(
        v["source"],
        format!("postgres://llmcost@127.0.0.1:{}/usage_price", server.port)
    );
}

#[test]
fn models_the_catalog_lacks_are_listed_with_their_usage_and_warned_about() {
    let out = llmcost()
        .args([
            "usage",
            "price",
            "tests/fixtures/usage/bedrock-invocations.jsonl",
            "--pricing",
            PRICES,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("Not in the catalog (not priced)"), "{stdout}");
    assert!(stdout.contains("us.meta.llama3-1-8b-instruct-v1:0"), "{stdout}");
    assert!(stderr.contains("are not in the catalog; their"), "{stderr}");
}

#[test]
fn a_refused_database_names_the_server_without_its_password() {
    let out = llmcost()
        .args(["usage", "price", "postgres://someone:s3cret@127.0.0.1:1/litellm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("postgres://someone@127.0.0.1:1/litellm"), "{stderr}");
    assert!(!stderr.contains("s3cret"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_times_are_usage_errors_and_the_logs_are_never_overwritten() {
    let out = llmcost()
        .args(["usage", "price", "x.csv", "--since", "1 Nov"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date (2026-11-01)"));
    let scratch = Scratch::new();
    let logs = scratch.path("logs.csv");
    std::fs::copy(
        crate::common::repo("tests/fixtures/usage/litellm-spend-logs.csv"),
        &logs,
    )
    .unwrap();
    let before = std::fs::read(&logs).unwrap();
    let out = llmcost()
        .args([
            "usage",
            "price",
            logs.to_str().unwrap(),
            "--pricing",
            PRICES,
            "-o",
            logs.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&logs).unwrap(), before);
}

#[test]
fn any_table_is_read_through_its_column_mapping() {
    let v = json(&[
        "tests/fixtures/usage/table.csv",
        "--mapping",
        "tests/fixtures/usage/table-mapping.yaml",
    ]);
    // req-1, gpt-4.1: 1,200 prompt tokens counting 1,000 cached: 200 × 2 + 1,000 × 0.5 +
    // 300 × 8 = 3,300 per 1M. gpt-4.1-mini: 90 × 0.4 + 10 × 1.6 = 52. o4-mini and
    // claude-sonnet-4 are not in the test catalog.
    assert_eq!(v["by_model"]["gpt-4.1"]["cost"], "0.0033");
    assert_eq!(v["total"]["cost"], "0.003352");
    assert_eq!(v["unknown"].as_array().unwrap().len(), 2);
    // --map entries override the file's.
    let v = json(&[
        "tests/fixtures/usage/table.csv",
        "--mapping",
        "tests/fixtures/usage/table-mapping.yaml",
        "--map",
        "label.team=end_user",
    ]);
    assert_eq!(v["by_label"]["team"]["alice"]["cost"], "0.0033");
}

#[test]
fn a_langfuse_export_is_priced_observation_by_observation() {
    let v = json(&["tests/fixtures/usage/langfuse-observations.jsonl"]);
    // gpt-4o: 400 × 2.5 + 600 cached × 1.25 + 100 × 10 + 200 reasoning × 10 = 4,750 per 1M.
    assert_eq!(v["by_model"]["gpt-4o"]["cost"], "0.00475");
    assert_eq!(v["by_model"]["gpt-4o"]["recorded"], "0.00475");
}

#[test]
fn a_table_without_a_mapping_names_the_missing_column_and_the_entry_to_add() {
    let out = llmcost()
        .args(["usage", "price", "tests/fixtures/usage/table.csv", "--pricing", PRICES])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no column for `time`"), "{stderr}");
    assert!(stderr.contains("add --map time=COLUMN"), "{stderr}");
    let out = llmcost()
        .args([
            "usage",
            "price",
            "tests/fixtures/usage/table.csv",
            "--map",
            "tim=created_at",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_providers_cost_report_is_compared_model_by_model() {
    let v = json(&[
        "tests/fixtures/usage/openai-usage-pages.json",
        "--costs",
        "tests/fixtures/usage/openai-costs-for-usage.jsonl",
    ]);
    let billed = v["billed"].as_array().unwrap();
    let model = |id: &str| billed.iter().find(|r| r["model"] == id).unwrap().clone();
    // gpt-4.1 on the batch API: 0.0425 + 0.032 billed, 0.0745 priced.
    assert_eq!(model("gpt-4.1")["difference"], "0");
    // gpt-4.1-mini: billed 0.0456 + 0.0312 + 0.024 + 0.0096 = 0.1104, the price with its
    // 29,000 cached and 5,000 written tokens billed as input (114,000 × 0.4 + 19,500 × 1.6
    // + 60,000 × 0.4 + 6,000 × 1.6 per 1M); priced 0.1017.
    let mini = model("gpt-4.1-mini");
    assert_eq!(
        (mini["priced"].clone(), mini["recorded"].clone()),
        ("0.1017".into(), "0.1104".into())
    );
    assert_eq!(mini["causes"][0]["cause"], "cache_as_input");
    assert_eq!(mini["causes"][0]["closer_by"], "0.0087");
    assert_eq!(v["billed_elsewhere"], "0.01");
}

#[test]
fn a_cost_report_in_another_currency_is_refused() {
    let scratch = Scratch::new();
    let text = std::fs::read_to_string(crate::common::repo("tests/fixtures/usage/openai-costs-for-usage.jsonl"))
        .unwrap()
        .replace("\"usd\"", "\"eur\"");
    let costs = scratch.file("costs.jsonl", &text);
    let out = llmcost()
        .args([
            "usage",
            "price",
            "tests/fixtures/usage/openai-usage-pages.json",
            "--pricing",
            PRICES,
        ])
        .arg("--costs")
        .arg(&costs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bills in EUR, and catalog `usage-test-prices` prices in USD"),
        "{stderr}"
    );
}

#[test]
fn an_anthropic_usage_report_is_priced_bucket_by_bucket() {
    let v = json(&["tests/fixtures/usage/anthropic-usage.json"]);
    // claude-sonnet-4-5, 1 Nov: 150,000 × 3 + 600,000 read × 0.3 + 40,000 written for 5
    // minutes × 3.75 + 10,000 for an hour × 6 + 30,000 × 15 = 1,290,000 per 1M; 2 Nov
    // (above 200k, no long-context rates in this catalog): 450,000 × 3 + 4,000 × 15 = 1,410,000.
    // claude-haiku-4-5 on the batch tier: 80,000 × 0.5 + 9,000 × 2.5 = 62,500.
    assert_eq!(v["by_model"]["claude-sonnet-4-5"]["cost"], "2.7");
    assert_eq!(v["by_model"]["claude-haiku-4-5"]["cost"], "0.0625");
    assert_eq!(v["total"]["cost"], "2.7625");
}

#[test]
fn bedrock_invocation_logs_are_priced_call_by_call() {
    let v = json(&["tests/fixtures/usage/bedrock-invocations.jsonl"]);
    // anthropic.claude-3-5-haiku-20241022-v1:0 is claude-3-5-haiku: 1,200 × 0.8 + 2,048
    // written × 1 + 350 × 4 = 4,408 per 1M, then 150 × 0.8 + 2,048 read × 0.08 + 410 × 4 =
    // 1,923.84. The Llama call is not in the catalog.
    assert_eq!(v["by_model"]["claude-3-5-haiku"]["cost"], "0.00633184");
    assert_eq!(v["total"]["cost"], "0.00633184");
    assert_eq!(v["unknown"][0]["model"], "us.meta.llama3-1-8b-instruct-v1:0");
}

#[test]
fn input_and_cache_reads_past_a_64_bit_integer_are_too_large_not_wrapped() {
    // 2^64 − 1 uncached tokens and 10 cache reads, with a recorded cost to
    // compare: billed as plain input they would be 2^64 + 9 tokens.
    let scratch = Scratch::new();
    let logs = scratch.file(
        "huge.csv",
        "time,model,input_tokens,cache_read_tokens,output_tokens,cost\n\
         2026-11-01T08:00:00Z,gpt-4.1,18446744073709551615,10,5,1.5\n",
    );
    let out = llmcost()
        .args(["usage", "price", logs.to_str().unwrap(), "--pricing", PRICES])
        .args(["--map", "input_includes_cache=false"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("passes the largest figure llmcost carries"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
