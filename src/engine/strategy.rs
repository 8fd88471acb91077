//! One strategy's month: each tier's requests priced on the model that serves
//! them, checked against the catalog (model present, context window).

use super::report::{Components, StrategyReport, TierReport};
use super::request::{price, shape};
use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::{Plan, Scenario};
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
    let strategy = &scenario.strategies[index];
    let field = Field::named("strategies").index(index);
    let mut tiers = Vec::with_capacity(scenario.tiers.len());
    for tier in &scenario.tiers {
        let (model_id, model_field) = match &strategy.plan {
            Plan::Single(m) => (m.as_str(), field.key("model")),
            Plan::Routed(routes) => (routes[&tier.name].as_str(), field.key("routes").key(&tier.name)),
        };
        let model = catalog.model(model_id).map_err(|unknown| {
            let e = scenario
                .source
                .error(&model_field, format!("{unknown} ({})", catalog.file));
            match unknown.hint() {
                Some(hint) => e.with_hint(hint),
                None => e,
            }
        })?;
        let shaped = shape(&tier.tokens, techniques, model);
        let input = shaped.tokens.input();
        if let Some(window) = model.context_window
            && input > Decimal::from(window)
        {
            return Err(scenario.source.error(
                &model_field,
                format!(
                    "tier `{}` sends {} input tokens to `{}`, above its context window of {window}",
                    tier.name,
                    input.normalize(),
                    model.id
                ),
            ));
        }
        if let Some(max) = model.max_output_tokens
            && shaped.tokens.output + shaped.tokens.reasoning > Decimal::from(max)
        {
            notes.add(format!(
                "strategy {}: tier `{}` expects more output than `{}` returns in one request ({max} tokens)",
                strategy.name, tier.name, model.id
            ));
        }
        let batch_share = techniques.batch.as_ref().map_or(Decimal::ZERO, |b| b.share(&tier.name));
        let bill = price(model, &shaped.tokens, techniques.caching.as_ref(), batch_share, notes);
        let interactions = (scenario.volume.per_month * tier.share).normalize();
        let components = Components::of(&bill).times(interactions);
        tiers.push(TierReport {
            tier: tier.name.clone(),
            model: model.id.clone(),
            share: tier.share,
            interactions,
            input_tokens: (interactions * input).normalize(),
            output_tokens: (interactions * shaped.tokens.output).normalize(),
            reasoning_tokens: (interactions * shaped.tokens.reasoning).normalize(),
            cost: components.total().normalize(),
            components,
            request: shaped,
            bill,
        });
    }
    let components: Components = tiers.iter().map(|t| t.components).sum();
    let total = components.total().normalize();
    let per_month = scenario.volume.per_month;
    Ok(StrategyReport {
        name: strategy.name.clone(),
        kind: strategy.plan.kind(),
        techniques: techniques.enabled(),
        total,
        per_interaction: if per_month.is_zero() {
            Decimal::ZERO
        } else {
            (total / per_month).normalize()
        },
        vs_baseline: None,
        components: components.times(Decimal::ONE),
        tiers,
        quality: None,
    })
}
