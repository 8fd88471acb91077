//! `llmcost ladder`: a strategy's techniques added one at a time.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::StrategyArgs;
use crate::engine::ladder;
use crate::exit::Outcome;

pub fn run(args: StrategyArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let index = inputs.scenario.pick_strategy(args.strategy.as_deref())?;
    let report = ladder(&inputs.scenario, &inputs.catalog, index)?;
    publish(&report, &report.warnings, &args.output)?;
    Ok(Outcome::Success)
}
