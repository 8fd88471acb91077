//! A router's threshold calibrated on labelled questions, the way RouteLLM
//! evaluates its routers (Ong et al., arXiv:2406.18665; docs/optimize.md):
//! each question has the router's score (a strong-model win probability,
//! higher meaning the strong model is needed) and how well the strong and
//! the weak model answered it (a judge's score or 1/0 for right or wrong). A
//! question goes to the strong model when its score is at least the
//! threshold. Every distinct score is a threshold: the curve of performance
//! against the share of strong calls is exact, point by point.
//!
//! - CPT(x): the share of strong calls at which performance first reaches the
//!   weak model's plus `x` of the gap to the strong model's, interpolated
//!   linearly between the two points around it (RouteLLM's `np.interp` on a
//!   rising curve).
//! - APGR: the area under the curve over shares 0 to 1, less the weak model's
//!   area, over the gap's area: `(AUC - W) / (S - W)` (a random router scores 0.5).

use super::sample::Sample;
use crate::input::InputError;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

/// One labelled question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labelled {
    /// The router's score; higher sends it to the strong model sooner.
    pub score: Decimal,
    /// How well the strong model answered.
    pub strong: Decimal,
    /// How well the weak model answered.
    pub weak: Decimal,
}

/// The router at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cut {
    /// Questions scoring at least this go to the strong model; `None`: above
    /// every score (no strong call).
    pub threshold: Option<Decimal>,
    /// The share of questions sent to the strong model.
    pub share: Decimal,
    /// The mean result of the questions, each answered by its model.
    pub performance: Decimal,
}

/// What the threshold must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// At most this share of strong calls (the largest share within it).
    StrongShare(Decimal),
    /// At least this performance, with the fewest strong calls.
    Performance(Decimal),
    /// At least this fraction of the gap between the weak and strong model recovered.
    GapRecovered(Decimal),
}

/// Why no threshold meets the target.
#[derive(Debug, thiserror::Error)]
#[error(
    "no threshold reaches a performance of {wanted}: the best is {best}, with {share} of questions on the strong model"
)]
pub struct Unreachable {
    pub wanted: String,
    pub best: String,
    pub share: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calibration {
    pub questions: usize,
    /// The weak model's mean result (every question to it).
    pub weak: Decimal,
    /// The strong model's.
    pub strong: Decimal,
    /// From no strong call to every question on the strong model.
    pub curve: Vec<Cut>,
    /// CPT(50%), as a share; `None` when the strong model is no better.
    pub cpt50: Option<Decimal>,
    /// `None` when the strong model is no better.
    pub apgr: Option<Decimal>,
}

impl Calibration {
    /// The curve of `questions` (at least one).
    pub fn new(questions: &[Labelled]) -> Self {
        let mut sorted = questions.to_vec();
        sorted.sort_by_key(|q| std::cmp::Reverse(q.score));
        let n = Decimal::from(sorted.len().max(1));
        let mut sum: Decimal = sorted.iter().map(|q| q.weak).sum();
        let weak = sum / n;
        let strong = sorted.iter().map(|q| q.strong).sum::<Decimal>() / n;
        let mut curve = vec![Cut {
            threshold: None,
            share: Decimal::ZERO,
            performance: weak,
        }];
        let mut i = 0;
        while i < sorted.len() {
            let score = sorted[i].score;
            while i < sorted.len() && sorted[i].score == score {
                sum += sorted[i].strong - sorted[i].weak;
                i += 1;
            }
            curve.push(Cut {
                threshold: Some(score),
                share: Decimal::from(i) / n,
                performance: sum / n,
            });
        }
        let gap = strong - weak;
        let (cpt50, apgr) = if gap > Decimal::ZERO {
            let area: Decimal = curve
                .windows(2)
                .map(|w| (w[1].share - w[0].share) * (w[0].performance + w[1].performance) / Decimal::TWO)
                .sum();
            (
                share_reaching(&curve, weak + gap / Decimal::TWO),
                Some((area - weak) / gap),
            )
        } else {
            (None, None)
        };
        Self {
            questions: questions.len(),
            weak,
            strong,
            curve,
            cpt50,
            apgr,
        }
    }

    /// The fraction of the gap recovered at `performance`.
    pub fn recovered(&self, performance: Decimal) -> Option<Decimal> {
        let gap = self.strong - self.weak;
        (gap > Decimal::ZERO).then(|| (performance - self.weak) / gap)
    }

    /// The threshold that meets `target`.
    pub fn choose(&self, target: Target) -> Result<Cut, Unreachable> {
        let wanted = match target {
            Target::StrongShare(share) => {
                // The curve starts at share 0: some cut is always within.
                let within = self.curve.iter().rev().find(|c| c.share <= share);
                return Ok(*within.unwrap_or(&self.curve[0]));
            }
            Target::Performance(p) => p,
            Target::GapRecovered(g) => self.weak + g * (self.strong - self.weak),
        };
        self.curve
            .iter()
            .find(|c| c.performance >= wanted)
            .copied()
            .ok_or_else(|| {
                let best = self
                    .curve
                    .iter()
                    .fold(self.curve[0], |b, c| if c.performance > b.performance { *c } else { b });
                Unreachable {
                    wanted: wanted.normalize().to_string(),
                    best: best.performance.normalize().to_string(),
                    share: crate::figures::percent_of(best.share),
                }
            })
    }
}

/// The share at which `curve` first reaches `target`, linear between points.
fn share_reaching(curve: &[Cut], target: Decimal) -> Option<Decimal> {
    let at = curve.iter().position(|c| c.performance >= target)?;
    if at == 0 {
        return Some(Decimal::ZERO);
    }
    let (a, b) = (curve[at - 1], curve[at]);
    Some(a.share + (target - a.performance) * (b.share - a.share) / (b.performance - a.performance))
}

/// The month at a threshold: two strategies of a scenario, one sending every
/// question to the strong model, one to the weak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priced {
    pub scenario: String,
    pub strong: String,
    pub weak: String,
    /// Each strategy's month, as `simulate` prices it.
    pub strong_month: Decimal,
    pub weak_month: Decimal,
    pub currency: String,
}

impl Priced {
    /// The month with `share` of questions on the strong model.
    pub fn at(&self, share: Decimal) -> Decimal {
        month_at(share, self.strong_month, self.weak_month)
    }
}

/// A calibration with the threshold chosen and, when a scenario prices it, its month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThresholdReport {
    pub file: String,
    pub calibration: Calibration,
    pub target: Option<Target>,
    pub chosen: Option<Cut>,
    pub priced: Option<Priced>,
    /// The month at the chosen threshold.
    pub chosen_month: Option<Decimal>,
    /// The month at CPT(50%).
    pub cpt50_month: Option<Decimal>,
}

impl ThresholdReport {
    pub fn new(
        file: String,
        calibration: Calibration,
        target: Option<Target>,
        priced: Option<Priced>,
    ) -> Result<Self, Unreachable> {
        let chosen = target.map(|t| calibration.choose(t)).transpose()?;
        let month = |share: Option<Decimal>| priced.as_ref().zip(share).map(|(p, s)| p.at(s));
        Ok(Self {
            chosen_month: month(chosen.map(|c| c.share)),
            cpt50_month: month(calibration.cpt50),
            file,
            calibration,
            target,
            chosen,
            priced,
        })
    }
}

/// `share` of a month priced at `strong`, the rest at `weak`: the router's
/// month when every question is priced as one of the two strategies prices it.
pub fn month_at(share: Decimal, strong: Decimal, weak: Decimal) -> Decimal {
    crate::money::carry(share * strong + (Decimal::ONE - share) * weak)
}

/// Reads labelled questions: a CSV whose header names `score`, `strong` and
/// `weak`; results are numbers, or `true`/`false` (1 and 0).
pub fn read_labelled(path: &Path) -> Result<Vec<Labelled>, InputError> {
    let names = ["score", "strong", "weak"];
    let sample = Sample::read(path, "labelled router scores (CSV)", &names, "score,strong,weak")?;
    let mut out = Vec::new();
    for &(row, line, ref record) in &sample.rows {
        let mut values = [Decimal::ZERO; 3];
        for (value, (&col, name)) in values.iter_mut().zip(sample.columns.iter().zip(names)) {
            let cell = record.get(col).unwrap_or_default();
            *value = match cell {
                "true" | "True" | "TRUE" => Decimal::ONE,
                "false" | "False" | "FALSE" => Decimal::ZERO,
                _ => crate::input::parse_decimal(cell)
                    .map_err(|e| sample.error(line, Some(name), format!("row {row}: `{cell}` is not a number: {e}")))?,
            };
        }
        out.push(Labelled {
            score: values[0],
            strong: values[1],
            weak: values[2],
        });
    }
    if out.is_empty() {
        return Err(InputError::file(
            &sample.file,
            "no question: the file has a header and no row",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn q(score: Decimal, strong: Decimal, weak: Decimal) -> Labelled {
        Labelled { score, strong, weak }
    }

    #[test]
    fn a_perfect_router_and_ties() {
        // Two questions the strong model wins by 1 each, scored highest; two it
        // does not help, tied at the lowest score. W = 0.5, S = 1.
        let c = Calibration::new(&[
            q(dec!(0.9), dec!(1), dec!(0)),
            q(dec!(0.8), dec!(1), dec!(0)),
            q(dec!(0.1), dec!(1), dec!(1)),
            q(dec!(0.1), dec!(1), dec!(1)),
        ]);
        let points: Vec<(Decimal, Decimal)> = c.curve.iter().map(|p| (p.share, p.performance)).collect();
        assert_eq!(
            points,
            vec![
                (dec!(0), dec!(0.5)),
                (dec!(0.25), dec!(0.75)),
                (dec!(0.5), dec!(1)),
                (dec!(1), dec!(1))
            ]
        );
        // Half the gap (0.75) at 25%; area 0.25 × 0.625 + 0.25 × 0.875 + 0.5 × 1 = 0.875.
        assert_eq!(c.cpt50, Some(dec!(0.25)));
        assert_eq!(c.apgr, Some(dec!(0.75)));
    }
}
