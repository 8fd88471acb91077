//! One strategy's month: each tier's requests priced on the models that really
//! serve them (`serve`, which checks models and context windows against the
//! catalog), with what routing moves and the quality the strategy delivers;
//! a self-hosted deployment's rent (`self_hosted`) on top of its calls, or a
//! provisioned commitment's reservation and overflow in place of them, or a
//! committed-spend discount and true-up of them; explicit caches' storage by
//! the hour on top.

use super::report::{Components, Extras, StrategyReport, TierReport};
use super::self_hosted;
use super::shape::shape;
use crate::input::{Field, InputError};
use crate::money::carry;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::routing::{Resolved, Windows};
use crate::scenario::Scenario;
use crate::tariff::{Kind, StorageBill, bill};
use crate::techniques::Techniques;
use rust_decimal::Decimal;

/// The strategy at `index` of the scenario, priced with `techniques` (its own,
/// or a subset of them for a ladder). The baseline delta is left empty.
pub fn price_strategy(
    scenario: &Scenario,
    catalog: &Catalog,
    index: usize,
    techniques: &Techniques,
    notes: &mut Notes,
) -> Result<StrategyReport, InputError> {
    price_with(scenario, catalog, index, techniques, Windows::Enforce, notes)
}

/// As [`price_strategy`], with requests above a context window an error or
/// priced as if they fitted.
pub(super) fn price_with(
    scenario: &Scenario,
    catalog: &Catalog,
    index: usize,
    techniques: &Techniques,
    windows: Windows,
    notes: &mut Notes,
) -> Result<StrategyReport, InputError> {
    let strategy = &scenario.strategies[index];
    let deployment = self_hosted::deployment(scenario, catalog, index)?;
    let offer = self_hosted::provisioned(scenario, catalog, index)?;
    let spend_offer = self_hosted::committed_spend(scenario, catalog, index)?;
    let resolved = Resolved::new(scenario, catalog, index, techniques, windows, notes)?;
    let mut tiers = Vec::with_capacity(scenario.tiers.len());
    for (t, tier) in scenario.tiers.iter().enumerate() {
        // A context window too small for the tier is an error `serve` reports.
        let model = resolved.first(t);
        let shaped = shape(&tier.tokens, techniques, model);
        let input = shaped.tokens.input();
        if let Some(max) = model.max_output_tokens
            && shaped.tokens.output + shaped.tokens.reasoning > Decimal::from(max)
        {
            notes.add(format!(
                "strategy {}: tier `{}` expects more output than `{}` returns in one request ({max} tokens)",
                strategy.name, tier.name, model.id
            ));
        }
        let batch_share = techniques.batch.as_ref().map_or(Decimal::ZERO, |b| b.share(&tier.name));
        let bill = bill(
            model,
            Kind::Answer,
            &shaped.tokens,
            techniques.caching.as_ref(),
            (batch_share, &strategy.service),
            resolved.history_lost(model),
            notes,
        );
        let interactions = scenario.tier_interactions(t);
        let serving = resolved.serve(t, interactions, notes)?;
        let components = serving.components();
        tiers.push(TierReport {
            tier: tier.name.clone(),
            model: model.id.clone(),
            share: tier.share,
            interactions,
            input_tokens: (interactions * input).normalize(),
            output_tokens: (interactions * shaped.tokens.output).normalize(),
            reasoning_tokens: (interactions * shaped.tokens.reasoning).normalize(),
            cost: components.total().normalize(),
            components: components.normalized(),
            request: shaped,
            bill,
            served: serving.served,
            extras: serving.extras,
            escalations: serving.escalations,
            quality: serving.quality,
        });
    }
    let components: Components = tiers.iter().map(|t| t.components).sum();
    let storage = storage(scenario, catalog, index, techniques, &tiers)?;
    let capacity = deployment.map(|d| self_hosted::month(scenario, &strategy.name, d, &tiers, notes));
    let commitment = offer.map(|o| self_hosted::commitment(scenario, o, &tiers, components.total()));
    let spend = spend_offer.map(|o| o.bill(components.total()));
    let total = match (&commitment, &spend) {
        (Some(c), _) => c.total,
        (None, Some(s)) => s.total,
        (None, None) => (components.total() + capacity.as_ref().map_or(Decimal::ZERO, |c| c.total)).normalize(),
    };
    let total = (total + storage.as_ref().map_or(Decimal::ZERO, |s| s.total)).normalize();
    let per_month = scenario.volume.per_month;
    let quality = tiers
        .iter()
        .zip(&scenario.tiers)
        .map(|(report, tier)| report.quality.map(|q| q * tier.share))
        .sum::<Option<Decimal>>()
        .map(carry);
    let successes = quality.map(|q| per_month * q);
    Ok(StrategyReport {
        name: strategy.name.clone(),
        kind: if capacity.is_some() {
            "self-hosted"
        } else if commitment.is_some() {
            "provisioned"
        } else if spend.is_some() {
            "committed-spend"
        } else {
            strategy.serving.kind()
        },
        techniques: techniques.enabled(),
        total,
        per_interaction: if per_month.is_zero() {
            Decimal::ZERO
        } else {
            carry(total / per_month)
        },
        vs_baseline: None,
        components: components.normalized(),
        classifier: strategy.classifier.kind.name(),
        extras: tiers.iter().map(|t| t.extras).sum::<Extras>().normalized(),
        escalations: tiers.iter().map(|t| t.escalations).sum::<Decimal>().normalize(),
        quality,
        cost_per_success: successes.filter(|s| !s.is_zero()).map(|s| carry(total / s)),
        tiers,
        capacity,
        commitment,
        spend,
        storage,
    })
}

/// The explicit caches a strategy keeps, when its caching asks for them:
/// each tier's cached prefix on each model that serves the tier, for the
/// hours a day the caching setting states, every day of the month. A model
/// the catalog gives no storage rate is an error naming the strategy.
fn storage(
    scenario: &Scenario,
    catalog: &Catalog,
    index: usize,
    techniques: &Techniques,
    tiers: &[TierReport],
) -> Result<Option<StorageBill>, InputError> {
    let Some(hours) = techniques.caching.as_ref().and_then(|c| c.explicit_hours_per_day) else {
        return Ok(None);
    };
    let mut bill = StorageBill::new(hours, scenario.volume.days());
    for tier in tiers {
        for served in &tier.served {
            let Some(model) = catalog.find(&served.model) else {
                continue;
            };
            bill.keep(&tier.tier, model, served.bill.prefix).map_err(|id| {
                let name = &scenario.strategies[index].name;
                scenario
                    .source
                    .error(
                        &Field::named("strategies").index(index),
                        format!(
                            "strategy {name} keeps an explicit cache on `{id}`, whose catalog entry lists no \
                             `cache_storage` rate (per 1M tokens per hour)"
                        ),
                    )
                    .with_hint(format!(
                        "add `cache_storage` to `{id}` in the catalog, or drop `caching.explicit` for this strategy"
                    ))
            })?;
        }
    }
    Ok(Some(bill))
}
