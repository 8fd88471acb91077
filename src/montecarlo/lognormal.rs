//! The log-normal factor that spreads token counts around their mean: mean 1,
//! a given coefficient of variation, and its moments on an interval (what the
//! counts-and-sums sampling needs for a stratum of interactions).

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use std::f64::consts::SQRT_2;

/// `u = exp(mu + sigma·Z)` with `E[u] = 1` and `sd(u) = cv`; `sigma = 0` is the constant 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    mu: f64,
    sigma: f64,
}

/// The moments of `u` restricted to an interval `[lo, hi)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    /// `P(lo <= u < hi)`.
    pub probability: f64,
    /// `E[u | lo <= u < hi]`.
    pub mean: f64,
    /// `Var[u | lo <= u < hi]`.
    pub variance: f64,
}

/// The standard normal distribution function.
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / SQRT_2)
}

impl Factor {
    pub fn new(cv: f64) -> Self {
        let sigma2 = (cv * cv).ln_1p();
        Self {
            mu: -sigma2 / 2.0,
            sigma: sigma2.sqrt(),
        }
    }

    /// Whether the factor is the constant 1.
    pub fn is_fixed(&self) -> bool {
        self.sigma == 0.0
    }

    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if self.is_fixed() {
            return 1.0;
        }
        let z: f64 = StandardNormal.sample(rng);
        (self.mu + self.sigma * z).exp()
    }

    /// `(ln x - mu) / sigma`, with 0 at minus infinity and infinity at plus.
    fn standard(&self, x: f64) -> f64 {
        if x <= 0.0 {
            f64::NEG_INFINITY
        } else if x.is_infinite() {
            f64::INFINITY
        } else {
            (x.ln() - self.mu) / self.sigma
        }
    }

    /// The moments of `u` on `[lo, hi)` (`hi` may be infinite). Uses
    /// `E[u^k; a <= ln u < b] = exp(k·mu + k²·sigma²/2)·(Φ(β - kσ) - Φ(α - kσ))`.
    pub fn slice(&self, lo: f64, hi: f64) -> Slice {
        if self.is_fixed() {
            let inside = lo <= 1.0 && 1.0 < hi;
            return Slice {
                probability: if inside { 1.0 } else { 0.0 },
                mean: 1.0,
                variance: 0.0,
            };
        }
        let (a, b, s) = (self.standard(lo), self.standard(hi), self.sigma);
        let mass = |shift: f64| phi(b - shift) - phi(a - shift);
        let probability = mass(0.0);
        if probability <= 0.0 {
            return Slice {
                probability: 0.0,
                mean: lo.max(0.0),
                variance: 0.0,
            };
        }
        // exp(mu + sigma²/2) = 1 and exp(2·mu + 2·sigma²) = exp(sigma²).
        let first = mass(s) / probability;
        let second = (s * s).exp() * mass(2.0 * s) / probability;
        Slice {
            probability,
            mean: first,
            variance: (second - first * first).max(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn the_factor_has_mean_one_and_the_given_spread() {
        let f = Factor::new(0.3);
        let whole = f.slice(0.0, f64::INFINITY);
        assert!((whole.probability - 1.0).abs() < 1e-12);
        assert!((whole.mean - 1.0).abs() < 1e-12);
        assert!((whole.variance - 0.09).abs() < 1e-12, "{}", whole.variance);
    }

    #[test]
    fn slices_add_up_to_the_whole() {
        let f = Factor::new(0.5);
        let (low, high) = (f.slice(0.0, 1.2), f.slice(1.2, f64::INFINITY));
        assert!((low.probability + high.probability - 1.0).abs() < 1e-12);
        let mean = low.probability * low.mean + high.probability * high.mean;
        assert!((mean - 1.0).abs() < 1e-12);
        assert!(low.mean < 1.2 && high.mean > 1.2);
    }

    #[test]
    fn sampled_moments_match() {
        let f = Factor::new(0.4);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| f.sample(&mut rng)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let above = draws.iter().filter(|&&u| u >= 1.5).count() as f64 / n as f64;
        // sd of the mean: 0.4 / sqrt(200000) = 0.0009; of the share: sqrt(p(1-p)/n) < 0.0012.
        assert!((mean - 1.0).abs() < 0.004, "{mean}");
        let p = f.slice(1.5, f64::INFINITY).probability;
        assert!((above - p).abs() < 0.005, "{above} vs {p}");
        assert!(Factor::new(0.0).is_fixed());
        assert_eq!(Factor::new(0.0).sample(&mut rng), 1.0);
    }
}
