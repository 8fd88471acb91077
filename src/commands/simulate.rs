//! `llmcost simulate`: every strategy of a scenario, priced and compared.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::SimulateArgs;
use crate::engine::simulate;
use crate::exit::Outcome;

pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let report = simulate(&inputs.scenario, &inputs.catalog)?;
    publish(&report, &report.warnings, &args.output)?;
    Ok(Outcome::Success)
}
