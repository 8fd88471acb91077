//! Arguments of `llmcost simulate`.

use super::{InputArgs, OutputArgs};
use clap::Args;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}
