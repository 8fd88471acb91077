//! llmcost: what LLM usage costs, before the bill arrives.
//!
//! A workload scenario and a price catalog go in; exact, explainable monthly
//! costs of single-model and routed strategies come out. `run` dispatches a
//! parsed command line to the command that owns it.

pub mod cli;
mod commands;
pub mod diff;
mod embedded;
pub mod engine;
pub mod exit;
pub mod figures;
pub mod input;
pub mod money;
pub mod montecarlo;
pub mod notes;
pub mod optimize;
pub mod output;
pub mod pricing;
pub mod report;
pub mod routing;
pub mod scenario;
pub mod sweep;
pub mod tariff;
pub mod techniques;
pub mod usage;
mod yaml_writer;

use cli::{Cli, Command};
use exit::Outcome;

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    output::note::set_quiet(cli.quiet);
    match cli.command {
        Command::Simulate(args) => commands::simulate::run(args),
        Command::Catalog(args) => commands::catalog::run(args),
        Command::Diff(args) => commands::diff::run(args.try_into()?),
        Command::Ladder(args) => commands::ladder::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::RouteEval(args) => commands::route_eval::run(args),
        Command::RouterCalibrate(args) => commands::router_calibrate::run(args),
        Command::MonteCarlo(args) => commands::montecarlo::run(args),
        Command::Optimize(args) => commands::optimize::run(args),
        Command::Sweep(args) => commands::sweep::run(args.try_into()?),
        Command::Usage(args) => commands::usage::run(args),
        Command::Replay(args) => commands::replay::run(args),
        Command::Calibrate(args) => commands::calibrate::run(args),
        Command::Variance(args) => commands::variance::run(args),
        Command::Forecast(args) => commands::forecast::run(args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man(args) => commands::man::run(args),
    }
}
