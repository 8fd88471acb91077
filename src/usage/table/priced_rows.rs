//! A CSV table priced row by row without building a record: each cell's
//! text read borrowed with the readers of `value.rs`, names turned into
//! the pricer's keys, the row added as a `Call`. A row any of whose values is
//! not plainly valid is left to the mapping's shape (`Mapped::build`), which
//! gives the same record or the same located error as reading records does.

use super::csv::CsvRow;
use super::mapping::{COUNTS, Mapped, Target};
use super::value::{count_in, flag_in, money_in, tags_in, time_in};
use crate::usage::price::{Call, Refused};
use crate::usage::record::mode_of;
use crate::usage::sums::Interner;
use crate::usage::{Pricer, UsageTokens, Window};
use std::str::Utf8Error;

/// What became of a row read plainly.
pub(super) enum Read {
    /// It started outside the time window.
    Outside,
    /// It was priced (or not, when pricing had already failed).
    Priced(Result<(), Refused>),
}

/// The slots of a mapping's fields and counts, and the keys of its labels.
pub(super) struct RowPricer<'m> {
    mapped: &'m Mapped,
    slots: [Option<usize>; 7],
    counts: [Option<usize>; 6],
    labels: Vec<(u32, usize)>,
    /// The slot of the calls' ids, when the table has them.
    id: Option<usize>,
    keys: (Vec<(u32, u32)>, Vec<u32>),
    /// Tag cells met as text, and the keys of each one's tags: a log
    /// repeats a few sets of tags, read once each (the first `SETS` of at
    /// most `SET_BYTES`).
    sets: Interner,
    set_keys: Vec<Box<[u32]>>,
}

/// The most tag cells whose keys are kept, and the longest kept: at most 1 MiB of text.
const SETS: usize = 4096;
const SET_BYTES: usize = 256;

/// The fields read besides the counts, in the order of `RowPricer::slots`.
const FIELDS: [Target; 7] = [
    Target::Time,
    Target::Model,
    Target::Requests,
    Target::Batch,
    Target::ServiceTier,
    Target::Cost,
    Target::Tags,
];

impl<'m> RowPricer<'m> {
    pub(super) fn new(mapped: &'m Mapped, pricer: &mut Pricer) -> Self {
        Self {
            mapped,
            slots: FIELDS.map(|f| mapped.slot_of(f)),
            counts: COUNTS.map(|f| mapped.slot_of(f)),
            labels: mapped
                .labels()
                .iter()
                .map(|(name, slot)| (pricer.label_key(name), *slot))
                .collect(),
            id: mapped.slot_of(Target::Id),
            keys: (Vec::new(), Vec::new()),
            sets: Interner::default(),
            set_keys: Vec::new(),
        }
    }

    /// The id of the call of `row`: `Ok(None)` when the table has no ids or
    /// the cell is empty, `Err` when it is not UTF-8.
    pub(super) fn id<'r>(&self, row: &'r CsvRow) -> Result<Option<&'r str>, Utf8Error> {
        self.id.map_or(Ok(None), |slot| row.text(slot))
    }

    /// Reads the sums of the label values of `records` (their columns
    /// `columns`) before the records are priced: one after the other, those
    /// reads wait for memory together, not in turn.
    pub(super) fn warm(&self, records: &[csv::ByteRecord], columns: &[Option<usize>], pricer: &Pricer) {
        let mut read = 0;
        for (label, slot) in &self.labels {
            let cells = records.iter().filter_map(|record| record.get(columns[*slot]?));
            let names: Vec<&str> = cells.filter_map(|bytes| std::str::from_utf8(bytes).ok()).collect();
            read ^= pricer.warm_named(*label, &names);
        }
        std::hint::black_box(read);
    }

    /// Adds the keys of the tags written in `text` to `tags`; `Err` when it is not a list of tags.
    fn tags(&mut self, text: &str, tags: &mut Vec<u32>, pricer: &mut Pricer) -> Result<(), String> {
        if let Some(set) = self.sets.find(text) {
            tags.extend_from_slice(&self.set_keys[set as usize]);
            return Ok(());
        }
        let first = tags.len();
        tags_in(text, |tag| tags.push(pricer.tag_key(tag)))?;
        if self.sets.len() < SETS && text.len() <= SET_BYTES {
            self.sets.key(text);
            self.set_keys.push(tags[first..].into());
        }
        Ok(())
    }

    /// Prices `row` unless `failed`; `None` when a value is not plainly
    /// valid and the row must be read by its shape.
    pub(super) fn row(&mut self, row: &CsvRow, window: &Window, pricer: &mut Pricer, failed: bool) -> Option<Read> {
        // The text of a field's cell: `None` when the mapping has no such field.
        let text = |slot: Option<usize>| slot.map(|slot| row.text(slot));
        let start = time_in(text(self.slots[0])?.ok()??).ok()??;
        let model = text(self.slots[1])?.ok()??;
        let count_at = |slot: Option<usize>| -> Result<Option<u64>, ()> {
            match text(slot).transpose().map_err(|_| ())?.flatten() {
                None => Ok(None),
                Some(t) => count_in(t).map_err(|_| ()),
            }
        };
        let requests = count_at(self.slots[2]).ok()?.unwrap_or(1);
        let mut counts = [0u64; 6];
        for (n, value) in counts.iter_mut().enumerate() {
            *value = match count_at(self.counts[n]).ok()? {
                Some(v) => v,
                // Input and output are required: the shape says so.
                None if n == 0 || n == 4 => return None,
                None => 0,
            };
        }
        let tokens = UsageTokens::from(counts);
        let tokens = self
            .mapped
            .conventions(
                tokens,
                self.counts[0].unwrap_or_default(),
                self.counts[4].unwrap_or_default(),
            )
            .ok()?;
        let batch = match text(self.slots[3]).transpose().ok()?.flatten() {
            None => false,
            Some(t) => flag_in(t).ok()?.unwrap_or(false),
        };
        let tier = text(self.slots[4]).transpose().ok()?.flatten();
        let recorded = match text(self.slots[5]).transpose().ok()?.flatten() {
            None => None,
            Some(t) => money_in(t).ok()?,
        };
        let tags_text = text(self.slots[6]).transpose().ok()?.flatten();
        let (mut labels, mut tags) = std::mem::take(&mut self.keys);
        labels.clear();
        tags.clear();
        if let Some(t) = tags_text {
            self.tags(t, &mut tags, pricer).ok()?;
        }
        for (label, slot) in &self.labels {
            if let Some(value) = row.text(*slot).ok()? {
                labels.push((*label, pricer.value_key(*label, value)));
            }
        }
        let read = if !window.contains(start) {
            Read::Outside
        } else if failed {
            Read::Priced(Ok(()))
        } else {
            let call = Call {
                day: start.date_naive(),
                model: pricer.model_key(model),
                paid: tokens.paid(requests),
                mode: mode_of(batch, tier),
                long: None,
                recorded,
                labels: &labels,
                tags: &tags,
            };
            Read::Priced(pricer.call(&call))
        };
        self.keys = (labels, tags);
        Some(read)
    }
}
