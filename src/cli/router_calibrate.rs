//! Arguments of `llmcost router-calibrate`: the labelled file, what the
//! threshold must meet, and the two strategies that price a month at it.

use super::OutputArgs;
use super::numbers;
use clap::Args;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RouterCalibrateArgs {
    /// Labelled questions (CSV with the columns `score`, `strong` and `weak`).
    pub labelled: PathBuf,
    /// The threshold with the most strong-model calls within this share (0.2 or 20%).
    #[arg(long, value_name = "SHARE", value_parser = numbers::probability, allow_negative_numbers = true, group = "target")]
    pub strong_share: Option<Decimal>,
    /// The threshold with the fewest strong-model calls reaching this mean result.
    #[arg(long, value_name = "RESULT", value_parser = numbers::number, allow_negative_numbers = true, group = "target")]
    pub performance: Option<Decimal>,
    /// The threshold with the fewest strong-model calls recovering this share of
    /// the gap between the weak and the strong model (0.5 or 50%).
    #[arg(long, value_name = "SHARE", value_parser = numbers::probability, allow_negative_numbers = true, group = "target")]
    pub gap_recovered: Option<Decimal>,
    /// A scenario whose two strategies price the month at each threshold.
    #[arg(long, value_name = "SCENARIO", requires_all = ["strong_strategy", "weak_strategy"])]
    pub scenario: Option<PathBuf>,
    /// The price catalog (YAML); overrides the catalog the scenario names.
    #[arg(long, value_name = "CATALOG", requires = "scenario")]
    pub pricing: Option<PathBuf>,
    /// The scenario's strategy that sends every question to the strong model.
    #[arg(long, value_name = "NAME", requires = "scenario")]
    pub strong_strategy: Option<String>,
    /// The scenario's strategy that sends every question to the weak model.
    #[arg(long, value_name = "NAME", requires = "scenario")]
    pub weak_strategy: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}
