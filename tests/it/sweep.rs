//! `llmcost sweep`: grid points equal `simulate` on the edited files (routing
//! assumptions included), break-even points computed by hand, charts, and bad input.

use crate::common::llmcost;
use predicates::str::contains;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn run_json(args: &[&str]) -> Value {
    let out = llmcost().args(args).args(["-f", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Strategy totals of a sweep's grid point (from 1), as exact strings.
fn point(sweep: &Value, index: u64) -> Vec<(String, String)> {
    sweep["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["point"] == index)
        .map(|r| {
            (
                r["strategy"].as_str().unwrap().to_string(),
                r["total"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Strategy totals of `simulate`.
fn simulated(args: &[&str]) -> Vec<(String, String)> {
    let report = run_json(&[&["simulate"], args].concat());
    report["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["total"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A copy of `file` with `from` replaced by `to` (each must occur), in `dir`.
fn edited(dir: &Path, file: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in {file}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(Path::new(file).file_name().unwrap());
    std::fs::write(&path, text).unwrap();
    path
}

const REFERENCE: &str = "scenarios/service-company.yaml";
const ROUTING: &str = "scenarios/service-company-routing.yaml";
const CATALOG: &str = "pricing/list-2025-11.yaml";

#[test]
fn grid_points_equal_simulate_on_the_edited_files() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Path::new(CATALOG).canonicalize().unwrap();
    let catalog = catalog.to_str().unwrap();
    let sweep = run_json(&[
        "sweep",
        REFERENCE,
        "--set",
        "volume.interactions_per_day=100,250",
        "--set",
        "tiers.complex.share=20%,60%",
    ]);
    // Point 4: 250 a day and complex at 60%: the other shares scale by (1 - 0.6) / (1 - 0.2) = 0.5.
    let file = edited(
        dir.path(),
        REFERENCE,
        &[
            ("interactions_per_day: 100", "interactions_per_day: 250"),
            ("share: 30%", "share: 15%"),
            ("share: 50%", "share: 25%"),
            ("share: 20%", "share: 60%"),
        ],
    );
    assert_eq!(
        point(&sweep, 4),
        simulated(&[file.to_str().unwrap(), "--pricing", catalog])
    );
    // By hand: 7,500 a month; gpt-4o ($2.5 / $10 per 1M) on 15% × (1,500 + 800 × 4) + 25% × (3,000 + 2,000 × 4)
    // + 60% × (5,000 + 4,000 × 4) = 705 + 2,750 + 12,600 = 16,055 input-equivalent tokens at $2.5:
    // 7,500 × 16,055 × 2.5 / 1,000,000 = 301.03125.
    assert_eq!(point(&sweep, 4)[1], ("gpt-4o".to_string(), "301.03125".to_string()));
    let prices = run_json(&[
        "sweep",
        REFERENCE,
        "--set",
        "price.gpt-4o-mini.input=0.15,0.2",
        "--set",
        "tiers.medium.output_tokens=2500",
    ]);
    let file = edited(dir.path(), REFERENCE, &[("output_tokens: 2000", "output_tokens: 2500")]);
    let cat = edited(
        dir.path(),
        CATALOG,
        &[(
            "gpt-4o-mini:\n    provider: openai\n    input: 0.15",
            "gpt-4o-mini:\n    provider: openai\n    input: 0.2",
        )],
    );
    assert_eq!(
        point(&prices, 2),
        simulated(&[file.to_str().unwrap(), "--pricing", cat.to_str().unwrap()])
    );
    // By hand, gpt-4o-mini at $0.2 / $0.6: input 8,850,000 × 0.2 / 1M = 1.77; output
    // 900 × 800 + 1,500 × 2,500 + 600 × 4,000 = 6,870,000 × 0.6 / 1M = 4.122; 1.77 + 4.122 = 5.892.
    assert_eq!(point(&prices, 2)[2], ("gpt-4o-mini".to_string(), "5.892".to_string()));
}

#[test]
fn editing_a_default_technique_reaches_the_strategies_that_inherit_it() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = "tests/fixtures/whatif/techniques.yaml";
    let sweep = run_json(&[
        "sweep",
        fixture,
        "--set",
        "techniques.caching.hit_rate=0.5,0.9",
        "--set",
        "strategies.own-rate.techniques.batch.tiers.short=0,30%",
    ]);
    std::fs::copy(
        "tests/fixtures/whatif/techniques-catalog.yaml",
        dir.path().join("techniques-catalog.yaml"),
    )
    .unwrap();
    // Point 4: the default hit rate 90% (reaching `cached`, not `capped`, which
    // switches caching off, nor `own-rate`, which sets its own) and own-rate's short tier batched at 30%.
    let file = edited(
        dir.path(),
        fixture,
        &[
            ("caching: {hit_rate: 50%}", "caching: {hit_rate: 90%}"),
            ("tiers: {long: 50%}", "tiers: {long: 50%, short: 30%}"),
        ],
    );
    let expected = simulated(&[file.to_str().unwrap()]);
    assert_eq!(point(&sweep, 4), expected);
    // And the default edit changed `cached` only.
    let base = simulated(&[fixture]);
    assert_ne!(expected[0], base[0]);
    assert_eq!(expected[1], base[1]);
}

#[test]
fn break_even_by_hand() {
    let fixture = "tests/fixtures/whatif/crossing.yaml";
    // A (input $1, output $2 per 1M) against B ($2, $1), 1,000,000 interactions of 1,000 input tokens:
    // A = 1,000 + 2·o dollars, B = 2,000 + o: equal at o = 1,000 output tokens, A cheaper below.
    let tokens = run_json(&[
        "sweep",
        fixture,
        "--set",
        "tiers.t.output_tokens=0..4000:500",
        "--breakeven",
        "A,B",
    ]);
    let b = &tokens["breakeven"];
    assert_eq!(b["crossings"][0]["at"], "1000");
    assert_eq!(b["crossings"][0]["a_cheaper"], "below");
    assert_eq!(b["crossings"][0]["cost_a"], "3000");
    // With 1,000 output tokens and A's output price y: A = 1,000 + 1,000·y, B = 3,000: equal at y = 2,
    // solved exactly from the costs at 0 and 2.8 (the sweep's ends), A cheaper below.
    let price = run_json(&[
        "sweep",
        fixture,
        "--set",
        "price.a.output=0..3:0.7",
        "--breakeven",
        "A,B",
    ]);
    let c = &price["breakeven"]["crossings"][0];
    assert_eq!(
        (&c["at"], &c["method"], &c["a_cheaper"]),
        (&Value::from("2"), &Value::from("exact"), &Value::from("below"))
    );
    assert_eq!(
        (&c["cost_a"], &c["cost_b"]),
        (&Value::from("3000"), &Value::from("3000"))
    );
    // Between 0 and 1 A stays cheaper (at most 2,000 against 3,000).
    let never = run_json(&[
        "sweep",
        fixture,
        "--set",
        "price.a.output=0,0.5,1",
        "--breakeven",
        "A,B",
    ]);
    assert_eq!(never["breakeven"]["crossings"], Value::Array(vec![]));
    let text = never["breakeven"]["statement"].as_str().unwrap();
    assert!(
        text.contains("never cross") && text.contains("A is always the cheaper"),
        "{text}"
    );
    llmcost()
        .args([
            "sweep",
            fixture,
            "--set",
            "price.a.output=0..3:0.7",
            "--breakeven",
            "A,B",
        ])
        .assert()
        .success()
        .stdout(contains("A is cheaper than B below price.a.output = 2 (exact"));
}

#[test]
fn every_format_has_a_row_per_point_and_strategy() {
    let args = ["sweep", REFERENCE, "--set", "techniques.batch.share=0,50%"];
    let csv = llmcost().args(args).args(["-f", "csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "point,parameter_1,value_1,strategy,cost,cost_per_interaction,difference_vs_baseline,percent_vs_baseline,currency"
        )
    );
    assert_eq!(lines.count(), 10);
    // gpt-4o with half its requests on the batch API ($1.25 / $5): 83.325 × 0.75 = 62.49375.
    assert!(csv.contains("2,techniques.batch.share,0.5,gpt-4o,62.49375,"), "{csv}");
    let md = llmcost().args(args).args(["-f", "markdown"]).output().unwrap();
    // Two grid points and the trend row.
    assert_eq!(String::from_utf8(md.stdout).unwrap().matches("| gpt-4o |").count(), 3);
    llmcost()
        .args(args)
        .assert()
        .success()
        .stdout(contains("Trend over techniques.batch.share"));
}

#[test]
fn the_chart_is_well_formed_svg_with_names_and_axes() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sweep.svg");
    llmcost()
        .args([
            "sweep",
            REFERENCE,
            "--set",
            "volume.interactions_per_day=10..10000*10",
            "--plot",
        ])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).map(str::trim).collect();
    for wanted in [
        "o3",
        "gpt-4o",
        "routed",
        "Monthly cost (USD), logarithmic",
        "volume.interactions_per_day (interactions a day)",
    ] {
        assert!(texts.contains(&wanted), "no text `{wanted}`");
    }
}

#[test]
fn bad_input_is_refused_with_the_right_exit_code() {
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["--set", "tiers.complx.share=0.5"],
            2,
            "did you mean `tiers.complex.share`",
        ),
        (vec!["--set", "volume.bogus=1"], 2, "valid paths:"),
        (vec!["--set", "tiers.simple.share=0.1..0.5"], 2, "is not a range"),
        (
            vec!["--set", "tiers.simple.share=0.5..0.1:0.1"],
            2,
            "give the smaller value first",
        ),
        (vec!["--set", "tiers.simple.share=abc"], 2, "is not a decimal number"),
        (
            vec!["--set", "volume.interactions_per_day=1..2000:1"],
            2,
            "pass --force",
        ),
        (vec!["--set", "volume.interactions_per_day"], 2, "write PATH=VALUES"),
        (
            vec!["--set", "tiers.simple.share=0.6", "--set", "tiers.medium.share=0.6"],
            2,
            "more than 100%",
        ),
        (
            vec![
                "--set",
                "volume.interactions_per_day=1,2",
                "--set",
                "tiers.simple.share=0.1",
                "--breakeven",
                "o3,routed",
            ],
            2,
            "exactly one --set",
        ),
        (
            vec!["--set", "volume.interactions_per_day=1,2", "--breakeven", "o3,nope"],
            2,
            "`nope` names no strategy",
        ),
        (
            vec!["--set", "techniques.early_stop.share=0.5"],
            2,
            "early_stop is not set here",
        ),
        (
            vec!["--set", "tiers.simple.context_tokens=2000"],
            2,
            "more than the 1500 input tokens",
        ),
    ];
    for (args, code, message) in cases {
        llmcost()
            .args(["sweep", REFERENCE])
            .args(&args)
            .assert()
            .code(code)
            .stderr(contains(message));
    }
    llmcost()
        .args(["sweep", "missing.yaml", "--set", "volume.interactions_per_day=1"])
        .assert()
        .code(1);
    llmcost()
        .args([
            "sweep",
            REFERENCE,
            "--set",
            "volume.interactions_per_day=1..1001:1",
            "--force",
            "-f",
            "csv",
        ])
        .assert()
        .success();
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
    let point = point(&sweep, 1);
    assert_eq!(point, simulated(&[file.to_str().unwrap(), "--pricing", CATALOG]));
    // Only the three strategies edited move.
    std::fs::write(&file, &text).unwrap();
    let base = simulated(&[file.to_str().unwrap(), "--pricing", CATALOG]);
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
    // Carried to 20 decimal places, half to even.
    assert_eq!(
        at,
        by_hand.round_dp_with_strategy(20, rust_decimal::RoundingStrategy::MidpointNearestEven)
    );
    // At the crossing both cost what labelled costs, 48.1095, with no digits past the carried ones.
    assert_eq!(crossing["cost_a"], "48.1095");
    assert_eq!(crossing["cost_b"], "48.1095");
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
    assert_eq!(point(&by_id, 1), simulated(&[ROUTING]));
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

#[test]
fn a_price_that_bends_the_cost_is_bisected_not_solved_as_a_line() {
    // Above the threshold `long` pays 200 uncached tokens at 2 and 800 cached at
    // 0.5 x 2 / x (its cache rate scaled like input, x = its standard input price):
    // 400 + 800 / x per request; `flat` pays 1,000 x 1. They cross at 800 / 600 = 4/3.
    let out = llmcost()
        .args(["sweep", "tests/fixtures/whatif/derived-rate.yaml"])
        .args([
            "--set",
            "price.long.input=0.5..2:0.5",
            "--breakeven",
            "long,flat",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let crossing = &json["breakeven"]["crossings"][0];
    assert_eq!(crossing["method"], "bisection");
    let at: Decimal = crossing["at"].as_str().expect("a string").parse().expect("decimal");
    let exact = dec!(4) / dec!(3);
    assert!((at - exact).abs() <= dec!(0.000000001), "{at}");
}

/// At a simple share of 100% every request is simple, and routed serves
/// simple requests on gpt-4o-mini: the two cost the same there and nowhere
/// else in [0, 1] (below it routed pays Claude for complex requests). A touch
/// at the end of the range is no crossing.
#[test]
fn two_strategies_that_only_touch_at_the_end_of_the_range_do_not_cross() {
    let report = run_json(&[
        "sweep",
        "scenarios/service-company.yaml",
        "--set",
        "tiers.simple.share=0..1:0.25",
        "--breakeven",
        "routed,gpt-4o-mini",
    ]);
    let b = &report["breakeven"];
    assert_eq!(b["crossings"], Value::Array(vec![]), "{b}");
    let text = b["statement"].as_str().unwrap();
    assert!(text.contains("gpt-4o-mini is the cheaper"), "{text}");
    assert!(
        text.contains("cost the same only at the end of the range, tiers.simple.share = 1"),
        "{text}"
    );
}
