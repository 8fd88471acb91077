//! `llmcost route-eval`: keyword rules measured on labelled questions.

use crate::cli::RouteEvalArgs;
use crate::exit::Outcome;
use crate::report::{render, sink};
use crate::strategy::evaluation::{Evaluation, read_sample};
use crate::strategy::rules::Rules;

pub fn run(args: RouteEvalArgs) -> anyhow::Result<Outcome> {
    let rules = Rules::load(&args.rules)?;
    let sample = read_sample(&args.sample, &rules)?;
    let evaluation = Evaluation::run(&rules, &args.sample, &sample);
    let text = render(&evaluation, args.output.report_format())?;
    if let Some(path) = &args.matrix {
        sink::write(Some(path), &evaluation.measured().to_yaml())?;
    }
    sink::write(args.output.output.as_deref(), &text)?;
    Ok(Outcome::Success)
}
