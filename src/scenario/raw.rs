//! The scenario file as written: serde types only, validated by `load`.

use crate::input::{ExactDecimal, Fraction};
use crate::pricing::Ttl;
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
    #[serde(default)]
    pub techniques: RawTechniques,
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
    pub history_reduction: Fraction,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlyStop {
    pub share: Fraction,
    pub output_saved: Fraction,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaching {
    pub hit_rate: Fraction,
    #[serde(default)]
    pub ttl: Ttl,
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
