//! Two price sources set side by side (`catalog validate --against`): every
//! price both list for a model (by the same field, `input`, `batch.output`,
//! ...) that differs by more than a tolerance, as a percentage of the other
//! source's price. A model the other source lists under an alias is found by
//! it; models only one source lists are counted, not compared.

use super::catalog::Catalog;
use super::listed::Unit;
use rust_decimal::Decimal;
use serde::Serialize;

/// One price two sources disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub model: String,
    /// The field, such as `input` or `long_context.output`.
    pub rate: std::borrow::Cow<'static, str>,
    pub unit: Unit,
    pub price: Decimal,
    pub other: Decimal,
    /// `(price - other) / other × 100`; `None` when the other price is 0.
    pub percent: Option<Decimal>,
}

/// What a comparison found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceComparison {
    /// Models both sources list.
    pub compared: usize,
    /// Models the other source does not list.
    pub only_here: usize,
    /// Prices both list that differ by more than the tolerance.
    pub disagreements: Vec<Disagreement>,
}

/// Every price of `catalog` that `other` lists for the same model and field
/// and that differs by more than `tolerance` percent of `other`'s price
/// (a price of 0 on the other side differs from any price above 0).
pub fn compare(catalog: &Catalog, other: &Catalog, tolerance: Decimal) -> SourceComparison {
    let mut out = SourceComparison::default();
    for model in &catalog.models {
        let Some(theirs) = std::iter::once(&model.id)
            .chain(&model.aliases)
            .find_map(|name| other.find(name))
        else {
            out.only_here += 1;
            continue;
        };
        out.compared += 1;
        let their_rates = theirs.listed_rates();
        for rate in model.listed_rates() {
            let Some(that) = their_rates
                .iter()
                .find(|r| r.rate == rate.rate && r.above_tokens == rate.above_tokens)
            else {
                continue;
            };
            let percent = (!that.price.is_zero())
                .then(|| ((rate.price - that.price) / that.price * Decimal::ONE_HUNDRED).normalize());
            let beyond = match percent {
                Some(p) => p.abs() > tolerance,
                None => !rate.price.is_zero(),
            };
            if beyond {
                out.disagreements.push(Disagreement {
                    model: model.id.clone(),
                    rate: rate.rate,
                    unit: rate.unit,
                    price: rate.price,
                    other: that.price,
                    percent,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use rust_decimal_macros::dec;

    fn catalog(models: &str) -> Catalog {
        let text = format!("name: c\nas_of: 2026-01-01\ncurrency: USD\nsource: s\nmodels:\n{models}");
        Catalog::from_source(&Source::new("c.yaml", text)).unwrap()
    }

    #[test]
    fn only_prices_beyond_the_tolerance_are_listed() {
        let here = catalog(
            "  a:\n    provider: p\n    input: 1.04\n    output: 2.2\n  b:\n    provider: p\n    input: 1\n    output: 1\n",
        );
        let there = catalog("  a-2026:\n    provider: p\n    aliases: [a]\n    input: 1\n    output: 2\n");
        // input: (1.04 - 1) / 1 = 4%, within 5%; output: (2.2 - 2) / 2 = 10%, beyond.
        let c = compare(&here, &there, dec!(5));
        assert_eq!((c.compared, c.only_here), (1, 1));
        assert_eq!(c.disagreements.len(), 1);
        assert_eq!(c.disagreements[0].rate, "output");
        assert_eq!(c.disagreements[0].percent, Some(dec!(10)));
        // With no tolerance the 4% counts too.
        assert_eq!(compare(&here, &there, Decimal::ZERO).disagreements.len(), 2);
    }
}
