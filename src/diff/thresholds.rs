//! The limits a CI run fails on: the monthly estimate rising by more than a
//! percentage, the new estimate above an amount, a quality score dropping by more
//! than some percentage points. Each is checked against the total (quality: each
//! scenario), and crossing any makes `diff` exit with code 3 after its report.

use super::DiffReport;
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
                    format!("the monthly estimate changes by {}", money::percent_change(p)),
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

/// The largest drop, in percentage points, of a scenario's quality score.
fn quality(report: &DiffReport, limit: Decimal) -> Check {
    let drops = report.scenarios.iter().filter_map(|s| {
        let (past, new) = (s.past_quality?, s.quality?);
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
                money::percent_of(s.past_quality.unwrap_or_default()),
                money::percent_of(s.quality.unwrap_or_default()),
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
