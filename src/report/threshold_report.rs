//! How `router-calibrate` reads: RouteLLM's measures, the threshold chosen,
//! and the curve of performance against strong-model calls, each cut with
//! its month when a scenario prices it.

use super::{Block, Document, Records, Report, TableBlock};
use crate::figures::percent_of;
use crate::money::{self, exact};
use crate::routing::threshold::{Cut, Target, ThresholdReport};
use rust_decimal::Decimal;

/// The CSV columns of `router-calibrate`, in order; documented in docs/optimize.md.
pub const THRESHOLD_COLUMNS: [&str; 6] = [
    "threshold",
    "strong_share",
    "performance",
    "gap_recovered",
    "chosen",
    "month",
];

fn threshold(cut: &Cut) -> String {
    cut.threshold
        .map_or_else(|| "above every score".to_string(), |t| t.normalize().to_string())
}

/// A mean result, to four places.
fn result(value: Decimal) -> String {
    value.round_dp(4).normalize().to_string()
}

impl ThresholdReport {
    fn month(&self, share: Decimal) -> Option<String> {
        self.priced.as_ref().map(|p| money::display(p.at(share), &p.currency))
    }
}

impl Report for ThresholdReport {
    fn document(&self) -> Document {
        let c = &self.calibration;
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Router calibration: {}", self.file)));
        let mut facts = vec![
            ("Questions".to_string(), c.questions.to_string()),
            ("Weak model alone".to_string(), result(c.weak)),
            ("Strong model alone".to_string(), result(c.strong)),
            (
                "CPT(50%)".to_string(),
                c.cpt50.map_or_else(
                    || "n/a (the strong model is no better)".to_string(),
                    |s| {
                        format!(
                            "{} of questions on the strong model (a random router: 50%)",
                            percent_of(s)
                        )
                    },
                ),
            ),
            (
                "APGR".to_string(),
                c.apgr.map_or_else(
                    || "n/a".to_string(),
                    |a| format!("{} (a random router: 0.5)", a.round_dp(4).normalize()),
                ),
            ),
        ];
        if let Some(p) = &self.priced {
            facts.push((
                "Priced on".to_string(),
                format!(
                    "{}: {} {} a month (strong), {} {} (weak)",
                    p.scenario,
                    p.strong,
                    money::display(p.strong_month, &p.currency),
                    p.weak,
                    money::display(p.weak_month, &p.currency)
                ),
            ));
            if let (Some(month), Some(_)) = (self.cpt50_month, c.cpt50) {
                facts.push(("Month at CPT(50%)".to_string(), money::display(month, &p.currency)));
            }
        }
        doc.push(Block::Facts(facts));
        if let (Some(cut), Some(target)) = (&self.chosen, &self.target) {
            let asked = match target {
                Target::StrongShare(s) => format!("at most {} of questions on the strong model", percent_of(*s)),
                Target::Performance(p) => format!("a mean result of at least {}", p.normalize()),
                Target::GapRecovered(g) => format!("at least {} of the gap recovered", percent_of(*g)),
            };
            let mut chosen = vec![
                ("Asked".to_string(), asked),
                (
                    "Threshold".to_string(),
                    format!("{} (a score at least this goes to the strong model)", threshold(cut)),
                ),
                ("Strong calls".to_string(), percent_of(cut.share)),
                ("Performance".to_string(), result(cut.performance)),
            ];
            if let Some(r) = c.recovered(cut.performance) {
                chosen.push(("Gap recovered".to_string(), percent_of(r)));
            }
            if let Some(month) = self.month(cut.share) {
                chosen.push(("Month".to_string(), month));
            }
            doc.push(Block::Heading("Chosen threshold".to_string()));
            doc.push(Block::Facts(chosen));
        }
        doc.push(Block::Heading("Every threshold".to_string()));
        let mut headers = vec!["Threshold", "Strong calls", "Performance", "Gap recovered"];
        if self.priced.is_some() {
            headers.push("Month");
        }
        let mut table = TableBlock::numeric(&headers);
        for cut in &c.curve {
            let mut row = vec![
                format!(
                    "{}{}",
                    threshold(cut),
                    if self.chosen == Some(*cut) { " *" } else { "" }
                ),
                percent_of(cut.share),
                result(cut.performance),
                c.recovered(cut.performance).map_or_else(String::new, percent_of),
            ];
            row.extend(self.month(cut.share));
            table.row(row);
        }
        doc.push(Block::Table(table));
        doc
    }

    fn records(&self) -> Records {
        let c = &self.calibration;
        let rows = c
            .curve
            .iter()
            .map(|cut| {
                vec![
                    cut.threshold.map_or_else(String::new, exact),
                    exact(cut.share),
                    exact(cut.performance),
                    c.recovered(cut.performance).map_or_else(String::new, exact),
                    (self.chosen == Some(*cut)).to_string(),
                    self.priced
                        .as_ref()
                        .map_or_else(String::new, |p| exact(p.at(cut.share))),
                ]
            })
            .collect();
        Records {
            headers: THRESHOLD_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
