//! Checking how a strategy routes and survives: its classifier (and the
//! confusion matrices it gives inline or in a file measured by `route-eval`),
//! a cascade's models and acceptance probabilities, a fallback chain, and the
//! scenario's quality scores. Models are checked against the catalog later.

use crate::input::{Field, Fraction, InputError, Source, closest};
use crate::pricing::MAX_PRICE;
use crate::routing::{
    Call, Cascade, Classifier, ClassifierKind, Confusion, ConfusionRow as Row, Fallback, LlmClassifier, MAX_RETRIES,
    Measured, Quality, Verifier,
};
use crate::scenario::{
    Counts, Positions, RawCall, RawCascade, RawClassifier, RawFallback, RawMatrix, RawRulesClassifier, Tier,
    exact_percent, to_one_hundred, token_counts, unit, unknown_tier,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A confusion matrix written out: a row per tier, each summing to exactly 1.
fn matrix(src: &Source, field: &Field, raw: RawMatrix, tiers: &[Tier]) -> Result<Confusion, InputError> {
    let k = tiers.len();
    let positions = Positions::new(tiers);
    let mut rows: Vec<Option<Row>> = vec![None; k];
    for (name, cells) in raw {
        let row_field = field.key(&name);
        let t = positions.index(src, &row_field, &name)?;
        let mut sparse: BTreeMap<usize, Decimal> = BTreeMap::new();
        for (routed, p) in cells {
            let cell = row_field.key(&routed);
            sparse.insert(positions.index(src, &cell, &routed)?, unit(src, &cell, p)?);
        }
        let row: Row = sparse.into_iter().collect();
        let sum: Decimal = row.iter().map(|(_, p)| p).sum();
        if sum != Decimal::ONE {
            let parts: Vec<String> = row
                .iter()
                .filter(|(_, p)| !p.is_zero())
                .map(|&(j, p)| format!("{} {}", tiers[j].name, exact_percent(p)))
                .collect();
            return Err(src
                .error(
                    &row_field,
                    format!(
                        "row `{name}` sums to {} ({}); each row must sum to 100%: {}",
                        exact_percent(sum),
                        if parts.is_empty() {
                            "nothing".into()
                        } else {
                            parts.join(" + ")
                        },
                        to_one_hundred(sum)
                    ),
                )
                .with_hint("a row gives, for requests of that true tier, the share routed to each tier"));
        }
        rows[t] = Some(row);
    }
    let mut out = Vec::with_capacity(k);
    for (tier, row) in tiers.iter().zip(rows) {
        match row {
            Some(row) => out.push(row),
            None => {
                return Err(src
                    .error(field, format!("the matrix has no row for tier `{}`", tier.name))
                    .with_hint(format!(
                        "add `{}: {{{}: 100%}}` for perfect routing",
                        tier.name, tier.name
                    )));
            }
        }
    }
    Ok(Confusion::from_rows(k, out))
}

/// A count file measured by `route-eval`, with its rows and columns put in the
/// scenario's tier order (the unmatched column last).
fn measured(
    src: &Source,
    field: &Field,
    path: &str,
    dir: Option<&Path>,
    tiers: &[Tier],
) -> Result<(Measured, Vec<Vec<u64>>), InputError> {
    let resolved = dir.unwrap_or(Path::new("")).join(path);
    let m = Measured::load(&resolved).map_err(|e| {
        if e.line.is_none() && e.field.is_none() {
            src.error(field, e.to_string())
        } else {
            e
        }
    })?;
    let file_src = m.source.as_ref().unwrap_or(src);
    let positions = Positions::new(tiers);
    for name in &m.tiers {
        if !positions.has(name) {
            return Err(
                unknown_tier(file_src, &Field::named("tiers"), name, tiers).with_hint(format!(
                    "the matrix in {} is over tiers the scenario lacks; measure the rules with the scenario's tiers",
                    m.source.as_ref().map_or(path, |s| s.name.as_str())
                )),
            );
        }
    }
    let k = tiers.len();
    let in_file: HashMap<&str, usize> = m.tiers.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut counts = Vec::with_capacity(k);
    for tier in tiers {
        let Some(&t) = in_file.get(tier.name.as_str()) else {
            return Err(src.error(field, format!("{path} has no row for tier `{}`", tier.name)));
        };
        let row = &m.counts[t];
        if row.iter().all(|&n| n == 0) {
            return Err(src.error(field, format!("{path} counts no question of tier `{}`", tier.name)));
        }
        let mut ordered: Vec<u64> = tiers
            .iter()
            .map(|j| in_file.get(j.name.as_str()).map_or(0, |&i| row[i]))
            .collect();
        ordered.push(row[m.tiers.len()]);
        counts.push(ordered);
    }
    Ok((m, counts))
}

/// Per tier: the share of questions some rule matched.
fn coverage(counts: &[Vec<u64>]) -> Vec<Decimal> {
    counts
        .iter()
        .map(|row| {
            let (matched, unmatched) = row.split_at(row.len() - 1);
            let matched: u64 = matched.iter().sum();
            Decimal::from(matched) / Decimal::from(matched + unmatched[0])
        })
        .collect()
}

/// The rules' matrix over every request, unmatched ones sent to the default tier.
fn rules_matrix(
    src: &Source,
    field: &Field,
    raw: RawRulesClassifier,
    dir: Option<&Path>,
    tiers: &[Tier],
) -> Result<Confusion, InputError> {
    if raw.coverage.is_some() {
        return Err(src.error(
            &field.key("coverage"),
            "`coverage` belongs to a hybrid classifier; a rules classifier decides every request",
        ));
    }
    match (raw.matrix, raw.matrix_file) {
        (None, None) => Ok(Confusion::identity(tiers.len())),
        (Some(m), None) => matrix(src, &field.key("matrix"), m, tiers),
        (None, Some(path)) => {
            let f = field.key("matrix_file");
            let (m, mut counts) = measured(src, &f, &path, dir, tiers)?;
            let Some(default) = m.default.map(|d| m.tiers[d].clone()) else {
                return Err(src
                    .error(
                        &f,
                        format!("{path} names no default tier for the questions no rule matched"),
                    )
                    .with_hint("give the rules a `default` tier and measure again, or use a hybrid classifier"));
            };
            let d = Positions::new(tiers).index(src, &f, &default)?;
            for row in &mut counts {
                let unmatched = row.pop().unwrap_or_default();
                row[d] += unmatched;
            }
            Ok(Confusion::from_counts(&counts))
        }
        (Some(_), Some(_)) => Err(src.error(field, "give `matrix` or `matrix_file`, not both")),
    }
}

/// A hybrid's rules: the coverage per tier and the matrix of the requests they cover.
fn hybrid_rules(
    src: &Source,
    field: &Field,
    raw: RawRulesClassifier,
    dir: Option<&Path>,
    tiers: &[Tier],
) -> Result<(Vec<Decimal>, Confusion), InputError> {
    let k = tiers.len();
    let given = raw.coverage.map(|c| unit(src, &field.key("coverage"), c)).transpose()?;
    match (raw.matrix, raw.matrix_file, given) {
        (Some(_), Some(_), _) => Err(src.error(field, "give `matrix` or `matrix_file`, not both")),
        (None, Some(path), coverage_given) => {
            let (_, mut counts) = measured(src, &field.key("matrix_file"), &path, dir, tiers)?;
            let measured_coverage = coverage(&counts);
            for row in &mut counts {
                row.pop();
            }
            if let Some(c) = coverage_given
                && !c.is_zero()
                && let Some((tier, _)) = tiers.iter().zip(&counts).find(|(_, row)| row.iter().all(|n| *n == 0))
            {
                return Err(src
                    .error(
                        &field.key("coverage"),
                        format!(
                            "the rules matched no labelled `{}` question, so nothing says how they route that tier",
                            tier.name
                        ),
                    )
                    .with_hint("leave out `coverage` to use the share the rules matched in each tier"));
            }
            let c = coverage_given.map_or(measured_coverage, |c| vec![c; k]);
            Ok((c, Confusion::from_counts(&counts)))
        }
        (m, None, Some(c)) => {
            let rules = match m {
                Some(m) => matrix(src, &field.key("matrix"), m, tiers)?,
                None => Confusion::identity(k),
            };
            Ok((vec![c; k], rules))
        }
        (_, None, None) => Err(src
            .error(field, "a hybrid's rules need the share of requests they cover")
            .with_hint("add `coverage: 60%`, or `matrix_file:` with counts measured by `llmcost route-eval`")),
    }
}

/// A model call: its model and tokens (`input_tokens`, of which `system_tokens`
/// are the cacheable prefix, and output). `role` names it in errors; `unused`
/// lists the settings given that belong to another role.
fn call(src: &Source, field: &Field, raw: &RawCall, role: &str, unused: &[(&str, bool)]) -> Result<Call, InputError> {
    if let Some((key, _)) = unused.iter().find(|(_, given)| *given) {
        return Err(src.error(&field.key(key), format!("`{key}` is not a setting of {role}")));
    }
    if raw.model.trim().is_empty() {
        return Err(src.error(&field.key("model"), "must not be empty"));
    }
    let counts = Counts {
        input: raw.input_tokens,
        system: raw.system_tokens,
        context: 0,
        history: 0,
        output: raw.output_tokens,
        reasoning: raw.reasoning_tokens,
    };
    Ok(Call {
        model: raw.model.clone(),
        tokens: token_counts(src, field, counts)?,
    })
}

/// An LLM classifier's call, its matrix and the accuracy it was given as.
fn llm(
    src: &Source,
    field: &Field,
    raw: RawCall,
    tiers: &[Tier],
) -> Result<(Call, Confusion, Option<Decimal>), InputError> {
    let call = call(
        src,
        field,
        &raw,
        "an LLM classifier",
        &[("reads_answer", raw.reads_answer.is_some())],
    )?;
    let k = tiers.len();
    let (matrix, accuracy) = match (raw.accuracy, raw.matrix) {
        (Some(a), None) => {
            let a = unit(src, &field.key("accuracy"), a)?;
            if k < 2 && a != Decimal::ONE {
                return Err(src.error(&field.key("accuracy"), "with one tier there is nothing to misroute"));
            }
            (Confusion::from_accuracy(a, k), Some(a))
        }
        (None, Some(m)) => (matrix(src, &field.key("matrix"), m, tiers)?, None),
        _ => {
            return Err(src
                .error(field, "give the LLM classifier exactly one of `accuracy` or `matrix`")
                .with_hint("`accuracy: 92%` puts 92% on the right tier and spreads the rest evenly"));
        }
    };
    Ok((call, matrix, accuracy))
}

/// The classifier of a strategy; only a routed strategy may have one.
pub(crate) fn classifier(
    src: &Source,
    field: &Field,
    raw: Option<RawClassifier>,
    routed: bool,
    dir: Option<&Path>,
    tiers: &[Tier],
) -> Result<Classifier, InputError> {
    let k = tiers.len();
    let Some(raw) = raw else {
        return Ok(Classifier::none(k));
    };
    let field = field.key("classifier");
    if !routed {
        return Err(src
            .error(
                &field,
                "a classifier chooses between routes; this strategy has no `routes`",
            )
            .with_hint("give the strategy `routes: {TIER: MODEL, ...}`, or remove the classifier"));
    }
    let kind = raw.kind;
    let missing = |key: &str| src.error(&field, format!("a `{}` classifier needs a `{key}:` block", kind.name()));
    let refuse = |key: &str| {
        src.error(
            &field.key(key),
            format!("a `{}` classifier takes no `{key}:` block", kind.name()),
        )
    };
    if raw.rules.is_some() && matches!(kind, ClassifierKind::None | ClassifierKind::Llm) {
        return Err(refuse("rules"));
    }
    if raw.llm.is_some() && matches!(kind, ClassifierKind::None | ClassifierKind::Rules) {
        return Err(refuse("llm"));
    }
    let llm_classifier = |l: RawCall, share: Vec<Decimal>| -> Result<LlmClassifier, InputError> {
        let (call, matrix, accuracy) = llm(src, &field.key("llm"), l, tiers)?;
        Ok(LlmClassifier {
            call,
            share,
            matrix,
            accuracy,
        })
    };
    let classifier = match kind {
        ClassifierKind::None => Classifier::none(k),
        ClassifierKind::Rules => {
            let rules = match raw.rules {
                Some(r) => rules_matrix(src, &field.key("rules"), r, dir, tiers)?,
                None => Confusion::identity(k),
            };
            Classifier::new(kind, rules, None)
        }
        ClassifierKind::Llm => {
            let l = raw.llm.ok_or_else(|| missing("llm"))?;
            let llm = llm_classifier(l, vec![Decimal::ONE; k])?;
            Classifier::new(kind, Confusion::identity(k), Some(llm))
        }
        ClassifierKind::Hybrid => {
            let r = raw.rules.ok_or_else(|| missing("rules"))?;
            let l = raw.llm.ok_or_else(|| missing("llm"))?;
            let (coverage, rules) = hybrid_rules(src, &field.key("rules"), r, dir, tiers)?;
            let llm = llm_classifier(l, coverage.iter().map(|c| Decimal::ONE - c).collect())?;
            Classifier::new(kind, rules, Some(llm))
        }
    };
    Ok(classifier)
}

pub(crate) fn cascade(src: &Source, field: &Field, raw: RawCascade, tiers: &[Tier]) -> Result<Cascade, InputError> {
    let models_field = field.key("models");
    if raw.models.len() < 2 {
        return Err(src
            .error(
                &models_field,
                format!("a cascade needs at least two models; this one has {}", raw.models.len()),
            )
            .with_hint("for one model, write `model: ID` instead of a cascade"));
    }
    let mut order: HashMap<&str, usize> = HashMap::with_capacity(raw.models.len());
    for (i, m) in raw.models.iter().enumerate() {
        if order.insert(m, i).is_some() {
            return Err(src.error(
                &models_field.index(i),
                format!("model `{m}` appears twice in the cascade"),
            ));
        }
    }
    let last = raw.models.len() - 1;
    let accept_field = field.key("accept");
    let positions = Positions::new(tiers);
    let mut accept = vec![vec![Decimal::ONE; raw.models.len()]; tiers.len()];
    let mut given = vec![vec![false; last]; tiers.len()];
    for (model, per_tier) in raw.accept {
        let f = accept_field.key(&model);
        let Some(&i) = order.get(model.as_str()) else {
            let e = src.error(&f, format!("`{model}` is not one of the cascade's models"));
            return Err(
                match closest(&model, raw.models.iter().map(String::as_str), 1).first() {
                    Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                    None => e.with_hint(format!("the cascade's models are: {}", raw.models.join(", "))),
                },
            );
        };
        if i == last {
            return Err(src.error(
                &f,
                format!(
                    "`{model}` is the cascade's last model: it always answers, so it takes no acceptance probability"
                ),
            ));
        }
        for (tier, p) in per_tier {
            let cell = f.key(&tier);
            let t = positions.index(src, &cell, &tier)?;
            accept[t][i] = unit(src, &cell, p)?;
            given[t][i] = true;
        }
    }
    for (t, tier) in tiers.iter().enumerate() {
        if let Some(i) = given[t].iter().position(|g| !g) {
            let model = &raw.models[i];
            return Err(src
                .error(
                    &accept_field,
                    format!("no acceptance probability for `{model}` on tier `{}`", tier.name),
                )
                .with_hint(format!("add `{model}: {{{}: 80%, ...}}` under accept", tier.name)));
        }
    }
    let verifier = raw
        .verifier
        .map(|v| verifier(src, &field.key("verifier"), v))
        .transpose()?;
    Ok(Cascade {
        models: raw.models,
        accept,
        verifier,
    })
}

fn verifier(src: &Source, field: &Field, raw: RawCall) -> Result<Verifier, InputError> {
    let unused = [("accuracy", raw.accuracy.is_some()), ("matrix", raw.matrix.is_some())];
    Ok(Verifier {
        call: call(src, field, &raw, "a cascade's verifier", &unused)?,
        reads_answer: raw.reads_answer.unwrap_or(false),
    })
}

pub(crate) fn fallback(src: &Source, field: &Field, raw: RawFallback) -> Result<Fallback, InputError> {
    let field = field.key("fallback");
    let mut failure = BTreeMap::new();
    for (model, p) in raw.failure {
        let p = unit(src, &field.key("failure").key(&model), p)?;
        failure.insert(model, p);
    }
    if raw.retries > MAX_RETRIES {
        return Err(src.error(
            &field.key("retries"),
            format!("{} retries is above the limit of {MAX_RETRIES}", raw.retries),
        ));
    }
    let escalation_cost = match raw.escalation_cost {
        Some(c) if c.0.is_sign_negative() && !c.0.is_zero() => {
            return Err(src.error(&field.key("escalation_cost"), format!("{} is negative", c.0)));
        }
        Some(c) if c.0 > Decimal::from(MAX_PRICE) => {
            return Err(src.error(
                &field.key("escalation_cost"),
                format!("{} is above the limit of {MAX_PRICE} per request", c.0),
            ));
        }
        Some(c) => c.0,
        None => Decimal::ZERO,
    };
    Ok(Fallback {
        failure,
        backups: raw.backups,
        retries: raw.retries,
        billing: raw.failed_attempts,
        escalation_cost,
    })
}

pub(crate) fn quality(
    src: &Source,
    raw: BTreeMap<String, BTreeMap<String, Fraction>>,
    tiers: &[Tier],
) -> Result<Quality, InputError> {
    let field = Field::named("quality");
    let positions = Positions::new(tiers);
    let mut scores = BTreeMap::new();
    for (model, per_tier) in raw {
        let mut row = BTreeMap::new();
        for (tier, score) in per_tier {
            let cell = field.key(&model).key(&tier);
            positions.index(src, &cell, &tier)?;
            row.insert(tier, unit(src, &cell, score)?);
        }
        scores.insert(model, row);
    }
    Ok(Quality { scores })
}
