//! How `replay` reads: the logs and how their calls found a tier, the calls
//! per tier, then every strategy's cost of the same calls against what they
//! actually cost (the `actual` row, the baseline), with what routing moved,
//! and each routed strategy's cost by tier. CSV carries one row for the
//! actual cost, and per strategy a total row and a row per tier.

use super::{Block, Document, Records, Report, TableBlock};
use crate::engine::{ReplayReport, ReplayedStrategy, TierCost};
use crate::figures;
use crate::money::{display, exact};
use rust_decimal::Decimal;

/// The CSV columns of `replay`, in order; documented in docs/replay.md.
pub const REPLAY_COLUMNS: [&str; 22] = [
    "strategy",
    "row",
    "tier",
    "kind",
    "requests",
    "cost",
    "per_request",
    "difference_vs_actual",
    "percent_vs_actual",
    "input_cost",
    "cached_input_cost",
    "cache_write_cost",
    "output_cost",
    "reasoning_cost",
    "fee_cost",
    "human_cost",
    "classifier_cost",
    "misrouting_cost",
    "cascade_cost",
    "fallback_cost",
    "escalations",
    "currency",
];

fn count(n: u128) -> String {
    figures::grouped(&n.to_string())
}

impl ReplayReport {
    fn money(&self, amount: Decimal) -> String {
        display(amount, &self.currency)
    }

    /// Requests replayed: placed calls and the calls of buckets.
    fn replayed(&self) -> u128 {
        self.calls_by_tier.iter().map(|t| u128::from(t.calls)).sum::<u128>() + self.bucket_requests
    }

    fn per_request(&self, amount: Decimal) -> Decimal {
        match self.replayed() {
            0 => Decimal::ZERO,
            n => crate::money::carry(amount / Decimal::from(n)),
        }
    }

    fn routed(&self) -> bool {
        self.strategies.iter().any(|s| !s.extras.total().is_zero())
    }

    fn comparison(&self) -> TableBlock {
        let mut headers = vec!["Strategy", "Kind", "Cost", "Per request", "vs actual", "Change"];
        let routed = self.routed();
        if routed {
            headers.extend(["Classifier", "Misrouting", "Cascade", "Fallback", "Escalation"]);
        }
        let mut table = TableBlock::numeric(&headers).left_columns(2);
        let mut actual = vec![
            "actual".to_string(),
            "logged".to_string(),
            self.money(self.actual),
            self.money(self.per_request(self.actual)),
            "baseline".to_string(),
            String::new(),
        ];
        if routed {
            actual.extend(std::iter::repeat_n(String::new(), 5));
        }
        table.row(actual);
        for s in &self.strategies {
            let mut row = vec![
                s.name.clone(),
                s.kind.to_string(),
                self.money(s.total),
                self.money(s.per_request),
                self.money(s.vs_actual.difference),
                s.vs_actual.percent.map_or_else(String::new, figures::percent_change),
            ];
            if routed {
                let e = &s.extras;
                row.extend([e.classifier, e.misrouting, e.cascade, e.fallback, e.escalation].map(|v| self.money(v)));
            }
            table.row(row);
        }
        table
    }

    fn tier_row(&self, s: &ReplayedStrategy, t: &TierCost) -> Vec<String> {
        let (requests, cost) = (t.calls, t.cost);
        let mut row = vec![
            s.name.clone(),
            "tier".into(),
            t.tier.clone(),
            s.kind.to_string(),
            requests.to_string(),
            exact(cost),
            exact(if requests == 0 {
                Decimal::ZERO
            } else {
                crate::money::carry(cost / Decimal::from(requests))
            }),
        ];
        row.extend(std::iter::repeat_n(String::new(), 14));
        row.push(self.currency.clone());
        row
    }
}

impl Report for ReplayReport {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!(
            "Replay: {} under {}",
            self.source, self.scenario.name
        )));
        let mut facts = vec![
            ("Logs".to_string(), self.source.clone()),
            (
                "Scenario".to_string(),
                format!("{} ({})", self.scenario.name, self.scenario.file),
            ),
            ("Catalog".to_string(), format!("{} ({})", self.catalog, self.currency)),
            ("Tiers".to_string(), self.tiering.clone()),
            (
                "Records".to_string(),
                format!(
                    "{} ({} requests; {} replayed)",
                    count(u128::from(self.records)),
                    count(self.requests),
                    count(self.replayed())
                ),
            ),
        ];
        if self.unplaced > 0 {
            facts.push((
                "In no tier".to_string(),
                format!(
                    "{} calls ({} as logged; not replayed)",
                    count(u128::from(self.unplaced)),
                    self.money(self.unplaced_cost)
                ),
            ));
        }
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading("Calls by tier".into()));
        let mut tiers = TableBlock::numeric(&["Tier", "Calls"]);
        for t in &self.calls_by_tier {
            tiers.row(vec![t.tier.clone(), count(u128::from(t.calls))]);
        }
        if self.bucket_requests > 0 {
            tiers.row(vec!["(in usage buckets)".into(), count(self.bucket_requests)]);
        }
        doc.push(Block::Table(tiers));
        doc.push(Block::Heading("Strategies".into()));
        doc.push(Block::Table(self.comparison()));
        for s in self.strategies.iter().filter(|s| s.kind != "single") {
            doc.push(Block::Heading(format!("{}: per tier", s.name)));
            let mut table = TableBlock::numeric(&["Tier", "Calls", "Cost"]);
            for t in &s.tiers {
                table.row(vec![t.tier.clone(), count(u128::from(t.calls)), self.money(t.cost)]);
            }
            doc.push(Block::Table(table));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        let mut actual = vec![
            "actual".to_string(),
            "total".into(),
            String::new(),
            "logged".into(),
            self.replayed().to_string(),
            exact(self.actual),
            exact(self.per_request(self.actual)),
        ];
        actual.extend(std::iter::repeat_n(String::new(), 14));
        actual.push(self.currency.clone());
        rows.push(actual);
        for s in &self.strategies {
            let c = &s.components;
            let e = &s.extras;
            let mut row = vec![
                s.name.clone(),
                "total".into(),
                String::new(),
                s.kind.to_string(),
                self.replayed().to_string(),
                exact(s.total),
                exact(s.per_request),
                exact(s.vs_actual.difference),
                s.vs_actual.percent.map_or_else(String::new, exact),
            ];
            row.extend(
                [
                    c.input,
                    c.cached_input,
                    c.cache_write,
                    c.output,
                    c.reasoning,
                    c.fees,
                    c.human,
                    e.classifier,
                    e.misrouting,
                    e.cascade,
                    e.fallback,
                    s.escalations,
                ]
                .map(exact),
            );
            row.push(self.currency.clone());
            rows.push(row);
            for t in &s.tiers {
                rows.push(self.tier_row(s, t));
            }
        }
        Records {
            headers: REPLAY_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
