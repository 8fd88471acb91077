//! `llmcost router-calibrate`: a router's threshold calibrated on labelled
//! questions, with RouteLLM's measures and the month it costs.

use super::inputs::Inputs;
use super::publish::publish;
use crate::cli::{InputArgs, RouterCalibrateArgs};
use crate::engine::simulate;
use crate::exit::Outcome;
use crate::routing::threshold::{Calibration, Priced, Target, ThresholdReport, read_labelled};

pub fn run(args: RouterCalibrateArgs) -> anyhow::Result<Outcome> {
    let questions = read_labelled(&args.labelled)?;
    let calibration = Calibration::new(&questions);
    let target = match (args.strong_share, args.performance, args.gap_recovered) {
        (Some(s), _, _) => Some(Target::StrongShare(s)),
        (_, Some(p), _) => Some(Target::Performance(p)),
        (_, _, Some(g)) => Some(Target::GapRecovered(g)),
        _ => None,
    };
    let priced = match (&args.scenario, &args.strong_strategy, &args.weak_strategy) {
        (Some(scenario), Some(strong), Some(weak)) => {
            let inputs = Inputs::load(&InputArgs {
                scenario: Some(scenario.clone()),
                pricing: args.pricing.clone(),
                as_of: None,
            })?;
            let strong_at = inputs.scenario.pick_strategy(Some(strong))?;
            let weak_at = inputs.scenario.pick_strategy(Some(weak))?;
            let report = simulate(&inputs.scenario, &inputs.catalog)?;
            Some(Priced {
                scenario: inputs.scenario.name.clone(),
                strong: strong.clone(),
                weak: weak.clone(),
                strong_month: report.strategies[strong_at].total,
                weak_month: report.strategies[weak_at].total,
                currency: inputs.catalog.currency.clone(),
            })
        }
        _ => None,
    };
    let report = ThresholdReport::new(args.labelled.display().to_string(), calibration, target, priced)?;
    publish(&report, &[], &args.output)?;
    Ok(Outcome::Success)
}
