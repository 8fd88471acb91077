//! What each candidate model costs and scores on each tier, priced by the
//! engine (`routing::Resolved`, every call billed by the tariff): for a tier
//! `t` and a model `m`, the month of tier `t`'s requests whose chain starts at
//! `m` (with a fallback's failures, retries, backups and escalations), and
//! the quality they get. A routed plan's cost and quality are sums of these
//! weighted by the classifier's confusion matrix, which is what lets the
//! search treat each routed tier as an independent choice. With conversations
//! of several turns and their history cached, each tier on each model is also
//! priced as if every turn switched models: the extra on each model called is
//! what the plan loses there times `1 - ` that model's share of turns
//! (`sharing.rs`).

use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::routing::{Classifier, Fallback, Resolved, Windows};
use crate::scenario::{Scenario, Serving, Strategy};
use crate::techniques::Techniques;
use rust_decimal::Decimal;

/// Tier `t`'s month on one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierPrice {
    /// Every call the tier's requests make, and the people handling the
    /// unserved, with no history lost to a switch of model.
    pub cost: Decimal,
    /// The tier's expected quality; `None` when an answering model has no score for it.
    pub quality: Option<Decimal>,
    /// Whether the tier's requests fit the model's context window (a tier
    /// may only be routed to a model it fits; misrouted requests are priced
    /// as if they fitted, as the engine prices them).
    pub fits: bool,
    /// By model called (by id): the month's extra when every turn's history
    /// misses after a switch of model; empty without switching loss.
    pub losses: Vec<(String, Decimal)>,
}

/// `prices[t][m]`: tier `t` on candidate `m`.
pub type Table = Vec<Vec<TierPrice>>;

/// Every tier on every candidate, with `fallback` and `techniques`.
pub fn table(
    scenario: &Scenario,
    catalog: &Catalog,
    candidates: &[String],
    fallback: Option<&Fallback>,
    techniques: &Techniques,
) -> Result<Table, InputError> {
    let mut work = scenario.clone();
    work.strategies = candidates
        .iter()
        .map(|m| Strategy {
            name: m.clone(),
            serving: Serving::Single(m.clone()),
            techniques: techniques.clone(),
            classifier: Classifier::none(scenario.tiers.len()),
            fallback: fallback.cloned(),
            overrides: Vec::new(),
            service: Default::default(),
        })
        .collect();
    let volumes: Vec<Decimal> = (0..scenario.tiers.len())
        .map(|t| scenario.tier_interactions(t))
        .collect();
    // Notes of the search's own pricings are not the plan's: the chosen plan is
    // priced again, with its notes, once chosen.
    let mut notes = Notes::default();
    let mut prices = vec![Vec::with_capacity(candidates.len()); scenario.tiers.len()];
    let switching = techniques.caching.as_ref().is_some_and(|c| c.switching_loses());
    for m in 0..candidates.len() {
        let strict = Resolved::new(&work, catalog, m, techniques, Windows::Enforce, &mut notes)?.never_switched();
        // Built only when a tier does not fit: most candidates fit every tier.
        let mut lenient = None;
        let switched = switching
            .then(|| Resolved::new(&work, catalog, m, techniques, Windows::Allow, &mut notes))
            .transpose()?
            .map(Resolved::every_turn_switched);
        for (t, &volume) in volumes.iter().enumerate() {
            let (serving, fits) = match strict.serve(t, volume, &mut notes) {
                Ok(s) => (s, true),
                Err(_) => {
                    let allow = match &lenient {
                        Some(r) => r,
                        None => lenient.insert(
                            Resolved::new(&work, catalog, m, techniques, Windows::Allow, &mut notes)?.never_switched(),
                        ),
                    };
                    (allow.serve(t, volume, &mut notes)?, false)
                }
            };
            let mut losses: Vec<(String, Decimal)> = Vec::new();
            if let Some(switched) = &switched {
                let all = switched.serve(t, volume, &mut notes)?;
                for (s, base) in all.served.iter().zip(&serving.served) {
                    let extra = s.cost - base.cost;
                    match losses.iter_mut().find(|(id, _)| *id == s.model) {
                        Some((_, sum)) => *sum += extra,
                        None if !extra.is_zero() => losses.push((s.model.clone(), extra)),
                        None => {}
                    }
                }
            }
            prices[t].push(TierPrice {
                cost: serving.components().total(),
                quality: serving.quality,
                fits,
                losses,
            });
        }
    }
    Ok(prices)
}

/// The LLM classifier's calls a month under the scenario's strategy `index`
/// with `techniques` (0 for a free classifier): the same whatever the routes.
pub fn classifier_cost(
    scenario: &Scenario,
    catalog: &Catalog,
    index: usize,
    techniques: &Techniques,
) -> Result<Decimal, InputError> {
    let mut notes = Notes::default();
    let resolved = Resolved::new(scenario, catalog, index, techniques, Windows::Allow, &mut notes)?;
    let mut total = Decimal::ZERO;
    for t in 0..scenario.tiers.len() {
        total += resolved
            .serve(t, scenario.tier_interactions(t), &mut notes)?
            .extras
            .classifier;
    }
    Ok(total)
}
