//! `llmcost variance`: a plan against what logged calls cost, the difference
//! split into effects that add up to it.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::{InputArgs, VarianceArgs};
use crate::engine::{ActualCost, VarianceError, variance};
use crate::exit::Outcome;
use crate::usage::calibrate::Calibrator;
use crate::usage::{Pricer, logs_name, read_logs};

pub fn run(args: VarianceArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&InputArgs {
        scenario: Some(args.plan.clone()),
        pricing: args.pricing.clone(),
        as_of: None,
    })?;
    let scenario = &inputs.scenario;
    let index = scenario.pick_strategy(Some(args.strategy.as_deref().unwrap_or(&scenario.baseline)))?;
    let (tiering, placed_by) = args.tiering.tiering(scenario)?;
    let mapping = args.read.mapping()?;
    let window = args.read.window()?;
    let logs = logs_name(&args.logs);
    // The calls a tier places are measured and priced; the others are left out of both.
    let mut calibrator = Calibrator::new(&inputs.catalog, Some(&tiering));
    let mut pricer = Pricer::new(&inputs.catalog);
    let (mut placed, mut unplaced, mut uncounted) = (0u64, 0u64, 0u64);
    let mut failed = None;
    let mut warnings = read_logs(&args.logs, &window, mapping.as_ref(), |usage| {
        calibrator.add(&usage);
        if usage.requests == 0 {
            uncounted += 1;
        } else if tiering.tier_of(&usage).is_none() {
            unplaced += usage.requests;
        } else {
            placed += usage.requests;
            if failed.is_none()
                && let Err(e) = pricer.add(&usage)
            {
                failed = Some(e);
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    calibrator.check_tiering(&logs)?;
    let mut left_out = Vec::new();
    if unplaced > 0 {
        left_out.push(format!("{unplaced} calls no tier places"));
    }
    if uncounted > 0 {
        left_out.push(format!("{uncounted} records that count no calls"));
    }
    if placed == 0 {
        let left_out = match left_out.is_empty() {
            true => String::new(),
            false => format!(" ({} left out)", left_out.join(", ")),
        };
        return Err(VarianceError::NoCalls { logs, left_out }.into());
    }
    warnings.extend(
        left_out
            .iter()
            .map(|l| format!("{l} are left out of the actual cost and of every step")),
    );
    let calibration = calibrator.finish(&logs, &window)?;
    let price = pricer.finish(&logs);
    warnings.extend(price.notes.iter().cloned());
    let actual = match args.recorded {
        false => (price.total.cost, ActualCost::Priced),
        true => match price.total.recorded {
            Some(recorded) => (recorded, ActualCost::Recorded),
            None => return Err(VarianceError::NoRecordedCost { logs }.into()),
        },
    };
    let report = variance(scenario, &inputs.catalog, index, &calibration, actual, &placed_by)?;
    warnings.extend(report.warnings.iter().cloned());
    publish(&report, &warnings, &args.output)?;
    Ok(Outcome::Success)
}
