//! Keyword and pattern rules that route a question to a tier, as a rule-based
//! router does: free, instant, deterministic, and wrong on edge cases.
//!
//! Rules are tried in file order; the first that matches decides. A keyword
//! matches whole words, case-insensitively (`price list` matches the words
//! "price list" in sequence; a trailing `*` matches any word starting so,
//! `forecast*`); a pattern is a regular expression searched case-insensitively.
//! A question no rule matches goes to the `default` tier, when there is one.

use crate::input::{Field, InputError, Source, closest};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    name: String,
    #[serde(default)]
    description: String,
    tiers: Vec<String>,
    default: Option<String>,
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    tier: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
}

/// A keyword: its words, lowercased, the last one a prefix when written with `*`.
#[derive(Debug, Clone)]
struct Keyword {
    text: String,
    words: Vec<String>,
    prefix: bool,
}

#[derive(Debug, Clone)]
struct Rule {
    tier: usize,
    keywords: Vec<Keyword>,
    patterns: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct Rules {
    pub name: String,
    pub description: String,
    /// The file as the user named it.
    pub file: String,
    pub tiers: Vec<String>,
    pub default: Option<usize>,
    rules: Vec<Rule>,
}

/// Which rule routed a question, and the keyword or pattern that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub tier: usize,
    pub rule: usize,
    pub matched: String,
}

/// The words of a text: runs of letters and digits, lowercased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Keyword {
    fn matches(&self, text: &[String]) -> bool {
        let n = self.words.len();
        if n == 0 || text.len() < n {
            return false;
        }
        text.windows(n).any(|window| {
            window.iter().zip(&self.words).enumerate().all(|(i, (word, wanted))| {
                if self.prefix && i == n - 1 {
                    word.starts_with(wanted.as_str())
                } else {
                    word == wanted
                }
            })
        })
    }
}

impl Rules {
    pub fn load(path: &Path) -> Result<Self, InputError> {
        Self::from_source(&Source::read(path, "routing rules")?)
    }

    pub fn from_source(src: &Source) -> Result<Self, InputError> {
        let raw: RawRules = src.parse("rules file")?;
        if raw.name.trim().is_empty() {
            return Err(src.error(&Field::named("name"), "must not be empty"));
        }
        let tiers_field = Field::named("tiers");
        if raw.tiers.is_empty() {
            return Err(src.error(&tiers_field, "lists no tiers"));
        }
        for (i, tier) in raw.tiers.iter().enumerate() {
            if tier.trim().is_empty() {
                return Err(src.error(&tiers_field.index(i), "must not be empty"));
            }
            if raw.tiers[..i].contains(tier) {
                return Err(src.error(&tiers_field.index(i), format!("tier `{tier}` appears twice")));
            }
        }
        let position = |field: &Field, name: &str| tier_position(src, field, name, &raw.tiers);
        let default = raw
            .default
            .as_deref()
            .map(|d| position(&Field::named("default"), d))
            .transpose()?;
        if raw.rules.is_empty() {
            return Err(src.error(&Field::named("rules"), "lists no rules"));
        }
        let mut rules = Vec::with_capacity(raw.rules.len());
        for (i, r) in raw.rules.iter().enumerate() {
            let field = Field::named("rules").index(i);
            let tier = position(&field.key("tier"), &r.tier)?;
            if r.keywords.is_empty() && r.patterns.is_empty() {
                return Err(src.error(&field, "a rule needs `keywords` or `patterns`"));
            }
            let mut keywords = Vec::with_capacity(r.keywords.len());
            for (n, text) in r.keywords.iter().enumerate() {
                let (body, prefix) = match text.trim().strip_suffix('*') {
                    Some(body) => (body, true),
                    None => (text.trim(), false),
                };
                let kw_words = words(body);
                if kw_words.is_empty() {
                    return Err(src.error(
                        &field.key("keywords").index(n),
                        format!("keyword `{text}` has no letters or digits to match"),
                    ));
                }
                keywords.push(Keyword {
                    text: text.clone(),
                    words: kw_words,
                    prefix,
                });
            }
            let mut patterns = Vec::with_capacity(r.patterns.len());
            for (n, pattern) in r.patterns.iter().enumerate() {
                let regex = RegexBuilder::new(pattern).case_insensitive(true).build().map_err(|e| {
                    src.error(
                        &field.key("patterns").index(n),
                        format!("`{pattern}` is not a regular expression: {e}"),
                    )
                })?;
                patterns.push(regex);
            }
            rules.push(Rule {
                tier,
                keywords,
                patterns,
            });
        }
        Ok(Self {
            name: raw.name,
            description: raw.description,
            file: src.name.clone(),
            tiers: raw.tiers,
            default,
            rules,
        })
    }

    /// The first rule that matches `text`, if any.
    pub fn classify(&self, text: &str) -> Option<Match> {
        let text_words = words(text);
        self.rules.iter().enumerate().find_map(|(i, rule)| {
            let keyword = rule
                .keywords
                .iter()
                .find(|k| k.matches(&text_words))
                .map(|k| k.text.clone());
            let matched = keyword.or_else(|| {
                rule.patterns
                    .iter()
                    .find(|p| p.is_match(text))
                    .map(|p| p.as_str().to_string())
            })?;
            Some(Match {
                tier: rule.tier,
                rule: i,
                matched,
            })
        })
    }

    /// The position of a tier named `name`, if it is one of the rules' tiers.
    pub fn tier(&self, name: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t == name)
    }
}

/// The position of `name` in `tiers`, or an error naming the closest tier.
pub(super) fn tier_position(src: &Source, field: &Field, name: &str, tiers: &[String]) -> Result<usize, InputError> {
    tiers.iter().position(|t| t == name).ok_or_else(|| {
        let e = src.error(field, format!("names tier `{name}`, which `tiers` does not list"));
        match closest(name, tiers.iter().map(String::as_str), 1).first() {
            Some(best) => e.with_hint(format!("did you mean `{best}`?")),
            None => e.with_hint(format!("the tiers are: {}", tiers.join(", "))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Result<Rules, InputError> {
        Rules::from_source(&Source::new("r.yaml", text))
    }

    const RULES: &str = "name: t
tiers: [simple, medium, complex]
default: medium
rules:
  - tier: simple
    keywords: [when, price list]
  - tier: complex
    keywords: [forecast*]
    patterns: ['why did .* (drop|fall)']
";

    #[test]
    fn keywords_match_whole_words_in_order_and_the_first_rule_wins() {
        let r = rules(RULES).unwrap();
        let tier = |q: &str| r.classify(q).map(|m| r.tiers[m.tier].clone());
        assert_eq!(tier("When do you open?").as_deref(), Some("simple"));
        assert_eq!(tier("Whenever you can").as_deref(), None, "`when` is not `whenever`");
        assert_eq!(tier("Send me the PRICE LIST, please").as_deref(), Some("simple"));
        assert_eq!(tier("the list price").as_deref(), None, "words in order");
        assert_eq!(
            tier("Forecasts for Q3?").as_deref(),
            Some("complex"),
            "`forecast*` is a prefix"
        );
        assert_eq!(
            tier("When is the forecast due?").as_deref(),
            Some("simple"),
            "first rule wins"
        );
        let m = r.classify("Why did sales drop in May?").unwrap();
        assert_eq!((m.rule, m.matched.as_str()), (1, "why did .* (drop|fall)"));
    }

    #[test]
    fn bad_rules_are_located() {
        let e = rules(&RULES.replace("tier: complex", "tier: complx")).unwrap_err();
        assert_eq!((e.line, e.hint.as_deref()), (Some(7), Some("did you mean `complex`?")));
        let e = rules(&RULES.replace("(drop|fall)", "(drop")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("rules[1].patterns[0]"));
        assert!(e.message.contains("is not a regular expression"), "{e}");
        let e = rules(&RULES.replace("[when, price list]", "['?!']")).unwrap_err();
        assert!(e.message.contains("no letters or digits"), "{e}");
    }
}
