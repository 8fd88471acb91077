//! `--format html`: one self-contained page (no request for anything), its
//! JSON block the same as `--format json`, names escaped, headings, table
//! captions and scopes, charts as labelled images, and each strategy's bill
//! one click away, its figures worked out by hand. The page in a browser:
//! `html_browser.rs`.

use crate::common::{Scratch, TINY_CATALOG, TINY_SCENARIO, llmcost};
use serde_json::Value;

/// Runs `args` with `--format html` and with `--format json`.
fn page_and_json(args: &[&str]) -> (String, Value) {
    let html = llmcost().args(args).args(["-q", "--format", "html"]).output().unwrap();
    assert!(
        html.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&html.stderr)
    );
    let json = llmcost().args(args).args(["-q", "--format", "json"]).output().unwrap();
    (
        String::from_utf8(html.stdout).unwrap(),
        serde_json::from_slice(&json.stdout).unwrap(),
    )
}

/// The JSON report the page carries.
fn carried(page: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"llmcost-report\">";
    let start = page.find(open).expect("the JSON block") + open.len();
    let end = start + page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..end]).expect("JSON")
}

const COMMANDS: &[&[&str]] = &[
    &["simulate", "scenarios/service-company-routing.yaml"],
    &["explain", "--strategy", "routed"],
    &[
        "ladder",
        "scenarios/service-company-optimized.yaml",
        "--strategy",
        "routed + all",
    ],
    &[
        "sweep",
        "scenarios/service-company.yaml",
        "--set",
        "volume.interactions_per_day=10..1000*10",
    ],
    &["montecarlo", "--runs", "100", "--budget", "85"],
    &[
        "diff",
        "--base",
        "pricing/list-2025-11.yaml",
        "--head",
        "pricing/list-2026-10.yaml",
        "--map",
        "gemini-2.0-flash=gemini-2.5-flash-lite",
        "--map",
        "claude-3-7-sonnet=claude-sonnet-5",
    ],
    &[
        "usage",
        "price",
        "tests/fixtures/usage/litellm-spend-logs.csv",
        "--pricing",
        "pricing/list-2026-10.yaml",
    ],
];

#[test]
fn every_command_writes_one_self_contained_page_with_its_json_report() {
    for args in COMMANDS {
        let (page, json) = page_and_json(args);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{args:?}");
        assert!(page.trim_end().ends_with("</html>"), "{args:?}");
        assert!(
            page.contains("Content-Security-Policy\" content=\"default-src 'none'"),
            "{args:?}"
        );
        for outside in ["src=", "href=", "<link", "@import", "url(", "@font-face"] {
            assert!(!page.contains(outside), "{args:?}: `{outside}` would fetch something");
        }
        assert_eq!(
            carried(&page),
            json,
            "{args:?}: the page's figures are the JSON report's"
        );
        assert_eq!(page.matches("<h1>").count(), 1, "{args:?}: one title");
        assert!(page.contains("<th scope=\"col\""), "{args:?}");
        assert!(page.contains("<caption>"), "{args:?}");
    }
}

#[test]
fn charts_are_inline_labelled_images() {
    for args in [COMMANDS[3], COMMANDS[4]] {
        let (page, _) = page_and_json(args);
        let svg = page.find("<svg role=\"img\" aria-label=\"").expect("an inline chart");
        let tag_end = svg + page[svg..].find('>').unwrap();
        assert!(page[tag_end..].starts_with("><title>"), "{args:?}: the chart's title");
        assert_eq!(page.matches("<svg").count(), 1, "{args:?}");
    }
}

/// The tiny workload with a strategy whose name is markup.
fn hostile() -> (Scratch, String) {
    let scratch = Scratch::new();
    scratch.file("catalog.yaml", TINY_CATALOG);
    let scenario = TINY_SCENARIO.replace("name: routed", "name: \"</script><b onclick='x'>&routed\"");
    let path = scratch.file("scenario.yaml", &scenario);
    (scratch, path.display().to_string())
}

#[test]
fn names_never_become_markup() {
    let (_scratch, scenario) = hostile();
    let (page, json) = page_and_json(&["simulate", &scenario]);
    assert!(!page.contains("<b onclick"), "a name became markup");
    assert!(
        page.contains("&lt;/script&gt;&lt;b onclick=&#39;x&#39;&gt;&amp;routed"),
        "shown as written"
    );
    assert_eq!(
        page.matches("</script>").count(),
        2,
        "only the JSON block and the script end a script"
    );
    assert_eq!(carried(&page), json);
}

#[test]
fn each_strategy_s_bill_is_one_click_away() {
    let (_scratch, scenario) = hostile();
    let (page, _) = page_and_json(&["simulate", &scenario]);
    // all-large at $3 / $15 per 1M: simple 900 × (1,500 × 3 + 800 × 15) / 1M = 14.85,
    // medium 1,500 × 0.039 = 58.5, complex 600 × 0.075 = 45: $118.35.
    // routed: simple 900 × (1,500 × 0.15 + 800 × 0.6) / 1M = 0.6345, medium 1,500 × 0.00165 = 2.475,
    // complex on large 45: $48.1095.
    let bills: Vec<&str> = page.split("<details>").skip(1).collect();
    assert_eq!(bills.len(), 2);
    assert!(
        bills[0].starts_with("\n<summary>Bill of all-large</summary>"),
        "{}",
        &bills[0][..80]
    );
    assert!(bills[0].contains("<td class=\"num\">$118.35</td>"));
    assert!(bills[1].starts_with("\n<summary>Bill of &lt;/script&gt;"));
    assert!(bills[1].contains("<td class=\"num\">$48.1095</td>"));
}
