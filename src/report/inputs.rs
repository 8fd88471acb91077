//! The lines every report opens with, so a reader knows which scenario and
//! which prices (catalog, date, currency, source) the figures come from.

use crate::engine::{CatalogInfo, ScenarioInfo};

/// `Scenario`, `Catalog` and `Price source` facts.
pub fn facts(scenario: &ScenarioInfo, catalog: &CatalogInfo) -> Vec<(String, String)> {
    vec![
        ("Scenario".into(), format!("{} ({})", scenario.name, scenario.file)),
        (
            "Catalog".into(),
            format!(
                "{}, prices as of {}, {} ({})",
                catalog.name, catalog.as_of, catalog.currency, catalog.file
            ),
        ),
        ("Price source".into(), catalog.source.clone()),
    ]
}
