//! `llmcost diff`: the workload held fixed, two catalogs (or two versions of a
//! scenario) priced side by side, thresholds that fail a CI run with code 3.

use super::inputs::Inputs;
use crate::cli::{DiffArgs, InputArgs};
use crate::diff::{Options, Pair, Side, Thresholds, compare};
use crate::exit::{Outcome, UsageError};
use crate::output::note::note;
use crate::report::{COMMENT_LIMIT, Format, fit, render, sink, visible_lines};
use std::collections::HashMap;
use std::path::PathBuf;

/// The first line of the Markdown report, by which CI finds its earlier comment to update.
pub const COMMENT_MARKER: &str = "<!-- llmcost diff -->";

pub fn run(args: DiffArgs) -> anyhow::Result<Outcome> {
    let pairs = pairs(&args)?;
    let options = Options {
        maps: args.maps.clone(),
        strategy: args.strategy.clone(),
    };
    let mut report = compare(pairs, &options)?;
    let above = args
        .fail_above
        .as_ref()
        .map(|a| {
            a.in_currency(&report.currency)
                .map_err(|e| UsageError(format!("--fail-above: {e}")))
        })
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
fn side(scenario: Option<&PathBuf>, catalog: Option<&PathBuf>) -> anyhow::Result<Side> {
    let inputs = Inputs::load(&InputArgs {
        scenario: scenario.cloned(),
        pricing: catalog.cloned(),
    })?;
    Ok(Side {
        scenario: inputs.scenario,
        catalog: inputs.catalog,
    })
}

/// Refuses a scenario file given twice in `paths` (compared by canonical
/// path, so `a.yaml` and `./a.yaml` are one): its cost would count twice in
/// the total.
fn each_once(paths: &[PathBuf], what: &str) -> Result<(), UsageError> {
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for (i, path) in paths.iter().enumerate() {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if let Some(&first) = seen.get(&key) {
            let named = if paths[first] == *path {
                format!("`{}`", path.display())
            } else {
                format!("`{}` (as `{}`)", paths[first].display(), path.display())
            };
            return Err(UsageError(format!(
                "{what} {named} is given twice ({} and {}); its cost would count twice in the total: give each scenario once",
                ordinal(first + 1),
                ordinal(i + 1)
            )));
        }
        seen.insert(key, i);
    }
    Ok(())
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The scenarios to compare, each loaded on both sides.
fn pairs(args: &DiffArgs) -> anyhow::Result<Vec<Pair>> {
    let (base_catalog, head_catalog) = match (&args.base, &args.head) {
        (Some(b), Some(h)) => (Some(b), Some(h)),
        _ => (args.pricing.as_ref(), args.pricing.as_ref()),
    };
    if !args.base_scenarios.is_empty() {
        if args.base_scenarios.len() != args.head_scenarios.len() {
            return Err(UsageError(format!(
                "{} --base-scenario but {} --head-scenario; give them in pairs, in the same order",
                args.base_scenarios.len(),
                args.head_scenarios.len()
            ))
            .into());
        }
        each_once(&args.base_scenarios, "--base-scenario")?;
        each_once(&args.head_scenarios, "--head-scenario")?;
        return args
            .base_scenarios
            .iter()
            .zip(&args.head_scenarios)
            .map(|(b, h)| {
                Ok(Pair {
                    base: side(Some(b), base_catalog)?,
                    head: side(Some(h), head_catalog)?,
                })
            })
            .collect();
    }
    if args.base.is_none() {
        return Err(UsageError(
            "nothing to compare: give two catalogs (--base OLD.yaml --head NEW.yaml) or two versions \
             of a scenario (--base-scenario OLD.yaml --head-scenario NEW.yaml)"
                .into(),
        )
        .into());
    }
    each_once(&args.scenarios, "scenario")?;
    let scenarios: Vec<Option<&PathBuf>> = if args.scenarios.is_empty() {
        vec![None]
    } else {
        args.scenarios.iter().map(Some).collect()
    };
    scenarios
        .into_iter()
        .map(|s| {
            Ok(Pair {
                base: side(s, base_catalog)?,
                head: side(s, head_catalog)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal).to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"
            ]
        );
    }
}
