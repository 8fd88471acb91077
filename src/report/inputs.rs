//! The lines every report opens with, so a reader knows which scenario and
//! which prices (catalog, date, currency, source) the figures come from.

use crate::engine::{CatalogInfo, ScenarioInfo};
use crate::figures;

/// `Scenario`, `Volume`, `Catalog` and `Price source` facts.
pub fn facts(scenario: &ScenarioInfo, catalog: &CatalogInfo) -> Vec<(String, String)> {
    vec![
        ("Scenario".into(), format!("{} ({})", scenario.name, scenario.file)),
        ("Volume".into(), volume(scenario)),
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

/// "3,000 interactions a month (100 a day × 30 days)".
fn volume(s: &ScenarioInfo) -> String {
    let per_month = format!("{} interactions a month", figures::tokens(s.interactions_per_month));
    match (s.interactions_per_day, s.days_per_month) {
        (Some(day), Some(days)) => format!(
            "{per_month} ({} a day × {} days)",
            figures::tokens(day),
            figures::tokens(days)
        ),
        _ => per_month,
    }
}
