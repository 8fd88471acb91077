//! `llmcost optimize`: the exact cost-quality frontier of a scenario, the plan
//! that answers the question asked, and that plan written as a strategy.

use super::inputs::Inputs;
use super::montecarlo::threads;
use crate::cli::OptimizeArgs;
use crate::exit::Outcome;
use crate::montecarlo::{EXACT_UP_TO, Settings};
use crate::optimize::{Goal, Request, optimize, risk, with_strategy};
use crate::report::render;
use crate::report::sink::Outputs;
use crate::report::visible_lines;
use anyhow::Context;
use std::path::Path;

/// The chosen plan's strategy name when none is written.
const DEFAULT_NAME: &str = "optimized";

pub fn run(args: OptimizeArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let goal = match (args.quality_floor, &args.budget) {
        (Some(floor), _) => Goal::QualityFloor(floor),
        (None, Some(budget)) => Goal::Budget(budget.in_currency(&inputs.catalog.currency).context("--budget")?),
        (None, None) => Goal::Frontier,
    };
    let request = Request {
        goal,
        candidates: args.candidates(),
        techniques: args.allowed_techniques(),
        name: args.write_strategy.clone().unwrap_or_else(|| DEFAULT_NAME.to_string()),
    };
    let mut result = optimize(&inputs.scenario, &inputs.catalog, &request)?;
    if args.risk {
        let settings = Settings {
            runs: args.runs,
            seed: args.seed,
            threads: threads(None),
            exact_up_to: EXACT_UP_TO,
        };
        result.risk = Some(risk(&inputs.scenario, &inputs.catalog, &result.frontier, settings)?);
    }
    let mut outputs = Outputs::new();
    // The command line requires a floor or a budget with --write-to: a plan is chosen.
    if let (Some(target), Some(scenario), Some(chosen)) = (&args.write_to, &args.input.scenario, &result.chosen) {
        let dir = match scenario.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let plan = &result.frontier[chosen.point];
        let text = with_strategy(&inputs.scenario, &inputs.catalog, dir, plan, chosen, target)?;
        outputs.add("--write-to", Some(target), text)?;
    }
    outputs.add(
        "--output",
        args.output.output.as_deref(),
        render(&result, args.output.report_format())?,
    )?;
    for warning in &result.warnings {
        eprintln!("warning: {}", visible_lines(warning));
    }
    outputs.write()?;
    Ok(Outcome::Success)
}
