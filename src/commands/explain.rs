//! `llmcost explain`: every line of a strategy's bill.

use super::emit;
use super::inputs::Inputs;
use crate::cli::StrategyArgs;
use crate::engine::explain;
use crate::exit::Outcome;

pub fn run(args: StrategyArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let index = inputs.strategy(&args.strategy)?;
    let report = explain(&inputs.scenario, &inputs.catalog, index)?;
    emit(&report, &report.warnings, &args.output)
}
