//! How `simulate` reads: the comparison of strategies against the baseline, a
//! per-tier breakdown of every routed strategy, and the CSV of both.

use super::capacity;
use super::routing::{self, EXTRA_COLUMNS};
use super::{Block, Document, Records, Report, TableBlock, inputs};
use crate::engine::{Components, SimulationReport, StrategyReport};
use crate::figures;
use crate::money::{self, exact};
use rust_decimal::Decimal;

/// The CSV columns of `simulate`, in order (then `routing::EXTRA_COLUMNS` and
/// `currency`); documented in docs/output-formats.md. `row` is `tier` for a tier's row and
/// `total` for a strategy's total, whose `tier` is empty, and `capacity` for a
/// self-hosted deployment's rent (its `model` the deployment), and `commitment`
/// for a provisioned commitment's reservation less the calls its units carry,
/// or a committed spend's true-up less its discount (its `model` the offer): summing the `tier`, `capacity` and `commitment`
/// rows gives the total once, whatever the tiers are named.
pub const SIMULATION_COLUMNS: [&str; 20] = [
    "strategy",
    "row",
    "tier",
    "model",
    "share",
    "interactions",
    "input_tokens",
    "output_tokens",
    "cost",
    "reasoning_tokens",
    "cost_per_interaction",
    "input_cost",
    "cached_input_cost",
    "cache_write_cost",
    "output_cost",
    "reasoning_cost",
    "fee_cost",
    "techniques",
    "difference_vs_baseline",
    "percent_vs_baseline",
];

impl SimulationReport {
    fn money(&self, amount: Decimal) -> String {
        money::display(amount, &self.catalog.currency)
    }

    fn comparison(&self) -> TableBlock {
        let vs = format!("vs {}", self.baseline);
        let with_techniques = self.strategies.iter().any(|s| !s.techniques.is_empty());
        let mut headers = vec!["Strategy", "Kind"];
        if with_techniques {
            headers.push("Techniques");
        }
        headers.extend(["Monthly cost", "Per interaction", vs.as_str(), "Change"]);
        let (extra_headers, extra_rows) = routing::comparison_columns(self);
        headers.extend(extra_headers);
        let mut table = TableBlock::numeric(&headers).left_columns(if with_techniques { 3 } else { 2 });
        for (s, extra) in self.strategies.iter().zip(extra_rows) {
            let mut row = vec![s.name.clone(), s.kind.to_string()];
            if with_techniques {
                row.push(techniques(s));
            }
            row.push(self.money(s.total));
            row.push(self.money(s.per_interaction));
            if s.name == self.baseline {
                row.extend(["baseline".to_string(), String::new()]);
            } else {
                let delta = s.vs_baseline;
                row.push(delta.map_or_else(String::new, |d| self.money(d.difference)));
                row.push(
                    delta
                        .and_then(|d| d.percent)
                        .map_or_else(String::new, figures::percent_change),
                );
            }
            row.extend(extra);
            table.row(row);
        }
        table
    }

    fn tiers(&self, s: &StrategyReport) -> TableBlock {
        let mut table = TableBlock::numeric(&[
            "Tier",
            "Model",
            "Share",
            "Interactions",
            "Input tokens",
            "Output tokens",
            "Monthly cost",
        ])
        .left_columns(2);
        for t in &s.tiers {
            table.row(vec![
                t.tier.clone(),
                routing::models(s, t),
                figures::percent_of(t.share),
                figures::tokens(t.interactions),
                figures::tokens(t.input_tokens),
                figures::tokens(t.output_tokens),
                self.money(t.cost),
            ]);
        }
        let sum = |f: fn(&crate::engine::TierReport) -> Decimal| s.tiers.iter().map(f).sum::<Decimal>();
        table.row(vec![
            "total".into(),
            String::new(),
            figures::percent_of(sum(|t| t.share)),
            figures::tokens(sum(|t| t.interactions)),
            figures::tokens(sum(|t| t.input_tokens)),
            figures::tokens(sum(|t| t.output_tokens)),
            self.money(s.total),
        ]);
        table
    }
}

fn techniques(s: &StrategyReport) -> String {
    if s.techniques.is_empty() {
        "none".into()
    } else {
        s.techniques.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")
    }
}

fn component_cells(c: &Components) -> [String; 6] {
    [c.input, c.cached_input, c.cache_write, c.output, c.reasoning, c.fees].map(exact)
}

impl Report for SimulationReport {
    fn document(&self) -> Document {
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Monthly LLM cost: {}", self.scenario.name)));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push(("Baseline".into(), self.baseline.clone()));
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading("Strategies".into()));
        doc.push(Block::Table(self.comparison()));
        for s in self.strategies.iter().filter(|s| s.kind != "single") {
            doc.push(Block::Heading(format!("{}: per tier", s.name)));
            doc.push(Block::Table(self.tiers(s)));
            if let Some(bill) = &s.capacity {
                doc.push(Block::Heading(format!("{}: capacity", s.name)));
                doc.push(Block::Facts(capacity::facts(bill, &self.catalog.currency)));
            }
            if let Some(bill) = &s.commitment {
                doc.push(Block::Heading(format!("{}: commitment", s.name)));
                doc.push(Block::Facts(capacity::commitment_facts(bill, &self.catalog.currency)));
            }
            if let Some(bill) = &s.spend {
                doc.push(Block::Heading(format!("{}: committed spend", s.name)));
                doc.push(Block::Facts(capacity::spend_facts(bill, &self.catalog.currency)));
            }
        }
        for s in &self.strategies {
            if let Some(bill) = &s.storage {
                doc.push(Block::Heading(format!("{}: explicit cache storage", s.name)));
                doc.push(Block::Facts(capacity::storage_facts(bill, &self.catalog.currency)));
            }
        }
        for s in self.strategies.iter().filter(|s| routing::has_calls_table(s)) {
            doc.push(Block::Heading(format!("{}: every call a month", s.name)));
            doc.push(Block::Table(routing::calls_table(self, s)));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let mut rows = Vec::new();
        for s in &self.strategies {
            let techniques = s.techniques.iter().map(|t| t.name()).collect::<Vec<_>>().join("+");
            for t in &s.tiers {
                let per_interaction = if t.interactions.is_zero() {
                    Decimal::ZERO
                } else {
                    t.cost / t.interactions
                };
                let mut row = vec![
                    s.name.clone(),
                    "tier".into(),
                    t.tier.clone(),
                    t.model.clone(),
                    exact(t.share),
                    exact(t.interactions),
                    exact(t.input_tokens),
                    exact(t.output_tokens),
                    exact(t.cost),
                    exact(t.reasoning_tokens),
                    exact(per_interaction),
                ];
                row.extend(component_cells(&t.components));
                row.extend([techniques.clone(), String::new(), String::new()]);
                row.extend(routing::extra_cells(
                    t.components.human,
                    &t.extras,
                    t.escalations,
                    t.quality,
                    None,
                ));
                row.push(self.catalog.currency.clone());
                rows.push(row);
            }
            for cache in s.storage.iter().flat_map(|b| &b.caches) {
                let mut row = vec![String::new(); SIMULATION_COLUMNS.len() + EXTRA_COLUMNS.len()];
                row[0] = s.name.clone();
                row[1] = "cache storage".into();
                row[2] = cache.tier.clone();
                row[3] = cache.model.clone();
                row[8] = exact(cache.cost);
                row.push(self.catalog.currency.clone());
                rows.push(row);
            }
            if let Some(bill) = &s.capacity {
                let mut row = vec![String::new(); SIMULATION_COLUMNS.len() + EXTRA_COLUMNS.len()];
                row[0] = s.name.clone();
                row[1] = "capacity".into();
                row[3] = bill.deployment.clone();
                row[8] = exact(bill.total);
                row.push(self.catalog.currency.clone());
                rows.push(row);
            }
            let committed = s
                .commitment
                .as_ref()
                .map(|b| (&b.offer, b.total - b.pay_as_you_go))
                .or(s.spend.as_ref().map(|b| (&b.offer, b.total - b.pay_as_you_go)));
            if let Some((offer, change)) = committed {
                let mut row = vec![String::new(); SIMULATION_COLUMNS.len() + EXTRA_COLUMNS.len()];
                row[0] = s.name.clone();
                row[1] = "commitment".into();
                row[3] = offer.clone();
                row[8] = exact(change);
                row.push(self.catalog.currency.clone());
                rows.push(row);
            }
            let single_model = match s.tiers.as_slice() {
                [first, rest @ ..] if s.kind != "cascade" && rest.iter().all(|t| t.model == first.model) => {
                    first.model.clone()
                }
                _ => String::new(),
            };
            let sum = |f: fn(&crate::engine::TierReport) -> Decimal| s.tiers.iter().map(f).sum::<Decimal>();
            let mut row = vec![
                s.name.clone(),
                "total".into(),
                String::new(),
                single_model,
                exact(sum(|t| t.share)),
                exact(sum(|t| t.interactions)),
                exact(sum(|t| t.input_tokens)),
                exact(sum(|t| t.output_tokens)),
                exact(s.total),
                exact(sum(|t| t.reasoning_tokens)),
                exact(s.per_interaction),
            ];
            row.extend(component_cells(&s.components));
            row.push(techniques);
            row.push(s.vs_baseline.map_or_else(String::new, |d| exact(d.difference)));
            row.push(s.vs_baseline.and_then(|d| d.percent).map_or_else(String::new, exact));
            row.extend(routing::extra_cells(
                s.components.human,
                &s.extras,
                s.escalations,
                s.quality,
                s.cost_per_success,
            ));
            row.push(self.catalog.currency.clone());
            rows.push(row);
        }
        Records {
            headers: SIMULATION_COLUMNS
                .iter()
                .chain(&EXTRA_COLUMNS)
                .chain(&["currency"])
                .copied()
                .collect(),
            rows,
        }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
