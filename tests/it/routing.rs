//! Routing as it behaves, priced by the real binary and checked against
//! figures worked out by hand from the round prices of
//! tests/fixtures/routing-catalog.yaml (USD per 1M tokens):
//! cheap 1 / 2, mid 2 / 8, big 10 / 30, judge 0.5 / 1, clf 0.1 / 0.4.
//!
//! One request costs `input × in / 1M + output × out / 1M`:
//! - tier easy or s (1,000 / 500): cheap 0.001 + 0.001 = 0.002; mid 0.002 + 0.004 = 0.006;
//!   big 0.01 + 0.015 = 0.025
//! - tier hard or m (2,000 / 1,000): cheap 0.004; mid 0.004 + 0.008 = 0.012; big 0.02 + 0.03 = 0.05
//! - tier c (4,000 / 2,000): cheap 0.008; mid 0.008 + 0.016 = 0.024; big 0.04 + 0.06 = 0.1

use crate::routing_support::{
    THREE_TIERS, TWO_TIERS, calls, d, llmcost, root, scenario, simulate, strategy, tier_costs,
};
use rust_decimal_macros::dec;

/// A routed strategy whose rules send 10% of easy requests to big and 25% of hard ones to cheap.
const KEYWORDS: &str = "  - name: keywords
    routes: {easy: cheap, hard: big}
    classifier:
      kind: rules
      rules:
        matrix:
          easy: {easy: 90%, hard: 10%}
          hard: {easy: 25%, hard: 75%}
";

#[test]
fn a_two_tier_confusion_matrix_serves_misrouted_requests_with_their_own_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        TWO_TIERS,
        &format!(
            "strategies:
  - name: perfect
    routes: {{easy: cheap, hard: big}}
{KEYWORDS}baseline: perfect
"
        ),
    );
    let report = simulate(&path);
    let perfect = strategy(&report, "perfect");
    // 600 easy × 0.002 + 400 hard × 0.05 = 1.2 + 20 = 21.2
    assert_eq!(d(&perfect["total"]), dec!(21.2));
    let s = strategy(&report, "keywords");
    // easy: 540 on cheap × 0.002 = 1.08, 60 on big × 0.025 = 1.5 → 2.58
    // hard: 100 on cheap × 0.004 = 0.4, 300 on big × 0.05 = 15 → 15.4
    assert_eq!(tier_costs(s), [dec!(2.58), dec!(15.4)]);
    assert_eq!(d(&s["total"]), dec!(17.98));
    assert_eq!(calls(s, "hard", "answer", "cheap"), dec!(100));
    assert_eq!(calls(s, "easy", "answer", "big"), dec!(60));
    // misrouting moves 17.98 - 21.2 = -3.22; the rules cost nothing
    assert_eq!(d(&s["extras"]["misrouting"]), dec!(-3.22));
    assert_eq!(d(&s["extras"]["classifier"]), dec!(0));
    assert_eq!(s["classifier"], "rules");
}

#[test]
fn a_three_tier_confusion_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        THREE_TIERS,
        "strategies:
  - name: r
    routes: {s: cheap, m: mid, c: big}
    classifier:
      kind: rules
      rules:
        matrix:
          s: {s: 80%, m: 15%, c: 5%}
          m: {s: 10%, m: 80%, c: 10%}
          c: {m: 30%, c: 70%}
baseline: r
",
    );
    let s = strategy(&simulate(&path), "r").clone();
    // s: 400 × 0.002 + 75 × 0.006 + 25 × 0.025 = 0.8 + 0.45 + 0.625 = 1.875
    // m: 30 × 0.004 + 240 × 0.012 + 30 × 0.05 = 0.12 + 2.88 + 1.5 = 4.5
    // c: 60 × 0.024 + 140 × 0.1 = 1.44 + 14 = 15.44
    assert_eq!(tier_costs(&s), [dec!(1.875), dec!(4.5), dec!(15.44)]);
    assert_eq!(d(&s["total"]), dec!(21.815));
    // perfect: 500 × 0.002 + 300 × 0.012 + 200 × 0.1 = 1 + 3.6 + 20 = 24.6
    assert_eq!(d(&s["extras"]["misrouting"]), dec!(21.815) - dec!(24.6));
}

const LLM: &str = "llm: {model: clf, input_tokens: 400, output_tokens: 10, accuracy: 90%}";

#[test]
fn an_llm_classifier_is_paid_per_request_and_errs_by_its_accuracy() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        THREE_TIERS,
        &format!(
            "strategies:
  - name: llm
    routes: {{s: cheap, m: mid, c: big}}
    classifier:
      kind: llm
      {LLM}
baseline: llm
"
        ),
    );
    let s = strategy(&simulate(&path), "llm").clone();
    // one classifier call: 400 × 0.1 / 1M + 10 × 0.4 / 1M = 0.00004 + 0.000004 = 0.000044
    let tier0 = &s["tiers"][0]["served"][0];
    assert_eq!(
        (tier0["role"].as_str(), tier0["model"].as_str()),
        (Some("classifier"), Some("clf"))
    );
    assert_eq!(d(&tier0["cost"]) / d(&tier0["requests"]), dec!(0.000044));
    // every one of the 1,000 requests is classified: 0.044
    assert_eq!(d(&s["extras"]["classifier"]), dec!(0.044));
    // accuracy 90%: 0.9 on the right tier, (1 - 0.9) / 2 = 0.05 on each other
    // s: 450 × 0.002 + 25 × 0.006 + 25 × 0.025 = 0.9 + 0.15 + 0.625 = 1.675
    // m: 15 × 0.004 + 270 × 0.012 + 15 × 0.05 = 0.06 + 3.24 + 0.75 = 4.05
    // c: 10 × 0.008 + 10 × 0.024 + 180 × 0.1 = 0.08 + 0.24 + 18 = 18.32
    // answers 24.045, plus the classifier 0.044
    assert_eq!(d(&s["total"]), dec!(24.089));
    assert_eq!(d(&s["extras"]["misrouting"]), dec!(24.045) - dec!(24.6));
}

#[test]
fn a_hybrid_pays_the_llm_only_for_what_the_rules_do_not_cover() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        THREE_TIERS,
        &format!(
            "strategies:
  - name: hybrid
    routes: {{s: cheap, m: mid, c: big}}
    classifier:
      kind: hybrid
      rules: {{coverage: 60%}}
      {LLM}
baseline: hybrid
"
        ),
    );
    let s = strategy(&simulate(&path), "hybrid").clone();
    // the LLM classifies 40% of 1,000 = 400 requests: 400 × 0.000044 = 0.0176
    assert_eq!(d(&s["extras"]["classifier"]), dec!(0.0176));
    assert_eq!(calls(&s, "s", "classifier", "clf"), dec!(200));
    // right tier 0.6 + 0.4 × 0.9 = 0.96; each other 0.4 × 0.05 = 0.02
    // s: 480 × 0.002 + 10 × 0.006 + 10 × 0.025 = 0.96 + 0.06 + 0.25 = 1.27
    // m: 6 × 0.004 + 288 × 0.012 + 6 × 0.05 = 0.024 + 3.456 + 0.3 = 3.78
    // c: 4 × 0.008 + 4 × 0.024 + 192 × 0.1 = 0.032 + 0.096 + 19.2 = 19.328
    assert_eq!(d(&s["total"]), dec!(1.27) + dec!(3.78) + dec!(19.328) + dec!(0.0176));
    assert_eq!(d(&s["extras"]["misrouting"]), dec!(24.378) - dec!(24.6));
}

#[test]
fn measured_counts_give_a_rules_matrix_and_a_hybrid_coverage_per_tier() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        "rules: kw\nsample: q.csv\ndefault: m\ntiers: [c, s, m]\ncounts:
  s: {s: 3, m: 1, unmatched: 4}
  m: {m: 2, unmatched: 2}
  c: {c: 1, unmatched: 3}
",
    )
    .unwrap();
    let path = scenario(
        dir.path(),
        THREE_TIERS,
        "strategies:
  - name: rules
    routes: {s: cheap, m: mid, c: big}
    classifier: {kind: rules, rules: {matrix_file: m.yaml}}
  - name: hybrid
    routes: {s: cheap, m: mid, c: big}
    classifier:
      kind: hybrid
      rules: {matrix_file: m.yaml}
      llm: {model: clf, input_tokens: 400, output_tokens: 10, accuracy: 100%}
baseline: rules
",
    );
    let report = simulate(&path);
    // rules: unmatched go to the default tier m.
    // s: 3 of 8 to s, 1 + 4 = 5 of 8 to m: 187.5 × 0.002 + 312.5 × 0.006 = 0.375 + 1.875 = 2.25
    // m: all 4 to m: 300 × 0.012 = 3.6
    // c: 3 of 4 to m, 1 of 4 to c: 150 × 0.024 + 50 × 0.1 = 3.6 + 5 = 8.6
    assert_eq!(d(&strategy(&report, "rules")["total"]), dec!(14.45));
    let h = strategy(&report, "hybrid");
    // coverage: s 4 of 8, m 2 of 4, c 1 of 4; the LLM classifies the rest:
    // 500 × 0.5 + 300 × 0.5 + 200 × 0.75 = 550 calls × 0.000044 = 0.0242
    assert_eq!(
        calls(h, "s", "classifier", "clf") + calls(h, "m", "classifier", "clf") + calls(h, "c", "classifier", "clf"),
        dec!(550)
    );
    assert_eq!(d(&h["extras"]["classifier"]), dec!(0.0242));
    // s: matched 3 of 4 to s, 1 of 4 to m; the LLM (100%) is right:
    // to s 0.5 × 0.75 + 0.5 = 0.875 → 437.5 × 0.002 = 0.875; to m 62.5 × 0.006 = 0.375
    // m: 300 × 0.012 = 3.6; c: 200 × 0.1 = 20
    assert_eq!(
        d(&h["total"]),
        dec!(0.875) + dec!(0.375) + dec!(3.6) + dec!(20) + dec!(0.0242)
    );
    assert_eq!(d(&h["extras"]["misrouting"]), dec!(24.85) - dec!(24.6));
}

#[test]
fn a_cascade_of_two_models_pays_for_rejected_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        TWO_TIERS,
        "strategies:
  - name: cascade
    cascade:
      models: [cheap, big]
      accept: {cheap: {easy: 90%, hard: 20%}}
baseline: cascade
",
    );
    let s = strategy(&simulate(&path), "cascade").clone();
    assert_eq!(s["kind"], "cascade");
    // easy: 600 on cheap × 0.002 = 1.2; 10% rejected: 60 on big × 0.025 = 1.5 → 2.7
    // hard: 400 on cheap × 0.004 = 1.6; 80% rejected: 320 on big × 0.05 = 16 → 17.6
    assert_eq!(tier_costs(&s), [dec!(2.7), dec!(17.6)]);
    assert_eq!(d(&s["total"]), dec!(20.3));
    assert_eq!(calls(&s, "hard", "rejected", "cheap"), dec!(320));
    assert_eq!(calls(&s, "hard", "answer", "big"), dec!(320));
    // the rejected answers: 60 × 0.002 + 320 × 0.004 = 0.12 + 1.28 = 1.4
    assert_eq!(d(&s["extras"]["cascade"]), dec!(1.4));
}

#[test]
fn a_cascade_of_three_models_with_a_judge() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        THREE_TIERS,
        "strategies:
  - name: cascade
    cascade:
      models: [cheap, mid, big]
      accept:
        cheap: {s: 90%, m: 50%, c: 10%}
        mid: {s: 100%, m: 80%, c: 50%}
      verifier: {model: judge, input_tokens: 100, output_tokens: 10}
baseline: cascade
",
    );
    let s = strategy(&simulate(&path), "cascade").clone();
    // one judge call: 100 × 0.5 / 1M + 10 × 1 / 1M = 0.00005 + 0.00001 = 0.00006,
    // after every answer of cheap and mid (the last model always answers).
    // s: cheap 500 × 0.002 = 1.0 (450 kept); mid 50 × 0.006 = 0.3; judge 550 × 0.00006 = 0.033 → 1.333
    // m: cheap 300 × 0.004 = 1.2 (150 kept); mid 150 × 0.012 = 1.8 (120 kept);
    //    big 30 × 0.05 = 1.5; judge 450 × 0.00006 = 0.027 → 4.527
    // c: cheap 200 × 0.008 = 1.6 (20 kept); mid 180 × 0.024 = 4.32 (90 kept);
    //    big 90 × 0.1 = 9; judge 380 × 0.00006 = 0.0228 → 14.9428
    assert_eq!(tier_costs(&s), [dec!(1.333), dec!(4.527), dec!(14.9428)]);
    assert_eq!(d(&s["total"]), dec!(20.8028));
    assert_eq!(calls(&s, "c", "verifier", "judge"), dec!(380));
    // rejected: s 50 × 0.002; m 150 × 0.004 + 30 × 0.012; c 180 × 0.008 + 90 × 0.024
    //   = 0.1 + 0.96 + 3.6 = 4.66; judge 0.033 + 0.027 + 0.0228 = 0.0828
    assert_eq!(d(&s["extras"]["cascade"]), dec!(4.7428));
}

const FALLBACK: &str = "strategies:
  - name: fb
    model: cheap
    fallback:
      failure: {cheap: 10%, big: 20%}
      backups: [big]
      retries: 1
      failed_attempts: BILLING
      escalation_cost: 2
  - name: plain
    model: cheap
baseline: plain
";

#[test]
fn a_fallback_chain_bills_failures_and_escalates_to_a_person() {
    // Per request: cheap fails 0.1 per attempt, one retry: failed attempts
    // 0.1 + 0.01 = 0.11, answered 1 - 0.01 = 0.99. The backup big sees 0.01:
    // failed 0.01 × (0.2 + 0.04) = 0.0024, answered 0.01 × (1 - 0.04) = 0.0096;
    // unserved 0.01 × 0.04 = 0.0004, each costing a person 2.
    // easy answers: 0.99 × 0.002 + 0.0096 × 0.025 = 0.00198 + 0.00024 = 0.00222
    // hard answers: 0.99 × 0.004 + 0.0096 × 0.05 = 0.00396 + 0.00048 = 0.00444
    // escalations: 1,000 × 0.0004 = 0.4 a month, 0.8 in money.
    // Without failures: 600 × 0.002 + 400 × 0.004 = 2.8.
    let run = |billing: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = scenario(dir.path(), TWO_TIERS, &FALLBACK.replace("BILLING", billing));
        let report = simulate(&path);
        assert_eq!(d(&strategy(&report, "plain")["total"]), dec!(2.8));
        strategy(&report, "fb").clone()
    };

    // Input only: a failed attempt pays its input (easy: cheap 0.001, big 0.01;
    // hard: cheap 0.002, big 0.02).
    // easy: 0.11 × 0.001 + 0.0024 × 0.01 = 0.000134; hard: 0.11 × 0.002 + 0.0024 × 0.02 = 0.000268
    // models: 600 × (0.00222 + 0.000134) + 400 × (0.00444 + 0.000268) = 1.4124 + 1.8832 = 3.2956
    let input = run("input");
    assert_eq!(d(&input["escalations"]), dec!(0.4));
    assert_eq!(d(&input["extras"]["escalation"]), dec!(0.8));
    assert_eq!(d(&input["components"]["human"]), dec!(0.8));
    assert_eq!(d(&input["total"]), dec!(3.2956) + dec!(0.8));
    assert_eq!(d(&input["extras"]["fallback"]), dec!(3.2956) - dec!(2.8));
    assert_eq!(calls(&input, "easy", "failed", "cheap"), dec!(66));
    assert_eq!(calls(&input, "hard", "answer", "big"), dec!(3.84));

    // Unbilled: failed attempts are free.
    // models: 600 × 0.00222 + 400 × 0.00444 = 1.332 + 1.776 = 3.108
    let none = run("none");
    assert_eq!(d(&none["total"]), dec!(3.108) + dec!(0.8));
    assert_eq!(d(&none["escalations"]), dec!(0.4));

    // Billed in full: easy 0.11 × 0.002 + 0.0024 × 0.025 = 0.00028;
    // hard 0.11 × 0.004 + 0.0024 × 0.05 = 0.00056
    // models: 600 × (0.00222 + 0.00028) + 400 × (0.00444 + 0.00056) = 1.5 + 2 = 3.5
    let full = run("full");
    assert_eq!(d(&full["total"]), dec!(3.5) + dec!(0.8));
}

#[test]
fn quality_and_cost_per_success() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        TWO_TIERS,
        &format!(
            "strategies:
  - name: big
    model: big
{KEYWORDS}  - name: mid
    model: mid
baseline: big
quality:
  cheap: {{easy: 90%, hard: 50%}}
  big: {{easy: 0.95, hard: 0.9}}
"
        ),
    );
    let report = simulate(&path);
    let big = strategy(&report, "big");
    // 0.6 × 0.95 + 0.4 × 0.9 = 0.57 + 0.36 = 0.93; cost 600 × 0.025 + 400 × 0.05 = 35
    assert_eq!(d(&big["quality"]), dec!(0.93));
    // 35 / 930 repeats: carried to 20 decimal places, half to even.
    assert_eq!(d(&big["cost_per_success"]), carried(dec!(35) / dec!(930)));
    let k = strategy(&report, "keywords");
    // easy: 0.9 × 0.9 + 0.1 × 0.95 = 0.905; hard: 0.25 × 0.5 + 0.75 × 0.9 = 0.8
    // strategy: 0.6 × 0.905 + 0.4 × 0.8 = 0.543 + 0.32 = 0.863, cost 17.98
    assert_eq!(d(&k["tiers"][0]["quality"]), dec!(0.905));
    assert_eq!(d(&k["quality"]), dec!(0.863));
    assert_eq!(d(&k["cost_per_success"]), carried(dec!(17.98) / dec!(863)));
    // no score for mid: no quality, never an invented one, and a warning says why
    let mid = strategy(&report, "mid");
    assert!(mid["quality"].is_null() && mid["cost_per_success"].is_null());
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("no quality score for `mid` on tier `easy`"),
        "{warnings}"
    );
    // the savings are stated against the named baseline: (17.98 - 35) / 35
    assert_eq!(d(&k["vs_baseline"]["difference"]), dec!(-17.02));
}

#[test]
fn without_scores_the_table_shows_no_quality_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    model: big\nbaseline: a\n",
    );
    let out = llmcost()
        .args(["simulate", "--pricing"])
        .arg(crate::routing_support::catalog())
        .arg(&path)
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("$35.00"), "{table}");
    assert!(!table.contains("Quality") && !table.contains("Per success"), "{table}");
}

#[test]
fn the_calls_table_and_csv_show_what_served_each_tier() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(dir.path(), TWO_TIERS, &FALLBACK.replace("BILLING", "input"));
    let run = |format: &str| {
        let out = llmcost()
            .args(["simulate", "--format", format, "--pricing"])
            .arg(crate::routing_support::catalog())
            .arg(&path)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(table.contains("fb: every call a month"), "{table}");
    assert!(table.contains("escalated to a person"), "{table}");
    let csv = run("csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            "human_cost,classifier_cost,misrouting_cost,cascade_cost,fallback_cost,escalations,quality,cost_per_success,currency"
        ),
        "{header}"
    );
    let total = csv.lines().find(|l| l.starts_with("fb,total,")).unwrap();
    // human 0.8, fallback 0.4956, escalations 0.4
    assert!(total.ends_with(",0.8,0,0,0,0.4956,0.4,,,USD"), "{total}");
}

/// A cascade whose first model fails: the cascade's extra is the rejected
/// answers actually made, not those of a run without failures. cheap fails
/// 10% of attempts (billed in full); of its 90% answers half are rejected.
/// Per request: cheap is called once (0.002), big answers 0.1 + 0.45 = 0.55
/// of requests (0.025 each).
#[test]
fn a_cascade_with_failures_counts_the_rejections_actually_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(
        dir.path(),
        "tiers:\n  - {name: easy, share: 100%, input_tokens: 1000, output_tokens: 500}\n",
        "strategies:
  - name: cascade
    cascade:
      models: [cheap, big]
      accept: {cheap: {easy: 50%}}
    fallback:
      failure: {cheap: 10%}
      failed_attempts: full
baseline: cascade
",
    );
    let s = strategy(&simulate(&path), "cascade").clone();
    let n = dec!(1000);
    assert_eq!(d(&s["total"]), n * (dec!(0.002) + dec!(0.55) * dec!(0.025)));
    // Rejected: 0.9 answered x 50% = 0.45 of requests, at 0.002.
    assert_eq!(d(&s["extras"]["cascade"]), n * dec!(0.45) * dec!(0.002));
    // Answers and failed attempts: as run (cheap 0.45 + 0.1, big 0.55) less without failures (0.5, 0.5).
    let actual = dec!(0.55) * dec!(0.002) + dec!(0.55) * dec!(0.025);
    let reliable = dec!(0.5) * dec!(0.002) + dec!(0.5) * dec!(0.025);
    assert_eq!(d(&s["extras"]["fallback"]), n * (actual - reliable));
}

/// A repeating fraction as the reports carry it (docs/exact-figures.md):
/// 20 decimal places, rounded half to even.
fn carried(v: rust_decimal::Decimal) -> rust_decimal::Decimal {
    v.round_dp_with_strategy(20, rust_decimal::RoundingStrategy::MidpointNearestEven)
}

/// Measured confusion matrices do not terminate in decimal: every figure is
/// carried to 20 places, tiers add up to the strategy total and explain's
/// rows to their tier, to the last digit.
#[test]
fn repeating_fractions_are_carried_to_20_places_and_add_up_exactly() {
    let path = root().join("scenarios/service-company-routing.yaml");
    let out = llmcost()
        .args(["simulate", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for s in report["strategies"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let total = d(&s["total"]);
        assert!(total.scale() <= 20, "{name}: {total}");
        let tiers: Vec<rust_decimal::Decimal> = tier_costs(s);
        assert!(tiers.iter().all(|c| c.scale() <= 20), "{name}: {tiers:?}");
        assert_eq!(tiers.iter().sum::<rust_decimal::Decimal>(), total, "{name}");
        let out = llmcost()
            .args(["explain", "--format", "json", "--strategy", name])
            .arg(&path)
            .output()
            .unwrap();
        let explained: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for (tier, cost) in explained["tiers"].as_array().unwrap().iter().zip(&tiers) {
            let rows: rust_decimal::Decimal = tier["calls"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|call| call["lines"].as_array().unwrap())
                .map(|line| d(&line["monthly"]))
                .sum::<rust_decimal::Decimal>()
                + d(&tier["escalation_cost"]);
            assert_eq!(rows, *cost, "{name}: tier {}", tier["tier"]);
        }
    }
}
