//! Reports for people and programs. A report describes itself once, as a
//! `Document` (headings, text and tables for the terminal and Markdown) and as
//! `Records` (one flat table of exact values for CSV), and serialises itself for
//! JSON; one exporter per format turns that into text (`html` lays out a
//! page, with the charts and bills a command adds); `sink` writes it.

mod calibration;
mod capacity;
mod catalog;
pub mod chart;
mod comment;
mod csv;
mod diff_report;
mod document;
mod escape;
mod evaluation;
mod explain_report;
pub mod focus;
mod focus_commitment;
mod forecast_report;
pub mod html;
mod inputs;
mod json;
mod ladder_report;
mod markdown;
mod monte_carlo_report;
mod optimization;
mod replay_report;
mod routing;
mod simulation_report;
pub mod sink;
mod source_comparison;
mod sparkline;
mod sweep_report;
mod sweep_stream;
mod table;
mod threshold_report;
mod usage_price;
mod variance_report;

pub use catalog::{CatalogListing, EXPORT_COLUMNS, ModelSheet, RateExport, ValidatedCatalog, Validation};
pub use comment::{COMMENT_LIMIT, fit};
pub use csv::CsvCells;
pub use diff_report::DIFF_COLUMNS;
pub use document::{Align, Block, Document, Records, TableBlock};
pub use escape::visible_lines;
pub use replay_report::REPLAY_COLUMNS;
pub use source_comparison::Against;
pub use sweep_report::Trend;
pub use sweep_stream::SweepStream;
pub use table::width as table_width;

/// The output formats, each with its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables for a terminal, fitted to `width` when given (see `table_width`).
    Table {
        width: Option<u16>,
    },
    Csv {
        cells: CsvCells,
    },
    Json,
    Markdown,
    /// FOCUS rows (`focus.rs`): the bill of a plan or of replayed logs, for FinOps tools.
    Focus {
        cells: CsvCells,
    },
    /// One self-contained HTML page (`html`).
    Html,
}

/// Anything that can be exported in every format.
pub trait Report {
    /// Headings, text and tables, for the terminal and Markdown.
    fn document(&self) -> Document;
    /// One flat table of exact values, for CSV.
    fn records(&self) -> Records;
    /// The report as a JSON value, money as decimal strings.
    fn json(&self) -> serde_json::Result<serde_json::Value>;
}

/// Turns a report into the text of one format.
pub trait Exporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String>;
}

/// The exporter for `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table { width } => Box::new(table::TableExporter { width }),
        Format::Csv { cells } => Box::new(csv::CsvExporter { cells }),
        Format::Json => Box::new(json::JsonExporter),
        Format::Markdown => Box::new(markdown::MarkdownExporter),
        Format::Focus { .. } => Box::new(focus::FocusExporter),
        Format::Html => Box::new(html::HtmlExporter),
    }
}

/// Renders `report` in `format`.
pub fn render(report: &dyn Report, format: Format) -> anyhow::Result<String> {
    exporter(format).export(report)
}

/// Renders `report` in `format`; an HTML page also shows `extras` (charts, bills).
pub fn render_with(report: &dyn Report, format: Format, extras: &html::Extras) -> anyhow::Result<String> {
    match format {
        Format::Html => html::page(report, extras),
        other => render(report, other),
    }
}
