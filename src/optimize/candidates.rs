//! What the search may choose from: the candidate models (those with quality
//! scores, a list given, or the scored models of some providers), the
//! technique settings (subsets of the scenario's own), and the refusals when
//! the question cannot be answered as asked.

use crate::input::InputError;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use crate::techniques::{Technique, Techniques};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Which models the search may put on a tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    /// Every model the scenario's `quality` section scores.
    Scored,
    /// These models (ids or aliases of the catalog).
    Models(Vec<String>),
    /// The scored models of these providers.
    Providers(Vec<String>),
}

/// Why `optimize` cannot answer as asked.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{scenario} has no `quality` section: optimize needs a quality score per model and tier")]
    NoScores { scenario: String },
    #[error("no candidate model: {0}")]
    NoCandidates(String),
    #[error("{0}")]
    UnknownModel(String),
    #[error("no quality score in {scenario} for {}: add them to its `quality` section or leave them out of --models", .models.join(", "))]
    Unscored { scenario: String, models: Vec<String> },
    #[error("no provider `{provider}` in catalog `{catalog}`; its providers: {}", .known.join(", "))]
    UnknownProvider {
        provider: String,
        catalog: String,
        known: Vec<String>,
    },
    #[error(
        "--techniques names {technique}, which {scenario} does not set: give its settings in the scenario's `techniques` section"
    )]
    TechniqueUnset { technique: String, scenario: String },
    #[error("no plan reaches a quality of {floor}: the best reachable is {best}, at {cost} a month")]
    FloorUnreachable { floor: String, best: String, cost: String },
    #[error("no plan fits a budget of {budget}: the cheapest costs {cheapest} a month (quality {quality})")]
    BudgetTooLow {
        budget: String,
        cheapest: String,
        quality: String,
    },
    #[error("no plan serves every tier: {0}")]
    NoPlan(String),
    #[error("cannot write strategy `{name}`: {reason}")]
    CannotWrite { name: String, reason: String },
    #[error(
        "the exact search over {tiers} tiers and {candidates} candidates, with the history lost when a session switches models, passed {visits} partial plans without finishing; give fewer candidates (--models) or price without the switching loss (caching.session_turns: 1)"
    )]
    SearchTooLarge {
        tiers: usize,
        candidates: usize,
        visits: u64,
    },
    #[error(
        "{scenario} keeps explicit caches (`caching.explicit`), whose storage optimize does not price; search without them (`caching: {{explicit: ...}}` removed) and price the chosen plan with simulate"
    )]
    ExplicitCaching { scenario: String },
}

/// Quality scores by catalog id: model → tier → score.
pub type Scores<'a> = BTreeMap<String, &'a BTreeMap<String, Decimal>>;

/// The scenario's scores by catalog id (scores of a model the catalog lacks
/// are left out, as the engine leaves them out).
pub fn scores<'a>(scenario: &'a Scenario, catalog: &Catalog) -> Result<Scores<'a>, OptimizeError> {
    let quality = scenario.quality.as_ref().ok_or_else(|| OptimizeError::NoScores {
        scenario: scenario.source.name.clone(),
    })?;
    Ok(quality
        .scores
        .iter()
        .filter_map(|(name, tiers)| catalog.model(name).ok().map(|m| (m.id.clone(), tiers)))
        .collect())
}

/// The candidates as the scenario or the command line names them (a
/// provider's by catalog id), each model once, in the order asked (scored
/// models in the order of the `quality` section, a provider's in catalog order).
pub fn resolve(
    asked: &Candidates,
    scenario: &Scenario,
    catalog: &Catalog,
    scores: &Scores,
) -> Result<Vec<String>, OptimizeError> {
    let mut ids: Vec<String> = Vec::new();
    match asked {
        Candidates::Scored => {
            let mut seen: Vec<&str> = Vec::new();
            for name in scenario.quality.iter().flat_map(|q| q.scores.keys()) {
                if let Ok(model) = catalog.model(name)
                    && !seen.contains(&model.id.as_str())
                {
                    seen.push(&model.id);
                    ids.push(name.clone());
                }
            }
        }
        Candidates::Models(names) => {
            let mut unscored = Vec::new();
            for name in names {
                let model = catalog.model(name).map_err(|unknown| {
                    let hint = unknown.hint().map_or(String::new(), |h| format!("; {h}"));
                    OptimizeError::UnknownModel(format!("--models: {unknown}{hint}"))
                })?;
                if !scores.contains_key(&model.id) {
                    unscored.push(name.clone());
                } else if !ids.iter().any(|i| catalog.model(i).is_ok_and(|m| m.id == model.id)) {
                    ids.push(name.clone());
                }
            }
            if !unscored.is_empty() {
                return Err(OptimizeError::Unscored {
                    scenario: scenario.source.name.clone(),
                    models: unscored,
                });
            }
        }
        Candidates::Providers(providers) => {
            for provider in providers {
                if !catalog.models.iter().any(|m| &m.provider == provider) {
                    let mut known: Vec<String> = catalog.models.iter().map(|m| m.provider.clone()).collect();
                    known.sort();
                    known.dedup();
                    return Err(OptimizeError::UnknownProvider {
                        provider: provider.clone(),
                        catalog: catalog.name.clone(),
                        known,
                    });
                }
            }
            ids = catalog
                .models
                .iter()
                .filter(|m| providers.contains(&m.provider) && scores.contains_key(&m.id))
                .map(|m| m.id.clone())
                .collect();
        }
    }
    // Capacity bought by the hour and a committed spend are not billed per call, so a plan cannot share it out per tier.
    ids.retain(|id| {
        catalog.model(id).map_or(true, |m| {
            catalog.deployment(m).is_none() && catalog.provisioned(m).is_none() && catalog.committed_spend(m).is_none()
        })
    });
    if ids.is_empty() {
        return Err(OptimizeError::NoCandidates(match asked {
            Candidates::Models(_) => "--models names none".to_string(),
            Candidates::Providers(p) if p.is_empty() => "--providers names none".to_string(),
            Candidates::Providers(p) => format!("no model of {} has a quality score", p.join(", ")),
            Candidates::Scored => "the scenario's `quality` section scores no model of the catalog".to_string(),
        }));
    }
    Ok(ids)
}

/// Every technique setting the search tries: each subset of `allowed` (the
/// techniques the scenario turns on, when not given), with the scenario's
/// settings, from none to all.
pub fn technique_sets(scenario: &Scenario, allowed: Option<&[Technique]>) -> Result<Vec<Techniques>, OptimizeError> {
    let on = scenario.techniques.enabled();
    let allowed: Vec<Technique> = match allowed {
        None => on,
        Some(list) => {
            if let Some(t) = list.iter().find(|t| !on.contains(t)) {
                return Err(OptimizeError::TechniqueUnset {
                    technique: t.name().to_string(),
                    scenario: scenario.source.name.clone(),
                });
            }
            Technique::ORDER.into_iter().filter(|t| list.contains(t)).collect()
        }
    };
    Ok((0u32..1 << allowed.len())
        .map(|mask| {
            let keep: Vec<Technique> = allowed
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, t)| *t)
                .collect();
            scenario.techniques.only(&keep)
        })
        .collect())
}
