//! The assumptions a sweep can vary, named by dotted paths that follow the
//! scenario and catalog files (`tiers.simple.share`, `price.gpt-4o.input`,
//! `strategies.hybrid.classifier.llm.accuracy`), and what setting one does to
//! the validated scenario and catalog: the same as editing that field in the
//! file. Numbers stay exact decimals throughout; nothing is written back to YAML.

use super::SweepError;
use crate::input::{Fraction, closest};
use crate::pricing::{Catalog, MAX_PRICE};
use crate::routing::{Classifier, Confusion};
use crate::scenario::{MAX_TOKENS, Scenario, Serving, Strategy, Volume};
use crate::techniques::{Batch, Caching, Pruning, Summary, Technique, Techniques};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const TOKEN_FIELDS: [(&str, TokenField); 6] = [
    ("input_tokens", TokenField::Input),
    ("system_tokens", TokenField::System),
    ("context_tokens", TokenField::Context),
    ("history_tokens", TokenField::History),
    ("output_tokens", TokenField::Output),
    ("reasoning_tokens", TokenField::Reasoning),
];

const TECHNIQUE_FIELDS: [(&str, Knob); 7] = [
    ("caching.hit_rate", Knob::HitRate),
    ("batch.share", Knob::BatchShare),
    ("early_stop.share", Knob::StopShare),
    ("early_stop.output_saved", Knob::StopSaved),
    ("pruning.max_context_tokens", Knob::PruningCap),
    ("pruning.reduction", Knob::PruningReduction),
    ("summary.history_reduction", Knob::SummaryReduction),
];

/// Longest first, so that `batch.input` is not read as `input`.
const PRICE_FIELDS: [(&str, PriceField); 11] = [
    ("batch.cached_input", PriceField::BatchCachedInput),
    ("batch.cache_write", PriceField::BatchCacheWrite),
    ("batch.output", PriceField::BatchOutput),
    ("batch.input", PriceField::BatchInput),
    ("cache_write_1h", PriceField::CacheWrite1h),
    ("cached_input", PriceField::CachedInput),
    ("cache_write", PriceField::CacheWrite),
    ("per_request", PriceField::PerRequest),
    ("reasoning", PriceField::Reasoning),
    ("output", PriceField::Output),
    ("input", PriceField::Input),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenField {
    Input,
    System,
    Context,
    History,
    Output,
    Reasoning,
}

/// A technique's parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Knob {
    HitRate,
    BatchShare,
    /// The batch share of one tier (`batch.tiers.TIER`).
    BatchTier(String),
    StopShare,
    StopSaved,
    PruningCap,
    PruningReduction,
    SummaryReduction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    Input,
    Output,
    CachedInput,
    CacheWrite,
    CacheWrite1h,
    Reasoning,
    PerRequest,
    BatchInput,
    BatchOutput,
    BatchCachedInput,
    BatchCacheWrite,
}

/// What a path sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    PerDay,
    DaysPerMonth,
    PerMonth,
    Share(usize),
    Tokens(usize, TokenField),
    /// A technique of the scenario's defaults (`None`) or of one strategy.
    Technique(Option<usize>, Knob),
    /// A rate of a catalog model, by its id.
    Price(String, PriceField),
    /// The accuracy of a strategy's LLM classifier.
    Accuracy(usize),
    /// A cascade's acceptance probability: strategy, model (its position in the cascade), tier.
    Accept(usize, usize, usize),
    /// The failure probability per attempt of a model (by its id) in a strategy's fallback.
    Failure(usize, String),
}

/// What kind of number a path takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A share, rate or probability in [0, 1]; `30%` or `0.3`.
    Fraction,
    /// Whole tokens.
    Tokens,
    /// Interactions or days: zero or more.
    Count,
    /// A price per 1M tokens (per request for a fee).
    Price,
}

/// A validated `--set` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The path as written.
    pub path: String,
    pub target: Target,
}

impl Param {
    pub fn kind(&self) -> Kind {
        match &self.target {
            Target::PerDay | Target::DaysPerMonth | Target::PerMonth => Kind::Count,
            Target::Share(_) => Kind::Fraction,
            Target::Tokens(..) | Target::Technique(_, Knob::PruningCap) => Kind::Tokens,
            Target::Technique(..) | Target::Accuracy(_) | Target::Accept(..) | Target::Failure(..) => Kind::Fraction,
            Target::Price(..) => Kind::Price,
        }
    }

    /// Whether every strategy's monthly cost is linear in this parameter (so
    /// a break-even is solved exactly); token counts and the token-cutting
    /// techniques bend it (caps, long-context thresholds, minimum cache
    /// sizes), and so does a failure probability (retries and backups multiply it).
    pub fn linear(&self) -> bool {
        !matches!(
            self.target,
            Target::Tokens(..)
                | Target::Technique(_, Knob::PruningCap | Knob::PruningReduction | Knob::SummaryReduction)
                | Target::Failure(..)
        )
    }

    /// The unit a chart's axis shows.
    pub fn unit(&self, currency: &str) -> String {
        match (&self.target, self.kind()) {
            (Target::PerDay, _) => "interactions a day".into(),
            (Target::DaysPerMonth, _) => "days a month".into(),
            (Target::PerMonth, _) => "interactions a month".into(),
            (_, Kind::Fraction) => "fraction, 0 to 1".into(),
            (_, Kind::Tokens) => "tokens".into(),
            (Target::Price(_, PriceField::PerRequest), _) => format!("{currency} per request"),
            _ => format!("{currency} per 1M tokens"),
        }
    }

    /// A number given for this parameter: a percentage only where it takes a fraction.
    pub fn number(&self, n: &Fraction) -> Result<Decimal, String> {
        if n.1 && self.kind() != Kind::Fraction {
            return Err(format!(
                "{} is a percentage; only a share, rate or probability takes one",
                n.as_written()
            ));
        }
        Ok(n.0)
    }

    /// One value of this parameter, checked to be in range.
    pub fn value(&self, n: &Fraction) -> Result<Decimal, String> {
        let v = self.number(n)?;
        let t = n.as_written();
        if v.is_sign_negative() && !v.is_zero() {
            return Err(format!("{t} is negative"));
        }
        match self.kind() {
            Kind::Fraction if v > Decimal::ONE => Err(format!("{t} is above 1; write a share as `0.3` or `30%`")),
            Kind::Tokens if !v.fract().is_zero() => Err(format!("{t} is not a whole number of tokens")),
            Kind::Tokens if v > Decimal::from(MAX_TOKENS) => {
                Err(format!("{t} is above the limit of {MAX_TOKENS} tokens"))
            }
            Kind::Price if v > Decimal::from(MAX_PRICE) => Err(format!("{t} is above the price limit of {MAX_PRICE}")),
            _ => Ok(v.normalize()),
        }
    }
}

/// Every path a scenario and catalog accept, for error messages.
pub fn valid_paths(scenario: &Scenario, catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    if scenario.volume.per_day.is_some() {
        out.extend(["volume.interactions_per_day", "volume.days_per_month"].map(String::from));
    } else {
        out.push("volume.interactions_per_day".into());
    }
    out.push("volume.interactions_per_month".into());
    for t in &scenario.tiers {
        out.push(format!("tiers.{}.share", t.name));
        out.extend(TOKEN_FIELDS.iter().map(|(f, _)| format!("tiers.{}.{f}", t.name)));
    }
    let technique_paths = |prefix: &str| {
        let mut v: Vec<String> = TECHNIQUE_FIELDS.iter().map(|(f, _)| format!("{prefix}{f}")).collect();
        v.extend(scenario.tiers.iter().map(|t| format!("{prefix}batch.tiers.{}", t.name)));
        v
    };
    out.extend(technique_paths("techniques."));
    for s in &scenario.strategies {
        out.extend(technique_paths(&format!("strategies.{}.techniques.", s.name)));
        out.extend(routing_paths(s, scenario, catalog));
    }
    for m in &catalog.models {
        out.extend(PRICE_FIELDS.iter().map(|(f, _)| format!("price.{}.{f}", m.id)));
    }
    out
}

/// The routing assumptions of one strategy a sweep can vary.
fn routing_paths(s: &Strategy, scenario: &Scenario, catalog: &Catalog) -> Vec<String> {
    let prefix = format!("strategies.{}", s.name);
    let mut out = Vec::new();
    if s.classifier.llm.as_ref().is_some_and(|l| l.accuracy.is_some()) {
        out.push(format!("{prefix}.classifier.llm.accuracy"));
    }
    if let Serving::Cascade(c) = &s.serving {
        for m in &c.models[..c.models.len() - 1] {
            out.extend(
                scenario
                    .tiers
                    .iter()
                    .map(|t| format!("{prefix}.cascade.accept.{m}.{}", t.name)),
            );
        }
    }
    if let Some(f) = &s.fallback {
        let id = |name: &str| catalog.model(name).map(|m| m.id.clone()).ok();
        let mut ids: Vec<String> = f.failure.keys().filter_map(|k| id(k)).collect();
        let serving = scenario.tiers.iter().filter_map(|t| s.serving.model_for(&t.name));
        let cascade = match &s.serving {
            Serving::Cascade(c) => c.models.as_slice(),
            _ => &[],
        };
        let mut names: Vec<&str> = f.failure.keys().map(String::as_str).collect();
        for name in serving
            .chain(cascade.iter().map(String::as_str))
            .chain(f.backups.iter().map(String::as_str))
        {
            if let Some(model) = id(name).filter(|m| !ids.contains(m)) {
                ids.push(model);
                names.push(name);
            }
        }
        out.extend(names.iter().map(|n| format!("{prefix}.fallback.failure.{n}")));
    }
    out
}

/// The families of valid paths, one line each, for an unknown path's hint.
fn summary(scenario: &Scenario) -> String {
    let names = |v: Vec<&str>| v.join(", ");
    let tiers = names(scenario.tiers.iter().map(|t| t.name.as_str()).collect());
    let strategies = names(scenario.strategies.iter().map(|s| s.name.as_str()).collect());
    let techniques = names(TECHNIQUE_FIELDS.iter().map(|(f, _)| *f).collect());
    let volume = if scenario.volume.per_day.is_some() {
        "volume.interactions_per_day, volume.days_per_month, volume.interactions_per_month"
    } else {
        "volume.interactions_per_month, volume.interactions_per_day"
    };
    format!(
        "valid paths:\n    {volume}\n    tiers.TIER.share, tiers.TIER.{{{}}} (TIER: {tiers})\n    techniques.{{{techniques}, batch.tiers.TIER}}\n    strategies.STRATEGY.techniques.… as above (STRATEGY: {strategies})\n    strategies.STRATEGY.{{classifier.llm.accuracy, cascade.accept.MODEL.TIER, fallback.failure.MODEL}}\n    price.MODEL.{{{}}} (MODEL: a model id or alias of the catalog)",
        names(TOKEN_FIELDS.iter().map(|(f, _)| *f).collect()),
        names(PRICE_FIELDS.iter().rev().map(|(f, _)| *f).collect()),
    )
}

/// `rest` with the longest of `names` followed by a dot taken off its start.
fn named<'a>(rest: &'a str, names: impl Iterator<Item = &'a str>) -> Option<(&'a str, &'a str)> {
    names
        .filter_map(|n| rest.strip_prefix(n).and_then(|r| r.strip_prefix('.')).map(|r| (n, r)))
        .max_by_key(|(n, _)| n.len())
}

fn technique_knob(field: &str, scenario: &Scenario) -> Option<Knob> {
    if let Some(tier) = field.strip_prefix("batch.tiers.") {
        return scenario
            .tiers
            .iter()
            .any(|t| t.name == tier)
            .then(|| Knob::BatchTier(tier.to_string()));
    }
    TECHNIQUE_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, k)| k.clone())
}

/// Reads a path; an unknown one lists the valid ones, with the closest first.
pub fn parse(path: &str, scenario: &Scenario, catalog: &Catalog) -> Result<Param, SweepError> {
    let target = target(path.trim(), scenario, catalog);
    target
        .map(|target| Param {
            path: path.trim().to_string(),
            target,
        })
        .ok_or_else(|| {
            if let Some(unknown) = unknown_price_model(path.trim(), catalog) {
                return unknown;
            }
            let all = valid_paths(scenario, catalog);
            let near = closest(path, all.iter().map(String::as_str), 3);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(
                    "did you mean {}?\n  ",
                    near.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or ")
                )
            };
            SweepError(format!("--set: unknown path `{path}`\n  {hint}{}", summary(scenario)))
        })
}

/// `price.MODEL.FIELD` with a known field and a model the catalog lacks: the
/// catalog's own "not in catalog" message and its closest ids.
fn unknown_price_model(path: &str, catalog: &Catalog) -> Option<SweepError> {
    let rest = path.strip_prefix("price.")?;
    let model = PRICE_FIELDS
        .iter()
        .find_map(|(f, _)| rest.strip_suffix(f).and_then(|m| m.strip_suffix('.')))?;
    let unknown = catalog.model(model).err()?;
    let hint = unknown.hint().map_or(String::new(), |h| format!("\n  hint: {h}"));
    Some(SweepError(format!("--set {path}: {unknown} ({}){hint}", catalog.file)))
}

fn target(path: &str, scenario: &Scenario, catalog: &Catalog) -> Option<Target> {
    let tier_index = |name: &str| scenario.tiers.iter().position(|t| t.name == name);
    match path {
        "volume.interactions_per_day" => return Some(Target::PerDay),
        "volume.days_per_month" if scenario.volume.per_day.is_some() => return Some(Target::DaysPerMonth),
        "volume.interactions_per_month" => return Some(Target::PerMonth),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("tiers.") {
        let (tier, field) = named(rest, scenario.tiers.iter().map(|t| t.name.as_str()))?;
        let i = tier_index(tier)?;
        if field == "share" {
            return Some(Target::Share(i));
        }
        return TOKEN_FIELDS
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| Target::Tokens(i, *t));
    }
    if let Some(field) = path.strip_prefix("techniques.") {
        return technique_knob(field, scenario).map(|k| Target::Technique(None, k));
    }
    if let Some(rest) = path.strip_prefix("strategies.") {
        let (name, field) = named(rest, scenario.strategies.iter().map(|s| s.name.as_str()))?;
        let index = scenario.strategy_index(name)?;
        if let Some(field) = field.strip_prefix("techniques.") {
            return technique_knob(field, scenario).map(|k| Target::Technique(Some(index), k));
        }
        if field == "classifier.llm.accuracy" {
            return Some(Target::Accuracy(index));
        }
        if let Some(rest) = field.strip_prefix("cascade.accept.") {
            let Serving::Cascade(c) = &scenario.strategies[index].serving else {
                return None;
            };
            let (model, tier) = named(rest, c.models.iter().map(String::as_str))?;
            let m = c.models.iter().position(|x| x == model)?;
            return Some(Target::Accept(index, m, tier_index(tier)?));
        }
        let model = catalog.model(field.strip_prefix("fallback.failure.")?).ok()?;
        return Some(Target::Failure(index, model.id.clone()));
    }
    if let Some(rest) = path.strip_prefix("price.") {
        let (field, what) = PRICE_FIELDS.iter().find_map(|(f, what)| {
            rest.strip_suffix(f)
                .and_then(|m| m.strip_suffix('.'))
                .map(|m| (m, *what))
        })?;
        let model = catalog.model(field).ok()?;
        return Some(Target::Price(model.id.clone(), what));
    }
    None
}

/// Sets the tiers in `fixed` to their shares and scales the others so that
/// they keep their proportions and all shares sum to exactly 1 (the last
/// scaled tier takes the rounding at the 28th digit; tiers of share 0 share
/// the rest evenly).
pub fn set_shares(scenario: &mut Scenario, fixed: &[(usize, Decimal)]) -> Result<(), String> {
    let fixed_sum: Decimal = fixed.iter().map(|(_, v)| *v).sum();
    if fixed_sum > Decimal::ONE {
        return Err(format!(
            "the shares set add up to {}, more than 100%",
            crate::figures::percent_of(fixed_sum)
        ));
    }
    let others: Vec<usize> = (0..scenario.tiers.len())
        .filter(|i| !fixed.iter().any(|(f, _)| f == i))
        .collect();
    for (i, v) in fixed {
        scenario.tiers[*i].share = *v;
    }
    let rest = Decimal::ONE - fixed_sum;
    if others.is_empty() {
        return if rest.is_zero() {
            Ok(())
        } else {
            Err(format!(
                "every tier's share is set and they add up to {}, not 100%",
                crate::figures::percent_of(fixed_sum)
            ))
        };
    }
    let old: Decimal = others.iter().map(|i| scenario.tiers[*i].share).sum();
    for &i in &others {
        let share = if old.is_zero() {
            rest / Decimal::from(others.len())
        } else {
            scenario.tiers[i].share * rest / old
        };
        scenario.tiers[i].share = share.normalize();
    }
    // Division's last digit goes to the largest rescaled share, so that the
    // shares sum to exactly 100% and a share of 0% stays 0%.
    let largest = others
        .iter()
        .copied()
        .max_by(|a, b| scenario.tiers[*a].share.cmp(&scenario.tiers[*b].share))
        .unwrap_or(others[0]);
    let sum_others: Decimal = others
        .iter()
        .filter(|i| **i != largest)
        .map(|i| scenario.tiers[*i].share)
        .sum();
    scenario.tiers[largest].share = (rest - sum_others).normalize();
    Ok(())
}

/// Applies one value (not a share: see `set_shares`) to the scenario or catalog.
pub fn apply(param: &Param, value: Decimal, scenario: &mut Scenario, catalog: &mut Catalog) -> Result<(), String> {
    match &param.target {
        Target::PerDay => set_volume(scenario, Volume::daily(value, Some(scenario.volume.days()))),
        Target::DaysPerMonth => {
            let per_day = scenario.volume.per_day.map_or(Decimal::ZERO, |(d, _)| d);
            set_volume(scenario, Volume::daily(per_day, Some(value)))
        }
        Target::PerMonth => set_volume(scenario, Volume::monthly(value)),
        Target::Share(i) => set_shares(scenario, &[(*i, value)]),
        Target::Tokens(i, field) => set_tokens(scenario, *i, *field, value),
        Target::Technique(None, knob) => {
            set_knob(&mut scenario.techniques, knob, value)?;
            let technique = technique_of(knob);
            let defaults = scenario.techniques.clone();
            for s in scenario
                .strategies
                .iter_mut()
                .filter(|s| !s.overrides.contains(&technique))
            {
                copy(&defaults, &mut s.techniques, technique);
            }
            Ok(())
        }
        Target::Technique(Some(index), knob) => {
            let strategy = &mut scenario.strategies[*index];
            set_knob(&mut strategy.techniques, knob, value)?;
            let technique = technique_of(knob);
            if !strategy.overrides.contains(&technique) {
                strategy.overrides.push(technique);
            }
            Ok(())
        }
        Target::Price(id, field) => set_price(catalog, id, *field, value),
        Target::Accuracy(index) => set_accuracy(scenario, *index, value),
        Target::Accept(index, model, tier) => {
            let strategy = &mut scenario.strategies[*index];
            let Serving::Cascade(c) = &mut strategy.serving else {
                return Err(format!("strategy {} is not a cascade", strategy.name));
            };
            if *model + 1 == c.models.len() {
                return Err(format!(
                    "`{}` is the cascade's last model: it always answers, so it takes no acceptance probability",
                    c.models[*model]
                ));
            }
            c.accept[*tier][*model] = value;
            Ok(())
        }
        Target::Failure(index, id) => {
            let strategy = &mut scenario.strategies[*index];
            let Some(fallback) = strategy.fallback.as_mut() else {
                return Err(format!(
                    "strategy {} has no fallback; give it `fallback:` in the scenario first",
                    strategy.name
                ));
            };
            // The name the file gives the model, if it lists it (an id or an alias).
            let key = fallback
                .failure
                .keys()
                .find(|k| catalog.model(k).is_ok_and(|m| &m.id == id))
                .cloned()
                .unwrap_or_else(|| id.clone());
            fallback.failure.insert(key, value);
            Ok(())
        }
    }
}

/// Gives a strategy's LLM classifier an accuracy, as `accuracy:` in the file
/// does: its matrix, and a hybrid's blend with the rules, follow.
fn set_accuracy(scenario: &mut Scenario, index: usize, accuracy: Decimal) -> Result<(), String> {
    let k = scenario.tiers.len();
    let strategy = &mut scenario.strategies[index];
    let c = &strategy.classifier;
    let Some(mut llm) = c.llm.clone() else {
        return Err(format!("strategy {} has no LLM classifier", strategy.name));
    };
    if llm.accuracy.is_none() {
        return Err("the LLM classifier gives a `matrix` here, not an `accuracy`".into());
    }
    if k < 2 && accuracy != Decimal::ONE {
        return Err("with one tier there is nothing to misroute".into());
    }
    llm.accuracy = Some(accuracy);
    llm.matrix = Confusion::from_accuracy(accuracy, k);
    strategy.classifier = Classifier::new(c.kind, c.rules.clone(), Some(llm));
    Ok(())
}

fn set_volume(scenario: &mut Scenario, volume: Result<Volume, crate::scenario::VolumeError>) -> Result<(), String> {
    scenario.volume = volume.map_err(|e| e.message)?;
    Ok(())
}

fn set_tokens(scenario: &mut Scenario, tier: usize, field: TokenField, value: Decimal) -> Result<(), String> {
    let count = value.to_u64().ok_or_else(|| format!("{value} is not a token count"))?;
    let t = &mut scenario.tiers[tier].tokens;
    let input = t.input();
    let (system, context, history) = match field {
        TokenField::System => (count, t.context, t.history),
        TokenField::Context => (t.system, count, t.history),
        TokenField::History => (t.system, t.context, count),
        _ => (t.system, t.context, t.history),
    };
    let input = if field == TokenField::Input { count } else { input };
    match field {
        TokenField::Output => t.output = count,
        TokenField::Reasoning => t.reasoning = Some(count),
        _ => {
            let parts = system + context + history;
            if parts > input {
                return Err(format!(
                    "system + context + history = {system} + {context} + {history} = {parts} tokens, more than the {input} input tokens they split"
                ));
            }
            (t.system, t.context, t.history, t.user) = (system, context, history, input - parts);
        }
    }
    Ok(())
}

fn technique_of(knob: &Knob) -> Technique {
    match knob {
        Knob::HitRate => Technique::Caching,
        Knob::BatchShare | Knob::BatchTier(_) => Technique::Batch,
        Knob::StopShare | Knob::StopSaved => Technique::EarlyStop,
        Knob::PruningCap | Knob::PruningReduction => Technique::Pruning,
        Knob::SummaryReduction => Technique::Summary,
    }
}

/// Gives `to` the setting of `technique` that `from` has.
fn copy(from: &Techniques, to: &mut Techniques, technique: Technique) {
    match technique {
        Technique::Pruning => to.pruning = from.pruning.clone(),
        Technique::Summary => to.summary = from.summary.clone(),
        Technique::EarlyStop => to.early_stop = from.early_stop.clone(),
        Technique::Caching => to.caching = from.caching.clone(),
        Technique::Batch => to.batch = from.batch.clone(),
    }
}

/// Sets one parameter of a technique, turning the technique on where one
/// parameter is all it needs; a parameter of another form is refused.
fn set_knob(t: &mut Techniques, knob: &Knob, v: Decimal) -> Result<(), String> {
    match knob {
        Knob::HitRate => {
            t.caching = Some(match t.caching.take() {
                Some(c) => Caching { hit_rate: v, ..c },
                None => Caching::system_prompt(v, Default::default()),
            });
        }
        Knob::BatchShare => match &t.batch {
            Some(Batch::PerTier(_)) => {
                return Err("batch gives a share per tier here: set `batch.tiers.TIER`".into());
            }
            _ => t.batch = Some(Batch::All(v)),
        },
        Knob::BatchTier(tier) => match &mut t.batch {
            Some(Batch::All(_)) => return Err("batch gives one share for every tier here: set `batch.share`".into()),
            Some(Batch::PerTier(shares)) => {
                shares.insert(tier.clone(), v);
            }
            None => t.batch = Some(Batch::PerTier([(tier.clone(), v)].into())),
        },
        Knob::StopShare | Knob::StopSaved => {
            let Some(stop) = t.early_stop.as_mut() else {
                return Err(
                    "early_stop is not set here; give it `share` and `output_saved` in the scenario first".into(),
                );
            };
            if *knob == Knob::StopShare {
                stop.share = v;
            } else {
                stop.saved = v;
            }
        }
        Knob::PruningCap => match t.pruning {
            Some(Pruning::Reduce(_)) => return Err("pruning cuts by a `reduction` here, not a cap".into()),
            _ => t.pruning = Some(Pruning::Cap(v.to_u64().unwrap_or(0))),
        },
        Knob::PruningReduction => match t.pruning {
            Some(Pruning::Cap(_)) => return Err("pruning caps `max_context_tokens` here, not a reduction".into()),
            _ => t.pruning = Some(Pruning::Reduce(v)),
        },
        Knob::SummaryReduction => t.summary = Some(Summary { reduction: v }),
    }
    Ok(())
}

fn set_price(catalog: &mut Catalog, id: &str, field: PriceField, v: Decimal) -> Result<(), String> {
    let model = catalog
        .models
        .iter_mut()
        .find(|m| m.id == id)
        .ok_or_else(|| format!("model `{id}` is not in the catalog"))?;
    let (card, batch) = (&mut model.standard, &mut model.batch);
    match field {
        PriceField::Input => card.input = v,
        PriceField::Output => card.output = v,
        PriceField::CachedInput => card.cached_input = Some(v),
        PriceField::CacheWrite => card.cache_write = Some(v),
        PriceField::CacheWrite1h => card.cache_write_1h = Some(v),
        PriceField::Reasoning => card.reasoning = Some(v),
        PriceField::PerRequest => model.per_request = v,
        PriceField::BatchInput => batch.input = Some(v),
        PriceField::BatchOutput => batch.output = Some(v),
        PriceField::BatchCachedInput => batch.cached_input = Some(v),
        PriceField::BatchCacheWrite => batch.cache_write = Some(v),
    }
    Ok(())
}
