//! How `catalog validate --against` reads: the prices a catalog and another
//! source disagree on beyond the tolerance (`pricing::SourceComparison`).

use super::{Block, Document, Records, Report, TableBlock};
use crate::money::exact;
use crate::pricing::{Disagreement, SourceComparison};
use rust_decimal::Decimal;
use serde::Serialize;

const COLUMNS: [&str; 7] = ["catalog", "other", "model", "rate", "price", "other_price", "percent"];

/// One catalog set against another source.
#[derive(Debug, Clone, Serialize)]
pub struct Against {
    pub catalog: String,
    pub other: String,
    /// The largest difference not listed, in percent.
    pub tolerance: Decimal,
    pub comparison: SourceComparison,
}

fn percent(d: &Disagreement) -> String {
    d.percent.map_or_else(|| "—".into(), crate::figures::percent_change)
}

impl Report for Against {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        let n = self.comparison.disagreements.len();
        doc.push(Block::Title(format!(
            "{n} price{} of {} disagree{} with {} by more than {}%",
            if n == 1 { "" } else { "s" },
            self.catalog,
            if n == 1 { "s" } else { "" },
            self.other,
            exact(self.tolerance)
        )));
        doc.push(Block::Facts(vec![
            ("Models compared".into(), self.comparison.compared.to_string()),
            (format!("Not in {}", self.other), self.comparison.only_here.to_string()),
        ]));
        if n > 0 {
            let mut table = TableBlock::numeric(&["Model", "Rate", "Price", "Other", "Difference"]).left_columns(2);
            for d in &self.comparison.disagreements {
                table.row(vec![
                    d.model.clone(),
                    d.rate.to_string(),
                    exact(d.price),
                    exact(d.other),
                    percent(d),
                ]);
            }
            doc.push(Block::Heading(
                "Disagreements (per 1M tokens; per_request per request)".into(),
            ));
            doc.push(Block::Table(table));
        }
        doc
    }

    fn records(&self) -> Records {
        Records {
            headers: COLUMNS.to_vec(),
            rows: self
                .comparison
                .disagreements
                .iter()
                .map(|d| {
                    vec![
                        self.catalog.clone(),
                        self.other.clone(),
                        d.model.clone(),
                        d.rate.to_string(),
                        exact(d.price),
                        exact(d.other),
                        d.percent.map(exact).unwrap_or_default(),
                    ]
                })
                .collect(),
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
