//! Self-hosted deployments (docs/capacity.md): the rent of the shipped
//! example worked out by hand from its catalog's figures, replicas scaled to
//! the peak, caching that lowers an API bill but not the rent, the break-even
//! volume against an API model, and Monte Carlo sizing against the busiest
//! drawn day.
//!
//! The example (scenarios/self-hosting.yaml on pricing/self-hosted-2026-11.yaml):
//! 20,000 interactions a day × 30 days = 600,000 a month, 1,500 input and 300
//! output tokens each: 900M input and 180M output tokens. The deployment
//! rents one H100 at $3.99 an hour per replica, carries 8,540 input and 5,723
//! output tokens a second per accelerator, is planned at 70% utilisation,
//! with $200 a month of overhead; the busiest hour is 2.5× its day's mean.

use crate::common::{Scratch, json_of as json, llmcost, repo, shipped_variant};
use crate::routing_support::{d as dec, strategy};
use rust_decimal_macros::dec;

const SCENARIO: &str = "scenarios/self-hosting.yaml";
const CATALOG: &str = "pricing/self-hosted-2026-11.yaml";

/// The shipped scenario with `from` replaced by `to`, its catalog beside it.
fn variant(scratch: &Scratch, edits: &[(&str, &str)]) -> String {
    shipped_variant(scratch, SCENARIO, CATALOG, edits)
}

#[test]
fn the_example_rents_one_replica_and_says_how_busy_it_is() {
    let report = json(&["simulate", SCENARIO]);
    // gpt-4o: 900M × $2.50 + 180M × $10 per 1M = $2,250 + $1,800.
    assert_eq!(dec(&strategy(&report, "gpt-4o")["total"]), dec!(4050));
    let llama = strategy(&report, "llama-self-hosted");
    assert_eq!(llama["kind"], "self-hosted");
    let c = &llama["capacity"];
    // Mean 900M / (720 h × 3,600 s) = 347.2̅ input tokens a second, 868.05̅ at
    // the 2.5× peak: 868.05̅ / 8,540 = 0.1016 of a replica, one at 70%.
    assert_eq!(dec(&c["hours"]), dec!(720));
    assert_eq!(c["replicas"], 1);
    assert_eq!(c["needed"], 1);
    assert_eq!(dec(&c["peak_input_per_second"]).round_dp(6), dec!(868.055556));
    // 1 × $3.99 × 720 h = $2,872.80, + $200.
    assert_eq!(dec(&c["rental"]), dec!(2872.8));
    assert_eq!(dec(&llama["total"]), dec!(3072.8));
    // Mean load 347.2̅ / 8,540 (input is the busier direction: 69.4̅ / 5,723
    // output) = 4.066% of the replica; $3,072.80 over 1,080M tokens.
    assert_eq!(
        dec(&c["utilisation"]).round_dp(8),
        (dec!(347.2222222222) / dec!(8540)).round_dp(8)
    );
    assert_eq!(
        dec(&c["per_million"]).round_dp(10),
        (dec!(3072.8) / dec!(1080)).round_dp(10)
    );
}

#[test]
fn scaled_to_peak_adds_replicas_and_a_fixed_deployment_says_the_peak_waits() {
    let scratch = Scratch::new();
    // 200,000 a day: 3,472.2̅ input tokens a second, 8,680.5̅ at the peak =
    // 1.0165 replicas busy, ⌈1.0165 / 0.7⌉ = 2 replicas: 2 × $3.99 × 720 + $200.
    let s = variant(
        &scratch,
        &[("interactions_per_day: 20000", "interactions_per_day: 200000")],
    );
    let report = json(&["simulate", &s]);
    let llama = strategy(&report, "llama-self-hosted");
    assert_eq!(llama["capacity"]["replicas"], 2);
    assert_eq!(dec(&llama["total"]), dec!(5945.6));
    // Without scaling, one replica runs and the peak waits past the target.
    let catalog = std::fs::read_to_string(repo(CATALOG)).unwrap();
    let fixed = scratch.file(
        "c.yaml",
        &catalog.replace("scale_to_peak: true", "scale_to_peak: false"),
    );
    let out = llmcost()
        .args(["simulate", &s, "--pricing"])
        .arg(&fixed)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deployment `llama-3.1-8b-h100` runs 1 replica(s) but its peak needs 2 at 70% utilisation"),
        "{stderr}"
    );
}

#[test]
fn caching_lowers_the_api_bill_but_not_the_rent() {
    let scratch = Scratch::new();
    // A 1,024-token system prompt (OpenAI's minimum, a whole number of its
    // 128-token steps) read from the cache 80% of the time.
    let s = variant(
        &scratch,
        &[
            ("system_tokens: 1000", "system_tokens: 1024"),
            (
                "strategies:\n",
                "techniques:\n  caching: {hit_rate: 80%}\nstrategies:\n",
            ),
        ],
    );
    let report = json(&["simulate", &s]);
    // gpt-4o: 819.2 cached tokens × $1.25 + 680.8 × $2.50 = $0.002726 of input
    // a request, × 600,000 = $1,635.60, + $1,800 of output (no write charge).
    assert_eq!(dec(&strategy(&report, "gpt-4o")["total"]), dec!(3435.6));
    // The deployment reads every prompt token whether an API would cache it or not.
    assert_eq!(dec(&strategy(&report, "llama-self-hosted")["total"]), dec!(3072.8));
}

#[test]
fn the_break_even_volume_against_gpt_4o_is_where_the_rent_is_paid() {
    let report = json(&[
        "sweep",
        SCENARIO,
        "--set",
        "volume.interactions_per_day=5000..50000:5000",
        "--breakeven",
        "gpt-4o,llama-self-hosted",
    ]);
    // gpt-4o costs 30 × (1,500 × $2.50 + 300 × $10) / 1M = $0.2025 a month per
    // daily interaction; one replica carries up to 137,722 a day, so the rent
    // stays $3,072.80: 3,072.8 / 0.2025 = 15,174.32098765432098765432...
    let crossing = &report["breakeven"]["crossings"][0];
    assert_eq!(dec(&crossing["at"]), dec!(15174.32098765432098765432));
    assert_eq!(crossing["a_cheaper"], "below");
}

#[test]
fn monte_carlo_sizes_the_replicas_for_the_busiest_drawn_day() {
    let scratch = Scratch::new();
    // 130,000 a day: the mean day's peak is 0.944 of one replica's 70%
    // (130,000 × 1,500 / 86,400 × 2.5 / 8,540 / 0.7), so `simulate` rents
    // one; with days spread by 20%, some day of 30 runs 6% above the mean in
    // all but about one month in a million, and those months rent two.
    let s = variant(
        &scratch,
        &[("interactions_per_day: 20000", "interactions_per_day: 130000")],
    );
    let report = json(&["montecarlo", &s, "--runs", "200", "--seed", "7"]);
    let llama = strategy(&report, "llama-self-hosted");
    assert_eq!(dec(&llama["expected"]), dec!(3072.8));
    assert_eq!(dec(&llama["p50"]), dec!(5945.6));
    // Without a daily spread every run's day is its month's mean day.
    let flat = variant(
        &scratch,
        &[
            ("uncertainty:\n  daily_volume_cv: 20%", ""),
            ("interactions_per_day: 20000", "interactions_per_day: 130000"),
        ],
    );
    let report = json(&["montecarlo", &flat, "--runs", "200", "--seed", "7"]);
    let llama = strategy(&report, "llama-self-hosted");
    assert_eq!((dec(&llama["min"]), dec(&llama["max"])), (dec!(3072.8), dec!(3072.8)));
}

#[test]
fn explain_bills_the_rent_as_accelerator_hours_and_the_overhead() {
    let out = llmcost()
        .args(["explain", SCENARIO, "--strategy", "llama-self-hosted", "-f", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // 720 hours × 1 accelerator × $3.99 = $2,872.80; the overhead once.
    assert!(
        text.contains("llama-self-hosted,,llama-3.1-8b-h100,capacity,720,,rent,1,1,3.99,3.99,2872.8,USD"),
        "{text}"
    );
    assert!(text.contains("llama-self-hosted,,llama-3.1-8b-h100,capacity,1,,overhead,1,1,200,200,200,USD"));
    let table = llmcost()
        .args(["explain", SCENARIO, "--strategy", "llama-self-hosted"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("1 replica(s) × 1 accelerator(s) × $3.99 an hour × 720 hours = $2,872.80"),
        "{table}"
    );
}

#[test]
fn replay_leaves_a_self_hosted_strategy_out_and_says_why() {
    let out = llmcost()
        .args(["replay", "tests/fixtures/usage/litellm-spend-logs.csv", SCENARIO])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("llama-self-hosted are left out: a self-hosted deployment bills rent"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("llama-self-hosted"));
}

#[test]
fn focus_rows_carry_the_rent_and_the_overhead() {
    let out = llmcost()
        .args(["simulate", SCENARIO, "--format", "focus"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[1], "BilledCost");
    // BilledCost is the second column: 720 accelerator-hours × $3.99, then $200.
    let rent = text.lines().find(|l| l.contains("llama-3.1-8b-h100 rent")).unwrap();
    assert!(rent.starts_with(",2872.8,"), "{rent}");
    assert!(rent.contains(",720,Hours,"), "{rent}");
    let overhead = text
        .lines()
        .find(|l| l.contains("llama-3.1-8b-h100 fixed overhead"))
        .unwrap();
    assert!(overhead.starts_with(",200,"), "{overhead}");
}

#[test]
fn monte_carlo_gives_the_chance_renting_does_not_pay() {
    let scratch = Scratch::new();
    let chance = |per_day: &str| {
        let s = variant(&scratch, &[("interactions_per_day: 20000", per_day)]);
        let report = json(&["montecarlo", &s, "--runs", "200", "--seed", "3"]);
        assert!(strategy(&report, "gpt-4o").get("costlier_than_baseline").is_none());
        dec(&strategy(&report, "llama-self-hosted")["costlier_than_baseline"])
    };
    // 20,000 a day: gpt-4o's month ($4,050 expected, 3.7% spread) never falls
    // to the rent of $3,072.80; at 5,000 a day ($1,012.50) it never reaches it.
    assert_eq!(chance("interactions_per_day: 20000"), dec!(0));
    assert_eq!(chance("interactions_per_day: 5000"), dec!(1));
    // At the break-even volume (15,174.3 a day) the sampled months fall on both sides.
    let even = chance("interactions_per_day: 15174.32");
    assert!(even > dec!(0.2) && even < dec!(0.8), "{even}");
}
