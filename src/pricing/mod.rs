//! Price catalogs: their types, loading and validation, model lookup with
//! "did you mean", the prices a model lists, writing a catalog back as YAML,
//! importing LiteLLM's list, self-hosted deployments (`self_hosted`) and
//! provisioned-throughput offers (`provisioned`).
//! What a call costs at those prices is the tariff's (`crate::tariff`).

mod catalog;
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

pub use catalog::{BatchRates, Catalog, LongContext, Model, RateCard};
pub use listed::{ListedRate, Unit};
pub(crate) use load::MAX_PRICE;
pub use lookup::UnknownModel;
pub use plausibility::{Implausible, check as implausible};
pub use select::{Selection, glob};
pub use self_hosted::PROVIDER as SELF_HOSTED;
pub use write::{Header, to_yaml};
