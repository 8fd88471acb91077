//! Sweeps: every strategy priced at every point of a grid of assumptions.
//!
//! - `path`: the dotted paths a `--set` names and what setting one does;
//! - `values`: the values a list, a range or a geometric range gives a path
//!   (the command line reads a `--set`'s text into an [`Assignment`]);
//! - `breakeven`: where one strategy becomes cheaper than another;
//! - `report`: what the exporters and charts read.
//!
//! A grid point is the validated scenario and catalog with the point's values
//! set, priced by `engine::simulate`, so a sweep's figure is exactly what
//! `simulate` gives for the correspondingly edited files.

mod breakeven;
mod path;
mod report;
mod values;

pub use breakeven::{Breakeven, Crossing};
pub use path::{Param, valid_paths};
pub use report::{Parameter, Row, SweepReport};
pub use values::{Assignment, Spread, Values};

use crate::engine::{SimulationReport, simulate};
use crate::notes::Notes;
use crate::pricing::Catalog;
use crate::scenario::Scenario;
use anyhow::Context;
use path::Target;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A sweep that cannot run as asked: an unknown path, values that do not
/// fit it, a grid too large, a break-even it cannot look for. The command
/// line reports it as a usage error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SweepError(pub String);

/// Grid points a sweep may have without `--force`.
pub const GRID_LIMIT: usize = 1_000;
/// Grid points no sweep may exceed.
pub const HARD_LIMIT: usize = 1_000_000;
/// `--set` options one sweep may give.
pub const MAX_PARAMETERS: usize = 4;

/// One `--set`: a parameter and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub param: Param,
    pub values: Values,
}

/// A grid over a scenario and a catalog.
pub struct Sweep<'a> {
    scenario: &'a Scenario,
    catalog: &'a Catalog,
    pub sets: Vec<Set>,
}

impl<'a> Sweep<'a> {
    /// A grid of the parameters `sets` name; above `GRID_LIMIT` points it needs `force`.
    pub fn new(
        scenario: &'a Scenario,
        catalog: &'a Catalog,
        sets: &[Assignment],
        force: bool,
    ) -> Result<Self, SweepError> {
        if sets.is_empty() {
            return Err(SweepError("give at least one --set PATH=VALUES".into()));
        }
        if sets.len() > MAX_PARAMETERS {
            return Err(SweepError(format!(
                "a sweep varies at most {MAX_PARAMETERS} parameters"
            )));
        }
        let mut parsed: Vec<Set> = Vec::with_capacity(sets.len());
        for assignment in sets {
            let param = path::parse(&assignment.path, scenario, catalog)?;
            if parsed.iter().any(|s| s.param.target == param.target) {
                return Err(SweepError(format!("--set {} is given twice", assignment.path)));
            }
            let values = values::values(&param, assignment)?;
            parsed.push(Set { param, values });
        }
        let points = parsed
            .iter()
            .try_fold(1usize, |n, s| n.checked_mul(s.values.values.len()))
            .filter(|n| *n <= HARD_LIMIT)
            .ok_or_else(|| SweepError(format!("the grid has more than {HARD_LIMIT} points")))?;
        if points > GRID_LIMIT && !force {
            return Err(SweepError(format!(
                "the grid has {points} points, above the limit of {GRID_LIMIT}; pass --force to run it"
            )));
        }
        let sweep = Self {
            scenario,
            catalog,
            sets: parsed,
        };
        // Refuse a parameter of the wrong form (say `batch.share` where batch is per tier) before running.
        let first: Vec<Decimal> = sweep.sets.iter().map(|s| s.values.values[0]).collect();
        sweep.edited(&first)?;
        Ok(sweep)
    }

    /// The number of grid points.
    pub fn points(&self) -> usize {
        self.sets.iter().map(|s| s.values.values.len()).product()
    }

    /// The values of grid point `index` (the first `--set` varies slowest).
    pub fn point(&self, mut index: usize) -> Vec<Decimal> {
        let mut values = vec![Decimal::ZERO; self.sets.len()];
        for (slot, set) in values.iter_mut().zip(&self.sets).rev() {
            let n = set.values.values.len();
            *slot = set.values.values[index % n];
            index /= n;
        }
        values
    }

    /// `PATH=VALUE, ...` of a point, for messages.
    fn describe(&self, values: &[Decimal]) -> String {
        self.sets
            .iter()
            .zip(values)
            .map(|(s, v)| format!("{}={v}", s.param.path))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The scenario and catalog with one value set per parameter.
    fn edited(&self, values: &[Decimal]) -> Result<(Scenario, Catalog), SweepError> {
        let mut scenario = self.scenario.clone();
        let mut catalog = self.catalog.clone();
        let at = |e: String| SweepError(format!("at {}: {e}", self.describe(values)));
        let shares: Vec<(usize, Decimal)> = self
            .sets
            .iter()
            .zip(values)
            .filter_map(|(s, v)| match s.param.target {
                Target::Share(i) => Some((i, *v)),
                _ => None,
            })
            .collect();
        for (set, v) in self.sets.iter().zip(values) {
            if !matches!(set.param.target, Target::Share(_)) {
                path::apply(&set.param, *v, &mut scenario, &mut catalog).map_err(at)?;
            }
        }
        if !shares.is_empty() {
            path::set_shares(&mut scenario, &shares).map_err(at)?;
        }
        Ok((scenario, catalog))
    }

    /// Every strategy priced at one point.
    pub fn price(&self, values: &[Decimal]) -> anyhow::Result<SimulationReport> {
        let (scenario, catalog) = self.edited(values)?;
        simulate(&scenario, &catalog).with_context(|| format!("at {}", self.describe(values)))
    }

    /// The report without its rows, break-even and warnings: the scenario,
    /// the catalog, the baseline and the parameters, as the base files price them.
    pub fn frame(&self) -> anyhow::Result<SweepReport> {
        let base = simulate(self.scenario, self.catalog)?;
        Ok(SweepReport {
            scenario: base.scenario,
            catalog: base.catalog,
            baseline: base.baseline,
            parameters: self
                .sets
                .iter()
                .map(|s| Parameter {
                    path: s.param.path.clone(),
                    unit: s.param.unit(&self.catalog.currency),
                    values: s.values.values.clone(),
                    geometric: s.values.geometric,
                })
                .collect(),
            rows: Vec::new(),
            breakeven: None,
            warnings: Vec::new(),
        })
    }

    /// Prices every point in order, handing each strategy's row to `each` as
    /// it is priced (nothing is kept); with `breakeven`, where its first
    /// strategy becomes cheaper than its second (one-parameter sweeps only,
    /// checked before any point is priced). Returns the break-even and the
    /// warnings met.
    pub fn run(
        &self,
        breakeven: Option<(&str, &str)>,
        mut each: impl FnMut(&Row) -> anyhow::Result<()>,
    ) -> anyhow::Result<(Option<Breakeven>, Vec<String>)> {
        let pair = breakeven
            .map(|(a, b)| self.pair(a, b).map(|set| (set, a, b)))
            .transpose()?;
        // A's and B's costs at each value of a one-parameter sweep, for the break-even.
        let mut known = BTreeMap::new();
        let mut notes = Notes::default();
        for index in 0..self.points() {
            let values = self.point(index);
            let priced = self.price(&values)?;
            priced.warnings.iter().for_each(|w| notes.add(w.clone()));
            if let Some((_, a, b)) = pair {
                known.insert(values[0], costs(&priced, a, b));
            }
            for s in &priced.strategies {
                each(&Row {
                    point: index + 1,
                    values: values.clone(),
                    strategy: s.name.clone(),
                    total: s.total,
                    per_interaction: s.per_interaction,
                    vs_baseline: s.vs_baseline,
                })?;
            }
        }
        let breakeven = pair.map(|(set, a, b)| self.breakeven(set, a, b, &known)).transpose()?;
        Ok((breakeven, notes.iter().cloned().collect()))
    }

    /// The one parameter of a break-even of `a` and `b`, once it has two
    /// different values and both name strategies.
    fn pair(&self, a: &str, b: &str) -> Result<&Set, SweepError> {
        let [set] = self.sets.as_slice() else {
            return Err(SweepError("--breakeven needs a sweep of exactly one --set".into()));
        };
        if set.values.values.iter().all(|v| *v == set.values.values[0]) {
            return Err(SweepError("--breakeven needs at least two different values".into()));
        }
        for name in [a, b] {
            if self.scenario.strategy_index(name).is_none() {
                let names: Vec<&str> = self.scenario.strategies.iter().map(|s| s.name.as_str()).collect();
                return Err(SweepError(format!(
                    "--breakeven: `{name}` names no strategy; the strategies are: {}",
                    names.join(", ")
                )));
            }
        }
        Ok(set)
    }

    /// Where `a` becomes cheaper than `b`: the costs `known` at the sweep's
    /// values are reused, other values (the middle of the range, bisection
    /// steps) are priced.
    fn breakeven(
        &self,
        set: &Set,
        a: &str,
        b: &str,
        known: &BTreeMap<Decimal, (Decimal, Decimal)>,
    ) -> anyhow::Result<Breakeven> {
        let cost = |x: Decimal| -> anyhow::Result<(Decimal, Decimal)> {
            match known.get(&x) {
                Some(costs) => Ok(*costs),
                None => Ok(costs(&self.price(&[x])?, a, b)),
            }
        };
        breakeven::solve(a, b, &set.param, &set.values.values, cost)
    }
}

/// The totals of strategies `a` and `b` at one point.
fn costs(priced: &SimulationReport, a: &str, b: &str) -> (Decimal, Decimal) {
    let total = |n: &str| priced.strategy(n).map_or(Decimal::ZERO, |s| s.total);
    (total(a), total(b))
}
