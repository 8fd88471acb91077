//! Importing pydantic's genai-prices data (`prices/data.json`,
//! https://github.com/pydantic/genai-prices; its schema `data.schema.json`)
//! as catalog models. The file is an array of providers, each with `id` and
//! `models`; a model has `id`, `context_window` and `prices`: one price set
//! (`ModelPrice`) or a list of conditional ones (`ConditionalPrice`:
//! `prices` and an optional `constraint`). A `start_date` constraint starts a
//! price period; the last price whose constraint holds applies, so each
//! period runs until the next one's start. Per 1M tokens: `input_mtok`,
//! `output_mtok`, `cache_read_mtok` (cached input), `cache_write_mtok`;
//! `requests_kcount` is a price per 1,000 requests. A rate may be tiered
//! (`{"base": .., "tiers": [{"start": N, "price": ..}]}`): past `start`
//! input tokens the tier price applies to every token of the request, which
//! is the catalog's `long_context` above `start`. Left out, and counted:
//! time-of-day prices (`start_time` / `end_time`), models with no input or
//! output price, and rates with more than one tier.

use super::catalog::{ClassRates, History, LongContext, Model, PricePeriod, RateCard, ServiceTiers};
use super::select::Selection;
use crate::input::json::{Doc, Obj};
use crate::input::{InputError, Source};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashSet;

/// What the file must look like, for error messages.
const EXPECTED: &str = "genai-prices' data.json: a JSON array of providers, each with `id` and `models`";

/// The hint of a missing required field.
const SCHEMA: &str = "genai-prices' data.schema.json requires this field";

/// What an import read, kept and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub providers: usize,
    /// Models in the file, over every provider.
    pub entries: usize,
    pub imported: usize,
    pub not_selected: usize,
    /// Models without an input and an output price per token.
    pub without_token_prices: usize,
    /// Prices that hold only at some hours of the day, left out.
    pub time_of_day: usize,
    /// Models with a rate of more than one tier, left out.
    pub several_tiers: usize,
    /// Models whose id an earlier provider already has, imported as `provider/id`.
    pub qualified: usize,
}

/// The models of an import and what was left out.
#[derive(Debug, Clone)]
pub struct Import {
    pub models: Vec<Model>,
    pub summary: Summary,
}

/// A rate as the file writes it: its base price and, when tiered, the input
/// size above which its tier price applies.
struct Rate {
    base: Decimal,
    tier: Option<(u64, Decimal)>,
}

/// Converts the genai-prices file in `src`, keeping the models `selection` picks.
pub fn import(src: &Source, selection: &Selection) -> Result<Import, InputError> {
    let doc = Doc {
        name: &src.name,
        text: &src.text,
    };
    let mut summary = Summary::default();
    let mut models = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    for provider in doc.objects(EXPECTED)? {
        summary.providers += 1;
        let provider_id = provider.require("id", Obj::text, SCHEMA)?;
        for entry in provider.objects("models")?.unwrap_or_default() {
            summary.entries += 1;
            let id = entry.require("id", Obj::text, SCHEMA)?;
            if !selection.matches(&[&provider_id], &[&id]) {
                summary.not_selected += 1;
                continue;
            }
            let Some(model) = model(&entry, &provider_id, &id, &mut summary)? else {
                continue;
            };
            let model = if ids.contains(&model.id) {
                summary.qualified += 1;
                Model {
                    id: format!("{provider_id}/{id}"),
                    ..model
                }
            } else {
                model
            };
            if ids.insert(model.id.clone()) {
                models.push(model);
            }
        }
    }
    summary.imported = models.len();
    Ok(Import { models, summary })
}

/// The catalog model of one entry; `None` when it is left out (counted).
fn model(entry: &Obj, provider: &str, id: &str, summary: &mut Summary) -> Result<Option<Model>, InputError> {
    // One price set, or a list of conditional ones.
    let mut dated: Vec<(Option<NaiveDate>, Obj)> = Vec::new();
    if entry.opens("prices", '[') {
        for conditional in entry.objects("prices")?.unwrap_or_default() {
            let prices = conditional.require("prices", Obj::object, SCHEMA)?;
            let from = match conditional.object("constraint")? {
                None => None,
                Some(c) if c.has("start_date") => Some(start_date(&c)?),
                Some(_) => {
                    summary.time_of_day += 1;
                    continue;
                }
            };
            dated.push((from, prices));
        }
    } else {
        dated.push((None, entry.require("prices", Obj::object, SCHEMA)?));
    }
    dated.sort_by_key(|(from, _)| *from);
    let mut periods: Vec<PricePeriod> = Vec::with_capacity(dated.len());
    for (from, prices) in &dated {
        let Some(period) = period(prices, *from)? else {
            if prices.has("input_mtok") && prices.has("output_mtok") {
                summary.several_tiers += 1;
            } else {
                summary.without_token_prices += 1;
            }
            return Ok(None);
        };
        if let Some(last) = periods.last_mut() {
            last.until = *from;
        }
        periods.push(period);
    }
    let Some(current) = periods.last().cloned() else {
        summary.without_token_prices += 1;
        return Ok(None);
    };
    let history = (periods.len() > 1).then(|| {
        Box::new(History {
            periods,
            located: entry.error(Some("prices"), ""),
        })
    });
    Ok(Some(Model {
        id: id.to_string(),
        provider: provider.to_string(),
        aliases: Vec::new(),
        standard: current.standard,
        batch: current.batch,
        long_context: current.long_context,
        tiers: current.tiers,
        regions: Default::default(),
        reasoning_ratio: None,
        min_cacheable_tokens: None,
        cache_storage: None,
        per_request: current.per_request,
        context_window: entry.count("context_window")?,
        extended_context_window: None,
        max_output_tokens: None,
        deprecation_date: None,
        successor: None,
        history,
    }))
}

fn start_date(constraint: &Obj) -> Result<NaiveDate, InputError> {
    let text = constraint.require("start_date", Obj::text, SCHEMA)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        constraint.error(
            Some("start_date"),
            format!("`{text}` is not a date; expected YYYY-MM-DD"),
        )
    })
}

/// One price set as a period from `from`; `None` without input and output
/// prices, or with a rate of several tiers or tiers that start apart.
fn period(prices: &Obj, from: Option<NaiveDate>) -> Result<Option<PricePeriod>, InputError> {
    let (Some(input), Some(output)) = (rate(prices, "input_mtok")?, rate(prices, "output_mtok")?) else {
        return Ok(None);
    };
    let cached = rate(prices, "cache_read_mtok")?;
    let write = rate(prices, "cache_write_mtok")?;
    let rates = [Some(&input), Some(&output), cached.as_ref(), write.as_ref()];
    let starts: HashSet<u64> = rates
        .iter()
        .flatten()
        .filter_map(|r| r.tier.map(|(start, _)| start))
        .collect();
    if starts.len() > 1 {
        return Ok(None);
    }
    let card = |tiered: bool| {
        let pick = |r: &Rate| match (tiered, r.tier) {
            (true, Some((_, price))) => price,
            _ => r.base,
        };
        RateCard {
            input: pick(&input),
            output: pick(&output),
            cached_input: cached.as_ref().map(pick),
            cache_write: write.as_ref().map(pick),
            cache_write_1h: None,
            reasoning: None,
        }
    };
    let per_request = match prices.number("requests_kcount")? {
        Some(per_thousand) => per_thousand / Decimal::ONE_THOUSAND,
        None => Decimal::ZERO,
    };
    Ok(Some(PricePeriod {
        from,
        until: None,
        standard: card(false),
        batch: ClassRates::default(),
        tiers: ServiceTiers::default(),
        long_context: starts.into_iter().next().map(|above_tokens| LongContext {
            above_tokens,
            rates: card(true),
            batch: ClassRates::default(),
            tiers: ServiceTiers::default(),
        }),
        per_request,
    }))
}

/// A rate: a number, or a tiered price with one tier; `Err` on a value of
/// another shape; a rate of several tiers reads as absent tiers (`None`) so
/// its model is left out.
fn rate(prices: &Obj, name: &str) -> Result<Option<Rate>, InputError> {
    if !prices.opens(name, '{') {
        return Ok(prices.number(name)?.map(|base| Rate { base, tier: None }));
    }
    let tiered = prices.require(name, Obj::object, SCHEMA)?;
    let base = tiered.require("base", Obj::number, SCHEMA)?;
    let tiers = tiered.objects("tiers")?.unwrap_or_default();
    match tiers.as_slice() {
        [] => Ok(Some(Rate { base, tier: None })),
        [tier] => Ok(Some(Rate {
            base,
            tier: Some((
                tier.require("start", Obj::count, SCHEMA)?,
                tier.require("price", Obj::number, SCHEMA)?,
            )),
        })),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn import_text(text: &str) -> Import {
        import(&Source::new("data.json", text), &Selection::default()).unwrap()
    }

    #[test]
    fn a_start_date_ends_the_period_before_it() {
        // o3 as genai-prices lists it: 10 / 40 always, 2 / 8 from 2025-06-10.
        let i = import_text(
            r#"[{"id": "openai", "models": [{"id": "o3", "context_window": 200000, "prices": [
                {"prices": {"input_mtok": 10, "cache_read_mtok": 2.5, "output_mtok": 40}},
                {"constraint": {"start_date": "2025-06-10"}, "prices": {"input_mtok": 2, "cache_read_mtok": 0.5, "output_mtok": 8}}]}]}]"#,
        );
        let m = &i.models[0];
        assert_eq!((m.standard.input, m.standard.output), (dec!(2), dec!(8)));
        let periods = &m.history.as_ref().unwrap().periods;
        assert_eq!(periods.len(), 2);
        assert_eq!(
            (periods[0].from, periods[0].until),
            (None, NaiveDate::from_ymd_opt(2025, 6, 10))
        );
        assert_eq!(periods[0].standard.cached_input, Some(dec!(2.5)));
        assert_eq!(periods[1].from, NaiveDate::from_ymd_opt(2025, 6, 10));
    }

    #[test]
    fn a_tier_is_long_context_and_time_of_day_prices_are_left_out() {
        let i = import_text(
            r#"[{"id": "p", "models": [
                {"id": "t", "prices": {"input_mtok": {"base": 3, "tiers": [{"start": 200000, "price": 6}]}, "output_mtok": {"base": 15, "tiers": [{"start": 200000, "price": 22.5}]}, "requests_kcount": 5}},
                {"id": "d", "prices": [{"prices": {"input_mtok": 1, "output_mtok": 2}}, {"constraint": {"start_time": "00:30:00Z", "end_time": "08:30:00Z"}, "prices": {"input_mtok": 0.5, "output_mtok": 1}}]},
                {"id": "img", "prices": {"output_image_mtok": 1}}]}]"#,
        );
        let t = &i.models[0];
        let lc = t.long_context.as_ref().unwrap();
        assert_eq!(
            (lc.above_tokens, lc.rates.input, lc.rates.output),
            (200000, dec!(6), dec!(22.5))
        );
        assert_eq!(
            (t.standard.input, t.standard.output, t.per_request),
            (dec!(3), dec!(15), dec!(0.005))
        );
        assert!(i.models[1].history.is_none());
        assert_eq!(i.models[1].standard.input, dec!(1));
        assert_eq!(
            (
                i.summary.time_of_day,
                i.summary.without_token_prices,
                i.summary.imported
            ),
            (1, 1, 2)
        );
    }
}
