//! Monte Carlo: many sampled months of a scenario, every strategy billed on
//! the same sampled workload, and the statistics of their costs.
//!
//! - `plan`: the scenario and catalog turned into laws and exact rates;
//! - `split`: the cells every strategy reads the same way (common random numbers);
//! - `route`: the routing questions of an interaction (classifier, failed
//!   attempts, cascade acceptance) and what each strategy does with the answers;
//! - `draw`: one run's volume, tiers, cells, routing leaves and tokens;
//! - `lognormal`: the token factor and its moments on an interval;
//! - `bill`: a strategy's exact cost of a run from whole token counts;
//! - `capacity`: a self-hosted strategy's rent or a provisioned one's
//!   commitment for a run, sized against its
//!   busiest drawn day; a strategy's explicit caches add their fixed storage
//!   fee (`plan`) to every run;
//! - `stats`: mean, spread, percentiles, the chance of exceeding a budget;
//! - `sort`: costs sorted on several threads by an exact integer key;
//! - `tasks`: independent tasks shared out among threads, results in order;
//! - `limit`: how many interactions `--per-interaction` may draw one by one;
//! - `report`: what the exporters and charts read.
//!
//! Run `r` draws from its own xoshiro256++ generator, whose state is made
//! from the seed and `r` (see [`generator`]), so a run's numbers never depend
//! on which thread runs it, and results are kept in run order: the same seed
//! gives the same output for any thread count.

mod bill;
mod capacity;
mod draw;
mod limit;
mod lognormal;
mod plan;
mod report;
mod sort;
mod split;
mod stats;
mod tasks;

pub use limit::{TooManyDraws, check_per_interaction};
pub use lognormal::Factor;
pub use report::{Assumptions, Distribution, Escalations, MonteCarloReport};
pub(crate) use split::Uniform;
pub use stats::{Histogram, Summary, summarize, summarize_all};

use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use bill::{Classes, Overflow};
use draw::{Scratch, Sums, multinomial};
use plan::Plan;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicU64, Ordering};

/// The generator, as reports name it.
pub const GENERATOR: &str =
    "xoshiro256++ (rand 0.10); run r starts from SplitMix64 outputs of the seed (two words) and of r (two words)";
/// Cells of at most this many interactions are drawn interaction by interaction
/// (larger ones by counts and log-normal sums: see `draw`).
pub const EXACT_UP_TO: u64 = 16;
/// The most runs one command may ask for (the costs of every run are kept for percentiles).
pub const MAX_RUNS: u64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub runs: u64,
    pub seed: u64,
    pub threads: usize,
    /// Cells holding more interactions than this are drawn as counts and
    /// sums; `u64::MAX` draws every interaction.
    pub exact_up_to: u64,
}

/// The sampled monthly costs, in run order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Samples {
    pub strategies: Vec<String>,
    /// `costs[strategy][run]`.
    pub costs: Vec<Vec<Decimal>>,
    /// Requests escalated to a person, per strategy, over all runs.
    pub escalations: Vec<u128>,
    /// Interactions simulated over all runs.
    pub interactions: u64,
    pub notes: Notes,
}

/// Buffers one worker reuses from run to run: memory does not grow with volume.
struct Work {
    tier_counts: Vec<u64>,
    sums: Vec<Vec<Sums>>,
    scratch: Scratch,
    counters: Vec<Classes>,
    /// Escalations per strategy over the runs this worker did.
    escalations: Vec<u128>,
}

impl Work {
    fn new(plan: &Plan) -> Self {
        Self {
            tier_counts: vec![0; plan.tiers.len()],
            sums: plan
                .tiers
                .iter()
                .map(|t| vec![Sums::default(); t.law.splits.groups() * t.law.splits.strata()])
                .collect(),
            scratch: Scratch::default(),
            counters: Vec::new(),
            escalations: vec![0; plan.strategies.len()],
        }
    }
}

/// The generator of run `run`: xoshiro256++ (period 2^256 − 1) with its four
/// state words made by SplitMix64's output function, two from the seed and
/// two from the run. The function is one-to-one in each word, so two runs,
/// or two seeds, never start from the same state; `R` runs of `L` numbers
/// each overlap with a chance of about `R² L / 2^256`, below 2^-180 for a
/// million runs of a few hundred million numbers. xoshiro256++ draws a number in a few instructions, where
/// ChaCha8 took a fifth of the time per interaction drawn.
fn generator(seed: u64, run: u64) -> Xoshiro256PlusPlus {
    let words = [mix(seed, 1), mix(seed, 2), mix(run, 3), mix(run, 4)];
    let mut bytes = [0u8; 32];
    for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// SplitMix64's output for `x` at step `step` (`x + step × golden gamma`,
/// then its finalizer): one-to-one in `x` for each step.
fn mix(x: u64, step: u64) -> u64 {
    let mut z = x.wrapping_add(step.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The strategy and tier whose sampled cost passed a decimal's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooCostly {
    strategy: usize,
    tier: usize,
}

impl TooCostly {
    /// The error, located at the volume that drives every run's cost.
    fn error(self, scenario: &Scenario) -> InputError {
        let volume = Field::named("volume");
        let field = match scenario.volume.per_day {
            Some(_) => volume.key("interactions_per_day"),
            None => volume.key("interactions_per_month"),
        };
        scenario
            .source
            .error(
                &field,
                format!(
                    "strategy {}: a sampled month of tier `{}` costs more than the largest figure llmcost carries \
                     (about 7.9 × 10^28)",
                    scenario.strategies[self.strategy].name, scenario.tiers[self.tier].name
                ),
            )
            .with_hint("lower the volume, the tier's tokens or the prices: no real month comes near this figure")
    }
}

/// One month: its volume, and each strategy's cost added into `costs`.
fn run_once(
    plan: &Plan,
    rng: &mut Xoshiro256PlusPlus,
    exact_up_to: u64,
    work: &mut Work,
    costs: &mut [Decimal],
) -> Result<u64, TooCostly> {
    let (n, busiest) = plan.volume.sample_days(rng);
    multinomial(rng, n, &plan.shares, &mut work.tier_counts);
    costs.fill(Decimal::ZERO);
    for (t, ((tier, &count), sums)) in plan.tiers.iter().zip(&work.tier_counts).zip(&mut work.sums).enumerate() {
        tier.law.sample(rng, count, exact_up_to, sums, &mut work.scratch);
        let lanes = costs.iter_mut().zip(&mut work.escalations).zip(&tier.lanes);
        for (s, ((cost, escalations), lane)) in lanes.enumerate() {
            let too_costly = TooCostly { strategy: s, tier: t };
            let billed = lane
                .cost(&tier.law.splits, sums, &mut work.counters)
                .map_err(|Overflow| too_costly)?;
            *cost = cost.checked_add(billed.cost).ok_or(too_costly)?;
            *escalations += billed.escalations;
        }
    }
    for (s, (cost, capacity)) in costs.iter_mut().zip(&plan.capacity).enumerate() {
        if let Some(capacity) = capacity {
            *cost = capacity.cost(n, busiest, *cost);
        }
        *cost = cost
            .checked_add(plan.storage[s])
            .ok_or(TooCostly { strategy: s, tier: 0 })?;
    }
    Ok(n)
}

/// Samples `settings.runs` months; `progress` hears how many runs finished.
pub fn sample(
    scenario: &Scenario,
    catalog: &Catalog,
    settings: Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Samples> {
    sample_from(scenario, catalog, settings, 0, progress)
}

/// Samples `settings.runs` months as runs `first`, `first + 1`, ... draw
/// them: several samplings of one seed from different first runs draw
/// independent numbers, run by run (two seeds at the same run do not: their
/// generators share the run's two words).
pub fn sample_from(
    scenario: &Scenario,
    catalog: &Catalog,
    settings: Settings,
    first: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<Samples> {
    let plan = Plan::new(scenario, catalog)?;
    let strategies = plan.strategies.len();
    let threads = settings.threads.max(1);
    let chunk = (settings.runs / (threads as u64 * 16)).clamp(1, 256);
    let next = AtomicU64::new(0);
    let worker = || {
        let mut work = Work::new(&plan);
        let mut done: Vec<(u64, Vec<Decimal>)> = Vec::new();
        let mut interactions = 0u64;
        let mut failed = None;
        'runs: loop {
            let start = next.fetch_add(chunk, Ordering::Relaxed);
            if start >= settings.runs {
                break;
            }
            let end = (start + chunk).min(settings.runs);
            let mut costs = vec![Decimal::ZERO; (end - start) as usize * strategies];
            for (run, slot) in (start..end).zip(costs.chunks_mut(strategies.max(1))) {
                let mut rng = generator(settings.seed, first + run);
                match run_once(&plan, &mut rng, settings.exact_up_to, &mut work, slot) {
                    Ok(n) => interactions += n,
                    Err(e) => {
                        // Every worker stops at its next chunk: the run cannot be reported.
                        failed = Some(e);
                        next.store(settings.runs, Ordering::Relaxed);
                        break 'runs;
                    }
                }
            }
            progress(end - start);
            done.push((start, costs));
        }
        (done, interactions, work.escalations, failed)
    };
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
    })
    .map_err(|_| anyhow::anyhow!("a Monte Carlo worker thread failed"))?;
    let mut chunks: Vec<(u64, Vec<Decimal>)> = Vec::new();
    let mut interactions = 0;
    let mut escalations = vec![0u128; strategies];
    for (done, n, escalated, failed) in results {
        if let Some(e) = failed {
            return Err(e.error(scenario).into());
        }
        chunks.extend(done);
        interactions += n;
        escalations.iter_mut().zip(escalated).for_each(|(total, e)| *total += e);
    }
    chunks.sort_by_key(|(start, _)| *start);
    let mut costs = vec![Vec::with_capacity(settings.runs as usize); strategies];
    for (_, block) in chunks {
        for run in block.chunks(strategies.max(1)) {
            for (column, cost) in costs.iter_mut().zip(run) {
                column.push(*cost);
            }
        }
    }
    Ok(Samples {
        strategies: plan.strategies,
        costs,
        escalations,
        interactions,
        notes: plan.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded;
    use crate::engine::simulate;
    use crate::input::Source;
    use rust_decimal_macros::dec;

    fn reference(extra: &str) -> (Scenario, Catalog) {
        let text = format!("{}{extra}", embedded::default_scenario().text);
        let scenario = Scenario::from_source(Source::new("s.yaml", text), None).unwrap();
        let catalog = Catalog::from_source(&embedded::default_catalog()).unwrap();
        (scenario, catalog)
    }

    #[test]
    fn a_month_past_a_decimals_range_names_the_strategy_tier_and_volume_line() {
        let (scenario, _) = reference("");
        let e = TooCostly { strategy: 1, tier: 2 }.error(&scenario);
        assert_eq!(e.field.as_deref(), Some("volume.interactions_per_day"));
        let line = scenario
            .source
            .text
            .lines()
            .position(|l| l.trim_start().starts_with("interactions_per_day:"))
            .map(|i| i + 1);
        assert_eq!(e.line, line);
        let said = e.to_string();
        assert!(
            said.contains(&format!("strategy {}", scenario.strategies[1].name)),
            "{said}"
        );
        assert!(said.contains(&format!("tier `{}`", scenario.tiers[2].name)), "{said}");
    }

    fn settings(runs: u64, threads: usize, exact_up_to: u64) -> Settings {
        Settings {
            runs,
            seed: 7,
            threads,
            exact_up_to,
        }
    }

    fn check_means(scenario: &Scenario, catalog: &Catalog, s: Settings) {
        let samples = sample(scenario, catalog, s, &|_| {}).unwrap();
        let exact = simulate(scenario, catalog).unwrap();
        for (name, costs) in samples.strategies.iter().zip(&samples.costs) {
            let summary = summarize(costs, None, 10);
            let expected = exact.strategy(name).unwrap().total;
            let z = (summary.mean - expected) / summary.se;
            eprintln!(
                "{name}: mean {} expected {expected} sd {} z {z}",
                summary.mean, summary.sd
            );
            assert!(z.abs() < Decimal::from(4), "{name}: z = {z}");
        }
    }

    #[test]
    fn the_mean_converges_to_the_exact_cost() {
        let (scenario, catalog) = reference(
            "uncertainty: {daily_volume_cv: 20%, input_cv: 30%, output_cv: 50%}\ntechniques:\n  caching: {hit_rate: 60%}\n  batch: {share: 25%}\n  early_stop: {share: 40%, output_saved: 30%}\n  summary: {history_reduction: 50%}\n",
        );
        check_means(&scenario, &catalog, settings(400, 2, EXACT_UP_TO));
        check_means(&scenario, &catalog, settings(400, 2, 0));
    }

    #[test]
    fn a_zero_one_matrix_bills_a_fixed_number_of_requests_exactly() {
        // Every easy request (1,000 in / 500 out) goes to big ($10 / $30 per 1M):
        // 0.01 + 0.015 = 0.025 each; every hard one (2,000 / 1,000) to cheap
        // ($1 / $2): 0.002 + 0.002 = 0.004 each.
        let text = "name: t
volume: {interactions_per_month: 1000}
tiers:
  - {name: easy, share: 60%, input_tokens: 1000, output_tokens: 500}
  - {name: hard, share: 40%, input_tokens: 2000, output_tokens: 1000}
strategies:
  - name: swapped
    routes: {easy: cheap, hard: big}
    classifier: {kind: rules, rules: {matrix: {easy: {hard: 100%}, hard: {easy: 100%}}}}
baseline: swapped
";
        let scenario = Scenario::from_source(Source::new("s.yaml", text), None).unwrap();
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/routing-catalog.yaml");
        let catalog = Catalog::load(std::path::Path::new(fixture)).unwrap();
        let plan = Plan::new(&scenario, &catalog).unwrap();
        let mut work = Work::new(&plan);
        let mut rng = generator(7, 0);
        for (t, n, each) in [(0, 250, dec!(0.025)), (1, 1_000_000, dec!(0.004))] {
            let tier = &plan.tiers[t];
            tier.law
                .sample(&mut rng, n, EXACT_UP_TO, &mut work.sums[t], &mut work.scratch);
            let billed = tier.lanes[0]
                .cost(&tier.law.splits, &work.sums[t], &mut work.counters)
                .unwrap();
            assert_eq!(billed.cost, Decimal::from(n) * each);
        }
    }
}
