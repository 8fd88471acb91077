//! The confusion matrix of a classifier: `M[t][j]`, the probability that a
//! request of true tier `t` is routed as tier `j` (DESIGN.md 2.2). Indices
//! follow the scenario's tiers; every row sums to 1.
//!
//! Rows are stored sparsely, only their non-zero cells, in tier order: perfect
//! routing over `k` tiers takes `k` cells, not `k²`, and walking a row visits
//! only the tiers a request can actually be routed to.

use rust_decimal::Decimal;

/// A row's non-zero cells: the routed tier and its probability, in tier order.
pub type Row = Vec<(usize, Decimal)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion(Vec<Row>);

impl Confusion {
    /// Perfect routing over `k` tiers.
    pub fn identity(k: usize) -> Self {
        Self((0..k).map(|t| vec![(t, Decimal::ONE)]).collect())
    }

    /// `M[t][t] = a`, the remaining `1 - a` spread evenly over the other tiers.
    pub fn from_accuracy(accuracy: Decimal, k: usize) -> Self {
        if k < 2 {
            return Self::identity(k);
        }
        let other = (Decimal::ONE - accuracy) / Decimal::from(k - 1);
        Self::from_rows(
            (0..k)
                .map(|t| (0..k).map(|j| (j, if j == t { accuracy } else { other })).collect())
                .collect(),
        )
    }

    /// Rows already checked to lie in [0, 1] and sum to 1, their cells in tier
    /// order; cells of zero are dropped.
    pub fn from_rows(rows: Vec<Row>) -> Self {
        Self(
            rows.into_iter()
                .map(|row| row.into_iter().filter(|(_, p)| !p.is_zero()).collect())
                .collect(),
        )
    }

    /// Rows of counts (questions of true tier `t` routed as `j`), each divided
    /// by its total; a row without any count routes perfectly.
    pub fn from_counts(counts: &[Vec<u64>]) -> Self {
        Self(
            counts
                .iter()
                .enumerate()
                .map(|(t, row)| {
                    let total: u64 = row.iter().sum();
                    if total == 0 {
                        vec![(t, Decimal::ONE)]
                    } else {
                        row.iter()
                            .enumerate()
                            .filter(|&(_, &n)| n != 0)
                            .map(|(j, &n)| (j, Decimal::from(n) / Decimal::from(total)))
                            .collect()
                    }
                })
                .collect(),
        )
    }

    /// A hybrid: a share `coverage[t]` of tier `t` routed by `rules`, the rest by `llm`.
    pub fn blend(coverage: &[Decimal], rules: &Confusion, llm: &Confusion) -> Self {
        Self::from_rows(
            coverage
                .iter()
                .zip(rules.0.iter().zip(&llm.0))
                .map(|(&c, (r, l))| {
                    merge(r, l)
                        .map(|(j, r, l)| (j, c * r + (Decimal::ONE - c) * l))
                        .collect()
                })
                .collect(),
        )
    }

    /// `M[t][j]`.
    pub fn get(&self, t: usize, j: usize) -> Decimal {
        self.row(t)
            .binary_search_by_key(&j, |&(j, _)| j)
            .map_or(Decimal::ZERO, |i| self.0[t][i].1)
    }

    /// Row `t`'s non-zero cells, in tier order.
    pub fn row(&self, t: usize) -> &[(usize, Decimal)] {
        self.0.get(t).map_or(&[], Vec::as_slice)
    }

    /// Whether every request goes to its own tier.
    pub fn is_perfect(&self) -> bool {
        self.0
            .iter()
            .enumerate()
            .all(|(t, row)| matches!(row.as_slice(), [(j, p)] if *j == t && *p == Decimal::ONE))
    }
}

/// The cells of two sparse rows side by side, in tier order; a cell one row
/// lacks is zero.
fn merge<'r>(
    a: &'r [(usize, Decimal)],
    b: &'r [(usize, Decimal)],
) -> impl Iterator<Item = (usize, Decimal, Decimal)> + 'r {
    let (mut i, mut k) = (0, 0);
    std::iter::from_fn(move || {
        let cell = match (a.get(i), b.get(k)) {
            (Some(&(ja, pa)), Some(&(jb, pb))) if ja == jb => {
                i += 1;
                k += 1;
                (ja, pa, pb)
            }
            (Some(&(ja, pa)), Some(&(jb, _))) if ja < jb => {
                i += 1;
                (ja, pa, Decimal::ZERO)
            }
            (Some(&(ja, pa)), None) => {
                i += 1;
                (ja, pa, Decimal::ZERO)
            }
            (_, Some(&(jb, pb))) => {
                k += 1;
                (jb, Decimal::ZERO, pb)
            }
            (None, None) => return None,
        };
        Some(cell)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Row `t` written out over `k` tiers, zeros included.
    fn dense(m: &Confusion, t: usize, k: usize) -> Vec<Decimal> {
        (0..k).map(|j| m.get(t, j)).collect()
    }

    #[test]
    fn accuracy_spreads_the_errors_evenly() {
        // a = 0.9 over 3 tiers: (1 - 0.9) / 2 = 0.05 to each other tier.
        let m = Confusion::from_accuracy(dec!(0.9), 3);
        assert_eq!(dense(&m, 0, 3), [dec!(0.9), dec!(0.05), dec!(0.05)]);
        assert_eq!(dense(&m, 2, 3), [dec!(0.05), dec!(0.05), dec!(0.9)]);
        // two tiers: everything not right goes to the other one.
        assert_eq!(
            dense(&Confusion::from_accuracy(dec!(0.8), 2), 1, 2),
            [dec!(0.2), dec!(0.8)]
        );
    }

    #[test]
    fn counts_become_row_shares() {
        let m = Confusion::from_counts(&[vec![3, 1], vec![0, 0]]);
        assert_eq!(dense(&m, 0, 2), [dec!(0.75), dec!(0.25)]);
        assert_eq!(dense(&m, 1, 2), [dec!(0), dec!(1)], "an empty row routes perfectly");
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
        assert_eq!(dense(&m, 0, 2), [dec!(0.92), dec!(0.08)]);
        assert_eq!(dense(&m, 1, 2), [dec!(0), dec!(1)]);
    }

    #[test]
    fn rows_keep_only_the_tiers_requests_reach() {
        // perfect routing over 4 tiers: one cell per row, each its own tier.
        let m = Confusion::identity(4);
        assert_eq!(m.row(2), &[(2, dec!(1))]);
        assert!(m.is_perfect());
        // zeros given in a row are not kept.
        let m = Confusion::from_rows(vec![vec![(0, dec!(0.5)), (1, dec!(0)), (2, dec!(0.5))]]);
        assert_eq!(m.row(0), &[(0, dec!(0.5)), (2, dec!(0.5))]);
        assert_eq!(m.get(0, 1), dec!(0));
        assert!(!m.is_perfect());
        // an accuracy of 100% leaves nothing to spread.
        assert!(Confusion::from_accuracy(dec!(1), 3).is_perfect());
    }

    #[test]
    fn a_blend_covers_the_cells_of_both_rows() {
        // tier 0: 25% by rules sending all to tier 2, 75% by an LLM sending all to tier 1:
        // M[0][1] = 0.75 × 1 = 0.75, M[0][2] = 0.25 × 1 = 0.25, nothing stays on tier 0.
        let rules = Confusion::from_rows(vec![vec![(2, dec!(1))]]);
        let llm = Confusion::from_rows(vec![vec![(1, dec!(1))]]);
        let m = Confusion::blend(&[dec!(0.25)], &rules, &llm);
        assert_eq!(dense(&m, 0, 3), [dec!(0), dec!(0.75), dec!(0.25)]);
        assert_eq!(m.row(0).len(), 2);
    }
}
