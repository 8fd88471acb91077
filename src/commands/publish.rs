//! Where a command's report goes: warnings on stderr, the report in the
//! chosen format to stdout or a file, written together with the run's other
//! outputs (charts) only once all are rendered. An HTML page also shows what
//! a command adds to its report: charts, and each strategy's bill (`bills`).

use crate::cli::OutputArgs;
use crate::engine::explain;
use crate::pricing::Catalog;
use crate::report::html::{Detail, Extras};
use crate::report::sink::Outputs;
use crate::report::{Report, render_with, visible_lines};
use crate::scenario::Scenario;

/// Prints `warnings` on stderr and writes `report` as `output` asks.
pub fn publish(report: &dyn Report, warnings: &[String], output: &OutputArgs) -> anyhow::Result<()> {
    publish_with(report, warnings, output, Outputs::new(), &Extras::default())
}

/// As [`publish`], with `others` (rendered charts) written in the same step,
/// and `extras` (charts, bills) on an HTML page.
pub fn publish_with(
    report: &dyn Report,
    warnings: &[String],
    output: &OutputArgs,
    others: Outputs,
    extras: &Extras,
) -> anyhow::Result<()> {
    let text = render_with(report, output.report_format(), extras)?;
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

/// Each strategy's bill, as `explain` shows it, for an HTML page.
pub fn bills(scenario: &Scenario, catalog: &Catalog) -> anyhow::Result<Vec<Detail>> {
    (0..scenario.strategies.len())
        .map(|i| {
            let bill = explain(scenario, catalog, i)?;
            Ok(Detail {
                summary: format!("Bill of {}", scenario.strategies[i].name),
                document: bill.document(),
            })
        })
        .collect()
}
