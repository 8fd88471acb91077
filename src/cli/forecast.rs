//! Arguments of `llmcost forecast`: a month's cost from its calls so far,
//! and the month (`--month YYYY-MM`) read here.

use super::OutputArgs;
use super::logs::LogsArgs;
use super::numbers;
use crate::money::Amount;
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The logs, as `usage price` reads them: a LiteLLM database or export, a
    /// provider's usage export, a Langfuse export, or any table with `--map`/`--mapping`.
    #[arg(value_name = "LOGS")]
    pub logs: String,
    /// The month's budget in the catalog's currency (`500`, `$1,250`, `500 USD`).
    #[arg(long, value_name = "AMOUNT", value_parser = numbers::amount, allow_negative_numbers = true)]
    pub budget: Amount,
    /// The month to forecast, `2026-12` [default: the month of the latest call].
    #[arg(long, value_name = "YYYY-MM", value_parser = month)]
    pub month: Option<NaiveDate>,
    /// Exit with code 3 (after the report) when the chance of exceeding the
    /// budget is above P: `0.2` or `20%`.
    #[arg(long, value_name = "P", value_parser = numbers::probability, allow_negative_numbers = true)]
    pub fail_above_probability: Option<Decimal>,
    /// The catalog that prices the calls [default: the embedded November 2025 list prices].
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    #[command(flatten)]
    pub read: LogsArgs,
    /// Rests of the month to sample (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = numbers::runs, allow_negative_numbers = true)]
    pub runs: u64,
    /// The seed of the generator (xoshiro256++): the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = 1, value_parser = numbers::seed, allow_negative_numbers = true)]
    pub seed: u64,
    /// Worker threads, 1 to 256 (default: one per core); the output does not depend on it.
    #[arg(long, value_name = "T", value_parser = numbers::threads, allow_negative_numbers = true)]
    pub threads: Option<u64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `YYYY-MM`: the month's first day.
fn month(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
        .ok()
        .filter(|_| text.trim().len() == 7)
        .ok_or_else(|| format!("`{text}` is not a month such as 2026-12 (YYYY-MM)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_year_and_month() {
        assert_eq!(month("2026-12"), Ok(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()));
        for bad in ["2026-13", "2026-1", "2026-12-01", "Dec 2026", ""] {
            assert!(month(bad).unwrap_err().contains("is not a month"), "{bad}");
        }
    }
}
