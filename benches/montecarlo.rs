//! Speed of Monte Carlo against the targets docs/montecarlo.md states, on every core:
//! `cargo bench --bench montecarlo`. Prints each case's time (the fastest of
//! five, and the median) and throughput,
//! then the reference scenario at 300,000 runs on one thread and on every
//! thread (sampling and statistics timed apart), and fails when a target is missed.

use llmcost::engine::simulate;
use llmcost::input::Source;
use llmcost::montecarlo::{EXACT_UP_TO, MonteCarloReport, Settings, sample};
use llmcost::pricing::Catalog;
use llmcost::scenario::Scenario;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

const REFERENCE: &str = include_str!("../scenarios/service-company.yaml");
/// Classifiers that err and cost, a cascade with a judge, a fallback chain.
const ROUTING: &str = include_str!("../scenarios/service-company-routing.yaml");
/// Every technique, a strategy per technique: many cells a tier.
const OPTIMIZED: &str = include_str!("../scenarios/service-company-optimized.yaml");
const CATALOG: &str = include_str!("../pricing/list-2025-11.yaml");
const SPREAD: &str = "uncertainty: {daily_volume_cv: 20%, input_cv: 30%, output_cv: 50%}\n";
const WIDE_SPREAD: &str = "uncertainty: {input_cv: 50%, output_cv: 50%}\n";

struct Case {
    name: &'static str,
    scenario: String,
    runs: u64,
    exact_up_to: u64,
    /// At most this many seconds.
    seconds: Option<f64>,
    /// At least this many simulated interactions a second.
    throughput: Option<f64>,
}

fn main() -> ExitCode {
    // `cargo bench --bench montecarlo -- WORD` runs the cases whose name holds WORD
    // (`statistics` for the 300,000-run case alone).
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let catalog = match Catalog::from_source(&Source::new("catalog", CATALOG)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let a_million = |text: &str| text.replace("interactions_per_day: 100", "interactions_per_day: 1000000");
    let million = a_million(REFERENCE);
    let per_day =
        |text: &str, n: &str| text.replace("interactions_per_day: 100", &format!("interactions_per_day: {n}"));
    let cases = [
        Case {
            name: "reference, 10,000 runs",
            scenario: REFERENCE.to_string(),
            runs: 10_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(1.0),
            throughput: None,
        },
        Case {
            name: "reference with token spreads, 10,000 runs, every interaction drawn",
            scenario: format!("{REFERENCE}{SPREAD}"),
            runs: 10_000,
            exact_up_to: u64::MAX,
            seconds: Some(1.0),
            throughput: Some(100e6),
        },
        Case {
            name: "1,000,000 interactions a day with token spreads, 1,000 runs",
            scenario: format!("{million}{SPREAD}"),
            runs: 1_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(10.0),
            throughput: None,
        },
        Case {
            name: "optimized scenario at 5,000 interactions a day with 50% token spreads, 10,000 runs",
            scenario: format!("{}{WIDE_SPREAD}", per_day(OPTIMIZED, "5000")),
            runs: 10_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(1.0),
            throughput: None,
        },
        Case {
            name: "routing scenario, 10,000 runs",
            scenario: ROUTING.to_string(),
            runs: 10_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(1.0),
            throughput: None,
        },
        Case {
            name: "routing scenario with token spreads, 10,000 runs, every interaction drawn",
            scenario: format!("{ROUTING}{SPREAD}"),
            runs: 10_000,
            exact_up_to: u64::MAX,
            seconds: None,
            throughput: None,
        },
        Case {
            name: "routing scenario at 1,000,000 interactions a day with token spreads, 1,000 runs",
            scenario: format!("{}{SPREAD}", a_million(ROUTING)),
            runs: 1_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(10.0),
            throughput: None,
        },
        Case {
            name: "routing scenario at 10^9 interactions a day with 50% token spreads, 10,000 runs",
            scenario: format!("{}{WIDE_SPREAD}", per_day(ROUTING, "1000000000")),
            runs: 10_000,
            exact_up_to: EXACT_UP_TO,
            seconds: Some(1.0),
            throughput: None,
        },
    ];
    // The routing scenario reads its keyword rules' counts from beside it.
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("Monte Carlo on {threads} threads");
    let mut ok = true;
    for case in cases.into_iter().filter(|c| c.name.contains(&filter)) {
        let scenario = match Scenario::from_source(Source::new(case.name, case.scenario.as_str()), Some(&scenarios)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let settings = Settings {
            runs: case.runs,
            seed: 1,
            threads,
            exact_up_to: case.exact_up_to,
        };
        // The fastest of REPEAT runs counts (the machine may be shared); the median is shown too.
        let mut times = Vec::with_capacity(REPEAT);
        let mut interactions = 0;
        for _ in 0..REPEAT {
            let start = Instant::now();
            match sample(&scenario, &catalog, settings, &|_| {}) {
                Ok(s) => interactions = s.interactions,
                Err(e) => {
                    eprintln!("{e:#}");
                    return ExitCode::FAILURE;
                }
            }
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let (seconds, median) = (times[0], times[REPEAT / 2]);
        let rate = interactions as f64 / seconds;
        let time_ok = case.seconds.is_none_or(|limit| seconds < limit);
        let rate_ok = case.throughput.is_none_or(|min| rate >= min);
        ok &= time_ok && rate_ok;
        println!(
            "{}: {seconds:.3} s{} (median of {REPEAT}: {median:.3} s), {:.1} million interactions/s{} ({} interactions)",
            case.name,
            case.seconds.map_or(String::new(), |l| format!(" (target < {l} s)")),
            rate / 1e6,
            case.throughput
                .map_or(String::new(), |t| format!(" (target >= {} million)", t / 1e6)),
            interactions
        );
    }
    if threads > 1 && "statistics, 300,000 runs".contains(&filter) {
        match statistics_speedup(&catalog, threads) {
            Ok(met) => ok &= met,
            Err(e) => {
                eprintln!("{e:#}");
                return ExitCode::FAILURE;
            }
        }
    }
    if ok {
        println!("all targets met");
        ExitCode::SUCCESS
    } else {
        println!("a target was missed");
        ExitCode::FAILURE
    }
}

/// Runs of the statistics case: the statistics (sorting, moments, histogram of
/// every strategy) weigh as much as the sampling there.
const STATISTICS_RUNS: u64 = 300_000;
/// Repetitions of each thread count; the fastest counts (the machine may be shared).
const REPEAT: usize = 5;
/// The least speed-up of a whole run (sampling and statistics) on 2 threads over 1.
const SPEEDUP: f64 = 1.8;

/// Sampling and statistics of the reference scenario at 300,000 runs on one
/// thread and on `threads`: their times, the speed-up, and whether it meets
/// the target and the reports are the same.
fn statistics_speedup(catalog: &Catalog, threads: usize) -> anyhow::Result<bool> {
    let scenario = Scenario::from_source(Source::new("reference", REFERENCE), None)?;
    let exact = simulate(&scenario, catalog)?;
    let mut best = Vec::new();
    for t in [1, threads] {
        let settings = Settings {
            runs: STATISTICS_RUNS,
            seed: 7,
            threads: t,
            exact_up_to: EXACT_UP_TO,
        };
        let mut fastest = (f64::MAX, f64::MAX);
        let mut report = None;
        for _ in 0..REPEAT {
            let start = Instant::now();
            let samples = sample(&scenario, catalog, settings, &|_| {})?;
            let sampled = start.elapsed().as_secs_f64();
            let start = Instant::now();
            let r = MonteCarloReport::new(&scenario, &exact, &samples, &settings, None);
            let summarized = start.elapsed().as_secs_f64();
            if sampled + summarized < fastest.0 + fastest.1 {
                fastest = (sampled, summarized);
            }
            report = Some(r);
        }
        println!(
            "reference, {STATISTICS_RUNS} runs, {t} thread{}: {:.3} s = sampling {:.3} s + statistics {:.3} s (fastest of {REPEAT})",
            if t == 1 { "" } else { "s" },
            fastest.0 + fastest.1,
            fastest.0,
            fastest.1
        );
        best.push((fastest, report));
    }
    let (one, many) = (&best[0], &best[1]);
    let speedup = (one.0.0 + one.0.1) / (many.0.0 + many.0.1);
    let same = one.1 == many.1;
    println!(
        "speed-up on {threads} threads: {speedup:.2}× (target >= {SPEEDUP}×; sampling {:.2}×, statistics {:.2}×); reports {}",
        one.0.0 / many.0.0,
        one.0.1 / many.0.1,
        if same { "identical" } else { "DIFFER" }
    );
    Ok(same && speedup >= SPEEDUP)
}
