//! Streaming early stop: on a share of interactions the answer is cut short.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyStop {
    /// The share of interactions stopped early.
    pub share: Decimal,
    /// The fraction of output a stopped interaction saves.
    pub saved: Decimal,
}

impl EarlyStop {
    /// `output' = output × (1 - share × saved)`.
    pub fn apply(&self, output: Decimal) -> Decimal {
        output * (Decimal::ONE - self.share * self.saved)
    }

    /// The fraction of its output an interaction stopped early still returns.
    pub fn kept_when_stopped(&self) -> Decimal {
        Decimal::ONE - self.saved
    }

    pub fn describe(&self) -> String {
        format!(
            "{} of answers stopped early, saving {} of their output",
            crate::figures::percent_of(self.share),
            crate::figures::percent_of(self.saved)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn expected_output_after_stops() {
        let stop = EarlyStop {
            share: dec!(0.5),
            saved: dec!(0.2),
        };
        assert_eq!(stop.apply(dec!(1000)), dec!(900));
    }
}
