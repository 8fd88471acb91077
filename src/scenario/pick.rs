//! Picking the one strategy a command looks at (`ladder`, `explain`) by the
//! name `--strategy` gives: without a name, or with one the scenario lacks,
//! the error lists the strategies or names the closest.

use super::Scenario;
use crate::input::closest;

/// No strategy named, or a name the scenario does not have: the command
/// cannot run as asked.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StrategyError(pub String);

impl Scenario {
    /// The position of the strategy `name` names.
    pub fn pick_strategy(&self, name: Option<&str>) -> Result<usize, StrategyError> {
        let names: Vec<&str> = self.strategies.iter().map(|s| s.name.as_str()).collect();
        let Some(name) = name else {
            let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            return Err(StrategyError(format!(
                "which strategy? name one with --strategy NAME; the strategies of {} are {}",
                self.source.name,
                listed.join(", ")
            )));
        };
        self.strategy_index(name).ok_or_else(|| {
            let hint = match closest(name, names.iter().copied(), 1).first() {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the strategies are: {}", names.join(", ")),
            };
            StrategyError(format!(
                "--strategy: `{name}` is not a strategy of {}\n  hint: {hint}",
                self.source.name
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::embedded;
    use crate::scenario::Scenario;

    #[test]
    fn a_strategy_is_picked_by_its_name() {
        let scenario = Scenario::from_source(embedded::default_scenario(), None).unwrap();
        assert_eq!(scenario.pick_strategy(Some("o3")).unwrap(), 0);
        assert_eq!(scenario.pick_strategy(Some("routed")).unwrap(), 4);
        assert_eq!(
            scenario.pick_strategy(None).unwrap_err().0,
            "which strategy? name one with --strategy NAME; the strategies of \
             embedded:scenarios/service-company.yaml are `o3`, `gpt-4o`, `gpt-4o-mini`, `gemini-2.0-flash`, `routed`"
        );
        assert_eq!(
            scenario.pick_strategy(Some("Routed")).unwrap_err().0,
            "--strategy: `Routed` is not a strategy of embedded:scenarios/service-company.yaml\n  \
             hint: did you mean `routed`?"
        );
        assert_eq!(
            scenario.pick_strategy(Some("zzzzzzzz")).unwrap_err().0,
            "--strategy: `zzzzzzzz` is not a strategy of embedded:scenarios/service-company.yaml\n  \
             hint: the strategies are: o3, gpt-4o, gpt-4o-mini, gemini-2.0-flash, routed"
        );
    }
}
