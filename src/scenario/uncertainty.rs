//! Checking the optional `uncertainty` section: the spreads Monte Carlo draws
//! around the scenario's means. `simulate` and `sweep` ignore it.

use super::Positions;
use super::raw::RawUncertainty;
use super::techniques::unknown_tier;
use super::{Spread, Tier, Uncertainty};
use crate::input::{Field, Fraction, InputError, Source};
use rust_decimal::Decimal;

/// The largest coefficient of variation accepted (500%).
const MAX_CV: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// A coefficient of variation: zero or more, at most 500%.
fn cv(src: &Source, field: &Field, value: Fraction) -> Result<Decimal, InputError> {
    let v = value.0;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(src.error(field, format!("{v} is negative; a spread is zero or more")));
    }
    if v > MAX_CV {
        return Err(src
            .error(field, format!("{v} is above the limit of 5 (500%)"))
            .with_hint(format!("for a percentage write `{v}%`")));
    }
    Ok(v)
}

/// The section checked, with one spread per tier (scenario-wide values, then
/// a tier's own).
pub(super) fn uncertainty(
    src: &Source,
    raw: Option<RawUncertainty>,
    tiers: &[Tier],
) -> Result<Uncertainty, InputError> {
    let Some(raw) = raw else {
        return Ok(Uncertainty {
            daily_volume_cv: None,
            spreads: vec![Spread::default(); tiers.len()],
        });
    };
    let field = Field::named("uncertainty");
    let opt = |key: &str, v: Option<Fraction>, f: &Field| v.map(|v| cv(src, &f.key(key), v)).transpose();
    let daily_volume_cv = opt("daily_volume_cv", raw.daily_volume_cv, &field)?;
    let default = Spread {
        input_cv: opt("input_cv", raw.input_cv, &field)?.unwrap_or_default(),
        output_cv: opt("output_cv", raw.output_cv, &field)?.unwrap_or_default(),
    };
    let positions = Positions::new(tiers);
    if let Some(name) = raw.tiers.keys().find(|k| !positions.has(k)) {
        return Err(unknown_tier(src, &field.key("tiers").key(name), name, tiers));
    }
    let mut spreads = Vec::with_capacity(tiers.len());
    for tier in tiers {
        let spread = match raw.tiers.get(&tier.name) {
            Some(own) => {
                let f = field.key("tiers").key(&tier.name);
                Spread {
                    input_cv: opt("input_cv", own.input_cv, &f)?.unwrap_or(default.input_cv),
                    output_cv: opt("output_cv", own.output_cv, &f)?.unwrap_or(default.output_cv),
                }
            }
            None => default,
        };
        spreads.push(spread);
    }
    Ok(Uncertainty {
        daily_volume_cv,
        spreads,
    })
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::scenario::{Scenario, Spread};
    use rust_decimal_macros::dec;

    const HEAD: &str = "name: t
volume: {interactions_per_day: 10}
tiers:
  - {name: simple, share: 40%, input_tokens: 100, output_tokens: 50}
  - {name: complex, share: 60%, input_tokens: 900, output_tokens: 400}
strategies:
  - {name: a, model: m}
baseline: a
";

    fn load(section: &str) -> Result<Scenario, crate::input::InputError> {
        Scenario::from_source(Source::new("u.yaml", format!("{HEAD}{section}")), None)
    }

    #[test]
    fn without_the_section_volume_is_poisson_and_tokens_fixed() {
        let s = load("").unwrap();
        assert_eq!(s.uncertainty.daily_volume_cv, None);
        assert_eq!(s.uncertainty.spreads, vec![Spread::default(); 2]);
    }

    #[test]
    fn tiers_inherit_the_scenario_spread_and_may_override_it() {
        let s = load("uncertainty:\n  daily_volume_cv: 20%\n  input_cv: 0.3\n  output_cv: 40%\n  tiers:\n    complex: {output_cv: 150%}\n").unwrap();
        assert_eq!(s.uncertainty.daily_volume_cv, Some(dec!(0.2)));
        assert_eq!(
            s.uncertainty.spreads,
            vec![
                Spread {
                    input_cv: dec!(0.3),
                    output_cv: dec!(0.4)
                },
                Spread {
                    input_cv: dec!(0.3),
                    output_cv: dec!(1.5)
                }
            ]
        );
    }

    #[test]
    fn bad_spreads_name_their_field() {
        let e = load("uncertainty:\n  input_cv: -0.1\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("uncertainty.input_cv"));
        let e = load("uncertainty:\n  output_cv: 30\n").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("for a percentage write `30%`"));
        let e = load("uncertainty:\n  tiers:\n    complx: {input_cv: 0.1}\n").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `complex`?"));
    }
}
