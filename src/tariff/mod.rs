//! The tariff: what one call costs. Every billing rule lives here, once.
//!
//! - `rates.rs`: the rates a model charges in each billing class (standard /
//!   batch / priority / flex, below / above its long-context threshold, cache writes by how long
//!   they live), with every default rate and the note it leaves
//!   (docs/default-rates.md).
//! - `call.rs`: the kinds of call a strategy makes (answer, failed attempt,
//!   classifier, judge and what it reads) and the rate each pays for each part
//!   of its tokens.
//! - `cache_minimum.rs`: the shortest prefix a model caches (the catalog's
//!   figure, else its provider's documented minimum).
//! - `service.rs`: a strategy's service tiers (priority, flex) and region:
//!   the weight of each billing class and the region's multiplier.
//! - `cache_prefix.rs`: what a request's stable prefix puts in the cache on
//!   a model, and the history a session loses when it switches models.
//! - `bill.rs`: an expected call's bill, line by line.
//! - `logged.rs`: a logged call's bill, from the whole tokens it recorded;
//!   `linear.rs`: the same bill as integer multiply-adds within a billing
//!   class, where that is exact (big logs).
//! - `capacity.rs`: capacity rented by the hour (a self-hosted deployment):
//!   replicas sized against the peak, the month's rent, the utilisation it
//!   reaches (docs/capacity.md).
//! - `committed_spend.rs`: a percentage off the pay-as-you-go bill for a
//!   committed monthly amount, and the true-up when usage falls short.
//! - `provisioned.rs`: provider throughput reserved by the hour (Azure PTU,
//!   Bedrock provisioned throughput), the peak's overflow to pay-as-you-go.
//!
//! The expected-value engine bills every call through [`bill()`]; Monte Carlo
//! multiplies the tokens it counts by the same [`CallRates`]; logged usage is
//! billed by [`bill_paid`].

mod bill;
mod cache_minimum;
mod cache_prefix;
mod cache_storage;
mod call;
mod capacity;
mod committed_spend;
mod linear;
mod logged;
mod provisioned;
mod rates;
mod service;

pub use bill::{Bill, BillLine, RequestTokens, bill};
pub use cache_minimum::{CacheMinimum, MAX_BREAKPOINTS, Rule, cache_minimum};
pub use cache_prefix::{Cached, cached_prefix, history_lost};
pub use cache_storage::{StorageBill, StoredCache};
pub use call::{CallRates, Kind, Part, judge_input};
pub use capacity::{CapacityBill, Demand, Deployment};
pub use committed_spend::{CommittedSpend, SpendBill};
pub use linear::LinearRates;
pub use logged::{Judged, Paid, PaidBill, PaidLine, bill_paid, judge};
pub use provisioned::{CommitmentBill, Provisioned};
pub use rates::{Mode, Prices, Ttl};
pub use service::Service;
