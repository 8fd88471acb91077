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

use crate::montecarlo::Factor;
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

/// The fit of `values` (one count per call); `None` with fewer than two
/// positive counts, where no spread can be measured.
pub fn fit(mut values: Vec<u64>) -> Option<Fit> {
    let logs: Vec<f64> = values.iter().filter(|&&v| v > 0).map(|&v| (v as f64).ln()).collect();
    if logs.len() < 2 {
        return None;
    }
    let n = logs.len() as f64;
    let center = logs.iter().sum::<f64>() / n;
    let sigma2 = logs.iter().map(|l| (l - center).powi(2)).sum::<f64>() / n;
    let fitted = Decimal::from_f64(sigma2.exp_m1().sqrt()).unwrap_or(MAX_CV);
    let capped = fitted > MAX_CV;
    let cv = fitted
        .min(MAX_CV)
        .round_dp_with_strategy(CV_PLACES, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let factor = Factor::new(cv.to_f64().unwrap_or_default());
    values.sort_unstable();
    let total = values.len() as f64;
    let mean = values.iter().map(|&v| v as f64).sum::<f64>() / total;
    let mut ks: f64 = 0.0;
    for (i, &v) in values.iter().enumerate() {
        let x = v as f64 / mean;
        ks = ks
            .max((i + 1) as f64 / total - factor.below(x, true))
            .max(factor.below(x, false) - i as f64 / total);
    }
    let rank = (values.len() * 95).div_ceil(100).max(1);
    Some(Fit {
        calls: values.len() as u64,
        zeros: values.len() as u64 - logs.len() as u64,
        cv,
        capped,
        ks,
        p95_observed: values[rank - 1],
        p95_fitted: mean * factor.at(Z95),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

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
}
