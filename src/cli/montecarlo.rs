//! Arguments of `llmcost montecarlo`, and `--per-interaction` checked against
//! the scenario it would draw.

use super::numbers;
use super::{InputArgs, OutputArgs};
use crate::money::Amount;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MonteCarloArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Months to sample (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = numbers::runs, allow_negative_numbers = true)]
    pub runs: u64,
    /// The seed of the generator (xoshiro256++): the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = 1, value_parser = numbers::seed, allow_negative_numbers = true)]
    pub seed: u64,
    /// A monthly budget in the catalog's currency (`500`, `$1,250`, `500 USD`):
    /// reports the chance of exceeding it.
    #[arg(long, value_name = "AMOUNT", value_parser = numbers::amount, allow_negative_numbers = true)]
    pub budget: Option<Amount>,
    /// Worker threads, 1 to 256 (default: one per core); the output does not depend on it.
    #[arg(long, value_name = "T", value_parser = numbers::threads, allow_negative_numbers = true)]
    pub threads: Option<u64>,
    /// Draw every interaction's tokens, however many (slower at high volume).
    #[arg(long)]
    pub per_interaction: bool,
    /// Draw a histogram per strategy into FILE (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}
