//! How counts and shares are shown to people: token counts (`1,500`,
//! `1,234.5`, `<0.1`), percentages (`30%`, `+12.3%`) and thousands separators.
//! Money is shown by `money`.

use rust_decimal::{Decimal, RoundingStrategy};

/// A signed change in percent units: `+12.3%`, `-42.3%`, `0.0%`.
pub fn percent_change(percent: Decimal) -> String {
    let r = percent.round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven);
    let sign = if r.is_sign_positive() && !r.is_zero() { "+" } else { "" };
    format!("{sign}{r:.1}%")
}

/// A fraction as a percentage: 0.3 → `30%`, 0.125 → `12.5%`.
pub fn percent_of(fraction: Decimal) -> String {
    let pct = (fraction * Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    format!("{}%", pct.normalize())
}

/// A token count (or expected count): `1,500`, `1,234.5`, and `<0.1` for a
/// count that is not zero but rounds to it.
pub fn tokens(count: Decimal) -> String {
    let r = count
        .round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven)
        .normalize();
    if r.is_zero() && !count.is_zero() {
        return if count.is_sign_negative() { ">-0.1" } else { "<0.1" }.to_string();
    }
    let text = r.abs().to_string();
    let sign = if r.is_sign_negative() { "-" } else { "" };
    match text.split_once('.') {
        Some((int, frac)) => format!("{sign}{}.{frac}", grouped(int)),
        None => format!("{sign}{}", grouped(&text)),
    }
}

/// A number as written in full, with thousands separators: `30,000`, `0.25`, `-1,234.5`.
pub fn number(value: Decimal) -> String {
    let text = value.abs().normalize().to_string();
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    match text.split_once('.') {
        Some((int, frac)) => format!("{sign}{}.{frac}", grouped(int)),
        None => format!("{sign}{}", grouped(&text)),
    }
}

/// Digits with thousands separators: `1234567` → `1,234,567`.
pub fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn percents_and_tokens() {
        assert_eq!(percent_change(dec!(-42.26)), "-42.3%");
        assert_eq!(percent_change(dec!(12.25)), "+12.2%");
        assert_eq!(percent_change(dec!(0)), "0.0%");
        assert_eq!(percent_of(dec!(0.3)), "30%");
        assert_eq!(percent_of(dec!(0.125)), "12.5%");
        assert_eq!(number(dec!(30000)), "30,000");
        assert_eq!(number(dec!(-1234.50)), "-1,234.5");
        assert_eq!(number(dec!(0.25)), "0.25");
        assert_eq!(tokens(dec!(2655000)), "2,655,000");
        assert_eq!(tokens(dec!(1234.56)), "1,234.6");
        assert_eq!(tokens(dec!(0.0038)), "<0.1");
        assert_eq!(tokens(dec!(-0.0038)), ">-0.1");
        assert_eq!(tokens(dec!(0)), "0");
        assert_eq!(grouped("100"), "100");
        assert_eq!(grouped("1000"), "1,000");
        assert_eq!(grouped("18446744073709551615"), "18,446,744,073,709,551,615");
    }
}
