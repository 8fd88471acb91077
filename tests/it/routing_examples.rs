//! The shipped routing examples: every file under scenarios/ and pricing/
//! loads, the RouteLLM MT-Bench case reproduces the paper's savings (checked
//! by hand), and the keyword rules' shipped counts are what route-eval measures.

use crate::routing_support::{d, llmcost, root, strategy};
use llmcost::pricing::Catalog;
use llmcost::routing::Measured;
use llmcost::routing::evaluation::{Evaluation, read_sample};
use llmcost::routing::rules::Rules;
use llmcost::scenario::Scenario;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use std::path::Path;

fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn simulate_json(path: &Path) -> serde_json::Value {
    let out = llmcost()
        .args(["simulate", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_shipped_scenario_catalog_rule_and_sample_loads() {
    let catalogs = files("pricing", "yaml");
    assert!(catalogs.len() >= 3);
    for path in catalogs {
        Catalog::load(&path).unwrap_or_else(|e| panic!("{e}"));
    }
    let scenarios = files("scenarios", "yaml");
    assert!(scenarios.len() >= 3);
    for path in scenarios {
        Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        simulate_json(&path);
    }
    let rules_dir = files("scenarios/rules", "yaml");
    let (matrices, rules): (Vec<_>, Vec<_>) = rules_dir
        .iter()
        .partition(|p| p.to_string_lossy().ends_with(".matrix.yaml"));
    assert!(!matrices.is_empty() && !rules.is_empty());
    for path in matrices {
        Measured::load(path).unwrap_or_else(|e| panic!("{e}"));
    }
    let samples = files("scenarios/rules", "csv");
    for path in rules {
        let rules = Rules::load(path).unwrap_or_else(|e| panic!("{e}"));
        for sample in &samples {
            read_sample(sample, &rules).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn the_labelled_sample_is_large_and_covers_every_tier() {
    let rules = Rules::load(&root().join("scenarios/rules/whitepaper-keywords.yaml")).unwrap();
    let sample = read_sample(&root().join("scenarios/rules/service-questions.csv"), &rules).unwrap();
    assert!(sample.len() >= 150, "{} questions", sample.len());
    for t in 0..rules.tiers.len() {
        assert!(sample.iter().filter(|q| q.tier == t).count() >= 40);
    }
}

#[test]
fn the_shipped_counts_are_what_route_eval_measures() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("m.yaml");
    llmcost()
        .arg("route-eval")
        .arg(root().join("scenarios/rules/whitepaper-keywords.yaml"))
        .arg(root().join("scenarios/rules/service-questions.csv"))
        .arg("--matrix")
        .arg(&written)
        .assert()
        .success();
    let shipped = std::fs::read_to_string(root().join("scenarios/rules/whitepaper-keywords.matrix.yaml")).unwrap();
    assert_eq!(std::fs::read_to_string(&written).unwrap(), shipped);
}

#[test]
fn the_whitepaper_keywords_misroute_the_edge_cases_it_admits() {
    let rules = Rules::load(&root().join("scenarios/rules/whitepaper-keywords.yaml")).unwrap();
    let tier = |q: &str| rules.classify(q).map(|m| rules.tiers[m.tier].as_str());
    // a FAQ that mentions email goes to the tool-calling tier
    assert_eq!(tier("Do you send email confirmations for bookings?"), Some("medium"));
    // an analysis that starts with "when" goes to the FAQ tier
    assert_eq!(
        tier("When will we reach capacity if bookings keep growing at this rate?"),
        Some("simple")
    );
    // "forecasts" is not the keyword "forecast": whole words only
    assert_eq!(tier("Any forecasts?"), None);
    let sample_path = root().join("scenarios/rules/service-questions.csv");
    let sample = read_sample(&sample_path, &rules).unwrap();
    let e = Evaluation::run(&rules, &sample_path, &sample);
    // every question is counted once: the rows add up to the sample
    let counted: u64 = e.counts.iter().flatten().sum();
    assert_eq!(counted, sample.len() as u64);
}

#[test]
fn routellm_mt_bench_savings() {
    let report = simulate_json(&root().join("scenarios/routellm-mt-bench.yaml"));
    // one question, 95 input and 264 output tokens:
    // GPT-4: 95 × 10 / 1M + 264 × 30 / 1M = 0.00095 + 0.00792 = 0.00887
    // Mixtral: (95 + 264) × 0.24 / 1M = 0.00008616
    // 1,000,000 questions a month:
    let gpt4 = dec!(8870);
    let mixtral = dec!(86.16);
    // the trained router: 13.40% to GPT-4
    // 134,000 × 0.00887 + 866,000 × 0.00008616 = 1,188.58 + 74.61456
    let router = dec!(1188.58) + dec!(74.61456);
    // the random router of the same quality: 49.03% to GPT-4
    // 490,300 × 0.00887 + 509,700 × 0.00008616 = 4,348.961 + 43.915752
    let random = dec!(4348.961) + dec!(43.915752);
    assert_eq!(d(&strategy(&report, "gpt-4")["total"]), gpt4);
    assert_eq!(d(&strategy(&report, "mixtral")["total"]), mixtral);
    let trained = strategy(&report, "trained-router");
    assert_eq!(d(&trained["total"]), router);
    let rand = strategy(&report, "random-router");
    assert_eq!(d(&rand["total"]), random);
    // against GPT-4 alone: (1,263.19456 - 8,870) / 8,870 = -85.758799% ("about 86%")
    assert_eq!(d(&trained["vs_baseline"]["percent"]), dec!(-85.758799));
    // against the random router: 1 - 1,263.19456 / 4,392.876752 = 71.24%
    let saving =
        ((random - router) / random * dec!(100)).round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    assert_eq!(saving, dec!(71.24));
    // the random router's extra cost shows as misrouting against the trained one
    assert_eq!(d(&rand["extras"]["misrouting"]), random - router);
    assert_eq!(d(&rand["extras"]["classifier"]), Decimal::ZERO);
}
