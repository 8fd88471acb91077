//! A chart's axis: its scale (linear or logarithmic), its ticks at 1, 2 and 5
//! times a power of ten, each an exact decimal so that its label is written as
//! people write numbers (`30,000`, `$80,000`), and the plotters coordinate
//! that places values and ticks on it.

use crate::figures;
use crate::money;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, KeyPointWeight, Ranged};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::ops::Range;

/// About this many ticks on a linear axis.
const LINEAR_TICKS: f64 = 6.0;
/// At most this many ticks on a logarithmic axis before 2 and 5 are left out.
const MAX_LOG_TICKS: usize = 16;

/// One axis: the range it shows, its scale and its ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    ticks: Vec<(f64, Decimal)>,
}

/// `10^e` as an exact decimal, where a decimal holds it.
fn power_of_ten(e: i32) -> Option<Decimal> {
    if e >= 0 {
        10u64.checked_pow(e.unsigned_abs()).map(Decimal::from)
    } else if e >= -28 {
        Some(Decimal::new(1, e.unsigned_abs()))
    } else {
        None
    }
}

/// The step of about `LINEAR_TICKS` ticks over `span`: 1, 2 or 5 times a power of ten.
fn step(span: f64) -> Option<Decimal> {
    let raw = span / LINEAR_TICKS;
    if !(raw.is_finite() && raw > 0.0) {
        return None;
    }
    let e = raw.log10().floor() as i32;
    let m = raw / 10f64.powi(e);
    let (mantissa, e) = match m {
        m if m <= 1.0 => (1, e),
        m if m <= 2.0 => (2, e),
        m if m <= 5.0 => (5, e),
        _ => (1, e + 1),
    };
    power_of_ten(e).map(|p| p * Decimal::from(mantissa))
}

/// Ticks at the multiples of a 1-2-5 step between `lo` and `hi`.
fn linear_ticks(lo: f64, hi: f64) -> Vec<(f64, Decimal)> {
    let Some(step) = step(hi - lo) else {
        return Vec::new();
    };
    let s = step.to_f64().unwrap_or(1.0);
    let (first, last) = ((lo / s - 1e-9).ceil() as i64, (hi / s + 1e-9).floor() as i64);
    (first..=last)
        .map(|k| {
            let d = step * Decimal::from(k);
            (d.to_f64().unwrap_or(0.0), d.normalize())
        })
        .collect()
}

/// Ticks at 1, 2 and 5 times each power of ten between `lo` and `hi` (both
/// positive); only the powers of ten when those would crowd the axis, every
/// other one when even they would.
fn log_ticks(lo: f64, hi: f64) -> Vec<(f64, Decimal)> {
    let (first, last) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let within = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
    let at = |mantissas: &[i64], every: usize| -> Vec<(f64, Decimal)> {
        (first..=last)
            .filter(|e| (e - first) as usize % every == 0)
            .filter_map(power_of_ten)
            .flat_map(|p| mantissas.iter().map(move |m| p * Decimal::from(*m)))
            .map(|d| (d.to_f64().unwrap_or(0.0), d.normalize()))
            .filter(|(v, _)| within(*v))
            .collect()
    };
    let all = at(&[1, 2, 5], 1);
    if all.len() <= MAX_LOG_TICKS {
        return all;
    }
    let decades = at(&[1], 1);
    let every = decades.len().div_ceil(MAX_LOG_TICKS / 2).max(1);
    at(&[1], every)
}

impl Axis {
    /// A linear axis from `lo` to `hi`.
    pub fn linear(lo: f64, hi: f64) -> Self {
        let (lo, hi) = super::padded(lo, hi);
        Self {
            lo,
            hi,
            log: false,
            ticks: linear_ticks(lo, hi),
        }
    }

    /// A linear axis from zero (or `lo`, when below zero) to a tick at or above `hi`.
    pub fn from_zero(lo: f64, hi: f64) -> Self {
        let (lo, hi) = super::padded(lo.min(0.0), hi);
        let top = step(hi - lo)
            .and_then(|s| s.to_f64())
            .map_or(hi, |s| (hi / s - 1e-9).ceil() * s);
        Self::linear(lo, top)
    }

    /// A logarithmic axis over `lo` to `hi` (both above zero), widened to the
    /// 1-2-5 values around them so that both ends are labelled.
    pub fn log(lo: f64, hi: f64) -> Self {
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo / 2.0, hi * 2.0) };
        let around = log_ticks(10f64.powf(lo.log10().floor()), 10f64.powf(hi.log10().ceil()));
        let lo = around
            .iter()
            .map(|t| t.0)
            .rfind(|v| *v <= lo * (1.0 + 1e-9))
            .unwrap_or(lo);
        let hi = around
            .iter()
            .map(|t| t.0)
            .find(|v| *v >= hi * (1.0 - 1e-9))
            .unwrap_or(hi);
        Self::exact_log(lo, hi)
    }

    /// A logarithmic axis over exactly `lo` to `hi` (both above zero): a
    /// geometric sweep's values, whose ends are its first and last point.
    pub fn exact_log(lo: f64, hi: f64) -> Self {
        let mut ticks = log_ticks(lo, hi);
        if ticks.len() < 2 {
            ticks = linear_ticks(lo, hi);
        }
        Self {
            lo,
            hi,
            log: true,
            ticks,
        }
    }

    /// Where `v` lies on the axis's scale.
    fn scale(&self, v: f64) -> f64 {
        if self.log { v.max(f64::MIN_POSITIVE).log10() } else { v }
    }

    /// The exact value of the tick at `v`, where there is one.
    fn tick(&self, v: f64) -> Option<Decimal> {
        self.ticks.iter().find(|t| t.0 == v).map(|t| t.1)
    }

    /// A tick's label as a plain number: `10`, `30,000`, `0.25`.
    pub fn number(&self, v: f64) -> String {
        let d = self
            .tick(v)
            .or_else(|| Decimal::from_f64(v).map(|d| d.round_sf(6).unwrap_or(d)));
        d.map_or_else(|| format!("{v}"), figures::number)
    }

    /// A tick's label as money: `$80,000`, `$2.50`.
    pub fn money(&self, v: f64, currency: &str) -> String {
        match self.tick(v).or_else(|| Decimal::from_f64(v)) {
            Some(d) => money::axis(d, currency),
            None => format!("{v}"),
        }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let (a, b) = (self.scale(self.lo), self.scale(self.hi));
        let fraction = if b > a { (self.scale(*value) - a) / (b - a) } else { 0.5 };
        limit.0 + (fraction * f64::from(limit.1 - limit.0)).round() as i32
    }

    /// The ticks, for the bold lines and the labels; no light lines between them.
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match hint.weight() {
            KeyPointWeight::Bold => self.ticks.iter().map(|t| t.0).collect(),
            KeyPointWeight::Any => Vec::new(),
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }

    /// Both ends included, so a tick at the last value is labelled.
    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        limit.0.min(limit.1)..limit.0.max(limit.1) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn labels(axis: &Axis) -> Vec<String> {
        axis.ticks.iter().map(|t| axis.number(t.0)).collect()
    }

    #[test]
    fn a_log_axis_ticks_at_one_two_five() {
        let axis = Axis::exact_log(10.0, 100_000.0);
        assert_eq!(
            labels(&axis),
            [
                "10", "20", "50", "100", "200", "500", "1,000", "2,000", "5,000", "10,000", "20,000", "50,000",
                "100,000"
            ]
        );
        // Twelve decades: every other power of ten.
        let wide = Axis::exact_log(1.0, 1e12);
        assert_eq!(wide.ticks.len(), 7);
        assert_eq!(wide.ticks[1].1, dec!(100));
    }

    #[test]
    fn a_log_axis_widens_to_labelled_ends() {
        let axis = Axis::log(0.37, 8300.0);
        assert_eq!((axis.lo, axis.hi), (0.2, 10_000.0));
        assert_eq!(axis.money(0.2, "USD"), "$0.20");
        assert_eq!(axis.money(10_000.0, "USD"), "$10,000");
    }

    #[test]
    fn a_linear_axis_steps_by_one_two_five() {
        let axis = Axis::from_zero(0.0, 83.3);
        assert_eq!(labels(&axis), ["0", "20", "40", "60", "80", "100"]);
        let fine = Axis::linear(0.0, 0.3);
        assert_eq!(labels(&fine), ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"]);
    }

    #[test]
    fn values_map_by_their_logarithm() {
        let axis = Axis::exact_log(10.0, 1000.0);
        assert_eq!(axis.map(&100.0, (0, 200)), 100);
        assert_eq!(axis.map(&1000.0, (0, 200)), 200);
        assert_eq!(axis.axis_pixel_range((0, 200)), 0..201);
    }
}
