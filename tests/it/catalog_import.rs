//! `llmcost catalog import --from litellm` on a subset of LiteLLM's price list
//! (tests/fixtures/litellm-2026-subset.json, 16 entries and `sample_spec` copied
//! verbatim from the autumn 2026 file): exact prices, the entries left out and
//! why, deprecations and successors, and the shipped catalog reproduced.

use crate::common::{Scratch, llmcost, repo};
use llmcost::input::Source;
use llmcost::pricing::litellm::{Shadowed, import};
use llmcost::pricing::{Catalog, Model, Selection};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::BTreeMap;
use std::path::Path;

const SUBSET: &str = "tests/fixtures/litellm-2026-subset.json";

fn subset() -> Source {
    Source::read(&repo(SUBSET), "LiteLLM JSON").expect("the fixture reads")
}

fn imported(selection: &Selection) -> Vec<Model> {
    import(&subset(), selection).expect("imports").models
}

/// Runs `llmcost catalog import FILE --from litellm ARGS... --output OUT`.
fn import_command(file: &Path, args: &[&str], out: &Path) -> std::process::Output {
    llmcost()
        .args(["catalog", "import"])
        .arg(file)
        .args(["--from", "litellm"])
        .args(args)
        .arg("--output")
        .arg(out)
        .output()
        .expect("runs")
}

fn model<'a>(models: &'a [Model], id: &str) -> &'a Model {
    models
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("{id} imported"))
}

#[test]
fn per_token_prices_become_exact_per_million_prices() {
    let models = imported(&Selection::default());
    let haiku = model(&models, "claude-haiku-4-5");
    // "input_cost_per_token": 1e-06 and "output_cost_per_token": 5e-06 → 1 and 5 per 1M.
    assert_eq!((haiku.standard.input, haiku.standard.output), (dec!(1), dec!(5)));
    // "cache_read_input_token_cost": 1e-07 → 0.1 (as an f64, 1e-07 × 1e6 = 0.09999999999999999).
    assert_eq!(haiku.standard.cached_input, Some(dec!(0.1)));
    assert_eq!(haiku.standard.cached_input.unwrap().to_string(), "0.1");
    // "cache_creation_input_token_cost": 1.25e-06, "..._above_1hr": 2e-06.
    assert_eq!(haiku.standard.cache_write, Some(dec!(1.25)));
    assert_eq!(haiku.standard.cache_write_1h, Some(dec!(2)));
    // "*_batches": 5e-07, 2.5e-06, 5e-08, 6.25e-07.
    assert_eq!(
        (
            haiku.batch.input,
            haiku.batch.output,
            haiku.batch.cached_input,
            haiku.batch.cache_write
        ),
        (Some(dec!(0.5)), Some(dec!(2.5)), Some(dec!(0.05)), Some(dec!(0.625)))
    );
    // "prompt_cache_min_tokens": 4096, "max_input_tokens": 200000, "max_output_tokens": 64000.
    assert_eq!(haiku.min_cacheable_tokens, Some(4096));
    assert_eq!(
        (haiku.context_window, haiku.max_output_tokens),
        (Some(200_000), Some(64_000))
    );

    // "output_cost_per_reasoning_token": 9e-06 → reasoning 9.
    assert_eq!(model(&models, "gemini-3.5-flash").standard.reasoning, Some(dec!(9)));
    // "input_cost_per_request": 0.005 stays per request; "input_cost_per_token": 0.
    let sonar = model(&models, "perplexity/sonar-medium-online");
    assert_eq!((sonar.per_request, sonar.standard.input), (dec!(0.005), dec!(0)));
    // "cache_creation_input_token_cost": 0.0 means no separate write charge: left out.
    assert_eq!(model(&models, "deepseek-chat").standard.cache_write, None);

    // A Responses-API model ("mode": "responses"): "input_cost_per_token": 0.00015 → 150,
    // "output_cost_per_token": 0.0006 → 600, "_batches": 7.5e-05 → 75 and 0.0003 → 300.
    let pro = model(&models, "o1-pro");
    assert_eq!((pro.standard.input, pro.standard.output), (dec!(150), dec!(600)));
    assert_eq!((pro.batch.input, pro.batch.output), (Some(dec!(75)), Some(dec!(300))));
    assert_eq!(pro.successor.as_deref(), Some("gpt-5.6-sol"));
}

#[test]
fn the_smallest_threshold_becomes_the_long_context_rates() {
    let models = imported(&Selection::default());
    let gpt = model(&models, "gpt-5.5");
    let lc = gpt.long_context.as_ref().expect("long-context rates");
    // "..._above_272k_tokens": input 1e-05, output 4.5e-05, cache read 1e-06;
    // their "_batches": 5e-06, 2.25e-05, 5e-07.
    assert_eq!(lc.above_tokens, 272_000);
    assert_eq!(
        (lc.rates.input, lc.rates.output, lc.rates.cached_input),
        (dec!(10), dec!(45), Some(dec!(1)))
    );
    assert_eq!(
        (lc.batch.input, lc.batch.output, lc.batch.cached_input),
        (Some(dec!(5)), Some(dec!(22.5)), Some(dec!(0.5)))
    );
    // The priority and flex rates are not batch rates.
    assert_eq!(gpt.batch.input, Some(dec!(2.5)));
    // "*_priority": 1.25e-05, 7.5e-05, 1.25e-06; "*_flex": 2.5e-06, 1.5e-05, 2.5e-07.
    let priority = gpt.tiers.priority.as_ref().expect("priority rates");
    assert_eq!(
        (priority.input, priority.output, priority.cached_input),
        (Some(dec!(12.5)), Some(dec!(75)), Some(dec!(1.25)))
    );
    let flex = gpt.tiers.flex.as_ref().expect("flex rates");
    assert_eq!(
        (flex.input, flex.output, flex.cached_input),
        (Some(dec!(2.5)), Some(dec!(15)), Some(dec!(0.25)))
    );
    // "..._above_272k_tokens_flex": 5e-06, 2.25e-05, 5e-07; no long-context priority rates.
    let long_flex = lc.tiers.flex.as_ref().expect("long-context flex rates");
    assert_eq!(
        (long_flex.input, long_flex.output, long_flex.cached_input),
        (Some(dec!(5)), Some(dec!(22.5)), Some(dec!(0.5)))
    );
    assert_eq!(lc.tiers.priority, None);
    // gpt-4o lists priority rates only.
    assert!(model(&models, "gpt-4o").tiers.flex.is_none());
}

#[test]
fn uplift_multipliers_become_regions() {
    let models = imported(&Selection::default());
    // gpt-5.5: "regional_processing_uplift_multiplier_eu": 1.1, "..._us": 1.1,
    // "fedramp_uplift_multiplier": 1.1.
    let regions = &model(&models, "gpt-5.5").regions;
    let listed: Vec<(&str, Decimal)> = regions.iter().map(|(r, m)| (r.as_str(), *m)).collect();
    assert_eq!(
        listed,
        vec![("eu", dec!(1.1)), ("fedramp", dec!(1.1)), ("us", dec!(1.1))]
    );
    // gpt-4o: FedRAMP only; claude-haiku-4-5 (Anthropic's API): none.
    assert_eq!(
        model(&models, "gpt-4o").regions.keys().collect::<Vec<_>>(),
        vec!["fedramp"]
    );
    assert!(model(&models, "claude-haiku-4-5").regions.is_empty());
}

#[test]
fn entries_left_out_are_counted_by_reason() {
    let summary = import(&subset(), &Selection::default()).expect("imports").summary;
    // 17 keys: sample_spec documents the fields and is no entry.
    assert_eq!(summary.entries, 16);
    assert_eq!(summary.imported, 11);
    let modes: BTreeMap<&str, usize> = summary.other_modes.iter().map(|(m, n)| (m.as_str(), *n)).collect();
    assert_eq!(modes, BTreeMap::from([("embedding", 1), ("image_generation", 1)]));
    // azure/container is a chat entry priced per session, not per token.
    assert_eq!(summary.without_token_prices, 1);
    // The provider's own API wins an id over another platform's entry, whatever the order.
    assert_eq!(
        summary.shadowed,
        [
            Shadowed {
                entry: "gemini-2.5-pro".into(),
                kept: "gemini/gemini-2.5-pro".into()
            },
            Shadowed {
                entry: "deepseek-chat".into(),
                kept: "deepseek/deepseek-chat".into()
            },
        ]
    );
    assert_eq!(summary.not_selected, 0);
    assert_eq!(10 + 3 + 1 + 2, summary.entries);
}

#[test]
fn deprecated_models_keep_date_and_successor_with_prefixes_dropped() {
    let models = imported(&Selection::default());
    let sonnet = model(&models, "claude-sonnet-4-5");
    assert_eq!(
        sonnet.deprecation_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-30")
    );
    assert_eq!(sonnet.successor.as_deref(), Some("claude-sonnet-5-5"));
    // gemini/gemini-2.5-pro: "successor_model": "gemini/gemini-3.8-flash", "deprecation_date": "2026-12-01"
    // (the Vertex entry it shadows says 2026-10-20).
    let pro = model(&models, "gemini-2.5-pro");
    assert_eq!(pro.provider, "google");
    assert_eq!(pro.aliases, ["gemini/gemini-2.5-pro"]);
    assert_eq!(pro.successor.as_deref(), Some("gemini-3.8-flash"));
    assert_eq!(
        pro.deprecation_date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-01")
    );
}

#[test]
fn importing_the_shipped_models_reproduces_the_shipped_catalog() {
    let shipped = Catalog::load(&repo("pricing/list-2026-10.yaml")).expect("the shipped catalog loads");
    let models = imported(&Selection::default());
    let mut compared = 0;
    for m in &models {
        if let Ok(entry) = shipped.model(&m.id) {
            assert_eq!(entry, m, "{}", m.id);
            compared += 1;
        }
    }
    // All but perplexity/sonar-medium-online are in the shipped catalog.
    assert_eq!(compared, 9);
}

#[test]
fn providers_and_id_patterns_select_entries() {
    let google = Selection {
        providers: vec!["google".into()],
        models: Vec::new(),
    };
    let ids: Vec<String> = imported(&google).into_iter().map(|m| m.id).collect();
    assert_eq!(ids, ["gemini-2.5-pro", "gemini-3.5-flash"]);
    let by_litellm_name = Selection {
        providers: vec!["vertex_ai-language-models".into()],
        models: Vec::new(),
    };
    // Only the Vertex entry is selected, so it is not shadowed.
    let vertex = imported(&by_litellm_name);
    assert_eq!(vertex.len(), 1);
    assert_eq!((vertex[0].id.as_str(), vertex[0].aliases.len()), ("gemini-2.5-pro", 0));
    let claude = Selection {
        providers: Vec::new(),
        models: vec!["claude-*".into(), "o3".into()],
    };
    let summary = import(&subset(), &claude).expect("imports").summary;
    assert_eq!((summary.imported, summary.not_selected), (3, 13));
}

#[test]
fn the_command_writes_a_catalog_that_loads_with_the_same_prices() {
    let scratch = Scratch::new();
    let out = scratch.path("imported.yaml");
    let run = import_command(Path::new(SUBSET), &["--as-of", "2026-09-29"], &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("imported 11 models from tests/fixtures/litellm-2026-subset.json (16 entries)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 not text models (embedding 1, image_generation 1)"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.contains("name: imported\nas_of: 2026-09-29\ncurrency: USD\nsource: \"LiteLLM"),
        "{text}"
    );
    // Prices are plain, unquoted exact decimals.
    assert!(text.contains(
        "  claude-haiku-4-5:\n    provider: anthropic\n    input: 1\n    output: 5\n    cached_input: 0.1\n"
    ));
    assert!(!text.contains("0.0999"), "{text}");
    let back = Catalog::from_source(&Source::new("imported.yaml", text)).expect("loads back");
    assert_eq!(back.models.len(), 11);
    assert_eq!(back.model("xai/grok-4.3").expect("by alias").id, "grok-4.3");
}

#[test]
fn a_selection_that_matches_nothing_is_an_error_and_writes_nothing() {
    let scratch = Scratch::new();
    let out = scratch.path("none.yaml");
    let run = import_command(Path::new(SUBSET), &["--provider", "antropic"], &out);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("no text model (chat, completion, responses) to import (16 not selected)"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_file_that_is_not_litellms_json_says_what_was_expected_and_writes_nothing() {
    let scratch = Scratch::new();
    let out = scratch.file("catalog.yaml", "the previous catalog\n");
    let expected = "expected LiteLLM's model_prices_and_context_window.json: one JSON object mapping each model id \
                    to its fields (litellm_provider, mode, input_cost_per_token, output_cost_per_token, ...)";
    let cases = [
        (
            "prose.json",
            "a price list\n",
            "prose.json:1: expected value; ".to_string(),
        ),
        (
            "list.json",
            "[1, 2]\n",
            "list.json:1: invalid type: sequence, expected an object mapping model ids to their prices; ".to_string(),
        ),
        ("empty.json", "\n", "empty.json: the file is empty; ".to_string()),
    ];
    for (name, text, message) in cases {
        let file = scratch.file(name, text);
        let run = import_command(&file, &[], &out);
        assert_eq!(run.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(&format!("{message}{expected}")), "{name}: {stderr}");
    }
    // An entry whose price is not a number: file, line, entry and field.
    let bad = scratch.file(
        "bad.json",
        "{\n  \"m\": {\n    \"litellm_provider\": \"openai\",\n    \"mode\": \"chat\",\n    \"input_cost_per_token\": \"cheap\",\n    \"output_cost_per_token\": 1e-06\n  }\n}\n",
    );
    let run = import_command(&bad, &[], &out);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(":5: \"m\".input_cost_per_token: expected a number, found `\"cheap\"`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "the previous catalog\n");
}
