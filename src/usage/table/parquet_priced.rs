//! A generic Parquet table priced straight from its column batches, with no
//! record built a row: a file of several row groups by two workers, each
//! decoding and pricing its own row groups into a pricer of its own (merged
//! at the end, `Pricer::merge`); a file of one row group by one thread
//! decoding while the other prices. Text columns the mapping reads as names (model, service tier,
//! labels) and the items of a list of tags are decoded as dictionaries, so
//! that each distinct value of a batch is matched to its key once and a row
//! is an index; counts, times and
//! amounts are read from the columns' slices.
//!
//! Only rows whose every value is plainly valid (no null where a value is needed, no negative
//! count, cached tokens within the prompt, ...) are read so. Any other row,
//! and every row of a batch whose columns are of other types, is read by the
//! mapping's shape into a record (`Mapped::build`), which gives the same
//! record or the same located error as the row-by-row reader: the rules of a
//! row stay in `mapping.rs` and `value.rs`.

use super::mapping::{COUNTS, Mapped, Target};
use super::parquet::{BatchRow, batch_error, builder, built, column_names, projection};
use super::{Cell, Mapping, Priced, Shape, money};
use crate::input::InputError;
use crate::tariff::Mode;
use crate::usage::price::Call;
use crate::usage::record::mode_of;
use crate::usage::{Pricer, UsageTokens, Window};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{Array, ArrayRef, BooleanArray, Decimal128Array, Int64Array, ListArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::{DateTime, NaiveDate, Utc};
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReader};
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::sync_channel;

/// Batches decoded ahead of the pricing.
const AHEAD: usize = 4;

/// Prices the generic Parquet table at `path` (columns named by `mapping`)
/// with `pricer`, the calls that started in `window`, noting their ids by row.
pub(crate) fn price(
    path: &Path,
    mapping: &Mapping,
    window: &Window,
    pricer: &mut Pricer,
) -> Result<Priced, InputError> {
    let what = "usage table";
    let (file, first) = builder(path, what, ArrowReaderOptions::new())?;
    let names = column_names(&first);
    let mapped = mapping.resolve(&names, &file)?;
    // The columns checked against the file's own types; the file's columns are the same whatever Arrow type a
    // text column is decoded as.
    let mask = projection(&first, mapped.slots(), &file)?;
    // The text columns read as names, and the tags' lists of text, decoded as dictionaries.
    let named: Vec<usize> = [Target::Model, Target::ServiceTier, Target::Tags]
        .into_iter()
        .filter_map(|t| mapped.slot_of(t))
        .chain(mapped.labels().iter().map(|(_, slot)| *slot))
        .collect();
    let dictionary = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    let fields: Vec<Field> = first
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let name_column = named.iter().any(|s| mapped.slots()[*s].column == *f.name());
            let field = f.as_ref().clone();
            match f.data_type() {
                _ if !name_column => field,
                DataType::Utf8 => field.with_data_type(dictionary.clone()),
                DataType::Dictionary(_, values) if **values == DataType::Utf8 => {
                    field.with_data_type(dictionary.clone())
                }
                DataType::List(item) if *item.data_type() == DataType::Utf8 => field.with_data_type(DataType::List(
                    Arc::new(item.as_ref().clone().with_data_type(dictionary.clone())),
                )),
                _ => field,
            }
        })
        .collect();
    // Row groups shared out between two workers, each decoding and pricing
    // its own; a file of one row group is decoded on one thread and priced on the other.
    let sizes: Vec<u64> = first
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows().max(0) as u64)
        .collect();
    drop(first);
    let schema = Arc::new(Schema::new(fields));
    let reader = |groups: Option<Vec<usize>>| {
        let (_, builder) = builder(path, what, ArrowReaderOptions::new().with_schema(schema.clone()))?;
        let builder = match groups {
            Some(groups) => builder.with_row_groups(groups),
            None => builder,
        };
        super::parquet::build(builder, mask.clone(), &file)
    };
    let work = Work {
        file: &file,
        mapped: &mapped,
        window,
    };
    let half = sizes.iter().sum::<u64>() / 2;
    let split = (1..sizes.len()).find(|&k| sizes[..k].iter().sum::<u64>() >= half);
    let Some(split) = split.filter(|_| !pricer.keeps_charges()) else {
        let reader = reader(None)?;
        let mut state = work.state(pricer, 0);
        return std::thread::scope(|scope| {
            let (send, receive) = sync_channel(AHEAD);
            scope.spawn(move || {
                for batch in reader {
                    if send.send(batch).is_err() {
                        break;
                    }
                }
            });
            for batch in receive {
                let batch = batch.map_err(|e| batch_error(&file, state.row, e))?;
                state.batch(&batch, pricer)?;
            }
            Ok(state.tally)
        });
    };
    let (early, late) = (
        reader(Some((0..split).collect()))?,
        reader(Some((split..sizes.len()).collect()))?,
    );
    let mut other = pricer.fork();
    let first_late = sizes[..split].iter().sum::<u64>();
    let (early, late) = std::thread::scope(|scope| {
        let late = scope.spawn(|| work.run(late, &mut other, first_late));
        let early = work.run(early, pricer, 0);
        (early, late.join().expect("a pricing worker does not panic"))
    });
    // A reading error anywhere is the error, the earliest first; then the first call not priced.
    let (mut priced, late) = (early?, late?);
    priced.add(late);
    let merged = pricer.merge(other).err().map(|refused| refused.at(&file));
    priced.failed = priced.failed.or(merged);
    Ok(priced)
}

/// What every worker reads with.
struct Work<'w> {
    file: &'w str,
    mapped: &'w Mapped,
    window: &'w Window,
}

impl<'w> Work<'w> {
    /// Where a worker starts: after `row` rows.
    fn state(&self, pricer: &mut Pricer, row: u64) -> State<'w> {
        State {
            file: self.file,
            mapped: self.mapped,
            window: self.window,
            row,
            tally: Priced::new(self.mapped.reads_ids()),
            memos: vec![Memo::default(); self.mapped.slots().len()],
            labels: self
                .mapped
                .labels()
                .iter()
                .map(|(name, _)| pricer.label_key(name))
                .collect(),
            keys: (Vec::new(), Vec::new()),
            day: None,
        }
    }

    /// Decodes and prices the batches of `reader`, whose first row is row `row + 1`.
    fn run(&self, reader: ParquetRecordBatchReader, pricer: &mut Pricer, row: u64) -> Result<Priced, InputError> {
        let mut state = self.state(pricer, row);
        for batch in reader {
            let batch = batch.map_err(|e| batch_error(self.file, state.row, e))?;
            state.batch(&batch, pricer)?;
        }
        Ok(state.tally)
    }
}

/// A dictionary's values matched to keys, as rows use them.
#[derive(Debug, Clone, Default)]
struct Memo {
    /// The dictionary the keys are of.
    values: Option<ArrayRef>,
    keys: Vec<u32>,
}

impl Memo {
    /// Keeps the keys when `dict` has the values of the last batch's
    /// dictionary (the same buffers: batches of one column chunk share it).
    fn follow(&mut self, dict: &Dict) {
        let same = self.values.as_ref().is_some_and(|old| {
            Arc::ptr_eq(old, dict.shared)
                || old.as_string_opt::<i32>().is_some_and(|old| {
                    old.len() == dict.values.len()
                        && old.values().as_ptr() == dict.values.values().as_ptr()
                        && old.offsets().as_ptr() == dict.values.offsets().as_ptr()
                })
        });
        if !same {
            self.values = Some(dict.shared.clone());
            self.keys.clear();
            self.keys.resize(dict.values.len(), UNSET);
        }
    }
}

/// Rows whose label sums are read ahead at once (`State::warm`).
const WARMED: usize = 32;

/// Not looked up yet.
const UNSET: u32 = u32::MAX;
/// Empty text: the row is read by its shape.
const EMPTY: u32 = u32::MAX - 1;

/// The modes a service tier's key stands for.
const MODES: [Mode; 4] = [Mode::Standard, Mode::Batch, Mode::Priority, Mode::Flex];

/// Where the reading is.
struct State<'s> {
    file: &'s str,
    mapped: &'s Mapped,
    window: &'s Window,
    row: u64,
    /// The rows outside the window, the first call not priced, the ids.
    tally: Priced,
    memos: Vec<Memo>,
    /// Each label's key.
    labels: Vec<u32>,
    /// The label and tag keys of the row being added.
    keys: (Vec<(u32, u32)>, Vec<u32>),
    /// The last day met: its number since 1970 and its date.
    day: Option<(i64, NaiveDate)>,
}

/// A whole-number column.
#[derive(Clone, Copy)]
struct Ints<'b> {
    values: Whole<'b>,
    /// The column, where it has nulls.
    nulls: Option<&'b dyn Array>,
}

#[derive(Clone, Copy)]
enum Whole<'b> {
    I64(&'b [i64]),
    I32(&'b [i32]),
}

impl Ints<'_> {
    fn of(array: &dyn Array) -> Option<Ints<'_>> {
        let values = match array.data_type() {
            DataType::Int64 => Whole::I64(array.as_primitive::<Int64Type>().values()),
            DataType::Int32 => Whole::I32(array.as_primitive::<Int32Type>().values()),
            _ => return None,
        };
        Some(Ints {
            values,
            nulls: (array.null_count() > 0).then_some(array),
        })
    }

    /// The count at row `i`: `Some(None)` for a null, `None` for a negative one.
    fn count(self, i: usize) -> Option<Option<u64>> {
        if self.nulls.is_some_and(|n| n.is_null(i)) {
            return Some(None);
        }
        match self.values {
            Whole::I64(v) => u64::try_from(v[i]).ok().map(Some),
            Whole::I32(v) => u64::try_from(v[i]).ok().map(Some),
        }
    }
}

/// A text column decoded as a dictionary.
struct Dict<'b> {
    keys: &'b [i32],
    /// The column, where it has nulls.
    nulls: Option<&'b dyn Array>,
    values: &'b StringArray,
    /// The same values, shared.
    shared: &'b ArrayRef,
    slot: usize,
}

impl<'b> Dict<'b> {
    /// The column `array` of slot `slot`, when it is a dictionary of text with keys of 32 bits.
    fn of(array: &'b ArrayRef, slot: usize) -> Option<Self> {
        let dictionary = array.as_dictionary_opt::<Int32Type>()?;
        Some(Dict {
            keys: dictionary.keys().values(),
            nulls: (array.null_count() > 0).then_some(array.as_ref()),
            values: dictionary.values().as_string_opt::<i32>()?,
            shared: dictionary.values(),
            slot,
        })
    }
}

/// A column of ids: text, or whole numbers (an id kept as a number).
#[derive(Clone, Copy)]
enum IdColumn<'b> {
    Text(&'b StringArray),
    Whole(&'b Int64Array),
}

/// The columns of one batch, each of a type read from its slice.
struct Columns<'b> {
    time: (&'b [i64], Bounds),
    model: Dict<'b>,
    requests: Option<Ints<'b>>,
    counts: [Option<Ints<'b>>; 6],
    batch: Option<&'b BooleanArray>,
    tier: Option<Dict<'b>>,
    cost: Option<&'b Decimal128Array>,
    /// The lists, and their items.
    tags: Option<(&'b ListArray, Dict<'b>)>,
    labels: Vec<Dict<'b>>,
    /// The calls' ids, when the table has them.
    id: Option<IdColumn<'b>>,
    /// The columns of the fields every call needs, where they have nulls: a
    /// row with one is read by its shape (the error it is).
    required: Vec<&'b dyn Array>,
}

impl<'b> Columns<'b> {
    /// The batch's columns, or `None` when one is of a type read row by row.
    fn of(mapped: &Mapped, columns: &'b [Option<ArrayRef>], window: &Window) -> Option<Self> {
        let column = |target: Target| mapped.slot_of(target).map(|s| (s, columns[s].as_deref()));
        let dict = |slot: usize| Dict::of(columns[slot].as_ref()?, slot);
        let ints = |target: Target| -> Option<Option<Ints<'b>>> {
            match column(target) {
                None => Some(None),
                Some((_, array)) => Some(Some(Ints::of(array?)?)),
            }
        };
        let time = match column(Target::Time)?.1?.data_type() {
            DataType::Timestamp(unit, _) => {
                let array = column(Target::Time)?.1?;
                let values = match unit {
                    TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values(),
                    TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().values(),
                    TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().values(),
                    TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().values(),
                };
                (&values[..], Bounds::new(*unit, window))
            }
            _ => return None,
        };
        let mut counts = [None; 6];
        for (count, target) in counts.iter_mut().zip(COUNTS) {
            *count = ints(target)?;
        }
        let batch = match column(Target::Batch) {
            None => None,
            Some((_, array)) => Some(array?.as_boolean_opt()?),
        };
        let cost = match column(Target::Cost) {
            None => None,
            Some((_, array)) => match array?.data_type() {
                DataType::Decimal128(_, scale) if *scale >= 0 => Some(array?.as_primitive::<Decimal128Type>()),
                _ => return None,
            },
        };
        let tags = match column(Target::Tags) {
            None => None,
            Some((slot, array)) => {
                let lists = array?.as_list_opt::<i32>()?;
                Some((lists, Dict::of(lists.values(), slot)?))
            }
        };
        let labels = mapped
            .labels()
            .iter()
            .map(|(_, slot)| dict(*slot))
            .collect::<Option<Vec<_>>>()?;
        let id = match column(Target::Id) {
            None => None,
            Some((_, array)) => Some(match array?.data_type() {
                DataType::Int64 => IdColumn::Whole(array?.as_primitive::<Int64Type>()),
                _ => IdColumn::Text(array?.as_string_opt::<i32>()?),
            }),
        };
        let required = [Target::Time, Target::Model, Target::Input, Target::Output]
            .into_iter()
            .filter_map(|t| column(t)?.1)
            .filter(|c| c.null_count() > 0)
            .collect();
        Some(Self {
            time,
            model: dict(mapped.slot_of(Target::Model)?)?,
            requests: ints(Target::Requests)?,
            counts,
            batch,
            tier: mapped
                .slot_of(Target::ServiceTier)
                .map(dict)
                .map_or(Some(None), |d| d.map(Some))?,
            cost,
            tags,
            labels,
            id,
            required,
        })
    }
}

impl State<'_> {
    /// Prices the rows of one batch.
    fn batch(&mut self, batch: &RecordBatch, pricer: &mut Pricer) -> Result<(), InputError> {
        let columns: Vec<Option<ArrayRef>> = self
            .mapped
            .slots()
            .iter()
            .map(|s| batch.column_by_name(&s.column).cloned())
            .collect();
        let fast = Columns::of(self.mapped, &columns, self.window);
        if let Some(fast) = &fast {
            let dicts = [
                Some(&fast.model),
                fast.tier.as_ref(),
                fast.tags.as_ref().map(|(_, items)| items),
            ];
            for dict in dicts.into_iter().flatten().chain(&fast.labels) {
                self.memos[dict.slot].follow(dict);
            }
        }
        for first in (0..batch.num_rows()).step_by(WARMED) {
            let rows = first..batch.num_rows().min(first + WARMED);
            if let Some(fast) = &fast {
                self.warm(fast, rows.clone(), pricer);
            }
            for i in rows {
                self.row += 1;
                let read = match &fast {
                    Some(fast) => self.fast(fast, i, pricer)?,
                    None => false,
                };
                if !read {
                    self.slow(&columns, i, pricer)?;
                }
            }
        }
        Ok(())
    }

    /// Reads the sums of the label values of `rows` before they are priced:
    /// one after the other, those reads wait for memory together, not in turn.
    fn warm(&mut self, c: &Columns, rows: std::ops::Range<usize>, pricer: &mut Pricer) {
        let mut read = 0;
        for (n, dict) in c.labels.iter().enumerate() {
            let label = self.labels[n];
            for i in rows.clone() {
                if dict.nulls.is_none_or(|nulls| nulls.is_valid(i)) {
                    let value = self.key(dict, i, |text| pricer.value_key(label, text));
                    read ^= pricer.warm(label, value);
                }
            }
        }
        std::hint::black_box(read);
    }

    /// Row `i` read by the mapping's shape into a record.
    fn slow(&mut self, columns: &[Option<ArrayRef>], i: usize, pricer: &mut Pricer) -> Result<(), InputError> {
        let cells = BatchRow { columns, i };
        let Some(usage) = built(self.mapped, &cells, self.file, self.row)? else {
            return Ok(());
        };
        if !self.window.contains(usage.start) {
            self.tally.outside += 1;
            return Ok(());
        }
        if self.tally.failed.is_none() {
            self.tally.failed = pricer.add(&usage).err();
        }
        match &usage.id {
            Some(id) => self.tally.note_id(id, self.row, self.file),
            None => Ok(()),
        }
    }

    /// The key of row `i` of a dictionary column: `each` matches a value
    /// the first time it is met in the dictionary.
    fn key(&mut self, dict: &Dict, i: usize, each: impl FnOnce(&str) -> u32) -> u32 {
        let memo = &mut self.memos[dict.slot];
        let index = dict.keys[i] as usize;
        if memo.keys[index] == UNSET {
            let text = dict.values.value(index);
            memo.keys[index] = if text.is_empty() { EMPTY } else { each(text) };
        }
        memo.keys[index]
    }

    /// Prices row `i` from the batch's slices, noting its id; `false` when the row is not
    /// plainly valid and must be read by its shape.
    fn fast(&mut self, c: &Columns, i: usize, pricer: &mut Pricer) -> Result<bool, InputError> {
        if c.required.iter().any(|a| a.is_null(i)) {
            return Ok(false);
        }
        let (times, bounds) = &c.time;
        let time = i128::from(times[i]);
        if time < bounds.first || time > bounds.last {
            return Ok(false);
        }
        let model = self.key(&c.model, i, |name| pricer.model_key(name));
        if model == EMPTY {
            return Ok(false);
        }
        let requests = match c.requests.map(|ints| ints.count(i)) {
            None | Some(Some(None)) => 1,
            Some(Some(Some(n))) => n,
            Some(None) => return Ok(false),
        };
        let mut counts = [0u64; 6];
        for (count, column) in counts.iter_mut().zip(&c.counts) {
            match column.map(|ints| ints.count(i)) {
                None | Some(Some(None)) => {}
                Some(Some(Some(n))) => *count = n,
                Some(None) => return Ok(false),
            }
        }
        let tokens = UsageTokens::from(counts);
        let (input_slot, output_slot) = (
            self.mapped.slot_of(Target::Input).unwrap_or_default(),
            self.mapped.slot_of(Target::Output).unwrap_or_default(),
        );
        let Ok(tokens) = self.mapped.conventions(tokens, input_slot, output_slot) else {
            return Ok(false);
        };
        let recorded = match c.cost {
            Some(cost) if cost.is_valid(i) => {
                let DataType::Decimal128(_, scale) = cost.data_type() else {
                    return Ok(false);
                };
                match Decimal::try_from_i128_with_scale(cost.value(i), *scale as u32) {
                    Ok(d) => money(&Cell::Decimal(d)).ok().flatten(),
                    Err(_) => return Ok(false),
                }
            }
            _ => None,
        };
        let batch = c.batch.is_some_and(|b| b.is_valid(i) && b.value(i));
        let mode = match &c.tier {
            Some(tier) if tier.nulls.is_none_or(|n| n.is_valid(i)) => {
                let key = self.key(tier, i, |text| {
                    let mode = mode_of(false, Some(text));
                    MODES.iter().position(|m| *m == mode).unwrap_or_default() as u32
                });
                match key {
                    EMPTY => mode_of(batch, None),
                    _ if batch => Mode::Batch,
                    key => MODES[key as usize],
                }
            }
            _ => mode_of(batch, None),
        };
        if time < bounds.since || time >= bounds.until {
            self.tally.outside += 1;
            return Ok(true);
        }
        match c.id {
            Some(IdColumn::Text(ids)) if ids.is_valid(i) && !ids.value(i).is_empty() => {
                self.tally.note_id(ids.value(i), self.row, self.file)?;
            }
            // A whole number is the id its decimal text is, as the shape reads it.
            Some(IdColumn::Whole(ids)) if ids.is_valid(i) => {
                let mut text = [0; 20];
                self.tally
                    .note_id(decimal(ids.value(i), &mut text), self.row, self.file)?;
            }
            _ => {}
        }
        let (mut labels, mut tags) = std::mem::take(&mut self.keys);
        labels.clear();
        tags.clear();
        for (n, dict) in c.labels.iter().enumerate() {
            if dict.nulls.is_some_and(|nulls| nulls.is_null(i)) {
                continue;
            }
            let label = self.labels[n];
            let value = self.key(dict, i, |text| pricer.value_key(label, text));
            if value != EMPTY {
                labels.push((label, value));
            }
        }
        if let Some((lists, items)) = c.tags.as_ref().filter(|(l, _)| l.is_valid(i)) {
            let offsets = lists.value_offsets();
            for j in offsets[i] as usize..offsets[i + 1] as usize {
                if items.nulls.is_none_or(|n| n.is_valid(j)) {
                    match self.key(items, j, |tag| pricer.tag_key(tag)) {
                        EMPTY => tags.push(pricer.tag_key("")),
                        key => tags.push(key),
                    }
                }
            }
        }
        if self.tally.failed.is_none() {
            let day = self.day(times[i], bounds);
            let call = Call {
                day,
                model,
                paid: tokens.paid(requests),
                mode,
                long: None,
                recorded,
                labels: &labels,
                tags: &tags,
            };
            if let Err(refused) = pricer.call(&call) {
                self.tally.failed = Some(refused.at(format_args!("{}:{}", self.file, self.row)));
            }
        }
        self.keys = (labels, tags);
        Ok(true)
    }

    /// The day (UTC) of a time `value`, remembered while rows keep to one day.
    fn day(&mut self, value: i64, bounds: &Bounds) -> NaiveDate {
        let number = value.div_euclid(bounds.per_day);
        match self.day {
            Some((n, date)) if n == number => date,
            _ => {
                let date = at(value, bounds.unit).map_or_else(NaiveDate::default, |t| t.date_naive());
                self.day = Some((number, date));
                date
            }
        }
    }
}

/// The decimal text of `n` (as `n.to_string()` writes it), written at the
/// end of `buffer`: no allocation a row.
fn decimal(n: i64, buffer: &mut [u8; 20]) -> &str {
    let mut at = buffer.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buffer[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    std::str::from_utf8(&buffer[at..]).expect("ASCII digits")
}

/// A time window, and the times a timestamp column can hold, in the
/// column's units: a value `v` started in the window when
/// `since <= v < until`, and is a time when `first <= v <= last`.
struct Bounds {
    unit: TimeUnit,
    per_day: i64,
    since: i128,
    until: i128,
    first: i128,
    last: i128,
}

impl Bounds {
    fn new(unit: TimeUnit, window: &Window) -> Self {
        let per: i128 = match unit {
            TimeUnit::Second => 1_000_000_000,
            TimeUnit::Millisecond => 1_000_000,
            TimeUnit::Microsecond => 1_000,
            TimeUnit::Nanosecond => 1,
        };
        let nanos =
            |t: DateTime<Utc>| i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos());
        // The first whole unit at or after `t`.
        let ceil = |t: DateTime<Utc>| {
            let n = nanos(t);
            n.div_euclid(per) + i128::from(n.rem_euclid(per) != 0)
        };
        let (since, until) = (
            window.since.map_or(i128::MIN, ceil),
            window.until.map_or(i128::MAX, ceil),
        );
        let (first, last) = match unit {
            TimeUnit::Nanosecond => (i128::from(i64::MIN), i128::from(i64::MAX)),
            _ => (
                ceil(DateTime::<Utc>::MIN_UTC),
                nanos(DateTime::<Utc>::MAX_UTC).div_euclid(per),
            ),
        };
        Self {
            unit,
            per_day: (86_400_000_000_000 / per) as i64,
            since,
            until,
            first,
            last,
        }
    }
}

/// The instant a timestamp column holds, as `cell_at` reads it.
fn at(value: i64, unit: TimeUnit) -> Option<DateTime<Utc>> {
    match unit {
        TimeUnit::Second => DateTime::from_timestamp(value, 0),
        TimeUnit::Millisecond => DateTime::from_timestamp_millis(value),
        TimeUnit::Microsecond => DateTime::from_timestamp_micros(value),
        TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn a_whole_number_id_is_its_decimal_text() {
        for n in [0, 7, -1, 10, 1_234_567_890, -987_654_321_012, i64::MAX, i64::MIN] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string());
        }
    }
}
