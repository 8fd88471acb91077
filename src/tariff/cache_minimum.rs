//! How much of a prefix a provider caches. A catalog entry may state the
//! shortest prefix (`min_cacheable_tokens`); where it is silent, the
//! provider's documented minimum for the model's family applies, and where no
//! minimum is known any prefix is cached. A shorter system prompt is billed
//! as plain input, with a note naming the rule. Above the minimum, OpenAI
//! caches in steps of 128 tokens: a 2,000-token prefix caches 1,920 (1,024 +
//! 7 × 128) and bills the other 80 as plain input; the other providers cache
//! the whole prefix (Anthropic up to its cache breakpoint).
//!
//! The providers' minimums, as their documentation states them:
//! - OpenAI: "Caching is enabled automatically for prompts that are 1024
//!   tokens or longer" (developers.openai.com/api/docs/guides/prompt-caching);
//!   "cache hits occurring in increments of 128 tokens" (openai/openai-cookbook,
//!   examples/Prompt_Caching_201.ipynb, "1.1 Basics").
//! - Anthropic: 4,096 tokens for Claude Opus 4.5 and 4.6 and Claude Haiku 4.5;
//!   2,048 for Claude Haiku 3.5 and 3; 1,024 for the other models (Anthropic's
//!   prompt-caching guide, "Cache limitations", as quoted in
//!   anthropics/anthropic-sdk-python issue #1194).
//! - Google: implicit caching from 2,048 tokens on Gemini 2.5 Flash and Pro,
//!   4,096 on the Gemini 3 models (ai.google.dev/gemini-api/docs/caching, last
//!   updated 2026-10-13); earlier Gemini models have no implicit caching.

use crate::pricing::Model;
use rust_decimal::Decimal;

/// A provider's documented minimum for a family of models: the provider,
/// the start of the model ids it covers, the minimum, and where it is stated.
struct Documented {
    provider: &'static str,
    family: &'static str,
    tokens: u64,
    source: &'static str,
}

const ANTHROPIC: &str = "Anthropic's prompt-caching guide";
const OPENAI: &str = "OpenAI's prompt-caching guide";
const GOOGLE: &str = "Google's Gemini caching guide";

/// The documented minimums, the first match of a model's id winning.
const DOCUMENTED: [Documented; 10] = [
    Documented {
        provider: "anthropic",
        family: "claude-opus-4-5",
        tokens: 4096,
        source: ANTHROPIC,
    },
    Documented {
        provider: "anthropic",
        family: "claude-opus-4-6",
        tokens: 4096,
        source: ANTHROPIC,
    },
    Documented {
        provider: "anthropic",
        family: "claude-haiku-4-5",
        tokens: 4096,
        source: ANTHROPIC,
    },
    Documented {
        provider: "anthropic",
        family: "claude-3-5-haiku",
        tokens: 2048,
        source: ANTHROPIC,
    },
    Documented {
        provider: "anthropic",
        family: "claude-3-haiku",
        tokens: 2048,
        source: ANTHROPIC,
    },
    Documented {
        provider: "anthropic",
        family: "claude",
        tokens: 1024,
        source: ANTHROPIC,
    },
    Documented {
        provider: "openai",
        family: "",
        tokens: 1024,
        source: OPENAI,
    },
    Documented {
        provider: "google",
        family: "gemini-2.5",
        tokens: 2048,
        source: GOOGLE,
    },
    Documented {
        provider: "google",
        family: "gemini-3",
        tokens: 4096,
        source: GOOGLE,
    },
    Documented {
        provider: "google",
        family: "gemini-4",
        tokens: 4096,
        source: GOOGLE,
    },
];

/// Providers that cache a prefix above the minimum in whole steps, and the step.
const STEPS: [(&str, u64); 1] = [("openai", 128)];

/// The most cache breakpoints Anthropic takes in one request ("You can define
/// up to 4 cache breakpoints", Anthropic's prompt-caching guide).
pub const MAX_BREAKPOINTS: usize = 4;

/// The shortest prefix a model caches, which rule says so, and the steps
/// it caches in above it (1: any length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheMinimum {
    pub tokens: u64,
    pub rule: Rule,
    pub step: u64,
    /// Whether the provider caches up to explicit breakpoints (Anthropic):
    /// one after each part of the prefix, at most [`MAX_BREAKPOINTS`].
    pub breakpoints: bool,
}

/// Where a cache minimum comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The catalog entry's `min_cacheable_tokens`.
    Catalog,
    /// The provider's documented minimum for the model's family.
    Provider {
        provider: &'static str,
        source: &'static str,
    },
    /// Neither: any prefix is cached.
    None,
}

impl CacheMinimum {
    /// The part of a `prefix` of that many tokens the model caches: none
    /// below the minimum, else the minimum and as many whole steps as fit.
    pub fn cached(&self, prefix: Decimal) -> Decimal {
        let minimum = Decimal::from(self.tokens);
        if prefix < minimum {
            return Decimal::ZERO;
        }
        if self.step <= 1 {
            return prefix;
        }
        let step = Decimal::from(self.step);
        minimum + ((prefix - minimum) / step).floor() * step
    }

    /// The tokens cached of each part of a prefix, the parts in the order they
    /// open the prompt. With breakpoints (one after each part, at most
    /// [`MAX_BREAKPOINTS`]) the cache reaches the last breakpoint whose prefix
    /// is at least the minimum; otherwise the cached length is [`Self::cached`]
    /// of the whole prefix (the longest common prefix, in steps where the
    /// provider caches in steps). Either way the cache fills the parts from the
    /// start of the prompt.
    pub fn split(&self, parts: &[Decimal]) -> Vec<Decimal> {
        let total: Decimal = parts.iter().sum();
        let mut left = if self.breakpoints {
            // A scenario's prefix has at most three parts: its breakpoints
            // stay within the provider's limit.
            let ends: Vec<Decimal> = parts
                .iter()
                .scan(Decimal::ZERO, |sum, p| {
                    *sum += *p;
                    Some((!p.is_zero()).then_some(*sum))
                })
                .flatten()
                .collect();
            let minimum = Decimal::from(self.tokens);
            ends.into_iter().rfind(|end| *end >= minimum).unwrap_or(Decimal::ZERO)
        } else {
            self.cached(total)
        };
        parts
            .iter()
            .map(|p| {
                let cached = (*p).min(left);
                left -= cached;
                cached
            })
            .collect()
    }

    /// How the model caches above its minimum, for `explain`.
    pub fn granularity(&self) -> String {
        let from = match self.tokens {
            0 => "any length".to_string(),
            n => format!("{} tokens on", crate::figures::tokens(Decimal::from(n))),
        };
        if self.breakpoints {
            format!("up to a cache breakpoint after each part of the prefix (at most {MAX_BREAKPOINTS}), from {from}")
        } else if self.step > 1 {
            format!(
                "the longest common prefix in steps of {} tokens, from {from}",
                self.step
            )
        } else {
            format!("the whole prefix, from {from}")
        }
    }

    /// The rule in words, for notes: "as OpenAI's prompt-caching guide documents it".
    pub fn says(&self) -> String {
        match self.rule {
            Rule::Catalog => "as the catalog states it (`min_cacheable_tokens`)".to_string(),
            Rule::Provider { source, .. } => format!("as {source} documents it"),
            Rule::None => "no minimum known".to_string(),
        }
    }
}

/// The shortest prefix `model` caches.
pub fn cache_minimum(model: &Model) -> CacheMinimum {
    let provider = if model.is_anthropic() {
        "anthropic"
    } else {
        model.provider.as_str()
    };
    let step = STEPS.iter().find(|(p, _)| *p == provider).map_or(1, |(_, step)| *step);
    let breakpoints = provider == "anthropic";
    if let Some(tokens) = model.min_cacheable_tokens {
        return CacheMinimum {
            tokens,
            rule: Rule::Catalog,
            step,
            breakpoints,
        };
    }
    // A model is matched by its id with any platform prefix taken off (`anthropic.`, `us.anthropic.`).
    let id = model
        .id
        .rsplit(['/', '.'])
        .find(|part| !part.is_empty())
        .unwrap_or(&model.id);
    DOCUMENTED
        .iter()
        .find(|d| d.provider == provider && (id.starts_with(d.family) || model.id.starts_with(d.family)))
        .map_or(
            CacheMinimum {
                tokens: 0,
                rule: Rule::None,
                step,
                breakpoints,
            },
            |d| CacheMinimum {
                tokens: d.tokens,
                rule: Rule::Provider {
                    provider: d.provider,
                    source: d.source,
                },
                step,
                breakpoints,
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::pricing::Catalog;

    fn minimum(id: &str, provider: &str, stated: Option<u64>) -> CacheMinimum {
        let stated = stated.map_or(String::new(), |n| format!("    min_cacheable_tokens: {n}\n"));
        let text = format!(
            "name: t\nas_of: 2025-01-01\ncurrency: USD\nsource: s\nmodels:\n  {id}:\n    provider: {provider}\n    \
             input: 1\n    output: 2\n    cached_input: 0.1\n{stated}"
        );
        let catalog = Catalog::from_source(&Source::new("t.yaml", text)).unwrap();
        cache_minimum(catalog.model(id).unwrap())
    }

    #[test]
    fn a_catalog_that_states_a_minimum_is_followed_even_at_zero() {
        assert_eq!(minimum("claude-3-7-sonnet", "anthropic", Some(0)).tokens, 0);
        assert_eq!(minimum("claude-3-7-sonnet", "anthropic", Some(0)).rule, Rule::Catalog);
        assert_eq!(minimum("gpt-4o", "openai", Some(2048)).tokens, 2048);
    }

    #[test]
    fn a_silent_catalog_takes_the_providers_minimum_for_the_family() {
        for (id, provider, tokens) in [
            ("claude-3-7-sonnet-20250219", "anthropic", 1024),
            ("claude-sonnet-4-5", "anthropic", 1024),
            ("claude-opus-4-5-20251101", "anthropic", 4096),
            ("claude-haiku-4-5", "anthropic", 4096),
            ("claude-3-5-haiku-20241022", "anthropic", 2048),
            ("claude-3-haiku-20240307", "anthropic", 2048),
            ("us.anthropic.claude-3-5-haiku-20241022-v1:0", "bedrock", 2048),
            ("gpt-4o", "openai", 1024),
            ("gpt-4.1-nano", "openai", 1024),
            ("gemini-2.5-flash", "google", 2048),
            ("gemini-3-pro-preview", "google", 4096),
        ] {
            let m = minimum(id, provider, None);
            assert_eq!(m.tokens, tokens, "{id}");
            assert!(matches!(m.rule, Rule::Provider { .. }), "{id}");
        }
    }

    #[test]
    fn without_a_documented_minimum_any_prefix_is_cached() {
        for (id, provider) in [
            ("gemini-2.0-flash", "google"),
            ("deepseek-chat", "deepseek"),
            ("grok-3", "xai"),
        ] {
            assert_eq!(
                minimum(id, provider, None),
                CacheMinimum {
                    tokens: 0,
                    rule: Rule::None,
                    step: 1,
                    breakpoints: false
                },
                "{id}"
            );
        }
    }

    #[test]
    fn openai_caches_in_steps_of_128_tokens_above_the_minimum() {
        let openai = minimum("gpt-4o", "openai", None);
        let cached = |n: u64| openai.cached(Decimal::from(n));
        assert_eq!(cached(1023), Decimal::ZERO);
        assert_eq!(cached(1024), Decimal::from(1024));
        assert_eq!(cached(1151), Decimal::from(1024));
        assert_eq!(cached(1152), Decimal::from(1152));
        // 2,000 tokens: 1,024 + 7 × 128 = 1,920.
        assert_eq!(cached(2000), Decimal::from(1920));
        // A catalog's own minimum keeps the provider's step.
        assert_eq!(
            minimum("gpt-4o", "openai", Some(0)).cached(Decimal::from(300)),
            Decimal::from(256)
        );
        // Anthropic caches the whole prefix.
        let claude = minimum("claude-3-7-sonnet", "anthropic", None);
        assert_eq!(claude.cached(Decimal::from(2000)), Decimal::from(2000));
    }

    fn split(m: &CacheMinimum, parts: &[u64]) -> Vec<Decimal> {
        let parts: Vec<Decimal> = parts.iter().map(|&n| Decimal::from(n)).collect();
        m.split(&parts)
    }

    fn tokens(parts: &[u64]) -> Vec<Decimal> {
        parts.iter().map(|&n| Decimal::from(n)).collect()
    }

    #[test]
    fn openai_caches_the_longest_common_prefix_of_the_parts_in_steps() {
        let openai = minimum("gpt-4o", "openai", None);
        // 500 system + 1,500 context + 700 history = 2,700: 1,024 + 13 × 128 = 2,688 cached,
        // the system prompt and context whole, 688 of the history.
        assert_eq!(split(&openai, &[500, 1500, 700]), tokens(&[500, 1500, 688]));
        // 500 + 400 = 900 < 1,024: nothing.
        assert_eq!(split(&openai, &[500, 400]), tokens(&[0, 0]));
    }

    #[test]
    fn anthropic_caches_up_to_the_last_breakpoint_that_reaches_the_minimum() {
        let claude = minimum("claude-3-7-sonnet", "anthropic", None);
        assert!(claude.breakpoints);
        // Breakpoints after 500 (too short alone), 2,000 and 2,700: the cache reaches 2,700.
        assert_eq!(split(&claude, &[500, 1500, 700]), tokens(&[500, 1500, 700]));
        // 500 + 300 = 800 < 1,024: no breakpoint qualifies.
        assert_eq!(split(&claude, &[500, 300]), tokens(&[0, 0]));
        // Empty parts take no breakpoint.
        assert_eq!(split(&claude, &[1100, 0, 30]), tokens(&[1100, 0, 30]));
    }

    #[test]
    fn google_caches_the_whole_prefix_above_its_minimum() {
        let flash = minimum("gemini-2.5-flash", "google", None);
        assert_eq!(split(&flash, &[1000, 1000, 500]), tokens(&[1000, 1000, 500]));
        assert_eq!(split(&flash, &[1000, 1000]), tokens(&[0, 0]));
    }
}
