//! Price catalogs: their types, loading and validation, price periods and
//! the one choice of a day's rates (`history`), model lookup with
//! "did you mean", the prices a model lists, writing a catalog back as YAML,
//! importing LiteLLM's list and genai-prices' data, self-hosted deployments
//! (`self_hosted`) and provisioned-throughput offers (`provisioned`).
//! What a call costs at those prices is the tariff's (`crate::tariff`).

mod catalog;
mod compare;
pub mod genai_prices;
mod history;
mod listed;
pub mod litellm;
mod load;
mod lookup;
mod plausibility;
mod provisioned;
mod raw;
mod select;
mod self_hosted;
mod substitute;
mod write;

pub use catalog::{Catalog, ClassRates, History, LongContext, Model, PricePeriod, RateCard, ServiceTiers};
pub use compare::{Disagreement, SourceComparison, compare};
pub use history::merge;
pub use listed::{ListedRate, Unit};
pub(crate) use load::{MAX_PRICE, region_multiplier_in_range};
pub use lookup::UnknownModel;
pub use plausibility::{Implausible, check as implausible};
pub use select::{Selection, glob};
pub use self_hosted::PROVIDER as SELF_HOSTED;
pub use write::{Header, to_yaml};
