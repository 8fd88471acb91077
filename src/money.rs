//! How numbers are carried and shown. Computed figures carry `PLACES` decimal
//! places (`carry`: a repeating fraction such as 1/3 stops there, rounded half
//! to even, so parts add up exactly to their totals). One rounding rule for
//! money on screen: round half to even at 4 decimal places, show at least 2
//! (`$45.00`, `$0.6345`, `$83.325`), with thousands separators. Exports (CSV,
//! JSON) never round further: they carry `exact`, the carried decimal without
//! trailing zeros.

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places money keeps on screen.
const MONEY_DP: u32 = 4;

/// Decimal places every computed figure carries: a derived rate, a bill
/// line's cost, a month's cost of a call, a crossing point.
pub const PLACES: u32 = 20;

/// `value` to `PLACES` decimal places, rounded half to even, trailing zeros removed.
pub fn carry(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(PLACES, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

/// The full value, trailing zeros removed: what CSV and JSON carry.
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The currency's symbol, or its code followed by a space.
pub fn symbol(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        other => format!("{other} "),
    }
}

/// Money for people: `$1,680.00`, `$0.6345`, `-$12.50`.
pub fn display(amount: Decimal, currency: &str) -> String {
    display_exact(
        amount.round_dp_with_strategy(MONEY_DP, RoundingStrategy::MidpointNearestEven),
        currency,
    )
}

/// Money with every digit, for lines that must add up on screen (`explain`):
/// `$0.000135`, `$1,234.5678901`.
pub fn display_exact(amount: Decimal, currency: &str) -> String {
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let text = amount.abs().normalize().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = format!("{frac:0<2}");
    format!("{sign}{}{}.{frac}", symbol(currency), group(int))
}

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
        Some((int, frac)) => format!("{sign}{}.{frac}", group(int)),
        None => format!("{sign}{}", group(&text)),
    }
}

/// `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
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
    fn money_keeps_four_places_and_at_least_two() {
        assert_eq!(display(dec!(45.000), "USD"), "$45.00");
        assert_eq!(display(dec!(0.6345), "USD"), "$0.6345");
        assert_eq!(display(dec!(83.325), "USD"), "$83.325");
        assert_eq!(display(dec!(1680), "USD"), "$1,680.00");
        assert_eq!(display(dec!(0.016036500), "USD"), "$0.016");
        assert_eq!(display(dec!(-35.2155), "EUR"), "-€35.2155");
        assert_eq!(display(dec!(1234567.891), "CHF"), "CHF 1,234,567.891");
        assert_eq!(display_exact(dec!(0.000135), "USD"), "$0.000135");
    }

    #[test]
    fn half_to_even_at_the_fourth_place() {
        assert_eq!(display(dec!(0.00005), "USD"), "$0.00");
        assert_eq!(display(dec!(0.00015), "USD"), "$0.0002");
    }

    #[test]
    fn percents_and_tokens() {
        assert_eq!(percent_change(dec!(-42.26)), "-42.3%");
        assert_eq!(percent_change(dec!(12.25)), "+12.2%");
        assert_eq!(percent_change(dec!(0)), "0.0%");
        assert_eq!(percent_of(dec!(0.3)), "30%");
        assert_eq!(percent_of(dec!(0.125)), "12.5%");
        assert_eq!(tokens(dec!(2655000)), "2,655,000");
        assert_eq!(tokens(dec!(1234.56)), "1,234.6");
        assert_eq!(tokens(dec!(0.0038)), "<0.1");
        assert_eq!(tokens(dec!(0)), "0");
        assert_eq!(exact(dec!(45.0000)), "45");
    }
}
