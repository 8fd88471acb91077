//! Labelled CSV samples read one way (`route-eval`'s questions,
//! `router-calibrate`'s router scores): the whole file read as text, a header
//! naming the columns a reader needs, and each data row with its line, every
//! problem an error naming the file, line and field.

use crate::input::{InputError, read_text};
use std::path::Path;

/// A CSV file's rows: the positions of the columns asked for, then each row's
/// 1-based number below the header, its line and its cells.
pub(super) struct Sample {
    pub file: String,
    pub columns: Vec<usize>,
    pub rows: Vec<(usize, Option<u64>, csv::StringRecord)>,
}

impl Sample {
    /// Reads `path` (a `what`), whose header must name `columns`; `example`
    /// is a header line shown in the hint when one is missing.
    pub fn read(path: &Path, what: &str, columns: &[&str], example: &str) -> Result<Self, InputError> {
        let file = path.display().to_string();
        let text = read_text(path, what)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let at = |line: Option<u64>, message: String| located(&file, line, None, message);
        let headers = reader
            .headers()
            .map_err(|e| at(Some(1), format!("cannot read the header: {e}")))?
            .clone();
        let positions = columns
            .iter()
            .map(|name| {
                headers.iter().position(|h| h == *name).ok_or_else(|| {
                    at(
                        Some(1),
                        format!(
                            "the header has no `{name}` column (it has: {})",
                            headers.iter().collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_hint(format!("the first line names the columns, e.g. `{example}`"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let record = record.map_err(|e| {
                let line = e.position().map(|p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                        "row {row}: {len} fields where the header has {expected_len} (quote a cell that holds a comma)"
                    ),
                    _ => format!("row {row}: {e}"),
                };
                at(line, message)
            })?;
            rows.push((row, record.position().map(|p| p.line()), record));
        }
        Ok(Self {
            file,
            columns: positions,
            rows,
        })
    }

    /// An error at `line` and `field` of this file.
    pub fn error(&self, line: Option<u64>, field: Option<&str>, message: String) -> InputError {
        located(&self.file, line, field, message)
    }
}

fn located(file: &str, line: Option<u64>, field: Option<&str>, message: String) -> InputError {
    InputError {
        file: file.to_string(),
        line: line.and_then(|l| usize::try_from(l).ok()),
        field: field.map(str::to_string),
        message,
        hint: None,
    }
}
