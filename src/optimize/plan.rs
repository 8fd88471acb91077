//! The search itself: every routing the scenario can express, for every
//! technique setting allowed, each routed tier's candidates priced once
//! (`price.rs`) and combined exactly (`frontier.rs`); the frontiers merged;
//! the plan that answers the question chosen and priced again as a strategy,
//! exactly as `simulate` would price it.

use super::candidates::{self, Candidates, OptimizeError, Scores};
use super::frontier::{Choice, pareto_of};
use super::price::{self, Table};
use super::sharing::{MAX_VISITS, Shared, shared_frontier};
use crate::engine::{CatalogInfo, ScenarioInfo, StrategyReport, price_strategy, simulate};
use crate::figures::percent_of;
use crate::money;
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::routing::{Classifier, ClassifierKind, Fallback};
use crate::scenario::{Scenario, Serving, Strategy};
use crate::techniques::{Technique, Techniques};
use rust_decimal::Decimal;
use serde::Serialize;

/// The decimal places at which the search adds each tier's figures: a
/// millionth of a millionth. Each tier's figure is rounded to them once, so
/// the frontier's sums are exact.
const PLACES: u32 = 12;

/// The places at which plans are compared and shown: a billionth. Plans equal
/// in fact compare equal there (a confusion row of measured counts such as
/// 20/66 sums to 1 only to 28 places, and each tier's figure is rounded), and
/// of equal plans the simpler routing, then fewer techniques, is kept.
const SHOWN: u32 = 9;

/// `value` rounded to [`PLACES`].
fn compared(value: Decimal) -> Decimal {
    value.round_dp(PLACES)
}

/// How a plan's requests reach their models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Routing {
    /// One model for every tier: no router needed; with the fallback of the
    /// single-model strategy `from`, when given.
    Single { from: Option<String> },
    /// Requests arrive labelled with their tier (the scenario has a routed
    /// strategy without a classifier); nothing fails.
    Direct,
    /// The classifier (and fallback) of the scenario's routed strategy `from`.
    Routed { from: String },
    /// The cascade of the strategy `from`, as written.
    Cascade { from: String },
}

impl Routing {
    /// The scenario strategy this routing comes from.
    pub(super) fn source(&self) -> Option<&str> {
        match self {
            Routing::Direct | Routing::Single { from: None } => None,
            Routing::Single { from: Some(from) } | Routing::Routed { from } | Routing::Cascade { from } => Some(from),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Routing::Single { from: None } => "single".to_string(),
            Routing::Single { from: Some(from) } => format!("single, fallback as {from}"),
            Routing::Direct => "direct".to_string(),
            Routing::Routed { from } => format!("as {from}"),
            Routing::Cascade { from } => format!("cascade as {from}"),
        }
    }
}

/// One plan: a routing, the techniques on, and the models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub routing: Routing,
    pub techniques: Vec<Technique>,
    /// Per tier, in the scenario's order, the model serving the requests
    /// routed there (for a cascade, its models in order, as one entry).
    pub models: Vec<(String, String)>,
    /// The monthly cost, as the search sums it, to a billionth.
    pub cost: Decimal,
    /// The expected quality, in [0, 1], to a billionth.
    pub quality: Decimal,
}

/// What the plan must achieve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// Only the frontier.
    Frontier,
    /// The cheapest plan of at least this quality.
    QualityFloor(Decimal),
    /// The best quality at most this monthly cost.
    Budget(Decimal),
}

/// The plan that answers the question, priced as a strategy.
#[derive(Debug, Clone, Serialize)]
pub struct Chosen {
    /// Its position on the frontier.
    pub point: usize,
    /// The strategy as `simulate` prices it.
    pub priced: StrategyReport,
    #[serde(skip)]
    pub strategy: Strategy,
}

#[derive(Debug, Clone, Serialize)]
pub struct Optimization {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub goal: Goal,
    pub candidates: Vec<String>,
    pub routings: Vec<Routing>,
    /// The technique settings tried, each a list of techniques on.
    pub technique_sets: Vec<Vec<Technique>>,
    /// Cheapest first; quality rises strictly along it.
    pub frontier: Vec<Plan>,
    pub chosen: Option<Chosen>,
    /// The scenario's baseline strategy, as `simulate` prices it.
    pub baseline: StrategyReport,
    /// With `--risk`: each plan's p95 month, sampled.
    pub risk: Option<super::Risk>,
    pub warnings: Vec<String>,
}

/// What to search and what for.
#[derive(Debug, Clone)]
pub struct Request {
    pub goal: Goal,
    pub candidates: Candidates,
    /// The techniques that may be on (`None`: those the scenario turns on).
    pub techniques: Option<Vec<Technique>>,
    /// The chosen plan's strategy name.
    pub name: String,
}

/// The routings the scenario's strategies express: one model for every tier
/// first, tiers served directly when a routed strategy has no classifier,
/// then each distinct classifier and fallback, in the order of the strategies.
fn routings(scenario: &Scenario) -> Vec<Routing> {
    let mut out = vec![Routing::Single { from: None }];
    let labelled = |s: &Strategy| s.classifier.kind == ClassifierKind::None && s.fallback.is_none();
    if scenario
        .strategies
        .iter()
        .any(|s| matches!(s.serving, Serving::Routed(_)) && labelled(s))
    {
        out.push(Routing::Direct);
    }
    let mut seen: Vec<(&'static str, &Classifier, Option<&Fallback>)> = Vec::new();
    for s in &scenario.strategies {
        let routing = match &s.serving {
            Serving::Routed(_) | Serving::Single(_) if labelled(s) => continue,
            Serving::Routed(_) => Routing::Routed { from: s.name.clone() },
            Serving::Single(_) => Routing::Single {
                from: Some(s.name.clone()),
            },
            Serving::Cascade(_) => Routing::Cascade { from: s.name.clone() },
        };
        let key = (s.serving.kind(), &s.classifier, s.fallback.as_ref());
        if !matches!(routing, Routing::Cascade { .. }) && seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(routing);
    }
    out
}

/// The per-tier tables of one technique setting, by fallback, made as needed.
struct Tables<'a> {
    scenario: &'a Scenario,
    catalog: &'a Catalog,
    candidates: &'a [String],
    techniques: &'a Techniques,
    made: Vec<(Option<Fallback>, Table)>,
}

impl Tables<'_> {
    fn get(&mut self, fallback: Option<&Fallback>) -> Result<&Table, OptimizeError> {
        let at = match self.made.iter().position(|(f, _)| f.as_ref() == fallback) {
            Some(at) => at,
            None => {
                let table = price::table(self.scenario, self.catalog, self.candidates, fallback, self.techniques)?;
                self.made.push((fallback.cloned(), table));
                self.made.len() - 1
            }
        };
        Ok(&self.made[at].1)
    }
}

/// Searches `scenario` as `request` asks.
pub fn optimize(scenario: &Scenario, catalog: &Catalog, request: &Request) -> Result<Optimization, OptimizeError> {
    // The scenario's own strategies first: any error in them is reported where it is.
    let simulation = simulate(scenario, catalog)?;
    let scores = candidates::scores(scenario, catalog)?;
    let models = candidates::resolve(&request.candidates, scenario, catalog, &scores)?;
    let sets = candidates::technique_sets(scenario, request.techniques.as_deref())?;
    if sets
        .iter()
        .any(|t| t.caching.as_ref().is_some_and(|c| c.explicit_hours_per_day.is_some()))
    {
        return Err(OptimizeError::ExplicitCaching {
            scenario: scenario.source.name.clone(),
        });
    }
    let routings = routings(scenario);
    let mut notes = Notes::default();
    let mut plans = Vec::new();
    for techniques in &sets {
        let mut tables = Tables {
            scenario,
            catalog,
            candidates: &models,
            techniques,
            made: Vec::new(),
        };
        for routing in &routings {
            let found = search(scenario, catalog, routing, techniques, &mut tables, &models)?;
            if found.is_empty() {
                notes.add(format!(
                    "routing `{}` with techniques {} gives no plan: a model that answers in it (a backup \
                     too) has no quality score for a tier it serves, or no candidate's context window fits",
                    routing.describe(),
                    named(&techniques.enabled())
                ));
            }
            plans.extend(found);
        }
    }
    let frontier: Vec<Plan> = pareto_of(&plans, |p| Choice {
        cost: p.cost,
        quality: p.quality,
    });
    if frontier.is_empty() {
        return Err(OptimizeError::NoPlan(unserved(scenario, &models, &scores)));
    }
    let currency = &catalog.currency;
    let point = match request.goal {
        Goal::Frontier => None,
        Goal::QualityFloor(floor) => Some(frontier.iter().position(|p| p.quality >= floor).ok_or_else(|| {
            let best = &frontier[frontier.len() - 1];
            OptimizeError::FloorUnreachable {
                floor: percent_of(floor),
                best: percent_of(best.quality),
                cost: money::display(best.cost, currency),
            }
        })?),
        Goal::Budget(budget) => {
            Some(
                frontier
                    .iter()
                    .rposition(|p| p.cost <= budget)
                    .ok_or_else(|| OptimizeError::BudgetTooLow {
                        budget: money::display(budget, currency),
                        cheapest: money::display(frontier[0].cost, currency),
                        quality: percent_of(frontier[0].quality),
                    })?,
            )
        }
    };
    let chosen = point
        .map(|point| -> Result<Chosen, OptimizeError> {
            let strategy = strategy(scenario, &frontier[point], &request.name);
            let priced = price_plan(scenario, catalog, &strategy, &mut notes)?;
            Ok(Chosen {
                point,
                priced,
                strategy,
            })
        })
        .transpose()?;
    let baseline = simulation
        .strategies
        .iter()
        .find(|s| s.name == scenario.baseline)
        .or(simulation.strategies.first())
        .cloned()
        .ok_or_else(|| OptimizeError::NoPlan("the scenario has no strategy".to_string()))?;
    Ok(Optimization {
        scenario: simulation.scenario,
        catalog: simulation.catalog,
        goal: request.goal,
        candidates: models,
        routings,
        technique_sets: sets.iter().map(Techniques::enabled).collect(),
        frontier,
        chosen,
        baseline,
        risk: None,
        warnings: notes.iter().cloned().collect(),
    })
}

/// Techniques in words: `none`, or their names joined by ` + `.
pub fn named(techniques: &[Technique]) -> String {
    if techniques.is_empty() {
        "none".to_string()
    } else {
        techniques.iter().map(|t| t.name()).collect::<Vec<_>>().join(" + ")
    }
}

/// The plans of one routing and technique setting on the frontier of that pair.
fn search(
    scenario: &Scenario,
    catalog: &Catalog,
    routing: &Routing,
    techniques: &Techniques,
    tables: &mut Tables,
    models: &[String],
) -> Result<Vec<Plan>, OptimizeError> {
    let index = routing.source().and_then(|name| scenario.strategy_index(name));
    let source = index.map(|i| &scenario.strategies[i]);
    let shares: Vec<Decimal> = scenario.tiers.iter().map(|t| t.share).collect();
    let plan = |models: Vec<(String, String)>, cost: Decimal, quality: Decimal| Plan {
        routing: routing.clone(),
        techniques: techniques.enabled(),
        models,
        cost: cost.round_dp(SHOWN).normalize(),
        quality: quality.round_dp(SHOWN).normalize(),
    };
    let every_tier =
        |m: &str| -> Vec<(String, String)> { scenario.tiers.iter().map(|t| (t.name.clone(), m.to_string())).collect() };
    match (routing, source, index) {
        (Routing::Cascade { .. }, Some(s), Some(i)) => {
            // Its acceptance rates belong to its models: priced as written, if it fits.
            let mut notes = Notes::default();
            let Ok(report) = price_strategy(scenario, catalog, i, techniques, &mut notes) else {
                return Ok(Vec::new());
            };
            let Serving::Cascade(c) = &s.serving else {
                return Ok(Vec::new());
            };
            let models = vec![("cascade".to_string(), c.models.join(" → "))];
            Ok(report
                .quality
                .map(|q| plan(models, report.total, compared(q)))
                .into_iter()
                .collect())
        }
        (Routing::Single { .. }, _, _) => {
            let table = tables.get(source.and_then(|s| s.fallback.as_ref()))?;
            Ok(models
                .iter()
                .enumerate()
                .filter_map(|(m, id)| {
                    let mut cost = Decimal::ZERO;
                    let mut quality = Decimal::ZERO;
                    for (t, share) in shares.iter().enumerate() {
                        let p = &table[t][m];
                        if !p.fits {
                            return None;
                        }
                        // Every turn is routed to `m`: only a backup's calls lose history.
                        let backups = p.losses.iter().filter(|(k, _)| k != id).map(|(_, loss)| loss);
                        cost += p.cost + backups.sum::<Decimal>();
                        quality += share * p.quality?;
                    }
                    Some(plan(every_tier(id), compared(cost), compared(quality)))
                })
                .collect())
        }
        _ => {
            let (matrix, fallback, constant) = match (source, index) {
                (Some(s), Some(i)) => (
                    s.classifier.matrix.clone(),
                    s.fallback.as_ref(),
                    price::classifier_cost(scenario, catalog, i, techniques)?,
                ),
                _ => (crate::routing::Confusion::identity(shares.len()), None, Decimal::ZERO),
            };
            let table = tables.get(fallback)?;
            // Routed tier j receives M[t][j] of each true tier t's requests.
            let mut reaching: Vec<Vec<(usize, Decimal)>> = vec![Vec::new(); shares.len()];
            for t in 0..shares.len() {
                for (j, weight) in matrix.cells(t) {
                    reaching[j].push((t, weight));
                }
            }
            // Routed tier j takes r_j of the turns: its model's share of turns, alone.
            let reach: Vec<Decimal> = sources_share(&reaching, &shares);
            let mut options: Vec<Vec<Shared>> = Vec::with_capacity(shares.len());
            for (j, sources) in reaching.iter().enumerate() {
                let tier: Vec<Shared> = (0..models.len())
                    .filter(|&m| table[j][m].fits)
                    .filter_map(|m| {
                        let mut choice = Choice {
                            cost: Decimal::ZERO,
                            quality: Decimal::ZERO,
                        };
                        let mut losses: Vec<(usize, Decimal)> = Vec::new();
                        for &(t, w) in sources {
                            let p = &table[t][m];
                            choice.cost += w * p.cost;
                            choice.quality += shares[t] * w * p.quality?;
                            for (id, loss) in &p.losses {
                                match models.iter().position(|c| c == id) {
                                    Some(k) => match losses.iter_mut().find(|(at, _)| *at == k) {
                                        Some((_, sum)) => *sum += w * loss,
                                        None => losses.push((k, w * loss)),
                                    },
                                    // A backup no tier is routed to: every turn before went elsewhere.
                                    None => choice.cost += w * loss,
                                }
                            }
                        }
                        choice.cost = compared(choice.cost);
                        choice.quality = compared(choice.quality);
                        for (_, loss) in &mut losses {
                            *loss = compared(*loss);
                        }
                        Some(Shared {
                            model: m,
                            choice,
                            losses,
                        })
                    })
                    .collect();
                options.push(tier);
            }
            let frontier = shared_frontier(&options, &reach, PLACES).map_err(|_| OptimizeError::SearchTooLarge {
                tiers: options.len(),
                candidates: models.len(),
                visits: MAX_VISITS,
            })?;
            Ok(frontier
                .into_iter()
                .map(|point| {
                    let chosen = point
                        .picks
                        .iter()
                        .zip(&options)
                        .zip(&scenario.tiers)
                        .map(|((&pick, opts), tier)| (tier.name.clone(), models[opts[pick].model].clone()))
                        .collect();
                    plan(chosen, point.cost + compared(constant), point.quality)
                })
                .collect())
        }
    }
}

/// The share of all turns routed to each tier: `r_j = Σ_t share_t × M[t][j]`.
fn sources_share(reaching: &[Vec<(usize, Decimal)>], shares: &[Decimal]) -> Vec<Decimal> {
    reaching
        .iter()
        .map(|sources| sources.iter().map(|&(t, w)| shares[t] * w).sum())
        .collect()
}

/// Why no plan serves every tier: the tiers no candidate can take.
fn unserved(scenario: &Scenario, models: &[String], scores: &Scores) -> String {
    let tiers: Vec<&str> = scenario
        .tiers
        .iter()
        .filter(|t| {
            !models
                .iter()
                .any(|m| scores.get(m).is_some_and(|s| s.contains_key(&t.name)))
        })
        .map(|t| t.name.as_str())
        .collect();
    if tiers.is_empty() {
        format!(
            "every candidate ({}) lacks a quality score or a context window large enough for some tier",
            models.join(", ")
        )
    } else {
        format!("no candidate has a quality score for tier {}", tiers.join(", "))
    }
}

/// The plan as a strategy named `name`, with the routing's classifier and
/// fallback and exactly the plan's techniques on.
pub(super) fn strategy(scenario: &Scenario, plan: &Plan, name: &str) -> Strategy {
    let source = plan
        .routing
        .source()
        .and_then(|n| scenario.strategy_index(n))
        .map(|i| &scenario.strategies[i]);
    let techniques = scenario.techniques.only(&plan.techniques);
    let overrides = Technique::ORDER
        .into_iter()
        .filter(|t| scenario.techniques.has(*t) != techniques.has(*t))
        .collect();
    let mut models = plan.models.iter().map(|(_, m)| m);
    let first = models.next().cloned().unwrap_or_default();
    let serving = match (&plan.routing, source) {
        (Routing::Cascade { .. }, Some(s)) => s.serving.clone(),
        (Routing::Single { .. }, _) => Serving::Single(first),
        (Routing::Direct, _) if models.all(|m| *m == first) => Serving::Single(first),
        _ => Serving::Routed(plan.models.iter().cloned().collect()),
    };
    Strategy {
        name: name.to_string(),
        serving,
        techniques,
        classifier: source.map_or_else(|| Classifier::none(scenario.tiers.len()), |s| s.classifier.clone()),
        fallback: source.and_then(|s| s.fallback.clone()),
        overrides,
        service: source.map(|s| s.service.clone()).unwrap_or_default(),
    }
}

/// `strategy` priced in the scenario, as `simulate` prices its strategies.
fn price_plan(
    scenario: &Scenario,
    catalog: &Catalog,
    strategy: &Strategy,
    notes: &mut Notes,
) -> Result<StrategyReport, OptimizeError> {
    let mut with = scenario.clone();
    with.strategies.push(strategy.clone());
    let index = with.strategies.len() - 1;
    Ok(price_strategy(&with, catalog, index, &strategy.techniques, notes)?)
}
