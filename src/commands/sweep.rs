//! `llmcost sweep`: every strategy priced over a grid of assumptions, with
//! the break-even point of two strategies. CSV and JSON stream: each point's
//! rows are written as they are priced, so memory stays flat however large
//! the grid; tables and Markdown lay out every row at once.

use super::inputs::Inputs;
use super::publish::publish_with;
use crate::cli::SweepConfig;
use crate::exit::Outcome;
use crate::report::chart::{self, ChartFormat};
use crate::report::html::{Extras, Figure};
use crate::report::sink::Outputs;
use crate::report::{SweepStream, Trend};
use crate::sweep::{Sweep, SweepReport};

pub fn run(args: SweepConfig) -> anyhow::Result<Outcome> {
    if let Some(path) = &args.plot {
        ChartFormat::of(path)?;
    }
    let pair = args.breakeven.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
    let inputs = Inputs::load(&args.input)?;
    let sweep = Sweep::new(&inputs.scenario, &inputs.catalog, &args.sets, args.force)?;
    let frame = sweep.frame()?;
    let mut outputs = Outputs::new();
    // The chart's lines: kept only when a chart is asked for.
    let mut trend = args.plot.as_ref().map(|_| Trend::new());
    let Some(mut writer) = SweepStream::new(args.output.report_format()) else {
        let mut rows = Vec::new();
        let (breakeven, warnings) = sweep.run(pair, |row| {
            rows.push(row.clone());
            Ok(())
        })?;
        let report = SweepReport {
            rows,
            breakeven,
            warnings,
            ..frame
        };
        let chart = report.chart();
        if let Some(path) = &args.plot {
            outputs.add("--plot", Some(path), chart::render(&chart, path)?)?;
        }
        let mut extras = Extras::default();
        if args.output.html() {
            extras.figures.push(Figure::drawn(&chart.title, &chart)?);
        }
        publish_with(&report, &report.warnings, &args.output, outputs, &extras)?;
        return Ok(Outcome::Success);
    };
    let mut stream = outputs.stream("--output", args.output.output.as_deref())?;
    if let Some(path) = &args.plot {
        outputs.check("--plot", Some(path))?;
    }
    let (breakeven, warnings) = sweep.run(pair, |row| {
        if let Some(trend) = &mut trend {
            trend.add(&frame, row);
        }
        writer.row(&mut stream, &frame, row)
    })?;
    let report = SweepReport {
        breakeven,
        warnings,
        ..frame
    };
    writer.end(&mut stream, &report)?;
    if let (Some(path), Some(trend)) = (&args.plot, trend) {
        outputs.add("--plot", Some(path), chart::render(&trend.chart(&report), path)?)?;
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    outputs.finish(stream)?;
    Ok(Outcome::Success)
}
