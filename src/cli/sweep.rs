//! Arguments of `llmcost sweep`, and the sweep they ask for: each `--set`
//! read (`set.rs`) and the `--breakeven` pair.

use super::set::assignment;
use super::{InputArgs, OutputArgs};
use crate::exit::UsageError;
use crate::sweep::Assignment;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// A parameter and its values: `PATH=100,1000`, `PATH=0.1..0.9:0.1` (from..to:step)
    /// or `PATH=100..100000*10` (from..to*factor). Several make a grid.
    #[arg(long = "set", value_name = "PATH=VALUES", required = true)]
    pub sets: Vec<String>,
    /// Where strategy A becomes cheaper than strategy B (a one-parameter sweep).
    #[arg(long, value_name = "A,B")]
    pub breakeven: Option<String>,
    /// Run a grid above 1,000 points.
    #[arg(long)]
    pub force: bool,
    /// Draw cost against the (first) parameter into FILE (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `llmcost sweep` as its arguments ask, read and checked.
#[derive(Debug)]
pub struct SweepConfig {
    pub input: InputArgs,
    pub sets: Vec<Assignment>,
    /// Strategies A and B of `--breakeven A,B`.
    pub breakeven: Option<(String, String)>,
    pub force: bool,
    pub plot: Option<PathBuf>,
    pub output: OutputArgs,
}

impl TryFrom<SweepArgs> for SweepConfig {
    type Error = UsageError;

    fn try_from(args: SweepArgs) -> Result<Self, UsageError> {
        Ok(Self {
            sets: args
                .sets
                .iter()
                .map(|text| assignment(text))
                .collect::<Result<_, _>>()
                .map_err(UsageError)?,
            breakeven: args.breakeven.as_deref().map(pair).transpose().map_err(UsageError)?,
            input: args.input,
            force: args.force,
            plot: args.plot,
            output: args.output,
        })
    }
}

/// `A,B`: two different strategy names.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && a.trim() != b.trim() => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!(
            "--breakeven {text}: name two different strategies, as `routed,gpt-4o`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::pair;

    #[test]
    fn a_breakeven_names_two_different_strategies() {
        assert_eq!(pair("routed,gpt-4o"), Ok(("routed".into(), "gpt-4o".into())));
        assert_eq!(pair(" routed , gpt-4o "), Ok(("routed".into(), "gpt-4o".into())));
        let wanted = "name two different strategies, as `routed,gpt-4o`";
        assert_eq!(pair("routed"), Err(format!("--breakeven routed: {wanted}")));
        assert_eq!(
            pair("routed, routed"),
            Err(format!("--breakeven routed, routed: {wanted}"))
        );
        assert_eq!(pair(",gpt-4o"), Err(format!("--breakeven ,gpt-4o: {wanted}")));
        assert_eq!(pair("routed,"), Err(format!("--breakeven routed,: {wanted}")));
    }
}
