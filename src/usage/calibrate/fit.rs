//! The spread of a tier's per-call tokens as `montecarlo` draws it: the
//! tier's mean times a log-normal factor of mean 1 (`montecarlo::Factor`),
//! its coefficient of variation fitted from the calls, and how well it fits.
//!
//! The fit is maximum likelihood on the logarithms of the calls' positive
//! counts: `σ²` is their variance, `cv = √(e^σ² − 1)`. The mean is the
//! observed mean (zeros included), as the scenario's tier carries it. The
//! quality is measured against every call, zeros too: the Kolmogorov–Smirnov
//! distance (the largest gap between the observed and the fitted share of
//! calls at or below a count) and the observed p95 over the fitted p95.
//!
//! Calls are held as a [`Tally`]: every figure comes out as it would from the
//! list of calls.

use crate::montecarlo::Factor;
use crate::usage::Tally;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The largest coefficient of variation a scenario takes (500%).
const MAX_CV: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// The standard normal's 95th percentile.
const Z95: f64 = 1.644_853_626_951_472_2;
/// Places of a fitted coefficient of variation.
const CV_PLACES: u32 = 4;

/// A log-normal fitted to per-call token counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Calls measured.
    pub calls: u64,
    /// Calls that counted no token (a log-normal never draws 0).
    pub zeros: u64,
    /// The coefficient of variation written to the scenario (4 places, at most 5).
    pub cv: Decimal,
    /// Whether the fitted spread was above 500% and was cut to it.
    pub capped: bool,
    /// Kolmogorov–Smirnov distance between the calls and the fitted law.
    pub ks: f64,
    /// The calls' nearest-rank 95th percentile.
    pub p95_observed: u64,
    /// The fitted law's 95th percentile.
    pub p95_fitted: f64,
}

impl Fit {
    /// The observed p95 over the fitted one (1 is a perfect tail).
    pub fn p95_ratio(&self) -> f64 {
        if self.p95_fitted > 0.0 {
            self.p95_observed as f64 / self.p95_fitted
        } else {
            f64::NAN
        }
    }
}

/// The fit of the calls of `tally`; `None` with fewer than two positive
/// counts, where no spread can be measured.
pub fn fit(tally: &Tally) -> Option<Fit> {
    let calls = tally.calls();
    let zeros = tally.of(0);
    let positive = calls - zeros;
    if positive < 2 {
        return None;
    }
    let logs = || {
        tally
            .iter()
            .filter(|&(v, _)| v > 0)
            .map(|(v, c)| ((v as f64).ln(), c as f64))
    };
    let n = positive as f64;
    let center = logs().map(|(l, c)| c * l).sum::<f64>() / n;
    let sigma2 = logs().map(|(l, c)| c * (l - center).powi(2)).sum::<f64>() / n;
    let fitted = Decimal::from_f64(sigma2.exp_m1().sqrt()).unwrap_or(MAX_CV);
    let capped = fitted > MAX_CV;
    let cv = fitted
        .min(MAX_CV)
        .round_dp_with_strategy(CV_PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let factor = Factor::new(cv.to_f64().unwrap_or_default());
    let total = calls as f64;
    let sum: u128 = tally.iter().map(|(v, c)| u128::from(v) * u128::from(c)).sum();
    let mean = sum as f64 / total;
    // The largest gap over the calls in order: of a run of equal counts, the
    // last call has the most calls at or below it, the first the fewest below.
    let mut ks: f64 = 0.0;
    let mut below = 0u64;
    for (v, c) in tally.iter() {
        let x = v as f64 / mean;
        ks = ks
            .max((below + c) as f64 / total - factor.below(x, true))
            .max(factor.below(x, false) - below as f64 / total);
        below += c;
    }
    let rank = (calls * 95).div_ceil(100).max(1);
    let p95_observed = tally.nth(rank - 1).unwrap_or(0);
    Some(Fit {
        calls,
        zeros,
        cv,
        capped,
        ks,
        p95_observed,
        p95_fitted: mean * factor.at(Z95),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// The fit of a list of calls.
    fn fit(values: Vec<u64>) -> Option<Fit> {
        super::fit(&values.into_iter().collect())
    }

    #[test]
    fn the_spread_is_the_variance_of_the_logarithms() {
        // ln 1 = 0 and ln 7: their variance is (ln 7 / 2)², cv = √(e^σ² − 1).
        let f = fit(vec![1, 7]).unwrap();
        let sigma2 = ((7f64).ln() / 2.0).powi(2);
        let expected = Decimal::from_f64(sigma2.exp_m1().sqrt()).unwrap().round_dp(4);
        assert_eq!(f.cv, expected);
        assert_eq!((f.calls, f.zeros, f.p95_observed), (2, 0, 7));
    }

    #[test]
    fn equal_counts_have_no_spread_and_a_perfect_fit_but_zeros_show() {
        let f = fit(vec![500; 10]).unwrap();
        assert_eq!(f.cv, dec!(0));
        assert_eq!(f.ks, 0.0);
        assert_eq!(f.p95_ratio(), 1.0);
        // Two zeros among ten: the mean is 400 and the law puts every call
        // there, where 20% of the calls are at or below it: a gap of 80%.
        let f = fit([vec![0, 0], vec![500; 8]].concat()).unwrap();
        assert_eq!(f.zeros, 2);
        assert!((f.ks - 0.8).abs() < 1e-12, "{}", f.ks);
        assert!(fit(vec![0, 0, 7]).is_none());
    }

    #[test]
    fn a_spread_above_five_is_cut_to_it() {
        let f = fit(vec![1, 1_000_000_000]).unwrap();
        assert!(f.capped);
        assert_eq!(f.cv, dec!(5));
    }

    #[test]
    fn the_p95_and_the_gap_are_those_of_the_calls_in_order() {
        // 20 calls: 1 to 18 once each, then 100 twice. The 19th call (rank
        // ⌈0.95 × 20⌉) is the first 100.
        let f = fit((1..=18).chain([100, 100]).collect()).unwrap();
        assert_eq!(f.p95_observed, 100);
        // The gap at 100 (x = 100 / mean, mean = (171 + 200) / 20): below it
        // 18 of 20 calls, at or below it all 20.
        let law = Factor::new(f.cv.to_f64().unwrap());
        let x = 100.0 / (371.0 / 20.0);
        assert!(f.ks >= 1.0 - law.below(x, true) - 1e-12);
        assert!(f.ks >= law.below(x, false) - 0.9 - 1e-12);
    }
}
