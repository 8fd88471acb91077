//! Reading a CSV table row by row: a header line names the columns, each row
//! has as many cells, a leading byte order mark is dropped, and each cell a
//! shape reads must be UTF-8. One record's buffer is reused for every row.

use super::mapping::Mapped;
use super::priced_rows::{self, RowPricer};
use super::{Cell, CellError, Layout, Row, RowSource, Shape, located};
use crate::input::{InputError, open_stream};
use crate::usage::{Origin, PriceError, Pricer, Usage, Window};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Chain, Cursor, Read};
use std::path::Path;

type Input = Chain<Cursor<Vec<u8>>, BufReader<File>>;

pub(crate) struct CsvRows {
    file: String,
    reader: csv::Reader<Input>,
    record: csv::ByteRecord,
    shape: Box<dyn Shape>,
    /// The column of each slot, if the header has it.
    columns: Vec<Option<usize>>,
    row: u64,
}

impl CsvRows {
    pub(crate) fn open(path: &Path, what: &str, layout: Layout) -> Result<Self, InputError> {
        let file = path.display().to_string();
        let mut input = BufReader::with_capacity(1 << 16, open_stream(path, what)?);
        let mut head = Vec::with_capacity(3);
        (&mut input)
            .take(3)
            .read_to_end(&mut head)
            .map_err(|e| InputError::file(&file, format!("cannot read the file: {e}")))?;
        if head == b"\xef\xbb\xbf" {
            head.clear();
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(Cursor::new(head).chain(input));
        let header = reader.byte_headers().map_err(|e| csv_error(&file, e))?;
        if header.is_empty() {
            return Err(InputError::file(
                &file,
                format!("is empty; expected a {what} with a header line"),
            ));
        }
        let names = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                std::str::from_utf8(name).map(|s| s.trim().to_string()).map_err(|_| {
                    let mut e = InputError::file(&file, format!("header cell {} is not UTF-8", i + 1));
                    e.line = Some(1);
                    e.with_hint("save the file as UTF-8")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let shape = layout(&names, &file)?;
        let columns = shape
            .slots()
            .iter()
            .map(|slot| names.iter().position(|n| *n == slot.column))
            .collect();
        Ok(Self {
            file,
            reader,
            record: csv::ByteRecord::new(),
            shape,
            columns,
            row: 0,
        })
    }
}

impl RowSource for CsvRows {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => return Some(Err(csv_error(&self.file, e))),
        }
        self.row += 1;
        let line = self.record.position().map(|p| p.line());
        let slots = self.shape.slots();
        let cells = CsvRow {
            record: &self.record,
            columns: &self.columns,
        };
        let origin = Origin {
            source: self.file.clone(),
            line,
        };
        Some(
            self.shape
                .build(&cells, origin)
                .map_err(|e| located(&self.file, line, self.row, &slots[e.slot].column, e)),
        )
    }
}

impl CsvRows {
    /// Prices the rows of a generic table shaped by `mapped` (`priced_rows.rs`);
    /// returns how many fell outside `window` and the first call that could
    /// not be priced.
    pub(super) fn price(
        mut self,
        mapped: &Mapped,
        window: &Window,
        pricer: &mut Pricer,
    ) -> Result<(u64, Option<PriceError>), InputError> {
        let mut rows = RowPricer::new(mapped, pricer);
        let (mut outside, mut failed) = (0, None);
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return Ok((outside, failed)),
                Ok(true) => {}
                Err(e) => return Err(csv_error(&self.file, e)),
            }
            self.row += 1;
            let cells = CsvRow {
                record: &self.record,
                columns: &self.columns,
            };
            let line = || self.record.position().map(|p| p.line());
            match rows.row(&cells, window, pricer, failed.is_some()) {
                Some(priced_rows::Read::Outside) => outside += 1,
                Some(priced_rows::Read::Priced(Ok(()))) => {}
                Some(priced_rows::Read::Priced(Err(refused))) => {
                    let at = Origin {
                        source: self.file.clone(),
                        line: line(),
                    };
                    failed = Some(refused.at(at));
                }
                None => {
                    let origin = Origin {
                        source: self.file.clone(),
                        line: line(),
                    };
                    let slots = self.shape.slots();
                    let usage = self
                        .shape
                        .build(&cells, origin)
                        .map_err(|e| located(&self.file, line(), self.row, &slots[e.slot].column, e))?;
                    match usage {
                        Some(usage) if !window.contains(usage.start) => outside += 1,
                        Some(usage) if failed.is_none() => failed = pricer.add(&usage).err(),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// The cells of one CSV record.
struct CsvRow<'a> {
    record: &'a csv::ByteRecord,
    columns: &'a [Option<usize>],
}

impl Row for CsvRow<'_> {
    fn cell(&self, slot: usize) -> Result<Cell<'_>, CellError> {
        match self.columns[slot].and_then(|c| self.record.get(c)) {
            None | Some(b"") => Ok(Cell::Null),
            Some(bytes) => std::str::from_utf8(bytes)
                .map(|text| Cell::Text(Cow::Borrowed(text)))
                .map_err(|_| CellError::new(slot, "the cell is not UTF-8").with_hint("save the file as UTF-8")),
        }
    }
}

/// A CSV reading error: a row with too few or too many cells (a truncated
/// file ends in one), or a failed read.
fn csv_error(file: &str, e: csv::Error) -> InputError {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, pos, ..
        } => {
            let row = pos.as_ref().map(|p| p.record()).unwrap_or_default();
            return InputError {
                file: file.to_string(),
                line: pos.as_ref().map(|p| p.line() as usize).or(line),
                field: None,
                message: format!("row {row} has {len} cells where the header has {expected_len}"),
                hint: Some("a row cut short is what a truncated file ends with; export the table again".into()),
            };
        }
        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
        _ => e.to_string(),
    };
    InputError {
        line,
        ..InputError::file(file, message)
    }
}
