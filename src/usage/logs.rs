//! Which reader reads a LOGS argument: a `postgres://` URL is a LiteLLM
//! proxy's database; a CSV file, its `LiteLLM_SpendLogs` table exported; a
//! JSON file, that table exported (rows with `request_id` and `startTime`) or
//! a provider's usage export (told apart by its shape in `detect.rs`).

use super::litellm;
use super::{Usage, Window, read_usage};
use crate::input::InputError;
use std::io::Read;
use std::path::Path;

/// How many bytes are read to tell a LiteLLM export from a provider's.
const PEEK: u64 = 8192;

/// `logs` as reports name it: a database URL without its password.
pub fn logs_name(logs: &str) -> String {
    litellm::Source::parse(logs).name()
}

/// Reads the usage `logs` names that started in `window`, handing each
/// record to `each`; returns warnings about what was left out. On an error
/// some records may have been handed on already.
pub fn read_logs(logs: &str, window: &Window, mut each: impl FnMut(Usage)) -> Result<Vec<String>, InputError> {
    let litellm = litellm::Source::parse(logs);
    let is_litellm = match &litellm {
        litellm::Source::Postgres(_) | litellm::Source::Csv(_) => true,
        litellm::Source::Json(path) => litellm_rows(path),
    };
    if is_litellm {
        return Ok(litellm::read(&litellm, window, each)?.notes());
    }
    let (_, records) = read_usage(Path::new(logs))?;
    let mut outside = 0u64;
    for record in records {
        if window.contains(record.start) {
            each(record);
        } else {
            outside += 1;
        }
    }
    Ok(if outside > 0 {
        vec![format!("{outside} records outside the time window were left out")]
    } else {
        Vec::new()
    })
}

/// Whether the JSON file at `path` holds LiteLLM spend-log rows: its first
/// bytes name both `request_id` and `startTime`, which no provider export has.
/// A file that cannot be read is left to the provider reader, which says why.
/// Only a regular file is opened here (a FIFO would block).
fn litellm_rows(path: &Path) -> bool {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(PEEK).read_to_end(&mut head));
    let has = |key: &[u8]| head.windows(key.len()).any(|w| w == key);
    read.is_ok() && has(b"\"request_id\"") && has(b"\"startTime\"")
}
