//! Arguments of `llmcost route-eval`.

use super::OutputArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RouteEvalArgs {
    /// The keyword rules (YAML): tiers, an optional default tier, and rules tried in order.
    pub rules: PathBuf,
    /// Labelled questions (CSV with a header naming the columns `text` and `tier`).
    pub sample: PathBuf,
    /// Also write the measured counts here, as YAML a scenario's classifier reads with `matrix_file:`.
    #[arg(long, value_name = "FILE")]
    pub matrix: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}
