//! Arguments of `llmcost optimize`: the question (a quality floor or a
//! budget), the candidates, the techniques allowed, and where the chosen plan
//! is written as a strategy.

use super::numbers;
use super::{InputArgs, OutputArgs};
use crate::money::Amount;
use crate::optimize::Candidates;
use crate::techniques::Technique;
use clap::Args;
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The cheapest plan whose expected quality is at least this (0.85 or 85%).
    #[arg(long, value_name = "QUALITY", value_parser = numbers::quality, allow_negative_numbers = true, group = "goal")]
    pub quality_floor: Option<Decimal>,
    /// The best quality within this monthly budget, in the catalog's currency (`500`, `$1,250`).
    #[arg(long, value_name = "AMOUNT", value_parser = numbers::amount, allow_negative_numbers = true, group = "goal")]
    pub budget: Option<Amount>,
    /// The candidate models (ids or aliases, comma-separated); default: every model the scenario scores.
    #[arg(long, value_name = "M1,M2", value_delimiter = ',', conflicts_with = "providers")]
    pub models: Option<Vec<String>>,
    /// The scored models of these providers (comma-separated).
    #[arg(long, value_name = "P1,P2", value_delimiter = ',')]
    pub providers: Option<Vec<String>>,
    /// The techniques the search may switch on (each on and off), comma-separated, or `none`;
    /// default: those the scenario's `techniques` section turns on.
    #[arg(long, value_name = "T1,T2", value_delimiter = ',', value_parser = technique)]
    pub techniques: Option<Vec<Option<Technique>>>,
    /// Also sample every plan of the frontier by Monte Carlo: its p95 month,
    /// and the frontier of p95 cost against quality.
    #[arg(long)]
    pub risk: bool,
    /// Months to sample with --risk (1 to 1,000,000).
    #[arg(long, value_name = "N", default_value_t = 1_000, value_parser = numbers::runs, allow_negative_numbers = true, requires = "risk")]
    pub runs: u64,
    /// The seed of the generator with --risk: the same seed gives the same output.
    #[arg(long, value_name = "S", default_value_t = 1, value_parser = numbers::seed, allow_negative_numbers = true, requires = "risk")]
    pub seed: u64,
    /// Add the chosen plan to the scenario as a strategy of this name, written to --write-to.
    #[arg(long, value_name = "NAME", requires_all = ["write_to", "goal"])]
    pub write_strategy: Option<String>,
    /// The scenario file to write with the chosen plan added (a new file, or
    /// one replaced whole; never the scenario read).
    #[arg(long, value_name = "FILE", requires = "write_strategy")]
    pub write_to: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl OptimizeArgs {
    /// The candidates asked for; empty names (`--models ''`, `a,,b`) are left out.
    pub fn candidates(&self) -> Candidates {
        let named =
            |list: &[String]| -> Vec<String> { list.iter().filter(|n| !n.trim().is_empty()).cloned().collect() };
        match (&self.models, &self.providers) {
            (Some(models), _) => Candidates::Models(named(models)),
            (None, Some(providers)) => Candidates::Providers(named(providers)),
            (None, None) => Candidates::Scored,
        }
    }

    /// The techniques `--techniques` allows, when given.
    pub fn allowed_techniques(&self) -> Option<Vec<Technique>> {
        self.techniques
            .as_ref()
            .map(|list| list.iter().flatten().copied().collect())
    }
}

/// A technique's name as a scenario writes it, or `none`.
fn technique(text: &str) -> Result<Option<Technique>, String> {
    if text == "none" {
        return Ok(None);
    }
    Technique::ORDER
        .into_iter()
        .find(|t| t.name() == text)
        .map(Some)
        .ok_or_else(|| {
            let names: Vec<&str> = Technique::ORDER.iter().map(|t| t.name()).collect();
            format!(
                "`{text}` is not a technique; the techniques are {}, or none",
                names.join(", ")
            )
        })
}
