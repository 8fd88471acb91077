//! Which reader reads a LOGS argument:
//! - a `postgres://` URL: a LiteLLM proxy's database;
//! - with a column mapping (`--map`, `--mapping`): any table, CSV, JSON lines
//!   or Parquet by its extension;
//! - a file whose first bytes name `request_id` and `startTime`: LiteLLM's
//!   `LiteLLM_SpendLogs` table exported (CSV or JSON);
//! - `provided_model_name` and `usage_details`: a Langfuse observations export;
//! - a Parquet file, a CSV file, or JSON lines without a provider's marks: any
//!   table whose columns are named like the record's fields;
//! - any other JSON: a provider's usage export (told apart in `detect.rs`).

use super::table::{self, Mapping, TableFormat, UsageRows};
use super::{PriceError, Pricer, Usage, Window, langfuse, litellm, read_usage};
use crate::input::InputError;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// How many bytes are read to tell the sources apart.
const PEEK: u64 = 8192;

/// `logs` as reports name it: a database URL without its password.
pub fn logs_name(logs: &str) -> String {
    litellm::Source::parse(logs).name()
}

/// Which reader a `LOGS` argument needs.
enum Reader<'m> {
    Litellm,
    /// A table in a format, read through a mapping (the given one, or the
    /// columns named like the record's fields).
    Table(TableFormat, Cow<'m, Mapping>),
    Langfuse,
    /// A provider's usage export.
    Provider,
}

/// The reader of `logs`, read with `mapping` when it is a table.
fn reader<'m>(logs: &str, mapping: Option<&'m Mapping>) -> Result<Reader<'m>, InputError> {
    if let litellm::Source::Postgres(_) = litellm::Source::parse(logs) {
        return Ok(Reader::Litellm);
    }
    let path = Path::new(logs);
    if let Some(mapping) = mapping {
        return Ok(Reader::Table(TableFormat::of_path(path)?, Cow::Borrowed(mapping)));
    }
    let head = peek(path);
    let has = |key: &str| head.windows(key.len()).any(|w| w == key.as_bytes());
    if (has("\"request_id\"") && has("\"startTime\"")) || (has("request_id") && has("startTime") && is(path, "csv")) {
        return Ok(Reader::Litellm);
    }
    if has("provided_model_name") && has("usage_details") {
        return Ok(Reader::Langfuse);
    }
    let provider = has("\"schemaType\"") || has("\"object\"") || has("\"data\"");
    if is(path, "parquet")
        || is(path, "pq")
        || is(path, "csv")
        || (!provider && (is(path, "jsonl") || is(path, "ndjson")))
    {
        return Ok(Reader::Table(
            TableFormat::of_path(path)?,
            Cow::Owned(Mapping::default()),
        ));
    }
    Ok(Reader::Provider)
}

/// Reads the usage `logs` names that started in `window`, with `mapping`
/// for a table, handing each record to `each`; returns warnings about what was
/// left out. On an error some records may have been handed on already.
pub fn read_logs(
    logs: &str,
    window: &Window,
    mapping: Option<&Mapping>,
    mut each: impl FnMut(Usage),
) -> Result<Vec<String>, InputError> {
    let path = Path::new(logs);
    match reader(logs, mapping)? {
        Reader::Litellm => Ok(litellm::read(&litellm::Source::parse(logs), window, each)?.notes()),
        Reader::Table(format, mapping) => {
            let rows = table::read(path, format, &mapping)?;
            rows_in_window(rows, window, "rows that are not calls", each)
        }
        Reader::Langfuse => rows_in_window(
            langfuse::read(path)?,
            window,
            "observations without token usage (spans, events)",
            each,
        ),
        Reader::Provider => {
            let (_, records) = read_usage(path)?;
            let mut outside = 0u64;
            for record in records {
                if window.contains(record.start) {
                    each(record);
                } else {
                    outside += 1;
                }
            }
            Ok(outside_note(outside).into_iter().collect())
        }
    }
}

/// Prices the usage `logs` names that started in `window` with `pricer`, as
/// `read_logs` reads it (a table straight from its columns where its format
/// allows, `table::price`); returns the warnings about what was left out and
/// the first record that could not be priced. A reading error is the error,
/// wherever it is in the logs.
pub fn price_logs(
    logs: &str,
    window: &Window,
    mapping: Option<&Mapping>,
    pricer: &mut Pricer,
) -> Result<(Vec<String>, Option<PriceError>), InputError> {
    if let Reader::Table(format, mapping) = reader(logs, mapping)? {
        let (outside, failed) = table::price(Path::new(logs), format, &mapping, window, pricer)?;
        return Ok((outside_note(outside).into_iter().collect(), failed));
    }
    let mut failed = None;
    let notes = read_logs(logs, window, mapping, |usage| {
        if failed.is_none() {
            failed = pricer.add(&usage).err();
        }
    })?;
    Ok((notes, failed))
}

/// Hands the rows of a table that started in `window` to `each`.
fn rows_in_window(
    mut rows: UsageRows,
    window: &Window,
    skipped: &str,
    mut each: impl FnMut(Usage),
) -> Result<Vec<String>, InputError> {
    let mut outside = 0u64;
    for row in rows.by_ref() {
        let record = row?;
        if window.contains(record.start) {
            each(record);
        } else {
            outside += 1;
        }
    }
    let mut notes: Vec<String> = outside_note(outside).into_iter().collect();
    if rows.skipped() > 0 {
        notes.push(format!("{} {skipped} were left out", rows.skipped()));
    }
    Ok(notes)
}

fn outside_note(outside: u64) -> Option<String> {
    (outside > 0).then(|| format!("{outside} records outside the time window were left out"))
}

fn is(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The first bytes of the file at `path`; nothing for what is not a regular
/// file (a FIFO would block), which the reader chosen then refuses by name.
fn peek(path: &Path) -> Vec<u8> {
    let mut head = Vec::new();
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let _ = std::fs::File::open(path).and_then(|f| f.take(PEEK).read_to_end(&mut head));
    }
    head
}
