//! Reading a scenario file and checking it: volume, tiers and their shares and
//! tokens, strategies and their routes, the baseline, and the techniques.
//! Whether models exist is checked when a catalog prices the scenario.

use super::Positions;
use super::raw::{RawScenario, RawServiceTier, RawStrategy, RawTier, RawVolume};
use super::shares::{exact_percent, to_one_hundred};
use super::techniques::{resolve, unit, unknown_tier};
use super::uncertainty::uncertainty;
use super::{Scenario, Serving, Strategy, Tier, TierTokens, Volume};
use crate::input::{ExactDecimal, Field, Fraction, InputError, Source, closest};
use crate::routing::validate as routing;
use crate::tariff::Service;
use crate::techniques::Techniques;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The largest token count a tier may give per interaction.
pub(crate) const MAX_TOKENS: u64 = 100_000_000;

impl Scenario {
    /// Reads and checks the scenario at `path`.
    pub fn load(path: &Path) -> Result<Self, InputError> {
        Self::from_source(Source::read(path, "scenario")?, path.parent())
    }

    /// Checks a scenario document; a catalog path it names is resolved against `dir`.
    pub fn from_source(src: Source, dir: Option<&Path>) -> Result<Self, InputError> {
        let raw: RawScenario = src.parse("scenario")?;
        if raw.name.trim().is_empty() {
            return Err(src.error(&Field::named("name"), "must not be empty"));
        }
        let peak_to_mean = peak_to_mean(&src, raw.volume.peak_to_mean)?;
        let volume = volume(&src, raw.volume)?;
        let tiers = tiers(&src, raw.tiers)?;
        let defaults = resolve(&src, &Field::root(), &Techniques::default(), raw.techniques, &tiers)?;
        let strategies = strategies(&src, raw.strategies, &tiers, &defaults, dir)?;
        let uncertainty = uncertainty(&src, raw.uncertainty, &tiers)?;
        if !strategies.iter().any(|s| s.name == raw.baseline) {
            let names: Vec<&str> = strategies.iter().map(|s| s.name.as_str()).collect();
            let e = src.error(
                &Field::named("baseline"),
                format!("`{}` names no strategy of this scenario", raw.baseline),
            );
            return Err(match closest(&raw.baseline, names.iter().copied(), 1).first() {
                Some(best) => e.with_hint(format!("did you mean `{best}`?")),
                None => e.with_hint(format!("the strategies are: {}", names.join(", "))),
            });
        }
        let quality = raw.quality.map(|q| routing::quality(&src, q, &tiers)).transpose()?;
        let catalog = raw.catalog.map(|c| dir.unwrap_or(Path::new("")).join(c));
        Ok(Scenario {
            name: raw.name,
            description: raw.description,
            catalog,
            volume,
            peak_to_mean,
            tiers,
            strategies,
            baseline: raw.baseline,
            quality,
            techniques: defaults,
            uncertainty,
            source: src,
        })
    }
}

/// `volume.peak_to_mean`: 1 (no peak) to 24 (a day's traffic in one hour).
fn peak_to_mean(src: &Source, raw: Option<ExactDecimal>) -> Result<Decimal, InputError> {
    let Some(ExactDecimal(p)) = raw else {
        return Ok(Decimal::ONE);
    };
    if p < Decimal::ONE || p > Decimal::from(24) {
        return Err(src
            .error(
                &Field::named("volume").key("peak_to_mean"),
                format!("{} is outside the valid range: from 1 to 24", p.normalize()),
            )
            .with_hint(
                "the busiest hour's interactions over the mean hour of its day: 1 is a flat day, 24 all in one hour",
            ));
    }
    Ok(p.normalize())
}

fn volume(src: &Source, raw: RawVolume) -> Result<Volume, InputError> {
    let field = Field::named("volume");
    let volume = match (raw.interactions_per_day, raw.days_per_month, raw.interactions_per_month) {
        (Some(per_day), days, None) => Volume::daily(per_day.0, days.map(|d| d.0)),
        (None, None, Some(per_month)) => Volume::monthly(per_month.0),
        _ => {
            return Err(src.error(
                &field,
                "give either `interactions_per_day` (with optional `days_per_month`, default 30) or `interactions_per_month`",
            ));
        }
    };
    volume.map_err(|e| src.error(&field.key(e.field), e.message))
}

/// A list entry's `name`: not empty, and not one of the names `seen` before,
/// to which it is then added.
fn check_name(
    src: &Source,
    entry: &Field,
    kind: &str,
    name: &str,
    seen: &mut HashSet<String>,
) -> Result<(), InputError> {
    if name.trim().is_empty() {
        return Err(src.error(&entry.key("name"), "must not be empty"));
    }
    if !seen.insert(name.to_string()) {
        return Err(src.error(&entry.key("name"), format!("{kind} `{name}` appears twice")));
    }
    Ok(())
}

fn tiers(src: &Source, raw: Vec<RawTier>) -> Result<Vec<Tier>, InputError> {
    let field = Field::named("tiers");
    if raw.is_empty() {
        return Err(src.error(&field, "the scenario has no tiers"));
    }
    let mut seen = HashSet::with_capacity(raw.len());
    let mut tiers: Vec<Tier> = Vec::with_capacity(raw.len());
    for (i, t) in raw.into_iter().enumerate() {
        let f = field.index(i);
        check_name(src, &f, "tier", &t.name, &mut seen)?;
        let share = unit(src, &f.key("share"), t.share)?;
        let tokens = tier_tokens(src, &f, &t)?;
        tiers.push(Tier {
            name: t.name,
            share,
            tokens,
        });
    }
    let sum: Decimal = tiers.iter().map(|t| t.share).sum();
    if sum != Decimal::ONE {
        let parts: Vec<String> = tiers
            .iter()
            .map(|t| format!("{} {}", t.name, exact_percent(t.share)))
            .collect();
        return Err(src
            .error(
                &field,
                format!(
                    "tier shares sum to {} ({}); they must sum to 100%",
                    exact_percent(sum),
                    parts.join(" + ")
                ),
            )
            .with_hint(to_one_hundred(sum)));
    }
    Ok(tiers)
}

fn tier_tokens(src: &Source, field: &Field, t: &RawTier) -> Result<TierTokens, InputError> {
    token_counts(
        src,
        field,
        Counts {
            input: t.input_tokens,
            system: t.system_tokens,
            context: t.context_tokens,
            history: t.history_tokens,
            output: t.output_tokens,
            reasoning: t.reasoning_tokens,
        },
    )
}

/// Token counts as a file writes them: all input, the parts it splits into, output.
pub(crate) struct Counts {
    pub input: u64,
    pub system: u64,
    pub context: u64,
    pub history: u64,
    pub output: u64,
    pub reasoning: Option<u64>,
}

/// Checks token counts (each within the limit, the parts within the input) and splits the input.
pub(crate) fn token_counts(src: &Source, field: &Field, c: Counts) -> Result<TierTokens, InputError> {
    let counts = [
        ("input_tokens", c.input),
        ("system_tokens", c.system),
        ("context_tokens", c.context),
        ("history_tokens", c.history),
        ("output_tokens", c.output),
        ("reasoning_tokens", c.reasoning.unwrap_or(0)),
    ];
    for (key, count) in counts {
        if count > MAX_TOKENS {
            return Err(src.error(
                &field.key(key),
                format!("{count} tokens per interaction is above the limit of {MAX_TOKENS}"),
            ));
        }
    }
    let parts = c.system + c.context + c.history;
    if parts > c.input {
        return Err(src.error(
            &field.key("input_tokens"),
            format!(
                "system + context + history = {} + {} + {} = {parts} tokens, more than the {} input tokens they split",
                c.system, c.context, c.history, c.input
            ),
        ));
    }
    Ok(TierTokens {
        system: c.system,
        context: c.context,
        history: c.history,
        user: c.input - parts,
        output: c.output,
        reasoning: c.reasoning,
    })
}

fn strategies(
    src: &Source,
    raw: Vec<RawStrategy>,
    tiers: &[Tier],
    defaults: &Techniques,
    dir: Option<&Path>,
) -> Result<Vec<Strategy>, InputError> {
    let field = Field::named("strategies");
    if raw.is_empty() {
        return Err(src.error(&field, "the scenario has no strategies"));
    }
    let mut seen = HashSet::with_capacity(raw.len());
    let mut out: Vec<Strategy> = Vec::with_capacity(raw.len());
    for (i, s) in raw.into_iter().enumerate() {
        let f = field.index(i);
        check_name(src, &f, "strategy", &s.name, &mut seen)?;
        let serving = match (s.model, s.routes, s.cascade) {
            (Some(model), None, None) => Serving::Single(model),
            (None, Some(routes), None) => Serving::Routed(routes_for(src, &f.key("routes"), routes, tiers)?),
            (None, None, Some(cascade)) => Serving::Cascade(routing::cascade(src, &f.key("cascade"), cascade, tiers)?),
            _ => {
                return Err(src.error(
                    &f,
                    format!(
                        "strategy `{}` needs exactly one of `model` (every tier), `routes` (a model per tier) or `cascade` (models in order)",
                        s.name
                    ),
                ));
            }
        };
        let routed = matches!(serving, Serving::Routed(_));
        let classifier = routing::classifier(src, &f, s.classifier, routed, dir, tiers)?;
        let fallback = s.fallback.map(|fb| routing::fallback(src, &f, fb)).transpose()?;
        let overrides = s.techniques.named();
        let techniques = resolve(src, &f, defaults, s.techniques, tiers)?;
        let service = service(src, &f, s.service_tier, s.region)?;
        out.push(Strategy {
            name: s.name,
            serving,
            techniques,
            classifier,
            fallback,
            overrides,
            service,
        });
    }
    Ok(out)
}

/// A strategy's service tiers and region: each tier's share of the calls not
/// on the batch API, at most 100% together; a region's name, not empty (the
/// catalog's models are checked against both when the strategy is priced).
fn service(
    src: &Source,
    field: &Field,
    tiers: Option<RawServiceTier>,
    region: Option<String>,
) -> Result<Service, InputError> {
    let (priority, flex) = match tiers {
        None => (Decimal::ZERO, Decimal::ZERO),
        Some(t) => {
            let at = field.key("service_tier");
            let share = |key: &str, v: Option<Fraction>| v.map_or(Ok(Decimal::ZERO), |v| unit(src, &at.key(key), v));
            (share("priority", t.priority)?, share("flex", t.flex)?)
        }
    };
    if priority + flex > Decimal::ONE {
        return Err(src
            .error(
                &field.key("service_tier"),
                format!(
                    "priority {} and flex {} add up to {}, more than every call",
                    exact_percent(priority),
                    exact_percent(flex),
                    exact_percent(priority + flex)
                ),
            )
            .with_hint("the shares divide the calls not on the batch API; the rest is standard"));
    }
    if let Some(name) = &region
        && name.trim().is_empty()
    {
        return Err(src.error(&field.key("region"), "a region's name must not be empty"));
    }
    Ok(Service { priority, flex, region })
}

fn routes_for(
    src: &Source,
    field: &Field,
    routes: BTreeMap<String, String>,
    tiers: &[Tier],
) -> Result<BTreeMap<String, String>, InputError> {
    let positions = Positions::new(tiers);
    if let Some(extra) = routes.keys().find(|k| !positions.has(k)) {
        return Err(unknown_tier(src, &field.key(extra), extra, tiers));
    }
    if let Some(missing) = tiers.iter().find(|t| !routes.contains_key(&t.name)) {
        return Err(src
            .error(field, format!("tier `{}` has no model in the routes", missing.name))
            .with_hint(format!("add `{}: MODEL` under routes", missing.name)));
    }
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const TIERS: &str = "tiers:
  - name: simple
    share: 30%
    input_tokens: 1500
    output_tokens: 800
  - name: complex
    share: 0.7
    input_tokens: 5000
    system_tokens: 2000
    context_tokens: 2500
    output_tokens: 4000
";

    fn load(text: &str) -> Result<Scenario, InputError> {
        Scenario::from_source(Source::new("s.yaml", text), None)
    }

    fn doc(volume: &str, tiers: &str, strategies: &str) -> String {
        format!("name: t\nvolume: {volume}\n{tiers}strategies:\n{strategies}baseline: a\n")
    }

    const ONE: &str = "  - name: a\n    model: m\n";

    #[test]
    fn reads_volume_tiers_and_token_parts() {
        let s = load(&doc("{interactions_per_day: 100}", TIERS, ONE)).unwrap();
        assert_eq!(s.volume.per_month, dec!(3000));
        assert_eq!(s.tiers[0].share, dec!(0.3));
        let complex = &s.tiers[1].tokens;
        assert_eq!(
            (complex.system, complex.context, complex.history, complex.user),
            (2000, 2500, 0, 500)
        );
        assert_eq!(complex.input(), 5000);
    }

    #[test]
    fn shares_must_sum_to_one_and_the_error_lists_them() {
        let tiers = TIERS.replace("0.7", "65%");
        let e = load(&doc("{interactions_per_month: 10}", &tiers, ONE)).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(
            e.message,
            "tier shares sum to 95% (simple 30% + complex 65%); they must sum to 100%"
        );
    }

    #[test]
    fn parts_cannot_exceed_the_input_they_split() {
        let tiers = TIERS.replace("context_tokens: 2500", "context_tokens: 3500");
        let e = load(&doc("{interactions_per_month: 10}", &tiers, ONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("tiers[1].input_tokens"));
        assert!(e.message.contains("2000 + 3500 + 0 = 5500 tokens"), "{e}");
    }

    #[test]
    fn routes_must_cover_every_tier_and_no_other() {
        let missing = "  - name: a\n    routes:\n      simple: m\n";
        let e = load(&doc("{interactions_per_month: 10}", TIERS, missing)).unwrap_err();
        assert!(e.message.contains("tier `complex` has no model"), "{e}");
        let extra = "  - name: a\n    routes:\n      simple: m\n      complx: m\n      complex: m\n";
        let e = load(&doc("{interactions_per_month: 10}", TIERS, extra)).unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `complex`?"));
        assert_eq!(e.line, Some(18));
    }

    #[test]
    fn the_baseline_must_name_a_strategy() {
        let text = doc("{interactions_per_month: 10}", TIERS, ONE).replace("baseline: a", "baseline: b");
        let e = load(&text).unwrap_err();
        assert!(e.message.contains("`b` names no strategy"), "{e}");
    }

    #[test]
    fn strategies_override_and_switch_off_default_techniques() {
        let text = format!(
            "{}techniques:\n  caching: {{hit_rate: 90%}}\n  batch: {{tiers: {{complex: 50%}}}}\n",
            doc(
                "{interactions_per_month: 10}",
                TIERS,
                "  - name: a\n    model: m\n  - name: b\n    model: m\n    techniques:\n      caching: off\n      pruning: {max_context_tokens: 3000}\n"
            )
        );
        let s = load(&text).unwrap();
        let (a, b) = (&s.strategies[0].techniques, &s.strategies[1].techniques);
        assert_eq!(a.caching.as_ref().map(|c| c.hit_rate), Some(dec!(0.9)));
        assert!(a.pruning.is_none());
        assert!(b.caching.is_none());
        assert_eq!(b.batch.as_ref().map(|x| x.share("complex")), Some(dec!(0.5)));
        assert!(b.pruning.is_some());
    }

    #[test]
    fn technique_fractions_stay_in_range() {
        let text = format!(
            "{}techniques:\n  caching: {{hit_rate: 90}}\n",
            doc("{interactions_per_month: 10}", TIERS, ONE)
        );
        let e = load(&text).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("techniques.caching.hit_rate"));
        assert_eq!(e.hint.as_deref(), Some("for a percentage write `90%`"));
    }
}
