//! `llmcost route-eval`: keyword rules measured on labelled questions.

use crate::cli::RouteEvalArgs;
use crate::exit::Outcome;
use crate::report::render;
use crate::report::sink::Outputs;
use crate::routing::evaluation::{Evaluation, read_sample};
use crate::routing::rules::Rules;

pub fn run(args: RouteEvalArgs) -> anyhow::Result<Outcome> {
    let rules = Rules::load(&args.rules)?;
    let sample = read_sample(&args.sample, &rules)?;
    let evaluation = Evaluation::run(&rules, &args.sample, &sample);
    let mut outputs = Outputs::new();
    if let Some(path) = &args.matrix {
        outputs.add("--matrix", Some(path), evaluation.measured().to_yaml())?;
    }
    outputs.add(
        "--output",
        args.output.output.as_deref(),
        render(&evaluation, args.output.report_format())?,
    )?;
    outputs.write()?;
    Ok(Outcome::Success)
}
