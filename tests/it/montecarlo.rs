//! `llmcost montecarlo`: convergence to `simulate`'s exact costs, determinism
//! across thread counts, the counts-and-sums approximation (mean, SD and p95) against drawing
//! every interaction, charts, and bad input (routing: tests/it/montecarlo_routing.rs).

use crate::common::llmcost;
use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::montecarlo::{EXACT_UP_TO, Settings, sample, summarize};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use predicates::str::contains;
use rust_decimal::{Decimal, MathematicalOps};
use serde_json::Value;
use std::path::Path;

fn json(args: &[&str]) -> Value {
    let out = llmcost().args(args).args(["-q", "-f", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

/// Every strategy's sampled mean lies within 4 standard errors of the exact cost
/// (or is it, when every run costs the same).
fn assert_converges(report: &Value) {
    for s in report["strategies"].as_array().unwrap() {
        let (mean, expected, se) = (dec(&s["mean"]), dec(&s["expected"]), dec(&s["se"]));
        if se.is_zero() && s["min"] == s["max"] {
            // A cost no draw moves (a self-hosted deployment's rent below its next replica).
            assert_eq!(mean, expected, "{s}");
            continue;
        }
        assert!(se > Decimal::ZERO, "{s}");
        let z = (mean - expected) / se;
        assert!(
            z.abs() < Decimal::from(4),
            "{}: mean {mean}, expected {expected}, z {z}",
            s["name"]
        );
    }
}

#[test]
fn every_shipped_scenario_converges_to_the_exact_cost() {
    let mut seen = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let report = json(&["montecarlo", path.to_str().unwrap(), "--runs", "300", "--seed", "11"]);
            assert_converges(&report);
            seen += 1;
        }
    }
    assert!(seen >= 2, "the reference and its uncertain variant at least");
}

#[test]
fn every_technique_converges_when_tokens_are_fixed() {
    // Fixed tokens: caps and long-context thresholds bind exactly as in `simulate`.
    let report = json(&[
        "montecarlo",
        "tests/fixtures/whatif/techniques.yaml",
        "--runs",
        "400",
        "--seed",
        "3",
    ]);
    assert_converges(&report);
}

#[test]
fn techniques_and_spreads_converge_where_cost_is_linear() {
    // The same workload with spreads: only the `cached` strategy (no cap; its
    // model has no long-context rates) keeps a cost linear in tokens.
    let text = std::fs::read_to_string("tests/fixtures/whatif/techniques.yaml").unwrap()
        + "uncertainty: {daily_volume_cv: 30%, input_cv: 50%, output_cv: 70%}\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("techniques.yaml");
    std::fs::write(&file, text.replace("catalog: ", "catalog: ../x/")).unwrap();
    let scenario = Scenario::load(&file).unwrap();
    let catalog = Catalog::load(Path::new("tests/fixtures/whatif/techniques-catalog.yaml")).unwrap();
    let settings = Settings {
        runs: 400,
        seed: 5,
        threads: 2,
        exact_up_to: EXACT_UP_TO,
    };
    let samples = sample(&scenario, &catalog, settings, &|_| {}).unwrap();
    let exact = simulate(&scenario, &catalog).unwrap();
    let s = summarize(&samples.costs[0], None, 10);
    let expected = exact.strategy("cached").unwrap().total;
    assert!(
        ((s.mean - expected) / s.se).abs() < Decimal::from(4),
        "{} vs {expected}",
        s.mean
    );
}

#[test]
fn statistics_split_among_threads_give_the_same_bytes() {
    // 20,000 runs: each strategy's costs are sorted and summed in pieces on 2 and 3 threads.
    let run = |threads: &str| {
        let out = llmcost()
            .args([
                "montecarlo",
                "scenarios/service-company.yaml",
                "--runs",
                "20000",
                "--seed",
                "7",
            ])
            .args(["--budget", "50", "--threads", threads, "-q", "-f", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"), "1 and 2 threads");
    assert_eq!(one, run("3"), "1 and 3 threads");
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    let run = |scenario: &str, threads: &str, seed: &str, format: &str| {
        let out = llmcost()
            .args(["montecarlo", scenario, "--runs", "200"])
            .args(["--seed", seed, "--threads", threads, "-q", "-f", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    // With token spreads; and with routing: classifiers, a cascade, a fallback chain.
    for scenario in [
        "scenarios/service-company-uncertain.yaml",
        "scenarios/service-company-routing.yaml",
    ] {
        for format in ["json", "csv"] {
            let one = run(scenario, "1", "42", format);
            assert_eq!(
                one,
                run(scenario, "2", "42", format),
                "{scenario} {format}: 1 and 2 threads"
            );
            assert_eq!(
                one,
                run(scenario, "4", "42", format),
                "{scenario} {format}: 1 and 4 threads"
            );
            assert_ne!(
                one,
                run(scenario, "2", "43", format),
                "{scenario} {format}: seeds 42 and 43"
            );
        }
    }
}

/// Counts and log-normal sums per stratum against drawing every interaction,
/// on a workload where a pruning cap binds for part of the interactions, with
/// wide spreads, at volumes where a cell's sums hold a handful of
/// interactions (1 a day) and hundreds (30 a day), every cell drawn by sums.
/// The tolerance docs/montecarlo.md states: the means agree within 4
/// standard errors of their difference, the standard deviations within 10%
/// and the p95s within 0.2 standard deviations (with 4,000 runs each, the
/// sampling noise of a difference is about 1.6% of an SD for the SDs and
/// 0.05 SD for the p95s).
#[test]
fn sums_of_many_draws_match_drawing_every_interaction() {
    let catalog = Catalog::load(Path::new("pricing/list-2025-11.yaml")).unwrap();
    for per_day in [1, 30] {
        let text = format!(
            "name: cap
volume: {{interactions_per_day: {per_day}}}
tiers:
  - {{name: a, share: 70%, input_tokens: 6000, system_tokens: 500, context_tokens: 4000, output_tokens: 800}}
  - {{name: b, share: 30%, input_tokens: 2000, output_tokens: 3000}}
techniques:
  early_stop: {{share: 50%, output_saved: 40%}}
strategies:
  - {{name: capped, model: gpt-4o, techniques: {{pruning: {{max_context_tokens: 4500}}}}}}
  - {{name: plain, model: gpt-4o-mini}}
baseline: plain
uncertainty: {{input_cv: 60%, output_cv: 100%}}
"
        );
        let scenario = Scenario::from_source(Source::new("cap.yaml", text), None).unwrap();
        let run = |exact_up_to, seed| {
            let settings = Settings {
                runs: 4000,
                seed,
                threads: 2,
                exact_up_to,
            };
            sample(&scenario, &catalog, settings, &|_| {}).unwrap()
        };
        let (every, sums) = (run(u64::MAX, 8), run(0, 9));
        for (a, b) in every.costs.iter().zip(&sums.costs) {
            let (a, b) = (summarize(a, None, 10), summarize(b, None, 10));
            let context = format!(
                "{per_day} a day: mean {} vs {}, sd {} vs {}, p95 {} vs {}",
                a.mean, b.mean, a.sd, b.sd, a.p95, b.p95
            );
            let se = (a.se * a.se + b.se * b.se).sqrt().unwrap();
            assert!(((a.mean - b.mean) / se).abs() < Decimal::from(4), "{context}");
            let ratio = b.sd / a.sd;
            assert!(ratio > Decimal::new(90, 2) && ratio < Decimal::new(110, 2), "{context}");
            assert!((a.p95 - b.p95).abs() < a.sd * Decimal::new(2, 1), "{context}");
        }
    }
}

#[test]
fn a_budget_gives_the_chance_of_exceeding_it() {
    // gpt-4o costs $83.325 for the mean month; $83.325 splits the months about evenly, $1,000 none.
    let report = json(&["montecarlo", "--runs", "400", "--budget", "$83.325"]);
    let gpt = &report["strategies"][1];
    assert_eq!(gpt["name"], "gpt-4o");
    let p = dec(&gpt["exceed"]);
    assert!(p > Decimal::new(35, 2) && p < Decimal::new(65, 2), "{p}");
    let report = json(&["montecarlo", "--runs", "50", "--budget", "1000 USD"]);
    assert_eq!(report["strategies"][0]["exceed"], "0");
}

#[test]
fn the_histogram_chart_is_well_formed_svg_with_names_and_axes() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("mc.svg");
    llmcost()
        .args(["montecarlo", "--runs", "200", "-q", "--budget", "85", "--plot"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<String> = doc
        .descendants()
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    for wanted in [
        "o3",
        "gpt-4o",
        "gpt-4o-mini",
        "gemini-2.0-flash",
        "routed",
        "Monthly cost (USD)",
        "Runs",
    ] {
        // A panel's caption: the strategy's name, then its band and its chance of exceeding the budget.
        let named = |t: &String| t == wanted || t.starts_with(&format!("{wanted}: p5 "));
        assert!(texts.iter().any(named), "no text `{wanted}`");
    }
    assert!(texts.iter().any(|t| t == "budget $85.00"), "the budget line's label");
    let png = dir.path().join("mc.png");
    llmcost()
        .args(["montecarlo", "--runs", "50", "-q", "--plot"])
        .arg(&png)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn stdout_carries_only_the_report() {
    let out = llmcost()
        .args(["montecarlo", "--runs", "100", "-f", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("strategy,runs,seed,expected,mean,sd,se,"), "{text}");
    assert_eq!(text.lines().count(), 6, "a header and five strategies");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("montecarlo ["),
        "no bar when stderr is not a terminal"
    );
}

#[test]
fn bad_input_is_refused_with_the_right_exit_code() {
    for (args, code, message) in [
        (
            vec!["--runs", "0"],
            2,
            "`0` is out of range; the number of runs is a whole number from 1 to 1,000,000",
        ),
        (vec!["--runs=-5"], 2, "invalid value"),
        (vec!["--budget", "lots"], 2, "`lots` is not an amount of money"),
        (
            vec!["--budget", "€50"],
            2,
            "--budget: `€50` is in EUR, but the catalog prices in USD",
        ),
        (vec!["--threads", "0"], 2, "invalid value"),
        (vec!["--plot", "chart.pdf"], 2, "give a file ending in .svg or .png"),
        (vec!["no-such-scenario.yaml"], 1, "cannot read the file"),
    ] {
        llmcost()
            .arg("montecarlo")
            .args(&args)
            .assert()
            .code(code)
            .stderr(contains(message));
    }
}
