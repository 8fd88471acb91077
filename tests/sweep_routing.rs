//! `llmcost sweep` over routing assumptions: a classifier's accuracy, a
//! cascade's acceptance and a model's failure probability equal `simulate` on
//! the correspondingly edited scenario, and a break-even on accuracy by hand.

use assert_cmd::Command;
use predicates::str::contains;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;
use std::path::Path;

const ROUTING: &str = "scenarios/service-company-routing.yaml";
const CATALOG: &str = "pricing/list-2025-11.yaml";

fn llmcost() -> Command {
    Command::cargo_bin("llmcost").unwrap()
}

fn run_json(args: &[&str]) -> Value {
    let out = llmcost().args(args).args(["-f", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(strategy, total)` of every strategy, from a sweep's point 1 or a simulate report.
fn totals(rows: &Value) -> Vec<(String, String)> {
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("point").is_none_or(|p| p == 1))
        .map(|r| {
            let name = r.get("strategy").or_else(|| r.get("name")).unwrap();
            (
                name.as_str().unwrap().to_string(),
                r["total"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn routing_assumptions_equal_simulate_on_the_edited_file() {
    let sweep = run_json(&[
        "sweep",
        ROUTING,
        "--set",
        "strategies.llm-classifier.classifier.llm.accuracy=85%",
        "--set",
        "strategies.hybrid.classifier.llm.accuracy=85%",
        "--set",
        "strategies.cascade.cascade.accept.gpt-4o-mini.medium=70%",
        "--set",
        "strategies.hybrid.fallback.failure.gpt-4o=10%",
    ]);
    // The file shares one LLM classifier between two strategies (a YAML anchor):
    // editing its accuracy once is setting both.
    let rules = Path::new("scenarios/rules").canonicalize().unwrap();
    let text = std::fs::read_to_string(ROUTING)
        .unwrap()
        .replace("matrix_file: rules/", &format!("matrix_file: {}/", rules.display()));
    let mut edited = text.clone();
    for (from, to) in [
        ("accuracy: 92%", "accuracy: 85%"),
        ("medium: 85%, complex: 35%", "medium: 70%, complex: 35%"),
        ("gpt-4o: 1%", "gpt-4o: 10%"),
    ] {
        assert_eq!(edited.matches(from).count(), 1, "{from}");
        edited = edited.replace(from, to);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("routing.yaml");
    std::fs::write(&file, &edited).unwrap();
    let simulated = run_json(&["simulate", file.to_str().unwrap(), "--pricing", CATALOG]);
    let point = totals(&sweep["rows"]);
    assert_eq!(point, totals(&simulated["strategies"]));
    // Only the three strategies edited move.
    std::fs::write(&file, &text).unwrap();
    let base = totals(&run_json(&["simulate", file.to_str().unwrap(), "--pricing", CATALOG])["strategies"]);
    let moved: Vec<&str> = point
        .iter()
        .zip(&base)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(moved, ["llm-classifier", "hybrid", "cascade"]);
}

#[test]
fn a_break_even_on_a_classifier_accuracy_by_hand() {
    // Per request (USD per 1M: gpt-4o-mini 0.15 / 0.6, claude-3-7-sonnet 3 / 15):
    // simple (1,500 / 800) 0.000705 on mini, 0.0165 on claude; medium (3,000 / 2,000)
    // 0.00165 and 0.039; complex (5,000 / 4,000) 0.00315 and 0.075; 900, 1,500 and
    // 600 requests a month. With accuracy a, a request goes to its own tier's model
    // with probability a and to each other tier's with (1 − a) / 2, so per unit of a:
    // simple 900 × (0.000705 − (0.000705 + 0.0165) / 2) = −7.10775,
    // medium 1,500 × (0.00165 − (0.00165 + 0.039) / 2) = −28.0125,
    // complex 600 × (0.075 − 0.00315) = 43.11: the cost grows by 7.98975 per unit of a.
    // At a = 1 the answers cost labelled's 48.1095, and the 3,000 classifier calls
    // (350 × 0.1 + 3 × 0.4) / 1M = 0.0000362 each add 0.1086: 48.2181. The two
    // cost the same where 7.98975 × (1 − a) = 0.1086.
    let report = run_json(&[
        "sweep",
        ROUTING,
        "--set",
        "strategies.llm-classifier.classifier.llm.accuracy=0.5..1:0.25",
        "--breakeven",
        "llm-classifier,labelled",
    ]);
    let at_one = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["point"] == 3 && r["strategy"] == "llm-classifier")
        .unwrap();
    assert_eq!(at_one["total"], "48.2181");
    let crossing = &report["breakeven"]["crossings"][0];
    assert_eq!(crossing["method"], "exact");
    assert_eq!(crossing["a_cheaper"], "below");
    let at: Decimal = crossing["at"].as_str().unwrap().parse().unwrap();
    let by_hand = Decimal::ONE - dec!(0.1086) / dec!(7.98975);
    assert!((at - by_hand).abs() < dec!(0.000000000000000001), "{at} vs {by_hand}");
}

#[test]
fn routing_paths_are_listed_and_misuse_is_refused() {
    for (set, message) in [
        (
            "strategies.labelled.classifier.llm.accuracy=0.9",
            "strategy labelled has no LLM classifier",
        ),
        (
            "strategies.cascade.cascade.accept.claude-3-7-sonnet.simple=0.9",
            "is the cascade's last model",
        ),
        (
            "strategies.cascade.fallback.failure.gpt-4o-mini=0.1",
            "strategy cascade has no fallback",
        ),
        ("strategies.hybrid.classifier.llm.accuracy=1.5", "is above 1"),
        (
            "strategies.hybrid.fallback.failure.gpt-4o-minii=0.1",
            "did you mean `strategies.hybrid.fallback.failure.gpt-4o-mini`",
        ),
        (
            "strategies.cascade.cascade.accept.gpt-4o-mini.medum=0.9",
            "did you mean `strategies.cascade.cascade.accept.gpt-4o-mini.medium`",
        ),
    ] {
        llmcost()
            .args(["sweep", ROUTING, "--set", set])
            .assert()
            .code(2)
            .stderr(contains(message));
    }
    // A model named by its id where the file names it by an alias sets the
    // alias's rate (the file may name a model once); an unlisted model is added.
    let by_id = run_json(&[
        "sweep",
        ROUTING,
        "--set",
        "strategies.hybrid.fallback.failure.claude-3-7-sonnet-20250219=3%",
    ]);
    let base = run_json(&["simulate", ROUTING]);
    assert_eq!(totals(&by_id["rows"]), totals(&base["strategies"]));
    llmcost()
        .args([
            "sweep",
            ROUTING,
            "--set",
            "strategies.hybrid.fallback.failure.gpt-4.1-nano=10%",
        ])
        .assert()
        .success();
}
