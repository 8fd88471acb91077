//! A monthly cost before and after, named as Infracost names them in JSON
//! (`pastTotalMonthlyCost`, `totalMonthlyCost`, `diffTotalMonthlyCost`).

use crate::engine::delta;
use rust_decimal::Decimal;
use serde::Serialize;

/// A cost before (`past`) and after (`new`); a side that lacks it has `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthlyCost {
    #[serde(rename = "pastTotalMonthlyCost")]
    pub past: Option<Decimal>,
    #[serde(rename = "totalMonthlyCost")]
    pub new: Option<Decimal>,
    /// `new - past`, a missing side counting as nothing.
    #[serde(rename = "diffTotalMonthlyCost")]
    pub diff: Decimal,
    /// `diff / past × 100`, 6 places; `None` when a side is missing or `past` is 0.
    #[serde(rename = "diffPercent")]
    pub percent: Option<Decimal>,
}

impl MonthlyCost {
    pub fn new(past: Option<Decimal>, new: Option<Decimal>) -> Self {
        let delta = delta(new.unwrap_or_default(), past.unwrap_or_default());
        Self {
            past,
            new,
            diff: delta.difference,
            percent: delta.percent.filter(|_| past.is_some() && new.is_some()),
        }
    }

    /// Whether the cost moved, or exists on one side only.
    pub fn changed(&self) -> bool {
        !self.diff.is_zero() || self.past.is_some() != self.new.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn differences_and_percentages() {
        // 48.1095 → 33.1095: -15, -15 / 48.1095 × 100 = -31.178873195… = -31.178873 (6 places)
        let c = MonthlyCost::new(Some(dec!(48.1095)), Some(dec!(33.1095)));
        assert_eq!((c.diff, c.percent), (dec!(-15), Some(dec!(-31.178873))));
        assert!(c.changed());
        let added = MonthlyCost::new(None, Some(dec!(5)));
        assert_eq!((added.diff, added.percent), (dec!(5), None));
        assert!(added.changed());
        assert!(!MonthlyCost::new(Some(dec!(3.333)), Some(dec!(3.333))).changed());
    }
}
