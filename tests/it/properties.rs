//! Identities that hold for every scenario and catalog, checked on generated
//! ones (proptest): explain's lines add up to simulate's total, a ladder's
//! last step is simulate's total, every tier's cost adds up to its strategy's,
//! and a catalog written and read back is the same catalog. The generated
//! months stay below 100,000,000, where figures carry all 20 decimal places
//! (docs/exact-figures.md). The what-if commands against simulate: properties_whatif.rs.

use llmcost::engine::{explain, ladder, simulate};
use llmcost::input::Source;
use llmcost::pricing::{Catalog, Header, to_yaml};
use llmcost::scenario::Scenario;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rust_decimal::Decimal;

/// A price as real catalogs list them, below 1,000 per 1M tokens, with up to
/// 4 decimal places.
fn price() -> impl Strategy<Value = String> {
    (0u32..10_000_000, 0u32..5).prop_map(|(n, dp)| {
        let v = Decimal::new(i64::from(n), dp).min(Decimal::from(999));
        v.normalize().to_string()
    })
}

/// A model entry: rates, optional caching and batch rates, optional long context.
fn model() -> impl Strategy<Value = String> {
    (
        price(),
        price(),
        proptest::option::of(price()),
        proptest::option::of(price()),
        proptest::option::of((price(), price())),
        proptest::option::of((1_000u64..20_000, price(), price())),
        0u64..3,
    )
        .prop_map(|(input, output, cached, write, batch, long, fee)| {
            let mut m = format!("    provider: openai\n    input: {input}\n    output: {output}\n");
            if let Some(c) = cached {
                m.push_str(&format!("    cached_input: {c}\n"));
            }
            if let Some(w) = write {
                m.push_str(&format!("    cache_write: {w}\n"));
            }
            if fee > 0 {
                m.push_str(&format!("    per_request: 0.00{fee}\n"));
            }
            if let Some((bi, bo)) = batch {
                m.push_str(&format!("    batch: {{input: {bi}, output: {bo}}}\n"));
            }
            if let Some((above, li, lo)) = long {
                m.push_str(&format!(
                    "    long_context: {{above_tokens: {above}, input: {li}, output: {lo}}}\n"
                ));
            }
            m
        })
}

pub(super) fn catalog_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(model(), 1..4).prop_map(|models| {
        let mut text = "name: gen\nas_of: 2025-01-01\ncurrency: USD\nsource: generated\nmodels:\n".to_string();
        for (i, m) in models.iter().enumerate() {
            text.push_str(&format!("  m{i}:\n{m}"));
        }
        text
    })
}

/// Shares in whole percent that sum to 100, one per tier.
fn shares(tiers: usize) -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(1u32..100, tiers).prop_map(|weights| {
        let sum: u32 = weights.iter().sum();
        let mut shares: Vec<u32> = weights.iter().map(|w| w * 100 / sum).collect();
        let rest = 100 - shares.iter().sum::<u32>();
        shares[0] += rest;
        shares
    })
}

/// A scenario over `models` models: tiers with token parts, techniques, and
/// single, routed and classified strategies.
fn scenario_text(models: usize) -> impl Strategy<Value = String> {
    (1usize..4)
        .prop_flat_map(move |tiers| {
            (
                shares(tiers),
                proptest::collection::vec((0u64..3000, 0u64..3000, 0u64..2000, 1u64..2000, 0u64..3000), tiers),
                proptest::collection::vec(0..models, tiers),
                1u64..500,
                (0u32..101, 0u32..101, 0u32..101, 50u32..101),
                any::<bool>(),
            )
        })
        .prop_map(
            move |(shares, tokens, routes, per_day, (hit, batch, stop, accuracy), cap)| {
                let mut text = format!("name: gen\nvolume: {{interactions_per_day: {per_day}}}\ntiers:\n");
                for (t, (share, (system, context, history, user, output))) in shares.iter().zip(&tokens).enumerate() {
                    let input = system + context + history + user;
                    text.push_str(&format!(
                        "  - {{name: t{t}, share: {share}%, input_tokens: {input}, system_tokens: {system}, \
                     context_tokens: {context}, history_tokens: {history}, output_tokens: {output}}}\n"
                    ));
                }
                text.push_str(&format!(
                    "techniques:\n  caching: {{hit_rate: {hit}%}}\n  batch: {{share: {batch}%}}\n  \
                 early_stop: {{share: {stop}%, output_saved: 25%}}\n  summary: {{history_reduction: 40%}}\n"
                ));
                if cap {
                    text.push_str("  pruning: {max_context_tokens: 1000}\n");
                }
                text.push_str("strategies:\n  - {name: single, model: m0}\n  - name: routed\n    routes: {");
                let routes: Vec<String> = routes.iter().enumerate().map(|(t, m)| format!("t{t}: m{m}")).collect();
                text.push_str(&routes.join(", "));
                text.push_str("}\n");
                if shares.len() > 1 {
                    text.push_str(&format!(
                        "  - name: classified\n    routes: {{{}}}\n    classifier:\n      kind: llm\n      llm: \
                     {{model: m0, input_tokens: 300, output_tokens: 3, accuracy: {accuracy}%}}\n",
                        routes.join(", ")
                    ));
                }
                text.push_str("baseline: single\n");
                text
            },
        )
}

pub(super) fn inputs() -> impl Strategy<Value = (String, String)> {
    catalog_text().prop_flat_map(|catalog| {
        let models = catalog.matches("\n  m").count();
        (Just(catalog), scenario_text(models))
    })
}

/// The lines of a model entry that describe it without pricing a request:
/// aliases, extra rates, limits, retirement.
fn description() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        proptest::option::of(price()),
        proptest::option::of(price()),
        proptest::option::of((1u32..300).prop_map(|r| Decimal::new(i64::from(r), 2).normalize())),
        proptest::option::of(0u64..5_000),
        proptest::option::of((100_000u64..2_000_000, 1_000u64..64_000)),
        proptest::option::of((2024i32..2030, 1u32..13, 1u32..29, any::<bool>())),
    )
        .prop_map(|(alias, write_1h, reasoning, ratio, min_cacheable, limits, retired)| {
            let mut m = String::new();
            if alias {
                m.push_str("    aliases: [ALIAS-latest]\n");
            }
            if let Some(w) = write_1h {
                m.push_str(&format!("    cache_write_1h: {w}\n"));
            }
            if let Some(r) = reasoning {
                m.push_str(&format!("    reasoning: {r}\n"));
            }
            if let Some(r) = ratio {
                m.push_str(&format!("    reasoning_ratio: {r}\n"));
            }
            if let Some(t) = min_cacheable {
                m.push_str(&format!("    min_cacheable_tokens: {t}\n"));
            }
            if let Some((window, output)) = limits {
                m.push_str(&format!(
                    "    context_window: {window}\n    max_output_tokens: {output}\n"
                ));
            }
            if let Some((y, mo, d, successor)) = retired {
                m.push_str(&format!("    deprecation_date: {y}-{mo:02}-{d:02}\n"));
                if successor {
                    m.push_str("    successor: a-newer-model\n");
                }
            }
            m
        })
}

/// A catalog whose models also carry the fields that describe a model: aliases,
/// extra rates, limits and retirement.
fn described_catalog_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((model(), description()), 1..4).prop_map(|models| {
        let mut text =
            "name: described\nas_of: 2026-02-28\ncurrency: EUR\nsource: generated, described\nmodels:\n".to_string();
        for (i, (m, d)) in models.iter().enumerate() {
            text.push_str(&format!("  m{i}:\n{m}{}", d.replace("ALIAS", &format!("m{i}"))));
        }
        text
    })
}

/// `cases` cases a test; the failing cases proptest finds are kept beside the
/// test's file, in `<file>.proptest-regressions`, and replayed first.
pub(super) fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

pub(super) fn load(scenario: &str, catalog: &str) -> (Scenario, Catalog) {
    let catalog = Catalog::from_source(&Source::new("catalog.yaml", catalog)).expect("a generated catalog loads");
    let scenario =
        Scenario::from_source(Source::new("scenario.yaml", scenario), None).expect("a generated scenario loads");
    (scenario, catalog)
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn explain_ladder_and_tiers_add_up_to_simulate((catalog, scenario) in inputs()) {
        let (scenario, catalog) = load(&scenario, &catalog);
        let priced = match simulate(&scenario, &catalog) {
            Ok(p) => p,
            // A generated request may exceed no window here (none is set), so every scenario prices.
            Err(e) => panic!("{e}"),
        };
        for (index, strategy) in priced.strategies.iter().enumerate() {
            let tiers: Decimal = strategy.tiers.iter().map(|t| t.cost).sum();
            prop_assert_eq!(tiers, strategy.total, "tiers of {}", &strategy.name);
            let bill = explain(&scenario, &catalog, index).expect("explains");
            let lines: Decimal = bill
                .tiers
                .iter()
                .map(|t| t.calls.iter().flat_map(|c| &c.lines).map(|l| l.monthly).sum::<Decimal>() + t.escalation_cost)
                .sum();
            prop_assert_eq!(lines, strategy.total, "explain of {}", &strategy.name);
            let steps = ladder(&scenario, &catalog, index).expect("a ladder");
            prop_assert_eq!(steps.steps.last().map(|s| s.total), Some(strategy.total), "ladder of {}", &strategy.name);
        }
    }

    #[test]
    fn a_catalog_written_and_read_back_is_the_same_catalog(text in described_catalog_text()) {
        let catalog = Catalog::from_source(&Source::new("catalog.yaml", text.as_str())).expect("loads");
        let header = Header {
            name: catalog.name.clone(),
            as_of: catalog.as_of,
            currency: catalog.currency.clone(),
            source: catalog.source.clone(),
            comments: Vec::new(),
        };
        let written = to_yaml(&header, &catalog.models);
        let back = Catalog::from_source(&Source::new("catalog.yaml", written.as_str())).expect("reads back");
        prop_assert_eq!(
            (&back.name, back.as_of, &back.currency, &back.source),
            (&catalog.name, catalog.as_of, &catalog.currency, &catalog.source)
        );
        prop_assert_eq!(back.models, catalog.models);
    }
}
