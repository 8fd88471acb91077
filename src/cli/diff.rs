//! Arguments of `llmcost diff`: what to compare (two catalogs, or two versions of
//! a scenario), replacements for retired models, and the thresholds that fail a build.

use super::OutputArgs;
use crate::input::parse_decimal;
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
    #[arg(long)]
    pub strategy: Option<String>,
    /// Exit with code 3 when the monthly estimate rises by more than PCT percent.
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub fail_on_increase: Option<Decimal>,
    /// Exit with code 3 when the new monthly estimate is above AMOUNT.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub fail_above: Option<Decimal>,
    /// Exit with code 3 when a scenario's quality score drops by more than PCT percentage points.
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
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

/// Reads a percentage: `10`, `2.5` or `10%`, zero or more.
fn parse_percent(text: &str) -> Result<Decimal, String> {
    let number = text.trim().trim_end_matches('%');
    match parse_decimal(number) {
        Ok(p) if !p.is_sign_negative() => Ok(p),
        _ => Err(format!("`{text}` is not a percentage such as 10 or 2.5")),
    }
}

/// Reads an amount of money: `500` or `1250.50`, zero or more.
fn parse_amount(text: &str) -> Result<Decimal, String> {
    match parse_decimal(text.trim().trim_start_matches('$')) {
        Ok(a) if !a.is_sign_negative() => Ok(a),
        _ => Err(format!("`{text}` is not an amount such as 500 or 1250.50")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn thresholds_and_maps_parse_or_say_what_is_wanted() {
        assert_eq!(parse_percent("10%"), Ok(dec!(10)));
        assert_eq!(parse_percent("2.5"), Ok(dec!(2.5)));
        assert!(parse_percent("ten").unwrap_err().contains("not a percentage"));
        assert!(parse_percent("-5").is_err());
        assert_eq!(parse_amount("$1250.50"), Ok(dec!(1250.5)));
        assert!(parse_amount("lots").is_err());
        assert_eq!(parse_map("a = b"), Ok(("a".into(), "b".into())));
        assert!(parse_map("a").is_err());
        assert!(parse_map("=b").is_err());
    }
}
