//! How `sweep` reads: one row per grid point and strategy, a trend line per
//! strategy for a one-parameter sweep, and the break-even statement; CSV
//! names each parameter beside its value.

use super::chart::{LineChart, Series};
use super::{Block, Document, Format, Records, Report, TableBlock, inputs, sparkline};
use crate::money::{self, exact};
use crate::sweep::{MAX_PARAMETERS, Row, SweepReport};
use anyhow::Context;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;
use std::io::Write;

/// The parameter columns of the CSV, one pair per `--set`.
const PARAMETER_COLUMNS: [[&str; 2]; MAX_PARAMETERS] = [
    ["parameter_1", "value_1"],
    ["parameter_2", "value_2"],
    ["parameter_3", "value_3"],
    ["parameter_4", "value_4"],
];

/// The CSV columns after the parameters; documented in the README.
pub const SWEEP_COLUMNS: [&str; 6] = [
    "strategy",
    "cost",
    "cost_per_interaction",
    "difference_vs_baseline",
    "percent_vs_baseline",
    "currency",
];

fn coordinate(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The lines of a sweep's chart, gathered row by row: cost against the first
/// parameter, one line per strategy and value of the other parameters, with
/// each line's exact lowest and highest cost.
#[derive(Debug, Default)]
pub struct Trend {
    index: HashMap<String, usize>,
    series: Vec<Series>,
    range: Vec<(Decimal, Decimal)>,
}

impl Trend {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one row of `report`'s sweep (the rows come in grid order).
    pub fn add(&mut self, report: &SweepReport, row: &Row) {
        let rest: Vec<String> = report
            .parameters
            .iter()
            .zip(&row.values)
            .skip(1)
            .map(|(p, v)| format!("{}={v}", p.path))
            .collect();
        let name = if rest.is_empty() {
            row.strategy.clone()
        } else {
            format!("{} ({})", row.strategy, rest.join(", "))
        };
        let point = (
            row.values.first().copied().map_or(0.0, coordinate),
            coordinate(row.total),
        );
        let i = match self.index.get(&name) {
            Some(&i) => i,
            None => {
                self.index.insert(name.clone(), self.series.len());
                self.series.push(Series {
                    name,
                    points: Vec::new(),
                });
                self.range.push((row.total, row.total));
                self.series.len() - 1
            }
        };
        self.series[i].points.push(point);
        let (lo, hi) = &mut self.range[i];
        *lo = (*lo).min(row.total);
        *hi = (*hi).max(row.total);
    }

    /// Cost against the first parameter of `report`, a line per strategy.
    pub fn chart(self, report: &SweepReport) -> LineChart {
        let first = report.parameters.first();
        LineChart {
            title: format!(
                "{}: monthly cost by {}",
                report.scenario.name,
                first.map_or("", |p| &p.path)
            ),
            x_label: first.map_or(String::new(), |p| format!("{} ({})", p.path, p.unit)),
            y_label: format!("Monthly cost ({})", report.catalog.currency),
            log_x: first.is_some_and(|p| p.geometric),
            series: self.series,
        }
    }
}

impl SweepReport {
    /// The trend of the rows the report holds.
    fn trend(&self) -> Trend {
        let mut trend = Trend::new();
        for row in &self.rows {
            trend.add(self, row);
        }
        trend
    }

    /// Cost against the first parameter, a line per strategy.
    pub fn chart(&self) -> LineChart {
        self.trend().chart(self)
    }
}

/// The CSV header of a sweep of `parameters` parameters.
fn csv_header(parameters: usize) -> Vec<&'static str> {
    let mut headers = vec!["point"];
    for pair in PARAMETER_COLUMNS.iter().take(parameters) {
        headers.extend(pair);
    }
    headers.extend(SWEEP_COLUMNS);
    headers
}

/// The CSV cells of one row: one strategy at one grid point.
fn csv_row(report: &SweepReport, row: &Row) -> Vec<String> {
    let mut cells = vec![row.point.to_string()];
    for (p, v) in report.parameters.iter().zip(&row.values) {
        cells.push(p.path.clone());
        cells.push(exact(*v));
    }
    cells.push(row.strategy.clone());
    cells.push(exact(row.total));
    cells.push(exact(row.per_interaction));
    cells.push(row.vs_baseline.map_or_else(String::new, |d| exact(d.difference)));
    cells.push(row.vs_baseline.and_then(|d| d.percent).map_or_else(String::new, exact));
    cells.push(report.catalog.currency.clone());
    cells
}

/// One CSV line, written as the CSV exporter writes it.
fn csv_line<T: AsRef<[u8]>>(cells: &[T]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells)?;
    writer.into_inner().context("cannot finish the CSV")
}

/// Where the rows go in a sweep's pretty-printed JSON: the lines before them
/// (up to `"rows": [`) and after them (from the `,` after `]`).
fn json_around(report: &SweepReport) -> anyhow::Result<(String, String)> {
    let mut value = report.json()?;
    value["rows"] = serde_json::Value::Array(Vec::new());
    let text = serde_json::to_string_pretty(&value)?;
    // Only a key of the outer object starts a line with two spaces; strings hold no newline.
    let marker = "\n  \"rows\": [";
    let at = text.find(marker).context("the sweep's JSON has no rows")? + marker.len();
    let after = text[at..]
        .strip_prefix(']')
        .context("the sweep's JSON rows are not empty")?;
    Ok((text[..at].to_string(), after.to_string()))
}

/// A sweep's CSV or JSON written row by row as the points are priced, byte
/// for byte what rendering the whole report gives; nothing is written before
/// the first row.
#[derive(Debug)]
pub struct SweepStream {
    json: bool,
    rows: usize,
}

impl SweepStream {
    /// A stream of `format`; `None` for tables and Markdown, which lay out every row at once.
    pub fn new(format: Format) -> Option<Self> {
        match format {
            Format::Csv => Some(Self { json: false, rows: 0 }),
            Format::Json => Some(Self { json: true, rows: 0 }),
            Format::Table | Format::Markdown => None,
        }
    }

    /// Writes the header (before the first row), then `row` of `frame`, the
    /// report without its rows.
    pub fn row(&mut self, out: &mut impl Write, frame: &SweepReport, row: &Row) -> anyhow::Result<()> {
        if self.rows == 0 {
            self.start(out, frame)?;
        }
        if self.json {
            let text = serde_json::to_string_pretty(&serde_json::to_value(row)?)?;
            let comma = if self.rows == 0 { "" } else { "," };
            write!(out, "{comma}\n    {}", text.replace('\n', "\n    "))?;
        } else {
            out.write_all(&csv_line(&csv_row(frame, row))?)?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Ends the report: for JSON, the rows' end and what follows them in `frame`
    /// (the break-even and the warnings).
    pub fn end(mut self, out: &mut impl Write, frame: &SweepReport) -> anyhow::Result<()> {
        if self.rows == 0 {
            self.start(out, frame)?;
        }
        if self.json {
            let (_, after) = json_around(frame)?;
            let close = if self.rows == 0 { "]" } else { "\n  ]" };
            writeln!(out, "{close}{after}")?;
        }
        Ok(())
    }

    fn start(&mut self, out: &mut impl Write, frame: &SweepReport) -> anyhow::Result<()> {
        if self.json {
            out.write_all(json_around(frame)?.0.as_bytes())?;
        } else {
            out.write_all(&csv_line(&csv_header(frame.parameters.len()))?)?;
        }
        Ok(())
    }
}

impl Report for SweepReport {
    fn document(&self) -> Document {
        let money = |d| money::display(d, &self.catalog.currency);
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Sweep: {}", self.scenario.name)));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push(("Baseline".into(), self.baseline.clone()));
        for p in &self.parameters {
            let values: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
            facts.push((
                "Varies".into(),
                format!("{} ({}): {}", p.path, p.unit, values.join(", ")),
            ));
        }
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading("Monthly cost at each point".into()));
        let mut headers: Vec<&str> = self.parameters.iter().map(|p| p.path.as_str()).collect();
        let vs = format!("vs {}", self.baseline);
        headers.extend(["Strategy", "Monthly cost", "Per interaction", vs.as_str(), "Change"]);
        let mut table = TableBlock::numeric(&headers);
        for row in &self.rows {
            let mut cells: Vec<String> = row.values.iter().map(|v| v.to_string()).collect();
            cells.push(row.strategy.clone());
            cells.push(money(row.total));
            cells.push(money(row.per_interaction));
            let delta = row.vs_baseline.filter(|_| row.strategy != self.baseline);
            cells.push(delta.map_or_else(|| "baseline".into(), |d| money(d.difference)));
            cells.push(
                delta
                    .and_then(|d| d.percent)
                    .map_or_else(String::new, money::percent_change),
            );
            table.row(cells);
        }
        for (i, a) in table.align.iter_mut().enumerate() {
            let strategy_column = i == self.parameters.len();
            *a = if strategy_column {
                super::Align::Left
            } else {
                super::Align::Right
            };
        }
        doc.push(Block::Table(table));
        if let [p] = self.parameters.as_slice() {
            doc.push(Block::Heading(format!("Trend over {}", p.path)));
            let mut lines = TableBlock::numeric(&["Strategy", "Lowest", "Highest", "Cost as the value grows"]);
            let trend = self.trend();
            for (s, (lo, hi)) in trend.series.iter().zip(&trend.range) {
                let line: Vec<f64> = s.points.iter().map(|p| p.1).collect();
                lines.row(vec![s.name.clone(), money(*lo), money(*hi), sparkline::line(&line)]);
            }
            doc.push(Block::Table(lines));
        }
        if let Some(b) = &self.breakeven {
            doc.push(Block::Heading(format!("Break-even: {} against {}", b.a, b.b)));
            doc.push(Block::Text(b.statement.clone()));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        Records {
            headers: csv_header(self.parameters.len()),
            rows: self.rows.iter().map(|row| csv_row(self, row)).collect(),
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded;
    use crate::pricing::Catalog;
    use crate::report::render;
    use crate::scenario::Scenario;
    use crate::sweep::Sweep;

    /// The `--set` options of a grid and its break-even pair.
    type Grid<'a> = (&'a [&'a str], Option<(&'a str, &'a str)>);

    /// A sweep's report streamed in `format`, and the whole report it streamed.
    fn streamed(sets: &[&str], breakeven: Option<(&str, &str)>, format: Format) -> (String, SweepReport) {
        let scenario = Scenario::from_source(embedded::default_scenario(), None).unwrap();
        let catalog = Catalog::from_source(&embedded::default_catalog()).unwrap();
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let sweep = Sweep::new(&scenario, &catalog, &sets, false).unwrap();
        let frame = sweep.frame().unwrap();
        let mut writer = SweepStream::new(format).unwrap();
        let mut out = Vec::new();
        let mut rows = Vec::new();
        let (breakeven, warnings) = sweep
            .run(breakeven, |row| {
                rows.push(row.clone());
                writer.row(&mut out, &frame, row)
            })
            .unwrap();
        let frame = SweepReport {
            breakeven,
            warnings,
            ..frame
        };
        writer.end(&mut out, &frame).unwrap();
        (String::from_utf8(out).unwrap(), SweepReport { rows, ..frame })
    }

    #[test]
    fn a_streamed_sweep_is_the_rendered_report_byte_for_byte() {
        let grids: [Grid; 3] = [
            (&["volume.interactions_per_day=100,250"], None),
            (&["tiers.simple.output_tokens=0..3000:750"], Some(("routed", "gpt-4o"))),
            (
                &[
                    "volume.interactions_per_day=10..1000*10",
                    "tiers.complex.share=20%,60%",
                    "techniques.batch.share=0,50%",
                ],
                None,
            ),
        ];
        for (sets, breakeven) in grids {
            for format in [Format::Csv, Format::Json] {
                let (text, report) = streamed(sets, breakeven, format);
                assert_eq!(text, render(&report, format).unwrap(), "{sets:?} {format:?}");
                // Five strategies at every point of the grid.
                let points: usize = report.parameters.iter().map(|p| p.values.len()).product();
                assert_eq!(report.rows.len(), points * 5);
            }
        }
        let (json, _) = streamed(
            &["tiers.simple.output_tokens=0..3000:750"],
            Some(("routed", "gpt-4o")),
            Format::Json,
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["rows"].as_array().unwrap().len(), 25);
        assert!(value["breakeven"]["statement"].is_string(), "{json}");
    }

    #[test]
    fn a_trend_gathers_one_line_per_strategy_and_other_value() {
        let (_, report) = streamed(
            &["volume.interactions_per_day=100,200,300", "tiers.complex.share=20%,60%"],
            None,
            Format::Csv,
        );
        let trend = report.trend();
        // Five strategies at each of the two shares, three volumes each.
        assert_eq!(trend.series.len(), 10);
        assert_eq!(trend.series[0].name, "o3 (tiers.complex.share=0.2)");
        assert!(trend.series.iter().all(|s| s.points.len() == 3));
        // A cost grows with the volume: 300 a day costs three times 100 a day.
        let (lo, hi) = trend.range[0];
        assert_eq!(hi, lo * Decimal::from(3));
    }
}
