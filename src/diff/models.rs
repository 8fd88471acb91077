//! The price changes behind a difference: for every model a tier moved from
//! (base) and to (head), the listed prices that differ, where the pair is used,
//! and the monthly cost difference of the tiers it serves.

use super::retired::names;
use crate::engine::{Role, SimulationReport, TierReport, delta};
use crate::pricing::{Catalog, ListedRate};
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// One listed price before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RateChange {
    /// The field in the catalog, such as `input` or `batch.output`.
    pub rate: Cow<'static, str>,
    /// Per 1M tokens (per request for `per_request`); `None` when not listed.
    pub past: Option<Decimal>,
    pub new: Option<Decimal>,
    /// For long-context rates: the threshold on each side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub past_above_tokens: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above_tokens: Option<u64>,
    /// `(new - past) / past × 100`, 6 places, when both are listed.
    pub percent: Option<Decimal>,
}

/// A model a tier was priced on before, the one after, and what that did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelChange {
    pub past_model: String,
    pub model: String,
    pub past_catalog: String,
    pub catalog: String,
    /// Whether `--map` put `model` in the place of `past_model`.
    pub mapped: bool,
    /// Where the pair serves: `scenario: strategy` or `scenario: strategy (tiers)`.
    pub used_by: Vec<String>,
    /// The sum of the cost differences of the tiers it serves.
    pub monthly_effect: Decimal,
    /// The listed prices that differ.
    pub rates: Vec<RateChange>,
}

/// The listed prices of two models that differ, base order first.
fn rate_changes(past: &[ListedRate], new: &[ListedRate]) -> Vec<RateChange> {
    let mut names: Vec<&Cow<'static, str>> = past.iter().map(|r| &r.rate).collect();
    names.extend(
        new.iter()
            .map(|r| &r.rate)
            .filter(|n| !past.iter().any(|r| r.rate == **n)),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let before = past.iter().find(|r| r.rate == *name);
            let after = new.iter().find(|r| r.rate == *name);
            let key = |r: Option<&ListedRate>| r.map(|r| (r.price, r.above_tokens));
            (key(before) != key(after)).then(|| RateChange {
                rate: name.clone(),
                past: before.map(|r| r.price),
                new: after.map(|r| r.price),
                past_above_tokens: before.and_then(|r| r.above_tokens),
                above_tokens: after.and_then(|r| r.above_tokens),
                percent: match (before, after) {
                    (Some(b), Some(a)) => delta(a.price, b.price).percent,
                    _ => None,
                },
            })
        })
        .collect()
}

/// The catalogs on each side and the replacements applied to the head one.
#[derive(Clone, Copy)]
pub struct Sides<'a> {
    pub base: &'a Catalog,
    pub head: &'a Catalog,
    pub maps: &'a [(String, String)],
}

/// The calls that served one tier on each side, paired: by position when both
/// sides made the same kinds of call (the same scenario), else the tier's own
/// model on each side, with the whole tier's difference.
fn pairs<'a>(base: &'a TierReport, head: &'a TierReport) -> Vec<(&'a str, &'a str, Role, Decimal)> {
    let aligned =
        base.served.len() == head.served.len() && base.served.iter().zip(&head.served).all(|(b, h)| b.role == h.role);
    if aligned && !base.served.is_empty() {
        base.served
            .iter()
            .zip(&head.served)
            .map(|(b, h)| (b.model.as_str(), h.model.as_str(), b.role, h.cost - b.cost))
            .collect()
    } else {
        vec![(
            base.model.as_str(),
            head.model.as_str(),
            Role::Answer,
            head.cost - base.cost,
        )]
    }
}

/// A strategy's tiers served by one pair of models in one role, and their difference.
struct Group<'a> {
    key: (&'a str, &'a str, Role),
    tiers: Vec<&'a str>,
    effect: Decimal,
}

/// Gathers model pairs over every scenario.
#[derive(Default)]
pub struct Collector {
    changes: Vec<ModelChange>,
}

impl Collector {
    /// Adds the model pairs of the strategies and tiers both sides of a scenario have.
    pub fn add(&mut self, base: &SimulationReport, head: &SimulationReport, sides: Sides) {
        let after_by_name: HashMap<&str, _> = head.strategies.iter().map(|s| (s.name.as_str(), s)).collect();
        for strategy in &base.strategies {
            let Some(&after) = after_by_name.get(strategy.name.as_str()) else {
                continue;
            };
            let after_tiers: HashMap<&str, &TierReport> = after.tiers.iter().map(|t| (t.tier.as_str(), t)).collect();
            let mut groups: Vec<Group> = Vec::new();
            for tier in &strategy.tiers {
                let Some(&other) = after_tiers.get(tier.tier.as_str()) else {
                    continue;
                };
                for (past, new, role, effect) in pairs(tier, other) {
                    let key = (past, new, role);
                    match groups.iter_mut().find(|g| g.key == key) {
                        Some(g) => {
                            // Tiers come one after another: only the last can be this one.
                            if g.tiers.last() != Some(&tier.tier.as_str()) {
                                g.tiers.push(&tier.tier);
                            }
                            g.effect += effect;
                        }
                        None => groups.push(Group {
                            key,
                            tiers: vec![&tier.tier],
                            effect,
                        }),
                    }
                }
            }
            for Group {
                key: (past, new, role),
                tiers,
                effect,
            } in groups
            {
                let mut place = format!("{}: {}", head.scenario.name, strategy.name);
                if tiers.len() < strategy.tiers.len() {
                    place.push_str(&format!(" ({})", tiers.join(", ")));
                }
                if role != Role::Answer {
                    place.push_str(&format!(" as {}", role.label()));
                }
                self.record(sides, (past, new), place, effect);
            }
        }
    }

    fn record(&mut self, sides: Sides, (past, new): (&str, &str), place: String, effect: Decimal) {
        let Sides { base, head, maps } = sides;
        let same = |c: &ModelChange| {
            c.past_model == past && c.model == new && c.past_catalog == base.name && c.catalog == head.name
        };
        if let Some(known) = self.changes.iter_mut().find(|c| same(c)) {
            known.used_by.push(place);
            known.monthly_effect += effect;
            return;
        }
        let listed = |catalog: &Catalog, id: &str| catalog.model(id).map(|m| m.listed_rates()).unwrap_or_default();
        self.changes.push(ModelChange {
            past_model: past.to_string(),
            model: new.to_string(),
            past_catalog: base.name.clone(),
            catalog: head.name.clone(),
            mapped: maps.iter().any(|(old, _)| names(base, old).iter().any(|n| n == past)),
            used_by: vec![place],
            monthly_effect: effect,
            rates: rate_changes(&listed(base, past), &listed(head, new)),
        });
    }

    /// The pairs whose model or prices changed, the largest effect first.
    pub fn finish(self) -> Vec<ModelChange> {
        let mut changes: Vec<ModelChange> = self
            .changes
            .into_iter()
            .filter(|c| c.past_model != c.model || !c.rates.is_empty())
            .map(|c| ModelChange {
                monthly_effect: c.monthly_effect.normalize(),
                ..c
            })
            .collect();
        changes.sort_by(|a, b| {
            b.monthly_effect
                .abs()
                .cmp(&a.monthly_effect.abs())
                .then_with(|| a.past_model.cmp(&b.past_model))
        });
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::Unit;
    use rust_decimal_macros::dec;

    fn rate(rate: &'static str, price: Decimal, above: Option<u64>) -> ListedRate {
        ListedRate {
            rate: Cow::Borrowed(rate),
            price,
            unit: Unit::PerMillionTokens,
            above_tokens: above,
        }
    }

    #[test]
    fn only_differing_rates_are_listed() {
        let past = [rate("input", dec!(3), None), rate("output", dec!(15), None)];
        let new = [
            rate("input", dec!(2), None),
            rate("output", dec!(15), None),
            rate("long_context.input", dec!(4), Some(200_000)),
        ];
        let changes = rate_changes(&past, &new);
        assert_eq!(changes.len(), 2);
        // (2 - 3) / 3 × 100 = -33.333333 (6 places)
        assert_eq!(
            (
                changes[0].rate.as_ref(),
                changes[0].past,
                changes[0].new,
                changes[0].percent
            ),
            ("input", Some(dec!(3)), Some(dec!(2)), Some(dec!(-33.333333)))
        );
        assert_eq!(
            (changes[1].rate.as_ref(), changes[1].past, changes[1].above_tokens),
            ("long_context.input", None, Some(200_000))
        );
    }
}
