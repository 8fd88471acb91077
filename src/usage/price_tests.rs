//! Logged usage priced by hand from the test catalog's prices (per 1M tokens).

use super::*;
use crate::input::Source;
use crate::usage::Origin;
use crate::usage::UsageTokens;
use chrono::{TimeZone, Utc};
use rust_decimal_macros::dec;

fn catalog() -> Catalog {
    Catalog::from_source(&Source::new(
        "t.yaml",
        "name: t\nas_of: 2025-06-01\ncurrency: USD\nsource: test\nmodels:
  mini:
    provider: openai
    input: 0.15
    output: 0.6
    cached_input: 0.075
    batch: {input: 0.075, output: 0.3}
  sonnet:
    provider: anthropic
    input: 3
    output: 15
    cached_input: 0.3
    cache_write: 3.75
    cache_write_1h: 6
    long_context: {above_tokens: 200000, input: 6, output: 22.5}
",
    ))
    .unwrap()
}

fn usage(line: u64, day: u32, model: &str, tokens: UsageTokens) -> Usage {
    Usage {
        origin: Origin {
            source: "logs.csv".into(),
            line: Some(line),
        },
        start: Utc.with_ymd_and_hms(2025, 6, day, 10, 0, 0).unwrap(),
        model: model.into(),
        requests: 1,
        tokens,
        batch: false,
        service_tier: None,
        recorded_cost: None,
        labels: BTreeMap::new(),
        tags: Vec::new(),
        prompt: None,
        id: None,
        unpriced: BTreeMap::new(),
        long_context: None,
    }
}

fn tokens(input: u64, output: u64) -> UsageTokens {
    UsageTokens {
        input,
        output,
        ..UsageTokens::default()
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, d).unwrap()
}

fn price(records: &[Usage]) -> UsagePrice {
    let catalog = catalog();
    let mut pricer = Pricer::new(&catalog);
    for r in records {
        pricer.add(r).unwrap();
    }
    pricer.finish("logs.csv")
}

/// The five records every test below starts from.
fn records() -> Vec<Usage> {
    let mut cached = usage(2, 1, "mini", tokens(1000, 500));
    cached.tokens.cache_read = 2000;
    cached.labels.insert("team".into(), "search".into());
    cached.tags.push("prod".into());
    let mut batch = usage(3, 2, "openai/mini", tokens(10_000, 1000));
    batch.batch = true;
    batch.labels.insert("team".into(), "ads".into());
    batch.tags.push("prod".into());
    let mut written = usage(4, 1, "sonnet", tokens(100, 200));
    written.tokens.cache_write_5m = 1000;
    written.tokens.cache_write_1h = 2000;
    written.tokens.cache_read = 5000;
    written.labels.insert("team".into(), "search".into());
    let long = usage(5, 3, "sonnet", tokens(250_000, 1000));
    let mut unknown = usage(6, 3, "mystery-1", tokens(100, 10));
    unknown.requests = 3;
    vec![cached, batch, written, long, unknown]
}

#[test]
fn every_record_is_priced_at_its_own_rates() {
    let p = price(&records());
    // mini: 1,000 × 0.15 + 2,000 × 0.075 + 500 × 0.6 = 600 per 1M.
    // mini batch: 10,000 × 0.075 + 1,000 × 0.3 = 1,050.
    assert_eq!(p.by_model["mini"].cost, dec!(0.00165));
    // sonnet: 100 × 3 + 1,000 × 3.75 + 2,000 × 6 + 5,000 × 0.3 + 200 × 15 = 20,550;
    // long (250,000 > 200,000): 250,000 × 6 + 1,000 × 22.5 = 1,522,500.
    assert_eq!(p.by_model["sonnet"].cost, dec!(1.54305));
    assert_eq!(p.total.cost, dec!(1.5447));
    assert_eq!(p.total.records, 5);
    assert_eq!(p.total.requests, 7);
    assert_eq!(p.total.tokens.cache_write, 3000);
    assert_eq!(p.period, Some((day(1), day(3))));
}

#[test]
fn days_labels_and_tags_add_what_they_hold() {
    let p = price(&records());
    assert_eq!(p.by_day[&day(1)].cost, dec!(0.02115));
    assert_eq!(p.by_day[&day(2)].cost, dec!(0.00105));
    assert_eq!(p.by_day[&day(3)].cost, dec!(1.5225));
    assert_eq!(p.by_label["team"]["search"].cost, dec!(0.02115));
    assert_eq!(p.by_label["team"]["ads"].cost, dec!(0.00105));
    assert_eq!(p.by_tag["prod"].cost, dec!(0.00165));
}

#[test]
fn a_model_the_catalog_lacks_is_listed_with_its_usage_never_priced_silently() {
    let p = price(&records());
    assert_eq!(p.unknown.len(), 1);
    let u = &p.unknown[0];
    assert_eq!(
        (u.model.as_str(), u.totals.requests, u.totals.tokens.input),
        ("mystery-1", 3, 100)
    );
    assert_eq!(u.totals.cost, Decimal::ZERO);
    assert!(!p.by_model.contains_key("mystery-1"));
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("1 models are not in the catalog; their 3 requests")),
        "{:?}",
        p.notes
    );
}

#[test]
fn recorded_costs_that_agree_leave_no_difference() {
    let mut r = records();
    r[0].recorded_cost = Some(dec!(0.0006));
    r[1].recorded_cost = Some(dec!(0.00105));
    let p = price(&r);
    let mini = p.reconciled.iter().find(|c| c.model == "mini").unwrap();
    assert_eq!((mini.difference, mini.causes.as_slice()), (Decimal::ZERO, &[][..]));
    assert_eq!(p.by_model["mini"].recorded, Some(dec!(0.00165)));
}

#[test]
fn cache_tokens_billed_as_plain_input_by_the_source_are_named() {
    let mut r = records();
    // (100 + 1,000 + 2,000 + 5,000) × 3 + 200 × 15 = 27,300 per 1M.
    r[2].recorded_cost = Some(dec!(0.0273));
    let p = price(&r);
    let sonnet = p.reconciled.iter().find(|c| c.model == "sonnet").unwrap();
    assert_eq!(sonnet.difference, dec!(-0.00675));
    assert_eq!(
        sonnet.causes,
        vec![Cause::CacheAsInput {
            cost: dec!(0.0273),
            closer_by: dec!(0.00675)
        }]
    );
}

#[test]
fn a_recorded_rate_that_changes_in_the_period_names_its_day() {
    let mut r = records();
    r[0].recorded_cost = Some(dec!(0.0006));
    // Twice the catalog's price from June 2.
    r[1].recorded_cost = Some(dec!(0.0021));
    let p = price(&r);
    let mini = p.reconciled.iter().find(|c| c.model == "mini").unwrap();
    assert_eq!(mini.difference, dec!(-0.00105));
    // (Pricing June 1's cache reads as input comes nearer by less than half: not named.)
    assert_eq!(
        mini.causes,
        vec![Cause::PriceChanged {
            from: day(2),
            before: dec!(1),
            after: dec!(2)
        }]
    );
}

#[test]
fn a_difference_within_the_sources_rounding_says_so() {
    let mut r = records();
    // 0.0006 recorded to three places, written with five (as a decimal column
    // of scale 5 holds it): trailing zeros say nothing of the rounding, so
    // the bound is half of 0.001, and the 0.0004 difference within it.
    r[0].recorded_cost = Some(dec!(0.00100));
    let p = price(&r);
    let mini = p.reconciled.iter().find(|c| c.model == "mini").unwrap();
    assert_eq!(mini.difference, dec!(-0.0004));
    assert_eq!(mini.causes, vec![Cause::Rounding { bound: dec!(0.0005) }]);
}

#[test]
fn a_recorded_cost_of_a_model_the_catalog_lacks_is_the_whole_difference() {
    let mut r = records();
    r[4].recorded_cost = Some(dec!(0.01));
    let p = price(&r);
    let m = p.reconciled.iter().find(|c| c.model == "mystery-1").unwrap();
    assert_eq!(
        (m.priced, m.recorded, m.difference),
        (Decimal::ZERO, dec!(0.01), dec!(-0.01))
    );
    assert_eq!(m.causes, vec![Cause::NotInCatalog]);
}

#[test]
fn a_bucket_is_judged_long_by_its_average_call_and_says_so() {
    // Two calls of 150,000 prompt tokens each: neither is long.
    let mut bucket = usage(1, 1, "sonnet", tokens(300_000, 0));
    bucket.requests = 2;
    let p = price(&[bucket]);
    assert_eq!(p.total.cost, dec!(0.9));
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("judged long or not by its average call")),
        "{:?}",
        p.notes
    );
}
