//! How `forecast` reads: the month to date, the calibrated rest of the
//! month, the sampled month end against the budget and the day the budget
//! runs out. CSV has one row.

use super::{Block, Document, Records, Report, TableBlock};
use crate::figures::{self, percent_of};
use crate::money::{self, exact};
use crate::usage::forecast::Forecast;
use rust_decimal::Decimal;

/// The CSV columns of `forecast`.
pub const FORECAST_COLUMNS: [&str; 21] = [
    "month",
    "through",
    "days_elapsed",
    "days_remaining",
    "calls",
    "actual",
    "calls_per_day",
    "strategy",
    "daily",
    "expected",
    "runs",
    "seed",
    "mean",
    "sd",
    "p5",
    "p50",
    "p95",
    "budget",
    "exceed_probability",
    "runs_out",
    "currency",
];

impl Forecast {
    fn money(&self, amount: Decimal) -> String {
        money::display(amount, &self.currency)
    }

    fn runs_out_text(&self) -> String {
        self.runs_out
            .map_or_else(|| "not this month".into(), |d| d.format("%Y-%m-%d").to_string())
    }

    fn facts(&self) -> Vec<(String, String)> {
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut facts = vec![
            ("Logs".into(), self.logs.clone()),
            ("Catalog".into(), self.catalog.clone()),
            (
                "Month to date".into(),
                format!(
                    "{} calls through {} (day {} of {}): {}",
                    figures::grouped(&self.calls.to_string()),
                    day(self.through),
                    self.days_elapsed,
                    self.days_elapsed + self.days_remaining,
                    self.money(self.actual)
                ),
            ),
            (
                "Calibrated on".into(),
                format!(
                    "the calls from {} to {}: {} a day, strategy {}, expected {} a day{}",
                    day(self.calibrated_from),
                    day(self.calibrated_until),
                    exact(self.calls_per_day),
                    self.strategy,
                    self.money(self.daily),
                    self.rest
                        .iter()
                        .skip(1)
                        .map(|part| format!(", {} from {} (prices change)", self.money(part.daily), day(part.from)))
                        .collect::<String>()
                ),
            ),
            (
                "Rest of the month".into(),
                format!(
                    "{} days, {} runs sampled (seed {})",
                    self.days_remaining,
                    figures::grouped(&self.runs.to_string()),
                    self.seed
                ),
            ),
            ("Budget".into(), self.money(self.budget)),
            ("Budget runs out".into(), self.runs_out_text()),
        ];
        if !self.unknown.is_empty() {
            let models: Vec<String> = self
                .unknown
                .iter()
                .map(|(model, calls)| format!("{model} ({} calls)", figures::grouped(&calls.to_string())))
                .collect();
            facts.push((
                "Not in the catalog".into(),
                format!("{}: not priced, not forecast", models.join(", ")),
            ));
        }
        facts
    }

    fn table(&self) -> TableBlock {
        let s = &self.month_end;
        let mut table = TableBlock::numeric(&[
            "Month",
            "Month to date",
            "Expected month end",
            "Mean",
            "p5",
            "p95",
            "P(> budget)",
            "Budget runs out",
        ]);
        table.row(vec![
            self.month.clone(),
            self.money(self.actual),
            self.money(self.expected),
            self.money(s.mean),
            self.money(s.p5),
            self.money(s.p95),
            percent_of(self.exceed()),
            self.runs_out_text(),
        ]);
        table
    }
}

impl Report for Forecast {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Forecast of {}", self.month)));
        doc.push(Block::Facts(self.facts()));
        doc.push(Block::Table(self.table()));
        doc
    }

    fn records(&self) -> Records {
        let s = &self.month_end;
        let row = vec![
            self.month.clone(),
            self.through.to_string(),
            self.days_elapsed.to_string(),
            self.days_remaining.to_string(),
            self.calls.to_string(),
            exact(self.actual),
            exact(self.calls_per_day),
            self.strategy.clone(),
            exact(self.daily),
            exact(self.expected),
            self.runs.to_string(),
            self.seed.to_string(),
            exact(s.mean),
            exact(s.sd),
            exact(s.p5),
            exact(s.p50),
            exact(s.p95),
            exact(self.budget),
            exact(self.exceed()),
            self.runs_out.map(|d| d.to_string()).unwrap_or_default(),
            self.currency.clone(),
        ];
        Records {
            headers: FORECAST_COLUMNS.to_vec(),
            rows: vec![row],
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
