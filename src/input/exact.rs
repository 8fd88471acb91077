//! Exact numbers read from the text of a YAML scalar: `0.15` is 0.15, never an
//! f64 on the way. Fractions (shares, rates, probabilities) also read `30%`.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The largest magnitude an exact decimal holds, as errors quote it.
const LARGEST: &str = "79228162514264337593543950335 (about 7.9e28)";

/// The most decimal places an exact decimal keeps.
const MAX_PLACES: i64 = 28;

/// Parses a plain or scientific decimal (`0.15`, `2.5e-06`) exactly; a number
/// that cannot be held exactly is an error saying which limit it passes.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    parse_written(text).map(|d| d.normalize())
}

/// Parses a decimal as [`parse_decimal`] does, keeping the places it was
/// written with (`0.50` has two).
pub fn parse_written(text: &str) -> Result<Decimal, String> {
    let t = trimmed(text);
    if let Some(plain) = plain_decimal(t) {
        return Ok(plain);
    }
    let parsed = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t)
    } else {
        Decimal::from_str_exact(t)
    };
    parsed.map_err(|_| beyond_limits(t).unwrap_or_else(|| format!("`{t}` is not a decimal number")))
}

/// `text` without the whitespace around it, as `str::trim` leaves it; at
/// once when it begins and ends with a visible ASCII character, as the cells
/// of a table mostly do.
pub fn trimmed(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A decimal written as digits, optionally a point and more digits, at most
/// 18 in all (`12`, `0.00012345`): the decimal `Decimal::from_str_exact`
/// reads, without its general parse. `None` for anything else.
fn plain_decimal(t: &str) -> Option<Decimal> {
    let (whole, fraction) = match t.bytes().position(|b| b == b'.') {
        Some(point) if point + 1 == t.len() => return None,
        Some(point) => (&t[..point], &t[point + 1..]),
        None => (t, ""),
    };
    if whole.is_empty() || whole.len() + fraction.len() > 18 {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .try_fold(0u64, |n, b| b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0')))?;
    Some(Decimal::from_i128_with_scale(
        i128::from(mantissa),
        fraction.len() as u32,
    ))
}

/// Why a well-formed number cannot be held exactly, or `None` if `t` is not a number.
fn beyond_limits(t: &str) -> Option<String> {
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e),
        None => (unsigned, "0"),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent_digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    let well_formed = !(whole.is_empty() && fraction.is_empty())
        && whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())
        && !exponent_digits.is_empty()
        && exponent_digits.chars().all(|c| c.is_ascii_digit());
    if !well_formed {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return None;
    }
    let kept = significant.trim_end_matches('0');
    let trailing = significant.len() - kept.len();
    // The value is `kept` × 10^scale, and its first digit stands at 10^lead.
    let exponent: i64 = exponent.parse().unwrap_or(if exponent.starts_with('-') {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    let scale = exponent
        .saturating_sub(fraction.len() as i64)
        .saturating_add(trailing as i64);
    let lead = scale.saturating_add(kept.len() as i64 - 1);
    Some(if lead >= MAX_PLACES {
        format!("`{t}` is out of range: the largest number read exactly is {LARGEST}")
    } else if scale < -MAX_PLACES && lead >= -MAX_PLACES {
        format!(
            "`{t}` has {} decimal places, more than the {MAX_PLACES} an exact decimal keeps",
            -scale
        )
    } else if scale < -MAX_PLACES {
        format!(
            "`{t}` is out of range: numbers keep at most {MAX_PLACES} decimal places, so the smallest above zero is 1e-{MAX_PLACES}"
        )
    } else {
        format!(
            "`{t}` has {} significant digits, more than an exact decimal keeps (28)",
            kept.len()
        )
    })
}

/// A decimal read exactly from the scalar's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct ExactDecimal(pub Decimal);

/// A share, rate or probability: `0.3` or `30%`, read exactly, and whether it
/// was written as a percentage (so errors can quote it as written). Its range
/// is checked by the validation that knows the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Fraction(pub Decimal, #[serde(skip)] pub bool);

impl Fraction {
    /// The value as the file wrote it: `150%` or `1.5`.
    pub fn as_written(&self) -> String {
        if self.1 {
            format!("{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
        } else {
            self.0.to_string()
        }
    }
}

impl FromStr for Fraction {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        match t.strip_suffix('%') {
            Some(pct) => {
                let d = parse_decimal(pct).map_err(|e| match beyond_limits(pct.trim()) {
                    Some(_) => e.replace(&format!("`{}`", pct.trim()), &format!("`{t}`")),
                    None => format!("`{t}` is not a percentage"),
                })?;
                let fraction = (d / Decimal::ONE_HUNDRED).normalize();
                if fraction * Decimal::ONE_HUNDRED != d {
                    return Err(format!(
                        "`{t}` has more decimal places than a share keeps exactly ({MAX_PLACES} as a fraction, {} as a percentage)",
                        MAX_PLACES - 2
                    ));
                }
                Ok(Self(fraction, true))
            }
            None => parse_decimal(t).map(|d| Self(d, false)),
        }
    }
}

/// Visits any scalar as text, so that a number keeps every digit written, and
/// parses it inside the visit: the parser then locates an error at the scalar
/// (its line and field), not at the mapping that holds it.
struct ParseVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for ParseVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
}

impl<'de> Deserialize<'de> for ExactDecimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseVisitor {
            expecting: "a decimal number such as 0.15",
            parse: |text| parse_decimal(text).map(Self),
        })
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseVisitor {
            expecting: "a fraction such as 0.3 or 30%",
            parse: str::parse,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn keeps_every_digit_written() {
        assert_eq!(
            parse_decimal("0.000123456789012345678").unwrap(),
            dec!(0.000123456789012345678)
        );
        assert_eq!(parse_decimal("0.15").unwrap().to_string(), "0.15");
    }

    #[test]
    fn a_plain_decimal_reads_as_the_general_parse_does() {
        let written = [
            "0",
            "7",
            "007.50",
            "0.000",
            "12.345678901234567",
            "123456789012345678",
            "1234567890123456789",
            "0.00012345",
            "999999999999999999",
            "1.",
            ".5",
            "-1.5",
            "+2",
            "1e3",
            "1.2.3",
            "",
            "12a",
            "١٢",
        ];
        for t in written {
            match (plain_decimal(t), Decimal::from_str_exact(t)) {
                (Some(plain), Ok(general)) => assert_eq!(
                    (plain.mantissa(), plain.scale()),
                    (general.mantissa(), general.scale()),
                    "{t}"
                ),
                (Some(plain), Err(_)) => panic!("{t} read plainly as {plain} but is not a decimal"),
                (None, _) => {}
            }
        }
        assert!(plain_decimal("0.00012345").is_some() && plain_decimal("-1.5").is_none());
    }

    #[test]
    fn trimmed_is_trim() {
        for t in ["a", " a", "a\t", "\u{a0}1\u{a0}", "\u{1}x", "", "  ", "é", "x y"] {
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn scientific_notation_is_exact() {
        let per_token = parse_decimal("2.5e-06").unwrap();
        assert_eq!(per_token * Decimal::from(1_000_000), dec!(2.5));
    }

    #[test]
    fn fractions_read_percentages() {
        assert_eq!("30%".parse::<Fraction>().unwrap().0, dec!(0.3));
        assert_eq!("0.3".parse::<Fraction>().unwrap().0, dec!(0.3));
        assert_eq!("12.5%".parse::<Fraction>().unwrap().0, dec!(0.125));
        assert!("thirty".parse::<Fraction>().is_err());
        assert_eq!("150%".parse::<Fraction>().unwrap().as_written(), "150%");
        assert_eq!("1.5".parse::<Fraction>().unwrap().as_written(), "1.5");
    }

    #[test]
    fn numbers_beyond_the_limits_say_which_limit() {
        let large = "is out of range: the largest number read exactly is 79228162514264337593543950335";
        for t in [
            "1e30",
            "1e400",
            "1234567890123456789012345678901",
            "-1E29",
            "79228162514264337593543950336",
        ] {
            let e = parse_decimal(t).unwrap_err();
            assert!(e.starts_with(&format!("`{t}` {large}")), "{e}");
        }
        for t in ["1e-30", "1e-400", "0.00000000000000000000000000001"] {
            let e = parse_decimal(t).unwrap_err();
            assert!(
                e.contains("out of range: numbers keep at most 28 decimal places"),
                "{e}"
            );
        }
        let e = parse_decimal("0.33333333333333333333333333333").unwrap_err();
        assert_eq!(
            e,
            "`0.33333333333333333333333333333` has 29 decimal places, more than the 28 an exact decimal keeps"
        );
        let e = parse_decimal("333333333333333.333333333333333").unwrap_err();
        assert_eq!(
            e,
            "`333333333333333.333333333333333` has 30 significant digits, more than an exact decimal keeps (28)"
        );
        assert_eq!(
            parse_decimal("1e-28").unwrap().to_string(),
            "0.0000000000000000000000000001"
        );
        assert_eq!(
            parse_decimal("1e28").unwrap(),
            Decimal::from_scientific("1e28").unwrap()
        );
    }

    #[test]
    fn percentages_that_a_fraction_would_round_are_refused() {
        let e = "33.333333333333333333333333333%".parse::<Fraction>().unwrap_err();
        assert!(e.contains("more decimal places than a share keeps exactly"), "{e}");
        assert_eq!(
            "33.33333333333333333333333333%".parse::<Fraction>().unwrap().0,
            dec!(0.3333333333333333333333333333)
        );
        let e = "1e400%".parse::<Fraction>().unwrap_err();
        assert!(e.starts_with("`1e400%` is out of range"), "{e}");
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert!(parse_decimal("1,5").is_err());
        assert!(parse_decimal("NaN").is_err());
    }
}
