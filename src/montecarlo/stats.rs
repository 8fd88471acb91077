//! Statistics of sampled monthly costs, exact in decimal: the mean, the sample
//! standard deviation and the standard error of the mean, nearest-rank
//! percentiles (the smallest sampled cost with at least p% of runs at or below
//! it), the share of runs above a budget, and a histogram.
//!
//! Every strategy's statistics can be computed on several threads with the
//! same result: costs are sorted by an exact integer key (`sort`), the sums of
//! the moments are added one by one in ascending order of cost whatever the
//! thread count (only the squared deviations are computed in parallel pieces),
//! and percentiles, the share above a budget and the histogram's bins are
//! found by binary search in the sorted costs.

use super::{sort, tasks};
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
    /// The histogram of costs sorted ascending. A cost's bin, `⌊(x − low) / width⌋`
    /// in decimal arithmetic, never decreases as the cost grows, so each bin's
    /// first cost is found by binary search.
    pub fn new(sorted: &[Decimal], bins: usize) -> Self {
        let (low, high) = match (sorted.first(), sorted.last()) {
            (Some(lo), Some(hi)) => (*lo, *hi),
            _ => (Decimal::ZERO, Decimal::ZERO),
        };
        let bins = bins.max(1);
        let width = (high - low) / Decimal::from(bins);
        let bin = |x: &Decimal| -> usize {
            let bin = if width.is_zero() {
                0
            } else {
                ((*x - low) / width).floor().try_into().unwrap_or(bins - 1)
            };
            bin.min(bins - 1)
        };
        let starts: Vec<usize> = (0..=bins)
            .map(|b| match b {
                0 => 0,
                b if b == bins => sorted.len(),
                b => sorted.partition_point(|x| bin(x) < b),
            })
            .collect();
        let counts = starts.windows(2).map(|w| (w[1] - w[0]) as u64).collect();
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

/// The sample standard deviation of `n` costs whose squared deviations sum to `squares`.
fn sd_of(squares: Decimal, n: usize) -> Decimal {
    let variance = if n > 1 {
        squares / Decimal::from(n - 1)
    } else {
        Decimal::ZERO
    };
    variance.sqrt().unwrap_or_default()
}

/// The exact mean of sorted costs, `None` when their sum does not fit a decimal.
fn exact_mean(sorted: &[Decimal]) -> Option<Decimal> {
    let sum = sorted.iter().try_fold(Decimal::ZERO, |a, x| a.checked_add(*x))?;
    Some(sum / Decimal::from(sorted.len().max(1)))
}

/// The squared deviations from `mean` of sorted costs, `None` when one does
/// not fit a decimal. Runs of the same month cost often repeat: a cost written
/// exactly like the one before it (same digits, same scale) reuses its square.
fn squared_deviations(sorted: &[Decimal], mean: Decimal) -> Option<Vec<Decimal>> {
    let mut squares = Vec::with_capacity(sorted.len());
    let mut last: Option<([u8; 16], Decimal)> = None;
    for x in sorted {
        let bits = x.serialize();
        let square = match last {
            Some((same, square)) if same == bits => square,
            _ => {
                let d = x.checked_sub(mean)?;
                let square = d.checked_mul(d)?;
                last = Some((bits, square));
                square
            }
        };
        squares.push(square);
    }
    Some(squares)
}

/// The mean and sample standard deviation when the sums fit a decimal: the
/// squared deviations (in pieces of the sorted costs, any thread) are added in
/// ascending order of cost.
fn exact_moments(
    sorted: &[Decimal],
    mean: Option<Decimal>,
    pieces: &[Option<Vec<Decimal>>],
) -> Option<(Decimal, Decimal)> {
    let mean = mean?;
    let mut squares = Decimal::ZERO;
    for piece in pieces {
        for d in piece.as_ref()? {
            squares = squares.checked_add(*d)?;
        }
    }
    Some((mean, sd_of(squares, sorted.len())))
}

/// The mean and sample standard deviation of months near the scenario limits
/// (10^26 a month, many runs), whose sum or squares would overflow a decimal:
/// computed on costs divided by the largest one, to 28 significant digits,
/// and scaled back.
fn scaled_moments(costs: &[Decimal]) -> (Decimal, Decimal) {
    let n = costs.len();
    let scale = costs.iter().map(|x| x.abs()).max().unwrap_or(Decimal::ONE);
    let scaled: Vec<Decimal> = costs.iter().map(|x| x / scale).collect();
    let mean = scaled.iter().sum::<Decimal>() / Decimal::from(n.max(1));
    let squares: Decimal = scaled.iter().map(|y| (y - mean) * (y - mean)).sum();
    (mean * scale, sd_of(squares, n) * scale)
}

/// The statistics of `costs` (any order), with a histogram of `bins` bins.
pub fn summarize(costs: &[Decimal], budget: Option<Decimal>, bins: usize) -> Summary {
    summarize_all(&[costs], budget, bins, 1).remove(0)
}

/// Costs summarized together at most: the copies a group needs (about 3 of
/// each cost, 16 bytes each) stay under 200 MB.
const GROUP_COSTS: usize = 4_000_000;

/// The statistics of each column of costs on up to `threads` threads; the
/// result does not depend on `threads`. Columns are summarized in groups of
/// at most `GROUP_COSTS` costs (and at least `threads` columns), so the
/// threads share a group's per-column steps evenly while the copies stay
/// bounded.
pub fn summarize_all(columns: &[&[Decimal]], budget: Option<Decimal>, bins: usize, threads: usize) -> Vec<Summary> {
    let threads = threads.max(1);
    let per_column = columns.iter().map(|c| c.len()).max().unwrap_or(0).max(1);
    let group = (GROUP_COSTS / per_column).max(threads);
    columns
        .chunks(group)
        .flat_map(|group| summarize_group(group, budget, bins, threads))
        .collect()
}

/// The statistics of a few columns, each on every thread.
fn summarize_group(columns: &[&[Decimal]], budget: Option<Decimal>, bins: usize, threads: usize) -> Vec<Summary> {
    let sorted = sort::sorted_columns(columns, threads);
    let means = tasks::run(threads, sorted.len(), |c| exact_mean(&sorted[c]));
    let lengths: Vec<usize> = sorted.iter().map(Vec::len).collect();
    let deviations = tasks::by_piece(&lengths, threads, |c, range| {
        squared_deviations(&sorted[c][range], means[c]?)
    });
    tasks::run(threads, sorted.len(), |c| {
        let sorted = &sorted[c];
        let (mean, sd) = exact_moments(sorted, means[c], &deviations[c]).unwrap_or_else(|| scaled_moments(sorted));
        describe(sorted, mean, sd, budget, bins)
    })
}

/// The summary of sorted costs of the given mean and standard deviation.
fn describe(sorted: &[Decimal], mean: Decimal, sd: Decimal, budget: Option<Decimal>, bins: usize) -> Summary {
    let n = Decimal::from(sorted.len().max(1));
    let se = n.sqrt().map_or(Decimal::ZERO, |root| sd / root);
    let exceed = budget.map(|b| round(Decimal::from(sorted.len() - sorted.partition_point(|x| *x <= b)) / n));
    Summary {
        runs: sorted.len() as u64,
        mean: round(mean),
        sd: round(sd),
        se: round(se),
        min: sorted.first().copied().unwrap_or_default().normalize(),
        p5: percentile(sorted, 5).normalize(),
        p50: percentile(sorted, 50).normalize(),
        p95: percentile(sorted, 95).normalize(),
        p99: percentile(sorted, 99).normalize(),
        max: sorted.last().copied().unwrap_or_default().normalize(),
        exceed,
        histogram: Histogram::new(sorted, bins),
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

    /// Costs from a small generator: `count` values of up to 6 decimal places,
    /// many repeated, written with 0 to 2 extra trailing zeros.
    fn costs(count: u64, seed: u64) -> Vec<Decimal> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let mut d = Decimal::new(((state >> 33) % 5_000_000) as i64, 6);
                d.rescale(6 + (state % 3) as u32);
                d
            })
            .collect()
    }

    #[test]
    fn bins_found_by_binary_search_count_every_cost_in_its_own_bin() {
        // Widths that are repeating decimals (a range of 1 cut in 3, 7 and 48 bins),
        // and costs on the edges themselves.
        let mut sorted: Vec<Decimal> = (0..=2_100).map(|i| Decimal::from(i) / dec!(2100)).collect();
        sorted.extend(costs(5_000, 3).iter().map(|x| x / dec!(5)));
        sorted.sort();
        for bins in [1, 3, 7, 48] {
            let (low, high) = (sorted[0], sorted[sorted.len() - 1]);
            let width = (high - low) / Decimal::from(bins);
            let mut expected = vec![0u64; bins];
            for x in &sorted {
                let bin: usize = ((x - low) / width).floor().try_into().unwrap();
                expected[bin.min(bins - 1)] += 1;
            }
            assert_eq!(Histogram::new(&sorted, bins).counts, expected, "{bins} bins");
        }
    }

    #[test]
    fn statistics_do_not_depend_on_the_thread_count() {
        let columns = [costs(20_000, 1), costs(9_000, 2), costs(1, 5), Vec::new()];
        let columns: Vec<&[Decimal]> = columns.iter().map(Vec::as_slice).collect();
        let one = summarize_all(&columns, Some(dec!(2.5)), 48, 1);
        for threads in [2, 3, 8] {
            assert_eq!(
                summarize_all(&columns, Some(dec!(2.5)), 48, threads),
                one,
                "{threads} threads"
            );
        }
        // Each column as it would be summarized alone, against sums done here in run order
        // (exact: at most 9 decimal places, far from a decimal's 28 digits).
        for (column, summary) in columns.iter().zip(&one) {
            assert_eq!(*summary, summarize(column, Some(dec!(2.5)), 48));
            if column.is_empty() {
                continue;
            }
            let n = Decimal::from(column.len());
            let mean = column.iter().sum::<Decimal>() / n;
            assert_eq!(summary.mean, round(mean));
            let above = column.iter().filter(|x| **x > dec!(2.5)).count();
            assert_eq!(summary.exceed, Some(round(Decimal::from(above) / n)));
            assert_eq!(summary.histogram.counts.iter().sum::<u64>(), column.len() as u64);
        }
    }

    #[test]
    fn one_run_has_no_spread() {
        let s = summarize(&[dec!(3.5)], None, 3);
        assert_eq!((s.mean, s.sd, s.p99, s.exceed), (dec!(3.5), dec!(0), dec!(3.5), None));
        assert_eq!(s.histogram.counts, vec![1, 0, 0]);
    }
}
