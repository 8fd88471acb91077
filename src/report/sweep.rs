//! How `sweep` reads: one row per grid point and strategy, a trend line per
//! strategy for a one-parameter sweep, and the break-even statement; CSV
//! names each parameter beside its value.

use super::chart::{LineChart, Series};
use super::{Block, Document, Records, Report, TableBlock, inputs, sparkline};
use crate::money::{self, exact};
use crate::sweep::{MAX_PARAMETERS, SweepReport};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

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

impl SweepReport {
    /// Costs of one strategy along the first parameter, at the other parameters' given values.
    fn series(&self) -> Vec<Series> {
        let mut out: Vec<Series> = Vec::new();
        for row in &self.rows {
            let rest: Vec<String> = self
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
            match out.iter_mut().find(|s| s.name == name) {
                Some(s) => s.points.push(point),
                None => out.push(Series {
                    name,
                    points: vec![point],
                }),
            }
        }
        out
    }

    /// Cost against the first parameter, a line per strategy.
    pub fn chart(&self) -> LineChart {
        let first = self.parameters.first();
        LineChart {
            title: format!(
                "{}: monthly cost by {}",
                self.scenario.name,
                first.map_or("", |p| &p.path)
            ),
            x_label: first.map_or(String::new(), |p| format!("{} ({})", p.path, p.unit)),
            y_label: format!("Monthly cost ({})", self.catalog.currency),
            log_x: first.is_some_and(|p| p.geometric),
            series: self.series(),
        }
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
            let mut trend = TableBlock::numeric(&["Strategy", "Lowest", "Highest", "Cost as the value grows"]);
            for s in self.series() {
                let costs: Vec<Decimal> = self
                    .rows
                    .iter()
                    .filter(|r| r.strategy == s.name)
                    .map(|r| r.total)
                    .collect();
                let lo = costs.iter().min().copied().unwrap_or_default();
                let hi = costs.iter().max().copied().unwrap_or_default();
                let line: Vec<f64> = s.points.iter().map(|p| p.1).collect();
                trend.row(vec![s.name.clone(), money(lo), money(hi), sparkline::line(&line)]);
            }
            doc.push(Block::Table(trend));
        }
        if let Some(b) = &self.breakeven {
            doc.push(Block::Heading(format!("Break-even: {} against {}", b.a, b.b)));
            doc.push(Block::Text(b.statement.clone()));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut headers = vec!["point"];
        for pair in PARAMETER_COLUMNS.iter().take(self.parameters.len()) {
            headers.extend(pair);
        }
        headers.extend(SWEEP_COLUMNS);
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.point.to_string()];
                for (p, v) in self.parameters.iter().zip(&row.values) {
                    cells.push(p.path.clone());
                    cells.push(exact(*v));
                }
                cells.push(row.strategy.clone());
                cells.push(exact(row.total));
                cells.push(exact(row.per_interaction));
                cells.push(row.vs_baseline.map_or_else(String::new, |d| exact(d.difference)));
                cells.push(row.vs_baseline.and_then(|d| d.percent).map_or_else(String::new, exact));
                cells.push(self.catalog.currency.clone());
                cells
            })
            .collect();
        Records { headers, rows }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
