//! Checking the techniques of a scenario and merging a strategy's overrides
//! over the scenario's defaults, field by field: a strategy's technique keeps
//! every setting of the scenario's that it does not give itself (`caching:
//! {hit_rate: 50%}` keeps the scenario's `ttl`), as a `--set` of one field
//! does. Alternatives replace each other whole: pruning by a cap or by a
//! reduction, batch for every tier or per tier.

use super::Positions;
use super::Tier;
use super::raw::{RawBatch, RawCaching, RawEarlyStop, RawPruning, RawSummary, RawTechniques, Toggle};
use crate::input::{Field, Fraction, InputError, Source, closest};
use crate::techniques::{Batch, Caching, EarlyStop, Pruning, Summary, Techniques};
use rust_decimal::Decimal;

/// A fraction checked to lie in [0, 1].
pub(crate) fn unit(src: &Source, field: &Field, value: Fraction) -> Result<Decimal, InputError> {
    let v = value.0;
    if v < Decimal::ZERO || v > Decimal::ONE {
        let range = if value.1 { "0% to 100%" } else { "[0, 1]" };
        let mut e = src.error(field, format!("{} is outside {range}", value.as_written()));
        if !value.1 && v > Decimal::ONE && v <= Decimal::ONE_HUNDRED {
            e = e.with_hint(format!("for a percentage write `{v}%`"));
        }
        return Err(e);
    }
    Ok(v)
}

/// `defaults` with the techniques `raw` sets (or switches off) replaced.
pub(super) fn resolve(
    src: &Source,
    field: &Field,
    defaults: &Techniques,
    raw: RawTechniques,
    tiers: &[Tier],
) -> Result<Techniques, InputError> {
    let field = field.key("techniques");
    fn merge<R, T>(
        default: &Option<T>,
        raw: Option<Toggle<R>>,
        check: impl FnOnce(R, Option<&T>) -> Result<T, InputError>,
    ) -> Result<Option<T>, InputError>
    where
        T: Clone,
    {
        match raw {
            None => Ok(default.clone()),
            Some(Toggle::Off) => Ok(None),
            Some(Toggle::On(r)) => check(r, default.as_ref()).map(Some),
        }
    }
    Ok(Techniques {
        pruning: merge(&defaults.pruning, raw.pruning, |r, _| {
            pruning(src, &field.key("pruning"), r)
        })?,
        summary: merge(&defaults.summary, raw.summary, |r, d| {
            summary(src, &field.key("summary"), r, d)
        })?,
        early_stop: merge(&defaults.early_stop, raw.early_stop, |r, d| {
            early_stop(src, &field.key("early_stop"), r, d)
        })?,
        caching: merge(&defaults.caching, raw.caching, |r, d| {
            caching(src, &field.key("caching"), r, d)
        })?,
        batch: merge(&defaults.batch, raw.batch, |r, _| {
            batch(src, &field.key("batch"), r, tiers)
        })?,
    })
}

fn pruning(src: &Source, field: &Field, raw: RawPruning) -> Result<Pruning, InputError> {
    match (raw.max_context_tokens, raw.reduction) {
        (Some(cap), None) => Ok(Pruning::Cap(cap)),
        (None, Some(r)) => Ok(Pruning::Reduce(unit(src, &field.key("reduction"), r)?)),
        _ => Err(src.error(field, "give exactly one of `max_context_tokens` or `reduction`")),
    }
}

/// A setting the block gives, else the inherited one, else an error naming the field.
fn setting(
    src: &Source,
    field: &Field,
    name: &str,
    given: Option<Fraction>,
    inherited: Option<Decimal>,
) -> Result<Decimal, InputError> {
    match (given, inherited) {
        (Some(v), _) => unit(src, &field.key(name), v),
        (None, Some(v)) => Ok(v),
        (None, None) => Err(src.error(field, format!("missing field `{name}`"))),
    }
}

fn summary(src: &Source, field: &Field, raw: RawSummary, inherited: Option<&Summary>) -> Result<Summary, InputError> {
    Ok(Summary {
        reduction: setting(
            src,
            field,
            "history_reduction",
            raw.history_reduction,
            inherited.map(|s| s.reduction),
        )?,
    })
}

fn early_stop(
    src: &Source,
    field: &Field,
    raw: RawEarlyStop,
    inherited: Option<&EarlyStop>,
) -> Result<EarlyStop, InputError> {
    Ok(EarlyStop {
        share: setting(src, field, "share", raw.share, inherited.map(|e| e.share))?,
        saved: setting(src, field, "output_saved", raw.output_saved, inherited.map(|e| e.saved))?,
    })
}

fn caching(src: &Source, field: &Field, raw: RawCaching, inherited: Option<&Caching>) -> Result<Caching, InputError> {
    let prefix = match raw.prefix {
        Some(parts) => {
            let f = field.key("prefix");
            if parts.is_empty() {
                return Err(src
                    .error(&f, "names no part of the input")
                    .with_hint("list the parts that open every prompt, e.g. `[system, context]`"));
            }
            if let Some(twice) = parts.iter().enumerate().find(|(i, p)| parts[..*i].contains(p)) {
                return Err(src
                    .error(&f, format!("names `{}` twice", twice.1.name()))
                    .with_hint("name each of system, context and history at most once, in prompt order"));
            }
            parts
        }
        None => inherited.map_or(Caching::SYSTEM_ONLY.to_vec(), |c| c.prefix.clone()),
    };
    let session_turns = raw.session_turns.or(inherited.map(|c| c.session_turns)).unwrap_or(1);
    if session_turns == 0 {
        return Err(src
            .error(
                &field.key("session_turns"),
                "is 0: a conversation has at least one turn",
            )
            .with_hint("give the mean number of turns per conversation, 1 for single requests"));
    }
    let explicit_hours_per_day = match raw.explicit {
        Some(e) => {
            let hours = e.hours_per_day.0;
            if hours <= Decimal::ZERO || hours > Decimal::from(24) {
                return Err(src
                    .error(
                        &field.key("explicit").key("hours_per_day"),
                        format!("is {hours}: a cache is kept more than 0 and at most 24 hours a day"),
                    )
                    .with_hint("give the hours a day the explicit caches exist, e.g. `24`"));
            }
            Some(hours)
        }
        None => inherited.and_then(|c| c.explicit_hours_per_day),
    };
    Ok(Caching {
        hit_rate: setting(src, field, "hit_rate", raw.hit_rate, inherited.map(|c| c.hit_rate))?,
        ttl: raw.ttl.or(inherited.map(|c| c.ttl)).unwrap_or_default(),
        prefix,
        session_turns,
        explicit_hours_per_day,
    })
}

fn batch(src: &Source, field: &Field, raw: RawBatch, tiers: &[Tier]) -> Result<Batch, InputError> {
    match (raw.share, raw.tiers) {
        (Some(share), None) => Ok(Batch::All(unit(src, &field.key("share"), share)?)),
        (None, Some(per_tier)) => {
            let positions = Positions::new(tiers);
            let mut shares = std::collections::BTreeMap::new();
            for (tier, share) in per_tier {
                let f = field.key("tiers").key(&tier);
                if !positions.has(&tier) {
                    return Err(unknown_tier(src, &f, &tier, tiers));
                }
                shares.insert(tier, unit(src, &f, share)?);
            }
            Ok(Batch::PerTier(shares))
        }
        _ => Err(src.error(
            field,
            "give exactly one of `share` (every tier) or `tiers` (a share per tier)",
        )),
    }
}

/// "names tier `complx`, which the scenario lacks", with the closest tier.
pub(crate) fn unknown_tier(src: &Source, field: &Field, name: &str, tiers: &[Tier]) -> InputError {
    let names: Vec<&str> = tiers.iter().map(|t| t.name.as_str()).collect();
    let e = src.error(field, format!("names tier `{name}`, which the scenario lacks"));
    match closest(name, names.iter().copied(), 1).first() {
        Some(best) => e.with_hint(format!("did you mean `{best}`?")),
        None => e.with_hint(format!("the tiers are: {}", names.join(", "))),
    }
}
