//! How `sweep` reads: one row per grid point and strategy, a trend line per
//! strategy for a one-parameter sweep, and the break-even statement; CSV
//! names each parameter beside its value.

use super::chart::{LineChart, Mark, Series};
use super::escape::visible_owned;
use super::{Block, Document, Records, Report, TableBlock, inputs, sparkline};
use crate::figures;
use crate::money::{self, exact};
use crate::sweep::{MAX_PARAMETERS, Row, SweepReport};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;

/// The parameter columns of the CSV, one pair per `--set`.
const PARAMETER_COLUMNS: [[&str; 2]; MAX_PARAMETERS] = [
    ["parameter_1", "value_1"],
    ["parameter_2", "value_2"],
    ["parameter_3", "value_3"],
    ["parameter_4", "value_4"],
];

/// The CSV columns after the parameters; documented in docs/what-if.md.
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
        // Names reach the chart as text people read: a control character shows as its escape.
        let name = visible_owned(if rest.is_empty() {
            row.strategy.clone()
        } else {
            format!("{} ({})", row.strategy, rest.join(", "))
        });
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

    /// Cost against the first parameter of `report`, a line per strategy,
    /// with its break-even points.
    pub fn chart(self, report: &SweepReport) -> LineChart {
        let first = report.parameters.first();
        LineChart {
            currency: report.catalog.currency.clone(),
            marks: marks(report),
            title: visible_owned(format!(
                "{}: monthly cost by {}",
                report.scenario.name,
                first.map_or("", |p| &p.path)
            )),
            x_label: first.map_or(String::new(), |p| visible_owned(format!("{} ({})", p.path, p.unit))),
            y_label: format!("Monthly cost ({})", report.catalog.currency),
            log_x: first.is_some_and(|p| p.geometric),
            series: self.series,
        }
    }
}

/// A mark where the break-even pair crosses, labelled with the parameter's
/// value and the cost there: `break-even: A = B at 1,000 ($3,000.00)`.
fn marks(report: &SweepReport) -> Vec<Mark> {
    let Some(b) = &report.breakeven else {
        return Vec::new();
    };
    b.crossings
        .iter()
        .map(|c| Mark {
            x: coordinate(c.at),
            y: coordinate(c.cost_a),
            label: visible_owned(format!(
                "break-even: {} = {} at {} ({})",
                b.a,
                b.b,
                figures::number(c.at.round_sf(6).unwrap_or(c.at)),
                money::display(c.cost_a, &report.catalog.currency)
            )),
        })
        .collect()
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
pub(super) fn csv_header(parameters: usize) -> Vec<&'static str> {
    let mut headers = vec!["point"];
    for pair in PARAMETER_COLUMNS.iter().take(parameters) {
        headers.extend(pair);
    }
    headers.extend(SWEEP_COLUMNS);
    headers
}

/// The CSV cells of one row: one strategy at one grid point.
pub(super) fn csv_row(report: &SweepReport, row: &Row) -> Vec<String> {
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
                    .map_or_else(String::new, figures::percent_change),
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
    use crate::report::Format;
    use crate::report::sweep_stream::tests::streamed;

    #[test]
    fn a_trend_gathers_one_line_per_strategy_and_other_value() {
        let (_, report) = streamed(
            &["volume.interactions_per_day=100,200,300", "tiers.complex.share=20%,60%"],
            None,
            Format::Csv {
                cells: crate::report::CsvCells::Guarded,
            },
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
