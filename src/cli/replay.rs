//! Arguments of `llmcost replay`: logged calls re-priced under each strategy
//! of a scenario.

use super::OutputArgs;
use super::logs::LogsArgs;
use super::tiers::TierArgs;
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
    #[command(flatten)]
    pub tiering: TierArgs,
    #[command(flatten)]
    pub read: LogsArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}
