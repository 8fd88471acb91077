//! Arguments of the commands that look at one strategy: `ladder` and `explain`.

use super::{InputArgs, OutputArgs};
use clap::Args;

#[derive(Debug, Args)]
pub struct StrategyArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The strategy to look at, by its name in the scenario (without it, the
    /// error lists the scenario's strategies).
    #[arg(long, short, value_name = "NAME")]
    pub strategy: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}
