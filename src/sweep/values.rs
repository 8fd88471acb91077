//! The values of one `--set PATH=VALUES`: a list (`100,1000,10000`), a range
//! with a step (`0.1..0.9:0.1`, `10%..90%:10%`: from the first value up to the
//! last, which is included when a step lands on it), or a geometric range
//! (`100..100000*10`: multiplied by the factor while not above the last).
//! Every value is an exact decimal.

use super::SweepError;
use super::path::{Kind, Param};
use crate::input::{Fraction, parse_decimal};
use rust_decimal::Decimal;

/// The most values one `--set` may give.
pub const MAX_VALUES: usize = 100_000;

/// The values of one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub values: Vec<Decimal>,
    /// Whether they were given as a geometric range (charts use a log axis).
    pub geometric: bool,
}

const SYNTAX: &str = "write a list `100,1000,10000`, a range `0.1..0.9:0.1` (from..to:step) or a geometric range `100..100000*10` (from..to*factor)";

/// Parses `VALUES` for `param`.
pub fn parse(param: &Param, text: &str) -> Result<Values, SweepError> {
    let bad = |why: String| SweepError(format!("--set {}={text}: {why}", param.path));
    let value = |t: &str| param.value(t).map_err(bad);
    let Some((from, rest)) = text.split_once("..") else {
        let values = text.split(',').map(&value).collect::<Result<Vec<_>, _>>()?;
        return Ok(Values {
            values,
            geometric: false,
        });
    };
    let (to, step, geometric) = match (rest.split_once(':'), rest.split_once('*')) {
        (Some((to, step)), None) => (to, step, false),
        (None, Some((to, factor))) => (to, factor, true),
        _ => return Err(bad(format!("`{text}` is not a range; {SYNTAX}"))),
    };
    let (from, to) = (value(from)?, value(to)?);
    if from > to {
        return Err(bad(format!(
            "the range runs from {from} down to {to}; give the smaller value first"
        )));
    }
    let values = if geometric {
        let factor = parse_decimal(step).map_err(|e| bad(format!("{e}; {SYNTAX}")))?;
        if factor <= Decimal::ONE {
            return Err(bad(format!("the factor {factor} must be above 1")));
        }
        if from <= Decimal::ZERO {
            return Err(bad("a geometric range starts above 0".into()));
        }
        collect(from, to, |v| v.checked_mul(factor)).map_err(bad)?
    } else {
        let step = match param.kind() {
            Kind::Fraction => step.trim().parse::<Fraction>().map(|f| f.0),
            _ => parse_decimal(step),
        }
        .map_err(|e| bad(format!("{e}; {SYNTAX}")))?;
        if step <= Decimal::ZERO {
            return Err(bad(format!("the step {step} must be above 0")));
        }
        collect(from, to, |v| v.checked_add(step)).map_err(bad)?
    };
    for v in &values {
        value(&v.to_string())?;
    }
    Ok(Values { values, geometric })
}

/// `from`, `next(from)`, ... while not above `to`, at most `MAX_VALUES`.
fn collect(from: Decimal, to: Decimal, next: impl Fn(Decimal) -> Option<Decimal>) -> Result<Vec<Decimal>, String> {
    let mut values = Vec::new();
    let mut v = Some(from);
    while let Some(x) = v.filter(|x| *x <= to) {
        if values.len() == MAX_VALUES {
            return Err(format!(
                "the range gives more than {MAX_VALUES} values; take a larger step"
            ));
        }
        values.push(x.normalize());
        v = next(x);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::path::Target;
    use rust_decimal_macros::dec;

    fn param(target: Target) -> Param {
        Param {
            path: "p".into(),
            target,
        }
    }

    #[test]
    fn lists_ranges_and_geometric_ranges() {
        let count = param(Target::PerDay);
        assert_eq!(
            parse(&count, "100,1000,10000").unwrap().values,
            vec![dec!(100), dec!(1000), dec!(10000)]
        );
        let r = parse(&count, "100..100000*10").unwrap();
        assert!(r.geometric);
        assert_eq!(r.values, vec![dec!(100), dec!(1000), dec!(10000), dec!(100000)]);
        let share = param(Target::Share(0));
        let r = parse(&share, "0.1..0.9:0.1").unwrap().values;
        assert_eq!(r.len(), 9);
        assert_eq!((r[0], r[8]), (dec!(0.1), dec!(0.9)));
        assert_eq!(
            parse(&share, "10%..30%:10%").unwrap().values,
            vec![dec!(0.1), dec!(0.2), dec!(0.3)]
        );
        // 0, 0.3, 0.6, 0.9: the last value is kept only when a step lands on it.
        assert_eq!(parse(&share, "0..1:0.3").unwrap().values.len(), 4);
    }

    #[test]
    fn malformed_values_say_why() {
        let share = param(Target::Share(0));
        for (text, why) in [
            ("0.1..0.9", "is not a range"),
            ("0.9..0.1:0.1", "give the smaller value first"),
            ("0.1..0.9:0", "must be above 0"),
            ("1..2*1", "is above 1"),
            ("abc", "not a decimal"),
            ("150%", "is above 1"),
        ] {
            let e = parse(&share, text).unwrap_err().0;
            assert!(e.contains(why), "{text}: {e}");
        }
        let tokens = param(Target::Tokens(0, crate::sweep::path::TokenField::Output));
        assert!(parse(&tokens, "1.5").unwrap_err().0.contains("whole number"));
        assert!(
            parse(&tokens, "0..1000000:1")
                .unwrap_err()
                .0
                .contains("more than 100000 values")
        );
    }
}
