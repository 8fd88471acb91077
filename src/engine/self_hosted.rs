//! A strategy served by capacity bought by the hour: a self-hosted
//! deployment or a provisioned-throughput offer. The tokens its tiers send,
//! billed by the tariff (`tariff::Deployment::bill`,
//! `tariff::Provisioned::bill`) against the scenario's peak; and a strategy
//! whose model is a committed-spend offer (`tariff::CommittedSpend::bill`).

use super::report::TierReport;
use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::{Scenario, Serving};
use crate::tariff::{CapacityBill, CommitmentBill, CommittedSpend, Demand, Deployment, Provisioned};
use rust_decimal::Decimal;

/// The deployment serving strategy `index`, if it names one, checked to
/// serve the whole strategy (`whole`).
pub(crate) fn deployment<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    index: usize,
) -> Result<Option<&'a Deployment>, InputError> {
    let named = |id: &str| catalog.find(id).and_then(|m| catalog.deployment(m));
    whole(scenario, index, "self-hosted deployment", named, |d| &d.id)
}

/// The provisioned-throughput offer serving strategy `index`, if it names
/// one, checked to serve the whole strategy (`whole`).
pub(crate) fn provisioned<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    index: usize,
) -> Result<Option<&'a Provisioned>, InputError> {
    let named = |id: &str| catalog.find(id).and_then(|m| catalog.provisioned(m));
    whole(scenario, index, "provisioned throughput", named, |p| &p.id)
}

/// The committed-spend offer serving strategy `index`, if it names one,
/// checked to serve the whole strategy (`whole`).
pub(crate) fn committed_spend<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    index: usize,
) -> Result<Option<&'a CommittedSpend>, InputError> {
    let named = |id: &str| catalog.find(id).and_then(|m| catalog.committed_spend(m));
    whole(scenario, index, "committed spend", named, |o| &o.id)
}

/// The capacity (`what`, found by `named`) serving strategy `index`, if it
/// names one, checked to serve the whole strategy: its `model`, with no
/// classifier call and no fallback (what the capacity carries is then the
/// tiers' own tokens).
fn whole<'a, T>(
    scenario: &Scenario,
    index: usize,
    what: &str,
    named: impl Fn(&str) -> Option<&'a T>,
    id: impl Fn(&T) -> &str,
) -> Result<Option<&'a T>, InputError> {
    let strategy = &scenario.strategies[index];
    let field = Field::named("strategies").index(index);
    let mut elsewhere = Vec::new();
    match &strategy.serving {
        Serving::Single(model) => {
            if let Some(d) = named(model) {
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
                                "strategy {} is served by {what} `{}`, billed for the whole month: a `{key}` \
                                 cannot be priced on it",
                                strategy.name,
                                id(d)
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
                    "{what} `{m}` can only serve a whole strategy (its `model`): what it costs for the month \
                     is not shared out per call"
                ),
            )
            .with_hint(format!("give the {what} a strategy of its own: `model: {m}`"))),
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
    let bill = deployment.bill(&demand(scenario, tiers));
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

/// The tokens `tiers` send (prompt in; visible and reasoning out), spread
/// evenly over the scenario's days and peaking at its `peak_to_mean`.
fn demand(scenario: &Scenario, tiers: &[TierReport]) -> Demand {
    let input: Decimal = tiers.iter().map(|t| t.input_tokens).sum();
    let output: Decimal = tiers.iter().map(|t| t.output_tokens + t.reasoning_tokens).sum();
    Demand::even(input, output, scenario.volume.days(), scenario.peak_to_mean)
}

/// The month of `tiers` on provisioned `offer`, their calls costing
/// `pay_as_you_go` at the model's list rates; its units sized to this
/// month's peak unless the offer states them.
pub(crate) fn commitment(
    scenario: &Scenario,
    offer: &Provisioned,
    tiers: &[TierReport],
    pay_as_you_go: Decimal,
) -> CommitmentBill {
    let demand = demand(scenario, tiers);
    offer.bill(offer.units_for(offer.peak_load(&demand)), &demand, pay_as_you_go)
}
