//! Exact numbers read from the text of a YAML scalar: `0.15` is 0.15, never an
//! f64 on the way. Fractions (shares, rates, probabilities) also read `30%`.

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Parses a plain or scientific decimal (`0.15`, `2.5e-06`) exactly.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let parsed = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t)
    } else {
        Decimal::from_str_exact(t)
    };
    parsed
        .map(|d| d.normalize())
        .map_err(|_| format!("`{t}` is not a decimal number"))
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
            Some(pct) => parse_decimal(pct)
                .map(|d| Self((d / Decimal::ONE_HUNDRED).normalize(), true))
                .map_err(|_| format!("`{t}` is not a percentage")),
            None => parse_decimal(t).map(|d| Self(d, false)),
        }
    }
}

/// Visits any scalar as text so that the number keeps every digit written.
struct TextVisitor(&'static str);

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

fn scalar_text<'de, D: Deserializer<'de>>(d: D, expecting: &'static str) -> Result<String, D::Error> {
    d.deserialize_str(TextVisitor(expecting))
}

impl<'de> Deserialize<'de> for ExactDecimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = scalar_text(d, "a decimal number such as 0.15")?;
        parse_decimal(&text).map(Self).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = scalar_text(d, "a fraction such as 0.3 or 30%")?;
        text.parse().map_err(de::Error::custom)
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
    fn rejects_what_is_not_a_number() {
        assert!(parse_decimal("1,5").is_err());
        assert!(parse_decimal("NaN").is_err());
    }
}
