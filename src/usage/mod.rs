//! Real usage: logged calls and provider usage buckets, read from the
//! sources people already keep (a gateway's database, provider usage
//! exports, any table), each turned into [`Usage`] records that the rest of
//! llmcost prices with the same tariff as a simulated request; and the costs
//! providers recorded ([`CostLine`]), to reconcile with.
//!
//! Each source has a reader of its own in this folder; docs/usage-sources.md
//! lists every field each reader takes and the published schema it follows.
//! Provider exports (OpenAI, Anthropic, Bedrock) are told apart by their
//! shape in `detect.rs`. `sql.rs` writes the statement that prices a usage
//! table inside a database instead (`usage price --sql`); `calibrate.rs`
//! measures a scenario from the calls (`llmcost calibrate`);
//! `forecast.rs` projects a month from its calls so far (`llmcost forecast`).

mod anthropic;
mod bedrock;
mod bedrock_folder;
mod buckets;
pub mod calibrate;
mod cost;
mod detect;
pub mod forecast;
pub mod langfuse;
pub mod litellm;
mod logs;
mod models;
mod openai;
mod price;
mod reconcile;
mod record;
mod repeats;
mod sql;
mod sums;
pub mod table;
mod tally;
mod tiers;
mod window;

pub use cost::{CostLine, one_currency};
pub(crate) use detect::open_usage;
pub use detect::{Source, costs_of, read_costs, read_usage, usage_of};
pub use logs::{logs_name, price_logs, read_logs};
pub use models::Names;
pub use price::{PriceError, Pricer, TokenSums, TooLarge, Totals, Unknown, UsagePrice};
pub use reconcile::{Cause, Reconciled};
pub use record::{Origin, Usage, UsageTokens};
pub use repeats::{Duplicate, Repeated};
pub(crate) use repeats::{Ids, Repeats};
pub use sql::{Dialect, Table, statement};
pub use tally::Tally;
pub use tiers::Tiering;
pub use window::Window;
