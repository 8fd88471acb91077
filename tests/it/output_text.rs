//! What reports contain when names are hostile: escapes instead of control
//! characters in tables and Markdown, CSV cells a spreadsheet cannot run,
//! no NUL, a tier named `total` that is not a total, and tables that fit
//! the width `COLUMNS` gives.

use crate::common::{Scratch, TINY_CATALOG, TINY_SCENARIO, llmcost};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::collections::HashMap;

/// The tiny workload with names that hold an escape sequence, newlines, pipes,
/// NUL, a line separator, formulas and a tier called `total`.
fn hostile() -> Scratch {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let scenario = TINY_SCENARIO
        .replace("name: tiny-workload", r#"name: "odd\e[31m|name\nline""#)
        .replace("  - name: simple", r#"  - name: "=HYPERLINK(\"http://x\")""#)
        .replace("      simple: small", r#"      "=HYPERLINK(\"http://x\")": small"#)
        .replace("  - name: medium", "  - name: total")
        .replace("      medium: small", "      total: small")
        .replace("  - name: complex", r#"  - name: "a|b\u2028c\0""#)
        .replace("      complex: large", r#"      "a|b\u2028c\0": large"#)
        .replace("  - name: routed", r#"  - name: "-2+3|x""#);
    scratch.file("s.yaml", &scenario);
    scratch
}

fn run(scratch: &Scratch, args: &[&str]) -> String {
    let out = llmcost()
        .current_dir(scratch.dir.path())
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// No character that would act on a terminal or a line: controls, the line separator.
fn inert(text: &str) -> bool {
    text.chars().all(|c| c == '\n' || !(c.is_control() || c == '\u{2028}'))
}

#[test]
fn tables_show_control_characters_as_escapes() {
    let scratch = hostile();
    let table = run(&scratch, &["simulate", "s.yaml"]);
    assert!(inert(&table), "{table:?}");
    assert!(
        table.starts_with("Monthly LLM cost: odd\\e[31m|name\\nline\n"),
        "{table}"
    );
    // The strategy column is as wide as `all-large` (9).
    assert!(table.contains("│ -2+3|x    ┆ routed ┆"), "{table}");
    // The tier column is as wide as `=HYPERLINK("http://x")` (22): 14 characters and 8 spaces.
    assert!(table.contains("│ a|b\\u{2028}c\\0         ┆ large ┆"), "{table}");
    let explain = run(&scratch, &["explain", "s.yaml", "--strategy=-2+3|x"]);
    assert!(inert(&explain), "{explain:?}");
    assert!(explain.contains("Bill of -2+3|x (odd\\e[31m|name\\nline)"), "{explain}");
}

#[test]
fn markdown_cells_stay_whole() {
    let scratch = hostile();
    let md = run(&scratch, &["simulate", "s.yaml", "--format", "markdown"]);
    assert!(inert(&md), "{md:?}");
    assert!(
        md.starts_with("## Monthly LLM cost: odd\\\\e\\[31m\\|name\\\\nline\n"),
        "{md}"
    );
    // Every row of the per-tier table has 7 cells: 8 pipes that are not escaped.
    let tier_rows: Vec<&str> = md
        .split("### -2+3\\|x: per tier\n\n")
        .nth(1)
        .expect("the per-tier table")
        .lines()
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(tier_rows.len(), 2 + 4, "{md}");
    for row in &tier_rows {
        let separators = row.matches('|').count() - row.matches("\\|").count();
        assert_eq!(separators, 8, "{row}");
    }
    assert!(
        tier_rows.contains(&"| a\\|b\\\\u{2028}c\\\\0 | large | 20% | 600 | 3,000,000 | 2,400,000 | $45.00 |"),
        "{md}"
    );
}

#[test]
fn csv_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers() {
    let scratch = hostile();
    let csv = run(&scratch, &["simulate", "s.yaml", "--format", "csv"]);
    assert!(!csv.contains('\0'), "{csv:?}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let routed_total = rows
        .iter()
        .find(|r| &r[1] == "total" && r[0].contains("-2+3"))
        .expect("the routed total");
    assert_eq!(&routed_total[0], "'-2+3|x");
    // all-large: 900 × (1,500 × 3 + 800 × 15) + 1,500 × (3,000 × 3 + 2,000 × 15) + 600 × (5,000 × 3 + 4,000 × 15),
    // per 1M = 14.85 + 58.5 + 45 = 118.35; routed: 0.6345 + 2.475 + 45 = 48.1095; 48.1095 - 118.35 = -70.2405.
    assert_eq!(&routed_total[column("difference_vs_baseline")], "-70.2405");
    let tiers: Vec<&str> = rows.iter().filter(|r| &r[1] == "tier").map(|r| &r[2]).collect();
    assert!(tiers.contains(&"'=HYPERLINK(\"http://x\")"), "{tiers:?}");
    assert!(tiers.contains(&"a|b\u{2028}c\\0"), "{tiers:?}");
    // --raw-csv writes text as it is, but still never a NUL.
    let raw = run(&scratch, &["simulate", "s.yaml", "--format", "csv", "--raw-csv"]);
    assert!(!raw.contains('\0'), "{raw:?}");
    assert!(raw.contains("\n-2+3|x,total,,,1,3000,"), "{raw}");
    assert!(
        raw.contains("\nall-large,tier,\"=HYPERLINK(\"\"http://x\"\")\",large,"),
        "{raw}"
    );
    // The same cells are guarded in every CSV: explain's tier, ladder's strategy.
    let explain = run(&scratch, &["explain", "s.yaml", "--strategy=-2+3|x", "--format", "csv"]);
    assert!(
        explain.contains("\n'-2+3|x,\"'=HYPERLINK(\"\"http://x\"\")\",small,answer,900,"),
        "{explain}"
    );
    let ladder = run(&scratch, &["ladder", "s.yaml", "--strategy=-2+3|x", "--format", "csv"]);
    assert!(ladder.contains("\n'-2+3|x,0,none,,48.1095,0,"), "{ladder}");
}

#[test]
fn a_tier_named_total_is_a_tier_and_each_bill_counts_once() {
    let scratch = hostile();
    let csv = run(&scratch, &["simulate", "s.yaml", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let money = |s: &str| s.parse::<Decimal>().expect("decimal");
    let mut tier_sums: HashMap<String, Decimal> = HashMap::new();
    let mut totals: HashMap<String, Decimal> = HashMap::new();
    for r in &rows {
        match &r[1] {
            "tier" => *tier_sums.entry(r[0].to_string()).or_default() += money(&r[8]),
            "total" => {
                assert_eq!(&r[2], "", "a total row names no tier: {r:?}");
                totals.insert(r[0].to_string(), money(&r[8]));
            }
            other => panic!("row {other}"),
        }
        assert_eq!(r.iter().next_back(), Some("USD"), "{r:?}");
    }
    assert_eq!(totals["all-large"], dec!(118.35));
    assert_eq!(totals["'-2+3|x"], dec!(48.1095));
    assert_eq!(tier_sums, totals);
    // The tier called `total` is one of three tier rows, not a total: 1,500 × (3,000 × 3 + 2,000 × 15) / 1M = 58.5.
    let named_total = rows
        .iter()
        .find(|r| &r[0] == "all-large" && &r[1] == "tier" && &r[2] == "total")
        .expect("the tier named total");
    assert_eq!(money(&named_total[8]), dec!(58.5));
}

/// The widest line of the drawn tables (lines starting with a box character).
fn widest_table_line(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn tables_fit_columns_and_keep_full_width_when_piped() {
    let piped = llmcost().args(["simulate"]).output().expect("runs");
    let full = String::from_utf8(piped.stdout).expect("utf-8");
    // The widest table of the reference case at full width: the per-tier table with the Sonnet id (26).
    assert!(widest_table_line(&full) > 80, "{full}");
    let at = |columns: &str| {
        let out = llmcost()
            .args(["simulate"])
            .env("COLUMNS", columns)
            .output()
            .expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for figure in ["$48.1095", "$83.325", "-$35.2155", "8,850,000", "3,000,000"] {
            assert!(text.contains(figure), "{figure} whole at COLUMNS={columns}\n{text}");
        }
        text
    };
    for columns in [100, 80] {
        let text = at(&columns.to_string());
        assert!(widest_table_line(&text) <= columns, "COLUMNS={columns}\n{text}");
    }
    // At 60 the per-tier table cannot fit with whole figures (35 for the five figures, 22 for
    // borders and spaces, 4 for each name); it gets as narrow as it can.
    let narrow = at("60");
    assert_eq!(widest_table_line(&narrow), 35 + 22 + 4 + 4, "{narrow}");
    // At 80 the strategies table wraps only the widest name.
    let out = llmcost()
        .args(["simulate"])
        .env("COLUMNS", "80")
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("│ gemini-2.0-fl ┆ single ┆"), "{text}");
    assert!(text.contains("│ ash           ┆        ┆"), "{text}");
    // A width that is not a width (a word, 0, beyond 65,535) is none: full width, as when piped.
    for columns in ["wide", "0", "70000", "-80"] {
        let out = llmcost()
            .args(["simulate"])
            .env("COLUMNS", columns)
            .output()
            .expect("runs");
        assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), full, "COLUMNS={columns}");
    }
    // The narrowest width still draws every figure whole, and fails nothing.
    let tiny = at("1");
    assert_eq!(widest_table_line(&tiny), 65, "the same as at 60: {tiny}");
    // Markdown and CSV have no width.
    for format in ["markdown", "csv"] {
        let text = |columns: Option<&str>| {
            let mut cmd = llmcost();
            cmd.args(["simulate", "--format", format]);
            if let Some(c) = columns {
                cmd.env("COLUMNS", c);
            }
            cmd.output().expect("runs").stdout
        };
        assert_eq!(text(Some("20")), text(None), "{format}");
    }
    // A file gets full width unless COLUMNS asks otherwise.
    let scratch = Scratch::new();
    let path = scratch.path("report.txt");
    let out = llmcost().args(["simulate", "-o"]).arg(&path).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&path).expect("written"), full);
}
