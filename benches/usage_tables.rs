//! Speed and memory of the usage table readers, on generated logs.
//!
//! `cargo bench --bench usage_tables` writes 1,000,000 generated calls as CSV,
//! JSON lines and Parquet in a temporary folder and reads each back, printing
//! rows per second. `benches/scripts/usage-tables.sh` runs the two steps apart, at
//! several sizes, under `/usr/bin/time -v` for peak memory:
//!
//! - `usage_tables generate ROWS FOLDER [FORMAT...]` writes `FOLDER/calls.csv`,
//!   `calls.jsonl` and `calls.parquet`, or only the formats named (`csv`,
//!   `jsonl`, `parquet`, and `bedrock`: `calls.bedrock`, the same calls as
//!   Amazon Bedrock invocation logs);
//! - `usage_tables read FILE` reads one of them through the mapping of
//!   tests/fixtures/usage/table-mapping.yaml (Bedrock logs as `usage price`
//!   reads them, ids first) and prints rows, seconds, rows/s.
//!
//! The generated calls are a month of a gateway's log (the columns of
//! tests/fixtures/usage/table.csv): a call every 0.25 s on average from
//! 2026-11-01, in UTC; five models with unequal shares (the reasoning model's
//! completions count reasoning tokens, 70% of them); prompt tokens log-normal
//! around 1,500 (σ 1.0), completions around 300 (σ 0.8); half the calls read
//! a cache, for 0 to 90% of the prompt; twelve teams, ten thousand users, one
//! to three tags of six; a cost from the tokens at list-like prices, rounded
//! to 8 decimal places. A fixed seed makes every run write the same files.
//! As Bedrock logs, each call is one JSON line of AWS's example record's
//! fields, the model a Bedrock id, the cached part of the prompt read from the
//! cache, the team and user in `requestMetadata`, and a prompt of a kilobyte
//! and an answer of a quarter of one in the record's bodies (real calls carry
//! more).

use arrow_array::builder::{Decimal128Builder, Int64Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use llmcost::usage::table::{Mapping, TableFormat, read};
use llmcost::usage::{Usage, Window, read_logs};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Models, their share of calls, whether they reason, and $ per million input / output tokens.
const MODELS: [(&str, f64, bool, u64, u64); 5] = [
    ("gpt-4.1-mini", 0.40, false, 40, 160),
    ("gpt-4.1", 0.25, false, 200, 800),
    ("claude-sonnet-4", 0.15, false, 300, 1500),
    ("o4-mini", 0.12, true, 110, 440),
    ("gemini-2.5-flash", 0.08, false, 30, 250),
];
/// The Bedrock model id standing for each of `MODELS` in Bedrock logs.
const BEDROCK_IDS: [&str; 5] = [
    "amazon.nova-lite-v1:0",
    "amazon.nova-pro-v1:0",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "us.deepseek.r1-v1:0",
    "anthropic.claude-3-5-haiku-20241022-v1:0",
];
const TAGS: [&str; 6] = ["prod", "search", "support", "batch-job", "eval", "mobile"];
/// 2026-11-01T00:00:00Z in microseconds.
const START_MICROS: i64 = 1_793_491_200_000_000;
/// The formats written when none is named, as their files' extensions.
const FORMATS: [&str; 3] = ["csv", "jsonl", "parquet"];
/// Rows a Parquet batch holds while writing.
const BATCH: usize = 65_536;

/// One generated call.
struct Call {
    id: u64,
    micros: i64,
    /// The model's index in `MODELS`.
    index: usize,
    model: &'static str,
    prompt: u64,
    cached: u64,
    completion: u64,
    reasoning: u64,
    /// Cost in units of 10^-8 dollars.
    cost: i64,
    team: u32,
    user: u32,
    tags: Vec<&'static str>,
}

struct Generator {
    rng: ChaCha8Rng,
    prompt: LogNormal<f64>,
    completion: LogNormal<f64>,
    micros: i64,
    id: u64,
}

impl Generator {
    fn new() -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(202_611),
            prompt: LogNormal::new(1500f64.ln(), 1.0).expect("valid law"),
            completion: LogNormal::new(300f64.ln(), 0.8).expect("valid law"),
            micros: START_MICROS,
            id: 0,
        }
    }

    fn next(&mut self) -> Call {
        self.id += 1;
        // Exponential gaps of mean 0.25 s.
        self.micros += (-(1.0 - self.rng.random::<f64>()).ln() * 250_000.0) as i64;
        let pick: f64 = self.rng.random();
        let mut acc = 0.0;
        let index = MODELS
            .iter()
            .position(|m| {
                acc += m.1;
                pick < acc
            })
            .unwrap_or(0);
        let (model, _, reasons, input_price, output_price) = MODELS[index];
        let prompt = (self.prompt.sample(&mut self.rng) as u64).clamp(1, 1_000_000);
        let cached = if self.rng.random::<bool>() {
            (prompt as f64 * self.rng.random_range(0.0..0.9)) as u64
        } else {
            0
        };
        let completion = (self.completion.sample(&mut self.rng) as u64).clamp(1, 100_000);
        let reasoning = if reasons { completion * 7 / 10 } else { 0 };
        // Prices in cents per million tokens: cents/M × tokens = 10^-8 $. Cached
        // input at a tenth of the input price, rounded half up to 10^-8 $.
        let tenths = (prompt - cached) * input_price * 10 + cached * input_price + completion * output_price * 10;
        let cost = ((tenths + 5) / 10) as i64;
        let tags = (0..self.rng.random_range(1..=3))
            .map(|_| TAGS[self.rng.random_range(0..TAGS.len())])
            .collect();
        Call {
            id: self.id,
            micros: self.micros,
            index,
            model,
            prompt,
            cached,
            completion,
            reasoning,
            cost,
            team: self.rng.random_range(0..12),
            user: self.rng.random_range(0..10_000),
            tags,
        }
    }
}

fn rfc3339(micros: i64) -> String {
    chrono::DateTime::from_timestamp_micros(micros)
        .expect("a time in range")
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

fn dollars(cost: i64) -> String {
    format!("{}.{:08}", cost / 100_000_000, cost % 100_000_000)
}

/// A text file of generated calls, if its format was asked for.
fn text_file(folder: &Path, format: &str, formats: &[&str]) -> std::io::Result<Option<BufWriter<std::fs::File>>> {
    if !formats.contains(&format) {
        return Ok(None);
    }
    let file = std::fs::File::create(folder.join(format!("calls.{format}")))?;
    Ok(Some(BufWriter::with_capacity(1 << 20, file)))
}

/// Writes `rows` calls as `folder/calls.csv`, `.jsonl` and `.parquet`, those of `formats`.
fn generate(rows: u64, folder: &Path, formats: &[&str]) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let mut csv = text_file(folder, "csv", formats)?;
    let mut jsonl = text_file(folder, "jsonl", formats)?;
    let mut bedrock = text_file(folder, "bedrock", formats)?;
    let (prompt_body, answer_body) = ("lorem ipsum ".repeat(85), "dolor sit ".repeat(25));
    let write_parquet = formats.contains(&"parquet");
    if let Some(csv) = &mut csv {
        writeln!(
            csv,
            "request_id,created_at,model,prompt_tokens,cached_tokens,completion_tokens,reasoning_tokens,spend,team_id,end_user,request_tags"
        )?;
    }
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut columns = Columns::default();
    let mut parquet = None;
    let mut generator = Generator::new();
    for n in 0..rows {
        let c = generator.next();
        let (time, spend) = (rfc3339(c.micros), dollars(c.cost));
        let tags_json = format!(
            "[{}]",
            c.tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(",")
        );
        if let Some(csv) = &mut csv {
            writeln!(
                csv,
                "req-{},{time},{},{},{},{},{},{spend},team-{},user-{},\"{}\"",
                c.id,
                c.model,
                c.prompt,
                c.cached,
                c.completion,
                c.reasoning,
                c.team,
                c.user,
                tags_json.replace('"', "\"\"")
            )?;
        }
        if let Some(jsonl) = &mut jsonl {
            writeln!(
                jsonl,
                "{{\"request_id\":\"req-{}\",\"created_at\":\"{time}\",\"model\":\"{}\",\"prompt_tokens\":{},\"cached_tokens\":{},\"completion_tokens\":{},\"reasoning_tokens\":{},\"spend\":{spend},\"team_id\":\"team-{}\",\"end_user\":\"user-{}\",\"request_tags\":{tags_json}}}",
                c.id, c.model, c.prompt, c.cached, c.completion, c.reasoning, c.team, c.user
            )?;
        }
        if let Some(bedrock) = &mut bedrock {
            writeln!(
                bedrock,
                "{{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"{time}\",\"accountId\":\"123456789012\",\"identity\":{{\"arn\":\"arn:aws:sts::123456789012:assumed-role/team-{team}/session\"}},\"region\":\"us-east-1\",\"requestId\":\"req-{id}\",\"operation\":\"Converse\",\"modelId\":\"{model}\",\"input\":{{\"inputContentType\":\"application/json\",\"inputBodyJson\":{{\"messages\":[{{\"role\":\"user\",\"content\":[{{\"text\":\"{prompt_body}\"}}]}}]}},\"inputTokenCount\":{input},\"cacheReadInputTokenCount\":{cached},\"cacheWriteInputTokenCount\":0}},\"output\":{{\"outputContentType\":\"application/json\",\"outputBodyJson\":{{\"output\":{{\"message\":{{\"role\":\"assistant\",\"content\":[{{\"text\":\"{answer_body}\"}}]}}}}}},\"outputTokenCount\":{output}}},\"requestMetadata\":{{\"team\":\"team-{team}\",\"user\":\"user-{user}\"}}}}",
                team = c.team,
                id = c.id,
                model = BEDROCK_IDS[c.index],
                input = c.prompt - c.cached,
                cached = c.cached,
                output = c.completion,
                user = c.user,
            )?;
        }
        if !write_parquet {
            continue;
        }
        columns.push(&c);
        if columns.len == BATCH || n + 1 == rows {
            let batch = columns.finish();
            let writer = match &mut parquet {
                Some(writer) => writer,
                None => parquet.insert(
                    ArrowWriter::try_new(
                        std::fs::File::create(folder.join("calls.parquet"))?,
                        batch.schema(),
                        Some(props.clone()),
                    )
                    .map_err(std::io::Error::other)?,
                ),
            };
            writer.write(&batch).map_err(std::io::Error::other)?;
        }
    }
    if let Some(writer) = parquet {
        writer.close().map_err(std::io::Error::other)?;
    }
    for mut text in [csv, jsonl, bedrock].into_iter().flatten() {
        text.flush()?;
    }
    Ok(())
}

/// The Parquet columns of the calls not yet written: typed as a warehouse
/// would keep them (timestamps in UTC, 64-bit integers, a decimal cost, a list of tags).
#[derive(Default)]
struct Columns {
    len: usize,
    id: StringBuilder,
    time: TimestampMicrosecondBuilder,
    model: StringBuilder,
    prompt: Int64Builder,
    cached: Int64Builder,
    completion: Int64Builder,
    reasoning: Int64Builder,
    spend: Decimal128Builder,
    team: StringBuilder,
    user: StringBuilder,
    tags: ListBuilder<StringBuilder>,
}

impl Columns {
    fn push(&mut self, c: &Call) {
        self.len += 1;
        self.id.append_value(format!("req-{}", c.id));
        self.time.append_value(c.micros);
        self.model.append_value(c.model);
        self.prompt.append_value(c.prompt as i64);
        self.cached.append_value(c.cached as i64);
        self.completion.append_value(c.completion as i64);
        self.reasoning.append_value(c.reasoning as i64);
        self.spend.append_value(c.cost.into());
        self.team.append_value(format!("team-{}", c.team));
        self.user.append_value(format!("user-{}", c.user));
        for t in &c.tags {
            self.tags.values().append_value(t);
        }
        self.tags.append(true);
    }

    fn finish(&mut self) -> RecordBatch {
        self.len = 0;
        let spend = self
            .spend
            .finish()
            .with_precision_and_scale(18, 8)
            .expect("a valid decimal type");
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("request_id", Arc::new(self.id.finish())),
            ("created_at", Arc::new(self.time.finish().with_timezone("UTC"))),
            ("model", Arc::new(self.model.finish())),
            ("prompt_tokens", Arc::new(self.prompt.finish())),
            ("cached_tokens", Arc::new(self.cached.finish())),
            ("completion_tokens", Arc::new(self.completion.finish())),
            ("reasoning_tokens", Arc::new(self.reasoning.finish())),
            ("spend", Arc::new(spend)),
            ("team_id", Arc::new(self.team.finish())),
            ("end_user", Arc::new(self.user.finish())),
            ("request_tags", Arc::new(self.tags.finish())),
        ];
        RecordBatch::try_from_iter(columns).expect("columns of one length")
    }
}

/// Reads `path` through the fixture's mapping (Bedrock logs as `usage price`
/// reads them); prints rows, seconds and rows per second.
fn read_file(path: &Path) -> Result<(), String> {
    let started = Instant::now();
    let (mut rows, mut tokens) = (0u64, 0u128);
    let mut count = |usage: Usage| {
        rows += 1;
        tokens += usage.tokens.prompt() + u128::from(usage.tokens.output) + u128::from(usage.tokens.reasoning);
    };
    let format = if path.extension().is_some_and(|e| e == "bedrock") {
        read_logs(&path.display().to_string(), &Window::all(), None, count).map_err(|e| e.to_string())?;
        "Bedrock".to_string()
    } else {
        let mapping_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/usage/table-mapping.yaml");
        let mapping = Mapping::load(&mapping_file).map_err(|e| e.to_string())?;
        let format = TableFormat::of_path(path).map_err(|e| e.to_string())?;
        for usage in read(path, format, &mapping).map_err(|e| e.to_string())? {
            count(usage.map_err(|e| e.to_string())?);
        }
        format!("{format:?}")
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{format:<8} {rows:>11} rows  {seconds:>7.2} s  {:>10.0} rows/s  ({tokens} tokens)",
        rows as f64 / seconds
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate", rows, folder, formats @ ..] => {
            let formats = if formats.is_empty() { &FORMATS[..] } else { formats };
            rows.parse()
                .map_err(|_| format!("`{rows}` is not a number of rows"))
                .and_then(|rows| generate(rows, Path::new(folder), formats).map_err(|e| e.to_string()))
        }
        ["read", file] => read_file(Path::new(file)),
        [] => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            generate(1_000_000, dir.path(), &FORMATS)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    ["calls.csv", "calls.jsonl", "calls.parquet"]
                        .iter()
                        .map(|name| dir.path().join(name))
                        .try_for_each(|p: PathBuf| read_file(&p))
                })
        }
        _ => Err("usage: usage_tables [generate ROWS FOLDER [FORMAT...] | read FILE]".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
