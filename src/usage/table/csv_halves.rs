//! A large CSV file priced in two halves at once, a thread each, to the same
//! sums and the same first error as row by row.
//!
//! The second half starts after the first line end past the file's middle
//! that lies outside quotes, as the parity of the quotes before it says (a
//! doubled quote counts twice). The first half prices records until it meets
//! one that starts at or past that byte: exactly there, the split fell
//! between two records and the halves' sums are added (`Pricer::merge`);
//! past it (a stray quote misled the parity), the second half's sums are
//! dropped and the first goes on row by row. The second half gives up, and
//! leaves its rows to the first, at anything but a plainly valid row priced:
//! a reading error, a row of another length than the header, a value the
//! mapping's shape must read (`priced_rows.rs`), a call not priced. So an
//! error names its row and line as reading row by row does.

use super::csv::{AHEAD, CsvRow};
use super::mapping::Mapped;
use super::priced_rows::{Read, RowPricer};
use super::{Priced, Shape};
use crate::usage::{Pricer, Window};
use std::fs::File;
use std::io::{BufReader, Read as _, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The fewest bytes of rows a file is split at: below, a second thread
/// costs more than it saves.
pub(super) const LEAST: u64 = 64 << 20;

/// What the halves tell each other: the middle of the rows, where the
/// second starts once it has found it, and whether the first has stopped
/// waiting for it.
#[derive(Debug)]
pub(super) struct Handover {
    middle: u64,
    start: AtomicU64,
    abandoned: AtomicBool,
}

impl Handover {
    pub(super) fn new(middle: u64) -> Self {
        Self {
            middle,
            start: AtomicU64::new(u64::MAX),
            abandoned: AtomicBool::new(false),
        }
    }

    pub(super) fn middle(&self) -> u64 {
        self.middle
    }

    /// The byte the second half starts at, once it has found it.
    pub(super) fn start(&self) -> Option<u64> {
        let start = self.start.load(Ordering::Acquire);
        (start != u64::MAX).then_some(start)
    }

    /// The first half will not take the second's sums: it may stop.
    pub(super) fn abandon(&self) {
        self.abandoned.store(true, Ordering::Release);
    }
}

/// The second half of a file: where its rows begin, and how its cells are
/// found (the header's width and each slot's column).
pub(super) struct Late {
    path: PathBuf,
    rows_from: u64,
    len: u64,
    width: usize,
    columns: Vec<Option<usize>>,
}

impl Late {
    /// The second half of the file at `path`, whose rows begin at byte
    /// `rows_from`, when they are at least `least` bytes.
    pub(super) fn new(
        path: &Path,
        rows_from: u64,
        least: u64,
        width: usize,
        columns: Vec<Option<usize>>,
    ) -> Option<Self> {
        let len = std::fs::metadata(path).ok()?.len();
        (len.saturating_sub(rows_from) >= least.max(1)).then(|| Self {
            path: path.to_path_buf(),
            rows_from,
            len,
            width,
            columns,
        })
    }

    /// The middle of the rows, where the second half looks for its start.
    pub(super) fn middle(&self) -> u64 {
        self.rows_from + (self.len - self.rows_from) / 2
    }

    /// Finds where the half starts, hands it over, and prices its rows in
    /// `window` with `pricer`: the rows outside it and the calls' ids, by
    /// line from 1 at its first record; `None` when it gave up.
    pub(super) fn price(
        &self,
        mapped: &Mapped,
        window: &Window,
        pricer: &mut Pricer,
        handover: &Handover,
    ) -> Option<Priced> {
        let mut file = File::open(&self.path).ok()?;
        let start = self.first_byte(&mut file)?;
        handover.start.store(start, Ordering::Release);
        file.seek(SeekFrom::Start(start)).ok()?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 16, file));
        let mut ahead = vec![csv::ByteRecord::new(); AHEAD];
        let mut rows = RowPricer::new(mapped, pricer);
        let mut tally = Priced::new(mapped.reads_ids());
        // The line of the first record (2 when the half starts at the `\n` of a `\r\n`).
        let mut first = None;
        loop {
            let mut read = 0;
            while read < AHEAD && reader.read_byte_record(&mut ahead[read]).ok()? {
                if ahead[read].len() != self.width || handover.abandoned.load(Ordering::Acquire) {
                    return None;
                }
                read += 1;
            }
            rows.warm(&ahead[..read], &self.columns, pricer);
            for record in &ahead[..read] {
                let cells = CsvRow::new(record, &self.columns);
                let id = rows.id(&cells).ok()?;
                let line = record.position()?.line();
                let first = *first.get_or_insert(line);
                match rows.row(&cells, window, pricer, false)? {
                    Read::Outside => tally.outside += 1,
                    Read::Priced(Ok(())) => {
                        if let Some(id) = id {
                            tally.note_id(id, line + 1 - first, "").ok()?;
                        }
                    }
                    Read::Priced(Err(_)) => return None,
                }
            }
            if read < AHEAD {
                return Some(tally);
            }
        }
    }

    /// Where the first record past the middle of the rows starts: after the
    /// first line end there that an even number of quotes precedes (at the
    /// `\n` of a `\r\n`, where the reader places the record); `None` when
    /// there is none.
    fn first_byte(&self, file: &mut File) -> Option<u64> {
        let middle = self.middle();
        file.seek(SeekFrom::Start(self.rows_from)).ok()?;
        let mut buffer = vec![0u8; 1 << 20];
        let (mut at, mut quotes) = (self.rows_from, 0u64);
        while at < middle {
            let wanted = usize::try_from(middle - at).unwrap_or(usize::MAX).min(buffer.len());
            let read = file.read(&mut buffer[..wanted]).ok()?;
            if read == 0 {
                return None;
            }
            quotes += buffer[..read].iter().filter(|&&b| b == b'"').count() as u64;
            at += read as u64;
        }
        let mut previous = 0u8;
        loop {
            let read = file.read(&mut buffer).ok()?;
            if read == 0 {
                return None;
            }
            for (i, &b) in buffer[..read].iter().enumerate() {
                match b {
                    b'"' => quotes += 1,
                    // After `\r\n` a record starts at the `\n`, as the reader counts.
                    b'\n' if quotes % 2 == 0 => return Some(at + i as u64 + u64::from(previous != b'\r')),
                    _ => {}
                }
                previous = b;
            }
            at += read as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Mapping, price_csv};
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;
    use crate::usage::UsagePrice;
    use proptest::prelude::*;
    use std::fmt::Write as _;

    const HEADER: &str = "request_id,created_at,model,prompt_tokens,completion_tokens,spend,team_id,request_tags";

    fn catalog() -> Catalog {
        Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-06-01\ncurrency: USD\nsource: test\nmodels:
  mini: {provider: openai, input: 0.15, output: 0.6, cached_input: 0.075}
  big: {provider: openai, input: 2, output: 8, cached_input: 0.5}
",
        ))
        .unwrap()
    }

    fn mapping() -> Mapping {
        Mapping::parse_map(
            "time=created_at,model=model,id=request_id,input_tokens=prompt_tokens,output_tokens=completion_tokens,\
             cost=spend,label.team=team_id,tags=request_tags",
        )
        .unwrap()
    }

    /// Row `i`: a model (one unknown to the catalog), a day, tokens, a recorded cost,
    /// a team and quoted tags, with `team` as the team if given.
    fn row(i: usize, team: Option<&str>) -> String {
        let model = ["mini", "big", "unknown-model"][i % 3];
        let team = team.map_or_else(|| format!("team-{}", i % 7), str::to_string);
        format!(
            "req-{i},2025-06-{:02}T10:00:00Z,{model},{},{},0.00{},{team},\"[\"\"prod\"\",\"\"t{}\"\"]\"",
            1 + i % 28,
            100 + i * 7,
            20 + i % 50,
            i % 97,
            i % 5
        )
    }

    /// `text` written to a file, priced row by row and in two halves: each
    /// run's rows outside the window, first call not priced, lines that
    /// repeat an id and report, or its error, as text.
    fn both(text: &str) -> [Result<String, String>; 2] {
        both_in(text, &Window::all())
    }

    /// As [`both`], the calls that started in `window`.
    fn both_in(text: &str, window: &Window) -> [Result<String, String>; 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calls.csv");
        std::fs::write(&path, text).unwrap();
        let catalog = catalog();
        [u64::MAX, 0].map(|least| {
            let mut pricer = Pricer::new(&catalog).comparing();
            price_csv(&path, &mapping(), window, &mut pricer, least)
                .and_then(|mut priced| {
                    let repeats = priced.repeats("calls.csv")?;
                    let report: UsagePrice = pricer.finish("calls.csv");
                    Ok(format!("{} {:?} {repeats:?} {report:?}", priced.outside, priced.failed))
                })
                .map_err(|e| e.to_string())
        })
    }

    /// Where the second half of `text` (a header line and rows) starts.
    fn second_half(text: &str) -> usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calls.csv");
        std::fs::write(&path, text).unwrap();
        let late = Late::new(&path, HEADER.len() as u64 + 1, 0, 8, vec![]).unwrap();
        late.first_byte(&mut File::open(&path).unwrap()).unwrap() as usize
    }

    fn rows(range: std::ops::Range<usize>, end: &str) -> String {
        range.fold(String::new(), |mut text, i| {
            let _ = write!(text, "{}{end}", row(i, None));
            text
        })
    }

    #[test]
    fn halves_price_as_rows_do() {
        let plain = format!("{HEADER}\n{}", rows(0..2000, "\n"));
        let crlf_bom = format!("\u{feff}{HEADER}\r\n{}", rows(0..2000, "\r\n"));
        let blank_lines = format!("{HEADER}\n{}\n\n\n{}", rows(0..1000, "\n"), rows(1000..2000, "\n\n"));
        for text in [plain, crlf_bom, blank_lines] {
            let [by_row, halves] = both(&text);
            assert!(by_row.is_ok(), "{by_row:?}");
            assert_eq!(by_row, halves);
        }
    }

    #[test]
    fn the_second_half_starts_at_the_row_after_the_middle() {
        let text = format!("{HEADER}\n{}", rows(0..2000, "\n"));
        let start = second_half(&text);
        let rows_from = HEADER.len() + 1;
        let middle = rows_from + (text.len() - rows_from) / 2;
        // The first row that starts past the middle.
        let expected = middle + text[middle..].find('\n').unwrap() + 1;
        assert_eq!(start, expected);
        assert!(text[start..].starts_with("req-"));
    }

    #[test]
    fn a_stray_quote_that_misleads_the_split_leaves_the_rows_to_the_first_half() {
        // A quote inside an unquoted cell of row 1 (read as it is) makes the
        // quotes before the middle odd; a quoted cell holding a line end just
        // past the middle then looks like the end of a row: the second half
        // would start within a record.
        let long = "x".repeat(2_000);
        let special = format!("req-s,2025-06-03T10:00:00Z,mini,100,20,0.001,team-s,\"{long}\n{long}\"");
        let text = format!(
            "{HEADER}\n{}\n{}{special}\n{}",
            row(1, Some("te\"am")),
            rows(2..40, "\n"),
            rows(40..77, "\n")
        );
        let start = second_half(&text);
        assert!(
            text[..start].ends_with(&format!("{long}\n")),
            "the split falls within the quoted cell"
        );
        let [by_row, halves] = both(&text);
        assert!(by_row.is_ok(), "{by_row:?}");
        assert_eq!(by_row, halves);
    }

    /// What a generated row is besides a plain one.
    #[derive(Debug, Clone, Copy)]
    enum Kind {
        Plain,
        /// Its tags quoted across a line end (`\n` or `\r\n`).
        Multiline,
        /// A quote inside its unquoted team cell, read as it is.
        StrayQuote,
        /// Its tags (text separated by commas) quoted across a line end, the
        /// next line reading as a row of its own: what a second half
        /// started there would price.
        Embedded,
        /// Followed by a blank line.
        Blank,
        /// A negative prompt count: the error.
        Negative,
        /// Two cells short.
        Short,
        /// The id of an earlier row.
        Repeat,
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop_oneof![
            20 => Just(Kind::Plain),
            1 => Just(Kind::Multiline),
            1 => Just(Kind::StrayQuote),
            3 => Just(Kind::Embedded),
            2 => Just(Kind::Blank),
            1 => Just(Kind::Negative),
            1 => Just(Kind::Short),
            2 => Just(Kind::Repeat),
        ]
    }

    /// A file of `kinds` rows (bad rows plain unless `bad`), each ending in
    /// `\r\n` where `crlf` says so, cut to its first `keep` bytes out of
    /// every 1,000 when given.
    fn generated(kinds: &[(Kind, bool)], bad: bool, keep: Option<u16>) -> String {
        let mut text = format!("{HEADER}\n");
        for (i, (kind, crlf)) in kinds.iter().enumerate() {
            let end = if *crlf { "\r\n" } else { "\n" };
            let line = match kind {
                Kind::Negative | Kind::Short if !bad => row(i, None),
                Kind::Plain | Kind::Blank => row(i, None),
                Kind::Multiline => row(i, None).replacen("\"\"prod\"\",", &format!("\"\"pr{end}od\"\","), 1),
                Kind::StrayQuote => row(i, Some("te\"am")),
                Kind::Embedded => format!(
                    "{},\"prod{end}req-e{i},2025-06-03T10:00:00Z,mini,100,20,0.001,team-e,zz\"",
                    row(i, None).rsplit_once(",\"[").unwrap().0
                ),
                Kind::Negative => row(i, None).replacen(&format!(",{},", 100 + i * 7), ",-5,", 1),
                Kind::Short => row(i, None).splitn(7, ',').take(6).collect::<Vec<_>>().join(","),
                Kind::Repeat => row(i, None).replacen(&format!("req-{i},"), &format!("req-{},", i / 2), 1),
            };
            text += &line;
            text += end;
            if matches!(kind, Kind::Blank) {
                text += end;
            }
        }
        if let Some(keep) = keep {
            let cut = text.len() * usize::from(keep) / 1000;
            text.truncate((0..=cut).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0));
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any mix of rows, line ends, quoted line ends, stray quotes, bad
        /// rows, repeated ids and a cut, priced in two halves, gives what row
        /// by row gives: the same sums, rows outside the window, repeats, first error.
        #[test]
        fn halves_price_any_file_as_rows_do(
            kinds in proptest::collection::vec((kind(), any::<bool>()), 1..300),
            bad in any::<bool>(),
            keep in proptest::option::of(900u16..1000),
            windowed in any::<bool>(),
        ) {
            let text = generated(&kinds, bad, keep);
            let window = if windowed {
                Window {
                    since: Some("2025-06-05T00:00:00Z".parse().unwrap()),
                    until: Some("2025-06-20T00:00:00Z".parse().unwrap()),
                }
            } else {
                Window::all()
            };
            let [by_row, halves] = both_in(&text, &window);
            prop_assert_eq!(by_row, halves);
        }
    }

    #[test]
    fn halves_find_the_lines_that_repeat_an_id_as_rows_do() {
        // Row i is on line i + 2. From row 1000 on, every tenth row repeats
        // the id of the row a thousand before (in the first half), and the
        // row after each fifth the id of the row before it (in the same half).
        let id = |i: usize| match i {
            _ if i >= 1000 && i % 10 == 0 => i - 1000,
            _ if i >= 1000 && i % 10 == 6 => i - 1,
            _ => i,
        };
        let expected: Vec<usize> = (1000..2000).filter(|i| id(*i) != *i).map(|i| i + 2).collect();
        for end in ["\n", "\r\n"] {
            let rows: String = (0..2000)
                .map(|i| row(i, None).replacen(&format!("req-{i},"), &format!("req-{},", id(i)), 1) + end)
                .collect();
            let text = format!("{HEADER}{end}{rows}");
            assert!(second_half(&text) < text.len() * 2 / 3);
            let [by_row, halves] = both(&text);
            assert!(
                by_row.as_ref().unwrap().contains(&format!("{expected:?}")),
                "{by_row:?}"
            );
            assert_eq!(by_row, halves);
        }
    }

    #[test]
    fn a_row_a_quoted_cell_holds_is_not_priced_by_a_second_half_started_there() {
        // A stray quote in row 1 makes the quotes before the middle odd; the
        // rows past it hold, in their quoted tags, a line that reads as a row
        // of its own: the second half starts there and prices it, and the
        // first half, meeting the next record past that byte, drops its sums.
        let mut kinds = vec![(Kind::Plain, false); 80];
        kinds[1] = (Kind::StrayQuote, false);
        kinds[40..].fill((Kind::Embedded, false));
        let text = generated(&kinds, false, None);
        let start = second_half(&text);
        assert!(
            text[..start].ends_with(",\"prod\n"),
            "the split falls within a quoted cell"
        );
        assert!(text[start..].starts_with("req-e"));
        let [by_row, halves] = both(&text);
        assert!(by_row.is_ok(), "{by_row:?}");
        assert_eq!(by_row, halves);
    }

    #[test]
    fn a_bad_row_in_the_second_half_is_the_error_row_by_row_gives() {
        let bad = row(1900, None).replacen(",13400,", ",-5,", 1);
        assert!(bad.contains(",-5,"));
        let text = format!("{HEADER}\n{}{bad}\n{}", rows(0..1900, "\n"), rows(1901..2000, "\n"));
        let [by_row, halves] = both(&text);
        let error = by_row.clone().unwrap_err();
        assert!(error.contains("row 1901"), "{error}");
        assert_eq!(by_row, halves);
        // A row cut short at the end, as a truncated file ends.
        let cut = format!("{HEADER}\n{}req-x,2025-06-01T10:00:00Z,mini", rows(0..2000, "\n"));
        let [by_row, halves] = both(&cut);
        assert!(
            by_row.clone().unwrap_err().contains("row 2001 has 3 cells"),
            "{by_row:?}"
        );
        assert_eq!(by_row, halves);
    }
}
