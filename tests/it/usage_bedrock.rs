//! Amazon Bedrock invocation logs read a line at a time: a file far above
//! the size limit of an input file is priced, gzipped files as S3 delivers
//! them too, each record's errors name its line, and a record whose
//! `requestId` an earlier one had is counted once.

use crate::common::{Scratch, llmcost, repo};
use flate2::Compression;
use flate2::write::GzEncoder;
use llmcost::input::MAX_FILE_BYTES;
use llmcost::usage::{Window, read_logs};
use std::io::Write;
use std::path::Path;

const HAIKU: &str = "anthropic.claude-3-5-haiku-20241022-v1:0";

/// One invocation log record, as Bedrock writes it (AWS's example record's
/// fields), with a prompt and an answer of `body` in their JSON bodies.
fn record(id: &str, time: &str, input: u64, output: u64, body: &str) -> String {
    format!(
        "{{\"schemaType\": \"ModelInvocationLog\", \"schemaVersion\": \"1.0\", \"timestamp\": \"{time}\", \
         \"accountId\": \"123456789012\", \"region\": \"us-east-1\", \"requestId\": \"{id}\", \"operation\": \
         \"Converse\", \"modelId\": \"{HAIKU}\", \"input\": {{\"inputContentType\": \"application/json\", \
         \"inputBodyJson\": {{\"messages\": [{{\"role\": \"user\", \"content\": [{{\"text\": \"{body}\"}}]}}]}}, \
         \"inputTokenCount\": {input}}}, \"output\": {{\"outputContentType\": \"application/json\", \
         \"outputBodyJson\": {{\"output\": {{\"message\": {{\"content\": [{{\"text\": \"{body}\"}}]}}}}}}, \
         \"outputTokenCount\": {output}}}}}"
    )
}

/// `usage price` of `path` at the test prices, as JSON, and its warnings.
fn priced(path: &Path) -> (serde_json::Value, String) {
    let out = llmcost()
        .args(["usage", "price", path.to_str().unwrap()])
        .args(["--pricing", "tests/fixtures/usage/prices.yaml", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// The request ids `read_logs` hands on from `path` in `window`, and its notes.
fn ids(path: &Path, window: &Window) -> (Vec<String>, Vec<String>) {
    let mut ids = Vec::new();
    let notes = read_logs(path.to_str().unwrap(), window, None, |u| ids.push(u.id.unwrap())).unwrap();
    (ids, notes)
}

#[test]
fn logs_above_the_size_of_an_input_file_are_priced_a_line_at_a_time() {
    let scratch = Scratch::new();
    let path = scratch.path("invocations.jsonl");
    // 4,200 calls with 2,100 bytes of prompt and of answer each; call i has
    // 1,000 + i input tokens and 10 output tokens. The last repeats call 7's id.
    let body = "lorem ipsum ".repeat(175);
    let mut text = String::new();
    for i in 1..=4200u64 {
        let id = if i == 4200 {
            "req-7".to_string()
        } else {
            format!("req-{i}")
        };
        let time = format!("2026-11-{:02}T{:02}:{:02}:00Z", 1 + i / 1440, i / 60 % 24, i % 60);
        text += &record(&id, &time, 1000 + i, 10, &body);
        text.push('\n');
    }
    assert!(text.len() as u64 > MAX_FILE_BYTES, "{} bytes", text.len());
    std::fs::write(&path, &text).unwrap();
    let (v, stderr) = priced(&path);
    // Calls 1 to 4,199 at claude-3-5-haiku's $0.8 input and $4 output per 1M:
    // input 4,199 × 1,000 + (1 + ... + 4,199) = 4,199,000 + 8,817,900 tokens.
    let input: u64 = (1..4200).map(|i| 1000 + i).sum();
    assert_eq!(input, 13_016_900);
    let micro_dollars = input * 8 / 10 + 4199 * 10 * 4;
    assert_eq!(micro_dollars, 10_581_480);
    assert_eq!(v["total"]["cost"], "10.58148");
    assert_eq!(v["total"]["records"], 4199);
    assert_eq!(v["by_model"]["claude-3-5-haiku"]["tokens"]["input"], input);
    assert!(
        stderr.contains(&format!(
            "1 row repeats a request id already read and was counted once: req-7 ({}:4200)",
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_bad_record_is_named_at_its_line() {
    let scratch = Scratch::new();
    let good = record("a", "2026-11-01T09:00:00Z", 10, 1, "hi");
    let missing = good.replace("\"inputTokenCount\": 10", "\"inputContentType2\": 0");
    let cases = [
        // Line 2 blank; the record on line 4 lacks its input count.
        (
            format!("{good}\n\n{good}\n{missing}\n{good}\n"),
            "4: input.inputTokenCount: the required field `inputTokenCount` is missing\n  hint: Bedrock writes \
             it in every invocation log record; keep the records unchanged",
        ),
        // Windows line ends.
        (
            format!("{good}\r\n{good}\r\n{missing}\r\n"),
            "3: input.inputTokenCount: the required field `inputTokenCount` is missing\n  hint: Bedrock writes \
             it in every invocation log record; keep the records unchanged",
        ),
        // The last line cut short.
        (
            format!("{good}\n{good}\n{}", &good[..good.len() / 2]),
            "3: the JSON ends in the middle of a value\n  hint: the file looks cut short: save the whole response \
             or log again",
        ),
        // A line of another kind of record.
        (
            format!("{good}\n{}\n", good.replace("ModelInvocationLog", "Other")),
            "2: schemaType: expected `ModelInvocationLog`, found `Other`\n  hint: expected Amazon Bedrock model \
             invocation logs: one JSON record a line, each with `\"schemaType\": \"ModelInvocationLog\"`",
        ),
    ];
    for (text, expected) in cases {
        let path = scratch.file("logs.jsonl", &text);
        let err = read_logs(path.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
        assert_eq!(err.to_string(), format!("{}:{expected}", path.display()));
    }
    // Bytes that are not UTF-8 on line 3.
    let path = scratch.path("logs.jsonl");
    let mut bytes = format!("{good}\n{good}\n").into_bytes();
    bytes.extend(b"{\"schemaType\": \"\xff\"}\n");
    std::fs::write(&path, bytes).unwrap();
    let err = read_logs(path.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert_eq!(err.to_string(), format!("{}:3: is not UTF-8 text", path.display()));
}

#[test]
fn a_repeated_request_id_is_handed_on_once() {
    let scratch = Scratch::new();
    let one = |id: &str, day: u32| record(id, &format!("2026-11-{day:02}T09:00:00Z"), 10, 1, "hi");
    // JSON lines: r-1 again on line 4 (2 November).
    let lines = format!(
        "{}\n{}\n{}\n{}\n",
        one("r-1", 1),
        one("r-2", 1),
        one("r-3", 1),
        one("r-1", 2)
    );
    let path = scratch.file("logs.jsonl", &lines);
    let (handed, notes) = ids(&path, &Window::all());
    assert_eq!(handed, ["r-1", "r-2", "r-3"]);
    assert_eq!(
        notes,
        [format!(
            "1 row repeats a request id already read and was counted once: r-1 ({}:4)",
            path.display()
        )]
    );
    // A window that leaves out the first r-1 keeps the later one.
    let window = Window {
        since: Some("2026-11-02T00:00:00Z".parse().unwrap()),
        until: None,
    };
    let (handed, notes) = ids(&path, &window);
    assert_eq!(handed, ["r-1"]);
    assert_eq!(notes, ["3 records outside the time window were left out"]);
    // A JSON array on one line: the two records share line 1, and the first is kept.
    let array = format!("[{}, {}, {}]\n", one("r-1", 1), one("r-2", 1), one("r-1", 1));
    let path = scratch.file("logs.json", &array);
    let (handed, notes) = ids(&path, &Window::all());
    assert_eq!(handed, ["r-1", "r-2"]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    // AWS's example record, written over several lines, is read whole.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&one("r-9", 1)).unwrap()).unwrap();
    let path = scratch.file("example.json", &pretty);
    assert_eq!(ids(&path, &Window::all()).0, ["r-9"]);
    // The fixture's three calls, each once.
    let (handed, notes) = ids(&repo("tests/fixtures/usage/bedrock-invocations.jsonl"), &Window::all());
    assert_eq!(handed.len(), 3);
    assert!(notes.is_empty(), "{notes:?}");
}

/// `text` compressed with gzip.
fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzipped_files_put_end_to_end_are_read_as_s3_delivers_them() {
    let scratch = Scratch::new();
    let one = |id: &str, input: u64, output: u64| record(id, "2026-11-01T09:00:00Z", input, output, "hi");
    // Two delivered files put end to end (`cat a.json.gz b.json.gz`); the
    // second repeats the first call.
    let mut bytes = gzip(&format!("{}\n{}\n", one("a", 1000, 100), one("b", 2000, 200)));
    bytes.extend(gzip(&format!("{}\n{}\n", one("c", 3000, 300), one("a", 1000, 100))));
    let path = scratch.path("month.json.gz");
    std::fs::write(&path, &bytes).unwrap();
    let (v, stderr) = priced(&path);
    // 6,000 input tokens × $0.8 + 600 output × $4 per 1M = 7,200 per 1M.
    assert_eq!(v["total"]["cost"], "0.0072");
    assert_eq!(v["total"]["records"], 3);
    // Lines are the decompressed text's: the repeat is on line 4.
    assert!(
        stderr.contains(&format!(
            "1 row repeats a request id already read and was counted once: a ({}:4)",
            path.display()
        )),
        "{stderr}"
    );
    // Cut short: the error names the file and the line reading stopped at,
    // the first of the second file (decompressed a block at a time).
    let cut = scratch.path("cut.json.gz");
    std::fs::write(&cut, &bytes[..bytes.len() - 30]).unwrap();
    let err = read_logs(cut.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}:3: cannot read the file: incomplete deflate stream", cut.display())
    );
    // A gzipped file of anything else is refused, with what to do.
    let table = scratch.path("calls.csv.gz");
    std::fs::write(&table, gzip("time,model\n2026-11-01T09:00:00Z,m\n")).unwrap();
    let err = read_logs(table.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is compressed with gzip; llmcost reads a gzip file only as Bedrock invocation logs, one JSON \
             record a line\n  hint: decompress it first (gunzip)",
            table.display()
        )
    );
}

/// The shipped copy of an S3 bucket's invocation logs: three files in S3's
/// folders, two gzipped and one decompressed, in two regions.
const S3_FOLDER: &str = "tests/fixtures/usage/bedrock-s3";

#[test]
fn a_folder_of_logs_as_s3_receives_them_is_read_as_one_log() {
    let (v, stderr) = priced(&repo(S3_FOLDER));
    // At $0.8 input, $0.08 cache read and $4 output per 1M (claude-3-5-haiku):
    // 1,000 in + 200 out = 1,600; 2,000 in + 1,000 read + 100 out = 2,080;
    // 500 in + 500 out = 2,400; 3,000 in = 2,400 per 1M; the first call
    // delivered again in the second file is counted once.
    assert_eq!(v["total"]["cost"], "0.00848");
    assert_eq!(v["total"]["records"], 4);
    let second = "us-east-1/2026/11/02/17/20261102T171618000Z_9b86bf4994c4ab1c.json.gz";
    assert!(
        stderr.contains(
            "1 row repeats a request id already read and was counted once: 7ee514f3-9eff-467c-af75-8fd564ce58e5 ("
        ) && stderr.contains(&format!("{second}:2)")),
        "{stderr}"
    );
    // us-east-1: 1,600 + 2,080 + 2,400; us-west-2: 2,400 per 1M.
    let region = &v["by_label"]["region"];
    assert_eq!(
        (&region["us-east-1"]["cost"], &region["us-west-2"]["cost"]),
        (&"0.00608".into(), &"0.0024".into())
    );
}

#[test]
fn a_folder_leaves_out_other_files_and_names_a_file_that_is_not_logs() {
    let scratch = Scratch::new();
    let hour = scratch.path("logs/us-east-1/2026/11/01/09");
    std::fs::create_dir_all(&hour).unwrap();
    let one = |id: &str| record(id, "2026-11-01T09:00:00Z", 1000, 100, "hi");
    std::fs::write(hour.join("b.json.gz"), gzip(&format!("{}\n", one("b")))).unwrap();
    std::fs::write(hour.join("a.json"), format!("{}\n{}\n", one("a"), one("c"))).unwrap();
    std::fs::write(scratch.path("logs/notes.txt"), "not a log").unwrap();
    let folder = scratch.path("logs");
    let (read, notes) = ids(&folder, &Window::all());
    // In the order of the files' paths: a.json, then b.json.gz.
    assert_eq!(read, ["a", "c", "b"]);
    assert_eq!(
        notes,
        [format!(
            "1 file of the folder not named as a log file (*.json.gz, *.json, *.jsonl, *.jsonl.gz) was left out: {}",
            scratch.path("logs/notes.txt").display()
        )]
    );
    // 3 calls of 1,000 input and 100 output tokens: 3 × 1,200 per 1M.
    let (v, _) = priced(&folder);
    assert_eq!(v["total"]["cost"], "0.0036");
    // A file that is no invocation log is named, at its line.
    std::fs::write(hour.join("c.json"), format!("{}\nnot json\n", one("d"))).unwrap();
    let err = read_logs(folder.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2: ", hour.join("c.json").display())),
        "{err}"
    );
    // Another provider's export is refused by name.
    std::fs::write(
        hour.join("c.json"),
        "{\"object\": \"page\", \"data\": [], \"has_more\": false, \"next_page\": null}",
    )
    .unwrap();
    let err = read_logs(folder.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains("holds OpenAI usage API pages, not Bedrock invocation logs"),
        "{err}"
    );
    // A folder with no log file says what it expects.
    let empty = scratch.path("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = read_logs(empty.to_str().unwrap(), &Window::all(), None, |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is a folder holding no log file (named *.json.gz, *.json, *.jsonl, *.jsonl.gz)\n  hint: name a folder \
             of Amazon Bedrock invocation logs as S3 receives them, or one file of logs",
            empty.display()
        )
    );
}
