//! `llmcost sweep`: every strategy priced over a grid of assumptions, with
//! the break-even point of two strategies.

use super::inputs::Inputs;
use super::publish::publish_with;
use crate::cli::SweepArgs;
use crate::exit::{Outcome, UsageError};
use crate::report::chart::{self, ChartFormat};
use crate::report::sink::Outputs;
use crate::sweep::Sweep;

pub fn run(args: SweepArgs) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.plot {
        ChartFormat::of(path)?;
    }
    let pair = args.breakeven.as_deref().map(pair).transpose()?;
    let inputs = Inputs::load(&args.input)?;
    let sweep = Sweep::new(&inputs.scenario, &inputs.catalog, &args.sets, args.force)?;
    let report = sweep.run(pair)?;
    let mut charts = Outputs::new();
    if let Some(path) = &args.plot {
        charts.add("--plot", Some(path), chart::render(&report.chart(), path)?)?;
    }
    publish_with(&report, &report.warnings, &args.output, charts)?;
    Ok(Outcome::Success)
}

/// `A,B`: two strategy names.
fn pair(text: &str) -> Result<(&str, &str), UsageError> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && a.trim() != b.trim() => {
            Ok((a.trim(), b.trim()))
        }
        _ => Err(UsageError(format!(
            "--breakeven {text}: name two different strategies, as `routed,gpt-4o`"
        ))),
    }
}
