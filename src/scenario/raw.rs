//! The scenario file as written: serde types only, validated by `load`.

use crate::input::{ExactDecimal, Fraction};
use crate::routing::{ClassifierKind, FailedBilling};
use crate::tariff::Ttl;
use crate::techniques::Technique;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub catalog: Option<String>,
    pub volume: RawVolume,
    pub tiers: Vec<RawTier>,
    pub strategies: Vec<RawStrategy>,
    pub baseline: String,
    #[serde(default)]
    pub techniques: RawTechniques,
    /// Model → tier → the share of good answers, from the user's own evaluation.
    pub quality: Option<BTreeMap<String, BTreeMap<String, Fraction>>>,
    pub uncertainty: Option<RawUncertainty>,
}

/// What Monte Carlo draws around the scenario's means.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUncertainty {
    pub daily_volume_cv: Option<Fraction>,
    pub input_cv: Option<Fraction>,
    pub output_cv: Option<Fraction>,
    #[serde(default)]
    pub tiers: BTreeMap<String, RawSpread>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpread {
    pub input_cv: Option<Fraction>,
    pub output_cv: Option<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVolume {
    pub interactions_per_day: Option<ExactDecimal>,
    pub days_per_month: Option<ExactDecimal>,
    pub interactions_per_month: Option<ExactDecimal>,
    /// The busiest hour's interactions over the mean hour of its day.
    pub peak_to_mean: Option<ExactDecimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub name: String,
    pub share: Fraction,
    pub input_tokens: u64,
    #[serde(default)]
    pub system_tokens: u64,
    #[serde(default)]
    pub context_tokens: u64,
    #[serde(default)]
    pub history_tokens: u64,
    pub output_tokens: u64,
    pub reasoning_tokens: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStrategy {
    pub name: String,
    pub model: Option<String>,
    pub routes: Option<BTreeMap<String, String>>,
    pub cascade: Option<RawCascade>,
    pub classifier: Option<RawClassifier>,
    pub fallback: Option<RawFallback>,
    #[serde(default)]
    pub techniques: RawTechniques,
    pub service_tier: Option<RawServiceTier>,
    pub region: Option<String>,
}

/// The shares of a strategy's non-batch calls sent in each service tier; the
/// rest is standard.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServiceTier {
    pub priority: Option<Fraction>,
    pub flex: Option<Fraction>,
}

/// True tier → routed tier → probability.
pub type RawMatrix = BTreeMap<String, BTreeMap<String, Fraction>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClassifier {
    pub kind: ClassifierKind,
    pub rules: Option<RawRulesClassifier>,
    pub llm: Option<RawCall>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRulesClassifier {
    pub matrix: Option<RawMatrix>,
    pub matrix_file: Option<String>,
    pub coverage: Option<Fraction>,
}

/// A model call made for each request (an LLM classifier, a cascade's judge):
/// its model and tokens, and the settings of the role it plays.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCall {
    pub model: String,
    pub input_tokens: u64,
    #[serde(default)]
    pub system_tokens: u64,
    pub output_tokens: u64,
    pub reasoning_tokens: Option<u64>,
    /// A classifier's accuracy.
    pub accuracy: Option<Fraction>,
    /// A classifier's confusion matrix.
    pub matrix: Option<RawMatrix>,
    /// Whether a judge also reads the request and the answer.
    pub reads_answer: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCascade {
    pub models: Vec<String>,
    /// Model → tier → the probability its answer is accepted.
    #[serde(default)]
    pub accept: BTreeMap<String, BTreeMap<String, Fraction>>,
    pub verifier: Option<RawCall>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFallback {
    #[serde(default)]
    pub failure: BTreeMap<String, Fraction>,
    #[serde(default)]
    pub backups: Vec<String>,
    #[serde(default)]
    pub retries: u32,
    pub failed_attempts: FailedBilling,
    pub escalation_cost: Option<ExactDecimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTechniques {
    pub pruning: Option<Toggle<RawPruning>>,
    pub summary: Option<Toggle<RawSummary>>,
    pub early_stop: Option<Toggle<RawEarlyStop>>,
    pub caching: Option<Toggle<RawCaching>>,
    pub batch: Option<Toggle<RawBatch>>,
}

impl RawTechniques {
    /// The techniques this block sets or switches off itself.
    pub fn named(&self) -> Vec<Technique> {
        let set = [
            (Technique::Pruning, self.pruning.is_some()),
            (Technique::Summary, self.summary.is_some()),
            (Technique::EarlyStop, self.early_stop.is_some()),
            (Technique::Caching, self.caching.is_some()),
            (Technique::Batch, self.batch.is_some()),
        ];
        set.into_iter().filter(|(_, on)| *on).map(|(t, _)| t).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPruning {
    pub max_context_tokens: Option<u64>,
    pub reduction: Option<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSummary {
    pub history_reduction: Option<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlyStop {
    pub share: Option<Fraction>,
    pub output_saved: Option<Fraction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaching {
    pub hit_rate: Option<Fraction>,
    pub ttl: Option<Ttl>,
    /// The parts of the input that form the stable prefix, in prompt order.
    pub prefix: Option<Vec<crate::techniques::PrefixPart>>,
    /// Turns per conversation: the history a switch of model loses.
    pub session_turns: Option<u64>,
    /// An explicit cache kept for the prefix, billed by the hour.
    pub explicit: Option<RawExplicit>,
}

/// `caching.explicit`: how long a day the explicit caches are kept.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExplicit {
    pub hours_per_day: ExactDecimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    pub share: Option<Fraction>,
    pub tiers: Option<BTreeMap<String, Fraction>>,
}

/// A technique's settings, or `off` to switch off one the scenario turns on
/// for every strategy.
#[derive(Debug)]
pub enum Toggle<T> {
    Off,
    On(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Toggle<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ToggleVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ToggleVisitor<T> {
            type Value = Toggle<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the technique's settings, or `off`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Toggle<T>, E> {
                match v {
                    "off" => Ok(Toggle::Off),
                    other => Err(E::custom(format!(
                        "`{other}` is not a technique setting; write `off` or the settings"
                    ))),
                }
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Toggle<T>, E> {
                if v {
                    Err(E::custom("`true` is not enough: give the technique's settings"))
                } else {
                    Ok(Toggle::Off)
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Toggle<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Toggle::On)
            }
        }

        d.deserialize_any(ToggleVisitor(PhantomData))
    }
}
