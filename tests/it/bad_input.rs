//! Every kind of bad input `simulate` meets: a clear message on stderr naming
//! file, field and line, exit code 1 (2 for usage), and no output file.

use crate::common::{Scratch, TINY_CATALOG, TINY_SCENARIO, llmcost};

/// Runs `simulate` on a scenario text (with the tiny catalog beside it) and
/// returns (exit code, stderr).
fn simulate(scenario: &str, catalog: &str) -> (i32, String) {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", catalog);
    let path = scratch.file("s.yaml", scenario);
    let out = llmcost().arg("simulate").arg(&path).output().expect("runs");
    assert!(out.stdout.is_empty(), "nothing on stdout for a failed run");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    (out.status.code().expect("an exit code"), stderr)
}

fn assert_error(result: (i32, String), expected: &[&str]) {
    let (code, stderr) = result;
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "expected {part:?} in:\n{stderr}");
    }
}

#[test]
fn malformed_yaml() {
    let text = TINY_SCENARIO.replace("share: 30%", "share: [30%");
    assert_error(simulate(&text, TINY_CATALOG), &["s.yaml:", "tiers[0].share"]);
    let broken = "name: x\n  volume: : :\n";
    assert_error(simulate(broken, TINY_CATALOG), &["s.yaml:2"]);
}

#[test]
fn unknown_field_with_a_suggestion() {
    let text = TINY_SCENARIO.replace("share: 30%", "shares: 30%");
    assert_error(
        simulate(&text, TINY_CATALOG),
        &[
            "s.yaml:8:",
            "tiers[0]",
            "unknown field `shares`",
            "hint: did you mean `share`?",
        ],
    );
}

#[test]
fn shares_that_do_not_sum_to_100_percent() {
    let text = TINY_SCENARIO.replace("share: 50%", "share: 45%");
    assert_error(
        simulate(&text, TINY_CATALOG),
        &["s.yaml:6: tiers: tier shares sum to 95% (simple 30% + medium 45% + complex 20%); they must sum to 100%"],
    );
}

#[test]
fn negative_and_fractional_token_counts() {
    let negative = TINY_SCENARIO.replace("output_tokens: 2000", "output_tokens: -2000");
    assert_error(
        simulate(&negative, TINY_CATALOG),
        &["s.yaml:14:", "tiers[1].output_tokens", "-2000"],
    );
    let fractional = TINY_SCENARIO.replace("input_tokens: 1500", "input_tokens: 1500.5");
    assert_error(
        simulate(&fractional, TINY_CATALOG),
        &["s.yaml:9:", "tiers[0].input_tokens", "1500.5"],
    );
}

#[test]
fn a_model_the_catalog_lacks_names_the_closest_ids() {
    let text = TINY_SCENARIO.replace("model: large", "model: larg");
    assert_error(
        simulate(&text, TINY_CATALOG),
        &[
            "s.yaml:21: strategies[0].model: model `larg` is not in catalog `tiny`",
            "catalog.yaml",
            "did you mean `large`?",
        ],
    );
}

#[test]
fn a_tier_missing_from_a_routed_map() {
    let text = TINY_SCENARIO.replace("      complex: large\n", "");
    assert_error(
        simulate(&text, TINY_CATALOG),
        &[
            "strategies[1].routes: tier `complex` has no model in the routes",
            "hint: add `complex: MODEL`",
        ],
    );
}

#[test]
fn a_baseline_that_names_no_strategy() {
    let text = TINY_SCENARIO.replace("baseline: all-large", "baseline: all-larg");
    assert_error(
        simulate(&text, TINY_CATALOG),
        &[
            "s.yaml:27: baseline: `all-larg` names no strategy",
            "did you mean `all-large`?",
        ],
    );
}

#[test]
fn an_empty_catalog() {
    let empty = "name: tiny\nas_of: 2025-06-01\ncurrency: USD\nsource: none\nmodels: {}\n";
    assert_error(
        simulate(TINY_SCENARIO, empty),
        &["catalog.yaml:5: models: the catalog lists no models"],
    );
}

#[test]
fn a_negative_price() {
    let catalog = TINY_CATALOG.replace("output: 15", "output: -15");
    assert_error(
        simulate(TINY_SCENARIO, &catalog),
        &["catalog.yaml:14: models.large.output: price -15 is negative"],
    );
}

#[test]
fn a_missing_file() {
    let out = llmcost()
        .args(["simulate", "no/such/file.yaml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no/such/file.yaml: cannot read the file"), "{stderr}");
}

#[test]
fn usage_errors_exit_with_2() {
    let out = llmcost().args(["simulate", "--format", "xml"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = llmcost().args(["simulate", "--no-such-flag"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_failed_run_writes_no_output_and_leaves_an_existing_file_alone() {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let bad = scratch.file("s.yaml", &TINY_SCENARIO.replace("share: 50%", "share: 45%"));
    let fresh = scratch.path("fresh.csv");
    let out = llmcost()
        .arg("simulate")
        .arg(&bad)
        .arg("--output")
        .arg(&fresh)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists(), "no file for a failed run");
    let existing = scratch.file("existing.csv", "previous report\n");
    let out = llmcost()
        .arg("simulate")
        .arg(&bad)
        .arg("--output")
        .arg(&existing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&existing).expect("still there"),
        "previous report\n"
    );
    let files = std::fs::read_dir(scratch.dir.path()).expect("list").count();
    assert_eq!(files, 3, "no temporary file left behind");
}

#[test]
fn a_catalog_the_scenario_names_but_that_does_not_exist() {
    let scratch = Scratch::new();
    let path = scratch.file("s.yaml", TINY_SCENARIO);
    let out = llmcost().arg("simulate").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("s.yaml:2: catalog: names "), "{stderr}");
    assert!(stderr.contains("catalog.yaml, which does not exist"), "{stderr}");
    assert!(
        stderr.contains("hint: a catalog path is relative to the scenario's folder"),
        "{stderr}"
    );
}

/// A FIFO as an input file is refused at once (opening it would wait for a
/// writer forever), wherever a file is read.
#[cfg(unix)]
#[test]
fn a_fifo_as_an_input_is_refused_without_waiting() {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let scenario = scratch.file("s.yaml", TINY_SCENARIO);
    let fifo = scratch.path("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let runs: [Vec<&std::ffi::OsStr>; 3] = [
        vec!["simulate".as_ref(), fifo.as_os_str()],
        vec![
            "simulate".as_ref(),
            scenario.as_os_str(),
            "--pricing".as_ref(),
            fifo.as_os_str(),
        ],
        vec![
            "catalog".as_ref(),
            "import".as_ref(),
            "litellm".as_ref(),
            fifo.as_os_str(),
        ],
    ];
    for (args, expected) in runs
        .iter()
        .zip(["a scenario file", "a price catalog file", "a LiteLLM JSON file"])
    {
        let out = llmcost()
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{}: is a FIFO (named pipe), not a regular file; expected {expected}",
                fifo.display()
            )),
            "{stderr}"
        );
    }
}
