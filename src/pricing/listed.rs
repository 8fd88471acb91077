//! Every price a model lists, one row each, named by its field in the catalog
//! (`input`, `batch.output`, `long_context.cached_input`, ...): what `catalog
//! export` writes, `catalog show` prints and `diff` compares. Only the prices
//! the catalog writes: the defaults `rates.rs` applies are not listed. A
//! region's multiplier is listed as `regions.<name>`.

use super::catalog::{ClassRates, Model, RateCard, ServiceTiers};
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;

/// What a price is charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    PerMillionTokens,
    PerRequest,
    /// A multiplier of every token rate (a region's uplift).
    Multiplier,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::PerMillionTokens => "per 1M tokens",
            Unit::PerRequest => "per request",
            Unit::Multiplier => "× every token rate",
        }
    }
}

/// One listed price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedRate {
    /// The field's path in the catalog entry, such as `batch.input`.
    pub rate: Cow<'static, str>,
    pub price: Decimal,
    pub unit: Unit,
    /// For long-context rates: the input size above which they apply.
    pub above_tokens: Option<u64>,
}

fn card(out: &mut Vec<ListedRate>, names: [&'static str; 6], card: &RateCard, above: Option<u64>) {
    let prices = [
        Some(card.input),
        Some(card.output),
        card.cached_input,
        card.cache_write,
        card.cache_write_1h,
        card.reasoning,
    ];
    push(out, names.into_iter().zip(prices), above);
}

fn batch(out: &mut Vec<ListedRate>, names: [&'static str; 4], rates: &ClassRates, above: Option<u64>) {
    let prices = [rates.input, rates.output, rates.cached_input, rates.cache_write];
    push(out, names.into_iter().zip(prices), above);
}

fn tiers(out: &mut Vec<ListedRate>, names: [[&'static str; 4]; 2], tiers: &ServiceTiers, above: Option<u64>) {
    let [priority, flex] = names;
    for (names, rates) in [(priority, &tiers.priority), (flex, &tiers.flex)] {
        if let Some(rates) = rates {
            batch(out, names, rates, above);
        }
    }
}

fn push(out: &mut Vec<ListedRate>, rates: impl Iterator<Item = (&'static str, Option<Decimal>)>, above: Option<u64>) {
    out.extend(rates.filter_map(|(rate, price)| {
        price.map(|price| ListedRate {
            rate: Cow::Borrowed(rate),
            price,
            unit: Unit::PerMillionTokens,
            above_tokens: above,
        })
    }));
}

impl Model {
    /// Every price the catalog lists for this model, standard rates first.
    pub fn listed_rates(&self) -> Vec<ListedRate> {
        let mut out = Vec::new();
        card(
            &mut out,
            [
                "input",
                "output",
                "cached_input",
                "cache_write",
                "cache_write_1h",
                "reasoning",
            ],
            &self.standard,
            None,
        );
        batch(
            &mut out,
            ["batch.input", "batch.output", "batch.cached_input", "batch.cache_write"],
            &self.batch,
            None,
        );
        tiers(
            &mut out,
            [
                [
                    "priority.input",
                    "priority.output",
                    "priority.cached_input",
                    "priority.cache_write",
                ],
                ["flex.input", "flex.output", "flex.cached_input", "flex.cache_write"],
            ],
            &self.tiers,
            None,
        );
        for (name, multiplier) in &self.regions {
            out.push(ListedRate {
                rate: Cow::Owned(format!("regions.{name}")),
                price: *multiplier,
                unit: Unit::Multiplier,
                above_tokens: None,
            });
        }
        if let Some(lc) = &self.long_context {
            let above = Some(lc.above_tokens);
            card(
                &mut out,
                [
                    "long_context.input",
                    "long_context.output",
                    "long_context.cached_input",
                    "long_context.cache_write",
                    "long_context.cache_write_1h",
                    "long_context.reasoning",
                ],
                &lc.rates,
                above,
            );
            batch(
                &mut out,
                [
                    "long_context.batch.input",
                    "long_context.batch.output",
                    "long_context.batch.cached_input",
                    "long_context.batch.cache_write",
                ],
                &lc.batch,
                above,
            );
            tiers(
                &mut out,
                [
                    [
                        "long_context.priority.input",
                        "long_context.priority.output",
                        "long_context.priority.cached_input",
                        "long_context.priority.cache_write",
                    ],
                    [
                        "long_context.flex.input",
                        "long_context.flex.output",
                        "long_context.flex.cached_input",
                        "long_context.flex.cache_write",
                    ],
                ],
                &lc.tiers,
                above,
            );
        }
        if !self.per_request.is_zero() {
            out.push(ListedRate {
                rate: Cow::Borrowed("per_request"),
                price: self.per_request,
                unit: Unit::PerRequest,
                above_tokens: None,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::pricing::Catalog;
    use rust_decimal_macros::dec;

    #[test]
    fn lists_written_prices_only_in_catalog_order() {
        let catalog = Catalog::from_source(&Source::new(
            "t.yaml",
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: s\nmodels:
  m:
    provider: p
    input: 1.25
    output: 10
    cached_input: 0.125
    per_request: 0.01
    batch: {output: 5}
    long_context: {above_tokens: 200000, input: 2.5, output: 15}
",
        ))
        .unwrap();
        let rates = catalog.model("m").unwrap().listed_rates();
        let names: Vec<_> = rates
            .iter()
            .map(|r| (r.rate.as_ref(), r.price, r.above_tokens))
            .collect();
        assert_eq!(
            names,
            [
                ("input", dec!(1.25), None),
                ("output", dec!(10), None),
                ("cached_input", dec!(0.125), None),
                ("batch.output", dec!(5), None),
                ("long_context.input", dec!(2.5), Some(200000)),
                ("long_context.output", dec!(15), Some(200000)),
                ("per_request", dec!(0.01), None),
            ]
        );
        assert_eq!(rates[6].unit.label(), "per request");
    }
}
