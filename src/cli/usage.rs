//! Arguments of `llmcost usage`: real usage read from logs and exports.

use super::OutputArgs;
use super::help;
use crate::usage::table::Mapping;
use crate::usage::{Dialect, Window};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct UsageArgs {
    #[command(subcommand)]
    pub command: UsageCommand,
}

#[derive(Debug, Subcommand)]
pub enum UsageCommand {
    /// Price logged usage exactly: by model, day, label and tag, with the
    /// models the catalog lacks and the difference from any recorded cost.
    #[command(after_help = help::USAGE_PRICE)]
    Price(UsagePriceArgs),
}

#[derive(Debug, Args)]
pub struct UsagePriceArgs {
    /// The logs: a LiteLLM database (`postgres://user@host/db`), its
    /// `LiteLLM_SpendLogs` table exported as CSV or JSON, a provider's usage
    /// export (OpenAI or Anthropic usage API pages, Bedrock invocation logs), a
    /// Langfuse observations export, or any table (CSV, JSON lines, Parquet).
    #[arg(value_name = "LOGS", required_unless_present = "sql", conflicts_with = "sql")]
    pub logs: Option<String>,
    /// The price catalog (YAML) [default: the embedded November 2025 list prices].
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    /// A provider's cost report (OpenAI costs API pages, Anthropic cost report)
    /// to compare each model's price with what was billed for it.
    #[arg(long, value_name = "FILE")]
    pub costs: Option<PathBuf>,
    #[command(flatten)]
    pub read: LogsArgs,
    /// Print one SQL statement that prices a usage table inside the database
    /// instead of reading LOGS (docs/usage.md#pricing-a-usage-table-in-place---sql).
    #[arg(long, value_enum, value_name = "DIALECT", conflicts_with_all = ["since", "until", "format", "raw_csv", "map", "mapping", "costs"])]
    pub sql: Option<SqlDialect>,
    /// The usage table the statement reads (`schema.table` is quoted part by part).
    #[arg(long, value_name = "NAME", default_value = "usage", requires = "sql", value_parser = table)]
    pub sql_table: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How the logs are read and which of their calls count: every command that
/// reads LOGS takes these.
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
    /// The calls `--since` and `--until` keep.
    pub fn window(&self) -> Window {
        Window {
            since: self.since,
            until: self.until,
        }
    }
}

/// `--map` entries.
fn map(text: &str) -> Result<Mapping, String> {
    Mapping::parse_map(text).map_err(|e| e.to_string())
}

/// The SQL dialects `--sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    Duckdb,
    Postgres,
    Bigquery,
    Snowflake,
    Spark,
}

impl From<SqlDialect> for Dialect {
    fn from(dialect: SqlDialect) -> Self {
        match dialect {
            SqlDialect::Duckdb => Dialect::DuckDb,
            SqlDialect::Postgres => Dialect::Postgres,
            SqlDialect::Bigquery => Dialect::BigQuery,
            SqlDialect::Snowflake => Dialect::Snowflake,
            SqlDialect::Spark => Dialect::Spark,
        }
    }
}

/// A table name: dotted parts, none empty.
fn table(text: &str) -> Result<String, String> {
    if text.split('.').any(str::is_empty) {
        return Err(format!(
            "`{text}` is not a table name (`usage` or `schema.usage`: no empty part)"
        ));
    }
    Ok(text.to_string())
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
}
