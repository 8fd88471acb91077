//! The options of every command that reads logs (`usage price`, `replay`,
//! `calibrate`, `variance`): a table's columns (`--map`, `--mapping`) and the
//! time window (`--since`, `--until`), read once here.

use crate::exit::UsageError;
use crate::input::InputError;
use crate::usage::Window;
use crate::usage::table::Mapping;
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Columns of a table, `FIELD=COLUMN,...` (`input_tokens=prompt_tokens,label.team=team_id`);
    /// over those of `--mapping`.
    #[arg(long, value_name = "ENTRIES", value_parser = map)]
    pub map: Option<Mapping>,
    /// A YAML file of a table's columns, written once and reused.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Only calls that started at or after this time (UTC): `2026-11-01` or `2026-11-01T08:00:00Z`.
    #[arg(long, value_name = "WHEN", value_parser = when)]
    pub since: Option<DateTime<Utc>>,
    /// Only calls that started before this time (UTC; a date is its midnight).
    #[arg(long, value_name = "WHEN", value_parser = when)]
    pub until: Option<DateTime<Utc>>,
}

impl LogsArgs {
    /// The time window; one that holds no instant is a usage error.
    pub fn window(&self) -> Result<Window, UsageError> {
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since >= until
        {
            return Err(UsageError(format!(
                "--since {} is not before --until {}: the window holds no call",
                since.to_rfc3339(),
                until.to_rfc3339()
            )));
        }
        Ok(Window {
            since: self.since,
            until: self.until,
        })
    }

    /// The columns `--mapping` and `--map` name, the latter over the former.
    pub fn mapping(&self) -> Result<Option<Mapping>, InputError> {
        Ok(match (&self.mapping, &self.map) {
            (Some(file), map) => Some(Mapping::load(file)?.overridden_by(map.clone().unwrap_or_default())),
            (None, map) => map.clone(),
        })
    }
}

/// `--map` entries.
fn map(text: &str) -> Result<Mapping, String> {
    Mapping::parse_map(text).map_err(|e| e.to_string())
}

/// A date (its midnight, UTC) or an RFC 3339 time with its offset.
fn when(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("`{text}` is not a date (2026-11-01) or a time with its offset (2026-11-01T08:00:00Z)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_date_is_its_midnight_and_a_time_keeps_its_offset() {
        assert_eq!(
            when("2026-11-01"),
            Ok(Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(
            when("2026-11-01T08:00:00+02:00"),
            Ok(Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap())
        );
        assert!(when("1 Nov").unwrap_err().contains("is not a date"));
    }

    #[test]
    fn a_window_that_holds_no_instant_is_refused() {
        let day = |d| Some(Utc.with_ymd_and_hms(2026, 11, d, 0, 0, 0).unwrap());
        let args = |since, until| LogsArgs {
            map: None,
            mapping: None,
            since,
            until,
        };
        assert!(args(day(1), day(2)).window().is_ok());
        let e = args(day(2), day(2)).window().unwrap_err();
        assert_eq!(
            e.0,
            "--since 2026-11-02T00:00:00+00:00 is not before --until 2026-11-02T00:00:00+00:00: the window holds no call"
        );
    }
}
