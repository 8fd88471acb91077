//! Langfuse observations exports (tests/fixtures/usage/langfuse-observations.*,
//! written after the blob storage export's columns): the two generations
//! become the records written out by hand below; the span and the event are
//! skipped and counted.

use crate::common::{Scratch, repo};
use chrono::{DateTime, Utc};
use llmcost::usage::{Origin, Usage, UsageTokens, langfuse};
use rust_decimal_macros::dec;
use std::collections::BTreeMap;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn json_lines_export_gives_the_generations() {
    let path = repo("tests/fixtures/usage/langfuse-observations.jsonl");
    let source = path.display().to_string();
    let mut rows = langfuse::read(&path).unwrap();
    let got: Vec<Usage> = rows.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.skipped(), 2, "the span and the event");
    let expected = vec![
        Usage {
            origin: Origin {
                source: source.clone(),
                line: Some(2),
            },
            start: utc("2026-11-02T09:15:00.123Z"),
            model: "gpt-4o".into(),
            requests: 1,
            // usage_details: input 400 (uncached), input_cached_tokens 600, output 100, output_reasoning_tokens 200.
            tokens: UsageTokens {
                input: 400,
                cache_read: 600,
                output: 100,
                reasoning: 200,
                ..Default::default()
            },
            unpriced: BTreeMap::new(),
            long_context: None,
            batch: false,
            service_tier: None,
            recorded_cost: Some(dec!(0.00475)),
            labels: labels(&[
                ("environment", "production"),
                ("name", "answer"),
                ("project", "proj-1"),
                ("session", "sess-1"),
                ("user", "alice"),
            ]),
            tags: vec!["prod".into(), "search".into()],
            prompt: None,
            id: Some("gen-1".into()),
        },
        Usage {
            origin: Origin { source, line: Some(3) },
            start: utc("2026-11-02T10:00:00Z"),
            model: "claude-sonnet-4".into(),
            requests: 1,
            tokens: UsageTokens {
                input: 10,
                cache_read: 500,
                cache_write_5m: 70,
                cache_write_1h: 30,
                output: 40,
                reasoning: 0,
            },
            unpriced: BTreeMap::new(),
            long_context: None,
            batch: false,
            service_tier: None,
            // No total_cost: cost_details has no total, so its parts are added: 0.00003 + 0.0006.
            recorded_cost: Some(dec!(0.00063)),
            labels: labels(&[("environment", "staging"), ("name", "summarize"), ("project", "proj-1")]),
            tags: vec![],
            prompt: None,
            id: Some("gen-2".into()),
        },
    ];
    assert_eq!(got, expected);
}

#[test]
fn csv_export_gives_the_same_tokens_and_costs() {
    let path = repo("tests/fixtures/usage/langfuse-observations.csv");
    let mut rows = langfuse::read(&path).unwrap();
    let got: Vec<Usage> = rows.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.skipped(), 2);
    let summary: Vec<_> = got
        .iter()
        .map(|u| {
            (
                u.origin.line,
                u.id.as_deref(),
                u.model.as_str(),
                u.start,
                u.tokens,
                u.recorded_cost,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                Some(3),
                Some("gen-1"),
                "gpt-4o",
                utc("2026-11-02T09:15:00.123Z"),
                UsageTokens {
                    input: 400,
                    cache_read: 600,
                    output: 100,
                    reasoning: 200,
                    ..Default::default()
                },
                Some(dec!(0.00475))
            ),
            (
                Some(4),
                Some("gen-2"),
                "claude-sonnet-4",
                utc("2026-11-02T10:00:00Z"),
                UsageTokens {
                    input: 10,
                    cache_read: 500,
                    cache_write_5m: 70,
                    cache_write_1h: 30,
                    output: 40,
                    reasoning: 0
                },
                Some(dec!(0.00063))
            ),
        ]
    );
    // The legacy table's export has no user, session or tags.
    assert_eq!(
        got[0].labels,
        labels(&[("environment", "production"), ("name", "answer"), ("project", "proj-1")])
    );
}

#[test]
fn an_export_without_usage_says_which_field_group_to_add() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "obs.jsonl",
        "{\"id\":\"a\",\"start_time\":\"2026-11-02 09:15:00.000\",\"provided_model_name\":\"gpt-4o\"}\n",
    );
    let e = langfuse::read(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: has no column `usage_details`; expected a Langfuse observations export\n  hint: export the observations with the `usage` field group",
            path.display()
        )
    );
}

#[test]
fn negative_usage_names_the_row_and_the_key() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "obs.jsonl",
        "{\"id\":\"a\",\"start_time\":\"2026-11-02 09:15:00.000\",\"provided_model_name\":\"gpt-4o\",\"usage_details\":{\"input\":\"-4\",\"output\":\"2\"}}\n",
    );
    let e = langfuse::read(&path)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:1: usage_details: row 1: `input`: `-4` is negative; a count is a whole number from 0\n  hint: token counts are whole numbers from 0",
            path.display()
        )
    );
}
