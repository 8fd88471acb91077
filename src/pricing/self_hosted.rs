//! A catalog's `self_hosted` deployments, checked: each becomes a
//! `tariff::Deployment` (what it rents and carries) and a model of the same
//! id at zero rates, so a strategy names it where it names a model and every
//! call it serves is billed nothing per token (the rent is the bill).

use super::catalog::{ClassRates, Model, RateCard};
use super::load::MAX_PRICE;
use super::raw::RawDeployment;
use crate::input::{ExactDecimal, Field, InputError, Source};
use crate::tariff::Deployment;
use rust_decimal::Decimal;

/// The provider a deployment's model is listed under.
pub const PROVIDER: &str = "self-hosted";
/// The most tokens a second one accelerator may be said to carry: far above
/// any accelerator, low enough that no monthly figure can overflow.
const MAX_TOKENS_PER_SECOND: i64 = 1_000_000_000;
/// The most accelerators a replica, or replicas a deployment's minimum, may have.
const MAX_COUNT: u32 = 1024;

/// The deployment `id` as written at `field`, and the model that names it.
pub fn deployment(
    src: &Source,
    field: &Field,
    id: String,
    raw: RawDeployment,
) -> Result<(Deployment, Model), InputError> {
    for (key, text) in [
        ("serves", &raw.serves),
        ("accelerator", &raw.accelerator),
        ("latency_target", &raw.latency_target),
    ] {
        if text.trim().is_empty() {
            return Err(src.error(&field.key(key), "must not be empty").with_hint(
                "throughput figures hold for one model, one accelerator and one latency target: name them",
            ));
        }
    }
    let money = |key: &str, v: ExactDecimal| -> Result<Decimal, InputError> {
        if v.0.is_sign_negative() && !v.0.is_zero() {
            return Err(src.error(&field.key(key), format!("{} is negative; prices are zero or more", v.0)));
        }
        if v.0 > Decimal::from(MAX_PRICE) {
            return Err(src.error(
                &field.key(key),
                format!("{} is implausibly large (the limit is {MAX_PRICE})", v.0),
            ));
        }
        Ok(v.0.normalize())
    };
    let throughput = |key: &str, v: ExactDecimal| -> Result<Decimal, InputError> {
        if v.0 <= Decimal::ZERO {
            return Err(src
                .error(
                    &field.key(key),
                    format!(
                        "{} tokens a second: a deployment must carry some tokens",
                        v.0.normalize()
                    ),
                )
                .with_hint("give the rate one accelerator sustains at the latency target, from a benchmark"));
        }
        if v.0 > Decimal::from(MAX_TOKENS_PER_SECOND) {
            return Err(src.error(
                &field.key(key),
                format!("{} tokens a second is above the limit of {MAX_TOKENS_PER_SECOND}", v.0),
            ));
        }
        Ok(v.0.normalize())
    };
    let count = |key: &str, v: Option<u32>| -> Result<u32, InputError> {
        match v {
            Some(0) => Err(src.error(&field.key(key), "must be at least 1")),
            Some(n) if n > MAX_COUNT => {
                Err(src.error(&field.key(key), format!("{n} is above the limit of {MAX_COUNT}")))
            }
            Some(n) => Ok(n),
            None => Ok(1),
        }
    };
    let utilisation = raw.utilisation.0;
    if utilisation <= Decimal::ZERO || utilisation > Decimal::ONE {
        return Err(src
            .error(
                &field.key("utilisation"),
                format!(
                    "{} is outside the valid range: more than 0% and at most 100%",
                    raw.utilisation.as_written()
                ),
            )
            .with_hint("the highest load a replica is planned to run at, such as 70%"));
    }
    let deployment = Deployment {
        id: id.clone(),
        serves: raw.serves,
        accelerator: raw.accelerator,
        accelerator_hourly: money("accelerator_hourly", raw.accelerator_hourly)?,
        accelerators_per_replica: count("accelerators_per_replica", raw.accelerators_per_replica)?,
        input_per_second: throughput("input_tokens_per_second", raw.input_tokens_per_second)?,
        output_per_second: throughput("output_tokens_per_second", raw.output_tokens_per_second)?,
        latency_target: raw.latency_target,
        utilisation: utilisation.normalize(),
        min_replicas: count("min_replicas", raw.min_replicas)?,
        scale_to_peak: raw.scale_to_peak,
        overhead_per_month: raw
            .overhead_per_month
            .map(|o| money("overhead_per_month", o))
            .transpose()?
            .unwrap_or_default(),
        sources: raw.sources,
    };
    let free = RateCard {
        input: Decimal::ZERO,
        output: Decimal::ZERO,
        cached_input: None,
        cache_write: None,
        cache_write_1h: None,
        reasoning: None,
    };
    let model = Model {
        id,
        provider: PROVIDER.to_string(),
        aliases: Vec::new(),
        standard: free,
        batch: ClassRates::default(),
        long_context: None,
        tiers: Default::default(),
        regions: Default::default(),
        reasoning_ratio: None,
        min_cacheable_tokens: None,
        cache_storage: None,
        per_request: Decimal::ZERO,
        context_window: raw.context_window,
        extended_context_window: None,
        max_output_tokens: raw.max_output_tokens,
        deprecation_date: None,
        successor: None,
        history: None,
    };
    Ok((deployment, model))
}

#[cfg(test)]
mod tests {
    use crate::input::{InputError, Source};
    use crate::pricing::Catalog;
    use rust_decimal_macros::dec;

    const HEAD: &str =
        "name: t\nas_of: 2025-11-13\ncurrency: USD\nsource: test\nmodels:\n  m: {provider: p, input: 1, output: 2}\n";

    fn load(deployment: &str) -> Result<Catalog, InputError> {
        Catalog::from_source(&Source::new(
            "c.yaml",
            format!(
                "{HEAD}self_hosted:\n  d:\n    serves: m\n    accelerator: H100\n    latency_target: p50 TTFT 1 s\n{deployment}"
            ),
        ))
    }

    const RATES: &str = "    accelerator_hourly: 4\n    input_tokens_per_second: 1000\n    output_tokens_per_second: 100\n    utilisation: 70%\n";

    #[test]
    fn a_deployment_is_a_free_model_and_its_capacity() {
        let c = load(RATES).unwrap();
        let model = c.model("d").unwrap();
        assert_eq!(model.provider, "self-hosted");
        assert_eq!((model.standard.input, model.standard.output), (dec!(0), dec!(0)));
        assert_eq!(model.standard.cached_input, None);
        let d = c.deployment(model).unwrap();
        assert_eq!(d.utilisation, dec!(0.7));
        assert_eq!(
            (d.min_replicas, d.accelerators_per_replica, d.scale_to_peak),
            (1, 1, false)
        );
    }

    #[test]
    fn zero_throughput_is_refused_at_its_field() {
        let e = load(&RATES.replace("output_tokens_per_second: 100", "output_tokens_per_second: 0")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("self_hosted.d.output_tokens_per_second"));
        assert_eq!(e.line, Some(14));
        assert!(e.message.contains("must carry some tokens"), "{e}");
    }

    #[test]
    fn utilisation_above_one_and_no_replicas_are_refused() {
        let e = load(&RATES.replace("70%", "120%")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("self_hosted.d.utilisation"));
        assert!(e.message.starts_with("120% is outside"), "{e}");
        let e = load(&format!("{RATES}    min_replicas: 0\n")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("self_hosted.d.min_replicas"));
    }

    #[test]
    fn a_deployment_may_not_take_a_models_id() {
        let text =
            format!("{HEAD}self_hosted:\n  m:\n    serves: m\n    accelerator: H100\n    latency_target: t\n{RATES}");
        let e = Catalog::from_source(&Source::new("c.yaml", text)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("self_hosted.m"));
    }
}
