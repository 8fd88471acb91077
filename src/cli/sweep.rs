//! Arguments of `llmcost sweep`.

use super::{InputArgs, OutputArgs};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// A parameter and its values: `PATH=100,1000`, `PATH=0.1..0.9:0.1` (from..to:step)
    /// or `PATH=100..100000*10` (from..to*factor). Several make a grid.
    #[arg(long = "set", value_name = "PATH=VALUES", required = true)]
    pub sets: Vec<String>,
    /// Where strategy A becomes cheaper than strategy B (a one-parameter sweep).
    #[arg(long, value_name = "A,B")]
    pub breakeven: Option<String>,
    /// Run a grid above 1,000 points.
    #[arg(long)]
    pub force: bool,
    /// Draw cost against the (first) parameter into FILE (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}
