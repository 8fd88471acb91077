//! Bad routing input: a clear message naming what is wrong and where, exit code 1,
//! and no report (nor matrix file) left behind.

use crate::routing_support::{THREE_TIERS, TWO_TIERS, catalog, llmcost, root, scenario};
use predicates::str::contains;
use std::path::Path;

/// Runs simulate on a scenario and asserts exit code 1 and every `expected` fragment on stderr.
fn fails(dir: &Path, tiers: &str, rest: &str, expected: &[&str]) {
    let path = scenario(dir, tiers, rest);
    let mut assert = llmcost()
        .args(["simulate", "--pricing"])
        .arg(catalog())
        .arg(&path)
        .assert()
        .code(1)
        .stdout("");
    for fragment in expected {
        assert = assert.stderr(contains(*fragment));
    }
}

fn routed(classifier: &str) -> String {
    format!(
        "strategies:\n  - name: r\n    routes: {{easy: cheap, hard: big}}\n    classifier:\n{classifier}baseline: r\n"
    )
}

#[test]
fn a_matrix_row_that_does_not_sum_to_one_names_the_row_and_its_sum() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        &routed(
            "      kind: rules\n      rules:\n        matrix:\n          easy: {easy: 90%, hard: 5%}\n          hard: {hard: 100%}\n",
        ),
        &[
            "s.yaml:13: strategies[0].classifier.rules.matrix.easy:",
            "row `easy` sums to 95% (easy 90% + hard 5%); each row must sum to 100%",
        ],
    );
}

#[test]
fn a_matrix_over_tiers_the_scenario_lacks() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        &routed(
            "      kind: rules\n      rules:\n        matrix:\n          easy: {easy: 100%}\n          hard: {hard: 100%}\n          urgent: {hard: 100%}\n",
        ),
        &["names tier `urgent`, which the scenario lacks"],
    );
    // a measured file over other tiers
    std::fs::write(
        dir.path().join("m.yaml"),
        "rules: kw\nsample: q.csv\ndefault: simple\ntiers: [simple, complex]\ncounts:\n  simple: {simple: 1}\n",
    )
    .unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        &routed("      kind: rules\n      rules: {matrix_file: m.yaml}\n"),
        &[
            "m.yaml:4: tiers: names tier `simple`, which the scenario lacks",
            "over tiers the scenario lacks",
        ],
    );
}

#[test]
fn probabilities_outside_zero_and_one() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        &routed("      kind: llm\n      llm: {model: clf, input_tokens: 10, output_tokens: 1, accuracy: 1.2}\n"),
        &["strategies[0].classifier.llm.accuracy: 1.2 is outside [0, 1]"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    model: cheap\n    fallback:\n      failure: {cheap: 150%}\n      failed_attempts: none\nbaseline: a\n",
        &["s.yaml:10: strategies[0].fallback.failure.cheap: 150% is outside 0% to 100%"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    cascade:\n      models: [cheap, big]\n      accept: {cheap: {easy: -10%, hard: 50%}}\nbaseline: a\n",
        &["strategies[0].cascade.accept.cheap.easy: -10% is outside 0% to 100%"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        &routed(
            "      kind: rules\n      rules:\n        matrix:\n          easy: {easy: 120%, hard: -20%}\n          hard: {hard: 100%}\n",
        ),
        &["strategies[0].classifier.rules.matrix.easy.easy: 120% is outside 0% to 100%"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    model: big\nbaseline: a\nquality:\n  big: {easy: 95, hard: 90%}\n",
        &[
            "quality.big.easy: 95 is outside [0, 1]",
            "hint: for a percentage write `95%`",
        ],
    );
}

#[test]
fn a_cascade_of_one_model() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    cascade:\n      models: [cheap]\nbaseline: a\n",
        &[
            "s.yaml:9: strategies[0].cascade.models: a cascade needs at least two models; this one has 1",
            "hint: for one model, write `model: ID` instead of a cascade",
        ],
    );
}

#[test]
fn a_cascade_without_an_acceptance_probability_or_with_one_for_its_last_model() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    cascade:\n      models: [cheap, big]\n      accept: {cheap: {easy: 90%}}\nbaseline: a\n",
        &["no acceptance probability for `cheap` on tier `hard`"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    cascade:\n      models: [cheap, big]\n      accept: {cheap: {easy: 90%, hard: 10%}, big: {easy: 99%}}\nbaseline: a\n",
        &["`big` is the cascade's last model: it always answers"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    cascade:\n      models: [cheap, big]\n      accept: {cheap: {easy: 90%, hard: 10%}}\n      verifier: {model: judge, input_tokens: 10, output_tokens: 1, accuracy: 90%}\nbaseline: a\n",
        &["strategies[0].cascade.verifier.accuracy: `accuracy` is not a setting of a cascade's verifier"],
    );
}

#[test]
fn a_classifier_model_missing_from_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        THREE_TIERS,
        "strategies:\n  - name: r\n    routes: {s: cheap, m: mid, c: big}\n    classifier:\n      kind: llm\n      llm:\n        model: clff\n        input_tokens: 10\n        output_tokens: 1\n        accuracy: 90%\nbaseline: r\n",
        &[
            "s.yaml:13: strategies[0].classifier.llm.model: model `clff` is not in catalog `routing-test`",
            "hint: did you mean `clf`?",
        ],
    );
}

#[test]
fn a_classifier_needs_routes_and_its_kind_its_blocks() {
    let dir = tempfile::tempdir().unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        "strategies:\n  - name: a\n    model: big\n    classifier: {kind: rules}\nbaseline: a\n",
        &["a classifier chooses between routes; this strategy has no `routes`"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        &routed("      kind: hybrid\n      llm: {model: clf, input_tokens: 10, output_tokens: 1, accuracy: 90%}\n"),
        &["a `hybrid` classifier needs a `rules:` block"],
    );
    fails(
        dir.path(),
        TWO_TIERS,
        &routed("      kind: hybird\n"),
        &["unknown variant `hybird`"],
    );
}

fn route_eval_fails(csv: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("q.csv");
    std::fs::write(&sample, csv).unwrap();
    let (report, matrix) = (dir.path().join("report.csv"), dir.path().join("m.yaml"));
    let mut assert = llmcost()
        .arg("route-eval")
        .arg(root().join("scenarios/rules/whitepaper-keywords.yaml"))
        .arg(&sample)
        .arg("--matrix")
        .arg(&matrix)
        .args(["--format", "csv", "--output"])
        .arg(&report)
        .assert()
        .code(1)
        .stdout("");
    for fragment in expected {
        assert = assert.stderr(contains(*fragment));
    }
    assert!(!report.exists() && !matrix.exists(), "no partial report or matrix");
}

#[test]
fn a_labelled_sample_with_an_unknown_tier_names_the_row() {
    route_eval_fails(
        "text,tier\nWhen do you open?,simple\nForecast December,complx\n",
        &[
            "q.csv:3: tier: row 2: tier `complx` is not one of the rules' tiers (simple, medium, complex)",
            "hint: did you mean `complex`?",
        ],
    );
}

#[test]
fn a_labelled_sample_with_a_bad_row_names_it() {
    route_eval_fails(
        "text,tier\nWhen do you open?,simple\nBook me in, please,medium\n",
        &["q.csv:3: row 2: 3 fields where the header has 2"],
    );
    route_eval_fails("text,tier\n,simple\n", &["q.csv:2: text: row 1: the question is empty"]);
    route_eval_fails("question,label\nWhen?,simple\n", &["the header has no `text` column"]);
    route_eval_fails("text,tier\n", &["the sample has no questions below its header"]);
}

#[test]
fn route_eval_rules_are_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.yaml");
    std::fs::write(&rules, "name: r\ntiers: [a]\nrules:\n  - tier: b\n    keywords: [x]\n").unwrap();
    let sample = dir.path().join("q.csv");
    std::fs::write(&sample, "text,tier\nx,a\n").unwrap();
    llmcost()
        .arg("route-eval")
        .arg(&rules)
        .arg(&sample)
        .assert()
        .code(1)
        .stderr(contains(
            "r.yaml:4: rules[0].tier: names tier `b`, which `tiers` does not list",
        ))
        .stderr(contains("hint: the tiers are: a"));
}

#[test]
fn a_hybrid_coverage_over_a_tier_the_rules_never_matched_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("counts.yaml"),
        "rules: r\nsample: s.csv\ndefault: easy\ntiers: [easy, hard]\ncounts:\n  easy: {easy: 8, hard: 2, unmatched: 10}\n  hard: {easy: 0, hard: 0, unmatched: 20}\n",
    )
    .unwrap();
    fails(
        dir.path(),
        TWO_TIERS,
        &routed(
            "      kind: hybrid\n      rules: {matrix_file: counts.yaml, coverage: 50%}\n      llm: {model: clf, input_tokens: 10, output_tokens: 1, accuracy: 90%}\n",
        ),
        &[
            "strategies[0].classifier.rules.coverage: the rules matched no labelled `hard` question",
            "hint: leave out `coverage`",
        ],
    );
}

/// The largest fallback the scenario format allows: 100 backups, 10 retries,
/// failed attempts billed in full, 10^12 interactions of 10^8 + 10^8 tokens at
/// 1,000,000 per 1M. Every pricing command finishes: no overflow panics.
#[test]
fn the_largest_fallback_prices_without_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let models: String = (0..101)
        .map(|i| format!("  m{i}: {{provider: openai, input: 1000000, output: 1000000}}\n"))
        .collect();
    std::fs::write(
        dir.path().join("cat.yaml"),
        format!("name: big\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n{models}"),
    )
    .unwrap();
    let backups: Vec<String> = (1..101).map(|i| format!("m{i}")).collect();
    let failure: Vec<String> = (0..101).map(|i| format!("m{i}: 99%")).collect();
    let path = dir.path().join("s.yaml");
    std::fs::write(
        &path,
        format!(
            "name: largest\ncatalog: cat.yaml\nvolume: {{interactions_per_month: 1000000000000}}\n\
             tiers:\n  - {{name: t, share: 100%, input_tokens: 100000000, output_tokens: 100000000}}\n\
             strategies:\n  - name: fb\n    model: m0\n    fallback:\n      failure: {{{}}}\n      \
             backups: [{}]\n      retries: 10\n      failed_attempts: full\n      escalation_cost: 1000000\n\
             baseline: fb\n",
            failure.join(", "),
            backups.join(", ")
        ),
    )
    .unwrap();
    for args in [
        vec!["simulate"],
        vec!["explain", "--strategy", "fb"],
        vec!["ladder", "--strategy", "fb"],
        vec!["montecarlo", "--runs", "20", "--seed", "1", "-q"],
        vec!["sweep", "--set", "volume.interactions_per_month=1,1000000000000"],
    ] {
        let out = llmcost().args(&args).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
