//! What `simulate` adds for routing, cascades, fallbacks and quality: the
//! comparison's extra columns (only those some strategy uses) and, for each
//! strategy whose requests do not simply go to their tier's model, a table of
//! every call made for each tier.

use super::TableBlock;
use crate::engine::{Extras, Role, SimulationReport, StrategyReport};
use crate::money::{self, exact};
use rust_decimal::{Decimal, RoundingStrategy};

/// One optional column of the comparison.
struct Column {
    header: &'static str,
    cell: fn(&SimulationReport, &StrategyReport) -> String,
    used: fn(&StrategyReport) -> bool,
}

fn money_cell(r: &SimulationReport, amount: Decimal) -> String {
    money::display(amount, &r.catalog.currency)
}

/// An expected count: grouped like tokens, with four decimals when below 1.
fn count(n: Decimal) -> String {
    if n < Decimal::ONE {
        n.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
            .normalize()
            .to_string()
    } else {
        money::tokens(n)
    }
}

const COLUMNS: [Column; 8] = [
    Column {
        header: "Classifier",
        cell: |r, s| money_cell(r, s.extras.classifier),
        used: |s| !s.extras.classifier.is_zero(),
    },
    Column {
        header: "Misrouting",
        cell: |r, s| money_cell(r, s.extras.misrouting),
        used: |s| !s.extras.misrouting.is_zero(),
    },
    Column {
        header: "Cascade",
        cell: |r, s| money_cell(r, s.extras.cascade),
        used: |s| !s.extras.cascade.is_zero(),
    },
    Column {
        header: "Fallback",
        cell: |r, s| money_cell(r, s.extras.fallback),
        used: |s| !s.extras.fallback.is_zero(),
    },
    Column {
        header: "Escalations",
        cell: |_, s| count(s.escalations),
        used: |s| !s.escalations.is_zero(),
    },
    Column {
        header: "Escalation cost",
        cell: |r, s| money_cell(r, s.extras.escalation),
        used: |s| !s.extras.escalation.is_zero(),
    },
    Column {
        header: "Quality",
        cell: |_, s| s.quality.map_or_else(String::new, money::percent_of),
        used: |s| s.quality.is_some(),
    },
    Column {
        header: "Per success",
        cell: |r, s| s.cost_per_success.map_or_else(String::new, |c| money_cell(r, c)),
        used: |s| s.cost_per_success.is_some(),
    },
];

/// The extra comparison columns some strategy uses: headers, and a row of cells per strategy.
pub(super) fn comparison_columns(r: &SimulationReport) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let used: Vec<&Column> = COLUMNS
        .iter()
        .filter(|c| r.strategies.iter().any(|s| (c.used)(s)))
        .collect();
    let headers = used.iter().map(|c| c.header).collect();
    let rows = r
        .strategies
        .iter()
        .map(|s| used.iter().map(|c| (c.cell)(r, s)).collect())
        .collect();
    (headers, rows)
}

/// Whether a strategy's requests do anything but go once to their tier's model.
pub(super) fn has_calls_table(s: &StrategyReport) -> bool {
    s.tiers
        .iter()
        .any(|t| !t.escalations.is_zero() || t.served.len() != 1 || t.served.iter().any(|c| c.model != t.model))
}

/// Every call made for each tier's requests, and the escalations to people.
pub(super) fn calls_table(r: &SimulationReport, s: &StrategyReport) -> TableBlock {
    let mut table =
        TableBlock::numeric(&["Tier", "Call", "Model", "Calls a month", "Per call", "Monthly cost"]).left_columns(3);
    for t in &s.tiers {
        for c in &t.served {
            table.row(vec![
                t.tier.clone(),
                c.role.label().to_string(),
                c.model.clone(),
                count(c.requests),
                money_cell(r, c.bill.total()),
                money_cell(r, c.cost),
            ]);
        }
        if !t.escalations.is_zero() {
            table.row(vec![
                t.tier.clone(),
                "escalated to a person".into(),
                String::new(),
                count(t.escalations),
                money_cell(r, t.extras.escalation / t.escalations),
                money_cell(r, t.extras.escalation),
            ]);
        }
    }
    let answers = s
        .tiers
        .iter()
        .flat_map(|t| &t.served)
        .filter(|c| c.role == Role::Answer)
        .map(|c| c.requests)
        .sum::<Decimal>();
    table.row(vec![
        "total".into(),
        format!("{} answers", money::tokens(answers)),
        String::new(),
        money::tokens(s.tiers.iter().flat_map(|t| &t.served).map(|c| c.requests).sum()),
        String::new(),
        money_cell(r, s.total),
    ]);
    table
}

/// CSV columns that follow `simulate`'s components.
pub(super) const EXTRA_COLUMNS: [&str; 8] = [
    "human_cost",
    "classifier_cost",
    "misrouting_cost",
    "cascade_cost",
    "fallback_cost",
    "escalations",
    "quality",
    "cost_per_success",
];

/// The CSV cells of `EXTRA_COLUMNS` for a tier or a strategy's total.
pub(super) fn extra_cells(
    human: Decimal,
    extras: &Extras,
    escalations: Decimal,
    quality: Option<Decimal>,
    cost_per_success: Option<Decimal>,
) -> [String; 8] {
    [
        exact(human),
        exact(extras.classifier),
        exact(extras.misrouting),
        exact(extras.cascade),
        exact(extras.fallback),
        exact(escalations),
        quality.map_or_else(String::new, exact),
        cost_per_success.map_or_else(String::new, exact),
    ]
}
