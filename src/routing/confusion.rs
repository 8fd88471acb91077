//! The confusion matrix of a classifier: `M[t][j]`, the probability that a
//! request of true tier `t` is routed as tier `j` (docs/routing.md). Indices
//! follow the scenario's tiers; every row sums to 1.
//!
//! A row is stored as the cells it lists, in tier order, and one probability
//! for every tier it does not list (zero, except where an accuracy spreads the
//! errors evenly). Perfect routing over `k` tiers takes `k` cells, not `k²`; a
//! classifier given as an accuracy, one cell and one spread per row; and
//! walking a row with nothing spread visits only the tiers it lists.

use rust_decimal::Decimal;

/// A row's listed cells: the routed tier and its probability, in tier order.
pub type Row = Vec<(usize, Decimal)>;

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    /// The probability of each tier `cells` does not list.
    rest: Decimal,
    cells: Row,
}

impl Line {
    fn listed(cells: Row) -> Self {
        Self {
            rest: Decimal::ZERO,
            cells: cells.into_iter().filter(|(_, p)| !p.is_zero()).collect(),
        }
    }

    fn get(&self, j: usize) -> Decimal {
        self.cells
            .binary_search_by_key(&j, |&(j, _)| j)
            .map_or(self.rest, |i| self.cells[i].1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    /// The number of tiers (columns).
    k: usize,
    rows: Vec<Line>,
}

impl Confusion {
    /// Perfect routing over `k` tiers.
    pub fn identity(k: usize) -> Self {
        Self {
            k,
            rows: (0..k).map(|t| Line::listed(vec![(t, Decimal::ONE)])).collect(),
        }
    }

    /// `M[t][t] = a`, the remaining `1 - a` spread evenly over the other tiers.
    pub fn from_accuracy(accuracy: Decimal, k: usize) -> Self {
        if k < 2 {
            return Self::identity(k);
        }
        let other = (Decimal::ONE - accuracy) / Decimal::from(k - 1);
        Self {
            k,
            rows: (0..k)
                .map(|t| Line {
                    rest: other,
                    cells: vec![(t, accuracy)],
                })
                .collect(),
        }
    }

    /// Rows over `k` tiers already checked to lie in [0, 1] and sum to 1,
    /// their cells in tier order; cells of zero are dropped.
    pub fn from_rows(k: usize, rows: Vec<Row>) -> Self {
        Self {
            k,
            rows: rows.into_iter().map(Line::listed).collect(),
        }
    }

    /// Rows of counts (questions of true tier `t` routed as `j`), each divided
    /// by its total; a row without any count routes perfectly.
    pub fn from_counts(counts: &[Vec<u64>]) -> Self {
        let rows = counts
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
            .collect();
        Self::from_rows(counts.len(), rows)
    }

    /// A hybrid: a share `coverage[t]` of tier `t` routed by `rules`, the rest by `llm`.
    pub fn blend(coverage: &[Decimal], rules: &Confusion, llm: &Confusion) -> Self {
        let rows = coverage
            .iter()
            .zip(rules.rows.iter().zip(&llm.rows))
            .map(|(&c, (r, l))| {
                let mix = |r: Decimal, l: Decimal| c * r + (Decimal::ONE - c) * l;
                let cells = merge(&r.cells, &l.cells)
                    .map(|(j, rp, lp)| (j, mix(rp.unwrap_or(r.rest), lp.unwrap_or(l.rest))))
                    .collect();
                if r.rest.is_zero() && l.rest.is_zero() {
                    Line::listed(cells)
                } else {
                    Line {
                        rest: mix(r.rest, l.rest),
                        cells,
                    }
                }
            })
            .collect();
        Self { k: rules.k, rows }
    }

    /// `M[t][j]`.
    pub fn get(&self, t: usize, j: usize) -> Decimal {
        self.rows.get(t).map_or(Decimal::ZERO, |row| row.get(j))
    }

    /// Row `t`'s non-zero cells, in tier order: those it lists, and where a
    /// probability is spread, every other tier too.
    pub fn cells(&self, t: usize) -> Box<dyn Iterator<Item = (usize, Decimal)> + '_> {
        match self.rows.get(t) {
            None => Box::new(std::iter::empty()),
            Some(row) if row.rest.is_zero() => Box::new(row.cells.iter().copied()),
            Some(row) => Box::new((0..self.k).map(|j| (j, row.get(j))).filter(|(_, p)| !p.is_zero())),
        }
    }

    /// Whether every request goes to its own tier.
    pub fn is_perfect(&self) -> bool {
        self.rows.iter().enumerate().all(|(t, row)| {
            row.rest.is_zero() && matches!(row.cells.as_slice(), [(j, p)] if *j == t && *p == Decimal::ONE)
        })
    }
}

/// The tiers two rows list, in tier order, with each row's cell where it lists one.
fn merge<'r>(
    a: &'r [(usize, Decimal)],
    b: &'r [(usize, Decimal)],
) -> impl Iterator<Item = (usize, Option<Decimal>, Option<Decimal>)> + 'r {
    let (mut i, mut k) = (0, 0);
    std::iter::from_fn(move || {
        let cell = match (a.get(i), b.get(k)) {
            (Some(&(ja, pa)), Some(&(jb, pb))) if ja == jb => {
                i += 1;
                k += 1;
                (ja, Some(pa), Some(pb))
            }
            (Some(&(ja, pa)), Some(&(jb, _))) if ja < jb => {
                i += 1;
                (ja, Some(pa), None)
            }
            (Some(&(ja, pa)), None) => {
                i += 1;
                (ja, Some(pa), None)
            }
            (_, Some(&(jb, pb))) => {
                k += 1;
                (jb, None, Some(pb))
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
        assert_eq!(m.cells(2).collect::<Vec<_>>(), [(2, dec!(1))]);
        assert!(m.is_perfect());
        // zeros given in a row are not kept.
        let m = Confusion::from_rows(3, vec![vec![(0, dec!(0.5)), (1, dec!(0)), (2, dec!(0.5))]]);
        assert_eq!(m.cells(0).collect::<Vec<_>>(), [(0, dec!(0.5)), (2, dec!(0.5))]);
        assert_eq!(m.get(0, 1), dec!(0));
        assert!(!m.is_perfect());
        // an accuracy of 100% leaves nothing to spread.
        let m = Confusion::from_accuracy(dec!(1), 3);
        assert_eq!(m.cells(1).collect::<Vec<_>>(), [(1, dec!(1))]);
    }

    #[test]
    fn an_accuracy_keeps_one_cell_and_spreads_the_rest() {
        // 100,000 tiers at 90%: each other tier gets 0.1 / 99,999, without storing 10^10 cells.
        let m = Confusion::from_accuracy(dec!(0.9), 100_000);
        let other = dec!(0.1) / Decimal::from(99_999);
        assert_eq!(m.get(7, 7), dec!(0.9));
        assert_eq!(m.get(7, 99_999), other);
        assert_eq!(m.cells(7).count(), 100_000);
        assert_eq!(m.cells(7).nth(8), Some((8, other)));
    }

    #[test]
    fn a_blend_covers_the_cells_of_both_rows() {
        // tier 0: 25% by rules sending all to tier 2, 75% by an LLM sending all to tier 1:
        // M[0][1] = 0.75 × 1 = 0.75, M[0][2] = 0.25 × 1 = 0.25, nothing stays on tier 0.
        let rules = Confusion::from_rows(3, vec![vec![(2, dec!(1))]]);
        let llm = Confusion::from_rows(3, vec![vec![(1, dec!(1))]]);
        let m = Confusion::blend(&[dec!(0.25)], &rules, &llm);
        assert_eq!(dense(&m, 0, 3), [dec!(0), dec!(0.75), dec!(0.25)]);
        assert_eq!(m.cells(0).count(), 2);
    }
}
