//! Shared by the routing tests: scenarios written to a temporary folder and
//! priced by the real binary against hand-made round prices.

pub use crate::common::llmcost;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// easy 60% (1,000 in / 500 out), hard 40% (2,000 in / 1,000 out).
pub const TWO_TIERS: &str = "tiers:
  - {name: easy, share: 60%, input_tokens: 1000, output_tokens: 500}
  - {name: hard, share: 40%, input_tokens: 2000, output_tokens: 1000}
";

/// s 50% (1,000 / 500), m 30% (2,000 / 1,000), c 20% (4,000 / 2,000).
pub const THREE_TIERS: &str = "tiers:
  - {name: s, share: 50%, input_tokens: 1000, output_tokens: 500}
  - {name: m, share: 30%, input_tokens: 2000, output_tokens: 1000}
  - {name: c, share: 20%, input_tokens: 4000, output_tokens: 2000}
";

pub fn catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/routing-catalog.yaml")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scenario of 1,000 interactions a month with `tiers` and `rest` (strategies, baseline, ...).
pub fn scenario(dir: &Path, tiers: &str, rest: &str) -> PathBuf {
    let path = dir.join("s.yaml");
    std::fs::write(
        &path,
        format!("name: t\nvolume: {{interactions_per_month: 1000}}\n{tiers}{rest}"),
    )
    .unwrap();
    path
}

/// `simulate --format json` of `path` against the test catalog.
pub fn simulate(path: &Path) -> Value {
    let out = llmcost()
        .args(["simulate", "--format", "json", "--pricing"])
        .arg(catalog())
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A strategy of a simulate report.
pub fn strategy<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no strategy {name}"))
}

/// A decimal carried as a JSON string.
pub fn d(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}"))).unwrap()
}

/// The expected calls a month of `role` on `model` for tier `tier` of a strategy.
pub fn calls(s: &Value, tier: &str, role: &str, model: &str) -> Decimal {
    let t = s["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tier"] == tier)
        .unwrap();
    t["served"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["role"] == role && c["model"] == model)
        .map_or(Decimal::ZERO, |c| d(&c["requests"]))
}

/// The cost of each tier of a strategy, in order.
pub fn tier_costs(s: &Value) -> Vec<Decimal> {
    s["tiers"].as_array().unwrap().iter().map(|t| d(&t["cost"])).collect()
}
