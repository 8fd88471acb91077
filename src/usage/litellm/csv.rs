//! The spend-log table exported as CSV with a header row, as psql's
//! `\copy "LiteLLM_SpendLogs" TO 'spend_logs.csv' CSV HEADER` writes it (an
//! empty cell is NULL; JSON columns hold JSON text). Read one row at a time.

use super::columns::{self, COLUMNS};
use super::row::{Place, Row};
use crate::input::{InputError, LineEnds};
use serde_json::Value;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Hands each row of the CSV file at `path` to `take`, in file order.
pub(super) fn read(
    path: &Path,
    take: &mut dyn FnMut(&Row, &Place) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let name = path.display().to_string();
    let mut file = crate::input::open_stream(path, "LiteLLM spend-log CSV")?;
    let cut_short = !ends_with_line_break(&mut file).map_err(|e| io_error(&name, &e))?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::new(file));
    let header = reader
        .headers()
        .map_err(|e| csv_error(&name, &e, LineEnds::default()))?
        .clone();
    let ends = LineEnds::of(reader.get_ref().get_ref(), reader.position().byte());
    let names: Vec<&str> = header.iter().collect();
    let index: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| names.iter().position(|h| *h == c.name()))
        .collect();
    if let Some(column) = COLUMNS.iter().zip(&index).find(|(c, i)| c.required() && i.is_none()) {
        return Err(columns::missing(&name, *column.0, &names));
    }
    let mut record = ::csv::StringRecord::new();
    let mut row = 0;
    loop {
        let read = reader.read_record(&mut record);
        row += 1;
        let place = Place {
            source: name.clone(),
            line: match &read {
                Ok(_) => record.position().map(|p| ends.line(p)),
                Err(e) => e.position().map(|p| ends.line(p)),
            },
            row,
        };
        // The last row, complete or not (a row after a bad one is read to know).
        let last = match &read {
            Ok(more) => *more && reader.is_done(),
            Err(_) => matches!(reader.read_record(&mut ::csv::StringRecord::new()), Ok(false)),
        };
        if cut_short && last {
            return Err(cut_short_error(&place));
        }
        if !read.map_err(|e| csv_error(&name, &e, ends))? {
            return Ok(());
        }
        let cells = std::array::from_fn(|k| {
            index[k]
                .and_then(|i| record.get(i))
                .filter(|cell| !cell.is_empty())
                .map_or(Value::Null, |cell| Value::String(cell.to_string()))
        });
        take(&Row::new(cells), &place)?;
    }
}

/// Whether the file is empty or its last byte is a line break, as every row
/// of an export ends; a file that ends inside a row was cut short.
fn ends_with_line_break(file: &mut std::fs::File) -> std::io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    file.seek(SeekFrom::Start(0))?;
    Ok(last[0] == b'\n')
}

/// The error for a last row with no line break after it.
pub(super) fn cut_short_error(place: &Place) -> InputError {
    place
        .problem("the file ends inside this row, with no line break after it: the file was cut short")
        .with_hint("export the table again; an export ends every row with a line break")
}

fn io_error(name: &str, e: &std::io::Error) -> InputError {
    InputError::file(name, format!("cannot read the file: {e}"))
}

fn csv_error(name: &str, e: &::csv::Error, ends: LineEnds) -> InputError {
    let mut err = match e.kind() {
        ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } => InputError::file(
            name,
            format!("has {len} fields where the header has {expected_len}: the row is cut short or malformed"),
        ),
        ::csv::ErrorKind::Utf8 { .. } => {
            InputError::file(name, "is not UTF-8 text").with_hint("export the table as UTF-8 (psql's default)")
        }
        ::csv::ErrorKind::Io(io) => io_error(name, io),
        _ => InputError::file(name, format!("is not valid CSV: {e}")),
    };
    err.line = e.position().map(|p| ends.line(p) as usize);
    err
}
