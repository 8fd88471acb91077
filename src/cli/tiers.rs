//! How the calls of logs find a scenario's tiers, for the commands that set
//! logs against a scenario (`replay`, `variance`).

use crate::input::InputError;
use crate::scenario::Scenario;
use crate::usage::Tiering;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TierArgs {
    /// The field that names each call's tier: a label (`team`, `tier`, a
    /// table's `label.NAME`) or `tag` (the first tag naming a tier)
    /// [default: the tier nearest the call's prompt size].
    #[arg(long, value_name = "FIELD", conflicts_with = "tier_rules")]
    pub tiers: Option<String>,
    /// Keyword rules (a `route-eval` rules file) that place each call by its prompt text.
    #[arg(long, value_name = "FILE")]
    pub tier_rules: Option<PathBuf>,
}

impl TierArgs {
    /// How calls find the tiers of `scenario`, and the words that say so.
    pub fn tiering(&self, scenario: &Scenario) -> Result<(Tiering, String), InputError> {
        Tiering::for_scenario(scenario, self.tiers.as_deref(), self.tier_rules.as_deref())
    }
}
