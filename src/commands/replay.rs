//! `llmcost replay`: logged calls re-priced under each strategy of a scenario.

use super::inputs::Inputs;
use super::publish::{publish, publish_text};
use crate::cli::{InputArgs, ReplayArgs};
use crate::engine::Replayer;
use crate::exit::Outcome;
use crate::report::Format;
use crate::report::focus::replay_csv;
use crate::report::sink::Outputs;
use crate::usage::{logs_name, read_logs};

pub fn run(args: ReplayArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&InputArgs {
        scenario: Some(args.scenario.clone()),
        pricing: args.pricing.clone(),
        as_of: None,
    })?;
    let scenario = &inputs.scenario;
    let (tiering, placed_by) = args.tiering.tiering(scenario)?;
    let mapping = args.read.mapping()?;
    let window = args.read.window()?;
    let mut replayer = Replayer::new(scenario, &inputs.catalog, tiering, placed_by)?;
    let mut failed = None;
    let mut read = read_logs(&args.logs, &window, mapping.as_ref(), |usage| {
        if failed.is_none()
            && let Err(e) = replayer.add(usage)
        {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    let report = replayer.finish(&logs_name(&args.logs))?;
    read.extend(report.warnings.iter().cloned());
    if let Format::Focus { cells } = args.output.report_format() {
        let text = replay_csv(&report, scenario, &inputs.catalog, cells)?;
        publish_text(text, &read, &args.output, Outputs::new())?;
    } else {
        publish(&report, &read, &args.output)?;
    }
    Ok(Outcome::Success)
}
