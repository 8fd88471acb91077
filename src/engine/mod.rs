//! The pricing engine: the pure cost of one request (`request`), a strategy's
//! month (`strategy`), a whole scenario's comparison (`simulate`), a strategy's
//! technique ladder (`ladder`) and line-by-line bill (`explain`), and the report
//! types every exporter reads (`report`).

mod explain;
mod ladder;
mod report;
mod request;
mod serve;
mod simulate;
mod strategy;

pub use explain::{ExplainReport, ExplainedCall, ExplainedLine, ExplainedTier, explain};
pub use ladder::{LadderReport, LadderStep, ladder};
pub use report::{
    CatalogInfo, Components, Delta, Extras, Role, ScenarioInfo, Served, SimulationReport, StrategyReport, TierReport,
};
pub use request::{Adjustment, Bill, BillLine, Part, RequestTokens, Shaped, price, shape};
pub use simulate::{delta, simulate};
pub use strategy::price_strategy;
