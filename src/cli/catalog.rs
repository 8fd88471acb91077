//! Arguments of `llmcost catalog`: validate, list, show, import and export price catalogs.
//!
//! `list`, `show` and `export` read the catalog given with `--pricing FILE`, as
//! every pricing command does; `import` reads a price list whose format is
//! `--from` (`--format` is the report's format everywhere). The positional
//! forms of earlier versions (`list FILE`, `show ID FILE`, `import litellm FILE`)
//! still parse, and are no longer shown.

use super::help;
use super::{Cli, Command, FormatArg, OutputArgs};
use clap::error::ErrorKind;
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Check catalogs: what is not a valid catalog fails, implausible prices warn.
    #[command(after_help = help::CATALOG_VALIDATE)]
    Validate(ValidateArgs),
    /// The models a catalog holds, by provider or id.
    #[command(after_help = help::CATALOG_LIST)]
    List(ListArgs),
    /// Every price and limit of one model.
    #[command(after_help = help::CATALOG_SHOW)]
    Show(ShowArgs),
    /// Convert another price list (LiteLLM's) into a catalog.
    #[command(after_help = help::CATALOG_IMPORT)]
    Import(ImportArgs),
    /// One row per model and price, to join usage logs against the same prices.
    #[command(after_help = help::CATALOG_EXPORT)]
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
    /// Another catalog to set each FILE against: lists the prices they both give that differ by more than --tolerance.
    #[arg(long, value_name = "CATALOG")]
    pub against: Option<PathBuf>,
    /// The largest difference --against accepts, in percent of the other catalog's price.
    #[arg(long, value_name = "PCT", value_parser = super::numbers::percent, default_value = "0", requires = "against")]
    pub tolerance: rust_decimal::Decimal,
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

/// The catalog a `catalog` command reads.
#[derive(Debug, Args)]
pub struct PricingArgs {
    /// The price catalog (YAML) [default: the embedded November 2025 list prices].
    #[arg(long, value_name = "CATALOG")]
    pricing: Option<PathBuf>,
    /// The catalog as a positional argument, as earlier versions took it.
    #[arg(value_name = "CATALOG", hide = true)]
    file: Option<PathBuf>,
    /// The rates the catalog lists for this day (YYYY-MM-DD), where its models have price periods.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

impl PricingArgs {
    /// The catalog file, or none for the embedded one.
    pub fn file(&self) -> Option<&Path> {
        self.pricing.as_deref().or(self.file.as_deref())
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub pricing: PricingArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The model's id or alias.
    pub id: String,
    #[command(flatten)]
    pub pricing: PricingArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Price lists `catalog import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// LiteLLM's model_prices_and_context_window.json.
    Litellm,
    /// pydantic's genai-prices data.json (dated prices and tiered rates).
    GenaiPrices,
}

impl ImportFormat {
    /// The kind of file, for messages about reading it.
    pub fn what(self) -> &'static str {
        match self {
            ImportFormat::Litellm => "LiteLLM JSON",
            ImportFormat::GenaiPrices => "genai-prices JSON",
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The price list to convert.
    pub file: PathBuf,
    /// The price list after the format, as earlier versions took it (`import litellm FILE`).
    #[arg(hide = true)]
    legacy_file: Option<PathBuf>,
    /// The format of the price list.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ImportFormat::Litellm)]
    pub from: ImportFormat,
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
    /// An earlier (or later) price list of the same format and its day, as DATE=FILE (repeatable): the lists build price periods.
    #[arg(long = "snapshot", value_name = "DATE=FILE", value_parser = parse_snapshot)]
    pub snapshots: Vec<(chrono::NaiveDate, PathBuf)>,
    /// Where the prices come from [default: the file's name and LiteLLM's address].
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub pricing: PricingArgs,
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

/// Reads the forms of earlier versions: `catalog import litellm FILE` as
/// `catalog import FILE --from litellm`, and a positional catalog as
/// `--pricing`. Two price lists, or a catalog given both ways, are usage errors.
pub(super) fn resolve_legacy(mut cli: Cli, cmd: &mut clap::Command) -> Result<Cli, clap::Error> {
    let Command::Catalog(CatalogArgs { command }) = &mut cli.command else {
        return Ok(cli);
    };
    let (name, problem) = match command {
        CatalogCommand::Import(args) => ("import", legacy_import(args)),
        CatalogCommand::List(ListArgs { pricing, .. }) => ("list", pricing.one()),
        CatalogCommand::Show(ShowArgs { pricing, .. }) => ("show", pricing.one()),
        CatalogCommand::Export(ExportArgs { pricing, .. }) => ("export", pricing.one()),
        CatalogCommand::Validate(args) => (
            "validate",
            (args.against.is_some() && args.files.len() != 1).then(|| {
                format!(
                    "--against sets one catalog against another; {} catalogs were given",
                    args.files.len()
                )
            }),
        ),
    };
    match problem {
        None => Ok(cli),
        Some(message) => {
            let sub = cmd
                .find_subcommand_mut("catalog")
                .and_then(|c| c.find_subcommand_mut(name))
                .ok_or_else(|| clap::Error::new(ErrorKind::ArgumentConflict))?;
            Err(sub.error(ErrorKind::ArgumentConflict, message))
        }
    }
}

impl PricingArgs {
    /// What is wrong when the catalog is given both with `--pricing` and by position.
    fn one(&self) -> Option<String> {
        match (&self.pricing, &self.file) {
            (Some(pricing), Some(file)) => Some(format!(
                "two catalogs given, `{}` and `{}`; give one, with --pricing FILE",
                pricing.display(),
                file.display()
            )),
            _ => None,
        }
    }
}

/// `import litellm FILE` becomes `import FILE --from litellm`; what is wrong
/// when the first of two files is not a format.
fn legacy_import(args: &mut ImportArgs) -> Option<String> {
    let file = args.legacy_file.take()?;
    let first = args.file.to_string_lossy().into_owned();
    match ImportFormat::from_str(&first, false) {
        Ok(format) => {
            args.from = format;
            args.file = file;
            None
        }
        Err(_) => Some(format!(
            "two price lists given, `{first}` and `{}`; import reads one, in the format --from names (litellm)",
            file.display()
        )),
    }
}

/// Reads `--snapshot DATE=FILE`.
fn parse_snapshot(text: &str) -> Result<(chrono::NaiveDate, PathBuf), String> {
    let Some((day, file)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not DATE=FILE, such as 2025-11-13=prices-2025-11.json"
        ));
    };
    if file.is_empty() {
        return Err(format!("`{text}` names no file after `=`"));
    }
    Ok((parse_date(day)?, PathBuf::from(file)))
}

/// Reads `--as-of` and every other flag that takes a day.
pub(super) fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}
