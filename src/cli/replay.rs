//! Arguments of `llmcost replay`: logged calls re-priced under each strategy
//! of a scenario.

use super::OutputArgs;
use super::usage::LogsArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The logs, as `usage price` reads them: a LiteLLM database or export, a
    /// provider's usage export, a Langfuse export, or any table.
    #[arg(value_name = "LOGS")]
    pub logs: String,
    /// The scenario whose strategies replay the logs (YAML).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// The price catalog (YAML); overrides the catalog the scenario names.
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    /// The field that names each call's tier: a label (`team`, `tier`, a
    /// table's `label.NAME`) or `tag` (the first tag naming a tier)
    /// [default: the tier nearest the call's prompt size].
    #[arg(long, value_name = "FIELD", conflicts_with = "tier_rules")]
    pub tiers: Option<String>,
    /// Keyword rules (a `route-eval` rules file) that place each call by its prompt text.
    #[arg(long, value_name = "FILE")]
    pub tier_rules: Option<PathBuf>,
    #[command(flatten)]
    pub read: LogsArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}
