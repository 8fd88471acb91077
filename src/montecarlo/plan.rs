//! Turning a scenario and a catalog into what a run samples and bills: the
//! volume law; each tier's token law, cells and routing leaves; and one lane
//! per strategy and tier, with one entry per kind of call (role × model) and
//! the rates the tariff (`crate::tariff::CallRates`) gives it in each billing
//! class the lane can reach. Long-context points are solved exactly from the
//! model's whole-token threshold; only the sampled factor's bound is a float.
//! A call not on the batch API pays its strategy's service tiers' rates
//! weighted by their shares (`CallRates::sync`): which tier one interaction
//! runs in is not drawn, so the months' mean is exact and their spread leaves
//! out that draw's own variance (docs/service-tiers.md).

use super::bill::{CachedShares, Kept, Lane, LaneCall, Rates, Tokens};
use super::capacity::Capacity;
use super::draw::{Means, TierLaw, VolumeLaw};
use super::lognormal::Factor;
use super::split::{Splits, Uniform};
use crate::engine::shape;
use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::{Catalog, Model};
use crate::routing::{self, Link, MAX_LEAVES, Resolved, Walk, Windows};
use crate::routing::{Call, Confusion, FailedBilling, Verifier};
use crate::scenario::{DEFAULT_DAYS_PER_MONTH, Scenario, Serving, Strategy, Tier};
use crate::tariff::{Cached, CallRates, Kind, Mode, RequestTokens, Service, Ttl, cached_prefix};
use crate::techniques::PrefixPart;
use crate::techniques::{Pruning, Techniques};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The most groups (cells × routing leaves × strata) a tier may have: each
/// worker keeps the sums of every group, so memory stays bounded.
const MAX_GROUPS: usize = 1_000_000;

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
    /// Per strategy, the capacity a self-hosted or provisioned one buys.
    pub capacity: Vec<Option<Capacity>>,
    /// Per strategy, its explicit caches' storage for the month: a fixed
    /// amount every run adds, as the expected-value engine finds it.
    pub storage: Vec<Decimal>,
    /// Rate defaults the catalog forced (batch, long-context, cache rates).
    pub notes: Notes,
}

/// `d` as a sampling parameter: a probability, a spread or a volume.
fn float(d: Decimal, scenario: &Scenario, field: Field) -> Result<f64, InputError> {
    f64::try_from(d).map_err(|_| {
        scenario.source.error(
            &field,
            format!("{} cannot be sampled: it has no floating-point value", d.normalize()),
        )
    })
}

/// A point of the input factor, solved exactly, as the sampled factor's bound.
fn point(u: Decimal) -> Option<f64> {
    f64::try_from(u).ok()
}

/// What a strategy's techniques do to one tier, whatever model serves it.
struct Shaping<'a> {
    techniques: &'a Techniques,
    /// The strategy's service tiers and region: the rates of every call.
    service: &'a Service,
    batch: Decimal,
    stop: Decimal,
    hit: Decimal,
    ttl: Ttl,
    cap: Option<u64>,
    kept: Kept,
    /// Where the input factor makes the context reach the cap.
    cap_point: Option<Decimal>,
    /// Whether the mean request is capped.
    capped: bool,
    /// By model: the probability that a request's history misses because the
    /// turn before went to another model (`routing::Resolved::history_lost`).
    history_lost: BTreeMap<String, Decimal>,
}

impl<'a> Shaping<'a> {
    fn new(techniques: &'a Techniques, service: &'a Service, tier: &Tier) -> Self {
        let stopped = techniques.early_stop.as_ref().filter(|e| !e.saved.is_zero());
        let cap = match &techniques.pruning {
            Some(Pruning::Cap(cap)) => Some(*cap),
            _ => None,
        };
        let context = tier.tokens.context;
        Self {
            techniques,
            service,
            batch: techniques.batch.as_ref().map_or(Decimal::ZERO, |b| b.share(&tier.name)),
            stop: stopped.map_or(Decimal::ZERO, |e| e.share),
            hit: techniques.caching.as_ref().map_or(Decimal::ZERO, |c| c.hit_rate),
            ttl: techniques.caching.as_ref().map_or(Ttl::default(), |c| c.ttl),
            cap,
            kept: Kept {
                context: techniques.pruning.as_ref().map_or(Decimal::ONE, Pruning::kept),
                history: techniques.summary.as_ref().map_or(Decimal::ONE, |s| s.kept()),
                stopped_output: stopped.map_or(Decimal::ONE, |e| e.kept_when_stopped()),
            },
            cap_point: cap
                .filter(|_| context > 0)
                .and_then(|c| Decimal::from(c).checked_div(Decimal::from(context))),
            capped: cap.is_some_and(|c| context > c),
            history_lost: BTreeMap::new(),
        }
    }

    /// The probability that history misses on `model` after a switch.
    fn history_lost(&self, model: &Model) -> Decimal {
        self.history_lost.get(&model.id).copied().unwrap_or_default()
    }

    /// What the cached prefix of `tokens` puts in the cache on `model`
    /// (nothing without caching), as the tariff says.
    fn cached(&self, tokens: &RequestTokens, model: &Model) -> Cached {
        self.techniques
            .caching
            .as_ref()
            .map_or(Cached::none(), |c| cached_prefix(model, c, tokens))
    }

    /// Where the input factor makes a request of the tier long on a model
    /// with threshold `above`, solved exactly from the whole-token threshold
    /// (below the cap, input grows with context and the rest; above it, with
    /// the rest only).
    fn long_point(&self, tier: &Tier, above: u64) -> Option<Decimal> {
        let tokens = &tier.tokens;
        let (above, system) = (Decimal::from(above), Decimal::from(tokens.system));
        if system > above {
            return Some(Decimal::ZERO);
        }
        let rest = Decimal::from(tokens.history) * self.kept.history + Decimal::from(tokens.user);
        let context = Decimal::from(tokens.context);
        let first = |slope: Decimal, offset: Decimal| {
            (slope > Decimal::ZERO)
                .then(|| (above - system - offset).checked_div(slope))
                .flatten()
        };
        match self.cap_point {
            Some(u_cap) => match first(context + rest, Decimal::ZERO) {
                Some(u) if u <= u_cap => Some(u),
                _ => first(rest, Decimal::from(self.cap.unwrap_or(0))),
            },
            None => first(context * self.kept.context + rest, Decimal::ZERO),
        }
    }
}

/// A tariff before the strata are known.
struct CallSpec<'a> {
    kind: Kind,
    model: &'a Model,
    tokens: Tokens,
    /// The shares of the request's context and history the cache holds.
    shares: CachedShares,
    /// Whether the call's length follows the input factor (it bills the request as the model sees it).
    follows: bool,
    /// Where the input factor makes the call long, when it follows it.
    long_point: Option<Decimal>,
    /// Whether the call is long with the mean tokens.
    long: bool,
    reasoning_ratio: Option<Decimal>,
    /// Whether some routing leaf makes this call.
    used: bool,
}

/// The tariffs of one lane, made as its walk needs them.
struct CallSpecs<'a> {
    tier: &'a Tier,
    shaping: Shaping<'a>,
    specs: Vec<CallSpec<'a>>,
}

impl<'a> CallSpecs<'a> {
    /// The index of the tariff of `kind` on `model`, made by `make` on first use.
    fn tariff(&mut self, kind: Kind, model: &Model, make: impl FnOnce(&Self) -> CallSpec<'a>) -> usize {
        if let Some(i) = self.specs.iter().position(|s| s.kind == kind && s.model.id == model.id) {
            return i;
        }
        let spec = make(self);
        self.specs.push(spec);
        self.specs.len() - 1
    }

    /// The tier's request and answer on `model` (an answer or a failed attempt).
    fn request(&mut self, kind: Kind, model: &'a Model) -> usize {
        self.tariff(kind, model, |this| {
            let tokens = &this.tier.tokens;
            let reasoning_ratio = model.reasoning_ratio_for(tokens.reasoning);
            let mean = shape(tokens, this.shaping.techniques, model).tokens;
            let mean_input = mean.input();
            // The system prompt is not sampled: its cached part is whole tokens
            // (the minimum and the steps are). Context and history are: the
            // share of each the mean request caches.
            let cached = this.shaping.cached(&mean, model);
            let system = cached.of(PrefixPart::System);
            let prefix = u64::try_from(system).unwrap_or(tokens.system).min(tokens.system);
            let share = |part: PrefixPart, of: Decimal| cached.of(part).checked_div(of).unwrap_or_default();
            CallSpec {
                kind,
                model,
                tokens: Tokens::Request {
                    prefix,
                    uncached_system: tokens.system - prefix,
                    reasoning_from_output: reasoning_ratio.is_some(),
                },
                shares: CachedShares {
                    context: share(PrefixPart::Context, mean.context),
                    history: share(PrefixPart::History, mean.history),
                    history_lost: this.shaping.history_lost(model),
                },
                follows: true,
                long_point: model
                    .long_context
                    .as_ref()
                    .and_then(|lc| this.shaping.long_point(this.tier, lc.above_tokens)),
                long: model.is_long(mean_input),
                reasoning_ratio,
                used: false,
            }
        })
    }

    /// A call with its own tokens on `model` (a classifier, a judge; no token
    /// technique applies to them), long when they and `read` tokens more are.
    fn call(&mut self, kind: Kind, model: &'a Model, call: &Call, read: Decimal) -> usize {
        self.tariff(kind, model, |this| {
            let tokens = &call.tokens;
            let own = shape(tokens, &Techniques::default(), model).tokens;
            let cached = this.shaping.cached(&own, model).total();
            let prefix = u64::try_from(cached).unwrap_or(0).min(tokens.input());
            let reasoning_ratio = model.reasoning_ratio_for(tokens.reasoning);
            // Billed per visible output token at a ratio, else the call's own count.
            let reasoning = match reasoning_ratio {
                Some(_) => tokens.output,
                None => tokens.reasoning.unwrap_or(0),
            };
            CallSpec {
                kind,
                model,
                tokens: Tokens::Own {
                    plain: tokens.input() - prefix,
                    prefix,
                    output: tokens.output,
                    reasoning,
                },
                shares: CachedShares::default(),
                follows: false,
                long_point: None,
                long: model.is_long(Decimal::from(tokens.input()) + read),
                reasoning_ratio,
                used: false,
            }
        })
    }

    /// A judge's two tariffs on `model`: its own tokens and, when it reads
    /// them, the request and answer as input (as `routing::expected` bills them;
    /// long or not by the mean request).
    fn judge(&mut self, model: &'a Model, judge: &Verifier) -> Vec<usize> {
        if !judge.reads_answer {
            return vec![self.call(Kind::Judge, model, &judge.call, Decimal::ZERO)];
        }
        let request = shape(&self.tier.tokens, self.shaping.techniques, model).tokens;
        let read = request.input() + request.output;
        let own = self.call(Kind::Judge, model, &judge.call, read);
        let long = model.is_long(Decimal::from(judge.call.tokens.input()) + read);
        let reads = self.tariff(Kind::JudgeReads, model, |this| CallSpec {
            kind: Kind::JudgeReads,
            model,
            tokens: Tokens::Request {
                prefix: 0,
                uncached_system: this.tier.tokens.system,
                reasoning_from_output: false,
            },
            shares: CachedShares::default(),
            follows: false,
            long_point: None,
            long,
            reasoning_ratio: None,
            used: false,
        });
        vec![own, reads]
    }
}

/// One strategy on one tier before the strata are known.
struct LaneSpec<'a> {
    tariffs: CallSpecs<'a>,
    walk: Walk,
    escalation_cost: Decimal,
}

impl Plan {
    pub fn new(scenario: &Scenario, catalog: &Catalog) -> Result<Self, InputError> {
        let f = |d: Decimal, field: Field| float(d, scenario, field);
        let volume = Field::named("volume");
        let (per_day, days) = match scenario.volume.per_day {
            Some((d, days)) => (
                f(d, volume.key("interactions_per_day"))?,
                f(days, volume.key("days_per_month"))?,
            ),
            None => (
                f(
                    scenario.volume.per_month / Decimal::from(DEFAULT_DAYS_PER_MONTH),
                    volume.key("interactions_per_month"),
                )?,
                f64::from(DEFAULT_DAYS_PER_MONTH),
            ),
        };
        let uncertainty = Field::named("uncertainty");
        let cv = scenario
            .uncertainty
            .daily_volume_cv
            .map(|cv| f(cv, uncertainty.key("daily_volume_cv")))
            .transpose()?;
        let volume = VolumeLaw::new(per_day, days, cv)
            .map_err(|why| scenario.source.error(&uncertainty.key("daily_volume_cv"), why))?;
        let mut notes = Notes::default();
        // What a switch of model loses, as the expected-value engine finds it.
        let losses = (0..scenario.strategies.len())
            .map(|i| {
                let s = &scenario.strategies[i];
                let mut quiet = Notes::default();
                Resolved::new(scenario, catalog, i, &s.techniques, Windows::Allow, &mut quiet)
                    .map(|r| r.history_losses())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut tiers = Vec::with_capacity(scenario.tiers.len());
        let mut shares = Vec::with_capacity(scenario.tiers.len());
        for (t, tier) in scenario.tiers.iter().enumerate() {
            let spread = scenario.uncertainty.spreads.get(t).copied().unwrap_or_default();
            let spread_field = uncertainty.key("tiers").key(&tier.name);
            let input = Factor::new(f(spread.input_cv, spread_field.key("input_cv"))?);
            let output_cv = f(spread.output_cv, spread_field.key("output_cv"))?;
            shares.push(f(tier.share, Field::named("tiers").key(&tier.name).key("share"))?);
            let specs = scenario
                .strategies
                .iter()
                .zip(&losses)
                .map(|(s, lost)| lane_spec(scenario, catalog, s, t, lost))
                .collect::<Result<Vec<_>, _>>()?;
            tiers.push(tier_plan(scenario, tier, input, output_cv, specs, &mut notes)?);
        }
        Ok(Self {
            strategies: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
            volume,
            shares,
            tiers,
            capacity: Capacity::plan(scenario, catalog)?,
            storage: storage(scenario, catalog)?,
            notes,
        })
    }
}

/// How strategy `strategy` routes and serves requests of tier `t`.
fn lane_spec<'a>(
    scenario: &'a Scenario,
    catalog: &'a Catalog,
    strategy: &'a Strategy,
    t: usize,
    history_lost: &BTreeMap<String, Decimal>,
) -> Result<LaneSpec<'a>, InputError> {
    let index = scenario.strategy_index(&strategy.name).unwrap_or_default();
    let model = |id: &str| routing::lookup(scenario, catalog, index, id, &Field::named("strategies").index(index));
    let tier = &scenario.tiers[t];
    let classifier = &strategy.classifier;
    let judge = match &strategy.serving {
        Serving::Cascade(c) => c.verifier.as_ref(),
        _ => None,
    };
    let mut shaping = Shaping::new(&strategy.techniques, &strategy.service, tier);
    shaping.history_lost = history_lost.clone();
    let mut tariffs = CallSpecs {
        tier,
        shaping,
        specs: Vec::new(),
    };
    // The routed tiers of a row, the true tier first.
    let row = |m: &Confusion| -> Vec<(usize, Decimal)> {
        let cells: Vec<(usize, Decimal)> = m.cells(t).collect();
        cells
            .iter()
            .filter(|&&(j, _)| j == t)
            .chain(cells.iter().filter(|&&(j, _)| j != t))
            .copied()
            .collect()
    };
    let rules = row(&classifier.rules);
    let (llm, by_llm, classifier_tariff) = match &classifier.llm {
        Some(l) if !l.share[t].is_zero() => {
            let tariff = tariffs.call(Kind::Classifier, model(&l.call.model)?, &l.call, Decimal::ZERO);
            (l.share[t], row(&l.matrix), Some(tariff))
        }
        _ => (Decimal::ZERO, rules.clone(), None),
    };
    let fallback = strategy.fallback.as_ref();
    let mut failure = BTreeMap::new();
    for (name, p) in fallback.map(|f| &f.failure).into_iter().flatten() {
        failure.insert(model(name)?.id.clone(), *p);
    }
    let attempts = fallback.map_or(1, |f| f.attempts());
    let billing = fallback.map_or(FailedBilling::Full, |f| f.billing);
    // A chain only for each tier a request can be routed as, in the order the
    // rows first name them; the rows then point at chains, not at tiers.
    let mut routed: Vec<usize> = Vec::new();
    let mut chain_of: HashMap<usize, usize> = HashMap::new();
    for &(j, _) in rules.iter().chain(&by_llm) {
        chain_of.entry(j).or_insert_with(|| {
            routed.push(j);
            routed.len() - 1
        });
    }
    let to_chains = |row: Vec<(usize, Decimal)>| -> Vec<(usize, Decimal)> {
        row.into_iter().map(|(j, p)| (chain_of[&j], p)).collect()
    };
    let (rules, by_llm) = (to_chains(rules), to_chains(by_llm));
    let mut chains = vec![Vec::new(); routed.len()];
    for (&j, chain) in routed.iter().zip(chains.iter_mut()) {
        let mut steps: Vec<(&Model, Decimal, bool)> = Vec::new();
        match &strategy.serving {
            Serving::Cascade(c) => {
                for (i, m) in c.models.iter().enumerate() {
                    steps.push((model(m)?, c.accept[t][i], judge.is_some() && i + 1 < c.models.len()));
                }
            }
            plan => steps.push((
                model(plan.model_for(&scenario.tiers[j].name).unwrap_or_default())?,
                Decimal::ONE,
                false,
            )),
        }
        for b in fallback.map(|f| &f.backups).into_iter().flatten() {
            steps.push((model(b)?, Decimal::ONE, false));
        }
        for (m, accept, verified) in steps {
            let f = failure.get(&m.id).copied().unwrap_or_default();
            let failed = match billing {
                _ if f.is_zero() => None,
                billing => Kind::Failed(billing).billed_as().map(|kind| tariffs.request(kind, m)),
            };
            let judge_tariffs = match judge {
                Some(v) if verified => tariffs.judge(model(&v.call.model)?, v),
                _ => Vec::new(),
            };
            chain.push(Link {
                failure: f,
                attempts,
                accept,
                answer: tariffs.request(Kind::Answer, m),
                failed,
                judge: judge_tariffs,
            });
        }
    }
    Ok(LaneSpec {
        tariffs,
        walk: Walk {
            llm,
            classifier: classifier_tariff,
            rows: [rules, by_llm],
            chains,
        },
        escalation_cost: fallback.map_or(Decimal::ZERO, |f| f.escalation_cost),
    })
}

fn tier_plan(
    scenario: &Scenario,
    tier: &Tier,
    input: Factor,
    output_cv: f64,
    mut specs: Vec<LaneSpec>,
    notes: &mut Notes,
) -> Result<TierPlan, InputError> {
    let walks: Vec<Walk> = specs.iter().map(|s| s.walk.clone()).collect();
    let too_many = |what: String| {
        InputError::file(
            &scenario.source.name,
            format!(
                "tier `{}`: {what}; run Monte Carlo on fewer strategies at once",
                tier.name
            ),
        )
    };
    let routes = routing::routes(&walks).map_err(|_| {
        too_many(format!(
            "the strategies' classifiers, cascades and fallbacks give more than {MAX_LEAVES} combinations of outcomes to sample"
        ))
    })?;
    for (spec, outcomes) in specs.iter_mut().zip(&routes.outcomes) {
        for (tariff, _) in outcomes.iter().flat_map(|o| &o.calls) {
            spec.tariffs.specs[*tariff].used = true;
        }
    }
    let mut breaks: Vec<f64> = if input.is_fixed() {
        Vec::new()
    } else {
        specs
            .iter()
            .flat_map(|s| {
                let used = s.tariffs.specs.iter().filter(|t| t.used && t.follows);
                std::iter::once(s.tariffs.shaping.cap_point)
                    .chain(used.map(|t| t.long_point))
                    .map(|p| p.and_then(point))
            })
            .flatten()
            .filter(|p| p.is_finite() && *p > 0.0)
            .collect()
    };
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    let caches = |s: &LaneSpec| {
        let cached = |t: &CallSpec| match t.tokens {
            Tokens::Request { prefix, .. } | Tokens::Own { prefix, .. } => {
                t.used && (prefix > 0 || !t.shares.context.is_zero() || !t.shares.history.is_zero())
            }
        };
        if s.tariffs.specs.iter().any(cached) {
            s.tariffs.shaping.hit
        } else {
            Decimal::ZERO
        }
    };
    let splits = Splits {
        batch: Uniform::new(specs.iter().map(|s| s.tariffs.shaping.batch)),
        stop: Uniform::new(specs.iter().map(|s| s.tariffs.shaping.stop)),
        hit: Uniform::new(specs.iter().map(caches)),
        routes: if routes.probabilities.len() > 1 {
            routes.probabilities.clone()
        } else {
            Vec::new()
        },
        breaks,
    };
    if splits.groups() * splits.strata() > MAX_GROUPS {
        return Err(too_many(format!(
            "the strategies' techniques and routing split its interactions into more than {MAX_GROUPS} groups to sample"
        )));
    }
    let lanes = specs
        .iter()
        .zip(routes.outcomes)
        .map(|(s, outcomes)| lane(s, caches(s), &splits, &input, outcomes, notes))
        .collect();
    let strata: Vec<_> = (0..splits.strata())
        .map(|k| {
            let (lo, hi) = splits.stratum_bounds(k);
            input.slice(lo, hi)
        })
        .collect();
    let t = &tier.tokens;
    Ok(TierPlan {
        law: TierLaw {
            means: Means {
                context: t.context as f64,
                history: t.history as f64,
                user: t.user as f64,
                output: t.output as f64,
                reasoning: t.reasoning.unwrap_or(0) as f64,
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
    })
}

fn lane(
    s: &LaneSpec,
    hit: Decimal,
    splits: &Splits,
    input: &Factor,
    outcomes: Vec<routing::Outcome>,
    notes: &mut Notes,
) -> Lane {
    let shaping = &s.tariffs.shaping;
    let strata = splits.strata();
    // The first stratum from which a condition holds: by the input factor's
    // point where it varies, else by the mean request.
    let from = |follows: bool, point: Option<f64>, holds: bool| match (follows && !input.is_fixed(), point) {
        (true, Some(p)) => splits.stratum_after(p),
        (true, None) => strata,
        (false, _) if holds => 0,
        (false, _) => strata,
    };
    let batch_below = splits.batch.below(shaping.batch);
    let batch_reach = [batch_below < splits.batch.intervals(), batch_below > 0];
    let tariffs = s
        .tariffs
        .specs
        .iter()
        .map(|spec| {
            let long_from = from(spec.follows, spec.long_point.and_then(point), spec.long);
            let long_reach = [long_from > 0, long_from < strata];
            let mut rates: [[Option<Rates>; 2]; 2] = Default::default();
            let multiplier = shaping.service.multiplier(spec.model).unwrap_or(Decimal::ONE);
            for b in [0, 1] {
                for long in [0, 1] {
                    if spec.used && batch_reach[b] && long_reach[long] {
                        // A call not on the batch API pays its service tiers' rates by their shares.
                        let call = if b == 0 {
                            CallRates::sync(spec.model, spec.kind, shaping.service, long == 1, shaping.ttl, notes)
                        } else {
                            CallRates::new(spec.model, spec.kind, Mode::Batch, long == 1, shaping.ttl, notes)
                                .in_region(multiplier)
                        };
                        let reasoning = spec.reasoning_ratio.unwrap_or(Decimal::ONE);
                        rates[b][long] = Some(Rates::new(&call, &shaping.kept, reasoning, &spec.shares));
                    }
                }
            }
            LaneCall {
                tokens: spec.tokens.clone(),
                long_from,
                rates,
            }
        })
        .collect();
    Lane {
        batch_below,
        stop_below: splits.stop.below(shaping.stop),
        hit_below: splits.hit.below(hit),
        capped_from: from(true, shaping.cap_point.and_then(point), shaping.capped),
        cap: shaping.cap.unwrap_or(0),
        tariffs,
        outcomes,
        escalation_cost: s.escalation_cost,
    }
}

/// Each strategy's explicit caches' storage for the month (0 without them),
/// priced by the expected-value engine: it depends on no drawn token.
fn storage(scenario: &Scenario, catalog: &Catalog) -> Result<Vec<Decimal>, InputError> {
    scenario
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.techniques
                .caching
                .as_ref()
                .is_none_or(|c| c.explicit_hours_per_day.is_none())
            {
                return Ok(Decimal::ZERO);
            }
            let priced = crate::engine::price_strategy(scenario, catalog, i, &s.techniques, &mut Notes::default())?;
            Ok(priced.storage.map_or(Decimal::ZERO, |b| b.total))
        })
        .collect()
}
