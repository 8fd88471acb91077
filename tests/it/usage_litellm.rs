//! LiteLLM proxy spend logs read from a real PostgreSQL server the tests
//! start (tests/postgres_support), and from the same table exported as CSV,
//! a JSON list and JSON lines: each gives the records written out by hand
//! below from the fixture's rows (tests/fixtures/litellm-spend-logs.sql), and
//! each kind of bad input gives an error naming the source, row and column.

use crate::common::Scratch;
use crate::postgres_support;
use chrono::{DateTime, TimeZone, Utc};
use llmcost::usage::litellm::{self, Source, Summary};
use llmcost::usage::{Origin, Usage, UsageTokens, Window};
use rust_decimal_macros::dec;
use std::io::Read;
use std::path::PathBuf;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a test time")
        .with_timezone(&Utc)
}

fn labels(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn nowhere() -> Origin {
    Origin {
        source: String::new(),
        line: None,
    }
}

/// The fixture's calls as records, by hand, oldest first; the failed call of
/// 3 November and the cache hit of 4 November are not among them (no
/// provider billed them).
fn expected() -> Vec<Usage> {
    let call = |id: &str, start: &str, model: &str, tokens: UsageTokens| Usage {
        origin: nowhere(),
        start: at(start),
        model: model.to_string(),
        requests: 1,
        tokens,
        batch: false,
        service_tier: None,
        recorded_cost: None,
        labels: labels(&[]),
        tags: Vec::new(),
        prompt: None,
        id: Some(id.to_string()),
        unpriced: Default::default(),
        long_context: None,
    };
    let a = Usage {
        // 2006 prompt tokens = 86 uncached + 1920 read from the cache.
        recorded_cost: Some(dec!(0.005615)),
        labels: labels(&[
            ("team", "team-a"),
            ("end_user", "cust-1"),
            ("user", "user-1"),
            (
                "api_key",
                "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",
            ),
        ]),
        tags: vec!["prod".into(), "chat".into()],
        ..call(
            "chatcmpl-A1",
            "2026-11-03T09:15:00.250Z",
            "gpt-4o-2024-08-06",
            UsageTokens {
                input: 86,
                cache_read: 1920,
                output: 300,
                ..UsageTokens::default()
            },
        )
    };
    let b = Usage {
        // 98805 = 10 + 66360 read + 30000 written for 5 minutes + 2435 for an hour;
        // 5120 completion tokens = 3410 visible + 1710 reasoning. end_user is empty.
        recorded_cost: Some(dec!(0.223848)),
        labels: labels(&[("team", "team-b"), ("user", "user-2"), ("api_key", "hash-b")]),
        tags: vec!["batch-eval".into()],
        ..call(
            "msg_01B2",
            "2026-11-03T14:02:10.500Z",
            "claude-sonnet-4-5-20250929",
            UsageTokens {
                input: 10,
                cache_read: 66360,
                cache_write_5m: 30000,
                cache_write_1h: 2435,
                output: 3410,
                reasoning: 1710,
            },
        )
    };
    let c = Usage {
        // No usage detail beyond the counts: all input is uncached. user is empty.
        recorded_cost: Some(dec!(0.000099)),
        labels: labels(&[("api_key", "hash-c")]),
        ..call(
            "chatcmpl-C3",
            "2026-11-04T23:59:59.999Z",
            "gpt-4o-mini",
            UsageTokens {
                input: 500,
                output: 40,
                ..UsageTokens::default()
            },
        )
    };
    let e = Usage {
        recorded_cost: Some(dec!(0.000228)),
        labels: labels(&[("team", "team-a"), ("user", "user-3"), ("api_key", "hash-c")]),
        ..call(
            "chatcmpl-E5",
            "2026-11-05T00:00:00Z",
            "gpt-4o-mini",
            UsageTokens {
                input: 1200,
                output: 80,
                ..UsageTokens::default()
            },
        )
    };
    vec![a, b, c, e]
}

/// Reads `source` in `window`: the records (origins kept) and the summary.
fn read(source: &Source, window: &Window) -> (Vec<Usage>, Summary) {
    let mut records = Vec::new();
    let summary = litellm::read(source, window, |u| records.push(u)).unwrap_or_else(|e| panic!("{e}"));
    (records, summary)
}

fn without_origins(records: Vec<Usage>) -> Vec<Usage> {
    records.into_iter().map(|u| Usage { origin: nowhere(), ..u }).collect()
}

fn read_err(source: &Source) -> llmcost::input::InputError {
    litellm::read(source, &Window::all(), |_| {}).expect_err("the reading fails")
}

fn window(since: Option<&str>, until: Option<&str>) -> Window {
    Window {
        since: since.map(at),
        until: until.map(at),
    }
}

/// The fixture's table, as psql's `\copy ... CSV HEADER`, `json_agg` and `row_to_json` export it.
struct Exports {
    csv: PathBuf,
    list: PathBuf,
    lines: PathBuf,
    _scratch: Scratch,
}

fn exports(server: &postgres_support::Server, database: &str) -> Exports {
    let scratch = Scratch::new();
    let mut client = server.client(database);
    let order = "ORDER BY \"startTime\", request_id";
    let mut csv = Vec::new();
    client
        .copy_out(&format!(
            "COPY (SELECT * FROM \"LiteLLM_SpendLogs\" {order}) TO STDOUT WITH (FORMAT csv, HEADER)"
        ))
        .expect("COPY TO STDOUT")
        .read_to_end(&mut csv)
        .expect("the CSV");
    let list: String = client
        .query_one(
            &format!("SELECT json_agg(t {order})::text FROM \"LiteLLM_SpendLogs\" t"),
            &[],
        )
        .expect("json_agg")
        .get(0);
    let lines: Vec<String> = client
        .query(
            &format!("SELECT row_to_json(t)::text FROM \"LiteLLM_SpendLogs\" t {order}"),
            &[],
        )
        .expect("row_to_json")
        .iter()
        .map(|r| r.get::<_, String>(0) + "\n")
        .collect();
    let path = |name: &str| scratch.dir.path().join(name);
    std::fs::write(path("spend_logs.csv"), csv).unwrap();
    std::fs::write(path("spend_logs.json"), list).unwrap();
    std::fs::write(path("spend_logs.jsonl"), lines.concat()).unwrap();
    Exports {
        csv: path("spend_logs.csv"),
        list: path("spend_logs.json"),
        lines: path("spend_logs.jsonl"),
        _scratch: scratch,
    }
}

#[test]
fn database_rows_read_as_the_hand_written_records() {
    let server = postgres_support::shared();
    let url = server.fixture_database("rows");
    let (records, summary) = read(&Source::parse(&url), &Window::all());
    assert_eq!(
        records[0].origin,
        Origin {
            source: format!(
                "postgres://llmcost@127.0.0.1:{}/rows table \"LiteLLM_SpendLogs\"",
                server.port
            ),
            line: Some(1),
        }
    );
    assert_eq!(without_origins(records), expected());
    assert_eq!(
        summary,
        Summary {
            rows: 6,
            records: 4,
            cache_hits: 1,
            failures: 1,
            ..Summary::default()
        }
    );
}

#[test]
fn csv_and_json_exports_read_as_the_same_records() {
    let server = postgres_support::shared();
    server.fixture_database("exports");
    let files = exports(&server, "exports");
    for path in [&files.csv, &files.list, &files.lines] {
        let source = Source::parse(path.to_str().unwrap());
        let (records, summary) = read(&source, &Window::all());
        let origins: Vec<Option<u64>> = records.iter().map(|u| u.origin.line).collect();
        // CSV and JSON lines: the line (the CSV's header is line 1); a JSON list: the row.
        // The failed call is row 2, the cache hit row 4.
        let want = if path == &files.csv { [2, 4, 6, 7] } else { [1, 3, 5, 6] };
        assert_eq!(origins, want.map(Some).to_vec(), "{}", path.display());
        assert_eq!(without_origins(records), expected(), "{}", path.display());
        assert_eq!((summary.cache_hits, summary.failures), (1, 1));
        assert_eq!(summary.records, 4);
    }
}

#[test]
fn the_window_keeps_calls_from_its_start_up_to_its_end() {
    let server = postgres_support::shared();
    let url = server.fixture_database("window");
    let files = exports(&server, "window");
    let [a, b, c, e] = <[Usage; 4]>::try_from(expected()).unwrap();
    // 3 and 4 November: the call at midnight on the 5th is out.
    let days = window(Some("2026-11-03T00:00:00Z"), Some("2026-11-05T00:00:00Z"));
    let (records, summary) = read(&Source::parse(&url), &days);
    assert_eq!(without_origins(records), vec![a.clone(), b.clone(), c.clone()]);
    // The server sends only the window's rows.
    assert_eq!((summary.rows, summary.outside_window, summary.cache_hits), (5, 0, 1));
    let (records, summary) = read(&Source::Csv(files.csv.clone()), &days);
    assert_eq!(without_origins(records), vec![a, b, c.clone()]);
    assert_eq!((summary.rows, summary.outside_window), (6, 1));
    // From 4 November on, open-ended.
    let later = window(Some("2026-11-04T00:00:00Z"), None);
    for source in [Source::parse(&url), Source::Json(files.list.clone())] {
        let (records, _) = read(&source, &later);
        assert_eq!(without_origins(records), vec![c.clone(), e.clone()], "{source:?}");
    }
}

#[test]
fn a_timestamptz_column_and_a_session_in_another_zone_read_as_utc() {
    let server = postgres_support::shared();
    server.database("zones");
    let sql = std::fs::read_to_string(postgres_support::fixture()).unwrap().replace(
        "\"startTime\" TIMESTAMP(3) NOT NULL",
        "\"startTime\" TIMESTAMPTZ(3) NOT NULL",
    );
    let mut client = server.client("zones");
    client
        .batch_execute(&format!(
            "SET TIME ZONE 'UTC'; {sql}; ALTER DATABASE zones SET timezone = 'America/New_York'"
        ))
        .unwrap();
    let (records, _) = read(&Source::parse(&server.url("zones")), &Window::all());
    assert_eq!(without_origins(records), expected());
}

/// The server sends only `metadata`'s usage keys from a `json` or `jsonb`
/// column; a `text` column is sent whole and read by the client. Both read
/// as the records, metadata that is not an object as no usage detail.
#[test]
fn metadata_as_jsonb_json_or_text_reads_as_the_same_records() {
    let server = postgres_support::shared();
    for kind in ["jsonb", "json", "text"] {
        let database = format!("metadata_{kind}");
        let url = server.fixture_database(&database);
        let change = format!(
            "ALTER TABLE \"LiteLLM_SpendLogs\" ALTER COLUMN metadata DROP DEFAULT, \
             ALTER COLUMN metadata TYPE {kind} USING metadata::{kind}"
        );
        server.client(&database).batch_execute(&change).unwrap();
        let (records, _) = read(&Source::parse(&url), &Window::all());
        assert_eq!(without_origins(records), expected(), "{kind}");
        // The first call's metadata a list holding what would be its usage:
        // 2006 prompt tokens all uncached input, as with no metadata.
        let list = r#"[{"usage_object": {"prompt_tokens_details": {"cached_tokens": 1920}}}]"#;
        let set = format!("UPDATE \"LiteLLM_SpendLogs\" SET metadata = '{list}' WHERE request_id = 'chatcmpl-A1'");
        server.client(&database).batch_execute(&set).unwrap();
        let (records, _) = read(&Source::parse(&url), &Window::all());
        let t = records[0].tokens;
        assert_eq!((t.input, t.cache_read, t.output), (2006, 0, 300), "{kind}");
    }
}

#[test]
fn json_lines_with_offsets_are_normalised_to_utc() {
    let scratch = Scratch::new();
    let path = scratch.dir.path().join("zones.jsonl");
    // The same instant, 09:15:00.250 UTC, written in four zones.
    let rows: String = [
        "2026-11-03T09:15:00.250Z",
        "2026-11-03T11:15:00.250+02:00",
        "2026-11-03 04:15:00.25-05",
        "2026-11-03T14:45:00.250+05:30",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| {
        format!(
            "{{\"request_id\": \"r{i}\", \"startTime\": \"{t}\", \"model\": \"gpt-4o\", \"prompt_tokens\": 10, \"completion_tokens\": 2, \"spend\": 0.00005}}\n"
        )
    })
    .collect();
    std::fs::write(&path, rows).unwrap();
    let (records, _) = read(&Source::Json(path), &Window::all());
    assert_eq!(records.len(), 4);
    for record in records {
        assert_eq!(
            record.start,
            Utc.with_ymd_and_hms(2026, 11, 3, 9, 15, 0).unwrap() + chrono::Duration::milliseconds(250)
        );
    }
}

#[test]
fn negative_tokens_in_the_database_name_the_row_and_column() {
    let server = postgres_support::shared();
    let url = server.fixture_database("negative");
    server
        .client("negative")
        .batch_execute("UPDATE \"LiteLLM_SpendLogs\" SET prompt_tokens = -5 WHERE request_id = 'chatcmpl-C3'")
        .unwrap();
    let e = read_err(&Source::parse(&url));
    assert_eq!(
        e.file,
        format!(
            "postgres://llmcost@127.0.0.1:{}/negative table \"LiteLLM_SpendLogs\"",
            server.port
        )
    );
    assert_eq!(e.field.as_deref(), Some("prompt_tokens"));
    // Oldest first, chatcmpl-C3 is row 5.
    assert_eq!(
        e.message,
        "row 5: `-5` is negative; a token count is a whole number of 0 or more"
    );
}

#[test]
fn cached_tokens_above_the_prompt_are_refused() {
    let server = postgres_support::shared();
    let url = server.fixture_database("cached");
    server
        .client("cached")
        .batch_execute("UPDATE \"LiteLLM_SpendLogs\" SET prompt_tokens = 1000 WHERE request_id = 'chatcmpl-A1'")
        .unwrap();
    let e = read_err(&Source::parse(&url));
    assert_eq!(e.field.as_deref(), Some("prompt_tokens"));
    assert_eq!(
        e.message,
        "row 1: 1000 prompt tokens are fewer than the 1920 tokens read from a cache they include (metadata.usage_object)"
    );
    assert!(e.hint.unwrap().contains("inside prompt_tokens"));
}

#[test]
fn a_table_without_a_required_column_is_named_with_the_columns_needed() {
    let server = postgres_support::shared();
    let url = server.fixture_database("nospend");
    server
        .client("nospend")
        .batch_execute("ALTER TABLE \"LiteLLM_SpendLogs\" DROP COLUMN spend")
        .unwrap();
    let e = read_err(&Source::parse(&url));
    assert_eq!(e.message, "has no column `spend`");
    let hint = e.hint.unwrap();
    assert!(
        hint.contains("`request_id`, `startTime`, `model`, `prompt_tokens`, `completion_tokens`, `spend`"),
        "{hint}"
    );
    let e = read_err(&Source::parse(&server.database("empty")));
    assert_eq!(e.message, "has no table \"LiteLLM_SpendLogs\" in its search path");
}

#[test]
fn csv_and_json_without_a_required_column_are_refused() {
    let scratch = Scratch::new();
    let csv = scratch.dir.path().join("renamed.csv");
    std::fs::write(
        &csv,
        "request_id,start_time,model,prompt_tokens,completion_tokens,spend\nr1,2026-11-03 09:00:00,gpt-4o,10,2,0.1\n",
    )
    .unwrap();
    let e = read_err(&Source::Csv(csv.clone()));
    assert_eq!(
        e.to_string().lines().next().unwrap(),
        format!("{}: startTime: has no column `startTime`", csv.display())
    );
    assert!(e.hint.unwrap().starts_with("did you mean `start_time`?"));
    let json = scratch.dir.path().join("nomodel.json");
    std::fs::write(&json, r#"[{"request_id": "r1", "startTime": "2026-11-03 09:00:00", "prompt_tokens": 1, "completion_tokens": 1, "spend": 0}]"#).unwrap();
    let e = read_err(&Source::Json(json));
    assert_eq!(e.message, "row 1: has no column `model`");
}

#[test]
fn non_numeric_tokens_name_the_line() {
    let scratch = Scratch::new();
    let csv = scratch.dir.path().join("bad.csv");
    // Lines ending in \n, and in \r\n as Windows writes them: the same line.
    for end in ["\n", "\r\n"] {
        let rows = [
            "request_id,startTime,model,prompt_tokens,completion_tokens,spend",
            "r1,2026-11-03 09:00:00,gpt-4o,10,2,0.1",
            "r2,2026-11-03 09:01:00,gpt-4o,12a,2,0.1",
        ];
        std::fs::write(&csv, rows.join(end) + end).unwrap();
        let e = read_err(&Source::Csv(csv.clone()));
        assert_eq!(
            e.to_string(),
            format!(
                "{}:3: prompt_tokens: `12a` is not a whole number of tokens",
                csv.display()
            )
        );
    }
}

#[test]
fn a_repeated_request_id_is_counted_once_and_reported() {
    let server = postgres_support::shared();
    server.fixture_database("repeat");
    let files = exports(&server, "repeat");
    let text = std::fs::read_to_string(&files.csv).unwrap();
    let first_row = text.lines().nth(1).unwrap();
    std::fs::write(&files.csv, format!("{text}{first_row}\n")).unwrap();
    let (records, summary) = read(&Source::Csv(files.csv.clone()), &Window::all());
    assert_eq!(without_origins(records), expected());
    assert_eq!(summary.repeated.count, 1);
    assert_eq!(summary.repeated.examples[0].id, "chatcmpl-A1");
    assert_eq!(summary.repeated.examples[0].origin.line, Some(8));
    assert!(
        summary
            .notes()
            .iter()
            .any(|n| n.starts_with("1 row repeats a request id already read and was counted once: chatcmpl-A1 ("))
    );
}

#[test]
fn a_truncated_export_names_the_row_where_it_stops() {
    let server = postgres_support::shared();
    server.fixture_database("truncated");
    let files = exports(&server, "truncated");
    let cut = |path: &PathBuf, bytes: usize| {
        let text = std::fs::read(path).unwrap();
        std::fs::write(path, &text[..text.len() - bytes]).unwrap();
    };
    // The CSV loses the end of its last line (row chatcmpl-E5, line 7).
    cut(&files.csv, 12);
    let e = read_err(&Source::Csv(files.csv.clone()));
    assert_eq!(e.line, Some(7));
    assert!(e.message.starts_with("the file ends inside this row"), "{e}");
    // The list stops inside its sixth row.
    cut(&files.list, 30);
    let e = read_err(&Source::Json(files.list.clone()));
    assert!(
        e.message.starts_with("ends inside the list of rows, after row 5"),
        "{e}"
    );
    // JSON lines stop inside line 6.
    cut(&files.lines, 30);
    let e = read_err(&Source::Json(files.lines.clone()));
    assert_eq!(e.line, Some(6));
    assert!(e.message.starts_with("the file ends inside this row"), "{e}");
}

#[test]
fn a_refused_connection_names_the_server_and_the_reason() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://llmcost:secret@127.0.0.1:{port}/litellm");
    let e = read_err(&Source::parse(&url));
    assert_eq!(e.file, format!("postgres://llmcost@127.0.0.1:{port}/litellm"));
    assert!(
        e.message.starts_with("cannot connect to the PostgreSQL server: "),
        "{e}"
    );
    assert!(e.message.to_lowercase().contains("connection refused"), "{e}");
    assert!(!e.to_string().contains("secret"));
}
