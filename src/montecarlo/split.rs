//! How a tier's interactions are split into cells, so that every strategy of a
//! run bills the same sampled workload (common random numbers).
//!
//! Each interaction carries one uniform number per yes/no question a strategy
//! asks of it: "batched?" (`U_b < b`), "stopped early?" (`U_e < s`), "cache
//! hit?" (`U_h < h`). The distinct probabilities of all strategies cut each
//! uniform's range into intervals; a cell is one interval of each uniform, and
//! a strategy reads every cell as batched or not, stopped or not, hit or not.
//! The input factor `u` is cut the same way at the points where a strategy's
//! cost bends (a pruning cap starts to bind, a request crosses the long-context
//! threshold): its intervals are the strata of a cell.
//!
//! Routing errors, fallback failures and cascade rejections are further
//! questions per interaction, each answered by a `Uniform` of its own cut at
//! every strategy's (cumulative) probabilities; `route` arranges them in a
//! tree whose leaves split each cell once more, and `bill::Lane` reads a
//! leaf as the calls its strategy makes there.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A uniform number on [0, 1) cut at the distinct probabilities strategies compare it with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uniform {
    /// Sorted, distinct, strictly between 0 and 1.
    cuts: Vec<Decimal>,
}

impl Uniform {
    /// Cut at every probability in `probabilities` that is strictly between 0 and 1.
    pub fn new(probabilities: impl IntoIterator<Item = Decimal>) -> Self {
        let mut cuts: Vec<Decimal> = probabilities
            .into_iter()
            .filter(|p| *p > Decimal::ZERO && *p < Decimal::ONE)
            .map(|p| p.normalize())
            .collect();
        cuts.sort();
        cuts.dedup();
        Self { cuts }
    }

    pub fn intervals(&self) -> usize {
        self.cuts.len() + 1
    }

    /// The probability of each interval.
    pub fn probabilities(&self) -> Vec<f64> {
        let mut bounds = vec![Decimal::ZERO];
        bounds.extend(&self.cuts);
        bounds.push(Decimal::ONE);
        bounds
            .windows(2)
            .map(|w| (w[1] - w[0]).to_f64().unwrap_or(0.0))
            .collect()
    }

    /// How many intervals lie below `p`: an interaction in interval `i` has
    /// `U < p` exactly when `i < below(p)`.
    pub fn below(&self, p: Decimal) -> usize {
        if p <= Decimal::ZERO {
            0
        } else if p >= Decimal::ONE {
            self.intervals()
        } else {
            self.cuts.partition_point(|c| *c < p.normalize()) + 1
        }
    }
}

/// The cells of one tier: every combination of the intervals of its
/// technique uniforms; the routing leaves of each cell (its groups); and the
/// strata of its input factor.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Splits {
    pub batch: Uniform,
    pub stop: Uniform,
    pub hit: Uniform,
    /// The probability of each routing leaf (`route::Routes`); empty: one leaf.
    pub routes: Vec<f64>,
    /// Where the input factor's strata meet, increasing; empty: one stratum.
    pub breaks: Vec<f64>,
}

/// Which interval of each uniform a group of interactions is, and its routing leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub batch: usize,
    pub stop: usize,
    pub hit: usize,
    pub route: usize,
}

impl Splits {
    pub fn cells(&self) -> usize {
        self.batch.intervals() * self.stop.intervals() * self.hit.intervals()
    }

    pub fn leaves(&self) -> usize {
        self.routes.len().max(1)
    }

    /// Cells times routing leaves.
    pub fn groups(&self) -> usize {
        self.cells() * self.leaves()
    }

    pub fn strata(&self) -> usize {
        self.breaks.len() + 1
    }

    /// The cell and leaf of a group: group `g` is leaf `g % leaves` of cell `g / leaves`.
    pub fn cell(&self, group: usize) -> Cell {
        let route = group % self.leaves();
        let index = group / self.leaves();
        let hit = index % self.hit.intervals();
        let rest = index / self.hit.intervals();
        Cell {
            batch: rest / self.stop.intervals(),
            stop: rest % self.stop.intervals(),
            hit,
            route,
        }
    }

    /// The probability of each cell, by flat index (routing leaves aside).
    pub fn cell_probabilities(&self) -> Vec<f64> {
        let (b, s, h) = (
            self.batch.probabilities(),
            self.stop.probabilities(),
            self.hit.probabilities(),
        );
        (0..self.cells())
            .map(|i| {
                let c = self.cell(i * self.leaves());
                b[c.batch] * s[c.stop] * h[c.hit]
            })
            .collect()
    }

    /// The stratum of an input factor `u`.
    pub fn stratum(&self, u: f64) -> usize {
        self.breaks.iter().take_while(|&&b| u >= b).count()
    }

    /// The bounds `[lo, hi)` of a stratum.
    pub fn stratum_bounds(&self, stratum: usize) -> (f64, f64) {
        let lo = if stratum == 0 { 0.0 } else { self.breaks[stratum - 1] };
        let hi = self.breaks.get(stratum).copied().unwrap_or(f64::INFINITY);
        (lo, hi)
    }

    /// The first stratum lying above `point`, one of the breaks or 0
    /// (the strata count when no stratum does).
    pub fn stratum_after(&self, point: f64) -> usize {
        if point.is_finite() {
            self.breaks.partition_point(|b| *b <= point)
        } else {
            self.strata()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn probabilities_cut_a_uniform_into_intervals() {
        let u = Uniform::new([dec!(0.5), dec!(0.2), dec!(0.50), dec!(0), dec!(1)]);
        assert_eq!(u.intervals(), 3);
        assert_eq!(u.probabilities(), vec![0.2, 0.3, 0.5]);
        assert_eq!(u.below(dec!(0)), 0);
        assert_eq!(u.below(dec!(0.2)), 1);
        assert_eq!(u.below(dec!(0.5)), 2);
        assert_eq!(u.below(dec!(1)), 3);
    }

    #[test]
    fn cells_cross_every_uniform() {
        let s = Splits {
            batch: Uniform::new([dec!(0.5)]),
            stop: Uniform::default(),
            hit: Uniform::new([dec!(0.9)]),
            routes: vec![0.7, 0.3],
            breaks: vec![1.5],
        };
        assert_eq!((s.cells(), s.groups(), s.strata()), (4, 8, 2));
        assert_eq!(
            s.cell(7),
            Cell {
                batch: 1,
                stop: 0,
                hit: 1,
                route: 1
            }
        );
        let p = s.cell_probabilities();
        assert!((p[0] - 0.45).abs() < 1e-15 && (p[3] - 0.05).abs() < 1e-15, "{p:?}");
        assert_eq!((s.stratum(1.0), s.stratum(2.0)), (0, 1));
        assert_eq!(s.stratum_bounds(1), (1.5, f64::INFINITY));
        assert_eq!(
            (
                s.stratum_after(0.0),
                s.stratum_after(1.5),
                s.stratum_after(f64::INFINITY)
            ),
            (0, 1, 2)
        );
    }
}
