//! A spend-log row's tokens split the way a bill prices them.
//!
//! `prompt_tokens` counts cache reads: that is the OpenAI usage format LiteLLM
//! follows, and LiteLLM's Anthropic transformation adds
//! `cache_read_input_tokens` to Anthropic's `input_tokens` to make it so.
//! Whether it counts cache writes depends on the LiteLLM release: releases
//! that add `cache_creation_input_tokens` to it also record the writes as
//! `prompt_tokens_details.cache_creation_tokens`; earlier ones record neither,
//! and their writes come on top of `prompt_tokens`. So writes are taken out of
//! `prompt_tokens` only when `cache_creation_tokens` is recorded.
//! `completion_tokens` counts all output, reasoning included. The breakdown
//! comes from the usage LiteLLM stores in `metadata`: `usage_object` (the
//! whole usage, in releases that store it), else `additional_usage_values`
//! (every usage key but the three counts). Keys read, under either:
//!
//! - cache reads: `cache_read_input_tokens`, else `prompt_tokens_details.cached_tokens`;
//! - cache writes: `cache_creation_input_tokens`, else
//!   `prompt_tokens_details.cache_creation_tokens`, else the sum of the TTL split;
//! - the TTL split: `prompt_tokens_details.cache_creation_token_details`
//!   `.ephemeral_5m_input_tokens` and `.ephemeral_1h_input_tokens` (writes
//!   not given a TTL count as 5-minute writes, a provider's default);
//! - reasoning: `completion_tokens_details.reasoning_tokens`.

use super::row::{Place, whole};
use crate::input::InputError;
use crate::usage::UsageTokens;
use serde_json::Value;

/// The keys of `metadata` the usage is read from, the first that holds an object.
pub(super) const USAGE_KEYS: [&str; 2] = ["usage_object", "additional_usage_values"];

/// The tokens of a row with `prompt` and `completion` tokens and its `metadata`.
pub(super) fn split(
    prompt: u64,
    completion: u64,
    metadata: Option<&Value>,
    place: &Place,
) -> Result<UsageTokens, InputError> {
    let usage = metadata.and_then(|m| {
        USAGE_KEYS
            .into_iter()
            .find_map(|key| m.get(key).filter(|u| u.is_object()).map(|u| (key, u)))
    });
    let Some((key, usage)) = usage else {
        return Ok(UsageTokens {
            input: prompt,
            output: completion,
            ..UsageTokens::default()
        });
    };
    let count = |path: &[&str]| -> Result<Option<u64>, InputError> {
        let mut value = usage;
        for step in path {
            match value.get(step) {
                Some(next) => value = next,
                None => return Ok(None),
            }
        }
        if value.is_null() {
            return Ok(None);
        }
        whole(value, &format!("metadata.{key}.{}", path.join(".")), place).map(Some)
    };
    let cache_read = match count(&["cache_read_input_tokens"])? {
        Some(n) => n,
        None => count(&["prompt_tokens_details", "cached_tokens"])?.unwrap_or(0),
    };
    let ttl = ["prompt_tokens_details", "cache_creation_token_details"];
    let one_hour = count(&[ttl[0], ttl[1], "ephemeral_1h_input_tokens"])?.unwrap_or(0);
    let five_minutes = count(&[ttl[0], ttl[1], "ephemeral_5m_input_tokens"])?.unwrap_or(0);
    let cache_write = match count(&["cache_creation_input_tokens"])? {
        Some(n) => n,
        None => match count(&["prompt_tokens_details", "cache_creation_tokens"])? {
            Some(n) => n,
            None => five_minutes + one_hour,
        },
    };
    if one_hour > cache_write {
        return Err(place.error(
            &format!("metadata.{key}.{}.{}.ephemeral_1h_input_tokens", ttl[0], ttl[1]),
            format!("{one_hour} one-hour cache writes are more than the {cache_write} cache writes of the call"),
        ));
    }
    let writes_inside = count(&["prompt_tokens_details", "cache_creation_tokens"])?.is_some();
    let inside = cache_read + if writes_inside { cache_write } else { 0 };
    let Some(input) = prompt.checked_sub(inside) else {
        let what = if writes_inside {
            format!(
                "the {inside} cached tokens they include: {cache_read} read from a cache and {cache_write} written to one"
            )
        } else {
            format!("the {cache_read} tokens read from a cache they include")
        };
        return Err(place
            .error(
                "prompt_tokens",
                format!("{prompt} prompt tokens are fewer than {what} (metadata.{key})"),
            )
            .with_hint(
                "LiteLLM counts the cached tokens inside prompt_tokens; a row where they exceed it is inconsistent",
            ));
    };
    let reasoning = count(&["completion_tokens_details", "reasoning_tokens"])?.unwrap_or(0);
    if reasoning > completion {
        return Err(place.error(
            &format!("metadata.{key}.completion_tokens_details.reasoning_tokens"),
            format!("{reasoning} reasoning tokens are more than the {completion} completion tokens"),
        ));
    }
    Ok(UsageTokens {
        input,
        cache_read,
        cache_write_5m: cache_write - one_hour,
        cache_write_1h: one_hour,
        output: completion - reasoning,
        reasoning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn place() -> Place {
        Place::example()
    }

    #[test]
    fn openai_cached_tokens_are_part_of_the_prompt() {
        // 2006 prompt tokens, 1920 of them read from the cache.
        let m = json!({"usage_object": {"prompt_tokens_details": {"cached_tokens": 1920},
            "completion_tokens_details": {"reasoning_tokens": 0}}});
        let t = split(2006, 300, Some(&m), &place()).unwrap();
        assert_eq!((t.input, t.cache_read, t.output), (86, 1920, 300));
    }

    #[test]
    fn anthropic_reads_and_writes_are_taken_out_of_the_prompt() {
        // 98805 = 10 uncached + 66360 read + 32435 written (2435 of them for one hour).
        let m = json!({"additional_usage_values": {"cache_read_input_tokens": 66360,
            "cache_creation_input_tokens": 32435,
            "prompt_tokens_details": {"cached_tokens": 66360, "cache_creation_tokens": 32435,
                "cache_creation_token_details": {"ephemeral_5m_input_tokens": 30000, "ephemeral_1h_input_tokens": 2435}},
            "completion_tokens_details": {"reasoning_tokens": 1710}}});
        let t = split(98805, 5120, Some(&m), &place()).unwrap();
        assert_eq!(
            t,
            UsageTokens {
                input: 10,
                cache_read: 66360,
                cache_write_5m: 30000,
                cache_write_1h: 2435,
                output: 3410,
                reasoning: 1710,
            }
        );
    }

    #[test]
    fn writes_not_recorded_in_the_details_come_on_top_of_the_prompt() {
        // A release that added only cache reads to prompt_tokens: 66370 = 10 + 66360 read.
        let m = json!({"additional_usage_values": {"cache_read_input_tokens": 66360,
            "cache_creation_input_tokens": 32435, "prompt_tokens_details": {"cached_tokens": 66360}}});
        let t = split(66370, 50, Some(&m), &place()).unwrap();
        assert_eq!(
            (t.input, t.cache_read, t.cache_write_5m, t.prompt()),
            (10, 66360, 32435, 98805)
        );
    }

    #[test]
    fn cached_tokens_above_the_prompt_are_refused() {
        let m = json!({"usage_object": {"cache_read_input_tokens": 900, "cache_creation_input_tokens": 200,
            "prompt_tokens_details": {"cache_creation_tokens": 200}}});
        let e = split(1000, 5, Some(&m), &place()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("prompt_tokens"));
        assert_eq!(
            e.message,
            "1000 prompt tokens are fewer than the 1100 cached tokens they include: 900 read from a cache and 200 written to one (metadata.usage_object)"
        );
    }

    #[test]
    fn a_bad_count_in_metadata_is_named_by_its_path() {
        let m = json!({"usage_object": {"prompt_tokens_details": {"cached_tokens": "many"}}});
        let e = split(10, 5, Some(&m), &place()).unwrap_err();
        assert_eq!(
            e.field.as_deref(),
            Some("metadata.usage_object.prompt_tokens_details.cached_tokens")
        );
    }

    #[test]
    fn rows_without_usage_detail_are_all_uncached_input() {
        let t = split(500, 40, Some(&json!({"user_api_key_alias": "k"})), &place()).unwrap();
        assert_eq!((t.input, t.cache_read, t.output), (500, 0, 40));
    }
}
