//! `llmcost simulate`: every strategy of a scenario, priced and compared.

use super::inputs::Inputs;
use super::publish::{bills, publish_text, publish_with};
use crate::cli::SimulateArgs;
use crate::engine::simulate;
use crate::exit::Outcome;
use crate::report::Format;
use crate::report::focus::plan_csv;
use crate::report::html::Extras;
use crate::report::sink::Outputs;

pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::load(&args.input)?;
    let report = simulate(&inputs.scenario, &inputs.catalog)?;
    if let Format::Focus { cells } = args.output.report_format() {
        let text = plan_csv(&report, &inputs.scenario, &inputs.catalog, cells)?;
        publish_text(text, &report.warnings, &args.output, Outputs::new())?;
    } else {
        let mut extras = Extras::default();
        if args.output.html() {
            extras.details = bills(&inputs.scenario, &inputs.catalog)?;
        }
        publish_with(&report, &report.warnings, &args.output, Outputs::new(), &extras)?;
    }
    Ok(Outcome::Success)
}
