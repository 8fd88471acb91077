//! Amazon Bedrock model invocation logs (`schemaType` `ModelInvocationLog`),
//! as delivered to S3 or exported from CloudWatch Logs: one JSON record a
//! line, each one call. docs/usage-sources.md gives every field and its source.
//!
//! A record carries the call's prompt and answer, often kilobytes, and a
//! month of calls is gigabytes: [`Lines`] reads the records a line at a time,
//! so memory holds one record however many the logs have, from the file as
//! S3 delivers it (gzip, several files put end to end read as one) or
//! decompressed.

use super::table::{Head, RowSource, UsageRows};
use super::{Origin, Usage, UsageTokens};
use crate::input::json::{Doc, Obj};
use crate::input::{InputError, line_error, open_stream};
use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What a Bedrock file must hold, for errors.
pub const EXPECTED: &str = "Amazon Bedrock model invocation logs: one JSON record a line, each with \
     `\"schemaType\": \"ModelInvocationLog\"`";

/// The record type every invocation log line names.
pub const SCHEMA_TYPE: &str = "ModelInvocationLog";

const SCHEMA: &str = "Bedrock writes it in every invocation log record; keep the records unchanged";

/// The record fields that become labels, and the labels' names.
const LABELS: [(&str, &str); 4] = [
    ("accountId", "account"),
    ("region", "region"),
    ("inferenceRegion", "inference_region"),
    ("operation", "operation"),
];

/// One usage record per invocation log record.
pub fn usage(records: &[Obj<'_>]) -> Result<Vec<Usage>, InputError> {
    records.iter().map(record).collect()
}

/// The first bytes of a gzip file.
const GZIP: [u8; 2] = [0x1f, 0x8b];

/// Invocation logs written as JSON lines, read a line at a time.
pub(crate) struct Lines {
    file: String,
    reader: BufReader<Box<dyn Read>>,
    /// The first record's line, read to tell the file apart.
    pending: Option<String>,
    buffer: String,
    /// The line last read, 1-based.
    line: u64,
    /// Records of the line read that are still to be handed on (a line may
    /// hold a JSON array of records).
    queued: VecDeque<Usage>,
}

impl Lines {
    /// The invocation logs at `path` (decompressed as they are read when
    /// gzipped), when its first line that is not blank is a whole JSON
    /// object naming a `schemaType`; `None` for any other file (a record
    /// written over several lines, another provider's export), which is read
    /// whole. A gzip file that holds no such lines is refused.
    pub(crate) fn open(path: &Path) -> Result<Option<UsageRows>, InputError> {
        Ok(Self::of(path)?.map(|lines| UsageRows::new(Box::new(lines), true)))
    }

    /// The invocation logs at `path`, read a line at a time, as [`Lines::open`] tells them.
    pub(crate) fn of(path: &Path) -> Result<Option<Self>, InputError> {
        let file = path.display().to_string();
        let mut stream = BufReader::with_capacity(1 << 16, open_stream(path, "provider usage export")?);
        let gzip = stream.fill_buf().is_ok_and(|head| head.starts_with(&GZIP));
        let source: Box<dyn Read> = match gzip {
            true => Box::new(MultiGzDecoder::new(stream)),
            false => Box::new(stream),
        };
        // Not invocation logs a line at a time: read whole, unless compressed.
        let other = |file: &str| match gzip {
            true => Err(InputError::file(
                file,
                "is compressed with gzip; llmcost reads a gzip file only as Bedrock invocation logs, one JSON \
                 record a line",
            )
            .with_hint("decompress it first (gunzip)")),
            false => Ok(None),
        };
        let mut lines = Self {
            file,
            reader: BufReader::with_capacity(1 << 16, source),
            pending: None,
            buffer: String::new(),
            line: 0,
            queued: VecDeque::new(),
        };
        let first = match lines.next_line() {
            Some(Ok(first)) => first.trim_start_matches('\u{feff}').to_string(),
            Some(Err(e)) if gzip => return Err(e),
            None | Some(Err(_)) => return other(&lines.file),
        };
        let one_object =
            serde_json::from_str::<&serde_json::value::RawValue>(&first).is_ok_and(|raw| raw.get().starts_with('{'));
        if !one_object || !first.contains("\"schemaType\"") {
            return other(&lines.file);
        }
        // Read again as the first record's line.
        lines.pending = Some(first);
        lines.line -= 1;
        Ok(Some(lines))
    }

    /// The records of the line `text`, the line just read.
    fn records(&self, text: &str) -> Result<Vec<Usage>, InputError> {
        let at_line = |mut e: InputError| {
            e.line = Some(self.line as usize);
            e
        };
        let doc = Doc { name: &self.file, text };
        let objects = doc.objects(EXPECTED).map_err(at_line)?;
        objects
            .iter()
            .map(|object| {
                let mut usage = record(object).map_err(at_line)?;
                usage.origin.line = Some(self.line);
                Ok(usage)
            })
            .collect()
    }

    /// The next line that is not blank, its number in `self.line`.
    fn next_line(&mut self) -> Option<Result<String, InputError>> {
        loop {
            self.line += 1;
            let text = match self.pending.take() {
                Some(first) => first,
                None => {
                    self.buffer.clear();
                    match self.reader.read_line(&mut self.buffer) {
                        Ok(0) => return None,
                        Ok(_) => std::mem::take(&mut self.buffer),
                        Err(e) => return Some(Err(line_error(&self.file, self.line, e))),
                    }
                }
            };
            if !text.trim().is_empty() {
                return Some(Ok(text));
            }
            self.buffer = text;
        }
    }

    /// The next record as `of` makes it, or as `fast` reads its line without
    /// the whole record where it can.
    fn next_with<T>(
        &mut self,
        fast: impl Fn(&str) -> Option<T>,
        of: impl Fn(Usage) -> T,
    ) -> Option<Result<Option<T>, InputError>> {
        loop {
            if let Some(usage) = self.queued.pop_front() {
                return Some(Ok(Some(of(usage))));
            }
            let text = match self.next_line()? {
                Ok(text) => text,
                Err(e) => return Some(Err(e)),
            };
            let found = match fast(&text) {
                Some(item) => Ok(Some(item)),
                None => self.records(&text).map(|records| {
                    self.queued.extend(records);
                    None
                }),
            };
            self.buffer = text;
            match found {
                Ok(None) => {}
                found => return Some(found),
            }
        }
    }
}

impl RowSource for Lines {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        self.next_with(|_| None, |usage| usage)
    }

    /// The start and id of a plain record read from its line alone, three
    /// fields out of a record whose prompt and answer make most of it.
    fn next_head(&mut self) -> Option<Result<Option<Head>, InputError>> {
        self.next_with(head_of, |usage| (usage.start, usage.id))
    }
}

/// A record's start and id read without the rest of it, when its line is one
/// record of the schema's type with an RFC 3339 `timestamp`; `None` for any
/// other line, which the whole reading takes (and names what is wrong).
fn head_of(text: &str) -> Option<Head> {
    #[derive(Deserialize)]
    struct Fields<'a> {
        #[serde(rename = "schemaType", borrow)]
        schema_type: Cow<'a, str>,
        #[serde(borrow)]
        timestamp: Cow<'a, str>,
        #[serde(rename = "requestId", borrow, default)]
        request_id: Option<Cow<'a, str>>,
    }
    let fields: Fields = serde_json::from_str(text).ok()?;
    if fields.schema_type != SCHEMA_TYPE {
        return None;
    }
    let start = DateTime::parse_from_rfc3339(&fields.timestamp)
        .ok()?
        .with_timezone(&Utc);
    Some((
        start,
        fields.request_id.filter(|id| !id.is_empty()).map(Cow::into_owned),
    ))
}

fn record(r: &Obj<'_>) -> Result<Usage, InputError> {
    let kind = r.require("schemaType", Obj::text, SCHEMA)?;
    if kind != SCHEMA_TYPE {
        return Err(r
            .error(Some("schemaType"), format!("expected `{SCHEMA_TYPE}`, found `{kind}`"))
            .with_hint(format!("expected {EXPECTED}")));
    }
    let input = r.require("input", Obj::object, SCHEMA)?;
    let output = r.require("output", Obj::object, SCHEMA)?;
    let tokens = UsageTokens {
        input: input.require("inputTokenCount", Obj::count, SCHEMA)?,
        cache_read: input.count("cacheReadInputTokenCount")?.unwrap_or(0),
        cache_write_5m: input.count("cacheWriteInputTokenCount")?.unwrap_or(0),
        output: output.require("outputTokenCount", Obj::count, SCHEMA)?,
        ..UsageTokens::default()
    };
    let mut labels = BTreeMap::new();
    for (field, label) in LABELS {
        if let Some(value) = r.text(field)? {
            labels.insert(label.to_string(), value);
        }
    }
    if let Some(arn) = r.object("identity")?.map(|id| id.text("arn")).transpose()?.flatten() {
        labels.insert("identity".to_string(), arn);
    }
    if let Some(metadata) = r.object("requestMetadata")? {
        for (key, value) in metadata.strings() {
            labels.insert(format!("metadata.{key}"), value);
        }
    }
    Ok(Usage {
        origin: Origin::of(r),
        start: r.require("timestamp", Obj::rfc3339, SCHEMA)?,
        model: r.require("modelId", Obj::text, SCHEMA)?,
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
        id: r.text("requestId")?.filter(|id| !id.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::Doc;

    #[test]
    fn a_line_s_start_and_id_read_alone_are_the_whole_record_s() {
        let line = |fields: &str| {
            format!(
                "{{\"schemaType\": \"ModelInvocationLog\", \"modelId\": \"m\", \"input\": {{\"inputTokenCount\": 1, \
                 \"inputBodyJson\": {{\"requestId\": \"inner\"}}}}, \"output\": {{\"outputTokenCount\": 2}}{fields}}}"
            )
        };
        let cases = [
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\", \"requestId\": \"r-1\""),
                true,
            ),
            (
                line(", \"timestamp\": \"2026-11-01T11:00:00+02:00\", \"requestId\": \"r\\\"2\""),
                true,
            ),
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\", \"requestId\": null"),
                true,
            ),
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\", \"requestId\": \"\""),
                true,
            ),
            (line(", \"timestamp\": \"2026-11-01T09:00:00Z\""), true),
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\", \"requestId\": 7"),
                false,
            ),
            (line(", \"timestamp\": \"yesterday\", \"requestId\": \"r\""), false),
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\", \"timestamp\": \"2026-11-02T09:00:00Z\""),
                false,
            ),
            (
                line(", \"timestamp\": \"2026-11-01T09:00:00Z\"").replace("ModelInvocationLog", "Other"),
                false,
            ),
            (
                format!("[{}]", line(", \"timestamp\": \"2026-11-01T09:00:00Z\"")),
                false,
            ),
        ];
        for (text, read_alone) in cases {
            let head = head_of(&text);
            assert_eq!(head.is_some(), read_alone, "{text}");
            if let Some(head) = head {
                let objects = Doc {
                    name: "l.jsonl",
                    text: &text,
                }
                .objects("logs")
                .unwrap();
                let usage = record(&objects[0]).unwrap();
                assert_eq!(head, (usage.start, usage.id), "{text}");
            }
        }
    }

    #[test]
    fn aws_s_example_record_is_one_call() {
        // AWS's example invocation log (user guide, "Add request metadata to
        // prompts and associated responses"), its long completion shortened.
        let text = r#"{
    "schemaType": "ModelInvocationLog",
    "schemaVersion": "1.0",
    "timestamp": "2024-09-11T17:16:18Z",
    "accountId": "XXXXX",
    "identity": {
        "arn": "arn:aws:sts::XXXXXXX:assumed-role/Admin/XXXXXX"
    },
    "region": "us-east-1",
    "requestId": "7ee514f3-9eff-467c-af75-8fd564ce58e5",
    "operation": "InvokeModel",
    "modelId": "meta.llama3-1-405b-instruct-v1:0",
    "input": {
        "inputContentType": "application/json",
        "inputBodyJson": {
            "prompt": "story of two dogs",
            "max_tokens_to_sample": 300
        },
        "inputTokenCount": 13
    },
    "output": {
        "outputContentType": "application/json",
        "outputBodyJson": {
            "type": "completion",
            "completion": " Here is a story about two dogs: ...",
            "stop_reason": "max_tokens",
            "stop": null
        },
        "outputTokenCount": 300
    },
    "requestMetadata": {
        "project": "CustomerService",
        "intent": "ComplaintResolution",
        "priority": "High"
    }
}"#;
        let records = usage(&Doc { name: "log.json", text }.objects("logs").unwrap()).unwrap();
        let r = &records[0];
        assert_eq!(
            (
                r.model.as_str(),
                r.requests,
                r.tokens.input,
                r.tokens.output,
                r.tokens.prompt()
            ),
            ("meta.llama3-1-405b-instruct-v1:0", 1, 13, 300, 13)
        );
        assert_eq!(r.start.to_rfc3339(), "2024-09-11T17:16:18+00:00");
        assert_eq!(r.id.as_deref(), Some("7ee514f3-9eff-467c-af75-8fd564ce58e5"));
        let labels: Vec<(&str, &str)> = r.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            labels,
            [
                ("account", "XXXXX"),
                ("identity", "arn:aws:sts::XXXXXXX:assumed-role/Admin/XXXXXX"),
                ("metadata.intent", "ComplaintResolution"),
                ("metadata.priority", "High"),
                ("metadata.project", "CustomerService"),
                ("operation", "InvokeModel"),
                ("region", "us-east-1"),
            ]
        );
    }
}
