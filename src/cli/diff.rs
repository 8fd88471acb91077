//! Arguments of `llmcost diff`: what to compare (two catalogs, or two versions of
//! a scenario), replacements for retired models, and the thresholds that fail a build.

use super::OutputArgs;
use super::numbers::{amount, percent};
use crate::money::Amount;
use clap::Args;
use rust_decimal::Decimal;
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

    #[test]
    fn maps_parse_or_say_what_is_wanted() {
        assert_eq!(parse_map("a = b"), Ok(("a".into(), "b".into())));
        assert!(parse_map("a").is_err());
        assert!(parse_map("=b").is_err());
    }
}
