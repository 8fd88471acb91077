//! `llmcost calibrate`: a scenario measured from logged calls, written to
//! `--output`, with a summary of what was measured on stdout.

use super::publish::publish_with;
use super::usage::catalog;
use crate::cli::CalibrateArgs;
use crate::exit::Outcome;
use crate::report::html::Extras;
use crate::report::sink::Outputs;
use crate::routing::rules::Rules;
use crate::usage::calibrate::Calibrator;
use crate::usage::{Tally, Tiering, logs_name, read_logs};
use std::path::{Component, Path, PathBuf};

pub fn run(args: CalibrateArgs) -> anyhow::Result<Outcome> {
    let catalog = catalog(args.pricing.as_deref())?;
    let mapping = args.read.mapping()?;
    let window = args.read.window()?;
    let tiering = match (&args.tiers, &args.tier_rules, args.tiers_by_size) {
        (Some(field), _, _) => Some(Tiering::Label(field.clone())),
        (_, Some(rules), _) => Some(Tiering::Rules(Rules::load(rules)?)),
        (_, _, Some(n)) => {
            // A first pass for the prompt sizes that cut the tiers.
            let mut prompts = Tally::default();
            read_logs(&args.logs, &window, mapping.as_ref(), |usage| {
                if usage.requests > 0 {
                    // Past a u64 only in a record no size cut could tell apart.
                    prompts.add(u64::try_from(usage.tokens.prompt()).unwrap_or(u64::MAX));
                }
            })?;
            Some(Tiering::by_size(&prompts, usize::try_from(n).unwrap_or(usize::MAX)))
        }
        _ => None,
    };
    let mut calibrator = Calibrator::new(&catalog, tiering.as_ref());
    let mut warnings = read_logs(&args.logs, &window, mapping.as_ref(), |usage| calibrator.add(&usage))?;
    let calibration = calibrator.finish(&logs_name(&args.logs), &window)?;
    warnings.extend(calibration.notes());
    let name = args
        .output
        .file_stem()
        .map_or_else(|| "calibrated".into(), |s| s.to_string_lossy().into_owned());
    let catalog_path = args.pricing.as_deref().map(|p| catalog_from(&args.output, p));
    let mut outputs = Outputs::new();
    outputs.add(
        "--output",
        Some(&args.output),
        calibration.scenario_yaml(&name, catalog_path.as_deref()),
    )?;
    publish_with(&calibration, &warnings, &args.summary(), outputs, &Extras::default())?;
    Ok(Outcome::Success)
}

/// The catalog's path as the scenario at `scenario` names it: relative to
/// the scenario's folder where both can be resolved, else as given.
fn catalog_from(scenario: &Path, catalog: &Path) -> String {
    let folder = match scenario.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let path = match (std::fs::canonicalize(folder), std::fs::canonicalize(catalog)) {
        (Ok(from), Ok(to)) => relative(&from, &to),
        _ => catalog.to_path_buf(),
    };
    path.to_string_lossy().into_owned()
}

/// `to` as a path from the folder `from` (both absolute); `to` itself when
/// they share no folder below the root.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let parts: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&parts).take_while(|(a, b)| a == b).count();
    if common < 2 {
        return to.to_path_buf();
    }
    let to = parts;
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_is_named_from_the_scenarios_folder() {
        assert_eq!(
            relative(Path::new("/r/scenarios"), Path::new("/r/pricing/list.yaml")),
            PathBuf::from("../pricing/list.yaml")
        );
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/pricing/list.yaml")),
            PathBuf::from("pricing/list.yaml")
        );
        assert_eq!(
            relative(Path::new("/tmp/x"), Path::new("/r/pricing/list.yaml")),
            PathBuf::from("/r/pricing/list.yaml")
        );
    }
}
