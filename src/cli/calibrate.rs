//! Arguments of `llmcost calibrate`: a scenario measured from logged calls.

use super::logs::LogsArgs;
use super::{FormatArg, OutputArgs, numbers};
use clap::{ArgGroup, Args};
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("tiering").multiple(false)))]
pub struct CalibrateArgs {
    /// The logs, as `usage price` reads them: a LiteLLM database or export, a
    /// provider's usage export, a Langfuse export, or any table with `--map`/`--mapping`.
    #[arg(value_name = "LOGS")]
    pub logs: String,
    /// Tiers by the value of this label of each call (`team`, `feature`, ...).
    #[arg(long, value_name = "FIELD", group = "tiering")]
    pub tiers: Option<String>,
    /// Tiers by keyword rules over each call's prompt (a `route-eval` rules file).
    #[arg(long, value_name = "FILE", group = "tiering")]
    pub tier_rules: Option<PathBuf>,
    /// N tiers of equal counts of calls by prompt size (the logs are read twice).
    #[arg(long, value_name = "N", group = "tiering", value_parser = numbers::size_tiers)]
    pub tiers_by_size: Option<u64>,
    /// The catalog the scenario names and whose models the strategies use
    /// [default: the embedded November 2025 list prices].
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    #[command(flatten)]
    pub read: LogsArgs,
    /// Where to write the scenario (YAML).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// The format of the summary printed on stdout.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// CSV text cells as they are: no `'` before =, +, -, @.
    #[arg(long)]
    pub raw_csv: bool,
}

impl CalibrateArgs {
    /// The summary's output: stdout, in the format asked.
    pub fn summary(&self) -> OutputArgs {
        OutputArgs {
            format: self.format,
            output: None,
            raw_csv: self.raw_csv,
        }
    }
}
