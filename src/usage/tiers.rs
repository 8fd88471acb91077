//! How a logged call finds its tier (`replay`, `calibrate`, `variance`):
//! - by a label the source records (`--tiers team`, `--tiers metadata.tier`):
//!   the label's value is the tier;
//! - by tag (`--tiers tag`): the first of the call's tags that names a tier;
//! - by keyword rules over the prompt text (`--tier-rules FILE`, a
//!   `route-eval` rules file): the tier of the first rule that matches, else
//!   the rules' default tier;
//! - by size (`--tiers-by-size N`): N tiers of equal counts of calls by prompt
//!   size, cut at the prompt sizes of the calls that begin each (`small`,
//!   `medium`, `large` for three; `size-1` ... otherwise);
//! - by model (`forecast`): the model as the call logged it, so that a
//!   calibrated scenario's `observed` strategy serves each tier on its model.
//!
//! A call no rule places is counted apart, never put in a tier silently.

use super::{Tally, Usage};
use crate::input::InputError;
use crate::routing::rules::Rules;
use crate::scenario::Scenario;
use std::path::Path;

/// How calls are placed in tiers.
#[derive(Debug, Clone)]
pub enum Tiering {
    /// The value of this label.
    Label(String),
    /// The first tag that is one of `names`.
    Tag { names: Vec<String> },
    /// Keyword rules over the prompt.
    Rules(Rules),
    /// Prompt sizes: a call of `prompt` tokens is in the last tier whose lower
    /// bound it reaches (`bounds[0]` is 0).
    Size { names: Vec<String>, bounds: Vec<u64> },
    /// The model as logged.
    Model,
}

impl Tiering {
    /// The tier of `usage`, by name; `None` when nothing places it.
    pub fn tier_of<'a>(&'a self, usage: &'a Usage) -> Option<&'a str> {
        match self {
            Tiering::Label(name) => usage.labels.get(name).map(String::as_str),
            Tiering::Tag { names } => usage
                .tags
                .iter()
                .find(|t| names.iter().any(|n| n == *t))
                .map(String::as_str),
            Tiering::Rules(rules) => {
                let tier = match usage.prompt.as_deref() {
                    Some(text) => rules.classify(text).map(|m| m.tier).or(rules.default),
                    None => None,
                };
                tier.map(|t| rules.tiers[t].as_str())
            }
            Tiering::Size { names, bounds } => {
                let prompt = usage.tokens.prompt();
                let tier = bounds.partition_point(|b| u128::from(*b) <= prompt).checked_sub(1)?;
                Some(names[tier].as_str())
            }
            Tiering::Model => Some(usage.model.as_str()),
        }
    }

    /// How `replay` and `variance` place calls in the tiers of `scenario`, and
    /// the words that say so: by the keyword rules of `rules`, by tag
    /// (`field` is `tag`), by the label `field`, or else by the nearest tier's
    /// input size.
    pub fn for_scenario(
        scenario: &Scenario,
        field: Option<&str>,
        rules: Option<&Path>,
    ) -> Result<(Tiering, String), InputError> {
        Ok(match (field, rules) {
            (_, Some(file)) => (
                Tiering::Rules(Rules::load(file)?),
                format!("by the rules of {}", file.display()),
            ),
            (Some("tag"), None) => (
                Tiering::Tag {
                    names: scenario.tiers.iter().map(|t| t.name.clone()).collect(),
                },
                "by tag".to_string(),
            ),
            (Some(label), None) => (Tiering::Label(label.to_string()), format!("by label `{label}`")),
            (None, None) => (
                Tiering::nearest(
                    &scenario
                        .tiers
                        .iter()
                        .map(|t| (t.name.clone(), t.tokens.input()))
                        .collect::<Vec<_>>(),
                ),
                "by the nearest tier's input size".to_string(),
            ),
        })
    }

    /// Size tiers placing a call in the tier of `tiers` (name, input tokens)
    /// whose input is nearest its prompt: the smaller tier on a tie, the first
    /// named of tiers of one size.
    pub fn nearest(tiers: &[(String, u64)]) -> Tiering {
        let mut sizes: Vec<(u64, &str)> = tiers.iter().map(|(name, input)| (*input, name.as_str())).collect();
        // Stable: of tiers of one size, the first named stays first.
        sizes.sort_by_key(|(input, _)| *input);
        sizes.dedup_by_key(|(input, _)| *input);
        let mut names = Vec::with_capacity(sizes.len());
        let mut bounds = Vec::with_capacity(sizes.len());
        for (i, (input, name)) in sizes.iter().enumerate() {
            names.push(name.to_string());
            // A prompt p is nearer `input` than the smaller `below` once
            // p - below > input - p: from floor((below + input) / 2) + 1.
            bounds.push(match i.checked_sub(1).map(|j| sizes[j].0) {
                Some(below) => below + (input - below) / 2 + 1,
                None => 0,
            });
        }
        Tiering::Size { names, bounds }
    }

    /// Size tiers cutting `prompts` (every call's prompt tokens) into `n`
    /// groups of about equal counts; fewer when sizes repeat.
    pub fn by_size(prompts: &Tally, n: usize) -> Tiering {
        let n = n.max(1) as u64;
        let calls = prompts.calls();
        let mut bounds = vec![0];
        for k in 1..n {
            if let Some(cut) = prompts.nth((u128::from(calls) * u128::from(k) / u128::from(n)) as u64)
                && cut > *bounds.last().unwrap_or(&0)
            {
                bounds.push(cut);
            }
        }
        let names = match bounds.len() {
            3 => vec!["small".into(), "medium".into(), "large".into()],
            2 => vec!["small".into(), "large".into()],
            count => (1..=count).map(|i| format!("size-{i}")).collect(),
        };
        Tiering::Size { names, bounds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::{Origin, UsageTokens};
    use chrono::Utc;
    use std::collections::BTreeMap;

    fn call(prompt: u64) -> Usage {
        Usage {
            origin: Origin {
                source: "t".into(),
                line: None,
            },
            start: Utc::now(),
            model: "m".into(),
            requests: 1,
            tokens: UsageTokens {
                input: prompt,
                ..UsageTokens::default()
            },
            unpriced: BTreeMap::new(),
            long_context: None,
            batch: false,
            service_tier: None,
            recorded_cost: None,
            labels: BTreeMap::from([("tier".to_string(), "complex".to_string())]),
            tags: vec!["prod".into(), "simple".into()],
            prompt: Some("please refund my order".into()),
            id: None,
        }
    }

    #[test]
    fn a_label_or_a_tag_names_the_tier() {
        assert_eq!(Tiering::Label("tier".into()).tier_of(&call(10)), Some("complex"));
        assert_eq!(Tiering::Label("team".into()).tier_of(&call(10)), None);
        let tags = Tiering::Tag {
            names: vec!["simple".into(), "complex".into()],
        };
        assert_eq!(tags.tier_of(&call(10)), Some("simple"));
    }

    #[test]
    fn the_nearest_tier_by_size_takes_the_smaller_on_a_tie() {
        let tiers = [
            ("large".to_string(), 1000),
            ("small".to_string(), 100),
            ("same".to_string(), 100),
        ];
        let tiering = Tiering::nearest(&tiers);
        // Halfway between 100 and 1000 is 550: a tie, the smaller tier.
        assert_eq!(tiering.tier_of(&call(0)), Some("small"));
        assert_eq!(tiering.tier_of(&call(550)), Some("small"));
        assert_eq!(tiering.tier_of(&call(551)), Some("large"));
        assert_eq!(tiering.tier_of(&call(1_000_000)), Some("large"));
    }

    #[test]
    fn sizes_cut_calls_into_equal_counts() {
        // 1..=9 hundred tokens in three tiers: cuts at the 4th and 7th smallest.
        let prompts: Vec<u64> = (1..=9).map(|i| i * 100).collect();
        let tiering = Tiering::by_size(&prompts.into_iter().collect(), 3);
        let Tiering::Size { names, bounds } = &tiering else {
            panic!("size tiers")
        };
        assert_eq!(bounds, &vec![0, 400, 700]);
        assert_eq!(names, &vec!["small".to_string(), "medium".into(), "large".into()]);
        assert_eq!(tiering.tier_of(&call(399)), Some("small"));
        assert_eq!(tiering.tier_of(&call(400)), Some("medium"));
        assert_eq!(tiering.tier_of(&call(100_000)), Some("large"));
        // Repeated sizes give fewer tiers.
        let Tiering::Size { bounds, .. } = Tiering::by_size(&[5; 10].into_iter().collect(), 3) else {
            panic!("size tiers")
        };
        assert_eq!(bounds, vec![0, 5]);
    }
}
