//! Which reader reads a LOGS argument:
//! - a `postgres://` URL: a LiteLLM proxy's database;
//! - with a column mapping (`--map`, `--mapping`): any table, CSV, JSON lines
//!   or Parquet by its extension;
//! - a file whose first bytes name `request_id` and `startTime`: LiteLLM's
//!   `LiteLLM_SpendLogs` table exported (CSV or JSON);
//! - `provided_model_name` and `usage_details`: a Langfuse observations export;
//! - a Parquet file, a CSV file, or JSON lines without a provider's marks: any
//!   table whose columns are named like the record's fields;
//! - any other JSON, a gzip file or a folder: a provider's usage export
//!   (told apart in `detect.rs`; gzip files, and folders of them, are
//!   Bedrock's invocation logs as S3 receives them).

use super::table::{self, Mapping, Priced, TableFormat, UsageRows};
use super::{PriceError, Pricer, Repeated, Repeats, Usage, Window, langfuse, litellm, open_usage};
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
    each: impl FnMut(Usage),
) -> Result<Vec<String>, InputError> {
    let path = Path::new(logs);
    match reader(logs, mapping)? {
        Reader::Litellm => Ok(litellm::read(&litellm::Source::parse(logs), window, each)?.notes()),
        Reader::Table(format, mapping) => once_each(
            &|| table::read(path, format, &mapping),
            logs,
            window,
            "rows that are not calls",
            each,
        ),
        Reader::Langfuse => once_each(
            &|| langfuse::read(path),
            logs,
            window,
            "observations without token usage (spans, events)",
            each,
        ),
        Reader::Provider => once_each(&|| open_usage(path), logs, window, "records that are not calls", each),
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
    let path = Path::new(logs);
    let mut failed = None;
    let Reader::Table(format, mapping) = reader(logs, mapping)? else {
        let notes = read_logs(logs, window, mapping, adding(pricer, &mut failed))?;
        return Ok((notes, failed));
    };
    let empty = pricer.emptied();
    let mut priced = table::price(path, format, &mapping, window, pricer)?;
    let repeats = priced.repeats(logs)?;
    if repeats.is_empty() {
        return Ok((outside_note(priced.outside).into_iter().collect(), priced.failed));
    }
    // Priced again, record by record, leaving out the rows that repeat an id.
    *pricer = empty;
    let rows = table::read(path, format, &mapping)?;
    let notes = rows_in_window(
        rows,
        window,
        (&repeats, &|usage, _| usage.origin.line),
        "rows that are not calls",
        adding(pricer, &mut failed),
    )?;
    Ok((notes, failed))
}

/// Adds each record to `pricer`, keeping in `failed` the first that could not be priced.
fn adding<'p>(pricer: &'p mut Pricer, failed: &'p mut Option<PriceError>) -> impl FnMut(Usage) + 'p {
    move |usage| {
        if failed.is_none() {
            *failed = pricer.add(&usage).err();
        }
    }
}

/// Hands the records `open` reads that started in `window` to `each`, but
/// for those whose id an earlier one had: when the records have ids, a first
/// reading finds the ones that repeat one (`repeats.rs`), each known by its
/// place among the records read (records of one line, a JSON array, share
/// the line).
fn once_each(
    open: &dyn Fn() -> Result<UsageRows, InputError>,
    file: &str,
    window: &Window,
    skipped: &str,
    each: impl FnMut(Usage),
) -> Result<Vec<String>, InputError> {
    let by_place: &Place = &|_, place| Some(place);
    let mut rows = open()?;
    if !rows.reads_ids() {
        return rows_in_window(rows, window, (&Repeats::default(), by_place), skipped, each);
    }
    let (mut priced, mut place) = (Priced::new(true), 0);
    while let Some(head) = rows.next_head() {
        let (start, id) = head?;
        place += 1;
        if let (true, Some(id)) = (window.contains(start), &id) {
            priced.note_id(id, place, file)?;
        }
    }
    let repeats = priced.repeats(file)?;
    rows_in_window(open()?, window, (&repeats, by_place), skipped, each)
}

/// Where a record is, as its id was noted: from the record and its 1-based
/// place among the records read.
type Place = dyn Fn(&Usage, u64) -> Option<u64>;

/// Hands the records that started in `window` to `each`, but for those in
/// `repeats` (where `place` puts them).
fn rows_in_window(
    mut rows: UsageRows,
    window: &Window,
    (repeats, place): (&Repeats, &Place),
    skipped: &str,
    mut each: impl FnMut(Usage),
) -> Result<Vec<String>, InputError> {
    let (mut outside, mut repeated) = (0u64, Repeated::default());
    for (at, row) in (1..).zip(rows.by_ref()) {
        let record = row?;
        if !window.contains(record.start) {
            outside += 1;
        } else if let (Some(id), Some(at)) = (&record.id, place(&record, at))
            && repeats.contains(at)
        {
            repeated.add(id, &record.origin);
        } else {
            each(record);
        }
    }
    let mut notes: Vec<String> = outside_note(outside).into_iter().chain(repeated.note()).collect();
    if rows.skipped() > 0 {
        notes.push(format!("{} {skipped} were left out", rows.skipped()));
    }
    notes.extend(rows.notes());
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
