//! Arguments of `llmcost usage`: real usage read from logs and exports.

use super::OutputArgs;
use super::help;
use super::logs::LogsArgs;
use crate::usage::Dialect;
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
    /// export (OpenAI or Anthropic usage API pages, Bedrock invocation logs: a
    /// file, or a folder of them as S3 receives them), a Langfuse observations
    /// export, or any table (CSV, JSON lines, Parquet).
    #[arg(value_name = "LOGS", required_unless_present = "sql", conflicts_with_all = ["sql", "sql_table", "sql_service_tier", "sql_request_id", "sql_region"])]
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
    #[arg(long, value_enum, value_name = "DIALECT", conflicts_with_all = ["format", "raw_csv", "map", "mapping", "costs"])]
    pub sql: Option<SqlDialect>,
    /// The usage table the statement reads (`schema.table` is quoted part by part).
    #[arg(long, value_name = "NAME", default_value = "usage", requires = "sql", value_parser = table)]
    pub sql_table: String,
    /// The usage table has a `service_tier` column: calls in the priority
    /// and flex tiers pay their tiers' rates (without it, every call not on
    /// the batch API pays standard rates).
    #[arg(long, requires = "sql")]
    pub sql_service_tier: bool,
    /// The usage table has `request_id` and `start_time` columns: rows that
    /// share a request id count once, the earliest priced, the others
    /// counted on a `repeated` line.
    #[arg(long, requires = "sql")]
    pub sql_request_id: bool,
    /// The usage table has an `inference_geo` column (Anthropic's region of
    /// a call): a row in a region its model lists a multiplier for pays every
    /// token rate times it, as `usage price` bills a logged call.
    #[arg(long, requires = "sql")]
    pub sql_region: bool,
    #[command(flatten)]
    pub output: OutputArgs,
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
