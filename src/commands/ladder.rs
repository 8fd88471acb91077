//! `llmcost ladder`: a strategy's techniques added one at a time.

use super::emit;
use super::inputs::Inputs;
use crate::cli::StrategyArgs;
use crate::engine::ladder;
use crate::exit::Outcome;

pub fn run(args: StrategyArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let index = inputs.strategy(&args.strategy)?;
    let report = ladder(&inputs.scenario, &inputs.catalog, index)?;
    emit(&report, &report.warnings, &args.output)
}
