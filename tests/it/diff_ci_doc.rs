//! The commands docs/ci.md documents, run on the shipped scenario and catalogs:
//! the plain shell example on three pull requests (a move to the autumn 2026
//! price list, a price rise beyond the policy, no change at all), and the
//! GitHub Actions workflow's shape.

use crate::common::{Scratch, repo};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;
use std::process::Command;

/// The fenced block that follows `marker` in docs/ci.md.
fn documented(marker: &str) -> String {
    let doc = std::fs::read_to_string(repo("docs/ci.md")).expect("docs/ci.md");
    let after = doc
        .split_once(marker)
        .unwrap_or_else(|| panic!("{marker} in docs/ci.md"))
        .1;
    let (_, block) = after.split_once("```").expect("a fenced block");
    let (_, body) = block.split_once('\n').expect("an info string");
    body.split_once("\n```").expect("the block's end").0.to_string() + "\n"
}

/// A copy of the shipped reference scenario and catalogs, as one side of a pull request.
fn checkout(root: &Path, side: &str) {
    let mut files = vec!["scenarios/service-company.yaml".to_string()];
    for entry in std::fs::read_dir(repo("pricing")).expect("shipped catalogs") {
        let name = entry.expect("an entry").file_name();
        files.push(format!("pricing/{}", name.to_string_lossy()));
    }
    for file in files {
        let to = root.join(side).join(&file);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("a folder");
        std::fs::copy(repo(&file), to).expect("copied");
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("readable");
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("written");
}

/// Runs the documented script in `root` with the built `llmcost` on the PATH.
fn run_script(root: &Path) -> (i32, String) {
    let script = root.join("llmcost-diff.sh");
    std::fs::write(&script, documented("<!-- tested: the shell example -->")).expect("the script");
    let bin = Path::new(env!("CARGO_BIN_EXE_llmcost"))
        .parent()
        .expect("the binary's folder");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg(&script)
        .args(["base", "head"])
        .current_dir(root)
        .env("PATH", path)
        .env_remove("LLMCOST_DIFF_FLAGS")
        .env_remove("LLMCOST_MAX_INCREASE")
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().expect("an exit code"), text)
}

/// The reference month on one model at per-1M prices: 8.85M input and 6.12M output tokens.
fn month(p_in: Decimal, p_out: Decimal) -> Decimal {
    dec!(8.85) * p_in + dec!(6.12) * p_out
}

#[test]
fn moving_to_the_autumn_2026_list_with_the_retired_models_replaced() {
    let scratch = Scratch::new();
    let root = scratch.dir.path();
    checkout(root, "base");
    checkout(root, "head");
    let scenario = root.join("head/scenarios/service-company.yaml");
    edit(
        &scenario,
        "catalog: ../pricing/list-2025-11.yaml",
        "catalog: ../pricing/list-2026-10.yaml",
    );
    edit(&scenario, "gemini-2.0-flash", "gemini-2.5-flash-lite");
    edit(&scenario, "complex: claude-3-7-sonnet", "complex: claude-sonnet-5");
    let (code, output) = run_script(root);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("llmcost: within policy"), "{output}");
    let md = std::fs::read_to_string(root.join("llmcost-diff.md")).expect("a comment to post");
    // The baseline, gpt-4o, costs 2.5 / 10 per 1M in both lists.
    assert_eq!(month(dec!(2.5), dec!(10)), dec!(83.325));
    assert!(
        md.starts_with("<!-- llmcost diff -->\n## Monthly estimate unchanged at $83.325\n"),
        "{md}"
    );
    // Routed: complex moves from claude-3-7-sonnet (3 / 15) to claude-sonnet-5 (2 / 10):
    // 600 × (5,000 × 3 + 4,000 × 15) / 1M = 45 → 600 × (5,000 × 2 + 4,000 × 10) / 1M = 30.
    assert!(
        md.contains("| routed | routed | $48.1095 | $33.1095 | -$15.00 | -31.2% |"),
        "{md}"
    );
    // The renamed strategy left one side and joined the other; gemini-2.5-flash-lite lists 0.1 / 0.4.
    assert_eq!(month(dec!(0.1), dec!(0.4)), dec!(3.333));
    assert!(
        md.contains("| gemini-2.0-flash | single | $3.333 | — | -$3.333 |  |"),
        "{md}"
    );
    assert!(
        md.contains("| gemini-2.5-flash-lite | single | — | $3.333 | +$3.333 |  |"),
        "{md}"
    );
    assert!(
        md.contains("| claude-3-7-sonnet-20250219 → claude-sonnet-5 | input | 3 | 2 | -33.3% |"),
        "{md}"
    );
}

#[test]
fn a_price_rise_beyond_the_policy_fails_with_code_3_after_the_report() {
    let scratch = Scratch::new();
    let root = scratch.dir.path();
    checkout(root, "base");
    checkout(root, "head");
    // The price list is updated in place: gpt-4o's input doubles from 2.5 to 5.
    edit(
        &root.join("head/pricing/list-2025-11.yaml"),
        "  gpt-4o:\n    provider: openai\n    input: 2.5\n",
        "  gpt-4o:\n    provider: openai\n    input: 5\n",
    );
    let (code, output) = run_script(root);
    assert_eq!(code, 3, "{output}");
    assert!(output.contains("llmcost: a threshold was crossed"), "{output}");
    // 83.325 → 8.85 × 5 + 6.12 × 10 = 105.45: +22.125, +26.55%, above the script's 10%.
    let new = month(dec!(5), dec!(10));
    assert_eq!(new, dec!(105.45));
    let md = std::fs::read_to_string(root.join("llmcost-diff.md")).expect("the full report");
    assert!(md.contains("## Monthly estimate rises by $22.125 (+26.6%)"), "{md}");
    assert!(md.contains("| --fail-on-increase | 10% | crossed |"), "{md}");
}

#[test]
fn an_unchanged_bill_posts_nothing() {
    let scratch = Scratch::new();
    let root = scratch.dir.path();
    checkout(root, "base");
    checkout(root, "head");
    let (code, output) = run_script(root);
    assert_eq!(code, 0, "{output}");
    assert!(!root.join("llmcost-diff.md").exists(), "{output}");
}

#[test]
fn the_workflow_checks_out_both_sides_runs_the_script_and_comments() {
    let text = documented("<!-- tested: the workflow -->");
    let workflow: serde_json::Value = llmcost::input::Source::new("workflow.yml", text)
        .parse("GitHub Actions workflow")
        .expect("the workflow is YAML");
    let steps = workflow["jobs"]["diff"]["steps"].as_array().expect("steps");
    let checkouts: Vec<&str> = steps
        .iter()
        .filter(|s| s["uses"] == "actions/checkout@v4")
        .map(|s| s["with"]["path"].as_str().expect("a path"))
        .collect();
    assert_eq!(checkouts, ["base", "head"]);
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("bash head/ci/llmcost-diff.sh base head"))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("<!-- llmcost diff -->") && r.contains("--body-file llmcost-diff.md"))
    );
    assert_eq!(workflow["permissions"]["pull-requests"], "write");
}
