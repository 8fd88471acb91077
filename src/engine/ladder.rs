//! A strategy's technique ladder: its cost with no technique, then with each of
//! its techniques added in turn, in the order they act (pruning, summary, early
//! stop, caching, batch). Each step's saving depends on the steps before it.
//!
//! The strategy itself (every technique on) must fit its models' context
//! windows, as `simulate` requires; an earlier step that does not fit (pruning
//! not yet on) is priced as if it fitted and marked, so the ladder still shows
//! what pruning saves.

use super::report::{CatalogInfo, Delta, ScenarioInfo};
use super::simulate::{catalog_info, delta, model_notes, scenario_info};
use super::strategy::{price_strategy, price_with};
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::routing::Windows;
use crate::scenario::Scenario;
use crate::techniques::Technique;
use rust_decimal::Decimal;
use serde::Serialize;

/// One rung: the techniques on so far and what the last one saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LadderStep {
    /// The technique this step adds; `None` for the first step (no technique).
    pub added: Option<Technique>,
    pub techniques: Vec<Technique>,
    pub total: Decimal,
    /// Against the step before.
    pub saving: Delta,
    /// Against no technique at all.
    pub cumulative: Delta,
    /// Why this step's requests do not fit a context window (priced as if they did).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub does_not_fit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LadderReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub strategy: String,
    pub steps: Vec<LadderStep>,
    pub warnings: Vec<String>,
}

impl LadderReport {
    /// The saving of all the techniques together, against none.
    pub fn total_saving(&self) -> Option<Delta> {
        self.steps.last().map(|s| s.cumulative)
    }
}

/// The ladder of the strategy at `index` of `scenario`.
pub fn ladder(scenario: &Scenario, catalog: &Catalog, index: usize) -> Result<LadderReport, InputError> {
    let strategy = &scenario.strategies[index];
    let mut notes = Notes::default();
    let mut steps: Vec<LadderStep> = Vec::new();
    let mut on: Vec<Technique> = Vec::new();
    // The whole strategy must fit, as in `simulate`.
    price_strategy(scenario, catalog, index, &strategy.techniques, &mut Notes::default())?;
    let enabled = strategy.techniques.enabled();
    for added in std::iter::once(None).chain(enabled.into_iter().map(Some)) {
        on.extend(added);
        let techniques = strategy.techniques.only(&on);
        let (priced, does_not_fit) = match price_strategy(scenario, catalog, index, &techniques, &mut notes) {
            Ok(priced) => (priced, None),
            Err(too_large) => (
                price_with(scenario, catalog, index, &techniques, Windows::Allow, &mut notes)?,
                Some(too_large.message),
            ),
        };
        if added.is_none() {
            // Every step calls the same models: their notes once.
            model_notes(std::slice::from_ref(&priced), catalog, &mut notes);
        }
        let total = priced.total;
        let first = steps.first().map_or(total, |s| s.total);
        let previous = steps.last().map_or(total, |s| s.total);
        steps.push(LadderStep {
            added,
            techniques: on.clone(),
            total,
            saving: saving(total, previous),
            cumulative: saving(total, first),
            does_not_fit,
        });
    }
    Ok(LadderReport {
        scenario: scenario_info(scenario),
        catalog: catalog_info(catalog),
        strategy: strategy.name.clone(),
        steps,
        warnings: notes.iter().cloned().collect(),
    })
}

/// How much cheaper `total` is than `before`: positive when it saves.
fn saving(total: Decimal, before: Decimal) -> Delta {
    let change = delta(total, before);
    Delta {
        difference: -change.difference,
        percent: change.percent.map(|p| -p),
    }
}
