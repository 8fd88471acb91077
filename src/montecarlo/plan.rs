//! Turning a scenario and a catalog into what a run samples and bills: the
//! volume law, each tier's token law and cells, and one lane per strategy and
//! tier with its exact per-token rates (the same rates `engine::price` uses).

use super::bill::{Lane, Rates};
use super::draw::{Means, TierLaw, VolumeLaw};
use super::lognormal::Factor;
use super::split::{Splits, Uniform};
use crate::engine::shape;
use crate::input::InputError;
use crate::notes::Notes;
use crate::pricing::{Catalog, Mode, Model, Ttl};
use crate::scenario::{Scenario, Strategy, Tier};
use crate::techniques::Pruning;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Days a month assumed when a scenario gives its volume per month.
const DAYS_OF_A_MONTHLY_VOLUME: u32 = 30;

/// One tier: how to draw it and how each strategy bills it.
#[derive(Debug, Clone)]
pub struct TierPlan {
    pub law: TierLaw,
    /// One per strategy, in the scenario's order.
    pub lanes: Vec<Lane>,
}

/// Everything a run needs, shared read-only by the worker threads.
#[derive(Debug, Clone)]
pub struct Plan {
    pub strategies: Vec<String>,
    pub volume: VolumeLaw,
    pub shares: Vec<f64>,
    pub tiers: Vec<TierPlan>,
    /// Rate defaults the catalog forced (batch, long-context, cache rates).
    pub notes: Notes,
}

fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// What a strategy does to one tier, before the cells are known.
struct LaneSpec<'a> {
    model: &'a Model,
    batch: Decimal,
    stop: Decimal,
    saved: Decimal,
    hit: Decimal,
    prefix: u64,
    ttl: Ttl,
    cap: Option<u64>,
    context_factor: Decimal,
    history_factor: Decimal,
    /// Where the input factor makes the context reach the cap, and the request long.
    cap_point: Option<f64>,
    long_point: Option<f64>,
    /// With a fixed input factor: whether the mean request is capped, long.
    capped: bool,
    long: bool,
}

impl Plan {
    pub fn new(scenario: &Scenario, catalog: &Catalog) -> Result<Self, InputError> {
        let (per_day, days) = match scenario.volume.per_day {
            Some((d, days)) => (f64_of(d), f64_of(days)),
            None => (
                f64_of(scenario.volume.per_month / Decimal::from(DAYS_OF_A_MONTHLY_VOLUME)),
                f64::from(DAYS_OF_A_MONTHLY_VOLUME),
            ),
        };
        let volume = VolumeLaw::new(per_day, days, scenario.uncertainty.daily_volume_cv.map(f64_of));
        let mut notes = Notes::default();
        let mut tiers = Vec::with_capacity(scenario.tiers.len());
        for (i, tier) in scenario.tiers.iter().enumerate() {
            let spread = scenario.uncertainty.spreads.get(i).copied().unwrap_or_default();
            let input = Factor::new(f64_of(spread.input_cv));
            let specs = scenario
                .strategies
                .iter()
                .map(|s| spec(scenario, catalog, s, tier, &input))
                .collect::<Result<Vec<_>, _>>()?;
            tiers.push(tier_plan(tier, input, f64_of(spread.output_cv), &specs, &mut notes));
        }
        Ok(Self {
            strategies: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
            volume,
            shares: scenario.tiers.iter().map(|t| f64_of(t.share)).collect(),
            tiers,
            notes,
        })
    }
}

fn spec<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    strategy: &Strategy,
    tier: &Tier,
    input: &Factor,
) -> Result<LaneSpec<'a>, InputError> {
    let id = strategy.plan.model_for(&tier.name).unwrap_or_default();
    let model = catalog
        .model(id)
        .map_err(|e| InputError::file(&scenario.source.name, e.to_string()))?;
    let t = &strategy.techniques;
    let tokens = &tier.tokens;
    let (stop, saved) = t
        .early_stop
        .as_ref()
        .map_or((Decimal::ZERO, Decimal::ZERO), |e| (e.share, e.saved));
    let (hit, prefix) = t.caching.as_ref().map_or((Decimal::ZERO, 0), |c| {
        let p = c.prefix(Decimal::from(tokens.system), model);
        (c.hit_rate, p.to_u64().unwrap_or(0))
    });
    let (cap, context_factor) = match &t.pruning {
        Some(Pruning::Cap(cap)) => (Some(*cap), Decimal::ONE),
        Some(Pruning::Reduce(r)) => (None, Decimal::ONE - r),
        None => (None, Decimal::ONE),
    };
    let history_factor = t.summary.as_ref().map_or(Decimal::ONE, |s| Decimal::ONE - s.reduction);
    let cap_point = cap
        .filter(|_| tokens.context > 0)
        .map(|c| c as f64 / tokens.context as f64);
    let threshold = model.long_context.as_ref().map(|lc| lc.above_tokens);
    let long_point = threshold.and_then(|above| {
        let (above, system) = (above as f64, tokens.system as f64);
        if system > above {
            return Some(0.0);
        }
        let rest = tokens.history as f64 * f64_of(history_factor) + tokens.user as f64;
        let context = tokens.context as f64;
        let first = |slope: f64, offset: f64| (slope > 0.0).then(|| (above - system - offset) / slope);
        match cap_point {
            // Below the cap, input grows with context and the rest; above it, with the rest only.
            Some(u_cap) => match first(context + rest, 0.0) {
                Some(u) if u <= u_cap => Some(u),
                _ => first(rest, cap.unwrap_or(0) as f64),
            },
            None => first(context * f64_of(context_factor) + rest, 0.0),
        }
    });
    let mean_input = shape(tokens, t, model).tokens.input();
    Ok(LaneSpec {
        model,
        batch: t.batch.as_ref().map_or(Decimal::ZERO, |b| b.share(&tier.name)),
        stop: if saved.is_zero() { Decimal::ZERO } else { stop },
        saved,
        hit: if prefix == 0 { Decimal::ZERO } else { hit },
        prefix,
        ttl: t.caching.as_ref().map_or(Ttl::default(), |c| c.ttl),
        cap,
        context_factor,
        history_factor,
        cap_point: cap_point.filter(|_| !input.is_fixed()),
        long_point: long_point.filter(|_| !input.is_fixed()),
        capped: cap.is_some_and(|c| tokens.context > c),
        long: threshold.is_some_and(|above| mean_input > Decimal::from(above)),
    })
}

fn tier_plan(tier: &Tier, input: Factor, output_cv: f64, specs: &[LaneSpec], notes: &mut Notes) -> TierPlan {
    let mut breaks: Vec<f64> = specs
        .iter()
        .flat_map(|s| [s.cap_point, s.long_point])
        .flatten()
        .filter(|p| p.is_finite() && *p > 0.0)
        .collect();
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    let splits = Splits {
        batch: Uniform::new(specs.iter().map(|s| s.batch)),
        stop: Uniform::new(specs.iter().map(|s| s.stop)),
        hit: Uniform::new(specs.iter().map(|s| s.hit)),
        breaks,
    };
    let strata_count = splits.strata();
    let lanes = specs
        .iter()
        .map(|s| {
            let from = |point: Option<f64>, fixed_flag: bool| match (input.is_fixed(), point) {
                (true, _) => usize::from(!fixed_flag),
                (false, Some(p)) => splits.stratum_after(p),
                (false, None) => strata_count,
            };
            lane(
                tier,
                s,
                &splits,
                from(s.cap_point, s.capped),
                from(s.long_point, s.long),
                notes,
            )
        })
        .collect();
    let strata: Vec<_> = (0..strata_count)
        .map(|k| {
            let (lo, hi) = splits.stratum_bounds(k);
            input.slice(lo, hi)
        })
        .collect();
    let t = &tier.tokens;
    TierPlan {
        law: TierLaw {
            means: Means {
                context: t.context,
                history: t.history,
                user: t.user,
                output: t.output,
                reasoning: t.reasoning.unwrap_or(0),
            },
            input,
            output: Factor::new(output_cv),
            output_variance: output_cv * output_cv,
            cell_probabilities: splits.cell_probabilities(),
            strata_probabilities: strata.iter().map(|s| s.probability).collect(),
            strata,
            splits,
        },
        lanes,
    }
}

fn lane(tier: &Tier, s: &LaneSpec, splits: &Splits, capped_from: usize, long_from: usize, notes: &mut Notes) -> Lane {
    let batch_below = splits.batch.below(s.batch);
    let reasoning_ratio = match (tier.tokens.reasoning, s.model.reasoning_ratio) {
        (None, Some(ratio)) => Some(ratio),
        _ => None,
    };
    let mut rates: [[Option<Rates>; 2]; 2] = Default::default();
    let batch_reach = [batch_below < splits.batch.intervals(), batch_below > 0];
    let long_reach = [long_from > 0, long_from < splits.strata()];
    for (b, mode) in [(0, Mode::Standard), (1, Mode::Batch)] {
        for long in [0, 1] {
            if !(batch_reach[b] && long_reach[long]) {
                continue;
            }
            let p = s.model.prices(long == 1, mode, s.ttl, notes);
            let per = Rates::per_token;
            rates[b][long] = Some(Rates {
                plain: per(p.input, Decimal::ONE),
                context: per(p.input, s.context_factor),
                history: per(p.input, s.history_factor),
                cache_read: per(p.cache_read.unwrap_or(p.input), Decimal::ONE),
                cache_write: per(p.cache_write, Decimal::ONE),
                output: per(p.output, Decimal::ONE),
                output_stopped: per(p.output, Decimal::ONE - s.saved),
                reasoning: per(p.reasoning, reasoning_ratio.unwrap_or(Decimal::ONE)),
                fee: s.model.per_request,
            });
        }
    }
    Lane {
        batch_below,
        stop_below: splits.stop.below(s.stop),
        hit_below: splits.hit.below(s.hit),
        capped_from,
        cap: s.cap.unwrap_or(0),
        long_from,
        prefix: s.prefix,
        uncached_system: tier.tokens.system - s.prefix,
        reasoning_from_output: reasoning_ratio.is_some(),
        rates,
    }
}
