//! `llmcost simulate` on the shipped reference scenario, in every format, with
//! every figure computed here by hand from the catalog's list prices.

use crate::common::{self, Scratch, llmcost};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Cost of `n` interactions of `input` + `output` tokens at per-1M prices.
fn cost(n: i64, input: i64, output: i64, p_in: Decimal, p_out: Decimal) -> Decimal {
    Decimal::from(n) * (Decimal::from(input) * p_in + Decimal::from(output) * p_out) / dec!(1_000_000)
}

/// The reference month (900 simple, 1,500 medium, 600 complex interactions) on one model.
fn month(p_in: Decimal, p_out: Decimal) -> Decimal {
    cost(900, 1500, 800, p_in, p_out) + cost(1500, 3000, 2000, p_in, p_out) + cost(600, 5000, 4000, p_in, p_out)
}

fn stdout(args: &[&str]) -> String {
    let out = llmcost().args(args).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn the_hand_computed_reference_figures() {
    // List prices of pricing/list-2025-11.yaml, per 1M tokens.
    assert_eq!(month(dec!(2), dec!(8)), dec!(66.66)); // o3
    assert_eq!(month(dec!(2.5), dec!(10)), dec!(83.325)); // gpt-4o
    assert_eq!(month(dec!(0.15), dec!(0.6)), dec!(4.9995)); // gpt-4o-mini
    assert_eq!(month(dec!(0.1), dec!(0.4)), dec!(3.333)); // gemini-2.0-flash
    let simple = cost(900, 1500, 800, dec!(0.15), dec!(0.6));
    let medium = cost(1500, 3000, 2000, dec!(0.15), dec!(0.6));
    let complex = cost(600, 5000, 4000, dec!(3), dec!(15));
    assert_eq!((simple, medium, complex), (dec!(0.6345), dec!(2.475), dec!(45)));
    assert_eq!(simple + medium + complex, dec!(48.1095));
}

#[test]
fn csv_carries_exact_costs_per_tier_and_total() {
    let csv = stdout(&["simulate", "scenarios/service-company.yaml", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let first: Vec<&str> = headers.iter().take(9).collect();
    assert_eq!(
        first,
        [
            "strategy",
            "row",
            "tier",
            "model",
            "share",
            "interactions",
            "input_tokens",
            "output_tokens",
            "cost"
        ]
    );
    assert_eq!(headers.iter().next_back(), Some("currency"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.iter().all(|r| r.iter().next_back() == Some("USD")), "{csv}");
    // A tier's row names its tier; a total row leaves the tier empty.
    let find = |strategy: &str, tier: &str| {
        let (row, tier) = if tier == "total" { ("total", "") } else { ("tier", tier) };
        rows.iter()
            .find(|r| &r[0] == strategy && &r[1] == row && &r[2] == tier)
            .unwrap_or_else(|| panic!("row {strategy}/{row}/{tier}"))
            .clone()
    };
    let money = |s: &str| s.parse::<Decimal>().expect("a plain decimal");
    assert_eq!(money(&find("o3", "total")[8]), month(dec!(2), dec!(8)));
    assert_eq!(money(&find("gpt-4o", "total")[8]), month(dec!(2.5), dec!(10)));
    assert_eq!(money(&find("gpt-4o-mini", "total")[8]), month(dec!(0.15), dec!(0.6)));
    assert_eq!(
        money(&find("gemini-2.0-flash", "total")[8]),
        month(dec!(0.1), dec!(0.4))
    );
    let complex = find("routed", "complex");
    assert_eq!(&complex[3], "claude-3-7-sonnet-20250219");
    assert_eq!((&complex[4], &complex[5]), ("0.2", "600"));
    assert_eq!((&complex[6], &complex[7]), ("3000000", "2400000"));
    assert_eq!(money(&complex[8]), cost(600, 5000, 4000, dec!(3), dec!(15)));
    let routed = find("routed", "total");
    assert_eq!(&routed[8], "48.1095", "exact, no rounding, no currency sign");
    let mini = find("gpt-4o-mini", "total");
    assert_eq!(&mini[8], "4.9995");
    // 48.1095 - 83.325 = -35.2155; and -35.2155 / 83.325 = -42.2628...%
    let diff_col = headers
        .iter()
        .position(|h| h == "difference_vs_baseline")
        .expect("column");
    let pct_col = headers.iter().position(|h| h == "percent_vs_baseline").expect("column");
    assert_eq!(money(&routed[diff_col]), dec!(48.1095) - dec!(83.325));
    let pct = money(&routed[pct_col]);
    assert!((pct - dec!(-42.262826)).abs() < dec!(0.000001), "{pct}");
    // The component columns add up to the cost.
    for row in &rows {
        let parts: Decimal = (11..17).map(|i| money(&row[i])).sum();
        assert_eq!(parts, money(&row[8]), "{row:?}");
    }
}

#[test]
fn the_table_names_scenario_catalog_and_date_and_shows_the_saving() {
    let table = stdout(&["simulate"]);
    for expected in [
        "service-company",
        "list-2025-11",
        "2025-11-13",
        "$66.66",
        "$83.325",
        "$4.9995",
        "$3.333",
        "$48.1095",
        "-42.3%",
        "$0.6345",
        "$2.475",
        "$45.00",
        "baseline",
    ] {
        assert!(table.contains(expected), "missing {expected} in\n{table}");
    }
    insta::assert_snapshot!(table);
}

#[test]
fn json_carries_decimal_strings_and_the_baseline_difference() {
    let json: serde_json::Value = serde_json::from_str(&stdout(&["simulate", "--format", "json"])).expect("json");
    assert_eq!(json["catalog"]["name"], "list-2025-11");
    assert_eq!(json["catalog"]["as_of"], "2025-11-13");
    assert_eq!(json["catalog"]["currency"], "USD");
    assert_eq!(json["baseline"], "gpt-4o");
    let routed = json["strategies"]
        .as_array()
        .expect("strategies")
        .iter()
        .find(|s| s["name"] == "routed")
        .expect("routed");
    assert_eq!(routed["total"], "48.1095");
    assert_eq!(routed["vs_baseline"]["difference"], "-35.2155");
    let tiers: Vec<&str> = routed["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| t["cost"].as_str().expect("a string"))
        .collect();
    assert_eq!(tiers, ["0.6345", "2.475", "45"]);
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let md = stdout(&["simulate", "--format", "markdown"]);
    assert!(md.starts_with("## Monthly LLM cost: service-company"), "{md}");
    assert!(
        md.contains("| routed | routed | $48.1095 | $0.016 | -$35.2155 | -42.3% |"),
        "{md}"
    );
    assert!(md.contains("| :--- | :--- | ---: |"), "{md}");
    assert!(md.contains("| complex | claude-3-7-sonnet-20250219 | 20% | 600 | 3,000,000 | 2,400,000 | $45.00 |"));
}

#[test]
fn output_goes_to_a_file_and_dash_means_stdout() {
    let scratch = Scratch::new();
    let path = scratch.path("costs.csv");
    let out = llmcost()
        .args(["simulate", "--format", "csv", "--output"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(
        written.contains("routed,total,,,1,3000,8850000,6120000,48.1095"),
        "{written}"
    );
    assert_eq!(stdout(&["simulate", "--format", "csv", "--output", "-"]), written);
}

#[test]
fn pricing_overrides_the_catalog_the_scenario_names() {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", common::TINY_CATALOG);
    let scenario = scratch.file("s.yaml", common::TINY_SCENARIO);
    let scenario = scenario.to_str().expect("utf-8 path");
    // The scenario names catalog.yaml beside it.
    let named = stdout(&["simulate", scenario, "--format", "csv"]);
    // small: 0.15 / 0.6, large: 3 / 15
    let routed = cost(900, 1500, 800, dec!(0.15), dec!(0.6))
        + cost(1500, 3000, 2000, dec!(0.15), dec!(0.6))
        + cost(600, 5000, 4000, dec!(3), dec!(15));
    assert!(
        named.contains(&format!("routed,total,,,1,3000,8850000,6120000,{routed},")),
        "{named}"
    );
    // --pricing wins over the named catalog.
    let other = common::TINY_CATALOG.replace("input: 3\n", "input: 4\n");
    let other = scratch.file("other.yaml", &other);
    let priced = stdout(&[
        "simulate",
        scenario,
        "--format",
        "csv",
        "--pricing",
        other.to_str().expect("utf-8"),
    ]);
    let dearer = routed + Decimal::from(600 * 5000) * dec!(1) / dec!(1_000_000);
    assert!(
        priced.contains(&format!("routed,total,,,1,3000,8850000,6120000,{dearer},")),
        "{priced}"
    );
}

#[test]
fn the_whitepapers_o3_figure_needs_the_launch_price_and_hidden_reasoning() {
    // At o3's $10 / $40 launch price the reference month costs 8.85M x $10 + 6.12M x $40 per 1M.
    let launch = month(dec!(10), dec!(40));
    assert_eq!(launch, dec!(333.3));
    let csv = stdout(&[
        "sweep",
        "scenarios/service-company.yaml",
        "--set",
        "price.o3.input=10",
        "--set",
        "price.o3.output=40",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines().any(|l| l.contains(",o3,") && l.contains(",333.3,")),
        "{csv}"
    );
    // The published $1,680 leaves 1,680 - 333.30 for reasoning tokens at $40 per 1M,
    // over 3,000 interactions: about 11,200 hidden tokens each.
    let per_interaction = (dec!(1680) - launch) / dec!(40) * dec!(1_000_000) / dec!(3000);
    assert_eq!(per_interaction, dec!(11222.5));
}
