//! A strategy served by a self-hosted deployment: the tokens its tiers send
//! to the deployment, billed as capacity by the tariff
//! (`tariff::Deployment::bill`) against the scenario's peak.

use super::report::TierReport;
use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::{Scenario, Serving};
use crate::tariff::{CapacityBill, Demand, Deployment};
use rust_decimal::Decimal;

/// The deployment serving strategy `index`, if it names one, checked to
/// serve the whole strategy: its `model`, with no classifier call and no
/// fallback (what the deployment carries is then the tiers' own tokens).
pub(crate) fn deployment<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    index: usize,
) -> Result<Option<&'a Deployment>, InputError> {
    let strategy = &scenario.strategies[index];
    let field = Field::named("strategies").index(index);
    let named = |id: &str| catalog.find(id).and_then(|m| catalog.deployment(m));
    let mut elsewhere = Vec::new();
    match &strategy.serving {
        Serving::Single(id) => {
            if let Some(d) = named(id) {
                let extra = if strategy.fallback.is_some() {
                    Some("fallback")
                } else if strategy.classifier.llm.is_some() {
                    Some("classifier")
                } else {
                    None
                };
                if let Some(key) = extra {
                    return Err(scenario
                        .source
                        .error(
                            &field.key(key),
                            format!(
                                "strategy {} is served by self-hosted deployment `{}`, which is not billed per call: \
                                 a `{key}` cannot be priced on it",
                                strategy.name, d.id
                            ),
                        )
                        .with_hint("remove the section, or serve the strategy from an API model"));
                }
                return Ok(Some(d));
            }
        }
        Serving::Routed(routes) => elsewhere.extend(routes.iter().map(|(t, m)| (field.key("routes").key(t), m))),
        Serving::Cascade(c) => elsewhere.extend(
            c.models
                .iter()
                .enumerate()
                .map(|(i, m)| (field.key("cascade").key("models").index(i), m)),
        ),
    }
    if let Some(fb) = &strategy.fallback {
        elsewhere.extend(
            fb.backups
                .iter()
                .enumerate()
                .map(|(i, m)| (field.key("fallback").key("backups").index(i), m)),
        );
    }
    if let Some(llm) = &strategy.classifier.llm {
        elsewhere.push((field.key("classifier").key("llm").key("model"), &llm.call.model));
    }
    match elsewhere.into_iter().find(|(_, m)| named(m).is_some()) {
        Some((at, m)) => Err(scenario
            .source
            .error(
                &at,
                format!(
                    "self-hosted deployment `{m}` can only serve a whole strategy (its `model`): its rent is not \
                     shared out per call"
                ),
            )
            .with_hint("give the deployment a strategy of its own: `model: <deployment>`")),
        None => Ok(None),
    }
}

/// The month of `tiers` on `deployment`: prompt tokens in, visible and
/// reasoning tokens out, spread evenly over the scenario's days and peaking
/// at its `peak_to_mean`.
pub(crate) fn month(
    scenario: &Scenario,
    strategy: &str,
    deployment: &Deployment,
    tiers: &[TierReport],
    notes: &mut Notes,
) -> CapacityBill {
    let input: Decimal = tiers.iter().map(|t| t.input_tokens).sum();
    let output: Decimal = tiers.iter().map(|t| t.output_tokens + t.reasoning_tokens).sum();
    let demand = Demand::even(input, output, scenario.volume.days(), scenario.peak_to_mean);
    let bill = deployment.bill(&demand);
    if bill.short_of_peak() {
        notes.add(format!(
            "strategy {strategy}: deployment `{}` runs {} replica(s) but its peak needs {} at {} utilisation: \
             requests wait past its latency target ({}); set `scale_to_peak: true` or raise `min_replicas`",
            deployment.id,
            bill.replicas,
            bill.needed,
            crate::figures::percent_of(deployment.utilisation),
            deployment.latency_target
        ));
    }
    bill
}
