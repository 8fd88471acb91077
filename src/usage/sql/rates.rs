//! The rates a statement inlines: each billing class of a catalog model, at
//! the tariff's rates (`CallRates`), per token.

use super::super::record::region_of;
use crate::notes::Notes;
use crate::pricing::Model;
use crate::tariff::{CallRates, Kind, Mode, Part, Ttl};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// One billing class of one model: the rates of a token (the fee of a request).
pub(super) struct Class {
    pub(super) mode: Mode,
    pub(super) long: bool,
    /// The region whose multiplier the rates carry; none: the list rates.
    pub(super) region: Option<String>,
    /// In the order of the statement's priced columns (`PRICED`).
    pub(super) rates: [Decimal; 7],
}

/// A model in one of its price periods (in every day, when it lists none):
/// the days they hold and its billing classes.
pub(super) struct Period<'a> {
    pub(super) from: Option<NaiveDate>,
    pub(super) until: Option<NaiveDate>,
    pub(super) model: Cow<'a, Model>,
    pub(super) classes: Vec<Class>,
}

/// Every billing class of `modes` that `model` bills a logged call in, at
/// the tariff's rates: at the list price's endpoints, and with `regions` in
/// each region the model lists a multiplier for that a logged call's
/// `inference_geo` can name (`record::region_of`).
pub(super) fn classes(model: &Model, modes: &[Mode], regions: bool, notes: &mut Notes) -> Vec<Class> {
    let mut listed: Vec<(Option<&str>, Decimal)> = vec![(None, Decimal::ONE)];
    if regions {
        listed.extend(
            model
                .regions
                .iter()
                .filter(|(name, _)| region_of(name).is_some())
                .map(|(name, &multiplier)| (Some(name.as_str()), multiplier)),
        );
    }
    listed
        .into_iter()
        .flat_map(|(region, multiplier)| {
            classes_in(model, modes, multiplier, notes)
                .into_iter()
                .map(move |(mode, long, rates)| Class {
                    mode,
                    long,
                    region: region.map(str::to_string),
                    rates,
                })
        })
        .collect()
}

/// The rates of each class of `modes` on `model`, every token rate times `multiplier`.
fn classes_in(
    model: &Model,
    modes: &[Mode],
    multiplier: Decimal,
    notes: &mut Notes,
) -> Vec<(Mode, bool, [Decimal; 7])> {
    let longs: &[bool] = if model.long_context.is_some() {
        &[false, true]
    } else {
        &[false]
    };
    let per_token = Decimal::new(1, 6);
    let mut out = Vec::new();
    for &mode in modes {
        for &long in longs {
            let five = CallRates::new(model, Kind::Answer, mode, long, Ttl::FiveMinutes, notes).in_region(multiplier);
            let hour = CallRates::new(model, Kind::Answer, mode, long, Ttl::OneHour, notes).in_region(multiplier);
            let token = |rates: &CallRates, part| rates.rate(part).unwrap_or_default() * per_token;
            let rates = [
                token(&five, Part::Input),
                token(&five, Part::CacheRead),
                token(&five, Part::CacheWrite),
                token(&hour, Part::CacheWrite),
                token(&five, Part::Output),
                token(&five, Part::Reasoning),
                five.rate(Part::Fee).unwrap_or_default(),
            ]
            .map(|r| r.normalize());
            out.push((mode, long, rates));
        }
    }
    out
}
