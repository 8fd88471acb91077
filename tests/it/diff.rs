//! `llmcost diff` on the reference scenario across two small catalogs
//! (tests/fixtures/diff-base.yaml and diff-head.yaml), every figure computed
//! here by hand from their prices: the deltas, the price changes behind them,
//! retired models and `--map`, thresholds and their exit codes, the Markdown
//! comment's headline and length, and comparing two versions of a scenario.

use crate::common::{self, Scratch, llmcost};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde_json::Value;

const SCENARIO: &str = "scenarios/service-company.yaml";
const BASE: &str = "tests/fixtures/diff-base.yaml";
const HEAD: &str = "tests/fixtures/diff-head.yaml";
const MAP: &str = "gemini-2.0-flash=gemini-2.5-flash-lite";

/// The reference month on one model: 900 interactions of 1,500 + 800 tokens,
/// 1,500 of 3,000 + 2,000, 600 of 5,000 + 4,000; prices per 1M tokens.
fn tier(n: i64, input: i64, output: i64, p_in: Decimal, p_out: Decimal) -> Decimal {
    Decimal::from(n) * (Decimal::from(input) * p_in + Decimal::from(output) * p_out) / dec!(1_000_000)
}

fn month(p_in: Decimal, p_out: Decimal) -> Decimal {
    tier(900, 1500, 800, p_in, p_out) + tier(1500, 3000, 2000, p_in, p_out) + tier(600, 5000, 4000, p_in, p_out)
}

/// Simple and medium on (mini_in, mini_out), complex on (claude_in, claude_out).
fn routed(mini_in: Decimal, mini_out: Decimal, claude_in: Decimal, claude_out: Decimal) -> Decimal {
    tier(900, 1500, 800, mini_in, mini_out)
        + tier(1500, 3000, 2000, mini_in, mini_out)
        + tier(600, 5000, 4000, claude_in, claude_out)
}

/// `(new - past) / past × 100`, rounded half to even at 6 places.
fn percent(past: Decimal, new: Decimal) -> Decimal {
    ((new - past) / past * dec!(100))
        .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = llmcost().args(args).output().expect("runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// `diff` of the reference scenario from base to head, with gemini-2.0-flash mapped.
const MAPPED: [&str; 8] = ["diff", SCENARIO, "--base", BASE, "--head", HEAD, "--map", MAP];

fn diff(extra: &[&str]) -> (i32, String, String) {
    let mut args = MAPPED.to_vec();
    args.extend(extra);
    run(&args)
}

fn money(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("a decimal string, not {v}"))
        .parse()
        .expect("a decimal")
}

fn strategy<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["scenarios"][0]["strategies"]
        .as_array()
        .expect("strategies")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("strategy {name}"))
}

#[test]
fn the_hand_computed_deltas() {
    // Base: o3 2/8, gpt-4o 2.5/10, mini 0.15/0.6, gemini-2.0-flash 0.1/0.4, claude 3/15.
    // Head: o3 1/4, gpt-4o 2.5/10, mini 0.3/1.2, gemini-2.5-flash-lite 0.1/0.4, claude 2.4/12.
    assert_eq!(month(dec!(2), dec!(8)), dec!(66.66));
    assert_eq!(month(dec!(1), dec!(4)), dec!(33.33));
    assert_eq!(month(dec!(0.15), dec!(0.6)), dec!(4.9995));
    assert_eq!(month(dec!(0.3), dec!(1.2)), dec!(9.999));
    assert_eq!(routed(dec!(0.15), dec!(0.6), dec!(3), dec!(15)), dec!(48.1095));
    assert_eq!(routed(dec!(0.3), dec!(1.2), dec!(2.4), dec!(12)), dec!(42.219));

    let (code, out, stderr) = diff(&["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&out).expect("json");
    let expect = |name: &str, past: Decimal, new: Decimal| {
        let s = strategy(&json, name);
        assert_eq!(money(&s["pastTotalMonthlyCost"]), past, "{name}");
        assert_eq!(money(&s["totalMonthlyCost"]), new, "{name}");
        assert_eq!(money(&s["diffTotalMonthlyCost"]), new - past, "{name}");
        assert_eq!(money(&s["diffPercent"]), percent(past, new), "{name}");
    };
    expect("o3", month(dec!(2), dec!(8)), month(dec!(1), dec!(4)));
    expect("gpt-4o", month(dec!(2.5), dec!(10)), month(dec!(2.5), dec!(10)));
    expect("gpt-4o-mini", month(dec!(0.15), dec!(0.6)), month(dec!(0.3), dec!(1.2)));
    expect(
        "gemini-2.0-flash",
        month(dec!(0.1), dec!(0.4)),
        month(dec!(0.1), dec!(0.4)),
    );
    expect(
        "routed",
        routed(dec!(0.15), dec!(0.6), dec!(3), dec!(15)),
        routed(dec!(0.3), dec!(1.2), dec!(2.4), dec!(12)),
    );
    // -5.8905 / 48.1095 × 100 = -12.2439435…, 6 places: -12.243944
    assert_eq!(money(&strategy(&json, "routed")["diffPercent"]), dec!(-12.243944));

    // The scenario's estimate is its baseline, gpt-4o: unchanged; so is the total.
    let scenario = &json["scenarios"][0];
    assert_eq!(scenario["base"]["strategy"], "gpt-4o");
    for key in ["pastTotalMonthlyCost", "totalMonthlyCost"] {
        assert_eq!(money(&scenario[key]), dec!(83.325));
        assert_eq!(money(&json[key]), dec!(83.325));
    }
    assert_eq!(money(&json["diffTotalMonthlyCost"]), dec!(0));
    assert_eq!(json["currency"], "USD");
}

#[test]
fn the_price_changes_behind_the_difference() {
    let (_, out, _) = diff(&["--format", "json"]);
    let json: Value = serde_json::from_str(&out).expect("json");
    let changes = json["modelChanges"].as_array().expect("model changes");
    let change = |past: &str| {
        changes
            .iter()
            .find(|c| c["pastModel"] == past)
            .unwrap_or_else(|| panic!("{past}"))
    };
    // gpt-4o did not change: it is not listed.
    assert!(changes.iter().all(|c| c["pastModel"] != "gpt-4o"));
    // Largest effect first: o3 -33.33, claude -9, mini +8.109, gemini 0.
    let order: Vec<&str> = changes.iter().map(|c| c["pastModel"].as_str().expect("id")).collect();
    assert_eq!(
        order,
        ["o3", "claude-3-7-sonnet-20250219", "gpt-4o-mini", "gemini-2.0-flash"]
    );
    let o3 = change("o3");
    assert_eq!(
        money(&o3["monthlyEffect"]),
        month(dec!(1), dec!(4)) - month(dec!(2), dec!(8))
    );
    let rates = o3["rates"].as_array().expect("rates");
    assert_eq!(
        (
            rates[0]["rate"].as_str(),
            money(&rates[0]["past"]),
            money(&rates[0]["new"])
        ),
        (Some("input"), dec!(2), dec!(1))
    );
    assert_eq!(money(&rates[1]["percent"]), dec!(-50));
    // Claude serves only routed's complex tier: 600 × (5,000 × (2.4 - 3) + 4,000 × (12 - 15)) / 1M = -9.
    let claude = change("claude-3-7-sonnet-20250219");
    assert_eq!(money(&claude["monthlyEffect"]), dec!(-9));
    assert_eq!(claude["usedBy"][0], "service-company: routed (complex)");
    // gpt-4o-mini: its own strategy (+4.9995) and routed's simple and medium tiers.
    let mini = change("gpt-4o-mini");
    let routed_share = tier(900, 1500, 800, dec!(0.3), dec!(1.2)) + tier(1500, 3000, 2000, dec!(0.3), dec!(1.2))
        - tier(900, 1500, 800, dec!(0.15), dec!(0.6))
        - tier(1500, 3000, 2000, dec!(0.15), dec!(0.6));
    assert_eq!(money(&mini["monthlyEffect"]), dec!(4.9995) + routed_share);
    assert_eq!(
        mini["usedBy"],
        serde_json::json!([
            "service-company: gpt-4o-mini",
            "service-company: routed (simple, medium)"
        ])
    );
    // The mapped model has the same prices: listed for the replacement, no rate changed.
    let gemini = change("gemini-2.0-flash");
    assert_eq!(
        (gemini["model"].as_str(), gemini["mapped"].as_bool()),
        (Some("gemini-2.5-flash-lite"), Some(true))
    );
    assert_eq!(gemini["rates"], serde_json::json!([]));
}

#[test]
fn csv_has_a_row_per_scenario_strategy_tier_and_the_total() {
    let (_, csv, _) = diff(&["--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "level,scenario,strategy,tier,base_model,head_model,base_cost,head_cost,difference,percent,currency"
    );
    assert_eq!(lines[1], "scenario,service-company,gpt-4o,,,,83.325,83.325,0,0,USD");
    // Complex tier of routed: 600 × (5,000 × 3 + 4,000 × 15) / 1M = 45 → 600 × (5,000 × 2.4 + 4,000 × 12) / 1M = 36.
    assert!(
        csv.contains(
            "\ntier,service-company,routed,complex,claude-3-7-sonnet-20250219,claude-3-7-sonnet-20250219,45,36,-9,-20,USD\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "\ntier,service-company,gemini-2.0-flash,simple,gemini-2.0-flash,gemini-2.5-flash-lite,0.423,0.423,0,0,USD\n"
        ),
        "{csv}"
    );
    assert_eq!(lines.last(), Some(&"total,,,,,,83.325,83.325,0,0,USD"));
}

#[test]
fn the_markdown_headline_says_what_the_estimate_does() {
    let headline = |extra: &[&str]| {
        let mut args = vec!["--format", "markdown"];
        args.extend(extra);
        let (code, md, _) = diff(&args);
        assert_eq!(code, 0);
        let mut lines = md.lines();
        assert_eq!(lines.next(), Some("<!-- llmcost diff -->"));
        lines.next().expect("a headline").to_string()
    };
    assert_eq!(headline(&[]), "## Monthly estimate unchanged at $83.325");
    // routed: 48.1095 → 42.219, -5.8905, -12.2439435…% shown to one place.
    assert_eq!(
        headline(&["--strategy", "routed"]),
        "## Monthly estimate falls by $5.8905 (-12.2%)"
    );
    // gpt-4o-mini: 4.9995 → 9.999, +100%.
    assert_eq!(
        headline(&["--strategy", "gpt-4o-mini"]),
        "## Monthly estimate rises by $4.9995 (+100.0%)"
    );
    let (_, md, _) = diff(&["--format", "markdown", "--strategy", "routed"]);
    assert!(
        md.contains("| service-company | routed | $48.1095 | $42.219 | -$5.8905 | -12.2% |"),
        "{md}"
    );
    assert!(md.contains("| o3 | input | 2 | 1 | -50.0% |"), "{md}");
    assert!(
        md.contains("> **Note:** model o3 is deprecated on 2026-12-11 (catalog fixture-head is as of 2026-09-29); successor: gpt-4o"),
        "{md}"
    );
}

#[test]
fn a_long_comment_is_cut_in_the_middle_under_githubs_limit() {
    // 1,500 strategies on gpt-4o-mini: the strategy table alone is well over 65,536 characters.
    let mut scenario = String::from(
        "name: many\nvolume:\n  interactions_per_month: 3000\ntiers:\n  - name: all\n    share: 100%\n    input_tokens: 1000\n    output_tokens: 500\nstrategies:\n",
    );
    for i in 0..1500 {
        scenario.push_str(&format!("  - name: strategy-number-{i}\n    model: gpt-4o-mini\n"));
    }
    scenario.push_str("baseline: strategy-number-0\n");
    let scratch = Scratch::new();
    let path = scratch.file("many.yaml", &scenario);
    let (code, md, stderr) = run(&[
        "diff",
        path.to_str().expect("utf-8"),
        "--base",
        BASE,
        "--head",
        HEAD,
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(md.chars().count() <= 65_536, "{}", md.chars().count());
    // 3,000 × (1,000 × 0.15 + 500 × 0.6) / 1M = 1.35 → 3,000 × (1,000 × 0.3 + 500 × 1.2) / 1M = 2.7
    assert!(
        md.starts_with("<!-- llmcost diff -->\n## Monthly estimate rises by $1.35 (+100.0%)\n"),
        "{}",
        &md[..200]
    );
    assert!(md.contains("lines cut here to keep this comment under GitHub's limit of 65,536 characters"));
    // The beginning and the end survive: the first strategies and the price changes.
    assert!(md.contains("| strategy-number-0 | single | $1.35 | $2.70 | +$1.35 | +100.0% |"));
    assert!(md.contains("| strategy-number-1499 | single | $1.35 | $2.70 | +$1.35 | +100.0% |"));
    assert!(
        md.ends_with("| gpt-4o-mini | output | 0.6 | 1.2 | +100.0% |\n\n"),
        "{}",
        &md[md.len() - 300..]
    );
    assert!(!md.contains("| strategy-number-750 |"));
}

#[test]
fn fail_on_increase_exits_3_only_when_the_rise_exceeds_the_limit() {
    // gpt-4o-mini as the estimate rises by exactly 100%.
    let (code, out, stderr) = diff(&["--strategy", "gpt-4o-mini", "--fail-on-increase", "50"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        out.starts_with("Monthly estimate rises by $4.9995 (+100.0%)"),
        "the full report is printed: {out}"
    );
    assert!(out.contains("│ --fail-on-increase ┆   50% ┆ crossed"), "{out}");
    assert!(
        stderr.contains(
            "threshold crossed: --fail-on-increase: the monthly estimate changes by +100.0% (limit: a rise of 50%)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = diff(&["--strategy", "gpt-4o-mini", "--fail-on-increase", "100"]);
    assert_eq!(code, 0, "a rise of exactly the limit passes: {stderr}");
    // A fall never crosses it.
    let (code, _, _) = diff(&["--strategy", "routed", "--fail-on-increase", "0"]);
    assert_eq!(code, 0);
}

#[test]
fn fail_above_exits_3_when_the_new_estimate_is_above_the_amount() {
    // gpt-4o-mini's new estimate: 9.999.
    let (code, _, stderr) = diff(&["--strategy", "gpt-4o-mini", "--fail-above", "9.99", "--format", "json"]);
    assert_eq!(code, 3);
    assert!(
        stderr.contains("threshold crossed: --fail-above: the new monthly estimate $9.999 is above $9.99"),
        "{stderr}"
    );
    let (code, out, _) = diff(&["--strategy", "gpt-4o-mini", "--fail-above", "10", "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["thresholds"][0]["flag"], "--fail-above");
    assert_eq!(json["thresholds"][0]["crossed"], false);
    assert_eq!(money(&json["thresholds"][0]["value"]), dec!(9.999));
}

#[test]
fn fail_on_quality_drop_without_quality_scores_checks_nothing_and_says_so() {
    let (code, out, stderr) = diff(&["--fail-on-quality-drop", "2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note: --fail-on-quality-drop: no quality scores in the scenarios: nothing to check"),
        "{stderr}"
    );
    assert!(
        out.contains("│ --fail-on-quality-drop ┆ 2 percentage points ┆ ok"),
        "{out}"
    );
}

#[test]
fn only_if_changed_prints_nothing_for_an_unchanged_bill() {
    let scratch = Scratch::new();
    let out = scratch.path("comment.md");
    let run_to = |head: &str| {
        llmcost()
            .args([
                "diff",
                SCENARIO,
                "--base",
                BASE,
                "--head",
                head,
                "--only-if-changed",
                "-f",
                "markdown",
                "-o",
            ])
            .arg(&out)
            .output()
            .expect("runs")
    };
    let same = run_to(BASE);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
    assert!(!out.exists(), "no comment to post");
    assert!(String::from_utf8_lossy(&same.stderr).contains("no strategy's cost or quality changed"));
    // Against the head catalog (with the retired model mapped) figures move: the comment is written.
    let moved = llmcost()
        .args(MAPPED)
        .args(["--only-if-changed", "-f", "markdown", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(moved.status.code(), Some(0));
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.contains("## Monthly estimate unchanged at $83.325"), "{md}");
}

#[test]
fn a_retired_model_fails_naming_its_successor_until_it_is_mapped() {
    let (code, out, stderr) = run(&["diff", SCENARIO, "--base", BASE, "--head", HEAD]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        stderr.contains("error: the head catalog fixture-head no longer lists 1 model the scenarios use:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "gemini-2.0-flash, used by service-company (strategy gemini-2.0-flash); deprecated on 2026-02-05 per \
             fixture-base, successor gemini-2.5-flash-lite (listed in fixture-head)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("hint: price a retired model on a replacement with --map OLD=NEW, such as --map gemini-2.0-flash=gemini-2.5-flash-lite"), "{stderr}");
}

#[test]
fn a_map_to_a_model_the_head_catalog_lacks_is_a_usage_error() {
    let (code, _, stderr) = run(&[
        "diff",
        SCENARIO,
        "--base",
        BASE,
        "--head",
        HEAD,
        "--map",
        "gemini-2.0-flash=gemini-2.5-flash-lte",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "error: --map gemini-2.0-flash=gemini-2.5-flash-lte: model `gemini-2.5-flash-lte` is not in catalog \
             `fixture-head` (tests/fixtures/diff-head.yaml); did you mean `gemini-2.5-flash-lite`?"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = diff(&["--map", "gpt-5=gpt-4o"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: --map gpt-5=gpt-4o: no strategy uses `gpt-5`; the scenarios use"),
        "{stderr}"
    );
}

#[test]
fn two_versions_of_a_scenario_under_one_catalog() {
    // The head version serves 150 interactions a day instead of 100: every cost × 1.5.
    let text = std::fs::read_to_string(common::repo(SCENARIO)).expect("readable");
    let scratch = Scratch::new();
    let head = scratch.file(
        "service-company.yaml",
        &text.replace("interactions_per_day: 100", "interactions_per_day: 150"),
    );
    let (code, out, stderr) = run(&[
        "diff",
        "--base-scenario",
        SCENARIO,
        "--head-scenario",
        head.to_str().expect("utf-8"),
        "--pricing",
        BASE,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&out).expect("json");
    let gpt4o = month(dec!(2.5), dec!(10));
    assert_eq!(money(&json["pastTotalMonthlyCost"]), gpt4o);
    assert_eq!(money(&json["totalMonthlyCost"]), gpt4o * dec!(1.5));
    assert_eq!(money(&json["diffTotalMonthlyCost"]), gpt4o / dec!(2));
    assert_eq!(money(&json["diffPercent"]), dec!(50));
    assert_eq!(json["modelChanges"], serde_json::json!([]), "the prices did not change");
}

#[test]
fn bad_arguments_are_usage_errors() {
    let (code, _, stderr) = diff(&["--fail-on-increase", "ten"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "invalid value 'ten' for '--fail-on-increase <PCT>': `ten` is not a percentage such as 10 or 2.5"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = diff(&["--fail-above", "lots"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("'--fail-above <AMOUNT>': `lots` is not an amount of money"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["diff", SCENARIO, "--base", BASE]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["diff", SCENARIO]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error: nothing to compare"), "{stderr}");
    let (code, _, stderr) = diff(&["--strategy", "cheapest"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "--strategy cheapest: scenario `service-company` (scenarios/service-company.yaml) has no such strategy"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "diff",
        "--base-scenario",
        SCENARIO,
        "--base-scenario",
        SCENARIO,
        "--head-scenario",
        SCENARIO,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("2 --base-scenario but 1 --head-scenario"), "{stderr}");
    let (code, _, stderr) = diff(&["--map", "gemini-2.0-flash"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`gemini-2.0-flash` is not OLD=NEW"), "{stderr}");
}

#[test]
fn a_catalog_that_is_not_yaml_or_not_a_catalog_fails_and_writes_nothing() {
    let scratch = Scratch::new();
    let out = scratch.file("comment.md", "the previous comment\n");
    let not_yaml = scratch.file("prices.yaml", "name: [unclosed\n");
    let result = llmcost()
        .args(["diff", SCENARIO, "--base", BASE, "--head"])
        .arg(&not_yaml)
        .args(["-f", "markdown", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains(&format!("error: {}", not_yaml.display())), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "the previous comment\n");
    // A scenario given where a catalog belongs.
    let (code, _, stderr) = run(&["diff", SCENARIO, "--base", BASE, "--head", SCENARIO]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: scenarios/service-company.yaml: this looks like a scenario (it has `tiers` and `strategies`), not a price catalog"),
        "{stderr}"
    );
    // Catalogs in different currencies cannot be compared.
    let euros = std::fs::read_to_string(common::repo(HEAD))
        .expect("readable")
        .replace("currency: USD", "currency: EUR");
    let euros = scratch.file("euros.yaml", &euros);
    let (code, _, stderr) = run(&[
        "diff",
        SCENARIO,
        "--base",
        BASE,
        "--head",
        euros.to_str().expect("utf-8"),
        "--map",
        MAP,
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("prices in USD and catalog fixture-head"), "{stderr}");
}

#[test]
fn fail_on_quality_drop_compares_the_estimate_strategys_quality() {
    // service-company-routing's labelled strategy: simple and medium on gpt-4o-mini (scores 95%, 88%),
    // complex on claude-3-7-sonnet, whose complex score the head version lowers from 92% to 80%.
    // Quality = 0.3 × 0.95 + 0.5 × 0.88 + 0.2 × complex: 0.909 → 0.885, a drop of 2.4 points.
    let past = dec!(0.3) * dec!(0.95) + dec!(0.5) * dec!(0.88) + dec!(0.2) * dec!(0.92);
    let new = dec!(0.3) * dec!(0.95) + dec!(0.5) * dec!(0.88) + dec!(0.2) * dec!(0.80);
    assert_eq!((past, new), (dec!(0.909), dec!(0.885)));
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path("rules")).expect("a folder");
    let matrix = "scenarios/rules/whitepaper-keywords.matrix.yaml";
    std::fs::copy(
        common::repo(matrix),
        scratch.path("rules/whitepaper-keywords.matrix.yaml"),
    )
    .expect("copied");
    let text = std::fs::read_to_string(common::repo("scenarios/service-company-routing.yaml")).expect("readable");
    let lowered = text.replace(
        "claude-3-7-sonnet: {simple: 97%, medium: 95%, complex: 92%}",
        "claude-3-7-sonnet: {simple: 97%, medium: 95%, complex: 80%}",
    );
    assert_ne!(lowered, text);
    let head = scratch.file("routing.yaml", &lowered);
    let args = |limit: &'static str| {
        vec![
            "diff".to_string(),
            "--base-scenario".into(),
            "scenarios/service-company-routing.yaml".into(),
            "--head-scenario".into(),
            head.display().to_string(),
            "--pricing".into(),
            "pricing/list-2025-11.yaml".into(),
            "--strategy".into(),
            "labelled".into(),
            "--fail-on-quality-drop".into(),
            limit.into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let crossed = llmcost().args(args("2")).output().expect("runs");
    assert_eq!(crossed.status.code(), Some(3));
    let json: Value = serde_json::from_slice(&crossed.stdout).expect("json");
    let scenario = &json["scenarios"][0];
    assert_eq!(
        (money(&scenario["pastQuality"]), money(&scenario["quality"])),
        (past, new)
    );
    assert_eq!(money(&json["thresholds"][0]["value"]), (past - new) * dec!(100));
    assert!(String::from_utf8_lossy(&crossed.stderr).contains(
        "threshold crossed: --fail-on-quality-drop: quality of service-company-routing (labelled) goes from \
             90.9% to 88.5%, a drop of 2.4 percentage points"
    ));
    let within = llmcost().args(args("2.5")).output().expect("runs");
    assert_eq!(within.status.code(), Some(0));
    // The bill did not move, but the quality did: --only-if-changed still reports it.
    let mut quiet = args("2.5");
    quiet.push("--only-if-changed".into());
    let reported = llmcost().args(quiet).output().expect("runs");
    assert!(!reported.stdout.is_empty());
}

#[test]
fn fail_on_quality_drop_is_crossed_when_the_head_loses_its_score() {
    // The head routes the complex tier to o3, which the scenario gives no score:
    // the base's quality can no longer be compared, and the policy cannot be shown to hold.
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path("rules")).expect("a folder");
    std::fs::copy(
        common::repo("scenarios/rules/whitepaper-keywords.matrix.yaml"),
        scratch.path("rules/whitepaper-keywords.matrix.yaml"),
    )
    .expect("copied");
    let text = std::fs::read_to_string(common::repo("scenarios/service-company-routing.yaml")).expect("readable");
    let unscored = text.replacen("complex: claude-3-7-sonnet", "complex: o3", 1);
    assert_ne!(unscored, text);
    let head = scratch.file("routing.yaml", &unscored);
    let out = llmcost()
        .args([
            "diff",
            "--base-scenario",
            "scenarios/service-company-routing.yaml",
            "--head-scenario",
        ])
        .arg(&head)
        .args(["--pricing", "pricing/list-2025-11.yaml", "--strategy", "labelled"])
        .args(["--fail-on-quality-drop", "50"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("quality of service-company-routing (labelled) was 90.9% and cannot be scored on the head side"),
        "{stderr}"
    );
}
