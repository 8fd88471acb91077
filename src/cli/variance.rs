//! Arguments of `llmcost variance`: a plan against what logged calls cost,
//! the difference split into effects.

use super::OutputArgs;
use super::logs::LogsArgs;
use super::tiers::TierArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct VarianceArgs {
    /// The plan: a scenario (YAML).
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// The logs, as `usage price` reads them: a LiteLLM database or export, a
    /// provider's usage export, a Langfuse export, or any table.
    #[arg(value_name = "LOGS")]
    pub logs: String,
    /// The price catalog (YAML); overrides the catalog the plan names.
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    /// The plan's strategy [default: its baseline].
    #[arg(long, short, value_name = "NAME")]
    pub strategy: Option<String>,
    #[command(flatten)]
    pub tiering: TierArgs,
    /// The actual cost is the cost the logs recorded, not the calls billed by the catalog.
    #[arg(long)]
    pub recorded: bool,
    #[command(flatten)]
    pub read: LogsArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}
