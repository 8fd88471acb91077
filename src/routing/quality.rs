//! Quality scores from the scenario's own evaluation: per model and tier, the
//! share of answers that are good enough, in [0, 1]. The tool ships none as fact.

use rust_decimal::Decimal;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quality {
    /// Model as the scenario names it → tier → score.
    pub scores: BTreeMap<String, BTreeMap<String, Decimal>>,
}
