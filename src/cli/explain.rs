//! Arguments of `llmcost explain`.

use super::{InputArgs, OutputArgs};
use clap::Args;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The strategy whose bill is shown line by line.
    #[arg(long, short)]
    pub strategy: String,
    #[command(flatten)]
    pub output: OutputArgs,
}
