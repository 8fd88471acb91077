//! Money: how computed figures are carried, how money is shown, and reading an
//! amount from a flag. Computed figures carry `PLACES` decimal places (`carry`:
//! a repeating fraction such as 1/3 stops there, rounded half to even, so parts
//! add up exactly to their totals). One rounding rule for money on screen:
//! round half to even at 4 decimal places, show at least 2 (`$45.00`,
//! `$0.6345`, `$83.325`), with thousands separators. Exports (CSV, JSON) never
//! round further: they carry `exact`, the carried decimal without trailing
//! zeros. Token counts and percentages are shown by `figures`.

use crate::figures::grouped;
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

/// `total` shared out in proportion to `weights`, each share carried, the
/// last taking what the carrying leaves, so the shares add up exactly to
/// `total` (all of it to the last when the weights add up to zero).
pub fn apportion(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    let mut left = total;
    let mut shares: Vec<Decimal> = weights
        .iter()
        .map(|w| {
            let share = if sum.is_zero() {
                Decimal::ZERO
            } else {
                carry(total * *w / sum)
            };
            left -= share;
            share
        })
        .collect();
    if let Some(last) = shares.last_mut() {
        *last = (*last + left).normalize();
    }
    shares
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
    format!("{sign}{}{}.{frac}", symbol(currency), grouped(int))
}

/// Money on a chart's axis: a whole amount without cents (`$80,000`), any
/// other with every digit, at least two (`$2.50`, `$0.125`).
pub fn axis(amount: Decimal, currency: &str) -> String {
    let shown = display_exact(amount, currency);
    match shown.strip_suffix(".00") {
        Some(whole) if amount.fract().is_zero() => whole.to_string(),
        _ => shown,
    }
}

/// An amount of money as a person writes it on a command line: `500`,
/// `1,250.50`, `$500`, `500 USD`, `EUR 80`. The currency, when written, is
/// checked against the catalog's by [`Amount::in_currency`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    /// The currency code the text names (`$` is USD, `€` EUR, `£` GBP), if any.
    pub currency: Option<String>,
    pub text: String,
}

/// The code of a currency symbol.
fn code_of(symbol: &str) -> Option<&'static str> {
    match symbol {
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        _ => None,
    }
}

/// Reads an amount of money of zero or more (see [`Amount`]); the error says
/// what is wrong with the text.
pub fn parse_amount(text: &str) -> Result<Amount, String> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let mut currency = None;
    let mut bare = t;
    for symbol in ["$", "€", "£"] {
        if let Some(rest) = bare.strip_prefix(symbol) {
            currency = code_of(symbol).map(str::to_string);
            bare = rest.trim_start();
        }
    }
    let is_code = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase());
    if currency.is_none() {
        if let Some((code, rest)) = bare.split_once(' ').filter(|(c, _)| is_code(c)) {
            currency = Some(code.to_string());
            bare = rest.trim();
        } else if let Some((rest, code)) = bare.rsplit_once(' ').filter(|(_, c)| is_code(c)) {
            currency = Some(code.to_string());
            bare = rest.trim();
        }
    }
    let digits = bare.replace(',', "");
    let grouped = bare
        .split('.')
        .next()
        .unwrap_or("")
        .split(',')
        .skip(1)
        .all(|g| g.len() == 3);
    let value = crate::input::parse_decimal(&digits)
        .ok()
        .filter(|_| grouped && !bare.starts_with(','))
        .ok_or_else(|| format!("`{text}` is not an amount of money such as 500, 1,250.50, $500 or 500 USD"))?;
    if (negative || value.is_sign_negative()) && !value.is_zero() {
        return Err(format!("`{text}` is negative; an amount of money here is zero or more"));
    }
    Ok(Amount {
        value: value.abs(),
        currency,
        text: text.to_string(),
    })
}

/// An amount written in a currency the catalog does not price in: it cannot
/// be compared with the catalog's figures.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{text}` is in {written}, but the catalog prices in {catalog}; write it like `500` or `{}500`",
    symbol(catalog)
)]
pub struct OtherCurrency {
    pub text: String,
    pub written: String,
    pub catalog: String,
}

impl Amount {
    /// The amount in `currency` (the catalog's); an error when the text names another.
    pub fn in_currency(&self, currency: &str) -> Result<Decimal, OtherCurrency> {
        match &self.currency {
            Some(c) if c != currency => Err(OtherCurrency {
                text: self.text.clone(),
                written: c.clone(),
                catalog: currency.to_string(),
            }),
            _ => Ok(self.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn shares_add_up_exactly_to_what_is_shared_out() {
        // $1 in thirds: 0.33333333333333333333 twice (20 places), the last
        // taking the 0.00000000000000000001 they leave.
        let thirds = apportion(dec!(1), &[dec!(2), dec!(2), dec!(2)]);
        assert_eq!(
            thirds,
            [
                dec!(0.33333333333333333333),
                dec!(0.33333333333333333333),
                dec!(0.33333333333333333334)
            ]
        );
        // $10 over $1 and $3: $2.50 and $7.50.
        assert_eq!(apportion(dec!(10), &[dec!(1), dec!(3)]), [dec!(2.5), dec!(7.5)]);
        assert_eq!(apportion(dec!(5), &[dec!(0), dec!(0)]), [dec!(0), dec!(5)]);
        assert!(apportion(dec!(5), &[]).is_empty());
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        let v = |t: &str| parse_amount(t).map(|a| (a.value, a.currency));
        assert_eq!(v("500"), Ok((dec!(500), None)));
        assert_eq!(v("$1,250.50"), Ok((dec!(1250.50), Some("USD".into()))));
        assert_eq!(v("1,250 USD"), Ok((dec!(1250), Some("USD".into()))));
        assert_eq!(v("EUR 80"), Ok((dec!(80), Some("EUR".into()))));
        assert_eq!(v("€80"), Ok((dec!(80), Some("EUR".into()))));
        assert_eq!(v("-0"), Ok((dec!(0), None)));
        assert!(v("-5").unwrap_err().contains("negative"));
        assert!(v("-$5").unwrap_err().contains("negative"));
        assert!(v("lots").unwrap_err().contains("not an amount of money"));
        assert!(v("1,25").unwrap_err().contains("not an amount of money"));
        assert!(v("12 usd").unwrap_err().contains("not an amount of money"));
        let eur = parse_amount("€80").unwrap();
        assert!(
            eur.in_currency("USD").unwrap_err().to_string()
                == "`€80` is in EUR, but the catalog prices in USD; write it like `500` or `$500`"
        );
        assert_eq!(parse_amount("80").unwrap().in_currency("GBP").unwrap(), dec!(80));
    }

    #[test]
    fn axis_money_drops_the_cents_of_whole_amounts() {
        assert_eq!(axis(dec!(80000), "USD"), "$80,000");
        assert_eq!(axis(dec!(2.5), "EUR"), "€2.50");
        assert_eq!(axis(dec!(0.125), "CHF"), "CHF 0.125");
    }

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
    fn exports_carry_every_digit_without_trailing_zeros() {
        assert_eq!(exact(dec!(45.0000)), "45");
        assert_eq!(exact(dec!(0.000135)), "0.000135");
        assert_eq!(carry(dec!(1) / dec!(3)), dec!(0.33333333333333333333));
    }
}
