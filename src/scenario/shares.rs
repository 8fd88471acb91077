//! Words for shares that must sum to 100%: the exact sum and each share as a
//! percentage (never rounded, so 99.99999999% is not shown as 100%), and how
//! much is missing or extra.

use rust_decimal::Decimal;

/// A fraction as an exact percentage: 0.3 → `30%`, 0.9999999999 → `99.99999999%`.
pub(crate) fn exact_percent(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::ONE_HUNDRED).normalize())
}

/// What to change so that shares summing to `sum` sum to 100%.
pub(crate) fn to_one_hundred(sum: Decimal) -> String {
    if sum < Decimal::ONE {
        format!("{} is missing: add it to a share", exact_percent(Decimal::ONE - sum))
    } else {
        format!("{} too much: take it off a share", exact_percent(sum - Decimal::ONE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn sums_are_shown_exactly_with_what_is_missing_or_extra() {
        assert_eq!(exact_percent(dec!(0.9999999999)), "99.99999999%");
        assert_eq!(
            to_one_hundred(dec!(0.9999999999)),
            "0.00000001% is missing: add it to a share"
        );
        assert_eq!(to_one_hundred(dec!(1.05)), "5% too much: take it off a share");
    }
}
