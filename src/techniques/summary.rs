//! Summary-based context: earlier turns sent as a summary, not in full.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The fraction of history tokens the summary saves.
    pub reduction: Decimal,
}

impl Summary {
    /// `history' = history × (1 - reduction)`.
    pub fn apply(&self, history: Decimal) -> Decimal {
        history * self.kept()
    }

    /// The fraction of history tokens a request still sends.
    pub fn kept(&self) -> Decimal {
        Decimal::ONE - self.reduction
    }

    pub fn describe(&self) -> String {
        format!("history cut by {}", crate::figures::percent_of(self.reduction))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn cuts_history() {
        assert_eq!(Summary { reduction: dec!(0.5) }.apply(dec!(1500)), dec!(750));
    }
}
