//! The scenario and catalog a pricing command works on: files named on the
//! command line, the catalog a scenario names, or the embedded defaults.

use crate::cli::InputArgs;
use crate::embedded;
use crate::exit::UsageError;
use crate::input::{Field, closest};
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
    /// the scenario names, or the embedded catalog, in that order.
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
        Ok(Self { scenario, catalog })
    }

    /// The position of the strategy `--strategy` names; a usage error naming
    /// the closest strategy when there is none, and every strategy when no
    /// name was given.
    pub fn strategy(&self, name: Option<&str>) -> Result<usize, UsageError> {
        let names: Vec<&str> = self.scenario.strategies.iter().map(|s| s.name.as_str()).collect();
        let Some(name) = name else {
            let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            return Err(UsageError(format!(
                "which strategy? name one with --strategy NAME; the strategies of {} are {}",
                self.scenario.source.name,
                listed.join(", ")
            )));
        };
        self.scenario.strategy_index(name).ok_or_else(|| {
            let hint = match closest(name, names.iter().copied(), 1).first() {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the strategies are: {}", names.join(", ")),
            };
            UsageError(format!(
                "--strategy: `{name}` is not a strategy of {}\n  hint: {hint}",
                self.scenario.source.name
            ))
        })
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
        })
        .unwrap();
        assert_eq!(inputs.scenario.name, "service-company");
        assert_eq!(inputs.catalog.name, "list-2025-11");
    }

    #[test]
    fn without_a_strategy_name_every_strategy_is_listed() {
        let inputs = Inputs::load(&InputArgs {
            scenario: None,
            pricing: None,
        })
        .unwrap();
        assert_eq!(inputs.strategy(Some("routed")).unwrap(), 4);
        assert_eq!(
            inputs.strategy(None).unwrap_err().0,
            "which strategy? name one with --strategy NAME; the strategies of \
             embedded:scenarios/service-company.yaml are `o3`, `gpt-4o`, `gpt-4o-mini`, `gemini-2.0-flash`, `routed`"
        );
    }
}
