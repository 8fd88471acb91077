//! What `simulate` adds for routing, cascades, fallbacks and quality: the
//! comparison's extra columns (only those some strategy uses) and, for each
//! strategy whose requests do not simply go to their tier's model, a table of
//! every call made for each tier.

use super::TableBlock;
use crate::engine::{Extras, Role, SimulationReport, StrategyReport, TierReport};
use crate::figures;
use crate::money::{self, exact};
use rust_decimal::{Decimal, RoundingStrategy};

fn money_cell(r: &SimulationReport, amount: Decimal) -> String {
    money::display(amount, &r.catalog.currency)
}

/// An expected count: grouped like tokens, with four decimals when below 1.
pub(super) fn count(n: Decimal) -> String {
    if n < Decimal::ONE {
        let rounded = n.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven);
        if rounded.is_zero() && !n.is_zero() {
            "<0.0001".into()
        } else {
            rounded.normalize().to_string()
        }
    } else {
        figures::tokens(n)
    }
}

/// A value of an optional comparison column.
enum Value {
    Money(Decimal),
    Count(Decimal),
    Share(Decimal),
}

type Column = (&'static str, fn(&StrategyReport) -> Option<Value>);

const COLUMNS: [Column; 8] = [
    ("Classifier", |s| Some(Value::Money(s.extras.classifier))),
    ("Misrouting", |s| Some(Value::Money(s.extras.misrouting))),
    ("Cascade", |s| Some(Value::Money(s.extras.cascade))),
    ("Fallback", |s| Some(Value::Money(s.extras.fallback))),
    ("Escalations", |s| Some(Value::Count(s.escalations))),
    ("Escalation cost", |s| Some(Value::Money(s.extras.escalation))),
    ("Quality", |s| s.quality.map(Value::Share)),
    ("Per success", |s| s.cost_per_success.map(Value::Money)),
];

/// Whether a value is worth a column: a quality score always, money and counts when not zero.
fn shown(value: Option<Value>) -> bool {
    match value {
        Some(Value::Money(v) | Value::Count(v)) => !v.is_zero(),
        Some(Value::Share(_)) => true,
        None => false,
    }
}

/// The extra comparison columns some strategy uses: headers, and a row of cells per strategy.
pub(super) fn comparison_columns(r: &SimulationReport) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let used: Vec<&Column> = COLUMNS
        .iter()
        .filter(|(_, value)| r.strategies.iter().any(|s| shown(value(s))))
        .collect();
    let headers = used.iter().map(|(header, _)| *header).collect();
    let cell = |value: Option<Value>| match value {
        Some(Value::Money(v)) => money_cell(r, v),
        Some(Value::Count(v)) => count(v),
        Some(Value::Share(v)) => figures::percent_of(v),
        None => String::new(),
    };
    let rows = r
        .strategies
        .iter()
        .map(|s| used.iter().map(|(_, value)| cell(value(s))).collect())
        .collect();
    (headers, rows)
}

/// The model of a tier, or a cascade's models in the order they answer.
pub(super) fn models(s: &StrategyReport, t: &TierReport) -> String {
    if s.kind != "cascade" {
        return t.model.clone();
    }
    let answering: Vec<&str> = t
        .served
        .iter()
        .filter(|c| c.role == Role::Answer)
        .map(|c| c.model.as_str())
        .collect();
    answering.join(" → ")
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
        format!("{} answers", figures::tokens(answers)),
        String::new(),
        figures::tokens(s.tiers.iter().flat_map(|t| &t.served).map(|c| c.requests).sum()),
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
