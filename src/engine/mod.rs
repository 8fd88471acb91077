//! The pricing engine: the pure cost of one request (`request`), a strategy's
//! month (`strategy`), a whole scenario's comparison (`simulate`), and the
//! report types every exporter reads (`report`).

mod report;
mod request;
mod serve;
mod simulate;
mod strategy;

pub use report::{
    CatalogInfo, Components, Delta, Extras, Role, ScenarioInfo, Served, SimulationReport, StrategyReport, TierReport,
};
pub use request::{Adjustment, Bill, BillLine, Part, RequestTokens, Shaped, price, shape};
pub use simulate::{simulate, vs_baseline};
pub use strategy::price_strategy;
