//! A generic table read row by row (CSV) priced without building a record:
//! each cell read borrowed with the readers of `value.rs`, names turned into
//! the pricer's keys, the row added as a `Call`. A row any of whose values is
//! not plainly valid is left to the mapping's shape (`Mapped::build`), which
//! gives the same record or the same located error as reading records does.

use super::mapping::{COUNTS, Mapped, Target};
use super::{Cell, Row, count, each_tag, flag, money, time};
use crate::usage::price::{Call, Refused};
use crate::usage::record::mode_of;
use crate::usage::sums::Interner;
use crate::usage::{Pricer, UsageTokens, Window};

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
    keys: (Vec<(u32, u32)>, Vec<u32>),
    /// Tag cells met as text, and the keys of each one's tags: a log
    /// repeats a few sets of tags, read once each (the first `SETS`).
    sets: Interner,
    set_keys: Vec<Box<[u32]>>,
}

/// The most tag cells whose keys are kept.
const SETS: usize = 4096;

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

/// Non-empty text as a cell holds it; `Err` for a cell of another kind.
fn text<'c>(cell: &'c Cell) -> Result<Option<&'c str>, ()> {
    match cell {
        Cell::Null => Ok(None),
        Cell::Text(t) if t.is_empty() => Ok(None),
        Cell::Text(t) => Ok(Some(t)),
        _ => Err(()),
    }
}

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
            keys: (Vec::new(), Vec::new()),
            sets: Interner::default(),
            set_keys: Vec::new(),
        }
    }

    /// Adds the keys of the tags of `cell` to `tags`; `Err` when the cell is not a list of tags.
    fn tags(&mut self, cell: &Cell, tags: &mut Vec<u32>, pricer: &mut Pricer) -> Result<(), ()> {
        let Cell::Text(text) = cell else {
            return each_tag(cell, |tag| tags.push(pricer.tag_key(tag))).map_err(|_| ());
        };
        if let Some(set) = self.sets.find(text) {
            tags.extend_from_slice(&self.set_keys[set as usize]);
            return Ok(());
        }
        let first = tags.len();
        each_tag(cell, |tag| tags.push(pricer.tag_key(tag))).map_err(|_| ())?;
        if self.sets.len() < SETS {
            self.sets.key(text);
            self.set_keys.push(tags[first..].into());
        }
        Ok(())
    }

    /// Prices `row` unless `failed`; `None` when a value is not plainly
    /// valid and the row must be read by its shape.
    pub(super) fn row(&mut self, row: &impl Row, window: &Window, pricer: &mut Pricer, failed: bool) -> Option<Read> {
        let cell = |slot: Option<usize>| slot.map(|slot| row.cell(slot));
        let start = time(&cell(self.slots[0])?.ok()?).ok()??;
        let model_cell = cell(self.slots[1])?.ok()?;
        let model = text(&model_cell).ok()??;
        let count_at = |slot: Option<usize>| -> Result<Option<u64>, ()> {
            match cell(slot) {
                None => Ok(None),
                Some(c) => count(&c.map_err(|_| ())?).map_err(|_| ()),
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
        let batch = match cell(self.slots[3]) {
            None => false,
            Some(c) => flag(&c.ok()?).ok()?.unwrap_or(false),
        };
        let tier_cell = cell(self.slots[4]).transpose().ok()?;
        let tier = match &tier_cell {
            None => None,
            Some(c) => text(c).ok()?,
        };
        let recorded = match cell(self.slots[5]) {
            None => None,
            Some(c) => money(&c.ok()?).ok()?,
        };
        let tags_cell = cell(self.slots[6]).transpose().ok()?;
        let (mut labels, mut tags) = std::mem::take(&mut self.keys);
        labels.clear();
        tags.clear();
        if let Some(c) = &tags_cell {
            self.tags(c, &mut tags, pricer).ok()?;
        }
        for (label, slot) in &self.labels {
            let c = row.cell(*slot).ok()?;
            if let Some(value) = text(&c).ok()? {
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
