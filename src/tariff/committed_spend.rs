//! A committed-spend discount: a percentage off the pay-as-you-go bill in
//! exchange for a committed monthly amount, with a true-up when the
//! discounted usage falls short of it.
//!
//! ```text
//! discounted = pay-as-you-go × (1 − discount)
//! shortfall  = max(0, commitment − discounted)         (the true-up)
//! total      = discounted + shortfall = max(commitment, discounted)
//! ```
//!
//! The discount applies to every token, below and above the commitment (as
//! in enterprise agreements that discount usage and draw it down against a
//! committed amount, billing what is left undrawn at the end of the period).

use crate::money::carry;
use rust_decimal::Decimal;
use serde::Serialize;

/// A committed-spend offer (a catalog's `committed_spend` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommittedSpend {
    pub id: String,
    /// The catalog model it discounts.
    pub model: String,
    /// The amount committed a month, in the catalog's currency.
    pub per_month: Decimal,
    /// The fraction off the pay-as-you-go bill, in [0, 1).
    pub discount: Decimal,
    pub sources: Vec<String>,
}

/// A committed-spend month, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendBill {
    pub offer: String,
    pub model: String,
    pub commitment: Decimal,
    pub discount: Decimal,
    /// The month's calls at the model's list rates.
    pub pay_as_you_go: Decimal,
    /// `pay_as_you_go × (1 − discount)`.
    pub discounted: Decimal,
    /// What the discounted usage falls short of the commitment: the true-up.
    pub shortfall: Decimal,
    pub total: Decimal,
    pub sources: Vec<String>,
}

impl CommittedSpend {
    /// The month whose calls cost `pay_as_you_go` at list rates.
    pub fn bill(&self, pay_as_you_go: Decimal) -> SpendBill {
        let discounted = carry(pay_as_you_go * (Decimal::ONE - self.discount));
        let shortfall = (self.per_month - discounted).max(Decimal::ZERO);
        SpendBill {
            offer: self.id.clone(),
            model: self.model.clone(),
            commitment: self.per_month,
            discount: self.discount,
            pay_as_you_go: pay_as_you_go.normalize(),
            discounted: discounted.normalize(),
            shortfall: shortfall.normalize(),
            total: (discounted + shortfall).normalize(),
            sources: self.sources.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn offer() -> CommittedSpend {
        CommittedSpend {
            id: "c".into(),
            model: "m".into(),
            per_month: dec!(20000),
            discount: dec!(0.1),
            sources: Vec::new(),
        }
    }

    #[test]
    fn usage_above_the_commitment_is_discounted() {
        // $30,000 × 0.9 = $27,000, above $20,000: no true-up.
        let bill = offer().bill(dec!(30000));
        assert_eq!(
            (bill.discounted, bill.shortfall, bill.total),
            (dec!(27000), dec!(0), dec!(27000))
        );
    }

    #[test]
    fn usage_below_the_commitment_is_trued_up() {
        // $15,000 × 0.9 = $13,500: $6,500 short of $20,000, billed.
        let bill = offer().bill(dec!(15000));
        assert_eq!(
            (bill.discounted, bill.shortfall, bill.total),
            (dec!(13500), dec!(6500), dec!(20000))
        );
    }
}
