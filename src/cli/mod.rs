//! The command line (clap derive). Nothing outside `cli/` uses clap: the
//! commands receive these plain structs. Arguments shared by several commands
//! live here; each command's own arguments live in a file named after it.

use crate::report::{CsvCells, Format, table_width};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

mod catalog;
mod diff;
mod montecarlo;
mod route_eval;
mod simulate;
mod strategy;
mod sweep;

pub use catalog::{
    CatalogArgs, CatalogCommand, ExportArgs, ImportArgs, ImportFormat, ListArgs, SelectArgs, ShowArgs, ValidateArgs,
};
pub use diff::DiffArgs;
pub use montecarlo::MonteCarloArgs;
pub use route_eval::RouteEvalArgs;
pub use simulate::SimulateArgs;
pub use strategy::StrategyArgs;
pub use sweep::SweepArgs;

/// Plan what LLM usage costs: exact, explainable monthly costs of models,
/// routing strategies and token-saving techniques.
#[derive(Debug, Parser)]
#[command(name = "llmcost", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Price every strategy of a scenario and compare them with its baseline.
    Simulate(SimulateArgs),
    /// What a new price list, or a changed scenario, does to the monthly bill.
    Diff(DiffArgs),
    /// Validate, list, show, import and export price catalogs.
    Catalog(CatalogArgs),
    /// Add a strategy's techniques one at a time and show what each saves.
    Ladder(StrategyArgs),
    /// Show every line of a strategy's bill as tokens × rate = cost.
    Explain(StrategyArgs),
    /// Measure keyword routing rules on labelled questions: confusion matrix,
    /// accuracy per tier, unmatched share; optionally write the counts for a scenario.
    RouteEval(RouteEvalArgs),
    /// Sample many months (seeded): mean, spread, percentiles and the chance of exceeding a budget.
    #[command(name = "montecarlo")]
    MonteCarlo(MonteCarloArgs),
    /// Price every strategy over a grid of assumptions; find where two strategies break even.
    Sweep(SweepArgs),
}

/// Which scenario and catalog to price.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The scenario file (YAML). Without one, the embedded reference scenario.
    pub scenario: Option<PathBuf>,
    /// The price catalog (YAML); overrides the catalog the scenario names.
    #[arg(long, value_name = "CATALOG")]
    pub pricing: Option<PathBuf>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Csv,
    Json,
    Markdown,
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
    }
}

/// Parses the process's arguments, exiting with code 2 on a usage error.
pub fn parse() -> Cli {
    Cli::parse()
}
