//! `optimize`: the cheapest way to serve a scenario's workload at a quality
//! floor, or the best quality within a budget (docs/optimize.md).
//!
//! The search covers, for every technique setting allowed (each subset of the
//! scenario's techniques), every routing the scenario can express: tiers
//! served directly (requests arrive labelled), each routed strategy's
//! classifier with its confusion matrix and its fallback, each single-model
//! strategy's fallback, and each cascade as written (its acceptance rates
//! belong to its models). Within a routing, every routed tier takes any
//! candidate model; cost and quality are sums over the routed tiers
//! (`price.rs`), so the frontier is exact (`frontier.rs`); where a switch of
//! model between a conversation's turns loses cached history, a tier's cost
//! depends on the tiers sharing its model, and the exact frontier is found
//! over groups of tiers sharing a model (`grouping.rs`) or, where a backup
//! loses history too, by branch and bound (`sharing.rs`). The frontiers of
//! all routings and settings are merged into one; the chosen plan is priced
//! again as a strategy, as `simulate` prices it (`plan.rs`), and can be
//! written into a scenario file (`write.rs`); with `--risk` every plan of the
//! frontier is sampled by Monte Carlo for its p95 month (`risk.rs`).

mod candidates;
mod frontier;
mod grouping;
mod plan;
mod price;
mod risk;
mod sharing;
mod write;

pub use candidates::{Candidates, OptimizeError};
pub use frontier::{Choice, Point, frontier, pareto};
pub use plan::{Chosen, Goal, Optimization, Plan, Request, Routing, named, optimize};
pub use risk::{Risk, risk};
pub use write::with_strategy;
