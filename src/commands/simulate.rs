//! `llmcost simulate`: every strategy of a scenario, priced and compared.

use super::emit;
use super::inputs::Inputs;
use crate::cli::SimulateArgs;
use crate::engine::simulate;
use crate::exit::Outcome;

pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let report = simulate(&inputs.scenario, &inputs.catalog)?;
    emit(&report, &report.warnings, &args.output)
}
