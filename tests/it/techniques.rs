//! Techniques end to end on the shipped optimised scenario: hand-computed
//! figures, the ladder adding up to `simulate`, `explain` summing to the total,
//! and the bad inputs techniques can meet.

use crate::common::{Scratch, TINY_CATALOG, TINY_SCENARIO, llmcost};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;

const OPTIMIZED: &str = "scenarios/service-company-optimized.yaml";
const M: Decimal = dec!(1_000_000);

fn run(args: &[&str]) -> String {
    let out = llmcost().args(args).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `strategy -> total` from `simulate --format csv`.
fn totals(csv: &str) -> HashMap<String, Decimal> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.expect("row"))
        .filter(|r| &r[1] == "total")
        .map(|r| (r[0].to_string(), r[8].parse().expect("decimal")))
        .collect()
}

/// The optimised month of `routed + all`, computed from the list prices of
/// gpt-4o-mini (0.15 / 0.6, cached 0.075, writes at input) and Claude 3.7
/// Sonnet (3 / 15, cached 0.3, writes 3.75; batch at half of each). OpenAI
/// caches 1,024 tokens and whole steps of 128 above them: 1,920 of the 2,000
/// system tokens on gpt-4o-mini (90% read: 1,728; 10% written: 192), the
/// other 80 billed as input; Anthropic caches all 2,000.
fn routed_all_by_hand() -> Decimal {
    // simple: 2,000 system + 1,500 user; 800 output cut by 50% x 20% = 720
    let simple = (dec!(1500) + dec!(80)) * dec!(0.15)
        + dec!(1728) * dec!(0.075)
        + dec!(192) * dec!(0.15)
        + dec!(720) * dec!(0.6);
    // medium: history 1,000 summarised to 500; context 1,000 stays under the cap
    let medium = (dec!(1000) + dec!(500) + dec!(1000) + dec!(80)) * dec!(0.15)
        + dec!(1728) * dec!(0.075)
        + dec!(192) * dec!(0.15)
        + dec!(1800) * dec!(0.6);
    // complex: context 4,000 capped to 3,000; output 3,600; half of it on the batch API
    let standard = dec!(4000) * dec!(3) + dec!(1800) * dec!(0.3) + dec!(200) * dec!(3.75) + dec!(3600) * dec!(15);
    let complex = dec!(0.5) * standard + dec!(0.5) * (standard / dec!(2));
    (dec!(900) * simple + dec!(1500) * medium + dec!(600) * complex) / M
}

#[test]
fn the_optimised_scenario_by_hand() {
    assert_eq!(routed_all_by_hand(), dec!(33.46326));
    let totals = totals(&run(&["simulate", OPTIMIZED, "--format", "csv"]));
    assert_eq!(totals["routed + all"], routed_all_by_hand());
    // Plain routing: simple 3,500 + 800, medium 5,000 + 2,000 on mini; complex 7,000 + 4,000 on Sonnet.
    let plain = (dec!(900) * (dec!(3500) * dec!(0.15) + dec!(800) * dec!(0.6))
        + dec!(1500) * (dec!(5000) * dec!(0.15) + dec!(2000) * dec!(0.6))
        + dec!(600) * (dec!(7000) * dec!(3) + dec!(4000) * dec!(15)))
        / M;
    assert_eq!(totals["routed"], plain);
    // Batch alone: half the complex tier at half price saves a quarter of it.
    let complex_plain = dec!(600) * (dec!(7000) * dec!(3) + dec!(4000) * dec!(15)) / M;
    assert_eq!(totals["routed + batch"], plain - complex_plain / dec!(4));
}

#[test]
fn the_ladder_adds_up_to_simulate() {
    let csv = run(&["ladder", OPTIMIZED, "--strategy", "routed + all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let added: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(added, ["none", "pruning", "summary", "early_stop", "caching", "batch"]);
    let money = |s: &str| s.parse::<Decimal>().expect("decimal");
    let costs: Vec<Decimal> = rows.iter().map(|r| money(&r[4])).collect();
    let totals = totals(&run(&["simulate", OPTIMIZED, "--format", "csv"]));
    assert_eq!(costs[0], totals["routed"], "the first step has no technique");
    assert_eq!(
        *costs.last().expect("steps"),
        totals["routed + all"],
        "the last step has them all"
    );
    for (i, row) in rows.iter().enumerate().skip(1) {
        assert_eq!(money(&row[5]), costs[i - 1] - costs[i], "step saving");
        assert_eq!(money(&row[7]), costs[0] - costs[i], "cumulative saving");
    }
    // Pruning first: only the complex tier's context is above the cap (1,000 tokens x 600 at $3).
    assert_eq!(costs[0] - costs[1], dec!(1000) * dec!(600) * dec!(3) / M);
}

#[test]
fn explain_lines_sum_to_the_simulated_total() {
    let csv = run(&["explain", OPTIMIZED, "--strategy", "routed + all", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let money = |s: &str| s.parse::<Decimal>().expect("decimal");
    let mut sum = Decimal::ZERO;
    for row in &rows {
        // monthly = cost per call x calls; cost = weight x tokens x rate (/ 1M)
        let per = if &row[6] == "fee" { Decimal::ONE } else { M };
        assert_eq!(
            money(&row[10]),
            money(&row[7]) * money(&row[8]) * money(&row[9]) / per,
            "{row:?}"
        );
        assert_eq!(money(&row[11]), money(&row[10]) * money(&row[4]), "{row:?}");
        sum += money(&row[11]);
    }
    assert_eq!(sum, routed_all_by_hand());
    // The complex tier is billed in both modes, with its cache lines.
    let complex: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[1] == "complex")
        .map(|r| (&r[5], &r[6]))
        .collect();
    assert!(complex.contains(&("batch", "cache_write")), "{complex:?}");
    let table = run(&["explain", OPTIMIZED, "--strategy", "routed + all"]);
    assert!(
        !table.contains("answer on"),
        "one answer per request needs no call headings"
    );
    for expected in [
        "context: 4,000 → 3,000 tokens",
        "history: 1,000 → 500 tokens",
        "1,800 × $0.30 / 1M",
        "$33.4633",
    ] {
        assert!(table.contains(expected), "{expected} missing in\n{table}");
    }
}

#[test]
fn an_unknown_strategy_is_a_usage_error_with_a_suggestion() {
    let out = llmcost()
        .args(["ladder", OPTIMIZED, "--strategy", "routed+all"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`routed+all` is not a strategy"), "{stderr}");
    assert!(stderr.contains("did you mean `routed + all`?"), "{stderr}");
}

/// Runs `simulate` on an edited tiny scenario and returns (code, stderr).
fn simulate(scenario: &str, catalog: &str) -> (i32, String) {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", catalog);
    let path = scratch.file("s.yaml", scenario);
    let out = llmcost().arg("simulate").arg(&path).output().expect("runs");
    (
        out.status.code().expect("code"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn with_techniques(techniques: &str) -> String {
    format!("{TINY_SCENARIO}techniques:\n{techniques}")
}

#[test]
fn technique_fractions_outside_zero_to_one_are_refused() {
    for (technique, field, value) in [
        (
            "  caching: {hit_rate: 1.5}\n",
            "techniques.caching.hit_rate",
            "1.5 is outside [0, 1]",
        ),
        (
            "  batch: {share: -0.1}\n",
            "techniques.batch.share",
            "-0.1 is outside [0, 1]",
        ),
        (
            "  summary: {history_reduction: 120%}\n",
            "techniques.summary.history_reduction",
            "120% is outside 0% to 100%",
        ),
        (
            "  early_stop: {share: 50%, output_saved: 2}\n",
            "techniques.early_stop.output_saved",
            "2 is outside [0, 1]",
        ),
    ] {
        let (code, stderr) = simulate(&with_techniques(technique), TINY_CATALOG);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(&format!("s.yaml:29: {field}: {value}")), "{stderr}");
    }
}

#[test]
fn parts_larger_than_the_input_are_refused() {
    let text = TINY_SCENARIO.replace("input_tokens: 1500\n", "input_tokens: 1500\n    system_tokens: 2000\n");
    let (code, stderr) = simulate(&text, TINY_CATALOG);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("tiers[0].input_tokens: system + context + history = 2000 + 0 + 0 = 2000 tokens, more than the 1500 input tokens they split"),
        "{stderr}"
    );
}

#[test]
fn a_technique_naming_a_missing_tier_is_refused() {
    let (code, stderr) = simulate(&with_techniques("  batch:\n    tiers: {complx: 50%}\n"), TINY_CATALOG);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("techniques.batch.tiers.complx: names tier `complx`, which the scenario lacks"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `complex`?"), "{stderr}");
}

#[test]
fn missing_rates_use_a_stated_default_and_implausible_ones_warn() {
    // No batch rates in the tiny catalog: half the standard rates, said on stderr.
    let (code, stderr) = simulate(&with_techniques("  batch: {share: 50%}\n"), TINY_CATALOG);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: large: no batch input, output rate in the catalog; used half the standard rate"),
        "{stderr}"
    );
    // A cache read dearer than input is legal but suspicious.
    let catalog = TINY_CATALOG.replace("    output: 15\n", "    output: 15\n    cached_input: 4\n");
    let (code, stderr) = simulate(TINY_SCENARIO, &catalog);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("model large: cached_input = 4 per 1M, expected at most the input rate 3"),
        "{stderr}"
    );
}

#[test]
fn caching_without_a_cached_rate_gets_no_discount_and_says_so() {
    let text = with_techniques("  caching: {hit_rate: 90%}\n")
        .replace("input_tokens: 1500\n", "input_tokens: 1500\n    system_tokens: 1000\n");
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let path = scratch.file("s.yaml", &text);
    let out = llmcost()
        .arg("simulate")
        .arg(&path)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("small: the catalog lists no cached-input rate; its prompts are not cached"),
        "{stderr}"
    );
    let totals = totals(&String::from_utf8_lossy(&out.stdout));
    let by_hand = (dec!(900) * (dec!(1500) * dec!(0.15) + dec!(800) * dec!(0.6))
        + dec!(1500) * (dec!(3000) * dec!(0.15) + dec!(2000) * dec!(0.6))
        + dec!(600) * (dec!(5000) * dec!(3) + dec!(4000) * dec!(15)))
        / M;
    assert_eq!(totals["routed"], by_hand);
}

#[test]
fn explain_adds_up_for_every_routing_strategy() {
    let scenario = "scenarios/service-company-routing.yaml";
    let totals = totals(&run(&["simulate", scenario, "--format", "csv"]));
    let money = |s: &str| s.parse::<Decimal>().expect("decimal");
    for (strategy, total) in &totals {
        let csv = run(&["explain", scenario, "--strategy", strategy, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        let sum: Decimal = rows.iter().map(|r| money(&r[11])).sum();
        // Matrices measured as counts (37/52) do not terminate in decimal: each
        // line carries 28 significant digits, so the sum may differ in the last one.
        assert!(
            (sum - total).abs() < dec!(1e-20),
            "{strategy}: explain {sum} against simulate {total}"
        );
    }
}

/// A strategy that sets one field of a technique keeps the scenario's other
/// fields: `caching: {hit_rate: 50%}` keeps the scenario's 1-hour TTL, and an
/// early stop that changes its share keeps the scenario's `output_saved`.
#[test]
fn a_partial_override_inherits_the_other_fields() {
    let scratch = Scratch::new();
    scratch.file(
        "catalog.yaml",
        "name: c\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n  c:\n    provider: anthropic\n    input: 3\n    output: 15\n    cached_input: 0.3\n    cache_write: 3.75\n    cache_write_1h: 6\n",
    );
    let scenario = scratch.file(
        "s.yaml",
        &[
            "name: inherit",
            "catalog: catalog.yaml",
            "volume: {interactions_per_day: 100, days_per_month: 30}",
            "tiers:",
            "  - {name: only, share: 100%, input_tokens: 3000, system_tokens: 2000, output_tokens: 1000}",
            "techniques:",
            "  caching: {hit_rate: 90%, ttl: 1h}",
            "  early_stop: {share: 50%, output_saved: 20%}",
            "strategies:",
            "  - {name: inherits, model: c}",
            "  - {name: half-hits, model: c, techniques: {caching: {hit_rate: 50%}}}",
            "  - {name: all-stop, model: c, techniques: {early_stop: {share: 100%}}}",
            "baseline: inherits",
        ]
        .join("\n"),
    );
    let totals = totals(&run(&["simulate", scenario.to_str().unwrap(), "--format", "csv"]));
    let n = dec!(3000);
    // 1,000 uncached input at 3; the 2,000-token prefix: hits at 0.3, 1-hour writes at 6.
    let input =
        |h: Decimal| dec!(1000) * dec!(3) + h * dec!(2000) * dec!(0.3) + (Decimal::ONE - h) * dec!(2000) * dec!(6);
    let output = |share: Decimal| dec!(1000) * (Decimal::ONE - share * dec!(0.2)) * dec!(15);
    assert_eq!(totals["inherits"], n * (input(dec!(0.9)) + output(dec!(0.5))) / M);
    assert_eq!(totals["half-hits"], n * (input(dec!(0.5)) + output(dec!(0.5))) / M);
    assert_eq!(totals["all-stop"], n * (input(dec!(0.9)) + output(Decimal::ONE)) / M);
}

#[test]
fn a_strategy_technique_with_nothing_to_inherit_names_the_missing_field() {
    let text = TINY_SCENARIO.replace(
        "    model: large\n",
        "    model: large\n    techniques:\n      early_stop: {share: 50%}\n",
    );
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let path = scratch.file("s.yaml", &text);
    let out = llmcost().arg("simulate").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("strategies[0].techniques.early_stop: missing field `output_saved`"),
        "{stderr}"
    );
}

/// Pruning is what makes the request fit the 8,000-token window: `simulate`
/// accepts the strategy, and `ladder` shows the saving of pruning, marking
/// the first step (10,000 input tokens) as not fitting instead of failing.
#[test]
fn a_ladder_step_that_does_not_fit_is_marked_not_refused() {
    let scratch = Scratch::new();
    scratch.file(
        "catalog.yaml",
        "name: w\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n  m:\n    provider: openai\n    input: 1\n    output: 2\n    context_window: 8000\n",
    );
    let scenario = scratch.file(
        "s.yaml",
        &[
            "name: fit",
            "catalog: catalog.yaml",
            "volume: {interactions_per_day: 100, days_per_month: 30}",
            "tiers:",
            "  - {name: only, share: 100%, input_tokens: 10000, context_tokens: 5000, output_tokens: 1000}",
            "techniques:",
            "  pruning: {max_context_tokens: 2000}",
            "strategies:",
            "  - {name: pruned, model: m}",
            "baseline: pruned",
        ]
        .join("\n"),
    );
    let path = scenario.to_str().unwrap();
    // With pruning: 7,000 input + 1,000 output a request, 3,000 requests.
    let pruned = dec!(3000) * (dec!(7000) * dec!(1) + dec!(1000) * dec!(2)) / M;
    assert_eq!(totals(&run(&["simulate", path, "--format", "csv"]))["pruned"], pruned);
    let csv = run(&["ladder", path, "--strategy", "pruned", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let unpruned = dec!(3000) * (dec!(10000) * dec!(1) + dec!(1000) * dec!(2)) / M;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][4].parse::<Decimal>().unwrap(), unpruned);
    assert!(
        rows[0][9].contains("above its context window of 8000"),
        "{:?}",
        &rows[0]
    );
    assert_eq!(rows[1][4].parse::<Decimal>().unwrap(), pruned);
    assert_eq!(rows[1][5].parse::<Decimal>().unwrap(), unpruned - pruned);
    assert_eq!(&rows[1][9], "");
    let table = run(&["ladder", path, "--strategy", "pruned"]);
    assert!(table.contains("no technique (does not fit)"), "{table}");
}

/// A context window holds the request's output and reasoning as well as its
/// input: 128,000 input and 16,000 output tokens do not fit a 128,000-token
/// window, 112,000 and 16,000 do (with 8,000 of them reasoning, the output
/// side is still 16,000 + 8,000 = 24,000: 104,000 input is the most that fits).
#[test]
fn a_context_window_holds_the_output_too() {
    let scratch = Scratch::new();
    scratch.file(
        "catalog.yaml",
        "name: w\nas_of: 2025-01-01\ncurrency: USD\nsource: test\nmodels:\n  m:\n    provider: openai\n    input: 1\n    output: 2\n    context_window: 128000\n",
    );
    let scenario = |tier: &str| {
        scratch.file(
            "s.yaml",
            &[
                "name: window",
                "catalog: catalog.yaml",
                "volume: {interactions_per_day: 1, days_per_month: 1}",
                "tiers:",
                &format!("  - {{name: only, share: 100%, {tier}}}"),
                "strategies:",
                "  - {name: one, model: m}",
                "baseline: one",
            ]
            .join("\n"),
        )
    };
    let status = |tier: &str| {
        let out = llmcost().arg("simulate").arg(scenario(tier)).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = status("input_tokens: 128000, output_tokens: 16000");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "tier `only` sends 128000 input tokens to `m` and expects 16000 output, 144000 in all, \
             above its context window of 128000"
        ),
        "{stderr}"
    );
    assert_eq!(status("input_tokens: 112000, output_tokens: 16000").0, Some(0));
    let (code, stderr) = status("input_tokens: 104001, output_tokens: 16000, reasoning_tokens: 8000");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        status("input_tokens: 104000, output_tokens: 16000, reasoning_tokens: 8000").0,
        Some(0)
    );
}

/// A one-tier scenario of 1,000 requests a month on `model` of the shipped
/// November 2025 catalog, with `tier`'s tokens and `techniques` (YAML lines).
fn one_tier_on_the_shipped_catalog(
    scratch: &Scratch,
    tier: &str,
    techniques: &[&str],
    model: &str,
) -> std::path::PathBuf {
    let catalog = crate::common::repo("pricing/list-2025-11.yaml");
    let mut lines = vec![
        "name: one-tier".to_string(),
        format!("catalog: {}", catalog.display()),
        "volume: {interactions_per_month: 1000}".into(),
        "tiers:".into(),
        format!("  - {{name: only, share: 100%, {tier}}}"),
    ];
    lines.extend(techniques.iter().map(|l| l.to_string()));
    lines.extend([
        "strategies:".into(),
        format!("  - {{name: only, model: {model}}}"),
        "baseline: only".into(),
    ]);
    scratch.file("s.yaml", &lines.join("\n"))
}

/// `simulate --format csv` of `scenario`: the one strategy's total and the warnings.
fn simulated(scenario: &std::path::Path) -> (Decimal, String) {
    let out = llmcost()
        .arg("simulate")
        .arg(scenario)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (totals(&String::from_utf8(out.stdout).unwrap())["only"], stderr)
}

/// A provider caches a prefix only from its documented minimum on: where the
/// catalog states none (pricing/list-2025-11.yaml states none), the provider's
/// applies. claude-3-7-sonnet ($ per 1M: 3 in, 0.3 cache read, 3.75 cache write,
/// 15 out) caches from 1,024 tokens. A request of 1,500 input tokens, 500 of them
/// the system prompt, and 100 output, 1,000 requests a month, 90% cache hits:
/// - cached, as the catalog alone would have it: 1,000 × 3 + 0.9 × 500 × 0.3 +
///   0.1 × 500 × 3.75 + 100 × 15 = 4,822.5 per 1M a request, $4.8225 a month;
/// - not cached, as Anthropic bills it: 1,500 × 3 + 100 × 15 = 6,000: $6.
///
/// With a 1,024-token system prompt the prefix is cached: 476 × 3 + 0.9 × 1,024 ×
/// 0.3 + 0.1 × 1,024 × 3.75 + 1,500 = 1,428 + 276.48 + 384 + 1,500 = 3,588.48: $3.58848.
#[test]
fn a_system_prompt_below_the_providers_minimum_is_not_cached() {
    let scratch = Scratch::new();
    let scenario = |system: u32| {
        let tier = format!("input_tokens: 1500, system_tokens: {system}, output_tokens: 100");
        one_tier_on_the_shipped_catalog(
            &scratch,
            &tier,
            &["techniques:", "  caching: {hit_rate: 90%, ttl: 5m}"],
            "claude-3-7-sonnet",
        )
    };
    let (total, stderr) = simulated(&scenario(500));
    assert_eq!(total, dec!(6));
    assert!(
        stderr.contains(
            "claude-3-7-sonnet-20250219: a system prompt of 500 tokens is not cached: the shortest prefix it caches \
             is 1024 tokens (as Anthropic's prompt-caching guide documents it)"
        ),
        "{stderr}"
    );
    assert_eq!(simulated(&scenario(1024)).0, dec!(3.58848));
}

/// claude-sonnet-4-5 in pricing/list-2025-11.yaml: a 200,000-token window, a
/// 1,000,000-token one Anthropic sells on request, and rates above 200,000
/// input tokens of 6 in / 22.5 out per 1M. 300,000 input and 1,000 output
/// tokens fit only the larger window and pay the long-context rates:
/// 300,000 × 6 + 1,000 × 22.5 = 1,822,500 per 1M, $1,822.50 for 1,000 requests.
#[test]
fn a_request_above_the_window_fits_the_larger_one_sold_on_request() {
    let scratch = Scratch::new();
    let scenario = |input: u64| {
        let tier = format!("input_tokens: {input}, output_tokens: 1000");
        one_tier_on_the_shipped_catalog(&scratch, &tier, &[], "claude-sonnet-4-5")
    };
    let (total, stderr) = simulated(&scenario(300_000));
    assert_eq!(total, dec!(1822.5));
    assert!(
        stderr.contains(
            "tier `only`: 301000 tokens in all are above the 200000-token window of `claude-sonnet-4-5` and fit \
             the 1000000-token window its provider offers on request"
        ),
        "{stderr}"
    );
    // 999,001 input and 1,000 output: 1,000,001 in all, above even the larger window.
    let out = llmcost().arg("simulate").arg(scenario(999_001)).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "above its context window of 200000 (which holds input and output) and the 1000000-token window sold on request"
        ),
        "{stderr}"
    );
}
