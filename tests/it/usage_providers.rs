//! The provider usage readers against fixtures written from the providers'
//! published schemas (docs/usage-sources.md cites each): every record equals
//! one written out by hand from the fixture's numbers, and bad input is
//! refused naming file, line, field and value.

use chrono::{DateTime, TimeZone, Utc};
use llmcost::usage::{CostLine, Origin, Source, Usage, UsageTokens, costs_of, read_costs, read_usage, usage_of};
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/usage")
        .join(name)
}

fn at(path: &Path, line: u64) -> Origin {
    Origin {
        source: path.display().to_string(),
        line: Some(line),
    }
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// A record with the fields every provider bucket leaves empty.
fn bucket(origin: Origin, start: DateTime<Utc>, model: &str, requests: u64, tokens: UsageTokens) -> Usage {
    Usage {
        origin,
        start,
        model: model.into(),
        requests,
        tokens,
        unpriced: BTreeMap::new(),
        long_context: None,
        batch: false,
        service_tier: None,
        recorded_cost: None,
        labels: BTreeMap::new(),
        tags: Vec::new(),
        prompt: None,
        id: None,
    }
}

#[test]
fn openai_usage_pages_split_cached_and_written_input_and_count_audio_apart() {
    let path = fixture("openai-usage-pages.json");
    let (source, records) = read_usage(&path).unwrap();
    assert_eq!(source, Source::OpenAi);
    // 120,000 input = 30,000 cached + 5,000 written + 85,000 uncached; of the
    // uncached, 3,000 are audio and 2,000 image, so 80,000 are text; of the
    // cached, 1,000 are audio, so 29,000 are text; of 20,000 output, 500 are
    // audio, so 19,500 are text.
    let mut first = bucket(
        at(&path, 10),
        day(1),
        "gpt-4.1-mini-2025-04-14",
        400,
        UsageTokens {
            input: 80_000,
            cache_read: 29_000,
            cache_write_5m: 5_000,
            output: 19_500,
            ..UsageTokens::default()
        },
    );
    first.unpriced = counts(&[
        ("input_audio_tokens", 3_000),
        ("input_cached_audio_tokens", 1_000),
        ("input_image_tokens", 2_000),
        ("output_audio_tokens", 500),
    ]);
    first.service_tier = Some("default".into());
    first.labels = map(&[("project", "proj_support")]);
    // 50,000 input = 10,000 cached + 40,000 uncached, all text; a batch job.
    let mut second = bucket(
        at(&path, 34),
        day(1),
        "gpt-4.1-2025-04-14",
        25,
        UsageTokens {
            input: 40_000,
            cache_read: 10_000,
            output: 8_000,
            ..UsageTokens::default()
        },
    );
    second.batch = true;
    second.service_tier = Some("default".into());
    second.labels = map(&[("project", "proj_research")]);
    // The second page: 60,000 uncached text tokens on the flex tier.
    let mut third = bucket(
        at(&path, 72),
        day(2),
        "gpt-4.1-mini-2025-04-14",
        150,
        UsageTokens {
            input: 60_000,
            output: 6_000,
            ..UsageTokens::default()
        },
    );
    third.service_tier = Some("flex".into());
    third.labels = map(&[
        ("project", "proj_support"),
        ("user", "user-alice"),
        ("api_key", "key_support"),
    ]);
    assert_eq!(records, vec![first, second, third]);
}

#[test]
fn openai_usage_of_the_earlier_schema_counts_cached_within_text_input_and_audio_apart() {
    let path = fixture("openai-usage-earlier.json");
    let (_, records) = read_usage(&path).unwrap();
    // 10,000 text input include 4,000 cached: 6,000 uncached. Audio (600 in,
    // 300 out) is counted apart from input_tokens and output_tokens.
    let mut expected = bucket(
        at(&path, 9),
        day(1),
        "gpt-4o-2024-08-06",
        12,
        UsageTokens {
            input: 6_000,
            cache_read: 4_000,
            output: 2_000,
            ..UsageTokens::default()
        },
    );
    expected.unpriced = counts(&[("input_audio_tokens", 600), ("output_audio_tokens", 300)]);
    assert_eq!(records, vec![expected]);
}

#[test]
fn openai_costs_keep_every_digit_of_each_amount() {
    let path = fixture("openai-costs.jsonl");
    let (source, lines) = read_costs(&path).unwrap();
    assert_eq!(source, Source::OpenAi);
    let line = |n: u64, start: u32, amount, item: &str, model: &str, project: &str| CostLine {
        origin: at(&path, n),
        start: day(start),
        end: day(start + 1),
        amount,
        currency: "USD".into(),
        description: Some(item.into()),
        model: Some(model.into()),
        labels: map(&[("project", project)]),
    };
    assert_eq!(
        lines,
        vec![
            line(
                1,
                1,
                dec!(0.25),
                "gpt-4.1-mini-2025-04-14, input",
                "gpt-4.1-mini-2025-04-14",
                "proj_support"
            ),
            // 18 significant digits: more than an f64 holds.
            line(
                1,
                1,
                dec!(12.3456789012345678),
                "gpt-4.1-mini-2025-04-14, output",
                "gpt-4.1-mini-2025-04-14",
                "proj_support"
            ),
            line(
                2,
                2,
                dec!(0.0375),
                "gpt-4.1-2025-04-14, batch input",
                "gpt-4.1-2025-04-14",
                "proj_research"
            ),
        ]
    );
}

#[test]
fn anthropic_usage_reports_keep_each_cache_write_ttl_and_count_no_calls() {
    let path = fixture("anthropic-usage.json");
    let (source, records) = read_usage(&path).unwrap();
    assert_eq!(source, Source::Anthropic);
    let mut sonnet = bucket(
        at(&path, 7),
        day(1),
        "claude-sonnet-4-5-20250929",
        0,
        UsageTokens {
            input: 150_000,
            cache_read: 600_000,
            cache_write_5m: 40_000,
            cache_write_1h: 10_000,
            output: 30_000,
            reasoning: 0,
        },
    );
    sonnet.unpriced = counts(&[("web_search_requests", 12)]);
    sonnet.service_tier = Some("standard".into());
    sonnet.labels = map(&[
        ("api_key", "apikey_01SupportBot"),
        ("context_window", "0-200k"),
        ("workspace", "wrkspc_01Support"),
    ]);
    sonnet.long_context = Some(false);
    let mut haiku = bucket(
        at(&path, 24),
        day(1),
        "claude-haiku-4-5-20251001",
        0,
        UsageTokens {
            input: 80_000,
            output: 9_000,
            ..UsageTokens::default()
        },
    );
    haiku.batch = true;
    haiku.service_tier = Some("batch".into());
    haiku.labels = map(&[("context_window", "0-200k")]);
    haiku.long_context = Some(false);
    let mut long = bucket(
        at(&path, 47),
        day(2),
        "claude-sonnet-4-5-20250929",
        0,
        UsageTokens {
            input: 450_000,
            output: 4_000,
            ..UsageTokens::default()
        },
    );
    long.service_tier = Some("standard".into());
    long.labels = map(&[("context_window", "200k-1M"), ("workspace", "wrkspc_01Research")]);
    // The report says this bucket is above 200k tokens a call.
    long.long_context = Some(true);
    assert_eq!(records, vec![sonnet, haiku, long]);
}

#[test]
fn anthropic_costs_are_read_from_cents_into_dollars() {
    let path = fixture("anthropic-costs.json");
    let (_, lines) = read_costs(&path).unwrap();
    let amounts: Vec<_> = lines.iter().map(|l| (l.origin.line, l.amount)).collect();
    // "45.000" cents is $0.45; "18" is $0.18; "12.00" is $0.12; the
    // documentation's own "123.78912" is $1.2378912.
    assert_eq!(
        amounts,
        vec![
            (Some(7), dec!(0.45)),
            (Some(18), dec!(0.18)),
            (Some(29), dec!(0.12)),
            (Some(46), dec!(1.2378912)),
        ]
    );
    assert_eq!(
        lines[0],
        CostLine {
            origin: at(&path, 7),
            start: day(1),
            end: day(2),
            amount: dec!(0.45),
            currency: "USD".into(),
            description: Some("Claude Sonnet 4.5 Usage - Input Tokens".into()),
            model: Some("claude-sonnet-4-5-20250929".into()),
            labels: map(&[
                ("context_window", "0-200k"),
                ("cost_type", "tokens"),
                ("service_tier", "standard"),
                ("token_type", "uncached_input_tokens"),
                ("workspace", "wrkspc_01Support"),
            ]),
        }
    );
    assert_eq!(
        (lines[2].model.as_deref(), &lines[2].labels),
        (
            None,
            &map(&[("cost_type", "web_search"), ("workspace", "wrkspc_01Support")])
        )
    );
}

#[test]
fn bedrock_invocation_logs_are_one_call_a_line() {
    let path = fixture("bedrock-invocations.jsonl");
    let (source, records) = read_usage(&path).unwrap();
    assert_eq!(source, Source::Bedrock);
    let call = |line, time: (u32, u32, u32, u32), model: &str, tokens, id: &str, labels| Usage {
        origin: at(&path, line),
        start: Utc.with_ymd_and_hms(2026, 11, time.0, time.1, time.2, time.3).unwrap(),
        model: model.into(),
        requests: 1,
        tokens,
        unpriced: BTreeMap::new(),
        long_context: None,
        batch: false,
        service_tier: None,
        recorded_cost: None,
        labels,
        tags: Vec::new(),
        prompt: None,
        id: Some(id.into()),
    };
    let support = map(&[
        ("account", "123456789012"),
        (
            "identity",
            "arn:aws:sts::123456789012:assumed-role/support-bot/session-1",
        ),
        ("metadata.project", "support"),
        ("operation", "Converse"),
        ("region", "us-east-1"),
    ]);
    assert_eq!(
        records,
        vec![
            call(
                1,
                (1, 9, 15, 2),
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                UsageTokens {
                    input: 1_200,
                    cache_write_5m: 2_048,
                    output: 350,
                    ..UsageTokens::default()
                },
                "7ee514f3-9eff-467c-af75-8fd564ce58e5",
                support.clone(),
            ),
            call(
                2,
                (1, 9, 16, 40),
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                UsageTokens {
                    input: 150,
                    cache_read: 2_048,
                    output: 410,
                    ..UsageTokens::default()
                },
                "0b7d2a61-3c1e-4f59-9d3a-2e6f1c8b9a70",
                support,
            ),
            call(
                3,
                (2, 17, 16, 18),
                "us.meta.llama3-1-8b-instruct-v1:0",
                UsageTokens {
                    input: 15,
                    output: 12,
                    ..UsageTokens::default()
                },
                "a4c1e2d3-5b6f-4a7e-8c9d-0e1f2a3b4c5d",
                map(&[
                    ("account", "123456789012"),
                    ("identity", "arn:aws:sts::123456789012:assumed-role/Admin/analyst"),
                    ("inference_region", "us-west-2"),
                    ("operation", "InvokeModel"),
                    ("region", "us-east-1"),
                ]),
            ),
        ]
    );
}

/// The error reading `text` as usage (or as costs), written to a file named `name`.
fn refused(name: &str, text: &str, costs: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let err = if costs {
        read_costs(&path).unwrap_err()
    } else {
        read_usage(&path).unwrap_err()
    };
    err.to_string().replace(&dir.path().display().to_string(), "DIR")
}

/// An OpenAI page of one completions result with the fields given.
fn openai_page(fields: &str) -> String {
    format!(
        "{{\"object\": \"page\", \"data\": [{{\"object\": \"bucket\", \"start_time\": 1793491200, \
         \"end_time\": 1793577600, \"results\": [\n{{\"object\": \"organization.usage.completions.result\", {fields}}}]}}], \
         \"has_more\": false, \"next_page\": null}}"
    )
}

#[test]
fn bad_token_counts_are_refused_at_their_line_and_field() {
    let cases = [
        (
            "\"input_tokens\": -5, \"output_tokens\": 1, \"num_model_requests\": 1, \"model\": \"m\"",
            "DIR/u.json:2: data[0].results[0].input_tokens: `-5` is negative; a count is a whole number of at least 0",
        ),
        (
            "\"input_tokens\": \"many\", \"output_tokens\": 1, \"num_model_requests\": 1, \"model\": \"m\"",
            "DIR/u.json:2: data[0].results[0].input_tokens: expected a whole number, found `\"many\"`",
        ),
        (
            "\"input_tokens\": 100, \"input_cached_tokens\": 150, \"output_tokens\": 1, \"num_model_requests\": 1, \
             \"model\": \"m\"",
            "DIR/u.json:2: data[0].results[0].input_cached_tokens: input_cached_tokens (150) is more than \
             input_tokens (100), which includes it\n  hint: OpenAI counts these tokens within the total; the result \
             does not add up",
        ),
        (
            "\"input_tokens\": 100, \"input_cached_tokens\": 50, \"input_cache_write_tokens\": 0, \
             \"input_uncached_tokens\": 40, \"output_tokens\": 1, \"num_model_requests\": 1, \"model\": \"m\"",
            "DIR/u.json:2: data[0].results[0].input_uncached_tokens: input_tokens (100) is not input_cached_tokens + \
             input_cache_write_tokens + input_uncached_tokens (50 + 0 + 40 = 90)\n  hint: OpenAI's input_tokens is \
             the sum of these three; the result does not add up",
        ),
        (
            "\"input_tokens\": 100, \"num_model_requests\": 1, \"model\": \"m\"",
            "DIR/u.json:2: data[0].results[0].output_tokens: the required field `output_tokens` is missing\n  hint: \
             the OpenAI API returns it in every page; save the response unchanged",
        ),
        (
            "\"input_tokens\": 100, \"output_tokens\": 1, \"num_model_requests\": 1, \"model\": null",
            "DIR/u.json:2: data[0].results[0].model: the required field `model` is null\n  hint: fetch the usage \
             with `group_by=model` (and `batch`, `service_tier`), so each result names the model its tokens are \
             priced at",
        ),
    ];
    for (fields, expected) in cases {
        assert_eq!(refused("u.json", &openai_page(fields), false), expected, "{fields}");
    }
}

#[test]
fn anthropic_and_bedrock_refuse_what_their_schemas_do_not_allow() {
    let anthropic = "{\"data\": [{\"starting_at\": \"2026-11-01T00:00:00Z\", \"ending_at\": \"2026-11-02T00:00:00Z\", \
                     \"results\": [\n{\"uncached_input_tokens\": 10, \"cache_read_input_tokens\": 0, \"output_tokens\": \
                     1.5, \"cache_creation\": {\"ephemeral_5m_input_tokens\": 0, \"ephemeral_1h_input_tokens\": 0}, \
                     \"model\": \"claude-haiku-4-5\"}]}], \"has_more\": false, \"next_page\": null}";
    assert_eq!(
        refused("a.json", anthropic, false),
        "DIR/a.json:2: data[0].results[0].output_tokens: `1.5` is not a whole number"
    );
    let bedrock = "{\"schemaType\": \"ModelInvocationLog\", \"timestamp\": \"2026-11-01T09:15:02Z\", \"modelId\": \"m\", \
                   \"input\": {\"inputTokenCount\": 5}, \"output\": {\"outputTokenCount\": 1}}\n\
                   {\"schemaType\": \"ModelInvocationLog\", \"timestamp\": \"2026-11-01T09:15:03Z\", \"modelId\": \"m\", \
                   \"input\": {}, \"output\": {\"outputTokenCount\": 1}}\n";
    assert_eq!(
        refused("b.jsonl", bedrock, false),
        "DIR/b.jsonl:2: input.inputTokenCount: the required field `inputTokenCount` is missing\n  hint: Bedrock \
         writes it in every invocation log record; keep the records unchanged"
    );
}

#[test]
fn a_truncated_file_is_refused_at_the_line_where_it_ends() {
    let text = std::fs::read_to_string(fixture("bedrock-invocations.jsonl")).unwrap();
    let cut = &text[..text.len() - 200];
    assert_eq!(
        refused("b.jsonl", cut, false),
        "DIR/b.jsonl:3: the JSON ends in the middle of a value\n  hint: the file looks cut short: save the whole \
         response or log again"
    );
    let text = std::fs::read_to_string(fixture("anthropic-usage.json")).unwrap();
    let cut: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    assert!(refused("a.json", &cut, false).starts_with("DIR/a.json:30: the JSON ends in the middle of a value"));
}

#[test]
fn a_cost_report_in_two_currencies_is_refused() {
    let text = std::fs::read_to_string(fixture("openai-costs.jsonl")).unwrap();
    let mixed = text.replacen(
        "\"currency\": \"usd\"}, \"line_item\": \"gpt-4.1-2025",
        "\"currency\": \"eur\"}, \"line_item\": \"gpt-4.1-2025",
        1,
    );
    assert_ne!(mixed, text);
    assert_eq!(
        refused("c.jsonl", &mixed, true),
        "DIR/c.jsonl:2: currency: `EUR` differs from `USD` of the first cost line (DIR/c.jsonl:1); the costs of \
         one report must be in one currency\n  hint: reconcile each currency's costs from a report of their own"
    );
}

#[test]
fn usage_and_costs_given_in_each_other_s_place_are_named() {
    let e = refused(
        "c.json",
        &std::fs::read_to_string(fixture("anthropic-costs.json")).unwrap(),
        false,
    );
    assert!(e.contains("this is a cost report, not usage"), "{e}");
    let e = refused(
        "u.json",
        &std::fs::read_to_string(fixture("openai-usage-pages.json")).unwrap(),
        true,
    );
    assert!(e.contains("is usage, not a cost: this is a usage page"), "{e}");
    let e = refused(
        "b.jsonl",
        &std::fs::read_to_string(fixture("bedrock-invocations.jsonl")).unwrap(),
        true,
    );
    assert!(e.contains("Bedrock invocation logs record tokens, not costs"), "{e}");
    let e = refused("s.yaml", "name: x\ntiers: []\nstrategies: []\n", false);
    assert!(e.contains("this looks like a scenario"), "{e}");
}

#[test]
fn every_cut_of_every_fixture_is_read_or_refused_never_a_panic() {
    for name in [
        "openai-usage-pages.json",
        "openai-usage-earlier.json",
        "openai-costs.jsonl",
        "anthropic-usage.json",
        "anthropic-costs.json",
        "bedrock-invocations.jsonl",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let whole = (usage_of(name, &text).is_ok(), costs_of(name, &text).is_ok());
        assert!(whole.0 || whole.1, "{name} reads neither as usage nor as costs");
        // Every line end, and a cut every 11 bytes between them.
        let ends =
            (0..text.len()).filter(|&i| text.is_char_boundary(i) && (i % 11 == 0 || text[i..].starts_with('\n')));
        for end in ends {
            let cut = &text[..end];
            // A cut inside a value or a line is refused; a cut between JSON
            // lines leaves whole records, which read.
            let _ = usage_of(name, cut);
            let _ = costs_of(name, cut);
        }
    }
}
