//! `llmcost simulate`: every strategy of a scenario, priced and compared.

use super::inputs::Inputs;
use crate::cli::SimulateArgs;
use crate::engine::simulate;
use crate::exit::Outcome;
use crate::report::{render, sink};

pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let report = simulate(&inputs.scenario, &inputs.catalog)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let text = render(&report, args.output.format.into())?;
    sink::write(args.output.output.as_deref(), &text)?;
    Ok(Outcome::Success)
}
