//! Context pruning: cap the retrieved context, or cut it by a fraction.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pruning {
    /// `context' = min(context, cap)`.
    Cap(u64),
    /// `context' = context × (1 - reduction)`.
    Reduce(Decimal),
}

impl Pruning {
    pub fn apply(&self, context: Decimal) -> Decimal {
        match self {
            Pruning::Cap(cap) => context.min(Decimal::from(*cap)),
            Pruning::Reduce(_) => context * self.kept(),
        }
    }

    /// The fraction of context tokens a reduction keeps (1 for a cap, which
    /// acts on the count instead).
    pub fn kept(&self) -> Decimal {
        match self {
            Pruning::Cap(_) => Decimal::ONE,
            Pruning::Reduce(r) => Decimal::ONE - r,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Pruning::Cap(cap) => format!("context capped at {cap} tokens"),
            Pruning::Reduce(r) => format!("context cut by {}", crate::figures::percent_of(*r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn caps_and_reductions() {
        assert_eq!(Pruning::Cap(3000).apply(dec!(5000)), dec!(3000));
        assert_eq!(Pruning::Cap(3000).apply(dec!(2000)), dec!(2000));
        assert_eq!(Pruning::Reduce(dec!(0.4)).apply(dec!(5000)), dec!(3000));
    }
}
