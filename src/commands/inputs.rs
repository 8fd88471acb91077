//! The scenario and catalog a pricing command works on: files named on the
//! command line, the catalog a scenario names, or the embedded defaults.

use crate::cli::InputArgs;
use crate::embedded;
use crate::input::Field;
use crate::output::note::note;
use crate::pricing::Catalog;
use crate::scenario::Scenario;

/// A scenario and the catalog that prices it.
pub struct Inputs {
    pub scenario: Scenario,
    pub catalog: Catalog,
}

impl Inputs {
    /// Loads the scenario (or the embedded one), then `--pricing`, the catalog
    /// the scenario names, or the embedded catalog, in that order; with
    /// `--as-of`, the catalog's rates of that day.
    pub fn load(args: &InputArgs) -> anyhow::Result<Self> {
        let (scenario, embedded_scenario) = match &args.scenario {
            Some(path) => (Scenario::load(path)?, false),
            None => (Scenario::from_source(embedded::default_scenario(), None)?, true),
        };
        let catalog = match (&args.pricing, &scenario.catalog) {
            (Some(path), _) => Catalog::load(path)?,
            (None, Some(named)) if embedded_scenario && embedded::is_default_catalog(named) => {
                Catalog::from_source(&embedded::default_catalog())?
            }
            (None, Some(named)) if !named.exists() => {
                return Err(scenario
                    .source
                    .error(
                        &Field::named("catalog"),
                        format!("names {}, which does not exist", named.display()),
                    )
                    .with_hint("a catalog path is relative to the scenario's folder; or pass --pricing FILE")
                    .into());
            }
            (None, Some(named)) if named.is_dir() => {
                return Err(scenario
                    .source
                    .error(
                        &Field::named("catalog"),
                        format!(
                            "names {}, which is a folder; expected a price catalog file (YAML)",
                            named.display()
                        ),
                    )
                    .with_hint("name the catalog file itself, such as `catalog: pricing/list-2025-11.yaml`")
                    .into());
            }
            (None, Some(named)) => Catalog::load(named)?,
            (None, None) => {
                let catalog = Catalog::from_source(&embedded::default_catalog())?;
                note(format!(
                    "{} names no catalog; using the embedded {} (pass --pricing to choose one)",
                    scenario.source.name, catalog.name
                ));
                catalog
            }
        };
        let catalog = match args.as_of {
            Some(day) => catalog.at(day)?,
            None => catalog,
        };
        Ok(Self { scenario, catalog })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_defaults_load() {
        let inputs = Inputs::load(&InputArgs {
            scenario: None,
            pricing: None,
            as_of: None,
        })
        .unwrap();
        assert_eq!(inputs.scenario.name, "service-company");
        assert_eq!(inputs.catalog.name, "list-2025-11");
    }
}
