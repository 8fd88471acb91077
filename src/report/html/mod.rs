//! The HTML report: one self-contained page to share (no network, no
//! external script or font). It holds the run's header, the report's tables
//! (numbers right-aligned, sortable by a small inline script, readable
//! without it), the charts inline as SVG, the bills one click away, the
//! warnings, and the JSON report in a `<script type="application/json">` so
//! the page can be checked. `page` lays it out, `document` renders the
//! report's `Document`, `figure` a chart; `style.css` and `sort.js` are
//! written into the page.

mod document;
mod figure;
mod page;

use super::chart::Chart;
use super::{Document, Exporter, Report};

pub use page::page;

/// A chart for the page: its title and its SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub title: String,
    pub svg: String,
}

impl Figure {
    /// `chart` drawn as SVG, under `title`.
    pub fn drawn<C: Chart>(title: &str, chart: &C) -> anyhow::Result<Self> {
        Ok(Self {
            title: title.to_string(),
            svg: super::chart::svg(chart)?,
        })
    }
}

/// A part of the page one click away: its summary line and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub summary: String,
    pub document: Document,
}

/// What a command adds to its report's page: charts and details (each
/// strategy's bill).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    pub figures: Vec<Figure>,
    pub details: Vec<Detail>,
}

/// The page of a report without extras.
pub struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn export(&self, report: &dyn Report) -> anyhow::Result<String> {
        page(report, &Extras::default())
    }
}
