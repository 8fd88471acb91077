//! Any table of logged calls, as CSV, JSON lines or Parquet, read row by row
//! into [`Usage`] records: memory stays flat however many rows a file holds.
//!
//! A reader of one format (`csv.rs`, `jsonl.rs`, `parquet.rs`) turns each row
//! into cells, one per [`Slot`] that a [`Shape`] asks for; the shape turns the
//! cells into a record. A generic table's shape comes from a column
//! [`Mapping`] (`mapping.rs`); a known export (Langfuse) brings its own.

mod csv;
mod csv_halves;
mod jsonl;
mod mapping;
mod parquet;
mod parquet_priced;
mod priced_rows;
mod value;

pub use mapping::{MapError, Mapping};

use super::{Ids, Origin, PriceError, Pricer, Repeats, Usage, Window};
use crate::input::InputError;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

pub(crate) use value::{count, flag, money, tags, text, time};

/// The file formats a table is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object a line; the first line's keys are the columns.
    JsonLines,
    /// Apache Parquet.
    Parquet,
}

impl TableFormat {
    /// The format a file's extension names: `.csv`, `.jsonl` or `.ndjson`, `.parquet`.
    pub fn of_path(path: &Path) -> Result<Self, InputError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Ok(Self::Csv),
            "jsonl" | "ndjson" => Ok(Self::JsonLines),
            "parquet" | "pq" => Ok(Self::Parquet),
            _ => Err(InputError::file(
                &path.display().to_string(),
                format!("cannot tell the table's format from its name (extension `{ext}`)"),
            )
            .with_hint("name the file .csv, .jsonl (JSON lines) or .parquet")),
        }
    }
}

/// One value of a row, as its format holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Text(Cow<'a, str>),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Time(DateTime<Utc>),
    Decimal(Decimal),
    List(Vec<String>),
}

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => f.write_str("null"),
            Cell::Text(t) => f.write_str(t),
            Cell::Int(n) => write!(f, "{n}"),
            Cell::UInt(n) => write!(f, "{n}"),
            Cell::Float(x) => write!(f, "{x}"),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Time(t) => write!(f, "{}", t.to_rfc3339()),
            Cell::Decimal(d) => write!(f, "{d}"),
            Cell::List(items) => write!(f, "{items:?}"),
        }
    }
}

/// What a slot holds, so a typed format (Parquet) can check a column's type
/// before reading a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A whole count (tokens, requests).
    Count,
    Time,
    Text,
    Money,
    Flag,
    Tags,
    /// JSON text (an object such as Langfuse's `usage_details`).
    Json,
}

impl Kind {
    /// What a column of this kind holds, in words.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Kind::Count => "whole numbers (an integer column)",
            Kind::Time => "dates and times (a timestamp or text column)",
            Kind::Text => "text",
            Kind::Money => "amounts (a decimal, floating point, integer or text column)",
            Kind::Flag => "true or false (a boolean, integer or text column)",
            Kind::Tags => "tags (a list of text, or text)",
            Kind::Json => "JSON text",
        }
    }
}

/// One value a shape reads from each row: the column that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub column: String,
    pub kind: Kind,
}

/// What is wrong with one cell: the slot it was read for and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellError {
    pub slot: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl CellError {
    pub(crate) fn new(slot: usize, message: impl Into<String>) -> Self {
        Self {
            slot,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// One row's cells, by slot.
pub(crate) trait Row {
    fn cell(&self, slot: usize) -> Result<Cell<'_>, CellError>;
}

impl Row for Vec<Cell<'_>> {
    fn cell(&self, slot: usize) -> Result<Cell<'_>, CellError> {
        Ok(self[slot].clone())
    }
}

/// How the rows of one kind of table become records.
pub(crate) trait Shape {
    /// The values read from every row, in the order `build` receives them.
    fn slots(&self) -> &[Slot];

    /// The record a row stands for, or `None` for a row that is not a call
    /// (a Langfuse span, say), counted as skipped.
    fn build(&self, row: &dyn Row, origin: Origin) -> Result<Option<Usage>, CellError>;

    /// Whether the records have the ids of their calls, checked for repeats.
    fn reads_ids(&self) -> bool;
}

/// Makes the shape of a table from its columns (a header, a first JSON line
/// or a Parquet schema), refusing a table that lacks a column it needs.
pub(crate) type Layout<'a> = &'a dyn Fn(&[String], &str) -> Result<Box<dyn Shape>, InputError>;

/// What a first reading for repeated ids needs of a record: when it started,
/// and its id.
pub(crate) type Head = (DateTime<Utc>, Option<String>);

/// A reader of one format: the next row's record, `Ok(None)` for a skipped
/// row, `None` at the end.
pub(crate) trait RowSource {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>>;

    /// The next row's start and id only, as `next_row` reads them; a source
    /// that reads them for less than a whole record says how.
    fn next_head(&mut self) -> Option<Result<Option<Head>, InputError>> {
        self.next_row()
            .map(|row| row.map(|usage| usage.map(|u| (u.start, u.id))))
    }

    /// What the source left out besides rows, said once it is read.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The records of a table, one at a time; reading stops at the first error.
pub struct UsageRows {
    source: Box<dyn RowSource>,
    reads_ids: bool,
    skipped: u64,
    done: bool,
}

impl UsageRows {
    /// The records `source` reads; `reads_ids` when they have their calls' ids.
    pub(crate) fn new(source: Box<dyn RowSource>, reads_ids: bool) -> Self {
        Self {
            source,
            reads_ids,
            skipped: 0,
            done: false,
        }
    }

    /// Records already read (a file read whole), handed on one at a time.
    pub(crate) fn of(records: Vec<Usage>, reads_ids: bool) -> Self {
        Self::new(Box::new(Records::new(records)), reads_ids)
    }

    /// Rows read so far that were not calls (see each source's documentation).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// What the source left out besides rows ([`RowSource::notes`]).
    pub fn notes(&self) -> Vec<String> {
        self.source.notes()
    }

    /// Whether the records have the ids of their calls ([`Shape::reads_ids`]).
    pub fn reads_ids(&self) -> bool {
        self.reads_ids
    }

    /// The next record's start and id ([`RowSource::next_head`]).
    pub(crate) fn next_head(&mut self) -> Option<Result<Head, InputError>> {
        self.pull(|source| source.next_head())
    }

    /// The next of what `read` reads, past skipped rows; nothing after an error.
    fn pull<T>(
        &mut self,
        mut read: impl FnMut(&mut dyn RowSource) -> Option<Result<Option<T>, InputError>>,
    ) -> Option<Result<T, InputError>> {
        while !self.done {
            match read(self.source.as_mut()) {
                None => self.done = true,
                Some(Ok(Some(item))) => return Some(Ok(item)),
                Some(Ok(None)) => self.skipped += 1,
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// Records read before, as a row source.
pub(crate) struct Records(std::vec::IntoIter<Usage>);

impl Records {
    pub(crate) fn new(records: Vec<Usage>) -> Self {
        Self(records.into_iter())
    }
}

impl RowSource for Records {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        self.0.next().map(|usage| Ok(Some(usage)))
    }
}

impl fmt::Debug for UsageRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsageRows")
            .field("skipped", &self.skipped)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Iterator for UsageRows {
    type Item = Result<Usage, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.pull(|source| source.next_row())
    }
}

/// Reads the table at `path` in `format`, shaped by `layout`.
pub(crate) fn open(path: &Path, format: TableFormat, what: &str, layout: Layout) -> Result<UsageRows, InputError> {
    let reads_ids = std::cell::Cell::new(false);
    let layout: Layout = &|columns, file| {
        let shape = layout(columns, file)?;
        reads_ids.set(shape.reads_ids());
        Ok(shape)
    };
    let source: Box<dyn RowSource> = match format {
        TableFormat::Csv => Box::new(csv::CsvRows::open(path, what, layout)?),
        TableFormat::JsonLines => Box::new(jsonl::JsonRows::open(path, what, layout)?),
        TableFormat::Parquet => Box::new(parquet::ParquetRows::open(path, what, layout)?),
    };
    Ok(UsageRows::new(source, reads_ids.get()))
}

/// Reads a generic table: its columns named by `mapping`.
pub fn read(path: &Path, format: TableFormat, mapping: &Mapping) -> Result<UsageRows, InputError> {
    open(path, format, "usage table", &|columns, file| {
        mapping
            .resolve(columns, file)
            .map(|shape| Box::new(shape) as Box<dyn Shape>)
    })
}

/// What pricing a table found: how many rows fell outside the window, the
/// first call that could not be priced (reading goes on to the end, so that
/// a bad row later in the file is the error reported), and the ids of the
/// calls priced when the table has them, a part for each part of the file
/// read on its own.
#[derive(Debug, Default)]
pub(crate) struct Priced {
    pub outside: u64,
    pub failed: Option<PriceError>,
    pub ids: Vec<Ids>,
}

impl Priced {
    /// A tally that keeps ids when `ids`.
    pub(crate) fn new(ids: bool) -> Self {
        Self {
            ids: if ids { vec![Ids::default()] } else { Vec::new() },
            ..Self::default()
        }
    }

    /// Notes that the call priced at row (or line) `row` of `file` has id `id`.
    pub(crate) fn note_id(&mut self, id: &str, row: u64, file: &str) -> Result<(), InputError> {
        match self.ids.last_mut() {
            Some(ids) => ids.push(id, row).map_err(|e| ids_error(file, e)),
            None => Ok(()),
        }
    }

    /// Adds what another part of the file found.
    pub(crate) fn add(&mut self, other: Priced) {
        self.outside += other.outside;
        self.failed = self.failed.take().or(other.failed);
        self.ids.extend(other.ids);
    }

    /// The rows that repeat an earlier row's id.
    pub(crate) fn repeats(&mut self, file: &str) -> Result<Repeats, InputError> {
        Ids::repeats(std::mem::take(&mut self.ids)).map_err(|e| ids_error(file, e))
    }
}

/// The ids of a file's calls could not be kept on disk.
pub(crate) fn ids_error(file: &str, e: std::io::Error) -> InputError {
    InputError::file(
        file,
        format!("cannot keep the ids of its calls in a temporary file: {e}"),
    )
    .with_hint("set TMPDIR to a folder with free space")
}

/// Prices the generic table at `path` (columns named by `mapping`) with
/// `pricer`, the calls that started in `window`: a Parquet file from its
/// column batches (`parquet_priced.rs`), CSV row by row without records
/// (`priced_rows.rs`), JSON lines record by record.
pub(crate) fn price(
    path: &Path,
    format: TableFormat,
    mapping: &Mapping,
    window: &Window,
    pricer: &mut Pricer,
) -> Result<Priced, InputError> {
    if format == TableFormat::Parquet {
        return parquet_priced::price(path, mapping, window, pricer);
    }
    if format == TableFormat::Csv {
        return price_csv(path, mapping, window, pricer, csv_halves::LEAST);
    }
    let file = path.display().to_string();
    let rows = read(path, format, mapping)?;
    let mut priced = Priced::new(rows.reads_ids());
    for row in rows {
        let usage = row?;
        if !window.contains(usage.start) {
            priced.outside += 1;
            continue;
        }
        if priced.failed.is_none() {
            priced.failed = pricer.add(&usage).err();
        }
        if let (Some(id), Some(line)) = (&usage.id, usage.origin.line) {
            priced.note_id(id, line, &file)?;
        }
    }
    Ok(priced)
}

/// Prices a CSV table, in two halves at once when its rows are at least
/// `least` bytes (`csv_halves.rs`).
fn price_csv(
    path: &Path,
    mapping: &Mapping,
    window: &Window,
    pricer: &mut Pricer,
    least: u64,
) -> Result<Priced, InputError> {
    let shape = std::cell::RefCell::new(None);
    let rows = csv::CsvRows::open(path, "usage table", &|columns, file| {
        let mapped = mapping.resolve(columns, file)?;
        *shape.borrow_mut() = Some(mapped.clone());
        Ok(Box::new(mapped) as Box<dyn Shape>)
    })?;
    let mapped = shape.into_inner().expect("the layout made the shape");
    rows.price(&mapped, window, pricer, least)
}

/// A cell's error as an input error: file, line (for a text format), column,
/// and the row in the message.
pub(crate) fn located(file: &str, line: Option<u64>, row: u64, column: &str, e: CellError) -> InputError {
    InputError {
        file: file.to_string(),
        line: line.map(|l| l as usize),
        field: Some(column.to_string()),
        message: format!("row {row}: {}", e.message),
        hint: e.hint,
    }
}
