//! Generic usage tables read through a column mapping: the same four calls
//! as CSV (tests/fixtures/usage/table.csv), JSON lines (table.jsonl) and
//! Parquet (written here with the parquet crate) give the records written out
//! by hand below; each kind of bad input is an error naming file, row, column
//! and value, with a hint.

use crate::common::{Scratch, llmcost, repo};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::types::{Int8Type, Int32Type, UInt16Type};
use arrow_array::{
    ArrayRef, Decimal128Array, DictionaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray, UInt32Array,
};
use chrono::{DateTime, Utc};
use llmcost::input::InputError;
use llmcost::usage::table::{Mapping, TableFormat, read};
use llmcost::usage::{Origin, Usage, UsageTokens};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// One expected call: the fixture's row with prompt and completion counts
/// split by hand (prompt − cached = uncached input; completion − reasoning =
/// visible output), its time in UTC.
#[allow(clippy::too_many_arguments)]
fn call(
    source: &str,
    line: u64,
    id: &str,
    start: &str,
    model: &str,
    tokens: [u64; 4],
    cost: Decimal,
    labels: &[(&str, &str)],
    tags: &[&str],
) -> Usage {
    let [input, cache_read, output, reasoning] = tokens;
    Usage {
        origin: Origin {
            source: source.to_string(),
            line: Some(line),
        },
        start: utc(start),
        model: model.to_string(),
        requests: 1,
        tokens: UsageTokens {
            input,
            cache_read,
            output,
            reasoning,
            ..Default::default()
        },
        unpriced: BTreeMap::new(),
        long_context: None,
        batch: false,
        service_tier: None,
        recorded_cost: Some(cost),
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        prompt: None,
        id: Some(id.to_string()),
    }
}

/// The four calls of the fixture, at the lines (or rows) `lines` of `source`.
fn expected(source: &str, lines: [u64; 4]) -> Vec<Usage> {
    vec![
        // 1200 prompt with 1000 cached; 300 completion, no reasoning.
        call(
            source,
            lines[0],
            "req-1",
            "2026-11-02T09:15:00Z",
            "gpt-4.1",
            [200, 1000, 300, 0],
            dec!(0.00164),
            &[("team", "search"), ("user", "alice")],
            &["prod", "search"],
        ),
        // 10:15 at +01:00 is 09:15 UTC; 1500 completion with 1200 reasoning.
        call(
            source,
            lines[1],
            "req-2",
            "2026-11-02T09:15:00Z",
            "o4-mini",
            [800, 0, 300, 1200],
            dec!(0.0074),
            &[("team", "search"), ("user", "bob")],
            &["prod"],
        ),
        // 23:30 at -05:00 is 04:30 UTC the next day; 5000 prompt with 4096 cached.
        call(
            source,
            lines[2],
            "req-3",
            "2026-11-02T04:30:00Z",
            "claude-sonnet-4",
            [904, 4096, 250, 0],
            dec!(0.0061),
            &[("team", "support")],
            &[],
        ),
        // No offset: UTC.
        call(
            source,
            lines[3],
            "req-4",
            "2026-11-02T11:00:00Z",
            "gpt-4.1-mini",
            [90, 0, 10, 0],
            dec!(0.000052),
            &[("user", "carol")],
            &["prod", "batch"],
        ),
    ]
}

fn mapping() -> Mapping {
    Mapping::load(&repo("tests/fixtures/usage/table-mapping.yaml")).unwrap()
}

fn read_all(path: &Path, mapping: &Mapping) -> Result<Vec<Usage>, InputError> {
    read(path, TableFormat::of_path(path)?, mapping)?.collect()
}

#[test]
fn csv_rows_become_the_calls_written_by_hand() {
    let path = repo("tests/fixtures/usage/table.csv");
    let got = read_all(&path, &mapping()).unwrap();
    assert_eq!(got, expected(&path.display().to_string(), [2, 3, 4, 5]));
}

#[test]
fn json_lines_become_the_same_calls() {
    let path = repo("tests/fixtures/usage/table.jsonl");
    let got = read_all(&path, &mapping()).unwrap();
    // Line 3 of the file is blank.
    assert_eq!(got, expected(&path.display().to_string(), [1, 2, 4, 5]));
}

#[test]
fn map_text_gives_the_same_mapping_as_the_file() {
    let text = "time=created_at,model=model,id=request_id,input_tokens=prompt_tokens,input_includes_cache=true,\
                cache_read_tokens=cached_tokens,output_tokens=completion_tokens,output_includes_reasoning=true,\
                reasoning_tokens=reasoning_tokens,cost=spend,tags=request_tags,label.team=team_id,label.user=end_user";
    assert_eq!(Mapping::parse_map(text).unwrap(), mapping());
}

/// The fixture's four calls as a Parquet file of typed columns: timestamps in
/// microseconds (UTC), integer tokens (one of them unsigned, one with nulls),
/// cost as a decimal of scale 6, tags as a list of text.
fn write_parquet(path: &Path, prompt: ArrayRef) {
    write_parquet_with(path, prompt, |names| Arc::new(StringArray::from(names)));
}

/// [`write_parquet`] with the model, team and user columns made by `text`.
fn write_parquet_with(path: &Path, prompt: ArrayRef, text: impl Fn(Vec<Option<&str>>) -> ArrayRef) {
    let mut tags = ListBuilder::new(StringBuilder::new());
    for row in [&["prod", "search"][..], &["prod"], &[], &["prod", "batch"]] {
        for t in row {
            tags.values().append_value(t);
        }
        tags.append(true);
    }
    let times = [
        "2026-11-02T09:15:00Z",
        "2026-11-02T09:15:00Z",
        "2026-11-02T04:30:00Z",
        "2026-11-02T11:00:00Z",
    ]
    .map(|t| utc(t).timestamp_micros());
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "request_id",
            Arc::new(StringArray::from(vec!["req-1", "req-2", "req-3", "req-4"])),
        ),
        (
            "created_at",
            Arc::new(TimestampMicrosecondArray::from(times.to_vec()).with_timezone("UTC")),
        ),
        (
            "model",
            text(vec![
                Some("gpt-4.1"),
                Some("o4-mini"),
                Some("claude-sonnet-4"),
                Some("gpt-4.1-mini"),
            ]),
        ),
        ("prompt_tokens", prompt),
        ("cached_tokens", Arc::new(UInt32Array::from(vec![1000, 0, 4096, 0]))),
        (
            "completion_tokens",
            Arc::new(Int64Array::from(vec![300, 1500, 250, 10])),
        ),
        (
            "reasoning_tokens",
            Arc::new(Int64Array::from(vec![Some(0), Some(1200), None, Some(0)])),
        ),
        (
            "spend",
            Arc::new(
                Decimal128Array::from(vec![1640, 7400, 6100, 52])
                    .with_precision_and_scale(18, 6)
                    .unwrap(),
            ),
        ),
        (
            "team_id",
            text(vec![Some("search"), Some("search"), Some("support"), None]),
        ),
        ("end_user", text(vec![Some("alice"), Some("bob"), None, Some("carol")])),
        ("request_tags", Arc::new(tags.finish())),
    ];
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn parquet_rows_become_the_same_calls() {
    let scratch = Scratch::new();
    let path = scratch.path("table.parquet");
    write_parquet(&path, Arc::new(Int64Array::from(vec![1200, 800, 5000, 90])));
    let got = read_all(&path, &mapping()).unwrap();
    assert_eq!(got, expected(&path.display().to_string(), [1, 2, 3, 4]));
}

#[test]
fn parquet_text_written_as_dictionaries_gives_the_same_calls() {
    // As pandas writes a categorical column: each distinct value once, rows as keys
    // (here of 8, 16 and 32 bits, signed and not).
    type Texts = fn(Vec<Option<&str>>) -> ArrayRef;
    let dictionaries: [Texts; 3] = [
        |names| Arc::new(names.into_iter().collect::<DictionaryArray<Int8Type>>()),
        |names| Arc::new(names.into_iter().collect::<DictionaryArray<UInt16Type>>()),
        |names| Arc::new(names.into_iter().collect::<DictionaryArray<Int32Type>>()),
    ];
    let scratch = Scratch::new();
    for (n, dictionary) in dictionaries.into_iter().enumerate() {
        let path = scratch.path(&format!("dictionary-{n}.parquet"));
        write_parquet_with(&path, Arc::new(Int64Array::from(vec![1200, 800, 5000, 90])), dictionary);
        let got = read_all(&path, &mapping()).unwrap();
        assert_eq!(got, expected(&path.display().to_string(), [1, 2, 3, 4]));
        // Priced from its column batches as `usage price` reads them: req-1 on
        // gpt-4.1, 200 × 2 + 1,000 × 0.5 + 300 × 8 = 3,300 per 1M; req-4 on
        // gpt-4.1-mini, 90 × 0.4 + 10 × 1.6 = 52 (tests/fixtures/usage/prices.yaml).
        let out = llmcost()
            .args(["usage", "price"])
            .arg(&path)
            .args(["--mapping", "tests/fixtures/usage/table-mapping.yaml"])
            .args(["--pricing", "tests/fixtures/usage/prices.yaml", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["by_model"]["gpt-4.1"]["cost"], "0.0033");
        assert_eq!(v["total"]["cost"], "0.003352");
        assert_eq!(v["by_label"]["team"]["search"]["cost"], "0.0033");
        assert_eq!(v["unknown"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn a_parquet_column_of_the_wrong_type_is_named() {
    let scratch = Scratch::new();
    let path = scratch.path("floats.parquet");
    write_parquet(&path, Arc::new(Float64Array::from(vec![1200.0, 800.0, 5000.0, 90.0])));
    let e = read_all(&path, &mapping()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: prompt_tokens: the column is of type Float64; expected whole numbers (an integer column)\n  hint: write the column with the type expected, or map another column",
            path.display()
        )
    );
}

#[test]
fn a_truncated_parquet_file_is_refused() {
    let scratch = Scratch::new();
    let path = scratch.path("cut.parquet");
    write_parquet(&path, Arc::new(Int64Array::from(vec![1200, 800, 5000, 90])));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let e = read_all(&path, &mapping()).unwrap_err();
    assert!(e.message.starts_with("is not a readable Parquet file"), "{e}");
    assert!(e.hint.unwrap().contains("truncated"));
}

const HEADER: &str = "request_id,created_at,model,prompt_tokens,cached_tokens,completion_tokens,reasoning_tokens,spend,team_id,end_user,request_tags\n";

/// The error reading a CSV of the fixture's header and `rows`.
fn csv_error(rows: &str) -> (String, InputError) {
    let scratch = Scratch::new();
    let path = scratch.file("bad.csv", &format!("{HEADER}{rows}"));
    let e = read_all(&path, &mapping()).unwrap_err();
    (path.display().to_string(), e)
}

#[test]
fn negative_and_non_numeric_tokens_name_row_and_column() {
    let ok = "req-1,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,300,0,0.00164,search,alice,prod\n";
    let (file, e) = csv_error(&format!(
        "{ok}req-2,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,-30,0,0.1,search,alice,prod\n"
    ));
    assert_eq!(
        e.to_string(),
        format!("{file}:3: completion_tokens: row 2: `-30` is negative; a count is a whole number from 0")
    );
    let (file, e) = csv_error("req-1,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,300,lots,0.1,search,alice,prod\n");
    assert_eq!(
        e.to_string(),
        format!("{file}:2: reasoning_tokens: row 1: `lots` is not a whole number")
    );
}

#[test]
fn a_file_whose_lines_end_in_crlf_names_the_same_lines() {
    // As Windows writes CSV: every line ends in \r\n. Row 2 is on line 3, and
    // the row cut short after it on line 4, whether read as records or priced.
    let ok = "req-1,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,300,0,0.00164,search,alice,prod";
    let bad = "req-2,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,-30,0,0.1,search,alice,prod";
    let scratch = Scratch::new();
    let path = scratch.file("crlf.csv", &format!("{}\r\n{ok}\r\n{bad}\r\n", HEADER.trim_end()));
    let file = path.display().to_string();
    let expected = format!("{file}:3: completion_tokens: row 2: `-30` is negative; a count is a whole number from 0");
    assert_eq!(read_all(&path, &mapping()).unwrap_err().to_string(), expected);
    let out = llmcost()
        .args(["usage", "price", &file, "--mapping"])
        .arg(repo("tests/fixtures/usage/table-mapping.yaml"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(&expected), "{out:?}");
    let cut = scratch.file(
        "cut.csv",
        &format!("{}\r\n{ok}\r\n{ok}\r\nreq-3,2026", HEADER.trim_end()),
    );
    let e = read_all(&cut, &mapping()).unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (Some(4), "row 3 has 2 cells where the header has 11")
    );
}

#[test]
fn cached_tokens_above_the_prompt_are_refused() {
    let (file, e) = csv_error("req-1,2026-11-02T09:15:00Z,gpt-4.1,1000,1200,300,0,0.1,search,alice,prod\n");
    assert_eq!(
        e.to_string(),
        format!(
            "{file}:2: prompt_tokens: row 1: 1000 prompt tokens are fewer than the 1200 cached tokens (read and written) of the same row\n  hint: input_includes_cache=true says the prompt count includes cached tokens; check the mapping of the cache columns"
        )
    );
}

#[test]
fn a_truncated_csv_names_the_row_cut_short() {
    let (file, e) = csv_error(
        "req-1,2026-11-02T09:15:00Z,gpt-4.1,1200,1000,300,0,0.00164,search,alice,prod\nreq-2,2026-11-02T09:15:00Z,gpt-4.1,12",
    );
    assert_eq!(
        e.to_string(),
        format!(
            "{file}:3: row 2 has 4 cells where the header has 11\n  hint: a row cut short is what a truncated file ends with; export the table again"
        )
    );
}

#[test]
fn a_truncated_json_line_names_its_line() {
    let scratch = Scratch::new();
    let text = std::fs::read_to_string(repo("tests/fixtures/usage/table.jsonl")).unwrap();
    let cut = &text[..text.len() - 40];
    let path = scratch.file("cut.jsonl", cut);
    let e = read_all(&path, &mapping()).unwrap_err();
    assert_eq!(e.line, Some(5));
    assert!(
        e.message
            .starts_with("row 4: not a JSON object of a usage table: EOF while parsing"),
        "{e}"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("a line cut short is what a truncated file ends with; export the table again")
    );
}

#[test]
fn a_missing_column_says_which_map_entry_to_add() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "t.csv",
        "when,model,prompt_tokens,completion_tokens\n2026-11-02T09:15:00Z,gpt-4.1,1,2\n",
    );
    let m = Mapping::parse_map("input_tokens=prompt_tokens,output_tokens=completion_tokens").unwrap();
    let e = read_all(&path, &m).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: has no column for `time`, which a usage record needs\n  hint: add --map time=COLUMN (or `time: COLUMN` in the mapping file); the columns are: when, model, prompt_tokens, completion_tokens",
            path.display()
        )
    );
}

#[test]
fn a_bad_mapping_file_names_its_line() {
    let scratch = Scratch::new();
    let path = scratch.file("m.yaml", "model: model\ninput_tokns: prompt_tokens\n");
    let e = Mapping::load(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:2: input_tokns: `input_tokns` is not a field of a usage record\n  hint: did you mean `input_tokens`? (a label is label.NAME)",
            path.display()
        )
    );
}

#[test]
fn a_byte_order_mark_is_dropped_and_a_cell_not_utf8_is_named() {
    let scratch = Scratch::new();
    let path = scratch.path("bom.csv");
    let mut bytes = b"\xef\xbb\xbftime,model,input_tokens,output_tokens\n2026-11-02T09:15:00Z,gpt-4.1,12,3\n".to_vec();
    std::fs::write(&path, &bytes).unwrap();
    let got = read_all(&path, &Mapping::default()).unwrap();
    assert_eq!(
        (got[0].model.as_str(), got[0].tokens.input, got[0].tokens.output),
        ("gpt-4.1", 12, 3)
    );
    bytes.extend_from_slice(b"2026-11-02T09:16:00Z,caf\xe9,12,3\n");
    std::fs::write(&path, &bytes).unwrap();
    let e = read_all(&path, &Mapping::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3: model: row 2: the cell is not UTF-8\n  hint: save the file as UTF-8",
            path.display()
        )
    );
}

#[test]
fn json_strings_with_escapes_are_read_as_text() {
    let scratch = Scratch::new();
    let path = scratch.file(
        "esc.jsonl",
        "{\"time\":\"2026-11-02T09:15:00Z\",\"model\":\"gpt-4.1\",\"input_tokens\":\"12\",\"output_tokens\":3,\"prompt\":\"say \\\"hi\\\"\\n\"}\n",
    );
    let got = read_all(&path, &Mapping::default()).unwrap();
    assert_eq!(got[0].prompt.as_deref(), Some("say \"hi\"\n"));
    assert_eq!(got[0].tokens.input, 12);
}

/// The fixture's rows, then `req-1` again as it was and `req-4` again with
/// other counts, a day later: the two rows that repeat an id.
fn with_repeats(scratch: &Scratch, name: &str) -> std::path::PathBuf {
    let path = scratch.path(name);
    let fixture = repo(&format!(
        "tests/fixtures/usage/table.{}",
        name.rsplit('.').next().unwrap()
    ));
    let mut text = std::fs::read_to_string(fixture).unwrap();
    if name.ends_with(".csv") {
        let first = text.lines().nth(1).unwrap().to_string();
        text += &format!("{first}\nreq-4,2026-11-03T08:00:00Z,gpt-4.1,1000,0,1000,0,0.01,ops,dave,\n");
    } else {
        let first = text.lines().next().unwrap().to_string();
        text += &format!(
            "{first}\n{{\"request_id\":\"req-4\",\"created_at\":\"2026-11-03T08:00:00Z\",\"model\":\"gpt-4.1\",\
             \"prompt_tokens\":1000,\"completion_tokens\":1000,\"spend\":0.01}}\n"
        );
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn rows_that_repeat_a_request_id_are_priced_once_and_reported() {
    let scratch = Scratch::new();
    // CSV: the repeats on lines 6 and 7; JSON lines: 6 and 7 (line 3 is blank).
    for name in ["calls.csv", "calls.jsonl"] {
        let path = with_repeats(&scratch, name);
        let out = llmcost()
            .args(["usage", "price", path.to_str().unwrap(), "--mapping"])
            .arg(repo("tests/fixtures/usage/table-mapping.yaml"))
            .args(["--pricing", "tests/fixtures/usage/prices.yaml", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // The fixture's four calls only: req-1 on gpt-4.1 at 3,300 per 1M, req-4 on
        // gpt-4.1-mini at 52 (tests/it/usage_price.rs); the repeat of req-4 on gpt-4.1
        // (1,000 × 2 + 1,000 × 8 = 10,000 per 1M) is not counted.
        assert_eq!(v["total"]["cost"], "0.003352", "{name}");
        assert_eq!(v["total"]["records"], 4, "{name}");
        assert_eq!(v["by_day"].get("2026-11-03"), None, "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let file = path.display();
        assert!(
            stderr.contains(&format!(
                "2 rows repeat a request id already read and were counted once: req-1 ({file}:6), req-4 ({file}:7)"
            )),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn every_command_reading_logs_reads_a_repeated_id_once() {
    let scratch = Scratch::new();
    let mapping = mapping();
    for name in ["calls.csv", "calls.jsonl"] {
        let path = with_repeats(&scratch, name);
        let mut ids = Vec::new();
        let notes = llmcost::usage::read_logs(
            path.to_str().unwrap(),
            &llmcost::usage::Window::all(),
            Some(&mapping),
            |u| ids.push(u.id.unwrap()),
        )
        .unwrap();
        assert_eq!(ids, ["req-1", "req-2", "req-3", "req-4"], "{name}");
        assert!(
            notes.iter().any(|n| n.starts_with("2 rows repeat a request id")),
            "{notes:?}"
        );
        // A window that leaves out the first req-4 (2 November) keeps the later one.
        let window = llmcost::usage::Window {
            since: Some(utc("2026-11-02T12:00:00Z")),
            until: None,
        };
        let mut kept = Vec::new();
        llmcost::usage::read_logs(path.to_str().unwrap(), &window, Some(&mapping), |u| {
            kept.push((u.id.unwrap(), u.model))
        })
        .unwrap();
        assert_eq!(kept, [("req-4".to_string(), "gpt-4.1".to_string())], "{name}");
    }
    // A Langfuse export whose observation is written twice.
    let path = scratch.path("observations.jsonl");
    let text = std::fs::read_to_string(repo("tests/fixtures/usage/langfuse-observations.jsonl")).unwrap();
    let second = text.lines().nth(1).unwrap();
    std::fs::write(&path, format!("{text}{second}\n")).unwrap();
    let mut ids = Vec::new();
    let notes = llmcost::usage::read_logs(path.to_str().unwrap(), &llmcost::usage::Window::all(), None, |u| {
        ids.push(u.id.unwrap())
    })
    .unwrap();
    assert_eq!(ids.iter().filter(|id| *id == "gen-1").count(), 1, "{ids:?}");
    assert!(
        notes.iter().any(|n| n.starts_with("1 row repeats a request id")),
        "{notes:?}"
    );
}
