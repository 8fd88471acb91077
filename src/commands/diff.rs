//! `llmcost diff`: the workload held fixed, two catalogs (or two versions of a
//! scenario) priced side by side, thresholds that fail a CI run with code 3.

use super::inputs::Inputs;
use crate::cli::{Comparison, DiffConfig, InputArgs};
use crate::diff::{Pair, Side, Thresholds, compare};
use crate::exit::Outcome;
use crate::output::note::note;
use crate::report::{COMMENT_LIMIT, Format, fit, render, sink, visible_lines};
use anyhow::Context;
use chrono::NaiveDate;
use std::path::PathBuf;

/// The first line of the Markdown report, by which CI finds its earlier comment to update.
pub const COMMENT_MARKER: &str = "<!-- llmcost diff -->";

pub fn run(args: DiffConfig) -> anyhow::Result<Outcome> {
    let mut report = compare(pairs(&args.comparison)?, &args.options)?;
    let above = args
        .fail_above
        .as_ref()
        .map(|a| a.in_currency(&report.currency).context("--fail-above"))
        .transpose()?;
    report.thresholds = Thresholds {
        increase: args.fail_on_increase,
        above,
        quality_drop: args.fail_on_quality_drop,
    }
    .check(&report);
    let crossed: Vec<String> = report
        .thresholds
        .iter()
        .filter(|c| c.crossed)
        .map(|c| format!("{}: {}", c.flag.flag(), c.outcome))
        .collect();
    if args.only_if_changed && !report.changed() && crossed.is_empty() {
        note("no strategy's cost or quality changed; nothing to report (--only-if-changed)");
        return Ok(Outcome::Success);
    }
    for warning in &report.warnings {
        eprintln!("warning: {}", visible_lines(warning));
    }
    for check in report.thresholds.iter().filter(|c| c.value.is_none() && !c.crossed) {
        note(format!("{}: {}", check.flag.flag(), visible_lines(&check.outcome)));
    }
    let format = args.output.report_format();
    let mut text = render(&report, format)?;
    if format == Format::Markdown {
        text = fit(&format!("{COMMENT_MARKER}\n{text}"), COMMENT_LIMIT);
    }
    sink::write(args.output.output.as_deref(), &text)?;
    if crossed.is_empty() {
        return Ok(Outcome::Success);
    }
    for c in &crossed {
        eprintln!("threshold crossed: {}", visible_lines(c));
    }
    Ok(Outcome::ThresholdCrossed)
}

/// One side: a scenario (or the embedded one) and a catalog (or the scenario's own).
fn side(scenario: Option<&PathBuf>, catalog: Option<&PathBuf>, as_of: Option<NaiveDate>) -> anyhow::Result<Side> {
    let inputs = Inputs::load(&InputArgs {
        scenario: scenario.cloned(),
        pricing: catalog.cloned(),
        as_of,
    })?;
    Ok(Side {
        scenario: inputs.scenario,
        catalog: inputs.catalog,
    })
}

/// The scenarios to compare, each loaded on both sides.
fn pairs(comparison: &Comparison) -> anyhow::Result<Vec<Pair>> {
    comparison
        .scenarios
        .iter()
        .map(|(base, head)| {
            Ok(Pair {
                base: side(base.as_ref(), comparison.base_catalog.as_ref(), comparison.base_as_of)?,
                head: side(head.as_ref(), comparison.head_catalog.as_ref(), comparison.head_as_of)?,
            })
        })
        .collect()
}
