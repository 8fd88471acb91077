//! Price catalogs: their types, loading and validation, model lookup with
//! "did you mean", and the rates a request pays in each billing mode.

mod catalog;
mod load;
mod lookup;
mod plausibility;
mod rates;
mod raw;

pub use catalog::{BatchRates, Catalog, LongContext, Model, RateCard};
pub(crate) use load::MAX_PRICE;
pub use lookup::UnknownModel;
pub use rates::{Mode, Prices, Ttl};
