//! How `calibrate` reads: what the logs measured (volume, prompt cache,
//! models), the tiers the scenario carries, and the log-normal spreads with
//! how well each fits the calls. CSV has one row per tier.

use super::{Block, Document, Records, Report, TableBlock};
use crate::figures::{self, percent_of};
use crate::money::exact;
use crate::usage::calibrate::{Calibration, Fit, ttl_name};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

/// The CSV columns of `calibrate`.
pub const CALIBRATE_COLUMNS: [&str; 16] = [
    "tier",
    "calls",
    "share",
    "input_tokens",
    "system_tokens",
    "output_tokens",
    "reasoning_tokens",
    "batch_share",
    "input_cv",
    "input_ks",
    "input_p95_observed",
    "input_p95_fitted",
    "output_cv",
    "output_ks",
    "output_p95_observed",
    "output_p95_fitted",
];

fn count(n: impl Into<Decimal>) -> String {
    figures::tokens(n.into())
}

/// A fitted count, to the whole token.
fn fitted(x: f64) -> String {
    Decimal::from_f64(x.round()).map_or_else(|| format!("{x:.0}"), count)
}

/// A fit's cells for CSV: cv, KS, observed and fitted p95 (empty without one).
fn fit_cells(fit: Option<&Fit>) -> [String; 4] {
    match fit {
        Some(f) => [
            exact(f.cv),
            format!("{:.4}", f.ks),
            f.p95_observed.to_string(),
            format!("{:.1}", f.p95_fitted),
        ],
        None => Default::default(),
    }
}

impl Calibration {
    fn facts(&self) -> Vec<(String, String)> {
        let at = |t: &chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M").to_string();
        let mut facts = vec![
            ("Logs".into(), self.logs.clone()),
            (
                "Window".into(),
                format!(
                    "{} to {} UTC ({} days)",
                    at(&self.start),
                    at(&self.end),
                    exact(self.days)
                ),
            ),
            (
                "Calls".into(),
                format!("{} in {} tiers", count(self.calls), self.tiers.len()),
            ),
            (
                "Volume".into(),
                format!(
                    "{} a day; a day's calls: mean {:.1}, SD {:.1} over {} days; spread beyond Poisson (daily_volume_cv): {}",
                    exact(self.per_day),
                    self.daily.mean,
                    self.daily.sd,
                    self.daily.days,
                    self.daily.cv.map_or_else(|| "none".into(), percent_of)
                ),
            ),
            (
                "Prompt cache".into(),
                match &self.caching {
                    Some(c) => format!(
                        "hit rate {} = reads / (reads + writes) = {} / ({} + {}), TTL {}",
                        percent_of(c.hit_rate),
                        count(c.reads),
                        count(c.reads),
                        count(c.writes_5m + c.writes_1h),
                        ttl_name(c.ttl)
                    ),
                    None => "no cache reads or writes".into(),
                },
            ),
        ];
        let models: Vec<String> = self
            .models
            .iter()
            .map(|(id, calls)| format!("{id} ({})", count(*calls)))
            .collect();
        facts.push((
            "Models".into(),
            format!("{}; baseline {}", models.join(", "), self.baseline()),
        ));
        if self.unplaced > 0 {
            facts.push((
                "Not placed in a tier".into(),
                format!("{} calls, left out", count(self.unplaced)),
            ));
        }
        facts
    }

    fn tier_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&[
            "Tier",
            "Calls",
            "Share",
            "Input",
            "Cached system",
            "Output",
            "Reasoning",
            "Batch",
        ]);
        for t in &self.tiers {
            table.row(vec![
                t.name.clone(),
                count(t.calls),
                percent_of(t.share),
                count(t.input),
                count(t.system),
                count(t.output),
                count(t.reasoning),
                percent_of(t.batch_share),
            ]);
        }
        table
    }

    fn fit_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&[
            "Tier",
            "Tokens",
            "Calls",
            "Zeros",
            "CV",
            "KS distance",
            "p95 observed",
            "p95 fitted",
            "Observed / fitted",
        ])
        .left_columns(2);
        for t in &self.tiers {
            for (part, fit) in [("uncached input", &t.input_fit), ("output + reasoning", &t.output_fit)] {
                let cells = match fit {
                    Some(f) => vec![
                        count(f.calls),
                        count(f.zeros),
                        percent_of(f.cv),
                        format!("{:.3}", f.ks),
                        count(f.p95_observed),
                        fitted(f.p95_fitted),
                        format!("{:.2}", f.p95_ratio()),
                    ],
                    None => {
                        let mut none = vec!["–".to_string(); 7];
                        none[2] = "none: fewer than 2 single calls".into();
                        none
                    }
                };
                let mut row = vec![t.name.clone(), part.to_string()];
                row.extend(cells);
                table.row(row);
            }
        }
        table
    }
}

impl Report for Calibration {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Scenario calibrated from {}", self.logs)));
        doc.push(Block::Facts(self.facts()));
        doc.push(Block::Heading("Tiers (mean tokens of a call)".into()));
        doc.push(Block::Table(self.tier_table()));
        doc.push(Block::Heading(
            "Spreads: a log-normal around each mean, and how well it fits the calls".into(),
        ));
        doc.push(Block::Table(self.fit_table()));
        doc
    }

    fn records(&self) -> Records {
        let rows = self
            .tiers
            .iter()
            .map(|t| {
                let mut row = vec![
                    t.name.clone(),
                    t.calls.to_string(),
                    exact(t.share),
                    t.input.to_string(),
                    t.system.to_string(),
                    t.output.to_string(),
                    t.reasoning.to_string(),
                    exact(t.batch_share),
                ];
                row.extend(fit_cells(t.input_fit.as_ref()));
                row.extend(fit_cells(t.output_fit.as_ref()));
                row
            })
            .collect();
        Records {
            headers: CALIBRATE_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
