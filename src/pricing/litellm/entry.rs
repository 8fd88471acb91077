//! One LiteLLM entry as a catalog model. Per-token prices become per-1M prices
//! exactly; LiteLLM's field names map to the catalog's:
//! - `input_cost_per_token`, `output_cost_per_token` → `input`, `output`;
//! - `cache_read_input_token_cost` (or `input_cost_per_token_cache_hit`) → `cached_input`;
//! - `cache_creation_input_token_cost` → `cache_write`, left out when 0 (no separate charge);
//! - `cache_creation_input_token_cost_above_1hr` → `cache_write_1h`;
//! - `output_cost_per_reasoning_token` → `reasoning`;
//! - `*_batches` → `batch.*`; `*_priority`, `*_flex` → `priority.*`, `flex.*` (a service tier
//!   is imported when it has both an input and an output rate; docs/service-tiers.md);
//! - the smallest `*_above_<N>k_tokens` → `long_context` above N × 1000;
//! - `input_cost_per_request` → `per_request` (per request, not per token);
//! - the uplift multipliers → `regions`: `regional_processing_uplift_multiplier_eu` / `_us` →
//!   `eu` / `us` (OpenAI's regional processing), `regional_endpoint_uplift_multiplier` →
//!   `regional` (a Vertex AI regional endpoint rather than the global one), `fedramp_uplift_multiplier`
//!   → `fedramp` (docs/service-tiers.md);
//! - `prompt_cache_min_tokens`, `max_input_tokens`, `max_output_tokens`, `deprecation_date`,
//!   `successor_model` → `min_cacheable_tokens`, `context_window`, `max_output_tokens`,
//!   `deprecation_date`, `successor`.
//!
//! Ids drop the provider prefixes `gemini/`, `deepseek/`, `mistral/` and `xai/` (the prefixed id
//! stays an alias); providers `gemini` and `vertex_ai-language-models` become `google`.

use super::json::Fields;
use crate::input::InputError;
use crate::pricing::{ClassRates, LongContext, Model, RateCard, ServiceTiers};
use crate::pricing::{MAX_PRICE, region_multiplier_in_range};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const PER_MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Provider prefixes dropped from ids: the providers' own APIs, listed under their bare names.
const DROPPED_PREFIXES: [&str; 4] = ["gemini/", "deepseek/", "mistral/", "xai/"];

/// The price fields that have long-context (`_above_<N>k_tokens`) variants.
const LONG_CONTEXT_FIELDS: [&str; 5] = [
    "input_cost_per_token",
    "output_cost_per_token",
    "cache_read_input_token_cost",
    "cache_creation_input_token_cost",
    "cache_creation_input_token_cost_above_1hr",
];

/// The catalog id of a LiteLLM id, and whether a prefix was dropped.
pub fn catalog_id(id: &str) -> (&str, bool) {
    DROPPED_PREFIXES
        .iter()
        .find_map(|p| id.strip_prefix(p))
        .map_or((id, false), |bare| (bare, true))
}

/// The catalog provider of a LiteLLM provider.
pub fn provider(litellm: &str) -> &str {
    match litellm {
        "gemini" | "vertex_ai-language-models" => "google",
        other => other,
    }
}

/// A price per 1M tokens from a per-token field; `per` is 1 for per-request fees.
fn price(fields: &Fields, name: &str, per: Decimal) -> Result<Option<Decimal>, InputError> {
    let Some(value) = fields.number(name)? else {
        return Ok(None);
    };
    if value.is_sign_negative() && !value.is_zero() {
        return Err(fields.invalid(name, format!("price {value} is negative")));
    }
    match value.checked_mul(per) {
        Some(p) if p <= Decimal::from(MAX_PRICE) => Ok(Some(p.normalize())),
        _ => Err(fields.invalid(
            name,
            format!("price {value} is implausibly large (the limit is {MAX_PRICE} per 1M tokens or per request)"),
        )),
    }
}

fn per_token(fields: &Fields, name: &str) -> Result<Option<Decimal>, InputError> {
    price(fields, name, PER_MILLION)
}

/// A cache-write price; 0 means "no separate write charge", so none is written.
fn write_price(fields: &Fields, name: &str) -> Result<Option<Decimal>, InputError> {
    Ok(per_token(fields, name)?.filter(|p| !p.is_zero()))
}

/// The rate card of fields named `<base><suffix>`.
fn card(fields: &Fields, suffix: &str) -> Result<Option<RateCard>, InputError> {
    let name = |base: &str| format!("{base}{suffix}");
    let (Some(input), Some(output)) = (
        per_token(fields, &name("input_cost_per_token"))?,
        per_token(fields, &name("output_cost_per_token"))?,
    ) else {
        return Ok(None);
    };
    let cached_input = match per_token(fields, &name("cache_read_input_token_cost"))? {
        Some(rate) => Some(rate),
        None if suffix.is_empty() => per_token(fields, "input_cost_per_token_cache_hit")?,
        None => None,
    };
    Ok(Some(RateCard {
        input,
        output,
        cached_input,
        cache_write: write_price(fields, &name("cache_creation_input_token_cost"))?,
        cache_write_1h: per_token(fields, &name("cache_creation_input_token_cost_above_1hr"))?,
        reasoning: match suffix {
            "" => per_token(fields, "output_cost_per_reasoning_token")?,
            _ => None,
        },
    }))
}

/// The batch rates of fields named `<base><suffix>_batches`.
fn batch(fields: &Fields, suffix: &str) -> Result<ClassRates, InputError> {
    class(fields, &format!("{suffix}_batches"))
}

/// The rates of fields named `<base><suffix>` of a billing class.
fn class(fields: &Fields, suffix: &str) -> Result<ClassRates, InputError> {
    let name = |base: &str| format!("{base}{suffix}");
    Ok(ClassRates {
        input: per_token(fields, &name("input_cost_per_token"))?,
        output: per_token(fields, &name("output_cost_per_token"))?,
        cached_input: per_token(fields, &name("cache_read_input_token_cost"))?,
        cache_write: write_price(fields, &name("cache_creation_input_token_cost"))?,
    })
}

/// The priority and flex rates of fields named `<base><suffix>_priority` and
/// `<base><suffix>_flex`; a tier without both an input and an output rate is
/// not imported (the catalog requires both).
fn tiers(fields: &Fields, suffix: &str) -> Result<ServiceTiers, InputError> {
    let tier = |name: &str| -> Result<Option<ClassRates>, InputError> {
        let rates = class(fields, &format!("{suffix}_{name}"))?;
        Ok((rates.input.is_some() && rates.output.is_some()).then_some(rates))
    };
    Ok(ServiceTiers {
        priority: tier("priority")?,
        flex: tier("flex")?,
    })
}

/// LiteLLM's uplift multipliers and the region each names in the catalog.
const REGIONS: [(&str, &str); 4] = [
    ("regional_processing_uplift_multiplier_eu", "eu"),
    ("regional_processing_uplift_multiplier_us", "us"),
    ("regional_endpoint_uplift_multiplier", "regional"),
    ("fedramp_uplift_multiplier", "fedramp"),
];

/// The regions an entry's uplift multipliers name, each with its multiplier
/// of every token rate (1.1: 10% above the list price).
fn regions(fields: &Fields) -> Result<BTreeMap<String, Decimal>, InputError> {
    let mut regions = BTreeMap::new();
    for (field, region) in REGIONS {
        let Some(multiplier) = fields.number(field)? else {
            continue;
        };
        if !region_multiplier_in_range(multiplier) {
            return Err(fields.invalid(
                field,
                format!("multiplier {multiplier} is out of range; an uplift is more than 0 and at most 10"),
            ));
        }
        regions.insert(region.to_string(), multiplier.normalize());
    }
    Ok(regions)
}

/// The threshold, in thousands of tokens, of a long-context price field.
fn threshold(name: &str) -> Option<u64> {
    let name = name.strip_suffix("_batches").unwrap_or(name);
    let (base, thousands) = name.strip_suffix("k_tokens")?.rsplit_once("_above_")?;
    LONG_CONTEXT_FIELDS
        .contains(&base)
        .then(|| thousands.parse().ok())
        .flatten()
}

fn long_context(fields: &Fields) -> Result<Option<LongContext>, InputError> {
    let Some(thousands) = fields.names().filter_map(threshold).min() else {
        return Ok(None);
    };
    let suffix = format!("_above_{thousands}k_tokens");
    let Some(rates) = card(fields, &suffix)? else {
        return Err(fields.invalid(
            &format!("input_cost_per_token{suffix}"),
            format!("long-context prices above {thousands}k tokens need both an input and an output price"),
        ));
    };
    let Some(above_tokens) = thousands.checked_mul(1000) else {
        return Err(fields.invalid(
            &format!("input_cost_per_token{suffix}"),
            format!("a threshold of {thousands}k tokens is too large"),
        ));
    };
    Ok(Some(LongContext {
        above_tokens,
        rates,
        batch: batch(fields, &suffix)?,
        tiers: tiers(fields, &suffix)?,
    }))
}

fn date(fields: &Fields, name: &str) -> Result<Option<NaiveDate>, InputError> {
    fields
        .text(name)?
        .map(|text| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| fields.invalid(name, format!("`{text}` is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

/// The model of a text entry; `None` when it has no per-token prices.
pub fn model(fields: &Fields, litellm_provider: &str) -> Result<Option<Model>, InputError> {
    let Some(standard) = card(fields, "")? else {
        return Ok(None);
    };
    let (id, prefixed) = catalog_id(fields.id);
    Ok(Some(Model {
        id: id.to_string(),
        provider: provider(litellm_provider).to_string(),
        aliases: if prefixed {
            vec![fields.id.to_string()]
        } else {
            Vec::new()
        },
        standard,
        batch: batch(fields, "")?,
        long_context: long_context(fields)?,
        tiers: tiers(fields, "")?,
        regions: regions(fields)?,
        reasoning_ratio: None,
        min_cacheable_tokens: fields.count("prompt_cache_min_tokens")?,
        cache_storage: None,
        per_request: price(fields, "input_cost_per_request", Decimal::ONE)?.unwrap_or_default(),
        context_window: fields.count("max_input_tokens")?,
        extended_context_window: None,
        max_output_tokens: fields.count("max_output_tokens")?,
        deprecation_date: date(fields, "deprecation_date")?,
        successor: fields.text("successor_model")?.map(|s| catalog_id(&s).0.to_string()),
        history: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_come_from_price_fields_only() {
        assert_eq!(threshold("input_cost_per_token_above_200k_tokens"), Some(200));
        assert_eq!(
            threshold("cache_read_input_token_cost_above_272k_tokens_batches"),
            Some(272)
        );
        assert_eq!(
            threshold("cache_creation_input_token_cost_above_1hr_above_200k_tokens"),
            Some(200)
        );
        assert_eq!(threshold("cache_creation_input_token_cost_above_1hr"), None);
        assert_eq!(threshold("input_cost_per_character_above_128k_tokens"), None);
        assert_eq!(threshold("input_cost_per_token_above_200k_tokens_priority"), None);
    }

    #[test]
    fn ids_and_providers() {
        assert_eq!(catalog_id("gemini/gemini-2.5-pro"), ("gemini-2.5-pro", true));
        assert_eq!(
            catalog_id("vertex_ai/gemini-2.5-pro"),
            ("vertex_ai/gemini-2.5-pro", false)
        );
        assert_eq!(provider("vertex_ai-language-models"), "google");
        assert_eq!(provider("bedrock"), "bedrock");
    }
}
