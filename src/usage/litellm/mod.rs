//! LiteLLM proxy spend logs: the proxy's `LiteLLM_SpendLogs` table, one row a
//! call, read straight from its PostgreSQL database or from the table exported
//! as CSV or JSON. docs/usage-sources.md lists every column taken, the LiteLLM
//! source it follows and how it maps to a [`Usage`].
//!
//! Rows stream: each record is handed to a callback as it is read, so memory
//! stays flat in the number of rows (a file's request ids are checked for
//! repeats on a first reading, `usage::Ids`). A row outside the time window,
//! one LiteLLM answered from its own cache, a failed call, or a row whose
//! request id was already read is left out and counted in the [`Summary`];
//! a row that cannot be read stops the reading with an error naming the
//! source, the row and the column.

mod columns;
mod csv;
mod json;
mod postgres;
mod row;
mod time;
mod tokens;

use crate::input::InputError;
use crate::usage::table::ids_error;
use crate::usage::{Ids, Repeated, Repeats, Usage, Window};
use row::{Place, Row};
use std::path::PathBuf;

/// Where spend logs are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The proxy's database: a `postgres://` or `postgresql://` URL.
    Postgres(String),
    /// The table exported as CSV with a header row.
    Csv(PathBuf),
    /// The table exported as JSON: a list of row objects, or JSON lines.
    Json(PathBuf),
}

impl Source {
    /// The source as reports name it: the database without its password, or the file.
    pub fn name(&self) -> String {
        match self {
            Source::Postgres(url) => postgres::display(url),
            Source::Csv(path) | Source::Json(path) => path.display().to_string(),
        }
    }

    /// The source `from` names: a database URL, a `.csv` file, or else a JSON file.
    pub fn parse(from: &str) -> Self {
        if from.starts_with("postgres://") || from.starts_with("postgresql://") {
            return Source::Postgres(from.to_string());
        }
        let path = PathBuf::from(from);
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("csv") => Source::Csv(path),
            _ => Source::Json(path),
        }
    }
}

/// What a reading kept and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows read from the source (from a database, only those in the window).
    pub rows: u64,
    /// Records handed on.
    pub records: u64,
    /// Rows left out because they started outside the time window.
    pub outside_window: u64,
    /// Rows LiteLLM answered from its own cache: no provider billed them.
    pub cache_hits: u64,
    /// Rows of calls that failed (`status` `failure`).
    pub failures: u64,
    /// Rows whose request id an earlier row of the file had: counted once.
    /// The database's `request_id` is its primary key, so its rows are not
    /// checked.
    pub repeated: Repeated,
}

impl Summary {
    /// One sentence for each kind of row left out, for warnings.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.outside_window > 0 {
            notes.push(format!(
                "{} rows outside the time window were left out",
                self.outside_window
            ));
        }
        if self.cache_hits > 0 {
            notes.push(format!(
                "{} calls LiteLLM answered from its own cache were left out: no provider billed them",
                self.cache_hits
            ));
        }
        if self.failures > 0 {
            notes.push(format!("{} failed calls were left out", self.failures));
        }
        notes.extend(self.repeated.note());
        notes
    }
}

/// Reads the spend logs of `source` that started in `window`, handing each
/// call to `each` as it is read; returns what was kept and left out. A file
/// is read twice: first for the rows that repeat a request id
/// (`usage::Ids`), then for the calls. On an error some records may have
/// been handed on already: a caller writes nothing until the reading has
/// ended well.
pub fn read(source: &Source, window: &Window, mut each: impl FnMut(Usage)) -> Result<Summary, InputError> {
    let repeats = match source {
        Source::Postgres(_) => Repeats::default(),
        Source::Csv(_) | Source::Json(_) => {
            let mut first = Tally::new(*window, Some(Ids::default()), Repeats::default());
            first.read(source, &mut |_| {})?;
            let ids = first.ids.take().into_iter().collect();
            Ids::repeats(ids).map_err(|e| ids_error(&source.name(), e))?
        }
    };
    let mut tally = Tally::new(*window, None, repeats);
    tally.read(source, &mut each)?;
    Ok(tally.summary)
}

/// The rows kept and left out so far.
struct Tally {
    window: Window,
    /// The request ids of the calls kept, by row, on a first reading.
    ids: Option<Ids>,
    /// The rows that repeat a request id, left out.
    repeats: Repeats,
    summary: Summary,
}

impl Tally {
    fn new(window: Window, ids: Option<Ids>, repeats: Repeats) -> Self {
        Self {
            window,
            ids,
            repeats,
            summary: Summary::default(),
        }
    }

    /// Reads `source`, handing each call kept to `each`.
    fn read(&mut self, source: &Source, each: &mut impl FnMut(Usage)) -> Result<(), InputError> {
        let (name, window) = (source.name(), self.window);
        let mut take = |row: &Row, place: &Place| self.take(row, place, &name, each);
        match source {
            Source::Postgres(url) => postgres::read(url, &window, &mut take),
            Source::Csv(path) => csv::read(path, &mut take),
            Source::Json(path) => json::read(path, &mut take),
        }
    }

    fn take(&mut self, row: &Row, place: &Place, source: &str, each: &mut impl FnMut(Usage)) -> Result<(), InputError> {
        self.summary.rows += 1;
        if !self.window.contains(row.start(place)?) {
            self.summary.outside_window += 1;
            return Ok(());
        }
        if row.cache_hit(place)? {
            self.summary.cache_hits += 1;
            return Ok(());
        }
        if row.failed(place)? {
            self.summary.failures += 1;
            return Ok(());
        }
        let usage = row.to_usage(place)?;
        let at = self.summary.rows;
        if let Some(ids) = &mut self.ids {
            if let Some(id) = &usage.id {
                ids.push(id, at).map_err(|e| ids_error(source, e))?;
            }
            return Ok(());
        }
        if let Some(id) = usage.id.as_ref().filter(|_| self.repeats.contains(at)) {
            self.summary.repeated.add(id, &usage.origin);
            return Ok(());
        }
        self.summary.records += 1;
        each(usage);
        Ok(())
    }
}
