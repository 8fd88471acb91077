//! The shortest prefix a provider caches. A catalog entry may state it
//! (`min_cacheable_tokens`); where it is silent, the provider's documented
//! minimum for the model's family applies, and where no minimum is known any
//! prefix is cached. A shorter system prompt is billed as plain input, with a
//! note naming the rule.
//!
//! The providers' minimums, as their documentation states them:
//! - OpenAI: "Caching is enabled automatically for prompts that are 1024
//!   tokens or longer" (developers.openai.com/api/docs/guides/prompt-caching).
//! - Anthropic: 4,096 tokens for Claude Opus 4.5 and 4.6 and Claude Haiku 4.5;
//!   2,048 for Claude Haiku 3.5 and 3; 1,024 for the other models (Anthropic's
//!   prompt-caching guide, "Cache limitations", as quoted in
//!   anthropics/anthropic-sdk-python issue #1194).
//! - Google: implicit caching from 2,048 tokens on Gemini 2.5 Flash and Pro,
//!   4,096 on the Gemini 3 models (ai.google.dev/gemini-api/docs/caching, last
//!   updated 2026-10-13); earlier Gemini models have no implicit caching.

use crate::pricing::Model;

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

/// The shortest prefix a model caches, and which rule says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheMinimum {
    pub tokens: u64,
    pub rule: Rule,
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
    if let Some(tokens) = model.min_cacheable_tokens {
        return CacheMinimum {
            tokens,
            rule: Rule::Catalog,
        };
    }
    // A model is matched by its id with any platform prefix taken off (`anthropic.`, `us.anthropic.`).
    let id = model
        .id
        .rsplit(['/', '.'])
        .find(|part| !part.is_empty())
        .unwrap_or(&model.id);
    let provider = if model.is_anthropic() {
        "anthropic"
    } else {
        model.provider.as_str()
    };
    DOCUMENTED
        .iter()
        .find(|d| d.provider == provider && (id.starts_with(d.family) || model.id.starts_with(d.family)))
        .map_or(
            CacheMinimum {
                tokens: 0,
                rule: Rule::None,
            },
            |d| CacheMinimum {
                tokens: d.tokens,
                rule: Rule::Provider {
                    provider: d.provider,
                    source: d.source,
                },
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
                    rule: Rule::None
                },
                "{id}"
            );
        }
    }
}
