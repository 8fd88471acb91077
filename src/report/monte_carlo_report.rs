//! How `montecarlo` reads: per strategy the exact expected cost beside the
//! sampled mean, spread and percentiles, the chance of exceeding a budget and
//! a text histogram, and for a fallback chain its escalations to a person;
//! CSV carries one row of exact statistics per strategy.

use super::chart::{HistogramChart, Panel};
use super::escape::visible_owned;
use super::routing::count;
use super::{Block, Document, Records, Report, TableBlock, inputs, sparkline};
use crate::figures;
use crate::money::{self, exact};
use crate::montecarlo::MonteCarloReport;

/// The CSV columns of `montecarlo`, in order; documented in docs/montecarlo.md.
pub const MONTECARLO_COLUMNS: [&str; 18] = [
    "strategy",
    "runs",
    "seed",
    "expected",
    "mean",
    "sd",
    "se",
    "min",
    "p5",
    "p50",
    "p95",
    "p99",
    "max",
    "budget",
    "exceed_probability",
    "expected_escalations",
    "mean_escalations",
    "currency",
];

/// Width of the text histogram in the terminal table.
const SPARK_WIDTH: usize = 16;

impl Report for MonteCarloReport {
    fn document(&self) -> Document {
        let money = |d| money::display(d, &self.catalog.currency);
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Monte Carlo: {}", self.scenario.name)));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push((
            "Runs".into(),
            format!(
                "{} sampled months, seed {}",
                figures::tokens(self.runs.into()),
                self.seed
            ),
        ));
        facts.push(("Generator".into(), self.generator.clone()));
        facts.push(("Sampling".into(), self.sampling.clone()));
        let a = &self.assumptions;
        facts.push(("Daily volume".into(), a.volume.clone()));
        facts.push(("Interactions".into(), a.interactions.clone()));
        facts.push(("Tokens".into(), a.tokens.clone()));
        if let Some(b) = self.budget {
            facts.push(("Budget".into(), format!("{} a month", money(b))));
        }
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading("Monthly cost".into()));
        let mut headers = vec!["Strategy", "Expected", "Mean", "SD", "p5", "p50", "p95", "p99"];
        if self.budget.is_some() {
            headers.push("P(> budget)");
        }
        headers.push("Distribution (min → max)");
        let mut table = TableBlock::numeric(&headers);
        for s in &self.strategies {
            let m = &s.summary;
            let mut row = vec![
                s.name.clone(),
                money(s.expected),
                money(m.mean),
                money(m.sd),
                money(m.p5),
                money(m.p50),
                money(m.p95),
                money(m.p99),
            ];
            if let Some(p) = m.exceed {
                row.push(figures::percent_of(p));
            }
            row.push(format!(
                "{} {} {}",
                money(m.min),
                sparkline::histogram(&m.histogram.counts, SPARK_WIDTH),
                money(m.max)
            ));
            table.row(row);
        }
        doc.push(Block::Table(table));
        doc.push(Block::Text(
            "Expected: the cost of the mean workload, as `simulate` prices it. Percentiles are nearest-rank over the sampled months.".into(),
        ));
        for s in &self.strategies {
            if let Some(p) = s.costlier_than_baseline {
                doc.push(Block::Text(format!(
                    "{} costs more than the baseline in {} of the sampled months: the chance what it rents or commits to does not pay.",
                    s.name,
                    figures::percent_of(p)
                )));
            }
        }
        for s in &self.strategies {
            if let Some(p) = s.shortfall {
                doc.push(Block::Text(format!(
                    "{} falls short of its committed spend in {} of the sampled months: the true-up is paid then.",
                    s.name,
                    figures::percent_of(p)
                )));
            }
        }
        let escalating: Vec<_> = self
            .strategies
            .iter()
            .filter_map(|s| s.escalations.as_ref().map(|e| (s, e)))
            .collect();
        if !escalating.is_empty() {
            doc.push(Block::Heading("Escalations to a person, a month".into()));
            let mut table = TableBlock::numeric(&["Strategy", "Expected", "Mean"]);
            for (s, e) in escalating {
                table.row(vec![s.name.clone(), count(e.expected), count(e.mean)]);
            }
            doc.push(Block::Table(table));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let rows = self
            .strategies
            .iter()
            .map(|s| {
                let m = &s.summary;
                vec![
                    s.name.clone(),
                    self.runs.to_string(),
                    self.seed.to_string(),
                    exact(s.expected),
                    exact(m.mean),
                    exact(m.sd),
                    exact(m.se),
                    exact(m.min),
                    exact(m.p5),
                    exact(m.p50),
                    exact(m.p95),
                    exact(m.p99),
                    exact(m.max),
                    self.budget.map_or_else(String::new, exact),
                    m.exceed.map_or_else(String::new, exact),
                    s.escalations.as_ref().map_or_else(String::new, |e| exact(e.expected)),
                    s.escalations.as_ref().map_or_else(String::new, |e| exact(e.mean)),
                    self.catalog.currency.clone(),
                ]
            })
            .collect();
        Records {
            headers: MONTECARLO_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}

/// Money as a chart coordinate (drawing only; figures stay exact elsewhere).
fn coordinate(d: rust_decimal::Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0)
}

impl MonteCarloReport {
    /// A histogram per strategy with its expected cost, its p5–p95 band and the budget.
    pub fn chart(&self) -> HistogramChart {
        let currency = &self.catalog.currency;
        HistogramChart {
            title: visible_owned(format!(
                "{}: monthly cost over {} sampled months (seed {})",
                self.scenario.name,
                figures::tokens(self.runs.into()),
                self.seed
            )),
            x_label: format!("Monthly cost ({currency})"),
            y_label: "Runs".into(),
            currency: currency.clone(),
            budget: self.budget.map(|b| (coordinate(b), money::display(b, currency))),
            panels: self
                .strategies
                .iter()
                .map(|s| {
                    let m = &s.summary;
                    let shown = |d| (coordinate(d), money::display(d, currency));
                    Panel {
                        name: visible_owned(s.name.clone()),
                        edges: m.histogram.edges().into_iter().map(coordinate).collect(),
                        counts: m.histogram.counts.clone(),
                        expected: coordinate(s.expected),
                        p5: shown(m.p5),
                        p95: shown(m.p95),
                        exceed: m.exceed.map(figures::percent_of),
                    }
                })
                .collect(),
        }
    }
}
