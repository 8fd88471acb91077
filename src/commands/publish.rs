//! Where a command's report goes: warnings on stderr, the report in the
//! chosen format to stdout or a file.

use crate::cli::OutputArgs;
use crate::report::{Report, render, sink, visible_lines};

/// Prints `warnings` on stderr and writes `report` as `output` asks.
pub fn publish(report: &dyn Report, warnings: &[String], output: &OutputArgs) -> anyhow::Result<()> {
    for warning in warnings {
        eprintln!("warning: {}", visible_lines(warning));
    }
    let text = render(report, output.report_format())?;
    sink::write(output.output.as_deref(), &text)
}
