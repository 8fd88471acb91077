//! How `usage price` reads: the period's total, then tables by model, day,
//! label and tag, the models the catalog lacks, and the difference from the
//! cost the source recorded with its causes. CSV carries one row per group.

use super::{Align, Block, Document, Records, Report, TableBlock};
use crate::figures;
use crate::money::{display, display_exact, exact};
use crate::usage::{Cause, Reconciled, Totals, UsagePrice};
use rust_decimal::Decimal;

/// The CSV columns of `usage price`, in order; documented in docs/usage.md.
pub const USAGE_PRICE_COLUMNS: [&str; 12] = [
    "group",
    "key",
    "records",
    "requests",
    "input_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cost",
    "recorded_cost",
    "currency",
];

fn count(n: u128) -> String {
    figures::grouped(&n.to_string())
}

impl UsagePrice {
    fn money(&self, amount: Decimal) -> String {
        display(amount, &self.currency)
    }

    fn recorded(&self, totals: &Totals) -> String {
        totals.recorded.map_or_else(String::new, |r| self.money(r))
    }

    /// A table of `rows` named by their first column `what`.
    fn groups<'a>(&self, what: &str, rows: impl Iterator<Item = (String, &'a Totals)>) -> TableBlock {
        let mut table = TableBlock::numeric(&[what, "Requests", "Tokens in", "Tokens out", "Cost", "Recorded"]);
        for (key, t) in rows {
            let tokens_in = t.tokens.input + t.tokens.cache_read + t.tokens.cache_write;
            let tokens_out = t.tokens.output + t.tokens.reasoning;
            table.row(vec![
                key,
                count(t.requests),
                count(tokens_in),
                count(tokens_out),
                self.money(t.cost),
                self.recorded(t),
            ]);
        }
        table
    }

    /// Each model's price against what was recorded for it, and why they differ;
    /// `names` are the headings of the count and of the recorded figure.
    fn compared(&self, rows: &[Reconciled], names: [&str; 2]) -> TableBlock {
        let mut table = TableBlock::numeric(&["Model", names[0], "Priced", names[1], "Difference", "Causes"]);
        table.align[5] = Align::Left;
        for r in rows {
            let causes: Vec<String> = r.causes.iter().map(|c| self.cause(c)).collect();
            table.row(vec![
                r.model.clone(),
                count(u128::from(r.records)),
                display_exact(r.priced, &self.currency),
                display_exact(r.recorded, &self.currency),
                display_exact(r.difference, &self.currency),
                causes.join("; "),
            ]);
        }
        table
    }

    fn cause(&self, cause: &Cause) -> String {
        match cause {
            Cause::NotInCatalog => "not in the catalog".into(),
            Cause::CacheAsInput { cost, closer_by } => format!(
                "the source priced cache tokens as plain input ({}; {} closer)",
                display_exact(*cost, &self.currency),
                display_exact(*closer_by, &self.currency)
            ),
            Cause::PriceChanged { from, before, after } => format!(
                "a price that changed on {from} (recorded per priced dollar: {} then {})",
                before.normalize(),
                after.normalize()
            ),
            Cause::Rounding { bound } => format!(
                "rounding of the recorded costs (at most {})",
                display_exact(*bound, &self.currency)
            ),
            Cause::Unexplained => "not explained by a known cause".into(),
        }
    }
}

impl Report for UsagePrice {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Usage priced: {}", self.source)));
        let mut facts = vec![
            ("Catalog".to_string(), format!("{} ({})", self.catalog, self.currency)),
            (
                "Period".to_string(),
                self.period
                    .map_or_else(|| "no records".to_string(), |(a, b)| format!("{a} to {b} (UTC)")),
            ),
            (
                "Records".to_string(),
                format!(
                    "{} ({} requests)",
                    count(u128::from(self.total.records)),
                    count(self.total.requests)
                ),
            ),
            ("Cost".to_string(), self.money(self.total.cost)),
        ];
        if let Some(recorded) = self.total.recorded {
            facts.push(("Recorded by the source".to_string(), self.money(recorded)));
        }
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading("By model".into()));
        let mut models = TableBlock::numeric(&[
            "Model",
            "Requests",
            "Input",
            "Cache read",
            "Cache write",
            "Output",
            "Reasoning",
            "Cost",
            "Recorded",
        ]);
        for (model, t) in &self.by_model {
            models.row(vec![
                model.clone(),
                count(t.requests),
                count(t.tokens.input),
                count(t.tokens.cache_read),
                count(t.tokens.cache_write),
                count(t.tokens.output),
                count(t.tokens.reasoning),
                self.money(t.cost),
                self.recorded(t),
            ]);
        }
        doc.push(Block::Table(models));
        doc.push(Block::Heading("By day".into()));
        doc.push(Block::Table(
            self.groups("Day", self.by_day.iter().map(|(d, t)| (d.to_string(), t))),
        ));
        for (label, values) in &self.by_label {
            doc.push(Block::Heading(format!("By {label}")));
            doc.push(Block::Table(
                self.groups(label, values.iter().map(|(v, t)| (v.clone(), t))),
            ));
        }
        if !self.by_tag.is_empty() {
            doc.push(Block::Heading("By tag".into()));
            doc.push(Block::Table(
                self.groups("Tag", self.by_tag.iter().map(|(v, t)| (v.clone(), t))),
            ));
        }
        if !self.unknown.is_empty() {
            doc.push(Block::Heading("Not in the catalog (not priced)".into()));
            let mut table = TableBlock::numeric(&[
                "Model",
                "Records",
                "Requests",
                "Tokens in",
                "Tokens out",
                "Recorded",
                "Closest ids",
            ]);
            for u in &self.unknown {
                let t = &u.totals;
                table.row(vec![
                    u.model.clone(),
                    count(u128::from(t.records)),
                    count(t.requests),
                    count(t.tokens.input + t.tokens.cache_read + t.tokens.cache_write),
                    count(t.tokens.output + t.tokens.reasoning),
                    self.recorded(t),
                    u.suggestion.clone().unwrap_or_default(),
                ]);
            }
            doc.push(Block::Table(table));
        }
        if !self.reconciled.is_empty() {
            doc.push(Block::Heading("Priced against recorded".into()));
            doc.push(Block::Table(self.compared(&self.reconciled, ["Records", "Recorded"])));
        }
        if !self.billed.is_empty() || self.billed_elsewhere.is_some() {
            doc.push(Block::Heading("Priced against the cost report".into()));
            doc.push(Block::Table(self.compared(&self.billed, ["Lines", "Billed"])));
            if let Some(other) = self.billed_elsewhere {
                doc.push(Block::Text(format!(
                    "The report also bills {} that names no model (web search, ...).",
                    display_exact(other, &self.currency)
                )));
            }
        }
        doc.push(Block::Notes(self.notes.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        let mut row = |group: &str, key: &str, t: &Totals| {
            rows.push(vec![
                group.to_string(),
                key.to_string(),
                t.records.to_string(),
                t.requests.to_string(),
                t.tokens.input.to_string(),
                t.tokens.cache_read.to_string(),
                t.tokens.cache_write.to_string(),
                t.tokens.output.to_string(),
                t.tokens.reasoning.to_string(),
                exact(t.cost),
                t.recorded.map_or_else(String::new, exact),
                self.currency.clone(),
            ]);
        };
        row("total", "", &self.total);
        for (model, t) in &self.by_model {
            row("model", model, t);
        }
        for (day, t) in &self.by_day {
            row("day", &day.to_string(), t);
        }
        for (label, values) in &self.by_label {
            for (value, t) in values {
                row(&format!("label:{label}"), value, t);
            }
        }
        for (tag, t) in &self.by_tag {
            row("tag", tag, t);
        }
        for u in &self.unknown {
            row("not_in_catalog", &u.model, &u.totals);
        }
        Records {
            headers: USAGE_PRICE_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
