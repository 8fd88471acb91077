//! The pricing engine: what the techniques do to a request (`shape`), a strategy's
//! month (`strategy`), a whole scenario's comparison (`simulate`), a strategy's
//! technique ladder (`ladder`) and line-by-line bill (`explain`), logged calls
//! re-priced under each strategy (`replay`), a self-hosted deployment's rent
//! (`self_hosted`), a plan against actual split into
//! effects (`variance`), and the report
//! types every exporter reads (`report`).

mod charges;
mod explain;
mod ladder;
mod replay;
mod report;
mod self_hosted;
mod shape;
mod simulate;
mod strategy;
mod variance;

pub use charges::{Charge, Charges, Escalated};
pub use explain::{ExplainReport, ExplainedCall, ExplainedLine, ExplainedTier, explain};
pub use ladder::{LadderReport, LadderStep, ladder};
pub use replay::{ReplayError, ReplayReport, ReplayedStrategy, Replayer, TierCalls, TierCost};
pub use report::{
    CatalogInfo, Components, Delta, Extras, Role, ScenarioInfo, Served, SimulationReport, StrategyReport, TierReport,
};
pub(crate) use self_hosted::{committed_spend, deployment, provisioned};
pub use shape::{Adjustment, Shaped, shape};
pub use simulate::{delta, simulate};
pub use strategy::price_strategy;
pub use variance::{ActualCost, Step, TierVariance, VarianceError, VarianceReport, variance};
