//! `llmcost completions`: writes the shell completion script the command line generates.

use crate::cli::CompletionsArgs;
use crate::exit::Outcome;
use crate::report::sink;

pub fn run(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    sink::write(args.output.as_deref(), &args.script())?;
    Ok(Outcome::Success)
}
