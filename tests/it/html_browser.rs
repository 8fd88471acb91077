//! The HTML report in a real browser: a headless Chromium (Debian's
//! `chromium`, which `scripts/test` installs) driven over the DevTools
//! protocol opens each command's page from a file. The page loads with no
//! console error and no network request; the JSON report it carries is the
//! one `--format json` writes; its tables hold every strategy with the
//! figures of that JSON; no table is wider than its container at 1280 pixels.
//! Screenshots at a desktop (1280 px) and a phone (390 px) width, and the
//! page printed to PDF, are kept in `target/tmp/html-report/`.
//!
//! Without a browser the test says so loudly and passes, unless `CI` is set:
//! then a missing browser fails it.

use crate::common::llmcost;
use headless_chrome::protocol::cdp::Log::LogEntryLevel;
use headless_chrome::protocol::cdp::Runtime::ConsoleAPICalledEventTypeOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A report to open: its name, the arguments that write it, and what its
/// tables must show: `(row name, figure)` pairs read from its JSON report.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
    figures: fn(&Value) -> Vec<(String, Decimal)>,
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a decimal: {v}"))
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// `(name, figure)` of every element of `list` at `name` and `figure`.
fn pairs(list: &Value, name: &str, figure: &str) -> Vec<(String, Decimal)> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|s| (text(&s[name]), dec(&s[figure])))
        .collect()
}

const CASES: &[Case] = &[
    Case {
        name: "simulate",
        args: &["simulate", "scenarios/service-company-routing.yaml"],
        figures: |j| pairs(&j["strategies"], "name", "total"),
    },
    Case {
        name: "explain",
        args: &["explain", "--strategy", "routed"],
        figures: |j| vec![("total".into(), dec(&j["total"]))],
    },
    Case {
        name: "ladder",
        args: &[
            "ladder",
            "scenarios/service-company-optimized.yaml",
            "--strategy",
            "routed + all",
        ],
        figures: |j| {
            j["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (String::new(), dec(&s["total"])))
                .collect()
        },
    },
    Case {
        name: "sweep",
        args: &[
            "sweep",
            "scenarios/service-company.yaml",
            "--set",
            "volume.interactions_per_day=10..100000*10",
            "--breakeven",
            "gpt-4o,routed",
        ],
        figures: |j| {
            j["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (text(&r["strategy"]), dec(&r["total"])))
                .collect()
        },
    },
    Case {
        name: "montecarlo",
        args: &[
            "montecarlo",
            "scenarios/service-company-uncertain.yaml",
            "--runs",
            "500",
            "--budget",
            "85",
        ],
        figures: |j| {
            let mut all = pairs(&j["strategies"], "name", "mean");
            all.extend(pairs(&j["strategies"], "name", "p95"));
            all
        },
    },
    Case {
        name: "diff",
        args: &[
            "diff",
            "scenarios/service-company.yaml",
            "--base",
            "pricing/list-2025-11.yaml",
            "--head",
            "pricing/list-2026-10.yaml",
            "--map",
            "gemini-2.0-flash=gemini-2.5-flash-lite",
            "--map",
            "claude-3-7-sonnet=claude-sonnet-5",
        ],
        figures: |j| pairs(&j["scenarios"][0]["strategies"], "name", "totalMonthlyCost"),
    },
    Case {
        name: "replay",
        args: &[
            "replay",
            "tests/fixtures/usage/replay-calls.csv",
            "tests/fixtures/usage/replay-scenario.yaml",
            "--mapping",
            "tests/fixtures/usage/replay-mapping.yaml",
            "--tiers",
            "tier",
        ],
        figures: |_| Vec::new(),
    },
    Case {
        name: "usage-price",
        args: &[
            "usage",
            "price",
            "tests/fixtures/usage/litellm-spend-logs.csv",
            "--pricing",
            "pricing/list-2026-10.yaml",
        ],
        figures: |_| Vec::new(),
    },
];

/// Money as the report shows it: half to even at 4 places, at least 2, thousands separated.
fn money(d: Decimal) -> String {
    let r = d
        .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
        .normalize();
    let text = r.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
    format!("{sign}${grouped}.{frac:0<2}")
}

/// Chromium from `PATH`, if it is installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Where the pages and screenshots are kept.
fn artefacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).expect("the artefacts folder");
    dir
}

/// Writes `case`'s page; returns its path and the JSON report of the same run.
fn write(case: &Case, dir: &Path) -> (PathBuf, Value) {
    let page = dir.join(format!("{}.html", case.name));
    llmcost()
        .args(case.args)
        .args(["-q", "--format", "html", "--output"])
        .arg(&page)
        .assert()
        .success();
    let out = llmcost()
        .args(case.args)
        .args(["-q", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        case.name,
        String::from_utf8_lossy(&out.stderr)
    );
    (page, serde_json::from_slice(&out.stdout).expect("the JSON report"))
}

/// What the page reported while it loaded: console errors and requests.
#[derive(Default)]
struct Seen {
    errors: Vec<String>,
    requests: Vec<String>,
}

/// Sets the page's width (and a phone's touch and scale when `mobile`).
fn width(tab: &Tab, width: u32, mobile: bool) {
    let metrics: Emulation::SetDeviceMetricsOverride = serde_json::from_value(json!({
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile
    }))
    .unwrap();
    tab.call_method(metrics).expect("set the page's width");
}

/// What the page holds: its JSON report and the text of every table row's cells.
const READ_PAGE: &str = r#"JSON.stringify({
  report: JSON.parse(document.getElementById("llmcost-report").textContent),
  rows: Array.from(document.querySelectorAll("table tr")).map(r => Array.from(r.cells).map(c => c.textContent.trim())),
  overflowing: Array.from(document.querySelectorAll("table"))
    .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
    .map(t => t.caption ? t.caption.textContent : "a table"),
  resources: performance.getEntriesByType("resource").length,
  charts: Array.from(document.querySelectorAll("figure svg[role=img]")).filter(s => s.getAttribute("aria-label")).length
})"#;

/// Clicks the first figure column's header of the first table; returns the
/// header's `aria-sort` and the column's cells after the click.
const SORT_FIRST_FIGURES: &str = r#"(() => {
  const table = document.querySelector("table.sortable");
  const headers = Array.from(table.tHead.rows[0].cells);
  const i = headers.findIndex(th => th.classList.contains("num"));
  if (i < 0) { return JSON.stringify(null); }
  headers[i].querySelector("button").click();
  return JSON.stringify({
    sort: headers[i].getAttribute("aria-sort"),
    cells: Array.from(table.tBodies[0].rows).map(r => r.cells[i].textContent.trim())
  });
})()"#;

/// A cell's figure: `$1,234.50` → 1234.5, `-42.3%` → -42.3; `None` for words.
fn figure(cell: &str) -> Option<Decimal> {
    let bare: String = cell.chars().filter(|c| !matches!(c, '$' | ',' | '%' | '+')).collect();
    bare.parse().ok()
}

fn evaluate(tab: &Tab, script: &str) -> Value {
    let result = tab.evaluate(script, false).expect("the script runs");
    let text = result
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("a JSON string");
    serde_json::from_str(&text).expect("JSON")
}

fn screenshot(tab: &Tab, path: &Path) {
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("a screenshot");
    std::fs::write(path, png).expect("keep the screenshot");
}

/// Opens `case`'s page and checks it; returns what is wrong.
fn check(browser: &Browser, case: &Case, dir: &Path) -> Vec<String> {
    let (page, json) = write(case, dir);
    let url = format!("file://{}", page.display());
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(Duration::from_secs(30));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let sink = Arc::clone(&seen);
    let own = url.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let mut seen = sink.lock().unwrap();
        match event {
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    ConsoleAPICalledEventTypeOption::Error
                        | ConsoleAPICalledEventTypeOption::Warning
                        | ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                seen.errors
                    .push(format!("console.{:?}: {:?}", e.params.Type, e.params.args));
            }
            Event::RuntimeExceptionThrown(e) => {
                seen.errors.push(format!("exception: {:?}", e.params.exception_details))
            }
            Event::LogEntryAdded(e) if matches!(e.params.entry.level, LogEntryLevel::Error) => {
                seen.errors.push(format!("log: {}", e.params.entry.text));
            }
            Event::NetworkRequestWillBeSent(e) if e.params.request.url != own => {
                seen.requests.push(e.params.request.url.clone());
            }
            _ => {}
        }
    }))
    .expect("listen");
    tab.enable_runtime().expect("runtime events");
    tab.enable_log().expect("log events");
    let network: Network::Enable = serde_json::from_value(json!({})).unwrap();
    tab.call_method(network).expect("network events");
    width(&tab, 1280, false);
    tab.navigate_to(&url)
        .and_then(|t| t.wait_until_navigated())
        .expect("the page loads");
    let read = evaluate(&tab, READ_PAGE);
    screenshot(&tab, &dir.join(format!("{}-1280.png", case.name)));
    width(&tab, 390, true);
    screenshot(&tab, &dir.join(format!("{}-390.png", case.name)));
    let sorted = evaluate(&tab, SORT_FIRST_FIGURES);
    let pdf = tab.print_to_pdf(None).expect("the page prints");
    std::fs::write(dir.join(format!("{}.pdf", case.name)), &pdf).expect("keep the print");
    let _ = tab.close(false);

    let mut wrong = Vec::new();
    let seen = seen.lock().unwrap();
    wrong.extend(seen.errors.iter().map(|e| format!("{}: {e}", case.name)));
    wrong.extend(
        seen.requests
            .iter()
            .map(|r| format!("{}: a request for {r}", case.name)),
    );
    if read["resources"] != 0 {
        wrong.push(format!("{}: {} resources loaded", case.name, read["resources"]));
    }
    if read["report"] != json {
        wrong.push(format!("{}: the page's JSON is not the JSON report", case.name));
    }
    for table in read["overflowing"].as_array().unwrap() {
        wrong.push(format!(
            "{}: table {table} is wider than its container at 1280 px",
            case.name
        ));
    }
    let rows: Vec<Vec<String>> = serde_json::from_value(read["rows"].clone()).unwrap();
    for (name, figure) in (case.figures)(&json) {
        let shown = money(figure);
        let found = rows
            .iter()
            .any(|r| (name.is_empty() || r.contains(&name)) && r.contains(&shown));
        if !found {
            wrong.push(format!("{}: no row `{name}` with {shown}", case.name));
        }
    }
    if !pdf.starts_with(b"%PDF") {
        wrong.push(format!("{}: the print is not a PDF", case.name));
    }
    if !sorted.is_null() {
        let figures: Vec<Decimal> = sorted["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| figure(c.as_str()?))
            .collect();
        if sorted["sort"] != "ascending" || !figures.windows(2).all(|w| w[0] <= w[1]) {
            wrong.push(format!(
                "{}: a click on a figure's header did not sort it: {sorted}",
                case.name
            ));
        }
    }
    if matches!(case.name, "sweep" | "montecarlo") && read["charts"] != 1 {
        wrong.push(format!("{}: {} labelled charts, not 1", case.name, read["charts"]));
    }
    wrong
}

/// A headless Chromium, or `None` (said loudly) when none is installed and
/// `CI` is unset; under CI a missing browser fails the test.
fn browser() -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and no chromium is installed: run scripts/test, which installs it"
        );
        // Written past the test harness's capture, so the skip is seen.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"\n*** SKIPPED: the HTML report's browser tests need chromium (run scripts/test to install it) ***\n",
        );
        return None;
    };
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    Some(Browser::new(options).expect("chromium starts"))
}

#[test]
fn every_report_opens_in_a_browser_as_its_json_says() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = artefacts();
    let wrong: Vec<String> = CASES.iter().flat_map(|case| check(&browser, case, &dir)).collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for case in CASES {
        for px in [1280, 390] {
            let shot = dir.join(format!("{}-{px}.png", case.name));
            assert_eq!(
                &std::fs::read(&shot).unwrap()[..8],
                b"\x89PNG\r\n\x1a\n",
                "{}",
                shot.display()
            );
        }
    }
}

#[test]
fn without_javascript_the_tables_and_charts_are_all_there() {
    let Some(browser) = browser() else {
        return;
    };
    let dir = artefacts().join("no-script");
    std::fs::create_dir_all(&dir).unwrap();
    let case = &CASES[4];
    let (page, json) = write(case, &dir);
    let tab = browser.new_tab().expect("a tab");
    tab.call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .expect("scripts off");
    width(&tab, 1280, false);
    tab.navigate_to(&format!("file://{}", page.display()))
        .and_then(|t| t.wait_until_navigated())
        .expect("the page loads");
    // The DOM is read over the protocol, not by a script of the page.
    let rows = tab.find_elements("table.sortable tbody tr").expect("table rows");
    let strategies = json["strategies"].as_array().unwrap().len();
    assert!(
        rows.len() >= strategies,
        "{} rows for {strategies} strategies",
        rows.len()
    );
    assert_eq!(tab.find_elements("figure svg[role=img]").expect("a chart").len(), 1);
    let buttons = tab.find_elements("th button").map_or(0, |b| b.len());
    assert_eq!(buttons, 0, "the sorting script did not run");
    screenshot(&tab, &dir.join("montecarlo-1280.png"));
}
