//! How `variance` reads: the plan, the logs and their window, each tier as
//! planned and as logged, then the chain from the plan's cost to the actual
//! cost, one row per effect with the cost after it. CSV carries one row per
//! step (the plan, each effect, the actual total); docs/variance.md gives the
//! columns.

use super::{Block, Document, Records, Report, TableBlock};
use crate::engine::{ActualCost, VarianceReport};
use crate::figures;
use crate::money::{display, exact};
use rust_decimal::Decimal;

/// The CSV columns of `variance`, in order; documented in docs/variance.md.
pub const VARIANCE_COLUMNS: [&str; 6] = ["step", "label", "change", "cost", "effect", "currency"];

impl VarianceReport {
    fn money(&self, amount: Decimal) -> String {
        display(amount, &self.currency)
    }

    fn share(&self, amount: Decimal) -> String {
        match self.plan_cost.is_zero() {
            true => String::new(),
            false => figures::percent_change(crate::money::carry(amount / self.plan_cost * Decimal::ONE_HUNDRED)),
        }
    }

    fn actual_words(&self) -> &'static str {
        match self.actual_is {
            ActualCost::Priced => "the calls billed as logged",
            ActualCost::Recorded => "the cost the logs recorded",
        }
    }
}

impl Report for VarianceReport {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "Variance: {} ({}) against {}",
            self.plan, self.strategy, self.logs
        )));
        let hit = |rate: Option<Decimal>| rate.map_or_else(|| "no caching".to_string(), figures::percent_of);
        doc.push(Block::Facts(vec![
            (
                "Plan".into(),
                format!("{} ({}), strategy {}", self.plan, self.plan_file, self.strategy),
            ),
            ("Catalog".into(), format!("{} ({})", self.catalog, self.currency)),
            ("Logs".into(), self.logs.clone()),
            (
                "Window".into(),
                format!(
                    "{} to {} ({} {})",
                    self.start.format("%Y-%m-%dT%H:%M:%SZ"),
                    self.end.format("%Y-%m-%dT%H:%M:%SZ"),
                    exact(self.days),
                    if self.days == Decimal::ONE { "day" } else { "days" }
                ),
            ),
            ("Tiers".into(), self.tiering.clone()),
            (
                "Interactions".into(),
                format!(
                    "planned {}, logged {}",
                    figures::tokens(self.plan_interactions),
                    figures::grouped(&self.calls.to_string())
                ),
            ),
            (
                "Cache hit rate".into(),
                format!(
                    "planned {}, logged {}",
                    hit(self.plan_hit_rate),
                    hit(self.actual_hit_rate)
                ),
            ),
            ("Actual".into(), self.actual_words().to_string()),
        ]));
        doc.push(Block::Heading("Tiers".into()));
        let mut tiers = TableBlock::numeric(&[
            "Tier",
            "Plan share",
            "Actual share",
            "Calls",
            "Plan input",
            "Actual input",
            "Plan output",
            "Actual output",
        ]);
        for t in &self.tiers {
            tiers.row(vec![
                t.name.clone(),
                figures::percent_of(t.plan_share),
                figures::percent_of(t.actual_share),
                figures::grouped(&t.actual_calls.to_string()),
                figures::grouped(&t.plan_input.to_string()),
                figures::grouped(&t.actual_input.to_string()),
                figures::grouped(&t.plan_output.to_string()),
                figures::grouped(&t.actual_output.to_string()),
            ]);
        }
        doc.push(Block::Table(tiers));
        doc.push(Block::Heading("From plan to actual".into()));
        let mut table = TableBlock::numeric(&["Step", "Change", "Effect", "vs plan", "Cost after"]).left_columns(2);
        for (i, s) in self.steps.iter().enumerate() {
            table.row(vec![
                s.label.to_string(),
                s.change.clone(),
                if i == 0 { String::new() } else { self.money(s.effect) },
                if i == 0 { String::new() } else { self.share(s.effect) },
                self.money(s.cost),
            ]);
        }
        table.row(vec![
            "total".into(),
            "actual − plan".into(),
            self.money(self.difference),
            self.share(self.difference),
            self.money(self.actual_cost),
        ]);
        doc.push(Block::Table(table));
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows: Vec<Vec<String>> = self
            .steps
            .iter()
            .map(|s| {
                vec![
                    s.name.to_string(),
                    s.label.to_string(),
                    s.change.clone(),
                    exact(s.cost),
                    exact(s.effect),
                    self.currency.clone(),
                ]
            })
            .collect();
        rows.push(vec![
            "total".into(),
            "actual − plan".into(),
            self.actual_words().to_string(),
            exact(self.actual_cost),
            exact(self.difference),
            self.currency.clone(),
        ]);
        Records {
            headers: VARIANCE_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
