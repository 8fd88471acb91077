//! What actually serves each tier's requests under a strategy (docs/routing.md):
//! the classifier's calls, the models the confusion matrix sends requests
//! to (with the true tier's tokens), cascade steps and their judge, failed
//! attempts and backups, and the people handling what no model served. Every
//! call is billed by the tariff (`crate::tariff::bill`) as the kind of call it is.
//!
//! The money routing moves is found by pricing the same tier three times:
//! as it is; without failures; and also with perfect routing. The cascade's
//! extra is the rejected answers and judge calls actually made (failures
//! included); of the answers and failed attempts, misrouting is the second
//! pricing less the third and fallback the first less the second, so that
//! `cost = answers with perfect routing + classifier + misrouting + cascade +
//! fallback + escalation` exactly.

use super::{Call, ChainOutcome, FailedBilling, Step, Verifier, run};
use crate::engine::{Components, Extras, Role, Served, shape};
use crate::input::{Field, InputError};
use crate::notes::Notes;
use crate::pricing::{Catalog, Model};
use crate::scenario::{Scenario, Serving, Strategy, Tier, TierTokens};
use crate::tariff::{Bill, Kind, RequestTokens, bill, history_lost, judge_input};
use crate::techniques::Techniques;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// A model of the strategy and the field that names it.
#[derive(Clone)]
struct Named<'a> {
    model: &'a Model,
    field: Field,
}

/// Finds `id` in the catalog, or an error at `field` naming the closest ids.
/// The model `id` names for strategy `index`, which must be sold in the
/// strategy's service tiers and region (else an error at `service_tier.<tier>`
/// or `region`).
pub(crate) fn lookup<'a>(
    scenario: &Scenario,
    catalog: &'a Catalog,
    index: usize,
    id: &str,
    field: &Field,
) -> Result<&'a Model, InputError> {
    let model = catalog.model(id).map_err(|unknown| {
        let e = scenario.source.error(field, format!("{unknown} ({})", catalog.file));
        match unknown.hint() {
            Some(hint) => e.with_hint(hint),
            None => e,
        }
    })?;
    let strategy = &scenario.strategies[index];
    if let Some((key, missing)) = strategy.service.missing(model) {
        let mut at = Field::named("strategies").index(index);
        for part in key.split('.') {
            at = at.key(part);
        }
        return Err(scenario.source.error(
            &at,
            format!("strategy `{}`: {missing} ({})", strategy.name, catalog.file),
        ));
    }
    Ok(model)
}

/// One tier's requests for a month, served.
pub(crate) struct TierServing {
    pub served: Vec<Served>,
    pub extras: Extras,
    pub escalations: Decimal,
    pub quality: Option<Decimal>,
}

impl TierServing {
    /// What the requests cost by part: every call made, and the people
    /// handling the requests no model served.
    pub fn components(&self) -> Components {
        self.served.iter().map(|s| s.components).sum::<Components>()
            + Components {
                human: self.extras.escalation,
                ..Components::default()
            }
    }
}

/// Expected calls per request of a tier, by role and model, and the share left unserved.
#[derive(Default)]
struct Tally<'a> {
    /// In the order first added.
    calls: Vec<(Role, &'a Model, Decimal)>,
    /// The position in `calls` of each role and model id.
    at: HashMap<(Role, &'a str), usize>,
    unserved: Decimal,
}

impl<'a> Tally<'a> {
    fn add(&mut self, role: Role, model: &'a Model, count: Decimal) {
        if count.is_zero() {
            return;
        }
        match self.at.get(&(role, model.id.as_str())) {
            Some(&i) => self.calls[i].2 += count,
            None => {
                self.at.insert((role, &model.id), self.calls.len());
                self.calls.push((role, model, count));
            }
        }
    }
}

/// What a request above the context window of the model it is meant for is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Windows {
    /// An error: the strategy cannot serve the tier.
    Enforce,
    /// A warning, the request priced as if it fitted: for the first steps of a
    /// ladder, where a technique left out (pruning) is what makes it fit.
    Allow,
}

/// A strategy with every model it names found in the catalog.
pub(crate) struct Resolved<'a> {
    scenario: &'a Scenario,
    strategy: &'a Strategy,
    techniques: &'a Techniques,
    /// Per tier, the model a request of the tier goes to first.
    first: Vec<Named<'a>>,
    cascade: Vec<Named<'a>>,
    backups: Vec<&'a Model>,
    /// Failure probability per attempt, by model id.
    failure: BTreeMap<String, Decimal>,
    classifier: Option<(Named<'a>, &'a Call)>,
    verifier: Option<(Named<'a>, &'a Verifier)>,
    /// Quality scores by model id.
    quality: BTreeMap<String, &'a BTreeMap<String, Decimal>>,
    windows: Windows,
    /// With conversations of several turns and their history cached: the
    /// share of turns routed first to each model (by id), from which a switch
    /// of model's lost history follows (`tariff::history_lost`).
    session: Option<(u64, BTreeMap<String, Decimal>)>,
}

impl<'a> Resolved<'a> {
    pub fn new(
        scenario: &'a Scenario,
        catalog: &'a Catalog,
        index: usize,
        techniques: &'a Techniques,
        windows: Windows,
        notes: &mut Notes,
    ) -> Result<Self, InputError> {
        let strategy = &scenario.strategies[index];
        let field = Field::named("strategies").index(index);
        let named = |id: &str, field: Field| -> Result<Named<'a>, InputError> {
            Ok(Named {
                model: lookup(scenario, catalog, index, id, &field)?,
                field,
            })
        };
        let mut cascade = Vec::new();
        let first = match &strategy.serving {
            Serving::Single(m) => {
                let one = named(m, field.key("model"))?;
                vec![one; scenario.tiers.len()]
            }
            Serving::Routed(routes) => scenario
                .tiers
                .iter()
                .map(|t| named(&routes[&t.name], field.key("routes").key(&t.name)))
                .collect::<Result<_, _>>()?,
            Serving::Cascade(c) => {
                for (i, m) in c.models.iter().enumerate() {
                    cascade.push(named(m, field.key("cascade").key("models").index(i))?);
                }
                vec![cascade[0].clone(); scenario.tiers.len()]
            }
        };
        let verifier = match &strategy.serving {
            Serving::Cascade(c) => c
                .verifier
                .as_ref()
                .map(|v| named(&v.call.model, field.key("cascade").key("verifier").key("model")).map(|n| (n, v)))
                .transpose()?,
            _ => None,
        };
        let classifier = strategy
            .classifier
            .llm
            .as_ref()
            .map(|l| named(&l.call.model, field.key("classifier").key("llm").key("model")).map(|n| (n, &l.call)))
            .transpose()?;
        let mut backups = Vec::new();
        let mut failure = BTreeMap::new();
        if let Some(fb) = &strategy.fallback {
            let f = field.key("fallback");
            for (i, b) in fb.backups.iter().enumerate() {
                backups.push(lookup(scenario, catalog, index, b, &f.key("backups").index(i))?);
            }
            for (name, p) in &fb.failure {
                let model = lookup(scenario, catalog, index, name, &f.key("failure").key(name))?;
                if failure.insert(model.id.clone(), *p).is_some() {
                    return Err(scenario.source.error(
                        &f.key("failure").key(name),
                        format!("`{name}` names model `{}` a second time", model.id),
                    ));
                }
                let used = first.iter().chain(&cascade).any(|n| n.model.id == model.id)
                    || backups.iter().any(|b| b.id == model.id);
                if !used {
                    notes.add(format!(
                        "strategy {}: fallback.failure names `{name}`, which serves none of its requests",
                        strategy.name
                    ));
                }
            }
        }
        let mut quality = BTreeMap::new();
        if let Some(q) = &scenario.quality {
            for (name, scores) in &q.scores {
                // Scores of a model the catalog lacks (retired, or a typo) cannot
                // apply to any call: say so, and price the rest.
                let model = match catalog.model(name) {
                    Ok(model) => model,
                    Err(unknown) => {
                        let hint = unknown.hint().map_or(String::new(), |h| format!("; {h}"));
                        notes.add(format!("quality scores for `{name}` are not used: {unknown}{hint}"));
                        continue;
                    }
                };
                if quality.insert(model.id.clone(), scores).is_some() {
                    return Err(scenario.source.error(
                        &Field::named("quality").key(name),
                        format!("`{name}` names model `{}` a second time", model.id),
                    ));
                }
            }
        }
        let session = techniques.caching.as_ref().filter(|c| c.switching_loses()).map(|c| {
            let mut shares: BTreeMap<String, Decimal> = BTreeMap::new();
            for (t, tier) in scenario.tiers.iter().enumerate() {
                for (j, weight) in strategy.classifier.matrix.cells(t) {
                    *shares.entry(first[j].model.id.clone()).or_default() += tier.share * weight;
                }
            }
            (c.session_turns, shares)
        });
        Ok(Self {
            scenario,
            strategy,
            techniques,
            session,
            first,
            cascade,
            backups,
            failure,
            classifier,
            verifier,
            quality,
            windows,
        })
    }

    /// The model a request of tier `t` goes to first.
    pub fn first(&self, t: usize) -> &'a Model {
        self.first[t].model
    }

    /// The probability that a request's cached history misses on `model`
    /// because the turn before it was routed to another model: `(turns - 1) /
    /// turns × (1 - share of turns routed to model)`.
    pub fn history_lost(&self, model: &Model) -> Decimal {
        self.session.as_ref().map_or(Decimal::ZERO, |(turns, shares)| {
            history_lost(*turns, shares.get(&model.id).copied().unwrap_or_default())
        })
    }

    /// The strategy as if no turn were routed to the model of the turn before
    /// it: every model loses `(turns - 1) / turns` of its history hits (a
    /// plan's own loss on a model is this times `1 - ` its share of turns).
    pub fn every_turn_switched(mut self) -> Self {
        if let Some((_, shares)) = &mut self.session {
            shares.clear();
        }
        self
    }

    /// The strategy as if every turn stayed on the model of the turn before it: no history lost.
    pub fn never_switched(mut self) -> Self {
        self.session = None;
        self
    }

    /// Every model's [`Self::history_lost`] that is not 0, by id.
    pub fn history_losses(&self) -> BTreeMap<String, Decimal> {
        let models = self
            .first
            .iter()
            .chain(&self.cascade)
            .map(|n| n.model)
            .chain(self.backups.iter().copied());
        models
            .map(|m| (m.id.clone(), self.history_lost(m)))
            .filter(|(_, lost)| !lost.is_zero())
            .collect()
    }

    /// The expected calls for one request of tier `t`: with the classifier's
    /// errors or `perfect` routing, with the fallback's failures or without.
    fn tally(&self, t: usize, perfect: bool, failures: bool) -> Tally<'a> {
        let matrix = &self.strategy.classifier.matrix;
        let routes: Vec<(Decimal, Vec<(&'a Model, Decimal)>)> = match &self.strategy.serving {
            Serving::Cascade(c) => vec![(
                Decimal::ONE,
                self.cascade
                    .iter()
                    .map(|n| n.model)
                    .zip(c.accept[t].iter().copied())
                    .collect(),
            )],
            // Only the tiers the row reaches: perfect routing reaches the true tier alone.
            _ if perfect => vec![(Decimal::ONE, vec![(self.first[t].model, Decimal::ONE)])],
            _ => matrix
                .cells(t)
                .map(|(j, weight)| (weight, vec![(self.first[j].model, Decimal::ONE)]))
                .collect(),
        };
        let attempts = self.strategy.fallback.as_ref().map_or(1, |f| f.attempts());
        let mut tally = Tally::default();
        // For one tier, a chain's outcome depends only on its models: a row
        // reaching many tiers served by the same model runs that chain once.
        let mut outcomes: HashMap<Vec<&str>, ChainOutcome> = HashMap::new();
        for (weight, steps) in routes {
            let last = steps.len() - 1;
            let models: Vec<(&'a Model, Decimal, bool)> = steps
                .into_iter()
                .enumerate()
                .map(|(i, (m, accept))| (m, accept, self.verifier.is_some() && i < last))
                .chain(self.backups.iter().map(|&b| (b, Decimal::ONE, false)))
                .collect();
            let key: Vec<&str> = models.iter().map(|(m, ..)| m.id.as_str()).collect();
            let outcome = outcomes.entry(key).or_insert_with(|| {
                let chain: Vec<Step> = models
                    .iter()
                    .map(|&(m, accept, verified)| Step {
                        failure: if failures {
                            self.failure.get(&m.id).copied().unwrap_or_default()
                        } else {
                            Decimal::ZERO
                        },
                        attempts,
                        accept,
                        verified,
                    })
                    .collect();
                run(&chain)
            });
            for (&(model, ..), o) in models.iter().zip(&outcome.steps) {
                tally.add(Role::Answer, model, weight * o.delivered);
                tally.add(Role::Rejected, model, weight * o.rejected);
                tally.add(Role::Failed, model, weight * o.failed);
                if let Some((v, _)) = &self.verifier {
                    tally.add(Role::Verifier, v.model, weight * o.verifications);
                }
            }
            tally.unserved += weight * outcome.unserved;
        }
        tally
    }

    /// Whether a request of tier `t` is meant to reach `model` (its own tier's
    /// model, or any step of a cascade): there a context window too small is an error.
    fn meant_for(&self, t: usize, model: &Model) -> Option<&Field> {
        std::iter::once(&self.first[t])
            .chain(&self.cascade)
            .find(|n| n.model.id == model.id)
            .map(|n| &n.field)
    }

    /// A call's tokens on `model`: its own, no token technique applied.
    fn call_tokens(call: &Call, model: &Model) -> RequestTokens {
        shape(&call.tokens, &Techniques::default(), model).tokens
    }

    /// One call's bill for a request of tier `t` with `tokens`.
    fn bill(
        &self,
        role: Role,
        model: &Model,
        t: usize,
        tokens: &TierTokens,
        notes: &mut Notes,
    ) -> Result<Bill, InputError> {
        let tier = &self.scenario.tiers[t];
        let caching = self.techniques.caching.as_ref();
        let batch = self
            .techniques
            .batch
            .as_ref()
            .map_or(Decimal::ZERO, |b| b.share(&tier.name));
        let request = shape(tokens, self.techniques, model).tokens;
        let billing = self
            .strategy
            .fallback
            .as_ref()
            .map_or(FailedBilling::Full, |f| f.billing);
        // The request's own history is what a switch of model loses; a classifier's or a judge's is not.
        let lost = match role {
            Role::Answer | Role::Rejected | Role::Failed => self.history_lost(model),
            Role::Classifier | Role::Verifier => Decimal::ZERO,
        };
        let (kind, tokens, strict) = match role {
            Role::Answer | Role::Rejected => (Kind::Answer, request, self.meant_for(t, model)),
            Role::Failed => (Kind::Failed(billing), request, self.meant_for(t, model)),
            Role::Classifier => match &self.classifier {
                Some((named, call)) => (Kind::Classifier, Self::call_tokens(call, model), Some(&named.field)),
                None => (Kind::Classifier, request, None),
            },
            Role::Verifier => match &self.verifier {
                Some((named, verifier)) => {
                    let own = Self::call_tokens(&verifier.call, model);
                    let read = verifier.reads_answer.then_some(&request);
                    (Kind::Judge, judge_input(own, read), Some(&named.field))
                }
                None => (Kind::Judge, request, None),
            },
        };
        self.check_window(model, &tokens, tier, strict, notes)?;
        Ok(bill(
            model,
            kind,
            &tokens,
            caching,
            (batch, &self.strategy.service),
            lost,
            notes,
        ))
    }

    /// A request larger than a model's context window: an error where the
    /// strategy means to send it there, a warning where only a mistake does.
    fn check_window(
        &self,
        model: &Model,
        tokens: &RequestTokens,
        tier: &Tier,
        strict: Option<&Field>,
        notes: &mut Notes,
    ) -> Result<(), InputError> {
        let Some(window) = model.context_window else {
            return Ok(());
        };
        if tokens.in_window() <= Decimal::from(window) {
            return Ok(());
        }
        if let Some(extended) = model.extended_context_window
            && tokens.in_window() <= Decimal::from(extended)
        {
            notes.add(format!(
                "tier `{}`: {} tokens in all are above the {window}-token window of `{}` and fit the \
                 {extended}-token window its provider offers on request (ask for it with each call)",
                tier.name,
                tokens.in_window().normalize(),
                model.id
            ));
            return Ok(());
        }
        let answer = tokens.output + tokens.reasoning;
        let what = format!(
            "tier `{}` sends {} input tokens to `{}` and expects {} output, {} in all, above its context window of {window} (which holds input and output)",
            tier.name,
            tokens.input().normalize(),
            model.id,
            answer.normalize(),
            tokens.in_window().normalize(),
        ) + &model
            .extended_context_window
            .map_or_else(String::new, |n| format!(" and the {n}-token window sold on request"));
        match strict {
            Some(field) if self.windows == Windows::Enforce => Err(self.scenario.source.error(field, what)),
            Some(_) => {
                notes.add(format!(
                    "strategy {}: without all its techniques, {what} (priced as if it fitted)",
                    self.strategy.name
                ));
                Ok(())
            }
            None => {
                notes.add(format!(
                    "strategy {}: {what} (misrouted or fallback requests; priced as if served)",
                    self.strategy.name
                ));
                Ok(())
            }
        }
    }

    /// Tier `t`'s requests for a month (`interactions` of them), served.
    pub fn serve(&self, t: usize, interactions: Decimal, notes: &mut Notes) -> Result<TierServing, InputError> {
        self.serve_tokens(t, &self.scenario.tiers[t].tokens, interactions, notes)
    }

    /// `interactions` requests of tier `t`, each of `tokens` instead of the
    /// tier's own, served as the strategy serves the tier (its routing,
    /// classifier, cascade, fallback and techniques): a logged call replayed.
    pub fn serve_tokens(
        &self,
        t: usize,
        tokens: &TierTokens,
        interactions: Decimal,
        notes: &mut Notes,
    ) -> Result<TierServing, InputError> {
        let actual = self.tally(t, false, true);
        let reliable = self.tally(t, false, false);
        let perfect = self.tally(t, true, false);
        let mut bills: Vec<(Role, String, Bill)> = Vec::new();
        for &(role, model, _) in actual.calls.iter().chain(&reliable.calls).chain(&perfect.calls) {
            if !bills.iter().any(|(r, id, _)| *r == role && *id == model.id) {
                bills.push((role, model.id.clone(), self.bill(role, model, t, tokens, notes)?));
            }
        }
        let cost = |tally: &Tally, roles: &[Role]| -> Decimal {
            tally
                .calls
                .iter()
                .filter(|(role, ..)| roles.contains(role))
                .map(|(role, model, n)| {
                    let bill = bills.iter().find(|(r, id, _)| r == role && *id == model.id);
                    n * bill.map_or(Decimal::ZERO, |(.., b)| b.total())
                })
                .sum()
        };
        const ANSWERS: [Role; 2] = [Role::Answer, Role::Failed];
        const CASCADE: [Role; 2] = [Role::Rejected, Role::Verifier];
        let mut served = Vec::new();
        let mut classifier_cost = Decimal::ZERO;
        if let (Some((named, _)), Some(llm)) = (&self.classifier, &self.strategy.classifier.llm) {
            let calls = llm.share[t];
            if !calls.is_zero() {
                let bill = self.bill(Role::Classifier, named.model, t, tokens, notes)?;
                classifier_cost = calls * bill.total();
                served.push(entry(Role::Classifier, named.model, calls * interactions, bill));
            }
        }
        let escalation_cost = self
            .strategy
            .fallback
            .as_ref()
            .map_or(Decimal::ZERO, |f| f.escalation_cost);
        let per_request = Extras {
            classifier: classifier_cost,
            misrouting: cost(&reliable, &ANSWERS) - cost(&perfect, &ANSWERS),
            cascade: cost(&actual, &CASCADE),
            fallback: cost(&actual, &ANSWERS) - cost(&reliable, &ANSWERS),
            escalation: actual.unserved * escalation_cost,
        };
        let mut calls = actual.calls.clone();
        calls.sort_by_key(|(role, ..)| *role);
        for (role, model, n) in calls {
            let bill = bills
                .iter()
                .find(|(r, id, _)| *r == role && *id == model.id)
                .map(|(.., b)| b.clone());
            if let Some(bill) = bill {
                served.push(entry(role, model, n * interactions, bill));
            }
        }
        Ok(TierServing {
            served,
            extras: per_request.times(interactions),
            escalations: (actual.unserved * interactions).normalize(),
            quality: self.quality(t, &actual, notes),
        })
    }

    /// The expected share of good answers to tier `t`: each answering model's
    /// score for the tier, weighted by how often it answers; unserved requests score 0.
    fn quality(&self, t: usize, tally: &Tally, notes: &mut Notes) -> Option<Decimal> {
        self.scenario.quality.as_ref()?;
        let tier = &self.scenario.tiers[t].name;
        let mut sum = Decimal::ZERO;
        for (_, model, n) in tally.calls.iter().filter(|(role, ..)| *role == Role::Answer) {
            match self.quality.get(&model.id).and_then(|scores| scores.get(tier)) {
                Some(score) => sum += n * score,
                None => {
                    notes.add(format!(
                        "strategy {}: no quality score for `{}` on tier `{tier}`, so its quality is not shown",
                        self.strategy.name, model.id
                    ));
                    return None;
                }
            }
        }
        Some(sum.normalize())
    }
}

fn entry(role: Role, model: &Model, requests: Decimal, bill: Bill) -> Served {
    let components = Components::of_calls(&bill, requests);
    Served {
        role,
        model: model.id.clone(),
        requests: requests.normalize(),
        cost: components.total().normalize(),
        components,
        bill,
    }
}
