//! Models the head catalog no longer lists: found before anything is priced,
//! reported together with the deprecation date and successor the base catalog
//! gives; and `--map OLD=NEW`, which prices such a model on a replacement.

use super::DiffError;
use super::Pair;
use crate::engine::{SimulationReport, TierReport};
use crate::pricing::Catalog;
use chrono::NaiveDate;
use std::fmt;

/// A model the base side uses and the head catalog lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The model's id in the base catalog.
    pub model: String,
    /// Where it is used: `scenario (strategy s, tier t)`.
    pub used_by: Vec<String>,
    pub base_catalog: String,
    pub head_catalog: String,
    pub deprecation_date: Option<NaiveDate>,
    pub successor: Option<String>,
    /// The successor's id in the head catalog, when it lists it.
    pub successor_in_head: Option<String>,
    /// The head catalog's ids closest to the model's.
    pub closest: Vec<String>,
}

/// Every model the head catalog lacks: a diff cannot price the head side.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RetiredModels {
    pub missing: Vec<Missing>,
}

impl fmt::Display for RetiredModels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = self.missing.first().map_or("", |m| m.head_catalog.as_str());
        let n = self.missing.len();
        write!(
            f,
            "the head catalog {head} no longer lists {n} model{} the scenarios use:",
            if n == 1 { "" } else { "s" }
        )?;
        let mut maps = Vec::new();
        for m in &self.missing {
            write!(f, "\n  - {}, used by {}; ", m.model, m.used_by.join(", "))?;
            let base = &m.base_catalog;
            let listed = if m.successor_in_head.is_some() {
                "listed"
            } else {
                "not listed"
            };
            match (m.deprecation_date, &m.successor) {
                (Some(date), Some(s)) => {
                    write!(f, "deprecated on {date} per {base}, successor {s} ({listed} in {head})")?
                }
                (Some(date), None) => write!(f, "deprecated on {date} per {base}, which names no successor")?,
                (None, Some(s)) => write!(f, "{base} names its successor {s} ({listed} in {head})")?,
                (None, None) => write!(f, "{base} gives no deprecation date or successor")?,
            }
            if m.successor_in_head.is_none() && !m.closest.is_empty() {
                write!(f, "; closest ids in {head}: {}", m.closest.join(", "))?;
            }
            if let Some(new) = m.successor_in_head.as_ref().or(m.closest.first()) {
                maps.push(format!("--map {}={new}", m.model));
            }
        }
        write!(f, "\n  hint: price a retired model on a replacement with --map OLD=NEW")?;
        if !maps.is_empty() {
            write!(f, ", such as {}", maps.join(" "))?;
        }
        Ok(())
    }
}

/// The names under which the base catalog knows `id`'s model: `id`, its catalog id and aliases.
pub(super) fn names(base: &Catalog, id: &str) -> Vec<String> {
    let mut names = vec![id.to_string()];
    if let Ok(model) = base.model(id) {
        for name in std::iter::once(&model.id).chain(&model.aliases) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// Makes every name of each mapped model find its replacement in `head`.
pub fn apply_maps(maps: &[(String, String)], base: &Catalog, head: &mut Catalog) -> Result<(), DiffError> {
    for (old, new) in maps {
        let file = head.file.clone();
        head.substitute(&names(base, old), new).map_err(|unknown| {
            let hint = unknown.hint().map_or_else(String::new, |h| format!("; {h}"));
            DiffError(format!("--map {old}={new}: {unknown} ({file}){hint}"))
        })?;
    }
    Ok(())
}

/// Every mapped model must be one a scenario uses: a mistyped OLD would map nothing.
pub fn check_maps_used<'a>(
    maps: &[(String, String)],
    pairs: &[Pair],
    bases: impl Iterator<Item = &'a SimulationReport> + Clone,
) -> Result<(), DiffError> {
    for (old, new) in maps {
        let used = pairs.iter().zip(bases.clone()).any(|(pair, base)| {
            let names = names(&pair.base.catalog, old);
            base.strategies
                .iter()
                .flat_map(|s| &s.tiers)
                .flat_map(tier_models)
                .any(|id| names.iter().any(|n| n == id))
        });
        if !used {
            let mut models: Vec<&str> = bases
                .clone()
                .flat_map(|b| b.strategies.iter().flat_map(|s| &s.tiers))
                .flat_map(tier_models)
                .collect();
            models.sort_unstable();
            models.dedup();
            return Err(DiffError(format!(
                "--map {old}={new}: no strategy uses `{old}`; the scenarios use {}",
                models.join(", ")
            )));
        }
    }
    Ok(())
}

/// Adds to `out` the models `base` uses that `head` (replacements applied) does not list.
pub fn collect_missing(out: &mut Vec<Missing>, base: &SimulationReport, base_catalog: &Catalog, head: &Catalog) {
    for strategy in &base.strategies {
        // Each missing model of the strategy and the tiers it serves.
        let mut lacking: Vec<(&str, Vec<&str>)> = Vec::new();
        for tier in &strategy.tiers {
            for id in tier_models(tier) {
                if names(base_catalog, id).iter().any(|n| head.model(n).is_ok()) {
                    continue;
                }
                match lacking.iter_mut().find(|(m, _)| *m == id) {
                    Some((_, tiers)) => tiers.push(&tier.tier),
                    None => lacking.push((id, vec![&tier.tier])),
                }
            }
        }
        for (id, tiers) in lacking {
            let place = if tiers.len() == strategy.tiers.len() {
                format!("{} (strategy {})", base.scenario.name, strategy.name)
            } else {
                let tiers = tiers.join(", ");
                format!("{} (strategy {}, tier {tiers})", base.scenario.name, strategy.name)
            };
            if let Some(known) = out.iter_mut().find(|m| m.model == id) {
                known.used_by.push(place);
                continue;
            }
            let model = base_catalog.model(id).ok();
            let successor = model.and_then(|m| m.successor.clone());
            out.push(Missing {
                model: id.to_string(),
                used_by: vec![place],
                base_catalog: base_catalog.name.clone(),
                head_catalog: head.name.clone(),
                deprecation_date: model.and_then(|m| m.deprecation_date),
                successor_in_head: successor
                    .as_deref()
                    .and_then(|s| head.model(s).ok())
                    .map(|m| m.id.clone()),
                successor,
                closest: head.model(id).err().map(|u| u.closest).unwrap_or_default(),
            });
        }
    }
}

/// Every model a tier's requests used: its own, and any classifier, cascade or fallback model.
fn tier_models(tier: &TierReport) -> Vec<&str> {
    let mut ids = vec![tier.model.as_str()];
    for served in &tier.served {
        if !ids.contains(&served.model.as_str()) {
            ids.push(&served.model);
        }
    }
    ids
}
