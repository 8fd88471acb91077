//! The command line (clap derive). Nothing outside `cli/` uses clap: the
//! commands receive these plain structs. Arguments shared by several commands
//! live here; each command's own arguments live in a file named after it.
//!
//! The same option means the same thing in every command: `--pricing FILE`
//! the catalog that prices, `-s/--strategy NAME` a strategy of the scenario,
//! `-f/--format` the report's format, `-o/--output FILE` where it goes, and
//! `-q/--quiet` no notes or progress bar on stderr.

use crate::report::{CsvCells, Format, table_width};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

mod calibrate;
mod catalog;
mod completions;
mod diff;
mod forecast;
mod help;
mod logs;
mod man;
mod montecarlo;
mod numbers;
mod optimize;
mod replay;
mod route_eval;
mod router_calibrate;
mod set;
mod simulate;
mod strategy;
mod sweep;
mod tiers;
mod usage;
mod variance;

pub use calibrate::CalibrateArgs;
pub use catalog::{
    CatalogArgs, CatalogCommand, ExportArgs, ImportArgs, ImportFormat, ListArgs, PricingArgs, SelectArgs, ShowArgs,
    ValidateArgs,
};
pub use completions::{CompletionsArgs, Shell};
pub use diff::{Comparison, DiffArgs, DiffConfig};
pub use forecast::ForecastArgs;
pub use logs::LogsArgs;
pub use man::ManArgs;
pub use montecarlo::MonteCarloArgs;
pub use optimize::OptimizeArgs;
pub use replay::ReplayArgs;
pub use route_eval::RouteEvalArgs;
pub use router_calibrate::RouterCalibrateArgs;
pub use set::assignment;
pub use simulate::SimulateArgs;
pub use strategy::StrategyArgs;
pub use sweep::{SweepArgs, SweepConfig};
pub use tiers::TierArgs;
pub use usage::{UsageArgs, UsageCommand, UsagePriceArgs};
pub use variance::VarianceArgs;

/// Plan what LLM usage costs: exact, explainable monthly costs of models,
/// routing strategies and token-saving techniques.
#[derive(Debug, Parser)]
#[command(name = "llmcost", version, about, long_about = None, after_help = help::LLMCOST)]
pub struct Cli {
    /// No notes and no progress bar on stderr (warnings and errors still print).
    #[arg(long, short, global = true, display_order = 900)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price every strategy of a scenario and compare them with its baseline.
    #[command(after_help = help::SIMULATE)]
    Simulate(SimulateArgs),
    /// What a new price list, or a changed scenario, does to the monthly bill.
    #[command(after_help = help::DIFF)]
    Diff(DiffArgs),
    /// Validate, list, show, import and export price catalogs.
    #[command(after_help = help::CATALOG)]
    Catalog(CatalogArgs),
    /// Add a strategy's techniques one at a time and show what each saves.
    #[command(after_help = help::LADDER)]
    Ladder(StrategyArgs),
    /// Show every line of a strategy's bill as tokens × rate = cost.
    #[command(after_help = help::EXPLAIN)]
    Explain(StrategyArgs),
    /// Measure keyword routing rules on labelled questions: confusion matrix,
    /// accuracy per tier, unmatched share; optionally write the counts for a scenario.
    #[command(after_help = help::ROUTE_EVAL)]
    RouteEval(RouteEvalArgs),
    /// Calibrate a router's threshold on labelled questions: the share of strong-model
    /// calls, the performance, CPT(50%) and APGR as RouteLLM measures them, and the month's cost.
    #[command(after_help = help::ROUTER_CALIBRATE)]
    RouterCalibrate(RouterCalibrateArgs),
    /// Sample many months (seeded): mean, spread, percentiles and the chance of exceeding a budget.
    #[command(name = "montecarlo", after_help = help::MONTECARLO)]
    MonteCarlo(MonteCarloArgs),
    /// The cheapest plan at a quality floor, or the best quality within a budget:
    /// the exact cost-quality frontier over models, routings and techniques.
    #[command(after_help = help::OPTIMIZE)]
    Optimize(OptimizeArgs),
    /// Price every strategy over a grid of assumptions; find where two strategies break even.
    #[command(after_help = help::SWEEP)]
    Sweep(SweepArgs),
    /// Real usage from logs and provider exports: price it exactly.
    #[command(after_help = help::USAGE)]
    Usage(UsageArgs),
    /// Re-price logged calls under each strategy of a scenario, against what they cost.
    #[command(after_help = help::REPLAY)]
    Replay(ReplayArgs),
    /// Measure a scenario from logged calls: volume, tiers, tokens, cache hit
    /// rate, batch share and spreads (log-normal fits, their quality shown).
    #[command(after_help = help::CALIBRATE)]
    Calibrate(CalibrateArgs),
    /// A plan against what logged calls cost: the difference split into volume,
    /// mix, tokens per interaction, cache-hit and price effects that add up to it.
    #[command(after_help = help::VARIANCE)]
    Variance(VarianceArgs),
    /// Project the month's cost: the month to date priced, the rest sampled from a
    /// scenario calibrated on the same logs; the chance and the day of exceeding a budget.
    #[command(after_help = help::FORECAST)]
    Forecast(ForecastArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    #[command(after_help = help::COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of llmcost or of one of its commands.
    #[command(after_help = help::MAN)]
    Man(ManArgs),
}

/// Which scenario and catalog to price.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The scenario file (YAML). Without one, the embedded reference scenario.
    pub scenario: Option<PathBuf>,
    /// The price catalog (YAML); overrides the catalog the scenario names.
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
    /// Price at the rates the catalog lists for this day (YYYY-MM-DD), where its models have price periods.
    #[arg(long, value_name = "DATE", value_parser = catalog::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// The output format.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Where to write the report; `-` or nothing for stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV text cells as they are: no `'` before =, +, -, @ (a spreadsheet runs those as formulas).
    #[arg(long)]
    pub raw_csv: bool,
}

impl OutputArgs {
    /// The report format these arguments ask for.
    pub fn report_format(&self) -> Format {
        report_format(self.format, self.raw_csv, self.output.as_deref())
    }

    /// Whether the report is an HTML page, which also shows charts and bills.
    pub fn html(&self) -> bool {
        self.format == FormatArg::Html
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
    Markdown,
    /// FOCUS rows (FinOps billing format) of a plan or of replayed logs: `simulate` and `replay`
    Focus,
    /// One self-contained HTML page: tables, charts, bills and the JSON report.
    Html,
}

/// `format` with its settings: a table fits the terminal (or `COLUMNS`) when
/// written to stdout, CSV guards formula-like cells unless `raw_csv`.
pub fn report_format(format: FormatArg, raw_csv: bool, output: Option<&Path>) -> Format {
    match format {
        FormatArg::Table => Format::Table {
            width: table_width(output.is_none_or(|p| p.as_os_str() == "-")),
        },
        FormatArg::Csv => Format::Csv {
            cells: if raw_csv { CsvCells::Raw } else { CsvCells::Guarded },
        },
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Focus => Format::Focus {
            cells: if raw_csv { CsvCells::Raw } else { CsvCells::Guarded },
        },
        FormatArg::Html => Format::Html,
    }
}

/// Parses the process's arguments, exiting with code 2 on a usage error.
pub fn parse() -> Cli {
    let mut cmd = command();
    let parsed = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .and_then(|cli| catalog::resolve_legacy(cli, &mut cmd));
    parsed.unwrap_or_else(|e| exit(&e))
}

/// Ends the process for a clap error: help and version as clap prints them;
/// a usage error as [`usage_message`].
fn exit(e: &clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit()
    }
    eprint!("{}", usage_message(e));
    std::process::exit(e.exit_code())
}

/// A usage error as plain text: an argument's escape sequences never reach
/// the terminal (clap would echo them raw to a terminal), and its other
/// control characters show as escapes.
fn usage_message(e: &clap::Error) -> String {
    crate::report::visible_lines(&e.render().to_string())
}

/// The command line, with every command's usage line fixed to the one its
/// help shows: clap's errors would otherwise print the arguments given as if
/// they were required (`llmcost simulate <SCENARIO>`).
fn command() -> clap::Command {
    built(Cli::command())
}

/// `cmd` built, with the usage lines fixed as [`command`] says.
fn built(mut cmd: clap::Command) -> clap::Command {
    cmd.build();
    help_usage(&mut cmd);
    cmd
}

fn help_usage(cmd: &mut clap::Command) {
    for sub in cmd.get_subcommands_mut() {
        let usage = sub.render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        let taken = std::mem::take(sub);
        *sub = taken.override_usage(usage);
        help_usage(sub);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }

    #[test]
    fn a_usage_error_never_carries_an_arguments_control_characters() {
        let e = command()
            .try_get_matches_from(["llmcost", "simulate", "--format", "x\u{1b}[2Jy\u{7}"])
            .unwrap_err();
        let message = usage_message(&e);
        assert!(message.contains("invalid value"), "{message}");
        assert!(!message.chars().any(|c| c.is_control() && c != '\n'), "{message:?}");
    }

    fn usage_of(path: &[&str]) -> String {
        let mut cmd = command();
        let mut sub = &mut cmd;
        for name in path {
            sub = sub.find_subcommand_mut(name).expect("a subcommand");
        }
        sub.render_usage().to_string()
    }

    #[test]
    fn usage_lines_show_optional_arguments_as_optional() {
        assert_eq!(usage_of(&["simulate"]), "Usage: llmcost simulate [OPTIONS] [SCENARIO]");
        assert_eq!(usage_of(&["ladder"]), "Usage: llmcost ladder [OPTIONS] [SCENARIO]");
        assert_eq!(
            usage_of(&["catalog", "show"]),
            "Usage: llmcost catalog show [OPTIONS] <ID>"
        );
        assert_eq!(usage_of(&["diff"]), "Usage: llmcost diff [OPTIONS] [SCENARIO]...");
    }

    /// The usage line an error prints for `args`.
    fn error_usage(args: &[&str]) -> String {
        let e = command().try_get_matches_from(args).expect_err("a usage error");
        let text = e.render().to_string();
        text.lines()
            .find(|l| l.starts_with("Usage: "))
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn errors_print_the_usage_the_help_shows() {
        assert_eq!(
            error_usage(&["llmcost", "simulate", "s.yaml", "--bogus"]),
            "Usage: llmcost simulate [OPTIONS] [SCENARIO]"
        );
        assert_eq!(
            error_usage(&["llmcost", "montecarlo", "s.yaml", "--seed", "1", "--bogus"]),
            "Usage: llmcost montecarlo [OPTIONS] [SCENARIO]"
        );
        assert_eq!(
            error_usage(&["llmcost", "catalog", "list", "--pricing", "c.yaml", "--bogus"]),
            "Usage: llmcost catalog list [OPTIONS]"
        );
    }

    #[test]
    fn quiet_is_accepted_before_and_after_the_command() {
        for args in [["llmcost", "-q", "simulate"], ["llmcost", "simulate", "--quiet"]] {
            let cli = Cli::from_arg_matches(&command().get_matches_from(args)).unwrap();
            assert!(cli.quiet);
        }
    }
}
