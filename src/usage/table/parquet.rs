//! Reading a Parquet table batch by batch (8,192 rows at a time, only the
//! columns a shape reads): memory stays flat whatever the number of rows. Each
//! column's type is checked against what its slot holds before any row is
//! read; a timestamp column without a time zone is taken as UTC.

use super::{Cell, CellError, Kind, Layout, Row, RowSource, Shape, Slot, located};
use crate::input::{InputError, open_stream};
use crate::usage::{Origin, Usage};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use chrono::DateTime;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

/// Rows decoded at a time.
pub(super) const BATCH_ROWS: usize = 8192;

pub(crate) struct ParquetRows {
    file: String,
    reader: ParquetRecordBatchReader,
    shape: Box<dyn Shape>,
    /// The batch being read, each slot's column in it, and the next row of it.
    batch: Option<(RecordBatch, Vec<Option<ArrayRef>>)>,
    next: usize,
    row: u64,
}

impl ParquetRows {
    pub(crate) fn open(path: &Path, what: &str, layout: Layout) -> Result<Self, InputError> {
        let (file, builder) = builder(path, what, ArrowReaderOptions::new())?;
        let names = column_names(&builder);
        let shape = layout(&names, &file)?;
        let mask = projection(&builder, shape.slots(), &file)?;
        let reader = build(builder, mask, &file)?;
        Ok(Self {
            file,
            reader,
            shape,
            batch: None,
            next: 0,
            row: 0,
        })
    }
}

/// The reader's builder of the Parquet file at `path`, and the file's name.
pub(super) fn builder(
    path: &Path,
    what: &str,
    options: ArrowReaderOptions,
) -> Result<(String, ParquetRecordBatchReaderBuilder<File>), InputError> {
    let file = path.display().to_string();
    let handle = open_stream(path, what)?;
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(handle, options).map_err(|e| {
        InputError::file(&file, format!("is not a readable Parquet file: {e}"))
            .with_hint("a Parquet file ends with its footer: a file cut short (truncated) has none; export it again")
    })?;
    Ok((file, builder))
}

/// The names of a Parquet file's columns.
pub(super) fn column_names(builder: &ParquetRecordBatchReaderBuilder<File>) -> Vec<String> {
    builder.schema().fields().iter().map(|f| f.name().clone()).collect()
}

/// The columns `slots` read, each checked to hold what its slot reads.
pub(super) fn projection(
    builder: &ParquetRecordBatchReaderBuilder<File>,
    slots: &[Slot],
    file: &str,
) -> Result<ProjectionMask, InputError> {
    let schema = builder.schema();
    let names = column_names(builder);
    let mut roots = Vec::new();
    for slot in slots {
        let Some(index) = names.iter().position(|n| *n == slot.column) else {
            continue;
        };
        let field = schema.field(index);
        if !holds(field.data_type(), slot.kind) {
            return Err(InputError {
                field: Some(slot.column.clone()),
                ..InputError::file(
                    file,
                    format!(
                        "the column is of type {}; expected {}",
                        field.data_type(),
                        slot.kind.words()
                    ),
                )
            }
            .with_hint("write the column with the type expected, or map another column"));
        }
        roots.push(index);
    }
    Ok(ProjectionMask::roots(builder.parquet_schema(), roots))
}

/// The reader of the columns `mask` selects, a batch of `BATCH_ROWS` at a time.
pub(super) fn build(
    builder: ParquetRecordBatchReaderBuilder<File>,
    mask: ProjectionMask,
    file: &str,
) -> Result<ParquetRecordBatchReader, InputError> {
    builder
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| InputError::file(file, format!("cannot read the Parquet file: {e}")))
}

/// A batch that could not be decoded, after `row` rows were read.
pub(super) fn batch_error(file: &str, row: u64, e: impl std::fmt::Display) -> InputError {
    InputError::file(file, format!("cannot read the rows after row {row}: {e}"))
        .with_hint("the file may be cut short (truncated) or damaged; export it again")
}

/// Whether a column of type `data` holds values of `kind`.
fn holds(data: &DataType, kind: Kind) -> bool {
    if let DataType::Dictionary(_, values) = data {
        // Each distinct value written once (as pandas writes a categorical column), rows as keys.
        return holds(values, kind);
    }
    let text = matches!(data, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
    match kind {
        Kind::Count => data.is_integer(),
        Kind::Time => text || matches!(data, DataType::Timestamp(..)),
        Kind::Text => text || data.is_integer(),
        Kind::Money => {
            text || data.is_integer()
                || matches!(data, DataType::Float32 | DataType::Float64)
                || matches!(data, DataType::Decimal128(_, scale) if (0..=28).contains(scale))
        }
        Kind::Flag => text || data.is_integer() || *data == DataType::Boolean,
        Kind::Tags => {
            text || matches!(data, DataType::List(item) | DataType::LargeList(item)
                if matches!(item.data_type(), DataType::Utf8 | DataType::LargeUtf8))
        }
        Kind::Json => text,
    }
}

impl RowSource for ParquetRows {
    fn next_row(&mut self) -> Option<Result<Option<Usage>, InputError>> {
        loop {
            if let Some((batch, columns)) = &self.batch {
                if self.next < batch.num_rows() {
                    let i = self.next;
                    self.next += 1;
                    self.row += 1;
                    let cells = BatchRow { columns, i };
                    return Some(built(&*self.shape, &cells, &self.file, self.row));
                }
            }
            match self.reader.next()? {
                Ok(batch) => {
                    let columns = self
                        .shape
                        .slots()
                        .iter()
                        .map(|s| batch.column_by_name(&s.column).cloned())
                        .collect();
                    self.batch = Some((batch, columns));
                    self.next = 0;
                }
                Err(e) => return Some(Err(batch_error(&self.file, self.row, e))),
            }
        }
    }
}

/// The record of row `row` of `file` (`cells`), or its located error.
pub(super) fn built(shape: &dyn Shape, cells: &BatchRow, file: &str, row: u64) -> Result<Option<Usage>, InputError> {
    let origin = Origin {
        source: file.to_string(),
        line: Some(row),
    };
    shape
        .build(cells, origin)
        .map_err(|e| located(file, None, row, &shape.slots()[e.slot].column, e))
}

/// Row `i` of a batch, by slot.
pub(super) struct BatchRow<'a> {
    pub columns: &'a [Option<ArrayRef>],
    pub i: usize,
}

impl Row for BatchRow<'_> {
    fn cell(&self, slot: usize) -> Result<Cell<'_>, CellError> {
        Ok(self.columns[slot]
            .as_ref()
            .map_or(Cell::Null, |c| cell_at(c.as_ref(), self.i)))
    }
}

/// The cell at row `i` of a column whose type `holds` accepted.
pub(super) fn cell_at(array: &dyn Array, i: usize) -> Cell<'_> {
    if array.is_null(i) {
        return Cell::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Cell::Text(Cow::Borrowed(array.as_string::<i32>().value(i))),
        // A dictionary (as the file has it, or as `parquet_priced.rs` asks
        // for text): the value its key names, whatever the keys' type.
        DataType::Dictionary(..) => {
            let Some(dict) = array.as_any_dictionary_opt() else {
                return Cell::Null;
            };
            let key = match cell_at(dict.keys(), i) {
                Cell::Int(k) => usize::try_from(k).ok(),
                Cell::UInt(k) => usize::try_from(k).ok(),
                _ => None,
            };
            key.map_or(Cell::Null, |k| cell_at(dict.values().as_ref(), k))
        }
        DataType::LargeUtf8 => Cell::Text(Cow::Borrowed(array.as_string::<i64>().value(i))),
        DataType::Utf8View => Cell::Text(Cow::Borrowed(array.as_string_view().value(i))),
        DataType::Int8 => Cell::Int(array.as_primitive::<Int8Type>().value(i).into()),
        DataType::Int16 => Cell::Int(array.as_primitive::<Int16Type>().value(i).into()),
        DataType::Int32 => Cell::Int(array.as_primitive::<Int32Type>().value(i).into()),
        DataType::Int64 => Cell::Int(array.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => Cell::UInt(array.as_primitive::<UInt8Type>().value(i).into()),
        DataType::UInt16 => Cell::UInt(array.as_primitive::<UInt16Type>().value(i).into()),
        DataType::UInt32 => Cell::UInt(array.as_primitive::<UInt32Type>().value(i).into()),
        DataType::UInt64 => Cell::UInt(array.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => Cell::Float(array.as_primitive::<Float32Type>().value(i).into()),
        DataType::Float64 => Cell::Float(array.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => Cell::Bool(array.as_boolean().value(i)),
        DataType::Decimal128(_, scale) => {
            let v = array.as_primitive::<arrow_array::types::Decimal128Type>().value(i);
            Decimal::try_from_i128_with_scale(v, *scale as u32).map_or(Cell::Null, Cell::Decimal)
        }
        DataType::Timestamp(unit, _) => {
            let at = match unit {
                TimeUnit::Second => DateTime::from_timestamp(array.as_primitive::<TimestampSecondType>().value(i), 0),
                TimeUnit::Millisecond => {
                    DateTime::from_timestamp_millis(array.as_primitive::<TimestampMillisecondType>().value(i))
                }
                TimeUnit::Microsecond => {
                    DateTime::from_timestamp_micros(array.as_primitive::<TimestampMicrosecondType>().value(i))
                }
                TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(
                    array.as_primitive::<TimestampNanosecondType>().value(i),
                )),
            };
            at.map_or(Cell::Null, Cell::Time)
        }
        DataType::List(_) => {
            let lists = array.as_list::<i32>();
            let span = lists.value_offsets()[i] as usize..lists.value_offsets()[i + 1] as usize;
            list(lists.values().as_ref(), span)
        }
        DataType::LargeList(_) => {
            let lists = array.as_list::<i64>();
            let span = lists.value_offsets()[i] as usize..lists.value_offsets()[i + 1] as usize;
            list(lists.values().as_ref(), span)
        }
        _ => Cell::Null,
    }
}

/// The items `span` of a list column's values, as a cell.
fn list(items: &dyn Array, span: std::ops::Range<usize>) -> Cell<'static> {
    Cell::List(
        span.filter(|&j| !items.is_null(j))
            .map(|j| cell_at(items, j).to_string())
            .collect(),
    )
}
