//! Arguments of `llmcost diff`: what to compare (two catalogs, or two versions of
//! a scenario), replacements for retired models, and the thresholds that fail a
//! build; and the comparison they ask for, checked: something to compare, scenario
//! versions in pairs, each scenario given once.

use super::OutputArgs;
use super::numbers::{amount, percent};
use crate::diff::Options;
use crate::exit::UsageError;
use crate::money::Amount;
use chrono::NaiveDate;
use clap::Args;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Scenario files priced under both catalogs. Without any, the embedded reference scenario.
    #[arg(value_name = "SCENARIO", conflicts_with_all = ["base_scenarios", "head_scenarios"])]
    pub scenarios: Vec<PathBuf>,
    /// The catalog before the change.
    #[arg(long, value_name = "CATALOG", requires = "head", conflicts_with = "pricing")]
    pub base: Option<PathBuf>,
    /// The catalog after the change.
    #[arg(long, value_name = "CATALOG", requires = "base")]
    pub head: Option<PathBuf>,
    /// The day whose prices the base side pays, in a catalog with price periods (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::catalog::parse_date, requires = "head_as_of")]
    pub base_as_of: Option<NaiveDate>,
    /// The day whose prices the head side pays (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::catalog::parse_date, requires = "base_as_of")]
    pub head_as_of: Option<NaiveDate>,
    /// A scenario before the change (repeatable; paired in order with --head-scenario).
    #[arg(long = "base-scenario", value_name = "SCENARIO", requires = "head_scenarios")]
    pub base_scenarios: Vec<PathBuf>,
    /// The same scenario after the change.
    #[arg(long = "head-scenario", value_name = "SCENARIO", requires = "base_scenarios")]
    pub head_scenarios: Vec<PathBuf>,
    /// One catalog for both sides of a scenario comparison [default: the catalog each scenario names].
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    /// Price model OLD on model NEW of the head catalog (repeatable), for a model it no longer lists.
    #[arg(long = "map", value_name = "OLD=NEW", value_parser = parse_map)]
    pub maps: Vec<(String, String)>,
    /// The strategy whose cost is a scenario's monthly estimate [default: each scenario's baseline].
    #[arg(long, short, value_name = "NAME")]
    pub strategy: Option<String>,
    /// Exit with code 3 when the monthly estimate rises by more than PCT percent.
    #[arg(long, value_name = "PCT", value_parser = percent, allow_negative_numbers = true)]
    pub fail_on_increase: Option<Decimal>,
    /// Exit with code 3 when the new monthly estimate is above AMOUNT (`1250`, `$1,250`, `1,250 USD`).
    #[arg(long, value_name = "AMOUNT", value_parser = amount, allow_negative_numbers = true)]
    pub fail_above: Option<Amount>,
    /// Exit with code 3 when a scenario's quality score drops by more than PCT percentage points.
    #[arg(long, value_name = "PCT", value_parser = percent, allow_negative_numbers = true)]
    pub fail_on_quality_drop: Option<Decimal>,
    /// Print nothing (and write no file) when no strategy's cost or quality changed.
    #[arg(long)]
    pub only_if_changed: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `llmcost diff` as its arguments ask, read and checked.
#[derive(Debug)]
pub struct DiffConfig {
    pub comparison: Comparison,
    pub options: Options,
    pub fail_on_increase: Option<Decimal>,
    pub fail_above: Option<Amount>,
    pub fail_on_quality_drop: Option<Decimal>,
    pub only_if_changed: bool,
    pub output: OutputArgs,
}

/// What to compare: each scenario before and after (`None`: the embedded
/// scenario), and the catalog of each side (`None`: the one its scenario names).
#[derive(Debug, PartialEq, Eq)]
pub struct Comparison {
    pub scenarios: Vec<(Option<PathBuf>, Option<PathBuf>)>,
    pub base_catalog: Option<PathBuf>,
    pub head_catalog: Option<PathBuf>,
    /// The days each side is priced on, when one catalog is compared at two dates.
    pub base_as_of: Option<NaiveDate>,
    pub head_as_of: Option<NaiveDate>,
}

impl TryFrom<DiffArgs> for DiffConfig {
    type Error = UsageError;

    fn try_from(args: DiffArgs) -> Result<Self, UsageError> {
        Ok(Self {
            comparison: comparison(&args)?,
            options: Options {
                maps: args.maps,
                strategy: args.strategy,
            },
            fail_on_increase: args.fail_on_increase,
            fail_above: args.fail_above,
            fail_on_quality_drop: args.fail_on_quality_drop,
            only_if_changed: args.only_if_changed,
            output: args.output,
        })
    }
}

/// The scenarios and catalogs `args` compare.
fn comparison(args: &DiffArgs) -> Result<Comparison, UsageError> {
    let (base_catalog, head_catalog) = match (&args.base, &args.head) {
        (Some(b), Some(h)) => (Some(b.clone()), Some(h.clone())),
        _ => (args.pricing.clone(), args.pricing.clone()),
    };
    let scenarios = if !args.base_scenarios.is_empty() {
        if args.base_scenarios.len() != args.head_scenarios.len() {
            return Err(UsageError(format!(
                "{} --base-scenario but {} --head-scenario; give them in pairs, in the same order",
                args.base_scenarios.len(),
                args.head_scenarios.len()
            )));
        }
        each_once(&args.base_scenarios, "--base-scenario")?;
        each_once(&args.head_scenarios, "--head-scenario")?;
        args.base_scenarios
            .iter()
            .zip(&args.head_scenarios)
            .map(|(b, h)| (Some(b.clone()), Some(h.clone())))
            .collect()
    } else if args.base.is_none() && args.base_as_of.is_none() {
        return Err(UsageError(
            "nothing to compare: give two catalogs (--base OLD.yaml --head NEW.yaml), two days of one \
             catalog (--base-as-of DATE --head-as-of DATE), or two versions of a scenario \
             (--base-scenario OLD.yaml --head-scenario NEW.yaml)"
                .into(),
        ));
    } else if args.scenarios.is_empty() {
        vec![(None, None)]
    } else {
        each_once(&args.scenarios, "scenario")?;
        args.scenarios
            .iter()
            .map(|s| (Some(s.clone()), Some(s.clone())))
            .collect()
    };
    Ok(Comparison {
        scenarios,
        base_catalog,
        head_catalog,
        base_as_of: args.base_as_of,
        head_as_of: args.head_as_of,
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

/// Reads `OLD=NEW`.
fn parse_map(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((old, new)) if !old.trim().is_empty() && !new.trim().is_empty() => {
            Ok((old.trim().to_string(), new.trim().to_string()))
        }
        _ => Err(format!(
            "`{text}` is not OLD=NEW, such as gemini-2.0-flash=gemini-2.5-flash"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::FromArgMatches;

    /// The comparison `llmcost diff ARGS` asks for.
    fn compared(args: &[&str]) -> Result<Comparison, String> {
        let argv = ["llmcost", "diff"].iter().chain(args);
        let cli = Cli::from_arg_matches(&super::super::command().get_matches_from(argv)).unwrap();
        let Command::Diff(args) = cli.command else {
            unreachable!("a diff command line")
        };
        DiffConfig::try_from(args).map(|c| c.comparison).map_err(|e| e.0)
    }

    fn some(path: &str) -> Option<PathBuf> {
        Some(PathBuf::from(path))
    }

    #[test]
    fn two_catalogs_price_each_scenario_on_both_sides() {
        assert_eq!(
            compared(&["--base", "old.yaml", "--head", "new.yaml"]),
            Ok(Comparison {
                scenarios: vec![(None, None)],
                base_catalog: some("old.yaml"),
                head_catalog: some("new.yaml"),
                base_as_of: None,
                head_as_of: None,
            })
        );
        assert_eq!(
            compared(&["a.yaml", "b.yaml", "--base", "old.yaml", "--head", "new.yaml"]).map(|c| c.scenarios),
            Ok(vec![(some("a.yaml"), some("a.yaml")), (some("b.yaml"), some("b.yaml"))])
        );
    }

    #[test]
    fn scenario_versions_pair_in_order() {
        assert_eq!(
            compared(&[
                "--base-scenario",
                "a-old.yaml",
                "--head-scenario",
                "a-new.yaml",
                "--base-scenario",
                "b-old.yaml",
                "--head-scenario",
                "b-new.yaml",
                "--pricing",
                "c.yaml",
            ]),
            Ok(Comparison {
                scenarios: vec![
                    (some("a-old.yaml"), some("a-new.yaml")),
                    (some("b-old.yaml"), some("b-new.yaml"))
                ],
                base_catalog: some("c.yaml"),
                head_catalog: some("c.yaml"),
                base_as_of: None,
                head_as_of: None,
            })
        );
        assert_eq!(
            compared(&["--base-scenario", "a.yaml", "--head-scenario", "b.yaml"]).map(|c| c.base_catalog),
            Ok(None),
            "each scenario's own catalog"
        );
    }

    #[test]
    fn a_comparison_that_cannot_be_made_says_why() {
        assert!(
            compared(&[])
                .unwrap_err()
                .starts_with("nothing to compare: give two catalogs")
        );
        assert_eq!(
            compared(&[
                "--base-scenario",
                "a.yaml",
                "--base-scenario",
                "b.yaml",
                "--head-scenario",
                "c.yaml"
            ]),
            Err("2 --base-scenario but 1 --head-scenario; give them in pairs, in the same order".into())
        );
        assert_eq!(
            compared(&["x.yaml", "y.yaml", "x.yaml", "--base", "o.yaml", "--head", "n.yaml"]),
            Err(
                "scenario `x.yaml` is given twice (1st and 3rd); its cost would count twice in the total: \
                 give each scenario once"
                    .into()
            )
        );
        assert!(
            compared(&[
                "--base-scenario",
                "a.yaml",
                "--head-scenario",
                "b.yaml",
                "--base-scenario",
                "a.yaml",
                "--head-scenario",
                "c.yaml"
            ])
            .unwrap_err()
            .starts_with("--base-scenario `a.yaml` is given twice (1st and 2nd)")
        );
    }

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

    #[test]
    fn maps_parse_or_say_what_is_wanted() {
        assert_eq!(parse_map("a = b"), Ok(("a".into(), "b".into())));
        assert!(parse_map("a").is_err());
        assert!(parse_map("=b").is_err());
    }
}
