//! The confusion matrix of a classifier: `M[t][j]`, the probability that a
//! request of true tier `t` is routed as tier `j` (docs/routing.md). Indices
//! follow the scenario's tiers; every row sums to 1.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion(Vec<Vec<Decimal>>);

impl Confusion {
    /// Perfect routing over `k` tiers.
    pub fn identity(k: usize) -> Self {
        Self((0..k).map(|t| unit_row(k, t)).collect())
    }

    /// `M[t][t] = a`, the remaining `1 - a` spread evenly over the other tiers.
    pub fn from_accuracy(accuracy: Decimal, k: usize) -> Self {
        if k < 2 {
            return Self::identity(k);
        }
        let other = (Decimal::ONE - accuracy) / Decimal::from(k - 1);
        Self(
            (0..k)
                .map(|t| (0..k).map(|j| if j == t { accuracy } else { other }).collect())
                .collect(),
        )
    }

    /// Rows already checked to lie in [0, 1] and sum to 1.
    pub fn from_rows(rows: Vec<Vec<Decimal>>) -> Self {
        Self(rows)
    }

    /// Rows of counts (questions of true tier `t` routed as `j`), each divided
    /// by its total; a row without any count routes perfectly.
    pub fn from_counts(counts: &[Vec<u64>]) -> Self {
        let k = counts.len();
        Self(
            counts
                .iter()
                .enumerate()
                .map(|(t, row)| {
                    let total: u64 = row.iter().sum();
                    if total == 0 {
                        unit_row(k, t)
                    } else {
                        row.iter().map(|&n| Decimal::from(n) / Decimal::from(total)).collect()
                    }
                })
                .collect(),
        )
    }

    /// A hybrid: a share `coverage[t]` of tier `t` routed by `rules`, the rest by `llm`.
    pub fn blend(coverage: &[Decimal], rules: &Confusion, llm: &Confusion) -> Self {
        Self(
            coverage
                .iter()
                .zip(rules.0.iter().zip(&llm.0))
                .map(|(&c, (r, l))| r.iter().zip(l).map(|(&r, &l)| c * r + (Decimal::ONE - c) * l).collect())
                .collect(),
        )
    }

    /// `M[t][j]`.
    pub fn get(&self, t: usize, j: usize) -> Decimal {
        self.0.get(t).and_then(|row| row.get(j)).copied().unwrap_or_default()
    }

    #[cfg(test)]
    fn row(&self, t: usize) -> &[Decimal] {
        self.0.get(t).map_or(&[], Vec::as_slice)
    }
}

fn unit_row(k: usize, t: usize) -> Vec<Decimal> {
    (0..k)
        .map(|j| if j == t { Decimal::ONE } else { Decimal::ZERO })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn accuracy_spreads_the_errors_evenly() {
        // a = 0.9 over 3 tiers: (1 - 0.9) / 2 = 0.05 to each other tier.
        let m = Confusion::from_accuracy(dec!(0.9), 3);
        assert_eq!(m.row(0), &[dec!(0.9), dec!(0.05), dec!(0.05)]);
        assert_eq!(m.row(2), &[dec!(0.05), dec!(0.05), dec!(0.9)]);
        // two tiers: everything not right goes to the other one.
        assert_eq!(Confusion::from_accuracy(dec!(0.8), 2).row(1), &[dec!(0.2), dec!(0.8)]);
    }

    #[test]
    fn counts_become_row_shares() {
        let m = Confusion::from_counts(&[vec![3, 1], vec![0, 0]]);
        assert_eq!(m.row(0), &[dec!(0.75), dec!(0.25)]);
        assert_eq!(m.row(1), &[dec!(0), dec!(1)], "an empty row routes perfectly");
    }

    #[test]
    fn a_hybrid_blends_by_coverage() {
        // tier 0: 60% by rules (perfect), 40% by an LLM right 80% of the time:
        // M[0][0] = 0.6 × 1 + 0.4 × 0.8 = 0.92; M[0][1] = 0.4 × 0.2 = 0.08.
        let m = Confusion::blend(
            &[dec!(0.6), dec!(1)],
            &Confusion::identity(2),
            &Confusion::from_accuracy(dec!(0.8), 2),
        );
        assert_eq!(m.row(0), &[dec!(0.92), dec!(0.08)]);
        assert_eq!(m.row(1), &[dec!(0), dec!(1)]);
    }
}
