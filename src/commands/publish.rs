//! Where a command's report goes: warnings on stderr, the report in the
//! chosen format to stdout or a file, written together with the run's other
//! outputs (charts) only once all are rendered.

use crate::cli::OutputArgs;
use crate::report::sink::Outputs;
use crate::report::{Report, render, visible_lines};

/// Prints `warnings` on stderr and writes `report` as `output` asks.
pub fn publish(report: &dyn Report, warnings: &[String], output: &OutputArgs) -> anyhow::Result<()> {
    publish_with(report, warnings, output, Outputs::new())
}

/// As [`publish`], with `others` (rendered charts) written in the same step.
pub fn publish_with(
    report: &dyn Report,
    warnings: &[String],
    output: &OutputArgs,
    others: Outputs,
) -> anyhow::Result<()> {
    let text = render(report, output.report_format())?;
    publish_text(text, warnings, output, others)
}

/// Prints `warnings` on stderr and writes `text`, a report already rendered,
/// where `output` asks, with `others` in the same step.
pub fn publish_text(text: String, warnings: &[String], output: &OutputArgs, mut others: Outputs) -> anyhow::Result<()> {
    others.add("--output", output.output.as_deref(), text)?;
    for warning in warnings {
        eprintln!("warning: {}", visible_lines(warning));
    }
    others.write()
}
