//! Charts that read right, checked on the text elements of their SVG: a
//! geometric sweep's ticks at 1-2-5 × 10^k with plain labels, none cut at the
//! edge, a logarithmic money axis with the currency and thousands separators,
//! the break-even point marked with its value; Monte Carlo's panels on one
//! money axis, each with its p5–p95 band and the chance of exceeding the budget;
//! names with control characters shown as escapes, so the SVG stays well formed.

use crate::common::llmcost;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

const REFERENCE: &str = "scenarios/service-company.yaml";
const CROSSING: &str = "tests/fixtures/whatif/crossing.yaml";
const GEOMETRIC: &str = "volume.interactions_per_day=10..100000*10";

/// One `<text>` of an SVG: where it is anchored and what it says.
#[derive(Debug, Clone)]
struct Text {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    text: String,
}

/// The chart's width and its text elements.
fn texts(svg: &str) -> (f64, Vec<Text>) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    let width: f64 = root.attribute("width").and_then(|w| w.parse().ok()).expect("a width");
    let number = |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| Text {
            x: number(&n, "x"),
            y: number(&n, "y"),
            size: number(&n, "font-size"),
            anchor: n.attribute("text-anchor").unwrap_or("start").to_string(),
            text: n.text().unwrap_or_default().trim().to_string(),
        })
        .collect();
    (width, texts)
}

/// Runs `llmcost` with `args` and `--plot chart.svg`; returns the SVG.
fn plot(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("chart.svg");
    llmcost()
        .args(args)
        .arg("-q")
        .arg("--plot")
        .arg(&svg)
        .assert()
        .success();
    std::fs::read_to_string(&svg).unwrap()
}

/// A label's number: `30,000` → 30000, `$1,500` → 1500.
fn value(label: &str) -> Option<Decimal> {
    let digits: String = label.trim_start_matches('$').chars().filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// Whether `d` is 1, 2 or 5 times a power of ten.
fn one_two_five(d: Decimal) -> bool {
    let mut m = d.normalize();
    while m >= Decimal::TEN {
        m /= Decimal::TEN;
    }
    while m < Decimal::ONE && !m.is_zero() {
        m *= Decimal::TEN;
    }
    [Decimal::ONE, Decimal::TWO, Decimal::from(5)].contains(&m.normalize())
}

/// The labels of the parameter axis: plain numbers (no currency) below the plot.
fn x_labels(texts: &[Text]) -> Vec<&Text> {
    texts
        .iter()
        .filter(|t| t.anchor == "middle" && !t.text.starts_with('$') && value(&t.text).is_some())
        .collect()
}

/// The labels of a money axis.
fn money_labels(texts: &[Text]) -> Vec<&Text> {
    texts.iter().filter(|t| t.text.starts_with('$')).collect()
}

#[test]
fn a_geometric_sweep_ticks_at_one_two_five_with_plain_labels() {
    let (_, texts) = texts(&plot(&["sweep", REFERENCE, "--set", GEOMETRIC]));
    let labels: Vec<&str> = x_labels(&texts).iter().map(|t| t.text.as_str()).collect();
    // Every decade from 10 to 100,000 is labelled, with 2 and 5 between.
    for wanted in ["10", "20", "50", "100", "1,000", "10,000", "20,000", "100,000"] {
        assert!(labels.contains(&wanted), "no tick `{wanted}` in {labels:?}");
    }
    for label in &labels {
        let v = value(label).unwrap();
        assert!(one_two_five(v), "tick `{label}` is not 1, 2 or 5 × 10^k");
        assert!(!label.contains('.'), "tick `{label}` is not plain");
    }
}

#[test]
fn the_last_parameter_label_is_inside_the_chart() {
    let (width, texts) = texts(&plot(&["sweep", REFERENCE, "--set", GEOMETRIC]));
    let last = texts
        .iter()
        .find(|t| t.text == "100,000" && t.anchor == "middle")
        .expect("a label for 100,000");
    // DejaVu Sans digits are 0.64 em wide; a comma 0.32 em.
    let half = (6.0 * 0.64 + 0.32) * last.size / 2.0;
    assert!(last.x + half <= width, "`100,000` ends at {} of {width}", last.x + half);
}

#[test]
fn a_geometric_sweep_prices_on_a_logarithmic_money_axis() {
    let (_, texts) = texts(&plot(&["sweep", REFERENCE, "--set", GEOMETRIC]));
    let ticks: Vec<Decimal> = money_labels(&texts).iter().filter_map(|t| value(&t.text)).collect();
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert!(ticks.iter().all(|t| one_two_five(*t)), "{ticks:?}");
    // The costs run from 10 to 100,000 interactions a day: the axis spans at least three decades.
    let (lo, hi) = (ticks.iter().min().unwrap(), ticks.iter().max().unwrap());
    assert!(*hi >= *lo * Decimal::from(1000), "{ticks:?}");
    // Ticks are evenly spaced by their logarithm: 1 and 10 as far apart as 10 and 100.
    let powers: Vec<f64> = money_labels(&texts)
        .iter()
        .filter(|t| {
            t.text
                .trim_start_matches('$')
                .replace(',', "")
                .trim_start_matches('1')
                .chars()
                .all(|c| c == '0')
        })
        .map(|t| t.y)
        .collect();
    assert!(powers.len() >= 3, "{powers:?}");
    let gaps: Vec<f64> = powers.windows(2).map(|w| (w[0] - w[1]).abs()).collect();
    assert!(
        gaps.windows(2).all(|g| (g[0] - g[1]).abs() <= 2.0),
        "decades are {gaps:?} pixels apart"
    );
}

/// Money as an axis labels it: `$1,000`, `$0.5`.
fn money(d: Decimal) -> String {
    let text = d.normalize().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("${grouped}")
    } else {
        format!("${grouped}.{frac:0<2}")
    }
}

#[test]
fn money_labels_carry_the_currency_and_thousands_separators() {
    let (_, texts) = texts(&plot(&[
        "sweep",
        REFERENCE,
        "--set",
        "volume.interactions_per_day=1000..10000:3000",
    ]));
    let labels = money_labels(&texts);
    assert!(labels.len() >= 3, "{labels:?}");
    for label in &labels {
        let v = value(&label.text).unwrap_or_else(|| panic!("`{}` is not money", label.text));
        assert_eq!(label.text, money(v), "a money label as people write it");
    }
    // gpt-4o at 10,000 a day costs 100 × $83.325 = $8,332.50: a label in the thousands has its comma.
    assert!(labels.iter().any(|t| t.text.contains(',')), "{labels:?}");
    assert!(!texts.iter().any(|t| t.text.ends_with(".0")), "no label like `80000.0`");
}

#[test]
fn the_break_even_point_is_marked_with_its_value() {
    // A = 1,000 + 2·o dollars, B = 2,000 + o: they cross at o = 1,000 output tokens, both $3,000.
    let (_, texts) = texts(&plot(&[
        "sweep",
        CROSSING,
        "--set",
        "tiers.t.output_tokens=0..4000:500",
        "--breakeven",
        "A,B",
    ]));
    let mark = texts
        .iter()
        .find(|t| t.text.starts_with("break-even"))
        .expect("a break-even label");
    assert!(
        mark.text.contains("1,000") && mark.text.contains("$3,000.00"),
        "{}",
        mark.text
    );
}

/// Runs `montecarlo` on the reference scenario with a budget; returns the SVG and the JSON report.
fn monte_carlo(budget: &str) -> (String, Value) {
    let args = [
        "montecarlo",
        "scenarios/service-company-uncertain.yaml",
        "--runs",
        "300",
        "--budget",
        budget,
    ];
    let svg = plot(&args);
    let out = llmcost().args(args).args(["-q", "-f", "json"]).output().unwrap();
    (svg, serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn monte_carlo_panels_share_one_money_axis() {
    let (svg, report) = monte_carlo("85");
    let (_, texts) = texts(&svg);
    let panels = report["strategies"].as_array().unwrap().len();
    let labels = money_labels(&texts);
    let ticks: Vec<&str> = labels
        .iter()
        .filter(|t| t.anchor == "middle")
        .map(|t| t.text.as_str())
        .collect();
    assert!(!ticks.is_empty());
    // Every tick is drawn once in each panel, at the same place across the page.
    for tick in &ticks {
        let at: Vec<f64> = labels
            .iter()
            .filter(|t| t.text == *tick && t.anchor == "middle")
            .map(|t| t.x)
            .collect();
        assert_eq!(at.len(), panels, "`{tick}` in {} of {panels} panels", at.len());
        assert!(at.iter().all(|x| (x - at[0]).abs() < 0.5), "`{tick}` at {at:?}");
    }
}

#[test]
fn monte_carlo_panels_show_the_band_and_the_chance_of_exceeding_the_budget() {
    let (svg, report) = monte_carlo("85");
    let (_, texts) = texts(&svg);
    let all: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
    assert!(all.iter().any(|t| t.contains("p5–p95")), "a legend for the band");
    for s in report["strategies"].as_array().unwrap() {
        let exceed: Decimal = s["exceed"].as_str().unwrap().parse().unwrap();
        // A percentage to two places, half to even, as every percentage of a share is shown.
        let percent = (exceed * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven)
            .normalize();
        let wanted = format!("P(> $85.00) = {percent}%");
        let name = s["name"].as_str().unwrap();
        assert!(
            all.iter().any(|t| t.starts_with(name) && t.contains(&wanted)),
            "no `{wanted}` beside {name} in {all:?}"
        );
    }
}

#[test]
fn chart_files_stay_well_formed_png() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("sweep.png");
    llmcost()
        .args(["sweep", REFERENCE, "--set", GEOMETRIC, "--plot"])
        .arg(&png)
        .assert()
        .success();
    assert_eq!(&std::fs::read(Path::new(&png)).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn names_with_control_characters_are_shown_as_escapes() {
    let scratch = crate::common::Scratch::new();
    scratch.file("catalog.yaml", crate::common::TINY_CATALOG);
    let scenario = crate::common::TINY_SCENARIO.replace("name: routed", "name: \"\\e[31mrouted\"");
    let path = scratch.file("scenario.yaml", &scenario);
    let path = path.to_str().unwrap();
    // An escape character is not allowed in XML: the SVG would not parse.
    let (_, sweep) = texts(&plot(&["sweep", path, "--set", "volume.interactions_per_day=100,200"]));
    assert!(
        sweep.iter().any(|t| t.text == "\\e[31mrouted"),
        "the legend shows the escape"
    );
    let (_, runs) = texts(&plot(&["montecarlo", path, "--runs", "20"]));
    assert!(
        runs.iter().any(|t| t.text.starts_with("\\e[31mrouted: p5 ")),
        "the caption shows the escape"
    );
}
