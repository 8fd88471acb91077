//! The values of one swept parameter. A `--set` gives them as a list, a range
//! with a step (from the first value up to the last, which is included when a
//! step lands on it) or a geometric range (multiplied by the factor while not
//! above the last); this file checks each number against what the parameter
//! takes and lists the values a range gives, every one an exact decimal. The
//! text of a `--set` is read by the command line (`cli/set.rs`).

use super::SweepError;
use super::path::Param;
use crate::input::Fraction;
use rust_decimal::Decimal;

/// The most values one `--set` may give.
pub const MAX_VALUES: usize = 100_000;

/// One `--set PATH=VALUES`, read: the path as written and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub path: String,
    /// The values as written, for messages.
    pub text: String,
    pub spread: Spread,
}

/// Values as given. Each number keeps whether it was written as a percentage
/// (`30%` is 0.3), which only a share, rate or probability takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spread {
    /// `100,1000,10000`.
    List(Vec<Fraction>),
    /// `from..to:step`.
    Range {
        from: Fraction,
        to: Fraction,
        step: Fraction,
    },
    /// `from..to*factor`.
    Geometric {
        from: Fraction,
        to: Fraction,
        factor: Decimal,
    },
}

/// The values of one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub values: Vec<Decimal>,
    /// Whether they were given as a geometric range (charts use a log axis).
    pub geometric: bool,
}

/// The values `assignment` gives `param`, each checked to be one it takes.
pub fn values(param: &Param, assignment: &Assignment) -> Result<Values, SweepError> {
    let bad = |why: String| SweepError(format!("--set {}={}: {why}", param.path, assignment.text));
    let value = |n: &Fraction| param.value(n).map_err(bad);
    let bounds = |from: &Fraction, to: &Fraction| {
        let (from, to) = (value(from)?, value(to)?);
        if from > to {
            return Err(bad(format!(
                "the range runs from {from} down to {to}; give the smaller value first"
            )));
        }
        Ok((from, to))
    };
    // A range's values, each checked (a step can land between whole tokens).
    let checked = |values: Result<Vec<Decimal>, String>, geometric: bool| {
        let values = values.map_err(bad)?;
        for v in &values {
            value(&Fraction(*v, false))?;
        }
        Ok(Values { values, geometric })
    };
    match &assignment.spread {
        Spread::List(list) => Ok(Values {
            values: list.iter().map(value).collect::<Result<_, _>>()?,
            geometric: false,
        }),
        Spread::Range { from, to, step } => {
            let (from, to) = bounds(from, to)?;
            let by = param.number(step).map_err(bad)?;
            if by <= Decimal::ZERO {
                return Err(bad(format!("the step {} must be above 0", step.as_written())));
            }
            checked(collect(from, to, |v| v.checked_add(by)), false)
        }
        Spread::Geometric { from, to, factor } => {
            let (from, to) = bounds(from, to)?;
            if *factor <= Decimal::ONE {
                return Err(bad(format!("the factor {factor} must be above 1")));
            }
            if from <= Decimal::ZERO {
                return Err(bad("a geometric range starts above 0".into()));
            }
            checked(collect(from, to, |v| v.checked_mul(*factor)), true)
        }
    }
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
    use crate::sweep::path::{Target, TokenField};
    use rust_decimal_macros::dec;

    fn param(target: Target) -> Param {
        Param {
            path: "p".into(),
            target,
        }
    }

    fn n(v: Decimal) -> Fraction {
        Fraction(v, false)
    }

    fn pct(v: Decimal) -> Fraction {
        Fraction(v, true)
    }

    fn given(param: &Param, text: &str, spread: Spread) -> Result<Values, String> {
        let assignment = Assignment {
            path: "p".into(),
            text: text.into(),
            spread,
        };
        values(param, &assignment).map_err(|e| e.0)
    }

    #[test]
    fn lists_ranges_and_geometric_ranges() {
        let count = param(Target::PerDay);
        let list = Spread::List(vec![n(dec!(100)), n(dec!(1000)), n(dec!(10000))]);
        assert_eq!(
            given(&count, "", list).unwrap(),
            Values {
                values: vec![dec!(100), dec!(1000), dec!(10000)],
                geometric: false
            }
        );
        let geometric = Spread::Geometric {
            from: n(dec!(100)),
            to: n(dec!(100000)),
            factor: dec!(10),
        };
        assert_eq!(
            given(&count, "", geometric).unwrap(),
            Values {
                values: vec![dec!(100), dec!(1000), dec!(10000), dec!(100000)],
                geometric: true
            }
        );
        // 100 × 3 = 300, 900, 2700; 8100 is above 5000.
        let uneven = Spread::Geometric {
            from: n(dec!(100)),
            to: n(dec!(5000)),
            factor: dec!(3),
        };
        assert_eq!(
            given(&count, "", uneven).unwrap().values,
            vec![dec!(100), dec!(300), dec!(900), dec!(2700)]
        );
        let share = param(Target::Share(0));
        let range = |from, to, step| Spread::Range { from, to, step };
        let r = given(&share, "", range(n(dec!(0.1)), n(dec!(0.9)), n(dec!(0.1))))
            .unwrap()
            .values;
        assert_eq!(r.len(), 9);
        assert_eq!((r[0], r[8]), (dec!(0.1), dec!(0.9)));
        assert_eq!(
            given(&share, "", range(pct(dec!(0.1)), pct(dec!(0.3)), pct(dec!(0.1))))
                .unwrap()
                .values,
            vec![dec!(0.1), dec!(0.2), dec!(0.3)]
        );
        // 0, 0.3, 0.6, 0.9: the last value is kept only when a step lands on it.
        assert_eq!(
            given(&share, "", range(n(dec!(0)), n(dec!(1)), n(dec!(0.3))))
                .unwrap()
                .values,
            vec![dec!(0), dec!(0.3), dec!(0.6), dec!(0.9)]
        );
    }

    #[test]
    fn values_a_parameter_does_not_take_say_why() {
        let share = param(Target::Share(0));
        let range = |from, to, step| Spread::Range { from, to, step };
        for (spread, why) in [
            (
                range(n(dec!(0.9)), n(dec!(0.1)), n(dec!(0.1))),
                "--set p=T: the range runs from 0.9 down to 0.1; give the smaller value first",
            ),
            (
                range(n(dec!(0.1)), n(dec!(0.9)), n(dec!(0))),
                "--set p=T: the step 0 must be above 0",
            ),
            (
                range(n(dec!(0.1)), n(dec!(0.9)), pct(dec!(-0.1))),
                "--set p=T: the step -10% must be above 0",
            ),
            (
                Spread::List(vec![pct(dec!(1.5))]),
                "--set p=T: 150% is above 1; write a share as `0.3` or `30%`",
            ),
            (Spread::List(vec![n(dec!(-0.5))]), "--set p=T: -0.5 is negative"),
        ] {
            assert_eq!(given(&share, "T", spread).unwrap_err(), why);
        }
        let count = param(Target::PerDay);
        let geometric = |from, factor| Spread::Geometric {
            from,
            to: n(dec!(100)),
            factor,
        };
        assert_eq!(
            given(&count, "T", geometric(n(dec!(1)), dec!(1))).unwrap_err(),
            "--set p=T: the factor 1 must be above 1"
        );
        assert_eq!(
            given(&count, "T", geometric(n(dec!(0)), dec!(10))).unwrap_err(),
            "--set p=T: a geometric range starts above 0"
        );
        assert_eq!(
            given(&count, "T", Spread::List(vec![pct(dec!(0.3))])).unwrap_err(),
            "--set p=T: 30% is a percentage; only a share, rate or probability takes one"
        );
        let tokens = param(Target::Tokens(0, TokenField::Output));
        assert_eq!(
            given(&tokens, "T", Spread::List(vec![n(dec!(1.5))])).unwrap_err(),
            "--set p=T: 1.5 is not a whole number of tokens"
        );
        // 0, 0.5, ...: a step between whole tokens.
        let halves = Spread::Range {
            from: n(dec!(0)),
            to: n(dec!(2)),
            step: n(dec!(0.5)),
        };
        assert_eq!(
            given(&tokens, "T", halves).unwrap_err(),
            "--set p=T: 0.5 is not a whole number of tokens"
        );
        let percent_step = Spread::Range {
            from: n(dec!(0)),
            to: n(dec!(100)),
            step: pct(dec!(0.1)),
        };
        assert_eq!(
            given(&tokens, "T", percent_step).unwrap_err(),
            "--set p=T: 10% is a percentage; only a share, rate or probability takes one"
        );
        // 0 to 1,000,000 by 1 is 1,000,001 values.
        let many = Spread::Range {
            from: n(dec!(0)),
            to: n(dec!(1000000)),
            step: n(dec!(1)),
        };
        assert_eq!(
            given(&tokens, "T", many).unwrap_err(),
            "--set p=T: the range gives more than 100000 values; take a larger step"
        );
    }
}
