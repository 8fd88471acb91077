//! The log-normal factor that spreads token counts around their mean: mean 1,
//! a given coefficient of variation, and its moments on an interval (what the
//! counts-and-sums sampling needs for a stratum of interactions), and the
//! exponential that draws it.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use std::f64::consts::{LN_2, SQRT_2};

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

    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if self.is_fixed() {
            return 1.0;
        }
        let z: f64 = StandardNormal.sample(rng);
        exp(self.mu + self.sigma * z)
    }

    /// `P(u <= x)` (`P(u < x)` without `including` x: they differ only for
    /// the constant 1), for measuring how well the factor fits observed
    /// values (`calibrate`).
    pub fn below(&self, x: f64, including: bool) -> f64 {
        if self.is_fixed() {
            return if x > 1.0 || (including && x == 1.0) { 1.0 } else { 0.0 };
        }
        phi(self.standard(x))
    }

    /// The value of `u` at the standard normal quantile `z` (`1.6449` for the p95).
    pub fn at(&self, z: f64) -> f64 {
        exp(self.mu + self.sigma * z)
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

/// `2^(j/64)` for `j` in `0..64`, correctly rounded.
const TWO_TO_THE_J_64TH: [f64; 64] = [
    1.0,
    1.0108892860517005,
    1.0218971486541166,
    1.0330248790212284,
    1.0442737824274138,
    1.0556451783605572,
    1.0671404006768237,
    1.0787607977571199,
    1.0905077326652577,
    1.102382583307841,
    1.1143867425958924,
    1.1265216186082418,
    1.1387886347566916,
    1.1511892299529827,
    1.1637248587775775,
    1.1763969916502812,
    1.189207115002721,
    1.202156731452703,
    1.215247359980469,
    1.22848053610687,
    1.241857812073484,
    1.255380757024691,
    1.2690509571917332,
    1.2828700160787783,
    1.2968395546510096,
    1.3109612115247644,
    1.3252366431597413,
    1.339667524053303,
    1.3542555469368927,
    1.3690024229745905,
    1.383909881963832,
    1.3989796725383112,
    SQRT_2,
    1.42961333839197,
    1.4451808069770467,
    1.460917794180647,
    1.4768261459394993,
    1.4929077282912648,
    1.5091644275934228,
    1.5255981507445384,
    1.5422108254079407,
    1.559004400237837,
    1.5759808451078865,
    1.593142151342267,
    1.6104903319492543,
    1.6280274218573478,
    1.645755478153965,
    1.6636765803267364,
    1.681792830507429,
    1.7001063537185235,
    1.718619298122478,
    1.7373338352737062,
    1.7562521603732995,
    1.7753764925265212,
    1.7947090750031072,
    1.8142521755003989,
    1.8340080864093424,
    1.8539791250833855,
    1.8741676341103,
    1.8945759815869656,
    1.9152065613971474,
    1.9360617934922943,
    1.9571441241754002,
    1.978456026387951,
];

/// `e^x` within 4 units in the last place (a relative error below 10^-15,
/// a millionth of a token on a billion): what drawing a factor spends most
/// of its time on, here inlined, without the library's call and error
/// handling. `x = (64·k + j)·ln 2 / 64 + r` with `|r| <= ln 2 / 128`, so
/// `e^x = 2^k · 2^(j/64) · e^r`, and `e^r` is its Taylor polynomial of degree
/// 5 (truncation below `r^6 / 6! < 4·10^-17`), evaluated in pairs of terms
/// (Estrin's scheme: a shorter chain of dependent operations than Horner's).
/// Far from 0 (|x| >= 708, where the result would leave the normal range)
/// and for NaN, the library's.
#[inline]
pub fn exp(x: f64) -> f64 {
    if !(x > -708.0 && x < 708.0) {
        return x.exp();
    }
    // Adding 1.5·2^52 rounds to an integer (ties to even) without a call.
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    // ln 2 in two parts (fdlibm's): `n × HIGH` is exact for |n| < 2^20.
    const HIGH: f64 = 0.693_147_180_369_123_8 / 64.0;
    const LOW: f64 = 1.908_214_929_270_587_7e-10 / 64.0;
    let shifted = x * (64.0 / LN_2) + SHIFT;
    let n = shifted - SHIFT;
    // Within the binade of SHIFT one unit in the last place is 1.
    let m = shifted.to_bits().wrapping_sub(SHIFT.to_bits()) as i64;
    let r = (x - n * HIGH) - n * LOW;
    let r2 = r * r;
    let p = (1.0 + r) + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    let scale = f64::from_bits((((m >> 6) + 1023) as u64) << 52);
    TWO_TO_THE_J_64TH[(m & 63) as usize] * p * scale
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

    #[test]
    fn the_exponential_is_the_library_one_within_four_units_in_the_last_place() {
        let ulps = |x: f64| {
            let (a, b) = (exp(x), x.exp());
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
        };
        // Every 1/1000 from -30 to 30, then odd points up to the limits.
        for i in -30_000..=30_000 {
            let x = f64::from(i) / 1000.0 + 1e-7;
            assert!(ulps(x) <= 4, "{x}: {} vs {}", exp(x), x.exp());
        }
        for x in [-707.9, -500.3, -40.0, -1e-300, 0.0, 1e-300, 0.5, 40.0, 500.3, 707.9] {
            assert!(ulps(x) <= 4, "{x}: {} vs {}", exp(x), x.exp());
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
        assert_eq!(exp(-1000.0), 0.0);
        assert!(exp(f64::NAN).is_nan());
    }
}
