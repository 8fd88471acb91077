//! Statistics of sampled monthly costs, exact in decimal: the mean, the sample
//! standard deviation and the standard error of the mean, nearest-rank
//! percentiles (the smallest sampled cost with at least p% of runs at or below
//! it), the share of runs above a budget, and a histogram.

use rust_decimal::prelude::MathematicalOps;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Counts of runs in equal-width bins from `low` to `high`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Histogram {
    pub low: Decimal,
    pub high: Decimal,
    pub counts: Vec<u64>,
}

impl Histogram {
    pub fn new(sorted: &[Decimal], bins: usize) -> Self {
        let (low, high) = match (sorted.first(), sorted.last()) {
            (Some(lo), Some(hi)) => (*lo, *hi),
            _ => (Decimal::ZERO, Decimal::ZERO),
        };
        let bins = bins.max(1);
        let mut counts = vec![0u64; bins];
        let width = (high - low) / Decimal::from(bins);
        for x in sorted {
            let bin = if width.is_zero() {
                0
            } else {
                ((*x - low) / width).floor().try_into().unwrap_or(bins - 1)
            };
            counts[bin.min(bins - 1)] += 1;
        }
        Self { low, high, counts }
    }

    /// The lower edge of each bin and of the end.
    pub fn edges(&self) -> Vec<Decimal> {
        let bins = Decimal::from(self.counts.len());
        (0..=self.counts.len())
            .map(|i| self.low + (self.high - self.low) / bins * Decimal::from(i))
            .collect()
    }
}

/// The distribution of one strategy's monthly cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub runs: u64,
    pub mean: Decimal,
    pub sd: Decimal,
    /// Standard error of the mean: `sd / √runs`.
    pub se: Decimal,
    pub min: Decimal,
    pub p5: Decimal,
    pub p50: Decimal,
    pub p95: Decimal,
    pub p99: Decimal,
    pub max: Decimal,
    /// The share of runs whose cost is above the budget, when one is given.
    pub exceed: Option<Decimal>,
    pub histogram: Histogram,
}

/// Decimal places statistics keep (money is exact to far fewer).
const DP: u32 = 12;

fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(DP, RoundingStrategy::MidpointNearestEven)
        .normalize()
}

/// The nearest-rank `percent` percentile of sorted costs.
fn percentile(sorted: &[Decimal], percent: u32) -> Decimal {
    let n = sorted.len() as u64;
    let rank = (n * u64::from(percent)).div_ceil(100).max(1);
    sorted.get(rank as usize - 1).copied().unwrap_or_default()
}

/// The mean and sample standard deviation, exact where the sums fit a decimal.
/// Months near the scenario limits (10^26 a month, many runs) would overflow the
/// sum or the squares: those are computed on costs divided by the largest one,
/// to 28 significant digits, and scaled back.
fn moments(costs: &[Decimal]) -> (Decimal, Decimal) {
    let n = costs.len();
    let sd_of = |squares: Decimal| {
        let variance = if n > 1 {
            squares / Decimal::from(n - 1)
        } else {
            Decimal::ZERO
        };
        variance.sqrt().unwrap_or_default()
    };
    let exact = || -> Option<(Decimal, Decimal)> {
        let sum = costs.iter().try_fold(Decimal::ZERO, |a, x| a.checked_add(*x))?;
        let mean = sum / Decimal::from(n.max(1));
        let squares = costs.iter().try_fold(Decimal::ZERO, |a, x| {
            let d = x.checked_sub(mean)?;
            a.checked_add(d.checked_mul(d)?)
        })?;
        Some((mean, sd_of(squares)))
    };
    exact().unwrap_or_else(|| {
        let scale = costs.iter().map(|x| x.abs()).max().unwrap_or(Decimal::ONE);
        let scaled: Vec<Decimal> = costs.iter().map(|x| x / scale).collect();
        let mean = scaled.iter().sum::<Decimal>() / Decimal::from(n.max(1));
        let squares: Decimal = scaled.iter().map(|y| (y - mean) * (y - mean)).sum();
        (mean * scale, sd_of(squares) * scale)
    })
}

/// The statistics of `costs` (any order), with a histogram of `bins` bins.
pub fn summarize(costs: &[Decimal], budget: Option<Decimal>, bins: usize) -> Summary {
    let mut sorted = costs.to_vec();
    sorted.sort();
    let n = Decimal::from(sorted.len().max(1));
    let (mean, sd) = moments(&sorted);
    let se = n.sqrt().map_or(Decimal::ZERO, |root| sd / root);
    let exceed = budget.map(|b| round(Decimal::from(sorted.iter().filter(|x| **x > b).count()) / n));
    Summary {
        runs: sorted.len() as u64,
        mean: round(mean),
        sd: round(sd),
        se: round(se),
        min: sorted.first().copied().unwrap_or_default().normalize(),
        p5: percentile(&sorted, 5).normalize(),
        p50: percentile(&sorted, 50).normalize(),
        p95: percentile(&sorted, 95).normalize(),
        p99: percentile(&sorted, 99).normalize(),
        max: sorted.last().copied().unwrap_or_default().normalize(),
        exceed,
        histogram: Histogram::new(&sorted, bins),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn statistics_of_a_small_sample_by_hand() {
        // 1..=20: mean 10.5; squares sum 665; variance 665 / 19 = 35; sd √35 = 5.916079783...
        let costs: Vec<Decimal> = (1..=20).rev().map(Decimal::from).collect();
        let s = summarize(&costs, Some(dec!(18)), 4);
        assert_eq!(s.mean, dec!(10.5));
        assert_eq!(s.sd, dec!(5.916079783100));
        // se = √35 / √20 = √1.75 = 1.322875655532...
        assert_eq!(s.se, dec!(1.322875655532));
        // ranks: ceil(20 × 5%) = 1, ceil(10) = 10, ceil(19) = 19, ceil(19.8) = 20.
        assert_eq!((s.p5, s.p50, s.p95, s.p99), (dec!(1), dec!(10), dec!(19), dec!(20)));
        // 19 and 20 are above 18: 2 of 20.
        assert_eq!(s.exceed, Some(dec!(0.1)));
        // bins of width 4.75 from 1: [1, 5.75) holds 1..5, [5.75, 10.5) 6..10, ...
        assert_eq!(s.histogram.counts, vec![5, 5, 5, 5]);
        assert_eq!(s.histogram.edges()[1], dec!(5.75));
    }

    #[test]
    fn months_near_the_limits_do_not_overflow() {
        // Squares of deviations of 10^20 would pass a decimal's 7.9 × 10^28.
        let base = dec!(100000201000000000000000000);
        let costs = [base - dec!(1e20), base, base + dec!(1e20)];
        let s = summarize(&costs, None, 2);
        assert_eq!(s.mean, base);
        // sd = √((10^40 + 0 + 10^40) / 2) = 10^20, to 28 significant digits of the scaled costs
        assert!((s.sd - dec!(1e20)).abs() < dec!(1e5), "{}", s.sd);
    }

    #[test]
    fn one_run_has_no_spread() {
        let s = summarize(&[dec!(3.5)], None, 3);
        assert_eq!((s.mean, s.sd, s.p99, s.exceed), (dec!(3.5), dec!(0), dec!(3.5), None));
        assert_eq!(s.histogram.counts, vec![1, 0, 0]);
    }
}
