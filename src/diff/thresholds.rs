//! The limits a CI run fails on: the monthly estimate rising by more than a
//! percentage, the new estimate above an amount, a quality score dropping by more
//! than some percentage points. Each is checked against the total (quality: each
//! scenario), and crossing any makes `diff` exit with code 3 after its report.

use super::DiffReport;
use crate::figures;
use crate::money;
use rust_decimal::Decimal;
use serde::Serialize;

/// The limits given on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    /// `--fail-on-increase`: percent.
    pub increase: Option<Decimal>,
    /// `--fail-above`: an amount of money a month.
    pub above: Option<Decimal>,
    /// `--fail-on-quality-drop`: percentage points.
    pub quality_drop: Option<Decimal>,
}

/// Which limit a check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Limit {
    #[serde(rename = "--fail-on-increase")]
    Increase,
    #[serde(rename = "--fail-above")]
    Above,
    #[serde(rename = "--fail-on-quality-drop")]
    QualityDrop,
}

impl Limit {
    /// The command-line flag that sets it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::Increase => "--fail-on-increase",
            Limit::Above => "--fail-above",
            Limit::QualityDrop => "--fail-on-quality-drop",
        }
    }
}

/// One limit checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub flag: Limit,
    /// Percent, an amount of money, or percentage points, as `flag` says.
    pub limit: Decimal,
    /// The figure compared with the limit; `None` when there is none to compare.
    pub value: Option<Decimal>,
    pub crossed: bool,
    /// What was found, for people.
    pub outcome: String,
}

impl Thresholds {
    /// Checks every limit given against `report`.
    pub fn check(&self, report: &DiffReport) -> Vec<Check> {
        let mut checks = Vec::new();
        let money = |amount: Decimal| money::display(amount, &report.currency);
        let total = &report.total;
        if let Some(limit) = self.increase {
            let past = total.past.unwrap_or_default();
            let new = total.new.unwrap_or_default();
            let (value, crossed, outcome) = match total.percent {
                Some(p) => (
                    Some(p),
                    p > limit,
                    format!("the monthly estimate changes by {}", figures::percent_change(p)),
                ),
                None if new > past => (
                    None,
                    true,
                    format!("the monthly estimate rises from nothing to {}", money(new)),
                ),
                None => (None, false, "the monthly estimate stays at nothing".to_string()),
            };
            checks.push(Check {
                flag: Limit::Increase,
                limit,
                value,
                crossed,
                outcome: format!("{outcome} (limit: a rise of {}%)", limit.normalize()),
            });
        }
        if let Some(limit) = self.above {
            let new = total.new.unwrap_or_default();
            let crossed = new > limit;
            checks.push(Check {
                flag: Limit::Above,
                limit,
                value: Some(new),
                crossed,
                outcome: format!(
                    "the new monthly estimate {} is {} {}",
                    money(new),
                    if crossed { "above" } else { "within" },
                    money(limit)
                ),
            });
        }
        if let Some(limit) = self.quality_drop {
            checks.push(quality(report, limit));
        }
        checks
    }
}

/// The largest drop, in percentage points, of a scenario's quality score. A
/// score the base has and the head lost (a model or tier without a score) is
/// a breach: the policy cannot be shown to hold.
fn quality(report: &DiffReport, limit: Decimal) -> Check {
    if let Some(s) = report
        .scenarios
        .iter()
        .find(|s| s.estimate.past_quality.is_some() && s.estimate.quality.is_none())
    {
        return Check {
            flag: Limit::QualityDrop,
            limit,
            value: None,
            crossed: true,
            outcome: format!(
                "quality of {} ({}) was {} and cannot be scored on the head side: it uses a model or tier \
                 the scenario gives no quality score (limit: a drop of {})",
                s.name,
                s.head.strategy,
                figures::percent_of(s.estimate.past_quality.unwrap_or_default()),
                points(limit)
            ),
        };
    }
    let drops = report.scenarios.iter().filter_map(|s| {
        let (past, new) = (s.estimate.past_quality?, s.estimate.quality?);
        Some(((past - new) * Decimal::ONE_HUNDRED, s))
    });
    let worst = drops.max_by(|a, b| a.0.cmp(&b.0));
    let (value, crossed, outcome) = match worst {
        None => (
            None,
            false,
            "no quality scores in the scenarios: nothing to check".to_string(),
        ),
        Some((drop, s)) => (
            Some(drop.normalize()),
            drop > limit,
            format!(
                "quality of {} ({}) goes from {} to {}, a drop of {}",
                s.name,
                s.head.strategy,
                figures::percent_of(s.estimate.past_quality.unwrap_or_default()),
                figures::percent_of(s.estimate.quality.unwrap_or_default()),
                points(drop)
            ),
        ),
    };
    Check {
        flag: Limit::QualityDrop,
        limit,
        value,
        crossed,
        outcome: format!("{outcome} (limit: a drop of {})", points(limit)),
    }
}

/// "1 percentage point", "2.5 percentage points".
pub fn points(value: Decimal) -> String {
    let v = value.normalize();
    format!("{v} percentage point{}", if v == Decimal::ONE { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Figures, MonthlyCost, ScenarioDiff, SideInfo};
    use crate::engine::CatalogInfo;
    use rust_decimal_macros::dec;

    fn side() -> SideInfo {
        SideInfo {
            scenario: "s.yaml".into(),
            strategy: "routed".into(),
            catalog: CatalogInfo {
                name: "c".into(),
                as_of: "2026-01-01".into(),
                currency: "USD".into(),
                source: "test".into(),
                file: "c.yaml".into(),
            },
        }
    }

    /// One scenario whose estimate goes from 100 to 110 and quality from `past` to `new`.
    fn report(past: Option<Decimal>, new: Option<Decimal>) -> DiffReport {
        let cost = MonthlyCost::new(Some(dec!(100)), Some(dec!(110)));
        DiffReport {
            currency: "USD".into(),
            total: cost,
            scenarios: vec![ScenarioDiff {
                name: "support".into(),
                base: side(),
                head: side(),
                estimate: Figures {
                    cost,
                    past_quality: past,
                    quality: new,
                },
                strategies: Vec::new(),
            }],
            model_changes: Vec::new(),
            thresholds: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn quality_limit(points: Decimal) -> Thresholds {
        Thresholds {
            quality_drop: Some(points),
            ..Thresholds::default()
        }
    }

    #[test]
    fn a_quality_drop_beyond_the_limit_crosses_it() {
        // 0.92 → 0.87: a drop of (0.92 - 0.87) × 100 = 5 percentage points.
        let r = report(Some(dec!(0.92)), Some(dec!(0.87)));
        let over = &quality_limit(dec!(4)).check(&r)[0];
        assert_eq!((over.value, over.crossed), (Some(dec!(5)), true));
        assert_eq!(
            over.outcome,
            "quality of support (routed) goes from 92% to 87%, a drop of 5 percentage points \
             (limit: a drop of 4 percentage points)"
        );
        let within = &quality_limit(dec!(5)).check(&r)[0];
        assert!(!within.crossed, "a drop of exactly the limit passes");
    }

    #[test]
    fn without_quality_scores_nothing_is_checked() {
        let check = &quality_limit(dec!(1)).check(&report(None, None))[0];
        assert_eq!((check.value, check.crossed), (None, false));
        assert!(check.outcome.starts_with("no quality scores in the scenarios"));
    }

    #[test]
    fn increase_and_amount_limits() {
        // 100 → 110: +10%, new estimate 110.
        let r = report(None, None);
        let checks = Thresholds {
            increase: Some(dec!(9.5)),
            above: Some(dec!(110)),
            quality_drop: None,
        }
        .check(&r);
        assert_eq!((checks[0].value, checks[0].crossed), (Some(dec!(10)), true));
        assert_eq!((checks[1].value, checks[1].crossed), (Some(dec!(110)), false));
        assert_eq!(checks[1].outcome, "the new monthly estimate $110.00 is within $110.00");
    }
}
