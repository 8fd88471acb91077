//! One file per subcommand, each a thin `run` over the library; `inputs` loads
//! what every pricing command needs.

pub mod catalog;
pub mod diff;
pub mod explain;
mod inputs;
pub mod ladder;
pub mod route_eval;
pub mod simulate;

use crate::cli::OutputArgs;
use crate::exit::Outcome;
use crate::report::{Report, render, sink};

/// Prints a report's warnings on stderr, then writes the report in the chosen
/// format to stdout or the `--output` file.
fn emit(report: &dyn Report, warnings: &[String], output: &OutputArgs) -> anyhow::Result<Outcome> {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let text = render(report, output.format.into())?;
    sink::write(output.output.as_deref(), &text)?;
    Ok(Outcome::Success)
}
