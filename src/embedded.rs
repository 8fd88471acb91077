//! The reference scenario and its catalog, built into the binary so that
//! `llmcost simulate` runs with no file at all.

use crate::input::Source;

/// The path, relative to the scenario, by which the default scenario names its catalog.
const DEFAULT_CATALOG_REF: &str = "../pricing/list-2025-11.yaml";

pub fn default_scenario() -> Source {
    Source::new(
        "embedded:scenarios/service-company.yaml",
        include_str!("../scenarios/service-company.yaml"),
    )
}

pub fn default_catalog() -> Source {
    Source::new(
        "embedded:pricing/list-2025-11.yaml",
        include_str!("../pricing/list-2025-11.yaml"),
    )
}

/// Whether `reference` (as the embedded scenario writes it) names the embedded catalog.
pub fn is_default_catalog(reference: &std::path::Path) -> bool {
    reference == std::path::Path::new(DEFAULT_CATALOG_REF)
}
