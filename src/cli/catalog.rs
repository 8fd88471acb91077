//! Arguments of `llmcost catalog`: validate, list, show, import and export price catalogs.

use super::{FormatArg, OutputArgs};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check catalogs: what is not a valid catalog fails, implausible prices warn.
    Validate(ValidateArgs),
    /// The models a catalog holds, by provider or id.
    List(ListArgs),
    /// Every price and limit of one model.
    Show(ShowArgs),
    /// Convert another price list into a catalog.
    Import(ImportArgs),
    /// One row per model and price, to join usage logs against the same prices.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The catalog files (YAML).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Treat implausible prices as a policy breach: exit with code 3 after the report.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Which models to pick.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Only this provider (repeatable), such as `anthropic` or `google`.
    #[arg(long = "provider", value_name = "PROVIDER")]
    pub providers: Vec<String>,
    /// Only ids (or aliases) matching this pattern (repeatable); `*` and `?` are wildcards.
    #[arg(long = "model", value_name = "GLOB")]
    pub models: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The catalog (YAML). Without one, the embedded November 2025 list prices.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The model's id or alias.
    pub id: String,
    /// The catalog (YAML). Without one, the embedded November 2025 list prices.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Price lists `catalog import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// LiteLLM's model_prices_and_context_window.json.
    Litellm,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of the price list.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The price list to convert.
    pub file: PathBuf,
    /// The catalog to write (YAML); `-` or nothing for stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
    /// The catalog's name [default: the output file's name, else `litellm`].
    #[arg(long)]
    pub name: Option<String>,
    /// The date the prices were true, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Where the prices come from [default: the file's name and LiteLLM's address].
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The catalog (YAML). Without one, the embedded November 2025 list prices.
    pub file: Option<PathBuf>,
    /// The output format.
    #[arg(long, short, value_enum, default_value_t = FormatArg::Csv)]
    pub format: FormatArg,
    /// Where to write the rows; `-` or nothing for stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV text cells as they are: no `'` before =, +, -, @ (a spreadsheet runs those as formulas).
    #[arg(long)]
    pub raw_csv: bool,
}

impl ExportArgs {
    /// The report format these arguments ask for.
    pub fn report_format(&self) -> crate::report::Format {
        super::report_format(self.format, self.raw_csv, self.output.as_deref())
    }
}

/// Reads `--as-of`.
fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}
