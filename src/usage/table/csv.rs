//! Reading a CSV table row by row: a header line names the columns, each row
//! has as many cells, a leading byte order mark is dropped, and each cell a
//! shape reads must be UTF-8. One record's buffer is reused for every row
//! (when pricing, 32 records' buffers, read ahead of their pricing). A large
//! file is priced in two halves at once (`csv_halves.rs`).

use super::csv_halves::{Handover, Late};
use super::mapping::Mapped;
use super::priced_rows::{self, RowPricer};
use super::{Cell, CellError, Layout, Priced, Row, RowSource, Shape, located};
use crate::input::{InputError, LineEnds, open_stream};
use crate::usage::{Origin, Pricer, Usage, Window};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Chain, Cursor, Read};
use std::path::{Path, PathBuf};
use std::str::Utf8Error;

type Input = Chain<Cursor<Vec<u8>>, BufReader<File>>;

/// Records read ahead of their pricing (`CsvRows::price_records`).
pub(super) const AHEAD: usize = 32;

pub(crate) struct CsvRows {
    file: String,
    path: PathBuf,
    /// The bytes before the reader's first: a byte order mark dropped.
    skipped: u64,
    reader: csv::Reader<Input>,
    record: csv::ByteRecord,
    shape: Box<dyn Shape>,
    /// The column of each slot, if the header has it.
    columns: Vec<Option<usize>>,
    /// How the file's lines end, to number them.
    ends: LineEnds,
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
        let skipped = if head == b"\xef\xbb\xbf" {
            head.clear();
            3
        } else {
            0
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(Cursor::new(head).chain(input));
        let header = reader
            .byte_headers()
            .map_err(|e| csv_error(&file, e, LineEnds::default()))?;
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
        let ends = LineEnds::of(
            reader.get_ref().get_ref().1.get_ref(),
            reader.position().byte() + skipped,
        );
        let columns = shape
            .slots()
            .iter()
            .map(|slot| names.iter().position(|n| *n == slot.column))
            .collect();
        Ok(Self {
            file,
            path: path.to_path_buf(),
            skipped,
            reader,
            record: csv::ByteRecord::new(),
            shape,
            columns,
            ends,
            row: 0,
        })
    }
}

impl RowSource for CsvRows {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => return Some(Err(csv_error(&self.file, e, self.ends))),
        }
        self.row += 1;
        let line = self.record.position().map(|p| self.ends.line(p));
        let slots = self.shape.slots();
        let cells = CsvRow::new(&self.record, &self.columns);
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

/// Where the first half of a file split in two stopped reading.
enum Stop {
    /// At the end of the file: the second half found no record to start at.
    End,
    /// At the first record of the second half, read and not priced.
    At,
    /// At a record past where the second half started (it started within a
    /// record), read and not priced: the first half goes on from here.
    Past,
}

impl CsvRows {
    /// Prices the rows of a generic table shaped by `mapped` (`priced_rows.rs`)
    /// that started in `window`, noting the calls' ids by line. A file of
    /// at least `least` bytes is priced in two halves at once
    /// (`csv_halves.rs`), with the same sums, ids and first error as row by row.
    pub(super) fn price(
        mut self,
        mapped: &Mapped,
        window: &Window,
        pricer: &mut Pricer,
        least: u64,
    ) -> Result<Priced, InputError> {
        let mut rows = RowPricer::new(mapped, pricer);
        let mut tally = Priced::new(mapped.reads_ids());
        let start = self.reader.position().byte() + self.skipped;
        let width = self.reader.byte_headers().map_or(0, |h| h.len());
        let late = (!pricer.keeps_charges())
            .then(|| Late::new(&self.path, start, least, width, self.columns.clone()))
            .flatten();
        if let Some(late) = late {
            let mut other = pricer.fork();
            let handover = Handover::new(late.middle());
            let (stop, late) = std::thread::scope(|scope| {
                let late = scope.spawn(|| late.price(mapped, window, &mut other, &handover));
                let until = (&handover, || late.is_finished());
                let stop = self.price_records(Some(until), &mut rows, window, pricer, &mut tally);
                if !matches!(stop, Ok(Stop::At)) {
                    handover.abandon();
                }
                (stop, late.join().expect("a pricing worker does not panic"))
            });
            match (stop?, late) {
                (Stop::End, _) => return Ok(tally),
                (Stop::At, Some(mut late)) => {
                    // The second half numbers its lines from its first record's, this one's line here.
                    let line = self.record.position().map_or(0, |p| self.ends.line(p));
                    late.ids = late.ids.into_iter().map(|ids| ids.shifted(line - 1)).collect();
                    tally.add(late);
                    let merged = pricer.merge(other).err().map(|refused| refused.at(&self.file));
                    tally.failed = tally.failed.or(merged);
                    return Ok(tally);
                }
                // Read and not priced: the record the second half should have started at.
                (Stop::At | Stop::Past, _) => {
                    self.price_record(&self.record, self.row, &mut rows, window, pricer, &mut tally)?
                }
            }
        }
        self.price_records(None::<(&Handover, fn() -> bool)>, &mut rows, window, pricer, &mut tally)?;
        Ok(tally)
    }

    /// Prices records to the end, or, given the `handover` (and whether the
    /// second half has ended), until the one the second half starts at,
    /// which is left read and not priced in `self.record`; past the middle of
    /// the file, waits for the second half to say where that is (or to end
    /// without saying). Records are read [`AHEAD`] at a time, the sums of
    /// their labels read together before they are priced in turn
    /// (`RowPricer::warm`); a reading error comes after the rows before it.
    fn price_records(
        &mut self,
        handover: Option<(&Handover, impl Fn() -> bool)>,
        rows: &mut RowPricer,
        window: &Window,
        pricer: &mut Pricer,
        tally: &mut Priced,
    ) -> Result<Stop, InputError> {
        let mut ahead = vec![csv::ByteRecord::new(); AHEAD];
        loop {
            let (mut read, mut stop, mut failure) = (0, None, None);
            while read < AHEAD && stop.is_none() {
                match self.reader.read_byte_record(&mut ahead[read]) {
                    Err(e) => failure = Some(csv_error(&self.file, e, self.ends)),
                    Ok(false) => stop = Some(Stop::End),
                    Ok(true) => match &handover {
                        Some((handover, late_ended)) => {
                            let at = ahead[read].position().map_or(0, |p| p.byte()) + self.skipped;
                            let start = loop {
                                match handover.start() {
                                    None if at >= handover.middle() && !late_ended() => std::thread::yield_now(),
                                    start => break start,
                                }
                            };
                            match start.filter(|&start| at >= start) {
                                Some(start) => {
                                    std::mem::swap(&mut self.record, &mut ahead[read]);
                                    stop = Some(if at == start { Stop::At } else { Stop::Past });
                                }
                                None => read += 1,
                            }
                        }
                        None => read += 1,
                    },
                }
                if failure.is_some() {
                    break;
                }
            }
            rows.warm(&ahead[..read], &self.columns, pricer);
            for record in &ahead[..read] {
                self.row += 1;
                self.price_record(record, self.row, rows, window, pricer, tally)?;
            }
            if let Some(failure) = failure {
                return Err(failure);
            }
            if let Some(stop) = stop {
                // The record the second half starts at is a row read.
                self.row += u64::from(!matches!(stop, Stop::End));
                return Ok(stop);
            }
        }
    }

    /// Prices `record`, row `row`: `tally` counts the rows outside `window`,
    /// keeps the first call that could not be priced and notes the ids.
    fn price_record(
        &self,
        record: &csv::ByteRecord,
        row: u64,
        rows: &mut RowPricer,
        window: &Window,
        pricer: &mut Pricer,
        tally: &mut Priced,
    ) -> Result<(), InputError> {
        let cells = CsvRow::new(record, &self.columns);
        let line = record.position().map(|p| self.ends.line(p));
        let origin = || Origin {
            source: self.file.clone(),
            line,
        };
        // An id that is not UTF-8 is the error the shape gives.
        let id = rows.id(&cells);
        let read = match id {
            Ok(_) => rows.row(&cells, window, pricer, tally.failed.is_some()),
            Err(_) => None,
        };
        let id = match read {
            Some(priced_rows::Read::Outside) => {
                tally.outside += 1;
                None
            }
            Some(priced_rows::Read::Priced(priced)) => {
                if let Err(refused) = priced {
                    tally.failed = Some(refused.at(origin()));
                }
                id.ok().flatten().map(Cow::Borrowed)
            }
            None => {
                let slots = self.shape.slots();
                let usage = self
                    .shape
                    .build(&cells, origin())
                    .map_err(|e| located(&self.file, line, row, &slots[e.slot].column, e))?;
                match usage {
                    Some(usage) if !window.contains(usage.start) => {
                        tally.outside += 1;
                        None
                    }
                    Some(usage) => {
                        if tally.failed.is_none() {
                            tally.failed = pricer.add(&usage).err();
                        }
                        usage.id.map(Cow::Owned)
                    }
                    None => None,
                }
            }
        };
        if let (Some(id), Some(line)) = (id, line) {
            tally.note_id(&id, line, &self.file)?;
        }
        Ok(())
    }
}

/// The cells of one CSV record.
pub(super) struct CsvRow<'a> {
    record: &'a csv::ByteRecord,
    columns: &'a [Option<usize>],
    /// The record's bytes, when they are UTF-8 (checked at once, not cell by cell).
    text: Option<&'a str>,
}

impl<'a> CsvRow<'a> {
    pub(super) fn new(record: &'a csv::ByteRecord, columns: &'a [Option<usize>]) -> Self {
        Self {
            record,
            columns,
            text: std::str::from_utf8(record.as_slice()).ok(),
        }
    }

    /// The text of the cell of `slot`: `None` for an empty cell or a column
    /// the table lacks, `Err` for bytes that are not UTF-8.
    pub(super) fn text(&self, slot: usize) -> Result<Option<&str>, Utf8Error> {
        let Some(column) = self.columns[slot] else {
            return Ok(None);
        };
        // A cell of UTF-8 text is its part of the record's, cut where characters meet.
        let text = self.record.range(column).and_then(|r| self.text?.get(r));
        match text
            .map(Ok)
            .or_else(|| self.record.get(column).map(std::str::from_utf8))
        {
            None | Some(Ok("")) => Ok(None),
            Some(read) => read.map(Some),
        }
    }
}

impl Row for CsvRow<'_> {
    fn cell(&self, slot: usize) -> Result<Cell<'_>, CellError> {
        match self.text(slot) {
            Ok(None) => Ok(Cell::Null),
            Ok(Some(text)) => Ok(Cell::Text(Cow::Borrowed(text))),
            Err(_) => Err(CellError::new(slot, "the cell is not UTF-8").with_hint("save the file as UTF-8")),
        }
    }
}

/// A CSV reading error: a row with too few or too many cells (a truncated
/// file ends in one), or a failed read; its line numbered by `ends`.
pub(super) fn csv_error(file: &str, e: csv::Error, ends: LineEnds) -> InputError {
    let line = e.position().map(|p| ends.line(p) as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, pos, ..
        } => {
            let row = pos.as_ref().map(|p| p.record()).unwrap_or_default();
            return InputError {
                file: file.to_string(),
                line: pos.as_ref().map(|p| ends.line(p) as usize).or(line),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(fields: &[&[u8]]) -> Vec<Result<Option<String>, String>> {
        let record = csv::ByteRecord::from(fields.to_vec());
        let columns: Vec<Option<usize>> = (0..fields.len()).map(Some).collect();
        let row = CsvRow::new(&record, &columns);
        (0..fields.len())
            .map(|slot| match row.cell(slot) {
                Ok(Cell::Null) => Ok(None),
                Ok(cell) => Ok(Some(cell.to_string())),
                Err(e) => Err(e.message),
            })
            .collect()
    }

    #[test]
    fn each_cell_must_be_utf8_even_where_the_record_is() {
        assert_eq!(
            cells(&[b"caf\xc3\xa9", b"", b"x"]),
            [Ok(Some("café".into())), Ok(None), Ok(Some("x".into()))]
        );
        // The two bytes of `é` parted between two cells: the record reads as UTF-8, neither cell does.
        let not_utf8 = Err("the cell is not UTF-8".to_string());
        assert_eq!(cells(&[b"caf\xc3", b"\xa9"]), [not_utf8.clone(), not_utf8.clone()]);
        // A record with a cell that is not UTF-8: the others still read.
        assert_eq!(cells(&[b"a", b"\xff"]), [Ok(Some("a".into())), not_utf8]);
    }
}
