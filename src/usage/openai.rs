//! OpenAI's organization usage and costs API pages, saved as returned
//! (`GET /v1/organization/usage/completions`, `GET /v1/organization/costs`):
//! one usage record per completions result of a time bucket, one cost line
//! per costs result. docs/usage-sources.md gives every field and its source.

use super::buckets::{self, Bucketed, Times};
use super::cost::{CostLine, one_currency};
use super::{Origin, Usage, UsageTokens};
use crate::input::InputError;
use crate::input::json::Obj;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What an OpenAI file must hold, for errors.
pub const EXPECTED: &str = "OpenAI usage or costs API pages: one page `{\"object\": \"page\", \"data\": [...]}`, \
     a JSON array of pages, or one page a line";

const COMPLETIONS: &str = "organization.usage.completions.result";
const COSTS: &str = "organization.costs.result";

/// Fields the current schema has and the earlier one had not: a result with
/// any of them counts every modality, cached and cache-write tokens in
/// `input_tokens`; one without counts only text in `input_tokens` and audio
/// input apart in `input_audio_tokens`.
const CURRENT_FIELDS: [&str; 9] = [
    "input_cache_write_tokens",
    "input_uncached_tokens",
    "input_text_tokens",
    "output_text_tokens",
    "input_cached_text_tokens",
    "input_cached_audio_tokens",
    "input_image_tokens",
    "input_cached_image_tokens",
    "output_image_tokens",
];

/// Token counts of a result that no text price covers, in the current schema.
const CURRENT_UNPRICED: [&str; 6] = [
    "input_audio_tokens",
    "input_cached_audio_tokens",
    "output_audio_tokens",
    "input_image_tokens",
    "input_cached_image_tokens",
    "output_image_tokens",
];

/// Token counts of a result that no text price covers, in the earlier schema.
const EARLIER_UNPRICED: [&str; 2] = ["input_audio_tokens", "output_audio_tokens"];

const SCHEMA: &str = "the OpenAI API returns it in every page; save the response unchanged";
const GROUP_BY_MODEL: &str = "fetch the usage with `group_by=model` (and `batch`, `service_tier`), so each result \
     names the model its tokens are priced at";

/// The usage records of the pages of an OpenAI completions usage file.
pub fn usage(pages: &[Obj<'_>]) -> Result<Vec<Usage>, InputError> {
    let mut out = Vec::new();
    for Bucketed { start, result, .. } in results(pages)? {
        match result.require("object", Obj::text, SCHEMA)?.as_str() {
            COMPLETIONS => out.push(record(start, &result)?),
            COSTS => {
                return Err(result
                    .error(
                        Some("object"),
                        format!("`{COSTS}` is a cost, not usage: this is a costs page"),
                    )
                    .with_hint("read it as a cost report, to reconcile priced usage with it"));
            }
            other => return Err(other_kind(&result, other)),
        }
    }
    Ok(out)
}

/// The cost lines of the pages of an OpenAI costs file, all in one currency.
pub fn costs(pages: &[Obj<'_>]) -> Result<Vec<CostLine>, InputError> {
    let mut out = Vec::new();
    for Bucketed { start, end, result } in results(pages)? {
        match result.require("object", Obj::text, SCHEMA)?.as_str() {
            COSTS => out.push(cost(start, end, &result)?),
            COMPLETIONS => {
                return Err(result
                    .error(
                        Some("object"),
                        format!("`{COMPLETIONS}` is usage, not a cost: this is a usage page"),
                    )
                    .with_hint("read it as usage; the cost report is `GET /v1/organization/costs`"));
            }
            other => return Err(other_kind(&result, other)),
        }
    }
    one_currency(&out)?;
    Ok(out)
}

fn other_kind(result: &Obj<'_>, kind: &str) -> InputError {
    result
        .error(Some("object"), format!("`{kind}` results are not read"))
        .with_hint(format!(
            "llmcost reads completions usage (`{COMPLETIONS}`) and costs (`{COSTS}`)"
        ))
}

/// Every result of every bucket of every page.
fn results<'a>(pages: &[Obj<'a>]) -> Result<Vec<Bucketed<'a>>, InputError> {
    let mut out = Vec::new();
    for page in pages {
        let kind = page.require("object", Obj::text, SCHEMA)?;
        if kind != "page" {
            return Err(page
                .error(Some("object"), format!("expected `page`, found `{kind}`"))
                .with_hint(format!("expected {EXPECTED}")));
        }
        out.extend(buckets::results(page, Times::UnixSeconds, SCHEMA)?);
    }
    Ok(out)
}

/// One completions result as a bucket of calls.
fn record(start: DateTime<Utc>, r: &Obj<'_>) -> Result<Usage, InputError> {
    let input = r.require("input_tokens", Obj::count, SCHEMA)?;
    let output = r.require("output_tokens", Obj::count, SCHEMA)?;
    let requests = r.require("num_model_requests", Obj::count, SCHEMA)?;
    let model = r.require("model", Obj::text, GROUP_BY_MODEL)?;
    let current = CURRENT_FIELDS.iter().any(|f| r.has(f));
    let tokens = if current {
        current_tokens(r, input, output)?
    } else {
        earlier_tokens(r, input, output)?
    };
    let unpriced_fields: &[&str] = if current { &CURRENT_UNPRICED } else { &EARLIER_UNPRICED };
    let mut unpriced = BTreeMap::new();
    for field in unpriced_fields {
        let n = part(r, field)?;
        if n > 0 {
            unpriced.insert(field.to_string(), n);
        }
    }
    let mut labels = BTreeMap::new();
    for (field, label) in [
        ("project_id", "project"),
        ("user_id", "user"),
        ("api_key_id", "api_key"),
    ] {
        if let Some(value) = r.text(field)? {
            labels.insert(label.to_string(), value);
        }
    }
    Ok(Usage {
        origin: Origin::of(r),
        start,
        model,
        requests,
        tokens,
        unpriced,
        long_context: None,
        batch: r.flag("batch")?.unwrap_or(false),
        service_tier: r.text("service_tier")?,
        recorded_cost: None,
        labels,
        tags: Vec::new(),
        prompt: None,
        id: None,
    })
}

/// A count that may be absent (absent is 0).
fn part(r: &Obj<'_>, name: &str) -> Result<u64, InputError> {
    Ok(r.count(name)?.unwrap_or(0))
}

/// `total` less the counts of `parts`, which it includes; parts adding up to
/// more than the total are an error at the first part.
fn less(r: &Obj<'_>, total_name: &str, total: u64, parts: &[&str]) -> Result<u64, InputError> {
    let mut sum = 0u64;
    for name in parts {
        sum = sum.saturating_add(part(r, name)?);
    }
    total.checked_sub(sum).ok_or_else(|| {
        r.error(
            Some(parts[0]),
            format!(
                "{} ({sum}) is more than {total_name} ({total}), which includes it",
                parts.join(" + ")
            ),
        )
        .with_hint("OpenAI counts these tokens within the total; the result does not add up")
    })
}

/// Checks a count the source states against the one its totals give.
fn agrees(r: &Obj<'_>, name: &str, computed: u64, how: &str) -> Result<(), InputError> {
    match r.count(name)? {
        Some(stated) if stated != computed => {
            Err(r.error(Some(name), format!("{name} is {stated}, but {how} is {computed}")))
        }
        _ => Ok(()),
    }
}

/// The current schema: `input_tokens` = cached + cache-write + uncached, each
/// across text, audio and image; only text is priced.
fn current_tokens(r: &Obj<'_>, input: u64, output: u64) -> Result<UsageTokens, InputError> {
    let cached = part(r, "input_cached_tokens")?;
    let write = part(r, "input_cache_write_tokens")?;
    let uncached = match r.count("input_uncached_tokens")? {
        Some(uncached) => {
            let sum = cached.saturating_add(write).saturating_add(uncached);
            if sum != input {
                return Err(r
                    .error(
                        Some("input_uncached_tokens"),
                        format!(
                            "input_tokens ({input}) is not input_cached_tokens + input_cache_write_tokens + \
                             input_uncached_tokens ({cached} + {write} + {uncached} = {sum})"
                        ),
                    )
                    .with_hint("OpenAI's input_tokens is the sum of these three; the result does not add up"));
            }
            uncached
        }
        None => less(
            r,
            "input_tokens",
            input,
            &["input_cached_tokens", "input_cache_write_tokens"],
        )?,
    };
    let text_input = less(
        r,
        "input_uncached_tokens",
        uncached,
        &["input_audio_tokens", "input_image_tokens"],
    )?;
    agrees(
        r,
        "input_text_tokens",
        text_input,
        "input_uncached_tokens less audio and image",
    )?;
    let text_cached = less(
        r,
        "input_cached_tokens",
        cached,
        &["input_cached_audio_tokens", "input_cached_image_tokens"],
    )?;
    agrees(
        r,
        "input_cached_text_tokens",
        text_cached,
        "input_cached_tokens less audio and image",
    )?;
    let text_output = less(
        r,
        "output_tokens",
        output,
        &["output_audio_tokens", "output_image_tokens"],
    )?;
    agrees(
        r,
        "output_text_tokens",
        text_output,
        "output_tokens less audio and image",
    )?;
    Ok(UsageTokens {
        input: text_input,
        cache_read: text_cached,
        cache_write_5m: write,
        output: text_output,
        ..UsageTokens::default()
    })
}

/// The earlier schema: `input_tokens` and `output_tokens` count text only,
/// `input_tokens` including `input_cached_tokens`; audio is counted apart.
fn earlier_tokens(r: &Obj<'_>, input: u64, output: u64) -> Result<UsageTokens, InputError> {
    let cached = part(r, "input_cached_tokens")?;
    Ok(UsageTokens {
        input: less(r, "input_tokens", input, &["input_cached_tokens"])?,
        cache_read: cached,
        output,
        ..UsageTokens::default()
    })
}

/// The model a costs line item names: its text before `, ` (`gpt-4.1-mini-2025-04-14,
/// input`); a line item without one (`Web search`) names none.
fn line_item_model(line_item: &str) -> Option<String> {
    line_item.split_once(", ").map(|(model, _)| model.to_string())
}

/// One costs result as a cost line.
fn cost(start: DateTime<Utc>, end: DateTime<Utc>, r: &Obj<'_>) -> Result<CostLine, InputError> {
    let amount = r.require("amount", Obj::object, SCHEMA)?;
    let value = amount.require("value", Obj::number, SCHEMA)?;
    let currency = amount.require("currency", Obj::text, SCHEMA)?;
    let mut labels = BTreeMap::new();
    for (field, label) in [("project_id", "project"), ("api_key_id", "api_key")] {
        if let Some(value) = r.text(field)? {
            labels.insert(label.to_string(), value);
        }
    }
    let line_item = r.text("line_item")?;
    Ok(CostLine {
        origin: Origin::of(r),
        start,
        end,
        amount: value,
        currency: currency.to_uppercase(),
        model: line_item.as_deref().and_then(line_item_model),
        description: line_item,
        labels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::Doc;

    fn pages(text: &str) -> Vec<Obj<'_>> {
        Doc { name: "p.json", text }.objects("pages").unwrap()
    }

    /// A page holding one bucket of `result`.
    fn page(result: &str) -> String {
        format!(
            "{{\"object\": \"page\", \"data\": [{{\"object\": \"bucket\", \"start_time\": 1730419200, \
             \"end_time\": 1730505600, \"results\": [{result}]}}], \"has_more\": false, \"next_page\": null}}"
        )
    }

    #[test]
    fn the_schema_s_own_example_result_splits_as_documented() {
        // The example of `UsageCompletionsResult` in openapi.yaml, verbatim.
        let text = page(
            r#"{
              "object": "organization.usage.completions.result",
              "input_tokens": 5000,
              "input_cached_tokens": 1800,
              "input_cache_write_tokens": 200,
              "input_uncached_tokens": 3000,
              "output_tokens": 1000,
              "input_text_tokens": 2500,
              "output_text_tokens": 800,
              "input_cached_text_tokens": 1500,
              "input_audio_tokens": 300,
              "input_cached_audio_tokens": 100,
              "output_audio_tokens": 100,
              "input_image_tokens": 200,
              "input_cached_image_tokens": 200,
              "output_image_tokens": 100,
              "num_model_requests": 5,
              "project_id": "proj_abc",
              "user_id": "user-abc",
              "api_key_id": "key_abc",
              "model": "gpt-4o-mini-2024-07-18",
              "batch": false,
              "service_tier": "default"
          }"#,
        );
        let records = usage(&pages(&text)).unwrap();
        let r = &records[0];
        // 3,000 uncached less 300 audio and 200 image; 1,800 cached less 100
        // audio and 200 image; 1,000 output less 100 audio and 100 image.
        assert_eq!(
            r.tokens,
            UsageTokens {
                input: 2500,
                cache_read: 1500,
                cache_write_5m: 200,
                output: 800,
                ..UsageTokens::default()
            }
        );
        let unpriced: Vec<(&str, u64)> = r.unpriced.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            unpriced,
            [
                ("input_audio_tokens", 300),
                ("input_cached_audio_tokens", 100),
                ("input_cached_image_tokens", 200),
                ("input_image_tokens", 200),
                ("output_audio_tokens", 100),
                ("output_image_tokens", 100),
            ]
        );
        assert_eq!(
            (r.requests, r.model.as_str(), r.batch),
            (5, "gpt-4o-mini-2024-07-18", false)
        );
        assert_eq!(r.start.to_rfc3339(), "2024-11-01T00:00:00+00:00");
        assert_eq!(r.labels["project"], "proj_abc");
    }

    #[test]
    fn results_without_a_model_are_refused_with_the_grouping_to_fetch() {
        // The endpoint's example response, not grouped: every field null.
        let text = page(
            r#"{"object": "organization.usage.completions.result", "input_tokens": 1000,
                "input_cached_tokens": 400, "input_cache_write_tokens": 100, "input_uncached_tokens": 500,
                "output_tokens": 500, "num_model_requests": 5, "project_id": null, "user_id": null,
                "api_key_id": null, "model": null, "batch": null, "service_tier": null}"#,
        );
        let e = usage(&pages(&text)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("data[0].results[0].model"));
        assert_eq!(e.message, "the required field `model` is null");
        assert!(e.hint.unwrap().starts_with("fetch the usage with `group_by=model`"));
    }
}
