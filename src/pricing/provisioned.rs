//! A catalog's `provisioned` offers, checked: each becomes a
//! `tariff::Provisioned` (what a unit costs and carries) and a model of the
//! same id at the served model's list rates, so a strategy names the offer
//! where it names a model and its calls are priced as pay-as-you-go; the
//! tariff then bills the reservation and the overflow share of those calls.
//! A catalog's `committed_spend` offers likewise: a model at list rates, and
//! a `tariff::CommittedSpend` that discounts and trues up its calls' bill.

use super::catalog::Model;
use super::load::MAX_PRICE;
use super::raw::{RawCommittedSpend, RawProvisioned};
use crate::input::{ExactDecimal, Field, InputError, Source, closest};
use crate::tariff::{CommittedSpend, Provisioned};
use rust_decimal::Decimal;

/// The most tokens a minute one unit may be said to carry.
const MAX_TOKENS_PER_MINUTE: i64 = 1_000_000_000;
/// The most units an offer may sell at once.
const MAX_UNITS: u32 = 100_000;

/// The model `name` among `models`, at `field`'s `model`: its list rates
/// price what an offer does not cover.
fn served<'a>(src: &Source, field: &Field, name: &str, models: &'a [Model]) -> Result<&'a Model, InputError> {
    if let Some(m) = models
        .iter()
        .find(|m| m.id == name || m.aliases.iter().any(|a| a == name))
    {
        return Ok(m);
    }
    let near = closest(name, models.iter().map(|m| m.id.as_str()), 3);
    let e = src.error(
        &field.key("model"),
        format!("`{name}` is not a model of this catalog; its list rates price the calls"),
    );
    Err(if near.is_empty() {
        e.with_hint("name a model listed under `models`")
    } else {
        e.with_hint(format!("did you mean {}?", near.join(", ")))
    })
}

/// The model an offer `id` is listed as: `served`, renamed.
fn listed(id: String, served: &Model) -> Model {
    Model {
        id,
        aliases: Vec::new(),
        deprecation_date: None,
        successor: None,
        ..served.clone()
    }
}

/// The committed-spend offer `id` as written at `field`, and the model that
/// names it, its rates copied from the model it discounts among `models`.
pub fn spend(
    src: &Source,
    field: &Field,
    id: String,
    raw: RawCommittedSpend,
    models: &[Model],
) -> Result<(CommittedSpend, Model), InputError> {
    let served = served(src, field, &raw.model, models)?;
    let per_month = raw.commitment_per_month.0;
    if per_month <= Decimal::ZERO || per_month > Decimal::from(MAX_PRICE) {
        return Err(src
            .error(
                &field.key("commitment_per_month"),
                format!(
                    "{} is outside the valid range: more than 0 and at most {MAX_PRICE}",
                    per_month.normalize()
                ),
            )
            .with_hint("the amount committed a month, in the catalog's currency"));
    }
    let discount = raw.discount.0;
    if discount < Decimal::ZERO || discount >= Decimal::ONE {
        return Err(src
            .error(
                &field.key("discount"),
                format!(
                    "{} is outside the valid range: from 0% to below 100%",
                    raw.discount.as_written()
                ),
            )
            .with_hint("the share taken off the pay-as-you-go bill, such as 10%"));
    }
    let offer = CommittedSpend {
        id: id.clone(),
        model: served.id.clone(),
        per_month: per_month.normalize(),
        discount: discount.normalize(),
        sources: raw.sources,
    };
    Ok((offer, listed(id, served)))
}

/// The offer `id` as written at `field`, and the model that names it, its
/// rates copied from the model it serves among `models`.
pub fn offer(
    src: &Source,
    field: &Field,
    id: String,
    raw: RawProvisioned,
    models: &[Model],
) -> Result<(Provisioned, Model), InputError> {
    let served = served(src, field, &raw.model, models)?;
    if raw.unit.trim().is_empty() {
        return Err(src
            .error(&field.key("unit"), "must not be empty")
            .with_hint("what one unit is called: PTU, model unit"));
    }
    let unit_hourly = raw.unit_hourly.0;
    if unit_hourly <= Decimal::ZERO || unit_hourly > Decimal::from(MAX_PRICE) {
        return Err(src
            .error(
                &field.key("unit_hourly"),
                format!(
                    "{} is outside the valid range: more than 0 and at most {MAX_PRICE}",
                    unit_hourly.normalize()
                ),
            )
            .with_hint("the price of one unit for one hour, as the provider lists it"));
    }
    let throughput = |key: &str, v: ExactDecimal| -> Result<Decimal, InputError> {
        if v.0 <= Decimal::ZERO || v.0 > Decimal::from(MAX_TOKENS_PER_MINUTE) {
            return Err(src
                .error(
                    &field.key(key),
                    format!(
                        "{} tokens a minute is outside the valid range: more than 0 and at most {MAX_TOKENS_PER_MINUTE}",
                        v.0.normalize()
                    ),
                )
                .with_hint("a commitment must carry some tokens: give the provider's tokens per minute per unit"));
        }
        Ok(v.0.normalize())
    };
    let count = |key: &str, v: Option<u32>| -> Result<u32, InputError> {
        match v {
            Some(0) => Err(src
                .error(&field.key(key), "0 is outside the valid range: at least 1")
                .with_hint("a commitment buys at least one unit")),
            Some(n) if n > MAX_UNITS => Err(src.error(
                &field.key(key),
                format!("{n} is outside the valid range: at most {MAX_UNITS}"),
            )),
            Some(n) => Ok(n),
            None => Ok(1),
        }
    };
    let min_units = count("min_units", raw.min_units)?;
    let increment = count("increment", raw.increment)?;
    let units = raw.units.map(|u| count("units", Some(u))).transpose()?;
    if let Some(u) = units.filter(|&u| u < min_units) {
        return Err(src
            .error(
                &field.key("units"),
                format!("{u} is below the offer's minimum of {min_units} units"),
            )
            .with_hint("buy at least `min_units`, or leave `units` out to size the commitment to the peak"));
    }
    let offer = Provisioned {
        id: id.clone(),
        model: served.id.clone(),
        unit: raw.unit,
        unit_hourly: unit_hourly.normalize(),
        input_per_minute: throughput("input_tokens_per_minute", raw.input_tokens_per_minute)?,
        output_per_minute: throughput("output_tokens_per_minute", raw.output_tokens_per_minute)?,
        min_units,
        increment,
        units,
        sources: raw.sources,
    };
    Ok((offer, listed(id, served)))
}

#[cfg(test)]
mod tests {
    use crate::input::{InputError, Source};
    use crate::pricing::Catalog;
    use rust_decimal_macros::dec;

    const HEAD: &str = "name: t\nas_of: 2026-03-20\ncurrency: USD\nsource: test\nmodels:\n  m: {provider: azure, input: 2, output: 8}\n";
    const OFFER: &str =
        "    unit: PTU\n    unit_hourly: 2\n    input_tokens_per_minute: 3000\n    output_tokens_per_minute: 750\n";

    fn load(offer: &str) -> Result<Catalog, InputError> {
        Catalog::from_source(&Source::new(
            "c.yaml",
            format!("{HEAD}provisioned:\n  p:\n    model: m\n{offer}"),
        ))
    }

    #[test]
    fn an_offer_is_its_model_at_list_rates_and_its_units() {
        let c = load(&format!("{OFFER}    min_units: 50\n    increment: 50\n")).unwrap();
        let model = c.model("p").unwrap();
        assert_eq!((model.standard.input, model.standard.output), (dec!(2), dec!(8)));
        assert_eq!(model.provider, "azure");
        let offer = c.provisioned(model).unwrap();
        assert_eq!((offer.min_units, offer.increment, offer.units), (50, 50, None));
        assert_eq!(offer.model, "m");
    }

    #[test]
    fn an_unknown_model_is_refused_with_the_nearest_names() {
        let text = format!("{HEAD}provisioned:\n  p:\n    model: n\n{OFFER}");
        let e = Catalog::from_source(&Source::new("c.yaml", text)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("provisioned.p.model"));
        assert_eq!(e.line, Some(9));
    }

    #[test]
    fn a_committed_spend_is_its_model_and_refuses_a_whole_discount() {
        let spend = |discount: &str| {
            Catalog::from_source(&Source::new(
                "c.yaml",
                format!(
                    "{HEAD}committed_spend:\n  c:\n    model: m\n    commitment_per_month: 20000\n    discount: {discount}\n"
                ),
            ))
        };
        let c = spend("10%").unwrap();
        let offer = c.committed_spend(c.model("c").unwrap()).unwrap();
        assert_eq!((offer.per_month, offer.discount), (dec!(20000), dec!(0.1)));
        let e = spend("100%").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committed_spend.c.discount"));
        assert_eq!(e.line, Some(11));
    }

    #[test]
    fn units_below_the_minimum_are_refused() {
        let e = load(&format!("{OFFER}    min_units: 50\n    units: 10\n")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("provisioned.p.units"));
        assert!(e.message.contains("below the offer's minimum of 50"), "{e}");
    }
}
