//! The result of a sweep as every exporter and chart reads it.

use super::breakeven::Breakeven;
use crate::engine::{CatalogInfo, Delta, ScenarioInfo};
use rust_decimal::Decimal;
use serde::Serialize;

/// One swept parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    pub path: String,
    pub unit: String,
    pub values: Vec<Decimal>,
    /// Given as a geometric range (charts use a logarithmic axis).
    pub geometric: bool,
}

/// One strategy at one grid point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The grid point, from 1.
    pub point: usize,
    /// The point's value of each parameter, in the order of `parameters`.
    pub values: Vec<Decimal>,
    pub strategy: String,
    pub total: Decimal,
    pub per_interaction: Decimal,
    pub vs_baseline: Option<Delta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub scenario: ScenarioInfo,
    pub catalog: CatalogInfo,
    pub baseline: String,
    pub parameters: Vec<Parameter>,
    pub rows: Vec<Row>,
    pub breakeven: Option<Breakeven>,
    pub warnings: Vec<String>,
}
