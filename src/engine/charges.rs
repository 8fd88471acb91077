//! A strategy's bill summed line by line over all its calls: for each tier,
//! kind of call, model, billing class, long-context switch, part of the bill
//! and rate, the tokens (requests for a fee) and what they cost. This is what
//! billing exports carry (FOCUS rows, `report/focus.rs`), for a planned month
//! (`simulate`), for replayed logs (`replay`) and for a forecast's month to
//! date and rest of the month (`forecast`) alike.

use super::report::{Role, Served, StrategyReport};
use crate::money::carry;
use crate::tariff::{Mode, PaidBill, Part};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One line of a bill over every call it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The tier of the calls; `None` for usage buckets, which have none.
    pub tier: Option<String>,
    pub role: Role,
    pub model: String,
    pub long_context: bool,
    pub mode: Mode,
    pub part: Part,
    /// Per 1M tokens (per request for the fee).
    pub rate: Decimal,
    /// Tokens over every call (requests for the fee).
    pub quantity: Decimal,
    pub cost: Decimal,
}

/// The requests of a tier no model served, and what the people handling them cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalated {
    pub tier: String,
    pub requests: Decimal,
    pub cost: Decimal,
}

/// What a line is grouped by: tier, kind of call, model, long context,
/// billing class, part of the bill, rate.
type Key = (Option<String>, Role, String, bool, Mode, Part, Decimal);

/// Everything a strategy's bill charges, grouped: quantity and cost by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Charges {
    lines: BTreeMap<Key, (Decimal, Decimal)>,
    escalated: BTreeMap<String, (Decimal, Decimal)>,
}

impl Charges {
    /// The charges of a planned month (`simulate`).
    pub fn of_plan(strategy: &StrategyReport) -> Self {
        let mut charges = Self::default();
        for tier in &strategy.tiers {
            for served in &tier.served {
                charges.add_served(&tier.tier, served);
            }
            charges.add_escalated(&tier.tier, tier.escalations, tier.components.human);
        }
        charges
    }

    /// Adds the calls of `served` made for tier `tier`.
    pub fn add_served(&mut self, tier: &str, served: &Served) {
        for line in &served.bill.lines {
            if line.quantity.is_zero() || line.weight.is_zero() {
                continue;
            }
            let key = (
                Some(tier.to_string()),
                served.role,
                served.model.clone(),
                served.bill.long_context,
                line.mode,
                line.part,
                line.rate,
            );
            let (quantity, cost) = self.lines.entry(key).or_default();
            *quantity += line.weight * line.quantity * served.requests;
            *cost += line.monthly(served.requests);
        }
    }

    /// Adds a usage bucket's bill, as logged on `model`.
    pub fn add_paid(&mut self, model: &str, bill: &PaidBill) {
        for line in bill.lines.iter().filter(|l| l.quantity > 0) {
            let key = (
                None,
                Role::Answer,
                model.to_string(),
                bill.long_context,
                bill.mode,
                line.part,
                line.rate,
            );
            let (quantity, cost) = self.lines.entry(key).or_default();
            *quantity += Decimal::from(line.quantity);
            *cost += line.cost;
        }
    }

    /// Adds `requests` of tier `tier` that no model served, costing `cost`.
    pub fn add_escalated(&mut self, tier: &str, requests: Decimal, cost: Decimal) {
        if cost.is_zero() && requests.is_zero() {
            return;
        }
        let (r, c) = self.escalated.entry(tier.to_string()).or_default();
        *r += requests;
        *c += cost;
    }

    /// These charges for `share` of the calls (a part of a month): every
    /// quantity and cost times `share`, carried to `money::PLACES`.
    pub fn scaled(&self, share: Decimal) -> Self {
        let times = |(q, c): &(Decimal, Decimal)| (carry(q * share), carry(c * share));
        Self {
            lines: self.lines.iter().map(|(k, v)| (k.clone(), times(v))).collect(),
            escalated: self.escalated.iter().map(|(k, v)| (k.clone(), times(v))).collect(),
        }
    }

    /// The lines, in the order of their keys.
    pub fn lines(&self) -> impl Iterator<Item = Charge> + '_ {
        self.lines.iter().map(
            |((tier, role, model, long, mode, part, rate), (quantity, cost))| Charge {
                tier: tier.clone(),
                role: *role,
                model: model.clone(),
                long_context: *long,
                mode: *mode,
                part: *part,
                rate: *rate,
                quantity: quantity.normalize(),
                cost: cost.normalize(),
            },
        )
    }

    /// The tiers with requests no model served.
    pub fn escalated(&self) -> impl Iterator<Item = Escalated> + '_ {
        self.escalated.iter().map(|(tier, (requests, cost))| Escalated {
            tier: tier.clone(),
            requests: requests.normalize(),
            cost: cost.normalize(),
        })
    }
}
