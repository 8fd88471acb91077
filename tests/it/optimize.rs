//! `llmcost optimize`: the frontier of small cases worked out by hand from the
//! routing test catalog's round prices, the plan chosen at a floor and within
//! a budget, the chosen plan written into a scenario and priced by `simulate`
//! to the same figure, and the refusals.
//!
//! The cases: 1,000 interactions a month, easy 60% (1,000 in / 500 out) and
//! hard 40% (2,000 in / 1,000 out), on cheap ($1 / $2 per 1M tokens), mid
//! ($2 / $8) and big ($10 / $30). A month of each tier on each model:
//!
//! | | cheap | mid | big |
//! |---|---:|---:|---:|
//! | easy (600 × 1,000 in, 500 out) | 600 × $0.002 = $1.20 | 600 × $0.006 = $3.60 | 600 × $0.025 = $15.00 |
//! | hard (400 × 2,000 in, 1,000 out) | 400 × $0.004 = $1.60 | 400 × $0.012 = $4.80 | 400 × $0.05 = $20.00 |
//!
//! Quality scores: cheap 90% / 50%, mid 95% / 80%, big 96% / 95% (easy / hard);
//! a plan's quality is 0.6 × its easy score + 0.4 × its hard score.

use crate::common::Scratch;
use crate::routing_support::{TWO_TIERS, catalog, d, llmcost, scenario, simulate, strategy};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;
use std::path::Path;

const SCORES: &str = "quality:
  cheap: {easy: 90%, hard: 50%}
  mid: {easy: 95%, hard: 80%}
  big: {easy: 96%, hard: 95%}
";

/// A labelled routed strategy: the search serves the tiers directly.
const LABELLED: &str = "strategies:
  - {name: all-big, model: big}
  - name: labelled
    routes: {easy: cheap, hard: big}
baseline: all-big
";

/// Keyword rules that send 10% of easy requests to the hard tier's model and
/// 20% of hard ones to the easy tier's; no labelled strategy.
const CLASSIFIED: &str = "strategies:
  - {name: all-big, model: big}
  - name: classified
    routes: {easy: cheap, hard: big}
    classifier:
      kind: rules
      rules:
        matrix:
          easy: {easy: 90%, hard: 10%}
          hard: {easy: 20%, hard: 80%}
baseline: all-big
";

fn optimize(path: &Path, args: &[&str]) -> std::process::Output {
    llmcost()
        .arg("optimize")
        .arg(path)
        .arg("--pricing")
        .arg(catalog())
        .args(args)
        .output()
        .unwrap()
}

fn json(path: &Path, args: &[&str]) -> Value {
    let out = optimize(path, &[args, &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The frontier as (cost, quality, routing kind, models per tier).
fn frontier(report: &Value) -> Vec<(Decimal, Decimal, String, Vec<String>)> {
    report["frontier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let models = p["models"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| format!("{}={}", pair[0].as_str().unwrap(), pair[1].as_str().unwrap()))
                .collect();
            (
                d(&p["cost"]),
                d(&p["quality"]),
                p["routing"]["kind"].as_str().unwrap().to_string(),
                models,
            )
        })
        .collect()
}

fn plan(
    cost: Decimal,
    quality: Decimal,
    kind: &str,
    easy: &str,
    hard: &str,
) -> (Decimal, Decimal, String, Vec<String>) {
    (
        cost,
        quality,
        kind.to_string(),
        vec![format!("easy={easy}"), format!("hard={hard}")],
    )
}

#[test]
fn labelled_tiers_give_the_frontier_worked_out_by_hand() {
    // The nine plans (easy, hard): cheap+cheap $2.80 q 0.54 + 0.20 = 0.74;
    // mid+cheap $5.20 q 0.57 + 0.20 = 0.77; cheap+mid $6.00 q 0.54 + 0.32 = 0.86;
    // mid+mid $8.40 q 0.89; big+cheap $16.60 q 0.776 (mid+mid is cheaper and
    // better: off the frontier); big+mid $19.80 q 0.896; cheap+big $21.20 q 0.92;
    // mid+big $23.60 q 0.95; big+big $35.00 q 0.956. One model on both tiers is
    // the same plan as "single", which is kept as the simpler routing.
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{LABELLED}{SCORES}"));
    let report = json(&path, &[]);
    assert_eq!(
        frontier(&report),
        vec![
            plan(dec!(2.8), dec!(0.74), "single", "cheap", "cheap"),
            plan(dec!(5.2), dec!(0.77), "direct", "mid", "cheap"),
            plan(dec!(6), dec!(0.86), "direct", "cheap", "mid"),
            plan(dec!(8.4), dec!(0.89), "single", "mid", "mid"),
            plan(dec!(19.8), dec!(0.896), "direct", "big", "mid"),
            plan(dec!(21.2), dec!(0.92), "direct", "cheap", "big"),
            plan(dec!(23.6), dec!(0.95), "direct", "mid", "big"),
            plan(dec!(35), dec!(0.956), "single", "big", "big"),
        ]
    );
    assert!(report["chosen"].is_null());
}

#[test]
fn a_floor_picks_the_cheapest_plan_reaching_it_and_a_budget_the_best_within_it() {
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{LABELLED}{SCORES}"));
    // At 90%: cheap+big, $21.20 at 92% (big+mid is cheaper but reaches 89.6%).
    let report = json(&path, &["--quality-floor", "0.9"]);
    assert_eq!(report["chosen"]["point"], 5);
    assert_eq!(d(&report["chosen"]["priced"]["total"]), dec!(21.2));
    assert_eq!(d(&report["chosen"]["priced"]["quality"]), dec!(0.92));
    // Within $20: big+mid at $19.80 and 89.6%.
    let report = json(&path, &["--budget", "$20"]);
    assert_eq!(report["chosen"]["point"], 4);
    assert_eq!(d(&report["chosen"]["priced"]["total"]), dec!(19.8));
    // Exactly the cost of a plan is within the budget.
    let report = json(&path, &["--budget", "8.40"]);
    assert_eq!(d(&report["chosen"]["priced"]["total"]), dec!(8.4));
}

#[test]
fn a_classifier_routes_with_its_confusion_matrix() {
    // Routed tier easy gets 90% of easy requests and 20% of hard ones; routed
    // tier hard the other 10% and 80%. Per model on routed tier easy:
    // cheap 0.9 × 1.20 + 0.2 × 1.60 = $1.40, q 0.6 × 0.9 × 0.90 + 0.4 × 0.2 × 0.50 = 0.526;
    // mid 0.9 × 3.60 + 0.2 × 4.80 = $4.20, q 0.513 + 0.064 = 0.577;
    // big 0.9 × 15 + 0.2 × 20 = $17.50, q 0.5184 + 0.076 = 0.5944.
    // On routed tier hard: cheap 0.1 × 1.20 + 0.8 × 1.60 = $1.40, q 0.054 + 0.16 = 0.214;
    // mid 0.1 × 3.60 + 0.8 × 4.80 = $4.20, q 0.057 + 0.256 = 0.313;
    // big 0.1 × 15 + 0.8 × 20 = $17.50, q 0.0576 + 0.304 = 0.3616.
    // Classified plans on the frontier: cheap+mid $5.60 q 0.839 (mid+cheap
    // costs the same for 0.791) and mid+big $21.70 q 0.9386 (big+mid: 0.9074);
    // cheap+cheap, mid+mid and big+big equal one model alone (single, kept).
    // No labelled strategy: tiers are not served directly.
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{CLASSIFIED}{SCORES}"));
    let report = json(&path, &["--quality-floor", "90%"]);
    let classified = "routed";
    assert_eq!(
        frontier(&report),
        vec![
            plan(dec!(2.8), dec!(0.74), "single", "cheap", "cheap"),
            plan(dec!(5.6), dec!(0.839), classified, "cheap", "mid"),
            plan(dec!(8.4), dec!(0.89), "single", "mid", "mid"),
            plan(dec!(21.7), dec!(0.9386), classified, "mid", "big"),
            plan(dec!(35), dec!(0.956), "single", "big", "big"),
        ]
    );
    assert_eq!(report["chosen"]["point"], 3);
    assert_eq!(d(&report["chosen"]["priced"]["total"]), dec!(21.7));
    assert_eq!(d(&report["chosen"]["priced"]["quality"]), dec!(0.9386));
}

#[test]
fn the_chosen_plan_written_back_prices_to_the_same_figure_in_simulate() {
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{CLASSIFIED}{SCORES}"));
    let before = std::fs::read_to_string(&path).unwrap();
    // Into another folder: the written file must still load on its own.
    let other = Scratch::new();
    let target = other.path("planned.yaml");
    let out = optimize(
        &path,
        &[
            "--quality-floor",
            "0.9",
            "--write-strategy",
            "planned",
            "--write-to",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "the scenario read is left as it was"
    );
    let report = simulate(&target);
    let planned = strategy(&report, "planned");
    // mid on routed easy, big on routed hard, with the rules' matrix: easy
    // 600 × (0.9 × $0.006 + 0.1 × $0.025) = $4.74, hard 400 × (0.2 × $0.012 +
    // 0.8 × $0.05) = $16.96; $21.70 in all.
    assert_eq!(d(&planned["total"]), dec!(21.7));
    assert_eq!(d(&planned["quality"]), dec!(0.9386));
    assert_eq!(planned["classifier"], "rules");
    // The scenario's own strategies are still there, priced as before.
    assert_eq!(d(&strategy(&report, "all-big")["total"]), dec!(35));
    // A second run refuses the name the file now has, and writes nothing.
    let again = llmcost()
        .arg("optimize")
        .arg(&target)
        .arg("--pricing")
        .arg(catalog())
        .args(["--quality-floor", "0.9", "--write-strategy", "planned", "--write-to"])
        .arg(other.path("again.yaml"))
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has a strategy of that name"));
    assert!(!other.path("again.yaml").exists());
}

fn refused(args: &[&str], expected: &[&str]) {
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{LABELLED}{SCORES}"));
    let out = optimize(&path, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    for part in expected {
        assert!(stderr.contains(part), "{args:?}: {stderr}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn questions_no_plan_answers_are_refused_with_what_is_reachable() {
    refused(
        &["--quality-floor", "96%"],
        &[
            "no plan reaches a quality of 96%",
            "the best reachable is 95.6%, at $35.00 a month",
        ],
    );
    refused(
        &["--budget", "2.50"],
        &[
            "no plan fits a budget of $2.50",
            "the cheapest costs $2.80 a month (quality 74%)",
        ],
    );
    refused(&["--models", "cheap,judge"], &["no quality score", "judge"]);
    refused(
        &["--models", "chaep"],
        &["--models: model `chaep` is not in catalog", "cheap"],
    );
    refused(&["--providers", "nobody"], &["no provider `nobody`", "test"]);
    refused(&["--techniques", "batch"], &["--techniques names batch"]);
}

#[test]
fn candidates_can_be_narrowed() {
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{LABELLED}{SCORES}"));
    // cheap and big only: cheap+cheap $2.80, big+cheap $16.60 q 0.776, cheap+big
    // $21.20 q 0.92, big+big $35 q 0.956.
    let report = json(&path, &["--models", "cheap,big"]);
    let costs: Vec<Decimal> = frontier(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(costs, vec![dec!(2.8), dec!(16.6), dec!(21.2), dec!(35)]);
}

#[test]
fn risk_samples_each_plan_as_montecarlo_samples_the_same_strategy() {
    // The same months (seed and runs) drawn for a plan and for the scenario's
    // strategy that serves the tiers the same way: the same p95.
    let dir = Scratch::new();
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{LABELLED}{SCORES}"));
    let report = json(&path, &["--risk", "--runs", "300", "--seed", "3"]);
    let p95: Vec<Decimal> = report["risk"]["p95"].as_array().unwrap().iter().map(d).collect();
    assert_eq!(p95.len(), 8);
    let out = llmcost()
        .args([
            "montecarlo",
            "--runs",
            "300",
            "--seed",
            "3",
            "--format",
            "json",
            "--pricing",
        ])
        .arg(catalog())
        .arg(&path)
        .output()
        .unwrap();
    let sampled: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p95_of = |name: &str| d(&strategy(&sampled, name)["p95"]);
    // Plan 6 is cheap on easy and big on hard, as `labelled`; plan 8 big alone.
    assert_eq!(p95[5], p95_of("labelled"));
    assert_eq!(p95[7], p95_of("all-big"));
    // Each p95 is at or above the plan's expected month here (Poisson volume
    // only), and the cheapest plan is on the p95 frontier.
    let costs: Vec<Decimal> = frontier(&report).into_iter().map(|p| p.0).collect();
    assert!(p95.iter().zip(&costs).all(|(p, c)| p >= c));
    assert_eq!(report["risk"]["frontier"][0], 0);
}

#[test]
fn technique_settings_are_searched_and_switched_off_in_the_written_strategy() {
    // Half of every tier on the batch API, at the default batch rates (half
    // the standard ones): every plan costs 0.5 + 0.5 × 0.5 = 0.75 of its
    // standard month, at the same quality, so the frontier is the batch one.
    let dir = Scratch::new();
    let batch = "techniques:\n  batch: {share: 50%}\n";
    let path = scenario(dir.dir.path(), TWO_TIERS, &format!("{batch}{LABELLED}{SCORES}"));
    let report = json(&path, &[]);
    let costs: Vec<Decimal> = frontier(&report).into_iter().map(|p| p.0).collect();
    assert_eq!(
        costs,
        vec![
            dec!(2.1),
            dec!(3.9),
            dec!(4.5),
            dec!(6.3),
            dec!(14.85),
            dec!(15.9),
            dec!(17.7),
            dec!(26.25)
        ]
    );
    assert!(
        report["frontier"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["techniques"] == serde_json::json!(["batch"]))
    );
    // Without techniques: cheap+big at $21.20 for 90%, written with batch off.
    let target = dir.path("planned.yaml");
    let out = optimize(
        &path,
        &[
            "--techniques",
            "none",
            "--quality-floor",
            "90%",
            "--write-strategy",
            "unbatched",
            "--write-to",
            target.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("    techniques:\n      batch: off\n"), "{written}");
    let report = simulate(&target);
    assert_eq!(d(&strategy(&report, "unbatched")["total"]), dec!(21.2));
    // The scenario's own strategies keep the batch API: big alone 0.75 × $35.
    assert_eq!(d(&strategy(&report, "all-big")["total"]), dec!(26.25));
}
