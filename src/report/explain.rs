//! How `explain` reads: per tier, the techniques' adjustments and each bill
//! line as `tokens × rate = cost`, per request (exact) and per month.

use super::{Block, Document, Records, Report, TableBlock, inputs};
use crate::engine::{ExplainReport, Part};
use crate::money::{self, exact};
use rust_decimal::Decimal;

/// The CSV columns of `explain`, in order; documented in the README.
pub const EXPLAIN_COLUMNS: [&str; 11] = [
    "strategy",
    "tier",
    "model",
    "interactions",
    "mode",
    "part",
    "weight",
    "tokens_per_request",
    "rate",
    "cost_per_request",
    "monthly_cost",
];

impl ExplainReport {
    /// `1,000 × $0.15 / 1M`, or `1 × $0.01` for a fee.
    fn formula(&self, part: Part, quantity: Decimal, rate: Decimal) -> String {
        let rate = money::display_exact(rate, &self.catalog.currency);
        match part {
            Part::Fee => format!("{} × {rate}", money::tokens(quantity)),
            _ => format!("{} × {rate} / 1M", money::tokens(quantity)),
        }
    }
}

impl Report for ExplainReport {
    fn document(&self) -> Document {
        let currency = &self.catalog.currency;
        let exact_money = |d: Decimal| money::display_exact(d, currency);
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "Bill of {} ({})",
            self.strategy, self.scenario.name
        )));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push((
            "Reading".into(),
            "each line is share × tokens × rate per request, then × interactions a month".into(),
        ));
        doc.push(Block::Facts(facts));
        let mut summary =
            TableBlock::numeric(&["Tier", "Model", "Interactions", "Per request", "Monthly cost"]).left_columns(2);
        for tier in &self.tiers {
            doc.push(Block::Heading(format!(
                "{}: {}, {} interactions a month",
                tier.tier,
                tier.model,
                money::tokens(tier.interactions)
            )));
            let mut facts = vec![format!(
                "{} input tokens per request",
                money::tokens(tier.input_tokens_per_request)
            )];
            facts.extend(tier.adjustments.iter().map(|a| {
                format!(
                    "{}: {} → {} tokens ({})",
                    a.tokens,
                    money::tokens(a.before),
                    money::tokens(a.after),
                    a.description
                )
            }));
            if !tier.cached_prefix.is_zero() {
                facts.push(format!("cached prefix: {} tokens", money::tokens(tier.cached_prefix)));
            }
            if tier.long_context {
                facts.push("above the model's long-context threshold: every rate is the long-context rate".into());
            }
            doc.push(Block::Text(facts.join("; ")));
            let mut table = TableBlock::numeric(&["Line", "Mode", "Share", "Tokens × rate", "Per request", "Monthly"])
                .left_columns(2);
            for l in &tier.lines {
                table.row(vec![
                    l.line.part.label().to_string(),
                    l.line.mode.name().to_string(),
                    money::percent_of(l.line.weight),
                    self.formula(l.line.part, l.line.quantity, l.line.rate),
                    exact_money(l.line.cost),
                    exact_money(l.monthly),
                ]);
            }
            table.row(vec![
                "tier total".into(),
                String::new(),
                String::new(),
                String::new(),
                exact_money(tier.cost_per_request),
                exact_money(tier.cost),
            ]);
            doc.push(Block::Table(table));
            summary.row(vec![
                tier.tier.clone(),
                tier.model.clone(),
                money::tokens(tier.interactions),
                exact_money(tier.cost_per_request),
                exact_money(tier.cost),
            ]);
        }
        summary.row(vec![
            "total".into(),
            String::new(),
            String::new(),
            String::new(),
            exact_money(self.total),
        ]);
        doc.push(Block::Heading("Total".into()));
        doc.push(Block::Table(summary));
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for tier in &self.tiers {
            for l in &tier.lines {
                rows.push(vec![
                    self.strategy.clone(),
                    tier.tier.clone(),
                    tier.model.clone(),
                    exact(tier.interactions),
                    l.line.mode.name().to_string(),
                    l.line.part.name().to_string(),
                    exact(l.line.weight),
                    exact(l.line.quantity),
                    exact(l.line.rate),
                    exact(l.line.cost),
                    exact(l.monthly),
                ]);
            }
        }
        Records {
            headers: EXPLAIN_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
