//! How `optimize` reads: the question, what was searched, the frontier
//! cheapest first with what each step buys, and the plan chosen.

use super::{Block, Document, Records, Report, TableBlock, inputs};
use crate::engine::delta;
use crate::figures::{percent_change, percent_of};
use crate::money::{self, exact};
use crate::optimize::{Goal, Optimization, Plan, named as techniques};
use rust_decimal::Decimal;

/// The CSV columns of `optimize`, in order (with `--risk`, `p95` and
/// `on_p95_frontier` follow); documented in docs/optimize.md.
pub const OPTIMIZE_COLUMNS: [&str; 11] = [
    "point",
    "chosen",
    "cost",
    "quality",
    "step_cost",
    "step_quality",
    "cost_per_point",
    "routing",
    "techniques",
    "models",
    "currency",
];

fn models(plan: &Plan) -> String {
    let first = plan.models.first().map(|(_, m)| m);
    if plan.models.len() > 1 && plan.models.iter().all(|(_, m)| Some(m) == first) {
        return format!("{} (every tier)", first.map_or("", String::as_str));
    }
    plan.models
        .iter()
        .map(|(tier, model)| format!("{tier}: {model}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the step from the previous point costs and buys: the extra cost,
/// the extra quality, and the cost of one percentage point of quality.
fn step(frontier: &[Plan], i: usize) -> Option<(Decimal, Decimal, Decimal)> {
    let before = frontier.get(i.checked_sub(1)?)?;
    let plan = &frontier[i];
    let cost = plan.cost - before.cost;
    let quality = plan.quality - before.quality;
    let per_point = money::carry(cost / (quality * Decimal::ONE_HUNDRED));
    Some((cost, quality, per_point))
}

impl Optimization {
    fn question(&self) -> String {
        let currency = &self.catalog.currency;
        match self.goal {
            Goal::Frontier => "the frontier only (give --quality-floor or --budget to choose a plan)".to_string(),
            Goal::QualityFloor(q) => format!("the cheapest plan of quality {} or more", percent_of(q)),
            Goal::Budget(b) => format!("the best quality within {} a month", money::display(b, currency)),
        }
    }
}

impl Report for Optimization {
    fn document(&self) -> Document {
        let currency = &self.catalog.currency;
        let mut doc = Document::default();
        doc.push(Block::Title(format!("Optimization: {}", self.scenario.name)));
        let mut facts = inputs::facts(&self.scenario, &self.catalog);
        facts.push(("Question".into(), self.question()));
        facts.push(("Candidates".into(), self.candidates.join(", ")));
        facts.push((
            "Routings".into(),
            self.routings
                .iter()
                .map(|r| r.describe())
                .collect::<Vec<_>>()
                .join("; "),
        ));
        facts.push((
            "Techniques tried".into(),
            self.technique_sets
                .iter()
                .map(|t| techniques(t))
                .collect::<Vec<_>>()
                .join("; "),
        ));
        let base = &self.baseline;
        facts.push((
            "Baseline".into(),
            format!(
                "{}: {} a month{}",
                base.name,
                money::display(base.total, currency),
                base.quality
                    .map_or(String::new(), |q| format!(", quality {}", percent_of(q)))
            ),
        ));
        doc.push(Block::Facts(facts));
        doc.push(Block::Heading(format!(
            "Frontier: {} plans, cheapest first; none is both cheaper and better than another",
            self.frontier.len()
        )));
        let mut table = TableBlock::numeric(&[
            "#",
            "Monthly cost",
            "Quality",
            "Step cost",
            "Step quality",
            "Per point",
            "Routing",
            "Techniques",
            "Models",
        ]);
        for a in [6, 7, 8] {
            table.align[a] = super::Align::Left;
        }
        if self.risk.is_some() {
            table.headers.insert(3, "p95".to_string());
            table.align.insert(3, super::Align::Right);
        }
        let chosen = self.chosen.as_ref().map(|c| c.point);
        for (i, plan) in self.frontier.iter().enumerate() {
            let (step_cost, step_quality, per_point) = match step(&self.frontier, i) {
                Some((c, q, p)) => (
                    format!("+{}", money::display(c, currency)),
                    format!("+{} pts", (q * Decimal::ONE_HUNDRED).round_dp(4).normalize()),
                    money::display(p, currency),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            let mut row = vec![
                format!("{}{}", i + 1, if chosen == Some(i) { " *" } else { "" }),
                money::display(plan.cost, currency),
                percent_of(plan.quality),
                step_cost,
                step_quality,
                per_point,
                plan.routing.describe(),
                techniques(&plan.techniques),
                models(plan),
            ];
            if let Some(risk) = &self.risk {
                let mark = if risk.frontier.contains(&i) { " ◆" } else { "" };
                row.insert(3, format!("{}{mark}", money::display(risk.p95[i], currency)));
            }
            table.row(row);
        }
        doc.push(Block::Table(table));
        if let Some(risk) = &self.risk {
            doc.push(Block::Text(format!(
                "p95: the nearest-rank 95th percentile of {} sampled months (seed {}); ◆ marks the {} plans no other beats on both p95 and quality.",
                risk.runs,
                risk.seed,
                risk.frontier.len()
            )));
        }
        doc.push(Block::Text(
            "Per point: what one more percentage point of quality costs a month on that step.".into(),
        ));
        if let Some(c) = &self.chosen {
            let plan = &self.frontier[c.point];
            let d = delta(c.priced.total, base.total);
            doc.push(Block::Heading(format!(
                "Chosen: #{} (strategy {})",
                c.point + 1,
                c.priced.name
            )));
            doc.push(Block::Facts(vec![
                ("Routing".into(), plan.routing.describe()),
                ("Techniques".into(), techniques(&plan.techniques)),
                ("Models".into(), models(plan)),
                (
                    "Monthly cost".into(),
                    format!("{} (as simulate prices it)", money::display(c.priced.total, currency)),
                ),
                (
                    "Quality".into(),
                    c.priced.quality.map_or_else(|| "n/a".to_string(), percent_of),
                ),
                (
                    format!("vs {}", base.name),
                    format!(
                        "{} ({})",
                        money::display(d.difference, currency),
                        d.percent.map_or_else(|| "n/a".to_string(), percent_change)
                    ),
                ),
            ]));
        }
        doc.push(Block::Notes(self.warnings.clone()));
        doc
    }

    fn records(&self) -> Records {
        let chosen = self.chosen.as_ref().map(|c| c.point);
        let rows = self
            .frontier
            .iter()
            .enumerate()
            .map(|(i, plan)| {
                let s = step(&self.frontier, i);
                vec![
                    (i + 1).to_string(),
                    (chosen == Some(i)).to_string(),
                    exact(plan.cost),
                    exact(plan.quality),
                    s.map_or_else(String::new, |(c, _, _)| exact(c)),
                    s.map_or_else(String::new, |(_, q, _)| exact(q)),
                    s.map_or_else(String::new, |(_, _, p)| exact(p)),
                    plan.routing.describe(),
                    techniques(&plan.techniques),
                    models(plan),
                    self.catalog.currency.clone(),
                ]
            })
            .collect();
        let mut headers = OPTIMIZE_COLUMNS.to_vec();
        let mut rows: Vec<Vec<String>> = rows;
        if let Some(risk) = &self.risk {
            headers.extend(["p95", "on_p95_frontier"]);
            for (i, row) in rows.iter_mut().enumerate() {
                row.push(exact(risk.p95[i]));
                row.push(risk.frontier.contains(&i).to_string());
            }
        }
        Records { headers, rows }
    }

    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}
