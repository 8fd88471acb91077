//! The text of `sweep --set PATH=VALUES`: a path, then a list
//! (`100,1000,10000`), a range with a step (`0.1..0.9:0.1`, `10%..90%:10%`) or
//! a geometric range (`100..100000*10`). Every number is exact and may be
//! written as a percentage; what a path names and which values it takes are
//! the sweep's to say (`sweep::Assignment`).

use crate::input::{Fraction, parse_decimal};
use crate::sweep::{Assignment, Spread};

const SYNTAX: &str = "write a list `100,1000,10000`, a range `0.1..0.9:0.1` (from..to:step) or a geometric range `100..100000*10` (from..to*factor)";

/// Reads one `--set`; the error names the option as written and says what is wrong.
pub fn assignment(text: &str) -> Result<Assignment, String> {
    let (path, values) = text
        .split_once('=')
        .filter(|(path, _)| !path.trim().is_empty())
        .ok_or_else(|| format!("--set {text}: write PATH=VALUES, such as `volume.interactions_per_day=100,1000`"))?;
    let (path, values) = (path.trim(), values.trim());
    let bad = |why: String| format!("--set {path}={values}: {why}");
    let number = |t: &str| t.parse::<Fraction>().map_err(bad);
    let spread = match values.split_once("..") {
        None => Spread::List(values.split(',').map(number).collect::<Result<_, _>>()?),
        Some((from, rest)) => match (rest.split_once(':'), rest.split_once('*')) {
            (Some((to, step)), None) => Spread::Range {
                from: number(from)?,
                to: number(to)?,
                step: step.parse::<Fraction>().map_err(|e| bad(format!("{e}; {SYNTAX}")))?,
            },
            (None, Some((to, factor))) => Spread::Geometric {
                from: number(from)?,
                to: number(to)?,
                factor: parse_decimal(factor).map_err(|e| bad(format!("{e}; {SYNTAX}")))?,
            },
            _ => return Err(bad(format!("`{values}` is not a range; {SYNTAX}"))),
        },
    };
    Ok(Assignment {
        path: path.to_string(),
        text: values.to_string(),
        spread,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn spread(text: &str) -> Spread {
        assignment(text).unwrap().spread
    }

    #[test]
    fn lists_ranges_and_geometric_ranges() {
        let a = assignment(" volume.interactions_per_day = 100, 1000,10000 ").unwrap();
        assert_eq!(a.path, "volume.interactions_per_day");
        assert_eq!(a.text, "100, 1000,10000");
        assert_eq!(
            a.spread,
            Spread::List(vec![
                Fraction(dec!(100), false),
                Fraction(dec!(1000), false),
                Fraction(dec!(10000), false)
            ])
        );
        assert_eq!(
            spread("tiers.simple.share=0..1:0.25"),
            Spread::Range {
                from: Fraction(dec!(0), false),
                to: Fraction(dec!(1), false),
                step: Fraction(dec!(0.25), false),
            }
        );
        assert_eq!(
            spread("tiers.simple.share=10%..90%:10%"),
            Spread::Range {
                from: Fraction(dec!(0.1), true),
                to: Fraction(dec!(0.9), true),
                step: Fraction(dec!(0.1), true),
            }
        );
        assert_eq!(
            spread("volume.interactions_per_day=10..100000*10"),
            Spread::Geometric {
                from: Fraction(dec!(10), false),
                to: Fraction(dec!(100000), false),
                factor: dec!(10),
            }
        );
        // Scientific notation is exact: 2.5e-06 is 0.0000025.
        assert_eq!(
            spread("price.gpt-4o.input=2.5e-06"),
            Spread::List(vec![Fraction(dec!(0.0000025), false)])
        );
    }

    #[test]
    fn malformed_options_say_why() {
        let error = |text: &str| assignment(text).unwrap_err();
        assert_eq!(
            error("volume.interactions_per_day"),
            "--set volume.interactions_per_day: write PATH=VALUES, such as `volume.interactions_per_day=100,1000`"
        );
        assert!(error("=5").starts_with("--set =5: write PATH=VALUES"));
        assert_eq!(
            error("volume.interactions_per_day="),
            "--set volume.interactions_per_day=: `` is not a decimal number"
        );
        assert_eq!(
            error("volume.interactions_per_day=1,,2"),
            "--set volume.interactions_per_day=1,,2: `` is not a decimal number"
        );
        assert_eq!(error("p=abc"), "--set p=abc: `abc` is not a decimal number");
        assert_eq!(error("p=x%"), "--set p=x%: `x%` is not a percentage");
        assert_eq!(
            error("p=0.1..0.9"),
            format!("--set p=0.1..0.9: `0.1..0.9` is not a range; {SYNTAX}")
        );
        assert!(error("p=1..").contains("`1..` is not a range"));
        assert!(error("p=1..100:1*2").contains("`1..100:1*2` is not a range"));
        assert_eq!(
            error("p=1..10:ten"),
            format!("--set p=1..10:ten: `ten` is not a decimal number; {SYNTAX}")
        );
        assert_eq!(
            error("p=1..10*x"),
            format!("--set p=1..10*x: `x` is not a decimal number; {SYNTAX}")
        );
        // A factor is a plain number, not a percentage.
        assert!(error("p=1..10*10%").contains("`10%` is not a decimal number"));
    }
}
