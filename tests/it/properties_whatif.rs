//! Identities between the what-if commands and `simulate`, checked on generated
//! scenarios and catalogs (proptest; the generators of properties.rs): Monte
//! Carlo's cost per interaction is simulate's (to 14 decimal places) when
//! nothing but the volume is random, and shares set by a sweep renormalise to
//! exactly 100%, the others keeping their proportions.

use crate::properties::{catalog_text, config, inputs, load};
use llmcost::engine::simulate;
use llmcost::montecarlo::{EXACT_UP_TO, Settings, sample};
use llmcost::sweep::Sweep;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A month in which nothing but the volume is random: one tier, fixed token
/// counts, and every technique's share 0% or 100%, so that every interaction
/// of a strategy costs the same. Returns the scenario and its interactions a
/// month (a rate a day over 30 days).
fn steady_scenario_text(models: usize) -> impl Strategy<Value = (String, u64)> {
    (
        (0u64..3000, 0u64..3000, 0u64..2000, 1u64..2000, 0u64..3000),
        0..models,
        1u64..400,
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((system, context, history, user, output), other, per_day, (hit, batch, stop, cap))| {
            let input = system + context + history + user;
            let percent = |on: bool| if on { 100 } else { 0 };
            let mut text = format!(
                "name: steady\nvolume: {{interactions_per_day: {per_day}, days_per_month: 30}}\ntiers:\n  \
                 - {{name: t0, share: 100%, input_tokens: {input}, system_tokens: {system}, context_tokens: {context}, \
                 history_tokens: {history}, output_tokens: {output}}}\ntechniques:\n  caching: {{hit_rate: {}%}}\n  \
                 batch: {{share: {}%}}\n  early_stop: {{share: {}%, output_saved: 25%}}\n  summary: {{history_reduction: 40%}}\n",
                percent(hit),
                percent(batch),
                percent(stop)
            );
            if cap {
                text.push_str("  pruning: {max_context_tokens: 1000}\n");
            }
            text.push_str(&format!(
                "strategies:\n  - {{name: single, model: m0}}\n  - {{name: other, model: m{other}}}\nbaseline: single\n"
            ));
            (text, per_day * 30)
        })
}

fn steady_inputs() -> impl Strategy<Value = (String, (String, u64))> {
    catalog_text().prop_flat_map(|catalog| {
        let models = catalog.matches("\n  m").count();
        (Just(catalog), steady_scenario_text(models))
    })
}

/// A share in [0, 1] with up to 6 decimal places.
fn fraction() -> impl Strategy<Value = Decimal> {
    (0i64..=1_000_000).prop_map(|n| Decimal::new(n, 6))
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn shares_set_by_a_sweep_renormalise_to_exactly_one(
        (catalog, scenario) in inputs(),
        set in proptest::collection::vec(fraction(), 1..3),
    ) {
        let (scenario, catalog) = load(&scenario, &catalog);
        prop_assume!(scenario.tiers.len() > set.len());
        // The first tiers get shares that add up to at most 100%; the others share the rest.
        let values: Vec<Decimal> = set.iter().map(|v| v / Decimal::from(set.len())).collect();
        let sets: Vec<_> = values
            .iter()
            .enumerate()
            .map(|(t, v)| llmcost::cli::assignment(&format!("tiers.t{t}.share={v}")).expect("a --set line"))
            .collect();
        let sweep = Sweep::new(&scenario, &catalog, &sets, false).expect("a sweep of one point");
        let priced = sweep.price(&sweep.point(0)).expect("prices");
        let rest = Decimal::ONE - values.iter().sum::<Decimal>();
        let old_rest: Decimal = scenario.tiers[set.len()..].iter().map(|t| t.share).sum();
        for strategy in &priced.strategies {
            let shares: Vec<Decimal> = strategy.tiers.iter().map(|t| t.share).collect();
            prop_assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE, "shares of {}", &strategy.name);
            prop_assert_eq!(&shares[..set.len()], &values[..]);
            for (share, tier) in shares.iter().zip(&scenario.tiers).skip(set.len()) {
                prop_assert!(*share >= Decimal::ZERO);
                // Proportions kept: share / rest = old share / old rest, to the 20th decimal place.
                if !old_rest.is_zero() {
                    prop_assert!((share * old_rest - tier.share * rest).abs() < Decimal::new(1, 20), "{} of {}", share, &tier.name);
                }
            }
        }
    }
}

proptest! {
    // Each case samples 8 months of up to 12,000 interactions for every strategy.
    #![proptest_config(config(32))]

    #[test]
    fn montecarlo_costs_an_interaction_what_simulate_does_when_only_the_volume_varies(
        (catalog, (scenario, monthly)) in steady_inputs()
    ) {
        let (scenario, catalog) = load(&scenario, &catalog);
        let priced = simulate(&scenario, &catalog).expect("prices");
        let settings = Settings { runs: 8, seed: 11, threads: 1, exact_up_to: EXACT_UP_TO };
        let samples = sample(&scenario, &catalog, settings, &|_| {}).expect("samples");
        let drawn = Decimal::from(samples.interactions);
        for (name, costs) in samples.strategies.iter().zip(&samples.costs) {
            let expected = priced.strategy(name).expect("the same strategies").total;
            let sampled: Decimal = costs.iter().sum();
            // sampled / drawn = expected / monthly, without dividing, to 14 decimal places an
            // interaction. Both carry derived figures to 20 decimal places (docs/exact-figures.md:
            // simulate each line's cost per request, Monte Carlo each per-token rate), so the last
            // digits may differ; a billing difference is far larger: the smallest price a catalog
            // lists, 0.0001 per 1M tokens, is 1e-10 a token.
            let apart = (sampled * Decimal::from(monthly) - expected * drawn).abs();
            prop_assert!(
                apart <= Decimal::new(1, 14) * drawn * Decimal::from(monthly),
                "{}: {} over {} interactions sampled, {} over {} expected", name, sampled, drawn, expected, monthly
            );
        }
    }
}
