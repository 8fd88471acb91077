//! Drawing one run's workload: the month's volume (Poisson per day, or a
//! gamma-Poisson mixture when the scenario sets a daily spread), the tier of
//! every interaction, its cell and its routing leaf (exact multinomial counts:
//! the same law as a draw per interaction, since interactions are
//! exchangeable), and the token counts of the interactions of each group.
//!
//! Token counts are drawn per interaction (a log-normal factor for the
//! variable input, another for the output, rounded to whole tokens) whenever
//! a cell holds at most `exact_up_to` interactions. Above that, the counts of
//! each stratum are drawn exactly and the sum of a stratum's factors is drawn
//! from a log-normal law with the sum's exact mean and variance
//! (Fenton–Wilkinson), measured from the stratum's nearer bound, for each
//! routing leaf of the cell: time no longer grows with volume, a sum of one
//! draw keeps its skew, and a sum of many tends to the normal law as the sum
//! itself does. docs/montecarlo.md states this approximation; a test bounds
//! its error against per-interaction draws.

use super::lognormal::{Factor, exp};
use super::split::Splits;
use rand::Rng;
use rand_distr::{Binomial, Distribution, Gamma, Poisson, StandardNormal};

/// A month's whole tokens or calls. At the scenario limits (10^12 interactions
/// of 10^8 tokens) a month passes 2^64, so sums are 128-bit: exact, never wrapping.
pub type Count = u128;

/// Whole tokens of one group and stratum in one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub count: Count,
    pub context: Count,
    pub history: Count,
    pub user: Count,
    pub output: Count,
    /// Sampled reasoning tokens (a tier's own count; 0 when it gives none).
    pub reasoning: Count,
}

/// Mean tokens of one interaction of a tier, before techniques: whole counts,
/// held as `f64` (exact below 2^53, past any count a scenario allows) so that
/// drawing converts them once, not at every draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Means {
    pub context: f64,
    pub history: f64,
    pub user: f64,
    pub output: f64,
    pub reasoning: f64,
}

/// Whole tokens: `mean × factor` rounded half up (the factor is never
/// negative, and truncating `x + 0.5` is one instruction where `round` is a
/// call). Below 2^63 the truncation is one instruction (through `i64`);
/// larger sums take the wider conversions, which give the same whole number
/// where both apply. A mean of 0 gives 0 (`0 × factor + 0.5` truncates to 0).
#[inline(always)]
fn tokens(mean: f64, factor: f64) -> Count {
    let x = mean * factor + 0.5;
    if x < TWO_TO_63 {
        Count::from(x as i64 as u64)
    } else if x < TWO_TO_64 {
        Count::from(x as u64)
    } else {
        x as Count
    }
}

/// 2^63 and 2^64, exactly, as `f64`.
const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;

impl Sums {
    /// Adds the sums of `other`.
    fn absorb(&mut self, other: &Sums) {
        self.count += other.count;
        self.context += other.context;
        self.history += other.history;
        self.user += other.user;
        self.output += other.output;
        self.reasoning += other.reasoning;
    }

    /// One interaction with input factor `u` and output factor `v`.
    #[inline(always)]
    fn add_one(&mut self, m: &Means, u: f64, v: f64) {
        self.add_many(m, 1, u, v);
    }

    /// `count` interactions whose factors sum to `su` and `sv`.
    #[inline(always)]
    fn add_many(&mut self, m: &Means, count: u64, su: f64, sv: f64) {
        self.count += Count::from(count);
        self.context += tokens(m.context, su);
        self.history += tokens(m.history, su);
        self.user += tokens(m.user, su);
        self.output += tokens(m.output, sv);
        self.reasoning += tokens(m.reasoning, sv);
    }
}

/// `k ~ Binomial(n, p)`, with `p` clamped to [0, 1].
pub fn binomial<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    // `Binomial::new` only refuses a p outside [0, 1], excluded above.
    Binomial::new(n, p).map_or(0, |d| d.sample(rng))
}

/// Multinomial counts of `n` over `probabilities` (summing to 1), by
/// successive conditional binomials; written into `out`.
pub fn multinomial<R: Rng + ?Sized>(rng: &mut R, n: u64, probabilities: &[f64], out: &mut [u64]) {
    let mut left = n;
    let mut rest = 1.0;
    let last = probabilities.len().saturating_sub(1);
    for (i, (&p, slot)) in probabilities.iter().zip(out.iter_mut()).enumerate() {
        let k = if i == last {
            left
        } else if rest <= 0.0 {
            0
        } else {
            binomial(rng, left, p / rest)
        };
        *slot = k;
        left -= k;
        rest -= p;
    }
}

/// `Poisson(lambda)` as a count: none for a zero rate, and the normal law
/// `N(lambda, lambda)` for a rate above what `Poisson` samples (about 1.8 ×
/// 10^19, where the two laws agree to far below a count's unit).
fn poisson<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    if lambda <= 0.0 {
        return 0;
    }
    match Poisson::new(lambda) {
        Ok(d) => d.sample(rng) as u64,
        Err(_) => {
            let z: f64 = StandardNormal.sample(rng);
            (lambda + lambda.sqrt() * z).round().max(0.0) as u64
        }
    }
}

/// The month's volume law.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeLaw {
    pub per_day: f64,
    pub whole_days: u64,
    /// The fraction of a last, partial day.
    pub part_day: f64,
    /// The gamma law of a day's rate factor (mean 1, shape `1/cv²`, scale
    /// `cv²`); `None`: Poisson.
    pub gamma: Option<Gamma<f64>>,
}

impl VolumeLaw {
    /// The law of `per_day` interactions on each of `days` days, the daily
    /// rate spread by `cv`; an error says why a spread cannot be sampled.
    pub fn new(per_day: f64, days: f64, cv: Option<f64>) -> Result<Self, String> {
        let gamma = match cv.filter(|c| *c > 0.0) {
            Some(c) => Some(
                Gamma::new(1.0 / (c * c), c * c)
                    .map_err(|e| format!("a daily spread of {c} cannot be sampled: {e}"))?,
            ),
            None => None,
        };
        Ok(Self {
            per_day,
            whole_days: days.trunc() as u64,
            part_day: days.fract(),
            gamma,
        })
    }

    /// Interactions in one month, and on its busiest day. Without a daily
    /// spread the month is drawn whole (a sum of independent Poisson days is
    /// Poisson of the month) and its busiest day is its mean day, rounded up:
    /// Poisson's own day-to-day noise is left out. A last, partial day counts
    /// at its rate for a whole day.
    pub fn sample_days<R: Rng + ?Sized>(&self, rng: &mut R) -> (u64, u64) {
        let Some(gamma) = self.gamma else {
            let days = self.whole_days as f64 + self.part_day;
            let total = poisson(rng, self.per_day * days);
            return (total, (total as f64 / days).ceil() as u64);
        };
        let mut day = |length: f64| {
            let rate = self.per_day * length * gamma.sample(rng);
            poisson(rng, rate)
        };
        let (mut total, mut busiest) = (0u64, 0u64);
        for _ in 0..self.whole_days {
            let n = day(1.0);
            total += n;
            busiest = busiest.max(n);
        }
        if self.part_day > 0.0 {
            let n = day(self.part_day);
            total += n;
            busiest = busiest.max((n as f64 / self.part_day).ceil() as u64);
        }
        (total, busiest)
    }
}

/// What drawing a tier's interactions needs.
#[derive(Debug, Clone, PartialEq)]
pub struct TierLaw {
    pub means: Means,
    pub input: Factor,
    pub output: Factor,
    /// The output factor's variance (its coefficient of variation squared).
    pub output_variance: f64,
    pub splits: Splits,
    pub cell_probabilities: Vec<f64>,
    /// Per stratum: probability, mean and variance of the input factor.
    pub strata: Vec<super::lognormal::Slice>,
    pub strata_probabilities: Vec<f64>,
}

/// The sum of `k` draws of a law on `[lo, hi)` with mean `mean` and variance
/// `variance` each: the distance of the sum from its nearer bound (`k·lo`
/// unless the law leans on `hi`) is drawn from the log-normal law with the
/// sum's exact mean and variance, then kept inside `[k·lo, k·hi]`.
fn lognormal_sum<R: Rng + ?Sized>(rng: &mut R, k: f64, mean: f64, variance: f64, lo: f64, hi: f64) -> f64 {
    let (low, high) = (k * lo, k * hi);
    let total = k * mean;
    // A law leaning on its upper bound (its mean nearer `hi`) is skewed downwards.
    let from_top = hi.is_finite() && hi - mean < mean - lo;
    let distance = if from_top { high - total } else { total - low };
    let spread = k * variance;
    if spread <= 0.0 || distance <= 0.0 {
        return total.clamp(low, high);
    }
    let s2 = (spread / (distance * distance)).ln_1p();
    let z: f64 = StandardNormal.sample(rng);
    let drawn = distance * exp(s2.sqrt() * z - s2 / 2.0);
    let sum = if from_top { high - drawn } else { low + drawn };
    sum.clamp(low, high)
}

impl TierLaw {
    /// Draws `n` interactions of the tier into `sums` (groups × strata, cleared first).
    pub fn sample<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        n: u64,
        exact_up_to: u64,
        sums: &mut [Sums],
        scratch: &mut Scratch,
    ) {
        sums.iter_mut().for_each(|s| *s = Sums::default());
        let strata = self.splits.strata();
        let leaves = self.splits.leaves();
        let Scratch {
            cells,
            leaves: leaf_counts,
            strata: strata_counts,
        } = scratch;
        cells.resize(self.cell_probabilities.len(), 0);
        multinomial(rng, n, &self.cell_probabilities, cells);
        for (cell, &m) in cells.iter().enumerate() {
            if m == 0 {
                continue;
            }
            // A cell is drawn one by one or by sums as a whole, so that time
            // does not grow with the number of its routing leaves.
            let one_by_one = m <= exact_up_to;
            if leaves == 1 {
                let row = &mut sums[cell * strata..(cell + 1) * strata];
                self.sample_group(rng, m, one_by_one, row, strata_counts);
                continue;
            }
            leaf_counts.resize(leaves, 0);
            multinomial(rng, m, &self.splits.routes, leaf_counts);
            for (leaf, &k) in leaf_counts.iter().enumerate() {
                if k > 0 {
                    let group = cell * leaves + leaf;
                    let row = &mut sums[group * strata..(group + 1) * strata];
                    self.sample_group(rng, k, one_by_one, row, strata_counts);
                }
            }
        }
    }

    /// The tokens of `m` interactions of one group, into its row of strata.
    fn sample_group<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        m: u64,
        one_by_one: bool,
        row: &mut [Sums],
        counts: &mut Vec<u64>,
    ) {
        if self.input.is_fixed() && self.output.is_fixed() {
            // No spread: every interaction is the mean (one stratum).
            row[0].add_many(&self.means, m, m as f64, m as f64);
        } else if one_by_one && row.len() == 1 {
            // One stratum: the sums stay in locals until the group is drawn.
            let mut sums = Sums::default();
            for _ in 0..m {
                let u = self.input.sample(rng);
                let v = self.output.sample(rng);
                sums.add_one(&self.means, u, v);
            }
            row[0].absorb(&sums);
        } else if one_by_one {
            for _ in 0..m {
                let u = self.input.sample(rng);
                let v = self.output.sample(rng);
                row[self.splits.stratum(u)].add_one(&self.means, u, v);
            }
        } else {
            self.sample_sums(rng, m, row, counts);
        }
    }

    /// `m` interactions of one group by counts per stratum and log-normal sums.
    fn sample_sums<R: Rng + ?Sized>(&self, rng: &mut R, m: u64, row: &mut [Sums], counts: &mut Vec<u64>) {
        counts.resize(self.strata.len(), 0);
        multinomial(rng, m, &self.strata_probabilities, counts);
        for (stratum, (&k, slice)) in counts.iter().zip(&self.strata).enumerate() {
            if k == 0 {
                continue;
            }
            let kf = k as f64;
            let (lo, hi) = self.splits.stratum_bounds(stratum);
            let su = if self.input.is_fixed() {
                kf
            } else {
                lognormal_sum(rng, kf, slice.mean, slice.variance, lo, hi)
            };
            let sv = lognormal_sum(rng, kf, 1.0, self.output_variance, 0.0, f64::INFINITY);
            row[stratum].add_many(&self.means, k, su, sv);
        }
    }
}

/// Reusable buffers of one worker.
#[derive(Debug, Default)]
pub struct Scratch {
    cells: Vec<u64>,
    leaves: Vec<u64>,
    strata: Vec<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn multinomial_counts_add_up_and_follow_the_probabilities() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut out = [0u64; 3];
        let mut total = [0u64; 3];
        for _ in 0..200 {
            multinomial(&mut rng, 1000, &[0.3, 0.5, 0.2], &mut out);
            assert_eq!(out.iter().sum::<u64>(), 1000);
            total.iter_mut().zip(out).for_each(|(t, o)| *t += o);
        }
        // 200,000 draws: sd of a share at most sqrt(0.25 / 200000) = 0.0011.
        for (t, p) in total.iter().zip([0.3, 0.5, 0.2]) {
            assert!((*t as f64 / 200_000.0 - p).abs() < 0.006, "{total:?}");
        }
    }

    #[test]
    fn over_dispersed_volume_keeps_its_mean_and_widens() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let runs = 2000;
        let stats = |law: &VolumeLaw, rng: &mut ChaCha8Rng| {
            let v: Vec<f64> = (0..runs).map(|_| law.sample_days(rng).0 as f64).collect();
            let mean = v.iter().sum::<f64>() / runs as f64;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (runs - 1) as f64;
            (mean, var)
        };
        // Poisson month: mean = variance = 100 × 30 = 3000.
        let (mean, var) = stats(&VolumeLaw::new(100.0, 30.0, None).unwrap(), &mut rng);
        assert!((mean - 3000.0).abs() < 4.0 * (3000.0f64 / 2000.0).sqrt(), "{mean}");
        assert!((var / 3000.0 - 1.0).abs() < 0.15, "{var}");
        // Gamma-Poisson days with cv 0.2: variance = 30 × (100 + 100² × 0.04) = 15,000.
        let (mean, var) = stats(&VolumeLaw::new(100.0, 30.0, Some(0.2)).unwrap(), &mut rng);
        assert!((mean - 3000.0).abs() < 4.0 * (15_000.0f64 / 2000.0).sqrt(), "{mean}");
        assert!((var / 15_000.0 - 1.0).abs() < 0.15, "{var}");
    }

    /// Mean and nearest-rank p95 of `n` draws.
    fn mean_and_p95(mut draws: Vec<f64>) -> (f64, f64) {
        let n = draws.len();
        draws.sort_by(f64::total_cmp);
        (draws.iter().sum::<f64>() / n as f64, draws[n * 95 / 100])
    }

    #[test]
    fn a_sum_of_one_draw_is_the_log_normal_itself() {
        // cv 100%: sigma² = ln 2, mu = -ln 2 / 2; p95 = exp(mu + 1.6449·sigma) = 2.7811
        // (a normal law of the same mean and variance would give 2.645, and
        // keeping it above 0 would lift its mean to 1.083).
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let n = 200_000;
        let draws = (0..n)
            .map(|_| lognormal_sum(&mut rng, 1.0, 1.0, 1.0, 0.0, f64::INFINITY))
            .collect();
        let (mean, p95) = mean_and_p95(draws);
        // sd of the mean: 1 / sqrt(200000) = 0.0022.
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        assert!((p95 - 2.7811).abs() < 0.03, "{p95}");
    }

    #[test]
    fn a_sum_stays_within_its_stratum_and_keeps_its_mean() {
        // The factor of cv 60% below 0.5 (a stratum leaning on its upper
        // bound) and above 1.5; sums of 3 draws of each.
        let factor = Factor::new(0.6);
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        for (lo, hi) in [(0.0, 0.5), (1.5, f64::INFINITY)] {
            let slice = factor.slice(lo, hi);
            let draws: Vec<f64> = (0..100_000)
                .map(|_| lognormal_sum(&mut rng, 3.0, slice.mean, slice.variance, lo, hi))
                .collect();
            assert!(draws.iter().all(|&x| (3.0 * lo..=3.0 * hi).contains(&x)));
            let (mean, _) = mean_and_p95(draws);
            // sd of the mean: sqrt(3 × variance / 100000) < 0.003.
            assert!((mean / (3.0 * slice.mean) - 1.0).abs() < 0.01, "{lo}..{hi}: {mean}");
        }
    }
}
