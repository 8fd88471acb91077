//! `llmcost man`: writes the manual page the command line generates.

use crate::cli::ManArgs;
use crate::exit::Outcome;
use crate::report::sink;

pub fn run(args: ManArgs) -> anyhow::Result<Outcome> {
    sink::write(args.output.as_deref(), &args.page()?)?;
    Ok(Outcome::Success)
}
