//! The spend-log table exported as JSON: a list of row objects (PostgreSQL's
//! `json_agg`) or one object a line (`row_to_json`, JSON lines). Keys are the
//! column names; JSON columns may be nested values or JSON text. Read one row
//! at a time: a list is walked element by element, never held whole.

use super::columns::{self, COLUMNS};
use super::csv::cut_short_error;
use super::row::{Place, Row};
use crate::input::InputError;
use serde::de::{Deserializer as _, Error as _, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader};
use std::path::Path;

type Take<'a> = &'a mut dyn FnMut(&Row, &Place) -> Result<(), InputError>;

/// Hands each row of the JSON file at `path` to `take`, in file order.
pub(super) fn read(path: &Path, take: Take) -> Result<(), InputError> {
    let name = path.display().to_string();
    let file = crate::input::open_stream(path, "LiteLLM spend-log JSON")?;
    let mut reader = BufReader::new(file);
    let (first, skipped_lines) = first_byte(&mut reader).map_err(|e| io_error(&name, &e))?;
    match first {
        Some(b'[') => read_list(&name, reader, take),
        Some(b'{') => read_lines(&name, reader, skipped_lines, take),
        _ => Err(InputError::file(
            &name,
            "is neither a JSON list of rows nor JSON lines (one row object a line)",
        )
        .with_hint("a CSV export must be named *.csv")),
    }
}

/// The first byte that is not white space, and the line breaks before it.
fn first_byte(reader: &mut BufReader<std::fs::File>) -> std::io::Result<(Option<u8>, u64)> {
    let mut lines = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((None, lines));
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        lines += buf[..blank].iter().filter(|b| **b == b'\n').count() as u64;
        if blank < buf.len() {
            let first = buf[blank];
            reader.consume(blank);
            return Ok((Some(first), lines));
        }
        let len = buf.len();
        reader.consume(len);
    }
}

fn read_lines(name: &str, mut reader: BufReader<std::fs::File>, skipped: u64, take: Take) -> Result<(), InputError> {
    let mut text = String::new();
    let mut line = skipped;
    let mut row = 0;
    loop {
        text.clear();
        if reader.read_line(&mut text).map_err(|e| io_error(name, &e))? == 0 {
            return Ok(());
        }
        line += 1;
        if text.trim().is_empty() {
            continue;
        }
        row += 1;
        let place = Place {
            source: name.to_string(),
            line: Some(line),
            row,
        };
        let object = serde_json::from_str::<Map<String, Value>>(&text).map_err(|e| {
            if text.ends_with('\n') {
                place.problem(format!("is not a JSON row object: {e}"))
            } else {
                cut_short_error(&place)
            }
        })?;
        take(&row_of(object, &place)?, &place)?;
    }
}

fn read_list(name: &str, reader: BufReader<std::fs::File>, take: Take) -> Result<(), InputError> {
    let mut failed = None;
    let mut rows = 0;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let walked = de.deserialize_seq(Rows {
        name,
        take,
        failed: &mut failed,
        rows: &mut rows,
    });
    if let Some(err) = failed {
        return Err(err);
    }
    walked.and_then(|()| de.end()).map_err(|e| {
        let mut err = if e.is_eof() {
            InputError::file(
                name,
                format!("ends inside the list of rows, after row {rows}: the file was cut short"),
            )
            .with_hint("export the table again")
        } else {
            InputError::file(name, format!("is not a JSON list of row objects after row {rows}: {e}"))
        };
        err.line = Some(e.line());
        err
    })
}

/// Walks a JSON list, handing each row object on as it is read.
struct Rows<'a, 'b> {
    name: &'a str,
    take: Take<'b>,
    failed: &'a mut Option<InputError>,
    rows: &'a mut u64,
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of spend-log row objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(object) = seq.next_element::<Map<String, Value>>()? {
            *self.rows += 1;
            let place = Place {
                source: self.name.to_string(),
                line: None,
                row: *self.rows,
            };
            if let Err(err) = row_of(object, &place).and_then(|row| (self.take)(&row, &place)) {
                *self.failed = Some(err);
                return Err(A::Error::custom("row refused"));
            }
        }
        Ok(())
    }
}

/// The cells of a row object, by column; a required key must be there.
fn row_of(mut object: Map<String, Value>, place: &Place) -> Result<Row, InputError> {
    if let Some(column) = COLUMNS.iter().find(|c| c.required() && !object.contains_key(c.name())) {
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let missing = columns::missing(&place.source, *column, &keys);
        return Err(InputError {
            hint: missing.hint,
            ..place.error(column.name(), missing.message)
        });
    }
    Ok(Row::new(std::array::from_fn(|k| {
        object.remove(COLUMNS[k].name()).unwrap_or(Value::Null)
    })))
}

fn io_error(name: &str, e: &std::io::Error) -> InputError {
    InputError::file(name, format!("cannot read the file: {e}"))
}
