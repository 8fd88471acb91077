//! How `ladder` reads: one row per technique added, with what it saved.

use super::{Block, Document, Records, Report, TableBlock, inputs};
use crate::engine::{Delta, LadderReport};
use crate::money::{self, exact};
use rust_decimal::Decimal;

/// The CSV columns of `ladder`, in order; documented in docs/techniques.md.
pub const LADDER_COLUMNS: [&str; 11] = [
    "strategy",
    "step",
    "added",
    "techniques",
    "cost",
    "saving",
    "saving_percent",
    "cumulative_saving",
    "cumulative_percent",
    "does_not_fit",
    "currency",
];

fn percent(delta: &Delta) -> String {
    delta.percent.map_or_else(String::new, one_place)
}

/// `12.3%`; a saving that rounds to nothing reads `0.0%`, never `-0.0%`.
fn one_place(p: Decimal) -> String {
    let r = p.round_dp(1);
    format!("{:.1}%", if r.is_zero() { Decimal::ZERO } else { r })
}

impl Report for LadderReport {
    fn document(&self) -> Document {
        let currency = &self.catalog.currency;
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "Technique ladder: {} ({})",
            self.strategy, self.scenario.name
        )));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push((
            "Order".into(),
            "pruning, summary, early stop, caching, batch; each step keeps the ones before".into(),
        ));
        doc.push(Block::Facts(facts));
        let mut table = TableBlock::numeric(&[
            "Step",
            "Monthly cost",
            "Saving",
            "Saving %",
            "Cumulative saving",
            "Cumulative %",
        ]);
        for step in &self.steps {
            let (mut label, saving, saving_pct) = match step.added {
                None => ("no technique".to_string(), String::new(), String::new()),
                Some(t) => (
                    format!("+ {}", t.label()),
                    money::display(step.saving.difference, currency),
                    percent(&step.saving),
                ),
            };
            if step.does_not_fit.is_some() {
                label.push_str(" (does not fit)");
            }
            let cumulative = step
                .added
                .map_or_else(String::new, |_| money::display(step.cumulative.difference, currency));
            let cumulative_pct = step.added.map_or_else(String::new, |_| percent(&step.cumulative));
            table.row(vec![
                label,
                money::display(step.total, currency),
                saving,
                saving_pct,
                cumulative,
                cumulative_pct,
            ]);
        }
        doc.push(Block::Table(table));
        if let Some(total) = self.total_saving() {
            doc.push(Block::Text(format!(
                "All techniques together save {} a month ({} of the cost with none).",
                money::display(total.difference, currency),
                total.percent.map_or_else(|| "n/a".to_string(), one_place)
            )));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let rows = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                vec![
                    self.strategy.clone(),
                    i.to_string(),
                    step.added.map_or_else(|| "none".to_string(), |t| t.name().to_string()),
                    step.techniques.iter().map(|t| t.name()).collect::<Vec<_>>().join("+"),
                    exact(step.total),
                    exact(step.saving.difference),
                    step.saving.percent.map_or_else(String::new, exact),
                    exact(step.cumulative.difference),
                    step.cumulative.percent.map_or_else(String::new, exact),
                    step.does_not_fit.clone().unwrap_or_default(),
                    self.catalog.currency.clone(),
                ]
            })
            .collect();
        Records {
            headers: LADDER_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
