//! How `diff` reads: a headline ("Monthly estimate rises by $X (+Y%)"), each
//! scenario's estimate and every strategy before and after, the models and prices
//! behind the change, the thresholds checked; and the CSV of all figures.

use super::{Align, Block, Document, Records, Report, TableBlock};
use crate::diff::{Check, DiffReport, Limit, ModelChange, MonthlyCost, RateChange, ScenarioDiff, points};
use crate::figures;
use crate::money::{self, exact};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The CSV columns of `diff`, in order; documented in docs/diff.md.
pub const DIFF_COLUMNS: [&str; 11] = [
    "level",
    "scenario",
    "strategy",
    "tier",
    "base_model",
    "head_model",
    "base_cost",
    "head_cost",
    "difference",
    "percent",
    "currency",
];

impl DiffReport {
    fn money(&self, amount: Decimal) -> String {
        money::display(amount, &self.currency)
    }

    /// A signed difference: `+$12.00`, `-$3.50`, `$0.00`.
    fn signed(&self, amount: Decimal) -> String {
        let text = self.money(amount);
        if amount.is_sign_positive() && !amount.is_zero() {
            format!("+{text}")
        } else {
            text
        }
    }

    /// "Monthly estimate rises by $12.00 (+14.4%)", "falls by ...", "unchanged at ...".
    pub fn headline(&self) -> String {
        let t = &self.total;
        let change = t.percent.map_or_else(|| "from nothing".into(), change);
        match t.diff.cmp(&Decimal::ZERO) {
            Ordering::Greater => format!("Monthly estimate rises by {} ({change})", self.money(t.diff)),
            Ordering::Less => format!("Monthly estimate falls by {} ({change})", self.money(-t.diff)),
            Ordering::Equal => format!(
                "Monthly estimate unchanged at {}",
                self.money(t.new.unwrap_or_default())
            ),
        }
    }

    /// Base, head, difference and change cells of a cost; "—" for a missing side.
    fn cost_cells(&self, c: &MonthlyCost) -> [String; 4] {
        let side = |v: Option<Decimal>| v.map_or_else(|| "—".into(), |v| self.money(v));
        [
            side(c.past),
            side(c.new),
            self.signed(c.diff),
            c.percent.map_or_else(String::new, change),
        ]
    }

    /// "list-2025-11 (2025-11-13), pricing/list-2025-11.yaml" for each distinct catalog of a side.
    fn side_facts(&self, head: bool) -> String {
        let mut seen: Vec<String> = Vec::new();
        for s in &self.scenarios {
            let side = if head { &s.head } else { &s.base };
            let c = &side.catalog;
            let text = format!("catalog {} as of {} ({})", c.name, c.as_of, c.file);
            if !seen.contains(&text) {
                seen.push(text);
            }
        }
        if self.scenarios.iter().any(|s| s.base.scenario != s.head.scenario) {
            for s in &self.scenarios {
                seen.push(if head {
                    s.head.scenario.clone()
                } else {
                    s.base.scenario.clone()
                });
            }
        }
        seen.join("; ")
    }

    fn scenarios_table(&self) -> TableBlock {
        let mut table =
            TableBlock::numeric(&["Scenario", "Estimate", "Base", "Head", "Difference", "Change"]).left_columns(2);
        for s in &self.scenarios {
            let mut row = vec![s.name.clone(), estimate_name(s)];
            row.extend(self.cost_cells(&s.estimate.cost));
            table.row(row);
        }
        if self.scenarios.len() > 1 {
            let mut row = vec!["total".to_string(), String::new()];
            row.extend(self.cost_cells(&self.total));
            table.row(row);
        }
        table
    }

    fn strategies_table(&self, s: &ScenarioDiff) -> TableBlock {
        let mut table =
            TableBlock::numeric(&["Strategy", "Kind", "Base", "Head", "Difference", "Change"]).left_columns(2);
        for st in &s.strategies {
            let mut row = vec![st.name.clone(), st.kind.to_string()];
            row.extend(self.cost_cells(&st.figures.cost));
            table.row(row);
        }
        table
    }

    fn models_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&["Model", "Used by", "Monthly effect"]).left_columns(2);
        for c in &self.model_changes {
            table.row(vec![model_label(c), used_by(c), self.signed(c.monthly_effect)]);
        }
        table
    }

    fn prices_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&["Model", "Rate", "Base", "Head", "Change"]).left_columns(2);
        for c in &self.model_changes {
            if c.rates.is_empty() {
                table.row(vec![
                    model_label(c),
                    "all".into(),
                    String::new(),
                    String::new(),
                    "same prices".into(),
                ]);
            }
            for r in &c.rates {
                table.row(vec![
                    model_label(c),
                    rate_label(r),
                    price(r.past),
                    price(r.new),
                    r.percent.map_or_else(String::new, change),
                ]);
            }
        }
        table
    }

    /// `10%`, `$500.00` or `2 percentage points`.
    fn limit(&self, c: &Check) -> String {
        match c.flag {
            Limit::Increase => format!("{}%", c.limit.normalize()),
            Limit::Above => self.money(c.limit),
            Limit::QualityDrop => points(c.limit),
        }
    }

    fn thresholds_table(&self) -> TableBlock {
        let mut table = TableBlock::numeric(&["Threshold", "Limit", "Result", "Finding"]).left_columns(1);
        table.align[2] = Align::Left;
        table.align[3] = Align::Left;
        for c in &self.thresholds {
            table.row(vec![
                c.flag.flag().to_string(),
                self.limit(c),
                if c.crossed { "crossed" } else { "ok" }.to_string(),
                c.outcome.clone(),
            ]);
        }
        table
    }
}

/// A change in percent, `+<0.1%` or `-<0.1%` where one place would show a change as none.
fn change(percent: Decimal) -> String {
    let shown = figures::percent_change(percent);
    match percent.cmp(&Decimal::ZERO) {
        Ordering::Greater if shown == "0.0%" => "+<0.1%".into(),
        Ordering::Less if shown == "0.0%" => "-<0.1%".into(),
        _ => shown,
    }
}

/// The strategy whose cost is the estimate, `base → head` when they differ.
fn estimate_name(s: &ScenarioDiff) -> String {
    if s.base.strategy == s.head.strategy {
        s.head.strategy.clone()
    } else {
        format!("{} → {}", s.base.strategy, s.head.strategy)
    }
}

/// Where a model serves, the first few places and how many more.
fn used_by(c: &ModelChange) -> String {
    const SHOWN: usize = 3;
    let mut text = c.used_by.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
    if c.used_by.len() > SHOWN {
        text.push_str(&format!(" and {} more", c.used_by.len() - SHOWN));
    }
    text
}

fn model_label(c: &ModelChange) -> String {
    match (c.past_model == c.model, c.mapped) {
        (true, _) => c.model.clone(),
        (false, true) => format!("{} → {} (--map)", c.past_model, c.model),
        (false, false) => format!("{} → {}", c.past_model, c.model),
    }
}

fn rate_label(r: &RateChange) -> String {
    let above = |n: u64| figures::tokens(Decimal::from(n));
    match (r.past_above_tokens, r.above_tokens) {
        (Some(a), Some(b)) if a != b => format!("{} (above {} → {})", r.rate, above(a), above(b)),
        (Some(n), _) | (None, Some(n)) => format!("{} (above {})", r.rate, above(n)),
        (None, None) => r.rate.to_string(),
    }
}

fn price(value: Option<Decimal>) -> String {
    value.map_or_else(|| "—".into(), exact)
}

fn cell(value: Option<Decimal>) -> String {
    value.map_or_else(String::new, exact)
}

/// One CSV row: where it belongs, then the exact costs and their currency.
fn record(place: [&str; 6], c: &MonthlyCost, currency: &str) -> Vec<String> {
    let mut row: Vec<String> = place.iter().map(|p| p.to_string()).collect();
    row.extend([cell(c.past), cell(c.new), exact(c.diff), cell(c.percent)]);
    row.push(currency.to_string());
    row
}

impl Report for DiffReport {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(self.headline()));
        let t = &self.total;
        let estimate = match self.scenarios.first() {
            Some(s) if self.scenarios.iter().all(|x| x.head.strategy == s.head.strategy) => {
                format!("the monthly cost of strategy {}", s.head.strategy)
            }
            _ => "the monthly cost of each scenario's baseline strategy".into(),
        };
        doc.push(Block::Facts(vec![
            (
                "Monthly estimate".into(),
                format!(
                    "{} → {} ({})",
                    self.money(t.past.unwrap_or_default()),
                    self.money(t.new.unwrap_or_default()),
                    self.currency
                ),
            ),
            ("Estimate".into(), estimate),
            ("Base".into(), self.side_facts(false)),
            ("Head".into(), self.side_facts(true)),
        ]));
        doc.push(Block::Heading("Scenarios".into()));
        doc.push(Block::Table(self.scenarios_table()));
        for s in &self.scenarios {
            doc.push(Block::Heading(format!("{}: every strategy", s.name)));
            doc.push(Block::Table(self.strategies_table(s)));
        }
        if !self.model_changes.is_empty() {
            doc.push(Block::Heading("Models behind the change".into()));
            doc.push(Block::Table(self.models_table()));
            doc.push(Block::Heading("Price changes (per 1M tokens)".into()));
            doc.push(Block::Table(self.prices_table()));
        }
        if !self.thresholds.is_empty() {
            doc.push(Block::Heading("Thresholds".into()));
            doc.push(Block::Table(self.thresholds_table()));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for s in &self.scenarios {
            rows.push(record(
                ["scenario", &s.name, &s.head.strategy, "", "", ""],
                &s.estimate.cost,
                &self.currency,
            ));
            for st in &s.strategies {
                rows.push(record(
                    ["strategy", &s.name, &st.name, "", "", ""],
                    &st.figures.cost,
                    &self.currency,
                ));
                for t in &st.tiers {
                    let (past, new) = (t.past_model.as_deref(), t.model.as_deref());
                    rows.push(record(
                        [
                            "tier",
                            &s.name,
                            &st.name,
                            &t.tier,
                            past.unwrap_or_default(),
                            new.unwrap_or_default(),
                        ],
                        &t.cost,
                        &self.currency,
                    ));
                }
            }
        }
        rows.push(record(["total", "", "", "", "", ""], &self.total, &self.currency));
        Records {
            headers: DIFF_COLUMNS.to_vec(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}

#[cfg(test)]
mod tests {
    use super::change;
    use rust_decimal_macros::dec;

    #[test]
    fn tiny_changes_do_not_read_as_none() {
        // 1.5975 / 9,089.0795 × 100 = 0.0175…%
        assert_eq!(change(dec!(0.017576)), "+<0.1%");
        assert_eq!(change(dec!(-0.04)), "-<0.1%");
        assert_eq!(change(dec!(0)), "0.0%");
        assert_eq!(change(dec!(-12.243944)), "-12.2%");
    }
}
