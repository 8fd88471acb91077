//! Real usage: logged calls and provider usage buckets, read from the
//! sources people already keep (a gateway's database, provider usage
//! exports, any table), each turned into [`Usage`] records that the rest of
//! llmcost prices with the same tariff as a simulated request.
//!
//! Each source has a reader of its own in this folder; docs/usage-sources.md
//! lists every field each reader takes and the published schema it follows.

mod price;
mod record;

pub use price::{Cause, Pricer, Reconciled, TokenSums, TooLarge, Totals, Unknown, UsagePrice};
pub use record::{Origin, Usage, UsageTokens};
