//! Arguments of `llmcost ladder`.

use super::{InputArgs, OutputArgs};
use clap::Args;

#[derive(Debug, Args)]
pub struct LadderArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The strategy whose techniques are added one by one.
    #[arg(long, short)]
    pub strategy: String,
    #[command(flatten)]
    pub output: OutputArgs,
}
