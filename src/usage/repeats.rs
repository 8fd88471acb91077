//! Rows that repeat the id of an earlier row, found with memory bounded
//! whatever the number of rows: a log exported twice, or two overlapping
//! exports put together, counts each call once.
//!
//! Each kept row's id is hashed (XXH3-128, of which 96 bits are kept) and
//! noted with the row's number ([`Ids`]), 16 bytes a row. The notes stay in
//! memory up to a budget ([`BUDGET`] notes, 4 MiB), then go to a temporary
//! file a run at a time, each run grouped by the first bits of the hash into
//! [`BUCKETS`] parts, written around the page cache where the file system
//! allows it (`O_DIRECT`: a run costs no new cache pages, which on some
//! machines cost more than the writing). At the end the parts are read back
//! a group at a time, each part from every run, and matched by hash: a row whose hash
//! an earlier row has is a repeat ([`Repeats`], a compressed bitmap of row
//! numbers). A run in which a part holds far more than its share (some ids
//! come back again and again: a placeholder id on many rows) keeps one note
//! for each hash, the first row's, before it is written, the others counted
//! as repeats at once, so that no part grows past what is read back at once.
//! Two different ids share a hash with
//! probability below n²/2⁹⁷ for n rows (below 10⁻¹¹ for a billion rows).

use super::Origin;
use roaring::RoaringTreemap;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, OpenOptionsExt};

/// Notes kept in memory before a run is written (4 MiB).
const BUDGET: usize = 1 << 18;
/// The parts a run is grouped into by the first bits of the hash: at a
/// hundred million rows a part holds about 100,000 notes.
const BUCKET_BITS: u32 = 10;
const BUCKETS: usize = 1 << BUCKET_BITS;
/// Bytes a note takes.
const NOTE: usize = 16;
/// What runs and reads are aligned to, as `O_DIRECT` asks.
const ALIGN: usize = 4096;
/// A run is reduced to one note a hash when a part holds more than this many
/// times its even share of the run (and 64 notes more): ids spread evenly
/// never come near it.
const SKEW: usize = 4;

/// A row's id hashed (the first 64 bits, then 32 more) and the row, counted
/// from its run's first row (the lower 32 bits of `rest`).
#[derive(Debug, Clone, Copy)]
struct Note {
    high: u64,
    rest: u64,
}

impl Note {
    fn bucket(self) -> usize {
        (self.high >> (64 - BUCKET_BITS)) as usize
    }

    /// The hash and the row, of a run whose first row is `base`.
    fn found(self, base: u64) -> (u64, u32, u64) {
        (
            self.high,
            (self.rest >> 32) as u32,
            base + (self.rest & u64::from(u32::MAX)),
        )
    }

    fn bytes(self) -> [u8; NOTE] {
        let mut bytes = [0; NOTE];
        bytes[..8].copy_from_slice(&self.high.to_le_bytes());
        bytes[8..].copy_from_slice(&self.rest.to_le_bytes());
        bytes
    }

    fn read(bytes: &[u8]) -> Self {
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        Self {
            high: word(0),
            rest: word(8),
        }
    }
}

/// The ids of the rows read so far, with their rows' numbers.
#[derive(Debug)]
pub(crate) struct Ids {
    notes: Vec<Note>,
    /// The first row of the notes in memory.
    base: u64,
    budget: usize,
    /// The runs written so far.
    spilled: Option<Spilled>,
    /// What the rows' numbers are off by (a part of a file read on its own).
    shift: u64,
    /// Rows found to repeat an earlier row's id while a run was reduced.
    repeated: RoaringTreemap,
}

/// Runs of notes in a temporary file.
#[derive(Debug)]
struct Spilled {
    file: File,
    runs: Vec<Run>,
    end: u64,
    /// The bytes of the run being written.
    bytes: Vec<u8>,
}

impl Spilled {
    /// A temporary file, removed at once (the handle keeps it), opened for
    /// writing around the page cache where the file system allows it.
    fn new() -> io::Result<Self> {
        let named = tempfile::NamedTempFile::new()?;
        let direct = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_DIRECT)
            .open(named.path());
        let file = match direct {
            Ok(file) => {
                named.close()?;
                file
            }
            Err(_) => named.into_file(),
        };
        Ok(Self {
            file,
            runs: Vec::new(),
            end: 0,
            bytes: Vec::new(),
        })
    }
}

/// How many of `notes` each part has, after a zero: `counts[b + 1]` for part `b`.
fn counts(notes: &[Note]) -> Vec<u64> {
    let mut counts = vec![0u64; BUCKETS + 1];
    for note in notes {
        counts[note.bucket() + 1] += 1;
    }
    counts
}

/// `len` bytes of `buffer` that start at a multiple of [`ALIGN`].
fn aligned(buffer: &mut Vec<u8>, len: usize) -> &mut [u8] {
    if buffer.len() < len + ALIGN {
        buffer.resize(len + ALIGN, 0);
    }
    let at = buffer.as_ptr().align_offset(ALIGN);
    &mut buffer[at..at + len]
}

/// `n` rounded up to a multiple of [`ALIGN`].
fn round_up(n: u64) -> u64 {
    n.div_ceil(ALIGN as u64) * ALIGN as u64
}

/// A run: its first row, and where each of its parts begins in the file.
#[derive(Debug)]
struct Run {
    base: u64,
    starts: Box<[u64]>,
}

impl Default for Ids {
    fn default() -> Self {
        Self::with_budget(BUDGET)
    }
}

impl Ids {
    /// Ids that write a run every `budget` notes.
    pub(crate) fn with_budget(budget: usize) -> Self {
        Self {
            notes: Vec::new(),
            base: 0,
            budget: budget.max(1),
            spilled: None,
            shift: 0,
            repeated: RoaringTreemap::new(),
        }
    }

    /// Notes that row `row` has id `id`; rows are numbered as the reader
    /// numbers them (a text file's line, a table's row).
    pub(crate) fn push(&mut self, id: &str, row: u64) -> io::Result<()> {
        let hash = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
        if self.notes.is_empty() {
            self.notes.reserve_exact(self.budget);
            self.base = row;
        } else if row < self.base || row - self.base > u64::from(u32::MAX) {
            self.spill()?;
            self.base = row;
        }
        self.notes.push(Note {
            high: (hash >> 64) as u64,
            rest: (hash as u64) & !u64::from(u32::MAX) | (row - self.base),
        });
        if self.notes.len() >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// The same ids, their rows' numbers `by` more: a part of a file read
    /// on its own, numbering its rows from its start.
    pub(crate) fn shifted(mut self, by: u64) -> Self {
        self.shift += by;
        self
    }

    /// Writes the notes in memory as a run, grouped by part.
    fn spill(&mut self) -> io::Result<()> {
        let mut starts = counts(&self.notes);
        let even = self.notes.len() / BUCKETS;
        if starts.iter().any(|&n| n as usize > SKEW * even + 64) {
            self.reduce();
            starts = counts(&self.notes);
        }
        let spilled = match &mut self.spilled {
            Some(spilled) => spilled,
            None => self.spilled.insert(Spilled::new()?),
        };
        for b in 0..BUCKETS {
            starts[b + 1] += starts[b];
        }
        let len = round_up((self.notes.len() * NOTE) as u64);
        let bytes = aligned(&mut spilled.bytes, len as usize);
        let mut next = starts.clone();
        for note in &self.notes {
            let at = next[note.bucket()] as usize * NOTE;
            bytes[at..at + NOTE].copy_from_slice(&note.bytes());
            next[note.bucket()] += 1;
        }
        spilled.file.write_all_at(bytes, spilled.end)?;
        let starts = starts.iter().map(|s| spilled.end + s * NOTE as u64).collect();
        spilled.end += len;
        spilled.runs.push(Run {
            base: self.base,
            starts,
        });
        self.notes.clear();
        Ok(())
    }

    /// Leaves one note for each hash among the notes in memory, the first
    /// row's, keeping the later rows as repeats.
    fn reduce(&mut self) {
        let Self {
            notes, base, repeated, ..
        } = self;
        notes.sort_unstable_by_key(|n| (n.high, n.rest));
        notes.dedup_by(|later, kept| {
            let same = later.high == kept.high && later.rest >> 32 == kept.rest >> 32;
            if same {
                repeated.insert(*base + (later.rest & u64::from(u32::MAX)));
            }
            same
        });
    }

    /// The rows of `parts` (the parts of one reading, in any order) whose
    /// id an earlier row has.
    pub(crate) fn repeats(mut parts: Vec<Ids>) -> io::Result<Repeats> {
        let mut repeats = Self::by_hash(&mut parts)?;
        for part in &parts {
            match part.shift {
                0 => repeats.rows |= &part.repeated,
                shift => repeats.rows.extend(part.repeated.iter().map(|row| row + shift)),
            }
        }
        Ok(repeats)
    }

    /// The rows of `parts` whose hash an earlier row's note has (the rows
    /// found by reducing a run aside).
    fn by_hash(parts: &mut [Ids]) -> io::Result<Repeats> {
        if parts.iter().all(|p| p.spilled.is_none()) {
            let mut repeats = Repeats::default();
            let found: Vec<(u64, u32, u64)> = parts
                .iter()
                .flat_map(|p| p.notes.iter().map(|n| n.found(p.base + p.shift)))
                .collect();
            repeats.find(&found, &mut Vec::new());
            return Ok(repeats);
        }
        for part in parts.iter_mut() {
            if !part.notes.is_empty() {
                part.spill()?;
            }
            // The memory of the notes and of the run written is not needed again.
            part.notes = Vec::new();
            if let Some(spilled) = &mut part.spilled {
                spilled.bytes = Vec::new();
            }
        }
        let runs: Vec<(&Spilled, &Run, u64)> = parts
            .iter()
            .filter_map(|p| Some((p.spilled.as_ref()?, p.shift)))
            .flat_map(|(spilled, shift)| spilled.runs.iter().map(move |run| (spilled, run, run.base + shift)))
            .collect();
        // Half the parts on each of two threads, four runs' worth of notes at a time (16 MiB).
        let group = parts
            .iter()
            .map(|p| 4 * (p.budget * NOTE) as u64)
            .max()
            .unwrap_or_default();
        let (early, late) = std::thread::scope(|scope| {
            let late = scope.spawn(|| read_back(&runs, BUCKETS / 2..BUCKETS, group));
            let early = read_back(&runs, 0..BUCKETS / 2, group);
            (early, late.join().expect("reading back does not panic"))
        });
        let mut repeats = early?;
        repeats.rows |= late?.rows;
        Ok(repeats)
    }
}

/// The repeats among the notes of `runs` (each with its file and first row)
/// in the parts `buckets`, read back a group of parts of at most `group`
/// bytes (or one part) at a time.
fn read_back(runs: &[(&Spilled, &Run, u64)], buckets: std::ops::Range<usize>, group: u64) -> io::Result<Repeats> {
    let mut repeats = Repeats::default();
    let (mut found, mut bytes, mut table) = (Vec::new(), Vec::new(), Vec::new());
    let mut first = buckets.start;
    while first < buckets.end {
        // The parts read back together: as many as `group` bytes hold, one at least.
        let size = |b: usize| {
            runs.iter()
                .map(|(_, run, _)| run.starts[b + 1] - run.starts[b])
                .sum::<u64>()
        };
        let (mut end, mut total) = (first + 1, size(first));
        while end < buckets.end && total + size(end) <= group {
            total += size(end);
            end += 1;
        }
        // Each run's bytes of those parts, read whole from where they are aligned.
        let mut at = Vec::with_capacity(runs.len());
        let mut len = 0;
        for (_, run, _) in runs {
            let from = run.starts[first] / ALIGN as u64 * ALIGN as u64;
            at.push((from, len));
            len += round_up(run.starts[end]) - from;
        }
        let read = aligned(&mut bytes, len as usize);
        for (n, (spilled, run, _)) in runs.iter().enumerate() {
            let (from, into) = at[n];
            let len = (round_up(run.starts[end]) - from) as usize;
            spilled
                .file
                .read_exact_at(&mut read[into as usize..into as usize + len], from)?;
        }
        for b in first..end {
            found.clear();
            for (n, (_, run, base)) in runs.iter().enumerate() {
                let (from, into) = at[n];
                let start = (into + run.starts[b] - from) as usize;
                let part = &read[start..start + (run.starts[b + 1] - run.starts[b]) as usize];
                found.extend(part.chunks_exact(NOTE).map(|n| Note::read(n).found(*base)));
            }
            repeats.find(&found, &mut table);
        }
        first = end;
    }
    Ok(repeats)
}

/// The rows whose id an earlier row had.
#[derive(Default, Clone, PartialEq)]
pub(crate) struct Repeats {
    rows: RoaringTreemap,
}

impl fmt::Debug for Repeats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.rows.iter()).finish()
    }
}

impl Repeats {
    /// Adds the rows among `found` (hashes and rows) whose hash an earlier
    /// row has. The hashes' first 64 bits go in an open-addressing `table`
    /// by their lowest bits (uniform: they are a hash's); only the few met
    /// twice are then sorted, by the whole hash and the row.
    fn find(&mut self, found: &[(u64, u32, u64)], table: &mut Vec<u64>) {
        // A free slot; a hash with these bits goes straight to the sorted few.
        const FREE: u64 = u64::MAX;
        let size = (found.len() * 2).next_power_of_two().max(16);
        table.clear();
        table.resize(size, FREE);
        let mask = size - 1;
        let mut twice = Vec::new();
        for &(high, ..) in found {
            let mut slot = high as usize & mask;
            loop {
                match table[slot] {
                    _ if high == FREE => twice.push(high),
                    FREE => table[slot] = high,
                    met if met == high => twice.push(high),
                    _ => {
                        slot = (slot + 1) & mask;
                        continue;
                    }
                }
                break;
            }
        }
        if twice.is_empty() {
            return;
        }
        twice.sort_unstable();
        twice.dedup();
        let mut same: Vec<(u64, u32, u64)> = found
            .iter()
            .filter(|f| twice.binary_search(&f.0).is_ok())
            .copied()
            .collect();
        same.sort_unstable();
        for pair in same.windows(2) {
            if pair[0].0 == pair[1].0 && pair[0].1 == pair[1].1 {
                self.rows.insert(pair[1].2);
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether row `row` repeats an earlier row's id.
    pub(crate) fn contains(&self, row: u64) -> bool {
        self.rows.contains(row)
    }
}

/// A request id met again, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    pub origin: Origin,
}

/// The rows left out because their id was read before: how many, and the
/// first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repeated {
    pub count: u64,
    /// The first [`Repeated::EXAMPLES`] of them.
    pub examples: Vec<Duplicate>,
}

impl Repeated {
    /// Repeated ids kept as examples.
    pub const EXAMPLES: usize = 10;

    /// Counts a row left out: `id`, met again at `origin`.
    pub(crate) fn add(&mut self, id: &str, origin: &Origin) {
        self.count += 1;
        if self.examples.len() < Self::EXAMPLES {
            self.examples.push(Duplicate {
                id: id.to_string(),
                origin: origin.clone(),
            });
        }
    }

    /// The warning, when a row was left out.
    pub fn note(&self) -> Option<String> {
        (self.count > 0).then(|| {
            let examples: Vec<String> = self
                .examples
                .iter()
                .map(|d| format!("{} ({})", d.id, d.origin))
                .collect();
            let more = if self.count > examples.len() as u64 {
                ", ..."
            } else {
                ""
            };
            let (rows, repeat, were) = match self.count {
                1 => ("row", "repeats", "was"),
                _ => ("rows", "repeat", "were"),
            };
            format!(
                "{} {rows} {repeat} a request id already read and {were} counted once: {}{more}",
                self.count,
                examples.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows repeating an earlier row's id, found plainly.
    fn plainly(rows: &[(&str, u64)]) -> Vec<u64> {
        let mut sorted = rows.to_vec();
        sorted.sort_by_key(|(_, row)| *row);
        let mut seen = std::collections::HashSet::new();
        sorted
            .iter()
            .filter(|(id, _)| !seen.insert(*id))
            .map(|(_, row)| *row)
            .collect()
    }

    fn found_rows(repeats: &Repeats) -> Vec<u64> {
        repeats.rows.iter().collect()
    }

    fn ids(names: &[String]) -> Vec<(&str, u64)> {
        names
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u64 + 2))
            .collect()
    }

    #[test]
    fn repeats_are_the_later_rows_of_an_id_in_memory_and_spilled() {
        // Ids 0..3000 then every third of them again, then the first ten a third time.
        let names: Vec<String> = (0..3000)
            .map(|i| format!("req-{i}"))
            .chain((0..3000).step_by(3).map(|i| format!("req-{i}")))
            .chain((0..10).map(|i| format!("req-{i}")))
            .collect();
        let rows = ids(&names);
        let expected = plainly(&rows);
        assert_eq!(expected.len(), 1010);
        for budget in [BUDGET, 1000, 97] {
            let mut ids = Ids::with_budget(budget);
            for (id, row) in &rows {
                ids.push(id, *row).unwrap();
            }
            assert_eq!(ids.spilled.is_some(), budget < rows.len(), "budget {budget}");
            assert_eq!(
                found_rows(&Ids::repeats(vec![ids]).unwrap()),
                expected,
                "budget {budget}"
            );
        }
    }

    #[test]
    fn parts_read_on_their_own_are_numbered_by_their_shift() {
        let names: Vec<String> = (0..500).map(|i| format!("id{}", i % 300)).collect();
        let rows = ids(&names);
        let expected = plainly(&rows);
        for budget in [BUDGET, 64] {
            // The late part numbers its rows from 1, as a reader started at its first row does.
            let (early, late) = rows.split_at(180);
            let mut first = Ids::with_budget(budget);
            let mut second = Ids::with_budget(budget);
            for (id, row) in early {
                first.push(id, *row).unwrap();
            }
            let shift = late[0].1 - 1;
            for (id, row) in late {
                second.push(id, row - shift).unwrap();
            }
            let parts = vec![second.shifted(shift), first];
            assert_eq!(found_rows(&Ids::repeats(parts).unwrap()), expected, "budget {budget}");
        }
    }

    #[test]
    fn rows_far_apart_start_runs_of_their_own() {
        let far = 1u64 << 33;
        let rows = [
            ("a", 1),
            ("b", 2),
            ("a", far),
            ("c", far + 1),
            ("b", far * 2),
            ("c", far * 2 + 9),
        ];
        for budget in [BUDGET, 2] {
            let mut ids = Ids::with_budget(budget);
            for (id, row) in rows {
                ids.push(id, row).unwrap();
            }
            assert!(ids.spilled.is_some(), "a row 2^32 past the run's first starts a run");
            assert_eq!(
                found_rows(&Ids::repeats(vec![ids]).unwrap()),
                [far, far * 2, far * 2 + 9]
            );
        }
    }

    #[test]
    fn an_id_on_most_rows_is_noted_once_a_run() {
        // Two rows in three have the id `n/a`; the others are distinct.
        let names: Vec<String> = (0..30_000)
            .map(|i| {
                if i % 3 == 0 {
                    format!("req-{i}")
                } else {
                    "n/a".to_string()
                }
            })
            .collect();
        let rows = ids(&names);
        let expected = plainly(&rows);
        assert_eq!(expected.len(), 19_999);
        let mut ids = Ids::with_budget(1 << 12);
        for (id, row) in &rows {
            ids.push(id, *row).unwrap();
        }
        // Each run of 4,096 notes wrote one for `n/a` and about 1,365 others.
        let spilled = ids.spilled.as_ref().unwrap();
        assert_eq!(spilled.runs.len(), 7);
        let written: u64 = spilled
            .runs
            .iter()
            .map(|r| (r.starts[BUCKETS] - r.starts[0]) / NOTE as u64)
            .sum();
        assert!(written < 7 * 1500, "{written} notes written");
        assert_eq!(found_rows(&Ids::repeats(vec![ids]).unwrap()), expected);
        // Shifted, as the late part of a file read in two.
        let mut late = Ids::with_budget(1 << 12);
        for (id, row) in &rows {
            late.push(id, *row).unwrap();
        }
        let shifted: Vec<u64> = expected.iter().map(|row| row + 1000).collect();
        assert_eq!(found_rows(&Ids::repeats(vec![late.shifted(1000)]).unwrap()), shifted);
    }

    #[test]
    fn hashes_are_told_apart_by_every_bit_even_the_free_slot_s() {
        let free = u64::MAX;
        let found = [
            (free, 1, 10),
            (3, 0, 1),
            (free, 1, 5),
            (free, 2, 7),
            (9, 1, 2),
            (3, 0, 0),
            (9, 2, 3),
            (3 + (1 << 20), 0, 4),
        ];
        let mut repeats = Repeats::default();
        repeats.find(&found, &mut Vec::new());
        assert_eq!(found_rows(&repeats), [1, 10]);
    }

    #[test]
    fn no_repeat_among_distinct_ids() {
        let mut ids = Ids::with_budget(100);
        for i in 0..10_000u64 {
            ids.push(&i.to_string(), i).unwrap();
        }
        assert!(Ids::repeats(vec![ids]).unwrap().is_empty());
    }

    #[test]
    fn the_note_names_the_first_repeats_and_says_when_there_are_more() {
        let mut repeated = Repeated::default();
        assert_eq!(repeated.note(), None);
        let origin = |line| Origin {
            source: "calls.csv".into(),
            line: Some(line),
        };
        repeated.add("a", &origin(3));
        assert_eq!(
            repeated.note().unwrap(),
            "1 row repeats a request id already read and was counted once: a (calls.csv:3)"
        );
        for line in 4..15 {
            repeated.add("b", &origin(line));
        }
        assert_eq!(repeated.count, 12);
        assert_eq!(repeated.examples.len(), Repeated::EXAMPLES);
        assert!(repeated.note().unwrap().ends_with("b (calls.csv:12), ..."));
    }
}
