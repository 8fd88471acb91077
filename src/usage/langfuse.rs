//! Langfuse observations, as its blob storage export writes them (JSON lines
//! or CSV, snake_case columns). Each observation with token usage is one call;
//! spans, events and other observations without usage are skipped (counted).
//!
//! `usage_details` maps usage types to token counts. Langfuse keeps them as
//! disjoint parts (it subtracts cached tokens from `input` and reasoning
//! tokens from `output` when it ingests a provider's usage). The keys that
//! name text input or output, a cache or reasoning part go to their field of
//! the record; any other count (audio, images, other units) is kept apart as
//! unpriced, by its key. docs/usage-sources.md lists the keys and where
//! Langfuse defines them.

use super::table::{
    self, Cell, CellError, Kind, Row, Shape, Slot, TableFormat, UsageRows, count, money, tags, text, time,
};
use super::{Origin, Usage, UsageTokens};
use crate::input::{InputError, parse_decimal};
use rust_decimal::Decimal;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::path::Path;

/// Keys of `usage_details` holding input read from a prompt cache.
const CACHE_READ_KEYS: [&str; 3] = ["input_cached_tokens", "input_cache_read", "cache_read_input_tokens"];
/// Keys holding input written to a cache of the provider's default (5 minute) life.
const CACHE_WRITE_5M_KEYS: [&str; 4] = [
    "input_cache_creation",
    "input_cache_creation_5m",
    "input_cache_write",
    "cache_creation_input_tokens",
];
/// Keys holding input written to a cache that lives an hour.
const CACHE_WRITE_1H_KEYS: [&str; 1] = ["input_cache_creation_1h"];
/// Keys holding reasoning output.
const REASONING_KEYS: [&str; 1] = ["output_reasoning_tokens"];
/// Keys holding text input neither read from nor written to a cache.
const INPUT_KEYS: [&str; 3] = ["input", "input_tokens", "input_text_tokens"];
/// Keys holding visible text output; predicted output tokens, accepted or
/// rejected, are billed as output (OpenAI's Predicted Outputs).
const OUTPUT_KEYS: [&str; 7] = [
    "output",
    "output_tokens",
    "output_text_tokens",
    "output_accepted_prediction_tokens",
    "output_rejected_prediction_tokens",
    "accepted_prediction_tokens",
    "rejected_prediction_tokens",
];
/// The sum of the other keys, which Langfuse computes; not read.
const TOTAL: &str = "total";

/// The columns read, in slot order: (column, kind, label it fills).
const COLUMNS: [(&str, Kind, Option<&str>); 13] = [
    ("id", Kind::Text, None),
    ("start_time", Kind::Time, None),
    ("provided_model_name", Kind::Text, None),
    ("usage_details", Kind::Json, None),
    ("cost_details", Kind::Json, None),
    ("total_cost", Kind::Money, None),
    ("input", Kind::Text, None),
    ("tags", Kind::Tags, None),
    ("project_id", Kind::Text, Some("project")),
    ("environment", Kind::Text, Some("environment")),
    ("user_id", Kind::Text, Some("user")),
    ("session_id", Kind::Text, Some("session")),
    ("name", Kind::Text, Some("name")),
];
const ID: usize = 0;
const START: usize = 1;
const MODEL: usize = 2;
const USAGE: usize = 3;
const COST_DETAILS: usize = 4;
const TOTAL_COST: usize = 5;
const INPUT: usize = 6;
const TAGS: usize = 7;
const FIRST_LABEL: usize = 8;

/// The columns an export must have, and the export field group that brings each.
const REQUIRED: [(&str, &str); 4] = [
    ("id", "core"),
    ("start_time", "core"),
    ("provided_model_name", "model"),
    ("usage_details", "usage"),
];

/// Reads a Langfuse observations export: `.jsonl` or `.csv`.
pub fn read(path: &Path) -> Result<UsageRows, InputError> {
    let format = match TableFormat::of_path(path)? {
        TableFormat::Parquet => {
            return Err(InputError::file(
                &path.display().to_string(),
                "a Langfuse export is read as JSON lines or CSV",
            )
            .with_hint("export the observations as JSONL or CSV"));
        }
        format => format,
    };
    table::open(path, format, "Langfuse observations export", &layout)
}

fn layout(columns: &[String], file: &str) -> Result<Box<dyn Shape>, InputError> {
    for (column, group) in REQUIRED {
        if !columns.iter().any(|c| c == column) {
            let camel = columns.iter().any(|c| c == "usageDetails" || c == "startTime");
            let hint = if camel {
                "this looks like the camelCase export of the Langfuse web interface; read the blob storage export (snake_case columns such as usage_details)".to_string()
            } else {
                format!("export the observations with the `{group}` field group")
            };
            return Err(InputError::file(
                file,
                format!("has no column `{column}`; expected a Langfuse observations export"),
            )
            .with_hint(hint));
        }
    }
    Ok(Box::new(Observations {
        slots: COLUMNS
            .iter()
            .map(|(column, kind, _)| Slot {
                column: column.to_string(),
                kind: *kind,
            })
            .collect(),
    }))
}

struct Observations {
    slots: Vec<Slot>,
}

impl Shape for Observations {
    fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// An observation's `id` is always read.
    fn reads_ids(&self) -> bool {
        true
    }

    fn build(&self, row: &dyn Row, origin: Origin) -> Result<Option<Usage>, CellError> {
        let usage = row.cell(USAGE)?;
        let details = match object(&usage).map_err(|m| CellError::new(USAGE, m))? {
            Some(details) if !details.is_empty() => details,
            _ => return Ok(None),
        };
        let (tokens, unpriced) = split(&details).map_err(|(m, hint)| CellError::new(USAGE, m).with_hint(hint))?;
        let fail = |slot: usize| move |m: String| CellError::new(slot, m);
        let model = text(&row.cell(MODEL)?)
            .map_err(fail(MODEL))?
            .ok_or_else(|| CellError::new(MODEL, "is empty for an observation with token usage"))?;
        let start = time(&row.cell(START)?)
            .map_err(fail(START))?
            .ok_or_else(|| CellError::new(START, "is empty; each observation needs its start time"))?;
        let recorded_cost = match money(&row.cell(TOTAL_COST)?).map_err(fail(TOTAL_COST))? {
            Some(total) => Some(total),
            None => cost(&row.cell(COST_DETAILS)?).map_err(fail(COST_DETAILS))?,
        };
        let mut labels = BTreeMap::new();
        for (slot, (_, _, label)) in COLUMNS.iter().enumerate().skip(FIRST_LABEL) {
            if let (Some(label), Some(value)) = (label, text(&row.cell(slot)?).map_err(fail(slot))?) {
                labels.insert(label.to_string(), value);
            }
        }
        Ok(Some(Usage {
            origin,
            start,
            model,
            requests: 1,
            tokens,
            unpriced,
            long_context: None,
            batch: false,
            service_tier: None,
            recorded_cost,
            labels,
            tags: tags(&row.cell(TAGS)?).map_err(fail(TAGS))?,
            prompt: text(&row.cell(INPUT)?).map_err(fail(INPUT))?,
            id: text(&row.cell(ID)?).map_err(fail(ID))?,
        }))
    }
}

/// A JSON object cell (`{"input": 120, ...}`), its values as written; absent when empty.
fn object<'a>(cell: &'a Cell) -> Result<Option<BTreeMap<String, &'a RawValue>>, String> {
    let text = match cell {
        Cell::Null => return Ok(None),
        Cell::Text(text) if text.trim().is_empty() => return Ok(None),
        Cell::Text(text) => text.as_ref(),
        other => return Err(format!("`{other}` is not a JSON object")),
    };
    serde_json::from_str(text)
        .map(Some)
        .map_err(|_| format!("`{text}` is not a JSON object of numbers such as {{\"input\": 120, \"output\": 30}}"))
}

/// A JSON number as its text, whether written as a number or a string.
fn number(raw: &RawValue) -> String {
    serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_string())
}

/// The record's tokens from `usage_details`.
/// The record's tokens from `usage_details`, and the counts no text price
/// covers (audio, images, other units) by their key.
fn split(details: &BTreeMap<String, &RawValue>) -> Result<(UsageTokens, BTreeMap<String, u64>), (String, String)> {
    let mut tokens = UsageTokens::default();
    let mut unpriced = BTreeMap::new();
    let mut total = 0;
    for (key, raw) in details {
        let written = number(raw);
        let n = count(&Cell::Text(written.as_str().into()))
            .map_err(|m| {
                (
                    format!("`{key}`: {m}"),
                    "token counts are whole numbers from 0".to_string(),
                )
            })?
            .unwrap_or_default();
        let key = key.as_str();
        let part = if CACHE_READ_KEYS.contains(&key) {
            &mut tokens.cache_read
        } else if CACHE_WRITE_1H_KEYS.contains(&key) {
            &mut tokens.cache_write_1h
        } else if CACHE_WRITE_5M_KEYS.contains(&key) {
            &mut tokens.cache_write_5m
        } else if REASONING_KEYS.contains(&key) {
            &mut tokens.reasoning
        } else if INPUT_KEYS.contains(&key) {
            &mut tokens.input
        } else if OUTPUT_KEYS.contains(&key) {
            &mut tokens.output
        } else if key == TOTAL {
            total = n;
            continue;
        } else if n == 0 {
            continue;
        } else {
            unpriced.entry(key.to_string()).or_insert(0)
        };
        *part = part.checked_add(n).ok_or_else(|| {
            (
                format!("`{key}`: the token counts add up past {}", u64::MAX),
                String::new(),
            )
        })?;
    }
    if total > 0 && tokens == UsageTokens::default() && unpriced.is_empty() {
        return Err((
            format!("holds only a total ({total} tokens): how many were input and how many output is unknown"),
            "input and output are priced apart; export observations whose usage names input and output".into(),
        ));
    }
    Ok((tokens, unpriced))
}

/// The cost `cost_details` records: its `total`, or the sum of its parts.
fn cost(cell: &Cell) -> Result<Option<Decimal>, String> {
    let Some(details) = object(cell)? else {
        return Ok(None);
    };
    let read = |key: &str, raw: &RawValue| parse_decimal(&number(raw)).map_err(|m| format!("`{key}`: {m}"));
    if let Some(total) = details.get(TOTAL) {
        return read(TOTAL, total).map(Some);
    }
    let mut sum: Option<Decimal> = None;
    for (key, raw) in &details {
        sum = Some(sum.unwrap_or_default() + read(key, raw)?);
    }
    Ok(sum.map(|d| d.normalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(json: &str) -> UsageTokens {
        let map: BTreeMap<String, &RawValue> = serde_json::from_str(json).unwrap();
        split(&map).unwrap().0
    }

    #[test]
    fn openai_usage_splits_into_cached_and_reasoning() {
        // prompt 1000 with 600 cached, completion 300 with 200 reasoning, as Langfuse stores them.
        let t = details(
            r#"{"input":400,"input_cached_tokens":600,"output":100,"output_reasoning_tokens":200,"total":1300}"#,
        );
        assert_eq!(
            t,
            UsageTokens {
                input: 400,
                cache_read: 600,
                output: 100,
                reasoning: 200,
                ..Default::default()
            }
        );
    }

    #[test]
    fn anthropic_cache_writes_by_life() {
        let t = details(
            r#"{"input":"10","cache_read_input_tokens":"500","input_cache_creation_5m":"70","input_cache_creation_1h":"30","output":"40"}"#,
        );
        assert_eq!(
            t,
            UsageTokens {
                input: 10,
                cache_read: 500,
                cache_write_5m: 70,
                cache_write_1h: 30,
                output: 40,
                reasoning: 0,
            }
        );
    }

    #[test]
    fn audio_images_and_other_units_are_counted_apart() {
        let map: BTreeMap<String, &RawValue> = serde_json::from_str(
            r#"{"input":5,"input_audio_tokens":7,"output":3,"output_audio_tokens":2,"output_rejected_prediction_tokens":4,"images":1,"input_image_tokens":0}"#,
        )
        .unwrap();
        let (t, unpriced) = split(&map).unwrap();
        // Rejected predicted tokens are billed as output: 3 + 4.
        assert_eq!((t.input, t.output), (5, 7));
        let unpriced: Vec<(&str, u64)> = unpriced.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            unpriced,
            [("images", 1), ("input_audio_tokens", 7), ("output_audio_tokens", 2)]
        );
    }

    #[test]
    fn a_total_alone_or_a_negative_count_is_refused() {
        let map: BTreeMap<String, &RawValue> = serde_json::from_str(r#"{"total":15}"#).unwrap();
        assert_eq!(
            split(&map).unwrap_err().0,
            "holds only a total (15 tokens): how many were input and how many output is unknown"
        );
        let map: BTreeMap<String, &RawValue> = serde_json::from_str(r#"{"input":-5}"#).unwrap();
        assert_eq!(
            split(&map).unwrap_err().0,
            "`input`: `-5` is negative; a count is a whole number from 0"
        );
    }
}
