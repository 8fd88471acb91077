//! Readers of numeric flags. Each flag accepts a leading minus sign into the
//! parser (so `--seed -5` is not taken for an unknown flag `-5`) and these
//! readers then say what is wrong with the value and what is wanted.

use crate::figures::grouped;
use crate::input::parse_decimal;
use crate::money::{Amount, parse_amount};
use rust_decimal::Decimal;

/// A whole number from `min` to `max`; `what` names the quantity in messages.
fn whole(text: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let wanted = format!(
        "{what} is a whole number from {} to {}",
        grouped(&min.to_string()),
        grouped(&max.to_string())
    );
    let t = text.trim();
    let unsigned = t.strip_prefix('-');
    if unsigned.is_some_and(|rest| rest.bytes().any(|b| (b'1'..=b'9').contains(&b))) {
        return Err(format!("`{text}` is negative; {wanted}"));
    }
    let digits = unsigned.unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{text}` is not a whole number; {wanted}"));
    }
    match digits.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("`{text}` is out of range; {wanted}")),
    }
}

/// `montecarlo --runs`.
pub fn runs(text: &str) -> Result<u64, String> {
    whole(text, "the number of runs", 1, crate::montecarlo::MAX_RUNS)
}

/// `calibrate --tiers-by-size`.
pub fn size_tiers(text: &str) -> Result<u64, String> {
    whole(text, "the number of size tiers", 1, 100)
}

/// `montecarlo --seed`.
pub fn seed(text: &str) -> Result<u64, String> {
    whole(text, "a seed", 0, u64::MAX)
}

/// The most worker threads `--threads` takes.
pub const MAX_THREADS: u64 = 256;

/// `montecarlo --threads`.
pub fn threads(text: &str) -> Result<u64, String> {
    whole(text, "the number of threads", 1, MAX_THREADS)
}

/// A percentage: `10`, `2.5` or `10%`, zero or more.
pub fn percent(text: &str) -> Result<Decimal, String> {
    let number = text.trim().trim_end_matches('%');
    match parse_decimal(number) {
        Ok(p) if p.is_sign_negative() && !p.is_zero() => Err(format!(
            "`{text}` is negative; a limit is a percentage of zero or more, such as 10 or 2.5"
        )),
        Ok(p) => Ok(p),
        Err(_) => Err(format!("`{text}` is not a percentage such as 10 or 2.5")),
    }
}

/// A probability: a fraction from 0 to 1 (`0.2`) or a percentage from 0% to
/// 100% (`20%`), as a fraction.
pub fn probability(text: &str) -> Result<Decimal, String> {
    fraction(
        text,
        "probability",
        "a probability is from 0 to 1 (0.2) or from 0% to 100% (20%)",
    )
}

/// A quality score: a fraction from 0 to 1 (`0.85`) or a percentage (`85%`), as a fraction.
pub fn quality(text: &str) -> Result<Decimal, String> {
    fraction(
        text,
        "quality",
        "a quality is from 0 to 1 (0.85) or from 0% to 100% (85%)",
    )
}

/// A fraction from 0 to 1 or a percentage from 0% to 100%; `what` and
/// `wanted` name it in messages.
fn fraction(text: &str, what: &str, wanted: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), Decimal::ONE_HUNDRED),
        None => (t, Decimal::ONE),
    };
    match parse_decimal(number) {
        Ok(p) if p.is_sign_negative() && !p.is_zero() => Err(format!("`{text}` is negative; {wanted}")),
        Ok(p) if p / scale > Decimal::ONE => Err(format!("`{text}` is above 1; {wanted}")),
        Ok(p) => Ok((p.abs() / scale).normalize()),
        Err(_) => Err(format!("`{text}` is not a {what}; {wanted}")),
    }
}

/// A number as written (`6.3`, `-1`, `0.85`), exact: a mean result in the
/// units of the labelled file.
pub fn number(text: &str) -> Result<Decimal, String> {
    parse_decimal(text.trim()).map_err(|e| format!("`{text}` is not a number: {e}"))
}

/// An amount of money, zero or more: `500`, `1,250.50`, `$500`, `500 USD`
/// (one reader for every flag that takes money: `money::parse_amount`).
pub fn amount(text: &str) -> Result<Amount, String> {
    parse_amount(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn whole_numbers_say_what_is_wrong_with_the_value() {
        assert_eq!(runs("10000"), Ok(10_000));
        assert_eq!(runs("1000000"), Ok(1_000_000));
        assert_eq!(
            runs("-5").unwrap_err(),
            "`-5` is negative; the number of runs is a whole number from 1 to 1,000,000"
        );
        assert_eq!(
            runs("0").unwrap_err(),
            "`0` is out of range; the number of runs is a whole number from 1 to 1,000,000"
        );
        assert!(runs("1000001").unwrap_err().contains("out of range"));
        assert!(runs("1e3").unwrap_err().contains("not a whole number"));
        assert!(runs("").unwrap_err().contains("not a whole number"));
        assert_eq!(seed("0"), Ok(0));
        assert_eq!(seed("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(
            seed("18446744073709551616").unwrap_err(),
            "`18446744073709551616` is out of range; a seed is a whole number from 0 to 18,446,744,073,709,551,615"
        );
        assert!(seed("-1").unwrap_err().starts_with("`-1` is negative"));
        assert!(seed("-0.5").unwrap_err().starts_with("`-0.5` is negative"));
        assert_eq!(seed("-0"), Ok(0), "minus zero is zero");
        assert!(runs("-0").unwrap_err().contains("out of range"));
        assert!(seed("-x").unwrap_err().contains("not a whole number"));
        assert_eq!(threads("256"), Ok(256));
        assert!(threads("257").unwrap_err().contains("from 1 to 256"));
        assert!(threads("-2").unwrap_err().contains("negative"));
    }

    #[test]
    fn limits_are_zero_or_more() {
        assert_eq!(percent("10%"), Ok(dec!(10)));
        assert_eq!(percent("2.5"), Ok(dec!(2.5)));
        assert_eq!(percent("0"), Ok(dec!(0)));
        assert!(percent("-0").is_ok());
        assert_eq!(
            percent("-5").unwrap_err(),
            "`-5` is negative; a limit is a percentage of zero or more, such as 10 or 2.5"
        );
        assert!(percent("ten").unwrap_err().contains("not a percentage"));
        assert_eq!(probability("0.2"), Ok(dec!(0.2)));
        assert_eq!(probability("20%"), Ok(dec!(0.2)));
        assert_eq!(probability("1"), Ok(dec!(1)));
        assert!(probability("-0.1").unwrap_err().contains("negative"));
        assert!(probability("20").unwrap_err().contains("above 1"));
        assert!(probability("101%").unwrap_err().contains("above 1"));
        assert!(probability("half").unwrap_err().contains("not a probability"));
        assert_eq!(amount("$1250.50").map(|a| a.value), Ok(dec!(1250.5)));
        assert_eq!(amount("500").map(|a| a.value), Ok(dec!(500)));
        assert!(amount("-500").unwrap_err().contains("is negative"));
        assert!(amount("-$500").unwrap_err().contains("is negative"));
        assert!(amount("lots").unwrap_err().contains("not an amount"));
    }
}
