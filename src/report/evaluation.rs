//! How `route-eval` reads: the confusion matrix of the rules on the labelled
//! sample, the accuracy per tier, the unmatched share, and the questions the
//! rules sent to the wrong tier; CSV carries the matrix's counts.

use super::{Block, Document, Records, Report, TableBlock};
use crate::figures;
use crate::money::exact;
use crate::routing::evaluation::{Accuracy, Evaluation};
use rust_decimal::Decimal;

/// The CSV columns of `route-eval`.
pub const ROUTE_EVAL_COLUMNS: [&str; 4] = ["true_tier", "routed", "questions", "share_of_true_tier"];

fn percent(share: Option<Decimal>) -> String {
    share.map_or_else(|| "–".into(), figures::percent_of)
}

fn row_share(n: u64, row: &[u64]) -> Decimal {
    let total: u64 = row.iter().sum();
    if total == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(n) / Decimal::from(total)).normalize()
    }
}

impl Evaluation {
    fn matrix_table(&self) -> TableBlock {
        let mut headers = vec!["True tier"];
        headers.extend(self.columns());
        headers.push("Questions");
        let mut table = TableBlock::numeric(&headers);
        for (tier, row) in self.tiers.iter().zip(&self.counts) {
            let mut cells = vec![tier.clone()];
            cells.extend(
                row.iter()
                    .map(|&n| format!("{n} ({})", figures::percent_of(row_share(n, row)))),
            );
            cells.push(row.iter().sum::<u64>().to_string());
            table.row(cells);
        }
        table
    }

    fn accuracy_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&[
            "Tier",
            "Questions",
            "Matched",
            "Right",
            "Unmatched",
            "Accuracy on matched",
            "Accuracy, unmatched to default",
        ]);
        let row = |a: &Accuracy| {
            vec![
                a.tier.clone(),
                a.questions.to_string(),
                a.matched.to_string(),
                a.right.to_string(),
                figures::percent_of(a.unmatched_share),
                percent(a.accuracy_on_matched),
                percent(a.accuracy_with_default),
            ]
        };
        for a in &self.per_tier {
            table.row(row(a));
        }
        table.row(row(&self.overall));
        table
    }

    fn misrouted_table(&self) -> Option<TableBlock> {
        let mut table = TableBlock::numeric(&["Row", "True tier", "Routed", "Matched", "Question"]).left_columns(5);
        for o in &self.outcomes {
            if let Some(routed) = o.routed.as_ref().filter(|r| **r != o.tier) {
                table.row(vec![
                    o.row.to_string(),
                    o.tier.clone(),
                    routed.clone(),
                    o.matched.clone().unwrap_or_default(),
                    o.text.clone(),
                ]);
            }
        }
        (!table.rows.is_empty()).then_some(table)
    }
}

impl Report for Evaluation {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Routing rules measured: {}", self.rules)));
        let o = &self.overall;
        if !self.description.is_empty() {
            doc.push(Block::Text(self.description.clone()));
        }
        doc.push(Block::Facts(vec![
            ("Rules".into(), format!("{} ({})", self.rules, self.rules_file)),
            ("Sample".into(), format!("{} ({} questions)", self.sample, o.questions)),
            (
                "Default tier".into(),
                self.default
                    .clone()
                    .unwrap_or_else(|| "none: unmatched questions need another classifier".into()),
            ),
            (
                "Unmatched".into(),
                format!(
                    "{} ({} of {})",
                    figures::percent_of(o.unmatched_share),
                    o.questions - o.matched,
                    o.questions
                ),
            ),
            (
                "Accuracy on matched".into(),
                format!("{} ({} of {})", percent(o.accuracy_on_matched), o.right, o.matched),
            ),
            (
                "Accuracy, unmatched to default".into(),
                percent(o.accuracy_with_default),
            ),
        ]));
        doc.push(Block::Heading(
            "Confusion matrix (rows: true tier; columns: the tier the rules chose)".into(),
        ));
        doc.push(Block::Table(self.matrix_table()));
        doc.push(Block::Heading("Accuracy per tier".into()));
        doc.push(Block::Table(self.accuracy_table()));
        if let Some(table) = self.misrouted_table() {
            doc.push(Block::Heading("Questions a rule sent to the wrong tier".into()));
            doc.push(Block::Table(table));
        }
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for (tier, row) in self.tiers.iter().zip(&self.counts) {
            for (routed, &n) in self.columns().zip(row) {
                rows.push(vec![
                    tier.clone(),
                    routed.to_string(),
                    n.to_string(),
                    exact(row_share(n, row)),
                ]);
            }
        }
        Records {
            headers: ROUTE_EVAL_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
