//! `llmcost explain`: every line of a strategy's bill.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::StrategyArgs;
use crate::engine::explain;
use crate::exit::Outcome;

pub fn run(args: StrategyArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let index = inputs.scenario.pick_strategy(args.strategy.as_deref())?;
    let report = explain(&inputs.scenario, &inputs.catalog, index)?;
    publish(&report, &report.warnings, &args.output)?;
    Ok(Outcome::Success)
}
